"""YAML front matter of a Markdown file, read with the line of every value.

A case (sag.md) and a notat both begin with front matter between two `---` lines.
This module holds what reading any such file needs: the text decoded as UTF-8, the
front matter split from the body, and `FrontMatterReader`, which walks PyYAML's
composed node tree (not the loaded values) so every problem knows its line. The
readers of sag.py and notat.py subclass it with their own keys.

Nothing is ever evaluated: a value is the text the author wrote.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml
from yaml.events import AliasEvent, CollectionStartEvent
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from dagsorden.errors import CaseError, CaseProblem, DagsordenError
from dagsorden.zipcheck import FileProblem, read_file

__all__ = [
    "MAX_TEKSTFIL_BYTES",
    "NULL",
    "FrontMatterReader",
    "Invalid",
    "compose_yaml",
    "date_parts",
    "describe",
    "forbudt_tegn",
    "read_text",
    "split_front_matter",
    "unknown_key",
]

NULL = "tag:yaml.org,2002:null"
"""The tag of an empty value (`key:` with nothing after it)."""

MAX_TEKSTFIL_BYTES = 2 * 1024 * 1024
"""A sag.md, notat or meeting file may be at most 2 MB: far above any real one, and
low enough that a pasted-in or hostile file can't keep the YAML reader busy."""

MAX_YAML_DYBDE = 20
"""Lists and keys nested deeper than this are refused (sag.md needs 4 levels); the
YAML composer recurses per level and would end in a RecursionError."""

FORBUDTE_TEGN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")
"""Characters XML (and so Word) cannot hold: control characters other than tab and
newline, and the non-characters U+FFFE/U+FFFF. They come from pasting out of Word
(a vertical tab is Word's manual line break) or other programs."""

_TEGNNAVNE = {
    0x00: "et nul-tegn",
    0x0B: "en lodret tabulator, typisk et linjeskift (Skift+Enter) kopieret fra Word",
    0x0C: "et sideskift",
    0x1B: "et escape-tegn",
}

_FENCE = "---"
_FENCE_ENDS = ("---", "...")

_ISO_DATO = re.compile(
    r"(\d{4})-(\d{1,2})-(\d{1,2})(?:(?:[Tt]|\s+)(\d{1,2})[:.](\d{2})(?::(\d{2}))?)?"
)
_DANSK_DATO = re.compile(
    r"(\d{1,2})[.-](\d{1,2})[.-](\d{4})(?:\s*,?\s*(?:kl\.?\s*)?(\d{1,2})[:.](\d{2}))?"
)

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
    "but found another document": (
        "Filen indeholder mere end ét YAML-dokument: en linje '---' eller '...' midt i "
        "filen afslutter det første. Slet linjen."
    ),
}
"""Danish words for PyYAML's commonest problems; the message then holds no English."""


# --- the file -----------------------------------------------------------------------


def forbudt_tegn(text: str) -> str | None:
    """ "Tegnet U+000B (en lodret tabulator, ...)" for the first character XML can't
    hold, or None."""
    match = FORBUDTE_TEGN.search(text)
    if match is None:
        return None
    code = ord(match.group())
    name = _TEGNNAVNE.get(code, "et kontroltegn")
    return f"tegnet U+{code:04X} ({name})"


def read_text(fil: Path) -> str:
    """The file's text with universal newlines; CaseError if unreadable or not UTF-8.

    A named pipe, a folder, a name too long for the file system and a file over
    MAX_TEKSTFIL_BYTES are refused before anything is read.
    """
    try:
        data = read_file(fil, MAX_TEKSTFIL_BYTES)
    except FileProblem as exc:
        raise CaseError.at(fil, None, exc.message) from exc
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise CaseError.at(
            fil, line, "Filen er ikke gemt som UTF-8. Gem den som UTF-8 i din editor."
        ) from exc
    # Universal newlines, as Path.read_text would give.
    return text.replace("\r\n", "\n").replace("\r", "\n")


