"""The meeting packet (issue 5, section 2): samlet.docx and samlet.pdf.

The parts are small Word files made here with python-docx: an agenda, punkt 1 in
landscape with a table with a shaded cell and a footer "Sagsnr. 1 · Side x af y",
punkt 2 (two pages) with a List Number list, a picture with alt text and a style of
its own, and its notat bilag; punkt 1 has a two-page PDF bilag and an Excel bilag.
Both punkter are called indstilling.docx, in folders of their own.

samlet.docx is read back with python-docx and, once, rendered by LibreOffice to see
every part start on a page of its own. samlet.pdf is read back with pypdf: pages,
bookmarks and where they point.
"""

from __future__ import annotations

import io
import shutil
import subprocess
import sys
import time
import zipfile
from dataclasses import dataclass, replace
from pathlib import Path

import pytest
from docx import Document
from docx.enum.section import WD_ORIENT, WD_SECTION_START
from docx.enum.style import WD_STYLE_TYPE
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Cm, RGBColor
from openpyxl import Workbook
from PIL import Image
from pypdf import PdfReader, PdfWriter

from dagsorden.byg.pakke import (
    Del,
    compose_docx,
    compose_parts,
    copy_sheet_for_print,
    keep_sheet_pages,
    make_pdf,
    make_pdfs,
)
from dagsorden.errors import DagsordenError, PakkeError

ROOT = Path(__file__).resolve().parents[1]

AGENDA = "Dagsorden for Socialudvalget"
PUNKT_1 = "Punkt 1. Budgetopfølgning"
PUNKT_2 = "Punkt 2. Ny handleplan"
NOTAT = "Notat om handleplanen"
PDF_PAGES = ["Budget 2011 første side", "Budget 2011 anden side"]
XLSX_TEXT = "Budget i tal"
LIST_ITEMS = ["Første skridt", "Andet skridt", "Tredje skridt"]
SHADE = "FFC000"
ALT_TEXT = "Alt tekst"
STYLE_COLOR = RGBColor(0x12, 0x34, 0x56)

TITLES = [
    "Dagsorden",
    PUNKT_1,
    "Bilag 1. Budget 2011",
    "Bilag 2. Budget i tal",
    PUNKT_2,
    "Bilag 1. Notat om handleplanen",
]
# Pages per part in samlet.pdf, by construction: the PDF bilag and punkt 2 have two.
PAGES = [1, 1, 2, 1, 2, 1]
FIRST_WORDS = [AGENDA, PUNKT_1, PDF_PAGES[0], XLSX_TEXT, PUNKT_2, NOTAT]


def _png() -> bytes:
    stream = io.BytesIO()
    Image.new("RGB", (8, 8), (200, 30, 30)).save(stream, format="PNG")
    return stream.getvalue()


PNG = _png()


def add_field(paragraph, instruction: str) -> None:
    """A complex field, as Word writes PAGE and NUMPAGES in a footer."""
    runs = [
        '<w:fldChar w:fldCharType="begin"/>',
        f'<w:instrText xml:space="preserve"> {instruction} </w:instrText>',
        '<w:fldChar w:fldCharType="separate"/>',
        "<w:t>1</w:t>",
        '<w:fldChar w:fldCharType="end"/>',
    ]
    for run in runs:
        paragraph._p.append(parse_xml(f"<w:r {nsdecls('w')}>{run}</w:r>"))


def new_document(heading: str):
    document = Document()
    document.add_heading(heading, level=1)
    return document


def agenda(path: Path) -> Path:
    document = new_document(AGENDA)
    document.add_paragraph("Mødedato: 1. december 2010, kl. 15.00")
    document.add_paragraph(PUNKT_1)
    document.add_paragraph(PUNKT_2)
    document.save(path)
    return path


def punkt_1(path: Path) -> Path:
    """Landscape, a table with one shaded cell, a footer with its page count."""
    document = new_document(PUNKT_1)
    section = document.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = section.page_height, section.page_width
    document.add_paragraph(
        "Forvaltningen indstiller, at udvalget tager orienteringen til efterretning."
    )
    table = document.add_table(rows=2, cols=2)
    table.style = document.styles["Table Grid"]
    for (row, column), text in {(0, 0): "Område", (0, 1): "Afvigelse", (1, 0): "Handicap"}.items():
        table.cell(row, column).text = text
    table.cell(1, 1).text = "-2,5 mio. kr."
    table.cell(1, 1)._tc.get_or_add_tcPr().append(
        parse_xml(f'<w:shd {nsdecls("w")} w:val="clear" w:color="auto" w:fill="{SHADE}"/>')
    )
    footer = section.footer.paragraphs[0]
    footer.text = "Sagsnr. 1 · Side "
    add_field(footer, "PAGE")
    footer.add_run(" af ")
    add_field(footer, "NUMPAGES")
    document.save(path)
    return path


def punkt_2(path: Path) -> Path:
    """Two pages: a List Number list, a picture with alt text, a style of its own."""
    document = new_document(PUNKT_2)
    style = document.styles.add_style("Bilagstekst", WD_STYLE_TYPE.PARAGRAPH)
    style.font.color.rgb = STYLE_COLOR
    document.add_paragraph("Handleplanen har tre skridt:", style="Bilagstekst")
    for item in LIST_ITEMS:
        document.add_paragraph(item, style="List Number")
    document.add_page_break()
    document.add_paragraph("Billedet viser planen.")
    document.add_picture(io.BytesIO(PNG), width=Cm(2))
    document.inline_shapes[0]._inline.docPr.set("descr", ALT_TEXT)
    document.save(path)
    return path


def notat(path: Path) -> Path:
    document = new_document(NOTAT)
    document.add_paragraph("Notatet uddyber handleplanen.")
    document.save(path)
    return path


def workbook(path: Path) -> Path:
    book = Workbook()
    book.active["A1"] = XLSX_TEXT
    book.active["A2"] = 1234.5
    book.save(path)
    return path


