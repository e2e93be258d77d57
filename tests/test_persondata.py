"""Personal data in the public set (issue 6, section 3): CPR numbers are found in
every place of a docx, pdf and xlsx and refused unless a case allows them with a
reason; authoring metadata is stripped."""

from __future__ import annotations

import zipfile
from dataclasses import replace
from pathlib import Path

import pytest
from docx import Document
from docx.oxml.ns import qn
from lxml import etree
from openpyxl import Workbook, load_workbook
from pypdf import PdfReader, PdfWriter

from dagsorden.byg.persondata import (
    check_public,
    prints_alike,
    scan_docx,
    scan_pdf,
    scan_xlsx,
    strip_metadata,
    tilladelser,
    warnings_for_members,
)
from dagsorden.errors import CaseError
from dagsorden.kerne.cpr import find_cpr
from dagsorden.kerne.sager import CprTilladelse
from dagsorden.kilder.sag import read_sag

CPR = "010203-1234"

# --- find_cpr ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, expected",
    [
        ("CPR 010203-1234 er oplyst.", ["010203-1234"]),
        ("cpr.nr. 0102031234.", ["0102031234"]),
        ("010203 1234", ["010203 1234"]),
        ("010203\u20111234 og 311299-4321", ["010203\u20111234", "311299-4321"]),
        # 29 February: 2000 is a leap year (7th digit 4, year 00 -> 2000) ...
        ("290200-4123", ["290200-4123"]),
        # ... 1896 too (7th digit 5-8 with year 58-99 -> the 1800s).
        ("290296-5123", ["290296-5123"]),
    ],
)
def test_finds_cpr_numbers(text, expected):
    assert [f.tekst for f in find_cpr(text)] == expected


@pytest.mark.parametrize(
    "text",
    [
        "Sagsnr. 2014-0231965",
        "Sagsnr.2010113567, j.nr. 2010113567, Dokumentnr. 2010113567",
        "EAN 5798009682901",
        "Telefon 2631 2699, +45 26312699",
        "Mødet er 01.02.2003 og 010203.",
        "Nummeret 123456789012 og 010203123456",
        "320199-1234",  # day 32
        "011399-1234",  # month 13
        "000199-1234",  # day 0
        "290201-1234",  # 1901 is no leap year
        "290200-1234",  # 7th digit 1: 1900, no leap year
        "1-010203-1234",  # part of a longer number
        "010203-1234-5",
    ],
)
def test_finds_nothing_that_is_no_cpr_number(text):
    assert find_cpr(text) == []


def test_a_find_has_its_place_and_is_masked():
    text = "Borgeren (010203-1234) klager."
    [fund] = find_cpr(text)
    assert text[fund.start : fund.slut] == "010203-1234"
    assert fund.cifre == "0102031234"
    assert fund.maskeret == str(fund) == "010203-XXXX"


# --- Word documents ------------------------------------------------------------------


def _docx_with_everything(path: Path) -> Path:
    """Body, a nested table, header, footer, comment, core properties, tracked changes."""
    document = Document()
    document.add_paragraph("Første afsnit uden noget.")
    p = document.add_paragraph("Borger med CPR 010203-1111 i afsnit to.")
    document.add_comment(p.runs[0], text="Kommentar om 020304-2222", author="Jens Hansen")
    table = document.add_table(rows=2, cols=2)
    table.cell(0, 0).text = "Navn"
    table.cell(1, 1).text = "030405-3333"
    inner = table.cell(1, 0).add_table(rows=1, cols=1)
    inner.cell(0, 0).text = "040506-4444"
    section = document.sections[0]
    section.header.paragraphs[0].text = "Sidehoved 050607-5555"
    section.footer.paragraphs[0].text = "Sidefod 060708-6666"
    document.core_properties.author = "Jens Hansen"
    document.core_properties.last_modified_by = "Mette Jensen"
    document.core_properties.subject = "070809-7777"
    # A tracked change: "080910-8888" deleted by Mette.
    tracked = document.add_paragraph("Rettet: ")
    deleted = etree.SubElement(tracked._p, qn("w:del"))
    deleted.set(qn("w:id"), "90")
    deleted.set(qn("w:author"), "Mette Jensen")
    deleted.set(qn("w:date"), "2014-11-01T10:00:00Z")
    run = etree.SubElement(deleted, qn("w:r"))
    etree.SubElement(run, qn("w:delText")).text = "080910-8888"
    inserted = etree.SubElement(tracked._p, qn("w:ins"))
    inserted.set(qn("w:id"), "91")
    inserted.set(qn("w:author"), "Mette Jensen")
    run = etree.SubElement(inserted, qn("w:r"))
    etree.SubElement(run, qn("w:t")).text = "[slettet]"
    document.save(path)
    return path


