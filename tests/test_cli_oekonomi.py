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
        "I teksten: 2,5 mio. kr. fordelt på årene 2025-2026",  # as {beløb} prints it
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
    lines = result.stderr.splitlines()
    assert lines[0] == f"{path}, ark 'Økonomi', celle C2: 2012: 'ca. 590' er ikke et tal."
    assert lines[1].startswith(f"{path}, ark 'Økonomi', celle D3: ")
    assert "700" in lines[1] and "690" in lines[1]
    assert lines[2:] == ["2 problemer fundet."]


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
    # Issue 12: columns that are no years get no I alt column unless asked for.
    assert [c.strip() for c in table_rows(result.stdout)["Netto"]] == ["Netto", "1.200", "300"]
    assert result.stdout.splitlines()[-1] == "I teksten: {beløb:Netto|Service} giver 1,2 mio. kr."


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


# --- ny budget --form (issue 12) ----------------------------------------------------


@pytest.mark.parametrize(
    ("form", "sheets", "header"),
    [
        ("år", ["Økonomi", "Oplysninger", "Vejledning"], ["Post", 2025, 2026, 2027, 2028]),
        (
            "regnskab",
            ["Økonomi", "Oplysninger", "Kolonner", "Vejledning"],
            ["Post", "Opr. budget 2025", "Korr. budget 2025", "Regnskab 2025", "Afvigelse"],
        ),
        (
            "prognose",
            ["Økonomi", "Oplysninger", "Kolonner", "Vejledning"],
            ["Type", "Post", "Korrigeret budget", "Forbrug", "Forventet regnskab"],
        ),
        (
            "områder",
            ["Økonomi", "Oplysninger", "Vejledning"],
            ["Type", "Post", "Service", "Anlæg", None],
        ),
        (
            "tilskud",
            ["Økonomi", "Oplysninger", "Vejledning"],
            ["Type", "Post", "Bevilget 2024", "Indstillet 2025", None],
        ),
    ],
)
def test_ny_budget_form(runner, tmp_path, form, sheets, header):
    path = tmp_path / "budget.xlsx"
    result = runner.invoke(main, ["ny", "budget", str(path), "--form", form, "--aar", "2025"])
    assert result.exit_code == 0, result.output
    workbook = load_workbook(path)
    try:
        assert workbook.sheetnames == sheets
        assert [c.value for c in workbook["Økonomi"][1]][: len(header)] == header
    finally:
        workbook.close()


@pytest.mark.parametrize(
    ("typed", "form"),
    [("aar", "år"), ("omraader", "områder"), ("OMRÅDER", "områder"), ("Tilskud", "tilskud")],
)
def test_ny_budget_form_accepts_other_spellings(runner, tmp_path, typed, form):
    from dagsorden.kilder.workbook_writer import blank_budget

    path = tmp_path / "budget.xlsx"
    result = runner.invoke(main, ["ny", "budget", str(path), "--form", typed, "--aar", "2025"])
    assert result.exit_code == 0, result.output
    workbook = load_workbook(path)
    try:
        header = [c.value for c in workbook["Økonomi"][1] if c.value not in (None, "Type", "Post")]
    finally:
        workbook.close()
    assert [str(h) for h in header] == list(blank_budget(form, 2025).navne)


def test_ny_budget_unknown_form(runner, tmp_path):
    result = runner.invoke(main, ["ny", "budget", str(tmp_path / "b.xlsx"), "--form", "kvartal"])
    assert result.exit_code == 2
    assert "Ugyldig værdi for '--form': 'kvartal' er ikke en af" in result.stderr
    assert "områder" in result.stderr
    assert list(tmp_path.iterdir()) == []


def test_ny_budget_help_lists_the_forms(runner):
    text = runner.invoke(main, ["ny", "budget", "--help"]).stdout
    for form in ("år", "regnskab", "prognose", "områder", "tilskud", "aar", "omraader"):
        assert form in text


FORMER = Path(__file__).resolve().parents[1] / "cases" / "oekonomi-former"


def test_oekonomi_prints_every_kind_of_row(runner):
    result = runner.invoke(main, ["oekonomi", str(FORMER / "omraader.xlsx")])
    assert result.exit_code == 0, result.output
    lines = [line for line in result.stdout.splitlines() if line.startswith("│")]
    posts = [cells_of(line)[0] for line in lines]
    # Two spaces a level: committee, then Service or Anlæg, then the lines.
    assert [p.rstrip() for p in posts[:3]] == [
        "Socialudvalget",
        "  Service",
        "    Flere pladser på herberger",
    ]
    heading = cells_of(lines[0])
    assert all(not cell.strip() for cell in heading[1:])  # a heading has no figures
    rows = table_rows(result.stdout)
    assert [c.strip() for c in rows["I alt"]] == ["I alt", "-1.400", "52.800", "51.400"]
    # The total comes after a rule.
    total = next(
        i for i, line in enumerate(result.stdout.splitlines()) if line.startswith("│ I alt ")
    )
    assert result.stdout.splitlines()[total - 1].startswith("├")


def test_oekonomi_wide_table_keeps_every_figure(runner):
    result = runner.invoke(main, ["oekonomi", str(FORMER / "prognose.xlsx")])
    assert result.exit_code == 0, result.output
    assert "…" not in result.stdout
    rows = table_rows(result.stdout)
    assert [c.strip() for c in rows["Socialudvalget"]][1:] == [
        "5.755,0",
        "5.866,5",
        "5.974,9",
        "3.981,7",
        "6.017,8",
        "-42,9",
        "-0,7%",
    ]
    assert rows["Heraf"][0].startswith("  Heraf")  # indented under its line
    assert result.stdout.splitlines()[-1] == (
        "I teksten: {beløb:Socialudvalget i alt|Forventet regnskab 2025} giver 6,0 mia. kr."
    )


def test_oekonomi_rounding_note_and_text_columns(runner):
    result = runner.invoke(main, ["oekonomi", str(FORMER / "tilskud.xlsx")])
    assert result.exit_code == 0, result.output
    rows = table_rows(result.stdout)
    assert [c.strip() for c in rows["Hovedtotal"]] == ["Hovedtotal", "", "20.151", "20.862"]
    assert rows["Gadeholdet"][1] == rows["Gadeholdet"][1].rstrip().ljust(len(rows["Gadeholdet"][1]))
    assert "Afvigelser i summer skyldes afrundinger." in result.stdout.splitlines()


@pytest.mark.parametrize("columns", [60, 80, 100, 120, 130, 200])
def test_a_wide_table_is_never_cropped_at_any_terminal_width(columns):
    """Seven figure columns: rich used to widen them to their unwrapped headers and
    crop the last one ("-1,9" without its "%") at 100-130 columns."""
    prognose = Path(__file__).parent.parent / "cases" / "oekonomi-former" / "prognose.xlsx"
    result = CliRunner(env={"COLUMNS": str(columns)}).invoke(main, ["oekonomi", str(prognose)])
    assert result.exit_code == 0, result.output
    assert "…" not in result.output
    rows = [line for line in result.output.splitlines() if line.startswith("│")]
    assert rows and all(line.rstrip().endswith("│") for line in rows)
    last_cells = [line.rstrip().rstrip("│").rsplit("│", 1)[-1].strip() for line in rows]
    assert [cell for cell in last_cells if cell] and all(
        cell.endswith("%") for cell in last_cells if cell
    )
