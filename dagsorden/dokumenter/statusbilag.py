"""The status appendix (seed 002): overview table, barometers, a section per pejlemærke.

From one `Statusrapport` this module builds the tables (with the merged cells the
committee's papers use), the barometers and the texts a template needs, and fills
`templates/statusbilag.docx`. Every figure comes from the same scoring as
`dagsorden status`, so the appendix and the terminal can never disagree.
"""

from __future__ import annotations

import functools
import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from docx.oxml.ns import qn
from docx.shared import Pt
from lxml.etree import SubElement

from dagsorden.dokumenter.docx_body import (
    FARVE_FYLD,
    BodyWriter,
    Tabelnummer,
    fit_widths,
    hel,
    keep_next,
    set_column_widths,
)
from dagsorden.dokumenter.render import Skabelon
from dagsorden.kerne import danish, forloeb
from dagsorden.kerne.model import (
    Delmaal,
    Enhed,
    Fremdrift,
    Maal,
    Markering,
    Pejlemaerke,
    Retning,
    Vaegtning,
)
from dagsorden.kerne.scoring import Farve, Farvemetode, Skala
from dagsorden.kerne.status import (
    KUN_BASELINE,
    Linje,
    Statusrapport,
    aarsscore_tekst,
    aendringer,
    forklaring,
    samlet_tekst,
    score_tekst,
)

MARKERING_FYLD = {Markering.BLAA: "BDD7EE", Markering.ORANGE: "F8CBAD"}
MARKERING_ORD = {
    Markering.BLAA: "Blå: forslag til supplerende delmål",
    Markering.ORANGE: "Orange: forslag til målsætning",
}
"""The words a marked row carries, so the marking reads without its colour."""
MARKERING_FORKLARING = {
    Markering.BLAA: "Blå markering: forvaltningens forslag til supplerende delmål.",
    Markering.ORANGE: (
        "Orange markering: forvaltningens forslag til målsætning, hvor udvalget ikke har "
        "besluttet en."
    ),
}
_BUDGET_CODE = re.compile(r"^(?P<kode>[A-ZÆØÅ]{1,3} ?\d{1,4})\s*:\s*(?P<tekst>.*)$", re.DOTALL)
TABEL_PT = 9
"""The status tables' type size: the overview's seven columns fit the 17 cm A4 text
column with no word and no figure broken (at 10,5 pt "Socialforvaltningens" and
"beskæftigelsestilbud" would not)."""
BAROMETER_LUFT_PT = 12
"""Space above and below a barometer, so it never touches the table above it."""
STATUS_OVERSKRIFT = "Samlet status"


def figur(value: float | None, enhed: Enhed) -> str:
    """A delmål figure as the tables print it: "1.581", "95,9%", "-"."""
    if value is None:
        return danish.INGEN_TAL
    return danish.procent(value) if enhed is Enhed.PCT else danish.tal(value)


def maal_tekst(maal: Maal | None, enhed: Enhed) -> str:
    """A target with its direction: "1.000", "<1,1%"."""
    if maal is None:
        return danish.INGEN_TAL
    prefix = "" if maal.retning is Retning.PRAECIS else maal.retning.value
    return prefix + figur(maal.vaerdi, enhed)


def _common_year(values: list[int | None]) -> int | None:
    years = set(values)
    return years.pop() if len(years) == 1 else None


def _with_year(label: str, year: int | None) -> str:
    return f"{label} ({year})" if year else label


def column_headers(pejlemaerker: list[Pejlemaerke]) -> tuple[str, str, str]:
    """ "Baseline (2013)", "Status (2014)", "Mål (2017)": years from the workbooks,
    left out where the workbooks disagree or give none."""
    return (
        _with_year("Baseline", _common_year([p.baselineaar for p in pejlemaerker])),
        _with_year("Status", _common_year([p.statusaar for p in pejlemaerker])),
        _with_year("Mål", _common_year([p.maalaar for p in pejlemaerker])),
    )


INGEN_DELMAAL = "Ingen delmål endnu."
"""The delmål cells of a pejlemærke whose workbook has none yet (a new workbook)."""


@dataclass(frozen=True)
class _Row:
    """One table row: a delmål, or a sub-row with its parent."""

    delmaal: Delmaal
    parent: Delmaal | None
    first_of_parent: bool
    parent_span: int


def _rows(pejlemaerke: Pejlemaerke) -> list[_Row]:
    rows: list[_Row] = []
    for d in pejlemaerke.delmaal:
        if d.underpunkter:
            for i, sub in enumerate(d.underpunkter):
                rows.append(_Row(sub, d, i == 0, len(d.underpunkter)))
        else:
            rows.append(_Row(d, None, True, 1))
    return rows


_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_VAL = _W + "val"


