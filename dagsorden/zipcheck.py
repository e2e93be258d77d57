"""Checking an Office file (.xlsx, .xlsm, .docx) before any parser sees it.

Office files are zip archives of XML. Files come from other offices and may be
broken or hostile, so before openpyxl or python-docx parses anything the archive is
checked with zipfile alone:

- it is a zip at all: a password-protected Office file is an OLE (CFB) container
  holding the encrypted package, and an old .xls/.doc renamed is one too;
- it is whole: every member is read to its end and its CRC checked (a truncated
  file fails here);
- it is no zip bomb: the members' declared uncompressed sizes are summed and
  bounded before anything is unpacked, and so is the compression ratio of any large
  member. The declared size is a true bound: zipfile never returns more bytes of a
  member than it declares, and a member that would give more fails its CRC check;
- its XML declares no DTD: Office never writes `<!DOCTYPE`/`<!ENTITY`, and entity
  expansion ("billion laughs") needs them. openpyxl also parses with defusedxml
  (installed as a dependency) and python-docx with lxml's `resolve_entities=False`;
  this check refuses such a file with one message before either of them runs.

`check_office_file` raises `OfficeFileError` (a DagsordenError) with a Danish
message that does not name the file; the callers add the file in their own error types.

The fast workbook reader (kilder/cells.py) checks less and unpacks less: the same
container and size checks by the central directory alone (`open_office_zip`), then
only the parts it parses, each unpacked to exactly its declared size, CRC-checked
and refused with a DTD (`read_part`). Members nobody parses are never unpacked.
"""

from __future__ import annotations

import errno
import io
import os
import stat
import struct
import zipfile
import zlib
from pathlib import Path

from dagsorden.errors import DagsordenError

MAX_UNPACKED_BYTES = 200 * 1024 * 1024
"""The members of one file together may unpack to at most this (200 MB)."""
MAX_RATIO = 200
"""A member larger than RATIO_FLOOR may unpack to at most this many times its packed size."""
RATIO_FLOOR = 1024 * 1024
MAX_MEMBERS = 10_000

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
"""The first bytes of an OLE/CFB container (old .xls/.doc, or an encrypted Office file)."""
_ENCRYPTED_MARKER = "EncryptedPackage".encode("utf-16-le")
"""The stream in an OLE container that holds a password-protected OOXML file."""
_DTD_MARKERS = tuple(
    marker.encode(encoding)
    for marker in ("<!DOCTYPE", "<!ENTITY")
    for encoding in ("ascii", "utf-16-le", "utf-16-be", "utf-32-le", "utf-32-be")
)
"""A DTD in any encoding an XML parser accepts: a part declared UTF-16 hides the
ASCII bytes of `<!DOCTYPE` between zero bytes."""
_TAIL = max(len(marker) for marker in _DTD_MARKERS)
_CHUNK = 1024 * 1024


class OfficeFileError(DagsordenError):
    """An Office file that is not read. `kind` says why: "krypteret", "gammelt
    format", "ikke zip" (no zip at all), "beskadiget", "for stor" or "dtd". The
    message does not name the file: every reader re-raises it with the file named."""

    def __init__(self, kind: str, message: str) -> None:
        super().__init__(message)
        self.kind = kind
        self.message = message


def check_office_file(source: Path | bytes, gem_som: str) -> None:
    """Raises OfficeFileError unless `source` (a path or the file's bytes) is a whole,
    reasonably sized Office zip without DTDs. `gem_som` names the format the user
    should save as, e.g. "Excel-arbejdsbog (.xlsx)"; it goes into the messages.

    OSError from reading the path is left to the caller.
    """
    opened: io.BytesIO | Path
    if isinstance(source, bytes):
        head = source[:8]
        opened = io.BytesIO(source)
    else:
        with source.open("rb") as file:
            head = file.read(8)
        opened = source
    if head == OLE_MAGIC:
        raise _ole_error(source, gem_som)
    if not head.startswith(b"PK"):
        raise OfficeFileError("ikke zip", f"Filen er ikke en {gem_som}.")
    try:
        with zipfile.ZipFile(opened) as archive:
            check_sizes(archive.infolist())
            for info in archive.infolist():
                _check_member(archive, info)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, NotImplementedError) as exc:
        raise OfficeFileError("beskadiget", "Filen er beskadiget.") from exc
    except (ValueError, RuntimeError) as exc:
        # zipfile: an encrypted member, a bad compression method and the like.
        raise OfficeFileError("beskadiget", "Filen er beskadiget.") from exc


