"""Reading the standard workbooks' cells: opening, headers, figures in Danish form.

Shared by every workbook reader (pejlemærke, budget). Workbooks are opened
read-only, once with cached formula values and once with the formulas themselves,
because openpyxl gives a formula with no cached value as an empty cell: only the
second view tells "empty" from "never calculated" (a file written by a script and
never opened in Excel).
"""

from __future__ import annotations

import datetime as dt
import math
import re
import unicodedata
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from itertools import repeat
from pathlib import Path
from typing import Any

from defusedxml import ElementTree as SafeElementTree
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter, range_boundaries
from openpyxl.utils.exceptions import InvalidFileException

from dagsorden.errors import (
    CellValueError,
    Problem,
    ProblemCollector,
    TalError,
    WorkbookError,
    translate,
)
from dagsorden.kerne.danish import parse_tal
from dagsorden.kerne.danish import tal as danish_tal
from dagsorden.zipcheck import OfficeFileError, check_office_file

EXCEL_ERRORS = frozenset(
    {"#NULL!", "#DIV/0!", "#VALUE!", "#REF!", "#NAME?", "#NUM!", "#N/A", "#GETTING_DATA"}
)
INGEN_TAL = frozenset({"", "-", "–", "—"})
"""Typed in place of a figure, these mean "no figure yet"."""


def strip_invisible(text: str) -> str:
    """`text` without invisible characters, and with every kind of space a space.

    Text pasted from the web, Word or a PDF carries zero-width spaces and joiners,
    byte-order marks, left-to-right and right-to-left marks, soft hyphens (Unicode's
    format characters, category Cf) and no-break spaces. In an ID, a label, a header
    or a sheet name they mean nothing, but they would make "A" and "A\u200b" two
    different IDs; removed, both are "A" (and then a duplicate).
    """
    cleaned = "".join(
        " " if ch.isspace() else ch for ch in text if unicodedata.category(ch) != "Cf"
    )
    return unicodedata.normalize("NFC", cleaned)


def normalize(label: object) -> str:
    """Headers, labels, IDs and sheet names are matched ignoring case, surrounding
    and repeated spaces, invisible characters and compatibility forms (NFKC: a
    full-width 'Ａ' is 'A')."""
    text = unicodedata.normalize("NFKC", strip_invisible(str(label or "")))
    return " ".join(text.split()).casefold()


@dataclass(frozen=True)
class Cell:
    """One cell's cached value, with what the reader needs to judge it."""

    ref: str
    value: Any
    number_format: str = "General"
    formula_without_value: bool = False
    is_error: bool = False

    @property
    def is_empty(self) -> bool:
        return self.value is None or (isinstance(self.value, str) and not self.value.strip())

    @property
    def text(self) -> str:
        return "" if self.value is None else str(self.value).strip()


class Sheet:
    """A sheet as a grid of `Cell`s, kept in memory (the standard sheets are small)."""

    def __init__(self, title: str, rows: list[list[Cell]], merged: tuple[str, ...] = ()) -> None:
        self.title = title
        self.rows = rows
        self.merged = merged
        """The sheet's merged ranges, as Excel writes them: "C2:D2"."""

    def merged_over(self, columns: Iterable[int]) -> list[str]:
        """The merged ranges that cover a cell of any of `columns` (1-based).

        Only the first cell of a merged range keeps its value; the others read as
        empty, so Baseline merged with Status gives a Status that isn't there.
        """
        wanted = set(columns)
        found = []
        for ref in self.merged:
            try:
                min_col, min_row, max_col, max_row = range_boundaries(ref)
            except (TypeError, ValueError):
                continue
            if None in (min_col, min_row, max_col, max_row):
                continue
            one_cell = min_col == max_col and min_row == max_row
            if not one_cell and wanted & set(range(min_col, max_col + 1)):
                found.append(ref)
        return found

    def cell(self, row: int, col: int) -> Cell:
        """1-based like Excel; a cell beyond the used range is empty."""
        if row <= len(self.rows) and col <= len(self.rows[row - 1]):
            return self.rows[row - 1][col - 1]
        return Cell(f"{get_column_letter(col)}{row}", None)

    def data_rows(self, first: int = 2) -> Iterator[tuple[int, list[Cell]]]:
        """(row number, cells) from `first` on, skipping rows with nothing in them."""
        for number in range(first, len(self.rows) + 1):
            cells = self.rows[number - 1]
            if any(not c.is_empty or c.formula_without_value for c in cells):
                yield number, cells


