"""The standard workbook `dagsorden ny pejlemaerke` writes: its layout is a public
contract (README), it round-trips through the reader, it opens in LibreOffice, and
writing it never clobbers a file."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from eksempeldata import PEJLEMAERKE_1, PEJLEMAERKER
from openpyxl import load_workbook

from dagsorden.cli import main
from dagsorden.errors import OutputError
from dagsorden.kerne.model import (
    Beregning,
    Budget,
    BudgetEnhed,
    Budgetlinje,
    Kolonne,
    Kolonneart,
    ManglendeStatus,
    Negative,
    Nul,
    Pejlemaerke,
    Raekketype,
    Vaegtning,
)
from dagsorden.kilder import workbook_writer
from dagsorden.kilder.budget_workbook import read_budget
from dagsorden.kilder.budgetformer import FORMER, form_navn
from dagsorden.kilder.pejlemaerke_workbook import read_pejlemaerke
from dagsorden.kilder.workbook_writer import (
    blank_budget,
    build_budget_workbook,
    build_pejlemaerke_workbook,
    write_pejlemaerke_workbook,
)
from dagsorden.output import write_atomically

# The contract as the README documents it, written out here rather than imported,
# so a change to the package's constants shows up as a broken contract.
SHEETS = [
    "Pejlemærke",
    "Delmål",
    "Tekster",
    "Målinger",
    "Milepæle",
    "Sammenligning",
    "Aktiviteter",
    "Vejledning",
]
LABELS = [
    "Nummer",
    "Titel",
    "Område",
    "Baselineår",
    "Statusår",
    "Målår",
    "Manglende status",
    "Vægtning",
    "Ansvarlig",
]
DELMAAL_HEADERS = [
    "ID",
    "Delmål",
    "Baseline",
    "Status",
    "Mål",
    "Enhed",
    "Population",
    "Markering",
    "Note",
]
TEKSTER_HEADERS = ["Afsnit", "Tekst"]
CHOICES = {
    ("Delmål", "Enhed"): ["antal", "pct"],
    ("Delmål", "Markering"): ["blå", "orange"],
    ("Pejlemærke", "Manglende status"): ["udelad", "nul"],
    ("Pejlemærke", "Vægtning"): ["ingen", "population"],
    ("Tekster", "Afsnit"): [
        "Årsager",
        "Aktivitet",
        "Risiko",
        "Budgetforslag",
        "Opmærksomhed",
        "Fodnote",
    ],
}
EKSEMPLER = Path(__file__).resolve().parents[1] / "workbooks" / "eksempler"
FORMER_MAPPE = Path(__file__).resolve().parents[1] / "cases" / "oekonomi-former"
sys.path.insert(0, str(FORMER_MAPPE))

from lav_eksempler import BUDGETTER  # noqa: E402

INPUT_ROWS = 50
"""At least this many delmål and tekst rows are ready to fill (styled, unlocked)."""


@pytest.fixture(scope="module")
def blank(tmp_path_factory) -> Path:
    """A blank workbook written by `dagsorden ny pejlemaerke`."""
    path = tmp_path_factory.mktemp("ny") / "ny.xlsx"
    result = CliRunner().invoke(main, ["ny", "pejlemaerke", str(path)])
    assert result.exit_code == 0, result.output
    return path


@pytest.fixture
def opened(blank):
    """The blank workbook opened fully by openpyxl (styles, protection, validations)."""
    workbook = load_workbook(blank)
    yield workbook
    workbook.close()


def _column(ws, header: str) -> str:
    for cell in ws[1]:
        if cell.value == header:
            return cell.column_letter
    raise AssertionError(f"no column {header!r} in {[c.value for c in ws[1]]}")


def _value_cell(ws, label: str) -> str:
    for row in range(1, ws.max_row + 1):
        if ws.cell(row, 1).value == label:
            return f"B{row}"
    raise AssertionError(f"no label {label!r} in column A")


def _input_cells(ws) -> list:
    """The cells an analyst fills in each sheet of the blank workbook."""
    if ws.title == "Pejlemærke":
        return [ws[f"B{row}"] for row in range(1, len(LABELS) + 1)]
    width = len(DELMAAL_HEADERS) if ws.title == "Delmål" else len(TEKSTER_HEADERS)
    return [ws.cell(row, col) for row in range(2, INPUT_ROWS + 2) for col in range(1, width + 1)]


# --- layout -------------------------------------------------------------------------


def test_sheet_names(opened):
    assert opened.sheetnames == SHEETS


def test_labels_in_column_a_in_order(opened):
    ws = opened["Pejlemærke"]
    assert [ws.cell(row, 1).value for row in range(1, len(LABELS) + 1)] == LABELS
    assert ws.cell(len(LABELS) + 1, 1).value is None


def test_headers_in_row_1(opened):
    assert [c.value for c in opened["Delmål"][1]] == DELMAAL_HEADERS
    assert [c.value for c in opened["Tekster"][1]] == TEKSTER_HEADERS


def test_blank_defaults(opened):
    ws = opened["Pejlemærke"]
    values = {label: ws[_value_cell(ws, label)].value for label in LABELS}
    assert values == {
        "Nummer": None,
        "Titel": None,
        "Område": None,
        "Baselineår": None,
        "Statusår": None,
        "Målår": None,
        "Manglende status": "udelad",
        "Vægtning": "ingen",
        "Ansvarlig": None,
    }
    for sheet in ("Delmål", "Tekster"):
        data = [c.value for row in opened[sheet].iter_rows(min_row=2) for c in row if c.value]
        assert data == [], sheet


def test_vejledning_in_danish(opened):
    text = "\n".join(str(c.value) for row in opened["Vejledning"].iter_rows() for c in row)
    assert "Sådan udfylder du arbejdsbogen" in text
    for word in ("Pejlemærke", "Delmål", "Tekster", "<1,1%", "Ø304", "dagsorden tjek"):
        assert word in text


@pytest.mark.parametrize("sheet", ["Pejlemærke", "Delmål", "Tekster"])
def test_input_cells_unlocked_and_styled_as_input(opened, sheet):
    ws = opened[sheet]
    wrong = [c.coordinate for c in _input_cells(ws) if c.protection.locked or c.style != "Input"]
    assert wrong == []


@pytest.mark.parametrize("sheet", ["Pejlemærke", "Delmål", "Tekster"])
def test_headers_locked_and_sheet_protected(opened, sheet):
    ws = opened[sheet]
    if sheet == "Pejlemærke":
        headers = [ws.cell(row, 1) for row in range(1, len(LABELS) + 1)]
    else:
        headers = [c for c in ws[1] if c.value]
    assert headers
    assert all(c.protection.locked for c in headers)
    assert all(c.style != "Input" for c in headers)
    assert ws.protection.sheet is True
    assert not ws.protection.password  # protection against slips, not a secret


@pytest.mark.parametrize(("sheet", "header"), list(CHOICES))
def test_drop_down_on_fixed_choices(opened, sheet, header):
    ws = opened[sheet]
    if sheet == "Pejlemærke":
        cells = [_value_cell(ws, header)]
    else:
        col = _column(ws, header)
        cells = [f"{col}2", f"{col}{INPUT_ROWS + 1}"]
    matching = [
        dv for dv in ws.data_validations.dataValidation if all(cell in dv.sqref for cell in cells)
    ]
    assert len(matching) == 1, f"{sheet}!{cells}: {ws.data_validations.dataValidation}"
    validation = matching[0]
    assert validation.type == "list"
    assert validation.formula1.strip('"').split(",") == CHOICES[(sheet, header)]
    assert validation.allow_blank
    assert validation.showErrorMessage


def test_no_drop_down_on_free_columns(opened):
    ws = opened["Delmål"]
    for header in ("ID", "Delmål", "Baseline", "Status", "Mål", "Note"):
        cell = f"{_column(ws, header)}2"
        assert not [dv for dv in ws.data_validations.dataValidation if cell in dv.sqref], header


@pytest.mark.parametrize("sheet", ["Delmål", "Tekster"])
def test_frozen_header(opened, sheet):
    assert opened[sheet].freeze_panes == "A2"


def test_danish_looking_number_formats(opened):
    ws = opened["Delmål"]
    for header in ("Baseline", "Status", "Mål", "Population"):
        fmt = ws[f"{_column(ws, header)}2"].number_format
        assert "#,##0" in fmt, (header, fmt)
    info = opened["Pejlemærke"]
    for label in ("Nummer", "Baselineår", "Statusår", "Målår"):
        # a year is 2014, never 2,014 or 2.014
        assert info[_value_cell(info, label)].number_format == "0", label


def test_sensible_widths(opened):
    ws = opened["Delmål"]
    assert ws.column_dimensions[_column(ws, "Delmål")].width >= 40
    assert ws.column_dimensions[_column(ws, "ID")].width < 15
    assert opened["Tekster"].column_dimensions["B"].width >= 60
    assert opened["Pejlemærke"].column_dimensions["B"].width >= 30


def test_nummer_and_titel_are_written(tmp_path):
    path = write_pejlemaerke_workbook(tmp_path / "p.xlsx", nummer=4, titel="Flere har et job")
    workbook = load_workbook(path)
    try:
        ws = workbook["Pejlemærke"]
        assert (ws["B1"].value, ws["B2"].value) == (4, "Flere har et job")
    finally:
        workbook.close()
    pejlemaerke = read_pejlemaerke(path)
    assert pejlemaerke == Pejlemaerke(
        nummer=4,
        titel="Flere har et job",
        delmaal=(),
        manglende_status=ManglendeStatus.UDELAD,
        vaegtning=Vaegtning.INGEN,
    )


# --- round trip ---------------------------------------------------------------------


def _save(workbook, path: Path) -> Path:
    try:
        workbook.save(path)
    finally:
        workbook.close()
    return path


@pytest.mark.parametrize("source", PEJLEMAERKER, ids=lambda p: f"pejlemaerke-{p.nummer}")
def test_round_trip(tmp_path, source):
    path = _save(build_pejlemaerke_workbook(source), tmp_path / "p.xlsx")
    read = read_pejlemaerke(path)
    assert read.delmaal == source.delmaal
    assert read.tekster == source.tekster
    assert read == source


@pytest.mark.parametrize("source", PEJLEMAERKER, ids=lambda p: f"pejlemaerke-{p.nummer}")
def test_committed_examples_match_eksempeldata(source):
    """workbooks/eksempler/ is generated from eksempeldata; a stale example fails."""
    read = read_pejlemaerke(EKSEMPLER / f"pejlemaerke-{source.nummer}.xlsx")
    assert read.delmaal == source.delmaal
    assert read.tekster == source.tekster
    assert read == source


def test_no_other_committed_examples():
    assert sorted(p.name for p in EKSEMPLER.glob("*.xlsx")) == sorted(
        f"pejlemaerke-{p.nummer}.xlsx" for p in PEJLEMAERKER
    )


def test_filled_workbook_keeps_the_contract(tmp_path):
    """A filled workbook (the examples) has the blank one's layout, plus its rows."""
    path = _save(build_pejlemaerke_workbook(PEJLEMAERKE_1), tmp_path / "p.xlsx")
    workbook = load_workbook(path)
    try:
        assert workbook.sheetnames == SHEETS
        assert [c.value for c in workbook["Delmål"][1]] == DELMAAL_HEADERS
        ids = [workbook["Delmål"].cell(row, 1).value for row in range(2, 11)]
        assert ids == ["A", "B", "C", "D", "E", "F", "F1", "F2", None]
        c_baseline = workbook["Delmål"]["C4"]
        assert (c_baseline.value, c_baseline.number_format) == (0.959, "0.0%")
        assert not c_baseline.protection.locked
    finally:
        workbook.close()


