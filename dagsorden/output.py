"""Writing output files whole or not at all, and never over what is not ours.

A file is first written beside its target under a temporary name and then renamed
over it in one step, so a crash or a Ctrl-C mid-write never leaves a half-written
document. An existing file is never overwritten unless asked, and a file open in
Word or Excel (its "~$" lock file beside it) is reported instead of clobbered.

The commands that write single files (`indstilling`, `notat`, `statusbilag`,
`oekonomi -o`) note each file they wrote, with a checksum of its bytes, in a small
hidden file `.dagsorden-filer` in the same folder. A later run replaces a file only
when that note says the tool wrote it and it is unchanged since: a file someone else
wrote, or one edited in Word after the tool wrote it, is never overwritten. No output
may be one of the run's own inputs, and none is put inside a meeting build folder
(see `dagsorden.byg.byggemappe`), which `byg` replaces whole.

Every OSError while writing (no room on the disk, no right to write, a busy file, a
name too long for the file system) becomes one Danish OutputError naming the target
the user asked for.
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import json
import os
import re
import tempfile
import time
import zipfile
from collections.abc import Callable, Iterable, Iterator
from datetime import UTC, datetime
from pathlib import Path

from dagsorden.errors import ConfigError, OutputError

RECORD = ".dagsorden-filer"
"""The hidden note of the files a single-file command wrote in a folder."""

BUILD_MARKER = ".dagsorden-byg"
"""The mark of a meeting build folder (written by `dagsorden byg`)."""

TEMP_PREFIX = ".dagsorden-tmp-"
_TEMP_NAME = re.compile(re.escape(TEMP_PREFIX) + r"(\d+)-[a-z0-9_]{8}(\.[A-Za-z0-9]{1,10})?")


def lock_files(target: Path) -> list[Path]:
    """Word and Excel's owner files for `target`: "~$" + the name, or + its tail.

    Office shortens long names by dropping their first one or two characters.
    """
    names = {"~$" + target.name, "~$" + target.name[1:], "~$" + target.name[2:]}
    return [target.with_name(n) for n in sorted(names) if target.with_name(n).exists()]


def same_name_key(path: Path) -> str:
    """The form in which Windows, macOS and SharePoint compare file names: "å" typed
    as one character or as "a" and a combining ring (NFC/NFD), and "Sag" and "sag",
    are one name there, so one file would replace the other in a shared folder."""
    import unicodedata

    return unicodedata.normalize("NFC", str(path)).casefold()


def write_atomically(
    target: Path, write: Callable[[Path], object], *, overwrite: bool = False
) -> Path:
    """Calls `write(temp_path)` (what it returns is ignored) and moves the result
    to `target` in one step.

    Raises OutputError if `target` exists (and `overwrite` is False) or is open in
    Word/Excel, and for every OSError on the way (naming `target`). Whatever else
    `write` raises propagates, and no file is left behind.
    """
    if (target.exists() or target.is_symlink()) and not overwrite:
        raise OutputError(f"{target}: filen findes allerede. Vælg et andet navn, eller slet den.")
    if target.is_dir():
        raise OutputError(f"{target}: der ligger en mappe med det navn. Vælg et andet filnavn.")
    locks = lock_files(target)
    if locks:
        raise OutputError(
            f"{target}: filen er åben i Word eller Excel (låsefilen {locks[0].name} ligger "
            "ved siden af). Luk den, og prøv igen."
        )
    if not target.parent.is_dir():
        raise OutputError(f"{target}: mappen {target.parent} findes ikke.")
    check_name_length(target)
    remove_stale_temp_files(target.parent)
    # A short temporary name: a target whose name is near the file system's limit
    # must fail on its own name (a clear message), not on the temporary one.
    suffix = target.suffix if len(target.suffix) <= 11 else ""
    try:
        handle, temp_name = tempfile.mkstemp(
            prefix=f"{TEMP_PREFIX}{os.getpid()}-", suffix=suffix, dir=target.parent
        )
        os.close(handle)
    except OSError as exc:
        raise output_error(target, exc) from exc
    temp = Path(temp_name)
    try:
        write(temp)
        if target.suffix.lower() in OFFICE_ZIP_SUFFIXES:
            normalise_zip(temp)
        # mkstemp makes the file private; the output should get normal permissions.
        os.chmod(temp, 0o666 & ~_current_umask())
        os.replace(temp, target)
    except OSError as exc:
        temp.unlink(missing_ok=True)
        raise output_error(target, exc) from exc
    except BaseException:
        temp.unlink(missing_ok=True)
        raise
    return target


# --- the date of what is written: today, or SOURCE_DATE_EPOCH --------------------------

SOURCE_DATE_EPOCH = "SOURCE_DATE_EPOCH"
"""The environment variable of reproducible builds (reproducible-builds.org): seconds
since 1970-01-01 UTC. Set, every document carries that date instead of today's, and a
rebuild of unchanged inputs is byte for byte the same."""

OFFICE_ZIP_SUFFIXES = frozenset({".docx", ".docm", ".dotx", ".xlsx", ".xlsm"})
"""Files written through `write_atomically` whose zip is normalised (`normalise_zip`)."""

_ZIP_EARLIEST = datetime(1980, 1, 1)
_ZIP_LATEST = datetime(2107, 12, 31, 23, 59, 58)


def source_date_epoch() -> datetime | None:
    """SOURCE_DATE_EPOCH as a UTC time (naive, whole seconds), or None when unset or empty.

    Raises ConfigError (Danish, naming the variable) for a value that is not a whole
    number of seconds from 1970 up to the year 9999: a build asked to be reproducible
    must not quietly fall back to today's date.
    """
    value = os.environ.get(SOURCE_DATE_EPOCH, "").strip()
    if not value:
        return None
    seconds = int(value, 10) if value.isascii() and value.isdigit() else None
    if seconds is not None:
        with contextlib.suppress(ValueError, OverflowError, OSError):
            return datetime.fromtimestamp(seconds, UTC).replace(tzinfo=None)
    shown_value = value if len(value) <= 40 else value[:40] + "..."
    raise ConfigError(
        f"Miljøvariablen {SOURCE_DATE_EPOCH}={shown_value!r} er ikke gyldig: den skal være "
        "et helt antal sekunder siden 1. januar 1970 (UTC), fx 1416355200 for 19.11.2014. "
        "Ret den, eller fjern den for at bruge dags dato."
    )


def document_time() -> datetime:
    """The creation and modification time a written document gets: SOURCE_DATE_EPOCH
    if set, else now (UTC, naive, whole seconds, as Word writes dcterms:created)."""
    return source_date_epoch() or datetime.now(UTC).replace(microsecond=0, tzinfo=None)


def normalise_zip(path: Path) -> None:
    """Rewrites the zip at `path` so that the same content gives the same bytes.

    python-docx, docxtpl and openpyxl stamp each member with the time of writing and
    the writing system's permissions; here every member gets the document's time
    (SOURCE_DATE_EPOCH, within the years a zip can hold; else now, local time as zip
    tools show it), one set of attributes and the order the writer chose (which only
    depends on the content; [Content_Types].xml stays first). A file that is no zip
    is left alone.
    """
    stamp = zip_stamp()
    try:
        with zipfile.ZipFile(path) as archive:
            if _already_normal(archive, stamp):
                return  # written so (`write_normal_zip`, the template writer): no second pass
            entries = [(info, archive.read(info)) for info in archive.infolist()]
    except (zipfile.BadZipFile, OSError, EOFError, RuntimeError, ValueError):
        return
    write_normal_zip(
        path,
        ((info.filename, data, info.compress_type == zipfile.ZIP_STORED) for info, data in entries),
        stamp,
    )


def zip_stamp() -> tuple[int, int, int, int, int, int]:
    """The time every member of a written zip gets (see `normalise_zip`), in the even
    seconds a zip holds: a zip read back gives them so, and `_already_normal` compares."""
    fixed = source_date_epoch()
    stamp = (
        min(max(fixed, _ZIP_EARLIEST), _ZIP_LATEST).timetuple()[:6]
        if fixed is not None
        else time.localtime()[:6]
    )
    year, month, day, hour, minute, second = stamp
    return year, month, day, hour, minute, second - second % 2


def write_normal_zip(
    path: Path,
    members: Iterable[tuple[str, bytes, bool]],
    stamp: tuple[int, int, int, int, int, int] | None = None,
) -> None:
    """Writes `members` ((name, bytes, stored), in order; not stored: deflated) as
    the zip at `path` in the form `normalise_zip` gives, byte for byte, so that
    `write_atomically` need not read and write it a second time."""
    stamp = stamp or zip_stamp()
    with zipfile.ZipFile(path, "w") as archive:
        for name, data, stored in members:
            member = zipfile.ZipInfo(name, date_time=stamp)
            member.create_system = 3
            member.external_attr = 0o644 << 16
            member.compress_type = zipfile.ZIP_STORED if stored else zipfile.ZIP_DEFLATED
            archive.writestr(member, data)


def _already_normal(archive: zipfile.ZipFile, stamp: tuple[int, ...]) -> bool:
    """Whether every member already has what `normalise_zip` gives it (read from the
    central directory alone): the stamp, the attributes, deflate or stored, and nothing
    else in its header. `dokumenter.render` writes documents so, in one pass."""
    if archive.comment:
        return False
    return all(
        info.date_time == stamp
        and info.create_system == 3
        and info.external_attr == 0o644 << 16
        and info.compress_type in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED)
        and not info.extra
        and not info.comment
        and info.flag_bits & ~0x800 == 0
        for info in archive.infolist()
    )


def output_error(target: Path, exc: OSError) -> OutputError:
    """The Danish message for an OSError met while writing `target`."""
    code = exc.errno
    if code in (errno.ENOSPC, errno.EDQUOT):
        return OutputError(
            f"{target}: der er ikke plads nok på disken til at skrive filen. "
            "Der er ikke skrevet noget halvt. Frigør plads, eller vælg et andet drev, og prøv igen."
        )
    if code in (errno.EACCES, errno.EPERM, errno.EROFS):
        folder = "den mappe, du står i" if str(target.parent) == "." else f"mappen {target.parent}"
        return OutputError(
            f"{target}: dagsorden har ikke lov at skrive i {folder} "
            "(ingen skriveadgang, eller filen er skrivebeskyttet). Vælg en anden mappe "
            "med -o, eller bed om adgang."
        )
    if code in (errno.EBUSY, errno.ETXTBSY):
        return OutputError(
            f"{target}: filen eller mappen er i brug af et andet program (fx Word, en "
            "stifinder eller et netværksdrev). Luk det, og prøv igen."
        )
    if code == errno.ENAMETOOLONG:
        return OutputError(
            f"{target}: navnet er for langt til filsystemet ({len(target.name)} tegn). "
            "Giv sagsmappen eller filen et kortere navn."
        )
    if code == errno.ENOTDIR:
        return OutputError(f"{target}: en del af stien er en fil, ikke en mappe.")
    if code == errno.ENOENT:
        return OutputError(f"{target}: mappen {target.parent} findes ikke (længere).")
    reason = exc.strerror or str(exc)
    return OutputError(f"{target}: filen kan ikke skrives ({reason}).")


def shown(path: Path) -> str:
    """A path as the user would write it: relative to the working folder when inside
    it, without `x/..` detours."""
    text = os.path.normpath(path)
    if os.path.isabs(text):
        with contextlib.suppress(ValueError, OSError):
            relative = os.path.relpath(text, Path.cwd())
            if not relative.startswith(".."):
                return relative
    return text


def shown_folder(real: Path, given: Path) -> str:
    """The resolved folder `real` as the user named it: `given` or one of its parents
    when one of them is it, else `shown(real)`."""
    for candidate in (given, *given.parents):
        with contextlib.suppress(OSError):
            if candidate.resolve() == real:
                return str(candidate)
    return shown(real)


def name_max(folder: Path) -> int:
    """The longest file name (in bytes) the file system under `folder` allows."""
    for candidate in (folder, *folder.parents):
        if candidate.is_dir():
            with contextlib.suppress(OSError, ValueError, AttributeError):
                return int(os.pathconf(candidate, "PC_NAME_MAX"))
            break
    return 255


def check_name_length(target: Path) -> None:
    """Refuses a file name the file system can't hold, before anything is written."""
    length = len(os.fsencode(target.name))
    limit = name_max(target.parent)
    if length > limit:
        raise OutputError(
            f"{target}: filnavnet er for langt til filsystemet ({length} byte; højst "
            f"{limit}). Giv sagsmappen eller filen et kortere navn."
        )


