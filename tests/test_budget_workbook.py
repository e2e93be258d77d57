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
from dagsorden.kerne.model import Budget, BudgetEnhed, Budgetlinje
from dagsorden.kerne.oekonomi import oekonomi_tabel
from dagsorden.kilder.budget_workbook import read_budget
from dagsorden.kilder.workbook_writer import build_budget_workbook, write_budget_workbook

ROOT = Path(__file__).resolve().parents[1]
EKSEMPEL = ROOT / "cases" / "forebyggelse" / "budget.xlsx"

# The contract as the README documents it, written out rather than imported.
SHEETS = ["Økonomi", "Oplysninger", "Vejledning"]
LABELS = ["Tabeltitel", "Enhed", "Prisniveau", "Bevillingsområde", "Funktion", "I alt-række"]
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
    assert read_budget(path).kolonner == ("Service", "Anlæg")


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
    def shift(workbook):
        ws = workbook["Økonomi"]
        ws.insert_cols(1)
        ws["A1"] = "Konto"
        ws["A2"] = "ca. 12"  # left of Post: not part of the table

    assert read_budget(budget_factory(edit=shift)) == BUDGET_FOREBYGGELSE


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
    assert budget.kolonner == ("2011", "2012")
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
    assert budget.kolonner == ("2011", "2012", "2014")
    assert budget.linjer[0].beloeb == (100, None, 5)


# --- typed totals are checked, never read --------------------------------------------


def test_typed_i_alt_column_that_adds_up(budget_factory):
    path = budget_factory(cells={"Økonomi": {"D1": "I alt", "D2": -690, "D3": "690"}})
    budget = read_budget(path)
    assert budget == BUDGET_FOREBYGGELSE
    assert budget.kolonner == ("2011", "2012")


def test_typed_i_alt_column_that_does_not_add_up(budget_factory):
    path = budget_factory(cells={"Økonomi": {"D1": "I alt", "D2": -690, "D3": 700}})
    assert problems_of(path) == [
        f"{path}, ark 'Økonomi', celle D3: I alt for 'Udgiftsbudget' er skrevet som 700, "
        "men linjens tal giver 690."
    ]


def test_typed_i_alt_row_that_adds_up(budget_factory):
    path = budget_factory(
        cells={"Økonomi": {"A4": "I alt", "B4": 0, "C4": "0", "D1": "I alt", "D4": "-"}}
    )
    assert read_budget(path) == BUDGET_FOREBYGGELSE


def test_typed_i_alt_row_that_does_not_add_up(budget_factory):
    path = budget_factory(
        cells={"Økonomi": {"A4": "I alt", "B4": 0, "C4": 1180, "D1": "I alt", "D4": 1.5}}
    )
    assert problems_of(path) == [
        f"{path}, ark 'Økonomi', celle C4: I alt for kolonne '2012' er skrevet som 1.180, "
        "men linjerne (uden Heraf-linjer) giver 0.",
        f"{path}, ark 'Økonomi', celle D4: Det samlede I alt er skrevet som 1,5, men linjerne "
        "(uden Heraf-linjer) giver 0.",
    ]


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
    assert problems_of(path) == [
        f"{path}, ark 'Økonomi', celle D4: I alt for 'Heraf løn' er skrevet som 450, men "
        "linjens tal giver 460."
    ]


def test_typed_total_in_mio_kr_agrees_when_shown_the_same(budget_factory):
    """1,24 + 1,24 = 2,48 is shown as 2,5: a typed 2,5 agrees, 2,4 does not."""
    cells = {
        "Oplysninger": {"B2": "mio. kr."},
        "Økonomi": {"B3": 1.24, "C3": 1.24, "D1": "I alt", "D3": 2.5, "B2": None, "C2": None},
    }
    assert read_budget(budget_factory(cells=cells)).linjer[1].beloeb == (1.24, 1.24)
    cells["Økonomi"]["D3"] = "2,4"
    path = budget_factory(cells=cells, name="forkert.xlsx")
    assert problems_of(path) == [
        f"{path}, ark 'Økonomi', celle D3: I alt for 'Udgiftsbudget' er skrevet som 2,4, "
        "men linjens tal giver 2,48."
    ]


