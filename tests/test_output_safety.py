"""Never delete or overwrite what the tool did not write (issue 9, section 1).

The build folder's marker, the agenda and the minutes side by side, files of other
commands left alone, and what a killed build leaves behind cleaned up by the next
one: stale staging folders, temporary files and LibreOffice processes.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner
from docx import Document
from test_bad_output import meeting

from dagsorden.byg import byggemappe
from dagsorden.cli import main
from dagsorden.errors import OutputError

ROOT = Path(__file__).resolve().parents[1]


def run(*args: str):
    return CliRunner().invoke(main, list(args), prog_name="dagsorden")


def byg(*args: str):
    return run("byg", "--stille", *args)


@pytest.fixture
def work(tmp_path, monkeypatch) -> Path:
    """A working folder with a one-case meeting in cases/, as the current folder."""
    meeting(tmp_path)
    monkeypatch.chdir(tmp_path)
    return tmp_path


@pytest.fixture
def bundled(tmp_path) -> Path:
    """A copy of the repository's cases/ and workbooks/ (the four-punkt meeting)."""
    shutil.copytree(ROOT / "cases", tmp_path / "cases")
    shutil.copytree(ROOT / "workbooks", tmp_path / "workbooks")
    return tmp_path


def first_paragraph(path: Path) -> str:
    return Document(path).paragraphs[0].text


# --- the marker -----------------------------------------------------------------------


def test_a_build_folder_carries_the_marker_listing_every_file(work):
    result = byg("-o", "ud")
    assert result.exit_code == 0, result.output
    marker = (work / "ud" / ".dagsorden-byg").read_text("utf-8")
    assert marker.startswith("Denne mappe er bygget af dagsorden")
    listed = byggemappe.read_marker(work / "ud")
    on_disk = sorted(
        p.relative_to(work / "ud").as_posix()
        for p in (work / "ud").rglob("*")
        if p.is_file() and p.name != ".dagsorden-byg"
    )
    assert listed == on_disk
    assert "medlemmer/dagsorden.docx" in listed and "offentlig/1-sag1.docx" in listed


def test_a_marked_build_folder_is_replaced(work):
    assert byg("-o", "ud").exit_code == 0
    (work / "ud" / "medlemmer" / "1-sag1.docx").write_bytes(b"gammel udgave")
    result = byg("-o", "ud")
    assert result.exit_code == 0, result.output
    assert (work / "ud" / "medlemmer" / "1-sag1.docx").read_bytes() != b"gammel udgave"
    assert [p.name for p in work.iterdir() if p.name.startswith(".ud-")] == []


def test_an_empty_existing_folder_is_used(work):
    (work / "ud").mkdir()
    result = byg("-o", "ud")
    assert result.exit_code == 0, result.output
    assert (work / "ud" / "offentlig" / "dagsorden.docx").is_file()


def test_os_junk_in_a_build_folder_does_not_block_the_next_build(work):
    assert byg("-o", "ud").exit_code == 0
    (work / "ud" / "medlemmer" / ".DS_Store").write_bytes(b"finder")
    (work / "ud" / "offentlig" / "Thumbs.db").write_bytes(b"explorer")
    result = byg("-o", "ud")
    assert result.exit_code == 0, result.output


def test_a_file_dropped_into_the_build_folder_survives(work):
    assert byg("-o", "ud").exit_code == 0
    (work / "ud" / "offentlig" / "noter.txt").write_text("mine noter", "utf-8")
    result = byg("-o", "ud")
    assert result.exit_code == 1
    assert "ikke har skrevet: offentlig/noter.txt" in result.output
    assert (work / "ud" / "offentlig" / "noter.txt").read_text("utf-8") == "mine noter"
    assert (work / "ud" / "offentlig" / "dagsorden.docx").is_file()  # the old build stays


