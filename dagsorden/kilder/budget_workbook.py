"""The standard budget workbook: its layout (a public contract) and its reader.

One workbook per Økonomi table, filled by a budget officer. The layout is documented
in the README; this module holds it as constants so the reader, the blank-workbook
writer and the README can't drift apart. The reader collects every problem of a
workbook before it raises, so the officer fixes them all in one go.

What a row is (a line, a heading, a sum, a Heraf part, the total) comes from the
optional `Type` column, and what a column is (amounts, percentages, text, derived
from other columns) from its header and the optional sheet `Kolonner`. The reader
never guesses a sum: a row whose Post or figures say "sum" but that has no Type is
refused. Whether the typed sums, totals, derived figures and I alt add up is
`kerne.oekonomi.regn_ud`'s to judge; the reader puts its problems on their cells.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from decimal import Decimal
from itertools import pairwise
from pathlib import Path

from openpyxl.utils import get_column_letter

from dagsorden.errors import CellValueError, ProblemCollector
from dagsorden.kerne import oekonomi
from dagsorden.kerne.danish import procent as danish_procent
from dagsorden.kerne.danish import tal
from dagsorden.kerne.model import (
    Beregning,
    Budget,
    BudgetEnhed,
    Budgetlinje,
    Kolonne,
    Kolonneart,
    Negative,
    Nul,
    Raekketype,
)
from dagsorden.kerne.oekonomi import I_ALT, I_ALT_KOLONNE
from dagsorden.kilder.cells import (
    INGEN_TAL,
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
ARK_KOLONNER = "Kolonner"
"""Optional: one row per column the officer describes (Art, Beregning)."""
ARK_VEJLEDNING = "Vejledning"

POST = "Post"
TYPE = "Type"
"""Optional column of sheet Økonomi (anywhere in row 1): what each row is."""
HERAF = "Heraf"
"""A line whose Post starts with this word (or "• Heraf") is part of the line above it."""

VALG_TYPE = ("linje", "overskrift", "sum", "heraf", "total")
"""The Type column's values; empty is an ordinary line, as is `linje` (which also says
"this is no sum" for a line whose name or figures look like one)."""
TYPE_HJAELP = {
    "linje": "en almindelig linje (som tom)",
    "overskrift": "en overskrift over en gruppe, uden beløb",
    "sum": "gruppens deltotal, fx Netto eller I alt, Kultur og Fritid",
    "heraf": "en del af linjen over den, lægges aldrig sammen",
    "total": "hele tabellens total, fx I alt eller Hovedtotal",
}

KOLONNE = "Kolonne"
ART = "Art"
BEREGNING = "Beregning"
KOLONNER_OVERSKRIFTER = (KOLONNE, ART, BEREGNING)
"""Row 1 of sheet Kolonner."""
VALG_ART = tuple(art.value for art in Kolonneart)
"""beløb, procent, tekst."""
OPERATORER = ("+", "-", "/")
"""A Beregning's operators, written with a space on each side: "A - B", "A / B"."""

FELTER_KRAEVEDE = (
    "Tabeltitel",
    "Enhed",
    "Prisniveau",
    "Bevillingsområde",
    "Funktion",
    "I alt-række",
)
"""The Oplysninger labels every budget workbook has (the values may be empty)."""
FELTER_VALGFRIE = ("I alt-kolonne", "Decimaler", "Negative tal", "Nul vises som", "Afrundingsnote")
"""Labels a workbook may leave out: older workbooks read as before without them."""
FELTER = FELTER_KRAEVEDE + FELTER_VALGFRIE

VALG_ENHED = tuple(e.value for e in BudgetEnhed)
ENHED_ALIASER = {"t. kr.": BudgetEnhed.TUSIND_KR.value, "1000 kr.": BudgetEnhed.TUSIND_KR.value}
"""Other ways of writing a unit, accepted as the unit they name."""
VALG_I_ALT_RAEKKE = ("ja", "nej")
VALG_I_ALT_KOLONNE = ("ja", "nej")
VALG_NEGATIVE = tuple(n.value for n in Negative)
"""minus (-690) or parentes ((690))."""
VALG_NUL = (Nul.NUL.value, Nul.DECIMALER.value, Nul.STREG.value)
"""0, 0,0 or -."""
DECIMALER_FRA, DECIMALER_TIL = 0, 3

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
        "delsum",
        "hovedtotal",
        "ialt",
        "samlet",
        "samlede",
    }
)
"""First words of a Post that names a sum of other lines, not a budget line."""
SUMRAEKKE_SIDSTE_ORD = frozenset({"total", "totalt", "ialt", "subtotal", "hovedtotal", "deltotal"})
"""Last words of such a Post: "Service total", "Udgifter ialt"."""
SUM_FIX = "Skriv sum (deltotal) eller total (hele tabellen) i kolonnen Type"

_TABEL_NUMMER = re.compile(r"^tabel\s*\d+\s*[.:]", re.IGNORECASE)
_TAL_OVERSKRIFT = re.compile(r"^[0-9][0-9.,]*$")
_HELT_AAR = re.compile(r"^(\d{4})(?:[.,]0+)?$")
_FIXED_DECIMALS = re.compile(r"[#,0]*0\.(0+)")
_HERAF = re.compile(r"^[•·▪◦‣*\-–—]?\s*heraf\b")
_PROCENT_OVERSKRIFT = re.compile(r"%|\bpct\b")
_OPERATOR = re.compile(r" ([+\-/]) ")
_ORD = re.compile(r"[^\W_]+(?:-[^\W_]+)*")

_TYPE_FORSLAG = {
    "subtotal": "sum",
    "deltotal": "sum",
    "delsum": "sum",
    "netto": "sum",
    "ialt": "sum",
    "sumrække": "sum",
    "hovedtotal": "total",
    "totalt": "total",
    "grandtotal": "total",
    "samlet": "total",
    "overskrifter": "overskrift",
    "gruppe": "overskrift",
    "rubrik": "overskrift",
    "område": "overskrift",
}
"""Words officers use for a Type, and the Type they probably mean (only suggested)."""


