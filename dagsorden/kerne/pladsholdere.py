"""Amounts in prose from the budget's own figures: `{beløb}`, `{årene}`, ...

A case's at-punkter, resumé and sections cite the Økonomi table ("hæves med 0,69 mio.
kr. ... fordelt på årene 2011-2012"). Typed by hand, such a figure drifts from the
table; written as a placeholder, it is taken from the same budget workbook:

    {beløb}                      the I alt of the budget's first ordinary line: "0,69 mio. kr."
    {beløb:Post}                 the I alt of the row named Post: a line, a Heraf line,
                                 a sum or a total; "I alt" is the grand total
    {beløb:Gruppe > Post}        a row under its headings, when several share a Post
                                 ("Kultur og Fritid > Netto")
    {beløb:Post|Kolonne}         one cell: {beløb:Netto|2026}, {beløb:Service|Afvigelse}
    {beløb:Post|Kolonne|fortegn} signed: "-41,6 mio. kr." ({beløb|fortegn} for the first line)
    {årene}                      the budget's years: "2011-2012"
    {prisniveau}                 "2011 p/l"
    {funktion}                   "6.45.51.1"
    {bevillingsområde}           "Tværgående opgaver og administration"
    {tabel}                      the Økonomi table's number in this document: "tabel 2"
                                 ({Tabel}: "Tabel 2", to begin a sentence)

With several budget workbooks, `#N` at the end picks the N-th (`{beløb#2}`,
`{beløb:Netto|2026#2}`, `{tabel#2}`). Amounts are written as `danish.beloeb` writes
them (unsigned unless `fortegn`). The names ignore case; `beloeb`, `aarene` and
`bevillingsomraade` are accepted for keyboards without æ, ø, å. Other braces,
`{{ x }}` included, stay as text, but a brace around one of these names that isn't a
placeholder (`{ beløb }`, `{{beløb}}`, `{beløb:}`) is an error, never text in a paper.

An amount still typed by hand with a unit (mio. kr., mill. kr., millioner kr., mia.
kr., t. kr., tkr., t.kr., 1.000 kr.; thousands with points or spaces: "99 900 t. kr.")
must agree with the table at the precision it is written in (`check_typed_amounts`),
so a stale copy is caught before the committee sees it.

`{funktion}`, `{bevillingsområde}` and `{prisniveau}` are refused when their field on
sheet Oplysninger is empty, and a row whose Post holds '>', '|' or '#' (which a
placeholder gives a meaning) can't be cited: the message says to rename it.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from decimal import Decimal
from functools import cached_property

from dagsorden.errors import DagsordenError, OekonomiError, PlaceholderError
from dagsorden.kerne import danish
from dagsorden.kerne.model import Budget, Kolonneart, Raekketype
from dagsorden.kerne.oekonomi import (
    I_ALT,
    Udregnet,
    Udregning,
    aarene,
    beloeb,
    citerbar_post,
    find_raekke,
    kroner,
    regn_ud,
    tekstbeloeb,
)

NAVNE = ("beløb", "årene", "prisniveau", "funktion", "bevillingsområde", "tabel")
ALIASER = {"beloeb": "beløb", "aarene": "årene", "bevillingsomraade": "bevillingsområde"}
FORTEGN = "fortegn"

_NAVN = "|".join(sorted((*NAVNE, *ALIASER), key=len, reverse=True))
_KANDIDAT = re.compile(r"(?P<foran>\{+)(?P<indre>[^{}\n]*)(?P<efter>\}+)")
"""Any text in braces; it is a placeholder when it starts with one of NAVNE."""
_NAVN_FOERST = re.compile(rf"(?P<mellemrum>\s*)(?P<navn>{_NAVN})(?=$|[\s:|#])", re.IGNORECASE)
_NUMMER = re.compile(r"#\s*(?P<nr>\d+)\s*$")


@dataclass(frozen=True)
class Budgetkilde:
    """A budget workbook as the document uses it: its figures and its table number."""

    budget: Budget
    tabelnummer: int | None = None

    @cached_property
    def udregning(self) -> Udregning:
        return regn_ud(self.budget)

    @cached_property
    def beloeb(self) -> tuple[tuple[Decimal, str], ...]:
        """Every amount of the table in kroner, with what `{beløb:...}` names it by:
        (Decimal(1_600_000), "Kultur og Fritid > Netto"), (..., "Netto|2026")."""
        budget, udregning = self.budget, self.udregning
        found = []
        for raekke in udregning.raekker:
            if raekke.linje.type is Raekketype.OVERSKRIFT:
                continue
            name = sti(udregning, raekke)
            if raekke.i_alt is not None:
                found.append((kroner(raekke.i_alt, budget), name))
            for kolonne, value in zip(budget.kolonner, raekke.vaerdier, strict=False):
                if value is not None and kolonne.art is Kolonneart.BELOEB:
                    found.append((kroner(value, budget), f"{name}|{kolonne.navn}"))
        return tuple(found)


# --- filling placeholders -------------------------------------------------------------


def fill(text: str, budgets: Sequence[Budgetkilde]) -> str:
    """Replaces every placeholder in `text`; raises PlaceholderError on a bad one."""

    def replace(match: re.Match[str]) -> str:
        navn_match = _NAVN_FOERST.match(match.group("indre"))
        if navn_match is None:
            return match.group(0)  # braces of the text's own: {{ x }}, {a, b}
        value = _fill_one(match, navn_match, budgets)
        # "... {beløb}." ends the sentence with the abbreviation's point: "mio. kr."
        if value.endswith(".") and text.startswith(".", match.end()):
            return value[:-1]
        return value

    return _KANDIDAT.sub(replace, text)


@dataclass(frozen=True)
class _Pladsholder:
    tekst: str
    navn: str
    skrevet: str
    """The name as written ("Tabel" or "tabel")."""
    post: str | None
    kolonne: str | None
    fortegn: bool
    nr: int


def _fill_one(
    match: re.Match[str], navn_match: re.Match[str], budgets: Sequence[Budgetkilde]
) -> str:
    try:
        return _fill_parsed(_parse(match, navn_match), budgets)
    except PlaceholderError as exc:
        found = _uciterbar(match.group("indre"), budgets)
        if found is None:
            raise
        post, tegn = found
        raise PlaceholderError(
            f"'{match.group(0)}': posten '{post}' har '{tegn}' i navnet, og i en pladsholder "
            f"{SAERTEGN[tegn]}, så rækken kan ikke hentes. Omdøb posten i budget-arbejdsbogen, "
            f"fx til '{citerbar_post(post)}'."
        ) from exc


SAERTEGN = {
    ">": "adskiller '>' overskrift og post",
    "|": "adskiller '|' post og kolonne",
    "#": "vælger '#' budget-arbejdsbogen",
}
"""Characters a placeholder gives a meaning: a Post holding one can't be cited."""