def remove_stale_temp_files(folder: Path) -> None:
    """Removes the temporary files a killed run of dagsorden left in `folder`.

    Only files named as ours (".dagsorden-tmp-<pid>-...") whose process is gone.
    """
    try:
        names = [e.name for e in os.scandir(folder) if e.name.startswith(TEMP_PREFIX)]
    except OSError:
        return
    for name in names:
        match = _TEMP_NAME.fullmatch(name)
        if match is None or alive(int(match.group(1))):
            continue
        path = folder / name
        if path.is_file() and not path.is_symlink():
            with contextlib.suppress(OSError):
                path.unlink()


def alive(pid: int) -> bool:
    """Whether process `pid` runs (another user's counts as running: not ours to
    judge): a file or folder named with it is still in use."""
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OverflowError):
        return True
    return True


def _current_umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def folder_mode() -> int:
    """The permissions a new folder gets from the umask (0o755 under umask 022)."""
    return 0o777 & ~_current_umask()


@contextlib.contextmanager
def output_folder(folder: Path) -> Iterator[Path]:
    """Makes `folder` (and missing parents) for a command's outputs; if the command
    then fails, the folders it made and left empty are removed again."""
    missing = [p for p in (folder, *folder.parents) if not p.exists() and not p.is_symlink()]
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except FileExistsError as exc:
        raise OutputError(f"{folder}: findes allerede som en fil, ikke en mappe.") from exc
    except OSError as exc:
        raise output_error(folder, exc) from exc
    try:
        yield folder
    except BaseException:
        for made in missing:
            with contextlib.suppress(OSError):
                made.rmdir()
        raise


