"""Bad-input corpus, the outsider's part (issue 9, section 5): inputs nobody chose yet.

Each case is what a tired secretary, analyst or budget officer with the README in hand
would type or save, or what a hostile file would hold, across every command and input
kind. Some should succeed (exit 0, with the right figure in the printed message); the
rest must end in one Danish message naming the user's file and cell or line. Besides
what `run_bad` asserts, no output may hold a parser's English text or a "linje 0".
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from collections.abc import Callable
from pathlib import Path

import pytest
from badinput import Bad, run_bad
from eksempeldata import BUDGET_FOREBYGGELSE, PEJLEMAERKE_1
from openpyxl import Workbook

from dagsorden.kilder.workbook_writer import build_budget_workbook, build_pejlemaerke_workbook

ROOT = Path(__file__).resolve().parents[1]

# Texts a Danish message must never hold: a library's English error, a line 0.
FOREIGN = (
    "mapping values are not allowed",
    "found another document",
    "Cannot overwrite a value",
    "Invalid statement",
    "EOF marker",
    "not a Word file",
    "Traceback",
    "linje 0:",
)

Cells = dict[str, dict[str, object]]


def pejlemaerke(
    name: str = "pejlemaerke.xlsx", cells: Cells | None = None, edit=None
) -> Callable[[Path], None]:
    """Setup: seed 002's pejlemærke 1 (samlet status 1,6) with some cells changed."""

    def setup(work: Path) -> None:
        _save(build_pejlemaerke_workbook(PEJLEMAERKE_1), work / name, cells, edit)

    return setup


def budget(
    name: str = "budget.xlsx", cells: Cells | None = None, edit=None
) -> Callable[[Path], None]:
    """Setup: seed 003's budget (-100, -590 / 100, 590 in 1.000 kr.) with changes."""

    def setup(work: Path) -> None:
        _save(build_budget_workbook(BUDGET_FOREBYGGELSE), work / name, cells, edit)

    return setup


def _save(workbook: Workbook, path: Path, cells: Cells | None, edit) -> None:
    try:
        for sheet, values in (cells or {}).items():
            for coordinate, value in values.items():
                workbook[sheet][coordinate] = value
        if edit is not None:
            edit(workbook)
        path.parent.mkdir(parents=True, exist_ok=True)
        workbook.save(path)
    finally:
        workbook.close()


FRONT_MATTER = """udvalg: Socialudvalget
moededato: 21.09.2011
punkt: 3
titel: Prøvesag
indstiller: Socialforvaltningen
indstilling:
  - at udvalget godkender sagen
"""
"""A minimal case's front matter: lines 2-8 of sag.md (punkt on line 4)."""
BODY = """
## Problemstilling

Der er et problem.

## Løsning

Her er løsningen.

## Videre proces

Udvalget hører mere.
"""
"""The body: it starts on line 10; a block appended to it starts on line 23."""


def write_sag(
    folder: Path,
    front_matter: str = FRONT_MATTER,
    body: str = BODY,
    extra: str = "",
    encoding: str = "utf-8",
) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    text = "---\n" + front_matter + extra + "---\n" + body
    (folder / "sag.md").write_text(text, encoding=encoding)


def sag(
    folder: str = "s", front_matter: str = FRONT_MATTER, body: str = BODY, **kwargs
) -> Callable[[Path], None]:
    def setup(work: Path) -> None:
        write_sag(work / folder, front_matter, body, **kwargs)

    return setup


MEETING = """udvalg: Socialudvalget
moededato: 19.11.2014 kl. 16:00
moedested: Rådhuset
punkter:
  - a
"""
"""cases/moede.yaml with one punkt, case folder cases/a; a punkt appended is line 6."""


def meeting(
    text: str = MEETING, *, bilag: str = "", files: dict[str, bytes] | None = None, root: str = "."
) -> Callable[[Path], None]:
    """Setup: a project with cases/moede.yaml, cases/a/sag.md (bilag on line 9) and files."""

    def setup(work: Path) -> None:
        project = work / root
        extra = f"bilag:\n  - titel: Et bilag\n    fil: {bilag}\n" if bilag else ""
        write_sag(project / "cases" / "a", extra=extra)
        (project / "cases" / "moede.yaml").write_text(text, encoding="utf-8")
        for name, data in (files or {}).items():
            path = project / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)

    return setup