class Workbook:
    """The sheets of one workbook, read once and closed again."""

    def __init__(self, path: Path, sheets: dict[str, Sheet | None]) -> None:
        """`sheets` maps every sheet's title to its cells, or None if not read."""
        self.path = path
        self.sheets = sheets

    def sheet(self, name: str, problems: ProblemCollector) -> Sheet | None:
        """The sheet called `name` (ignoring case and spaces), or None and a problem.

        Two sheets whose names differ only by case, spaces or invisible characters
        are a problem: which one holds the figures is no guess to make.
        """
        matching = [
            sheet
            for title, sheet in self.sheets.items()
            if normalize(title) == normalize(name) and sheet is not None
        ]
        if len(matching) > 1:
            problems.add(
                f"Arbejdsbogen har {len(matching)} ark, der hedder '{name}' "
                f"({quoted(synlig(s.title) for s in matching)}). Slet eller omdøb de "
                "overskydende, så der kun er ét."
            )
            return None
        if matching:
            return matching[0]
        found = ", ".join(f"'{synlig(t)}'" for t in self.sheets) or "ingen"
        problems.add(f"Arket '{name}' mangler. Arbejdsbogen har arkene {found}.")
        return None


SUFFIXES = (".xlsx", ".xlsm")
"""Workbooks read. An .xlsm is read like an .xlsx: openpyxl never runs macros and,
without keep_vba, never even loads them; only the cells' values are read."""
MAX_ROWS = 5_000
"""A standard sheet with content below this row is refused (it is no standard sheet)."""
MAX_COLUMNS = 200
"""A standard sheet with content right of this column is refused."""
MAX_EMPTY_ROWS = 100_000
"""Reading stops here even if the rows past MAX_ROWS are empty (formatted only)."""

DAMAGED = "Filen kan ikke læses som en .xlsx-arbejdsbog (den er måske beskadiget)."


def open_workbook(path: Path, wanted: tuple[str, ...] = ()) -> Workbook:
    """Reads the sheets of an .xlsx file (only those `wanted`, if given); never writes.

    Raises WorkbookError (with the file named) when it is no .xlsx workbook, is
    broken, encrypted, a zip bomb or holds a DTD (see `zipcheck`), or when a sheet
    read has content past MAX_ROWS rows or MAX_COLUMNS columns.
    """
    problems = ProblemCollector(path)
    if not path.exists():
        problems.add("Filen findes ikke.")
    elif path.suffix.lower() not in SUFFIXES:
        hint = " Gem den som Excel-arbejdsbog (.xlsx)." if path.suffix.lower() == ".xls" else ""
        problems.add(f"Filen er ikke en .xlsx-arbejdsbog.{hint}")
    problems.raise_if_any()
    try:
        check_office_file(path, "Excel-arbejdsbog (.xlsx)")
    except OfficeFileError as exc:
        message = DAMAGED if exc.kind in ("beskadiget", "ikke zip") else exc.message
        raise WorkbookError([Problem(str(path), message)]) from exc
    except OSError as exc:
        raise translate(exc, path, WorkbookError, DAMAGED) from exc
    wanted_names = {normalize(n) for n in wanted}
    values = formulas = None
    try:
        values = load_workbook(path, read_only=True, data_only=True)
        # The formula view costs a second parse; only files with formulas need it.
        formulas = load_workbook(path, read_only=True) if _has_formulas(path) else None
        sheets: dict[str, Sheet | None] = {}
        for ws in values.worksheets:
            if wanted_names and normalize(ws.title) not in wanted_names:
                sheets[ws.title] = None
                continue
            formula_ws = formulas[ws.title] if formulas else None
            for sheet in (ws, formula_ws):
                if sheet is not None:
                    # The stored size of a sheet is wrong in files from some generators.
                    sheet.reset_dimensions()
            grid, too_big = _grid(ws, formula_ws)
            if too_big:
                problems.add(too_big, ws.title)
            sheets[ws.title] = Sheet(ws.title, grid, _merged_ranges(path, ws))
    except (
        InvalidFileException,
        zipfile.BadZipFile,
        KeyError,
        OSError,
        ValueError,  # openpyxl's word for invalid XML, and defusedxml's for entities
        SyntaxError,  # lxml's and ElementTree's word for XML that is not well-formed
        LookupError,
        TypeError,
        AttributeError,  # openpyxl on XML of an unexpected shape
    ) as exc:
        raise translate(exc, path, WorkbookError, _damaged(path)) from exc
    finally:
        for opened in (values, formulas):
            if opened is not None:
                opened.close()
    problems.raise_if_any()
    return Workbook(path, sheets)


