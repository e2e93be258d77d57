"""The standard budget workbook: its layout (a public contract) and its reader.

One workbook per Økonomi table, filled by a budget officer. The layout is documented
in the README; this module holds it as constants so the reader, the blank-workbook
writer and the README can't drift apart. The reader collects every problem of a
workbook before it raises, so the officer fixes them all in one go, and it refuses
amounts that don't add up: an I alt the officer typed is checked against the sum
the tool computes, never used.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from pathlib import Path

from dagsorden.errors import CellValueError, ProblemCollector
from dagsorden.kerne.danish import afrundet, tal
from dagsorden.kerne.model import Budget, BudgetEnhed, Budgetlinje
from dagsorden.kerne.oekonomi import DECIMALER, I_ALT, kolonne_i_alt, linje_i_alt, samlet_i_alt
from dagsorden.kilder.cells import (
    Cell,
    Sheet,
    label_cells,
    normalize,
    open_workbook,
    quoted,
    read_choice,
    read_int,
    read_tal,
    read_text,
    readable_value,
    strip_invisible,
    synlig,
)

ARK_OEKONOMI = "Økonomi"
ARK_OPLYSNINGER = "Oplysninger"
ARK_VEJLEDNING = "Vejledning"

POST = "Post"
HERAF = "Heraf"
"""A line whose Post starts with this word is part of the line above it."""

FELTER = ("Tabeltitel", "Enhed", "Prisniveau", "Bevillingsområde", "Funktion", "I alt-række")
VALG_ENHED = tuple(e.value for e in BudgetEnhed)
VALG_I_ALT_RAEKKE = ("ja", "nej")

MAX_KRONER = 1e12
"""No amount in an Økonomi table is 1.000 mia. kr. or more: a larger one is a slip
(digits typed twice, kroner typed where the unit is 1.000 kr.)."""
AAR_FRA, AAR_TIL = 1900, 2100
SUMRAEKKE_ORD = frozenset(
    {
        "netto",
        "total",
        "totalt",
        "totaler",
        "sum",
        "summa",
        "subtotal",
        "sub-total",
        "deltotal",
        "ialt",
        "samlet",
        "samlede",
    }
)
"""First words of a Post that names a sum of other lines, not a budget line."""

_TABEL_NUMMER = re.compile(r"^tabel\s*\d+\s*[.:]", re.IGNORECASE)
_TAL_OVERSKRIFT = re.compile(r"^[0-9][0-9.,]*$")
_HELT_AAR = re.compile(r"^(\d{4})(?:[.,]0+)?$")
_FIXED_DECIMALS = re.compile(r"[#,0]*0\.(0+)")


def read_budget(path: Path) -> Budget:
    """Reads and validates one budget workbook.

    Raises WorkbookError listing every problem found, each with file, sheet, cell.
    """
    workbook = open_workbook(path, (ARK_OEKONOMI, ARK_OPLYSNINGER))
    problems = ProblemCollector(path)
    oekonomi_sheet = workbook.sheet(ARK_OEKONOMI, problems)
    info_sheet = workbook.sheet(ARK_OPLYSNINGER, problems)
    info = _read_info(info_sheet, problems) if info_sheet else {}
    enhed = info.get("Enhed") or BudgetEnhed.TUSIND_KR
    table = _read_oekonomi(oekonomi_sheet, enhed, problems) if oekonomi_sheet else None
    problems.raise_if_any()
    assert table is not None  # no Økonomi sheet is a problem, raised above
    return Budget(
        tabeltitel=info["Tabeltitel"],
        enhed=info["Enhed"],
        kolonner=table.kolonner,
        linjer=table.linjer,
        prisniveau=info.get("Prisniveau"),
        bevillingsomraade=info.get("Bevillingsområde") or "",
        funktion=info.get("Funktion") or "",
        i_alt_raekke=info.get("I alt-række") == "ja",
        kilde=str(path),
    )


# --- Oplysninger sheet --------------------------------------------------------------


def _read_info(sheet: Sheet, problems: ProblemCollector) -> dict:
    cells = label_cells(sheet, FELTER, problems)
    readers = {
        "Tabeltitel": read_text,
        "Enhed": _read_enhed,
        "Prisniveau": read_int,
        "Funktion": _read_funktion,
        "I alt-række": lambda c: read_choice(c, ("", *VALG_I_ALT_RAEKKE)),
    }
    info: dict = {}
    for felt, cell in cells.items():
        try:
            info[felt] = readers.get(felt, read_text)(cell)
        except CellValueError as exc:
            problems.add(f"{felt}: {exc}", sheet.title, cell.ref)
    for felt in ("Tabeltitel", "Enhed"):
        if felt in info and info[felt] in (None, ""):
            problems.add(f"{felt} skal udfyldes.", sheet.title, cells[felt].ref)
    if _TABEL_NUMMER.match(info.get("Tabeltitel") or ""):
        problems.add(
            "Skriv titlen uden 'Tabel N.' foran: dokumentet nummererer selv sine tabeller.",
            sheet.title,
            cells["Tabeltitel"].ref,
        )
    prisniveau = info.get("Prisniveau")
    if prisniveau is not None and not 1900 <= prisniveau <= 2100:
        problems.add(
            f"Prisniveau: {prisniveau} er ikke et årstal. Skriv året for pris- og lønniveauet, "
            "fx 2011.",
            sheet.title,
            cells["Prisniveau"].ref,
        )
    return info


def _read_enhed(cell: Cell) -> BudgetEnhed | None:
    if cell.is_empty and not cell.formula_without_value:
        return None
    return BudgetEnhed(read_choice(cell, VALG_ENHED))


def _read_funktion(cell: Cell) -> str:
    """An account function such as 6.45.51.1, kept as text.

    A short one typed into a cell not formatted as text (6.45) arrives as a number;
    it is given back as typed, with the decimals its number format shows.
    """
    value = readable_value(
        cell,
        as_date=f"Excel har gjort '{cell.text}' til en dato. Formatér cellen som tekst, og "
        "skriv funktionen igen, fx 6.45.51.1.",
    )
    if isinstance(value, float):
        match = _FIXED_DECIMALS.fullmatch(cell.number_format)
        if match:
            return f"{value:.{len(match.group(1))}f}"
    return read_text(cell)


# --- Økonomi sheet ------------------------------------------------------------------


@dataclass
class _Table:
    kolonner: tuple[str, ...] = ()
    linjer: tuple[Budgetlinje, ...] = ()


@dataclass
class _Line:
    """A budget line while its sheet is being read, with the cells it came from."""

    linje: Budgetlinje
    cells: list[Cell]
    i_alt_cell: Cell | None
    bad_columns: set[int] = field(default_factory=set)
    post_ref: str = ""
    """The Post cell, for messages about the whole line."""


def _has_content(cell: Cell | None) -> bool:
    return cell is not None and (not cell.is_empty or cell.formula_without_value)


def _read_oekonomi(sheet: Sheet, enhed: BudgetEnhed, problems: ProblemCollector) -> _Table:
    header = sheet.rows[0] if sheet.rows else []
    found = [c.text for c in header if c.text]
    post_col = next((i for i, c in enumerate(header, 1) if normalize(c.value) == "post"), None)
    if post_col is None:
        problems.add(
            f"Kolonnen '{POST}' mangler i række 1. Forventet: '{POST}' og derefter én kolonne "
            f"pr. år eller kategori (fx 2011, 2012); fundet: {quoted(found) or 'ingen'}.",
            sheet.title,
        )
        return _Table()
    columns = _read_columns(sheet, post_col, problems)
    if columns is None:
        return _Table()
    data_cols, i_alt_col = columns
    names = tuple(name for _, name in data_cols)
    figure_cols = [col for col, _ in data_cols] + ([i_alt_col] if i_alt_col else [])
    for ref in sheet.merged_over(figure_cols):
        problems.add(
            f"Cellerne {ref} er flettet. I en flettet celle har kun den første celle en "
            "værdi, så et beløb over to kolonner ville kun tælle i den første. Ophæv "
            "fletningen (Start > Flet og centrer), og skriv hvert beløb i sin egen celle.",
            sheet.title,
            ref,
        )
    decimaler = DECIMALER[enhed]
    lines: list[_Line] = []
    typed_total: tuple[int, list[Cell], Cell | None] | None = None
    problems_before = len(problems.problems)
    for number, _ in sheet.data_rows():
        post_cell = sheet.cell(number, post_col)
        cells = [sheet.cell(number, col) for col, _ in data_cols]
        i_alt_cell = sheet.cell(number, i_alt_col) if i_alt_col else None
        try:
            post = " ".join(strip_invisible(read_text(post_cell)).split())
        except CellValueError as exc:
            problems.add(f"{POST}: {exc}", sheet.title, post_cell.ref)
            continue
        key = normalize(post)
        if key == normalize(I_ALT):
            if typed_total is None:
                typed_total = (number, cells, i_alt_cell)
            else:
                problems.add(
                    f"Der er allerede en I alt-række i række {typed_total[0]}.",
                    sheet.title,
                    post_cell.ref,
                )
            continue
        if key.startswith(normalize(I_ALT)):
            problems.add(
                f"'{post}' ligner en deltotal. Deltotaler kan ikke bruges endnu; slet rækken, "
                "dagsorden regner selv I alt ud.",
                sheet.title,
                post_cell.ref,
            )
            continue
        if not post:
            if any(_has_content(c) for c in (*cells, i_alt_cell)):
                problems.add(
                    "Rækken har tal, men ingen post. Skriv postens navn, fx Udgiftsbudget.",
                    sheet.title,
                    post_cell.ref,
                )
            continue
        line = _read_line(sheet.title, number, post, cells, i_alt_cell, names, enhed, problems)
        line.post_ref = post_cell.ref
        if line.linje.heraf:
            parent = next((p for p in reversed(lines) if not p.linje.heraf), None)
            if parent is None:
                problems.add(
                    f"'{post}' er en Heraf-linje, men der er ingen linje over den, som den "
                    "kan være en del af. Flyt den ned under sin linje.",
                    sheet.title,
                    post_cell.ref,
                )
            else:
                _check_heraf(sheet.title, line, parent, names, problems)
        lines.append(line)
    if not lines and len(problems.problems) == problems_before:
        # Rows that failed are reported already; an I alt row alone is no table.
        problems.add(
            "Arket har ingen budgetlinjer. Skriv en linje pr. række under overskriften, "
            "fx Udgiftsbudget med et beløb pr. år.",
            sheet.title,
        )
    for line, reason in _sum_rows(lines):
        problems.add(reason, sheet.title, line.post_ref)
        lines.remove(line)
    if (
        lines
        and len(problems.problems) == problems_before
        and not any(amount is not None for line in lines for amount in line.linje.beloeb)
    ):
        problems.add(
            "Ingen af budgetlinjerne har et beløb, så tabellen ville kun vise '-' og "
            "teksten 0 kr. Skriv beløbene under årene (indtægter med minus, fx -590).",
            sheet.title,
        )
    for line in lines:
        _check_typed_line_total(sheet.title, line, decimaler, enhed, problems)
    if typed_total is not None:
        _check_typed_total_row(sheet.title, typed_total, lines, names, decimaler, enhed, problems)
    return _without_unused_columns(names, [line.linje for line in lines], lines)


def _without_unused_columns(
    names: tuple[str, ...], linjer: list[Budgetlinje], lines: list[_Line]
) -> _Table:
    """Leaves out the columns no line has anything in: the blank workbook's years
    the change doesn't reach. A '-' typed in a cell keeps its column in the table."""
    used = [i for i in range(len(names)) if any(_has_content(line.cells[i]) for line in lines)]
    if not used or len(used) == len(names):
        return _Table(names, tuple(linjer))
    return _Table(
        tuple(names[i] for i in used),
        tuple(replace(linje, beloeb=tuple(linje.beloeb[i] for i in used)) for linje in linjer),
    )


