"""The build's checks run a file at a time while LibreOffice works (moede._Kontrol):
the lines must be those of checking the whole set at once, in the same order."""

from __future__ import annotations

from pathlib import Path

import pytest
from docx import Document

from dagsorden.byg import moede, tilgaengelighed
from dagsorden.byg.persondata import Offentlig, check_public_set, warnings_for_members
from dagsorden.errors import BuildError


def _docx(path: Path, text: str) -> Path:
    document = Document()
    document.core_properties.title = "Titel"
    document.core_properties.language = "da-DK"
    document.add_paragraph(text)
    document.save(str(path))
    return path


def _set(tmp_path: Path) -> list[Offentlig]:
    return [
        Offentlig(_docx(tmp_path / f"{n}.docx", text), f"offentlig/{n}.docx", f"sag{n}.md")
        for n, text in enumerate(["Intet her.", "CPR 010203-1234.", "Og 311299-4321 her."])
    ]


def test_a_file_at_a_time_gives_the_lines_of_all_at_once(tmp_path: Path) -> None:
    public = _set(tmp_path)
    at_once = check_public_set(public) + tilgaengelighed.check_public_set(public)
    assert len(at_once) >= 2
    kontrol = moede._Kontrol(public, [])
    assert kontrol.naeste() is True  # the first file is clear
    with pytest.raises(BuildError) as raised:
        kontrol.naeste()
    assert list(raised.value.problems) == at_once
    assert kontrol.public() == at_once  # nothing checked twice, nothing left out


def test_the_rest_is_checked_when_asked_for(tmp_path: Path) -> None:
    members = _set(tmp_path)
    kontrol = moede._Kontrol(members[:1], members)
    assert kontrol.naeste() and kontrol.naeste()  # the public file, one member's
    assert kontrol.public() == []
    assert kontrol.members() == warnings_for_members(members)
    assert kontrol.naeste() is False
