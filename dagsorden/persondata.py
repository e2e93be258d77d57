"""Personal data in the papers: CPR numbers and authoring metadata (issue 6, section 3).

The public set of a meeting goes on the web, so before it is published every file
in it is searched for CPR numbers (ddmmyy-xxxx or ddmmyyxxxx with a real date) and
stripped of who wrote and commented on it:

- `find_cpr(text)` finds the CPR numbers of one text;
- `scan_docx`, `scan_pdf`, `scan_xlsx` (and `scan_file` for any of them) find them
  in a document, each `Fund` naming the file and the place ("afsnit 12",
  "tabel 1, række 2", "sidehoved", "kommentar 1", "dokumentegenskab 'creator'",
  "side 3", "ark 'Data', celle B2");
- `strip_metadata(path)` removes author, last modified by, comments and the authors
  of tracked changes from a .docx (author fields from an .xlsx and a .pdf);
- `check_public(files, tilladt)` gives a Danish problem line for every CPR number in
  the public set that the cases do not allow (`tillad_cpr` in sag.md), and
  `warnings_for_members(files)` the lines for the members' set, which only warn.

A number is always shown masked ("010203-XXXX"): the messages end up in terminals
and logs. XML is parsed without DTDs, entities or network access.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
import warnings
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING

from lxml import etree

from dagsorden.output import write_atomically
from dagsorden.zipcheck import OfficeFileError, check_sizes

if TYPE_CHECKING:
    from dagsorden.sag import Sag

__all__ = [
    "CprFund",
    "Fund",
    "Ulaeselig",
    "check_public",
    "cpr_cifre",
    "find_cpr",
    "scan_docx",
    "scan_file",
    "scan_pdf",
    "scan_xlsx",
    "strip_metadata",
    "tilladelser",
    "warnings_for_members",
]

# --- CPR numbers in a text ----------------------------------------------------------

# A separator between date and serial number: hyphen (also Word's non-breaking and
# the typographic ones), space or no-break space.
_SEP = "-\u2010\u2011\u2012\u2013 \u00a0"
_CPR = re.compile(
    rf"(?<!\d)(?<!\d[-/.,])(\d{{2}})(\d{{2}})(\d{{2}})[{_SEP}]?(\d{{4}})(?!\d)(?![-/.,]\d)"
)

# A case or document number is no CPR number even when its digits read as a date
# (sagsnr 2010113567 is 20.10.1911): "Sagsnr. 2010113567", "j.nr. ...", "Dokumentnr.".
_NUMMER_ETIKET = re.compile(
    r"(?:sags?\s*nr|sagsnummer|j\.?\s*nr|journal\s*nr|journalnummer|dok(?:ument)?\.?\s*nr"
    r"|dokumentnummer)\.?\s*[:.]?\s*$",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class CprFund:
    """One CPR number in a text: `tekst` as written, at text[start:slut]."""

    tekst: str
    start: int
    slut: int

    @property
    def cifre(self) -> str:
        """The ten digits, without separator."""
        return re.sub(r"\D", "", self.tekst)

    @property
    def maskeret(self) -> str:
        """ "010203-XXXX": the date, never the serial number."""
        return f"{self.cifre[:6]}-XXXX"

    def __str__(self) -> str:
        return self.maskeret


def _aar(cifre: str) -> int:
    """The birth year by the CPR century rule (the 7th digit and the two-digit year)."""
    yy, syvende = int(cifre[4:6]), int(cifre[6])
    if syvende <= 3:
        return 1900 + yy
    if syvende in (4, 9):
        return (2000 if yy <= 36 else 1900) + yy
    return (2000 if yy <= 57 else 1800) + yy


def _gyldig(cifre: str) -> bool:
    try:
        dt.date(_aar(cifre), int(cifre[2:4]), int(cifre[0:2]))
    except ValueError:
        return False
    return True


def find_cpr(text: str) -> list[CprFund]:
    """The CPR numbers in `text`, in order.

    A CPR number is six digits of a real date (ddmmyy, checked with the century
    from the 7th digit, so 29 February only in a leap year), an optional separator
    (hyphen or space) and four digits, not part of a longer run of digits: sagsnr
    2014-0231965, EAN 5798009682901, a 12-digit number and phone number 2631 2699
    are not CPR numbers, nor is a number right after "Sagsnr.", "j.nr." or
    "Dokumentnr." (a sagsnr like 2010113567 reads as 20.10.1911). The modulus-11
    check is not made (it was dropped in 2007).
    """
    result: list[CprFund] = []
    for match in _CPR.finditer(text):
        fund = CprFund(match.group(0), match.start(), match.end())
        if _NUMMER_ETIKET.search(text[max(0, fund.start - 20) : fund.start]):
            continue
        if _gyldig(fund.cifre):
            result.append(fund)
    return result


def cpr_cifre(nummer: str) -> str | None:
    """The ten digits of a text that is one CPR number and nothing else, else None."""
    fund = find_cpr(nummer.strip())
    if len(fund) == 1 and fund[0].tekst == nummer.strip():
        return fund[0].cifre
    return None


# --- CPR numbers in a file ----------------------------------------------------------


@dataclass(frozen=True)
class Fund:
    """A CPR number in a file: `sted` is the place in it ("afsnit 12", "side 3")."""

    fil: Path
    sted: str
    cpr: CprFund

    def __str__(self) -> str:
        return f"{self.fil}, {self.sted}: CPR-nummer {self.cpr.maskeret}"


class Ulaeselig(Exception):
    """A file that can't be searched (not a zip, encrypted, too big, broken XML).

    Not a DagsordenError: `check_public` turns it into a problem line.
    """


_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_SS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
_CT = "http://schemas.openxmlformats.org/package/2006/content-types"
_CUSTOM = "http://schemas.openxmlformats.org/officeDocument/2006/custom-properties"


def _w(name: str) -> str:
    return f"{{{_W}}}{name}"


_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)


def _xml(data: bytes, navn: str) -> etree._Element:
    try:
        return etree.fromstring(data, _PARSER)
    except etree.XMLSyntaxError as exc:
        raise Ulaeselig(f"delen {navn} er ikke gyldig XML") from exc


def _open_zip(path: Path) -> zipfile.ZipFile:
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError) as exc:
        raise Ulaeselig("filen er ikke en gyldig Office-fil (zip)") from exc
    # The same zip-bomb bounds as every other reader of Office files.
    try:
        check_sizes(archive.infolist())
    except OfficeFileError as exc:
        archive.close()
        raise Ulaeselig(exc.message) from exc
    return archive


def _read_parts(path: Path) -> dict[str, bytes]:
    """Every .xml and .rels part of an Office file, by name."""
    with _open_zip(path) as archive:
        try:
            return {
                info.filename: archive.read(info)
                for info in archive.infolist()
                if info.filename.endswith((".xml", ".rels"))
            }
        except (zipfile.BadZipFile, OSError, RuntimeError, EOFError) as exc:
            raise Ulaeselig("filen er beskadiget eller krypteret") from exc


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
    for node in element.iter(_w("t"), _w("delText"), _w("tab"), _w("br"), _w("cr"),
                             _w("noBreakHyphen"), _w("p")):  # fmt: skip
        tag = etree.QName(node).localname
        inside_ins = any(etree.QName(a).localname == "ins" for a in node.iterancestors())
        if tag == "t":
            if original and inside_ins:
                continue
            parts.append(node.text or "")
        elif tag == "delText":
            if original:
                parts.append(node.text or "")
        elif tag == "noBreakHyphen":
            parts.append("-")
        elif tag == "p":
            if node is not element:
                parts.append("\n")
        else:
            parts.append("\n" if tag in ("br", "cr") else "\t")
    return "".join(parts)


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
            samler.text(f"dokumentegenskab '{prop.get('name', '')}'", "".join(prop.itertext()))


def _scan_rest(samler: _Samler, parts: dict[str, bytes]) -> None:
    """Every text and attribute of every part, for numbers the places above missed."""
    for navn, data in parts.items():
        for cpr in _cpr_in_part(navn, data):
            if cpr.cifre not in samler.cifre:
                samler.text(_sted_for_del(navn), cpr.tekst)


@functools.lru_cache(maxsize=256)
def _cpr_in_part(navn: str, data: bytes) -> tuple[CprFund, ...]:
    """The CPR numbers anywhere in one XML part.

    Cached by content: every generated document carries the same large style parts
    (hundreds of KB), which are then parsed once per build instead of once per file.
    """
    root = _xml(data, navn)
    texts = list(root.itertext())
    for element in root.iter():
        texts.extend(str(v) for v in element.attrib.values())
    return tuple(find_cpr("\n".join(texts)))


def _sted_for_del(navn: str) -> str:
    name = PurePosixPath(navn).name
    if re.fullmatch(r"comments\d*\.xml", name) or name.startswith("threadedComment"):
        return "kommentar"
    if name.startswith("header"):
        return "sidehoved"
    if name.startswith("footer"):
        return "sidefod"
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
        if not navn.startswith("word/") or "/" in navn[5:]:
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
    """The CPR numbers in a PDF: the text of each page and the document properties."""
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    path = Path(path)
    samler = _Samler(path)
    try:
        reader = PdfReader(path)
        if reader.is_encrypted and not reader.decrypt(""):
            raise Ulaeselig("PDF-filen er krypteret")
        for nummer, page in enumerate(reader.pages, start=1):
            samler.text(f"side {nummer}", page.extract_text() or "")
        for key, value in (reader.metadata or {}).items():
            samler.text(f"dokumentegenskab '{str(key).lstrip('/')}'", str(value))
    except Ulaeselig:
        raise
    except (PdfReadError, OSError, ValueError, KeyError, TypeError) as exc:
        raise Ulaeselig("PDF-filen kan ikke læses") from exc
    return samler.fund


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
    """The numbers the public set may show: number -> reason.

    The cases' `tillad_cpr`, and their `sagsnr` (printed without a label in the
    paper's title line, "5. Titel (2010113567)") with `sagsnumre` (a notat's sagsnr
    and dokumentnr) when they read as a CPR number.
    """
    sager = list(sager)
    result: dict[str, str] = {}
    for sag in sager:
        if sag.sagsnr and cpr_cifre(sag.sagsnr):
            result[sag.sagsnr] = "sagens sagsnr"
    for nummer in sagsnumre:
        if nummer and cpr_cifre(nummer):
            result[nummer] = "sagsnr eller dokumentnr"
    for sag in sager:
        for t in sag.tillad_cpr:
            result[t.nummer] = t.grund
    return result


def check_public(files: Iterable[Path], tilladt: dict[str, str]) -> list[str]:
    """A Danish problem line for every CPR number in the public set that is not
    allowed, and for every file that can't be searched; empty when all is clear.

    `tilladt` maps an allowed number (in any of its written forms) to its reason.
    The build refuses to publish when this is not empty.
    """
    allowed = {c for c in (cpr_cifre(n) for n in tilladt) if c is not None}
    problems: list[str] = []
    for path in files:
        try:
            found = scan_file(Path(path))
        except Ulaeselig as exc:
            problems.append(
                f"{path}: Filen kan ikke gennemsøges for CPR-numre ({exc}), så den kan "
                "ikke offentliggøres."
            )
            continue
        problems.extend(
            f"{fund}: Et CPR-nummer må ikke stå i det offentlige materiale. Fjern det, "
            "eller tillad netop dette nummer i sagens sag.md med 'tillad_cpr' og en grund."
            for fund in found
            if fund.cpr.cifre not in allowed
        )
    return problems


def warnings_for_members(files: Iterable[Path]) -> list[str]:
    """A Danish warning line for every CPR number in the members' set (not blocking)."""
    result: list[str] = []
    for path in files:
        try:
            found = scan_file(Path(path))
        except Ulaeselig as exc:
            result.append(f"{path}: Advarsel: filen kan ikke gennemsøges for CPR-numre ({exc}).")
            continue
        result.extend(
            f"{fund}: Advarsel: et CPR-nummer i medlemmernes materiale." for fund in found
        )
    return result


