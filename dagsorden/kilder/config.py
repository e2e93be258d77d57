"""Reading the settings (`kerne.scoring.Config`) from `dagsorden.toml`, and finding it.

`dagsorden.toml` and the project's own `templates/` are found from the input's folder
upwards (the meeting file's for `byg`, the case's, notat's or workbook folder's for the
one-document commands), as git and ruff find their configuration: the nearest wins,
the search stops at the user's home folder or the file system's root, and the folder
the command is run from plays no part (`find_projektfiler`).

All keys are optional; the defaults are seed 002's conventions::

    [status]
    skala = "-5..5"              # or "0..10", as in the 2010-2013 papers
    manglende_status = "udelad"  # or "nul"; for workbooks that leave it empty

    [farver]
    metode = "taerskler"         # or "forventet" (straight line baseline -> mål)
    roed_under = 0.0             # on the -5..5 scale
    groen_fra = 4.5

    [dokument]
    forfatter = "Socialforvaltningen"  # the author of every written document

An unknown key is an error rather than ignored: a misspelt threshold that silently
falls back to its default would colour a whole committee's papers wrongly.
"""

from __future__ import annotations

import contextlib
import math
import os
import re
import tomllib
import unicodedata
from dataclasses import dataclass
from enum import Enum
from pathlib import Path
from typing import TypeVar

from dagsorden.errors import ConfigError, translate
from dagsorden.kerne.model import ManglendeStatus
from dagsorden.kerne.sager import (
    PAPIRFORM_NOEGLER,
    Papirform,
    Papirformer,
    PapirformFejl,
    papirform_vaerdi,
)
from dagsorden.kerne.scoring import MAKS, Config, Farvemetode, Farveregel, Skala

FILNAVN = "dagsorden.toml"
SKABELONMAPPE = "templates"

_KEYS = {
    "status": {"skala", "manglende_status"},
    "farver": {"metode", "roed_under", "groen_fra"},
    "dokument": {"forfatter"},
    "indstilling": set(PAPIRFORM_NOEGLER),  # and [indstilling."<udvalg>"] (_indstilling)
}

MAX_FORFATTER = 200
"""Characters of [dokument] forfatter: a forvaltning's or a center's name fits."""


@dataclass(frozen=True)
class Projektfiler:
    """What `find_projektfiler` found for an input: the dagsorden.toml and the
    templates folder it uses, each None when there is none (the defaults, the
    bundled templates)."""

    config: Path | None = None
    skabeloner: Path | None = None


def find_projektfiler(sti: Path) -> Projektfiler:
    """The nearest dagsorden.toml and templates/ from `sti` (a file's folder, or the
    folder itself) upwards, each found on its own, stopping after the home folder or
    at the root. A templates/ counts when it holds a Word document (.docx): a web
    project's templates/ higher up is passed over. Anything named dagsorden.toml
    counts, also a folder: load_config then says it can't be read, rather than the
    defaults being used silently."""
    start = Path(os.path.abspath(sti))
    if not start.is_dir():
        start = start.parent
    with contextlib.suppress(OSError, RuntimeError):  # a loop of links: search as given
        start = start.resolve()
    home = _home()
    config: Path | None = None
    skabeloner: Path | None = None
    for folder in (start, *start.parents):
        if config is None and os.path.lexists(folder / FILNAVN):
            config = folder / FILNAVN
        if skabeloner is None and _has_templates(folder / SKABELONMAPPE):
            skabeloner = folder / SKABELONMAPPE
        if (config and skabeloner) or folder == home:
            break
    return Projektfiler(config, skabeloner)


def _has_templates(folder: Path) -> bool:
    try:
        return folder.is_dir() and any(
            p.suffix.lower() == ".docx" and not p.name.startswith("~$") for p in folder.iterdir()
        )
    except OSError:
        return False


def _home() -> Path | None:
    try:
        return Path.home().resolve()
    except (RuntimeError, KeyError, OSError):
        return None


