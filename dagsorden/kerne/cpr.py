"""CPR numbers in a text: how they are recognised, however written.

`find_cpr(text)` finds the CPR numbers of one text (any dash or minus, spaces around
it, a dot or slash, soft hyphens and zero-width characters, full-width digits), each
with the rule that recognised it; `cpr_cifre` reads a text that is one CPR number;
`masker` hides the serial number of every one in a text. Pure functions on strings:
reading files for them is `byg.persondata`'s, and a case's `tillad_cpr` is checked
with them in `kilder.sag`.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass

__all__ = [
    "REGEL_UDEN",
    "CprFund",
    "cpr_cifre",
    "find_cpr",
    "masker",
]

# Characters a reader does not see, dropped before searching: soft hyphen, zero-width
# space and joiners, word joiner, byte order mark, Mongolian vowel separator.
_USYNLIGE = frozenset("\u00ad\u200b\u200c\u200d\u2060\ufeff\u180e")
# Spaces that read as a space: no-break, narrow no-break, figure, thin and the rest.
_MELLEMRUM = frozenset("\u00a0\u202f\u2007\u2009\u200a\u2002\u2003\u2004\u2005\u2006\u2008\u3000")
# Dashes and minus signs that read as a hyphen.
_STREGER = frozenset("\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe58\ufe63\uff0d\u2043")
_ANDRE = {"\uff0e": ".", "\uff0f": "/", "\u2024": ".", "\u2044": "/", "\u2215": "/"}

# On the normalised text (ASCII digits, "-" for every dash, " " for every space):
# ddmmyy, a separator, and four digits, not part of a longer number (nor of a GUID,
# 8-4-4-4-12 hex digits); or dd.mm.yy-xxxx.
_CPR = re.compile(
    r"(?<![0-9+])(?<![0-9][-/.,])"
    r"(?:(?P<dag>[0-9]{2})(?P<md>[0-9]{2})(?P<aar>[0-9]{2})"
    r"(?P<sep> {0,2}-(?: {0,2}|\n)| |\.|/|)"
    r"|(?P<dag2>[0-9]{2})\.(?P<md2>[0-9]{2})\.(?P<aar2>[0-9]{2}) {0,2}- {0,2})"
    r"(?P<loebenr>[0-9]{4})(?![0-9])(?![-/.,][0-9])(?!-[0-9A-Fa-f]{4}-)"
)

# A label before a number written without separator makes it some other number even
# when its digits read as a date (sagsnr 2010113567 is 20.10.1911): a case, journal
# or document number, a P-nummer, CVR or SE number, an invoice, order, customer or
# account number, a phone number, an EAN or an amount.
_NUMMER_ETIKET = re.compile(
    r"(?:\b(?:sags?|j|journal|dok|dokument|p|cvr|se|faktura|fakt|ordre|kunde|konto|reg"
    r"|bilags?|løbe|kreditor|debitor|police|kontrakt|ean|gln|isbn|medarbejder|telefon|tlf"
    r"|mobil|fax)\s*[-.]?\s*(?:nr|nummer|no)\b\.?"
    r"|\b(?:sagsnummer|journalnummer|dokumentnummer|fakturanummer|kontonummer"
    r"|ordrenummer|kundenummer|cvr|ean|gln|isbn|tlf|telefon|mobil|fax|faktura|konto"
    r"|beløb|kr|dkk|eur)\b\.?)"
    r"\s*[:.]?\s*$",
    re.IGNORECASE,
)
_BELOEB_EFTER = re.compile(r"^\s*(?:kr\b|kr\.|dkk\b|mio\b|mia\b|eur\b|euro\b|€|%)", re.IGNORECASE)

# The rule that recognised a number, named in every message.
REGEL_BINDESTREG = "skrevet med bindestreg"
REGEL_BINDESTREG_MELLEMRUM = "skrevet med mellemrum om bindestregen"
REGEL_STREG = "skrevet med tankestreg eller minustegn"
REGEL_MELLEMRUM = "skrevet med mellemrum"
REGEL_PUNKTUM = "skrevet med punktum"
REGEL_SKRAASTREG = "skrevet med skråstreg"
REGEL_DATO = "skrevet som dato med punktummer og bindestreg"
REGEL_UDEN = "uden skilletegn, gyldig dato"
TILLAEG_USYNLIGE = "med usynlige tegn imellem"
TILLAEG_CIFRE = "med andre cifre end 0-9"


@dataclass(frozen=True)
class CprFund:
    """One CPR number in a text: `tekst` as written, at text[start:slut].

    `cifre` are its ten digits (ASCII), `regel` says how it was recognised
    ("skrevet med bindestreg", "uden skilletegn, gyldig dato", ...).
    """

    tekst: str
    start: int
    slut: int
    cifre: str = ""
    regel: str = ""

    def __post_init__(self) -> None:
        if not self.cifre:
            digits = "".join(str(unicodedata.decimal(c)) for c in self.tekst if _ciffer(c))
            object.__setattr__(self, "cifre", digits)

    @property
    def maskeret(self) -> str:
        """ "010203-XXXX": the date, never the serial number."""
        return f"{self.cifre[:6]}-XXXX"

    def __str__(self) -> str:
        return self.maskeret


def _ciffer(char: str) -> bool:
    return unicodedata.decimal(char, None) is not None


def _aar(cifre: str) -> int:
    """The birth year by the CPR century rule (the 7th digit and the two-digit year)."""
    yy, syvende = int(cifre[4:6]), int(cifre[6])
    if syvende <= 3:
        return 1900 + yy
    if syvende in (4, 9):
        return (2000 if yy <= 36 else 1900) + yy
    return (2000 if yy <= 57 else 1800) + yy


def _gyldig(cifre: str) -> bool:
    try:
        dt.date(_aar(cifre), int(cifre[2:4]), int(cifre[0:2]))
    except ValueError:
        return False
    return True


_FIRE_CIFRE = re.compile(r"\d[{u}]*\d[{u}]*\d[{u}]*\d".format(u="".join(sorted(_USYNLIGE))))
"""Four decimal digits in a row (invisible characters between them dropped): every
CPR number's serial number has them, so a text without is skipped unread. Python's
`\\d` is exactly the characters `unicodedata.decimal` knows (category Nd)."""


_SAERLIGE = re.compile(
    "[{}]|(?![0-9])\\d".format(
        re.escape("".join(sorted({*_USYNLIGE, *_MELLEMRUM, *_STREGER, *_ANDRE})))
    )
)
"""A character `_normaliser` changes or drops: a text without one (Danish letters
are none) is searched as it is, without going through it character by character."""


_USYNLIGE_RE = re.compile("[{}]".format(re.escape("".join(sorted(_USYNLIGE)))))
_FREMMED_CIFFER = re.compile(r"(?![0-9])\d")
_OVERSAET = {
    **{ord(c): "-" for c in _STREGER},
    **{ord(c): " " for c in _MELLEMRUM},
    **{ord(c): v for c, v in _ANDRE.items()},
}
"""`_normaliser`'s changes of one character for another, as a str.translate table."""