def _damaged(path: Path) -> str:
    """The message for a zip whose parts can't be read: names the first part that
    is no well-formed XML, so whoever wrote the file (another program) can be told."""
    try:
        with zipfile.ZipFile(path) as archive:
            for name in archive.namelist():
                if not name.endswith((".xml", ".rels")):
                    continue
                try:
                    SafeElementTree.fromstring(archive.read(name))
                except Exception:  # any parse failure names the part
                    return (
                        f"{DAMAGED.removesuffix('.')}: delen '{name}' i filen er ikke gyldig "
                        "XML. Åbn filen i Excel, og gem den igen (Excel kan ofte reparere "
                        "den), eller bed om en ny kopi."
                    )
    except (zipfile.BadZipFile, OSError, ValueError):
        pass
    return DAMAGED


_MERGE_CELL = re.compile(rb"<(?:\w+:)?mergeCell\b[^>]*?\bref\s*=\s*[\"']([^\"']+)[\"']")


def _merged_ranges(path: Path, ws: Any) -> tuple[str, ...]:
    """The merged ranges of a sheet. openpyxl's read-only sheets don't give them, so
    they are found in the sheet's XML (already checked by zipcheck)."""
    part = getattr(ws, "_worksheet_path", None)
    if not part:
        return ()
    with zipfile.ZipFile(path) as archive:
        try:
            data = archive.read(part.lstrip("/"))
        except KeyError:
            return ()
    return tuple(m.decode("ascii", "replace").upper() for m in _MERGE_CELL.findall(data))


_FORMULA_ELEMENT = re.compile(rb"<(?:\w+:)?f[\s>/]")


def _has_formulas(path: Path) -> bool:
    """Whether any sheet of the file holds a formula (an <f> element)."""
    with zipfile.ZipFile(path) as archive:
        return any(
            _FORMULA_ELEMENT.search(archive.read(name))
            for name in archive.namelist()
            if name.startswith("xl/worksheets/") and name.endswith(".xml")
        )


def _grid(values_ws: Any, formulas_ws: Any | None) -> tuple[list[list[Cell]], str | None]:
    """The sheet's cells, and why it is too big (or None).

    Rows past MAX_ROWS and cells past MAX_COLUMNS are never kept; reading stops at the
    first such cell with content, or after MAX_EMPTY_ROWS rows at the latest.
    """
    formula_rows = formulas_ws.iter_rows() if formulas_ws is not None else repeat(())
    grid: list[list[Cell]] = []
    rows = zip(values_ws.iter_rows(), formula_rows, strict=False)
    for r, (row, formula_row) in enumerate(rows, start=1):
        if r > MAX_ROWS:
            if r > MAX_EMPTY_ROWS:
                return grid, (
                    f"Arket fortsætter med tomme, formaterede rækker ud over række "
                    f"{danish_tal(MAX_EMPTY_ROWS)}; en standard-arbejdsbog har højst "
                    f"{danish_tal(MAX_ROWS)} rækker. Slet rækkerne under tabellen, og gem "
                    "filen igen."
                )
            if any(_has_value(c) for c in row):
                return grid, (
                    f"Arket har indhold under række {danish_tal(MAX_ROWS)}; en standard-"
                    f"arbejdsbog har højst {danish_tal(MAX_ROWS)} rækker. Slet rækkerne "
                    "under tabellen, og gem filen igen."
                )
            continue
        if len(row) > MAX_COLUMNS:
            if any(_has_value(c) for c in row[MAX_COLUMNS:]):
                return grid, (
                    f"Arket har indhold til højre for kolonne {get_column_letter(MAX_COLUMNS)} "
                    f"(række {r}); en standard-arbejdsbog har højst {MAX_COLUMNS} kolonner. "
                    "Slet kolonnerne til højre for tabellen, og gem filen igen."
                )
            row = row[:MAX_COLUMNS]
        cells: list[Cell] = []
        for c, cell in enumerate(row, start=1):
            value = getattr(cell, "value", None)
            ref = f"{get_column_letter(c)}{r}"
            uncached = False
            if value is None and c <= len(formula_row):
                raw = getattr(formula_row[c - 1], "value", None)
                uncached = isinstance(raw, str) and raw.startswith("=")
            cells.append(
                Cell(
                    ref=ref,
                    value=value,
                    number_format=getattr(cell, "number_format", None) or "General",
                    formula_without_value=uncached,
                    is_error=getattr(cell, "data_type", "") == "e"
                    or (isinstance(value, str) and value.strip() in EXCEL_ERRORS),
                )
            )
        grid.append(cells)
    return grid, None