# --- files written by the single-file commands -------------------------------------------


def marked_build_folder(path: Path) -> Path | None:
    """The meeting build folder `path` is, or lies in, if any (its marker followed up)."""
    real = path.resolve()
    for folder in (real, *real.parents):
        marker = folder / BUILD_MARKER
        if marker.is_file() and not marker.is_symlink():
            return folder
    return None


def check_output_file(target: Path, inputs: Iterable[Path] = ()) -> None:
    """Refuses to write `target` over anything the tool did not write.

    `inputs` are the files and folders the command reads: the target may be none
    of them. An existing target must be one this tool wrote there and nobody has
    changed since (see `record_written`).
    """
    real = target.resolve()
    for source in inputs:
        if source.resolve() == real:
            raise OutputError(
                f"{target}: er en af de filer, kommandoen læser ({shown(source)}), og den "
                "overskrives aldrig. Vælg et andet navn eller en anden mappe med -o."
            )
    build = marked_build_folder(target.parent)
    if build is not None:
        raise OutputError(
            f"{target}: mappen {shown_folder(build, target.parent)} er bygget af 'dagsorden "
            "byg', som erstatter den helt ved næste byg, og en fil lagt der ville stå i "
            "vejen. Vælg en anden mappe."
        )
    if target.is_dir():
        raise OutputError(f"{target}: der ligger en mappe med det navn. Vælg et andet filnavn.")
    locks = lock_files(target)
    if locks:
        raise OutputError(
            f"{target}: filen er åben i Word eller Excel (låsefilen {locks[0].name} ligger "
            "ved siden af). Luk den, og prøv igen."
        )
    if target.exists() or target.is_symlink():
        recorded = _read_record(target.parent).get(target.name)
        if recorded is None or target.is_symlink() or not target.is_file():
            raise OutputError(
                f"{target}: filen findes allerede og er ikke skrevet af dagsorden. "
                "dagsorden overskriver aldrig en fil, det ikke selv har skrevet. Vælg et "
                "andet navn eller en anden mappe med -o, eller flyt filen væk."
            )
        if _checksum(target) != recorded:
            raise OutputError(
                f"{target}: filen er ændret, siden dagsorden skrev den (måske rettet i "
                "Word), og overskrives ikke. Gem dine rettelser under et andet navn, "
                "eller flyt filen væk, og prøv igen."
            )
    check_name_length(target)