def _add_part(path: Path, name: str, xml: str) -> None:
    with zipfile.ZipFile(path, "a") as archive:
        archive.writestr(name, xml)


W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


def test_scan_docx_names_every_place(tmp_path):
    path = _docx_with_everything(tmp_path / "sag.docx")
    _add_part(
        path,
        "word/footnotes.xml",
        f'<w:footnotes {W}><w:footnote w:type="separator" w:id="-1"><w:p/></w:footnote>'
        '<w:footnote w:id="1"><w:p><w:r><w:t>Note 091011-9999</w:t></w:r></w:p></w:footnote>'
        "</w:footnotes>",
    )
    _add_part(
        path,
        "docProps/custom.xml",
        '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/'
        'custom-properties" xmlns:vt="http://schemas.openxmlformats.org/officeDocument/'
        '2006/docPropsVTypes"><property fmtid="{D5CDD505-2E9C-101B-9397-08002B2CF9AE}" '
        'pid="2" name="Borger"><vt:lpwstr>101112-1010</vt:lpwstr></property></Properties>',
    )
    found = {(f.sted, f.cpr.maskeret) for f in scan_docx(path)}
    assert found == {
        ("afsnit 2", "010203-XXXX"),
        ("kommentar 1", "020304-XXXX"),
        ("tabel 1, række 2", "030405-XXXX"),
        ("tabel 1, række 2, indlejret tabel 1, række 1", "040506-XXXX"),
        ("sidehoved", "050607-XXXX"),
        ("sidefod", "060708-XXXX"),
        ("dokumentegenskab 'subject'", "070809-XXXX"),
        ("afsnit 3", "080910-XXXX"),
        ("fodnote 1", "091011-XXXX"),
        ("dokumentegenskab 'Borger'", "101112-XXXX"),
    }
    assert all(f.fil == path for f in scan_docx(path))


def test_scan_docx_catches_text_outside_the_known_places(tmp_path):
    path = tmp_path / "a.docx"
    Document().save(path)
    _add_part(path, "word/glossary/document.xml", f"<w:t {W}>111213-1212</w:t>")
    [fund] = scan_docx(path)
    assert fund.sted == "delen 'word/glossary/document.xml'"


def test_scan_docx_finds_nothing_in_a_clean_document(tmp_path):
    document = Document()
    document.add_paragraph("Sagsnr. 2014-0231965, tlf. 2631 2699, EAN 5798009682901.")
    document.add_paragraph("Mødet 01.02.2003; beløb 123456789012 kr.")
    document.save(tmp_path / "ren.docx")
    assert scan_docx(tmp_path / "ren.docx") == []


# --- PDF and workbooks ---------------------------------------------------------------


def _pdf(path: Path, libreoffice, *texts: str) -> Path:
    document = Document()
    for i, text in enumerate(texts):
        if i:
            document.add_page_break()
        document.add_paragraph(text)
    document.core_properties.author = "Jens Hansen"
    source = path.with_suffix(".docx")
    document.save(source)
    [pdf] = libreoffice([source], "pdf")
    path.write_bytes(pdf.read_bytes())
    return path


@pytest.mark.libreoffice
def test_scan_pdf_names_the_page(tmp_path, libreoffice):
    path = _pdf(tmp_path / "bilag.pdf", libreoffice, "Side et, sagsnr. 2014-0231965.", CPR)
    assert [(f.sted, f.cpr.maskeret) for f in scan_pdf(path)] == [("side 2", "010203-XXXX")]


def test_scan_pdf_reads_the_properties(tmp_path):
    writer = PdfWriter()
    writer.add_blank_page(200, 200)
    writer.add_metadata({"/Author": "Jens", "/Subject": "Borger 010203-1234"})
    path = tmp_path / "tom.pdf"
    writer.write(path)
    [fund] = scan_pdf(path)
    assert fund.sted == "dokumentegenskab 'Subject'"


