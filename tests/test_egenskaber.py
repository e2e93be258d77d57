"""Document properties (issue 11, section 2): every written Word document has its own
title, language da-DK (in its core properties and as the default language of its
text), the author from dagsorden.toml or the document itself, and the date of the
build, or SOURCE_DATE_EPOCH's, so that a rebuild of unchanged inputs is byte for
byte the same."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import time
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from click.testing import CliRunner
from docx import Document
from lxml import etree

from dagsorden.cli import main
from dagsorden.dokumenter.render import Skabelon, bilagstitel, forfattere, punkttitel, set_language
from dagsorden.errors import ConfigError
from dagsorden.kilder.config import load_config

ROOT = Path(__file__).resolve().parent.parent
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
CORE = "http://schemas.openxmlformats.org/package/2006/metadata/core-properties"
EPOCH = "1416355200"  # 19.11.2014 00:00 UTC
DAG = dt.datetime(2014, 11, 19, tzinfo=dt.UTC)

COMMANDS = (
    ["byg", "cases/moede.yaml", "-o", "ud/byg", "--stille"],
    ["byg", "cases/moede.yaml", "-o", "ud/referat", "--stille", "--referat"],
    ["indstilling", "cases/forebyggelse", "-o", "ud/indstilling"],
    ["notat", "cases/notater/seksby.md", "-o", "ud/notat"],
    ["statusbilag", "workbooks/eksempler", "-o", "ud/status/statusbilag.docx"],
    ["oekonomi", "cases/forebyggelse/budget.xlsx", "-o", "ud/oekonomi/tabel.docx"],
)


@dataclass
class Bygget:
    project: Path

    @property
    def ud(self) -> Path:
        return self.project / "ud"

    def documents(self) -> list[Path]:
        return sorted(self.ud.rglob("*.docx"))


def _project(root: Path) -> Path:
    shutil.copytree(ROOT / "cases", root / "cases")
    shutil.copytree(ROOT / "workbooks", root / "workbooks")
    (root / "ud" / "oekonomi").mkdir(parents=True)
    return root


def _run_all(project: Path, patch: pytest.MonkeyPatch) -> None:
    patch.chdir(project)
    for command in COMMANDS:
        result = CliRunner().invoke(main, command)
        assert result.exit_code == 0, (command, result.output)


@pytest.fixture(scope="module")
def bygget(tmp_path_factory) -> Iterator[Bygget]:
    """Every document of the commands above, built with SOURCE_DATE_EPOCH set."""
    project = _project(tmp_path_factory.mktemp("egenskaber"))
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("SOURCE_DATE_EPOCH", EPOCH)
        _run_all(project, patch)
    yield Bygget(project)


def _core(path: Path) -> etree._Element:
    with zipfile.ZipFile(path) as archive:
        return etree.fromstring(archive.read("docProps/core.xml"))


def _default_language(path: Path) -> str | None:
    with zipfile.ZipFile(path) as archive:
        styles = etree.fromstring(archive.read("word/styles.xml"))
    lang = styles.find(f"{{{W}}}docDefaults/{{{W}}}rPrDefault/{{{W}}}rPr/{{{W}}}lang")
    return None if lang is None else lang.get(f"{{{W}}}val")


def _titles(bygget: Bygget) -> dict[str, str]:
    return {
        p.relative_to(bygget.ud).as_posix(): Document(str(p)).core_properties.title
        for p in bygget.documents()
    }


def test_every_document_has_its_own_title(bygget):
    titles = _titles(bygget)
    assert len(titles) > 30
    agenda = "Socialudvalget – dagsorden 19.11.2014"
    forebyggelse = "Deltagelse i Socialministeriets forebyggelsesprojekt"
    for sæt in ("medlemmer", "offentlig"):
        assert titles[f"byg/{sæt}/dagsorden.docx"] == agenda
        assert titles[f"byg/{sæt}/samlet.docx"] == agenda
        assert titles[f"byg/{sæt}/2-forebyggelse.docx"] == f"Punkt 2: {forebyggelse}"
        assert titles[f"byg/{sæt}/3-bif-sof-bilag-1.docx"] == (
            "Bilag 1 til punkt 3: Evaluering af BIF-SOF strategi og handleplan"
        )
        assert titles[f"byg/{sæt}/1-pejlemaerker-2014-bilag-1.docx"] == (
            "Bilag 1 til punkt 1: Status på pejlemærkerne"
        )
        assert titles[f"referat/{sæt}/referat.docx"] == "Socialudvalget – referat 19.11.2014"
        assert titles[f"referat/{sæt}/referat-samlet.docx"] == (
            "Socialudvalget – referat 19.11.2014"
        )
    assert titles["byg/medlemmer/4-lukket-klagesag.docx"].startswith("Punkt 4: ")
    assert "byg/offentlig/4-lukket-klagesag.docx" not in titles
    # Built alone: the case's own punkt number; the notat's, the appendix's, the table's title.
    assert titles["indstilling/3-forebyggelse.docx"] == f"Punkt 3: {forebyggelse}"
    assert titles["notat/seksby.docx"].startswith("Uddybende beskrivelse af det reviderede")
    assert titles["status/statusbilag.docx"].startswith("Status på pejlemærkerne")
    assert titles["oekonomi/tabel.docx"].strip()
    for name, title in titles.items():
        assert title.strip() and not title.startswith("Skabelon"), name


def test_every_document_is_danish(bygget):
    for path in bygget.documents():
        assert Document(str(path)).core_properties.language == "da-DK", path
        assert _default_language(path) == "da-DK", path


def test_every_document_has_the_date_of_the_build(bygget):
    """SOURCE_DATE_EPOCH in core.xml and on every zip member; no last print of the template."""
    for path in bygget.documents():
        properties = Document(str(path)).core_properties
        assert properties.created == properties.modified == DAG, path
        # Read as XML: python-docx reads cp: elements wrong once docxcompose is imported.
        assert [e.text for e in _core(path).iter(f"{{{CORE}}}revision")] == ["1"]
        assert _core(path).find(f"{{{CORE}}}lastPrinted") is None
        with zipfile.ZipFile(path) as archive:
            assert {info.date_time for info in archive.infolist()} == {(2014, 11, 19, 0, 0, 0)}
            assert archive.namelist()[0] == "[Content_Types].xml"


def test_authors(bygget):
    """Without dagsorden.toml: an indstilling's indstillere, a notat's forvaltning, the
    forvaltning behind every punkt for the agenda; the public copies have none."""
    authors = {
        p.relative_to(bygget.ud).as_posix(): Document(str(p)).core_properties.author
        for p in bygget.documents()
    }
    both = "Beskæftigelses- og Integrationsforvaltningen; Socialforvaltningen"
    assert authors["byg/medlemmer/dagsorden.docx"] == "Socialforvaltningen"
    assert authors["byg/medlemmer/samlet.docx"] == "Socialforvaltningen"
    assert authors["byg/medlemmer/2-forebyggelse.docx"] == "Socialforvaltningen"
    assert authors["byg/medlemmer/3-bif-sof.docx"] == both
    assert authors["byg/medlemmer/3-bif-sof-bilag-2.docx"] == both
    assert authors["byg/medlemmer/1-pejlemaerker-2014-bilag-1.docx"] == "Socialforvaltningen"
    assert authors["indstilling/3-forebyggelse.docx"] == "Socialforvaltningen"
    assert authors["notat/seksby.docx"] == "Socialforvaltningen"
    # Nothing to say who wrote them: empty, never the template's "dagsorden".
    assert authors["status/statusbilag.docx"] == ""
    assert authors["oekonomi/tabel.docx"] == ""
    for name, author in authors.items():
        if "/offentlig/" in name:
            assert author == "", name
        assert author != "python-docx"
    for path in bygget.documents():
        core = _core(path)
        last = core.find(f"{{{CORE}}}lastModifiedBy")
        assert last is None or not (last.text or "").strip(), path
        # docxcompose rebinds python-docx's "cp" prefix: nothing may land in its namespace.
        assert not [e for e in core if "custom-properties" in e.tag], path


def test_forfatter_from_dagsorden_toml(tmp_path, monkeypatch):
    project = _project(tmp_path)
    (project / "dagsorden.toml").write_text(
        '[dokument]\nforfatter = "Socialforvaltningen, Center for Udvikling"\n', "utf-8"
    )
    monkeypatch.chdir(project)
    for command in COMMANDS[:1] + COMMANDS[2:]:
        result = CliRunner().invoke(main, command)
        assert result.exit_code == 0, (command, result.output)
    written = sorted((project / "ud").rglob("*.docx"))
    assert len(written) > 15
    for path in written:
        author = Document(str(path)).core_properties.author
        expected = "" if "offentlig" in path.parts else "Socialforvaltningen, Center for Udvikling"
        assert author == expected, path


def test_rebuild_is_byte_identical(bygget, tmp_path, monkeypatch):
    """The same inputs, another folder, another time zone, a second later: the same bytes
    (also the build marker and samlet.docx, whose lists docxcompose renumbers)."""
    project = _project(tmp_path)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    monkeypatch.setenv("TZ", "America/New_York")
    time.tzset()
    try:
        time.sleep(1.1)
        _run_all(project, monkeypatch)
    finally:
        monkeypatch.undo()
        time.tzset()
    first = {p.relative_to(bygget.ud): p for p in bygget.ud.rglob("*") if p.is_file()}
    second = {p.relative_to(project / "ud"): p for p in (project / "ud").rglob("*") if p.is_file()}
    assert first.keys() == second.keys()
    assert len(first) > 40
    different = [name for name in first if first[name].read_bytes() != second[name].read_bytes()]
    assert different == []


def test_without_source_date_epoch_the_date_is_today(tmp_path, monkeypatch):
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    project = _project(tmp_path)
    monkeypatch.chdir(project)
    result = CliRunner().invoke(main, ["indstilling", "cases/forebyggelse", "-o", "ud"])
    assert result.exit_code == 0, result.output
    created = Document(str(project / "ud" / "3-forebyggelse.docx")).core_properties.created
    assert abs(dt.datetime.now(dt.UTC) - created) < dt.timedelta(minutes=5)


@pytest.mark.parametrize("value", ["", "  "])
def test_empty_source_date_epoch_is_unset(tmp_path, monkeypatch, value):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", value)
    project = _project(tmp_path)
    monkeypatch.chdir(project)
    result = CliRunner().invoke(main, ["notat", "cases/notater/seksby.md", "-o", "ud"])
    assert result.exit_code == 0, result.output
    created = Document(str(project / "ud" / "seksby.docx")).core_properties.created
    assert created.date() >= dt.date.today() - dt.timedelta(days=1)


@pytest.mark.parametrize("value", ["i går", "-1", "1.5e9", "1416355200s", "9" * 30, "١٢٣"])
@pytest.mark.parametrize("command", [COMMANDS[0], COMMANDS[2], COMMANDS[3], COMMANDS[5]])
def test_invalid_source_date_epoch_is_a_danish_error(tmp_path, monkeypatch, value, command):
    """A build asked to be reproducible never falls back to today quietly: one Danish
    message naming the variable, exit code 1, no traceback, nothing written."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", value)
    project = _project(tmp_path)
    monkeypatch.chdir(project)
    result = CliRunner().invoke(main, command)
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output
    assert result.output.count("SOURCE_DATE_EPOCH") == 1, result.output
    assert "sekunder siden 1. januar 1970" in result.output
    assert not list((project / "ud").rglob("*.docx"))


