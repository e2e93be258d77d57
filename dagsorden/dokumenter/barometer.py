"""Barometers: a pejlemærke's score on its red, yellow and green scale, as PNG.

One graphic per pejlemærke (`barometer_png`) and one for all of them
(`oversigt_png`), with the alt text a screen reader reads instead (`alt_tekst`,
`oversigt_alt_tekst`) and a way to put both in a Word document
(`add_picture_with_alt_text`).

matplotlib takes well over a second to import, so it is imported inside the
functions that draw (python-docx too, which costs a quarter of a second): a
command that draws no chart never loads them. Drawing uses a
`Figure` on its own Agg canvas, never pyplot, so no global figure state is left
behind, and the style is reset to matplotlib's defaults for every drawing, so a
user's matplotlibrc can't change what the committee sees. The PNG carries no
software version or date: the same input gives the same bytes.

Scores and thresholds come in on the -5..5 scale, like everything in
`dagsorden.kerne.scoring`; the axis is drawn in the units of the chosen `Skala`.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from dagsorden.kerne import scoring
from dagsorden.kerne.danish import INGEN_TAL, tal
from dagsorden.kerne.scoring import MAKS, Farve, Farvemetode, Farveregel, Skala
from dagsorden.kerne.status import KUN_BASELINE

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

BREDDE_CM = 16.0
"""Drawn and placed 16 cm wide: the 17 cm text column of the templates' A4 page
(2 cm margins) with air on both sides."""
HOEJDE_CM = 2.5
DPI = 200

ENDESTRIBE = 0.1
"""The width, in scale units, of a zone that is only the scale's end point."""
GRAA = "#D9D9D9"
"""The scale of a pejlemærke without any figure: no zone applies."""
GRAA_TEKST = "#595959"
MARKOER = "#000000"
_CM_PR_TOMME = 2.54
_PT_PR_TOMME = 72.0

_SKRIFT = "DejaVu Sans"
"""Ships with matplotlib: the same glyphs, and bytes, on every machine."""

_STIL = {
    "font.family": _SKRIFT,
    "font.size": 8,
    "figure.facecolor": "white",
    "savefig.facecolor": "white",
    "savefig.transparent": False,
}


@dataclass(frozen=True)
class Zone:
    """A stretch of the scale, in the units it is drawn in (`Skala.vis`)."""

    fra: float
    til: float
    farve: Farve


def zoner(skala: Skala, regel: Farveregel, forventet: float | None = None) -> list[Zone]:
    """The red, yellow and green stretches of the scale, left to right.

    They agree with `scoring.farve`: rød below `roed_under`, grøn from `groen_fra`
    (or from `forventet` with the FORVENTET method), gul between. A zone that comes
    to nothing (grøn from 0 and rød under 0 leaves no gul) is left out, except the
    end: where only 5 itself is grøn (grøn from 5, or the expected progress in the
    target year) the last zone is that one point, and is drawn as a thin strip.
    """
    groen_fra = regel.groen_fra
    if regel.metode is Farvemetode.FORVENTET:
        if forventet is None:
            raise ValueError("Farvemetode.FORVENTET needs the expected progress (forventet)")
        groen_fra = forventet
    roed = _klip(regel.roed_under)
    # farve() asks "rød?" first, so a grøn threshold under the rød one starts at it.
    groen = max(_klip(groen_fra), roed)
    stykker = [(-MAKS, roed, Farve.ROED), (roed, groen, Farve.GUL), (groen, MAKS, Farve.GROEN)]
    zones = [Zone(skala.vis(a), skala.vis(b), f) for a, b, f in stykker if b > a]
    ved_maal = scoring.farve(MAKS, regel, forventet)
    if ved_maal is not None and zones[-1].farve is not ved_maal:
        zones.append(Zone(skala.vis(MAKS), skala.vis(MAKS), ved_maal))
    return zones


def marker_x(score: float, skala: Skala) -> float:
    """Where the marker of `score` (-5..5) stands on the drawn axis; off-scale
    scores stand at the end they passed."""
    return skala.vis(_klip(score))


def vaerdi_tekst(score: float | None, skala: Skala, kun_baseline: bool = False) -> str:
    """The figure printed beside the marker, as `status.samlet_tekst` prints it."""
    if kun_baseline:
        return f"{tal(skala.vis(0.0))} ({KUN_BASELINE})"
    if score is None:
        return INGEN_TAL
    return tal(skala.vis(score), 1)


def skala_tekst(skala: Skala) -> str:
    """ "fra -5 til 5" or "fra 0 til 10"."""
    return f"fra {tal(skala.vis(-MAKS))} til {tal(skala.vis(MAKS))}"


