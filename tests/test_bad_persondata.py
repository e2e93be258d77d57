"""Bad-input corpus, personal data (issue 9, section 4): a CPR number in the public
set, however it is written and wherever it hides, ends `byg` with exit 1, a message
naming the user's file, the place and the rule that recognised it, and nothing
written.

Each case writes a one- or two-punkt meeting (tests/persondata_filer.py) and runs
`dagsorden byg` without --pdf, so no case starts LibreOffice.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from badinput import Bad, run_bad
from openpyxl import Workbook
from persondata_filer import docx_bytes, pdf_bytes, write_case, write_meeting

ARGV = ("byg", "cases/moede.yaml", "-o", "ud", "--stille")
SAGSFIL = "cases/klage/sag.md"
INDLEJRET = "indlejret objekt 'word/embeddings"
PAPIR = "offentlig/1-klage.docx"
MAY_WRITE = (".ud.lock",)
USYNLIGE = "skrevet med bindestreg, med usynlige tegn imellem"
FULDBREDDE = "skrevet med bindestreg, med andre cifre end 0-9"
CPR = "140781-4735"
"""A CPR number (14.07.1981) only these cases use."""


def _open_case(**kwargs) -> Callable[[Path], None]:
    def setup(root: Path) -> None:
        write_case(root, "klage", **kwargs)
        write_meeting(root, "klage")

    return setup


def _body(text: str, rule: str, case_id: str) -> Bad:
    return Bad(
        id=case_id,
        setup=_open_case(body=f"Borgeren ({text}) klager over afgørelsen."),
        argv=ARGV,
        message=f"CPR-nummer 140781-XXXX ({rule}): Et CPR-nummer må ikke stå i det offentlige",
        where=(SAGSFIL, PAPIR),
        may_write=MAY_WRITE,
    )


def _only_in_place(sted: str, tekst: str) -> Callable[[str], str]:
    """A hostile file's text: the number in `sted`, plain words everywhere else."""
    return lambda s: tekst if s == sted else "ingen personoplysninger"


def _pdf_bilag(sted: str) -> Callable[[Path], None]:
    def setup(root: Path) -> None:
        data = pdf_bytes(root / "tmp.pdf", _only_in_place(sted, f"CPR {CPR}"))
        write_case(root, "klage", bilag={"bilag/brev.pdf": data})
        write_meeting(root, "klage")

    return setup


def _docx_bilag(sted: str) -> Callable[[Path], None]:
    def setup(root: Path) -> None:
        data = docx_bytes(root / "tmp.docx", _only_in_place(sted, f"CPR {CPR}"))
        write_case(root, "klage", bilag={"bilag/notat.docx": data})
        write_meeting(root, "klage")

    return setup


def _xlsx_bilag(root: Path) -> None:
    workbook = Workbook()
    workbook.active.title = "Borgere"
    workbook.active["C4"] = f"Borger {CPR}"
    workbook.save(root / "tmp.xlsx")
    data = (root / "tmp.xlsx").read_bytes()
    (root / "tmp.xlsx").unlink()
    write_case(root, "klage", bilag={"bilag/liste.xlsx": data})
    write_meeting(root, "klage")


def _notat(root: Path) -> None:
    notat = (
        "---\ntil: Socialudvalget\ndato: 07-11-2014\ntitel: Notat om sagen\n---\n\n"
        f"Borgeren har CPR-nr. {CPR.replace('-', '')}.\n"
    )
    write_case(root, "klage", bilag={"notat.md": notat})
    write_meeting(root, "klage")


def _allowed_elsewhere(root: Path) -> None:
    """Case 'anden' allows the number; case 'klage' may not show it for that."""
    write_case(
        root,
        "anden",
        body=f"Eksempel: {CPR}.",
        extra=f'tillad_cpr:\n  - nummer: "{CPR}"\n    grund: Borgerens eget ønske\n',
    )
    write_case(root, "klage", body=f"Borgeren {CPR} klager.")
    write_meeting(root, "anden", "klage")


def _allowed_by_closed(root: Path) -> None:
    write_case(
        root,
        "lukket",
        body=f"Borgeren {CPR}.",
        extra=f'lukket: true\ntillad_cpr:\n  - nummer: "{CPR}"\n    grund: Klagesag\n',
    )
    write_case(root, "klage", body=f"Se også {CPR}.")
    write_meeting(root, "lukket", "klage")


