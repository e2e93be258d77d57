"""The status appendix over the years: trend table with milestone colours and arrows,
the score chart and its table, the 6-by table and chart, the activity list and the
"what changed" paragraph, opened with python-docx and asserted cell for cell.

Figures of the invented example (workbooks/eksempler/opdigtet) worked by hand in
tests/test_forloeb.py; the expected path: 2022 (1,0 + 1,25 + 1,25)/3 = 1,2, 2023
(2,0 + 2,78 + 2,5)/3 = 2,4, 2024 (3,0 + 3,89 + 3,75)/3 = 3,5."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from docx import Document
from docx.oxml.ns import qn

from dagsorden.cli.hoved import main
from dagsorden.dokumenter.statusbilag import build_statusbilag
from dagsorden.kerne.scoring import Config
from dagsorden.kilder.samling import status_for_folders

ROOT = Path(__file__).resolve().parents[1]
OPDIGTET = ROOT / "workbooks" / "eksempler" / "opdigtet"
SEED_004 = ROOT / "workbooks" / "eksempler" / "bif-sof-2009"


def texts(table) -> list[list[str]]:
    return [[c.text for c in row.cells] for row in table.rows]


def shading(cell) -> str | None:
    shd = cell._tc.tcPr.find(qn("w:shd")) if cell._tc.tcPr is not None else None
    return shd.get(qn("w:fill")) if shd is not None else None


@pytest.fixture(scope="module")
def opdigtet(tmp_path_factory) -> Path:
    target = tmp_path_factory.mktemp("opdigtet") / "bilag.docx"
    return build_statusbilag(status_for_folders([OPDIGTET], Config()), target)


@pytest.fixture(scope="module")
def document(opdigtet):
    return Document(str(opdigtet))


def by_caption(document, start: str):
    """The table right after the caption that starts with `start`."""
    body = document.element.body
    for p in document.paragraphs:
        if p.style.name == "Caption" and p.text.startswith(start):
            el = p._p.getnext()
            while el is not None and el.tag != qn("w:tbl"):
                el = el.getnext()
            return next(t for t in document.tables if t._tbl is el)
    raise AssertionError(f"ingen tabel efter '{start}' i {body}")


def test_trend_table_cell_for_cell(document):
    table = by_caption(document, "Tabel 2. Udvikling i delmålene for pejlemærke 10, 2021-2024")
    assert texts(table) == [
        [
            "Delmål",
            "2021",
            "2022",
            "2023",
            "2024",
            "Mål (2025)",
            "Milepæl 2024",
            "Udvikling siden baseline",
        ],
        ["A", "480", "455", "430", "441", "380", "420 (gul)", "↓ bedre"],
        ["B", "71%", "74%", "76%", "79%", "80%", "78% (grøn)", "↑ bedre"],
        ["C", "120", "118", "126", "128", "90", "-", "↑ dårligere"],
    ]
    # The milestone colours are shaded as well as written.
    assert [shading(table.cell(r, 6)) for r in (1, 2, 3)] == ["FFC000", "00B050", None]
    # The baseline figure is bold; the others are not.
    assert all(run.bold for run in table.cell(1, 1).paragraphs[0].runs)
    assert not any(run.bold for run in table.cell(1, 4).paragraphs[0].runs)


def test_score_chart_table_and_alt_text(document):
    table = by_caption(document, "Tabel 3. Samlet status pr. år for pejlemærke 10")
    assert texts(table) == [
        ["År", "Samlet status", "Forventet forløb"],
        ["2021", "0 (kun baseline-målinger)", "0,0"],
        ["2022", "1,1", "1,2"],
        ["2023", "1,4", "2,4"],
        ["2024", "1,7", "3,5"],
        ["2025", "-", "5,0"],
    ]
    descriptions = [p.get("descr") for p in document.element.body.iter(qn("wp:docPr"))]
    assert (
        "Linjediagram for pejlemærke 10: samlet status pr. år på en skala fra -5 til 5. "
        "2021: 0 (kun baseline-målinger); 2022: 1,1; 2023: 1,4; 2024: 1,7. Forventet forløb "
        "efter milepælene: 2021: 0,0; 2022: 1,2; 2023: 2,4; 2024: 3,5; 2025: 5,0."
    ) in descriptions


def test_six_city_table_and_chart(document):
    table = by_caption(document, "Tabel 4. Delmål B. Flere unge, der får en bolig")
    assert texts(table) == [
        ["By", "2023", "2024"],
        ["Egne tal", "76%", "79%"],
        ["Aarhus", "74%", "75%"],
        ["Odense", "70%", "73%"],
        ["Aalborg", "77%", "76%"],
        ["Esbjerg", "69%", "71%"],
        ["Randers", "72%", "74%"],
    ]
    descriptions = [p.get("descr") for p in document.element.body.iter(qn("wp:docPr"))]
    assert (
        "Søjlediagram: delmål B i 2024, Egne tal 79%, Aarhus 75%, Odense 73%, Aalborg 76%, "
        "Esbjerg 71%, Randers 74%." in descriptions
    )
    (intro,) = [p for p in document.paragraphs if p.text.startswith("Tallene fra de andre byer")]
    assert intro.text == (
        "Tallene fra de andre byer vises til sammenligning og tæller ikke med i "
        "pejlemærkets status."
    )
    # With its heading and the table after it, never alone at the foot of a page.
    assert intro.paragraph_format.keep_with_next


def test_activity_list_with_colour_and_word(document):
    table = by_caption(document, "Tabel 5. Status på aktiviteterne under pejlemærke 10")
    rows = texts(table)
    assert rows[0] == ["Aktivitet", "Delmål", "Ansvarlig", "Frist", "Fremdrift", "Kommentar"]
    assert [r[:5] for r in rows[1:]] == [
        ["Housing First-team for unge", "A og B", "Borgercenter Voksne", "31.12.2024", "grøn"],
        [
            "Flere billige ungdomsboliger i nybyggeriet",
            "A og C",
            "Teknik- og Miljøforvaltningen",
            "2025",
            "gul",
        ],
        ["Fælles venteliste med boligselskaberne", "C", "Socialforvaltningen", "01.06.2024", "rød"],
        ["Bostøtte det første år efter indflytning", "B", "Borgercenter Voksne", "Løbende", "grøn"],
    ]
    assert [shading(table.cell(r, 4)) for r in (1, 2, 3, 4)] == [
        "00B050",
        "FFC000",
        "FF0000",
        "00B050",
    ]
    assert rows[4][5] == "Opdigtet eksempel & <ingen> rigtige tal."


def test_what_changed_paragraph(document):
    paragraphs = [p.text for p in document.paragraphs]
    i = paragraphs.index("Hvad har ændret sig siden sidste år")
    assert paragraphs[i + 1] == (
        "Samlet status er steget fra 1,4 i 2023 til 1,7 i 2024; farven er stadig gul. "
        "Bedre end i 2023: B (fra 76 pct. til 79 pct.). "
        "Dårligere end i 2023: A (fra 430 til 441) og C (fra 126 til 128). "
        "Delmål A er gul mod sin milepæl for 2024 (i 2023: grøn)."
    )


def test_seed_004_milestones_without_a_status_yet(tmp_path):
    target = build_statusbilag(status_for_folders([SEED_004], Config()), tmp_path / "b.docx")
    document = Document(str(target))
    assert texts(by_caption(document, "Tabel 2. Udvikling i delmålene for pejlemærke 1")) == [
        ["Delmål", "2009", "Mål (2011)", "Udvikling siden baseline"],
        ["A", "37,4%", "50%", "-"],
    ]
    assert texts(by_caption(document, "Tabel 3. Samlet status pr. år for pejlemærke 1")) == [
        ["År", "Samlet status", "Forventet forløb"],
        ["2009", "0 (kun baseline-målinger)", "0,0"],
        ["2010", "-", "1,0"],  # 5 x (40 - 37,4) / (50 - 37,4) = 1,03
        ["2011", "-", "5,0"],
    ]
    headings = [p.text for p in document.paragraphs if p.style.name == "Heading 3"]
    assert "Hvad har ændret sig siden sidste år" not in headings  # no earlier year


def test_old_workbooks_get_no_new_parts(tmp_path, workbook_factory):
    """A workbook without years gets the appendix it always had: no trend, no chart."""
    path = workbook_factory(cells={"Pejlemærke": {"B4": None, "B5": None, "B6": None}})
    target = build_statusbilag(status_for_folders([path], Config()), tmp_path / "b.docx")
    document = Document(str(target))
    assert len(document.tables) == 2
    assert len(list(document.element.body.iter(qn("wp:docPr")))) == 2
    assert not [
        p for p in document.paragraphs if p.style.name == "Caption" and "Udvikling" in p.text
    ]


def test_status_json_has_the_series(tmp_path):
    import json

    result = CliRunner().invoke(main, ["status", str(OPDIGTET), "--json", "--år", "2023"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["aar"] == 2023
    p = data["pejlemaerker"][0]
    assert p["samlet_tekst"] == "1,4"
    a = p["delmaal"][0]
    assert a["serie"] == [
        {"aar": 2021, "vaerdi": 480.0},
        {"aar": 2022, "vaerdi": 455.0},
        {"aar": 2023, "vaerdi": 430.0},
    ]
    assert (a["farve"], a["tendens"]) == ("grøn", "bedre")
    assert [y["samlet_tekst"] for y in p["aarsscorer"]] == [
        "0 (kun baseline-målinger)",
        "1,1",
        "1,4",
    ]
    assert p["sammenligning"][0] == {"id": "B", "by": "Aarhus", "aar": 2023, "vaerdi": 74.0}
    assert p["aktiviteter"][2]["fremdrift"] == "rød"


def test_status_for_a_year_in_the_terminal():
    result = CliRunner().invoke(main, ["status", str(OPDIGTET), "--år", "2022"])
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("Status i 2022:")
    assert "1,1" in result.stdout
    wrong = CliRunner().invoke(main, ["status", str(OPDIGTET), "--år", "2019"])
    assert wrong.exit_code == 1
    assert wrong.stderr == (
        "Fejl: Ingen arbejdsbog har tal fra 2019. År med tal: 2021, 2022, 2023, 2024.\n"
    )
    typo = CliRunner().invoke(main, ["status", str(OPDIGTET), "--år", "20233"])
    assert typo.exit_code == 2


@pytest.mark.libreoffice
def test_libreoffice_opens_it(opdigtet, libreoffice):
    (pdf,) = libreoffice([opdigtet], "pdf")
    assert pdf.stat().st_size > 10_000


def test_missed_milestone_of_a_target_at_its_baseline_is_gul_in_the_table(tmp_path):
    """Tester's repro ms_lt_notmet: baseline 1,1%, Mål '<1,1%', milestone 2024 '<1,0%',
    status 1,05%. Any fall scores 5, but the milestone is not reached: gul, not grøn."""
    from dagsorden.kerne.model import Delmaal, Enhed, Maal, Maaling, Milepael, Pejlemaerke, Retning
    from dagsorden.kerne.status import build_report

    d = Delmaal(
        "D",
        "Færre udsættelser",
        1.1,
        1.05,
        Maal(1.1, Retning.UNDER),
        enhed=Enhed.PCT,
        maalinger=(Maaling(2021, 1.1), Maaling(2024, 1.05)),
        milepaele=(Milepael(2024, Maal(1.0, Retning.UNDER)),),
    )
    p = Pejlemaerke(10, "P", (d,), baselineaar=2021, statusaar=2024, maalaar=2025)
    target = build_statusbilag(build_report([p], Config()), tmp_path / "b.docx")
    table = by_caption(Document(str(target)), "Tabel 2. Udvikling i delmålene for pejlemærke 10")
    assert texts(table)[1] == ["D", "1,1%", "1,05%", "<1,1%", "<1% (gul)", "↓ bedre"]
    assert shading(table.cell(1, 4)) == "FFC000"


def test_a_year_scored_on_fewer_delmaal_says_so(tmp_path, workbook_factory):
    """Tester's repro gap: 2023 has a figure for A only, so its 2,5 rests on one of
    the three delmål and 2024's 1,7 on all three. The score table and the change
    paragraph say how many delmål each year covers and never call it a fall."""

    def edit(wb):
        ws = wb["Målinger"]
        for row in range(2, 60):
            for col in range(1, 6):
                ws.cell(row, col).value = None
        figures = [
            ("A", 2021, 480), ("A", 2022, 455), ("A", 2023, 430), ("A", 2024, 441),
            ("B", 2021, "71%"), ("B", 2022, "74%"), ("B", 2024, "79%"),
            ("C", 2021, 120), ("C", 2022, 118), ("C", 2024, 128),
        ]  # fmt: skip
        for r, values in enumerate(figures, start=2):
            for c, value in enumerate(values, start=1):
                ws.cell(r, c).value = value
                ws.cell(r, c).number_format = "General"

    from dagsorden.kilder.pejlemaerke_workbook import read_pejlemaerke

    source = next(OPDIGTET.glob("*.xlsx"))
    p = read_pejlemaerke(source)
    path = workbook_factory(p, edit=edit)
    report = status_for_folders([path], Config())
    target = build_statusbilag(report, tmp_path / "b.docx")
    document = Document(str(target))
    table = by_caption(document, "Tabel 3. Samlet status pr. år for pejlemærke 10")
    assert [row[:2] for row in texts(table)] == [
        ["År", "Samlet status"],
        ["2021", "0 (kun baseline-målinger)"],
        ["2022", "1,1"],
        ["2023", "2,5 (1 af 3 delmål)"],
        ["2024", "1,7"],
        ["2025", "-"],
    ]
    paragraphs = [p.text for p in document.paragraphs]
    i = paragraphs.index("Hvad har ændret sig siden sidste år")
    assert paragraphs[i + 1].startswith(
        "Samlet status var 2,5 i 2023 (1 af 3 delmål) og er 1,7 i 2024 (3 af 3 delmål); de "
        "to tal bygger ikke på de samme delmål og kan ikke sammenlignes direkte"
    )


def test_a_bar_chart_of_many_cities_fits_the_page():
    """Tester's repro sm_30ok: 37 cities with long names made a picture taller than
    the page, names cut at the left edge. The picture stops at 17 cm (plus its
    title); a long name is shortened with an ellipsis (the table has it whole)."""
    import io

    from PIL import Image

    from dagsorden.dokumenter import diagrammer
    from dagsorden.dokumenter.barometer import DPI, _Tegning

    names = ["Egne tal", *(f"Kommune med et meget langt navn nummer {i}" for i in range(36))]
    png = diagrammer.soejle_png(names, [60.0 + i for i in range(37)], str, titel="Delmål B")
    height_cm = Image.open(io.BytesIO(png)).height / DPI * 2.54
    assert height_cm == pytest.approx(diagrammer.SOEJLE_MAKS_CM + 0.6, abs=0.05)
    t = _Tegning(diagrammer.BREDDE_CM, 5, DPI)
    room = t.x(0.4) - t.px(12)
    short = diagrammer._kort(t, names[5], 6, room / 2)
    assert short.endswith("…") and names[5].startswith(short[:-1])
    assert t.tekstbredde(short, 6) <= room / 2
    assert diagrammer._kort(t, "Aarhus", 8, room) == "Aarhus"


def test_a_long_link_in_the_activity_table_breaks_no_other_column(tmp_path):
    """Tester's repro akt_url: a link in Kommentar took its whole length as the
    column's least width, and 'Fremdrift', 'Socialforvaltningen' and the dates broke
    mid-word. Now every other column is at least as wide as its longest word."""
    from dagsorden.dokumenter.docx_body import column_needs
    from dagsorden.kerne.model import Aktivitet, Delmaal, Fremdrift, Maal, Pejlemaerke
    from dagsorden.kerne.status import build_report
    from dagsorden.kilder.pejlemaerke_workbook import read_pejlemaerke

    url = (
        "https://www.kk.dk/politik/politiske-udvalg/socialudvalget/moeder/2024/"
        "dagsordenspunkt-12-evaluering-af-strategi-og-handleplan-bilag-2.pdf"
    )
    p = read_pejlemaerke(next(OPDIGTET.glob("*.xlsx")))
    from dataclasses import replace

    p = replace(
        p,
        aktiviteter=(
            *p.aktiviteter,
            Aktivitet("Se evalueringen", ("A",), "Socialforvaltningen", "01.06.2024",
                      Fremdrift.GUL, url),
        ),
    )  # fmt: skip
    assert isinstance(p.delmaal[0], Delmaal) and isinstance(p, Pejlemaerke) and Maal
    target = build_statusbilag(build_report([p], Config()), tmp_path / "b.docx")
    document = Document(str(target))
    table = by_caption(document, "Tabel 5. Status på aktiviteterne under pejlemærke 10")
    rows = texts(table)
    assert rows[-1][5] == url  # the cell keeps the link whole
    columns = [[row[c] for row in rows] for c in range(5)]
    minimum, _ = column_needs(columns, size_pt=9, bold_first=True)
    widths = [col.width.cm for col in table.columns]
    for c in range(5):
        assert widths[c] >= minimum[c] - 0.01, (rows[0][c], widths[c], minimum[c])
