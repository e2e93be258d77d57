"""Writes the corpus of bad workbooks in tests/corpus/ (issue 6, section 1).

One small file per case; tests/test_corpus.py asserts each one's message through
`dagsorden tjek`. The files are committed; run this again to remake them:

    uv run python tests/corpus/make_corpus.py

krypteret.xlsx is crafted, not encrypted by Office: an OLE (CFB) header and the
stream names "EncryptionInfo" and "EncryptedPackage" in a directory sector, which is
all the check looks at (LibreOffice 7.4 headless does not encrypt on --convert-to).
"""

from __future__ import annotations

import io
import sys
import zipfile
from pathlib import Path

CORPUS = Path(__file__).resolve().parent
ROOT = CORPUS.parents[1]
sys.path.insert(0, str(ROOT / "scripts"))

from eksempeldata import PEJLEMAERKE_1  # noqa: E402

from dagsorden.kilder.workbook_writer import build_pejlemaerke_workbook  # noqa: E402
from dagsorden.zipcheck import OLE_MAGIC  # noqa: E402

MB = 1024 * 1024
BILLION_LAUGHS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<!DOCTYPE lolz [<!ENTITY lol "lol">'
    + "".join(
        f'<!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">'
        for i in range(1, 10)
    )
    + "]>\n"
)


def standard_workbook(edit=None) -> bytes:
    """Seed 002's pejlemærke 1 as the standard workbook, optionally changed."""
    workbook = build_pejlemaerke_workbook(PEJLEMAERKE_1)
    try:
        if edit is not None:
            edit(workbook)
        buffer = io.BytesIO()
        workbook.save(buffer)
    finally:
        workbook.close()
    return buffer.getvalue()


def rewrite_zip(data: bytes, change) -> bytes:
    """The zip `data` with each member's bytes passed through change(name, bytes);
    change may return None to drop a member. Extra members: change("", b"") -> dict."""
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(data)) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for info in source.infolist():
            changed = change(info.filename, source.read(info))
            if changed is not None:
                target.writestr(info.filename, changed)
        for name, extra in (change("", b"") or {}).items():
            target.writestr(name, extra)
    return out.getvalue()


def bomb(member_size: int) -> bytes:
    """A zip with the parts of a workbook and one sheet of `member_size` zero bytes."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        with archive.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as member:
            block = bytes(MB)
            for _ in range(member_size // MB):
                member.write(block)
    return out.getvalue()


def encrypted() -> bytes:
    names = b"".join(
        n.encode("utf-16-le").ljust(64, b"\0")
        for n in ("Root Entry", "EncryptionInfo", "EncryptedPackage")
    )
    return (OLE_MAGIC + bytes(512 - len(OLE_MAGIC)) + names).ljust(2048, b"\0")


def billion_laughs(name: str, data: bytes) -> bytes | None:
    if name == "xl/worksheets/sheet2.xml":  # Delmål
        body = data.split(b"?>", 1)[1] if data.startswith(b"<?xml") else data
        row = b'<row r="1000"><c r="A1000" t="inlineStr"><is><t>&lol9;</t></is></c></row>'
        return BILLION_LAUGHS.encode() + body.replace(b"</sheetData>", row + b"</sheetData>")
    return data


def macro(name: str, data: bytes):
    if name == "":
        return {"xl/vbaProject.bin": b"\xd0\xcf\x11\xe0 ikke et rigtigt VBA-projekt"}
    if name == "[Content_Types].xml":
        return data.replace(
            b"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
            b"application/vnd.ms-excel.sheet.macroEnabled.main+xml",
        ).replace(
            b"</Types>",
            b'<Default Extension="bin" ContentType="application/vnd.ms-office.vbaProject"/>'
            b"</Types>",
        )
    if name == "xl/_rels/workbook.xml.rels":
        return data.replace(
            b"</Relationships>",
            b'<Relationship Id="rIdVba" '
            b'Type="http://schemas.microsoft.com/office/2006/relationships/vbaProject" '
            b'Target="vbaProject.bin"/></Relationships>',
        )
    return data


def main() -> None:
    good = standard_workbook()
    files = {
        "ikke-zip.xlsx": b"Dette er en tekstfil, der hedder .xlsx.\n",
        "afkortet.xlsx": good[: len(good) // 2],
        "krypteret.xlsx": encrypted(),
        "gammelt-format.xlsx": OLE_MAGIC + bytes(504),
        "zip-bombe.xlsx": bomb(250 * MB),
        "zip-bombe-taet.xlsx": bomb(20 * MB),
        "billion-laughs.xlsx": rewrite_zip(good, billion_laughs),
        "makro.xlsm": rewrite_zip(good, macro),
        "mange-raekker.xlsx": standard_workbook(lambda wb: wb["Delmål"].cell(6000, 1, "X")),
        "mange-kolonner.xlsx": standard_workbook(lambda wb: wb["Delmål"].cell(3, 250, "X")),
        "tomme-raekker.xlsx": standard_workbook(
            lambda wb: setattr(wb["Delmål"].row_dimensions[1_048_576], "height", 30)
        ),
    }
    # The bad inputs of the earlier issues (2 and 3), one workbook each.
    files |= {
        "tekst-i-tal.xlsx": standard_workbook(lambda wb: wb["Delmål"].__setitem__("D3", "ca. 800")),
        "excel-fejl.xlsx": standard_workbook(lambda wb: wb["Delmål"].__setitem__("C3", "#DIV/0!")),
        "formel-uden-vaerdi.xlsx": standard_workbook(
            lambda wb: wb["Delmål"].__setitem__("D2", "=C2*2")
        ),
        "manglende-ark.xlsx": standard_workbook(lambda wb: wb.remove(wb["Tekster"])),
        "dobbelt-id.xlsx": standard_workbook(lambda wb: wb["Delmål"].__setitem__("A3", "A")),
        "ukendt-enhed.xlsx": standard_workbook(lambda wb: wb["Delmål"].__setitem__("F2", "stk")),
        "maal-lig-baseline.xlsx": standard_workbook(lambda wb: wb["Delmål"].__setitem__("E2", 859)),
    }
    for name, data in files.items():
        (CORPUS / name).write_bytes(data)
        print(f"{name}: {len(data):,} bytes")


if __name__ == "__main__":
    main()
