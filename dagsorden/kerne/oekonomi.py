"""The Økonomi table's arithmetic: sums, totals, derived columns, the table to print.

Pure functions over a `Budget`: no file, no openpyxl cell and no docx object reaches
them. `regn_ud` works a table out and lists what doesn't add up (`Problem`);
`oekonomi_tabel` gives the table as documents and the terminal print it; `find_raekke`
and `beloeb` give the amounts prose cites.

Every sum is taken in decimal from str(float), so 0,1 + 0,2 is 0,3, and results stay
unrounded; the table shows them rounded half up (1.000 kr. as whole numbers, mio. kr.
with one decimal, or the workbook's `Decimaler`).

Rows form groups (`Raekketype`):

- `overskrift` opens a group under the innermost open one. It has no figures. When
  the innermost open group already has ordinary lines of its own, the heading closes
  it first (sibling headings without sums).
- `sum` closes the innermost open group and adds up its items, with two exceptions:
  - when its Post names an open heading ("I alt, Socialudvalget", "Socialudvalget i
    alt": the heading's words and sum words only, case ignored), it closes every group
    up to and including that heading's, and adds up that group;
  - else, when the innermost group's heading closed a sibling group that had no sum of
    its own, the style is "siblings without sums", so the sum is their parent's: it
    closes the innermost group and its parent, and adds up the parent (Socialudvalget
    > Service, lines, > Anlæg, lines, sum: Service + Anlæg, not Anlæg alone).
  With no open group (or when the parent is the top level) it adds up the top-level
  items since the previous top-level sum or group closed by a sum: loose lines, and
  sibling groups without sums, never an earlier group's sum; with none there it is a
  problem (a sum of sums is a total, or needs a heading over its groups). An item is a
  line, or a group: the
  group's sum row when it has one (typed or computed), else the sum of the group's own
  items.
- `total` closes every open group and adds up all top-level items; only `heraf` rows
  may follow it, and there is only one.
- `heraf` is part of the nearest row above it that is no heraf row (a line, sum or
  total), never summed, and no larger than that row in any amount column.

Columns: amount columns (`Kolonneart.BELOEB`) are summed down; a derived column
(`Kolonne.beregning`) is worked out per row from the row's own values, in sum and
total rows too; percent columns are never summed. The I alt column is the sum of the
row's amount columns that are not derived.

A typed sum, total, derived or I alt figure is the official one: it passes when it is
within half a shown unit per rounded figure behind it (each typed part counts one, a
computed part what is behind it, plus one for the typed figure itself), but never more
than four standard deviations of those rounding errors (`afrundingstolerance`: 3
lines allow 2 units, 25 lines 5,89 instead of 13, 200 lines 16,37 instead of 100,5),
and is then shown as typed. A percent passes within 0,05 plus the rounding of its
numerator and denominator propagated the same way (worst case, capped at four
standard deviations); a denominator that shows as 0 gives no percent ('-'), and a
typed one there is a problem. When a shown total misses the sum of the shown figures
it adds up, the table gets the papers' note "Afvigelser i summer skyldes
afrundinger.".

`Nul vises som: -` prints '-' for a true zero only: a figure that rounds to zero
(-0,04 in mio. kr.) prints as 0,0 (or 0), so it is not mistaken for no figure.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from decimal import ROUND_FLOOR, Decimal

from dagsorden.errors import OekonomiError
from dagsorden.kerne import danish
from dagsorden.kerne.model import (
    Budget,
    BudgetEnhed,
    Budgetlinje,
    Kolonne,
    Kolonneart,
    Negative,
    Nul,
    Raekketype,
)

I_ALT = "I alt"
AFRUNDINGSNOTE = "Afvigelser i summer skyldes afrundinger."
DECIMALER = {enhed: enhed.decimaler for enhed in BudgetEnhed}
"""Decimals a table shows per unit (kept for old callers; use `Budget.vis_decimaler`)."""

_AAR = re.compile(r"\d{4}")

I_ALT_KOLONNE = -1
"""`Problem.kolonne` and `Udregnet.beregnet` for the I alt column."""


@dataclass(frozen=True)
class Problem:
    """Something in the table that doesn't add up or doesn't fit."""

    raekke: int
    """Index into `budget.linjer`."""
    kolonne: int | None
    """Index into `budget.kolonner`; I_ALT_KOLONNE for the I alt column; None: the whole row."""
    besked: str
    """Danish, complete: names the post, the column, the expected and the typed figure."""


@dataclass(frozen=True)
class Udregnet:
    """One row as the table shows it, figures unrounded, in the table's unit."""

    linje: Budgetlinje
    vaerdier: tuple[Decimal | None, ...]
    """Per `budget.kolonner`: typed, else computed (sum or derived); None: no figure."""
    i_alt: Decimal | None
    """The I alt column, typed or computed; None when there is no I alt column."""
    beregnet: frozenset[int]
    """Column indexes (I_ALT_KOLONNE for I alt) that were computed, not typed."""
    gruppe: tuple[str, ...]
    """The headings above the row, outermost first: ("Kultur og Fritid", "Service")."""
    niveau: int
    """Nesting depth for indentation (0 = top)."""


@dataclass(frozen=True)
class Udregning:
    """A budget's table worked out: every row's figures, and what doesn't add up."""

    budget: Budget
    raekker: tuple[Udregnet, ...]
    """`budget.linjer` in order, plus a computed "I alt" TOTAL row at the end when
    `budget.i_alt_raekke` and no TOTAL row was typed."""
    problemer: tuple[Problem, ...]
    afrundingsnote: bool
    """Some shown sum, total or I alt differs from the sum of its shown parts."""

    def total(self) -> Udregnet | None:
        """The TOTAL row (typed or computed), or None."""
        for raekke in self.raekker:
            if raekke.linje.type is Raekketype.TOTAL:
                return raekke
        return None


@dataclass(frozen=True)
class Tabelraekke:
    """One row of the table as printed: the post and its figures, already Danish.

    `tal` has one string per figure column and then the I alt when the table shows
    one; '-' where there is no figure, "" in a heading row.
    """

    post: str
    tal: tuple[str, ...]
    type: Raekketype = Raekketype.LINJE
    niveau: int = 0
    """Nesting depth for indentation (0 = top)."""
    tekster_foran: tuple[str, ...] = ()
    """Text columns left of Post."""
    tekster_efter: tuple[str, ...] = ()
    """Text columns right of Post, before the figures."""

    @property
    def heraf(self) -> bool:
        """A "Heraf ..." line: shown indented."""
        return self.type is Raekketype.HERAF

    @property
    def is_total(self) -> bool:
        """The grand total: shown in bold."""
        return self.type is Raekketype.TOTAL

    @property
    def celler(self) -> tuple[str, ...]:
        """Every cell in print order."""
        return (*self.tekster_foran, self.post, *self.tekster_efter, *self.tal)