# --- LibreOffice --------------------------------------------------------------------


@pytest.mark.libreoffice
def test_workbooks_load_in_libreoffice(blank, libreoffice):
    """The blank workbook and an example open in LibreOffice (one soffice call)."""
    pdfs = libreoffice([blank, EKSEMPLER / "pejlemaerke-1.xlsx"], "pdf")
    for pdf in pdfs:
        data = pdf.read_bytes()
        assert data.startswith(b"%PDF-"), pdf
        assert len(data) > 1000, pdf


# --- writing safely -----------------------------------------------------------------


def test_never_overwrites(tmp_path):
    target = tmp_path / "pejlemaerke-1.xlsx"
    target.write_bytes(b"analytikerens arbejde")
    with pytest.raises(OutputError, match="filen findes allerede") as caught:
        write_pejlemaerke_workbook(target, PEJLEMAERKE_1)
    assert str(target) in str(caught.value)
    assert target.read_bytes() == b"analytikerens arbejde"
    assert [p.name for p in tmp_path.iterdir()] == ["pejlemaerke-1.xlsx"]


def test_refuses_a_file_open_in_excel(tmp_path):
    target = tmp_path / "pejlemaerke-1.xlsx"
    (tmp_path / "~$pejlemaerke-1.xlsx").write_bytes(b"\x00")
    with pytest.raises(OutputError, match="åben i Word eller Excel"):
        write_pejlemaerke_workbook(target, PEJLEMAERKE_1)
    assert [p.name for p in tmp_path.iterdir()] == ["~$pejlemaerke-1.xlsx"]


