"""Reading the standard workbooks' cells: opening, headers, figures in Danish form.

Shared by every workbook reader (pejlemærke, budget). The contract is what openpyxl
reads. A workbook is read from its sheets' XML with compiled searches, not a parse into
a tree: the number format of a cell with a number (percent, decimals, dates), whether a
number was written as a whole number, error cells, formulas with no cached value (a
file written by a script and never opened in Excel), and, where they have the plain
shape Excel, LibreOffice and openpyxl write, the texts and truth values; a search for
the cells' whole shape and a C parser for the rest of each part make sure nothing is
taken from XML that is not well-formed. Texts of other shapes (rich text, Excel's
escapes) are python-calamine's (Rust). A file those searches don't vouch for is read
the old way, with openpyxl (`_openpyxl_sheets`), which isn't even imported otherwise.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import io
import math
import os
import re
import sys
import unicodedata
import zipfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from itertools import repeat
from pathlib import Path
from typing import Any

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
from dagsorden.zipcheck import OfficeFileError, check_office_file, open_office_zip, read_part

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
    if text.isascii():  # no format characters, and already NFC
        return text.translate(_ASCII_SPACES)
    cleaned = "".join(
        " " if ch.isspace() else ch for ch in text if unicodedata.category(ch) != "Cf"
    )
    return unicodedata.normalize("NFC", cleaned)


_ASCII_SPACES = {c: " " for c in range(128) if chr(c).isspace() and c != 32}


def normalize(label: object) -> str:
    """Headers, labels, IDs and sheet names are matched ignoring case, surrounding
    and repeated spaces, invisible characters and compatibility forms (NFKC: a
    full-width 'Ａ' is 'A').

    Texts are remembered: a folder of workbooks repeats the same headers and labels
    thousands of times."""
    if type(label) is str:
        found = _NORMALIZED.get(label)
        if found is None:
            found = _normalize(label)
            if len(_NORMALIZED) < 50_000:
                _NORMALIZED[label] = found
        return found
    return _normalize(label)


_NORMALIZED: dict[str, str] = {}


def _normalize(label: object) -> str:
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
        self._filled: tuple[list[list[Cell]], int, list[int]] | None = None
        """The numbers of the rows with something in them (for `data_rows`), and the
        rows and count they were found for."""

    def merged_over(self, columns: Iterable[int]) -> list[str]:
        """The merged ranges that cover a cell of any of `columns` (1-based).

        Only the first cell of a merged range keeps its value; the others read as
        empty, so Baseline merged with Status gives a Status that isn't there.
        """
        wanted = set(columns)
        found = []
        for ref in self.merged:
            try:
                min_col, min_row, max_col, max_row = _range_boundaries(ref)
            except (TypeError, ValueError):
                continue
            if min_col is None or min_row is None or max_col is None or max_row is None:
                continue
            one_cell = min_col == max_col and min_row == max_row
            if not one_cell and wanted & set(range(min_col, max_col + 1)):
                found.append(ref)
        return found

    def cell(self, row: int, col: int) -> Cell:
        """1-based like Excel; a cell beyond the used range is empty."""
        if row <= len(self.rows) and col <= len(self.rows[row - 1]):
            return self.rows[row - 1][col - 1]
        return Cell(f"{_column_letter(col)}{row}", None)

    def data_rows(self, first: int = 2) -> Iterator[tuple[int, list[Cell]]]:
        """(row number, cells) from `first` on, skipping rows with nothing in them."""
        rows = self.rows
        if self._filled is None or self._filled[0] is not rows or self._filled[1] != len(rows):
            filled = [
                number
                for number, cells in enumerate(rows, start=1)
                if any(not c.is_empty or c.formula_without_value for c in cells)
            ]
            self._filled = (rows, len(rows), filled)
        for number in self._filled[2]:
            if number >= first:
                yield number, rows[number - 1]


_RANGE = re.compile(r"^\$?([A-Za-z]{1,3})?\$?([0-9]+)?(?::\$?([A-Za-z]{1,3})?\$?([0-9]+)?)?$")


def _range_boundaries(ref: str) -> tuple[int | None, int | None, int | None, int | None]:
    """(min_col, min_row, max_col, max_row) of "C2:D2", as openpyxl's
    utils.range_boundaries gives them: None for a part missing ("C:D"); one cell is
    its own range. ValueError for what is no range."""
    match = _RANGE.match(ref)
    if not match or not ref or ref.startswith(":") or ref.endswith(":"):
        raise ValueError(f"{ref!r} is no range")
    first_col, first_row, last_col, last_row = match.groups()
    if ":" not in ref:
        last_col, last_row = first_col, first_row
    cols = [_column_index(c.upper().encode()) if c else None for c in (first_col, last_col)]
    rows = [int(r) if r else None for r in (first_row, last_row)]
    return cols[0], rows[0], cols[1], rows[1]


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
"""Workbooks read. An .xlsm is read like an .xlsx: only the cells' values are read,
never its macros (neither python-calamine nor openpyxl runs or even loads them)."""
MAX_ROWS = 5_000
"""A standard sheet with content below this row is refused (it is no standard sheet)."""
MAX_COLUMNS = 200
"""A standard sheet with content right of this column is refused."""
MAX_EMPTY_ROWS = 100_000
"""Reading stops here even if the rows past MAX_ROWS are empty (formatted only)."""

DAMAGED = "Filen kan ikke læses som en .xlsx-arbejdsbog (den er måske beskadiget)."
_GEM_SOM = "Excel-arbejdsbog (.xlsx)"


def open_workbook(path: Path, wanted: tuple[str, ...] = ()) -> Workbook:
    """Reads the sheets of an .xlsx file (only those `wanted`, if given); never writes.

    Raises WorkbookError (with the file named) when it is no .xlsx workbook, is
    broken, encrypted, a zip bomb or holds a DTD (see `zipcheck`), or when a sheet
    read has content past MAX_ROWS rows or MAX_COLUMNS columns.

    The values are taken from the sheet's XML with a few compiled searches
    (`_fast_sheets`), texts of unusual shapes from python-calamine (fast, in Rust). A
    file of a shape those searches don't vouch for, or that calamine can't read, is
    read the old way with openpyxl (`_openpyxl_sheets`), which also words the problem.
    """
    problems = ProblemCollector(path)
    if not path.exists():
        problems.add("Filen findes ikke.")
    elif path.suffix.lower() not in SUFFIXES:
        hint = " Gem den som Excel-arbejdsbog (.xlsx)." if path.suffix.lower() == ".xls" else ""
        problems.add(f"Filen er ikke en .xlsx-arbejdsbog.{hint}")
    problems.raise_if_any()
    wanted_names = {normalize(n) for n in wanted}
    try:
        data = path.read_bytes()
        sheets = _fast_sheets(data, wanted_names)
        if sheets is None:
            sheets = _openpyxl_sheets(path, wanted_names, problems)
    except OfficeFileError as exc:
        message = DAMAGED if exc.kind in ("beskadiget", "ikke zip") else exc.message
        raise WorkbookError([Problem(str(path), message)]) from exc
    except OSError as exc:
        raise translate(exc, path, WorkbookError, DAMAGED) from exc
    problems.raise_if_any()
    return Workbook(path, sheets)


# --- the fast reader: python-calamine and the sheet XML -------------------------------

_WORKBOOK = "xl/workbook.xml"
_WORKBOOK_RELS = "xl/_rels/workbook.xml.rels"
_STYLES = "xl/styles.xml"
_SHARED_STRINGS = "xl/sharedStrings.xml"
_CONTENT_TYPES = "[Content_Types].xml"
_BOOK_PARTS = frozenset({_WORKBOOK, _WORKBOOK_RELS, _STYLES, _SHARED_STRINGS, _CONTENT_TYPES})
"""The parts calamine parses on opening a workbook (it finds them ignoring case, so a
file with two names equal but for case is refused), and the content types, which
openpyxl reads: each is checked (`read_part`) and must carry exactly this name."""
_BOOK_PARTS_FOLDED = frozenset(name.lower() for name in _BOOK_PARTS)


def _element(name: bytes) -> re.Pattern[bytes]:
    """An element `name` (with any namespace prefix, not one whose name only begins
    so: `<sheet`, not `<sheets` or `<sheet-x`); its attributes are group 1."""
    return re.compile(rb"<(?:\w+:)?" + name + rb"(?=[\s/>])([^<>]*+)>")


def _section(name: bytes) -> tuple[re.Pattern[bytes], re.Pattern[bytes]]:
    """An element `name`'s start tag (its attributes group 1) and its end tag, for
    `_sections`."""
    return _element(name), re.compile(rb"</(?:\w+:)?" + name + rb"\s*+>")


_SHEETS = _section(rb"sheets")
_SHEET_ELEMENT = _element(rb"sheet")
_RELATIONSHIP = _element(rb"Relationship")
_FIXED_TARGETS = {"sharedStrings": "sharedStrings.xml", "styles": "styles.xml"}
_WORKBOOK_PR = _element(rb"workbookPr")
_OVERRIDE = _element(rb"Override")
_NUM_FMT = _element(rb"numFmt")
_CELL_XFS = _section(rb"cellXfs")
_NUM_FMTS = _section(rb"numFmts")
_XF = _element(rb"xf")
_ATTRIBUTE = re.compile(
    rb"\s++([A-Za-z_][\w.-]*+(?::[A-Za-z_][\w.-]*+)?)\s*+=\s*+(?:\"([^\"<]*+)\"|'([^'<]*+)')"
)
_ENTITY = re.compile(r"&(#x[0-9a-fA-F]+|#[0-9]+|amp|lt|gt|quot|apos);")
_ENTITIES = {"amp": "&", "lt": "<", "gt": ">", "quot": '"', "apos": "'"}

_VALUE_CELL = re.compile(
    rb'<(?:c r="([A-Z]{1,3})([1-9][0-9]*+)"([^<>]*+)>'
    rb"(?:<f\b[^<>]*+>(?:[^<]*+</f>)?)?"
    rb'(?:<v>([^<]*+)</v>|(<is>)(?:<t(?: xml:space="preserve")?>([^<]*+)</t>(</is>))?)|v|is)'
)
"""A cell with a cached value or an inline string, in the shape Excel, LibreOffice and
openpyxl write it (possessive, so a cell without either fails at once); or else any
other '<v' or '<is' (a match without letters): a value in a cell of another shape.
An inline string of one plain text element has its text and its end captured too."""
_FORMULA_ELEMENT = re.compile(rb"<(?:\w+:)?f[\s>/]")
_LAST_ROW = re.compile(rb'<row r="([0-9]++)"')

_CALAMINE_SKIPPED = object()
"""A marker: calamine could not read the workbook; openpyxl reads it instead."""


@dataclass(frozen=True)
class _Styles:
    """What the reader needs of styles.xml: each cell style's number format."""

    formats: tuple[str, ...]
    dates: frozenset[int]
    timedeltas: frozenset[int]