def _uciterbar(indre: str, budgets: Sequence[Budgetkilde]) -> tuple[str, str] | None:
    """A Post with one of SAERTEGN that the placeholder seems to name, and the sign."""
    text = _key(indre)
    for kilde in budgets:
        for linje in kilde.budget.linjer:
            signs = [tegn for tegn in SAERTEGN if tegn in linje.post]
            if signs and _key(linje.post) in text:
                return linje.post, signs[0]
    return None


def _fill_parsed(p: _Pladsholder, budgets: Sequence[Budgetkilde]) -> str:
    if not budgets:
        raise PlaceholderError(
            f"'{p.tekst}' henter fra en budget-arbejdsbog, men sagen har ingen (nøglen oekonomi)."
        )
    if not 1 <= p.nr <= len(budgets):
        raise PlaceholderError(
            f"'{p.tekst}': sagen har {len(budgets)} budget-arbejdsbog(er), ikke nr. {p.nr}."
        )
    return _value(p, budgets[p.nr - 1])


def _parse(match: re.Match[str], navn_match: re.Match[str]) -> _Pladsholder:
    """The placeholder's parts; PlaceholderError with the fix when it is mistyped."""
    tekst = match.group(0)
    skrevet = navn_match.group("navn")
    navn = skrevet.casefold()
    navn = ALIASER.get(navn, navn)
    indre = match.group("indre")
    rest = indre[navn_match.end() :]
    nummer = _NUMMER.search(rest)
    nr = int(nummer.group("nr")) if nummer else 1
    if nummer:
        rest = rest[: nummer.start()]
    # What the author most likely meant, for the messages below.
    hale, ment_nr = rest.strip(), nr if nummer else None
    if hale.isdigit() and not nummer:  # {tabel 2}
        hale, ment_nr = "", int(hale)
    elif hale and hale[0] not in ":|":
        hale = ""
    ment = "{" + navn + hale + (f"#{ment_nr}" if ment_nr else "") + "}"
    if len(match.group("foran")) > 1 or len(match.group("efter")) > 1:
        raise PlaceholderError(f"'{tekst}': skriv pladsholderen med én klamme om: {ment}.")
    if navn_match.group("mellemrum") or (rest and rest[0].isspace()):
        raise PlaceholderError(f"'{tekst}': skriv pladsholderen uden mellemrum om navnet: {ment}.")
    if rest and rest[0] not in ":|":
        raise PlaceholderError(f"'{tekst}': ukendt tegn efter '{skrevet}'. Skriv fx {ment}.")
    post: str | None = None
    parts: list[str] = []
    if rest.startswith(":"):
        post, *parts = rest[1:].split("|")
        post = post.strip()  # "" is refused with the rows listed (`_raekke`)
    elif rest.startswith("|"):
        parts = rest[1:].split("|")
    parts = [part.strip() for part in parts]
    fortegn = bool(parts) and parts[-1].casefold() == FORTEGN
    if fortegn:
        parts.pop()
    if navn != "beløb" and (post is not None or parts or fortegn):
        raise PlaceholderError(
            f"'{tekst}': kun {{beløb}} tager en Post, en kolonne eller 'fortegn'. "
            f"Skriv {{{navn}}}" + (f" eller {{{navn}#{nr}}}." if nummer else ".")
        )
    if any(not part for part in parts) or len(parts) > 1:
        raise PlaceholderError(
            f"'{tekst}': skriv {{beløb:Post}}, {{beløb:Post|Kolonne}} eller "
            "{beløb:Post|Kolonne|fortegn}: efter Post højst én kolonne og så 'fortegn'."
        )
    return _Pladsholder(tekst, navn, skrevet, post, parts[0] if parts else None, fortegn, nr)