def open_office_zip(data: bytes, gem_som: str) -> list[zipfile.ZipInfo]:
    """The members of an Office file given as its bytes, after the checks that cost
    no unpacking: no OLE container (encrypted, old format), a zip at all, and no zip
    bomb by the central directory's declared sizes (`check_sizes`). Raises
    OfficeFileError like `check_office_file`.

    The fast workbook reader unpacks only the parts it parses, each with
    `read_part`, rather than every member: the size check is what keeps the rest
    from costing anything, as they are never unpacked.
    """
    head = data[:8]
    if head == OLE_MAGIC:
        raise _ole_error(data, gem_som)
    if not head.startswith(b"PK"):
        raise OfficeFileError("ikke zip", f"Filen er ikke en {gem_som}.")
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            infos = archive.infolist()
    except (
        zipfile.BadZipFile,
        zipfile.LargeZipFile,
        EOFError,
        ValueError,
        RuntimeError,
    ) as exc:
        raise OfficeFileError("beskadiget", "Filen er beskadiget.") from exc
    check_sizes(infos)
    return infos


_LOCAL_HEADER = struct.Struct("<4s22xHH")
"""A member's local header: its signature, and the lengths of its name and extra field."""


def read_part(data: bytes, info: zipfile.ZipInfo, *, remember: bool = False) -> bytes:
    """One member of the zip `data`, unpacked to exactly its declared size.

    Stricter than zipfile, which stops at the declared size: a member whose data
    unpacks to more (or less) than its central directory says is refused, so the
    declared sizes `check_sizes` bounded are what any parser of the part gets, even
    one with its own unzipping (python-calamine's). Its CRC is checked, and a part
    with a DTD is refused (see the module's docstring). Raises OfficeFileError.

    With `remember`, a part that passed is kept by its name, sizes, CRC and packed
    bytes, and the same packed bytes give the same (checked) part again without
    unpacking: the workbooks of a folder are copies of one template, their
    workbook.xml and styles.xml the same bytes in each. The same object each time, so
    whatever caches by the part finds its hash already computed.
    """
    broken = OfficeFileError("beskadiget", "Filen er beskadiget.")
    start = info.header_offset
    if not 0 <= start <= len(data) - _LOCAL_HEADER.size:
        raise broken
    signature, name_length, extra_length = _LOCAL_HEADER.unpack_from(data, start)
    if signature != b"PK\x03\x04" or info.flag_bits & 0x1:  # bit 0: an encrypted member
        raise broken
    start += _LOCAL_HEADER.size + name_length + extra_length
    raw = data[start : start + info.compress_size]
    if len(raw) != info.compress_size:
        raise broken
    key = (info.filename, info.compress_type, info.file_size, info.CRC, raw) if remember else None
    if key is not None:
        found = _REMEMBERED.get(key)
        if found is not None:
            return found
    if info.compress_type == zipfile.ZIP_STORED:
        part = raw
    elif info.compress_type == zipfile.ZIP_DEFLATED:
        inflater = zlib.decompressobj(-zlib.MAX_WBITS)
        try:
            part = inflater.decompress(raw, info.file_size + 1)
        except Exception as exc:  # zlib.error: no deflate data
            raise broken from exc
        if not inflater.eof:
            raise broken
    else:  # Office writes only these two; calamine's unzipping knows no others either
        raise broken
    if len(part) != info.file_size or zlib.crc32(part) != info.CRC:
        raise broken
    if has_dtd(part):
        raise _dtd_error(info.filename)
    if key is not None and len(raw) <= 256 * 1024:
        if len(_REMEMBERED) >= 64:  # the oldest goes: a new folder's template comes in
            del _REMEMBERED[next(iter(_REMEMBERED))]
        _REMEMBERED[key] = part
    return part


_REMEMBERED: dict[tuple[str, int, int, int, bytes], bytes] = {}
"""Parts read with `remember`, by name, compression, size, CRC and packed bytes."""


def has_dtd(part: bytes) -> bool:
    """Whether an XML part declares a DTD, in any encoding `_DTD_MARKERS` knows. Each
    marker holds the byte of '!', so a part without that byte (most: one fast search)
    has none."""
    return b"!" in part and any(marker in part for marker in _DTD_MARKERS)


def _dtd_error(name: str) -> OfficeFileError:
    return OfficeFileError(
        "dtd",
        f"Delen '{name}' indeholder en DTD (<!DOCTYPE> eller <!ENTITY>), som Office aldrig "
        "skriver; filen kan være skadelig og læses ikke.",
    )


def _ole_error(source: Path | bytes, gem_som: str) -> OfficeFileError:
    data = source if isinstance(source, bytes) else source.read_bytes()
    if _ENCRYPTED_MARKER in data:
        return OfficeFileError(
            "krypteret",
            "Filen er beskyttet med adgangskode (krypteret) og kan ikke læses. "
            f"Åbn den, fjern adgangskoden, og gem den som {gem_som} uden adgangskode.",
        )
    return OfficeFileError(
        "gammelt format",
        f"Filen er i et gammelt Office-format og ikke en {gem_som}. Gem den som {gem_som}.",
    )


def _heltal(value: int) -> str:
    """A whole number with '.' between thousands, as kerne.danish writes it: a guard
    below the domain formats its own few figures."""
    return f"{value:,}".replace(",", ".")


