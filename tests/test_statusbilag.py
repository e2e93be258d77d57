"""The status appendix (seed 002), read back with python-docx and LibreOffice."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn

from dagsorden.cli import main
from dagsorden.dokumenter.statusbilag import build_statusbilag, farvesaetning
from dagsorden.kerne.model import Delmaal, Maal, Markering, Pejlemaerke, Tekst
from dagsorden.kerne.scoring import Config, Skala
from dagsorden.kerne.status import build_report
from dagsorden.kilder.samling import status_for_folders

ROOT = Path(__file__).resolve().parents[1]
EKSEMPLER = ROOT / "workbooks" / "eksempler"


@pytest.fixture(scope="module")
def bilag(tmp_path_factory) -> Path:
    target = tmp_path_factory.mktemp("bilag") / "statusbilag.docx"
    return build_statusbilag(status_for_folders([EKSEMPLER], Config()), target)


@pytest.fixture(scope="module")
def document(bilag):
    return Document(bilag)


def status_json() -> dict:
    result = CliRunner().invoke(main, ["status", str(EKSEMPLER), "--json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def shading(cell) -> str | None:
    shd = cell._tc.tcPr.find(qn("w:shd")) if cell._tc.tcPr is not None else None
    return None if shd is None else shd.get(qn("w:fill"))


def overview(document):
    return document.tables[0]


def test_title_and_reading_guide(document):
    lines = [p.text for p in document.paragraphs]
    assert lines[0] == "Status på pejlemærkerne, 2014"
    guide = lines[lines.index("Læsevejledning") + 1 :]
    assert "Skala -5 til 5: 0 = baseline, 5 = mål." in " ".join(guide)
    assert "Delmål uden status tæller som 0 for pejlemærke 1. Ellers tæller de ikke med." in guide
    assert "Alle delmål vejer lige i pejlemærkestatus." in guide
    assert (
        "Et af de to pejlemærker med status er gult og et er rødt. "
        "Syv pejlemærker har endnu ingen målt status." in guide
    )


def test_overview_header_years_from_the_workbooks(document):
    header = [c.text for c in overview(document).rows[0].cells]
    assert header[0] == "Pejlemærke"
    # "Samlet status", not "Samlet pejlemærkestatus": a header breaks only between words.
    assert header[1] == "Samlet status\n0 = Baseline, 5 = Mål"
    assert header[4:] == ["Baseline (2013)", "Status (2014)", "Mål (2017)"]


def test_pejlemaerke_and_status_merged_over_their_rows(document):
    table = overview(document)
    # Pejlemærke 1 has A-E and F's two sub-rows: rows 1 to 7.
    first = table.cell(1, 0)
    assert first.text == "1. Flere udsatte københavnere har en bolig"
    for row in range(2, 8):
        assert table.cell(row, 0)._tc is first._tc
        assert table.cell(row, 1)._tc is table.cell(1, 1)._tc
    assert table.cell(8, 0).text == "2. Flere københavnske skoleelever klarer sig bedre"
    v_merge = first._tc.tcPr.find(qn("w:vMerge"))
    assert v_merge is not None and v_merge.get(qn("w:val")) == "restart"


def test_status_cell_carries_colour_and_word(document):
    cell = overview(document).cell(1, 1)
    assert [p.text for p in cell.paragraphs] == ["1,6", "gul"]
    assert shading(cell) == "FFC000"
    unmeasured = overview(document).cell(8, 1)
    assert [p.text for p in unmeasured.paragraphs] == ["0 (kun baseline-målinger)"]
    assert shading(unmeasured) is None


def test_sub_rows_under_their_delmaal(document):
    table = overview(document)
    f1 = [c.text for c in table.rows[6].cells]
    f2 = [c.text for c in table.rows[7].cells]
    assert f1[2].startswith("F. Højst 100 københavnere med handicap")
    assert f1[3:] == ["F1. Københavnerne med sindslidelser", "129", "124", "100"]
    assert table.cell(7, 2)._tc is table.cell(6, 2)._tc
    assert f2[3:] == ["F2. Københavnerne med handicap", "102", "100", "100"]


def test_delmaal_without_sub_rows_span_both_text_columns(document):
    row = overview(document).rows[1]
    assert row.cells[2]._tc is row.cells[3]._tc
    assert row._tr.tc_lst[2].tcPr.find(qn("w:gridSpan")).get(qn("w:val")) == "2"
    assert [c.text for c in row.cells][4:] == ["859", "828", "1.000"]


def test_figures_in_danish_form(document):
    text = [[c.text for c in row.cells] for row in overview(document).rows]
    assert ["95,9%", "97,1%", "97,5%"] in [r[4:] for r in text]
    assert ["1,1%", "-", "<1,1%"] in [r[4:] for r in text]
    assert ["10.598", "-", "<10.598"] in [r[4:] for r in text]
    # Seed 002's notes date some baselines to another year: the legend says which.
    notes = [p.text for p in document.paragraphs if p.style.name == "Fodnote"]
    assert (
        "Baseline fra et andet år end kolonnens: 4A (2014), 7A (2012), 7B (2012) og 9C (2014)."
        in notes
    )
    assert "Baseline fra et andet år end kolonnens: A (2012) og B (2012)." in notes


def test_statuses_equal_dagsorden_status_json(document):
    table = overview(document)
    shown = {}
    for row in table.rows[1:]:
        name, status = row.cells[0].text, row.cells[1].paragraphs[0].text
        shown[int(name.split(".")[0])] = status
    computed = {p["nummer"]: p["samlet_tekst"] for p in status_json()["pejlemaerker"]}
    assert shown == computed


def test_a_section_per_pejlemaerke(document):
    headings = [p.text for p in document.paragraphs if p.style.name == "Heading 2"]
    assert headings[0] == "Læsevejledning"
    assert headings[1:] == [f"{p['nummer']}. {p['titel']}" for p in status_json()["pejlemaerker"]]
    # The overview, then one table per pejlemærke with its status in the last column;
    # pejlemærke 1 and 5, measured in two years, also get their trend table and the
    # table of their score per year.
    assert len(document.tables) == 14
    section = document.tables[1]
    assert section.rows[0].cells[-1].text == "Samlet status\n0 = Baseline, 5 = Mål"
    assert [p.text for p in section.cell(1, 5).paragraphs] == ["1,6", "gul"]


def test_budgetforslag_with_bold_code(document):
    bullets = [
        p
        for p in document.paragraphs
        if p.style.name == "List Bullet" and p.text.startswith("Ø304")
    ]
    assert bullets
    assert bullets[0].runs[0].text == "Ø304" and bullets[0].runs[0].bold


def test_notes_numbered_through_the_appendix(document):
    notes = [p.text for p in document.paragraphs if p.style.name == "Fodnote"]
    numbered = [n for n in notes if n[:1].isdigit()]
    # Delmål with the same note share it, and its number.
    assert (
        numbered[0]
        == "1. A og B: Forvaltningen foreslår, at delmålet udgår; der er derfor ingen tal."
    )
    assert [int(n.split(".")[0]) for n in numbered] == list(range(1, len(numbered) + 1))


def test_every_note_has_its_mark_in_a_table(document):
    notes = [p.text for p in document.paragraphs if p.style.name == "Fodnote"]
    numbers = {n.split(".")[0] for n in notes if n[:1].isdigit()}
    marks = {
        run.text
        for table in document.tables
        for row in table.rows
        for cell in row.cells
        for paragraph in cell.paragraphs
        for run in paragraph.runs
        if run.font.superscript
    }
    assert numbers and numbers <= {m for mark in marks for m in mark.split(",")}


def test_a_pejlemaerkes_own_note_is_marked_at_its_status(tmp_path):
    own = Pejlemaerke(1, "Et", (leaf("A", 0, 2, 10),), tekster=(Tekst("Fodnote", "Om status."),))
    target = build_statusbilag(build_report([own], Config()), tmp_path / "bilag.docx")
    document = Document(target)
    status = document.tables[1].cell(1, 5)
    assert [(r.text, bool(r.font.superscript)) for r in status.paragraphs[-1].runs] == [
        ("gul", False),
        ("1", True),
    ]
    assert "1. Om status." in [p.text for p in document.paragraphs]


def test_marked_rows_carry_a_word_not_only_a_fill(tmp_path):
    blue = Delmaal("A", "Nyt delmål", 0, 2, Maal(10), markering=Markering.BLAA)
    orange = Delmaal("B", "Mål foreslået", 0, 2, Maal(10), markering=Markering.ORANGE)
    pejlemaerke = Pejlemaerke(1, "Et", (blue, orange))
    target = build_statusbilag(build_report([pejlemaerke], Config()), tmp_path / "bilag.docx")
    section = Document(target).tables[1]
    assert section.cell(1, 0).text == "A. Nyt delmål\nBlå: forslag til supplerende delmål"
    assert section.cell(2, 0).text == "B. Mål foreslået\nOrange: forslag til målsætning"


def test_every_image_has_alt_text(document):
    pictures = document.element.body.findall(".//" + qn("wp:docPr"))
    assert len(pictures) == 12  # 10 barometers, the score charts of pejlemærke 1 and 5
    descriptions = [p.get("descr") for p in pictures]
    assert descriptions[0].startswith(
        "Barometre for alle pejlemærker på en skala fra -5 til 5: 1: 1,6 gul"
    )
    assert (
        "Barometer for pejlemærke 1: samlet status 1,6 på en skala fra -5 til 5, gul"
        in descriptions
    )
    assert (
        "Linjediagram for pejlemærke 1: samlet status pr. år på en skala fra -5 til 5. "
        "2013: 0 (kun baseline-målinger); 2014: 1,6." in descriptions
    )
    assert all(descriptions)


def leaf(id_, b, s, m):
    return Delmaal(id_, id_, b, s, Maal(m))


SEED_000_SCORES = [0, 10, 10, 9.7, 5.5, 5.2, 5.9, 7.9, 5.7, 3.4]


def seed_000_report():
    pejlemaerker = [
        Pejlemaerke(i, f"Pejlemærke {i}", (leaf("A", 0, 2 * (s - 5), 10),), maalaar=2013)
        for i, s in enumerate(SEED_000_SCORES, start=1)
    ]
    return build_report(pejlemaerker, Config(skala=Skala.NUL_10))


def test_colour_sentence_of_seed_000():
    assert farvesaetning(seed_000_report()) == (
        "Tre af de ti pejlemærker med status er grønne, fem er gule og to er røde."
    )


def test_the_0_10_form_of_seed_000(tmp_path):
    target = build_statusbilag(seed_000_report(), tmp_path / "bilag.docx")
    document = Document(target)
    table = document.tables[0]
    assert [c.text for c in table.rows[0].cells] == ["Område", "Pejlemærke", "Status*"]
    # It says what it averages.
    assert [c.text for c in table.rows[-1].cells][1:] == [
        "Gennemsnit af alle 10 pejlemærker",
        "6,3",
    ]
    # Pejlemærke titles are text: left-aligned.
    assert table.cell(1, 1).paragraphs[0].alignment in (None, WD_ALIGN_PARAGRAPH.LEFT)
    assert table.rows[4].cells[2].text == "9,7 (grøn)"
    assert "* Baseline = 5, mål 2013 = 10." in [p.text for p in document.paragraphs]


def test_cli_writes_the_appendix(tmp_path):
    target = tmp_path / "bilag.docx"
    result = CliRunner().invoke(
        main, ["statusbilag", str(EKSEMPLER), "-o", str(target), "--titel", "Bilag I"]
    )
    assert result.exit_code == 0, result.output
    assert Document(target).paragraphs[0].text == "Bilag I"


def test_drawing_no_chart_does_not_import_matplotlib():
    code = (
        "import sys; from click.testing import CliRunner; from dagsorden.cli import main; "
        f"r = CliRunner().invoke(main, ['status', {str(EKSEMPLER)!r}, '--json']); "
        "assert r.exit_code == 0; print('matplotlib' in sys.modules)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT
    )
    assert result.stdout.strip() == "False"


@pytest.mark.libreoffice
def test_opens_in_libreoffice_and_renders(bilag, libreoffice, tmp_path):
    from PIL import Image

    (pdf,) = libreoffice([bilag], "pdf")
    subprocess.run(
        ["pdftoppm", "-r", "50", "-png", "-f", "1", "-l", "1", str(pdf), str(tmp_path / "side")],
        check=True,
        timeout=60,
    )
    (png,) = tmp_path.glob("side*.png")
    with Image.open(png) as page:
        darkest, lightest = page.convert("L").getextrema()
    assert darkest < 100 < lightest


def test_expected_progress_colours_draw_too(tmp_path):
    from dagsorden.kerne.scoring import Farvemetode, Farveregel

    config = Config(farveregel=Farveregel(metode=Farvemetode.FORVENTET))
    target = build_statusbilag(status_for_folders([EKSEMPLER], config), tmp_path / "b.docx")
    pictures = Document(target).element.body.findall(".//" + qn("wp:docPr"))
    assert len(pictures) == 12


def test_marked_rows_are_shaded_with_a_legend(tmp_path):
    from dagsorden.kerne.model import Markering

    pejlemaerke = Pejlemaerke(
        1,
        "Markeret",
        (
            Delmaal("A", "Blåt forslag", 1, 2, Maal(3), markering=Markering.BLAA),
            Delmaal("B", "Orange mål", 4, None, Maal(2), markering=Markering.ORANGE),
            Delmaal("C", "Umarkeret", 1, 1, Maal(2)),
        ),
    )
    target = build_statusbilag(build_report([pejlemaerke], Config()), tmp_path / "b.docx")
    document = Document(target)
    table = document.tables[0]
    assert [shading(table.cell(r, 4)) for r in (1, 2, 3)] == ["BDD7EE", "F8CBAD", None]
    notes = [p.text for p in document.paragraphs if p.style.name == "Fodnote"]
    assert "Blå markering: forvaltningens forslag til supplerende delmål." in notes
    assert (
        "Orange markering: forvaltningens forslag til målsætning, hvor udvalget ikke har "
        "besluttet en." in notes
    )


def test_a_new_workbook_without_delmaal_gets_a_row_saying_so(tmp_path, monkeypatch):
    """`ny pejlemaerke` then `statusbilag` right away: no traceback, the pejlemærke
    keeps its row in both tables, and the row says there are no delmål yet."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "wb").mkdir()
    runner = CliRunner()
    made = runner.invoke(main, ["ny", "pejlemaerke", "wb/p.xlsx", "--nummer", "1", "--titel", "T"])
    assert made.exit_code == 0, made.output
    result = runner.invoke(main, ["statusbilag", "wb", "-o", "bilag.docx"])
    assert result.exit_code == 0, result.output
    tables = Document(str(tmp_path / "bilag.docx")).tables
    overview, section = tables[0], tables[1]
    assert [c.text for c in overview.rows[1].cells][:3] == ["1. T", "-", "Ingen delmål endnu."]
    assert section.rows[1].cells[0].text == "Ingen delmål endnu."