def blank_pdf(path: Path) -> Path:
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    writer.write(path)
    return path


@dataclass
class Packet:
    folder: Path
    dele: list[Del]


def make_packet(folder: Path, pdf_bilag: Path) -> Packet:
    for sub in ("punkt1", "punkt2"):
        (folder / sub).mkdir(parents=True)
    files = [
        agenda(folder / "dagsorden.docx"),
        punkt_1(folder / "punkt1" / "indstilling.docx"),
        pdf_bilag,
        workbook(folder / "punkt1" / "budget.xlsx"),
        punkt_2(folder / "punkt2" / "indstilling.docx"),
        notat(folder / "punkt2" / "notat.docx"),
    ]
    levels = [0, 0, 1, 1, 0, 1]
    return Packet(folder, [Del(t, f, n) for t, f, n in zip(TITLES, files, levels, strict=True)])


@pytest.fixture
def packet(tmp_path: Path) -> Packet:
    """The packet with a blank PDF bilag: enough for samlet.docx."""
    (tmp_path / "bilag").mkdir()
    return make_packet(tmp_path / "moede", blank_pdf(tmp_path / "bilag" / "budget.pdf"))


@pytest.fixture(scope="session")
def pdf_bilag(libreoffice, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A two-page PDF with text, made by LibreOffice from a Word file."""
    folder = tmp_path_factory.mktemp("pdf-bilag")
    document = Document()
    document.add_paragraph(PDF_PAGES[0])
    document.add_page_break()
    document.add_paragraph(PDF_PAGES[1])
    document.save(folder / "budget.docx")
    (pdf,) = libreoffice([folder / "budget.docx"], "pdf")
    return pdf


@pytest.fixture
def pdf_packet(tmp_path: Path, pdf_bilag: Path) -> Packet:
    (tmp_path / "bilag").mkdir()
    return make_packet(tmp_path / "moede", Path(shutil.copy(pdf_bilag, tmp_path / "bilag")))


def counting(soffice: str, folder: Path) -> tuple[str, Path]:
    """A soffice that notes each start in a log, then runs the real one."""
    log = folder / "soffice-starter.log"
    wrapper = folder / "soffice"
    wrapper.write_text(f'#!/bin/sh\necho start >> "{log}"\nexec "{soffice}" "$@"\n')
    wrapper.chmod(0o755)
    return str(wrapper), log


def starts(log: Path) -> int:
    return len(log.read_text().splitlines()) if log.exists() else 0


def fake_soffice(folder: Path, script: str) -> str:
    program = folder / "fake-soffice"
    program.write_text(f"#!/bin/sh\n{script}\n")
    program.chmod(0o755)
    return str(program)


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


# --- the parts ------------------------------------------------------------------------


def test_a_part_is_level_0_or_1():
    with pytest.raises(ValueError, match="niveau"):
        Del("Bilag 1. x", Path("x.pdf"), niveau=2)


def test_importing_the_module_starts_nothing_heavy():
    code = (
        "import sys, dagsorden.byg.pakke; "
        "print(sorted(m for m in ('pypdf', 'docxcompose') if m in sys.modules))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT
    )
    assert result.stdout.strip() == "[]"


@pytest.mark.parametrize("compose", [True, False], ids=["docx", "pdf"])
def test_every_bad_part_is_named_at_once(tmp_path, compose):
    good = agenda(tmp_path / "dagsorden.docx")
    text = tmp_path / "tekst.docx"
    text.write_text("Det her er ikke et Word-dokument.")
    renamed = tmp_path / "regneark.docx"
    shutil.copy(workbook(tmp_path / "budget.xlsx"), renamed)
    not_pdf = tmp_path / "scan.pdf"
    not_pdf.write_bytes(PNG)
    dele = [
        Del("Dagsorden", good),
        Del("Punkt 1. Tekst", text),
        Del("Bilag 1. Væk", tmp_path / "findes-ikke.pdf", 1),
        Del("Bilag 2. Gammel", tmp_path / "gammel.doc", 1),
        Del("Bilag 3. Regneark", renamed, 1),
        Del("Bilag 4. Scan", not_pdf, 1),
    ]
    (tmp_path / "gammel.doc").write_bytes(b"\xd0\xcf\x11\xe0")
    target = tmp_path / "ud" / ("samlet.docx" if compose else "samlet.pdf")
    target.parent.mkdir()
    program, log = counting("/bin/false", tmp_path)

    with pytest.raises(PakkeError) as caught:
        if compose:
            compose_docx(dele, target)
        else:
            make_pdf(dele, target, soffice=program)

    assert str(caught.value).splitlines() == [
        f"{text}: er ikke en Word-fil (filen er ødelagt eller har forkert endelse).",
        f"{tmp_path / 'findes-ikke.pdf'}: filen findes ikke.",
        f"{tmp_path / 'gammel.doc'}: kan ikke lægges i mødepakken; kun .docx, .pdf og .xlsx kan.",
        f"{renamed}: er ikke en Word-fil (filen har forkert endelse).",
        f"{not_pdf}: er ikke en PDF-fil.",
    ]
    assert caught.value.filer == tuple(
        str(p)
        for p in (text, tmp_path / "findes-ikke.pdf", tmp_path / "gammel.doc", renamed, not_pdf)
    )
    assert leftovers(target.parent) == []
    assert starts(log) == 0


# --- samlet.docx ----------------------------------------------------------------------


@pytest.fixture
def samlet(packet: Packet):
    target = packet.folder / "samlet.docx"
    assert compose_docx(packet.dele, target) == target
    return Document(target)


def section_texts(document) -> list[list[str]]:
    """The paragraphs' texts (table cells' too), section by section."""
    texts = []
    for section in document.sections:
        lines = []
        for block in section.iter_inner_content():
            if hasattr(block, "rows"):
                lines += [cell.text for row in block.rows for cell in row.cells]
            elif block.text:
                lines.append(block.text)
        texts.append(lines)
    return texts


def test_each_part_is_a_section_starting_on_a_new_page(samlet):
    sections = samlet.sections
    assert len(sections) == len(TITLES)
    assert all(s.start_type == WD_SECTION_START.NEW_PAGE for s in sections)
    # Page numbers run through the packet (issue 13 §3): no part starts again from 1.
    assert not any(s._sectPr.xpath("./w:pgNumType/@w:start") for s in sections)
    # A part's sectPr sits in its last paragraph; only punkt 1, which ends in its
    # table, gets an empty paragraph to hold it.
    ends = [p for p in samlet.paragraphs if p._p.pPr is not None and p._p.pPr.sectPr is not None]
    assert [p.text for p in ends] == [
        PUNKT_2,
        "",
        "Vedlagt som PDF-fil: budget.pdf (1 side; i samlet.pdf står bilagets sider her).",
        "Vedlagt som Excel-fil: budget.xlsx (1 side; i samlet.pdf står bilagets sider her).",
        "",
    ]
    assert ends[1]._p.getprevious().tag == qn("w:tbl")
    assert ends[-1]._p.xpath(".//wp:docPr/@descr") == [ALT_TEXT]


def test_the_parts_texts_in_order(samlet):
    assert section_texts(samlet) == [
        [AGENDA, "Mødedato: 1. december 2010, kl. 15.00", PUNKT_1, PUNKT_2],
        [
            PUNKT_1,
            "Forvaltningen indstiller, at udvalget tager orienteringen til efterretning.",
            "Område",
            "Afvigelse",
            "Handicap",
            "-2,5 mio. kr.",
        ],
        [
            "Bilag 1. Budget 2011",
            "Vedlagt som PDF-fil: budget.pdf (1 side; i samlet.pdf står bilagets sider her).",
        ],
        [
            "Bilag 2. Budget i tal",
            "Vedlagt som Excel-fil: budget.xlsx (1 side; i samlet.pdf står bilagets sider her).",
        ],
        [PUNKT_2, "Handleplanen har tre skridt:", *LIST_ITEMS, "Billedet viser planen."],
        [NOTAT, "Notatet uddyber handleplanen."],
    ]


def test_a_placeholder_page_has_a_heading(samlet):
    headings = [p.text for p in samlet.paragraphs if p.style.name == "Heading 1"]
    assert headings == [
        AGENDA,
        PUNKT_1,
        "Bilag 1. Budget 2011",
        "Bilag 2. Budget i tal",
        PUNKT_2,
        NOTAT,
    ]


def test_each_part_keeps_its_page_setup(samlet):
    orientations = [s.orientation for s in samlet.sections]
    assert orientations == [
        WD_ORIENT.PORTRAIT,
        WD_ORIENT.LANDSCAPE,
        *[WD_ORIENT.LANDSCAPE] * 2,
        WD_ORIENT.PORTRAIT,
        WD_ORIENT.PORTRAIT,
    ]
    assert samlet.sections[1].page_width > samlet.sections[1].page_height


def test_each_part_keeps_its_own_footer(samlet):
    footers = [s.footer for s in samlet.sections]
    # Every section names its footer: none borrows the part's before it by accident.
    assert not any(f.is_linked_to_previous for f in footers)
    texts = [f.paragraphs[0].text if f.paragraphs else "" for f in footers]
    # Punkt 1's footer, and on its bilag's placeholder pages; the others have none.
    assert texts == [
        "",
        "Sagsnr. 1 · Side 1 af 1",
        "Sagsnr. 1 · Side 1 af 1",
        "Sagsnr. 1 · Side 1 af 1",
        "",
        "",
    ]
    instructions = [i.text.strip() for i in footers[1]._element.iter(qn("w:instrText"))]
    # "af" counts the packet's pages, as samlet.pdf has them (issue 13 §3).
    assert instructions == ["PAGE", "NUMPAGES"]


def test_the_shaded_cell_survives(samlet):
    (table,) = samlet.tables
    shading = table.cell(1, 1)._tc.tcPr.find(qn("w:shd"))
    assert shading.get(qn("w:fill")) == SHADE
    assert table.style.name == "Table Grid"


def test_the_picture_and_its_alt_text_survive(samlet):
    (shape,) = samlet.inline_shapes
    assert shape._inline.docPr.get("descr") == ALT_TEXT
    rid = shape._inline.graphic.graphicData.pic.blipFill.blip.embed
    assert samlet.part.related_parts[rid].blob == PNG


def test_the_numbered_list_survives(samlet):
    items = [p for p in samlet.paragraphs if p.style.name == "List Number"]
    assert [p.text for p in items] == LIST_ITEMS
    numbering = samlet.part.numbering_part.element
    for item in items:
        num_id = item._p.xpath("./w:pPr/w:numPr/w:numId/@w:val") or item.style.element.xpath(
            ".//w:numPr/w:numId/@w:val"
        )
        (abstract_id,) = numbering.xpath(f'./w:num[@w:numId="{num_id[0]}"]/w:abstractNumId/@w:val')
        (fmt,) = numbering.xpath(
            f'./w:abstractNum[@w:abstractNumId="{abstract_id}"]/w:lvl[@w:ilvl="0"]/w:numFmt/@w:val'
        )
        assert fmt == "decimal"


def test_a_style_of_the_parts_own_survives(samlet):
    (paragraph,) = [p for p in samlet.paragraphs if p.text == "Handleplanen har tre skridt:"]
    assert paragraph.style.name == "Bilagstekst"
    assert paragraph.style.font.color.rgb == STYLE_COLOR


def test_only_pdf_and_excel_bilag(tmp_path):
    dele = [
        Del("Bilag 1. Budget", blank_pdf(tmp_path / "budget.pdf"), 1),
        Del("Bilag 2. Tal", workbook(tmp_path / "tal.xlsx"), 1),
    ]
    document = Document(compose_docx(dele, tmp_path / "samlet.docx"))
    assert section_texts(document) == [
        [
            "Bilag 1. Budget",
            "Vedlagt som PDF-fil: budget.pdf (1 side; i samlet.pdf står bilagets sider her).",
        ],
        [
            "Bilag 2. Tal",
            "Vedlagt som Excel-fil: tal.xlsx (1 side; i samlet.pdf står bilagets sider her).",
        ],
    ]


def test_a_part_ending_in_a_table_gets_a_paragraph_for_its_section_end(tmp_path):
    document = new_document(PUNKT_1)
    document.add_table(rows=1, cols=1).cell(0, 0).text = "Sidst i punktet"
    assert document.element.body[-2].tag == qn("w:tbl")
    document.save(tmp_path / "tabel.docx")
    dele = [Del(PUNKT_1, tmp_path / "tabel.docx"), Del(NOTAT, notat(tmp_path / "notat.docx"))]
    composed = Document(compose_docx(dele, tmp_path / "samlet.docx"))
    assert section_texts(composed) == [
        [PUNKT_1, "Sidst i punktet"],
        [NOTAT, "Notatet uddyber handleplanen."],
    ]
    *_, last_block = composed.sections[0].iter_inner_content()
    assert last_block.text == ""
    assert last_block._p.pPr.sectPr is not None


def test_the_same_file_twice_is_two_parts(tmp_path):
    part = notat(tmp_path / "notat.docx")
    composed = Document(compose_docx([Del("A", part), Del("B", part)], tmp_path / "samlet.docx"))
    assert section_texts(composed) == [[NOTAT, "Notatet uddyber handleplanen."]] * 2


def test_a_broken_part_leaves_the_old_packet_as_it_was(tmp_path, packet):
    target = packet.folder / "samlet.docx"
    target.write_bytes(b"den gamle pakke")
    broken = packet.folder / "punkt2" / "indstilling.docx"
    broken.write_bytes(broken.read_bytes()[:500])

    with pytest.raises(PakkeError) as caught:
        compose_docx(packet.dele, target)

    assert str(caught.value).startswith(f"{broken}: ")
    assert caught.value.filer == (str(broken),)
    assert target.read_bytes() == b"den gamle pakke"
    assert not [p for p in packet.folder.iterdir() if p.name.startswith(".samlet")]


def test_unreadable_word_xml_is_named(tmp_path):
    part = notat(tmp_path / "notat.docx")
    broken = tmp_path / "ødelagt.docx"
    spoil_document_xml(part, broken)
    with pytest.raises(DagsordenError) as caught:
        compose_docx([Del(NOTAT, part), Del("Ødelagt", broken)], tmp_path / "samlet.docx")
    assert str(caught.value).startswith(f"{broken}: Word-filen kan ikke læses")
    assert leftovers(tmp_path) == ["notat.docx", "ødelagt.docx"]


def test_a_word_file_docxcompose_cannot_follow_is_named(tmp_path):
    document = new_document(NOTAT)
    # A hyperlink to a relationship the file doesn't have: Word repairs it, docxcompose
    # can't copy it.
    document.paragraphs[0]._p.append(
        parse_xml(
            f'<w:hyperlink {nsdecls("w", "r")} r:id="rId999">'
            "<w:r><w:t>her</w:t></w:r></w:hyperlink>"
        )
    )
    document.save(tmp_path / "link.docx")
    dele = [
        Del("Dagsorden", agenda(tmp_path / "dagsorden.docx")),
        Del("Link", tmp_path / "link.docx"),
    ]

    with pytest.raises(PakkeError) as caught:
        compose_docx(dele, tmp_path / "samlet.docx")

    assert str(caught.value).startswith(
        f"{tmp_path / 'link.docx'}: Word-filen kan ikke lægges ind i den samlede pakke (KeyError"
    )
    assert not (tmp_path / "samlet.docx").exists()


def spoil_document_xml(source: Path, target: Path) -> None:
    """A real .docx package whose main XML is garbage."""
    import zipfile

    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w") as new:
        for info in old.infolist():
            data = old.read(info.filename)
            new.writestr(info, b"<<< ikke xml" if info.filename == "word/document.xml" else data)


@pytest.mark.libreoffice
def test_libreoffice_shows_each_part_from_a_new_page(packet, libreoffice):
    compose_docx(packet.dele, packet.folder / "samlet.docx")
    (pdf,) = libreoffice([packet.folder / "samlet.docx"], "pdf")
    pages = [" ".join(page.extract_text().split()) for page in PdfReader(pdf).pages]
    starts_with = [
        AGENDA,
        PUNKT_1,
        "Bilag 1. Budget 2011",
        "Bilag 2. Budget i tal",
        PUNKT_2,
        "Billedet viser",
        NOTAT,
    ]
    assert len(pages) == len(starts_with)
    for page, words in zip(pages, starts_with, strict=True):
        assert page.startswith(words)
    assert "1. Første skridt 2. Andet skridt 3. Tredje skridt" in pages[4]
    # Numbered through the packet: page 2 of 7, not page 1 of its part (issue 13 §3).
    assert pages[1].endswith("Sagsnr. 1 · Side 2 af 7")


# --- samlet.pdf -----------------------------------------------------------------------


def outline_of(reader: PdfReader) -> list[tuple[str, int, int]]:
    """(title, level, page index) for every bookmark, in order."""
    found = []

    def walk(items, level):
        for item in items:
            if isinstance(item, list):
                walk(item, level + 1)
            else:
                found.append((item.title, level, reader.get_destination_page_number(item)))

    walk(reader.outline, 0)
    return found


def page_texts(reader: PdfReader) -> list[str]:
    return [" ".join(page.extract_text().split()) for page in reader.pages]


@pytest.mark.libreoffice
def test_samlet_pdf_in_one_libreoffice_run(pdf_packet, soffice, tmp_path):
    program, log = counting(soffice, tmp_path)
    target = pdf_packet.folder / "samlet.pdf"

    assert make_pdf(pdf_packet.dele, target, soffice=program) == target

    # samlet.docx whole and the .xlsx bilag in one run: the sheet fills the one page
    # samlet.docx keeps for it until it is counted.
    assert starts(log) == 1
    reader = PdfReader(target)
    assert len(reader.pages) == sum(PAGES)
    first_pages = [sum(PAGES[:i]) for i in range(len(PAGES))]
    assert outline_of(reader) == [
        (title, level, page)
        for title, level, page in zip(TITLES, [0, 0, 1, 1, 0, 1], first_pages, strict=True)
    ]
    texts = page_texts(reader)
    for page, words in zip(first_pages, FIRST_WORDS, strict=True):
        assert texts[page].startswith(words)
    # The PDF bilag as it was, both pages; punkt 1 from its own folder, not punkt 2's.
    # Each page framed by the header and footer samlet.docx has for it (issue 13 §3).
    assert texts[2:4] == [
        f"{PDF_PAGES[0]} Sagsnr. 1 · Side 3 af 8",
        f"{PDF_PAGES[1]} Sagsnr. 1 · Side 4 af 8",
    ]
    assert texts[1].endswith(f"Sagsnr. 1 · Side 2 af {sum(PAGES)}")
    landscape = reader.pages[1].mediabox
    assert landscape.width > landscape.height
    assert reader.trailer["/Root"]["/PageMode"] == "/UseOutlines"


@pytest.mark.libreoffice
def test_a_packet_with_pdf_and_sheet_pages_is_the_same_twice(
    pdf_packet, soffice, tmp_path, monkeypatch
):
    """The bilag pages' header and footer are laid over them under names of their
    own, not random ones: the same parts give the same samlet.pdf, byte for byte."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1416405600")
    targets = [tmp_path / "en.pdf", tmp_path / "to.pdf"]
    for target in targets:
        make_pdf(pdf_packet.dele, target, soffice=soffice)
    assert targets[0].read_bytes() == targets[1].read_bytes()


