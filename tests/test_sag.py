"""Reading a case folder's sag.md: front matter keys, lines and errors (issue 3, section 1).

Every key is read into `Sag`; every problem is a Danish CaseError naming sag.md and
the line to fix, and all problems of a file come together.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest

from dagsorden.errors import CaseError, CaseProblem, DagsordenError
from dagsorden.kerne.blocks import OekonomiTableMarker, Paragraph, Run
from dagsorden.kerne.sager import STANDARD_AFSNIT, Anbefaling, Beslutning, Bilag
from dagsorden.kilder.sag import NOEGLER, read_sag

KENDTE = (
    "udvalg, moededato, moedested, punkt, titel, sagsnr, resume, indstiller, indstilling, "
    "anbefaling, efter_indstilling, b_sag, indstilling_form, oekonomi, bilag, underskrift, "
    "lukket, beslutning, tillad_cpr, andre_beloeb"
)

BODY = "## Problemstilling\n\nP.\n\n## Løsning\n\nL.\n\n## Videre proces\n\nV.\n"

# Line 1 is '---' and these keys stand on lines 2-9, so a key added after them is on
# line 10 (see `case`).
MINIMAL = """\
udvalg: Socialudvalget
moededato: 04.12.2013, kl. 16:00
moedested: Rådhuset, stuen, værelse 8
punkt: 5
titel: Status på de politiske pejlemærker 2010-2013
indstiller: Socialforvaltningen
indstilling:
  - at Socialudvalget tager status til efterretning
"""

FULL = """\
---
udvalg:
  - Beskæftigelses- og Integrationsudvalget
  - Socialudvalget
moededato: 2010-09-22 15:30
moedested: Rådhuset, stuen, værelse 8
punkt: 12
titel: Evaluering af strategi og handleplan for de fælles borgere i BIF og SOF
sagsnr: 2010113567
resume: >
  Evaluering af det styrkede samarbejde
  mellem BIF og SOF.
indstiller:
  - Beskæftigelses- og Integrationsforvaltningen
  - Socialforvaltningen
indstilling:
  - at Beskæftigelses- og Integrationsudvalget og Socialudvalget tager evalueringen til efterretning
  - Beskæftigelses- og Integrationsudvalget godkender, at målet bliver 40 pct. i 2010
anbefaling:
  til: [Økonomiudvalget, Borgerrepræsentationen]
  punkter:
    - at Socialudvalgets indtægts- og udgiftsbudget hæves med 0,69 mio. kr.
oekonomi: budget.xlsx
bilag:
  - Evaluering af BIF-SOF strategi og handleplan
  - titel: Status på målene i BIF-SOF strategien
    fil: bilag/status.pdf
underskrift: Anette Laigaard / Morten Binder
lukket: false
beslutning:
  - udvalg: Socialudvalget
    dato: 21.09.2011
    tekst: Indstillingen blev godkendt.
  - udvalg: Økonomiudvalget
    dato: 2011-11-01
    tekst: Indstillingen blev anbefalet.
---

## Problemstilling

Tekst & <b>mere</b>.

## Løsning

[[økonomitabel: budget.xlsx]]

## Videre proces

