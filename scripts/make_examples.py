"""Writes workbooks/eksempler/ (seed 002's figures; in bif-sof-2009/ seed 004's
activation rate, in opdigtet/ an invented example) and the budget workbook of
cases/forebyggelse/ (seed 003's Tabel 1) from scripts/eksempeldata.py.

Run from the repository root after changing the data or the workbook layout:

    uv run python scripts/make_examples.py

Existing example workbooks are replaced.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from eksempeldata import BUDGET_FOREBYGGELSE, OPDIGTET, PEJLEMAERKER, SEED_004

from dagsorden.kilder.workbook_writer import write_budget_workbook, write_pejlemaerke_workbook

FOLDER = Path("workbooks/eksempler")
FOREBYGGELSE = Path("cases/forebyggelse")
SEED_004_FIL = FOLDER / "bif-sof-2009" / "aktiveringsgrad.xlsx"
OPDIGTET_FIL = FOLDER / "opdigtet" / "opdigtet-eksempel.xlsx"
"""In folders of their own, so `status workbooks/eksempler` stays seed 002's nine."""


def main() -> None:
    FOLDER.mkdir(parents=True, exist_ok=True)
    for pejlemaerke in PEJLEMAERKER:
        target = FOLDER / f"pejlemaerke-{pejlemaerke.nummer}.xlsx"
        target.unlink(missing_ok=True)
        write_pejlemaerke_workbook(target, pejlemaerke)
        print(target)
    for target, pejlemaerke in ((SEED_004_FIL, SEED_004), (OPDIGTET_FIL, OPDIGTET)):
        target.parent.mkdir(parents=True, exist_ok=True)
        target.unlink(missing_ok=True)
        write_pejlemaerke_workbook(target, pejlemaerke)
        print(target)
    # Only the budget workbook: the case's sag.md beside it is written by hand.
    FOREBYGGELSE.mkdir(parents=True, exist_ok=True)
    budget = FOREBYGGELSE / "budget.xlsx"
    budget.unlink(missing_ok=True)
    write_budget_workbook(budget, BUDGET_FOREBYGGELSE)
    print(budget)


if __name__ == "__main__":
    main()