class _Celle:
    """A `w:tc` being written: the paragraphs and properties the table's cells get,
    in the order WordprocessingML wants them, straight into the XML. The table is
    written row by row instead of through python-docx's `table.cell(r, c)`, which
    rebuilds the whole table's grid for every call (and merging asks it again)."""

    def __init__(self, tr: Any, *, span: int = 1, v_merge: str | None = None) -> None:
        self.tc = SubElement(tr, _W + "tc")
        self._pr = SubElement(self.tc, _W + "tcPr")
        if span > 1:
            SubElement(self._pr, _W + "gridSpan").set(_VAL, str(span))
        if v_merge is not None:
            # "continue" is the attribute's default: python-docx leaves it out.
            merge = SubElement(self._pr, _W + "vMerge")
            if v_merge != "continue":
                merge.set(_VAL, v_merge)
        self.p = SubElement(self.tc, _W + "p")

    def shade(self, fill: str) -> None:
        """The cell's background, as `docx_body.shade` writes it. A second call
        replaces the first: the last shading is what LibreOffice showed when two were
        written, and a cell with two `w:shd` is invalid in Word's schema. After the
        shading only `w:noWrap` may come, which `text(right=True)` puts last."""
        for earlier in self._pr.findall(_W + "shd"):
            self._pr.remove(earlier)
        shd = SubElement(self._pr, _W + "shd")
        shd.set(_W + "val", "clear")
        shd.set(_W + "color", "auto")
        shd.set(_W + "fill", fill)
        no_wrap = self._pr.find(_W + "noWrap")
        if no_wrap is not None:
            no_wrap.addprevious(shd)

    def run(
        self,
        text: str,
        size: float = TABEL_PT,
        *,
        bold: bool = False,
        italic: bool = False,
        superscript: bool = False,
    ) -> None:
        """A run at the end of the cell's last paragraph, as python-docx's
        `add_run(text)` writes it (tabs and line breaks as `w:tab`, `w:br`)."""
        r = SubElement(self.p, _W + "r")
        pr = SubElement(r, _W + "rPr")
        if bold:
            SubElement(pr, _W + "b")
        if italic:
            SubElement(pr, _W + "i")
        SubElement(pr, _W + "sz").set(_VAL, str(int(Pt(size).pt * 2)))
        if superscript:
            SubElement(pr, _W + "vertAlign").set(_VAL, "superscript")
        r.text = text  # python-docx's CT_R: the text as w:t, w:tab and w:br

    def text(self, text: str, *, right: bool = False, superscript: str = "") -> None:
        """The cell's text, with its note mark; a figure right-aligned, whole and
        unwrapped."""
        self.run(hel(text) if right else text)
        if superscript:
            self.run(superscript, superscript=True)
        if right:
            p_pr = SubElement(self.p, _W + "pPr")
            SubElement(p_pr, _W + "jc").set(_VAL, "right")
            self.p.insert(0, p_pr)
            SubElement(self._pr, _W + "noWrap")

    def add_paragraph(self) -> None:
        self.p = SubElement(self.tc, _W + "p")

    def mark_words(self, markering: Markering) -> None:
        """The words of a blå or orange row, in small italics under the delmål."""
        self.add_paragraph()
        self.run(MARKERING_ORD[markering], 8, italic=True)


def status_cell(cell: _Celle, linje: Linje, skala: Skala, superscript: str = "") -> None:
    """The samlet status, shaded in its colour and carrying its word (WCAG 1.4.1).
    `superscript` marks the pejlemærke's own notes, after the word (or the figure)."""
    cell.run(samlet_tekst(linje.status, skala), bold=True)
    if linje.farve:
        cell.add_paragraph()
        cell.run(linje.farve.value)
        cell.shade(FARVE_FYLD[linje.farve.value])
    if superscript:
        cell.run(superscript, superscript=True)


def _row(tbl: Any, *, header: bool = False) -> Any:
    """A row never split across pages; the header row repeats on every page (what
    `docx_body.hold_table` does to a finished table)."""
    tr = SubElement(tbl, _W + "tr")
    pr = SubElement(tr, _W + "trPr")
    SubElement(pr, _W + "cantSplit")
    if header:
        SubElement(pr, _W + "tblHeader").set(_VAL, "true")
    return tr


def _merged(first: bool, span: int) -> str | None:
    """A cell's vMerge in a column merged over `span` rows: none if one row."""
    if span == 1:
        return None
    return "restart" if first else "continue"