def read_budget(path: Path) -> Budget:
    """Reads and validates one budget workbook.

    Raises WorkbookError listing every problem found, each with file, sheet, cell.
    """
    workbook = open_workbook(path, (ARK_OEKONOMI, ARK_OPLYSNINGER, ARK_KOLONNER))
    problems = ProblemCollector(path)
    oekonomi_sheet = workbook.sheet(ARK_OEKONOMI, problems)
    info_sheet = workbook.sheet(ARK_OPLYSNINGER, problems)
    has_kolonner = any(
        normalize(title) == normalize(ARK_KOLONNER) and sheet is not None
        for title, sheet in workbook.sheets.items()
    )
    kolonner_sheet = workbook.sheet(ARK_KOLONNER, problems) if has_kolonner else None
    info = _read_info(info_sheet, problems) if info_sheet else {}
    enhed = info.get("Enhed") or BudgetEnhed.TUSIND_KR
    table = None
    if oekonomi_sheet:
        decimaler = info.get("Decimaler")
        if decimaler is None:
            decimaler = enhed.decimaler
        table = _Reader(oekonomi_sheet, kolonner_sheet, enhed, problems, decimaler).read()
    if table is not None and info_sheet is not None:
        _check_i_alt_kolonne(info, table, info_sheet.title, problems)
    if table is None:
        problems.raise_if_any()  # no Økonomi sheet is a problem
    assert table is not None
    budget = Budget(
        tabeltitel=info.get("Tabeltitel") or "",
        enhed=enhed,
        kolonner=table.kolonner,
        linjer=table.linjer,
        prisniveau=info.get("Prisniveau"),
        bevillingsomraade=info.get("Bevillingsområde") or "",
        funktion=info.get("Funktion") or "",
        i_alt_raekke=info.get("I alt-række") == "ja",
        kilde=str(path),
        tekstkolonner=table.tekstkolonner,
        i_alt_kolonne=_i_alt_kolonne(info, table),
        decimaler=info.get("Decimaler"),
        negative=info.get("Negative tal") or Negative.MINUS,
        nul=info.get("Nul vises som") or Nul.DECIMALER,
        **({"afrundingsnote": info["Afrundingsnote"]} if info.get("Afrundingsnote") else {}),
    )
    if table.struktur_ok:
        _check_arithmetic(budget, table, problems)
    problems.raise_if_any()
    return budget


def _i_alt_kolonne(info: dict, table: _Table) -> bool | None:
    """ja/nej as written; a typed I alt column means ja; else None (the default)."""
    valg = info.get("I alt-kolonne")
    if valg:
        return valg == "ja"
    return True if table.i_alt_ref else None


def _check_i_alt_kolonne(info: dict, table: _Table, title: str, problems: ProblemCollector) -> None:
    if info.get("I alt-kolonne") == "nej" and table.i_alt_ref:
        problems.add(
            f"I alt-kolonne: nej, men arket '{ARK_OEKONOMI}' har en kolonne I alt (celle "
            f"{table.i_alt_ref}). Skriv ja (eller lad feltet stå tomt), eller slet kolonnen "
            "I alt.",
            title,
            info["_refs"]["I alt-kolonne"],
        )


def _check_arithmetic(budget: Budget, table: _Table, problems: ProblemCollector) -> None:
    """Puts what `regn_ud` finds on its cells: the figure's cell, else the Post cell.

    A figure that couldn't be read counts as no figure, so whatever depends on its
    column (or, for I alt, its row) is left unjudged rather than reported wrongly.
    """
    udregning = oekonomi.regn_ud(budget)
    for problem in udregning.problemer:
        if not 0 <= problem.raekke < len(budget.linjer):
            problems.add(problem.besked, table.title)
            continue
        linje = budget.linjer[problem.raekke]
        if problem.kolonne is None:
            col = table.post_col
        elif problem.kolonne == I_ALT_KOLONNE:
            if linje.raekke in table.bad_rows or (
                table.bad_columns and linje.type in (Raekketype.SUM, Raekketype.TOTAL)
            ):
                continue
            col = table.i_alt_col or table.post_col
        else:
            if problem.kolonne in table.bad_columns:
                continue
            col = table.sheet_cols[problem.kolonne]
        problems.add(problem.besked, table.title, f"{get_column_letter(col)}{linje.raekke}")


# --- Oplysninger sheet --------------------------------------------------------------


def _read_info(sheet: Sheet, problems: ProblemCollector) -> dict:
    cells = label_cells(sheet, FELTER_KRAEVEDE, problems)
    cells.update(_optional_label_cells(sheet, FELTER_VALGFRIE, problems))
    readers: dict[str, Callable[[Cell], object]] = {
        "Tabeltitel": read_text,
        "Enhed": _read_enhed,
        "Prisniveau": read_int,
        "Funktion": _read_funktion,
        "I alt-række": lambda c: read_choice(c, ("", *VALG_I_ALT_RAEKKE)),
        "I alt-kolonne": lambda c: read_choice(c, ("", *VALG_I_ALT_KOLONNE)),
        "Decimaler": _read_decimaler,
        "Negative tal": _read_negative,
        "Nul vises som": _read_nul,
        "Afrundingsnote": lambda c: " ".join(read_text(c).split()),
    }
    info: dict = {"_refs": {felt: cell.ref for felt, cell in cells.items()}}
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
    if prisniveau is not None and not AAR_FRA <= prisniveau <= AAR_TIL:
        problems.add(
            f"Prisniveau: {prisniveau} er ikke et årstal. Skriv året for pris- og lønniveauet, "
            "fx 2011.",
            sheet.title,
            cells["Prisniveau"].ref,
        )
    return info


def _optional_label_cells(
    sheet: Sheet, felter: tuple[str, ...], problems: ProblemCollector
) -> dict[str, Cell]:
    """Like `label_cells`, but a label that isn't there is no problem."""
    cells: dict[str, Cell] = {}
    for number, row in sheet.data_rows(first=1):
        label = normalize(row[0].value) if row else ""
        for felt in felter:
            if label != normalize(felt):
                continue
            if felt in cells:
                problems.add(
                    f"Feltet '{felt}' står to gange i kolonne A (også i række "
                    f"{cells[felt].ref[1:]}). Slet den ene række.",
                    sheet.title,
                    row[0].ref,
                )
            else:
                cells[felt] = sheet.cell(number, 2)
    return cells


def _enhed_key(text: str) -> str:
    return normalize(text).replace(" ", "").replace(".", "")


_ENHEDER = {
    _enhed_key(text): BudgetEnhed(value)
    for text, value in [*((v, v) for v in VALG_ENHED), *ENHED_ALIASER.items()]
}


def _read_enhed(cell: Cell) -> BudgetEnhed | None:
    if cell.is_empty and not cell.formula_without_value:
        return None
    text = read_text(cell)
    enhed = _ENHEDER.get(_enhed_key(text))
    if enhed is None:
        raise CellValueError(
            f"'{text}' er ikke et gyldigt valg. Skriv {quoted(VALG_ENHED)} "
            "(t. kr. er det samme som 1.000 kr.)."
        )
    return enhed


def _read_decimaler(cell: Cell) -> int | None:
    value = read_int(cell)
    if value is not None and not DECIMALER_FRA <= value <= DECIMALER_TIL:
        raise CellValueError(
            f"{value} decimaler kan ikke bruges. Skriv 0, 1, 2 eller 3, eller lad feltet stå "
            "tomt: så vises enhedens sædvanlige (0 i kr. og 1.000 kr., 1 i mio. kr. og mia. kr.)."
        )
    return value


