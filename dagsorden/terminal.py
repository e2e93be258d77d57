"""Tables for the terminal, in Danish. Imported only by commands that print one,
since rich costs start-up time the other commands shouldn't pay."""

from __future__ import annotations

from rich.console import Console
from rich.table import Table

from dagsorden.danish import tal
from dagsorden.model import ManglendeStatus
from dagsorden.scoring import Farve, Farvemetode, Skala
from dagsorden.status import Statusrapport, samlet_tekst, score_tekst

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
            linje.pejlemaerke.titel,
            samlet_tekst(linje.status, skala) + mark,
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
    console.print(_legend(report))


def _legend(report: Statusrapport) -> str:
    skala = report.skala
    if skala is Skala.NUL_10:
        scale = "Skala 0 til 10: 5 = baseline, 10 = mål."
    else:
        scale = "Skala -5 til 5: 0 = baseline, 5 = mål."
    regel = report.config.farveregel
    roed = tal(skala.vis(regel.roed_under))
    if regel.metode is Farvemetode.FORVENTET:
        colours = f"Farver: rød under {roed}; grøn på eller over forventet forløb; ellers gul."
    else:
        groen = tal(skala.vis(regel.groen_fra))
        colours = f"Farver: rød under {roed}; grøn fra {groen}; ellers gul."
    lines = [
        "Delmål: delmål med status / alle delmål.",
        f"{scale} {colours} Kun målte pejlemærker får en farve.",
    ]
    if any(linje.status.manglende_status is ManglendeStatus.NUL for linje in report.linjer):
        lines.append(f"{MARK_NUL} Delmål uden status tæller som 0. Ellers tæller de ikke med.")
    else:
        lines.append("Delmål uden status tæller ikke med.")
    return "\n".join(lines)
