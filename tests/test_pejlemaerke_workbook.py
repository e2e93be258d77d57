"""Reading and validating the standard pejlemærke workbook (issue 2, section 3).

Every bad input gives its Danish message with file, sheet and cell, all problems of
a workbook come together, and reading never writes the workbook. The workbooks are
seed 002's pejlemærke 1 spoilt cell by cell (layout in conftest.py).
"""

from __future__ import annotations

import datetime as dt
import os
import zipfile
from pathlib import Path

import pytest
from eksempeldata import PEJLEMAERKE_1, PEJLEMAERKE_3, PEJLEMAERKER

from dagsorden.errors import WorkbookError
from dagsorden.kerne.model import Enhed, Maal, ManglendeStatus, Markering, Retning, Vaegtning
from dagsorden.kilder.pejlemaerke_workbook import (
    find_workbooks,
    read_pejlemaerke,
    read_pejlemaerker,
)
from dagsorden.kilder.workbook_writer import build_pejlemaerke_workbook

FORMULA_WITHOUT_VALUE = (
    "Formlen har ingen beregnet værdi. Åbn filen i Excel, og gem den igen, så værdien bliver gemt."
)


def problems_of(path: Path) -> list[str]:
    """The problems read_pejlemaerke reports for `path`, as printed."""
    with pytest.raises(WorkbookError) as caught:
        read_pejlemaerke(path)
    error = caught.value
    assert str(error) == "\n".join(str(p) for p in error.problems)
    return [str(p) for p in error.problems]


def delmaal_by_id(pejlemaerke) -> dict:
    found = {}
    for d in pejlemaerke.delmaal:
        found[d.id] = d
        found.update({u.id: u for u in d.underpunkter})
    return found


# --- figures that are no figures ----------------------------------------------------


def test_text_that_is_no_number(workbook_factory):
    path = workbook_factory(cells={"Delmål": {"D3": "ca. 800"}})
    assert problems_of(path) == [
        f"{path}, ark 'Delmål', celle D3: Status: 'ca. 800' er ikke et tal."
    ]


def test_english_decimal_point_suggests_the_danish_comma(workbook_factory):
    path = workbook_factory(cells={"Delmål": {"C2": "1.58"}})
    assert problems_of(path) == [
        f"{path}, ark 'Delmål', celle C2: Baseline: '1.58' er ikke et tal. Mente du '1,58'?"
    ]


def test_true_false_is_no_figure(workbook_factory):
    path = workbook_factory(cells={"Delmål": {"D2": True}})
    assert problems_of(path) == [
        f"{path}, ark 'Delmål', celle D2: Status: 'True' er ikke et tal "
        "(cellen er en dato eller sand/falsk)."
    ]


def test_date_is_no_figure(workbook_factory):
    path = workbook_factory(cells={"Delmål": {"C3": dt.date(2014, 1, 1)}})
    [problem] = problems_of(path)
    assert problem.startswith(f"{path}, ark 'Delmål', celle C3: Baseline: '2014-01-01")
    assert problem.endswith("er ikke et tal (cellen er en dato eller sand/falsk).")


@pytest.mark.parametrize(("cell", "column"), [("C2", "Baseline"), ("D2", "Status"), ("E2", "Mål")])
@pytest.mark.parametrize("error", ["#DIV/0!", "#N/A", "#REF!"])
def test_excel_error_value(workbook_factory, cell, column, error):
    def put_error(workbook):
        ws = workbook["Delmål"]
        ws[cell] = error
        ws[cell].data_type = "e"

    path = workbook_factory(edit=put_error)
    assert problems_of(path) == [
        f"{path}, ark 'Delmål', celle {cell}: {column}: Cellen viser fejlen {error}. "
        "Ret formlen eller skriv tallet."
    ]


@pytest.mark.parametrize(
    ("sheet", "cell", "formula", "label"),
    [
        ("Delmål", "D3", "=C3*2", "Status"),
        ("Delmål", "C2", "=1/0", "Baseline"),
        ("Delmål", "E2", "=C2+100", "Mål"),
        ("Pejlemærke", "B1", "=0+1", "Nummer"),
        ("Pejlemærke", "B7", '="nul"', "Manglende status"),
    ],
)
def test_formula_without_cached_value(workbook_factory, sheet, cell, formula, label):
    path = workbook_factory(cells={sheet: {cell: formula}})
    assert problems_of(path) == [
        f"{path}, ark '{sheet}', celle {cell}: {label}: {FORMULA_WITHOUT_VALUE}"
    ]


