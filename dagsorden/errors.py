"""The one exception tree of dagsorden.

Everything a user can get wrong is raised as a subclass of `DagsordenError`, whose
message is Danish and names the place of the problem (file, and sheet and cell, or
line, where there is one). The CLI catches that root alone, in one place (the
`dagsorden` group), prints the message and exits 1; click's usage errors exit 2;
Ctrl-C exits 130::

    DagsordenError              any problem the user can fix
    ├── WorkbookError           every problem in one or more Excel workbooks, each a
    │                           `Problem` with file, sheet and cell (kilder: the readers)
    ├── CellValueError          one cell's value is not what its column asks for; raised
    │                           by the cell readers (kilder/cells.py), caught by the
    │                           workbook reader, which adds sheet and cell and reports it
    │                           inside its WorkbookError
    ├── CaseError               every problem in a case or notat file, each a
    │                           `CaseProblem` with file and line (kilder: sag, notat, ...)
    ├── TalError                a text that is no Danish figure ("ca. 800"); raised by
    │                           kerne/danish.py `parse_tal`, re-raised by the cell
    │                           readers as CellValueError
    ├── PlaceholderError        a `{beløb}`-placeholder that can't be filled; raised by
    │                           kerne/pladsholdere.py, reported by its caller as a
    │                           CaseError at the line of the text
    ├── ConfigError             a bad dagsorden.toml (kilder/config.py)
    ├── OekonomiError           a budget can't give what the text asks of it: a line it
    │                           doesn't have, years from columns that are no years
    │                           (kerne/oekonomi.py)
    ├── OutputError             an output file or folder that can't be written safely
    │                           (output.py, byg)
    ├── PakkeError              a meeting packet part can't be read or converted to PDF
    │                           (byg/pakke.py)
    ├── BuildError              every problem of a meeting's build, together (byg)
    ├── Ulaeselig               a file of a meeting that can't be searched for CPR numbers
    │                           or stripped of its authors (byg/persondata.py); the build
    │                           reports it as a problem line of its BuildError
    ├── YamlAfvist              front matter YAML refused before it is read: an alias or
    │                           anchor, or nested too deep (kilder/front_matter.py); the
    │                           reader records it as a CaseProblem with its line
    ├── OfficeFileError         an Office file that is not read: encrypted, old format,
    │                           no zip, broken, too large, a DTD (zipcheck.py); each
    │                           reader re-raises it as its own error with the file named
    ├── FileProblem             a file the user named that is not read: missing, a folder,
    │                           a pipe, too large (zipcheck.py); re-raised with the file named
    └── TemplateError           a Word template that can't be read or filled
                                (dokumenter/render.py)

Third-party errors (zipfile, openpyxl, lxml, tomllib, yaml, jinja2, python-docx,
pypdf, ...) are translated where they happen, with ``raise translate(exc, where, ...)
from exc``: `LIBRARY_ERRORS` below is the one list of those errors and what each
means to a user, so no library exception reaches the user as it is. An error that is
not in this tree (ValueError, TypeError, ...) is a mistake in dagsorden's own code:
its message is English and the CLI shows it with its traceback.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path


class DagsordenError(Exception):
    """A problem the user can fix; the message is shown as it is."""


@dataclass(frozen=True)
class Problem:
    """One thing wrong in a workbook, with where it is.

    `sheet` and `cell` are empty when the problem concerns the file as a whole
    (not an .xlsx, a missing sheet).
    """

    file: str
    message: str
    sheet: str = ""
    cell: str = ""

    def __str__(self) -> str:
        where = [self.file]
        if self.sheet:
            where.append(f"ark '{self.sheet}'")
        if self.cell:
            where.append(f"celle {self.cell}")
        return f"{', '.join(where)}: {self.message}"


class WorkbookError(DagsordenError):
    """Every problem found in one or more workbooks, reported together."""

    def __init__(self, problems: Iterable[Problem]) -> None:
        self.problems: tuple[Problem, ...] = tuple(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


@dataclass(frozen=True)
class CaseProblem:
    """One thing wrong in a case file, with its line (1-based) in that file.

    `line` is None when the problem concerns the file as a whole (it is missing,
    it can't be read).
    """

    file: str
    line: int | None
    message: str

    def __str__(self) -> str:
        if self.line is None:
            return f"{self.file}: {self.message}"
        return f"{self.file}, linje {self.line}: {self.message}"


class CaseError(DagsordenError):
    """Every problem found in a case file (sag.md), reported together.

    Printed one problem per line, ``<fil>, linje <n>: <besked>``, in the order of
    the file. `file` and `line` are those of the first problem.
    """

    def __init__(self, problems: Iterable[CaseProblem]) -> None:
        ordered = sorted(problems, key=lambda p: -1 if p.line is None else p.line)
        if not ordered:
            raise ValueError("CaseError needs at least one problem")
        self.problems: tuple[CaseProblem, ...] = tuple(ordered)
        super().__init__("\n".join(str(p) for p in self.problems))

    @classmethod
    def at(cls, file: Path | str, line: int | None, message: str) -> CaseError:
        """One problem at one line: ``raise CaseError.at(sag.fil, 12, "...")``."""
        return cls([CaseProblem(str(file), line, message)])

    @property
    def file(self) -> str:
        return self.problems[0].file

    @property
    def line(self) -> int | None:
        return self.problems[0].line


class ConfigError(DagsordenError):
    """dagsorden.toml can't be read or holds a value that makes no sense."""


class CellValueError(DagsordenError):
    """A cell's value is not what its column asks for: no figure, not a whole number,
    not one of the choices. The message names neither file nor cell; the workbook
    reader that caught it adds them as a `Problem`."""


class TalError(DagsordenError):
    """A text that is no Danish figure ("ca. 800", "1.58"). The message names the
    text and may suggest what was meant; the caller adds the file and place."""


class PlaceholderError(DagsordenError):
    """A placeholder in a case's text (`{beløb:Post}`) that can't be filled. The
    message starts with the placeholder; the caller adds the file and line."""


class OekonomiError(DagsordenError):
    """A budget can't give what was asked of it: a line it doesn't have, years from
    columns that are no years."""


class OutputError(DagsordenError):
    """An output file can't be written whole (it exists, is open in Word, ...)."""


class BuildError(DagsordenError):
    """Every problem found while building a meeting, reported together."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = tuple(problems)
        super().__init__("\n".join(self.problems))


class PakkeError(DagsordenError):
    """The meeting packet (samlet.docx, samlet.pdf) can't be put together: a part is
    missing or unreadable, LibreOffice is missing, or it failed on a part.

    One line per problem, each naming its file; `filer` holds those files.
    """

    def __init__(self, message: str, filer: Iterable[Path | str] = ()) -> None:
        super().__init__(message)
        self.filer: tuple[str, ...] = tuple(str(f) for f in filer)


class TemplateError(DagsordenError):
    """A Word template can't be read or filled: a bad field, an unknown variable."""

    def __init__(self, message: str, skabelon: str = "", variabel: str = "") -> None:
        super().__init__(message)
        self.skabelon = skabelon
        self.variabel = variabel


class ProblemCollector:
    """Collects the problems of one workbook, like a spell-checker collects words.

    Readers call `add` for each problem and go on; at the end `raise_if_any`
    turns the whole list into one `WorkbookError`.
    """

    def __init__(self, file: Path | str) -> None:
        self.file = str(file)
        self.problems: list[Problem] = []

    def add(self, message: str, sheet: str = "", cell: str = "") -> None:
        self.problems.append(Problem(self.file, message, sheet, cell))

    def __bool__(self) -> bool:
        return bool(self.problems)

    def raise_if_any(self) -> None:
        if self.problems:
            raise WorkbookError(self.problems)


# --- library errors -----------------------------------------------------------------

LIBRARY_ERRORS: dict[tuple[str, str], str] = {
    # (top-level package, class name): what the error means to a user, in Danish.
    ("zipfile", "BadZipFile"): "filen er beskadiget eller ikke den filtype, endelsen siger",
    ("zipfile", "LargeZipFile"): "filen er for stor til at blive læst",
    ("openpyxl", "InvalidFileException"): "filen er ikke en Excel-arbejdsbog (.xlsx)",
    ("lxml", "XMLSyntaxError"): "filen indeholder XML, der ikke er gyldig",
    ("xml", "ParseError"): "filen indeholder XML, der ikke er gyldig",
    ("xml", "ExpatError"): "filen indeholder XML, der ikke er gyldig",
    ("defusedxml", "DefusedXmlException"): (
        "filen indeholder XML med en DTD eller entiteter, som ikke læses af sikkerhedshensyn"
    ),
    ("docx", "OpcError"): "Word-filen kan ikke læses",
    ("pypdf", "PyPdfError"): "PDF-filen kan ikke læses",
    ("pikepdf", "PdfError"): "PDF-filen kan ikke læses",
    ("pikepdf", "PasswordError"): "PDF-filen er beskyttet med adgangskode",
    ("tomllib", "TOMLDecodeError"): "filen kan ikke læses som TOML",
    ("yaml", "YAMLError"): "teksten er ikke gyldig YAML",
    ("jinja2", "TemplateError"): "skabelonen kan ikke udfyldes",
    ("babel", "NumberFormatError"): "teksten er ikke et tal",
    ("decimal", "InvalidOperation"): "teksten er ikke et tal",
    ("filelock", "Timeout"): "filen er i brug af en anden kørsel af dagsorden",
    ("subprocess", "TimeoutExpired"): "programmet svarede ikke i tide",
}
"""Every third-party error dagsorden catches, and what it means. A subclass counts
as its base (yaml's ScannerError is a YAMLError). tests/test_errors.py checks that
every `except` of a library error in the package translates it."""


def _library_key(cls: type) -> tuple[str, str] | None:
    for base in cls.__mro__:
        key = (base.__module__.split(".")[0], base.__name__)
        if key in LIBRARY_ERRORS:
            return key
    return None


def is_library_error(exc: BaseException) -> bool:
    """Whether `exc` is one of `LIBRARY_ERRORS` (or a subclass of one)."""
    return _library_key(type(exc)) is not None


def library_message(exc: BaseException) -> str:
    """What a library error means to a user, in Danish, without the place.

    An error that is no library error (an OSError while reading, say) gets a plain
    "kan ikke læses" with the reason the system gave.
    """
    key = _library_key(type(exc))
    if key is not None:
        return LIBRARY_ERRORS[key]
    if isinstance(exc, UnicodeDecodeError):
        return "filen er ikke tekst i UTF-8"
    if isinstance(exc, OSError):
        return f"filen kan ikke læses ({exc.strerror or exc})"
    return f"filen kan ikke læses ({type(exc).__name__})"


def translate(
    exc: BaseException,
    where: Path | str,
    error: type[DagsordenError] = DagsordenError,
    message: str | None = None,
) -> DagsordenError:
    """The DagsordenError that a library error at `where` (a file, or a file and its
    place: "dagsorden.toml, linje 3") means: ``raise translate(exc, path, ConfigError)
    from exc``.

    `message` replaces the generic text of `LIBRARY_ERRORS` where the caller knows
    better what went wrong. A WorkbookError gets one `Problem` for the whole file, a
    CaseError one `CaseProblem` with no line, a PakkeError names the file.
    """
    text = library_message(exc) if message is None else message
    if issubclass(error, WorkbookError):
        return WorkbookError([Problem(str(where), text)])
    if issubclass(error, CaseError):
        return CaseError.at(where, None, text)
    if issubclass(error, PakkeError):
        return PakkeError(f"{where}: {text}", [where])
    return error(f"{where}: {text}")
