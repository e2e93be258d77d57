"""A template read once renders documents byte for byte as docxtpl's own way would.

`Skabelon` reads its template into python-docx once, compiles its Jinja once, makes
sub-documents without parsing python-docx's default document and writes the zip in one
go. None of that may show in a document: each is compared here with what docxtpl does
reading the template anew (DocxTemplate(path), Subdoc, render, save, normalise_zip).
"""

from __future__ import annotations

import datetime as dt
import pickle
import shutil
import struct
import zipfile
import zlib
from pathlib import Path
from typing import Any

import pytest
from docx.shared import Cm
from docxtpl import DocxTemplate

from dagsorden.dokumenter.docx_body import BodyWriter
from dagsorden.dokumenter.render import (
    Skabelon,
    Underdokument,
    jinja_environment,
    set_properties,
)
from dagsorden.kerne.blocks import (
    BulletList,
    Heading,
    ListItem,
    NumberedList,
    Paragraph,
    Run,
    Table,
)
from dagsorden.output import normalise_zip, write_atomically

BLOCKS = (
    Paragraph((Run("Første afsnit med "), Run("fed", fed=True), Run(" og et "),
               Run("link", link="https://www.kk.dk/"), Run("."))),
    Heading((Run("Proces"),), 3),
    BulletList((ListItem((Run("et punkt"),)), ListItem((Run("et underpunkt"),), 1))),
    NumberedList((ListItem((Run("tre"),)), ListItem((Run("fire"),))), start=3),
    Table(((Run("Post"),), (Run("2024"),)),
          (((Run("Udgifter\tmed tab"),), (Run("1.234,5"),)), ((Run("I alt"),), (Run("-690"),)))),
    Paragraph((Run("To linjer\nher"),)),
)  # fmt: skip


def png() -> bytes:
    """A 2x1 pixel PNG, enough for python-docx to read its size."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", 2, 1, 8, 2, 0, 0, 0)
    pixels = zlib.compress(b"\x00\xff\x00\x00\x00\x00\xff")
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")
    )


def fill(document: Any, picture: bool) -> dict[str, Any]:
    """The notat template's context, its body made through sub-documents."""
    import io

    indhold = document.new_subdoc()
    indhold.add_heading("Baggrund", 2)
    BodyWriter(indhold).add_blocks(BLOCKS)
    if picture:
        indhold.add_paragraph().add_run().add_picture(io.BytesIO(png()), width=Cm(2))
    return {
        "til": ["Socialudvalget"], "dato": dt.date(2014, 11, 19), "bilagsnr": 2,
        "titel": "Et notat & <mere>",
        "sagsnr": "2014-1", "dokumentnr": "", "sagsbehandler": "", "afsender": None,
        "indhold": indhold,
    }  # fmt: skip


def docxtpl_way(skabelon: Skabelon, target: Path, picture: bool) -> bytes:
    """What the documents were before: docxtpl reading the template for the document."""
    document = DocxTemplate(skabelon.path)
    context = fill(document, picture)
    document.render(context, jinja_env=jinja_environment(), autoescape=True)
    set_properties(document, titel="Titel", forfatter="Forfatter")
    write_atomically(target, document.save, overwrite=True)
    return target.read_bytes()


