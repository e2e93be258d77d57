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

import os
from dataclasses import replace
from pathlib import Path
from typing import Any

from yaml.nodes import MappingNode, Node, ScalarNode

from dagsorden.errors import CaseError, CaseProblem
from dagsorden.kerne.sager import Bilag, Bilagsart, Bilagsfil, Moede, Punkt, Sag
from dagsorden.kilder.front_matter import FrontMatterReader, Invalid, read_text
from dagsorden.kilder.sag import read_sag
from dagsorden.zipcheck import OfficeFileError, check_office_file, file_problem, path_problem

NOEGLER = ("udvalg", "moededato", "moedested", "punkter")
PAAKRAEVEDE = ("udvalg", "moededato", "punkter")
PUNKT_NOEGLER = ("sag", "statusbilag")

KOPIERES = (".pdf", ".docx", ".xlsx")
"""Bilag files put in the packet as they are."""

MAX_BILAG_BYTES = 100 * 1024 * 1024
"""A bilag file may be at most 100 MB: a long scanned report is a few tens of MB."""

_GEM_SOM = {".docx": "Word-dokument (.docx)", ".xlsx": "Excel-arbejdsbog (.xlsx)"}


def project_folder(moedefil: Path) -> Path:
    """The folder every path of a meeting must stay inside: the folder above `cases/`
    when the meeting file lives there (so `../workbooks` is reachable), else the
    meeting file's own folder."""
    folder = moedefil.resolve().parent
    return folder.parent if folder.name == "cases" else folder


def inside(path: Path, folder: Path) -> bool:
    """Whether `path` (symlinks followed) lies in `folder`; False when the path can't
    even be resolved (a name too long for the file system, a loop of links)."""
    try:
        return path.resolve().is_relative_to(folder.resolve())
    except (OSError, RuntimeError):
        return False


class _MoedeReader(FrontMatterReader):
    def read(self, text: str) -> dict[str, Any]:
        nodes = self.top_keys(text, NOEGLER, PAAKRAEVEDE, "udvalg: ...")
        if nodes is None:
            return {}
        readers = {
            "udvalg": lambda n: self.text("'udvalg'", n, required=True),
            "moededato": self.moededato,
            "moedested": lambda n: self.text("'moedested'", n),
            "punkter": self.punkter,
        }
        return self.values(nodes, readers)

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
    seen: dict[Path, int] = {}
    for nummer, (mappe, statusbilag, line) in enumerate(values.get("punkter", []), start=1):
        folder = fil.parent / mappe
        problem = path_problem(folder)
        if problem:
            problems.append(CaseProblem(str(fil), line, f"Sagsmappen '{mappe}': {problem}"))
            continue
        if not inside(folder, project):
            problems.append(
                CaseProblem(str(fil), line, f"Sagsmappen '{mappe}' ligger uden for {project}.")
            )
            continue
        first = seen.setdefault(folder.resolve(), nummer)
        if first != nummer:
            problems.append(
                CaseProblem(
                    str(fil),
                    line,
                    f"Sagsmappen '{mappe}' står allerede som punkt {first}. Et punkt kan kun "
                    "stå én gang på dagsordenen.",
                )
            )
            continue
        if not _is_dir(folder) and not os.path.lexists(folder):
            problems.append(
                CaseProblem(str(fil), line, f"Sagsmappen '{mappe}' findes ikke ({folder}).")
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
    seen: dict[Path, int] = {}
    for i, bilag in enumerate(sag.bilag, start=1):
        bilag_line = sag.linjer.get(f"bilag.{i}", sag.linjer.get("bilag"))
        if not bilag.fil:
            problems.append(
                CaseProblem(str(sag.fil), bilag_line, f"Bilag {i} ('{bilag.titel}') har ingen fil.")
            )
            continue
        kilde = sag.mappe / bilag.fil
        art, message = _check_bilag(kilde, bilag.fil, sag.mappe, i)
        if message is None:
            first = seen.setdefault(kilde.resolve(), i)
            if first != i:
                message = f"Bilag {i}: '{bilag.fil}' er også bilag {first}. Vedlæg en fil én gang."
        if message:
            problems.append(CaseProblem(str(sag.fil), bilag_line, message))
            continue
        files.append(Bilagsfil(i, bilag.titel, kilde, art))  # type: ignore[arg-type]
    if statusbilag:
        kilde = moedefil.parent / statusbilag
        problem = path_problem(kilde)
        if problem:
            problems.append(
                CaseProblem(str(moedefil), line, f"'statusbilag: {statusbilag}': {problem}")
            )
        elif not inside(kilde, project) or not _is_dir(kilde):
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


def _is_dir(path: Path) -> bool:
    try:
        return path.is_dir()
    except OSError:  # a name too long for the file system: reported as a file problem
        return False


def _check_bilag(kilde: Path, fil: str, mappe: Path, i: int) -> tuple[Bilagsart | None, str | None]:
    """The bilag's kind, or why it can't be used (a Danish sentence naming it).

    A file is checked here, before anything is written: a named pipe would hang the
    copy, a huge file would fill the packet, a broken or hostile Word or Excel file
    would only fail deep inside the build.
    """
    if not inside(kilde, mappe):
        return None, f"Bilag {i}: '{fil}' ligger uden for sagsmappen og bruges ikke."
    if _is_dir(kilde):
        return Bilagsart.STATUSBILAG, None
    problem = file_problem(kilde, MAX_BILAG_BYTES)
    if problem == "Filen findes ikke.":
        return None, f"Bilag {i}: filen '{fil}' findes ikke."
    suffix = kilde.suffix.lower()
    art = Bilagsart.NOTAT if suffix == ".md" else Bilagsart.KOPI if suffix in KOPIERES else None
    if art is None:
        return None, (
            f"Bilag {i}: '{fil}' kan ikke bruges som bilag. Brug en notat-fil (.md), "
            "en mappe med pejlemærke-arbejdsbøger eller en .pdf-, .docx- eller .xlsx-fil."
        )
    if problem:
        return None, f"Bilag {i}: '{fil}' kan ikke bruges. {problem}"
    try:
        if suffix in _GEM_SOM:
            check_office_file(kilde, _GEM_SOM[suffix])
        elif suffix == ".pdf":
            pdf_problem = _pdf_problem(kilde)
            if pdf_problem:
                return None, f"Bilag {i}: '{fil}' {pdf_problem}"
    except OfficeFileError as exc:
        if exc.kind == "ikke zip":
            return None, (
                f"Bilag {i}: '{fil}' er ingen Office-fil, men skulle være et "
                f"{_GEM_SOM[suffix]}: filen er beskadiget eller har forkert endelse."
            )
        return None, f"Bilag {i}: '{fil}' kan ikke bruges. {exc.message}"
    except OSError as exc:
        return None, f"Bilag {i}: '{fil}' kan ikke læses ({exc.strerror or exc})."
    return art, None


def _pdf_problem(kilde: Path) -> str | None:
    """Why a .pdf bilag is no whole PDF file, or None: its start says %PDF- and its
    end holds %%EOF (a truncated download or an interrupted copy has none)."""
    with kilde.open("rb") as handle:
        head = handle.read(1024)
        handle.seek(max(handle.seek(0, 2) - 65536, 0))
        tail = handle.read()
    if b"%PDF-" not in head:
        return "er ikke en PDF-fil (den har forkert endelse eller er beskadiget)."
    if b"%%EOF" not in tail:
        return "er ikke en hel PDF-fil (slutningen mangler; den er beskadiget)."
    return None


__all__ = ["read_moede"]
