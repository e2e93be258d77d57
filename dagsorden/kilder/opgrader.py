"""`dagsorden opgrader`: adds the optional sheets (Målinger, Milepæle, Sammenligning,
Aktiviteter) to a pejlemærke workbook made before they existed.

Nothing in the workbook is changed: the new sheets are added after the existing
ones, the Vejledning sheet dagsorden wrote gets the new lines below its own, and
before the file is replaced every cell of every existing sheet is compared with the
original. openpyxl, which writes the file, drops pictures, charts and macros; a
workbook holding any is refused rather than quietly stripped.
"""

from __future__ import annotations

import zipfile
from dataclasses import dataclass
from pathlib import Path

from dagsorden.errors import DagsordenError
from dagsorden.kerne.danish import og
from dagsorden.kilder.cells import normalize
from dagsorden.kilder.maalinger import NYE_ARK
from dagsorden.output import write_atomically

_DROPPED = {
    "xl/drawings/": "tegninger",
    "xl/charts/": "diagrammer",
    "xl/media/": "billeder",
    "xl/vbaProject.bin": "makroer",
    "xl/pivotTables/": "pivottabeller",
    "xl/externalLinks/": "kæder til andre filer",
    "xl/slicers/": "udsnitsværktøjer",
}
"""Parts openpyxl does not keep when it saves a workbook, and what they are to a user."""

VEJLEDNING_TITEL = "Sådan udfylder du arbejdsbogen"


@dataclass(frozen=True)
class Opgradering:
    fil: Path
    tilfoejet: tuple[str, ...]
    """The sheets added; empty: the workbook had them all and was not written."""


def opgrader(path: Path) -> Opgradering:
    """Adds the missing optional sheets to the workbook at `path`, in place (written
    whole or not at all). Raises DagsordenError naming the file when it can't."""
    from openpyxl import load_workbook

    from dagsorden.kilder.pejlemaerke_workbook import ARK_DELMAAL, ARK_PEJLEMAERKE, ARK_VEJLEDNING
    from dagsorden.kilder.workbook_writer import VEJLEDNING_NYE_ARK, add_new_sheet

    if path.suffix.lower() != ".xlsx":
        raise DagsordenError(
            f"{path}: kun .xlsx-arbejdsbøger kan opgraderes (en .xlsm mister sine makroer)."
        )
    _refuse_what_would_be_lost(path)
    try:
        workbook = load_workbook(path)
    except Exception as exc:  # openpyxl raises many kinds for a broken file
        raise DagsordenError(f"{path}: filen kan ikke læses som en .xlsx-arbejdsbog.") from exc
    names = {normalize(n) for n in workbook.sheetnames}
    for required in (ARK_PEJLEMAERKE, ARK_DELMAAL):
        if normalize(required) not in names:
            raise DagsordenError(
                f"{path}: arket '{required}' mangler, så det er ikke en pejlemærke-arbejdsbog."
            )
    before = _cells(workbook)
    missing = [name for name in NYE_ARK if normalize(name) not in names]
    if not missing:
        return Opgradering(path, ())
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

    def save(temp: Path) -> None:
        workbook.save(temp)
        after = _cells(load_workbook(temp))
        for title, cells in before.items():
            if title == (vejledning.title if vejledning is not None else None):
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
    return Opgradering(path, tuple(missing))


def _refuse_what_would_be_lost(path: Path) -> None:
    try:
        with zipfile.ZipFile(path) as archive:
            parts = archive.namelist()
    except (OSError, zipfile.BadZipFile) as exc:
        raise DagsordenError(f"{path}: filen kan ikke læses som en .xlsx-arbejdsbog.") from exc
    lost = sorted(
        {what for part in parts for prefix, what in _DROPPED.items() if part.startswith(prefix)}
    )
    if lost:
        raise DagsordenError(
            f"{path}: arbejdsbogen har {og(lost)}, som ville gå tabt, når dagsorden "
            "gemmer den. Intet er skrevet. Tilføj de nye ark i hånden (se arket Vejledning i "
            "en ny arbejdsbog fra 'dagsorden ny pejlemaerke'), eller flyt dem ud først."
        )


def _cells(workbook) -> dict[str, dict[str, object]]:
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
