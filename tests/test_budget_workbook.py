"""The standard budget workbook (issue 3, section 3): its layout as a public contract,
reading and validating it, and refusing amounts that don't add up.

Every bad input gives its Danish message with file, sheet and cell, all problems of a
workbook come together, and reading never writes the workbook. The workbooks are
seed 003's Tabel 1 (`BUDGET_FOREBYGGELSE`) spoilt cell by cell:

    sheet Økonomi:     A1 Post, B1 2011, C1 2012, D1:I1 empty header cells;
                       row 2 Indtægtsbudget -100 -590; row 3 Udgiftsbudget 100 590
    sheet Oplysninger: B1 Tabeltitel, B2 Enhed, B3 Prisniveau, B4 Bevillingsområde,
                       B5 Funktion, B6 I alt-række
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import pytest
from eksempeldata import BUDGET_FOREBYGGELSE
from openpyxl import Workbook, load_workbook

from dagsorden.errors import OutputError, WorkbookError
from dagsorden.kerne.danish import tal as tal_
from dagsorden.kerne.model import (
    Beregning,
    Budget,
    BudgetEnhed,
    Budgetlinje,
    Kolonne,
    Kolonneart,
    Negative,
    Nul,
    Raekketype,
)
from dagsorden.kerne.oekonomi import oekonomi_tabel, regn_ud
from dagsorden.kilder.budget_workbook import SUM_FIX, read_budget
from dagsorden.kilder.workbook_writer import build_budget_workbook, write_budget_workbook

ROOT = Path(__file__).resolve().parents[1]
EKSEMPEL = ROOT / "cases" / "forebyggelse" / "budget.xlsx"

# The contract as the README documents it, written out rather than imported.
SHEETS = ["Økonomi", "Oplysninger", "Vejledning"]
OLD_LABELS = ["Tabeltitel", "Enhed", "Prisniveau", "Bevillingsområde", "Funktion", "I alt-række"]
"""The labels every budget workbook has; a workbook from before issue 12 has only these."""
LABELS = [
    *OLD_LABELS,
    "I alt-kolonne",
    "Decimaler",
    "Negative tal",
    "Nul vises som",
    "Afrundingsnote",
]
FORMULA_WITHOUT_VALUE = (
    "Formlen har ingen beregnet værdi. Åbn filen i Excel, og gem den igen, så værdien bliver gemt."
)

Edit = Callable[[Workbook], None]


@pytest.fixture
def budget_factory(tmp_path: Path):
    """make(budget=BUDGET_FOREBYGGELSE, *, cells=None, edit=None, name=..., blank=False)."""

    def make(
        budget: Budget | None = BUDGET_FOREBYGGELSE,
        *,
        cells: dict[str, dict[str, object]] | None = None,
        edit: Edit | None = None,
        name: str = "budget.xlsx",
        blank: bool = False,
    ) -> Path:
        workbook = build_budget_workbook(None if blank else budget, foerste_aar=2011)
        try:
            for sheet, values in (cells or {}).items():
                for coordinate, value in values.items():
                    workbook[sheet][coordinate] = value
            if edit is not None:
                edit(workbook)
            path = tmp_path / name
            workbook.save(path)
        finally:
            workbook.close()
        return path

    return make


def problems_of(path: Path) -> list[str]:
    with pytest.raises(WorkbookError) as caught:
        read_budget(path)
    error = caught.value
    assert str(error) == "\n".join(str(p) for p in error.problems)
    return [str(p) for p in error.problems]


def with_heraf(post: str, *values: object, row: int = 4) -> Edit:
    """Inserts a line at `row` (default: under Udgiftsbudget)."""

    def edit(workbook: Workbook) -> None:
        ws = workbook["Økonomi"]
        ws.insert_rows(row)
        ws.cell(row, 1, post)
        for col, value in enumerate(values, start=2):
            ws.cell(row, col, value)

    return edit


# --- what reads fine ----------------------------------------------------------------


def test_standard_workbook_reads_as_written(budget_factory):
    path = budget_factory()
    budget = read_budget(path)
    assert budget == BUDGET_FOREBYGGELSE
    assert budget.kilde == str(path)
    assert [linje.raekke for linje in budget.linjer] == [2, 3]


def test_seed_003_tabel_1_from_the_workbook(budget_factory):
    tabel = oekonomi_tabel(read_budget(budget_factory()))
    assert tabel.overskrifter == ("1.000 kr.", "2011", "2012", "I alt")
    assert [r.celler for r in tabel.raekker] == [
        ("Indtægtsbudget", "-100", "-590", "-690"),
        ("Udgiftsbudget", "100", "590", "690"),
    ]
    assert tabel.enhed == "1.000 kr."
    assert tabel.prisniveau == "(2011 p/l)"


def test_committed_example_matches_eksempeldata():
    """cases/forebyggelse/budget.xlsx is written by scripts/make_examples.py."""
    budget = read_budget(EKSEMPEL)
    assert budget == BUDGET_FOREBYGGELSE
    assert budget.funktion == "6.45.51.1"


def test_danish_text_figures(budget_factory):
    path = budget_factory(
        cells={"Økonomi": {"B2": "-100", "C2": " −590 ", "B3": "1.234", "C3": "12.345,5"}}
    )
    indtaegt, udgift = read_budget(path).linjer
    assert indtaegt.beloeb == (-100, -590)
    assert udgift.beloeb == (1234, 12345.5)


@pytest.mark.parametrize("no_figure", [None, "-", " - ", "", "–"])
def test_dash_or_empty_is_no_figure(budget_factory, no_figure):
    path = budget_factory(cells={"Økonomi": {"B2": no_figure}})
    assert read_budget(path).linjer[0].beloeb == (None, -590)


def test_heraf_line_is_a_sub_line(budget_factory):
    path = budget_factory(edit=with_heraf("Heraf løn", 60, 400))
    budget = read_budget(path)
    assert [(linje.post, linje.heraf, linje.raekke) for linje in budget.linjer] == [
        ("Indtægtsbudget", False, 2),
        ("Udgiftsbudget", False, 3),
        ("Heraf løn", True, 4),
    ]


def test_heraf_lines_not_summed_in_the_table(budget_factory):
    path = budget_factory(
        edit=with_heraf("heraf løn", 60, 400), cells={"Oplysninger": {"B6": "ja"}}
    )
    tabel = oekonomi_tabel(read_budget(path))
    assert [(r.celler, r.heraf, r.is_total) for r in tabel.raekker] == [
        (("Indtægtsbudget", "-100", "-590", "-690"), False, False),
        (("Udgiftsbudget", "100", "590", "690"), False, False),
        (("heraf løn", "60", "400", "460"), True, False),
        (("I alt", "0", "0", "0"), False, True),
    ]


def test_heraf_of_income_compares_absolute_values(budget_factory):
    path = budget_factory(edit=with_heraf("Heraf statstilskud", -50, -590, row=3))
    assert read_budget(path).linjer[1].beloeb == (-50, -590)


def test_categories_instead_of_years(budget_factory):
    path = budget_factory(cells={"Økonomi": {"B1": "Service", "C1": "Anlæg"}})
    assert read_budget(path).navne == ("Service", "Anlæg")


def test_mio_kr_and_i_alt_raekke(budget_factory):
    path = budget_factory(
        cells={
            "Oplysninger": {"B2": "mio. kr.", "B6": "ja"},
            "Økonomi": {"B2": -0.1, "C2": -0.59, "B3": "0,1", "C3": "0,59"},
        }
    )
    budget = read_budget(path)
    assert (budget.enhed, budget.i_alt_raekke) == (BudgetEnhed.MIO_KR, True)
    assert budget.linjer[1].beloeb == (0.1, 0.59)


def test_optional_values_may_be_empty(budget_factory):
    path = budget_factory(cells={"Oplysninger": {"B3": None, "B4": None, "B5": None, "B6": None}})
    budget = read_budget(path)
    assert (budget.prisniveau, budget.bevillingsomraade, budget.funktion) == (None, "", "")
    assert budget.i_alt_raekke is False


def test_choices_match_loosely(budget_factory):
    path = budget_factory(cells={"Oplysninger": {"B2": " MIO. KR. ", "B6": "Ja"}})
    budget = read_budget(path)
    assert (budget.enhed, budget.i_alt_raekke) == (BudgetEnhed.MIO_KR, True)


@pytest.mark.parametrize(
    ("value", "number_format", "expected"),
    [
        ("6.45.51.1", "@", "6.45.51.1"),
        (6.45, "General", "6.45"),  # typed 6.45 in a cell not formatted as text
        (6.5, "0.00", "6.50"),  # the cell shows 6.50; the float alone says 6.5
        (6, "General", "6"),
    ],
)
def test_funktion_stays_text(budget_factory, value, number_format, expected):
    def put(workbook):
        cell = workbook["Oplysninger"]["B5"]
        cell.value = value
        cell.number_format = number_format

    assert read_budget(budget_factory(edit=put)).funktion == expected


def test_headers_and_sheet_names_ignore_case_and_spaces(budget_factory):
    def shout(workbook):
        ws = workbook["Økonomi"]
        ws["A1"] = "  POST "
        ws.title = " økonomi"
        workbook["Oplysninger"]["A6"] = "i alt-RÆKKE "
        workbook["Oplysninger"].title = "OPLYSNINGER "

    assert read_budget(budget_factory(edit=shout)) == BUDGET_FOREBYGGELSE


def test_labels_in_another_order_extra_rows_and_sheets(budget_factory):
    def shuffle(workbook):
        ws = workbook["Oplysninger"]
        for col in "AB":
            ws[f"{col}1"].value, ws[f"{col}6"].value = ws[f"{col}6"].value, ws[f"{col}1"].value
        ws["A9"] = "Kommentar"
        ws["B9"] = "ca. 100"
        workbook.create_sheet("Noter")["A1"] = "=1/0"
        workbook.remove(workbook["Vejledning"])

    assert read_budget(budget_factory(edit=shuffle)) == BUDGET_FOREBYGGELSE


def test_post_need_not_be_column_a(budget_factory):
    """A column left of Post is a text column of the table (issue 12; it was ignored)."""

    def shift(workbook):
        ws = workbook["Økonomi"]
        ws.insert_cols(1)
        ws["A1"] = "Konto"
        ws["A2"] = "ca. 12"

    budget = read_budget(budget_factory(edit=shift))
    assert budget.tekstkolonner == (Kolonne("Konto", Kolonneart.TEKST, foran_post=True),)
    assert [linje.tekster for linje in budget.linjer] == [("ca. 12",), ("",)]
    assert (
        replace(
            budget,
            tekstkolonner=(),
            linjer=tuple(replace(linje, tekster=()) for linje in budget.linjer),
        )
        == BUDGET_FOREBYGGELSE
    )


def test_empty_rows_between_lines_are_skipped(budget_factory):
    def gap(workbook):
        workbook["Økonomi"].insert_rows(3, amount=2)

    budget = read_budget(budget_factory(edit=gap))
    assert budget == BUDGET_FOREBYGGELSE
    assert [linje.raekke for linje in budget.linjer] == [2, 5]


def test_unused_year_columns_are_left_out(budget_factory):
    """The blank workbook has four years; a change over two shows two."""
    path = budget_factory(
        blank=True,
        cells={
            "Oplysninger": {"B1": "Ændring af udgiftsbudget"},
            "Økonomi": {"A2": "Udgiftsbudget", "B2": 100, "C2": 590},
        },
    )
    budget = read_budget(path)
    assert budget.navne == ("2011", "2012")
    assert budget.linjer == (Budgetlinje("Udgiftsbudget", (100, 590)),)


def test_a_dash_keeps_its_column(budget_factory):
    path = budget_factory(
        blank=True,
        cells={
            "Oplysninger": {"B1": "Ændring af udgiftsbudget"},
            "Økonomi": {"A2": "Udgiftsbudget", "B2": 100, "C2": "-", "E2": 5},
        },
    )
    budget = read_budget(path)
    assert budget.navne == ("2011", "2012", "2014")
    assert budget.linjer[0].beloeb == (100, None, 5)


# --- typed totals are checked, never read --------------------------------------------


def test_typed_i_alt_column_that_adds_up(budget_factory):
    path = budget_factory(cells={"Økonomi": {"D1": "I alt", "D2": -690, "D3": "690"}})
    budget = read_budget(path)
    indtaegt, udgift = BUDGET_FOREBYGGELSE.linjer
    assert budget == replace(
        BUDGET_FOREBYGGELSE,
        linjer=(replace(indtaegt, i_alt=-690), replace(udgift, i_alt=690)),
        i_alt_kolonne=True,
    )
    assert budget.navne == ("2011", "2012")


def test_typed_i_alt_column_that_does_not_add_up(budget_factory):
    path = budget_factory(cells={"Økonomi": {"D1": "I alt", "D2": -690, "D3": 700}})
    assert problems_of(path) == [
        f"{path}, ark 'Økonomi', celle D3: 'Udgiftsbudget' i kolonnen 'I alt' er skrevet som "
        "700, men kolonnerne giver 690; afrunding kan højst forklare 1. Ret tallet, eller lad "
        "cellen stå tom, så regnes det ud."
    ]


def test_typed_i_alt_row_that_adds_up(budget_factory):
    path = budget_factory(
        cells={"Økonomi": {"A4": "I alt", "B4": 0, "C4": "0", "D1": "I alt", "D4": "-"}}
    )
    total = Budgetlinje("I alt", (0, 0), type=Raekketype.TOTAL)
    assert read_budget(path) == replace(
        BUDGET_FOREBYGGELSE,
        linjer=(*BUDGET_FOREBYGGELSE.linjer, total),
        i_alt_kolonne=True,
    )


def problem_at(path: Path, cell: str, *parts: str) -> None:
    """The workbook's one problem is on `cell` and says each of `parts`. The wording
    of what doesn't add up is kerne.oekonomi's (tested there); here: where it lands."""
    [problem] = problems_of(path)
    assert problem.startswith(f"{path}, ark 'Økonomi', celle {cell}: "), problem
    for part in parts:
        assert part in problem, (part, problem)


def test_typed_i_alt_row_that_does_not_add_up(budget_factory):
    path = budget_factory(
        cells={"Økonomi": {"A4": "I alt", "B4": 0, "C4": 1180, "D1": "I alt", "D4": 1.5}}
    )
    problem_at(path, "C4", "'I alt' i kolonnen '2012' er skrevet som 1.180", "giver 0")


def test_typed_i_alt_row_must_leave_out_heraf_lines(budget_factory):
    def edit(workbook):
        with_heraf("Heraf løn", 60, 400)(workbook)
        ws = workbook["Økonomi"]
        ws["A5"], ws["B5"], ws["C5"] = "I alt", 60, 400  # Heraf added in: wrong

    path = budget_factory(edit=edit)
    assert [p.split(": ", 1)[0] for p in problems_of(path)] == [
        f"{path}, ark 'Økonomi', celle B5",
        f"{path}, ark 'Økonomi', celle C5",
    ]


def test_typed_total_of_a_heraf_line(budget_factory):
    def edit(workbook):
        with_heraf("Heraf løn", 60, 400)(workbook)
        workbook["Økonomi"]["D1"] = "I alt"
        workbook["Økonomi"]["D4"] = 450

    path = budget_factory(edit=edit)
    problem_at(path, "D4", "'Heraf løn' i kolonnen 'I alt' er skrevet som 450", "giver 460")


def test_typed_total_in_mio_kr_within_rounding(budget_factory):
    """1,24 + 1,24 = 2,48: typed as 2,5 or 2,4 it is within the rounding of three
    figures (issue 12: typed official figures are printed as typed); 2,7 is not."""
    cells = {
        "Oplysninger": {"B2": "mio. kr."},
        "Økonomi": {"B3": 1.24, "C3": 1.24, "D1": "I alt", "D3": 2.5, "B2": None, "C2": None},
    }
    assert read_budget(budget_factory(cells=cells)).linjer[1].i_alt == 2.5
    cells["Økonomi"]["D3"] = "2,4"
    assert read_budget(budget_factory(cells=cells, name="ok.xlsx")).linjer[1].i_alt == 2.4
    cells["Økonomi"]["D3"] = "2,7"
    path = budget_factory(cells=cells, name="forkert.xlsx")
    problem_at(path, "D3", "'Udgiftsbudget' i kolonnen 'I alt' er skrevet som 2,7", "2,5")


def test_two_i_alt_rows(budget_factory):
    path = budget_factory(cells={"Økonomi": {"A4": "I alt", "A5": "i alt"}})
    problem_at(path, "A5", "to totaler")


def test_sub_totals_need_a_type(budget_factory):
    """Before issue 12 sub-totals were refused outright; now they need Type sum."""
    path = budget_factory(cells={"Økonomi": {"A4": "I alt, Service", "B4": 0, "C4": 0}})
    problem_at(
        path,
        "A4",
        "'I alt, Service' ligner en sumrække (navnet tyder på det).",
        f"{SUM_FIX}. Arket har ingen kolonne Type endnu: skriv Type i række 1 i en tom "
        "kolonne til højre for Post (fx D1)",
    )


# --- Heraf lines --------------------------------------------------------------------


def test_heraf_line_first(budget_factory):
    path = budget_factory(edit=with_heraf("Heraf løn", 10, 20, row=2))
    problem_at(path, "A2", "Heraf-linjen 'Heraf løn' står øverst i tabellen")


def test_heraf_line_larger_than_its_line(budget_factory):
    path = budget_factory(edit=with_heraf("Heraf løn", 60, 600))
    problem_at(path, "C4", "'Heraf løn' i kolonnen '2012' er 600", "'Udgiftsbudget' er kun 590")


def test_heraf_of_income_larger_than_its_line(budget_factory):
    path = budget_factory(edit=with_heraf("Heraf statstilskud", -101, -50, row=3))
    problem_at(path, "B3", "'Heraf statstilskud' i kolonnen '2011' er -101", "kun -100")


def test_heraf_line_under_a_line_without_figure(budget_factory):
    def edit(workbook):
        with_heraf("Heraf løn", 10, None)(workbook)
        workbook["Økonomi"]["B3"] = "-"

    path = budget_factory(edit=edit)
    problem_at(path, "B4", "'Heraf løn' i kolonnen '2011' er 10", "'Udgiftsbudget'")


def test_heraf_compares_with_the_nearest_line_above_that_is_no_heraf(budget_factory):
    def edit(workbook):
        with_heraf("Heraf løn", 60, 400)(workbook)
        with_heraf("Heraf husleje", 40, 590, row=5)(workbook)

    budget = read_budget(budget_factory(edit=edit))
    assert [linje.heraf for linje in budget.linjer] == [False, False, True, True]


# --- bad cells ----------------------------------------------------------------------


def test_text_that_is_no_number(budget_factory):
    path = budget_factory(cells={"Økonomi": {"C2": "ca. 590"}})
    assert problems_of(path) == [
        f"{path}, ark 'Økonomi', celle C2: 2012: 'ca. 590' er ikke et tal."
    ]


def test_english_decimal_point_suggests_the_danish_comma(budget_factory):
    path = budget_factory(cells={"Økonomi": {"B3": "1.5"}})
    assert problems_of(path) == [
        f"{path}, ark 'Økonomi', celle B3: 2011: '1.5' er ikke et tal. Mente du '1,5'?"
    ]


def test_percent_is_no_amount(budget_factory):
    path = budget_factory(cells={"Økonomi": {"B3": "5%"}})
    assert problems_of(path) == [
        f"{path}, ark 'Økonomi', celle B3: 2011: '5%' er en procent, ikke et beløb."
    ]


def test_date_is_no_amount(budget_factory):
    path = budget_factory(cells={"Økonomi": {"C3": dt.date(2012, 1, 1)}})
    [problem] = problems_of(path)
    assert problem.startswith(f"{path}, ark 'Økonomi', celle C3: 2012: '2012-01-01")
    assert problem.endswith("er ikke et tal (cellen er en dato eller sand/falsk).")


def test_excel_error_value(budget_factory):
    def put_error(workbook):
        ws = workbook["Økonomi"]
        ws["C3"] = "#DIV/0!"
        ws["C3"].data_type = "e"

    path = budget_factory(edit=put_error)
    assert problems_of(path) == [
        f"{path}, ark 'Økonomi', celle C3: 2012: Cellen viser fejlen #DIV/0!. "
        "Ret formlen eller skriv tallet."
    ]


@pytest.mark.parametrize(
    ("sheet", "cell", "label"),
    [("Økonomi", "C3", "2012"), ("Oplysninger", "B3", "Prisniveau"), ("Økonomi", "A3", "Post")],
)
def test_formula_without_cached_value(budget_factory, sheet, cell, label):
    path = budget_factory(cells={sheet: {cell: "=1+1"}})
    assert problems_of(path) == [
        f"{path}, ark '{sheet}', celle {cell}: {label}: {FORMULA_WITHOUT_VALUE}"
    ]


def test_empty_post_with_figures(budget_factory):
    path = budget_factory(cells={"Økonomi": {"A3": None}})
    assert problems_of(path) == [
        f"{path}, ark 'Økonomi', celle A3: Rækken har tal, men ingen post. Skriv postens "
        "navn, fx Udgiftsbudget."
    ]


def test_empty_post_with_a_formula(budget_factory):
    path = budget_factory(cells={"Økonomi": {"B5": "=B3*2"}})
    assert problems_of(path) == [
        f"{path}, ark 'Økonomi', celle A5: Rækken har tal, men ingen post. Skriv postens "
        "navn, fx Udgiftsbudget."
    ]


def test_empty_post_with_only_a_typed_total(budget_factory):
    path = budget_factory(cells={"Økonomi": {"D1": "I alt", "D5": 690}})
    assert problems_of(path) == [
        f"{path}, ark 'Økonomi', celle A5: Rækken har tal, men ingen post. Skriv postens "
        "navn, fx Udgiftsbudget."
    ]


# --- structure: sheets, labels, columns ---------------------------------------------


def test_missing_sheet_names_expected_and_found(budget_factory):
    path = budget_factory(edit=lambda wb: wb.remove(wb["Oplysninger"]))
    assert problems_of(path) == [
        f"{path}: Arket 'Oplysninger' mangler. Arbejdsbogen har arkene 'Økonomi', 'Vejledning'."
    ]


def test_missing_oekonomi_sheet(budget_factory):
    def rename(workbook):
        workbook["Økonomi"].title = "Oekonomi"

    path = budget_factory(edit=rename)
    assert problems_of(path) == [
        f"{path}: Arket 'Økonomi' mangler. "
        "Arbejdsbogen har arkene 'Oekonomi', 'Oplysninger', 'Vejledning'."
    ]


def test_missing_label_names_expected_and_found(budget_factory):
    path = budget_factory(cells={"Oplysninger": {"A5": "Funktionskode"}})
    assert problems_of(path) == [
        f"{path}, ark 'Oplysninger': Felterne 'Funktion' mangler i kolonne A. Forventet: "
        "'Tabeltitel', 'Enhed', 'Prisniveau', 'Bevillingsområde', 'Funktion', 'I alt-række'; "
        "fundet: 'Tabeltitel', 'Enhed', 'Prisniveau', 'Bevillingsområde', 'Funktionskode', "
        "'I alt-række', 'I alt-kolonne', 'Decimaler', 'Negative tal', 'Nul vises som', "
        "'Afrundingsnote'."
    ]


def test_missing_post_column_names_expected_and_found(budget_factory):
    path = budget_factory(cells={"Økonomi": {"A1": "Poster"}})
    assert problems_of(path) == [
        f"{path}, ark 'Økonomi': Kolonnen 'Post' mangler i række 1. Forventet: 'Post' og "
        "derefter én kolonne pr. år eller kategori (fx 2011, 2012); fundet: 'Poster', "
        "'2011', '2012'."
    ]


def test_no_year_columns(budget_factory):
    path = budget_factory(edit=lambda wb: wb["Økonomi"].delete_cols(2, 8))
    assert problems_of(path) == [
        f"{path}, ark 'Økonomi': Række 1 har ingen kolonner med år eller kategorier efter "
        "'Post'. Skriv fx 2011 og 2012 i cellerne til højre for Post."
    ]


def test_figures_under_an_empty_header(budget_factory):
    path = budget_factory(cells={"Økonomi": {"C1": None}})
    assert problems_of(path) == [
        f"{path}, ark 'Økonomi', celle C1: Kolonnen har tal, men ingen overskrift. Skriv "
        "året eller kategorien i række 1."
    ]


def test_same_column_twice(budget_factory):
    path = budget_factory(cells={"Økonomi": {"C1": 2011}})
    assert problems_of(path) == [
        f"{path}, ark 'Økonomi', celle C1: Kolonnen '2011' findes allerede i celle B1."
    ]


def test_blank_workbook_needs_a_title_and_lines(budget_factory):
    path = budget_factory(blank=True)
    assert problems_of(path) == [
        f"{path}, ark 'Oplysninger', celle B1: Tabeltitel skal udfyldes.",
        f"{path}, ark 'Økonomi': Arket har ingen budgetlinjer. Skriv en linje pr. række "
        "under overskriften, fx Udgiftsbudget med et beløb pr. år.",
    ]


def test_an_i_alt_row_alone_is_no_table(budget_factory):
    def only_total(workbook):
        ws = workbook["Økonomi"]
        ws.delete_rows(2, 2)
        ws["A2"], ws["B2"], ws["C2"] = "I alt", 0, 0

    path = budget_factory(edit=only_total)
    assert problems_of(path) == [
        f"{path}, ark 'Økonomi': Arket har ingen budgetlinjer. Skriv en linje pr. række "
        "under overskriften, fx Udgiftsbudget med et beløb pr. år."
    ]


# --- Oplysninger values -------------------------------------------------------------


@pytest.mark.parametrize(
    ("cell", "value", "message"),
    [
        (
            "B2",
            "kroner",
            "Enhed: 'kroner' er ikke et gyldigt valg. Skriv 'kr.', '1.000 kr.', 'mio. kr.', "
            "'mia. kr.' (t. kr. er det samme som 1.000 kr.).",
        ),
        ("B2", None, "Enhed skal udfyldes."),
        (
            "B6",
            "måske",
            "I alt-række: 'måske' er ikke et gyldigt valg. Skriv 'ja', 'nej' eller tom.",
        ),
        ("B1", None, "Tabeltitel skal udfyldes."),
        (
            "B1",
            "Tabel 1. Ændring af udgiftsbudget",
            "Skriv titlen uden 'Tabel N.' foran: dokumentet nummererer selv sine tabeller.",
        ),
        ("B3", "2011,5", "Prisniveau: '2011,5' er ikke et helt tal."),
        (
            "B3",
            11,
            "Prisniveau: 11 er ikke et årstal. Skriv året for pris- og lønniveauet, fx 2011.",
        ),
    ],
)
def test_bad_oplysninger(budget_factory, cell, value, message):
    path = budget_factory(cells={"Oplysninger": {cell: value}})
    assert problems_of(path) == [f"{path}, ark 'Oplysninger', celle {cell}: {message}"]


def test_funktion_turned_into_a_date(budget_factory):
    path = budget_factory(cells={"Oplysninger": {"B5": dt.datetime(1945, 4, 6)}})
    assert problems_of(path) == [
        f"{path}, ark 'Oplysninger', celle B5: Funktion: Excel har gjort '1945-04-06' "
        "til en dato. Formatér cellen som tekst, og skriv funktionen igen, fx 6.45.51.1."
    ]


# --- every problem at once ----------------------------------------------------------


def test_all_problems_of_a_workbook_together(budget_factory):
    def edit(workbook):
        with_heraf("Heraf løn", 60, 600)(workbook)
        ws = workbook["Økonomi"]
        ws["B2"] = "ca. 100"
        ws["D1"] = "I alt"
        ws["D3"] = 700
        ws["A5"] = None
        ws["B5"] = 5
        info = workbook["Oplysninger"]
        info["B2"] = "kroner"
        info["B6"] = "måske"

    path = budget_factory(edit=edit)
    with pytest.raises(WorkbookError) as caught:
        read_budget(path)
    # Row 5 has no Post, so the arithmetic waits until the rows are understood: a
    # typed sum would otherwise be judged without that row's figures.
    assert [(p.file, p.sheet, p.cell) for p in caught.value.problems] == [
        (str(path), "Oplysninger", "B2"),
        (str(path), "Oplysninger", "B6"),
        (str(path), "Økonomi", "B2"),
        (str(path), "Økonomi", "A5"),
    ]
    workbook = load_workbook(path)
    workbook["Økonomi"]["A5"] = "Udgifter til drift"
    workbook.save(path)
    workbook.close()
    with pytest.raises(WorkbookError) as caught:
        read_budget(path)
    # An unreadable figure (B2) leaves its column unjudged; the rest is judged.
    assert [(p.sheet, p.cell) for p in caught.value.problems] == [
        ("Oplysninger", "B2"),
        ("Oplysninger", "B6"),
        ("Økonomi", "B2"),
        ("Økonomi", "D3"),
        ("Økonomi", "C4"),
    ]


def test_not_an_xlsx(tmp_path):
    path = tmp_path / "budget.xls"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504))
    assert problems_of(path) == [
        f"{path}: Filen er ikke en .xlsx-arbejdsbog. Gem den som Excel-arbejdsbog (.xlsx)."
    ]


# --- reading never writes -----------------------------------------------------------


def _fingerprint(path: Path) -> tuple[bytes, int]:
    return path.read_bytes(), path.stat().st_mtime_ns


def _age(path: Path) -> None:
    stat = path.stat()
    os.utime(path, ns=(stat.st_atime_ns - 86_400 * 10**9, stat.st_mtime_ns - 86_400 * 10**9))


@pytest.mark.parametrize(
    "cells",
    [
        {},
        {"Økonomi": {"C2": "ca. 590"}},
        {"Økonomi": {"C2": "=-590"}},
        {"Økonomi": {"D1": "I alt", "D3": 700}},
    ],
    ids=["valid", "invalid", "formula", "typed-total"],
)
def test_reading_never_writes_the_workbook(budget_factory, tmp_path, cells):
    path = budget_factory(cells=cells)
    _age(path)
    before = _fingerprint(path)
    folder_before = sorted(p.name for p in tmp_path.iterdir())
    try:
        read_budget(path)
    except WorkbookError:
        assert cells, "the valid workbook must read without problems"
    else:
        assert cells == {}, "the spoilt workbooks must give problems"
    assert _fingerprint(path) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == folder_before


# --- the blank workbook's layout ----------------------------------------------------


@pytest.fixture
def blank(tmp_path):
    path = write_budget_workbook(tmp_path / "budget.xlsx", foerste_aar=2026)
    workbook = load_workbook(path)
    yield workbook
    workbook.close()


def test_blank_sheets_headers_and_labels(blank):
    assert blank.sheetnames == SHEETS
    ws = blank["Økonomi"]
    assert [c.value for c in ws[1]][:5] == ["Post", 2026, 2027, 2028, 2029]
    assert all(c.value is None for c in ws[1][5:])
    info = blank["Oplysninger"]
    assert [info.cell(row, 1).value for row in range(1, len(LABELS) + 2)] == [*LABELS, None]


def test_blank_defaults(blank):
    info = blank["Oplysninger"]
    assert {info.cell(r, 1).value: info.cell(r, 2).value for r in range(1, 7)} == {
        "Tabeltitel": None,
        "Enhed": "1.000 kr.",
        "Prisniveau": 2026,
        "Bevillingsområde": None,
        "Funktion": None,
        "I alt-række": "nej",
    }
    data = [c.value for row in blank["Økonomi"].iter_rows(min_row=2) for c in row if c.value]
    assert data == []


def test_blank_years_default_to_this_year(tmp_path):
    workbook = build_budget_workbook()
    this_year = dt.date.today().year
    assert [c.value for c in workbook["Økonomi"][1]][1:5] == [this_year + i for i in range(4)]


def test_input_cells_unlocked_and_styled_as_input(blank):
    ws = blank["Økonomi"]
    cells = [ws.cell(r, c) for r in range(2, 31) for c in range(1, 10)]
    cells += [ws.cell(1, c) for c in range(2, 10)]  # years and categories are the officer's
    info = blank["Oplysninger"]
    cells += [info.cell(r, 2) for r in range(1, 7)]
    wrong = [c.coordinate for c in cells if c.protection.locked or c.style != "Input"]
    assert wrong == []


def test_post_header_and_labels_locked_and_sheets_protected(blank):
    post = blank["Økonomi"]["A1"]
    assert post.protection.locked and post.style != "Input"
    info = blank["Oplysninger"]
    assert all(info.cell(r, 1).protection.locked for r in range(1, 7))
    for sheet in ("Økonomi", "Oplysninger"):
        assert blank[sheet].protection.sheet is True
        assert not blank[sheet].protection.password


@pytest.mark.parametrize(
    ("label", "choices"),
    [("Enhed", ["kr.", "1.000 kr.", "mio. kr.", "mia. kr."]), ("I alt-række", ["ja", "nej"])],
)
def test_drop_downs(blank, label, choices):
    ws = blank["Oplysninger"]
    cell = f"B{LABELS.index(label) + 1}"
    [validation] = [dv for dv in ws.data_validations.dataValidation if cell in dv.sqref]
    assert validation.type == "list"
    assert validation.formula1.strip('"').split(",") == choices
    assert validation.showErrorMessage


def test_formats_widths_and_frozen_header(blank):
    ws = blank["Økonomi"]
    assert ws.freeze_panes == "B2"
    assert "#,##0" in ws["B2"].number_format
    assert ws["B1"].number_format == "0"  # 2026, never 2.026
    assert ws.column_dimensions["A"].width >= 40
    info = blank["Oplysninger"]
    assert info["B3"].number_format == "0"
    assert info["B5"].number_format == "@"  # 6.45.51.1 stays text, 6.45 too
    assert info.column_dimensions["B"].width >= 40


def test_vejledning_in_danish(blank):
    text = "\n".join(str(c.value) for row in blank["Vejledning"].iter_rows() for c in row)
    assert "Sådan udfylder du budget-arbejdsbogen" in text
    for word in ("Økonomi", "Oplysninger", "Heraf", "I alt", "-590", "dagsorden oekonomi"):
        assert word in text


def test_filled_workbook_indents_heraf_lines(tmp_path):
    heraf = replace(
        BUDGET_FOREBYGGELSE,
        linjer=(*BUDGET_FOREBYGGELSE.linjer, Budgetlinje("Heraf løn", (60, 400), heraf=True)),
    )
    path = write_budget_workbook(tmp_path / "b.xlsx", heraf)
    workbook = load_workbook(path)
    try:
        assert workbook["Økonomi"]["A4"].alignment.indent == 1
        assert workbook["Økonomi"]["A3"].alignment.indent == 0
    finally:
        workbook.close()
    assert read_budget(path) == heraf


@pytest.mark.parametrize(
    "budget",
    [
        BUDGET_FOREBYGGELSE,
        Budget(
            tabeltitel="Forventet regnskab 2025",
            enhed=BudgetEnhed.MIO_KR,
            kolonner=("Service", "Anlæg", "Finansposter"),
            linjer=(
                Budgetlinje("Udgifter", (12.5, 3.25, None)),
                Budgetlinje("Heraf løn", (8.1, None, None), heraf=True),
                Budgetlinje("Indtægter", (-1.0, None, -0.4)),
            ),
            i_alt_raekke=True,
        ),
    ],
    ids=["seed-003", "mio-kr-categories"],
)
def test_round_trip(tmp_path, budget):
    assert read_budget(write_budget_workbook(tmp_path / "b.xlsx", budget)) == budget


def test_never_overwrites(tmp_path):
    target = tmp_path / "budget.xlsx"
    target.write_bytes(b"budgetmedarbejderens arbejde")
    with pytest.raises(OutputError, match="filen findes allerede"):
        write_budget_workbook(target, BUDGET_FOREBYGGELSE)
    assert target.read_bytes() == b"budgetmedarbejderens arbejde"
    assert [p.name for p in tmp_path.iterdir()] == ["budget.xlsx"]


# --- LibreOffice --------------------------------------------------------------------


@pytest.fixture(scope="module")
def saved_by_libreoffice(libreoffice, tmp_path_factory) -> dict[str, Path]:
    """The blank workbook, the example and one with formulas, as LibreOffice saves them
    (a budget officer may fill the workbook in LibreOffice Calc), by name."""
    folder = tmp_path_factory.mktemp("budget")
    blank = write_budget_workbook(folder / "blank.xlsx", foerste_aar=2011)
    example = write_budget_workbook(folder / "eksempel.xlsx", BUDGET_FOREBYGGELSE)
    workbook = build_budget_workbook(BUDGET_FOREBYGGELSE)
    workbook["Økonomi"]["C2"] = "=-100-490"
    workbook["Økonomi"]["D1"] = "I alt"
    workbook["Økonomi"]["D3"] = "=B3+C3"
    workbook.save(folder / "formler.xlsx")
    workbook.close()
    files = [blank, example, folder / "formler.xlsx"]
    return {path.stem: path for path in libreoffice(files, "xlsx")}


@pytest.mark.libreoffice
def test_blank_budget_workbook_loads_in_libreoffice(libreoffice, tmp_path):
    blank = write_budget_workbook(tmp_path / "ny-budget.xlsx", foerste_aar=2011)
    [pdf] = libreoffice([blank], "pdf")
    data = pdf.read_bytes()
    assert data.startswith(b"%PDF-")
    assert len(data) > 1000


@pytest.mark.libreoffice
def test_workbooks_saved_by_libreoffice_read_the_same(saved_by_libreoffice):
    assert read_budget(saved_by_libreoffice["eksempel"]) == BUDGET_FOREBYGGELSE
    indtaegt, udgift = BUDGET_FOREBYGGELSE.linjer
    assert read_budget(saved_by_libreoffice["formler"]) == replace(
        BUDGET_FOREBYGGELSE,
        linjer=(indtaegt, replace(udgift, i_alt=690)),  # the typed =B3+C3, kept (issue 12)
        i_alt_kolonne=True,
    )
    blank = saved_by_libreoffice["blank"]
    assert problems_of(blank) == [
        f"{blank}, ark 'Oplysninger', celle B1: Tabeltitel skal udfyldes.",
        f"{blank}, ark 'Økonomi': Arket har ingen budgetlinjer. Skriv en linje pr. række "
        "under overskriften, fx Udgiftsbudget med et beløb pr. år.",
    ]


# --- issue 12: tables of every shape ------------------------------------------------
#
# These workbooks are written cell by cell here, not by the writer, so the contract
# is tested as a budget officer's own workbook would meet it.

Rows = list[list[object]]
PERSONALE = [
    ["Post", "Type", "Opr. budget", "Korrigeret budget", "Forventet regnskab"],
    ["Løn", None, 1000, 1100, 1050],
    ["Drift", None, 500, 450, 480],
]


@pytest.fixture
def sheet_factory(tmp_path: Path):
    """make(rows, *, info=None, kolonner=None, edit=None) -> path of a budget workbook
    whose sheet Økonomi holds `rows` from A1, Oplysninger the labels with `info` over
    the defaults (Tabeltitel, Enhed 1.000 kr.), and, when given, sheet Kolonner the
    header Kolonne | Art | Beregning and `kolonner` under it."""
    made = iter(range(1000))

    def make(
        rows: Rows,
        *,
        info: dict[str, object] | None = None,
        kolonner: Rows | None = None,
        edit: Edit | None = None,
    ) -> Path:
        workbook = Workbook()
        ws = workbook.active
        ws.title = "Økonomi"
        for row in rows:
            ws.append(list(row))
        values: dict[str, object] = {
            "Tabeltitel": "Budgetopfølgning",
            "Enhed": "1.000 kr.",
            **{felt: None for felt in OLD_LABELS[2:]},
            **(info or {}),
        }
        oplysninger = workbook.create_sheet("Oplysninger")
        for felt, value in values.items():
            oplysninger.append([felt, value])
        if kolonner is not None:
            sheet = workbook.create_sheet("Kolonner")
            sheet.append(["Kolonne", "Art", "Beregning"])
            for row in kolonner:
                sheet.append(list(row))
        if edit is not None:
            edit(workbook)
        path = tmp_path / f"budget-{next(made)}.xlsx"
        workbook.save(path)
        workbook.close()
        return path

    return make


def at(path: Path, cell: str, sheet: str = "Økonomi") -> str:
    return f"{path}, ark '{sheet}', celle {cell}: "


def types_of(budget: Budget) -> list[tuple[str, Raekketype]]:
    return [(linje.post, linje.type) for linje in budget.linjer]


GROUPED = [
    ["Post", "Type", "2025", "2026"],
    ["Kultur og Fritid", "overskrift"],
    ["Service", "Overskrift "],
    ["Biblioteker", None, 100, 110],
    ["Museer", None, 50, 55],
    ["Netto", "sum"],
    ["I alt, Kultur og Fritid", "SUM"],
    ["Børn og Unge", "overskrift"],
    ["Dagtilbud", None, 300, 310],
    ["• Heraf statsrefusion", None, -20, -20],
    ["Heraf løn", "heraf", 200, 200],
    ["Hovedtotal", "total"],
]


def test_type_column_reads_every_kind_of_row(sheet_factory):
    budget = read_budget(sheet_factory(GROUPED))
    assert types_of(budget) == [
        ("Kultur og Fritid", Raekketype.OVERSKRIFT),
        ("Service", Raekketype.OVERSKRIFT),
        ("Biblioteker", Raekketype.LINJE),
        ("Museer", Raekketype.LINJE),
        ("Netto", Raekketype.SUM),
        ("I alt, Kultur og Fritid", Raekketype.SUM),
        ("Børn og Unge", Raekketype.OVERSKRIFT),
        ("Dagtilbud", Raekketype.LINJE),
        ("• Heraf statsrefusion", Raekketype.HERAF),
        ("Heraf løn", Raekketype.HERAF),
        ("Hovedtotal", Raekketype.TOTAL),
    ]
    assert budget.navne == ("2025", "2026")
    assert [linje.beloeb for linje in budget.linjer][4:6] == [(None, None), (None, None)]
    assert budget.linjer[8].heraf
    assert [linje.raekke for linje in budget.linjer] == list(range(2, 13))


@pytest.mark.parametrize("typed", ["Sum ", "SUM", " s u m", "sum\u200b"])
def test_type_ignores_case_and_spaces(sheet_factory, typed):
    rows = [*PERSONALE, ["Netto", typed]]
    assert read_budget(sheet_factory(rows)).linjer[-1].type is Raekketype.SUM


@pytest.mark.parametrize("where", ["first", "last"])
def test_type_column_anywhere_in_row_1(sheet_factory, where):
    rows = [[r[0], *r[2:]] for r in PERSONALE] + [["I alt, personale", None, None, None]]
    types = ["Type", None, None, "sum"]
    rows = [([t, *r] if where == "first" else [*r, t]) for t, r in zip(types, rows, strict=True)]
    budget = read_budget(sheet_factory(rows))
    assert budget.tekstkolonner == ()
    assert budget.navne == ("Opr. budget", "Korrigeret budget", "Forventet regnskab")
    assert budget.linjer[-1].type is Raekketype.SUM


def test_unknown_type_lists_the_choices(sheet_factory):
    path = sheet_factory([*PERSONALE, ["Netto", "subtotal"]])
    [problem] = problems_of(path)
    assert problem.startswith(
        at(path, "B4") + "Type: 'subtotal' er ikke en gyldig type. Mente du sum? Skriv en af: "
        "linje (en almindelig linje (som tom)); overskrift ("
    )
    for choice in ("overskrift", "sum", "heraf", "total"):
        assert f"; {choice} (" in problem
    assert problem.endswith("eller lad cellen stå tom for en almindelig linje.")


def test_heraf_by_post_with_or_without_bullet(sheet_factory):
    rows = [
        ["Post", "2025"],
        ["Udgifter", 500],
        ["• Heraf statsrefusion", 100],
        ["- heraf løn", 300],
        ["Heraf: husleje", 50],
        ["Herafter overført", 40],
    ]
    budget = read_budget(sheet_factory(rows))
    assert [linje.heraf for linje in budget.linjer] == [False, True, True, True, False]


def test_i_alt_without_type_is_the_typed_total_row(sheet_factory):
    rows = [["Post", "2025", "2026"], ["Udgifter", 100, 200], ["Indtægter", -50, -50]]
    budget = read_budget(sheet_factory([*rows, [" i  alt ", 50, None]]))
    assert budget.linjer[-1] == Budgetlinje("i alt", (50, None), raekke=4, type=Raekketype.TOTAL)


@pytest.mark.parametrize(
    "post",
    [
        "Netto",
        "I alt, Kultur og Fritid",
        "Kultur og Fritid i alt",
        "Udgifter i alt til projektet",
        "Total",
        "Service total",
        "Hovedtotal",
        "Sum:",
        "SUBTOTAL",
        "Sub-total",
        "Samlet",
        "Ialt",
    ],
)
def test_a_sum_without_type_is_refused(sheet_factory, post):
    path = sheet_factory([*PERSONALE, [post, None, 1, 2, 3]])
    assert problems_of(path) == [
        at(path, "A4") + f"'{post}' ligner en sumrække (navnet tyder på det). En sumrække "
        "uden type ville blive lagt sammen med linjerne en gang til. Skriv sum (deltotal) "
        "eller total (hele tabellen) i kolonnen Type (celle B4). Er det en almindelig "
        "linje, så skriv linje."
    ]


def test_a_sum_without_a_type_column_says_how_to_add_one(sheet_factory):
    rows = [[r[0], *r[2:]] for r in PERSONALE] + [["Netto", None, None, None]]
    path = sheet_factory(rows)
    assert problems_of(path) == [
        at(path, "A4") + "'Netto' ligner en sumrække (navnet tyder på det). En sumrække uden "
        "type ville blive lagt sammen med linjerne en gang til. Skriv sum (deltotal) eller "
        "total (hele tabellen) i kolonnen Type. Arket har ingen kolonne Type endnu: skriv "
        "Type i række 1 i en tom kolonne til højre for Post (fx E1), og skriv sum eller "
        "total ud for rækken. Er det en almindelig linje, så skriv linje."
    ]


@pytest.mark.parametrize("post", ["Nettoudgift", "Totalrenovering", "Summer school", "Samarbejde"])
def test_words_that_only_begin_like_a_sum_are_lines(sheet_factory, post):
    budget = read_budget(sheet_factory([*PERSONALE, [post, None, 1, 2, 3]]))
    assert budget.linjer[-1].type is Raekketype.LINJE


def test_type_linje_says_it_is_no_sum(sheet_factory):
    rows = [*PERSONALE, ["Samlet pulje", "linje", 1, 2, 3], ["Sum", "Linje", 1500, 1550, 1530]]
    budget = read_budget(sheet_factory(rows))
    assert [linje.type for linje in budget.linjer] == [Raekketype.LINJE] * 4


def test_a_lone_netto_line_is_fine(sheet_factory):
    budget = read_budget(sheet_factory([["Post", "2025"], ["Netto", 100]]))
    assert types_of(budget) == [("Netto", Raekketype.LINJE)]


def test_sum_by_figures_still_refused_without_type(sheet_factory):
    rows = [*PERSONALE, ["Personale", None, 1500, 1550, 1530]]
    path = sheet_factory(rows)
    [problem] = problems_of(path)
    assert problem.startswith(
        at(path, "A4") + "'Personale' ligner en sumrække (beløbene, som er summen af "
        "linjerne over den, tyder på det)."
    )
    assert SUM_FIX in problem
    rows[-1][1] = "sum"
    assert read_budget(sheet_factory(rows)).linjer[-1].type is Raekketype.SUM


def test_sum_by_figures_counts_only_the_lines_since_the_last_sum(sheet_factory):
    rows = [
        ["Post", "Type", "2025", "2026"],
        ["A", None, 1, 2],
        ["B", None, 3, 4],
        ["Delsum", "sum"],
        ["C", None, 10, 20],
        ["D", None, 4, 6],  # 4 + 6 = A + B: no sum of the lines since Delsum
    ]
    assert len(read_budget(sheet_factory(rows)).linjer) == 5


def test_type_without_post(sheet_factory):
    path = sheet_factory([*PERSONALE, [None, "sum"]])
    assert problems_of(path) == [
        at(path, "A4") + "Rækken har en type eller en tekst, men ingen post. Skriv postens "
        "navn, fx Netto, eller slet rækkens indhold."
    ]


# --- columns ------------------------------------------------------------------------


def test_budget_kinds_percent_and_i_alt_columns(sheet_factory):
    rows = [
        ["Post", "Regnskab 2018", "Opr. budget", "Afvigelse i %", "Andel pct.", "I alt"],
        ["Udgifter", 100, 110, "5,2%", 3, 210],
    ]
    budget = read_budget(sheet_factory(rows))
    assert budget.kolonner == (
        Kolonne("Regnskab 2018"),
        Kolonne("Opr. budget"),
        Kolonne("Afvigelse i %", Kolonneart.PROCENT),
        Kolonne("Andel pct.", Kolonneart.PROCENT),
    )
    assert budget.linjer[0].beloeb == (100, 110, 5.2, 3)
    assert budget.linjer[0].i_alt == 210
    assert budget.i_alt_kolonne is True


def test_year_headers_as_numbers(sheet_factory):
    rows = [["Post", 2012.0, "2013,0", "2014"], ["Udgifter", 1, 2, 3]]
    assert read_budget(sheet_factory(rows)).navne == ("2012", "2013", "2014")


@pytest.mark.parametrize(
    ("value", "number_format", "expected"),
    [("5,2%", "General", 5.2), (0.052, "0.0%", 5.2), (5.2, "General", 5.2), (0, "General", 0)],
)
def test_percent_cells(sheet_factory, value, number_format, expected):
    def put(workbook):
        workbook["Økonomi"]["C2"].number_format = number_format

    rows = [["Post", "Budget", "Forbrug %"], ["Udgifter", 100, value]]
    budget = read_budget(sheet_factory(rows, edit=put))
    assert budget.linjer[0].beloeb[1] == pytest.approx(expected)


def test_percent_between_0_and_1_is_ambiguous(sheet_factory):
    path = sheet_factory([["Post", "Budget", "Forbrug %"], ["Udgifter", 100, "0,5"]])
    assert problems_of(path) == [
        at(path, "C2") + "Forbrug %: 0,5 står uden %-tegn og uden procentformat i en "
        "procentkolonne. Er det 50% eller 0,5%? Skriv '50%' (eller formatér cellen som "
        "procent), eller skriv '0,5%'."
    ]


def test_percent_in_an_amount_column_still_refused(sheet_factory):
    path = sheet_factory([["Post", "Budget"], ["Udgifter", "5%"]])
    assert problems_of(path) == [at(path, "B2") + "Budget: '5%' er en procent, ikke et beløb."]


def test_text_columns_left_and_right_of_post(sheet_factory):
    rows = [
        ["Område", "Post", "Bemærkning", "2025", "2026"],
        ["Kultur", "Biblioteker", "Ny aftale", 100, 110],
        [None, "Museer", None, 50, 55],
    ]
    budget = read_budget(sheet_factory(rows, kolonner=[["bemærkning", "Tekst", None]]))
    assert budget.tekstkolonner == (
        Kolonne("Område", Kolonneart.TEKST, foran_post=True),
        Kolonne("Bemærkning", Kolonneart.TEKST),
    )
    assert budget.navne == ("2025", "2026")
    assert [linje.tekster for linje in budget.linjer] == [("Kultur", "Ny aftale"), ("", "")]
    assert [linje.beloeb for linje in budget.linjer] == [(100, 110), (50, 55)]


def test_a_text_column_not_declared_gets_the_hint(sheet_factory):
    rows = [
        ["Post", "Bemærkning", "2025"],
        ["Biblioteker", "Ny aftale", 100],
        ["Museer", None, 50],
        ["Teater", "Lukket", 10],
    ]
    path = sheet_factory(rows)
    assert problems_of(path) == [
        at(path, "B1") + "Kolonnen 'Bemærkning' har kun tekst, ingen tal (fx 'Ny aftale' i "
        "B2). Er det en tekstkolonne, så skriv den på arket 'Kolonner' med Art tekst (række "
        "1: Kolonne | Art | Beregning; en række: Bemærkning | tekst |)."
    ]


def test_text_among_amounts_is_named_per_cell(sheet_factory):
    rows = [["Post", "Service"], ["Biblioteker", "ca. 100"], ["Museer", 50]]
    path = sheet_factory(rows)
    assert problems_of(path) == [at(path, "B2") + "Service: 'ca. 100' er ikke et tal."]


def test_text_left_of_post_without_header(sheet_factory):
    path = sheet_factory([[None, "Post", "2025"], ["Kultur", "Biblioteker", 100]])
    assert problems_of(path) == [
        at(path, "A1") + "Kolonnen har tekst, men ingen overskrift. Skriv kolonnens navn i "
        "række 1, fx Område."
    ]


# --- sheet Kolonner -----------------------------------------------------------------

OPFOELGNING = [
    ["Post", "Korrigeret budget", "Forventet regnskab", "Afvigelse", "Afvigelse i %"],
    ["Løn", 1000, 900, None, None],
    ["Drift", 500, 550, None, None],
]


def test_derived_columns(sheet_factory):
    kolonner = [
        ["Afvigelse", "beløb", "korrigeret  budget - Forventet regnskab"],
        ["Afvigelse i %", None, "Afvigelse / Korrigeret budget"],
    ]
    budget = read_budget(sheet_factory(OPFOELGNING, kolonner=kolonner))
    afvigelse, procent = budget.kolonner[2:]
    assert afvigelse == Kolonne(
        "Afvigelse",
        beregning=Beregning(
            "korrigeret budget - Forventet regnskab",
            (("+", "Korrigeret budget"), ("-", "Forventet regnskab")),
        ),
    )
    assert procent.art is Kolonneart.PROCENT
    assert procent.beregning == Beregning(
        "Afvigelse / Korrigeret budget", (("+", "Afvigelse"),), "Korrigeret budget"
    )
    assert budget.linjer[0].beloeb == (1000, 900, None, None)


@pytest.mark.parametrize(
    ("text", "led", "naevner"),
    [
        ("A + B - C", (("+", "A"), ("+", "B"), ("-", "C")), None),
        ("- A + B", (("-", "A"), ("+", "B")), None),
        ("A − B", (("+", "A"), ("-", "B")), None),  # a typographic minus
        ("(A - B) / C", (("+", "A"), ("-", "B")), "C"),
        ("A - B / C", (("+", "A"), ("-", "B")), "C"),
    ],
)
def test_beregning_forms(sheet_factory, text, led, naevner):
    rows = [["Post", "A", "B", "C", "D %"], ["X", 1, 2, 3, None]]
    budget = read_budget(sheet_factory(rows, kolonner=[["D %", None, text]]))
    assert (budget.kolonner[3].beregning.led, budget.kolonner[3].beregning.naevner) == (
        led,
        naevner,
    )


def test_kolonner_names_a_missing_column(sheet_factory):
    path = sheet_factory(OPFOELGNING, kolonner=[["Afvigelse ialt", None, None]])
    assert problems_of(path) == [
        at(path, "A2", "Kolonner") + "Kolonnen 'Afvigelse ialt' findes ikke i række 1 på arket "
        "'Økonomi'. Kolonnerne er: 'Korrigeret budget', 'Forventet regnskab', 'Afvigelse', "
        "'Afvigelse i %'. Skriv navnet, som det står der."
    ]


@pytest.mark.parametrize(
    ("beregning", "message"),
    [
        (
            "Afvigelse / 0",
            "'0' er ikke en kolonne med tal på arket 'Økonomi'. Kolonnerne med tal er: "
            "'Korrigeret budget', 'Forventet regnskab', 'Afvigelse', 'Afvigelse i %'.",
        ),
        (
            "Korrigeret budget-Forventet regnskab",
            "'Korrigeret budget-Forventet regnskab' er ikke en kolonne med tal på arket "
            "'Økonomi'. Skriv et mellemrum på hver side af + - og /, fx 'A - B'.",
        ),
        (
            "Afvigelse / Korrigeret budget / Forventet regnskab",
            "skriv højst ét / og som det sidste",
        ),
        ("Afvigelse / Korrigeret budget + Afvigelse", "skriv højst ét / og som det sidste"),
        ("Afvigelse * 100", "kun + - og / kan bruges"),
        ("Afvigelse i % - Afvigelse", "går i ring: Afvigelse i % → Afvigelse i %"),
    ],
)
def test_bad_beregning(sheet_factory, beregning, message):
    path = sheet_factory(OPFOELGNING, kolonner=[["Afvigelse i %", "procent", beregning]])
    [problem] = problems_of(path)
    assert problem.startswith(at(path, "C2", "Kolonner"))
    assert message in problem


def test_cycle_of_two_columns(sheet_factory):
    rows = [["Post", "A", "B", "C"], ["X", None, None, 3]]
    path = sheet_factory(rows, kolonner=[["A", None, "B - C"], ["B", None, "A + C"]])
    assert problems_of(path) == [
        at(path, "C2", "Kolonner") + "Beregning for 'A' går i ring: A → B → A. Mindst én af "
        "kolonnerne skal have skrevne tal, ikke en beregning."
    ]


def test_a_share_in_an_amount_column_is_refused(sheet_factory):
    path = sheet_factory(
        OPFOELGNING, kolonner=[["Afvigelse", None, "Afvigelse i % / Korrigeret budget"]]
    )
    [problem] = problems_of(path)
    assert problem.startswith(at(path, "C2", "Kolonner") + "Beregning for 'Afvigelse' deler")
    assert "Skriv procent som Art" in problem


def test_text_column_in_a_beregning(sheet_factory):
    rows = [["Post", "Note", "A", "B"], ["X", "ny", 1, None]]
    path = sheet_factory(rows, kolonner=[["Note", "tekst", None], ["B", None, "A + Note"]])
    assert problems_of(path) == [
        at(path, "C3", "Kolonner") + "Beregning for 'B': 'Note' er en tekstkolonne og kan "
        "ikke regnes med."
    ]


def test_left_column_must_be_text(sheet_factory):
    rows = [["Konto", "Post", "2025"], ["6.45", "Udgifter", 100]]
    path = sheet_factory(rows, kolonner=[["Konto", "beløb", None]])
    assert problems_of(path) == [
        at(path, "B2", "Kolonner") + "'Konto' står til venstre for Post og er derfor en "
        "tekstkolonne. Skriv tekst, eller flyt kolonnen til højre for Post."
    ]


def test_kolonner_headers_missing(sheet_factory):
    def rename(workbook):
        workbook["Kolonner"]["C1"] = "Formel"

    path = sheet_factory(OPFOELGNING, kolonner=[["Afvigelse", None, "A - B"]], edit=rename)
    assert problems_of(path) == [
        f"{path}, ark 'Kolonner': Overskrifterne 'Beregning' mangler i række 1. Forventet: "
        "'Kolonne', 'Art', 'Beregning'; fundet: 'Kolonne', 'Art', 'Formel'."
    ]


def test_unknown_art(sheet_factory):
    path = sheet_factory(OPFOELGNING, kolonner=[["Afvigelse", "kroner", None]])
    [problem] = problems_of(path)
    assert problem.startswith(
        at(path, "A2", "Kolonner") + "Art: 'kroner' er ikke en gyldig art. Skriv 'beløb', "
        "'procent', 'tekst'"
    )


def test_derived_and_described_columns_are_kept_when_empty(sheet_factory):
    rows = [
        ["Post", "2025", "2026", "2027", "Afvigelse"],
        ["Løn", 100, 90, None, None],
    ]
    budget = read_budget(sheet_factory(rows, kolonner=[["Afvigelse", None, "2025 - 2026"]]))
    assert budget.navne == ("2025", "2026", "Afvigelse")


# --- Oplysninger --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "enhed"),
    [
        ("t. kr.", BudgetEnhed.TUSIND_KR),
        ("T.KR.", BudgetEnhed.TUSIND_KR),
        ("1000 kr.", BudgetEnhed.TUSIND_KR),
        ("kr.", BudgetEnhed.KR),
        ("mia. kr.", BudgetEnhed.MIA_KR),
        ("mio kr", BudgetEnhed.MIO_KR),
    ],
)
def test_units(sheet_factory, typed, enhed):
    rows = [["Post", "2025"], ["Udgifter", 0.5]]
    assert read_budget(sheet_factory(rows, info={"Enhed": typed})).enhed is enhed


def test_unknown_unit(sheet_factory):
    path = sheet_factory(PERSONALE, info={"Enhed": "kroner"})
    assert problems_of(path) == [
        at(path, "B2", "Oplysninger") + "Enhed: 'kroner' er ikke et gyldigt valg. Skriv 'kr.', "
        "'1.000 kr.', 'mio. kr.', 'mia. kr.' (t. kr. er det samme som 1.000 kr.)."
    ]


def test_old_workbook_without_the_new_fields(sheet_factory):
    budget = read_budget(sheet_factory(PERSONALE))
    assert (budget.i_alt_kolonne, budget.decimaler, budget.negative, budget.nul) == (
        None,
        None,
        Negative.MINUS,
        Nul.DECIMALER,
    )
    assert budget.afrundingsnote == "Afvigelser i summer skyldes afrundinger."


def test_new_fields(sheet_factory):
    info = {
        "I alt-kolonne": "Nej",
        "Decimaler": 2,
        "Negative tal": "Parentes",
        "Nul vises som": "-",
        "Afrundingsnote": "Summerne  kan afvige på grund af afrunding.",
    }
    budget = read_budget(sheet_factory(PERSONALE, info=info))
    assert (budget.i_alt_kolonne, budget.decimaler, budget.negative, budget.nul) == (
        False,
        2,
        Negative.PARENTES,
        Nul.STREG,
    )
    assert budget.afrundingsnote == "Summerne kan afvige på grund af afrunding."


@pytest.mark.parametrize(
    ("value", "number_format", "nul"),
    [
        ("0", "General", Nul.NUL),
        (0, "General", Nul.NUL),
        (0, "0.0", Nul.DECIMALER),
        ("0,0", "@", Nul.DECIMALER),
        ("–", "@", Nul.STREG),
        (None, "General", Nul.DECIMALER),
    ],
)
def test_nul_vises_som(sheet_factory, value, number_format, nul):
    def put(workbook):
        workbook["Oplysninger"]["B10"].number_format = number_format

    path = sheet_factory(
        PERSONALE,
        info={
            "I alt-kolonne": None,
            "Decimaler": None,
            "Negative tal": None,
            "Nul vises som": value,
        },
        edit=put,
    )
    assert read_budget(path).nul is nul


@pytest.mark.parametrize(
    ("felt", "value", "message"),
    [
        ("Decimaler", 5, "Decimaler: 5 decimaler kan ikke bruges. Skriv 0, 1, 2 eller 3"),
        ("Decimaler", "1,5", "Decimaler: '1,5' er ikke et helt tal."),
        (
            "Negative tal",
            "rød",
            "Negative tal: 'rød' er ikke et gyldigt valg. Skriv 'minus', 'parentes' eller tom.",
        ),
        ("Nul vises som", 7, "Nul vises som: '7' er ikke et gyldigt valg."),
        ("I alt-kolonne", "måske", "I alt-kolonne: 'måske' er ikke et gyldigt valg."),
    ],
)
def test_bad_new_fields(sheet_factory, felt, value, message):
    path = sheet_factory(PERSONALE, info={felt: value})
    [problem] = problems_of(path)
    assert problem.startswith(f"{path}, ark 'Oplysninger', celle B7: {message}")


def test_typed_i_alt_column_means_ja_and_conflicts_with_nej(sheet_factory):
    rows = [["Post", "Service", "Anlæg", "I alt"], ["Udgifter", 100, 50, 150]]
    assert read_budget(sheet_factory(rows)).i_alt_kolonne is True
    path = sheet_factory(rows, info={"I alt-kolonne": "nej"})
    assert problems_of(path) == [
        at(path, "B7", "Oplysninger") + "I alt-kolonne: nej, men arket 'Økonomi' har en "
        "kolonne I alt (celle D1). Skriv ja (eller lad feltet stå tomt), eller slet kolonnen "
        "I alt."
    ]


def test_a_kolonner_sheet_twice_differing_in_case(sheet_factory):
    def twice(workbook):
        workbook.create_sheet("KOLONNER ")

    path = sheet_factory(PERSONALE, kolonner=[], edit=twice)
    [problem] = problems_of(path)
    assert "der hedder 'Kolonner'" in problem


# --- the arithmetic's problems land on their cells -----------------------------------

REGNSKAB = [
    ["Post", "Type", "Regnskab 2024"],
    ["Administration", None, 120_144],
    ["Drift", None, 288_290],
    ["Netto", "sum", None],
]


@pytest.mark.parametrize("typed", [408_433, 408_435])
def test_typed_official_total_off_by_one_is_printed_as_typed(sheet_factory, typed):
    """Cells that add to 408.434 under an official 408.433 (or .435): within the
    rounding of three figures, shown as typed, with the rounding note."""
    rows = [*REGNSKAB[:3], ["Netto", "sum", typed]]
    budget = read_budget(sheet_factory(rows))
    assert budget.linjer[-1].beloeb == (typed,)
    tabel = oekonomi_tabel(budget)
    assert tabel.raekker[-1].celler == ("Netto", tal_(typed))
    assert tabel.note == "Afvigelser i summer skyldes afrundinger."


def test_typed_total_off_by_nine_is_refused_naming_cell_expected_and_typed(sheet_factory):
    rows = [*REGNSKAB[:3], ["Netto", "sum", 408_443]]
    path = sheet_factory(rows)
    problem_at(path, "C4", "'Netto'", "408.443", "408.434")


def test_empty_sum_and_total_cells_are_computed(sheet_factory):
    rows = [*REGNSKAB, ["I alt", None, None]]
    budget = read_budget(sheet_factory(rows))
    assert [linje.beloeb for linje in budget.linjer][-2:] == [(None,), (None,)]
    assert oekonomi_tabel(budget).raekker[-1].celler == ("I alt", "408.434")


def test_heading_with_figures_is_named_once(sheet_factory):
    rows = [["Post", "Type", "2025"], ["Kultur", "Overskrift", 100], ["Museer", None, 50]]
    path = sheet_factory(rows)
    [problem] = problems_of(path)
    assert "Overskriften 'Kultur' har tal" in problem
    assert problem.startswith(at(path, "A2")) or problem.startswith(at(path, "C2"))


def test_typed_derived_figure_checked_on_its_cell(sheet_factory):
    rows = [row[:] for row in OPFOELGNING]
    rows[1][3] = 100  # 1000 - 900: right
    rows[2][3] = 60  # 500 - 550 = -50: wrong
    path = sheet_factory(
        rows, kolonner=[["Afvigelse", None, "Korrigeret budget - Forventet regnskab"]]
    )
    problem_at(path, "D3", "'Drift' i kolonnen 'Afvigelse' er skrevet som 60", "-50")


def test_percent_of_zero_is_no_figure(sheet_factory):
    rows = [
        ["Post", "Budget", "Forbrug", "Forbrug i %"],
        ["Løn", 1000, 900, None],
        ["Ny pulje", 0, 10, None],
    ]
    kolonner = [["Forbrug i %", None, "Forbrug / Budget"]]
    udregning = regn_ud(read_budget(sheet_factory(rows, kolonner=kolonner)))
    assert [r.vaerdier[2] for r in udregning.raekker] == [90, None]
    rows[2][3] = "100%"
    path = sheet_factory(rows, kolonner=kolonner)
    problem_at(path, "D3", "'Budget' er 0")


def test_problem_in_a_column_after_a_dropped_one(sheet_factory):
    """The blank workbook's unused year is left out; a problem in the year after it
    still names that year's own cell."""
    rows = [
        ["Post", "Type", "2025", "2026", "2027"],
        ["Løn", None, 100, None, 300],
        ["Drift", None, 50, None, 30],
        ["I alt", "total", None, None, 333],
    ]
    path = sheet_factory(rows)
    problem_at(path, "E4", "'I alt' i kolonnen '2027' er skrevet som 333", "330")


