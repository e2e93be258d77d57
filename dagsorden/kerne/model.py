"""Plain data of the domain: a pejlemærke, its delmål, their figures and texts.

These classes hold what an analyst typed, already parsed and validated; no openpyxl
cell and no docx object ever reaches them, so scoring and rendering can be tested
without files.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum


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

    def tekster_i(self, afsnit: str) -> list[str]:
        """The texts of one section, in the order the analyst wrote them."""
        return [t.tekst for t in self.tekster if t.afsnit == afsnit]


# --- Budget (Økonomi) -----------------------------------------------------------------


class BudgetEnhed(Enum):
    """The unit line of an Økonomi table."""

    TUSIND_KR = "1.000 kr."
    MIO_KR = "mio. kr."

    @property
    def kroner(self) -> int:
        """How many kroner one figure in this unit is."""
        return 1_000 if self is BudgetEnhed.TUSIND_KR else 1_000_000


@dataclass(frozen=True)
class Budgetlinje:
    """One row of an Økonomi table: a post and its amount per column.

    A "Heraf ..." line (`heraf`) is a part of the line above it: shown indented and
    never added into any total.
    """

    post: str
    beloeb: tuple[float | None, ...]
    heraf: bool = False
    raekke: int = field(default=0, compare=False)
    """The row in the workbook, for error messages; not part of the line's identity."""


@dataclass(frozen=True)
class Budget:
    """A budget workbook: the figures of one Økonomi table and what the text says of them.

    `kolonner` are the headers after `Post` (years such as "2011", or categories).
    Income is negative, as the tables print it.
    """

    tabeltitel: str
    enhed: BudgetEnhed
    kolonner: tuple[str, ...]
    linjer: tuple[Budgetlinje, ...]
    prisniveau: int | None = None
    bevillingsomraade: str = ""
    funktion: str = ""
    i_alt_raekke: bool = False
    kilde: str = field(default="", compare=False)
