"""Notater (issue 4, section 3): Markdown with front matter in, a memo like seed 001 out.

The front matter is read with the line of every problem; the .docx is read back with
python-docx; the example converts to PDF with LibreOffice, and its first page is
rendered to PNG with pdftoppm and looked at pixel by pixel.
"""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner
from docx import Document
from docx.oxml.ns import qn

from dagsorden.byg.enkelt import build_notater
from dagsorden.cli import main
from dagsorden.errors import CaseError, OutputError
from dagsorden.kerne.blocks import BulletList, NumberedList, Paragraph, Run, Table
from dagsorden.kerne.sager import Afsender
from dagsorden.kilder.notat import NOEGLER, read_notat

ROOT = Path(__file__).resolve().parents[1]
SEKSBY = ROOT / "cases" / "notater" / "seksby.md"
KENDTE = "til, dato, bilagsnr, titel, sagsnr, dokumentnr, sagsbehandler, afsender"
TITEL = "Uddybende beskrivelse af det reviderede forslag til fælles 6-by-mål på det sociale område"
SPECIAL = "A & B < C > D \"citat\" 'enkelt' {{ x }} {% if y %}z{% endif %} <b>fed</b>"

# Line 1 is '---'; these keys stand on lines 2-4, so a key added after them is on line 5.
MINIMAL = """\
til: Socialudvalget
dato: 07-11-2014
titel: Et kort notat
"""


def notat_file(folder: Path, front: str = MINIMAL, body: str = "", name: str = "notat.md") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(f"---\n{front}---\n{body}", encoding="utf-8")
    return path


def problems_of(path: Path) -> list[str]:
    with pytest.raises(CaseError) as caught:
        read_notat(path)
    return [str(p) for p in caught.value.problems]


SENDER_STYLES = {"Notatfelt", "Notatfelt overskrift"}


def right_column(document) -> list[str]:
    """The sender block: paragraphs (not a layout table) in the column at the right."""
    return [p.text for p in document.paragraphs if p.style.name in SENDER_STYLES]


def addressee(document) -> str:
    return document.paragraphs[0].text


def build_one(path: Path, ud: Path):
    (written,) = build_notater([path], ud)
    return Document(written)


# --- reading --------------------------------------------------------------------------


def test_the_example_is_read_field_by_field():
    notat = read_notat(SEKSBY)
    assert notat.til == ("Socialudvalget",)
    assert notat.dato == dt.date(2014, 11, 7)
    assert notat.bilagsnr == 1
    assert notat.titel == TITEL
    assert (notat.sagsnr, notat.dokumentnr, notat.sagsbehandler) == (
        "2014-0231965",
        "2014-0231965-2",
        "Brit Buchhave",
    )
    assert notat.afsender == Afsender(
        center="Center for Politik",
        forvaltning="Socialforvaltningen",
        adresse=("Rådhuset", "1550 København V"),
        telefon="2631 2699",
        email="C64N@sof.kk.dk",
        ean="5798009682901",
    )
    # The opening text before the first `## ` is a section without a title.
    assert [s.titel for s in notat.afsnit] == [
        "",
        "Formål og baggrund",
        "Forslag til fælles 6-by-mål",
        "Arbejdsgrupper",
        "Opfølgning",
        "Tidsplan",
    ]
    assert notat.linjer["til"] == 4
    assert notat.linjer["afsender"] == 11


def test_keys_are_documented_in_order():
    assert ", ".join(NOEGLER) == KENDTE


@pytest.mark.parametrize("written", ["07-11-2014", "07.11.2014", "2014-11-07", "7-11-2014"])
def test_date_forms(tmp_path, written):
    path = notat_file(tmp_path, MINIMAL.replace("07-11-2014", written))
    assert read_notat(path).dato == dt.date(2014, 11, 7)


def test_only_the_required_keys(tmp_path):
    notat = read_notat(notat_file(tmp_path))
    assert (notat.til, notat.titel, notat.bilagsnr, notat.afsender) == (
        ("Socialudvalget",),
        "Et kort notat",
        None,
        None,
    )
    assert (notat.sagsnr, notat.dokumentnr, notat.sagsbehandler, notat.afsnit) == ("", "", "", ())


def test_texts_are_kept_as_written(tmp_path):
    front = MINIMAL + "sagsnr: 0231965\nbilagsnr: 3\nafsender:\n  ean: 5798009682901\n"
    notat = read_notat(notat_file(tmp_path, front))
    assert (notat.sagsnr, notat.bilagsnr, notat.afsender) == (
        "0231965",
        3,
        Afsender(ean="5798009682901"),
    )


