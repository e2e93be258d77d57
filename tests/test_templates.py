"""The bundled templates (templates/*.docx) against the code that fills them.

A template is a file people open in Word, restyle and keep, so it is the source of
truth: no script rewrites it. These tests hold the code and the templates together:

- every field a template uses is one the code gives it (else a municipality's paper
  would fail on a name that doesn't exist), and the code gives nothing no template
  uses (a value nobody shows is dead code or a field someone forgot to add);
- the templates carry proper document properties and no unused parts;
- what `dagsorden byg` writes defines every style it references.

What the code gives is not copied here by hand: the bundled example is built through
the CLI (`dagsorden byg`, with and without --referat, and the one-document commands)
while `Skabelon.render` records each context, so the tests follow the code.
"""

from __future__ import annotations

import shutil
import zipfile
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import jinja2
import pytest
from click.testing import CliRunner
from docx import Document
from docxtpl import DocxTemplate
from jinja2 import nodes
from lxml import etree

from dagsorden.cli import main
from dagsorden.dokumenter.render import TEMPLATES, Skabelon

ROOT = Path(__file__).resolve().parents[1]
NAMES = ("dagsorden", "indstilling", "notat", "oekonomi", "statusbilag")
TITLES = {
    "dagsorden": "Skabelon: Dagsorden",
    "indstilling": "Skabelon: Indstilling",
    "notat": "Skabelon: Notat",
    "oekonomi": "Skabelon: Økonomi",
    "statusbilag": "Skabelon: Statusbilag",
}
MAX_BYTES = 20_000
"""A template is a page of fields and the ~40 styles it and the code use: ~11 KB
(60 KB unpacked). python-docx's default document, which they started from, made each
37 KB (830 KB unpacked, 170 styles)."""

MAX_UNPACKED_BYTES = 100_000

LEFTOVERS = (
    "word/stylesWithEffects.xml",
    "word/glossary/",
    "docProps/thumbnail.",
    "customXml/",
)
"""Parts of python-docx's default document no template uses: Word 2010's copy of the
styles, a glossary, a picture of a blank page, an empty bibliography."""

EACH = "[]"
"""A path step meaning "each item of a list", as in pejlemaerker[].titel."""

KNOWN_UNUSED: dict[str, set[str]] = {}
"""Values the code gives that no template uses, known and to be removed from the code
(dokumenter/statusbilag.py gives each pejlemærke's missing-status rule text). The test
fails when one goes away too, so this list can only shrink."""

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
STYLE_REFERENCES = ("pStyle", "rStyle", "tblStyle")

# --- what the templates use ------------------------------------------------------------

FieldPath = tuple[str, ...]


def template_source(path: Path, *, properties: bool = True) -> str:
    """The Jinja source docxtpl renders: the body and the headers and footers, patched
    as docxtpl patches them, and the core properties it renders too."""
    template = DocxTemplate(path)
    template.init_docx()
    source = [template.patch_xml(template.get_xml())]
    for uri in (template.HEADER_URI, template.FOOTER_URI):
        for _id, part in template.get_headers_footers(uri):
            source.append(template.patch_xml(template.get_part_xml(part)))
    if properties:
        core = template.docx.core_properties
        source += [getattr(core, name) or "" for name in ("author", "comments", "title")]
    return "\n".join(source)


def used_paths(source: str) -> set[FieldPath]:
    """Every name and attribute path the template reads: ("sag", "titel"), and for a
    loop `for pm in pejlemaerker` the items' attributes ("pejlemaerker", "[]", "titel")."""
    used: set[FieldPath] = set()

    def path_of(node: nodes.Node, scope: dict[str, FieldPath | None]) -> FieldPath | None:
        if isinstance(node, nodes.Name):
            return scope.get(node.name, (node.name,))
        if isinstance(node, nodes.Getattr):
            base = path_of(node.node, scope)
            return None if base is None else (*base, node.attr)
        if isinstance(node, nodes.Getitem) and isinstance(node.arg, nodes.Const):
            base = path_of(node.node, scope)
            return None if base is None else (*base, str(node.arg.value))
        return None

    def visit(node: nodes.Node, scope: dict[str, FieldPath | None]) -> None:
        if isinstance(node, nodes.Name | nodes.Getattr | nodes.Getitem):
            path = path_of(node, scope)
            if path is not None:
                used.add(path)
                return
        if isinstance(node, nodes.For):
            visit(node.iter, scope)
            items = path_of(node.iter, scope)
            inner = dict(scope, loop=None)
            for target in node.target.find_all(nodes.Name):
                inner[target.name] = None
            if isinstance(node.target, nodes.Name):
                inner[node.target.name] = None if items is None else (*items, EACH)
            for child in (*node.body, *([node.test] if node.test else [])):
                visit(child, inner)
            for child in node.else_:
                visit(child, scope)
            return
        for child in node.iter_child_nodes():
            visit(child, scope)

    visit(jinja2.Environment().parse(source), {})
    return used


