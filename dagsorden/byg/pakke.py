"""The meeting packet: the agenda, each punkt and its bilag as one Word file and one PDF.

`compose_docx` writes `samlet.docx` with docxcompose: the .docx parts in order, each
its own section, so it starts on a new page, keeps its page size and margins and its
own footer; its header is the punkt's running header when the part has one
(`Del.hoved`), and a bookmark marks its start (`Del.bogmaerke`). Pages are numbered
through the whole packet: PAGE and NUMPAGES ("Side 7 af 40"), no part restarting. A
.pdf or .xlsx bilag can't go into Word: a page names it instead, followed by blank
pages up to the bilag's own page count.

`make_pdf` writes `samlet.pdf` as tagged PDF/UA: samlet.docx converted whole in one
run of headless LibreOffice (so its page numbers, and the agenda's contents list of
PAGEREF fields, are LibreOffice's count of the whole packet), the .pdf and .xlsx
bilag's pages put in place of the pages kept for them, framed by those pages' header
and footer. Its structure tree has one Part per part, and the outline one bookmark
per part, each bilag under the punkt before it. `make_pdfs` does several packets (the
public and the members' one) in that same single run; a sheet of more pages than
samlet.docx kept for it has its packet composed and converted once more.
`start_sheet_pages` counts .xlsx bilag's pages first, so `byg` composes samlet.docx
with the right number of pages, and `Kontor` keeps a LibreOffice running for a
build's conversions.

Both write whole or not at all. Neither imports docxcompose or pikepdf, nor starts
LibreOffice, until called.
"""

from __future__ import annotations

import contextlib
import functools
import io
import json
import os
import re
import shutil
import signal
import subprocess
import tempfile
import zipfile
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from copy import deepcopy
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple, Self, cast

from dagsorden.errors import PakkeError
from dagsorden.output import write_atomically, write_normal_zip

if TYPE_CHECKING:
    from docx.document import Document as WordDocument
    from docx.opc.part import Part
    from pikepdf import Pdf

DOCX = ".docx"
PDF = ".pdf"
XLSX = ".xlsx"
KINDS = {DOCX: "Word-fil", PDF: "PDF-fil", XLSX: "Excel-fil"}

# Seconds LibreOffice may spend on one run: its start, plus a share per file.
LIBREOFFICE_START_TIMEOUT = 60.0
LIBREOFFICE_TIMEOUT_PER_FILE = 10.0
KONTOR_VENTETID = 30.0
"""Seconds a conversion waits for the LibreOffice kept running to come up (`Kontor`)
before it runs anyway (then handed to it if it is half up, else on its own)."""

# The main part's content type, which tells a real Word or Excel file from a renamed one
# (LibreOffice would quietly convert a text file called .docx as plain text).
_MAIN_CONTENT_TYPE = {
    DOCX: b"wordprocessingml.document.main+xml",
    XLSX: b"spreadsheetml.sheet.main+xml",
}


@dataclass(frozen=True)
class Del:
    """One part of a meeting packet, in order."""

    titel: str  # bookmark/heading text: "Dagsorden", "Punkt 3. ...", "Bilag 1 – Budget 2011"
    fil: Path  # a .docx (rendered by us), or a bilag copied as is: .pdf, .docx, .xlsx
    niveau: int = 0  # 0: agenda or punkt; 1: a bilag under the punkt before it
    anker: str = ""
    """The Word bookmark at the part's start in samlet.docx (a contents list's PAGEREF
    points at it); "" for `Del<n>`, n its place in the packet. Letters and digits only: LibreOffice
    escapes any other character in the PDF's named destinations."""
    hoved: str = ""
    """The running header of every page of the part in the packet ("Socialudvalget ·
    onsdag den 19. november 2014 · Punkt 3"); "" keeps the part's own header."""

    def __post_init__(self) -> None:
        object.__setattr__(self, "fil", Path(self.fil))
        if self.niveau not in (0, 1):
            raise ValueError(f"niveau must be 0 or 1, not {self.niveau!r}")

    @property
    def kind(self) -> str:
        return self.fil.suffix.lower()

    def bogmaerke(self, index: int) -> str:
        """The part's bookmark in samlet.docx and named destination in samlet.pdf."""
        return self.anker or f"Del{index}"


# --- checking the parts ---------------------------------------------------------------


def _check_files(files: Iterable[Path]) -> None:
    """Every file exists, is a .docx, .pdf or .xlsx, and is what its name says.

    Raises one PakkeError listing every bad file.
    """
    problems = [(fil, problem) for fil in files if (problem := _file_problem(fil))]
    _raise_if_any(problems)


def _file_problem(fil: Path) -> str:
    kind = fil.suffix.lower()
    if kind not in KINDS:
        return "kan ikke lægges i mødepakken; kun .docx, .pdf og .xlsx kan."
    from dagsorden.zipcheck import file_problem

    # Stat only: a named pipe must never be opened (it would block), a name too long
    # for the file system is a message, not an OSError.
    problem = file_problem(fil)
    if problem:
        return problem[0].lower() + problem[1:]
    if kind == PDF:
        try:
            with fil.open("rb") as handle:
                head = handle.read(1024)
        except OSError as exc:
            return f"kan ikke læses ({exc.strerror or exc})."
        return "" if b"%PDF-" in head else "er ikke en PDF-fil."
    try:
        with zipfile.ZipFile(fil) as package:
            content_types = package.read("[Content_Types].xml")
    except (zipfile.BadZipFile, KeyError, OSError):
        return f"er ikke en {KINDS[kind]} (filen er ødelagt eller har forkert endelse)."
    if _MAIN_CONTENT_TYPE[kind] not in content_types:
        return f"er ikke en {KINDS[kind]} (filen har forkert endelse)."
    return ""


def _raise_if_any(problems: Sequence[tuple[Path, str]]) -> None:
    if problems:
        raise PakkeError(
            "\n".join(f"{fil}: {message}" for fil, message in problems),
            [fil for fil, _ in problems],
        )


# --- samlet.docx ----------------------------------------------------------------------


def compose_docx(
    dele: Sequence[Del],
    target: Path,
    *,
    titel: str | None = None,
    sider: Mapping[Path, int] | None = None,
) -> Path:
    """Writes the .docx parts of `dele` into one Word file, each from a new page.

    Pages are numbered through the whole packet: each part's "Side X af Y" (PAGE,
    NUMPAGES) counts the packet's pages, as samlet.pdf shows them. Each part starts
    with a bookmark (`Del.bogmaerke`) and, given `Del.hoved`, has that running header.

    The packet is titled `titel`, else as its first Word part (the agenda's
    "Socialudvalget – dagsorden 19.11.2014"), with that part's author, language da-DK
    and the date of the build (SOURCE_DATE_EPOCH if set): see `render.set_properties`.

    A .pdf or .xlsx bilag becomes a page with its title and file name, followed by
    blank pages (with header and footer) up to its page count: a PDF's own, an
    .xlsx's from `sider` ({file: pages}, else 1), so samlet.pdf, where the bilag's
    pages stand in their place, has the same page numbers. Styles,
    numbering, images, headers and footers of every part come along. Raises
    PakkeError naming every part that can't be read; writes `target` whole or not at all.
    """
    dele = tuple(dele)
    if not dele:
        raise ValueError("a packet needs at least one part")
    _check_files(d.fil for d in dele)
    counts = {d.fil: _pages_of(d, sider or {}) for d in dele if d.kind != DOCX}
    return _write_packet(dele, lambda del_: counts[del_.fil], target, titel)


def compose_parts(
    dele: Iterable[Del],
    target: Path,
    *,
    titel: str | None = None,
    sider: Mapping[Path, int] | None = None,
) -> Path:
    """`compose_docx` of parts that come one at a time (`dele` may wait for each as
    it is written): each is joined as soon as the next Word part comes, so the
    packet is done soon after its last part. Each part is checked as it comes, and
    a bad one raises then; the packet is byte for byte `compose_docx`'s."""

    def checked() -> Iterator[Del]:
        for del_ in dele:
            _check_files([del_.fil])
            yield del_

    return _write_packet(checked(), lambda del_: _pages_of(del_, sider or {}), target, titel)


def _write_packet(
    dele: Iterable[Del], pages: Callable[[Del], int], target: Path, titel: str | None
) -> Path:
    with _repeatable_numbering():
        composed = _compose(dele, pages)
    _set_packet_properties(composed, titel)
    return write_atomically(target, functools.partial(_save_docx, composed), overwrite=True)


def _save_docx(document: WordDocument, temp: Path) -> None:
    """python-docx's `save`, its members in its order, written in the normal form
    (`output.write_normal_zip`) at once rather than normalised afterwards."""
    from docx.opc.packuri import PACKAGE_URI
    from docx.opc.pkgwriter import _ContentTypesItem

    package = document.part.package
    parts = package.parts
    for part in parts:
        part.before_marshal()

    def members() -> Iterator[tuple[str, bytes, bool]]:
        yield "[Content_Types].xml", _ContentTypesItem.from_parts(parts).blob, False
        yield PACKAGE_URI.rels_uri.membername, package.rels.xml, False
        for part in parts:
            yield part.partname.membername, part.blob, False
            if len(part.rels):
                yield part.partname.rels_uri.membername, part.rels.xml, False

    write_normal_zip(temp, members())


def _set_packet_properties(packet: WordDocument, titel: str | None) -> None:
    from dagsorden.dokumenter.render import set_properties

    properties = packet.core_properties
    # A packet of no Word part is built on python-docx's own empty document.
    author = properties.author if properties.author != "python-docx" else ""
    set_properties(packet, titel=titel or properties.title or "", forfatter=author or "")


@contextlib.contextmanager
def _repeatable_numbering() -> Iterator[None]:
    """docxcompose gives every list it copies a new w:nsid (so its numbering restarts)
    drawn from the `random` module; drawn here from a generator of a fixed seed, the
    same parts give the same samlet.docx, byte for byte."""
    import random

    from docxcompose import composer

    shared = composer.random
    composer.random = random.Random(11)
    try:
        yield
    finally:
        composer.random = shared


def _open_documents(
    dele: Sequence[Del], problems: list[tuple[Path, str]]
) -> Iterator[tuple[int, WordDocument | None]]:
    """(index, its Word part opened and made ready to join the packet) for each .docx
    part, one at a time (a packet of 60 parts never has them all in memory); a part
    that can't be read goes on `problems` and gives None."""
    from docx import Document
    from docx.opc.exceptions import OpcError
    from lxml.etree import XMLSyntaxError

    for index, del_ in enumerate(dele):
        if del_.kind != DOCX:
            continue
        try:
            document = Document(str(del_.fil))
        except (
            OpcError,
            KeyError,
            ValueError,
            XMLSyntaxError,
            zipfile.BadZipFile,
        ) as exc:
            problems.append((del_.fil, f"Word-filen kan ikke læses ({exc})."))
            yield index, None
            continue
        _note_alt_chunks(document, del_.fil.name)
        _drop_comment_marks(document)
        _file_names_as_text(document, del_.fil.name)
        yield index, document
        del document  # before the next one is read


def _file_names_as_text(document: WordDocument, name: str) -> None:
    """A part's FILENAME fields (in its text, headers, footers and notes) its own file name
    as plain text: LibreOffice would print the path of the samlet.docx it converts,
    in the build's folder (`persondata.file_name_fields_as_text`)."""
    from docx.opc.constants import RELATIONSHIP_TYPE as RT

    from dagsorden.byg.persondata import file_name_fields_as_text

    file_name_fields_as_text(document.element.body, name)
    for relationship in document.part.rels.values():
        if relationship.is_external:
            continue
        part = relationship.target_part
        if relationship.reltype in (RT.HEADER, RT.FOOTER):
            file_name_fields_as_text(part.element, name)
        elif relationship.reltype in (RT.FOOTNOTES, RT.ENDNOTES):
            if hasattr(part, "element"):
                file_name_fields_as_text(part.element, name)
                continue
            # A part python-docx keeps as bytes: docxcompose parses its blob.
            from docx.opc.oxml import parse_xml, serialize_part_xml

            notes = parse_xml(part.blob)
            if file_name_fields_as_text(notes, name):
                part._blob = serialize_part_xml(notes)


