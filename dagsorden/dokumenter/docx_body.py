"""Turns body blocks and computed tables into real Word content.

Everything goes into a docxtpl sub-document, whose styles are the template's own,
written into its XML as python-docx would write it: a bullet is a "List Bullet"
paragraph, a numbered item a "List Number" paragraph (each list restarting at its
own start), a table a "Table Grid" table. Text goes in as text, so no character in a
case can become markup or template code.

Every table is laid out for the A4 text column (`TEXT_WIDTH_CM`): columns as wide as
their content needs, a figure never broken inside itself, a row never split across
pages and the header row repeated on each page (`hold_table`).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from typing import Any

from docx.document import Document as _WordDocument
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.opc.constants import RELATIONSHIP_TYPE
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt
from docx.table import Table as DocxTable
from docx.table import _Cell
from lxml.etree import SubElement

from dagsorden.errors import TalError
from dagsorden.kerne import danish
from dagsorden.kerne.blocks import (
    Block,
    BulletList,
    Heading,
    ListItem,
    NumberedList,
    OekonomiTableMarker,
    Paragraph,
    Runs,
    StatusTableMarker,
    Table,
    plain_text,
)

TABLE_STYLE = "Table Grid"
TEXT_WIDTH_CM = 17.0
"""The text column of the templates' A4 page: 21 cm less 2 cm margins on each side."""
DEFAULT_PT = 10.5
"""The templates' body text size (Normal: Arial 10,5 pt), which tables inherit."""
FARVE_FYLD = {"grøn": "00B050", "gul": "FFC000", "rød": "FF0000"}
"""Cell shading of the traffic lights, as in the committee's papers."""


@dataclass
class Tabelnummer:
    """Numbers the captioned tables ("Tabel 1.", "Tabel 2.") through one document."""

    sidste: int = 0

    def naeste(self) -> int:
        self.sidste += 1
        return self.sidste


