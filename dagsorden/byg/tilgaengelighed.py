"""Accessibility of the public set (issue 11): what a published paper must have.

Danish public bodies publish accessible documents (lov 692/2018, EN 301 549, WCAG 2.1
AA). Like the CPR gate, `check_public_set(files)` gives a Danish problem line for each
public file that lacks something a screen reader needs, and the build refuses them:

- .docx: a title (docProps/core.xml dc:title); a language (the document's default
  w:lang in styles.xml, or dc:language); alt text on every image (wp:docPr descr, or
  marked decorative; VML v:shape alt); a header row (w:tblHeader on the first row)
  on every data table. A table drawn without any borders is taken as a layout table.
- .xlsx: a title, and alt text on every picture and chart. (Excel has no document
  language to set.)
- .pdf: tags (/MarkInfo /Marked true and a /StructTreeRoot), a title (Info or XMP
  dc:title) and a language (/Lang).

`warnings_for_members(files)` warns about the members' PDF bilag without tags: they
make the members' samlet.pdf inaccessible, but the members' set is not published.
Everything else a PDF/UA validator checks (veraPDF, PAC) is not checked here.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from lxml import etree

from dagsorden.errors import DagsordenError
from dagsorden.zipcheck import OfficeFileError, check_sizes

if TYPE_CHECKING:
    from pikepdf import Pdf

    from dagsorden.byg.persondata import Offentlig

__all__ = ["check_public_set", "problemer", "warnings_for_members"]

_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_WP = "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"
_A = "http://schemas.openxmlformats.org/drawingml/2006/main"
_XDR = "http://schemas.openxmlformats.org/drawingml/2006/spreadsheetDrawing"
_DC = "http://purl.org/dc/elements/1.1/"
_DECORATIVE = "http://schemas.microsoft.com/office/drawing/2017/decorative"
_VML = "urn:schemas-microsoft-com:vml"

_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)

AFVIS = "Det offentlige materiale skal være tilgængeligt (webtilgængelighedsloven)."

TITEL = (
    "Dokumentet har ingen titel, som en skærmlæser kan læse op. Skriv en under Filer > "
    "Oplysninger > Titel, og gem."
)
SPROG = (
    "Dokumentet har intet sprog, så en skærmlæser ved ikke, hvordan teksten skal udtales. "
    "Sæt sproget til dansk (i Word: Gennemse > Sprog > Angiv korrekturlæsningssprog, hele "
    "dokumentet markeret), og gem."
)
PDF_UDEN_TAGS = (
    "PDF-filen har ingen tags (ingen dokumentstruktur), så en skærmlæser kan ikke læse den. "
    "Gem den igen som PDF fra Word med 'Dokumentstrukturkoder til tilgængelighed' slået "
    "til, eller gør den tilgængelig i Acrobat."
)
PDF_TITEL = (
    "PDF-filen har ingen titel, som en skærmlæser kan læse op. Giv det dokument, den er "
    "gemt fra, en titel (Filer > Oplysninger > Titel), og gem den som PDF igen."
)
PDF_SPROG = (
    "PDF-filen har intet sprog (/Lang), så en skærmlæser ved ikke, hvordan teksten skal "
    "udtales. Sæt sproget til dansk i det dokument, den er gemt fra, og gem den som PDF igen."
)


def _alt(nummer: int, navn: str) -> str:
    return (
        f"billede {nummer} ('{navn}') har ingen alternativ tekst. Højreklik på billedet, "
        "vælg 'Rediger alternativ tekst', og beskriv, hvad det viser (eller markér det som "
        "dekorativt)."
    )


def _tabel(nummer: int, begynder: str) -> str:
    return (
        f"tabel {nummer} (der begynder med '{begynder}') har ingen overskriftsrække. Markér "
        "tabellens første række i Word, og vælg Tabelegenskaber > Række > 'Gentag som "
        "overskriftsrække øverst på hver side'; er tabellen kun til opstilling, så fjern "
        "dens kanter."
    )


class _Ulaeselig(DagsordenError):
    """A file whose accessibility can't be checked; the message says why, and the
    caller names the file."""


def problemer(fil: Path) -> list[tuple[str, str]]:
    """The accessibility problems of one public file: (place, message) pairs, the place
    "" for the file as a whole. Raises DagsordenError for a file that can't be read."""
    suffix = fil.suffix.lower()
    if suffix in (".docx", ".docm"):
        return list(_docx(_parts(fil)))
    if suffix in (".xlsx", ".xlsm"):
        return list(_xlsx(_parts(fil)))
    if suffix == ".pdf":
        return list(_pdf(fil))
    return []


