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
from dataclasses import dataclass
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, Protection
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from dagsorden.kerne.danish import tal
from dagsorden.kerne.model import (
    Beregning,
    Budget,
    BudgetEnhed,
    Budgetlinje,
    Delmaal,
    Enhed,
    Kolonne,
    Kolonneart,
    Maal,
    Negative,
    Nul,
    Pejlemaerke,
    Raekketype,
    Retning,
)
from dagsorden.kerne.oekonomi import AFRUNDINGSNOTE, I_ALT, regn_ud
from dagsorden.kilder.budget_workbook import (
    ARK_KOLONNER,
    ARK_OEKONOMI,
    ARK_OPLYSNINGER,
    ART,
    KOLONNE,
    KOLONNER_OVERSKRIFTER,
    POST,
    TYPE,
    TYPE_HJAELP,
    VALG_ART,
    VALG_I_ALT_KOLONNE,
    VALG_I_ALT_RAEKKE,
    VALG_NEGATIVE,
    VALG_NUL,
    VALG_TYPE,
    er_procentoverskrift,
    ligner_sumraekke,
    raekketype_for_post,
)
from dagsorden.kilder.budget_workbook import FELTER as BUDGET_FELTER
from dagsorden.kilder.budget_workbook import VALG_ENHED as VALG_BUDGET_ENHED
from dagsorden.kilder.budgetformer import form_navn
from dagsorden.kilder.maalinger import (
    ARK_AKTIVITETER,
    ARK_MAALINGER,
    ARK_MILEPAELE,
    ARK_SAMMENLIGNING,
    NYE_ARK,
    VALG_FREMDRIFT,
)
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

VEJLEDNING_NYE_ARK = (
    "Arket Målinger (valgfrit)",
    "Én række pr. tal og år: ID (fx A eller F1), År (fx 2015), Værdi, Kilde og Note. "
    "Her samles delmålets tal for alle år, så udviklingen kan vises år for år.",
    "Baseline er målingen fra Baselineår (mangler den: den seneste før, ellers den "
    "første efter). Status er målingen fra Statusår. Står Baseline eller Status også "
    "på arket Delmål, skal tallene være de samme.",
    "",
    "Arket Milepæle (valgfrit)",
    "Én række pr. delmål og år: ID, År og Mål, fx A, 2015, 40%. Farven efter forventet "
    "forløb bruger milepælen for statusåret i stedet for en lige linje.",
    "",
    "Arket Sammenligning (valgfrit)",
    "Samme mål i andre byer (fx 6-byerne): ID, By, År og Værdi. Tallene vises ved siden "
    "af pejlemærket og tæller aldrig med i dets status.",
    "",
    "Arket Aktiviteter (valgfrit)",
    "Én række pr. aktivitet: Aktivitet, Delmål (ID'er adskilt af komma), Ansvarlig, "
    "Frist, Fremdrift (grøn, gul eller rød) og Kommentar.",
    "",
)
"""The Vejledning of the optional sheets (also what `dagsorden opgrader` adds)."""

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
    *VEJLEDNING_NYE_ARK,
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
    for name in NYE_ARK:
        add_new_sheet(workbook, name, pejlemaerke)
    _vejledning_sheet(workbook.create_sheet(ARK_VEJLEDNING))
    return workbook


# --- the sheets over time (Målinger, Milepæle, Sammenligning, Aktiviteter) -----------

NYE_ARK_ROWS = {ARK_MAALINGER: 40, ARK_MILEPAELE: 20, ARK_SAMMENLIGNING: 30, ARK_AKTIVITETER: 20}
"""Rows styled and unlocked on each optional sheet (a filled one gets two more than it
holds): ten delmål over four years, five cities over six years. More rows can be
typed below (they are read, only not pre-styled); every styled row costs reading time."""
_BREDDER = {
    "ID": 6,
    "År": 7,
    "Værdi": 11,
    "Mål": 11,
    "By": 16,
    "Kilde": 40,
    "Note": 50,
    "Aktivitet": 50,
    "Delmål": 10,
    "Ansvarlig": 22,
    "Frist": 12,
    "Fremdrift": 11,
    "Kommentar": 50,
}


