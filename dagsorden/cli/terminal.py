"""Tables for the terminal, in Danish. Imported only by commands that print one,
since rich costs start-up time the other commands shouldn't pay."""

from __future__ import annotations

from rich.console import Console
from rich.table import Table
from rich.text import Text

from dagsorden.kerne.model import ManglendeStatus, Raekketype
from dagsorden.kerne.oekonomi import OekonomiTabel, Tabelraekke
from dagsorden.kerne.scoring import Farve
from dagsorden.kerne.status import Statusrapport, forklaring, samlet_tekst, score_tekst

FARVE_STIL = {Farve.GROEN: "bold green", Farve.GUL: "bold yellow", Farve.ROED: "bold red"}
_FED = frozenset({Raekketype.OVERSKRIFT, Raekketype.SUM, Raekketype.TOTAL})
"""Rows printed in bold: headings, sub-totals and the total."""
MARK_NUL = "*"
"""Marks a samlet status where delmål without status counted as 0."""


def print_status(report: Statusrapport, console: Console | None = None) -> None:
    console = console or Console()
    skala = report.skala
    table = Table(title="Status på pejlemærkerne", title_justify="left")
    table.add_column("Nr.", justify="right")
    table.add_column("Pejlemærke", ratio=3, min_width=16)
    table.add_column("Samlet status", justify="right", ratio=1, min_width=7)
    table.add_column("Farve", no_wrap=True)
    table.add_column("Delmål", justify="right", no_wrap=True)
    for linje in report.linjer:
        colour = linje.farve
        mark = MARK_NUL if linje.status.manglende_status is ManglendeStatus.NUL else ""
        table.add_row(
            str(linje.pejlemaerke.nummer),
            # Text(): a title such as "Bolig [/] ophold" is no rich markup.
            Text(linje.pejlemaerke.titel),
            Text(samlet_tekst(linje.status, skala) + mark),
            f"[{FARVE_STIL[colour]}]{colour.value}[/]" if colour else "-",
            f"{linje.status.med_status}/{len(linje.status.delmaal)}",
        )
    console.print(table)
    average = report.gennemsnit
    measured = sum(1 for linje in report.linjer if linje.status.maalt)
    if average is not None:
        console.print(
            f"Gennemsnit af {measured} pejlemærker med status: {score_tekst(average, skala)}"
        )
    console.print("\n".join(forklaring(report, MARK_NUL)))


def print_oekonomi(tabel: OekonomiTabel, console: Console | None = None, tekst: str = "") -> None:
    """An Økonomi table as a document shows it: caption, unit line with p/l, text
    columns left and figures right, headings, sums and the total in bold (a rule above
    the total), Heraf lines indented and in italics, each nesting level indented two
    spaces, the rounding note.

    `tekst` is what the prose cites from it ("0,69 mio. kr. fordelt på årene
    2011-2012"), printed under the table for the officer to compare with the text.
    """
    console = console or Console()
    # Text() everywhere: a post such as "Heraf [pulje]" is no rich markup.
    console.print(Text(tabel.titel, style="bold"))
    console.print(Text(tabel.enhedslinje))
    table = Table(show_edge=True)
    rows = [_cells(tabel, raekke) for raekke in tabel.raekker]
    widths = []
    for i, header in enumerate(tabel.overskrifter):
        figure = i >= tabel.tekstkolonner
        words = [len(w) for w in header.split()] + [
            len(row[i]) if figure else max((len(w) for w in row[i].split()), default=0)
            for row in rows
        ]
        # A figure column is as wide as its widest figure (a header wraps between its
        # words); a text column as its longest word, within reason.
        if figure and len(header) <= 6:
            words.append(len(header))  # "I alt" stays on one line
        widths.append(max(words, default=1) if figure else min(max(words, default=1), 24))
        # A figure column never grows past its width either: rich would widen it to
        # its unwrapped header and then crop the last columns at the terminal's edge.
        table.add_column(
            Text(header),
            justify="right" if figure else "left",
            min_width=widths[-1],
            max_width=widths[-1] if figure else None,
        )
    for raekke, cells in zip(tabel.raekker, rows, strict=True):
        if raekke.is_total:
            table.add_section()  # the rule above the total
        style = "bold" if raekke.type in _FED else "italic" if raekke.heraf else ""
        table.add_row(*(Text(cell, style=style) for cell in cells))
    # Wider than the terminal: the lines run on rather than a figure being cut.
    needed = sum(widths) + 3 * len(widths) + 1
    if needed > console.width:
        console.print(table, width=needed, crop=False)
    else:
        console.print(table)
    if tabel.note:
        console.print(Text(tabel.note))
    if tekst:
        console.print(Text(f"I teksten: {tekst}"), soft_wrap=True)


def _cells(tabel: OekonomiTabel, raekke: Tabelraekke) -> list[str]:
    """A row's cells in print order: a heading's figure cells empty, the Post
    indented two spaces per level (and a Heraf line one more)."""
    cells = list(raekke.celler)
    if raekke.type is Raekketype.OVERSKRIFT:
        cells[tabel.tekstkolonner :] = [""] * (len(cells) - tabel.tekstkolonner)
    post = len(raekke.tekster_foran)
    cells[post] = "  " * (raekke.niveau + (1 if raekke.heraf else 0)) + cells[post]
    return cells
