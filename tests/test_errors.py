"""The one error channel (issue 10 §2).

Every problem a user can fix is a DagsordenError with a Danish message; Danish text
never travels in a plain ValueError; a library error is translated where it is
caught (`errors.translate`); the CLI catches once and exits 0 / 1 / 2 / 130.
The first tests read the package's source (AST), so a new module is checked too.
"""

from __future__ import annotations

import ast
import builtins
import importlib
import os
import re
import signal
import subprocess
import sys
import textwrap
from dataclasses import dataclass
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from dagsorden import errors
from dagsorden.cli import main
from dagsorden.errors import (
    LIBRARY_ERRORS,
    CaseError,
    ConfigError,
    DagsordenError,
    PakkeError,
    Problem,
    WorkbookError,
    is_library_error,
    library_message,
    translate,
)

PACKAGE = Path(errors.__file__).resolve().parent
ROOT = PACKAGE.parent

# --- reading the package ----------------------------------------------------------


def _modules() -> dict[str, ast.Module]:
    return {
        path.relative_to(ROOT).as_posix(): ast.parse(path.read_text("utf-8"), str(path))
        for path in sorted(PACKAGE.rglob("*.py"))
    }


MODULES = _modules()


def _name(node: ast.expr) -> str:
    """The last name of a callee or type: `ValueError`, `jinja2.TemplateError` ->
    `TemplateError`, `CaseError.at` -> `at`."""
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        return node.attr
    return ""


def _tree_classes() -> set[str]:
    """DagsordenError and the names of every class of the package below it."""
    bases: dict[str, set[str]] = {}
    for tree in MODULES.values():
        for node in ast.walk(tree):
            if isinstance(node, ast.ClassDef):
                bases.setdefault(node.name, set()).update(_name(b) for b in node.bases)
    tree_names = {"DagsordenError"}
    grown = True
    while grown:
        grown = False
        for name, parents in bases.items():
            if name not in tree_names and parents & tree_names:
                tree_names.add(name)
                grown = True
    return tree_names


TREE = _tree_classes()


def _other_exception_classes() -> set[str]:
    """The package's exception classes outside the tree (Invalid, Graense, ...)."""
    classes = {
        node.name: {_name(b) for b in node.bases}
        for tree in MODULES.values()
        for node in ast.walk(tree)
        if isinstance(node, ast.ClassDef) and node.name not in TREE
    }

    def is_exception(name: str) -> bool:
        builtin = getattr(builtins, name, None)
        return (isinstance(builtin, type) and issubclass(builtin, BaseException)) or name.endswith(
            ("Error", "Exception")
        )

    found = {name for name, bases in classes.items() if any(is_exception(b) for b in bases)}
    grown = True
    while grown:
        grown = False
        for name, bases in classes.items():
            if name not in found and bases & found:
                found.add(name)
                grown = True
    return found


OTHER_CLASSES = _other_exception_classes()


def _translators() -> set[str]:
    """Functions that return a DagsordenError (by their return annotation)."""
    found = set()
    for tree in MODULES.values():
        for node in ast.walk(tree):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef) and node.returns:
                returned = node.returns
                name = (
                    returned.value
                    if isinstance(returned, ast.Constant) and isinstance(returned.value, str)
                    else _name(returned)
                )
                if name in TREE:
                    found.add(node.name)
    return found


TRANSLATORS = _translators()


def _is_foreign_exception(name: str) -> bool:
    """A class of exception that is no DagsordenError: a builtin one, one of the
    package's own outside the tree, or a library's (by its name)."""
    if name in TREE or not name:
        return False
    builtin = getattr(builtins, name, None)
    if isinstance(builtin, type) and issubclass(builtin, BaseException):
        return True
    if name in OTHER_CLASSES:
        return True
    return name.endswith(("Error", "Exception"))


DANISH = re.compile(
    r"[æøåÆØÅ]|\b(?:ikke|er|skal|kan|har|mangler|findes|eller|og|til|med|af|ingen|som|fra|"
    r"efter|kræver|mindst|mere|giver|den|det|der|en|et|ud|hvis|alle|tom|tegn|linje|"
    r"filen|filer|cellen|arbejdsbog|skabelonen|delen|sagen|mappen)\b",
    re.IGNORECASE,
)


