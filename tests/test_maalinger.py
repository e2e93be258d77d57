"""The workbook's sheets over time (kilder.maalinger): Målinger, Milepæle,
Sammenligning, Aktiviteter; how the long and the short form must agree; warnings for
what the reader does not know; tired and hostile input named by file, sheet and cell.

Pejlemærke 1 (conftest) has Baselineår 2013 in B4, Statusår 2014 in B5, and on
Delmål: A (row 2: 859, 828), B (3), C (4, pct), D, E, F (7, parent), F1 (8), F2 (9).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from click.testing import CliRunner
from eksempeldata import OPDIGTET, PEJLEMAERKER, SEED_004

from dagsorden.cli.hoved import main
from dagsorden.errors import WorkbookError
from dagsorden.kerne.model import Fremdrift, Maal, Maaling, Milepael, Retning
from dagsorden.kilder.pejlemaerke_workbook import read_pejlemaerke
from dagsorden.kilder.workbook_writer import write_pejlemaerke_workbook

ROOT = Path(__file__).resolve().parents[1]
EKSEMPLER = ROOT / "workbooks" / "eksempler"


def problems_of(path: Path) -> list[str]:
    with pytest.raises(WorkbookError) as caught:
        read_pejlemaerke(path)
    return [str(p) for p in caught.value.problems]


def rows(sheet: str, *values: tuple) -> dict[str, dict[str, object]]:
    """Cells of `sheet` from row 2 on, one tuple per row from column A."""
    out: dict[str, object] = {}
    for r, row in enumerate(values, start=2):
        for c, value in enumerate(row):
            out[f"{'ABCDEF'[c]}{r}"] = value
    return {sheet: out}


def delmaal(p, id_):
    return next(x for d in p.delmaal for x in (d, *d.underpunkter) if x.id == id_)


# --- the examples, round trip -------------------------------------------------------


@pytest.mark.parametrize(
    "pejlemaerke", [*PEJLEMAERKER, SEED_004, OPDIGTET], ids=lambda p: f"{p.nummer}-{p.titel[:12]}"
)
def test_round_trip(tmp_path, pejlemaerke):
    path = write_pejlemaerke_workbook(tmp_path / "p.xlsx", pejlemaerke)
    assert read_pejlemaerke(path) == pejlemaerke


@pytest.mark.parametrize(
    "fil, pejlemaerke",
    [
        *((f"pejlemaerke-{p.nummer}.xlsx", p) for p in PEJLEMAERKER),
        ("bif-sof-2009/aktiveringsgrad.xlsx", SEED_004),
        ("opdigtet/opdigtet-eksempel.xlsx", OPDIGTET),
    ],
)
def test_committed_examples_are_eksempeldata(fil, pejlemaerke):
    """A stale committed workbook fails: run scripts/make_examples.py."""
    assert read_pejlemaerke(EKSEMPLER / fil) == pejlemaerke


def test_seed_002_years_from_its_notes():
    read = {
        p.nummer: p
        for p in (read_pejlemaerke(EKSEMPLER / f"pejlemaerke-{n}.xlsx") for n in (1, 4, 7, 9))
    }
    assert [(m.aar, m.vaerdi) for m in delmaal(read[1], "A").maalinger] == [
        (2013, 859),
        (2014, 828),
    ]
    assert delmaal(read[4], "A").baselineaar == 2014
    assert delmaal(read[7], "A").baselineaar == 2012
    assert delmaal(read[9], "C").baselineaar == 2014
    assert delmaal(read[1], "A").baselineaar is None


def test_invented_example_says_so_everywhere():
    p = read_pejlemaerke(EKSEMPLER / "opdigtet" / "opdigtet-eksempel.xlsx")
    assert "opdigtet" in p.titel
    for d in p.delmaal:
        assert d.note.startswith("Opdigtet eksempel")
        assert all(m.kilde == "Opdigtet eksempel" and "Opdigtet" in m.note for m in d.maalinger)
    assert all(a.kommentar.startswith("Opdigtet eksempel") for a in p.aktiviteter)


# --- Målinger and the short form ----------------------------------------------------


def test_measurements_give_the_series_and_agree_with_the_short_form(workbook_factory):
    path = workbook_factory(
        cells=rows(
            "Målinger",
            ("A", 2013, 859, "Bilag I", ""),
            ("A", "2014 ", "828", "", "Opgjort i december"),
            ("a", "2015,0", 850),
        )
    )
    a = delmaal(read_pejlemaerke(path), "A")
    assert a.maalinger == (
        Maaling(2013, 859.0, "Bilag I"),
        Maaling(2014, 828.0, "", "Opgjort i december"),
        Maaling(2015, 850.0),
    )
    assert (a.baseline, a.status, a.baselineaar) == (859.0, 828.0, None)


def test_baseline_disagreeing_names_both_cells(workbook_factory):
    path = workbook_factory(cells=rows("Målinger", ("A", 2013, 860), ("A", 2014, 828)))
    assert problems_of(path) == [
        f"{path}, ark 'Delmål', celle C2: Baseline 859 passer ikke med målingen for "
        "baselineåret 2013 på arket 'Målinger', celle C2: 860. Et delmål med målinger får "
        "sine tal derfra: ret den ene, eller slet Baseline her."
    ]


def test_baseline_from_another_year_must_agree_too(workbook_factory):
    """Målinger start in 2014: that is A's baseline, and 859 on Delmål is no 2014 figure."""
    path = workbook_factory(cells=rows("Målinger", ("A", 2014, 828)))
    (problem, *_) = problems_of(path)
    assert problem == (
        f"{path}, ark 'Delmål', celle C2: Baseline 859 står ikke på arket 'Målinger' for "
        "baselineåret 2013, så delmålets baseline ville blive målingen fra 2014 (celle C2: "
        "828). Tilføj rækken (ID A, År 2013, Værdi 859) på arket 'Målinger'; er 859 fra et "
        "andet år, så skriv det år. Slet ikke Baseline her, før tallet står på arket."
    )


