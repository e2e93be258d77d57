"""A meeting: its file (`cases/moede.yaml`), its punkter in order, their bilag.

The secretary's file names the udvalg, date, place and the case folders in agenda
order; punkt numbers follow that order. Reading a meeting reads every case and
resolves every bilag, so `byg` can refuse a meeting with any problem before it
writes anything.

    udvalg: Socialudvalget
    moededato: 19.11.2014 kl. 16:00
    moedested: Rådhuset, stuen, værelse 8
    punkter:
      - pejlemaerker-2014              # a case folder, relative to this file
      - sag: forebyggelse
      - sag: bif-sof
      - sag: pejlemaerker-2014
        statusbilag: ../workbooks/eksempler   # an extra bilag: a status appendix
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace
from enum import Enum
from pathlib import Path
from typing import Any

from yaml.nodes import MappingNode, Node, ScalarNode

from dagsorden.errors import CaseError, CaseProblem
from dagsorden.front_matter import FrontMatterReader, Invalid, read_text
from dagsorden.sag import Bilag, Sag, read_sag

NOEGLER = ("udvalg", "moededato", "moedested", "punkter")
PAAKRAEVEDE = ("udvalg", "moededato", "punkter")
PUNKT_NOEGLER = ("sag", "statusbilag")

KOPIERES = (".pdf", ".docx", ".xlsx")
"""Bilag files put in the packet as they are."""


class Bilagsart(Enum):
    NOTAT = "notat"
    STATUSBILAG = "statusbilag"
    KOPI = "kopi"


@dataclass(frozen=True)
class Bilagsfil:
    """One bilag of a punkt, numbered within the punkt (Bilag 1, Bilag 2, ...)."""

    nummer: int
    titel: str
    kilde: Path
    art: Bilagsart


@dataclass(frozen=True)
class Punkt:
    nummer: int
    sag: Sag
    bilag: tuple[Bilagsfil, ...]

    @property
    def lukket(self) -> bool:
        return self.sag.lukket


@dataclass(frozen=True)
class Moede:
    fil: Path
    udvalg: str
    moededato: dt.datetime | dt.date
    moedested: str
    punkter: tuple[Punkt, ...]

    @property
    def projektmappe(self) -> Path:
        return project_folder(self.fil)


def project_folder(moedefil: Path) -> Path:
    """The folder every path of a meeting must stay inside: the folder above `cases/`
    when the meeting file lives there (so `../workbooks` is reachable), else the
    meeting file's own folder."""
    folder = moedefil.resolve().parent
    return folder.parent if folder.name == "cases" else folder


def inside(path: Path, folder: Path) -> bool:
    """Whether `path` (symlinks followed) lies in `folder`."""
    return path.resolve().is_relative_to(folder.resolve())


class _MoedeReader(FrontMatterReader):
    def read(self, text: str) -> dict[str, Any]:
        nodes = self.top_keys(text, NOEGLER, PAAKRAEVEDE, "udvalg: ...")
        if nodes is None:
            return {}
        values: dict[str, Any] = {}
        readers = {
            "udvalg": lambda n: self.text("'udvalg'", n, required=True),
            "moededato": self.moededato,
            "moedested": lambda n: self.text("'moedested'", n),
            "punkter": self.punkter,
        }
        for key, node in nodes.items():
            try:
                values[key] = readers[key](node)
            except Invalid:
                continue
        return values

    def punkter(self, node: Node) -> list[tuple[str, str, int]]:
        """(case folder, statusbilag folder or "", line) per punkt, in order."""
        result = []
        items = self.sequence("punkter", node)
        if not items:
            raise self.invalid(node, "'punkter' er en tom liste.")
        for i, item in enumerate(items, start=1):
            line = self.line(item)
            try:
                if isinstance(item, ScalarNode):
                    result.append((self.text(f"punkt nr. {i}", item, required=True), "", line))
                elif isinstance(item, MappingNode):
                    keys = self.keys(item, PUNKT_NOEGLER, f"punkt nr. {i}")
                    if "sag" not in keys:
                        raise self.invalid(item, f"Punkt nr. {i} mangler 'sag' (sagsmappen).")
                    sag = self.text(f"'sag' i punkt nr. {i}", keys["sag"], required=True)
                    status = ""
                    if "statusbilag" in keys:
                        status = self.text(f"'statusbilag' i punkt nr. {i}", keys["statusbilag"])
                    result.append((sag, status, line))
                else:
                    raise self.invalid(item, f"Punkt nr. {i} skal være en sagsmappe.")
            except Invalid:
                continue
        return result