def _folder_named(root: Path) -> None:
    write_case(root, f"klage-{CPR}")
    write_meeting(root, f"klage-{CPR}")


def _bilag_named(root: Path) -> None:
    data = pdf_bytes(root / "tmp.pdf", lambda s: "ingen personoplysninger")
    write_case(root, "klage", bilag={f"bilag/brev {CPR}.pdf": data})
    write_meeting(root, "klage")


def _pdf_case(sted: str, place: str, case_id: str) -> Bad:
    return Bad(
        id=case_id,
        setup=_pdf_bilag(sted),
        argv=ARGV,
        message="CPR-nummer 140781-XXXX (skrevet med bindestreg): Et CPR-nummer må ikke",
        where=("cases/klage/bilag/brev.pdf", "offentlig/1-klage-bilag-1.pdf", place),
        may_write=MAY_WRITE,
    )


def _docx_case(sted: str, place: str, case_id: str) -> Bad:
    return Bad(
        id=case_id,
        setup=_docx_bilag(sted),
        argv=ARGV,
        message="CPR-nummer 140781-XXXX (skrevet med bindestreg): Et CPR-nummer må ikke",
        where=("cases/klage/bilag/notat.docx", "offentlig/1-klage-bilag-1.docx", place),
        may_write=MAY_WRITE,
    )