@dataclass(frozen=True)
class _Book:
    """What the reader needs of workbook.xml and its relationships."""

    parts: tuple[str, ...]
    """Each sheet's part, in workbook order."""
    epoch: dt.datetime
    names: tuple[str, ...] | None = None
    """Each sheet's name as openpyxl reads it, when every sheet is a worksheet and every
    name is plain (`_plain_name`) and its own: else calamine names them."""


def _fast_sheets(
    data: bytes, wanted: set[str], *, own_texts: bool = True
) -> dict[str, Sheet | None] | None:
    """The sheets, read with compiled searches of their XML (and python-calamine for
    texts of a shape those don't read); or None when the file is to be read with
    openpyxl instead (`open_workbook`).

    Only the parts that get parsed are unpacked (each to exactly its declared size,
    with its CRC checked and refused if it has a DTD: `zipcheck.read_part`), after the
    zip's declared sizes are checked (`zipcheck.open_office_zip`).

    Most workbooks hold only plain texts (`_xml_text`): then calamine is not opened
    at all (it would unpack and parse the sheets a second time: a quarter of the
    reading). `own_texts=False` reads every text with calamine (tests compare both).
    """
    infos = open_office_zip(data, _GEM_SOM)
    _refuse_equal_names(infos)
    parts: dict[str, bytes] = {}
    for info in infos:
        name = info.filename
        if name.lower() in _BOOK_PARTS_FOLDED:
            if name not in _BOOK_PARTS:
                return None  # a name calamine finds and openpyxl doesn't: its words
            # The same in every copy of a template, but the shared strings.
            parts[name] = read_part(data, info, remember=name != _SHARED_STRINGS)
    if _WORKBOOK not in parts or _WORKBOOK_RELS not in parts:
        return None
    if not all(map(_plain_xml, parts.values())) or not _content_types_agree(
        parts.get(_CONTENT_TYPES, b""), _SHARED_STRINGS in parts
    ):
        return None
    try:
        book = _book(parts[_WORKBOOK], parts[_WORKBOOK_RELS])
        styles = _styles(parts.get(_STYLES, b""))
    except (ValueError, UnicodeDecodeError):
        return None
    if own_texts and book.names is not None and _well_formed_book(parts):
        shared = _shared_strings(parts.get(_SHARED_STRINGS))
        if shared is not None:
            chosen = _chosen(zip(book.names, book.parts, strict=True), wanted)
            try:
                read = _read_sheets(shared, chosen, data, infos, parts, styles, book.epoch)
            except ValueError:  # a style or truth value that is no number, attributes
                return None  # of another shape: openpyxl reads it, and words what is wrong
            if read is not _NEEDS_CALAMINE:
                return read  # type: ignore[return-value]
    calamine = _calamine(data)
    if calamine is _CALAMINE_SKIPPED:
        return None
    try:
        metadata = calamine.sheets_metadata
        if len(metadata) != len(book.parts):
            return None
        from python_calamine import SheetTypeEnum

        chosen = _chosen(
            (
                (sheet.name, sheet_part)
                for sheet, sheet_part in zip(metadata, book.parts, strict=True)
                if sheet.typ == SheetTypeEnum.WorkSheet
            ),
            wanted,
        )
        return _read_sheets(calamine, chosen, data, infos, parts, styles, book.epoch)  # type: ignore[return-value]
    except Exception as exc:  # calamine's errors, and a panic in its Rust code
        if isinstance(exc, _Inconsistent) or _is_calamine_error(exc):
            return None
        raise
    finally:
        calamine.close()


def _well_formed_book(parts: dict[str, bytes]) -> bool:
    """Whether the workbook's own parts are well-formed XML (the shared strings, unlike
    the others, differ in every workbook: not remembered)."""
    return all(_well_formed(part, remember=name != _SHARED_STRINGS) for name, part in parts.items())


def _chosen(sheets: Iterable[tuple[str, str]], wanted: set[str]) -> dict[str, str | None]:
    """Each worksheet's title and its part, or None for a sheet not `wanted`."""
    return {
        title: part if not wanted or normalize(title) in wanted else None for title, part in sheets
    }


def _read_sheets(
    values: Any,
    chosen: dict[str, str | None],
    data: bytes,
    infos: list[zipfile.ZipInfo],
    parts: dict[str, bytes],
    styles: _Styles,
    epoch: dt.datetime,
) -> dict[str, Sheet | None] | object | None:
    """The chosen sheets read by `_fast_sheet` with `values`; None if one of them is
    to be read with openpyxl, _NEEDS_CALAMINE if one has texts for calamine."""
    wanted_parts = {p for p in chosen.values() if p is not None}
    for info in infos:
        if info.filename in wanted_parts and info.filename not in parts:
            parts[info.filename] = read_part(data, info)
    sheets: dict[str, Sheet | None] = {}
    for title, chosen_part in chosen.items():
        if chosen_part is None:
            sheets[title] = None
            continue
        xml = parts.get(chosen_part)
        if xml is None or not _plain_xml(xml):
            return None  # no member of exactly that name, or XML of another shape
        sheet = _fast_sheet(values, title, xml, styles, epoch)
        if sheet is None or sheet is _NEEDS_CALAMINE:
            return sheet
        sheets[title] = sheet  # type: ignore[assignment]
    return sheets


def _refuse_equal_names(infos: list[zipfile.ZipInfo]) -> None:
    """Refuses a zip with two members whose names are equal, or equal but for case:
    calamine finds a part ignoring case and openpyxl by its exact name, so which of
    the two is read would depend on the reader. Office never writes such a zip."""
    seen: dict[str, str] = {}
    for info in infos:
        folded = info.filename.lower()
        first = seen.get(folded)
        seen[folded] = info.filename
        if first is not None:
            both = f"'{first}'" if first == info.filename else f"'{first}' og '{info.filename}'"
            raise OfficeFileError(
                "dobbelt navn",
                f"Filen indeholder to dele med samme navn ({both}, når der ses bort fra "
                "store og små bogstaver), hvad Excel aldrig skriver; den kan være "
                "beskadiget eller lavet til at snyde og læses ikke. Åbn den i Excel, og "
                "gem den igen.",
            )