def _read_negative(cell: Cell) -> Negative | None:
    text = read_text(cell)
    aliases = {"-": "minus", "-690": "minus", "()": "parentes", "(690)": "parentes"}
    text = aliases.get(text.replace(" ", ""), text)
    if normalize(text) == "parenteser":
        text = "parentes"
    valg = read_choice(Cell(cell.ref, text), ("", *VALG_NEGATIVE))
    return Negative(valg) if valg else None


def _read_nul(cell: Cell) -> Nul | None:
    """0, 0,0 or -. Excel keeps a typed 0,0 as the number 0 shown with a decimal."""
    value = readable_value(cell)
    if isinstance(value, int | float) and not isinstance(value, bool):
        if value != 0:
            raise CellValueError(
                f"'{cell.text}' er ikke et gyldigt valg. Skriv {quoted(VALG_NUL)}."
            )
        return Nul.DECIMALER if _FIXED_DECIMALS.fullmatch(cell.number_format) else Nul.NUL
    text = read_text(cell).replace(" ", "")
    aliases = {"0.0": "0,0", "–": "-", "—": "-", "streg": "-", "bindestreg": "-"}
    text = aliases.get(normalize(text), text)
    valg = read_choice(Cell(cell.ref, text), ("", *VALG_NUL))
    return Nul(valg) if valg else None


def _read_funktion(cell: Cell, igen: str = "funktionen igen, fx 6.45.51.1") -> str:
    """An account function such as 6.45.51.1, kept as text.

    A short one typed into a cell not formatted as text (6.45) arrives as a number;
    it is given back as typed, with the decimals its number format shows.
    """
    value = readable_value(
        cell,
        as_date=f"Excel har gjort '{cell.text.removesuffix(' 00:00:00')}' til en dato. "
        f"Formatér cellen som tekst, og skriv {igen}.",
    )
    if isinstance(value, float):
        match = _FIXED_DECIMALS.fullmatch(cell.number_format)
        if match:
            return f"{value:.{len(match.group(1))}f}"
    return read_text(cell)


# --- Økonomi sheet ------------------------------------------------------------------


@dataclass
class _Table:
    """What the Økonomi sheet gave, with where each part came from."""

    title: str = ""
    kolonner: tuple[Kolonne, ...] = ()
    tekstkolonner: tuple[Kolonne, ...] = ()
    linjer: tuple[Budgetlinje, ...] = ()
    post_col: int = 1
    sheet_cols: tuple[int, ...] = ()
    """The sheet column of each of `kolonner`."""
    i_alt_col: int | None = None
    i_alt_ref: str = ""
    bad_columns: set[int] = field(default_factory=set)
    """Indexes into `kolonner` with a figure that couldn't be read (or derived from one)."""
    bad_rows: set[int] = field(default_factory=set)
    """Sheet rows with a figure that couldn't be read."""
    struktur_ok: bool = False
    """Rows and columns are all understood: the arithmetic can be judged."""


@dataclass
class _Column:
    """A column of the sheet besides Post and Type, while it is being read."""

    col: int
    navn: str
    ref: str
    kolonne: Kolonne
    beskrevet: bool = False
    """Named on sheet Kolonner: kept even when empty."""

    @property
    def figures(self) -> bool:
        return self.kolonne.art is not Kolonneart.TEKST


@dataclass
class _Beskrivelse:
    """One row of sheet Kolonner."""

    navn: str
    art: Kolonneart | None
    beregning: str
    ref: str
    art_ref: str
    beregning_ref: str


@dataclass
class _Row:
    linje: Budgetlinje
    cells: list[Cell]
    """The cells of the figure columns (`Budget.kolonner` before unused ones go)."""
    post_ref: str
    typed: bool
    """The Type cell said what the row is."""
    sum_by_name: bool = False
    """No Type, and the Post reads like a sum (Netto, Total, ... i alt)."""
    bad: set[int] = field(default_factory=set)
    """Figure columns whose cell couldn't be read; I_ALT_KOLONNE for the I alt cell."""


def _has_content(cell: Cell | None) -> bool:
    return cell is not None and (not cell.is_empty or cell.formula_without_value)


def _collapse(text: str) -> str:
    return " ".join(strip_invisible(text).split())


