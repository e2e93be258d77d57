"""The body of a case as plain blocks: what Markdown gives and Word receives.

A case's Markdown is parsed into these (see kilder.markdown_body), and the renderer turns each
into real Word content (styles, lists, tables). Nothing here is evaluated as
template code: text is text, whatever characters it holds.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Run:
    """A stretch of text with one formatting."""

    tekst: str
    fed: bool = False
    kursiv: bool = False
    link: str | None = None


Runs = tuple[Run, ...]


@dataclass(frozen=True)
class Paragraph:
    runs: Runs


@dataclass(frozen=True)
class Heading:
    """A sub-heading inside a section ("### Proces"); level 3 or deeper."""

    runs: Runs
    level: int = 3


@dataclass(frozen=True)
class ListItem:
    runs: Runs
    level: int = 0
    """0 for a top-level item, 1 for an item nested one level, ..."""


@dataclass(frozen=True)
class BulletList:
    items: tuple[ListItem, ...]


@dataclass(frozen=True)
class NumberedList:
    items: tuple[ListItem, ...]
    start: int = 1


@dataclass(frozen=True)
class Table:
    """A simple Markdown table: a header row and body rows of cells."""

    header: tuple[Runs, ...]
    rows: tuple[tuple[Runs, ...], ...]


@dataclass(frozen=True)
class StatusTableMarker:
    """`[[statustabel: STI]]`: the status table of a folder of pejlemærke workbooks."""

    sti: Path
    linje: int


@dataclass(frozen=True)
class OekonomiTableMarker:
    """`[[økonomitabel: STI]]`: the Økonomi table of a budget workbook."""

    sti: Path
    linje: int


Block = (
    Paragraph
    | Heading
    | BulletList
    | NumberedList
    | Table
    | StatusTableMarker
    | OekonomiTableMarker
)


@dataclass(frozen=True)
class Section:
    """A `## ` section of the body: its title, its blocks, its line in sag.md.

    The title is as written, except that a standard section's is in its standard
    spelling ("videre  proces" -> "Videre proces"), so code can compare it.
    """

    titel: str
    blocks: tuple[Block, ...]
    linje: int


def plain_text(runs: Runs) -> str:
    return "".join(run.tekst for run in runs)