def test_status_missing_from_the_measurements(workbook_factory):
    path = workbook_factory(cells=rows("Målinger", ("A", 2013, 859)))
    assert problems_of(path) == [
        f"{path}, ark 'Delmål', celle D2: Status 828 står ikke på arket 'Målinger' for "
        "statusåret 2014. Et delmål med målinger får sine tal derfra: tilføj rækken (ID A, "
        "År 2014, Værdi 828) på arket 'Målinger'."
    ]


def test_status_disagreeing(workbook_factory):
    path = workbook_factory(cells=rows("Målinger", ("A", 2013, 859), ("A", 2014, 829)))
    assert problems_of(path) == [
        f"{path}, ark 'Delmål', celle D2: Status 828 passer ikke med målingen for "
        "statusåret 2014 på arket 'Målinger', celle C3: 829. Ret den ene. Er 828 tallet "
        "fra et tidligere år, så tilføj det på arket 'Målinger' med sit år, før du sletter "
        "Status her."
    ]


def test_short_form_left_empty_takes_the_long_form(workbook_factory):
    path = workbook_factory(
        cells={
            "Delmål": {"C2": None, "D2": None},
            **rows("Målinger", ("A", 2013, 859), ("A", 2014, 828)),
        }
    )
    a = delmaal(read_pejlemaerke(path), "A")
    assert (a.baseline, a.status) == (859.0, 828.0)


def test_years_are_required_with_measurements(workbook_factory):
    path = workbook_factory(
        cells={"Pejlemærke": {"B4": None, "B5": None}, **rows("Målinger", ("A", 2013, 859))}
    )
    assert problems_of(path) == [
        f"{path}, ark 'Pejlemærke', celle B4: Baselineår skal udfyldes, når arket "
        "'Målinger' har målinger: ellers kan Baseline og Status ikke knyttes til et år.",
        f"{path}, ark 'Pejlemærke', celle B5: Statusår skal udfyldes, når arket "
        "'Målinger' har målinger: ellers kan Baseline og Status ikke knyttes til et år.",
    ]


