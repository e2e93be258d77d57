"""The pejlemærke workbook's sheets over time: Målinger, Milepæle, Sammenligning,
Aktiviteter (all optional, so old workbooks read as before), and the warnings for
what the reader does not know.

`pejlemaerke_workbook.read_pejlemaerke` calls `read_forloeb` after the Delmål sheet;
this module checks the long form against the short form and returns the delmål with
their figures by year. The rules are in `kerne.forloeb` and the README.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
from dataclasses import dataclass, replace
from typing import Any

from dagsorden.errors import CellValueError, ProblemCollector
from dagsorden.kerne import forloeb
from dagsorden.kerne.danish import og
from dagsorden.kerne.danish import procent as danish_procent
from dagsorden.kerne.danish import tal as danish_tal
from dagsorden.kerne.model import (
    Aktivitet,
    Delmaal,
    Enhed,
    Fremdrift,
    Maal,
    Maaling,
    Milepael,
    Retning,
    Sammenligning,
)
from dagsorden.kilder.cells import (
    Cell,
    Sheet,
    Workbook,
    normalize,
    quoted,
    read_choice,
    read_int,
    read_tal,
    read_text,
    readable_value,
    strip_invisible,
)

ARK_MAALINGER = "Målinger"
ARK_MILEPAELE = "Milepæle"
ARK_SAMMENLIGNING = "Sammenligning"
ARK_AKTIVITETER = "Aktiviteter"

MAALING_KOLONNER = ("ID", "År", "Værdi", "Kilde", "Note")
MILEPAEL_KOLONNER = ("ID", "År", "Mål")
SAMMENLIGNING_KOLONNER = ("ID", "By", "År", "Værdi")
AKTIVITET_KOLONNER = ("Aktivitet", "Delmål", "Ansvarlig", "Frist", "Fremdrift", "Kommentar")
VALG_FREMDRIFT = tuple(f.value for f in Fremdrift)

NYE_ARK = {
    ARK_MAALINGER: (MAALING_KOLONNER, frozenset({"Kilde", "Note"})),
    ARK_MILEPAELE: (MILEPAEL_KOLONNER, frozenset()),
    ARK_SAMMENLIGNING: (SAMMENLIGNING_KOLONNER, frozenset()),
    ARK_AKTIVITETER: (
        AKTIVITET_KOLONNER,
        frozenset({"Delmål", "Ansvarlig", "Frist", "Fremdrift", "Kommentar"}),
    ),
}
"""The optional sheets, their columns and which of those may be left out."""

AAR_FRA, AAR_TIL = 1900, 2100
_YEARISH = re.compile(r"(19|20)\d\d")
_ID_SPLIT = re.compile(r"\s*(?:,|;|/|\bog\b|\s)\s*")


def optional_sheet(workbook: Workbook, name: str, problems: ProblemCollector) -> Sheet | None:
    """The sheet `name` if the workbook has it (its absence is no problem)."""
    key = normalize(name)
    if not any(normalize(t) == key and s is not None for t, s in workbook.sheets.items()):
        return None
    return workbook.sheet(name, problems)


def unknown_sheets(workbook: Workbook, known: tuple[str, ...], warnings: ProblemCollector) -> None:
    """A sheet the reader does not know is read by nobody: say so, with the name
    it perhaps meant ('Maalinger' for 'Målinger')."""
    keys = {normalize(k): k for k in known}
    plain = {ascii_fold(k): k for k in known}
    for title in workbook.sheets:
        if normalize(title) in keys:
            continue
        guess = plain.get(ascii_fold(title)) or next(
            iter(difflib.get_close_matches(normalize(title), list(keys), n=1, cutoff=0.75)),
            None,
        )
        hint = f" Mente du '{keys.get(guess, guess)}'?" if guess else ""
        warnings.add(
            f"Arket '{title}' kendes ikke og læses ikke, så det, der står i det, kommer "
            f"ikke med.{hint}"
        )


def ascii_fold(text: object) -> str:
    """A name as it would be typed without æ, ø, å: 'Aar' and 'Vaerdi' for 'År' and
    'Værdi', so a sheet or header typed that way can be named as the one meant."""
    folded = normalize(text)
    for a, b in (("æ", "ae"), ("ø", "oe"), ("å", "aa")):
        folded = folded.replace(a, b)
    return folded.replace("aa", "a").replace("oe", "o").replace("ae", "a")


def unknown_columns(sheet: Sheet, known: tuple[str, ...], warnings: ProblemCollector) -> None:
    """A header the reader does not know: its column is not read. "Status 2015" and
    other headers with a year get a pointer to sheet Målinger."""
    keys = {normalize(k) for k in known}
    for cell in sheet.rows[0] if sheet.rows else []:
        if cell.is_empty or normalize(cell.value) in keys:
            continue
        text = cell.text
        if _YEARISH.search(text):
            hint = (
                f" Tal for flere år skrives på arket '{ARK_MAALINGER}' (ID, År, Værdi); "
                "'dagsorden opgrader' tilføjer arket."
            )
        else:
            meant = next((k for k in known if ascii_fold(k) == ascii_fold(text)), None)
            hint = f" Mente du '{meant}'?" if meant else f" Kendte kolonner: {quoted(known)}."
        warnings.add(
            f"Kolonnen '{text}' kendes ikke og læses ikke, så dens tal og tekster kommer "
            f"ikke med.{hint}",
            sheet.title,
            cell.ref,
        )


@dataclass
class DelmaalRaekke:
    """What the Delmål sheet said of one delmål: its cells, for messages."""

    delmaal: Delmaal
    cells: dict[str, Cell]
    enhed_skrevet: bool
    procent: bool
    """Some figure of the row was typed or formatted as a percentage."""


def _id(cell: Cell) -> str:
    return strip_invisible(read_text(cell) or "").rstrip(".").strip()


def dato_tekst(cell: Cell) -> str:
    """A date Excel made of a year, as the papers write a date: 01.01.2024."""
    value = cell.value
    if isinstance(value, dt.datetime | dt.date):
        return value.strftime("%d.%m.%Y")
    return cell.text


def _year(cell: Cell) -> int | None:
    year = _year_of(cell)
    if year is not None and not AAR_FRA <= year <= AAR_TIL:
        raise CellValueError(f"{year} er ikke et årstal. Skriv året med fire cifre, fx 2014.")
    return year


def _year_of(cell: Cell) -> int | None:
    """A whole number typed as a year (2013, 2013.0, "2013,0"); a date Excel made of
    it, or 2013,5, is refused in the words the analyst would have typed."""
    value = readable_value(
        cell,
        as_date=f"Excel har gjort året til en dato ({dato_tekst(cell)}). Skriv året som et "
        "tal, fx 2014.",
    )
    if isinstance(value, float) and not value.is_integer():
        # read_int would show Python's '2024.5'; the analyst typed 2024,5.
        raise CellValueError(f"'{repr(value).replace('.', ',')}' er ikke et helt tal.")
    return read_int(cell)


class _Reader:
    """Reads one optional sheet's rows, adding each cell's problem with its place."""

    def __init__(self, sheet: Sheet, columns: dict[str, int], problems: ProblemCollector):
        self.sheet = sheet
        self.columns = columns
        self.problems = problems

    def cell(self, number: int, name: str) -> Cell:
        col = self.columns.get(name)
        if col is None:
            return Cell("", None)
        return self.sheet.cell(number, col)

    def read(self, number: int, name: str, reader) -> Any:
        cell = self.cell(number, name)
        if name not in self.columns:
            return None
        try:
            return reader(cell)
        except CellValueError as exc:
            self.problems.add(f"{name}: {exc}", self.sheet.title, cell.ref)
            return None

    def add(self, message: str, number: int, name: str) -> None:
        self.problems.add(message, self.sheet.title, self.cell(number, name).ref)


def _leaf_ids(delmaal: tuple[Delmaal, ...]) -> dict[str, str]:
    """normalized ID -> ID of every delmål that carries figures."""
    return {normalize(d.id): d.id for d in forloeb.alle_delmaal_af(delmaal)}


def _parents(delmaal: tuple[Delmaal, ...]) -> dict[str, Delmaal]:
    return {normalize(d.id): d for d in delmaal if d.underpunkter}


def _check_id(
    reader: _Reader,
    number: int,
    delmaal: tuple[Delmaal, ...],
    name: str = "ID",
) -> str | None:
    """The delmål ID of a row, or None and a problem naming the IDs there are."""
    text = reader.read(number, name, _id)
    if text is None:
        return None
    leaves = _leaf_ids(delmaal)
    key = normalize(text)
    if not text:
        reader.add(
            f"Rækken mangler et ID (et delmål fra arket 'Delmål', fx {_first(leaves)}).",
            number,
            name,
        )
        return None
    if key in leaves:
        return leaves[key]
    parent = _parents(delmaal).get(key)
    if parent is not None:
        subs = og(u.id for u in parent.underpunkter)
        reader.add(
            f"Delmål '{parent.id}' har underpunkter ({subs}); tallene hører til dem.",
            number,
            name,
        )
        return None
    reader.add(
        f"ID '{text}' findes ikke på arket 'Delmål'. Delmål med tal: "
        f"{', '.join(leaves.values()) or 'ingen'}.",
        number,
        name,
    )
    return None


def _blank(cell: Cell) -> bool:
    """No figure at all: empty or '-' (not a formula or an error, told otherwise)."""
    return cell.text in ("", "-") and not cell.formula_without_value and not cell.is_error


def _first(leaves: dict[str, str]) -> str:
    return next(iter(leaves.values()), "A")


def _same(a: float, b: float) -> bool:
    return abs(a - b) <= 1e-9 * max(1.0, abs(a), abs(b))


def _fraction(name: str, vaerdi: float) -> str:
    return (
        f"{name}: {danish_tal(vaerdi)} står uden %-tegn og uden procentformat, men delmålet "
        f"er i pct. Er det {danish_procent(vaerdi * 100)} eller {danish_procent(vaerdi)}? "
        f"Skriv '{danish_procent(vaerdi * 100)}' (eller formatér cellen som procent), eller "
        f"skriv '{danish_procent(vaerdi)}'."
    )


def _figure_text(value: float, enhed: Enhed) -> str:
    return danish_procent(value) if enhed is Enhed.PCT else danish_tal(value)


# --- Målinger -----------------------------------------------------------------------


@dataclass
class _Maalingsraekke:
    number: int
    id: str
    aar: int
    vaerdi: float
    procent: bool
    kilde: str
    note: str
    ref: str
    aar_ref: str


@dataclass
class Maalinger:
    """What sheet Målinger held: each delmål's readable rows, and which delmål had a
    row that could not be read (their Baseline and Status are not compared with the
    rows: the missing row would be reported twice, once as itself and once as a
    figure "not on the sheet")."""

    raekker: dict[str, list[_Maalingsraekke]]
    usikre: set[str]
    """Delmål IDs with an unreadable row; "*" when a row's ID itself was unreadable."""

    def usikker(self, delmaal_id: str) -> bool:
        return "*" in self.usikre or delmaal_id in self.usikre