def add_new_sheet(
    workbook: Workbook, name: str, p: Pejlemaerke | None = None, *, index: int | None = None
) -> Worksheet:
    """Adds one of the optional sheets, styled for input like the others, with `p`'s
    rows (none for a blank workbook)."""
    columns = NYE_ARK[name][0]
    ws = workbook.create_sheet(name, index)
    for col, header in enumerate(columns, start=1):
        ws.cell(1, col, header).font = HEADER_FONT
        ws.column_dimensions[get_column_letter(col)].width = _BREDDER.get(header, 12)
    rows = _new_sheet_rows(name, p) if p is not None else []
    last = max(NYE_ARK_ROWS[name], len(rows) + 2)
    for r in range(2, last + 1):
        values = rows[r - 2] if r - 2 < len(rows) else {}
        for col, header in enumerate(columns, start=1):
            value, fmt = values.get(header, (None, None))
            cell = ws.cell(r, col, value)
            default = {"År": "0", "Værdi": FIGURE_FORMAT, "Mål": FIGURE_FORMAT}.get(header)
            _input(cell, fmt or default)
            if header in ("Kilde", "Note", "Aktivitet", "Kommentar"):
                cell.alignment = Alignment(wrap_text=True, vertical="top")
    if name == ARK_AKTIVITETER:
        col = get_column_letter(columns.index("Fremdrift") + 1)
        _list_validation(ws, VALG_FREMDRIFT, f"{col}2:{col}{last}")
    ws.freeze_panes = "A2"
    _protect(ws)
    return ws


def _new_sheet_rows(name: str, p: Pejlemaerke) -> list[dict[str, tuple[object, str | None]]]:
    leaves = [x for d in p.delmaal for x in (d.underpunkter or (d,))]
    enheder = {d.id: d.enhed for d in leaves}
    if name == ARK_MAALINGER:
        return [
            {
                "ID": (d.id, None),
                "År": (m.aar, None),
                "Værdi": _figure(m.vaerdi, d.enhed),
                "Kilde": (m.kilde or None, None),
                "Note": (m.note or None, None),
            }
            for d in leaves
            for m in d.maalinger
        ]
    if name == ARK_MILEPAELE:
        return [
            {"ID": (d.id, None), "År": (m.aar, None), "Mål": _maal(m.maal, d.enhed)}
            for d in leaves
            for m in d.milepaele
        ]
    if name == ARK_SAMMENLIGNING:
        return [
            {
                "ID": (s.delmaal, None),
                "By": (s.by, None),
                "År": (s.aar, None),
                "Værdi": _figure(s.vaerdi, enheder.get(s.delmaal, Enhed.ANTAL)),
            }
            for s in p.sammenligning
        ]
    return [
        {
            "Aktivitet": (a.aktivitet, None),
            "Delmål": (", ".join(a.delmaal) or None, None),
            "Ansvarlig": (a.ansvarlig or None, None),
            "Frist": (a.frist or None, "@"),
            "Fremdrift": (a.fremdrift.value if a.fremdrift else None, None),
            "Kommentar": (a.kommentar or None, None),
        }
        for a in p.aktiviteter
    ]


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
"""Budget lines styled and unlocked: an Økonomi table has a handful of lines (a grant
list more: a filled workbook always gets two empty rows below its last line)."""
BUDGET_KOLONNER = 8
"""Header cells after Post that are ready to fill: the blank workbook's four years,
and room for more years or categories (or the officer's own I alt)."""
KOLONNER_ROWS = 12
"""Rows of sheet Kolonner ready to fill."""
BLANK_AAR = 4
"""The blank workbook's columns: the current year and the next three (budget year and
overslagsår), the span of most budget changes."""