def both(*setups: Callable[[Path], None]) -> Callable[[Path], None]:
    def setup(work: Path) -> None:
        for each in setups:
            each(work)

    return setup


def files(entries: dict[str, bytes | str]) -> Callable[[Path], None]:
    def setup(work: Path) -> None:
        for name, data in entries.items():
            path = work / name
            path.parent.mkdir(parents=True, exist_ok=True)
            if isinstance(data, str):
                path.write_text(data, encoding="utf-8")
            else:
                path.write_bytes(data)

    return setup


def examples(folder: str = "wb") -> Callable[[Path], None]:
    """Setup: the nine example workbooks of workbooks/eksempler in `folder`."""

    def setup(work: Path) -> None:
        (work / folder).mkdir()
        for path in sorted((ROOT / "workbooks" / "eksempler").glob("*.xlsx")):
            (work / folder / path.name).write_bytes(path.read_bytes())

    return setup


def rename_sheet(old: str, new: str):
    def edit(workbook: Workbook) -> None:
        workbook[old].title = new

    return edit


NOTAT = "---\ntil: Socialudvalget\ndato: 07-11-2014\ntitel: Et notat\n---\n"
"""A notat's front matter (lines 1-5); its body starts on line 6."""
OLE_DOC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 504
"""The first bytes of a Word 97-2003 .doc (an OLE compound file)."""
NFD_AEOEAA = unicodedata.normalize("NFD", "æøå")
BUILT = ("ud", "ud/*", "ud/*/*", ".ud*", "ud/.*", "ud/*/.*")
"""What a successful byg or indstilling into ud/ may write."""
POPULATIONS = {"G2": 100, "G3": 50, "G4": 50, "G5": 10, "G6": 10, "G8": 5, "G9": 5}
DELMAAL_A = "ark 'Delmål', celle "


