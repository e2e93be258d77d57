"""Bad-input corpus, figures (issue 9, section 2): never a wrong figure without a word.

Every case builds a small workbook (or dagsorden.toml) in its working folder and runs
`tjek`, `status` or `oekonomi` on it as a user would. Pejlemærke 1's layout (see
conftest.py): Pejlemærke B1 Nummer, B4-B6 years, B8 Vægtning; Delmål columns C
Baseline, D Status, E Mål, F Enhed, G Population; rows 2-9 hold A, B, C (pct), D, E,
F (text only), F1, F2. The budget is seed 003's: Økonomi A1 Post, B1 2011, C1 2012,
rows 2-3 Indtægtsbudget and Udgiftsbudget; Oplysninger B2 Enhed.
"""

from __future__ import annotations

import datetime as dt
import sys
import zipfile
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import pytest
from badinput import Bad, run_bad
from openpyxl import Workbook

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts"))

from eksempeldata import BUDGET_FOREBYGGELSE, PEJLEMAERKE_1  # noqa: E402

from dagsorden.kilder.workbook_writer import (  # noqa: E402
    build_budget_workbook,
    build_pejlemaerke_workbook,
)

PEJL = "pejlemaerke.xlsx"
BUDGET = "budget.xlsx"
MARKER = 123456789
"""A number written by openpyxl as <v>123456789</v>, replaced in the XML afterwards."""

Setup = Callable[[Path], None]
Edit = Callable[[Workbook], None]


def _patch(path: Path, part: str, old: bytes, new: bytes) -> None:
    """Rewrites one part of a zip, as another program (not Excel) might have written it."""
    with zipfile.ZipFile(path) as archive:
        items = [(info.filename, archive.read(info.filename)) for info in archive.infolist()]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in items:
            if name == part:
                assert old in data, (part, old)
                data = data.replace(old, new)
            archive.writestr(name, data)