def test_scan_xlsx_names_sheet_and_cell(tmp_path):
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Borgere"
    sheet["A1"] = "Sagsnr. 2014-0231965"
    sheet["B2"] = "CPR: 010203-1234"
    sheet["C3"] = 5798009682901
    sheet["D4"] = 2014023196  # 20.14: no month
    sheet["A5"] = 102031234  # 0102031234 typed as a number, shown as 010203-1234
    sheet["A5"].number_format = "000000-0000"
    workbook.save(tmp_path / "bilag.xlsx")
    found = [(f.sted, f.cpr.maskeret) for f in scan_xlsx(tmp_path / "bilag.xlsx")]
    assert found == [
        ("ark 'Borgere', celle B2", "010203-XXXX"),
        ("ark 'Borgere', celle A5", "010203-XXXX"),
    ]


# --- the public and the members' sets ------------------------------------------------


def test_check_public_refuses_what_is_not_allowed(tmp_path):
    path = tmp_path / "5-sag.docx"
    document = Document()
    document.add_paragraph("Eksempel: 010203 1234. Borger: 311299-4321.")
    document.save(path)
    assert check_public([path], {}) == [
        f"{path}, afsnit 1: CPR-nummer 010203-XXXX (skrevet med mellemrum): Et CPR-nummer må ikke "
        "stå i det offentlige materiale. Fjern det, eller tillad netop dette nummer i sagens "
        "sag.md med 'tillad_cpr' og en grund.",
        f"{path}, afsnit 1: CPR-nummer 311299-XXXX (skrevet med bindestreg): Et CPR-nummer må ikke "
        "stå i det offentlige materiale. Fjern det, eller tillad netop dette nummer i sagens "
        "sag.md med 'tillad_cpr' og en grund.",
    ]
    # Allowed in another written form: only the other number remains.
    [problem] = check_public([path], {"0102031234": "Fiktivt eksempel"})
    assert "311299-XXXX" in problem
    assert check_public([path], {CPR: "a", "311299-4321": "b"}) == []
    assert "1234" not in "".join(check_public([path], {}))


def test_check_public_refuses_a_file_it_cannot_search(tmp_path):
    broken = tmp_path / "bilag.docx"
    broken.write_bytes(b"ikke en zip")
    other = tmp_path / "billede.png"
    other.write_bytes(b"\x89PNG")
    assert check_public([broken, other], {}) == [
        f"{broken}: Filen kan ikke gennemsøges for CPR-numre (filen er ikke en gyldig "
        "Office-fil (zip)), så den kan ikke offentliggøres.",
        f"{other}: Filen kan ikke gennemsøges for CPR-numre (filtypen '.png' kan ikke "
        "gennemsøges), så den kan ikke offentliggøres.",
    ]


def test_members_are_warned(tmp_path):
    path = tmp_path / "dagsorden.docx"
    document = Document()
    document.add_paragraph(f"Borger {CPR}")
    document.save(path)
    assert warnings_for_members([path]) == [
        f"{path}, afsnit 1: CPR-nummer 010203-XXXX (skrevet med bindestreg): Advarsel: et "
        "CPR-nummer i "
        "medlemmernes materiale."
    ]


# --- stripping metadata --------------------------------------------------------------


def _zip_text(path: Path) -> str:
    with zipfile.ZipFile(path) as archive:
        return "\n".join(
            archive.read(n).decode("utf-8") for n in archive.namelist() if n.endswith("xml")
        )


def _names(path: Path) -> set[str]:
    with zipfile.ZipFile(path) as archive:
        return set(archive.namelist())