@functools.lru_cache(maxsize=64)
def _content_types_agree(content_types: bytes, shared_strings: bool) -> bool:
    """Whether the content types name xl/workbook.xml, the part read, as the one
    workbook, and xl/sharedStrings.xml as the shared strings if the file has them
    (openpyxl finds both by their content types; the reading here, as calamine, by
    their names). A file whose content types say otherwise is read by openpyxl."""
    try:
        overrides = [_attributes(attrs) for attrs in _OVERRIDE.findall(content_types)]
    except (ValueError, UnicodeDecodeError):
        return False
    named = [(o.get("PartName", ""), o.get("ContentType", "")) for o in overrides]
    workbooks = [name for name, kind in named if kind.endswith(".main+xml")]
    strings = [name for name, kind in named if kind.endswith(".sharedStrings+xml")]
    return workbooks == ["/xl/workbook.xml"] and strings == (
        ["/xl/sharedStrings.xml"] if shared_strings else []
    )


def _plain_xml(part: bytes) -> bool:
    """Whether an XML part has the plain shape the compiled searches read: encoded
    in UTF-8 (no zero bytes, as UTF-16 has, no other encoding declared: calamine
    reads every part as UTF-8, openpyxl as declared), no comments, CDATA sections or
    processing instructions past the declaration (a cell in a comment is no cell to
    calamine and a match to a search). Single bytes first: most parts have no '!'
    and no '?' past the declaration, and those are found at memchr's speed."""
    if b"\0" in part[:64] or _declares_other_encoding(part):
        return False
    at = 3 if part.startswith(b"\xef\xbb\xbf") else 0
    if part.startswith(b"<?", at):
        at = part.find(b"?>", at) + 2
        if at < 2:
            return False
    if b"!" in part and b"<!" in part:
        return False
    return part.find(b"?", at) < 0 or part.find(b"<?", at) < 0


def _prefixed(xml: bytes, start: int, end: int) -> bool:
    """Whether an element between start and end has a namespace prefix (a colon in an
    element's name), or a tag there declares a namespace (a namespace's name has a
    colon: "urn:x", "http://..."): then openpyxl and calamine could see different
    cells. Colons elsewhere (in text, formulas, attribute names such as Excel's
    x14ac:dyDescent) are passed over; most sheets have none at all."""
    colon = xml.find(b":", start, end)
    seen = 0
    while colon >= 0:
        seen += 1
        if seen > 64:  # many colons: one search, and a tag declaring a namespace
            return bool(_PREFIXED.search(xml, start, end) or xml.find(b"xmlns", start, end) >= 0)
        opened = xml.rfind(b"<", start, colon)
        if opened > xml.rfind(b">", start, colon) and (
            not _TAG_NAME_BREAK.search(xml, opened + 1, colon)
            or xml.find(b"xmlns", opened, colon) >= 0
        ):
            return True  # inside a tag: in its name, or in a namespace declaration
        colon = xml.find(b":", colon + 1, end)
    return False


_TAG_NAME_BREAK = re.compile(rb"[\s\"'=/]")


def _calamine(data: bytes) -> Any:
    """The workbook opened by python-calamine, or _CALAMINE_SKIPPED if it can't."""
    from python_calamine import CalamineWorkbook

    try:
        return CalamineWorkbook.from_filelike(io.BytesIO(data))
    except Exception as exc:
        if _is_calamine_error(exc):
            return _CALAMINE_SKIPPED
        raise


def _is_calamine_error(exc: BaseException) -> bool:
    from python_calamine import CalamineError

    return isinstance(exc, CalamineError | ValueError | OSError) or (
        type(exc).__name__ == "PanicException"
    )


_NUMBER, _ERROR, _DATE_TEXT, _INLINE, _ODD, _SKIP, _SHARED, _BOOL, _STR = range(9)
_TYPES = {
    b"d": _DATE_TEXT,
    b"e": _ERROR,
    b"inlineStr": _INLINE,
    b"s": _SHARED,
    b"b": _BOOL,
    b"str": _STR,
}
_ATTRS_KINDS: dict[bytes, tuple[int, int]] = {}
"""What a cell's attributes (' s="4" t="inlineStr"') say, by their bytes: a folder
of workbooks repeats the same few thousands of times."""
_PLAIN_ATTRS = re.compile(rb'(?: [A-Za-z][\w:.-]*="[^"<>]*")*')
_ATTR_PAIR = re.compile(rb' ([A-Za-z][\w:.-]*)="([^"<>]*)"')


def _attrs_kind(attrs: bytes) -> tuple[int, int]:
    """(what the cell is, its style): _NUMBER (no type, or t="n"), _ERROR (t="e"),
    _DATE_TEXT (t="d"), _INLINE (t="inlineStr"), _SHARED, _STR, _BOOL (a shared
    string, a formula's string, a truth value), _SKIP (a type of another name; these
    four and above: calamine's value is openpyxl's) or _ODD (attributes not
    written as Excel writes them: one space before each, double quotes, each once).
    The style is -1 when its attribute is no number (a number cell with it raises
    ValueError, as openpyxl does: the file is left to openpyxl to word it). Attributes
    by their whole names: an `a-t="s"` is no type."""
    pairs = _ATTR_PAIR.findall(attrs)
    named = dict(pairs)
    if not _PLAIN_ATTRS.fullmatch(attrs) or len(named) != len(pairs) or b"r" in named:
        found = (_ODD, 0)  # (the reference is before these: a second one is no cell)
    else:
        kind = named.get(b"t", b"n")
        action = _NUMBER if kind == b"n" else _TYPES.get(kind, _SKIP)
        style = 0
        if b"s" in named:
            style = int(named[b"s"]) if named[b"s"].isdigit() else -1
        found = (action, style)
    if len(_ATTRS_KINDS) < 10_000:
        _ATTRS_KINDS[attrs] = found
    return found


_PREFIXED = re.compile(rb"</?[A-Za-z_][\w.-]*:")
"""An element with a namespace prefix: never written in sheetData by Excel,
LibreOffice or openpyxl, and a cell the searches would not see (`<x:c>`, `<x:is>`)."""
_PLAIN_FORMULA = re.compile(rb"<f[\s>/]")
_FORMULA_CELL = re.compile(
    rb'<c r="([A-Z]{1,3})([1-9][0-9]*+)"[^<>]*+>(<f\b[^<>]*+>)(?:[^<]*+</f>)?'
    rb"(<v>[^<]*+</v>|<v\s*/>)?</c>"
)
"""A cell with a formula, with or without its cached value, in the plain shape."""
_DIMENSION = re.compile(rb'<dimension ref="[A-Z]{0,3}[0-9]*+(?::([A-Z]{1,3})([0-9]++))?"')


