"""The `dagsorden` command through click's CliRunner: output, JSON, exit codes
(0 fine, 1 a problem in the input, 2 a usage error) and Danish help."""

from __future__ import annotations

import json
import re
from pathlib import Path

import click
import pytest
from click.testing import CliRunner
from openpyxl import load_workbook

from dagsorden.cli import main

EKSEMPLER = Path(__file__).resolve().parents[1] / "workbooks" / "eksempler"
KUN_BASELINE = "0 (kun baseline-målinger)"


class Runner(CliRunner):
    """CliRunner with the program named as the console script is."""

    def invoke(self, cli, args=None, **kwargs):
        kwargs.setdefault("prog_name", "dagsorden")
        return super().invoke(cli, args, **kwargs)


@pytest.fixture
def runner() -> CliRunner:
    return Runner()


@pytest.fixture
def workdir(tmp_path, monkeypatch) -> Path:
    """An empty working folder (no dagsorden.toml unless a test writes one)."""
    folder = tmp_path / "arbejde"
    folder.mkdir()
    monkeypatch.chdir(folder)
    return folder


def status_json(runner: CliRunner, *args: str) -> dict:
    result = runner.invoke(main, ["status", *args, "--json"])
    assert result.exit_code == 0, result.output
    assert result.stderr == ""
    return json.loads(result.stdout)


def by_nummer(data: dict) -> dict[int, dict]:
    return {p["nummer"]: p for p in data["pejlemaerker"]}


def scores(delmaal: list[dict]) -> dict[str, float | None]:
    """id -> score rounded to 2 decimals, sub-rows included."""
    found = {}
    for d in delmaal:
        found[d["id"]] = None if d["score"] is None else round(d["score"], 2)
        found.update(scores(d.get("underpunkter", [])))
    return found


# --- status on the bundled examples -------------------------------------------------


def test_status_json_of_the_examples(runner, workdir):
    data = status_json(runner, str(EKSEMPLER))
    pejlemaerker = by_nummer(data)
    assert sorted(pejlemaerker) == list(range(1, 10))
    assert [p["nummer"] for p in data["pejlemaerker"]] == list(range(1, 10))

    one = pejlemaerker[1]
    assert one["titel"] == "Flere udsatte københavnere har en bolig"
    assert one["samlet_tekst"] == "1,6"
    assert one["farve"] == "gul"
    assert isinstance(one["samlet"], float)
    assert one["samlet"] == pytest.approx(9.581 / 6, abs=1e-3)
    assert [d["id"] for d in one["delmaal"]] == ["A", "B", "C", "D", "E", "F"]
    assert scores(one["delmaal"]) == {
        "A": -1.10,
        "B": 4.00,
        "C": 3.75,
        "D": 0.0,
        "E": 0.0,
        "F": 2.93,
        "F1": 0.86,
        "F2": 5.00,
    }
    assert one["manglende_status"] == "nul"

    for nummer in (2, 3, 4, 7, 9):
        p = pejlemaerker[nummer]
        assert (p["samlet_tekst"], p["samlet"], p["farve"]) == (KUN_BASELINE, 0.0, None), nummer
    for nummer in (6, 8):
        p = pejlemaerker[nummer]
        assert (p["samlet_tekst"], p["samlet"], p["farve"]) == ("-", None, None), nummer

    five = pejlemaerker[5]
    assert (five["samlet_tekst"], five["farve"]) == ("-1,0", "rød")


def test_scores_are_floats_or_null(runner, workdir):
    data = status_json(runner, str(EKSEMPLER))
    for p in data["pejlemaerker"]:
        assert p["samlet"] is None or isinstance(p["samlet"], float)
        for d in p["delmaal"]:
            assert d["score"] is None or isinstance(d["score"], float)
    assert set(scores(by_nummer(data)[6]["delmaal"]).values()) == {None}


