"""Indstillinger as Word documents, read back with python-docx and LibreOffice."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn

from dagsorden.byg.enkelt import build_indstillinger
from dagsorden.dokumenter.render import Skabelon
from dagsorden.errors import CaseError, OutputError, TemplateError
from dagsorden.kerne.scoring import Config

ROOT = Path(__file__).resolve().parents[1]
CASES = ROOT / "cases"


def build(*cases: Path, ud: Path, skabelon: Skabelon | None = None) -> list[Path]:
    return build_indstillinger(list(cases), ud, Config(), skabelon)


def texts(document) -> list[str]:
    """The paragraphs' texts, an at-punkt with the number its Word list gives it."""
    counters: dict[str, int] = {}
    lines = []
    for p in document.paragraphs:
        num_id = p._p.xpath("./w:pPr/w:numPr/w:numId/@w:val")
        if p.style.name == "At-punkt" and num_id:
            counters[num_id[0]] = counters.get(num_id[0], 0) + 1
            lines.append(f"{counters[num_id[0]]}. {p.text}")
        else:
            lines.append(p.text)
    return lines


def headings(document, level: int) -> list[str]:
    return [p.text for p in document.paragraphs if p.style.name == f"Heading {level}"]


@pytest.fixture(scope="module")
def examples(tmp_path_factory) -> dict[str, Path]:
    """The three bundled cases, built once for the whole module."""
    ud = tmp_path_factory.mktemp("ud")
    paths = build(CASES / "pejlemaerker-2013", CASES / "forebyggelse", CASES / "bif-sof", ud=ud)
    return {p.stem.split("-", 1)[1]: p for p in paths}


def test_output_names_follow_punkt_and_folder(examples):
    assert sorted(p.name for p in examples.values()) == [
        "1-pejlemaerker-2013.docx",
        "12-bif-sof.docx",
        "3-forebyggelse.docx",
    ]


def test_sections_in_order(examples):
    document = Document(examples["pejlemaerker-2013"])
    assert headings(document, 1) == ["1. Status på de politiske pejlemærker 2010-2013"]
    assert headings(document, 2) == [
        "Indstilling og beslutning",
        "Problemstilling",
        "Løsning",
        "Økonomi",
        "Videre proces",
        "Bilag",
    ]  # no decision yet: no empty Beslutning heading (issue 13)
    assert headings(document, 3) == ["Erfaringer", "Status"]


def test_meeting_header_and_numbered_at_punkter(examples):
    lines = texts(Document(examples["pejlemaerker-2013"]))
    assert lines[:2] == ["Mødedato: 04.12.2013, kl. 16:00", "Mødested: Rådhuset, stuen, værelse 8"]
    start = lines.index("Socialforvaltningen indstiller over for Socialudvalget,")
    assert lines[start + 1].startswith("1. at Socialudvalget godkender udvalgets pejlemærke")
    assert lines[start + 2] == (
        "2. at Socialudvalget tager status for pejlemærkerne til efterretning (bilag 2)"
    )
    assert "Anette Laigaard / Sven Bjerre" in lines


def test_at_punkter_are_one_real_word_list_with_a_hanging_indent(examples):
    document = Document(examples["forebyggelse"])
    items = [p for p in document.paragraphs if p.style.name == "At-punkt"]
    # The indstilling's at-punkt and the anbefaling's continue one list: 1., 2.
    assert [p.text[:3] for p in items] == ["at ", "at "]
    (num_id,) = {p._p.pPr.numPr.numId.val for p in items}
    numbering = document.part.numbering_part.element
    (num,) = [n for n in numbering.num_lst if n.numId == num_id]
    abstract_id = num.abstractNumId.val
    (abstract,) = [
        a
        for a in numbering.findall(qn("w:abstractNum"))
        if a.get(qn("w:abstractNumId")) == str(abstract_id)
    ]
    level = abstract.find(qn("w:lvl"))
    assert level.find(qn("w:numFmt")).get(qn("w:val")) == "decimal"
    assert level.find(qn("w:lvlText")).get(qn("w:val")) == "%1."
    indent = level.find(qn("w:pPr")).find(qn("w:ind"))
    assert int(indent.get(qn("w:hanging"))) == int(indent.get(qn("w:left"))) > 0