def test_dokument_forfatter_read(tmp_path):
    (tmp_path / "dagsorden.toml").write_text(
        '[dokument]\nforfatter = "  Socialforvaltningen "\n', encoding="utf-8"
    )
    assert load_config(tmp_path).forfatter == "Socialforvaltningen"
    assert load_config(tmp_path / "ingen").forfatter == ""


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('[dokument]\nforfater = "X"\n', "ukendt nøgle dokument.forfater"),
        ('[dokument]\nforfatter = "X"\nsprog = "en"\n', "ukendt nøgle dokument.sprog"),
        ("[dokument]\nforfatter = 3\n", "dokument.forfatter skal være en tekst"),
        ('[dokument]\nforfatter = "A\\u0007B"\n', "tegn, Word ikke kan gemme"),
        (f'[dokument]\nforfatter = "{"x" * 201}"\n', "højst 200"),
        ('dokument = "X"\n', "dokument skal være et afsnit"),
    ],
)
def test_dokument_section_errors(tmp_path, text, message):
    (tmp_path / "dagsorden.toml").write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError, match=message):
        load_config(tmp_path)


def test_a_users_template_without_danish_gets_it(tmp_path):
    """A template from another office may say en-US, or nothing, for its text."""
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls

    bare = parse_xml(f"<w:styles {nsdecls('w')}><w:style w:styleId='Normal'/></w:styles>")
    set_language(bare)
    assert bare[0].tag == f"{{{W}}}docDefaults"
    english = parse_xml(
        f"<w:styles {nsdecls('w')}><w:docDefaults><w:rPrDefault><w:rPr><w:sz w:val='22'/>"
        "<w:lang w:val='en-US' w:eastAsia='ja-JP'/><w:eastAsianLayout/></w:rPr>"
        "</w:rPrDefault></w:docDefaults></w:styles>"
    )
    set_language(english)
    lang = english.find(f".//{{{W}}}lang")
    assert lang.get(f"{{{W}}}val") == "da-DK" and lang.get(f"{{{W}}}eastAsia") == "ja-JP"
    no_lang = parse_xml(
        f"<w:styles {nsdecls('w')}><w:docDefaults><w:rPrDefault><w:rPr><w:sz w:val='22'/>"
        "<w:eastAsianLayout/></w:rPr></w:rPrDefault></w:docDefaults></w:styles>"
    )
    set_language(no_lang)
    r_pr = no_lang.find(f".//{{{W}}}rPr")
    assert [etree.QName(c).localname for c in r_pr] == ["sz", "lang", "eastAsianLayout"]


