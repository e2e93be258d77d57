"""The agenda and packet as municipalities publish them (issue 13 §3).

The agenda has a front page (udvalg, the date in words, place, members, in the
referat who was absent) and a contents list of punkter and bilag with their page
numbers in the packet; every punkt and bilag of samlet.docx carries a running header
(udvalg, date, punkt); pages are numbered through the whole packet with PAGE and
NUMPAGES; samlet.pdf is samlet.docx converted once, its page N reading "Side N af
TOTAL", a PDF bilag's pages standing where samlet.docx keeps pages for them.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pikepdf
import pytest
import yaml
from docx import Document
from docx.oxml.ns import qn

from dagsorden.byg.moede import byg
from dagsorden.kerne.scoring import Config

ROOT = Path(__file__).resolve().parents[1]
HOVED = "Socialudvalget · onsdag den 19. november 2014 kl. 16.00 · Punkt {}"
MEDLEMMER = ["Anna Andersen", "Bo Berg", "Cecilie Carlsen"]


def project(root: Path, *, pdf_bilag: bool = False) -> Path:
    """A copy of the bundled meeting with members (and, if asked, a three-page PDF
    bilag to punkt 2); returns its meeting file."""
    shutil.copytree(ROOT / "cases", root / "cases")
    shutil.copytree(ROOT / "workbooks", root / "workbooks")
    moedefil = root / "cases" / "moede.yaml"
    data = yaml.safe_load(moedefil.read_text(encoding="utf-8"))
    data["medlemmer"] = MEDLEMMER
    data["fravaerende"] = ["Bo Berg"]
    moedefil.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    if pdf_bilag:
        sag = root / "cases" / "forebyggelse" / "sag.md"
        _, front, body = sag.read_text(encoding="utf-8").split("---\n", 2)
        meta = yaml.safe_load(front)
        meta["bilag"] = [{"titel": "Brev fra ministeriet", "fil": "bilag/brev.pdf"}]
        (sag.parent / "bilag").mkdir(exist_ok=True)
        pdf = pikepdf.new()
        for _ in range(3):
            pdf.add_blank_page(page_size=(595, 842))
        pdf.Root.MarkInfo = pikepdf.Dictionary(Marked=True)
        pdf.Root.StructTreeRoot = pdf.make_indirect(
            pikepdf.Dictionary(Type=pikepdf.Name.StructTreeRoot, K=pikepdf.Array())
        )
        pdf.Root.Lang = pikepdf.String("da-DK")
        with pdf.open_metadata(set_pikepdf_as_editor=False) as xmp:
            xmp["dc:title"] = "Brev"
        pdf.save(sag.parent / "bilag" / "brev.pdf")
        text = yaml.safe_dump(meta, allow_unicode=True, sort_keys=False)
        sag.write_text(f"---\n{text}---\n{body}", encoding="utf-8")
    return moedefil


@pytest.fixture(scope="module")
def docx_build(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("forside")
    ud = root / "ud"
    byg(project(root), ud, Config())
    return ud


def texts(path: Path) -> list[str]:
    return [p.text for p in Document(str(path)).paragraphs]


def contents(path: Path) -> list[tuple[str, str]]:
    """(entry text, page number) of each contents line."""
    document = Document(str(path))
    lines = []
    for paragraph in document.paragraphs:
        if paragraph.style.style_id in ("Indhold1", "Indhold2"):
            text, _, page = paragraph.text.rpartition("\t")
            lines.append((text, page))
    return lines


def test_the_front_page_names_udvalg_date_in_words_place_and_members(docx_build):
    lines = texts(docx_build / "medlemmer" / "dagsorden.docx")
    assert lines[:5] == [
        "Dagsorden",
        "Socialudvalget",
        "Mødetidspunkt: onsdag den 19. november 2014 kl. 16.00",
        "Mødested: Rådhuset, stuen, værelse 8",
        "Medlemmer: Anna Andersen, Bo Berg og Cecilie Carlsen",
    ]
    assert not any(line.startswith("Fraværende") for line in lines)  # the referat's


def test_the_contents_list_names_punkter_and_bilag(docx_build):
    members = [text for text, _ in contents(docx_build / "medlemmer" / "dagsorden.docx")]
    assert members == [
        "1. Status på Socialudvalgets pejlemærker 2014",
        "Bilag 1 – Status på pejlemærkerne",
        "2. Deltagelse i Socialministeriets forebyggelsesprojekt",
        "3. Evaluering af strategi og handleplan for de fælles borgere i BIF og SOF",
        "Bilag 1 – Evaluering af BIF-SOF strategi og handleplan",
        "Bilag 2 – Status på målene i BIF-SOF strategien",
        "Bilag 3 – Eksempler på det gode samarbejde",
        "4. Klage over afgørelse om botilbud (lukket punkt)",
        "5. Eventuelt",
    ]
    public = [text for text, _ in contents(docx_build / "offentlig" / "dagsorden.docx")]
    assert public[-2:] == ["4. Lukket punkt", "5. Eventuelt"]
    assert "Klage" not in " ".join(texts(docx_build / "offentlig" / "samlet.docx"))
    # Without a PDF nobody has counted the pages: no number is made up.
    assert {page for _, page in contents(docx_build / "medlemmer" / "dagsorden.docx")} == {""}


def _fields(element) -> list[str]:
    return [" ".join((t.text or "").split()) for t in element.iter(qn("w:instrText"))]


def test_samlet_docx_numbers_pages_through_the_packet(docx_build):
    document = Document(str(docx_build / "medlemmer" / "samlet.docx"))
    body = document.element.body
    bookmarks = {b.get(qn("w:name")) for b in body.iter(qn("w:bookmarkStart"))}
    refs = [f for f in _fields(body) if f.startswith("PAGEREF")]
    assert len(refs) == 9
    for ref in refs:
        assert ref.split()[1] in bookmarks, ref
    assert {"Punkt1", "Punkt1Bilag1", "Punkt3Bilag3", "Dagsorden5"} <= bookmarks
    # No part restarts its numbers, and its NUMPAGES is the packet's, not its section's.
    assert body.find(f".//{qn('w:pgNumType')}[@{qn('w:start')}]") is None
    footers = {field for section in document.sections for field in _fields(section.footer._element)}
    assert footers == {"PAGE", "NUMPAGES"}


def test_every_punkt_and_bilag_carries_its_running_header(docx_build):
    document = Document(str(docx_build / "medlemmer" / "samlet.docx"))
    headers = [
        s.header.paragraphs[0].text if s.header.paragraphs else "" for s in document.sections
    ]
    # The agenda has none; then punkt 1, its bilag; punkt 2; punkt 3 and three bilag;
    # the closed punkt 4 (in the members' set).
    assert headers[0] == ""
    expected = [HOVED.format(n) for n in (1, 1, 2, 3, 3, 3, 3, 4)]
    assert [h for h in headers[1:] if h] == expected
    assert all(h in expected for h in headers[1:])


def test_the_referat_keeps_the_front_page_and_says_who_was_absent(tmp_path):
    ud = tmp_path / "ud"
    byg(project(tmp_path), ud, Config(), referat=True)
    lines = texts(ud / "medlemmer" / "referat.docx")
    assert lines[0] == "Referat"
    assert "Medlemmer: Anna Andersen, Bo Berg og Cecilie Carlsen" in lines
    assert "Fraværende: Bo Berg" in lines


# --- with LibreOffice --------------------------------------------------------------------


def pdf_pages(path: Path) -> list[str]:
    with pikepdf.open(path) as pdf:
        count = len(pdf.pages)
    return [
        subprocess.run(
            ["pdftotext", "-f", str(n), "-l", str(n), "-layout", str(path), "-"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        for n in range(1, count + 1)
    ]


@pytest.fixture(scope="module")
def pdf_build(soffice, tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("forside-pdf")
    ud = root / "ud"
    byg(project(root, pdf_bilag=True), ud, Config(), pdf=True)
    return ud


@pytest.mark.libreoffice
@pytest.mark.parametrize("name", ["medlemmer", "offentlig"])
def test_page_n_reads_side_n_af_total(pdf_build, name):
    pages = pdf_pages(pdf_build / name / "samlet.pdf")
    for index, text in enumerate(pages, start=1):
        assert re.findall(r"Side \d+ af \d+", text) == [f"Side {index} af {len(pages)}"]


@pytest.mark.libreoffice
@pytest.mark.parametrize("name", ["medlemmer", "offentlig"])
def test_the_contents_page_numbers_are_where_the_punkter_start(pdf_build, name):
    pages = pdf_pages(pdf_build / name / "samlet.pdf")
    agenda = contents(pdf_build / name / "dagsorden.docx")
    assert contents(pdf_build / name / "samlet.docx") == agenda  # Word's cached results
    assert all(page.isdigit() for _, page in agenda), agenda
    # The contents list as samlet.pdf prints it (LibreOffice's own PAGEREF results).
    front = " ".join(pages[0].split())
    for text, page in agenda:
        assert re.search(re.escape(text) + r"\.*" + page + r"\b", front), (text, page)
    with pikepdf.open(pdf_build / name / "samlet.pdf") as pdf, pdf.open_outline() as outline:
        starts = {
            item.title: pdf.pages.index(pikepdf.Page(item.destination[0])) + 1
            for top in outline.root
            for item in (top, *top.children)
        }
    for text, page in agenda:
        number = re.match(r"(\d+)\. (.*?)(?: \(lukket punkt\))?$", text)
        if number and f"Punkt {number.group(1)}. {number.group(2)}" in starts:
            title = number.group(2)
            assert starts[f"Punkt {number.group(1)}. {title}"] == int(page)
            assert title.split(" (")[0] in " ".join(pages[int(page) - 1].split())
        elif number:  # a standing item or a closed one in public: its agenda page
            assert number.group(2) in " ".join(pages[int(page) - 1].split())


@pytest.mark.libreoffice
def test_a_pdf_bilag_stands_on_the_pages_kept_for_it_under_the_header(pdf_build):
    pages = pdf_pages(pdf_build / "medlemmer" / "samlet.pdf")
    agenda = dict(contents(pdf_build / "medlemmer" / "dagsorden.docx"))
    start = int(agenda["Bilag 1 – Brev fra ministeriet"])
    for index in range(start - 1, start + 2):  # its three blank pages, framed
        body = [line.strip() for line in pages[index].splitlines() if line.strip()]
        assert body == [HOVED.format(2), f"Side {index + 1} af {len(pages)}"], body
    # In Word the same three pages: the note, then two kept pages.
    lines = texts(pdf_build / "medlemmer" / "samlet.docx")
    assert any("Vedlagt som PDF-fil: 2-forebyggelse-bilag-1.pdf (3 sider" in t for t in lines)
    assert sum("Bilag 1 – Brev fra ministeriet, side" in t for t in lines) == 2
