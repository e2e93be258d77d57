"""Tagged PDF/UA and the accessibility gate of the public set (issue 11, §3).

The tests marked libreoffice walk the structure tree of the public samlet.pdf of the
bundled meeting with pikepdf, for the key points of the Matterhorn protocol: a
Document root, headings H1.. that never skip a level, tables with TH cells, figures
with alt text, every page's marked content reachable through the parent tree, the
language da-DK, a title shown as the window title, fonts embedded, the PDF/UA mark.
They are no full PDF/UA validation (veraPDF or PAC does that).
"""

from __future__ import annotations

import itertools
import re
import shutil
import struct
import zlib
from pathlib import Path

import pikepdf
import pytest
from click.testing import CliRunner
from docx import Document
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Cm
from pypdf import PdfReader, PdfWriter

from dagsorden.byg import tilgaengelighed
from dagsorden.byg.pakke import PDF_FILTER, Del, make_pdf
from dagsorden.byg.persondata import Offentlig, strip_metadata
from dagsorden.cli import main
from dagsorden.errors import CaseError
from dagsorden.kilder.markdown_body import parse_body

ROOT = Path(__file__).resolve().parents[1]
PDFUA = "{http://www.aiim.org/pdfua/ns/id/}part"

# --- headings never skip a level -------------------------------------------------------

SECTIONS = "## Problemstilling\n\nTekst.\n\n## Løsning\n\n{body}\n\n## Videre proces\n\nTekst.\n"


def test_a_heading_that_skips_a_level_is_named_with_its_line(tmp_path):
    text = SECTIONS.format(body="Tekst.\n\n#### Trin 1\n\nMere.")
    with pytest.raises(CaseError) as caught:
        parse_body(text, 10, tmp_path / "sag.md")
    (problem,) = caught.value.problems
    assert problem.line == 10 + 8
    assert problem.message.startswith(
        "Overskriften '#### ' springer et niveau over (efter '## ' i linje 14). "
        "Skriv den med '### '"
    )


def test_headings_one_level_at_a_time_pass(tmp_path):
    text = SECTIONS.format(body="### Trin\n\n#### Delskridt\n\nTekst.\n\n### Næste trin")
    assert [s.titel for s in parse_body(text, 1, tmp_path / "sag.md")][1] == "Løsning"


def test_a_notat_opening_under_its_title_starts_at_level_2(tmp_path):
    with pytest.raises(CaseError, match="direkte under titlen"):
        parse_body("### Baggrund\n\nTekst.", 1, tmp_path / "notat.md", frie_afsnit=True)


# --- the gate on Word, Excel and PDF files ------------------------------------------


def word_file(path: Path, png: Path, *, accessible: bool) -> Path:
    document = Document()
    if accessible:
        document.core_properties.title = "Punkt 2: Deltagelse i forebyggelsesprojekt"
        defaults = document.styles.element.find(qn("w:docDefaults"))
        run_properties = defaults.find(f"{qn('w:rPrDefault')}/{qn('w:rPr')}")
        language = run_properties.find(qn("w:lang"))
        if language is None:
            language = parse_xml(f"<w:lang {nsdecls('w')}/>")
            run_properties.append(language)
        language.set(qn("w:val"), "da-DK")
    else:
        document.core_properties.title = ""
        defaults = document.styles.element.find(qn("w:docDefaults"))
        for language in defaults.iter(qn("w:lang")):
            language.getparent().remove(language)
    document.add_heading("Status", 1)
    document.add_picture(str(png), width=Cm(1))
    if accessible:
        document.inline_shapes[0]._inline.docPr.set("descr", "Barometer: grøn")
    data = document.add_table(rows=2, cols=2)
    data.style = "Table Grid"
    data.cell(0, 0).text, data.cell(0, 1).text = "Pejlemærke", "Status"
    data.cell(1, 0).text, data.cell(1, 1).text = "1", "8,5"
    if accessible:
        data.rows[0]._tr.get_or_add_trPr().append(parse_xml(f"<w:tblHeader {nsdecls('w')}/>"))
    layout = document.add_table(rows=1, cols=2)  # no borders: a layout table
    layout.cell(0, 0).text, layout.cell(0, 1).text = "Til Socialudvalget", "Sagsnr. 1"
    document.save(path)
    return path


def blank_pdf(path: Path) -> Path:
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    writer.write(path)
    return path


