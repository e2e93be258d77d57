"""The build's work spread over the cores (issue 14): a LibreOffice kept running
(`pakke.Kontor`), started early and ended however the build ends, and the members'
samlet.docx composed by a forked process (`dagsorden.parallel`).
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest
from test_output_safety import _processes_naming, _wait_for, bundled  # noqa: F401
from test_pakke import notat

from dagsorden import parallel
from dagsorden.byg import byggemappe, pakke

ROOT = Path(__file__).resolve().parents[1]


def convert(kontor: pakke.Kontor | None, source: Path, folder: Path) -> Path:
    conversion = pakke._Conversion(
        pakke._find_soffice(None), {source: source}, folder, 120, kontor=kontor
    )
    return conversion.wait()[source]


def soffice_bins(folder: Path) -> list[int]:
    """The soffice.bin processes whose command line names `folder` (one that ends
    meanwhile is not)."""
    found = []
    for pid in _processes_naming(folder):
        try:
            if b"soffice.bin" in Path(f"/proc/{pid}/cmdline").read_bytes():
                found.append(pid)
        except OSError:
            continue
    return found


# --- the LibreOffice kept running ---------------------------------------------------


@pytest.mark.libreoffice
def test_conversions_go_to_the_running_libreoffice(tmp_path, soffice):
    source = notat(tmp_path / "notat.docx")
    with pakke.Kontor(None, tmp_path / "kontor") as kontor:
        assert _wait_for(kontor.klar, timeout=120)
        (running,) = soffice_bins(tmp_path / "kontor")
        first = convert(kontor, source, tmp_path / "en")
        second = convert(kontor, source, tmp_path / "to")
        # Both converted by the one LibreOffice, which stays up for the next.
        assert soffice_bins(tmp_path / "kontor") == [running]
        assert kontor.klar()
    for pdf in (first, second):
        assert pdf.read_bytes().startswith(b"%PDF")
    # Leaving it ends LibreOffice.
    assert _wait_for(lambda: not soffice_bins(tmp_path / "kontor"), timeout=10)


@pytest.mark.libreoffice
def test_a_request_sent_while_it_starts_waits_for_it(tmp_path, soffice):
    """Sent at once, the request goes when LibreOffice is up (sent earlier, the
    conversion's own LibreOffice would race it for the profile)."""
    source = notat(tmp_path / "notat.docx")
    with pakke.Kontor(None, tmp_path / "kontor") as kontor:
        assert not kontor.klar()
        conversion = pakke._Conversion(
            pakke._find_soffice(None), {source: source}, tmp_path / "c", 120, kontor=kontor
        )
        assert conversion.running()
        pdf = conversion.wait()[source]
        assert kontor.klar()
    assert pdf.read_bytes().startswith(b"%PDF")


@pytest.mark.libreoffice
def test_a_libreoffice_that_died_is_replaced_by_one_of_the_conversions_own(tmp_path, soffice):
    source = notat(tmp_path / "notat.docx")
    with pakke.Kontor(None, tmp_path / "kontor") as kontor:
        assert _wait_for(kontor.klar, timeout=120)
        for pid in soffice_bins(tmp_path / "kontor"):
            os.kill(pid, 9)
        assert _wait_for(lambda: not kontor.klar(), timeout=10)
        pdf = convert(kontor, source, tmp_path / "c")
    assert pdf.read_bytes().startswith(b"%PDF")
    assert _wait_for(lambda: not soffice_bins(tmp_path / "kontor"), timeout=10)


def test_a_request_waits_no_longer_than_ventetid_for_one_that_never_comes_up(tmp_path, monkeypatch):
    """A launcher that never opens its document: a request waits KONTOR_VENTETID,
    then runs anyway; one whose LibreOffice died runs at once."""
    program = tmp_path / "soffice"
    program.write_text("#!/bin/sh\nsleep 60\n")
    program.chmod(0o755)
    monkeypatch.setattr(pakke, "KONTOR_VENTETID", 1.0)
    with pakke.Kontor(str(program), tmp_path / "kontor") as kontor:
        begun = time.monotonic()
        done = subprocess.run(kontor.naar_klar(["echo", "kørt"]), capture_output=True, text=True)
        assert done.stdout == "kørt\n"
        assert 0.9 < time.monotonic() - begun < 10
        kontor.stop()
        begun = time.monotonic()
        assert kontor.naar_klar(["echo", "kørt"]) == ["echo", "kørt"]


@pytest.mark.libreoffice
def test_a_request_to_one_that_is_up_runs_as_it_is(tmp_path, soffice):
    with pakke.Kontor(None, tmp_path / "kontor") as kontor:
        assert _wait_for(kontor.klar, timeout=120)
        assert kontor.naar_klar(["echo", "kørt"]) == ["echo", "kørt"]


def test_an_early_libreoffice_is_ended_and_its_folder_removed(tmp_path, monkeypatch):
    program = tmp_path / "soffice"
    program.write_text("#!/bin/sh\nsleep 60\n")
    program.chmod(0o755)
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path / "tmp"))
    (tmp_path / "tmp").mkdir()
    with pakke.start_kontor(str(program)) as kontor:
        folder = kontor.profil.parent
        assert folder.parent == tmp_path / "tmp"
        assert folder.name.startswith(f"{byggemappe.LIBREOFFICE_PREFIX}{os.getpid()}-")
        assert _processes_naming(folder)
    assert not folder.exists()
    assert _wait_for(lambda: not _processes_naming(folder), timeout=10)