def test_tables_are_written_without_table_cell(tmp_path, monkeypatch):
    """python-docx's `table.cell(r, c)` rebuilds the whole table's grid on every
    call: the appendix writes its rows straight into the XML instead."""
    from docx.table import Table

    def refused(*_args, **_kwargs):
        raise AssertionError("table.cell() kaldt")

    monkeypatch.setattr(Table, "cell", refused)
    report = status_for_folders([EKSEMPLER], Config())
    assert build_statusbilag(report, tmp_path / "bilag.docx").is_file()


def test_every_row_fills_the_grid_and_every_merge_has_a_start(document):
    for table in document.tables:
        columns = len(table._tbl.tblGrid.gridCol_lst)
        merged_above: set[int] = set()
        for tr in table._tbl.tr_lst:
            col = 0
            for tc in tr.tc_lst:
                v_merge = tc.tcPr.find(qn("w:vMerge")) if tc.tcPr is not None else None
                if v_merge is not None and v_merge.get(qn("w:val")) != "restart":
                    assert col in merged_above, "vMerge uden start over sig"
                elif v_merge is None:
                    merged_above.discard(col)
                else:
                    merged_above.add(col)
                col += tc.grid_span
            assert col == columns


def test_the_barometers_are_png_at_200_dpi_without_software_names(bilag):
    import io
    import zipfile

    from PIL import Image

    with zipfile.ZipFile(bilag) as package:
        pictures = [package.read(n) for n in package.namelist() if n.startswith("word/media/")]
    # Ten drawings; identical ones (the barometers of pejlemærker with only a
    # baseline) share one picture in the package.
    assert 1 < len(pictures) <= 10
    for png in pictures:
        image = Image.open(io.BytesIO(png))
        assert image.format == "PNG" and image.width == 1260
        assert image.info["dpi"] == pytest.approx((200, 200), abs=0.5)
        assert b"atplotlib" not in png and b"Software" not in png