def test_address_as_a_block_of_lines(tmp_path):
    front = MINIMAL + "afsender:\n  adresse: |\n    Rådhuset\n    1550 København V\n"
    assert read_notat(notat_file(tmp_path, front)).afsender == Afsender(
        adresse=("Rådhuset", "1550 København V")
    )


def test_empty_optional_keys(tmp_path):
    front = MINIMAL + "bilagsnr:\nsagsnr:\nafsender:\n"
    notat = read_notat(notat_file(tmp_path, front))
    assert (notat.bilagsnr, notat.sagsnr, notat.afsender) == (None, "", None)


def test_free_sections_keep_their_titles_and_order(tmp_path):
    body = "\nIndledning.\n\n## tidsplan\n\n- **2016:** Baseline\n\n## økonomi\n\n1. a\n2. b\n"
    notat = read_notat(notat_file(tmp_path, body=body))
    assert [(s.titel, s.linje) for s in notat.afsnit] == [("", 7), ("tidsplan", 9), ("økonomi", 13)]
    assert notat.afsnit[0].blocks == (Paragraph((Run("Indledning."),)),)
    (bullets,) = notat.afsnit[1].blocks
    assert isinstance(bullets, BulletList)
    assert bullets.items[0].runs == (Run("2016:", fed=True), Run(" Baseline"))
    (numbered,) = notat.afsnit[2].blocks
    assert isinstance(numbered, NumberedList)


def test_a_table_in_the_body(tmp_path):
    body = "\n| Arbejdsgruppe | Formandskab |\n|---|---|\n| Hjemløse | København |\n"
    (section,) = read_notat(notat_file(tmp_path, body=body)).afsnit
    assert section.blocks == (
        Table(
            (
                (Run("Arbejdsgruppe"),),
                (Run("Formandskab"),),
            ),
            (((Run("Hjemløse"),), (Run("København"),)),),
        ),
    )


# --- errors, each with its file and line ----------------------------------------------


@pytest.mark.parametrize(
    ("added", "line", "message"),
    [
        ("dokumentnummer: 2014-1", 5, "Ukendt nøgle 'dokumentnummer'. Mente du 'dokumentnr'?"),
        ("Sagsbehandler: Brit", 5, "Ukendt nøgle 'Sagsbehandler'. Mente du 'sagsbehandler'?"),
        ("farve: rød", 5, f"Ukendt nøgle 'farve'. Kendte nøgler: {KENDTE}."),
        ("bilagsnr: I", 5, "'bilagsnr' skal være et helt tal fra 1 og op, ikke 'I'."),
        ("bilagsnr: 0", 5, "'bilagsnr' skal være et helt tal fra 1 og op, ikke '0'."),
        ("sagsnr: [1, 2]", 5, "'sagsnr' skal være tekst, ikke en liste."),
        ("til: Økonomiudvalget", 5, "Nøglen 'til' står to gange (også i linje 2)."),
        (
            "afsender: Center for Politik",
            5,
            "'afsender' skal være nøgler med værdier (center, forvaltning, adresse, telefon, "
            "email, ean), ikke 'Center for Politik'.",
        ),
        (
            "afsender:\n  center: Center for Politik\n  e-mail: a@b.dk",
            7,
            "Ukendt nøgle 'e-mail' i 'afsender'. Mente du 'email'?",
        ),
        (
            "afsender:\n  telefon:\n    - 1\n    - 2",
            6,
            "'telefon' i 'afsender' skal være tekst, ikke en liste.",
        ),
    ],
)
def test_a_bad_key_names_its_line(tmp_path, added, line, message):
    path = notat_file(tmp_path, MINIMAL + added + "\n")
    assert problems_of(path) == [f"{path}, linje {line}: {message}"]


@pytest.mark.parametrize(
    ("written", "message"),
    [
        (
            "7. november 2014",
            "'dato' skal være en dato som 07-11-2014, 07.11.2014 eller 2014-11-07, "
            "ikke '7. november 2014'.",
        ),
        (
            "07-11-2014 kl. 10:00",
            "'dato' skal være en dato som 07-11-2014, 07.11.2014 eller 2014-11-07, "
            "ikke '07-11-2014 kl. 10:00'.",
        ),
        ("31-11-2014", "'dato': '31-11-2014' er ikke en gyldig dato."),
        ('""', "'dato' er tom."),
    ],
)
def test_bad_dates(tmp_path, written, message):
    path = notat_file(tmp_path, MINIMAL.replace("07-11-2014", written))
    assert problems_of(path) == [f"{path}, linje 3: {message}"]