def test_the_before_stop_hook_scenario(tmp_path):
    """A fresh folder holding noter.txt, built into with the installed command."""
    folder = tmp_path / "ud"
    folder.mkdir()
    (folder / "noter.txt").write_text("vigtigt", "utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "dagsorden", "byg", "--stille", "-o", str(folder)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 1, result.stderr
    assert "er ikke bygget af dagsorden" in result.stderr
    assert "Traceback" not in result.stderr
    assert [p.name for p in folder.iterdir()] == ["noter.txt"]
    assert (folder / "noter.txt").read_text("utf-8") == "vigtigt"


def test_build_folders_and_files_get_the_umask_permissions(work):
    old = os.umask(0o022)
    try:
        result = byg("-o", "ud")
    finally:
        os.umask(old)
    assert result.exit_code == 0, result.output
    ud = work / "ud"
    assert ud.stat().st_mode & 0o777 == 0o755
    for path in ud.rglob("*"):
        expected = 0o755 if path.is_dir() else 0o644
        assert path.stat().st_mode & 0o777 == expected, path


# --- refusing dangerous folders (library level) ---------------------------------------


def test_the_working_folder_is_refused_even_without_inputs_in_it(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    with pytest.raises(OutputError, match="den mappe, du står i, eller en mappe over den"):
        byggemappe.check_build_folder(Path("."))
    with pytest.raises(OutputError, match="den mappe, du står i"):
        byggemappe.check_build_folder(Path(".."))


def test_a_symlinked_build_folder_is_refused_even_if_ours(work):
    assert byg("-o", "ud").exit_code == 0
    (work / "genvej").symlink_to(work / "ud", target_is_directory=True)
    result = byg("-o", "genvej")
    assert result.exit_code == 1
    assert "byggemappen er et symbolsk link" in result.output
    assert (work / "ud" / "medlemmer" / "dagsorden.docx").is_file()


@pytest.mark.parametrize("target", ["cases", ".", "..", "cases/sag1", "cases/sag1/sag.md/.."])
def test_byg_never_deletes_a_case(work, target):
    before = sorted(p.relative_to(work) for p in (work / "cases").rglob("*"))
    result = byg("-o", target)
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output
    assert sorted(p.relative_to(work) for p in (work / "cases").rglob("*")) == before


# --- the agenda and the minutes side by side ------------------------------------------


def test_referat_is_written_beside_the_agenda(work):
    bundled = work
    assert byg().exit_code == 0
    agenda = {
        name: (bundled / "ud" / name / "samlet.docx").read_bytes()
        for name in ("medlemmer", "offentlig")
    }
    result = byg("--referat")
    assert result.exit_code == 0, result.output
    for name in ("medlemmer", "offentlig"):
        folder = bundled / "ud" / name
        assert first_paragraph(folder / "dagsorden.docx") == "Dagsorden"
        assert first_paragraph(folder / "referat.docx") == "Referat"
        assert (folder / "samlet.docx").read_bytes() == agenda[name]
        assert (folder / "referat-samlet.docx").is_file()
    # And a later agenda build keeps the minutes.
    result = byg()
    assert result.exit_code == 0, result.output
    assert first_paragraph(bundled / "ud" / "offentlig" / "referat.docx") == "Referat"
    assert first_paragraph(bundled / "ud" / "offentlig" / "dagsorden.docx") == "Dagsorden"
    listed = byggemappe.read_marker(bundled / "ud")
    assert "offentlig/referat-samlet.docx" in listed and "offentlig/samlet.docx" in listed


def test_the_papers_are_the_latest_builds(work):
    sag = work / "cases" / "sag1" / "sag.md"
    assert byg("-o", "ud").exit_code == 0
    sag.write_text(
        sag.read_text("utf-8").replace(
            "---\n\n## Problemstilling",
            "beslutning:\n  - tekst: Godkendt.\n---\n\n## Problemstilling",
        ),
        "utf-8",
    )
    assert byg("-o", "ud", "--referat").exit_code == 0
    paper = [p.text for p in Document(work / "ud" / "medlemmer" / "1-sag1.docx").paragraphs]
    assert "Godkendt." in " ".join(paper)


def _pretend_pdf_build(ud: Path) -> None:
    """As if the last build ran with --pdf: a samlet.pdf per set, on the list."""
    for name in ("medlemmer", "offentlig"):
        (ud / name / "samlet.pdf").write_bytes(b"%PDF-1.7 gammel")
    byggemappe.write_marker(ud, byggemappe.listed_files(ud))


def test_an_agenda_build_replaces_the_agendas_old_pdf(work):
    assert byg("-o", "ud").exit_code == 0
    _pretend_pdf_build(work / "ud")
    assert byg("-o", "ud").exit_code == 0
    assert not (work / "ud" / "offentlig" / "samlet.pdf").exists()


def test_a_referat_build_keeps_the_agendas_pdf(work):
    assert byg("-o", "ud").exit_code == 0
    _pretend_pdf_build(work / "ud")
    assert byg("-o", "ud", "--referat").exit_code == 0
    assert (work / "ud" / "offentlig" / "samlet.pdf").read_bytes() == b"%PDF-1.7 gammel"
    assert "offentlig/samlet.pdf" in byggemappe.read_marker(work / "ud")


def test_an_edited_marker_cannot_make_byg_copy_from_elsewhere(work):
    assert byg("-o", "ud").exit_code == 0
    (work / "hemmelig").mkdir()
    (work / "hemmelig" / "dagsorden.docx").write_bytes(b"hemmeligt")
    listed = [*byggemappe.read_marker(work / "ud"), "../hemmelig/dagsorden.docx"]
    byggemappe.write_marker(work / "ud", listed)
    result = byg("-o", "ud", "--referat")
    assert result.exit_code == 0, result.output
    copies = [p for p in (work / "ud").rglob("*") if p.is_file() and p.read_bytes() == b"hemmeligt"]
    assert copies == []
    assert (work / "hemmelig" / "dagsorden.docx").read_bytes() == b"hemmeligt"


# --- other commands' files ------------------------------------------------------------


def test_an_indstilling_in_ud_is_not_wiped_by_byg(work):
    bundled = work
    result = run("indstilling", "cases/sag1")
    assert result.exit_code == 0, result.output
    written = bundled / "ud" / "1-sag1.docx"
    data = written.read_bytes()
    result = byg()
    assert result.exit_code == 1
    assert "ud: mappen findes allerede og er ikke bygget af dagsorden" in result.output
    assert "1-sag1.docx" in result.output
    assert written.read_bytes() == data
    result = byg("-o", "moede")
    assert result.exit_code == 0, result.output
    assert written.read_bytes() == data


def test_a_statusbilag_is_not_wiped_by_a_build_elsewhere(work):
    bundled = work
    shutil.copytree(ROOT / "workbooks" / "eksempler", work / "workbooks" / "eksempler")
    result = run("statusbilag", "workbooks/eksempler")
    assert result.exit_code == 0, result.output
    data = (bundled / "ud" / "statusbilag.docx").read_bytes()
    assert byg("-o", "moede").exit_code == 0
    assert byg("-o", "moede", "--referat").exit_code == 0
    assert (bundled / "ud" / "statusbilag.docx").read_bytes() == data


def test_indstilling_replaces_its_own_file_but_not_an_edited_one(bundled, monkeypatch):
    monkeypatch.chdir(bundled)
    assert run("indstilling", "cases/forebyggelse", "-o", "papirer").exit_code == 0
    record = json.loads((bundled / "papirer" / ".dagsorden-filer").read_text("utf-8"))
    assert list(record["filer"]) == ["3-forebyggelse.docx"]
    result = run("indstilling", "cases/forebyggelse", "-o", "papirer")
    assert result.exit_code == 0, result.output
    paper = bundled / "papirer" / "3-forebyggelse.docx"
    paper.write_bytes(paper.read_bytes() + b"rettet i Word")
    result = run("indstilling", "cases/forebyggelse", "-o", "papirer")
    assert result.exit_code == 1
    assert "filen er ændret, siden dagsorden skrev den" in result.output
    assert paper.read_bytes().endswith(b"rettet i Word")


def test_statusbilag_and_oekonomi_replace_their_own_files(bundled, monkeypatch):
    monkeypatch.chdir(bundled)
    for _ in range(2):
        result = run("statusbilag", "workbooks/eksempler", "-o", "bilag/status.docx")
        assert result.exit_code == 0, result.output
        result = run("oekonomi", "cases/forebyggelse/budget.xlsx", "-o", "bilag/tabel.docx")
        assert result.exit_code == 0, result.output
    assert sorted(p.name for p in (bundled / "bilag").iterdir()) == [
        ".dagsorden-filer",
        "status.docx",
        "tabel.docx",
    ]


def test_indstilling_into_a_build_folder_is_refused(work):
    assert byg().exit_code == 0
    result = run("indstilling", "cases/sag1")
    assert result.exit_code == 1
    assert "mappen ud er bygget af 'dagsorden byg'" in result.output
    assert not (work / "ud" / "1-sag1.docx").exists()


# --- what a killed build leaves behind ------------------------------------------------


def _stale(parent: Path, name: str, *, marker: bool) -> Path:
    folder = parent / name
    (folder / "medlemmer").mkdir(parents=True)
    (folder / "medlemmer" / "1-sag1.docx").write_bytes(b"halvt")
    if marker:
        byggemappe.write_marker(folder, [])
    return folder


def test_the_next_build_removes_only_our_stale_folders(work):
    assert byg("-o", "ud").exit_code == 0  # ud exists, so no old build is put back
    ours = [
        _stale(work, ".ud-ny-abcd1234", marker=True),
        _stale(work, ".ud-gammel-zz_99xyz", marker=True),
    ]
    # Like ours, but not ours: no marker, another name, another build's.
    kept = [
        _stale(work, ".ud-ny-qwer5678", marker=False),
        _stale(work, ".ud-nyt-projekt", marker=True),
        _stale(work, ".ud2-ny-abcd1234", marker=True),
        _stale(work, ".ud-ny-abcd1234-kopi", marker=True),
    ]
    ours.append(_stale(work, ".ud-ny-later999", marker=True))
    result = byg("-o", "ud")
    assert result.exit_code == 0, result.output
    assert [p for p in ours if p.exists()] == []
    assert all((p / "medlemmer" / "1-sag1.docx").exists() for p in kept)


def test_an_old_build_is_put_back_when_a_kill_came_between_the_renames(work):
    assert byg("-o", "ud").exit_code == 0
    before = (work / "ud" / "medlemmer" / "dagsorden.docx").read_bytes()
    os.replace(work / "ud", work / ".ud-gammel-abcdefgh")
    byggemappe.clean_stale(work / "ud")
    assert (work / "ud" / "medlemmer" / "dagsorden.docx").read_bytes() == before
    assert not (work / ".ud-gammel-abcdefgh").exists()


def test_stale_temporary_files_of_dead_runs_are_removed(bundled, monkeypatch):
    monkeypatch.chdir(bundled)
    folder = bundled / "papirer"
    folder.mkdir()
    dead = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"],
        capture_output=True,
        text=True,
        check=True,
    )
    dead_pid = int(dead.stdout)
    stale = folder / f".dagsorden-tmp-{dead_pid}-abcd_123.docx"
    alive = folder / f".dagsorden-tmp-{os.getppid()}-abcd_123.docx"
    other = folder / ".dagsorden-tmp-mine-noter.docx"
    for path in (stale, alive, other):
        path.write_bytes(b"halvt")
    result = run("indstilling", "cases/forebyggelse", "-o", "papirer")
    assert result.exit_code == 0, result.output
    assert not stale.exists()
    assert alive.exists() and other.exists()


def _wait_for(condition, timeout: float = 60.0) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.02)
    return False