def test_cell_problems_and_arithmetic_together(sheet_factory):
    rows = [*REGNSKAB[:3], ["Netto", "sum", 408_443], ["Anlæg", "linje", None, "ca. 5"]]
    rows[0] = [*rows[0], "Regnskab 2025"]
    rows[1] = [*rows[1], "1.5"]
    rows[2] = [*rows[2], 100]
    path = sheet_factory(rows)
    assert [p.split(": ", 1)[0] for p in problems_of(path)] == [
        f"{path}, ark 'Økonomi', celle D2",
        f"{path}, ark 'Økonomi', celle D5",
        f"{path}, ark 'Økonomi', celle C4",
    ]


def test_an_empty_kolonner_sheet_describes_nothing(sheet_factory):
    def empty(workbook):
        workbook.create_sheet("Kolonner")

    assert read_budget(sheet_factory(PERSONALE, edit=empty)).navne == (
        "Opr. budget",
        "Korrigeret budget",
        "Forventet regnskab",
    )


# --- issue 12, outside tester's findings ---------------------------------------------


def test_untyped_sum_within_rounding_is_refused(sheet_factory):
    """An official subtotal one off from its rounded lines is still a sum: read as a
    line it would be added in twice (608.433 over 408.000 + 200.434)."""
    rows = [
        ["Post", "Type", "Regnskab 2024", "Budget 2025"],
        ["Ældre", None, 408_000, 410_000],
        ["Børn", None, 200_434, 201_000],
        ["Sundhed og Omsorg", None, 608_433, 611_000],
    ]
    path = sheet_factory(rows, info={"I alt-række": "ja"})
    problem_at(
        path,
        "A4",
        "'Sundhed og Omsorg' ligner en sumrække (beløbene, som inden for afrunding er "
        "summen af linjerne over den, tyder på det)",
        "(celle B4)",
    )
    # Off by more than rounding allows: an ordinary line.
    rows[3] = ["Sundhed og Omsorg", None, 608_437, 611_000]
    assert read_budget(sheet_factory(rows)).linjer[2].type is Raekketype.LINJE
    # Small figures meet by chance: 5 is no rounded 1 + 3.
    small = [["Post", "Type", "2024", "2025"], ["A", None, 1, 2], ["B", None, 3, 4]]
    small.append(["C", None, 5, 6])
    assert read_budget(sheet_factory(small)).linjer[2].type is Raekketype.LINJE


