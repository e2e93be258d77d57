"""The body of a case: Markdown to blocks, markers and sections (issue 3, section 1).

Everything the author writes comes out as text (HTML and template syntax included),
formatting becomes runs, lists flatten into levels, and every problem names its
line in sag.md.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from dagsorden.errors import CaseError
from dagsorden.kerne.blocks import (
    BulletList,
    Heading,
    ListItem,
    NumberedList,
    OekonomiTableMarker,
    Paragraph,
    Run,
    Section,
    StatusTableMarker,
    Table,
    plain_text,
)
from dagsorden.kilder.markdown_body import parse_body, standard_afsnit

STANDARD = (
    "## Problemstilling\n\nP.\n\n## Løsning\n\nL.\n\n## Økonomi\n\nØ.\n\n## Videre proces\n\nV.\n"
)
ORDER = "Rækkefølgen er Problemstilling, Løsning, Økonomi, Videre proces."
SECTIONS_RULE = (
    "En sag har afsnittene Problemstilling, Løsning, Økonomi (kan udelades) og "
    "Videre proces, i den rækkefølge."
)


@pytest.fixture
def fil(tmp_path: Path) -> Path:
    """sag.md's path in a case folder holding the files the markers point at."""
    (tmp_path / "pejlemaerker").mkdir()
    (tmp_path / "budget").mkdir()
    (tmp_path / "budget" / "tabel 1.xlsx").touch()
    (tmp_path / "budget.xlsx").touch()
    return tmp_path / "sag.md"


def losning(text: str, fil: Path, first_line: int = 1) -> tuple:
    """The blocks of a Løsning section holding `text`, in an otherwise valid body."""
    body = f"## Problemstilling\n\nP.\n\n## Løsning\n\n{text}\n\n## Videre proces\n\nV.\n"
    sections = parse_body(body, first_line, fil)
    return sections[1].blocks


def problems_of(text: str, fil: Path, first_line: int = 1) -> list[str]:
    with pytest.raises(CaseError) as caught:
        parse_body(text, first_line, fil)
    error = caught.value
    assert str(error) == "\n".join(str(p) for p in error.problems)
    return [str(p) for p in error.problems]


def with_losning(text: str) -> str:
    """A valid body whose Løsning (starting at body line 5) holds `text` from line 7."""
    return f"## Problemstilling\n\nP.\n\n## Løsning\n\n{text}\n\n## Videre proces\n\nV.\n"


# --- sections -------------------------------------------------------------------------


def test_standard_sections_with_lines_offset_by_the_front_matter(fil):
    sections = parse_body(STANDARD, 20, fil)
    assert [(s.titel, s.linje) for s in sections] == [
        ("Problemstilling", 20),
        ("Løsning", 24),
        ("Økonomi", 28),
        ("Videre proces", 32),
    ]
    assert sections[0] == Section("Problemstilling", (Paragraph((Run("P."),)),), 20)


def test_oekonomi_may_be_left_out(fil):
    body = "## Problemstilling\n\nP.\n\n## Løsning\n\nL.\n\n## Videre proces\n\nV.\n"
    assert [s.titel for s in parse_body(body, 1, fil)] == [
        "Problemstilling",
        "Løsning",
        "Videre proces",
    ]


def test_extra_sections_stand_anywhere(fil):
    body = (
        "## Resumé\n\nR.\n\n## Problemstilling\n\nP.\n\n## Løsning\n\nL.\n\n"
        "## Politisk handlerum\n\n- a\n\n## Økonomi\n\nØ.\n\n## Videre proces\n\nV.\n\n"
        "## Effekt\n\nE.\n"
    )
    assert [s.titel for s in parse_body(body, 1, fil)] == [
        "Resumé",
        "Problemstilling",
        "Løsning",
        "Politisk handlerum",
        "Økonomi",
        "Videre proces",
        "Effekt",
    ]


def test_standard_titles_match_ignoring_case_and_spaces(fil):
    body = "## problemstilling\n\nP.\n\n## LØSNING\n\nL.\n\n## Videre  proces\n\nV.\n"
    assert [s.titel for s in parse_body(body, 1, fil)] == [
        "Problemstilling",
        "Løsning",
        "Videre proces",
    ]