def test_unknown_and_parent_ids(workbook_factory):
    path = workbook_factory(cells=rows("Målinger", ("Z", 2013, 1), ("F", 2013, 1)))
    assert problems_of(path) == [
        f"{path}, ark 'Målinger', celle A2: ID 'Z' findes ikke på arket 'Delmål'. Delmål "
        "med tal: A, B, C, D, E, F1, F2.",
        f"{path}, ark 'Målinger', celle A3: Delmål 'F' har underpunkter (F1 og F2); "
        "tallene hører til dem.",
    ]


def test_duplicate_rows(workbook_factory):
    """The same figure twice is a warning (it counts once); two figures an error."""
    same = workbook_factory(
        cells=rows("Målinger", ("A", 2013, 859), ("A", 2014, 828), ("A", 2014, "828")),
        name="same.xlsx",
    )
    p = read_pejlemaerke(same)
    assert [str(w) for w in p.advarsler] == [
        f"{same}, ark 'Målinger', celle A4: Målingen for 'A' i 2014 står også i række 3 "
        "med samme tal; den tæller én gang. Slet den ene række."
    ]
    other = workbook_factory(
        cells=rows("Målinger", ("A", 2013, 859), ("A", 2014, 828), ("A", 2014, 830)),
        name="other.xlsx",
    )
    assert problems_of(other) == [
        f"{other}, ark 'Målinger', celle C4: Målingen for 'A' i 2014 står også i række 3 "
        "med et andet tal (828 mod 830). Slet den forkerte."
    ]


@pytest.mark.parametrize(
    "year, message",
    [
        (dt.datetime(2014, 1, 1), "År: Excel har gjort året til en dato"),
        (14, "År: 14 er ikke et årstal. Skriv året med fire cifre, fx 2014."),
        ("2014,5", "År: '2014,5' er ikke et helt tal."),
        (None, "År mangler: skriv året for målingen, fx 2014."),
    ],
)
def test_bad_years(workbook_factory, year, message):
    path = workbook_factory(cells=rows("Målinger", ("B", year, 500)))
    (problem,) = problems_of(path)
    assert problem.startswith(f"{path}, ark 'Målinger', celle B2: {message}")


@pytest.mark.parametrize(
    "value, message",
    [
        ("NaN", "Værdi: 'NaN' er ikke et tal."),
        ("ca. 500", "Værdi: 'ca. 500' er ikke et tal."),
        ("-", "Værdi mangler. Et år uden tal skal ikke have en række: slet rækken."),
        ("=1/0", "Værdi: Formlen har ingen beregnet værdi."),
    ],
)
def test_bad_values(workbook_factory, value, message):
    path = workbook_factory(cells=rows("Målinger", ("B", 2015, value)))
    (problem,) = problems_of(path)
    assert problem.startswith(f"{path}, ark 'Målinger', celle C2: {message}")


def test_a_fraction_in_a_pct_delmaal_is_refused(workbook_factory):
    path = workbook_factory(cells=rows("Målinger", ("C", 2013, "95,9%"), ("C", 2014, 0.971)))
    (problem,) = problems_of(path)
    assert problem.startswith(
        f"{path}, ark 'Målinger', celle C3: Værdi: 0,971 står uden %-tegn og uden "
        "procentformat, men delmålet er i pct. Er det 97,1% eller 0,971%?"
    )


def test_sheet_and_headers_in_another_case(workbook_factory):
    def edit(wb):
        ws = wb["Målinger"]
        ws.title = "målinger "
        ws["A1"], ws["B1"], ws["C1"] = "id", " ÅR", "værdi"
        for r, (aar, value) in enumerate(((2013, 538), (2014, 474), (2015, 480)), start=2):
            ws[f"A{r}"], ws[f"B{r}"], ws[f"C{r}"] = " b", aar, value

    b = delmaal(read_pejlemaerke(workbook_factory(edit=edit)), "B")
    assert [(m.aar, m.vaerdi) for m in b.maalinger] == [(2013, 538), (2014, 474), (2015, 480)]


# --- warnings for what the reader does not know -------------------------------------