def read_maalinger(
    sheet: Sheet,
    columns: dict[str, int],
    delmaal: tuple[Delmaal, ...],
    problems: ProblemCollector,
    warnings: ProblemCollector,
) -> Maalinger:
    reader = _Reader(sheet, columns, problems)
    found: dict[str, list[_Maalingsraekke]] = {}
    seen: dict[tuple[str, int], _Maalingsraekke] = {}
    usikre: set[str] = set()
    for number, _ in sheet.data_rows():
        before = len(problems.problems)
        delmaal_id = _check_id(reader, number, delmaal)
        _read_maaling(reader, number, delmaal_id, columns, sheet, found, seen, warnings)
        if len(problems.problems) > before:
            usikre.add(delmaal_id or "*")
    return Maalinger(found, usikre)


def _read_maaling(
    reader: _Reader,
    number: int,
    delmaal_id: str | None,
    columns: dict[str, int],
    sheet: Sheet,
    found: dict[str, list[_Maalingsraekke]],
    seen: dict[tuple[str, int], _Maalingsraekke],
    warnings: ProblemCollector,
) -> None:
    aar = reader.read(number, "År", _year)
    tal = reader.read(number, "Værdi", read_tal)
    if aar is None and reader.cell(number, "År").is_empty:
        reader.add("År mangler: skriv året for målingen, fx 2014.", number, "År")
    if tal is None and "Værdi" in columns and _blank(reader.cell(number, "Værdi")):
        reader.add(
            "Værdi mangler. Et år uden tal skal ikke have en række: slet rækken.",
            number,
            "Værdi",
        )
    if delmaal_id is None or aar is None or tal is None:
        return
    row = _Maalingsraekke(
        number,
        delmaal_id,
        aar,
        tal.vaerdi,
        tal.procent,
        reader.read(number, "Kilde", read_text) or "",
        reader.read(number, "Note", read_text) or "",
        reader.cell(number, "Værdi").ref,
        reader.cell(number, "År").ref,
    )
    key = (normalize(delmaal_id), aar)
    earlier = seen.get(key)
    if earlier is not None:
        if _same(earlier.vaerdi, row.vaerdi):
            warnings.add(
                f"Målingen for '{delmaal_id}' i {aar} står også i række {earlier.number} "
                "med samme tal; den tæller én gang. Slet den ene række.",
                sheet.title,
                reader.cell(number, "ID").ref,
            )
        else:
            reader.add(
                f"Målingen for '{delmaal_id}' i {aar} står også i række {earlier.number} "
                f"med et andet tal ({danish_tal(earlier.vaerdi)} mod "
                f"{danish_tal(row.vaerdi)}). Slet den forkerte.",
                number,
                "Værdi",
            )
        return
    seen[key] = row
    found.setdefault(delmaal_id, []).append(row)


