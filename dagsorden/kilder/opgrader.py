"""`dagsorden opgrader`: adds the optional sheets (Målinger, Milepæle, Sammenligning,
Aktiviteter) to a pejlemærke workbook made before they existed.

Nothing in the workbook is changed: the new sheets are added after the existing
ones, the Vejledning sheet dagsorden wrote gets the new lines below its own, and
before the file is replaced every cell of every existing sheet is compared with the
original. openpyxl, which writes the file, drops pictures, charts, macros and the
look of comments, and keeps a formula without the value Excel calculated for it (a
reader would see an empty cell until Excel recalculates); a workbook holding any of
these is refused rather than quietly stripped. The file keeps its permissions; a
read-only file and a symbolic link are refused.

A folder is checked whole before anything is written: one refused workbook and none
is written. A workbook in the folder that is no pejlemærke workbook (a budget
workbook) is skipped with a note.
"""

from __future__ import annotations

import os
import stat
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from dagsorden.errors import DagsordenError
from dagsorden.kerne.danish import og
from dagsorden.kilder.cells import normalize
from dagsorden.kilder.maalinger import NYE_ARK
from dagsorden.output import write_atomically

_DROPPED = {
    "xl/drawings/drawing": "tegninger",
    "xl/charts/": "diagrammer",
    "xl/media/": "billeder",
    "xl/vbaProject.bin": "makroer",
    "xl/pivotTables/": "pivottabeller",
    "xl/externalLinks/": "kæder til andre filer",
    "xl/slicers/": "udsnitsværktøjer",
    "xl/comments": "kommentarer",
    "xl/ctrlProps/": "knapper og andre kontrolelementer",
}
"""Parts openpyxl does not keep (or keeps only in part: a comment loses its size and
look) when it saves a workbook, and what they are to a user. A comment's box is a
`xl/drawings/*.vml` part: it is the comment, not a drawing."""

VEJLEDNING_TITEL = "Sådan udfylder du arbejdsbogen"


class IkkePejlemaerke(DagsordenError):
    """The workbook is no pejlemærke workbook (a budget workbook): in a folder it is
    skipped, named on its own it is an error."""


@dataclass(frozen=True)
class Opgradering:
    fil: Path
    tilfoejet: tuple[str, ...]
    """The sheets added; empty: the workbook had them all and was not written."""


@dataclass
class Plan:
    """A workbook checked and ready to be written (`forbered`, then `skriv`)."""

    fil: Path
    mangler: tuple[str, ...]
    workbook: Any = None
    vejledning: str | None = None
    before: dict[str, dict[str, object]] = field(default_factory=dict)
    mode: int = 0


def opgrader(path: Path) -> Opgradering:
    """Adds the missing optional sheets to the workbook at `path`, in place (written
    whole or not at all). Raises DagsordenError naming the file when it can't."""
    return skriv(forbered(path))


def opgrader_stier(stier: list[Path]) -> list[str]:
    """`dagsorden opgrader STIER`: checks every workbook named or found in a folder
    first, and writes them only when none is refused. Returns the lines to print."""
    from dagsorden.kilder.pejlemaerke_workbook import find_workbooks

    named = {p.resolve() for p in stier if not p.is_dir()}
    refused: list[str] = []
    plans: list[Plan] = []
    lines: list[str] = []
    files = find_workbooks(stier)
    for fil in files:
        try:
            plans.append(forbered(fil))
        except IkkePejlemaerke as exc:
            if fil.resolve() in named:
                refused.append(str(exc))
            else:
                lines.append(f"{fil} er ikke en pejlemærke-arbejdsbog; den er sprunget over.")
        except DagsordenError as exc:
            refused.append(str(exc))
    if refused:
        count = len(refused)
        noun = "arbejdsbog" if count == 1 else "arbejdsbøger"
        summary = f"{count} {noun} kan ikke opgraderes, så ingen er ændret."
        raise DagsordenError("\n".join(refused + ([summary] if len(files) > 1 else [])))
    if not plans and not lines:
        raise DagsordenError(
            "Ingen arbejdsbøger (.xlsx) at opgradere i " + ", ".join(str(s) for s in stier) + "."
        )
    for plan in plans:
        result = skriv(plan)
        if result.tilfoejet:
            lines.append(f"Opgraderede {plan.fil}: tilføjede arkene {', '.join(result.tilfoejet)}.")
        else:
            lines.append(f"{plan.fil} har allerede alle ark; den er ikke ændret.")
    return lines


