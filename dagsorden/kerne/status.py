"""The status report of a folder of pejlemærke workbooks: scores, colours, texts.

This is what `dagsorden status` prints and what later documents fill their tables
with, so every text here is exactly as a document prints it ("1,6",
"0 (kun baseline-målinger)", "-").
"""

from __future__ import annotations

from dataclasses import dataclass, field

from dagsorden.errors import DagsordenError
from dagsorden.kerne import forloeb
from dagsorden.kerne.danish import INGEN_TAL, og, pct, procent, tal
from dagsorden.kerne.model import Delmaal, Enhed, ManglendeStatus, Pejlemaerke
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
    delmaal_farver: dict[str, Farve] = field(default_factory=dict)
    """Each delmål (by ID) with a milestone in the status year: its colour against it."""
    aarsscorer: tuple[forloeb.Aarsscore, ...] = ()
    """The samlet status of every measured year up to the status year."""
    sidste_aar: Linje | None = None
    """The same pejlemærke scored in its previous measured year (None: no such year)."""

    @property
    def pejlemaerke(self) -> Pejlemaerke:
        return self.status.pejlemaerke


@dataclass(frozen=True)
class Statusrapport:
    linjer: tuple[Linje, ...]
    config: Config
    aar: int | None = None
    """The year asked for (`status --år`); None: each workbook's own Statusår."""

    @property
    def skala(self) -> Skala:
        return self.config.skala

    @property
    def gennemsnit(self) -> float | None:
        return gennemsnit([linje.status for linje in self.linjer])


def build_report(
    pejlemaerker: list[Pejlemaerke], config: Config, aar: int | None = None
) -> Statusrapport:
    """Scores and colours every pejlemærke by the rules in `config`: as of its
    Statusår, or, with `aar`, as it stood in that year (`forloeb.i_aar`)."""
    if aar is not None:
        _check_aar(pejlemaerker, aar)
        pejlemaerker = [forloeb.i_aar(p, aar) for p in pejlemaerker]
    linjer = []
    for p in pejlemaerker:
        linje = _linje(p, config)
        scores: tuple[forloeb.Aarsscore, ...] = ()
        previous = None
        if forloeb.har_aar(p) and p.statusaar is not None:
            scores = tuple(
                forloeb.scorer_pr_aar(
                    p, config.manglende_status, config.tving_manglende_status, p.statusaar
                )
            )
            before = forloeb.forrige_aar(p, p.statusaar)
            if before is not None:
                previous = _linje(forloeb.i_aar(p, before), config)
        linjer.append(
            Linje(
                linje.status,
                linje.farve,
                linje.forventet,
                linje.delmaal_farver,
                scores,
                previous,
            )
        )
    return Statusrapport(tuple(linjer), config, aar)


def _linje(p: Pejlemaerke, config: Config) -> Linje:
    status = score_pejlemaerke(p, config.manglende_status, config.tving_manglende_status)
    forventet = None
    if config.farveregel.metode is Farvemetode.FORVENTET:
        forventet = _forventet(p, status)
    colour = farve(status.samlet if status.maalt else None, config.farveregel, forventet)
    return Linje(status, colour, forventet, _delmaal_farver(p, status, config))


def _delmaal_farver(p: Pejlemaerke, status: Pejlemaerkestatus, config: Config) -> dict[str, Farve]:
    colours: dict[str, Farve] = {}
    for d, score in zip(p.delmaal, status.delmaal, strict=True):
        pairs = (
            zip(d.underpunkter, score.underpunkter, strict=True) if d.underpunkter else [(d, score)]
        )
        for leaf, leaf_score in pairs:
            colour = forloeb.delmaal_farve(leaf, leaf_score.score, p.statusaar, config.farveregel)
            if colour is not None:
                colours[leaf.id] = colour
    return colours


def _check_aar(pejlemaerker: list[Pejlemaerke], aar: int) -> None:
    """`status --år`: every workbook must tie its figures to years, and some figure
    must be from `aar` (a typo such as 2105 is no year to show as all '-')."""
    for p in pejlemaerker:
        if not forloeb.har_aar(p):
            raise DagsordenError(
                f"{p.kilde}, ark 'Pejlemærke': Statusår er tomt, og arket 'Målinger' har "
                f"ingen tal, så status kan ikke knyttes til et år som {aar}. Udfyld Statusår."
            )
    years = sorted({y for p in pejlemaerker for y in forloeb.maalte_aar(p)})
    if aar not in years:
        shown = ", ".join(str(y) for y in years) or "ingen"
        raise DagsordenError(f"Ingen arbejdsbog har tal fra {aar}. År med tal: {shown}.")