def test_manglende_status_udelad(runner, workdir):
    one = by_nummer(status_json(runner, str(EKSEMPLER), "--manglende-status", "udelad"))[1]
    assert one["samlet_tekst"] == "2,4"
    assert one["samlet"] == pytest.approx(9.581 / 4, abs=1e-3)
    assert one["manglende_status"] == "udelad"
    assert scores(one["delmaal"])["D"] is None
    assert scores(one["delmaal"])["E"] is None


def test_skala_0_10_shifts_texts_not_scores(runner, workdir):
    plain = by_nummer(status_json(runner, str(EKSEMPLER)))
    shifted_data = status_json(runner, str(EKSEMPLER), "--skala", "0..10")
    shifted = by_nummer(shifted_data)
    assert shifted_data["skala"] == "0..10"
    assert shifted[1]["samlet_tekst"] == "6,6"
    assert shifted[5]["samlet_tekst"] == "4,0"
    assert shifted[2]["samlet_tekst"] == "5 (kun baseline-målinger)"
    assert shifted[6]["samlet_tekst"] == "-"
    for nummer in range(1, 10):
        assert shifted[nummer]["samlet"] == plain[nummer]["samlet"]
        assert shifted[nummer]["farve"] == plain[nummer]["farve"]


def test_status_table(runner, workdir):
    result = runner.invoke(main, ["status", str(EKSEMPLER)])
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert "1,6" in out
    assert out.count(KUN_BASELINE) == 5
    assert "gul" in out and "rød" in out
    assert "Delmål uden status tæller som 0" in out


def test_status_of_one_file(runner, workdir):
    data = status_json(runner, str(EKSEMPLER / "pejlemaerke-3.xlsx"))
    assert [p["nummer"] for p in data["pejlemaerker"]] == [3]


def test_status_in_the_working_folder(runner, workdir):
    for name in ("pejlemaerke-1.xlsx", "pejlemaerke-6.xlsx"):
        (workdir / name).write_bytes((EKSEMPLER / name).read_bytes())
    data = status_json(runner)
    assert [p["samlet_tekst"] for p in data["pejlemaerker"]] == ["1,6", "-"]


def test_status_without_workbooks(runner, workdir):
    result = runner.invoke(main, ["status", str(workdir)])
    assert result.exit_code == 1
    assert "Ingen pejlemærke-arbejdsbøger" in result.stderr
    assert "dagsorden ny pejlemaerke" in result.stderr


def test_status_refuses_invalid_input(runner, workbook_factory, tmp_path):
    bad = workbook_factory(cells={"Delmål": {"D3": "ca. 800"}})
    result = runner.invoke(main, ["status", str(bad), "--json"])
    assert result.exit_code == 1
    assert result.stdout == ""
    assert f"{bad}, ark 'Delmål', celle D3: Status: 'ca. 800' er ikke et tal." in result.stderr


# --- dagsorden.toml -----------------------------------------------------------------


@pytest.fixture
def eksempler(workdir) -> Path:
    """The example workbooks in the working folder, where its dagsorden.toml applies."""
    import shutil

    return Path(shutil.copytree(EKSEMPLER, workdir / "workbooks"))


def test_toml_changes_thresholds(runner, workdir, eksempler):
    (workdir / "dagsorden.toml").write_text(
        "[farver]\nroed_under = -1.5\ngroen_fra = 1.5\n", encoding="utf-8"
    )
    data = status_json(runner, str(eksempler))
    assert data["taerskler"] == {"roed_under": -1.5, "groen_fra": 1.5}
    pejlemaerker = by_nummer(data)
    assert pejlemaerker[1]["farve"] == "grøn"  # 1,6 from 1,5
    assert pejlemaerker[5]["farve"] == "gul"  # -1,0 is no longer below the red line


def test_toml_changes_scale(runner, workdir, eksempler):
    (workdir / "dagsorden.toml").write_text('[status]\nskala = "0..10"\n', encoding="utf-8")
    assert by_nummer(status_json(runner, "workbooks"))[1]["samlet_tekst"] == "6,6"


