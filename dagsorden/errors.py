"""The one exception tree of dagsorden.

Everything a user can get wrong is raised as a subclass of `DagsordenError`, whose
message is Danish and names the place of the problem, so the CLI catches that root
alone, prints the message and exits 1::

    DagsordenError              any problem the user can fix
    ├── WorkbookError           one or more problems in an Excel workbook (all of them)
    ├── ConfigError             a bad dagsorden.toml
    └── OutputError             an output file that can't be written safely

Third-party errors (openpyxl, zipfile, tomllib) are translated where they happen,
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


class ConfigError(DagsordenError):
    """dagsorden.toml can't be read or holds a value that makes no sense."""


class OutputError(DagsordenError):
    """An output file can't be written whole (it exists, is open in Word, ...)."""


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