# --- structure: sheets, columns, labels ---------------------------------------------


def test_missing_sheet_names_expected_and_found(workbook_factory):
    path = workbook_factory(edit=lambda wb: wb.remove(wb["Tekster"]))
    assert problems_of(path) == [
        f"{path}: Arket 'Tekster' mangler. "
        "Arbejdsbogen har arkene 'Pejlemærke', 'Delmål', 'Målinger', 'Milepæle', "
        "'Sammenligning', 'Aktiviteter', 'Vejledning'."
    ]


def test_missing_delmaal_sheet(workbook_factory):
    def rename(workbook):
        workbook["Delmål"].title = "Delmaal"

    path = workbook_factory(edit=rename)
    assert problems_of(path) == [
        f"{path}: Arket 'Delmål' mangler. "
        "Arbejdsbogen har arkene 'Pejlemærke', 'Delmaal', 'Tekster', 'Målinger', 'Milepæle', "
        "'Sammenligning', 'Aktiviteter', 'Vejledning'."
    ]


def test_missing_column_names_expected_and_found(workbook_factory):
    path = workbook_factory(cells={"Delmål": {"D1": "Statustal"}})
    assert problems_of(path) == [
        f"{path}, ark 'Delmål': Kolonnen 'Status' mangler i række 1. "
        "Forventet: 'ID', 'Delmål', 'Baseline', 'Status', 'Mål', 'Enhed', 'Population', "
        "'Markering', 'Note'; fundet: 'ID', 'Delmål', 'Baseline', 'Statustal', 'Mål', "
        "'Enhed', 'Population', 'Markering', 'Note'."
    ]


def test_missing_tekster_column(workbook_factory):
    path = workbook_factory(cells={"Tekster": {"B1": None}})
    assert problems_of(path) == [
        f"{path}, ark 'Tekster': Kolonnen 'Tekst' mangler i række 1. "
        "Forventet: 'Afsnit', 'Tekst'; fundet: 'Afsnit'."
    ]


def test_optional_columns_may_be_missing(workbook_factory):
    def drop_optional(workbook):
        ws = workbook["Delmål"]
        for coordinate in ("G1", "H1", "I1"):  # Population, Markering, Note
            ws[coordinate] = None

    pejlemaerke = read_pejlemaerke(workbook_factory(edit=drop_optional))
    notes = [d.note for d in pejlemaerke.delmaal]
    assert notes == [""] * 6
    assert [d.id for d in pejlemaerke.delmaal] == ["A", "B", "C", "D", "E", "F"]


def test_missing_label_names_expected_and_found(workbook_factory):
    path = workbook_factory(cells={"Pejlemærke": {"A3": "Områd"}})
    assert problems_of(path) == [
        f"{path}, ark 'Pejlemærke': Felterne 'Område' mangler i kolonne A. "
        "Forventet: 'Nummer', 'Titel', 'Område', 'Baselineår', 'Statusår', 'Målår', "
        "'Manglende status', 'Vægtning', 'Ansvarlig'; fundet: 'Nummer', 'Titel', 'Områd', "
        "'Baselineår', 'Statusår', 'Målår', 'Manglende status', 'Vægtning', 'Ansvarlig'."
    ]


def test_blank_workbook_needs_nummer_and_titel(workbook_factory):
    path = workbook_factory(blank=True)
    assert problems_of(path) == [
        f"{path}, ark 'Pejlemærke', celle B1: Nummer skal udfyldes.",
        f"{path}, ark 'Pejlemærke', celle B2: Titel skal udfyldes.",
    ]


@pytest.mark.parametrize("nummer", [0, -2])
def test_nummer_must_be_at_least_one(workbook_factory, nummer):
    """README: Nummer is a whole number >= 1."""
    path = workbook_factory(cells={"Pejlemærke": {"B1": nummer}})
    found = problems_of(path)
    assert len(found) == 1
    assert found[0].startswith(f"{path}, ark 'Pejlemærke', celle B1: Nummer")