def test_title_and_author_helpers():
    assert punkttitel(2, "Deltagelse i X") == "Punkt 2: Deltagelse i X"
    assert punkttitel(0, "Deltagelse i X") == "Deltagelse i X"
    assert bilagstitel(1, 3, "Evaluering") == "Bilag 1 til punkt 3: Evaluering"
    assert forfattere(["A", "B"]) == "A; B"
    assert forfattere(["A", "B"], ["B", "A"], ["B"]) == "B"
    assert forfattere(["A"], ["C"]) == ""
    assert forfattere([], [" A  "]) == "A"
    assert forfattere() == ""


def test_properties_are_one_line(tmp_path):
    skabelon = Skabelon.standard("notat").med_egenskaber(forfatter="Social-\nforvaltningen\x00")
    document = skabelon.new_document()
    context = {
        "til": ["Socialudvalget"], "dato": dt.date(2014, 11, 19), "titel": "T", "bilagsnr": None,
        "sagsnr": "", "dokumentnr": "", "sagsbehandler": "", "afsender": None, "indhold": "",
    }  # fmt: skip
    target = skabelon.write(document, context, tmp_path / "n.docx", titel="To\nlinjer\t ")
    properties = Document(str(target)).core_properties
    assert properties.title == "To linjer"
    assert properties.author == "Social- forvaltningen"