BUDGET_FELT_HJAELP = {
    "Tabeltitel": "Tabellens titel uden 'Tabel 1.', fx Ændring af udgiftsbudget vedr. ...",
    "Enhed": "kr., 1.000 kr. (også t. kr.), mio. kr. eller mia. kr.: enheden for alle beløb",
    "Prisniveau": "Året for pris- og lønniveauet, fx 2011; vises som (2011 p/l)",
    "Bevillingsområde": "Fx Tværgående opgaver og administration",
    "Funktion": "Fx 6.45.51.1",
    "I alt-række": "ja: dagsorden tilføjer en I alt-række (når arket ingen total-række har)",
    "I alt-kolonne": "ja/nej; tom: kun når alle beløbskolonner er årstal (aldrig budget + "
    "prognose + afvigelse lagt sammen)",
    "Decimaler": "Tom: enhedens sædvanlige (0 i kr. og 1.000 kr., 1 i mio. kr. og mia. kr.); "
    "eller 0-3",
    "Negative tal": "minus: -690 (standard); parentes: (690)",
    "Nul vises som": "0,0: med tabellens decimaler (standard); 0: altid 0; -: en streg",
    "Afrundingsnote": "Tom: Afvigelser i summer skyldes afrundinger. Skriv en anden tekst "
    "her, hvis papiret bruger en anden",
}

TYPE_VALG_HJAELP = "Type: tom = linje; " + "; ".join(
    f"{valg}: {hjaelp}" for valg, hjaelp in TYPE_HJAELP.items() if valg != "linje"
)

BUDGET_VEJLEDNING = (
    "Sådan udfylder du budget-arbejdsbogen",
    "",
    "Arbejdsbogen beskriver én Økonomi-tabel. dagsorden læser den, tjekker at tallene går "
    "op, regner det ud, du ikke selv har skrevet, og skriver tabellen og beløbene i teksten.",
    "Udfyld kun de orange celler. Overskriften Post er låst, så den ikke ændres ved et uheld.",
    "",
    f"Arket {ARK_OEKONOMI}",
    "Række 1: Post og derefter én kolonne pr. år (fx 2011, 2012) eller pr. slags beløb "
    "(fx Service, Anlæg, Korrigeret budget, Forventet regnskab, Afvigelse). Tomme kolonner "
    "uden tal tæller ikke med.",
    "Én række pr. linje i tabellen. Indtægter skrives med minus: -590.",
    "Beløbene skrives i den enhed, arket Oplysninger angiver, sådan som økonomisystemet "
    "viser dem: 590 eller 1.234 i 1.000 kr., 0,7 i mio. kr. Skriv - eller lad cellen stå "
    "tom, hvor der ikke er et beløb.",
    "En overskrift med % eller pct. (fx Afvigelse i pct.) er en procentkolonne: den vises "
    "som 5,2% og lægges aldrig sammen.",
    "Kolonner til venstre for Post er tekstkolonner (fx Funktion), og de vises, som de står.",
    f"Kolonnen {TYPE} (valgfri) siger, hvad rækken er. Tom er en almindelig linje. "
    "overskrift: en gruppes titel uden beløb, fx et udvalg eller Service. sum: gruppens "
    "deltotal, fx Netto eller I alt, Socialudvalget; den lukker den inderste gruppe, eller "
    "gruppen, hvis navn den bærer (I alt, Socialudvalget), og efter grupper uden egne summer "
    "deres fælles overgruppe. En sum uden åben gruppe lægger de løse linjer siden sidste sum "
    "sammen. heraf: en del af linjen over den, som aldrig lægges sammen. total: hele "
    "tabellens total, fx I alt eller Hovedtotal.",
    "En række, hvis Post begynder med Heraf, er en Heraf-linje, og en række med Post I alt er "
    "totalen, også uden Type. En række, der hedder fx Netto eller Service i alt, skal have "
    "sum eller total i Type; ellers afviser dagsorden den, så den ikke lægges med to gange.",
    "Summer og totaler, du lader stå tomme, regner dagsorden ud. Skriver du dem selv "
    "(fx fra økonomisystemet), tjekkes de: en forskel på en afrunding er i orden, og så "
    "vises dit tal; en større forskel er en fejl, der nævner cellen.",
    "En kolonne med overskriften I alt er summen af rækkens beløbskolonner; skriver du den "
    "selv, tjekkes den på samme måde. En anden overskrift, der lyder som en sum (Total, I "
    "alt 2025-26), afvises: kald den I alt, eller giv den en Beregning på arket Kolonner.",
    "",
    f"Arket {ARK_KOLONNER} (valgfrit)",
    f"Én række pr. kolonne, der skal beskrives: {KOLONNE} (navnet som i række 1), {ART} "
    "(beløb, procent eller tekst) og Beregning.",
    "Beregning gør kolonnen afledt af andre: Korr. budget - Forventet regnskab, eller "
    "Afvigelse / Korr. budget i en procentkolonne. Skriv mellemrum om + - og /. Tomme "
    "celler i kolonnen regnes ud, udfyldte tjekkes.",
    "En tekstkolonne til højre for Post skal stå her med Art tekst.",
    "",
    f"Arket {ARK_OPLYSNINGER}",
    "Tabeltitel og Enhed skal udfyldes. Prisniveau vises som (2011 p/l). Bevillingsområde "
    "og Funktion kan hentes ind i indstillingens tekst.",
    "I alt-række: ja giver en I alt-række under linjerne, hvis arket ikke selv har en "
    "total-række. I alt-kolonne: tom giver kun en I alt-kolonne, når alle kolonner er år.",
    "Decimaler, Negative tal, Nul vises som og Afrundingsnote styrer, hvordan tallene "
    "vises; tomme felter giver papirernes sædvanlige form.",
    "",
    "Se tabellen med: dagsorden oekonomi FIL.xlsx",
)


