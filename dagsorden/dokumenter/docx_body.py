"""Turns body blocks and computed tables into real Word content.

Everything is added through python-docx to a docxtpl sub-document, whose styles
are the template's own: a bullet is a "List Bullet" paragraph, a numbered item a
"List Number" paragraph (each list restarting at its own start), a table a
"Table Grid" table. Text goes in as text, so no character in a case can become
markup or template code.

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

from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.opc.constants import RELATIONSHIP_TYPE
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor
from docx.table import _Cell

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
    """

    doc: Any
    tabelnummer: Tabelnummer = field(default_factory=Tabelnummer)
    marker: Callable[[BodyWriter, StatusTableMarker | OekonomiTableMarker], None] | None = None

    def add_blocks(self, blocks: tuple[Block, ...]) -> None:
        for block in blocks:
            self.add_block(block)

    def add_block(self, block: Block) -> None:
        if isinstance(block, Paragraph):
            add_runs(self.doc.add_paragraph(), block.runs)
        elif isinstance(block, Heading):
            add_runs(self.doc.add_heading("", min(block.level, 9)), block.runs)
        elif isinstance(block, BulletList):
            for item in block.items:
                add_runs(self.doc.add_paragraph(style=_list_style("List Bullet", item)), item.runs)
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

    def add_numbered_list(self, block: NumberedList) -> None:
        """A numbered list that starts at its own number, not where the last one ended."""
        num_ids: dict[str, int] = {}
        for item in block.items:
            style = _list_style("List Number", item)
            if style not in num_ids:
                num_ids[style] = _restarted_numbering(self.doc, style, block.start)
            paragraph = self.doc.add_paragraph(style=style)
            num_pr = paragraph._p.get_or_add_pPr().get_or_add_numPr()
            num_pr.get_or_add_ilvl().val = 0
            num_pr.get_or_add_numId().val = num_ids[style]
            add_runs(paragraph, item.runs)

    def add_simple_table(self, block: Table) -> None:
        columns = max([len(block.header), *(len(r) for r in block.rows)])
        table = self.doc.add_table(rows=1 + len(block.rows), cols=columns)
        table.style = TABLE_STYLE
        cells = celler(table)
        for c, runs in enumerate(block.header):
            paragraph = cells[0][c].paragraphs[0]
            add_runs(paragraph, runs)
            for run in paragraph.runs:
                run.bold = True
        for r, row in enumerate(block.rows, start=1):
            for c, runs in enumerate(row):
                cell = cells[r][c]
                paragraph = cell.paragraphs[0]
                if _is_figure(plain_text(runs)):
                    runs = tuple(replace(run, tekst=hel(run.tekst)) for run in runs)
                    paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
                    no_wrap(cell)
                add_runs(paragraph, runs)
        texts = [[plain_text(runs) for runs in block.header]] + [
            [plain_text(runs) for runs in row] for row in block.rows
        ]
        columns_text = [[row[c] if c < len(row) else "" for row in texts] for c in range(columns)]
        set_column_widths(table, fit_widths(columns_text, bold_first=True))
        hold_table(table)
        self.doc.add_paragraph()

    def add_caption(self, text: str) -> int:
        """ "Tabel N. text" in the Caption style; returns N."""
        number = self.tabelnummer.naeste()
        caption = self.doc.add_paragraph(f"Tabel {number}. {text}", style="Caption")
        # A caption stays on the page of the table it names.
        caption.paragraph_format.keep_with_next = True
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
        """
        looks = {
            r: Raekkestil(fed=r in bold_rows, indryk_cm=0.5 if r in indented else 0.0)
            for r in set(indented) | set(bold_rows)
        }
        looks.update(styles or {})
        table = self.doc.add_table(rows=1 + len(rows), cols=len(header))
        table.style = TABLE_STYLE
        table.alignment = WD_TABLE_ALIGNMENT.LEFT
        cells = celler(table)
        for c, text in enumerate(header):
            _cell_text(cells[0][c], text, bold=True, right=c >= text_columns, size_pt=size_pt)
        for r, row in enumerate(rows):
            look = looks.get(r, Raekkestil())
            for c, text in enumerate(row):
                cell = cells[r + 1][c]
                figure = c >= text_columns
                whole = figure and _is_figure(text)
                _cell_text(
                    cell,
                    hel(text) if whole else text,
                    bold=look.fed,
                    italic=look.kursiv,
                    right=figure,
                    size_pt=size_pt,
                )
                if whole:
                    no_wrap(cell)
                if c == indent_column and look.indryk_cm:
                    cell.paragraphs[0].paragraph_format.left_indent = Cm(look.indryk_cm)
                if look.streg_over:
                    rule_above(cell)
                fill = (shading or {}).get((r, c))
                if fill:
                    shade(cell, fill)
        columns_text = [[header[c], *(row[c] for row in rows)] for c in range(len(header))]
        widths = fit_widths(
            columns_text,
            size_pt=size_pt or DEFAULT_PT,
            bold_first=True,
            whole={c for c in range(len(header)) if c >= text_columns},
            bold_rows={r + 1 for r, look in looks.items() if look.fed},
            indent={(indent_column, r + 1): look.indryk_cm for r, look in looks.items()},
        )
        set_column_widths(table, widths)
        hold_table(table)
        return table


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
    style_num_id = doc.styles[style_name].element.pPr.numPr.numId.val
    abstract_id = numbering.num_having_numId(style_num_id).abstractNumId.val
    num = numbering.add_num(abstract_id)
    override = num.add_lvlOverride(ilvl=0)
    override.add_startOverride(start)
    return num.numId


_LINJESKIFT = str.maketrans({"\x0b": "\n", "\x0c": "\n"})
"""Word's manual line break and a form feed: XML can't hold them; they are breaks.
(markdown_body maps them already; this keeps any other caller from crashing lxml.)"""


def add_runs(paragraph: Any, runs: Runs) -> None:
    for run in runs:
        if run.link:
            text = run.tekst.translate(_LINJESKIFT)
            _add_hyperlink(paragraph, text, run.link, bold=run.fed, italic=run.kursiv)
            continue
        for i, line in enumerate(run.tekst.translate(_LINJESKIFT).split("\n")):
            if i:
                paragraph.add_run().add_break()
            added = paragraph.add_run(line)
            added.bold = run.fed or None
            added.italic = run.kursiv or None


def _add_hyperlink(paragraph: Any, text: str, url: str, *, bold: bool, italic: bool) -> None:
    """A real, clickable Word hyperlink (python-docx has no API for one)."""
    r_id = paragraph.part.relate_to(url, RELATIONSHIP_TYPE.HYPERLINK, is_external=True)
    hyperlink = OxmlElement("w:hyperlink")
    hyperlink.set(qn("r:id"), r_id)
    run = paragraph.add_run(text)
    run.font.underline = True
    run.font.color.rgb = RGBColor(0x05, 0x63, 0xC1)
    run.bold = bold or None
    run.italic = italic or None
    hyperlink.append(run._r)
    paragraph._p.append(hyperlink)


def _cell_text(
    cell: Any,
    text: str,
    *,
    bold: bool = False,
    italic: bool = False,
    right: bool = False,
    size_pt: float | None = None,
) -> None:
    paragraph = cell.paragraphs[0]
    run = paragraph.add_run(text)
    run.bold = bold or None
    run.italic = italic or None
    if size_pt is not None:
        run.font.size = Pt(size_pt)
    if right:
        paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT


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
    for cell in row.cells:
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