def load_config(sti: Path | None = None) -> Config:
    """Reads the settings: `sti` is a dagsorden.toml (as `find_projektfiler` found it;
    it must be readable) or a folder whose dagsorden.toml is read if there; None gives
    the defaults. The working folder is never looked in."""
    if sti is None:
        return Config()
    path = sti if sti.name == FILNAVN else sti / FILNAVN
    if path is not sti and not os.path.lexists(path):
        return Config()
    try:
        # utf-8-sig: Notepad on Windows starts the file with a byte-order mark.
        data = tomllib.loads(path.read_text(encoding="utf-8-sig"))
    except tomllib.TOMLDecodeError as exc:
        raise translate(exc, _toml_position(path, exc), ConfigError, TOML_HJAELP) from exc
    except (OSError, UnicodeDecodeError) as exc:
        raise translate(exc, path, ConfigError, f"filen kan ikke læses: {exc}") from exc
    _check_keys(path, data)
    status = data.get("status", {})
    farver = data.get("farver", {})
    regel = Farveregel(
        metode=_enum(path, "farver.metode", farver.get("metode"), Farvemetode),
        roed_under=_number(path, "farver.roed_under", farver.get("roed_under", 0.0)),
        groen_fra=_number(path, "farver.groen_fra", farver.get("groen_fra", 4.5)),
    )
    for key, value in (("roed_under", regel.roed_under), ("groen_fra", regel.groen_fra)):
        if not -MAKS <= value <= MAKS:
            raise ConfigError(
                f"{path}: farver.{key} = {value:g} ligger uden for skalaen -5..5. Tærsklerne "
                "skrives altid på skalaen -5 til 5, også når status vises på 0..10: 9,5 på "
                "0..10 skrives groen_fra = 4.5."
            )
    if regel.roed_under > regel.groen_fra:
        raise ConfigError(f"{path}: farver.roed_under må ikke være større end farver.groen_fra.")
    return Config(
        skala=_enum(path, "status.skala", status.get("skala"), Skala),
        manglende_status=_enum(
            path, "status.manglende_status", status.get("manglende_status"), ManglendeStatus
        ),
        farveregel=regel,
        kilde=str(path),
        forfatter=_forfatter(path, data.get("dokument", {}).get("forfatter", "")),
        indstilling=_indstilling(path, data.get("indstilling", {})),
    )


_TOML_POSITION = re.compile(r"\(at line (\d+), column (\d+)\)")


TOML_HJAELP = (
    "filen kan ikke læses som TOML. Tjek, at afsnit skrives som [farver], "
    'at tekster står i anførselstegn (skala = "0..10"), at tal skrives med punktum '
    "(groen_fra = 4.5), og at ingen nøgle står to gange."
)
"""What a TOML syntax error means here, instead of tomllib's English message."""


def _toml_position(path: Path, exc: tomllib.TOMLDecodeError) -> str:
    """The file with the line and column tomllib names: "dagsorden.toml, linje 3, kolonne 5"."""
    match = _TOML_POSITION.search(str(exc))
    return f"{path}, linje {match.group(1)}, kolonne {match.group(2)}" if match else str(path)


def _check_keys(path: Path, data: dict) -> None:
    for section, value in data.items():
        if section in _KEYS and not isinstance(value, dict):
            raise ConfigError(
                f"{path}: {section} skal være et afsnit, skrevet [{section}] på sin egen "
                "linje med nøglerne under."
            )
        if section not in _KEYS or not isinstance(value, dict):
            raise ConfigError(
                f"{path}: ukendt afsnit [{section}]. Kendte afsnit: "
                + ", ".join(f"[{s}]" for s in _KEYS)
            )
        if section == "indstilling":
            continue  # its keys and udvalg tables: _indstilling
        unknown = set(value) - _KEYS[section]
        if unknown:
            raise ConfigError(
                f"{path}: ukendt nøgle {section}.{sorted(unknown)[0]}. Kendte nøgler i "
                f"[{section}]: {', '.join(sorted(_KEYS[section]))}"
            )


