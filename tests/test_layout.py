"""The bundled meeting as a secretary would print it: A4 pages, whole figures, tables
that hold together, real lists.

The Word checks read the built .docx files with python-docx; the `libreoffice` tests
convert them with headless LibreOffice (with the metric-compatible fonts
scripts/ensure-libreoffice installs) and read the PDF's text with pdftotext.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from collections import Counter
from pathlib import Path

import pytest
from click.testing import CliRunner
from docx import Document
from docx.oxml.ns import qn

from dagsorden.cli import main
from dagsorden.dokumenter.docx_body import TEXT_WIDTH_CM, text_width_cm
from dagsorden.dokumenter.statusbilag import figur, maal_tekst
from dagsorden.kerne.oekonomi import oekonomi_tabel
from dagsorden.kilder.budget_workbook import read_budget
from dagsorden.kilder.pejlemaerke_workbook import read_pejlemaerker

ROOT = Path(__file__).resolve().parents[1]
WORKBOOKS = sorted((ROOT / "workbooks" / "eksempler").glob("*.xlsx"))
BUDGET = ROOT / "cases" / "forebyggelse" / "budget.xlsx"
A4 = (595.0, 842.0)
CELL_MARGINS_CM = 2 * 0.19


def normal(text: str) -> str:
    """No-break spaces and hyphens read as their plain forms."""
    return text.replace("\u00a0", " ").replace("\u2011", "-")


def workbook_figures() -> set[str]:
    """Every figure of the example workbooks as the documents print it ("1.581",
    "95,9%", "<1,1%"), and every figure of the Økonomi table ("-690")."""
    figures = set()
    for p in read_pejlemaerker(WORKBOOKS):
        for d in (x for top in p.delmaal for x in (top, *top.underpunkter)):
            figures |= {figur(d.baseline, d.enhed), figur(d.status, d.enhed)}
            figures.add(maal_tekst(d.maal, d.enhed))
    for row in oekonomi_tabel(read_budget(BUDGET)).raekker:
        figures |= set(row.celler[1:])
    return {normal(f) for f in figures} - {"-", ""}


@pytest.fixture(scope="module")
def meeting(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The bundled meeting, built once: its medlemmer set (with the closed item)."""
    ud = tmp_path_factory.mktemp("layout") / "ud"
    with pytest.MonkeyPatch.context() as patch:
        patch.chdir(ROOT)
        result = CliRunner().invoke(main, ["byg", "cases/moede.yaml", "-o", str(ud), "--stille"])
    assert result.exit_code == 0, result.output
    return ud / "medlemmer"


def papers(meeting: Path) -> list[Path]:
    """Each document of the meeting; samlet.docx is these put together."""
    return sorted(p for p in meeting.glob("*.docx") if p.name != "samlet.docx")


def cell_texts(document) -> list[str]:
    """The text of every table cell once (a merged cell is one w:tc)."""
    return [
        normal("\n".join(p.text for p in cell_paragraphs(tc, document)))
        for tc in document.element.body.iter(qn("w:tc"))
    ]


def cell_paragraphs(tc, document):
    from docx.text.paragraph import Paragraph

    return [Paragraph(p, document) for p in tc.findall(qn("w:p"))]


# --- Word ----------------------------------------------------------------------------


def test_every_page_setup_is_a4_portrait_with_danish_margins(meeting):
    for path in [*papers(meeting), meeting / "samlet.docx"]:
        for section in Document(path).sections:
            size = (round(section.page_width.cm, 1), round(section.page_height.cm, 1))
            assert size in ((21.0, 29.7), (29.7, 21.0)), path.name
            assert round(section.left_margin.cm, 1) == round(section.right_margin.cm, 1) == 2.0
            assert round(section.top_margin.cm, 1) == 3.0
            assert round(section.bottom_margin.cm, 1) == 2.5


def test_the_templates_are_a4_in_arial():
    for template in sorted((ROOT / "templates").glob("*.docx")):
        document = Document(template)
        section = document.sections[0]
        assert (round(section.page_width.cm, 1), round(section.page_height.cm, 1)) == (
            21.0,
            29.7,
        ), template.name
        defaults = document.styles.element.find(qn("w:docDefaults"))
        fonts = defaults.find(f"{qn('w:rPrDefault')}/{qn('w:rPr')}/{qn('w:rFonts')}")
        assert fonts.get(qn("w:ascii")) == fonts.get(qn("w:hAnsi")) == "Arial", template.name
        assert document.styles["Normal"].font.name == "Arial"


def test_every_table_row_stays_whole_and_the_header_repeats(meeting):
    tables = 0
    for path in papers(meeting):
        for table in Document(path).tables:
            tables += 1
            rows = table._tbl.tr_lst
            assert all(
                tr.trPr is not None and tr.trPr.find(qn("w:cantSplit")) is not None for tr in rows
            ), path.name
            assert rows[0].trPr.find(qn("w:tblHeader")) is not None, path.name
    assert tables >= 12


