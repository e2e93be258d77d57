"""A notat (memo) from Markdown: the bilag most committee items carry (seed 001).

A notat is one Markdown file: YAML front matter with the memo's facts (til, dato,
bilagsnr, titel, the case numbers and the sender block) and a free body of `## `
sections, or none, parsed like a case's body. This module only reads and checks;
`dokumenter.notat` fills `templates/notat.docx`, which holds every fixed word and the
layout.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from yaml.nodes import Node, ScalarNode

from dagsorden.errors import CaseError
from dagsorden.kerne.blocks import Section
from dagsorden.kerne.sager import Afsender, Notat
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
        return self.values(nodes, readers)

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