@dataclass(frozen=True)
class OekonomiTabel:
    """An Økonomi table ready to print, in the terminal or in Word.

    The document puts "Tabel N." before `titel` (it numbers its tables itself).
    """

    titel: str
    """The caption text: "Ændring af indtægts- og udgiftsbudget vedr. ..."."""
    enhed: str
    """The unit line: "1.000 kr." or "mio. kr."."""
    prisniveau: str
    """"(2011 p/l)", or "" when the workbook gives no Prisniveau."""
    overskrifter: tuple[str, ...]
    """The header row, every column in print order: ("1.000 kr.", "2011", "2012", "I alt")."""
    raekker: tuple[Tabelraekke, ...]
    note: str = ""
    """The rounding note to print under the table, or ""."""
    tekstkolonner: int = 1
    """How many leading columns are text (left-aligned): Post and the text columns."""

    @property
    def enhedslinje(self) -> str:
        """The unit with the price level: "1.000 kr. (2011 p/l)"."""
        return f"{self.enhed} {self.prisniveau}".strip()

    @property
    def afrundingsnote(self) -> bool:
        """True when some shown total differs from the sum of its shown cells."""
        return bool(self.note)


def _decimal(value: float | int | Decimal) -> Decimal:
    # str() gives the shortest form that reads back as the same float: 0.1 -> "0.1".
    return value if isinstance(value, Decimal) else Decimal(str(value))


def _key(text: str) -> str:
    return " ".join(text.split()).casefold()


SIGMA = 4
"""How many standard deviations of summed rounding errors a typed figure may be off."""


def _spillerum(n: int) -> Decimal:
    """How many shown units a typed figure with `n` rounded figures behind it may miss
    their sum by: half a unit for each of them and for itself (the worst case), but
    no more than SIGMA standard deviations of their summed rounding errors.

    Each rounded figure is off by at most half a unit, evenly spread, so its error has
    standard deviation sqrt(1/12) unit, and n + 1 independent ones sqrt((n + 1)/12).
    The worst case, every figure off by a full half unit in the same direction, grows
    as (n + 1)/2 and lets a typo of 99 pass under the total of 200 lines; four
    standard deviations (16,4 units for 200 lines) is exceeded by honest rounding
    about once in 16.000 tables. For a few figures (n < 5) the worst case is the
    smaller, and rules. Never less than one unit.
    """
    figures = Decimal(n + 1)
    worst = figures / 2
    spread = SIGMA * (figures / 12).sqrt()
    return min(worst, max(Decimal(1), spread))


def afrundingstolerance(n: int, decimaler: int) -> Decimal:
    """How far a typed sum with `n` rounded figures behind it may be from their sum,
    in a table showing `decimaler` decimals (see `_spillerum`): 3 lines in 1.000 kr.
    allow 2, 25 lines 5,89, 200 lines 16,37."""
    return Decimal(1).scaleb(-decimaler) * _spillerum(n)


_ORD = re.compile(r"[^\W_]+")
SUMORD = frozenset(
    {"i", "alt", "ialt", "total", "totalt", "netto", "sum", "samlet", "samlede", "for"}
    | {"subtotal", "deltotal", "hovedtotal"}
)
"""Words a sum row's Post adds to a heading's name: "I alt, Socialudvalget"."""


def navngiver_overskrift(post: str, overskrift: str) -> bool:
    """Whether a sum row's Post names a heading: "I alt, Socialudvalget" and
    "Socialudvalget i alt" name "Socialudvalget" (the heading's words plus sum words
    only; case and punctuation ignored)."""
    words = _ORD.findall(post.casefold())
    heading = _ORD.findall(overskrift.casefold())
    if not heading or len(heading) >= len(words):
        return False
    for start in range(len(words) - len(heading) + 1):
        if words[start : start + len(heading)] == heading:
            rest = words[:start] + words[start + len(heading) :]
            if all(w in SUMORD for w in rest):
                return True
    return False


def _q(name: str) -> str:
    return f"'{name}'"


def _source(budget: Budget) -> str:
    return f"{budget.kilde}: " if budget.kilde else ""


# --- working a table out ------------------------------------------------------------


@dataclass
class _Celle:
    """One figure of a row while the table is worked out."""

    vaerdi: Decimal | None
    """As the table shows it: typed, else computed."""
    brug: Decimal | None
    """What sums and derived columns use: as shown, or what it should be when a typed
    figure is wrong (so one wrong figure gives one problem, not a cascade)."""
    n: int
    """How many rounded figures are behind it."""
    beregnet: bool


@dataclass
class _Gruppe:
    """An open or closed group of rows: a heading's, or the table's top level."""

    sti: tuple[str, ...]
    niveau: int
    """The depth of the group's own rows."""
    items: list[int | _Gruppe] = field(default_factory=list)
    """Its lines and sum rows (row indexes) and its groups closed without a sum."""
    egne_linjer: bool = False
    efter_soeskende: bool = False
    """Its heading closed a sibling group that had no sum: a sum row in this group
    is the parent's (siblings without sums of their own)."""


