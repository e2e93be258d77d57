"""Filling docxtpl templates: the Jinja environment, Danish filters, and errors.

A template is read from disk once per run (`Skabelon.load`) and then renders as
many documents as needed. The Jinja environment is sandboxed, autoescapes every
value (so '&' and '<' in a case are text, not XML) and is strict: a variable the
template uses but the code doesn't give is an error naming the variable and the
template, never a blank in a committee paper.

Templates come from other offices, so the sandbox is tighter than Jinja's: no call
at all, no `include`/`import`/`extends`, only filters that can't be made to allocate
without bound, arithmetic and joins bounded in size, every `for` loop counted against
one budget per document, and the rendered text bounded too. Whatever a template
does, it ends quickly in a document or in a TemplateError naming it.
"""

from __future__ import annotations

import contextlib
import copy
import datetime as dt
import functools
import io
import os
import re
import struct
import time
import zipfile
import zlib
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any

import docx
import jinja2
from docx.api import _default_docx_path
from docx.document import Document as _WordDocument
from docx.opc.oxml import serialize_part_xml
from docx.opc.part import XmlPart
from docx.opc.pkgwriter import _ContentTypesItem
from docx.oxml import parse_xml
from docx.package import Package
from docx.parts.document import DocumentPart
from docxtpl import DocxTemplate
from jinja2 import nodes
from jinja2.filters import FILTERS as JINJA_FILTERS
from jinja2.sandbox import ImmutableSandboxedEnvironment, SecurityError
from jinja2.visitor import NodeTransformer

from dagsorden.errors import TemplateError
from dagsorden.kerne import danish
from dagsorden.output import document_time, source_date_epoch, write_atomically
from dagsorden.zipcheck import (
    MAX_UNPACKED_BYTES,
    FileProblem,
    OfficeFileError,
    check_office_file,
    read_file,
)


def _templates_folder() -> Path:
    """templates/ of the repository, or its copy inside an installed wheel."""
    package = Path(__file__).resolve().parents[1]
    packaged = package / "templates"
    return packaged if packaged.is_dir() else package.parent / "templates"


TEMPLATES = _templates_folder()


def standard_path(name: str, mappe: Path | None = None) -> Path:
    """The file `Skabelon.standard(name, mappe)` reads."""
    own = mappe / f"{name}.docx" if mappe is not None else None
    # Anything at that name is the user's: a folder or a named pipe there is an
    # error naming it, never a silent fall back to the bundled template.
    return own if own is not None and os.path.lexists(own) else TEMPLATES / f"{name}.docx"


FILTERS: dict[str, Callable[..., str]] = {
    "tal": danish.tal,
    "procent": danish.procent,
    "pct": danish.pct,
    "kr": danish.kr,
    "mio_kr": danish.mio_kr,
    "moededato": danish.moededato,
    "notatdato": danish.notatdato,
    "dato": danish.dato,
    "og": danish.og,
    "genitiv": danish.genitiv,
}


MAX_STOERRELSE = 1_000_000
"""Characters of a text (or items of a list) a template may make with an operator or
a filter; the largest real field is a few thousand."""
MAX_BITS = 10_000
"""Bits of a whole number a template may compute (about 3,000 digits)."""
MAX_GENNEMLOEB = 100_000
"""Iterations of all `for` loops of one document together; a meeting of 30 punkter
with every bilag needs a few hundred."""
MAX_SEKUNDER = 30.0
"""Time one document's template may run; checked at every loop iteration."""
MAX_UDDATA = 50_000_000
"""Characters of rendered XML one template part may produce."""

SIKRE_JINJA_FILTRE = (
    "abs", "capitalize", "count", "d", "default", "dictsort", "e", "escape", "first",
    "float", "int", "join", "last", "length", "list", "lower", "max", "min", "replace",
    "reverse", "round", "sort", "string", "striptags", "sum", "title", "trim",
    "truncate", "unique", "upper", "wordcount",
)  # fmt: skip
"""Jinja's own filters a template may use. Left out: those that take a width or a
count and allocate by it (center, indent, format, wordwrap, batch, slice), those that
print unescaped or as code (safe, tojson, pprint, xmlattr, urlize), and those that
reach filters or attributes by name (map, select, attr, groupby)."""


class Graense(SecurityError):
    """A template that went beyond a bound of the sandbox; the message is Danish."""


def _size(value: Any) -> int:
    return len(value) if isinstance(value, str | list | tuple | dict) else 0


def _check_size(value: Any, what: str) -> Any:
    if _size(value) > MAX_STOERRELSE:
        raise Graense(f"{what} giver mere end {danish.tal(MAX_STOERRELSE)} tegn eller elementer")
    if isinstance(value, int) and value.bit_length() > MAX_BITS:
        raise Graense(f"{what} giver et tal med over {danish.tal(MAX_BITS * 3 // 10)} cifre")
    return value


def _bounded_filter(name: str, func: Callable[..., Any]) -> Callable[..., Any]:
    """`func` with its result's size checked (functools.wraps keeps Jinja's
    pass_context/pass_environment marks)."""

    @functools.wraps(func)
    def bounded(*args: Any, **kwargs: Any) -> Any:
        return _check_size(func(*args, **kwargs), f"Filtret '{name}'")

    return bounded