def _drop_comment_marks(document: WordDocument) -> None:
    """Removes the marks of Word comments from a part before it joins the packet.

    docxcompose copies no comments part, and LibreOffice refuses to load a
    samlet.docx whose text refers to comments that aren't there. The comments stay
    in the bilag's own file; a packet for reading never showed them.
    """
    from docx.oxml.ns import qn

    body = document.element.body
    marks = (
        qn("w:commentRangeStart"),
        qn("w:commentRangeEnd"),
        qn("w:commentReference"),
    )
    for mark in [e for e in body.iter(*marks)]:
        parent = mark.getparent()
        parent.remove(mark)
        if parent.tag == qn("w:r") and not [c for c in parent if c.tag != qn("w:rPr")]:
            parent.getparent().remove(parent)


def _note_alt_chunks(document: WordDocument, navn: str) -> None:
    """Replaces each altChunk (text Word keeps as a pasted HTML, RTF or MHT file) with
    a visible note naming the bilag's own file.

    docxcompose copies no altChunk part but keeps the element, whose relationship id
    then points at another part of the packet (a header), and LibreOffice refuses
    to load the whole samlet.docx. The bilag's own file, published beside the
    packet, keeps the text.
    """
    from docx.oxml.ns import qn
    from docx.oxml.parser import OxmlElement

    body = document.element.body
    for chunk in list(body.iter(qn("w:altChunk"))):
        paragraph = OxmlElement("w:p")
        run = OxmlElement("w:r")
        text = OxmlElement("w:t")
        text.text = f"[Her står indsat tekst, som kun kan vises i bilagets egen fil: {navn}.]"
        run.append(text)
        paragraph.append(run)
        chunk.getparent().replace(chunk, paragraph)


def _pages_of(del_: Del, sider: Mapping[Path, int]) -> int:
    """The pages a non-Word part takes in the packet: a PDF's own count; an .xlsx's
    from `sider` (known once LibreOffice converted it), else 1."""
    if del_.kind == PDF:
        import pikepdf

        try:
            with pikepdf.open(del_.fil) as pdf:
                return max(1, len(pdf.pages))
        except pikepdf.PasswordError as exc:
            raise PakkeError(
                f"{del_.fil}: PDF-filen er beskyttet med adgangskode.", [del_.fil]
            ) from exc
        except (pikepdf.PdfError, OSError, ValueError) as exc:
            raise PakkeError(f"{del_.fil}: PDF-filen kan ikke læses ({exc}).", [del_.fil]) from exc
    # By the file as given or as resolved: callers count by resolved paths, and a
    # part of a build into a relative UD is given as a relative one.
    pages = sider.get(del_.fil)
    if pages is None:
        pages = sider.get(del_.fil.resolve(), 1)
    return max(1, pages)


def _compose(dele: Iterable[Del], pages: Callable[[Del], int]) -> WordDocument:
    """The packet as one document, on top of the first .docx part's styles; `pages`
    gives the pages a .pdf or .xlsx part takes.

    The first .docx part is opened once more as the base and emptied; then every part
    is appended to it in order, that first one too, so all parts go the same way.
    The parts are opened one at a time, each let go once appended. Every part that
    can't be opened is named together (the rest are still opened, to find them all),
    before a part docxcompose can't join.

    The parts may come one at a time (`compose_parts`): a part is joined once the
    next Word part has come, or the last part: only then is it known whether it is
    the packet's last part, or its last Word part (after which the bookmarks are
    numbered). So at most one Word part waits, and the packet is the same.
    """
    problems: list[tuple[Path, str]] = []
    joined = _Joined(problems, pages)
    waiting: list[tuple[int, Del]] = []
    for index, del_ in enumerate(dele):
        if del_.kind == DOCX and any(d.kind == DOCX for _, d in waiting):
            joined.join(waiting, end=False)
            waiting = []
        waiting.append((index, del_))
    if not waiting and joined.packet is None:
        raise ValueError("a packet needs at least one part")
    joined.join(waiting, end=True)
    _raise_if_any(problems)
    if joined.failure is not None:
        raise joined.failure
    assert joined.packet is not None
    return joined.packet.finish()


class _Joined:
    """The parts joined so far (`_compose`)."""

    def __init__(self, problems: list[tuple[Path, str]], pages: Callable[[Del], int]) -> None:
        self.problems = problems
        self.pages = pages
        self.started = False
        self.packet: _Packet | None = None
        self.failure: PakkeError | None = None

    def join(self, items: list[tuple[int, Del]], *, end: bool) -> None:
        """Appends `items` (index, part); `end`: they are the packet's last, and a
        Word part among them its last Word part."""
        if not self.started:
            self.started = True
            self.packet = self._base(next((d for _, d in items if d.kind == DOCX), None))
        for position, (index, del_) in enumerate(items):
            last = end and position == len(items) - 1
            if del_.kind != DOCX:
                if self.packet is not None and self.failure is None:
                    self.packet.append_placeholder(del_, index, self.pages(del_), last=last)
                continue
            _, document = next(_open_documents([del_], self.problems))
            if document is None or self.packet is None or self.problems or self.failure is not None:
                continue  # only looking for more parts that can't be opened
            try:
                self.packet.append_document(document, del_, index, last=last, final=end)
            except Exception as exc:
                # docxcompose on a Word file it can't follow, e.g. a link to a part
                # the file doesn't have; python-docx opened it without complaint.
                self.failure = PakkeError(
                    f"{del_.fil}: Word-filen kan ikke lægges ind i den samlede pakke "
                    f"({type(exc).__name__}: {exc}). Åbn og gem den i Word, og prøv igen.",
                    [del_.fil],
                )
                self.failure.__cause__ = exc
            del document

    @staticmethod
    def _base(first: Del | None) -> _Packet | None:
        """The packet on the first Word part (None if it can't be read: the part
        itself is named when it is joined), or on an empty document if none."""
        from docx import Document

        if first is None:
            return _Packet(Document())
        _, base = next(_open_documents([first], []))
        return _Packet(base) if base is not None else None


def _placeholder_note(del_: Del, pages: int) -> str:
    """What a bilag's placeholder says under its title (`_Packet.append_placeholder`)."""
    sider = "1 side" if pages == 1 else f"{pages} sider"
    return (
        f"Vedlagt som {KINDS[del_.kind]}: {del_.fil.name} ({sider}; i samlet.pdf står "
        "bilagets sider her)."
    )


def _reserve_page(paragraph: Any, del_: Del, page: int, pages: int) -> None:
    """`paragraph` (empty, python-docx's) as page `page` of a placeholder's `pages`:
    a page of its own (LibreOffice drops a page break that ends a paragraph)."""
    from docx.enum.text import WD_BREAK

    paragraph.add_run().add_break(WD_BREAK.PAGE)
    paragraph.add_run(f"{del_.titel}, side {page} af {pages}: se samlet.pdf.")


def keep_sheet_pages(
    samlet: Path,
    dele: Sequence[Del],
    kept: Mapping[Path, int],
    pages: Mapping[Path, int],
) -> bool:
    """Makes a samlet.docx composed keeping `kept` pages for each .xlsx bilag
    ({resolved file: pages}, else 1) keep `pages` instead: byte for byte what
    composing with `pages` gives, without composing again, so a packet can be
    composed while LibreOffice still counts the sheets' pages. Only the main
    document part is rewritten, the file in one step; True if it was.

    Each such placeholder is found by its part's bookmark: its note's count is
    written anew, its reserved pages made as many as the bilag has, and the section
    break that ends the part moved into the last of them.
    """
    changes = {
        index: (
            max(1, kept.get(d.fil.resolve(), 1)),
            max(1, pages.get(d.fil.resolve(), 1)),
        )
        for index, d in enumerate(dele)
        if d.kind == XLSX
    }
    changes = {index: change for index, change in changes.items() if change[0] != change[1]}
    if not changes:
        return False
    from docx.opc.oxml import serialize_part_xml
    from docx.oxml.parser import parse_xml

    with zipfile.ZipFile(samlet) as package:
        infos = package.infolist()
        members = [(info.filename, package.read(info)) for info in infos]
    main = _main_part_name(dict(members))
    root = parse_xml(dict(members)[main])
    for index, (before, after) in changes.items():
        _resize_placeholder(root, dele[index], dele[index].bogmaerke(index), before, after)
    data = serialize_part_xml(root)
    rewritten = [(name, data if name == main else blob, False) for name, blob in members]
    stamp = infos[0].date_time if infos else None
    write_atomically(samlet, lambda temp: write_normal_zip(temp, rewritten, stamp), overwrite=True)
    return True


def _main_part_name(members: Mapping[str, bytes]) -> str:
    """The name of a Word file's main document part (word/document.xml, as a rule)."""
    from lxml import etree

    rels = etree.fromstring(members["_rels/.rels"])
    for rel in rels:
        if rel.get("Type", "").endswith("/officeDocument"):
            return rel.get("Target", "").lstrip("/")
    raise PakkeError("samlet.docx har ingen hoveddel.")


def _resize_placeholder(root: Any, del_: Del, bogmaerke: str, before: int, after: int) -> None:
    """The placeholder of `del_` (bookmarked `bogmaerke`) with `after` pages for
    its `before`, as `_Packet.append_placeholder` would have made it."""
    from docx.oxml.ns import qn
    from docx.oxml.parser import OxmlElement
    from docx.text.paragraph import Paragraph

    start = next(
        (b for b in root.iter(qn("w:bookmarkStart")) if b.get(qn("w:name")) == bogmaerke),
        None,
    )
    if start is None:
        raise PakkeError(f"samlet.docx mangler pladsen til {del_.fil.name}.", [del_.fil])
    note = start.getparent().getnext()
    reserved: list[Any] = []
    for _ in range(before - 1):
        reserved.append((reserved[-1] if reserved else note).getnext())
    last = reserved[-1] if reserved else note
    properties = last.find(qn("w:pPr"))
    section = properties.find(qn("w:sectPr")) if properties is not None else None
    if section is not None:
        # Held alone (the placeholder's paragraphs have no properties of their own).
        last.remove(properties)
    Paragraph(note, None).runs[0].text = _placeholder_note(del_, after)  # type: ignore[arg-type]
    for old in reserved:
        old.getparent().remove(old)
    last = note
    for page in range(2, after + 1):
        paragraph = OxmlElement("w:p")
        last.addnext(paragraph)
        _reserve_page(Paragraph(paragraph, None), del_, page, after)  # type: ignore[arg-type]
        last = paragraph
    if section is not None:
        last.get_or_add_pPr()._insert_sectPr(section)