@pytest.mark.parametrize(
    ("written", "standard"),
    [("videreproces", "Videre proces"), (" ØKONOMI ", "Økonomi"), ("Effekt", None)],
)
def test_standard_afsnit(written, standard):
    assert standard_afsnit(written) == standard


def test_sections_out_of_order(fil):
    body = "## Løsning\n\nL.\n\n## Problemstilling\n\nP.\n\n## Videre proces\n\nV.\n"
    assert problems_of(body, fil, first_line=10) == [
        f"{fil}, linje 14: Afsnittet '## Problemstilling' skal stå før '## Løsning' "
        f"(linje 10). {ORDER}"
    ]


def test_oekonomi_after_videre_proces(fil):
    body = (
        "## Problemstilling\n\nP.\n\n## Løsning\n\nL.\n\n## Videre proces\n\nV.\n\n"
        "## Økonomi\n\nØ.\n"
    )
    assert problems_of(body, fil) == [
        f"{fil}, linje 13: Afsnittet '## Økonomi' skal stå før '## Videre proces' "
        f"(linje 9). {ORDER}"
    ]


def test_missing_section_says_where_it_belongs(fil):
    body = "## Problemstilling\n\nP.\n\n## Videre proces\n\nV.\n"
    assert problems_of(body, fil, first_line=8) == [
        f"{fil}, linje 12: Afsnittet '## Løsning' mangler; det skal stå før "
        f"'## Videre proces'. {SECTIONS_RULE}"
    ]


def test_missing_last_section_points_at_the_end(fil):
    body = "## Problemstilling\n\nP.\n\n## Løsning\n\nL.\n"
    assert problems_of(body, fil) == [
        f"{fil}, linje 7: Afsnittet '## Videre proces' mangler; det skal stå efter "
        f"'## Løsning'. {SECTIONS_RULE}"
    ]


def test_body_without_sections(fil):
    assert problems_of("", fil, first_line=5) == [
        f"{fil}, linje 5: Afsnittet '## {titel}' mangler. {SECTIONS_RULE}"
        for titel in ("Problemstilling", "Løsning", "Videre proces")
    ]


def test_duplicate_section(fil):
    body = STANDARD + "\n## løsning\n\nIgen.\n"
    assert problems_of(body, fil) == [
        f"{fil}, linje 17: Afsnittet '## Løsning' står to gange (første gang i linje 5)."
    ]


def test_text_before_the_first_section(fil):
    body = "Et resumé.\n\nMere.\n\n" + STANDARD
    assert problems_of(body, fil, first_line=9) == [
        f"{fil}, linje 9: Tekst før første afsnit. Skriv resuméet i 'resume' i front matter, "
        "eller sæt teksten under et afsnit ('## Problemstilling' ...)."
    ]


def test_level_one_heading(fil):
    body = STANDARD + "\n# Titel\n"
    assert problems_of(body, fil) == [
        f"{fil}, linje 17: Overskrift med '# '. Titlen står i 'titel' i front matter; "
        "afsnit skrives med '## ' og underoverskrifter med '### '."
    ]


def test_all_body_problems_together(fil):
    body = "Indledning.\n\n## Løsning\n\n[[foo: x]]\n\n## Problemstilling\n\nP.\n"
    assert problems_of(body, fil) == [
        f"{fil}, linje 1: Tekst før første afsnit. Skriv resuméet i 'resume' i front matter, "
        "eller sæt teksten under et afsnit ('## Problemstilling' ...).",
        f"{fil}, linje 5: Ukendt markør '[[foo: x]]'. Kendte markører: "
        "[[statustabel: STI]] og [[økonomitabel: STI]].",
        f"{fil}, linje 7: Afsnittet '## Problemstilling' skal stå før '## Løsning' "
        f"(linje 3). {ORDER}",
        f"{fil}, linje 9: Afsnittet '## Videre proces' mangler; det skal stå efter "
        f"'## Løsning'. {SECTIONS_RULE}",
    ]


# --- literal text ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "a & b < c > d",
        "<b>x</b>",
        "\"citat\" og 'enkelt'",
        "{{ x }}",
        "{% if %}ja{% endif %}",
        "{# kommentar #}",
        "<script>alert(1)</script>",
    ],
)
def test_special_characters_come_out_literally(fil, text):
    assert losning(text, fil) == (Paragraph((Run(text),)),)