@pytest.mark.parametrize("header", ["I alt 2025-26", "Total", "Sum", "I alt, drift", "Totalt"])
def test_column_reading_like_a_sum_is_refused(sheet_factory, header):
    rows = [
        ["Post", "Type", 2025, 2026, header],
        ["A", None, 1, 2, 3],
        ["B", None, 3, 4, 9],
        ["I alt", "total"],
    ]
    path = sheet_factory(rows)
    [problem] = problems_of(path)
    assert problem == (
        f"{path}, ark 'Økonomi', celle E1: Kolonnen '{header}' ligner en sum af de andre "
        "kolonner, men dens tal bliver ikke tjekket, så en fejl i den ville stå i tabellen. "
        "Kald den 'I alt', så regnes den efter som summen af beløbskolonnerne; eller beskriv "
        "den på arket 'Kolonner' som beregnet (række 1: Kolonne | Art | Beregning; en række: "
        f"{header} | beløb | 2025 + 2026)."
    )
    # Described as derived, it is checked (and B's 9 is wrong).
    derived = sheet_factory(rows, kolonner=[[header, "beløb", "2025 + 2026"]])
    problem_at(derived, "E3", f"'B' i kolonnen '{header}' er skrevet som 9", "giver 7")
    # Named exactly I alt, it is the checked I alt column.
    rows[0][4] = "I alt"
    problem_at(sheet_factory(rows), "E3", "'B' i kolonnen 'I alt' er skrevet som 9")


