"""normalise_zip: the same content gives the same bytes, and a zip already written
that way (by the template writer) is not written a second time."""

from __future__ import annotations

import zipfile

import pytest

from dagsorden.output import normalise_zip

EPOCH = "1700000000"  # 2023-11-14 22:13:20 UTC


def _zip(path, *, date_time=(2001, 2, 3, 4, 5, 6), extra=b""):
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in (("[Content_Types].xml", b"<Types/>"), ("word/document.xml", b"<w/>")):
            info = zipfile.ZipInfo(name, date_time=date_time)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.extra = extra
            archive.writestr(info, data)


def _stamps(path):
    with zipfile.ZipFile(path) as archive:
        return {
            (i.date_time, i.create_system, i.external_attr, i.extra) for i in archive.infolist()
        }


def test_a_foreign_zip_is_stamped_and_a_normal_one_left_as_it_is(tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    path = tmp_path / "a.docx"
    _zip(path)
    normalise_zip(path)
    once = path.read_bytes()
    ((date_time, system, attributes, extra),) = _stamps(path)
    assert (system, attributes, extra) == (3, 0o644 << 16, b"")
    assert date_time[:3] == (2023, 11, 14)

    def no_second_write(*_args, **_kwargs):
        raise AssertionError("an already normal zip was written again")

    monkeypatch.setattr(zipfile.ZipFile, "writestr", no_second_write)
    normalise_zip(path)
    assert path.read_bytes() == once


@pytest.mark.parametrize("extra", [b"UT\x05\x00\x01\x00\x00\x00\x00"])
def test_a_member_with_anything_more_in_its_header_is_rewritten(tmp_path, monkeypatch, extra):
    """Same stamp, but an extra field (a timestamp another zip tool added): rewritten."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    reference, path = tmp_path / "ref.docx", tmp_path / "a.docx"
    _zip(reference)
    normalise_zip(reference)
    ((stamp, *_),) = _stamps(reference)
    _zip(path, date_time=stamp, extra=extra)
    normalise_zip(path)
    assert path.read_bytes() == reference.read_bytes()


def test_an_odd_second_is_recognised_as_already_normal(tmp_path, monkeypatch):
    """A zip holds even seconds: at an odd SOURCE_DATE_EPOCH (or clock second) a
    normal zip once looked foreign and was written a second time."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000001")
    path = tmp_path / "a.docx"
    _zip(path)
    normalise_zip(path)
    once = path.read_bytes()

    def no_second_write(*_args, **_kwargs):
        raise AssertionError("an already normal zip was written again")

    monkeypatch.setattr(zipfile.ZipFile, "writestr", no_second_write)
    normalise_zip(path)
    assert path.read_bytes() == once


def test_write_normal_zip_gives_what_normalise_zip_gives(tmp_path, monkeypatch):
    """Writers that write the normal form at once (strip_metadata, samlet.docx, page
    numbers) give the bytes the second pass used to give."""
    from dagsorden.output import write_normal_zip

    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    foreign = tmp_path / "foreign.docx"
    with zipfile.ZipFile(foreign, "w") as archive:
        archive.writestr("[Content_Types].xml", b"<Types/>" * 50, zipfile.ZIP_DEFLATED)
        archive.writestr("word/media/image1.png", b"\x89PNG" * 10, zipfile.ZIP_STORED)
        archive.writestr("word/document.xml", "<w>å</w>".encode() * 99, zipfile.ZIP_DEFLATED)
    normalise_zip(foreign)
    direct = tmp_path / "direct.docx"
    write_normal_zip(
        direct,
        [
            ("[Content_Types].xml", b"<Types/>" * 50, False),
            ("word/media/image1.png", b"\x89PNG" * 10, True),
            ("word/document.xml", "<w>å</w>".encode() * 99, False),
        ],
    )
    assert direct.read_bytes() == foreign.read_bytes()
    normalise_zip(direct)  # already normal: left as it is
    assert direct.read_bytes() == foreign.read_bytes()


def test_a_stripped_copy_is_written_normal_in_one_pass(tmp_path, monkeypatch):
    from docx import Document

    from dagsorden.byg.persondata import strip_metadata

    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    path = tmp_path / "bilag.docx"
    document = Document()
    document.core_properties.author = "Anette"
    document.add_paragraph("Tekst")
    document.save(str(path))
    written = []
    monkeypatch.setattr("dagsorden.output.write_normal_zip", lambda *a: written.append(a))
    strip_metadata(path)
    once = path.read_bytes()
    assert written == []  # normalise_zip found it normal: no second pass
    normalise_zip(path)
    assert path.read_bytes() == once
