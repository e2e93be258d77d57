"""Templates from other offices: sandboxed, strict, and their errors named."""

from __future__ import annotations

from pathlib import Path

import pytest
from docx import Document

from dagsorden.dokumenter.render import Skabelon
from dagsorden.errors import TemplateError

ROOT = Path(__file__).resolve().parents[1]


def template_with(tmp_path: Path, *fields: str) -> Skabelon:
    document = Document()
    for text in fields:
        document.add_paragraph(text)
    path = tmp_path / "fremmed.docx"
    document.save(path)
    return Skabelon.load(path)


def render(skabelon: Skabelon, context: dict) -> Document:
    document = skabelon.new_document()
    skabelon.render(document, context)
    return document


class Victim:
    """A value with a method a hostile template would like to call."""

    def __init__(self, target: Path) -> None:
        self.target = target
        self.titel = "Titel"

    def slet(self) -> str:
        self.target.unlink()
        return "slettet"


@pytest.mark.parametrize(
    "field",
    [
        "{{ sag.__class__ }}",
        "{{ sag.__class__.__mro__ }}",
        "{{ sag.slet() }}",
        "{{ sag.target.unlink() }}",
        "{{ ''.__class__.__subclasses__() }}",
        "{{ cycler.__init__.__globals__ }}",
    ],
)
def test_a_template_cannot_reach_for_code(tmp_path, field):
    precious = tmp_path / "sag.md"
    precious.write_text("indhold", encoding="utf-8")
    skabelon = template_with(tmp_path, field)
    with pytest.raises(TemplateError) as caught:
        render(skabelon, {"sag": Victim(precious)})
    assert str(caught.value).startswith(f"{tmp_path / 'fremmed.docx'}: ")
    assert precious.read_text(encoding="utf-8") == "indhold"


def test_filters_still_work_in_the_sandbox(tmp_path):
    skabelon = template_with(tmp_path, "{{ navne|og }} · {{ beloeb|mio_kr }} · {{ navne|length }}")
    document = render(skabelon, {"navne": ["A", "B", "C"], "beloeb": 690_000})
    assert document.paragraphs[0].text == "A, B og C · 0,69 mio. kr. · 3"


def test_syntax_error_names_the_template_and_shows_the_text_around(tmp_path):
    skabelon = template_with(tmp_path, "Før feltet", "{{ sag.titel ", "Efter feltet")
    with pytest.raises(TemplateError) as caught:
        render(skabelon, {"sag": {"titel": "x"}})
    message = str(caught.value)
    assert message.startswith(f"{tmp_path / 'fremmed.docx'}: skabelonen har et ugyldigt felt")
    assert "nær:" in message and "sag.titel" in message


def test_unknown_variable_is_named(tmp_path):
    skabelon = template_with(tmp_path, "{{ ukendt }}")
    with pytest.raises(TemplateError) as caught:
        render(skabelon, {})
    assert caught.value.variabel == "ukendt"


def test_values_are_text_never_markup(tmp_path):
    skabelon = template_with(tmp_path, "{{ tekst }}")
    hostile = "</w:t></w:r><w:r><w:t>indsprøjtet & {{ x }} <b>"
    document = render(skabelon, {"tekst": hostile})
    assert document.paragraphs[0].text == hostile


def test_a_projects_own_template_overrides_the_bundled(tmp_path, monkeypatch):
    """The project's templates folder (found from the input upwards) has its own
    oekonomi.docx; the others are bundled. The working folder is never looked in."""
    own = tmp_path / "templates"
    own.mkdir()
    document = Document()
    document.add_paragraph("Egen skabelon: {{ titel }}")
    document.save(own / "oekonomi.docx")
    monkeypatch.chdir(tmp_path)
    assert Skabelon.standard("oekonomi", own).path == own / "oekonomi.docx"
    assert Skabelon.standard("indstilling", own).path == ROOT / "templates" / "indstilling.docx"
    assert Skabelon.standard("oekonomi").path == ROOT / "templates" / "oekonomi.docx"


def test_not_a_word_file(tmp_path):
    path = tmp_path / "skabelon.docx"
    path.write_text("ikke en zip", encoding="utf-8")
    with pytest.raises(TemplateError, match="skabelonen er ikke et Word-dokument"):
        Skabelon.load(path)