def _has_value(cell: Any) -> bool:
    value = getattr(cell, "value", None)
    return value is not None and not (isinstance(value, str) and not value.strip())


@dataclass(frozen=True)
class Tal:
    """A figure read from a cell: its value and whether it was a percentage."""

    vaerdi: float
    procent: bool = False


_PERCENT_TEXT = re.compile(r"^(.*?)\s*%$")
_PLAIN_NUMBER = re.compile(r"^[+\-\u2212]?[0-9.,]*[0-9][0-9.,]*$")
"""A figure typed as text: an optional sign, then only digits, '.' and ','."""
_E_NOTATION = re.compile(r"^[+\-\u2212]?([0-9]+)?[.,]?[0-9]*[eE][+\-\u2212]?[0-9]+$")
_SPACED_THOUSANDS = re.compile(r"^[+\-\u2212]?\d{1,3}( \d{3})+(,\d+)?$")
_NOT_FINITE_WORDS = frozenset(
    {"nan", "snan", "qnan", "inf", "infinity", "uendelig", "uendeligt", "∞", "#num"}
)
MAX_TAL = 1e12
"""No figure in a pejlemærke or budget workbook is this large (1.000 mia.); a larger
one is a slip (digits typed twice, a pasted account number) and is refused."""
INGEN_TAL_HJAELP = "Skriv tallet, eller '-' hvis der ikke er noget tal endnu."


def synlig(text: str) -> str:
    """`text` for a message, its invisible characters shown as <U+200B>, so the
    analyst can see why two cells that look alike are not."""
    return "".join(
        f"<U+{ord(ch):04X}>" if unicodedata.category(ch) == "Cf" or ch == "\u00a0" else ch
        for ch in text
    )


def unreadable(cell: Cell) -> str | None:
    """Why a cell holds no usable value at all, or None if it is fine to read."""
    if cell.formula_without_value:
        return (
            "Formlen har ingen beregnet værdi. Åbn filen i Excel, og gem den igen, "
            "så værdien bliver gemt."
        )
    if cell.is_error:
        return f"Cellen viser fejlen {cell.text}. Ret formlen eller skriv tallet."
    return None


def readable_value(cell: Cell, *, as_date: str = "") -> object:
    """The cell's value; raises CellValueError when it has none (`unreadable`). With
    `as_date`, a date is refused with that message: Excel turns a typed year ("2012-1")
    or an account code ("6.45") into a date, and its digits are then lost."""
    problem = unreadable(cell)
    if problem:
        raise CellValueError(problem)
    if as_date and isinstance(cell.value, dt.datetime | dt.date | dt.time):
        raise CellValueError(as_date)
    return cell.value


def read_tal(cell: Cell) -> Tal | None:
    """A figure as typed: a number, a %-formatted number, or Danish text.

    None for an empty cell or '-'. Raises CellValueError with a Danish message. Every
    workbook reader takes its figures from here, so this is the one place that
    refuses what no figure can be: NaN and infinity (as text, or as a number another
    program wrote into the XML), e-notation typed as text ('1e3'), and anything
    larger than MAX_TAL.
    """
    value = readable_value(cell)
    if isinstance(value, bool | dt.datetime | dt.date | dt.time):
        raise CellValueError(f"'{cell.text}' er ikke et tal (cellen er en dato eller sand/falsk).")
    if isinstance(value, int | float):
        if isinstance(value, int) and abs(value) > MAX_TAL:  # also ints no float can hold
            raise CellValueError(
                _too_large(danish_tal(value) if abs(value) < 10**18 else cell.text)
            )
        number = float(value)
        if "%" in cell.number_format:
            # Excel stores 95,9% as 0.959; the papers mean 95,9.
            return Tal(_plausible(round(number * 100, 10), cell), procent=True)
        return Tal(_plausible(number, cell))
    text = strip_invisible(cell.text).strip()
    if text in INGEN_TAL:
        return None
    match = _PERCENT_TEXT.match(text)
    if match:
        return Tal(_plausible(_parse_text(match.group(1), cell.text), cell), procent=True)
    return Tal(_plausible(_parse_text(text, cell.text), cell))