def forbered(path: Path) -> Plan:
    """Everything `opgrader` checks before it writes: the file, its sheets, what
    openpyxl would lose. Raises DagsordenError naming the file (and the cell)."""
    from openpyxl import load_workbook

    from dagsorden.kilder.pejlemaerke_workbook import ARK_DELMAAL, ARK_PEJLEMAERKE, ARK_VEJLEDNING
    from dagsorden.kilder.workbook_writer import VEJLEDNING_NYE_ARK, add_new_sheet

    if path.is_symlink():
        raise DagsordenError(
            f"{path}: filen er en genvej (et symbolsk link) til {os.readlink(path)}. "
            "dagsorden opgraderer ikke gennem en genvej: opgradér filen, den peger på."
        )
    if path.suffix.lower() != ".xlsx":
        raise DagsordenError(
            f"{path}: kun .xlsx-arbejdsbøger kan opgraderes (en .xlsm mister sine makroer)."
        )
    parts = _parts(path)
    try:
        workbook = load_workbook(path)
    except Exception as exc:  # openpyxl raises many kinds for a broken file
        raise DagsordenError(f"{path}: filen kan ikke læses som en .xlsx-arbejdsbog.") from exc
    names = {normalize(n) for n in workbook.sheetnames}
    for required in (ARK_PEJLEMAERKE, ARK_DELMAAL):
        if normalize(required) not in names:
            raise IkkePejlemaerke(
                f"{path}: arket '{required}' mangler, så det er ikke en pejlemærke-arbejdsbog."
            )
    missing = tuple(name for name in NYE_ARK if normalize(name) not in names)
    if not missing:
        return Plan(path, ())
    mode = stat.S_IMODE(path.stat().st_mode)
    if not mode & stat.S_IWUSR or not os.access(path, os.W_OK):
        raise DagsordenError(
            f"{path}: filen er skrivebeskyttet, så den er ikke opgraderet. Fjern "
            "skrivebeskyttelsen (Egenskaber), hvis den skal have de nye ark."
        )
    _refuse_what_would_be_lost(path, parts)
    _refuse_formulas(path, workbook)
    before = _cells(workbook)
    vejledning = next(
        (workbook[n] for n in workbook.sheetnames if normalize(n) == normalize(ARK_VEJLEDNING)),
        None,
    )
    index = workbook.sheetnames.index(vejledning.title) if vejledning is not None else None
    for offset, name in enumerate(missing):
        add_new_sheet(workbook, name, index=None if index is None else index + offset)
    if vejledning is not None and str(vejledning["A1"].value or "").strip() == VEJLEDNING_TITEL:
        existing = {str(c.value) for c in vejledning["A"] if c.value}
        if VEJLEDNING_NYE_ARK[0] not in existing:
            row = vejledning.max_row + 2
            for line in VEJLEDNING_NYE_ARK:
                vejledning.cell(row, 1, line or None)
                row += 1
    return Plan(
        path,
        missing,
        workbook,
        vejledning.title if vejledning is not None else None,
        before,
        mode,
    )


def skriv(plan: Plan) -> Opgradering:
    """Writes a checked workbook over its file, whole or not at all, with the file's
    own permissions."""
    from openpyxl import load_workbook

    if not plan.mangler:
        return Opgradering(plan.fil, ())
    path = plan.fil

    def save(temp: Path) -> None:
        plan.workbook.save(temp)
        after = _cells(load_workbook(temp))
        for title, cells in plan.before.items():
            if title == plan.vejledning:
                changed = {k for k in cells if after.get(title, {}).get(k) != cells[k]}
            else:
                changed = set(cells) ^ set(after.get(title, {})) | {
                    k for k in cells if after.get(title, {}).get(k) != cells[k]
                }
            if changed:
                raise DagsordenError(
                    f"{path}: arket '{title}' ville blive ændret ved opgraderingen (celle "
                    f"{sorted(changed)[0]}), så intet er skrevet. Tilføj arkene i hånden."
                )

    write_atomically(path, save, overwrite=True)
    # write_atomically gives a new file the umask's permissions; an upgraded file
    # keeps its own (a file only its owner may read stays so).
    os.chmod(path, plan.mode)
    return Opgradering(path, plan.mangler)


def _parts(path: Path) -> list[str]:
    try:
        with zipfile.ZipFile(path) as archive:
            return archive.namelist()
    except (OSError, zipfile.BadZipFile) as exc:
        raise DagsordenError(f"{path}: filen kan ikke læses som en .xlsx-arbejdsbog.") from exc


def _refuse_what_would_be_lost(path: Path, parts: list[str]) -> None:
    lost = sorted(
        {what for part in parts for prefix, what in _DROPPED.items() if part.startswith(prefix)}
    )
    if lost:
        raise DagsordenError(
            f"{path}: arbejdsbogen har {og(lost)}, som ville gå tabt, når dagsorden "
            "gemmer den. Intet er skrevet. Tilføj de nye ark i hånden (se arket Vejledning i "
            "en ny arbejdsbog fra 'dagsorden ny pejlemaerke'), eller flyt dem ud først."
        )


def _refuse_formulas(path: Path, workbook: Any) -> None:
    """A formula is saved by openpyxl without the value Excel calculated for it: until
    Excel recalculates, every reader (dagsorden too) sees an empty cell."""
    found: list[tuple[str, str, object]] = []
    for ws in workbook.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                if cell.data_type == "f":
                    found.append((ws.title, cell.coordinate, cell.value))
    if not found:
        return
    title, ref, value = found[0]
    formula = value if isinstance(value, str) else getattr(value, "text", "") or ""
    shown = f" ({formula})" if formula else ""
    more = len(found) - 1
    others = f" og {more} {'anden celle' if more == 1 else 'andre celler'}" if more else ""
    raise DagsordenError(
        f"{path}, ark '{title}', celle {ref}: cellen har en formel{shown}{others}. Når "
        "dagsorden gemmer arbejdsbogen, mister formlerne deres beregnede værdier, så "
        "intet er skrevet. Kopiér cellerne, og indsæt dem som værdier (Sæt ind > "
        "Værdier), eller tilføj de nye ark i hånden (se arket Vejledning i en ny "
        "arbejdsbog fra 'dagsorden ny pejlemaerke')."
    )


def _cells(workbook: Any) -> dict[str, dict[str, object]]:
    """Every filled cell of every sheet: value and number format, by coordinate."""
    out: dict[str, dict[str, object]] = {}
    for ws in workbook.worksheets:
        cells: dict[str, object] = {}
        for row in ws.iter_rows():
            for cell in row:
                if cell.value is not None:
                    cells[cell.coordinate] = (cell.value, cell.number_format)
        out[ws.title] = cells
    return out