@dataclass
class BodyWriter:
    """Adds blocks to one sub-document.

    `marker` renders a computed-table marker (status or Økonomi) on this writer;
    the caller supplies it because only it knows the workbooks.

    Paragraphs, runs and tables go straight into the document's XML, element by
    element as python-docx's `add_paragraph`, `add_run`, `add_table` and property
    setters write them (the same elements, attributes and order, so the same bytes):
    python-docx looks each child up by a search of its parent at every property, which
    made up most of the time of an indstilling.
    """

    doc: Any
    tabelnummer: Tabelnummer = field(default_factory=Tabelnummer)
    marker: Callable[[BodyWriter, StatusTableMarker | OekonomiTableMarker], None] | None = None

    def add_blocks(self, blocks: tuple[Block, ...]) -> None:
        for block in blocks:
            self.add_block(block)

    def add_block(self, block: Block) -> None:
        if isinstance(block, Paragraph):
            _append_runs(self.add_paragraph(), block.runs, self.doc)
        elif isinstance(block, Heading):
            _append_runs(self.add_heading(min(block.level, 9)), block.runs, self.doc)
        elif isinstance(block, BulletList):
            for item in block.items:
                p = self.add_paragraph(style=_list_style("List Bullet", item))
                _append_runs(p, item.runs, self.doc)
        elif isinstance(block, NumberedList):
            self.add_numbered_list(block)
        elif isinstance(block, Table):
            self.add_simple_table(block)
        elif isinstance(block, StatusTableMarker | OekonomiTableMarker):
            if self.marker is None:
                raise ValueError("No renderer for table markers was given.")
            self.marker(self, block)
        else:  # pragma: no cover - the Block union is closed
            raise TypeError(f"Unknown block {block!r}")

    def _body(self) -> Any:
        """The `w:body` new blocks go into, or None when `doc` is no python-docx
        document (then python-docx's own methods add them)."""
        return self.doc.element.body if isinstance(self.doc, _WordDocument) else None

    def add_paragraph(self, text: str = "", style: str | None = None) -> Any:
        """A new last paragraph (its `w:p`), as python-docx's `add_paragraph(text,
        style)` writes it. A style named that is the template's default one leaves an
        empty `w:pPr`, as python-docx leaves it."""
        body = self._body()
        if body is None:
            return self.doc.add_paragraph(text, style)._p
        style_id = None
        if style is not None:
            style_id = self.doc.part.get_style_id(style, WD_STYLE_TYPE.PARAGRAPH)
        p = _append_block(body, _P)
        if style is not None:
            p_pr = SubElement(p, _PPR)
            if style_id is not None:
                SubElement(p_pr, _PSTYLE).set(_VAL, style_id)
        if text:
            _add_text(SubElement(p, _R), text)
        return p

    def add_heading(self, level: int) -> Any:
        """An empty heading paragraph of `level` (0 is the Title), as python-docx's
        `add_heading("", level)`."""
        if self._body() is None:
            return self.doc.add_heading("", level)._p
        if not 0 <= level <= 9:
            raise ValueError(f"level must be in range 0-9, got {level}")
        return self.add_paragraph(style="Title" if level == 0 else f"Heading {level}")

    def add_numbered_list(self, block: NumberedList) -> None:
        """A numbered list that starts at its own number, not where the last one ended."""
        num_ids: dict[str, str] = {}
        for item in block.items:
            style = _list_style("List Number", item)
            if style not in num_ids:
                num_ids[style] = str(_restarted_numbering(self.doc, style, block.start))
            p = self.add_paragraph(style=style)
            num_pr = SubElement(p.get_or_add_pPr(), _NUMPR)
            SubElement(num_pr, _ILVL).set(_VAL, "0")
            SubElement(num_pr, _NUMID).set(_VAL, num_ids[style])
            _append_runs(p, item.runs, self.doc)

    def add_simple_table(self, block: Table) -> None:
        columns = max([len(block.header), *(len(r) for r in block.rows)])
        texts = [[plain_text(runs) for runs in block.header]] + [
            [plain_text(runs) for runs in row] for row in block.rows
        ]
        columns_text = [[row[c] if c < len(row) else "" for row in texts] for c in range(columns)]
        _, cells = self._table(1 + len(block.rows), fit_widths(columns_text, bold_first=True))
        for c, runs in enumerate(block.header):
            _append_runs(cells[0][c][1], runs, self.doc, bold=True)
        for r, row in enumerate(block.rows, start=1):
            for c, runs in enumerate(row):
                tc_pr, p = cells[r][c]
                if _is_figure(plain_text(runs)):
                    runs = tuple(replace(run, tekst=hel(run.tekst)) for run in runs)
                    SubElement(SubElement(p, _PPR), _JC).set(_VAL, "right")
                    SubElement(tc_pr, _NOWRAP)
                _append_runs(p, runs, self.doc)
        self.add_paragraph()

    def add_caption(self, text: str) -> int:
        """ "Tabel N. text" in the Caption style; returns N."""
        number = self.tabelnummer.naeste()
        caption = self.add_paragraph(f"Tabel {number}. {text}", style="Caption")
        # A caption stays on the page of the table it names.
        keep_next(caption)
        return number

    def add_figure_table(
        self,
        header: list[str],
        rows: list[list[str]],
        *,
        indented: set[int] = frozenset(),  # type: ignore[assignment]
        bold_rows: set[int] = frozenset(),  # type: ignore[assignment]
        shading: dict[tuple[int, int], str] | None = None,
        text_columns: int = 1,
        styles: Mapping[int, Raekkestil] | None = None,
        indent_column: int = 0,
        size_pt: float | None = None,
    ) -> Any:
        """A table of text in the first `text_columns` columns, left-aligned, and
        figures, right-aligned and never broken, in the rest.

        Row indexes in `indented`, `bold_rows`, `shading` and `styles` count body rows
        from 0. `styles` gives a row its look (bold, italic, an indent of the cell in
        `indent_column`, a rule above it); `indented` and `bold_rows` are short for the
        common two. `size_pt` sets the font size of every cell (default: the style's).
        Returns the python-docx table.
        """
        looks = {
            r: Raekkestil(fed=r in bold_rows, indryk_cm=0.5 if r in indented else 0.0)
            for r in set(indented) | set(bold_rows)
        }
        looks.update(styles or {})
        columns_text = [[header[c], *(row[c] for row in rows)] for c in range(len(header))]
        widths = fit_widths(
            columns_text,
            size_pt=size_pt or DEFAULT_PT,
            bold_first=True,
            whole={c for c in range(len(header)) if c >= text_columns},
            bold_rows={r + 1 for r, look in looks.items() if look.fed},
            indent={(indent_column, r + 1): look.indryk_cm for r, look in looks.items()},
        )
        tbl, cells = self._table(1 + len(rows), widths, left=True)
        size = None if size_pt is None else str(int(Pt(size_pt).pt * 2))
        for c, text in enumerate(header):
            _cell_text(cells[0][c][1], text, bold=True, right=c >= text_columns, size=size)
        shading = shading or {}
        plain = Raekkestil()
        for r, row in enumerate(rows):
            look = looks.get(r, plain)
            if len(row) > len(header):
                raise IndexError("list index out of range")
            for c, text in enumerate(row):
                tc_pr, p = cells[r + 1][c]
                figure = c >= text_columns
                whole = figure and _is_figure(text)
                # the cell's properties in the schema's order: borders, shading, noWrap
                if look.streg_over:
                    top = SubElement(SubElement(tc_pr, _TCBORDERS), _TOP)
                    top.set(_VAL, "single")
                    top.set(_SZ_ATTR, str(RULE_SZ))
                    top.set(_SPACE, "0")
                    top.set(_COLOR_ATTR, "000000")
                fill = shading.get((r, c))
                if fill:
                    _shd(tc_pr, fill)
                if whole:
                    SubElement(tc_pr, _NOWRAP)
                indent = look.indryk_cm if c == indent_column else 0.0
                _cell_text(
                    p,
                    hel(text) if whole else text,
                    bold=look.fed,
                    italic=look.kursiv,
                    right=figure,
                    size=size,
                    indent_cm=indent,
                )
        return DocxTable(tbl, self._parent())

    def _parent(self) -> Any:
        """What python-docx's `add_table` gives its tables as parent: the body."""
        return self.doc._body if isinstance(self.doc, _WordDocument) else self.doc

    def _table(
        self, rows: int, widths_cm: list[float], *, left: bool = False
    ) -> tuple[Any, list[list[tuple[Any, Any]]]]:
        """A new last table in the Table Grid style, its columns `widths_cm` wide and
        its rows held (`hold_table`), as python-docx's `add_table` with `style`,
        `alignment`, `set_column_widths` and `hold_table` leave it: its `w:tbl`, and
        each cell's (`w:tcPr`, empty `w:p`) by row and column."""
        body = self._body()
        if body is None:
            table = self.doc.add_table(rows=rows, cols=len(widths_cm))
            table.style = TABLE_STYLE
            if left:
                table.alignment = WD_TABLE_ALIGNMENT.LEFT
            set_column_widths(table, widths_cm)
            hold_table(table)
            return table._tbl, [
                [(tc.get_or_add_tcPr(), tc.p_lst[0]) for tc in tr.tc_lst]
                for tr in table._tbl.tr_lst
            ]
        style_id = self.doc.part.get_style_id(TABLE_STYLE, WD_STYLE_TYPE.TABLE)
        tbl = _append_block(body, _TBL)
        tbl_pr = SubElement(tbl, _TBLPR)
        if style_id is not None:
            SubElement(tbl_pr, _TBLSTYLE).set(_VAL, style_id)
        tbl_w = SubElement(tbl_pr, _TBLW)
        tbl_w.set(_TYPE, "auto")
        tbl_w.set(_WIDTH, "0")
        if left:
            SubElement(tbl_pr, _JC).set(_VAL, "left")
        SubElement(tbl_pr, _TBLLAYOUT).set(_TYPE, "fixed")
        look = SubElement(tbl_pr, _TBLLOOK)
        for name, value in _TBL_LOOK:
            look.set(name, value)
        grid = SubElement(tbl, _TBLGRID)
        twips = [str(Cm(width).twips) for width in widths_cm]
        for width in twips:
            SubElement(grid, _GRIDCOL).set(_WIDTH, width)
        cells = []
        for r in range(rows):
            tr = SubElement(tbl, _TR)
            tr_pr = SubElement(tr, _TRPR)
            SubElement(tr_pr, _CANTSPLIT)
            if r == 0:
                SubElement(tr_pr, _TBLHEADER).set(_VAL, "true")
            row = []
            for width in twips:
                tc = SubElement(tr, _TC)
                tc_pr = SubElement(tc, _TCPR)
                tc_w = SubElement(tc_pr, _TCW)
                tc_w.set(_TYPE, "dxa")
                tc_w.set(_WIDTH, width)
                row.append((tc_pr, SubElement(tc, _P)))
            cells.append(row)
        return tbl, cells