def add_delmaal_table(
    writer: BodyWriter,
    linjer: list[Linje],
    skala: Skala,
    *,
    overview: bool,
    notes: dict[tuple[int, str], int] | None = None,
    own_notes: dict[int, list[int]] | None = None,
) -> Any:
    """The delmål table: in the overview with Pejlemærke and status first, merged over
    each pejlemærke's rows; in a section with the status last, merged over all rows.

    A delmål with sub-rows has its text merged down over them; one without spans the
    sub-row column too. Rows marked blå or orange are shaded and say so in words.
    `notes` numbers the delmål notes, `own_notes` each pejlemærke's own notes (marked
    at its samlet status).

    The rows are written as XML (`_Celle`), the same XML python-docx wrote when it
    built the table cell by cell and merged the cells afterwards.
    """
    notes = notes or {}
    own_notes = own_notes or {}
    baseline, status, maal = column_headers([linje.pejlemaerke for linje in linjer])
    head = ["Delmål", "", baseline, status, maal]
    header = ["Pejlemærke", STATUS_OVERSKRIFT, *head] if overview else [*head, STATUS_OVERSKRIFT]
    offset = 2 if overview else 0
    status_col = 1 if overview else len(header) - 1
    all_rows = [(linje, _rows(linje.pejlemaerke)) for linje in linjer]
    table = writer.doc.add_table(rows=0, cols=len(header))
    table.style = "Table Grid"
    tbl = table._tbl

    tr = _row(tbl, header=True)
    c = 0
    while c < len(header):
        span = 2 if c == offset else 1
        cell = _Celle(tr, span=span)
        cell.run(header[c], bold=True)
        if c == status_col:
            cell.add_paragraph()
            cell.run(_scale_note(skala), 8)
        c += span

    # The section's status cell runs down all its rows; the overview's down each
    # pejlemærke's.
    section_rows = sum(max(1, len(rows)) for _, rows in all_rows)
    for i, (linje, rows) in enumerate(all_rows):
        own = ",".join(str(n) for n in own_notes.get(linje.pejlemaerke.nummer, []))
        height = max(1, len(rows))
        parent: _Celle | None = None
        for k in range(height):
            tr = _row(tbl)
            if overview:
                name = _Celle(tr, v_merge=_merged(k == 0, height))
                if k == 0:
                    name.text(f"{linje.pejlemaerke.nummer}. {linje.pejlemaerke.titel}")
                status_cell_k = _Celle(tr, v_merge=_merged(k == 0, height))
                if k == 0:
                    status_cell(status_cell_k, linje, skala, superscript=own)
            if not rows:
                # A pejlemærke whose workbook has no delmål yet still gets its row.
                _Celle(tr, span=5).text(INGEN_DELMAAL)
            else:
                parent = _delmaal_cells(tr, rows[k], linje.pejlemaerke.nummer, notes, parent)
            if not overview:
                first = i == 0 and k == 0
                last_status = _Celle(tr, v_merge=_merged(first, section_rows))
                if first:
                    status_cell(last_status, linje, skala, superscript=own)
    set_column_widths(table, _fitted_widths(table, range(offset + 2, offset + 5)))
    marks = sorted(
        {
            m
            for _, rows in all_rows
            for row in rows
            for m in (row.delmaal.markering, row.parent.markering if row.parent else None)
            if m in MARKERING_FYLD
        },
        key=lambda m: m.value,
    )
    for mark in marks:
        writer.doc.add_paragraph(MARKERING_FORKLARING[mark], style="Fodnote")
    own_years = [
        (f"{linje.pejlemaerke.nummer}{row.delmaal.id}" if overview else row.delmaal.id)
        + f" ({row.delmaal.baselineaar})"
        for linje, rows in all_rows
        for row in rows
        if row.delmaal.baselineaar is not None and row.delmaal.baseline is not None
    ]
    if own_years:
        writer.doc.add_paragraph(
            f"Baseline fra et andet år end kolonnens: {danish.og(own_years)}.", style="Fodnote"
        )
    return table


def _delmaal_cells(
    tr: Any,
    row: _Row,
    nummer: int,
    notes: dict[tuple[int, str], int],
    parent: _Celle | None,
) -> _Celle | None:
    """A row's delmål text and figures, shaded in the row's marking; returns the
    cell of the delmål whose sub-rows these are, merged down over them. A sub-row's
    shading goes on that cell too, as python-docx's merged grid put it there."""
    d = row.delmaal
    marker = str(notes[(nummer, d.id)]) if (nummer, d.id) in notes else ""
    fill = MARKERING_FYLD.get(d.markering) or (
        MARKERING_FYLD.get(row.parent.markering) if row.parent else None
    )
    shaded: list[_Celle] = []
    if row.parent is None:
        parent = _Celle(tr, span=2)
        parent.text(f"{d.id}. {d.tekst}", superscript=marker)
        if d.markering in MARKERING_ORD:
            parent.mark_words(d.markering)
        shaded += [parent, parent]
    else:
        if row.first_of_parent:
            parent = _Celle(tr, v_merge=_merged(True, row.parent_span))
            key = (nummer, row.parent.id)
            parent.text(
                f"{row.parent.id}. {row.parent.tekst}",
                superscript=str(notes[key]) if key in notes else "",
            )
            if row.parent.markering in MARKERING_ORD:
                parent.mark_words(row.parent.markering)
        else:
            _Celle(tr, v_merge="continue")
        assert parent is not None
        sub = _Celle(tr)
        sub.text(f"{d.id}. {d.tekst}", superscript=marker)
        if d.markering in MARKERING_ORD:
            sub.mark_words(d.markering)
        shaded += [parent, sub]
    for text in (figur(d.baseline, d.enhed), figur(d.status, d.enhed), maal_tekst(d.maal, d.enhed)):
        cell = _Celle(tr)
        cell.text(text, right=True)
        shaded.append(cell)
    if fill:
        for cell in shaded:
            cell.shade(fill)
    return parent


def _fitted_widths(table: Any, figure_columns: range) -> list[float]:
    """Widths that fit the table's own texts: the figure columns whole, every other
    column at least its longest word; a cell merged across columns (a delmål without
    sub-rows) fits in the columns together."""
    columns: list[list[str]] = [[] for _ in table.columns]
    spans: list[tuple[int, int, str]] = []
    for r, tr in enumerate(table._tbl.tr_lst):
        col = 0
        for tc in tr.tc_lst:
            text = "\n".join("".join(t.text or "" for t in p.iter(qn("w:t"))) for p in tc.p_lst)
            if tc.grid_span == 1:
                columns[col].append(text)
            elif r:
                spans.append((col, tc.grid_span, text))
            col += tc.grid_span
    return fit_widths(
        columns, size_pt=TABEL_PT, bold_first=True, whole=set(figure_columns), spans=tuple(spans)
    )