def _read_columns(
    sheet: Sheet, post_col: int, problems: ProblemCollector
) -> tuple[list[tuple[int, str]], int | None] | None:
    """The figure columns right of Post, as (column, header), and the typed I alt column."""
    width = max((len(row) for row in sheet.rows), default=0)
    data_cols: list[tuple[int, str]] = []
    i_alt_col: int | None = None
    seen: dict[str, str] = {}
    for col in range(post_col + 1, width + 1):
        cell = sheet.cell(1, col)
        try:
            name = _read_header(cell)
        except CellValueError as exc:
            problems.add(f"Overskrift: {exc}", sheet.title, cell.ref)
            continue
        if not name:
            below = [r[col - 1] for _, r in sheet.data_rows() if col <= len(r)]
            if any(_has_content(c) for c in below):
                problems.add(
                    "Kolonnen har tal, men ingen overskrift. Skriv året eller kategorien "
                    "i række 1.",
                    sheet.title,
                    cell.ref,
                )
            continue
        key = normalize(name)
        if key in seen:
            problems.add(
                f"Kolonnen '{name}' findes allerede i celle {seen[key]}.", sheet.title, cell.ref
            )
            continue
        seen[key] = cell.ref
        if key == normalize(I_ALT):
            i_alt_col = col
        else:
            data_cols.append((col, name))
    if not data_cols:
        problems.add(
            f"Række 1 har ingen kolonner med år eller kategorier efter '{POST}'. "
            "Skriv fx 2011 og 2012 i cellerne til højre for Post.",
            sheet.title,
        )
        return None
    return data_cols, i_alt_col