@pytest.fixture
def png(tmp_path) -> Path:
    """A one-pixel PNG, written for the test (no binary fixture in the tree)."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    path = tmp_path / "pixel.png"
    path.write_bytes(
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0))
        + chunk(b"IDAT", zlib.compress(b"\x00\x00\x80\x00"))
        + chunk(b"IEND", b"")
    )
    return path


def test_an_accessible_word_file_passes(tmp_path, png):
    assert tilgaengelighed.problemer(word_file(tmp_path / "ok.docx", png, accessible=True)) == []


def test_the_gate_names_every_problem_of_a_word_file(tmp_path, png):
    fil = word_file(tmp_path / "punkt.docx", png, accessible=False)
    item = Offentlig(fil, "offentlig/2-forebyggelse.docx", "cases/forebyggelse/sag.md")

    lines = tilgaengelighed.check_public_set([item])

    where = "cases/forebyggelse/sag.md (offentlig/2-forebyggelse.docx): "
    assert [line.split(". ")[0] for line in lines] == [
        where + "Dokumentet har ingen titel, som en skærmlæser kan læse op",
        where + "Dokumentet har intet sprog, så en skærmlæser ved ikke, hvordan teksten "
        "skal udtales",
        where + "billede 1 ('Picture 1') har ingen alternativ tekst",
        where + "tabel 1 (der begynder med 'PejlemærkeStatus') har ingen overskriftsrække",
    ]
    assert all(line.endswith("(webtilgængelighedsloven).") for line in lines)


def test_a_pdf_without_tags_title_or_language_is_refused(tmp_path):
    fil = blank_pdf(tmp_path / "regnskab.pdf")
    assert [message for _, message in tilgaengelighed.problemer(fil)] == [
        tilgaengelighed.PDF_UDEN_TAGS,
        tilgaengelighed.PDF_TITEL,
        tilgaengelighed.PDF_SPROG,
    ]
    (warning,) = tilgaengelighed.warnings_for_members([fil])
    assert warning.startswith(f"{fil}: Advarsel: PDF-filen har ingen tags")


def test_an_excel_file_needs_a_title(tmp_path):
    from openpyxl import Workbook

    book = Workbook()
    book.save(tmp_path / "uden.xlsx")
    book.properties.title = "Budget 2011"
    book.save(tmp_path / "med.xlsx")
    assert tilgaengelighed.problemer(tmp_path / "uden.xlsx") == [("", tilgaengelighed.TITEL)]
    assert tilgaengelighed.problemer(tmp_path / "med.xlsx") == []


# --- stripping personal data keeps the tags -------------------------------------------


def tagged_pdf(path: Path) -> Path:
    """A small PDF with what LibreOffice's PDF/UA export writes, and an author."""
    pdf = pikepdf.new()
    pdf.add_blank_page(page_size=(595, 842))
    document = pdf.make_indirect(pikepdf.Dictionary(Type=pikepdf.Name.StructElem,
                                                    S=pikepdf.Name.Document))  # fmt: skip
    pdf.Root.StructTreeRoot = pdf.make_indirect(
        pikepdf.Dictionary(Type=pikepdf.Name.StructTreeRoot, K=pikepdf.Array([document]))
    )
    document.P = pdf.Root.StructTreeRoot
    pdf.Root.MarkInfo = pikepdf.Dictionary(Marked=True)
    pdf.Root.Lang = pikepdf.String("da-DK")
    pdf.Root.ViewerPreferences = pikepdf.Dictionary(DisplayDocTitle=True)
    with pdf.open_metadata(set_pikepdf_as_editor=False) as xmp:
        xmp["dc:title"] = "Socialudvalget – dagsorden 19.11.2014"
        xmp["dc:creator"] = ["Anette Laigaard"]
        xmp["dc:language"] = ["da-DK"]
        xmp[PDFUA] = "1"
        xmp["xmpMM:DocumentID"] = "uuid:1"
    pdf.docinfo["/Author"] = "Anette Laigaard"
    pdf.save(path)
    return path


def test_stripping_keeps_title_language_and_pdfua_mark(tmp_path):
    fil = strip_metadata(tagged_pdf(tmp_path / "samlet.pdf"))

    with pikepdf.open(fil) as pdf:
        assert "/Author" not in pdf.docinfo
        assert pdf.Root.MarkInfo.Marked is True
        assert "/StructTreeRoot" in pdf.Root
        assert str(pdf.Root.Lang) == "da-DK"
        assert pdf.Root.ViewerPreferences.DisplayDocTitle is True
        xmp = pdf.open_metadata()
        assert xmp["dc:title"] == "Socialudvalget – dagsorden 19.11.2014"
        assert xmp["dc:language"] == {"da-DK"}
        assert xmp[PDFUA] == "1"
        assert "dc:creator" not in xmp
        assert "xmpMM:DocumentID" not in xmp
        assert b"Laigaard" not in fil.read_bytes()
    assert tilgaengelighed.problemer(fil) == []


