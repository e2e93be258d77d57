"""A case folder: `cases/<navn>/sag.md`, YAML front matter and a Markdown body.

The front matter holds the facts of the item (meeting, punkt, titel, at-punkter,
bilag, ...); the body holds the prose, in `## ` sections. Everything read here is
plain data: text from a case is never evaluated as template code.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from dagsorden.blocks import Section
from dagsorden.errors import CaseError, CaseProblem
from dagsorden.markdown_body import STANDARD_AFSNIT, parse_body

__all__ = [
    "NOEGLER",
    "PAAKRAEVEDE_NOEGLER",
    "SAGSFIL",
    "STANDARD_AFSNIT",
    "Anbefaling",
    "Beslutning",
    "Bilag",
    "Sag",
    "read_sag",
]

SAGSFIL = "sag.md"

# STANDARD_AFSNIT (imported above): the body's standard sections, in the order they
# must come. Other `## ` sections may stand anywhere between them.

NOEGLER = (
    "udvalg",
    "moededato",
    "moedested",
    "punkt",
    "titel",
    "sagsnr",
    "resume",
    "indstiller",
    "indstilling",
    "anbefaling",
    "oekonomi",
    "bilag",
    "underskrift",
    "lukket",
    "beslutning",
)
"""Every front matter key, in the order the README documents them."""

PAAKRAEVEDE_NOEGLER = (
    "udvalg",
    "moededato",
    "punkt",
    "titel",
    "indstiller",
    "indstilling",
)


@dataclass(frozen=True)
class Bilag:
    titel: str
    fil: str = ""


@dataclass(frozen=True)
class Anbefaling:
    """The second group of at-punkter: what the udvalg recommends onward.

    "Socialforvaltningen indstiller, at Socialudvalget anbefaler Økonomiudvalget og
    Borgerrepræsentationen at godkende," followed by `punkter`.
    """

    til: tuple[str, ...]
    punkter: tuple[str, ...]


@dataclass(frozen=True)
class Beslutning:
    """One udvalg's decision on the item, filled in after its meeting."""

    udvalg: str
    dato: dt.date | None
    tekst: str


@dataclass(frozen=True)
class Sag:
    """One agenda item's case, as its author wrote it."""

    fil: Path
    navn: str
    """The case folder's name, used in the output file name."""
    udvalg: tuple[str, ...]
    moededato: dt.datetime | dt.date
    """A datetime, or a date alone while the time is not fixed."""
    punkt: int
    titel: str
    indstiller: tuple[str, ...]
    indstilling: tuple[str, ...]
    """The at-punkter, each as written after "at" (the "at" itself is optional)."""
    afsnit: tuple[Section, ...]
    moedested: str = ""
    sagsnr: str = ""
    resume: str = ""
    anbefaling: Anbefaling | None = None
    oekonomi: tuple[Path, ...] = ()
    """Budget workbooks, resolved against the case folder."""
    bilag: tuple[Bilag, ...] = ()
    underskrift: tuple[str, ...] = ()
    lukket: bool = False
    beslutning: tuple[Beslutning, ...] = ()
    linjer: dict[str, int] = field(default_factory=dict, compare=False)
    """Line in sag.md of each front matter key ("indstilling.2" for an at-punkt),
    for error messages that send the author to the right line."""

    @property
    def mappe(self) -> Path:
        return self.fil.parent


# --- reading sag.md -----------------------------------------------------------------


def read_sag(path: Path) -> Sag:
    """Reads a case: `path` is the case folder or its sag.md.

    Every problem in the front matter and the body is collected and raised together
    as one CaseError, each with its line in sag.md.
    """
    fil = _sagsfil(Path(path))
    text = _read_text(fil)
    yaml_text, yaml_line, body, body_line = _split_front_matter(text, fil)

    reader = _FrontMatterReader(fil, yaml_line)
    values = reader.read(yaml_text)
    problems = list(reader.problems)
    afsnit: tuple[Section, ...] = ()
    try:
        afsnit = parse_body(body, body_line, fil)
    except CaseError as exc:
        problems.extend(exc.problems)
    if problems:
        raise CaseError(problems) from reader.cause

    # A decision that names no udvalg is the first udvalg's (the usual one-udvalg case).
    first_udvalg: str = values["udvalg"][0]
    beslutning = tuple(
        replace(b, udvalg=b.udvalg or first_udvalg) for b in values.pop("beslutning", ())
    )
    return Sag(
        fil=fil,
        navn=fil.resolve().parent.name,
        afsnit=afsnit,
        beslutning=beslutning,
        linjer=reader.linjer,
        **values,
    )