def test_nummer_must_be_whole(workbook_factory):
    path = workbook_factory(cells={"Pejlemærke": {"B1": "1,5"}})
    assert problems_of(path) == [
        f"{path}, ark 'Pejlemærke', celle B1: Nummer: '1,5' er ikke et helt tal."
    ]


def test_years_in_order(workbook_factory):
    path = workbook_factory(cells={"Pejlemærke": {"B5": 2012}})
    assert problems_of(path) == [
        f"{path}, ark 'Pejlemærke', celle B5: "
        "Årene skal følge hinanden: baselineår ≤ statusår ≤ målår."
    ]


# --- delmål rows --------------------------------------------------------------------


def test_duplicate_ids(workbook_factory):
    path = workbook_factory(cells={"Delmål": {"A3": "A"}})
    assert problems_of(path) == [
        f"{path}, ark 'Delmål', celle A3: ID 'A' findes allerede i række 2."
    ]


def test_duplicate_ids_ignore_case(workbook_factory):
    path = workbook_factory(cells={"Delmål": {"A3": "a"}})
    assert problems_of(path) == [
        f"{path}, ark 'Delmål', celle A3: ID 'a' findes allerede i række 2."
    ]


def test_row_without_id(workbook_factory):
    path = workbook_factory(cells={"Delmål": {"A3": None}})
    assert problems_of(path) == [
        f"{path}, ark 'Delmål', celle A3: Rækken mangler et ID (fx A, B eller F1)."
    ]


def test_sub_row_without_parent(workbook_factory):
    path = workbook_factory(cells={"Delmål": {"A9": "G2"}})
    assert problems_of(path) == [
        f"{path}, ark 'Delmål', celle A9: Underpunktet 'G2' har intet overpunkt: der skal "
        "være en række med ID 'G' (kun teksten) over det."
    ]


@pytest.mark.parametrize("cell", ["C7", "D7", "E7"])
def test_parent_row_with_figures_and_sub_rows(workbook_factory, cell):
    """F (row 7) has sub-rows F1, F2; a figure in its row is named at its own cell."""
    path = workbook_factory(cells={"Delmål": {cell: 110}})
    assert problems_of(path) == [
        f"{path}, ark 'Delmål', celle {cell}: Delmål 'F' har underpunkter og må derfor kun "
        "have tekst; tallene hører hjemme i underpunkterne."
    ]


TARGET_EQUALS_BASELINE = (
    "Målet er lig med baseline. Skriv '<' eller '>' foran, hvis målet er at komme under "
    "eller over baseline."
)


def test_target_equal_to_baseline(workbook_factory):
    path = workbook_factory(cells={"Delmål": {"E6": 225}})  # E: baseline 225
    assert problems_of(path) == [f"{path}, ark 'Delmål', celle E6: {TARGET_EQUALS_BASELINE}"]


def test_target_equal_to_percent_baseline(workbook_factory):
    path = workbook_factory(cells={"Delmål": {"E4": "95,9%"}})  # C: baseline 95,9% as 0.959
    assert problems_of(path) == [f"{path}, ark 'Delmål', celle E4: {TARGET_EQUALS_BASELINE}"]


@pytest.mark.parametrize(("maal", "retning"), [("<225", Retning.UNDER), ("> 225", Retning.OVER)])
def test_target_at_baseline_with_direction_is_fine(workbook_factory, maal, retning):
    pejlemaerke = read_pejlemaerke(workbook_factory(cells={"Delmål": {"E6": maal}}))
    assert delmaal_by_id(pejlemaerke)["E"].maal == Maal(225.0, retning)


def test_direction_without_figure(workbook_factory):
    path = workbook_factory(cells={"Delmål": {"E2": "<"}})
    assert problems_of(path) == [
        f"{path}, ark 'Delmål', celle E2: Mål: '<' mangler et tal efter '<'."
    ]


def test_negative_population(workbook_factory):
    path = workbook_factory(cells={"Delmål": {"G2": -5}})
    assert problems_of(path) == [
        f"{path}, ark 'Delmål', celle G2: Population kan ikke være negativ."
    ]