def _normaliser(text: str) -> tuple[str, list[int], set[int], set[int]]:
    """The text as a reader sees it: invisible characters dropped, every dash "-",
    every space " ", every decimal digit ASCII.

    Returns the normalised text, the position in `text` of each of its characters
    (plus one past the end), and the normalised positions after which an invisible
    character was dropped and those of digits that were no ASCII digits.
    """
    if not _USYNLIGE_RE.search(text):
        # Nothing dropped: every character stays in its place, so one translate.
        foreign = {m.start() for m in _FREMMED_CIFFER.finditer(text)}
        table = _OVERSAET
        if foreign:
            table = {**table, **{ord(text[i]): str(unicodedata.decimal(text[i])) for i in foreign}}
        return text.translate(table), list(range(len(text) + 1)), set(), foreign
    chars: list[str] = []
    positions: list[int] = []
    dropped: set[int] = set()
    foreign = set()
    for index, char in enumerate(text):
        if char in _USYNLIGE:
            dropped.add(len(chars))
            continue
        if char in _STREGER:
            char = "-"
        elif char in _MELLEMRUM:
            char = " "
        elif char in _ANDRE:
            char = _ANDRE[char]
        elif not ("0" <= char <= "9") and _ciffer(char):
            foreign.add(len(chars))
            char = str(unicodedata.decimal(char))
        chars.append(char)
        positions.append(index)
    positions.append(len(text))
    return "".join(chars), positions, dropped, foreign