def test_toml_is_found_from_the_workbooks_never_the_working_folder(runner, workdir, tmp_path):
    """The working folder's dagsorden.toml does not apply to workbooks elsewhere; one
    above the workbooks does, from any working folder."""
    (workdir / "dagsorden.toml").write_text("[farver]\ngroen_fra = 1.5\n", encoding="utf-8")
    assert by_nummer(status_json(runner, str(EKSEMPLER)))[1]["farve"] == "gul"
    import shutil

    andet = tmp_path / "andet-projekt"
    shutil.copytree(EKSEMPLER, andet / "workbooks" / "eksempler")
    (andet / "dagsorden.toml").write_text("[farver]\ngroen_fra = 1.5\n", encoding="utf-8")
    data = status_json(runner, str(andet / "workbooks" / "eksempler"))
    assert by_nummer(data)[1]["farve"] == "grøn"


@pytest.mark.parametrize(
    "text",
    ["[farver\n", "[farver]\ngroen_fraa = 4\n", '[farver]\ngroen_fra = "4,5"\n'],
    ids=["syntax", "unknown-key", "not-a-number"],
)
def test_bad_toml(runner, workdir, eksempler, text):
    (workdir / "dagsorden.toml").write_text(text, encoding="utf-8")
    result = runner.invoke(main, ["status", str(eksempler), "--json"])
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr.startswith("Fejl: ")
    assert str(Path.cwd() / "dagsorden.toml") in result.stderr
    assert "Traceback" not in result.output


# --- tjek ---------------------------------------------------------------------------


def test_tjek_examples(runner, workdir):
    result = runner.invoke(main, ["tjek", str(EKSEMPLER)])
    assert result.exit_code == 0, result.output
    assert result.stdout == "Ingen problemer i 9 arbejdsbøger.\n"
    assert result.stderr == ""


def test_tjek_one_file(runner, workdir):
    result = runner.invoke(main, ["tjek", str(EKSEMPLER / "pejlemaerke-1.xlsx")])
    assert result.exit_code == 0, result.output
    assert result.stdout == "Ingen problemer i 1 arbejdsbog.\n"


def test_tjek_lists_every_problem(runner, workbook_factory):
    bad = workbook_factory(
        cells={
            "Pejlemærke": {"B7": "måske"},
            "Delmål": {"D3": "ca. 800"},
            "Tekster": {"B8": "Kvalitetsløft af herberget"},
        }
    )
    result = runner.invoke(main, ["tjek", str(bad)])
    assert result.exit_code == 1
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert sorted(lines[:-1]) == sorted(
        [
            f"{bad}, ark 'Pejlemærke', celle B7: Manglende status: 'måske' er ikke et gyldigt "
            "valg. Skriv 'udelad', 'nul'.",
            f"{bad}, ark 'Delmål', celle D3: Status: 'ca. 800' er ikke et tal.",
            f"{bad}, ark 'Tekster', celle B8: Et budgetforslag skal begynde med sin kode og "
            "et kolon, fx 'Ø304: ...'.",
        ]
    )
    assert lines[-1] == "3 problemer fundet."


def test_tjek_folder_with_good_and_bad(runner, workbook_factory, tmp_path):
    from eksempeldata import PEJLEMAERKE_3

    workbook_factory(name="mappe/god.xlsx")
    bad = workbook_factory(PEJLEMAERKE_3, cells={"Delmål": {"F2": "stk"}}, name="mappe/dårlig.xlsx")
    result = runner.invoke(main, ["tjek", str(tmp_path / "mappe")])
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        f"{bad}, ark 'Delmål', celle F2: Enhed: 'stk' er ikke et gyldigt valg. "
        "Skriv 'antal', 'pct' eller tom.",
        "1 problem fundet.",
    ]