CASES = [
    # --- pejlemærke workbooks --------------------------------------------------------
    Bad(
        "fjendtlig-ark-navn-med-mellemrum",
        pejlemaerke(edit=rename_sheet("Delmål", "Delmål ")),
        ("status", "pejlemaerke.xlsx"),
        "Gennemsnit af 1 pejlemærker med status: 1,6",
        exit_code=0,
    ),
    Bad(
        "fjendtlig-ark-navn-nfd",
        pejlemaerke(edit=rename_sheet("Delmål", unicodedata.normalize("NFD", "Delmål"))),
        ("status", "pejlemaerke.xlsx"),
        "Gennemsnit af 1 pejlemærker med status: 1,6",
        exit_code=0,
    ),
    Bad(
        "fjendtlig-id-lille-og-stort-a",
        pejlemaerke(cells={"Delmål": {"A3": "a"}}),
        ("tjek", "pejlemaerke.xlsx"),
        "ID 'a' findes allerede i række 2",
        where=("pejlemaerke.xlsx", DELMAAL_A + "A3"),
    ),
    Bad(
        "fjendtlig-negativ-population",
        pejlemaerke(
            cells={"Pejlemærke": {"B8": "population"}, "Delmål": POPULATIONS | {"G2": -100}}
        ),
        ("status", "pejlemaerke.xlsx"),
        "Population kan ikke være negativ",
        where=("pejlemaerke.xlsx", DELMAAL_A + "G2"),
    ),
    Bad(
        # Weighted by hand: (100*-1,099 + 50*4 + 50*3,75 + 10*0 + 10*0 + 10*2,931) / 230.
        "fjendtlig-vaegtning-med-stort-P",
        pejlemaerke(cells={"Pejlemærke": {"B8": "Population"}, "Delmål": POPULATIONS}),
        ("status", "pejlemaerke.xlsx"),
        "Gennemsnit af 1 pejlemærker med status: 1,3",
        exit_code=0,
    ),
    Bad(
        # A from 859 towards any fall (<0): 5 * (828 - 859) / (0 - 859) = 0,18 instead of
        # -1,10, so the mean over six delmål rises from 1,60 to 1,81.
        "fjendtlig-maal-under-nul",
        pejlemaerke(cells={"Delmål": {"E2": "<0"}}),
        ("status", "pejlemaerke.xlsx"),
        "Gennemsnit af 1 pejlemærker med status: 1,8",
        exit_code=0,
    ),
    Bad(
        # C's baseline 31,2 % instead of 95,9 %: its score 3,75 becomes 4,97.
        "fjendtlig-baseline-procent-tekst-med-mellemrum",
        pejlemaerke(cells={"Delmål": {"C4": "31,2 %"}}),
        ("status", "pejlemaerke.xlsx"),
        "Gennemsnit af 1 pejlemærker med status: 1,8",
        exit_code=0,
    ),
    Bad(
        # Danish thousands: A's baseline 1.234,5 makes A reach its target (5).
        "fjendtlig-dansk-tusindtal-og-decimal",
        pejlemaerke(cells={"Delmål": {"C2": "1.234,5"}}),
        ("status", "pejlemaerke.xlsx"),
        "Gennemsnit af 1 pejlemærker med status: 2,6",
        exit_code=0,
    ),
    Bad(
        "fjendtlig-dato-i-status",
        pejlemaerke(cells={"Delmål": {"D2": dt.date(2014, 3, 1)}}),
        ("tjek", "pejlemaerke.xlsx"),
        "Status:",
        where=("pejlemaerke.xlsx", DELMAAL_A + "D2"),
    ),
    Bad(
        # The Unicode minus sign a Word document pastes: -5 for A (clipped at -5).
        "fjendtlig-unicode-minus-i-status",
        pejlemaerke(cells={"Delmål": {"D2": "−5"}}),
        ("status", "pejlemaerke.xlsx"),
        "Gennemsnit af 1 pejlemærker med status: 0,9",
        exit_code=0,
    ),
    Bad(
        "fjendtlig-fuldbredde-cifre",
        pejlemaerke(cells={"Delmål": {"D2": "８２８"}}),
        ("tjek", "pejlemaerke.xlsx"),
        "er ikke et tal",
        where=("pejlemaerke.xlsx", DELMAAL_A + "D2"),
    ),
    Bad(
        "fjendtlig-tusinder-med-mellemrum",
        pejlemaerke(cells={"Delmål": {"C5": "1 581"}}),
        ("tjek", "pejlemaerke.xlsx"),
        "Skriv tusinder med punktum: '1.581'",
        where=("pejlemaerke.xlsx", DELMAAL_A + "C5"),
    ),
    Bad(
        "fjendtlig-maal-mindre-end-eller-lig-tegn",
        pejlemaerke(cells={"Delmål": {"E2": "≤1000"}}),
        ("tjek", "pejlemaerke.xlsx"),
        "er ikke et tal",
        where=("pejlemaerke.xlsx", DELMAAL_A + "E2"),
    ),
    Bad(
        "fjendtlig-aarene-omvendt",
        pejlemaerke(cells={"Pejlemærke": {"B4": 2020, "B6": 2010}}),
        ("tjek", "pejlemaerke.xlsx"),
        "Årene skal følge hinanden",
        where=("pejlemaerke.xlsx", "ark 'Pejlemærke'"),
    ),
    Bad(
        "fjendtlig-tekst-afsnit-i-ental",
        pejlemaerke(cells={"Tekster": {"A2": "Årsag"}}),
        ("tjek", "pejlemaerke.xlsx"),
        "'Årsag' er ikke et gyldigt valg",
        where=("pejlemaerke.xlsx", "ark 'Tekster', celle A2"),
    ),
    Bad(
        # The same folder twice on the command line is the same nine workbooks, not
        # nine pairs of duplicates.
        "fjendtlig-status-samme-mappe-to-gange",
        examples(),
        ("status", "wb", "wb"),
        "Gennemsnit af 2 pejlemærker med status: 0,3",
        exit_code=0,
    ),
    Bad(
        "fjendtlig-status-tom-mappe",
        files({"wb/.gitkeep": b""}),
        ("status", "wb"),
        "Ingen pejlemærke-arbejdsbøger (.xlsx) fundet i wb",
    ),
    Bad(
        "fjendtlig-ny-pejlemaerke-titel-med-kontroltegn",
        lambda work: None,
        ("ny", "pejlemaerke", "p.xlsx", "--titel", "Boliger\x0btil alle"),
        "--titel",
        exit_code=2,
    ),
    Bad(
        "fjendtlig-ny-pejlemaerke-i-manglende-mappe",
        lambda work: None,
        ("ny", "pejlemaerke", "mappe/p.xlsx"),
        "mappen mappe findes ikke",
    ),
    # --- dagsorden.toml --------------------------------------------------------------
    Bad(
        # Notepad saves UTF-8 with a byte order mark.
        "fjendtlig-toml-med-bom",
        both(examples(), files({"dagsorden.toml": '\ufeff[status]\nskala = "0..10"\n'})),
        ("status", "wb"),
        "Skala 0 til 10",
        exit_code=0,
    ),
    Bad(
        "fjendtlig-toml-groen-uden-for-skalaen",
        both(examples(), files({"dagsorden.toml": "[farver]\ngroen_fra = 99\n"})),
        ("status", "wb"),
        "groen_fra",
        where=("dagsorden.toml",),
    ),
    Bad(
        "fjendtlig-toml-samme-noegle-to-gange",
        both(
            examples(),
            files({"dagsorden.toml": '[status]\nskala = "0..10"\nskala = "-5..5"\n'}),
        ),
        ("status", "wb"),
        "skala",
        where=("dagsorden.toml", "linje 3"),
    ),
    # --- budget workbooks ------------------------------------------------------------
    Bad(
        "fjendtlig-budget-dansk-tusindtal",
        budget(cells={"Økonomi": {"B2": "1.234,5"}}),
        ("oekonomi", "budget.xlsx"),
        "I teksten: 0,64 mio. kr. fordelt på årene 2011-2012",
        exit_code=0,
    ),
    Bad(
        "fjendtlig-budget-regnskabs-parentes",
        budget(cells={"Økonomi": {"B2": "(100)"}}),
        ("oekonomi", "budget.xlsx"),
        "'(100)' er ikke et tal",
        where=("budget.xlsx", "ark 'Økonomi', celle B2"),
    ),
    Bad(
        "fjendtlig-budget-unicode-minus",
        budget(cells={"Økonomi": {"B2": "−100"}}),
        ("oekonomi", "budget.xlsx"),
        "I teksten: 0,69 mio. kr. fordelt på årene 2011-2012",
        exit_code=0,
    ),
    Bad(
        "fjendtlig-budget-kr-i-cellen",
        budget(cells={"Økonomi": {"C3": "590 kr."}}),
        ("oekonomi", "budget.xlsx"),
        "'590 kr.' er ikke et tal",
        where=("budget.xlsx", "ark 'Økonomi', celle C3"),
    ),
    Bad(
        "fjendtlig-budget-samme-aar-to-gange",
        budget(cells={"Økonomi": {"C1": 2011}}),
        ("oekonomi", "budget.xlsx"),
        "Kolonnen '2011' findes allerede i celle B1",
        where=("budget.xlsx", "ark 'Økonomi', celle C1"),
    ),
    Bad(
        "fjendtlig-budget-heraf-stoerre-end-linjen",
        budget(cells={"Økonomi": {"A4": "Heraf løn", "B4": 200, "C4": 10}}),
        ("oekonomi", "budget.xlsx"),
        "men hele 'Udgiftsbudget' er kun 100",
        where=("budget.xlsx", "ark 'Økonomi', celle B4"),
    ),
    Bad(
        "fjendtlig-budget-enhed-med-stort-m",
        budget(cells={"Oplysninger": {"B2": "Mio. kr."}}),
        ("oekonomi", "budget.xlsx"),
        "-690,0",
        exit_code=0,
    ),
    Bad(
        "fjendtlig-budget-prisniveau-to-aar",
        budget(cells={"Oplysninger": {"B3": "2011/12"}}),
        ("oekonomi", "budget.xlsx"),
        "Prisniveau",
        where=("budget.xlsx", "ark 'Oplysninger', celle B3"),
    ),
    # --- sag.md ----------------------------------------------------------------------
    Bad(
        "fjendtlig-sag-utf16",
        sag(encoding="utf-16"),
        ("indstilling", "s"),
        "Filen er ikke gemt som UTF-8",
        where=("s/sag.md",),
    ),
    Bad(
        "fjendtlig-sag-utf8-med-bom",
        sag(encoding="utf-8-sig"),
        ("indstilling", "s"),
        "Skrev ud/3-s.docx",
        exit_code=0,
        may_write=BUILT,
    ),
    Bad(
        "fjendtlig-sagsmappe-med-mellemrum",
        sag("min sag"),
        ("indstilling", "min sag"),
        "Skrev ud/3-min sag.docx",
        exit_code=0,
        may_write=BUILT,
    ),
    Bad(
        # Two folders named æøå, one in NFC and one in NFD (as a Mac writes it): the
        # same name to the eye, the same file on macOS and Windows.
        "fjendtlig-sagsmapper-nfc-og-nfd",
        both(sag("æøå"), sag(NFD_AEOEAA)),
        ("indstilling", "æøå", NFD_AEOEAA),
        "ville begge blive skrevet til",
    ),
    Bad(
        "fjendtlig-punkt-nul",
        sag(front_matter=FRONT_MATTER.replace("punkt: 3", "punkt: 0")),
        ("indstilling", "s"),
        "'punkt' skal være et helt tal fra 1 og op",
        where=("s/sag.md", "linje 4"),
    ),
    Bad(
        "fjendtlig-punkt-minus-en",
        sag(front_matter=FRONT_MATTER.replace("punkt: 3", "punkt: -1")),
        ("indstilling", "s"),
        "'punkt' skal være et helt tal fra 1 og op",
        where=("s/sag.md", "linje 4"),
    ),
    Bad(
        "fjendtlig-moededato-31-februar",
        sag(front_matter=FRONT_MATTER.replace("21.09.2011", "31.02.2011")),
        ("indstilling", "s"),
        "'31.02.2011' er ikke en gyldig dato",
        where=("s/sag.md", "linje 3"),
    ),
    Bad(
        "fjendtlig-titel-med-kolon-uden-anfoerselstegn",
        sag(front_matter=FRONT_MATTER.replace("titel: Prøvesag", "titel: Status: 2013")),
        ("indstilling", "s"),
        "sæt hele teksten i anførselstegn",
        where=("s/sag.md", "linje 5"),
    ),
    Bad(
        # The README lists an image among the body's errors; file:// reaches the disk.
        "fjendtlig-billede-i-sag",
        sag(body=BODY + "\n![kort](file:///etc/passwd)\n"),
        ("indstilling", "s"),
        "billede",
        where=("s/sag.md", "linje 23"),
    ),
    Bad(
        # GFM drops a cell beyond the header's; a typed figure must not vanish.
        "fjendtlig-tabel-ekstra-celle",
        sag(body=BODY + "\n| År | Antal |\n|---|---|\n| 2013 | 859 | 828 |\n"),
        ("indstilling", "s"),
        "celle",
        where=("s/sag.md", "linje 25"),
    ),
    Bad(
        # A page break pasted from Word becomes a line break.
        "fjendtlig-sag-formfeed-i-teksten",
        sag(body=BODY + "\nSide et\x0cside to.\n"),
        ("indstilling", "s"),
        "Skrev ud/3-s.docx",
        exit_code=0,
        may_write=BUILT,
    ),
    Bad(
        # A terminal colour code copied from a log: no Word document can hold it.
        "fjendtlig-sag-escape-tegn",
        sag(body=BODY + "\nFarve\x1b[31m rød.\n"),
        ("indstilling", "s"),
        "U+001B",
        where=("s/sag.md", "linje 23"),
    ),
    Bad(
        "fjendtlig-to-gange-problemstilling",
        sag(body=BODY + "\n## Problemstilling\n\nIgen.\n"),
        ("indstilling", "s"),
        "'## Problemstilling' står to gange",
        where=("s/sag.md", "linje 23"),
    ),
    # --- templates -------------------------------------------------------------------
    Bad(
        "fjendtlig-skabelon-er-en-doc",
        both(sag(), files({"skabelon.docx": OLE_DOC})),
        ("indstilling", "s", "--skabelon", "skabelon.docx"),
        "gammelt Office-format",
        where=("skabelon.docx",),
    ),
    Bad(
        "fjendtlig-skabelon-er-en-omdoebt-xlsx",
        both(
            sag(), files({"skabelon.docx": (ROOT / "cases/forebyggelse/budget.xlsx").read_bytes()})
        ),
        ("indstilling", "s", "--skabelon", "skabelon.docx"),
        "ikke et Word-dokument",
        where=("skabelon.docx",),
    ),
    Bad(
        "fjendtlig-notatskabelon-til-indstilling",
        both(sag(), files({"skabelon.docx": (ROOT / "templates/notat.docx").read_bytes()})),
        ("indstilling", "s", "--skabelon", "skabelon.docx"),
        "bruger variablen 'til', som ikke findes",
        where=("skabelon.docx",),
    ),
    Bad(
        "fjendtlig-lokal-skabelon-tom-fil",
        both(sag(), files({"templates/indstilling.docx": b""})),
        ("indstilling", "s"),
        "ikke et Word-dokument",
        where=("templates/indstilling.docx",),
    ),
    # --- notater ---------------------------------------------------------------------
    Bad(
        "fjendtlig-notat-windows-linjeskift",
        files({"n.md": (NOTAT + "Tekst.\n").replace("\n", "\r\n")}),
        ("notat", "n.md"),
        "Skrev ud/n.docx",
        exit_code=0,
        may_write=BUILT,
    ),
    Bad(
        "fjendtlig-notat-billede-file-url",
        files({"n.md": NOTAT + "![x](file:///etc/passwd)\n"}),
        ("notat", "n.md"),
        "billede",
        where=("n.md", "linje 6"),
    ),
    Bad(
        "fjendtlig-notat-bilagsnr-nul",
        files({"n.md": NOTAT.replace("titel: Et notat\n", "titel: Et notat\nbilagsnr: 0\n")}),
        ("notat", "n.md"),
        "'bilagsnr' skal være et helt tal fra 1 og op",
        where=("n.md", "linje 5"),
    ),
    # --- moede.yaml and byg ----------------------------------------------------------
    Bad(
        "fjendtlig-moede-punkter-tom-liste",
        meeting(MEETING.replace("  - a\n", "").replace("punkter:", "punkter: []")),
        ("byg", "--stille"),
        "'punkter' er en tom liste",
        where=("cases/moede.yaml", "linje 4"),
    ),
    Bad(
        # Pasted twice: the same case would be on the agenda as punkt 1 and punkt 2.
        "fjendtlig-moede-samme-sag-to-gange",
        meeting(MEETING + "  - a\n"),
        ("byg", "--stille"),
        "står allerede som punkt 1",
        where=("cases/moede.yaml", "linje 6"),
    ),
    Bad(
        "fjendtlig-moede-punkt-nul",
        meeting(MEETING + "  - 0\n"),
        ("byg", "--stille"),
        "findes ikke",
        where=("cases/moede.yaml, linje 6",),
    ),
    Bad(
        "fjendtlig-moede-tom-fil",
        meeting(""),
        ("byg", "--stille"),
        "'udvalg'",
        where=("cases/moede.yaml",),
    ),
    Bad(
        "fjendtlig-moede-to-yaml-dokumenter",
        meeting(MEETING + "---\n" + MEETING),
        ("byg", "--stille"),
        "YAML",
        where=("cases/moede.yaml", "linje 6"),
    ),
    Bad(
        "fjendtlig-moede-absolut-sti",
        meeting(MEETING + "  - /etc\n"),
        ("byg", "--stille"),
        "ligger uden for",
        where=("cases/moede.yaml", "linje 6"),
    ),
    Bad(
        "fjendtlig-byg-ud-er-en-sagsmappe",
        meeting(),
        ("byg", "-o", "cases/a", "--stille"),
        "byggemappen",
        where=("cases/a",),
    ),
    Bad(
        "fjendtlig-byg-fra-en-anden-mappe",
        meeting(root="projekt"),
        ("byg", "projekt/cases/moede.yaml", "-o", "ud", "--stille"),
        "Skrev 3 filer til ud/offentlig",
        exit_code=0,
        may_write=BUILT,
    ),
    Bad(
        "fjendtlig-bilag-pdf-beskadiget",
        meeting(bilag="x.pdf", files={"cases/a/x.pdf": b"%PDF-1.4\n"}),
        ("byg", "--stille"),
        "PDF",
        where=("x.pdf",),
    ),
    Bad(
        "fjendtlig-bilag-docx-er-ingen-zip",
        meeting(bilag="x.docx", files={"cases/a/x.docx": b"ikke en zip"}),
        ("byg", "--stille"),
        "Office-fil",
        where=("x.docx",),
    ),
    Bad(
        "fjendtlig-bilag-tom-xlsx",
        meeting(bilag="x.xlsx", files={"cases/a/x.xlsx": b""}),
        ("byg", "--stille"),
        "Office-fil",
        where=("x.xlsx",),
    ),
    Bad(
        "fjendtlig-bilag-doc",
        meeting(bilag="x.doc", files={"cases/a/x.doc": OLE_DOC}),
        ("byg", "--stille"),
        "kan ikke bruges som bilag",
        where=("cases/a/sag.md", "linje 10"),
    ),
    Bad(
        "fjendtlig-bilag-uden-for-sagen",
        meeting(bilag="../../hemmelig.pdf", files={"hemmelig.pdf": b"%PDF-1.4\n"}),
        ("byg", "--stille"),
        "ligger uden for sagsmappen",
        where=("cases/a/sag.md", "linje 10"),
    ),
    Bad(
        "fjendtlig-bilag-notat-med-nul-tegn",
        meeting(
            bilag="x.md",
            files={"cases/a/x.md": (NOTAT + "Nul\x00tegn.\n").encode()},
        ),
        ("byg", "--stille"),
        "U+0000",
        where=("cases/a/x.md", "linje 6"),
    ),
    Bad(
        "fjendtlig-bilag-notat-med-formfeed",
        meeting(
            bilag="x.md",
            files={"cases/a/x.md": (NOTAT + "Side et\x0cside to.\n").encode()},
        ),
        ("byg", "--stille"),
        "Skrev 4 filer til ud/offentlig",
        exit_code=0,
        may_write=BUILT,
    ),
    # --- other commands --------------------------------------------------------------
    Bad(
        "fjendtlig-statusbilag-titel-med-rich-markup",
        examples(),
        ("statusbilag", "wb", "--titel", "[/] [bold]Bilag[/bold"),
        "Skrev ud/statusbilag.docx",
        exit_code=0,
        may_write=BUILT,
    ),
    Bad(
        "fjendtlig-ny-budget-findes-allerede",
        files({"b.xlsx": b"mit eget regneark"}),
        ("ny", "budget", "b.xlsx"),
        "filen findes allerede",
        where=("b.xlsx",),
    ),
]


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.id)
def test_bad_input(case, tmp_path, monkeypatch):
    result = run_bad(case, tmp_path, monkeypatch)
    foreign = [text for text in FOREIGN if text in result.output]
    assert not foreign, f"{case.id}: {foreign} in\n{result.output}"