# --- choices ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("sheet", "cell", "value", "message"),
    [
        (
            "Delmål",
            "F2",
            "stk",
            "Enhed: 'stk' er ikke et gyldigt valg. Skriv 'antal', 'pct' eller tom.",
        ),
        (
            "Delmål",
            "H2",
            "rød",
            "Markering: 'rød' er ikke et gyldigt valg. Skriv 'blå', 'orange' eller tom.",
        ),
        (
            "Pejlemærke",
            "B7",
            "måske",
            "Manglende status: 'måske' er ikke et gyldigt valg. Skriv 'udelad', 'nul'.",
        ),
        (
            "Pejlemærke",
            "B8",
            "vægtet",
            "Vægtning: 'vægtet' er ikke et gyldigt valg. Skriv 'ingen', 'population'.",
        ),
        (
            "Tekster",
            "A2",
            "Indledning",
            "Afsnit: 'Indledning' er ikke et gyldigt valg. Skriv 'Årsager', 'Aktivitet', "
            "'Risiko', 'Budgetforslag', 'Opmærksomhed', 'Fodnote'.",
        ),
    ],
)
def test_unknown_choice(workbook_factory, sheet, cell, value, message):
    path = workbook_factory(cells={sheet: {cell: value}})
    assert problems_of(path) == [f"{path}, ark '{sheet}', celle {cell}: {message}"]


def test_choices_match_loosely(workbook_factory):
    path = workbook_factory(
        cells={
            "Pejlemærke": {"B7": " Udelad ", "B8": "INGEN"},
            "Delmål": {"F2": "Antal", "H2": " BLÅ"},
            "Tekster": {"A2": "årsager "},
        }
    )
    pejlemaerke = read_pejlemaerke(path)
    assert pejlemaerke.manglende_status is ManglendeStatus.UDELAD
    assert pejlemaerke.vaegtning is Vaegtning.INGEN
    assert pejlemaerke.delmaal[0].enhed is Enhed.ANTAL
    assert pejlemaerke.delmaal[0].markering is Markering.BLAA
    assert pejlemaerke.tekster[0].afsnit == "Årsager"


# --- Tekster ------------------------------------------------------------------------


def test_budgetforslag_without_code(workbook_factory):
    path = workbook_factory(cells={"Tekster": {"B8": "Kvalitetsløft af herberget"}})
    assert problems_of(path) == [
        f"{path}, ark 'Tekster', celle B8: Et budgetforslag skal begynde med sin kode og "
        "et kolon, fx 'Ø304: ...'."
    ]


def test_section_without_text(workbook_factory):
    path = workbook_factory(cells={"Tekster": {"B2": None}})
    assert problems_of(path) == [
        f"{path}, ark 'Tekster', celle B2: Afsnittet 'Årsager' har ingen tekst."
    ]


# --- files that are no .xlsx --------------------------------------------------------


def test_xls_file(tmp_path):
    path = tmp_path / "pejlemaerke.xls"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504))  # an OLE2 header
    assert problems_of(path) == [
        f"{path}: Filen er ikke en .xlsx-arbejdsbog. Gem den som Excel-arbejdsbog (.xlsx)."
    ]


def test_text_file(tmp_path):
    path = tmp_path / "pejlemaerke.txt"
    path.write_text("ID;Delmål\nA;Flere har en bolig\n", encoding="utf-8")
    assert problems_of(path) == [f"{path}: Filen er ikke en .xlsx-arbejdsbog."]


DAMAGED = "Filen kan ikke læses som en .xlsx-arbejdsbog (den er måske beskadiget)."


def test_corrupt_xlsx(tmp_path):
    path = tmp_path / "pejlemaerke.xlsx"
    path.write_bytes(b"PK\x03\x04 this is not a whole zip archive")
    assert problems_of(path) == [f"{path}: {DAMAGED}"]


def test_empty_xlsx(tmp_path):
    path = tmp_path / "pejlemaerke.xlsx"
    path.write_bytes(b"")
    assert problems_of(path) == [f"{path}: {DAMAGED}"]


def test_zip_that_is_no_workbook(tmp_path):
    path = tmp_path / "pejlemaerke.xlsx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("readme.txt", "not a workbook")
    assert problems_of(path) == [f"{path}: {DAMAGED}"]


def test_truncated_xlsx(workbook_factory):
    path = workbook_factory()
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])
    assert problems_of(path) == [f"{path}: {DAMAGED}"]


def test_missing_file(tmp_path):
    path = tmp_path / "findes-ikke.xlsx"
    assert problems_of(path) == [f"{path}: Filen findes ikke."]