def test_missing_folder(tmp_path):
    target = tmp_path / "findes-ikke" / "p.xlsx"
    with pytest.raises(OutputError, match="findes ikke"):
        write_pejlemaerke_workbook(target)
    assert list(tmp_path.iterdir()) == []


def test_no_temp_file_left_when_saving_fails(tmp_path, monkeypatch):
    def half_save(self, filename):
        Path(filename).write_bytes(b"PK\x03\x04 halvt skrevet")
        raise OSError("disken er fuld")

    monkeypatch.setattr(workbook_writer.Workbook, "save", half_save)
    with pytest.raises(OutputError, match="disken er fuld"):  # a Danish message, no traceback
        write_pejlemaerke_workbook(tmp_path / "p.xlsx", PEJLEMAERKE_1)
    assert list(tmp_path.iterdir()) == []


def test_interrupted_write_leaves_nothing(tmp_path):
    target = tmp_path / "p.xlsx"

    def interrupted(temp: Path) -> None:
        temp.write_bytes(b"halvt")
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        write_atomically(target, interrupted)
    assert list(tmp_path.iterdir()) == []


def test_written_file_has_normal_permissions(tmp_path):
    path = write_pejlemaerke_workbook(tmp_path / "p.xlsx")
    umask = os.umask(0)
    os.umask(umask)
    assert path.stat().st_mode & 0o777 == 0o666 & ~umask
    assert [p.name for p in tmp_path.iterdir()] == ["p.xlsx"]


