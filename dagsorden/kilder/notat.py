"""A notat (memo) from Markdown: the bilag most committee items carry (seed 001).

A notat is one Markdown file: YAML front matter with the memo's facts (til, dato,
bilagsnr, titel, the case numbers and the sender block) and a free body of `## `
sections, or none, parsed like a case's body. `build_notat` fills
`templates/notat.docx`, which holds every fixed word and the layout; this module
only reads and checks.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from yaml.nodes import Node, ScalarNode

from dagsorden.dokumenter.docx_body import BodyWriter
from dagsorden.dokumenter.render import Skabelon
from dagsorden.errors import CaseError, OutputError
from dagsorden.kerne.blocks import Section
from dagsorden.kilder.front_matter import (
    NULL,
    FrontMatterReader,
    Invalid,
    read_text,
    split_front_matter,
)
from dagsorden.kilder.markdown_body import parse_body
from dagsorden.zipcheck import path_problem

__all__ = [
    "AFSENDER_NOEGLER",
    "NOEGLER",
    "PAAKRAEVEDE_NOEGLER",
    "Afsender",
    "Notat",
    "build_notat",
    "build_notater",
    "output_path",
    "read_notat",
]

NOEGLER = (
    "til",
    "dato",
    "bilagsnr",
    "titel",
    "sagsnr",
    "dokumentnr",
    "sagsbehandler",
    "afsender",
)
"""Every front matter key of a notat, in the order the README documents them."""

PAAKRAEVEDE_NOEGLER = ("til", "dato", "titel")

AFSENDER_NOEGLER = ("center", "forvaltning", "adresse", "telefon", "email", "ean")

DATOFORMER = "07-11-2014, 07.11.2014 eller 2014-11-07"


@dataclass(frozen=True)
class Afsender:
    """The sender block beside the body: who wrote the notat and how to reach them."""

    center: str = ""
    forvaltning: str = ""
    adresse: tuple[str, ...] = ()
    """The address, one line each ("Rådhuset", "1550 København V")."""
    telefon: str = ""
    email: str = ""
    ean: str = ""


@dataclass(frozen=True)
class Notat:
    """One notat, as its author wrote it."""

    fil: Path
    til: tuple[str, ...]
    """The udvalg (or several) the notat is written to."""
    dato: dt.date
    titel: str
    afsnit: tuple[Section, ...]
    """The body; an opening text before the first `## ` is a section titled ""."""
    bilagsnr: int | None = None
    """The notat's number among its item's bilag: "Bilag 1: <titel>"."""
    sagsnr: str = ""
    dokumentnr: str = ""
    sagsbehandler: str = ""
    afsender: Afsender | None = None
    """None when the front matter has no sender block."""
    linjer: dict[str, int] = field(default_factory=dict, compare=False)
    """Line in the file of each front matter key, for error messages."""


# --- reading ------------------------------------------------------------------------


def read_notat(path: Path) -> Notat:
    """Reads a notat from its Markdown file.

    Every problem in the front matter and the body is collected and raised together
    as one CaseError, each with its line in the file.
    """
    fil = Path(path)
    problem = path_problem(fil)
    if problem:
        raise CaseError.at(fil, None, problem)
    if fil.is_dir():
        raise CaseError.at(fil, None, "Et notat er en Markdown-fil (.md), ikke en mappe.")
    if not fil.exists():
        raise CaseError.at(fil, None, "Filen findes ikke.")
    text = read_text(fil)
    yaml_text, yaml_line, body, body_line = split_front_matter(
        text, fil, filnavn=fil.name, noegler="til, dato, titel"
    )

    reader = _NotatReader(fil, yaml_line)
    values = reader.read(yaml_text)
    problems = list(reader.problems)
    afsnit: tuple[Section, ...] = ()
    try:
        afsnit = parse_body(body, body_line, fil, frie_afsnit=True, markoerer=False)
    except CaseError as exc:
        problems.extend(exc.problems)
    if problems:
        raise CaseError(problems) from reader.cause
    return Notat(fil=fil, afsnit=afsnit, linjer=reader.linjer, **values)


class _NotatReader(FrontMatterReader):
    """The keys of a notat (see FrontMatterReader for labels and lines)."""

    def read(self, yaml_text: str) -> dict[str, Any]:
        nodes = self.top_keys(yaml_text, NOEGLER, PAAKRAEVEDE_NOEGLER, "til: ...")
        if nodes is None:
            return {}
        readers = {
            "til": lambda n: self.texts("til", n, required=True),
            "dato": lambda n: self.dato("'dato'", n, required=True, former=DATOFORMER),
            "bilagsnr": self.bilagsnr,
            "titel": lambda n: self.text("'titel'", n, required=True),
            "sagsnr": lambda n: self.text("'sagsnr'", n),
            "dokumentnr": lambda n: self.text("'dokumentnr'", n),
            "sagsbehandler": lambda n: self.text("'sagsbehandler'", n),
            "afsender": self.afsender,
        }
        values: dict[str, Any] = {}
        for key, node in nodes.items():
            try:
                values[key] = readers[key](node)
            except Invalid:
                continue
        return values

    def bilagsnr(self, node: Node) -> int | None:
        if isinstance(node, ScalarNode) and node.tag == NULL:
            return None
        return self.whole_number("'bilagsnr'", node)

    def afsender(self, node: Node) -> Afsender | None:
        if isinstance(node, ScalarNode) and node.tag == NULL:
            return None
        nodes = self.keys(node, AFSENDER_NOEGLER, "'afsender'")
        values: dict[str, Any] = {}
        ok = True
        for key, value in nodes.items():
            label = f"'{key}' i 'afsender'"
            try:
                if key == "adresse":
                    values[key] = self.adresse(label, value)
                else:
                    values[key] = self.text(label, value)
            except Invalid:
                ok = False
        if not ok:
            raise Invalid()
        afsender = Afsender(**values)
        return afsender if afsender != Afsender() else None

    def adresse(self, label: str, node: Node) -> tuple[str, ...]:
        """One line, a list of lines, or a text of several lines (`adresse: |`)."""
        lines = self.texts("afsender.adresse", node, label=label)
        return tuple(part.strip() for line in lines for part in line.split("\n") if part.strip())


# --- writing ------------------------------------------------------------------------


def output_path(notat: Notat, ud: Path) -> Path:
    """`<UD>/<filstamme>.docx`: the notat keeps its Markdown file's name."""
    return ud / f"{notat.fil.stem}.docx"


