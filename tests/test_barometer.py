"""Barometers: zones that agree with the colours, the marker where the score is,
sharp and reproducible PNGs, exact alt texts, and alt text that reaches Word."""

from __future__ import annotations

import io
import itertools
import subprocess
import sys
import zipfile
from collections import Counter

import pytest
from docx import Document
from docx.shared import Cm
from docxtpl import DocxTemplate
from hypothesis import given
from hypothesis import strategies as st
from lxml import etree
from PIL import Image

from dagsorden.dokumenter.barometer import (
    BREDDE_CM,
    Zone,
    add_picture_with_alt_text,
    afkort,
    alt_tekst,
    barometer_png,
    marker_x,
    oversigt_alt_tekst,
    oversigt_png,
    vaerdi_tekst,
    zoneord_x,
    zoner,
)
from dagsorden.dokumenter.docx_body import FARVE_FYLD
from dagsorden.kerne.model import Delmaal, Maal, Pejlemaerke
from dagsorden.kerne.scoring import Config, Farve, Farvemetode, Farveregel, Skala, farve
from dagsorden.kerne.status import build_report, samlet_tekst

PNG_SIGNATUR = b"\x89PNG\r\n\x1a\n"
REGEL = Farveregel()
FORVENTET = Farveregel(Farvemetode.FORVENTET)
NS = {
    "w": "http://schemas.openxmlformats.org/wordprocessingml/2006/main",
    "wp": "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing",
}
ZONEFARVER = {
    tuple(int(hex_[i : i + 2], 16) for i in (0, 2, 4)): Farve(navn)
    for navn, hex_ in FARVE_FYLD.items()
}


def billede(png: bytes) -> Image.Image:
    return Image.open(io.BytesIO(png)).convert("RGB")


def naal_og_zoner(png: bytes) -> tuple[float, Farve | None, Farve | None]:
    """Reads a drawn barometer: the needle's x (pixels) and the zone colour just
    left and right of it (None off the scale's ends).

    The bar is the rows mostly in zone colours; the needle is the columns dark
    all the way down the bar (zone words are dark too, but only in part of it).
    """
    img = billede(png)
    pixels = img.load()
    width, height = img.size
    bar_rows = [
        y
        for y in range(height)
        if sum(pixels[x, y] in ZONEFARVER for x in range(width)) > width // 3
    ]
    assert bar_rows, "ingen farvet skala fundet"

    def dark(x: int, y: int) -> bool:
        return sum(pixels[x, y]) < 150

    needle = [x for x in range(width) if all(dark(x, y) for y in bar_rows)]
    assert needle, "ingen nål fundet"
    assert needle[-1] - needle[0] < 10, f"mere end én nål: {needle}"

    def zone_at(x: int) -> Farve | None:
        colours = Counter(pixels[x, y] for y in bar_rows if pixels[x, y] in ZONEFARVER)
        return ZONEFARVER[colours.most_common(1)[0][0]] if colours else None

    return (needle[0] + needle[-1]) / 2, zone_at(needle[0] - 6), zone_at(needle[-1] + 6)


# --- Zones and marker position ------------------------------------------------


@pytest.mark.parametrize(
    ("score", "skala", "x"),
    [
        (1.597, Skala.MINUS5_5, 1.597),
        (1.597, Skala.NUL_10, 6.597),
        (-5.0, Skala.MINUS5_5, -5.0),
        (5.0, Skala.NUL_10, 10.0),
        (7.5, Skala.MINUS5_5, 5.0),
        (-9.0, Skala.NUL_10, 0.0),
    ],
)
def test_marker_stands_at_the_score_on_the_drawn_scale(score, skala, x):
    assert marker_x(score, skala) == pytest.approx(x)


def test_zones_follow_the_thresholds():
    assert zoner(Skala.MINUS5_5, REGEL) == [
        Zone(-5.0, 0.0, Farve.ROED),
        Zone(0.0, 4.5, Farve.GUL),
        Zone(4.5, 5.0, Farve.GROEN),
    ]
    assert zoner(Skala.NUL_10, REGEL) == [
        Zone(0.0, 5.0, Farve.ROED),
        Zone(5.0, 9.5, Farve.GUL),
        Zone(9.5, 10.0, Farve.GROEN),
    ]