CASES = [
    _body(CPR, "skrevet med bindestreg", "cpr-brødtekst-bindestreg"),
    _body("140781 - 4735", "skrevet med mellemrum om bindestregen", "cpr-mellemrum-om-streg"),
    _body("140781\u00a04735", "skrevet med mellemrum", "cpr-hårdt-mellemrum"),
    _body(
        "1407\u00ad81-4735",
        "skrevet med bindestreg, med usynlige tegn imellem",
        "cpr-blød-bindestreg",
    ),
    _body(
        "140781\u200b-\u200b4735",
        "skrevet med bindestreg, med usynlige tegn imellem",
        "cpr-nulbredde-mellemrum",
    ),
    _body("140781\u20134735", "skrevet med tankestreg eller minustegn", "cpr-tankestreg"),
    _body("140781\u22124735", "skrevet med tankestreg eller minustegn", "cpr-minustegn"),
    _body("140781.4735", "skrevet med punktum", "cpr-punktum"),
    _body("140781/4735", "skrevet med skråstreg", "cpr-skråstreg"),
    _body("14.07.81-4735", "skrevet som dato med punktummer og bindestreg", "cpr-som-dato"),
    _body("1407814735", "uden skilletegn, gyldig dato", "cpr-uden-skilletegn"),
    _body(
        "１４０７８１-４７３５",
        "skrevet med bindestreg, med andre cifre end 0-9",
        "cpr-fuldbredde-cifre",
    ),
    Bad(
        id="cpr-titel",
        setup=_open_case(titel=f"Klage fra borger {CPR}"),
        argv=ARGV,
        message="CPR-nummer 140781-XXXX (skrevet med bindestreg)",
        where=(SAGSFIL, PAPIR, "offentlig/dagsorden.docx", "cases/moede.yaml"),
        may_write=MAY_WRITE,
    ),
    Bad(
        id="cpr-resume",
        setup=_open_case(extra=f"resume: Borgeren {CPR} klager.\n"),
        argv=ARGV,
        message="CPR-nummer 140781-XXXX (skrevet med bindestreg)",
        where=(SAGSFIL, PAPIR),
        may_write=MAY_WRITE,
    ),
    Bad(
        id="cpr-underskrift",
        setup=_open_case(extra=f"underskrift: Jens Hansen {CPR}\n"),
        argv=ARGV,
        message="CPR-nummer 140781-XXXX (skrevet med bindestreg)",
        where=(SAGSFIL, PAPIR),
        may_write=MAY_WRITE,
    ),
    Bad(
        id="cpr-sagsnr-med-bindestreg",
        setup=_open_case(extra=f'sagsnr: "{CPR}"\n'),
        argv=ARGV,
        message="'sagsnr' '140781-XXXX' indeholder CPR-nummer 140781-XXXX (skrevet med "
        "bindestreg). Skriv sagsnummeret, som det står i sagssystemet",
        where=(f"{SAGSFIL}, linje 9",),
        may_write=MAY_WRITE,
    ),
    Bad(
        id="cpr-sagsmappens-navn",
        setup=_folder_named,
        argv=ARGV,
        message="Sagsmappens navn 'klage-140781-XXXX' indeholder CPR-nummer 140781-XXXX "
        "(skrevet med bindestreg). Navnet bliver et offentligt filnavn; omdøb mappen.",
        where=("cases/klage-140781-XXXX/sag.md",),
        may_write=MAY_WRITE,
    ),
    Bad(
        id="cpr-bilagets-filnavn",
        setup=_bilag_named,
        argv=ARGV,
        message="Bilag 1: filnavnet 'brev 140781-XXXX.pdf' indeholder CPR-nummer 140781-XXXX "
        "(skrevet med bindestreg). Omdøb filen.",
        where=(f"{SAGSFIL}, linje",),
        may_write=MAY_WRITE,
    ),
    Bad(
        id="cpr-notat",
        setup=_notat,
        argv=ARGV,
        message="CPR-nummer 140781-XXXX (uden skilletegn, gyldig dato)",
        where=("cases/klage/notat.md", "offentlig/1-klage-bilag-1.docx"),
        may_write=MAY_WRITE,
    ),
    Bad(
        id="cpr-tilladt-i-en-anden-sag",
        setup=_allowed_elsewhere,
        argv=ARGV,
        message="CPR-nummer 140781-XXXX (skrevet med bindestreg): Et CPR-nummer må ikke",
        where=("cases/klage/sag.md", "offentlig/2-klage.docx"),
        may_write=MAY_WRITE,
    ),
    Bad(
        id="cpr-tilladt-af-lukket-sag",
        setup=_allowed_by_closed,
        argv=ARGV,
        message="CPR-nummer 140781-XXXX (skrevet med bindestreg): Et CPR-nummer må ikke",
        where=("cases/klage/sag.md", "offentlig/2-klage.docx"),
        may_write=MAY_WRITE,
    ),
    Bad(
        id="cpr-xlsx-bilag",
        setup=_xlsx_bilag,
        argv=ARGV,
        message="CPR-nummer 140781-XXXX (skrevet med bindestreg)",
        where=("cases/klage/bilag/liste.xlsx", "ark 'Borgere', celle C4"),
        may_write=MAY_WRITE,
    ),
    _pdf_case("side", "side 1", "cpr-pdf-side"),
    _pdf_case("kommentar", "side 1, kommentar 1", "cpr-pdf-kommentar"),
    _pdf_case("bogmærke", "bogmærke 1", "cpr-pdf-bogmærke"),
    _pdf_case("formularfelt", "formularfelt 1", "cpr-pdf-formularfelt"),
    _pdf_case("vedhæftet fil", "vedhæftet fil 1", "cpr-pdf-vedhæftet-fil"),
    _pdf_case("vedhæftet filnavn", "vedhæftet fil 1", "cpr-pdf-vedhæftet-filnavn"),
    _pdf_case("dokumentegenskab", "dokumentegenskab 'Subject'", "cpr-pdf-egenskab"),
    _docx_case("sidehoved", "sidehoved", "cpr-docx-sidehoved"),
    _docx_case(
        "indlejret docx",
        "indlejret objekt 'word/embeddings/Microsoft_Word_Document.docx'",
        "cpr-docx-indlejret-docx",
    ),
    _docx_case(
        "indlejret xlsx",
        "indlejret objekt 'word/embeddings/Microsoft_Excel_Worksheet.xlsx'",
        "cpr-docx-indlejret-xlsx",
    ),
    _docx_case(
        "indlejret ole",
        "indlejret objekt 'word/embeddings/oleObject1.bin'",
        "cpr-docx-indlejret-ole",
    ),
    _docx_case(
        "altchunk html", "indsat tekst (altChunk) 'word/afchunk1.htm'", "cpr-docx-altchunk-html"
    ),
    _docx_case(
        "altchunk rtf", "indsat tekst (altChunk) 'word/afchunk2.rtf'", "cpr-docx-altchunk-rtf"
    ),
    _docx_case(
        "altchunk mht", "indsat tekst (altChunk) 'word/afchunk3.mht'", "cpr-docx-altchunk-mht"
    ),
]


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.id)
def test_bad_input(case, tmp_path, monkeypatch):
    run_bad(case, tmp_path, monkeypatch)
