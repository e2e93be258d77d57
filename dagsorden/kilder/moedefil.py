"""A meeting: its file (`cases/moede.yaml`), its punkter in order, their bilag.

The secretary's file names the udvalg, date, place and the case folders in agenda
order; punkt numbers follow that order. Reading a meeting reads every case and
resolves every bilag, so `byg` can refuse a meeting with any problem before it
writes anything.

    udvalg: Socialudvalget
    moededato: 19.11.2014 kl. 16:00
    moedested: Rådhuset, stuen, værelse 8
    medlemmer: [Ane Hansen, Bo Jensen, Carl Nielsen]   # optional
    punkter:
      - titel: Godkendelse af dagsorden   # a standing item: no case, no paper
      - pejlemaerker-2014              # a case folder, relative to this file
      - sag: forebyggelse
      - sag: pejlemaerker-2014
        statusbilag: ../workbooks/eksempler   # an extra bilag: a status appendix
      - titel: Meddelelser
        tekst: Orientering om ...      # optional, shown under the standing item
      - titel: Eventuelt

After the meeting the secretary writes the decisions and who was absent in the
same file (never in the cases), for `byg --referat`:

    fravaerende: [Bo Jensen]
    beslutninger:
      - punkt: 1                       # the punkt's number, or
        beslutning: Dagsordenen blev godkendt.
      - sag: forebyggelse              # the case folder as under 'punkter'
        beslutning: Indstillingen blev godkendt.
        udvalg: Socialudvalget         # optional: default the meeting's udvalg
        dato: 19.11.2014               # optional: default the meeting's date

A decision in a case's front matter dated the meeting's date, or undated, counts as
this meeting's too (never both); one dated otherwise is the case's history.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from dataclasses import replace
from pathlib import Path
from typing import Any, NamedTuple

from yaml.nodes import MappingNode, Node, ScalarNode

from dagsorden.errors import CaseError, CaseProblem
from dagsorden.kerne.danish import og
from dagsorden.kerne.sager import (
    Beslutning,
    Bilag,
    Bilagsart,
    Bilagsfil,
    Moede,
    Papirformer,
    Punkt,
    Sag,
)
from dagsorden.kilder.front_matter import FrontMatterReader, Invalid, read_text
from dagsorden.kilder.sag import read_sag
from dagsorden.zipcheck import OfficeFileError, check_office_file, file_problem, path_problem

NOEGLER = (
    "udvalg",
    "moededato",
    "moedested",
    "medlemmer",
    "punkter",
    "fravaerende",
    "beslutninger",
)
PAAKRAEVEDE = ("udvalg", "moededato", "punkter")
PUNKT_NOEGLER = ("sag", "statusbilag", "titel", "tekst")
BESLUTNING_NOEGLER = ("punkt", "sag", "beslutning", "udvalg", "dato")

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


class _Punktlinje(NamedTuple):
    """One entry of 'punkter' as written: a case (`sag`) or a standing item (`titel`)."""

    nummer: int
    """Its place in the list: its number, even when an entry before it is invalid."""
    sag: str
    statusbilag: str
    titel: str
    tekst: tuple[str, ...]
    line: int


class _Beslutningslinje(NamedTuple):
    """One entry of 'beslutninger' as written, before it is matched to its punkt."""

    nummer: int
    punkt: int | None
    sag: str
    tekst: str
    udvalg: str
    dato: dt.date | None
    line: int


class _MoedeReader(FrontMatterReader):
    antal_punkter = 0
    """How many entries 'punkter' has, valid or not."""

    def read(self, text: str) -> dict[str, Any]:
        nodes = self.top_keys(text, NOEGLER, PAAKRAEVEDE, "udvalg: ...")
        if nodes is None:
            return {}
        readers = {
            "udvalg": lambda n: self.text("'udvalg'", n, required=True),
            "moededato": self.moededato,
            "moedested": lambda n: self.text("'moedested'", n),
            "medlemmer": lambda n: self.names("medlemmer", n),
            "punkter": self.punkter,
            "fravaerende": lambda n: self.names("fravaerende", n),
            "beslutninger": self.beslutninger,
        }
        return self.values(nodes, readers)

    def names(self, key: str, node: Node) -> tuple[str, ...]:
        """A list of people; the same name twice is a problem."""
        names = self.texts(key, node)
        seen: dict[str, int] = {}
        for i, name in enumerate(names, start=1):
            first = seen.setdefault(_normal(name), i)
            if first != i:
                line = self.linjer.get(f"{key}.{i}", self.line(node))
                self.problem(line, f"'{name}' står to gange i '{key}' (nr. {first} og {i}).")
        return names

    def punkter(self, node: Node) -> list[_Punktlinje]:
        """Each punkt as written, in order."""
        result = []
        items = self.sequence("punkter", node)
        if not items:
            raise self.invalid(node, "'punkter' er en tom liste.")
        self.antal_punkter = len(items)
        for i, item in enumerate(items, start=1):
            line = self.line(item)
            try:
                if isinstance(item, ScalarNode):
                    sag = self.text(f"punkt nr. {i}", item, required=True)
                    result.append(_Punktlinje(i, sag, "", "", (), line))
                elif isinstance(item, MappingNode):
                    result.append(self.punkt(i, item, line))
                else:
                    raise self.invalid(
                        item, f"Punkt nr. {i} skal være en sagsmappe eller 'titel: ...'."
                    )
            except Invalid:
                continue
        return result

    def punkt(self, i: int, item: MappingNode, line: int) -> _Punktlinje:
        keys = self.keys(item, PUNKT_NOEGLER, f"punkt nr. {i}")
        if "sag" in keys and "titel" in keys:
            raise self.invalid(
                item,
                f"Punkt nr. {i} har både 'sag' og 'titel'. Et punkt er enten en sag "
                "('sag: mappe'; titlen står i sagens sag.md) eller et stående punkt uden "
                "sag ('titel: Eventuelt'). Slet den ene.",
            )
        if "titel" in keys:
            titel = self.text(f"'titel' i punkt nr. {i}", keys["titel"])
            if not titel:
                raise self.invalid(
                    keys["titel"],
                    f"'titel' i punkt nr. {i} er tom. Skriv punktets titel, fx 'titel: Eventuelt'.",
                )
            if "statusbilag" in keys:
                raise self.invalid(
                    keys["statusbilag"],
                    f"Punkt nr. {i} ('{titel}') er et stående punkt uden sag og kan ikke have "
                    "'statusbilag'. Sæt statusbilaget på den sag, det hører til.",
                )
            tekst: tuple[str, ...] = ()
            if "tekst" in keys:
                tekst = _afsnit(
                    self.texts(
                        f"punkter.{i}.tekst", keys["tekst"], label=f"'tekst' i punkt nr. {i}"
                    )
                )
            return _Punktlinje(i, "", "", titel, tekst, line)
        if "sag" not in keys:
            raise self.invalid(
                item,
                f"Punkt nr. {i} mangler 'sag' (sagsmappen) eller 'titel' (et stående punkt "
                "som 'titel: Eventuelt').",
            )
        if "tekst" in keys:
            raise self.invalid(
                keys["tekst"],
                f"'tekst' i punkt nr. {i}: kun et stående punkt ('titel: ...') har 'tekst'. "
                "En sags tekst står i dens sag.md.",
            )
        sag = self.text(f"'sag' i punkt nr. {i}", keys["sag"], required=True)
        status = ""
        if "statusbilag" in keys:
            status = self.text(f"'statusbilag' i punkt nr. {i}", keys["statusbilag"])
        return _Punktlinje(i, sag, status, "", (), line)

    def beslutninger(self, node: Node) -> list[_Beslutningslinje]:
        """Each decision as written; matched to its punkt by `read_moede`."""
        result = []
        for i, item in enumerate(self.sequence("beslutninger", node), start=1):
            where = f"beslutning nr. {i} under 'beslutninger'"
            try:
                keys = self.keys(item, BESLUTNING_NOEGLER, where)
                if "punkt" in keys and "sag" in keys:
                    raise self.invalid(
                        item,
                        f"{where.capitalize()} har både 'punkt' og 'sag'. Skriv kun det ene.",
                    )
                if "punkt" not in keys and "sag" not in keys:
                    raise self.invalid(
                        item,
                        f"{where.capitalize()} mangler 'punkt' (punktets nummer) eller 'sag' "
                        "(sagsmappen, som under 'punkter').",
                    )
                if "beslutning" not in keys:
                    raise self.invalid(
                        item,
                        f"{where.capitalize()} mangler 'beslutning' (teksten, fx 'beslutning: "
                        "Indstillingen blev godkendt.').",
                    )
                punkt = (
                    self.whole_number(f"'punkt' i {where}", keys["punkt"])
                    if "punkt" in keys
                    else None
                )
                sag = self.text(f"'sag' i {where}", keys["sag"], required=True) if not punkt else ""
                tekst = self.text(f"'beslutning' i {where}", keys["beslutning"], required=True)
                udvalg = (
                    self.text(f"'udvalg' i {where}", keys["udvalg"]) if "udvalg" in keys else ""
                )
                dato = self.dato(f"'dato' i {where}", keys["dato"]) if "dato" in keys else None
                result.append(
                    _Beslutningslinje(i, punkt, sag, tekst, udvalg, dato, self.line(item))
                )
            except Invalid:
                continue
        return result


def _normal(text: str) -> str:
    """A name or title compared the way a reader compares it."""
    return " ".join(text.split()).casefold()


def _afsnit(texts: tuple[str, ...]) -> tuple[str, ...]:
    """Paragraphs: a blank line in a text starts a new one; other line breaks are
    the editor's, not the author's (YAML `>` and `|` both work)."""
    paragraphs = []
    for text in texts:
        for block in re.split(r"\n\s*\n", text):
            paragraph = " ".join(block.split())
            if paragraph:
                paragraphs.append(paragraph)
    return tuple(paragraphs)


def read_moede(path: Path, former: Papirformer | None = None) -> Moede:
    """Reads the meeting file and every case it names; raises one CaseError with all
    problems (the meeting file's and every case's). `former`: the papers' forms
    (dagsorden.toml's [indstilling]), by which each case is read."""
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
    titles: dict[str, int] = {}
    folders: dict[int, Path] = {}
    """Each case punkt's folder by number, read or not: for matching decisions."""
    linjer: list[_Punktlinje] = values.get("punkter", [])
    for punkt in linjer:
        nummer, mappe, statusbilag, line = punkt.nummer, punkt.sag, punkt.statusbilag, punkt.line
        if punkt.titel:
            first = titles.setdefault(_normal(punkt.titel), nummer)
            if first != nummer:
                problems.append(
                    CaseProblem(
                        str(fil),
                        line,
                        f"'{punkt.titel}' står allerede som punkt {first}. Et punkt kan kun "
                        "stå én gang på dagsordenen.",
                    )
                )
                continue
            punkter.append(Punkt(nummer, None, titel=punkt.titel, tekst=punkt.tekst, linje=line))
            continue
        folder = fil.parent / mappe
        problem = path_problem(folder)
        if problem:
            problems.append(CaseProblem(str(fil), line, f"Sagsmappen '{mappe}': {problem}"))
            continue
        folders[nummer] = folder
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
            sag = read_sag(folder, former)
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
        punkter.append(Punkt(nummer, sag, bilag, linje=line))
    problems += _fravaer_problems(fil, values, reader.linjer)
    if "udvalg" in values and "moededato" in values:
        punkter, decision_problems = _with_decisions(
            fil, values, punkter, reader.antal_punkter, folders
        )
        problems += decision_problems
    if problems:
        raise CaseError(problems)
    return Moede(
        fil=fil,
        udvalg=values["udvalg"],
        moededato=values["moededato"],
        moedested=values.get("moedested", ""),
        punkter=tuple(punkter),
        medlemmer=values.get("medlemmer", ()),
        fravaerende=values.get("fravaerende"),
    )


def _fravaer_problems(
    fil: Path, values: dict[str, Any], linjer: dict[str, int]
) -> list[CaseProblem]:
    """Who is absent must be a member, when the file lists the members."""
    medlemmer = {_normal(name) for name in values.get("medlemmer", ())}
    if not medlemmer:
        return []
    return [
        CaseProblem(
            str(fil),
            linjer.get(f"fravaerende.{i}", linjer.get("fravaerende")),
            f"'{name}' under 'fravaerende' står ikke under 'medlemmer'. Ret stavningen, "
            "eller skriv personen på listen over medlemmer.",
        )
        for i, name in enumerate(values.get("fravaerende") or (), start=1)
        if _normal(name) not in medlemmer
    ]


def _with_decisions(
    fil: Path,
    values: dict[str, Any],
    punkter: list[Punkt],
    antal: int,
    folders: dict[int, Path],
) -> tuple[list[Punkt], list[CaseProblem]]:
    """Every punkt with this meeting's decisions and its history.

    A decision of 'beslutninger' dated the meeting's date (its default) is this
    meeting's; one dated otherwise is history (and `byg --referat` warns). A
    decision in the case's front matter is this meeting's when dated the meeting's
    date (or undated) by one of its udvalg, else history; written in both places, it
    is refused.
    """
    udvalg: str = values["udvalg"]
    moededato = values["moededato"]
    dato = moededato.date() if isinstance(moededato, dt.datetime) else moededato
    problems: list[CaseProblem] = []
    by_number = {p.nummer: p for p in punkter}
    written: dict[int, list[tuple[Beslutning, int]]] = {}
    for entry in values.get("beslutninger", []):
        where = f"Beslutning nr. {entry.nummer} under 'beslutninger'"
        nummer = entry.punkt if entry.punkt is not None else _number_of(fil, entry.sag, folders)
        if nummer is None:
            problems.append(
                CaseProblem(
                    str(fil),
                    entry.line,
                    f"{where}: sagen '{entry.sag}' står ikke under 'punkter'. Skriv sagsmappen "
                    "som under 'punkter', eller punktets nummer, fx 'punkt: 2'.",
                )
            )
            continue
        if nummer > antal:
            problems.append(
                CaseProblem(
                    str(fil),
                    entry.line,
                    f"{where}: punkt {nummer} findes ikke; dagsordenen har punkt 1-{antal}.",
                )
            )
            continue
        punkt = by_number.get(nummer)
        if punkt is None:
            continue  # the punkt itself has a problem, reported already
        tilladte = [udvalg, *(punkt.sag.udvalg if punkt.sag else ())]
        hvem = entry.udvalg or udvalg
        if _normal(hvem) not in {_normal(u) for u in tilladte}:
            problems.append(
                CaseProblem(
                    str(fil),
                    entry.line,
                    f"{where}: 'udvalg: {hvem}' er hverken mødets udvalg eller sagens "
                    f"({og(list(dict.fromkeys(tilladte)))}). Ret stavningen.",
                )
            )
            continue
        beslutning = Beslutning(
            hvem, entry.dato or dato, entry.tekst, kilde=f"{fil}, linje {entry.line}"
        )
        earlier = [
            line
            for other, line in written.get(nummer, [])
            if _normal(other.udvalg) == _normal(hvem) and other.dato == beslutning.dato
        ]
        if earlier:
            problems.append(
                CaseProblem(
                    str(fil),
                    entry.line,
                    f"{where}: punkt {nummer} har allerede en beslutning for {hvem} "
                    f"(linje {earlier[0]}). Skriv den samlede beslutning ét sted.",
                )
            )
            continue
        written.setdefault(nummer, []).append((beslutning, entry.line))

    result = []
    for punkt in punkter:
        own = [b for b, _ in written.get(punkt.nummer, [])]
        denne = [b for b in own if b.dato == dato]
        andet = [b for b in own if b.dato != dato]
        historik: list[Beslutning] = []
        if punkt.sag is not None:
            sag = punkt.sag
            udvalgene = {_normal(u) for u in (udvalg, *sag.udvalg)}
            for i, b in enumerate(sag.beslutning, start=1):
                line = sag.linjer.get(f"beslutning.{i}", sag.linjer.get("beslutning"))
                b = replace(b, kilde=f"{sag.fil}, linje {line}" if line else str(sag.fil))
                if b.dato in (dato, None) and _normal(b.udvalg) in udvalgene:
                    b = replace(b, dato=dato)  # undated: the meeting's, as in moede.yaml
                    if denne:
                        problems.append(
                            CaseProblem(
                                str(sag.fil),
                                line,
                                f"Punkt {punkt.nummer} har en beslutning fra dette møde både "
                                f"her og i {denne[0].kilde}. Skriv mødets beslutninger ét "
                                "sted, under 'beslutninger' i mødefilen, og slet den her.",
                            )
                        )
                        continue
                    denne.append(b)
                else:
                    historik.append(b)
        result.append(
            replace(
                punkt,
                beslutninger=tuple(denne),
                historik=(*historik, *andet),
                andet_moede=tuple(andet),
            )
        )
    return result, problems


def _number_of(fil: Path, mappe: str, folders: dict[int, Path]) -> int | None:
    """The number of the punkt whose case folder `mappe` names, or None."""
    if path_problem(fil.parent / mappe):
        return None
    try:
        target = (fil.parent / mappe).resolve()
        for nummer, folder in folders.items():
            if folder.resolve() == target:
                return nummer
    except (OSError, RuntimeError):
        return None
    return None


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