def read_moede(path: Path) -> Moede:
    """Reads the meeting file and every case it names; raises one CaseError with all
    problems (the meeting file's and every case's)."""
    fil = Path(path)
    if fil.is_dir():
        fil = fil / "moede.yaml"
    text = read_text(fil)
    reader = _MoedeReader(fil, 1)
    values = reader.read(text)
    problems: list[CaseProblem] = list(reader.problems)
    project = project_folder(fil)
    punkter: list[Punkt] = []
    for nummer, (mappe, statusbilag, line) in enumerate(values.get("punkter", []), start=1):
        folder = fil.parent / mappe
        if not inside(folder, project):
            problems.append(
                CaseProblem(str(fil), line, f"Sagsmappen '{mappe}' ligger uden for {project}.")
            )
            continue
        try:
            sag = read_sag(folder)
        except CaseError as exc:
            problems.extend(exc.problems)
            continue
        sag = replace(
            sag,
            punkt=nummer,
            moededato=values.get("moededato", sag.moededato),
            moedested=values.get("moedested", sag.moedested),
        )
        bilag, bilag_problems = _bilag(sag, fil, line, statusbilag, project)
        problems.extend(bilag_problems)
        if len(bilag) > len(sag.bilag) and not bilag_problems:
            # The meeting's status appendix is listed in the paper like any bilag.
            sag = replace(sag, bilag=(*sag.bilag, Bilag(bilag[-1].titel)))
        punkter.append(Punkt(nummer, sag, bilag))
    if problems:
        raise CaseError(problems)
    return Moede(
        fil=fil,
        udvalg=values["udvalg"],
        moededato=values["moededato"],
        moedested=values.get("moedested", ""),
        punkter=tuple(punkter),
    )


def _bilag(
    sag: Sag, moedefil: Path, line: int, statusbilag: str, project: Path
) -> tuple[tuple[Bilagsfil, ...], list[CaseProblem]]:
    """The punkt's bilag files: the case's own (which must stay in the case folder),
    then the meeting file's status appendix, if any."""
    problems: list[CaseProblem] = []
    files: list[Bilagsfil] = []
    for i, bilag in enumerate(sag.bilag, start=1):
        bilag_line = sag.linjer.get(f"bilag.{i}", sag.linjer.get("bilag"))
        if not bilag.fil:
            problems.append(
                CaseProblem(str(sag.fil), bilag_line, f"Bilag {i} ('{bilag.titel}') har ingen fil.")
            )
            continue
        kilde = sag.mappe / bilag.fil
        art = _art(kilde)
        message = None
        if not inside(kilde, sag.mappe):
            message = f"Bilag {i}: '{bilag.fil}' ligger uden for sagsmappen og bruges ikke."
        elif not kilde.exists():
            message = f"Bilag {i}: filen '{bilag.fil}' findes ikke."
        elif art is None:
            message = (
                f"Bilag {i}: '{bilag.fil}' kan ikke bruges som bilag. Brug en notat-fil (.md), "
                "en mappe med pejlemærke-arbejdsbøger eller en .pdf-, .docx- eller .xlsx-fil."
            )
        if message:
            problems.append(CaseProblem(str(sag.fil), bilag_line, message))
            continue
        files.append(Bilagsfil(i, bilag.titel, kilde, art))  # type: ignore[arg-type]
    if statusbilag:
        kilde = moedefil.parent / statusbilag
        if not inside(kilde, project) or not kilde.is_dir():
            problems.append(
                CaseProblem(
                    str(moedefil),
                    line,
                    f"'statusbilag: {statusbilag}' skal være en mappe inden for {project}.",
                )
            )
        else:
            titel = "Status på pejlemærkerne"
            files.append(Bilagsfil(len(sag.bilag) + 1, titel, kilde, Bilagsart.STATUSBILAG))
    return tuple(files), problems


def _art(kilde: Path) -> Bilagsart | None:
    if kilde.is_dir():
        return Bilagsart.STATUSBILAG
    if kilde.suffix.lower() == ".md":
        return Bilagsart.NOTAT
    if kilde.suffix.lower() in KOPIERES:
        return Bilagsart.KOPI
    return None


__all__ = ["Bilagsart", "Bilagsfil", "Moede", "Punkt", "read_moede"]