def test_missing_required_keys(tmp_path):
    path = notat_file(tmp_path, "sagsnr: 2014-0231965\n")
    assert problems_of(path) == [
        f"{path}, linje 1: Nøglerne 'til', 'dato', 'titel' mangler i front matter. "
        f"Kendte nøgler: {KENDTE}."
    ]


def test_empty_title(tmp_path):
    path = notat_file(tmp_path, MINIMAL.replace("Et kort notat", ""))
    assert problems_of(path) == [f"{path}, linje 4: 'titel' er tom."]


def test_every_problem_comes_together_in_file_order(tmp_path):
    front = (
        "til: Socialudvalget\n"  # 2
        "dato: 32-11-2014\n"  # 3
        "titl: Et notat\n"  # 4
        "bilagsnr: et\n"  # 5
        "afsender:\n"  # 6
        "  centre: Center for Politik\n"  # 7
    )
    body = (
        "\n"  # 9
        "# Overskrift\n"  # 10
        "\n"  # 11
        "## Tabel\n"  # 12
        "\n"  # 13
        "[[statustabel: .]]\n"  # 14
        "\n"  # 15
        "![graf](graf.png)\n"  # 16
    )
    path = notat_file(tmp_path, front, body)
    with pytest.raises(CaseError) as caught:
        read_notat(path)
    assert str(caught.value).split("\n") == [
        f"{path}, linje 1: Nøglen 'titel' mangler i front matter. Kendte nøgler: {KENDTE}.",
        f"{path}, linje 3: 'dato': '32-11-2014' er ikke en gyldig dato.",
        f"{path}, linje 4: Ukendt nøgle 'titl'. Mente du 'titel'?",
        f"{path}, linje 5: 'bilagsnr' skal være et helt tal fra 1 og op, ikke 'et'.",
        f"{path}, linje 7: Ukendt nøgle 'centre' i 'afsender'. Mente du 'center'?",
        f"{path}, linje 10: Overskrift med '# '. Titlen står i 'titel' i front matter; afsnit "
        "skrives med '## ' og underoverskrifter med '### '.",
        f"{path}, linje 14: Markøren '[[statustabel: .]]' kan ikke bruges her: tabelmarkører "
        "virker kun i en sags sag.md. Skriv tabellen som en Markdown-tabel.",
        f"{path}, linje 16: Billeder kan ikke stå i brødteksten ('graf.png'). Vedlæg billedet "
        "som bilag.",
    ]
    assert (caught.value.file, caught.value.line) == (str(path), 1)


def test_a_marker_inside_a_paragraph_is_refused_too(tmp_path):
    body = "\nSe tabellen:\n[[økonomitabel: budget.xlsx]]\n"
    path = notat_file(tmp_path, body=body)
    assert problems_of(path) == [
        f"{path}, linje 8: Markøren '[[økonomitabel: budget.xlsx]]' kan ikke bruges her: "
        "tabelmarkører virker kun i en sags sag.md. Skriv tabellen som en Markdown-tabel."
    ]


def test_no_front_matter(tmp_path):
    path = tmp_path / "notat.md"
    path.write_text("Til Socialudvalget\n", encoding="utf-8")
    assert problems_of(path) == [
        f"{path}, linje 1: notat.md skal begynde med front matter: en linje '---', nøglerne "
        "(til, dato, titel, ...) og en linje '---'."
    ]


def test_invalid_yaml_names_its_line(tmp_path):
    path = notat_file(tmp_path, MINIMAL + "sagsbehandler: Brit: Buchhave\n")
    (problem,) = problems_of(path)
    assert problem.startswith(f"{path}, linje 5: Front matter er ikke gyldig YAML")
    assert problem.endswith("Står der ': ' inde i en tekst, så sæt hele teksten i anførselstegn.")


def test_not_utf8(tmp_path):
    path = tmp_path / "notat.md"
    path.write_bytes(f"---\n{MINIMAL}---\n\nBrødtekst\n".encode("cp1252"))
    assert problems_of(path) == [
        f"{path}, linje 7: Filen er ikke gemt som UTF-8. Gem den som UTF-8 i din editor."
    ]


