"""Plain data of the domain: a pejlemærke, its delmål, their figures and texts.

These classes hold what an analyst typed, already parsed and validated; no openpyxl
cell and no docx object ever reaches them, so scoring and rendering can be tested
without files.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum
from typing import Any


class Retning(Enum):
    """How a target is phrased: a figure to reach, or "below"/"above" a figure."""

    PRAECIS = ""
    UNDER = "<"
    OVER = ">"


class Enhed(Enum):
    ANTAL = "antal"
    PCT = "pct"


class Markering(Enum):
    """Seed 002's colour marks: blue = a delmål the administration proposes to add,
    orange = a target the administration proposes where the committee set none."""

    INGEN = ""
    BLAA = "blå"
    ORANGE = "orange"


class ManglendeStatus(Enum):
    """What a delmål with baseline but no status counts as (see DOMAIN.md)."""

    UDELAD = "udelad"
    NUL = "nul"


class Vaegtning(Enum):
    INGEN = "ingen"
    POPULATION = "population"


@dataclass(frozen=True)
class Maal:
    """A target: a figure, optionally with '<' or '>' in front ("<1,1%")."""

    vaerdi: float
    retning: Retning = Retning.PRAECIS


@dataclass(frozen=True)
class Maaling:
    """One measured figure of a delmål and its year (sheet Målinger, the long form)."""

    aar: int
    vaerdi: float
    kilde: str = ""
    note: str = ""


@dataclass(frozen=True)
class Milepael:
    """The figure a delmål is expected to have reached in a year (sheet Milepæle)."""

    aar: int
    maal: Maal


@dataclass(frozen=True)
class Sammenligning:
    """The same measure in another city (sheet Sammenligning, seed 001's 6-by).
    Shown beside the pejlemærke, never part of its score."""

    delmaal: str
    by: str
    aar: int
    vaerdi: float


class Fremdrift(Enum):
    """An activity's three-colour progress indicator (seed 004)."""

    GROEN = "grøn"
    GUL = "gul"
    ROED = "rød"


@dataclass(frozen=True)
class Aktivitet:
    """One row of sheet Aktiviteter: an activity, the delmål it serves, its progress."""

    aktivitet: str
    delmaal: tuple[str, ...] = ()
    ansvarlig: str = ""
    frist: str = ""
    fremdrift: Fremdrift | None = None
    kommentar: str = ""


@dataclass(frozen=True)
class Delmaal:
    """A measurable sub-goal; `underpunkter` holds its sub-rows (F1, F2 under F).

    A delmål with sub-rows carries no figures of its own: it is scored as the
    (possibly weighted) mean of its sub-rows.
    """

    id: str
    tekst: str
    baseline: float | None = None
    status: float | None = None
    maal: Maal | None = None
    enhed: Enhed = Enhed.ANTAL
    population: float | None = None
    markering: Markering = Markering.INGEN
    note: str = ""
    underpunkter: tuple[Delmaal, ...] = ()
    maalinger: tuple[Maaling, ...] = ()
    """Every measured figure by year, from sheet Målinger (empty: only the short form
    Baseline/Status, whose years are the pejlemærke's Baselineår and Statusår)."""
    milepaele: tuple[Milepael, ...] = ()
    baselineaar: int | None = None
    """The year of `baseline` where it is not the pejlemærke's Baselineår (a figure
    that lags, or a measure begun later: seed 002's "Baseline er 2014")."""


@dataclass(frozen=True)
class Tekst:
    """One paragraph or bullet of the Tekster sheet."""

    afsnit: str
    tekst: str


@dataclass(frozen=True)
class Pejlemaerke:
    nummer: int
    titel: str
    delmaal: tuple[Delmaal, ...]
    omraade: str = ""
    baselineaar: int | None = None
    statusaar: int | None = None
    maalaar: int | None = None
    manglende_status: ManglendeStatus | None = None
    vaegtning: Vaegtning = Vaegtning.INGEN
    ansvarlig: str = ""
    tekster: tuple[Tekst, ...] = ()
    kilde: str = field(default="", compare=False)
    sammenligning: tuple[Sammenligning, ...] = ()
    aktiviteter: tuple[Aktivitet, ...] = ()
    advarsler: tuple[Any, ...] = field(default=(), compare=False)
    """What the reader noticed but could read past (`errors.Problem`s): a column or
    sheet it does not know. `dagsorden tjek` and `status` print them."""

    def tekster_i(self, afsnit: str) -> list[str]:
        """The texts of one section, in the order the analyst wrote them."""
        return [t.tekst for t in self.tekster if t.afsnit == afsnit]


# --- Budget (Økonomi) -----------------------------------------------------------------


class BudgetEnhed(Enum):
    """The unit line of an Økonomi table, as the papers write it."""

    KR = "kr."
    TUSIND_KR = "1.000 kr."
    MIO_KR = "mio. kr."
    MIA_KR = "mia. kr."

    @property
    def kroner(self) -> int:
        """How many kroner one figure in this unit is."""
        return _KRONER[self.value]

    @property
    def decimaler(self) -> int:
        """The decimals a table in this unit usually shows: 1.000 kr. as -690,
        mio. kr. as 0,7. A workbook's `Decimaler` overrides it."""
        return _DECIMALER[self.value]


_KRONER = {"kr.": 1, "1.000 kr.": 1_000, "mio. kr.": 1_000_000, "mia. kr.": 1_000_000_000}
_DECIMALER = {"kr.": 0, "1.000 kr.": 0, "mio. kr.": 1, "mia. kr.": 1}


class Raekketype(Enum):
    """What a row of an Økonomi table is (the workbook's optional `Type` column).

    Rows form groups: an `overskrift` opens a group and a `sum` closes the innermost
    open one (without an open group, a `sum` sums the top-level rows since the last
    sum). A `heraf` row is part of the row above it and never summed; the `total` is
    the whole table's. See `kerne.oekonomi` for the exact rules.
    """

    LINJE = ""
    OVERSKRIFT = "overskrift"
    SUM = "sum"
    HERAF = "heraf"
    TOTAL = "total"


class Kolonneart(Enum):
    """What a column of an Økonomi table holds."""

    BELOEB = "beløb"
    """Amounts in the table's unit: summed down sum rows and across into I alt."""
    PROCENT = "procent"
    """A percentage (header with '%' or 'pct.'): shown as 5,2%, never summed."""
    TEKST = "tekst"
    """Text beside Post (a category, a note): shown as typed, left-aligned."""


@dataclass(frozen=True)
class Beregning:
    """A derived column's rule, e.g. "Korrigeret budget - Forventet regnskab".

    The value is the signed sum of `led` (column names, each with "+" or "-"),
    divided by `naevner` when there is one (and times 100 in a percent column):
    "Afvigelse / Korrigeret budget" is led (("+", "Afvigelse"),), naevner
    "Korrigeret budget". Typed values in a derived column are checked against it.
    """

    tekst: str
    led: tuple[tuple[str, str], ...]
    naevner: str | None = None


@dataclass(frozen=True)
class Kolonne:
    """A column of an Økonomi table besides Post."""

    navn: str
    art: Kolonneart = Kolonneart.BELOEB
    beregning: Beregning | None = None
    foran_post: bool = False
    """A text column left of Post (only TEKST columns can be)."""

    @property
    def summeres(self) -> bool:
        """Whether sum rows add this column up: amounts, derived ones included."""
        return self.art is Kolonneart.BELOEB


@dataclass(frozen=True)
class Budgetlinje:
    """One row of an Økonomi table: a post and its figure per column.

    `beloeb` has one figure per figure column of the budget (`Budget.kolonner`:
    amount and percent columns, in order); `tekster` one text per text column
    (`Budget.tekstkolonner`). In a `sum` or `total` row, in a derived column and
    in `i_alt`, None means "compute it"; a typed figure is the official one, checked
    against what it should be (`kerne.oekonomi.regn_ud`).
    """

    post: str
    beloeb: tuple[float | None, ...]
    heraf: bool = False
    """Kept for callers that build lines by hand; `type` HERAF sets it too."""
    raekke: int = field(default=0, compare=False)
    """The row in the workbook, for error messages; not part of the line's identity."""
    type: Raekketype = Raekketype.LINJE
    tekster: tuple[str, ...] = ()
    i_alt: float | None = None
    """The I alt column as typed in the workbook, or None."""

    def __post_init__(self) -> None:
        # One truth for "is a Heraf line", whichever of the two the caller set.
        if self.heraf and self.type is Raekketype.LINJE:
            object.__setattr__(self, "type", Raekketype.HERAF)
        object.__setattr__(self, "heraf", self.type is Raekketype.HERAF)


class Negative(Enum):
    """How a table prints a negative figure."""

    MINUS = "minus"
    """-690"""
    PARENTES = "parentes"
    """(690)"""


class Nul(Enum):
    """How a table prints a figure that is zero."""

    DECIMALER = "0,0"
    """Zero with the table's decimals: 0 in 1.000 kr., 0,0 in mio. kr."""
    NUL = "0"
    """Always a bare 0."""
    STREG = "-"
    """A dash, as for no figure."""


@dataclass(frozen=True)
class Budget:
    """A budget workbook: the figures of one Økonomi table and what the text says of them.

    `kolonner` are the figure columns after `Post` (years such as "2011", budget
    kinds such as "Korrigeret budget", derived and percent columns); a plain string
    given for one is an amount column of that name. Income is negative, as the
    tables print it.
    """

    tabeltitel: str
    enhed: BudgetEnhed
    kolonner: tuple[Kolonne, ...]
    linjer: tuple[Budgetlinje, ...]
    prisniveau: int | None = None
    bevillingsomraade: str = ""
    funktion: str = ""
    i_alt_raekke: bool = False
    """Add a computed I alt row when the sheet has no `total` row."""
    kilde: str = field(default="", compare=False)
    tekstkolonner: tuple[Kolonne, ...] = ()
    i_alt_kolonne: bool | None = None
    """Show an I alt column (sum of the amount columns); None: only when every amount
    column is a year (`vis_i_alt_kolonne`)."""
    decimaler: int | None = None
    """Overrides the unit's usual decimals."""
    negative: Negative = Negative.MINUS
    nul: Nul = Nul.DECIMALER
    afrundingsnote: str = "Afvigelser i summer skyldes afrundinger."

    def __post_init__(self) -> None:
        kolonner = tuple(k if isinstance(k, Kolonne) else Kolonne(str(k)) for k in self.kolonner)
        object.__setattr__(self, "kolonner", kolonner)

    @property
    def navne(self) -> tuple[str, ...]:
        """The figure columns' names, in order."""
        return tuple(k.navn for k in self.kolonner)

    @property
    def vis_decimaler(self) -> int:
        """The decimals the table's amounts show."""
        return self.enhed.decimaler if self.decimaler is None else self.decimaler

    @property
    def vis_i_alt_kolonne(self) -> bool:
        """Whether the table has an I alt column: as asked, or by default only when
        every amount column is a year, so budget, forecast and afvigelse are never
        added together."""
        if self.i_alt_kolonne is not None:
            return self.i_alt_kolonne
        beloeb = [k for k in self.kolonner if k.art is Kolonneart.BELOEB and k.beregning is None]
        return bool(beloeb) and all(_er_aar(k.navn) for k in beloeb)


def _er_aar(navn: str) -> bool:
    text = navn.strip()
    return len(text) == 4 and text.isdigit()