def _fast_sheet(
    values: Any, title: str, xml: bytes, styles: _Styles, epoch: dt.datetime
) -> Sheet | object | None:
    """One sheet's cells, or None if its XML has a shape the fast path doesn't read.

    The cells with a number (and errors and formulas without value) are taken from the
    XML as openpyxl reads them: an int if written without '.' or 'e' (calamine gives
    5.0), a date by openpyxl's rules for date formats, the number format from
    styles.xml. The texts and truth values are read from the XML too when `values` is
    the shared strings (`_SharedStrings`), and every text is of the plain shape
    `_xml_text` reads; else _NEEDS_CALAMINE is returned, and with `values` the
    workbook opened by calamine, they are calamine's.

    The searches must have seen every cell calamine will see before calamine reads
    the sheet (else a cell far away makes it fill a dense grid of billions): one plain
    sheetData with no namespace prefixes or declarations in it, every value, formula
    and error in the plain shape, cells in order, each once, no cell with a value
    styled beyond the styles part; the bounds checked on what was found. (An empty
    cell styled beyond it, which openpyxl called damaged, is read as empty: finding
    it would cost a search of every cell, a tenth of the whole reading.)
    """
    shared = values if type(values) is _SharedStrings else None
    start = xml.find(b"<sheetData")
    end = xml.rfind(b"</sheetData>")
    if start < 0 or b":sheetData" in xml:
        return None  # none, or with a namespace prefix
    if end < start:
        end = len(xml)  # <sheetData/>: the searches find nothing in it, nor calamine
    # From the first <sheetData to the last </sheetData>: wherever calamine reads cells.
    if _prefixed(xml, start, end) or xml.find(b"xmlns", start, end) >= 0:
        return None  # (a namespace declared in the cells: openpyxl may see none of them)
    shape = _sheet_shape(xml, start, end)
    if shape == _DAMAGED:
        return None  # openpyxl says what is wrong
    if shape == _OTHER_SHAPE and shared is not None:
        return _NEEDS_CALAMINE
    dimension = _DIMENSION.search(xml, 0, start)
    if (
        dimension
        and dimension.group(1)
        and (int(dimension.group(2)) >= MAX_ROWS or _column_index(dimension.group(1)) > MAX_COLUMNS)
    ):
        return None  # openpyxl (reading past the stored size) says what is too big
    overrides: dict[tuple[int, int], Cell] = {}
    last_row = last_col = 0
    formats, dates, timedeltas = styles.formats, styles.dates, styles.timedeltas
    style_count = len(formats)
    column_index = _column_index
    found = _VALUE_CELL.findall(xml, start, end)
    kinds, kind_of = _ATTRS_KINDS, _attrs_kind
    stray = False
    errors = 0
    last_position = 0
    texts: dict[tuple[int, int], Any] = {}
    for letters, number, attrs, text, inline, inline_text, inline_end in found:
        if not letters:
            stray = True
            continue
        row, col = int(number), column_index(letters)
        position = row * 16_384 + col
        if position <= last_position:
            return None  # a cell twice, or out of order: openpyxl's reading is its own
        last_position = position
        if row > last_row:
            last_row = row
        if col > last_col:
            last_col = col
        kind = kinds.get(attrs)
        if kind is None:
            kind = kind_of(attrs)
        action, style = kind
        if style >= style_count:
            return None  # a style beyond the styles part: openpyxl says it is damaged
        if style < 0:
            raise ValueError("a style attribute that is no number")  # openpyxl says so
        if action:  # a typed cell
            if (action >= _SKIP and not inline) or (action == _INLINE and inline):
                # A string or truth value: calamine's is openpyxl's, and so is ours
                # where the XML is of the plain shape.
                if shared is not None:
                    own = _own_value(action, text, inline_text, inline_end, shared.texts)
                    if own is _NOT_OWN:
                        return _NEEDS_CALAMINE
                    texts[row, col] = own
                continue
            if action != _ERROR or inline or not text:
                # A date written as ISO text, attributes not written as Excel writes
                # them, an inline string in a cell not typed so (or the reverse), an
                # error without its text: openpyxl's reading is its own.
                return None
            errors += 1
            shown = _xml_text(text)
            if shown is _NOT_OWN:
                return None
            overrides[row, col] = _cell(
                (letters + number).decode(), shown, "General", is_error=True
            )
            continue
        if not text:
            if inline:
                return None  # an inline string in a cell typed as a number
            continue  # an empty <v>
        ref = (letters + number).decode()
        value: Any = _cast_number(text.decode())
        number_format = formats[style]
        if style in dates:
            try:
                value = _from_excel(value, epoch, timedelta=style in timedeltas)
            except (OverflowError, ValueError):
                overrides[row, col] = _cell(ref, "#VALUE!", number_format, is_error=True)
                continue
        overrides[row, col] = _cell(ref, value, number_format)
    if stray:
        return None  # a value in a cell without its reference first, or of another shape
    if errors != xml.count(b't="e"', start, end):
        return None  # an error cell without a value, or of another shape
    if xml.find(b"<f", start, end) >= 0:
        formulas = _FORMULA_CELL.findall(xml, start, end)
        if len(formulas) != len(_PLAIN_FORMULA.findall(xml, start, end)):
            return None  # a formula in a cell of another shape
        for letters, number, formula, cached in formulas:
            if cached and cached != b"<v></v>" and not cached.endswith(b"/>"):
                continue  # a cached value, read above
            if _attributes(formula[2:-1]).get("t") in ("array", "dataTable"):
                continue  # openpyxl's formula view gives no text for these
            row, col = int(number), _column_index(letters)
            last_row, last_col = max(last_row, row), max(last_col, col)
            cell = _cell((letters + number).decode(), None, "General")
            object.__setattr__(cell, "formula_without_value", True)
            overrides[row, col] = cell
    # The last row, even empty and formatted (openpyxl reads up to MAX_EMPTY_ROWS of them).
    tail = _LAST_ROW.search(xml, max(xml.rfind(b"<row ", start, end), 0), end)
    if tail:
        last_row = max(last_row, int(tail.group(1)))
    if last_row >= MAX_ROWS or last_col > MAX_COLUMNS:
        return None  # openpyxl words what is too big (and calamine would fill a dense grid)
    if shared is None:
        rows = values.get_sheet_by_name(title).to_python(skip_empty_area=False)
    else:
        rows = _rows_of(texts)
    merged = ()
    if b"mergeCell" in xml:
        merged = tuple(m.decode("ascii", "replace").upper() for m in _MERGE_CELL.findall(xml))
    grid, filled = _grid_of(rows, overrides)
    sheet = Sheet(title, grid, merged)
    sheet._filled = (grid, len(grid), filled)
    return sheet


def _grid_of(
    rows: list[list[Any]], overrides: dict[tuple[int, int], Cell]
) -> tuple[list[list[Cell]], list[int]]:
    """calamine's rows as Cells, with the cells read from the XML in their place; and
    the numbers of the rows with something in them (what `Sheet.data_rows` looks for,
    found here on the way rather than by asking every cell again)."""
    height = len(rows)
    width = max((len(r) for r in rows), default=0)
    rows_overridden: set[int] = set()
    if overrides:
        rows_overridden = {r for r, _ in overrides}
        height = max(height, max(rows_overridden))
        width = max(width, max(c for _, c in overrides))
    letters = _letters(width)
    empty = _empty_cells(min(height, _EMPTY_ROWS_KEPT), min(width, _EMPTY_COLUMNS_KEPT))
    new, errors = _new_object, EXCEL_ERRORS
    grid: list[list[Cell]] = []
    filled: list[int] = []
    for r in range(1, height + 1):
        values = rows[r - 1] if r <= len(rows) else ()
        number = str(r)
        empty_row = empty[r - 1] if r <= len(empty) else []
        mine = overrides if r in rows_overridden else None
        has_content = False
        cells: list[Cell] = []
        append = cells.append
        for c, value in enumerate(values, start=1):
            if mine is not None:
                cell = mine.get((r, c))
                if cell is not None:
                    append(cell)
                    if not has_content and (not cell.is_empty or cell.formula_without_value):
                        has_content = True
                    continue
            if type(value) is str:
                if value:
                    cell = new(Cell)
                    attrs = cell.__dict__
                    attrs["ref"] = letters[c - 1] + number
                    attrs["value"] = value
                    stripped = value.strip()
                    if stripped:
                        has_content = True
                        if stripped in errors:
                            attrs["is_error"] = True
                    append(cell)
                elif c <= len(empty_row):
                    append(empty_row[c - 1])
                else:
                    append(_cell(letters[c - 1] + number, None, "General"))
            elif type(value) is bool:
                append(_cell(letters[c - 1] + number, value, "General"))
                has_content = True
            else:
                return _inconsistent()  # a number calamine found and the XML search didn't
        for c in range(len(values) + 1, width + 1):
            cell = mine.get((r, c)) if mine is not None else None
            if cell is None:
                cell = (
                    empty_row[c - 1]
                    if c <= len(empty_row)
                    else _cell(letters[c - 1] + number, None, "General")
                )
            elif not has_content and (not cell.is_empty or cell.formula_without_value):
                has_content = True
            append(cell)
        grid.append(cells)
        if has_content:
            filled.append(r)
    return grid, filled


# --- texts read from the XML, without calamine ----------------------------------------

_NEEDS_CALAMINE = object()
"""A marker: a text of a shape `_xml_text` doesn't read; calamine reads the texts."""
_NOT_OWN = object()
"""A marker: a value `_own_value` leaves to calamine."""


@dataclass(frozen=True)
class _SharedStrings:
    """The shared strings part's texts, each of the plain shape (`_shared_strings`)."""

    texts: tuple[str, ...]


_T = rb'<t(?: xml:space="preserve")?>'
"""A text element's start, as Excel, LibreOffice and openpyxl write it."""
_SHARED_STRING = re.compile(rb"<si>" + _T + rb"([^<]*+)</t></si>")
_ATTRS = rb'(?: [A-Za-z_][\w:.-]*+="[^"<>]*+")*+'
"""Attributes as Excel, LibreOffice and openpyxl write them."""
_SHARED_STRINGS_PART = re.compile(
    rb"(?:\xef\xbb\xbf)?(?:<\?xml" + _ATTRS + rb" ?\?>)?\s*+<sst" + _ATTRS + rb"(?:/>|>("
    rb"(?:<si>" + _T + rb"[^<]*+</t></si>)*+)</sst>)\s*+"
)
"""A shared strings part of plain texts only, whole."""
_CONTROLS = rb"\x00-\x08\x0b\x0c\x0e-\x1f"
"""The control characters XML has not (tab, line feed and carriage return it has)."""
_TEXT = rb"[^<" + _CONTROLS + rb"]*+"
"""Text in the cells: no control character (XML has none; the search sees them at no
extra cost, where a search of its own took a third of the reading)."""
_CELL_ATTRS = rb'(?: [A-Za-z_][\w:.-]*+="[^"<>' + _CONTROLS + rb']*+")*+'