# --- the bundled meeting's samlet.pdf ----------------------------------------------------


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("projekt")
    shutil.copytree(ROOT / "cases", root / "cases")
    shutil.copytree(ROOT / "workbooks", root / "workbooks")
    ud = root / "ud"
    result = CliRunner().invoke(
        main, ["byg", str(root / "cases" / "moede.yaml"), "-o", str(ud), "--pdf", "--stille"]
    )
    assert result.exit_code == 0, result.output
    return ud


def kids(element) -> list:
    found = element.get("/K")
    if found is None:
        return []
    return list(found) if isinstance(found, pikepdf.Array) else [found]


def is_element(kid) -> bool:
    return isinstance(kid, pikepdf.Dictionary) and kid.get("/Type") not in ("/MCR", "/OBJR")


def walk(element, roles, depth=0):
    """(standard type, element, depth) for every structure element, in order."""
    role = str(element.get("/S"))
    for _ in range(10):
        if role not in roles:
            break
        role = str(roles[role])
    yield role, element, depth
    for kid in kids(element):
        if is_element(kid):
            yield from walk(kid, roles, depth + 1)


def structure(pdf: pikepdf.Pdf) -> list[tuple[str, pikepdf.Dictionary, int]]:
    root = pdf.Root.StructTreeRoot
    roles = root.get("/RoleMap", pikepdf.Dictionary())
    return [found for kid in kids(root) for found in walk(kid, roles)]


@pytest.mark.libreoffice
@pytest.mark.parametrize("sæt", ["offentlig", "medlemmer"])
def test_samlet_pdf_is_tagged_pdf_ua(built, sæt):
    with pikepdf.open(built / sæt / "samlet.pdf") as pdf:
        assert pdf.Root.MarkInfo.Marked is True
        assert str(pdf.Root.Lang) == "da-DK"
        assert str(pdf.docinfo.Title) == "Socialudvalget – dagsorden 19.11.2014"
        assert pdf.Root.ViewerPreferences.DisplayDocTitle is True
        xmp = pdf.open_metadata()
        assert xmp[PDFUA] == "1"
        assert xmp["dc:title"] == str(pdf.docinfo.Title)

        elements = structure(pdf)
        roles = [role for role, _, _ in elements]
        assert elements[0][0] == "/Document" and elements[0][2] == 0
        assert roles.count("/Document") == 1
        headings = [int(role[2:]) for role in roles if re.fullmatch(r"/H\d", role)]
        assert headings[0] == 1
        assert all(b <= a + 1 for a, b in itertools.pairwise(headings))
        figures = [e for role, e, _ in elements if role == "/Figure"]
        assert figures and all(str(f.get("/Alt", "")).strip() for f in figures)
        for role, table, _ in elements:
            if role != "/Table":
                continue
            rows = [k for k in kids(table) if is_element(k)]
            first_cells = {str(c.S) for c in kids(rows[0]) if is_element(c)}
            if len(rows) > 1:  # a one-row table lays out the notat's sender block
                assert first_cells == {"/TH"}, table
        assert "/TH" in roles


@pytest.mark.libreoffice
def test_every_font_is_embedded(built):
    with pikepdf.open(built / "offentlig" / "samlet.pdf") as pdf:
        for page in pdf.pages:
            for font in page.Resources.get("/Font", pikepdf.Dictionary()).values():
                descriptor = font.get("/FontDescriptor")
                if descriptor is None and "/DescendantFonts" in font:
                    descriptor = font.DescendantFonts[0].get("/FontDescriptor")
                assert descriptor is not None, font.BaseFont
                assert any(f in descriptor for f in ("/FontFile", "/FontFile2", "/FontFile3"))


def marked_content_ids(page: pikepdf.Page) -> set[int]:
    found = set()
    for operands, operator in pikepdf.parse_content_stream(page):
        properties = operands[1] if str(operator) == "BDC" else None
        if isinstance(properties, pikepdf.Dictionary) and "/MCID" in properties:
            found.add(int(properties.MCID))
    return found


