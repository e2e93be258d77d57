"""The status report of a folder of pejlemærke workbooks: scores, colours, texts.

This is what `dagsorden status` prints and what later documents fill their tables
with, so every text here is exactly as a document prints it ("1,6",
"0 (kun baseline-målinger)", "-").
"""

from __future__ import annotations

from dataclasses import dataclass

from dagsorden.errors import DagsordenError
from dagsorden.kerne.danish import INGEN_TAL, og, tal
from dagsorden.kerne.model import ManglendeStatus, Pejlemaerke
from dagsorden.kerne.scoring import (
    Config,
    DelmaalScore,
    Farve,
    Farvemetode,
    Pejlemaerkestatus,
    Skala,
    farve,
    forventet_fremdrift,
    gennemsnit,
    score_pejlemaerke,
)

KUN_BASELINE = "kun baseline-målinger"

REGEL_TEKST = {
    ManglendeStatus.UDELAD: "Delmål uden status tæller ikke med.",
    ManglendeStatus.NUL: "Delmål uden status tæller som 0.",
}


@dataclass(frozen=True)
class Linje:
    """One pejlemærke's line of the report."""

    status: Pejlemaerkestatus
    farve: Farve | None
    forventet: float | None

    @property
    def pejlemaerke(self) -> Pejlemaerke:
        return self.status.pejlemaerke


@dataclass(frozen=True)
class Statusrapport:
    linjer: tuple[Linje, ...]
    config: Config

    @property
    def skala(self) -> Skala:
        return self.config.skala

    @property
    def gennemsnit(self) -> float | None:
        return gennemsnit([linje.status for linje in self.linjer])


def build_report(pejlemaerker: list[Pejlemaerke], config: Config) -> Statusrapport:
    """Scores and colours every pejlemærke by the rules in `config`."""
    linjer = []
    for p in pejlemaerker:
        status = score_pejlemaerke(p, config.manglende_status, config.tving_manglende_status)
        forventet = _forventet(p) if config.farveregel.metode is Farvemetode.FORVENTET else None
        colour = farve(status.samlet if status.maalt else None, config.farveregel, forventet)
        linjer.append(Linje(status, colour, forventet))
    return Statusrapport(tuple(linjer), config)


def _forventet(p: Pejlemaerke) -> float:
    if p.baselineaar is None or p.statusaar is None or p.maalaar is None:
        raise DagsordenError(
            f"{p.kilde}, ark 'Pejlemærke': farver efter forventet forløb kræver, at "
            "Baselineår, Statusår og Målår er udfyldt."
        )
    if p.maalaar <= p.baselineaar:
        raise DagsordenError(f"{p.kilde}, ark 'Pejlemærke': Målår skal ligge efter Baselineår.")
    return forventet_fremdrift(p.baselineaar, p.statusaar, p.maalaar)


def score_tekst(score: float | None, skala: Skala) -> str:
    """A single score, one decimal: "4,0", or "-" where none counts."""
    return INGEN_TAL if score is None else tal(skala.vis(score), 1)


def samlet_tekst(status: Pejlemaerkestatus, skala: Skala) -> str:
    """The samlet status exactly as a document prints it."""
    if status.samlet is None:
        return INGEN_TAL
    if status.kun_baseline:
        return f"{tal(skala.vis(0.0))} ({KUN_BASELINE})"
    return tal(skala.vis(status.samlet), 1)


def _delmaal_json(score: DelmaalScore, skala: Skala) -> dict:
    data: dict = {
        "id": score.id,
        "score": score.score,
        "score_tekst": score_tekst(score.score, skala),
    }
    if score.underpunkter:
        data["underpunkter"] = [_delmaal_json(u, skala) for u in score.underpunkter]
    return data


def report_json(report: Statusrapport) -> dict:
    """The report as plain JSON data. Scores are unrounded on the -5..5 scale;
    the `*_tekst` fields are as printed on the chosen scale."""
    regel = report.config.farveregel
    average = report.gennemsnit
    return {
        "skala": report.skala.value,
        "farvemetode": regel.metode.value,
        "taerskler": {"roed_under": regel.roed_under, "groen_fra": regel.groen_fra},
        "gennemsnit": average,
        "gennemsnit_tekst": score_tekst(average, report.skala),
        "pejlemaerker": [
            {
                "nummer": linje.pejlemaerke.nummer,
                "titel": linje.pejlemaerke.titel,
                "omraade": linje.pejlemaerke.omraade,
                "fil": linje.pejlemaerke.kilde,
                "samlet": linje.status.samlet,
                "samlet_tekst": samlet_tekst(linje.status, report.skala),
                "farve": linje.farve.value if linje.farve else None,
                "forventet": linje.forventet,
                "manglende_status": linje.status.manglende_status.value,
                "regel": REGEL_TEKST[linje.status.manglende_status],
                "delmaal_med_status": linje.status.med_status,
                "delmaal_i_alt": len(linje.status.delmaal),
                "delmaal": [_delmaal_json(d, report.skala) for d in linje.status.delmaal],
            }
            for linje in report.linjer
        ],
    }


def forklaring(report: Statusrapport, mark_nul: str = "") -> list[str]:
    """The legend under a status table: what the columns, scale, colours and the
    rule for missing status were. `mark_nul` is the mark the table puts on a status
    where missing status counted as 0 (empty: the table marks nothing)."""
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
        colours = (
            f"Farver: rød under {roed}; grøn fra {tal(skala.vis(regel.groen_fra))}; ellers gul."
        )
    lines = [
        "Delmål: delmål med status / alle delmål.",
        f"{scale} {colours} Kun målte pejlemærker får en farve.",
    ]
    rules = {linje.status.manglende_status for linje in report.linjer}
    if rules == {ManglendeStatus.NUL}:
        lines.append("Delmål uden status tæller som 0.")
    elif ManglendeStatus.NUL in rules:
        marked = f"{mark_nul} " if mark_nul else ""
        numbers = og(
            str(linje.pejlemaerke.nummer)
            for linje in report.linjer
            if linje.status.manglende_status is ManglendeStatus.NUL
        )
        lines.append(
            f"{marked}Delmål uden status tæller som 0 for pejlemærke {numbers}. "
            "Ellers tæller de ikke med."
        )
    else:
        lines.append("Delmål uden status tæller ikke med.")
    return lines