def test_the_signature_stands_apart_from_the_bilag_list(examples):
    document = Document(examples["bif-sof"])
    signature = next(p for p in document.paragraphs if p.text == "Anette Laigaard / Morten Binder")
    assert signature.paragraph_format.space_before.pt >= 18


def test_no_budget_says_so(examples):
    lines = texts(Document(examples["bif-sof"]))
    economy = lines.index("Økonomi")
    assert lines[economy + 1] == "Indstillingen har ingen økonomiske konsekvenser."


def test_joint_paper(examples):
    document = Document(examples["bif-sof"])
    lines = texts(document)
    assert headings(document, 1) == [
        "12. Evaluering af strategi og handleplan for de fælles borgere i BIF og SOF (2010-113567)"
    ]
    assert (
        "Beskæftigelses- og Integrationsforvaltningen og Socialforvaltningen indstiller over "
        "for Beskæftigelses- og Integrationsudvalget og Socialudvalget," in lines
    )
    assert [line for line in lines if line.startswith("Bilag ")] == [
        "Bilag 1. Evaluering af BIF-SOF strategi og handleplan",
        "Bilag 2. Status på målene i BIF-SOF strategien",
        "Bilag 3. Eksempler på det gode samarbejde",
    ]
    assert sum(line[:3] in ("1. ", "2. ", "3. ") for line in lines) == 3
    footer = document.sections[0].footer.paragraphs[0].text
    assert footer.startswith("Sagsnr. 2010-113567 · Side ")


def test_body_lists_are_real_word_lists(examples):
    document = Document(examples["forebyggelse"])
    numbered = [p for p in document.paragraphs if p.style.name == "List Number"]
    assert [p.text for p in numbered] == [
        "en social profil af kommunen",
        "selve forebyggelsesstrategien",
        "implementering og opfølgning",
    ]
    bullets = Document(examples["bif-sof"]).paragraphs
    assert [p.text for p in bullets if p.style.name == "List Bullet"] == [
        "Koordineret samarbejde mellem BIF og SOF",
        "Længerevarende beskæftigelsesrettede tilbud",
        "Indsats for kvinder med anden etnisk baggrund",
    ]


def test_bold_in_the_body(examples):
    document = Document(examples["bif-sof"])
    paragraph = next(p for p in document.paragraphs if "foreslår i stedet" in p.text)
    assert [r.text for r in paragraph.runs if r.bold] == ["40 pct. i 2010", "50 pct. i 2011"]


def test_oekonomi_table_exactly_as_seed_003(examples):
    document = Document(examples["forebyggelse"])
    lines = texts(document)
    assert (
        "Tabel 1. Ændring af indtægts- og udgiftsbudget vedr. Forebyggelsesprojektet "
        "(2011 p/l)" in lines
    )
    (table,) = document.tables
    cells = [[c.text for c in row.cells] for row in table.rows]
    assert cells == [
        ["1.000 kr.", "2011", "2012", "I alt"],
        ["Indtægtsbudget", "-100", "-590", "-690"],
        ["Udgiftsbudget", "100", "590", "690"],
    ]
    figures = [row.cells[c].paragraphs[0] for row in table.rows for c in (1, 2, 3)]
    assert all(p.alignment == WD_ALIGN_PARAGRAPH.RIGHT for p in figures)