def _texts(args: tuple[Any, ...]) -> tuple[str, ...]:
    return tuple(a for a in args if isinstance(a, str))


@jinja2.pass_eval_context
def _join(eval_ctx: Any, value: Iterable[Any], d: str = "", attribute: Any = None) -> str:
    items = list(value)
    size = sum(_size(str(item)) for item in items) + len(str(d)) * max(len(items) - 1, 0)
    if size > MAX_STOERRELSE:
        raise Graense(f"Filtret 'join' giver mere end {danish.tal(MAX_STOERRELSE)} tegn")
    return JINJA_FILTERS["join"](eval_ctx, items, d, attribute)


@jinja2.pass_eval_context
def _replace(eval_ctx: Any, s: str, old: str, new: str, count: int | None = None) -> str:
    text, old_text, new_text = str(s), str(old), str(new)
    hits = len(text) + 1 if not old_text else text.count(old_text)
    if count is not None and isinstance(count, int):
        hits = min(hits, max(count, 0))
    if len(text) + hits * len(new_text) > MAX_STOERRELSE:
        raise Graense(f"Filtret 'replace' giver mere end {danish.tal(MAX_STOERRELSE)} tegn")
    return JINJA_FILTERS["replace"](eval_ctx, s, old, new, count)


@jinja2.pass_environment
def _loop_guard(env: DataOnlySandbox, iterable: Any) -> Iterator[Any]:
    """What every `for` loop iterates through (see `_Vagt`): counts each iteration
    against the document's budget and checks its time."""
    for item in iterable:
        env.gennemloeb += 1
        if env.gennemloeb > MAX_GENNEMLOEB:
            raise Graense(
                f"Skabelonens løkker gennemløbes mere end {danish.tal(MAX_GENNEMLOEB)} gange"
            )
        if time.monotonic() > env.deadline:
            raise Graense(f"Skabelonen har kørt i mere end {danish.tal(MAX_SEKUNDER, 0)} sekunder")
        yield item


def _text_guard(value: Any) -> Any:
    return _check_size(value, "Sammensætningen med '~'")


_LOOP_GUARD = "_dagsorden_loekke"
_TEXT_GUARD = "_dagsorden_tekst"

_AFVISTE_TAGS = {
    nodes.Include: "include",
    nodes.Import: "import",
    nodes.FromImport: "from ... import",
    nodes.Extends: "extends",
}


class _Vagt(NodeTransformer):
    """Rewrites a parsed template: refuses include/import/extends, sends every `for`
    loop's iterable through the loop guard and every `~` join through the size guard.

    Jinja has no hook for iterating or for `~`; a literal list nested ten loops deep
    runs without touching any attribute, so the guard goes into the template itself.
    """

    def generic_visit(self, node: nodes.Node, *args: Any, **kwargs: Any) -> Any:
        for kind, tag in _AFVISTE_TAGS.items():
            if isinstance(node, kind):
                raise jinja2.TemplateSyntaxError(
                    f"'{{% {tag} %}}' kan ikke bruges: en skabelon må kun vise data og bruge "
                    "filtre, ikke hente andre skabeloner",
                    node.lineno,
                )
        return super().generic_visit(node, *args, **kwargs)

    def visit_For(self, node: nodes.For) -> nodes.Node:
        node = self.generic_visit(node)
        node.iter = nodes.Filter(node.iter, _LOOP_GUARD, [], [], None, None, lineno=node.lineno)
        return node

    def visit_Concat(self, node: nodes.Concat) -> nodes.Node:
        node = self.generic_visit(node)
        return nodes.Filter(node, _TEXT_GUARD, [], [], None, None, lineno=node.lineno)


_BRED_FORMATERING = re.compile(r"%[^a-zA-Z%]*(\*|\d{4})")


def _binop_problem(operator: str, left: Any, right: Any) -> str | None:
    """Why `left operator right` would be too large to compute, or None."""
    ints = isinstance(left, int) and isinstance(right, int) and abs(left) > 1
    if operator == "**" and ints and (right > MAX_BITS or right * left.bit_length() > MAX_BITS):
        return f"'{left} ** {right}' giver et for stort tal"
    if operator == "*":
        for seq, times in ((left, right), (right, left)):
            big = isinstance(times, int) and times * _size(seq) > MAX_STOERRELSE
            if isinstance(seq, str | list | tuple) and big:
                return (
                    f"Gentagelsen med '*' giver mere end {danish.tal(MAX_STOERRELSE)} tegn "
                    "eller elementer"
                )
    if operator == "%" and isinstance(left, str) and _BRED_FORMATERING.search(left):
        return "Formateringen med '%' bruger en for stor bredde"
    return None


