"""Status scores and traffic-light colours: pure functions, no I/O.

The rules are those of DOMAIN.md ("Status and colour"), checked against seeds 000
and 002. Every score here is on the -5..5 scale (0 = baseline, 5 = mål); the 0..10
scale of the 2010-2013 papers is only a way of showing it (`Skala`).

What no score can be made of (a target equal to its baseline, a target year before
the baseline year) the workbook readers refuse with the cell; here it is a mistake
of the caller, a ValueError in English.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from enum import Enum

from dagsorden.kerne.model import Delmaal, Maal, ManglendeStatus, Pejlemaerke, Retning, Vaegtning
from dagsorden.kerne.sager import Papirformer

MAKS = 5.0


class Farve(Enum):
    GROEN = "grøn"
    GUL = "gul"
    ROED = "rød"


class Skala(Enum):
    """How a score is shown: as computed (seed 002) or shifted by +5 (seed 000)."""

    MINUS5_5 = "-5..5"
    NUL_10 = "0..10"

    def vis(self, score: float) -> float:
        return score + MAKS if self is Skala.NUL_10 else score


class Farvemetode(Enum):
    TAERSKLER = "taerskler"
    FORVENTET = "forventet"


@dataclass(frozen=True)
class Farveregel:
    """When a score is grøn, gul or rød. Thresholds are on the -5..5 scale.

    With `metode` FORVENTET the grøn threshold is instead the progress expected by
    the status year on a straight line from baseline year (0) to target year (5).
    """

    metode: Farvemetode = Farvemetode.TAERSKLER
    roed_under: float = 0.0
    groen_fra: float = 4.5


def fremdrift(baseline: float, status: float, maal: Maal) -> float:
    """Progress of one figure: 0 at baseline, 5 at the target, clipped to [-5, 5].

    A '<'/'>' target that lies beyond the baseline in its direction is a distance
    to cover like any other. One that only asks to stay on the right side of the
    baseline ("<1,1%" with baseline 1,1%) gives no distance, so any step the right
    way scores 5, none 0 and a step the wrong way -5: the only reading that keeps
    "0 = baseline, 5 = mål" without inventing a target.
    """
    target = maal.vaerdi
    if maal.retning is not Retning.PRAECIS:
        better = (lambda a, b: a < b) if maal.retning is Retning.UNDER else (lambda a, b: a > b)
        if not better(target, baseline):
            if better(status, target):
                return MAKS
            return 0.0 if status == target else -MAKS
    if target == baseline:
        raise ValueError("the target equals the baseline: no progress to compute")
    # Rounded to shed float noise: 95,9 -> 97,1 of 97,5 is 3,75, not 3,7499999...,
    # and would otherwise print as 3,7 instead of 3,8.
    raw = round(MAKS * (status - baseline) / (target - baseline), 9)
    return max(-MAKS, min(MAKS, raw))


@dataclass(frozen=True)
class DelmaalScore:
    """A delmål's score, or None when it doesn't count, with why."""

    id: str
    score: float | None
    har_status: bool
    har_baseline: bool
    vaegt: float
    underpunkter: tuple[DelmaalScore, ...] = ()


@dataclass(frozen=True)
class Pejlemaerkestatus:
    """A pejlemærke's samlet status, and how it was reached.

    `samlet` is None for "-" (nothing measured); `kun_baseline` marks "0 (kun
    baseline-målinger)", where `samlet` is 0.
    """

    pejlemaerke: Pejlemaerke
    samlet: float | None
    kun_baseline: bool
    delmaal: tuple[DelmaalScore, ...]
    manglende_status: ManglendeStatus

    @property
    def med_status(self) -> int:
        """How many delmål have a status figure (the "4" of "4/6")."""
        return sum(1 for d in self.delmaal if d.har_status)

    @property
    def maalt(self) -> bool:
        """True when the samlet status rests on at least one status figure."""
        return self.samlet is not None and not self.kun_baseline


def _weighted_mean(scores: list[tuple[float, float]]) -> float | None:
    total_weight = sum(w for _, w in scores)
    if not scores or total_weight <= 0:
        return None
    return sum(s * w for s, w in scores) / total_weight


def score_delmaal(
    delmaal: Delmaal, manglende: ManglendeStatus, vaegtning: Vaegtning
) -> DelmaalScore:
    """Scores one delmål; one with sub-rows is the mean of its sub-rows."""
    if delmaal.underpunkter:
        subs = tuple(score_delmaal(u, manglende, vaegtning) for u in delmaal.underpunkter)
        counted = [(s.score, s.vaegt) for s in subs if s.score is not None]
        return DelmaalScore(
            id=delmaal.id,
            score=_weighted_mean(counted),
            har_status=any(s.har_status for s in subs),
            har_baseline=any(s.har_baseline for s in subs),
            # Unweighted, a delmål counts once however many sub-rows it has
            # (seed 002: F = 2,93 is one of six); by population it weighs its people.
            vaegt=sum(w for _, w in counted) if vaegtning is Vaegtning.POPULATION else 1.0,
            underpunkter=subs,
        )
    vaegt = 1.0
    measurable = delmaal.baseline is not None and delmaal.maal is not None
    if vaegtning is Vaegtning.POPULATION:
        # The workbook reader refuses a delmål with figures but no population; one
        # without figures never gets a score, so its weight is never used.
        if delmaal.population is None and measurable:
            raise ValueError(f"delmaal {delmaal.id} has figures but no population to weigh")
        vaegt = delmaal.population or 0.0
    score: float | None = None
    if measurable and delmaal.status is not None:
        score = fremdrift(delmaal.baseline, delmaal.status, delmaal.maal)  # type: ignore[arg-type]
    elif measurable and manglende is ManglendeStatus.NUL:
        score = 0.0
    return DelmaalScore(
        id=delmaal.id,
        score=score,
        har_status=delmaal.status is not None,
        har_baseline=delmaal.baseline is not None,
        vaegt=vaegt,
    )


def score_pejlemaerke(
    pejlemaerke: Pejlemaerke,
    standard: ManglendeStatus = ManglendeStatus.UDELAD,
    tving: ManglendeStatus | None = None,
) -> Pejlemaerkestatus:
    """The samlet status: the mean of the delmål that count.

    The rule for missing status is `tving` if given, else the workbook's own,
    else `standard`.
    """
    rule = tving or pejlemaerke.manglende_status or standard
    scores = tuple(score_delmaal(d, rule, pejlemaerke.vaegtning) for d in pejlemaerke.delmaal)
    if not any(s.har_status for s in scores):
        only_baseline = any(s.har_baseline for s in scores)
        return Pejlemaerkestatus(
            pejlemaerke, 0.0 if only_baseline else None, only_baseline, scores, rule
        )
    counted = [(s.score, s.vaegt) for s in scores if s.score is not None]
    return Pejlemaerkestatus(pejlemaerke, _weighted_mean(counted), False, scores, rule)


def forventet_fremdrift(baselineaar: int, statusaar: int, maalaar: int) -> float:
    """The score expected by the status year on a straight line from 0 to 5."""
    if maalaar <= baselineaar:
        raise ValueError(f"maalaar {maalaar} is not after baselineaar {baselineaar}")
    andel = (statusaar - baselineaar) / (maalaar - baselineaar)
    return max(0.0, min(MAKS, MAKS * andel))


def farve(score: float | None, regel: Farveregel, forventet: float | None = None) -> Farve | None:
    """The traffic light of a score; None where there is no measured score.

    With the FORVENTET method, `forventet` (from `forventet_fremdrift`) replaces the
    grøn threshold: on or above the straight line is grøn.
    """
    if score is None:
        return None
    if score < regel.roed_under:
        return Farve.ROED
    groen_fra = regel.groen_fra
    if regel.metode is Farvemetode.FORVENTET:
        if forventet is None:
            raise ValueError("Farvemetode.FORVENTET needs the expected progress (forventet)")
        groen_fra = forventet
    return Farve.GROEN if score >= groen_fra else Farve.GUL


def gennemsnit(statusser: list[Pejlemaerkestatus]) -> float | None:
    """The committee's average (seed 000: 6,3 over ten), over measured pejlemærker."""
    values = [s.samlet for s in statusser if s.maalt and s.samlet is not None]
    return sum(values) / len(values) if values else None