class _Regner:
    """One pass over the rows of a budget, in order (see the module's docstring)."""

    def __init__(self, budget: Budget) -> None:
        self.budget = budget
        self.kolonner = budget.kolonner
        self.antal = len(budget.kolonner)
        self.ialt = self.antal  # the I alt column's index in a row's cells
        self.decimaler = budget.vis_decimaler
        self.vis_i_alt = budget.vis_i_alt_kolonne
        self.linjer = list(budget.linjer)
        if budget.i_alt_raekke and not any(r.type is Raekketype.TOTAL for r in self.linjer):
            self.linjer.append(
                Budgetlinje(post=I_ALT, beloeb=(None,) * self.antal, type=Raekketype.TOTAL)
            )
        for linje in self.linjer:
            if len(linje.beloeb) != self.antal:
                raise ValueError(
                    f"line '{linje.post}' has {len(linje.beloeb)} amount(s), but the budget "
                    f"has {self.antal} columns"
                )
        self.index = {_key(k.navn): i for i, k in enumerate(self.kolonner)}
        self.orden = _derived_order(self.kolonner, self.index)
        self.summeres = [
            i
            for i, k in enumerate(self.kolonner)
            if k.art is Kolonneart.BELOEB and k.beregning is None
        ]
        self.lineaere = [
            i
            for i, k in enumerate(self.kolonner)
            if k.art is Kolonneart.BELOEB
            and k.beregning is not None
            and k.beregning.naevner is None
            and all(
                self.kolonner[self.index[_key(navn)]].art is Kolonneart.BELOEB
                for _, navn in k.beregning.led
            )
        ]
        self.celler: list[list[_Celle]] = []
        self.gruppe: list[tuple[str, ...]] = []
        self.niveau: list[int] = []
        self.dele: dict[int, list[int | _Gruppe]] = {}
        self.problemer: list[Problem] = []

    # -- helpers

    def halv(self, kolonne: int) -> Decimal:
        """Half a shown unit of a column (I alt: the amounts')."""
        if kolonne < self.antal and self.kolonner[kolonne].art is Kolonneart.PROCENT:
            return Decimal("0.05")
        return Decimal(1).scaleb(-self.decimaler) / 2

    def vist(self, value: Decimal | None) -> Decimal:
        return danish.afrundet(value, self.decimaler) if value is not None else Decimal(0)

    def vist_i(self, value: Decimal, kolonne: int) -> Decimal:
        """The value as its column shows it (a percent with one decimal)."""
        if kolonne < self.antal and self.kolonner[kolonne].art is Kolonneart.PROCENT:
            return danish.afrundet(value, 1)
        return self.vist(value)

    def tal(self, value: Decimal | None, kolonne: int) -> str:
        if kolonne < self.antal and self.kolonner[kolonne].art is Kolonneart.PROCENT:
            return danish.INGEN_TAL if value is None else danish.tal(value, 1) + "%"
        return danish.tal(value, self.decimaler)

    def navn(self, kolonne: int) -> str:
        return I_ALT if kolonne == self.ialt else self.kolonner[kolonne].navn

    def problem(self, raekke: int, kolonne: int | None, besked: str) -> None:
        where = I_ALT_KOLONNE if kolonne == self.ialt else kolonne
        self.problemer.append(Problem(raekke, where, besked))

    def item_value(self, item: int | _Gruppe, kolonne: int) -> tuple[Decimal | None, int]:
        if isinstance(item, int):
            celle = self.celler[item][kolonne]
            return celle.brug, celle.n
        return self.sum_of(item.items, kolonne)

    def sum_of(self, items: Sequence[int | _Gruppe], kolonne: int) -> tuple[Decimal | None, int]:
        total: Decimal | None = None
        n = 0
        for item in items:
            value, count = self.item_value(item, kolonne)
            if value is not None:
                total = value if total is None else total + value
                n += count
        return total, n

    def shown_parts(self, items: Sequence[int | _Gruppe], kolonne: int) -> list[Decimal]:
        parts: list[Decimal] = []
        for item in items:
            if isinstance(item, int):
                parts.append(self.vist(self.celler[item][kolonne].vaerdi))
            else:
                parts.extend(self.shown_parts(item.items, kolonne))
        return parts

    def checked(
        self,
        raekke: int,
        kolonne: int,
        typed: float | None,
        expected: Decimal | None,
        n: int,
        hvad: str,
        tolerance: Decimal | None = None,
    ) -> _Celle:
        """A computed figure, or the typed one when it is within the tolerance."""
        if typed is None:
            return _Celle(expected, expected, n, beregnet=True)
        value = _decimal(typed)
        allowed = 2 * self.halv(kolonne) * _spillerum(n) if tolerance is None else tolerance
        if abs(value - (expected or 0)) <= allowed:
            return _Celle(value, value, 1, beregnet=False)
        post = self.linjer[raekke].post
        self.problem(
            raekke,
            kolonne,
            f"'{post}' i kolonnen '{self.navn(kolonne)}' er skrevet som "
            f"{self.tal(value, kolonne)}, men {hvad} giver "
            f"{self.tal(expected or Decimal(0), kolonne)}; "
            f"afrunding kan højst forklare {self.forklarer(allowed, kolonne)}. Ret tallet, "
            "eller lad cellen stå tom, så regnes det ud.",
        )
        return _Celle(value, expected, n, beregnet=False)

    def forklarer(self, allowed: Decimal, kolonne: int) -> str:
        if kolonne < self.antal and self.kolonner[kolonne].art is Kolonneart.PROCENT:
            return danish.tal(allowed.quantize(Decimal("0.01"), ROUND_FLOOR), 2) + " procentpoint"
        unit = Decimal(1).scaleb(-self.decimaler)
        return danish.tal((allowed / unit).to_integral_value(ROUND_FLOOR) * unit, self.decimaler)

    # -- rows

    def run(self) -> Udregning:
        root = _Gruppe(sti=(), niveau=0)
        stack: list[_Gruppe] = []
        since = 0  # root items since the last top-level sum or group closed by a sum
        total_at: int | None = None
        for raekke, linje in enumerate(self.linjer):
            typ = linje.type
            if total_at is not None and typ is not Raekketype.HERAF:
                self.after_total(raekke, total_at)
            current = stack[-1] if stack else root
            if typ is Raekketype.OVERSKRIFT:
                sibling = bool(stack) and current.egne_linjer
                if sibling:
                    self.close(stack, root)
                    current = stack[-1] if stack else root
                self.row_at(current.sti, len(stack))
                self.heading(raekke)
                stack.append(
                    _Gruppe(
                        sti=(*current.sti, linje.post),
                        niveau=len(stack) + 1,
                        efter_soeskende=sibling,
                    )
                )
            elif typ is Raekketype.LINJE:
                self.row_at(current.sti, current.niveau)
                self.line(raekke)
                current.items.append(raekke)
                current.egne_linjer = True
            elif typ is Raekketype.HERAF:
                whole = self.whole_of(raekke)
                self.row_at(current.sti, self.niveau[whole] if whole is not None else len(stack))
                self.line(raekke)
                self.heraf(raekke, whole)
            elif typ is Raekketype.SUM:
                target = self.sums_group(stack, linje.post)
                if target is None:
                    while stack:
                        self.close(stack, root)
                    self.row_at((), 0)
                    items = root.items[since:]
                    del root.items[since:]
                    root.items.append(raekke)
                    since = len(root.items)
                else:
                    while len(stack) > target + 1:
                        self.close(stack, root)
                    group = stack.pop()
                    self.row_at(group.sti, group.niveau)
                    items = group.items
                    (stack[-1] if stack else root).items.append(raekke)
                    if not stack:
                        since = len(root.items)
                if items or target is not None or not root.items[:-1]:
                    self.summed(raekke, items, "linjerne")
                else:
                    self.no_loose_lines(raekke)
            else:  # TOTAL
                while stack:
                    self.close(stack, root)
                self.row_at((), 0)
                if total_at is None:
                    total_at = raekke
                self.summed(raekke, list(root.items), "tabellens linjer")
        return self.result()

    def sums_group(self, stack: list[_Gruppe], post: str) -> int | None:
        """The open group (index into `stack`) a sum row closes and adds up; None: the
        top level's loose lines since the last top-level sum or group closed by a sum.

        The innermost open group; the open group its Post names ("I alt,
        Socialudvalget"), with every group inside it; the innermost group's parent
        when the innermost one's heading closed a sibling without a sum (siblings
        without sums of their own: the sum is their parent's).
        """
        for index in range(len(stack) - 1, -1, -1):
            if navngiver_overskrift(post, stack[index].sti[-1]):
                return index
        if not stack:
            return None
        if stack[-1].efter_soeskende:
            return len(stack) - 2 if len(stack) > 1 else None
        return len(stack) - 1

    def no_loose_lines(self, raekke: int) -> None:
        """A top-level sum straight after a group's sum or another top-level sum."""
        linje = self.linjer[raekke]
        self.dele[raekke] = []
        self.problem(
            raekke,
            None,
            f"Sumrækken '{linje.post}' har ingen løse linjer over sig at lægge sammen: en "
            "sum uden åben overskrift lægger kun linjerne siden sidste sum sammen, ikke de "
            "grupper og summer, der står over den. Skal den lægge hele tabellen sammen, så "
            "giv den Type total; skal den lægge nogle grupper sammen, så sæt en overskrift "
            "over dem (og gerne sumrækkens navn efter den, fx 'I alt, <overskrift>').",
        )
        self.line(raekke)  # its typed figures, as typed: one problem, not a cascade

    def row_at(self, sti: tuple[str, ...], niveau: int) -> None:
        self.gruppe.append(sti)
        self.niveau.append(niveau)

    def close(self, stack: list[_Gruppe], root: _Gruppe) -> None:
        group = stack.pop()
        (stack[-1] if stack else root).items.append(group)

    def after_total(self, raekke: int, total_at: int) -> None:
        linje = self.linjer[raekke]
        total = self.linjer[total_at].post
        if linje.type is Raekketype.TOTAL:
            self.problem(
                raekke,
                None,
                f"Tabellen har to totaler, '{total}' og '{linje.post}'; der må kun være én "
                "række med Type 'total'. Giv den ene Type 'sum'.",
            )
            return
        self.problem(
            raekke,
            None,
            f"Rækken '{linje.post}' står efter totalen '{total}'; totalen skal være "
            "tabellens sidste række (kun Heraf-linjer må stå under den). Flyt rækken op "
            "over totalen.",
        )

    def heading(self, raekke: int) -> None:
        linje = self.linjer[raekke]
        typed = [i for i, v in enumerate(linje.beloeb) if v is not None]
        if linje.i_alt is not None:
            typed.append(self.ialt)
        if typed:
            names = danish.og(f"'{self.navn(i)}'" for i in typed)
            self.problem(
                raekke,
                typed[0],
                f"Overskriften '{linje.post}' har tal i {names}, men en overskrift har ingen "
                "beløb. Flyt tallene til en linje under den, eller fjern Type 'overskrift'.",
            )
        self.celler.append([_Celle(None, None, 0, beregnet=False) for _ in range(self.antal + 1)])

    def line(self, raekke: int) -> None:
        linje = self.linjer[raekke]
        cells = [
            _Celle(_decimal(v), _decimal(v), 1, beregnet=False)
            if v is not None and self.kolonner[i].beregning is None
            else _Celle(None, None, 0, beregnet=False)
            for i, v in enumerate(linje.beloeb)
        ]
        self.finish(raekke, cells)

    def summed(self, raekke: int, items: list[int | _Gruppe], hvad: str) -> None:
        linje = self.linjer[raekke]
        self.dele[raekke] = items
        if not items:
            kind = "Totalen" if linje.type is Raekketype.TOTAL else "Sumrækken"
            self.problem(
                raekke,
                None,
                f"{kind} '{linje.post}' har ingen linjer over sig at lægge sammen. Sæt de "
                "linjer, den er summen af, over den, eller giv rækken en anden Type.",
            )
        cells: list[_Celle] = []
        for i, k in enumerate(self.kolonner):
            typed = linje.beloeb[i]
            if k.beregning is not None:
                cells.append(_Celle(None, None, 0, beregnet=False))  # derived in finish()
            elif i in self.summeres:
                expected, n = self.sum_of(items, i)
                cells.append(self.checked(raekke, i, typed, expected, n, hvad))
            else:  # percent and other columns are never summed: shown as typed
                value = _decimal(typed) if typed is not None else None
                cells.append(_Celle(value, value, 1, beregnet=False))
        self.finish(raekke, cells)

    def finish(self, raekke: int, cells: list[_Celle]) -> None:
        """Derived columns and the I alt, from the row's own values."""
        linje = self.linjer[raekke]
        for i in self.orden:
            cells[i] = self.derived(raekke, i, cells, linje.beloeb[i])
        parts = [cells[i] for i in self.summeres if cells[i].brug is not None]
        if self.vis_i_alt:
            expected = sum((c.brug for c in parts if c.brug is not None), Decimal(0))
            n = sum(c.n for c in parts)
            cells.append(
                self.checked(
                    raekke,
                    self.ialt,
                    linje.i_alt,
                    expected if parts else None,
                    n,
                    "kolonnerne",
                )
            )
        else:
            cells.append(_Celle(None, None, 0, beregnet=False))
        self.celler.append(cells)

    def derived(self, raekke: int, i: int, cells: list[_Celle], typed: float | None) -> _Celle:
        kolonne = self.kolonner[i]
        beregning = kolonne.beregning
        assert beregning is not None
        terms = [(op, cells[self.index[_key(navn)]]) for op, navn in beregning.led]
        if all(c.brug is None for _, c in terms):
            numerator: Decimal | None = None
        else:
            numerator = sum(
                ((c.brug or Decimal(0)) * (-1 if op == "-" else 1) for op, c in terms), Decimal(0)
            )
        n = sum(c.n for _, c in terms)
        units = [2 * self.halv(self.index[_key(navn)]) for _, navn in beregning.led]
        error = sum((u / 2 * c.n for u, (_, c) in zip(units, terms, strict=True)), Decimal(0))
        variance = sum(
            (u * u / 12 * c.n for u, (_, c) in zip(units, terms, strict=True)), Decimal(0)
        )
        hvad = f"beregningen '{beregning.tekst}'"
        if beregning.naevner is None:
            return self.checked(raekke, i, typed, numerator, n, hvad)
        naevner_i = self.index[_key(beregning.naevner)]
        naevner = cells[naevner_i]
        post = self.linjer[raekke].post
        if naevner.brug is None or self.vist_i(naevner.brug, naevner_i) == 0:
            if typed is not None:
                if naevner.brug is None or naevner.brug == 0:
                    shown = "tom" if naevner.brug is None else "0"
                else:
                    vises = self.tal(naevner.brug, naevner_i)
                    shown = f"{danish.tal(naevner.brug)}, som vises som {vises},"
                self.problem(
                    raekke,
                    i,
                    f"'{post}' i kolonnen '{kolonne.navn}' er skrevet som "
                    f"{self.tal(_decimal(typed), i)}, men '{beregning.naevner}' er {shown} i "
                    "rækken, så der er intet at dividere med. Lad cellen stå tom.",
                )
            return _Celle(None, None, 0, beregnet=typed is None)
        if numerator is None:
            return self.checked(raekke, i, typed, None, 0, hvad)
        factor = Decimal(100) if kolonne.art is Kolonneart.PROCENT else Decimal(1)
        value = numerator / naevner.brug * factor
        tolerance = self.halv(i) + self.kvotient_spillerum(
            numerator, naevner.brug, error, variance, naevner_i, naevner.n, factor
        )
        return self.checked(raekke, i, typed, value, n + naevner.n, hvad, tolerance)

    def kvotient_spillerum(
        self,
        numerator: Decimal,
        naevner: Decimal,
        error: Decimal,
        variance: Decimal,
        naevner_i: int,
        naevner_n: int,
        factor: Decimal,
    ) -> Decimal:
        """How far rounding can move a quotient (a percent) computed from rounded
        figures: the worst case (every figure off by half a unit the same way), but no
        more than SIGMA standard deviations (see `_spillerum`), propagated to first
        order. `error` and `variance` are the numerator's worst error and its rounding
        variance. Unbounded when the denominator may be near zero."""
        d = abs(naevner)
        unit = 2 * self.halv(naevner_i)
        d_error = unit / 2 * naevner_n
        d_variance = unit * unit / 12 * naevner_n
        worst = (
            factor * (error * d + abs(numerator) * d_error) / (d * (d - d_error))
            if d > d_error
            else Decimal("Infinity")
        )
        d_sigma = SIGMA * d_variance.sqrt()
        if d <= d_sigma:
            return worst
        ratio = numerator / naevner
        sigma = (variance + ratio * ratio * d_variance).sqrt()
        return min(worst, factor * SIGMA * sigma / d)

    def whole_of(self, raekke: int) -> int | None:
        """The row a heraf row is part of: the nearest row above that is no heraf row."""
        for above in range(raekke - 1, -1, -1):
            if self.linjer[above].type is not Raekketype.HERAF:
                return above
        return None

    def heraf(self, raekke: int, whole: int | None) -> None:
        linje = self.linjer[raekke]
        if whole is None or self.linjer[whole].type is Raekketype.OVERSKRIFT:
            where = (
                f"står under overskriften '{self.linjer[whole].post}'"
                if whole is not None
                else "står øverst i tabellen"
            )
            self.problem(
                raekke,
                None,
                f"Heraf-linjen '{linje.post}' {where}, men en Heraf-linje er en del af "
                "linjen, summen eller totalen lige over den. Flyt den ind under den række, "
                "den er en del af.",
            )
            return
        for i in self.summeres:
            part = self.celler[raekke][i].vaerdi
            if part is None:
                continue
            of = self.celler[whole][i].vaerdi
            if abs(self.vist(part)) > abs(self.vist(of)):
                self.problem(
                    raekke,
                    i,
                    f"'{linje.post}' i kolonnen '{self.kolonner[i].navn}' er "
                    f"{self.tal(part, i)}, men hele '{self.linjer[whole].post}' er kun "
                    f"{self.tal(of or Decimal(0), i)}; en "
                    "Heraf-linje kan ikke være større end det, den er en del af. Ret tallet, "
                    "eller flyt linjen ind under den rigtige række.",
                )

    # -- the result

    def result(self) -> Udregning:
        raekker = []
        for raekke, linje in enumerate(self.linjer):
            cells = self.celler[raekke]
            beregnet = {i for i, c in enumerate(cells[: self.antal]) if c.beregnet}
            if cells[self.ialt].beregnet:
                beregnet.add(I_ALT_KOLONNE)
            raekker.append(
                Udregnet(
                    linje=linje,
                    vaerdier=tuple(c.vaerdi for c in cells[: self.antal]),
                    i_alt=cells[self.ialt].vaerdi if self.vis_i_alt else None,
                    beregnet=frozenset(beregnet),
                    gruppe=self.gruppe[raekke],
                    niveau=self.niveau[raekke],
                )
            )
        return Udregning(
            budget=self.budget,
            raekker=tuple(raekker),
            problemer=tuple(self.problemer),
            afrundingsnote=self.rounding_shows(),
        )

    def rounding_shows(self) -> bool:
        """Whether some shown sum misses the sum of the shown figures it adds up."""
        across: list[tuple[int, list[tuple[int, int]]]] = []
        if self.vis_i_alt:
            across.append((self.ialt, [(1, i) for i in self.summeres]))
        for i in self.lineaere:
            beregning = self.kolonner[i].beregning
            assert beregning is not None
            led = [(-1 if op == "-" else 1, self.index[_key(navn)]) for op, navn in beregning.led]
            across.append((i, led))
        down = [*self.summeres, *self.lineaere, *([self.ialt] if self.vis_i_alt else [])]
        for raekke, cells in enumerate(self.celler):
            for kolonne, led in across:
                value = cells[kolonne].vaerdi
                if value is None:
                    continue
                shown = sum((sign * self.vist(cells[j].vaerdi) for sign, j in led), Decimal(0))
                if shown != self.vist(value):
                    return True
            items = self.dele.get(raekke)
            if not items:
                continue
            for kolonne in down:
                value = cells[kolonne].vaerdi
                if value is not None and sum(
                    self.shown_parts(items, kolonne), Decimal(0)
                ) != self.vist(value):
                    return True
        return False