_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_VAL, _TYPE, _WIDTH = _W + "val", _W + "type", _W + "w"
_SZ_ATTR, _SPACE, _COLOR_ATTR, _LEFT = _W + "sz", _W + "space", _W + "color", _W + "left"
_P, _PPR, _PSTYLE, _KEEP_NEXT, _IND, _JC = (
    _W + "p", _W + "pPr", _W + "pStyle", _W + "keepNext", _W + "ind", _W + "jc",
)  # fmt: skip
_NUMPR, _ILVL, _NUMID = _W + "numPr", _W + "ilvl", _W + "numId"
_R, _RPR, _B, _I, _SZ, _COLOR, _U = (
    _W + "r", _W + "rPr", _W + "b", _W + "i", _W + "sz", _W + "color", _W + "u",
)  # fmt: skip
_T, _TAB, _BR, _HYPERLINK = _W + "t", _W + "tab", _W + "br", _W + "hyperlink"
_TBL, _TBLPR, _TBLSTYLE, _TBLW, _TBLLAYOUT, _TBLLOOK, _TBLGRID, _GRIDCOL = (
    _W + "tbl", _W + "tblPr", _W + "tblStyle", _W + "tblW", _W + "tblLayout",
    _W + "tblLook", _W + "tblGrid", _W + "gridCol",
)  # fmt: skip
_TR, _TRPR, _CANTSPLIT, _TBLHEADER = _W + "tr", _W + "trPr", _W + "cantSplit", _W + "tblHeader"
_TC, _TCPR, _TCW, _TCBORDERS, _TOP, _SHD, _NOWRAP, _VMERGE = (
    _W + "tc", _W + "tcPr", _W + "tcW", _W + "tcBorders", _W + "top", _W + "shd",
    _W + "noWrap", _W + "vMerge",
)  # fmt: skip
_SECTPR = _W + "sectPr"
_XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"
_R_ID = qn("r:id")
_TBL_LOOK = tuple(
    (_W + name, value)
    for name, value in (
        ("firstColumn", "1"), ("firstRow", "1"), ("lastColumn", "0"), ("lastRow", "0"),
        ("noHBand", "0"), ("noVBand", "1"), ("val", "04A0"),
    )
)  # fmt: skip
"""python-docx's `w:tblLook` of a new table, attribute for attribute."""
_TEGN = re.compile(r"([\t\r\n])")