def test_a_cell_has_one_shading_and_a_marked_parent_keeps_its_own(tmp_path):
    """A marked delmål over a differently marked underpunkt once got two `w:shd` in
    one cell (invalid in Word's schema; LibreOffice showed the last): one, its own."""
    from dagsorden.kerne.model import Markering

    parent = Delmaal(
        "C",
        "Orange over blå",
        1,
        1,
        Maal(2),
        underpunkter=(
            Delmaal("C1", "Under 1", 1, 1, Maal(2), markering=Markering.BLAA),
            Delmaal("C2", "Under 2", 1, 1, Maal(2)),
        ),
        markering=Markering.ORANGE,
    )
    alone = Delmaal("A", "Blåt forslag", 1, 2, Maal(3), markering=Markering.BLAA)
    report = build_report([Pejlemaerke(1, "Markeret", (alone, parent))], Config())
    document = Document(build_statusbilag(report, tmp_path / "b.docx"))
    cells = document.element.body.iter(qn("w:tcPr"))
    assert max(len(tc_pr.findall(qn("w:shd"))) for tc_pr in cells) == 1
    first_column = [
        (tc.text.split("\n")[0], shading(tc)) for tc in document.tables[1].columns[0].cells
    ]
    assert ("C. Orange over blå", "F8CBAD") in first_column
    assert ("A. Blåt forslag", "BDD7EE") in first_column