@pytest.mark.libreoffice
@pytest.mark.parametrize("sæt", ["offentlig", "medlemmer"])
def test_all_marked_content_is_in_the_structure_tree(built, sæt):
    # What a reader reaches from the page (the parent tree) is the tree's own element,
    # on every page, also after the pages were rearranged.
    with pikepdf.open(built / sæt / "samlet.pdf") as pdf:
        root = pdf.Root.StructTreeRoot
        numbers = list(root.ParentTree.Nums)
        parents = dict(zip(numbers[::2], numbers[1::2], strict=True))
        assert int(root.ParentTreeNextKey) == len(parents)
        in_tree = {e.objgen for _, e, _ in structure(pdf)}
        for index, page in enumerate(pdf.pages):
            ids = marked_content_ids(page)
            if not ids:
                continue
            entries = parents[int(page.obj.StructParents)]
            for mcid in ids:
                element = entries[mcid]
                assert element.objgen in in_tree, (index, mcid)
                mcids = [k for k in kids(element) if isinstance(k, int)]
                assert mcid in mcids, (index, mcid)


def page_text(reader: PdfReader, index: int) -> str:
    return " ".join(reader.pages[index].extract_text().split())


@pytest.mark.libreoffice
def test_the_outline_targets_each_parts_first_page(built):
    reader = PdfReader(built / "offentlig" / "samlet.pdf")

    def flat(items, level=0):
        for item in items:
            if isinstance(item, list):
                yield from flat(item, level + 1)
            else:
                yield item.title, level, reader.get_destination_page_number(item)

    outline = list(flat(reader.outline))
    assert [(t, lvl) for t, lvl, _ in outline] == [
        ("Dagsorden", 0),
        ("Punkt 1. Status på Socialudvalgets pejlemærker 2014", 0),
        ("Bilag 1 – Status på pejlemærkerne", 1),
        ("Punkt 2. Deltagelse i Socialministeriets forebyggelsesprojekt", 0),
        ("Punkt 3. Evaluering af strategi og handleplan for de fælles borgere i BIF og SOF", 0),
        ("Bilag 1 – Evaluering af BIF-SOF strategi og handleplan", 1),
        ("Bilag 2 – Status på målene i BIF-SOF strategien", 1),
        ("Bilag 3 – Eksempler på det gode samarbejde", 1),
    ]
    pages = [page for _, _, page in outline]
    assert pages[0] == 0 and pages == sorted(set(pages))
    texts = [page_text(reader, i) for i in range(len(reader.pages))]
    for title, _, page in outline:
        assert re.sub(r"^(Punkt \d+\.|Bilag \d+ –) ", "", title) in texts[page], (title, page)
    # The pages are numbered through the whole packet (issue 13 §3): page N of the PDF
    # reads "Side N af <all pages>", and each part after the agenda carries the running
    # header of its punkt.
    for index, text in enumerate(texts):
        assert re.findall(r"Side (\d+) af (\d+)", text) == [(str(index + 1), str(len(texts)))], (
            index,
            text[-60:],
        )
    for (title, _, page), end in zip(outline[1:], [*pages[2:], len(texts)], strict=True):
        punkt = re.search(r"Punkt (\d+)", title)
        if punkt:
            current = punkt.group(1)
        for index in range(page, end):
            assert (
                f"Socialudvalget · onsdag den 19. november 2014 kl. 16.00 · Punkt {current}"
                in texts[index]
            )
    with pikepdf.open(built / "offentlig" / "samlet.pdf") as pdf:
        assert pdf.Root.PageMode == "/UseOutlines"
        parts = [e for role, e, _ in structure(pdf) if role == "/Part"]
        assert [str(part.T) for part in parts] == [title for title, _, _ in outline]


@pytest.mark.libreoffice
def test_the_public_samlet_pdf_passes_the_gate(built):
    for fil in sorted((built / "offentlig").iterdir()):
        assert tilgaengelighed.problemer(fil) == [], fil


# --- PDF bilag keep their structure --------------------------------------------------


