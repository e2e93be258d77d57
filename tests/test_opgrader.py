"""`dagsorden opgrader`: an old workbook gets the new sheets and nothing else changes;
what openpyxl would drop is refused with the file untouched."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

from click.testing import CliRunner
from eksempeldata import PEJLEMAERKE_1
from openpyxl import load_workbook

from dagsorden.cli.hoved import main
from dagsorden.kilder.opgrader import opgrader
from dagsorden.kilder.pejlemaerke_workbook import read_pejlemaerke

NYE = ("Målinger", "Milepæle", "Sammenligning", "Aktiviteter")


def old_workbook(workbook_factory, **kwargs) -> Path:
    """A workbook as `ny pejlemaerke` wrote it before the new sheets, with a cell of the
    analyst's own beyond the columns and a Vejledning as dagsorden wrote it."""

    def edit(wb):
        for name in NYE:
            wb.remove(wb[name])
        wb["Pejlemærke"]["D1"] = "min egen note"
        for row in range(15, 40):  # the old Vejledning ended at its "Tjek" line
            wb["Vejledning"].cell(row, 1).value = None
        wb["Vejledning"]["A15"] = "Tjek arbejdsbogen med: dagsorden tjek FIL.xlsx"

    return workbook_factory(edit=edit, **kwargs)


def cells(path: Path) -> dict[str, dict[str, object]]:
    wb = load_workbook(path)
    return {
        ws.title: {
            c.coordinate: (c.value, c.number_format)
            for r in ws.iter_rows()
            for c in r
            if c.value is not None
        }
        for ws in wb.worksheets
    }


def test_adds_the_sheets_and_keeps_every_cell(workbook_factory):
    path = old_workbook(workbook_factory)
    before = cells(path)
    result = opgrader(path)
    assert result.tilfoejet == NYE
    after = cells(path)
    assert list(after) == ["Pejlemærke", "Delmål", "Tekster", *NYE, "Vejledning"]
    for title in ("Pejlemærke", "Delmål", "Tekster"):
        assert after[title] == before[title]
    assert after["Pejlemærke"]["D1"][0] == "min egen note"
    # The Vejledning keeps its lines and gets the new ones below.
    vejledning = [
        v for _, (v, _) in sorted(after["Vejledning"].items(), key=lambda kv: int(kv[0][1:]))
    ]
    assert vejledning[: len(before["Vejledning"])] == [
        v for _, (v, _) in sorted(before["Vejledning"].items(), key=lambda kv: int(kv[0][1:]))
    ]
    assert "Arket Målinger (valgfrit)" in vejledning
    assert [c.value for c in load_workbook(path)["Målinger"][1]][:5] == [
        "ID",
        "År",
        "Værdi",
        "Kilde",
        "Note",
    ]
    # It reads as it did, with nothing to warn about.
    p = read_pejlemaerke(path)
    assert p == PEJLEMAERKE_1
    assert p.advarsler == ()


def test_a_second_run_leaves_the_file_alone(workbook_factory):
    path = old_workbook(workbook_factory)
    opgrader(path)
    data = path.read_bytes()
    assert opgrader(path).tilfoejet == ()
    assert path.read_bytes() == data


def test_a_workbook_with_a_picture_is_refused_untouched(workbook_factory, tmp_path):
    from openpyxl.drawing.image import Image as XlImage
    from PIL import Image

    png = io.BytesIO()
    Image.new("RGB", (4, 4), "red").save(png, format="PNG")

    def edit(wb):
        for name in NYE:
            wb.remove(wb[name])
        wb["Tekster"].add_image(XlImage(io.BytesIO(png.getvalue())), "E2")

    path = workbook_factory(edit=edit)
    with zipfile.ZipFile(path) as z:
        assert any(n.startswith("xl/media/") for n in z.namelist())
    data = path.read_bytes()
    result = CliRunner().invoke(main, ["opgrader", str(path)])
    assert result.exit_code == 1
    assert result.stderr.startswith(
        f"Fejl: {path}: arbejdsbogen har billeder og tegninger, som ville gå tabt"
    )
    assert path.read_bytes() == data


def test_cli_upgrades_a_folder(workbook_factory, tmp_path):
    old = old_workbook(workbook_factory, name="mappe/gammel.xlsx")
    new = workbook_factory(name="mappe/ny.xlsx")
    result = CliRunner().invoke(main, ["opgrader", str(old.parent)])
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines() == [
        f"Opgraderede {old}: tilføjede arkene Målinger, Milepæle, Sammenligning, Aktiviteter.",
        f"{new} har allerede alle ark; den er ikke ændret.",
    ]
    tjek = CliRunner().invoke(main, ["tjek", str(old)])
    assert tjek.exit_code == 0, tjek.output


def test_no_pejlemaerke_workbook_is_refused(tmp_path):
    from openpyxl import Workbook

    path = tmp_path / "andet.xlsx"
    Workbook().save(path)
    result = CliRunner().invoke(main, ["opgrader", str(path)])
    assert result.exit_code == 1
    assert "arket 'Pejlemærke' mangler, så det er ikke en pejlemærke-arbejdsbog." in result.stderr