def write_budget_workbook(
    target: Path,
    budget: Budget | None = None,
    *,
    foerste_aar: int | None = None,
    form: str = "år",
) -> Path:
    """Writes a standard budget workbook to `target`, whole or not at all.

    Without `budget` the workbook is the blank `form` (see `FORMER`): `år` has columns
    for `foerste_aar` (default: the current year) and the three years after it and no
    lines; the other forms hold the rows and columns of their shape, ready to fill.
    Refuses to overwrite an existing file.
    """
    workbook = build_budget_workbook(budget, foerste_aar=foerste_aar, form=form)
    return write_atomically(target, workbook.save)


def build_budget_workbook(
    budget: Budget | None = None, *, foerste_aar: int | None = None, form: str = "år"
) -> Workbook:
    """The workbook `write_budget_workbook` writes, not yet saved."""
    blank = budget is None
    if budget is None:
        budget = blank_budget(form, foerste_aar)
    workbook = Workbook()
    layout = _Layout.of(budget)
    _oekonomi_sheet(workbook.active, budget, layout)
    _oplysninger_sheet(workbook.create_sheet(ARK_OPLYSNINGER), _oplysninger_values(budget, blank))
    if layout.beskriv:
        _kolonner_sheet(workbook.create_sheet(ARK_KOLONNER), layout.beskriv)
    _vejledning_sheet(workbook.create_sheet(ARK_VEJLEDNING), BUDGET_VEJLEDNING)
    return workbook


