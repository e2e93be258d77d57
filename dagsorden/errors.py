"""The one exception tree of dagsorden.

Everything a user can get wrong is raised as a subclass of `DagsordenError`, whose
message is Danish and names the place of the problem, so the CLI catches that root
alone, prints the message and exits 1::

    DagsordenError              any problem the user can fix
    ├── WorkbookError           one or more problems in an Excel workbook (all of them)
    ├── CaseError               one or more problems in a case's sag.md (all of them)
    ├── ConfigError             a bad dagsorden.toml
    ├── OekonomiError           a budget can't give what the text asks of it
    ├── OutputError             an output file that can't be written safely
    ├── PakkeError              a meeting packet part can't be read or converted to PDF
    ├── BuildError              every problem of a meeting's build, together
    └── TemplateError           a Word template that can't be read or filled

Third-party errors (openpyxl, zipfile, tomllib, yaml) are translated where they happen,
with `raise ... from exc`, so no library exception reaches the user.
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


class OekonomiError(DagsordenError, ValueError):
    """A budget can't give what was asked of it: a line it doesn't have, years from
    columns that are no years. Also a ValueError, so code filling a text can catch it
    with the other bad values it meets."""


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
