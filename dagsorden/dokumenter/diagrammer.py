"""Small charts for the status appendix, as PNG: a pejlemærke's score per year with
its milestones (a line chart) and a measure across cities (a bar chart).

Pictures, not native Word charts: python-docx writes no charts, and a chart part
written by hand would not survive docxcompose, which assembles the meeting's packet
and copies pictures but not charts. Every chart is drawn with Pillow in the DejaVu
Sans the barometers use (`barometer._Tegning`, no matplotlib), carries alt text that
states its figures, and stands next to a table with the same figures.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from itertools import pairwise

from dagsorden.dokumenter.barometer import DPI, _Tegning

BREDDE_CM = 16.0
HOEJDE_CM = 6.0
LINJE = "#1F4E79"
"""The score: dark blue, readable in black and white too (it is the solid line)."""
MILEPAEL = "#7F7F7F"
"""What was expected (milestones): grey and dashed, diamond markers."""
GITTER = "#D9D9D9"
TEKST = "#000000"
SOEJLE = "#5B9BD5"
SOEJLE_MAKS_CM = 17.0
"""The bar chart's greatest height: with its caption and table heading it fits an A4
page's text area; more cities make the bars thinner, not the picture taller."""
EGEN_SOEJLE = "#1F4E79"


@dataclass(frozen=True)
class Serie:
    navn: str
    punkter: tuple[tuple[int, float | None], ...]
    farve: str
    stiplet: bool = False
    ruder: bool = False
    """Diamond markers instead of round ones."""


def linje_png(
    aar: Sequence[int],
    serier: Sequence[Serie],
    y_fra: float,
    y_til: float,
    y_maerker: Sequence[tuple[float, str]],
    vis: Callable[[float], str],
) -> bytes:
    """A line chart over `aar` (evenly spaced), one line per series, the y axis from
    `y_fra` to `y_til` with a labelled grid line at each of `y_maerker`; every point
    carries its value (`vis`), so the chart reads without the axis."""
    t = _Tegning(BREDDE_CM, HOEJDE_CM, DPI)
    draw = t._tegn
    venstre, hoejre = t.x(0.16), t.x(0.97)
    top, bund = t.y(0.84), t.y(0.14)

    def y(v: float) -> float:
        return bund - (v - y_fra) / (y_til - y_fra) * (bund - top)

    n = max(1, len(aar) - 1)

    def x(year: int) -> float:
        i = list(aar).index(year)
        return venstre + (hoejre - venstre) * (i / n if len(aar) > 1 else 0.5)

    for value, label in y_maerker:
        yy = y(value)
        draw.line((venstre, yy, hoejre, yy), fill=GITTER, width=max(1, round(t.px(0.75))))
        t.tekst(venstre - t.px(4), yy, label, 7, ha="right", farve="#404040")
    for year in aar:
        t.tekst(x(year), bund + t.px(10), str(year), 8)
    width = max(2, round(t.px(1.75)))
    # A point's value goes above it when it is the highest of the year, below
    # otherwise, so two series' labels in one year never overlap.
    tops: dict[int, float] = {}
    for serie in serier:
        for a, v in serie.punkter:
            if v is not None:
                tops[a] = max(tops.get(a, v), v)
    for serie in serier:
        points = [(x(a), y(v), v) for a, v in serie.punkter if v is not None and a in aar]
        for (x0, y0, _), (x1, y1, _) in pairwise(points):
            if serie.stiplet:
                _dashed(draw, x0, y0, x1, y1, serie.farve, width, t.px(5))
            else:
                draw.line((x0, y0, x1, y1), fill=serie.farve, width=width)
        r = t.px(3.2)
        years = [a for a, v in serie.punkter if v is not None and a in aar]
        for (px, py, v), year in zip(points, years, strict=True):
            if serie.ruder:
                draw.polygon(
                    [(px, py - r), (px + r, py), (px, py + r), (px - r, py)], fill=serie.farve
                )
            else:
                draw.ellipse((px - r, py - r, px + r, py + r), fill=serie.farve)
            above = -1 if v >= tops[year] and serie is _first_at(serier, year, v) else 1
            t.tekst(px, py + above * t.px(9), vis(v), 7, fed=not serie.stiplet, farve=serie.farve)
    # The legend: a short line of each series and its name, top left.
    lx = venstre
    ly = t.y(0.94)
    for serie in serier:
        if serie.stiplet:
            _dashed(draw, lx, ly, lx + t.px(18), ly, serie.farve, width, t.px(4))
        else:
            draw.line((lx, ly, lx + t.px(18), ly), fill=serie.farve, width=width)
        t.tekst(lx + t.px(22), ly, serie.navn, 8, ha="left")
        lx += t.px(22) + t.tekstbredde(serie.navn, 8) + t.px(16)
    return t.png()


