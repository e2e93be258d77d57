"""Filling docxtpl templates: the Jinja environment, Danish filters, and errors.

A template is read from disk once per run (`Skabelon.load`) and then renders as
many documents as needed. The Jinja environment is sandboxed, autoescapes every
value (so '&' and '<' in a case are text, not XML) and is strict: a variable the
template uses but the code doesn't give is an error naming the variable and the
template, never a blank in a committee paper.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import jinja2
from docxtpl import DocxTemplate
from jinja2.sandbox import ImmutableSandboxedEnvironment, SandboxedEnvironment, SecurityError

from dagsorden import danish
from dagsorden.errors import TemplateError
from dagsorden.output import write_atomically
from dagsorden.zipcheck import OfficeFileError, check_office_file


def _templates_folder() -> Path:
    """templates/ of the repository, or its copy inside an installed wheel."""
    packaged = Path(__file__).resolve().parent / "templates"
    return packaged if packaged.is_dir() else Path(__file__).resolve().parents[1] / "templates"


TEMPLATES = _templates_folder()


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


class DataOnlySandbox(ImmutableSandboxedEnvironment):
    """A sandbox where a template can show data and apply filters, nothing more.

    Jinja's sandbox blocks private attributes but still lets a template call any
    public method (`{{ sag.fil.unlink() }}` would delete a file); templates come
    from other offices, so here no call is safe. Filters are not calls and work.
    """

    def is_safe_callable(self, obj: Any) -> bool:
        return False


def jinja_environment() -> SandboxedEnvironment:
    env = DataOnlySandbox(undefined=jinja2.StrictUndefined, autoescape=True)
    env.filters.update(FILTERS)
    return env


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
    if isinstance(exc, SecurityError):
        return TemplateError(
            f"{path}: skabelonen prøver at bruge noget, den ikke må ({exc}). En skabelon må "
            "kun vise data og bruge filtre; feltet er afvist.",
            skabelon=str(path),
        )
    if isinstance(exc, jinja2.TemplateSyntaxError):
        context = " ".join(getattr(exc, "docx_context", []) or [])
        near = f" (nær: {' '.join(context.split())[:120]})" if context.strip() else ""
        return TemplateError(
            f"{path}: skabelonen har et ugyldigt felt: {exc.message}{near}", skabelon=str(path)
        )
    return TemplateError(f"{path}: skabelonen kunne ikke udfyldes: {exc}", skabelon=str(path))


class Skabelon:
    """A Word template read once, rendering any number of documents."""

    def __init__(self, path: Path, data: bytes) -> None:
        self.path = path
        self._data = data
        self.env = jinja_environment()

    @classmethod
    def load(cls, path: Path) -> Skabelon:
        """Reads and checks a template; raises TemplateError naming the file."""
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise TemplateError(f"{path}: skabelonen kan ikke læses ({exc.strerror}).") from exc
        try:
            check_office_file(data, "Word-dokument (.docx)")
        except OfficeFileError as exc:
            if exc.kind != "ikke zip":  # a file that is no zip at all: the message below
                raise TemplateError(
                    f"{path}: skabelonen kan ikke bruges. {exc.message}", skabelon=str(path)
                ) from exc
        if not zipfile.is_zipfile(io.BytesIO(data)):
            raise TemplateError(f"{path}: skabelonen er ikke et Word-dokument (.docx).")
        return cls(path, data)

    @classmethod
    def standard(cls, name: str) -> Skabelon:
        """The template `name` ("indstilling"): the working folder's own
        `templates/<name>.docx` if there is one, else the bundled one."""
        own = Path.cwd() / "templates" / f"{name}.docx"
        return cls.load(own if own.is_file() else TEMPLATES / f"{name}.docx")

    def new_document(self) -> DocxTemplate:
        """A fresh document to fill: make sub-documents on it, then `render` it."""
        return DocxTemplate(io.BytesIO(self._data))

    def render(self, document: DocxTemplate, context: dict[str, Any]) -> DocxTemplate:
        try:
            document.render(context, jinja_env=self.env, autoescape=True)
        except jinja2.TemplateError as exc:
            raise _template_error(self.path, exc) from exc
        return document

    def write(self, document: DocxTemplate, context: dict[str, Any], target: Path) -> Path:
        """Renders `document` and writes it to `target`, whole or not at all."""
        self.render(document, context)
        return write_atomically(target, document.save, overwrite=True)
