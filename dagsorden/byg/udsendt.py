"""The record of what a meeting build published, kept in its marker (`udsendt`).

`dagsorden byg --tillaeg` (`dagsorden.byg.tillaeg`) compares the meeting with it.
The record holds the meeting (udvalg, date, time, place), the editions (the agenda,
each tillæg, with the time each was built) and per punkt its number, key (its case
folder relative to the meeting file, or a standing item's title), title, whether
closed, and a SHA-256 of its inputs: every file of its case folder (hidden files and
Word's and LibreOffice's lock files left out), its workbooks, status folders and
bilag outside the folder, a standing item's title and text. Decisions
(`beslutninger`), the templates and dagsorden.toml are not inputs of a punkt.

An agenda build writes the record; a referat build keeps the agenda's; a tillæg adds
to it. Kept in the marker, it is no file of UD's own, so UD still holds only what the
build wrote.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
from pathlib import Path
from typing import Any

from dagsorden.byg import byggemappe
from dagsorden.errors import OutputError
from dagsorden.kerne.blocks import OekonomiTableMarker, StatusTableMarker
from dagsorden.kerne.sager import Moede, Punkt

RECORD_VERSION = 1


def _key(moede: Moede, punkt: Punkt, seen: dict[str, int]) -> str:
    """A punkt's identity across builds: its case folder relative to the meeting
    file ("sag:forebyggelse"), or a standing item's title ("titel:Eventuelt")."""
    if punkt.sag is not None:
        key = "sag:" + _relative(punkt.sag.mappe, moede.fil.parent)
    else:
        key = "titel:" + " ".join(punkt.titel.split()).casefold()
    seen[key] = seen.get(key, 0) + 1
    return key if seen[key] == 1 else f"{key}#{seen[key]}"


def _relative(path: Path, base: Path) -> str:
    try:
        return Path(os.path.relpath(path.resolve(), base.resolve())).as_posix()
    except ValueError:  # another drive on Windows
        return path.resolve().as_posix()


def _inputs(punkt: Punkt) -> list[Path]:
    """Every file and folder the punkt's documents are made of."""
    sag = punkt.sag
    if sag is None:
        return []
    paths: list[Path] = [sag.mappe, *sag.oekonomi]
    for section in sag.afsnit:
        for block in section.blocks:
            if isinstance(block, StatusTableMarker | OekonomiTableMarker):
                paths.append(block.sti)
    paths.extend(bilag.kilde for bilag in punkt.bilag)
    return paths


def _ignored(name: str) -> bool:
    """Not the user's content: hidden files, Word's and LibreOffice's lock files."""
    return name.startswith((".", "~$")) or name in byggemappe.JUNK


def tjeksum(moede: Moede, punkt: Punkt) -> str:
    """SHA-256 of everything the punkt is made from (see the module docstring)."""
    digest = hashlib.sha256()

    def add(label: str, data: bytes) -> None:
        name = label.encode("utf-8", "surrogateescape")
        digest.update(len(name).to_bytes(8, "big") + name)
        digest.update(len(data).to_bytes(8, "big") + data)

    add("titel", punkt.titel.encode())
    for afsnit in punkt.tekst:
        add("tekst", afsnit.encode())
    base = moede.fil.parent
    files: dict[str, Path] = {}
    for path in _inputs(punkt):
        if path.is_dir():
            for root, dirs, names in os.walk(path):
                dirs[:] = sorted(d for d in dirs if not _ignored(d))
                for name in names:
                    if not _ignored(name):
                        found = Path(root) / name
                        files[_relative(found, base)] = found
        else:
            files[_relative(path, base)] = path
    for label in sorted(files):
        try:
            add(label, files[label].read_bytes())
        except OSError as exc:
            raise OutputError(
                f"{files[label]}: filen kan ikke læses ({exc.strerror or exc}). Luk den, hvis "
                "den er åben, og byg igen."
            ) from exc
    return digest.hexdigest()


def entry(moede: Moede, punkt: Punkt, key: str, nummer: int) -> dict[str, Any]:
    return {
        "nummer": nummer,
        "noegle": key,
        "titel": punkt.titel,
        "lukket": punkt.lukket,
        "tjeksum": tjeksum(moede, punkt),
    }


def keys(moede: Moede) -> list[tuple[str, Punkt]]:
    seen: dict[str, int] = {}
    return [(_key(moede, punkt, seen), punkt) for punkt in moede.punkter]