class _Packet:
    """The packet being put together: a base document, docxcompose working on it.

    Every part becomes one section (more, if it has several): the sectPr that ends it
    goes in its last paragraph, the last part's is the body's own.
    """

    def __init__(self, base: WordDocument) -> None:
        from docx.oxml.ns import qn

        self.base = base
        self.body = base.element.body
        self.previous_section = deepcopy(self.body.get_or_add_sectPr())
        self.paper_section: Any = None
        """The last section of the last agenda or punkt (niveau 0) appended: what a
        placeholder's pages take (not a Word bilag's own footer)."""
        for child in list(self.body):
            if child.tag != qn("w:sectPr"):
                self.body.remove(child)
        self.composer = _composer_class()(base)
        # docxcompose's own header fix-up for documents of several sections would move
        # the base's header references around; every part brings its own instead.
        self.composer.first_section_properties_added = True
        self.blank: dict[str, str] = {}
        self.headers: dict[str, str] = {}
        """Running header text -> the rId of its header part."""
        self.bookmarks = 0

    def append_document(
        self,
        document: WordDocument,
        del_: Del,
        index: int,
        *,
        last: bool,
        final: bool = True,
    ) -> None:
        """Appends `document` as its own section(s), with its own headers and footers
        (its header replaced by `del_.hoved` if given), its start bookmarked. `final`:
        the packet's last Word part, after which the bookmarks are numbered."""
        from docx.oxml.ns import qn

        count_before = len(self.body)
        self.composer.renumbering = final
        self.composer.append(document)
        self.composer.renumbering = False
        appended = self._elements_since(count_before)

        source_body = document.element.body
        source_sections = [
            s for el in source_body if el.tag != qn("w:sectPr") for s in el.iter(qn("w:sectPr"))
        ]
        sections = [s for el in appended for s in el.iter(qn("w:sectPr"))]
        source_last = source_body.sectPr
        section = deepcopy(source_last) if source_last is not None else _empty_section()
        pairs = [(section, source_last)]
        if len(sections) == len(source_sections):
            pairs = [*zip(sections, source_sections, strict=True), *pairs]
        copied: dict[str, str] = {}
        for target, source in pairs:
            self._take_headers_and_footers(target, source, document, copied)
        first = pairs[0][0]
        if del_.hoved:
            self._set_running_header([target for target, _ in pairs], del_.hoved)
        # A header the part doesn't have would otherwise be the previous part's.
        self._blank_missing_headers_and_footers(first)
        _start_on_new_page(first)
        for target, _ in pairs:
            _continue_numbering(target)
        self._bookmark(appended, del_.bogmaerke(index))
        self._end_part(appended, section, last=last)
        if del_.niveau == 0:
            self.paper_section = section

    def append_placeholder(self, del_: Del, index: int, pages: int, *, last: bool) -> None:
        """Pages in place of a bilag Word can't hold: its title and its file name,
        then blank pages up to `pages`, the bilag's own count (samlet.pdf puts its
        pages there).

        It takes the page setup, header and footer of its punkt's paper (the last
        agenda or punkt before it; its header `del_.hoved` if given): a Word bilag
        before it would give its own footer to the pages of the next bilag.
        """

        count_before = len(self.body)
        heading = self.base.add_paragraph(del_.titel)
        if any(style.name == "Heading 1" for style in self.base.styles):
            heading.style = self.base.styles["Heading 1"]
        else:
            for run in heading.runs:
                run.bold = True
        self.base.add_paragraph(_placeholder_note(del_, pages))
        for page in range(2, pages + 1):
            _reserve_page(self.base.add_paragraph(), del_, page, pages)
        paper = self.paper_section if self.paper_section is not None else self.previous_section
        section = deepcopy(paper)
        if del_.hoved:
            self._set_running_header([section], del_.hoved)
        _start_on_new_page(section)
        _continue_numbering(section)
        appended = self._elements_since(count_before)
        self._bookmark(appended, del_.bogmaerke(index))
        self._end_part(appended, section, last=last)

    def _bookmark(self, elements: Sequence[Any], name: str) -> None:
        """A bookmark `name` around the start of the part's first paragraph."""
        from docx.oxml import parse_xml
        from docx.oxml.ns import nsdecls, qn

        paragraph = next((p for el in elements for p in el.iter(qn("w:p"))), None)
        if paragraph is None:
            return
        self.bookmarks += 1
        ident = 100_000 + self.bookmarks  # clear of the parts' own bookmark ids
        start = parse_xml(f'<w:bookmarkStart {nsdecls("w")} w:id="{ident}" w:name="{name}"/>')
        end = parse_xml(f'<w:bookmarkEnd {nsdecls("w")} w:id="{ident}"/>')
        properties = paragraph.find(qn("w:pPr"))
        position = 0 if properties is None else list(paragraph).index(properties) + 1
        paragraph.insert(position, start)
        paragraph.insert(position + 1, end)

    def _set_running_header(self, sections: Sequence[Any], text: str) -> None:
        """Every page of `sections` gets the header `text` (one header part per text)."""
        from docx.oxml.ns import qn

        if text not in self.headers:
            from docx.opc.constants import RELATIONSHIP_TYPE as RT
            from docx.parts.hdrftr import HeaderPart

            part = HeaderPart.new(self.base.part.package)
            paragraph = part.element.find(qn("w:p"))
            paragraph.getparent().remove(paragraph)
            header = _header_paragraph(part, text)
            part.element.append(header)
            self.headers[text] = self.base.part.relate_to(part, RT.HEADER)
        rid = self.headers[text]
        for section in sections:
            for reference in section.findall(qn("w:headerReference")):
                section.remove(reference)
            kinds = ["default", "first"] if section.titlePg_val else ["default"]
            for kind in kinds:
                section.insert(0, _reference("w:headerReference", kind, rid))

    def finish(self) -> WordDocument:
        self._drop_unused_headers_and_footers()
        self.composer.renumbering = True
        self.composer.renumber_docpr_ids()
        self.composer.renumber_nvpicpr_ids()
        return self.base

    def _elements_since(self, count_before: int) -> list[Any]:
        """The body elements added since it had `count_before` (its sectPr stays last)."""
        return list(self.body[count_before - 1 : -1])

    def _end_part(self, elements: Sequence[Any], section: Any, *, last: bool) -> None:
        """Ends a part's section with `section`, in the part's last paragraph.

        An empty paragraph is added only when the part ends in something else (a
        table), so a part that fills its last page doesn't get a blank one.
        """
        from docx.oxml.ns import qn

        self.previous_section = section
        if last:
            self.body.replace(self.body.sectPr, section)
            return
        paragraph = elements[-1] if elements else None
        if (
            paragraph is None
            or paragraph.tag != qn("w:p")
            or paragraph.find(f"{qn('w:pPr')}/{qn('w:sectPr')}") is not None
        ):
            paragraph = self.base.add_paragraph()._p
        paragraph.get_or_add_pPr()._insert_sectPr(section)

    def _take_headers_and_footers(
        self, section: Any, source: Any, document: WordDocument, copied: dict[str, str]
    ) -> None:
        """Gives `section` copies of the headers and footers `source` has in `document`.

        `copied` maps the rIds of `document` already copied to theirs in the packet.
        """
        from docx.oxml.ns import qn

        for reference in _references(section):
            section.remove(reference)
        if source is None:
            return
        for position, reference in enumerate(_references(source)):
            reference = deepcopy(reference)
            rid = reference.get(qn("r:id"))
            if rid not in copied:
                copied[rid] = self._copy_header_or_footer(document.part.rels[rid])
            reference.set(qn("r:id"), copied[rid])
            section.insert(position, reference)

    def _copy_header_or_footer(self, relationship: Any) -> str:
        """Copies one header or footer part into the packet; returns its new rId.

        Its PAGE and NUMPAGES stay: in the packet they count the packet's pages.
        """
        from docx.opc.constants import RELATIONSHIP_TYPE as RT
        from docx.oxml.ns import qn
        from docx.parts.hdrftr import FooterPart, HeaderPart
        from docxcompose.image import ImageWrapper

        source: Part = relationship.target_part
        is_header = relationship.reltype == RT.HEADER
        package = self.base.part.package
        part_class = HeaderPart if is_header else FooterPart
        partname = package.next_partname(
            "/word/header%d.xml" if is_header else "/word/footer%d.xml"
        )
        element = deepcopy(source.element)  # type: ignore[attr-defined]
        part = part_class(partname, source.content_type, element, package)

        new_rids: dict[str, str] = {}
        for rid, rel in source.rels.items():
            if rel.reltype == RT.IMAGE and not rel.is_external:
                # As docxcompose does for the body: one image part per picture.
                images = package.image_parts
                image = images._get_by_sha1(rel.target_part.sha1) or images._add_image_part(
                    ImageWrapper(rel.target_part)
                )
                new_rids[rid] = part.relate_to(image, RT.IMAGE)
            else:
                new_rids[rid] = self.composer.add_relationship(source, part, rel).rId
        r_namespace = qn("r:id")[: -len("id")]
        for node in element.iter():
            for name, value in list(node.attrib.items()):
                if name.startswith(r_namespace) and value in new_rids:
                    node.set(name, new_rids[value])
        return self.base.part.relate_to(part, relationship.reltype)

    def _blank_missing_headers_and_footers(self, section: Any) -> None:
        from docx.oxml.ns import qn

        kinds = ["default"]
        if section.titlePg_val:
            kinds.append("first")
        for tag in ("w:headerReference", "w:footerReference"):
            present = {r.get(qn("w:type")) for r in section.findall(qn(tag))}
            for kind in kinds:
                if kind not in present:
                    reference = _reference(tag, kind, self._blank_part(tag))
                    section.insert(0, reference)

    def _blank_part(self, tag: str) -> str:
        """The rId of the packet's empty header (or footer), made the first time."""
        from docx.opc.constants import RELATIONSHIP_TYPE as RT
        from docx.parts.hdrftr import FooterPart, HeaderPart

        if tag not in self.blank:
            package = self.base.part.package
            if tag == "w:headerReference":
                self.blank[tag] = self.base.part.relate_to(HeaderPart.new(package), RT.HEADER)
            else:
                self.blank[tag] = self.base.part.relate_to(FooterPart.new(package), RT.FOOTER)
        return self.blank[tag]

    def _drop_unused_headers_and_footers(self) -> None:
        """The base's own headers and footers, unless a section still points at them."""
        from docx.opc.constants import RELATIONSHIP_TYPE as RT
        from docx.oxml.ns import qn

        used = {
            ref.get(qn("r:id"))
            for ref in self.body.iter(qn("w:headerReference"), qn("w:footerReference"))
        }
        rels = self.base.part.rels
        for rid in [r for r, rel in rels.items() if rel.reltype in (RT.HEADER, RT.FOOTER)]:
            if rid not in used:
                rels.pop(rid)