def _mb(size: int) -> str:
    megabyte = 1024 * 1024
    return _heltal((size + megabyte // 2) // megabyte)  # rounded half up


def check_sizes(infos: list[zipfile.ZipInfo]) -> None:
    """Refuses a zip bomb by its declared sizes, before anything is unpacked."""
    if len(infos) > MAX_MEMBERS:
        raise OfficeFileError(
            "for stor",
            f"Filen indeholder {_heltal(len(infos))} dele, mere end de tilladte "
            f"{_heltal(MAX_MEMBERS)}; den læses ikke.",
        )
    total = sum(info.file_size for info in infos)
    if total > MAX_UNPACKED_BYTES:
        raise OfficeFileError(
            "for stor",
            f"Filen fylder {_mb(total)} MB udpakket, mere end de tilladte "
            f"{_mb(MAX_UNPACKED_BYTES)} MB; den læses ikke (den kan være en zip-bombe).",
        )
    for info in infos:
        ratio = info.file_size // max(info.compress_size, 1)
        if info.file_size > RATIO_FLOOR and ratio > MAX_RATIO:
            raise OfficeFileError(
                "for stor",
                f"Delen '{info.filename}' fylder {_heltal(ratio)} gange mere udpakket "
                f"end pakket (højst {MAX_RATIO} er tilladt); filen læses ikke (den kan være "
                "en zip-bombe).",
            )


def _check_member(archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> None:
    """Reads the member to its end (zipfile checks its CRC there) and looks for DTDs."""
    scan = info.filename.lower().endswith((".xml", ".rels", ".vml"))
    tail = b""
    with archive.open(info) as member:
        while chunk := member.read(_CHUNK):
            if scan:
                window = tail + chunk
                if any(marker in window for marker in _DTD_MARKERS):
                    raise _dtd_error(info.filename)
                tail = window[-_TAIL:]


# --- reading a file the user named ------------------------------------------------


class FileProblem(DagsordenError):
    """A file the user named that is not read: missing, a folder, a named pipe or
    device, a name too long for the file system, or too large. The message is
    Danish and does not name the file; callers add it."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def _stat_problem(exc: OSError) -> FileProblem:
    if exc.errno == errno.ENAMETOOLONG:
        return FileProblem(
            "Navnet er for langt til filsystemet (højst 255 tegn pr. mappe- eller filnavn)."
        )
    if exc.errno in (errno.ENOENT, errno.ENOTDIR):
        return FileProblem("Filen findes ikke.")
    if exc.errno == errno.ELOOP:
        return FileProblem("Stien er en løkke af genveje (symlinks).")
    return FileProblem(f"Filen kan ikke læses ({exc.strerror or exc}).")


def _kind_problem(mode: int) -> FileProblem | None:
    if stat.S_ISDIR(mode):
        return FileProblem("Det er en mappe, ikke en fil.")
    if not stat.S_ISREG(mode):
        return FileProblem(
            "Det er ingen almindelig fil (men fx en navngivet pipe eller en enhed); den læses ikke."
        )
    return None


def _size_problem(size: int, max_bytes: int | None) -> FileProblem | None:
    if max_bytes is not None and size > max_bytes:
        return FileProblem(
            f"Filen fylder {_mb(size)} MB, mere end de tilladte {_mb(max_bytes)} MB; "
            "den læses ikke."
        )
    return None


def path_problem(path: Path) -> str | None:
    """Why `path` can't even be looked at (a name too long for the file system, a
    loop of links, no permission), or None: also None when it does not exist."""
    try:
        path.stat()
    except (FileNotFoundError, NotADirectoryError):
        return None
    except OSError as exc:
        return _stat_problem(exc).message
    return None


def file_problem(path: Path, max_bytes: int | None = None) -> str | None:
    """Why `path` can't be read as a file (a Danish sentence), or None if it can.

    Only stats the path, so a named pipe never blocks; a name too long for the
    file system is a message, not an OSError.
    """
    try:
        info = path.stat()
    except OSError as exc:
        return _stat_problem(exc).message
    problem = _kind_problem(info.st_mode) or _size_problem(info.st_size, max_bytes)
    return problem.message if problem else None


def read_file(path: Path, max_bytes: int) -> bytes:
    """The bytes of a regular file of at most `max_bytes`; FileProblem otherwise.

    Opened without blocking and checked on the open file, so a named pipe put where
    a file was expected (even after a first look) never hangs the run.
    """
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except OSError as exc:
        raise _stat_problem(exc) from exc
    info = os.fstat(fd)
    problem = _kind_problem(info.st_mode) or _size_problem(info.st_size, max_bytes)
    if problem:
        os.close(fd)
        raise problem
    with os.fdopen(fd, "rb") as handle:
        try:
            data = handle.read(max_bytes + 1)
        except OSError as exc:
            raise _stat_problem(exc) from exc
    problem = _size_problem(len(data), max_bytes)
    if problem:
        raise problem
    return data