def _forventet(p: Pejlemaerke, status: Pejlemaerkestatus | None = None) -> float:
    if forloeb.har_milepaele(p):
        expected = forloeb.forventet_pejlemaerke(p, status, p.statusaar)
        if expected is not None:
            return expected
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


def _delmaal_json(
    score: DelmaalScore, skala: Skala, linje: Linje | None = None, d: Delmaal | None = None
) -> dict:
    data: dict = {
        "id": score.id,
        "score": score.score,
        "score_tekst": score_tekst(score.score, skala),
    }
    if linje is not None and d is not None and not d.underpunkter:
        p = linje.pejlemaerke
        trend = forloeb.udvikling(d, p, p.statusaar if forloeb.har_aar(p) else None)
        colour = linje.delmaal_farver.get(d.id)
        data.update(
            {
                "baseline_aar": trend.baseline_aar,
                "serie": [{"aar": y, "vaerdi": v} for y, v in trend.serie],
                "milepaele": [
                    {"aar": m.aar, "maal": m.maal.vaerdi, "retning": m.maal.retning.value}
                    for m in d.milepaele
                ],
                "tendens": trend.tendens.value if trend.tendens else None,
                "farve": colour.value if colour else None,
            }
        )
    if score.underpunkter:
        subs = d.underpunkter if d is not None else (None,) * len(score.underpunkter)
        data["underpunkter"] = [
            _delmaal_json(u, skala, linje, sub)
            for u, sub in zip(score.underpunkter, subs, strict=True)
        ]
    return data


def _aarsscorer_json(linje: Linje, skala: Skala) -> list[dict]:
    return [
        {
            "aar": a.aar,
            "samlet": a.status.samlet,
            "samlet_tekst": samlet_tekst(a.status, skala),
            "forventet": a.forventet,
        }
        for a in linje.aarsscorer
    ]


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
        "aar": report.aar,
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
                "statusaar": linje.pejlemaerke.statusaar,
                "delmaal": [
                    _delmaal_json(score, report.skala, linje, d)
                    for score, d in zip(
                        linje.status.delmaal, linje.pejlemaerke.delmaal, strict=True
                    )
                ],
                "aarsscorer": _aarsscorer_json(linje, report.skala),
                "sammenligning": [
                    {"id": s.delmaal, "by": s.by, "aar": s.aar, "vaerdi": s.vaerdi}
                    for s in linje.pejlemaerke.sammenligning
                ],
                "aktiviteter": [
                    {
                        "aktivitet": a.aktivitet,
                        "delmaal": list(a.delmaal),
                        "ansvarlig": a.ansvarlig,
                        "frist": a.frist,
                        "fremdrift": a.fremdrift.value if a.fremdrift else None,
                        "kommentar": a.kommentar,
                    }
                    for a in linje.pejlemaerke.aktiviteter
                ],
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


# --- over the years -------------------------------------------------------------------


def figur_tekst(value: float | None, enhed: Enhed) -> str:
    """A delmål figure as the tables print it: "1.581", "95,9%", "-"."""
    if value is None:
        return INGEN_TAL
    return procent(value) if enhed is Enhed.PCT else tal(value)


def prosa_tal(value: float, enhed: Enhed) -> str:
    """A delmål figure as prose writes it: "1.581", "37,4 pct."."""
    return pct(value) if enhed is Enhed.PCT else tal(value)


def daekning(status: Pejlemaerkestatus) -> str:
    """How many delmål a samlet status rests on: "1 af 5 delmål"."""
    return f"{status.med_status} af {len(status.delmaal)} delmål"


def aarsscore_tekst(status: Pejlemaerkestatus, skala: Skala, nu: Pejlemaerkestatus) -> str:
    """A year's samlet status as the score table prints it, with how many delmål it
    rests on where that is not as many as the status year's (`nu`): "2,5 (1 af 5
    delmål)". Two scores over different delmål are never set side by side silently."""
    text = samlet_tekst(status, skala)
    if status.maalt and status.med_status != nu.med_status:
        text += f" ({daekning(status)})"
    return text


