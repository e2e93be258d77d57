"""The paper's form (issue 13 §1): [indstilling] in dagsorden.toml, per udvalg, and
`indstilling_form` in a case; read back from the written Word documents."""

from __future__ import annotations

import shutil
import textwrap
from pathlib import Path

import pytest
from docx import Document
from docx.oxml.ns import qn

from dagsorden.byg.enkelt import build_indstillinger
from dagsorden.dokumenter.indstilling import build_indstilling
from dagsorden.dokumenter.render import Skabelon
from dagsorden.errors import CaseError, ConfigError
from dagsorden.kerne.sager import AtPunktform, Papirform
from dagsorden.kerne.scoring import Config
from dagsorden.kilder.config import load_config
from dagsorden.kilder.sag import read_sag
from dagsorden.kilder.samling import Kilder

ROOT = Path(__file__).resolve().parents[1]
CASES = ROOT / "cases"

BODY = """\
## Problemstilling

P.

## Løsning

L.

## Økonomi

Ø.

## Videre proces

V.
"""


def write_case(folder: Path, front: str, body: str = BODY) -> Path:
    """A case whose front matter (lines 2 on) is the minimal one plus `front`."""
    folder.mkdir(parents=True, exist_ok=True)
    head = textwrap.dedent(
        """\
        udvalg: Socialudvalget
        moededato: 04.12.2013 kl. 16:00
        punkt: 1
        titel: En sag
        indstiller: Socialforvaltningen
        """
    )
    (folder / "sag.md").write_text(f"---\n{head}{front}---\n\n{body}", encoding="utf-8")
    return folder


def build(folder: Path, ud: Path, config: Config | None = None) -> Document:
    (path,) = build_indstillinger([folder], ud, config or Config())
    return Document(str(path))


def headings(document, level: int = 2) -> list[str]:
    return [p.text for p in document.paragraphs if p.style.name == f"Heading {level}"]


def at_punkter(document) -> list[tuple[str, str]]:
    """(the Word list's number format, the text) of each at-punkt paragraph."""
    numbering = document.part.numbering_part.element
    formats = {}
    for num in numbering.findall(qn("w:num")):
        abstract = num.find(qn("w:abstractNumId")).get(qn("w:val"))
        for a in numbering.findall(qn("w:abstractNum")):
            if a.get(qn("w:abstractNumId")) == abstract:
                lvl = a.find(qn("w:lvl"))
                formats[num.get(qn("w:numId"))] = lvl.find(qn("w:numFmt")).get(qn("w:val"))
    result = []
    for p in document.paragraphs:
        if p.style.name == "At-punkt":
            (num_id,) = p._p.xpath("./w:pPr/w:numPr/w:numId/@w:val")
            result.append((formats[num_id], p.text))
    return result


def lead_in(document) -> str:
    texts = [p.text for p in document.paragraphs]
    first = next(i for i, p in enumerate(document.paragraphs) if p.style.name == "At-punkt")
    return texts[first - 1]


# --- the two shipped forms ---------------------------------------------------------


def test_the_seeds_form_is_the_default(tmp_path):
    document = build(CASES / "forebyggelse", tmp_path)
    assert headings(document)[:2] == ["Indstilling og beslutning", "Problemstilling"]
    assert lead_in(document) == "Socialforvaltningen indstiller over for Socialudvalget,"
    punkter = at_punkter(document)
    assert [fmt for fmt, _ in punkter] == ["decimal", "decimal"]
    assert punkter[0][1].startswith("at Socialudvalget godkender")
    resume = next(p for p in document.paragraphs if p.text.startswith("Socialforvaltningen og"))
    assert resume.style.name == "Resumé"  # italics, no heading
    assert headings(document, 1) == ["3. Deltagelse i Socialministeriets forebyggelsesprojekt"]


