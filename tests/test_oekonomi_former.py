"""The five shapes of Økonomi table (cases/oekonomi-former/), read from their committed
workbooks, rendered alone and in the case's indstilling, and read back cell for cell:
every row, every figure, the look of each kind of row and the rounding note. Then
through LibreOffice: every figure on one line of the PDF, never broken.

The expected tables are written out here, not computed, so a change in the arithmetic
or the layout shows up as a changed table."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Cm

from dagsorden.byg.enkelt import build_indstillinger
from dagsorden.dokumenter.oekonomi_tabel import INDRYK_CM, build_oekonomi_document
from dagsorden.kerne.scoring import Config
from dagsorden.kilder.budget_workbook import read_budget

MAPPE = Path(__file__).resolve().parents[1] / "cases" / "oekonomi-former"
sys.path.insert(0, str(MAPPE))

from lav_eksempler import BUDGETTER  # noqa: E402

NOTE = "Afvigelser i summer skyldes afrundinger."

# (caption, header and rows, kinds: one letter a row: l line, o heading, s sum,
# h heraf, t total, with the nesting level after it where it isn't 0, note)
AAR = (
    "Ændring af indtægts- og udgiftsbudget vedr. Styrket indsats for hjemløse unge (2026 p/l)",
    [
        ["1.000 kr.", "2026", "2027", "2028", "2029", "I alt"],
        ["Udgiftsbudget", "2.450", "4.900", "4.900", "2.450", "14.700"],
        ["Indtægtsbudget (statstilskud)", "-1.225", "-2.450", "-2.450", "-1.225", "-7.350"],
        ["I alt", "1.225", "2.450", "2.450", "1.225", "7.350"],
    ],
    "l l t",
    "",
)
REGNSKAB = (
    "Regnskab 2018 for Udsatte voksne og handicap, serviceudgifter",
    [
        [
            "Funktion",
            "1.000 kr.",
            "Opr. budget 2018",
            "Korr. budget 2018",
            "Regnskab 2018",
            "Afvigelse",
            "Afvigelse i pct.",
        ],
        [
            "5.38.42",
            "Botilbud for personer med særlige sociale problemer",
            "318.450",
            "326.912",
            "321.488",
            "5.424",
            "1,7%",
        ],
        [
            "5.38.44",
            "Alkoholbehandling og behandlingshjem",
            "42.310",
            "41.870",
            "43.105",
            "-1.235",
            "-2,9%",
        ],
        ["5.38.45", "Behandling af stofmisbrugere", "96.240", "99.518", "97.266", "2.252", "2,3%"],
        [
            "5.38.50",
            "Botilbud til længerevarende ophold",
            "612.705",
            "631.204",
            "640.377",
            "-9.173",
            "-1,5%",
        ],
        [
            "5.38.52",
            "Botilbud til midlertidigt ophold",
            "455.890",
            "470.332",
            "462.954",
            "7.378",
            "1,6%",
        ],
        ["5.38.58", "Beskyttet beskæftigelse", "58.120", "57.634", "55.981", "1.653", "2,9%"],
        [
            "5.38.59",
            "Aktivitets- og samværstilbud",
            "127.385",
            "131.047",
            "128.512",
            "2.535",
            "1,9%",
        ],
        # The typed total: the cells add to 1.749.683 and 8.834.
        ["", "Serviceudgifter i alt", "1.711.100", "1.758.517", "1.749.684", "8.833", "0,5%"],
    ],
    "l l l l l l l t",
    NOTE,
)
PROGNOSE = (
    "Budgetopfølgning pr. 31. august 2025, Socialudvalgets serviceudgifter (2025 p/l)",
    [
        [
            "mio. kr.",
            "Regnskab 2024",
            "Opr. budget 2025",
            "Korr. budget 2025",
            "Forbrug pr. 31.8.",
            "Forventet regnskab 2025",
            "Afvigelse",
            "Afvigelse i pct.",
        ],
        [
            "Børn og unge med særlige behov",
            "2.148,6",
            "2.201,3",
            "2.236,8",
            "1.512,4",
            "2.279,5",
            "-42,7",
            "-1,9%",
        ],
        [
            "Udsatte voksne og misbrug",
            "1.087,2",
            "1.102,9",
            "1.131,4",
            "741,0",
            "1.118,6",
            "12,8",
            "1,1%",
        ],
        [
            "Heraf herberger og forsorgshjem",
            "412,5",
            "418,0",
            "426,3",
            "280,7",
            "421,9",
            "4,4",
            "1,0%",
        ],
        ["Socialpsykiatri", "864,1", "879,6", "892,0", "587,3", "889,2", "2,8", "0,3%"],
        [
            "Handicap, voksne",
            "1.356,7",
            "1.381,2",
            "1.402,5",
            "944,8",
            "1.425,1",
            "-22,6",
            "-1,6%",
        ],
        [
            "Administration og myndighed",
            "298,4",
            "301,5",
            "312,2",
            "196,2",
            "305,4",
            "6,8",
            "2,2%",
        ],
        [
            "Socialudvalget i alt",
            "5.755,0",
            "5.866,5",
            "5.974,9",
            "3.981,7",
            "6.017,8",
            "-42,9",
            "-0,7%",
        ],
    ],
    "l l h l l l t",
    "",
)
OMRAADER = (
    "Bevillingsændringer ved budgetopfølgning pr. 30. juni 2025 (2025 p/l)",
    [
        ["1.000 kr.", "2025", "2026", "I alt"],
        ["Socialudvalget", "", "", ""],
        ["Service", "", "", ""],
        ["Flere pladser på herberger", "4.500", "9.000", "13.500"],
        ["Mindreforbrug på botilbud overføres til 2026", "-3.200", "3.200", "0"],
        ["Statstilskud til opsøgende gadeteam", "-1.100", "-1.100", "-2.200"],
        ["Netto", "200", "11.100", "11.300"],
        ["Anlæg", "", "", ""],
        ["Renovering af botilbuddet Kastanjehuset", "6.000", "12.000", "18.000"],
        ["Udskudt byggeri af skæve boliger", "-8.000", "8.000", "0"],
        ["Netto", "-2.000", "20.000", "18.000"],
        ["I alt, Socialudvalget", "-1.800", "31.100", "29.300"],
        ["Sundheds- og Omsorgsudvalget", "", "", ""],
        ["Service", "", "", ""],
        ["Aflastningspladser på plejecentre", "2.300", "2.300", "4.600"],
        ["Mindreforbrug i hjemmeplejen overføres til 2026", "-5.400", "5.400", "0"],
        ["Netto", "-3.100", "7.700", "4.600"],
        ["Anlæg", "", "", ""],
        ["Nyt aktivitetscenter i Sydhavnen", "3.500", "14.000", "17.500"],
        ["Netto", "3.500", "14.000", "17.500"],
        ["I alt, Sundheds- og Omsorgsudvalget", "400", "21.700", "22.100"],
        ["I alt", "-1.400", "52.800", "51.400"],
    ],
    "o o1 l2 l2 l2 s2 o1 l2 l2 s2 s1 o o1 l2 l2 s2 o1 l2 s2 s1 t",
    "",
)
_FORENINGER = """\
Varmestuen i Nordvest|Bispebjerg|1.291|1.218
Natcaféen på Vesterbro|Vesterbro|1.432|1.546
Foreningen Fælles Bord|Indre By|442|444
Gadeholdet|Hele byen|1.032|1.056
Kvindehuset Amager|Amager Øst|1.251|1.374
Mentornetværket Ung i Byen|Nørrebro|659|686
Foreningen Hjem til Alle|Hele byen|447|537
Café Rummet|Valby|1.022|922
Frivilligcentret Bispebjerg|Bispebjerg|614|532
Sorggrupperne i København|Hele byen|594|517
Bydelsmødrene på Nørrebro|Nørrebro|936|1.022
Foreningen Lærested|Østerbro|299|251
Væresteden Kilden|Amager Vest|237|261
Besøgsvennerne Østerbro|Østerbro|1.379|1.276
Foreningen Ny Start|Vanløse|1.164|1.368
Netværket for Pårørende|Hele byen|365|397
Madfællesskabet Sydhavn|Kongens Enghave|423|444
Foreningen Trappen|Brønshøj-Husum|492|590
Rådgivningen Bag Facaden|Hele byen|214|218
Motionsholdet Gå Sammen|Amager Vest|1.372|1.559
Foreningen Åben Dør|Vesterbro|1.106|1.172
Ungdomshuset Broen|Nørrebro|1.284|1.297
Foreningen Sammen om Bolig|Bispebjerg|1.056|1.099
Gældsrådgivningen Valby|Valby|293|349
Klubben for Seniorer med Handicap|Hele byen|747|726"""
TILSKUD = (
    "Tilskud fra puljen til frivilligt socialt arbejde (§ 18) 2026",
    [
        ["1.000 kr.", "Bydel", "Bevilget 2025", "Indstillet 2026"],
        *(line.split("|") for line in _FORENINGER.splitlines()),
        # The cells add to 20.151 and 20.861: the typed Hovedtotal is 1 more.
        ["Hovedtotal", "", "20.151", "20.862"],
    ],
    " ".join(["l"] * 25 + ["t"]),
    NOTE,
)
FORVENTET = {
    "aar.xlsx": AAR,
    "regnskab.xlsx": REGNSKAB,
    "prognose.xlsx": PROGNOSE,
    "omraader.xlsx": OMRAADER,
    "tilskud.xlsx": TILSKUD,
}
TEKSTKOLONNER = {"regnskab.xlsx": 2, "tilskud.xlsx": 2}
"""Leading text columns (left-aligned) where there is more than Post."""
POST_KOLONNE = {"regnskab.xlsx": 1}


def _kinds(spec: str) -> list[tuple[str, int]]:
    return [(k[0], int(k[1:] or 0)) for k in spec.split()]


def cells(table) -> list[list[str]]:
    return [[cell.text for cell in row.cells] for row in table.rows]


def _runs(cell) -> list:
    return [run for paragraph in cell.paragraphs for run in paragraph.runs]


def _bold(cell) -> bool:
    return all(run.bold for run in _runs(cell)) and bool(_runs(cell))


def _italic(cell) -> bool:
    return all(run.italic for run in _runs(cell)) and bool(_runs(cell))


def _indent_cm(cell) -> float:
    indent = cell.paragraphs[0].paragraph_format.left_indent
    return 0.0 if indent is None else round(indent / Cm(1), 2)


def _rule_above(cell) -> bool:
    top = cell._tc.xpath("./w:tcPr/w:tcBorders/w:top")
    return bool(top) and int(top[0].get(qn("w:sz"))) > 4


def check_table(table, navn: str) -> None:
    """The table has the expected cells, and each kind of row its look."""
    _, expected, kinds, _ = FORVENTET[navn]
    assert cells(table) == expected
    text_columns = TEKSTKOLONNER.get(navn, 1)
    post = POST_KOLONNE.get(navn, 0)
    for c, cell in enumerate(table.rows[0].cells):
        assert _bold(cell), (navn, "header", c)
    for row, (kind, level) in zip(table.rows[1:], _kinds(kinds), strict=True):
        where = (navn, row.cells[post].text)
        bold = kind in "ost"
        for c, cell in enumerate(row.cells):
            if cell.text:
                assert _bold(cell) == bold, (*where, c)
                assert _italic(cell) == (kind == "h"), (*where, c)
            alignment = cell.paragraphs[0].alignment
            if c < text_columns:
                assert alignment in (None, WD_ALIGN_PARAGRAPH.LEFT), (*where, c)
            else:
                assert alignment == WD_ALIGN_PARAGRAPH.RIGHT, (*where, c)
            assert _rule_above(cell) == (kind == "t"), (*where, c)
        expected_indent = INDRYK_CM * (level + (1 if kind == "h" else 0))
        assert _indent_cm(row.cells[post]) == pytest.approx(expected_indent), where
        if kind == "o":
            assert all(cell.text == "" for cell in row.cells[text_columns:]), where


# --- the workbooks ------------------------------------------------------------------


@pytest.mark.parametrize("navn", list(BUDGETTER))
def test_committed_workbook_is_lav_eksemplers(navn):
    """The committed .xlsx is what lav_eksempler.py writes: a stale one fails."""
    assert read_budget(MAPPE / navn) == BUDGETTER[navn]


def test_one_workbook_per_shape():
    assert sorted(p.name for p in MAPPE.glob("*.xlsx")) == sorted(FORVENTET)


# --- each table alone ---------------------------------------------------------------


@pytest.fixture(scope="module")
def alone(tmp_path_factory) -> dict[str, Path]:
    ud = tmp_path_factory.mktemp("alene")
    return {
        navn: build_oekonomi_document(read_budget(MAPPE / navn), ud / navn.replace("xlsx", "docx"))
        for navn in FORVENTET
    }


@pytest.mark.parametrize("navn", list(FORVENTET))
def test_table_alone_cell_for_cell(alone, navn):
    caption, _, _, note = FORVENTET[navn]
    document = Document(alone[navn])
    assert len(document.tables) == 1
    check_table(document.tables[0], navn)
    texts = [p.text for p in document.paragraphs]
    assert texts[0] == f"Tabel 1. {caption}"
    assert texts[1:] == ([note] if note else [""])


def test_wide_table_gets_a_smaller_font_and_fits_a4(alone):
    """Seven figure columns fit the 17 cm text column at a smaller size."""
    document = Document(alone["prognose.xlsx"])
    table = document.tables[0]
    widths = [cell.width for cell in table.rows[0].cells]
    assert sum(widths) / Cm(1) == pytest.approx(17.0, abs=0.05)
    sizes = {run.font.size.pt for row in table.rows for c in row.cells for run in _runs(c)}
    assert sizes and max(sizes) < 10.5
    narrow = Document(alone["aar.xlsx"]).tables[0]
    assert {run.font.size for row in narrow.rows for c in row.cells for run in _runs(c)} == {None}


def test_figures_never_wrap(alone):
    for navn, path in alone.items():
        table = Document(path).tables[0]
        for row in table.rows[1:]:
            for cell in row.cells[TEKSTKOLONNER.get(navn, 1) :]:
                if cell.text:
                    assert cell._tc.xpath("./w:tcPr/w:noWrap"), (navn, cell.text)


# --- the case: five tables in one indstilling ------------------------------------------


@pytest.fixture(scope="module")
def indstilling(tmp_path_factory) -> Path:
    (path,) = build_indstillinger([MAPPE], tmp_path_factory.mktemp("ud"), Config())
    return path


def test_indstilling_numbers_the_five_tables(indstilling):
    document = Document(indstilling)
    captions = [p.text for p in document.paragraphs if re.match(r"Tabel \d+\. ", p.text)]
    assert captions == [
        f"Tabel {n}. {caption}" for n, (caption, *_) in enumerate(FORVENTET.values(), start=1)
    ]
    assert len(document.tables) == 5
    for table, navn in zip(document.tables, FORVENTET, strict=True):
        check_table(table, navn)
    texts = [p.text for p in document.paragraphs]
    assert texts.count(NOTE) == 2  # under Tabel 2 and Tabel 5


def test_indstilling_cites_the_tables(indstilling):
    text = "\n".join(p.text for p in Document(indstilling).paragraphs)
    for phrase in (
        "hæves med 14,7 mio. kr. (2026 p/l) i årene 2026-2029",
        "statstilskuddet dækker 7,4 mio. kr.",
        "Regnskabet for 2018 (tabel 2) viser et samlet mindreforbrug på 8,8 mio. kr.",
        "en afvigelse på -42,9 mio. kr.",
        "netto -1,8 mio. kr. i 2025, heraf -2,0 mio. kr. på anlæg",
        "i alt 20,9 mio. kr. i 2026 mod 20,2 mio. kr. i 2025 (tabel 5)",
    ):
        assert phrase in text
    assert "kr.." not in text
    assert "{" not in text


# --- LibreOffice --------------------------------------------------------------------


@pytest.mark.libreoffice
def test_pdf_keeps_every_figure_whole(indstilling, libreoffice):
    (pdf,) = libreoffice([indstilling], "pdf")
    pdftotext = shutil.which("pdftotext")
    assert pdftotext, "pdftotext (poppler-utils) mangler"
    text = subprocess.run(
        [pdftotext, "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    tokens = set(text.split())
    for navn, (_, rows, _, _) in FORVENTET.items():
        for row in rows[1:]:
            for cell in row:
                if re.fullmatch(r"-?[\d.]+(,\d+)?%?", cell):
                    assert cell in tokens, (navn, cell)
    pages = text.split("\f")
    for n in range(1, 6):
        # A caption is on the page of its table's first row.
        page = next(p for p in pages if f"Tabel {n}." in p)
        first = FORVENTET[list(FORVENTET)[n - 1]][1][1]
        assert first[0] in page or first[1] in page, n