def test_unknown_column_with_a_year_points_to_maalinger(workbook_factory):
    path = workbook_factory(cells={"Delmål": {"J1": "Status 2015", "J2": 850}})
    p = read_pejlemaerke(path)
    assert [str(w) for w in p.advarsler] == [
        f"{path}, ark 'Delmål', celle J1: Kolonnen 'Status 2015' kendes ikke og læses "
        "ikke, så dens tal og tekster kommer ikke med. Tal for flere år skrives på arket "
        "'Målinger' (ID, År, Værdi); 'dagsorden opgrader' tilføjer arket."
    ]


def test_unknown_sheet_suggests_the_name_meant(workbook_factory):
    def edit(wb):
        wb.create_sheet("Maalinger")
        wb.create_sheet("Mine noter")

    path = workbook_factory(edit=edit)
    assert [str(w) for w in read_pejlemaerke(path).advarsler] == [
        f"{path}: Arket 'Maalinger' kendes ikke og læses ikke, så det, der står i det, "
        "kommer ikke med. Mente du 'Målinger'?",
        f"{path}: Arket 'Mine noter' kendes ikke og læses ikke, så det, der står i det, "
        "kommer ikke med.",
    ]


def test_tjek_prints_warnings_and_passes(workbook_factory, tmp_path):
    path = workbook_factory(cells={"Delmål": {"J1": "Status 2015"}})
    result = CliRunner().invoke(main, ["tjek", str(path)])
    assert result.exit_code == 0, result.output
    assert "Advarsel: " in result.stderr and "celle J1: Kolonnen 'Status 2015'" in result.stderr
    assert result.stdout.strip().endswith("Ingen problemer i 1 arbejdsbog (1 advarsel).")


def test_old_workbook_without_the_new_sheets_reads_as_before(workbook_factory):
    from eksempeldata import PEJLEMAERKE_1

    def edit(wb):
        for name in ("Målinger", "Milepæle", "Sammenligning", "Aktiviteter"):
            wb.remove(wb[name])

    p = read_pejlemaerke(workbook_factory(edit=edit))
    assert p == PEJLEMAERKE_1 and p.advarsler == ()


# --- Milepæle, Sammenligning, Aktiviteter -------------------------------------------


def test_milestones(workbook_factory):
    path = workbook_factory(
        cells=rows("Milepæle", ("A", 2015, 900), ("C", 2016, "97%"), ("B", 2015, "<500"))
    )
    p = read_pejlemaerke(path)
    assert delmaal(p, "A").milepaele == (Milepael(2015, Maal(900.0)),)
    assert delmaal(p, "C").milepaele == (Milepael(2016, Maal(97.0)),)
    assert delmaal(p, "B").milepaele == (Milepael(2015, Maal(500.0, Retning.UNDER)),)


def test_milestone_twice_and_without_figure(workbook_factory):
    path = workbook_factory(
        cells=rows("Milepæle", ("A", 2015, 900), ("A", 2015, 950), ("B", 2016, None))
    )
    assert problems_of(path) == [
        f"{path}, ark 'Milepæle', celle B3: Milepælen for 'A' i 2015 står også i række 2. "
        "Slet den ene.",
        f"{path}, ark 'Milepæle', celle C4: Mål mangler: skriv tallet, delmålet skal nå i året.",
    ]


def test_comparison_rows_checked(workbook_factory):
    path = workbook_factory(
        cells=rows(
            "Sammenligning",
            ("C", "Aarhus", 2014, "96%"),
            ("C", "aarhus", 2014, "95%"),
            ("C", None, 2014, "90%"),
        )
    )
    assert problems_of(path) == [
        f"{path}, ark 'Sammenligning', celle D3: Tallet for aarhus ('C', 2014) står også i "
        "række 2. Slet den ene.",
        f"{path}, ark 'Sammenligning', celle B4: By mangler: skriv byens navn, fx Aarhus.",
    ]