Slut.
"""


def write_case(folder: Path, text: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    fil = folder / "sag.md"
    fil.write_text(text, encoding="utf-8")
    return fil


def case(tmp_path: Path, front: str, body: str = BODY) -> Path:
    """A case folder whose sag.md holds `front` between '---' lines, then `body`."""
    return write_case(tmp_path / "sagen", f"---\n{front}---\n\n{body}")


def minimal(**changes: str | None) -> str:
    """MINIMAL with keys replaced in place (their value as YAML text), removed (None)
    or, when MINIMAL has no such key, added at the end (from line 10)."""
    out: list[str] = []
    skipping = False
    for line in MINIMAL.splitlines(keepends=True):
        if not line.startswith(" "):
            key = line.split(":", 1)[0]
            skipping = key in changes
            if skipping and changes[key] is not None:
                out.append(f"{key}: {changes[key]}\n")
        if not skipping:
            out.append(line)
    present = {line.split(":", 1)[0] for line in MINIMAL.splitlines()}
    out += [f"{k}: {v}\n" for k, v in changes.items() if k not in present and v is not None]
    return "".join(out)


def problems_of(path: Path) -> list[str]:
    with pytest.raises(CaseError) as caught:
        read_sag(path)
    error = caught.value
    assert str(error) == "\n".join(str(p) for p in error.problems)
    return [str(p) for p in error.problems]


# --- every key ------------------------------------------------------------------------


def test_reads_every_key(tmp_path):
    folder = tmp_path / "fælles-borgere"
    folder.mkdir()
    (folder / "budget.xlsx").touch()
    fil = write_case(folder, FULL)

    sag = read_sag(folder)

    assert sag.fil == fil
    assert sag.mappe == folder
    assert sag.navn == "fælles-borgere"
    assert sag.udvalg == ("Beskæftigelses- og Integrationsudvalget", "Socialudvalget")
    assert sag.moededato == dt.datetime(2010, 9, 22, 15, 30)
    assert sag.moedested == "Rådhuset, stuen, værelse 8"
    assert sag.punkt == 12
    assert sag.titel == ("Evaluering af strategi og handleplan for de fælles borgere i BIF og SOF")
    assert sag.sagsnr == "2010113567"
    assert sag.resume == "Evaluering af det styrkede samarbejde mellem BIF og SOF."
    assert sag.indstiller == (
        "Beskæftigelses- og Integrationsforvaltningen",
        "Socialforvaltningen",
    )
    assert sag.indstilling == (
        "Beskæftigelses- og Integrationsudvalget og Socialudvalget tager evalueringen "
        "til efterretning",
        "Beskæftigelses- og Integrationsudvalget godkender, at målet bliver 40 pct. i 2010",
    )
    assert sag.anbefaling == Anbefaling(
        til=("Økonomiudvalget", "Borgerrepræsentationen"),
        punkter=("Socialudvalgets indtægts- og udgiftsbudget hæves med 0,69 mio. kr.",),
    )
    assert sag.oekonomi == (folder / "budget.xlsx",)
    assert sag.bilag == (
        Bilag("Evaluering af BIF-SOF strategi og handleplan"),
        Bilag("Status på målene i BIF-SOF strategien", "bilag/status.pdf"),
    )
    assert sag.underskrift == ("Anette Laigaard", "Morten Binder")
    assert sag.lukket is False
    assert sag.beslutning == (
        Beslutning("Socialudvalget", dt.date(2011, 9, 21), "Indstillingen blev godkendt."),
        Beslutning("Økonomiudvalget", dt.date(2011, 11, 1), "Indstillingen blev anbefalet."),
    )
    assert [s.titel for s in sag.afsnit] == ["Problemstilling", "Løsning", "Videre proces"]
    assert sag.afsnit[0].blocks == (Paragraph((Run("Tekst & <b>mere</b>."),)),)
    assert sag.afsnit[0].linje == 39
    assert sag.afsnit[1].blocks == (OekonomiTableMarker(folder / "budget.xlsx", 45),)


def test_lines_of_every_key_and_item(tmp_path):
    (tmp_path / "sagen").mkdir()
    (tmp_path / "sagen" / "budget.xlsx").touch()
    sag = read_sag(write_case(tmp_path / "sagen", FULL))
    assert sag.linjer == {
        "udvalg": 2,
        "udvalg.1": 3,
        "udvalg.2": 4,
        "moededato": 5,
        "moedested": 6,
        "punkt": 7,
        "titel": 8,
        "sagsnr": 9,
        "resume": 10,
        "indstiller": 13,
        "indstiller.1": 14,
        "indstiller.2": 15,
        "indstilling": 16,
        "indstilling.1": 17,
        "indstilling.2": 18,
        "anbefaling": 19,
        "anbefaling.1": 22,
        "oekonomi": 23,
        "bilag": 24,
        "bilag.1": 25,
        "bilag.2": 26,
        "underskrift": 28,
        "lukket": 29,
        "beslutning": 30,
        "beslutning.1": 31,
        "beslutning.2": 34,
    }


def test_the_sag_md_file_itself_or_its_folder(tmp_path):
    fil = case(tmp_path, MINIMAL)
    assert read_sag(fil) == read_sag(fil.parent)


def test_optional_keys_have_defaults(tmp_path):
    sag = read_sag(case(tmp_path, MINIMAL))
    assert sag.udvalg == ("Socialudvalget",)
    assert sag.indstiller == ("Socialforvaltningen",)
    assert sag.indstilling == ("Socialudvalget tager status til efterretning",)
    assert (sag.sagsnr, sag.resume, sag.anbefaling) == ("", "", None)
    assert (sag.oekonomi, sag.bilag, sag.underskrift, sag.beslutning) == ((), (), (), ())
    assert sag.lukket is False


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        ("2013-12-04 16:00", dt.datetime(2013, 12, 4, 16, 0)),
        ("2013-12-04 16:00:30", dt.datetime(2013, 12, 4, 16, 0, 30)),
        ("2013-12-04T16:00", dt.datetime(2013, 12, 4, 16, 0)),
        ("04.12.2013 kl. 16:00", dt.datetime(2013, 12, 4, 16, 0)),
        ("04.12.2013, kl. 16:00", dt.datetime(2013, 12, 4, 16, 0)),
        ('"4.12.2013 kl. 9.30"', dt.datetime(2013, 12, 4, 9, 30)),
    ],
)
def test_moededato_forms(tmp_path, written, expected):
    assert read_sag(case(tmp_path, minimal(moededato=written))).moededato == expected


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        ("2010113567", "2010113567"),
        ("0123", "0123"),
        ("1.50", "1.50"),
        ("2014-0231965", "2014-0231965"),
        ('"2010-113567"', "2010-113567"),
    ],
)
def test_sagsnr_is_the_exact_text(tmp_path, written, expected):
    assert read_sag(case(tmp_path, minimal(sagsnr=written))).sagsnr == expected


def test_lists_or_single_strings(tmp_path):
    (tmp_path / "sagen").mkdir()
    for name in ("a.xlsx", "b.xlsx"):
        (tmp_path / "sagen" / name).touch()
    front = minimal(
        udvalg="[Socialudvalget, Økonomiudvalget]",
        indstiller="[Socialforvaltningen, Økonomiforvaltningen]",
        indstilling='"at Socialudvalget godkender"',
    )
    front += "oekonomi: [a.xlsx, b.xlsx]\nunderskrift: [Anette Laigaard, Sven Bjerre]\n"
    sag = read_sag(case(tmp_path, front))
    assert sag.udvalg == ("Socialudvalget", "Økonomiudvalget")
    assert sag.indstiller == ("Socialforvaltningen", "Økonomiforvaltningen")
    assert sag.indstilling == ("Socialudvalget godkender",)
    assert sag.oekonomi == (tmp_path / "sagen" / "a.xlsx", tmp_path / "sagen" / "b.xlsx")
    assert sag.underskrift == ("Anette Laigaard", "Sven Bjerre")


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        ("at Socialudvalget godkender", "Socialudvalget godkender"),
        ("At Socialudvalget godkender", "Socialudvalget godkender"),
        ("1. at Socialudvalget godkender", "Socialudvalget godkender"),
        ("Socialudvalget godkender", "Socialudvalget godkender"),
        ("atten millioner bevilges", "atten millioner bevilges"),
    ],
)
def test_at_is_optional_in_at_punkter(tmp_path, written, expected):
    sag = read_sag(case(tmp_path, minimal(indstilling=f"['{written}']")))
    assert sag.indstilling == (expected,)


@pytest.mark.parametrize(
    ("written", "expected"),
    [("true", True), ("ja", True), ("Ja", True), ("false", False), ("nej", False)],
)
def test_lukket(tmp_path, written, expected):
    assert read_sag(case(tmp_path, minimal() + f"lukket: {written}\n")).lukket is expected


def test_beslutning_without_udvalg_is_the_first_udvalg(tmp_path):
    front = minimal() + "beslutning:\n  - tekst: Indstillingen blev godkendt.\n"
    sag = read_sag(case(tmp_path, front))
    assert sag.beslutning == (Beslutning("Socialudvalget", None, "Indstillingen blev godkendt."),)


def test_text_from_the_case_is_never_template_code(tmp_path):
    front = minimal(titel='"{{ x }} & {% if %} <b>\'"') + "resume: '{{ resume }} < >'\n"
    sag = read_sag(case(tmp_path, front))
    assert sag.titel == "{{ x }} & {% if %} <b>'"
    assert sag.resume == "{{ resume }} < >"


def test_windows_line_endings_and_bom(tmp_path):
    text = f"\ufeff---\n{MINIMAL}---\n\n{BODY}".replace("\n", "\r\n")
    folder = tmp_path / "sagen"
    folder.mkdir()
    (folder / "sag.md").write_bytes(text.encode("utf-8"))
    sag = read_sag(folder)
    assert sag.titel == "Status på de politiske pejlemærker 2010-2013"
    assert sag.afsnit[0].linje == 12


# --- errors ---------------------------------------------------------------------------


def test_case_error_is_a_dagsorden_error_with_file_and_line():
    error = CaseError([CaseProblem("b.md", 9, "To."), CaseProblem("b.md", 2, "En.")])
    assert isinstance(error, DagsordenError)
    assert str(error) == "b.md, linje 2: En.\nb.md, linje 9: To."
    assert (error.file, error.line) == ("b.md", 2)
    assert str(CaseError.at("a.md", 3, "Besked.")) == "a.md, linje 3: Besked."


def test_missing_required_key(tmp_path):
    fil = case(tmp_path, minimal(titel=None))
    assert problems_of(fil) == [
        f"{fil}, linje 1: Nøglen 'titel' mangler i front matter. Kendte nøgler: {KENDTE}."
    ]


def test_missing_required_keys_together(tmp_path):
    fil = case(tmp_path, minimal(punkt=None, titel=None, indstilling=None))
    assert problems_of(fil) == [
        f"{fil}, linje 1: Nøglerne 'punkt', 'titel', 'indstilling' mangler i front "
        f"matter. Kendte nøgler: {KENDTE}."
    ]


def test_empty_front_matter(tmp_path):
    fil = case(tmp_path, "")
    assert problems_of(fil) == [
        f"{fil}, linje 1: Nøglerne 'udvalg', 'moededato', 'punkt', 'titel', "
        f"'indstiller', 'indstilling' mangler i front matter. Kendte nøgler: {KENDTE}."
    ]


@pytest.mark.parametrize(
    ("key", "suggestion"),
    [("moededag", "moededato"), ("mødested", "moedested"), ("Titel", "titel"), ("bilg", "bilag")],
)
def test_unknown_key_suggests_the_closest(tmp_path, key, suggestion):
    fil = case(tmp_path, minimal() + f"{key}: x\n")
    assert problems_of(fil) == [f"{fil}, linje 10: Ukendt nøgle '{key}'. Mente du '{suggestion}'?"]


def test_unknown_key_without_suggestion_lists_the_keys(tmp_path):
    fil = case(tmp_path, minimal() + "farve: rød\n")
    assert problems_of(fil) == [f"{fil}, linje 10: Ukendt nøgle 'farve'. Kendte nøgler: {KENDTE}."]


def test_unknown_key_inside_a_bilag(tmp_path):
    fil = case(tmp_path, minimal() + "bilag:\n  - titel: Notat\n    fill: notat.pdf\n")
    assert problems_of(fil) == [
        f"{fil}, linje 12: Ukendt nøgle 'fill' i 'bilag' nr. 1. Mente du 'fil'?"
    ]


def test_key_given_twice(tmp_path):
    fil = case(tmp_path, minimal() + "titel: Igen\n")
    assert problems_of(fil) == [f"{fil}, linje 10: Nøglen 'titel' står to gange (også i linje 6)."]


@pytest.mark.parametrize(
    ("extra", "line", "message"),
    [
        (
            "sagsnr: [1, 2]\n",
            10,
            "'sagsnr' skal være tekst, ikke en liste.",
        ),
        (
            "resume:\n  kort: ja\n",
            10,
            "'resume' skal være tekst, ikke nøgler med værdier. Står der ': ' i teksten, "
            "så sæt hele teksten i anførselstegn.",
        ),
        (
            "lukket: måske\n",
            10,
            "'lukket' skal være true eller false, ikke 'måske'.",
        ),
        (
            "bilag: Notat om 6-by\n",
            10,
            "'bilag' skal være en liste ('- ...' på hver linje), ikke 'Notat om 6-by'.",
        ),
        (
            "bilag:\n  - [a, b]\n",
            11,
            "'bilag' nr. 1 skal være nøgler med værdier (titel, fil), ikke en liste.",
        ),
        (
            "bilag:\n  - fil: notat.pdf\n",
            11,
            "'bilag' nr. 1 mangler 'titel'.",
        ),
        (
            "oekonomi:\n  fil: budget.xlsx\n",
            10,
            "'oekonomi' skal være tekst eller en liste, ikke nøgler med værdier.",
        ),
        (
            "anbefaling: Økonomiudvalget\n",
            10,
            "'anbefaling' skal være nøgler med værdier (til, punkter), ikke 'Økonomiudvalget'.",
        ),
        (
            "anbefaling:\n  til: Økonomiudvalget\n",
            10,
            "'anbefaling' mangler 'punkter': hvem udvalget anbefaler (til) og at-punkterne "
            "(punkter).",
        ),
        (
            "beslutning:\n  - udvalg: Socialudvalget\n",
            11,
            "'beslutning' nr. 1 mangler 'tekst'.",
        ),
        (
            "underskrift:\n  - [a]\n",
            11,
            "'underskrift' nr. 1 skal være tekst, ikke en liste.",
        ),
    ],
)
def test_wrong_types_of_optional_keys(tmp_path, extra, line, message):
    fil = case(tmp_path, minimal() + extra)
    assert problems_of(fil) == [f"{fil}, linje {line}: {message}"]


@pytest.mark.parametrize(
    ("key", "value", "line", "message"),
    [
        (
            "udvalg",
            "{navn: Socialudvalget}",
            2,
            "'udvalg' skal være tekst eller en liste, ikke nøgler med værdier.",
        ),
        ("udvalg", "[]", 2, "'udvalg' er en tom liste."),
        ("punkt", "tolv", 5, "'punkt' skal være et helt tal fra 1 og op, ikke 'tolv'."),
        ("punkt", "0", 5, "'punkt' skal være et helt tal fra 1 og op, ikke '0'."),
        ("punkt", "12.5", 5, "'punkt' skal være et helt tal fra 1 og op, ikke '12.5'."),
        ("titel", "[Status, 2013]", 6, "'titel' skal være tekst, ikke en liste."),
        ("titel", '""', 6, "'titel' er tom."),
        ("indstilling", "[]", 8, "'indstilling' er en tom liste."),
        ("indstilling", "['at ']", 8, "'indstilling' nr. 1 er tom efter 'at'."),
        ("indstilling", "['', x]", 8, "'indstilling' nr. 1 er tom."),
    ],
)
def test_wrong_types_of_required_keys(tmp_path, key, value, line, message):
    fil = case(tmp_path, minimal(**{key: value}))
    assert problems_of(fil) == [f"{fil}, linje {line}: {message}"]


def test_at_punkt_with_a_colon_parsed_as_a_mapping(tmp_path):
    front = minimal(indstilling=None) + (
        "indstilling:\n"
        "  - at Socialudvalget godkender\n"
        "  - at Socialudvalget godkender følgende: testamentet\n"
    )
    fil = case(tmp_path, front)
    assert problems_of(fil) == [
        f"{fil}, linje 10: 'indstilling' nr. 2 skal være tekst, ikke nøgler med værdier. "
        "Står der ': ' i teksten, så sæt hele teksten i anførselstegn."
    ]


HINT = (
    "En tekst, der begynder med en pladsholder som {beløb}, skal stå i anførselstegn, "
    "fx '{beløb} bevilges til ...'."
)


@pytest.mark.parametrize(
    ("front", "line", "message"),
    [
        (minimal(resume="{beløb}"), 10, "'resume' begynder med en pladsholder. " + HINT),
        (
            minimal(resume="{beløb:Udgiftsbudget|2011|fortegn}"),
            10,
            "'resume' begynder med en pladsholder. " + HINT,
        ),
        (
            minimal(indstilling=None) + "indstilling:\n  - {beløb#2}\n",
            9,
            "'indstilling' nr. 1 begynder med en pladsholder. " + HINT,
        ),
        (
            minimal(resume="{beløb} bevilges til projektet"),
            10,
            "Front matter er ikke gyldig YAML. " + HINT,
        ),
        (
            minimal(indstilling=None) + "indstilling:\n  - at x\n  - {tabel} viser det\n",
            10,
            "Front matter er ikke gyldig YAML. " + HINT,
        ),
    ],
)
def test_a_text_beginning_with_a_placeholder_must_be_quoted(tmp_path, front, line, message):
    fil = case(tmp_path, front)
    assert problems_of(fil) == [f"{fil}, linje {line}: {message}"]


def test_placeholders_are_read_as_written(tmp_path):
    fil = case(
        tmp_path,
        minimal(resume="'{beløb} bevilges, jf. {tabel}.'")
        + "anbefaling:\n  til: ØU\n  punkter:\n    - at {beløb:Netto|2026|fortegn} godkendes\n",
    )
    sag = read_sag(fil)
    assert sag.resume == "{beløb} bevilges, jf. {tabel}."
    assert sag.anbefaling is not None
    assert sag.anbefaling.punkter == ("{beløb:Netto|2026|fortegn} godkendes",)


def test_other_flow_mappings_keep_the_general_message(tmp_path):
    fil = case(tmp_path, minimal(resume="{a: b}"))
    assert problems_of(fil) == [
        f"{fil}, linje 10: 'resume' skal være tekst, ikke nøgler med værdier. "
        "Står der ': ' i teksten, så sæt hele teksten i anførselstegn."
    ]


def test_yaml_syntax_error_has_its_line(tmp_path):
    fil = case(tmp_path, minimal(titel="Status: pejlemærker 2013"))
    assert problems_of(fil) == [
        f"{fil}, linje 6: Front matter er ikke gyldig YAML (kolonne 14). Står der ': ' inde "
        "i en tekst, så sæt hele teksten i anførselstegn."
    ]


def test_yaml_tab_indentation(tmp_path):
    fil = case(tmp_path, minimal(indstilling=None) + "indstilling:\n\t- at x\n")
    assert problems_of(fil) == [
        f"{fil}, linje 9: Front matter er ikke gyldig YAML (kolonne 1). Tabulatortegn kan "
        "ikke bruges til indrykning; brug mellemrum."
    ]


def test_control_character_in_front_matter(tmp_path):
    fil = case(tmp_path, minimal(moedested="Rådhuset\x07"))
    assert problems_of(fil) == [
        f"{fil}, linje 4: Front matter indeholder tegnet U+0007 (et kontroltegn), som ikke "
        "kan stå i et Word-dokument. Slet det."
    ]


def test_front_matter_that_is_no_mapping(tmp_path):
    fil = case(tmp_path, "- udvalg\n- titel\n")
    assert problems_of(fil) == [
        f"{fil}, linje 2: Front matter skal være nøgler med værdier ('udvalg: ...'), ikke en liste."
    ]


@pytest.mark.parametrize(
    ("written", "message"),
    [
        (
            '"31.02.2013 kl. 16:00"',
            "'moededato': '31.02.2013 kl. 16:00' er ikke en gyldig dato og tid.",
        ),
        ("2013-12-04 25:00", "'moededato': '2013-12-04 25:00' er ikke en gyldig dato og tid."),
        (
            "i morgen",
            "'moededato' skal være dato og klokkeslæt som 04.12.2013 kl. 16:00 eller "
            "2013-12-04 16:00, ikke 'i morgen'.",
        ),
    ],
)
def test_bad_moededato(tmp_path, written, message):
    fil = case(tmp_path, minimal(moededato=written))
    assert problems_of(fil) == [f"{fil}, linje 3: {message}"]


@pytest.mark.parametrize(
    ("written", "message"),
    [
        ("32.09.2011", "'dato' i 'beslutning' nr. 1: '32.09.2011' er ikke en gyldig dato."),
        (
            "september 2011",
            "'dato' i 'beslutning' nr. 1 skal være en dato som 21.09.2011 eller 2011-09-21, "
            "ikke 'september 2011'.",
        ),
    ],
)
def test_bad_beslutning_dato(tmp_path, written, message):
    front = minimal() + f"beslutning:\n  - dato: {written}\n    tekst: Godkendt.\n"
    fil = case(tmp_path, front)
    assert problems_of(fil) == [f"{fil}, linje 11: {message}"]


def test_missing_budget_workbook_names_its_line(tmp_path):
    fil = case(tmp_path, minimal() + "oekonomi:\n  - budget.xlsx\n  - mangler.xlsx\n")
    (fil.parent / "budget.xlsx").touch()
    assert problems_of(fil) == [
        f"{fil}, linje 12: 'oekonomi': Budgetarbejdsbogen 'mangler.xlsx' findes ikke "
        f"({fil.parent / 'mangler.xlsx'})."
    ]


def test_no_front_matter(tmp_path):
    fil = write_case(tmp_path / "sagen", BODY)
    assert problems_of(fil) == [
        f"{fil}, linje 1: sag.md skal begynde med front matter: en linje '---', nøglerne "
        "(udvalg, moededato, titel, ...) og en linje '---'."
    ]


def test_front_matter_never_closed(tmp_path):
    fil = write_case(tmp_path / "sagen", "---\n" + MINIMAL + BODY)
    assert problems_of(fil) == [
        f"{fil}, linje 1: Front matter begynder med '---' i linje 1, men slutter aldrig "
        "med en linje '---'."
    ]


def test_folder_without_sag_md(tmp_path):
    assert problems_of(tmp_path) == [f"{tmp_path}: Sagsmappen har ingen sag.md."]


def test_missing_path(tmp_path):
    assert problems_of(tmp_path / "ingen") == [
        f"{tmp_path / 'ingen'}: Filen eller mappen findes ikke."
    ]


def test_not_utf8(tmp_path):
    folder = tmp_path / "sagen"
    folder.mkdir()
    (folder / "sag.md").write_bytes(
        f"---\n{MINIMAL}---\n".encode() + "## Løsning\n".encode("cp1252")
    )
    assert problems_of(folder) == [
        f"{folder / 'sag.md'}, linje 11: Filen er ikke gemt som UTF-8. "
        "Gem den som UTF-8 i din editor."
    ]


def test_every_problem_of_a_file_together(tmp_path):
    front = (
        "udvalg: Socialudvalget\n"  # 2
        "moededato: 31.12.2013 kl. 26:00\n"  # 3
        "moedested: Rådhuset\n"  # 4
        "punkt: tolv\n"  # 5
        "titl: Status\n"  # 6
        "indstiller: Socialforvaltningen\n"  # 7
        "indstilling: [at x]\n"  # 8
        "oekonomi: budget.xlsx\n"  # 9
    )
    body = "Indledning.\n\n## Løsning\n\n[[statustable: x]]\n\n## Problemstilling\n"
    fil = case(tmp_path, front, body)  # the body starts on line 12
    assert problems_of(fil) == [
        f"{fil}, linje 1: Nøglen 'titel' mangler i front matter. Kendte nøgler: {KENDTE}.",
        f"{fil}, linje 3: 'moededato': '31.12.2013 kl. 26:00' er ikke en gyldig dato og tid.",
        f"{fil}, linje 5: 'punkt' skal være et helt tal fra 1 og op, ikke 'tolv'.",
        f"{fil}, linje 6: Ukendt nøgle 'titl'. Mente du 'titel'?",
        f"{fil}, linje 9: 'oekonomi': Budgetarbejdsbogen 'budget.xlsx' findes ikke "
        f"({fil.parent / 'budget.xlsx'}).",
        f"{fil}, linje 12: Tekst før første afsnit. Skriv resuméet i 'resume' i front "
        "matter, eller sæt teksten under et afsnit ('## Problemstilling' ...).",
        f"{fil}, linje 16: Ukendt markør '[[statustable: x]]'. Mente du 'statustabel'? "
        "Kendte markører: [[statustabel: STI]] og [[økonomitabel: STI]].",
        f"{fil}, linje 18: Afsnittet '## Problemstilling' skal stå før '## Løsning' "
        "(linje 14). Rækkefølgen er Problemstilling, Løsning, Økonomi, Videre proces.",
        f"{fil}, linje 18: Afsnittet '## Videre proces' mangler; det skal stå efter "
        "'## Løsning'. En sag har afsnittene Problemstilling, Løsning, Økonomi (kan "
        "udelades) og Videre proces, i den rækkefølge.",
    ]


def test_yaml_error_still_reports_the_body(tmp_path):
    fil = case(tmp_path, minimal(titel="a: b"), "Før.\n\n" + BODY)
    [yaml_problem, body_problem] = problems_of(fil)
    assert yaml_problem.startswith(f"{fil}, linje 6: Front matter er ikke gyldig YAML")
    assert body_problem.startswith(f"{fil}, linje 12: Tekst før første afsnit.")


def readme_section() -> str:
    """The README's "Case folders" section, up to the next `## ` outside a code block."""
    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    section = readme.split("\n## Case folders", 1)[1]
    outside_code = re.split(r"(^```.*?^```$)", section, flags=re.MULTILINE | re.DOTALL)
    kept = []
    for part in outside_code:
        if not part.startswith("```") and "\n## " in part:
            kept.append(part.split("\n## ", 1)[0])
            break
        kept.append(part)
    return "".join(kept)