def _sheet_data(row: bytes, cell: bytes) -> re.Pattern[bytes]:
    return re.compile(
        rb"<sheetData"
        + _CELL_ATTRS
        + rb"(?:/>|>(?:<row"
        + row
        + _CELL_ATTRS
        + rb"(?:/>|>(?:<c"
        + cell
        + _CELL_ATTRS
        + rb"(?:/>|>(?:<f"
        + _CELL_ATTRS
        + rb"(?:/>|>"
        + _TEXT
        + rb"</f>))?(?:<v>"
        + _TEXT
        + rb"</v>|<v/>|<is>"
        + _T
        + _TEXT
        + rb"</t></is>)?</c>))*+</row>))*+</sheetData>)"
    )


_SHEET_DATA = _sheet_data(rb' r="([1-9][0-9]*+)"', rb' r="[A-Z]{1,3}\1"')
"""A sheet's cells in the shape Excel, LibreOffice and openpyxl write them: rows of
cells, each with at most a formula and a value or one inline text, nothing between;
each row's number first, and each cell's reference first, in that row (openpyxl
places a cell by its row element, calamine by its reference)."""
_SHEET_DATA_ANY_ROWS = _sheet_data(b"", b"")
"""The same shape with the rows and references not checked."""
_NOT_XML_CHAR = re.compile("[\x00-\x08\x0b-\x1f\ud800-\udfff\ufffe\uffff]")
"""Characters XML refuses (openpyxl calls the file damaged, calamine reads them), and
the carriage return (a parser makes a line feed of it, calamine doesn't)."""
_ENCODING = re.compile(rb"<\?xml[^>]*?\bencoding\s*=\s*[\"']([^\"']*)")


def _shared_strings(part: bytes | None) -> _SharedStrings | None:
    """The shared strings when each is one plain text, as Excel, LibreOffice and
    openpyxl write them; None if one is rich text, has phonetic runs or is otherwise
    of another shape (calamine reads them)."""
    if part is None:
        return _SharedStrings(())
    body = _SHARED_STRINGS_PART.fullmatch(part)
    if body is None:
        return None
    found = _SHARED_STRING.findall(part, body.start(1), body.end(1))
    texts = tuple(map(_xml_text, found))
    if _NOT_OWN in texts:
        return None
    # openpyxl's reading of the part leaves out every "x005F_" (Excel's escape of _).
    return _SharedStrings(tuple(text.replace("x005F_", "") for text in texts))  # type: ignore[attr-defined]


_PLAIN_SHAPE, _OTHER_SHAPE, _DAMAGED = range(3)


def _sheet_shape(xml: bytes, start: int, end: int) -> int:
    """What a sheet's XML (its cells from `start` to `end`) is: _PLAIN_SHAPE,
    well-formed with its cells in the plain shape (`_SHEET_DATA`: a search at a
    regular expression's speed; the rest, a small part, by a parser); _OTHER_SHAPE,
    cells of another shape, which calamine reads (as far as seen, well-formed); or
    _DAMAGED, XML openpyxl refuses (a control character, a reference to no character
    or a bare '&', bytes that are no UTF-8, a rest that does not parse) or places
    otherwise (a cell outside its row): openpyxl words it, or reads it its way."""
    cells = _SHEET_DATA.match(xml, start)
    if cells is None:
        return _other_shape(xml, start, end)
    stop = cells.end()
    if not _characters_of_xml(xml, start, stop):
        return _DAMAGED
    # (An empty sheetData in the cells' place: so cells inside a tag, say in an
    # attribute's value, leave no well-formed rest.)
    return _PLAIN_SHAPE if _well_formed(xml[:start] + b"<sheetData/>" + xml[stop:]) else _DAMAGED


def _other_shape(xml: bytes, start: int, end: int) -> int:
    """_OTHER_SHAPE or _DAMAGED, for cells not of the plain shape (rare: the slower
    searches are made only here)."""
    if _SHEET_DATA_ANY_ROWS.match(xml, start) or _CONTROL.search(xml, start, end):
        return _DAMAGED  # a cell not in its row, a row unnumbered; a control character
    if not _characters_of_xml(xml, start, end):
        return _DAMAGED
    if not xml.startswith(b"</sheetData>", end):
        return _OTHER_SHAPE
    rest = xml[:start] + b"<sheetData/>" + xml[end + len(b"</sheetData>") :]
    return _OTHER_SHAPE if _well_formed(rest) else _DAMAGED


def _characters_of_xml(xml: bytes, start: int, end: int) -> bool:
    """Whether every '&' in the cells starts a reference to a character XML has, and
    the sheet is UTF-8 without U+FFFE or U+FFFF."""
    ampersands = xml.count(b"&", start, end)
    if ampersands:
        references = _REFERENCE.findall(xml, start, end)
        if len(references) != ampersands or not all(map(_xml_character, references)):
            return False
    if not xml.isascii():
        try:
            text = xml.decode("utf-8")
        except UnicodeDecodeError:
            return False
        if "\ufffe" in text or "\uffff" in text:
            return False
    return True


_REFERENCE = re.compile(rb"&(?:#x[0-9a-fA-F]++|#[0-9]++|amp|lt|gt|quot|apos);")
_CONTROL = re.compile(rb"[" + _CONTROLS + rb"]")
"""Control characters: no characters of XML (expat, openpyxl refuse them; calamine
read them)."""


@functools.lru_cache(maxsize=4096)
def _xml_character(reference: bytes) -> bool:
    """Whether a reference ("&amp;", "&#230;") stands for a character XML allows."""
    if not reference.startswith(b"&#"):
        return True
    code = int(reference[3:-1], 16) if reference[2:3] == b"x" else int(reference[2:-1])
    return (
        code in (0x9, 0xA, 0xD)
        or 0x20 <= code <= 0xD7FF
        or 0xE000 <= code <= 0xFFFD
        or 0x10000 <= code <= 0x10FFFF
    )


def _well_formed(part: bytes, *, remember: bool = True) -> bool:
    """Whether a part is well-formed XML (expat, a C parser: no tree is built).
    Calamine's parse said it; where calamine is not used, this does. Small parts are
    remembered (copies of a template have the same), unless not to `remember`."""
    if remember and len(part) <= 32 * 1024:
        return _remembered_well_formed(part)
    from xml.parsers import expat

    try:
        expat.ParserCreate().Parse(part, True)
    except expat.ExpatError:
        return False
    return True


@functools.lru_cache(maxsize=256)
def _remembered_well_formed(part: bytes) -> bool:
    return _well_formed(part, remember=False)


def _declares_other_encoding(part: bytes) -> bool:
    """Whether an XML part says it is encoded in another than UTF-8 (the searches read
    UTF-8; a parser would decode it by what it says)."""
    declared = _ENCODING.match(part, 3 if part.startswith(b"\xef\xbb\xbf") else 0)
    return declared is not None and declared.group(1).lower() not in (b"utf-8", b"utf8")


def _own_value(
    action: int, text: bytes, inline_text: bytes, inline_end: bytes, shared: tuple[str, ...]
) -> str | bool | object:
    """A text or truth value as openpyxl reads it from the XML, or _NOT_OWN."""
    if action == _INLINE:
        return _xml_text(inline_text) if inline_end else _NOT_OWN
    if action == _SHARED:
        if text.isdigit() and int(text) < len(shared):
            return shared[int(text)]
        return _NOT_OWN
    if action == _STR:
        return _xml_text(text)
    if action == _BOOL:
        return bool(int(text))  # as openpyxl: ValueError (its words) for "true"
    return _NOT_OWN


def _xml_text(raw: bytes) -> str | object:
    """An element's text as an XML parser gives it, or _NOT_OWN for one that calamine
    and openpyxl could read differently: Excel's _xHHHH_ escapes, entities other than
    XML's own, a ']]>', characters XML refuses, a carriage return, bytes that are no
    UTF-8. Short ones are remembered: a folder of workbooks repeats the same labels."""
    found = _XML_TEXTS.get(raw)
    if found is None:
        found = _decoded_text(raw)
        if len(raw) <= 200 and len(_XML_TEXTS) < 20_000:
            _XML_TEXTS[raw] = found
    return found


_XML_TEXTS: dict[bytes, str | object] = {}


def _decoded_text(raw: bytes) -> str | object:
    if b"_x" in raw or b"]]>" in raw:
        return _NOT_OWN
    try:
        text = _unescaped(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, OverflowError):  # chr() of no character
        return _NOT_OWN
    if _NOT_XML_CHAR.search(text):
        return _NOT_OWN
    return text


def _rows_of(texts: dict[tuple[int, int], str | bool]) -> list[list[Any]]:
    """The texts and truth values by row, as calamine gives a sheet's values: from A1
    to the last cell with one, "" where there is none (the numbers are read apart)."""
    if not texts:
        return []
    height = max(r for r, _ in texts)
    width = max(c for _, c in texts)
    rows: list[list[Any]] = [[""] * width for _ in range(height)]
    for (r, c), value in texts.items():
        rows[r - 1][c - 1] = value
    return rows