def _scale_note(skala: Skala) -> str:
    return "5 = Baseline, 10 = Mål" if skala is Skala.NUL_10 else "0 = Baseline, 5 = Mål"


# --- texts ---------------------------------------------------------------------------


def antal_ord(n: int) -> str:
    """A count in Danish words, neuter as for "pejlemærke": 1 -> "et", 3 -> "tre"."""
    from num2words import num2words

    return num2words(n, lang="da")


FARVE_ORD = {
    Farve.GROEN: ("grønt", "grønne"),
    Farve.GUL: ("gult", "gule"),
    Farve.ROED: ("rødt", "røde"),
}


def farvesaetning(report: Statusrapport) -> str:
    """Seed 000's summary in words: "Tre af de ti pejlemærker med status er grønne, fem
    er gule og to er røde." Only pejlemærker with a measured status have a colour."""
    counts = Counter(linje.farve for linje in report.linjer if linje.farve)
    total = sum(counts.values())
    if not total:
        return "Ingen pejlemærker har endnu en målt status, så ingen har en farve."
    parts = []
    for colour, (singular, plural) in FARVE_ORD.items():
        n = counts.get(colour, 0)
        if n:
            parts.append(f"{antal_ord(n)} er {singular if n == 1 else plural}")
    first_count, first_rest = parts[0].split(" ", 1)
    noun = "pejlemærke" if total == 1 else "pejlemærker"
    lead = f"{first_count.capitalize()} af de {antal_ord(total)} {noun} med status {first_rest}"
    sentence = danish.og([lead, *parts[1:]])
    unmeasured = len(report.linjer) - total
    if unmeasured:
        verb = "pejlemærke har" if unmeasured == 1 else "pejlemærker har"
        sentence += f". {antal_ord(unmeasured).capitalize()} {verb} endnu ingen målt status"
    return sentence + "."


def laesevejledning(report: Statusrapport) -> list[str]:
    """What a reader needs to read the tables: scale, colours, the rules used."""
    if report.skala is Skala.NUL_10:
        lines = [
            "Oversigten viser hvert pejlemærkes samlede status og gennemsnittet af de "
            "pejlemærker, der har en målt status. Tabellen under hvert pejlemærke viser "
            "delmålene med baseline, status og mål. Hvor der står '-', er der endnu ikke et tal.",
        ]
    else:
        lines = [
            "Tabellerne viser delmålene under hvert pejlemærke med baseline, status og mål. "
            "Hvor der står '-', er der endnu ikke et tal.",
        ]
    lines.append("Barometrene viser, hvor langt hvert pejlemærke er nået mod målet.")
    lines.extend(forklaring(report)[1:])
    weighted = [
        str(linje.pejlemaerke.nummer)
        for linje in report.linjer
        if linje.pejlemaerke.vaegtning is Vaegtning.POPULATION
    ]
    if weighted:
        lines.append(
            f"Delmålene er vægtet efter populationsstørrelse for pejlemærke {danish.og(weighted)}; "
            "de øvrige vejer delmålene lige."
        )
    else:
        lines.append("Alle delmål vejer lige i pejlemærkestatus.")
    baseline = danish.tal(report.skala.vis(0.0))
    lines.append(
        f"'{baseline} ({KUN_BASELINE})' betyder, at der kun er baseline og endnu ingen status."
    )
    if any(forloeb.har_milepaele(linje.pejlemaerke) for linje in report.linjer):
        lines.append(
            "Et delmål med en milepæl for statusåret får en farve mod den: grøn, når status "
            "har nået milepælen, rød under baseline, ellers gul."
        )
        if report.config.farveregel.metode is Farvemetode.FORVENTET:
            lines.append(
                "Forventet forløb følger delmålenes milepæle; et delmål uden milepæl det år "
                "følger en lige linje fra baseline til mål."
            )
    if any(linje.pejlemaerke.sammenligning for linje in report.linjer):
        lines.append("Tal fra andre byer vises kun til sammenligning og tæller ikke med i status.")
    return lines


def _budgetforslag(tekst: str) -> dict[str, str]:
    match = _BUDGET_CODE.match(tekst)
    if not match:
        return {"kode": "", "tekst": tekst}
    return {"kode": match.group("kode"), "tekst": match.group("tekst")}


# --- the document --------------------------------------------------------------------


