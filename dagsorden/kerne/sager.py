"""Cases, notater and meetings as plain data: what the readers give and the
renderers receive.

`kilder.sag`, `kilder.notat` and `kilder.moedefil` read these from files; the
documents are written from them. They live here, with the domain, so a renderer
names its input without importing a reader.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from enum import Enum
from pathlib import Path

from dagsorden.kerne.blocks import Section

__all__ = [
    "STANDARD_AFSNIT",
    "Afsender",
    "Anbefaling",
    "Beslutning",
    "Bilag",
    "Bilagsart",
    "Bilagsfil",
    "CprTilladelse",
    "Moede",
    "Notat",
    "Punkt",
    "Sag",
]

STANDARD_AFSNIT = ("Problemstilling", "Løsning", "Økonomi", "Videre proces")
"""The standard sections of a case's body, in the order they must come. Other `## `
sections may stand anywhere between them."""


# --- a case (sag.md) ----------------------------------------------------------------


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
    kilde: str = field(default="", compare=False)
    """Where it is written, for messages: "cases/moede.yaml, linje 14"."""


@dataclass(frozen=True)
class CprTilladelse:
    """A CPR number the case may publish, and why (`tillad_cpr` in sag.md)."""

    nummer: str
    """As written: "010203-1234" (any written form of it matches)."""
    grund: str


@dataclass(frozen=True)
class Sag:
    """One agenda item's case, as its author wrote it."""

    fil: Path
    navn: str
    """The case folder's name, used in the output file name."""
    udvalg: tuple[str, ...]
    moededato: dt.datetime | dt.date
    """A datetime, or a date alone while the time is not fixed."""
    punkt: int
    titel: str
    indstiller: tuple[str, ...]
    indstilling: tuple[str, ...]
    """The at-punkter, each as written after "at" (the "at" itself is optional)."""
    afsnit: tuple[Section, ...]
    moedested: str = ""
    sagsnr: str = ""
    resume: str = ""
    anbefaling: Anbefaling | None = None
    oekonomi: tuple[Path, ...] = ()
    """Budget workbooks, resolved against the case folder."""
    bilag: tuple[Bilag, ...] = ()
    underskrift: tuple[str, ...] = ()
    lukket: bool = False
    beslutning: tuple[Beslutning, ...] = ()
    tillad_cpr: tuple[CprTilladelse, ...] = ()
    andre_beloeb: tuple[str, ...] = ()
    """Amounts the text may cite that are no figure of the case's tables ("20 mio. kr."
    from a state pool): the typed-amount check lets exactly these through."""
    """CPR numbers allowed in the public set, each with its reason."""
    linjer: dict[str, int] = field(default_factory=dict, compare=False)
    """Line in sag.md of each front matter key ("indstilling.2" for an at-punkt),
    for error messages that send the author to the right line."""

    @property
    def mappe(self) -> Path:
        return self.fil.parent


# --- a notat ------------------------------------------------------------------------


@dataclass(frozen=True)
class Afsender:
    """The sender block beside the body: who wrote the notat and how to reach them."""

    center: str = ""
    forvaltning: str = ""
    adresse: tuple[str, ...] = ()
    """The address, one line each ("Rådhuset", "1550 København V")."""
    telefon: str = ""
    email: str = ""
    ean: str = ""


@dataclass(frozen=True)
class Notat:
    """One notat, as its author wrote it."""

    fil: Path
    til: tuple[str, ...]
    """The udvalg (or several) the notat is written to."""
    dato: dt.date
    titel: str
    afsnit: tuple[Section, ...]
    """The body; an opening text before the first `## ` is a section titled ""."""
    bilagsnr: int | None = None
    """The notat's number among its item's bilag: "Bilag 1: <titel>"."""
    sagsnr: str = ""
    dokumentnr: str = ""
    sagsbehandler: str = ""
    afsender: Afsender | None = None
    """None when the front matter has no sender block."""
    linjer: dict[str, int] = field(default_factory=dict, compare=False)
    """Line in the file of each front matter key, for error messages."""


# --- a meeting (moede.yaml) ---------------------------------------------------------


class Bilagsart(Enum):
    NOTAT = "notat"
    STATUSBILAG = "statusbilag"
    KOPI = "kopi"


@dataclass(frozen=True)
class Bilagsfil:
    """One bilag of a punkt, numbered within the punkt (Bilag 1, Bilag 2, ...)."""

    nummer: int
    titel: str
    kilde: Path
    art: Bilagsart


@dataclass(frozen=True)
class Punkt:
    """One agenda item: a case with its paper and bilag, or a standing item
    (Eventuelt, Meddelelser, Godkendelse af dagsorden) with no paper at all."""

    nummer: int
    sag: Sag | None
    """None for a standing item."""
    bilag: tuple[Bilagsfil, ...] = ()
    titel: str = ""
    """The case's title, or the standing item's own (`- titel: Eventuelt`)."""
    tekst: tuple[str, ...] = ()
    """A standing item's text (`tekst:`), one paragraph each."""
    beslutninger: tuple[Beslutning, ...] = ()
    """This meeting's decisions on the punkt: moede.yaml's `beslutninger`, or a
    decision in the case's front matter dated the meeting's date."""
    historik: tuple[Beslutning, ...] = ()
    """Decisions from other meetings (the case's political history), and any
    decision written in moede.yaml but dated for another meeting."""
    andet_moede: tuple[Beslutning, ...] = ()
    """The decisions moede.yaml gives the punkt dated for another meeting (also in
    `historik`): `byg --referat` warns about them."""
    linje: int = field(default=0, compare=False)
    """The punkt's line in moede.yaml, for messages."""

    def __post_init__(self) -> None:
        if not self.titel and self.sag is not None:
            object.__setattr__(self, "titel", self.sag.titel)

    @property
    def lukket(self) -> bool:
        return self.sag is not None and self.sag.lukket

    @property
    def staaende(self) -> bool:
        """A standing item: no case, no paper, no bilag."""
        return self.sag is None


@dataclass(frozen=True)
class Moede:
    fil: Path
    udvalg: str
    moededato: dt.datetime | dt.date
    moedested: str
    punkter: tuple[Punkt, ...]
    medlemmer: tuple[str, ...] = ()
    """The udvalg's members (`medlemmer:`), in the file's order."""
    fravaerende: tuple[str, ...] | None = None
    """Who sent apologies (`fravaerende:`); None when the file doesn't say."""

    @property
    def dato(self) -> dt.date:
        """The meeting's day (without its time)."""
        when = self.moededato
        return when.date() if isinstance(when, dt.datetime) else when
