"""Personal data in the papers: CPR numbers and authoring metadata (issues 6 and 9).

The public set of a meeting goes on the web, so before it is published every file
in it is searched for CPR numbers and stripped of who wrote and commented on it:

- `kerne.cpr.find_cpr(text)` finds the CPR numbers of one text however written;
- `scan_docx`, `scan_pdf`, `scan_xlsx` (and `scan_file` for any of them) find them
  in every place of a document a reader can see, embedded files searched in turn,
  each `Fund` naming the file and the place ("afsnit 12", "tabel 1, række 2",
  "kommentar 1", "indlejret objekt '...'", "side 3, kommentar 1", "bogmærke 2",
  "formularfelt 1", "vedhæftet fil 1", "ark 'Data', celle B2");
- `strip_metadata(path)` removes authors, comments, tracked changes, custom
  properties, template paths and the like from a public copy;
- `check_public_set(files)` gives a Danish problem line for every CPR number a
  public file may not show (`Offentlig.tilladt`: its own case's `tillad_cpr` and
  sagsnr), `check_names` those of folder and bilag names and a sagsnr, and
  `warnings_for_members(files)` the lines for the members' set, which only warn.

A number is always shown masked ("010203-XXXX"), also in a file name: the messages
end up in terminals and logs. XML is parsed without DTDs, entities or network access.
"""

from __future__ import annotations

import email
import functools
import html
import io
import re
import warnings
import zipfile
import zlib
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING, cast
from urllib.parse import unquote

from lxml import etree

from dagsorden import zipcheck
from dagsorden.errors import DagsordenError
from dagsorden.kerne.cpr import REGEL_UDEN, CprFund, cpr_cifre, find_cpr, masker
from dagsorden.output import write_atomically, write_normal_zip
from dagsorden.zipcheck import OfficeFileError, check_sizes

if TYPE_CHECKING:
    from pikepdf import Pdf
    from pypdf import PdfReader
    from pypdf.generic import DictionaryObject

    from dagsorden.kerne.sager import Sag

__all__ = [
    "Fund",
    "Offentlig",
    "Ulaeselig",
    "check_names",
    "check_public",
    "check_public_set",
    "scan_docx",
    "scan_file",
    "scan_pdf",
    "scan_xlsx",
    "strip_metadata",
    "tilladelser",
    "warnings_for_members",
]

# --- CPR numbers in a file ----------------------------------------------------------


@dataclass(frozen=True)
class Fund:
    """A CPR number in a file: `sted` is the place in it ("afsnit 12", "side 3")."""

    fil: Path
    sted: str
    cpr: CprFund

    def __str__(self) -> str:
        return f"{self.fil}, {self.sted}: CPR-nummer {self.cpr.maskeret} ({self.cpr.regel})"


class Ulaeselig(DagsordenError):
    """A file that can't be searched (not a zip, encrypted, too big, broken XML).

    The message says why but does not name the file: `check_public_set` and the
    build turn it into a problem line that does.
    """


_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_SS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
_CT = "http://schemas.openxmlformats.org/package/2006/content-types"
_CUSTOM = "http://schemas.openxmlformats.org/officeDocument/2006/custom-properties"


def _w(name: str) -> str:
    return f"{{{_W}}}{name}"


def _in(namespace: str, name: str) -> str:
    """`name` in `namespace`, as lxml writes a tag ("{namespace}name")."""
    return f"{{{namespace}}}{name}"


_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)


def _xml(data: bytes, navn: str) -> etree._Element:
    try:
        return etree.fromstring(data, _PARSER)
    except etree.XMLSyntaxError as exc:
        raise Ulaeselig(f"delen {navn} er ikke gyldig XML") from exc


def _itertext(element: etree._Element) -> list[str]:
    """The texts in `element`: always str in Python 3, where lxml-stubs say str | bytes."""
    return cast("list[str]", list(element.itertext()))


def _detach(element: etree._Element) -> None:
    """Removes `element` from its parent. A part's root has none: Office never writes
    such a part, and it can't be cleaned."""
    parent = element.getparent()
    if parent is None:
        raise Ulaeselig(
            f"en del af filen har <{etree.QName(element).localname}> som rod, hvad Office "
            "aldrig skriver"
        )
    parent.remove(element)


_ZIP_ERRORS = (
    zipfile.BadZipFile,
    zlib.error,
    OSError,
    RuntimeError,
    EOFError,
    ValueError,
    NotImplementedError,
)
"""What reading a broken or unusual member of a zip raises (a bad deflate stream,
an unsupported compression method or version, an encrypted member)."""


def _open_zip(path: Path | bytes) -> zipfile.ZipFile:
    try:
        archive = zipfile.ZipFile(io.BytesIO(path) if isinstance(path, bytes) else path)
    except (zipfile.BadZipFile, OSError, ValueError, NotImplementedError) as exc:
        raise Ulaeselig("filen er ikke en gyldig Office-fil (zip)") from exc
    # The same zip-bomb bounds as every other reader of Office files.
    try:
        check_sizes(archive.infolist())
    except OfficeFileError as exc:
        archive.close()
        raise Ulaeselig(exc.message) from exc
    return archive


def _read_parts(path: Path | bytes) -> dict[str, bytes]:
    """Every part of an Office file (or of the zip in `path`'s bytes), by name."""
    with _open_zip(path) as archive:
        try:
            return {
                info.filename: archive.read(info)
                for info in archive.infolist()
                if not info.is_dir()
            }
        except _ZIP_ERRORS as exc:
            raise Ulaeselig("filen er beskadiget eller krypteret") from exc


def _is_xml(navn: str) -> bool:
    return navn.endswith((".xml", ".rels"))


class _Samler:
    """Collects the finds of one file; a number is reported once per place."""

    def __init__(self, fil: Path) -> None:
        self.fil = fil
        self.fund: list[Fund] = []
        self._set: set[tuple[str, str]] = set()
        self.cifre: set[str] = set()

    def text(self, sted: str, *texts: str) -> None:
        for text in texts:
            for cpr in find_cpr(text):
                if (sted, cpr.cifre) not in self._set:
                    self._set.add((sted, cpr.cifre))
                    self.cifre.add(cpr.cifre)
                    self.fund.append(Fund(self.fil, sted, cpr))

    def rest(self, sted: str, text: str) -> None:
        """A catch-all text: only numbers not already found elsewhere in the file."""
        for cpr in find_cpr(text):
            if cpr.cifre not in self.cifre:
                self.text(sted, cpr.tekst)


def _run_text(element: etree._Element, *, original: bool) -> str:
    """The text of a paragraph (or any element) as Word shows it.

    `original` is the text before the tracked changes: deleted text in, inserted
    text out.
    """
    parts: list[str] = []
    for node in element.iter(_RUN_TAGS):
        tag = node.tag
        if tag == _T:
            if original and any(etree.QName(a).localname == "ins" for a in node.iterancestors()):
                continue  # inserted by a tracked change: not in the original
            parts.append(node.text or "")
        elif tag == _DEL_TEXT:
            if original:
                parts.append(node.text or "")
        elif tag == _NO_BREAK_HYPHEN:
            parts.append("-")
        elif tag == _P:
            if node is not element:
                parts.append("\n")
        else:
            parts.append("\n" if tag in _LINE_BREAKS else "\t")
    return "".join(parts)


_T, _DEL_TEXT, _NO_BREAK_HYPHEN, _P = _w("t"), _w("delText"), _w("noBreakHyphen"), _w("p")
_LINE_BREAKS = frozenset({_w("br"), _w("cr")})
_RUN_TAGS = (_T, _DEL_TEXT, _w("tab"), *_LINE_BREAKS, _NO_BREAK_HYPHEN, _P)