@dataclass(frozen=True)
class Config:
    """The rules a report is scored and coloured by: dagsorden.toml's settings
    (read by `kilder.config.load_config`) with the command line's on top."""

    skala: Skala = Skala.MINUS5_5
    manglende_status: ManglendeStatus = ManglendeStatus.UDELAD
    farveregel: Farveregel = field(default_factory=Farveregel)
    tving_manglende_status: ManglendeStatus | None = None
    """Set from the command line: one rule for every workbook, whatever they say."""
    kilde: str = ""
    forfatter: str = ""
    """[dokument] forfatter: the author of every written document ("Socialforvaltningen");
    empty: each document's own (an indstilling's indstiller, a notat's forvaltning)."""
    indstilling: Papirformer = field(default_factory=Papirformer)
    """[indstilling]: the papers' form, and per udvalg."""
    tendens_tolerance: float = 0.02
    """A change smaller than this share of the distance from baseline to target is
    'uændret' in the trends (`kerne.forloeb.tendens`)."""

    def with_overrides(
        self, skala: str | None = None, manglende_status: str | None = None
    ) -> Config:
        """This config with the command line's choices on top."""
        return replace(
            self,
            skala=Skala(skala) if skala else self.skala,
            tving_manglende_status=(
                ManglendeStatus(manglende_status) if manglende_status else None
            ),
        )
