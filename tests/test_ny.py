"""Starting from nothing: `ny projekt|moede|sag|notat`, the settings and templates
found from the meeting file (or the input) upwards, and `tjek` on a meeting.

Every test runs the command as the secretary would and looks at what it did: the
files written and what they hold when read back, a build in the new project, the
folder listings before and after a refused or checking run.
"""

from __future__ import annotations

import os
import tomllib
from pathlib import Path

import pytest
from click.testing import CliRunner
from docx import Document

from dagsorden.cli import main
from dagsorden.dokumenter.render import TEMPLATES
from dagsorden.kerne.scoring import Config
from dagsorden.kilder.config import load_config
from dagsorden.kilder.moedefil import read_moede
from dagsorden.kilder.notat import read_notat
from dagsorden.kilder.pejlemaerke_workbook import read_pejlemaerke
from dagsorden.kilder.sag import PAAKRAEVEDE_NOEGLER, read_sag

SKABELONER = ("dagsorden", "indstilling", "notat", "oekonomi", "statusbilag")


def run(*args: str):
    return CliRunner().invoke(main, list(args), prog_name="dagsorden")


def listing(folder: Path) -> dict[str, bytes | None]:
    """Every file and folder under `folder` (hidden ones too), with file contents."""
    return {
        str(p.relative_to(folder)): (p.read_bytes() if p.is_file() else None)
        for p in sorted(folder.rglob("*"))
    }


@pytest.fixture
def projekt(tmp_path, monkeypatch) -> Path:
    monkeypatch.chdir(tmp_path)
    result = run("ny", "projekt", "socialudvalget", "--dato", "19.11.2025 kl. 16:00")
    assert result.exit_code == 0, result.output
    return tmp_path / "socialudvalget"


# --- ny projekt ----------------------------------------------------------------------


def test_a_new_project_has_every_part_and_each_reads(projekt):
    files = sorted(str(p.relative_to(projekt)) for p in projekt.rglob("*") if p.is_file())
    assert files == sorted(
        [
            "README.md",
            "dagsorden.toml",
            "cases/moede.yaml",
            "cases/boligindsats/sag.md",
            "cases/boligindsats/bilag/notat.md",
            "workbooks/pejlemaerke-1.xlsx",
            "templates/README.md",
            *(f"templates/{navn}.docx" for navn in SKABELONER),
        ]
    )
    # dagsorden.toml: every key at its default, so it reads as no file at all.
    toml = tomllib.loads((projekt / "dagsorden.toml").read_text("utf-8"))
    assert {"status", "farver", "dokument"} <= set(toml)
    config = load_config(projekt / "dagsorden.toml")
    assert config == Config(kilde=str(projekt / "dagsorden.toml"))
    moede = read_moede(projekt / "cases" / "moede.yaml")
    assert moede.udvalg == "Socialudvalget"
    assert str(moede.moededato) == "2025-11-19 16:00:00"
    assert [p.titel or p.sag.titel for p in moede.punkter] == [
        "Godkendelse af dagsorden",
        "Status på pejlemærket om boliger til udsatte københavnere",
        "Eventuelt",
    ]
    assert [b.titel for b in moede.punkter[1].bilag] == [
        "Notat om boligindsatsen",
        "Status på pejlemærkerne",
    ]
    pejlemaerke = read_pejlemaerke(projekt / "workbooks" / "pejlemaerke-1.xlsx")
    assert [d.id for d in pejlemaerke.delmaal] == ["A", "B", "C"]
    for navn in SKABELONER:  # copies, byte for byte, for the secretary to adapt
        kopi = (projekt / "templates" / f"{navn}.docx").read_bytes()
        assert kopi == (TEMPLATES / f"{navn}.docx").read_bytes()