def check_public_set(files: Iterable[Offentlig]) -> list[str]:
    """A Danish problem line for every accessibility problem of the public set's
    files; empty when all is clear."""
    lines: list[str] = []
    for item in files:
        try:
            found = problemer(item.fil)
        except DagsordenError as exc:
            lines.append(
                f"{item.sted()}: Filen kan ikke tjekkes for tilgængelighed ({exc}), så den "
                "kan ikke offentliggøres."
            )
            continue
        lines.extend(f"{item.sted(sted)}: {besked} {AFVIS}" for sted, besked in found)
    return lines


def warnings_for_members(files: Iterable[Path | Offentlig]) -> list[str]:
    """A warning line for each PDF of the members' set without tags: it makes the
    members' samlet.pdf inaccessible (not blocking: the set is not published)."""
    from dagsorden.byg.persondata import Offentlig

    lines: list[str] = []
    for item in files:
        if not isinstance(item, Offentlig):
            item = Offentlig(Path(item))
        if item.fil.suffix.lower() != ".pdf":
            continue
        try:
            tagged = _pdf_tagged(item.fil)
        except _Ulaeselig:
            continue  # the CPR check has warned already that it can't be read
        if not tagged:
            lines.append(
                f"{item.sted()}: Advarsel: PDF-filen har ingen tags, så samlet.pdf er ikke "
                "tilgængelig for skærmlæsere. Gem bilaget igen som PDF fra Word med "
                "'Dokumentstrukturkoder til tilgængelighed' slået til."
            )
    return lines


# --- Word and Excel -------------------------------------------------------------------


def _parts(fil: Path) -> dict[str, bytes]:
    try:
        with zipfile.ZipFile(fil) as archive:
            check_sizes(archive.infolist())
            return {
                info.filename: archive.read(info)
                for info in archive.infolist()
                if info.filename.endswith(".xml")
            }
    except OfficeFileError as exc:
        raise _Ulaeselig(exc.message) from exc
    except (zipfile.BadZipFile, OSError, ValueError, NotImplementedError) as exc:
        raise _Ulaeselig("filen er ikke en gyldig Office-fil") from exc


def _xml(parts: dict[str, bytes], navn: str) -> etree._Element | None:
    if navn not in parts:
        return None
    try:
        return etree.fromstring(parts[navn], _PARSER)
    except etree.XMLSyntaxError as exc:
        raise _Ulaeselig(f"delen {navn} er ikke gyldig XML") from exc


def _text(element: etree._Element | None) -> str:
    if element is None:
        return ""
    return "".join(str(t) for t in element.itertext()).strip()


def _title(parts: dict[str, bytes]) -> str:
    core = _xml(parts, "docProps/core.xml")
    return "" if core is None else _text(core.find(f"{{{_DC}}}title"))


def _docx(parts: dict[str, bytes]) -> Iterator[tuple[str, str]]:
    if not _title(parts):
        yield "", TITEL
    if not _docx_language(parts):
        yield "", SPROG
    document = _xml(parts, "word/document.xml")
    if document is None:
        return
    for nummer, (navn, alt) in enumerate(_docx_images(document), start=1):
        if not alt:
            yield "", _alt(nummer, navn)
    styles = _xml(parts, "word/styles.xml")
    for nummer, table in enumerate(document.iter(f"{{{_W}}}tbl"), start=1):
        rows = table.findall(f"{{{_W}}}tr")
        if not rows or _is_header_row(rows[0]) or not _has_borders(table, styles):
            continue
        yield "", _tabel(nummer, _text(rows[0])[:40])


def _docx_language(parts: dict[str, bytes]) -> str:
    styles = _xml(parts, "word/styles.xml")
    if styles is not None:
        lang = styles.find(f"{{{_W}}}docDefaults/{{{_W}}}rPrDefault/{{{_W}}}rPr/{{{_W}}}lang")
        if lang is not None and (lang.get(f"{{{_W}}}val") or "").strip():
            return lang.get(f"{{{_W}}}val", "")
    core = _xml(parts, "docProps/core.xml")
    return "" if core is None else _text(core.find(f"{{{_DC}}}language"))


def _decorative(doc_pr: etree._Element) -> bool:
    return any(
        (mark.get("val") or "").lower() in ("1", "true")
        for mark in doc_pr.iter(f"{{{_DECORATIVE}}}decorative")
    )


def _docx_images(document: etree._Element) -> Iterator[tuple[str, str]]:
    """(name, alt text) of every picture, chart and shape in the body, in order; the
    alt text "-" for one marked decorative."""
    for element in document.iter(f"{{{_WP}}}docPr", f"{{{_VML}}}imagedata"):
        if etree.QName(element).localname == "docPr":
            alt = (element.get("descr") or "").strip() or ("-" if _decorative(element) else "")
            yield element.get("name", ""), alt
        else:
            shape = element.getparent()
            if shape is not None:
                yield shape.get("id", ""), (shape.get("alt") or "").strip()


def _is_header_row(row: etree._Element) -> bool:
    header = row.find(f"{{{_W}}}trPr/{{{_W}}}tblHeader")
    if header is None:
        return False
    return (header.get(f"{{{_W}}}val") or "true").lower() not in ("0", "false", "off")