# --- authoring metadata -------------------------------------------------------------

_DC = "http://purl.org/dc/elements/1.1/"
_CP = "http://schemas.openxmlformats.org/package/2006/metadata/core-properties"
_EP = "http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"
_CORE_AUTHORS = (f"{{{_DC}}}creator", f"{{{_CP}}}lastModifiedBy")
_APP_AUTHORS = (f"{{{_EP}}}Manager",)

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

    - .docx: author and last modified by (and manager); the comments, with their
      anchors in the text; the author of every tracked change (w:author="");
      the revision ids (w:rsid...).
    - .xlsx: author, last modified by and manager; the authors of comments.
    - .pdf: the author, and the XMP metadata that repeats it.

    Any other file is left as it is. Raises Ulaeselig for a file that can't be read.
    """
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix in (".docx", ".docm"):
        _rewrite_zip(path, _strip_docx_part, _COMMENT_PARTS)
    elif suffix in (".xlsx", ".xlsm"):
        _rewrite_zip(path, _strip_xlsx_part, frozenset())
    elif suffix == ".pdf":
        _strip_pdf(path)
    return path


def _rewrite_zip(path: Path, strip, fjern: frozenset[str]) -> None:
    with _open_zip(path) as archive:
        try:
            entries = [(info, archive.read(info)) for info in archive.infolist()]
        except (zipfile.BadZipFile, OSError, RuntimeError, EOFError) as exc:
            raise Ulaeselig("filen er beskadiget eller krypteret") from exc
    removed = {info.filename for info, _ in entries if info.filename in fjern}
    result: list[tuple[zipfile.ZipInfo, bytes]] = []
    for info, data in entries:
        if info.filename in removed:
            continue
        if info.filename.endswith((".xml", ".rels")):
            data = strip(info.filename, data, removed)
        result.append((info, data))

    def write(temp: Path) -> None:
        with zipfile.ZipFile(temp, "w", zipfile.ZIP_DEFLATED) as out:
            for info, data in result:
                out.writestr(info, data, compress_type=zipfile.ZIP_DEFLATED)

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
                element.getparent().remove(element)
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


def _strip_docx_part(navn: str, data: bytes, removed: set[str]) -> bytes:
    return _strip_docx_part_cached(navn, data, frozenset(removed))


@functools.lru_cache(maxsize=256)
def _strip_docx_part_cached(navn: str, data: bytes, removed: frozenset[str]) -> bytes:
    """Cached by content, for the same reason as `_cpr_in_part`."""
    return _strip_docx_part_uncached(navn, data, set(removed))


def _strip_docx_part_uncached(navn: str, data: bytes, removed: set[str]) -> bytes:
    common = _strip_common(navn, data, removed)
    if common is not None:
        return common
    if not navn.startswith("word/") or navn.endswith(".rels"):
        return data
    root = _xml(data, navn)
    changed = False
    for element in list(root.iter()):
        if not isinstance(element.tag, str):
            continue
        qname = etree.QName(element)
        if qname.namespace == _W and qname.localname in _COMMENT_MARKS:
            run = element.getparent()
            run.remove(element)
            changed = True
            if etree.QName(run).localname == "r" and all(
                etree.QName(c).localname == "rPr" for c in run
            ):
                run.getparent().remove(run)
            continue
        if qname.namespace == _W and qname.localname in ("rsids", "rsid"):
            element.getparent().remove(element)
            changed = True
            continue
        for attribute in list(element.attrib):
            name = etree.QName(attribute)
            if name.namespace != _W:
                continue
            if name.localname == "author" and element.get(attribute):
                element.set(attribute, "")
                changed = True
            elif name.localname.startswith("rsid"):
                del element.attrib[attribute]
                changed = True
    return _serialize(root) if changed else data


def _strip_xlsx_part(navn: str, data: bytes, removed: set[str]) -> bytes:
    common = _strip_common(navn, data, removed)
    if common is not None:
        return common
    name = PurePosixPath(navn).name
    if re.fullmatch(r"comments\d*\.xml", name):
        root = _xml(data, navn)
        for author in root.iter(f"{{{_SS}}}author"):
            author.text = ""
        return _serialize(root)
    return data


def _strip_pdf(path: Path) -> None:
    from pypdf import PdfWriter
    from pypdf.errors import PdfReadError
    from pypdf.generic import NameObject

    try:
        writer = PdfWriter(clone_from=path)
    except (PdfReadError, OSError, ValueError, KeyError, TypeError) as exc:
        raise Ulaeselig("PDF-filen kan ikke læses") from exc
    info = writer._info
    if info is not None:
        info = info.get_object()
        for key in ("/Author",):
            if NameObject(key) in info:
                del info[NameObject(key)]
    if NameObject("/Metadata") in writer._root_object:
        del writer._root_object[NameObject("/Metadata")]

    write_atomically(path, lambda temp: writer.write(temp), overwrite=True)