def split_front_matter(
    text: str, fil: Path, *, filnavn: str, noegler: str
) -> tuple[str, int, str, int]:
    """(YAML text, its first line, body text, its first line), lines 1-based.

    `filnavn` and `noegler` word the message for a file without front matter:
    "sag.md skal begynde med front matter: ..., nøglerne (udvalg, moededato, titel, ...)".
    """
    lines = text.split("\n")
    if lines[0].rstrip() != _FENCE:
        raise CaseError.at(
            fil,
            1,
            f"{filnavn} skal begynde med front matter: en linje '---', nøglerne "
            f"({noegler}, ...) og en linje '---'.",
        )
    for i, line in enumerate(lines[1:], start=1):
        if line.rstrip() in _FENCE_ENDS:
            return "\n".join(lines[1:i]), 2, "\n".join(lines[i + 1 :]), i + 2
    raise CaseError.at(
        fil, 1, "Front matter begynder med '---' i linje 1, men slutter aldrig med en linje '---'."
    )


# --- YAML -----------------------------------------------------------------------------


class YamlAfvist(DagsordenError):
    """YAML the reader refuses before composing it: too deep, or an alias/anchor.
    `top_keys` records it as a CaseProblem at `line` (0-based in the YAML text)."""

    def __init__(self, line: int | None, message: str) -> None:
        super().__init__(message)
        self.line = line
        self.message = message


class _BoundedLoader(yaml.SafeLoader):
    """PyYAML's safe composer with a depth bound and no anchors or aliases.

    Nesting thousands deep (`[[[[...]]]]`) would end in a RecursionError, and
    aliases are how a "billion laughs" bomb multiplies a small file; no key of
    sag.md, a notat or moede.yaml needs either.
    """

    dybde = 0

    def compose_node(self, parent: Node | None, index: object) -> Node | None:
        event = self.peek_event()
        line = event.start_mark.line if event.start_mark is not None else None
        if isinstance(event, AliasEvent) or getattr(event, "anchor", None):
            raise YamlAfvist(
                line,
                "YAML-ankre og -aliaser (& og *) kan ikke bruges. Begynder en tekst med "
                "* eller &, så sæt hele teksten i anførselstegn.",
            )
        if isinstance(event, CollectionStartEvent):
            self.dybde += 1
            if self.dybde > MAX_YAML_DYBDE:
                raise YamlAfvist(
                    line,
                    f"Lister og nøgler er indlejret mere end {MAX_YAML_DYBDE} niveauer dybt.",
                )
        try:
            # The stubs say int; PyYAML passes a mapping's key node as well.
            return super().compose_node(parent, index)  # type: ignore[arg-type]
        finally:
            if isinstance(event, CollectionStartEvent):
                self.dybde -= 1


def compose_yaml(text: str) -> Node | None:
    """The node tree of one YAML document, never its values (nothing is constructed).

    Raises yaml.YAMLError for invalid YAML and YamlAfvist for refused YAML.
    """
    loader = _BoundedLoader(text)
    try:
        return loader.get_single_node()
    finally:
        loader.dispose()


# --- values -------------------------------------------------------------------------


class Invalid(Exception):
    """A value that can't be used; its problem is already recorded."""


def describe(node: Node) -> str:
    """A node as the author sees it, for "skal være tekst, ikke ..."."""
    if isinstance(node, MappingNode):
        return "nøgler med værdier"
    if isinstance(node, SequenceNode):
        return "en liste"
    text = node.value if len(node.value) <= 60 else node.value[:57] + "..."
    return f"'{text}'"


def _normal_key(key: str) -> str:
    return key.casefold().replace("æ", "ae").replace("ø", "oe").replace("å", "aa")


def unknown_key(key: str, known: tuple[str, ...], where: str) -> str:
    """ "Ukendt nøgle 'x'. Mente du 'y'?", or the known keys when none is close."""
    close = difflib.get_close_matches(_normal_key(key), known, n=1)
    if close:
        return f"Ukendt nøgle '{key}'{where}. Mente du '{close[0]}'?"
    return f"Ukendt nøgle '{key}'{where}. Kendte nøgler: {', '.join(known)}."


