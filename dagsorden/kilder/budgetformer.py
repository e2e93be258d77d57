"""The names of the blank budget workbooks `dagsorden ny budget --form` writes.

A module of its own, without openpyxl: the command line needs the names to build
its options, and `dagsorden --help` must not pay for the workbook writer.
"""

from __future__ import annotations

import unicodedata

FORMER = ("år", "regnskab", "prognose", "områder", "tilskud")
"""One blank workbook per shape of Økonomi table: years, regnskab against budget, a
budget follow-up with prognosis, areas grouped with Netto and I alt rows, a grant
list with a Hovedtotal."""
FORM_ALIASER = {"aar": "år", "omraader": "områder", "omrader": "områder"}
"""The forms' names without æ, ø, å, for keyboards and shells without them."""


def form_navn(navn: str) -> str:
    """A form's name as `FORMER` spells it: case, spaces and the ascii spellings
    (aar, omraader) ignored; raises ValueError for an unknown one."""
    key = unicodedata.normalize("NFC", navn).strip().casefold()
    key = FORM_ALIASER.get(key, key)
    if key not in FORMER:
        raise ValueError(f"Not a budget form: {navn!r}")
    return key


__all__ = ["FORMER", "FORM_ALIASER", "form_navn"]
