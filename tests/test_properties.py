"""Property tests (issue 6, section 4; issue 9, section 5): whatever is typed into the
figure cells of a standard workbook gives a status or a WorkbookError, never another
exception; Danish number text round-trips through format and parse.

Issue 9 adds the outsider's view through the CLI: any value in any input cell of a
pejlemærke or budget workbook makes `tjek`, `status` and `oekonomi` answer with exit 0
or 1 and never print a non-finite number; any case body or front matter text makes
`indstilling` write a document holding every word of the text (and no character Word
can't read) or refuse with a message."""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import math
import os
import re
import tempfile
import unicodedata
import zipfile
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

import yaml
from click.testing import CliRunner, Result
from docx import Document
from eksempeldata import BUDGET_FOREBYGGELSE, PEJLEMAERKE_1
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from dagsorden.cli import main
from dagsorden.errors import WorkbookError
from dagsorden.kerne import danish
from dagsorden.kerne.model import ManglendeStatus
from dagsorden.kerne.scoring import score_pejlemaerke
from dagsorden.kilder.cells import EXCEL_ERRORS
from dagsorden.kilder.pejlemaerke_workbook import read_pejlemaerke
from dagsorden.kilder.workbook_writer import build_budget_workbook, build_pejlemaerke_workbook

# Text openpyxl can store: no control characters, no lone surrogates.
TEXT = st.text(st.characters(blacklist_categories=("Cc", "Cs")), max_size=20)
CELL_VALUES = st.one_of(
    st.none(),
    TEXT,
    st.sampled_from(["", " ", "-", "–", "1.581", "97,5", "95,9%", "<1,1%", "> 80", "<", "1.58"]),
    st.sampled_from(sorted(EXCEL_ERRORS)),
    st.integers(min_value=-(10**15), max_value=10**15),
    st.floats(allow_nan=True, allow_infinity=True),
    st.booleans(),
    st.dates(min_value=dt.date(1900, 3, 1), max_value=dt.date(9999, 12, 31)),
    st.datetimes(min_value=dt.datetime(1900, 3, 1), max_value=dt.datetime(9999, 12, 31)),
)
# Delmål rows 2 (A), 4 (C, pct) and 8 (F1): Baseline, Status and Mål.
CELLS = [f"{column}{row}" for row in (2, 4, 8) for column in "CDE"]


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
@given(st.fixed_dictionaries({cell: CELL_VALUES for cell in CELLS}))
def test_any_cell_values_give_a_status_or_a_workbook_error(values):
    workbook = build_pejlemaerke_workbook(PEJLEMAERKE_1)
    try:
        for coordinate, value in values.items():
            workbook["Delmål"][coordinate] = value
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / "pejlemaerke.xlsx"
            workbook.save(path)
            try:
                pejlemaerke = read_pejlemaerke(path)
            except WorkbookError as error:
                assert error.problems
                assert all(p.file == str(path) for p in error.problems)
                return
    finally:
        workbook.close()
    for rule in ManglendeStatus:
        status = score_pejlemaerke(pejlemaerke, rule)
        assert status.samlet is None or math.isfinite(status.samlet)


@given(
    st.floats(min_value=-1e12, max_value=1e12, allow_nan=False, allow_infinity=False),
    st.integers(min_value=0, max_value=4),
)
def test_danish_number_text_round_trips(x, decimals):
    text = danish.tal(x, decimals)
    expected = float(danish.afrundet(x, decimals))
    assert danish.parse_tal(text) == expected
    assert math.isclose(expected, round(x, decimals), abs_tol=10.0**-decimals)


@given(st.decimals(min_value=-(10**9), max_value=10**9, places=3, allow_nan=False))
def test_danish_decimals_round_trip_exactly(x: Decimal):
    assert danish.parse_tal(danish.tal(x)) == float(x)


# --- Issue 9, section 5: the CLI over arbitrary inputs ----------------------------------