def _read_header(cell: Cell) -> str:
    """A column's header: a year or a category, never a silently wrong one.

    A year Excel stored as a number (2012.0) or typed as "2012,0" is the year 2012;
    a date (Excel turns "2012-1" into one) and any other number are refused.
    """
    value = readable_value(
        cell,
        as_date=f"Excel har gjort overskriften til en dato ('{cell.text}'). Skriv året som et "
        "tal, fx 2012, eller formatér cellen som tekst og skriv kategorien.",
    )
    if isinstance(value, bool):
        raise CellValueError(f"'{cell.text}' er hverken et årstal eller en kategori.")
    text = " ".join(strip_invisible(read_text(cell)).split())
    if isinstance(value, int | float) or _TAL_OVERSKRIFT.match(text):
        year = _HELT_AAR.match(text)
        if year is None or not AAR_FRA <= int(year.group(1)) <= AAR_TIL:
            raise CellValueError(
                f"'{synlig(cell.text)}' er ikke et årstal. Skriv året med fire cifre, fx 2012, "
                "eller navnet på en kategori, fx Service."
            )
        return year.group(1)
    return text


def _sum_rows(lines: list[_Line]) -> list[tuple[_Line, str]]:
    """The lines that look like sums of other lines, each with why.

    A sum row read as an ordinary budget line is added into every I alt a second
    time. It is known by its name (Netto, Total, Sum, ...: the first word of its
    Post) when the table has other lines it could sum, or by its amounts (each
    column the sum of the two or more lines above it). The one place this is
    decided; a Type column (issue 12) will make it explicit.
    """
    found = []
    summed = [line for line in lines if not line.linje.heraf]
    for i, line in enumerate(lines):
        if line.linje.heraf:
            continue
        above = [other for other in lines[:i] if not other.linje.heraf]
        reason = _sum_row_reason(line, above, others=len(summed) - 1)
        if reason:
            found.append((line, reason))
    return found