def check_output_files(targets: Iterable[Path], inputs: Iterable[Path] = ()) -> None:
    """`check_output_file` for each target, before the first one is written."""
    inputs = list(inputs)
    for target in targets:
        check_output_file(target, inputs)


def record_written(paths: Iterable[Path]) -> None:
    """Notes `paths` as written by dagsorden, so a later run may replace them."""
    by_folder: dict[Path, list[Path]] = {}
    for path in paths:
        by_folder.setdefault(path.parent, []).append(path)
    for folder, files in by_folder.items():
        record = _read_record(folder)
        for path in files:
            record[path.name] = _checksum(path)
        content = json.dumps(
            {"note": RECORD_NOTE, "filer": dict(sorted(record.items()))},
            ensure_ascii=False,
            indent=1,
        )
        write_atomically(folder / RECORD, _text_writer(content), overwrite=True)


def _text_writer(content: str) -> Callable[[Path], object]:
    """A `write` for `write_atomically` that writes `content` as UTF-8."""
    return lambda temp: temp.write_text(content, "utf-8")


RECORD_NOTE = (
    "Filer skrevet af dagsorden i denne mappe. dagsorden overskriver kun en fil, der står "
    "her og er uændret, siden den blev skrevet."
)


def _read_record(folder: Path) -> dict[str, str]:
    path = folder / RECORD
    if path.is_symlink() or not path.is_file():
        return {}
    try:
        data = json.loads(path.read_text("utf-8"))
        files = data["filer"]
    except (OSError, ValueError, KeyError, TypeError):
        return {}
    if not isinstance(files, dict):
        return {}
    return {str(k): str(v) for k, v in files.items()}


def _checksum(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()