def test_activities(workbook_factory):
    path = workbook_factory(
        cells=rows(
            "Aktiviteter",
            (
                "Unge på vej & <deleboliger>",
                "A, B og F1",
                "SOF",
                dt.datetime(2015, 6, 1),
                "Grøn",
                "ok",
            ),
            ("Basis-boliger", "c", "", 2016, "gul", ""),
            ("Uden fremdrift", "", "", "Løbende", None, None),
        )
    )
    aktiviteter = read_pejlemaerke(path).aktiviteter
    assert [(a.aktivitet, a.delmaal, a.frist, a.fremdrift) for a in aktiviteter] == [
        ("Unge på vej & <deleboliger>", ("A", "B", "F1"), "01.06.2015", Fremdrift.GROEN),
        ("Basis-boliger", ("C",), "2016", Fremdrift.GUL),
        ("Uden fremdrift", (), "Løbende", None),
    ]


def test_bad_activities(workbook_factory):
    path = workbook_factory(
        cells=rows(
            "Aktiviteter",
            ("X", "A, Z", "", "", "blå", ""),
            (None, "A", "SOF", "", "", "en kommentar"),
        )
    )
    assert problems_of(path) == [
        f"{path}, ark 'Aktiviteter', celle B2: Delmål 'Z' findes ikke på arket 'Delmål'. "
        "Skriv ID'erne adskilt af komma, fx A, B.",
        f"{path}, ark 'Aktiviteter', celle E2: Fremdrift: 'blå' er ikke et gyldigt valg. "
        "Skriv 'grøn', 'gul', 'rød'.",
        f"{path}, ark 'Aktiviteter', celle A3: Aktivitet mangler: skriv, hvad aktiviteten er.",
    ]


# --- the blank workbook, empty and huge sheets --------------------------------------


def test_ny_pejlemaerke_writes_the_new_sheets_ready_to_fill(tmp_path):
    from openpyxl import load_workbook

    target = tmp_path / "ny.xlsx"
    result = CliRunner().invoke(
        main, ["ny", "pejlemaerke", str(target), "--nummer", "3", "--titel", "T"]
    )
    assert result.exit_code == 0, result.output
    wb = load_workbook(target)
    headers = {
        name: [c.value for c in wb[name][1] if c.value]
        for name in ("Målinger", "Milepæle", "Sammenligning", "Aktiviteter")
    }
    assert headers == {
        "Målinger": ["ID", "År", "Værdi", "Kilde", "Note"],
        "Milepæle": ["ID", "År", "Mål"],
        "Sammenligning": ["ID", "By", "År", "Værdi"],
        "Aktiviteter": ["Aktivitet", "Delmål", "Ansvarlig", "Frist", "Fremdrift", "Kommentar"],
    }
    ws = wb["Aktiviteter"]
    (validation,) = ws.data_validations.dataValidation
    assert validation.formula1 == '"grøn,gul,rød"'
    assert str(validation.sqref) == "E2:E20"
    assert ws["A2"].protection.locked is False and ws["A1"].protection.locked is not False
    vejledning = [c.value for c in wb["Vejledning"]["A"] if c.value]
    assert "Arket Målinger (valgfrit)" in vejledning
    p = read_pejlemaerke(target)
    assert p.advarsler == () and p.aktiviteter == () and p.sammenligning == ()


def test_an_empty_new_sheet_is_no_problem(workbook_factory):
    def edit(wb):
        wb.remove(wb["Milepæle"])
        wb.create_sheet("Milepæle")  # added by hand and left empty

    assert read_pejlemaerke(workbook_factory(edit=edit)).advarsler == ()


def test_a_header_missing_on_a_new_sheet(workbook_factory):
    path = workbook_factory(cells={"Målinger": {"C1": "Tal", "A2": "A", "B2": 2013, "C2": 859}})
    (problem, *_) = problems_of(path)
    assert problem == (
        f"{path}, ark 'Målinger': Kolonnen 'Værdi' mangler i række 1. Forventet: 'ID', "
        "'År', 'Værdi', 'Kilde', 'Note'; fundet: 'ID', 'År', 'Tal', 'Kilde', 'Note'."
    )


def test_a_huge_measurement_sheet_is_refused(workbook_factory):
    path = workbook_factory(cells={"Målinger": {"A6000": "A"}})
    (problem,) = problems_of(path)
    assert problem.startswith(f"{path}") and "5.000" in problem and "Målinger" in problem