def _texts(call: ast.Call) -> list[str]:
    return [
        node.value
        for arg in [*call.args, *(k.value for k in call.keywords)]
        for node in ast.walk(arg)
        if isinstance(node, ast.Constant) and isinstance(node.value, str)
    ]


def _enclosing_functions(tree: ast.Module) -> dict[ast.AST, str]:
    owner: dict[ast.AST, str] = {}

    def visit(node: ast.AST, function: str) -> None:
        for child in ast.iter_child_nodes(node):
            name = (
                child.name
                if isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef)
                else function
            )
            owner[child] = name
            visit(child, name)

    visit(tree, "<module>")
    return owner


# --- Danish text only in DagsordenErrors ------------------------------------------

KNOWN_DANISH_OUTSIDE_THE_TREE: dict[tuple[str, str], str] = {
    # (module, exception class): why it may still carry Danish text. Each entry is a
    # debt to pay: give the class a place in errors.py's tree (or make the caller
    # record a problem), then remove it here.
    ("dagsorden/dokumenter/render.py", "Graense"): (
        "a jinja2 SecurityError from inside the sandbox; _template_error turns it into "
        "TemplateError"
    ),
    ("dagsorden/dokumenter/render.py", "TemplateSyntaxError"): (
        "jinja2's own error, raised for a refused construct so jinja2 adds the line; "
        "_template_error turns it into TemplateError"
    ),
}


@dataclass(frozen=True)
class Construction:
    module: str
    line: int
    exception: str
    texts: tuple[str, ...]
    literal: bool


def _foreign_constructions() -> list[Construction]:
    """Every `SomeError(...)` of an exception outside the DagsordenError tree."""
    found = []
    for module, tree in MODULES.items():
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and _is_foreign_exception(_name(node.func)):
                literal = all(isinstance(a, ast.Constant | ast.JoinedStr) for a in node.args[:1])
                found.append(
                    Construction(
                        module, node.lineno, _name(node.func), tuple(_texts(node)), literal
                    )
                )
    return found


def test_no_danish_text_outside_the_tree():
    """A ValueError, TypeError, ... is a mistake in our own code: English, never Danish."""
    offending = [
        f"{c.module}:{c.line}: {c.exception}({' '.join(c.texts)!r})"
        for c in _foreign_constructions()
        if any(DANISH.search(t) for t in c.texts)
        and (c.module, c.exception) not in KNOWN_DANISH_OUTSIDE_THE_TREE
    ]
    assert offending == [], "Danish text in an exception outside the tree:\n" + "\n".join(offending)


def test_a_foreign_exception_gets_its_text_written_out():
    """`raise ValueError(problem)` hides its language; write the English text there."""
    hidden = [
        f"{c.module}:{c.line}: {c.exception}(...)"
        for c in _foreign_constructions()
        if not c.literal and (c.module, c.exception) not in KNOWN_DANISH_OUTSIDE_THE_TREE
    ]
    assert hidden == []


def test_the_known_debts_are_still_there():
    """An entry of KNOWN_DANISH_OUTSIDE_THE_TREE goes once its debt is paid."""
    seen = {(c.module, c.exception) for c in _foreign_constructions()}
    assert set(KNOWN_DANISH_OUTSIDE_THE_TREE) <= seen


def test_the_cell_readers_raise_no_plain_value_error():
    from dagsorden.kilder.cells import Cell, read_choice, read_int, read_tal

    for read, text in [
        (read_tal, "ca. 800"),
        (read_tal, "1e3"),
        (read_tal, "1.58"),
        (read_int, "2,5"),
        (lambda c: read_choice(c, ("ja", "nej")), "måske"),
    ]:
        with pytest.raises(errors.CellValueError) as caught:
            read(Cell("B2", text))
        assert not isinstance(caught.value, ValueError)


def test_oekonomi_and_placeholder_errors_are_no_value_errors():
    assert not issubclass(errors.OekonomiError, ValueError)
    assert not issubclass(errors.PlaceholderError, ValueError)
    from dagsorden.kerne.pladsholdere import PlaceholderError

    assert PlaceholderError is errors.PlaceholderError


# --- library errors translated where they are caught ------------------------------

