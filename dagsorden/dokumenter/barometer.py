"""Barometers: a pejlemærke's score on its red, yellow and green scale, as PNG.

One graphic per pejlemærke (`barometer_png`) and one for all of them
(`oversigt_png`), with the alt text a screen reader reads instead (`alt_tekst`,
`oversigt_alt_tekst`) and a way to put both in a Word document
(`add_picture_with_alt_text`).

The drawing is a handful of rectangles, a triangle and some text, so it is drawn
with Pillow (imported in the functions that draw) on whole pixels, in
matplotlib's layout and with the DejaVu Sans it used (shipped in skrifter/), but
without matplotlib: its import took 1.5 to 2 seconds and each drawing about
ten times as long as it does now. (Drawn as DrawingML shapes in the document
instead, LibreOffice 7.4 tags every shape of the group as a Figure of its own,
without alt text, which breaks the PDF/UA figure tagging.) Text is laid out by
FreeType alone and the PNG carries no software version or date: the same input
gives the same bytes.

Scores and thresholds come in on the -5..5 scale, like everything in
`dagsorden.kerne.scoring`; the axis is drawn in the units of the chosen `Skala`.
"""

from __future__ import annotations

import functools
import io
import math
import struct
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from dagsorden.kerne import scoring
from dagsorden.kerne.danish import INGEN_TAL, tal
from dagsorden.kerne.scoring import MAKS, Farve, Farvemetode, Farveregel, Skala
from dagsorden.kerne.status import KUN_BASELINE

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
    tegning = _Tegning(BREDDE_CM, HOEJDE_CM, dpi)
    hoejde_pt = HOEJDE_CM / _CM_PR_TOMME * _PT_PR_TOMME
    # Bottom to top in points: legend, tick labels, bar, marker and figure.
    bar_bund, bar_hoejde = 25.0, 21.0
    akse = _Akse(tegning, (0.03, bar_bund / hoejde_pt, 0.94, bar_hoejde / hoejde_pt), skala)
    _tegn_skala(
        akse,
        zones,
        score,
        kun_baseline,
        etiketter=True,
        ordstoerrelse=8.5,
        tekststoerrelse=10,
    )
    _forklaring(tegning, 0.5, 2.0 / hoejde_pt, skala)
    return tegning.png()


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
    tegning = _Tegning(BREDDE_CM, hoejde_cm, dpi)
    max_px = etiket_bredde * tegning.bredde

    def bredde(tekst: str) -> float:
        return tegning.tekstbredde(tekst, 8)

    for i, linje in enumerate(linjer):
        label, score, kun_baseline = linje[0], linje[1], linje[2]
        forventet = linje[3] if len(linje) > 3 else None
        zones = zoner(skala, regel, forventet)
        raekke_top = hoejde_cm - top_cm - i * raekke_cm
        bar_bund = raekke_top - raekke_cm + 0.22
        akse = _Akse(
            tegning, (bar_venstre, bar_bund / hoejde_cm, bar_bredde, 0.36 / hoejde_cm), skala
        )
        _tegn_skala(
            akse,
            zones,
            score,
            kun_baseline,
            etiketter=i == len(linjer) - 1,
            ordstoerrelse=7.5,
            tekststoerrelse=8.5,
        )
        tegning.tekst(
            tegning.x(0.01),
            tegning.y((bar_bund + 0.3) / hoejde_cm),
            "\n".join(afkort(label, max_px, bredde)),
            8,
            ha="left",
            linjeafstand=1.15,
        )
    _forklaring(tegning, bar_venstre + bar_bredde / 2, 0.08 / hoejde_cm, skala)
    return tegning.png()