@functools.cache
def _composer_class() -> type:
    """docxcompose's Composer without its quadratic work, giving the same packet.

    - `add_styles` takes the packet's style ids from a set built once per appended
      part and kept up to date, where docxcompose 2.2 lists every style of the
      packet anew for each body element (about 2,600 of them in a packet of 60
      parts, each listing hundreds of styles): the upstream fix in
      notes/docxcompose-add_styles.patch.
    - Bookmarks, drawings and pictures are numbered through the whole packet once,
      not after every part (`renumbering`, set by `_Packet`): the numbers depend on
      the elements' order only, so numbering once at the end gives the same ones.
    - `insert` calls each of docxcompose's per-element steps (parts, styles,
      numbering, images, diagrams, shapes, footnotes, header references) only for
      an element that holds what the step looks for, found in one walk of it.
    """
    from docx.oxml.section import CT_SectPr
    from docxcompose.composer import Composer
    from docxcompose.properties import CustomProperties
    from docxcompose.utils import NS, xpath

    def tag(prefix: str, name: str) -> str:
        return f"{{{NS[prefix]}}}{name}"

    _R_ID = tag("r", "id")
    _STYLE_TAGS = frozenset(tag("w", t) for t in ("tblStyle", "pStyle", "rStyle"))
    _NUM_ID = tag("w", "numId")
    _P_STYLE = tag("w", "pStyle")
    _VAL = tag("w", "val")
    _IMAGE_TAGS = frozenset({tag("a", "blip"), tag("asvg", "svgBlip")})
    _DIAGRAM = tag("dgm", "relIds")
    _IMAGEDATA = tag("v", "imagedata")
    _FOOTNOTE_REFERENCE = tag("w", "footnoteReference")
    _HEADER_FOOTER_REFERENCES = frozenset(
        {tag("w", "headerReference"), tag("w", "footerReference")}
    )

    class FastComposer(Composer):
        renumbering = True
        _our_style_ids: set[str] | None = None
        _name2id: dict[str | None, str] | None = None
        _style_facts: dict[str, tuple[bool, bool]] | None = None

        def insert(self, index: int, doc: Any, remove_property_fields: bool = True) -> None:
            # docxcompose 2.2's insert, each add_* step called only for an element
            # holding what the step looks for (one walk of the element instead of
            # about ten XPath queries, each compiled anew): the steps it skips would
            # have found nothing and changed nothing.
            self.reset_reference_mapping()
            self._current_preserved_styles: dict[str, str] = {}
            if remove_property_fields:
                cprops = CustomProperties(doc)
                for name in cprops.keys():  # noqa: SIM118 (no dict, no __iter__)
                    cprops.dissolve_fields(name)
            self._create_style_id_mapping(doc)
            self.retain_formatting_from_default_styles(doc)
            body = self.doc.element.body
            for element in doc.element.body:
                if isinstance(element, CT_SectPr):
                    continue
                element = deepcopy(element)
                body.insert(index, element)
                tags = set()
                relations = False
                for node in element.iter():
                    tags.add(node.tag)
                    if not relations and _R_ID in node.attrib:
                        relations = True
                if relations:
                    self.add_referenced_parts(doc.part, self.doc.part, element)
                if not tags.isdisjoint(_STYLE_TAGS):
                    self.add_styles(doc, element)
                if _NUM_ID in tags:
                    self.add_numberings(doc, element)
                if _P_STYLE in tags:
                    self._restart_first_numbering(doc, element, _NUM_ID in tags)
                if not tags.isdisjoint(_IMAGE_TAGS):
                    self.add_images(doc, element)
                if _DIAGRAM in tags:
                    self.add_diagrams(doc, element)
                if _IMAGEDATA in tags:
                    self.add_shapes(doc, element)
                if _FOOTNOTE_REFERENCE in tags:
                    self.add_footnotes(doc, element)
                if not tags.isdisjoint(_HEADER_FOOTER_REFERENCES):
                    self.remove_header_and_footer_references(doc, element)
                index += 1
            self.add_styles_from_other_parts(doc)
            self.renumber_bookmarks()
            self.renumber_docpr_ids()
            self.renumber_nvpicpr_ids()
            self.fix_section_types(doc)
            self.fix_header_and_footers(doc)

        def _next_numbering_ids(self) -> tuple[int, int]:
            # docxcompose's, the packet's numIds read by one XPath rather than through
            # python-docx's attribute of every w:num (for every part with a list): the
            # same ids; a w:num without its numId still fails as there.
            element = self.numbering_part().element
            nums = element.xpath(".//w:num")
            ids = element.xpath(".//w:num/@w:numId")
            if len(ids) != len(nums):
                return cast("tuple[int, int]", super()._next_numbering_ids())
            abstract = element.xpath(".//w:abstractNum/@w:abstractNumId")
            return (
                max((int(i) for i in ids), default=0) + 1,
                max((int(i) for i in abstract), default=-1) + 1,
            )

        def _create_style_id_mapping(self, doc: Any) -> None:
            # docxcompose's mapping, the packet's side of it kept up to date as styles
            # are added rather than read anew for each part.
            self._style_id2name = {s.style_id: s.name for s in doc.styles}
            if self._name2id is None:
                self._name2id = {s.name: s.style_id for s in self.doc.styles}
            self._style_name2id = self._name2id
            self._our_style_ids = None  # the packet's styles, read once per part
            self._abstract_numbering: dict[tuple[str, str], tuple[int, int] | None] = {}

        def _restart_first_numbering(self, doc: Any, element: Any, local_num_id: bool) -> None:
            """docxcompose's restart_first_numbering, skipped where it would return
            at once: its paragraph style is a heading (outlineLvl) or, with no numId
            of the paragraph's own, a style without numbering. What a style of the
            packet has is looked up once (styles are only ever added)."""
            if not self.restart_numbering:
                return
            style_id = next(
                (v for p in element.iter(_P_STYLE) if (v := p.get(_VAL)) is not None),
                None,
            )
            if style_id is None or style_id in self._numbering_restarted:
                return
            if self._style_facts is None:
                self._style_facts = {}
            facts = self._style_facts.get(style_id)
            if facts is None:
                style_element = self.doc.styles.element.get_by_id(style_id)
                if style_element is None:
                    return
                facts = (
                    bool(xpath(style_element, ".//w:outlineLvl")),
                    bool(xpath(style_element, ".//w:numId/@w:val")),
                )
                self._style_facts[style_id] = facts
            outline, numbered = facts
            if outline or (not local_num_id and not numbered):
                return
            self.restart_first_numbering(doc, element)

        def our_style_ids(self) -> set[str]:
            if self._our_style_ids is None:
                self._our_style_ids = {s.style_id for s in self.doc.styles}
            return self._our_style_ids

        def _add_style_element(self, style_element: Any) -> None:
            from docx.styles.style import StyleFactory

            self.doc.styles.element.append(style_element)
            self.our_style_ids().add(style_element.styleId)
            if self._name2id is not None:
                style = StyleFactory(style_element)
                self._name2id[style.name] = style.style_id

        def add_styles(self, doc: Any, element: Any) -> None:
            # docxcompose 2.2's add_styles with its style-id list built once (see
            # the patch); preserve_styles, which the packet never uses, left out.
            if self.preserve_styles:
                super().add_styles(doc, element)
                return
            our_style_ids = self.our_style_ids()
            tags = ".//w:tblStyle|.//w:pStyle|.//w:rStyle"
            used_style_ids = list(dict.fromkeys(e.val for e in xpath(element, tags)))
            for style_id in used_style_ids:
                our_style_id = self.mapped_style_id(style_id)
                if our_style_id not in our_style_ids:
                    style_element = deepcopy(doc.styles.element.get_by_id(style_id))
                    if style_element is not None:
                        self._add_style_element(style_element)
                        self.add_numberings(doc, style_element)
                        self.add_linked_styles(doc, style_element)
                else:
                    self._map_abstract_numbering(doc, style_id, our_style_id)
                if our_style_id != style_id and our_style_id is not None:
                    for el in xpath(
                        element,
                        f'.//w:tblStyle[@w:val="{style_id}"]|.//w:pStyle[@w:val="{style_id}"]'
                        f'|.//w:rStyle[@w:val="{style_id}"]',
                    ):
                        el.val = our_style_id

        def _map_abstract_numbering(self, doc: Any, style_id: str, our_style_id: str) -> None:
            """docxcompose's mapping of a style's abstractNumId to the packet's, found
            once per style and part (neither's numbering changes meanwhile) and set
            again on each call, as docxcompose does."""
            key = (style_id, our_style_id)
            if key not in self._abstract_numbering:
                self._abstract_numbering[key] = self._find_abstract_numbering(
                    doc, style_id, our_style_id
                )
            found = self._abstract_numbering[key]
            if found is not None:
                self.anum_id_mapping[found[0]] = found[1]

        def _find_abstract_numbering(
            self, doc: Any, style_id: str, our_style_id: str
        ) -> tuple[int, int] | None:
            style_element = doc.styles.element.get_by_id(style_id)
            if style_element is None:
                return None
            num_ids = xpath(style_element, ".//w:numId/@w:val")
            if not num_ids:
                return None
            anum_ids = xpath(
                doc.part.numbering_part.element,
                f'.//w:num[@w:numId="{num_ids[0]}"]/w:abstractNumId/@w:val',
            )
            if not anum_ids:
                return None
            our_style_element = self.doc.styles.element.get_by_id(our_style_id)
            our_num_ids = xpath(our_style_element, ".//w:numId/@w:val")
            if not our_num_ids:
                return None
            our_anum_ids = xpath(
                self.numbering_part().element,
                f'.//w:num[@w:numId="{our_num_ids[0]}"]/w:abstractNumId/@w:val',
            )
            if not our_anum_ids:
                return None
            return int(anum_ids[0]), int(our_anum_ids[0])

        def add_linked_styles(self, doc: Any, element: Any) -> None:
            linked_style_ids = xpath(element, ".//w:link/@w:val")
            if linked_style_ids:
                linked_style_id = linked_style_ids[0]
                if self.mapped_style_id(linked_style_id) not in self.our_style_ids():
                    linked = doc.styles.element.get_by_id(linked_style_id)
                    if linked is not None:
                        self._add_style_element(deepcopy(linked))

        def renumber_bookmarks(self) -> None:
            if self.renumbering:
                super().renumber_bookmarks()

        def renumber_docpr_ids(self) -> None:
            if self.renumbering:
                super().renumber_docpr_ids()

        def renumber_nvpicpr_ids(self) -> None:
            if self.renumbering:
                super().renumber_nvpicpr_ids()

    return FastComposer


def _references(section: Any) -> list[Any]:
    from docx.oxml.ns import qn

    tags = (qn("w:headerReference"), qn("w:footerReference"))
    return [child for child in section if child.tag in tags]


def _reference(tag: str, kind: str, rid: str) -> Any:
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls

    return parse_xml(f'<{tag} {nsdecls("w", "r")} w:type="{kind}" r:id="{rid}"/>')


def _empty_section() -> Any:
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls

    return parse_xml(f"<w:sectPr {nsdecls('w')}/>")


def _header_paragraph(part: Any, text: str) -> Any:
    """The running header's paragraph, in the packet's Header style if it has one.

    (html.escape, not xml.sax.saxutils.escape, which imports urllib.request, http and
    ssl: a quarter of a second in each process composing a packet.)"""
    from html import escape

    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls

    styles = part.package.main_document_part.styles.element
    style = (
        '<w:pPr><w:pStyle w:val="Header"/></w:pPr>'
        if styles.get_by_id("Header") is not None
        else ""
    )
    run = f'<w:r><w:t xml:space="preserve">{escape(text, quote=False)}</w:t></w:r>'
    return parse_xml(f"<w:p {nsdecls('w')}>{style}{run}</w:p>")


def _start_on_new_page(section: Any) -> None:
    """On a new page (an odd or even page stays as it was)."""
    from docx.enum.section import WD_SECTION_START

    if section.start_type not in (
        WD_SECTION_START.ODD_PAGE,
        WD_SECTION_START.EVEN_PAGE,
    ):
        section.start_type = WD_SECTION_START.NEW_PAGE


def _continue_numbering(section: Any) -> None:
    """Page numbers go on from the part before: no restart at a part's own start value."""
    from docx.oxml.ns import qn

    numbering = section.find(qn("w:pgNumType"))
    if numbering is not None and numbering.get(qn("w:start")) is not None:
        del numbering.attrib[qn("w:start")]


# --- samlet.pdf -----------------------------------------------------------------------

_EXPORT_OPTIONS = {
    "UseTaggedPDF": True,
    "PDFUACompliance": True,
    "DisplayPDFDocumentTitle": True,
    # The outline is the packet's own ("Punkt 2. ...", "Bilag 1 – ..."), made from
    # the parts' titles; LibreOffice's would list every heading under its own text.
    "ExportBookmarks": False,
    # Word bookmarks as named destinations: where each part starts (`_part_starts`),
    # and the contents list's links.
    "ExportBookmarksToPDFDestination": True,
}
PDF_FILTER = "pdf:writer_pdf_Export:" + json.dumps(
    {
        name: {"type": "boolean", "value": str(value).lower()}
        for name, value in _EXPORT_OPTIONS.items()
    },
    separators=(",", ":"),
)
"""`--convert-to` with LibreOffice's tagged PDF/UA export: filter options in the JSON
form LibreOffice reads since 7.4. Calc files take the same options."""


class PdfPakke(NamedTuple):
    """One packet for `make_pdfs`: its parts, the PDF to write, and the samlet.docx
    `compose_docx` wrote of those parts, whose title samlet.pdf takes (else the
    first part's)."""

    dele: Sequence[Del]
    target: Path
    samlet: Path | None = None


def make_pdf(
    dele: Sequence[Del],
    target: Path,
    *,
    samlet: Path | None = None,
    soffice: str | None = None,
    arbejdsmappe: Path | None = None,
    timeout: float | None = None,
) -> Path:
    """Writes the packet as one PDF with a bookmark per part; see `make_pdfs`."""
    (written,) = make_pdfs(
        [PdfPakke(dele, target, samlet)],
        soffice=soffice,
        arbejdsmappe=arbejdsmappe,
        timeout=timeout,
    )
    return written


def make_pdfs(
    pakker: Iterable[PdfPakke | tuple[Sequence[Del], Path]],
    *,
    soffice: str | None = None,
    arbejdsmappe: Path | None = None,
    timeout: float | None = None,
    sider: Mapping[Path, int] | None = None,
) -> list[Path]:
    """Writes each packet as one tagged PDF (PDF/UA); one LibreOffice run in all.

    Each packet's samlet.docx (`compose_docx`; composed here if the packet names
    none) is converted whole, with LibreOffice's tagged PDF/UA export (`PDF_FILTER`),
    so its page numbers ("Side 7 af 40", PAGE and NUMPAGES) and its contents list's
    (PAGEREF) are LibreOffice's own count of the whole packet. .xlsx bilag are
    converted in the same run. A .pdf or .xlsx bilag's pages then take the place of
    the blank pages samlet.docx keeps for it, under samlet.docx's header and footer
    for those pages; its structure tree joins the packet's. An .xlsx of more pages
    than samlet.docx kept (1 until it is converted) has its packet composed and
    converted once more with the right count. Given `sider` ({resolved .xlsx: its
    pages}, from `start_sheet_pages`), with which the packets' samlet.docx were composed,
    the sheets are converted in the same one run as samlet.docx.

    The packet's structure tree has one Part per part (found by the part's bookmark,
    a named destination in the PDF), and its outline one bookmark per part with its
    title, bilag (niveau 1) under the punkt before them. A part without tags (a
    scanned PDF bilag) is joined untagged, and the packet then loses its PDF/UA mark
    (`tilgaengelighed` names the bilag). Each PDF takes the title of its samlet.docx.

    `soffice` defaults to the one on PATH. The conversion happens in a temporary
    folder (inside `arbejdsmappe` if given) with a LibreOffice profile of its own,
    so a LibreOffice the user has open is never disturbed; the folder is removed
    afterwards. `timeout` (seconds) defaults to a minute plus ten seconds a file.

    Raises PakkeError for a missing or unreadable part, a missing LibreOffice, and a
    failed conversion (naming the file). No target is written unless every part of
    every packet converted.
    """
    with start_pdfs(
        pakker, soffice=soffice, arbejdsmappe=arbejdsmappe, timeout=timeout, sider=sider
    ) as job:
        return job.finish()