def build_statusbilag(
    report: Statusrapport,
    target: Path,
    skabelon: Skabelon | None = None,
    *,
    titel: str | None = None,
    undertitel: str = "",
) -> Path:
    """Writes the status appendix of `report` to `target`, whole or not at all."""
    from dagsorden.dokumenter import barometer

    skabelon = skabelon or Skabelon.standard("statusbilag")
    document = skabelon.new_document()
    skala = report.skala
    regel = report.config.farveregel
    pejlemaerker = [linje.pejlemaerke for linje in report.linjer]
    statusaar = _common_year([p.statusaar for p in pejlemaerker])

    # Every note has its mark in a table: a delmål's note at the delmål (delmål with
    # the same note share one), a pejlemærke's own note (Fodnote) at its samlet status.
    note_numbers: dict[tuple[int, str], int] = {}
    own_notes: dict[int, list[int]] = {}
    counter = 0
    sections = []
    for linje in report.linjer:
        p = linje.pejlemaerke
        notes: list[dict[str, Any]] = []
        by_text: dict[str, list[str]] = {}
        for d in _all_delmaal(p):
            if d.note:
                by_text.setdefault(d.note, []).append(d.id)
        for tekst, ids in by_text.items():
            counter += 1
            for id_ in ids:
                note_numbers[(p.nummer, id_)] = counter
            notes.append({"nummer": counter, "tekst": f"{danish.og(ids)}: {tekst}"})
        for tekst in p.tekster_i("Fodnote"):
            counter += 1
            own_notes.setdefault(p.nummer, []).append(counter)
            notes.append({"nummer": counter, "tekst": tekst})
        sections.append((linje, notes))

    oversigt = document.new_subdoc()
    writer = BodyWriter(oversigt)
    if skala is Skala.NUL_10:
        _add_seed_000_table(writer, report)
    else:
        writer.add_caption("Status på pejlemærkerne")
        add_delmaal_table(
            writer,
            list(report.linjer),
            skala,
            overview=True,
            notes=note_numbers,
            own_notes=own_notes,
        )
    rows = [
        (
            f"{linje.pejlemaerke.nummer}. {linje.pejlemaerke.titel}",
            _score(linje),
            linje.status.kun_baseline,
            linje.forventet,
        )
        for linje in report.linjer
    ]
    barometer.add_picture_with_alt_text(
        _barometer_paragraph(writer.doc),
        barometer.oversigt_png(rows, skala, regel),
        barometer.BREDDE_CM,
        barometer.oversigt_alt_tekst(
            [
                (linje.pejlemaerke.nummer, samlet_tekst(linje.status, skala), _farve(linje))
                for linje in report.linjer
            ],
            skala,
        ),
    )

    pejlemaerke_context = []
    tabelnummer = Tabelnummer(writer.tabelnummer.sidste)
    for linje, notes in sections:
        p = linje.pejlemaerke
        tabel = document.new_subdoc()
        add_delmaal_table(
            BodyWriter(tabel),
            [linje],
            skala,
            overview=False,
            notes=note_numbers,
            own_notes=own_notes,
        )
        graphic = document.new_subdoc()
        barometer.add_picture_with_alt_text(
            _barometer_paragraph(graphic),
            barometer.barometer_png(
                _score(linje),
                skala,
                regel,
                kun_baseline=linje.status.kun_baseline,
                forventet=linje.forventet,
            ),
            barometer.BREDDE_CM,
            barometer.alt_tekst(p.nummer, samlet_tekst(linje.status, skala), skala, _farve(linje)),
        )
        pejlemaerke_context.append(
            {
                "nummer": p.nummer,
                "titel": p.titel,
                "tabel": tabel,
                "barometer": graphic,
                "aarsager": p.tekster_i("Årsager"),
                "aktiviteter": p.tekster_i("Aktivitet"),
                "risici": p.tekster_i("Risiko"),
                "budgetforslag": [_budgetforslag(t) for t in p.tekster_i("Budgetforslag")],
                "opmaerksomhed": p.tekster_i("Opmærksomhed"),
                "noter": notes,
                "aendringer": aendringer(linje, skala, report.config.tendens_tolerance),
                "forloeb": _forloeb_subdoc(document, linje, report, tabelnummer),
                "sammenligning": _sammenligning_subdoc(document, linje, tabelnummer),
                "aktivitetsliste": _aktiviteter_subdoc(document, linje, tabelnummer),
            }
        )
    default_title = "Status på pejlemærkerne" + (f", {statusaar}" if statusaar else "")
    context = {
        "titel": titel or default_title,
        "undertitel": undertitel,
        "laesevejledning": laesevejledning(report),
        "farvesaetning": farvesaetning(report),
        "oversigt": oversigt,
        "pejlemaerker": pejlemaerke_context,
        "sag": {"sagsnr": ""},
    }
    return skabelon.write(document, context, target, titel=context["titel"])


def _barometer_paragraph(doc: Any) -> Any:
    """The paragraph a barometer stands in: clear of the table above it and of the
    text below, single line spacing (a proportional one would let the picture reach
    up over the table's border in LibreOffice), kept on one page."""
    paragraph = doc.add_paragraph()
    fmt = paragraph.paragraph_format
    fmt.space_before = Pt(BAROMETER_LUFT_PT)
    fmt.space_after = Pt(BAROMETER_LUFT_PT)
    fmt.line_spacing = 1.0
    fmt.keep_together = True
    return paragraph


def _all_delmaal(p: Pejlemaerke) -> list[Delmaal]:
    return [x for d in p.delmaal for x in (d, *d.underpunkter)]


def _score(linje: Linje) -> float | None:
    return linje.status.samlet if linje.status.maalt else None


def _farve(linje: Linje) -> str | None:
    return linje.farve.value if linje.farve else None