def _staging(parent: Path) -> list[Path]:
    return [p for p in parent.iterdir() if p.name.startswith(".ud-ny-")]


def _processes_naming(folder: Path) -> list[int]:
    needle = os.fsencode(str(folder.resolve()))
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                cmdline = (entry / "cmdline").read_bytes()
                state = (entry / "stat").read_text().split(") ", 1)[1][0]
            except (OSError, IndexError):
                continue
            if needle in cmdline and state != "Z":
                found.append(int(entry.name))
    return found


def _start_build(
    project: Path, *args: str, env: dict[str, str] | None = None
) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, "-m", "dagsorden", "byg", "--stille", "-o", "ud", *args],
        cwd=project,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        env=env,
    )


def test_a_killed_build_leaves_nothing_after_the_next_run(bundled):
    process = _start_build(bundled)
    try:
        assert _wait_for(
            lambda: any(
                (s / "medlemmer").is_dir() and any((s / "medlemmer").iterdir())
                for s in _staging(bundled)
            )
        )
    finally:
        process.kill()
        process.wait()
        process.stderr.close()
    assert _staging(bundled)  # SIGKILL gives no chance to clean up ...
    result = subprocess.run(
        [sys.executable, "-m", "dagsorden", "byg", "--stille", "-o", "ud"],
        cwd=bundled,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    assert _staging(bundled) == []  # ... the next run does
    assert [p.name for p in bundled.iterdir() if p.name.startswith(".")] == [".ud.lock"]
    assert (bundled / "ud" / "offentlig" / "dagsorden.docx").is_file()


def test_sigterm_ends_a_build_cleanly(bundled):
    process = _start_build(bundled)
    try:
        assert _wait_for(lambda: bool(_staging(bundled)))
        process.send_signal(signal.SIGTERM)
        _, stderr = process.communicate(timeout=60)
    finally:
        process.kill()
    assert process.returncode == 130, stderr
    assert "Afbrudt. Intet er skrevet til ud." in stderr.decode()
    assert _staging(bundled) == []
    assert not (bundled / "ud").exists()


@pytest.mark.libreoffice
def test_a_build_killed_while_libreoffice_converts(bundled, soffice, tmp_path):
    # A conversion is sent to the LibreOffice kept running by a short `soffice` call
    # naming the build folder's files; here each such call takes a while first.
    slow = tmp_path / "bin" / "soffice"
    slow.parent.mkdir()
    slow.write_text(
        f'#!/bin/sh\ncase "$*" in *--convert-to*) sleep 2;; esac\nexec "{soffice}" "$@"\n'
    )
    slow.chmod(0o755)
    env = {**os.environ, "PATH": f"{slow.parent}{os.pathsep}{os.environ['PATH']}"}
    process = _start_build(bundled, "--pdf", env=env)
    try:
        assert _wait_for(
            lambda: any(_processes_naming(s) for s in _staging(bundled)), timeout=120
        ), process.stderr.read().decode() if process.poll() is not None else "no LibreOffice"
        (staging,) = _staging(bundled)
    finally:
        process.kill()
        process.wait()
        process.stderr.close()
    # LibreOffice dies with the build (Linux), or the next build ends it.
    _wait_for(lambda: not _processes_naming(staging), timeout=10)
    byggemappe.clean_stale(bundled / "ud")
    assert _processes_naming(staging) == []
    assert not staging.exists()


def test_libreoffice_is_started_to_die_with_us(tmp_path):
    """pakke._run's child gets PR_SET_DEATHSIG: killing the parent kills it."""
    script = "import sys; from dagsorden.byg import pakke\npakke._run(['sleep', '120'], 300)\n"
    parent = subprocess.Popen([sys.executable, "-c", script])
    try:

        def child() -> int | None:
            for entry in Path("/proc").iterdir():
                if entry.name.isdigit():
                    try:
                        stat = (entry / "stat").read_text()
                    except OSError:
                        continue
                    fields = stat.rsplit(") ", 1)[1].split()
                    if int(fields[1]) == parent.pid and "(sleep)" in stat:
                        return int(entry.name)
            return None

        assert _wait_for(lambda: child() is not None, timeout=30)
        sleeper = child()
    finally:
        parent.kill()
        parent.wait()

    def gone() -> bool:
        try:
            state = Path(f"/proc/{sleeper}/stat").read_text().rsplit(") ", 1)[1][0]
        except OSError:
            return True
        return state == "Z"

    assert _wait_for(gone, timeout=10)


def test_staging_paths_never_reach_the_user(work, monkeypatch):
    """A fault deep in the build names ud/, not the hidden folder it was built in."""
    import errno

    from docxtpl import DocxTemplate

    def full(self, filename, *args, **kwargs):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(DocxTemplate, "save", full)
    result = byg("-o", "ud")
    assert result.exit_code == 1
    # The first file written is the public packet's agenda (composed as the papers
    # are written).
    assert "ud/offentlig/samlet-dagsorden.docx: der er ikke plads nok på disken" in result.output
    assert ".ud-ny-" not in result.output
    assert _staging(work) == [] and not (work / "ud").exists()