def test_amounts_in_prose_come_from_the_budget(examples):
    lines = texts(Document(examples["forebyggelse"]))
    assert (
        "Socialforvaltningen indstiller, at Socialudvalget anbefaler Økonomiudvalget og "
        "Borgerrepræsentationen at godkende," in lines
    )
    assert (
        "2. at Socialudvalgets indtægts- og udgiftsbudget hæves med 0,69 mio. kr. på "
        "bevillingsområde Tværgående opgaver og administration, funktion 6.45.51.1 fordelt "
        "på årene 2011-2012 som angivet i tabel 1 jf. økonomiafsnittet" in lines
    )
    assert any(
        line.startswith(
            "Socialudvalgets indtægts- og udgiftsbudget hæves med 0,69 mio. kr. "
            "(2011 p/l) i årene 2011-2012"
        )
        for line in lines
    )


def test_decisions_in_order(examples):
    lines = texts(Document(examples["forebyggelse"]))
    decided = lines[lines.index("Beslutning") + 1 :]
    assert decided == [
        "Oversigt over politisk behandling",
        "Socialudvalgets beslutning i mødet 21. september 2011",
        "Indstillingen blev godkendt og anbefalet.",
        "Økonomiudvalgets beslutning i mødet 1. november 2011",
        "Indstillingen blev godkendt uden afstemning.",
    ]


def test_danish_language_tag(examples):
    document = Document(examples["bif-sof"])
    defaults = document.styles.element.find(qn("w:docDefaults"))
    lang = defaults.find(f"{qn('w:rPrDefault')}/{qn('w:rPr')}/{qn('w:lang')}")
    assert lang.get(qn("w:val")) == "da-DK"


SPECIAL = "A & B < C > D \"citat\" 'enkelt' {{ x }} {% if y %}z{% endif %} <b>fed</b>"


def write_case(folder: Path, at_punkt: str = "at udvalget godkender det", body: str = "") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "sag.md").write_text(
        f"""---
udvalg: Socialudvalget
moededato: 04.12.2013 kl. 16:00
punkt: 4
titel: '{SPECIAL.replace("'", "''")}'
indstiller: Socialforvaltningen
indstilling:
  - '{at_punkt.replace("'", "''")}'
---

## Problemstilling

{body or SPECIAL}

## Løsning

Tekst.

## Videre proces

Tekst.
""",
        encoding="utf-8",
    )
    return folder


def test_special_characters_come_out_literally(tmp_path):
    case = write_case(tmp_path / "tegn", at_punkt=f"at {SPECIAL}")
    (path,) = build(case, ud=tmp_path / "ud")
    document = Document(path)
    lines = texts(document)
    assert headings(document, 1) == [f"4. {SPECIAL}"]
    assert f"1. at {SPECIAL}" in lines
    assert SPECIAL in lines


def test_hand_typed_amount_that_differs_names_the_at_punkt(tmp_path):
    case = tmp_path / "sag"
    shutil.copytree(CASES / "forebyggelse", case)
    text = (case / "sag.md").read_text(encoding="utf-8")
    (case / "sag.md").write_text(
        text.replace("hæves med {beløb}", "hæves med 0,8 mio. kr."), encoding="utf-8"
    )
    with pytest.raises(CaseError) as caught:
        build(case, ud=tmp_path / "ud")
    at_punkt, afsnit = caught.value.problems  # the anbefaling's at-punkt, then Økonomi
    assert str(at_punkt) == (
        f"{case / 'sag.md'}, linje 18: at-punkt 2: beløbet 0,8 mio. kr. passer ikke med "
        "noget beløb i Økonomi-tabellen (nærmest: 0,7 mio. kr. {beløb:Indtægtsbudget}; "
        "0,6 mio. kr. {beløb:Indtægtsbudget|2012}; 0,1 mio. kr. {beløb:Indtægtsbudget|2011}). "
        "Skriv pladsholderen i stedet, så beløbet hentes fra budget-arbejdsbogen. "
        "Er beløbet ikke fra tabellen (fx en statslig pulje), så skriv det under "
        "'andre_beloeb' i sagens front matter: andre_beloeb: ['0,8 mio. kr.']."
    )
    assert str(afsnit).startswith(
        f"{case / 'sag.md'}, linje {afsnit.line}: afsnittet Økonomi: beløbet 0,8 mio. kr. "
    )
    assert afsnit.line == text.splitlines().index("## Økonomi") + 1
    assert not (tmp_path / "ud" / "3-sag.docx").exists()