def test_columns_fit_the_a4_column_and_every_figure_fits_its_column(meeting):
    figures = workbook_figures()
    checked = 0
    for path in papers(meeting):
        document = Document(path)
        for table in document.tables:
            grid = [c.w.cm for c in table._tbl.tblGrid.gridCol_lst]
            assert sum(grid) <= TEXT_WIDTH_CM + 0.05, (path.name, grid)
            for tc in table._tbl.iter(qn("w:tc")):
                text = normal("".join(t.text or "" for t in tc.iter(qn("w:t"))))
                if text not in figures:
                    continue
                size = next(
                    (int(sz.get(qn("w:val"))) / 2 for sz in tc.iter(qn("w:sz"))),
                    10.5,
                )
                assert tc.width is not None, (path.name, text)
                assert tc.width.cm >= text_width_cm(text, size) + CELL_MARGINS_CM, (path.name, text)
                checked += 1
    assert checked > 50


def test_at_punkter_and_numbered_lists_are_word_lists(meeting):
    at_punkter = 0
    for path in papers(meeting):
        document = Document(path)
        for paragraph in document.paragraphs:
            if paragraph.style.name == "At-punkt" and paragraph.text.startswith("at "):
                at_punkter += 1
                assert paragraph._p.pPr.numPr is not None, path.name
            if paragraph.style.name.startswith("List Number"):
                style_num = paragraph.style.element.pPr.numPr
                assert paragraph._p.pPr.numPr is not None or style_num is not None
            # No number typed by hand before an at-punkt.
            assert not re.match(r"^\d+\. at ", paragraph.text), (path.name, paragraph.text)
    assert at_punkter >= 6


def test_the_status_appendix_prints_every_workbook_figure(meeting):
    appendix = meeting / "1-pejlemaerker-2014-bilag-1.docx"
    printed = Counter(cell_texts(Document(appendix)))
    pejlemaerke_figures = workbook_figures() - set(
        normal(c) for r in oekonomi_tabel(read_budget(BUDGET)).raekker for c in r.celler[1:]
    )
    assert pejlemaerke_figures
    missing = sorted(f for f in pejlemaerke_figures if not printed[f])
    assert not missing


# --- LibreOffice ---------------------------------------------------------------------


@pytest.fixture(scope="module")
def pdfs(meeting, libreoffice) -> dict[str, Path]:
    converted = libreoffice([*papers(meeting), meeting / "samlet.docx"], "pdf")
    return {p.stem: p for p in converted}


def pdf_text(pdf: Path) -> str:
    pdftotext = shutil.which("pdftotext")
    assert pdftotext, "pdftotext (poppler-utils) mangler: kør scripts/ensure-libreoffice"
    result = subprocess.run(
        [pdftotext, "-layout", "-enc", "UTF-8", str(pdf), "-"],
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    )
    return normal(result.stdout)


def page_sizes(pdf: Path) -> list[tuple[float, float]]:
    pdfinfo = shutil.which("pdfinfo")
    assert pdfinfo, "pdfinfo (poppler-utils) mangler: kør scripts/ensure-libreoffice"
    result = subprocess.run(
        [pdfinfo, "-f", "1", "-l", "100000", str(pdf)],
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    )
    return [
        (float(w), float(h))
        for w, h in re.findall(r"^Page +\d+ size: +([\d.]+) x ([\d.]+) pts", result.stdout, re.M)
    ]


@pytest.mark.libreoffice
def test_every_page_is_a4(pdfs):
    for name, pdf in pdfs.items():
        sizes = page_sizes(pdf)
        assert sizes, name
        for width, height in sizes:
            portrait = abs(width - A4[0]) <= 1 and abs(height - A4[1]) <= 1
            landscape = abs(width - A4[1]) <= 1 and abs(height - A4[0]) <= 1
            assert portrait or landscape, (name, width, height)


@pytest.mark.libreoffice
def test_every_figure_appears_whole_in_the_pdf(meeting, pdfs):
    """A figure broken over two lines ("10.59" / "8") is two words in the PDF's text:
    each figure must be a whole word at least as often as the tables print it."""
    figures = workbook_figures()
    for path in papers(meeting):
        in_tables = Counter(t for t in cell_texts(Document(path)) if t in figures)
        if not in_tables:
            continue
        words = Counter(pdf_text(pdfs[path.stem]).split())
        broken = {f: (n, words[f]) for f, n in in_tables.items() if words[f] < n}
        assert not broken, (path.name, broken)


@pytest.mark.libreoffice
def test_headers_break_only_between_words(pdfs):
    """The overview's headers: no word cut in two ("Basel" / "ine")."""
    words = set(pdf_text(pdfs["1-pejlemaerker-2014-bilag-1"]).split())
    for word in ("Pejlemærke", "Baseline", "Status", "Samlet"):
        assert word in words
    for piece in ("Basel", "ine", "Statu", "pejlem"):
        assert piece not in words
