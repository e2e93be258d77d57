"""An indstilling as a Word document: a case, its budgets and tables, one template.

The case gives the text, its budgets and status reports (read beforehand, see
`kilder.samling`) the figures; this module resolves the placeholders and markers,
numbers the tables through the document, and fills `templates/indstilling.docx`.
The template holds every fixed word of the paper; this module only computes and
never opens a workbook or a folder.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from pathlib import Path

from docx.shared import Pt

from dagsorden.dokumenter.docx_body import FARVE_FYLD, BodyWriter, Tabelnummer
from dagsorden.dokumenter.render import Skabelon, forfattere, punkttitel
from dagsorden.errors import (
    CaseError,
    CaseProblem,
    DagsordenError,
    PlaceholderError,
    WorkbookError,
)
from dagsorden.kerne.blocks import (
    Block,
    BulletList,
    Heading,
    ListItem,
    NumberedList,
    OekonomiTableMarker,
    Paragraph,
    Runs,
    Section,
    StatusTableMarker,
    Table,
)
from dagsorden.kerne.model import Budget
from dagsorden.kerne.oekonomi import oekonomi_tabel
from dagsorden.kerne.pladsholdere import Budgetkilde, check_typed_amounts, fill
from dagsorden.kerne.sager import STANDARD_AFSNIT, Sag
from dagsorden.kerne.status import Statusrapport, forklaring, samlet_tekst

OEKONOMI = "Økonomi"


def output_path(sag: Sag, ud: Path) -> Path:
    """`<UD>/<punkt>-<navn>.docx`: sorts in agenda order in any file browser."""
    return ud / f"{sag.punkt}-{sag.navn}.docx"


def build_indstilling(
    sag: Sag,
    ud: Path,
    skabelon: Skabelon,
    budgets: Mapping[Path, Budget],
    reports: Mapping[Path, Statusrapport],
    *,
    referat: bool | None = None,
) -> Path:
    """Writes one indstilling to `<ud>/<punkt>-<navn>.docx`, whole or not at all.

    `budgets` and `reports` hold, by resolved path, every budget and status
    report the case cites (`kilder.samling.Kilder.tables_of` reads them). `referat`
    True fills Beslutning from the case (or says the punkt is not yet decided), False
    leaves it empty as on an agenda; None (a single paper) shows whatever decisions
    the case holds.
    """
    sagens = [(path.resolve(), budgets[path.resolve()]) for path in sag.oekonomi]
    afsnit = _with_oekonomi(sag.afsnit, bool(sag.oekonomi))
    numbers = _number_tables(afsnit, sag, sagens)
    kilder_i_dok = [Budgetkilde(b, numbers.budget_numbers.get(p)) for p, b in sagens]
    indstilling = _filled_punkter(sag, "indstilling", sag.indstilling, kilder_i_dok)
    anbefaling = None
    if sag.anbefaling:
        punkter = _filled_punkter(sag, "anbefaling", sag.anbefaling.punkter, kilder_i_dok)
        anbefaling = {"til": sag.anbefaling.til, "punkter": punkter}
    document = skabelon.new_document()
    tabelnummer = Tabelnummer()
    marker = _marker_renderer(sag, budgets, reports)
    afsnit_context = []
    for section in afsnit:
        if section is None:
            afsnit_context.append({"titel": OEKONOMI, "indhold": None, "ingen_oekonomi": True})
            continue
        blocks = _fill_blocks(sag, section, kilder_i_dok)
        if _is_oekonomi(section):
            blocks = blocks + numbers.unmarked_budgets
        subdoc = document.new_subdoc()
        writer = BodyWriter(subdoc, tabelnummer, marker=marker)
        writer.add_blocks(blocks)
        afsnit_context.append({"titel": section.titel, "indhold": subdoc, "ingen_oekonomi": False})
    context = {
        "sag": sag,
        "indstilling": indstilling,
        "anbefaling": anbefaling,
        "afsnit": afsnit_context,
        "beslutninger": () if referat is False else sag.beslutning,
        "referat": bool(referat),
    }
    titel, forfatter = punkttitel(sag.punkt, sag.titel), forfattere(sag.indstiller)
    return skabelon.write(document, context, output_path(sag, ud), titel=titel, forfatter=forfatter)


def _is_oekonomi(section: Section) -> bool:
    return " ".join(section.titel.split()).casefold() == OEKONOMI.casefold()


def _with_oekonomi(afsnit: tuple[Section, ...], has_budgets: bool) -> list[Section | None]:
    """The sections in order; a missing Økonomi becomes None ("ingen økonomiske
    konsekvenser") before Videre proces, or an empty section holding the tables."""
    sections: list[Section | None] = list(afsnit)
    if any(_is_oekonomi(s) for s in afsnit):
        return sections
    videre = STANDARD_AFSNIT[-1].casefold()
    position = next(
        (i for i, s in enumerate(afsnit) if " ".join(s.titel.split()).casefold() == videre),
        len(sections),
    )
    sections.insert(position, Section(OEKONOMI, (), 0) if has_budgets else None)
    return sections


@dataclass
class _Numbers:
    budget_numbers: dict[Path, int]
    unmarked_budgets: tuple[Block, ...]


def _number_tables(
    afsnit: list[Section | None], sag: Sag, budgets: list[tuple[Path, Budget]]
) -> _Numbers:
    """Which number each budget's table will carry, in document order.

    A budget of the front matter that no marker places is shown at the end of the
    Økonomi section: the reader expects the table where the money is discussed.
    """
    marked = {
        block.sti.resolve()
        for section in afsnit
        if section is not None
        for block in section.blocks
        if isinstance(block, OekonomiTableMarker)
    }
    unmarked = tuple(
        OekonomiTableMarker(path, sag.linjer.get("oekonomi", 0))
        for path, _ in budgets
        if path not in marked
    )
    numbers: dict[Path, int] = {}
    counter = 0
    for section in afsnit:
        if section is None:
            continue
        blocks = section.blocks + (unmarked if _is_oekonomi(section) else ())
        for block in blocks:
            if isinstance(block, StatusTableMarker | OekonomiTableMarker):
                counter += 1
                if isinstance(block, OekonomiTableMarker):
                    numbers.setdefault(block.sti.resolve(), counter)
    return _Numbers(numbers, unmarked)


def _filled_punkter(
    sag: Sag, key: str, punkter: tuple[str, ...], budgets: list[Budgetkilde]
) -> list[str]:
    """The at-punkter with placeholders filled and typed amounts checked."""
    problems, filled = [], []
    for number, punkt in enumerate(punkter, start=1):
        line = sag.linjer.get(f"{key}.{number}", sag.linjer.get(key))
        try:
            text = fill(punkt, budgets)
        except PlaceholderError as exc:
            problems.append(CaseProblem(str(sag.fil), line, f"at-punkt {number}: {exc}"))
            continue
        wrong = check_typed_amounts(punkt, budgets)
        if wrong:
            problems.append(CaseProblem(str(sag.fil), line, f"at-punkt {number}: {wrong}"))
        filled.append(text)
    if problems:
        raise CaseError(problems)
    return filled


def _fill_blocks(sag: Sag, section: Section, budgets: list[Budgetkilde]) -> tuple[Block, ...]:
    """The section's blocks with placeholders filled in every run of text."""

    def runs(values: Runs) -> Runs:
        try:
            return tuple(replace(run, tekst=fill(run.tekst, budgets)) for run in values)
        except PlaceholderError as exc:
            raise CaseError.at(sag.fil, section.linje, f"afsnittet {section.titel}: {exc}") from exc

    def items(values: tuple[ListItem, ...]) -> tuple[ListItem, ...]:
        return tuple(replace(item, runs=runs(item.runs)) for item in values)

    filled: list[Block] = []
    for block in section.blocks:
        if isinstance(block, Paragraph | Heading):
            filled.append(replace(block, runs=runs(block.runs)))
        elif isinstance(block, BulletList | NumberedList):
            filled.append(replace(block, items=items(block.items)))
        elif isinstance(block, Table):
            filled.append(
                replace(
                    block,
                    header=tuple(runs(c) for c in block.header),
                    rows=tuple(tuple(runs(c) for c in row) for row in block.rows),
                )
            )
        else:
            filled.append(block)
    return tuple(filled)


def _marker_renderer(
    sag: Sag, budgets: Mapping[Path, Budget], reports: Mapping[Path, Statusrapport]
) -> Callable[[BodyWriter, StatusTableMarker | OekonomiTableMarker], None]:
    def render(writer: BodyWriter, marker: StatusTableMarker | OekonomiTableMarker) -> None:
        try:
            if isinstance(marker, StatusTableMarker):
                add_status_table(writer, reports[marker.sti.resolve()])
            else:
                add_oekonomi_table(writer, budgets[marker.sti.resolve()])
        except WorkbookError:
            raise
        except DagsordenError as exc:
            raise CaseError.at(sag.fil, marker.linje, str(exc)) from exc

    return render


def add_oekonomi_table(writer: BodyWriter, budget: Budget) -> None:
    tabel = oekonomi_tabel(budget)
    caption = f"{tabel.titel} ({tabel.prisniveau.strip('()')})" if tabel.prisniveau else tabel.titel
    writer.add_caption(caption)
    writer.add_figure_table(
        list(tabel.overskrifter),
        [list(r.celler) for r in tabel.raekker],
        indented={i for i, r in enumerate(tabel.raekker) if r.heraf},
        bold_rows={i for i, r in enumerate(tabel.raekker) if r.is_total},
    )
    writer.doc.add_paragraph(tabel.note) if tabel.note else writer.doc.add_paragraph()


def build_oekonomi_document(budget: Budget, target: Path, skabelon: Skabelon | None = None) -> Path:
    """Writes a budget's Økonomi table alone as a small .docx (Tabel 1)."""
    skabelon = skabelon or Skabelon.standard("oekonomi")
    document = skabelon.new_document()
    subdoc = document.new_subdoc()
    add_oekonomi_table(BodyWriter(subdoc), budget)
    return skabelon.write(document, {"tabel": subdoc}, target, titel=budget.tabeltitel)


def add_status_table(writer: BodyWriter, report: Statusrapport) -> None:
    writer.add_caption("Status på pejlemærkerne")
    rows, shading = [], {}
    for r, linje in enumerate(report.linjer):
        colour = linje.farve.value if linje.farve else "-"
        rows.append(
            [
                f"{linje.pejlemaerke.nummer}. {linje.pejlemaerke.titel}",
                samlet_tekst(linje.status, report.skala),
                colour,
            ]
        )
        if linje.farve:
            shading[(r, 2)] = FARVE_FYLD[colour]
    writer.add_figure_table(["Pejlemærke", "Samlet status", "Farve"], rows, shading=shading)
    # The legend's first line explains the terminal's "Delmål" column, which this
    # table doesn't have.
    for i, line in enumerate(forklaring(report)[1:]):
        legend = writer.doc.add_paragraph(line)
        if i == 0:
            legend.paragraph_format.space_before = Pt(6)
