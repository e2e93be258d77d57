"""The meeting build folder (`dagsorden byg -o UD`): only ever replace our own.

`byg` writes a whole meeting into a new hidden folder beside UD and then swaps it in
for UD with renames. Since that replaces UD, UD must be a folder the tool built:

- Every build folder carries a marker file, `.dagsorden-byg`, with a short Danish
  note and the list of files the build wrote. A folder without it is never
  replaced, unless it is empty; a marked folder holding any file not on its list
  (a note a colleague put there, an indstilling written by its own command) is not
  replaced either. The user is told why and what to do.
- UD may not hold, be, or lie inside anything the meeting reads (the meeting file,
  a case folder, a workbook, a bilag, a template), nor be the working folder, the
  home folder, one of their parents or the file system's root.
- The agenda and the minutes live side by side: `byg` writes `dagsorden.docx`,
  `samlet.docx` and `samlet.pdf`; `byg --referat` writes `referat.docx`,
  `referat-samlet.docx` and `referat-samlet.pdf`. Each build keeps the other kind's
  files of the previous build (they are on its list), so the published agenda
  survives the minutes and the other way round. The papers and bilag are the
  latest build's. A supplementary agenda (`byg --tillaeg`) lives in `tillaeg-<n>/`
  and, being published like the agenda, stays through the minutes' build; a new
  agenda build over it is refused. The marker also keeps the record of what was
  published (`udsendt`, see `dagsorden.byg.udsendt`), which `--tillaeg` compares with.
- A build killed halfway (power cut, `kill -9`) leaves its hidden folder
  `.<ud>-ny-<random>`, perhaps `.<ud>-gammel-<random>` and maybe a LibreOffice still
  converting. The next build of the same UD ends those LibreOffice processes and
  removes the folders, recognised by their exact name pattern and by the marker
  inside, and puts an old build back if the kill came between the two renames.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import shutil
import signal
import tempfile
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from dagsorden.errors import OutputError
from dagsorden.output import (
    BUILD_MARKER,
    alive,
    folder_mode,
    marked_build_folder,
    name_max,
    output_error,
    shown,
    shown_folder,
    write_atomically,
)

MARKER = BUILD_MARKER

MARKER_NOTE = (
    "Denne mappe er bygget af dagsorden (dagsorden byg).\n"
    "Næste 'dagsorden byg' til samme mappe erstatter filerne herunder. Læg ikke egne\n"
    "filer her, og ret ikke i dem: ret i sagerne, og byg igen. Slet ikke denne fil;\n"
    "uden den bygger dagsorden ikke igen i mappen, for så kan den ikke se, at mappen\n"
    "er dens egen. Listen nedenfor er de filer, bygningen skrev.\n"
)

AGENDA_FILES = ("dagsorden.docx", "samlet.docx", "samlet.pdf")
REFERAT_FILES = ("referat.docx", "referat-samlet.docx", "referat-samlet.pdf")
REFERAT_NAMES = dict(zip(AGENDA_FILES, REFERAT_FILES, strict=True))
"""The name each agenda file gets in a referat build."""

SETS = ("medlemmer", "offentlig")
"""The two sets a build writes (dagsorden.byg.moede.MEDLEMMER and OFFENTLIG)."""

JUNK = frozenset({".DS_Store", "Thumbs.db", "desktop.ini"})
"""Files a file browser leaves in any folder it shows; not the user's work."""

EXAMPLE = "-o nyt-ud"
FOREIGN = "dagsorden sletter aldrig filer, det ikke selv har skrevet"


def _staging_pattern(ud: Path) -> re.Pattern[str]:
    return re.compile(re.escape(f".{ud.name}") + r"-(ny|gammel)-[a-z0-9_]{8}")


# --- the marker ---------------------------------------------------------------------