def start_pdfs(
    pakker: Iterable[PdfPakke | tuple[Sequence[Del], Path]],
    *,
    soffice: str | None = None,
    arbejdsmappe: Path | None = None,
    timeout: float | None = None,
    sider: Mapping[Path, int] | None = None,
    kontor: Kontor | None = None,
    omdannede: Mapping[Path, Path] | None = None,
    bagved: PdfJob | None = None,
) -> PdfJob:
    """`make_pdfs` in two halves: starts LibreOffice converting the packets and
    returns at once; `PdfJob.finish()` waits for it and writes the PDFs. The caller
    does other work meanwhile (LibreOffice takes one core, Python the other).

    Use it as a context manager: leaving it without `finish` (an error, Ctrl-C)
    ends LibreOffice and removes its folder. With `kontor`, the LibreOffice it
    keeps running converts (see `Kontor`); else one of the job's own, with a profile
    of its own (a second run, for a sheet of more pages, reuses it).
    `omdannede` ({resolved .xlsx: its PDF}) are sheets converted already, from the
    very same files (`SheetJob.pdfs`): used as they are. `bagved`: a job sent to the
    same `kontor` before, which this one waits behind: its time limit is added.
    """
    packets = [PdfPakke(*pakke) for pakke in pakker]
    # Each file once, under the path it was first given as (for messages).
    files: dict[Path, Path] = {}
    for packet in packets:
        if not packet.dele:
            raise ValueError("a packet needs at least one part")
        for del_ in packet.dele:
            files.setdefault(del_.fil.resolve(), del_.fil)
    _check_files(files.values())
    program = _find_soffice(soffice)
    pdfs = {given: given for given in files.values() if given.suffix.lower() == PDF}
    _read_pdfs(pdfs)
    sheets = {g: g for g in files.values() if g.suffix.lower() == XLSX}
    if arbejdsmappe is not None:
        arbejdsmappe.mkdir(parents=True, exist_ok=True)
    temp = tempfile.TemporaryDirectory(prefix="dagsorden-pdf-", dir=arbejdsmappe)
    job = PdfJob(packets, files, pdfs, temp)
    try:
        folder = Path(temp.name)
        job.folder = folder
        job.program, job.timeout, job.kontor = program, timeout, kontor
        job.profile = folder / "profil"
        # The pages samlet.docx keeps for each sheet: as counted, else 1 (most are one
        # page); `finish` composes and converts once more if a sheet has other.
        job.sider = {s.resolve(): (sider or {}).get(s.resolve(), 1) for s in sheets}
        samlede = []
        names: dict[Path, Path] = {}  # in messages: a packet composed here by its target
        for n, packet in enumerate(packets):
            if packet.samlet is None:
                composed = compose_docx(packet.dele, folder / f"samlet-{n}.docx", sider=job.sider)
                samlede.append(composed)
                names[composed] = packet.target
            else:
                samlede.append(packet.samlet)
        job.samlede = samlede
        job.given = {names.get(s, s): s for s in samlede}
        ready = omdannede or {}
        job.converted = {g: ready[g.resolve()] for g in sheets if g.resolve() in ready}
        job.sheets = {g: g for g in sheets if g not in job.converted}
        # samlet.docx and the sheets not yet converted in one run.
        run = {**job.given, **job.sheets}
        queued = bagved.conversion.timeout if bagved and bagved.conversion else 0.0
        job.conversion = _Conversion(
            program, run, folder / "samlet", timeout, job.profile, kontor, venter=queued
        )
    except BaseException:
        job.cancel()
        raise
    return job


class _Bakgrundsjob:
    """A LibreOffice conversion going on in the background and the folder it writes in:
    used as a context manager, so LibreOffice is ended and the folder removed however
    the build ends (an error, Ctrl-C)."""

    conversion: _Conversion | None
    temp: tempfile.TemporaryDirectory[str] | None

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *_: object) -> None:
        self.cancel()

    def cancel(self) -> None:
        """Ends LibreOffice if it still runs and removes the conversion's folder."""
        if self.conversion is not None:
            self.conversion.kill()
            self.conversion = None
        if self.temp is not None:
            self.temp.cleanup()
            self.temp = None


class PdfJob(_Bakgrundsjob):
    """The packets' conversion going on in the background (see `start_pdfs`)."""

    def __init__(
        self,
        packets: list[PdfPakke],
        files: dict[Path, Path],
        pdfs: dict[Path, Path],
        temp: tempfile.TemporaryDirectory[str],
    ) -> None:
        self.packets = packets
        self.files = files
        self.pdfs = pdfs
        self.temp: tempfile.TemporaryDirectory[str] | None = temp
        self.samlede: list[Path] = []
        self.given: dict[Path, Path] = {}
        self.sheets: dict[Path, Path] = {}
        self.converted: dict[Path, Path] = {}
        self.sider: dict[Path, int] = {}
        self.conversion: _Conversion | None = None
        self.folder = Path()
        self.program = ""
        self.timeout: float | None = None
        self.profile: Path | None = None
        self.kontor: Kontor | None = None

    def finish(self) -> list[Path]:
        """Waits for LibreOffice, then writes each packet's PDF (see `make_pdfs`)."""
        assert self.conversion is not None, "finish() once, after start_pdfs"
        try:
            results = self.conversion.wait()
            self.conversion = None
            _read_pdfs({name: results[name] for name in {**self.given, **self.sheets}})
            documents = {self.given[name]: results[name] for name in self.given}
            converted = self.converted | {sheet: results[sheet] for sheet in self.sheets}
            documents |= self._again_with_the_sheets_pages(converted)
            pdfs = self.pdfs | converted
            by_part = {
                resolved: pdfs[given] for resolved, given in self.files.items() if given in pdfs
            }
            written = []
            for packet, samlet in zip(self.packets, self.samlede, strict=True):
                # One packet at a time: only its PDFs are open (pages' data is copied
                # from every PDF read from on saving).
                opened: list[Pdf] = []
                try:
                    pdf = _finish(
                        packet.dele,
                        documents[samlet],
                        by_part,
                        _docx_title(samlet),
                        opened,
                    )
                    written.append(
                        write_atomically(
                            packet.target, functools.partial(_save, pdf), overwrite=True
                        )
                    )
                finally:
                    for opened_pdf in opened:
                        opened_pdf.close()
            return written
        finally:
            self.cancel()

    def _again_with_the_sheets_pages(self, converted: Mapping[Path, Path]) -> dict[Path, Path]:
        """{samlet.docx: its new PDF} for each packet whose samlet.docx kept another
        number of pages for a sheet than the sheet has: composed once more with the
        sheets' own counts and converted again (a second LibreOffice run)."""
        pages = {sheet.resolve(): _page_count(pdf) for sheet, pdf in converted.items()}
        if pages == self.sider:
            return {}
        again = [
            (packet, samlet)
            for packet, samlet in zip(self.packets, self.samlede, strict=True)
            if any(
                d.kind == XLSX and pages[d.fil.resolve()] != self.sider[d.fil.resolve()]
                for d in packet.dele
            )
        ]
        for packet, samlet in again:
            compose_docx(packet.dele, samlet, sider=pages)
        redone = {samlet for _, samlet in again}
        run = {name: samlet for name, samlet in self.given.items() if samlet in redone}
        self.conversion = _Conversion(
            self.program,
            run,
            self.folder / "igen",
            self.timeout,
            self.profile,
            self.kontor,
        )
        results = self.conversion.wait()
        self.conversion = None
        _read_pdfs(results)
        return {samlet: results[name] for name, samlet in run.items()}


def start_sheet_pages(
    files: Iterable[Path],
    *,
    soffice: str | None = None,
    arbejdsmappe: Path | None = None,
    timeout: float | None = None,
    kontor: Kontor | None = None,
) -> SheetJob:
    """{resolved .xlsx: its pages as LibreOffice prints it}, counted in the
    background: what `compose_docx` keeps for each in samlet.docx (its `sider`);
    `SheetJob.result()` waits for it, `SheetJob.pdfs` are the sheets' PDFs. Use it
    as a context manager (leaving it ends LibreOffice and removes its folder);
    `kontor` as for `start_pdfs`."""
    sheets = {f: f for f in files if f.suffix.lower() == XLSX}
    if not sheets:
        return SheetJob(None, None)
    _check_files(sheets)
    program = _find_soffice(soffice)
    if arbejdsmappe is not None:
        arbejdsmappe.mkdir(parents=True, exist_ok=True)
    temp = tempfile.TemporaryDirectory(prefix="dagsorden-ark-", dir=arbejdsmappe)
    try:
        folder = Path(temp.name)
        conversion = _Conversion(program, sheets, folder, timeout, kontor=kontor)
    except BaseException:
        temp.cleanup()
        raise
    return SheetJob(conversion, temp)


class SheetJob(_Bakgrundsjob):
    """The sheets' conversion going on in the background (see `start_sheet_pages`)."""

    def __init__(
        self,
        conversion: _Conversion | None,
        temp: tempfile.TemporaryDirectory[str] | None,
    ) -> None:
        self.conversion = conversion
        self.temp = temp
        self.pages: dict[Path, int] | None = None if conversion is not None else {}
        self.pdfs: dict[Path, Path] = {}
        """{resolved .xlsx: its PDF}, kept until the job is left: a packet with the
        same files needs no second conversion of them (`start_pdfs`' `omdannede`)."""

    def running(self) -> bool:
        """Whether LibreOffice is still counting (`result` would wait)."""
        return self.conversion is not None and self.conversion.running()

    def result(self) -> dict[Path, int]:
        """{resolved .xlsx: its pages}, once LibreOffice is done."""
        if self.pages is None:
            assert self.conversion is not None
            try:
                converted = self.conversion.wait()
                self.conversion = None
                _read_pdfs(converted)
                self.pdfs = {s.resolve(): pdf for s, pdf in converted.items()}
                self.pages = {s: _page_count(pdf) for s, pdf in self.pdfs.items()}
            except BaseException:
                self.cancel()
                raise
        return self.pages


def _page_count(path: Path) -> int:
    import pikepdf

    with pikepdf.open(path) as pdf:
        return len(pdf.pages)


def _docx_title(samlet: Path | None) -> str:
    """The title of a Word file (docProps/core.xml), or ""."""
    if samlet is None:
        return ""
    from lxml import etree

    # docProps/core.xml alone: opening the whole packet for it would parse every part.
    with zipfile.ZipFile(samlet) as package:
        try:
            core = package.read("docProps/core.xml")
        except KeyError:
            return ""
    title = etree.fromstring(core).find("{http://purl.org/dc/elements/1.1/}title")
    return (title.text or "") if title is not None else ""


def _find_soffice(soffice: str | None) -> str:
    program = soffice or shutil.which("soffice")
    if program is None:
        raise PakkeError(
            "LibreOffice (soffice) mangler, så mødepakken kan ikke laves som PDF. "
            "Installér det med scripts/ensure-libreoffice (eller pakkerne "
            "libreoffice-writer-nogui og libreoffice-calc-nogui), og prøv igen."
        )
    return program