def test_a_typed_amount_at_its_own_precision_agrees(tmp_path):
    case = tmp_path / "sag"
    shutil.copytree(CASES / "forebyggelse", case)
    text = (case / "sag.md").read_text(encoding="utf-8")
    (case / "sag.md").write_text(
        text.replace("hæves med {beløb}", "hæves med 0,7 mio. kr."), encoding="utf-8"
    )
    (path,) = build(case, ud=tmp_path / "ud")
    assert any("hæves med 0,7 mio. kr." in line for line in texts(Document(path)))


def test_an_amount_listed_under_andre_beloeb_is_printed_as_typed(tmp_path):
    case = tmp_path / "sag"
    shutil.copytree(CASES / "forebyggelse", case)
    text = (case / "sag.md").read_text(encoding="utf-8")
    text = text.replace(
        "Børne- og Ungdomsforvaltningen finansierer",
        "Ministeriets pulje er på 20 mio. kr. Børne- og Ungdomsforvaltningen finansierer",
    )
    (case / "sag.md").write_text(text, encoding="utf-8")
    with pytest.raises(CaseError, match=r"beløbet 20 mio\. kr\. passer ikke"):
        build(case, ud=tmp_path / "ud")
    text = text.replace(
        "oekonomi: budget.xlsx", "oekonomi: budget.xlsx\nandre_beloeb: ['20 mio. kr.']"
    )
    (case / "sag.md").write_text(text, encoding="utf-8")
    (path,) = build(case, ud=tmp_path / "ud")
    assert any("Ministeriets pulje er på 20 mio. kr." in line for line in texts(Document(path)))


def test_andre_beloeb_must_hold_amounts(tmp_path):
    case = tmp_path / "sag"
    shutil.copytree(CASES / "forebyggelse", case)
    text = (case / "sag.md").read_text(encoding="utf-8")
    text = text.replace(
        "oekonomi: budget.xlsx", "oekonomi: budget.xlsx\nandre_beloeb: [tyve millioner]"
    )
    (case / "sag.md").write_text(text, encoding="utf-8")
    with pytest.raises(
        CaseError, match=r"'andre_beloeb' nr. 1 \('tyve millioner'\) er ikke ét beløb"
    ):
        build(case, ud=tmp_path / "ud")


def test_missing_template_variable_is_an_error_naming_it(tmp_path):
    template = Document(ROOT / "templates" / "indstilling.docx")
    template.add_paragraph("{{ sag.ukendt_felt }}")
    template.save(tmp_path / "skabelon.docx")
    case = write_case(tmp_path / "sag")
    with pytest.raises(TemplateError) as caught:
        build(case, ud=tmp_path / "ud", skabelon=Skabelon.load(tmp_path / "skabelon.docx"))
    assert caught.value.variabel == "ukendt_felt"
    assert str(caught.value).startswith(
        f"{tmp_path / 'skabelon.docx'}: skabelonen bruger variablen 'ukendt_felt'"
    )
    assert not (tmp_path / "ud").exists()  # the folder made for it is removed again


def test_output_open_in_word_is_reported_and_kept(tmp_path):
    case = write_case(tmp_path / "sag")
    ud = tmp_path / "ud"
    ud.mkdir()
    (ud / "4-sag.docx").write_bytes(b"the version open in Word")
    (ud / "~$4-sag.docx").write_bytes(b"lock")
    with pytest.raises(OutputError, match="åben i Word"):
        build(case, ud=ud)
    assert (ud / "4-sag.docx").read_bytes() == b"the version open in Word"