def read_marker(folder: Path) -> list[str] | None:
    """The files the build in `folder` wrote (relative, "/"-separated), or None when
    `folder` carries no marker. A marker we can't read lists nothing."""
    marker = folder / MARKER
    if marker.is_symlink() or not marker.is_file():
        return None
    try:
        text = marker.read_text("utf-8")
        data = json.loads(text[text.index("{") :])
        files = data["filer"]
    except (OSError, ValueError, KeyError, TypeError, UnicodeDecodeError):
        return []
    if not isinstance(files, list):
        return []
    return [str(f) for f in files]


def write_marker(folder: Path, files: Iterable[str], udsendt: dict[str, Any] | None = None) -> None:
    """The marker listing `files`; with `udsendt`, the record of what the build in
    `folder` published (see `dagsorden.byg.udsendt`), kept beside the list so the
    folder holds no file of its own for it."""
    data: dict[str, Any] = {"version": 1, "filer": sorted(files)}
    if udsendt is not None:
        data["udsendt"] = udsendt
    content = MARKER_NOTE + "\n" + json.dumps(data, ensure_ascii=False, indent=1)
    write_atomically(
        folder / MARKER, lambda temp: temp.write_text(content, "utf-8"), overwrite=True
    )


def read_record(folder: Path) -> dict[str, Any] | None:
    """The record of what the build in `folder` published (`write_marker`'s
    `udsendt`), or None: no marker, an unreadable one, or a build that kept none."""
    marker = folder / MARKER
    if marker.is_symlink() or not marker.is_file():
        return None
    try:
        text = marker.read_text("utf-8")
        record = json.loads(text[text.index("{") :]).get("udsendt")
    except (OSError, ValueError, AttributeError, UnicodeDecodeError):
        return None
    return record if isinstance(record, dict) else None


def listed_files(folder: Path) -> list[str]:
    """Every file under `folder` but the marker, relative and "/"-separated."""
    return sorted(
        p.relative_to(folder).as_posix()
        for p in folder.rglob("*")
        if p.is_file() and p.name != MARKER
    )


def foreign_entries(folder: Path, listed: Sequence[str]) -> list[str]:
    """What is in `folder` that the build did not write: files not on its list,
    folders that hold none of them, links. Relative paths, sorted."""
    ours = set(listed)
    our_folders = {parent.as_posix() for f in listed for parent in Path(f).parents}
    foreign: list[str] = []
    for root, dirs, files in os.walk(folder):
        base = Path(root).relative_to(folder)
        for name in sorted(dirs):
            rel = (base / name).as_posix()
            if (Path(root) / name).is_symlink() or rel not in our_folders:
                foreign.append(rel + "/")
        dirs[:] = [d for d in dirs if (base / d).as_posix() in our_folders]
        for name in sorted(files):
            rel = (base / name).as_posix()
            if rel == MARKER or name in JUNK or name.startswith("._"):
                continue
            if rel not in ours or (Path(root) / name).is_symlink():
                foreign.append(rel)
    return sorted(foreign)


def _some(names: Sequence[str], limit: int = 5) -> str:
    shown = ", ".join(names[:limit])
    return shown + (f" og {len(names) - limit} til" if len(names) > limit else "")


# --- checking UD ----------------------------------------------------------------------