# --- the upgrade path: a figure on Delmål is added to Målinger, never deleted -------


def test_adding_a_year_advises_adding_the_baseline_row_not_deleting_it(workbook_factory):
    """Tester's repro upgrade_path/s1: Statusår moved to 2015 and only A's 2015 figure
    typed on Målinger. The old advice ("slet Baseline her") made 900 from 2015 the
    baseline; the message must ask for the 2013 row instead."""
    path = workbook_factory(
        cells={"Pejlemærke": {"B5": 2015}, **rows("Målinger", ("A", 2015, 900))}
    )
    assert problems_of(path) == [
        f"{path}, ark 'Delmål', celle C2: Baseline 859 står ikke på arket 'Målinger' for "
        "baselineåret 2013, så delmålets baseline ville blive målingen fra 2015 (celle C2: "
        "900). Tilføj rækken (ID A, År 2013, Værdi 859) på arket 'Målinger'; er 859 fra et "
        "andet år, så skriv det år. Slet ikke Baseline her, før tallet står på arket.",
        f"{path}, ark 'Delmål', celle D2: Status 828 passer ikke med målingen for "
        "statusåret 2015 på arket 'Målinger', celle C2: 900. Ret den ene. Er 828 tallet "
        "fra et tidligere år, så tilføj det på arket 'Målinger' med sit år, før du sletter "
        "Status her.",
    ]


def test_a_baseline_from_after_the_baseline_year_is_warned_about(workbook_factory):
    """upgrade_path/s2: Baseline and Status deleted on Delmål, so 900 from 2015 is A's
    baseline; that reads, but not silently."""
    path = workbook_factory(
        cells={
            "Pejlemærke": {"B5": 2015},
            "Delmål": {"C2": None, "D2": None},
            **rows("Målinger", ("A", 2015, 900)),
        }
    )
    p = read_pejlemaerke(path)
    assert (delmaal(p, "A").baseline, delmaal(p, "A").baselineaar) == (900.0, 2015)
    assert [str(w) for w in p.advarsler] == [
        f"{path}, ark 'Delmål', celle C2: Delmål 'A' har ingen måling fra baselineåret 2013 "
        "på arket 'Målinger', så dets baseline er målingen fra 2015 (celle C2: 900). Har "
        "delmålet et tal fra 2013, så tilføj rækken (ID A, År 2013, Værdi) på arket "
        "'Målinger'; begyndte målingen først i 2015, så skriv 900 i Baseline her."
    ]
    # Typed on Delmål as well, the later baseline is the analyst's word: no warning.
    confirmed = workbook_factory(
        cells={
            "Pejlemærke": {"B5": 2015},
            "Delmål": {"C2": 900, "D2": None},
            **rows("Målinger", ("A", 2015, 900)),
        },
        name="bekraeftet.xlsx",
    )
    assert read_pejlemaerke(confirmed).advarsler == ()


def test_figures_after_the_status_year_are_warned_about(workbook_factory):
    """Tester's repro future: a 2015 figure added while Statusår is still 2014."""
    path = workbook_factory(
        cells=rows("Målinger", ("A", 2013, 859), ("A", 2014, 828), ("A", 2015, 900))
    )
    p = read_pejlemaerke(path)
    assert delmaal(p, "A").status == 828.0
    assert [str(w) for w in p.advarsler] == [
        f"{path}, ark 'Målinger', celle B4: Målingen for 'A' fra 2015 kommer ikke med i "
        "status, før du ændrer Statusår (nu 2014) på arket 'Pejlemærke'. Et tal, du har "
        "tilføjet, vises først, når Statusår er ændret."
    ]


# --- one bad cell, one message ------------------------------------------------------