NON_FINITE = re.compile(r"(?i)(?<![\w])(nan|-?inf(inity)?)(?![\w])")
""""nan", "inf", "Infinity" as a word: what Python prints for a non-finite float."""
XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")
"""Characters XML 1.0 forbids: a .docx holding one is a file Word refuses to open."""

# What a user or another program may leave in a cell: number-like text, Danish and
# foreign number forms, tabs and line breaks (the control characters XML allows; Excel
# writes the others escaped as _x000B_, which openpyxl reads as that literal text),
# unicode, huge and non-finite numbers, dates and booleans.
ANY_CELL = st.one_of(
    CELL_VALUES,
    st.sampled_from(
        [
            "NaN",
            "nan",
            "inf",
            "-inf",
            "Infinity",
            "1e3",
            "1e308",
            "1e309",
            "-1e400",
            "9" * 40,
            "0,312",
            "31,2 %",
            "1.234,5",
            "1,234.5",
            "−5",
            "\u00a0828",
            "8\u200b28",
            "A\u200b",
            "\u200fA",
            "a",
            "F",
            "F1",
            "G1",
            "<0",
            ">",
            "< 1,1 %",
            "_x000B_",
            "x\ty",
            "x\ny",
            "\r\n",
            "æøå",
            "Æ",
            "e\u0301",
            "nul",
            "udelad",
            "population",
            "ingen",
            "blå",
            "orange",
            "antal",
            "pct",
            "ja",
            "nej",
            "mio. kr.",
            "1.000 kr.",
            "I alt",
            "Heraf løn",
            "I alt, Service",
            "=1/0",
            "#DIV/0!",
            "2011",
            "2012.0",
        ]
    ),
    st.text(
        st.characters(blacklist_categories=("Cs",), whitelist_characters="\t\n\r"), max_size=12
    ).filter(lambda t: not XML_INVALID.search(t)),
    st.integers(min_value=-(10**30), max_value=10**30),
    st.integers(min_value=-5000, max_value=5000),
    st.floats(min_value=-1e6, max_value=1e6),
)

PEJLEMAERKE_INPUT_CELLS = (
    [("Pejlemærke", f"B{row}") for row in range(1, 10)]
    + [("Delmål", f"{column}{row}") for row in range(1, 11) for column in "ABCDEFGHI"]
    + [("Tekster", f"{column}{row}") for row in range(2, 12) for column in "AB"]
)
BUDGET_INPUT_CELLS = [
    ("Økonomi", f"{column}{row}") for row in range(1, 7) for column in "ABCDE"
] + [("Oplysninger", f"B{row}") for row in range(1, 7)]


REASON_NOISE = re.compile(r"[0-9]+|'[^']*'")
"""Figures and quoted values, left out when refusals are counted."""


@contextlib.contextmanager
def inside(folder: Path) -> Iterator[None]:
    """Runs a command from `folder` as its working folder (no dagsorden.toml there)."""
    before = Path.cwd()
    os.chdir(folder)
    try:
        yield
    finally:
        os.chdir(before)


def invoke(*argv: str) -> Result:
    """Runs one command as a user would; asserts it ended as a command should."""
    result = CliRunner().invoke(main, list(argv), prog_name="dagsorden")
    assert result.exception is None or isinstance(result.exception, SystemExit), (
        f"{argv}: traceback\n{result.output}\n{result.exc_info}"
    )
    assert "Traceback" not in result.output, result.output
    assert result.exit_code in (0, 1), f"{argv}: exit {result.exit_code}\n{result.output}"
    event(f"{argv[0]}: exit {result.exit_code}")
    if result.exit_code == 1:
        # Why inputs are refused, for --hypothesis-show-statistics.
        first = result.output.strip().splitlines()[0] if result.output.strip() else ""
        reason = REASON_NOISE.sub("_", first.split(": ", 1)[-1])[:50]
        event(f"{argv[0]} refuses: {reason}")
    return result