def blank_budget(form: str = "år", foerste_aar: int | None = None) -> Budget:
    """The blank `form` as a Budget without figures: its columns and its rows."""
    form = form_navn(form)
    aar = foerste_aar if foerste_aar is not None else dt.date.today().year
    if form == "år":
        return Budget(
            "",
            BudgetEnhed.TUSIND_KR,
            tuple(Kolonne(str(aar + i)) for i in range(BLANK_AAR)),
            (),
            prisniveau=aar,
        )
    if form == "regnskab":
        korr, regnskab = f"Korr. budget {aar}", f"Regnskab {aar}"
        kolonner: tuple[Kolonne, ...] = (
            Kolonne(f"Opr. budget {aar}"),
            Kolonne(korr),
            Kolonne(regnskab),
            _afledt("Afvigelse", Kolonneart.BELOEB, korr, regnskab),
            _afledt("Afvigelse i pct.", Kolonneart.PROCENT, "Afvigelse", naevner=korr),
        )
        return _skelet(
            kolonner, BudgetEnhed.TUSIND_KR, ("Linje 1", "Linje 2", "Linje 3"), ("I alt",)
        )
    if form == "prognose":
        kolonner = (
            Kolonne("Korrigeret budget"),
            Kolonne("Forbrug"),
            Kolonne("Forventet regnskab"),
            _afledt("Afvigelse", Kolonneart.BELOEB, "Korrigeret budget", "Forventet regnskab"),
        )
        return _skelet(
            kolonner,
            BudgetEnhed.MIO_KR,
            ("Linje 1", ("Heraf ...", Raekketype.HERAF), "Linje 2", "Linje 3"),
            ("Serviceudgifter i alt",),
            prisniveau=aar,
        )
    if form == "områder":
        rows: list[str | tuple[str, Raekketype]] = []
        for omraade in ("Område 1", "Område 2"):
            rows += [(omraade, Raekketype.OVERSKRIFT), "Linje 1", "Linje 2"]
            rows += [("Netto", Raekketype.SUM)]
        return _skelet(
            (Kolonne("Service"), Kolonne("Anlæg")),
            BudgetEnhed.TUSIND_KR,
            tuple(rows),
            ("I alt",),
            prisniveau=aar,
            i_alt_kolonne=True,
        )
    return _skelet(
        (Kolonne(f"Bevilget {aar - 1}"), Kolonne(f"Indstillet {aar}")),
        BudgetEnhed.TUSIND_KR,
        tuple(f"Forening {n}" for n in range(1, 6)),
        ("Hovedtotal",),
        prisniveau=aar,
    )


def _afledt(
    navn: str, art: Kolonneart, a: str, b: str | None = None, *, naevner: str | None = None
) -> Kolonne:
    """A derived column: a - b, or a / naevner."""
    led = (("+", a),) + ((("-", b),) if b else ())
    tekst = f"{a} - {b}" if b else f"{a} / {naevner}"
    return Kolonne(navn, art, Beregning(tekst, led, naevner))


def _skelet(
    kolonner: tuple[Kolonne, ...],
    enhed: BudgetEnhed,
    rows: tuple[str | tuple[str, Raekketype], ...],
    total: tuple[str],
    *,
    prisniveau: int | None = None,
    i_alt_kolonne: bool | None = None,
) -> Budget:
    """A form: rows named for what goes there, no figures, and its total."""
    width = len(kolonner)
    linjer = [
        Budgetlinje(row, (None,) * width)
        if isinstance(row, str)
        else Budgetlinje(row[0], (None,) * width, type=row[1])
        for row in rows
    ]
    linjer.append(Budgetlinje(total[0], (None,) * width, type=Raekketype.TOTAL))
    return Budget(
        "",
        enhed,
        kolonner,
        tuple(linjer),
        prisniveau=prisniveau,
        i_alt_kolonne=i_alt_kolonne,
    )