def _value(p: _Pladsholder, kilde: Budgetkilde) -> str:
    budget = kilde.budget
    if p.navn == "beløb":
        return _beloeb(p, kilde)
    if p.navn == "årene":
        try:
            return aarene(budget)
        except OekonomiError as exc:
            raise PlaceholderError(f"'{p.tekst}': {exc}") from exc
    if p.navn == "prisniveau":
        if budget.prisniveau is None:
            raise PlaceholderError(_tomt_felt(p, budget, "Prisniveau"))
        return f"{budget.prisniveau} p/l"
    if p.navn == "funktion":
        if not budget.funktion.strip():
            raise PlaceholderError(_tomt_felt(p, budget, "Funktion"))
        return budget.funktion
    if p.navn == "bevillingsområde":
        if not budget.bevillingsomraade.strip():
            raise PlaceholderError(_tomt_felt(p, budget, "Bevillingsområde"))
        return budget.bevillingsomraade
    if kilde.tabelnummer is None:
        raise PlaceholderError(f"'{p.tekst}': budgettets tabel er ikke med i dokumentet.")
    ord_ = "Tabel" if p.skrevet[:1].isupper() else "tabel"
    return f"{ord_} {kilde.tabelnummer}"


def _tomt_felt(p: _Pladsholder, budget: Budget, felt: str) -> str:
    """An Oplysninger field a placeholder prints is empty: never an empty gap in a paper."""
    where = f"'{budget.kilde}'" if budget.kilde else "budget-arbejdsbogen"
    return (
        f"'{p.tekst}': feltet {felt} på arket 'Oplysninger' i {where} er tomt. Udfyld "
        "feltet, eller skriv teksten uden pladsholderen."
    )