def _texts(element: etree._Element) -> tuple[str, ...]:
    """The current text, and the original when tracked changes make it differ."""
    current = _run_text(element, original=False)
    if element.find(f".//{_w('delText')}") is None:
        return (current,)
    return current, _run_text(element, original=True)


def _children(container: etree._Element, *tags: str) -> Iterator[etree._Element]:
    """The children with these tags, looking through content controls."""
    for child in container:
        if not isinstance(child.tag, str):
            continue
        tag = etree.QName(child).localname
        if tag in tags:
            yield child
        elif tag in ("sdt", "sdtContent", "customXml"):
            yield from _children(child, *tags)


def _scan_blocks(
    samler: _Samler, container: etree._Element, prefix: str, *, tables_only: bool = False
) -> None:
    """The paragraphs ("afsnit n") and tables ("tabel n, række r") of a body or cell."""
    afsnit = tabel = 0
    for block in _children(container, "p", "tbl"):
        if etree.QName(block).localname == "p":
            afsnit += 1
            if not tables_only:
                samler.text(f"{prefix}afsnit {afsnit}", *_texts(block))
            continue
        tabel += 1
        for raekke, row in enumerate(_children(block, "tr"), start=1):
            sted = f"{prefix}tabel {tabel}, række {raekke}"
            cells = list(_children(row, "tc"))
            paragraphs = [p for cell in cells for p in _children(cell, "p")]
            views = [_texts(p) for p in paragraphs]
            changed = any(len(v) > 1 for v in views)
            samler.text(sted, "\t".join(v[0] for v in views))
            if changed:
                samler.text(sted, "\t".join(v[-1] for v in views))
            for cell in cells:
                _scan_blocks(samler, cell, f"{sted}, indlejret ", tables_only=True)


def _scan_notes(samler: _Samler, root: etree._Element, tag: str, label: str) -> None:
    nummer = 0
    for note in root.iter(_w(tag)):
        if note.get(_w("type")) in ("separator", "continuationSeparator", "continuationNotice"):
            continue
        nummer += 1
        samler.text(f"{label} {nummer}", *_texts(note))


def _scan_properties(samler: _Samler, parts: dict[str, bytes]) -> None:
    for navn in ("docProps/core.xml", "docProps/app.xml"):
        if navn in parts:
            for element in _xml(parts[navn], navn).iter():
                if isinstance(element.tag, str) and element.text and element.text.strip():
                    sted = f"dokumentegenskab '{etree.QName(element).localname}'"
                    samler.text(sted, element.text)
    if "docProps/custom.xml" in parts:
        root = _xml(parts["docProps/custom.xml"], "docProps/custom.xml")
        for prop in root.iter(f"{{{_CUSTOM}}}property"):
            samler.text(f"dokumentegenskab '{prop.get('name', '')}'", "".join(_itertext(prop)))


def _scan_rest(samler: _Samler, parts: dict[str, bytes], prefix: str = "", dybde: int = 0) -> None:
    """Every text and attribute of every XML part, for numbers the places above
    missed, and every other part (embedded objects and packages, altChunks, media)
    by what it holds: a zip package or PDF is searched in turn, anything else as
    text in every encoding it could be read in."""
    for navn, data in parts.items():
        if _is_xml(navn):
            for cpr in _cpr_in_part(navn, data):
                if cpr.cifre not in samler.cifre:
                    samler.text(f"{prefix}{_sted_for_del(navn)}", cpr.tekst)
        else:
            _scan_bytes(samler, data, f"{prefix}{_sted_for_del(navn)}", dybde + 1)


MAX_DYBDE = 3
"""Files inside files inside files: deeper than this is refused."""


def _scan_bytes(samler: _Samler, data: bytes, sted: str, dybde: int) -> None:
    """The CPR numbers in the bytes of an embedded file of any kind."""
    if dybde > MAX_DYBDE:
        raise Ulaeselig(f"{sted} indeholder filer i filer i mere end {MAX_DYBDE} lag")
    for cpr in _cpr_in_bytes(data):
        samler.rest(sted, cpr.tekst)
    for signatur, scan in ((b"PK\x03\x04", _scan_package_bytes), (b"%PDF-", _scan_pdf_bytes)):
        at = data.find(signatur)
        if at == 0 or (at > 0 and data.startswith(zipcheck.OLE_MAGIC)):
            # An OLE object (word/embeddings/*.bin) holding a whole file: search it
            # too, or refuse when it can't be read (its sectors may be scattered).
            try:
                scan(samler, data[at:], f"{sted}, ", dybde)
            except Ulaeselig as exc:
                raise Ulaeselig(
                    f"{sted} er en indlejret fil, som ikke kan gennemsøges ({exc}); fjern "
                    "objektet, eller indsæt indholdet som almindelig tekst eller billede"
                ) from exc


def _scan_package_bytes(samler: _Samler, data: bytes, prefix: str, dybde: int) -> None:
    _scan_rest(samler, _read_parts(data), prefix, dybde)


@functools.lru_cache(maxsize=256)
def _cpr_in_bytes(data: bytes) -> tuple[CprFund, ...]:
    """Cached by content: the same images recur in every generated document."""
    return tuple(cpr for text in _tekstvarianter(data) for cpr in find_cpr(text))


def _tekstvarianter(data: bytes) -> list[str]:
    """The texts a reader might see in bytes of unknown kind: as Latin-1, UTF-8 and
    UTF-16 (both byte orders and alignments), HTML without tags and entities, the
    decoded parts of a MIME (.mht) file, and RTF without control words."""
    latin = data.decode("latin-1")
    utf8 = data.decode("utf-8", errors="ignore")
    texts = [latin, utf8]
    for codec in ("utf-16-le", "utf-16-be"):
        for skew in (0, 1):
            texts.append(data[skew:].decode(codec, errors="ignore"))
    head = data[:8192].lower()
    if b"\x00" in head:
        return texts
    if b"<" in head or b"&" in data:
        for text in (utf8, latin):
            for tag in ("", " "):
                texts.append(html.unescape(re.sub(r"<[^>]*>", tag, text)))
    if b"mime-version" in head or b"content-transfer-encoding" in head:
        message = email.message_from_bytes(data)
        for part in message.walk():
            payload = part.get_payload(decode=True)
            if isinstance(payload, bytes) and payload:
                decoded = payload.decode("utf-8", errors="ignore")
                texts += [decoded, html.unescape(re.sub(r"<[^>]*>", "", decoded))]
    if data.lstrip().startswith(b"{\\rtf"):
        texts.append(_rtf_text(latin))
    return texts


def _rtf_text(rtf: str) -> str:
    """The text of an RTF document, roughly: enough to find a number in it."""

    def hex_char(match: re.Match[str]) -> str:
        return bytes([int(match.group(1), 16)]).decode("cp1252", errors="replace")

    text = re.sub(r"\\(?:par|line|sect|page)\b ?", "\n", rtf)
    text = text.replace("\\~", "\u00a0").replace("\\_", "-").replace("\\-", "")
    text = re.sub(r"\\'([0-9a-fA-F]{2})", hex_char, text)
    text = re.sub(r"\\u(-?\d{1,6}) ?\??", lambda m: chr(int(m.group(1)) % 65536), text)
    text = re.sub(r"\\[a-zA-Z]+-?\d* ?", "", text)
    text = re.sub(r"\\(.)", r"\1", text)
    return text.replace("{", "").replace("}", "")


