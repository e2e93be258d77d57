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
        "Bedre end i 2023: B (76% → 79%). "
        "Dårligere end i 2023: A (430 → 441) og C (126 → 128). "
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
