"""Hostile files for the personal-data tests: a PDF and a Word document that carry a
text in every place a reader can see (issue 9, section 4).

Each function takes `tekst(sted)`, which gives the text to put in the place named
`sted` (so a test can put a different CPR number, or a different spelling, in each).
"""

from __future__ import annotations

import zipfile
from collections.abc import Callable
from pathlib import Path

from docx import Document
from docx.oxml.ns import qn
from lxml import etree
from pypdf import PdfWriter
from pypdf.generic import (
    ArrayObject,
    BooleanObject,
    DecodedStreamObject,
    DictionaryObject,
    FloatObject,
    NameObject,
    NumberObject,
    TextStringObject,
)

Tekst = Callable[[str], str]

PDF_STEDER = ("side", "kommentar", "kommentarforfatter", "bogmærke", "formularfelt",
              "vedhæftet fil", "vedhæftet filnavn", "XMP", "dokumentegenskab")  # fmt: skip
DOCX_STEDER = ("afsnit", "kommentar", "sletning", "flytning", "firma", "brugerdefineret",
               "indlejret docx", "indlejret xlsx", "indlejret ole", "altchunk html",
               "altchunk rtf", "altchunk mht", "sidehoved")  # fmt: skip


def _pdf_string(text: str) -> str:
    return text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")


def hostile_pdf(path: Path, tekst: Tekst) -> Path:
    """A one-page PDF with a text in every place of PDF_STEDER."""
    writer = PdfWriter()
    page = writer.add_blank_page(595, 842)
    font = DictionaryObject(
        {
            NameObject("/Type"): NameObject("/Font"),
            NameObject("/Subtype"): NameObject("/Type1"),
            NameObject("/BaseFont"): NameObject("/Helvetica"),
            NameObject("/Encoding"): NameObject("/WinAnsiEncoding"),
        }
    )
    page[NameObject("/Resources")] = DictionaryObject(
        {NameObject("/Font"): DictionaryObject({NameObject("/F1"): writer._add_object(font)})}
    )
    content = DecodedStreamObject()
    side = tekst("side").encode("cp1252", errors="replace").decode("latin-1")
    content.set_data(f"BT /F1 12 Tf 72 700 Td ({_pdf_string(side)}) Tj ET".encode("latin-1"))
    page[NameObject("/Contents")] = writer._add_object(content.flate_encode())
    annotation = DictionaryObject(
        {
            NameObject("/Type"): NameObject("/Annot"),
            NameObject("/Subtype"): NameObject("/Text"),
            NameObject("/Rect"): ArrayObject([FloatObject(v) for v in (100, 100, 120, 120)]),
            NameObject("/Contents"): TextStringObject(tekst("kommentar")),
            NameObject("/T"): TextStringObject(tekst("kommentarforfatter")),
        }
    )
    page[NameObject("/Annots")] = ArrayObject([writer._add_object(annotation)])
    writer.add_outline_item(title=tekst("bogmærke"), page_number=0)
    field = DictionaryObject(
        {
            NameObject("/FT"): NameObject("/Tx"),
            NameObject("/T"): TextStringObject("felt1"),
            NameObject("/V"): TextStringObject(tekst("formularfelt")),
            NameObject("/Ff"): NumberObject(0),
        }
    )
    writer._root_object[NameObject("/AcroForm")] = DictionaryObject(
        {NameObject("/Fields"): ArrayObject([writer._add_object(field)])}
    )
    writer.add_attachment(f"{tekst('vedhæftet filnavn')}.txt", tekst("vedhæftet fil").encode())
    xmp = DecodedStreamObject()
    xmp.set_data(
        (
            '<?xpacket begin="" id="W5M0MpCehiHzreSzNTczkc9d"?><x:xmpmeta xmlns:x="adobe:ns:meta/">'
            '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
            '<rdf:Description xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:description>'
            f"{tekst('XMP')}</dc:description></rdf:Description></rdf:RDF></x:xmpmeta>"
            '<?xpacket end="w"?>'
        ).encode()
    )
    xmp[NameObject("/Type")] = NameObject("/Metadata")
    xmp[NameObject("/Subtype")] = NameObject("/XML")
    writer._root_object[NameObject("/Metadata")] = writer._add_object(xmp.flate_encode())
    writer.add_metadata(
        {"/Author": "Jens Hansen", "/Subject": tekst("dokumentegenskab"), "/Title": "Brev"}
    )
    # Tagged, in Danish (an accessible PDF, as the public set needs since issue 11).
    root = writer._root_object
    root[NameObject("/MarkInfo")] = DictionaryObject({NameObject("/Marked"): BooleanObject(True)})
    root[NameObject("/Lang")] = TextStringObject("da-DK")
    root[NameObject("/StructTreeRoot")] = writer._add_object(
        DictionaryObject({NameObject("/Type"): NameObject("/StructTreeRoot")})
    )
    writer.write(path)
    return path