class DataOnlySandbox(ImmutableSandboxedEnvironment):
    """A sandbox where a template can show data and apply filters, nothing more.

    Jinja's sandbox blocks private attributes but still lets a template call any
    public method (`{{ sag.fil.unlink() }}` would delete a file); templates come
    from other offices, so here no call is safe. Filters are not calls and work.
    On top: the bounds of the module docstring (`start` resets them per document).
    """

    intercepted_binops = frozenset({"+", "*", "**", "%", "//", "/"})

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.gennemloeb = 0
        self.deadline = time.monotonic() + MAX_SEKUNDER

    def start(self) -> None:
        """A fresh budget for the next document."""
        self.gennemloeb = 0
        self.deadline = time.monotonic() + MAX_SEKUNDER

    def is_safe_callable(self, obj: Any) -> bool:
        return False

    def _parse(self, source: str, name: str | None, filename: str | None) -> nodes.Template:
        return _Vagt().visit(super()._parse(source, name, filename))

    def call_binop(self, context: Any, operator: str, left: Any, right: Any) -> Any:
        """`+ * ** % // /` with their results bounded before they are computed."""
        problem = _binop_problem(operator, left, right)
        if problem:
            raise Graense(problem)
        return _check_size(super().call_binop(context, operator, left, right), f"'{operator}'")

    def concat(self, parts: Iterable[str]) -> str:
        """The rendered text, bounded as it is produced."""
        collected: list[str] = []
        size = 0
        for part in parts:
            size += len(part)
            if size > MAX_UDDATA:
                raise Graense(f"Skabelonen giver mere end {danish.tal(MAX_UDDATA)} tegn")
            collected.append(part)
        return "".join(collected)


def jinja_environment() -> DataOnlySandbox:
    env = DataOnlySandbox(undefined=jinja2.StrictUndefined, autoescape=True)
    env.filters = {name: _bounded_filter(name, JINJA_FILTERS[name]) for name in SIKRE_JINJA_FILTRE}
    env.filters["join"] = _join
    env.filters["replace"] = _replace
    env.filters.update(FILTERS)
    env.filters[_LOOP_GUARD] = _loop_guard
    env.filters[_TEXT_GUARD] = _text_guard
    return env


_UKENDT_FILTER = re.compile(r"No filter named '([^']*)'")

_UNDEFINED = re.compile(
    r"'(?P<owner>[^']*)' has no attribute '(?P<attr>[^']+)'|'(?P<name>[^']+)' is undefined"
)


def _template_error(path: Path, exc: jinja2.TemplateError) -> TemplateError:
    """A Jinja error as a Danish message naming the template and the variable."""
    if isinstance(exc, jinja2.UndefinedError):
        match = _UNDEFINED.search(str(exc))
        name = (match.group("name") or match.group("attr")) if match else str(exc)
        return TemplateError(
            f"{path}: skabelonen bruger variablen '{name}', som ikke findes. "
            "Ret feltet i Word-skabelonen, eller tjek stavningen.",
            skabelon=str(path),
            variabel=name,
        )
    if isinstance(exc, Graense):
        return TemplateError(
            f"{path}: skabelonen er afvist: {exc}. En skabelon må kun vise data og bruge "
            "filtre, i en rimelig mængde.",
            skabelon=str(path),
        )
    if isinstance(exc, SecurityError):
        return TemplateError(
            f"{path}: skabelonen prøver at bruge noget, den ikke må ({exc}). En skabelon må "
            "kun vise data og bruge filtre; feltet er afvist.",
            skabelon=str(path),
        )
    if isinstance(exc, jinja2.TemplateSyntaxError):
        context = " ".join(getattr(exc, "docx_context", []) or [])
        near = f" (nær: {' '.join(context.split())[:120]})" if context.strip() else ""
        message = exc.message or ""
        unknown = _UKENDT_FILTER.match(message)
        if unknown:
            message = (
                f"filtret '{unknown.group(1)}' findes ikke eller er ikke tilladt i en skabelon "
                f"(tilladte: {', '.join(sorted(FILTERS))} og {', '.join(SIKRE_JINJA_FILTRE)})"
            )
        return TemplateError(
            f"{path}: skabelonen har et ugyldigt felt: {message}{near}", skabelon=str(path)
        )
    return TemplateError(f"{path}: skabelonen kunne ikke udfyldes: {exc}", skabelon=str(path))


_WORD_HOVEDDELE = (b"wordprocessingml.document.main", b"wordprocessingml.template.main")
"""The content types of a Word document's or template's main part (what python-docx opens)."""


def _content_types(data: bytes) -> bytes:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as package:
            return package.read("[Content_Types].xml")
    except (zipfile.BadZipFile, KeyError):
        return b""


# --- a template prepared once, documents made from it ------------------------------------
#
# docxtpl reads its template file anew for every document, compiles its Jinja anew, and
# each of its sub-documents parses python-docx's default document (438 KB of styles)
# only to use its empty body. Here a template is read into python-docx once
# (`_Forlaeg`); each document gets its own copy of the template's XML parts (never
# shared, so nothing one document does reaches the next), docxtpl's own render with the
# preparation of each part's XML and its Jinja compiled once (`Dokument`), sub-documents
# that are an empty body on the document's own part (`Underdokument`), and a zip written
# in one go where every member equal to the template's is copied already compressed
# (`_Forlaeg.zip`).

_MAX_HUSKET = 64
"""Prepared or compiled texts kept per template: its body, headers, footers and core
properties; a template renders the same few every time."""


def _remember(store: dict[Any, Any], key: Any, make: Callable[[], Any]) -> Any:
    """`store[key]`, made by `make()` the first time (a small, bounded memo)."""
    try:
        return store[key]
    except KeyError:
        pass
    value = make()
    if len(store) >= _MAX_HUSKET:
        store.clear()
    store[key] = value
    return value