@dataclass(frozen=True)
class _Layout:
    """Where each part of a budget goes on sheet Økonomi, and what sheet Kolonner says."""

    type_col: int | None
    foran: tuple[int, ...]
    """The sheet column of each text column left of Post."""
    post_col: int
    efter: tuple[int, ...]
    """The sheet column of each text column right of Post."""
    figures: tuple[int, ...]
    i_alt_col: int | None
    width: int
    """The last column styled for input."""
    beskriv: tuple[tuple[str, str, str], ...]
    """Sheet Kolonner's rows (Kolonne, Art, Beregning); empty: no sheet Kolonner."""
    tekst_index: tuple[int, ...]
    """For each of foran + efter, its index into `Budget.tekstkolonner`."""

    @classmethod
    def of(cls, budget: Budget) -> _Layout:
        col = 1
        type_col = None
        if _needs_type(budget):
            type_col, col = col, col + 1
        foran_i = [i for i, k in enumerate(budget.tekstkolonner) if k.foran_post]
        efter_i = [i for i, k in enumerate(budget.tekstkolonner) if not k.foran_post]
        foran = tuple(range(col, col + len(foran_i)))
        post_col = col + len(foran_i)
        efter = tuple(range(post_col + 1, post_col + 1 + len(efter_i)))
        first = post_col + 1 + len(efter_i)
        figures = tuple(range(first, first + len(budget.kolonner)))
        typed_i_alt = any(linje.i_alt is not None for linje in budget.linjer)
        i_alt_col = first + len(figures) if typed_i_alt else None
        width = max(first + BUDGET_KOLONNER - 1, (i_alt_col or 0), first + len(figures) - 1)
        return cls(
            type_col,
            foran,
            post_col,
            efter,
            figures,
            i_alt_col,
            width,
            _beskrivelser(budget),
            tuple(foran_i + efter_i),
        )


def _needs_type(budget: Budget) -> bool:
    """Whether some row's kind isn't what its Post says without a Type: a heading, a
    sum, a total or Heraf line named otherwise, or a line named like a sum."""
    return any(
        linje.type is not raekketype_for_post(linje.post)
        or (linje.type is Raekketype.LINJE and ligner_sumraekke(linje.post))
        for linje in budget.linjer
    )


def _type_value(linje: Budgetlinje) -> str | None:
    if linje.type is Raekketype.LINJE:
        return "linje" if ligner_sumraekke(linje.post) else None
    return linje.type.value


def _beskrivelser(budget: Budget) -> tuple[tuple[str, str, str], ...]:
    """The columns sheet Kolonner must describe: derived ones, text columns right of
    Post, and columns whose kind their header doesn't tell (a percent column
    without % or pct., an amount column with one)."""
    rows = []
    for kolonne in budget.kolonner:
        by_header = Kolonneart.PROCENT if er_procentoverskrift(kolonne.navn) else Kolonneart.BELOEB
        if kolonne.beregning is not None or kolonne.art is not by_header:
            tekst = kolonne.beregning.tekst if kolonne.beregning else ""
            rows.append((kolonne.navn, kolonne.art.value, tekst))
    for kolonne in budget.tekstkolonner:
        if not kolonne.foran_post:
            rows.append((kolonne.navn, Kolonneart.TEKST.value, ""))
    return tuple(rows)


def _oplysninger_values(budget: Budget, blank: bool) -> dict[str, object]:
    values: dict[str, object] = {
        "Tabeltitel": budget.tabeltitel or None,
        "Enhed": budget.enhed.value,
        "Prisniveau": budget.prisniveau,
        "Bevillingsområde": budget.bevillingsomraade or None,
        "Funktion": budget.funktion or None,
        "I alt-række": "ja" if budget.i_alt_raekke else "nej",
        "I alt-kolonne": None
        if budget.i_alt_kolonne is None
        else ("ja" if budget.i_alt_kolonne else "nej"),
        "Decimaler": budget.decimaler,
        "Negative tal": None if budget.negative is Negative.MINUS else budget.negative.value,
        "Nul vises som": None if budget.nul is Nul.DECIMALER else budget.nul.value,
        "Afrundingsnote": None
        if budget.afrundingsnote == AFRUNDINGSNOTE
        else budget.afrundingsnote,
    }
    if blank:
        values["Tabeltitel"] = None
    return values


def _header_value(kolonne: str) -> object:
    # A year typed as text gets Excel's "number stored as text" warning.
    return int(kolonne) if kolonne.isdigit() else kolonne


def _amount(value: float | None) -> object:
    if value is None:
        return None
    return int(value) if float(value).is_integer() else value