def test_expected_progress_moves_the_green_zone():
    assert zoner(Skala.MINUS5_5, FORVENTET, forventet=1.25) == [
        Zone(-5.0, 0.0, Farve.ROED),
        Zone(0.0, 1.25, Farve.GUL),
        Zone(1.25, 5.0, Farve.GROEN),
    ]


def test_expected_progress_without_expectation_is_an_error():
    with pytest.raises(ValueError, match="FORVENTET"):
        zoner(Skala.MINUS5_5, FORVENTET)
    with pytest.raises(ValueError, match="FORVENTET"):
        barometer_png(1.0, Skala.MINUS5_5, FORVENTET)


def test_a_zone_of_no_width_is_left_out():
    # In the baseline year the expected progress is 0: nothing is gul.
    assert zoner(Skala.MINUS5_5, FORVENTET, forventet=0.0) == [
        Zone(-5.0, 0.0, Farve.ROED),
        Zone(0.0, 5.0, Farve.GROEN),
    ]
    # A grøn threshold under the rød one: farve() says rød first.
    assert zoner(Skala.MINUS5_5, Farveregel(roed_under=1.0, groen_fra=-2.0)) == [
        Zone(-5.0, 1.0, Farve.ROED),
        Zone(1.0, 5.0, Farve.GROEN),
    ]


def test_where_only_the_target_is_green_the_end_is_a_green_point():
    # Grøn only at the target, or the expected progress in the target year.
    only_target = [
        Zone(-5.0, 0.0, Farve.ROED),
        Zone(0.0, 5.0, Farve.GUL),
        Zone(5.0, 5.0, Farve.GROEN),
    ]
    assert zoner(Skala.MINUS5_5, Farveregel(groen_fra=5.0)) == only_target
    assert zoner(Skala.MINUS5_5, FORVENTET, forventet=5.0) == only_target
    # ... and the end is drawn: a thin green strip under a needle at 5.
    _, left, right = naal_og_zoner(barometer_png(5.0, Skala.MINUS5_5, Farveregel(groen_fra=5.0)))
    assert (left, right) == (Farve.GROEN, None)
    # Rød up to 6: even 5 is rød, and there is no point zone.
    assert zoner(Skala.MINUS5_5, Farveregel(roed_under=6.0)) == [Zone(-5.0, 5.0, Farve.ROED)]


scores = st.floats(min_value=-5, max_value=5, allow_nan=False)
thresholds = st.floats(min_value=-6, max_value=6, allow_nan=False)


@given(score=scores, roed=thresholds, groen=thresholds, forventet_metode=st.booleans())
def test_the_marker_stands_in_the_zone_of_its_colour(score, roed, groen, forventet_metode):
    if forventet_metode:
        regel = Farveregel(Farvemetode.FORVENTET, roed_under=roed)
        forventet = max(0.0, min(5.0, groen))
    else:
        regel, forventet = Farveregel(roed_under=roed, groen_fra=groen), None
    zones = zoner(Skala.MINUS5_5, regel, forventet)
    x = marker_x(score, Skala.MINUS5_5)
    last = zones[-1]
    # Zones run up to but not including their end; the last one includes 5.
    holding = [z for z in zones if z.fra <= x < z.til or (z is last and x == z.til)]
    assert len(holding) == 1
    assert holding[0].farve is farve(score, regel, forventet)
    # The zones tile the whole scale, and on 0..10 are the same zones moved up by 5.
    assert (zones[0].fra, last.til) == (-5.0, 5.0)
    assert all(a.til == b.fra and a.fra < a.til for a, b in itertools.pairwise(zones))
    assert zoner(Skala.NUL_10, regel, forventet) == [
        Zone(z.fra + 5, z.til + 5, z.farve) for z in zones
    ]


