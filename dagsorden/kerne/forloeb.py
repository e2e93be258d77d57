"""A pejlemærke over the years: each delmål's figures by year, the status of any
measured year, milestones, the trend since baseline and what changed since last year.

Pure functions on the model. The rules (README "Scoring"):

- A delmål's figures by year (`serie`) are its rows on sheet Målinger; without any,
  the short form: Baseline in the pejlemærke's Baselineår, Status in its Statusår.
- Its baseline is its figure in Baselineår; without one, its latest figure before
  (a figure that lags), else its first after (a measure begun later) (`find_baseline`).
- Its status in a year is its figure of exactly that year, never an older one carried
  forward: a year without a figure is '-', as in the papers (`i_aar`).
- A milestone (sheet Milepæle) is the figure expected in its year. Placed on the
  pejlemærke's scale like a status (`forventet_delmaal`), it is the expected path;
  a delmål's colour compares its status with the milestone's own figure
  (`milepael_naaet`): grøn at or past it, rød below baseline, gul between.
- The trend compares two figures in the direction of the target (`tendens`): a
  change smaller than `TOLERANCE` of the distance from baseline to target is uændret.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from enum import Enum

from dagsorden.kerne.model import Delmaal, Maal, Pejlemaerke, Retning, Vaegtning
from dagsorden.kerne.scoring import (
    MAKS,
    Farve,
    Farveregel,
    Pejlemaerkestatus,
    forventet_fremdrift,
    fremdrift,
    score_pejlemaerke,
)

TOLERANCE = 0.02
"""A change smaller than this share of the distance from baseline to target (2 pct.
of the way; 0,1 on the -5..5 scale) is uændret, not bedre or dårligere."""


MANGLER = TOLERANCE * MAKS
"""How far above its own score a delmål short of its milestone is expected to be
on the pejlemærke's expected path (0,1 on the -5..5 scale): enough that a missed
milestone never reads as on track."""


def alle_delmaal(p: Pejlemaerke) -> list[Delmaal]:
    """The delmål that carry figures: sub-rows in place of their parent."""
    return alle_delmaal_af(p.delmaal)


def alle_delmaal_af(delmaal: tuple[Delmaal, ...]) -> list[Delmaal]:
    return [x for d in delmaal for x in (d.underpunkter or (d,))]


def find_baseline(
    figures: list[tuple[int, float]], baselineaar: int | None
) -> tuple[int, float] | None:
    """The (year, figure) that is a delmål's baseline among its figures by year: the
    one of `baselineaar`, else the latest before it, else the first after it; the
    first of all when there is no baselineaar."""
    if not figures:
        return None
    ordered = sorted(figures)
    if baselineaar is None:
        return ordered[0]
    for aar, vaerdi in ordered:
        if aar == baselineaar:
            return aar, vaerdi
    before = [f for f in ordered if f[0] < baselineaar]
    return before[-1] if before else ordered[0]


def baseline_aar(d: Delmaal, p: Pejlemaerke) -> int | None:
    """The year of a delmål's baseline figure (None: no figure, or no year known)."""
    if d.baseline is None:
        return None
    return d.baselineaar or p.baselineaar


def serie(d: Delmaal, p: Pejlemaerke) -> tuple[tuple[int, float], ...]:
    """A delmål's figures by year, oldest first."""
    if d.maalinger:
        return tuple(sorted((m.aar, m.vaerdi) for m in d.maalinger))
    figures: dict[int, float] = {}
    year = baseline_aar(d, p)
    if d.baseline is not None and year is not None:
        figures[year] = d.baseline
    if d.status is not None and p.statusaar is not None:
        figures.setdefault(p.statusaar, d.status)
    return tuple(sorted(figures.items()))


def maalte_aar(p: Pejlemaerke) -> list[int]:
    """Every year any delmål of the pejlemærke has a figure for, in order."""
    return sorted({aar for d in alle_delmaal(p) for aar, _ in serie(d, p)})


def har_aar(p: Pejlemaerke) -> bool:
    """Whether the status can be tied to a year: a Statusår, or figures by year."""
    return p.statusaar is not None or any(d.maalinger for d in alle_delmaal(p))


def i_aar(p: Pejlemaerke, aar: int) -> Pejlemaerke:
    """The pejlemærke as it stood in `aar`: each delmål's status is its figure of that
    year (none at or before its baseline year); a delmål whose baseline is later than
    `aar` had no baseline yet either."""

    def then(d: Delmaal) -> Delmaal:
        if d.underpunkter:
            return replace(d, underpunkter=tuple(then(u) for u in d.underpunkter))
        start = baseline_aar(d, p)
        if start is not None and aar < start:
            return replace(d, baseline=None, status=None)
        status = dict(serie(d, p)).get(aar)
        if start is not None and aar == start:
            status = None
        return replace(d, status=status)

    return replace(p, delmaal=tuple(then(d) for d in p.delmaal), statusaar=aar)