# --- the budget workbook (issue 12: every shape) ---------------------------------------

ALT_ANDET = Budget(
    tabeltitel="Alt det, Oplysninger kan",
    enhed=BudgetEnhed.MIO_KR,
    kolonner=(
        Kolonne("Budget"),
        Kolonne("Skøn"),
        Kolonne(
            "Andel", Kolonneart.PROCENT, Beregning("Skøn / Budget", (("+", "Skøn"),), "Budget")
        ),
        Kolonne("Tom"),
    ),
    linjer=(
        Budgetlinje("Netto", (1.25, 1.0, None, None), tekster=("A", "x")),
        Budgetlinje("Udgifter i alt", (-0.5, -0.25, None, None), tekster=("B", "")),
        Budgetlinje("Sum", (None, None, None, None), type=Raekketype.SUM, tekster=("", "")),
    ),
    tekstkolonner=(
        Kolonne("Kode", Kolonneart.TEKST, foran_post=True),
        Kolonne("Note", Kolonneart.TEKST),
    ),
    i_alt_kolonne=False,
    decimaler=2,
    negative=Negative.PARENTES,
    nul=Nul.STREG,
    afrundingsnote="Tallene er afrundede.",
)


def _budget_sheets(path: Path) -> list[str]:
    workbook = load_workbook(path)
    try:
        return workbook.sheetnames
    finally:
        workbook.close()


@pytest.mark.parametrize("budget", [*BUDGETTER.values(), ALT_ANDET], ids=[*BUDGETTER, "alt"])
def test_budget_round_trip(tmp_path, budget):
    path = _save(build_budget_workbook(budget), tmp_path / "b.xlsx")
    assert read_budget(path) == budget