@pytest.mark.parametrize(
    ("fra", "til", "marker", "x"),
    [
        (0.0, 4.5, 4.0, 2.25),  # the middle is free
        (0.0, 4.5, 2.0, 3.25),  # the needle is in the middle: the larger side
        (-5.0, 0.0, -2.4, -3.7),
        (4.5, 5.0, 1.0, None),  # too narrow
        (0.0, 1.0, 0.5, None),  # neither side has room
    ],
)
def test_zone_words_keep_clear_of_the_needle(fra, til, marker, x):
    assert zoneord_x(fra, til, marker, halv=0.4) == (None if x is None else pytest.approx(x))


# --- Texts --------------------------------------------------------------------


def leaf(id_, b, s, m):
    return Delmaal(id_, id_, b, s, None if m is None else Maal(m))


@pytest.mark.parametrize("skala", list(Skala))
def test_the_printed_figure_is_the_samlet_status_as_documents_print_it(skala):
    pejlemaerker = [
        Pejlemaerke(1, "Målt", (leaf("A", 0, 1.597, 5),)),
        Pejlemaerke(2, "Kun baseline", (leaf("A", 3, None, 5),)),
        Pejlemaerke(3, "Intet", (leaf("A", None, None, 5),)),
    ]
    for linje in build_report(pejlemaerker, Config()).linjer:
        status = linje.status
        assert vaerdi_tekst(status.samlet, skala, status.kun_baseline) == samlet_tekst(
            status, skala
        )


def test_printed_figures():
    assert vaerdi_tekst(1.597, Skala.MINUS5_5) == "1,6"
    assert vaerdi_tekst(1.597, Skala.NUL_10) == "6,6"
    assert vaerdi_tekst(-1.1, Skala.MINUS5_5) == "-1,1"
    assert vaerdi_tekst(None, Skala.MINUS5_5) == "-"
    assert vaerdi_tekst(0.0, Skala.MINUS5_5, kun_baseline=True) == "0 (kun baseline-målinger)"
    assert vaerdi_tekst(None, Skala.NUL_10, kun_baseline=True) == "5 (kun baseline-målinger)"


def test_alt_text_of_one_barometer():
    assert (
        alt_tekst(1, "1,6", Skala.MINUS5_5, "gul")
        == "Barometer for pejlemærke 1: samlet status 1,6 på en skala fra -5 til 5, gul"
    )
    assert (
        alt_tekst(9, "9,7", Skala.NUL_10, Farve.GROEN)
        == "Barometer for pejlemærke 9: samlet status 9,7 på en skala fra 0 til 10, grøn"
    )
    assert alt_tekst(2, "0 (kun baseline-målinger)", Skala.MINUS5_5, None) == (
        "Barometer for pejlemærke 2: samlet status 0 (kun baseline-målinger) "
        "på en skala fra -5 til 5, ingen farve"
    )


def test_alt_text_of_the_overview():
    linjer = [(1, "1,6", "gul"), (2, "0 (kun baseline-målinger)", None), (3, "-4,0", Farve.ROED)]
    assert oversigt_alt_tekst(linjer, Skala.MINUS5_5) == (
        "Barometre for alle pejlemærker på en skala fra -5 til 5: 1: 1,6 gul; "
        "2: 0 (kun baseline-målinger) ingen farve; 3: -4,0 rød"
    )
    assert oversigt_alt_tekst([(1, "6,6", "gul")], Skala.NUL_10) == (
        "Barometre for alle pejlemærker på en skala fra 0 til 10: 1: 6,6 gul"
    )


@pytest.mark.parametrize(
    ("tekst", "maks", "linjer"),
    [
        ("1. Flere udsatte", 20, ["1. Flere udsatte"]),
        (
            "1. Flere udsatte københavnere har en bolig",
            20,
            ["1. Flere udsatte", "københavnere har en…"],
        ),
        (
            "1. Flere udsatte københavnere har en bolig",
            30,
            ["1. Flere udsatte københavnere", "har en bolig"],
        ),
        ("kort Donaudampfschifffahrtsgesellschaft", 12, ["kort", "Donaudampfs…"]),
        ("a b c d e f", 3, ["a b", "c…"]),
    ],
)
def test_long_labels_are_cut_with_an_ellipsis(tekst, maks, linjer):
    assert afkort(tekst, maks, len) == linjer