_R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"


def _docx_bytes(text: str, tmp: Path) -> bytes:
    document = Document()
    document.add_paragraph(text)
    document.save(tmp)
    return tmp.read_bytes()


def _xlsx_bytes(text: str, tmp: Path) -> bytes:
    from openpyxl import Workbook

    workbook = Workbook()
    workbook.active["A1"] = text
    workbook.save(tmp)
    return tmp.read_bytes()


def _add_part(document, name: str, content_type: str, blob: bytes, reltype: str) -> str:
    from docx.opc.packuri import PackURI
    from docx.opc.part import Part

    part = Part(PackURI(name), content_type, blob, document.part.package)
    return document.part.relate_to(part, f"{_R}/{reltype}")


def _alt_chunk(document, rid: str) -> None:
    chunk = etree.SubElement(document.element.body, qn("w:altChunk"))
    chunk.set(qn("r:id"), rid)
    document.element.body.append(document.element.body.sectPr)  # sectPr stays last


def hostile_docx(path: Path, tekst: Tekst) -> Path:
    """A Word document with a text in every place of DOCX_STEDER."""
    document = Document()
    paragraph = document.add_paragraph(f"Sagen. {tekst('afsnit')}")
    document.add_comment(paragraph.runs[0], text=tekst("kommentar"), author="Jens Hansen")
    tracked = document.add_paragraph("Rettet: ")
    for tag, text_tag, sted in (
        ("w:del", "w:delText", "sletning"),
        ("w:moveFrom", "w:t", "flytning"),
    ):
        change = etree.SubElement(tracked._p, qn(tag))
        change.set(qn("w:id"), str(len(tag)))
        change.set(qn("w:author"), "Mette Jensen")
        run = etree.SubElement(change, qn("w:r"))
        etree.SubElement(run, qn(text_tag)).text = tekst(sted)
    inserted = etree.SubElement(tracked._p, qn("w:ins"))
    inserted.set(qn("w:id"), "91")
    inserted.set(qn("w:author"), "Mette Jensen")
    etree.SubElement(etree.SubElement(inserted, qn("w:r")), qn("w:t")).text = "[rettet]"
    document.sections[0].header.paragraphs[0].text = f"Sidehoved {tekst('sidehoved')}"
    document.core_properties.author = "Jens Hansen"
    document.core_properties.title = "Notat"
    tmp = path.with_name(f".{path.stem}-indlejret")
    _add_part(
        document,
        "/word/embeddings/Microsoft_Word_Document.docx",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        _docx_bytes(tekst("indlejret docx"), tmp.with_suffix(".docx")),
        "package",
    )
    _add_part(
        document,
        "/word/embeddings/Microsoft_Excel_Worksheet.xlsx",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        _xlsx_bytes(tekst("indlejret xlsx"), tmp.with_suffix(".xlsx")),
        "package",
    )
    tmp.with_suffix(".docx").unlink()
    tmp.with_suffix(".xlsx").unlink()
    ole = (
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
        + bytes(504)
        + tekst("indlejret ole").encode("utf-16-le")
    )
    ole_type = "application/vnd.openxmlformats-officedocument.oleObject"
    _add_part(document, "/word/embeddings/oleObject1.bin", ole_type, ole, "oleObject")
    html_chunk = f"<html><body><p>Indsat: {tekst('altchunk html')}</p></body></html>"
    rtf_text = tekst("altchunk rtf").replace("-", "\\_")
    rtf_chunk = "{\\rtf1\\ansi Indsat: " + rtf_text + "\\par}"
    mht_chunk = (
        "MIME-Version: 1.0\r\nContent-Type: text/html; charset=utf-8\r\n"
        "Content-Transfer-Encoding: quoted-printable\r\n\r\n"
        + "".join(f"={b:02X}" for b in f"<p>{tekst('altchunk mht')}</p>".encode())
    )
    for number, (suffix, content_type, blob) in enumerate(
        (
            ("htm", "text/html", html_chunk.encode()),
            ("rtf", "application/rtf", rtf_chunk.encode("latin-1")),
            ("mht", "message/rfc822", mht_chunk.encode("ascii")),
        ),
        start=1,
    ):
        rid = _add_part(document, f"/word/afchunk{number}.{suffix}", content_type, blob, "aFChunk")
        _alt_chunk(document, rid)
    document.save(path)
    _set_properties(path, tekst("firma"), tekst("brugerdefineret"))
    return path