def _sagsfil(path: Path) -> Path:
    if path.is_dir():
        fil = path / SAGSFIL
        if not fil.is_file():
            raise CaseError.at(path, None, f"Sagsmappen har ingen {SAGSFIL}.")
        return fil
    if not path.exists():
        raise CaseError.at(path, None, "Filen eller mappen findes ikke.")
    return path


def _read_text(fil: Path) -> str:
    try:
        data = fil.read_bytes()
    except OSError as exc:
        raise CaseError.at(fil, None, f"Filen kan ikke læses ({exc.strerror}).") from exc
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise CaseError.at(
            fil, line, "Filen er ikke gemt som UTF-8. Gem den som UTF-8 i din editor."
        ) from exc
    # Universal newlines, as Path.read_text would give.
    return text.replace("\r\n", "\n").replace("\r", "\n")


_FENCE = "---"
_FENCE_ENDS = ("---", "...")


def _split_front_matter(text: str, fil: Path) -> tuple[str, int, str, int]:
    """(YAML text, its first line, body text, its first line), lines 1-based."""
    lines = text.split("\n")
    if lines[0].rstrip() != _FENCE:
        raise CaseError.at(
            fil,
            1,
            f"{SAGSFIL} skal begynde med front matter: en linje '---', nøglerne "
            "(udvalg, moededato, titel, ...) og en linje '---'.",
        )
    for i, line in enumerate(lines[1:], start=1):
        if line.rstrip() in _FENCE_ENDS:
            return "\n".join(lines[1:i]), 2, "\n".join(lines[i + 1 :]), i + 2
    raise CaseError.at(
        fil, 1, "Front matter begynder med '---' i linje 1, men slutter aldrig med en linje '---'."
    )


# --- the front matter ---------------------------------------------------------------

_NULL = "tag:yaml.org,2002:null"
_SANDT = frozenset({"true", "yes", "on", "ja"})
_FALSK = frozenset({"false", "no", "off", "nej"})
_AT = re.compile(r"^(?:\d+[.)]\s+)?at(?:\s+|$)", re.IGNORECASE)

_ISO_DATO = re.compile(
    r"(\d{4})-(\d{1,2})-(\d{1,2})(?:(?:[Tt]|\s+)(\d{1,2})[:.](\d{2})(?::(\d{2}))?)?"
)
_DANSK_DATO = re.compile(
    r"(\d{1,2})[.-](\d{1,2})[.-](\d{4})(?:\s*,?\s*(?:kl\.?\s*)?(\d{1,2})[:.](\d{2}))?"
)

_ANBEFALING_NOEGLER = ("til", "punkter")
_BILAG_NOEGLER = ("titel", "fil")
_BESLUTNING_NOEGLER = ("udvalg", "dato", "tekst")

_YAML_HINTS = {
    "mapping values are not allowed here": (
        "Står der ': ' inde i en tekst, så sæt hele teksten i anførselstegn."
    ),
    "found character '\\t' that cannot start any token": (
        "Tabulatortegn kan ikke bruges til indrykning; brug mellemrum."
    ),
    "could not find expected ':'": "Mangler der ':' efter en nøgle?",
    "did not find expected key": (
        "Indrykningen passer ikke: nøgler på samme niveau skal rykkes lige langt ind."
    ),
    "did not find expected '-' indicator": (
        "Indrykningen passer ikke: punkter i samme liste skal rykkes lige langt ind."
    ),
}


class _Invalid(Exception):
    """A value that can't be used; its problem is already recorded."""


def _describe(node: Node) -> str:
    if isinstance(node, MappingNode):
        return "nøgler med værdier"
    if isinstance(node, SequenceNode):
        return "en liste"
    text = node.value if len(node.value) <= 60 else node.value[:57] + "..."
    return f"'{text}'"


def _normal_key(key: str) -> str:
    return key.casefold().replace("æ", "ae").replace("ø", "oe").replace("å", "aa")


def _unknown_key(key: str, known: tuple[str, ...], where: str) -> str:
    close = difflib.get_close_matches(_normal_key(key), known, n=1)
    if close:
        return f"Ukendt nøgle '{key}'{where}. Mente du '{close[0]}'?"
    return f"Ukendt nøgle '{key}'{where}. Kendte nøgler: {', '.join(known)}."