@pytest.mark.libreoffice
def test_two_packets_in_one_libreoffice_run(pdf_packet, soffice, tmp_path):
    program, log = counting(soffice, tmp_path)
    work = tmp_path / "arbejde"
    public = [d for d in pdf_packet.dele if d.fil.parent.name != "punkt2"]
    targets = [pdf_packet.folder / "offentlig.pdf", pdf_packet.folder / "medlemmer.pdf"]

    written = make_pdfs(
        [(public, targets[0]), (pdf_packet.dele, targets[1])], soffice=program, arbejdsmappe=work
    )

    assert written == targets
    assert starts(log) == 1  # both samlet.docx and the sheet
    assert [title for title, _, _ in outline_of(PdfReader(targets[0]))] == TITLES[:4]
    assert [title for title, _, _ in outline_of(PdfReader(targets[1]))] == TITLES
    assert "Handleplanen" not in " ".join(page_texts(PdfReader(targets[0])))
    # The conversion's own folder is gone again.
    assert leftovers(work) == []


def long_workbook(path: Path, rows: int = 150) -> Path:
    """A sheet LibreOffice prints on several pages."""
    book = Workbook()
    book.active["A1"] = XLSX_TEXT
    for row in range(2, rows + 2):
        book.active.cell(row, 1, f"Linje {row}")
        book.active.cell(row, 2, row * 1000)
    book.save(path)
    return path