def _forklaring(tegning: _Tegning, x: float, y: float, skala: Skala) -> None:
    """The small "0 = baseline, 5 = mål" line under a drawing."""
    tegning.tekst(
        tegning.x(x), tegning.y(y), forklaring_tekst(skala), 7, va="bottom", farve=GRAA_TEKST
    )


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
    akse: _Akse,
    zones: list[Zone],
    score: float | None,
    kun_baseline: bool,
    *,
    etiketter: bool,
    ordstoerrelse: float,
    tekststoerrelse: float,
) -> None:
    """The bar, its ticks, the marker and the figure beside it (y 0..1 on `akse` is
    the bar)."""
    tegning = akse.tegning
    hele = list(range(round(akse.lav), round(akse.hoej) + 1))
    bund = akse.y(0.0)

    # Imported here with the drawing: docx_body loads python-docx and lxml.
    from dagsorden.dokumenter.docx_body import FARVE_FYLD

    # Only a measured score has a colour: without one (and with only a baseline)
    # the scale is grey and carries no zone words.
    farvet = score is not None and not kun_baseline
    for zone in zones:
        fyld = f"#{FARVE_FYLD[zone.farve.value]}" if farvet else GRAA
        fra = min(zone.fra, zone.til - ENDESTRIBE)
        tegning.felt(akse.x(fra), akse.x(zone.til), akse.y(1.0), bund, fyld)
    # A thin white line at every whole number makes the scale readable without colour.
    for v in hele[1:-1]:
        tegning.streg(akse.x(v), akse.y(0.12), bund, 0.6, "#FFFFFF")
    # Ticks out under the bar, with the whole numbers under them.
    for v in hele:
        tegning.streg(akse.x(v), bund, bund + tegning.px(3), 0.6, GRAA_TEKST)
        if etiketter:
            tegning.tekst(akse.x(v), bund + tegning.px(3 + 1.5), tal(v), 8, va="top")

    if score is None and not kun_baseline:
        midt = akse.x((akse.lav + akse.hoej) / 2)
        tegning.tekst(midt, akse.y(1.1), INGEN_TAL, tekststoerrelse, va="bottom", fed=True)
        return

    x = marker_x(0.0 if kun_baseline else score, skala=akse.skala)  # type: ignore[arg-type]
    tegning.streg(akse.x(x), akse.y(1.08), akse.y(-0.08), 1.6, MARKOER)
    tegning.trekant(akse.x(x), akse.y(1.3), 7, 1.0, "#FFFFFF" if kun_baseline else MARKOER)
    if farvet:
        _zoneord(akse, zones, x, ordstoerrelse)
    _ved_markoeren(akse, x, vaerdi_tekst(score, akse.skala, kun_baseline), tekststoerrelse)


def _zoneord(akse: _Akse, zones: list[Zone], marker: float, fontsize: float) -> None:
    """Writes "rød", "gul", "grøn" in their zones where there is room beside the
    needle, so the zones read without colour."""
    for zone in zones:
        ord_ = zone.farve.value
        w = akse.tegning.tekstbredde(ord_, fontsize)
        x = zoneord_x(zone.fra, zone.til, marker, (w / 2 + 4) / akse.enhed_px)
        if x is not None:
            akse.tegning.tekst(akse.x(x), akse.y(0.5), ord_, fontsize)


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


def _ved_markoeren(akse: _Akse, x: float, tekst: str, fontsize: float) -> None:
    """The figure beside the marker's head: to the right, or to the left where it
    would run off the figure."""
    tegning = akse.tegning
    hoved, luft = akse.x(x), tegning.px(7)
    if hoved + luft + tegning.tekstbredde(tekst, fontsize, fed=True) > tegning.bredde - 2:
        tegning.tekst(hoved - luft, akse.y(1.3), tekst, fontsize, ha="right", fed=True)
    else:
        tegning.tekst(hoved + luft, akse.y(1.3), tekst, fontsize, ha="left", fed=True)


class _Akse:
    """A bar's box on a drawing, with the scale's units across and 0..1 up it, as
    a matplotlib Axes would place it (`rect` is left, bottom, width, height as
    fractions of the drawing)."""

    def __init__(self, tegning: _Tegning, rect: tuple[float, float, float, float], skala: Skala):
        venstre, bund, bredde, hoejde = rect
        self.tegning, self.skala = tegning, skala
        self.lav, self.hoej = skala.vis(-MAKS), skala.vis(MAKS)
        self._x0, self._x1 = tegning.x(venstre), tegning.x(venstre + bredde)
        self._bund, self._top = tegning.y(bund), tegning.y(bund + hoejde)
        self.enhed_px = (self._x1 - self._x0) / (self.hoej - self.lav)

    def x(self, v: float) -> float:
        return self._x0 + (v - self.lav) * self.enhed_px

    def y(self, v: float) -> float:
        return self._bund + v * (self._top - self._bund)