def apply_maalinger(
    rows: dict[str, DelmaalRaekke],
    delmaal: tuple[Delmaal, ...],
    maalinger: Maalinger,
    info: dict,
    info_cells: dict[str, Cell],
    sheet_title: str,
    problems: ProblemCollector,
    warnings: ProblemCollector,
) -> tuple[Delmaal, ...]:
    """The delmål with their figures by year, checked against the Delmål sheet.

    A delmål with rows on Målinger takes its figures from them; its Baseline and
    Status on Delmål, where filled, must be the same figures (its baseline, and its
    figure of Statusår), or the two are a problem naming both cells. A figure on
    Delmål with no row of its year is to be added to Målinger, never deleted: it is
    the only place the figure is. Warned about: a baseline that only Målinger gives
    and that is from after Baselineår, and figures from after Statusår (they show
    only once Statusår is changed).
    """
    baselineaar = info.get("Baselineår")
    statusaar = info.get("Statusår")
    if maalinger.raekker:
        for felt, value in (("Baselineår", baselineaar), ("Statusår", statusaar)):
            if value is None and felt in info_cells:
                problems.add(
                    f"{felt} skal udfyldes, når arket '{ARK_MAALINGER}' har målinger: ellers "
                    "kan Baseline og Status ikke knyttes til et år.",
                    "Pejlemærke",
                    info_cells[felt].ref,
                )
        if baselineaar is None or statusaar is None:
            return delmaal
        for measured in maalinger.raekker.values():
            for m in measured:
                if m.aar > statusaar:
                    warnings.add(
                        f"Målingen for '{m.id}' fra {m.aar} kommer ikke med i status, før du "
                        f"ændrer Statusår (nu {statusaar}) på arket 'Pejlemærke'. Et tal, du "
                        "har tilføjet, vises først, når Statusår er ændret.",
                        ARK_MAALINGER,
                        m.aar_ref,
                    )

    def one(d: Delmaal) -> Delmaal:
        if d.underpunkter:
            return replace(d, underpunkter=tuple(one(u) for u in d.underpunkter))
        row = rows.get(normalize(d.id))
        measured = maalinger.raekker.get(d.id, [])
        if row is None:
            return d
        enhed = d.enhed
        if not row.enhed_skrevet and not row.procent and any(m.procent for m in measured):
            enhed = Enhed.PCT
        if enhed is Enhed.PCT:
            fractions = [m for m in measured if not m.procent and 0 < abs(m.vaerdi) < 1]
            for m in fractions:
                problems.add(_fraction("Værdi", m.vaerdi), ARK_MAALINGER, m.ref)
            if fractions:
                return d  # which figure is meant is asked first; no comparison yet
        elif row.enhed_skrevet and any(m.procent for m in measured):
            m = next(m for m in measured if m.procent)
            problems.add(
                f"Værdi: {danish_procent(m.vaerdi)} er en procent, men delmål '{d.id}' er i "
                "antal (kolonnen Enhed på arket 'Delmål'). Skriv antallet, eller ret Enhed "
                "til pct.",
                ARK_MAALINGER,
                m.ref,
            )
            return d  # the figure is asked about first; no comparison with it yet
        if not measured:
            return replace(d, enhed=enhed) if enhed is not d.enhed else d
        figures = [(m.aar, m.vaerdi) for m in measured]
        start = forloeb.find_baseline(figures, baselineaar)
        assert start is not None
        by_year = {m.aar: m for m in measured}
        start_row = by_year[start[0]]
        status_row = by_year.get(statusaar) if statusaar is not None else None
        if not maalinger.usikker(d.id):
            _check_short_form(
                d, row, enhed, start, start_row, status_row, info, sheet_title, problems, warnings
            )
        status = None
        if status_row is not None and statusaar is not None and statusaar > start[0]:
            status = status_row.vaerdi
        return replace(
            d,
            baseline=start[1],
            status=status,
            enhed=enhed,
            baselineaar=start[0] if start[0] != baselineaar else None,
            maalinger=tuple(
                Maaling(m.aar, m.vaerdi, m.kilde, m.note)
                for m in sorted(measured, key=lambda m: m.aar)
            ),
        )

    return tuple(one(d) for d in delmaal)