@pytest.mark.libreoffice
def test_strip_metadata_docx(tmp_path, libreoffice):
    path = _docx_with_everything(tmp_path / "sag.docx")
    before = _zip_text(path)
    assert "Jens Hansen" in before and "Mette Jensen" in before and "commentReference" in before

    assert strip_metadata(path) == path

    text = _zip_text(path)
    assert "Jens Hansen" not in text and "Mette Jensen" not in text
    assert "comment" not in text.replace("commentsExtended", "")  # no part, mark or rel
    assert "word/comments.xml" not in _names(path)
    assert "w:author" not in text and "w:rsid" not in text
    # The text itself is still there; the tracked change is accepted: the deleted
    # text is gone, the inserted one stays without its mark.
    document = Document(str(path))
    assert document.paragraphs[1].text == "Borger med CPR 010203-1111 i afsnit to."
    assert document.paragraphs[2].text == "Rettet: [slettet]"
    assert document.core_properties.author == ""
    assert document.core_properties.last_modified_by == ""
    assert "080910-8888" not in text and "<w:ins " not in text and "<w:del " not in text
    [pdf] = libreoffice([path], "pdf")
    assert "010203-1111" in PdfReader(pdf).pages[0].extract_text()


def test_strip_metadata_xlsx_and_pdf(tmp_path):
    workbook = Workbook()
    workbook.properties.creator = "Jens Hansen"
    workbook.properties.lastModifiedBy = "Mette Jensen"
    workbook.active["A1"] = 42
    workbook.save(tmp_path / "b.xlsx")
    strip_metadata(tmp_path / "b.xlsx")
    assert "Jens Hansen" not in _zip_text(tmp_path / "b.xlsx")
    assert "Mette Jensen" not in _zip_text(tmp_path / "b.xlsx")
    reopened = load_workbook(tmp_path / "b.xlsx")
    assert reopened.active["A1"].value == 42
    assert reopened.properties.lastModifiedBy is None

    writer = PdfWriter()
    writer.add_blank_page(200, 200)
    writer.add_metadata({"/Author": "Jens Hansen", "/Title": "Bilag"})
    writer.write(tmp_path / "b.pdf")
    strip_metadata(tmp_path / "b.pdf")
    metadata = PdfReader(tmp_path / "b.pdf").metadata
    assert "/Author" not in metadata and metadata["/Title"] == "Bilag"


def _commented_workbook(path: Path) -> Path:
    from openpyxl.comments import Comment

    workbook = Workbook()
    workbook.properties.creator = "Jens Hansen"
    workbook.active["A1"] = 42
    workbook.active["A1"].comment = Comment("Tjek tallet", "Mette Jensen")
    workbook.save(path)
    return path


def test_strip_metadata_blanks_comment_authors_whatever_the_part_is_called(tmp_path):
    """openpyxl calls the part xl/comments/comment1.xml, Excel xl/comments1.xml: the
    first was kept with its author before."""
    path = _commented_workbook(tmp_path / "b.xlsx")
    assert "xl/comments/comment1.xml" in _names(path)
    strip_metadata(path)
    text = _zip_text(path)
    assert "Mette Jensen" not in text and "Jens Hansen" not in text
    assert "Tjek tallet" in text  # the comment itself stays
    assert load_workbook(path).active["A1"].comment.text == "Tjek tallet"


def _cleaned_copy(original: Path) -> Path:
    copy = original.with_name(f"renset-{original.name}")
    copy.write_bytes(original.read_bytes())
    return strip_metadata(copy)


def test_a_workbook_cleaned_of_its_author_prints_alike(tmp_path):
    workbook = Workbook()
    workbook.properties.creator = "Jens Hansen"
    workbook.properties.lastModifiedBy = "Mette Jensen"
    workbook.properties.title = "Tal"
    workbook.active["A1"] = 42
    workbook.save(tmp_path / "b.xlsx")
    copy = _cleaned_copy(tmp_path / "b.xlsx")
    assert copy.read_bytes() != (tmp_path / "b.xlsx").read_bytes()
    assert prints_alike(tmp_path / "b.xlsx", copy)
    assert prints_alike(tmp_path / "b.xlsx", tmp_path / "b.xlsx")


def test_a_workbook_whose_comment_authors_were_blanked_does_not(tmp_path):
    original = _commented_workbook(tmp_path / "b.xlsx")
    assert not prints_alike(original, _cleaned_copy(original))