def _beloeb(p: _Pladsholder, kilde: Budgetkilde) -> str:
    budget, udregning = kilde.budget, kilde.udregning
    raekke = _raekke(p, udregning)
    kolonne = _kolonne(p, budget)
    try:
        value = beloeb(raekke, budget, kolonne)
    except OekonomiError as exc:
        raise PlaceholderError(f"'{p.tekst}': {exc}") from exc
    if value is None:
        where = f"i kolonnen '{kolonne}'" if kolonne else "i I alt"
        raise PlaceholderError(
            f"'{p.tekst}': rækken '{raekke.linje.post}' har intet tal {where}. "
            + _kolonneliste(budget)
        )
    return danish.beloeb(kroner(value, budget), fortegn=p.fortegn)


def _raekke(p: _Pladsholder, udregning: Udregning) -> Udregnet:
    if p.post is None:
        for raekke in udregning.raekker:
            if raekke.linje.type is Raekketype.LINJE:
                return raekke
        raise PlaceholderError(
            f"'{p.tekst}': budgettet har ingen almindelig linje at tage beløbet fra. "
            f"Skriv {{beløb:Post}} med en af rækkerne: {_raekkeliste(udregning)}."
        )
    if not p.post:
        raise PlaceholderError(
            f"'{p.tekst}': skriv rækkens Post efter kolonet, eller fjern kolonet for den "
            f"første linje: {{beløb}}. Rækkerne er {_raekkeliste(udregning)}."
        )
    try:
        return find_raekke(udregning, p.post)
    except OekonomiError as exc:
        raise PlaceholderError(f"'{p.tekst}': {exc}") from exc


def _kolonne(p: _Pladsholder, budget: Budget) -> str | None:
    """The column asked for, in the budget's own spelling; None for the default."""
    if p.kolonne is None:
        return None
    key = _key(p.kolonne)
    if key == _key(I_ALT) and budget.vis_i_alt_kolonne:
        return None
    for kolonne in budget.kolonner:
        if _key(kolonne.navn) == key:
            if kolonne.art is not Kolonneart.BELOEB:
                raise PlaceholderError(
                    f"'{p.tekst}': kolonnen '{kolonne.navn}' er en procentkolonne, ikke "
                    f"beløb. {_kolonneliste(budget)}"
                )
            return kolonne.navn
    raise PlaceholderError(
        f"'{p.tekst}': tabellen har ingen kolonne '{p.kolonne}'. {_kolonneliste(budget)}"
    )


def _key(text: str) -> str:
    return " ".join(text.split()).casefold()


def _beloebskolonner(budget: Budget) -> list[str]:
    navne = [k.navn for k in budget.kolonner if k.art is Kolonneart.BELOEB]
    return navne + ([I_ALT] if budget.vis_i_alt_kolonne else [])


def _kolonneliste(budget: Budget) -> str:
    navne = _beloebskolonner(budget)
    if not navne:
        return "Tabellen har ingen beløbskolonner."
    listed = danish.og(f"'{n}'" for n in navne)
    return f"Beløbskolonnerne er {listed}."