def test_column_reading_like_a_sum_beside_an_i_alt_column(sheet_factory):
    rows = [["Post", 2025, 2026, "Sum", "I alt"], ["A", 1, 2, 3, 3]]
    path = sheet_factory(rows)
    [problem] = problems_of(path)
    assert "Kald den" not in problem
    assert "tabellen. Beskriv den på arket 'Kolonner' som beregnet" in problem


def test_lone_total_column_and_budget_kinds_are_fine(sheet_factory):
    assert read_budget(sheet_factory([["Post", "Total"], ["A", 5]])).navne == ("Total",)
    kinds = [["Post", "Brutto", "Netto", "Samlet budget"], ["A", 5, 4, 9]]
    assert read_budget(sheet_factory(kinds)).navne == ("Brutto", "Netto", "Samlet budget")


def test_comma_thousands_in_a_table_without_decimals(sheet_factory):
    rows = [["Post", 2025], ["A", "1,234"], ["B", "2"]]
    path = sheet_factory(rows)
    assert problems_of(path) == [
        f"{path}, ark 'Økonomi', celle B2: 2025: '1,234' kan være 1,234 med decimaler eller "
        "1.234 med komma mellem tusinderne, og tabellen viser ingen decimaler. Mente du "
        "'1.234'? Skriv tusinder med punktum (1.234) eller uden tegn; er det 1,234, så "
        "skriv 3 ud for Decimaler på arket 'Oplysninger'."
    ]
    # Shown with decimals, or not three digits after the comma: a decimal comma.
    assert read_budget(sheet_factory(rows, info={"Enhed": "mio. kr."})).linjer[0].beloeb == (1.234,)
    assert read_budget(sheet_factory(rows, info={"Decimaler": 3})).linjer[0].beloeb == (1.234,)
    rows[1] = ["A", "1,5"]
    assert read_budget(sheet_factory(rows)).linjer[0].beloeb == (1.5,)


