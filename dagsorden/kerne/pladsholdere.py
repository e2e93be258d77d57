"""Amounts in prose from the budget's own figures: `{beløb}`, `{årene}`, ...

A case's at-punkter and Økonomi text cite the Økonomi table ("hæves med 0,69 mio.
kr. ... fordelt på årene 2011-2012"). Typed by hand, such a figure drifts from the
table; written as a placeholder, it is taken from the same budget workbook:

    {beløb}            the I alt of the budget's first line, unsigned: "0,69 mio. kr."
    {beløb:Post}       the I alt of the line named Post
    {årene}            the budget's years: "2011-2012"
    {prisniveau}       "2011 p/l"
    {funktion}         "6.45.51.1"
    {bevillingsområde} "Tværgående opgaver og administration"
    {tabel}            the Økonomi table's number in this document: "tabel 1"

With several budget workbooks, `#N` picks the N-th (`{beløb#2}`, `{beløb:Post#2}`).
Only these names are placeholders: other braces, `{{ x }}` included, stay as text.
A figure still typed by hand in mio. kr. must equal a line's I alt (see
`check_typed_amounts`), so a stale copy is caught before the committee sees it.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from dagsorden.errors import OekonomiError, PlaceholderError
from dagsorden.kerne import danish
from dagsorden.kerne.model import Budget
from dagsorden.kerne.oekonomi import aarene, beloeb_kr

NAVNE = ("beløb", "årene", "prisniveau", "funktion", "bevillingsområde", "tabel")
_PLACEHOLDER = re.compile(
    r"\{(?P<navn>" + "|".join(NAVNE) + r")(?::(?P<post>[^}#]+))?(?:#(?P<nr>\d+))?\}",
    re.IGNORECASE,
)
_TYPED_MIO = re.compile(r"(?<![\d.,])(\d{1,3}(?:\.\d{3})*(?:,\d+)?)\s*mio\.\s*kr\.")


@dataclass(frozen=True)
class Budgetkilde:
    """A budget workbook as the document uses it: its figures and its table number."""

    budget: Budget
    tabelnummer: int | None = None


def fill(text: str, budgets: Sequence[Budgetkilde]) -> str:
    """Replaces every placeholder in `text`; raises PlaceholderError on a bad one."""

    def replace(match: re.Match[str]) -> str:
        navn = match.group("navn").lower()
        nr = int(match.group("nr") or 1)
        if not budgets:
            raise PlaceholderError(
                f"'{match.group(0)}' henter fra en budget-arbejdsbog, men sagen har ingen "
                "(nøglen oekonomi)."
            )
        if not 1 <= nr <= len(budgets):
            raise PlaceholderError(
                f"'{match.group(0)}': sagen har {len(budgets)} budget-arbejdsbog(er), "
                f"ikke nr. {nr}."
            )
        return _value(navn, match.group("post"), budgets[nr - 1], match.group(0))

    return _PLACEHOLDER.sub(replace, text)


def _value(navn: str, post: str | None, kilde: Budgetkilde, placeholder: str) -> str:
    budget = kilde.budget
    try:
        if navn == "beløb":
            return danish.mio_kr(beloeb_kr(budget, post.strip() if post else None))
        if navn == "årene":
            return aarene(budget)
    except OekonomiError as exc:
        raise PlaceholderError(f"'{placeholder}': {exc}") from exc
    if navn == "prisniveau":
        if budget.prisniveau is None:
            raise PlaceholderError(f"'{placeholder}': budgettet har intet Prisniveau.")
        return f"{budget.prisniveau} p/l"
    if navn == "funktion":
        return budget.funktion
    if navn == "bevillingsområde":
        return budget.bevillingsomraade
    if kilde.tabelnummer is None:
        raise PlaceholderError(f"'{placeholder}': budgettets tabel er ikke med i dokumentet.")
    return f"tabel {kilde.tabelnummer}"


def typed_amounts(text: str) -> list[str]:
    """Amounts typed in mio. kr. in `text`, as written: ["0,69"]."""
    return [m.group(1) for m in _TYPED_MIO.finditer(text)]


def check_typed_amounts(text: str, budgets: Sequence[Budgetkilde]) -> str | None:
    """Why a hand-typed mio. kr. amount in `text` disagrees with the budgets, or None.

    An amount agrees when it equals the I alt of some line of some budget.
    """
    if not budgets:
        return None
    totals = [
        beloeb_kr(kilde.budget, linje.post) / 1_000_000
        for kilde in budgets
        for linje in kilde.budget.linjer
        if not linje.heraf
    ]
    for typed in typed_amounts(text):
        value = danish.parse_tal(typed)
        if not any(abs(value - total) < 1e-9 for total in totals):
            shown = danish.og(danish.mio_kr(t * 1_000_000) for t in dict.fromkeys(totals))
            return (
                f"beløbet {typed} mio. kr. passer ikke med Økonomi-tabellens I alt ({shown}). "
                "Skriv {beløb} for at hente beløbet fra budget-arbejdsbogen."
            )
    return None
