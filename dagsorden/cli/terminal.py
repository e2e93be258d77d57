"""Tables for the terminal, in Danish. Imported only by commands that print one,
since rich costs start-up time the other commands shouldn't pay."""

from __future__ import annotations

from rich.console import Console
from rich.table import Table
from rich.text import Text

from dagsorden.kerne.model import ManglendeStatus
from dagsorden.kerne.oekonomi import OekonomiTabel
from dagsorden.kerne.scoring import Farve
from dagsorden.kerne.status import Statusrapport, forklaring, samlet_tekst, score_tekst

FARVE_STIL = {Farve.GROEN: "bold green", Farve.GUL: "bold yellow", Farve.ROED: "bold red"}
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
    """An Økonomi table as a document shows it: caption, unit line with p/l, figures
    right-aligned, Heraf lines indented, the I alt row in bold, the rounding note.

    `tekst` is what the prose cites from it ("0,69 mio. kr. fordelt på årene
    2011-2012"), printed under the table for the officer to compare with the text.
    """
    console = console or Console()
    # Text() everywhere: a post such as "Heraf [pulje]" is no rich markup.
    console.print(Text(tabel.titel, style="bold"))
    console.print(Text(tabel.enhedslinje))
    table = Table(show_edge=True)
    for i, header in enumerate(tabel.overskrifter):
        table.add_column(Text(header), justify="left" if i == 0 else "right", no_wrap=i > 0)
    for raekke in tabel.raekker:
        style = "bold" if raekke.is_total else ""
        post = ("  " + raekke.post) if raekke.heraf else raekke.post
        table.add_row(
            Text(post, style="italic" if raekke.heraf else style),
            *(Text(cell, style=style) for cell in raekke.tal),
        )
    console.print(table)
    if tabel.note:
        console.print(Text(tabel.note))
    if tekst:
        console.print(Text(f"I teksten: {tekst}"))