def test_html_comments_are_never_printed(fil):
    blocks = losning("a <!-- skjult --> b\n\n<!--\nogså skjult\n-->\n\nc", fil)
    assert blocks == (Paragraph((Run("a  b"),)), Paragraph((Run("c"),)))


def test_html_block_stays_text(fil):
    blocks = losning("<div>\nhej\n</div>", fil)
    assert blocks == (Paragraph((Run("<div> hej </div>"),)),)


def test_template_syntax_in_formatted_text_and_cells(fil):
    blocks = losning("**{{ x }}** og *{% if %}*\n\n| {{ a }} |\n|---|\n| <i>b</i> & c |", fil)
    assert blocks == (
        Paragraph((Run("{{ x }}", fed=True), Run(" og "), Run("{% if %}", kursiv=True))),
        Table(header=((Run("{{ a }}"),),), rows=(((Run("<i>b</i> & c"),),),)),
    )


# --- inline formatting ----------------------------------------------------------------


def test_bold_italic_link_and_code_runs(fil):
    [paragraph] = losning(
        "Se **fed**, *kursiv*, ***begge***, [kk.dk](https://www.kk.dk) og `kode`.", fil
    )
    assert paragraph.runs == (
        Run("Se "),
        Run("fed", fed=True),
        Run(", "),
        Run("kursiv", kursiv=True),
        Run(", "),
        Run("begge", fed=True, kursiv=True),
        Run(", "),
        Run("kk.dk", link="https://www.kk.dk"),
        Run(" og kode."),
    )


def test_formatting_inside_a_link(fil):
    [paragraph] = losning("[**fed** link](https://x.dk)", fil)
    assert paragraph.runs == (
        Run("fed", fed=True, link="https://x.dk"),
        Run(" link", link="https://x.dk"),
    )


def test_soft_break_is_a_space_hard_break_a_newline(fil):
    [paragraph] = losning("første\nanden  \ntredje\\\n**fjerde**", fil)
    assert paragraph.runs == (Run("første anden\ntredje\n"), Run("fjerde", fed=True))


def test_sub_headings(fil):
    blocks = losning("### Proces\n\nTekst.\n\n#### Trin *1*", fil)
    assert blocks == (
        Heading((Run("Proces"),), 3),
        Paragraph((Run("Tekst."),)),
        Heading((Run("Trin "), Run("1", kursiv=True)), 4),
    )


def test_code_block_is_plain_text(fil):
    assert losning("```\n{{ x }}\n<b>\n```", fil) == (Paragraph((Run("{{ x }}\n<b>"),)),)


def test_image_is_an_error(fil):
    assert problems_of(with_losning("Se ![graf](graf.png)."), fil) == [
        f"{fil}, linje 7: Billeder kan ikke stå i brødteksten ('graf.png'). "
        "Vedlæg billedet som bilag."
    ]


# --- lists and tables -----------------------------------------------------------------


def test_bullet_list(fil):
    assert losning("- første\n- **anden**", fil) == (
        BulletList((ListItem((Run("første"),)), ListItem((Run("anden", fed=True),)))),
    )


def test_nested_lists_flatten_into_levels(fil):
    blocks = losning("- a\n  - a1\n    - a1x\n  - a2\n- b", fil)
    assert blocks == (
        BulletList(
            (
                ListItem((Run("a"),), 0),
                ListItem((Run("a1"),), 1),
                ListItem((Run("a1x"),), 2),
                ListItem((Run("a2"),), 1),
                ListItem((Run("b"),), 0),
            )
        ),
    )


def test_numbered_list_keeps_its_start(fil):
    assert losning("3. tre\n4. fire", fil) == (
        NumberedList((ListItem((Run("tre"),)), ListItem((Run("fire"),))), start=3),
    )
    assert losning("1. en", fil) == (NumberedList((ListItem((Run("en"),)),), start=1),)


def test_numbered_list_nested_in_bullets_takes_the_outer_kind(fil):
    assert losning("- a\n  1. x\n  2. y", fil) == (
        BulletList((ListItem((Run("a"),), 0), ListItem((Run("x"),), 1), ListItem((Run("y"),), 1))),
    )


def test_loose_list_item_with_two_paragraphs(fil):
    assert losning("- a\n\n  mere\n- b", fil) == (
        BulletList((ListItem((Run("a\nmere"),)), ListItem((Run("b"),)))),
    )