def _append_block(body: Any, tag: str) -> Any:
    """A new element at the end of `body`, before its section properties (where
    python-docx's `add_paragraph` and `add_table` put theirs)."""
    element = SubElement(body, tag)
    before = element.getprevious()
    if before is not None and before.tag == _SECTPR:
        before.addprevious(element)
    return element


def _add_text(r: Any, text: str) -> None:
    """`text` into the run `r` as python-docx's `Run.text` writes it: a tab as `w:tab`,
    a newline or carriage return as `w:br`, the rest as `w:t`, space-preserving where
    the text starts or ends in white space."""
    for piece in _TEGN.split(text) if _TEGN.search(text) else (text,):
        if piece == "\t":
            SubElement(r, _TAB)
        elif piece in ("\r", "\n"):
            SubElement(r, _BR)
        elif piece:
            t = SubElement(r, _T)
            t.text = piece
            if len(piece.strip()) < len(piece):
                t.set(_XML_SPACE, "preserve")


def _append_runs(p: Any, runs: Runs, owner: Any, *, bold: bool = False) -> None:
    """The runs at the end of the paragraph `p`, as `add_runs` writes them; `bold`
    makes every run bold but a hyperlink's (as setting `bold` on python-docx's
    `paragraph.runs` after did). `owner.part` relates a hyperlink."""
    for run in runs:
        if run.link:
            text = run.tekst.translate(_LINJESKIFT)
            _hyperlink(p, owner, text, run.link, bold=run.fed, italic=run.kursiv)
            continue
        for i, line in enumerate(run.tekst.translate(_LINJESKIFT).split("\n")):
            if i:
                r = SubElement(p, _R)
                if bold:
                    SubElement(SubElement(r, _RPR), _B)
                SubElement(r, _BR)
            r, _ = _new_run(p, bold=run.fed or bold, italic=run.kursiv)
            if line:
                _add_text(r, line)