def _convert(
    program: str,
    files: Mapping[Path, Path],
    folder: Path,
    timeout: float | None,
    profile: Path | None = None,
    kontor: Kontor | None = None,
) -> dict[Path, Path]:
    """Converts `files` ({name in messages: file}) to tagged PDF in one LibreOffice
    run; returns {name: its PDF}."""
    if not files:
        return {}
    return _Conversion(program, files, folder, timeout, profile, kontor).wait()


def copy_sheet_for_print(source: Path, copy: Path) -> None:
    """Copies a workbook to be printed from `copy`, its header and footer printing what
    they would from `source`: a header's `&F` (the file's name) is `source`'s name, and
    its `&Z` (the folder; LibreOffice prints the whole path) prints nothing: it would
    print the build's folder, and with it the user's own folders, in a published
    samlet.pdf. Every XML part of the workbook with a header or footer is looked at,
    whatever it is called, its texts read by a parser (CDATA and references alike).
    A workbook that can't be read this way is copied as it is (LibreOffice and the
    build's checks say what is wrong with it)."""
    from dagsorden.zipcheck import OfficeFileError, open_office_zip, read_part

    data = source.read_bytes()
    try:
        infos = open_office_zip(data, "Excel-arbejdsbog (.xlsx)")
        changed = {}
        for info in infos:
            if info.filename.lower().endswith(".xml") and not info.is_dir():
                part = read_part(data, info)
                if b"Header" in part or b"Footer" in part:
                    printed = _printed_headers(part, source.name)
                    if printed is not None:
                        changed[info.filename] = printed
    except (OfficeFileError, zipfile.BadZipFile):
        changed = {}
    if not changed:
        copy.write_bytes(data)
        return
    with zipfile.ZipFile(io.BytesIO(data)) as original, zipfile.ZipFile(copy, "w") as target:
        for info in original.infolist():
            target.writestr(info, changed.get(info.filename) or original.read(info))


_HEADERS_AND_FOOTERS = frozenset(
    f"{page}{kind}" for page in ("odd", "even", "first") for kind in ("Header", "Footer")
)
_PATH_AND_NAME_CODES = re.compile(r"&(&|[ZzFf])")


def _printed_headers(part: bytes, name: str) -> bytes | None:
    """The part with its headers' and footers' `&Z` left out and `&F` the name (`&&`,
    an ampersand printed, stays); None if that changes nothing, or the part is no
    XML (LibreOffice says so)."""
    from lxml import etree

    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)
    try:
        root = etree.fromstring(part, parser)
    except etree.XMLSyntaxError:
        return None
    changed = False
    for element in root.iter("{*}*"):
        if etree.QName(element).localname in _HEADERS_AND_FOOTERS and element.text:
            printed = _PATH_AND_NAME_CODES.sub(
                lambda code: {"&": "&&", "F": name.replace("&", "&&")}.get(
                    code.group(1).upper(), ""
                ),
                element.text,
            )
            if printed != element.text:
                element.text = printed
                changed = True
    if not changed:
        return None
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


class _Conversion:
    """One LibreOffice run converting `files` ({name in messages: file}) to tagged
    PDF, started at once; `wait()` returns {name: its PDF}, `kill()` ends it.

    The files are copied in under numbered names first: two parts both called
    "indstilling.docx" in different folders would otherwise both become
    "indstilling.pdf".
    """

    def __init__(
        self,
        program: str,
        files: Mapping[Path, Path],
        folder: Path,
        timeout: float | None,
        profile: Path | None = None,
        kontor: Kontor | None = None,
        venter: float = 0.0,
    ) -> None:
        """`venter`: seconds it may wait for another conversion sent to `kontor`
        first, on top of its own time limit."""
        import time

        self.files = dict(files)
        self.process: subprocess.Popen[str] | None = None
        self.results: dict[Path, Path] = {}
        if kontor is not None and not kontor.brugbar():
            kontor = None  # it died: this conversion starts a LibreOffice of its own
        self.program, self.folder, self.kontor = program, folder, kontor
        if timeout is None:
            timeout = LIBREOFFICE_START_TIMEOUT + LIBREOFFICE_TIMEOUT_PER_FILE * len(files)
        self.timeout = timeout
        if not files:
            return
        inbox, outbox = folder / "ind", folder / "ud"
        if kontor is not None:
            profile = kontor.profil  # the request goes to the LibreOffice kept running
        profile = profile or folder / "profil"  # one profile for runs in a row: a faster start
        if kontor is None and not profile.exists():
            from dagsorden.byg import libreoffice

            libreoffice.seed(profile, program)
        folder.mkdir(exist_ok=True)
        inbox.mkdir()
        outbox.mkdir()
        copies = []
        for number, source in enumerate(files.values(), start=1):
            copy = inbox / f"{number:04d}{source.suffix.lower()}"
            if copy.suffix == XLSX:
                copy_sheet_for_print(source, copy)
            else:
                shutil.copyfile(source, copy)
            copies.append(copy)
        command = [
            program,
            f"-env:UserInstallation={profile.resolve().as_uri()}",
            "--headless",
            "--norestore",
            "--convert-to",
            PDF_FILTER,
            "--outdir",
            str(outbox.resolve()),  # absolute: a LibreOffice kept running has its own
            *(str(c.resolve()) for c in copies),  # working folder
        ]
        if kontor is not None:
            command = kontor.naar_klar(command)
        self.deadline = time.monotonic() + timeout + (venter if kontor is not None else 0.0)
        self.results = {
            name: outbox / f"{copy.stem}.pdf" for name, copy in zip(files, copies, strict=True)
        }
        self.process = _start(command)

    def running(self) -> bool:
        """Whether LibreOffice still works on (or waits to start) this conversion."""
        return self.process is not None and self.process.poll() is None

    def kill(self) -> None:
        if self.process is not None:
            _kill_group(self.process)
            self.process.communicate()  # and its output pipe closed
            self.process = None

    def wait(self) -> dict[Path, Path]:
        import time

        if self.process is None:
            return self.results
        try:
            returncode, output = _run(
                [], max(0.0, self.deadline - time.monotonic()), started=self.process
            )
        finally:
            self.process = None
        missing = [name for name, pdf in self.results.items() if not pdf.is_file()]
        if returncode is None:
            reason = f"LibreOffice blev ikke færdig med filen på {self.timeout:g} sekunder"
        elif returncode != 0 or missing:
            if self.kontor is not None:
                # The LibreOffice kept running died (or failed): once more with one of
                # this conversion's own, and no more requests to that one.
                self.kontor.opgiv()
                alone = self.folder.with_name(f"{self.folder.name}-alene")
                return _Conversion(self.program, self.files, alone, self.timeout).wait()
            reason = f"LibreOffice kunne ikke lave filen om til PDF (slutkode {returncode})"
        else:
            return self.results
        # Files LibreOffice did convert are not to blame; without any, all of them may be.
        failed = missing or list(self.files)
        lines = [f"{fil}: {reason}." for fil in failed]
        # (Not its start-up notice that Java can't be found: dagsorden needs no Java.)
        said = [line for line in output.strip().splitlines() if "javaldx" not in line]
        lines += [f"  {line}" for line in said[-3:]]
        raise PakkeError("\n".join(lines), failed)


class Kontor:
    """A LibreOffice kept running through a build, so its conversions skip the start.

    Starting LibreOffice costs about a second, most of a short conversion; a build
    converts three times (the .xlsx bilag, then each set's samlet.docx). So the build
    starts one LibreOffice at once, beside Python's rendering, with a private profile
    and an empty text file open: `soffice --convert-to` with the same profile then
    hands its files to the running one, which converts them and stays (without a
    document open it would end after the first). Requests wait until it is up (the
    open file's lock file shows it): one sent earlier would race it for the profile.

    If it dies, or does not come up in KONTOR_VENTETID, a conversion runs on its own
    as before: slower, never wrong. Use it as a context manager: leaving it ends
    LibreOffice; its folder goes with the caller's."""

    def __init__(self, soffice: str | None, folder: Path, *, eget: bool = False) -> None:
        """Starts LibreOffice with its profile in `folder`; `eget`: the folder is
        the Kontor's own, removed when it stops."""
        from dagsorden.byg import libreoffice

        program = _find_soffice(soffice)
        folder.mkdir(parents=True, exist_ok=True)
        self.folder = folder if eget else None
        self.profil = folder / "profil"
        # On a copy of a ready profile, else an empty one, while the ready one is made.
        self.maker = (
            None
            if libreoffice.seed(self.profil, program)
            else (libreoffice.ProfilMaker(program, _start))
        )
        aaben = folder / "aaben.txt"
        aaben.write_bytes(b"")
        self._laas = folder / f".~lock.{aaben.name}#"
        self.process: subprocess.Popen[str] | None = _start(
            [
                program,
                f"-env:UserInstallation={self.profil.resolve().as_uri()}",
                "--headless",
                "--norestore",
                str(aaben),
            ],
            env=libreoffice.environment(folder / "tmp"),
        )

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *_: object) -> None:
        self.stop()

    def brugbar(self) -> bool:
        """Whether it still runs (or starts): requests may go to it."""
        return self.process is not None and self.process.poll() is None

    def opgiv(self) -> None:
        """Ends it (a conversion sent to it failed): the build's later conversions
        each start their own. Its folder stays until `stop`."""
        from dagsorden.byg import libreoffice

        if self.process is not None:
            pipes = libreoffice.pipes_of(self.process.pid)
            _kill_group(self.process)
            self.process.communicate()
            libreoffice.remove_pipes(pipes)
            self.process = None

    def klar(self) -> bool:
        """Whether it runs and has its document open, so it takes requests now."""
        return self.process is not None and self.process.poll() is None and self._laas.exists()

    def naar_klar(self, command: Sequence[str]) -> list[str]:
        """`command` (a `soffice --convert-to`), started at once but run only when
        this LibreOffice takes requests, or has died, or after KONTOR_VENTETID: a
        shell waits for the open file's lock file first. So the request never races
        the LibreOffice starting for the profile, and no Python thread waits for it
        (a forked process must see one thread)."""
        if self.klar() or self.process is None or os.name != "posix":
            return list(command)
        tries = max(1, round(KONTOR_VENTETID / 0.02))
        script = (
            'i=0; while [ ! -e "$1" ] && kill -0 "$2" 2>/dev/null && [ "$i" -lt "$3" ]; '
            'do sleep 0.02; i=$((i+1)); done; shift 3; exec "$@"'
        )
        return ["/bin/sh", "-c", script, "sh", str(self._laas), str(self.process.pid),
                str(tries), *command]  # fmt: skip

    def stop(self) -> None:
        # Its pipe in /tmp is found before, and removed after: SIGKILL leaves it.
        self.opgiv()
        if self.maker is not None:
            self.maker.finish()
            self.maker = None
        if self.folder is not None:
            shutil.rmtree(self.folder, ignore_errors=True)
            self.folder = None


@contextlib.contextmanager
def libreoffice_i_forvejen(pdf: bool) -> Iterator[Kontor | None]:
    """For `byg --pdf`: a LibreOffice started at once, before the meeting is read
    (and before the modules that read and write it are imported), to give the
    build's plan (its `kontor`), so it is up sooner; ended on leaving. None
    without --pdf, or when LibreOffice can't be started here: then the build
    starts its own, and says what is wrong where it always did."""
    if not pdf or shutil.which("soffice") is None:
        yield None
        return
    try:
        kontor = start_kontor()
    except (PakkeError, OSError):
        yield None
        return
    with kontor:
        yield kontor


def start_kontor(soffice: str | None = None) -> Kontor:
    """A `Kontor` started before a build has its staging folder (so before the
    meeting is read: it is up sooner), in a folder of its own in the system's
    temporary folder, named with this process's id. What a killed build left there
    (the folder of a process that is gone, and a LibreOffice still using it) is
    ended and removed first (`byggemappe.end_orphaned_libreoffice`)."""
    from dagsorden.byg.byggemappe import LIBREOFFICE_PREFIX, end_orphaned_libreoffice

    end_orphaned_libreoffice()
    folder = Path(tempfile.mkdtemp(prefix=f"{LIBREOFFICE_PREFIX}{os.getpid()}-"))
    try:
        return Kontor(soffice, folder, eget=True)
    except BaseException:
        shutil.rmtree(folder, ignore_errors=True)
        raise