def test_the_copenhagen_example(tmp_path):
    document = build(CASES / "kbh-2026", tmp_path)
    assert headings(document, 1) == [
        "5. B-sag: Flere Housing First-forløb til unge hjemløse (2026-0041817)"
    ]
    assert headings(document) == [
        "Resumé",
        "Indstilling",
        "Problemstilling",
        "Løsning",
        "Politisk handlerum",
        "Økonomi",
        "Videre proces",
        "Bilag",
    ]
    texts = [p.text for p in document.paragraphs]
    assert texts[texts.index("Resumé") + 1].startswith("Antallet af unge hjemløse")
    assert lead_in(document) == "Socialforvaltningen indstiller over for Socialudvalget,"
    punkter = at_punkter(document)
    assert [fmt for fmt, _ in punkter] == ["bullet"] * 3
    # pasted "• at ..." in sag.md: one bullet (Word's), one "at"
    assert punkter[0][1] == (
        "at Socialudvalget godkender, at Housing First-indsatsen for unge udvides med 40 "
        "forløb om året fra 2027"
    )
    assert not any("•" in text for _, text in punkter)
    assert "Beslutning" not in headings(document)


# --- each key -------------------------------------------------------------------------


def test_lead_in_with_at_and_points_without_it(tmp_path):
    folder = write_case(
        tmp_path / "sag",
        "indstilling:\n"
        "  - 1. godkender planen\n"
        "  - at tager status til efterretning\n"
        "  - '2) at beder forvaltningen om en ny status'\n"
        "indstilling_form:\n"
        "  indledning: '{indstiller} indstiller, at {udvalg}:'\n",
    )
    document = build(folder, tmp_path / "ud")
    assert lead_in(document) == "Socialforvaltningen indstiller, at Socialudvalget:"
    assert [text for _, text in at_punkter(document)] == [
        "godkender planen",
        "tager status til efterretning",
        "beder forvaltningen om en ny status",
    ]


@pytest.mark.parametrize(
    "written",
    ["• at godkender", "1. at godkender", "- at godkender", "1) at godkender", "– at godkender",
     "at godkender", "godkender", "*  at godkender", "1.at godkender"],
)  # fmt: skip
def test_pasted_bullets_and_numbers_are_cleaned(tmp_path, written):
    folder = write_case(tmp_path / "sag", f"indstilling:\n  - '{written}'\n")
    document = build(folder, tmp_path / "ud")
    assert [text for _, text in at_punkter(document)] == ["at godkender"]


def test_a_number_that_is_text_is_kept(tmp_path):
    folder = write_case(tmp_path / "sag", "indstilling:\n  - at 3. kvartal evalueres\n")
    document = build(folder, tmp_path / "ud")
    assert [text for _, text in at_punkter(document)] == ["at 3. kvartal evalueres"]


def test_text_after_the_at_punkter(tmp_path):
    folder = write_case(
        tmp_path / "sag",
        "indstilling: at godkende\nefter_indstilling: (2. behandling)\n",
    )
    texts = [p.text for p in build(folder, tmp_path / "ud").paragraphs]
    at = texts.index("at godkende")
    assert texts[at + 1] == "(2. behandling)"
    assert texts[at + 2] == "Problemstilling"


def test_b_sag_mark_only_when_asked(tmp_path):
    folder = write_case(tmp_path / "sag", "indstilling: at x\nb_sag: nej\n")
    assert headings(build(folder, tmp_path / "ud"), 1) == ["1. En sag"]