TRANSLATED_ELSEWHERE: dict[tuple[str, str, str], str] = {
    # (module, function, caught error): why the handler itself raises no DagsordenError.
    ("dagsorden/kilder/projekt.py", "find_moedefakta", "YAMLError"): (
        "only the defaults of a new skeleton: a meeting file that can't be read gives the "
        "standard udvalg and date, and `tjek`/`byg` report the file itself"
    ),
    ("dagsorden/dokumenter/render.py", "render_xml_part", "TemplateError"): (
        "docxtpl's own handler, compiled once: adds the template lines (docx_context) and "
        "re-raises; Skabelon.render raises the TemplateError naming the file"
    ),
    ("dagsorden/output.py", "normalise_zip", "BadZipFile"): (
        "runs on a file dagsorden itself just wrote; one that is no zip is left as written"
    ),
    ("dagsorden/kilder/cells.py", "_damaged", "BadZipFile"): (
        "only chooses the message; open_workbook raises the WorkbookError"
    ),
    ("dagsorden/byg/pakke.py", "_printed_headers", "XMLSyntaxError"): (
        "a part that is no XML is copied as it is: LibreOffice and the build's checks "
        "of the bilag say what is wrong with it"
    ),
    ("dagsorden/byg/pakke.py", "copy_sheet_for_print", "BadZipFile"): (
        "a workbook that can't be read is copied as it is: LibreOffice and the build's "
        "checks of the bilag say what is wrong with it"
    ),
    ("dagsorden/kilder/cells.py", "_well_formed", "ExpatError"): (
        "only a test of shape: a part that fails it is read by calamine and then openpyxl, "
        "which words the problem"
    ),
    ("dagsorden/dokumenter/render.py", "_content_types", "BadZipFile"): (
        "no content types means 'not a Word file', which Skabelon raises as TemplateError"
    ),
    ("dagsorden/byg/pakke.py", "_file_problem", "BadZipFile"): (
        "a part's problem, collected; _raise_if_any raises them together as PakkeError"
    ),
    ("dagsorden/byg/pakke.py", "_open_documents", "OpcError"): (
        "collected per part; _raise_if_any raises them together as PakkeError"
    ),
    ("dagsorden/byg/pakke.py", "_open_documents", "XMLSyntaxError"): (
        "collected per part; _raise_if_any raises them together as PakkeError"
    ),
    ("dagsorden/byg/pakke.py", "_open_documents", "BadZipFile"): (
        "collected per part; _raise_if_any raises them together as PakkeError"
    ),
    ("dagsorden/byg/pakke.py", "_read_pdfs", "PdfError"): (
        "collected per PDF; _raise_if_any raises them together as PakkeError"
    ),
    ("dagsorden/byg/pakke.py", "_read_pdfs", "PasswordError"): (
        "collected per PDF; _raise_if_any raises them together as PakkeError"
    ),
    ("dagsorden/byg/persondata.py", "_clean_xmp", "XMLSyntaxError"): (
        "an XMP packet that can't be read goes whole from the public PDF; nothing to report"
    ),
    ("dagsorden/byg/tilgaengelighed.py", "_pdf_title", "XMLSyntaxError"): (
        "an XMP packet that can't be read has no title: the gate reports the missing title"
    ),
    ("dagsorden/byg/pakke.py", "_run", "TimeoutExpired"): (
        "LibreOffice ran out of time: the caller reports the part as PakkeError"
    ),
    ("dagsorden/kilder/front_matter.py", "top_keys", "MarkedYAMLError"): (
        "recorded as a CaseProblem with the line YAML names; the reader raises CaseError"
    ),
    ("dagsorden/kilder/front_matter.py", "top_keys", "ReaderError"): (
        "recorded as a CaseProblem with its line; the reader raises CaseError"
    ),
    ("dagsorden/kilder/front_matter.py", "top_keys", "YAMLError"): (
        "recorded as a CaseProblem; the reader raises CaseError"
    ),
}


def _library_names(tree: ast.Module) -> tuple[dict[str, str], dict[str, str]]:
    """The module's imports from outside the package: {alias: module} for modules,
    {name: module} for names imported from one."""
    modules: dict[str, str] = {}
    names: dict[str, str] = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                if not alias.name.startswith("dagsorden"):
                    modules[alias.asname or alias.name.split(".")[0]] = alias.name
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            if node.module.startswith("dagsorden"):
                continue
            for alias in node.names:
                names[alias.asname or alias.name] = node.module
    return modules, names