def check_build_folder(
    ud: Path, inputs: Iterable[Path] = (), input_folders: Iterable[Path] = ()
) -> None:
    """Refuses a build folder that `byg` may not replace; see the module docstring.

    `inputs` are every file and folder the meeting reads; `input_folders` those of
    them that are folders read as a whole (case folders, workbook folders).
    """
    real = ud.resolve()
    if real == Path(real.anchor):
        raise OutputError(
            f"{ud}: byggemappen kan ikke være filsystemets rod. 'dagsorden byg' erstatter "
            "hele byggemappen. Vælg en ny mappe, fx -o ud."
        )
    home = _home()
    if home is not None and home.is_relative_to(real):
        raise OutputError(
            f"{ud}: byggemappen kan ikke være din hjemmemappe eller en mappe over den. "
            "'dagsorden byg' erstatter hele byggemappen. Vælg en ny mappe, fx -o ud."
        )
    for source in inputs:
        if source.resolve().is_relative_to(real):
            raise OutputError(
                f"{ud}: byggemappen rummer mødets egne filer ({shown(source)}), og "
                "'dagsorden byg' "
                "erstatter hele byggemappen. Vælg en ny mappe uden for sagerne, "
                "arbejdsbøgerne og skabelonerne, fx -o ud."
            )
    for folder in input_folders:
        if real.is_relative_to(folder.resolve()):
            raise OutputError(
                f"{ud}: byggemappen ligger inde i {shown(folder)}, som mødet læser fra. Vælg en "
                "mappe uden for sagerne og arbejdsbøgerne, fx -o ud."
            )
    cwd = _cwd()
    if cwd is not None and cwd.is_relative_to(real):
        raise OutputError(
            f"{ud}: byggemappen kan ikke være den mappe, du står i, eller en mappe over "
            "den. 'dagsorden byg' erstatter hele byggemappen. Vælg en ny mappe, fx -o ud."
        )
    outer = marked_build_folder(real.parent)
    if outer is not None:
        raise OutputError(
            f"{ud}: ligger inde i {shown_folder(outer, ud)}, som 'dagsorden byg' har bygget "
            "og erstatter helt ved næste byg. Vælg en mappe uden for den."
        )
    if ud.is_symlink():
        raise OutputError(
            f"{ud}: byggemappen er et symbolsk link (til {os.readlink(ud)}). 'dagsorden byg' "
            "erstatter "
            "byggemappen og følger ikke links. Angiv mappen selv, eller vælg en ny."
        )
    if ud.exists() and not ud.is_dir():
        raise OutputError(f"{ud}: findes allerede som en fil, ikke en mappe. Vælg et andet navn.")
    limit = name_max(real.parent) - len(".-gammel-xxxxxxxx")
    if len(os.fsencode(ud.name)) > limit:
        raise OutputError(
            f"{ud}: mappens navn er for langt til filsystemet (højst {limit} byte). Vælg et "
            "kortere navn."
        )
    if ud.is_dir():
        check_replaceable(ud)


def check_replaceable(ud: Path) -> None:
    """Refuses an existing UD that holds anything a build did not write."""
    listed = read_marker(ud)
    try:
        if listed is None:
            entries = sorted(
                e.name + ("/" if e.is_dir() else "")
                for e in os.scandir(ud)
                if e.name not in JUNK and not e.name.startswith("._")
            )
            if entries:
                raise OutputError(
                    f"{ud}: mappen findes allerede og er ikke bygget af dagsorden (den har "
                    f"ingen mærkefil {MARKER}); den rummer {_some(entries)}. dagsorden "
                    "sletter aldrig filer, det ikke selv har skrevet. Byg i en ny eller tom "
                    f"mappe, fx {EXAMPLE}, eller flyt filerne væk."
                )
            return
        locks = sorted(ud.rglob("~$*"))
        if locks:
            raise OutputError(
                f"{locks[0].parent}: et dokument er åbent i Word eller Excel (låsefilen "
                f"{locks[0].name}). Luk det, og byg igen."
            )
        foreign = foreign_entries(ud, listed)
    except OSError as exc:
        raise OutputError(f"{ud}: mappen kan ikke læses ({exc.strerror}).") from exc
    if foreign and not listed:
        raise OutputError(
            f"{ud}: mærkefilen {MARKER} kan ikke læses, så dagsorden kan ikke se, hvilke "
            f"filer i mappen der er dens egne; den rummer {_some(foreign)}. {FOREIGN}. "
            f"Flyt filerne væk, eller byg i en anden mappe, fx {EXAMPLE}."
        )
    if foreign:
        raise OutputError(
            f"{ud}: mappen rummer filer, som 'dagsorden byg' ikke har skrevet: "
            f"{_some(foreign)}. dagsorden sletter aldrig filer, det ikke selv har skrevet. "
            f"Flyt dem ud af mappen, eller byg i en anden mappe, fx {EXAMPLE}."
        )