# --- milestones ---------------------------------------------------------------------


def milepael(d: Delmaal, aar: int | None) -> Maal | None:
    """The delmål's milestone for `aar`, if it has one."""
    if aar is None:
        return None
    for m in d.milepaele:
        if m.aar == aar:
            return m.maal
    return None


def forventet_delmaal(d: Delmaal, aar: int | None) -> float | None:
    """Where the milestone of `aar` lies on the delmål's scale (0 = baseline, 5 = mål):
    the score its status must reach to be on track. None without a milestone."""
    m = milepael(d, aar)
    if m is None or d.baseline is None or d.maal is None:
        return None
    try:
        return fremdrift(d.baseline, m.vaerdi, d.maal)
    except ValueError:
        return None


def _lige_linje(p: Pejlemaerke, aar: int | None) -> float | None:
    if p.baselineaar is None or aar is None or p.maalaar is None:
        return None
    if p.maalaar <= p.baselineaar:
        return None
    return forventet_fremdrift(p.baselineaar, aar, p.maalaar)


def har_milepaele(p: Pejlemaerke) -> bool:
    return any(d.milepaele for d in alle_delmaal(p))


def forventet_pejlemaerke(
    p: Pejlemaerke, status: Pejlemaerkestatus | None, aar: int | None
) -> float | None:
    """The score the pejlemærke is expected to have in `aar`: the mean, weighted as its
    score is, of each delmål's milestone on the scale, or the straight line from
    baseline year to target year for a delmål without a milestone that year. With
    `status`, only the delmål that count in it; without, every delmål with baseline
    and mål (the expected path of a chart). None where neither is known."""
    line = _lige_linje(p, aar)
    weighted = p.vaegtning is Vaegtning.POPULATION

    def expected(d: Delmaal, score: float | None = None) -> float | None:
        own = forventet_delmaal(d, aar)
        if own is None:
            return line
        naaet = milepael_naaet(d, aar) if score is not None else None
        if naaet is None:
            return own
        # Judged by the figures, as the delmål's colour is: a delmål past its
        # milestone never pulls the pejlemærke below what was expected, and one
        # short of it is never on track, not even where the scale cannot tell (a
        # "<1,1%" target at its baseline scores 5 for any step the right way).
        assert score is not None
        return min(own, score) if naaet else max(own, score + MANGLER)

    def weight(d: Delmaal) -> float:
        return (d.population or 0.0) if weighted else 1.0

    pairs: list[tuple[float, float]] = []
    for i, d in enumerate(p.delmaal):
        score = status.delmaal[i] if status is not None else None
        if score is not None and score.score is None:
            continue
        if d.underpunkter:
            subs: list[tuple[float, float]] = []
            for j, u in enumerate(d.underpunkter):
                sub_score = score.underpunkter[j] if score is not None else None
                if sub_score is not None and sub_score.score is None:
                    continue
                if sub_score is None and (u.baseline is None or u.maal is None):
                    continue
                e = expected(u, sub_score.score if sub_score is not None else None)
                if e is None:
                    return None
                subs.append((e, weight(u)))
            total = sum(w for _, w in subs)
            if not subs or total <= 0:
                continue
            mean = sum(e * w for e, w in subs) / total
            pairs.append((mean, total if weighted else 1.0))
        else:
            if score is None and (d.baseline is None or d.maal is None):
                continue
            e = expected(d, score.score if score is not None else None)
            if e is None:
                return None
            pairs.append((e, weight(d)))
    total = sum(w for _, w in pairs)
    if not pairs or total <= 0:
        return line
    return sum(e * w for e, w in pairs) / total


def milepael_naaet(d: Delmaal, aar: int | None) -> bool | None:
    """Whether the delmål's status has reached its milestone of `aar`, judged by the
    figures themselves: at or beyond the milestone's figure in the target's direction
    (strictly beyond for a milestone written "<"/">"). None without a milestone, a
    status or a direction.

    Not by the score: a "<1,1%" target at its baseline of 1,1% scores 5 for any step
    down, so on the scale 1,05% would already be at a milestone of "<1,0%"."""
    m = milepael(d, aar)
    sign = retning(d)
    if m is None or d.status is None or sign is None:
        return None
    beyond = (d.status - m.vaerdi) * sign
    if m.retning is Retning.PRAECIS:
        return beyond >= 0 or _same(d.status, m.vaerdi)
    return beyond > 0 and not _same(d.status, m.vaerdi)


def _same(a: float, b: float) -> bool:
    return abs(a - b) <= 1e-9 * max(1.0, abs(a), abs(b))