def _regel(match: re.Match[str], original: str) -> str:
    if match.group("dag2") is not None:
        return REGEL_DATO
    sep = match.group("sep")
    if "-" in sep:
        if any(c in _STREGER for c in original):
            return REGEL_STREG
        return REGEL_BINDESTREG if sep == "-" else REGEL_BINDESTREG_MELLEMRUM
    return {" ": REGEL_MELLEMRUM, ".": REGEL_PUNKTUM, "/": REGEL_SKRAASTREG}.get(sep, REGEL_UDEN)


def find_cpr(text: str) -> list[CprFund]:
    """The CPR numbers in `text`, in order.

    A CPR number is six digits of a real date (ddmmyy, checked with the century
    from the 7th digit, so 29 February only in a leap year), a separator and four
    digits, not part of a longer run of digits. The separator may be a hyphen, any
    Unicode dash or minus sign (with up to two spaces around it), a space (also a
    no-break one), a dot, a slash, or nothing; dd.mm.yy-xxxx is one too. Soft
    hyphens and zero-width characters anywhere in it are ignored, and digits may be
    any Unicode decimal digits (full-width ones).

    Not CPR numbers: sagsnr 2014-0231965, EAN 5798009682901, a 12-digit number, a
    phone number 2631 2699 or +4526312699, amounts 1.010.701.234 kr. and times
    01.01.70 12:34; and a ten-digit number without separator right after a label
    ("Sagsnr.", "j.nr.", "Dokumentnr.", "P-nr.", "CVR", "Faktura nr.", "Tlf.",
    "kr.") or before "kr.". The modulus-11 check is not made (dropped in 2007).
    """
    if not text or not _FIRE_CIFRE.search(text):
        return []
    normal = text
    dropped: set[int] = set()
    foreign: set[int] = set()
    positions: list[int] | None = None  # None: the text needs no normalising
    if not text.isascii() and _SAERLIGE.search(text):
        normal, positions, dropped, foreign = _normaliser(text)
    result: list[CprFund] = []
    for match in _CPR.finditer(normal):
        cifre = re.sub(r"[^0-9]", "", match.group(0))
        if not _gyldig(cifre):
            continue
        start, slut = match.start(), match.end()
        if positions is not None:
            start, slut = positions[start], positions[slut]
        # Invisible characters right after the number belong to the text after it.
        while slut > start and text[slut - 1] in _USYNLIGE:
            slut -= 1
        original = text[start:slut]
        regel = _regel(match, original)
        if regel == REGEL_UDEN and (
            _NUMMER_ETIKET.search(normal[max(0, match.start() - 30) : match.start()])
            or _BELOEB_EFTER.match(normal[match.end() : match.end() + 6])
        ):
            continue
        extra = []
        if any(match.start() < i < match.end() for i in dropped):
            extra.append(TILLAEG_USYNLIGE)
        if any(match.start() <= i < match.end() for i in foreign):
            extra.append(TILLAEG_CIFRE)
        if extra:
            regel = f"{regel}, {' og '.join(extra)}"
        result.append(CprFund(original, start, slut, cifre, regel))
    return result


def cpr_cifre(nummer: str) -> str | None:
    """The ten digits of a text that is one CPR number and nothing else, else None."""
    fund = find_cpr(nummer.strip())
    if len(fund) == 1 and fund[0].tekst == nummer.strip():
        return fund[0].cifre
    return None


def masker(text: str) -> str:
    """`text` with every CPR number in it masked ("klage-010203-XXXX")."""
    for cpr in reversed(find_cpr(text)):
        text = f"{text[: cpr.start]}{cpr.maskeret}{text[cpr.slut :]}"
    return text
