"""A case folder: `cases/<navn>/sag.md`, YAML front matter and a Markdown body.

The front matter holds the facts of the item (meeting, punkt, titel, at-punkter,
bilag, ...); the body holds the prose, in `## ` sections. Everything read here is
plain data: text from a case is never evaluated as template code.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from dagsorden.blocks import Section

SAGSFIL = "sag.md"

STANDARD_AFSNIT = ("Problemstilling", "Løsning", "Økonomi", "Videre proces")
"""The body's standard sections, in the order they must come. Other `## ` sections
may stand anywhere between them."""


@dataclass(frozen=True)
class Bilag:
    titel: str
    fil: str = ""


@dataclass(frozen=True)
class Anbefaling:
    """The second group of at-punkter: what the udvalg recommends onward.

    "Socialforvaltningen indstiller, at Socialudvalget anbefaler Økonomiudvalget og
    Borgerrepræsentationen at godkende," followed by `punkter`.
    """

    til: tuple[str, ...]
    punkter: tuple[str, ...]


@dataclass(frozen=True)
class Beslutning:
    """One udvalg's decision on the item, filled in after its meeting."""

    udvalg: str
    dato: dt.date | None
    tekst: str


@dataclass(frozen=True)
class Sag:
    """One agenda item's case, as its author wrote it."""

    fil: Path
    navn: str
    """The case folder's name, used in the output file name."""
    udvalg: tuple[str, ...]
    moededato: dt.datetime
    moedested: str
    punkt: int
    titel: str
    indstiller: tuple[str, ...]
    indstilling: tuple[str, ...]
    """The at-punkter, each as written after "at" (the "at" itself is optional)."""
    afsnit: tuple[Section, ...]
    sagsnr: str = ""
    resume: str = ""
    anbefaling: Anbefaling | None = None
    oekonomi: tuple[Path, ...] = ()
    """Budget workbooks, resolved against the case folder."""
    bilag: tuple[Bilag, ...] = ()
    underskrift: tuple[str, ...] = ()
    lukket: bool = False
    beslutning: tuple[Beslutning, ...] = ()
    linjer: dict[str, int] = field(default_factory=dict, compare=False)
    """Line in sag.md of each front matter key ("indstilling.2" for an at-punkt),
    for error messages that send the author to the right line."""

    @property
    def mappe(self) -> Path:
        return self.fil.parent