# --- every problem at once ----------------------------------------------------------


def test_all_problems_of_a_workbook_together(workbook_factory):
    path = workbook_factory(
        cells={
            "Pejlemærke": {"B7": "måske"},
            "Delmål": {"D3": "ca. 800"},
            "Tekster": {"A2": "Indledning"},
        }
    )
    with pytest.raises(WorkbookError) as caught:
        read_pejlemaerke(path)
    problems = caught.value.problems
    assert len(problems) == 3
    assert {(p.file, p.sheet, p.cell) for p in problems} == {
        (str(path), "Pejlemærke", "B7"),
        (str(path), "Delmål", "D3"),
        (str(path), "Tekster", "A2"),
    }


def test_many_problems_in_one_sheet(workbook_factory):
    path = workbook_factory(
        cells={"Delmål": {"C2": "ca. 800", "D3": "=C3*2", "A5": "A", "E6": 225, "F8": "stk"}}
    )
    found = problems_of(path)
    assert len(found) == 5
    cells = sorted(p.split(": ", 1)[0] for p in found)
    assert cells == sorted(
        f"{path}, ark 'Delmål', celle {c}" for c in ("C2", "D3", "A5", "E6", "F8")
    )


def test_problems_of_several_workbooks_together(workbook_factory, tmp_path):
    bad_1 = workbook_factory(cells={"Delmål": {"D3": "ca. 800"}}, name="mappe/a.xlsx")
    bad_2 = workbook_factory(PEJLEMAERKE_3, cells={"Delmål": {"F2": "stk"}}, name="mappe/b.xlsx")
    with pytest.raises(WorkbookError) as caught:
        read_pejlemaerker([tmp_path / "mappe"])
    assert [(p.file, p.cell) for p in caught.value.problems] == [
        (str(bad_1), "D3"),
        (str(bad_2), "F2"),
    ]


def test_two_workbooks_with_the_same_nummer(workbook_factory, tmp_path):
    first = workbook_factory(name="mappe/a.xlsx")
    second = workbook_factory(name="mappe/b.xlsx")
    with pytest.raises(WorkbookError) as caught:
        read_pejlemaerker([tmp_path / "mappe"])
    assert [str(p) for p in caught.value.problems] == [
        f"{second}, ark 'Pejlemærke': Pejlemærke nummer 1 findes også i {first}."
    ]


def test_excel_lock_files_are_no_workbooks(workbook_factory, tmp_path):
    good = workbook_factory(name="mappe/pejlemaerke-1.xlsx")
    (tmp_path / "mappe" / "~$pejlemaerke-1.xlsx").write_bytes(b"\x00" * 165)
    assert find_workbooks([tmp_path / "mappe"]) == [good]
    assert [p.nummer for p in read_pejlemaerker([tmp_path / "mappe"])] == [1]


# --- what reads fine ----------------------------------------------------------------


def test_standard_workbook_reads_as_written(workbook_factory):
    path = workbook_factory()
    pejlemaerke = read_pejlemaerke(path)
    assert pejlemaerke == PEJLEMAERKE_1
    assert pejlemaerke.kilde == str(path)


def test_percent_formatted_cells(workbook_factory):
    def percent(workbook):
        ws = workbook["Delmål"]
        for coordinate, value, fmt in (("C4", 0.959, "0.0%"), ("D4", 0.971, "0.0%")):
            ws[coordinate] = value
            ws[coordinate].number_format = fmt
        ws["E4"] = 0.975
        ws["E4"].number_format = "0.00%"
        ws["F4"] = None  # Enhed empty: a % figure makes it pct

    c = delmaal_by_id(read_pejlemaerke(workbook_factory(edit=percent)))["C"]
    assert (c.baseline, c.status, c.maal) == (95.9, 97.1, Maal(97.5))
    assert c.enhed is Enhed.PCT


def test_whole_percent(workbook_factory):
    def percent(workbook):
        ws = workbook["Delmål"]
        ws["C4"] = 1
        ws["C4"].number_format = "0%"

    c = delmaal_by_id(read_pejlemaerke(workbook_factory(edit=percent)))["C"]
    assert c.baseline == 100.0