def _sum_row_reason(line: _Line, summed: list[_Line], others: int) -> str | None:
    """Why one line looks like a sum row (see `_sum_rows`), or None."""
    first_word = normalize(line.linje.post).split(" ")[0].strip(".,:;")
    name_says = first_word in SUMRAEKKE_ORD and others > 0
    amounts = line.linje.beloeb
    # Two or more columns must match: in a one-column table 100 + 200 = 300 is
    # too easily three ordinary lines.
    figures_say = (
        len(summed) >= 2
        and sum(1 for a in amounts if a not in (None, 0)) >= 2
        and not line.bad_columns
        and not any(other.bad_columns for other in summed)
        and all(
            (a or 0) == (kolonne or 0)
            for a, kolonne in zip(
                amounts, kolonne_i_alt(_as_budget(summed, len(amounts))), strict=True
            )
        )
    )
    if not (name_says or figures_say):
        return None
    why = "navnet" if name_says else "beløbene, som er summen af linjerne over den,"
    return (
        f"'{line.linje.post}' ligner en sumrække ({why} tyder på det). En sumrække ville "
        "blive talt med i I alt en gang til. Slet rækken, dagsorden regner selv I alt ud; "
        "er det en almindelig budgetlinje, så giv den et navn, der siger, hvad den dækker."
    )


def _as_budget(lines: list[_Line], width: int) -> Budget:
    names = tuple(str(i) for i in range(width))
    return Budget("", BudgetEnhed.TUSIND_KR, names, tuple(line.linje for line in lines))


def _read_figure(cell: Cell, enhed: BudgetEnhed = BudgetEnhed.TUSIND_KR) -> float | None:
    tal_ = read_tal(cell)
    if tal_ is None:
        return None
    if tal_.procent:
        raise CellValueError(f"'{cell.text}' er en procent, ikke et beløb.")
    if abs(tal_.vaerdi) * enhed.kroner >= MAX_KRONER:
        raise CellValueError(
            f"{tal(tal_.vaerdi)} {enhed.value} er 1.000 mia. kr. eller mere, mere end noget "
            "kommunalt budget. Tjek tallet, og tjek Enhed på arket 'Oplysninger'."
        )
    return tal_.vaerdi