def _add_seed_000_table(writer: BodyWriter, report: Statusrapport) -> None:
    """Seed 000's form: Område, Pejlemærke, Status on 0..10, and the average."""
    writer.add_caption("Status på pejlemærkerne")
    rows: list[list[str]] = []
    shading: dict[tuple[int, int], str] = {}
    for r, linje in enumerate(report.linjer):
        word = f" ({linje.farve.value})" if linje.farve else ""
        rows.append(
            [
                linje.pejlemaerke.omraade,
                f"{linje.pejlemaerke.nummer}. {linje.pejlemaerke.titel}",
                samlet_tekst(linje.status, report.skala) + word,
            ]
        )
        if linje.farve:
            shading[(r, 2)] = FARVE_FYLD[linje.farve.value]
    average = report.gennemsnit
    measured = sum(1 for linje in report.linjer if linje.status.maalt)
    of = "alle" if measured == len(report.linjer) else f"{measured} af"
    rows.append(
        [
            "",
            f"Gennemsnit af {of} {len(report.linjer)} pejlemærker",
            danish.tal(report.skala.vis(average), 1) if average is not None else "-",
        ]
    )
    table = writer.add_figure_table(
        ["Område", "Pejlemærke", "Status*"],
        rows,
        bold_rows={len(rows) - 1},
        shading=shading,
        text_columns=2,
    )
    _merge_equal_areas(table, [linje.pejlemaerke.omraade for linje in report.linjer])
    maalaar = _common_year([linje.pejlemaerke.maalaar for linje in report.linjer])
    writer.doc.add_paragraph(
        f"* Baseline = 5, mål{f' {maalaar}' if maalaar else ''} = 10.", style="Fodnote"
    )


def _merge_equal_areas(table: Any, areas: list[str]) -> None:
    """Merges the Område cells of consecutive pejlemærker in the same area."""
    start = 0
    for i in range(1, len(areas) + 1):
        if i == len(areas) or areas[i] != areas[start]:
            if i - 1 > start and areas[start]:
                top = table.cell(start + 1, 0)
                text = top.text
                for row in range(start + 1, i + 1):
                    table.cell(row, 0).paragraphs[0].clear()
                merged = top.merge(table.cell(i, 0))
                merged.paragraphs[0].add_run(text)
            start = i


# --- over the years, other cities, activities -----------------------------------------


def forloeb_raekker(
    linje: Linje, tolerance: float = forloeb.TOLERANCE
) -> tuple[list[str], list[list[str]], dict[tuple[int, int], str], set[tuple[int, int]]]:
    """The trend table: a row per delmål with figures, a column per measured year up
    to the status year, the target, the milestone of the status year (with its colour
    as a word) where any delmål has one, and the trend since baseline as an arrow and
    a word. Returns header, rows, shading and the cells that hold a baseline."""
    p = linje.pejlemaerke
    years = [y for y in forloeb.maalte_aar(p) if p.statusaar is None or y <= p.statusaar]
    leaves = forloeb.alle_delmaal(p)
    with_milestone = any(forloeb.milepael(d, p.statusaar) for d in leaves)
    header = ["Delmål", *(str(y) for y in years)]
    header.append(_with_year("Mål", p.maalaar))
    if with_milestone:
        header.append(f"Milepæl {p.statusaar}")
    header.append("Udvikling siden baseline")
    rows: list[list[str]] = []
    shading: dict[tuple[int, int], str] = {}
    baselines: set[tuple[int, int]] = set()
    for d in leaves:
        trend = forloeb.udvikling(d, p, p.statusaar, tolerance)
        by_year = dict(trend.serie)
        row = [d.id]
        for c, y in enumerate(years, start=1):
            row.append(figur(by_year.get(y), d.enhed))
            if trend.baseline_aar == y and y in by_year:
                baselines.add((len(rows), c))
        row.append(maal_tekst(d.maal, d.enhed))
        if with_milestone:
            m = forloeb.milepael(d, p.statusaar)
            colour = linje.delmaal_farver.get(d.id)
            text = maal_tekst(m, d.enhed) if m else danish.INGEN_TAL
            if colour is not None:
                text += f" ({colour.value})"
                shading[(len(rows), len(row))] = FARVE_FYLD[colour.value]
            row.append(text)
        row.append(f"{trend.pil} {trend.tendens.value}" if trend.tendens else danish.INGEN_TAL)
        rows.append(row)
    return header, rows, shading, baselines


def score_alt_tekst(linje: Linje, skala: Skala) -> str:
    """The score chart's alt text: every figure it shows, in words a screen reader reads."""
    p = linje.pejlemaerke
    points = "; ".join(
        f"{a.aar}: {aarsscore_tekst(a.status, skala, linje.status)}" for a in linje.aarsscorer
    )
    text = (
        f"Linjediagram for pejlemærke {p.nummer}: samlet status pr. år på en skala fra "
        f"{danish.tal(skala.vis(-5.0))} til {danish.tal(skala.vis(5.0))}. {points}."
    )
    expected = _forventet_punkter(linje)
    if expected:
        shown = "; ".join(f"{y}: {score_tekst(v, skala)}" for y, v in expected)
        text += f" Forventet forløb efter milepælene: {shown}."
    return text


def _forventet_punkter(linje: Linje) -> list[tuple[int, float]]:
    """The expected path drawn with the scores: baseline year 0, then every milestone
    year (None when the pejlemærke has no milestones)."""
    p = linje.pejlemaerke
    if not forloeb.har_milepaele(p):
        return []
    years = sorted({m.aar for d in forloeb.alle_delmaal(p) for m in d.milepaele})
    points: list[tuple[int, float]] = []
    if p.baselineaar is not None and p.baselineaar not in years:
        points.append((p.baselineaar, 0.0))
    for y in years:
        value = forloeb.forventet_pejlemaerke(p, None, y)
        if value is not None:
            points.append((y, value))
    return points