@functools.lru_cache(maxsize=256)
def _cpr_in_part(navn: str, data: bytes) -> tuple[CprFund, ...]:
    """The CPR numbers anywhere in one XML part.

    Cached by content: every generated document carries the same large style parts
    (hundreds of KB), which are then parsed once per build instead of once per file.
    """
    root = _xml(data, navn)
    texts = _itertext(root)
    for element in root.iter():
        texts.extend(str(v) for v in element.attrib.values())
    text = "\n".join(texts)
    if "%" in text:
        # A hyperlink's address (a Target in the .rels) is percent-encoded: "%2D" is
        # a hyphen, "%E2%80%91" a no-break hyphen, "%EF%BC%90" a full-width 0.
        text += "\n" + unquote(text)
    return tuple(find_cpr(text))


def _sted_for_del(navn: str) -> str:
    name = PurePosixPath(navn).name
    if re.fullmatch(r"comments?\d*\.xml", name) or name.startswith("threadedComment"):
        return "kommentar"
    if name.startswith("header"):
        return "sidehoved"
    if name.startswith("footer"):
        return "sidefod"
    if "/embeddings/" in f"/{navn}":
        return f"indlejret objekt '{navn}'"
    if name.lower().startswith("afchunk"):
        return f"indsat tekst (altChunk) '{navn}'"
    return f"delen '{navn}'"


def scan_docx(path: Path) -> list[Fund]:
    """The CPR numbers in a Word document: body (paragraphs, tables, nested tables,
    text boxes), headers, footers, comments, footnotes, endnotes, document
    properties, tracked deletions, and as a catch-all every other text in the file.

    Raises Ulaeselig for a file that can't be read.
    """
    path = Path(path)
    parts = _read_parts(path)
    samler = _Samler(path)
    if "word/document.xml" in parts:
        body = _xml(parts["word/document.xml"], "word/document.xml").find(_w("body"))
        if body is not None:
            _scan_blocks(samler, body, "")
    for navn in sorted(parts):
        name = PurePosixPath(navn).name
        if not navn.startswith("word/") or "/" in navn[5:] or not _is_xml(navn):
            continue
        if name.startswith("header"):
            samler.text("sidehoved", *_texts(_xml(parts[navn], navn)))
        elif name.startswith("footer"):
            samler.text("sidefod", *_texts(_xml(parts[navn], navn)))
    if "word/comments.xml" in parts:
        root = _xml(parts["word/comments.xml"], "word/comments.xml")
        for nummer, comment in enumerate(root.iter(_w("comment")), start=1):
            samler.text(f"kommentar {nummer}", *_texts(comment))
    for navn, tag, label in (
        ("word/footnotes.xml", "footnote", "fodnote"),
        ("word/endnotes.xml", "endnote", "slutnote"),
    ):
        if navn in parts:
            _scan_notes(samler, _xml(parts[navn], navn), tag, label)
    _scan_properties(samler, parts)
    _scan_rest(samler, parts)
    return samler.fund


def scan_xlsx(path: Path) -> list[Fund]:
    """The CPR numbers in a workbook: every cell's value (as last calculated), a
    CPR number typed as a number with format 000000-0000, comments and document
    properties, and every other text in the file as a catch-all."""
    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    path = Path(path)
    parts = _read_parts(path)
    samler = _Samler(path)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            workbook = load_workbook(path, read_only=True, data_only=True)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
        raise Ulaeselig("arbejdsbogen kan ikke læses") from exc
    try:
        for sheet in workbook.worksheets:
            for row in sheet.iter_rows():
                for cell in row:
                    value = getattr(cell, "value", None)
                    if value is None:
                        continue
                    text = str(value)
                    if isinstance(value, int) and not isinstance(value, bool):
                        fmt = str(getattr(cell, "number_format", "") or "")
                        if "000000" in fmt and len(text) <= 10:
                            text = text.zfill(10)
                    samler.text(f"ark '{sheet.title}', celle {cell.coordinate}", text)
    finally:
        workbook.close()
    _scan_properties(samler, parts)
    _scan_rest(samler, parts)
    return samler.fund