def test_a_workbook_with_a_hyperlink_base_does_not(tmp_path):
    """Links on a page are resolved against the base cleaning removes."""
    workbook = Workbook()
    workbook.active["A1"] = 42
    workbook.save(tmp_path / "b.xlsx")
    with zipfile.ZipFile(tmp_path / "b.xlsx") as archive:
        parts = {n: archive.read(n) for n in archive.namelist()}
    parts["docProps/app.xml"] = parts["docProps/app.xml"].replace(
        b"</Properties>", b"<HyperlinkBase>\\\\server\\jens\\</HyperlinkBase></Properties>"
    )
    with zipfile.ZipFile(tmp_path / "b.xlsx", "w") as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    copy = _cleaned_copy(tmp_path / "b.xlsx")
    assert b"HyperlinkBase" not in zipfile.ZipFile(copy).read("docProps/app.xml")
    assert not prints_alike(tmp_path / "b.xlsx", copy)


def test_workbooks_that_differ_on_a_sheet_or_cannot_be_read_do_not(tmp_path):
    for name, value in (("a.xlsx", 42), ("b.xlsx", 43)):
        workbook = Workbook()
        workbook.active["A1"] = value
        workbook.save(tmp_path / name)
    assert not prints_alike(tmp_path / "a.xlsx", tmp_path / "b.xlsx")
    (tmp_path / "c.xlsx").write_bytes(b"ikke en arbejdsbog")
    assert not prints_alike(tmp_path / "a.xlsx", tmp_path / "c.xlsx")
    assert not prints_alike(tmp_path / "a.xlsx", tmp_path / "findes-ikke.xlsx")


# --- tillad_cpr in sag.md ------------------------------------------------------------

MINIMAL = """\
---
udvalg: Socialudvalget
moededato: 04.12.2013, kl. 16:00
punkt: 5
titel: Klagesag
indstiller: Socialforvaltningen
indstilling:
  - at Socialudvalget tager sagen til efterretning
{extra}---

## Problemstilling

P.

## Løsning

L.

## Videre proces

V.
"""


def _case(tmp_path: Path, extra: str) -> Path:
    folder = tmp_path / "klagesag"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "sag.md").write_text(MINIMAL.format(extra=extra), encoding="utf-8")
    return folder / "sag.md"


def test_tillad_cpr_is_read_with_its_reason(tmp_path):
    fil = _case(
        tmp_path,
        'tillad_cpr:\n  - nummer: "010203-1234"\n    grund: Fiktivt eksempelnummer\n'
        "  - nummer: 3112994321\n    grund: Borgerens eget ønske\n",
    )
    sag = read_sag(fil)
    assert sag.tillad_cpr == (
        CprTilladelse("010203-1234", "Fiktivt eksempelnummer"),
        CprTilladelse("3112994321", "Borgerens eget ønske"),
    )
    assert sag.linjer["tillad_cpr"] == 9
    # A sagsnr that reads as a CPR number (20.10.1911) is printed without a label.
    sag = replace(sag, sagsnr="2010113567")
    assert tilladelser([sag], ["2014-0231965", "2011113567"]) == {
        "2010113567": "sagens sagsnr",
        "2011113567": "sagsnr eller dokumentnr",
        "010203-1234": "Fiktivt eksempelnummer",
        "3112994321": "Borgerens eget ønske",
    }
    assert read_sag(_case(tmp_path / "ingen", "")).tillad_cpr == ()


def test_tillad_cpr_needs_a_reason_and_a_real_number(tmp_path):
    fil = _case(
        tmp_path,
        'tillad_cpr:\n  - nummer: "010203-1234"\n'
        "  - nummer: 320199-1234\n    grund: Forkert dato\n"
        '  - nummer: "010203-1234"\n    grund: ""\n'
        "  - nummer: x\n    grund: y\n    hvem: z\n",
    )
    with pytest.raises(CaseError) as info:
        read_sag(fil)
    assert [str(p) for p in info.value.problems] == [
        f"{fil}, linje 10: 'tillad_cpr' nr. 1 mangler 'grund': et CPR-nummer må kun "
        "tillades med nummeret (nummer) og grunden (grund).",
        f"{fil}, linje 11: 'nummer' i 'tillad_cpr' nr. 2 skal være ét CPR-nummer som "
        "010203-1234 med en gyldig dato og intet andet.",
        f"{fil}, linje 14: 'grund' i 'tillad_cpr' nr. 3 er tom.",
        f"{fil}, linje 15: 'nummer' i 'tillad_cpr' nr. 4 skal være ét CPR-nummer som "
        "010203-1234 med en gyldig dato og intet andet.",
        f"{fil}, linje 17: Ukendt nøgle 'hvem' i 'tillad_cpr' nr. 4. Kendte nøgler: nummer, grund.",
    ]


