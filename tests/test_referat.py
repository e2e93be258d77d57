"""The referat (issue 13, section 4): this meeting's decisions are written in one place,
moede.yaml's `beslutninger`; a case's earlier decisions are its history, never this
meeting's decision; `byg --referat` warns about a punkt without one (`--streng`
refuses); the agenda stays; "Fraværende"; a closed item's decision only in the
members' set."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from docx import Document

from dagsorden.cli import main

FORM = """---
udvalg: [Socialudvalget, Beskæftigelses- og Integrationsudvalget]
moededato: 19.11.2014 kl. 16:00
punkt: 1
titel: {titel}
indstiller: Socialforvaltningen
indstilling:
  - at udvalget godkender det
{ekstra}---

## Problemstilling

{problem}

## Løsning

Tekst.

## Videre proces

Tekst.
"""

HISTORIK = """beslutning:
  - udvalg: Socialudvalget
    dato: 21.09.2011
    tekst: Sagen blev udsat.
"""

LUKKET_BESLUTNING = "Udvalget fastholdt afgørelsen om botilbud på Lindevang."
"""Only the members may read it."""

MOEDE = """udvalg: Socialudvalget
moededato: 19.11.2014 kl. 16:00
moedested: Rådhuset
medlemmer: [Ane Hansen, Bo Jensen, Carl Nielsen]
punkter:
  - varmestuer
  - klage
  - titel: Eventuelt