def scan_pdf(path: Path) -> list[Fund]:
    """The CPR numbers in a PDF: the text of each page, its annotations (comments
    and their authors), bookmarks, form fields, attached files (searched in turn),
    document properties and XMP metadata, and as a catch-all every string and every
    stream of the file that is no image or font (of page contents, the strings)."""
    path = Path(path)
    samler = _Samler(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise Ulaeselig("filen kan ikke læses") from exc
    _scan_pdf_bytes(samler, data, "", 0)
    return samler.fund


MAX_PDF_OBJEKTER = 200_000


def _scan_pdf_bytes(samler: _Samler, data: bytes, prefix: str, dybde: int) -> None:
    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            reader = PdfReader(io.BytesIO(data))
            if reader.is_encrypted and not reader.decrypt(""):
                raise Ulaeselig("PDF-filen er krypteret")
            _scan_pdf_places(samler, reader, _page_texts(data), prefix, dybde)
        _scan_pdf_objects(samler, data, prefix)
    except Ulaeselig:
        raise
    except (PyPdfError, OSError, ValueError, KeyError, TypeError, AttributeError,
            IndexError, RecursionError, AssertionError, NotImplementedError) as exc:  # fmt: skip
        raise Ulaeselig("PDF-filen kan ikke læses") from exc


def _page_texts(data: bytes) -> list[str]:
    """The text of each page of a PDF, as PDFium (pypdfium2) reads it: about thirty
    times faster than pypdf's extraction. Lines end in "\n", a hyphen PDFium marks
    as one at a line's end is a "-"."""
    import pypdfium2  # type: ignore[import-untyped]

    try:
        document = pypdfium2.PdfDocument(data)
    except RuntimeError as exc:  # pypdfium2.PdfiumError
        raise Ulaeselig("PDF-filen kan ikke læses") from exc
    texts = []
    try:
        for page in document:
            textpage = page.get_textpage()
            text = textpage.get_text_range()
            textpage.close()
            page.close()
            texts.append(text.replace("\r\n", "\n").replace("\x02", "-"))
    finally:
        document.close()
    return texts


def _pdf_texts(*values: object) -> list[str]:
    """The texts of PDF values: strings, and rich text (XHTML) without its tags."""
    texts = []
    for value in values:
        if value is None:
            continue
        value = value.get_object() if hasattr(value, "get_object") else value
        if isinstance(value, list):
            texts.extend(_pdf_texts(*value))
            continue
        text = str(value)
        texts.append(text)
        if "<" in text:
            texts.append(html.unescape(re.sub(r"<[^>]*>", "", text)))
    return texts


def _scan_pdf_places(
    samler: _Samler, reader: PdfReader, texts: list[str], prefix: str, dybde: int
) -> None:
    """The places of a PDF a reader sees, each named in a message; `texts` are its
    pages' texts."""
    for nummer, page in enumerate(reader.pages, start=1):
        samler.text(f"{prefix}side {nummer}", texts[nummer - 1] if nummer <= len(texts) else "")
        annots = page.get("/Annots")
        for k, annot in enumerate(annots.get_object() if annots is not None else [], start=1):
            annot = annot.get_object()
            samler.text(
                f"{prefix}side {nummer}, kommentar {k}",
                *_pdf_texts(*(annot.get(key) for key in _ANNOT_KEYS)),
            )
    for key, value in (reader.metadata or {}).items():
        samler.text(f"{prefix}dokumentegenskab '{str(key).lstrip('/')}'", str(value))
    # A /Root that is no dictionary fails here (AttributeError): the file is unreadable.
    metadata = cast("DictionaryObject", reader.trailer["/Root"]).get("/Metadata")
    if metadata is not None:
        for text in _tekstvarianter(metadata.get_object().get_data()):
            samler.text(f"{prefix}XMP-metadata", text)

    def outline(items: list, counter: list[int]) -> None:
        for item in items:
            if isinstance(item, list):
                outline(item, counter)
            else:
                counter[0] += 1
                samler.text(f"{prefix}bogmærke {counter[0]}", *_pdf_texts(item.get("/Title")))

    outline(reader.outline, [0])
    for nummer, felt in enumerate((reader.get_fields() or {}).values(), start=1):
        samler.text(
            f"{prefix}formularfelt {nummer}", *_pdf_texts(*(felt.get(k) for k in _FIELD_KEYS))
        )
    for nummer, (navn, indhold) in enumerate(reader.attachments.items(), start=1):
        sted = f"{prefix}vedhæftet fil {nummer}"
        samler.text(sted, navn)
        for data in indhold:
            _scan_bytes(samler, data, sted, dybde + 1)


_ANNOT_KEYS = ("/Contents", "/T", "/Subj", "/RC", "/TU", "/V", "/DV")
"""The texts of an annotation (a comment) a reader can see."""
_FIELD_KEYS = ("/T", "/TU", "/TM", "/V", "/DV", "/Opt")
"""The texts of a form field."""
_FONT_KEYS = frozenset({"/FontFile", "/FontFile2", "/FontFile3"})
_PDF_ESCAPES = {b"n": b"\n", b"r": b"\r", b"t": b"\t", b"b": b"\b", b"f": b"\f"}


def _content_strings(data: bytes) -> str:
    """The strings shown by a content stream, as Latin-1 text (operators and numbers
    left out: they would read as digits)."""
    texts = []
    for literal, hexa in _PDF_STRINGS.findall(data):
        if hexa:
            digits = hexa.translate(None, b" \t\n\r\f\v")  # re's \s
            texts.append(bytes.fromhex((digits + b"0" * (len(digits) % 2)).decode()))
        elif b"\\" not in literal:
            texts.append(literal)  # nothing escaped
        else:
            raw = re.sub(rb"\\([0-7]{1,3})", lambda m: bytes([int(m.group(1), 8) % 256]), literal)
            raw = re.sub(
                rb"\\(.)", lambda m: _PDF_ESCAPES.get(m.group(1), m.group(1)), raw, flags=re.S
            )
            texts.append(raw)
    return "\n".join(t.decode("latin-1") for t in texts)


_PDF_STRINGS = re.compile(rb"\(((?:\\.|[^\\()]|\((?:\\.|[^\\()])*\))*)\)|<([0-9A-Fa-f\s]+)>", re.S)
"""A string in a content stream: a literal one's content (balanced parentheses, one
level deep, and escapes), or a hex string's digits."""


def _scan_pdf_objects(samler: _Samler, data: bytes, prefix: str) -> None:
    """Every object reachable from the trailer: strings, streams (not images and
    fonts) as text, content streams by their strings. Read with pikepdf (qpdf),
    about five times faster than pypdf on a packet of a hundred pages."""
    import pikepdf
    from pikepdf import ObjectType

    try:
        pdf = pikepdf.open(io.BytesIO(data))
    except pikepdf.PasswordError as exc:
        raise Ulaeselig("PDF-filen er krypteret") from exc
    except pikepdf.PdfError as exc:
        raise Ulaeselig("PDF-filen kan ikke læses") from exc
    with pdf:
        seen: set[tuple[int, int]] = set()
        stack: list[tuple[object, str, int]] = [(pdf.trailer, "", 0)]
        while stack:
            obj, key, number = stack.pop()
            if not isinstance(obj, pikepdf.Object):
                continue  # a number, a boolean or null
            if obj.is_indirect:
                ident = obj.objgen
                if ident in seen:
                    continue
                seen.add(ident)
                if len(seen) > MAX_PDF_OBJEKTER:
                    raise Ulaeselig("PDF-filen har for mange objekter til at blive gennemsøgt")
                number = ident[0]
            kind = obj._type_code
            sted = f"{prefix}PDF-objekt {number}"
            if kind == ObjectType.string:
                # As text (PDFDocEncoding or UTF-16), and its bytes read every other way.
                samler.rest(sted, str(obj))
                for cpr in _cpr_in_bytes(bytes(obj)):
                    samler.rest(sted, cpr.tekst)
            elif kind == ObjectType.stream:
                _scan_pdf_stream(samler, obj, key, sted)
                stack.extend((child, str(k), number) for k, child in obj.stream_dict.items())
            elif kind == ObjectType.dictionary:
                stack.extend((child, str(k), number) for k, child in obj.items())
            elif kind == ObjectType.array:
                stack.extend((child, key, number) for child in obj)


def _scan_pdf_stream(samler: _Samler, stream: object, key: str, sted: str) -> None:
    """A stream's data, unless it is an image or a font; a page's or form's content
    by the strings it shows."""
    import pikepdf

    assert isinstance(stream, pikepdf.Stream)
    subtype = stream.get("/Subtype")
    if key in _FONT_KEYS or subtype == pikepdf.Name.Image or "/Length1" in stream:
        return
    try:
        data = stream.read_bytes()
    except (pikepdf.PdfError, NotImplementedError, ValueError) as exc:  # a filter qpdf can't undo
        raise Ulaeselig(f"en strøm i PDF-filen kan ikke pakkes ud ({exc})") from exc
    if key == "/Contents" or subtype == pikepdf.Name.Form or "/BBox" in stream:
        samler.rest(sted, _content_strings(data))
    else:
        for cpr in _cpr_in_bytes(data):
            samler.rest(sted, cpr.tekst)


def _scan_text_file(path: Path) -> list[Fund]:
    samler = _Samler(path)
    try:
        text = path.read_text(encoding="utf-8", errors="replace")
    except OSError as exc:
        raise Ulaeselig("filen kan ikke læses") from exc
    for nummer, line in enumerate(text.splitlines(), start=1):
        samler.text(f"linje {nummer}", line)
    return samler.fund


_SCANNERE = {
    ".docx": scan_docx,
    ".docm": scan_docx,
    ".xlsx": scan_xlsx,
    ".xlsm": scan_xlsx,
    ".pdf": scan_pdf,
    ".txt": _scan_text_file,
    ".md": _scan_text_file,
    ".csv": _scan_text_file,
    ".html": _scan_text_file,
}


def scan_file(path: Path) -> list[Fund]:
    """Any file of a set; Ulaeselig for a kind of file that can't be searched."""
    path = Path(path)
    scanner = _SCANNERE.get(path.suffix.lower())
    if scanner is None:
        raise Ulaeselig(f"filtypen '{path.suffix}' kan ikke gennemsøges")
    return scanner(path)


# --- the sets of a meeting ----------------------------------------------------------


def tilladelser(sager: Iterable[Sag], sagsnumre: Iterable[str] = ()) -> dict[str, str]:
    """The numbers `sager`'s files may show in the public set: number -> reason.

    The cases' `tillad_cpr`, and their `sagsnr` (printed without a label in the
    paper's title line, "5. Titel (2010113567)") with `sagsnumre` (a notat's sagsnr
    and dokumentnr) when they read as a CPR number written without separator, as
    case and document numbers are; a sagsnr written like a CPR number with a
    separator is refused by `check_names`. The build asks for the numbers of one
    case at a time: a number is allowed only in the files made from the sag.md
    (or notat) that declares it.
    """
    sager = list(sager)
    result: dict[str, str] = {}
    for sag in sager:
        if _som_sagsnr(sag.sagsnr):
            result[sag.sagsnr] = "sagens sagsnr"
    for nummer in sagsnumre:
        if _som_sagsnr(nummer):
            result[nummer] = "sagsnr eller dokumentnr"
    for sag in sager:
        for t in sag.tillad_cpr:
            result[t.nummer] = t.grund
    return result


def _som_sagsnr(nummer: str) -> bool:
    """Whether `nummer` reads as a CPR number written the way case numbers are."""
    fund = find_cpr(nummer.strip()) if nummer else []
    return len(fund) == 1 and fund[0].tekst == nummer.strip() and fund[0].regel == REGEL_UDEN


@dataclass(frozen=True)
class Offentlig:
    """A file of a set with what the messages say about it and what it may show.

    `navn` is its name in the set ("offentlig/2-forebyggelse.docx"), `kilde` the
    user's file it is made from ("cases/forebyggelse/sag.md", a bilag's own file),
    `tilladt` the numbers it may show (number -> reason, see `tilladelser`).
    """

    fil: Path
    navn: str = ""
    kilde: str = ""
    tilladt: Mapping[str, str] = field(default_factory=dict)

    def sted(self, sted: str = "") -> str:
        """ "kilde (navn, sted)", or as much of it as is known; a CPR number in a
        folder or file name masked, as everywhere in messages."""
        kilde = masker(self.kilde or str(self.fil))
        inde = ", ".join(masker(x) for x in (self.navn, sted) if x)
        if not self.navn:
            return f"{kilde}, {sted}" if sted else kilde
        return f"{kilde} ({inde})"


AFVIS = (
    "Et CPR-nummer må ikke stå i det offentlige materiale. Fjern det, eller tillad netop "
    "dette nummer i sagens sag.md med 'tillad_cpr' og en grund."
)


def check_public_set(files: Iterable[Offentlig]) -> list[str]:
    """A Danish problem line for every CPR number in the public set that its file
    may not show, and for every file that can't be searched; empty when all is clear.
    The file's name is searched too: it is published as well."""
    problems: list[str] = []
    for item in files:
        allowed = {c for c in (cpr_cifre(n) for n in item.tilladt) if c is not None}
        try:
            found = scan_file(item.fil)
        except Ulaeselig as exc:
            problems.append(
                f"{item.sted()}: Filen kan ikke gennemsøges for CPR-numre ({exc}), så den "
                "kan ikke offentliggøres."
            )
            continue
        found += [Fund(item.fil, "filnavnet", cpr) for cpr in find_cpr(item.fil.name)]
        problems.extend(
            f"{item.sted(fund.sted)}: CPR-nummer {fund.cpr.maskeret} ({fund.cpr.regel}): {AFVIS}"
            for fund in found
            if fund.cpr.cifre not in allowed
        )
    return problems


def check_public(files: Iterable[Path], tilladt: dict[str, str]) -> list[str]:
    """`check_public_set` for files that all may show the numbers of `tilladt`."""
    return check_public_set(Offentlig(Path(p), tilladt=tilladt) for p in files)


def check_names(sag: Sag, bilagsfiler: Iterable[Path], tilladt: Mapping[str, str]) -> list[str]:
    """The problems of an open case whose names would publish a CPR number: its
    folder's name and its bilag files' names (they become public file names and may
    be shown), and a sagsnr written like a CPR number with a separator."""
    allowed = {c for c in (cpr_cifre(n) for n in tilladt) if c is not None}
    problems: list[str] = []

    def check(text: str, line: int | None, what: str, fix: str) -> None:
        for cpr in find_cpr(text):
            if cpr.cifre not in allowed:
                where = masker(str(sag.fil)) + (f", linje {line}" if line else "")
                problems.append(
                    f"{where}: {what} '{masker(text)}' indeholder CPR-nummer {cpr.maskeret} "
                    f"({cpr.regel}). {fix}"
                )

    check(
        sag.navn,
        None,
        "Sagsmappens navn",
        "Navnet bliver et offentligt filnavn; omdøb mappen.",
    )
    for nummer, fil in enumerate(bilagsfiler, start=1):
        line = sag.linjer.get(f"bilag.{nummer}", sag.linjer.get("bilag"))
        check(fil.name, line, f"Bilag {nummer}: filnavnet", "Omdøb filen.")
    if sag.sagsnr and not _som_sagsnr(sag.sagsnr):
        check(
            sag.sagsnr,
            sag.linjer.get("sagsnr"),
            "'sagsnr'",
            "Skriv sagsnummeret, som det står i sagssystemet (fx 2014-0231965).",
        )
    return problems


def warnings_for_members(files: Iterable[Path | Offentlig]) -> list[str]:
    """A Danish warning line for every CPR number in the members' set (not blocking)."""
    result: list[str] = []
    for item in files:
        if not isinstance(item, Offentlig):
            item = Offentlig(Path(item))
        try:
            found = scan_file(item.fil)
        except Ulaeselig as exc:
            result.append(
                f"{item.sted()}: Advarsel: filen kan ikke gennemsøges for CPR-numre ({exc})."
            )
            continue
        result.extend(
            f"{item.sted(fund.sted)}: CPR-nummer {fund.cpr.maskeret} ({fund.cpr.regel}): "
            "Advarsel: et CPR-nummer i medlemmernes materiale."
            for fund in found
        )
    return result


# --- authoring metadata -------------------------------------------------------------

_DC = "http://purl.org/dc/elements/1.1/"
_CP = "http://schemas.openxmlformats.org/package/2006/metadata/core-properties"
_EP = "http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"
_CORE_AUTHORS = (f"{{{_DC}}}creator", f"{{{_CP}}}lastModifiedBy")
_APP_AUTHORS = (
    f"{{{_EP}}}Manager",
    f"{{{_EP}}}Company",
    f"{{{_EP}}}Template",
    f"{{{_EP}}}HyperlinkBase",
)

_COMMENT_PARTS = frozenset(
    {
        "word/comments.xml",
        "word/commentsExtended.xml",
        "word/commentsIds.xml",
        "word/commentsExtensible.xml",
        "word/people.xml",
    }
)
_COMMENT_MARKS = frozenset({"commentRangeStart", "commentRangeEnd", "commentReference"})


def strip_metadata(path: Path) -> Path:
    """Removes who wrote a file from it, rewriting it in one step; returns `path`.

    - .docx and .xlsx: author, last modified by, manager, company, template and
      hyperlink base; the custom properties (docProps/custom.xml) and custom XML
      parts (customXml/, e.g. SharePoint's); the thumbnail of the first page.
    - .docx: the comments, with their anchors in the text; tracked changes
      accepted (deleted and moved-away text removed, insertions kept, the authors
      of formatting changes gone); the revision ids (w:rsid...); the attached
      template's path, a mail merge's data source and the document variables
      (w:docVars: what a template stored, often a user's folder or name); FILENAME
      fields made the file's own name (`file_name_fields_as_text`).
    - .xlsx: the authors of comments and threaded comments' people; the folder the
      workbook was saved in (x15ac:absPath) and the name in its file sharing.
    - .pdf: every document property but title, subject, keywords, creator,
      producer and dates; in the XMP metadata, every property but the title,
      language and format, the producer, creator tool and dates, and the PDF/UA
      and PDF/A marks (`_XMP_KEPT`); the authors of
      annotations. The tags stay: the structure tree, /MarkInfo, /Lang and
      /ViewerPreferences (DisplayDocTitle).

    Any other file is left as it is. Raises Ulaeselig for a file that can't be read.
    """
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix in (".docx", ".docm"):
        _rewrite_zip(path, functools.partial(_strip_docx_part, fil=path.name), _COMMENT_PARTS)
    elif suffix in (".xlsx", ".xlsm"):
        _rewrite_zip(path, _strip_xlsx_part, frozenset())
    elif suffix == ".pdf":
        _strip_pdf(path)
    return path


def prints_alike(original: Path, cleaned: Path) -> bool:
    """Whether a workbook's cleaned copy (`strip_metadata`) prints as the original,
    page for page: the two differ only in parts no page shows (`_UNPRINTED`). A PDF
    of the original then stands for one of the copy, so the public set's sheets need
    no conversion of their own. Not alike: comments whose authors were blanked (a
    sheet may print its comments), a hyperlink base removed (links on the page are
    resolved against it), and a file that can't be read."""
    try:
        with _open_zip(original) as ours, _open_zip(cleaned) as theirs:
            mine = {info.filename: info for info in ours.infolist()}
            copy = {info.filename: info for info in theirs.infolist()}
            for name in mine.keys() | copy.keys():
                if name in mine and name in copy and _same_member(ours, theirs, name):
                    continue
                if not _UNPRINTED.match(name):
                    return False
                if name == "docProps/app.xml" and name in mine and _hyperlink_base(ours):
                    return False
    except (Ulaeselig, *_ZIP_ERRORS):
        return False
    return True


_UNPRINTED = re.compile(
    r"docProps/|customXml/|\[Content_Types\]\.xml$|(.*/)?_rels/[^/]*\.rels$|xl/workbook\.xml$"
)
"""What cleaning a workbook changes that no printed page shows: its properties,
custom XML, the relationships and content types naming them, and in xl/workbook.xml
only the folder it was saved in and its file-sharing name (`_strip_xlsx_part`)."""


def _hyperlink_base(archive: zipfile.ZipFile) -> bool:
    return b"HyperlinkBase" in archive.read("docProps/app.xml")


def _same_member(ours: zipfile.ZipFile, theirs: zipfile.ZipFile, name: str) -> bool:
    a, b = ours.getinfo(name), theirs.getinfo(name)
    if a.CRC != b.CRC or a.file_size != b.file_size:
        return False
    return ours.read(name) == theirs.read(name)


def _rewrite_zip(path: Path, strip, fjern: frozenset[str]) -> None:
    with _open_zip(path) as archive:
        try:
            entries = [(info, archive.read(info)) for info in archive.infolist()]
        except _ZIP_ERRORS as exc:
            raise Ulaeselig("filen er beskadiget eller krypteret") from exc
    removed = {
        info.filename
        for info, _ in entries
        if info.filename in fjern
        or info.filename == "docProps/custom.xml"
        or info.filename.startswith(("customXml/", "docProps/thumbnail."))
    }
    result: list[tuple[zipfile.ZipInfo, bytes]] = []
    for info, data in entries:
        if info.filename in removed:
            continue
        if info.filename.endswith((".xml", ".rels")):
            data = strip(info.filename, data, removed)
        result.append((info, data))

    def write(temp: Path) -> None:
        # Every member deflated, in the normal form (one pass, see output.normalise_zip).
        write_normal_zip(temp, ((info.filename, data, False) for info, data in result))

    write_atomically(path, write, overwrite=True)


def _serialize(root: etree._Element) -> bytes:
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def _strip_common(navn: str, data: bytes, removed: set[str]) -> bytes | None:
    """The parts .docx and .xlsx share: properties, relationships, content types."""
    if navn in ("docProps/core.xml", "docProps/app.xml"):
        root = _xml(data, navn)
        # Matched by local name: Office and other writers differ in prefixes and
        # (strict OOXML) namespaces for the same properties.
        authors = {etree.QName(tag).localname for tag in (*_CORE_AUTHORS, *_APP_AUTHORS)}
        for element in list(root.iter()):
            if isinstance(element.tag, str) and etree.QName(element).localname in authors:
                _detach(element)
        return _serialize(root)
    if navn.endswith(".rels") and removed:
        root = _xml(data, navn)
        base = PurePosixPath(navn).parent.parent
        for rel in list(root.iter(f"{{{_REL}}}Relationship")):
            if rel.get("TargetMode") == "External":
                continue
            target = rel.get("Target", "")
            resolved = target.lstrip("/") if target.startswith("/") else _join(str(base), target)
            if resolved in removed:
                root.remove(rel)
        return _serialize(root)
    if navn == "[Content_Types].xml" and removed:
        root = _xml(data, navn)
        for override in list(root.iter(f"{{{_CT}}}Override")):
            if override.get("PartName", "").lstrip("/") in removed:
                root.remove(override)
        return _serialize(root)
    return None


def _join(base: str, target: str) -> str:
    parts = [] if base in ("", ".") else base.split("/")
    for piece in target.split("/"):
        if piece == "..":
            if parts:
                parts.pop()
        elif piece not in ("", "."):
            parts.append(piece)
    return "/".join(parts)


def _strip_docx_part(navn: str, data: bytes, removed: set[str], *, fil: str = "") -> bytes:
    """A Word part cleaned; with `fil` (the file's name), its FILENAME fields are
    that name as plain text (`file_name_fields_as_text`)."""
    return _strip_docx_part_cached(navn, data, frozenset(removed), fil)


@functools.lru_cache(maxsize=256)
def _strip_docx_part_cached(navn: str, data: bytes, removed: frozenset[str], fil: str) -> bytes:
    """Cached by content, for the same reason as `_cpr_in_part`."""
    return _strip_docx_part_uncached(navn, data, set(removed), fil)


_SETTINGS_RELS = ("/attachedTemplate", "/mailMergeSource", "/mailMergeHeaderSource")


def _strip_docx_part_uncached(navn: str, data: bytes, removed: set[str], fil: str) -> bytes:
    if navn == "word/_rels/settings.xml.rels":
        root = _xml(data, navn)
        for rel in list(root.iter(f"{{{_REL}}}Relationship")):
            if rel.get("Type", "").endswith(_SETTINGS_RELS):
                root.remove(rel)
        data = _serialize(root)
    common = _strip_common(navn, data, removed)
    if common is not None:
        return common
    if not navn.startswith("word/") or not navn.endswith(".xml"):
        return data
    root = _xml(data, navn)
    changed = False
    for w in _WORD_NAMESPACES:
        changed |= _strip_word(root, w, settings=navn == "word/settings.xml")
    if fil:
        changed |= file_name_fields_as_text(root, fil, paths=True)
    return _serialize(root) if changed else data


def file_name_fields_as_text(root: etree._Element, name: str, *, paths: bool = False) -> bool:
    """Word's FILENAME fields in a part made the plain text `name`; whether any was.
    With `paths` (a public copy), a field whose code names a local file or folder
    (INCLUDETEXT "C:\\Users\\...", INCLUDEPICTURE, LINK, HYPERLINK "file:///...") is
    made what it shows, its code gone.

    Such a field shows the file's name, with \\p its whole path: as Word last saw it
    (the author's own folders, kept in the file) until it is updated, and updated by
    LibreOffice when it prints to the path of the file it was given (a build's
    folder inside the user's, "0001.docx"). Neither belongs in a published paper;
    the file's own name does. Only the field's own marks, code and result text go:
    whatever else their runs hold (text, a footnote's mark, a drawing) stays. Other
    fields are left as they are, and so is a FILENAME field with a field inside it.
    """
    changed = False
    for w in _WORD_NAMESPACES:
        changed |= _simple_file_name_fields(root, w, name, paths)
        changed |= _complex_file_name_fields(root, w, name, paths)
    return changed


_FILENAME = re.compile(r"\s*FILENAME(?![A-Za-z0-9_])", re.IGNORECASE)
_LOCAL_PATH = re.compile(r"(?<![A-Za-z])[A-Za-z]:[\\/]|\\\\|file:", re.IGNORECASE)
"""A drive letter, a network share (\\\\server) or a file: address in a field's code."""


def _is_file_name(instruction: str) -> bool:
    """Whether a field's code is FILENAME (with or without a space before a switch,
    as Word and LibreOffice read it)."""
    return _FILENAME.match(instruction) is not None


def _simple_file_name_fields(root: etree._Element, w: str, name: str, paths: bool) -> bool:
    """<w:fldSimple w:instr="FILENAME \\p">: replaced by its first run, with `name`;
    with `paths`, one naming a local path by what it holds."""
    changed = False
    for simple in list(root.iter(_in(w, "fldSimple"))):
        instruction = simple.get(_in(w, "instr"), "")
        parent = simple.getparent()
        if parent is None:
            continue
        if not _is_file_name(instruction):
            if paths and _LOCAL_PATH.search(instruction):
                for child in list(simple):
                    simple.addprevious(child)
                parent.remove(simple)
                changed = True
            continue
        runs = [child for child in simple if child.tag == _in(w, "r")]
        run = runs[0] if runs else etree.Element(_in(w, "r"))
        for child in list(run):
            if child.tag != _in(w, "rPr"):
                run.remove(child)
        run.append(_text_element(w, name))
        parent.replace(simple, run)
        changed = True
    return changed


@dataclass
class _Field:
    """A field written in runs: its marks (begin, separate, end), its code's
    elements and its result's texts, in the order they come."""

    marks: list[etree._Element]
    code: list[etree._Element] = field(default_factory=list)
    instruction: str = ""
    texts: list[etree._Element] = field(default_factory=list)
    separated: bool = False
    nested: bool = False


def _complex_file_name_fields(root: etree._Element, w: str, name: str, paths: bool) -> bool:
    """FILENAME fields written in runs (several in one run, or one over many): the
    marks and the code go, the first of the result's texts (or a new one where the
    field ends) holds `name`, the others go; a run left with nothing goes too. With
    `paths`, a field whose code names a local path loses its marks and code."""
    char, kind_of = _in(w, "fldChar"), _in(w, "fldCharType")
    codes = (_in(w, "instrText"), _in(w, "delInstrText"))
    texts = (_in(w, "t"), _in(w, "delText"))
    found: list[_Field] = []
    open_fields: list[_Field] = []
    for element in root.iter(char, *codes, *texts):
        if element.tag == char:
            kind = element.get(kind_of)
            if kind == "begin":
                for outer in open_fields:
                    outer.nested = True
                open_fields.append(_Field([element]))
            elif open_fields and kind == "separate":
                open_fields[-1].marks.append(element)
                open_fields[-1].separated = True
            elif open_fields and kind == "end":
                ended = open_fields.pop()
                ended.marks.append(element)
                if not ended.nested and (
                    _is_file_name(ended.instruction)
                    or (paths and _LOCAL_PATH.search(ended.instruction))
                ):
                    found.append(ended)
        elif open_fields:
            current = open_fields[-1]
            if element.tag in codes and not current.separated:
                current.code.append(element)
                current.instruction += element.text or ""
            elif element.tag in texts and current.separated:
                current.texts.append(element)
    for file_name in found:
        end = file_name.marks[-1]
        others: list[etree._Element] = []
        if not _is_file_name(file_name.instruction):
            pass  # a local path: what the field shows stays
        elif file_name.texts:
            kept, *others = file_name.texts
            kept.text = name
            kept.set(_XML_SPACE, "preserve")
        else:
            end.addprevious(_text_element(w, name))
        gone = [*file_name.marks, *file_name.code, *others]
        runs = {id(run): run for e in gone if (run := e.getparent()) is not None}
        for element in gone:
            _detach(element)
        for run in runs.values():
            if all(child.tag == _in(w, "rPr") for child in run):
                _detach(run)
    return bool(found)


_XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"


def _text_element(w: str, text: str) -> etree._Element:
    element = etree.Element(_in(w, "t"))
    element.text = text
    element.set(_XML_SPACE, "preserve")
    return element


_WORD_NAMESPACES = (_W, "http://purl.oclc.org/ooxml/wordprocessingml/main")
"""WordprocessingML's namespace, and Strict OOXML's for the same elements."""


def _strip_word(root: etree._Element, w: str, *, settings: bool) -> bool:
    """`_strip_docx_part` on a part's elements and attributes in namespace `w`;
    whether anything changed."""

    changed = _accept_revisions(root, w)
    if settings:
        for name in ("attachedTemplate", "mailMerge", "docVars"):
            for element in list(root.iter(_in(w, name))):
                _detach(element)
                changed = True
    # Each kind found by lxml itself (tag filters and one XPath), not by a Python
    # look at every element: a part's elements a comment mark or w:rsids holds go
    # with it, so what is left, and the order of what is changed, are the same.
    for element in list(root.iter(*(_in(w, name) for name in sorted(_COMMENT_MARKS)))):
        run = element.getparent()
        _detach(element)
        changed = True
        if (
            run is not None
            and etree.QName(run).localname == "r"
            and all(etree.QName(c).localname == "rPr" for c in run)
        ):
            _detach(run)
    for element in list(root.iter(_in(w, "rsids"), _in(w, "rsid"))):
        _detach(element)
        changed = True
    for element in cast("list[etree._Element]", _WITH_AUTHOR_OR_RSID(root, w=w)):
        for attribute in list(element.attrib):
            qname = etree.QName(attribute)
            if qname.namespace != w:
                continue
            if qname.localname == "author" and element.get(attribute):
                element.set(attribute, "")
                changed = True
            elif qname.localname.startswith("rsid"):
                del element.attrib[attribute]
                changed = True
    return changed


_WITH_AUTHOR_OR_RSID = etree.XPath(
    "//*[@*[namespace-uri() = $w"
    " and (local-name() = 'author' or starts-with(local-name(), 'rsid'))]]"
)
"""The elements with a w:author or w:rsid... attribute."""


# Revision marks that only mark (their content, if any, is kept) and property
# changes, which hold the formatting before the change and its author.
_REVISION_MARKS = frozenset(
    {
        "moveFromRangeStart", "moveFromRangeEnd", "moveToRangeStart", "moveToRangeEnd",
        "customXmlInsRangeStart", "customXmlInsRangeEnd", "customXmlDelRangeStart",
        "customXmlDelRangeEnd", "customXmlMoveFromRangeStart", "customXmlMoveFromRangeEnd",
        "customXmlMoveToRangeStart", "customXmlMoveToRangeEnd", "rPrChange", "pPrChange",
        "sectPrChange", "tblPrChange", "tblPrExChange", "trPrChange", "tcPrChange",
        "tblGridChange", "numberingChange", "cellIns", "cellDel", "cellMerge",
    }
)  # fmt: skip
_PROPERTIES = frozenset({"rPr", "pPr", "trPr", "tcPr", "numPr", "tblPr", "sectPr"})


def _accept_revisions(root: etree._Element, w: str = _W) -> bool:
    """Accepts every tracked change in a Word part, as Word's "Accept all" does:
    deleted and moved-away text goes, inserted and moved-here text stays without
    its mark. A deleted table row goes with its row. Returns whether anything changed.
    `w`: the namespace of the marks (WordprocessingML's, or Strict OOXML's).
    """

    changed = False
    marks = (_in(w, name) for name in ("del", "moveFrom", "ins", "moveTo"))
    for element in list(root.iter(*marks)):
        parent = element.getparent()
        if parent is None:
            continue
        tag = etree.QName(element).localname
        if etree.QName(parent).localname in _PROPERTIES:
            # A mark on a paragraph mark, a row or a number: only the row goes with it.
            if tag == "del" and etree.QName(parent).localname == "trPr":
                row = parent.getparent()
                if row is not None and row.getparent() is not None:
                    _detach(row)
            else:
                parent.remove(element)
        elif tag in ("del", "moveFrom"):
            parent.remove(element)
        else:
            position = parent.index(element)
            for child in reversed(list(element)):
                parent.insert(position, child)
            parent.remove(element)
        changed = True
    for element in list(
        root.iter(*(_in(w, t) for t in (*_REVISION_MARKS, "delText", "delInstrText")))
    ):
        if element.getparent() is not None:
            _detach(element)
            changed = True
    return changed


_SPREADSHEET_NAMESPACES = (_SS, "http://purl.oclc.org/ooxml/spreadsheetml/main")
"""SpreadsheetML's namespace, and Strict OOXML's for the same elements."""
_X15AC = "http://schemas.microsoft.com/office/spreadsheetml/2010/11/ac"
_MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"


def _strip_xlsx_part(navn: str, data: bytes, removed: set[str]) -> bytes:
    common = _strip_common(navn, data, removed)
    if common is not None:
        return common
    if navn.endswith(".xml") and b"comments" in data:
        # A comments part by what it is, not by its name: Excel and LibreOffice call
        # it xl/comments1.xml, openpyxl xl/comments/comment1.xml.
        root = _xml(data, navn)
        namespace = etree.QName(root).namespace
        if namespace in _SPREADSHEET_NAMESPACES and etree.QName(root).localname == "comments":
            for author in root.iter(f"{{{namespace}}}author"):
                author.text = ""
            return _serialize(root)
    if navn == "xl/workbook.xml":
        root = _xml(data, navn)
        for element in list(root.iter(f"{{{_X15AC}}}absPath")):
            parent = element.getparent()
            _detach(element)
            # Its mc:Choice, and the mc:AlternateContent around it, when left empty.
            while parent is not None and parent is not root and len(parent) == 0:
                grand = parent.getparent()
                if etree.QName(parent).namespace != _MC or grand is None:
                    break
                grand.remove(parent)
                parent = grand
        for sharing in root.iter(*(f"{{{ns}}}fileSharing" for ns in _SPREADSHEET_NAMESPACES)):
            if "userName" in sharing.attrib:
                del sharing.attrib["userName"]
        return _serialize(root)
    if navn.startswith("xl/persons/") and navn.endswith(".xml"):
        root = _xml(data, navn)
        for person in root.iter():
            if isinstance(person.tag, str) and etree.QName(person).localname == "person":
                for attribute in ("displayName", "userId"):
                    if attribute in person.attrib:
                        person.set(attribute, "")
        return _serialize(root)
    return data


_PDF_INFO_KEPT = frozenset(
    {"/Title", "/Subject", "/Keywords", "/Creator", "/Producer", "/CreationDate", "/ModDate"}
)


def _strip_pdf(path: Path) -> None:
    """With pikepdf (qpdf): it writes only the objects still reachable, so what is
    removed here (the XMP stream) and whatever the original no longer used (earlier
    versions of edited text) are gone from the file."""
    import pikepdf

    try:
        with pikepdf.open(path) as pdf:
            _clean_pdf(pdf)
            # Its id from its content: an unchanged input gives the same public copy.
            write_atomically(
                path, lambda temp: pdf.save(temp, deterministic_id=True), overwrite=True
            )
    except pikepdf.PasswordError as exc:
        raise Ulaeselig("PDF-filen er krypteret") from exc
    except (pikepdf.PdfError, ValueError, KeyError, TypeError, AttributeError,
            IndexError, RecursionError, NotImplementedError) as exc:  # fmt: skip
        raise Ulaeselig("PDF-filen kan ikke læses") from exc


def _clean_pdf(pdf: Pdf) -> None:
    import pikepdf

    info = pdf.trailer.get("/Info")
    if isinstance(info, pikepdf.Dictionary):
        for key in list(info.keys()):
            if key not in _PDF_INFO_KEPT:
                del info[key]
    if "/Metadata" in pdf.Root:
        _clean_xmp(pdf)
    for page in pdf.pages:
        for key in ("/Metadata", "/PieceInfo"):
            if key in page.obj:
                del page.obj[key]
        annots = page.obj.get("/Annots")
        for annot in annots if isinstance(annots, pikepdf.Array) else []:
            # /T of a form field (a widget) is its name; of any other, its author.
            if (
                isinstance(annot, pikepdf.Dictionary)
                and annot.get("/Subtype") != "/Widget"
                and "/T" in annot
            ):
                del annot["/T"]


_RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
_XMP_KEPT = {
    _DC: {"title", "language", "format"},
    "http://ns.adobe.com/pdf/1.3/": {"Producer", "PDFVersion"},
    "http://ns.adobe.com/xap/1.0/": {"CreatorTool", "CreateDate", "ModifyDate", "MetadataDate"},
    "http://www.aiim.org/pdfua/ns/id/": {"part", "amd", "corr", "rev"},
    "http://www.aiim.org/pdfa/ns/id/": {"part", "conformance", "amd", "corr", "rev"},
}
"""The XMP properties a public PDF keeps (namespace: names): what it is, in which
language, and that it is PDF/UA (pdfuaid:part); dc:creator, the edit history
(xmpMM) and every other property go."""


def _kept(namespace: str | None, name: str) -> bool:
    return name in _XMP_KEPT.get(namespace or "", set())


def _clean_xmp(pdf: Pdf) -> None:
    """Keeps only the properties of `_XMP_KEPT` in the catalog's XMP metadata; an XMP
    packet that can't be read goes whole."""
    import pikepdf

    root = pdf.Root
    try:
        metadata = root["/Metadata"]
        if not isinstance(metadata, pikepdf.Stream):
            raise ValueError("XMP is no stream")
        tree = etree.parse(io.BytesIO(metadata.read_bytes()), _PARSER)
    except (etree.XMLSyntaxError, ValueError, KeyError, AttributeError):
        del root["/Metadata"]
        return
    for description in tree.iter(f"{{{_RDF}}}Description"):
        for name in list(description.attrib):
            qname = etree.QName(name)
            if qname.namespace != _RDF and not _kept(qname.namespace, qname.localname):
                del description.attrib[name]
        for child in list(description):
            if not isinstance(child.tag, str):
                description.remove(child)
                continue
            qname = etree.QName(child)
            if not _kept(qname.namespace, qname.localname):
                description.remove(child)
    root.Metadata = pdf.make_stream(
        etree.tostring(tree, encoding="utf-8"),
        Type=pikepdf.Name.Metadata,
        Subtype=pikepdf.Name.XML,
    )