def _check_short_form(
    d: Delmaal,
    row: DelmaalRaekke,
    enhed: Enhed,
    start: tuple[int, float],
    start_row: _Maalingsraekke,
    status_row: _Maalingsraekke | None,
    info: dict,
    sheet_title: str,
    problems: ProblemCollector,
    warnings: ProblemCollector,
) -> None:
    """Baseline and Status on Delmål against the delmål's rows on Målinger."""
    baselineaar = info["Baselineår"]
    statusaar = info["Statusår"]
    if d.baseline is not None and not _same(d.baseline, start[1]):
        shown = _figure_text(d.baseline, enhed)
        if start[0] == baselineaar:
            problems.add(
                f"Baseline {shown} passer ikke med målingen for baselineåret {baselineaar} på "
                f"arket '{ARK_MAALINGER}', celle {start_row.ref}: "
                f"{_figure_text(start[1], enhed)}. Et delmål med målinger får sine tal "
                "derfra: ret den ene, eller slet Baseline her.",
                sheet_title,
                row.cells["Baseline"].ref,
            )
        else:
            problems.add(
                f"Baseline {shown} står ikke på arket '{ARK_MAALINGER}' for baselineåret "
                f"{baselineaar}, så delmålets baseline ville blive målingen fra {start[0]} "
                f"(celle {start_row.ref}: {_figure_text(start[1], enhed)}). Tilføj rækken "
                f"(ID {d.id}, År {baselineaar}, Værdi {shown}) på arket '{ARK_MAALINGER}'; er "
                f"{shown} fra et andet år, så skriv det år. Slet ikke Baseline her, før "
                "tallet står på arket.",
                sheet_title,
                row.cells["Baseline"].ref,
            )
    elif d.baseline is None and start[0] > baselineaar and "Baseline" in row.cells:
        warnings.add(
            f"Delmål '{d.id}' har ingen måling fra baselineåret {baselineaar} på arket "
            f"'{ARK_MAALINGER}', så dets baseline er målingen fra {start[0]} (celle "
            f"{start_row.ref}: {_figure_text(start[1], enhed)}). Har delmålet et tal fra "
            f"{baselineaar}, så tilføj rækken (ID {d.id}, År {baselineaar}, Værdi) på arket "
            f"'{ARK_MAALINGER}'; begyndte målingen først i {start[0]}, så skriv "
            f"{_figure_text(start[1], enhed)} i Baseline her.",
            sheet_title,
            row.cells["Baseline"].ref,
        )
    if d.status is not None and not _agrees(d.status, status_row):
        shown = _figure_text(d.status, enhed)
        if status_row is None:
            problems.add(
                f"Status {shown} står ikke på arket '{ARK_MAALINGER}' for statusåret "
                f"{statusaar}. Et delmål med målinger får sine tal derfra: tilføj rækken "
                f"(ID {d.id}, År {statusaar}, Værdi {shown}) på arket '{ARK_MAALINGER}'.",
                sheet_title,
                row.cells["Status"].ref,
            )
        else:
            problems.add(
                f"Status {shown} passer ikke med målingen for statusåret {statusaar} på arket "
                f"'{ARK_MAALINGER}', celle {status_row.ref}: "
                f"{_figure_text(status_row.vaerdi, enhed)}. Ret den ene. Er {shown} tallet "
                f"fra et tidligere år, så tilføj det på arket '{ARK_MAALINGER}' med sit år, "
                "før du sletter Status her.",
                sheet_title,
                row.cells["Status"].ref,
            )
    if (
        d.maal is not None
        and d.maal.retning is Retning.PRAECIS
        and _same(d.maal.vaerdi, start[1])
        and "Mål" in row.cells
    ):
        problems.add(
            f"Målet er lig med baseline ({_figure_text(start[1], enhed)} fra {start[0]}). "
            "Skriv '<' eller '>' foran, hvis målet er at komme under eller over baseline.",
            sheet_title,
            row.cells["Mål"].ref,
        )