def test_parentheses_typed_as_text_suggest_minus(sheet_factory):
    path = sheet_factory([["Post", 2025], ["Indtægt", "(690)"]], info={"Negative tal": "()"})
    [problem] = problems_of(path)
    assert problem.endswith(
        "celle B2: 2025: '(690)' er ikke et tal. Mente du -690? Skriv negative tal med minus; "
        "tabellen kan vise dem i parentes (Negative tal: parentes på arket 'Oplysninger')."
    )


def test_text_columns_print_numbers_and_refuse_dates(sheet_factory):
    rows = [
        ["Funktion", "Post", "Konto", "2024"],
        [6.45, "A", 1234.5, 1],
        ["6.45.51.1", "B", 2025, 3],
    ]
    budget = read_budget(sheet_factory(rows, kolonner=[["Konto", "tekst", None]]))
    assert [linje.tekster for linje in budget.linjer] == [
        ("6.45", "1.234,5"),
        ("6.45.51.1", "2025"),
    ]
    rows.append([dt.datetime(2025, 3, 5), "C", "x", 5])
    path = sheet_factory(rows, kolonner=[["Konto", "tekst", None]])
    assert problems_of(path) == [
        f"{path}, ark 'Økonomi', celle A4: Funktion: Excel har gjort '2025-03-05' til en "
        "dato. Formatér cellen som tekst, og skriv det igen (fx en funktion som 6.45.51.1)."
    ]


