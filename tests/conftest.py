"""Shared fixtures: standard workbooks to spoil cell by cell, and headless LibreOffice.

`workbook_factory` writes the standard pejlemærke workbook (by default seed 002's
pejlemærke 1 from scripts/eksempeldata.py), lets a test change it with openpyxl
and saves it in the test's own folder. Pejlemærke 1's layout, for tests that
spoil a cell:

    sheet Pejlemærke: B1 Nummer, B2 Titel, B3 Område, B4 Baselineår, B5 Statusår,
                      B6 Målår, B7 Manglende status (nul), B8 Vægtning, B9 Ansvarlig
    sheet Delmål:     columns A ID, B Delmål, C Baseline, D Status, E Mål, F Enhed,
                      G Population, H Markering, I Note; rows 2-9 hold
                      A, B, C (pct), D, E (no status), F (text only), F1, F2
    sheet Tekster:    A Afsnit, B Tekst; rows 2-3 Årsager, 4-7 Aktivitet,
                      8-10 Budgetforslag

Workbooks saved by openpyxl carry no cached formula values: a formula written here
reads as "never calculated". `libreoffice` recalculates and re-saves them.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from openpyxl import Workbook

ROOT = Path(__file__).resolve().parents[1]
EKSEMPLER = ROOT / "workbooks" / "eksempler"

# scripts/ is no package; its eksempeldata module holds seed 002's nine pejlemærker.
sys.path.insert(0, str(ROOT / "scripts"))

from eksempeldata import PEJLEMAERKE_1  # noqa: E402

from dagsorden.kerne.model import Pejlemaerke  # noqa: E402
from dagsorden.kilder.workbook_writer import build_pejlemaerke_workbook  # noqa: E402

LIBREOFFICE_TIMEOUT = 120

Edit = Callable[[Workbook], None]
CellValues = dict[str, dict[str, object]]


@pytest.fixture
def workbook_factory(tmp_path: Path):
    """make(pejlemaerke=PEJLEMAERKE_1, *, cells=None, edit=None, name=..., blank=False).

    `cells` maps sheet title to {coordinate: value}; `edit` gets the openpyxl
    workbook for anything else (number formats, deleted sheets, inserted columns).
    With `blank` the workbook is the one `dagsorden ny` writes. Returns the path.
    """

    def make(
        pejlemaerke: Pejlemaerke | None = PEJLEMAERKE_1,
        *,
        cells: CellValues | None = None,
        edit: Edit | None = None,
        name: str = "pejlemaerke.xlsx",
        blank: bool = False,
    ) -> Path:
        workbook = build_pejlemaerke_workbook(None if blank else pejlemaerke)
        try:
            for sheet, values in (cells or {}).items():
                for coordinate, value in values.items():
                    workbook[sheet][coordinate] = value
            if edit is not None:
                edit(workbook)
            path = tmp_path / name
            path.parent.mkdir(parents=True, exist_ok=True)
            workbook.save(path)
        finally:
            workbook.close()
        return path

    return make


@pytest.fixture(scope="session", autouse=True)
def _cache_folder(tmp_path_factory: pytest.TempPathFactory):
    """The user's cache folder (where a build keeps LibreOffice's ready profile) is
    one of the session's own: the tests write nothing in the home folder."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("XDG_CACHE_HOME", str(tmp_path_factory.mktemp("cache")))
        yield


@pytest.fixture(scope="session")
def soffice() -> str:
    """The soffice program; a missing LibreOffice fails the test, it never skips it."""
    path = shutil.which("soffice")
    if path is None:
        pytest.fail(
            "LibreOffice (soffice) mangler: kør scripts/ensure-libreoffice og prøv igen. / "
            "LibreOffice (soffice) is missing: run scripts/ensure-libreoffice and try again.",
            pytrace=False,
        )
    return path


def convert_with_libreoffice(
    soffice: str, files: list[Path], fmt: str, outdir: Path, profile: Path
) -> list[Path]:
    """Converts `files` in one headless soffice call; returns the converted files.

    `profile` is a folder of its own for LibreOffice's user profile, so parallel
    runs don't share (and lock) one.
    """
    outdir.mkdir(parents=True, exist_ok=True)
    result = subprocess.run(
        [
            soffice,
            f"-env:UserInstallation={profile.resolve().as_uri()}",
            "--headless",
            "--norestore",
            "--convert-to",
            fmt,
            "--outdir",
            str(outdir),
            *(str(f) for f in files),
        ],
        capture_output=True,
        text=True,
        timeout=LIBREOFFICE_TIMEOUT,
        check=False,
    )
    extension = fmt.split(":", 1)[0]
    converted = [outdir / f"{f.stem}.{extension}" for f in files]
    missing = [c for c in converted if not c.is_file()]
    assert result.returncode == 0 and not missing, (
        f"soffice exit {result.returncode}, missing {missing}\n"
        f"stdout: {result.stdout}\nstderr: {result.stderr}"
    )
    return converted


@pytest.fixture(scope="session")
def libreoffice(soffice: str, tmp_path_factory: pytest.TempPathFactory):
    """convert(files, fmt) -> the converted files, each call in a fresh folder.

    One LibreOffice profile serves the whole session (its first start is the slow
    one); each pytest session (and xdist worker) gets its own.
    """
    profile = tmp_path_factory.mktemp("lo-profile")

    def convert(files: list[Path], fmt: str) -> list[Path]:
        return convert_with_libreoffice(
            soffice, files, fmt, tmp_path_factory.mktemp("lo-out"), profile
        )

    return convert