def without(text: str, typed: list[object]) -> str:
    """`text` with every string the test typed taken out: a title may say "NaN"."""
    for value in sorted((v for v in typed if isinstance(v, str)), key=len, reverse=True):
        if value.strip():
            text = text.replace(value, " ")
    return text


def assert_finite_json(value: object, where: str = "") -> None:
    """Every number in a --json report is finite and every *_tekst is a figure's text."""
    if isinstance(value, dict):
        for key, item in value.items():
            assert_finite_json(item, f"{where}.{key}")
            if key.endswith("_tekst"):
                assert not NON_FINITE.search(str(item)), f"{where}.{key} = {item!r}"
    elif isinstance(value, list):
        for index, item in enumerate(value):
            assert_finite_json(item, f"{where}[{index}]")
    elif isinstance(value, float):
        assert math.isfinite(value), f"{where} = {value!r}"


def save_with(workbook, values: dict[tuple[str, str], object], path: Path) -> None:
    try:
        for (sheet, coordinate), value in values.items():
            workbook[sheet][coordinate] = value
        workbook.save(path)
    finally:
        workbook.close()


@settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.dictionaries(st.sampled_from(PEJLEMAERKE_INPUT_CELLS), ANY_CELL, min_size=1, max_size=4))
def test_any_input_cell_of_a_pejlemaerke_workbook_gives_an_answer_without_nan(values):
    with tempfile.TemporaryDirectory() as folder, inside(Path(folder)):
        save_with(build_pejlemaerke_workbook(PEJLEMAERKE_1), values, Path("pejlemaerke.xlsx"))
        typed = list(values.values())
        tjek = invoke("tjek", "pejlemaerke.xlsx")
        report = invoke("status", "pejlemaerke.xlsx", "--json")
        table = invoke("status", "pejlemaerke.xlsx", "--skala", "0..10")
        assert report.exit_code == table.exit_code, (report.output, table.output)
        if tjek.exit_code == 0:
            # tjek's "no problems" is a promise that status works.
            assert report.exit_code == 0, f"tjek: ingen problemer, status:\n{report.output}"
        if report.exit_code == 0:
            # Warnings go to stderr: stdout is the JSON alone.
            assert_finite_json(json.loads(report.stdout, parse_constant=_refuse_constant))
            assert not NON_FINITE.search(without(table.output, typed)), table.output
        else:
            assert "pejlemaerke.xlsx" in report.output, report.output


def _refuse_constant(name: str) -> float:
    raise AssertionError(f"status --json printed {name}")


@settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.dictionaries(st.sampled_from(BUDGET_INPUT_CELLS), ANY_CELL, min_size=1, max_size=6))
def test_any_input_cell_of_a_budget_workbook_gives_an_answer_without_nan(values):
    with tempfile.TemporaryDirectory() as folder, inside(Path(folder)):
        save_with(build_budget_workbook(BUDGET_FOREBYGGELSE), values, Path("budget.xlsx"))
        result = invoke("oekonomi", "budget.xlsx", "-o", "tabel.docx")
        if result.exit_code == 0:
            assert not NON_FINITE.search(without(result.output, list(values.values()))), (
                result.output
            )
            assert "I teksten:" in result.output, result.output
            document = docx_text(Path("tabel.docx"))
            assert not NON_FINITE.search(without(document, list(values.values()))), document
        else:
            assert "budget.xlsx" in result.output, result.output
            assert not Path("tabel.docx").exists()


# --- Case bodies and front matter -------------------------------------------------------

WORD = st.text("abcdefghijklmnoprstuvyzæøåÆØÅ0123456789", min_size=2, max_size=8).map(
    lambda w: "q" + w
)
"""Words of a body: letters and digits, starting with q so no word is Markdown syntax."""
GLUE = st.sampled_from(
    [" "] * 30
    + ["  ", "\t", "\r\n", " & ", " < ", " > ", " \\", ' " ', " ' ", " \u200b ", " \u00a0 "]
    + [" \u2028 ", " \ufeff ", " \x0b ", " \x0c ", " \x7f ", "\x00", " \x1b "]
)
"""What stands between two runs: mostly a space; now and then what Word or a terminal
pastes (line and page breaks, zero-width and no-break spaces, NUL, escape)."""