def _caught_library_errors(
    handler: ast.ExceptHandler, modules: dict[str, str], names: dict[str, str]
) -> list[type[BaseException]]:
    if handler.type is None:
        return []
    types = handler.type.elts if isinstance(handler.type, ast.Tuple) else [handler.type]
    found = []
    for node in types:
        if isinstance(node, ast.Name) and node.id in names:
            module, attrs = names[node.id], [node.id]
        elif isinstance(node, ast.Attribute):
            chain: list[str] = []
            base: ast.expr = node
            while isinstance(base, ast.Attribute):
                chain.insert(0, base.attr)
                base = base.value
            if not isinstance(base, ast.Name):
                continue
            if base.id in modules:
                module, attrs = modules[base.id], chain
            elif base.id in names:  # `from lxml import etree` ... `etree.XMLSyntaxError`
                module, attrs = f"{names[base.id]}.{base.id}", chain
            else:
                continue
        else:
            continue
        value: object = importlib.import_module(module)
        for attr in attrs:
            if not hasattr(value, attr):  # a submodule not imported by its package
                value = importlib.import_module(f"{value.__name__}.{attr}")  # type: ignore[attr-defined]
            else:
                value = getattr(value, attr)
        if isinstance(value, type) and issubclass(value, BaseException):
            found.append(value)
    return found


def _translates(handler: ast.ExceptHandler) -> bool:
    for node in ast.walk(handler):
        if isinstance(node, ast.Raise) and isinstance(node.exc, ast.Call):
            callee = _name(node.exc.func)
            if callee in TREE or callee in TRANSLATORS or callee == "translate":
                return True
    return False


NOT_LIBRARY_ERRORS = {
    "click": "the CLI's own layer: click's errors are usage errors (exit 2) that "
    "cli/clickdk.py shows in Danish",
}


def _library_handlers() -> list[tuple[str, str, type[BaseException], bool]]:
    found = []
    for module, tree in MODULES.items():
        modules, names = _library_names(tree)
        owner = _enclosing_functions(tree)
        for node in ast.walk(tree):
            if isinstance(node, ast.ExceptHandler):
                for caught in _caught_library_errors(node, modules, names):
                    if caught.__module__.split(".")[0] in NOT_LIBRARY_ERRORS:
                        continue
                    found.append((module, owner[node], caught, _translates(node)))
    return found


def test_library_handlers_are_found():
    """The scan sees the handlers it should (else the next test proves nothing)."""
    caught = {(m, c.__name__) for m, _, c, _ in _library_handlers()}
    assert ("dagsorden/kilder/config.py", "TOMLDecodeError") in caught
    assert ("dagsorden/kilder/cells.py", "InvalidFileException") in caught


def test_every_library_error_caught_is_in_the_mapping():
    unknown = sorted(
        {f"{m}: {c.__module__}.{c.__qualname__}" for m, _, c, _ in _library_handlers()}
        - {
            f"{m}: {c.__module__}.{c.__qualname__}"
            for m, _, c, _ in _library_handlers()
            if errors._library_key(c) is not None
        }
    )
    assert unknown == [], "add these to errors.LIBRARY_ERRORS:\n" + "\n".join(unknown)


def test_every_library_error_caught_becomes_a_dagsorden_error():
    untranslated = [
        f"{module} {function}(): except {caught.__name__}"
        for module, function, caught, translates in _library_handlers()
        if not translates
        and (module, function, caught.__name__) not in TRANSLATED_ELSEWHERE
        and (module, "*", "*") not in TRANSLATED_ELSEWHERE
    ]
    assert untranslated == []


# --- translate --------------------------------------------------------------------


WHERE_DEFINED: dict[str | tuple[str, str], str] = {
    ("xml", "ExpatError"): "xml.parsers.expat",
    "xml": "xml.etree.ElementTree",
    "lxml": "lxml.etree",
    "docx": "docx.opc.exceptions",
    "pypdf": "pypdf.errors",
    "openpyxl": "openpyxl.utils.exceptions",
    "babel": "babel.numbers",
    "defusedxml": "defusedxml.common",
}