def aendringer(linje: Linje, skala: Skala, tolerance: float = forloeb.TOLERANCE) -> str:
    """ "What changed since last year", written from the data for the secretary to
    edit: the samlet status and its colour then and now, the delmål that did better
    or worse than in the previous measured year, and delmål colours that changed.
    Empty when there is no earlier year to compare with."""
    before = linje.sidste_aar
    p = linje.pejlemaerke
    if before is None or p.statusaar is None:
        return ""
    then_p = before.pejlemaerke
    then_year = then_p.statusaar
    year = p.statusaar
    sentences = []
    now_text = samlet_tekst(linje.status, skala)
    then_text = samlet_tekst(before.status, skala)
    now, then = linje.status, before.status
    if now.maalt and then.maalt and now.med_status != then.med_status:
        lead = (
            f"Samlet status var {then_text} i {then_year} ({daekning(then)}) og er {now_text} "
            f"i {year} ({daekning(now)}); de to tal bygger ikke på de samme delmål og kan "
            "ikke sammenlignes direkte"
        )
    elif now.maalt and then.maalt:
        now_v, then_v = now.samlet or 0.0, then.samlet or 0.0
        verb = "steget" if now_v > then_v else "faldet" if now_v < then_v else "uændret"
        if verb == "uændret":
            lead = f"Samlet status er {now_text} som i {then_year}"
        else:
            lead = f"Samlet status er {verb} fra {then_text} i {then_year} til {now_text} i {year}"
    elif now.maalt:
        lead = f"I {then_year} var der kun baseline-målinger; samlet status er {now_text} i {year}"
    elif then.maalt:
        lead = (
            f"Samlet status var {then_text} i {then_year}; i {year} er der ingen målt status endnu"
        )
    else:
        lead = f"Der er endnu ingen målt status, hverken i {then_year} eller i {year}"
    if linje.farve != before.farve:
        if before.farve and linje.farve:
            lead += f", og farven er skiftet fra {before.farve.value} til {linje.farve.value}"
        elif linje.farve:
            lead += f", og pejlemærket har nu farven {linje.farve.value}"
        else:
            lead += ", og pejlemærket har ikke længere en farve"
    elif linje.farve:
        lead += f"; farven er stadig {linje.farve.value}"
    sentences.append(lead + ".")
    groups: dict[forloeb.Tendens, list[str]] = {t: [] for t in forloeb.Tendens}
    then_leaves = {d.id: d for d in forloeb.alle_delmaal(then_p)}
    missing = []
    for d in forloeb.alle_delmaal(p):
        old = then_leaves.get(d.id)
        old_value = (
            old.status
            if old and old.status is not None
            else (
                old.baseline
                if old is not None and then_year == forloeb.baseline_aar(d, p)
                else None
            )
        )
        if d.status is None:
            if old is not None and old.status is not None:
                missing.append(d.id)
            continue
        if old_value is None:
            continue
        t = forloeb.tendens(d, old_value, d.status, tolerance)
        if t is None:
            continue
        change = f"fra {prosa_tal(old_value, d.enhed)} til {prosa_tal(d.status, d.enhed)}"
        groups[t].append(f"{d.id} ({change})" if t is not forloeb.Tendens.UAENDRET else d.id)
    if groups[forloeb.Tendens.BEDRE]:
        sentences.append(f"Bedre end i {then_year}: {og(groups[forloeb.Tendens.BEDRE])}.")
    if groups[forloeb.Tendens.DAARLIGERE]:
        sentences.append(f"Dårligere end i {then_year}: {og(groups[forloeb.Tendens.DAARLIGERE])}.")
    if groups[forloeb.Tendens.UAENDRET]:
        sentences.append(f"Uændret: {og(groups[forloeb.Tendens.UAENDRET])}.")
    if missing:
        noun = "Delmål" if len(missing) == 1 else "Delmålene"
        sentences.append(f"{noun} {og(missing)} har tal fra {then_year}, men ikke fra {year}.")
    for d_id, colour in linje.delmaal_farver.items():
        old_colour = before.delmaal_farver.get(d_id)
        if old_colour is not None and old_colour != colour:
            sentences.append(
                f"Delmål {d_id} er {colour.value} mod sin milepæl for {year} "
                f"(i {then_year}: {old_colour.value})."
            )
    return " ".join(sentences)