def forklaring_tekst(skala: Skala) -> str:
    """The small label under the scale: "0 = baseline, 5 = mål"."""
    return f"{tal(skala.vis(0.0))} = baseline, {tal(skala.vis(MAKS))} = mål"


def alt_tekst(nummer: int, samlet_tekst: str, skala: Skala, farve: Farve | str | None) -> str:
    """What a screen reader says for one barometer:

    "Barometer for pejlemærke 1: samlet status 1,6 på en skala fra -5 til 5, gul".
    Without a colour it ends "..., ingen farve".
    """
    return (
        f"Barometer for pejlemærke {nummer}: samlet status {samlet_tekst} "
        f"på en skala {skala_tekst(skala)}, {_farveord(farve)}"
    )


def oversigt_alt_tekst(linjer: Sequence[tuple[int, str, Farve | str | None]], skala: Skala) -> str:
    """What a screen reader says for the overview, one (nummer, samlet_tekst, farve)
    per pejlemærke:

    "Barometre for alle pejlemærker på en skala fra -5 til 5: 1: 1,6 gul;
    2: 0 (kun baseline-målinger); 3: - ingen farve".
    """
    dele = []
    for nummer, tekst, farve in linjer:
        dele.append(f"{nummer}: {tekst} {_farveord(farve)}")
    return f"Barometre for alle pejlemærker på en skala {skala_tekst(skala)}: " + "; ".join(dele)


def _farveord(farve: Farve | str | None) -> str:
    if farve is None:
        return "ingen farve"
    return farve.value if isinstance(farve, Farve) else str(farve)


def _klip(score: float) -> float:
    return max(-MAKS, min(MAKS, score))


# --- Drawing -----------------------------------------------------------------


def barometer_png(
    score: float | None,
    skala: Skala,
    regel: Farveregel,
    *,
    kun_baseline: bool = False,
    forventet: float | None = None,
    dpi: int = DPI,
) -> bytes:
    """One pejlemærke's barometer, 16 x 2,5 cm, as PNG bytes.

    `score` is on the -5..5 scale. None draws the scale grey with "-" and no
    marker; `kun_baseline` draws the scale grey too, with a hollow marker at
    baseline and "0 (kun baseline-målinger)": a position, not a measurement, so
    no colour applies.
    """
    zones = zoner(skala, regel, forventet)
    with _tegning(BREDDE_CM, HOEJDE_CM, dpi) as fig:
        hoejde_pt = HOEJDE_CM / _CM_PR_TOMME * _PT_PR_TOMME
        # Bottom to top in points: legend, tick labels, bar, marker and figure.
        bar_bund, bar_hoejde = 25.0, 21.0
        ax = fig.add_axes((0.03, bar_bund / hoejde_pt, 0.94, bar_hoejde / hoejde_pt))
        _tegn_skala(
            ax,
            skala,
            zones,
            score,
            kun_baseline,
            etiketter=True,
            ordstoerrelse=8.5,
            tekststoerrelse=10,
        )
        _forklaring(fig, 0.5, 2.0 / hoejde_pt, skala)
        return _png(fig, dpi)


def oversigt_png(
    linjer: Sequence[tuple[str, float | None, bool] | tuple[str, float | None, bool, float | None]],
    skala: Skala,
    regel: Farveregel,
    dpi: int = DPI,
) -> bytes:
    """All pejlemærker in one graphic, 16 cm wide, one row each.

    Each line is (label, score, kun_baseline), with the expected score as a fourth
    item where the FORVENTET colour method needs it. A label that doesn't fit on
    two lines ends in "…".
    """
    if not linjer:
        raise ValueError("the overview needs at least one line")
    raekke_cm, top_cm, bund_cm = 1.0, 0.15, 0.85
    hoejde_cm = top_cm + raekke_cm * len(linjer) + bund_cm
    etiket_bredde = 0.34
    bar_venstre, bar_bredde = 0.37, 0.60
    with _tegning(BREDDE_CM, hoejde_cm, dpi) as fig:
        renderer = fig.canvas.get_renderer()  # type: ignore[attr-defined]
        max_px = etiket_bredde * fig.bbox.width

        def bredde(tekst: str) -> float:
            w, _, _ = renderer.get_text_width_height_descent(tekst, _font(8), ismath=False)
            return float(w)

        for i, linje in enumerate(linjer):
            label, score, kun_baseline = linje[0], linje[1], linje[2]
            forventet = linje[3] if len(linje) > 3 else None
            zones = zoner(skala, regel, forventet)
            raekke_top = hoejde_cm - top_cm - i * raekke_cm
            bar_bund = raekke_top - raekke_cm + 0.22
            ax = fig.add_axes(
                (bar_venstre, bar_bund / hoejde_cm, bar_bredde, 0.36 / hoejde_cm),
            )
            sidste = i == len(linjer) - 1
            _tegn_skala(
                ax,
                skala,
                zones,
                score,
                kun_baseline,
                etiketter=sidste,
                ordstoerrelse=7.5,
                tekststoerrelse=8.5,
            )
            fig.text(
                0.01,
                (bar_bund + 0.3) / hoejde_cm,
                "\n".join(afkort(label, max_px, bredde)),
                ha="left",
                va="center",
                fontsize=8,
                linespacing=1.15,
            )
        _forklaring(fig, bar_venstre + bar_bredde / 2, 0.08 / hoejde_cm, skala)
        return _png(fig, dpi)