class _Tegning:
    """A white picture of whole pixels (16 cm at 200 dpi is 1260 px) drawn with
    Pillow: fills and lines on whole pixels, so colours are exact and edges sharp;
    text anti-aliased in DejaVu Sans; the marker drawn four times over and scaled
    down, so its slanted edges are smooth. Positions are pixels from the top left,
    sizes in points, as the drawing is placed at `dpi`."""

    def __init__(self, bredde_cm: float, hoejde_cm: float, dpi: int) -> None:
        from PIL import Image, ImageDraw

        if dpi <= 0:
            raise ValueError(f"dpi must be positive, not {dpi}")
        self.dpi = dpi
        self.bredde = round(bredde_cm / _CM_PR_TOMME * dpi)
        self.hoejde = round(hoejde_cm / _CM_PR_TOMME * dpi)
        self.billede = Image.new("RGB", (self.bredde, self.hoejde), "#FFFFFF")
        self._tegn = ImageDraw.Draw(self.billede)

    def px(self, pt: float) -> float:
        return pt * self.dpi / _PT_PR_TOMME

    def x(self, andel: float) -> float:
        """A fraction of the width, from the left."""
        return andel * self.bredde

    def y(self, andel: float) -> float:
        """A fraction of the height, from the bottom (as matplotlib counts)."""
        return (1.0 - andel) * self.hoejde

    def felt(self, x0: float, x1: float, y0: float, y1: float, farve: str) -> None:
        """A filled rectangle, its edges on the nearest pixel boundaries."""
        venstre, hoejre = round(x0), round(x1)
        top, bund = round(min(y0, y1)), round(max(y0, y1))
        if hoejre > venstre and bund > top:
            self._tegn.rectangle((venstre, top, hoejre - 1, bund - 1), fill=farve)

    def streg(self, x: float, y0: float, y1: float, bredde_pt: float, farve: str) -> None:
        """An upright line `bredde_pt` wide (at least a pixel), centred on `x`."""
        w = max(1, round(self.px(bredde_pt)))
        venstre = round(x - w / 2)
        self.felt(venstre, venstre + w, y0, y1, farve)

    def tekstbredde(self, tekst: str, size_pt: float, *, fed: bool = False) -> float:
        return float(_skrift(self.px(size_pt), fed, _hoejre_til_venstre(tekst)).getlength(tekst))

    def tekst(
        self,
        x: float,
        y: float,
        tekst: str,
        size_pt: float,
        *,
        ha: str = "center",
        va: str = "center",
        fed: bool = False,
        farve: str = "#000000",
        linjeafstand: float | None = None,
    ) -> None:
        """`tekst` (lines split at "\\n") placed as matplotlib 3.11 places it: `ha`
        left/center/right of `x`, `va` top/center/bottom at `y`. Each line is as
        high as its glyphs, but at least the font's typographic ascent and descent
        (plus its line gap between lines); with a `linjeafstand`, every line is that
        many times ascent plus descent high instead, the glyphs centred in it."""
        skrift = _skrift(self.px(size_pt), fed, _hoejre_til_venstre(tekst))
        em = _typografi(fed)
        stoerrelse = self.px(size_pt)
        linjer = tekst.split("\n")
        mindst_op, mindst_ned = em[0] * stoerrelse, em[1] * stoerrelse
        luft = em[2] * stoerrelse if len(linjer) > 1 else 0.0
        grundlinjer: list[float] = []
        ned = 0.0
        for linje in linjer:
            op = nedad = 0.0
            if linje:
                _, top, _, bund = skrift.getbbox(linje, anchor="ls")
                op, nedad = -top, bund
            if linjeafstand is None:
                op, nedad = max(op, mindst_op) + luft / 2, max(nedad, mindst_ned) + luft / 2
            else:
                ekstra = linjeafstand * (mindst_op + mindst_ned) - (op + nedad)
                op, nedad = op + ekstra / 2, nedad + ekstra / 2
            grundlinjer.append(ned + op)
            ned += op + nedad
        start = {"top": y, "center": y - ned / 2, "bottom": y - ned}[va]
        anker = {"left": "ls", "center": "ms", "right": "rs"}[ha]
        for linje, grundlinje in zip(linjer, grundlinjer, strict=True):
            self._tegn.text((x, start + grundlinje), linje, font=skrift, fill=farve, anchor=anker)

    def trekant(self, x: float, y: float, size_pt: float, kant_pt: float, fyld: str) -> None:
        """matplotlib's "v" marker: a triangle `size_pt` wide and high, point down,
        centred on (x, y), with a black edge `kant_pt` wide around it, mitred."""
        from PIL import Image, ImageDraw

        halv, kant = self.px(size_pt) / 2, self.px(kant_pt) / 2
        spids = [(x - halv, y - halv), (x + halv, y - halv), (x, y + halv)]
        ydre, indre = _forskudt(spids, kant), _forskudt(spids, -kant)
        venstre = int(min(p[0] for p in ydre)) - 1
        top = int(min(p[1] for p in ydre)) - 1
        bredde = int(max(p[0] for p in ydre)) + 2 - venstre
        hoejde = int(max(p[1] for p in ydre)) + 2 - top
        gange = 4
        for punkter, farve in ((ydre, MARKOER), (indre, fyld)):
            maske = Image.new("L", (bredde * gange, hoejde * gange), 0)
            ImageDraw.Draw(maske).polygon(
                [((px - venstre) * gange, (py - top) * gange) for px, py in punkter], fill=255
            )
            maske = maske.resize((bredde, hoejde), Image.Resampling.BOX)
            self.billede.paste(_rgb(farve), (venstre, top, venstre + bredde, top + hoejde), maske)

    def png(self) -> bytes:
        """The PNG, with its resolution and nothing else: no software, no date."""
        buffer = io.BytesIO()
        self.billede.save(buffer, format="PNG", dpi=(self.dpi, self.dpi))
        return buffer.getvalue()