@pytest.fixture(scope="module")
def bilag_pdfs(soffice, tmp_path_factory) -> dict[str, Path]:
    """A tagged PDF bilag (LibreOffice's PDF/UA export) and the same untagged."""
    from tests.conftest import convert_with_libreoffice

    folder = tmp_path_factory.mktemp("bilag")
    document = Document()
    document.core_properties.title = "Regnskab 2011"
    document.add_heading("Regnskabets tal", 1)
    document.add_paragraph("Første side af regnskabet.")
    document.add_page_break()
    document.add_paragraph("Anden side af regnskabet.")
    document.save(folder / "regnskab.docx")
    profile = tmp_path_factory.mktemp("profil")
    (tagged,) = convert_with_libreoffice(
        soffice, [folder / "regnskab.docx"], PDF_FILTER, folder / "tagget", profile
    )
    (plain,) = convert_with_libreoffice(
        soffice, [folder / "regnskab.docx"], "pdf", folder / "uden", profile
    )
    return {"tagget": tagged, "uden": plain}


def packet(folder: Path, bilag: Path) -> list[Del]:
    folder.mkdir(parents=True, exist_ok=True)
    dele = []
    for name, title in (("dagsorden", "Dagsorden"), ("punkt", "Punkt 1. Regnskab")):
        document = Document()
        document.core_properties.title = title
        document.add_heading(title, 1)
        document.add_paragraph(f"Tekst i {name}.")
        document.save(folder / f"{name}.docx")
        dele.append(Del(title, folder / f"{name}.docx"))
    return [*dele, Del("Bilag 1. Regnskab 2011", bilag, 1)]


@pytest.mark.libreoffice
def test_a_tagged_pdf_bilag_keeps_its_structure(bilag_pdfs, soffice, tmp_path):
    target = make_pdf(packet(tmp_path, bilag_pdfs["tagget"]), tmp_path / "samlet.pdf",
                      soffice=soffice)  # fmt: skip

    with pikepdf.open(target) as pdf:
        assert len(pdf.pages) == 4
        elements = structure(pdf)
        parts = [e for role, e, _ in elements if role == "/Part"]
        assert [str(p.T) for p in parts] == [
            "Dagsorden",
            "Punkt 1. Regnskab",
            "Bilag 1. Regnskab 2011",
        ]
        part = parts[-1]
        inside = [role for role, _, _ in walk(part, pdf.Root.StructTreeRoot.RoleMap)]
        assert inside[:2] == ["/Part", "/H1"]
        assert str(part.Lang) == "en-US"  # the bilag's own (python-docx's default)
        assert pdf.open_metadata()[PDFUA] == "1"
        # Its pages' content is the Part's, reached through the parent tree.
        part_pages = {k.Pg.objgen for _, k, _ in walk(part, {}) if "/Pg" in k}
        assert part_pages == {pdf.pages[2].obj.objgen, pdf.pages[3].obj.objgen}


@pytest.mark.libreoffice
def test_an_untagged_pdf_bilag_takes_away_the_pdfua_mark(bilag_pdfs, soffice, tmp_path):
    target = make_pdf(packet(tmp_path, bilag_pdfs["uden"]), tmp_path / "samlet.pdf",
                      soffice=soffice)  # fmt: skip

    with pikepdf.open(target) as pdf:
        assert len(pdf.pages) == 4
        assert PDFUA not in pdf.open_metadata()
        assert pdf.Root.MarkInfo.Marked is True  # the rest is still tagged
    assert tilgaengelighed.warnings_for_members([bilag_pdfs["uden"]])
    assert not tilgaengelighed.warnings_for_members([bilag_pdfs["tagget"]])


# --- the build refuses a public bilag without tags ------------------------------------------


@pytest.mark.parametrize("sag", ["forebyggelse", "lukket-klagesag"])
def test_the_build_refuses_a_public_pdf_bilag_without_tags(tmp_path, sag):
    root = tmp_path / "projekt"
    shutil.copytree(ROOT / "cases", root / "cases")
    shutil.copytree(ROOT / "workbooks", root / "workbooks")
    folder = root / "cases" / sag
    blank_pdf(folder / "regnskab.pdf")
    text = (folder / "sag.md").read_text(encoding="utf-8")
    head, rest = text.split("\n---", 1) if text.startswith("---") else ("", text)
    (folder / "sag.md").write_text(
        head + "\nbilag:\n  - titel: Regnskab\n    fil: regnskab.pdf\n---" + rest,
        encoding="utf-8",
    )

    result = CliRunner().invoke(
        main, ["byg", str(root / "cases" / "moede.yaml"), "-o", str(root / "ud")]
    )

    if sag == "forebyggelse":
        assert result.exit_code != 0
        assert "regnskab.pdf" in result.output
        assert "PDF-filen har ingen tags" in result.output
    else:  # a closed punkt is the members' only: a warning
        assert result.exit_code == 0, result.output
        assert "Advarsel: PDF-filen har ingen tags" in result.output