@pytest.mark.libreoffice
def test_a_sheet_of_several_pages_is_composed_and_converted_once_more(
    pdf_packet, soffice, tmp_path
):
    """samlet.docx keeps one page for a sheet until LibreOffice has printed it; one of
    more pages has its packet composed with the right count and converted again, so
    every later page number ("Side N af M", the outline) counts the sheet's pages."""
    program, log = counting(soffice, tmp_path)
    sheet = next(d for d in pdf_packet.dele if d.fil.suffix == ".xlsx")
    long_workbook(sheet.fil)
    target = pdf_packet.folder / "samlet.pdf"

    assert make_pdf(pdf_packet.dele, target, soffice=program) == target

    assert starts(log) == 2  # the first guess, then the packet with the sheet's pages
    reader = PdfReader(target)
    texts = page_texts(reader)
    first = FIRST_WORDS.index(XLSX_TEXT)
    sheet_start = sum(PAGES[:first])
    sheet_pages = len(reader.pages) - (sum(PAGES) - PAGES[first])
    assert sheet_pages > 1
    assert texts[sheet_start].startswith(XLSX_TEXT)
    after = sheet_start + sheet_pages
    assert texts[after].startswith(PUNKT_2)
    # Numbered through the packet with the sheet's own pages counted: each of its
    # pages under the footer samlet.docx kept for it (punkt 2 has no footer).
    total = len(reader.pages)
    for index in range(sheet_start - 1, after):
        assert texts[index].endswith(f"Sagsnr. 1 · Side {index + 1} af {total}")
    assert [page for _, _, page in outline_of(reader)][first:] == [
        sheet_start,
        after,
        after + PAGES[first + 1],
    ]