def show(path: FieldPath) -> str:
    return ".".join(path).replace(f".{EACH}", EACH)


# --- what the code gives -------------------------------------------------------------


@dataclass
class Rendered:
    """Every context the code rendered a bundled template with, and what it wrote."""

    contexts: dict[str, list[dict[str, Any]]]
    written: Path


@pytest.fixture(scope="module")
def rendered(tmp_path_factory) -> Iterator[Rendered]:
    project = tmp_path_factory.mktemp("projekt")
    shutil.copytree(ROOT / "cases", project / "cases")
    shutil.copytree(ROOT / "workbooks", project / "workbooks")
    (project / "ud" / "oekonomi").mkdir(parents=True)
    contexts: dict[str, list[dict[str, Any]]] = defaultdict(list)
    original = Skabelon.render

    def recording(self: Skabelon, document: Any, context: dict[str, Any]) -> Any:
        assert self.path.parent == TEMPLATES, self.path
        contexts[self.path.stem].append(context)
        return original(self, document, context)

    commands = (
        ["byg", "cases/moede.yaml", "-o", "ud/byg", "--stille"],
        ["byg", "cases/moede.yaml", "-o", "ud/referat", "--stille", "--referat"],
        ["indstilling", "cases/forebyggelse", "-o", "ud/indstilling"],
        ["notat", "cases/notater/seksby.md", "-o", "ud/notat"],
        ["statusbilag", "workbooks/eksempler", "-o", "ud/status/statusbilag.docx"],
        ["oekonomi", "cases/forebyggelse/budget.xlsx", "-o", "ud/oekonomi/tabel.docx"],
    )
    with pytest.MonkeyPatch.context() as patch:
        patch.chdir(project)
        patch.setattr(Skabelon, "render", recording)
        for command in commands:
            result = CliRunner().invoke(main, command)
            assert result.exit_code == 0, (command, result.output)
    yield Rendered(dict(contexts), project / "ud")


def resolve(value: Any, path: FieldPath) -> tuple[bool, bool]:
    """(found somewhere, missing somewhere) for `path` in a context value: a key of a
    dict, an attribute of anything else, each item of a list. None and empty lists
    prove nothing either way (a template only reads on behind an `if` or a `for`)."""
    if not path:
        return True, False
    if value is None:
        return False, False
    step, rest = path[0], path[1:]
    if step == EACH:
        results = [resolve(item, rest) for item in value]
        return any(f for f, _ in results), any(m for _, m in results)
    if isinstance(value, dict):
        return resolve(value[step], rest) if step in value else (False, True)
    if not hasattr(value, step):
        return False, True
    return resolve(getattr(value, step), rest)


def given_paths(value: Any, path: FieldPath) -> Iterator[FieldPath]:
    """The paths of every key of every dict the code built for a template (a domain
    object such as a Sag is given whole; its unused fields are no drift)."""
    if isinstance(value, dict):
        for key, item in value.items():
            yield (*path, key)
            yield from given_paths(item, (*path, key))
    elif isinstance(value, list | tuple):
        for item in value:
            yield from given_paths(item, (*path, EACH))


@pytest.mark.parametrize("name", NAMES)
def test_the_code_fills_every_template(rendered, name):
    assert rendered.contexts.get(name), f"{name}.docx blev ikke brugt af eksemplet"


@pytest.mark.parametrize("name", NAMES)
def test_template_names_are_the_ones_docxtpl_finds(name):
    path = TEMPLATES / f"{name}.docx"
    names = {p[0] for p in used_paths(template_source(path, properties=False))}
    environment = Skabelon.load(path).env  # its filters, as the code renders
    assert names == DocxTemplate(path).get_undeclared_template_variables(environment)


@pytest.mark.parametrize("name", NAMES)
def test_every_variable_a_template_uses_is_given(rendered, name):
    used = used_paths(template_source(TEMPLATES / f"{name}.docx"))
    for context in rendered.contexts[name]:
        assert {p[0] for p in used} <= context.keys(), name
    missing, unproven = set(), set()
    for path in used:
        results = [resolve(context, path) for context in rendered.contexts[name]]
        if any(m for _, m in results):
            missing.add(show(path))
        elif not any(f for f, _ in results):
            unproven.add(show(path))
    assert not missing, f"{name}.docx bruger felter, koden ikke giver: {sorted(missing)}"
    assert not unproven, f"eksemplet viser aldrig {sorted(unproven)} i {name}.docx"