def test_a_failed_render_leaves_no_file(tmp_path):
    template = Document(ROOT / "templates" / "indstilling.docx")
    template.add_paragraph("{{ findes_ikke }}")
    template.save(tmp_path / "skabelon.docx")
    case = write_case(tmp_path / "sag")
    ud = tmp_path / "ud"
    with pytest.raises(TemplateError):
        build(case, ud=ud, skabelon=Skabelon.load(tmp_path / "skabelon.docx"))
    assert not ud.exists()


@pytest.mark.libreoffice
def test_every_example_opens_in_libreoffice(examples, libreoffice):
    from pypdf import PdfReader

    pdfs = {pdf.stem: pdf for pdf in libreoffice(list(examples.values()), "pdf")}
    for name, docx in examples.items():
        pdf = pdfs[docx.stem]
        text = " ".join(" ".join(page.extract_text().split()) for page in PdfReader(pdf).pages)
        for paragraph in Document(docx).paragraphs:
            words = " ".join(paragraph.text.split())
            if len(words) > 3:
                assert words[:40] in text, (name, words)


# --- placeholders in every text, several tables, no table (issue 12, section 4) ------


def budget_copy(source: Path, target: Path, **cells: float | str) -> None:
    """Seed 003's budget workbook with some cells of sheet Økonomi changed."""
    import openpyxl

    workbook = openpyxl.load_workbook(source)
    for cell, value in cells.items():
        workbook["Økonomi"][cell] = value
    workbook.save(target)


def write_budget_case(folder: Path, front: str, body: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "sag.md").write_text(
        f"""---
udvalg: Socialudvalget
moededato: 21.09.2011
punkt: 3
titel: Forebyggelse
indstiller: Socialforvaltningen
{front}
---

## Problemstilling

Tekst.

## Løsning

Tekst.

{body}

## Videre proces

Tekst.
""",
        encoding="utf-8",
    )
    return folder


def test_placeholders_in_every_text_and_two_tables(tmp_path):
    case = tmp_path / "sag"
    case.mkdir()
    shutil.copy(CASES / "forebyggelse" / "budget.xlsx", case / "a.xlsx")
    budget_copy(CASES / "forebyggelse" / "budget.xlsx", case / "b.xlsx", B2=-1_250, B3=1_250)
    write_budget_case(
        case,
        """resume: 'Budgettet hæves med {beløb} og {beløb#2} ({prisniveau}).'
indstilling:
  - at udvalget godkender {beløb:Udgiftsbudget|2011} i 2011 jf. {tabel}
anbefaling:
  til: [Økonomiudvalget]
  punkter:
    - at indtægten på {beløb:Indtægtsbudget|fortegn#2} godkendes jf. {tabel#2}
oekonomi: [a.xlsx, b.xlsx]""",
        """## Økonomi

{Tabel} viser {beløb}, **{tabel#2}** viser {beløb:Udgiftsbudget#2} fordelt på *{årene#2}*:

[[økonomitabel: a.xlsx]]

- første år: **{beløb:Udgiftsbudget|2011#2}**.

| Tabel | Beløb |
|---|---|
| {tabel#2} | {beløb#2} |

[[økonomitabel: b.xlsx]]""",
    )
    (path,) = build(case, ud=tmp_path / "ud")
    document = Document(path)
    lines = texts(document)
    assert "Budgettet hæves med 0,69 mio. kr. og 1,8 mio. kr. (2011 p/l)." in lines
    assert "1. at udvalget godkender 0,1 mio. kr. i 2011 jf. tabel 1" in lines
    assert "2. at indtægten på -1,8 mio. kr. godkendes jf. tabel 2" in lines
    assert "Tabel 1 viser 0,69 mio. kr., tabel 2 viser 1,8 mio. kr. fordelt på 2011-2012:" in lines
    assert "første år: 1,3 mio. kr." in lines  # one point, though it is bold and the point not
    captions = [line for line in lines if line.startswith("Tabel ") and "Ændring" in line]
    assert [c.split(".")[0] for c in captions] == ["Tabel 1", "Tabel 2"]
    markdown_table = document.tables[1]
    assert [c.text for c in markdown_table.rows[1].cells] == ["tabel 2", "1,8 mio. kr."]
    paragraph = next(p for p in document.paragraphs if p.text.startswith("Tabel 1 viser"))
    assert [r.text for r in paragraph.runs if r.bold] == ["tabel 2"]
    assert [r.text for r in paragraph.runs if r.italic] == ["2011-2012"]