def _agrees(status: float, status_row: _Maalingsraekke | None) -> bool:
    """Whether the Status on Delmål is the measurement of the status year (the figure
    is written into a message only when it is not: formatting it costs)."""
    return status_row is not None and _same(status, status_row.vaerdi)


# --- Milepæle -----------------------------------------------------------------------


def read_milepaele(
    sheet: Sheet,
    columns: dict[str, int],
    delmaal: tuple[Delmaal, ...],
    read_maal,
    problems: ProblemCollector,
    warnings: ProblemCollector | None = None,
    info: dict | None = None,
) -> tuple[Delmaal, ...]:
    reader = _Reader(sheet, columns, problems)
    found: dict[str, list[Milepael]] = {}
    seen: dict[tuple[str, int], int] = {}
    leaves = {d.id: d for d in forloeb.alle_delmaal_af(delmaal)}
    for number, _ in sheet.data_rows():
        delmaal_id = _check_id(reader, number, delmaal)
        aar = reader.read(number, "År", _year)
        parsed = reader.read(number, "Mål", read_maal)
        if aar is None and reader.cell(number, "År").is_empty:
            reader.add("År mangler: skriv året for milepælen, fx 2015.", number, "År")
        if parsed is None and _blank(reader.cell(number, "Mål")):
            reader.add("Mål mangler: skriv tallet, delmålet skal nå i året.", number, "Mål")
        if delmaal_id is None or aar is None or parsed is None:
            continue
        tal, maal = parsed
        d = leaves[delmaal_id]
        if d.enhed is Enhed.PCT and not tal.procent and 0 < abs(tal.vaerdi) < 1:
            reader.add(_fraction("Mål", tal.vaerdi), number, "Mål")
            continue
        key = (normalize(delmaal_id), aar)
        if key in seen:
            reader.add(
                f"Milepælen for '{delmaal_id}' i {aar} står også i række {seen[key]}. "
                "Slet den ene.",
                number,
                "År",
            )
            continue
        seen[key] = number
        if not _check_milepael(reader, number, d, aar, maal, info or {}, warnings):
            continue
        found.setdefault(delmaal_id, []).append(Milepael(aar, maal))

    def one(d: Delmaal) -> Delmaal:
        if d.underpunkter:
            return replace(d, underpunkter=tuple(one(u) for u in d.underpunkter))
        own = found.get(d.id)
        return replace(d, milepaele=tuple(sorted(own, key=lambda m: m.aar))) if own else d

    return tuple(one(d) for d in delmaal)


