"""Danish formatting and parsing of numbers and dates, in the forms of the seeds.

All of it goes through babel's `da_DK` locale rather than string tricks, and the
same functions serve the CLI and (as Jinja filters) the Word templates, so a figure
looks the same wherever it is printed. Rounding is half up, as people round by hand:
babel alone would round half to even (0,25 -> 0,2).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from babel.dates import format_date
from babel.numbers import NumberFormatError, format_decimal, parse_decimal

from dagsorden.errors import TalError

LOCALE = "da_DK"
INGEN_TAL = "-"
"""What a table shows where there is no figure."""


def _rounded(value: float | Decimal | int, decimals: int) -> Decimal:
    quantum = Decimal(1).scaleb(-decimals)
    rounded = Decimal(str(value)).quantize(quantum, rounding=ROUND_HALF_UP)
    # "-0,0" is not a number anyone writes.
    return rounded.copy_abs() if rounded.is_zero() else rounded


def afrundet(value: float | int | Decimal, decimaler: int) -> Decimal:
    """The figure exactly as `tal(value, decimaler)` shows it: rounded half up.

    For checking whether shown figures add up to a shown total (tables in mio. kr.
    with one decimal: 1,24 + 1,24 shows as 1,2 + 1,2 with the total 2,5).
    """
    return _rounded(value, decimaler)


def tal(value: float | int | Decimal | None, decimaler: int | None = None) -> str:
    """A figure: '.' between thousands, ',' before decimals; '-' for no figure.

    With `decimaler` None the figure keeps the decimals it has (at most three):
    1581 -> "1.581", 95.9 -> "95,9". With `decimaler` it is rounded to exactly that
    many: tal(1.597, 1) -> "1,6".
    """
    if value is None:
        return INGEN_TAL
    if decimaler is None:
        return format_decimal(_rounded(value, 3), format="#,##0.###", locale=LOCALE)
    pattern = "#,##0" + ("." + "0" * decimaler if decimaler else "")
    return format_decimal(_rounded(value, decimaler), format=pattern, locale=LOCALE)


def procent(value: float | None, decimaler: int | None = None) -> str:
    """Percent as in tables, no space before '%': 95.9 -> "95,9%"."""
    return INGEN_TAL if value is None else tal(value, decimaler) + "%"


def pct(value: float | None, decimaler: int | None = None) -> str:
    """Percent as in prose: 37.4 -> "37,4 pct."."""
    return INGEN_TAL if value is None else tal(value, decimaler) + " pct."


def kr(value: float | None, decimaler: int = 0) -> str:
    """Money in prose: 308416 -> "308.416 kr."."""
    return INGEN_TAL if value is None else tal(value, decimaler) + " kr."


def mio_kr(value_in_kr: float | None, decimaler: int = 2) -> str:
    """Money in millions: 690000 -> "0,69 mio. kr."."""
    if value_in_kr is None:
        return INGEN_TAL
    return tal(Decimal(str(value_in_kr)) / Decimal(1_000_000), decimaler) + " mio. kr."


def moededato(value: dt.datetime | dt.date) -> str:
    """A meeting's date and time: "04.12.2013, kl. 16:00" ("04.12.2013" without time)."""
    if isinstance(value, dt.datetime):
        return f"{value:%d.%m.%Y}, kl. {value:%H:%M}"
    return f"{value:%d.%m.%Y}"


def notatdato(value: dt.date) -> str:
    """A memo's date: "07-11-2014"."""
    return f"{value:%d-%m-%Y}"


def dato(value: dt.date) -> str:
    """A date in prose, month in lower case: "21. september 2011"."""
    return format_date(value, "d. MMMM y", locale=LOCALE)


def og(items: Iterable[str] | str) -> str:
    """Joins names the Danish way: "A", "A og B", "A, B og C"."""
    names = [items] if isinstance(items, str) else [str(i) for i in items]
    if len(names) <= 1:
        return "".join(names)
    return ", ".join(names[:-1]) + " og " + names[-1]


def genitiv(name: str) -> str:
    """Danish genitive: "Socialudvalget" -> "Socialudvalgets"; "Borgerrepræsentationen"."""
    return name if name.endswith(("s", "x", "z")) else name + "s"


def parse_tal(text: str) -> float:
    """Reads a Danish figure as typed: "1.581", "97,5", "-100", "12.345,6".

    Raises TalError with a Danish message that suggests what might have been
    meant ("1.58" -> "1,58"?), since that is the usual slip.
    """
    cleaned = text.strip().replace("\u2212", "-")  # a typographic minus from Word
    try:
        return float(parse_decimal(cleaned, locale=LOCALE, strict=True))
    except NumberFormatError as exc:
        suggestions = getattr(exc, "suggestions", None)
        hint = f" Mente du '{suggestions[-1]}'?" if suggestions else ""
        raise TalError(f"'{text}' er ikke et tal.{hint}") from exc
    except InvalidOperation as exc:
        raise TalError(f"'{text}' er ikke et tal.") from exc