def test_table_inside_a_list_is_an_error(fil):
    body = with_losning("- a\n\n  | x |\n  |---|\n  | 1 |")
    assert problems_of(body, fil) == [
        f"{fil}, linje 9: En tabel eller et citat kan ikke stå inde i en liste. "
        "Sæt det efter listen, med en tom linje før."
    ]


def test_table(fil):
    [table] = losning(
        "| Post | 2011 | 2012 |\n|---|--:|--:|\n| Indtægtsbudget | -100 | -590 |\n"
        "| **Udgiftsbudget** | 100 | |",
        fil,
    )
    assert table == Table(
        header=((Run("Post"),), (Run("2011"),), (Run("2012"),)),
        rows=(
            ((Run("Indtægtsbudget"),), (Run("-100"),), (Run("-590"),)),
            ((Run("Udgiftsbudget", fed=True),), (Run("100"),), ()),
        ),
    )


# --- markers --------------------------------------------------------------------------


def test_markers_resolve_against_the_case_folder(fil):
    blocks = losning(
        "[[statustabel: pejlemaerker]]\n\n[[økonomitabel: budget/tabel 1.xlsx]]", fil, 30
    )
    assert blocks == (
        StatusTableMarker(fil.parent / "pejlemaerker", 36),
        OekonomiTableMarker(fil.parent / "budget" / "tabel 1.xlsx", 38),
    )


@pytest.mark.parametrize(
    "written",
    [
        "[[oekonomitabel: budget.xlsx]]",
        "[[Økonomitabel: budget.xlsx]]",
        "[[ ØKONOMITABEL :budget.xlsx ]]",
        "[[økonomi tabel:   budget.xlsx]]",
    ],
)
def test_marker_names_ignore_case_and_spaces(fil, written):
    assert losning(written, fil) == (OekonomiTableMarker(fil.parent / "budget.xlsx", 7),)


def test_marker_inside_text_is_text(fil):
    assert losning("Se [[statustabel: x]] her.", fil) == (
        Paragraph((Run("Se [[statustabel: x]] her."),)),
    )


def test_unknown_marker_with_suggestion(fil):
    assert problems_of(with_losning("[[statustable: pejlemaerker]]"), fil) == [
        f"{fil}, linje 7: Ukendt markør '[[statustable: pejlemaerker]]'. Mente du "
        "'statustabel'? Kendte markører: [[statustabel: STI]] og [[økonomitabel: STI]]."
    ]


def test_unknown_marker_without_suggestion(fil):
    assert problems_of(with_losning("[[foo: x]]"), fil, first_line=3) == [
        f"{fil}, linje 9: Ukendt markør '[[foo: x]]'. "
        "Kendte markører: [[statustabel: STI]] og [[økonomitabel: STI]]."
    ]


def test_marker_without_path(fil):
    assert problems_of(with_losning("[[økonomitabel]]"), fil) == [
        f"{fil}, linje 7: Markøren '[[økonomitabel]]' mangler en sti: "
        "skriv fx [[økonomitabel: budget.xlsx]]."
    ]


def test_status_marker_without_path(fil):
    assert problems_of(with_losning("[[ Statustabel : ]]"), fil) == [
        f"{fil}, linje 7: Markøren '[[ Statustabel : ]]' mangler en sti: "
        "skriv fx [[statustabel: pejlemaerker]]."
    ]


def test_marker_pointing_at_nothing(tmp_path):
    fil = tmp_path / "sag.md"
    assert problems_of(with_losning("[[statustabel: mangler]]"), fil) == [
        f"{fil}, linje 7: Markøren '[[statustabel: mangler]]' peger på "
        f"'{tmp_path / 'mangler'}', som ikke findes."
    ]


def test_marker_must_stand_alone(fil):
    assert problems_of(with_losning("Tabellen:\n[[økonomitabel: budget.xlsx]]"), fil) == [
        f"{fil}, linje 8: Markøren '[[økonomitabel: budget.xlsx]]' skal stå alene i sit "
        "afsnit, med en tom linje før og efter."
    ]


def test_plain_text_helper_on_parsed_runs(fil):
    [paragraph] = losning("**a** *b* [c](x)", fil)
    assert plain_text(paragraph.runs) == "a b c"