def test_beregning_with_a_column_whose_name_has_an_operator(sheet_factory):
    rows = [["Post", "Budget - korrigeret", "Forventet", "Afvigelse"], ["A", 10, 9]]
    path = sheet_factory(rows, kolonner=[["Afvigelse", "beløb", "Budget - korrigeret - Forventet"]])
    assert problems_of(path) == [
        f"{path}, ark 'Kolonner', celle C2: Beregning for 'Afvigelse': 'Budget - korrigeret - "
        "Forventet': kolonnen 'Budget - korrigeret' har selv ' - ' i navnet, så beregningen "
        "ikke kan skelne navnet fra et '-'. Omdøb kolonnen i række 1 på arket 'Økonomi' og "
        "her, fx til 'Budget, korrigeret'."
    ]


@pytest.mark.parametrize(
    ("header", "under"), [(["2025", "2026"], "årene"), (["Service", "Anlæg"], "kolonnerne")]
)
def test_empty_form_says_where_the_amounts_go(sheet_factory, header, under):
    path = sheet_factory([["Post", *header], ["Drift"], ["Løn"]])
    assert problems_of(path)[-1].endswith(
        f"Skriv beløbene under {under} (indtægter med minus, fx -590)."
    )
    path = sheet_factory([["Post", *header]])
    each = "år" if under == "årene" else "kolonne"
    assert problems_of(path)[-1].endswith(f"fx Udgiftsbudget med et beløb pr. {each}.")
