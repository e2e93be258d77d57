"""The fast workbook reader (issue 14): python-calamine for values, the sheet XML for
the rest, openpyxl only for what the fast path leaves.

The contract is what openpyxl gave: every cell of every bundled workbook is read the
same both ways, and hostile files, made here with zipfile as an outsider would make
them, are read the same or refused with the same message.
"""

from __future__ import annotations

import datetime as dt
import io
import os
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest

from dagsorden.errors import ProblemCollector, WorkbookError
from dagsorden.kilder import cells
from dagsorden.kilder.cells import Cell, open_workbook, read_each, read_tal

ROOT = Path(__file__).resolve().parents[1]
BUNDLED = sorted(
    p
    for folder in (ROOT / "workbooks", ROOT / "cases")
    for p in folder.rglob("*.xls[xm]")
    if not p.name.startswith("~$")
)

NS = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
REL_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
CT = "application/vnd.openxmlformats-officedocument.spreadsheetml"


def _typed(cell: Cell) -> tuple:
    """What the readers use of a cell. An empty string is an empty cell (calamine
    gives "" for both); the number format counts for numbers only (kilder reads it
    nowhere else)."""
    value = None if cell.value == "" else cell.value
    number = isinstance(value, int | float | dt.date | dt.time | dt.timedelta)
    fmt = cell.number_format if number and not isinstance(value, bool) else "General"
    return (cell.ref, value, type(value), fmt, cell.formula_without_value, cell.is_error)


def _both(path: Path) -> tuple[dict, dict]:
    fast = cells._fast_sheets(path.read_bytes(), set())
    assert fast is not None, f"{path} was not read by the fast path"
    slow = cells._openpyxl_sheets(path, set(), ProblemCollector(path))
    return fast, slow


def _assert_same(path: Path) -> None:
    fast, slow = _both(path)
    assert list(fast) == list(slow)
    for title, sheet in slow.items():
        mine = fast[title]
        assert mine is not None and sheet is not None
        height = max(len(mine.rows), len(sheet.rows))
        for r in range(1, height + 1):
            width = max(
                len(mine.rows[r - 1]) if r <= len(mine.rows) else 0,
                len(sheet.rows[r - 1]) if r <= len(sheet.rows) else 0,
            )
            for c in range(1, width + 1):
                assert _typed(mine.cell(r, c)) == _typed(sheet.cell(r, c)), (title, r, c)
        assert mine.merged == sheet.merged


@pytest.mark.parametrize("path", BUNDLED, ids=lambda p: str(p.relative_to(ROOT)))
def test_every_cell_of_the_bundled_workbooks_as_openpyxl_reads_it(path):
    _assert_same(path)


def test_there_are_bundled_workbooks_to_compare():
    assert len(BUNDLED) >= 15


# --- workbooks written by hand ------------------------------------------------------


def _xlsx(
    path: Path,
    sheets: dict[str, str],
    *,
    shared: list[str] | None = None,
    styles: str = "",
    workbook_pr: str = "",
    extra: dict[str, bytes] | None = None,
) -> Path:
    """A minimal workbook: `sheets` maps each sheet's name to its <sheetData> content."""
    names = list(sheets)
    workbook = (
        f'<?xml version="1.0" encoding="UTF-8"?><workbook {NS} xmlns:r="{REL_NS}">'
        f"{workbook_pr}<sheets>"
        + "".join(
            f'<sheet name="{n}" sheetId="{i}" r:id="rId{i}"/>' for i, n in enumerate(names, 1)
        )
        + "</sheets></workbook>"
    )
    rels = (
        '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.'
        'openxmlformats.org/package/2006/relationships">'
        + "".join(
            f'<Relationship Id="rId{i}" Type="{REL_NS}/worksheet" '
            f'Target="worksheets/sheet{i}.xml"/>'
            for i in range(1, len(names) + 1)
        )
        + f'<Relationship Id="rIdS" Type="{REL_NS}/styles" Target="styles.xml"/>'
        + "</Relationships>"
    )
    styles = styles or (
        f'<?xml version="1.0" encoding="UTF-8"?><styleSheet {NS}><numFmts count="1">'
        '<numFmt numFmtId="164" formatCode="0.0%"/></numFmts>'
        '<fonts count="1"><font><sz val="11"/><name val="Calibri"/></font></fonts>'
        '<fills count="1"><fill><patternFill patternType="none"/></fill></fills>'
        '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
        '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/>'
        '</cellStyleXfs><cellXfs count="5">'
        '<xf numFmtId="0" xfId="0"/><xf numFmtId="164" xfId="0"/><xf numFmtId="14" xfId="0"/>'
        '<xf numFmtId="2" xfId="0"/><xf numFmtId="46" xfId="0"/></cellXfs>'
        '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>'
        "</styleSheet>"
    )
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(
            "[Content_Types].xml",
            '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.'
            'openxmlformats.org/package/2006/content-types"><Default Extension="xml" '
            'ContentType="application/xml"/><Override PartName="/xl/workbook.xml" '
            f'ContentType="{CT}.sheet.main+xml"/><Override PartName="/xl/styles.xml" '
            f'ContentType="{CT}.styles+xml"/>'
            + (
                f'<Override PartName="/xl/sharedStrings.xml" ContentType="{CT}.sharedStrings+xml"/>'
                if shared is not None
                else ""
            )
            + "".join(
                f'<Override PartName="/xl/worksheets/sheet{i}.xml" '
                f'ContentType="{CT}.worksheet+xml"/>'
                for i in range(1, len(names) + 1)
            )
            + "</Types>",
        )
        archive.writestr(
            "_rels/.rels",
            '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.'
            'openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" '
            f'Type="{REL_NS}/officeDocument" Target="xl/workbook.xml"/></Relationships>',
        )
        archive.writestr("xl/workbook.xml", workbook)
        archive.writestr("xl/_rels/workbook.xml.rels", rels)
        archive.writestr("xl/styles.xml", styles)
        if shared is not None:
            archive.writestr(
                "xl/sharedStrings.xml",
                f'<?xml version="1.0" encoding="UTF-8"?><sst {NS}>'
                + "".join(f"<si>{s}</si>" for s in shared)
                + "</sst>",
            )
        for i, data in enumerate(sheets.values(), 1):
            archive.writestr(
                f"xl/worksheets/sheet{i}.xml",
                f'<?xml version="1.0" encoding="UTF-8"?><worksheet {NS}><sheetData>{data}'
                "</sheetData></worksheet>",
            )
        for name, data in (extra or {}).items():
            archive.writestr(name, data)
    return path


def _cells(path: Path, sheet: str = "Ark") -> dict[str, Cell]:
    read = open_workbook(path).sheets[sheet]
    assert read is not None
    return {c.ref: c for row in read.rows for c in row}


HOSTILE_ROW = (
    '<row r="1">'
    '<c r="A1" s="1"><v>0.959</v></c>'  # 95,9 % as Excel stores it
    '<c r="B1" s="2"><v>41640</v></c>'  # a date: 2014-01-01
    '<c r="C1"><f>1/0</f></c>'  # a formula never calculated
    '<c r="D1" t="e"><f>1/0</f><v>#DIV/0!</v></c>'
    '<c r="E1" t="s"><v>0</v></c>'  # "NaN" as text
    '<c r="F1" t="inlineStr"><is><t>inf</t></is></c>'
    '<c r="G1"><v>5</v></c><c r="H1"><v>5.0</v></c><c r="I1"><v>1E+3</v></c>'
    '<c r="J1" t="b"><v>1</v></c>'
    '<c r="K1" t="s"><v>1</v></c>'  # rich text
    '<c r="L1" s="3"><v>6.45</v></c>'
    '<c r="M1" s="4"><v>1.25</v></c>'  # [h]:mm:ss: a duration
    '<c r="N1" t="str"><f>"x"</f><v>x &amp; y</v></c>'
    '<c r="O1" s="2"><v>0.5</v></c>'  # a time of day in a date format
    "</row>"
)
SHARED = ["<t>NaN</t>", '<r><t>Fed</t></r><r><rPr><b/></rPr><t xml:space="preserve"> tekst</t></r>']


@pytest.fixture
def hostile(tmp_path):
    return _xlsx(tmp_path / "fjendtlig.xlsx", {"Ark": HOSTILE_ROW}, shared=SHARED)


def test_hostile_cells_are_read_as_openpyxl_reads_them(hostile):
    _assert_same(hostile)


def test_a_percent_cell_keeps_its_format(hostile):
    cell = _cells(hostile)["A1"]
    assert (cell.value, cell.number_format) == (0.959, "0.0%")
    assert read_tal(cell) == cells.Tal(95.9, procent=True)