def _parse_text(text: str, typed: str) -> float:
    """A figure typed as Danish text; `typed` is the cell's text, for the message."""
    if _PLAIN_NUMBER.match(text):
        try:
            return parse_tal(text)
        except TalError as exc:  # parse_tal's message names the text
            raise CellValueError(str(exc)) from exc
    typed = synlig(typed)
    bare = text.lstrip("+-\u2212").strip().casefold()
    if bare in _NOT_FINITE_WORDS:
        raise CellValueError(f"'{typed}' er ikke et tal. {INGEN_TAL_HJAELP}")
    if _E_NOTATION.match(text):
        hint = "Skriv tallet helt ud"
        mantissa, _, exponent = text.replace("\u2212", "-").lower().partition("e")
        if mantissa.lstrip("+-").isdigit() and abs(int(exponent)) <= 12:
            hint += f", fx '{danish_tal(float(mantissa) * 10 ** int(exponent))}'"
        raise CellValueError(f"'{typed}' er skrevet som potens (e-notation). {hint}.")
    if _SPACED_THOUSANDS.match(text):
        raise CellValueError(
            f"'{typed}' er ikke et tal. Skriv tusinder med punktum: '{text.replace(' ', '.')}'."
        )
    raise CellValueError(f"'{typed}' er ikke et tal.")


def _plausible(number: float, cell: Cell) -> float:
    """`number` if it is finite and no larger than MAX_TAL; else a CellValueError."""
    if math.isnan(number) or math.isinf(number):
        raise CellValueError(
            f"Cellen indeholder ikke et tal, men '{cell.text}' (NaN eller uendelig), som "
            f"et andet program har skrevet. {INGEN_TAL_HJAELP}"
        )
    if abs(number) > MAX_TAL:
        raise CellValueError(_too_large(danish_tal(number, 0) if abs(number) < 1e18 else cell.text))
    return number


def _too_large(shown: str) -> str:
    if len(shown) > 24:
        shown = shown[:20] + "…"
    return (
        f"{shown} er urimeligt stort (mere end {danish_tal(MAX_TAL)}). Tjek tallet: er der "
        "tastet cifre for meget?"
    )


def read_int(cell: Cell) -> int | None:
    """A whole number such as a year or a pejlemærke's number."""
    tal = read_tal(cell)
    if tal is None:
        return None
    if tal.procent or tal.vaerdi != int(tal.vaerdi):
        raise CellValueError(f"'{cell.text}' er ikke et helt tal.")
    return int(tal.vaerdi)


def read_text(cell: Cell) -> str:
    value = readable_value(cell)
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return cell.text


def read_choice(cell: Cell, choices: tuple[str, ...]) -> str:
    """One of a fixed set of words (a drop-down in the workbook), matched loosely."""
    text = read_text(cell)
    for choice in choices:
        if normalize(text) == normalize(choice):
            return choice
    allowed = ", ".join(f"'{c}'" for c in choices if c) or "ingen"
    empty_ok = " eller tom" if "" in choices else ""
    raise CellValueError(f"'{text}' er ikke et gyldigt valg. Skriv {allowed}{empty_ok}.")


def quoted(names: Iterable[object]) -> str:
    """Names for a message: 'A', 'B', 'C'."""
    return ", ".join(f"'{n}'" for n in names)


def label_cells(
    sheet: Sheet, felter: tuple[str, ...], problems: ProblemCollector
) -> dict[str, Cell]:
    """The value cell (column B) of each label in column A of a label/value sheet.

    A label missing from column A is a problem that lists what was expected and
    what was found, so a renamed or deleted row is easy to spot. A label written
    twice is a problem too: which of the two values counts is no guess to make.
    """
    cells: dict[str, Cell] = {}
    for number, row in sheet.data_rows(first=1):
        label = normalize(row[0].value) if row else ""
        for felt in felter:
            if label != normalize(felt):
                continue
            if felt in cells:
                first = cells[felt].ref
                problems.add(
                    f"Feltet '{felt}' står to gange i kolonne A (også i række "
                    f"{first[1:]}). Slet den ene række.",
                    sheet.title,
                    row[0].ref,
                )
            else:
                cells[felt] = sheet.cell(number, 2)
    missing = [f for f in felter if f not in cells]
    if missing:
        found = [c.text for _, r in sheet.data_rows(first=1) for c in r[:1] if c.text]
        problems.add(
            f"Felterne {quoted(missing)} mangler i kolonne A. Forventet: {quoted(felter)}; "
            f"fundet: {quoted(found) or 'ingen'}.",
            sheet.title,
        )
    return cells