@functools.cache
def _empty_body_xml() -> bytes:
    """python-docx's default document.xml: what docxtpl's Subdoc starts from."""
    with zipfile.ZipFile(_default_docx_path()) as package:
        return package.read("word/document.xml")


@functools.cache
def _empty_document() -> Any:
    """The parsed default document (its body holds only the default page's sectPr)."""
    return parse_xml(_empty_body_xml())


class Underdokument(_WordDocument):
    """A sub-document: what docxtpl's `Subdoc()` gives, without parsing a document.

    docxtpl's Subdoc is python-docx's default document with its part swapped for the
    main document's; only its body is ever used. This is that body (a copy of the
    default one, so a table gets the same default width) on the main document's part:
    styles are the template's, and pictures and hyperlinks are related to the document
    it goes into. In a template `{{p x }}` puts its content (`__html__`) in place.
    """

    def __init__(self, part: Any) -> None:
        super().__init__(copy.deepcopy(_empty_document()), part)

    def _get_xml(self) -> str:
        body: Any = self._element.body  # type: ignore[attr-defined]
        if body.sectPr is not None:
            body.remove(body.sectPr)
        return re.sub(r"</?w:body[^>]*>", "", _xml_text(body))

    def __str__(self) -> str:
        return self._get_xml()

    def __html__(self) -> str:
        return self._get_xml()


def _xml_text(element: Any) -> str:
    from lxml import etree

    return etree.tostring(element, encoding="unicode", pretty_print=False)


class _Dokumentdel(DocumentPart):
    """python-docx's main document part, finding a style's id by its name once per
    template (python-docx searches the styles part at every paragraph): every
    document's styles are a copy of its template's, and nothing adds or renames one."""

    stil_ider: dict[tuple[str, Any], Any]

    def get_style_id(self, style_or_name: Any, style_type: Any) -> str | None:
        if not isinstance(style_or_name, str):
            return super().get_style_id(style_or_name, style_type)
        key = (style_or_name, style_type)
        if key not in self.stil_ider:
            self.stil_ider[key] = super().get_style_id(style_or_name, style_type)
        return self.stil_ider[key]


class _Kopi(XmlPart):
    """A document's copy of one of its template's XML parts, made when the document
    first reads or changes the part's XML (`_element`). Until then the part is the
    template's, and its bytes the template's as python-docx serialised them: most
    documents never touch their styles or numbering, and copying and serialising the
    styles alone was a twentieth of a document's time."""

    forlaeg_element: Any
    forlaeg_blob: bytes
    _egen: Any = None

    @property
    def _element(self) -> Any:
        if self._egen is None:
            self._egen = copy.deepcopy(self.forlaeg_element)
        return self._egen

    @_element.setter
    def _element(self, value: Any) -> None:
        self._egen = value

    @property
    def blob(self) -> bytes:
        if self._egen is None:
            return self.forlaeg_blob
        return bytes(serialize_part_xml(self._egen))

    @property
    def uroert(self) -> bool:
        """Whether the document has not touched the part (it is the template's)."""
        return self._egen is None


_KOPIKLASSER: dict[type, type] = {}


def _kopiklasse(cls: type) -> type:
    """`cls` (StylesPart, NumberingPart, ...) as a `_Kopi`."""
    if cls not in _KOPIKLASSER:
        _KOPIKLASSER[cls] = type(f"Kopi{cls.__name__}", (_Kopi, cls), {})
    return _KOPIKLASSER[cls]


class _Word(_WordDocument):
    """One document's python-docx document, saved by its template's fast zip writer."""

    def __init__(self, element: Any, part: Any, forlaeg: _Forlaeg) -> None:
        super().__init__(element, part)
        self._forlaeg = forlaeg

    def save(self, path_or_stream: Any) -> None:
        data = self._forlaeg.zip(self._part.package)
        if hasattr(path_or_stream, "write"):
            path_or_stream.write(data)
        else:
            Path(path_or_stream).write_bytes(data)


_LISTING = re.compile("[\t\a\n\f]")