def _strict(path: Path, transitional: str, strict: str) -> Path:
    """`path` rewritten in Strict OOXML: every part's `transitional` namespace made
    `strict` (as Office's "Strict Open XML" format saves it)."""
    with zipfile.ZipFile(path) as archive:
        parts = {n: archive.read(n) for n in archive.namelist()}
    with zipfile.ZipFile(path, "w") as archive:
        for name, data in parts.items():
            archive.writestr(name, data.replace(transitional.encode(), strict.encode()))
    return path


def test_strip_metadata_cleans_strict_ooxml_workbooks_too(tmp_path):
    path = _commented_workbook(tmp_path / "b.xlsx")
    with zipfile.ZipFile(path) as archive:
        parts = {n: archive.read(n) for n in archive.namelist()}
    parts["xl/workbook.xml"] = parts["xl/workbook.xml"].replace(
        b"<workbookPr", b'<fileSharing userName="Mette Jensen"/><workbookPr', 1
    )
    with zipfile.ZipFile(path, "w") as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    _strict(
        path,
        "http://schemas.openxmlformats.org/spreadsheetml/2006/main",
        "http://purl.oclc.org/ooxml/spreadsheetml/main",
    )
    assert "Mette Jensen" in _zip_text(path)
    strip_metadata(path)
    assert "Mette Jensen" not in _zip_text(path) and "Tjek tallet" in _zip_text(path)


def test_strip_metadata_accepts_strict_ooxml_tracked_changes(tmp_path):
    document = Document()
    paragraph = document.add_paragraph("Rettet: ")
    paragraph._p.append(
        etree.fromstring(
            f'<w:ins {W} w:id="1" w:author="Jens Hansen" w:date="2014-11-01T10:00:00Z">'
            "<w:r><w:t>ny tekst</w:t></w:r></w:ins>"
        )
    )
    paragraph._p.append(
        etree.fromstring(
            f'<w:del {W} w:id="2" w:author="Jens Hansen" w:date="2014-11-01T10:00:00Z">'
            "<w:r><w:delText>gammel tekst</w:delText></w:r></w:del>"
        )
    )
    document.save(tmp_path / "n.docx")
    path = _strict(
        tmp_path / "n.docx",
        "http://schemas.openxmlformats.org/wordprocessingml/2006/main",
        "http://purl.oclc.org/ooxml/wordprocessingml/main",
    )
    strip_metadata(path)
    text = _zip_text(path)
    assert "Jens Hansen" not in text and "gammel tekst" not in text
    assert "ny tekst" in text and ":ins " not in text and ":del " not in text


# --- FILENAME fields ------------------------------------------------------------------

AUTHORS_PATH = "C:\\Users\\jens.hansen\\Hemmeligt\\bilag.docx"


def _field_runs(paragraph, *instruction: str, result: str | None = AUTHORS_PATH) -> None:
    """A field in runs: begin, the instruction (in as many runs as given), separate,
    the result Word last showed, end."""
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls

    runs = ['<w:r %s><w:rPr><w:b/></w:rPr><w:fldChar w:fldCharType="begin"/></w:r>']
    runs += [
        f'<w:r %s><w:instrText xml:space="preserve">{part}</w:instrText></w:r>'
        for part in instruction
    ]
    if result is not None:
        runs += [
            '<w:r %s><w:fldChar w:fldCharType="separate"/></w:r>',
            f"<w:r %s><w:t>{result}</w:t></w:r>",
        ]
    runs.append('<w:r %s><w:fldChar w:fldCharType="end"/></w:r>')
    for run in runs:
        paragraph._p.append(parse_xml(run % nsdecls("w")))