def sti(udregning: Udregning, raekke: Udregnet) -> str:
    """The shortest name `{beløb:...}` finds this row by: "Netto" when it is the only
    one, else with its headings ("Service > Netto"); the grand total is "I alt"."""
    post = raekke.linje.post
    candidates = [
        " > ".join((*raekke.gruppe[len(raekke.gruppe) - n :], post))
        for n in range(len(raekke.gruppe) + 1)
    ]
    if raekke.linje.type is Raekketype.TOTAL:
        candidates.insert(0, I_ALT)
    for candidate in candidates:
        try:
            if find_raekke(udregning, candidate) is raekke:
                return candidate
        except OekonomiError:
            continue
    return candidates[-1]


def _raekkeliste(udregning: Udregning) -> str:
    names = [
        sti(udregning, r) for r in udregning.raekker if r.linje.type is not Raekketype.OVERSKRIFT
    ]
    return danish.og(f"'{n}'" for n in dict.fromkeys(names)) or "ingen"


# --- amounts typed by hand ------------------------------------------------------------

_ENHEDER: tuple[tuple[str, int, str], ...] = (
    (r"mia\.?\s*kr(?:\.|oner\b|\b)", 1_000_000_000, "mia. kr."),
    (r"(?:mio\.?|mill\.|millioner)\s*kr(?:\.|oner\b|\b)", 1_000_000, "mio. kr."),
    (r"(?:t\.\s*|t|1\.000\s*)kr(?:\.|oner\b|\b)", 1_000, "t. kr."),
)
"""The units a typed amount is checked in: mia. kr., mio. kr. (also mill. kr. and
millioner kr.), t. kr. (also tkr., t.kr. and 1.000 kr.); points optional where shown."""
_MELLEMRUM = "[ \u00a0\u202f]"
"""A space between thousands: "99 900 t. kr." (also no-break and narrow no-break)."""
_TYPED = re.compile(
    r"(?<![\w.,])(?P<tal>\d{1,3}(?:\.\d{3})+(?:,\d+)?|\d{1,3}(?:"
    + _MELLEMRUM
    + r"\d{3})+(?:,\d+)?|\d+(?:,\d+)?)\s*(?P<enhed>"
    + "|".join(f"(?:{pattern})" for pattern, _, _ in _ENHEDER)
    + ")",
    re.IGNORECASE,
)
MAKS_FORSLAG = 6
"""How many of the table's nearest amounts a wrong typed amount lists."""


@dataclass(frozen=True)
class Skrevet:
    """An amount typed in the text: "877,3 mio. kr." as 877.3, 1 decimal, 1.000.000 kr."""

    tekst: str
    vaerdi: Decimal
    decimaler: int
    enhed: int
    """How many kroner one of the typed unit is."""
    enhedsnavn: str

    def passer(self, value_in_kr: Decimal) -> bool:
        return self.afrundet(value_in_kr) == self.vaerdi

    def afrundet(self, value_in_kr: Decimal) -> Decimal:
        """The amount in the typed unit, rounded as the author rounds it."""
        return danish.afrundet(abs(value_in_kr) / self.enhed, self.decimaler)

    def vis(self, value_in_kr: Decimal) -> str:
        return f"{danish.tal(self.afrundet(value_in_kr), self.decimaler)} {self.enhedsnavn}"


def typed_amounts(text: str) -> list[Skrevet]:
    """Amounts typed with a unit in `text`, as written.

    Bare "kr." is no unit here: "et gebyr på 450 kr." is seldom a table's figure.
    """
    found = []
    for match in _TYPED.finditer(text):
        digits = match.group("tal")
        heltal, _, decimaler = digits.partition(",")
        heltal = re.sub(_MELLEMRUM, "", heltal.replace(".", ""))
        vaerdi = Decimal(heltal + ("." + decimaler if decimaler else ""))
        enhed = match.group("enhed")
        for pattern, kr, navn in _ENHEDER:
            if re.fullmatch(pattern, enhed, re.IGNORECASE):
                found.append(Skrevet(match.group(0), vaerdi, len(decimaler), kr, navn))
                break
    return found


