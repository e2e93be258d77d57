"""CPR numbers however written, and the public set cleaned of authoring metadata
(issue 9, section 4): the spellings a tired user types or Word makes, the numbers
that only look like CPR numbers, and what the public copies lose."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner
from docx import Document
from openpyxl import Workbook
from persondata_filer import DOCX_STEDER, hostile_docx, hostile_pdf, write_case, write_meeting
from pypdf import PdfReader

from dagsorden.byg.persondata import scan_docx, scan_pdf, strip_metadata
from dagsorden.cli import main
from dagsorden.kerne.cpr import cpr_cifre, find_cpr, masker

BINDESTREG = "skrevet med bindestreg"
STREG = "skrevet med tankestreg eller minustegn"
UDEN = "uden skilletegn, gyldig dato"
USYNLIGE = "med usynlige tegn imellem"


@pytest.mark.parametrize(
    "text, rule",
    [
        ("010170-1234", BINDESTREG),
        ("(010170-1234)", BINDESTREG),
        ("\ufeff010170-1234", BINDESTREG),
        ("010170 - 1234", "skrevet med mellemrum om bindestregen"),
        ("010170 -1234", "skrevet med mellemrum om bindestregen"),
        ("010170-  1234", "skrevet med mellemrum om bindestregen"),
        ("010170-\n1234", "skrevet med mellemrum om bindestregen"),
        ("010170 1234", "skrevet med mellemrum"),
        ("010170\u00a01234", "skrevet med mellemrum"),
        ("010170\u202f1234", "skrevet med mellemrum"),
        ("010170\u20091234", "skrevet med mellemrum"),
        ("010170\u00ad-1234", f"{BINDESTREG}, {USYNLIGE}"),
        ("0101\u00ad70-1234", f"{BINDESTREG}, {USYNLIGE}"),
        ("010170\u200b-\u200b1234", f"{BINDESTREG}, {USYNLIGE}"),
        ("0101701234", UDEN),
        ("CPR-nr.: 0101701234", UDEN),
        ("cpr 0101701234.", UDEN),
        ("0101\u00ad701234", f"{UDEN}, {USYNLIGE}"),
        ("010170\u200b1234", f"{UDEN}, {USYNLIGE}"),
        ("010170\u20601234", f"{UDEN}, {USYNLIGE}"),
        ("01017\ufeff01234", f"{UDEN}, {USYNLIGE}"),
        *((f"010170{dash}1234", STREG) for dash in "\u2010\u2011\u2012\u2013\u2014\u2015"),
        ("010170\u22121234", STREG),
        ("010170\ufe631234", STREG),
        ("010170\uff0d1234", STREG),
        ("010170 \u2013 1234", STREG),
        ("010170.1234", "skrevet med punktum"),
        ("010170/1234", "skrevet med skråstreg"),
        ("01.01.70-1234", "skrevet som dato med punktummer og bindestreg"),
        ("01.01.70 - 1234", "skrevet som dato med punktummer og bindestreg"),
        ("０１０１７０-１２３４", f"{BINDESTREG}, med andre cifre end 0-9"),
        ("０１０１７０１２３４", f"{UDEN}, med andre cifre end 0-9"),
    ],
)
def test_finds_a_cpr_number_however_written(text, rule):
    [fund] = find_cpr(f"Borgeren {text} klager.")
    assert fund.cifre == "0101701234"
    assert fund.regel == rule
    assert fund.maskeret == "010170-XXXX"
    # The find is the text as written, invisible characters inside it included.
    assert f"Borgeren {text} klager."[fund.start : fund.slut] == fund.tekst
    assert cpr_cifre(fund.tekst) == "0101701234"


@pytest.mark.parametrize(
    "text",
    [
        "Sagsnr. 2014-0231965",
        "Sagsnr. 0101701234",
        "sagsnummer 0101701234",
        "J.nr. 0101701234",
        "Dokumentnr. 0101701234",
        "P-nr. 1014071234",
        "P-nummer 0101701234",
        "CVR-nr. 0101701234",
        "Faktura nr. 0101701234",
        "Fakturanummer: 0101701234",
        "Ordrenr. 0101701234",
        "Reg.nr. 1234 kontonr. 0101701234",
        "Tlf. 0101701234",
        "Telefon 2631 2699",
        "+45 26 31 26 99",
        "+450101701234",
        "1010701234 kr.",
        "kr. 1010701234",
        "1.010.701.234 kr.",
        "DKK 1010701234",
        "1010701234 mio.",
        "01.01.70 12:34",
        "01.01.1970 kl. 12.34",
        "2011-09-21 16:00",
        "010170 12:34",
        "EAN 5798009682901",
        "123456789012",
        "ab010170-1234-4cde-8f00-000000000046",
        "ab010170-1234-abcd-8f00-000000000046",
        "1-010170-1234",
        "010170-1234-5",
        "010170-12345",
        "320170-1234",
        "010170-12 34",
        "01.01.70.1234",
        "10.10.10.1234",
        "2.010170,1234",
        "010170--1234",
    ],
)
def test_finds_no_cpr_number_in_what_only_looks_like_one(text):
    assert find_cpr(text) == []


def test_a_label_never_hides_a_number_written_like_a_cpr_number():
    """Only a number without separator can be a case, invoice or phone number."""
    assert [f.regel for f in find_cpr("Sagsnr. 010170-1234, Faktura nr. 010170 1234")] == [
        BINDESTREG,
        "skrevet med mellemrum",
    ]


def test_masking_a_name():
    assert masker("klage-010170-1234/sag.md") == "klage-010170-XXXX/sag.md"
    assert masker("ingen") == "ingen"


# --- hostile files ----------------------------------------------------------------------


def _distinct(steder: tuple[str, ...]) -> dict[str, str]:
    return {s: f"{i + 1:02d}0170-{4700 + i}" for i, s in enumerate(steder)}


def test_scan_docx_finds_embedded_objects_and_alt_chunks(tmp_path):
    numbers = _distinct(DOCX_STEDER)
    path = hostile_docx(tmp_path / "bilag.docx", lambda s: f"Borger {numbers[s]}.")
    found = {f.cpr.tekst: f.sted for f in scan_docx(path)}
    assert set(found) == set(numbers.values())
    assert found[numbers["indlejret docx"]] == (
        "indlejret objekt 'word/embeddings/Microsoft_Word_Document.docx', delen 'word/document.xml'"
    )
    assert found[numbers["indlejret ole"]] == "indlejret objekt 'word/embeddings/oleObject1.bin'"
    assert found[numbers["altchunk rtf"]] == "indsat tekst (altChunk) 'word/afchunk2.rtf'"
    assert found[numbers["firma"]] == "dokumentegenskab 'Company'"


def test_a_docx_is_refused_when_an_embedded_file_is_nested_too_deep(tmp_path):
    from dagsorden.byg.persondata import Ulaeselig

    document = Document()
    document.add_paragraph("indre")
    document.save(tmp_path / "0.docx")
    data = (tmp_path / "0.docx").read_bytes()
    for level in range(5):
        with zipfile.ZipFile(tmp_path / f"{level + 1}.docx", "w") as archive:
            archive.writestr("word/embeddings/indre.docx", data)
        data = (tmp_path / f"{level + 1}.docx").read_bytes()
    with pytest.raises(Ulaeselig, match="i mere end 3 lag"):
        scan_docx(tmp_path / "5.docx")


def _zip_text(path: Path) -> str:
    with zipfile.ZipFile(path) as archive:
        return "\n".join(archive.read(n).decode("utf-8", "replace") for n in archive.namelist())


def test_strip_removes_authoring_metadata_from_a_docx(tmp_path):
    numbers = _distinct(DOCX_STEDER)
    path = hostile_docx(tmp_path / "bilag.docx", lambda s: f"Borger {numbers[s]}.")
    strip_metadata(path)
    with zipfile.ZipFile(path) as archive:
        names = set(archive.namelist())
    text = _zip_text(path)
    assert "docProps/custom.xml" not in names and "custom.xml" not in text
    assert "docProps/thumbnail.jpeg" not in names
    gone = ("jhansen", "Jens Hansen", "Mette Jensen", "<Company>", "<Manager>", "<Template>")
    for text_gone in (*gone, "attachedTemplate", "<w:del ", "<w:moveFrom ", "<w:ins "):
        assert text_gone not in text, text_gone
    for sted in ("kommentar", "sletning", "flytning", "firma", "brugerdefineret"):
        assert numbers[sted] not in text, sted
    assert numbers["afsnit"] in text
    assert "Rettet: [rettet]" in "\n".join(p.text for p in Document(str(path)).paragraphs)


def test_strip_removes_the_folder_and_company_of_a_workbook(tmp_path):
    workbook = Workbook()
    workbook.properties.creator = "Jens Hansen"
    workbook.active["A1"] = 42
    workbook.save(tmp_path / "b.xlsx")
    with zipfile.ZipFile(tmp_path / "b.xlsx") as archive:
        entries = {n: archive.read(n) for n in archive.namelist()}
    entries["xl/workbook.xml"] = entries["xl/workbook.xml"].replace(
        b"<workbookPr",
        b'<mc:AlternateContent xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility'
        b'/2006"><mc:Choice Requires="x15"><x15ac:absPath xmlns:x15ac="http://schemas.microsoft'
        b'.com/office/spreadsheetml/2010/11/ac" url="C:\\Users\\jhansen\\Sager\\"/></mc:Choice>'
        b'</mc:AlternateContent><fileSharing userName="Jens Hansen"/><workbookPr',
        1,
    )
    entries["docProps/app.xml"] = entries["docProps/app.xml"].replace(
        b"</Properties>", b"<Company>Socialforvaltningen</Company></Properties>"
    )
    with zipfile.ZipFile(tmp_path / "b.xlsx", "w") as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
    strip_metadata(tmp_path / "b.xlsx")
    text = _zip_text(tmp_path / "b.xlsx")
    for gone in ("jhansen", "Jens Hansen", "absPath", "AlternateContent", "Socialforvaltningen"):
        assert gone not in text, gone
    from openpyxl import load_workbook

    assert load_workbook(tmp_path / "b.xlsx").active["A1"].value == 42


def test_strip_cleans_a_pdf_and_drops_what_it_no_longer_uses(tmp_path):
    path = hostile_pdf(tmp_path / "b.pdf", lambda s: f"{s.upper()}-MARK")
    strip_metadata(path)
    reader = PdfReader(path)
    assert "/Author" not in reader.metadata
    assert reader.metadata["/Subject"] == "DOKUMENTEGENSKAB-MARK"
    # The XMP metadata keeps only what a tagged PDF needs (its title, language, the
    # PDF/UA mark): the description holding the mark goes (issue 11).
    assert b"XMP-MARK" not in reader.trailer["/Root"]["/Metadata"].get_object().get_data()
    [annot] = [a.get_object() for a in reader.pages[0]["/Annots"]]
    assert "/T" not in annot and annot["/Contents"] == "KOMMENTAR-MARK"
    data = path.read_bytes()
    inflated = b""
    for idnum in range(1, 100):
        obj = reader.get_object(idnum)
        if obj is not None:
            inflated += obj.get_data() if hasattr(obj, "get_data") else repr(obj).encode()
    for gone in (b"XMP-MARK", b"KOMMENTARFORFATTER-MARK", b"Jens Hansen"):
        assert gone not in data and gone not in inflated, gone


def test_scan_pdf_finds_every_place(tmp_path):
    from persondata_filer import PDF_STEDER

    numbers = _distinct(PDF_STEDER)
    path = hostile_pdf(tmp_path / "b.pdf", lambda s: f"Borger {numbers[s]}")
    found = {f.cpr.tekst: f.sted for f in scan_pdf(path)}
    assert set(found) == set(numbers.values())
    assert found[numbers["kommentarforfatter"]] == "side 1, kommentar 1"
    assert found[numbers["bogmærke"]] == "bogmærke 1"
    assert found[numbers["formularfelt"]] == "formularfelt 1"
    assert found[numbers["XMP"]] == "XMP-metadata"


# --- the public agenda ------------------------------------------------------------------


def _template(path: Path) -> None:
    """An agenda template from another office that prints everything it can reach."""
    document = Document()
    for line in (
        "{{ moede.fil }} {{ moede.udvalg }}",
        "{%p for punkt in moede.punkter %}",
        "{{ punkt.nummer }}|{{ punkt.sag.titel }}|{{ punkt.sag.fil }}|{{ punkt.sag.navn }}",
        "{{ punkt.sag.resume }}|{{ punkt.sag.sagsnr }}|{{ punkt.sag.tillad_cpr }}",
        "{{ punkt.sag.afsnit }}|{{ punkt.sag.bilag }}|{{ punkt.sag.indstilling }}",
        "{%p for bilag in punkt.bilag %}",
        "{{ bilag.titel }}|{{ bilag.kilde }}",
        "{%p endfor %}",
        "{%p endfor %}",
    ):
        document.add_paragraph(line)
    path.parent.mkdir(parents=True, exist_ok=True)
    document.save(path)


def _blank_pdf() -> bytes:
    """A real one-page PDF: the packet counts a PDF bilag's pages, so a bilag that is
    no PDF at all is refused (as it should be) before anything is published."""
    import io

    import pikepdf

    pdf = pikepdf.new()
    pdf.add_blank_page()
    buffer = io.BytesIO()
    pdf.save(buffer)
    return buffer.getvalue()


def test_no_agenda_template_reaches_a_closed_punkt(tmp_path, monkeypatch):
    _template(tmp_path / "templates" / "dagsorden.docx")
    write_case(tmp_path, "aaben", titel="Åben sag")
    write_case(
        tmp_path,
        "hemmelig-mappe",
        titel="HEMMELIG-TITEL",
        body="HEMMELIG-TEKST",
        extra='lukket: true\nresume: HEMMELIG-RESUME\nsagsnr: "2014-0999999"\n',
        bilag={"bilag/HEMMELIG-FIL.pdf": _blank_pdf()},
    )
    write_meeting(tmp_path, "aaben", "hemmelig-mappe")
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["byg", "cases/moede.yaml", "-o", "ud", "--stille"])
    assert result.exit_code == 0, result.output
    public = _zip_text(tmp_path / "ud" / "offentlig" / "dagsorden.docx")
    members = _zip_text(tmp_path / "ud" / "medlemmer" / "dagsorden.docx")
    for secret in ("HEMMELIG", "hemmelig", "2014-0999999", str(tmp_path)):
        assert secret in members or secret == str(tmp_path)
        assert secret not in public, secret
    assert "2|Lukket punkt|" in public and "1|Åben sag|" in public