def test_tjek_not_an_xlsx(runner, tmp_path):
    path = tmp_path / "pejlemaerke.xls"
    path.write_bytes(b"\xd0\xcf\x11\xe0")
    result = runner.invoke(main, ["tjek", str(path)])
    assert result.exit_code == 1
    assert f"{path}: Filen er ikke en .xlsx-arbejdsbog." in result.stderr


def test_tjek_empty_folder(runner, workdir):
    result = runner.invoke(main, ["tjek"])
    assert result.exit_code == 1
    assert "Ingen mødefil (moede.yaml) eller arbejdsbøger (.xlsx) at tjekke." in result.stderr


# --- usage errors: exit 2 -----------------------------------------------------------


@pytest.mark.parametrize(
    "args",
    [
        ["status", "--ukendt"],
        ["--ukendt"],
        ["status", str(EKSEMPLER), "--skala", "1..10"],
        ["status", str(EKSEMPLER), "--manglende-status", "måske"],
        ["tjek", "findes/ikke.xlsx"],
        ["ny", "pejlemaerke"],
        ["ny", "pejlemaerke", "fil.xlsx", "--nummer", "0"],
        ["ny", "pejlemaerke", "fil.txt"],
        ["ukendt-kommando"],
    ],
)
def test_usage_errors_exit_2(runner, workdir, args):
    result = runner.invoke(main, args)
    assert result.exit_code == 2, result.output
    assert result.stderr.startswith("Brug: dagsorden")
    assert result.stdout == ""
    assert list(workdir.iterdir()) == []


@pytest.mark.parametrize(
    "args",
    [["status", "--ukendt"], ["ukendt-kommando"], ["status", "--skala", "1..10"]],
)
def test_usage_errors_in_danish(runner, workdir, args):
    """Issue 2: CLI help and messages in Danish, usage errors included."""
    result = runner.invoke(main, args)
    assert result.exit_code == 2
    for english in ("Error:", "Try '", "No such", "Invalid value", "is not one of"):
        assert english not in result.stderr


# --- ny -----------------------------------------------------------------------------


def test_ny_writes_a_workbook(runner, workdir):
    result = runner.invoke(
        main, ["ny", "pejlemaerke", "p.xlsx", "--nummer", "2", "--titel", "Flere har en bolig"]
    )
    assert result.exit_code == 0, result.output
    assert "p.xlsx" in result.stdout
    assert "dagsorden tjek p.xlsx" in result.stdout
    workbook = load_workbook(workdir / "p.xlsx", read_only=True)
    try:
        ws = workbook["Pejlemærke"]
        assert (ws["B1"].value, ws["B2"].value) == (2, "Flere har en bolig")
    finally:
        workbook.close()
    assert sorted(p.name for p in workdir.iterdir()) == ["p.xlsx"]


def test_ny_refuses_to_overwrite(runner, workdir):
    assert runner.invoke(main, ["ny", "pejlemaerke", "p.xlsx"]).exit_code == 0
    before = (workdir / "p.xlsx").read_bytes()
    result = runner.invoke(main, ["ny", "pejlemaerke", "p.xlsx", "--nummer", "9"])
    assert result.exit_code == 1
    assert result.stdout == ""
    assert (
        result.stderr
        == "Fejl: p.xlsx: filen findes allerede. Vælg et andet navn, eller slet den.\n"
    )
    assert (workdir / "p.xlsx").read_bytes() == before
    assert sorted(p.name for p in workdir.iterdir()) == ["p.xlsx"]


def test_ny_into_missing_folder(runner, workdir):
    result = runner.invoke(main, ["ny", "pejlemaerke", "mangler/p.xlsx"])
    assert result.exit_code == 1
    assert "findes ikke" in result.stderr
    assert list(workdir.iterdir()) == []