def _start(command: Sequence[str], env: Mapping[str, str] | None = None) -> subprocess.Popen[str]:
    """Starts `command` in a process group of its own, dying with us (see `_run`)."""
    try:
        return subprocess.Popen(
            command,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            start_new_session=True,
            preexec_fn=_die_with_parent(),
            env=env,
        )
    except OSError as exc:
        raise PakkeError(
            f"{command[0]}: LibreOffice kan ikke startes ({exc.strerror}). "
            "Installér det med scripts/ensure-libreoffice, og prøv igen."
        ) from exc


def _run(
    command: Sequence[str],
    timeout: float,
    *,
    started: subprocess.Popen[str] | None = None,
) -> tuple[int | None, str]:
    """Runs `command` (or waits for `started`, from `_start`); returns its exit code
    (None after a timeout) and its output.

    LibreOffice's launcher starts soffice.bin as a child, so a timeout ends the whole
    process group, not only the launcher; so does a Ctrl-C. On Linux the launcher
    also dies with us when we are killed outright (PR_SET_DEATHSIG); what is left
    then, the next `byg` ends (dagsorden.byg.byggemappe.clean_stale).
    """
    process = started if started is not None else _start(command)
    try:
        output, _ = process.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        _kill_group(process)
        output, _ = process.communicate()
        return None, output
    except BaseException:
        _kill_group(process)
        process.wait()
        raise
    return process.returncode, output


def _die_with_parent() -> Any:
    """A preexec_fn asking Linux to kill the child when this process dies, or None.

    The C function is looked up here, in the parent: the child between fork and
    exec should only make the one system call.
    """
    import sys

    if not sys.platform.startswith("linux"):
        return None
    try:
        import ctypes

        prctl = ctypes.CDLL(None, use_errno=True).prctl
    except (OSError, AttributeError):
        return None
    parent = os.getpid()

    def preexec() -> None:
        prctl(1, signal.SIGKILL)  # PR_SET_DEATHSIG
        if os.getppid() != parent:  # the parent died before the call
            os._exit(1)

    return preexec


def _kill_group(process: subprocess.Popen[str]) -> None:
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGKILL)


def _read_pdfs(files: Mapping[Path, Path]) -> None:
    """Raises PakkeError naming every PDF of `files` ({source: its PDF}) that can't
    be read, is protected by a password, or has no pages."""
    import pikepdf

    problems: list[tuple[Path, str]] = []
    for source, pdf in files.items():
        try:
            with pikepdf.open(pdf) as opened:
                if len(opened.pages) == 0:
                    problems.append((source, "PDF-filen har ingen sider."))
        except pikepdf.PasswordError:
            problems.append((source, "PDF-filen er beskyttet med adgangskode."))
        except (pikepdf.PdfError, OSError, ValueError) as exc:
            problems.append((source, f"PDF-filen kan ikke læses ({exc})."))
    _raise_if_any(problems)


def _save(pdf: Pdf, temp: Path) -> None:
    # LibreOffice's own /DocChecksum differs from run to run; the file's id is taken
    # from its content, so the key would make two builds of one meeting differ.
    # Its /ID too: qpdf keeps an existing first id, which LibreOffice made at random.
    for key in ("/DocChecksum", "/ID"):
        if key in pdf.trailer:
            del pdf.trailer[key]
    pdf.save(temp, deterministic_id=True)


def _finish(
    dele: Sequence[Del],
    samlet: Path,
    pdfs: Mapping[Path, Path],
    titel: str,
    opened: list[Pdf],
) -> Pdf:
    """samlet.docx's PDF as the packet: each part's elements of the structure tree
    under a Part element titled as the part; each .pdf or .xlsx bilag's pages (from
    `pdfs`, by the part's resolved path) in place of the pages samlet.docx kept for
    it, under their header and footer, its structure tree as its Part; the packet's
    outline, titled `titel` (else as samlet.docx). Every PDF opened goes on `opened`."""
    import pikepdf

    pdf = pikepdf.open(samlet)
    opened.append(pdf)
    starts = _part_starts(pdf, dele)
    ends = [*starts[1:], len(pdf.pages)]
    document = _parts_of_structure(pdf, dele, starts)
    untagged = False
    shift = 0
    final_starts: list[int] = []
    parts = 0  # the Parts of the parts so far: every Word part's, each tagged bilag's
    for index, del_ in enumerate(dele):
        begin, end = starts[index] + shift, ends[index] + shift
        final_starts.append(begin)
        if del_.kind == DOCX:
            parts += 1
            continue
        source = pikepdf.open(pdfs[del_.fil.resolve()])
        opened.append(source)
        kept = [_frame(pdf, pdf.pages[i]) for i in range(begin, end)]
        for _ in range(begin, end):
            del pdf.pages[begin]
        for offset, bilag_page in enumerate(source.pages):
            pdf.pages.insert(begin + offset, bilag_page)
            if offset < len(kept):
                target = pdf.pages[begin + offset]
                _lay_over(target, kept[offset])
        shift += len(source.pages) - (end - begin)
        # A PDF bilag speaks its own language; Calc's is only LibreOffice's default.
        tagged = _join_structure(pdf, source, document, del_.titel, own_language=del_.kind != XLSX)
        untagged |= not tagged
        if tagged:
            # Its Part goes where the part stands in the packet, not last.
            part = document.K[len(document.K) - 1]
            del document.K[len(document.K) - 1]
            document.K.insert(parts, part)
            parts += 1
    _rebuild_parent_tree(pdf)
    _drop_dangling(pdf)

    if "/Outlines" in pdf.Root:
        del pdf.Root["/Outlines"]
    with pdf.open_outline() as outline:
        punkt = None
        for del_, start in zip(dele, final_starts, strict=True):
            item = pikepdf.OutlineItem(del_.titel, start)
            if del_.niveau == 1 and punkt is not None:
                punkt.children.append(item)
            else:
                outline.root.append(item)
                if del_.niveau == 0:
                    punkt = item
    pdf.Root.PageMode = pikepdf.Name.UseOutlines
    pdf.Root.ViewerPreferences = pikepdf.Dictionary(DisplayDocTitle=True)
    with pdf.open_metadata(set_pikepdf_as_editor=False) as xmp:
        if titel:
            xmp["dc:title"] = titel  # and the document information's /Title
        if untagged and PDFUA_PART in xmp:
            # Pages without tags: the packet is no longer PDF/UA, and must not say so.
            del xmp[PDFUA_PART]
    _date(pdf)
    return pdf


def _lay_over(page: Any, frame: Any) -> None:
    """`frame` (a form XObject) laid over the whole `page`, as pikepdf's add_overlay
    does, but under a name of its own rather than a random one: two builds of the
    same meeting give the same bytes."""
    import pikepdf

    resources = page.obj.get("/Resources")
    taken = resources.get("/XObject", {}) if resources is not None else {}
    number = 0
    while f"/Ramme{number}" in taken:
        number += 1
    name = page.add_resource(
        frame,
        pikepdf.Name.XObject,
        name=pikepdf.Name(f"/Ramme{number}"),
        replace_existing=False,
    )
    placement = page.calc_form_xobject_placement(
        frame,
        name,
        pikepdf.Rectangle(page.mediabox),
        allow_shrink=True,
        allow_expand=True,
    )
    page.contents_add(b"q\n", prepend=True)
    page.contents_add(b"Q\n", prepend=False)
    page.contents_add(placement, prepend=False)
    page.contents_coalesce()


def _destinations(pdf: Pdf, pages: Mapping[tuple[int, int], int]) -> dict[str, int]:
    """{named destination: its page, from 0}."""
    import pikepdf

    found: dict[str, int] = {}
    names = pdf.Root.get("/Names")
    tree = names.get("/Dests") if names is not None else None
    if tree is not None:
        for name, value in pikepdf.NameTree(tree).items():
            destination = value.get("/D") if isinstance(value, pikepdf.Dictionary) else value
            if (
                isinstance(destination, pikepdf.Array)
                and len(destination)
                and destination[0].objgen in pages
            ):
                found[str(name)] = pages[destination[0].objgen]
    dests = pdf.Root.get("/Dests")
    if isinstance(dests, pikepdf.Dictionary):
        for key in dests.keys():  # noqa: SIM118
            destination = dests[key]
            if (
                isinstance(destination, pikepdf.Array)
                and len(destination)
                and destination[0].objgen in pages
            ):
                found.setdefault(key[1:], pages[destination[0].objgen])
    return found


def _part_starts(pdf: Pdf, dele: Sequence[Del]) -> list[int]:
    """The page (from 0) where each part starts: its bookmark's named destination. A
    part with none (a Word bilag without a paragraph) starts where the one before did."""
    found = _destinations(pdf, {page.obj.objgen: i for i, page in enumerate(pdf.pages)})
    starts: list[int] = []
    for index, del_ in enumerate(dele):
        starts.append(found.get(del_.bogmaerke(index), starts[-1] if starts else 0))
    return starts


def _page_of(element: Any, pages: Mapping[tuple[int, int], int]) -> int | None:
    """The first page an element of the structure tree has content on, or None."""
    import pikepdf

    stack = [element]
    while stack:
        current = stack.pop(0)
        if not isinstance(current, pikepdf.Dictionary):
            continue
        page = current.get("/Pg")
        if page is not None and page.objgen in pages:
            return pages[page.objgen]
        if current.get("/Type") == "/OBJR":
            continue
        stack.extend(_kids(current))
    return None


def _parts_of_structure(pdf: Pdf, dele: Sequence[Del], starts: Sequence[int]) -> Any:
    """Puts the elements of LibreOffice's structure tree under one Part per Word part
    (by the page each element starts on), dropping those on the pages kept for a
    .pdf or .xlsx bilag; returns the packet's Document element."""
    import pikepdf

    root = pdf.Root.get("/StructTreeRoot")
    if root is None:
        return _new_structure(pdf)
    kids = [k for k in _kids(root) if isinstance(k, pikepdf.Dictionary)]
    roles = root.get("/RoleMap")
    if len(kids) == 1 and _role(kids[0], roles) == "/Document":
        document = kids[0]
    else:
        document = pdf.make_indirect(
            pikepdf.Dictionary(
                Type=pikepdf.Name.StructElem,
                S=pikepdf.Name.Document,
                P=root,
                K=pikepdf.Array(),
            )
        )
        document.K = pikepdf.Array(kids)
        root.K = pikepdf.Array([document])
    pages = {page.obj.objgen: i for i, page in enumerate(pdf.pages)}
    groups: list[list[Any]] = [[] for _ in dele]
    current = 0
    for kid in _kids(document):
        page = _page_of(kid, pages) if isinstance(kid, pikepdf.Dictionary) else None
        if page is not None:
            current = max((i for i, s in enumerate(starts) if s <= page), default=0)
        groups[current].append(kid)
    document.K = pikepdf.Array()
    for del_, group in zip(dele, groups, strict=True):
        if del_.kind != DOCX:
            continue  # the bilag's own structure replaces the placeholder's
        part = pdf.make_indirect(
            pikepdf.Dictionary(
                Type=pikepdf.Name.StructElem,
                S=pikepdf.Name.Part,
                P=document,
                T=pikepdf.String(del_.titel),
                K=pikepdf.Array(),
            )
        )
        for kid in group:
            if isinstance(kid, pikepdf.Dictionary) and not _is_content(kid):
                kid.P = part
            part.K.append(kid)
        document.K.append(part)
    return document


def _frame(pdf: Pdf, page: Any) -> Any:
    """A form XObject of `page`'s header and footer only (what LibreOffice marks as
    artifacts), to lay over a bilag's page in its place."""
    import pikepdf

    kept: list[Any] = []
    stack: list[bool] = []  # per open marked-content sequence: is it an artifact?
    for instruction in pikepdf.parse_content_stream(page):
        operator = str(instruction.operator)
        if operator in ("BDC", "BMC"):
            artifact = str(instruction.operands[0]) == "/Artifact" or any(stack)
            stack.append(artifact)
            if artifact:
                kept.append(instruction)
            continue
        if operator == "EMC":
            if stack and stack.pop():
                kept.append(instruction)
            continue
        if not stack:
            if operator in _STATE_OPERATORS:
                kept.append(instruction)
        elif any(stack):
            kept.append(instruction)
    form = pikepdf.Page(
        pdf.make_indirect(
            pikepdf.Dictionary(
                Type=pikepdf.Name.Page,
                MediaBox=page.obj.MediaBox,
                Resources=page.obj.get("/Resources", pikepdf.Dictionary()),
                Contents=pdf.make_stream(pikepdf.unparse_content_stream(kept)),
            )
        )
    )
    return form.as_form_xobject()


