"""Cases, notater and meetings as plain data: what the readers give and the
renderers receive.

`kilder.sag`, `kilder.notat` and `kilder.moedefil` read these from files; the
documents are written from them. They live here, with the domain, so a renderer
names its input without importing a reader.
"""

from __future__ import annotations

import datetime as dt
import re
import string
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from enum import Enum
from pathlib import Path

from dagsorden.errors import DagsordenError
from dagsorden.kerne.blocks import Section

__all__ = [
    "INDLEDNING_FELTER",
    "OEKONOMI",
    "PAPIRFORM_NOEGLER",
    "STANDARD_AFSNIT",
    "Afsender",
    "Anbefaling",
    "AtPunktform",
    "Beslutning",
    "Bilag",
    "Bilagsart",
    "Bilagsfil",
    "CprTilladelse",
    "Moede",
    "Notat",
    "Papirform",
    "PapirformFejl",
    "Papirformer",
    "Punkt",
    "Sag",
    "afsnit_noegle",
    "papirform_vaerdi",
]

STANDARD_AFSNIT = ("Problemstilling", "Løsning", "Økonomi", "Videre proces")
"""The standard sections of a case's body, in the order they must come. Other `## `
sections may stand anywhere between them."""

OEKONOMI = "Økonomi"
"""The one standard section with a meaning of its own: left out of a case whose form
requires it, the paper says "Indstillingen har ingen økonomiske konsekvenser."."""


# --- the paper's form ([indstilling] in dagsorden.toml, indstilling_form in sag.md) ---


class AtPunktform(Enum):
    TAL = "tal"
    """"1. at …": a numbered Word list (the seeds)."""
    PUNKTTEGN = "punkttegn"
    """"• at …": a bulleted Word list (Copenhagen's papers today)."""


INDLEDNING_FELTER = ("indstiller", "udvalg")
"""The placeholders the lead-in may hold."""

PAPIRFORM_NOEGLER = (
    "overskrift",
    "at_punkter",
    "indledning",
    "resume_overskrift",
    "afsnit",
    "valgfri",
)
"""The keys of a paper's form, in the order the README documents them."""

MAX_FORMTEKST = 200
"""Characters of a heading or lead-in of the form: a sentence, never a paragraph."""


class PapirformFejl(DagsordenError):
    """A value of the form that can't be used; the message is Danish and names the
    key and the choices, the reader adds where it stands (ConfigError, CaseError)."""


def afsnit_noegle(titel: str) -> str:
    """A section title as code compares it: case and spaces ignored."""
    return "".join(titel.split()).casefold()


@dataclass(frozen=True)
class Papirform:
    """How a paper's top and sections look: the seeds' form by default."""

    overskrift: str = "Indstilling og beslutning"
    """The heading over the at-punkter."""
    at_punkter: AtPunktform = AtPunktform.TAL
    indledning: str = "{indstiller} indstiller over for {udvalg},"
    """The lead-in before the at-punkter, with {indstiller} and {udvalg}. A lead-in
    holding the word "at" ("{indstiller} indstiller, at {udvalg}:") has said it: the
    at-punkter then carry no "at" of their own."""
    resume_overskrift: str = ""
    """A heading over the resumé ("Resumé"); empty: none, the resumé in italics."""
    afsnit: tuple[str, ...] = STANDARD_AFSNIT
    """The standard sections, in the order they must come; others may stand between."""
    valgfri: tuple[str, ...] = ()
    """The standard sections a case may leave out (then the paper has no such
    section). Økonomi may always be left out: if it is not valgfri, the paper keeps
    its heading and says there are no economic consequences."""
    kilde: str = field(default="", compare=False)
    """Where the form was set, for messages: "dagsorden.toml [indstilling]"."""

    @property
    def punkttegn(self) -> bool:
        return self.at_punkter is AtPunktform.PUNKTTEGN

    @property
    def at_foran(self) -> bool:
        """Whether each at-punkt is printed with its "at" (the lead-in has none)."""
        tekst = "".join(literal for literal, *_ in string.Formatter().parse(self.indledning))
        return re.search(r"(?<!\w)at(?!\w)", tekst, re.IGNORECASE) is None

    def med(self, aendringer: Mapping[str, object], kilde: str) -> Papirform:
        """This form with `aendringer` (read by `papirform_vaerdi`) on top; raises
        PapirformFejl when the valgfri sections are not among the afsnit."""
        form = replace(self, **aendringer, kilde=kilde)  # type: ignore[arg-type]
        spelling = {afsnit_noegle(t): t for t in form.afsnit}
        valgfri = []
        for titel in form.valgfri:
            if afsnit_noegle(titel) not in spelling:
                raise PapirformFejl(
                    f"valgfri nævner '{titel}', som ikke står i afsnit "
                    f"({', '.join(form.afsnit) or 'ingen'}). Et valgfrit afsnit skal også "
                    "stå i afsnit."
                )
            valgfri.append(spelling[afsnit_noegle(titel)])
        return replace(form, valgfri=tuple(valgfri))

    def indledning_for(self, indstiller: str, udvalg: str) -> str:
        """The lead-in with its placeholders filled."""
        return self.indledning.format(indstiller=indstiller, udvalg=udvalg)

    def er_valgfrit(self, titel: str) -> bool:
        return afsnit_noegle(titel) in {afsnit_noegle(t) for t in self.valgfri}