def test_ny_fill_status_round_trip(runner, workdir):
    assert runner.invoke(main, ["ny", "pejlemaerke", "p.xlsx"]).exit_code == 0
    path = workdir / "p.xlsx"
    workbook = load_workbook(path)
    try:
        info = workbook["Pejlemærke"]
        info["B1"] = 7
        info["B2"] = "Flere københavnere har et job"
        info["B7"] = "nul"
        delmaal = workbook["Delmål"]
        rows = [
            # ID, Delmål, Baseline, Status, Mål, Enhed
            ("A", "Flere i job", 100, 120, 140, None),  # 2,5
            ("B", "Færre på kontanthjælp", "1.000", "900", "800", None),  # 2,5
            ("C", "Flere i uddannelse", 0.5, 0.6, 0.7, "pct"),  # 2,5 from 50%, 60%, 70%
            ("D", "Flere i praktik", "40", "-", "50", None),  # no status: 0 by rule nul
            ("E", "Flere i fleksjob", None, None, None, None),  # text only
            ("F", "Færre ledige", None, None, None, None),
            ("F1", "Unge", 10, 5, 0, None),  # 2,5
            ("F2", "Ældre", 10, 10, "<10", None),  # 0 at a '<' target
        ]
        for r, values in enumerate(rows, start=2):
            for c, value in enumerate(values, start=1):
                delmaal.cell(r, c, value)
        for c in ("C4", "D4", "E4"):
            delmaal[c].number_format = "0%"
        workbook["Tekster"]["A2"] = "Budgetforslag"
        workbook["Tekster"]["B2"] = "Ø402: Flere beskæftigelsestilbud"
        workbook.save(path)
    finally:
        workbook.close()

    check = runner.invoke(main, ["tjek", str(path)])
    assert check.exit_code == 0, check.output
    [p] = status_json(runner, str(path))["pejlemaerker"]
    assert (p["nummer"], p["titel"]) == (7, "Flere københavnere har et job")
    assert scores(p["delmaal"]) == {
        "A": 2.5,
        "B": 2.5,
        "C": 2.5,
        "D": 0.0,
        "E": None,
        "F": 1.25,
        "F1": 2.5,
        "F2": 0.0,
    }
    # (2,5 + 2,5 + 2,5 + 0 + 1,25) / 5: E has no figures and never counts
    assert p["samlet"] == pytest.approx(1.75)
    assert p["samlet_tekst"] == "1,8"
    assert p["farve"] == "gul"
    assert (p["delmaal_med_status"], p["delmaal_i_alt"]) == (4, 6)


# --- help ---------------------------------------------------------------------------


def _commands(group: click.Group, path: tuple[str, ...] = ()):
    """(path, command) of the group itself and every command and subcommand in it."""
    yield path, group
    ctx = click.Context(group)  # the `dagsorden` group loads its commands when asked
    for name in sorted(group.list_commands(ctx)):
        command = group.get_command(ctx, name)
        assert command is not None, name
        if isinstance(command, click.Group):
            yield from _commands(command, (*path, name))
        else:
            yield (*path, name), command


COMMANDS = [path for path, _ in _commands(main)]
LEAVES = [path for path, command in _commands(main) if not isinstance(command, click.Group)]


def test_every_command_is_found():
    assert sorted(LEAVES) == [
        ("byg",),
        ("indstilling",),
        ("notat",),
        ("ny", "budget"),
        ("ny", "moede"),
        ("ny", "notat"),
        ("ny", "pejlemaerke"),
        ("ny", "projekt"),
        ("ny", "sag"),
        ("oekonomi",),
        ("opgrader",),
        ("status",),
        ("statusbilag",),
        ("tjek",),
        ("vis",),
    ]
    assert ("ny",) in COMMANDS


