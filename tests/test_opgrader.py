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


# --- what the tester found: formulas, permissions, links, folders, comments ----------


def test_a_workbook_with_formulas_is_refused_naming_the_cell(workbook_factory):
    """Tester's repro opg-orig/formula.xlsx: openpyxl saves '=430+11' without Excel's
    cached 441, so every reader would see an empty cell until Excel recalculates."""
    path = old_workbook(workbook_factory)
    wb = load_workbook(path)
    wb["Delmål"]["D2"] = "=820+8"
    wb["Delmål"]["D3"] = "=470+4"
    wb.save(path)
    data = path.read_bytes()
    result = CliRunner().invoke(main, ["opgrader", str(path)])
    assert result.exit_code == 1
    assert result.stderr.splitlines()[0] == (
        f"Fejl: {path}, ark 'Delmål', celle D2: cellen har en formel (=820+8) og 1 anden "
        "celle. Når dagsorden gemmer arbejdsbogen, mister formlerne deres beregnede værdier, "
        "så intet er skrevet. Kopiér cellerne, og indsæt dem som værdier (Sæt ind > "
        "Værdier), eller tilføj de nye ark i hånden (se arket Vejledning i en ny arbejdsbog "
        "fra 'dagsorden ny pejlemaerke')."
    )
    assert path.read_bytes() == data


def test_the_file_keeps_its_permissions(workbook_factory):
    path = old_workbook(workbook_factory)
    path.chmod(0o640)
    assert opgrader(path).tilfoejet == NYE
    assert path.stat().st_mode & 0o777 == 0o640


def test_a_read_only_file_is_refused_not_overwritten(workbook_factory):
    path = old_workbook(workbook_factory)
    path.chmod(0o444)
    data = path.read_bytes()
    result = CliRunner().invoke(main, ["opgrader", str(path)])
    assert result.exit_code == 1
    assert result.stderr.startswith(
        f"Fejl: {path}: filen er skrivebeskyttet, så den er ikke opgraderet."
    )
    assert path.read_bytes() == data and path.stat().st_mode & 0o777 == 0o444


def test_a_symbolic_link_is_refused_naming_it(workbook_factory, tmp_path):
    target = old_workbook(workbook_factory, name="rigtig/pm.xlsx")
    link = tmp_path / "genvej.xlsx"
    link.symlink_to(target)
    data = target.read_bytes()
    result = CliRunner().invoke(main, ["opgrader", str(link)])
    assert result.exit_code == 1
    assert result.stderr.startswith(
        f"Fejl: {link}: filen er en genvej (et symbolsk link) til {target}."
    )
    assert target.read_bytes() == data and link.is_symlink()


def test_a_folder_is_checked_whole_before_anything_is_written(workbook_factory):
    """Tester's repro opg/mixed2: one workbook fine, one with a formula, one budget
    workbook. The budget workbook is skipped; the formula refuses the folder, and
    the fine workbook is not written either."""
    from openpyxl import Workbook

    good = old_workbook(workbook_factory, name="mappe/a.xlsx")
    bad = old_workbook(workbook_factory, name="mappe/c.xlsx")
    wb = load_workbook(bad)
    wb["Delmål"]["C2"] = "=800+59"
    wb.save(bad)
    budget = good.parent / "b-budget.xlsx"
    other = Workbook()
    other.active.title = "Økonomi"
    other.save(budget)
    before = {p: p.read_bytes() for p in (good, bad, budget)}
    result = CliRunner().invoke(main, ["opgrader", str(good.parent)])
    assert result.exit_code == 1
    assert result.stderr.splitlines()[0].startswith(
        f"Fejl: {bad}, ark 'Delmål', celle C2: cellen har en formel (=800+59)."
    )
    assert result.stderr.splitlines()[-1] == "1 arbejdsbog kan ikke opgraderes, så ingen er ændret."
    assert {p: p.read_bytes() for p in before} == before
    # Without the formula the folder is upgraded, the budget workbook skipped with a note.
    wb = load_workbook(bad)
    wb["Delmål"]["C2"] = 859
    wb.save(bad)
    result = CliRunner().invoke(main, ["opgrader", str(good.parent)])
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines() == [
        f"{budget} er ikke en pejlemærke-arbejdsbog; den er sprunget over.",
        f"Opgraderede {good}: tilføjede arkene Målinger, Milepæle, Sammenligning, Aktiviteter.",
        f"Opgraderede {bad}: tilføjede arkene Målinger, Milepæle, Sammenligning, Aktiviteter.",
    ]
    assert budget.read_bytes() == before[budget]


def test_a_comment_is_called_a_comment(workbook_factory):
    """Tester's repro opg/misc: a cell comment is stored with a VML 'drawing'; the
    message said "tegninger"."""
    from openpyxl.comments import Comment

    path = old_workbook(workbook_factory)
    wb = load_workbook(path)
    wb["Delmål"]["C2"].comment = Comment("Tal fra årsopgørelsen", "Analytiker")
    wb.save(path)
    result = CliRunner().invoke(main, ["opgrader", str(path)])
    assert result.exit_code == 1
    assert result.stderr.startswith(
        f"Fejl: {path}: arbejdsbogen har kommentarer, som ville gå tabt"
    )