# --- PNG ----------------------------------------------------------------------


def test_a_barometer_is_a_png_of_an_a4_text_column_at_200_dpi():
    png = barometer_png(1.597, Skala.MINUS5_5, REGEL)
    assert png.startswith(PNG_SIGNATUR)
    img = Image.open(io.BytesIO(png))
    # 16 cm x 2,5 cm at 200 dpi, in whole pixels.
    assert img.size == (1260, 197)
    assert img.info["dpi"] == pytest.approx((200, 200), abs=0.5)


def test_more_dpi_more_pixels():
    img = Image.open(io.BytesIO(barometer_png(1.597, Skala.MINUS5_5, REGEL, dpi=300)))
    assert img.size == (1890, 295)


def test_same_input_same_bytes_and_no_version_in_them():
    first = barometer_png(1.597, Skala.MINUS5_5, REGEL)
    assert barometer_png(1.597, Skala.MINUS5_5, REGEL) == first
    assert b"atplotlib" not in first
    assert b"Software" not in first


def test_different_scores_different_pictures():
    pictures = {
        barometer_png(1.597, Skala.MINUS5_5, REGEL),
        barometer_png(2.4, Skala.MINUS5_5, REGEL),
        barometer_png(1.597, Skala.NUL_10, REGEL),
        barometer_png(None, Skala.MINUS5_5, REGEL),
        barometer_png(0.0, Skala.MINUS5_5, REGEL),
        barometer_png(None, Skala.MINUS5_5, REGEL, kun_baseline=True),
    }
    assert len(pictures) == 6


@pytest.mark.parametrize(
    ("score", "skala", "regel", "forventet", "zone"),
    [
        (-3.0, Skala.MINUS5_5, REGEL, None, Farve.ROED),
        (1.597, Skala.MINUS5_5, REGEL, None, Farve.GUL),
        (4.8, Skala.MINUS5_5, REGEL, None, Farve.GROEN),
        (1.597, Skala.NUL_10, REGEL, None, Farve.GUL),
        (2.5, Skala.MINUS5_5, FORVENTET, 1.25, Farve.GROEN),
        (0.8, Skala.MINUS5_5, FORVENTET, 1.25, Farve.GUL),
    ],
)
def test_the_drawn_needle_stands_at_the_score_in_its_zone(score, skala, regel, forventet, zone):
    png = barometer_png(score, skala, regel, forventet=forventet)
    x, left, right = naal_og_zoner(png)
    assert (left, right) == (zone, zone)
    assert zone is farve(score, regel, forventet)
    # Proportionally placed: the -5 and 5 needles bracket it.
    at_min, _, _ = naal_og_zoner(barometer_png(-5.0, skala, regel, forventet=forventet))
    at_max, _, _ = naal_og_zoner(barometer_png(5.0, skala, regel, forventet=forventet))
    assert x == pytest.approx(at_min + (at_max - at_min) * (score + 5) / 10, abs=2)


def test_only_baseline_puts_the_needle_at_baseline_on_a_grey_scale():
    """Only a baseline is a position, not a measurement: no colour scale."""
    at_zero, _, _ = naal_og_zoner(barometer_png(0.0, Skala.MINUS5_5, REGEL))
    img = billede(barometer_png(None, Skala.MINUS5_5, REGEL, kun_baseline=True))
    colours = {colour for _, colour in img.getcolors(maxcolors=img.width * img.height)}
    assert not colours & set(ZONEFARVER)
    pixels = img.load()
    grey = (0xD9, 0xD9, 0xD9)
    bar_rows = [
        y
        for y in range(img.height)
        if sum(pixels[x, y] == grey for x in range(img.width)) > img.width // 3
    ]
    needle = [x for x in range(img.width) if all(sum(pixels[x, y]) < 150 for y in bar_rows)]
    assert bar_rows and needle
    assert (needle[0] + needle[-1]) / 2 == pytest.approx(at_zero, abs=1)


def test_no_score_draws_the_scale_grey_without_a_needle():
    img = billede(barometer_png(None, Skala.MINUS5_5, REGEL))
    colours = {colour for _, colour in img.getcolors(maxcolors=img.width * img.height)}
    assert not colours & set(ZONEFARVER)
    assert (0xD9, 0xD9, 0xD9) in colours