def test_a_folder_is_no_notat(tmp_path):
    assert problems_of(tmp_path) == [
        f"{tmp_path}: Et notat er en Markdown-fil (.md), ikke en mappe."
    ]


# --- the document ---------------------------------------------------------------------


@pytest.fixture(scope="module")
def seksby(tmp_path_factory) -> Path:
    """The example, built once for the module."""
    (path,) = build_notater([SEKSBY], tmp_path_factory.mktemp("ud"))
    return path


def test_output_is_named_after_the_markdown_file(seksby):
    assert seksby.name == "seksby.docx"


def test_header_addressee_date_and_title(seksby):
    document = Document(seksby)
    assert addressee(document) == "Til Socialudvalget"
    assert right_column(document)[0] == "07-11-2014"
    (title,) = [p.text for p in document.paragraphs if p.style.name == "Heading 1"]
    assert title == f"Bilag 1: {TITEL}"


def test_case_numbers_and_sender_block_sit_in_the_right_column(seksby):
    document = Document(seksby)
    assert right_column(document) == [
        "07-11-2014",
        "Sagsnr.",
        "2014-0231965",
        "Dokumentnr.",
        "2014-0231965-2",
        "Sagsbehandler",
        "Brit Buchhave",
        "",
        "Center for Politik",
        "Socialforvaltningen",
        "Rådhuset",
        "1550 København V",
        "Telefon",
        "2631 2699",
        "E-mail",
        "C64N@sof.kk.dk",
        "EAN-nummer",
        "5798009682901",
    ]
    # None of it reaches the body.
    body = [p.text for p in document.paragraphs if p.style.name not in SENDER_STYLES]
    assert not {"Sagsnr.", "2014-0231965", "Center for Politik"} & set(body)


def test_the_sender_block_is_paragraphs_at_the_right_not_a_layout_table(seksby):
    """A layout table without headers is not accessible (PDF/UA): the block is
    paragraphs, indented to a 5 cm column at the right of the 17 cm text column."""
    document = Document(seksby)
    assert all(table.style.name == "Table Grid" for table in document.tables)
    indent = document.styles["Notatfelt"].paragraph_format.left_indent
    assert round(indent.cm, 1) == 12.0
    assert document.styles["Notatfelt overskrift"].base_style.name == "Notatfelt"


def test_body_sections_and_opening_text(seksby):
    document = Document(seksby)
    assert [p.text for p in document.paragraphs if p.style.name == "Heading 2"] == [
        "Formål og baggrund",
        "Forslag til fælles 6-by-mål",
        "Arbejdsgrupper",
        "Opfølgning",
        "Tidsplan",
    ]
    texts = [p.text for p in document.paragraphs]
    title = texts.index(f"Bilag 1: {TITEL}")
    assert texts[title + 1].startswith("Notatet forklarer, hvorfor de seks største byer")


def test_the_working_groups_table(seksby):
    document = Document(seksby)
    assert len(document.tables) == 1
    table = document.tables[0]
    assert table.style.name == "Table Grid"
    assert [[c.text for c in row.cells] for row in table.rows] == [
        ["Arbejdsgruppe", "Formandskab"],
        ["Borgere med sindslidelse", "Esbjerg"],
        ["Borgere med misbrug", "Odense"],
        ["Borgere med udviklingshæmning", "Randers"],
        ["Borgere med hjerneskade", "Aalborg"],
        ["Udsatte børn og unge", "Aarhus"],
        ["Hjemløse", "København"],
    ]
    assert all(run.bold for cell in table.rows[0].cells for run in cell.paragraphs[0].runs)


def _start_of(document, paragraph) -> int:
    """The number a List Number paragraph's list instance starts at."""
    num_id = paragraph._p.pPr.numPr.numId.val
    numbering = document.part.numbering_part.element
    (num,) = [n for n in numbering.findall(qn("w:num")) if n.get(qn("w:numId")) == str(num_id)]
    override = num.find(f"{qn('w:lvlOverride')}/{qn('w:startOverride')}")
    return int(override.get(qn("w:val")))


def test_the_eleven_goals_are_numbered_on_through_the_groups(seksby):
    document = Document(seksby)
    goals = [p for p in document.paragraphs if p.style.name == "List Number"]
    assert len(goals) == 11
    assert goals[0].text == "Færre udsatte unge begår kriminalitet (2020)."
    assert goals[6].text == "Unge og hash (6-by, endnu ikke formuleret og operationaliseret)."
    assert goals[10].text == (
        "Flere borgere med udviklingshæmning kommer i uddannelse eller i arbejde (6-by)."
    )
    # Each group's list starts where the seed's numbering stands: 1, 4, 8, 9, 10, 11.
    firsts = [goals[i] for i in (0, 3, 7, 8, 9, 10)]
    assert [_start_of(document, p) for p in firsts] == [1, 4, 8, 9, 10, 11]