@st.composite
def inline(draw) -> tuple[str, list[str], list[str]]:
    """One inline run: (markdown, words that must be printed, words that must not)."""
    word = draw(WORD)
    form = draw(st.integers(0, 13))
    hidden: list[str] = []
    text = {
        0: word,
        1: f"**{word}**",
        2: f"*{word}*",
        3: f"_{word}_",
        4: f"`{word}`",
        5: f"[{word}](https://example.dk/{word})",
        6: f"<b>{word}</b>",
        7: f"{{{{ {word} }}}}",
        8: f"{{% if {word} %}}",
        9: f"***{word}***",
        10: f"**_{word}*_",
        11: f"&{word};",
        12: f'<span title="{word}">{word}</span>',
        13: word,
    }[form]
    if draw(st.booleans()) and draw(st.booleans()):
        secret = draw(WORD).replace("q", "qskjult", 1)
        hidden.append(secret)
        text = f"{text} <!-- {secret} -->"
    return text, [word], hidden


@st.composite
def paragraph(draw) -> tuple[str, list[str], list[str]]:
    runs = draw(st.lists(inline(), min_size=1, max_size=6))
    glue = [draw(GLUE) for _ in runs]
    text = "".join(g + r[0] for g, r in zip(glue, runs, strict=True)).strip(" ")
    return text, [w for r in runs for w in r[1]], [w for r in runs for w in r[2]]


@st.composite
def block(draw) -> tuple[str, list[str], list[str]]:
    """A block of a case's section: paragraph, nested list, table, html, quote, code."""
    kind = draw(st.integers(0, 7))
    if kind == 0:
        return draw(paragraph())
    if kind in (1, 2):
        items = draw(st.lists(st.tuples(st.integers(0, 11), paragraph()), min_size=1, max_size=8))
        lines, words, hidden, depth = [], [], [], 0
        for wanted, (text, w, h) in items:
            depth = min(wanted, depth + 1)
            marker = "-" if kind == 1 else "1."
            indent = ("  " if kind == 1 else "   ") * depth
            lines.append(f"{indent}{marker} {text}".replace("\n", " "))
            words += w
            hidden += h
        return "\n".join(lines), words, hidden
    if kind == 3:
        cells = draw(st.lists(WORD, min_size=2, max_size=6))
        half = len(cells) // 2 or 1
        head, body = cells[:half], cells[half:]
        rows = [
            "| " + " | ".join(head) + " |",
            "|" + "---|" * len(head),
            "| " + " | ".join(body) + " |",
        ]
        return "\n".join(rows), cells, []
    if kind == 4:
        text, words, hidden = draw(paragraph())
        return f"<div>\n{text}\n</div>", words, hidden
    if kind == 5:
        text, words, hidden = draw(paragraph())
        return f"> {text}", words, hidden
    if kind == 6:
        words = draw(st.lists(WORD, min_size=1, max_size=4))
        return "```\n" + "\n".join(words) + "\n```", words, []
    word = draw(WORD)
    return f"### {word}", [word], []


@st.composite
def case_body(draw) -> tuple[str, list[str], list[str]]:
    parts, words, hidden = [], [], []
    for title in ("Problemstilling", "Løsning", "Videre proces"):
        parts.append(f"## {title}")
        for text, w, h in draw(st.lists(block(), min_size=1, max_size=3)):
            parts.append(text)
            words += w
            hidden += h
    return "\n\n".join(parts) + "\n", words, hidden


FRONT_MATTER = {
    "udvalg": "Socialudvalget",
    "moededato": "21.09.2011",
    "punkt": 3,
    "titel": "Prøvesag",
    "indstiller": "Socialforvaltningen",
    "indstilling": ["at udvalget godkender sagen"],
}


