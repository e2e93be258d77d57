"""What a LibreOffice kept running through a build needs around it: a ready profile
to start from, and nothing of it left behind in the system's temporary folder.

A LibreOffice started on an empty profile first makes it (and runs its graphics
tests) before it opens anything: about 0.2 s of a one-second start, paid by every
build, as each has a profile of its own. So a profile made once per LibreOffice
installation, by LibreOffice itself and never used for a document, is kept in the
user's cache folder (``$XDG_CACHE_HOME/dagsorden/libreoffice/<key>``, else
``~/.cache/...``), and each build starts on a copy of it. The first build makes it
beside its own start; an installation that changes (an update) gets a new one.
Without a cache folder, everything works as before, on an empty profile.

A LibreOffice ended with SIGKILL (the build's, when it is done) leaves its temporary
folder (``lu*.tmp``) and its single-instance pipe (``OSL_PIPE_*``) in /tmp: the
folder goes into the build's own temporary folder instead (TMPDIR), and the pipe is
removed after it (`pipes_of`, then `remove_pipes`).
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import shutil
import signal
import stat
import subprocess
import tempfile
from collections.abc import Callable
from pathlib import Path

from dagsorden.output import alive


def cache_folder(program: str) -> Path | None:
    """Where the ready profile of the LibreOffice at `program` is kept, named by
    that installation (its real path, size and modification time), or None."""
    try:
        real = Path(program).resolve()
        facts = [str(real)]
        for path in (real, real.with_name("soffice.bin")):
            if path.exists():
                info = path.stat()
                facts += [str(info.st_size), str(info.st_mtime_ns)]
        home = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    except (OSError, RuntimeError):  # RuntimeError: no home folder to be found
        return None
    if not os.path.isabs(home):
        return None  # the XDG rule: a relative path is to be ignored
    key = hashlib.sha256("\0".join(facts).encode()).hexdigest()[:16]
    return Path(home) / "dagsorden" / "libreoffice" / key


def seed(profile: Path, program: str) -> bool:
    """Gives `profile` (not yet there) a copy of the ready profile, if there is one;
    True if it did. A copy that fails halfway is removed: LibreOffice then makes
    the profile itself."""
    template = cache_folder(program)
    if template is None or not (template / "user" / "registrymodifications.xcu").is_file():
        return False
    try:
        shutil.copytree(template, profile, symlinks=True)
    except OSError:
        shutil.rmtree(profile, ignore_errors=True)
        return False
    return True


class ProfilMaker:
    """Makes the ready profile (`soffice --terminate_after_init` on an empty one, in
    a folder of its own beside the cache) while the build goes on; `finish()`
    moves it into place if LibreOffice made it, else removes it. Two builds making
    one at once: the first to finish keeps its."""

    def __init__(self, program: str, start: Callable[..., subprocess.Popen[str]]) -> None:
        self.target = cache_folder(program)
        self.work: Path | None = None
        self.process: subprocess.Popen[str] | None = None
        if self.target is None:
            return
        try:
            self.target.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
            _remove_abandoned(self.target.parent)
            self.work = Path(
                tempfile.mkdtemp(prefix=f"{_NY}{os.getpid()}-", dir=self.target.parent)
            )
        except OSError:
            return
        profile = (self.work / "profil").as_uri()
        command = [program, f"-env:UserInstallation={profile}", "--headless", "--norestore"]
        try:
            self.process = start(
                [*command, "--terminate_after_init"], env=environment(self.work / "tmp")
            )
        except Exception:
            self.finish()

    def finish(self) -> None:
        """Moves the profile into place if it is done; a LibreOffice still making it
        is ended (the next build tries again)."""
        process, self.process = self.process, None
        if process is not None and process.poll() is None:
            pipes = pipes_of(process.pid)
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGKILL)
            process.communicate()
            remove_pipes(pipes)
        elif process is not None:
            process.communicate()
            made = self.work / "profil" if self.work is not None else None
            if (
                process.returncode == 0
                and made is not None
                and self.target is not None
                and (made / "user" / "registrymodifications.xcu").is_file()
            ):
                with contextlib.suppress(OSError):  # another build's came first
                    made.rename(self.target)
        if self.work is not None:
            shutil.rmtree(self.work, ignore_errors=True)
            self.work = None


_NY = ".ny-"
"""A profile being made: `.ny-<pid of the build>-XXXX` beside the ready ones."""


def _remove_abandoned(cache: Path) -> None:
    """Removes what a build killed while it made a profile left (its process gone)."""
    for folder in cache.glob(f"{_NY}*-*"):
        owner = folder.name.removeprefix(_NY).partition("-")[0]
        if owner.isdigit() and not alive(int(owner)):
            shutil.rmtree(folder, ignore_errors=True)


def environment(folder: Path) -> dict[str, str]:
    """The environment for a LibreOffice whose temporary files go into `folder`
    (made here), removed with it, rather than into /tmp for good."""
    folder.mkdir(parents=True, exist_ok=True)
    return {**os.environ, "TMPDIR": str(folder)}


def pipes_of(group: int) -> list[Path]:
    """The single-instance pipes (``OSL_PIPE_*`` sockets) the processes of process
    group `group` listen on: to remove once they are ended (Linux; else none)."""
    inodes: set[str] = set()
    proc = Path("/proc")
    try:
        entries = [e for e in proc.iterdir() if e.name.isdigit()]
    except OSError:
        return []
    for entry in entries:
        try:
            fields = (entry / "stat").read_text().rpartition(")")[2].split()
            if int(fields[2]) != group:
                continue
            for fd in (entry / "fd").iterdir():
                target = os.readlink(fd)
                if target.startswith("socket:["):
                    inodes.add(target[len("socket:[") : -1])
        except (OSError, ValueError, IndexError):
            continue
    if not inodes:
        return []
    found = []
    try:
        lines = (proc / "net" / "unix").read_text().splitlines()[1:]
    except OSError:
        return []
    for line in lines:
        columns = line.split()
        if len(columns) >= 8 and columns[6] in inodes and "/OSL_PIPE_" in columns[7]:
            found.append(Path(columns[7]))
    return found


def remove_pipes(pipes: list[Path]) -> None:
    """Removes the sockets `pipes_of` found, once nothing listens on them."""
    for pipe in pipes:
        with contextlib.suppress(OSError):
            if stat.S_ISSOCK(pipe.lstat().st_mode):
                pipe.unlink()
