"""The Økonomi table in Word: every kind of row as the papers print it.

`kerne.oekonomi.oekonomi_tabel` computes the table (figures already Danish); this
module only lays it out:

- a heading (`overskrift`) in bold, its figure cells empty;
- a sub-total (`sum`) in bold;
- the grand total (`total`) in bold with a heavier rule above it;
- a Heraf line indented one step further than its row and in italics;
- each nesting level indents the Post cell `INDRYK_CM` more;
- text columns (Post and the text columns beside it) left-aligned, figures and
  percentages right-aligned and never broken inside;
- the rounding note under the table, when the shown figures don't add up.

A wide table (seven columns of figures) gets a smaller font rather than a figure
broken over two lines (`docx_body.fitting_size`).
"""

from __future__ import annotations

from pathlib import Path

from docx.enum.style import WD_STYLE_TYPE
from docx.shared import Pt

from dagsorden.dokumenter.docx_body import (
    DEFAULT_PT,
    BodyWriter,
    Raekkestil,
    fitting_size,
    keep_with_next,
)
from dagsorden.dokumenter.render import Skabelon
from dagsorden.kerne.model import Budget, Raekketype
from dagsorden.kerne.oekonomi import OekonomiTabel, Tabelraekke, oekonomi_tabel

INDRYK_CM = 0.4
"""The indent of the Post cell per nesting level (and for a Heraf line)."""
NOTE_STYLE = "Fodnote"
"""The templates' small-print style, for the rounding note."""
HEL_TABEL_RAEKKER = 32
"""A table of at most this many rows is kept on one page (an A4 page holds about 40)."""
_FED = frozenset({Raekketype.OVERSKRIFT, Raekketype.SUM, Raekketype.TOTAL})


def add_oekonomi_table(writer: BodyWriter, budget: Budget) -> None:
    """Adds "Tabel N. titel (p/l)", the table and its note to the writer's document."""
    add_tabel(writer, oekonomi_tabel(budget))


def add_tabel(writer: BodyWriter, tabel: OekonomiTabel) -> None:
    """Adds an already computed Økonomi table (see `add_oekonomi_table`)."""
    caption = f"{tabel.titel} ({tabel.prisniveau.strip('()')})" if tabel.prisniveau else tabel.titel
    writer.add_caption(caption)
    header = list(tabel.overskrifter)
    rows = [_cells(tabel, raekke) for raekke in tabel.raekker]
    styles = {r: raekkestil(raekke) for r, raekke in enumerate(tabel.raekker)}
    post_column = post_kolonne(tabel)
    bold_rows = {r + 1 for r, look in styles.items() if look.fed}
    indent = {(post_column, r + 1): look.indryk_cm for r, look in styles.items()}
    columns = [[header[c], *(row[c] for row in rows)] for c in range(len(header))]
    size = fitting_size(
        columns,
        bold_first=True,
        whole=set(range(tabel.tekstkolonner, len(header))),
        bold_rows=bold_rows,
        indent=indent,
    )
    table = writer.add_figure_table(
        header,
        rows,
        text_columns=tabel.tekstkolonner,
        styles=styles,
        indent_column=post_column,
        # At the usual size the cells inherit the template's own font size.
        size_pt=None if size == DEFAULT_PT else size,
    )
    # A table that fits on a page is kept on one; a longer one at least keeps each
    # heading with the rows under it.
    whole = len(rows) <= HEL_TABEL_RAEKKER
    for r, raekke in enumerate(tabel.raekker[:-1]):
        if whole or raekke.type is Raekketype.OVERSKRIFT:
            keep_with_next(table.rows[r + 1])
    if whole:
        keep_with_next(table.rows[0])
    if tabel.note:
        note = writer.doc.add_paragraph(tabel.note, style=_style(writer, NOTE_STYLE))
        note.paragraph_format.space_before = Pt(3)
    else:
        writer.doc.add_paragraph()


def post_kolonne(tabel: OekonomiTabel) -> int:
    """The Post column's index in print order (after the text columns left of it)."""
    foran = {len(r.tekster_foran) for r in tabel.raekker}
    return foran.pop() if len(foran) == 1 else 0


def raekkestil(raekke: Tabelraekke) -> Raekkestil:
    """How a row of the given kind looks (see the module's docstring)."""
    niveau = raekke.niveau + (1 if raekke.heraf else 0)
    return Raekkestil(
        fed=raekke.type in _FED,
        kursiv=raekke.heraf,
        indryk_cm=round(INDRYK_CM * niveau, 2),
        streg_over=raekke.is_total,
    )


def _cells(tabel: OekonomiTabel, raekke: Tabelraekke) -> list[str]:
    """The row's cells in print order; a heading's figure cells stay empty."""
    cells = list(raekke.celler)
    if raekke.type is Raekketype.OVERSKRIFT:
        cells[tabel.tekstkolonner :] = [""] * (len(cells) - tabel.tekstkolonner)
    return cells


def _style(writer: BodyWriter, name: str) -> str | None:
    """The style `name` when the document's template has it, else Normal (None):
    a municipality's own template may lack the bundled templates' styles. (Asked
    through the document part, which remembers the template's style ids.)"""
    try:
        writer.doc.part.get_style_id(name, WD_STYLE_TYPE.PARAGRAPH)
    except KeyError:
        return None
    return name


def build_oekonomi_document(budget: Budget, target: Path, skabelon: Skabelon | None = None) -> Path:
    """Writes a budget's Økonomi table alone as a small .docx (Tabel 1)."""
    skabelon = skabelon or Skabelon.standard("oekonomi")
    document = skabelon.new_document()
    subdoc = document.new_subdoc()
    add_oekonomi_table(BodyWriter(subdoc), budget)
    return skabelon.write(document, {"tabel": subdoc}, target, titel=budget.tabeltitel)


__all__ = ["INDRYK_CM", "add_oekonomi_table", "add_tabel", "build_oekonomi_document", "raekkestil"]