def write_case(folder: Path, front_matter: dict[str, object], body: str) -> None:
    folder.mkdir()
    text = "---\n" + yaml.safe_dump(front_matter, allow_unicode=True) + "---\n\n" + body
    (folder / "sag.md").write_text(text, encoding="utf-8")


def docx_text(path: Path) -> str:
    """Every text of a .docx a reader sees (paragraphs, tables, headers), and asserts
    that no part of it holds a character XML forbids."""
    with zipfile.ZipFile(path) as archive:
        for name in archive.namelist():
            if name.endswith(".xml") or name.endswith(".rels"):
                data = archive.read(name).decode("utf-8")
                assert not XML_INVALID.search(data), f"{path.name}/{name}: {data[:200]!r}"
    document = Document(str(path))
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            for cell in row.cells:
                parts += [p.text for p in cell.paragraphs]
                parts += [c.text for t in cell.tables for r in t.rows for c in r.cells]
    for section in document.sections:
        parts += [p.text for p in section.header.paragraphs + section.footer.paragraphs]
    return unicodedata.normalize("NFC", "\n".join(parts))


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(case_body())
def test_any_case_body_is_written_with_every_word_or_refused(generated):
    body, words, hidden = generated
    with tempfile.TemporaryDirectory() as folder, inside(Path(folder)):
        write_case(Path("sag"), FRONT_MATTER, body)
        result = invoke("indstilling", "sag", "-o", "ud")
        if result.exit_code == 1:
            assert "sag.md" in result.output, result.output
            assert not Path("ud", "3-sag.docx").exists()
            return
        text = docx_text(Path("ud", "3-sag.docx"))
        missing = [w for w in words if w not in text]
        assert not missing, f"lost words {missing}\nbody:\n{body}\ndocument:\n{text}"
        shown = [w for w in hidden if w in text]
        assert not shown, f"HTML comment printed: {shown}"


FREE_TEXT = st.one_of(
    st.text(st.characters(blacklist_categories=("Cs",)), min_size=1, max_size=30),
    st.sampled_from(
        [
            "[/]",
            "{{ sag.titel }}",
            "{% for x in y %}",
            "{beløb}",
            "a & b < c",
            "NaN",
            "Status: 2013",
            "æ\u0301øå",
            "\u202eRTL",
            "x\x0by",
            "'",
            '"',
            "\\",
            "- x",
            "0123",
        ]
    ),
)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.fixed_dictionaries(
        {},
        optional={
            "titel": FREE_TEXT,
            "resume": FREE_TEXT,
            "sagsnr": FREE_TEXT,
            "moedested": FREE_TEXT,
            "underskrift": FREE_TEXT,
            "indstiller": FREE_TEXT,
            "udvalg": FREE_TEXT,
            "indstilling": st.lists(FREE_TEXT, min_size=1, max_size=3),
        },
    )
)
def test_any_front_matter_text_is_written_or_refused(texts):
    front_matter = {**FRONT_MATTER, **texts}
    with tempfile.TemporaryDirectory() as folder, inside(Path(folder)):
        write_case(
            Path("sag"),
            front_matter,
            "## Problemstilling\n\nA.\n\n## Løsning\n\nB.\n\n## Videre proces\n\nC.\n",
        )
        result = invoke("indstilling", "sag", "-o", "ud")
        if result.exit_code == 1:
            assert "sag.md" in result.output, result.output
            assert not list(Path(".").glob("ud/*.docx"))
            return
        text = docx_text(Path("ud", "3-sag.docx"))
        for key in ("titel", "resume", "sagsnr"):
            value = texts.get(key)
            if value is None:
                continue
            words = re.findall(r"\w+", unicodedata.normalize("NFC", value))
            missing = [w for w in words if w not in text]
            assert not missing, f"{key} {value!r}: lost {missing}\n{text}"