def test_a_date_cell_is_a_datetime_and_no_figure(hostile):
    got = _cells(hostile)
    assert got["B1"].value == dt.datetime(2014, 1, 1)
    assert got["O1"].value == dt.time(12, 0)
    assert got["M1"].value == dt.timedelta(days=1, hours=6)
    with pytest.raises(cells.CellValueError, match="dato"):
        read_tal(got["B1"])


def test_formula_without_cached_value_and_error_cells(hostile):
    got = _cells(hostile)
    assert got["C1"].formula_without_value and got["C1"].value is None
    assert got["D1"].is_error and got["D1"].value == "#DIV/0!"
    assert "Formlen har ingen beregnet værdi" in cells.unreadable(got["C1"])


def test_text_nan_and_inf_stay_text(hostile):
    got = _cells(hostile)
    assert (got["E1"].value, got["F1"].value) == ("NaN", "inf")
    for ref in ("E1", "F1"):
        with pytest.raises(cells.CellValueError, match="er ikke et tal"):
            read_tal(got[ref])


def test_numbers_are_ints_unless_written_with_a_point_or_exponent(hostile):
    got = _cells(hostile)
    assert [(type(got[r].value), got[r].value) for r in ("G1", "H1", "I1")] == [
        (int, 5),
        (float, 5.0),
        (float, 1000.0),
    ]
    assert got["J1"].value is True
    assert got["K1"].value == "Fed tekst"
    assert got["N1"].value == "x & y"
    assert (got["L1"].value, got["L1"].number_format) == (6.45, "0.00")


def test_1904_date_system(tmp_path):
    path = _xlsx(
        tmp_path / "mac.xlsx",
        {"Ark": '<row r="1"><c r="A1" s="2"><v>0</v></c><c r="B1" s="2"><v>1</v></c></row>'},
        workbook_pr='<workbookPr date1904="1"/>',
    )
    _assert_same(path)
    assert _cells(path)["B1"].value == dt.datetime(1904, 1, 2)


def test_sheet_names_with_spaces_case_and_odd_characters(tmp_path):
    row = '<row r="1"><c r="A1" t="inlineStr"><is><t>x</t></is></c></row>'
    path = _xlsx(
        tmp_path / "navne.xlsx",
        {" delmål ": row, "A &amp; B &lt;1&gt;": row, "Skjult": row},
    )
    _assert_same(path)
    workbook = open_workbook(path)
    assert list(workbook.sheets) == [" delmål ", "A & B <1>", "Skjult"]
    problems = ProblemCollector(path)
    assert workbook.sheet("DELMÅL", problems) is not None and not problems


def test_only_the_wanted_sheets_are_read(tmp_path):
    row = '<row r="1"><c r="A1"><v>1</v></c></row>'
    path = _xlsx(tmp_path / "to.xlsx", {"Delmål": row, "Andet": row})
    assert open_workbook(path, ("delmål",)).sheets["Andet"] is None


def test_merged_ranges_are_kept(tmp_path):
    path = tmp_path / "flettet.xlsx"
    _xlsx(path, {"Ark": '<row r="1"><c r="A1"><v>1</v></c></row>'})
    data = path.read_bytes()
    sheet_xml = zipfile.ZipFile(path).read("xl/worksheets/sheet1.xml")
    sheet_xml = sheet_xml.replace(
        b"</sheetData>", b'</sheetData><mergeCells count="1"><mergeCell ref="c2:d2"/></mergeCells>'
    )
    assert data
    _rewrite(path, "xl/worksheets/sheet1.xml", sheet_xml)
    sheet = open_workbook(path).sheets["Ark"]
    assert sheet is not None and sheet.merged == ("C2:D2",)
    assert sheet.merged_over([3]) == ["C2:D2"]


def _rewrite(path: Path, member: str, data: bytes) -> None:
    with zipfile.ZipFile(path) as source:
        parts = [(i, source.read(i)) for i in source.infolist()]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for info, old in parts:
            target.writestr(info, data if info.filename == member else old)


def _edit(path: Path, member: str, change) -> bytes:
    """Rewrites one member of `path` with `change(its bytes)`; returns what it was."""
    with zipfile.ZipFile(path) as source:
        data = source.read(member)
    _rewrite(path, member, change(data))
    return data


def _replace(path: Path, member: str, old: bytes, new: bytes) -> None:
    """Replaces `old` (which must be there) by `new` in one member of `path`."""

    def replaced(data: bytes) -> bytes:
        assert old in data, (member, old)
        return data.replace(old, new, 1)

    _edit(path, member, replaced)


def test_a_dtd_in_shared_strings_is_refused(tmp_path):
    path = _xlsx(tmp_path / "dtd.xlsx", {"Ark": '<row r="1"><c r="A1" t="s"><v>0</v></c></row>'})
    laughs = (
        '<?xml version="1.0"?><!DOCTYPE sst [<!ENTITY a "aaaaaaaaaa">'
        '<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>'
        f"<sst {NS}><si><t>&b;</t></si></sst>"
    )
    with zipfile.ZipFile(path, "a") as archive:
        archive.writestr("xl/sharedStrings.xml", laughs)
    with pytest.raises(WorkbookError) as caught:
        open_workbook(path)
    assert str(caught.value) == (
        f"{path}: Delen 'xl/sharedStrings.xml' indeholder en DTD (<!DOCTYPE> eller "
        "<!ENTITY>), som Office aldrig skriver; filen kan være skadelig og læses ikke."
    )


def test_a_dtd_in_utf16_is_refused(tmp_path):
    path = _xlsx(tmp_path / "utf16.xlsx", {"Ark": '<row r="1"><c r="A1"><v>1</v></c></row>'})
    styles = '<?xml version="1.0" encoding="UTF-16"?><!DOCTYPE x [<!ENTITY a "a">]><x/>'
    _rewrite(path, "xl/styles.xml", styles.encode("utf-16"))
    with pytest.raises(WorkbookError, match=r"xl/styles\.xml' indeholder en DTD"):
        open_workbook(path)


def test_a_member_bigger_than_declared_is_refused(tmp_path):
    """The declared sizes bound what calamine unpacks too: a part whose data unpacks to
    more than the central directory says is refused before calamine sees it."""
    path = _xlsx(tmp_path / "loegn.xlsx", {"Ark": '<row r="1"><c r="A1"><v>1</v></c></row>'})
    data = bytearray(path.read_bytes())
    with zipfile.ZipFile(path) as archive:
        info = archive.getinfo("xl/worksheets/sheet1.xml")
    # Lower the declared size in the central directory entry (offset 24 of its header).
    entry = _central_entry(bytes(data), info.filename)
    data[entry + 24 : entry + 28] = (info.file_size - 10).to_bytes(4, "little")
    path.write_bytes(bytes(data))
    with pytest.raises(WorkbookError) as caught:
        open_workbook(path)
    assert str(caught.value).endswith(cells.DAMAGED)


def _central_entry(data: bytes, name: str) -> int:
    at = data.index(b"PK\x01\x02")
    while True:
        name_length = int.from_bytes(data[at + 28 : at + 30], "little")
        extra = int.from_bytes(data[at + 30 : at + 32], "little")
        comment = int.from_bytes(data[at + 32 : at + 34], "little")
        if data[at + 46 : at + 46 + name_length] == name.encode():
            return at
        at += 46 + name_length + extra + comment


def test_far_cells_are_left_to_openpyxl_not_to_a_dense_grid(tmp_path):
    """Two cells far apart would make calamine fill a grid of 17 billion cells; such a
    sheet is read by openpyxl, which stops at MAX_ROWS and says so."""
    far = (
        '<row r="1"><c r="A1"><v>1</v></c></row>'
        '<row r="1048576"><c r="XFD1048576"><v>2</v></c></row>'
    )
    path = _xlsx(tmp_path / "langt.xlsx", {"Ark": far})
    assert cells._fast_sheets(path.read_bytes(), set()) is None
    with pytest.raises(WorkbookError, match=r"ud over række 100\.000"):
        open_workbook(path)


def test_a_cell_without_reference_is_left_to_openpyxl(tmp_path):
    path = _xlsx(
        tmp_path / "uden-r.xlsx", {"Ark": '<row r="1"><c><v>1</v></c><c><v>2</v></c></row>'}
    )
    assert cells._fast_sheets(path.read_bytes(), set()) is None
    assert [c.value for c in open_workbook(path).sheets["Ark"].rows[0]] == [1, 2]


def test_whitespace_below_the_bound_is_no_content(tmp_path):
    rows = (
        '<row r="1"><c r="A1"><v>1</v></c></row>'
        '<row r="6000"><c r="A6000" t="inlineStr"><is><t> </t></is></c></row>'
    )
    path = _xlsx(tmp_path / "mellemrum.xlsx", {"Ark": rows})
    assert [c.value for c in open_workbook(path).sheets["Ark"].rows[0]] == [1]