_EMPTY_CELLS: list[list[Cell]] = []
_EMPTY_ROWS_KEPT = 300
_EMPTY_COLUMNS_KEPT = 40


def _empty_cells(height: int, width: int) -> list[list[Cell]]:
    """Empty Cells by row and column (1-based, less one), made once: a Cell is
    frozen, so one empty A1 serves every sheet."""
    rows = _EMPTY_CELLS
    if len(rows) < height or (rows and len(rows[0]) < width):
        width = max(width, len(rows[0]) if rows else 0)
        letters = _letters(width)
        rows[:] = [
            [_cell(letters[c] + str(r), None, "General") for c in range(width)]
            for r in range(1, max(height, len(rows)) + 1)
        ]
    return rows


class _Inconsistent(Exception):
    """calamine and the XML search disagree: the sheet is read with openpyxl."""


def _inconsistent() -> Any:
    raise _Inconsistent


_new_object = object.__new__


def _cell(ref: str, value: Any, number_format: str, *, is_error: bool = False) -> Cell:
    """A Cell, made without the frozen dataclass's __init__ (a quarter of the time: a
    workbook has hundreds of cells). Equal in every way to Cell(ref, value, ...)."""
    cell = _new_object(Cell)
    attrs = cell.__dict__
    attrs["ref"] = ref
    attrs["value"] = value
    attrs["number_format"] = number_format
    if is_error:
        attrs["is_error"] = True
    return cell


_COLUMN_LETTERS: list[str] = []


def _letters(width: int) -> list[str]:
    """The first `width` column letters: A, B, ..., Z, AA, ..."""
    while len(_COLUMN_LETTERS) < width:
        _COLUMN_LETTERS.append(_column_letter(len(_COLUMN_LETTERS) + 1))
    return _COLUMN_LETTERS


def _column_letter(index: int) -> str:
    letters = ""
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


@functools.lru_cache(maxsize=1024)
def _column_index(letters: bytes) -> int:
    index = 0
    for byte in letters:
        index = index * 26 + byte - 64
    return index


def _cast_number(text: str) -> int | float:
    """A number as openpyxl reads it: an int unless written with '.' or an exponent."""
    if "." in text or "E" in text or "e" in text:
        return float(text)
    return int(text)


_WINDOWS_EPOCH = dt.datetime(1899, 12, 30)
_MAC_EPOCH = dt.datetime(1904, 1, 1)


def _from_excel(value: float, epoch: dt.datetime, timedelta: bool = False) -> Any:
    """A date serial as openpyxl converts it (openpyxl.utils.datetime.from_excel):
    a datetime, a time for a fraction of a day, a timedelta for [h]:mm formats."""
    if timedelta:
        delta = dt.timedelta(days=value)
        if delta.microseconds:
            delta = dt.timedelta(
                seconds=delta.total_seconds() // 1, microseconds=round(delta.microseconds, -3)
            )
        return delta
    day, fraction = divmod(value, 1)
    diff = dt.timedelta(milliseconds=round(fraction * 86400 * 1000))
    if 0 <= value < 1 and diff.days == 0:
        minutes, seconds = divmod(diff.seconds, 60)
        hours, minutes = divmod(minutes, 60)
        return dt.time(hours, minutes, seconds, diff.microseconds)
    if 0 < value < 60 and epoch == _WINDOWS_EPOCH:
        day += 1
    return epoch + dt.timedelta(days=day) + diff


@functools.lru_cache(maxsize=64)
def _book(workbook_xml: bytes, rels_xml: bytes) -> _Book:
    """The sheets' parts and the date system, from workbook.xml and its relationships.

    Cached: the workbooks of one folder are usually copies of one template.
    """
    targets, kinds = {}, {}
    for attrs in _RELATIONSHIP.findall(rels_xml):
        relationship = _attributes(attrs)
        rel_id, target = relationship.get("Id"), relationship.get("Target")
        kind = relationship.get("Type", "")
        if relationship.get("TargetMode", "Internal") != "Internal":
            target = None  # no part of the file: openpyxl finds no sheet there
        if rel_id is not None and target is not None:
            if rel_id in targets:
                raise ValueError("two relationships of one id")
            targets[rel_id], kinds[rel_id] = target, kind
        fixed = _FIXED_TARGETS.get(kind.rsplit("/", 1)[-1])
        if fixed is not None and _part_name(target or "") != "xl/" + fixed:
            # calamine reads these parts by their fixed names, openpyxl by this target
            raise ValueError("shared strings or styles in a part of another name")
    parts = []
    names: list[str] | None = []
    sheets = _sections(_SHEETS, workbook_xml)
    listed = sheets[0] if sheets else b""
    elements = _SHEET_ELEMENT.findall(listed)
    if listed.count(b"<") != len(elements):
        raise ValueError("something else than sheets among the sheets")
    for attrs in elements:
        sheet = _attributes(attrs)
        name = sheet.get("name")
        ids = [value for key, value in sheet.items() if key.endswith(":id")]
        if name is None or len(ids) != 1 or ids[0] not in targets:
            raise ValueError("a sheet without name or part")
        rel_id = ids[0]
        if names is not None:
            if kinds[rel_id].endswith("/worksheet") and _plain_name(attrs, name, names):
                names.append(name)
            else:
                names = None
        parts.append(_part_name(targets[rel_id]))
    settings = _WORKBOOK_PR.findall(workbook_xml)
    if len(settings) > 1:
        raise ValueError("two workbookPr")
    flag = _attributes(settings[0]).get("date1904", "") if settings else ""
    date1904 = flag not in ("", "false", "f", "0")  # openpyxl's Bool
    epoch = _MAC_EPOCH if date1904 else _WINDOWS_EPOCH
    return _Book(tuple(parts), epoch, tuple(names) if names is not None else None)


def _part_name(target: str) -> str:
    """The member a relationship of xl/workbook.xml points to, as openpyxl finds it:
    an absolute target from the package's root, any other from xl/ ("xl/x.xml" is
    xl/xl/x.xml). ValueError for one that climbs (openpyxl's reading is its own)."""
    name = target[1:] if target.startswith("/") else "xl/" + target
    if ".." in name.split("/") or "\\" in name:
        raise ValueError("a target of another shape")
    return name


def _plain_name(attrs: bytes, name: str, earlier: list[str]) -> bool:
    """Whether a sheet's name reads alike in every XML parser, and is no earlier
    sheet's: no tab or line break written as such (a parser makes a space of them in
    an attribute, calamine doesn't), no character XML refuses."""
    return (
        not _BREAKS_IN_ATTRIBUTE.search(attrs)
        and not _NOT_XML_CHAR.search(name)
        and name not in earlier
    )


_BREAKS_IN_ATTRIBUTE = re.compile(rb"[\t\n\r]")
_BREAKS_TO_SPACES = bytes.maketrans(b"\t\n\r", b"   ")


@functools.lru_cache(maxsize=64)
def _styles(styles_xml: bytes) -> _Styles:
    """Each cell style's number format, as openpyxl names it, and which are dates.

    Cached: the workbooks of one folder are usually copies of one template.
    """
    custom = {}
    numbers = _sections(_NUM_FMTS, styles_xml)
    for attrs in _NUM_FMT.findall(numbers[0] or b"") if numbers else ():
        number_format = _attributes(attrs)
        fmt_id, code = number_format.get("numFmtId"), number_format.get("formatCode")
        if fmt_id is not None and code is not None:
            custom[int(fmt_id)] = code or "General"  # (ValueError: openpyxl's words)
    formats = []
    cell_styles = _sections(_CELL_XFS, styles_xml)
    section = cell_styles[0] if cell_styles else None
    for attrs in _XF.findall(section or b""):
        number = int(_attributes(attrs).get("numFmtId", "0"))
        formats.append(custom.get(number) or BUILTIN_FORMATS.get(number, "General"))
    dates = frozenset(i for i, f in enumerate(formats) if _is_date_format(f))
    timedeltas = frozenset(i for i, f in enumerate(formats) if _is_timedelta_format(f))
    return _Styles(tuple(formats), dates, timedeltas)