def _filename_document(path: Path) -> Path:
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls

    document = Document()
    body = document.add_paragraph("Fil: ")
    _field_runs(body, " FILE", "NAME \\p ")  # the instruction split over two runs
    _field_runs(document.add_paragraph("Lille: "), " filename ")
    _field_runs(document.add_paragraph("Uden resultat: "), " FILENAME ", result=None)
    _field_runs(document.add_paragraph("Side: "), " PAGE ", result="1")
    simple = document.add_paragraph("Simpelt: ")
    simple._p.append(
        parse_xml(
            f'<w:fldSimple {nsdecls("w")} w:instr=" FILENAME \\p "><w:r><w:t>{AUTHORS_PATH}'
            "</w:t></w:r></w:fldSimple>"
        )
    )
    _field_runs(document.sections[0].footer.paragraphs[0], " FILENAME \\p ")
    document.save(path)
    return path


def _paragraph_texts(path: Path) -> list[str]:
    document = Document(str(path))
    return [p.text for p in document.paragraphs] + [
        p.text for p in document.sections[0].footer.paragraphs
    ]


def test_a_public_copys_filename_fields_are_its_name(tmp_path):
    """A FILENAME field keeps the path Word last saw (the author's folders) until it
    is updated: the public copy shows its own name, as plain text."""
    path = _filename_document(tmp_path / "bilag.docx")

    strip_metadata(path)

    assert "jens.hansen" not in _zip_text(path)
    assert _paragraph_texts(path)[-6:] == [
        "Fil: bilag.docx",
        "Lille: bilag.docx",
        "Uden resultat: bilag.docx",
        "Side: 1",
        "Simpelt: bilag.docx",
        "bilag.docx",
    ]
    text = _zip_text(path)
    assert "FILENAME" not in text.upper().replace("BILAG.DOCX", "")
    assert "PAGE" in text  # other fields stay fields


def test_a_filename_field_with_a_field_inside_is_left_alone(tmp_path):
    path = tmp_path / "indlejret.docx"
    document = Document()
    paragraph = document.add_paragraph()
    _field_runs(paragraph, " FILENAME ", result=None)
    # A field inside another's code: begin inside begin.
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls

    paragraph._p.insert(
        2, parse_xml(f'<w:r {nsdecls("w")}><w:fldChar w:fldCharType="begin"/></w:r>')
    )
    paragraph._p.insert(3, parse_xml(f'<w:r {nsdecls("w")}><w:fldChar w:fldCharType="end"/></w:r>'))
    document.save(path)
    before = _zip_text(path)
    strip_metadata(path)
    assert _zip_text(path).count("FILENAME") == before.count("FILENAME") == 1


def _body_with(path: Path, paragraph_xml: str) -> Path:
    """A Word file whose only paragraph is `paragraph_xml` (runs, in w's namespace)."""
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls

    document = Document()
    paragraph = document.add_paragraph()
    for run in parse_xml(f"<w:p {nsdecls('w')}>{paragraph_xml}</w:p>"):
        paragraph._p.append(run)
    document.save(path)
    return path


BEGIN, SEPARATE, END = (f'<w:fldChar w:fldCharType="{k}"/>' for k in ("begin", "separate", "end"))