def _new_run(parent: Any, *, bold: bool, italic: bool) -> tuple[Any, Any]:
    """A `w:r` at the end of `parent` and its `w:rPr`, written even when empty, as the
    python-docx way this replaces wrote it (tests/test_docx_body_xml.py compares)."""
    r = SubElement(parent, _R)
    r_pr = SubElement(r, _RPR)
    if bold:
        SubElement(r_pr, _B)
    if italic:
        SubElement(r_pr, _I)
    return r, r_pr


def _hyperlink(p: Any, owner: Any, text: str, url: str, *, bold: bool, italic: bool) -> None:
    """A real, clickable Word hyperlink (python-docx has no API for one)."""
    r_id = owner.part.relate_to(url, RELATIONSHIP_TYPE.HYPERLINK, is_external=True)
    hyperlink = SubElement(p, _HYPERLINK)
    hyperlink.set(_R_ID, r_id)
    r, r_pr = _new_run(hyperlink, bold=bold, italic=italic)
    SubElement(r_pr, _COLOR).set(_VAL, "0563C1")
    SubElement(r_pr, _U).set(_VAL, "single")
    if text:
        _add_text(r, text)


def _cell_text(
    p: Any,
    text: str,
    *,
    bold: bool = False,
    italic: bool = False,
    right: bool = False,
    size: str | None = None,
    indent_cm: float = 0.0,
) -> None:
    """A figure table's cell text into its (empty) paragraph `p`: the left indent and
    the alignment, then one run; `size` in half points."""
    if indent_cm or right:
        p_pr = SubElement(p, _PPR)
        if indent_cm:
            SubElement(p_pr, _IND).set(_LEFT, str(Cm(indent_cm).twips))
        if right:
            SubElement(p_pr, _JC).set(_VAL, "right")
    r, r_pr = _new_run(p, bold=bold, italic=italic)
    if size is not None:
        SubElement(r_pr, _SZ).set(_VAL, size)
    if text:
        _add_text(r, text)


def _shd(tc_pr: Any, fill: str) -> None:
    shading = SubElement(tc_pr, _SHD)
    shading.set(_VAL, "clear")
    shading.set(_COLOR_ATTR, "auto")
    shading.set(_W + "fill", fill)


def keep_next(p: Any) -> None:
    """The paragraph stays on the page of the next (`w:keepNext`, after its style)."""
    p_pr = p[0] if len(p) and p[0].tag == _PPR else None
    if p_pr is None:
        p_pr = SubElement(p, _PPR)
        p.insert(0, p_pr)
    keep = p_pr.find(_KEEP_NEXT)
    if keep is not None:
        if _VAL in keep.attrib:
            del keep.attrib[_VAL]  # python-docx's True: the attribute's default
        return
    position = 1 if len(p_pr) and p_pr[0].tag == _PSTYLE else 0
    keep = SubElement(p_pr, _KEEP_NEXT)
    p_pr.insert(position, keep)


def celler(table: Any) -> list[list[Any]]:
    """A new table's cells by row and column, found once: python-docx's
    `table.cell(r, c)` works out the whole grid of the table again at every call.
    (For a table without merged cells, as `add_table` makes it.)"""
    return [[_Cell(tc, table) for tc in tr.tc_lst] for tr in table._tbl.tr_lst]


@dataclass(frozen=True)
class Raekkestil:
    """How one body row of a figure table looks."""

    fed: bool = False
    kursiv: bool = False
    indryk_cm: float = 0.0
    """Left indent of the row's cell in the table's `indent_column` (its Post)."""
    streg_over: bool = False
    """A rule above the row, as over a grand total."""


@functools.lru_cache(maxsize=4096)
def _is_figure(text: str) -> bool:
    """Whether a cell holds a figure ("9,7", "-690", "37,4%"), to align it right."""
    cleaned = text.strip().rstrip("%").strip()
    if not cleaned or cleaned == "-":
        return False
    try:
        danish.parse_tal(cleaned)
    except TalError:
        return False
    return True