def _check_milepael(
    reader: _Reader,
    number: int,
    d: Delmaal,
    aar: int,
    maal: Maal,
    info: dict,
    warnings: ProblemCollector | None,
) -> bool:
    """A milestone that cannot be compared with anything: a year before the delmål's
    baseline or after Målår, a figure past the target, on the wrong side of the
    baseline, or "<"/">" against the target's direction. The last cannot be meant
    (an error; the milestone is left out); the others may be (warnings)."""

    def warn(message: str, name: str) -> None:
        if warnings is not None:
            warnings.add(message, reader.sheet.title, reader.cell(number, name).ref)

    start = d.baselineaar or info.get("Baselineår")
    maalaar = info.get("Målår")
    if start is not None and aar < start:
        warn(
            f"Milepælen for '{d.id}' er fra {aar}, før delmålets baselineår {start}, og "
            "bruges aldrig. Ret året, eller slet rækken.",
            "År",
        )
        return True
    if maalaar is not None and aar > maalaar:
        warn(
            f"Milepælen for '{d.id}' er fra {aar}, efter målåret {maalaar} (arket "
            "'Pejlemærke'). Ret året, eller ret Målår.",
            "År",
        )
    sign = forloeb.retning(d)
    if sign is None or d.maal is None or d.baseline is None:
        return True
    shown = _figure_text(maal.vaerdi, d.enhed)
    target = _figure_text(d.maal.vaerdi, d.enhed)
    way = "faldende" if sign < 0 else "stigende"
    if maal.retning is not Retning.PRAECIS and (maal.retning is Retning.UNDER) != (sign < 0):
        reader.add(
            f"Milepælen '{maal.retning.value}{shown}' peger den modsatte vej af målet "
            f"({_maal_tekst(d.maal, d.enhed)}, {way}). Skriv "
            f"'{'<' if sign < 0 else '>'}{shown}', eller skriv tallet uden tegn.",
            number,
            "Mål",
        )
        return False
    baseline = _figure_text(d.baseline, d.enhed)
    if (maal.vaerdi - d.baseline) * sign < 0 and not _same(maal.vaerdi, d.baseline):
        warn(
            f"Milepælen {shown} for '{d.id}' i {aar} er dårligere end baseline ({baseline}) "
            f"set i forhold til målet ({_maal_tekst(d.maal, d.enhed)}), så delmålet er "
            "grønt mod den allerede ved baseline. Tjek tallet.",
            "Mål",
        )
    elif (
        d.maal.retning is Retning.PRAECIS
        and (maal.vaerdi - d.maal.vaerdi) * sign > 0
        and not _same(maal.vaerdi, d.maal.vaerdi)
    ):
        warn(
            f"Milepælen {shown} for '{d.id}' i {aar} ligger ud over målet ({target}). Tjek "
            "tallet, eller ret Mål på arket 'Delmål'.",
            "Mål",
        )
    return True


