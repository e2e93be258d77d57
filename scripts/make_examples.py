"""Writes workbooks/eksempler/ from scripts/eksempeldata.py (seed 002's figures).

Run from the repository root after changing the data or the workbook layout:

    uv run python scripts/make_examples.py

Existing example workbooks are replaced.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from eksempeldata import PEJLEMAERKER

from dagsorden.workbook_writer import write_pejlemaerke_workbook

FOLDER = Path("workbooks/eksempler")


def main() -> None:
    FOLDER.mkdir(parents=True, exist_ok=True)
    for pejlemaerke in PEJLEMAERKER:
        target = FOLDER / f"pejlemaerke-{pejlemaerke.nummer}.xlsx"
        target.unlink(missing_ok=True)
        write_pejlemaerke_workbook(target, pejlemaerke)
        print(target)


if __name__ == "__main__":
    main()