def test_the_new_project_builds_and_says_what_it_used(projekt, monkeypatch):
    monkeypatch.chdir(projekt)
    result = run("byg", "--stille")
    assert result.exit_code == 0, result.output
    assert "Bruger indstillingerne i dagsorden.toml og skabelonerne i templates." in result.stdout
    written = sorted(p.name for p in (projekt / "ud" / "medlemmer").iterdir())
    assert written == [
        "2-boligindsats-bilag-1.docx",
        "2-boligindsats-bilag-2.docx",
        "2-boligindsats.docx",
        "dagsorden.docx",
        "samlet.docx",
    ]
    paper = [
        p.text for p in Document(projekt / "ud" / "medlemmer" / "2-boligindsats.docx").paragraphs
    ]
    assert "Status på pejlemærket om boliger til udsatte københavnere" in " ".join(paper)
    result = run("tjek")
    assert result.exit_code == 0, result.output
    assert result.stdout == (
        "Bruger indstillingerne i dagsorden.toml og skabelonerne i templates.\n"
        "Ingen problemer i mødet cases/moede.yaml: 3 punkter, 1 sag, 2 bilag.\n"
    )


def test_an_existing_folder_with_anything_in_it_is_refused_untouched(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    target = tmp_path / "moeder"
    target.mkdir()
    (target / ".noter.txt").write_text("mine noter", "utf-8")
    before = listing(tmp_path)
    result = run("ny", "projekt", "moeder")
    assert result.exit_code == 1
    assert "mappen findes allerede og er ikke tom" in result.stderr
    assert ".noter.txt" in result.stderr
    assert listing(tmp_path) == before  # nothing written, no hidden half-project beside it


def test_a_file_or_a_link_is_refused(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "fil").write_text("x", "utf-8")
    (tmp_path / "tom").mkdir()
    os.symlink(tmp_path / "tom", tmp_path / "link")
    before = listing(tmp_path)
    assert run("ny", "projekt", "fil").exit_code == 1
    assert run("ny", "projekt", "link").exit_code == 1
    assert listing(tmp_path) == before


def test_an_empty_folder_and_missing_parents_are_fine(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "tom").mkdir()
    assert run("ny", "projekt", "tom").exit_code == 0
    assert (tmp_path / "tom" / "cases" / "moede.yaml").is_file()
    assert run("ny", "projekt", "a/b/c").exit_code == 0
    assert (tmp_path / "a" / "b" / "c" / "dagsorden.toml").is_file()
    assert not [p for p in tmp_path.rglob(".*")]  # no staging folder left


def test_a_failing_project_leaves_nothing(tmp_path, monkeypatch):
    """A failure halfway (here: the workbook writer) removes the half-written folder."""
    from dagsorden.kilder import projekt as modul

    def broken(_path: Path, _p: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.chdir(tmp_path)
    from dagsorden.errors import OutputError
    from dagsorden.kilder.projekt import Dato

    with pytest.raises(OutputError):
        modul.write_projekt(
            tmp_path / "ny" / "projekt",
            TEMPLATES,
            udvalg="Socialudvalget",
            dato=Dato.fra_tekst("19.11.2025"),  # type: ignore[arg-type]
            skriv_arbejdsbog=broken,
        )
    assert list(tmp_path.iterdir()) == []


# --- where dagsorden.toml and templates/ come from -------------------------------------


def _forfatter(projekt: Path, navn: str) -> None:
    toml = projekt / "dagsorden.toml"
    toml.write_text(
        toml.read_text("utf-8").replace('forfatter = ""', f'forfatter = "{navn}"'), "utf-8"
    )


def test_found_from_the_meeting_file_in_a_subfolder_and_from_another_folder(
    projekt, tmp_path, monkeypatch
):
    _forfatter(projekt, "Projektets forvaltning")
    # Another working folder with its own settings and a broken template: never used.
    andet = tmp_path / "andet"
    (andet / "templates").mkdir(parents=True)
    (andet / "templates" / "dagsorden.docx").write_bytes(b"ikke Word")
    (andet / "dagsorden.toml").write_text('[dokument]\nforfatter = "Forkert"\n', "utf-8")
    for cwd, moedefil in (
        (projekt / "cases" / "boligindsats", "../moede.yaml"),
        (andet, str(projekt / "cases" / "moede.yaml")),
    ):
        monkeypatch.chdir(cwd)
        ud = tmp_path / f"ud-{cwd.name}"
        result = run("byg", moedefil, "-o", str(ud), "--stille")
        assert result.exit_code == 0, result.output
        assert f"indstillingerne i {projekt / 'dagsorden.toml'}" in result.stdout
        assert f"skabelonerne i {projekt / 'templates'}." in result.stdout
        paper = Document(ud / "medlemmer" / "2-boligindsats.docx")
        assert paper.core_properties.author == "Projektets forvaltning"


def test_the_projects_own_template_is_used_and_an_explicit_one_wins(projekt, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (projekt / "templates" / "indstilling.docx").write_bytes(b"ikke Word")
    sag = str(projekt / "cases" / "boligindsats")
    result = run("indstilling", sag, "-o", "papirer")
    assert result.exit_code == 1
    assert f"{projekt / 'templates' / 'indstilling.docx'}: skabelonen" in result.stderr
    assert not (tmp_path / "papirer").exists()
    result = run(
        "indstilling", sag, "-o", "papirer", "--skabelon", str(TEMPLATES / "indstilling.docx")
    )
    assert result.exit_code == 0, result.output
    assert (tmp_path / "papirer" / "2-boligindsats.docx").is_file()


def test_a_deleted_template_falls_back_to_the_bundled_and_byg_says_so(projekt, monkeypatch):
    (projekt / "templates" / "notat.docx").unlink()
    monkeypatch.chdir(projekt)
    result = run("byg", "--stille")
    assert result.exit_code == 0, result.output
    assert "skabelonerne i templates (de medfølgende til notat)." in result.stdout


def test_without_a_project_byg_says_it_used_the_defaults(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert run("ny", "moede", "moede.yaml", "--dato", "19.11.2025").exit_code == 0
    result = run("byg", "moede.yaml", "-o", "ud", "--stille")
    assert result.exit_code == 0, result.output
    assert (
        "Bruger standardindstillingerne (ingen dagsorden.toml fundet) og de medfølgende "
        "skabeloner." in result.stdout
    )


# --- ny moede, ny sag, ny notat --------------------------------------------------------


def test_ny_sag_takes_the_meeting_beside_it_and_builds_once_on_the_agenda(projekt, monkeypatch):
    monkeypatch.chdir(projekt)
    result = run("ny", "sag", "cases/ny-boligplan", "--titel", "Ny boligplan: 2026-2029")
    assert result.exit_code == 0, result.output
    assert "'- ny-boligplan' under 'punkter' i" in result.stdout
    text = (projekt / "cases" / "ny-boligplan" / "sag.md").read_text("utf-8")
    for key in PAAKRAEVEDE_NOEGLER:
        assert f"\n{key}:" in text
    sag = read_sag(projekt / "cases" / "ny-boligplan")
    assert sag.titel == "Ny boligplan: 2026-2029"
    assert sag.udvalg == ("Socialudvalget",)
    assert [s.titel for s in sag.afsnit] == [
        "Problemstilling",
        "Løsning",
        "Økonomi",
        "Videre proces",
    ]
    moede = projekt / "cases" / "moede.yaml"
    moede.write_text(
        moede.read_text("utf-8").replace(
            "  - titel: Eventuelt\n", "  - ny-boligplan\n  - titel: Eventuelt\n"
        ),
        "utf-8",
    )
    result = run("tjek", "cases/moede.yaml")
    assert result.exit_code == 0, result.output
    assert "4 punkter, 2 sager" in result.stdout
    assert run("ny", "sag", "cases/ny-boligplan").exit_code == 1  # never over a case


def test_ny_moede_builds_with_its_standing_items_alone(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = run("ny", "moede", "moede.yaml", "--udvalg", "Kultur- og Fritidsudvalget")
    assert result.exit_code == 0, result.output
    moede = read_moede(tmp_path / "moede.yaml")
    assert moede.udvalg == "Kultur- og Fritidsudvalget"
    assert [p.titel for p in moede.punkter] == ["Godkendelse af dagsorden", "Eventuelt"]
    assert run("tjek", "moede.yaml").exit_code == 0
    before = (tmp_path / "moede.yaml").read_bytes()
    result = run("ny", "moede", "moede.yaml")
    assert result.exit_code == 1
    assert "filen findes allerede" in result.stderr
    assert (tmp_path / "moede.yaml").read_bytes() == before


def test_ny_notat_writes_a_notat_that_becomes_a_word_document(projekt, monkeypatch):
    monkeypatch.chdir(projekt)
    fil = "cases/boligindsats/bilag/opfoelgning.md"
    result = run("ny", "notat", fil, "--dato", "07.11.2025")
    assert result.exit_code == 0, result.output
    notat = read_notat(projekt / fil)
    assert (notat.til, notat.titel, str(notat.dato)) == (
        ("Socialudvalget",),
        "Opfoelgning",
        "2025-11-07",
    )
    result = run("notat", fil, "-o", "notater")
    assert result.exit_code == 0, result.output
    assert (projekt / "notater" / "opfoelgning.docx").is_file()


def test_ny_notat_makes_the_bilag_folder_ny_sag_suggests(projekt, monkeypatch):
    """`ny sag` writes a sag.md pointing at bilag/notat.md; `ny notat` must be able to
    write it there, but never invents more than that one folder."""
    monkeypatch.chdir(projekt)
    assert run("ny", "sag", "cases/ny-sag").exit_code == 0
    result = run("ny", "notat", "cases/ny-sag/bilag/notat.md")
    assert result.exit_code == 0, result.output
    assert (projekt / "cases" / "ny-sag" / "bilag" / "notat.md").is_file()
    result = run("ny", "notat", "cases/findes-ikke/bilag/notat.md")
    assert result.exit_code != 0
    assert not (projekt / "cases" / "findes-ikke").exists()


@pytest.mark.parametrize(
    "args",
    [
        ("ny", "moede", "moede.txt"),
        ("ny", "notat", "notat.txt"),
        ("ny", "moede", "moede.yaml", "--dato", "i morgen"),
        ("ny", "projekt", "p", "--dato", "31.02.2025"),
    ],
)
def test_usage_errors_write_nothing(tmp_path, monkeypatch, args):
    monkeypatch.chdir(tmp_path)
    result = run(*args)
    assert result.exit_code == 2, result.output
    assert list(tmp_path.iterdir()) == []


# --- tjek on a meeting -----------------------------------------------------------------


def test_tjek_lists_every_problem_of_a_broken_meeting_and_writes_nothing(projekt, monkeypatch):
    sag = projekt / "cases" / "boligindsats" / "sag.md"
    sag.write_text(sag.read_text("utf-8").replace("titel: Status", "tittel: Status", 1), "utf-8")
    notat = projekt / "cases" / "boligindsats" / "bilag" / "notat.md"
    notat.write_text(notat.read_text("utf-8").replace("dato: ", "dato: 35-13-2025 #", 1), "utf-8")
    moede = projekt / "cases" / "moede.yaml"
    moede.write_text(
        moede.read_text("utf-8").replace(
            "  - titel: Eventuelt\n", "  - findes-ikke\n  - titel: Eventuelt\n"
        ),
        "utf-8",
    )
    monkeypatch.chdir(projekt / "cases")
    before = listing(projekt)
    result = run("tjek", "moede.yaml")
    assert result.exit_code == 1
    lines = result.stderr.splitlines()
    assert lines[-1] == f"{len(lines) - 1} problemer fundet."
    text = result.stderr
    assert "Ukendt nøgle 'tittel'" in text
    assert "findes-ikke" in text
    assert listing(projekt) == before


def test_tjek_finds_a_broken_bilag_notat_and_a_broken_workbook(projekt, monkeypatch):
    notat = projekt / "cases" / "boligindsats" / "bilag" / "notat.md"
    notat.write_text(notat.read_text("utf-8").replace("dato: ", "dato: 35-13-2025 #", 1), "utf-8")
    from openpyxl import load_workbook

    bog = projekt / "workbooks" / "pejlemaerke-1.xlsx"
    wb = load_workbook(bog)
    wb["Delmål"]["D2"] = "ca. 800"
    wb.save(bog)
    monkeypatch.chdir(projekt)
    before = listing(projekt)
    result = run("tjek", "cases/moede.yaml", "workbooks")
    assert result.exit_code == 1
    assert "notat.md" in result.stderr and "35-13-2025" in result.stderr
    assert "celle D2: Status: 'ca. 800' er ikke et tal." in result.stderr
    assert listing(projekt) == before


def test_tjek_a_folder_checks_its_meeting_file(projekt, monkeypatch):
    monkeypatch.chdir(projekt.parent)
    result = run("tjek", str(projekt / "cases"))
    assert result.exit_code == 0, result.output
    assert "Ingen problemer i mødet" in result.stdout


def test_the_working_folder_itself_is_refused(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = run("ny", "projekt", ".")
    assert result.exit_code == 1
    assert "kan ikke være den mappe, du står i" in result.stderr
    assert list(tmp_path.iterdir()) == []