def _maal_tekst(maal: Maal, enhed: Enhed) -> str:
    prefix = "" if maal.retning is Retning.PRAECIS else maal.retning.value
    return prefix + _figure_text(maal.vaerdi, enhed)


# --- Sammenligning ------------------------------------------------------------------


def read_sammenligning(
    sheet: Sheet,
    columns: dict[str, int],
    delmaal: tuple[Delmaal, ...],
    problems: ProblemCollector,
) -> tuple[Sammenligning, ...]:
    reader = _Reader(sheet, columns, problems)
    leaves = {d.id: d for d in forloeb.alle_delmaal_af(delmaal)}
    out: list[Sammenligning] = []
    seen: dict[tuple[str, str, int], int] = {}
    for number, _ in sheet.data_rows():
        delmaal_id = _check_id(reader, number, delmaal)
        by = strip_invisible(reader.read(number, "By", read_text) or "").strip()
        aar = reader.read(number, "År", _year)
        tal = reader.read(number, "Værdi", read_tal)
        if not by and "By" in columns:
            reader.add("By mangler: skriv byens navn, fx Aarhus.", number, "By")
        if aar is None and reader.cell(number, "År").is_empty:
            reader.add("År mangler: skriv året for tallet, fx 2015.", number, "År")
        if tal is None and _blank(reader.cell(number, "Værdi")):
            reader.add(
                "Værdi mangler. En by uden tal skal ikke have en række: slet rækken.",
                number,
                "Værdi",
            )
        if delmaal_id is None or not by or aar is None or tal is None:
            continue
        d = leaves[delmaal_id]
        if d.enhed is Enhed.PCT and not tal.procent and 0 < abs(tal.vaerdi) < 1:
            reader.add(_fraction("Værdi", tal.vaerdi), number, "Værdi")
            continue
        if d.enhed is Enhed.ANTAL and tal.procent:
            reader.add(
                f"Værdi: {danish_procent(tal.vaerdi)} er en procent, men delmål '{d.id}' er i "
                "antal (kolonnen Enhed på arket 'Delmål'). Skriv byens antal, eller ret Enhed "
                "til pct.",
                number,
                "Værdi",
            )
            continue
        key = (normalize(delmaal_id), normalize(by), aar)
        if key in seen:
            reader.add(
                f"Tallet for {by} ('{delmaal_id}', {aar}) står også i række {seen[key]}. "
                "Slet den ene.",
                number,
                "Værdi",
            )
            continue
        seen[key] = number
        out.append(Sammenligning(delmaal_id, by, aar, tal.vaerdi))
    return tuple(out)