@pytest.mark.parametrize("name", NAMES)
def test_the_code_gives_nothing_a_template_does_not_use(rendered, name):
    used = used_paths(template_source(TEMPLATES / f"{name}.docx"))
    prefixes = {path[:n] for path in used for n in range(1, len(path) + 1)}
    unused = {
        show(path)
        for context in rendered.contexts[name]
        for path in given_paths(context, ())
        if path not in prefixes
    }
    known = KNOWN_UNUSED.get(name, set())
    assert unused - known == set(), f"koden giver {name}.docx felter, den ikke bruger"
    assert known <= unused, f"fjern {sorted(known - unused)} fra KNOWN_UNUSED"


# --- the templates as files ----------------------------------------------------------


@pytest.mark.parametrize("name", NAMES)
def test_template_is_small(name):
    path = TEMPLATES / f"{name}.docx"
    assert path.stat().st_size < MAX_BYTES
    with zipfile.ZipFile(path) as archive:
        names = archive.namelist()
        assert sum(info.file_size for info in archive.infolist()) < MAX_UNPACKED_BYTES
        properties = archive.read("docProps/core.xml") + archive.read("docProps/app.xml")
    assert not [n for n in names if n.startswith(LEFTOVERS)]
    assert b"python-docx" not in properties and b"Macintosh" not in properties


@pytest.mark.parametrize("name", NAMES)
def test_template_properties(name):
    properties = Document(str(TEMPLATES / f"{name}.docx")).core_properties
    assert properties.title == TITLES[name]
    assert properties.language == "da-DK"
    assert "python-docx" not in (properties.author, properties.last_modified_by)
    assert not properties.comments and not properties.keywords
    assert properties.created and properties.modified
    made = datetime(2026, 1, 1, tzinfo=UTC)
    assert made <= properties.created <= properties.modified <= datetime.now(UTC)


@pytest.mark.parametrize("name", NAMES)
def test_template_defines_the_styles_the_code_uses(name):
    document = Document(str(TEMPLATES / f"{name}.docx"))
    styles = {style.name for style in document.styles}
    code = {
        *(f"Heading {n}" for n in range(1, 10)),
        *(f"List {kind}{level}" for kind in ("Bullet", "Number") for level in ("", " 2", " 3")),
        "Caption",
        "Table Grid",
    }
    assert code <= styles
    if name == "statusbilag":
        assert "Fodnote" in styles


def test_every_style_a_written_document_references_is_defined(rendered):
    written = sorted(rendered.written.rglob("*.docx"))
    assert len(written) > 20
    for path in written:
        with zipfile.ZipFile(path) as archive:
            styles = etree.fromstring(archive.read("word/styles.xml"))
            defined = {s.get(f"{{{W}}}styleId") for s in styles.iter(f"{{{W}}}style")}
            referenced = set()
            for part in archive.namelist():
                if part.startswith("word/") and part.endswith(".xml"):
                    root = etree.fromstring(archive.read(part))
                    for tag in STYLE_REFERENCES:
                        referenced |= {e.get(f"{{{W}}}val") for e in root.iter(f"{{{W}}}{tag}")}
        assert referenced <= defined, (path.name, referenced - defined)


def test_every_written_document_has_its_own_title_and_date(rendered):
    """The template's own properties ("Skabelon: Indstilling", the day it was made)
    never reach a paper: a PDF reader shows the title and a screen reader reads it."""
    import datetime as dt

    from docx import Document

    titles = {}
    for path in sorted(rendered.written.rglob("*.docx")):
        properties = Document(str(path)).core_properties
        assert not properties.title.startswith("Skabelon"), path
        assert properties.title.strip(), path
        assert properties.created.date() >= dt.date.today() - dt.timedelta(days=1), path
        titles[path.relative_to(rendered.written).as_posix()] = properties.title
    assert titles["indstilling/3-forebyggelse.docx"] == (
        "Punkt 3: Deltagelse i Socialministeriets forebyggelsesprojekt"
    )
    assert titles["byg/medlemmer/dagsorden.docx"] == "Socialudvalget – dagsorden 19.11.2014"
    assert titles["status/statusbilag.docx"].startswith("Status på pejlemærkerne")