def test_danish_text_figures(workbook_factory):
    path = workbook_factory(
        cells={
            "Delmål": {
                "C5": "1.581",  # D baseline
                "E5": " 1.255 ",
                "C4": "95,9%",  # C as text
                "D4": "97,1 %",
                "E4": "97,5",
                "F4": None,
                "C2": "859",
                "D2": "−828",  # a typographic minus from Word
            }
        }
    )
    found = delmaal_by_id(read_pejlemaerke(path))
    assert (found["D"].baseline, found["D"].maal) == (1581.0, Maal(1255.0))
    assert (found["C"].baseline, found["C"].status, found["C"].maal) == (95.9, 97.1, Maal(97.5))
    assert found["C"].enhed is Enhed.PCT
    assert (found["A"].baseline, found["A"].status) == (859.0, -828.0)


@pytest.mark.parametrize("no_figure", [None, "-", " - ", "", "–"])
def test_dash_or_empty_is_no_figure(workbook_factory, no_figure):
    path = workbook_factory(cells={"Delmål": {"D2": no_figure, "C3": no_figure}})
    found = delmaal_by_id(read_pejlemaerke(path))
    assert found["A"].status is None
    assert found["B"].baseline is None
    assert found["A"].baseline == 859.0


def test_less_than_target(workbook_factory):
    path = workbook_factory(PEJLEMAERKE_3, cells={"Delmål": {"C2": "1,1%", "E2": "<1,1%"}})
    a = delmaal_by_id(read_pejlemaerke(path))["A"]
    assert a.maal == Maal(1.1, Retning.UNDER)
    assert a.baseline == 1.1
    assert a.enhed is Enhed.PCT


def test_greater_than_target(workbook_factory):
    path = workbook_factory(cells={"Delmål": {"E2": "> 1.000"}})
    assert delmaal_by_id(read_pejlemaerke(path))["A"].maal == Maal(1000.0, Retning.OVER)


def test_headers_and_sheet_names_ignore_case_and_spaces(workbook_factory):
    def shout(workbook):
        ws = workbook["Delmål"]
        ws["A1"] = "id"
        ws["D1"] = "  STATUS  "
        ws["E1"] = " mål"
        ws.title = "DELMÅL "
        workbook["Tekster"]["A1"] = "afsnit "
        workbook["Pejlemærke"]["A7"] = "  manglende STATUS "

    assert read_pejlemaerke(workbook_factory(edit=shout)) == PEJLEMAERKE_1


def test_extra_columns_rows_and_sheets_are_ignored(workbook_factory):
    def extras(workbook):
        ws = workbook["Delmål"]
        ws.insert_cols(3)
        ws["C1"] = "Kilde"
        ws["C2"] = "Danmarks Statistik"
        ws["C3"] = "ca. 800"  # not a figure, but not in a column the reader uses
        ws["K1"] = "Kommentar"
        ws["K5"] = "#DIV/0!"
        workbook["Tekster"]["C1"] = "Ekstra"
        workbook["Tekster"]["C2"] = "ignoreres"
        workbook.create_sheet("Noter")["A1"] = "=1/0"
        workbook["Pejlemærke"]["A12"] = "Kommentar"
        workbook["Pejlemærke"]["B12"] = "ca. 800"
        workbook.remove(workbook["Vejledning"])

    assert read_pejlemaerke(workbook_factory(edit=extras)) == PEJLEMAERKE_1


def test_columns_in_another_order(workbook_factory):
    def swap(workbook):
        ws = workbook["Delmål"]
        for row in range(1, 10):
            ws[f"C{row}"].value, ws[f"D{row}"].value = ws[f"D{row}"].value, ws[f"C{row}"].value

    assert read_pejlemaerke(workbook_factory(edit=swap)) == PEJLEMAERKE_1


def test_labels_in_another_order(workbook_factory):
    def swap(workbook):
        ws = workbook["Pejlemærke"]
        for col in "AB":
            ws[f"{col}1"].value, ws[f"{col}9"].value = ws[f"{col}9"].value, ws[f"{col}1"].value

    assert read_pejlemaerke(workbook_factory(edit=swap)) == PEJLEMAERKE_1


def test_empty_rows_between_delmaal_are_skipped(workbook_factory):
    def gap(workbook):
        workbook["Delmål"].insert_rows(4, amount=2)
        workbook["Tekster"].insert_rows(3)

    assert read_pejlemaerke(workbook_factory(edit=gap)) == PEJLEMAERKE_1


