"""A case folder: `cases/<navn>/sag.md`, YAML front matter and a Markdown body.

The front matter holds the facts of the item (meeting, punkt, titel, at-punkter,
bilag, ...); the body holds the prose, in `## ` sections. Everything read here is
plain data (`kerne.sager.Sag`): text from a case is never evaluated as template code.
"""

from __future__ import annotations

import os
import re
from dataclasses import replace
from pathlib import Path
from typing import Any

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode

from dagsorden.errors import CaseError, CaseProblem
from dagsorden.kerne.blocks import Section
from dagsorden.kerne.cpr import cpr_cifre
from dagsorden.kerne.pladsholdere import ALIASER, NAVNE, typed_amounts
from dagsorden.kerne.sager import (
    PAPIRFORM_NOEGLER,
    Anbefaling,
    Beslutning,
    Bilag,
    CprTilladelse,
    Papirformer,
    PapirformFejl,
    Sag,
    papirform_vaerdi,
)
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
    "NOEGLER",
    "PAAKRAEVEDE_NOEGLER",
    "SAGSFIL",
    "read_sag",
]

SAGSFIL = "sag.md"

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
    "efter_indstilling",
    "b_sag",
    "indstilling_form",
    "oekonomi",
    "bilag",
    "underskrift",
    "lukket",
    "beslutning",
    "tillad_cpr",
    "andre_beloeb",
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


# --- reading sag.md -----------------------------------------------------------------


def read_sag(path: Path, former: Papirformer | None = None) -> Sag:
    """Reads a case: `path` is the case folder or its sag.md.

    `former` is dagsorden.toml's [indstilling]: the paper's form is its udvalg's
    (the first of the case's udvalg with a form of its own, else the standard one),
    with the case's `indstilling_form` on top. The body's sections are checked
    against that form.

    Every problem in the front matter and the body is collected and raised together
    as one CaseError, each with its line in sag.md.
    """
    fil = _sagsfil(Path(path))
    text = read_text(fil)
    yaml_text, yaml_line, body, body_line = split_front_matter(
        text, fil, filnavn=SAGSFIL, noegler="udvalg, moededato, titel"
    )

    reader = _FrontMatterReader(fil, yaml_line)
    values = reader.read(yaml_text)
    problems = list(reader.problems)
    form = (former or Papirformer()).for_udvalg(values.get("udvalg", ()))
    aendringer = values.pop("indstilling_form", None)
    if aendringer:
        try:
            form = form.med(aendringer, f"{SAGSFIL}, 'indstilling_form'")
        except PapirformFejl as exc:
            line = reader.linjer.get("indstilling_form")
            problems.append(CaseProblem(str(fil), line, f"'indstilling_form': {exc}"))
    if not form.at_foran:
        values["indstilling"] = _uden_nummer(values.get("indstilling", ()))
    titel = values.get("titel", "")
    if _B_SAG.match(titel):
        # "B-sag: X" typed in the title: the mark is b_sag's, printed once
        values["titel"], values["b_sag"] = _B_SAG.sub("", titel, count=1), True
    afsnit: tuple[Section, ...] = ()
    try:
        afsnit = parse_body(body, body_line, fil, form=form)
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
        form=form,
        linjer=reader.linjer,
        **values,
    )


def _uden_nummer(punkter: tuple[str, ...]) -> tuple[str, ...]:
    """At-punkter for a lead-in that says "at" itself ("indstiller, at udvalget:"):
    each begins with its verb, so a number before it ("1. godkender") is a pasted one."""
    return tuple(_PASTET_NUMMER.sub("", p, count=1) or p for p in punkter)


def _sagsfil(path: Path) -> Path:
    problem = path_problem(path)
    if problem:
        raise CaseError.at(path, None, problem)
    if path.is_dir():
        fil = path / SAGSFIL
        if not os.path.lexists(fil):
            raise CaseError.at(path, None, f"Sagsmappen har ingen {SAGSFIL}.")
        return fil  # a folder or a named pipe called sag.md: read_text says so
    if not path.exists():
        raise CaseError.at(path, None, "Filen eller mappen findes ikke.")
    return path


# --- the front matter ---------------------------------------------------------------


def _placeholder_keys(node: MappingNode) -> bool:
    """Whether a flow mapping `{beløb}` / `{beløb:Post}` is a placeholder YAML took as keys."""
    names = {n.casefold() for n in (*NAVNE, *ALIASER)}
    return any(
        isinstance(key, ScalarNode) and re.split(r"[:#|]", key.value)[0].strip().casefold() in names
        for key, _ in node.value
    )