@pytest.mark.libreoffice
def test_a_part_libreoffice_cannot_read_is_named(tmp_path, soffice):
    good = notat(tmp_path / "notat.docx")
    broken = tmp_path / "ødelagt.docx"
    spoil_document_xml(good, broken)
    target = tmp_path / "ud" / "samlet.pdf"
    target.parent.mkdir()

    with pytest.raises(PakkeError) as caught:
        make_pdf([Del(NOTAT, good), Del("Ødelagt", broken, 1)], target, soffice=soffice)

    # Found already composing samlet.docx, which LibreOffice converts.
    assert str(caught.value).splitlines()[0].startswith(f"{broken}: Word-filen kan ikke læses (")
    assert caught.value.filer == (str(broken),)
    assert leftovers(target.parent) == []


def test_without_libreoffice(tmp_path, monkeypatch, packet):
    monkeypatch.setattr(shutil, "which", lambda name: None)
    with pytest.raises(PakkeError, match="scripts/ensure-libreoffice") as caught:
        make_pdf(packet.dele, packet.folder / "samlet.pdf")
    assert str(caught.value).startswith("LibreOffice (soffice) mangler")
    assert not (packet.folder / "samlet.pdf").exists()


def test_a_soffice_that_is_not_there(tmp_path, packet):
    program = str(tmp_path / "ingen" / "soffice")
    with pytest.raises(PakkeError, match="LibreOffice kan ikke startes"):
        make_pdf(packet.dele, packet.folder / "samlet.pdf", soffice=program)
    assert not (packet.folder / "samlet.pdf").exists()