def test_type_column_and_kolonner_sheet_only_when_needed(tmp_path):
    plain = _save(build_budget_workbook(BUDGETTER["aar.xlsx"]), tmp_path / "aar.xlsx")
    workbook = load_workbook(plain)
    try:
        assert workbook.sheetnames == ["Økonomi", "Oplysninger", "Vejledning"]
        # "I alt" names the total by itself: no Type column.
        assert [c.value for c in workbook["Økonomi"][1]][:6] == [
            "Post",
            2026,
            2027,
            2028,
            2029,
            None,
        ]
    finally:
        workbook.close()
    grouped = _save(build_budget_workbook(BUDGETTER["omraader.xlsx"]), tmp_path / "o.xlsx")
    workbook = load_workbook(grouped)
    try:
        ws = workbook["Økonomi"]
        assert workbook.sheetnames == ["Økonomi", "Oplysninger", "Vejledning"]
        assert [c.value for c in ws[1]][:4] == ["Type", "Post", 2025, 2026]
        assert [ws.cell(r, 1).value for r in range(2, 8)] == [
            "overskrift",
            "overskrift",
            None,
            None,
            None,
            "sum",
        ]
        assert ws["B2"].font.b and ws["B4"].alignment.indent == 2
    finally:
        workbook.close()
    derived = _save(build_budget_workbook(BUDGETTER["prognose.xlsx"]), tmp_path / "p.xlsx")
    workbook = load_workbook(derived)
    try:
        assert workbook.sheetnames == ["Økonomi", "Oplysninger", "Kolonner", "Vejledning"]
        rows = [[c.value for c in row][:3] for row in workbook["Kolonner"].iter_rows(max_row=3)]
        assert rows == [
            ["Kolonne", "Art", "Beregning"],
            ["Afvigelse", "beløb", "Korr. budget 2025 - Forventet regnskab 2025"],
            ["Afvigelse i pct.", "procent", "Afvigelse / Korr. budget 2025"],
        ]
    finally:
        workbook.close()


def test_new_oplysninger_fields_written(tmp_path):
    path = _save(build_budget_workbook(ALT_ANDET), tmp_path / "b.xlsx")
    workbook = load_workbook(path)
    try:
        ws = workbook["Oplysninger"]
        values = {ws.cell(r, 1).value: ws.cell(r, 2).value for r in range(1, ws.max_row + 1)}
        help_texts = [ws.cell(r, 3).value for r in range(1, ws.max_row + 1)]
    finally:
        workbook.close()
    assert values["Enhed"] == "mio. kr."
    assert values["I alt-kolonne"] == "nej"
    assert values["Decimaler"] == 2
    assert values["Negative tal"] == "parentes"
    assert values["Nul vises som"] == "-"
    assert values["Afrundingsnote"] == "Tallene er afrundede."
    assert all(help_texts)


def test_budget_vejledning_in_danish(tmp_path):
    path = _save(build_budget_workbook(), tmp_path / "b.xlsx")
    workbook = load_workbook(path)
    try:
        text = "\n".join(str(c.value) for row in workbook["Vejledning"].iter_rows() for c in row)
    finally:
        workbook.close()
    for word in (
        "Type",
        "overskrift",
        "sum",
        "heraf",
        "total",
        "Kolonner",
        "Beregning",
        "I alt-kolonne",
        "Decimaler",
        "afrunding",
        "dagsorden oekonomi",
    ):
        assert word in text, word


@pytest.mark.parametrize("form", FORMER)
def test_each_form_reads_once_filled(tmp_path, form):
    """A blank form holds only the rows and columns of its shape: filled with figures
    and a title, it reads without a problem."""
    workbook = build_budget_workbook(form=form, foerste_aar=2026)
    ws = workbook["Økonomi"]
    header = [c.value for c in ws[1]]
    post = header.index("Post") + 1
    type_col = header.index("Type") + 1 if "Type" in header else None
    figures = [
        i + 1
        for i, h in enumerate(header)
        if isinstance(h, int)
        or (
            isinstance(h, str)
            and h not in ("Post", "Type", "I alt")
            and "pct" not in h
            and h != "Afvigelse"
        )
    ]
    if form == "år":
        ws.cell(2, post, "Udgiftsbudget")
    for r in range(2, ws.max_row + 1):
        kind = ws.cell(r, type_col).value if type_col else None
        name = ws.cell(r, post).value
        if not name or kind in ("overskrift", "sum", "total") or name in ("I alt",):
            continue
        for n, col in enumerate(figures):
            ws.cell(r, col, 10 - n if name.startswith("Heraf") else 100 + n)
    workbook["Oplysninger"]["B1"] = f"Formen {form}"
    path = _save(workbook, tmp_path / "b.xlsx")
    budget = read_budget(path)
    assert budget.tabeltitel == f"Formen {form}"
    assert blank_budget(form, 2026).navne == budget.navne


def test_form_names():
    assert [form_navn(n) for n in ("år", "AAR", " Områder ", "omraader", "Tilskud")] == [
        "år",
        "år",
        "områder",
        "områder",
        "tilskud",
    ]
    with pytest.raises(ValueError):
        form_navn("kvartal")