_STATE_OPERATORS = frozenset({"q", "Q", "cm", "gs", "w", "J", "j", "M", "d", "ri", "i"})
"""Operators outside marked content kept in a frame: graphics state, no painting."""


def _drop_dangling(pdf: Pdf) -> None:
    """Named destinations pointing at pages no longer in the packet (the pages a
    bilag's took the place of) go; the rest stay, for the contents list's links."""
    import pikepdf

    pages = {page.obj.objgen for page in pdf.pages}
    names = pdf.Root.get("/Names")
    tree = names.get("/Dests") if names is not None else None
    if tree is None:
        return
    nametree = pikepdf.NameTree(tree)
    for name, destination in list(nametree.items()):
        target = (
            destination.get("/D") if isinstance(destination, pikepdf.Dictionary) else destination
        )
        if isinstance(target, pikepdf.Array) and len(target) and target[0].objgen not in pages:
            del nametree[name]


def _date(pdf: Pdf) -> None:
    """The packet carries the documents' date (SOURCE_DATE_EPOCH when set), not the
    moment LibreOffice converted it, so a rebuild of unchanged inputs is the same."""
    import pikepdf

    from dagsorden.output import document_time

    when = document_time()
    with pdf.open_metadata(set_pikepdf_as_editor=False) as xmp:
        for key in ("xmp:CreateDate", "xmp:ModifyDate", "xmp:MetadataDate"):
            xmp[key] = when.isoformat() + "Z"
        for key in ("xmpMM:DocumentID", "xmpMM:InstanceID"):
            if key in xmp:
                del xmp[key]
    stamp = pikepdf.String(when.strftime("D:%Y%m%d%H%M%SZ"))
    pdf.docinfo[pikepdf.Name.CreationDate] = stamp
    pdf.docinfo[pikepdf.Name.ModDate] = stamp


PDFUA_PART = "{http://www.aiim.org/pdfua/ns/id/}part"
"""The XMP property that marks a PDF as PDF/UA (pdfuaid:part, "1")."""


def _new_structure(pdf: Pdf) -> Any:
    """An empty structure tree, marked as tagged: a root holding one Document."""
    import pikepdf

    root = pdf.make_indirect(pikepdf.Dictionary(Type=pikepdf.Name.StructTreeRoot))
    document = pdf.make_indirect(
        pikepdf.Dictionary(
            Type=pikepdf.Name.StructElem,
            S=pikepdf.Name.Document,
            P=root,
            K=pikepdf.Array(),
        )
    )
    root.K = pikepdf.Array([document])
    pdf.Root.StructTreeRoot = root
    pdf.Root.MarkInfo = pikepdf.Dictionary(Marked=True)
    return document


# --- the structure tree ---------------------------------------------------------------


def _kids(element: Any) -> list[Any]:
    """The /K of a structure element as a list (it may be one object, or none)."""
    import pikepdf

    kids = element.get("/K")
    if kids is None:
        return []
    return list(kids) if isinstance(kids, pikepdf.Array) else [kids]


def _is_content(kid: Any) -> bool:
    """A marked-content id, or a reference to marked content or an annotation."""
    import pikepdf

    if not isinstance(kid, pikepdf.Dictionary):
        return True
    return kid.get("/Type") in ("/MCR", "/OBJR")


def _role(element: Any, role_map: Any) -> str:
    """The standard structure type of `element`, its role map followed."""
    role = str(element.get("/S", ""))
    for _ in range(10):
        if role_map is None or role not in role_map:
            break
        role = str(role_map[role])
    return role


def _join_structure(
    pdf: Pdf, source: Pdf, document: Any, titel: str, *, own_language: bool
) -> bool:
    """Appends the structure tree of `source`, whose pages `pdf` has taken, to the
    packet's `document` as a Part element titled `titel`, in its language if
    `own_language`. False if `source` has no tags."""
    import pikepdf

    source_root = source.Root.get("/StructTreeRoot")
    mark = source.Root.get("/MarkInfo")
    marked = isinstance(mark, pikepdf.Dictionary) and bool(mark.get("/Marked", False))
    if source_root is None or not marked or not _kids(source_root):
        return False
    source_roles = source_root.get("/RoleMap")
    kids = [k for k in _kids(source_root) if isinstance(k, pikepdf.Dictionary)]
    language = source.Root.get("/Lang") if own_language else None
    if len(kids) == 1 and _role(kids[0], source_roles) == "/Document":
        inner = _kids(kids[0])
        if inner and not any(_is_content(k) for k in inner):
            # The part's Document becomes the Part: one Document in the packet.
            language = kids[0].get("/Lang", language) if own_language else None
            for kid in inner:
                if "/Pg" in kids[0] and "/Pg" not in kid:
                    kid.Pg = kids[0].Pg
            kids = inner
    for kid in kids:
        if "/P" in kid:
            del kid["/P"]  # else copying it would copy the part's whole tree again
    part = pdf.make_indirect(
        pikepdf.Dictionary(
            Type=pikepdf.Name.StructElem,
            S=pikepdf.Name.Part,
            P=document,
            T=pikepdf.String(titel),
            K=pikepdf.Array(),
        )
    )
    if language is not None:
        part.Lang = pikepdf.String(str(language))
    for kid in kids:
        copied = _copy_foreign(pdf, source, kid)
        copied.P = part
        part.K.append(copied)
    _merge_maps(pdf, source, pdf.Root.StructTreeRoot, source_root, part)
    document.K.append(part)
    return True


def _copy_foreign(pdf: Pdf, source: Pdf, obj: Any) -> Any:
    """`obj` of `source` copied into `pdf` (a direct one made indirect first)."""
    return pdf.copy_foreign(obj if obj.is_indirect else source.make_indirect(obj))


def _merge_maps(pdf: Pdf, source: Pdf, root: Any, source_root: Any, part: Any) -> None:
    """The bilag's role and class maps join the packet's. A role name the packet
    maps otherwise becomes the standard type it stands for in the bilag."""
    import pikepdf

    renamed: dict[str, str] = {}
    source_roles = source_root.get("/RoleMap")
    if isinstance(source_roles, pikepdf.Dictionary):
        roles = root.get("/RoleMap")
        if roles is None:
            roles = root.RoleMap = pikepdf.Dictionary()
        for name in source_roles.keys():  # noqa: SIM118 (str names, not Objects)
            if name not in roles:
                roles[name] = source_roles[name]
            elif roles[name] != source_roles[name]:
                renamed[name] = _role(pikepdf.Dictionary(S=pikepdf.Name(name)), source_roles)
    source_classes = source_root.get("/ClassMap")
    if isinstance(source_classes, pikepdf.Dictionary):
        classes = root.get("/ClassMap")
        if classes is None:
            classes = root.ClassMap = pikepdf.Dictionary()
        for name in source_classes.keys():  # noqa: SIM118
            if name not in classes:
                classes[name] = _copy_foreign(pdf, source, source_classes[name])
    if renamed:
        stack = list(_kids(part))
        while stack:
            element = stack.pop()
            if _is_content(element):
                continue
            role = str(element.get("/S", ""))
            if role in renamed:
                element.S = pikepdf.Name(renamed[role])
            stack.extend(_kids(element))


def _rebuild_parent_tree(pdf: Pdf) -> None:
    """The structure tree's parent tree made anew from the tree itself: each page's
    marked content and each annotation back to its element, once the parts' pages,
    each part numbered on its own, are joined."""
    import pikepdf

    root = pdf.Root.get("/StructTreeRoot")
    if root is None:
        return
    marked: dict[tuple[int, int], dict[int, Any]] = {}
    """{page or stream objgen: {mcid: element}}"""
    holders: dict[tuple[int, int], Any] = {}
    annotations: list[tuple[Any, Any]] = []
    stack: list[tuple[Any, Any]] = [(kid, None) for kid in _kids(root)]
    while stack:
        element, page = stack.pop()
        if not isinstance(element, pikepdf.Dictionary) or _is_content(element):
            continue
        page = element.get("/Pg", page)
        for kid in _kids(element):
            if isinstance(kid, int):
                if page is not None:
                    marked.setdefault(page.objgen, {})[kid] = element
                    holders[page.objgen] = page
            elif isinstance(kid, pikepdf.Dictionary) and kid.get("/Type") == "/MCR":
                holder = kid.get("/Stm", kid.get("/Pg", page))
                if holder is not None and "/MCID" in kid:
                    marked.setdefault(holder.objgen, {})[int(kid.MCID)] = element
                    holders[holder.objgen] = holder
            elif isinstance(kid, pikepdf.Dictionary) and kid.get("/Type") == "/OBJR":
                if "/Obj" in kid:
                    annotations.append((kid.Obj, element))
            else:
                stack.append((kid, page))

    numbers: list[Any] = []
    key = 0
    for page in pdf.pages:
        for annotation in page.obj.get("/Annots", pikepdf.Array()):
            if isinstance(annotation, pikepdf.Dictionary) and "/StructParent" in annotation:
                del annotation["/StructParent"]
        if "/StructParents" in page.obj:
            del page.obj["/StructParents"]
    # Pages in order, then any form XObjects holding marked content of their own.
    pages = [p.obj.objgen for p in pdf.pages if p.obj.objgen in marked]
    in_order = pages + [objgen for objgen in marked if objgen not in set(pages)]
    for objgen in in_order:
        elements, holder = marked[objgen], holders[objgen]
        holder.StructParents = key
        numbers += [key, pdf.make_indirect(
            pikepdf.Array([elements.get(i) for i in range(max(elements) + 1)])
        )]  # fmt: skip
        key += 1
    for annotation, element in annotations:
        annotation.StructParent = key
        numbers += [key, element]
        key += 1
    root.ParentTree = pdf.make_indirect(pikepdf.Dictionary(Nums=pikepdf.Array(numbers)))
    root.ParentTreeNextKey = key


def part_pages(packet: Path, dele: Sequence[Del]) -> dict[str, int]:
    """{bookmark: page number from 1} in a packet `make_pdfs` wrote of `dele`: each
    part's start (its outline entry, in the parts' order) and every other bookmark
    of samlet.docx kept as a named destination (an agenda's punkt)."""
    import pikepdf

    with pikepdf.open(packet) as pdf:
        pages = {page.obj.objgen: i for i, page in enumerate(pdf.pages)}
        found = {name: page + 1 for name, page in _destinations(pdf, pages).items()}
        with pdf.open_outline() as outline:
            entries = [item for top in outline.root for item in (top, *top.children)]
            starts = [
                pages.get(item.destination[0].objgen)
                if isinstance(item.destination, pikepdf.Array)
                else None
                for item in entries
            ]
    for index, (del_, start) in enumerate(zip(dele, starts, strict=False)):
        if start is not None:
            found[del_.bogmaerke(index)] = start + 1
    return found


def write_page_numbers(document: Path, numbers: Sequence[str]) -> Path:
    """Writes `numbers` as the page numbers of a contents list (the last text of
    each paragraph styled Indhold1 or Indhold2, in order: a PAGEREF field's result
    in samlet.docx), whole or not at all. Other paragraphs are left as they are."""
    from lxml import etree

    w = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
    with zipfile.ZipFile(document) as package:
        items = [(info, package.read(info.filename)) for info in package.infolist()]
    lines = iter(numbers)
    for position, (info, data) in enumerate(items):
        if info.filename != "word/document.xml":
            continue
        root = etree.fromstring(data)
        for paragraph in root.iter(f"{w}p"):
            style = paragraph.find(f"{w}pPr/{w}pStyle")
            if style is None or style.get(f"{w}val") not in ("Indhold1", "Indhold2"):
                continue
            texts = list(paragraph.iter(f"{w}t"))
            number = next(lines, "")
            if len(texts) > 1:
                texts[-1].text = number
        items[position] = (
            info,
            etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True),
        )

    def write(temp: Path) -> None:
        write_normal_zip(
            temp,
            ((i.filename, data, i.compress_type == zipfile.ZIP_STORED) for i, data in items),
        )

    return write_atomically(document, write, overwrite=True)