def _derived_order(kolonner: Sequence[Kolonne], index: dict[str, int]) -> list[int]:
    """The derived columns, each after the derived columns it uses."""
    order: list[int] = []
    visiting: set[int] = set()

    def visit(i: int) -> None:
        if i in order:
            return
        if i in visiting:
            raise ValueError(f"derived column '{kolonner[i].navn}' depends on itself")
        visiting.add(i)
        beregning = kolonner[i].beregning
        assert beregning is not None
        names = [navn for _, navn in beregning.led]
        if beregning.naevner is not None:
            names.append(beregning.naevner)
        for navn in names:
            if _key(navn) not in index:
                raise ValueError(
                    f"derived column '{kolonner[i].navn}' uses unknown column '{navn}'"
                )
            j = index[_key(navn)]
            if kolonner[j].beregning is not None:
                visit(j)
        visiting.discard(i)
        order.append(i)

    for i, kolonne in enumerate(kolonner):
        if kolonne.beregning is not None:
            visit(i)
    return order


def regn_ud(budget: Budget) -> Udregning:
    """Works the table out: every row's figures, typed or computed, and what doesn't
    add up. Never raises for what the table holds: the problems are listed, in row
    order (a row with the wrong number of figures or a derived column naming an
    unknown column is a programming error: ValueError)."""
    return _Regner(budget).run()