def date_parts(
    text: str,
) -> tuple[tuple[int, int, int], tuple[int, int, int] | None] | None:
    """((year, month, day), (hour, minute, second) or None), or None if no date form.

    Dates are 2014-11-07, 07.11.2014 or 07-11-2014, optionally with a time.
    """
    iso = _ISO_DATO.fullmatch(text)
    if iso:
        year, month, day, hour, minute, second = iso.groups()
        date = (int(year), int(month), int(day))
        if hour is None:
            return date, None
        return date, (int(hour), int(minute), int(second or 0))
    dansk = _DANSK_DATO.fullmatch(text)
    if dansk:
        day, month, year, hour, minute = dansk.groups()
        date = (int(year), int(month), int(day))
        return date, None if hour is None else (int(hour), int(minute), 0)
    return None


# --- the reader ---------------------------------------------------------------------


class FrontMatterReader:
    """Reads the YAML node tree key by key, so every problem has its line.

    Labels name a value in messages the way the author sees it: "'titel'",
    "'til' i 'anbefaling'", "'indstilling' nr. 2", "'dato' i 'beslutning' nr. 1".
    A method that can't use a value records the problem and raises `Invalid`, so
    the caller skips that key and goes on with the next.
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

    def invalid(self, node: Node, message: str) -> Invalid:
        self.problem(self.line(node), message)
        return Invalid()

    # --- the whole -------------------------------------------------------------

    def top_keys(
        self, yaml_text: str, known: tuple[str, ...], required: tuple[str, ...], eksempel: str
    ) -> dict[str, Node] | None:
        """The value node of each known top-level key, or None if there are none to read.

        Records invalid YAML, a front matter that is no mapping (`eksempel` shows
        a key as it should be written: "udvalg: ..."), unknown and repeated keys,
        and the required keys that are missing.
        """
        bad = FORBUDTE_TEGN.search(yaml_text)
        if bad is not None:
            # A control character, typically pasted in from Word or another program.
            line = self.first_line + yaml_text[: bad.start()].count("\n")
            self.problem(
                line,
                f"Front matter indeholder {forbudt_tegn(bad.group())}, som ikke kan stå i "
                "et Word-dokument. Slet det.",
            )
            return None
        try:
            root = compose_yaml(yaml_text)
        except YamlAfvist as exc:
            self.cause = exc
            line = (
                self.first_line + exc.line if exc.line is not None else max(self.first_line - 1, 1)
            )
            self.problem(line, f"Front matter kan ikke læses: {exc.message}")
            return None
        except yaml.MarkedYAMLError as exc:
            self.cause = exc
            self.yaml_problem(exc)
            return None
        except yaml.reader.ReaderError as exc:
            # A character YAML does not allow (a C1 control character, say).
            self.cause = exc
            line = self.first_line + yaml_text[: exc.position].count("\n")
            code = exc.character if isinstance(exc.character, int) else ord(exc.character)
            self.problem(
                line,
                f"Front matter indeholder et tegn, som YAML ikke tillader (U+{code:04X}). "
                "Slet det.",
            )
            return None
        except yaml.YAMLError as exc:
            self.cause = exc
            self.problem(max(self.first_line - 1, 1), f"Front matter er ikke gyldig YAML: {exc}")
            return None

        if root is None:
            nodes: dict[str, Node] = {}
        elif isinstance(root, MappingNode):
            nodes = self.keys(root, known, "")
        else:
            self.problem(
                self.line(root),
                f"Front matter skal være nøgler med værdier ('{eksempel}'), ikke {describe(root)}.",
            )
            return None

        missing = [k for k in required if k not in nodes]
        if missing:
            names = ", ".join(f"'{k}'" for k in missing)
            subject = "Nøglen" if len(missing) == 1 else "Nøglerne"
            self.problem(
                max(self.first_line - 1, 1),
                f"{subject} {names} mangler i front matter. Kendte nøgler: {', '.join(known)}.",
            )
        return nodes

    def yaml_problem(self, exc: yaml.MarkedYAMLError) -> None:
        mark = exc.problem_mark or exc.context_mark
        line = self.first_line + mark.line if mark else max(self.first_line - 1, 1)
        column = f" (kolonne {mark.column + 1})" if mark else ""
        hint = _YAML_HINTS.get(exc.problem or "", "")
        if (exc.problem or "").startswith("expected alphabetic or numeric character"):
            # `titel: *Vigtig* sag` or `& co`: YAML reads * and & first as an alias/anchor.
            hint = "Begynder en tekst med * eller &, så sæt hele teksten i anførselstegn."
        if hint:
            self.problem(line, f"Front matter er ikke gyldig YAML{column}. {hint}")
        else:
            self.problem(line, f"Front matter er ikke gyldig YAML: {exc.problem}{column}.")

    def values(
        self, nodes: dict[str, Node], readers: dict[str, Callable[[Node], Any]]
    ) -> dict[str, Any]:
        """Each key's value read by its reader; a key whose reader found a problem
        (recorded, `Invalid` raised) is left out, so the other keys are still read."""
        values: dict[str, Any] = {}
        for key, node in nodes.items():
            try:
                values[key] = readers[key](node)
            except Invalid:
                continue
        return values

    def keys(self, node: Node, known: tuple[str, ...], where: str) -> dict[str, Node]:
        """The value node of each known key; unknown and repeated keys are problems.

        `where` labels the mapping ("" for the front matter itself); its top-level
        keys' lines go into `linjer`.
        """
        if not isinstance(node, MappingNode):
            raise self.invalid(
                node,
                f"{where} skal være nøgler med værdier ({', '.join(known)}), "
                f"ikke {describe(node)}.",
            )
        inside = f" i {where}" if where else ""
        found: dict[str, Node] = {}
        for key_node, value_node in node.value:
            line = self.line(key_node)
            self.key_lines[id(value_node)] = line
            if not isinstance(key_node, ScalarNode):
                described = describe(key_node)
                self.problem(line, f"En nøgle{inside} skal være et ord, ikke {described}.")
                continue
            key = key_node.value
            if key not in known:
                self.problem(line, unknown_key(key, known, inside))
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
            raise self.invalid(node, f"{label} skal være tekst, ikke {describe(node)}.{hint}")
        text = "" if node.tag == NULL else node.value.strip()
        bad = forbudt_tegn(text)
        if bad:
            # Written as an escape in quotes ("\v", "\x00"): XML can't hold it.
            raise self.invalid(
                node, f"{label} indeholder {bad}, som ikke kan stå i et Word-dokument."
            )
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
                node, f"{label} skal være tekst eller en liste, ikke {describe(node)}."
            )
        if required and not node.value:
            raise self.invalid(node, f"{label} er en tom liste.")
        result: list[str] = []
        ok = True
        for i, item in enumerate(node.value, start=1):
            self.linjer[f"{key}.{i}"] = self.line(item)
            try:
                result.append(self.text(f"{label} nr. {i}", item, required=True))
            except Invalid:
                ok = False
        if not ok:
            raise Invalid()
        return tuple(result)

    def whole_number(self, label: str, node: Node) -> int:
        """A whole number from 1, written as digits."""
        text = self.text(label, node, required=True)
        if not re.fullmatch(r"\d+", text) or int(text) < 1:
            raise self.invalid(node, f"{label} skal være et helt tal fra 1 og op, ikke '{text}'.")
        return int(text)

    def dato(
        self,
        label: str,
        node: Node,
        required: bool = False,
        former: str = "21.09.2011 eller 2011-09-21",
    ) -> dt.date | None:
        """A date without time, or None when empty; `former` are the forms the
        message shows."""
        text = self.text(label, node, required)
        if not text:
            return None
        parts = date_parts(text)
        if parts is None or parts[1] is not None:
            raise self.invalid(node, f"{label} skal være en dato som {former}, ikke '{text}'.")
        try:
            return dt.date(*parts[0])
        except ValueError as exc:
            raise self.invalid(node, f"{label}: '{text}' er ikke en gyldig dato.") from exc

    def moededato(self, node: Node) -> dt.datetime | dt.date:
        """The meeting's date, with its time when known (a date alone is allowed
        while the time is not yet fixed, and prints without "kl.")."""
        text = self.text("'moededato'", node, required=True)
        parts = date_parts(text)
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

    # --- structures ------------------------------------------------------------

    # --- structures ------------------------------------------------------------

    def sequence(self, key: str, node: Node) -> list[Node]:
        if isinstance(node, ScalarNode) and node.tag == NULL:
            return []
        if not isinstance(node, SequenceNode):
            raise self.invalid(
                node,
                f"'{key}' skal være en liste ('- ...' på hver linje), ikke {describe(node)}.",
            )
        return list(node.value)