def _figures(budgets: Sequence[Budgetkilde]) -> Iterator[tuple[Decimal, str]]:
    """Every amount of the budgets in kroner, with the placeholder that prints it."""
    for nr, kilde in enumerate(budgets, start=1):
        suffix = f"#{nr}" if len(budgets) > 1 else ""
        for value, name in kilde.beloeb:
            yield value, f"{{beløb:{name}{suffix}}}"


def _samme(a: str, b: str) -> bool:
    return " ".join(a.split()).casefold() == " ".join(b.split()).casefold()


def check_typed_amounts(
    text: str, budgets: Sequence[Budgetkilde], andre: Sequence[str] = ()
) -> str | None:
    """Why an amount typed by hand in `text` disagrees with the budgets, or None.

    An amount agrees when some figure of some budget of the case (any row, sums and
    totals included, any amount column, the I alt column; sign ignored) rounds to it
    at the precision it is written in: "877,3 mio. kr." matches 877.278 t. kr., "0,7
    mio. kr." and "0,69 mio. kr." both match 690 t. kr. An amount listed in `andre`
    (the case's `andre_beloeb`, as written) is no table figure and passes as it is.
    """
    if not budgets:
        return None
    figures: list[tuple[Decimal, str]] | None = None
    for typed in typed_amounts(text):
        if figures is None:
            figures = list(_figures(budgets))
        if any(typed.passer(value) for value, _ in figures):
            continue
        if any(_samme(typed.tekst, other) for other in andre):
            continue
        nearest: dict[str, str] = {}
        for value, placeholder in sorted(
            figures, key=lambda f: abs(typed.afrundet(f[0]) - typed.vaerdi)
        ):
            nearest.setdefault(typed.vis(value), placeholder)
            if len(nearest) == MAKS_FORSLAG:
                break
        shown = "; ".join(f"{amount} {placeholder}" for amount, placeholder in nearest.items())
        written = " ".join(typed.tekst.split())
        return (
            f"beløbet {written} passer ikke med noget beløb i Økonomi-tabellen"
            + (f" (nærmest: {shown})" if shown else "")
            + ". Skriv pladsholderen i stedet, så beløbet hentes fra budget-arbejdsbogen. "
            "Er beløbet ikke fra tabellen (fx en statslig pulje), så skriv det under "
            f"'andre_beloeb' i sagens front matter: andre_beloeb: ['{written}']."
        )
    return None


def citerbart(budget: Budget) -> str:
    """What the prose can cite from a table, for the officer to compare with the text.

    With an I alt column (years): "0,69 mio. kr. fordelt på årene 2011-2012". Without
    one, adding the columns would add budget, forecast and afvigelse together, so it
    shows the placeholder for one cell of the total (or first) row and its value:
    "{beløb:Hovedtotal|Indstillet 2026} giver 20,9 mio. kr.". "" when nothing can be cited.
    """
    if budget.vis_i_alt_kolonne or len(budget.kolonner) == 1:
        return tekstbeloeb(budget)
    udregning = regn_ud(budget)
    raekke = udregning.total() or next(
        (r for r in udregning.raekker if r.linje.type is Raekketype.LINJE), None
    )
    kolonner = [
        k.navn for k in budget.kolonner if k.art is Kolonneart.BELOEB and k.beregning is None
    ]
    if raekke is None or not kolonner:
        return ""
    # The total's last amount column (Regnskab, Forventet regnskab), or a line's first.
    kolonne = kolonner[-1] if raekke.linje.type is Raekketype.TOTAL else kolonner[0]
    placeholder = "{beløb:" + f"{raekke.linje.post}|{kolonne}" + "}"
    try:
        return f"{placeholder} giver {fill(placeholder, [Budgetkilde(budget)])}"
    except DagsordenError:
        return ""
