"""The standard pejlemærke workbook: its layout (a public contract) and its reader.

One workbook per pejlemærke, filled by an analyst. The layout is documented in the
README; this module holds it as constants so the reader, the blank-workbook writer
and the README can't drift apart. The reader collects every problem of a workbook
before it raises, so an analyst fixes them all in one go.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, replace
from enum import Enum
from pathlib import Path
from typing import Any, TypeVar

from dagsorden.errors import CellValueError, Problem, ProblemCollector, WorkbookError
from dagsorden.kerne.danish import procent as danish_procent
from dagsorden.kerne.danish import tal as danish_tal
from dagsorden.kerne.model import (
    Delmaal,
    Enhed,
    Maal,
    ManglendeStatus,
    Markering,
    Pejlemaerke,
    Retning,
    Tekst,
    Vaegtning,
)
from dagsorden.kilder.cells import (
    INGEN_TAL,
    SUFFIXES,
    Cell,
    Sheet,
    Tal,
    label_cells,
    normalize,
    open_workbook,
    quoted,
    read_choice,
    read_each,
    read_int,
    read_tal,
    read_text,
    readable_value,
    strip_invisible,
)

ARK_PEJLEMAERKE = "Pejlemærke"
ARK_DELMAAL = "Delmål"
ARK_TEKSTER = "Tekster"
ARK_VEJLEDNING = "Vejledning"
KENDTE_ARK = (
    ARK_PEJLEMAERKE,
    ARK_DELMAAL,
    ARK_TEKSTER,
    ARK_VEJLEDNING,
    "Målinger",
    "Milepæle",
    "Sammenligning",
    "Aktiviteter",
)
"""Every sheet the reader knows; any other is reported by `tjek` as a warning."""

FELTER = (
    "Nummer",
    "Titel",
    "Område",
    "Baselineår",
    "Statusår",
    "Målår",
    "Manglende status",
    "Vægtning",
    "Ansvarlig",
)
KOLONNER = ("ID", "Delmål", "Baseline", "Status", "Mål", "Enhed", "Population", "Markering", "Note")
VALGFRIE_KOLONNER = frozenset({"Population", "Markering", "Note"})
TEKST_KOLONNER = ("Afsnit", "Tekst")
AFSNIT = ("Årsager", "Aktivitet", "Risiko", "Budgetforslag", "Opmærksomhed", "Fodnote")

VALG_ENHED = tuple(e.value for e in Enhed)
VALG_MARKERING = tuple(m.value for m in Markering)
VALG_MANGLENDE_STATUS = tuple(m.value for m in ManglendeStatus)
VALG_VAEGTNING = tuple(v.value for v in Vaegtning)

TAL_KOLONNER = ("Baseline", "Status", "Mål", "Population")
"""The columns whose cells hold figures: never merged, never fractions of a pct."""
MAX_NUMMER = 9_999
MAX_POPULATION = 999_999_999
"""A population is a count of people: a whole number below a billion."""
AAR_FRA, AAR_TIL = 1900, 2100
"""A year outside these is a slip (a figure in the year's row, '14' for 2014)."""

_SUB_ID = re.compile(r"^(\D+)(\d+)$")
_BUDGET_CODE = re.compile(r"^[A-ZÆØÅ]{1,3} ?\d{1,4}\s*:")


def read_pejlemaerke(path: Path) -> Pejlemaerke:
    """Reads and validates one pejlemærke workbook.

    Raises WorkbookError listing every problem found, each with file, sheet, cell.
    What it can read past (a column or sheet it does not know) is in `advarsler`.
    """
    from dagsorden.kilder import maalinger as lang

    workbook = open_workbook(path, (ARK_PEJLEMAERKE, ARK_DELMAAL, ARK_TEKSTER, *lang.NYE_ARK))
    problems = ProblemCollector(path)
    warnings = ProblemCollector(path)
    info_sheet = workbook.sheet(ARK_PEJLEMAERKE, problems)
    delmaal_sheet = workbook.sheet(ARK_DELMAAL, problems)
    tekster_sheet = workbook.sheet(ARK_TEKSTER, problems)
    info = _read_info(info_sheet, problems) if info_sheet else {}
    vaegtning = info.get("Vægtning") or Vaegtning.INGEN
    rows: list[_Row] = []
    delmaal = _read_delmaal(delmaal_sheet, vaegtning, problems, rows) if delmaal_sheet else ()
    tekster = _read_tekster(tekster_sheet, problems) if tekster_sheet else ()
    lang.unknown_sheets(workbook, KENDTE_ARK, warnings)
    if delmaal_sheet is not None:
        lang.unknown_columns(delmaal_sheet, KOLONNER, warnings)
    if tekster_sheet is not None:
        lang.unknown_columns(tekster_sheet, TEKST_KOLONNER, warnings)
    sammenligning: tuple = ()
    aktiviteter: tuple = ()
    if delmaal_sheet is not None and not problems:
        extra = {}
        for name, (wanted, optional) in lang.NYE_ARK.items():
            sheet = lang.optional_sheet(workbook, name, problems)
            if sheet is None or not any(True for _ in sheet.data_rows(first=1)):
                continue  # absent, or added and left empty: nothing to read
            lang.unknown_columns(sheet, wanted, warnings)
            columns = header_columns(sheet, wanted, optional, problems)
            if columns is not None:
                extra[name] = (sheet, columns)
        if lang.ARK_MAALINGER in extra:
            sheet, columns = extra[lang.ARK_MAALINGER]
            found = lang.read_maalinger(sheet, columns, delmaal, problems, warnings)
        else:
            found = lang.Maalinger({}, set())
        info_cells = label_cells(info_sheet, FELTER, ProblemCollector(path)) if info_sheet else {}
        delmaal = lang.apply_maalinger(
            {normalize(r.id): _raekke(r) for r in rows},
            delmaal,
            found,
            info,
            info_cells,
            delmaal_sheet.title,
            problems,
            warnings,
        )
        if lang.ARK_MILEPAELE in extra:
            sheet, columns = extra[lang.ARK_MILEPAELE]
            delmaal = lang.read_milepaele(
                sheet, columns, delmaal, _read_maal, problems, warnings, info
            )
        if lang.ARK_SAMMENLIGNING in extra:
            sheet, columns = extra[lang.ARK_SAMMENLIGNING]
            sammenligning = lang.read_sammenligning(sheet, columns, delmaal, problems)
        if lang.ARK_AKTIVITETER in extra:
            sheet, columns = extra[lang.ARK_AKTIVITETER]
            aktiviteter = lang.read_aktiviteter(sheet, columns, delmaal, problems)
    problems.raise_if_any()
    return Pejlemaerke(
        nummer=info["Nummer"],
        titel=info["Titel"],
        delmaal=delmaal,
        omraade=info.get("Område") or "",
        baselineaar=info.get("Baselineår"),
        statusaar=info.get("Statusår"),
        maalaar=info.get("Målår"),
        manglende_status=info.get("Manglende status"),
        vaegtning=vaegtning,
        ansvarlig=info.get("Ansvarlig") or "",
        tekster=tekster,
        kilde=str(path),
        sammenligning=sammenligning,
        aktiviteter=aktiviteter,
        advarsler=tuple(warnings.problems),
    )


def _raekke(row: _Row) -> Any:
    from dagsorden.kilder.maalinger import DelmaalRaekke

    return DelmaalRaekke(row.delmaal, row.cells, row.enhed_skrevet, row.procent)


def find_workbooks(paths: list[Path]) -> list[Path]:
    """The .xlsx (and .xlsm) files named or found directly in the folders named, sorted.

    Excel's lock files ("~$navn.xlsx") are skipped: they are no workbooks. A file
    named twice (`status mappe mappe`, or a folder and a file in it) is read once, or
    it would be reported as a duplicate of itself.
    """
    found: dict[Path, Path] = {}
    for path in paths:
        if path.is_dir():
            # One resolved folder, not a resolve() per file: a file that is no link
            # resolves to its name in the resolved folder.
            folder = path.resolve()
            in_folder = []
            with os.scandir(path) as entries:
                for entry in entries:
                    candidate = path / entry.name
                    if candidate.suffix.lower() in SUFFIXES:
                        in_folder.append((candidate, entry))
            in_folder.sort(key=lambda pair: pair[0])
            for candidate, entry in in_folder:
                if candidate.name.startswith("~$") or not _is_file(entry):
                    continue
                key = candidate.resolve() if entry.is_symlink() else folder / entry.name
                found.setdefault(key, candidate)
        else:
            found.setdefault(path.resolve(), path)
    return list(found.values())


def _is_file(entry: os.DirEntry[str]) -> bool:
    """Path.is_file for a folder's entry: False for what can't be looked at."""
    try:
        return entry.is_file()
    except OSError:
        return False


def read_pejlemaerker(paths: list[Path]) -> list[Pejlemaerke]:
    """Reads every workbook and raises one WorkbookError with all their problems.

    The pejlemærker come back ordered by nummer; two workbooks with the same
    nummer are an error, since one would hide the other in every table.
    """
    result: list[Pejlemaerke] = []
    problems: list[Problem] = []
    for outcome in read_each(read_pejlemaerke, find_workbooks(paths)):  # on both cores
        if isinstance(outcome, WorkbookError):
            problems.extend(outcome.problems)
        else:
            result.append(outcome)
    seen: dict[int, str] = {}
    for p in result:
        if p.nummer in seen:
            collector = ProblemCollector(p.kilde)
            collector.add(
                f"Pejlemærke nummer {p.nummer} findes også i {seen[p.nummer]}.",
                ARK_PEJLEMAERKE,
            )
            problems.extend(collector.problems)
        seen.setdefault(p.nummer, p.kilde)
    if problems:
        raise WorkbookError(problems)
    return sorted(result, key=lambda p: p.nummer)


# --- Pejlemærke sheet ---------------------------------------------------------------


def _read_info(sheet: Sheet, problems: ProblemCollector) -> dict:
    cells = label_cells(sheet, FELTER, problems)
    info: dict = {}
    readers = {
        "Nummer": read_int,
        "Baselineår": _read_year,
        "Statusår": _read_year,
        "Målår": _read_year,
        "Manglende status": lambda c: _optional_enum(c, ManglendeStatus),
        "Vægtning": lambda c: _optional_enum(c, Vaegtning),
    }
    for felt, cell in cells.items():
        try:
            info[felt] = readers.get(felt, read_text)(cell)
        except CellValueError as exc:
            problems.add(f"{felt}: {exc}", sheet.title, cell.ref)
    for felt in ("Nummer", "Titel"):
        if felt in info and info[felt] in (None, ""):
            problems.add(f"{felt} skal udfyldes.", sheet.title, cells[felt].ref)
    if isinstance(info.get("Nummer"), int) and info["Nummer"] < 1:
        problems.add("Nummer skal være et helt tal fra 1 og op.", sheet.title, cells["Nummer"].ref)
    elif isinstance(info.get("Nummer"), int) and info["Nummer"] > MAX_NUMMER:
        problems.add(
            f"Nummer skal være et helt tal fra 1 til {danish_tal(MAX_NUMMER)}, ikke "
            f"{danish_tal(info['Nummer'])}.",
            sheet.title,
            cells["Nummer"].ref,
        )
    for felt in ("Baselineår", "Statusår", "Målår"):
        year = info.get(felt)
        if year is not None and not AAR_FRA <= year <= AAR_TIL:
            problems.add(
                f"{felt}: {year} er ikke et årstal. Skriv året med fire cifre, fx 2014.",
                sheet.title,
                cells[felt].ref,
            )
            info[felt] = None
    baseline, statusaar, maal = (info.get(k) for k in ("Baselineår", "Statusår", "Målår"))
    if baseline and statusaar and maal and not baseline <= statusaar <= maal:
        problems.add(
            "Årene skal følge hinanden: baselineår ≤ statusår ≤ målår.",
            sheet.title,
            cells["Statusår"].ref,
        )
    return info


def _read_year(cell: Cell) -> int | None:
    """A year: a whole number (2013, 2013.0, "2013,0"); a date Excel made of it is refused."""
    from dagsorden.kilder.maalinger import _year_of

    return _year_of(cell)


_E = TypeVar("_E", bound=Enum)


def _optional_enum(cell: Cell, enum: type[_E]) -> _E | None:
    if cell.is_empty and not cell.formula_without_value:
        return None
    return enum(read_choice(cell, _values(enum)))


_VALUES: dict[type, tuple[str, ...]] = {}


def _values(enum: type[Enum]) -> tuple[str, ...]:
    """An enum's values, as the choices of a drop-down (made once per enum)."""
    found = _VALUES.get(enum)
    if found is None:
        found = _VALUES[enum] = tuple(e.value for e in enum)
    return found


# --- Delmål sheet -------------------------------------------------------------------


def header_columns(
    sheet: Sheet, wanted: tuple[str, ...], optional: frozenset[str], problems: ProblemCollector
) -> dict[str, int] | None:
    """Maps each wanted header to its column; extra columns are ignored.

    A wanted header written twice ('Status' and 'status ') is a problem: the figures
    of one of the columns would silently not count.
    """
    header_row = sheet.rows[0] if sheet.rows else []
    headers: dict[str, int] = {}
    wanted_keys = {normalize(name) for name in wanted}
    for i, c in enumerate(header_row, 1):
        key = normalize(c.value)
        if key in headers and key in wanted_keys:
            problems.add(
                f"Kolonnen '{c.text}' står to gange i række 1 (også i celle "
                f"{header_row[headers[key] - 1].ref}). Slet eller omdøb den ene.",
                sheet.title,
                c.ref,
            )
            continue
        headers.setdefault(key, i)
    columns = {name: headers[normalize(name)] for name in wanted if normalize(name) in headers}
    missing = [n for n in wanted if n not in columns and n not in optional]
    if missing:
        found = [c.text for c in (sheet.rows[0] if sheet.rows else []) if c.text]
        from dagsorden.kilder.maalinger import ascii_fold

        noun = "Kolonnen" if len(missing) == 1 else "Kolonnerne"
        by_fold = {ascii_fold(f): f for f in found}
        meant = [(by_fold[ascii_fold(n)], n) for n in missing if ascii_fold(n) in by_fold]
        hints = "".join(f" Mente du '{n}' i stedet for '{f}'?" for f, n in meant)
        if len(meant) == 1 and len(missing) == 1:
            hints = f" Mente du '{meant[0][1]}'?"
        problems.add(
            f"{noun} {quoted(missing)} mangler i række 1. Forventet: {quoted(wanted)}; "
            f"fundet: {quoted(found) or 'ingen'}.{hints}",
            sheet.title,
        )
        return None
    return columns


@dataclass
class _Row:
    """A delmål row while its sheet is being read."""

    number: int
    id: str
    cells: dict[str, Cell]
    delmaal: Delmaal
    enhed_skrevet: bool = False
    procent: bool = False


def _read_delmaal(
    sheet: Sheet,
    vaegtning: Vaegtning,
    problems: ProblemCollector,
    rows_out: list[_Row] | None = None,
) -> tuple[Delmaal, ...]:
    columns = header_columns(sheet, KOLONNER, VALGFRIE_KOLONNER, problems)
    if columns is None:
        return ()
    for ref in sheet.merged_over(columns[name] for name in TAL_KOLONNER if name in columns):
        problems.add(
            f"Cellerne {ref} er flettet. I en flettet celle har kun den første celle en "
            "værdi, så tallene i de andre ville mangle. Ophæv fletningen (Start > Flet og "
            "centrer), og skriv hvert tal i sin egen celle.",
            sheet.title,
            ref,
        )
    rows: list[_Row] = []
    for number, _ in sheet.data_rows():
        cells = {name: sheet.cell(number, col) for name, col in columns.items()}
        row = _read_delmaal_row(sheet.title, number, cells, problems)
        if row:
            rows.append(row)
    if rows_out is not None:
        rows_out.extend(rows)
    delmaal = _nest(sheet.title, rows, problems)
    if vaegtning is Vaegtning.POPULATION:
        _check_populations(sheet.title, rows, "Population" in columns, problems)
    return delmaal


def _read_delmaal_row(
    title: str,
    number: int,
    cells: dict[str, Cell],
    problems: ProblemCollector,
) -> _Row | None:
    def field(name: str, reader):
        cell = cells.get(name)
        if cell is None:
            return None
        try:
            return reader(cell)
        except CellValueError as exc:
            problems.add(f"{name}: {exc}", title, cell.ref)
            return None

    delmaal_id = strip_invisible(field("ID", read_text) or "").rstrip(".").strip()
    if not delmaal_id:
        problems.add("Rækken mangler et ID (fx A, B eller F1).", title, cells["ID"].ref)
        return None
    baseline = field("Baseline", read_tal)
    status = field("Status", read_tal)
    maal_cell = cells["Mål"]
    maal = field("Mål", _read_maal)
    enhed_text = field("Enhed", _read_enhed)
    figures = [t for t in (baseline, status, maal and maal[0]) if t is not None]
    if enhed_text:
        enhed = Enhed(enhed_text)
    else:
        enhed = Enhed.PCT if any(t.procent for t in figures) else Enhed.ANTAL
    target = maal[1] if maal else None
    if enhed is Enhed.PCT:
        for name, tal in (("Baseline", baseline), ("Status", status), ("Mål", maal and maal[0])):
            if tal is not None and not tal.procent and 0 < abs(tal.vaerdi) < 1:
                problems.add(_fraction_problem(name, tal.vaerdi), title, cells[name].ref)
    if (
        target
        and baseline
        and target.retning is Retning.PRAECIS
        and target.vaerdi == baseline.vaerdi
    ):
        problems.add(
            "Målet er lig med baseline. Skriv '<' eller '>' foran, hvis målet er at "
            "komme under eller over baseline.",
            title,
            maal_cell.ref,
        )
    population = field("Population", _read_population)
    if population is not None and population < 0:
        problems.add("Population kan ikke være negativ.", title, cells["Population"].ref)
        population = None
    markering = field("Markering", _read_markering)
    delmaal = Delmaal(
        id=delmaal_id,
        tekst=field("Delmål", read_text) or "",
        baseline=baseline.vaerdi if baseline else None,
        status=status.vaerdi if status else None,
        maal=target,
        enhed=enhed,
        population=population,
        markering=Markering(markering) if markering else Markering.INGEN,
        note=field("Note", read_text) or "",
    )
    return _Row(
        number, delmaal_id, cells, delmaal, bool(enhed_text), any(t.procent for t in figures)
    )


_VALG_ENHED_ELLER_TOM = ("", *VALG_ENHED)


def _read_enhed(cell: Cell) -> str:
    return read_choice(cell, _VALG_ENHED_ELLER_TOM)


def _read_markering(cell: Cell) -> str:
    return read_choice(cell, VALG_MARKERING)


def _fraction_problem(name: str, vaerdi: float) -> str:
    """A figure below 1 in a pct delmål, typed without '%': 0,312 may be 31,2% that
    lost its percent format, or 0,312%. Which one is no guess to make."""
    return (
        f"{name}: {danish_tal(vaerdi)} står uden %-tegn og uden procentformat, men delmålet "
        f"er i pct. Er det {danish_procent(vaerdi * 100)} eller {danish_procent(vaerdi)}? "
        f"Skriv '{danish_procent(vaerdi * 100)}' (eller formatér cellen som procent), eller "
        f"skriv '{danish_procent(vaerdi)}'."
    )


def _read_population(cell: Cell) -> float | None:
    """A population: a count of people, a whole number from 0 below a billion."""
    tal = read_tal(cell)
    if tal is None:
        return None
    if tal.procent:
        raise CellValueError(f"'{cell.text}' er en procent. Skriv antallet af personer, fx 1.581.")
    if tal.vaerdi != int(tal.vaerdi):
        raise CellValueError(f"'{cell.text}' er ikke et helt tal. Skriv antallet af personer.")
    if tal.vaerdi > MAX_POPULATION:
        raise CellValueError(
            f"{danish_tal(tal.vaerdi)} er flere personer, end nogen population har (højst "
            f"{danish_tal(MAX_POPULATION)}). Tjek tallet."
        )
    return tal.vaerdi


def _check_populations(
    title: str, rows: list[_Row], has_column: bool, problems: ProblemCollector
) -> None:
    """With Vægtning = population every delmål with figures weighs its population, so
    each needs one above 0: an empty cell or a 0 would silently drop the delmål
    from the samlet status (or leave nothing to weigh at all)."""
    parents = {normalize(m.group(1)) for r in rows if (m := _SUB_ID.match(r.id))}
    hjaelp = (
        "Vægtning er 'population' (ark 'Pejlemærke'), så hvert delmål med tal skal have "
        "sin population, et helt tal over 0. Skriv populationen, eller sæt Vægtning til "
        "'ingen'."
    )
    if not has_column:
        if any(_has_figures(r) for r in rows):
            problems.add(f"Kolonnen 'Population' mangler i række 1. {hjaelp}", title)
        return
    for row in rows:
        if normalize(row.id) in parents or not _has_figures(row):
            continue
        cell = row.cells["Population"]
        if cell.is_empty or cell.text in INGEN_TAL:
            problems.add(f"Population mangler for delmål '{row.id}'. {hjaelp}", title, cell.ref)
        elif row.delmaal.population == 0:
            problems.add(f"Population er 0 for delmål '{row.id}'. {hjaelp}", title, cell.ref)


def _has_figures(row: _Row) -> bool:
    d = row.delmaal
    return d.baseline is not None or d.status is not None or d.maal is not None


def _read_maal(cell: Cell) -> tuple[Tal, Maal] | None:
    """A target: a figure, or text with '<'/'>' in front ("<1,1%", "> 80")."""
    if isinstance(readable_value(cell), str):
        text = cell.text
        retning = Retning.PRAECIS
        if text[:1] in "<>" and text:
            retning = Retning(text[0])
            text = text[1:].strip()
        tal = read_tal(Cell(cell.ref, text))
        if tal is None:
            if retning is not Retning.PRAECIS:
                raise CellValueError(f"'{cell.text}' mangler et tal efter '{retning.value}'.")
            return None
        return tal, Maal(tal.vaerdi, retning)
    tal = read_tal(cell)
    return (tal, Maal(tal.vaerdi)) if tal else None


def _nest(title: str, rows: list[_Row], problems: ProblemCollector) -> tuple[Delmaal, ...]:
    """Turns flat rows into delmål with their sub-rows, checking IDs on the way."""
    first_row: dict[str, int] = {}
    for row in rows:
        key = normalize(row.id)
        if key in first_row:
            problems.add(
                f"ID '{row.id}' findes allerede i række {first_row[key]}.",
                title,
                row.cells["ID"].ref,
            )
        else:
            first_row[key] = row.number
    children: dict[str, list[_Row]] = {}
    top: list[_Row] = []
    for row in rows:
        match = _SUB_ID.match(row.id)
        if match is None:
            top.append(row)
        elif (parent := normalize(match.group(1))) in first_row:
            children.setdefault(parent, []).append(row)
        else:
            problems.add(
                f"Underpunktet '{row.id}' har intet overpunkt: der skal være en række med "
                f"ID '{match.group(1)}' (kun teksten) over det.",
                title,
                row.cells["ID"].ref,
            )
    result: list[Delmaal] = []
    for row in top:
        subs = children.get(normalize(row.id), [])
        d = row.delmaal
        filled = [
            row.cells[name]
            for name in ("Baseline", "Status", "Mål", "Population")
            if name in row.cells
            and not row.cells[name].is_empty
            and row.cells[name].text not in INGEN_TAL
        ]
        if subs and filled:
            problems.add(
                f"Delmål '{row.id}' har underpunkter og må derfor kun have tekst; "
                "tallene hører hjemme i underpunkterne.",
                title,
                filled[0].ref,
            )
        result.append(_with_subs(d, tuple(s.delmaal for s in subs)))
    return tuple(result)


def _with_subs(delmaal: Delmaal, subs: tuple[Delmaal, ...]) -> Delmaal:
    return replace(delmaal, underpunkter=subs) if subs else delmaal


# --- Tekster sheet ------------------------------------------------------------------


def _read_tekster(sheet: Sheet, problems: ProblemCollector) -> tuple[Tekst, ...]:
    columns = header_columns(sheet, TEKST_KOLONNER, frozenset(), problems)
    if columns is None:
        return ()
    tekster: list[Tekst] = []
    for number, _ in sheet.data_rows():
        afsnit_cell = sheet.cell(number, columns["Afsnit"])
        tekst_cell = sheet.cell(number, columns["Tekst"])
        try:
            afsnit = read_choice(afsnit_cell, AFSNIT)
        except CellValueError as exc:
            problems.add(f"Afsnit: {exc}", sheet.title, afsnit_cell.ref)
            continue
        try:
            tekst = read_text(tekst_cell)
        except CellValueError as exc:
            problems.add(f"Tekst: {exc}", sheet.title, tekst_cell.ref)
            continue
        if not tekst:
            problems.add(f"Afsnittet '{afsnit}' har ingen tekst.", sheet.title, tekst_cell.ref)
            continue
        if afsnit == "Budgetforslag" and not _BUDGET_CODE.match(tekst):
            problems.add(
                "Et budgetforslag skal begynde med sin kode og et kolon, fx 'Ø304: ...'.",
                sheet.title,
                tekst_cell.ref,
            )
            continue
        tekster.append(Tekst(afsnit, tekst))
    return tuple(tekster)


__all__ = [
    "AFSNIT",
    "ARK_DELMAAL",
    "ARK_PEJLEMAERKE",
    "ARK_TEKSTER",
    "ARK_VEJLEDNING",
    "FELTER",
    "KOLONNER",
    "find_workbooks",
    "read_pejlemaerke",
    "read_pejlemaerker",
]