class _Reader:
    """Reads sheet Økonomi (and sheet Kolonner, which describes its columns)."""

    def __init__(
        self,
        sheet: Sheet,
        kolonner_sheet: Sheet | None,
        enhed: BudgetEnhed,
        problems: ProblemCollector,
        decimaler: int | None = None,
    ) -> None:
        self.sheet = sheet
        self.kolonner_sheet = kolonner_sheet
        self.enhed = enhed
        self.decimaler = enhed.decimaler if decimaler is None else decimaler
        """The decimals the table shows its amounts with."""
        self.problems = problems
        self.struktur_ok = True
        self.type_col: int | None = None
        self.post_col = 0

    def problem(self, message: str, cell: str = "", *, sheet: Sheet | None = None) -> None:
        """A problem with the table's shape: the arithmetic is then not judged."""
        self.struktur_ok = False
        self.problems.add(message, (sheet or self.sheet).title, cell)

    def read(self) -> _Table:
        sheet = self.sheet
        header = sheet.rows[0] if sheet.rows else []
        found = [c.text for c in header if c.text]
        posts = [i for i, c in enumerate(header, 1) if normalize(c.value) == normalize(POST)]
        if not posts:
            self.problem(
                f"Kolonnen '{POST}' mangler i række 1. Forventet: '{POST}' og derefter én "
                "kolonne pr. år eller kategori (fx 2011, 2012); fundet: "
                f"{quoted(found) or 'ingen'}."
            )
            return _Table(sheet.title)
        self.post_col = posts[0]
        types = [i for i, c in enumerate(header, 1) if normalize(c.value) == normalize(TYPE)]
        for extra in types[1:]:
            self.problem(
                f"Kolonnen '{TYPE}' findes allerede i celle {get_column_letter(types[0])}1. "
                "Slet den ene.",
                f"{get_column_letter(extra)}1",
            )
        self.type_col = types[0] if types else None
        columns = self._read_columns()
        if columns is None:
            return _Table(sheet.title, post_col=self.post_col)
        data, i_alt_col = columns
        beskrivelser = self._read_kolonner_sheet(data, i_alt_col)
        self._apply(data, beskrivelser)
        self._check_sum_columns(data, i_alt_col)
        figure_cols = [c.col for c in data if c.figures] + ([i_alt_col] if i_alt_col else [])
        for ref in sheet.merged_over(figure_cols):
            self.problem(
                f"Cellerne {ref} er flettet. I en flettet celle har kun den første celle en "
                "værdi, så et beløb over to kolonner ville kun tælle i den første. Ophæv "
                "fletningen (Start > Flet og centrer), og skriv hvert beløb i sin egen celle.",
                ref,
            )
        rows = self._read_rows(data, i_alt_col)
        return self._table(data, i_alt_col, rows)

    # --- columns ----------------------------------------------------------------------

    def _read_columns(self) -> tuple[list[_Column], int | None] | None:
        """Every column besides Post and Type, in sheet order, and the I alt column."""
        sheet = self.sheet
        width = max((len(row) for row in sheet.rows), default=0)
        data: list[_Column] = []
        i_alt_col: int | None = None
        seen: dict[str, str] = {}
        for col in range(1, width + 1):
            if col in (self.post_col, self.type_col):
                continue
            foran = col < self.post_col
            cell = sheet.cell(1, col)
            try:
                name = _collapse(read_text(cell)) if foran else _read_header(cell)
            except CellValueError as exc:
                self.problem(f"Overskrift: {exc}", cell.ref)
                continue
            if not name:
                below = [r[col - 1] for _, r in sheet.data_rows() if col <= len(r)]
                if any(_has_content(c) for c in below):
                    what = (
                        "tekst, men ingen overskrift. Skriv kolonnens navn i række 1, fx Område"
                        if foran
                        else "tal, men ingen overskrift. Skriv året eller kategorien i række 1"
                    )
                    self.problem(f"Kolonnen har {what}.", cell.ref)
                continue
            key = normalize(name)
            if key in seen:
                self.problem(f"Kolonnen '{name}' findes allerede i celle {seen[key]}.", cell.ref)
                continue
            seen[key] = cell.ref
            if key == normalize(I_ALT) and not foran:
                i_alt_col = col
                continue
            if foran:
                kolonne = Kolonne(name, Kolonneart.TEKST, foran_post=True)
            elif _PROCENT_OVERSKRIFT.search(key):
                kolonne = Kolonne(name, Kolonneart.PROCENT)
            else:
                kolonne = Kolonne(name)
            data.append(_Column(col, name, cell.ref, kolonne))
        if not any(c.col > self.post_col for c in data):
            self.problem(
                f"Række 1 har ingen kolonner med år eller kategorier efter '{POST}'. "
                "Skriv fx 2011 og 2012 i cellerne til højre for Post."
            )
            return None
        return data, i_alt_col

    def _check_sum_columns(self, data: list[_Column], i_alt_col: int | None) -> None:
        """Refuses an amount column whose header reads like a sum of the others ("I
        alt 2025-26", "Total", "Sum"): only a column named exactly I alt is checked
        against the others, and one described as derived on sheet Kolonner."""
        amounts = [
            c
            for c in data
            if c.col > self.post_col
            and c.kolonne.art is Kolonneart.BELOEB
            and c.kolonne.beregning is None
        ]
        for column in amounts:
            others = [c.navn for c in amounts if c is not column]
            if not others or not _header_like_sum(column.navn):
                continue
            example = " + ".join(others[:3])
            rename = (
                ""
                if i_alt_col
                else f"Kald den '{I_ALT}', så regnes den efter som summen af beløbskolonnerne; "
                "eller "
            )
            self.problem(
                f"Kolonnen '{column.navn}' ligner en sum af de andre kolonner, men dens tal "
                f"bliver ikke tjekket, så en fejl i den ville stå i tabellen. {rename}"
                f"{'B' if i_alt_col else 'b'}eskriv den på arket '{ARK_KOLONNER}' som "
                f"beregnet (række 1: {' | '.join(KOLONNER_OVERSKRIFTER)}; en række: "
                f"{column.navn} | beløb | {example}).",
                column.ref,
            )

    def _read_kolonner_sheet(
        self, data: list[_Column], i_alt_col: int | None
    ) -> dict[str, _Beskrivelse]:
        """Sheet Kolonner's rows by column key; each names a column of row 1."""
        sheet = self.kolonner_sheet
        if sheet is None or not any(True for _ in sheet.data_rows(first=1)):
            return {}  # an empty sheet Kolonner describes nothing
        header = sheet.rows[0] if sheet.rows else []
        cols = {normalize(c.value): i for i, c in enumerate(header, 1) if c.text}
        missing = [h for h in KOLONNER_OVERSKRIFTER if normalize(h) not in cols]
        if missing:
            found = [c.text for c in header if c.text]
            self.problem(
                f"Overskrifterne {quoted(missing)} mangler i række 1. Forventet: "
                f"{quoted(KOLONNER_OVERSKRIFTER)}; fundet: {quoted(found) or 'ingen'}.",
                sheet=sheet,
            )
            return {}
        names = {normalize(c.navn): c for c in data}
        listed = quoted([c.navn for c in data if c.col != self.post_col])
        result: dict[str, _Beskrivelse] = {}
        for number, _ in sheet.data_rows():
            name_cell, art_cell, calc_cell = (
                sheet.cell(number, cols[normalize(h)]) for h in KOLONNER_OVERSKRIFTER
            )
            try:
                name = _collapse(read_text(name_cell))
                art = _read_art(art_cell)
                beregning = _collapse(read_text(calc_cell)).replace("\u2212", "-")
            except CellValueError as exc:
                self.problem(str(exc), name_cell.ref, sheet=sheet)
                continue
            if not name:
                if art is not None or beregning:
                    self.problem(
                        f"Rækken mangler kolonnens navn. Skriv navnet, som det står i række 1 "
                        f"på arket '{ARK_OEKONOMI}': {listed}.",
                        name_cell.ref,
                        sheet=sheet,
                    )
                continue
            key = normalize(name)
            if key in (normalize(POST), normalize(TYPE), normalize(I_ALT)):
                self.problem(
                    f"'{name}' kan ikke beskrives her: arket beskriver kolonnerne med tal "
                    f"eller tekst ({listed}). I alt er altid summen af beløbskolonnerne.",
                    name_cell.ref,
                    sheet=sheet,
                )
                continue
            if key not in names:
                self.problem(
                    f"Kolonnen '{name}' findes ikke i række 1 på arket '{ARK_OEKONOMI}'. "
                    f"Kolonnerne er: {listed}. Skriv navnet, som det står der.",
                    name_cell.ref,
                    sheet=sheet,
                )
                continue
            if key in result:
                self.problem(
                    f"Kolonnen '{name}' er allerede beskrevet i celle {result[key].ref}. "
                    "Slet den ene række.",
                    name_cell.ref,
                    sheet=sheet,
                )
                continue
            result[key] = _Beskrivelse(
                names[key].navn, art, beregning, name_cell.ref, art_cell.ref, calc_cell.ref
            )
        return result

    def _apply(self, data: list[_Column], beskrivelser: dict[str, _Beskrivelse]) -> None:
        """Gives each described column its Art and Beregning."""
        sheet = self.kolonner_sheet
        for column in data:
            beskrivelse = beskrivelser.get(normalize(column.navn))
            if beskrivelse is None:
                continue
            column.beskrevet = True
            art = beskrivelse.art or column.kolonne.art
            if column.col < self.post_col and art is not Kolonneart.TEKST:
                self.problem(
                    f"'{column.navn}' står til venstre for {POST} og er derfor en tekstkolonne. "
                    f"Skriv tekst, eller flyt kolonnen til højre for {POST}.",
                    beskrivelse.art_ref,
                    sheet=sheet,
                )
                continue
            column.kolonne = replace(column.kolonne, art=art)
        figures = {normalize(c.navn): c for c in data if c.figures}
        texts = {normalize(c.navn): c for c in data if not c.figures}
        parsed: dict[str, Beregning] = {}
        for key, beskrivelse in beskrivelser.items():
            if not beskrivelse.beregning:
                continue
            if key in texts:
                self.problem(
                    f"'{beskrivelse.navn}' er en tekstkolonne og kan ikke beregnes. Slet "
                    "beregningen, eller skriv beløb eller procent som Art.",
                    beskrivelse.beregning_ref,
                    sheet=sheet,
                )
                continue
            try:
                beregning = _parse_beregning(beskrivelse.beregning, figures, texts)
            except CellValueError as exc:
                self.problem(
                    f"{BEREGNING} for '{beskrivelse.navn}': {exc}",
                    beskrivelse.beregning_ref,
                    sheet=sheet,
                )
                continue
            if beregning.naevner and figures[key].kolonne.art is not Kolonneart.PROCENT:
                self.problem(
                    f"{BEREGNING} for '{beskrivelse.navn}' deler med '{beregning.naevner}' og "
                    "giver en andel, ikke et beløb. Skriv procent som Art (og gerne % i "
                    "overskriften), eller fjern / fra beregningen.",
                    beskrivelse.beregning_ref,
                    sheet=sheet,
                )
                continue
            parsed[key] = beregning
        for ring in _rings(parsed):
            beskrivelse = beskrivelser[ring[0]]
            self.problem(
                f"{BEREGNING} for '{beskrivelse.navn}' går i ring: "
                f"{' → '.join(beskrivelser[k].navn for k in ring)}. Mindst én af kolonnerne "
                "skal have skrevne tal, ikke en beregning.",
                beskrivelse.beregning_ref,
                sheet=sheet,
            )
            for key in ring:
                parsed.pop(key, None)
        for key, beregning in parsed.items():
            column = figures[key]
            column.kolonne = replace(column.kolonne, beregning=beregning)

    # --- rows -------------------------------------------------------------------------

    def _read_rows(self, data: list[_Column], i_alt_col: int | None) -> list[_Row]:
        sheet = self.sheet
        text_only = self._text_only_columns(data)
        rows: list[_Row] = []
        for number, _ in sheet.data_rows():
            post_cell = sheet.cell(number, self.post_col)
            type_cell = sheet.cell(number, self.type_col) if self.type_col else None
            cells = [sheet.cell(number, c.col) for c in data]
            i_alt_cell = sheet.cell(number, i_alt_col) if i_alt_col else None
            try:
                post = _collapse(read_text(post_cell))
            except CellValueError as exc:
                self.problem(f"{POST}: {exc}", post_cell.ref)
                continue
            if not post:
                self._row_without_post(data, cells, i_alt_cell, type_cell, post_cell.ref)
                continue
            typed = self._read_type(type_cell) if type_cell else None
            if typed is False:
                continue
            raekketype = typed if isinstance(typed, Raekketype) else _type_by_post(post)
            row = _Row(
                Budgetlinje(post, (), raekke=number, type=raekketype),
                [cell for column, cell in zip(data, cells, strict=True) if column.figures],
                post_cell.ref,
                typed=isinstance(typed, Raekketype),
            )
            row.sum_by_name = (
                not row.typed and raekketype is Raekketype.LINJE and _looks_like_sum(post)
            )
            beloeb: list[float | None] = []
            tekster: list[str] = []
            for column, cell in zip(data, cells, strict=True):
                if not column.figures:
                    tekster.append(self._read_text_cell(column, cell))
                    continue
                value = None
                if column.navn not in text_only:
                    try:
                        value = self._read_figure(column, cell)
                    except CellValueError as exc:
                        self.problems.add(f"{column.navn}: {exc}", sheet.title, cell.ref)
                        row.bad.add(len(beloeb))
                beloeb.append(value)
            i_alt = None
            if i_alt_cell is not None:
                try:
                    i_alt = _read_amount(i_alt_cell, self.enhed, self.decimaler)
                except CellValueError as exc:
                    self.problems.add(f"{I_ALT}: {exc}", sheet.title, i_alt_cell.ref)
                    row.bad.add(I_ALT_KOLONNE)
            row.linje = replace(
                row.linje, beloeb=tuple(beloeb), tekster=tuple(tekster), i_alt=i_alt
            )
            rows.append(row)
        return rows

    def _row_without_post(
        self,
        data: list[_Column],
        cells: list[Cell],
        i_alt_cell: Cell | None,
        type_cell: Cell | None,
        ref: str,
    ) -> None:
        figures = [cell for column, cell in zip(data, cells, strict=True) if column.figures]
        if any(_has_content(c) for c in (*figures, i_alt_cell)):
            self.problem(
                "Rækken har tal, men ingen post. Skriv postens navn, fx Udgiftsbudget.", ref
            )
        elif any(_has_content(c) for c in (*cells, type_cell)):
            self.problem(
                "Rækken har en type eller en tekst, men ingen post. Skriv postens navn, fx "
                "Netto, eller slet rækkens indhold.",
                ref,
            )

    def _read_type(self, cell: Cell) -> Raekketype | bool | None:
        """The row's Type; None when empty; False when unreadable (a problem)."""
        try:
            text = read_text(cell)
        except CellValueError as exc:
            self.problem(f"{TYPE}: {exc}", cell.ref)
            return False
        key = normalize(text).replace(" ", "")
        if not key:
            return None
        if key in VALG_TYPE:
            return Raekketype.LINJE if key == "linje" else Raekketype(key)
        forslag = _TYPE_FORSLAG.get(key)
        hint = f" Mente du {forslag}?" if forslag else ""
        choices = "; ".join(f"{valg} ({hjaelp})" for valg, hjaelp in TYPE_HJAELP.items())
        self.problem(
            f"{TYPE}: '{synlig(text)}' er ikke en gyldig type.{hint} Skriv en af: {choices}; "
            "eller lad cellen stå tom for en almindelig linje.",
            cell.ref,
        )
        return False

    def _read_text_cell(self, column: _Column, cell: Cell) -> str:
        """A text column's cell as the table prints it.

        Left of Post the columns hold codes (Funktion, område): read as the Funktion
        field is, a number as typed (6.45) and a date refused (Excel makes one of
        "5.3"). Right of Post a number is written the Danish way: 1234.5 as 1.234,5
        (whole numbers, such as years, without points).
        """
        try:
            if column.kolonne.foran_post:
                return _collapse(_read_funktion(cell, "det igen (fx en funktion som 6.45.51.1)"))
            value = readable_value(cell)
            if isinstance(value, float) and not value.is_integer():
                fixed = _FIXED_DECIMALS.fullmatch(cell.number_format)
                return tal(value, len(fixed.group(1)) if fixed else None)
            return _collapse(read_text(cell))
        except CellValueError as exc:
            self.problem(f"{column.navn}: {exc}", cell.ref)
            return ""

    def _read_figure(self, column: _Column, cell: Cell) -> float | None:
        if column.kolonne.art is Kolonneart.PROCENT:
            return _read_procent(cell)
        return _read_amount(cell, self.enhed, self.decimaler)

    def _text_only_columns(self, data: list[_Column]) -> set[str]:
        """Amount columns whose every filled cell is text: a text column not declared
        as one. Reported once, at the header, instead of once per cell."""
        found = set()
        for column in data:
            if not column.figures or _HELT_AAR.match(column.navn):
                continue
            cells = [
                self.sheet.cell(n, column.col)
                for n, _ in self.sheet.data_rows()
                if _has_content(self.sheet.cell(n, column.col))
            ]
            if cells and all(_is_text(c) for c in cells):
                found.add(column.navn)
                self.problem(
                    f"Kolonnen '{column.navn}' har kun tekst, ingen tal (fx "
                    f"'{synlig(cells[0].text)}' i {cells[0].ref}). Er det en tekstkolonne, så "
                    f"skriv den på arket '{ARK_KOLONNER}' med Art tekst (række 1: "
                    f"{' | '.join(KOLONNER_OVERSKRIFTER)}; en række: {column.navn} | tekst |).",
                    column.ref,
                )
        return found

    # --- the table --------------------------------------------------------------------

    def _table(self, data: list[_Column], i_alt_col: int | None, rows: list[_Row]) -> _Table:
        sheet = self.sheet
        figure_columns = [c for c in data if c.figures]
        self._check_sum_rows(rows, figure_columns)
        lines = [r for r in rows if r.linje.type is Raekketype.LINJE]
        amounts = [c for c in figure_columns if c.kolonne.art is Kolonneart.BELOEB]
        years = bool(amounts) and all(_HELT_AAR.fullmatch(c.navn) for c in amounts)
        if not lines and self.struktur_ok:
            self.problem(
                "Arket har ingen budgetlinjer. Skriv en linje pr. række under overskriften, "
                f"fx Udgiftsbudget med et beløb pr. {'år' if years else 'kolonne'}."
            )
        elif (
            lines
            and not any(r.bad for r in rows)
            and not any(v is not None for r in rows for v in (*r.linje.beloeb, r.linje.i_alt))
        ):
            self.problem(
                "Ingen af budgetlinjerne har et beløb, så tabellen ville kun vise '-' og "
                f"teksten 0 kr. Skriv beløbene under {'årene' if years else 'kolonnerne'} "
                "(indtægter med minus, fx -590)."
            )
        keep = self._used_columns(figure_columns, rows)
        kolonner = tuple(figure_columns[i].kolonne for i in keep)
        linjer = tuple(
            replace(r.linje, beloeb=tuple(r.linje.beloeb[i] for i in keep)) for r in rows
        )
        bad = self._bad_columns(figure_columns, rows)
        return _Table(
            title=sheet.title,
            kolonner=kolonner,
            tekstkolonner=tuple(c.kolonne for c in data if not c.figures),
            linjer=linjer,
            post_col=self.post_col,
            sheet_cols=tuple(figure_columns[i].col for i in keep),
            i_alt_col=i_alt_col,
            i_alt_ref=f"{get_column_letter(i_alt_col)}1" if i_alt_col else "",
            bad_columns={keep.index(i) for i in bad if i in keep},
            bad_rows={r.linje.raekke for r in rows if r.bad},
            struktur_ok=self.struktur_ok,
        )

    def _check_sum_rows(self, rows: list[_Row], figure_columns: list[_Column]) -> None:
        """Refuses the rows without a Type that look like sums, by name or by figures.

        A sum read as an ordinary line is added into every total a second time. By
        name only when the table has other lines it could sum (a lone Netto line is
        fine); by figures when each amount column is the sum of the two or more lines
        above it since the last heading, sum or total.
        """
        summed = [
            i
            for i, c in enumerate(figure_columns)
            if c.kolonne.summeres and c.kolonne.beregning is None
        ]
        lines = [r for r in rows if r.linje.type is Raekketype.LINJE]
        since: list[_Row] = []
        for row in rows:
            linje = row.linje
            if linje.type is Raekketype.HERAF:
                continue
            if linje.type is not Raekketype.LINJE:
                since = []
                continue
            if row.sum_by_name and len(lines) > 1:
                self.problem(self._sum_message(linje.post, "navnet", row), row.post_ref)
                continue
            exact = _sum_of(row, since, summed, self.decimaler)
            if not row.typed and exact is not None:
                why = (
                    "beløbene, som er summen af linjerne over den,"
                    if exact
                    else "beløbene, som inden for afrunding er summen af linjerne over den,"
                )
                self.problem(self._sum_message(linje.post, why, row), row.post_ref)
                continue
            since.append(row)

    def _sum_message(self, post: str, why: str, row: _Row) -> str:
        message = (
            f"'{post}' ligner en sumrække ({why} tyder på det). En sumrække uden type ville "
            f"blive lagt sammen med linjerne en gang til. {SUM_FIX}"
        )
        if self.type_col is None:
            free = self._free_column()
            return (
                f"{message}. Arket har ingen kolonne {TYPE} endnu: skriv {TYPE} i række 1 i en "
                f"tom kolonne til højre for {POST} (fx {get_column_letter(free)}1), og skriv "
                "sum eller total ud for rækken. Er det en almindelig linje, så skriv linje."
            )
        ref = f"{get_column_letter(self.type_col)}{row.linje.raekke}"
        return f"{message} (celle {ref}). Er det en almindelig linje, så skriv linje."

    def _free_column(self) -> int:
        """The first column right of Post with nothing in it, header included."""
        col = self.post_col + 1
        while any(
            _has_content(self.sheet.cell(n, col)) for n in range(1, len(self.sheet.rows) + 1)
        ):
            col += 1
        return col

    def _used_columns(self, figure_columns: list[_Column], rows: list[_Row]) -> list[int]:
        """Leaves out the amount columns nothing is in: the blank workbook's years the
        change doesn't reach. A '-' typed in a cell keeps its column in the table, and
        so does a column sheet Kolonner describes or a Beregning uses."""
        operands = {
            normalize(name)
            for c in figure_columns
            if c.kolonne.beregning
            for name in (*(n for _, n in c.kolonne.beregning.led), c.kolonne.beregning.naevner)
            if name
        }
        used = [
            i
            for i, c in enumerate(figure_columns)
            if c.beskrevet
            or normalize(c.navn) in operands
            or any(_has_content(r.cells[i]) for r in rows)
        ]
        return used or list(range(len(figure_columns)))

    def _bad_columns(self, figure_columns: list[_Column], rows: list[_Row]) -> set[int]:
        """Figure columns with an unreadable cell, and the columns derived from them."""
        bad = {i for r in rows for i in r.bad if i != I_ALT_KOLONNE}
        index = {normalize(c.navn): j for j, c in enumerate(figure_columns)}
        changed = True
        while changed:
            changed = False
            for j, c in enumerate(figure_columns):
                if j in bad or c.kolonne.beregning is None:
                    continue
                if any(index.get(normalize(n)) in bad for n in _operands(c.kolonne.beregning)):
                    bad.add(j)
                    changed = True
        return bad