class Dokument(DocxTemplate):
    """A document to fill from a prepared template: docxtpl's DocxTemplate, with its
    template read once (`_Forlaeg`) instead of per document.

    docxtpl's own `render` runs unchanged; only the steps it would repeat identically
    for every document come from the template's memo: the XML it prepares for Jinja
    (`patch_xml`) and the compiled Jinja templates (`render_xml_part`,
    `render_properties`). Sub-documents are `Underdokument`s.
    """

    docx: Any
    is_rendered: bool

    def __init__(self, forlaeg: _Forlaeg) -> None:
        super().__init__(io.BytesIO(forlaeg.data))
        self._forlaeg = forlaeg
        self.docx = forlaeg.new_word()

    def init_docx(self, reload: bool = True) -> None:
        if not self.docx or (self.is_rendered and reload):
            self.docx = self._forlaeg.new_word()
            self.is_rendered = False

    def new_subdoc(self, docpath: Any = None) -> Any:
        if docpath is not None:
            return super().new_subdoc(docpath)
        self.init_docx()
        return Underdokument(self.docx.part)

    def patch_xml(self, src_xml: str) -> str:
        patch = super().patch_xml
        return str(_remember(self._forlaeg.patched, src_xml, lambda: patch(src_xml)))

    def render_xml_part(self, src_xml: str, part: Any, context: Any, jinja_env: Any = None) -> str:
        """docxtpl's `render_xml_part`, with the template compiled once."""
        src_xml = _remember(
            self._forlaeg.split, src_xml, lambda: re.sub(r"<w:p([ >])", r"\n<w:p\1", src_xml)
        )
        try:
            self.current_rendering_part = part
            template = self._forlaeg.compiled(src_xml, jinja_env)
            dst_xml = template.render(context)
        except jinja2.TemplateError as exc:
            lineno = getattr(exc, "lineno", None)
            if lineno is not None:
                line_number = max(lineno - 4, 0)
                exc.docx_context = [  # type: ignore[attr-defined]
                    re.sub(r"<[^>]+>", "", line)
                    for line in src_xml.splitlines()[line_number : line_number + 7]
                ]
            raise
        dst_xml = re.sub(r"\n<w:p([ >])", r"<w:p\1", dst_xml)
        dst_xml = (
            dst_xml.replace("{_{", "{{")
            .replace("}_}", "}}")
            .replace("{_%", "{%")
            .replace("%_}", "%}")
        )
        return self.resolve_listing(dst_xml)

    def resolve_listing(self, xml: str) -> str:
        """docxtpl's `resolve_listing`, skipped where it has nothing to do: it only
        turns a tab, \\a, a newline or a form feed in the text into Word's."""
        if _LISTING.search(xml) is None:
            return xml
        return str(super().resolve_listing(xml))

    def render_properties(self, context: Any, jinja_env: Any = None) -> None:
        """docxtpl's `render_properties` (the same properties), compiled once."""
        if jinja_env is None:
            jinja_env = jinja2.Environment()
        properties = self.docx.core_properties
        for prop in ("author", "comments", "identifier", "language", "subject", "title"):
            template = self._forlaeg.compiled(getattr(properties, prop), jinja_env)
            setattr(properties, prop, template.render(context))


_ZIP_FOERST = (1980, 1, 1, 0, 0, 0)
_ZIP_SIDST = (2107, 12, 31, 23, 59, 58)


def _zip_stamp() -> tuple[int, ...]:
    """The time every member gets: as `output.normalise_zip` stamps them."""
    fixed = source_date_epoch()
    if fixed is None:
        return tuple(time.localtime()[:6])
    return min(max(tuple(fixed.timetuple()[:6]), _ZIP_FOERST), _ZIP_SIDST)


class _Medlem:
    """A zip member's bytes, CRC and deflated bytes (as zipfile deflates them)."""

    __slots__ = ("crc", "data", "deflated")

    def __init__(self, data: bytes) -> None:
        self.data = data
        self.crc = zlib.crc32(data)
        compressor = zlib.compressobj(zlib.Z_DEFAULT_COMPRESSION, zlib.DEFLATED, -15)
        self.deflated = compressor.compress(data) + compressor.flush()


_LOKAL = "<4s2B4HL2L2H"
_CENTRAL = "<4s4B4HL2L5H2L"
_SLUT = "<4s4H2LH"
"""A zip's local file header, central directory entry and end record (zipfile's)."""


def _zip_bytes(members: list[tuple[str, _Medlem]], stamp: tuple[int, ...]) -> bytes:
    """A zip of `members`, byte for byte what `output.normalise_zip` writes for them
    (zipfile's layout: deflated, one time, Unix 0644, no extras or comments)."""
    year, month, day, hour, minute, second = stamp
    dosdate = (year - 1980) << 9 | month << 5 | day
    dostime = hour << 11 | minute << 5 | second // 2
    out = io.BytesIO()
    central = []
    for name, member in members:
        try:
            encoded, flags = name.encode("ascii"), 0
        except UnicodeEncodeError:
            encoded, flags = name.encode("utf-8"), 0x800
        offset = out.tell()
        sizes = (member.crc, len(member.deflated), len(member.data))
        out.write(
            struct.pack(_LOKAL, b"PK\x03\x04", 20, 0, flags,
                        zipfile.ZIP_DEFLATED, dostime, dosdate, *sizes, len(encoded), 0)
        )  # fmt: skip
        out.write(encoded)
        out.write(member.deflated)
        central.append(
            struct.pack(_CENTRAL, b"PK\x01\x02", 20, 3, 20, 0, flags,
                        zipfile.ZIP_DEFLATED, dostime, dosdate, *sizes, len(encoded), 0, 0, 0,
                        0, 0o644 << 16, offset)
            + encoded
        )  # fmt: skip
    start = out.tell()
    for entry in central:
        out.write(entry)
    size = out.tell() - start
    out.write(
        struct.pack(_SLUT, b"PK\x05\x06", 0, 0, len(central),
                    len(central), size, start, 0)
    )  # fmt: skip
    return out.getvalue()