def _forklaring(fig: Figure, x: float, y: float, skala: Skala) -> None:
    """The small "0 = baseline, 5 = mål" line under a drawing."""
    fig.text(x, y, forklaring_tekst(skala), ha="center", va="bottom", fontsize=7, color=GRAA_TEKST)


def afkort(
    tekst: str, max_bredde: float, bredde: Callable[[str], float], linjer: int = 2
) -> list[str]:
    """`tekst` broken into at most `linjer` lines no wider than `max_bredde`, as
    `bredde` measures them. What doesn't fit is cut off after the last whole word
    that does, with "…"; a single word too long for its line is cut inside."""

    def klip(linje: str, hele_ord: bool) -> str:
        ord_ = linje.split()
        while hele_ord and len(ord_) > 1 and bredde(" ".join(ord_) + "…") > max_bredde:
            ord_.pop()
        linje = " ".join(ord_)
        while len(linje) > 1 and bredde(linje + "…") > max_bredde:
            linje = linje[:-1]
        return linje.rstrip(" ,.;:-") + "…"

    rest = tekst.split()
    resultat: list[str] = []
    while rest and len(resultat) < linjer:
        linje = rest.pop(0)
        while rest and bredde(f"{linje} {rest[0]}") <= max_bredde:
            linje = f"{linje} {rest.pop(0)}"
        resultat.append(linje)
    kortet = [linje if bredde(linje) <= max_bredde else klip(linje, False) for linje in resultat]
    if rest and resultat:
        kortet[-1] = klip(resultat[-1], True)
    return kortet


def _tegn_skala(
    ax: Axes,
    skala: Skala,
    zones: list[Zone],
    score: float | None,
    kun_baseline: bool,
    *,
    etiketter: bool,
    ordstoerrelse: float,
    tekststoerrelse: float,
) -> None:
    """The bar, its ticks, the marker and the figure beside it, on `ax` (y 0..1 is
    the bar)."""
    lav, hoej = skala.vis(-MAKS), skala.vis(MAKS)
    ax.set_xlim(lav, hoej)
    ax.set_ylim(0, 1)
    for side in ("left", "right", "top"):
        ax.spines[side].set_visible(False)
    ax.spines["bottom"].set_visible(False)
    ax.set_yticks([])
    hele = list(range(round(lav), round(hoej) + 1))
    ax.set_xticks(hele)
    ax.set_xticklabels([tal(v) for v in hele] if etiketter else [])
    ax.tick_params(axis="x", length=3, width=0.6, pad=1.5, labelsize=8, color=GRAA_TEKST)

    # Imported here with the drawing: docx_body loads python-docx and lxml.
    from dagsorden.dokumenter.docx_body import FARVE_FYLD

    # Only a measured score has a colour: without one (and with only a baseline)
    # the scale is grey and carries no zone words.
    farvet = score is not None and not kun_baseline
    for zone in zones:
        fyld = f"#{FARVE_FYLD[zone.farve.value]}" if farvet else GRAA
        fra = min(zone.fra, zone.til - ENDESTRIBE)
        ax.axvspan(fra, zone.til, ymin=0, ymax=1, facecolor=fyld, edgecolor="none")
    # A thin white line at every whole number makes the scale readable without colour.
    for v in hele[1:-1]:
        ax.axvline(v, ymin=0, ymax=0.12, color="white", linewidth=0.6)

    if score is None and not kun_baseline:
        ax.text(
            (lav + hoej) / 2,
            1.1,
            INGEN_TAL,
            ha="center",
            va="bottom",
            fontsize=tekststoerrelse,
            fontweight="bold",
        )
        return

    x = marker_x(0.0 if kun_baseline else score, skala)  # type: ignore[arg-type]
    if farvet:
        _zoneord(ax, zones, x, ordstoerrelse)
    ax.plot(
        [x, x], [-0.08, 1.08], color=MARKOER, linewidth=1.6, solid_capstyle="butt", clip_on=False
    )
    ax.plot(
        [x],
        [1.3],
        marker="v",
        markersize=7,
        markerfacecolor="white" if kun_baseline else MARKOER,
        markeredgecolor=MARKOER,
        markeredgewidth=1.0,
        linestyle="none",
        clip_on=False,
    )
    _ved_markoeren(ax, x, vaerdi_tekst(score, skala, kun_baseline), tekststoerrelse)