@pytest.fixture(autouse=True)
def fixed_time(monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1416355200")


@pytest.mark.parametrize("picture", [False, True])
def test_a_document_is_what_docxtpl_makes_of_the_template(tmp_path, picture):
    skabelon = Skabelon.standard("notat")
    expected = docxtpl_way(skabelon, tmp_path / "docxtpl.docx", picture)
    for n in range(3):  # the first, and those made from what the first prepared
        document = skabelon.new_document()
        target = tmp_path / f"hurtig-{n}.docx"
        skabelon.write(
            document, fill(document, picture), target, titel="Titel", forfatter="Forfatter"
        )
        assert target.read_bytes() == expected


def test_documents_share_nothing(tmp_path):
    """A restarted list, a hyperlink and a picture stay in their own document."""
    skabelon = Skabelon.standard("notat")
    document = skabelon.new_document()
    skabelon.write(document, fill(document, True), tmp_path / "a.docx", titel="A")
    context = {**fill(skabelon.new_document(), False), "indhold": ""}
    skabelon.write(skabelon.new_document(), context, tmp_path / "b.docx", titel="B")
    fresh = Skabelon.standard("notat")
    fresh.write(fresh.new_document(), context, tmp_path / "c.docx", titel="B")
    assert (tmp_path / "b.docx").read_bytes() == (tmp_path / "c.docx").read_bytes()
    with zipfile.ZipFile(tmp_path / "b.docx") as package:
        assert not any(name.startswith("word/media/") for name in package.namelist())
        assert b"hyperlink" not in package.read("word/_rels/document.xml.rels")


def test_the_zip_is_already_normalised(tmp_path):
    skabelon = Skabelon.standard("notat")
    document = skabelon.new_document()
    target = skabelon.write(document, fill(document, True), tmp_path / "n.docx", titel="T")
    copy = shutil.copy(target, tmp_path / "kopi.docx")
    normalise_zip(Path(copy))
    assert Path(copy).read_bytes() == target.read_bytes()
    with zipfile.ZipFile(target) as package:
        assert package.testzip() is None


def test_the_template_is_compiled_once(monkeypatch, tmp_path):
    skabelon = Skabelon.standard("notat")
    compiled: list[str] = []
    original = type(skabelon.env).from_string

    def counting(env, source, *args, **kwargs):
        compiled.append(source)
        return original(env, source, *args, **kwargs)

    monkeypatch.setattr(type(skabelon.env), "from_string", counting)
    for n in range(3):
        document = skabelon.new_document()
        skabelon.write(document, fill(document, False), tmp_path / f"{n}.docx", titel="T")
        if n == 0:
            first = len(compiled)
    assert first > 0
    assert len(compiled) == first
    copy = skabelon.med_egenskaber(titel="Andet")  # copies share what was prepared
    document = copy.new_document()
    copy.write(document, fill(document, False), tmp_path / "kopi.docx", titel="T")
    assert len(compiled) == first


def test_a_sub_document_is_docxtpls_subdoc(tmp_path):
    """The same calls give the same XML as docxtpl's Subdoc (python-docx's default
    document with the main part), the default table width included."""
    skabelon = Skabelon.standard("notat")
    ours = skabelon.new_document().new_subdoc()
    theirs = DocxTemplate(skabelon.path).new_subdoc()
    for subdoc in (ours, theirs):
        subdoc.add_paragraph("Tekst", style="Caption")
        subdoc.add_heading("Overskrift", 3)
        subdoc.add_table(rows=2, cols=3)
        BodyWriter(subdoc).add_blocks(BLOCKS[:3])
    assert isinstance(ours, Underdokument)
    assert ours._block_width == theirs._block_width
    assert str(ours) == str(theirs) == ours.__html__()


def test_a_template_travels_to_another_process(tmp_path):
    skabelon = Skabelon.standard("notat")
    document = skabelon.new_document()
    skabelon.write(document, fill(document, False), tmp_path / "a.docx", titel="T")
    again = pickle.loads(pickle.dumps(skabelon._forlaeg))
    assert again.data == skabelon._forlaeg.data
    skabelon._forlaeg = again
    document = skabelon.new_document()
    skabelon.write(document, fill(document, False), tmp_path / "b.docx", titel="T")
    assert (tmp_path / "a.docx").read_bytes() == (tmp_path / "b.docx").read_bytes()


def test_a_part_is_copied_when_a_document_changes_it(tmp_path):
    """Styles and numbering are the template's until a document touches them; what
    one document changes there reaches neither the next document nor the template."""
    from docx.enum.style import WD_STYLE_TYPE

    skabelon = Skabelon.standard("notat")
    before = skabelon.new_document()
    skabelon.write(before, fill(before, False), tmp_path / "foer.docx", titel="T")
    changed = skabelon.new_document()
    changed.styles.add_style("Egen stil", WD_STYLE_TYPE.PARAGRAPH)
    changed.styles["Normal"].font.size = Cm(2)
    numbering = changed.docx.part.numbering_part.element
    numbering.remove(numbering[-1])
    skabelon.write(changed, fill(changed, False), tmp_path / "aendret.docx", titel="T")
    with zipfile.ZipFile(tmp_path / "aendret.docx") as package:
        assert b"Egen stil" in package.read("word/styles.xml")
    after = skabelon.new_document()
    with pytest.raises(KeyError):
        after.styles["Egen stil"]
    skabelon.write(after, fill(after, False), tmp_path / "efter.docx", titel="T")
    assert (tmp_path / "efter.docx").read_bytes() == (tmp_path / "foer.docx").read_bytes()