def test_form_from_dagsorden_toml_and_per_udvalg(tmp_path):
    (tmp_path / "dagsorden.toml").write_text(
        textwrap.dedent(
            """\
            [indstilling]
            overskrift = "Indstilling"
            at_punkter = "punkttegn"

            [indstilling."Økonomiudvalget"]
            at_punkter = "tal"
            resume_overskrift = "Resumé"
            """
        ),
        encoding="utf-8",
    )
    config = load_config(tmp_path)
    social = write_case(tmp_path / "social", "indstilling: at x\nresume: Kort.\n")
    document = build(social, tmp_path / "ud1", config)
    assert headings(document)[0] == "Indstilling"
    assert at_punkter(document) == [("bullet", "at x")]

    oeu = write_case(tmp_path / "oeu", "indstilling: at x\nresume: Kort.\n")
    text = (oeu / "sag.md").read_text(encoding="utf-8")
    (oeu / "sag.md").write_text(text.replace("Socialudvalget", "Økonomiudvalget"), "utf-8")
    document = build(oeu, tmp_path / "ud2", config)
    assert headings(document)[:2] == ["Resumé", "Indstilling"]
    assert at_punkter(document) == [("decimal", "at x")]

    # the case's own indstilling_form goes on top of its udvalg's
    own = write_case(
        tmp_path / "own", "indstilling: at x\nindstilling_form:\n  overskrift: Forslag\n"
    )
    document = build(own, tmp_path / "ud3", config)
    assert headings(document)[0] == "Forslag"
    assert at_punkter(document) == [("bullet", "at x")]


# --- sections -------------------------------------------------------------------------

HANDLERUM = (
    "indstilling: at x\nindstilling_form:\n"
    "  afsnit: [Problemstilling, Løsning, Politisk handlerum, Økonomi, Videre proces]\n"
    "  valgfri: [Videre proces]\n"
)


def test_a_required_section_of_the_form_is_missing(tmp_path):
    folder = write_case(tmp_path / "sag", HANDLERUM)
    with pytest.raises(CaseError) as caught:
        read_sag(folder)
    (problem,) = caught.value.problems
    # front matter on lines 1-11, the body from line 13: ## Økonomi on line 21
    assert problem.line == 21
    assert "Afsnittet '## Politisk handlerum' mangler; det skal stå før '## Økonomi'" in str(
        problem
    )
    assert "Politisk handlerum, Økonomi (kan udelades) og Videre proces (kan udelades)" in str(
        problem
    )
    assert "indstilling_form" in str(problem)


def test_an_optional_section_may_be_left_out_and_order_follows_the_form(tmp_path):
    body = "## Problemstilling\n\nP.\n\n## Løsning\n\nL.\n\n## politisk  HANDLERUM\n\nH.\n"
    folder = write_case(tmp_path / "sag", HANDLERUM, body)
    document = build(folder, tmp_path / "ud")
    assert headings(document)[1:] == ["Problemstilling", "Løsning", "Politisk handlerum", "Økonomi"]
    assert "Indstillingen har ingen økonomiske konsekvenser." in [
        p.text for p in document.paragraphs
    ]

    wrong = "## Problemstilling\n\nP.\n\n## Politisk handlerum\n\nH.\n\n## Løsning\n\nL.\n"
    folder = write_case(tmp_path / "forkert", HANDLERUM, wrong)
    with pytest.raises(CaseError, match="'## Løsning' skal stå før '## Politisk handlerum'"):
        read_sag(folder)


def test_oekonomi_valgfri_leaves_no_heading(tmp_path):
    form = "indstilling: at x\nindstilling_form:\n  valgfri: [Økonomi]\n"
    body = "## Problemstilling\n\nP.\n\n## Løsning\n\nL.\n\n## Videre proces\n\nV.\n"
    document = build(write_case(tmp_path / "sag", form, body), tmp_path / "ud")
    assert headings(document)[1:] == ["Problemstilling", "Løsning", "Videre proces"]


def test_other_sections_stand_where_the_author_puts_them(tmp_path):
    form = "indstilling: at x\nindstilling_form:\n  afsnit: [Baggrund, Løsning]\n"
    body = "## Baggrund\n\nB.\n\n## Høring\n\nH.\n\n## Løsning\n\nL.\n"
    document = build(write_case(tmp_path / "sag", form, body), tmp_path / "ud")
    assert headings(document)[1:] == ["Baggrund", "Høring", "Løsning"]