def test_problems_in_every_text_are_reported_together(tmp_path):
    case = tmp_path / "sag"
    case.mkdir()
    shutil.copy(CASES / "forebyggelse" / "budget.xlsx", case / "budget.xlsx")
    write_budget_case(
        case,
        """resume: Budgettet hæves med 0,8 mio. kr.
indstilling:
  - at udvalget godkender {beløb:Ukendt}
oekonomi: budget.xlsx""",
        """## Økonomi

Beløbet er {beløb:}, og **{beløb:Udgifts**budget} er delt.""",
    )
    with pytest.raises(CaseError) as caught:
        build(case, ud=tmp_path / "ud")
    messages = [p.message for p in caught.value.problems]
    assert messages[0].startswith("resuméet: beløbet 0,8 mio. kr. passer ikke")
    assert messages[1].startswith("at-punkt 1: '{beløb:Ukendt}': ")
    assert "budget.xlsx: Budgettet har ingen linje 'Ukendt'" in messages[1]
    assert messages[2].startswith("afsnittet Økonomi: '{beløb:}': skriv rækkens Post")
    assert len(messages) == 3  # the split one shows once {beløb:} is fixed (its own test)
    assert not (tmp_path / "ud").exists()


def test_a_placeholder_split_by_bold_is_refused(tmp_path):
    case = tmp_path / "sag"
    case.mkdir()
    shutil.copy(CASES / "forebyggelse" / "budget.xlsx", case / "budget.xlsx")
    write_budget_case(
        case,
        "indstilling:\n  - at udvalget godkender det\noekonomi: budget.xlsx",
        "## Økonomi\n\nBeløbet er **{beløb:Udgifts**budget}.",
    )
    with pytest.raises(CaseError, match=r"en pladsholder er delt af fed eller kursiv"):
        build(case, ud=tmp_path / "ud")


def test_a_placeholder_without_a_budget_is_an_error(tmp_path):
    case = write_budget_case(
        tmp_path / "sag", "resume: 'Det koster {beløb}.'\nindstilling:\n  - at det godkendes", ""
    )
    with pytest.raises(CaseError) as caught:
        build(case, ud=tmp_path / "ud")
    assert str(caught.value) == (
        f"{case / 'sag.md'}, linje 7: resuméet: '{{beløb}}' henter fra en budget-arbejdsbog, "
        "men sagen har ingen (nøglen oekonomi)."
    )


def test_no_budget_the_papers_sentence_or_the_cases_own_text(tmp_path):
    plain = write_budget_case(tmp_path / "plain", "indstilling:\n  - at det godkendes", "")
    own = write_budget_case(
        tmp_path / "own",
        "indstilling:\n  - at det godkendes",
        "## Økonomi\n\nUdgiften på 0,5 mio. kr. afholdes inden for udvalgets ramme.",
    )
    lines = texts(Document(build(plain, ud=tmp_path / "ud1")[0]))
    assert lines[lines.index("Økonomi") + 1] == "Indstillingen har ingen økonomiske konsekvenser."
    lines = texts(Document(build(own, ud=tmp_path / "ud2")[0]))
    assert lines[lines.index("Økonomi") + 1] == (
        "Udgiften på 0,5 mio. kr. afholdes inden for udvalgets ramme."
    )
    assert "Indstillingen har ingen økonomiske konsekvenser." not in lines