def test_the_overview_grows_a_row_per_pejlemaerke():
    linjer = [
        ("1. Flere udsatte københavnere har en bolig", 1.597, False),
        ("2. Flere københavnske skoleelever klarer sig bedre", None, True),
        ("3. Færre københavnske unge begår kriminalitet", None, False),
    ]
    three = Image.open(io.BytesIO(oversigt_png(linjer, Skala.MINUS5_5, REGEL)))
    nine = Image.open(io.BytesIO(oversigt_png(linjer * 3, Skala.MINUS5_5, REGEL)))
    assert three.size[0] == nine.size[0] == 1260
    # 1 cm a row: 6 rows more is 6 cm, 472 or 473 px at 200 dpi.
    assert nine.size[1] - three.size[1] == pytest.approx(6 / 2.54 * 200, abs=1)
    assert oversigt_png(linjer, Skala.MINUS5_5, REGEL) == oversigt_png(
        linjer, Skala.MINUS5_5, REGEL
    )


def test_the_overview_takes_each_rows_expected_progress():
    linjer = [("1. Bolig", 1.0, False, 0.5), ("2. Skole", 1.0, False, 2.0)]
    png = oversigt_png(linjer, Skala.MINUS5_5, FORVENTET)
    assert png.startswith(PNG_SIGNATUR)
    with pytest.raises(ValueError, match="FORVENTET"):
        oversigt_png([("1. Bolig", 1.0, False)], Skala.MINUS5_5, FORVENTET)


def test_an_empty_overview_is_an_error():
    with pytest.raises(ValueError, match="at least one"):
        oversigt_png([], Skala.MINUS5_5, REGEL)