def _amount_format(decimaler: int) -> str:
    """1.234 or 1.234,5 as Danish Excel shows it, with the table's decimals."""
    return "#,##0" + ("." + "0" * decimaler if decimaler else "")


def _percent_format(value: float | None) -> str:
    decimals = max(1, len(tal(value).partition(",")[2])) if value is not None else 1
    return "0." + "0" * decimals + "%"


def _header(ws: Worksheet, col: int, text: str | None, *, locked: bool, right: bool) -> None:
    cell = ws.cell(1, col, text)
    if not locked:
        _input(cell, "0")
    cell.font = HEADER_FONT
    if right:
        cell.alignment = Alignment(horizontal="right")


def _oekonomi_sheet(ws: Worksheet, budget: Budget, layout: _Layout) -> None:
    ws.title = ARK_OEKONOMI
    tekstkolonner = budget.tekstkolonner
    text_cols = dict(zip((*layout.foran, *layout.efter), layout.tekst_index, strict=True))
    if layout.type_col:
        _header(ws, layout.type_col, TYPE, locked=True, right=False)
        ws.column_dimensions[get_column_letter(layout.type_col)].width = 12
    for col, i in text_cols.items():
        cell = ws.cell(1, col, tekstkolonner[i].navn)
        _input(cell, "@")
        cell.font = HEADER_FONT
        ws.column_dimensions[get_column_letter(col)].width = 16
    _header(ws, layout.post_col, POST, locked=True, right=False)
    ws.column_dimensions[get_column_letter(layout.post_col)].width = 50
    navne = budget.navne
    for col in range(
        layout.figures[0] if layout.figures else layout.post_col + 1, layout.width + 1
    ):
        if col == layout.i_alt_col:
            name: str | None = I_ALT
        else:
            i = col - layout.figures[0] if layout.figures else len(navne)
            name = navne[i] if i < len(navne) else None
        cell = ws.cell(1, col, _header_value(name) if name else None)
        _input(cell, "0")
        cell.font = HEADER_FONT
        cell.alignment = Alignment(horizontal="right", wrap_text=True)
        ws.column_dimensions[cell.column_letter].width = 13
    linjer = budget.linjer
    niveauer = [u.niveau for u in regn_ud(budget).raekker[: len(linjer)]] if linjer else []
    amount_format = _amount_format(budget.vis_decimaler)
    empty = _empty_columns(budget)
    last = max(BUDGET_ROWS, len(linjer) + 2) + 1
    for r in range(2, last + 1):
        linje = linjer[r - 2] if r - 2 < len(linjer) else None
        if layout.type_col:
            _input(ws.cell(r, layout.type_col, _type_value(linje) if linje else None))
        for col, i in text_cols.items():
            text = linje.tekster[i] if linje and i < len(linje.tekster) else None
            _input(ws.cell(r, col, text or None), "@")
        post = ws.cell(r, layout.post_col, linje.post if linje else None)
        _input(post)
        if linje:
            indent = niveauer[r - 2] + (1 if linje.heraf else 0)
            post.alignment = Alignment(indent=indent) if indent else Alignment()
            # The Input style's own font, in bold or italics.
            if linje.type in (Raekketype.OVERSKRIFT, Raekketype.SUM, Raekketype.TOTAL):
                post.font = _font(post, bold=True)
            elif linje.heraf:
                post.font = _font(post, italic=True)
        for col in range(
            layout.figures[0] if layout.figures else layout.width + 1, layout.width + 1
        ):
            i = col - layout.figures[0]
            if col == layout.i_alt_col:
                _input(ws.cell(r, col, _amount(linje.i_alt) if linje else None), amount_format)
                continue
            kolonne = budget.kolonner[i] if i < len(budget.kolonner) else None
            value = linje.beloeb[i] if linje and kolonne and i < len(linje.beloeb) else None
            if kolonne is not None and kolonne.art is Kolonneart.PROCENT:
                cell = ws.cell(r, col, None if value is None else round(value / 100, 10))
                _input(cell, _percent_format(value))
                continue
            if value is None and linje is not None and i in empty and r - 2 == empty[i]:
                value_out: object = "-"
            else:
                value_out = _amount(value)
            _input(ws.cell(r, col, value_out), amount_format)
    if layout.type_col:
        letter = get_column_letter(layout.type_col)
        _list_validation(ws, VALG_TYPE, f"{letter}2:{letter}{last}")
    ws.freeze_panes = ws.cell(2, layout.post_col + 1).coordinate
    _protect(ws)


