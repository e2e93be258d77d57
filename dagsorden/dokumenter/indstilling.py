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
from dagsorden.dokumenter.oekonomi_tabel import (  # the Økonomi table lives there now
    add_oekonomi_table,
    build_oekonomi_document,  # noqa: F401 - re-exported for older callers
)
from dagsorden.dokumenter.render import Skabelon, forfattere, punkttitel
from dagsorden.errors import (
    CaseError,
    CaseProblem,
    DagsordenError,
    PlaceholderError,
    WorkbookError,
)
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
    Section,
    StatusTableMarker,
    Table,
    plain_text,
)
from dagsorden.kerne.model import Budget
from dagsorden.kerne.pladsholdere import Budgetkilde, check_typed_amounts, fill
from dagsorden.kerne.sager import OEKONOMI, Papirform, Sag, afsnit_noegle
from dagsorden.kerne.status import Statusrapport, forklaring, samlet_tekst


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
    afsnit = with_oekonomi(sag.afsnit, bool(sag.oekonomi), sag.form)
    numbers = number_tables(afsnit, sag, sagens)
    udfylder = Udfylder(sag, [Budgetkilde(b, numbers.budget_numbers.get(p)) for p, b in sagens])
    resume = udfylder.tekst(sag.resume, sag.linjer.get("resume"), "resuméet")
    indstilling = udfylder.punkter("indstilling", sag.indstilling)
    efter = tuple(
        udfylder.tekst(tekst, sag.linjer.get(f"efter_indstilling.{i}"), "efter_indstilling")
        for i, tekst in enumerate(sag.efter_indstilling, start=1)
    )
    anbefaling = None
    if sag.anbefaling:
        # numbered on from the indstilling's, as the paper numbers them
        punkter = udfylder.punkter("anbefaling", sag.anbefaling.punkter, len(indstilling))
        anbefaling = {"til": sag.anbefaling.til, "punkter": punkter}
    filled = [None if s is None else udfylder.afsnit(s) for s in afsnit]
    udfylder.raise_problems()
    document = skabelon.new_document()
    tabelnummer = Tabelnummer()
    marker = _marker_renderer(sag, budgets, reports)
    afsnit_context = []
    for section in filled:
        if section is None:
            afsnit_context.append({"titel": OEKONOMI, "indhold": None, "ingen_oekonomi": True})
            continue
        blocks = section.blocks
        if _is_oekonomi(section):
            blocks = blocks + numbers.unmarked_budgets
        subdoc = document.new_subdoc()
        writer = BodyWriter(subdoc, tabelnummer, marker=marker)
        writer.add_blocks(blocks)
        afsnit_context.append({"titel": section.titel, "indhold": subdoc, "ingen_oekonomi": False})
    context = {
        "sag": replace(sag, resume=resume, efter_indstilling=efter),
        "form": sag.form,
        "indledning": sag.form.indledning_for(danish.og(sag.indstiller), danish.og(sag.udvalg)),
        "indstilling": indstilling,
        "anbefaling": anbefaling,
        "afsnit": afsnit_context,
        "beslutninger": () if referat is False else sag.beslutning,
        "referat": bool(referat),
    }
    titel = punkttitel(sag.punkt, f"B-sag: {sag.titel}" if sag.b_sag else sag.titel)
    forfatter = forfattere(sag.indstiller)
    return skabelon.write(document, context, output_path(sag, ud), titel=titel, forfatter=forfatter)


def _is_oekonomi(section: Section) -> bool:
    return " ".join(section.titel.split()).casefold() == OEKONOMI.casefold()