fravaerende: [Bo Jensen]
beslutninger:
"""
"""Punkt 1 (line 6), 2 (line 7) and 3 (line 8); decisions follow from line 11."""

BESLUTNINGER = {
    "varmestuer": "  - sag: varmestuer\n    beslutning: Indstillingen blev godkendt.\n",
    "klage": f"  - punkt: 2\n    beslutning: {LUKKET_BESLUTNING}\n",
    "eventuelt": "  - punkt: 3\n    beslutning: Intet.\n",
}


def project(root: Path, beslutninger: str | None = None, moede: str = MOEDE) -> Path:
    """A meeting of an open case (with a decision of 2011), a closed one and Eventuelt."""
    cases = root / "cases"
    for navn, titel, ekstra, problem in (
        ("varmestuer", "Tilskud til varmestuer", HISTORIK, "Varmestuerne mangler penge."),
        ("klage", "Klage over botilbud", "lukket: true\n", "Borgeren bor på Lindevang."),
    ):
        (cases / navn).mkdir(parents=True)
        text = FORM.format(titel=titel, ekstra=ekstra, problem=problem)
        (cases / navn / "sag.md").write_text(text, encoding="utf-8")
    if beslutninger is None:
        beslutninger = "".join(BESLUTNINGER.values())
    (cases / "moede.yaml").write_text(moede + beslutninger, encoding="utf-8")
    return cases / "moede.yaml"


def byg(moedefil: Path, ud: Path, *extra: str):
    return CliRunner().invoke(main, ["byg", str(moedefil), "-o", str(ud), "--stille", *extra])


def paragraphs(path: Path) -> list[str]:
    return [p.text for p in Document(str(path)).paragraphs]


def after(lines: list[str], heading: str) -> list[str]:
    return lines[lines.index(heading) + 1 :]


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    """The agenda built, then the referat into the same folder."""
    root = tmp_path_factory.mktemp("referat")
    moedefil = project(root)
    assert byg(moedefil, root / "ud").exit_code == 0
    result = byg(moedefil, root / "ud", "--referat", "--streng")
    assert result.exit_code == 0, result.output
    assert result.stderr == ""
    return root / "ud"


def test_the_referat_holds_this_meetings_decisions_and_who_was_absent(built):
    referat = paragraphs(built / "medlemmer" / "referat.docx")
    assert referat[0] == "Referat"
    assert "Fraværende: Bo Jensen" in referat
    assert after(referat, "Punkter") == [
        "1. Tilskud til varmestuer",
        "Socialudvalgets beslutning: Indstillingen blev godkendt.",
        "2. Klage over botilbud (lukket punkt)",
        f"Socialudvalgets beslutning: {LUKKET_BESLUTNING}",
        "3. Eventuelt",
        "Socialudvalgets beslutning: Intet.",
    ]


def test_the_published_agenda_stays_without_decisions(built):
    agenda = paragraphs(built / "offentlig" / "dagsorden.docx")
    assert agenda[0] == "Dagsorden"
    assert not any("beslutning" in line or "Fraværende" in line for line in agenda)
    assert (built / "offentlig" / "samlet.docx").exists()
    assert (built / "offentlig" / "referat-samlet.docx").exists()


def test_a_closed_items_decision_is_only_in_the_members_set(built):
    public = paragraphs(built / "offentlig" / "referat.docx")
    assert after(public, "Punkter") == [
        "1. Tilskud til varmestuer",
        "Socialudvalgets beslutning: Indstillingen blev godkendt.",
        "2. Lukket punkt",
        "3. Eventuelt",
        "Socialudvalgets beslutning: Intet.",
    ]
    for path in (built / "offentlig").glob("*.docx"):
        text = "\n".join(paragraphs(path))
        assert LUKKET_BESLUTNING not in text and "Lindevang" not in text, path.name
    assert LUKKET_BESLUTNING in "\n".join(paragraphs(built / "medlemmer" / "referat-samlet.docx"))
    paper = paragraphs(built / "medlemmer" / "2-klage.docx")
    assert after(paper, "Beslutning") == [
        "Socialudvalgets beslutning i mødet 19. november 2014",
        LUKKET_BESLUTNING,
    ]


def test_the_paper_shows_history_then_this_meetings_decision(built):
    paper = paragraphs(built / "medlemmer" / "1-varmestuer.docx")
    assert after(paper, "Beslutning") == [
        "Oversigt over politisk behandling",
        "Socialudvalgets beslutning i mødet 21. september 2011",
        "Sagen blev udsat.",
        "Socialudvalgets beslutning i mødet 19. november 2014",
        "Indstillingen blev godkendt.",
    ]


def test_the_agendas_papers_show_no_decision(tmp_path):
    result = byg(project(tmp_path), tmp_path / "ud")
    assert result.exit_code == 0, result.output
    paper = paragraphs(tmp_path / "ud" / "medlemmer" / "1-varmestuer.docx")
    assert "Beslutning" not in paper  # no empty heading on the agenda (issue 13 §1)
    agenda = paragraphs(tmp_path / "ud" / "medlemmer" / "dagsorden.docx")
    assert not any("beslutning" in line or "Fraværende" in line for line in agenda)


def test_a_punkt_without_a_decision_is_a_warning_naming_it(tmp_path):
    moedefil = project(tmp_path, BESLUTNINGER["klage"])
    result = byg(moedefil, tmp_path / "ud", "--referat")
    assert result.exit_code == 0, result.output
    warnings = [line for line in result.stderr.splitlines() if line.startswith("Advarsel")]
    assert warnings == [
        f"Advarsel: {moedefil}, linje 6: Punkt 1 (Tilskud til varmestuer) har ingen beslutning "
        "fra mødet. Sagen har kun beslutninger fra andre møder (Socialudvalget 21.09.2011); de "
        "står som politisk behandling, ikke som mødets beslutning. Skriv beslutningen under "
        "'beslutninger' i mødefilen ('- punkt: 1' og 'beslutning: ...').",
        f"Advarsel: {moedefil}, linje 8: Punkt 3 (Eventuelt) har ingen beslutning fra mødet. "
        "Skriv beslutningen under 'beslutninger' i mødefilen ('- punkt: 3' og "
        "'beslutning: ...').",
    ]
    referat = paragraphs(tmp_path / "ud" / "medlemmer" / "referat.docx")
    assert referat.count("Punktet er endnu ikke behandlet.") == 2
    assert "Socialudvalgets beslutning: Sagen blev udsat." not in referat
    paper = paragraphs(tmp_path / "ud" / "medlemmer" / "1-varmestuer.docx")
    # 2011's decision never stands as this meeting's.
    assert after(paper, "Beslutning") == ["Punktet er endnu ikke behandlet."]


def test_streng_refuses_and_writes_nothing(tmp_path):
    moedefil = project(tmp_path, BESLUTNINGER["varmestuer"] + BESLUTNINGER["klage"])
    assert byg(moedefil, tmp_path / "ud").exit_code == 0
    before = {p: p.read_bytes() for p in (tmp_path / "ud").rglob("*") if p.is_file()}
    result = byg(moedefil, tmp_path / "ud", "--referat", "--streng")
    assert result.exit_code == 1
    assert f"{moedefil}, linje 8: Punkt 3 (Eventuelt) har ingen beslutning fra mødet." in (
        result.output
    )
    assert "Referatet er ikke bygget (--streng)" in result.output
    after_ = {p: p.read_bytes() for p in (tmp_path / "ud").rglob("*") if p.is_file()}
    assert after_ == before
    assert not (tmp_path / "ud" / "medlemmer" / "referat.docx").exists()


def test_streng_belongs_to_the_referat(tmp_path):
    result = byg(project(tmp_path), tmp_path / "ud", "--streng")
    assert result.exit_code == 2
    assert "--streng: bruges kun sammen med --referat." in result.output
    assert not (tmp_path / "ud").exists()


def test_a_decision_dated_for_another_meeting_is_a_warning_and_history(tmp_path):
    dated = "  - sag: varmestuer\n    dato: 18.11.2014\n    beslutning: Godkendt.\n"
    moedefil = project(tmp_path, dated + BESLUTNINGER["klage"] + BESLUTNINGER["eventuelt"])
    result = byg(moedefil, tmp_path / "ud", "--referat")
    assert result.exit_code == 0, result.output
    assert result.stderr.splitlines() == [
        f"Advarsel: {moedefil}, linje 11: Punkt 1 (Tilskud til varmestuer): beslutningen er "
        "dateret 18.11.2014, men mødet er 19.11.2014. Den står som tidligere politisk "
        "behandling, ikke som mødets beslutning. Ret datoen, eller slet 'dato'."
    ]
    referat = paragraphs(tmp_path / "ud" / "medlemmer" / "referat.docx")
    assert after(referat, "1. Tilskud til varmestuer")[0] == "Punktet er endnu ikke behandlet."
    result = byg(moedefil, tmp_path / "ud", "--referat", "--streng")
    assert result.exit_code == 1 and "dateret 18.11.2014" in result.output


def test_udvalg_and_dato_may_be_given(tmp_path):
    joint = (
        "  - sag: varmestuer\n    beslutning: Anbefalet.\n"
        "  - sag: varmestuer\n    udvalg: Beskæftigelses- og Integrationsudvalget\n"
        "    dato: 2014-11-19\n    beslutning: Godkendt.\n"
    )
    moedefil = project(tmp_path, joint + BESLUTNINGER["klage"] + BESLUTNINGER["eventuelt"])
    result = byg(moedefil, tmp_path / "ud", "--referat", "--streng")
    assert result.exit_code == 0, result.output
    referat = paragraphs(tmp_path / "ud" / "offentlig" / "referat.docx")
    assert after(referat, "1. Tilskud til varmestuer")[:2] == [
        "Socialudvalgets beslutning: Anbefalet.",
        "Beskæftigelses- og Integrationsudvalgets beslutning: Godkendt.",
    ]


@pytest.mark.parametrize("dato", ["  - dato: 19.11.2014\n    ", "  - "])
def test_a_decision_in_the_case_dated_this_meeting_or_undated_counts(tmp_path, dato):
    """Decisions written in sag.md, as before moede.yaml had them, still work."""
    moedefil = project(tmp_path, BESLUTNINGER["klage"] + BESLUTNINGER["eventuelt"])
    sag = tmp_path / "cases" / "varmestuer" / "sag.md"
    sag.write_text(
        sag.read_text("utf-8").replace(
            "    tekst: Sagen blev udsat.\n",
            f"    tekst: Sagen blev udsat.\n{dato}tekst: Godkendt i dag.\n",
        ),
        "utf-8",
    )
    result = byg(moedefil, tmp_path / "ud", "--referat", "--streng")
    assert result.exit_code == 0, result.output
    referat = paragraphs(tmp_path / "ud" / "medlemmer" / "referat.docx")
    assert "Socialudvalgets beslutning: Godkendt i dag." in referat
    assert "Socialudvalgets beslutning: Sagen blev udsat." not in referat

    # Written in both places, it is refused: there is one place for it.
    (tmp_path / "cases" / "moede.yaml").write_text(
        MOEDE + "".join(BESLUTNINGER.values()), encoding="utf-8"
    )
    result = byg(moedefil, tmp_path / "ud2", "--referat")
    assert result.exit_code == 1
    assert f"{sag}, linje 13: Punkt 1 har en beslutning fra dette møde både her og i " in (
        result.output
    )
    assert f"{moedefil}, linje 11." in result.output
    assert not (tmp_path / "ud2").exists()


BAD = [
    (
        "  - punkt: 4\n    beslutning: Intet.\n",
        11,
        "punkt 4 findes ikke; dagsordenen har punkt 1-3.",
    ),
    (
        "  - sag: varmestue\n    beslutning: Intet.\n",
        11,
        "sagen 'varmestue' står ikke under 'punkter'.",
    ),
    ("  - beslutning: Intet.\n", 11, "mangler 'punkt' (punktets nummer) eller 'sag'"),
    ("  - punkt: 1\n    sag: varmestuer\n    beslutning: Intet.\n", 11, "både 'punkt' og 'sag'"),
    ("  - punkt: 1\n", 11, "mangler 'beslutning' (teksten, fx 'beslutning: Indstillingen"),
    ("  - punkt: 1\n    beslutning:\n", 12, "'beslutning' i beslutning nr. 1 under"),
    ("  - punkt: første\n    beslutning: Intet.\n", 11, "skal være et helt tal fra 1 og op"),
    ("  - punkt: 3\n    beslutning: Intet.\n    dato: 31.11.2014\n", 13, "ikke en gyldig dato"),
    ("  - punkt: 3\n    beslutnig: Intet.\n", 12, "Ukendt nøgle 'beslutnig'"),
    (
        "  - punkt: 1\n    udvalg: Socialudvalg\n    beslutning: Intet.\n",
        11,
        "'udvalg: Socialudvalg' er hverken mødets udvalg eller sagens (Socialudvalget og "
        "Beskæftigelses- og Integrationsudvalget). Ret stavningen.",
    ),
    (
        "  - punkt: 3\n    beslutning: Intet.\n  - punkt: 3\n    beslutning: Ingenting.\n",
        13,
        "punkt 3 har allerede en beslutning for Socialudvalget (linje 11).",
    ),
    ("  punkt: 1\n", 10, "'beslutninger' skal være en liste"),
]
"""(decisions written in moede.yaml, the line to fix, the message)."""


@pytest.mark.parametrize(("beslutninger", "line", "message"), BAD, ids=[b[2][:30] for b in BAD])
def test_a_bad_decision_is_refused_naming_the_file_and_line(tmp_path, beslutninger, line, message):
    moedefil = project(tmp_path, beslutninger)
    result = byg(moedefil, tmp_path / "ud")
    assert result.exit_code == 1, result.output
    assert f"{moedefil}, linje {line}: " in result.output
    assert message in result.output
    assert "Traceback" not in result.output
    assert not (tmp_path / "ud").exists()


@pytest.mark.parametrize(
    ("moede", "line", "message"),
    [
        (
            MOEDE.replace("[Bo Jensen]", "[Bo Jenssen]"),
            9,
            "'Bo Jenssen' under 'fravaerende' står ikke under 'medlemmer'.",
        ),
        (
            MOEDE.replace("[Bo Jensen]", "[Bo Jensen, bo  jensen]"),
            9,
            "'bo  jensen' står to gange i 'fravaerende' (nr. 1 og 2).",
        ),
        (MOEDE.replace("fravaerende:", "afbud:"), 9, "Ukendt nøgle 'afbud'. Kendte nøgler:"),
    ],
)
def test_bad_absentees_are_refused(tmp_path, moede, line, message):
    moedefil = project(tmp_path, "".join(BESLUTNINGER.values()), moede=moede)
    result = byg(moedefil, tmp_path / "ud", "--referat")
    assert result.exit_code == 1, result.output
    assert f"{moedefil}, linje {line}: {message}" in result.output


def test_nobody_absent_and_no_list(tmp_path):
    moedefil = project(
        tmp_path, "".join(BESLUTNINGER.values()), moede=MOEDE.replace("[Bo Jensen]", "[]")
    )
    assert byg(moedefil, tmp_path / "ud", "--referat").exit_code == 0
    assert "Fraværende: Ingen" in paragraphs(tmp_path / "ud" / "offentlig" / "referat.docx")
    moedefil.write_text(
        MOEDE.replace("fravaerende: [Bo Jensen]\n", "") + "".join(BESLUTNINGER.values()),
        encoding="utf-8",
    )
    assert byg(moedefil, tmp_path / "ud", "--referat").exit_code == 0
    referat = paragraphs(tmp_path / "ud" / "offentlig" / "referat.docx")
    assert not any(line.startswith("Fraværende") for line in referat)