class _FrontMatterReader:
    """Reads the YAML node tree key by key, so every problem has its line.

    Labels name a value in messages the way the author sees it: "'titel'",
    "'til' i 'anbefaling'", "'indstilling' nr. 2", "'dato' i 'beslutning' nr. 1".
    """

    def __init__(self, fil: Path, first_line: int) -> None:
        self.fil = fil
        self.first_line = first_line
        self.problems: list[CaseProblem] = []
        self.linjer: dict[str, int] = {}
        self.cause: Exception | None = None
        self.key_lines: dict[int, int] = {}
        """id of a mapping's value node -> the line of its key."""

    def problem(self, line: int, message: str) -> None:
        self.problems.append(CaseProblem(str(self.fil), line, message))

    def line(self, node: Node) -> int:
        """The line to fix for a value: its key's line, or its own for a list item.

        A block list or mapping under a key starts on the next line; the author
        looks for the key.
        """
        key_line = self.key_lines.get(id(node))
        return key_line if key_line is not None else self.first_line + node.start_mark.line

    def invalid(self, node: Node, message: str) -> _Invalid:
        self.problem(self.line(node), message)
        return _Invalid()

    # --- the whole -------------------------------------------------------------

    def read(self, yaml_text: str) -> dict[str, Any]:
        try:
            root = yaml.compose(yaml_text, Loader=yaml.SafeLoader)
        except yaml.MarkedYAMLError as exc:
            self.cause = exc
            self.yaml_problem(exc)
            return {}
        except yaml.reader.ReaderError as exc:
            # A control character, typically pasted in from another program.
            self.cause = exc
            line = self.first_line + yaml_text[: exc.position].count("\n")
            code = exc.character if isinstance(exc.character, int) else ord(exc.character)
            self.problem(
                line,
                f"Front matter indeholder et tegn, som YAML ikke tillader (U+{code:04X}). "
                "Slet det.",
            )
            return {}

        if root is None:
            nodes: dict[str, Node] = {}
        elif isinstance(root, MappingNode):
            nodes = self.keys(root, NOEGLER, "")
        else:
            self.problem(
                self.line(root),
                f"Front matter skal være nøgler med værdier ('udvalg: ...'), "
                f"ikke {_describe(root)}.",
            )
            return {}

        missing = [k for k in PAAKRAEVEDE_NOEGLER if k not in nodes]
        if missing:
            names = ", ".join(f"'{k}'" for k in missing)
            subject = "Nøglen" if len(missing) == 1 else "Nøglerne"
            self.problem(
                self.first_line - 1,
                f"{subject} {names} mangler i front matter. Kendte nøgler: {', '.join(NOEGLER)}.",
            )

        readers = {
            "udvalg": lambda n: self.texts("udvalg", n, required=True),
            "moededato": self.moededato,
            "moedested": lambda n: self.text("'moedested'", n),
            "punkt": self.punkt,
            "titel": lambda n: self.text("'titel'", n, required=True),
            "sagsnr": lambda n: self.text("'sagsnr'", n),
            "resume": lambda n: self.text("'resume'", n),
            "indstiller": lambda n: self.texts("indstiller", n, required=True),
            "indstilling": lambda n: self.at_punkter("indstilling", "'indstilling'", n),
            "anbefaling": self.anbefaling,
            "oekonomi": self.oekonomi,
            "bilag": self.bilag,
            "underskrift": self.underskrift,
            "lukket": self.lukket,
            "beslutning": self.beslutning,
        }
        values: dict[str, Any] = {}
        for key, node in nodes.items():
            try:
                values[key] = readers[key](node)
            except _Invalid:
                continue
        return values

    def yaml_problem(self, exc: yaml.MarkedYAMLError) -> None:
        mark = exc.problem_mark or exc.context_mark
        line = self.first_line + mark.line if mark else self.first_line - 1
        column = f" (kolonne {mark.column + 1})" if mark else ""
        hint = _YAML_HINTS.get(exc.problem or "", "")
        message = f"Front matter er ikke gyldig YAML: {exc.problem}{column}."
        self.problem(line, f"{message} {hint}" if hint else message)

    def keys(self, node: Node, known: tuple[str, ...], where: str) -> dict[str, Node]:
        """The value node of each known key; unknown and repeated keys are problems.

        `where` labels the mapping ("" for the front matter itself); its top-level
        keys' lines go into `linjer`.
        """
        if not isinstance(node, MappingNode):
            raise self.invalid(
                node,
                f"{where} skal være nøgler med værdier ({', '.join(known)}), "
                f"ikke {_describe(node)}.",
            )
        inside = f" i {where}" if where else ""
        found: dict[str, Node] = {}
        for key_node, value_node in node.value:
            line = self.line(key_node)
            self.key_lines[id(value_node)] = line
            if not isinstance(key_node, ScalarNode):
                described = _describe(key_node)
                self.problem(line, f"En nøgle{inside} skal være et ord, ikke {described}.")
                continue
            key = key_node.value
            if key not in known:
                self.problem(line, _unknown_key(key, known, inside))
            elif key in found:
                first = self.line(found[key])
                self.problem(line, f"Nøglen '{key}'{inside} står to gange (også i linje {first}).")
            else:
                found[key] = value_node
                if not where:
                    self.linjer[key] = line
        return found

    # --- scalars ---------------------------------------------------------------

    def text(self, label: str, node: Node, required: bool = False) -> str:
        """A scalar as written: `sagsnr: 2010113567` is the text "2010113567"."""
        if not isinstance(node, ScalarNode):
            hint = (
                " Står der ': ' i teksten, så sæt hele teksten i anførselstegn."
                if isinstance(node, MappingNode)
                else ""
            )
            raise self.invalid(node, f"{label} skal være tekst, ikke {_describe(node)}.{hint}")
        text = "" if node.tag == _NULL else node.value.strip()
        if required and not text:
            raise self.invalid(node, f"{label} er tom.")
        return text

    def texts(
        self, key: str, node: Node, required: bool = False, label: str = ""
    ) -> tuple[str, ...]:
        """One text or a list of texts; item i's line is stored as "key.i"."""
        label = label or f"'{key}'"
        if isinstance(node, ScalarNode):
            text = self.text(label, node, required)
            return (text,) if text else ()
        if not isinstance(node, SequenceNode):
            raise self.invalid(
                node, f"{label} skal være tekst eller en liste, ikke {_describe(node)}."
            )
        if required and not node.value:
            raise self.invalid(node, f"{label} er en tom liste.")
        result: list[str] = []
        ok = True
        for i, item in enumerate(node.value, start=1):
            self.linjer[f"{key}.{i}"] = self.line(item)
            try:
                result.append(self.text(f"{label} nr. {i}", item, required=True))
            except _Invalid:
                ok = False
        if not ok:
            raise _Invalid()
        return tuple(result)

    def at_punkter(self, key: str, label: str, node: Node) -> tuple[str, ...]:
        """At-punkter, each without the "at" the document writes before it."""
        punkter = self.texts(key, node, required=True, label=label)
        stripped = tuple(_AT.sub("", p, count=1).strip() for p in punkter)
        for i, punkt in enumerate(stripped, start=1):
            if not punkt:
                self.problem(self.linjer[f"{key}.{i}"], f"{label} nr. {i} er tom efter 'at'.")
        if not all(stripped):
            raise _Invalid()
        return stripped

    def punkt(self, node: Node) -> int:
        text = self.text("'punkt'", node, required=True)
        if not re.fullmatch(r"\d+", text) or int(text) < 1:
            raise self.invalid(node, f"'punkt' skal være et helt tal fra 1 og op, ikke '{text}'.")
        return int(text)

    def lukket(self, node: Node) -> bool:
        text = self.text("'lukket'", node)
        if text.casefold() in _SANDT:
            return True
        if not text or text.casefold() in _FALSK:
            return False
        raise self.invalid(node, f"'lukket' skal være true eller false, ikke '{text}'.")

    def moededato(self, node: Node) -> dt.datetime | dt.date:
        """The meeting's date, with its time when known (a date alone is allowed
        while the time is not yet fixed, and prints without "kl.")."""
        text = self.text("'moededato'", node, required=True)
        parts = _date_parts(text)
        if parts is None:
            raise self.invalid(
                node,
                "'moededato' skal være dato og klokkeslæt som 04.12.2013 kl. 16:00 "
                f"eller 2013-12-04 16:00, ikke '{text}'.",
            )
        (year, month, day), time = parts
        try:
            if time is None:
                return dt.date(year, month, day)
            return dt.datetime(year, month, day, *time)
        except ValueError as exc:
            raise self.invalid(
                node, f"'moededato': '{text}' er ikke en gyldig dato og tid."
            ) from exc

    def dato(self, label: str, node: Node) -> dt.date | None:
        text = self.text(label, node)
        if not text:
            return None
        parts = _date_parts(text)
        if parts is None or parts[1] is not None:
            raise self.invalid(
                node,
                f"{label} skal være en dato som 21.09.2011 eller 2011-09-21, ikke '{text}'.",
            )
        try:
            return dt.date(*parts[0])
        except ValueError as exc:
            raise self.invalid(node, f"{label}: '{text}' er ikke en gyldig dato.") from exc

    # --- structures ------------------------------------------------------------

    def anbefaling(self, node: Node) -> Anbefaling | None:
        if isinstance(node, ScalarNode) and node.tag == _NULL:
            return None
        nodes = self.keys(node, _ANBEFALING_NOEGLER, "'anbefaling'")
        missing = [k for k in _ANBEFALING_NOEGLER if k not in nodes]
        if missing:
            raise self.invalid(
                node,
                f"'anbefaling' mangler {' og '.join(repr(k) for k in missing)}: hvem "
                "udvalget anbefaler (til) og at-punkterne (punkter).",
            )
        til = self.texts("anbefaling.til", nodes["til"], True, "'til' i 'anbefaling'")
        punkter = self.at_punkter("anbefaling", "'punkter' i 'anbefaling'", nodes["punkter"])
        for i in range(1, len(til) + 1):
            self.linjer.pop(f"anbefaling.til.{i}", None)
        return Anbefaling(til, punkter)

    def oekonomi(self, node: Node) -> tuple[Path, ...]:
        stier = self.texts("oekonomi", node)
        paths: list[Path] = []
        ok = True
        for i, sti in enumerate(stier, start=1):
            path = self.fil.parent / sti
            if not path.is_file():
                line = self.linjer.get(f"oekonomi.{i}", self.line(node))
                self.problem(line, f"'oekonomi': Budgetarbejdsbogen '{sti}' findes ikke ({path}).")
                ok = False
            paths.append(path)
        if not ok:
            raise _Invalid()
        return tuple(paths)

    def underskrift(self, node: Node) -> tuple[str, ...]:
        if isinstance(node, ScalarNode):
            names = self.text("'underskrift'", node).split("/")
            return tuple(name.strip() for name in names if name.strip())
        return self.texts("underskrift", node)

    def sequence(self, key: str, node: Node) -> list[Node]:
        if isinstance(node, ScalarNode) and node.tag == _NULL:
            return []
        if not isinstance(node, SequenceNode):
            raise self.invalid(
                node,
                f"'{key}' skal være en liste ('- ...' på hver linje), ikke {_describe(node)}.",
            )
        return list(node.value)

    def bilag(self, node: Node) -> tuple[Bilag, ...]:
        result: list[Bilag] = []
        ok = True
        for i, item in enumerate(self.sequence("bilag", node), start=1):
            self.linjer[f"bilag.{i}"] = self.line(item)
            where = f"'bilag' nr. {i}"
            try:
                if isinstance(item, ScalarNode):
                    result.append(Bilag(self.text(where, item, required=True)))
                    continue
                nodes = self.keys(item, _BILAG_NOEGLER, where)
                if "titel" not in nodes:
                    raise self.invalid(item, f"{where} mangler 'titel'.")
                titel = self.text(f"'titel' i {where}", nodes["titel"], required=True)
                fil = self.text(f"'fil' i {where}", nodes["fil"]) if "fil" in nodes else ""
                result.append(Bilag(titel, fil))
            except _Invalid:
                ok = False
        if not ok:
            raise _Invalid()
        return tuple(result)

    def beslutning(self, node: Node) -> tuple[Beslutning, ...]:
        result: list[Beslutning] = []
        ok = True
        for i, item in enumerate(self.sequence("beslutning", node), start=1):
            self.linjer[f"beslutning.{i}"] = self.line(item)
            where = f"'beslutning' nr. {i}"
            try:
                nodes = self.keys(item, _BESLUTNING_NOEGLER, where)
                if "tekst" not in nodes:
                    raise self.invalid(item, f"{where} mangler 'tekst'.")
                udvalg = (
                    self.text(f"'udvalg' i {where}", nodes["udvalg"]) if "udvalg" in nodes else ""
                )
                dato = self.dato(f"'dato' i {where}", nodes["dato"]) if "dato" in nodes else None
                tekst = self.text(f"'tekst' i {where}", nodes["tekst"], required=True)
                result.append(Beslutning(udvalg, dato, tekst))
            except _Invalid:
                ok = False
        if not ok:
            raise _Invalid()
        return tuple(result)


def _date_parts(text: str) -> tuple[tuple[int, int, int], tuple[int, ...] | None] | None:
    """((year, month, day), (hour, minute[, second]) or None), or None if no date form."""
    iso = _ISO_DATO.fullmatch(text)
    if iso:
        year, month, day, hour, minute, second = iso.groups()
        date = (int(year), int(month), int(day))
        if hour is None:
            return date, None
        return date, tuple(int(p) for p in (hour, minute, second) if p is not None)
    dansk = _DANSK_DATO.fullmatch(text)
    if dansk:
        day, month, year, hour, minute = dansk.groups()
        date = (int(year), int(month), int(day))
        return date, None if hour is None else (int(hour), int(minute))
    return None