def with_oekonomi(
    afsnit: tuple[Section, ...], has_budgets: bool, form: Papirform
) -> list[Section | None]:
    """The sections in order; a missing Økonomi becomes an empty section holding the
    tables, or None ("ingen økonomiske konsekvenser") where the form requires it, in
    the form's place: before the first section the form puts after Økonomi (or
    before Videre proces, where the form has no Økonomi)."""
    sections: list[Section | None] = list(afsnit)
    if any(_is_oekonomi(s) for s in afsnit):
        return sections
    required = OEKONOMI in form.afsnit and not form.er_valgfrit(OEKONOMI)
    if not has_budgets and not required:
        return sections
    order = [afsnit_noegle(t) for t in form.afsnit]
    after = (
        set(order[order.index(afsnit_noegle(OEKONOMI)) + 1 :])
        if afsnit_noegle(OEKONOMI) in order
        else {afsnit_noegle("Videre proces")}
    )
    position = next(
        (i for i, s in enumerate(afsnit) if afsnit_noegle(s.titel) in after), len(sections)
    )
    sections.insert(position, Section(OEKONOMI, (), 0) if has_budgets else None)
    return sections


@dataclass
class _Numbers:
    budget_numbers: dict[Path, int]
    unmarked_budgets: tuple[Block, ...]


def number_tables(
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


class Udfylder:
    """Fills the placeholders of a case's texts and checks the amounts typed in them,
    collecting every problem with its line in sag.md, to report them together."""

    def __init__(self, sag: Sag, budgets: list[Budgetkilde]) -> None:
        self.sag = sag
        self.budgets = budgets
        self.problems: list[CaseProblem] = []

    def tekst(self, text: str, line: int | None, where: str) -> str:
        """`text` with its placeholders filled (as written when one is wrong)."""
        wrong = check_typed_amounts(text, self.budgets, self.sag.andre_beloeb)
        if wrong:
            self.problem(line, f"{where}: {wrong}")
        try:
            return fill(text, self.budgets)
        except PlaceholderError as exc:
            self.problem(line, f"{where}: {exc}")
            return text

    def problem(self, line: int | None, message: str) -> None:
        problem = CaseProblem(str(self.sag.fil), line, message)
        if problem not in self.problems:
            self.problems.append(problem)

    def punkter(self, key: str, punkter: tuple[str, ...], foer: int = 0) -> list[str]:
        """The at-punkter with placeholders filled and typed amounts checked; `foer`
        at-punkter come before them in the paper."""
        return [
            self.tekst(
                punkt,
                self.sag.linjer.get(f"{key}.{number}", self.sag.linjer.get(key)),
                f"at-punkt {foer + number}",
            )
            for number, punkt in enumerate(punkter, start=1)
        ]

    def afsnit(self, section: Section) -> Section:
        """The section with placeholders filled in every run of text (lists, tables)."""
        where = f"afsnittet {section.titel}"

        def runs(values: Runs) -> Runs:
            # An amount may span runs ("0,69 *mio. kr.*"): check the text as the reader
            # sees it, and fill each run, so bold and italics stay where they were.
            whole = self.tekst(plain_text(values), section.linje, where)
            texts = [fill_quietly(run.tekst, self.budgets) for run in values]
            for i in range(len(texts) - 1):
                # "**{beløb}**." : the amount's point ends the sentence, as in `fill`
                if (
                    values[i].tekst.endswith("}")
                    and texts[i] != values[i].tekst
                    and texts[i].endswith(".")
                    and texts[i + 1].startswith(".")
                ):
                    texts[i] = texts[i][:-1]
            filled = tuple(replace(run, tekst=t) for run, t in zip(values, texts, strict=True))
            if plain_text(filled) != whole:
                self.problem(
                    section.linje,
                    f"{where}: en pladsholder er delt af fed eller kursiv "
                    f"('{plain_text(values)}'). Sæt fed eller kursiv om hele pladsholderen, "
                    "fx **{beløb}**.",
                )
            return filled

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
        return replace(section, blocks=tuple(filled))

    def raise_problems(self) -> None:
        if self.problems:
            raise CaseError(self.problems)


def fill_quietly(text: str, budgets: list[Budgetkilde]) -> str:
    """`fill`, leaving the text as it is where a placeholder is wrong (already reported)."""
    try:
        return fill(text, budgets)
    except PlaceholderError:
        return text


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
        legend = writer.add_paragraph(line)
        if i == 0:
            legend.get_or_add_pPr().spacing_before = Pt(6)