def _package_members(
    package: Any, memo: dict[Any, Any] | None = None
) -> Iterator[tuple[str, bytes]]:
    """The members python-docx's PackageWriter writes for `package`, in its order.

    With `memo`, the content types and relationships, which depend only on the parts'
    names and types and on the relationships' ids, types and targets, are made once
    for the same of those (every document of a template has the same few)."""
    parts = package.parts
    for part in parts:
        part.before_marshal()
    if memo is None:
        yield "[Content_Types].xml", _ContentTypesItem.from_parts(parts).blob
    else:
        key = ("types", *((str(p.partname), p.content_type) for p in parts))
        blob = _remember(memo, key, lambda: _ContentTypesItem.from_parts(parts).blob)
        yield "[Content_Types].xml", blob
    yield "_rels/.rels", _rels_xml(package.rels, memo)
    for part in parts:
        yield part.partname.membername, part.blob
        if len(part.rels):
            yield part.partname.rels_uri.membername, _rels_xml(part.rels, memo)


def _rels_xml(rels: Any, memo: dict[Any, Any] | None) -> bytes:
    """python-docx's `rels.xml`, from `memo` when the same relationships had it."""
    if memo is None:
        return bytes(rels.xml)
    key = ("rels", *(
        (r.rId, r.reltype, r.is_external, r._baseURI,
         r._target if r.is_external else str(r._target.partname))
        for r in rels.values()
    ))  # fmt: skip
    return bytes(_remember(memo, key, lambda: rels.xml))


def _bytes(data: str | bytes) -> bytes:
    return data.encode("utf-8") if isinstance(data, str) else data


class _Forlaeg:
    """A Word template read into python-docx once, and what docxtpl makes of it.

    Shared by a Skabelon and its copies (`med_egenskaber`); its memos depend only on
    the template's bytes and the Jinja environment. Nothing a document does changes it:
    each document works on its own copies of the XML parts (`new_word`).
    """

    def __init__(self, data: bytes) -> None:
        self.data = data
        self._word: Any = None
        self.patched: dict[str, str] = {}
        self.split: dict[str, str] = {}
        self._compiled: dict[tuple[str, int, Any], tuple[Any, Any]] = {}
        self._members: dict[str, _Medlem] = {}
        self._opc: dict[Any, Any] = {}
        self.stil_ider: dict[tuple[str, Any], Any] = {}

    def __getstate__(self) -> dict[str, Any]:
        """Only the bytes travel (to another process); the rest is made again there."""
        return {"data": self.data}

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__init__(state["data"])  # type: ignore[misc]

    def word(self) -> Any:
        """The template read by python-docx, its text language da-DK (as every
        document gets it, `set_language`), with its members as written."""
        if self._word is None:
            word = docx.Document(io.BytesIO(self.data))
            set_language(word.styles.element)
            self._members = {
                name: _Medlem(_bytes(data)) for name, data in _package_members(word.part.package)
            }
            self._word = word
        return self._word

    def new_word(self) -> _Word:
        """A python-docx document of its own: every XML part a copy of the template's,
        every other part an object of its own over the template's bytes."""
        master = self.word().part.package
        package = Package()
        twins: dict[Any, Any] = {}

        def twin(part: Any) -> Any:
            if part in twins:
                return twins[part]
            new: Any
            if type(part) is DocumentPart:
                new = _Dokumentdel(
                    part.partname, part.content_type, copy.deepcopy(part.element), package
                )
                new.stil_ider = self.stil_ider
            elif type(part).__init__ is XmlPart.__init__:
                # styles, numbering, footers: copied only when the document touches them
                new = _kopiklasse(type(part))(part.partname, part.content_type, None, package)
                new.forlaeg_element = part.element
                new.forlaeg_blob = self._members[part.partname.membername].data
            elif isinstance(part, XmlPart):
                new = type(part)(
                    part.partname, part.content_type, copy.deepcopy(part.element), package
                )
            else:
                # A part object of its own even when nothing in it differs: docxtpl
                # gives a rendered part new bytes (footnotes: `part._blob = ...`), and
                # on a shared part the first paper's footnotes became every later one's.
                # The bytes themselves (pictures, theme, fonts) stay shared.
                new = copy.copy(part)
                new.__dict__.pop("rels", None)
                new._package = package
            twins[part] = new
            if new is not part:
                for rel in part.rels.values():
                    target = rel._target if rel.is_external else twin(rel.target_part)
                    new.load_rel(rel.reltype, target, rel.rId, rel.is_external)
            return new

        for rel in master.rels.values():
            target = rel._target if rel.is_external else twin(rel.target_part)
            package.load_rel(rel.reltype, target, rel.rId, rel.is_external)
        package.after_unmarshal()
        part = package.main_document_part
        return _Word(part.element, part, self)

    def compiled(self, source: str, env: Any) -> Any:
        """`source` compiled by `env` (as docxtpl's `from_string`), once."""
        if env is None:
            return jinja2.Template(source)
        key = (source, id(env), env.autoescape)
        kept = self._compiled.get(key)
        if kept is None or kept[0] is not env:
            kept = (env, env.from_string(source))
            if len(self._compiled) >= _MAX_HUSKET:
                self._compiled.clear()
            self._compiled[key] = kept
        return kept[1]

    def zip(self, package: Any) -> bytes:
        """The document's .docx: python-docx's members in python-docx's order, each
        member equal to the template's copied as the template's deflated bytes."""
        self.word()
        members = []
        for name, data in _package_members(package, self._opc):
            data = _bytes(data)
            kept = self._members.get(name)
            members.append(
                (name, kept if kept is not None and kept.data == data else _Medlem(data))
            )
        return _zip_bytes(members, _zip_stamp())