def _forfatter(path: Path, value: object) -> str:
    """[dokument] forfatter: one line of text, as Word's author field holds it."""
    if not isinstance(value, str):
        raise ConfigError(
            f"{path}: dokument.forfatter skal være en tekst i anførselstegn, fx "
            'forfatter = "Socialforvaltningen".'
        )
    text = " ".join(value.split())
    if any(unicodedata.category(c) in ("Cc", "Cs") for c in value if c not in "\t\n\r"):
        raise ConfigError(f"{path}: dokument.forfatter indeholder tegn, Word ikke kan gemme.")
    if len(text) > MAX_FORFATTER:
        raise ConfigError(
            f"{path}: dokument.forfatter er {len(text)} tegn lang; højst {MAX_FORFATTER}. "
            "Skriv forvaltningens eller centerets navn."
        )
    return text


def _indstilling(path: Path, table: dict) -> Papirformer:
    """[indstilling]: the papers' form; a table [indstilling."Økonomiudvalget"] sets
    keys for that udvalg's cases on top of it."""
    standard = _papirform(path, ("indstilling",), table, Papirform())
    udvalg = tuple(
        (navn, _papirform(path, ("indstilling", navn), value, standard))
        for navn, value in table.items()
        if isinstance(value, dict)
    )
    return Papirformer(standard, udvalg)


def _papirform(path: Path, where: tuple[str, ...], table: dict, base: Papirform) -> Papirform:
    header = where[0] + "".join(f'."{part}"' for part in where[1:])
    aendringer: dict[str, object] = {}
    for key, value in table.items():
        if isinstance(value, dict) and len(where) == 1:
            continue  # an udvalg's own table
        try:
            if isinstance(value, dict) or key not in PAPIRFORM_NOEGLER:
                raise PapirformFejl(
                    f"ukendt nøgle '{key}'. Kendte nøgler: "
                    f"{', '.join(PAPIRFORM_NOEGLER)}"
                    + (
                        '; en tabel [indstilling."<udvalg>"] gælder det udvalgs sager'
                        if len(where) == 1
                        else ""
                    )
                    + "."
                )
            aendringer[key] = papirform_vaerdi(key, value)
        except PapirformFejl as exc:
            raise ConfigError(f"{_line_of(path, where, key)}: [{header}] {exc}") from None
    try:
        return base.med(aendringer, f"{path.name} [{header}]")
    except PapirformFejl as exc:
        key = "valgfri" if "valgfri" in table else "afsnit"
        raise ConfigError(f"{_line_of(path, where, key)}: [{header}] {exc}") from None


_TOML_HEADER = re.compile(r"^\s*\[\s*([^\[\]]+?)\s*\]\s*(?:#.*)?$")


def _line_of(path: Path, table: tuple[str, ...], key: str) -> str:
    """ "dagsorden.toml, linje 7": where `key` of `table` is written (tomllib gives no
    lines), or the file alone when it can't be found."""
    try:
        lines = path.read_text(encoding="utf-8-sig").splitlines()
    except (OSError, UnicodeDecodeError):
        return str(path)
    wanted = [part.casefold() for part in table]
    current: list[str] | None = None
    key_pattern = re.compile(r"^\s*[\"']?" + re.escape(key) + r"[\"']?\s*=")
    for number, line in enumerate(lines, start=1):
        header = _TOML_HEADER.match(line)
        if header:
            parts = re.findall(r'"([^"]*)"|\'([^\']*)\'|([^.\s"\']+)', header.group(1))
            current = ["".join(p).strip().casefold() for p in parts]
        elif current == wanted and key_pattern.match(line):
            return f"{path}, linje {number}"
    return str(path)


_E = TypeVar("_E", bound=Enum)


def _enum(path: Path, key: str, value: object, enum: type[_E]) -> _E:
    members = list(enum)
    if value is None:
        return members[0]
    for member in members:
        if str(value).strip().casefold() == member.value:
            return member
    allowed = ", ".join(f'"{m.value}"' for m in members)
    raise ConfigError(f"{path}: {key} = {value!r} er ikke gyldig. Brug {allowed}.")


def _number(path: Path, key: str, value: object) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ConfigError(f"{path}: {key} skal være et tal, fx 4.5 (med punktum i TOML).")
    if not math.isfinite(value):
        raise ConfigError(
            f"{path}: {key} = {value} er ikke et tal, man kan sammenligne med. Skriv et tal "
            "fra -5 til 5, fx 4.5."
        )
    return float(value)