def _list_style(base: str, item: ListItem) -> str:
    """ "List Bullet", "List Bullet 2", "List Bullet 3" by nesting level."""
    level = min(item.level, 2)
    return base if level == 0 else f"{base} {level + 1}"


def _restarted_numbering(doc: Any, style_name: str, start: int) -> int:
    """A new numbering instance of the style's list, starting at `start`."""
    numbering = doc.part.numbering_part.numbering_definitions._numbering
    # The template's styles never change: its part remembers a list style's numId
    # (`render._Dokumentdel`), as python-docx searches the styles by name each time.
    memo = getattr(doc.part, "stil_ider", {})
    key = (style_name, "numId")
    if key not in memo:
        memo[key] = doc.styles[style_name].element.pPr.numPr.numId.val
    style_num_id = memo[key]
    abstract_id = numbering.num_having_numId(style_num_id).abstractNumId.val
    num = numbering.add_num(abstract_id)
    override = num.add_lvlOverride(ilvl=0)
    override.add_startOverride(start)
    return num.numId


_LINJESKIFT = str.maketrans({"\x0b": "\n", "\x0c": "\n"})
"""Word's manual line break and a form feed: XML can't hold them; they are breaks.
(markdown_body maps them already; this keeps any other caller from crashing lxml.)"""


def add_runs(paragraph: Any, runs: Runs) -> None:
    """The runs at the end of a python-docx paragraph: bold and italics as the runs
    say, a line break as `w:br`, a link as a real hyperlink."""
    _append_runs(paragraph._p, runs, paragraph)


_TC_PR_ORDER = (
    "cnfStyle",
    "tcW",
    "gridSpan",
    "hMerge",
    "vMerge",
    "tcBorders",
    "shd",
    "noWrap",
    "tcMar",
    "textDirection",
    "tcFitText",
    "vAlign",
    "hideMark",
)
"""The order WordprocessingML requires of a cell's properties (Word may refuse a
file whose elements are out of order)."""


def _insert_in_order(tc_pr: Any, element: Any) -> None:
    """Adds `element` to a cell's properties where the schema wants it."""
    rank = _TC_PR_ORDER.index(element.tag.rpartition("}")[2])
    for i, child in enumerate(tc_pr):
        name = child.tag.rpartition("}")[2]
        if name in _TC_PR_ORDER and _TC_PR_ORDER.index(name) > rank:
            tc_pr.insert(i, element)
            return
    tc_pr.append(element)


RULE_SZ = 12
"""A rule above a total: 1,5 pt (eighths of a point), three times the grid's lines."""


def rule_above(cell: Any) -> None:
    """A heavier line along the top of the cell (the rule over a table's total)."""
    tc_pr = cell._tc.get_or_add_tcPr()
    borders = tc_pr.find(qn("w:tcBorders"))
    if borders is None:
        borders = OxmlElement("w:tcBorders")
        _insert_in_order(tc_pr, borders)
    top = OxmlElement("w:top")
    top.set(qn("w:val"), "single")
    top.set(qn("w:sz"), str(RULE_SZ))
    top.set(qn("w:space"), "0")
    top.set(qn("w:color"), "000000")
    borders.insert(0, top)


def shade(cell: Any, fill: str) -> None:
    """Background colour of a table cell (hex RGB, e.g. "00B050"); replaces any
    earlier one (two `w:shd` in a cell are invalid in Word's schema)."""
    tc_pr = cell._tc.get_or_add_tcPr()
    for earlier in tc_pr.findall(qn("w:shd")):
        tc_pr.remove(earlier)
    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:color"), "auto")
    shading.set(qn("w:fill"), fill)
    _insert_in_order(tc_pr, shading)


def mark_header_row(table: Any) -> None:
    """Repeats the first row on every page the table spans."""
    tr_pr = table.rows[0]._tr.get_or_add_trPr()
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    tr_pr.append(header)


def keep_rows_whole(table: Any) -> None:
    """No row is split across two pages (`w:cantSplit` on every row)."""
    for tr in table._tbl.tr_lst:
        tr_pr = tr.get_or_add_trPr()
        if tr_pr.find(qn("w:cantSplit")) is None:
            tr_pr.insert(0, OxmlElement("w:cantSplit"))