class Skabelon:
    """A Word template read once, rendering any number of documents."""

    def __init__(self, path: Path, data: bytes) -> None:
        self.path = path
        self._data = data
        self._forlaeg = _Forlaeg(data)
        """The template read and compiled once, for this Skabelon and its copies."""
        self.env = jinja_environment()
        self.titel = ""
        """When set, the title of every document written (`med_egenskaber`)."""
        self.forfatter = ""
        """When set, the author of every document written ([dokument] forfatter)."""
        self.reserveforfatter = ""
        """The author of a document whose builder names none."""

    @classmethod
    def load(cls, path: Path) -> Skabelon:
        """Reads and checks a template; raises TemplateError naming the file.

        Every command reads its templates before it writes anything, so an invalid
        SOURCE_DATE_EPOCH is refused here, once (ConfigError), not per document.
        """
        source_date_epoch()
        try:
            data = read_file(path, MAX_UNPACKED_BYTES)
        except FileProblem as exc:
            raise TemplateError(
                f"{path}: skabelonen kan ikke læses. {exc.message}", skabelon=str(path)
            ) from exc
        try:
            check_office_file(data, "Word-dokument (.docx)")
        except OfficeFileError as exc:
            if exc.kind != "ikke zip":  # a file that is no zip at all: the message below
                raise TemplateError(
                    f"{path}: skabelonen kan ikke bruges. {exc.message}", skabelon=str(path)
                ) from exc
        if not zipfile.is_zipfile(io.BytesIO(data)):
            raise TemplateError(f"{path}: skabelonen er ikke et Word-dokument (.docx).")
        content_types = _content_types(data)
        if not any(kind in content_types for kind in _WORD_HOVEDDELE):
            # An .xlsx or .pptx renamed: python-docx would refuse it only when filling.
            raise TemplateError(
                f"{path}: skabelonen er ikke et Word-dokument (.docx), men en anden "
                "Office-fil med forkert endelse.",
                skabelon=str(path),
            )
        return cls(path, data)

    @classmethod
    def standard(cls, name: str, mappe: Path | None = None) -> Skabelon:
        """The template `name` ("indstilling"): `<mappe>/<name>.docx` when the
        project's templates folder `mappe` (found from the input's folder upwards,
        `kilder.config.find_projektfiler`) has one, else the bundled one. The working
        folder is never looked in."""
        return cls.load(standard_path(name, mappe))

    def new_document(self) -> Dokument:
        """A fresh document to fill: make sub-documents on it, then `render` it."""
        with self._errors():
            return Dokument(self._forlaeg)

    def render(self, document: DocxTemplate, context: dict[str, Any]) -> DocxTemplate:
        self.env.start()
        with self._errors():
            document.render(context, jinja_env=self.env, autoescape=True)
        return document

    @contextlib.contextmanager
    def _errors(self) -> Iterator[None]:
        """What goes wrong reading or filling the template, as a TemplateError naming it."""
        try:
            yield
        except jinja2.TemplateError as exc:
            raise _template_error(self.path, exc) from exc
        except (
            ArithmeticError,
            LookupError,
            RecursionError,
            MemoryError,
            ValueError,
            TypeError,
            AttributeError,
            SyntaxError,
        ) as exc:
            # `{{ 1/0 }}`, a field nested thousands deep, a literal too large to convert,
            # an operator on the wrong kinds, or XML docxtpl can't put back together.
            raise TemplateError(
                f"{self.path}: skabelonen kunne ikke udfyldes ({type(exc).__name__}: "
                f"{str(exc)[:200]}). Ret feltet i Word-skabelonen.",
                skabelon=str(self.path),
            ) from exc

    def med_egenskaber(
        self,
        *,
        titel: str | None = None,
        forfatter: str | None = None,
        reserveforfatter: str | None = None,
    ) -> Skabelon:
        """This template, writing documents with other properties (the same template
        file and Jinja environment, read once).

        `titel` replaces the title the document's builder gives (a meeting knows a
        paper is "Punkt 2: ..."); `forfatter` replaces its author ([dokument]
        forfatter); `reserveforfatter` is the author when neither gives one.
        """
        other = copy.copy(self)
        if titel is not None:
            other.titel = titel
        if forfatter is not None:
            other.forfatter = forfatter
        if reserveforfatter is not None:
            other.reserveforfatter = reserveforfatter
        return other

    def write(
        self,
        document: DocxTemplate,
        context: dict[str, Any],
        target: Path,
        *,
        titel: str,
        forfatter: str = "",
    ) -> Path:
        """Renders `document` and writes it to `target`, whole or not at all.

        docxtpl keeps the template's own properties ("Skabelon: Indstilling", the day
        the template was made); the paper gets its own (`set_properties`).
        """
        self.render(document, context)
        set_properties(
            document,
            titel=self.titel or titel,
            forfatter=self.forfatter or forfatter or self.reserveforfatter,
        )
        return write_atomically(target, document.save, overwrite=True)