def _operands(beregning: Beregning) -> list[str]:
    return [n for _, n in beregning.led] + ([beregning.naevner] if beregning.naevner else [])


def _is_text(cell: Cell) -> bool:
    """A cell holding words, not a figure gone wrong."""
    if not isinstance(cell.value, str) or cell.formula_without_value or cell.is_error:
        return False
    text = strip_invisible(cell.text).strip()
    if text in INGEN_TAL:
        return False
    try:
        read_tal(cell)
    except CellValueError:
        return True
    return False


def _sum_of(row: _Row, above: list[_Row], summed: list[int], decimaler: int) -> bool | None:
    """Whether the row's amounts are the sum of the lines `above` (two or more), in
    every amount column, at least two of them non-zero: True when exactly, False when
    within the rounding a typed sum is allowed (`oekonomi.afrundingstolerance`: an
    official subtotal one off from its rounded lines is a sum too, when its figures are
    ten times that allowance or more: small figures meet by chance), None when not."""
    lines = [r for r in above if r.linje.type is Raekketype.LINJE]
    if len(lines) < 2 or row.bad or any(r.bad for r in lines):
        return None
    amounts = [row.linje.beloeb[i] for i in summed]
    if sum(1 for a in amounts if a not in (None, 0)) < 2:
        return None
    exact = True
    for i, amount in zip(summed, amounts, strict=True):
        parts = [r.linje.beloeb[i] for r in lines if r.linje.beloeb[i] is not None]
        total = sum((_decimal(v) for v in parts), Decimal(0))
        off = abs(_decimal(amount) - total)
        allowed = oekonomi.afrundingstolerance(len(parts), decimaler)
        if off and (off > allowed or abs(_decimal(amount)) < 10 * allowed):
            return None
        exact = exact and off == 0
    return exact