def hold_table(table: Any) -> None:
    """The header row repeats on every page, and no row is split across pages."""
    keep_rows_whole(table)
    mark_header_row(table)


def keep_with_next(row: Any) -> None:
    """The row stays on the page of the row after it (Word and LibreOffice both keep
    a table row with the next when its paragraphs say so)."""
    tcs = row._tr.findall(_TC)
    if not any(tc.find(f"{_TCPR}/{_VMERGE}") is not None for tc in tcs):
        # python-docx's `row.cells` and `paragraph_format`, straight in the XML
        for tc in tcs:
            for p in tc.iterchildren(_P):
                keep_next(p)
        return
    for cell in row.cells:  # a merged cell's paragraphs are those of the cell it continues
        for paragraph in cell.paragraphs:
            paragraph.paragraph_format.keep_with_next = True


def no_wrap(cell: Any) -> None:
    """Asks Word not to wrap the cell's text (a figure); the column is made wide
    enough for it as well, as LibreOffice ignores the request."""
    tc_pr = cell._tc.get_or_add_tcPr()
    if tc_pr.find(qn("w:noWrap")) is None:
        _insert_in_order(tc_pr, OxmlElement("w:noWrap"))


_UBRUDT = str.maketrans({" ": "\u00a0", "-": "\u2011"})


def hel(figure: str) -> str:
    """A figure that can't break inside itself: its spaces no-break spaces and a hyphen
    inside it ("2011-12") a no-break hyphen. A leading minus stays a hyphen-minus, which
    never breaks from the digits after it."""
    if not figure:
        return figure
    return figure[0] + figure[1:].translate(_UBRUDT)


_CELLEMARGEN_CM = 0.45
"""The cell's left and right margins (2 x 0,19 cm in Table Grid) and a little air."""
_BRED = frozenset("mwMW%@")
_SMAL = frozenset(" .,:;!|'()[]/-ijlftrI\u00a0\u2011")


@functools.lru_cache(maxsize=8192)
def text_width_cm(text: str, size_pt: float, *, bold: bool = False) -> float:
    """About how wide `text` is in Arial (or Liberation Sans, which has the same
    widths) at `size_pt`: digits and most lower-case letters half an em or a little
    more, capitals two thirds, narrow letters and punctuation a quarter."""
    em = 0.0
    for char in text:
        if char in _SMAL:
            em += 0.278
        elif char in _BRED:
            em += 0.85
        elif char.isdigit():
            em += 0.556
        elif char.isupper():
            em += 0.667
        else:
            em += 0.53
    return em * (1.07 if bold else 1.0) * size_pt / 72 * 2.54


def _words(text: str) -> list[str]:
    """The pieces a line may break between: words, and a hyphenated word after its hyphen."""
    return [piece for word in text.split() for piece in re.findall(r"[^-]*-|[^-]+", word)]


def fit_widths(
    columns: list[list[str]],
    *,
    total_cm: float = TEXT_WIDTH_CM,
    size_pt: float = DEFAULT_PT,
    bold_first: bool = False,
    whole: set[int] = frozenset(),  # type: ignore[assignment]
    min_cm: float = 1.2,
    spans: tuple[tuple[int, int, str], ...] = (),
    bold_rows: set[int] = frozenset(),  # type: ignore[assignment]
    indent: Mapping[tuple[int, int], float] | None = None,
) -> list[float]:
    """Column widths, in cm, that add up to `total_cm` and fit each column's content.

    `columns` holds each column's cell texts, the header first (in bold when
    `bold_first`, as are the rows in `bold_rows`, counted from the header as 0). A
    column is at least as wide as its longest word, so a header or a word breaks only
    between words; in a column in `whole` (figures) every figure fits whole. `indent`
    gives (column, row) cells an indent in cm, which they need besides their text.
    What is left goes to the columns whose text would otherwise wrap, in
    proportion to how much they lack. `spans` are cells merged across columns, each
    (first column, number of columns, text): the columns together fit its text.
    """
    minimum, wanted = column_needs(
        columns,
        size_pt=size_pt,
        bold_first=bold_first,
        whole=whole,
        min_cm=min_cm,
        spans=spans,
        bold_rows=bold_rows,
        indent=indent,
    )
    spare = total_cm - sum(minimum)
    if spare <= 0:
        return [round(w * total_cm / sum(minimum), 2) for w in minimum]
    extra = [w - m for w, m in zip(wanted, minimum, strict=True)]
    if sum(extra) <= spare:
        # Everything fits on one line: the text columns share what is left.
        grow = [c for c in range(len(columns)) if c not in whole] or list(range(len(columns)))
        widths = list(wanted)
        rest = total_cm - sum(widths)
        for c in grow:
            widths[c] += rest * wanted[c] / sum(wanted[g] for g in grow)
        return [round(w, 2) for w in widths]
    return [round(m + spare * e / sum(extra), 2) for m, e in zip(minimum, extra, strict=True)]