@pytest.mark.parametrize("path", COMMANDS, ids=lambda p: " ".join(p) or "dagsorden")
@pytest.mark.parametrize("flag", ["--help", "-h"])
def test_danish_help_with_an_example(runner, path, flag):
    result = runner.invoke(main, [*path, flag])
    assert result.exit_code == 0, result.output
    text = result.stdout
    # "Eksempel:" or "Eksempler:", followed by a command line that uses this command
    assert re.search(r"^  Eksemp(el|ler):$", text, re.MULTILINE), text
    assert re.search(rf"^    dagsorden {' '.join(path)}\b", text, re.MULTILINE), text
    assert text.startswith("Brug: dagsorden")
    assert "Vis denne hjælp og afslut." in text
    assert "Tilvalg:" in text
    for english in ("Usage:", "Options:", "Commands:", "Show this message"):
        assert english not in text


def test_main_help_lists_every_command_with_an_example(runner):
    text = runner.invoke(main, ["--help"]).stdout
    assert "Kommandoer:" in text
    for name in main.list_commands(click.Context(main)):
        assert f"\n  {name} " in text, name
    for path in LEAVES:
        assert f"dagsorden {' '.join(path)} " in text, path


def test_version(runner):
    result = runner.invoke(main, ["--version"])
    assert result.exit_code == 0
    assert result.stdout.startswith("dagsorden ")


def test_help_imports_no_workbook_document_or_pdf_library():
    """`dagsorden --help` answers from click alone: the `ny budget --form` choices once
    pulled in the workbook writer, and openpyxl with it (0.6 s instead of 0.1 s)."""
    import subprocess
    import sys

    heavy = (
        "openpyxl",
        "docx",
        "docxtpl",
        "pikepdf",
        "matplotlib",
        "babel.numbers",
        "lxml",
        "python_calamine",
        "pypdfium2",
        # Nor the commands themselves or shutil: `--help` costs ≤ 1.1× `import click`.
        "dagsorden.cli.kommandoer",
        "dagsorden.errors",
        "shutil",
        "json",
        "locale",  # gettext's, at click's first text: clickdk keeps click's texts as written
    )
    code = (
        "import sys; from dagsorden.cli import main\n"
        "try:\n    main(['--help'], prog_name='dagsorden')\nexcept SystemExit:\n    pass\n"
        f"print(sorted(m for m in {heavy!r} if m in sys.modules))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=True,
        cwd=Path(__file__).resolve().parents[1],
    )
    assert result.stdout.strip().splitlines()[-1] == "[]"


def test_help_lists_the_commands_as_they_describe_themselves():
    """`dagsorden --help` lists the commands from hoved.KOMMANDOER without loading
    them: the names and first help lines there must be the commands' own, and the list
    must read exactly as click would print it from the loaded commands."""
    import click

    from dagsorden.cli.hoved import KOMMANDOER, main
    from dagsorden.cli.kommandoer import KOMMANDOER as indlaeste

    assert sorted(KOMMANDOER) == sorted(indlaeste)
    for name, command in indlaeste.items():
        assert KOMMANDOER[name] == (command.help or "").split("\n\n")[0].strip(), name
        assert not command.short_help and not command.hidden, name
    for width in (50, 60, 80, 100, 200):
        ctx = main.make_context("dagsorden", [], resilient_parsing=True)
        lazy, loaded = (ctx.make_formatter() for _ in range(2))
        lazy.width = loaded.width = width
        main.format_commands(ctx, lazy)
        click.Group.format_commands(main, ctx, loaded)
        assert lazy.getvalue() == loaded.getvalue(), width
        assert "Kommandoer:" in lazy.getvalue()


def test_unknown_command_is_refused_as_before_the_lazy_group():
    """A mistyped command is a usage error (exit 2) naming it, as before the lazy group."""
    from click.testing import CliRunner

    from dagsorden.cli import main

    result = CliRunner().invoke(main, ["statsu"])
    assert result.exit_code == 2
    assert "Ukendt kommando 'statsu'" in result.output
    for typo, meant in (("byh", "byg"), ("tjk", "tjek"), ("oekonmi", "oekonomi")):
        result = CliRunner().invoke(main, [typo])
        assert (result.exit_code, f"Mente du '{meant}'?") == (
            2,
            result.output.split(". ")[-1].strip(),
        )