def _rgb(farve: str) -> tuple[int, int, int]:
    return int(farve[1:3], 16), int(farve[3:5], 16), int(farve[5:7], 16)


def _forskudt(punkter: list[tuple[float, float]], d: float) -> list[tuple[float, float]]:
    """The convex polygon `punkter` with every edge moved `d` outwards (inwards when
    negative), meeting in sharp corners: a stroke's outline with mitred joins."""
    n = len(punkter)
    cx, cy = sum(p[0] for p in punkter) / n, sum(p[1] for p in punkter) / n
    kanter = []
    for (x0, y0), (x1, y1) in zip(punkter, punkter[1:] + punkter[:1], strict=True):
        dx, dy = x1 - x0, y1 - y0
        laengde = math.hypot(dx, dy)
        nx, ny = dy / laengde, -dx / laengde
        if nx * ((x0 + x1) / 2 - cx) + ny * ((y0 + y1) / 2 - cy) < 0:
            nx, ny = -nx, -ny
        kanter.append(((x0 + nx * d, y0 + ny * d), (dx, dy)))
    hjoerner = []
    for (p, r), (q, s) in zip(kanter[-1:] + kanter[:-1], kanter, strict=True):
        t = ((q[0] - p[0]) * s[1] - (q[1] - p[1]) * s[0]) / (r[0] * s[1] - r[1] * s[0])
        hjoerner.append((p[0] + t * r[0], p[1] + t * r[1]))
    return hjoerner


_SKRIFTER = {False: "DejaVuSans.ttf", True: "DejaVuSans-Bold.ttf"}


@functools.cache
def _skrift(size_px: float, fed: bool, hoejre_til_venstre: bool = False) -> Any:
    """DejaVu Sans at `size_px` pixels, laid out by FreeType alone (no Raqm, which
    not every Pillow has), so the same text gives the same pixels everywhere. Text
    with Hebrew or Arabic in it needs Raqm's bidi and shaping (FreeType alone draws
    it backwards and unjoined): it gets Raqm where this Pillow has it."""
    from PIL import ImageFont, features

    layout = ImageFont.Layout.BASIC
    if hoejre_til_venstre and features.check("raqm"):
        layout = ImageFont.Layout.RAQM
    return ImageFont.truetype(str(_skriftmappe() / _SKRIFTER[fed]), size_px, layout_engine=layout)


def _hoejre_til_venstre(tekst: str) -> bool:
    """Whether `tekst` has a letter written right to left (Hebrew, Arabic, ...)."""
    return not tekst.isascii() and any(unicodedata.bidirectional(c) in ("R", "AL") for c in tekst)


@functools.cache
def _typografi(fed: bool) -> tuple[float, float, float]:
    """The font's typographic ascent, descent and line gap (OS/2 table), in em:
    what matplotlib measures a line's height by."""
    data = (_skriftmappe() / _SKRIFTER[fed]).read_bytes()
    (tabeller,) = struct.unpack_from(">H", data, 4)
    sted = {}
    for i in range(tabeller):
        navn, _, offset, _ = struct.unpack_from(">4sIII", data, 12 + 16 * i)
        sted[navn] = offset
    (em,) = struct.unpack_from(">H", data, sted[b"head"] + 18)
    op, ned, luft = struct.unpack_from(">hhh", data, sted[b"OS/2"] + 68)
    return op / em, -ned / em, luft / em


@functools.cache
def _skriftmappe() -> Path:
    """DejaVu Sans, shipped with dagsorden (skrifter/, with its licence): the glyphs
    the barometers have always had, the same on every machine, whatever fonts it has."""
    return Path(__file__).resolve().parent / "skrifter"


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