def _decimal(value: float | None) -> Decimal:
    return Decimal(0) if value is None else Decimal(str(value))


def _type_by_post(post: str) -> Raekketype:
    """A row without a Type: "Heraf ..." is a Heraf line, "I alt" the total (the old
    contract), anything else an ordinary line (checked for sums afterwards)."""
    key = normalize(post)
    if _HERAF.match(key):
        return Raekketype.HERAF
    if key == normalize(I_ALT):
        return Raekketype.TOTAL
    return Raekketype.LINJE


def _looks_like_sum(post: str) -> bool:
    """Netto, Total, Sum:, Service total, I alt, Kultur og Fritid, Udgifter i alt, ..."""
    words = _ORD.findall(normalize(post))
    if not words:
        return False
    if words[0] in SUMRAEKKE_ORD or words[-1] in SUMRAEKKE_SIDSTE_ORD:
        return True
    return any(a == "i" and b == "alt" for a, b in pairwise(words))


SUMKOLONNE_ORD = frozenset(
    {"total", "totalt", "totaler", "sum", "summa", "subtotal", "deltotal", "delsum"}
    | {"hovedtotal", "ialt"}
)
"""Words that make a column header read like a sum of the other columns ("Total",
"Sum 2025-26"); so does "i alt" anywhere in it. Netto and Samlet name budget kinds
too (Brutto | Netto) and are left alone."""