def _font(cell, *, bold: bool = False, italic: bool = False) -> Font:
    """The cell's font (its style's), made bold or italic."""
    font = cell.font
    return Font(
        name=font.name, size=font.sz, color=font.color, bold=bold or font.b, italic=italic or font.i
    )


def _empty_columns(budget: Budget) -> dict[int, int]:
    """The amount columns no row has a figure in, each with the row to put a '-' in:
    the reader leaves an empty column out, and a '-' keeps it (a described column is
    kept anyway)."""
    described = {navn for navn, _, _ in _beskrivelser(budget)}
    operands = {
        navn
        for k in budget.kolonner
        if k.beregning
        for navn in (*(n for _, n in k.beregning.led), k.beregning.naevner)
        if navn
    }
    first_line = next(
        (r for r, linje in enumerate(budget.linjer) if linje.type is not Raekketype.OVERSKRIFT),
        None,
    )
    if first_line is None:
        return {}
    return {
        i: first_line
        for i, kolonne in enumerate(budget.kolonner)
        if kolonne.navn not in described
        and kolonne.navn not in operands
        and all(linje.beloeb[i] is None for linje in budget.linjer if i < len(linje.beloeb))
        and budget.linjer
        and any(linje.beloeb for linje in budget.linjer)
    }


def _oplysninger_sheet(ws: Worksheet, values: dict[str, object]) -> None:
    choices = {
        "Enhed": VALG_BUDGET_ENHED,
        "I alt-række": VALG_I_ALT_RAEKKE,
        "I alt-kolonne": VALG_I_ALT_KOLONNE,
        "Negative tal": VALG_NEGATIVE,
        "Nul vises som": VALG_NUL,
    }
    formats = {"Prisniveau": "0", "Funktion": "@", "Decimaler": "0", "Nul vises som": "@"}
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


def _kolonner_sheet(ws: Worksheet, rows: tuple[tuple[str, str, str], ...]) -> None:
    for col, name in enumerate(KOLONNER_OVERSKRIFTER, start=1):
        ws.cell(1, col, name).font = HEADER_FONT
    last = max(KOLONNER_ROWS, len(rows) + 2) + 1
    for r in range(2, last + 1):
        values = rows[r - 2] if r - 2 < len(rows) else (None, None, None)
        for col, value in enumerate(values, start=1):
            _input(ws.cell(r, col, value or None), "@")
    _list_validation(ws, VALG_ART, f"B2:B{last}")
    ws.cell(1, 5, "Hjælp").font = HEADER_FONT
    hjaelp = (
        "Kolonne: navnet, som det står i række 1 på arket Økonomi.",
        "Art: beløb, procent eller tekst (tom: overskriften afgør det; % eller pct. er procent).",
        "Beregning: fx Korr. budget - Forventet regnskab, eller Afvigelse / Korr. budget. "
        "Tomme celler regnes ud, udfyldte tjekkes.",
        TYPE_VALG_HJAELP,
    )
    for r, line in enumerate(hjaelp, start=2):
        ws.cell(r, 5, line).font = Font(italic=True, color="666666")
    ws.column_dimensions["A"].width = 28
    ws.column_dimensions["B"].width = 12
    ws.column_dimensions["C"].width = 45
    ws.column_dimensions["E"].width = 90
    ws.freeze_panes = "A2"
    _protect(ws)