def _truncate(path: Path, part: str) -> None:
    with zipfile.ZipFile(path) as archive:
        data = archive.read(part)
    _patch(path, part, data, data[: len(data) // 2])


def _garbage_shared_strings(path: Path) -> None:
    """Adds a sharedStrings part, properly declared, whose bytes are no XML."""
    _patch(
        path,
        "[Content_Types].xml",
        b"</Types>",
        b'<Override PartName="/xl/sharedStrings.xml" ContentType="application/'
        b'vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>',
    )
    _patch(
        path,
        "xl/_rels/workbook.xml.rels",
        b"</Relationships>",
        b'<Relationship Id="rIdSS" Type="http://schemas.openxmlformats.org/officeDocument/'
        b'2006/relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>',
    )
    with zipfile.ZipFile(path, "a") as archive:
        archive.writestr("xl/sharedStrings.xml", b"\x00\x01 garbage <sst")


def pejl(
    cells: dict[str, dict[str, object]] | None = None,
    edit: Edit | None = None,
    after: Callable[[Path], None] | None = None,
    titel: str | None = None,
    toml: str | None = None,
) -> Setup:
    """A setup writing pejlemærke 1, spoilt by `cells`/`edit`, its file by `after`."""

    def setup(folder: Path) -> None:
        pejlemaerke = PEJLEMAERKE_1 if titel is None else replace(PEJLEMAERKE_1, titel=titel)
        workbook = build_pejlemaerke_workbook(pejlemaerke)
        for sheet, values in (cells or {}).items():
            for coordinate, value in values.items():
                workbook[sheet][coordinate] = value
        if edit is not None:
            edit(workbook)
        workbook.save(folder / PEJL)
        workbook.close()
        if after is not None:
            after(folder / PEJL)
        if toml is not None:
            (folder / "dagsorden.toml").write_bytes(toml.encode("utf-8"))

    return setup


def budget(
    cells: dict[str, dict[str, object]] | None = None,
    edit: Edit | None = None,
    after: Callable[[Path], None] | None = None,
) -> Setup:
    """A setup writing seed 003's budget workbook, spoilt like `pejl`."""

    def setup(folder: Path) -> None:
        workbook = build_budget_workbook(BUDGET_FOREBYGGELSE)
        for sheet, values in (cells or {}).items():
            for coordinate, value in values.items():
                workbook[sheet][coordinate] = value
        if edit is not None:
            edit(workbook)
        workbook.save(folder / BUDGET)
        workbook.close()
        if after is not None:
            after(folder / BUDGET)

    return setup


def budget_sheet(
    rows: list[list[object]],
    info: dict[str, object] | None = None,
    kolonner: list[list[object]] | None = None,
    edit: Edit | None = None,
) -> Setup:
    """A setup writing a budget officer's own workbook (issue 12): sheet Økonomi with
    `rows` from A1, Oplysninger with the six old labels (Tabeltitel, Enhed 1.000 kr.)
    and `info` from row 7 on, and sheet Kolonner (Kolonne | Art | Beregning) when given."""

    def setup(folder: Path) -> None:
        workbook = Workbook()
        ws = workbook.active
        ws.title = "Økonomi"
        for row in rows:
            ws.append(list(row))
        values: dict[str, object] = {
            "Tabeltitel": "Budgetopfølgning",
            "Enhed": "1.000 kr.",
            "Prisniveau": None,
            "Bevillingsområde": None,
            "Funktion": None,
            "I alt-række": None,
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
        workbook.save(folder / BUDGET)
        workbook.close()

    return setup


PERSONALE = [
    ["Post", "Type", "Opr. budget", "Korrigeret budget", "Forventet regnskab"],
    ["Løn", None, 1000, 1100, 1050],
    ["Drift", None, 500, 450, 480],
]
OPFOELGNING = [
    ["Post", "Korrigeret budget", "Forventet regnskab", "Afvigelse", "Afvigelse i %"],
    ["Løn", 1000, 900, None, None],
    ["Drift", 500, 550, None, None],
]
REGNSKAB = [
    ["Post", "Type", "Regnskab 2024"],
    ["Administration", None, 120_144],
    ["Drift", None, 288_290],
]


def delmaal(**values: object) -> dict[str, dict[str, object]]:
    return {"Delmål": dict(values)}


def marker_to(xml_number: bytes, part: str = "xl/worksheets/sheet2.xml") -> Callable[[Path], None]:
    """Replaces the MARKER number in `part` with `xml_number` (e.g. b"1e999")."""
    return lambda path: _patch(
        path, part, f"<v>{MARKER}</v>".encode(), b"<v>" + xml_number + b"</v>"
    )


def merge(sheet: str, cells: str) -> Edit:
    def edit(workbook: Workbook) -> None:
        workbook[sheet].merge_cells(cells)

    return edit


def general(sheet: str, coordinate: str, value: object) -> Edit:
    """Puts `value` in a cell without any number format (as if the format was lost)."""

    def edit(workbook: Workbook) -> None:
        cell = workbook[sheet][coordinate]
        cell.value = value
        cell.number_format = "General"

    return edit


def second_sheet(title: str) -> Edit:
    """A copy of the Delmål sheet under a name that differs only invisibly."""

    def edit(workbook: Workbook) -> None:
        workbook.copy_worksheet(workbook["Delmål"]).title = title

    return edit


def population_weighting(**populations: object) -> Edit:
    """Vægtning = population, with the given Population cells (G2 ...) filled."""

    def edit(workbook: Workbook) -> None:
        workbook["Pejlemærke"]["B8"] = "population"
        for coordinate, value in populations.items():
            workbook["Delmål"][coordinate] = value

    return edit


ALL_POPULATIONS = {"G2": 500, "G3": 400, "G4": 300, "G5": 1600, "G6": 225, "G8": 130, "G9": 100}


def tjek(*where: str) -> dict:
    return {"argv": ("tjek", PEJL), "where": (PEJL, *where)}


def status(*where: str) -> dict:
    return {"argv": ("status", "."), "where": (PEJL, *where)}


def oekonomi(*where: str) -> dict:
    return {"argv": ("oekonomi", BUDGET), "where": (BUDGET, *where)}


NOT_A_NUMBER = "er ikke et tal. Skriv tallet, eller '-' hvis der ikke er noget tal endnu."
E_NOTATION = "er skrevet som potens (e-notation). Skriv tallet helt ud"
TOO_LARGE = "er urimeligt stort (mere end 1.000.000.000.000)."
NOT_FINITE_XML = "Cellen indeholder ikke et tal, men"
MERGED = "er flettet. I en flettet celle har kun den første celle en værdi"
BROKEN = "Filen kan ikke læses som en .xlsx-arbejdsbog (den er måske beskadiget): delen"
SUM_ROW = "ligner en sumrække"
SUM_FIX = "Skriv sum (deltotal) eller total (hele tabellen) i kolonnen Type"
POPULATION_HELP = "Vægtning er 'population' (ark 'Pejlemærke'), så hvert delmål med tal"
TOML_STATUS = {"argv": ("status", "."), "where": ("dagsorden.toml",)}

CASES = [
    # --- NaN, infinity, e-notation and absurd sizes in figure cells -----------------
    Bad(
        "fig-nan-text-status",
        pejl(delmaal(D3="NaN")),
        message=f"Status: 'NaN' {NOT_A_NUMBER}",
        **tjek("celle D3"),
    ),
    Bad(
        "fig-nan-lower-baseline",
        pejl(delmaal(C2="nan")),
        message=f"Baseline: 'nan' {NOT_A_NUMBER}",
        **tjek("celle C2"),
    ),
    Bad(
        "fig-inf-text-maal",
        pejl(delmaal(E2="inf")),
        message=f"Mål: 'inf' {NOT_A_NUMBER}",
        **tjek("celle E2"),
    ),
    Bad(
        "fig-minus-inf-baseline",
        pejl(delmaal(C3="-inf")),
        message=f"Baseline: '-inf' {NOT_A_NUMBER}",
        **tjek("celle C3"),
    ),
    Bad(
        "fig-infinity-status",
        pejl(delmaal(D2="Infinity")),
        message=f"Status: 'Infinity' {NOT_A_NUMBER}",
        **tjek("celle D2"),
    ),
    Bad(
        "fig-nan-percent-text",
        pejl(delmaal(D4="NaN%")),
        message=f"Status: 'NaN%' {NOT_A_NUMBER}",
        **tjek("celle D4"),
    ),
    Bad(
        "fig-1e3-status",
        pejl(delmaal(D2="1e3")),
        message=f"Status: '1e3' {E_NOTATION}, fx '1.000'.",
        **tjek("celle D2"),
    ),
    Bad(
        "fig-1E3-baseline",
        pejl(delmaal(C2="1E3")),
        message=f"Baseline: '1E3' {E_NOTATION}, fx '1.000'.",
        **tjek("celle C2"),
    ),
    Bad(
        "fig-e-notation-decimal",
        pejl(delmaal(C2="8,59e2")),
        message=f"Baseline: '8,59e2' {E_NOTATION}.",
        **tjek("celle C2"),
    ),
    Bad(
        "fig-maal-below-1e3",
        pejl(delmaal(E3="<1e3")),
        message=f"Mål: '1e3' {E_NOTATION}",
        **tjek("celle E3"),
    ),
    Bad(
        "fig-huge-number-status",
        pejl(delmaal(D2=1e15)),
        message=f"Status: 1.000.000.000.000.000 {TOO_LARGE}",
        **tjek("celle D2"),
    ),
    Bad(
        "fig-huge-text-baseline",
        pejl(delmaal(C2="5.000.000.000.000")),
        message=f"Baseline: 5.000.000.000.000 {TOO_LARGE}",
        **tjek("celle C2"),
    ),
    Bad(
        "fig-huge-negative-maal",
        pejl(delmaal(E2=-3e13)),
        message=f"Mål: -30.000.000.000.000 {TOO_LARGE}",
        **tjek("celle E2"),
    ),
    Bad(
        "fig-inf-in-xml",
        pejl(delmaal(C2=MARKER), after=marker_to(b"1e999")),
        message=f"Baseline: {NOT_FINITE_XML} 'inf'",
        **tjek("celle C2"),
    ),
    Bad(
        "fig-minus-inf-in-xml",
        pejl(delmaal(D3=MARKER), after=marker_to(b"-1E999")),
        message=f"Status: {NOT_FINITE_XML} '-inf'",
        **tjek("celle D3"),
    ),
    Bad(
        "fig-huge-int-in-xml",
        pejl(delmaal(D2=MARKER), after=marker_to(b"1" + b"0" * 40)),
        message=f"Status: 10000000000000000000… {TOO_LARGE}",
        **tjek("celle D2"),
    ),
    Bad(
        "fig-nan-status-command",
        pejl(delmaal(D3="NaN")),
        message=f"Status: 'NaN' {NOT_A_NUMBER}",
        **status("celle D3"),
    ),
    Bad(
        "fig-inf-xml-status-command",
        pejl(delmaal(C2=MARKER), after=marker_to(b"1e999")),
        message=NOT_FINITE_XML,
        **status("celle C2"),
    ),
    # --- Nummer, years and Population -------------------------------------------------
    Bad(
        "fig-nummer-nan",
        pejl({"Pejlemærke": {"B1": "NaN"}}),
        message=f"Nummer: 'NaN' {NOT_A_NUMBER}",
        **tjek("ark 'Pejlemærke', celle B1"),
    ),
    Bad(
        "fig-nummer-e-notation",
        pejl({"Pejlemærke": {"B1": "1e3"}}),
        message=f"Nummer: '1e3' {E_NOTATION}",
        **tjek("celle B1"),
    ),
    Bad(
        "fig-nummer-huge",
        pejl({"Pejlemærke": {"B1": 1_000_000}}),
        message="Nummer skal være et helt tal fra 1 til 9.999, ikke 1.000.000.",
        **tjek("celle B1"),
    ),
    Bad(
        "fig-nummer-inf-xml",
        pejl({"Pejlemærke": {"B1": MARKER}}, after=marker_to(b"1e999", "xl/worksheets/sheet1.xml")),
        message=f"Nummer: {NOT_FINITE_XML}",
        **tjek("celle B1"),
    ),
    Bad(
        "fig-year-nan",
        pejl({"Pejlemærke": {"B4": "nan"}}),
        message=f"Baselineår: 'nan' {NOT_A_NUMBER}",
        **tjek("celle B4"),
    ),
    Bad(
        "fig-year-two-digits",
        pejl({"Pejlemærke": {"B6": 17}}),
        message="Målår: 17 er ikke et årstal. Skriv året med fire cifre, fx 2014.",
        **tjek("celle B6"),
    ),
    Bad(
        "fig-year-as-date",
        pejl({"Pejlemærke": {"B4": dt.datetime(2013, 1, 1)}}),
        message="Baselineår: Excel har gjort året til en dato (01.01.2013). Skriv året "
        "som et tal, fx 2014.",
        **tjek("celle B4"),
    ),
    Bad(
        "fig-year-as-text-decimal",
        pejl({"Pejlemærke": {"B4": "2013,0", "B5": 2014.0}}),
        message="Ingen problemer i 1 arbejdsbog.",
        argv=("tjek", PEJL),
        exit_code=0,
    ),
    Bad(
        "fig-population-nan",
        pejl(delmaal(G2="NaN")),
        message=f"Population: 'NaN' {NOT_A_NUMBER}",
        **tjek("celle G2"),
    ),
    Bad(
        "fig-population-huge",
        pejl(delmaal(G2=5e9)),
        message="Population: 5.000.000.000 er flere personer, end nogen population har",
        **tjek("celle G2"),
    ),
    Bad(
        "fig-population-fraction",
        pejl(delmaal(G3="12,5")),
        message="Population: '12,5' er ikke et helt tal. Skriv antallet af personer.",
        **tjek("celle G3"),
    ),
    Bad(
        "fig-population-percent",
        pejl(delmaal(G2="50%")),
        message="Population: '50%' er en procent. Skriv antallet af personer",
        **tjek("celle G2"),
    ),
    # --- a pct delmål with a fraction that lost its percent format ------------------
    Bad(
        "fig-pct-fraction-number",
        pejl(edit=general("Delmål", "D4", 0.971)),
        message="Status: 0,971 står uden %-tegn og uden procentformat, men delmålet er i pct. "
        "Er det 97,1% eller 0,971%?",
        **tjek("celle D4"),
    ),
    Bad(
        "fig-pct-fraction-text",
        pejl(delmaal(C4="0,959")),
        message="Baseline: 0,959 står uden %-tegn",
        **tjek("celle C4"),
    ),
    Bad(
        "fig-pct-fraction-maal",
        pejl(delmaal(E4="0,975")),
        message="Skriv '97,5%' (eller formatér cellen som procent), eller skriv '0,975%'.",
        **tjek("celle E4"),
    ),
    Bad(
        "fig-pct-all-fractions",
        pejl(
            edit=lambda wb: [general("Delmål", c, v)(wb) for c, v in (("C4", 0.959), ("D4", 0.971))]
        ),
        message="Baseline: 0,959 står uden %-tegn",
        **tjek("celle C4", "Status: 0,971 står uden %-tegn", "celle D4"),
    ),
    Bad(
        "fig-pct-fraction-status-command",
        pejl(edit=general("Delmål", "D4", 0.971)),
        message="Status: 0,971 står uden %-tegn",
        **status("celle D4"),
    ),
    # --- merged cells over figure columns ---------------------------------------------
    Bad(
        "fig-merged-baseline-status",
        pejl(edit=merge("Delmål", "C2:D2")),
        message=f"Cellerne C2:D2 {MERGED}",
        **tjek("ark 'Delmål', celle C2:D2"),
    ),
    Bad(
        "fig-merged-status-down",
        pejl(edit=merge("Delmål", "D3:D4")),
        message=f"Cellerne D3:D4 {MERGED}",
        **tjek("celle D3:D4"),
    ),
    Bad(
        "fig-merged-text-into-baseline",
        pejl(edit=merge("Delmål", "B5:C5")),
        message=f"Cellerne B5:C5 {MERGED}",
        **tjek("celle B5:C5"),
    ),
    Bad(
        "fig-merged-status-command",
        pejl(edit=merge("Delmål", "C2:E2")),
        message=f"Cellerne C2:E2 {MERGED}",
        **status("celle C2:E2"),
    ),
    # --- Vægtning = population without populations ------------------------------------
    Bad(
        "fig-population-weighting-all-empty",
        pejl(edit=population_weighting()),
        message=f"Population mangler for delmål 'A'. {POPULATION_HELP}",
        **tjek("celle G2"),
    ),
    Bad(
        "fig-population-weighting-one-empty",
        pejl(edit=population_weighting(**{**ALL_POPULATIONS, "G9": None})),
        message="Population mangler for delmål 'F2'.",
        **tjek("celle G9"),
    ),
    Bad(
        "fig-population-weighting-zero",
        pejl(edit=population_weighting(**{**ALL_POPULATIONS, "G3": 0})),
        message="Population er 0 for delmål 'B'.",
        **tjek("celle G3"),
    ),
    Bad(
        "fig-population-weighting-dash",
        pejl(edit=population_weighting(**{**ALL_POPULATIONS, "G4": "-"})),
        message="Population mangler for delmål 'C'.",
        **tjek("celle G4"),
    ),
    Bad(
        "fig-population-weighting-status",
        pejl(edit=population_weighting()),
        message="Population mangler for delmål 'F1'.",
        **status("celle G8"),
    ),
    Bad(
        "fig-population-weighting-all-zero-status",
        pejl(edit=population_weighting(**dict.fromkeys(ALL_POPULATIONS, 0))),
        message="Population er 0 for delmål 'E'.",
        **status("celle G6"),
    ),
    Bad(
        "fig-population-weighting-no-column",
        pejl(edit=lambda wb: (population_weighting()(wb), wb["Delmål"].delete_cols(7))),
        message="Kolonnen 'Population' mangler i række 1.",
        **tjek("ark 'Delmål'"),
    ),
    # --- invisible characters: normalised, never two 'A' rows -------------------------
    Bad(
        "fig-id-zero-width-space",
        pejl(delmaal(A3="A\u200b")),
        message="ID 'A' findes allerede i række 2.",
        **tjek("celle A3"),
    ),
    Bad(
        "fig-id-full-width",
        pejl(delmaal(A3="\uff21")),
        message="ID 'Ａ' findes allerede i række 2.",
        **tjek("celle A3"),
    ),
    Bad(
        "fig-id-no-break-space",
        pejl(delmaal(A3="A\u00a0")),
        message="ID 'A' findes allerede i række 2.",
        **tjek("celle A3"),
    ),
    Bad(
        "fig-id-byte-order-mark",
        pejl(delmaal(A3="\ufeffA")),
        message="ID 'A' findes allerede i række 2.",
        **tjek("celle A3"),
    ),
    Bad(
        "fig-id-right-to-left-mark",
        pejl(delmaal(A3="A\u200f")),
        message="ID 'A' findes allerede i række 2.",
        **tjek("celle A3"),
    ),
    Bad(
        "fig-id-left-to-right-mark",
        pejl(delmaal(A3="\u200eA")),
        message="ID 'A' findes allerede i række 2.",
        **tjek("celle A3"),
    ),
    Bad(
        "fig-id-zero-width-joiner",
        pejl(delmaal(A3="A\u200d")),
        message="ID 'A' findes allerede i række 2.",
        **tjek("celle A3"),
    ),
    Bad(
        "fig-id-zero-width-non-joiner",
        pejl(delmaal(A3="\u200cA")),
        message="ID 'A' findes allerede i række 2.",
        **tjek("celle A3"),
    ),
    Bad(
        "fig-id-soft-hyphen",
        pejl(delmaal(A3="A\u00ad")),
        message="ID 'A' findes allerede i række 2.",
        **tjek("celle A3"),
    ),
    Bad(
        "fig-sheet-name-zero-width",
        pejl(edit=second_sheet("Delmål\u200b")),
        message="Arbejdsbogen har 2 ark, der hedder 'Delmål' ('Delmål', 'Delmål<U+200B>').",
        **tjek(),
    ),
    Bad(
        "fig-label-twice-invisible",
        pejl({"Pejlemærke": {"A12": "Vægt\u00adning", "B12": "population"}}),
        message="Feltet 'Vægtning' står to gange i kolonne A (også i række 8).",
        **tjek("ark 'Pejlemærke', celle A12"),
    ),
    Bad(
        "fig-header-twice-nbsp",
        pejl(delmaal(J1="Status\u00a0", J2=900)),
        message="Kolonnen 'Status' står to gange i række 1 (også i celle D1).",
        **tjek("celle J1"),
    ),
    # --- rich markup in a title prints literally --------------------------------------
    Bad(
        "fig-rich-closing-tag-title",
        pejl(titel="Bolig [/] ophold"),
        message="Bolig [/] ophold",
        exit_code=0,
        argv=("status", "."),
    ),
    Bad(
        "fig-rich-bold-title",
        pejl(titel="[bold]Fed[/bold] bolig"),
        message="[bold]Fed[/bold] bolig",
        exit_code=0,
        argv=("status", "."),
    ),
    Bad(
        "fig-rich-link-title",
        pejl(titel="[link=https://x.dk]y[/link]"),
        message="[link=https://x.dk]y[/link]",
        exit_code=0,
        argv=("status", "."),
    ),
    Bad(
        "fig-rich-emoji-title",
        pejl(titel=":smile: [red]x"),
        message=":smile: [red]x",
        exit_code=0,
        argv=("status", "."),
    ),
    # --- sound zip, broken XML ----------------------------------------------------------
    Bad(
        "fig-broken-sheet-xml",
        pejl(after=lambda p: _truncate(p, "xl/worksheets/sheet2.xml")),
        message=f"{BROKEN} 'xl/worksheets/sheet2.xml' i filen er ikke gyldig XML.",
        **tjek(),
    ),
    Bad(
        "fig-broken-shared-strings",
        pejl(after=_garbage_shared_strings),
        message=f"{BROKEN} 'xl/sharedStrings.xml' i filen er ikke gyldig XML.",
        **status(),
    ),
    Bad(
        "fig-broken-workbook-xml",
        pejl(after=lambda p: _truncate(p, "xl/workbook.xml")),
        message=f"{BROKEN} 'xl/workbook.xml'",
        **tjek(),
    ),
    Bad(
        "fig-broken-styles-budget",
        budget(after=lambda p: _truncate(p, "xl/styles.xml")),
        message=f"{BROKEN} 'xl/styles.xml'",
        **oekonomi(),
    ),
    Bad(
        "fig-broken-sheet-budget",
        budget(after=lambda p: _truncate(p, "xl/worksheets/sheet1.xml")),
        message=f"{BROKEN} 'xl/worksheets/sheet1.xml'",
        **oekonomi(),
    ),
    # --- budget amounts ---------------------------------------------------------------
    Bad(
        "fig-budget-nan",
        budget({"Økonomi": {"B2": "NaN"}}),
        message=f"2011: 'NaN' {NOT_A_NUMBER}",
        **oekonomi("ark 'Økonomi', celle B2"),
    ),
    Bad(
        "fig-budget-inf",
        budget({"Økonomi": {"C3": "inf"}}),
        message=f"2012: 'inf' {NOT_A_NUMBER}",
        **oekonomi("celle C3"),
    ),
    Bad(
        "fig-budget-1e3",
        budget({"Økonomi": {"B3": "1e3"}}),
        message=f"2011: '1e3' {E_NOTATION}, fx '1.000'.",
        **oekonomi("celle B3"),
    ),
    Bad(
        "fig-budget-huge-1000-kr",
        budget({"Økonomi": {"C3": 2e9}}),
        message="2012: 2.000.000.000 1.000 kr. er 1.000 mia. kr. eller mere",
        **oekonomi("celle C3"),
    ),
    Bad(
        "fig-budget-huge-mio-kr",
        budget({"Økonomi": {"C3": 5e6}, "Oplysninger": {"B2": "mio. kr."}}),
        message="2012: 5.000.000 mio. kr. er 1.000 mia. kr. eller mere",
        **oekonomi("celle C3"),
    ),
    Bad(
        "fig-budget-inf-xml",
        budget({"Økonomi": {"B2": MARKER}}, after=marker_to(b"-1e999", "xl/worksheets/sheet1.xml")),
        message=f"2011: {NOT_FINITE_XML} '-inf'",
        **oekonomi("celle B2"),
    ),
    Bad(
        "fig-budget-typed-total-nan",
        budget({"Økonomi": {"D1": "I alt", "D3": "NaN"}}),
        message=f"I alt: 'NaN' {NOT_A_NUMBER}",
        **oekonomi("celle D3"),
    ),
    Bad(
        "fig-budget-merged-two-years",
        budget(edit=merge("Økonomi", "B3:C3")),
        message=f"Cellerne B3:C3 {MERGED}",
        **oekonomi("celle B3:C3"),
    ),
    Bad(
        "fig-budget-merged-rows",
        budget(edit=merge("Økonomi", "C2:C3")),
        message=f"Cellerne C2:C3 {MERGED}",
        **oekonomi("celle C2:C3"),
    ),
    Bad(
        "fig-budget-year-header-date",
        budget({"Økonomi": {"C1": dt.datetime(2012, 1, 1)}}),
        message="Overskrift: Excel har gjort overskriften til en dato ('2012-01-01 00:00:00').",
        **oekonomi("celle C1"),
    ),
    Bad(
        "fig-budget-year-header-two-digits",
        budget({"Økonomi": {"C1": 12}}),
        message="Overskrift: '12' er ikke et årstal. Skriv året med fire cifre",
        **oekonomi("celle C1"),
    ),
    Bad(
        "fig-budget-year-header-decimal",
        budget({"Økonomi": {"C1": "2012,5"}}),
        message="Overskrift: '2012,5' er ikke et årstal.",
        **oekonomi("celle C1"),
    ),
    Bad(
        "fig-budget-year-header-float-text",
        budget({"Økonomi": {"B1": "2011,0", "C1": "2012.0"}}),
        message="I teksten: 0,69 mio. kr. fordelt på årene 2011-2012",
        argv=("oekonomi", BUDGET),
        exit_code=0,
    ),
    Bad(
        "fig-budget-year-header-float",
        budget({"Økonomi": {"B1": 2011.0, "C1": "2012\u200b"}}),
        message="I teksten: 0,69 mio. kr. fordelt på årene 2011-2012",
        argv=("oekonomi", BUDGET),
        exit_code=0,
    ),
    Bad(
        "fig-budget-no-amounts",
        budget({"Økonomi": {"B2": None, "C2": None, "B3": None, "C3": "-"}}),
        message="Ingen af budgetlinjerne har et beløb",
        **oekonomi("ark 'Økonomi'"),
    ),
    Bad(
        "fig-budget-netto-row",
        budget({"Økonomi": {"A4": "Netto", "B4": 0, "C4": 0}}),
        message=f"'Netto' {SUM_ROW} (navnet tyder på det).",
        **oekonomi("celle A4"),
    ),
    Bad(
        "fig-budget-total-row",
        budget({"Økonomi": {"A4": "Total", "B4": 0, "C4": 0}}),
        message=f"'Total' {SUM_ROW}",
        **oekonomi("celle A4"),
    ),
    Bad(
        "fig-budget-sum-row",
        budget({"Økonomi": {"A2": "Sum:", "A4": "Indtægtsbudget"}}),
        message=f"'Sum:' {SUM_ROW}",
        **oekonomi("celle A2"),
    ),
    Bad(
        "fig-budget-ialt-one-word",
        budget({"Økonomi": {"A4": "Ialt", "B4": 0, "C4": 0}}),
        message=f"'Ialt' {SUM_ROW}",
        **oekonomi("celle A4"),
    ),
    Bad(
        "fig-budget-sum-by-figures",
        budget(
            {
                "Økonomi": {
                    "B2": 100,
                    "C2": 590,
                    "A4": "Projektets udgifter",  # a sum by its figures, not its name
                    "B4": 200,
                    "C4": 1180,
                }
            }
        ),
        message=f"{SUM_ROW} (beløbene, som er summen af linjerne over den, tyder på det)",
        **oekonomi("celle A4"),
    ),
    # --- budget tables of every shape (issue 12) -------------------------------------
    # The outside tester's wrong figures (issue 12): refused, or right.
    Bad(
        "fig-budget12-sum-after-sibling-headings",
        budget_sheet(
            [
                ["Type", "Post", 2025, 2026],
                ["overskrift", "Socialudvalget"],
                ["overskrift", "Service"],
                [None, "Herberger", 100, 200],
                [None, "Gadeteam", 10, 20],
                ["overskrift", "Anlæg"],
                [None, "Kastanjehuset", 1000, 2000],
                ["sum", "I alt, Socialudvalget"],
                ["total", "I alt"],
            ]
        ),
        message="I alt, Socialudvalget │ 1.110 │ 2.220 │ 3.330",
        argv=("oekonomi", BUDGET),
        exit_code=0,
    ),
    Bad(
        "fig-budget12-top-level-sum-after-a-group",
        budget_sheet(
            [
                ["Type", "Post", 2025],
                [None, "Drift a", 100],
                ["sum", "Netto drift"],
                ["overskrift", "Anlæg"],
                [None, "Anlæg a", 1000],
                ["sum", "Netto anlæg"],
                [None, "Finansiering a", -5],
                [None, "Finansiering b", -7],
                ["sum", "Netto finansiering"],
            ]
        ),
        message="Netto finansiering │ -12",
        argv=("oekonomi", BUDGET),
        exit_code=0,
    ),
    Bad(
        "fig-budget12-sum-off-by-one-without-type",
        budget_sheet(
            [
                ["Type", "Post", "Regnskab 2024", "Budget 2025"],
                [None, "Ældre", 408_000, 410_000],
                [None, "Børn", 200_434, 201_000],
                [None, "Sundhed og Omsorg", 608_433, 611_000],
            ]
        ),
        message=f"'Sundhed og Omsorg' {SUM_ROW} (beløbene, som inden for afrunding er summen",
        **oekonomi("celle B4"),
    ),
    Bad(
        "fig-budget12-total-column-unchecked",
        budget_sheet([["Post", 2025, 2026, "Total"], ["A", 1, 2, 3], ["B", 3, 4, 8]]),
        message="Kolonnen 'Total' ligner en sum af de andre kolonner",
        **oekonomi("celle D1"),
    ),
    Bad(
        "fig-budget12-typo-under-200-lines",
        budget_sheet(
            [
                ["Type", "Post", "Bevilget 2025"],
                *[[None, f"Forening nr. {n}", 500] for n in range(1, 201)],
                ["total", "Hovedtotal", 100_099],
            ]
        ),
        message="er skrevet som 100.099, men tabellens linjer giver 100.000; afrunding kan "
        "højst forklare 16.",
        **oekonomi("celle C202"),
    ),
    Bad(
        "fig-budget12-percent-of-a-zero-shown",
        budget_sheet(
            [
                ["Post", "Korr. budget", "Forventet", "Afvigelse", "Afvigelse i pct."],
                ["B", 0.4, 0.2, None, "-75%"],
            ],
            kolonner=[
                ["Afvigelse", "beløb", "Korr. budget - Forventet"],
                ["Afvigelse i pct.", "procent", "Afvigelse / Korr. budget"],
            ],
        ),
        message="'Korr. budget' er 0,4, som vises som 0, i rækken, så der er intet at dividere "
        "med.",
        **oekonomi("celle E2"),
    ),
    Bad(
        "fig-budget12-comma-thousands",
        budget_sheet([["Post", 2025], ["A", "1,234"], ["B", "2"]]),
        message="Mente du '1.234'?",
        **oekonomi("celle B2"),
    ),
    Bad(
        "fig-budget12-dash-only-for-true-zero",
        budget_sheet(
            [["Type", "Post", 2025, 2026], [None, "A", -0.04, 0], [None, "B", -1.25, 2.35]],
            info={"Enhed": "mia. kr.", "Negative tal": "parentes", "Nul vises som": "-"},
        ),
        message="A │ 0,0 │ - │ 0,0",
        argv=("oekonomi", BUDGET),
        exit_code=0,
    ),
    Bad(
        "fig-budget12-type-subtotal",
        budget_sheet([*PERSONALE, ["Netto", "subtotal"]]),
        message="Type: 'subtotal' er ikke en gyldig type. Mente du sum?",
        **oekonomi("celle B4"),
    ),
    Bad(
        "fig-budget12-type-sum-tired",
        budget_sheet([*PERSONALE, ["Netto", "Sum "], ["I alt", " TOTAL"]]),
        message="Netto",
        argv=("oekonomi", BUDGET),
        exit_code=0,
    ),
    Bad(
        "fig-budget12-heading-with-figures",
        budget_sheet(
            [["Post", "Type", "2025"], ["Kultur", "Overskrift", 100], ["Museer", None, 50]]
        ),
        message="Overskriften 'Kultur' har tal",
        **oekonomi("ark 'Økonomi'"),
    ),
    Bad(
        "fig-budget12-netto-without-type",
        budget_sheet([*PERSONALE, ["Netto", None, 1500, 1550, 1530]]),
        message=f"'Netto' {SUM_ROW} (navnet tyder på det). En sumrække uden type ville blive "
        f"lagt sammen med linjerne en gang til. {SUM_FIX} (celle B4).",
        **oekonomi("celle A4"),
    ),
    Bad(
        "fig-budget12-i-alt-kultur-without-type-column",
        budget_sheet(
            [
                ["Post", "2025"],
                ["Biblioteker", 100],
                ["Museer", 50],
                ["I alt, Kultur og Fritid", 150],
            ]
        ),
        message=f"{SUM_FIX}. Arket har ingen kolonne Type endnu: skriv Type i række 1 i en "
        "tom kolonne til højre for Post (fx C1)",
        **oekonomi("celle A4"),
    ),
    Bad(
        "fig-budget12-service-total-without-type",
        budget_sheet([*PERSONALE, ["Service total", None, None, None, None]]),
        message=f"'Service total' {SUM_ROW}",
        **oekonomi("celle A4"),
    ),
    Bad(
        "fig-budget12-bullet-heraf-first",
        budget_sheet([["Post", "2025"], ["• Heraf statsrefusion", -20], ["Udgifter", 100]]),
        message="Heraf-linjen '• Heraf statsrefusion' står øverst i tabellen",
        **oekonomi("celle A2"),
    ),
    Bad(
        "fig-budget12-official-total-off-by-nine",
        budget_sheet([*REGNSKAB, ["Netto", "sum", 408_443]]),
        message="'Netto' i kolonnen 'Regnskab 2024' er skrevet som 408.443",
        **oekonomi("celle C4"),
    ),
    Bad(
        "fig-budget12-official-total-off-by-one",
        budget_sheet([*REGNSKAB, ["Netto", "sum", 408_433]]),
        message="408.433",
        argv=("oekonomi", BUDGET),
        exit_code=0,
    ),
    Bad(
        "fig-budget12-percent-half",
        budget_sheet([["Post", "Budget", "Forbrug %"], ["Udgifter", 100, "0,5"]]),
        message="Forbrug %: 0,5 står uden %-tegn og uden procentformat i en procentkolonne. "
        "Er det 50% eller 0,5%?",
        **oekonomi("celle C2"),
    ),
    Bad(
        "fig-budget12-t-kr",
        budget_sheet([["Post", "2025"], ["Udgifter", 590]], info={"Enhed": "t. kr."}),
        message="1.000 kr.",
        argv=("oekonomi", BUDGET),
        exit_code=0,
    ),
    Bad(
        "fig-budget12-text-column-not-declared",
        budget_sheet(
            [
                ["Post", "Bemærkning", "2025"],
                ["Biblioteker", "Ny aftale", 100],
                ["Museer", "Lukket", 50],
            ]
        ),
        message="Kolonnen 'Bemærkning' har kun tekst, ingen tal (fx 'Ny aftale' i B2). Er det "
        "en tekstkolonne, så skriv den på arket 'Kolonner' med Art tekst",
        **oekonomi("celle B1"),
    ),
    Bad(
        "fig-budget12-kolonner-missing-column",
        budget_sheet(OPFOELGNING, kolonner=[["Afvigelse ialt", None, None]]),
        message="Kolonnen 'Afvigelse ialt' findes ikke i række 1 på arket 'Økonomi'. "
        "Kolonnerne er: 'Korrigeret budget', 'Forventet regnskab', 'Afvigelse', "
        "'Afvigelse i %'.",
        **oekonomi("ark 'Kolonner', celle A2"),
    ),
    Bad(
        "fig-budget12-kolonner-cycle",
        budget_sheet(
            [["Post", "A", "B", "C"], ["X", None, None, 3]],
            kolonner=[["A", None, "B - C"], ["B", None, "A + C"]],
        ),
        message="Beregning for 'A' går i ring: A → B → A.",
        **oekonomi("ark 'Kolonner', celle C2"),
    ),
    Bad(
        "fig-budget12-kolonner-divide-by-literal-zero",
        budget_sheet(OPFOELGNING, kolonner=[["Afvigelse i %", None, "Afvigelse / 0"]]),
        message="'0' er ikke en kolonne med tal på arket 'Økonomi'.",
        **oekonomi("ark 'Kolonner', celle C2"),
    ),
    Bad(
        "fig-budget12-kolonner-minus-without-spaces",
        budget_sheet(
            OPFOELGNING, kolonner=[["Afvigelse", None, "Korrigeret budget-Forventet regnskab"]]
        ),
        message="Skriv et mellemrum på hver side af + - og /",
        **oekonomi("ark 'Kolonner', celle C2"),
    ),
    Bad(
        "fig-budget12-kolonner-share-in-amount-column",
        budget_sheet(
            OPFOELGNING, kolonner=[["Afvigelse", None, "Forventet regnskab / Korrigeret budget"]]
        ),
        message="giver en andel, ikke et beløb",
        **oekonomi("ark 'Kolonner', celle C2"),
    ),
    Bad(
        "fig-budget12-kolonner-headers-renamed",
        budget_sheet(
            OPFOELGNING,
            kolonner=[["Afvigelse", None, "Korrigeret budget - Forventet regnskab"]],
            edit=lambda wb: wb["Kolonner"].cell(1, 3, "Formel"),
        ),
        message="Overskrifterne 'Beregning' mangler i række 1.",
        **oekonomi("ark 'Kolonner'"),
    ),
    Bad(
        "fig-budget12-kolonner-left-column-amount",
        budget_sheet(
            [["Konto", "Post", "2025"], ["6.45", "Udgifter", 100]],
            kolonner=[["Konto", "beløb", None]],
        ),
        message="'Konto' står til venstre for Post og er derfor en tekstkolonne.",
        **oekonomi("ark 'Kolonner', celle B2"),
    ),
    Bad(
        "fig-budget12-typed-afvigelse-wrong",
        budget_sheet(
            [OPFOELGNING[0], ["Løn", 1000, 900, 100, None], ["Drift", 500, 550, 60, None]],
            kolonner=[["Afvigelse", None, "Korrigeret budget - Forventet regnskab"]],
        ),
        message="'Drift' i kolonnen 'Afvigelse' er skrevet som 60",
        **oekonomi("celle D3"),
    ),
    Bad(
        "fig-budget12-percent-of-zero-typed",
        budget_sheet(
            [["Post", "Budget", "Forbrug", "Forbrug i %"], ["Ny pulje", 0, 10, "100%"]],
            kolonner=[["Forbrug i %", None, "Forbrug / Budget"]],
        ),
        message="'Budget' er 0",
        **oekonomi("celle D2"),
    ),
    Bad(
        "fig-budget12-i-alt-kolonne-nej-conflict",
        budget_sheet(
            [["Post", "Service", "Anlæg", "I alt"], ["Udgifter", 100, 50, 150]],
            info={"I alt-kolonne": "nej"},
        ),
        message="I alt-kolonne: nej, men arket 'Økonomi' har en kolonne I alt (celle D1).",
        **oekonomi("ark 'Oplysninger', celle B7"),
    ),
    Bad(
        "fig-budget12-decimaler-nine",
        budget_sheet(PERSONALE, info={"Decimaler": 9}),
        message="Decimaler: 9 decimaler kan ikke bruges. Skriv 0, 1, 2 eller 3",
        **oekonomi("ark 'Oplysninger', celle B7"),
    ),
    Bad(
        "fig-budget12-two-type-columns",
        budget_sheet([[*PERSONALE[0], "Type"], [*PERSONALE[1], None], [*PERSONALE[2], None]]),
        message="Kolonnen 'Type' findes allerede i celle B1.",
        **oekonomi("celle F1"),
    ),
    Bad(
        "fig-budget12-type-without-post",
        budget_sheet([*PERSONALE, [None, "total"]]),
        message="Rækken har en type eller en tekst, men ingen post.",
        **oekonomi("celle A4"),
    ),
    Bad(
        "fig-budget12-line-after-total",
        budget_sheet([*PERSONALE, ["Hovedtotal", "total"], ["Efterregulering", None, 5, 5, 5]]),
        message="'Efterregulering' står efter totalen 'Hovedtotal'",
        **oekonomi("celle A5"),
    ),
    # --- dagsorden.toml ---------------------------------------------------------------
    Bad(
        "fig-toml-nan-threshold",
        pejl(toml="[farver]\nroed_under = nan\n"),
        message="farver.roed_under = nan er ikke et tal, man kan sammenligne med.",
        **TOML_STATUS,
    ),
    Bad(
        "fig-toml-inf-threshold",
        pejl(toml="[farver]\ngroen_fra = inf\n"),
        message="farver.groen_fra = inf er ikke et tal",
        **TOML_STATUS,
    ),
    Bad(
        "fig-toml-minus-inf-threshold",
        pejl(toml="[farver]\nroed_under = -inf\n"),
        message="farver.roed_under = -inf er ikke et tal",
        **TOML_STATUS,
    ),
    Bad(
        "fig-toml-out-of-order",
        pejl(toml="[farver]\nroed_under = 4.0\ngroen_fra = 1.0\n"),
        message="farver.roed_under må ikke være større end farver.groen_fra.",
        **TOML_STATUS,
    ),
    Bad(
        "fig-toml-off-scale",
        pejl(toml="[farver]\ngroen_fra = 9.5\n"),
        message="farver.groen_fra = 9.5 ligger uden for skalaen -5..5.",
        **TOML_STATUS,
    ),
    Bad(
        "fig-toml-syntax-line",
        pejl(toml="[status]\nskala = 0..10\n"),
        message="dagsorden.toml, linje 2, kolonne 10: filen kan ikke læses som TOML.",
        **TOML_STATUS,
    ),
    Bad(
        "fig-toml-section-is-value",
        pejl(toml="farver = 3\n"),
        message="farver skal være et afsnit, skrevet [farver]",
        **TOML_STATUS,
    ),
    Bad(
        "fig-toml-byte-order-mark",
        pejl(toml="\ufeff[farver]\ngroen_fra = 1.5\n"),
        message="grøn fra 1,5",
        argv=("status", "."),
        exit_code=0,
    ),
]


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.id)
def test_bad_input(case, tmp_path, monkeypatch):
    run_bad(case, tmp_path, monkeypatch)