def _instance(module: str, name: str) -> BaseException:
    """An instance of a library error, made without its constructor's arguments."""
    where = WHERE_DEFINED.get((module, name)) or WHERE_DEFINED.get(module, module)
    cls = getattr(importlib.import_module(where), name)
    if (module, name) == ("lxml", "XMLSyntaxError"):
        return cls("bad XML", 0, 1, 1)
    return cls.__new__(cls)


@pytest.mark.parametrize(("module", "name"), sorted(LIBRARY_ERRORS))
def test_every_library_error_has_a_danish_meaning(module, name):
    exc = _instance(module, name)
    assert is_library_error(exc)
    assert DANISH.search(library_message(exc))
    translated = translate(exc, "budget.xlsx")
    assert isinstance(translated, DagsordenError)
    assert str(translated) == f"budget.xlsx: {LIBRARY_ERRORS[(module, name)]}"


def test_a_subclass_counts_as_its_base():
    import yaml

    exc = yaml.scanner.ScannerError("while scanning", None, "found", None)
    assert library_message(exc) == LIBRARY_ERRORS[("yaml", "YAMLError")]


def test_translate_gives_each_error_its_shape():
    import zipfile

    exc = zipfile.BadZipFile("File is not a zip file")
    workbook = translate(exc, "a.xlsx", WorkbookError, "Filen er beskadiget.")
    assert isinstance(workbook, WorkbookError)
    assert workbook.problems == (Problem("a.xlsx", "Filen er beskadiget."),)
    case = translate(exc, "sag.md", CaseError)
    assert isinstance(case, CaseError)
    assert (case.file, case.line) == ("sag.md", None)
    packet = translate(exc, Path("bilag.docx"), PakkeError)
    assert isinstance(packet, PakkeError)
    assert packet.filer == ("bilag.docx",)
    config = translate(exc, "dagsorden.toml, linje 3", ConfigError, "ikke TOML.")
    assert str(config) == "dagsorden.toml, linje 3: ikke TOML."


def test_an_os_error_is_told_with_its_reason():
    exc = FileNotFoundError(2, "No such file or directory")
    assert library_message(exc) == "filen kan ikke læses (No such file or directory)"
    assert not is_library_error(exc)


# --- the CLI: one place, four exit codes ------------------------------------------


def _commands(
    group: click.Group, prefix: tuple[str, ...] = ()
) -> dict[tuple[str, ...], click.Command]:
    found: dict[tuple[str, ...], click.Command] = {}
    ctx = click.Context(group)  # the `dagsorden` group loads its commands when asked
    for name in group.list_commands(ctx):
        command = group.get_command(ctx, name)
        if isinstance(command, click.Group):
            found.update(_commands(command, (*prefix, name)))
        else:
            found[(*prefix, name)] = command
    return found


def _arguments(tmp_path: Path) -> dict[tuple[str, ...], list[str]]:
    """Arguments each command accepts, so that its body runs."""
    folder = tmp_path / "mappe"
    folder.mkdir(exist_ok=True)
    (folder / "sag.md").write_text("", "utf-8")
    workbook = tmp_path / "budget.xlsx"
    workbook.write_bytes(b"")
    note = tmp_path / "notat.md"
    note.write_text("", "utf-8")
    meeting = tmp_path / "vis-moede.yaml"
    meeting.write_text("", "utf-8")
    return {
        ("byg",): [],
        ("ny", "pejlemaerke"): [str(tmp_path / "ny.xlsx")],
        ("ny", "budget"): [str(tmp_path / "ny.xlsx")],
        ("ny", "projekt"): [str(tmp_path / "projekt")],
        ("ny", "moede"): [str(tmp_path / "moede.yaml")],
        ("ny", "sag"): [str(tmp_path / "sag")],
        ("ny", "notat"): [str(tmp_path / "ny.md")],
        ("oekonomi",): [str(workbook)],
        ("tjek",): [str(folder)],
        ("indstilling",): [str(folder)],
        ("notat",): [str(note)],
        ("statusbilag",): [str(folder)],
        ("status",): [str(folder)],
        ("opgrader",): [str(folder)],
        ("vis",): [str(meeting)],
    }


def test_every_command_has_arguments_here(tmp_path):
    assert set(_arguments(tmp_path)) == set(_commands(main))