def _sections(section: tuple[re.Pattern[bytes], re.Pattern[bytes]], xml: bytes) -> list[bytes]:
    """The contents of a section (sheets; numFmts, cellXfs of styles.xml): one or
    none; two, or one not ended, are a shape openpyxl reads its own way (ValueError:
    read with openpyxl). Only that section counts: a number format in <dxfs> is no
    cell's. Found by a search for its start and one for its end: never a search from
    each start to the end of the part (a part of many starts took minutes)."""
    start, end = section
    starts = start.finditer(xml)
    first = next(starts, None)
    if first is None:
        return []
    if next(starts, None) is not None:
        raise ValueError("two sections")
    if first.group(1).rstrip().endswith(b"/"):
        return [b""]
    ended = end.search(xml, first.end())
    if ended is None:
        raise ValueError("a section not ended")
    return [xml[first.end() : ended.start()]]


def _attributes(attrs: bytes) -> dict[str, str]:
    """An element's attributes by their whole names ("r:id", "name"), their values
    as an XML parser gives them. ValueError (the file is left to openpyxl) unless
    `attrs` is attributes and nothing else, each once, with only XML's own entities."""
    found: dict[str, str] = {}
    at = 0
    while (match := _ATTRIBUTE.match(attrs, at)) is not None:
        name = match.group(1).decode("ascii")
        raw = match.group(2) if match.group(2) is not None else match.group(3)
        # A parser makes a space of each tab and line break written as such.
        value = raw.replace(b"\r\n", b"\n").translate(_BREAKS_TO_SPACES).decode("utf-8")
        if name in found:
            raise ValueError("an attribute twice")
        found[name] = _unescaped(value)
        at = match.end()
    if attrs[at:].strip() not in (b"", b"/"):
        raise ValueError("attributes of another shape")
    return found


def _unescaped(text: str) -> str:
    """XML text or an attribute's value with its references replaced, as a parser
    gives it. ValueError for an '&' that starts none of XML's own references."""
    if "&" not in text:
        return text
    if text.count("&") != len(_ENTITY.findall(text)):
        raise ValueError("an entity XML does not know")
    return _ENTITY.sub(_entity, text)


def _entity(match: re.Match[str]) -> str:
    name = match.group(1)
    if name.startswith("#x"):
        return chr(int(name[2:], 16))
    if name.startswith("#"):
        return chr(int(name[1:]))
    return _ENTITIES[name]


BUILTIN_FORMATS = {
    0: "General",
    1: "0",
    2: "0.00",
    3: "#,##0",
    4: "#,##0.00",
    5: '"$"#,##0_);("$"#,##0)',
    6: '"$"#,##0_);[Red]("$"#,##0)',
    7: '"$"#,##0.00_);("$"#,##0.00)',
    8: '"$"#,##0.00_);[Red]("$"#,##0.00)',
    9: "0%",
    10: "0.00%",
    11: "0.00E+00",
    12: "# ?/?",
    13: "# ??/??",
    14: "mm-dd-yy",
    15: "d-mmm-yy",
    16: "d-mmm",
    17: "mmm-yy",
    18: "h:mm AM/PM",
    19: "h:mm:ss AM/PM",
    20: "h:mm",
    21: "h:mm:ss",
    22: "m/d/yy h:mm",
    37: "#,##0_);(#,##0)",
    38: "#,##0_);[Red](#,##0)",
    39: "#,##0.00_);(#,##0.00)",
    40: "#,##0.00_);[Red](#,##0.00)",
    41: r'_(* #,##0_);_(* \(#,##0\);_(* "-"_);_(@_)',
    42: r'_("$"* #,##0_);_("$"* \(#,##0\);_("$"* "-"_);_(@_)',
    43: r'_(* #,##0.00_);_(* \(#,##0.00\);_(* "-"??_);_(@_)',
    44: r'_("$"* #,##0.00_)_("$"* \(#,##0.00\)_("$"* "-"??_)_(@_)',
    45: "mm:ss",
    46: "[h]:mm:ss",
    47: "mmss.0",
    48: "##0.0E+0",
    49: "@",
}
"""Excel's built-in number formats by id, as openpyxl names them
(openpyxl.styles.numbers.BUILTIN_FORMATS); any other id without a format is General."""

_DATE_STRIP = re.compile(r'".*?"|\[(?!hh?\]|mm?\]|ss?\])[^\]]*\]')
_DATE_LETTER = re.compile(r"(?<![_\\])[dmhysDMHYS]")
_TIMEDELTA = re.compile(
    r"\[hh?\](:mm(:ss(\.0*)?)?)?|\[mm?\](:ss(\.0*)?)?|\[ss?\](\.0*)?", re.IGNORECASE
)


def _is_date_format(fmt: str) -> bool:
    """openpyxl's test (styles.numbers.is_date_format): a date letter outside quotes
    and brackets in the format's first section."""
    return _DATE_LETTER.search(_DATE_STRIP.sub("", fmt.split(";")[0])) is not None


def _is_timedelta_format(fmt: str) -> bool:
    return _TIMEDELTA.search(fmt.split(";")[0]) is not None


# --- the old reader: openpyxl, for the files the fast one leaves --------------------


def _openpyxl_sheets(
    path: Path, wanted_names: set[str], problems: ProblemCollector
) -> dict[str, Sheet | None]:
    """The sheets read with openpyxl, read-only, once with cached formula values and
    once with the formulas themselves (openpyxl gives a formula with no cached value as
    an empty cell: only the second view tells "empty" from "never calculated").

    For what the fast reader leaves: files calamine can't read (this words why),
    sheets with content at or past the bounds (this says where), odd XML shapes.
    Every member is checked first (`check_office_file`), as the fast path does for
    the parts it reads.
    """
    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        check_office_file(path, _GEM_SOM)
    except OSError as exc:
        raise translate(exc, path, WorkbookError, DAMAGED) from exc
    values = formulas = None
    files = contextlib.ExitStack()  # openpyxl leaves its file open when its parse fails
    try:
        values = load_workbook(files.enter_context(path.open("rb")), read_only=True, data_only=True)
        # The formula view costs a second parse; only files with formulas need it.
        if _has_formulas(path):
            formulas = load_workbook(files.enter_context(path.open("rb")), read_only=True)
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
            grid, too_big = _openpyxl_grid(ws, formula_ws)
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
        files.close()
    return sheets


def _damaged(path: Path) -> str:
    """The message for a zip whose parts can't be read: names the first part that
    is no well-formed XML, so whoever wrote the file (another program) can be told."""
    from defusedxml import ElementTree as SafeElementTree

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


def _has_formulas(path: Path) -> bool:
    """Whether any sheet of the file holds a formula (an <f> element)."""
    with zipfile.ZipFile(path) as archive:
        return any(
            _FORMULA_ELEMENT.search(archive.read(name))
            for name in archive.namelist()
            if name.startswith("xl/worksheets/") and name.endswith(".xml")
        )


def _openpyxl_grid(values_ws: Any, formulas_ws: Any | None) -> tuple[list[list[Cell]], str | None]:
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
                    f"Arket har indhold til højre for kolonne {_column_letter(MAX_COLUMNS)} "
                    f"(række {r}); en standard-arbejdsbog har højst {MAX_COLUMNS} kolonner. "
                    "Slet kolonnerne til højre for tabellen, og gem filen igen."
                )
            row = row[:MAX_COLUMNS]
        cells: list[Cell] = []
        for c, cell in enumerate(row, start=1):
            value = getattr(cell, "value", None)
            ref = f"{_column_letter(c)}{r}"
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
        if not cell.text:
            return "Cellen viser en fejl fra Excel (uden fejlkode). Ret formlen eller skriv tallet."
        return f"Cellen viser fejlen {cell.text}. Ret formlen eller skriv tallet."
    return None


def readable_value(cell: Cell, *, as_date: str = "") -> object:
    """The cell's value; raises CellValueError when it has none (`unreadable`). With
    `as_date`, a date is refused with that message: Excel turns a typed year ("2012-1")
    or an account code ("6.45") into a date, and its digits are then lost."""
    if cell.formula_without_value or cell.is_error:
        raise CellValueError(unreadable(cell) or "")
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
    kind = type(value)
    if (
        kind is not float
        and kind is not int
        and isinstance(value, bool | dt.datetime | dt.date | dt.time)
    ):
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
        number = _PARSED.get(text)
        if number is not None:
            return number
        try:
            number = parse_tal(text)
        except TalError as exc:  # parse_tal's message names the text
            raise CellValueError(str(exc)) from exc
        if len(_PARSED) < 10_000:
            _PARSED[text] = number
        return number
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


_PARSED: dict[str, float] = {}
"""Figures typed as text, as parse_tal read them (babel's parsing is slow, and a folder
of workbooks repeats its figures)."""


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
    by_key = _CHOICES.get(choices)
    if by_key is None:
        by_key = {}
        for choice in choices:
            by_key.setdefault(normalize(choice), choice)  # the first one, as ever
        if len(_CHOICES) < 1_000:
            _CHOICES[choices] = by_key
    key = normalize(text)
    if key in by_key:
        return by_key[key]
    allowed = ", ".join(f"'{c}'" for c in choices if c) or "ingen"
    empty_ok = " eller tom" if "" in choices else ""
    raise CellValueError(f"'{text}' er ikke et gyldigt valg. Skriv {allowed}{empty_ok}.")


