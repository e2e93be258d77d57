"""BodyWriter writes paragraphs, runs and tables straight into the XML; here each is
compared with what python-docx's own API writes for the same content (the way
BodyWriter worked before, kept below as `Foerhen`), element for element and byte for
byte, including the cases a committee paper rarely has: white space at the ends of a
text, tabs, carriage returns, empty texts, links in a table header, nested lists, a
style the template lacks."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from typing import Any

import pytest
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.opc.constants import RELATIONSHIP_TYPE
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor

from dagsorden.dokumenter import docx_body
from dagsorden.dokumenter.docx_body import (
    DEFAULT_PT,
    TABLE_STYLE,
    BodyWriter,
    Raekkestil,
    celler,
    fit_widths,
    hel,
    hold_table,
    keep_with_next,
    no_wrap,
    rule_above,
    set_column_widths,
    shade,
)
from dagsorden.dokumenter.render import Skabelon
from dagsorden.kerne.blocks import (
    BulletList,
    Heading,
    ListItem,
    NumberedList,
    Paragraph,
    Run,
    Table,
    plain_text,
)

# --- the way before: python-docx's API -----------------------------------------------------


def old_add_runs(paragraph: Any, runs: Any) -> None:
    for run in runs:
        if run.link:
            text = run.tekst.translate(docx_body._LINJESKIFT)
            r_id = paragraph.part.relate_to(run.link, RELATIONSHIP_TYPE.HYPERLINK, is_external=True)
            hyperlink = OxmlElement("w:hyperlink")
            hyperlink.set(qn("r:id"), r_id)
            added = paragraph.add_run(text)
            added.font.underline = True
            added.font.color.rgb = RGBColor(0x05, 0x63, 0xC1)
            added.bold = run.fed or None
            added.italic = run.kursiv or None
            hyperlink.append(added._r)
            paragraph._p.append(hyperlink)
            continue
        for i, line in enumerate(run.tekst.translate(docx_body._LINJESKIFT).split("\n")):
            if i:
                paragraph.add_run().add_break()
            added = paragraph.add_run(line)
            added.bold = run.fed or None
            added.italic = run.kursiv or None


def old_restarted_numbering(doc: Any, style_name: str, start: int) -> int:
    numbering = doc.part.numbering_part.numbering_definitions._numbering
    style_num_id = doc.styles[style_name].element.pPr.numPr.numId.val
    abstract_id = numbering.num_having_numId(style_num_id).abstractNumId.val
    num = numbering.add_num(abstract_id)
    num.add_lvlOverride(ilvl=0).add_startOverride(start)
    return num.numId


def old_cell_text(cell: Any, text: str, *, bold=False, italic=False, right=False, size_pt=None):
    paragraph = cell.paragraphs[0]
    run = paragraph.add_run(text)
    run.bold = bold or None
    run.italic = italic or None
    if size_pt is not None:
        run.font.size = Pt(size_pt)
    if right:
        paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT


def old_keep_with_next(row: Any) -> None:
    for cell in row.cells:
        for paragraph in cell.paragraphs:
            paragraph.paragraph_format.keep_with_next = True


class Foerhen(BodyWriter):
    """BodyWriter as it was: every element through python-docx's API."""

    def add_block(self, block: Any) -> None:
        doc = self.doc
        if isinstance(block, Paragraph):
            old_add_runs(doc.add_paragraph(), block.runs)
        elif isinstance(block, Heading):
            old_add_runs(doc.add_heading("", min(block.level, 9)), block.runs)
        elif isinstance(block, BulletList):
            for item in block.items:
                style = docx_body._list_style("List Bullet", item)
                old_add_runs(doc.add_paragraph(style=style), item.runs)
        elif isinstance(block, NumberedList):
            num_ids: dict[str, int] = {}
            for item in block.items:
                style = docx_body._list_style("List Number", item)
                if style not in num_ids:
                    num_ids[style] = old_restarted_numbering(doc, style, block.start)
                paragraph = doc.add_paragraph(style=style)
                num_pr = paragraph._p.get_or_add_pPr().get_or_add_numPr()
                num_pr.get_or_add_ilvl().val = 0
                num_pr.get_or_add_numId().val = num_ids[style]
                old_add_runs(paragraph, item.runs)
        elif isinstance(block, Table):
            self.add_simple_table(block)
        else:
            super().add_block(block)

    def add_simple_table(self, block: Table) -> None:
        columns = max([len(block.header), *(len(r) for r in block.rows)])
        table = self.doc.add_table(rows=1 + len(block.rows), cols=columns)
        table.style = TABLE_STYLE
        cells = celler(table)
        for c, runs in enumerate(block.header):
            paragraph = cells[0][c].paragraphs[0]
            old_add_runs(paragraph, runs)
            for run in paragraph.runs:
                run.bold = True
        for r, row in enumerate(block.rows, start=1):
            for c, runs in enumerate(row):
                cell = cells[r][c]
                paragraph = cell.paragraphs[0]
                if docx_body._is_figure(plain_text(runs)):
                    runs = tuple(replace(run, tekst=hel(run.tekst)) for run in runs)
                    paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
                    no_wrap(cell)
                old_add_runs(paragraph, runs)
        texts = [[plain_text(runs) for runs in block.header]] + [
            [plain_text(runs) for runs in row] for row in block.rows
        ]
        columns_text = [[row[c] if c < len(row) else "" for row in texts] for c in range(columns)]
        set_column_widths(table, fit_widths(columns_text, bold_first=True))
        hold_table(table)
        self.doc.add_paragraph()

    def add_caption(self, text: str) -> int:
        number = self.tabelnummer.naeste()
        caption = self.doc.add_paragraph(f"Tabel {number}. {text}", style="Caption")
        caption.paragraph_format.keep_with_next = True
        return number

    def add_figure_table(  # type: ignore[override]
        self,
        header,
        rows,
        *,
        indented=frozenset(),
        bold_rows=frozenset(),
        shading=None,
        text_columns=1,
        styles=None,
        indent_column=0,
        size_pt=None,
    ):
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
            old_cell_text(cells[0][c], text, bold=True, right=c >= text_columns, size_pt=size_pt)
        for r, row in enumerate(rows):
            look = looks.get(r, Raekkestil())
            for c, text in enumerate(row):
                cell = cells[r + 1][c]
                figure = c >= text_columns
                whole = figure and docx_body._is_figure(text)
                old_cell_text(
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


# --- the content ---------------------------------------------------------------------------

R = Run
BLOCKS = (
    Paragraph((R("Første afsnit med "), R("fed", fed=True), R(" og "),
               R("kursiv fed", fed=True, kursiv=True), R(" samt et "),
               R("link", link="https://www.kk.dk/"), R("."))),
    Paragraph((R("  to mellemrum foran og bagved  "), R("\u00a0hårdt mellemrum"))),
    Paragraph((R("tab\tinde i\t"), R("\tog foran"), R("linje\nskift\n"), R("cr\rher"),
               R("lodret\x0bfane og\x0csidefod"))),
    Paragraph((R(""), R("", fed=True), R("\n"), R("\n\n", kursiv=True))),
    Paragraph((R("et link\nover to linjer", fed=True, kursiv=True, link="https://a.dk/x?y=1&z"),
               R("samme link igen", link="https://www.kk.dk/"))),
    Paragraph(()),
    Heading((R("Proces"),), 2),
    Heading((R("Dybt "), R("nede", kursiv=True)), 3),
    Heading((R("For dybt"),), 12),
    BulletList((ListItem((R("et punkt"),)), ListItem((R("et underpunkt"),), 1),
                ListItem((R("under-under"), R(" fed", fed=True)), 2),
                ListItem((R("for dybt"),), 5))),
    NumberedList((ListItem((R("tre"),)), ListItem((R("fire"),)),
                  ListItem((R("fire a"),), 1), ListItem((R("fem"),))), start=3),
    NumberedList((ListItem((R("en"),)), ListItem((R("b"),), 1)), start=1),
    Table(((R("Post"),), (R("20"), R("24", fed=True)), (R("link", link="https://b.dk"),)),
          (((R("Udgifter\tmed tab"),), (R("1.234,5"),), (R("-690"),)),
           ((R("I alt"),), (R("2011-12"),)),
           ((R(" tekst "),), (R("12 %"),), (R("-"),), (R("en celle for meget"),)),
           ((R("to\nlinjer", fed=True),),))),
    Table(((R("Kun\noverskrift", kursiv=True),),), ()),
)  # fmt: skip


def figure_tables(writer: BodyWriter) -> list[Any]:
    writer.add_caption("Budget (2014-p/l) & <mere>")
    first = writer.add_figure_table(
        ["Post", "2014", "2015", "I alt"],
        [
            ["Indtægter", "", "", ""],
            ["Løn", "1.234,5", "-690", "544,5"],
            ["Heraf vikarer", "12", "13", "25"],
            ["  I alt  ", "1 234", "2011-12", "37,4%"],
        ],
        styles={
            0: Raekkestil(fed=True),
            1: Raekkestil(indryk_cm=0.4),
            2: Raekkestil(kursiv=True, indryk_cm=0.8),
            3: Raekkestil(fed=True, streg_over=True),
        },
        shading={(1, 2): "00B050", (3, 0): "FF0000", (3, 3): "FFC000"},
        size_pt=8.5,
    )
    writer.add_caption("Status")
    second = writer.add_figure_table(
        ["Område", "Pejlemærke", "Status*"],
        [["Børn", "1. Flere\tlæser", "7,5"], ["", "2. Færre", "-"], ["", "Gennemsnit", "x"]],
        indented={1},
        bold_rows={2},
        shading={(0, 2): "00B050"},
        text_columns=2,
        indent_column=1,
    )
    return [first, second]


def body_xml(writer_class: type[BodyWriter], skabelon: Skabelon) -> tuple[str, bytes, bytes]:
    document = skabelon.new_document()
    subdoc = document.new_subdoc()
    writer = writer_class(subdoc)
    writer.add_blocks(BLOCKS)
    tables = figure_tables(writer)
    for table in tables:
        for row in table.rows:
            (old_keep_with_next if writer_class is Foerhen else keep_with_next)(row)
    part = document.docx.part
    return subdoc._get_xml(), part.numbering_part.blob, part.rels.xml


@pytest.mark.parametrize("template", ["notat", "indstilling", "oekonomi"])
def test_the_xml_is_python_docxs(template):
    skabelon = Skabelon.standard(template)
    old = body_xml(Foerhen, skabelon)
    new = body_xml(BodyWriter, skabelon)
    assert new[0] == old[0]
    assert new[1] == old[1]  # the restarted lists
    assert new[2] == old[2]  # the hyperlinks' relationships
    assert "<w:hyperlink" in new[0] and 'xml:space="preserve"' in new[0]


def test_whole_documents_are_the_same(tmp_path, monkeypatch):
    """Rendered and written, the document is byte for byte what it was."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1416355200")
    skabelon = Skabelon.standard("notat")
    written = []
    for writer_class in (Foerhen, BodyWriter):
        document = skabelon.new_document()
        indhold = document.new_subdoc()
        writer = writer_class(indhold)
        writer.add_blocks(BLOCKS)
        figure_tables(writer)
        context = {
            "til": ["Socialudvalget"], "dato": dt.date(2014, 11, 19), "bilagsnr": 2,
            "titel": "Notat",
            "sagsnr": "", "dokumentnr": "", "sagsbehandler": "", "afsender": None,
            "indhold": indhold,
        }  # fmt: skip
        target = tmp_path / f"{writer_class.__name__}.docx"
        skabelon.write(document, context, target, titel="Notat")
        written.append(target.read_bytes())
    assert written[0] == written[1]


def test_a_style_the_template_lacks_is_a_key_error_as_before():
    subdoc = Skabelon.standard("notat").new_document().new_subdoc()
    with pytest.raises(KeyError):
        subdoc.add_paragraph(style="Findes ikke")
    with pytest.raises(KeyError):
        BodyWriter(subdoc).add_paragraph(style="Findes ikke")


def test_a_python_docx_document_is_written_alike():
    """A writer on a plain python-docx document (not a sub-document) writes the same."""
    import docx

    old, new = docx.Document(), docx.Document()
    Foerhen(old).add_blocks(BLOCKS)
    BodyWriter(new).add_blocks(BLOCKS)
    assert new.element.body.xml == old.element.body.xml


def test_a_table_cell_is_written_alike():
    """A writer on another container (a table cell) goes through python-docx."""
    import docx

    old, new = docx.Document(), docx.Document()
    old_writer = Foerhen(old.add_table(rows=1, cols=1).cell(0, 0))
    new_writer = BodyWriter(new.add_table(rows=1, cols=1).cell(0, 0))
    for writer in (old_writer, new_writer):
        writer.add_blocks(BLOCKS[1:4] + BLOCKS[-2:])
        figure_tables(writer)
        with pytest.raises(AttributeError):  # a cell has no headings
            writer.add_block(BLOCKS[6])
    assert new.element.body.xml == old.element.body.xml