def _cwd() -> Path | None:
    try:
        return Path.cwd().resolve()
    except OSError:  # the working folder was deleted under us
        return None


def _home() -> Path | None:
    try:
        return Path.home().resolve()
    except (RuntimeError, KeyError, OSError):
        return None


# --- staging, swapping, cleaning up ---------------------------------------------------


def make_staging(ud: Path) -> Path:
    """A new marked folder beside UD to build in, with the permissions of the umask."""
    try:
        staging = Path(tempfile.mkdtemp(prefix=f".{ud.name}-ny-", dir=ud.parent))
    except OSError as exc:
        raise output_error(ud, exc) from exc
    try:
        os.chmod(staging, folder_mode())
        write_marker(staging, [])
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return staging


def carry_over(ud: Path, staging: Path, *, referat: bool) -> None:
    """Copies into `staging` the files of the previous build in UD of the other kind:
    the published agenda when writing the minutes (`referat`), and back. The files
    of this build's own kind are replaced: a samlet.pdf of an earlier `--pdf` build
    does not outlive the samlet.docx it was made from."""
    listed = read_marker(ud) if ud.is_dir() else None
    if not listed:
        return
    # Only `<set>/<file of the other kind>`: a list that names anything else (a marker
    # someone edited) can't make us copy from, or write to, anywhere else.
    kept_names = AGENDA_FILES if referat else REFERAT_FILES
    keep = [
        rel
        for rel in listed
        if (len(parts := rel.split("/")) == 2 and parts[0] in SETS and parts[1] in kept_names)
        or (referat and is_supplement_file(rel))
    ]
    for rel in keep:
        source, target = ud / rel, staging / rel
        if source.is_symlink() or not source.is_file():
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        try:
            os.link(source, target)
        except OSError:
            shutil.copy2(source, target)


SUPPLEMENT = re.compile(r"tillaeg-[1-9][0-9]{0,3}")
"""The folder of a supplementary agenda in UD (`byg --tillaeg`): tillaeg-1, tillaeg-2."""


def is_supplement_file(rel: str) -> bool:
    """Whether `rel` (from a marker's list) is a file of a supplementary agenda,
    `tillaeg-<n>/<set>/<name>`: the referat keeps them, as it keeps the agenda."""
    parts = rel.split("/")
    return (
        len(parts) == 3
        and SUPPLEMENT.fullmatch(parts[0]) is not None
        and parts[1] in SETS
        and parts[2] not in ("", ".", "..")
    )


def swap_in(staging: Path, ud: Path) -> None:
    """Replaces UD by `staging` with renames, so UD is always one whole build.

    A crash between the two renames leaves the old build as `.<ud>-gammel-*`, which
    the next build puts back (see `clean_stale`).
    """
    try:
        if not ud.exists() or read_marker(ud) is None:
            # No UD yet, or an empty folder of the user's (checked): one rename.
            os.replace(staging, ud)
            return
        old = Path(tempfile.mkdtemp(prefix=f".{ud.name}-gammel-", dir=ud.parent))
        old.rmdir()
        os.replace(ud, old)
        try:
            os.replace(staging, ud)
        except OSError:
            os.replace(old, ud)
            raise
    except OSError as exc:
        raise _swap_error(ud, exc) from exc
    shutil.rmtree(old, ignore_errors=True)


def _swap_error(ud: Path, exc: OSError) -> OutputError:
    import errno

    if exc.errno in (errno.EBUSY, errno.EACCES, errno.EPERM, errno.ENOTEMPTY, errno.EEXIST):
        return OutputError(
            f"{ud}: mappen kunne ikke erstattes, fordi den er i brug eller skrivebeskyttet "
            "(fx åben i en stifinder, i en terminal, et netværksdrev monteret der, eller "
            "ingen skriveadgang). Den forrige udgave er urørt. Luk det, der bruger mappen, "
            f"eller byg i en anden mappe, fx {EXAMPLE}."
        )
    return output_error(ud, exc)