def _header_like_sum(navn: str) -> bool:
    """ "I alt 2025-26", "Total", "Sum", "I alt, drift": not exactly "I alt"."""
    key = normalize(navn)
    if key == normalize(I_ALT):
        return False
    words = _ORD.findall(key)
    return any(w in SUMKOLONNE_ORD for w in words) or any(
        a == "i" and b == "alt" for a, b in pairwise(words)
    )


def _read_art(cell: Cell) -> Kolonneart | None:
    text = read_text(cell)
    key = normalize(text).replace(" ", "")
    if not key:
        return None
    aliases = {
        "beloeb": "beløb",
        "belob": "beløb",
        "pct": "procent",
        "pct.": "procent",
        "%": "procent",
    }
    key = aliases.get(key, key)
    for art in Kolonneart:
        if key == art.value:
            return art
    raise CellValueError(
        f"{ART}: '{synlig(text)}' er ikke en gyldig art. Skriv {quoted(VALG_ART)}, eller lad "
        "cellen stå tom (så afgør overskriften det: % eller pct. giver procent)."
    )


def _parse_beregning(
    text: str, figures: dict[str, _Column], texts: dict[str, _Column]
) -> Beregning:
    """ "A + B - C" or "A / B" (at most one /, last): column names of row 1."""
    if "*" in text or "×" in text:
        raise CellValueError(
            f"'{text}': kun + - og / kan bruges, fx 'Afvigelse / Korrigeret budget'."
        )
    body = text
    paren = re.fullmatch(r"\((.+)\) / (.+)", body)
    if paren:
        body = f"{paren.group(1)} / {paren.group(2)}"
    first_op = "+"
    if body[:2] in ("+ ", "- "):
        first_op, body = body[0], body[2:]
    parts = _OPERATOR.split(body)
    operands = [p.strip() for p in parts[0::2]]
    ops = [first_op, *parts[1::2]]
    if ops.count("/") > 1 or ("/" in ops and ops[-1] != "/"):
        raise CellValueError(
            f"'{text}': skriv højst ét / og som det sidste, fx "
            "'Korrigeret budget - Forventet regnskab / Korrigeret budget' (alt før / deles)."
        )
    names: list[str] = []
    for operand in operands:
        key = normalize(operand)
        if key in figures:
            names.append(figures[key].navn)
            continue
        if key in texts:
            raise CellValueError(f"'{operand}' er en tekstkolonne og kan ikke regnes med.")
        hint = ""
        if any(op in operand for op in OPERATORER):
            hint = " Skriv et mellemrum på hver side af + - og /, fx 'A - B'."
        for column in (*figures.values(), *texts.values()):
            sign = _OPERATOR.search(column.navn)
            if sign and normalize(column.navn) in normalize(text):
                renamed = _OPERATOR.sub(", ", column.navn)
                raise CellValueError(
                    f"'{text}': kolonnen '{column.navn}' har selv '{sign.group(0)}' i navnet, "
                    f"så beregningen ikke kan skelne navnet fra et '{sign.group(1)}'. Omdøb "
                    f"kolonnen i række 1 på arket '{ARK_OEKONOMI}' og her, fx til '{renamed}'."
                )
        listed = quoted(c.navn for c in figures.values()) or "ingen"
        raise CellValueError(
            f"'{operand}' er ikke en kolonne med tal på arket '{ARK_OEKONOMI}'.{hint} "
            f"Kolonnerne med tal er: {listed}."
        )
    naevner = names.pop() if "/" in ops else None
    led = tuple(zip([op for op in ops if op != "/"], names, strict=True))
    return Beregning(text, led, naevner)