# --- finding rows and amounts -------------------------------------------------------


def _stier(udregning: Udregning, raekke: int) -> list[tuple[str, ...]]:
    """The names a row goes by: its headings and post, and for a heraf row also with
    the row it is part of."""
    row = udregning.raekker[raekke]
    names = [(*row.gruppe, row.linje.post)]
    if row.linje.type is Raekketype.HERAF:
        for above in range(raekke - 1, -1, -1):
            whole = udregning.raekker[above].linje
            if whole.type is not Raekketype.HERAF:
                names.append((*row.gruppe, whole.post, row.linje.post))
                break
    return names


def _matches(sti: Sequence[str], name: Sequence[str]) -> bool:
    """The path's last part is the post; the parts before it are headings above it, in
    order (not necessarily every heading)."""
    if not sti or _key(sti[-1]) != _key(name[-1]):
        return False
    rest = iter(_key(n) for n in name[:-1])
    return all(any(part == n for n in rest) for part in (_key(p) for p in sti[:-1]))


def _matching(udregning: Udregning, sti: Sequence[str]) -> list[int]:
    return [
        i
        for i, row in enumerate(udregning.raekker)
        if row.linje.type is not Raekketype.OVERSKRIFT
        and any(_matches(sti, name) for name in _stier(udregning, i))
    ]