def test_a_failing_libreoffice_names_every_file_it_had(tmp_path, packet):
    program = fake_soffice(tmp_path, 'echo "Error: noget gik galt" >&2\nexit 3')
    target = packet.folder / "samlet.pdf"
    target.write_bytes(b"den gamle pakke")

    with pytest.raises(PakkeError) as caught:
        make_pdf(packet.dele, target, soffice=program)

    # The one run converts samlet.docx (named by the packet it is for) and the .xlsx bilag.
    converted = [target, *(d.fil for d in packet.dele if d.fil.suffix == ".xlsx")]
    reason = "LibreOffice kunne ikke lave filen om til PDF (slutkode 3)."
    assert str(caught.value).splitlines() == [
        *(f"{fil}: {reason}" for fil in converted),
        "  Error: noget gik galt",
    ]
    assert target.read_bytes() == b"den gamle pakke"


def test_a_libreoffice_that_hangs_is_stopped(tmp_path, packet):
    # The launcher's child holds the output pipe too: only stopping the whole
    # process group ends the wait.
    program = fake_soffice(tmp_path, "sleep 60 &\nwait")
    work = tmp_path / "arbejde"
    begun = time.monotonic()

    with pytest.raises(PakkeError, match="blev ikke færdig med filen på 2 sekunder") as caught:
        make_pdf(
            packet.dele, packet.folder / "samlet.pdf", soffice=program, timeout=2, arbejdsmappe=work
        )

    assert time.monotonic() - begun < 20
    target = packet.folder / "samlet.pdf"
    sheets = [str(d.fil) for d in packet.dele if d.kind == ".xlsx"]
    assert [str(target), *sheets] == list(caught.value.filer)
    assert not (packet.folder / "samlet.pdf").exists()
    assert leftovers(work) == []


# --- a sheet's pages given after composing (keep_sheet_pages) ----------------------------


def _two_sheets_packet(folder: Path) -> list[Del]:
    """The packet with a second .xlsx bilag as its very last part (its placeholder then
    ends the document, with the body's own section properties, not a paragraph's)."""
    dele = make_packet(folder, blank_pdf(folder.parent / "budget.pdf")).dele
    return [*dele, Del("Bilag 2. Regnskab", workbook(folder / "punkt2" / "regnskab.xlsx"), 1)]


@pytest.mark.parametrize(
    ("before", "after"),
    [((1, 1), (5, 1)), ((1, 1), (3, 4)), ((5, 2), (1, 1)), ((4, 3), (2, 6)), ((2, 2), (2, 2))],
)
def test_a_packet_given_its_sheets_pages_after_is_the_packet_composed_with_them(
    tmp_path, monkeypatch, before, after
):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    (tmp_path / "moede").mkdir()
    dele = _two_sheets_packet(tmp_path / "moede")
    sheets = [d.fil.resolve() for d in dele if d.fil.suffix == ".xlsx"]
    kept, pages = dict(zip(sheets, before, strict=True)), dict(zip(sheets, after, strict=True))
    reference = compose_docx(dele, tmp_path / "med-sider.docx", sider=pages)
    given = compose_docx(dele, tmp_path / "givet-efter.docx", sider=kept)

    changed = keep_sheet_pages(given, dele, kept, pages)

    assert changed == (before != after)
    assert given.read_bytes() == reference.read_bytes()
    placeholders = [p.text for p in Document(str(given)).paragraphs if "Vedlagt som" in p.text]
    assert placeholders[1] == (
        f"Vedlagt som Excel-fil: budget.xlsx ({after[0]} side{'r' if after[0] > 1 else ''}; "
        "i samlet.pdf står bilagets sider her)."
    )