def test_the_timetable_is_a_list_with_bold_dates(seksby):
    document = Document(seksby)
    tidsplan = [p for p in document.paragraphs if p.style.name == "List Bullet"][-5:]
    assert [p.runs[0].text for p in tidsplan] == [
        "Efterår/vinter 2014:",
        "Forår 2015:",
        "Forår 2015:",
        "5. maj 2015:",
        "2016:",
    ]
    assert all(p.runs[0].bold for p in tidsplan)


def test_without_bilagsnr_and_optional_lines(tmp_path):
    document = build_one(notat_file(tmp_path / "in"), tmp_path / "ud")
    (title,) = [p.text for p in document.paragraphs if p.style.name == "Heading 1"]
    assert title == "Et kort notat"
    assert right_column(document) == ["07-11-2014"]


def test_only_the_given_sender_lines(tmp_path):
    front = MINIMAL + "sagsbehandler: Brit Buchhave\nafsender:\n  email: C64N@sof.kk.dk\n"
    document = build_one(notat_file(tmp_path / "in", front), tmp_path / "ud")
    assert right_column(document) == [
        "07-11-2014",
        "Sagsbehandler",
        "Brit Buchhave",
        "",
        "E-mail",
        "C64N@sof.kk.dk",
    ]


def test_several_addressees(tmp_path):
    front = MINIMAL.replace("til: Socialudvalget", "til: [Socialudvalget, Økonomiudvalget]")
    document = build_one(notat_file(tmp_path / "in", front), tmp_path / "ud")
    assert addressee(document) == "Til Socialudvalget og Økonomiudvalget"


def test_special_characters_come_out_literally(tmp_path):
    quoted = SPECIAL.replace("'", "''")
    front = (
        f"til: '{quoted}'\ndato: 07-11-2014\nbilagsnr: 2\ntitel: '{quoted}'\n"
        f"sagsnr: '{{{{ sagsnr }}}}'\nafsender:\n  center: '{quoted}'\n"
    )
    body = f"\n## {SPECIAL}\n\n{SPECIAL}\n\n| a & b | <c> |\n|---|---|\n| {{{{ x }}}} | & |\n"
    document = build_one(notat_file(tmp_path / "in", front, body), tmp_path / "ud")
    texts = [p.text for p in document.paragraphs]
    assert addressee(document) == f"Til {SPECIAL}"
    assert f"Bilag 2: {SPECIAL}" in texts
    body = [p.text for p in document.paragraphs if p.style.name not in SENDER_STYLES]
    assert body.count(SPECIAL) == 2  # the section heading and its paragraph
    column = right_column(document)
    assert "{{ sagsnr }}" in column
    assert SPECIAL in column
    assert [[c.text for c in row.cells] for row in document.tables[0].rows] == [
        ["a & b", "<c>"],
        ["{{ x }}", "&"],
    ]


def test_the_document_is_danish(seksby):
    document = Document(seksby)
    assert document.core_properties.language == "da-DK"
    section = document.sections[0]
    assert (round(section.page_width.cm, 1), round(section.page_height.cm, 1)) == (21.0, 29.7)


# --- writing several ------------------------------------------------------------------


def test_nothing_is_written_when_one_notat_is_wrong(tmp_path):
    good = notat_file(tmp_path / "in", name="a.md")
    bad = notat_file(tmp_path / "in", MINIMAL + "farve: rød\n", name="b.md")
    ud = tmp_path / "ud"
    with pytest.raises(CaseError):
        build_notater([good, bad], ud)
    assert not ud.exists()


def test_two_notater_with_one_name_are_refused(tmp_path):
    first = notat_file(tmp_path / "a", name="notat.md")
    second = notat_file(tmp_path / "b", name="notat.md")
    ud = tmp_path / "ud"
    with pytest.raises(OutputError) as caught:
        build_notater([first, second], ud)
    assert str(caught.value) == (
        f"{first} og {second} ville begge blive skrevet til {ud / 'notat.docx'}. "
        "Giv den ene fil et andet navn."
    )
    assert not ud.exists()