def _unique_name(udregning: Udregning, raekke: int) -> str | None:
    for name in _stier(udregning, raekke):
        for start in range(len(name) - 1, -1, -1):
            if _matching(udregning, name[start:]) == [raekke]:
                return " > ".join(name[start:])
    return None


def citerbar_post(post: str) -> str:
    """A Post with '>', '|' and '#' (which name parts of a placeholder) replaced."""
    renamed = re.sub(r"\s*[>|]\s*", ", ", post).replace("#", "nr. ")
    return " ".join(renamed.split())


def _heading_hint(udregning: Udregning, parts: Sequence[str]) -> str:
    """When the name is a heading's: the sum row that adds its group up, to cite."""
    for index, row in enumerate(udregning.raekker):
        if row.linje.type is not Raekketype.OVERSKRIFT or not _matches(
            parts, (*row.gruppe, row.linje.post)
        ):
            continue
        group = (*row.gruppe, row.linje.post)
        sums = [
            i
            for i, r in enumerate(udregning.raekker)
            if i > index and r.linje.type is Raekketype.SUM and r.gruppe == group
        ]
        if sums:
            name = _unique_name(udregning, sums[-1])
            if name:
                return f" '{row.linje.post}' er en overskrift; dens sum hentes med '{name}'."
            return (
                f" '{row.linje.post}' er en overskrift; dens sum "
                f"'{udregning.raekker[sums[-1]].linje.post}' har samme navn som en anden række "
                "under den. Giv dem forskellige navne."
            )
        return (
            f" '{row.linje.post}' er en overskrift uden sumrække. Hent en af linjerne under "
            f"den, eller tilføj en række med Type sum under gruppen, fx 'I alt, "
            f"{row.linje.post}'."
        )
    return ""


def find_raekke(udregning: Udregning, sti: str) -> Udregnet:
    """The row a text cites: "Netto", "Service > Netto", "Kultur og Fritid > Service >
    Netto" (headings above the row, outermost first; not every heading is needed), or
    "I alt"/"total" for the grand total (a typed total's own label works too; a table
    without a total row gives the total it would have). Ignores case and spaces.

    Raises OekonomiError when no row or several rows go by the name, listing names
    that would be unique.
    """
    budget = udregning.budget
    parts = [p for p in (p.strip() for p in sti.split(">")) if p]
    if len(parts) == 1 and _key(parts[0]) in (_key(I_ALT), "total"):
        total = udregning.total()
        if total is None:
            total = regn_ud(replace(budget, i_alt_raekke=True)).total()
        assert total is not None
        return total
    found = _matching(udregning, parts)
    if len(found) == 1:
        return udregning.raekker[found[0]]
    wanted = " > ".join(parts) or sti
    if not found:
        posts = list(
            dict.fromkeys(
                r.linje.post for r in udregning.raekker if r.linje.type is not Raekketype.OVERSKRIFT
            )
        )
        listed = ", ".join(f"'{p}'" for p in posts[:20]) or "ingen"
        if len(posts) > 20:
            listed += f" og {len(posts) - 20} flere"
        for row in udregning.raekker:
            if ">" in row.linje.post and _key(row.linje.post) == _key(sti):
                raise OekonomiError(
                    f"{_source(budget)}Posten '{row.linje.post}' har '>' i navnet, og '>' "
                    "adskiller overskrift og post, når en række hentes, så den kan ikke "
                    "hentes. Omdøb posten i budget-arbejdsbogen, fx til "
                    f"'{citerbar_post(row.linje.post)}'."
                )
        hint = _heading_hint(udregning, parts)
        raise OekonomiError(
            f"{_source(budget)}Budgettet har ingen linje '{wanted}'. Linjerne er {listed}.{hint}"
        )
    names = [_unique_name(udregning, i) for i in found]
    if all(names):
        quoted = [_q(n) for n in names if n]
        choices = f"{', '.join(quoted[:-1])} eller {quoted[-1]}"
        fix = f"skriv {choices}"
    else:
        fix = "giv dem forskellige navne, eller sæt dem under hver sin overskrift"
    raise OekonomiError(
        f"{_source(budget)}Budgettet har {len(found)} linjer, der hedder '{wanted}'; {fix}."
    )