_SANDT = frozenset({"true", "yes", "on", "ja"})
_FALSK = frozenset({"false", "no", "off", "nej"})
_PUNKTTEGN = re.compile(r"^\s*(?:[•·▪◦‣●○■□➢►✓*]\s*|[-–—]\s+)")
"""A bullet pasted before an at-punkt ("• at ...", "- at ...")."""
_AT = re.compile(r"^(?:\d+\s*[.)]\s*)?at(?:\s+|$)", re.IGNORECASE)
"""A pasted number and the "at" the paper writes itself ("1. at", "1) at", "at")."""
_PASTET_NUMMER = re.compile(r"^\d+\s*[.)]\s+")
_B_SAG = re.compile(r"^\s*B-sag\s*:\s*(?=\S)", re.IGNORECASE)

_BEGYNDER_MED_KLAMME = re.compile(
    r"^\s*(?:[\w-]+\s*:\s*|-\s+)\{+\s*(?:" + "|".join((*NAVNE, *ALIASER)) + ")",
    re.IGNORECASE,
)
"""A front matter line whose text begins with a brace: `resume: {beløb} ...`."""
_KLAMME_HINT = (
    "En tekst, der begynder med en pladsholder som {beløb}, skal stå i anførselstegn, "
    "fx '{beløb} bevilges til ...'."
)

_ANBEFALING_NOEGLER = ("til", "punkter")
_BILAG_NOEGLER = ("titel", "fil")
_BESLUTNING_NOEGLER = ("udvalg", "dato", "tekst")
_TILLAD_CPR_NOEGLER = ("nummer", "grund")