def _set_properties(path: Path, company: str, custom: str) -> None:
    """Company and Template in app.xml, a custom property, an attached template."""
    with zipfile.ZipFile(path) as archive:
        entries = {name: archive.read(name) for name in archive.namelist()}
    app = entries["docProps/app.xml"].decode()
    app = app.replace(
        "</Properties>",
        f"<Company>{company}</Company><Manager>Mette Jensen</Manager>"
        "<Template>C:\\Users\\jhansen\\skabelon.dotm</Template></Properties>",
    )
    entries["docProps/app.xml"] = app.encode()
    entries["docProps/custom.xml"] = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/custom-'
        'properties" xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/'
        'docPropsVTypes"><property fmtid="{D5CDD505-2E9C-101B-9397-08002B2CF9AE}" pid="2" '
        f'name="Borger"><vt:lpwstr>{custom}</vt:lpwstr></property></Properties>'
    ).encode()
    types = (
        entries["[Content_Types].xml"]
        .decode()
        .replace(
            "</Types>",
            '<Override PartName="/docProps/custom.xml" ContentType="application/vnd.openxml'
            'formats-officedocument.custom-properties+xml"/></Types>',
        )
    )
    entries["[Content_Types].xml"] = types.encode()
    rels = (
        entries["_rels/.rels"]
        .decode()
        .replace(
            "</Relationships>",
            '<Relationship Id="rIdCustom" Type="http://schemas.openxmlformats.org/officeDocument/'
            '2006/relationships/custom-properties" Target="docProps/custom.xml"/></Relationships>',
        )
    )
    entries["_rels/.rels"] = rels.encode()
    settings = entries["word/settings.xml"].decode()
    settings = settings.replace(
        "<w:defaultTabStop", '<w:attachedTemplate r:id="rIdTpl"/><w:defaultTabStop', 1
    )
    if "xmlns:r=" not in settings.split(">", 2)[1]:
        settings = settings.replace("<w:settings ", f'<w:settings xmlns:r="{_R}" ', 1)
    entries["word/settings.xml"] = settings.encode()
    entries["word/_rels/settings.xml.rels"] = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://'
        'schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rIdTpl" '
        f'Type="{_R}/attachedTemplate" Target="file:///C:/Users/jhansen/skabelon.dotm" '
        'TargetMode="External"/></Relationships>'
    ).encode()
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in entries.items():
            archive.writestr(name, data)


# --- a small meeting ------------------------------------------------------------------

SAG = """\
---
udvalg: Socialudvalget
moededato: 04.12.2013, kl. 16:00
punkt: 1
titel: {titel}
indstiller: Socialforvaltningen
indstilling:
  - at Socialudvalget tager sagen til efterretning
{extra}---

## Problemstilling

{body}

## Løsning

L.

## Videre proces

V.
"""

NOTAT = """\
---
til: Socialudvalget
dato: 07-11-2014
titel: Notat om sagen
{extra}---

{body}
"""


def write_case(
    root: Path,
    folder: str,
    *,
    titel: str = "Sag om botilbud",
    body: str = "P.",
    extra: str = "",
    bilag: dict[str, bytes | str] | None = None,
) -> Path:
    """cases/<folder>/sag.md with its bilag (file name -> bytes or text), listed in
    `bilag:` in order. Returns the case folder."""
    case = root / "cases" / folder
    case.mkdir(parents=True, exist_ok=True)
    listed = ""
    for name, content in (bilag or {}).items():
        target = case / name
        target.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, str):
            target.write_text(content, encoding="utf-8")
        else:
            target.write_bytes(content)
        listed += f'  - titel: Bilag {Path(name).stem}\n    fil: "{name}"\n'
    if listed:
        extra = f"{extra}bilag:\n{listed}"
    text = SAG.format(titel=titel, body=body, extra=extra)
    (case / "sag.md").write_text(text, encoding="utf-8")
    return case


def write_meeting(root: Path, *folders: str) -> Path:
    lines = "".join(f'  - "{f}"\n' for f in folders)
    moede = root / "cases" / "moede.yaml"
    moede.parent.mkdir(parents=True, exist_ok=True)
    moede.write_text(
        f"udvalg: Socialudvalget\nmoededato: 19.11.2014 kl. 16:00\npunkter:\n{lines}",
        encoding="utf-8",
    )
    return moede


def pdf_bytes(tmp: Path, tekst: Tekst) -> bytes:
    path = hostile_pdf(tmp, tekst)
    data = path.read_bytes()
    path.unlink()
    return data


def docx_bytes(tmp: Path, tekst: Tekst) -> bytes:
    path = hostile_docx(tmp, tekst)
    data = path.read_bytes()
    path.unlink()
    return data