def test_identical_bytes_in_another_process():
    code = (
        "import sys\n"
        "from dagsorden.dokumenter.barometer import barometer_png\n"
        "from dagsorden.kerne.scoring import Farveregel, Skala\n"
        "sys.stdout.buffer.write(barometer_png(1.597, Skala.MINUS5_5, Farveregel()))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, check=True)
    assert result.stdout == barometer_png(1.597, Skala.MINUS5_5, REGEL)


def test_commands_that_draw_nothing_do_not_load_matplotlib():
    """Drawing loads Pillow only; matplotlib (a second to import) never."""
    code = (
        "import sys\n"
        "import dagsorden.cli.kommandoer, dagsorden.dokumenter.barometer\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('matplotlib', 'PIL')))\n"
        "from dagsorden.kerne.scoring import Farveregel, Skala\n"
        "dagsorden.dokumenter.barometer.barometer_png(1.0, Skala.MINUS5_5, Farveregel())\n"
        "print('matplotlib' in sys.modules, 'PIL' in sys.modules)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    # ... and drawing does load Pillow, so the check above checks something.
    assert result.stdout.splitlines() == ["[]", "False True"]


# --- Word ---------------------------------------------------------------------


def doc_prs(path) -> list[etree._Element]:
    with zipfile.ZipFile(path) as package:
        root = etree.fromstring(package.read("word/document.xml"))
    return root.findall(".//wp:docPr", NS)


def media(path) -> list[bytes]:
    with zipfile.ZipFile(path) as package:
        return [package.read(n) for n in package.namelist() if n.startswith("word/media/")]


def test_the_picture_carries_its_alt_text_in_word(tmp_path):
    png = barometer_png(1.597, Skala.MINUS5_5, REGEL)
    alt = alt_tekst(1, "1,6", Skala.MINUS5_5, Farve.GUL)
    document = Document()
    shape = add_picture_with_alt_text(document, png, BREDDE_CM, alt)
    assert shape.width == Cm(BREDDE_CM)
    path = tmp_path / "barometer.docx"
    document.save(path)

    (doc_pr,) = doc_prs(path)
    assert doc_pr.get("descr") == alt
    assert doc_pr.get("title") == alt
    assert media(path) == [png]


def test_a_run_a_paragraph_or_a_cell_takes_a_picture(tmp_path):
    png = barometer_png(None, Skala.MINUS5_5, REGEL)
    document = Document()
    add_picture_with_alt_text(document.add_paragraph().add_run(), png, 8, "i et run")
    add_picture_with_alt_text(document.add_paragraph(), png, 8, "i et afsnit", titel="Titel")
    add_picture_with_alt_text(document.add_table(1, 1).cell(0, 0), png, 8, "i en celle")
    path = tmp_path / "steder.docx"
    document.save(path)
    found = [(d.get("descr"), d.get("title")) for d in doc_prs(path)]
    assert found == [
        ("i et run", "i et run"),
        ("i et afsnit", "Titel"),
        ("i en celle", "i en celle"),
    ]
    with pytest.raises(TypeError, match="str"):
        add_picture_with_alt_text("ikke et dokument", png, 8, "alt")


def template(tmp_path):
    document = Document()
    document.add_paragraph("Bilag")
    document.add_paragraph("{{p første }}")
    document.add_paragraph("{{p anden }}")
    path = tmp_path / "skabelon.docx"
    document.save(path)
    return path


def test_pictures_in_docxtpl_subdocs_keep_their_alt_text(tmp_path):
    tpl = DocxTemplate(template(tmp_path))
    pictures = {}
    for name, (nummer, score) in {"første": (1, 1.597), "anden": (2, 4.8)}.items():
        subdoc = tpl.new_subdoc()
        subdoc.add_paragraph(f"Pejlemærke {nummer}")
        png = barometer_png(score, Skala.MINUS5_5, REGEL)
        alt = alt_tekst(nummer, vaerdi_tekst(score, Skala.MINUS5_5), Skala.MINUS5_5, None)
        add_picture_with_alt_text(subdoc, png, BREDDE_CM, alt)
        pictures[name] = subdoc
    tpl.render(pictures)
    path = tmp_path / "bilag.docx"
    tpl.save(path)

    found = doc_prs(path)
    assert [d.get("descr") for d in found] == [
        "Barometer for pejlemærke 1: samlet status 1,6 på en skala fra -5 til 5, ingen farve",
        "Barometer for pejlemærke 2: samlet status 4,8 på en skala fra -5 til 5, ingen farve",
    ]
    # docxtpl renumbers the drawings of the body as it renders: no two share an id.
    assert len({d.get("id") for d in found}) == 2
    assert len(media(path)) == 2


# --- Drawn without matplotlib ---------------------------------------------------


def dark_columns(png: bytes, rows: range) -> list[int]:
    """The x of every column with a dark pixel among `rows` (text, needle, marker)."""
    img = billede(png)
    pixels = img.load()
    return [x for x in range(img.width) if any(sum(pixels[x, y]) < 200 for y in rows)]


def bar_rows(png: bytes) -> range:
    img = billede(png)
    pixels = img.load()
    rows = [
        y
        for y in range(img.height)
        if sum(pixels[x, y] in ZONEFARVER or pixels[x, y] == (0xD9,) * 3 for x in range(img.width))
        > img.width // 3
    ]
    return range(rows[0], rows[-1] + 1)


def test_the_zones_are_filled_edge_to_edge_in_exact_colours():
    """Zone fills sit on whole pixels: the bar holds exactly the zone colours from
    -5 to 5, each zone where `zoner` puts it."""
    png = barometer_png(1.597, Skala.MINUS5_5, REGEL)
    img = billede(png)
    pixels = img.load()
    middle = bar_rows(png)[len(bar_rows(png)) // 2]
    left, right = round(0.03 * img.width), round(0.97 * img.width)
    row = [pixels[x, middle] for x in range(left, right)]
    colours = [ZONEFARVER.get(colour) for colour in row]
    # Left to right: rød from -5 to 0, gul to 4,5, grøn to 5 (the needle and the
    # zone words are dark, not zone colours).
    unit = (right - left) / 10
    assert colours[round(0.5 * unit)] is Farve.ROED
    assert colours[round(4.9 * unit)] is Farve.ROED
    assert colours[round(5.1 * unit)] is Farve.GUL
    assert colours[round(9.4 * unit)] is Farve.GUL
    assert colours[round(9.6 * unit)] is Farve.GROEN
    assert pixels[left - 1, middle] == pixels[right, middle] == (255, 255, 255)


def test_zone_words_and_the_figure_are_drawn_where_they_belong():
    """ "rød" stands in the middle of the red zone; the figure beside the marker's
    head, to its right, or to its left at the scale's right end."""
    png = barometer_png(1.597, Skala.MINUS5_5, REGEL)
    x, _, _ = naal_og_zoner(png)
    bar = bar_rows(png)
    in_bar = [c for c in dark_columns(png, bar) if abs(c - x) > 10]
    unit = 0.94 * 1260 / 10
    red_middle = 0.03 * 1260 + 2.5 * unit
    assert any(abs(c - red_middle) < 30 for c in in_bar), "ingen 'rød' i den røde zone"
    above = range(0, bar.start - 1)
    head = [c for c in dark_columns(png, above) if c > x + 15]
    assert head and head[0] < x + 60, "tallet står ikke til højre for nålens hoved"
    # At 5 the figure would run off the picture: it goes to the left of the head.
    at_end = barometer_png(5.0, Skala.MINUS5_5, REGEL)
    x_end, _, _ = naal_og_zoner(at_end)
    left_of = [c for c in dark_columns(at_end, range(0, bar.start - 1)) if c < x_end - 15]
    assert left_of and left_of[-1] > x_end - 60
    # No score: no zone words, no needle, just "-" above the grey bar.
    assert dark_columns(barometer_png(None, Skala.MINUS5_5, REGEL), bar) == []


def test_only_a_baseline_draws_a_hollow_marker():
    """A measured 0 has a black head over its needle; only a baseline, at the same
    place, a white one with a black edge."""
    measured = barometer_png(0.0, Skala.MINUS5_5, REGEL)
    x, _, _ = naal_og_zoner(measured)
    bar = bar_rows(measured)
    # The head's middle stands 1,3 bar heights over the bar's foot.
    head = (round(x), round(bar.stop - 1.3 * len(bar)))
    assert sum(billede(measured).getpixel(head)) < 100
    only_baseline = billede(barometer_png(None, Skala.MINUS5_5, REGEL, kun_baseline=True))
    assert only_baseline.getpixel(head) == (255, 255, 255)
    edge = [only_baseline.getpixel((head[0], y)) for y in range(head[1] - 30, head[1])]
    assert any(sum(colour) < 100 for colour in edge)


def test_text_is_laid_out_by_the_fonts_typographic_metrics():
    """DejaVu Sans's OS/2 ascent, descent and line gap, which matplotlib measured
    lines by, read from the font file the barometers draw with."""
    from dagsorden.dokumenter.barometer import _skriftmappe, _typografi

    assert (_skriftmappe() / "DejaVuSans.ttf").is_file()
    assert _typografi(False) == (1556 / 2048, 492 / 2048, 410 / 2048)
    assert _typografi(True) == _typografi(False)


def test_right_to_left_titles_are_laid_out_with_bidi_where_pillow_can():
    """Found by an outside tester: a Hebrew title in the overview came out letter by
    letter backwards (FreeType alone has no bidi); Raqm lays such text out, while all
    other text keeps FreeType's layout, the same pixels on every machine."""
    from PIL import ImageFont, features

    from dagsorden.dokumenter.barometer import _hoejre_til_venstre, _skrift

    assert not any(map(_hoejre_til_venstre, ("Flere udsatte", "Ærø – 5,0 %", "Ελληνικά", "")))
    assert all(map(_hoejre_til_venstre, ("עברית: דיור", "1: العربية")))
    assert _skrift(40.0, False).layout_engine == ImageFont.Layout.BASIC
    rtl = _skrift(40.0, False, True).layout_engine
    assert rtl == (ImageFont.Layout.RAQM if features.check("raqm") else ImageFont.Layout.BASIC)
    if features.check("raqm"):
        hebrew = "עברית"
        basic, raqm = _skrift(40.0, False), _skrift(40.0, False, True)
        assert bytes(basic.getmask(hebrew)) != bytes(raqm.getmask(hebrew))