# --- Aktiviteter --------------------------------------------------------------------

_FREMDRIFT_ALIAS = {
    "groen": "grøn",
    "gron": "grøn",
    "green": "grøn",
    "roed": "rød",
    "rod": "rød",
    "red": "rød",
    "yellow": "gul",
}


def _read_fremdrift(cell: Cell) -> Fremdrift | None:
    text = read_text(cell)
    if not text.strip():
        return None
    alias = _FREMDRIFT_ALIAS.get(normalize(text))
    if alias:
        return Fremdrift(alias)
    return Fremdrift(read_choice(cell, VALG_FREMDRIFT))


def _read_frist(cell: Cell) -> str:
    value = readable_value(cell)
    if isinstance(value, dt.datetime | dt.date):
        day = value.date() if isinstance(value, dt.datetime) else value
        return day.strftime("%d.%m.%Y")
    return read_text(cell)


def read_aktiviteter(
    sheet: Sheet,
    columns: dict[str, int],
    delmaal: tuple[Delmaal, ...],
    problems: ProblemCollector,
) -> tuple[Aktivitet, ...]:
    reader = _Reader(sheet, columns, problems)
    known = {normalize(x.id): x.id for d in delmaal for x in (d, *d.underpunkter)}
    out: list[Aktivitet] = []
    for number, _ in sheet.data_rows():
        tekst = (reader.read(number, "Aktivitet", read_text) or "").strip()
        if not tekst:
            if _blank(reader.cell(number, "Aktivitet")):  # else its problem is told
                reader.add("Aktivitet mangler: skriv, hvad aktiviteten er.", number, "Aktivitet")
            continue
        ids: list[str] = []
        raw = (reader.read(number, "Delmål", read_text) or "").strip()
        for part in (p for p in _ID_SPLIT.split(raw) if p):
            key = normalize(strip_invisible(part).rstrip("."))
            if key in known:
                ids.append(known[key])
            else:
                reader.add(
                    f"Delmål '{part}' findes ikke på arket 'Delmål'. Skriv ID'erne adskilt "
                    f"af komma, fx {', '.join(list(known.values())[:2]) or 'A, B'}.",
                    number,
                    "Delmål",
                )
        out.append(
            Aktivitet(
                tekst,
                tuple(ids),
                (reader.read(number, "Ansvarlig", read_text) or "").strip(),
                (reader.read(number, "Frist", _read_frist) or "").strip(),
                reader.read(number, "Fremdrift", _read_fremdrift),
                (reader.read(number, "Kommentar", read_text) or "").strip(),
            )
        )
    return tuple(out)