_CHOICES: dict[tuple[str, ...], dict[str, str]] = {}
"""Each set of choices by its normalized texts (`read_choice` is asked for every cell of
a column, with the same few sets)."""


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
    keys = [(felt, normalize(felt)) for felt in felter]
    for number, row in sheet.data_rows(first=1):
        label = normalize(row[0].value) if row else ""
        for felt, key in keys:
            if label != key:
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


# --- reading many workbooks, on both cores where it pays ------------------------------

PARALLEL_FROM = 300
"""From this many workbooks on, a second process reads some of them (`read_each`).
Below, starting it costs more than it saves (see the README's performance section)."""
_CHUNK = 10
"""Outcomes per message from the second process (each workbook is claimed alone)."""


class _HandedBack:
    """In place of an outcome: the second process met an unexpected error reading the
    workbook and stopped; this one reads it (and raises the error as one by one)."""


def read_each(read: Callable[[Path], Any], paths: list[Path]) -> list[Any]:
    """`read(path)` for each path, in order: its result, or the WorkbookError it raised.

    With PARALLEL_FROM paths or more and two cores, one more process reads from the
    end while this one reads from the start, each claiming one workbook at a time
    from a shared pair of counters: they meet wherever the load on the machine puts
    them, and at the end this one waits for one workbook at most, never for work
    handed out in advance. The other process is forked when this one has a single
    thread (nothing to copy but what is already imported: it starts in milliseconds),
    else started by forkserver (or spawn).

    Results and errors come back in the same order and with the same messages as
    read one by one; any other exception is raised as it would be one by one (the
    other process hands such a workbook back, and this one reads it last). If the
    other process dies (a crash in a library), each workbook it claimed and did not
    answer for is read again alone in a new process, and one that kills that too is
    reported as damaged, with its file named.
    """
    if len(paths) < PARALLEL_FROM or (os.cpu_count() or 1) < 2 or _IN_WORKER or _NO_WORKERS:
        return [_outcome(read, path) for path in paths]
    done: list[Any] = [_NOT_YET] * len(paths)
    context = _worker_context(read)
    claims = context.Array("q", [0, len(paths)])  # the next path from the start; the end
    receiving, sending = context.Pipe(duplex=False)
    worker = context.Process(target=_worker, args=(read, paths, claims, sending), daemon=True)
    try:
        worker.start()
    except OSError:  # no process to be had (a limit on processes): all is read here
        sending.close()
        receiving.close()
        return [_outcome(read, path) for path in paths]
    sending.close()  # the worker's end: receiving sees EOF once the worker is gone
    listening = True

    def receive() -> None:
        """Takes one message from the worker; stops listening when it is gone."""
        nonlocal listening
        try:
            message = receiving.recv()
        except (EOFError, OSError):  # a message is read whole first: no half to unpickle
            message = None  # gone, perhaps in the middle of a message
        if message is None:  # None: it found nothing more to claim
            listening = False
        else:
            for index, outcome in message:
                done[index] = outcome

    try:
        while (index := _claim(claims, front=True)) is not None:
            done[index] = _outcome(read, paths[index])
            if index % _CHUNK == 0:
                while listening and receiving.poll():
                    receive()
        while listening:  # the worker's last workbook
            receive()
        worker.join()
    finally:
        if worker.is_alive():  # this process failed: stop the other one with it
            worker.terminate()
            worker.join()
        receiving.close()
    if worker.exitcode and claims[1] == len(paths):
        _no_workers()  # it died before it claimed a workbook: no process starts here
    died = [i for i, outcome in enumerate(done) if outcome is _NOT_YET] if worker.exitcode else []
    alone = iter(_read_alone(read, [paths[i] for i in died]))
    died_at = set(died)
    for index, outcome in enumerate(done):
        if outcome is _NOT_YET and index in died_at:
            done[index] = next(alone)
        elif outcome is _NOT_YET or isinstance(outcome, _HandedBack):
            done[index] = _outcome(read, paths[index])
    return [_unpacked(outcome) for outcome in done]


_NOT_YET = object()
_IN_WORKER = False
_NO_WORKERS = False
"""Set when no second process can start here (a script run without the
`if __name__ == "__main__":` guard that multiprocessing needs): all is read here."""


def _no_workers() -> None:
    global _NO_WORKERS
    _NO_WORKERS = True


def _claim(claims: Any, *, front: bool) -> int | None:
    """The next path's index for the process reading from the front (or the end), or
    None when the two have met."""
    with claims.get_lock():
        first, end = claims[0], claims[1]
        if first >= end:
            return None
        if front:
            claims[0] = first + 1
            return first
        claims[1] = end - 1
        return end - 1


def _worker(read: Callable[[Path], Any], paths: list[Path], claims: Any, sending: Any) -> None:
    """The second process: claims workbooks from the end until the two processes meet,
    and sends their outcomes _CHUNK at a time, a WorkbookError as its problems (an
    exception with its own __init__ doesn't survive pickling). A workbook where `read`
    raises anything else is handed back unread, and the worker stops."""
    global _IN_WORKER
    _IN_WORKER = True
    answers: list[tuple[int, Any]] = []
    while (index := _claim(claims, front=False)) is not None:
        try:
            outcome = _outcome(read, paths[index])
        except Exception:
            answers.append((index, _HandedBack()))
            break
        if isinstance(outcome, WorkbookError):
            outcome = _Problems(outcome.problems)
        answers.append((index, outcome))
        if len(answers) >= _CHUNK:
            sending.send(answers)
            answers = []
    if answers:
        sending.send(answers)
    sending.send(None)
    sending.close()


def _worker_context(read: Callable[[Path], Any]) -> Any:
    """fork where it is safe and fast (Linux, and this process has one thread: a
    fork copies only the thread that forks), else `_context`."""
    import multiprocessing

    if sys.platform == "linux" and _threads() == 1:
        return multiprocessing.get_context("fork")
    return _context(read)


def _threads() -> int:
    from dagsorden.parallel import threads

    return threads()


def _context(read: Callable[[Path], Any]) -> Any:
    import multiprocessing

    if "forkserver" in multiprocessing.get_all_start_methods():
        context = multiprocessing.get_context("forkserver")
        # The server imports the reader once; each worker is forked from it, ready.
        context.set_forkserver_preload([read.__module__, "python_calamine"])
        return context
    return multiprocessing.get_context("spawn")


def _outcome(read: Callable[[Path], Any], path: Path) -> Any:
    try:
        return read(path)
    except WorkbookError as exc:
        return exc


def _read_chunk(read: Callable[[Path], Any], paths: list[Path]) -> list[Any]:
    """In a process of its own: each outcome, a WorkbookError as its problems."""
    global _IN_WORKER
    _IN_WORKER = True
    outcomes: list[Any] = []
    for path in paths:
        outcome = _outcome(read, path)
        outcomes.append(
            _Problems(outcome.problems) if isinstance(outcome, WorkbookError) else outcome
        )
    return outcomes


@dataclass(frozen=True)
class _Problems:
    problems: tuple[Problem, ...]


def _unpacked(outcome: Any) -> Any:
    return WorkbookError(outcome.problems) if isinstance(outcome, _Problems) else outcome


def _read_alone(read: Callable[[Path], Any], paths: list[Path]) -> list[Any]:
    """The outcomes of a chunk the second process died reading: each workbook read
    again alone in a new process, and one that kills that too reported damaged; if
    no new process can even start (nothing to blame a workbook for), they are read
    here, one by one."""
    from concurrent.futures import ProcessPoolExecutor

    outcomes: list[Any] = []
    for path in paths:
        if _NO_WORKERS:
            outcomes.append(_outcome(read, path))
            continue
        try:
            with ProcessPoolExecutor(max_workers=1, mp_context=_context(read)) as alone:
                if alone.submit(_read_chunk, read, []).result() != []:
                    raise RuntimeError("no answer")
                try:
                    outcomes.extend(alone.submit(_read_chunk, read, [path]).result())
                except RuntimeError as exc:
                    if not _broken(exc):
                        raise
                    outcomes.append(_Problems((Problem(str(path), DAMAGED),)))
        except RuntimeError:  # not even an empty task runs: read it, and the rest, here
            _no_workers()
            outcomes.append(_outcome(read, path))
    return outcomes


def _broken(exc: BaseException) -> bool:
    """Whether `exc` says the other process died (concurrent.futures' BrokenExecutor)."""
    from concurrent.futures import BrokenExecutor

    return isinstance(exc, BrokenExecutor)
