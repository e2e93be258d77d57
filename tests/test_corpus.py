"""Broken and hostile files (issue 6, sections 1 and 4).

tests/corpus/ holds one small file per bad input (made by tests/corpus/make_corpus.py);
each is checked with `dagsorden tjek` against its exact Danish message, which names
the file. Word templates get the same check through `Skabelon.load`.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import openpyxl
import openpyxl.xml
import pytest
from click.testing import CliRunner
from defusedxml import DefusedXmlException
from docx.oxml.parser import oxml_parser, parse_xml
from lxml import etree

from dagsorden.cli import main
from dagsorden.dokumenter.render import TEMPLATES, Skabelon
from dagsorden.errors import TemplateError
from dagsorden.kilder.cells import MAX_ROWS
from dagsorden.zipcheck import MAX_RATIO, OLE_MAGIC, OfficeFileError, check_office_file

CORPUS = Path(__file__).resolve().parent / "corpus"
ROOT = CORPUS.parents[1]

DAMAGED = "Filen kan ikke læses som en .xlsx-arbejdsbog (den er måske beskadiget)."
EXPECTED = {
    "ikke-zip.xlsx": DAMAGED,
    "afkortet.xlsx": DAMAGED,
    "krypteret.xlsx": "Filen er beskyttet med adgangskode (krypteret) og kan ikke læses. "
    "Åbn den, fjern adgangskoden, og gem den som Excel-arbejdsbog (.xlsx) uden adgangskode.",
    "gammelt-format.xlsx": "Filen er i et gammelt Office-format og ikke en Excel-arbejdsbog "
    "(.xlsx). Gem den som Excel-arbejdsbog (.xlsx).",
    "zip-bombe.xlsx": "Filen fylder 250 MB udpakket, mere end de tilladte 200 MB; den læses "
    "ikke (den kan være en zip-bombe).",
    "zip-bombe-taet.xlsx": "Delen 'xl/worksheets/sheet1.xml' fylder 1.028 gange mere udpakket "
    "end pakket (højst 200 er tilladt); filen læses ikke (den kan være en zip-bombe).",
    "billion-laughs.xlsx": "Delen 'xl/worksheets/sheet2.xml' indeholder en DTD (<!DOCTYPE> "
    "eller <!ENTITY>), som Office aldrig skriver; filen kan være skadelig og læses ikke.",
    "mange-raekker.xlsx": "ark 'Delmål': Arket har indhold under række 5.000; en standard-"
    "arbejdsbog har højst 5.000 rækker. Slet rækkerne under tabellen, og gem filen igen.",
    "mange-kolonner.xlsx": "ark 'Delmål': Arket har indhold til højre for kolonne GR "
    "(række 3); en standard-arbejdsbog har højst 200 kolonner. Slet kolonnerne til højre "
    "for tabellen, og gem filen igen.",
    # The bad inputs of issues 2 and 3, each in one workbook.
    "tekst-i-tal.xlsx": "ark 'Delmål', celle D3: Status: 'ca. 800' er ikke et tal.",
    "excel-fejl.xlsx": "ark 'Delmål', celle C3: Baseline: Cellen viser fejlen #DIV/0!. "
    "Ret formlen eller skriv tallet.",
    "formel-uden-vaerdi.xlsx": "ark 'Delmål', celle D2: Status: Formlen har ingen beregnet "
    "værdi. Åbn filen i Excel, og gem den igen, så værdien bliver gemt.",
    "manglende-ark.xlsx": "Arket 'Tekster' mangler. Arbejdsbogen har arkene 'Pejlemærke', "
    "'Delmål', 'Vejledning'.",
    "dobbelt-id.xlsx": "ark 'Delmål', celle A3: ID 'A' findes allerede i række 2.",
    "ukendt-enhed.xlsx": "ark 'Delmål', celle F2: Enhed: 'stk' er ikke et gyldigt valg. "
    "Skriv 'antal', 'pct' eller tom.",
    "maal-lig-baseline.xlsx": "ark 'Delmål', celle E2: Målet er lig med baseline. Skriv '<' "
    "eller '>' foran, hvis målet er at komme under eller over baseline.",
    "tomme-raekker.xlsx": "ark 'Delmål': Arket fortsætter med tomme, formaterede rækker ud "
    "over række 100.000; en standard-arbejdsbog har højst 5.000 rækker. Slet rækkerne under "
    "tabellen, og gem filen igen.",
}


def tjek(*paths: Path):
    return CliRunner().invoke(main, ["tjek", *(str(p) for p in paths)], prog_name="dagsorden")


def test_every_corpus_file_has_its_case():
    on_disk = {p.name for p in CORPUS.iterdir() if p.suffix in (".xlsx", ".xlsm")}
    assert on_disk == {*EXPECTED, "makro.xlsm"}
    assert all((CORPUS / name).stat().st_size < 1024 * 1024 for name in on_disk)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_tjek_names_the_file_and_the_problem(name):
    path = CORPUS / name
    before = path.read_bytes()
    result = tjek(path)
    assert result.exit_code == 1
    separator = ", " if EXPECTED[name].startswith("ark ") else ": "
    assert result.stderr == f"{path}{separator}{EXPECTED[name]}\n1 problem fundet.\n"
    assert result.stdout == ""
    assert path.read_bytes() == before


def test_macro_workbook_is_read_without_its_macros():
    """.xlsm is read for its values; openpyxl never runs (nor loads) the VBA project."""
    path = CORPUS / "makro.xlsm"
    with zipfile.ZipFile(path) as archive:
        assert "xl/vbaProject.bin" in archive.namelist()
    before = path.read_bytes()
    result = tjek(path)
    assert (result.exit_code, result.stdout) == (0, "Ingen problemer i 1 arbejdsbog.\n")
    assert path.read_bytes() == before


def test_a_folder_includes_its_macro_workbooks(tmp_path):
    (tmp_path / "a.xlsm").write_bytes((CORPUS / "makro.xlsm").read_bytes())
    (tmp_path / "b.xlsx").write_bytes((CORPUS / "krypteret.xlsx").read_bytes())
    result = tjek(tmp_path)
    assert result.exit_code == 1
    assert result.stderr == (
        f"{tmp_path / 'b.xlsx'}: {EXPECTED['krypteret.xlsx']}\n1 problem fundet.\n"
    )


def test_bad_files_are_all_reported_together(tmp_path):
    names = ["afkortet.xlsx", "mange-raekker.xlsx", "zip-bombe.xlsx"]
    for name in names:
        (tmp_path / name).write_bytes((CORPUS / name).read_bytes())
    result = tjek(tmp_path)
    assert result.exit_code == 1
    assert result.stderr.splitlines()[-1] == "3 problemer fundet."


def test_content_just_inside_the_bound_is_read(workbook_factory):
    path = workbook_factory(cells={"Tekster": {f"A{MAX_ROWS}": "Årsager", f"B{MAX_ROWS}": "Ok"}})
    result = tjek(path)
    assert (result.exit_code, result.stdout) == (0, "Ingen problemer i 1 arbejdsbog.\n")


# --- XML entities -------------------------------------------------------------------


def test_openpyxl_parses_with_defusedxml():
    assert openpyxl.xml.DEFUSEDXML is True


def test_openpyxl_alone_refuses_the_billion_laughs():
    """Without our zip check, openpyxl's own (defused) parser still refuses it."""
    data = io.BytesIO((CORPUS / "billion-laughs.xlsx").read_bytes())
    with pytest.raises(ValueError) as caught:
        openpyxl.load_workbook(data, read_only=True)
    assert isinstance(caught.value.__cause__, DefusedXmlException)