def _forloeb_subdoc(
    document: Any, linje: Linje, report: Statusrapport, tabelnummer: Tabelnummer
) -> Any:
    """The trend table, and the chart of the samlet status per year with its table;
    None when the pejlemærke has no figures after its baseline."""
    from dagsorden.dokumenter import barometer, diagrammer

    p = linje.pejlemaerke
    skala = report.skala
    if not forloeb.har_aar(p) or p.statusaar is None:
        return None
    header, rows, shading, baselines = forloeb_raekker(linje, report.config.tendens_tolerance)
    measured_after = any(
        y > (forloeb.baseline_aar(d, p) or y - 1)
        for d in forloeb.alle_delmaal(p)
        for y, _ in forloeb.serie(d, p)
        if y <= p.statusaar
    )
    expected = _forventet_punkter(linje)
    if not measured_after and not expected:
        return None
    subdoc = document.new_subdoc()
    writer = BodyWriter(subdoc, tabelnummer)
    years = [h for h in header[1:] if h.isdigit()]
    writer.add_caption(
        f"Udvikling i delmålene for pejlemærke {p.nummer}"
        + (f", {years[0]}-{years[-1]}" if len(years) > 1 else "")
    )
    table = writer.add_figure_table(header, rows, shading=shading, text_columns=1, size_pt=TABEL_PT)
    for r, c in baselines:
        for run in table.rows[r + 1].cells[c].paragraphs[0].runs:
            run.bold = True
    writer.add_paragraph(
        "Fed: delmålets baseline. Pilen viser, om tallet er steget (↑), faldet (↓) eller "
        "er uændret (→) fra baseline til status; ordet, om det er bedre eller dårligere "
        "set i forhold til målet.",
        style="Fodnote",
    )
    scores = [a for a in linje.aarsscorer if a.status.samlet is not None]
    if len(scores) + len(expected) >= 2:
        chart_years = sorted({a.aar for a in scores} | {y for y, _ in expected})
        serier = [
            diagrammer.Serie(
                "Samlet status",
                tuple((a.aar, skala.vis(a.status.samlet or 0.0)) for a in scores),
                diagrammer.LINJE,
            )
        ]
        if expected:
            serier.append(
                diagrammer.Serie(
                    "Forventet forløb",
                    tuple((y, skala.vis(v)) for y, v in expected),
                    diagrammer.MILEPAEL,
                    stiplet=True,
                    ruder=True,
                )
            )
        png = diagrammer.linje_png(
            chart_years,
            serier,
            skala.vis(-5.0),
            skala.vis(5.0),
            [
                (skala.vis(-5.0), danish.tal(skala.vis(-5.0))),
                (skala.vis(0.0), f"{danish.tal(skala.vis(0.0))} = baseline"),
                (skala.vis(5.0), f"{danish.tal(skala.vis(5.0))} = mål"),
            ],
            lambda v: danish.tal(v, 1),
        )
        barometer.add_picture_with_alt_text(
            _barometer_paragraph(subdoc), png, diagrammer.BREDDE_CM, score_alt_tekst(linje, skala)
        )
        expected_by_year = dict(expected)
        score_by_year = {a.aar: a for a in linje.aarsscorer}
        figure_rows = []
        for y in chart_years:
            a = score_by_year.get(y)
            row = [
                str(y),
                aarsscore_tekst(a.status, skala, linje.status) if a else danish.INGEN_TAL,
            ]
            if expected:
                e = expected_by_year.get(y)
                row.append(score_tekst(e, skala) if e is not None else danish.INGEN_TAL)
            figure_rows.append(row)
        writer.add_caption(f"Samlet status pr. år for pejlemærke {p.nummer} (tallene i diagrammet)")
        writer.add_figure_table(
            ["År", "Samlet status", *(["Forventet forløb"] if expected else [])],
            figure_rows,
            text_columns=1,
            size_pt=TABEL_PT,
        )
        if expected:
            writer.add_paragraph(
                "Forventet forløb: delmålenes milepæle, og for et delmål uden milepæl det "
                "år en lige linje fra baseline til mål, vægtet som pejlemærkets status.",
                style="Fodnote",
            )
    return subdoc


def sammenligning_raekker(linje: Linje, delmaal_id: str) -> tuple[list[str], list[list[str]]]:
    """One delmål's 6-by table: a row per city (the pejlemærke's own figures first,
    as "Egne tal"), a column per year any of them has."""
    p = linje.pejlemaerke
    d = next(x for x in forloeb.alle_delmaal(p) if x.id == delmaal_id)
    rows_of = [s for s in p.sammenligning if s.delmaal == delmaal_id]
    own = dict(forloeb.serie(d, p))
    years = sorted({s.aar for s in rows_of})
    cities: list[str] = []
    for s in rows_of:
        if s.by not in cities:
            cities.append(s.by)
    header = ["By", *(str(y) for y in years)]
    rows = [["Egne tal", *(figur(own.get(y), d.enhed) for y in years)]]
    for by in cities:
        values = {s.aar: s.vaerdi for s in rows_of if s.by == by}
        rows.append([by, *(figur(values.get(y), d.enhed) for y in years)])
    return header, rows


