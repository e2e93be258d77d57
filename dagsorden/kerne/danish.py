"""Danish formatting and parsing of numbers and dates, in the forms of the seeds.

All of it goes through babel's `da_DK` locale rather than string tricks, and the
same functions serve the CLI and (as Jinja filters) the Word templates, so a figure
looks the same wherever it is printed. Rounding is half up, as people round by hand:
babel alone would round half to even (0,25 -> 0,2).
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Iterable
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from babel import Locale
from babel.dates import format_date
from babel.numbers import NumberFormatError, NumberPattern, parse_decimal, parse_pattern

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
        return _pattern("#,##0.###").apply(_rounded(value, 3), _dansk())
    pattern = "#,##0" + ("." + "0" * decimaler if decimaler else "")
    return _pattern(pattern).apply(_rounded(value, decimaler), _dansk())


@functools.cache
def _dansk() -> Locale:
    """The locale, parsed once: babel's format_decimal parses its name and the
    pattern on every call (more than half its time; a status of 1,000 workbooks
    formats some 14,000 figures). The same output: format_decimal is this apply."""
    return Locale.parse(LOCALE)


@functools.cache
def _pattern(pattern: str) -> NumberPattern:
    return parse_pattern(pattern)


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


SMAA_BELOEB = Decimal(100_000)
"""Below this many kroner, prose writes the amount in kroner ("45.000 kr.")."""


def beloeb(value_in_kr: float | int | Decimal, fortegn: bool = False) -> str:
    """An amount in prose, as the papers write it; `value_in_kr` in kroner.

    - from 1 mia. kr.: mia. kr. with one decimal: 1.234.000.000 -> "1,2 mia. kr.";
    - from 1 mio. kr.: mio. kr. with one decimal: 877.278.000 -> "877,3 mio. kr.",
      1.250.000 -> "1,3 mio. kr.";
    - from 100.000 kr. up to 1 mio. kr.: mio. kr. with two decimals, since one would
      leave a single digit and hide the amount: 690.000 -> "0,69 mio. kr." (seed 003),
      but 700.000 -> "0,7 mio. kr." (a trailing 0 is dropped);
    - below 100.000 kr.: whole kroner: 45.000 -> "45.000 kr.", 0 -> "0 kr.".

    Which form applies is decided on the rounded figure, so 999.996 kr. is "1,0 mio.
    kr." and 999.960.000 kr. "1,0 mia. kr.". The amount is unsigned ("how much"), as
    a sentence usually says it ("hæves med 0,69 mio. kr."); `fortegn` keeps a
    negative sign, printed as `tal` prints it: "-41,6 mio. kr." (a positive amount
    gets no "+").
    """
    amount = Decimal(str(value_in_kr))
    sign = "-" if fortegn and _rounded(amount, 0) < 0 else ""
    amount = amount.copy_abs()
    kroner = _rounded(amount, 0)
    if kroner < SMAA_BELOEB:
        return f"{sign}{tal(kroner, 0)} kr."
    mio = amount / Decimal(1_000_000)
    if mio < 1 and _rounded(mio, 2) < 1:
        shown = _rounded(mio, 2)
        text = tal(shown, 2 if shown != _rounded(mio, 1) else 1)
        return f"{sign}{text} mio. kr."
    if _rounded(mio, 1) < 1000:
        return f"{sign}{tal(mio, 1)} mio. kr."
    return f"{sign}{tal(mio / Decimal(1000), 1)} mia. kr."


def moededato(value: dt.datetime | dt.date) -> str:
    """A meeting's date and time: "04.12.2013, kl. 16:00" ("04.12.2013" without time)."""
    if isinstance(value, dt.datetime):
        return f"{value:%d.%m.%Y}, kl. {value:%H:%M}"
    return f"{value:%d.%m.%Y}"


def dato_i_ord(value: dt.datetime | dt.date) -> str:
    """A meeting's day and time in words, as an agenda's front page writes them:
    "onsdag den 19. november 2014 kl. 16.00" ("onsdag den 19. november 2014" for a
    date without time). Weekday and month from babel's da_DK, in lower case."""
    text = format_date(value, "EEEE 'den' d. MMMM y", locale=LOCALE)
    if isinstance(value, dt.datetime):
        text += f" kl. {value:%H.%M}"
    return text


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
