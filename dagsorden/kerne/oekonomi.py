"""The Økonomi table's arithmetic: totals, the amounts prose cites, the table to print.

Pure functions over a `Budget`: no file, no openpyxl cell and no docx object reaches
them. Sums are taken in decimal, so 0,1 + 0,2 is 0,3 and not 0,30000000000000004,
and always from the unrounded figures; the table then shows them rounded (1.000 kr.
as whole numbers, mio. kr. with one decimal). When that makes the shown cells miss
the shown total, `OekonomiTabel.afrundingsnote` says so, and documents print
"Afvigelser i summer skyldes afrundinger." as the papers do.

"Heraf ..." lines are parts of the line above them: they get an I alt of their own
but are never added into a column's total.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from dagsorden.errors import OekonomiError
from dagsorden.kerne import danish
from dagsorden.kerne.model import Budget, BudgetEnhed, Budgetlinje

I_ALT = "I alt"
AFRUNDINGSNOTE = "Afvigelser i summer skyldes afrundinger."
DECIMALER = {BudgetEnhed.TUSIND_KR: 0, BudgetEnhed.MIO_KR: 1}
"""Decimals a table shows per unit: 1.000 kr. as -690, mio. kr. as 0,7."""

_AAR = re.compile(r"\d{4}")


@dataclass(frozen=True)
class Tabelraekke:
    """One row of the table as printed: the post and its figures, already Danish.

    `tal` has one string per column and then the I alt; '-' where there is no figure.
    """

    post: str
    tal: tuple[str, ...]
    heraf: bool = False
    """A "Heraf ..." line: shown indented."""
    is_total: bool = False
    """The I alt row: shown in bold."""

    @property
    def celler(self) -> tuple[str, ...]:
        return (self.post, *self.tal)


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
    """The header row: ("1.000 kr.", "2011", "2012", "I alt")."""
    raekker: tuple[Tabelraekke, ...]
    afrundingsnote: bool = False
    """True when some shown total differs from the sum of its shown cells."""

    @property
    def enhedslinje(self) -> str:
        """The unit with the price level: "1.000 kr. (2011 p/l)"."""
        return f"{self.enhed} {self.prisniveau}".strip()

    @property
    def note(self) -> str:
        """The note to print under the table, or ""."""
        return AFRUNDINGSNOTE if self.afrundingsnote else ""


def _decimal(value: float) -> Decimal:
    # str() gives the shortest form that reads back as the same float: 0.1 -> "0.1".
    return Decimal(str(value))


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
    return [linje for linje in budget.linjer if not linje.heraf]


def kolonne_i_alt(budget: Budget) -> tuple[float | None, ...]:
    """Each column's total over the lines that are no "Heraf" lines."""
    linjer = _summed(budget)
    return tuple(_sum(linje.beloeb[i] for linje in linjer) for i in range(len(budget.kolonner)))


def samlet_i_alt(budget: Budget) -> float | None:
    """The total of every column over the lines that are no "Heraf" lines."""
    return _sum(linje_i_alt(linje) for linje in _summed(budget))


def i_alt_linje(budget: Budget) -> Budgetlinje | None:
    """The I alt row the table shows when the workbook asks for one (I alt-række)."""
    if not budget.i_alt_raekke:
        return None
    return Budgetlinje(post=I_ALT, beloeb=kolonne_i_alt(budget))


def _key(text: str) -> str:
    return " ".join(text.split()).casefold()


def beloeb_kr(budget: Budget, post: str | None = None) -> float:
    """The amount a sentence cites, in kroner and without sign.

    The I alt of the line named `post` (ignoring case and spaces; "I alt" is the
    total of all lines), or without a name of the first line that is no "Heraf"
    line. Seed 003: 690 in 1.000 kr. gives 690000, which `danish.mio_kr` writes as
    "0,69 mio. kr.". A line without figures gives 0.

    Raises OekonomiError when there is no such line, or two with the name.
    """
    if post is not None and _key(post) == _key(I_ALT):
        total = samlet_i_alt(budget)
    else:
        linje = _find(budget, post)
        total = linje_i_alt(linje)
    kroner = _decimal(total or 0) * budget.enhed.kroner
    return float(abs(kroner))


def _find(budget: Budget, post: str | None) -> Budgetlinje:
    source = f"{budget.kilde}: " if budget.kilde else ""
    if post is None:
        linjer = _summed(budget)
        if not linjer:
            raise OekonomiError(f"{source}Budgettet har ingen linjer at tage beløbet fra.")
        return linjer[0]
    found = [linje for linje in budget.linjer if _key(linje.post) == _key(post)]
    if len(found) == 1:
        return found[0]
    names = ", ".join(f"'{linje.post}'" for linje in budget.linjer) or "ingen"
    if not found:
        raise OekonomiError(f"{source}Budgettet har ingen linje '{post}'. Linjerne er {names}.")
    raise OekonomiError(
        f"{source}Budgettet har {len(found)} linjer, der hedder '{post}'; "
        "giv dem forskellige navne."
    )