def column_needs(
    columns: list[list[str]],
    *,
    size_pt: float = DEFAULT_PT,
    bold_first: bool = False,
    whole: set[int] = frozenset(),  # type: ignore[assignment]
    min_cm: float = 1.2,
    spans: tuple[tuple[int, int, str], ...] = (),
    bold_rows: set[int] = frozenset(),  # type: ignore[assignment]
    indent: Mapping[tuple[int, int], float] | None = None,
) -> tuple[list[float], list[float]]:
    """Each column's (minimum, wanted) width in cm, as `fit_widths` weighs them: the
    minimum fits its longest word (and every figure, in `whole`), the wanted width
    its longest cell on one line."""
    indent = indent or {}

    def width(text: str, bold: bool) -> float:
        return text_width_cm(text, size_pt, bold=bold) + _CELLEMARGEN_CM

    minimum, wanted = [], []
    for c, texts in enumerate(columns):
        cells = [
            (text, (bold_first and i == 0) or i in bold_rows, indent.get((c, i), 0.0))
            for i, text in enumerate(texts)
        ]
        pieces = [(word, b, ind) for t, b, ind in cells for word in _words(t)]
        if c in whole:
            # A figure stays whole; a header or a text beside the figures may wrap
            # between its words.
            body = cells[1:] if bold_first else cells
            pieces += [(t, b, ind) for t, b, ind in body if _is_figure(t)]
        needed = max((width(t, b) + ind for t, b, ind in pieces), default=min_cm)
        minimum.append(max(min_cm, needed))
        longest = max((width(t, b) + ind for t, b, ind in cells), default=min_cm)
        wanted.append(max(minimum[-1], longest))
    for first, count, text in spans:
        span = range(first, first + count)
        needed = max((width(w, False) for w in _words(text)), default=0.0)
        for widths, need in ((minimum, needed), (wanted, width(text, False))):
            have = sum(widths[c] for c in span)
            if have < need:
                for c in span:
                    widths[c] *= need / have
        for c in span:
            wanted[c] = max(wanted[c], minimum[c])
    return minimum, wanted


def fitting_size(
    columns: list[list[str]],
    sizes: tuple[float, ...] = (DEFAULT_PT, 9.5, 9.0, 8.5),
    *,
    total_cm: float = TEXT_WIDTH_CM,
    text_room_cm: float = 4.5,
    **needs: Any,
) -> float:
    """The largest of `sizes` at which the table fits in `total_cm`: every figure
    whole, and each text column (not in `whole`) as wide as its text or at least
    `text_room_cm`, so a post isn't squeezed to a word a line. A wide table of figures
    gets a smaller font rather than broken figures; the smallest size when none fits."""
    whole = needs.get("whole", set())
    for size in sizes:
        minimum, wanted = column_needs(columns, size_pt=size, **needs)
        need = sum(
            m if c in whole else min(w, max(m, text_room_cm))
            for c, (m, w) in enumerate(zip(minimum, wanted, strict=True))
        )
        if need <= total_cm:
            return size
    return sizes[-1]


def set_column_widths(table: Any, widths_cm: list[float]) -> None:
    """Fixed column widths, for Word (cell widths) and LibreOffice (the grid) alike."""
    table.autofit = False
    for column, width in zip(table.columns, widths_cm, strict=True):
        column.width = Cm(width)
    for tr in table._tbl.tr_lst:
        col = 0
        for tc in tr.tc_lst:
            span = tc.grid_span
            tc.width = Cm(sum(widths_cm[col : col + span]))
            col += span