def _read_line(
    title: str,
    number: int,
    post: str,
    cells: list[Cell],
    i_alt_cell: Cell | None,
    names: tuple[str, ...],
    enhed: BudgetEnhed,
    problems: ProblemCollector,
) -> _Line:
    beloeb: list[float | None] = []
    bad: set[int] = set()
    for i, (cell, name) in enumerate(zip(cells, names, strict=True)):
        try:
            beloeb.append(_read_figure(cell, enhed))
        except CellValueError as exc:
            problems.add(f"{name}: {exc}", title, cell.ref)
            beloeb.append(None)
            bad.add(i)
    linje = Budgetlinje(
        post=post,
        beloeb=tuple(beloeb),
        heraf=normalize(post).startswith(normalize(HERAF)),
        raekke=number,
    )
    return _Line(linje, cells, i_alt_cell, bad)


def _check_heraf(
    title: str, line: _Line, parent: _Line, names: tuple[str, ...], problems: ProblemCollector
) -> None:
    """A part can't be larger than its whole, in any column."""
    for i, name in enumerate(names):
        part = line.linje.beloeb[i]
        whole = parent.linje.beloeb[i]
        if i in line.bad_columns or i in parent.bad_columns or part is None:
            continue
        if abs(part) > abs(whole or 0):
            problems.add(
                f"'{line.linje.post}' er {tal(part)} i kolonne '{name}', mere end linjen "
                f"'{parent.linje.post}' ({tal(whole)}), som den er en del af.",
                title,
                line.cells[i].ref,
            )


def _same_when_shown(typed: float, computed: float | None, decimaler: int) -> bool:
    """A typed total agrees when the table would show the same figure."""
    return afrundet(typed, decimaler) == afrundet(computed or 0, decimaler)


def _read_typed(
    cell: Cell, label: str, title: str, enhed: BudgetEnhed, problems: ProblemCollector
) -> float | None:
    try:
        return _read_figure(cell, enhed)
    except CellValueError as exc:
        problems.add(f"{label}: {exc}", title, cell.ref)
        return None


def _check_typed_line_total(
    title: str, line: _Line, decimaler: int, enhed: BudgetEnhed, problems: ProblemCollector
) -> None:
    if line.i_alt_cell is None:
        return
    typed = _read_typed(line.i_alt_cell, I_ALT, title, enhed, problems)
    if typed is None or line.bad_columns:
        return
    computed = linje_i_alt(line.linje)
    if not _same_when_shown(typed, computed, decimaler):
        problems.add(
            f"I alt for '{line.linje.post}' er skrevet som {tal(typed)}, men linjens tal "
            f"giver {tal(computed or 0)}.",
            title,
            line.i_alt_cell.ref,
        )


def _check_typed_total_row(
    title: str,
    typed_total: tuple[int, list[Cell], Cell | None],
    lines: list[_Line],
    names: tuple[str, ...],
    decimaler: int,
    enhed: BudgetEnhed,
    problems: ProblemCollector,
) -> None:
    """The officer's own I alt row must equal the computed totals, cell by cell."""
    _, cells, i_alt_cell = typed_total
    budget = Budget("", BudgetEnhed.TUSIND_KR, names, tuple(line.linje for line in lines))
    summed = [line for line in lines if not line.linje.heraf]
    bad = set().union(*(line.bad_columns for line in summed))
    for i, (cell, total) in enumerate(zip(cells, kolonne_i_alt(budget), strict=True)):
        typed = _read_typed(cell, f"I alt, {names[i]}", title, enhed, problems)
        if typed is None or i in bad:
            continue
        if not _same_when_shown(typed, total, decimaler):
            problems.add(
                f"I alt for kolonne '{names[i]}' er skrevet som {tal(typed)}, men linjerne "
                f"(uden Heraf-linjer) giver {tal(total or 0)}.",
                title,
                cell.ref,
            )
    if i_alt_cell is None:
        return
    typed = _read_typed(i_alt_cell, I_ALT, title, enhed, problems)
    if typed is None or bad:
        return
    total = samlet_i_alt(budget)
    if not _same_when_shown(typed, total, decimaler):
        problems.add(
            f"Det samlede I alt er skrevet som {tal(typed)}, men linjerne (uden Heraf-linjer) "
            f"giver {tal(total or 0)}.",
            title,
            i_alt_cell.ref,
        )


__all__ = [
    "ARK_OEKONOMI",
    "ARK_OPLYSNINGER",
    "ARK_VEJLEDNING",
    "FELTER",
    "HERAF",
    "POST",
    "VALG_ENHED",
    "VALG_I_ALT_RAEKKE",
    "read_budget",
]