@pytest.mark.parametrize(
    "year, value, cell, message",
    [
        (24, 828, "B3", "År: 24 er ikke et årstal. Skriv året med fire cifre, fx 2014."),
        (2014.5, 828, "B3", "År: '2014,5' er ikke et helt tal."),
        (
            dt.datetime(2014, 1, 1),
            828,
            "B3",
            "År: Excel har gjort året til en dato (01.01.2014). Skriv året som et tal, fx 2014.",
        ),
        (2014, "ca. 828", "C3", "Værdi: 'ca. 828' er ikke et tal."),
        (2014, "NaN", "C3", "Værdi: 'NaN' er ikke et tal."),
    ],
)
def test_a_bad_cell_of_the_status_row_is_one_problem(workbook_factory, year, value, cell, message):
    """Tester's repros aar_15, aar_half, aar_date, v_text, v_nan: the row of A's status
    has one bad cell. It is reported once, not again as "Status 828 står ikke på arket
    'Målinger' ... tilføj rækken" for a row that is there."""
    path = workbook_factory(cells=rows("Målinger", ("A", 2013, 859), ("A", year, value)))
    (problem,) = problems_of(path)
    assert problem.startswith(f"{path}, ark 'Målinger', celle {cell}: {message}")


def test_a_header_typed_without_the_danish_letters(workbook_factory):
    path = workbook_factory(cells={"Målinger": {"B1": "Aar", "A2": "A", "B2": 2013, "C2": 859}})
    assert problems_of(path) == [
        f"{path}, ark 'Målinger': Kolonnen 'År' mangler i række 1. Forventet: 'ID', 'År', "
        "'Værdi', 'Kilde', 'Note'; fundet: 'ID', 'Aar', 'Værdi', 'Kilde', 'Note'. "
        "Mente du 'År'?"
    ]


def test_a_comparison_figure_in_another_unit_is_refused(workbook_factory):
    """Tester's repro sm_unit: 45% for delmål A, which counts people."""
    path = workbook_factory(cells=rows("Sammenligning", ("A", "Aarhus", 2014, "45%")))
    assert problems_of(path) == [
        f"{path}, ark 'Sammenligning', celle D2: Værdi: 45% er en procent, men delmål 'A' "
        "er i antal (kolonnen Enhed på arket 'Delmål'). Skriv byens antal, eller ret Enhed "
        "til pct."
    ]


@pytest.mark.parametrize(
    "milestone, cell, message",
    [
        (
            ("C", 2012, "96%"),  # ms_before
            "B2",
            "Milepælen for 'C' er fra 2012, før delmålets baselineår 2013, og bruges aldrig. "
            "Ret året, eller slet rækken.",
        ),
        (
            ("C", 2018, "97%"),  # ms_after
            "B2",
            "Milepælen for 'C' er fra 2018, efter målåret 2017 (arket 'Pejlemærke'). Ret "
            "året, eller ret Målår.",
        ),
        (
            ("B", 2015, 400),  # ms_beyond: B goes from 538 down to 458
            "C2",
            "Milepælen 400 for 'B' i 2015 ligger ud over målet (458). Tjek tallet, eller ret "
            "Mål på arket 'Delmål'.",
        ),
        (
            ("B", 2015, 560),  # ms_wrongdir
            "C2",
            "Milepælen 560 for 'B' i 2015 er dårligere end baseline (538) set i forhold til "
            "målet (458), så delmålet er grønt mod den allerede ved baseline. Tjek tallet.",
        ),
    ],
)
def test_a_milestone_that_cannot_be_compared_is_warned_about(
    workbook_factory, milestone, cell, message
):
    path = workbook_factory(cells=rows("Milepæle", milestone))
    assert [str(w) for w in read_pejlemaerke(path).advarsler] == [
        f"{path}, ark 'Milepæle', celle {cell}: {message}"
    ]


def test_a_milestone_against_the_direction_of_the_target_is_an_error(workbook_factory):
    """Tester's repro ms_gt: '>500' for B, whose target 458 is below its baseline 538."""
    path = workbook_factory(cells=rows("Milepæle", ("B", 2015, ">500")))
    assert problems_of(path) == [
        f"{path}, ark 'Milepæle', celle C2: Milepælen '>500' peger den modsatte vej af målet "
        "(458, faldende). Skriv '<500', eller skriv tallet uden tegn."
    ]