def test_id_with_trailing_dot(workbook_factory):
    path = workbook_factory(cells={"Delmål": {"A2": "A."}})
    assert read_pejlemaerke(path).delmaal[0].id == "A"


# --- formulas with cached values (LibreOffice recalculates) -------------------------


@pytest.fixture(scope="module")
def recalculated(libreoffice, tmp_path_factory) -> dict[str, Path]:
    """Workbooks calculated and saved again by LibreOffice (one soffice call), by name.

    "formler" has formulas that give pejlemærke 1's own figures, "fejl" formulas
    that give Excel errors, and pejlemaerke-N is example N as LibreOffice saves it
    (an analyst may fill the workbook in LibreOffice Calc).
    """
    folder = tmp_path_factory.mktemp("formler")

    def save(name, pejlemaerke, edit=None):
        workbook = build_pejlemaerke_workbook(pejlemaerke)
        try:
            if edit:
                edit(workbook)
            workbook.save(folder / f"{name}.xlsx")
        finally:
            workbook.close()
        return folder / f"{name}.xlsx"

    def good(workbook):
        ws = workbook["Delmål"]
        ws["D3"] = "=C3-64"  # B: 538 - 64 = 474
        ws["C4"] = "=0.95+0.009"  # C: 95,9% in the cell's percent format
        ws["E9"] = "=D9"  # F2: 100
        workbook["Pejlemærke"]["B1"] = "=2-1"
        workbook["Pejlemærke"]["B7"] = '=LOWER("NUL")'

    def bad(workbook):
        ws = workbook["Delmål"]
        ws["D2"] = "=1/0"
        ws["C5"] = "=NA()"

    files = [save("formler", PEJLEMAERKE_1, good), save("fejl", PEJLEMAERKE_1, bad)]
    files += [save(f"pejlemaerke-{p.nummer}", p) for p in PEJLEMAERKER]
    return {path.stem: path for path in libreoffice(files, "xlsx")}


@pytest.mark.libreoffice
def test_formulas_with_cached_values_read_fine(recalculated):
    assert read_pejlemaerke(recalculated["formler"]) == PEJLEMAERKE_1


@pytest.mark.libreoffice
def test_cached_excel_errors(recalculated):
    bad = recalculated["fejl"]
    assert problems_of(bad) == [
        f"{bad}, ark 'Delmål', celle D2: Status: Cellen viser fejlen #DIV/0!. "
        "Ret formlen eller skriv tallet.",
        f"{bad}, ark 'Delmål', celle C5: Baseline: Cellen viser fejlen #N/A. "
        "Ret formlen eller skriv tallet.",
    ]


@pytest.mark.libreoffice
@pytest.mark.parametrize("source", PEJLEMAERKER, ids=lambda p: f"pejlemaerke-{p.nummer}")
def test_workbook_saved_by_libreoffice_reads_the_same(recalculated, source):
    assert read_pejlemaerke(recalculated[f"pejlemaerke-{source.nummer}"]) == source


# --- reading never writes -----------------------------------------------------------


def _fingerprint(path: Path) -> tuple[bytes, int]:
    return path.read_bytes(), path.stat().st_mtime_ns


def _age(path: Path) -> None:
    """Sets the file's times back a day, so a rewrite would show in its mtime."""
    stat = path.stat()
    os.utime(path, ns=(stat.st_atime_ns - 86_400 * 10**9, stat.st_mtime_ns - 86_400 * 10**9))


@pytest.mark.parametrize(
    "cells",
    [
        {},
        {"Delmål": {"D3": "ca. 800"}},
        {"Delmål": {"D3": "=C3*2"}},
        {"Delmål": {"D3": "=C3-64"}, "Tekster": {"A2": "Indledning"}},
    ],
    ids=["valid", "invalid", "formula", "formula-and-invalid"],
)
def test_reading_never_writes_the_workbook(workbook_factory, tmp_path, cells):
    path = workbook_factory(cells=cells)
    _age(path)
    before = _fingerprint(path)
    folder_before = sorted(p.name for p in tmp_path.iterdir())
    try:
        read_pejlemaerke(path)
    except WorkbookError:
        assert cells, "the valid workbook must read without problems"
    else:
        assert cells == {}, "the spoilt workbooks must give problems"
    assert _fingerprint(path) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == folder_before