def _invoke_raising(monkeypatch, tmp_path, path, error: BaseException):
    def body(**_kwargs: object) -> None:
        raise error

    monkeypatch.setattr(_commands(main)[path], "callback", body)
    monkeypatch.chdir(tmp_path)
    return CliRunner().invoke(main, [*path, *_arguments(tmp_path)[path]])


COMMANDS = sorted(_commands(main))


@pytest.mark.parametrize("path", COMMANDS, ids=" ".join)
def test_a_dagsorden_error_exits_1_in_danish(monkeypatch, tmp_path, path):
    result = _invoke_raising(monkeypatch, tmp_path, path, DagsordenError("Noget er galt."))
    assert result.exit_code == 1
    assert result.stderr == "Fejl: Noget er galt.\n"
    assert result.stdout == ""


@pytest.mark.parametrize("path", COMMANDS, ids=" ".join)
def test_ctrl_c_exits_130_for_every_command(monkeypatch, tmp_path, path):
    result = _invoke_raising(monkeypatch, tmp_path, path, KeyboardInterrupt())
    assert result.exit_code == 130
    assert result.stderr.strip() == "Afbrudt."


def test_workbook_problems_are_listed_with_their_count(monkeypatch, tmp_path):
    error = WorkbookError(
        [Problem("a.xlsx", "Filen findes ikke."), Problem("b.xlsx", "Tom.", "Delmål", "C4")]
    )
    result = _invoke_raising(monkeypatch, tmp_path, ("tjek",), error)
    assert result.exit_code == 1
    assert result.stderr == (
        "a.xlsx: Filen findes ikke.\nb.xlsx, ark 'Delmål', celle C4: Tom.\n2 problemer fundet.\n"
    )


def test_case_problems_are_listed_as_they_are(monkeypatch, tmp_path):
    result = _invoke_raising(
        monkeypatch, tmp_path, ("indstilling",), CaseError.at("sag.md", 3, "Titel mangler.")
    )
    assert result.exit_code == 1
    assert result.stderr == "sag.md, linje 3: Titel mangler.\n"


def test_a_real_dagsorden_error_exits_1(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["tjek", str(tmp_path)])
    assert result.exit_code == 1
    assert result.stderr == (
        "Fejl: Ingen mødefil (moede.yaml) eller arbejdsbøger (.xlsx) at tjekke. Angiv dem, "
        "fx dagsorden tjek cases/moede.yaml\n"
    )


def test_done_exits_0():
    result = CliRunner().invoke(main, ["--version"])
    assert result.exit_code == 0
    assert result.stdout.startswith("dagsorden ")


def test_a_usage_error_exits_2_in_danish():
    result = CliRunner().invoke(main, ["status", "--ukendt"])
    assert result.exit_code == 2
    assert "Fejl: Ukendt tilvalg '--ukendt'." in result.stderr


def test_a_programming_error_is_not_hidden(monkeypatch, tmp_path):
    """A ValueError is a mistake of ours: it is not dressed up as a user's problem."""
    result = _invoke_raising(monkeypatch, tmp_path, ("status",), ValueError("a bug"))
    assert isinstance(result.exception, ValueError)
    assert "Fejl" not in result.stderr


def test_ctrl_c_in_a_real_process_exits_130(tmp_path):
    """A real SIGINT, not a raised KeyboardInterrupt: `status` stands in for a slow
    command by signalling itself and waiting."""
    script = textwrap.dedent(
        """
        import os, signal, time
        from dagsorden.cli import main

        # As in a terminal: a job started in the background of a script inherits
        # SIGINT ignored, and then no Ctrl-C can reach it at all.
        signal.signal(signal.SIGINT, signal.default_int_handler)

        def slow(**_kwargs):
            os.kill(os.getpid(), signal.SIGINT)
            time.sleep(30)

        from dagsorden.cli.kommandoer import KOMMANDOER
        KOMMANDOER["status"].callback = slow
        main(["status"], prog_name="dagsorden")
        """
    )
    result = subprocess.run(
        [sys.executable, "-c", script],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=60,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    assert result.returncode == 130, result.stderr
    assert result.stderr.strip() == "Afbrudt."
    assert "Traceback" not in result.stderr
    assert signal.SIGINT == 2  # 130 = 128 + SIGINT