class _FrontMatterReader(FrontMatterReader):
    """The keys of sag.md (see FrontMatterReader for labels and lines)."""

    def read(self, yaml_text: str) -> dict[str, Any]:
        nodes = self.top_keys(yaml_text, NOEGLER, PAAKRAEVEDE_NOEGLER, "udvalg: ...")
        if nodes is None:
            return {}

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
            "efter_indstilling": lambda n: self.texts("efter_indstilling", n),
            "b_sag": lambda n: self.ja_nej("b_sag", n),
            "indstilling_form": self.indstilling_form,
            "oekonomi": self.oekonomi,
            "bilag": self.bilag,
            "underskrift": self.underskrift,
            "lukket": self.lukket,
            "beslutning": self.beslutning,
            "tillad_cpr": self.tillad_cpr,
            "andre_beloeb": self.andre_beloeb,
        }
        return self.values(nodes, readers)

    # --- a text that begins with a placeholder ----------------------------------
    # YAML reads `resume: {beløb} ...` as a mapping (or can't read it at all): say
    # so in words an author knows, rather than "nøgler med værdier".

    def text(self, label: str, node: Node, required: bool = False) -> str:
        if isinstance(node, MappingNode) and node.flow_style and _placeholder_keys(node):
            raise self.invalid(node, f"{label} begynder med en pladsholder. {_KLAMME_HINT}")
        return super().text(label, node, required)

    def yaml_problem(self, exc: yaml.MarkedYAMLError) -> None:
        mark = exc.problem_mark or exc.context_mark
        buffer = getattr(mark, "buffer", None) if mark else None
        lines = buffer.splitlines() if isinstance(buffer, str) else []
        for mark_ in (exc.context_mark, exc.problem_mark):
            if (
                mark_ is not None
                and mark_.line < len(lines)
                and _BEGYNDER_MED_KLAMME.match(lines[mark_.line])
            ):
                line = self.first_line + mark_.line
                self.problem(line, f"Front matter er ikke gyldig YAML. {_KLAMME_HINT}")
                return
        super().yaml_problem(exc)

    # --- sag's own values -----------------------------------------------------

    def at_punkter(self, key: str, label: str, node: Node) -> tuple[str, ...]:
        """At-punkter, each without the "at" the document writes before it."""
        punkter = self.texts(key, node, required=True, label=label)
        stripped = tuple(
            _AT.sub("", _PUNKTTEGN.sub("", p, count=1), count=1).strip() for p in punkter
        )
        for i, punkt in enumerate(stripped, start=1):
            if not punkt:
                self.problem(self.linjer[f"{key}.{i}"], f"{label} nr. {i} er tom efter 'at'.")
        if not all(stripped):
            raise Invalid()
        return stripped

    def punkt(self, node: Node) -> int:
        return self.whole_number("'punkt'", node)

    def lukket(self, node: Node) -> bool:
        return self.ja_nej("lukket", node)

    def ja_nej(self, key: str, node: Node) -> bool:
        text = self.text(f"'{key}'", node)
        if text.casefold() in _SANDT:
            return True
        if not text or text.casefold() in _FALSK:
            return False
        raise self.invalid(node, f"'{key}' skal være true eller false, ikke '{text}'.")

    def indstilling_form(self, node: Node) -> dict[str, object]:
        """The paper's form for this case only: keys as in [indstilling]."""
        if isinstance(node, ScalarNode) and node.tag == NULL:
            return {}
        nodes = self.keys(node, PAPIRFORM_NOEGLER, "'indstilling_form'")
        aendringer: dict[str, object] = {}
        ok = True
        for key, value in nodes.items():
            label = f"'{key}' i 'indstilling_form'"
            try:
                if key in ("afsnit", "valgfri"):
                    written: object = self.texts(f"indstilling_form.{key}", value, label=label)
                    for i in range(1, len(written) + 1):  # type: ignore[arg-type]
                        self.linjer.pop(f"indstilling_form.{key}.{i}", None)
                else:
                    written = self.text(label, value)
                aendringer[key] = papirform_vaerdi(key, written)
            except PapirformFejl as exc:
                self.problem(self.line(value), f"'indstilling_form': {exc}")
                ok = False
            except Invalid:
                ok = False
        if not ok:
            raise Invalid()
        return aendringer

    def anbefaling(self, node: Node) -> Anbefaling | None:
        if isinstance(node, ScalarNode) and node.tag == NULL:
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
            line = self.linjer.get(f"oekonomi.{i}", self.line(node))
            problem = path_problem(path)
            if problem:
                self.problem(line, f"'oekonomi': Budgetarbejdsbogen '{sti}': {problem}")
                ok = False
            elif not path.is_file():
                self.problem(line, f"'oekonomi': Budgetarbejdsbogen '{sti}' findes ikke ({path}).")
                ok = False
            paths.append(path)
        if not ok:
            raise Invalid()
        return tuple(paths)

    def underskrift(self, node: Node) -> tuple[str, ...]:
        if isinstance(node, ScalarNode):
            names = self.text("'underskrift'", node).split("/")
            return tuple(name.strip() for name in names if name.strip())
        return self.texts("underskrift", node)

    def andre_beloeb(self, node: Node) -> tuple[str, ...]:
        """Amounts typed in the text that are not from the case's tables, as written."""
        amounts = self.texts("andre_beloeb", node)
        for i, amount in enumerate(amounts, start=1):
            if len(typed_amounts(amount)) != 1:
                line = self.linjer.get(f"andre_beloeb.{i}", self.line(node))
                self.problem(
                    line,
                    f"'andre_beloeb' nr. {i} ('{amount}') er ikke ét beløb med enhed. Skriv "
                    "beløbet, som det står i teksten, fx '20 mio. kr.'.",
                )
        return amounts

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
            except Invalid:
                ok = False
        if not ok:
            raise Invalid()
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
            except Invalid:
                ok = False
        if not ok:
            raise Invalid()
        return tuple(result)

    def tillad_cpr(self, node: Node) -> tuple[CprTilladelse, ...]:
        result: list[CprTilladelse] = []
        ok = True
        for i, item in enumerate(self.sequence("tillad_cpr", node), start=1):
            self.linjer[f"tillad_cpr.{i}"] = self.line(item)
            where = f"'tillad_cpr' nr. {i}"
            try:
                nodes = self.keys(item, _TILLAD_CPR_NOEGLER, where)
                missing = [k for k in _TILLAD_CPR_NOEGLER if k not in nodes]
                if missing:
                    raise self.invalid(
                        item,
                        f"{where} mangler {' og '.join(repr(k) for k in missing)}: et "
                        "CPR-nummer må kun tillades med nummeret (nummer) og grunden (grund).",
                    )
                nummer = self.text(f"'nummer' i {where}", nodes["nummer"], required=True)
                grund = self.text(f"'grund' i {where}", nodes["grund"], required=True)
                if cpr_cifre(nummer) is None:
                    raise self.invalid(
                        nodes["nummer"],
                        f"'nummer' i {where} skal være ét CPR-nummer som 010203-1234 med en "
                        "gyldig dato og intet andet.",
                    )
                result.append(CprTilladelse(nummer, grund))
            except Invalid:
                ok = False
        if not ok:
            raise Invalid()
        return tuple(result)