def test_pages_given_after_are_laid_out_by_libreoffice(tmp_path, libreoffice, monkeypatch):
    """The reserved pages are pages in LibreOffice too: 4 + 3 more than with one each."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    (tmp_path / "moede").mkdir()
    dele = _two_sheets_packet(tmp_path / "moede")
    sheets = [d.fil.resolve() for d in dele if d.fil.suffix == ".xlsx"]
    one = compose_docx(dele, tmp_path / "en.docx")
    more = Path(shutil.copy(one, tmp_path / "flere.docx"))
    keep_sheet_pages(more, dele, {}, dict(zip(sheets, (5, 4), strict=True)))
    pdf_one, pdf_more = libreoffice([one, more], "pdf")
    assert len(PdfReader(pdf_more).pages) == len(PdfReader(pdf_one).pages) + 4 + 3
    assert (
        "Bilag 2. Regnskab, side 4 af 4: se samlet.pdf."
        in PdfReader(pdf_more).pages[-1].extract_text()
    )


def test_a_packet_without_the_placeholder_is_refused_not_guessed(tmp_path):
    (tmp_path / "moede").mkdir()
    dele = _two_sheets_packet(tmp_path / "moede")
    composed = compose_docx(dele[:3], tmp_path / "uden-ark.docx")
    before = composed.read_bytes()
    with pytest.raises(PakkeError, match=r"mangler pladsen til budget\.xlsx"):
        keep_sheet_pages(composed, dele, {}, {dele[3].fil.resolve(): 3})
    assert composed.read_bytes() == before


# --- parts given one at a time (compose_parts) ---------------------------------------


@pytest.mark.parametrize("extra_last", [False, True], ids=["notat-sidst", "regneark-sidst"])
def test_parts_given_one_at_a_time_make_the_same_packet(tmp_path, monkeypatch, extra_last):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    (tmp_path / "moede").mkdir()
    dele = _two_sheets_packet(tmp_path / "moede") if extra_last else None
    if dele is None:
        dele = make_packet(tmp_path / "moede", blank_pdf(tmp_path / "budget.pdf")).dele
    given: list[str] = []

    def one_at_a_time():
        for del_ in dele:
            given.append(del_.titel)
            yield del_

    whole = compose_docx(dele, tmp_path / "hele.docx")
    parts = compose_parts(one_at_a_time(), tmp_path / "en-ad-gangen.docx")
    assert parts.read_bytes() == whole.read_bytes()
    assert given == [d.titel for d in dele]


def test_a_bad_part_given_one_at_a_time_is_named_as_compose_docx_names_it(tmp_path):
    (tmp_path / "moede").mkdir()
    dele = make_packet(tmp_path / "moede", blank_pdf(tmp_path / "budget.pdf")).dele
    missing = replace(dele[4], fil=tmp_path / "moede" / "findes-ikke.docx")
    dele = [*dele[:4], missing, *dele[5:]]
    with pytest.raises(PakkeError) as whole:
        compose_docx(dele, tmp_path / "hele.docx")
    with pytest.raises(PakkeError) as parts:
        compose_parts(iter(dele), tmp_path / "en-ad-gangen.docx")
    assert str(parts.value) == str(whole.value)
    assert not (tmp_path / "en-ad-gangen.docx").exists()


def test_pages_given_by_resolved_path_hold_for_a_part_given_relative(tmp_path, monkeypatch):
    """A build into a relative UD gives its parts as relative paths; the sheets' pages
    are counted by resolved path: the placeholder has them all the same."""
    (tmp_path / "moede").mkdir()
    dele = make_packet(tmp_path / "moede", blank_pdf(tmp_path / "budget.pdf")).dele
    monkeypatch.chdir(tmp_path)
    relative = [replace(d, fil=d.fil.relative_to(tmp_path)) for d in dele]
    sheet = next(d for d in relative if d.fil.suffix == ".xlsx")
    packet = compose_docx(relative, tmp_path / "samlet.docx", sider={sheet.fil.resolve(): 3})
    texts = [p.text for p in Document(str(packet)).paragraphs]
    assert (
        "Vedlagt som Excel-fil: budget.xlsx (3 sider; i samlet.pdf står bilagets sider her)."
        in texts
    )
    assert f"{sheet.titel}, side 3 af 3: se samlet.pdf." in texts


# --- a sheet's header and footer ------------------------------------------------------


def footed_workbook(path: Path, footer: str) -> Path:
    book = Workbook()
    book.active["A1"] = XLSX_TEXT
    book.active.oddFooter.center.text = footer
    book.save(path)
    return path


def test_a_sheets_path_code_prints_nothing_and_its_name_code_its_name(tmp_path):
    """&Z would print the build's folder (and the user's folders above it) in a
    published samlet.pdf; &F the copy's number. &&Z is an ampersand and a Z."""
    source = footed_workbook(tmp_path / "B&U budget.xlsx", "Sti: &Z Fil: &F og &&Z &z&f")
    copy = tmp_path / "0001.xlsx"

    copy_sheet_for_print(source, copy)

    with zipfile.ZipFile(copy) as printed, zipfile.ZipFile(source) as original:
        footer = printed.read("xl/worksheets/sheet1.xml")
        assert (
            b"Sti:  Fil: B&amp;&amp;U budget.xlsx og &amp;&amp;Z B&amp;&amp;U budget.xlsx<"
            in footer
        )
        assert [i.filename for i in printed.infolist()] == original.namelist()
        for name in original.namelist():
            if name != "xl/worksheets/sheet1.xml":
                assert printed.read(name) == original.read(name)


@pytest.mark.parametrize(
    "content", [b"no zip at all", None], ids=["not a workbook", "no header codes"]
)
def test_a_sheet_without_codes_or_unreadable_is_copied_as_it_is(tmp_path, content):
    source = tmp_path / "budget.xlsx"
    if content is None:
        footed_workbook(source, "Side &P af &N")
    else:
        source.write_bytes(content)
    copy = tmp_path / "0001.xlsx"
    copy_sheet_for_print(source, copy)
    assert copy.read_bytes() == source.read_bytes()


@pytest.mark.libreoffice
def test_a_sheets_footer_in_samlet_pdf_names_the_file_not_the_build(pdf_packet, soffice):
    sheet = next(d for d in pdf_packet.dele if d.fil.suffix == ".xlsx")
    footed_workbook(sheet.fil, "&Z&F")
    target = pdf_packet.folder / "samlet.pdf"

    make_pdf(pdf_packet.dele, target, soffice=soffice)

    text = " ".join(page_texts(PdfReader(target)))
    assert "budget.xlsx" in text
    assert "file:" not in text and "0001" not in text and str(pdf_packet.folder) not in text


