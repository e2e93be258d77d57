"""`dagsorden ny budget` and `dagsorden oekonomi` through click's CliRunner: output,
exit codes (0 fine, 1 a problem in the workbook, 2 a usage error), Danish help, and
the round trip a budget officer makes: new workbook, fill it, see the table."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from click.testing import CliRunner
from eksempeldata import BUDGET_FOREBYGGELSE
from openpyxl import load_workbook

from dagsorden.cli import main
from dagsorden.kerne.model import Budget, BudgetEnhed, Budgetlinje
from dagsorden.kilder.budget_workbook import read_budget
from dagsorden.kilder.workbook_writer import write_budget_workbook

EKSEMPEL = Path(__file__).resolve().parents[1] / "cases" / "forebyggelse" / "budget.xlsx"


class Runner(CliRunner):
    """CliRunner with the program named as the console script is."""

    def invoke(self, cli, args=None, **kwargs):
        kwargs.setdefault("prog_name", "dagsorden")
        return super().invoke(cli, args, **kwargs)


@pytest.fixture
def runner() -> CliRunner:
    return Runner()


def cells_of(line: str) -> list[str]:
    """The cells of one table row as rich draws it: "│ a │  b │" -> ["a", " b"]."""
    return [cell[1:-1] for cell in re.split("[│┃]", line.strip().strip("│┃"))]


def table_rows(output: str) -> dict[str, list[str]]:
    """Each body row of the printed table by its post, cells with their padding."""
    rows = {}
    for line in output.splitlines():
        if line.startswith("│"):
            cells = cells_of(line)
            rows[cells[0].strip()] = cells
    return rows


# --- ny budget ----------------------------------------------------------------------


def test_ny_budget_writes_the_blank_workbook(runner, tmp_path):
    path = tmp_path / "budget.xlsx"
    result = runner.invoke(main, ["ny", "budget", str(path), "--aar", "2011"])
    assert result.exit_code == 0, result.output
    assert result.stdout == (
        f"Skrev {path}. Udfyld de orange celler, og se tabellen med: dagsorden oekonomi {path}\n"
    )
    workbook = load_workbook(path)
    try:
        assert workbook.sheetnames == ["Økonomi", "Oplysninger", "Vejledning"]
        assert [c.value for c in workbook["Økonomi"][1]][:5] == ["Post", 2011, 2012, 2013, 2014]
    finally:
        workbook.close()


def test_ny_budget_starts_with_this_year(runner, tmp_path):
    path = tmp_path / "budget.xlsx"
    assert runner.invoke(main, ["ny", "budget", str(path)]).exit_code == 0
    workbook = load_workbook(path)
    try:
        assert workbook["Økonomi"]["B1"].value == dt.date.today().year
    finally:
        workbook.close()


def test_ny_budget_never_overwrites(runner, tmp_path):
    path = tmp_path / "budget.xlsx"
    path.write_bytes(b"budgetmedarbejderens arbejde")
    result = runner.invoke(main, ["ny", "budget", str(path)])
    assert result.exit_code == 1
    assert result.stderr == (
        f"Fejl: {path}: filen findes allerede. Vælg et andet navn, eller slet den.\n"
    )
    assert path.read_bytes() == b"budgetmedarbejderens arbejde"


def test_ny_budget_needs_xlsx(runner, tmp_path):
    result = runner.invoke(main, ["ny", "budget", str(tmp_path / "budget.xls")])
    assert result.exit_code == 2
    assert "filnavnet skal ende på .xlsx" in result.stderr
    assert list(tmp_path.iterdir()) == []


def test_ny_budget_year_out_of_range(runner, tmp_path):
    result = runner.invoke(main, ["ny", "budget", str(tmp_path / "b.xlsx"), "--aar", "11"])
    assert result.exit_code == 2
    assert "Ugyldig værdi for '--aar'" in result.stderr
    assert list(tmp_path.iterdir()) == []


# --- oekonomi -----------------------------------------------------------------------


def test_oekonomi_prints_seed_003_tabel_1(runner):
    result = runner.invoke(main, ["oekonomi", str(EKSEMPEL)])
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[:2] == [
        "Ændring af indtægts- og udgiftsbudget vedr. Forebyggelsesprojektet",
        "1.000 kr. (2011 p/l)",
    ]
    header = next(line for line in lines if line.startswith("┃"))
    assert [c.strip() for c in cells_of(header)] == ["1.000 kr.", "2011", "2012", "I alt"]
    rows = table_rows(result.stdout)
    assert list(rows) == ["Indtægtsbudget", "Udgiftsbudget"]
    assert [c.strip() for c in rows["Indtægtsbudget"]] == ["Indtægtsbudget", "-100", "-590", "-690"]
    assert [c.strip() for c in rows["Udgiftsbudget"]] == ["Udgiftsbudget", "100", "590", "690"]
    assert lines[-1] == "I teksten: 0,69 mio. kr. fordelt på årene 2011-2012"
    assert "Afvigelser" not in result.stdout
    assert result.stderr == ""


def test_oekonomi_right_aligns_figures(runner):
    rows = table_rows(runner.invoke(main, ["oekonomi", str(EKSEMPEL)]).stdout)
    for post, *figures in rows.values():
        assert post == post.strip().ljust(len(post))
        for figure in figures:
            assert figure == figure.strip().rjust(len(figure))
    assert rows["Udgiftsbudget"][1:] == [" 100", " 590", "  690"]


def test_oekonomi_mio_kr_rounding_note_heraf_and_i_alt_row(runner, tmp_path):
    budget = Budget(
        tabeltitel="Ændring af udgiftsbudget vedr. [pulje]",
        enhed=BudgetEnhed.MIO_KR,
        kolonner=("2025", "2026"),
        linjer=(
            Budgetlinje("Udgiftsbudget", (1.24, 1.24)),
            Budgetlinje("Heraf løn", (1.0, 1.0), heraf=True),
            Budgetlinje("Indtægtsbudget", (-0.5, None)),
        ),
        prisniveau=2025,
        i_alt_raekke=True,
    )
    path = write_budget_workbook(tmp_path / "b.xlsx", budget)
    result = runner.invoke(main, ["oekonomi", str(path)])
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[:2] == ["Ændring af udgiftsbudget vedr. [pulje]", "mio. kr. (2025 p/l)"]
    rows = table_rows(result.stdout)
    assert [c.strip() for c in rows["Udgiftsbudget"]] == ["Udgiftsbudget", "1,2", "1,2", "2,5"]
    assert rows["Heraf løn"][0].startswith("  Heraf løn")  # indented
    assert [c.strip() for c in rows["Indtægtsbudget"]][1:] == ["-0,5", "-", "-0,5"]
    assert [c.strip() for c in rows["I alt"]] == ["I alt", "0,7", "1,2", "2,0"]
    assert lines[-2:] == [
        "Afvigelser i summer skyldes afrundinger.",
        "I teksten: 2,48 mio. kr. fordelt på årene 2025-2026",
    ]


def test_oekonomi_reports_every_problem(runner, tmp_path):
    path = write_budget_workbook(tmp_path / "b.xlsx", BUDGET_FOREBYGGELSE)
    workbook = load_workbook(path)
    ws = workbook["Økonomi"]
    ws["C2"] = "ca. 590"
    ws["D1"] = "I alt"
    ws["D3"] = 700
    workbook.save(path)
    workbook.close()
    result = runner.invoke(main, ["oekonomi", str(path)])
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr == (
        f"{path}, ark 'Økonomi', celle C2: 2012: 'ca. 590' er ikke et tal.\n"
        f"{path}, ark 'Økonomi', celle D3: I alt for 'Udgiftsbudget' er skrevet som 700, "
        "men linjens tal giver 690.\n"
        "2 problemer fundet.\n"
    )


def test_oekonomi_missing_file(runner, tmp_path):
    path = tmp_path / "findes-ikke.xlsx"
    result = runner.invoke(main, ["oekonomi", str(path)])
    assert result.exit_code == 2
    assert result.stderr.endswith(f"Fejl: Ugyldig værdi for 'FIL': Stien '{path}' findes ikke.\n")


def test_oekonomi_categories_print_without_years(runner, tmp_path):
    budget = Budget(
        tabeltitel="Ændring af budget",
        enhed=BudgetEnhed.TUSIND_KR,
        kolonner=("Service", "Anlæg"),
        linjer=(Budgetlinje("Netto", (1_200.0, 300.0)),),
    )
    path = write_budget_workbook(tmp_path / "b.xlsx", budget)
    result = runner.invoke(main, ["oekonomi", str(path)])
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[1] == "1.000 kr."
    assert [c.strip() for c in table_rows(result.stdout)["Netto"]] == [
        "Netto",
        "1.200",
        "300",
        "1.500",
    ]
    assert result.stdout.splitlines()[-1] == "I teksten: 1,50 mio. kr."


# --- the officer's round trip -------------------------------------------------------


def test_ny_budget_fill_with_openpyxl_and_read(runner, tmp_path):
    path = tmp_path / "forebyggelse.xlsx"
    assert runner.invoke(main, ["ny", "budget", str(path), "--aar", "2011"]).exit_code == 0
    workbook = load_workbook(path)
    info = workbook["Oplysninger"]
    info["B1"] = "Ændring af indtægts- og udgiftsbudget vedr. Forebyggelsesprojektet"
    info["B4"] = "Tværgående opgaver og administration"
    info["B5"] = "6.45.51.1"
    ws = workbook["Økonomi"]
    ws["A2"], ws["B2"], ws["C2"] = "Indtægtsbudget", -100, "-590"
    ws["A3"], ws["B3"], ws["C3"] = "Udgiftsbudget", 100, 590
    workbook.save(path)
    workbook.close()

    assert read_budget(path) == BUDGET_FOREBYGGELSE
    result = runner.invoke(main, ["oekonomi", str(path)])
    assert result.exit_code == 0, result.output
    assert [c.strip() for c in table_rows(result.stdout)["Indtægtsbudget"]] == [
        "Indtægtsbudget",
        "-100",
        "-590",
        "-690",
    ]
    assert result.stdout.splitlines()[-1] == "I teksten: 0,69 mio. kr. fordelt på årene 2011-2012"


# --- help ---------------------------------------------------------------------------


@pytest.mark.parametrize("command", [["ny", "budget"], ["oekonomi"]])
def test_help_in_danish_with_an_example(runner, command):
    result = runner.invoke(main, [*command, "--help"])
    assert result.exit_code == 0
    assert result.stdout.startswith(f"Brug: dagsorden {' '.join(command)} [TILVALG] FIL")
    assert re.search(r"Eksempel:|Eksempler:", result.stdout)
    assert re.search(r"dagsorden (ny budget|oekonomi) \S+\.xlsx", result.stdout)


def test_commands_are_listed(runner):
    assert "oekonomi" in runner.invoke(main, ["--help"]).stdout
    assert "budget" in runner.invoke(main, ["ny", "--help"]).stdout


def test_oekonomi_writes_the_table_as_docx(tmp_path):
    from docx import Document

    target = tmp_path / "tabel.docx"
    result = CliRunner().invoke(main, ["oekonomi", str(EKSEMPEL), "-o", str(target)])
    assert result.exit_code == 0, result.output
    assert f"Skrev {target}" in result.output
    document = Document(target)
    assert document.paragraphs[0].text == (
        "Tabel 1. Ændring af indtægts- og udgiftsbudget vedr. Forebyggelsesprojektet (2011 p/l)"
    )
    assert [[c.text for c in row.cells] for row in document.tables[0].rows] == [
        ["1.000 kr.", "2011", "2012", "I alt"],
        ["Indtægtsbudget", "-100", "-590", "-690"],
        ["Udgiftsbudget", "100", "590", "690"],
    ]


def test_oekonomi_docx_needs_the_docx_suffix(tmp_path):
    result = CliRunner().invoke(
        main,
        ["oekonomi", str(EKSEMPEL), "-o", "tabel.pdf"],
    )
    assert result.exit_code == 2
    assert "filnavnet skal ende på .docx" in result.output