def _first_at(serier: Sequence[Serie], year: int, value: float) -> Serie | None:
    """The first series with `value` in `year` (equal values: only it labels above)."""
    for serie in serier:
        if dict(serie.punkter).get(year) == value:
            return serie
    return None


def _dashed(draw, x0, y0, x1, y1, farve, width, dash) -> None:
    length = ((x1 - x0) ** 2 + (y1 - y0) ** 2) ** 0.5
    if length == 0:
        return
    steps = max(1, int(length // dash))
    for i in range(0, steps, 2):
        a, b = i / steps, min(1.0, (i + 1) / steps)
        draw.line(
            (x0 + (x1 - x0) * a, y0 + (y1 - y0) * a, x0 + (x1 - x0) * b, y0 + (y1 - y0) * b),
            fill=farve,
            width=width,
        )


def soejle_png(
    navne: Sequence[str],
    vaerdier: Sequence[float],
    vis: Callable[[float], str],
    egen: int = 0,
    titel: str = "",
) -> bytes:
    """Horizontal bars, one per name, from 0, each with its value at its end; bar
    `egen` (the pejlemærke's own figure) darker; `titel` above them. Negative values
    are drawn from 0 to the left."""
    rows = len(navne)
    hoejde_cm = min(SOEJLE_MAKS_CM, max(2.2, 0.75 * rows + 0.8)) + (0.6 if titel else 0.0)
    t = _Tegning(BREDDE_CM, hoejde_cm, DPI)
    head = t.px(18) if titel else 0.0
    if titel:
        t.tekst(t.px(6), t.px(9), titel, 9, ha="left", fed=True)
    band = (t.hoejde - t.px(12) - head) / max(1, rows)
    # Many cities: the picture keeps to SOEJLE_MAKS_CM and the type shrinks with
    # the bars (8 pt from 0,75 cm a bar, never below 6 pt).
    size = max(6.0, min(8.0, 8.0 * band / t.px(0.75 / 2.54 * 72)))
    room = t.x(0.4) - t.px(12)
    shown = [_kort(t, n, size, room) for n in navne]
    labels = max((t.tekstbredde(n, size) for n in shown), default=0.0)
    venstre = min(t.x(0.4), labels + t.px(12))
    hoejre = t.x(0.86)
    lo = min(0.0, *vaerdier) if vaerdier else 0.0
    hi = max(0.0, *vaerdier) if vaerdier else 1.0
    if hi == lo:
        hi = lo + 1.0
    span = hi - lo

    def x(v: float) -> float:
        return venstre + (v - lo) / span * (hoejre - venstre)

    for i, (navn, v) in enumerate(zip(shown, vaerdier, strict=True)):
        mid = head + t.px(6) + band * (i + 0.5)
        half = band * 0.32
        t.felt(
            min(x(0), x(v)),
            max(x(0), x(v)),
            mid - half,
            mid + half,
            EGEN_SOEJLE if i == egen else SOEJLE,
        )
        t.tekst(venstre - t.px(6), mid, navn, size, ha="right", fed=i == egen)
        t.tekst(max(x(0), x(v)) + t.px(4), mid, vis(v), size, ha="left", fed=i == egen)
    t.streg(x(0), head + t.px(4), t.hoejde - t.px(4), 0.75, "#404040")
    return t.png()


def _kort(t: _Tegning, navn: str, size: float, room: float) -> str:
    """`navn` as it fits `room` at `size`: whole, or cut with an ellipsis (the table
    beside the chart has every name whole)."""
    if t.tekstbredde(navn, size) <= room:
        return navn
    cut = navn
    while cut and t.tekstbredde(cut.rstrip() + "…", size) > room:
        cut = cut[:-1]
    return cut.rstrip() + "…"