def _beloebskolonner(budget: Budget) -> list[int]:
    return [i for i, k in enumerate(budget.kolonner) if k.art is Kolonneart.BELOEB]


def beloeb(udregnet: Udregnet, budget: Budget, kolonne: str | None = None) -> Decimal | None:
    """A row's figure in the table's unit, unrounded; None when the cell has none.

    `kolonne` names a figure column or "I alt" (ignoring case and spaces). Without
    it: the I alt column when the table has one, else its only amount column. Raises
    OekonomiError when the column is unknown or must be named.
    """
    source = _source(budget)
    post = udregnet.linje.post
    if kolonne is None:
        if budget.vis_i_alt_kolonne:
            return udregnet.i_alt
        amounts = _beloebskolonner(budget)
        if len(amounts) == 1:
            return udregnet.vaerdier[amounts[0]]
        names = danish.og(f"'{budget.kolonner[i].navn}'" for i in amounts)
        raise OekonomiError(
            f"{source}Tabellen har ingen I alt-kolonne, men beløbskolonnerne {names}; "
            f"skriv, hvilken kolonne beløbet for '{post}' skal tages fra."
        )
    if _key(kolonne) == _key(I_ALT):
        if not budget.vis_i_alt_kolonne:
            raise OekonomiError(
                f"{source}Tabellen har ingen I alt-kolonne; skriv, hvilken kolonne beløbet "
                f"for '{post}' skal tages fra ({danish.og(map(_q, budget.navne))})."
            )
        return udregnet.i_alt
    for i, k in enumerate(budget.kolonner):
        if _key(k.navn) == _key(kolonne):
            return udregnet.vaerdier[i]
    columns = [*budget.navne, *([I_ALT] if budget.vis_i_alt_kolonne else [])]
    raise OekonomiError(
        f"{source}Tabellen har ingen kolonne '{kolonne}'. Kolonnerne er "
        f"{', '.join(map(_q, columns)) or 'ingen'}."
    )


def kroner(value: Decimal, budget: Budget) -> Decimal:
    """A figure in the table's unit, in kroner: 690 in 1.000 kr. is 690000."""
    return _decimal(value) * budget.enhed.kroner


# --- kept for old callers -----------------------------------------------------------


def _sum(values: Iterable[float | None]) -> float | None:
    """The sum of the figures there are; None when there is none at all."""
    present = [_decimal(v) for v in values if v is not None]
    if not present:
        return None
    return float(sum(present, Decimal(0)))


def linje_i_alt(linje: Budgetlinje) -> float | None:
    """The line's I alt: the sum over its columns; None when it has no figure."""
    return _sum(linje.beloeb)


def _summed(budget: Budget) -> list[Budgetlinje]:
    return [linje for linje in budget.linjer if linje.type is Raekketype.LINJE]


def kolonne_i_alt(budget: Budget) -> tuple[float | None, ...]:
    """Each column's total over the ordinary lines (no heading, sum or Heraf rows)."""
    linjer = _summed(budget)
    return tuple(_sum(linje.beloeb[i] for linje in linjer) for i in range(len(budget.kolonner)))


def samlet_i_alt(budget: Budget) -> float | None:
    """The total of every column over the ordinary lines."""
    return _sum(linje_i_alt(linje) for linje in _summed(budget))


def i_alt_linje(budget: Budget) -> Budgetlinje | None:
    """The I alt row the table shows when the workbook asks for one (I alt-række)."""
    if not budget.i_alt_raekke:
        return None
    return Budgetlinje(post=I_ALT, beloeb=kolonne_i_alt(budget), type=Raekketype.TOTAL)


def _across(udregnet: Udregnet, budget: Budget) -> Decimal | None:
    """The row's I alt; without an I alt column, the sum of its amount columns when
    they are years (or there is one). Budget kinds (Korrigeret budget, Forventet
    regnskab, ...) are never added together: that asks for the column instead."""
    if budget.vis_i_alt_kolonne:
        return udregnet.i_alt
    kolonner = [
        (v, k)
        for v, k in zip(udregnet.vaerdier, budget.kolonner, strict=True)
        if k.art is Kolonneart.BELOEB and k.beregning is None
    ]
    if len(kolonner) > 1 and not all(_AAR.fullmatch(k.navn.strip()) for _, k in kolonner):
        navne = danish.og(f"'{k.navn}'" for _, k in kolonner)
        raise OekonomiError(
            f"{_source(budget)}Tabellen har ingen I alt-kolonne, og kolonnerne {navne} kan "
            "ikke lægges sammen. Skriv kolonnen i pladsholderen, fx "
            f"{{beløb:{udregnet.linje.post}|{kolonner[0][1].navn}}}."
        )
    values = [v for v, _ in kolonner if v is not None]
    return sum(values, Decimal(0)) if values else None


