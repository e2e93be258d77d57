"""Writes the standard workbooks, blank (`dagsorden ny`) or filled: the pejlemærke
workbook and the budget workbook.

The blank workbook is what analysts and budget officers fill, so it carries the help
they need where they type: input cells in Excel's "Input" style and unlocked, headers locked,
drop-downs on every fixed choice, Danish-looking number formats, a frozen header
and a Vejledning sheet. The filled variant writes a `Pejlemaerke` in the same
layout, which is how the bundled examples are made and how the reader is tested
round trip. The same holds for a `Budget`.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, Protection
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from dagsorden.kerne.danish import tal
from dagsorden.kerne.model import Budget, BudgetEnhed, Delmaal, Enhed, Maal, Pejlemaerke, Retning
from dagsorden.kilder.budget_workbook import ARK_OEKONOMI, ARK_OPLYSNINGER, POST, VALG_I_ALT_RAEKKE
from dagsorden.kilder.budget_workbook import FELTER as BUDGET_FELTER
from dagsorden.kilder.budget_workbook import VALG_ENHED as VALG_BUDGET_ENHED
from dagsorden.kilder.pejlemaerke_workbook import (
    AFSNIT,
    ARK_DELMAAL,
    ARK_PEJLEMAERKE,
    ARK_TEKSTER,
    ARK_VEJLEDNING,
    FELTER,
    KOLONNER,
    TEKST_KOLONNER,
    VALG_ENHED,
    VALG_MANGLENDE_STATUS,
    VALG_MARKERING,
    VALG_VAEGTNING,
)
from dagsorden.output import write_atomically

DELMAAL_ROWS = 60
TEKST_ROWS = 100
"""How many rows of Delmål and Tekster are styled, unlocked and validated: room
for any seed's pejlemærke twice over, without making every read parse hundreds of
empty styled rows (reading cost grows with them)."""

FIGURE_FORMAT = "[>=1000]#,##0;[<=-1000]-#,##0;General"
"""1.581 with a thousands dot, 97,5 with its decimals, as Danish Excel shows them."""

HEADER_FONT = Font(bold=True)
UNLOCKED = Protection(locked=False)

FELT_HJAELP = {
    "Nummer": "Pejlemærkets nummer, fx 1",
    "Titel": "Pejlemærkets titel, fx Flere udsatte københavnere har en bolig",
    "Område": "Fx Udsatte voksne københavnere",
    "Baselineår": "Året for baseline, fx 2013",
    "Statusår": "Året for status, fx 2014",
    "Målår": "Året målet skal nås, fx 2017",
    "Manglende status": "udelad: delmål uden status tæller ikke med; nul: de tæller som 0",
    "Vægtning": "ingen: alle delmål vejer lige; population: vægtet med kolonnen Population",
    "Ansvarlig": "Hvem udfylder arbejdsbogen",
}

VEJLEDNING = (
    "Sådan udfylder du arbejdsbogen",
    "",
    "Arbejdsbogen beskriver ét pejlemærke. dagsorden læser den og beregner status og farve.",
    "Udfyld kun de orange celler. Overskrifterne er låst, så de ikke ændres ved et uheld.",
    "",
    "Arket Pejlemærke",
    "Nummer og Titel skal udfyldes. Årene bruges i tabellernes overskrifter og til "
    "'forventet forløb'.",
    "Manglende status: vælg udelad (delmål uden status tæller ikke med) eller nul (de tæller "
    "som 0).",
    "Vægtning: vælg population, hvis delmålene skal vægtes med kolonnen Population.",
    "",
    "Arket Delmål",
    "Én række pr. delmål med ID (A, B, C ...). Et delmål med underpunkter får en række med "
    "kun ID og tekst, og underpunkterne får ID'et plus et ciffer (F1, F2 under F).",
    "Baseline, Status og Mål skrives som tal: 1.581, 97,5 eller 95,9%. Skriv - eller lad "
    "cellen stå tom, hvis der endnu ikke er et tal.",
    "Mål kan begynde med < eller >, fx <1,1%, når målet er at komme under eller over baseline.",
    "Enhed er antal eller pct. Markering er blå (forslag til nyt delmål) eller orange "
    "(forvaltningens forslag til mål).",
    "",
    "Arket Tekster",
    "Én række pr. afsnit eller punkt. Afsnit er Årsager, Aktivitet, Risiko, Budgetforslag, "
    "Opmærksomhed eller Fodnote.",
    "Et budgetforslag begynder med sin kode og et kolon, fx 'Ø304: Kvalitetsløft af herberg'.",
    "",
    "Tjek arbejdsbogen med: dagsorden tjek FIL.xlsx",
)


def write_pejlemaerke_workbook(
    target: Path,
    pejlemaerke: Pejlemaerke | None = None,
    *,
    nummer: int | None = None,
    titel: str = "",
) -> Path:
    """Writes a standard workbook to `target`, whole or not at all.

    Without `pejlemaerke` the workbook is blank but for `nummer` and `titel`.
    Refuses to overwrite an existing file.
    """
    workbook = build_pejlemaerke_workbook(pejlemaerke, nummer=nummer, titel=titel)
    return write_atomically(target, workbook.save)


def build_pejlemaerke_workbook(
    pejlemaerke: Pejlemaerke | None = None, *, nummer: int | None = None, titel: str = ""
) -> Workbook:
    workbook = Workbook()
    _info_sheet(workbook.active, _info_values(pejlemaerke, nummer, titel))
    _delmaal_sheet(workbook.create_sheet(ARK_DELMAAL), pejlemaerke)
    _tekster_sheet(workbook.create_sheet(ARK_TEKSTER), pejlemaerke)
    _vejledning_sheet(workbook.create_sheet(ARK_VEJLEDNING))
    return workbook


def _info_values(p: Pejlemaerke | None, nummer: int | None, titel: str) -> dict[str, object]:
    if p is None:
        return {
            "Nummer": nummer,
            "Titel": titel or None,
            "Manglende status": "udelad",
            "Vægtning": "ingen",
        }
    return {
        "Nummer": p.nummer,
        "Titel": p.titel,
        "Område": p.omraade or None,
        "Baselineår": p.baselineaar,
        "Statusår": p.statusaar,
        "Målår": p.maalaar,
        "Manglende status": p.manglende_status.value if p.manglende_status else None,
        "Vægtning": p.vaegtning.value,
        "Ansvarlig": p.ansvarlig or None,
    }


def _protect(ws: Worksheet) -> None:
    """Locks the headers; rows may still be inserted, deleted and formatted."""
    protection = ws.protection
    protection.sheet = True
    protection.insertRows = False
    protection.deleteRows = False
    protection.formatCells = False
    protection.formatColumns = False
    protection.formatRows = False
    protection.sort = False
    protection.autoFilter = False


def _list_validation(ws: Worksheet, choices: tuple[str, ...], cells: str) -> None:
    words = [c for c in choices if c]
    validation = DataValidation(
        type="list",
        formula1='"' + ",".join(words) + '"',
        allow_blank=True,
        showErrorMessage=True,
        errorTitle="Ugyldigt valg",
        error="Vælg en af: " + ", ".join(words),
    )
    ws.add_data_validation(validation)
    validation.add(cells)


def _input(cell, number_format: str | None = None) -> None:
    cell.style = "Input"
    cell.protection = UNLOCKED
    if number_format:
        cell.number_format = number_format


def _info_sheet(ws: Worksheet, values: dict[str, object]) -> None:
    ws.title = ARK_PEJLEMAERKE
    choices = {"Manglende status": VALG_MANGLENDE_STATUS, "Vægtning": VALG_VAEGTNING}
    for row, felt in enumerate(FELTER, start=1):
        label = ws.cell(row, 1, felt)
        label.font = HEADER_FONT
        value = ws.cell(row, 2, values.get(felt))
        _input(value, "0" if felt in ("Nummer", "Baselineår", "Statusår", "Målår") else None)
        ws.cell(row, 3, FELT_HJAELP[felt]).font = Font(italic=True, color="666666")
        if felt in choices:
            _list_validation(ws, choices[felt], value.coordinate)
    ws.column_dimensions["A"].width = 20
    ws.column_dimensions["B"].width = 55
    ws.column_dimensions["C"].width = 70
    _protect(ws)


def _delmaal_sheet(ws: Worksheet, p: Pejlemaerke | None) -> None:
    widths = {"ID": 6, "Delmål": 60, "Note": 50, "Markering": 11, "Population": 12}
    for col, name in enumerate(KOLONNER, start=1):
        ws.cell(1, col, name).font = HEADER_FONT
        ws.column_dimensions[ws.cell(1, col).column_letter].width = widths.get(name, 10)
    rows = _delmaal_rows(p.delmaal) if p else []
    for r in range(2, max(DELMAAL_ROWS, len(rows) + 2) + 1):
        values = rows[r - 2] if r - 2 < len(rows) else {}
        for col, name in enumerate(KOLONNER, start=1):
            value, fmt = values.get(name, (None, None))
            cell = ws.cell(r, col, value)
            default = FIGURE_FORMAT if name in ("Baseline", "Status", "Mål") else None
            _input(cell, fmt or ("#,##0" if name == "Population" else default))
            if name in ("Delmål", "Note"):
                cell.alignment = Alignment(wrap_text=True, vertical="top")
    last = max(DELMAAL_ROWS, len(rows) + 2)
    _list_validation(ws, VALG_ENHED, f"F2:F{last}")
    _list_validation(ws, VALG_MARKERING, f"H2:H{last}")
    ws.freeze_panes = "A2"
    _protect(ws)


def _figure(value: float | None, enhed: Enhed) -> tuple[object, str | None]:
    """A figure as Excel holds it: percentages as fractions in a % format."""
    if value is None:
        return None, None
    if enhed is Enhed.PCT:
        decimals = len(tal(value).partition(",")[2])
        return round(value / 100, decimals + 2), "0" + (
            "." + "0" * decimals if decimals else ""
        ) + "%"
    return value, None


def _maal(maal: Maal | None, enhed: Enhed) -> tuple[object, str | None]:
    if maal is None:
        return None, None
    if maal.retning is Retning.PRAECIS:
        return _figure(maal.vaerdi, enhed)
    suffix = "%" if enhed is Enhed.PCT else ""
    return f"{maal.retning.value}{tal(maal.vaerdi)}{suffix}", "@"


def _delmaal_rows(delmaal: tuple[Delmaal, ...]) -> list[dict[str, tuple[object, str | None]]]:
    rows = []
    for d in delmaal:
        rows.append(
            {
                "ID": (d.id, None),
                "Delmål": (d.tekst, None),
                "Baseline": _figure(d.baseline, d.enhed),
                "Status": _figure(d.status, d.enhed),
                "Mål": _maal(d.maal, d.enhed),
                "Enhed": (None if d.underpunkter else d.enhed.value, None),
                "Population": (d.population, None),
                "Markering": (d.markering.value or None, None),
                "Note": (d.note or None, None),
            }
        )
        rows.extend(_delmaal_rows(d.underpunkter))
    return rows


def _tekster_sheet(ws: Worksheet, p: Pejlemaerke | None) -> None:
    for col, name in enumerate(TEKST_KOLONNER, start=1):
        ws.cell(1, col, name).font = HEADER_FONT
    tekster = p.tekster if p else ()
    last = max(TEKST_ROWS, len(tekster) + 2)
    for r in range(2, last + 1):
        tekst = tekster[r - 2] if r - 2 < len(tekster) else None
        _input(ws.cell(r, 1, tekst.afsnit if tekst else None))
        cell = ws.cell(r, 2, tekst.tekst if tekst else None)
        _input(cell)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    _list_validation(ws, AFSNIT, f"A2:A{last}")
    ws.column_dimensions["A"].width = 16
    ws.column_dimensions["B"].width = 100
    ws.freeze_panes = "A2"
    _protect(ws)


def _vejledning_sheet(ws: Worksheet, vejledning: tuple[str, ...] = VEJLEDNING) -> None:
    for row, line in enumerate(vejledning, start=1):
        cell = ws.cell(row, 1, line)
        cell.alignment = Alignment(wrap_text=True)
        if row == 1 or line in (ARK_PEJLEMAERKE and f"Arket {ARK_PEJLEMAERKE}",):
            cell.font = Font(bold=True, size=13 if row == 1 else 11)
    for row, line in enumerate(vejledning, start=1):
        if line.startswith("Arket "):
            ws.cell(row, 1).font = HEADER_FONT
    ws.column_dimensions["A"].width = 110


# --- Budget workbook ----------------------------------------------------------------

BUDGET_ROWS = 30
"""Budget lines styled and unlocked: an Økonomi table has a handful of lines."""
BUDGET_KOLONNER = 8
"""Header cells after Post that are ready to fill: the blank workbook's four years,
and room for more years or categories (or the officer's own I alt)."""
BLANK_AAR = 4
"""The blank workbook's columns: the current year and the next three (budget year and
overslagsår), the span of most budget changes."""

BUDGET_FELT_HJAELP = {
    "Tabeltitel": "Tabellens titel uden 'Tabel 1.', fx Ændring af udgiftsbudget vedr. ...",
    "Enhed": "1.000 kr. (hele tal) eller mio. kr. (vises med én decimal)",
    "Prisniveau": "Året for pris- og lønniveauet, fx 2011; vises som (2011 p/l)",
    "Bevillingsområde": "Fx Tværgående opgaver og administration",
    "Funktion": "Fx 6.45.51.1",
    "I alt-række": "ja: tabellen får en I alt-række under linjerne; nej: kun en I alt-kolonne",
}

BUDGET_VEJLEDNING = (
    "Sådan udfylder du budget-arbejdsbogen",
    "",
    "Arbejdsbogen beskriver én Økonomi-tabel. dagsorden læser den, regner I alt ud og "
    "skriver tabellen og beløbene i teksten.",
    "Udfyld kun de orange celler. Overskriften Post er låst, så den ikke ændres ved et uheld.",
    "",
    f"Arket {ARK_OEKONOMI}",
    "Række 1: Post og derefter én kolonne pr. år (fx 2011, 2012) eller pr. kategori "
    "(fx Service, Anlæg). Tomme kolonner uden tal tæller ikke med.",
    "Én budgetlinje pr. række, fx Indtægtsbudget og Udgiftsbudget. Indtægter skrives med "
    "minus: -590.",
    "Beløbene skrives i den enhed, arket Oplysninger angiver: 590 eller 1.234 i 1.000 kr., "
    "0,7 i mio. kr. Skriv - eller lad cellen stå tom, hvor der ikke er et beløb.",
    "En linje, hvis Post begynder med Heraf, er en del af linjen over den: den vises "
    "indrykket og lægges aldrig med i I alt. Den kan ikke være større end sin linje.",
    "I alt regner dagsorden selv ud. Skriver du selv en kolonne eller en række med "
    "overskriften I alt, tjekkes den mod dagsordens summer, og forskelle er fejl.",
    "",
    f"Arket {ARK_OPLYSNINGER}",
    "Tabeltitel og Enhed skal udfyldes. Prisniveau vises som (2011 p/l). Bevillingsområde "
    "og Funktion kan hentes ind i indstillingens tekst.",
    "I alt-række: ja giver en I alt-række under linjerne; nej (standard) kun I alt-kolonnen.",
    "",
    "Se tabellen med: dagsorden oekonomi FIL.xlsx",
)


def write_budget_workbook(
    target: Path, budget: Budget | None = None, *, foerste_aar: int | None = None
) -> Path:
    """Writes a standard budget workbook to `target`, whole or not at all.

    Without `budget` the workbook is blank: columns for `foerste_aar` (default: the
    current year) and the three years after it, no lines. Refuses to overwrite an
    existing file.
    """
    workbook = build_budget_workbook(budget, foerste_aar=foerste_aar)
    return write_atomically(target, workbook.save)


def build_budget_workbook(
    budget: Budget | None = None, *, foerste_aar: int | None = None
) -> Workbook:
    workbook = Workbook()
    if budget is None:
        aar = foerste_aar if foerste_aar is not None else dt.date.today().year
        kolonner: tuple[str, ...] = tuple(str(aar + i) for i in range(BLANK_AAR))
    else:
        kolonner = budget.kolonner
    _oekonomi_sheet(workbook.active, kolonner, budget)
    oplysninger = _oplysninger_values(budget, kolonner)
    _oplysninger_sheet(workbook.create_sheet(ARK_OPLYSNINGER), oplysninger)
    _vejledning_sheet(workbook.create_sheet(ARK_VEJLEDNING), BUDGET_VEJLEDNING)
    return workbook


def _oplysninger_values(budget: Budget | None, kolonner: tuple[str, ...]) -> dict[str, object]:
    if budget is None:
        return {
            "Enhed": BudgetEnhed.TUSIND_KR.value,
            # Changes are usually priced at the first year's level: (2011 p/l) for 2011-2012.
            "Prisniveau": int(kolonner[0]),
            "I alt-række": "nej",
        }
    return {
        "Tabeltitel": budget.tabeltitel,
        "Enhed": budget.enhed.value,
        "Prisniveau": budget.prisniveau,
        "Bevillingsområde": budget.bevillingsomraade or None,
        "Funktion": budget.funktion or None,
        "I alt-række": "ja" if budget.i_alt_raekke else "nej",
    }


def _header_value(kolonne: str) -> object:
    # A year typed as text gets Excel's "number stored as text" warning.
    return int(kolonne) if kolonne.isdigit() else kolonne


def _amount(value: float | None) -> object:
    if value is None:
        return None
    return int(value) if float(value).is_integer() else value


def _oekonomi_sheet(ws: Worksheet, kolonner: tuple[str, ...], budget: Budget | None) -> None:
    ws.title = ARK_OEKONOMI
    ws.cell(1, 1, POST).font = HEADER_FONT
    ws.column_dimensions["A"].width = 50
    width = max(BUDGET_KOLONNER, len(kolonner))
    for col in range(2, width + 2):
        name = kolonner[col - 2] if col - 2 < len(kolonner) else None
        cell = ws.cell(1, col, _header_value(name) if name else None)
        _input(cell, "0")
        cell.font = HEADER_FONT
        cell.alignment = Alignment(horizontal="right")
        ws.column_dimensions[cell.column_letter].width = 13
    linjer = budget.linjer if budget else ()
    last = max(BUDGET_ROWS, len(linjer) + 2) + 1
    for r in range(2, last + 1):
        linje = linjer[r - 2] if r - 2 < len(linjer) else None
        post = ws.cell(r, 1, linje.post if linje else None)
        _input(post)
        if linje and linje.heraf:
            post.alignment = Alignment(indent=1)
        for col in range(2, width + 2):
            i = col - 2
            value = linje.beloeb[i] if linje and i < len(linje.beloeb) else None
            _input(ws.cell(r, col, _amount(value)), FIGURE_FORMAT)
    ws.freeze_panes = "B2"
    _protect(ws)


def _oplysninger_sheet(ws: Worksheet, values: dict[str, object]) -> None:
    choices = {"Enhed": VALG_BUDGET_ENHED, "I alt-række": VALG_I_ALT_RAEKKE}
    formats = {"Prisniveau": "0", "Funktion": "@"}
    for row, felt in enumerate(BUDGET_FELTER, start=1):
        ws.cell(row, 1, felt).font = HEADER_FONT
        value = ws.cell(row, 2, values.get(felt))
        _input(value, formats.get(felt))
        ws.cell(row, 3, BUDGET_FELT_HJAELP[felt]).font = Font(italic=True, color="666666")
        if felt in choices:
            _list_validation(ws, choices[felt], value.coordinate)
    ws.column_dimensions["A"].width = 20
    ws.column_dimensions["B"].width = 60
    ws.column_dimensions["C"].width = 75
    _protect(ws)