def _zoneord(ax: Axes, zones: list[Zone], marker: float, fontsize: float) -> None:
    """Writes "rød", "gul", "grøn" in their zones where there is room beside the
    needle, so the zones read without colour."""
    enhed_px = ax.bbox.width / (ax.get_xlim()[1] - ax.get_xlim()[0])
    renderer = ax.figure.canvas.get_renderer()  # type: ignore[attr-defined]
    for zone in zones:
        ord_ = zone.farve.value
        w, _, _ = renderer.get_text_width_height_descent(ord_, _font(fontsize), ismath=False)
        x = zoneord_x(zone.fra, zone.til, marker, (w / 2 + 4) / enhed_px)
        if x is not None:
            ax.text(x, 0.5, ord_, ha="center", va="center", fontsize=fontsize, color="black")


def zoneord_x(fra: float, til: float, marker: float, halv: float) -> float | None:
    """Where a word `2 * halv` wide stands in the zone fra..til without touching
    the needle at `marker`: the middle if free, else the middle of the larger
    free side; None if neither has room."""
    midt = (fra + til) / 2
    if til - fra >= 2 * halv and abs(midt - marker) >= halv:
        return midt
    stykker = [(fra, min(til, marker)), (max(fra, marker), til)]
    a, b = max(stykker, key=lambda s: s[1] - s[0])
    return (a + b) / 2 if b - a >= 2 * halv else None


def _ved_markoeren(ax: Axes, x: float, tekst: str, fontsize: float) -> None:
    """The figure beside the marker's head: to the right, or to the left where it
    would run off the figure."""
    t = ax.annotate(
        tekst,
        xy=(x, 1.3),
        xytext=(7, 0),
        textcoords="offset points",
        ha="left",
        va="center",
        fontsize=fontsize,
        fontweight="bold",
        annotation_clip=False,
    )
    renderer = ax.figure.canvas.get_renderer()  # type: ignore[attr-defined]
    if t.get_window_extent(renderer).x1 > ax.figure.bbox.width - 2:
        t.set_position((-7, 0))
        t.set_horizontalalignment("right")


def _font(size: float) -> Any:
    from matplotlib.font_manager import FontProperties

    return FontProperties(family=_SKRIFT, size=size)


@contextmanager
def _tegning(bredde_cm: float, hoejde_cm: float, dpi: int) -> Iterator[Figure]:
    """A blank figure of whole pixels (16 cm at 200 dpi is 1260 px), in the
    default style, on its own Agg canvas."""
    import matplotlib.style
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    if dpi <= 0:
        raise ValueError(f"dpi must be positive, not {dpi}")
    bredde_px = round(bredde_cm / _CM_PR_TOMME * dpi)
    hoejde_px = round(hoejde_cm / _CM_PR_TOMME * dpi)
    with matplotlib.style.context(["default", _STIL]):
        fig = Figure(figsize=(bredde_px / dpi, hoejde_px / dpi), dpi=dpi)
        FigureCanvasAgg(fig)
        yield fig


def _png(fig: Figure, dpi: int) -> bytes:
    buffer = io.BytesIO()
    # No "Software" entry: it names the matplotlib version, and bytes should not
    # change with it. matplotlib writes no date into a PNG.
    fig.savefig(buffer, format="png", dpi=dpi, metadata={"Software": None})
    return buffer.getvalue()


# --- Word --------------------------------------------------------------------


def add_picture_with_alt_text(
    target: Any, png: bytes, width_cm: float, alt: str, titel: str | None = None
) -> Any:
    """Puts `png` into a Word document with alt text; returns the InlineShape.

    `target` is a run (the picture goes into it), a paragraph (into a new run
    at its end) or anything with `add_paragraph`: a python-docx Document, a
    docxtpl Subdoc, a table cell (into a new paragraph). The alt text goes on the
    drawing's `wp:docPr` as `descr`, which is what Word shows as alt text and
    screen readers read; `title` gets `titel` (default: the alt text too), which
    older Word and LibreOffice show.
    """
    from docx.shared import Cm

    if hasattr(target, "add_picture"):
        run = target
    elif hasattr(target, "add_run"):
        run = target.add_run()
    elif hasattr(target, "add_paragraph"):
        run = target.add_paragraph().add_run()
    else:
        raise TypeError(f"can't put a picture into a {type(target).__name__}")
    shape = run.add_picture(io.BytesIO(png), width=Cm(width_cm))
    doc_pr = shape._inline.docPr
    doc_pr.set("descr", alt)
    doc_pr.set("title", alt if titel is None else titel)
    return shape