def build_notat(notat: Notat, ud: Path, skabelon: Skabelon, target: Path | None = None) -> Path:
    """Writes one notat to `<ud>/<filstamme>.docx` (or `target`), whole or not at all."""
    document = skabelon.new_document()
    indhold = document.new_subdoc()
    writer = BodyWriter(indhold)
    for section in notat.afsnit:
        if section.titel:
            # A section title is the author's text: added as text, never as markup.
            indhold.add_heading(section.titel, 2)
        writer.add_blocks(section.blocks)
    context = {
        "til": notat.til,
        "dato": notat.dato,
        "bilagsnr": notat.bilagsnr,
        "titel": notat.titel,
        "sagsnr": notat.sagsnr,
        "dokumentnr": notat.dokumentnr,
        "sagsbehandler": notat.sagsbehandler,
        "afsender": notat.afsender,
        "indhold": indhold,
    }
    return skabelon.write(document, context, target or output_path(notat, ud))


def build_notater(paths: list[Path], ud: Path, skabelon: Skabelon | None = None) -> list[Path]:
    """Writes every notat; the template is read once.

    Every notat is read and checked before the first document is written, so a
    mistake in the last file doesn't leave half the bilag behind.
    """
    skabelon = skabelon or Skabelon.standard("notat")
    notater = [read_notat(path) for path in paths]
    _check_distinct_outputs(notater, ud)
    ud.mkdir(parents=True, exist_ok=True)
    return [build_notat(notat, ud, skabelon) for notat in notater]


def _check_distinct_outputs(notater: list[Notat], ud: Path) -> None:
    """Two notater with the same file name (from different folders) would overwrite
    each other in UD."""
    from dagsorden.output import same_name_key

    seen: dict[str, Path] = {}
    for notat in notater:
        target = output_path(notat, ud)
        first = seen.setdefault(same_name_key(target), notat.fil)
        if first.resolve() != notat.fil.resolve():
            raise OutputError(
                f"{first} og {notat.fil} ville begge blive skrevet til {target}. "
                "Giv den ene fil et andet navn."
            )