def clean_stale(ud: Path) -> None:
    """Removes what a killed build of UD left beside it (call with the build lock held).

    Only folders named `.<ud>-ny-XXXXXXXX` or `.<ud>-gammel-XXXXXXXX` that carry the
    marker are touched. A LibreOffice still converting in one of them is ended first.
    If UD itself is missing and an old build is there, it is put back.
    """
    pattern = _staging_pattern(ud)
    try:
        entries = [e for e in os.scandir(ud.parent) if pattern.fullmatch(e.name)]
    except OSError:
        return
    ours = [
        ud.parent / e.name
        for e in entries
        if e.is_dir(follow_symlinks=False) and read_marker(ud.parent / e.name) is not None
    ]
    old = sorted(
        (p for p in ours if "-gammel-" in p.name[len(ud.name) + 1 :]),
        key=lambda p: p.stat().st_mtime,
    )
    if old and not ud.exists() and not ud.is_symlink():
        with contextlib.suppress(OSError):
            os.replace(old[-1], ud)
            ours.remove(old[-1])
    # First the LibreOffice a killed build kept running (in the temporary folder): it
    # may still be converting files in one of these folders, and write more there.
    end_orphaned_libreoffice()
    for folder in ours:
        end_processes_in(folder)
        shutil.rmtree(folder, ignore_errors=True)


LIBREOFFICE_PREFIX = "dagsorden-libreoffice-"
"""The folders, in the system's temporary folder, of a LibreOffice started before a
build had its staging folder (`pakke.start_kontor`): `<prefix><pid>-XXXXXXXX`, named
with the build's process id, so a later build knows one whose build is gone."""


def end_orphaned_libreoffice() -> None:
    """Ends the LibreOffice of a killed build's early folder (see LIBREOFFICE_PREFIX)
    and removes the folder; those of builds still running are left alone."""
    for folder in Path(tempfile.gettempdir()).glob(f"{LIBREOFFICE_PREFIX}*-*"):
        owner = folder.name.removeprefix(LIBREOFFICE_PREFIX).partition("-")[0]
        if not owner.isdigit() or alive(int(owner)):
            continue
        end_processes_in(folder)
        shutil.rmtree(folder, ignore_errors=True)


def end_processes_in(folder: Path) -> list[int]:
    """Kills the processes (a LibreOffice converting) whose command line names a path
    inside `folder`; returns their ids. Linux only: elsewhere nothing is done."""
    proc = Path("/proc")
    if not proc.is_dir():
        return []
    real = folder.resolve()
    needles = {os.fsencode(str(real)), os.fsencode(real.as_uri())}
    killed = []
    for entry in proc.iterdir():
        if not entry.name.isdigit() or int(entry.name) == os.getpid():
            continue
        try:
            cmdline = (entry / "cmdline").read_bytes()
        except OSError:
            continue
        if any(needle in cmdline for needle in needles):
            with contextlib.suppress(OSError):
                os.kill(int(entry.name), signal.SIGKILL)
                killed.append(int(entry.name))
    return killed


def rename_in_messages(exc: BaseException, staging: Path, ud: Path) -> BaseException:
    """The same error with the staging folder's path replaced by UD in its message:
    the user should only ever see the folder they asked for."""
    from dagsorden.errors import BuildError, DagsordenError

    old = str(staging)
    if not isinstance(exc, DagsordenError) or old not in str(exc):
        return exc
    new = str(ud)
    problems = getattr(exc, "problems", None)
    if isinstance(exc, BuildError) or problems:
        lines = [str(p).replace(old, new) for p in problems] if problems else [str(exc)]
        return BuildError([line.replace(old, new) for line in lines])
    return OutputError(str(exc).replace(old, new))


__all__ = [
    "AGENDA_FILES",
    "MARKER",
    "REFERAT_FILES",
    "carry_over",
    "check_build_folder",
    "check_replaceable",
    "clean_stale",
    "is_supplement_file",
    "listed_files",
    "make_staging",
    "read_marker",
    "read_record",
    "swap_in",
    "write_marker",
]