def test_source_date_epoch_before_1980_fits_a_zip(tmp_path, monkeypatch):
    """Zip can't hold dates before 1980: the members get 1980-01-01, core.xml the real one."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "0")
    project = _project(tmp_path)
    monkeypatch.chdir(project)
    result = CliRunner().invoke(main, ["notat", "cases/notater/seksby.md", "-o", "ud"])
    assert result.exit_code == 0, result.output
    path = project / "ud" / "seksby.docx"
    assert Document(str(path)).core_properties.created == dt.datetime(1970, 1, 1, tzinfo=dt.UTC)
    with zipfile.ZipFile(path) as archive:
        assert {i.date_time for i in archive.infolist()} == {(1980, 1, 1, 0, 0, 0)}
    assert os.environ["SOURCE_DATE_EPOCH"] == "0"


@pytest.mark.libreoffice
def test_a_pdf_rebuild_is_byte_identical(tmp_path, monkeypatch):
    """LibreOffice stamps each conversion with its own time and random ids; the packet
    takes the documents' date instead, so `byg --pdf` twice gives the same samlet.pdf."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    builds = []
    for name in ("a", "b"):
        project = _project(tmp_path / name)
        monkeypatch.chdir(project)
        result = CliRunner().invoke(main, ["byg", "--pdf", "--stille", "-o", "pakke"])
        assert result.exit_code == 0, result.output
        builds.append(project / "pakke")
    for kind in ("medlemmer", "offentlig"):
        first, second = (b / kind / "samlet.pdf" for b in builds)
        assert first.read_bytes() == second.read_bytes(), kind