def _visible(borders: etree._Element | None) -> dict[str, bool]:
    """Which edges of a tblBorders/tcBorders are drawn (edge name -> drawn)."""
    if borders is None:
        return {}
    return {
        etree.QName(edge).localname: (edge.get(f"{{{_W}}}val") or "none") not in ("nil", "none")
        for edge in borders
        if isinstance(edge.tag, str)
    }


def _style_borders(styles: etree._Element | None, style_id: str | None) -> dict[str, bool]:
    """The table borders of a table style, its basedOn chain followed (the default
    table style when `style_id` is None)."""
    if styles is None:
        return {}
    by_id = {
        s.get(f"{{{_W}}}styleId"): s
        for s in styles.iter(f"{{{_W}}}style")
        if s.get(f"{{{_W}}}type") == "table"
    }
    if style_id is None:
        style_id = next(
            (i for i, s in by_id.items() if s.get(f"{{{_W}}}default") in ("1", "true")), None
        )
    chain: list[etree._Element] = []
    while style_id in by_id and len(chain) < 10:
        chain.append(by_id[style_id])
        based = by_id[style_id].find(f"{{{_W}}}basedOn")
        style_id = None if based is None else based.get(f"{{{_W}}}val")
    edges: dict[str, bool] = {}
    for style in reversed(chain):
        edges |= _visible(style.find(f"{{{_W}}}tblPr/{{{_W}}}tblBorders"))
    return edges


def _has_borders(table: etree._Element, styles: etree._Element | None) -> bool:
    """Whether the table shows any line: a table without is a layout table."""
    properties = table.find(f"{{{_W}}}tblPr")
    style = None if properties is None else properties.find(f"{{{_W}}}tblStyle")
    edges = _style_borders(styles, None if style is None else style.get(f"{{{_W}}}val"))
    if properties is not None:
        edges |= _visible(properties.find(f"{{{_W}}}tblBorders"))
    if any(edges.values()):
        return True
    return any(
        any(_visible(cell_borders).values()) for cell_borders in table.iter(f"{{{_W}}}tcBorders")
    )


def _xlsx(parts: dict[str, bytes]) -> Iterator[tuple[str, str]]:
    if not _title(parts):
        yield "", TITEL
    nummer = 0
    for navn in sorted(parts):
        if not (navn.startswith("xl/drawings/drawing") and navn.endswith(".xml")):
            continue
        drawing = _xml(parts, navn)
        if drawing is None:
            continue
        for holder in drawing.iter(f"{{{_XDR}}}pic", f"{{{_XDR}}}graphicFrame"):
            properties = next(holder.iter(f"{{{_XDR}}}cNvPr"), None)
            if properties is None:
                continue
            nummer += 1
            if not (properties.get("descr") or "").strip() and not _decorative(properties):
                yield "", _alt(nummer, properties.get("name", ""))


# --- PDF ------------------------------------------------------------------------------


def _open_pdf(fil: Path) -> Pdf:
    import pikepdf

    try:
        return pikepdf.open(fil)
    except pikepdf.PasswordError as exc:
        raise _Ulaeselig("PDF-filen er beskyttet med adgangskode") from exc
    except (pikepdf.PdfError, OSError, ValueError) as exc:
        raise _Ulaeselig("PDF-filen kan ikke læses") from exc


def _tagged(pdf: Pdf) -> bool:
    import pikepdf

    mark = pdf.Root.get("/MarkInfo")
    marked = isinstance(mark, pikepdf.Dictionary) and bool(mark.get("/Marked", False))
    return marked and isinstance(pdf.Root.get("/StructTreeRoot"), pikepdf.Dictionary)


def _pdf_tagged(fil: Path) -> bool:
    with _open_pdf(fil) as pdf:
        return _tagged(pdf)


def _pdf(fil: Path) -> Iterator[tuple[str, str]]:
    with _open_pdf(fil) as pdf:
        found: list[tuple[str, str]] = []
        if not _tagged(pdf):
            found.append(("", PDF_UDEN_TAGS))
        if not _pdf_title(pdf):
            found.append(("", PDF_TITEL))
        if not str(pdf.Root.get("/Lang", "")).strip():
            found.append(("", PDF_SPROG))
    yield from found


def _pdf_title(pdf: Pdf) -> str:
    title = str(pdf.docinfo.get("/Title", "")).strip() if pdf.docinfo is not None else ""
    if title:
        return title
    metadata = pdf.Root.get("/Metadata")
    if metadata is None:
        return ""
    try:
        xmp = etree.parse(io.BytesIO(metadata.read_bytes()), _PARSER).getroot()
    except (etree.XMLSyntaxError, ValueError):
        return ""
    return _text(next(xmp.iter(f"{{{_DC}}}title"), None))