def beloeb_kr(budget: Budget, post: str | None = None) -> float:
    """The amount a sentence cites, in kroner and without sign.

    The I alt of the row `post` names (see `find_raekke`; "I alt" is the grand
    total), or without a name of the first line, sum or total; in a table without an
    I alt column the sum of the row's amount columns. Seed 003: 690 in 1.000 kr.
    gives 690000, which `danish.mio_kr` writes as "0,69 mio. kr.". A row without
    figures gives 0.

    Raises OekonomiError when there is no such row, or several.
    """
    udregning = regn_ud(budget)
    if post is None:
        rows = [
            r
            for r in udregning.raekker
            if r.linje.type not in (Raekketype.HERAF, Raekketype.OVERSKRIFT)
        ]
        if not rows:
            raise OekonomiError(f"{_source(budget)}Budgettet har ingen linjer at tage beløbet fra.")
        row = rows[0]
    else:
        row = find_raekke(udregning, post)
    return float(abs(kroner(_across(row, budget) or Decimal(0), budget)))


def _aarskolonner(budget: Budget) -> list[str]:
    return [k.navn for k in budget.kolonner if k.art is Kolonneart.BELOEB and k.beregning is None]


def aarene(budget: Budget) -> str:
    """The years the columns cover, as prose writes them: "2011-2012" or "2011".

    Years that don't follow each other are listed: "2011, 2013 og 2015". Raises
    OekonomiError when an amount column is no year (Service, Anlæg, ...).
    """
    navne = _aarskolonner(budget)
    not_years = [k for k in navne if not _AAR.fullmatch(k.strip())]
    if not_years or not navne:
        columns = ", ".join(f"'{k}'" for k in budget.navne) or "ingen"
        raise OekonomiError(
            f"{_source(budget)}Kolonnerne er ikke årstal ({columns}), så tabellen kan ikke "
            "give årene til teksten."
        )
    years = sorted(int(k) for k in navne)
    if years == list(range(years[0], years[-1] + 1)):
        return str(years[0]) if len(years) == 1 else f"{years[0]}-{years[-1]}"
    return danish.og(str(year) for year in years)


def tekstbeloeb(budget: Budget) -> str:
    """What an at-punkt cites from the table, to check the text against:
    "0,69 mio. kr. fordelt på årene 2011-2012" ("... i 2011" for one year; the
    amount alone when the columns are no years)."""
    amount = danish.beloeb(beloeb_kr(budget))
    try:
        years = aarene(budget)
    except OekonomiError:
        return amount
    if len(_aarskolonner(budget)) == 1:
        return f"{amount} i {years}"
    return f"{amount} fordelt på årene {years}"


# --- the table as printed -----------------------------------------------------------


def _figur(value: Decimal | None, budget: Budget, procent: bool) -> str:
    if value is None:
        return danish.INGEN_TAL
    decimaler = 1 if procent else budget.vis_decimaler
    shown = danish.afrundet(value, decimaler)
    suffix = "%" if procent else ""
    if shown == 0:
        if budget.nul is Nul.STREG and value == 0:
            return danish.INGEN_TAL  # only a true zero: -0,04 shows as 0,0, not as no figure
        return ("0" if budget.nul is Nul.NUL else danish.tal(0, decimaler)) + suffix
    if shown < 0 and budget.negative is Negative.PARENTES:
        return f"({danish.tal(-shown, decimaler)}{suffix})"
    return danish.tal(shown, decimaler) + suffix


def _problem_text(budget: Budget, udregning: Udregning) -> str:
    first = udregning.problemer[0]
    linjer = budget.linjer
    raekke = linjer[first.raekke].raekke if first.raekke < len(linjer) else 0
    where = f"række {raekke}: " if raekke else ""
    more = len(udregning.problemer) - 1
    rest = f" (og {more} {'andet problem' if more == 1 else 'andre problemer'})" if more else ""
    return f"{_source(budget)}{where}{first.besked}{rest}"


def oekonomi_tabel(budget: Budget) -> OekonomiTabel:
    """The table as the document and the terminal print it: Danish figures as the
    workbook asks (decimals, negatives, zero), '-' for no figure, "" in heading rows,
    the I alt column when the table has one, the I alt row when asked for.

    Raises OekonomiError with the first problem when the table doesn't add up.
    """
    udregning = regn_ud(budget)
    if udregning.problemer:
        raise OekonomiError(_problem_text(budget, udregning))
    foran = [k for k in budget.tekstkolonner if k.foran_post]
    efter = [k for k in budget.tekstkolonner if not k.foran_post]
    procent = [k.art is Kolonneart.PROCENT for k in budget.kolonner]
    vis_i_alt = budget.vis_i_alt_kolonne
    raekker = []
    for row in udregning.raekker:
        linje = row.linje
        if linje.type is Raekketype.OVERSKRIFT:
            tal = ("",) * (len(budget.kolonner) + vis_i_alt)
        else:
            figures = [_figur(v, budget, p) for v, p in zip(row.vaerdier, procent, strict=True)]
            if vis_i_alt:
                figures.append(_figur(row.i_alt, budget, procent=False))
            tal = tuple(figures)
        tekster = [*linje.tekster, *([""] * (len(budget.tekstkolonner) - len(linje.tekster)))]
        by_column = dict(zip(budget.tekstkolonner, tekster, strict=False))
        raekker.append(
            Tabelraekke(
                post=linje.post,
                tal=tal,
                type=linje.type,
                niveau=row.niveau,
                tekster_foran=tuple(by_column[k] for k in foran),
                tekster_efter=tuple(by_column[k] for k in efter),
            )
        )
    return OekonomiTabel(
        titel=budget.tabeltitel,
        enhed=budget.enhed.value,
        prisniveau=f"({budget.prisniveau} p/l)" if budget.prisniveau is not None else "",
        overskrifter=(
            *(k.navn for k in foran),
            budget.enhed.value,
            *(k.navn for k in efter),
            *budget.navne,
            *([I_ALT] if vis_i_alt else []),
        ),
        raekker=tuple(raekker),
        note=budget.afrundingsnote if udregning.afrundingsnote else "",
        tekstkolonner=len(budget.tekstkolonner) + 1,
    )


__all__ = [
    "AFRUNDINGSNOTE",
    "DECIMALER",
    "I_ALT",
    "I_ALT_KOLONNE",
    "OekonomiTabel",
    "Problem",
    "Tabelraekke",
    "Udregnet",
    "Udregning",
    "aarene",
    "afrundingstolerance",
    "beloeb",
    "beloeb_kr",
    "citerbar_post",
    "find_raekke",
    "i_alt_linje",
    "kolonne_i_alt",
    "kroner",
    "linje_i_alt",
    "navngiver_overskrift",
    "oekonomi_tabel",
    "regn_ud",
    "samlet_i_alt",
    "tekstbeloeb",
]