def _sammenligning_subdoc(document: Any, linje: Linje, tabelnummer: Tabelnummer) -> Any:
    """Per delmål with figures from other cities: their table, and a bar chart of the
    latest year any city has (the pejlemærke's own figure first, darker). Never part
    of the score."""
    from dagsorden.dokumenter import barometer, diagrammer

    p = linje.pejlemaerke
    if not p.sammenligning:
        return None
    subdoc = document.new_subdoc()
    writer = BodyWriter(subdoc, tabelnummer)
    intro = writer.add_paragraph(
        "Tallene fra de andre byer vises til sammenligning og tæller ikke med i "
        "pejlemærkets status."
    )
    keep_next(intro)  # with its heading and the first table, never alone at a page end
    ids = []
    for s in p.sammenligning:
        if s.delmaal not in ids:
            ids.append(s.delmaal)
    for delmaal_id in ids:
        d = next(x for x in forloeb.alle_delmaal(p) if x.id == delmaal_id)
        header, rows = sammenligning_raekker(linje, delmaal_id)
        writer.add_caption(f"Delmål {d.id}. {d.tekst}: sammenligning med andre byer")
        writer.add_figure_table(header, rows, text_columns=1, size_pt=TABEL_PT)
        latest = max(s.aar for s in p.sammenligning if s.delmaal == delmaal_id)
        own = dict(forloeb.serie(d, p)).get(latest)
        names: list[str] = []
        values: list[float] = []
        if own is not None:
            names.append("Egne tal")
            values.append(own)
        for s in p.sammenligning:
            if s.delmaal == delmaal_id and s.aar == latest:
                names.append(s.by)
                values.append(s.vaerdi)
        png = diagrammer.soejle_png(
            names,
            values,
            functools.partial(_figur_af, enhed=d.enhed),
            egen=0 if own is not None else -1,
            titel=f"Delmål {d.id}, {latest}",
        )
        alt = (
            f"Søjlediagram: delmål {d.id} i {latest}, "
            + ", ".join(f"{n} {figur(v, d.enhed)}" for n, v in zip(names, values, strict=True))
            + "."
        )
        barometer.add_picture_with_alt_text(
            _barometer_paragraph(subdoc), png, diagrammer.BREDDE_CM, alt
        )
    return subdoc


def _figur_af(value: float, enhed: Enhed) -> str:
    return figur(value, enhed)


LANGT_ORD = 24
"""Characters of a word beyond which the activity table lets it wrap (a link)."""


def _i_stykker(text: str) -> str:
    """`text` with every word longer than LANGT_ORD cut in pieces of that length:
    what the column widths are measured on, not what the cell shows."""
    return " ".join(
        " ".join(word[i : i + LANGT_ORD] for i in range(0, len(word), LANGT_ORD))
        for word in text.split()
    )


FREMDRIFT_FYLD = {Fremdrift.GROEN: "00B050", Fremdrift.GUL: "FFC000", Fremdrift.ROED: "FF0000"}


def aktivitet_raekker(
    linje: Linje,
) -> tuple[list[str], list[list[str]], dict[tuple[int, int], str]]:
    """The activity table: each activity with its delmål, who, when, its progress
    (shaded in its colour and written as a word) and the comment."""
    header = ["Aktivitet", "Delmål", "Ansvarlig", "Frist", "Fremdrift", "Kommentar"]
    rows: list[list[str]] = []
    shading: dict[tuple[int, int], str] = {}
    for a in linje.pejlemaerke.aktiviteter:
        if a.fremdrift is not None:
            shading[(len(rows), 4)] = FREMDRIFT_FYLD[a.fremdrift]
        rows.append(
            [
                a.aktivitet,
                danish.og(a.delmaal) if a.delmaal else danish.INGEN_TAL,
                a.ansvarlig or danish.INGEN_TAL,
                a.frist or danish.INGEN_TAL,
                a.fremdrift.value if a.fremdrift else danish.INGEN_TAL,
                a.kommentar,
            ]
        )
    return header, rows, shading


def _aktiviteter_subdoc(document: Any, linje: Linje, tabelnummer: Tabelnummer) -> Any:
    if not linje.pejlemaerke.aktiviteter:
        return None
    subdoc = document.new_subdoc()
    writer = BodyWriter(subdoc, tabelnummer)
    header, rows, shading = aktivitet_raekker(linje)
    writer.add_caption(f"Status på aktiviteterne under pejlemærke {linje.pejlemaerke.nummer}")
    table = writer.add_figure_table(header, rows, shading=shading, text_columns=6, size_pt=TABEL_PT)
    # A long word (a link in Kommentar) would claim its whole length as the column's
    # least width and squeeze the other columns until their words break mid-word:
    # measured in pieces, it wraps in its own column instead.
    columns = [
        [_i_stykker(text) for text in (h, *(r[c] for r in rows))] for c, h in enumerate(header)
    ]
    set_column_widths(table, fit_widths(columns, size_pt=TABEL_PT, bold_first=True))
    if shading:
        writer.add_paragraph(
            "Fremdrift: grøn = forløber som planlagt; gul = forsinket eller med risiko; "
            "rød = står stille eller kræver handling.",
            style="Fodnote",
        )
    return subdoc


__all__ = ["build_statusbilag", "farvesaetning", "laesevejledning"]