def test_a_notat_open_in_word_is_left_alone(tmp_path):
    path = notat_file(tmp_path / "in")
    ud = tmp_path / "ud"
    ud.mkdir()
    (ud / "notat.docx").write_bytes(b"the version open in Word")
    (ud / "~$notat.docx").write_bytes(b"lock")
    with pytest.raises(OutputError, match="åben i Word"):
        build_notater([path], ud)
    assert (ud / "notat.docx").read_bytes() == b"the version open in Word"


# --- the command ----------------------------------------------------------------------


def test_command_writes_into_ud_by_default(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["notat", str(SEKSBY)], prog_name="dagsorden")
    assert result.exit_code == 0, result.output
    assert result.stdout == f"Skrev {Path('ud') / 'seksby.docx'}\n"
    assert addressee(Document(tmp_path / "ud" / "seksby.docx")) == ("Til Socialudvalget")


def test_command_with_o_and_several_files(tmp_path):
    other = notat_file(tmp_path / "in", name="andet.md")
    ud = tmp_path / "bilag"
    result = CliRunner().invoke(main, ["notat", str(SEKSBY), str(other), "-o", str(ud)])
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines() == [
        f"Skrev {ud / 'seksby.docx'}",
        f"Skrev {ud / 'andet.docx'}",
    ]


def test_command_reports_every_problem_and_exits_1(tmp_path):
    path = notat_file(tmp_path / "in", "til: Socialudvalget\ndato: i morgen\n")
    result = CliRunner().invoke(main, ["notat", str(path), "-o", str(tmp_path / "ud")])
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr.splitlines() == [
        f"{path}, linje 1: Nøglen 'titel' mangler i front matter. Kendte nøgler: {KENDTE}.",
        f"{path}, linje 3: 'dato' skal være en dato som 07-11-2014, 07.11.2014 eller "
        "2014-11-07, ikke 'i morgen'.",
    ]
    assert not (tmp_path / "ud").exists()


def test_command_needs_a_file(tmp_path):
    result = CliRunner().invoke(main, ["notat"], prog_name="dagsorden")
    assert result.exit_code == 2
    assert "Argumentet 'FILER...' mangler." in result.stderr


# --- LibreOffice and pdftoppm ---------------------------------------------------------


def _pdftoppm() -> str:
    path = shutil.which("pdftoppm")
    if path is None:
        pytest.fail(
            "pdftoppm (poppler-utils) mangler: kør scripts/ensure-libreoffice og prøv igen.",
            pytrace=False,
        )
    return path


def _ink(image, box: tuple[float, float, float, float]) -> float:
    """The share of the pixels in `box` (fractions of width and height) that are not
    near white."""
    width, height = image.size
    left, top, right, bottom = box
    region = image.crop(
        (int(left * width), int(top * height), int(right * width), int(bottom * height))
    )
    counts = region.histogram()  # of grey levels 0 (black) to 255 (white)
    return sum(counts[:200]) / sum(counts)


@pytest.mark.libreoffice
def test_the_example_converts_to_pdf_and_its_first_page_is_not_blank(seksby, libreoffice, tmp_path):
    from PIL import Image
    from pypdf import PdfReader

    (pdf,) = libreoffice([seksby], "pdf")
    first = " ".join(PdfReader(pdf).pages[0].extract_text().split())
    for expected in ("Til Socialudvalget", "07-11-2014", "Bilag 1: Uddybende", "2014-0231965-2"):
        assert expected in first

    subprocess.run(
        [
            _pdftoppm(),
            "-png",
            "-r",
            "50",
            "-f",
            "1",
            "-l",
            "1",
            "-singlefile",
            str(pdf),
            str(tmp_path / "side1"),
        ],
        check=True,
        capture_output=True,
        timeout=60,
    )
    with Image.open(tmp_path / "side1.png") as png:
        page = png.convert("L")
    assert page.size[1] > page.size[0]  # portrait A4
    assert _ink(page, (0, 0, 1, 1)) > 0.01
    # Ink where the layout puts it: "Til Socialudvalget" top left, the sender column
    # top right, the body below both.
    assert _ink(page, (0.10, 0.07, 0.45, 0.12)) > 0.01
    assert _ink(page, (0.64, 0.07, 0.95, 0.35)) > 0.01
    assert _ink(page, (0.10, 0.45, 0.90, 0.90)) > 0.01
    # ... and the two header columns stand apart, with white between them.
    assert _ink(page, (0.46, 0.07, 0.62, 0.30)) < 0.001