def now() -> str:
    """The time of a build as the secretary's clock shows it (SOURCE_DATE_EPOCH if set)."""
    from dagsorden.output import source_date_epoch

    when = source_date_epoch() or dt.datetime.now().replace(microsecond=0)
    return when.isoformat(timespec="minutes")


def meeting(moede: Moede) -> dict[str, Any]:
    when = moede.moededato
    return {
        "udvalg": moede.udvalg,
        "dato": moede.dato.isoformat(),
        "tid": f"{when:%H:%M}" if isinstance(when, dt.datetime) else "",
        "moedested": moede.moedested,
    }


def record(moede: Moede, ud: Path, *, referat: bool) -> dict[str, Any] | None:
    """The record the marker of a build of `moede` in UD keeps (`write_marker`'s
    `udsendt`): an agenda build's own; a referat build keeps the agenda's it builds
    beside. Refuses an agenda build over a UD with a published tillæg."""
    if referat:
        return byggemappe.read_record(ud) if ud.is_dir() else None
    # A tillæg is published with the agenda: a new agenda build may not replace them.
    listed = byggemappe.read_marker(ud) if ud.is_dir() else None
    earlier = sorted(
        {rel.split("/")[0] for rel in listed or [] if byggemappe.is_supplement_file(rel)},
        key=lambda name: int(name.removeprefix("tillaeg-")),
    )
    if earlier:
        raise OutputError(
            f"{ud}: rummer den udsendte dagsorden med {', '.join(earlier)}. En ny "
            "dagsorden ville erstatte dem, og de er udsendt. Byg ændringerne som endnu et "
            "tillæg med --tillaeg, eller byg den nye dagsorden i en ny mappe, fx -o ud-ny."
        )
    return {
        "version": RECORD_VERSION,
        **meeting(moede),
        "udgaver": [{"navn": "dagsorden", "tid": now()}],
        "punkter": [entry(moede, punkt, key, punkt.nummer) for key, punkt in keys(moede)],
    }


def published(ud: Path) -> dict[str, Any]:
    """The record of the agenda published in UD; refuses a UD without one."""
    build = f"dagsorden byg MOEDEFIL -o {ud}"
    if not ud.is_dir() or byggemappe.read_marker(ud) is None:
        what = "findes ikke" if not ud.exists() else "er ikke bygget af dagsorden"
        raise OutputError(
            f"{ud}: der er ingen udsendt dagsorden at lave et tillæg til (mappen {what}). "
            f"Byg og udsend dagsordenen først ('{build}'), og byg så tillægget med "
            "--tillaeg til samme mappe. Angiv med -o den mappe, dagsordenen blev bygget i."
        )
    published = byggemappe.read_record(ud)
    if published is None or not _valid(published):
        raise OutputError(
            f"{ud}: mappen har ingen registrering af, hvad der blev udsendt (den er bygget "
            "af en ældre udgave af dagsorden, rummer kun et referat, eller mærkefilen "
            f"{byggemappe.MARKER} er ændret). Byg dagsordenen, som den blev udsendt, med "
            f"'{build}', og byg så tillægget med --tillaeg."
        )
    return published


def _valid(published: dict[str, Any]) -> bool:
    """Whether a record is one this version wrote (a marker edited by hand is not)."""
    texts = ("udvalg", "dato", "tid", "moedested")
    punkter, udgaver = published.get("punkter"), published.get("udgaver")
    return (
        published.get("version") == RECORD_VERSION
        and all(isinstance(published.get(key), str) for key in texts)
        and isinstance(punkter, list)
        and isinstance(udgaver, list)
        and all(
            isinstance(e, dict)
            and type(e.get("nummer")) is int
            and e["nummer"] > 0
            and all(isinstance(e.get(key), str) for key in ("noegle", "titel", "tjeksum"))
            for e in punkter
        )
        and all(isinstance(u, dict) and isinstance(u.get("navn"), str) for u in udgaver)
    )


def check_published(ud: Path) -> None:
    """Refuses at once (before the meeting is read) a UD with no published agenda."""
    published(ud)


__all__ = [
    "RECORD_VERSION",
    "check_published",
    "entry",
    "keys",
    "meeting",
    "now",
    "published",
    "record",
    "tjeksum",
]