@pytest.mark.libreoffice
def test_a_word_bilags_filename_field_in_samlet_pdf_is_its_name(pdf_packet, soffice):
    """LibreOffice updates a FILENAME \\p field to the path of the file it converts:
    samlet.docx in the build's folder. The bilag's own name is what it printed."""
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls

    notat_part = next(d for d in pdf_packet.dele if d.fil.name == "notat.docx")
    document = Document(str(notat_part.fil))
    footer = document.sections[0].footer.paragraphs[0]
    footer.add_run("Sti: ")
    for run in (
        '<w:r %s><w:fldChar w:fldCharType="begin"/></w:r>',
        '<w:r %s><w:instrText xml:space="preserve"> FILENAME \\p </w:instrText></w:r>',
        '<w:r %s><w:fldChar w:fldCharType="separate"/></w:r>',
        "<w:r %s><w:t>C:\\Users\\jens.hansen\\notat.docx</w:t></w:r>",
        '<w:r %s><w:fldChar w:fldCharType="end"/></w:r>',
    ):
        footer._p.append(parse_xml(run % nsdecls("w")))
    document.save(str(notat_part.fil))
    target = pdf_packet.folder / "samlet.pdf"

    make_pdf(pdf_packet.dele, target, soffice=soffice)

    text = " ".join(page_texts(PdfReader(target)))
    assert "Sti: notat.docx" in text
    assert "jens.hansen" not in text and "samlet" not in text and "/tmp" not in text


def test_a_filename_field_in_a_footnote_is_its_name_in_samlet_docx(packet, tmp_path):
    """The members' packet is composed from the originals: a FILENAME field in a
    footnote would print the build's folder (docxcompose copies the footnotes)."""
    notat_part = next(d for d in packet.dele if d.fil.name == "notat.docx")
    footnote = (
        '<w:footnote w:id="1"><w:p><w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r>'
        '<w:instrText xml:space="preserve"> FILENAME \\p </w:instrText></w:r><w:r>'
        '<w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>C:\\Users\\jens.hansen\\n.docx'
        '</w:t></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r></w:p></w:footnote>'
    )
    with zipfile.ZipFile(notat_part.fil) as source:
        members = {i.filename: source.read(i) for i in source.infolist()}
    members["word/footnotes.xml"] = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:footnotes '
        'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
        f"{footnote}</w:footnotes>"
    ).encode()
    members["word/_rels/document.xml.rels"] = members["word/_rels/document.xml.rels"].replace(
        b"</Relationships>",
        b'<Relationship Id="rIdFn" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
        b'relationships/footnotes" Target="footnotes.xml"/></Relationships>',
    )
    members["[Content_Types].xml"] = members["[Content_Types].xml"].replace(
        b"</Types>",
        b'<Override PartName="/word/footnotes.xml" ContentType="application/vnd.openxmlformats-'
        b'officedocument.wordprocessingml.footnotes+xml"/></Types>',
    )
    members["word/document.xml"] = members["word/document.xml"].replace(
        b"</w:t></w:r>", b'</w:t></w:r><w:r><w:footnoteReference w:id="1"/></w:r>', 1
    )
    with zipfile.ZipFile(notat_part.fil, "w") as target:
        for name, data in members.items():
            target.writestr(name, data)
    target_docx = tmp_path / "samlet.docx"

    compose_docx(packet.dele, target_docx)

    with zipfile.ZipFile(target_docx) as composed:
        notes = composed.read("word/footnotes.xml").decode()
    assert "notat.docx" in notes
    assert "jens.hansen" not in notes and "FILENAME" not in notes


@pytest.mark.parametrize(
    "edit",
    [
        (b"&amp;C&amp;Z&amp;F", b"<![CDATA[&C&Z&F]]>", False),
        (b"worksheets/sheet1.xml", b"ark/sheet1.xml", True),
    ],
    ids=["CDATA", "a sheet part in another folder"],
)
def test_a_sheets_footer_is_found_however_it_is_written(tmp_path, edit):
    source = footed_workbook(tmp_path / "budget.xlsx", "&Z&F")
    with zipfile.ZipFile(source) as original:
        members = {i.filename: original.read(i) for i in original.infolist()}
    old, new, renamed = edit
    if renamed:  # the part, and every reference to it
        members = {
            name.replace(old.decode(), new.decode()): data.replace(old, new)
            for name, data in members.items()
        }
    else:
        assert old in members["xl/worksheets/sheet1.xml"]
        members["xl/worksheets/sheet1.xml"] = members["xl/worksheets/sheet1.xml"].replace(old, new)
    with zipfile.ZipFile(source, "w") as target:
        for name, data in members.items():
            target.writestr(name, data)
    copy = tmp_path / "0001.xlsx"

    copy_sheet_for_print(source, copy)

    with zipfile.ZipFile(copy) as printed:
        sheet = next(n for n in printed.namelist() if n.endswith("sheet1.xml"))
        footer = printed.read(sheet)
    assert b"budget.xlsx" in footer and b"&amp;Z" not in footer and b"CDATA" not in footer


@pytest.mark.libreoffice
def test_a_bilag_after_a_word_bilag_with_its_own_footer_has_the_papers(pdf_packet, soffice):
    """A PDF bilag's pages are framed by its punkt's paper's footer ("Sagsnr. 1 · Side
    n af N"), not by the footer of a Word bilag before it."""
    own = pdf_packet.folder / "punkt1" / "egen.docx"
    document = new_document("Bilag med egen sidefod")
    document.sections[0].footer.paragraphs[0].text = "EGEN SIDEFOD"
    document.save(str(own))
    dele = list(pdf_packet.dele)
    dele.insert(2, Del("Bilag 0. Egen sidefod", own, 1))
    target = pdf_packet.folder / "samlet.pdf"

    make_pdf(dele, target, soffice=soffice)

    texts = page_texts(PdfReader(target))
    pdf_pages = [i for i, text in enumerate(texts) if text.startswith(PDF_PAGES[0][:20])]
    assert pdf_pages, texts
    first = pdf_pages[0]
    total = len(texts)
    for index in (first, first + 1):
        assert texts[index].endswith(f"Sagsnr. 1 · Side {index + 1} af {total}"), texts[index]
        assert "EGEN SIDEFOD" not in texts[index]