def papirform_vaerdi(noegle: str, vaerdi: object) -> object:
    """The form's value of `noegle` from what a file holds (a text, a list of texts);
    raises PapirformFejl naming the key and what it may be."""
    if noegle not in PAPIRFORM_NOEGLER:
        raise PapirformFejl(
            f"ukendt nøgle '{noegle}'. Kendte nøgler: {', '.join(PAPIRFORM_NOEGLER)}."
        )
    if noegle == "at_punkter":
        valg = ", ".join(f"'{m.value}'" for m in AtPunktform)
        if isinstance(vaerdi, str):
            for member in AtPunktform:
                if vaerdi.strip().casefold() == member.value:
                    return member
        raise PapirformFejl(f"at_punkter = {vaerdi!r} er ikke gyldig. Brug {valg}.")
    if noegle in ("afsnit", "valgfri"):
        return _titler(noegle, vaerdi)
    tekst = _en_linje(noegle, vaerdi)
    if noegle == "overskrift" and not tekst:
        raise PapirformFejl(
            "overskrift er tom. Skriv fx 'Indstilling og beslutning' eller 'Indstilling'."
        )
    if noegle == "indledning":
        _check_indledning(tekst)
    return tekst


def _en_linje(noegle: str, vaerdi: object) -> str:
    if not isinstance(vaerdi, str):
        raise PapirformFejl(f"{noegle} skal være en tekst i anførselstegn.")
    tekst = " ".join(vaerdi.split())
    if len(tekst) > MAX_FORMTEKST:
        raise PapirformFejl(f"{noegle} er {len(tekst)} tegn lang; højst {MAX_FORMTEKST}.")
    return tekst


def _titler(noegle: str, vaerdi: object) -> tuple[str, ...]:
    eksempel = '["Problemstilling", "Løsning", "Økonomi", "Videre proces"]'
    if isinstance(vaerdi, str) or not isinstance(vaerdi, Sequence):
        raise PapirformFejl(f"{noegle} skal være en liste af afsnitstitler, fx {eksempel}.")
    titler: list[str] = []
    seen: dict[str, str] = {}
    for i, titel in enumerate(vaerdi, start=1):
        tekst = _en_linje(f"{noegle} nr. {i}", titel)
        if not tekst:
            raise PapirformFejl(f"{noegle} nr. {i} er tom. Skriv afsnittets titel.")
        if afsnit_noegle(tekst) in seen:
            raise PapirformFejl(f"{noegle} nævner '{tekst}' to gange.")
        seen[afsnit_noegle(tekst)] = tekst
        titler.append(tekst)
    return tuple(titler)


def _check_indledning(tekst: str) -> None:
    felter = ", ".join("{" + f + "}" for f in INDLEDNING_FELTER)
    if not tekst:
        raise PapirformFejl(
            f"indledning er tom. Skriv fx '{Papirform().indledning}' (med {felter})."
        )
    try:
        parts = list(string.Formatter().parse(tekst))
    except ValueError:
        raise PapirformFejl(
            f"indledning '{tekst}' har en krøllet parentes uden sin mage. Pladsholderne "
            f"skrives {felter}."
        ) from None
    for _, navn, spec, conversion in parts:
        if navn is None:
            continue
        if navn not in INDLEDNING_FELTER or spec or conversion:
            skrevet = "{" + navn + (f"!{conversion}" if conversion else "")
            skrevet += (f":{spec}" if spec else "") + "}"
            raise PapirformFejl(
                f"indledning har pladsholderen {skrevet}, som ikke findes. Brug {felter}."
            )


@dataclass(frozen=True)
class Papirformer:
    """dagsorden.toml's [indstilling]: the form of every paper, and per udvalg."""

    standard: Papirform = Papirform()
    udvalg: tuple[tuple[str, Papirform], ...] = ()
    """(udvalg, its form) from [indstilling."Økonomiudvalget"], already on top of
    the standard one."""

    def for_udvalg(self, udvalg: Sequence[str]) -> Papirform:
        """The form of a case to `udvalg`: the first of them with a form of its own."""
        own = {navn.casefold(): form for navn, form in self.udvalg}
        for navn in udvalg:
            if navn.casefold() in own:
                return own[navn.casefold()]
        return self.standard


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
    form: Papirform = Papirform()
    """The paper's form: dagsorden.toml's, the udvalg's, with `indstilling_form` on top."""
    b_sag: bool = False
    """A case going on to Økonomiudvalget and Borgerrepræsentationen: "B-sag:" in the
    paper's title line."""
    efter_indstilling: tuple[str, ...] = ()
    """Paragraphs after the at-punkter ("(2. behandling)")."""
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