def test_every_key_is_documented_in_the_readme():
    section = readme_section()
    for key in NOEGLER:
        assert f"| `{key}` |" in section, key


def test_the_readme_example_is_a_valid_case(tmp_path):
    example = readme_section().split("```markdown\n", 1)[1].split("\n```", 1)[0]
    folder = tmp_path / "forebyggelse"
    folder.mkdir()
    (folder / "budget.xlsx").touch()
    sag = read_sag(write_case(folder, example + "\n"))
    assert sag.moededato == dt.datetime(2011, 9, 21, 16, 0)
    assert sag.anbefaling == Anbefaling(
        ("Økonomiudvalget", "Borgerrepræsentationen"),
        ("Socialudvalgets indtægts- og udgiftsbudget hæves med 0,69 mio. kr.",),
    )
    assert sag.bilag == (
        Bilag("Brev fra socialministeren", "bilag/brev.pdf"),
        Bilag("Projektbeskrivelse"),
    )
    assert [s.titel for s in sag.afsnit] == list(STANDARD_AFSNIT)
    assert sag.afsnit[2].blocks == (OekonomiTableMarker(folder / "budget.xlsx", 44),)


@pytest.mark.parametrize("written", ["2011-09-21", "21.09.2011"])
def test_moededato_without_time_and_no_moedested(tmp_path, written):
    """Seeds 003 and 004 give no time or place; a draft may not know them yet."""
    fil = case(tmp_path, minimal(moededato=written, moedested=None))
    sag = read_sag(fil)
    assert sag.moededato == dt.date(2011, 9, 21)
    assert not isinstance(sag.moededato, dt.datetime)
    assert sag.moedested == ""
