"""Reading the settings (`kerne.scoring.Config`) from `dagsorden.toml` in the working folder.

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

import math
import re
import tomllib
import unicodedata
from enum import Enum
from pathlib import Path
from typing import TypeVar

from dagsorden.errors import ConfigError, translate
from dagsorden.kerne.model import ManglendeStatus
from dagsorden.kerne.scoring import MAKS, Config, Farvemetode, Farveregel, Skala

FILNAVN = "dagsorden.toml"

_KEYS = {
    "status": {"skala", "manglende_status"},
    "farver": {"metode", "roed_under", "groen_fra"},
    "dokument": {"forfatter"},
}

MAX_FORFATTER = 200
"""Characters of [dokument] forfatter: a forvaltning's or a center's name fits."""


def load_config(folder: Path | None = None) -> Config:
    """Reads dagsorden.toml from `folder` (default: the working folder), if there."""
    path = (folder or Path.cwd()) / FILNAVN
    if not path.is_file():
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