def aarene(budget: Budget) -> str:
    """The years the columns cover, as prose writes them: "2011-2012" or "2011".

    Years that don't follow each other are listed: "2011, 2013 og 2015". Raises
    OekonomiError when a column is no year (Service, Anlæg, ...).
    """
    not_years = [k for k in budget.kolonner if not _AAR.fullmatch(k.strip())]
    if not_years or not budget.kolonner:
        source = f"{budget.kilde}: " if budget.kilde else ""
        columns = ", ".join(f"'{k}'" for k in budget.kolonner) or "ingen"
        raise OekonomiError(
            f"{source}Kolonnerne er ikke årstal ({columns}), så tabellen kan ikke give "
            "årene til teksten."
        )
    years = sorted(int(k) for k in budget.kolonner)
    if years == list(range(years[0], years[-1] + 1)):
        return str(years[0]) if len(years) == 1 else f"{years[0]}-{years[-1]}"
    return danish.og(str(year) for year in years)


def tekstbeloeb(budget: Budget) -> str:
    """What an at-punkt cites from the table, to check the text against:
    "0,69 mio. kr. fordelt på årene 2011-2012" ("... i 2011" for one year; the
    amount alone when the columns are no years)."""
    beloeb = danish.mio_kr(beloeb_kr(budget))
    try:
        years = aarene(budget)
    except OekonomiError:
        return beloeb
    if len(budget.kolonner) == 1:
        return f"{beloeb} i {years}"
    return f"{beloeb} fordelt på årene {years}"


def oekonomi_tabel(budget: Budget) -> OekonomiTabel:
    """The table as the document and the terminal print it: Danish figures, income
    negative, '-' for no figure, an I alt column, an I alt row when asked for."""
    decimaler = DECIMALER[budget.enhed]
    for linje in budget.linjer:
        if len(linje.beloeb) != len(budget.kolonner):
            raise ValueError(
                f"line '{linje.post}' has {len(linje.beloeb)} amount(s), but the budget has "
                f"{len(budget.kolonner)} columns"
            )

    def row(linje: Budgetlinje, is_total: bool = False) -> Tabelraekke:
        figures = (*linje.beloeb, linje_i_alt(linje))
        return Tabelraekke(
            post=linje.post,
            tal=tuple(danish.tal(v, decimaler) for v in figures),
            heraf=linje.heraf,
            is_total=is_total,
        )

    raekker = [row(linje) for linje in budget.linjer]
    total = i_alt_linje(budget)
    if total is not None:
        raekker.append(row(total, is_total=True))
    return OekonomiTabel(
        titel=budget.tabeltitel,
        enhed=budget.enhed.value,
        prisniveau=f"({budget.prisniveau} p/l)" if budget.prisniveau is not None else "",
        overskrifter=(budget.enhed.value, *budget.kolonner, I_ALT),
        raekker=tuple(raekker),
        afrundingsnote=_rounding_shows(budget, decimaler),
    )


def _rounding_shows(budget: Budget, decimaler: int) -> bool:
    """Whether some shown total differs from the sum of the cells shown beside it."""

    def shown(value: float | None) -> Decimal:
        return danish.afrundet(value or 0, decimaler)

    def misses(parts: Iterable[float | None], total: float | None) -> bool:
        return sum((shown(p) for p in parts), Decimal(0)) != shown(total)

    # Every line's I alt column, Heraf lines included: they show an I alt too.
    if any(misses(linje.beloeb, linje_i_alt(linje)) for linje in budget.linjer):
        return True
    if not budget.i_alt_raekke:
        return False
    linjer = _summed(budget)
    columns = kolonne_i_alt(budget)
    for i, column_total in enumerate(columns):
        if misses((linje.beloeb[i] for linje in linjer), column_total):
            return True
    grand_total = samlet_i_alt(budget)
    return misses(columns, grand_total) or misses(
        (linje_i_alt(linje) for linje in linjer), grand_total
    )


__all__ = [
    "AFRUNDINGSNOTE",
    "DECIMALER",
    "I_ALT",
    "OekonomiTabel",
    "Tabelraekke",
    "aarene",
    "beloeb_kr",
    "i_alt_linje",
    "kolonne_i_alt",
    "linje_i_alt",
    "oekonomi_tabel",
    "samlet_i_alt",
    "tekstbeloeb",
]