@pytest.mark.parametrize(
    "runs, shown",
    [
        # A switch written without a space before it is FILENAME all the same.
        (
            f"<w:r>{BEGIN}</w:r><w:r><w:instrText>FILENAME\\p</w:instrText></w:r>"
            f"<w:r>{SEPARATE}</w:r><w:r><w:t>{AUTHORS_PATH}</w:t></w:r><w:r>{END}</w:r>",
            "bilag.docx",
        ),
        # The whole field in one run.
        (
            f"<w:r>{BEGIN}<w:instrText> FILENAME \\p </w:instrText>{SEPARATE}"
            f"<w:t>{AUTHORS_PATH}</w:t>{END}</w:r>",
            "bilag.docx",
        ),
        # Text in the runs of the field's marks, a footnote's mark in its result: kept.
        (
            f"<w:r><w:t xml:space='preserve'>FØR </w:t>{BEGIN}</w:r>"
            f"<w:r><w:instrText> FILENAME </w:instrText></w:r><w:r>{SEPARATE}</w:r>"
            f"<w:r><w:t>{AUTHORS_PATH}</w:t></w:r><w:r><w:t>del2</w:t>"
            "<w:footnoteReference w:id='1'/></w:r>"
            f"<w:r>{END}<w:t xml:space='preserve'> EFTER</w:t></w:r>",
            "FØR bilag.docx EFTER",
        ),
        # In a tracked deletion (the members' set keeps it).
        (
            f"<w:del w:id='1' w:author='x'><w:r>{BEGIN}</w:r><w:r><w:delInstrText> FILENAME \\p"
            f"</w:delInstrText></w:r><w:r>{SEPARATE}</w:r><w:r><w:delText>{AUTHORS_PATH}"
            f"</w:delText></w:r><w:r>{END}</w:r></w:del><w:r><w:t>rest</w:t></w:r>",
            "rest",
        ),
    ],
    ids=["no space before the switch", "one run", "text around it", "deleted"],
)
def test_filename_fields_of_every_shape_are_the_name(tmp_path, runs, shown):
    from dagsorden.byg.persondata import file_name_fields_as_text

    path = _body_with(tmp_path / "bilag.docx", runs)
    with zipfile.ZipFile(path) as archive:
        root = etree.fromstring(archive.read("word/document.xml"))
    assert file_name_fields_as_text(root, "bilag.docx")
    xml = etree.tostring(root, encoding="unicode")
    assert "jens.hansen" not in xml
    assert "FILENAME" not in xml
    paragraph = root.find(f".//{qn('w:p')}")
    text = "".join(t.text or "" for t in paragraph.iter(qn("w:t")))
    assert text == shown  # (the second result text "del2" goes with the path)
    if "footnoteReference" in runs:
        assert paragraph.find(f".//{qn('w:footnoteReference')}") is not None


def test_a_public_copys_document_variables_are_gone(tmp_path):
    """w:docVars hold what a template stored: here a user's folder."""
    path = Document()
    path.add_paragraph("Tekst")
    target = tmp_path / "variabler.docx"
    path.save(target)
    with zipfile.ZipFile(target) as source:
        members = {i.filename: source.read(i) for i in source.infolist()}
    members["word/settings.xml"] = members["word/settings.xml"].replace(
        b"</w:settings>",
        b'<w:docVars><w:docVar w:name="Sti" w:val="C:\\Users\\jens.hansen"/></w:docVars>'
        b"</w:settings>",
    )
    with zipfile.ZipFile(target, "w") as out:
        for name, data in members.items():
            out.writestr(name, data)
    assert "jens.hansen" in _zip_text(target)
    strip_metadata(target)
    assert "jens.hansen" not in _zip_text(target) and "docVar" not in _zip_text(target)


def test_a_public_copys_fields_naming_local_paths_are_what_they_show(tmp_path):
    """INCLUDETEXT, INCLUDEPICTURE, LINK and file: links keep the author's folders in
    their code: the public copy keeps what they show, not the code. A web link stays a
    link, and the members' packet (no `paths`) keeps every field."""

    def field(code: str, shown: str) -> str:
        return (
            f"<w:r>{BEGIN}</w:r><w:r><w:instrText xml:space='preserve'>{code}</w:instrText>"
            f"</w:r><w:r>{SEPARATE}</w:r><w:r><w:t>{shown}</w:t></w:r><w:r>{END}</w:r>"
        )

    runs = (
        field('INCLUDETEXT "C:\\\\Users\\\\jens.hansen\\\\tekst.docx"', "Den indsatte tekst")
        + field('HYPERLINK "file:///C:/Users/jens.hansen/x.docx"', " og et link")
        + field('HYPERLINK "https://www.kk.dk/"', " og kk.dk")
        + "<w:fldSimple w:instr='LINK Excel.Sheet.12 \"\\\\\\\\server\\\\jens\\\\ark.xlsx\" A1'>"
        "<w:r><w:t xml:space='preserve'> og 42</w:t></w:r></w:fldSimple>"
    )
    path = _body_with(tmp_path / "felter.docx", runs)
    members = Document(str(path))

    strip_metadata(path)

    text = _zip_text(path)
    assert "jens" not in text and "INCLUDETEXT" not in text and "LINK Excel" not in text
    assert "https://www.kk.dk/" in text  # a web link's field stays
    assert _paragraph_texts(path)[-2] == "Den indsatte tekst og et link og kk.dk og 42"
    assert "jens.hansen" in "".join(p._p.xml for p in members.paragraphs)