SPROG = "da-DK"
"""The language of every document: core properties and the default of its text."""


def set_properties(document: Any, *, titel: str, forfatter: str) -> None:
    """Gives a Word document (python-docx or docxtpl) its own properties: the title a
    PDF reader shows and a screen reader announces, the author, language da-DK (also
    as the default language of its text, so Word's spelling and a screen reader's
    voice are Danish), and today's date, or SOURCE_DATE_EPOCH's
    (`output.document_time`). Nothing of the template's author or history stays.
    """
    properties = document.core_properties
    with _core_namespace():
        element = properties._element
        # Left by an earlier version under docxcompose's "cp" (see `_core_namespace`).
        for stray in element.findall(f"{{{_CUSTOM_NS}}}*"):
            element.remove(stray)
        properties.title = _one_line(titel)
        properties.author = _one_line(forfatter)
        properties.last_modified_by = ""
        properties.language = SPROG
        properties.revision = 1
        properties.created = properties.modified = document_time()
        for printed in element.findall(f"{{{_CORE_NS}}}lastPrinted"):
            element.remove(printed)  # the template's last print: not this paper's
    styles = document.part._styles_part
    if not (isinstance(styles, _Kopi) and styles.uroert):
        # (an untouched copy is its template's styles, which `_Forlaeg` gave da-DK)
        set_language(styles.element)


_CORE_NS = "http://schemas.openxmlformats.org/package/2006/metadata/core-properties"
_CUSTOM_NS = "http://schemas.openxmlformats.org/officeDocument/2006/custom-properties"


@contextlib.contextmanager
def _core_namespace() -> Iterator[None]:
    """python-docx's "cp" prefix as python-docx means it, for the time of the block.

    docxcompose (which docxtpl imports for sub-documents) rebinds the prefix "cp" in
    python-docx's shared namespace map to the custom-properties namespace, so
    python-docx would then write cp:lastModifiedBy and cp:revision into core.xml in
    the wrong namespace, and read them back as empty. docxcompose's own code needs
    its binding, so it is put back after.
    """
    from docx.oxml.ns import nsmap

    shared = nsmap.get("cp")
    nsmap["cp"] = _CORE_NS
    try:
        yield
    finally:
        if shared is not None:
            nsmap["cp"] = shared


def set_language(styles: Any) -> None:
    """w:docDefaults' text language becomes da-DK (kept for East Asian and bidi text).

    The bundled templates have it; a user's own template may not, or may say en-US.
    """
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls, qn

    defaults = styles.find(qn("w:docDefaults"))
    if defaults is None:
        defaults = parse_xml(f"<w:docDefaults {nsdecls('w')}/>")
        styles.insert(0, defaults)
    r_default = defaults.find(qn("w:rPrDefault"))
    if r_default is None:
        r_default = parse_xml(f"<w:rPrDefault {nsdecls('w')}/>")
        defaults.insert(0, r_default)
    r_pr = r_default.find(qn("w:rPr"))
    if r_pr is None:
        r_pr = parse_xml(f"<w:rPr {nsdecls('w')}/>")
        r_default.append(r_pr)
    lang = r_pr.find(qn("w:lang"))
    if lang is None:
        lang = parse_xml(f"<w:lang {nsdecls('w')}/>")
        later = {qn(f"w:{tag}") for tag in ("eastAsianLayout", "specVanish", "oMath")}
        position = next((i for i, child in enumerate(r_pr) if child.tag in later), len(r_pr))
        r_pr.insert(position, lang)
    lang.set(qn("w:val"), SPROG)


def _one_line(text: str) -> str:
    """A property as Word holds it: one line, no characters XML can't carry."""
    kept = "".join(c for c in text if c.isprintable() or c.isspace())
    return " ".join(kept.split())


# --- the titles and authors of the documents --------------------------------------------


def dagsordenstitel(udvalg: str, moededato: dt.date, *, referat: bool = False) -> str:
    """ "Socialudvalget – dagsorden 19.11.2014" ("– referat" for the minutes)."""
    return f"{udvalg} – {'referat' if referat else 'dagsorden'} {moededato:%d.%m.%Y}"


def punkttitel(punkt: int | None, titel: str) -> str:
    """ "Punkt 2: Deltagelse i ..."; the title alone for a case without a punkt."""
    return f"Punkt {punkt}: {titel}" if punkt else titel


def bilagstitel(bilag: int, punkt: int, titel: str) -> str:
    """ "Bilag 1 til punkt 3: Evaluering af ..."."""
    return f"Bilag {bilag} til punkt {punkt}: {titel}"


def forfattere(*grupper: Iterable[str]) -> str:
    """The author of a document by several: the names common to every group, in the
    first group's order, separated as Word separates authors ("A; B"). One group: its
    names (an indstilling's indstillere); a meeting: the forvaltning behind every
    punkt, or "" when they differ."""
    lists = [[" ".join(n.split()) for n in gruppe if n and n.strip()] for gruppe in grupper]
    lists = [names for names in lists if names]
    if not lists:
        return ""
    common = [n for n in dict.fromkeys(lists[0]) if all(n in names for names in lists[1:])]
    return "; ".join(common)