def _rings(parsed: dict[str, Beregning]) -> list[list[str]]:
    """The rings of derived columns (keys), each from its first column back to it:
    A = B - C with B = A + C is [a, b, a]. A column in a ring appears in one ring only."""

    def deps(key: str) -> list[str]:
        return [normalize(n) for n in _operands(parsed[key]) if normalize(n) in parsed]

    rings: list[list[str]] = []
    in_ring: set[str] = set()
    for start in parsed:
        if start in in_ring:
            continue
        stack = [(start, [start])]
        seen: set[str] = set()
        while stack:
            node, path = stack.pop()
            if start in deps(node):
                rings.append([*path, start])
                in_ring.update(path)
                break
            for nxt in deps(node):
                if nxt not in seen and nxt not in in_ring:
                    seen.add(nxt)
                    stack.append((nxt, [*path, nxt]))
    return rings


_KOMMA_TUSIND = re.compile(r"[-−]?\d{1,3},\d{3}")
"""Text such as "1,234": a decimal comma, or an English thousands separator."""
_PARENTES = re.compile(r"\(\s*(\d[\d.]*(?:,\d+)?)\s*\)")
"""Text such as "(690)": a negative figure as the tables print it."""


def _read_amount(
    cell: Cell, enhed: BudgetEnhed = BudgetEnhed.TUSIND_KR, decimaler: int | None = None
) -> float | None:
    """An amount in the table's unit. `decimaler`: what the table shows; text "1,234"
    in a table without decimals is refused as ambiguous (1,234 or 1.234?)."""
    text = strip_invisible(cell.text).strip() if isinstance(cell.value, str) else ""
    shown = enhed.decimaler if decimaler is None else decimaler
    if shown == 0 and _KOMMA_TUSIND.fullmatch(text):
        whole = text.replace(",", ".")
        raise CellValueError(
            f"'{text}' kan være {text} med decimaler eller {whole} med komma mellem "
            f"tusinderne, og tabellen viser ingen decimaler. Mente du '{whole}'? Skriv "
            f"tusinder med punktum ({whole}) eller uden tegn; er det {text}, så skriv 3 ud "
            "for Decimaler på arket 'Oplysninger'."
        )
    try:
        tal_ = read_tal(cell)
    except CellValueError as exc:
        paren = _PARENTES.fullmatch(text)
        if paren is None:
            raise
        raise CellValueError(
            f"'{text}' er ikke et tal. Mente du -{paren.group(1)}? Skriv negative tal med "
            "minus; tabellen kan vise dem i parentes (Negative tal: parentes på arket "
            "'Oplysninger')."
        ) from exc
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


def _read_procent(cell: Cell) -> float | None:
    """A percentage: "5,2%", a %-formatted 0.052, or a plain 5,2 (meaning 5,2 %).

    A plain figure between 0 and 1 is refused: 0,5 may be 50 % that lost its percent
    format, or 0,5 %. Which one is no guess to make.
    """
    tal_ = read_tal(cell)
    if tal_ is None:
        return None
    vaerdi = tal_.vaerdi
    if not tal_.procent and 0 < abs(vaerdi) < 1:
        raise CellValueError(
            f"{tal(vaerdi)} står uden %-tegn og uden procentformat i en procentkolonne. Er det "
            f"{danish_procent(vaerdi * 100)} eller {danish_procent(vaerdi)}? Skriv "
            f"'{danish_procent(vaerdi * 100)}' (eller formatér cellen som procent), eller skriv "
            f"'{danish_procent(vaerdi)}'."
        )
    return vaerdi


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
    text = _collapse(read_text(cell))
    if isinstance(value, int | float) or _TAL_OVERSKRIFT.match(text):
        year = _HELT_AAR.match(text)
        if year is None or not AAR_FRA <= int(year.group(1)) <= AAR_TIL:
            raise CellValueError(
                f"'{synlig(cell.text)}' er ikke et årstal. Skriv året med fire cifre, fx 2012, "
                "eller navnet på en kategori, fx Service."
            )
        return year.group(1)
    return text


# --- the contract's rules, for the writer and the README -----------------------------


def er_procentoverskrift(navn: str) -> bool:
    """Whether a header makes its column a percent column ('%' or 'pct.' in it)."""
    return bool(_PROCENT_OVERSKRIFT.search(normalize(navn)))


def raekketype_for_post(post: str) -> Raekketype:
    """What a row without a Type is, by its Post: HERAF ("Heraf ...", "• Heraf ..."),
    TOTAL (exactly "I alt"), else LINJE."""
    return _type_by_post(post)


def ligner_sumraekke(post: str) -> bool:
    """Whether a Post reads like a sum (Netto, Total, Service total, I alt, Kultur ...):
    without a Type such a row is refused."""
    return _looks_like_sum(post)


__all__ = [
    "ARK_KOLONNER",
    "ARK_OEKONOMI",
    "ARK_OPLYSNINGER",
    "ARK_VEJLEDNING",
    "ART",
    "BEREGNING",
    "DECIMALER_FRA",
    "DECIMALER_TIL",
    "ENHED_ALIASER",
    "FELTER",
    "FELTER_KRAEVEDE",
    "FELTER_VALGFRIE",
    "HERAF",
    "KOLONNE",
    "KOLONNER_OVERSKRIFTER",
    "OPERATORER",
    "POST",
    "SUM_FIX",
    "TYPE",
    "TYPE_HJAELP",
    "VALG_ART",
    "VALG_ENHED",
    "VALG_I_ALT_KOLONNE",
    "VALG_I_ALT_RAEKKE",
    "VALG_NEGATIVE",
    "VALG_NUL",
    "VALG_TYPE",
    "er_procentoverskrift",
    "ligner_sumraekke",
    "raekketype_for_post",
    "read_budget",
]