def test_what_a_killed_build_started_early_is_ended_by_the_next(tmp_path, monkeypatch):
    """A build killed outright leaves its early LibreOffice running in a folder
    named with the build's process id; the next build ends it and removes the
    folder, and leaves alone that of a build still running (this one)."""
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    gone = int(Path("/proc/sys/kernel/pid_max").read_text()) + 1  # no process has it
    orphan = tmp_path / f"{byggemappe.LIBREOFFICE_PREFIX}{gone}-abc"
    orphan.mkdir()
    sleeper = subprocess.Popen(
        [sys.executable, "-c", "import time; time.sleep(60)", str(orphan / "profil")],
        start_new_session=True,
    )
    running = tmp_path / f"{byggemappe.LIBREOFFICE_PREFIX}{os.getpid()}-def"
    running.mkdir()
    try:
        assert _wait_for(lambda: sleeper.pid in _processes_naming(orphan), timeout=10)
        byggemappe.end_orphaned_libreoffice()
        assert sleeper.wait(timeout=10) == -9
        assert not orphan.exists()
        assert running.is_dir()
    finally:
        sleeper.kill()
        sleeper.wait()


@pytest.mark.libreoffice
def test_a_pdf_build_killed_early_leaves_no_libreoffice_after_the_next(bundled, soffice):  # noqa: F811
    """`byg --pdf` starts LibreOffice before reading the meeting, outside the build
    folder: killed then, the next build ends it."""
    before = set(Path(tempfile.gettempdir()).glob(f"{byggemappe.LIBREOFFICE_PREFIX}*"))
    process = subprocess.Popen(
        [sys.executable, "-m", "dagsorden", "byg", "--stille", "--pdf", "-o", "ud"],
        cwd=bundled,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    mine = Path(tempfile.gettempdir()) / f"{byggemappe.LIBREOFFICE_PREFIX}{process.pid}-"

    def early() -> list[Path]:
        return [
            p
            for p in Path(tempfile.gettempdir()).glob(f"{mine.name}*")
            if p not in before and soffice_bins(p)
        ]

    try:
        assert _wait_for(lambda: bool(early()), timeout=60)
        (folder,) = early()
    finally:
        process.kill()
        process.wait()
    assert soffice_bins(folder)  # SIGKILL: nothing ended it ...
    result = subprocess.run(
        [sys.executable, "-m", "dagsorden", "byg", "--stille", "-o", "ud"],
        cwd=bundled,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    assert _wait_for(lambda: not soffice_bins(folder), timeout=10)  # ... the next build did
    assert not folder.exists()


# --- a second process ----------------------------------------------------------------


def test_work_beside_writes_its_files(tmp_path):
    target = tmp_path / "ud.txt"
    with parallel.Sidearbejde(lambda: target.write_text("skrevet")) as beside:
        assert beside.vent()
    assert target.read_text() == "skrevet"


def test_work_beside_that_fails_is_the_callers_to_do(tmp_path, capfd):
    def fails() -> None:
        raise ValueError("nej")

    with parallel.Sidearbejde(fails) as beside:
        assert not beside.vent()
    # The child says nothing itself: the caller does the work and reports.
    assert capfd.readouterr() == ("", "")


def test_work_beside_is_ended_when_the_caller_fails(tmp_path):
    marker = tmp_path / "faerdig"
    with (
        pytest.raises(RuntimeError),
        parallel.Sidearbejde(lambda: (time.sleep(30), marker.touch())) as beside,
    ):
        pid = beside.pid
        raise RuntimeError("bygningen fejlede")
    assert pid is not None
    assert not Path(f"/proc/{pid}").exists()
    assert not marker.exists()


def test_nothing_is_forked_beside_other_threads(monkeypatch):
    monkeypatch.setattr(parallel, "threads", lambda: 2)
    assert not parallel.fork_safe()
    monkeypatch.setattr(parallel, "threads", lambda: 1)
    assert parallel.fork_safe() == (sys.platform == "linux" and (os.cpu_count() or 1) >= 2)


def _samlet_digests(project: Path) -> list[str]:
    from click.testing import CliRunner

    from dagsorden.cli import main

    shutil.rmtree(project / "ud", ignore_errors=True)
    result = CliRunner().invoke(main, ["byg", "--stille", "-o", "ud"])
    assert result.exit_code == 0, result.output
    return [
        hashlib.sha256((project / "ud" / name / "samlet.docx").read_bytes()).hexdigest()
        for name in ("medlemmer", "offentlig")
    ]


def test_samlet_docx_is_the_same_composed_beside_or_here(bundled, monkeypatch):  # noqa: F811
    """Both samlet.docx from the forked processes (the public one composed while the
    papers are written, a part at a time) are byte for byte the ones this process
    composes when it can't fork."""
    monkeypatch.chdir(bundled)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1416405600")
    digests = []
    for safe in (True, False):
        monkeypatch.setattr(parallel, "fork_safe", lambda safe=safe: safe)
        digests.append(_samlet_digests(bundled))
    assert digests[0] == digests[1]


def test_a_packet_the_second_process_could_not_compose_is_composed_here(
    bundled,  # noqa: F811
    monkeypatch,
):
    """What the forked process raised (here: at once, before reading a part, so this
    process's sends meet a closed pipe) this one does over again: the same packets."""
    from dagsorden.byg import moede
    from dagsorden.byg import pakke as packets

    monkeypatch.chdir(bundled)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1416405600")
    expected = _samlet_digests(bundled)
    parent, real_parts, real_compose = os.getpid(), packets.compose_parts, moede._compose
    composed_here: list[str] = []

    def broken(dele, target, **kwargs):
        if os.getpid() != parent:
            raise RuntimeError("kan ikke")
        return real_parts(dele, target, **kwargs)

    def noted(parts, target, sider):
        if os.getpid() == parent:
            composed_here.append(target.parent.name)
        return real_compose(parts, target, sider)

    monkeypatch.setattr(packets, "compose_parts", broken)
    monkeypatch.setattr(moede, "_compose", noted)
    assert _samlet_digests(bundled) == expected
    assert composed_here == ["offentlig"]  # the members' one still came from its process


# --- the .xlsx bilag converted once for both sets ------------------------------------


def _sheet_meeting(root: Path, *, comment: bool) -> Path:
    """A meeting of one punkt with an .xlsx bilag by "Jens Hansen", titled, with a
    comment by "Mette Jensen" if asked."""
    from openpyxl import Workbook
    from openpyxl.comments import Comment
    from persondata_filer import write_case, write_meeting

    book = Workbook()
    book.properties.creator = "Jens Hansen"
    book.properties.title = "Tal for bostøtte"
    book.active["A1"] = "Tal for bostøtte i alt"
    book.active["B2"] = 1234
    if comment:
        book.active["B2"].comment = Comment("Tjek tallet", "Mette Jensen")
    book.save(root / "tal.xlsx")
    write_case(root, "bolig", bilag={"bilag/tal.xlsx": (root / "tal.xlsx").read_bytes()})
    return write_meeting(root, "bolig")


def _pdf_texts(path: Path) -> str:
    """Every string and every stream of a PDF (uncompressed), as text."""
    import pikepdf

    found = []
    with pikepdf.open(path) as pdf:
        for obj in pdf.objects:
            if isinstance(obj, pikepdf.Stream):
                found.append(obj.read_bytes().decode("latin-1"))
            elif isinstance(obj, pikepdf.Dictionary | pikepdf.Array):
                found.append(str(obj))
        found.append(str(pdf.trailer))
    return "\n".join(found)


def _logging_soffice(folder: Path, soffice: str) -> Path:
    """A `soffice` first on PATH that notes its arguments, then runs the real one."""
    folder.mkdir()
    log = folder / "kald.log"
    wrapper = folder / "soffice"
    wrapper.write_text(f'#!/bin/sh\necho "$@" >> "{log}"\nexec "{soffice}" "$@"\n')
    wrapper.chmod(0o755)
    return log


@pytest.mark.libreoffice
@pytest.mark.parametrize("comment", [False, True], ids=["kun-forfatter", "med-kommentar"])
def test_a_sheet_printing_alike_cleaned_is_converted_once(tmp_path, soffice, monkeypatch, comment):
    """The public set's copy of an .xlsx bilag is cleaned of its author: it prints as
    the user's file, so the count's PDF stands for it too, and the author is nowhere
    in the public samlet.pdf (nor its title: the packet has its own). A comment's
    author blanked may be printed: then the copy is converted on its own."""
    from click.testing import CliRunner

    from dagsorden.cli import main

    moede = _sheet_meeting(tmp_path, comment=comment)
    log = _logging_soffice(tmp_path / "bin", soffice)
    monkeypatch.setenv("PATH", f"{tmp_path / 'bin'}{os.pathsep}{os.environ['PATH']}")
    result = CliRunner().invoke(
        main, ["byg", str(moede), "-o", str(tmp_path / "ud"), "--pdf", "--stille"]
    )
    assert result.exit_code == 0, result.output

    sheet_requests = [line for line in log.read_text().splitlines() if ".xlsx" in line]
    assert len(sheet_requests) == (2 if comment else 1), sheet_requests
    for name in ("medlemmer", "offentlig"):
        pdf = tmp_path / "ud" / name / "samlet.pdf"
        assert "Tal for bostøtte i alt" in "\n".join(
            p.extract_text() for p in __import__("pypdf").PdfReader(pdf).pages
        )
    public = _pdf_texts(tmp_path / "ud" / "offentlig" / "samlet.pdf")
    assert "Jens Hansen" not in public and "Mette Jensen" not in public
    assert "Tal for bost" not in public.replace("Tal for bostøtte i alt", "")


# --- the LibreOffice's profile and what it leaves -----------------------------------


def _fake_soffice(folder: Path, script: str) -> str:
    folder.mkdir(parents=True, exist_ok=True)
    program = folder / "soffice"
    program.write_text(f"#!/bin/sh\n{script}\n")
    program.chmod(0o755)
    return str(program)


# Makes the profile LibreOffice makes (user/registrymodifications.xcu) and keeps running
# as the Kontor does, or ends at once with --terminate_after_init.
PROFILE_MAKER = r"""
for a in "$@"; do case "$a" in
  -env:UserInstallation=file://*) p="${a#-env:UserInstallation=file://}";;
esac; done
mkdir -p "$p/user" && echo "<items/>" > "$p/user/registrymodifications.xcu"
for a in "$@"; do [ "$a" = --terminate_after_init ] && exit 0; done
sleep 60
"""


def test_a_ready_profile_is_made_once_and_copied_for_each_kontor(tmp_path, monkeypatch):
    from dagsorden.byg import libreoffice

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    program = _fake_soffice(tmp_path / "bin", PROFILE_MAKER)
    template = libreoffice.cache_folder(program)
    assert template is not None and template.parent.parent == tmp_path / "cache" / "dagsorden"
    with pakke.Kontor(program, tmp_path / "k1") as first:
        assert first.maker is not None  # none to copy yet: one is made beside it
        assert _wait_for(lambda: first.maker.process.poll() is not None, timeout=10)
    assert (template / "user" / "registrymodifications.xcu").is_file()
    assert [p.name for p in template.parent.iterdir()] == [template.name]  # no leftovers
    with pakke.Kontor(program, tmp_path / "k2") as second:
        assert second.maker is None
        assert (second.profil / "user" / "registrymodifications.xcu").is_file()


def test_a_profile_libreoffice_could_not_make_is_not_kept(tmp_path, monkeypatch):
    from dagsorden.byg import libreoffice

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    program = _fake_soffice(tmp_path / "bin", "exit 1")
    with pakke.Kontor(program, tmp_path / "k1"):
        pass
    template = libreoffice.cache_folder(program)
    assert template is not None and not template.exists()
    assert list(template.parent.iterdir()) == []
    assert not libreoffice.seed(tmp_path / "p", program)


def test_without_a_cache_folder_nothing_is_kept(tmp_path, monkeypatch):
    from dagsorden.byg import libreoffice

    monkeypatch.setenv("XDG_CACHE_HOME", "relativ/mappe")  # to be ignored (XDG)
    program = _fake_soffice(tmp_path / "bin", PROFILE_MAKER)
    assert libreoffice.cache_folder(program) is None
    with pakke.Kontor(program, tmp_path / "k1") as kontor:
        assert kontor.maker is not None and kontor.maker.process is None
    assert not (tmp_path / "relativ").exists()


@pytest.mark.libreoffice
def test_a_kontor_leaves_nothing_in_the_temporary_folder(tmp_path, soffice):
    """Ended with SIGKILL, LibreOffice would leave its lu*.tmp folder and its pipe."""
    from dagsorden.byg import libreoffice

    before = set(Path("/tmp").iterdir())
    with pakke.Kontor(None, tmp_path / "k") as kontor:
        assert _wait_for(kontor.klar, timeout=60)
        pipes = libreoffice.pipes_of(kontor.process.pid)
        assert pipes and all(p.name.startswith("OSL_PIPE_") and p.exists() for p in pipes)
        assert list((tmp_path / "k" / "tmp").iterdir())  # its lu*.tmp is here
    assert not any(p.exists() for p in pipes)
    assert not [p for p in set(Path("/tmp").iterdir()) - before if p.name.startswith("lu")]


@pytest.mark.libreoffice
def test_a_conversion_sent_to_a_libreoffice_that_dies_is_done_by_one_of_its_own(tmp_path, soffice):
    """Killed while it converts (or before), the LibreOffice kept running is given up:
    the conversion runs once more with one of its own, and later ones go alone."""
    source = notat(tmp_path / "notat.docx")
    with pakke.Kontor(None, tmp_path / "k") as kontor:
        assert _wait_for(kontor.klar, timeout=60)
        conversion = pakke._Conversion(
            pakke._find_soffice(None), {source: source}, tmp_path / "c1", 120, kontor=kontor
        )
        for pid in soffice_bins(tmp_path / "k"):
            os.kill(pid, 9)
        pdf = conversion.wait()[source]
        assert pdf.is_file() and pdf.read_bytes().startswith(b"%PDF")
        assert not kontor.brugbar()
        later = convert(kontor, source, tmp_path / "c2")  # no request to the dead one
        assert later.is_file()


def test_a_conversion_queued_behind_another_may_wait_for_it(tmp_path):
    """The members' samlet.docx waits in the LibreOffice kept running until the public
    one is converted: that one's time limit is added to its own."""
    program = _fake_soffice(tmp_path / "bin", "sleep 60")
    source = notat(tmp_path / "notat.docx")
    with pakke.Kontor(program, tmp_path / "k") as kontor:
        alone = pakke._Conversion(program, {source: source}, tmp_path / "c1", 7)
        queued = pakke._Conversion(
            program, {source: source}, tmp_path / "c2", 7, kontor=kontor, venter=30
        )
        try:
            assert 6 < alone.deadline - time.monotonic() <= 7
            assert 36 < queued.deadline - time.monotonic() <= 37
        finally:
            alone.kill()
            queued.kill()


def test_a_profile_a_killed_build_was_making_is_removed_by_the_next(tmp_path, monkeypatch):
    from dagsorden.byg import libreoffice

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    program = _fake_soffice(tmp_path / "bin", "exit 1")
    template = libreoffice.cache_folder(program)
    assert template is not None
    gone = int(Path("/proc/sys/kernel/pid_max").read_text()) + 1  # no process has it
    abandoned = template.parent / f".ny-{gone}-abc"
    running = template.parent / f".ny-{os.getpid()}-def"
    for folder in (abandoned, running):
        (folder / "profil").mkdir(parents=True)
    started: list[dict[str, str]] = []

    def start(command, env=None):
        started.append(env or {})
        return pakke._start(command, env=env)

    maker = libreoffice.ProfilMaker(program, start)
    maker.finish()
    assert not abandoned.exists() and running.is_dir()
    # Its temporary files go into its own folder (removed with it), not /tmp.
    assert started and started[0]["TMPDIR"].startswith(str(template.parent / ".ny-"))


@pytest.mark.libreoffice
@pytest.mark.parametrize("counted_first", [False, True], ids=["talt-efter", "talt-foer"])
def test_a_sheet_of_several_pages_in_a_build_into_a_relative_folder(
    tmp_path, monkeypatch, counted_first
):
    """`-o ud` gives the parts as relative paths, the count goes by resolved ones: the
    packets keep the sheet's pages either way ("Side n af N" of the PDF's N pages),
    whether LibreOffice counted before the packets were composed or after."""
    import re

    from click.testing import CliRunner
    from openpyxl import Workbook
    from persondata_filer import write_case, write_meeting
    from pypdf import PdfReader

    from dagsorden.cli import main

    book = Workbook()
    book.properties.title = "Lange tal"
    for row in range(1, 181):
        book.active.cell(row, 1, f"Linje {row}")
        book.active.cell(row, 2, row * 1000)
    book.save(tmp_path / "lang.xlsx")
    write_case(tmp_path, "bolig", bilag={"bilag/lang.xlsx": (tmp_path / "lang.xlsx").read_bytes()})
    write_meeting(tmp_path, "bolig")
    monkeypatch.chdir(tmp_path)
    if counted_first:  # the count done before the packets are composed
        monkeypatch.setattr(pakke.SheetJob, "running", lambda job: bool(job.result()) and False)
    result = CliRunner().invoke(main, ["byg", "cases/moede.yaml", "-o", "ud", "--pdf", "--stille"])
    assert result.exit_code == 0, result.output
    for name in ("medlemmer", "offentlig"):
        pages = PdfReader(tmp_path / "ud" / name / "samlet.pdf").pages
        assert len(pages) >= 5  # agenda, punkt, and the sheet's three or more
        said = {int(m) for p in pages for m in re.findall(r"Side \d+ af (\d+)", p.extract_text())}
        assert said == {len(pages)}, (name, said, len(pages))