# --- mistakes -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("front", "line", "message"),
    [
        ("indstilling_form:\n  at_punkter: bullets\n", 9,
         "at_punkter = 'bullets' er ikke gyldig. Brug 'tal', 'punkttegn'"),
        ("indstilling_form:\n  overskirft: X\n", 9, "Ukendt nøgle 'overskirft'"),
        ("indstilling_form:\n  indledning: '{forvaltning} indstiller,'\n", 9,
         "pladsholderen {forvaltning}, som ikke findes. Brug {indstiller}, {udvalg}"),
        ("indstilling_form:\n  valgfri: [Høring]\n", 8,
         "valgfri nævner 'Høring', som ikke står i afsnit"),
        ("indstilling_form: punkttegn\n", 8, "'indstilling_form' skal være nøgler med værdier"),
        ("b_sag: måske\n", 8, "'b_sag' skal være true eller false"),
    ],
)  # fmt: skip
def test_front_matter_mistakes_name_the_line(tmp_path, front, line, message):
    folder = write_case(tmp_path / "sag", "indstilling: at x\n" + front)
    with pytest.raises(CaseError, match=message) as caught:
        read_sag(folder)
    assert [p.line for p in caught.value.problems] == [line]
    assert str(folder / "sag.md") in str(caught.value)


# --- the agenda -------------------------------------------------------------------------


@pytest.mark.parametrize(("referat", "shown"), [(False, False), (True, True), (None, True)])
def test_no_empty_beslutning_heading_in_the_agenda(tmp_path, referat, shown):
    """forebyggelse holds two decisions: the agenda's paper (referat False) shows
    neither them nor an empty Beslutning heading."""
    sag = read_sag(CASES / "forebyggelse")
    kilder = Kilder(Config())
    kilder.tables_of(sag)
    path = build_indstilling(
        sag, tmp_path, Skabelon.standard("indstilling"), kilder.budgets, kilder.reports,
        referat=referat,
    )  # fmt: skip
    document = Document(str(path))
    assert ("Beslutning" in headings(document)) is shown
    assert headings(document)[-1] == ("Beslutning" if shown else "Videre proces")


def test_a_case_without_decisions_in_the_referat_says_so(tmp_path):
    shutil.copytree(CASES / "kbh-2026", tmp_path / "kbh")
    sag = read_sag(tmp_path / "kbh")
    path = build_indstilling(sag, tmp_path, Skabelon.standard("indstilling"), {}, {}, referat=True)
    texts = [p.text for p in Document(str(path)).paragraphs]
    assert texts[texts.index("Beslutning") + 1] == "Punktet er endnu ikke behandlet."


def test_the_form_object():
    form = Papirform()
    assert form.at_foran and not form.punkttegn
    assert Papirform(indledning="{indstiller} indstiller, at {udvalg}:").at_foran is False
    assert Papirform(indledning="Indstilling om,").at_foran is True
    assert Papirform(at_punkter=AtPunktform.PUNKTTEGN).punkttegn


def test_config_errors_name_file_line_and_choices(tmp_path):
    toml = tmp_path / "dagsorden.toml"
    toml.write_text('[status]\nskala = "0..10"\n\n[indstilling]\nat_punkter = "bullets"\n', "utf-8")
    with pytest.raises(ConfigError, match=r"linje 5: \[indstilling\] at_punkter = 'bullets'"):
        load_config(tmp_path)


def test_b_sag_typed_in_the_title_is_printed_once(tmp_path):
    folder = write_case(tmp_path / "sag", "indstilling: at x\nb_sag: ja\n")
    text = (folder / "sag.md").read_text(encoding="utf-8")
    (folder / "sag.md").write_text(text.replace("titel: En sag", "titel: 'B-sag: En sag'"), "utf-8")
    sag = read_sag(folder)
    assert (sag.titel, sag.b_sag) == ("En sag", True)
    document = build(folder, tmp_path / "ud")
    assert headings(document, 1) == ["1. B-sag: En sag"]
    assert document.core_properties.title == "Punkt 1: B-sag: En sag"