def delmaal_farve(
    d: Delmaal, score: float | None, aar: int | None, regel: Farveregel
) -> Farve | None:
    """A delmål's colour against its milestone of `aar`: rød below `roed_under`, grøn
    when its status has reached the milestone's figure (`milepael_naaet`), gul
    otherwise. None without a milestone or a score."""
    naaet = milepael_naaet(d, aar)
    if naaet is None or score is None:
        return None
    if score < regel.roed_under:
        return Farve.ROED
    return Farve.GROEN if naaet else Farve.GUL


# --- the trend ----------------------------------------------------------------------


class Tendens(Enum):
    BEDRE = "bedre"
    UAENDRET = "uændret"
    DAARLIGERE = "dårligere"


PIL = {1: "↑", 0: "→", -1: "↓"}
"""The arrow shows where the figure went (up, level, down); the word beside it says
whether that is better, judged by the target's direction."""


def retning(d: Delmaal) -> int | None:
    """+1 when a higher figure is better, -1 when lower is, None when the target
    does not say (no target, or no baseline to compare an exact target with)."""
    if d.maal is None:
        return None
    if d.maal.retning is Retning.UNDER:
        return -1
    if d.maal.retning is Retning.OVER:
        return 1
    if d.baseline is None or d.maal.vaerdi == d.baseline:
        return None
    return 1 if d.maal.vaerdi > d.baseline else -1


def tendens(d: Delmaal, fra: float, til: float, tolerance: float = TOLERANCE) -> Tendens | None:
    """Better, same or worse from `fra` to `til`, in the direction of the target. A
    change within `tolerance` of the distance from baseline to target (of the
    baseline itself where the target is only "below/above baseline") is uændret."""
    sign = retning(d)
    if sign is None:
        return None
    span = abs(d.maal.vaerdi - d.baseline) if d.maal and d.baseline is not None else 0.0
    if span == 0.0 and d.baseline is not None:
        span = abs(d.baseline)
    change = til - fra
    if abs(change) <= tolerance * span or change == 0:
        return Tendens.UAENDRET
    return Tendens.BEDRE if change * sign > 0 else Tendens.DAARLIGERE


def pil(fra: float, til: float, t: Tendens | None) -> str:
    if t is Tendens.UAENDRET or fra == til:
        return PIL[0]
    return PIL[1] if til > fra else PIL[-1]


@dataclass(frozen=True)
class Udvikling:
    """One delmål's figures by year and its trend since baseline up to a year."""

    delmaal: Delmaal
    serie: tuple[tuple[int, float], ...]
    baseline_aar: int | None
    seneste: tuple[int, float] | None
    """The figure the trend ends at: that of the report's year (None: none that year)."""
    tendens: Tendens | None
    pil: str


def udvikling(
    d: Delmaal, p: Pejlemaerke, aar: int | None, tolerance: float = TOLERANCE
) -> Udvikling:
    """The trend of one delmål from its baseline to its figure of `aar`."""
    figures = tuple(f for f in serie(d, p) if aar is None or f[0] <= aar)
    start = baseline_aar(d, p)
    latest = None
    if aar is not None:
        latest = next(((y, v) for y, v in figures if y == aar), None)
    elif d.status is not None:
        latest = (p.statusaar or 0, d.status)
    t = None
    arrow = ""
    if latest is not None and d.baseline is not None and (start is None or latest[0] > start):
        t = tendens(d, d.baseline, latest[1], tolerance)
        arrow = pil(d.baseline, latest[1], t) if t else ""
    return Udvikling(d, figures, start, latest, t, arrow)


# --- scores by year -----------------------------------------------------------------


@dataclass(frozen=True)
class Aarsscore:
    """The pejlemærke's samlet status in one year, and what was expected of it."""

    aar: int
    status: Pejlemaerkestatus
    forventet: float | None


def scorer_pr_aar(p: Pejlemaerke, standard, tving=None, til: int | None = None) -> list[Aarsscore]:
    """The samlet status of every measured year from the baseline year on (up to
    `til`), scored by the same rules as the status itself."""
    years = [y for y in maalte_aar(p) if til is None or y <= til]
    if p.baselineaar is not None:
        years = [y for y in years if y >= p.baselineaar]
    out = []
    for y in years:
        then = i_aar(p, y)
        status = score_pejlemaerke(then, standard, tving)
        out.append(Aarsscore(y, status, forventet_pejlemaerke(then, None, y)))
    return out


def forrige_aar(p: Pejlemaerke, aar: int | None) -> int | None:
    """The latest year before `aar` with a figure, from the baseline year on."""
    if aar is None:
        return None
    earlier = [y for y in maalte_aar(p) if y < aar]
    if p.baselineaar is not None:
        earlier = [y for y in earlier if y >= p.baselineaar]
    return earlier[-1] if earlier else None