def test_two_i_alt_rows(budget_factory):
    path = budget_factory(cells={"Økonomi": {"A4": "I alt", "A5": "i alt"}})
    assert problems_of(path) == [
        f"{path}, ark 'Økonomi', celle A5: Der er allerede en I alt-række i række 4."
    ]


def test_sub_totals_are_refused(budget_factory):
    path = budget_factory(cells={"Økonomi": {"A4": "I alt, Service", "B4": 0, "C4": 0}})
    assert problems_of(path) == [
        f"{path}, ark 'Økonomi', celle A4: 'I alt, Service' ligner en deltotal. Deltotaler "
        "kan ikke bruges endnu; slet rækken, dagsorden regner selv I alt ud."
    ]


# --- Heraf lines --------------------------------------------------------------------


def test_heraf_line_first(budget_factory):
    path = budget_factory(edit=with_heraf("Heraf løn", 10, 20, row=2))
    assert problems_of(path) == [
        f"{path}, ark 'Økonomi', celle A2: 'Heraf løn' er en Heraf-linje, men der er ingen "
        "linje over den, som den kan være en del af. Flyt den ned under sin linje."
    ]


def test_heraf_line_larger_than_its_line(budget_factory):
    path = budget_factory(edit=with_heraf("Heraf løn", 60, 600))
    assert problems_of(path) == [
        f"{path}, ark 'Økonomi', celle C4: 'Heraf løn' er 600 i kolonne '2012', mere end "
        "linjen 'Udgiftsbudget' (590), som den er en del af."
    ]


def test_heraf_of_income_larger_than_its_line(budget_factory):
    path = budget_factory(edit=with_heraf("Heraf statstilskud", -101, -50, row=3))
    assert problems_of(path) == [
        f"{path}, ark 'Økonomi', celle B3: 'Heraf statstilskud' er -101 i kolonne '2011', "
        "mere end linjen 'Indtægtsbudget' (-100), som den er en del af."
    ]


def test_heraf_line_under_a_line_without_figure(budget_factory):
    def edit(workbook):
        with_heraf("Heraf løn", 10, None)(workbook)
        workbook["Økonomi"]["B3"] = "-"

    path = budget_factory(edit=edit)
    assert problems_of(path) == [
        f"{path}, ark 'Økonomi', celle B4: 'Heraf løn' er 10 i kolonne '2011', mere end "
        "linjen 'Udgiftsbudget' (-), som den er en del af."
    ]


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
        "'I alt-række'."
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
        ("B2", "kr.", "Enhed: 'kr.' er ikke et gyldigt valg. Skriv '1.000 kr.', 'mio. kr.'."),
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
        f"{path}, ark 'Oplysninger', celle B5: Funktion: Excel har gjort '1945-04-06 00:00:00' "
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
    assert [(p.file, p.sheet, p.cell) for p in caught.value.problems] == [
        (str(path), "Oplysninger", "B2"),
        (str(path), "Oplysninger", "B6"),
        (str(path), "Økonomi", "B2"),
        (str(path), "Økonomi", "C4"),
        (str(path), "Økonomi", "A5"),
        (str(path), "Økonomi", "D3"),
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
    ("label", "choices"), [("Enhed", ["1.000 kr.", "mio. kr."]), ("I alt-række", ["ja", "nej"])]
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
    assert read_budget(saved_by_libreoffice["formler"]) == BUDGET_FOREBYGGELSE
    blank = saved_by_libreoffice["blank"]
    assert problems_of(blank) == [
        f"{blank}, ark 'Oplysninger', celle B1: Tabeltitel skal udfyldes.",
        f"{blank}, ark 'Økonomi': Arket har ingen budgetlinjer. Skriv en linje pr. række "
        "under overskriften, fx Udgiftsbudget med et beløb pr. år.",
    ]