def test_reading_never_imports_openpyxl():
    code = (
        "import sys; from pathlib import Path; "
        "from dagsorden.kilder.pejlemaerke_workbook import read_pejlemaerker; "
        f"read_pejlemaerker([Path({str(ROOT / 'workbooks' / 'eksempler')!r})]); "
        "print('openpyxl' in sys.modules)"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "False"


# --- many workbooks -----------------------------------------------------------------


def _read_or_crash(path: Path) -> str:
    """A reader for read_each: kills its process on a file named 'krak'."""
    if path.stem == "krak" and cells._IN_WORKER:
        os._exit(3)
    if not cells._IN_WORKER:
        time.sleep(0.02)  # so the other process surely takes the last chunks
    if path.stem.startswith("fejl"):
        raise WorkbookError([cells.Problem(str(path), "Fejl.")])
    return path.name


@pytest.fixture
def parallel(monkeypatch):
    monkeypatch.setattr(cells, "PARALLEL_FROM", 1)
    monkeypatch.setattr(cells, "_CHUNK", 3)


def test_many_in_parallel_keep_order_and_messages(parallel, tmp_path):
    paths = [tmp_path / (f"fejl{i}.xlsx" if i % 7 == 0 else f"ok{i}.xlsx") for i in range(40)]
    got = read_each(_read_or_crash, paths)
    expected = [_outcome for _outcome in (cells._outcome(_read_or_crash, p) for p in paths)]
    assert [str(g) for g in got] == [str(e) for e in expected]
    assert [type(g) for g in got] == [type(e) for e in expected]


def test_a_crashing_worker_names_the_file(parallel, tmp_path):
    paths = [tmp_path / f"ok{i}.xlsx" for i in range(30)] + [tmp_path / "krak.xlsx"]
    got = read_each(_read_or_crash, paths)
    assert got[:30] == [p.name for p in paths[:30]]
    assert isinstance(got[30], WorkbookError)
    assert str(got[30]) == f"{paths[30]}: {cells.DAMAGED}"


def test_many_workbooks_read_in_parallel_as_one_by_one(parallel, tmp_path):
    from dagsorden.kilder.pejlemaerke_workbook import read_pejlemaerker

    folder = ROOT / "workbooks" / "eksempler"
    one_by_one = read_pejlemaerker([folder])
    assert read_pejlemaerker([folder]) == one_by_one


# --- the faster Python around calamine (READ-2) --------------------------------------


def test_rows_with_content_found_while_reading_are_those_the_cells_say(tmp_path):
    """`_grid_of` finds the rows with content on the way; they are the rows whose
    cells are not empty (or hold a formula never calculated), as asked cell by cell."""
    path = _xlsx(
        tmp_path / "a.xlsx",
        {
            "Ark": '<row r="1"><c r="A1" t="inlineStr"><is><t>  </t></is></c></row>'
            '<row r="2"><c r="B2"><f>1+1</f></c></row>'
            '<row r="3"><c r="C3" t="b"><v>0</v></c></row>'
            '<row r="4"><c r="A4" t="inlineStr"><is><t>x</t></is></c></row>'
            '<row r="5"><c r="A5" s="1"/></row>'
            '<row r="6"><c r="D6"><v>0</v></c></row>'
        },
    )
    sheet = open_workbook(path).sheets["Ark"]
    assert sheet is not None
    found = [number for number, _ in sheet.data_rows(first=1)]
    sheet._filled = None  # asked again, cell by cell
    assert [number for number, _ in sheet.data_rows(first=1)] == found == [2, 3, 4, 6]


def test_a_style_that_is_no_number_leaves_the_file_to_openpyxl(tmp_path):
    """The cells' attributes are remembered by their bytes; a style attribute that is
    no number still sends the sheet to openpyxl, also when seen before."""
    row = '<row r="1"><c r="A1" s="x"><v>5</v></c><c r="B1" s="x"/></row>'
    path = _xlsx(tmp_path / "a.xlsx", {"Ark": row})
    for _ in range(2):
        assert cells._fast_sheets(path.read_bytes(), set()) is None
    with pytest.raises(WorkbookError, match="beskadiget"):  # as openpyxl finds it
        open_workbook(path)


def test_a_choice_is_the_first_of_those_equal_when_normalized():
    choices = ("Antal", "antal ", "pct")
    assert cells.read_choice(Cell("A1", " ANTAL"), choices) == "Antal"
    assert cells.read_choice(Cell("A1", "Pct"), choices) == "pct"
    with pytest.raises(cells.CellValueError, match="'x' er ikke et gyldigt valg"):
        cells.read_choice(Cell("A1", "x"), choices)


def test_a_figure_typed_as_text_reads_the_same_the_second_time():
    for _ in range(2):
        assert read_tal(Cell("A1", "1.581,5")) == cells.Tal(1581.5)
        with pytest.raises(cells.CellValueError, match="Mente du"):
            read_tal(Cell("A1", "1.58"))


def test_workbooks_found_once_also_through_a_link(tmp_path):
    from dagsorden.kilder.pejlemaerke_workbook import find_workbooks

    folder = tmp_path / "mappe"
    folder.mkdir()
    for name in ("b.xlsx", "a.XLSM", "~$a.xlsx", ".xlsx", "c.txt"):
        (folder / name).write_bytes(b"")
    (folder / "d.xlsx").mkdir()
    (folder / "link.xlsx").symlink_to(folder / "b.xlsx")
    assert [p.name for p in find_workbooks([folder, folder / "a.XLSM"])] == [
        "a.XLSM",
        "b.xlsx",
    ]


# --- the zip read faster --------------------------------------------------------------

ZIP_FIELDS = ("filename", "header_offset", "flag_bits", "compress_type", "CRC")
ZIP_SIZES = ("compress_size", "file_size")


def _fields(infos: list[zipfile.ZipInfo]) -> list[tuple]:
    return [tuple(getattr(i, f) for f in ZIP_FIELDS + ZIP_SIZES) for i in infos]


@pytest.mark.parametrize("path", BUNDLED[:8], ids=lambda p: p.name)
def test_the_central_directory_is_read_as_zipfile_reads_it(path):
    from dagsorden import zipcheck

    data = path.read_bytes()
    with zipfile.ZipFile(path) as archive:
        expected = _fields(archive.infolist())
    assert _fields(zipcheck.open_office_zip(data, "x")) == expected


@pytest.mark.parametrize("shape", ["comment", "before", "extra", "unicode"])
def test_a_zip_of_another_shape_is_read_alike(tmp_path, shape):
    from dagsorden import zipcheck

    path = _xlsx(tmp_path / "form.xlsx", {"Ark": '<row r="1"><c r="A1"><v>1</v></c></row>'})
    if shape == "comment":
        with zipfile.ZipFile(path, "a") as archive:
            archive.comment = b"skrevet af et andet program"
    elif shape in ("extra", "unicode"):
        with zipfile.ZipFile(path, "a") as archive:
            info = zipfile.ZipInfo("xl/æøå.xml" if shape == "unicode" else "xl/ekstra.xml")
            if shape == "extra":
                info.extra = b"\xca\xfe\x00\x00"  # an unknown extra field, empty
            archive.writestr(info, "<x/>")
    data = path.read_bytes()
    if shape == "before":
        data = b"noget foran zip'en" + data
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        expected = _fields(archive.infolist())
    if shape == "before":  # no Office file: it begins with no "PK"
        with pytest.raises(zipcheck.OfficeFileError):
            zipcheck.open_office_zip(data, "x")
        return
    assert _fields(zipcheck.open_office_zip(data, "x")) == expected
    sheets = cells._fast_sheets(data, set())
    assert sheets is not None and sheets["Ark"].rows[0][0].value == 1


def test_a_broken_central_directory_is_still_damaged(tmp_path):
    path = _xlsx(tmp_path / "brud.xlsx", {"Ark": '<row r="1"><c r="A1"><v>1</v></c></row>'})
    data = bytearray(path.read_bytes())
    entry = data.index(b"PK\x01\x02")
    data[entry : entry + 4] = b"PK\x09\x09"
    path.write_bytes(bytes(data))
    with pytest.raises(WorkbookError) as caught:
        open_workbook(path)
    assert str(caught.value) == f"{path}: {cells.DAMAGED}"


def test_book_parts_of_copies_are_unpacked_once(tmp_path):
    from dagsorden import zipcheck

    first = _xlsx(tmp_path / "a.xlsx", {"Ark": '<row r="1"><c r="A1"><v>1</v></c></row>'})
    second = _xlsx(tmp_path / "b.xlsx", {"Ark": '<row r="1"><c r="A1"><v>2</v></c></row>'})
    parts = []
    for path in (first, second):
        data = path.read_bytes()
        info = next(i for i in zipcheck.open_office_zip(data, "x") if i.filename.endswith("s.xml"))
        assert info.filename == "xl/styles.xml"
        parts.append(zipcheck.read_part(data, info, remember=True))
    assert parts[0] is parts[1]  # the same bytes: the same part, its hash computed once
    assert [open_workbook(p).sheets["Ark"].rows[0][0].value for p in (first, second)] == [1, 2]


def test_a_remembered_part_is_checked_like_any(tmp_path):
    """A part with a DTD is never remembered: a copy of it is refused again."""
    styles = '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "a">]><x/>'
    for name in ("a.xlsx", "b.xlsx"):
        path = _xlsx(tmp_path / name, {"Ark": '<row r="1"><c r="A1"><v>1</v></c></row>'})
        _rewrite(path, "xl/styles.xml", styles.encode())
        with pytest.raises(WorkbookError, match=r"xl/styles\.xml' indeholder en DTD"):
            open_workbook(path)


def test_a_value_outside_the_known_cell_shape_leaves_the_sheet_to_openpyxl(tmp_path):
    """A '<v' the cell search doesn't take (here in a cell with a namespace prefix on
    its value) sends the sheet to openpyxl, wherever it stands among the cells."""
    rows = (
        '<row r="1"><c r="A1"><v>1</v></c><c r="B1" xmlns:x="urn:x"><x:v>5</x:v></c>'
        '<c r="C1"><v>3</v></c></row>'
    )
    path = _xlsx(tmp_path / "form.xlsx", {"Ark": rows})
    assert cells._fast_sheets(path.read_bytes(), set()) is None


def _read_or_fail(path: Path) -> str:
    """A reader for read_each that fails unexpectedly (no WorkbookError) on 'boom' files."""
    if not cells._IN_WORKER:
        time.sleep(0.01)  # so the other process surely reads the last chunks
    if path.stem.startswith("boom"):
        raise ValueError(f"boom in {path.name}")
    return path.name


def test_an_unexpected_error_is_raised_as_one_by_one(parallel, tmp_path):
    paths = [tmp_path / f"ok{i}.xlsx" for i in range(40)]
    paths[33] = tmp_path / "boom33.xlsx"  # in the other process's chunks
    with pytest.raises(ValueError, match="boom33"):
        read_each(_read_or_fail, paths)
    paths[4] = tmp_path / "boom4.xlsx"  # and an earlier one in this process's: that one
    with pytest.raises(ValueError, match="boom4"):
        read_each(_read_or_fail, paths)


def test_many_in_parallel_also_without_fork(parallel, monkeypatch, tmp_path):
    """With threads running, the other process is no fork of this one (forkserver or
    spawn): the same outcomes, in the same order."""
    monkeypatch.setattr(cells, "_threads", lambda: 2)
    paths = [tmp_path / (f"fejl{i}.xlsx" if i % 7 == 0 else f"ok{i}.xlsx") for i in range(40)]
    got = read_each(_read_or_crash, paths)
    expected = [cells._outcome(_read_or_crash, p) for p in paths]
    assert [str(g) for g in got] == [str(e) for e in expected]
    assert [type(g) for g in got] == [type(e) for e in expected]


# --- hostile or unusual files an outside tester made (issue 14, round 2) --------------
# Each is read as the openpyxl path reads it (the release before the fast reader), or
# refused: the fast path reads only the plain shape and leaves anything else to openpyxl.

PEJLEMAERKE = ROOT / "workbooks" / "eksempler" / "pejlemaerke-1.xlsx"
BUDGET = ROOT / "cases" / "forebyggelse" / "budget.xlsx"
S1, S2, STYLES = "xl/worksheets/sheet1.xml", "xl/worksheets/sheet2.xml", "xl/styles.xml"
D2 = b'<c r="D2" s="6" t="n"><v>828</v></c>'
B3 = b'<c r="B3" s="4" t="n"><v>100</v></c>'
X_NS = b' xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'


def _edited(
    path: Path, base: Path, edits: list[tuple[str, bytes, bytes]], extra: tuple = ()
) -> Path:
    """A copy of `base` with each (part, old, new) replaced once; `extra` members first."""
    with zipfile.ZipFile(base) as source, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as out:
        for name, data in extra:
            out.writestr(name, data)
        for info in source.infolist():
            data = source.read(info.filename)
            for part, old, new in edits:
                if part == info.filename:
                    assert old in data, old
                    data = data.replace(old, new, 1)
            out.writestr(info.filename, data)
    return path


def _outcome_of(read, path: Path) -> object:
    try:
        return read(path)
    except WorkbookError as exc:
        return str(exc)


def _as_openpyxl_reads(read, path: Path, monkeypatch) -> object:
    """What `read` gives for `path` through the openpyxl path, the old reader."""
    with monkeypatch.context() as patched:
        patched.setattr(cells, "_fast_sheets", lambda data, wanted: None)
        return _outcome_of(read, path)


def _far_cell(ref: bytes) -> list[tuple[str, bytes, bytes]]:
    return [
        (S2, b"<worksheet ", b"<worksheet" + X_NS + b" "),
        (
            S2,
            b'</row><row r="3">',
            b'<c r="' + ref + b'" t="inlineStr"><x:is><x:t>x</x:t></x:is></c></row><row r="3">',
        ),
    ]


def _pejlemaerke(path: Path) -> object:
    from dagsorden.kilder.pejlemaerke_workbook import read_pejlemaerke

    return read_pejlemaerke(path)


def _budget(path: Path) -> object:
    from dagsorden.kilder.budget_workbook import read_budget

    return read_budget(path)


def test_a_far_cell_with_a_prefixed_value_never_reaches_calamine(tmp_path):
    """A1: `<x:is>` is no match for the cell search; calamine would see the cell and
    fill a dense grid of 17 billion cells (an abort in Rust). Run in a process of its
    own, so an abort fails this test rather than the run."""
    path = _edited(tmp_path / "p.xlsx", PEJLEMAERKE, _far_cell(b"XFD1048576"))
    code = (
        "import sys; from pathlib import Path;"
        "from dagsorden.errors import WorkbookError;"
        "from dagsorden.kilder import cells\n"
        "path = Path(sys.argv[1])\n"
        "print(cells._fast_sheets(path.read_bytes(), set()) is None)\n"
        "try:\n cells.open_workbook(path)\n"
        "except WorkbookError as exc:\n print(exc)"
    )
    done = subprocess.run(
        [sys.executable, "-c", code, str(path)], capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.startswith("True\n")
    assert "højst 200 kolonner" in done.stdout


def test_a_prefixed_cell_right_of_the_bound_is_refused(tmp_path, monkeypatch):
    """A2: the same trick just right of column GR."""
    path = _edited(tmp_path / "p.xlsx", PEJLEMAERKE, _far_cell(b"XFD2"))
    outcome = _outcome_of(_pejlemaerke, path)
    assert isinstance(outcome, str) and "højst 200 kolonner" in outcome
    assert outcome == _as_openpyxl_reads(_pejlemaerke, path, monkeypatch)


@pytest.mark.parametrize(
    "merge",
    [
        b'<mergeCells count="1"><mergeCell\tref="C2:D2"/></mergeCells>',
        b"<x:mergeCells" + X_NS + b' count="1"><x:mergeCell ref="C2:D2"/></x:mergeCells>',
    ],
    ids=["tab", "prefix"],
)
def test_merged_ranges_written_oddly_are_found(tmp_path, merge):
    """B3: a tab before `ref`, or a prefix on the element, is still a merged range."""
    path = _edited(
        tmp_path / "p.xlsx", PEJLEMAERKE, [(S2, b"</sheetData>", b"</sheetData>" + merge)]
    )
    with pytest.raises(WorkbookError, match=r"celle C2:D2: Cellerne C2:D2 er flettet"):
        _pejlemaerke(path)


def test_a_budget_amount_merged_with_a_tab_is_refused(tmp_path):
    path = _edited(
        tmp_path / "budget.xlsx",
        BUDGET,
        [
            (S1, b'<c r="C3" s="4" t="n"><v>590</v></c>', b'<c r="C3" s="4" t="n"></c>'),
            (
                S1,
                b"</sheetData>",
                b'</sheetData><mergeCells count="1"><mergeCell\tref="B3:C3"/></mergeCells>',
            ),
        ],
    )
    with pytest.raises(WorkbookError, match=r"celle B3:C3: Cellerne B3:C3 er flettet"):
        _budget(path)


@pytest.mark.parametrize("cell", [b'<c r="D2" s="6" t="e"/>', b'<c r="D2" s="6" t="e"><v></v></c>'])
def test_an_error_cell_without_its_text_is_an_error(tmp_path, cell):
    """B4: an error cell with no error text is still an error, as openpyxl read it."""
    path = _edited(tmp_path / "p.xlsx", PEJLEMAERKE, [(S2, D2, cell)])
    with pytest.raises(WorkbookError, match=r"celle D2: Status: Cellen viser en fejl fra Excel"):
        _pejlemaerke(path)
    budget = _edited(tmp_path / "budget.xlsx", BUDGET, [(S1, B3, b'<c r="B3" s="4" t="e"/>')])
    with pytest.raises(WorkbookError, match=r"celle B3: 2011: Cellen viser en fejl fra Excel"):
        _budget(budget)


def test_a_shared_formula_without_master_or_value_is_uncalculated(tmp_path):
    """B5: a self-closing <f/> (no </f> in the sheet) is a formula without value."""
    cell = b'<c r="D2" s="6"><f t="shared" si="0"/></c>'
    path = _edited(tmp_path / "p.xlsx", PEJLEMAERKE, [(S2, D2, cell)])
    with pytest.raises(WorkbookError, match=r"celle D2: Status: Formlen har ingen beregnet"):
        _pejlemaerke(path)


@pytest.mark.parametrize(
    "cell",
    [
        b'<c r="D2" s="99" t="n"><v>828</v></c>',
        b'<c r="D2" s="12" t="inlineStr"><is><t>x</t></is></c>',
    ],
)
def test_a_style_beyond_the_styles_part_is_damaged(tmp_path, cell):
    """B6: a cell with a value and s="99" (or 12) where styles.xml has 12 cell styles:
    damaged, as openpyxl found."""
    path = _edited(tmp_path / "p.xlsx", PEJLEMAERKE, [(S2, D2, cell)])
    assert cells._fast_sheets(path.read_bytes(), set()) is None
    with pytest.raises(WorkbookError, match=r"beskadiget"):
        _pejlemaerke(path)


@pytest.mark.parametrize("part", ["sheet", "budget"])
def test_a_cell_in_an_xml_comment_is_no_cell(tmp_path, monkeypatch, part):
    """C7: a comment holding a cell: calamine skips it, a search would not."""
    if part == "sheet":
        edit = (S2, D2, D2 + b'<!-- <c r="D2" s="6" t="n"><v>999</v></c> -->')
        path, read = _edited(tmp_path / "p.xlsx", PEJLEMAERKE, [edit]), _pejlemaerke
    else:
        edit = (S1, B3, B3 + b'<!--<c r="B3" s="4"><v>150</v></c>-->')
        path, read = _edited(tmp_path / "budget.xlsx", BUDGET, [edit]), _budget
    assert cells._fast_sheets(path.read_bytes(), set()) is None
    assert _outcome_of(read, path) == _as_openpyxl_reads(read, path, monkeypatch)


def test_two_members_equal_but_for_case_are_refused(tmp_path):
    """C8: calamine finds a part ignoring case, openpyxl by its exact name."""
    sheet = zipfile.ZipFile(PEJLEMAERKE).read(S2).replace(b"<v>828</v>", b"<v>999</v>")
    path = _edited(
        tmp_path / "p.xlsx", PEJLEMAERKE, [], extra=(("xl/worksheets/Sheet2.xml", sheet),)
    )
    with pytest.raises(WorkbookError, match=r"p\.xlsx: Filen indeholder to dele med samme navn"):
        open_workbook(path)


def test_a_part_named_with_other_case_than_its_relationship_is_left_to_openpyxl(
    tmp_path, monkeypatch
):
    """C8: the relationship says sheet2.xml, the member is Sheet2.xml: calamine finds
    it ignoring case; what openpyxl makes of it is the answer, as before."""
    with zipfile.ZipFile(PEJLEMAERKE) as source:
        members = [(i.filename, source.read(i.filename)) for i in source.infolist()]
    path = tmp_path / "p.xlsx"
    with zipfile.ZipFile(path, "w") as out:
        for name, data in members:
            out.writestr("xl/worksheets/Sheet2.xml" if name == S2 else name, data)
    assert cells._fast_sheets(path.read_bytes(), set()) is None
    assert _outcome_of(_pejlemaerke, path) == _as_openpyxl_reads(_pejlemaerke, path, monkeypatch)


def test_an_inline_string_in_a_number_cell_is_read_as_openpyxl_reads_it(tmp_path, monkeypatch):
    """C9: t="n" holding <is>: openpyxl gives no value, calamine the text."""
    cell = b'<c r="D2" s="6" t="n"><is><t>999</t></is></c>'
    path = _edited(tmp_path / "p.xlsx", PEJLEMAERKE, [(S2, D2, cell)])
    assert cells._fast_sheets(path.read_bytes(), set()) is None
    assert _outcome_of(_pejlemaerke, path) == _as_openpyxl_reads(_pejlemaerke, path, monkeypatch)


def test_a_cell_written_twice_is_left_to_openpyxl(tmp_path, monkeypatch):
    """C10: two <c r="D2">: which one counts is openpyxl's answer, not a guess."""
    path = _edited(
        tmp_path / "p.xlsx", PEJLEMAERKE, [(S2, D2, D2 + b'<c r="D2" s="6" t="n"><v>999</v></c>')]
    )
    assert cells._fast_sheets(path.read_bytes(), set()) is None
    assert _outcome_of(_pejlemaerke, path) == _as_openpyxl_reads(_pejlemaerke, path, monkeypatch)


def test_number_formats_of_differential_styles_are_no_cell_formats(tmp_path):
    """D11: a <numFmt> inside <dxfs> (conditional formatting) with the id of a cell's
    format must not replace the cell's format."""
    dxf = b'<dxfs count="1"><dxf><numFmt numFmtId="164" formatCode="0%"/></dxf></dxfs></styleSheet>'
    path = _edited(tmp_path / "p.xlsx", PEJLEMAERKE, [(STYLES, b"</styleSheet>", dxf)])
    _assert_same(path)
    assert open_workbook(path).sheets["Delmål"].cell(2, 4).number_format.startswith("[>=1000]")


# --- texts read from the XML, without calamine ---------------------------------------


def _calamine_opened(monkeypatch) -> list[int]:
    """Counts the workbooks calamine opens from now on."""
    opened: list[int] = []
    real = cells._calamine
    monkeypatch.setattr(cells, "_calamine", lambda data: opened.append(1) or real(data))
    return opened


def _sheets_alike(path: Path) -> None:
    """The texts read from the XML are calamine's, cell for cell, in a grid of the
    same size."""
    data = path.read_bytes()
    own, theirs = cells._fast_sheets(data, set()), cells._fast_sheets(data, set(), own_texts=False)
    assert (own is None) == (theirs is None)
    if own is not None and theirs is not None:
        assert list(own) == list(theirs)
        for title, sheet in own.items():
            other = theirs[title]
            assert sheet is not None and other is not None
            assert sheet.rows == other.rows and sheet.merged == other.merged
            assert list(sheet.data_rows(1)) == list(other.data_rows(1))


PLAIN_TEXTS = {
    "plain": "Mål for delmål",
    "entities": "A &amp; B &lt;C&gt; &quot;d&quot; &apos;e&apos;",
    "character references": "Pejlem&#230;rke &#xF8;&#x00E5; &#128512;",
    "spaces kept": "  to  mellemrum  ",
    "a line feed": "første linje\nanden linje",
    "a tab": "a\tb",
    "empty": "",
    "looks like an error": "#DIV/0!",
    "looks like a number": "NaN",
}
TEXTS_FOR_CALAMINE = {
    "Excel's escape of a carriage return": "a_x000D_b",
    "a carriage return written as such": "a\r\nb",
    "a carriage return as a reference": "a&#13;b",
    "a control character": "a&#1;b",
    "an entity XML does not know": "a&nbsp;b",
    "an ampersand alone": "a & b",
}


def _text_cells(text: str, preserve: bool = False) -> tuple[str, list[str]]:
    """A row with `text` as a shared string, an inline string and a formula's string."""
    t = '<t xml:space="preserve">' if preserve else "<t>"
    row = (
        '<row r="1"><c r="A1" t="s"><v>0</v></c>'
        f'<c r="B1" t="inlineStr"><is>{t}{text}</t></is></c>'
        f'<c r="C1" t="str"><f>"x"</f><v>{text}</v></c>'
        '<c r="D1"><v>7</v></c></row>'
    )
    return row, [f"{t}{text}</t>"]


@pytest.mark.parametrize("text", PLAIN_TEXTS.values(), ids=PLAIN_TEXTS.keys())
@pytest.mark.parametrize("preserve", [False, True], ids=["t", "t preserve"])
def test_plain_texts_are_read_without_calamine(tmp_path, monkeypatch, text, preserve):
    row, shared = _text_cells(text, preserve)
    path = _xlsx(tmp_path / "tekst.xlsx", {"Ark": row}, shared=shared)
    opened = _calamine_opened(monkeypatch)
    _assert_same(path)
    assert opened == []
    if text.strip() == text or preserve:
        # (calamine strips a text not marked to keep its spaces; openpyxl keeps them)
        _sheets_alike(path)


@pytest.mark.parametrize("text", TEXTS_FOR_CALAMINE.values(), ids=TEXTS_FOR_CALAMINE.keys())
@pytest.mark.parametrize("where", ["shared", "inline", "formula"])
def test_other_texts_are_read_by_calamine_as_before(tmp_path, monkeypatch, text, where):
    """A text that calamine and openpyxl could read differently is read as before this
    reader read texts itself: by calamine (or openpyxl, where calamine can't)."""
    cell = {
        "shared": '<c r="A1" t="s"><v>0</v></c>',
        "inline": f'<c r="A1" t="inlineStr"><is><t>{text}</t></is></c>',
        "formula": f'<c r="A1" t="str"><f>"x"</f><v>{text}</v></c>',
    }[where]
    path = _xlsx(
        tmp_path / "tekst.xlsx",
        {"Ark": f'<row r="1">{cell}<c r="B1"><v>7</v></c></row>'},
        shared=[f"<t>{text}</t>"],
    )
    opened = _calamine_opened(monkeypatch)
    cells._fast_sheets(path.read_bytes(), set())
    assert opened == [1] or cells._fast_sheets(path.read_bytes(), set()) is None
    _sheets_alike(path)


@pytest.mark.parametrize(
    "shared",
    [
        ['<r><t>Fed</t></r><r><rPr><b/></rPr><t xml:space="preserve"> tekst</t></r>'],
        ['<t>ネコ</t><rPh sb="0" eb="2"><t>ネコ</t></rPh>'],
        ["<t/>"],
        ["<t>a</t><t>b</t>"],
    ],
    ids=["rich text", "phonetic run", "empty element", "two texts"],
)
def test_shared_strings_of_other_shapes_are_read_by_calamine(tmp_path, monkeypatch, shared):
    path = _xlsx(
        tmp_path / "rig.xlsx",
        {"Ark": '<row r="1"><c r="A1" t="s"><v>0</v></c></row>'},
        shared=shared,
    )
    opened = _calamine_opened(monkeypatch)
    if cells._fast_sheets(path.read_bytes(), set()) is not None:
        assert opened == [1]
        if shared[0] != "<t>a</t><t>b</t>":
            _assert_same(path)
    _sheets_alike(path)


@pytest.mark.parametrize(
    "cells_xml",
    [
        '<c r="A1" t="b"><v>1</v></c><c r="B1" t="b"><v>0</v></c>',
        '<c r="A1" t="b"><v>2</v></c>',
        '<c r="A1" t="s"><v>5</v></c>',
        '<c r="A1" t="s"><v></v></c>',
        '<c r="A1" t="s"><v>-0</v></c>',
        '<c r="A1" t="str"><f>"x"</f><v></v></c><c r="C3" t="str"><v></v></c>',
        '<c r="A1" t="x"><v>1</v></c>',
        '<c r="A1" t="inlineStr"><is><t/></is></c>',
        '<c r="A1" t="inlineStr"><is><r><t>a</t></r></is></c>',
        '<c r="E9" t="s"><v>0</v></c>',
    ],
    ids=[
        "truth values",
        "a truth value of 2",
        "a shared string beyond the part",
        "a shared string without index",
        "a negative index",
        "empty formula strings",
        "an unknown type",
        "an empty inline element",
        "inline rich text",
        "a far text: the grid's size",
    ],
)
def test_cells_of_every_type_are_read_as_openpyxl_or_calamine_reads_them(
    tmp_path, monkeypatch, cells_xml
):
    """Never a third reading: openpyxl's (the contract) or, where openpyxl refuses the
    file and calamine read it, calamine's as before."""
    path = _xlsx(
        tmp_path / "typer.xlsx", {"Ark": f'<row r="1">{cells_xml}</row>'}, shared=["<t>x</t>"]
    )
    own, before = _outcome_either_way(path, monkeypatch)
    with monkeypatch.context() as patched:
        patched.setattr(cells, "_fast_sheets", lambda data, wanted, own_texts=True: None)
        openpyxl, _ = _outcome_either_way(path, patched)
    assert own in (openpyxl, before)


def test_a_workbook_without_shared_strings_reads_its_truth_values(tmp_path, monkeypatch):
    path = _xlsx(
        tmp_path / "sand.xlsx",
        {"Ark": '<row r="2"><c r="B2" t="b"><v>1</v></c><c r="C2" t="b"><v>0</v></c></row>'},
    )
    opened = _calamine_opened(monkeypatch)
    read = _cells(path)
    assert opened == []
    assert (read["B2"].value, read["C2"].value, read["A1"].value) == (True, False, None)
    _assert_same(path)


@pytest.mark.parametrize(
    "name, plain",
    [
        ("A &amp; B", True),
        ("Tab&#9;ind", True),
        ("Tab\tind", False),
        ("Linje\nskift", False),
    ],
)
def test_sheet_names_are_read_as_a_parser_reads_them(tmp_path, monkeypatch, name, plain):
    row = '<row r="1"><c r="A1" t="inlineStr"><is><t>x</t></is></c></row>'
    path = _xlsx(tmp_path / "navn.xlsx", {name: row, "Andet": row})
    opened = _calamine_opened(monkeypatch)
    cells._fast_sheets(path.read_bytes(), set())
    assert opened == ([] if plain else [1])
    _sheets_alike(path)


def test_two_sheets_of_one_name_are_named_by_calamine(tmp_path, monkeypatch):
    row = '<row r="1"><c r="A1" t="inlineStr"><is><t>x</t></is></c></row>'
    path = _xlsx(tmp_path / "to.xlsx", {"Ark": row, "Ark ": row})
    _replace(path, "xl/workbook.xml", b'name="Ark "', b'name="Ark"')
    opened = _calamine_opened(monkeypatch)
    cells._fast_sheets(path.read_bytes(), set())
    assert opened == [1]
    _sheets_alike(path)


def test_a_chart_sheet_leaves_the_names_to_calamine(tmp_path, monkeypatch):
    row = '<row r="1"><c r="A1" t="inlineStr"><is><t>x</t></is></c></row>'
    path = _xlsx(tmp_path / "diagram.xlsx", {"Ark": row, "Diagram": row})
    _replace(
        path,
        "xl/_rels/workbook.xml.rels",
        b'/worksheet" Target="worksheets/sheet2.xml"',
        b'/chartsheet" Target="worksheets/sheet2.xml"',
    )
    opened = _calamine_opened(monkeypatch)
    read = cells._fast_sheets(path.read_bytes(), set())
    assert opened == [1] and read is not None and list(read) == ["Ark"]


@pytest.mark.parametrize("part", ["xl/sharedStrings.xml", "xl/worksheets/sheet1.xml"])
def test_a_part_in_another_encoding_is_read_as_it_says(tmp_path, part):
    """Latin-1 bytes that happen to be UTF-8 too ('Ã¦' is 'æ' in UTF-8) read as the
    declaration says (calamine read them as UTF-8): by openpyxl."""
    row = '<c r="A1" t="s"><v>0</v></c><c r="B1" t="inlineStr"><is><t>Ã¦</t></is></c>'
    path = _xlsx(tmp_path / "latin.xlsx", {"Ark": f'<row r="1">{row}</row>'}, shared=["<t>Ã¦</t>"])
    _edit(
        path,
        part,
        lambda data: (
            data.decode("utf-8")
            .replace('encoding="UTF-8"', 'encoding="ISO-8859-1"')
            .encode("latin-1")
        ),
    )
    assert cells._fast_sheets(path.read_bytes(), set()) is None
    assert (_cells(path)["A1"].value, _cells(path)["B1"].value) == ("Ã¦", "Ã¦")


def test_bundled_workbooks_are_read_without_calamine(monkeypatch):
    opened = _calamine_opened(monkeypatch)
    for path in BUNDLED:
        assert cells._fast_sheets(path.read_bytes(), set()) is not None, path
    assert opened == []


def _outcome_either_way(path: Path, monkeypatch) -> tuple[object, object]:
    """What open_workbook gives (cells or the error's words) reading texts from the
    XML, and reading them with calamine as before."""

    def outcome() -> object:
        try:
            read = open_workbook(path)
        except WorkbookError as exc:
            return str(exc)
        return {t: s.rows if s else None for t, s in read.sheets.items()}

    own = outcome()
    with monkeypatch.context() as patched:
        real = cells._fast_sheets
        patched.setattr(
            cells, "_fast_sheets", lambda data, wanted: real(data, wanted, own_texts=False)
        )
        theirs = outcome()
    return own, theirs


SHEET_DAMAGE = {
    "cut in the cells": lambda x: x[: x.index(b"</row>") - 3],
    "cut after the cells": lambda x: x[: x.index(b"</sheetData>") + 14],
    "cut before the cells": lambda x: x[: x.index(b"<sheetData") - 2],
    "tags crossed": lambda x: x.replace(b"<v>1</v></c>", b"<v>1</c></v>"),
    "a row not closed": lambda x: x.replace(b"</row>", b"", 1),
    "garbage after the root": lambda x: x + b"<x>",
    "an unclosed quote": lambda x: x.replace(b'<row r="1">', b'<row r="1>'),
    "text between the cells": lambda x: x.replace(b"</c><c", b"</c>x<c", 1),
    "spaces between the cells": lambda x: x.replace(b"</c><c", b"</c>\n  <c"),
    "a stray end tag": lambda x: x.replace(b"</sheetData>", b"</c></sheetData>"),
}


SHARED_STRINGS_DAMAGE = {
    "cut in a text": lambda x: x[: x.index(b"</t>") - 1],
    "cut after the texts": lambda x: x[: x.index(b"</sst>") + 3],
    "tags crossed": lambda x: x.replace(b"</t></si>", b"</si></t>"),
    "a text not closed": lambda x: x.replace(b"</t>", b"", 1),
    "garbage after the root": lambda x: x + b"<x>",
    "no XML at all": lambda x: b"\x89PNG garbage",
    "text between the strings": lambda x: x.replace(b"</si>", b"</si>x", 1),
    "spaces between the strings": lambda x: x.replace(b"</si>", b"</si>\n  "),
}


@pytest.mark.parametrize(
    "part, damage",
    [("xl/worksheets/sheet1.xml", d) for d in SHEET_DAMAGE.values()]
    + [("xl/sharedStrings.xml", d) for d in SHARED_STRINGS_DAMAGE.values()],
    ids=[f"sheet: {n}" for n in SHEET_DAMAGE] + [f"strings: {n}" for n in SHARED_STRINGS_DAMAGE],
)
def test_a_damaged_part_is_read_or_refused_as_before(tmp_path, monkeypatch, damage, part):
    """Texts read without calamine take nothing calamine's parse would have refused:
    the cells by a search for their whole shape, the rest by a parser."""
    row = (
        '<row r="1"><c r="A1"><v>1</v></c><c r="B1" t="s"><v>0</v></c>'
        '<c r="C1" t="inlineStr"><is><t>c</t></is></c></row>'
    )
    path = _xlsx(tmp_path / "skadet.xlsx", {"Ark": row}, shared=["<t>b</t>"])
    data = _edit(path, part, damage)
    assert damage(data) != data
    own, theirs = _outcome_either_way(path, monkeypatch)
    assert own == theirs


# --- an outsider's files (the reader without calamine, tried by one who didn't write it)

S0 = "xl/worksheets/sheet1.xml"  # Pejlemærke
WB = "xl/workbook.xml"
B1 = b'<c r="B1" s="2" t="n"><v>1</v></c>'
ROW9 = b'<row r="9">'


OUTSIDERS_EDITS = {
    # A row 0 (no row in Excel): its text once overwrote the last row's, or crashed.
    "row 0": [
        (S0, ROW9, b'<row r="0"><c r="B0" t="inlineStr"><is><t>Mallory</t></is></c></row>' + ROW9)
    ],
    "a leading zero": [(S0, B1, b'<c r="B01" s="2" t="n"><v>1</v></c>')],
    # An attribute whose name ends in t is no type.
    "a-t": [(S0, B1, b'<c r="B1" s="2" a-t="b"><v>1</v></c>')],
    "a.t": [(S0, B1, b'<c r="B1" s="2" a.t="s"><v>0</v></c>')],
    "x:t": [
        (S0, b"<worksheet ", b"<worksheet" + X_NS + b" "),
        (S0, B1, b'<c r="B1" s="2" x:t="str"><v>1</v></c>'),
    ],
    # A sheet's name from its own attribute.
    "x:name": [(WB, b'name="Pejlem', b'x:name="Falsk" xmlns:x="urn:x" name="Pejlem')],
    # XML calamine's parse refused: a bare '&', bytes that are no UTF-8.
    "a bare ampersand": [(S0, B1, b'<c r="B1" s="2"><f>1 & 2</f><v>1</v></c>')],
    "no UTF-8 in a formula": [(S0, B1, b'<c r="B1" s="2"><f>SU\xff1)</f><v>1</v></c>')],
    "no UTF-8 in an attribute": [(S0, B1, b'<c r="B1" s="2" cm="\xff\xfe"><v>1</v></c>')],
}
RID = b'xmlns:r="' + REL_NS.encode() + b'" r:id="rId2"'
OUTSIDERS_EDITS_OPENPYXL_REFUSES = {
    "r twice": [(S0, B1, b'<c r="B1" r="C1" s="2"><v>1</v></c>')],
    "name in a value": [
        (WB, b'name="Pejlem', b'xmlns:x="urn:x" x:uid="name=\'Falsk\'" name="Pejlem')
    ],
    "a-name": [(WB, b'name="Pejlem', b'a-name="Falsk" name="Pejlem')],
    # Only the sheets among the sheets are sheets.
    "sheet-x": [
        (
            WB,
            b"<definedNames/>",
            b'<extLst><ext uri="x"><sheet-x name="Ekstra" '
            + RID
            + b"/></ext></extLst><definedNames/>",
        )
    ],
    "a sheet outside sheets": [
        (
            WB,
            b"<definedNames/>",
            b'<extLst><ext uri="x"><y:sheet xmlns:y="urn:y" name="Ekstra" sheetId="9" '
            + RID
            + b"/></ext></extLst><definedNames/>",
        )
    ],
}


@pytest.mark.parametrize("edits", OUTSIDERS_EDITS.values(), ids=OUTSIDERS_EDITS.keys())
def test_outsiders_files_read_as_openpyxl_reads_them(tmp_path, monkeypatch, edits):
    path = _edited(tmp_path / "p.xlsx", PEJLEMAERKE, edits)
    assert _outcome_of(_pejlemaerke, path) == _as_openpyxl_reads(_pejlemaerke, path, monkeypatch)


@pytest.mark.parametrize(
    "edits",
    OUTSIDERS_EDITS_OPENPYXL_REFUSES.values(),
    ids=OUTSIDERS_EDITS_OPENPYXL_REFUSES.keys(),
)
def test_outsiders_files_openpyxl_refuses_read_as_before(tmp_path, monkeypatch, edits):
    """Files openpyxl refuses and calamine read: read as calamine read them, or by
    openpyxl, never otherwise (a second reference, a name from another attribute, a
    sheet from outside the sheets)."""
    path = _edited(tmp_path / "p.xlsx", PEJLEMAERKE, edits)
    own = _outcome_of(_pejlemaerke, path)
    with monkeypatch.context() as patched:
        real = cells._fast_sheets
        patched.setattr(
            cells, "_fast_sheets", lambda data, wanted: real(data, wanted, own_texts=False)
        )
        before = _outcome_of(_pejlemaerke, path)
    assert own in (before, _as_openpyxl_reads(_pejlemaerke, path, monkeypatch))
    assert "Falsk" not in str(own) and "Ekstra" not in str(own)


def test_shared_strings_are_not_kept_after_reading(tmp_path):
    """The check of each workbook's shared strings remembers none of them (a folder of
    workbooks with large ones grew by each)."""
    cells._remembered_well_formed.cache_clear()
    for n in range(3):
        path = _xlsx(
            tmp_path / f"{n}.xlsx",
            {"Ark": '<row r="1"><c r="A1" t="s"><v>0</v></c></row>'},
            shared=[f"<t>{'tekst ' * 1000}{n}</t>"],
        )
        assert _cells(path)["A1"].value.endswith(str(n))
        if n == 0:
            remembered = cells._remembered_well_formed.cache_info().currsize
    assert cells._remembered_well_formed.cache_info().currsize == remembered


def _read_as_openpyxl_reads(path: Path) -> None:
    """open_workbook (whichever way it reads) gives every cell as openpyxl does."""
    mine = open_workbook(path).sheets
    theirs = cells._openpyxl_sheets(path, set(), ProblemCollector(path))
    assert list(mine) == list(theirs)
    for title, sheet in theirs.items():
        own = mine[title]
        assert own is not None and sheet is not None
        height = max(len(own.rows), len(sheet.rows))
        width = max((len(r) for r in own.rows + sheet.rows), default=0)
        for r in range(1, height + 1):
            for c in range(1, width + 1):
                assert _typed(own.cell(r, c)) == _typed(sheet.cell(r, c)), (title, r, c)


@pytest.mark.parametrize(
    "row",
    [
        '<row r="0"><c r="B0" t="inlineStr"><is><t>Mallory</t></is></c></row><row r="2">'
        '<c r="A2" t="inlineStr"><is><t>a</t></is></c><c r="C2" t="s"><v>0</v></c></row>',
        '<row r="0"><c r="A0" t="inlineStr"><is><t>x</t></is></c></row>',
        '<row r="1"><c r="A01" t="s"><v>0</v></c></row>',
        '<row r="1"><c r="A1" a-t="s"><v>0</v></c><c r="B1" a.t="b"><v>1</v></c>'
        '<c r="C1" a-t="str"><v>123</v></c></row>',
    ],
    ids=["row 0 beside others", "only row 0", "a leading zero", "attributes ending in t"],
)
def test_outsiders_cells_read_as_openpyxl_reads_them(tmp_path, row):
    path = _xlsx(tmp_path / "c.xlsx", {"Ark": row}, shared=["<t>SHARED</t>"])
    _read_as_openpyxl_reads(path)


# --- a second outsider's files --------------------------------------------------------


def _typed_outcome(path: Path) -> object:
    """open_workbook's reading as the readers use it (`_typed`, empty cells left
    out), or its error's words."""
    try:
        read = open_workbook(path)
    except WorkbookError as exc:
        return str(exc)
    return {
        title: {c.ref: _typed(c) for row in sheet.rows for c in row if _typed(c)[1] is not None}
        for title, sheet in read.sheets.items()
        if sheet is not None
    }


def _assert_as_openpyxl(path: Path, monkeypatch) -> None:
    own = _typed_outcome(path)
    with monkeypatch.context() as patched:
        patched.setattr(cells, "_fast_sheets", lambda data, wanted, own_texts=True: None)
        theirs = _typed_outcome(path)
    assert own == theirs


DATE_ROW = '<row r="1"><c r="A1" s="2"><v>45000</v></c><c r="B1" s="1"><v>0.5</v></c></row>'
CT_SST = f'<Override PartName="/xl/sharedStrings.xml" ContentType="{CT}.sharedStrings+xml"/>'
SECOND_OUTSIDER = {
    # A relative target with xl/ in front is xl/xl/...: openpyxl reads that part.
    "a target from xl/": dict(
        rows='<row r="1"><c r="A1" t="inlineStr"><is><t>rigtig</t></is></c></row>',
        edits=[("xl/_rels/workbook.xml.rels", b'Target="worksheets/', b'Target="xl/worksheets/')],
        extra={
            "xl/xl/worksheets/sheet1.xml": f'<worksheet {NS}><sheetData><row r="1"><c r="A1" '
            't="inlineStr"><is><t>FALSK</t></is></c></row></sheetData></worksheet>'.encode()
        },
    ),
    "a sheet outside the package": dict(
        rows='<row r="1"><c r="A1"><v>1</v></c></row>',
        edits=[
            ("xl/_rels/workbook.xml.rels", b'/worksheet" ', b'/worksheet" TargetMode="External" ')
        ],
    ),
    # openpyxl's Bool: anything but false, f, 0 (and nothing) is true.
    "date1904 True": dict(rows=DATE_ROW, workbook_pr='<workbookPr date1904="True"/>'),
    "date1904 on": dict(rows=DATE_ROW, workbook_pr='<workbookPr date1904="on"/>'),
    "date1904 false": dict(rows=DATE_ROW, workbook_pr='<workbookPr date1904="false"/>'),
    # Number formats as openpyxl reads their ids and codes.
    "a format id with a space": dict(
        rows=DATE_ROW, edits=[("xl/styles.xml", b'<xf numFmtId="164"', b'<xf numFmtId=" 9"')]
    ),
    "an empty format code": dict(
        rows='<row r="1"><c r="A1" s="3"><v>0.5</v></c></row>',
        edits=[
            (
                "xl/styles.xml",
                b'formatCode="0.0%"/>',
                b'formatCode="0.0%"/><numFmt numFmtId="9" formatCode=""/>',
            ),
            ("xl/styles.xml", b'<xf numFmtId="2"', b'<xf numFmtId="9"'),
        ],
    ),
    "a line break in a format code": dict(
        rows=DATE_ROW, edits=[("xl/styles.xml", b'formatCode="0.0%"', b'formatCode="0.0\n%"')]
    ),
    "a format id that is no number": dict(
        rows=DATE_ROW, edits=[("xl/styles.xml", b'<xf numFmtId="164"', b'<xf numFmtId="9.0"')]
    ),
    # Values and formulas.
    "an error written with a reference": dict(
        rows='<row r="1"><c r="A1" t="e"><v>&#35;DIV/0!</v></c></row>'
    ),
    "an array formula in single quotes": dict(
        rows="<row r=\"1\"><c r=\"A1\"><f t='array' ref='A1'>1</f></c></row>"
    ),
    "a t that is another attribute's": dict(
        rows='<row r="1"><c r="A1"><f x-t="array">1</f></c></row>'
    ),
    "a truth value of true": dict(rows='<row r="1"><c r="A1" t="b"><v>true</v></c></row>'),
    "x005F_ in a shared string": dict(
        rows='<row r="1"><c r="A1" t="s"><v>0</v></c></row>', shared=["<t>abcx005F_def</t>"]
    ),
    # XML openpyxl refuses, or reads its own way.
    "a namespace undeclared in the cells": dict(
        rows='<row r="1"><c r="A1"><v>5</v></c></row>',
        edits=[("xl/worksheets/sheet1.xml", b"<sheetData>", b'<sheetData xmlns="">')],
    ),
    "a control character in a formula": dict(
        rows='<row r="1"><c r="A1"><f>1\x01</f><v>1</v></c></row>'
    ),
    "a reference to no character": dict(rows='<row r="1"><c r="A1"><f>1&#1;</f><v>1</v></c></row>'),
    "a cell not in its row": dict(rows='<row r="1"><c r="A2"><v>5</v></c></row>'),
    # The content types name the parts openpyxl reads.
    "shared strings named elsewhere": dict(
        rows='<row r="1"><c r="A1" t="s"><v>0</v></c></row>',
        shared=["<t>hej</t>"],
        edits=[("[Content_Types].xml", b"/xl/sharedStrings.xml", b"/xl/sst2.xml")],
        extra={
            "xl/sst2.xml": f"<sst {NS}><si><t>ANDET</t></si></sst>".encode(),
        },
    ),
    "shared strings not named": dict(
        rows='<row r="1"><c r="A1" t="s"><v>0</v></c></row>',
        shared=["<t>hej</t>"],
        edits=[("[Content_Types].xml", CT_SST.encode(), b"")],
    ),
}


@pytest.mark.parametrize("case", SECOND_OUTSIDER.values(), ids=SECOND_OUTSIDER.keys())
def test_second_outsiders_files_read_as_openpyxl_reads_them(tmp_path, monkeypatch, case):
    path = _xlsx(
        tmp_path / "f.xlsx",
        {"Ark": case["rows"]},
        shared=case.get("shared"),
        workbook_pr=case.get("workbook_pr", ""),
        extra=case.get("extra"),
    )
    for member, old, new in case.get("edits", []):
        _replace(path, member, old, new)
    _assert_as_openpyxl(path, monkeypatch)


def test_cells_inside_a_tag_are_no_cells(tmp_path):
    """<x a="<sheetData>...</sheetData>"/>: the part is no XML; what is left with the
    cells cut out is. Never read as a sheet with 'hej' in it."""
    path = _xlsx(tmp_path / "trick.xlsx", {"Ark": ""})
    sheet = (
        f'<?xml version="1.0" encoding="UTF-8"?><worksheet {NS}><x a="<sheetData><row r="1">'
        '<c r="A1" t="inlineStr"><is><t>hej</t></is></c></row></sheetData>"/></worksheet>'
    )
    _rewrite(path, "xl/worksheets/sheet1.xml", sheet.encode())
    assert "hej" not in str(_typed_outcome(path))


@pytest.mark.parametrize(
    "edit",
    [
        ("xl/workbook.xml", b' r:id="rId1"/>', b' r:id="rId1"' + b" " * 80_000 + b"/>"),
        (
            "xl/styles.xml",
            b'<xf numFmtId="0" xfId="0"/>',
            b'<xf numFmtId="0" xfId="0"' + b" " * 80_000 + b"/>",
        ),
        ("xl/workbook.xml", b"</sheets>", b"</sheets>" + b"<sheets>" * 20_000),
    ],
    ids=["spaces in a sheet's tag", "spaces in a style's tag", "many sections started"],
)
def test_a_small_file_of_many_spaces_or_starts_is_read_at_once(tmp_path, edit):
    """A few KB packed (each took from 13 s to, by the curve, an hour: a search from
    every space, or every start, to the end). Read, or left to openpyxl, in well under
    a second here; the limit is generous for a loaded machine."""
    path = _xlsx(tmp_path / "mange.xlsx", {"Ark": '<row r="1"><c r="A1"><v>1</v></c></row>'})
    member, old, new = edit
    _replace(path, member, old, new)
    started = time.perf_counter()
    cells._fast_sheets(path.read_bytes(), set())
    assert time.perf_counter() - started < 3