LAUGHS = (
    '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
    '<!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">'
    '<!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">'
    '<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>'
)
DOCUMENT = (
    '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
    "<w:body><w:p><w:r><w:t>&lol3;</w:t></w:r></w:p></w:body></w:document>"
)


def test_python_docx_does_not_expand_entities():
    """python-docx parses with lxml and resolve_entities=False: the entity stays a
    reference, it is never expanded (lolx10x10x10 would be 3.000 characters)."""
    element = parse_xml(LAUGHS + DOCUMENT)
    assert "".join(element.itertext()) == "&lol3;"
    assert len(etree.tostring(element)) < 500
    assert etree.fromstring(b"<a/>", oxml_parser) is not None


def docx_with(change) -> bytes:
    """templates/indstilling.docx with change(name, data) applied to each member."""
    out = io.BytesIO()
    with (
        zipfile.ZipFile(TEMPLATES / "indstilling.docx") as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for info in source.infolist():
            target.writestr(info.filename, change(info.filename, source.read(info)))
    return out.getvalue()


def load_template(tmp_path: Path, data: bytes) -> str:
    path = tmp_path / "skabelon.docx"
    path.write_bytes(data)
    with pytest.raises(TemplateError) as caught:
        Skabelon.load(path)
    assert caught.value.skabelon in ("", str(path))
    return str(caught.value).removeprefix(f"{path}: ")


def test_template_with_a_dtd_is_refused(tmp_path):
    def laughs(name, data):
        return (LAUGHS + DOCUMENT).encode() if name == "word/document.xml" else data

    assert load_template(tmp_path, docx_with(laughs)) == (
        "skabelonen kan ikke bruges. Delen 'word/document.xml' indeholder en DTD "
        "(<!DOCTYPE> eller <!ENTITY>), som Office aldrig skriver; filen kan være skadelig "
        "og læses ikke."
    )


def test_encrypted_template_is_refused(tmp_path):
    data = OLE_MAGIC + bytes(504) + "EncryptedPackage".encode("utf-16-le")
    assert load_template(tmp_path, data) == (
        "skabelonen kan ikke bruges. Filen er beskyttet med adgangskode (krypteret) og kan "
        "ikke læses. Åbn den, fjern adgangskoden, og gem den som Word-dokument (.docx) uden "
        "adgangskode."
    )


def test_truncated_template_is_refused(tmp_path):
    data = (TEMPLATES / "indstilling.docx").read_bytes()
    assert load_template(tmp_path, data[: len(data) // 2]) == (
        "skabelonen kan ikke bruges. Filen er beskadiget."
    )


def test_template_that_is_no_zip_keeps_its_message(tmp_path):
    assert load_template(tmp_path, b"ikke et dokument") == (
        "skabelonen er ikke et Word-dokument (.docx)."
    )


def test_template_zip_bomb_is_refused(tmp_path):
    def bomb(name, data):
        return bytes(3 * 1024 * 1024) if name == "word/document.xml" else data

    message = load_template(tmp_path, docx_with(bomb))
    assert message.startswith("skabelonen kan ikke bruges. Delen 'word/document.xml' fylder ")
    assert message.endswith(
        f"gange mere udpakket end pakket (højst {MAX_RATIO} er tilladt); filen læses ikke "
        "(den kan være en zip-bombe)."
    )


def test_bundled_templates_pass_the_check():
    for template in sorted(TEMPLATES.glob("*.docx")):
        check_office_file(template, "Word-dokument (.docx)")


def test_a_member_that_lies_about_its_size_fails_its_crc(tmp_path):
    """The declared size bounds what zipfile gives: more fails as a damaged file."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", bytes(100_000))
    data = bytearray(buffer.getvalue())
    # Make the central directory (and local header) declare 1.000 bytes unpacked.
    for signature, offset in ((b"PK\x01\x02", 24), (b"PK\x03\x04", 22)):
        at = data.index(signature) + offset
        data[at : at + 4] = (1000).to_bytes(4, "little")
    with pytest.raises(OfficeFileError) as caught:
        check_office_file(bytes(data), "Excel-arbejdsbog (.xlsx)")
    assert caught.value.kind == "beskadiget"
