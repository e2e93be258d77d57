"""Building a meeting (`dagsorden byg`): check everything, then write it all at once.

1. Read the meeting file and every case (all problems together).
2. Read every source: budget workbooks, pejlemærke folders, notater, templates.
3. Render agenda, papers and bilag into a fresh folder beside UD, collecting the
   problems of every document rather than stopping at the first.
4. Only when all of it worked, swap the new folder in for UD in one rename; a failed
   build leaves the previous UD exactly as it was.

Two sets are written: `medlemmer/` for the committee and `offentlig/` for the
public, which holds nothing of a closed item but its number and "Lukket punkt".
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from dagsorden.config import Config
from dagsorden.errors import BuildError, DagsordenError, OutputError
from dagsorden.indstilling import Kilder, build_indstilling
from dagsorden.moede import Bilagsart, Bilagsfil, Moede, Punkt, read_moede
from dagsorden.pakke import Del
from dagsorden.render import Skabelon

MEDLEMMER = "medlemmer"
OFFENTLIG = "offentlig"
LUKKET = "Lukket punkt"

Fremskridt = Callable[[str], None]


@dataclass
class Plan:
    """A checked meeting, ready to write: `trin` is the number of progress steps."""

    moede: Moede
    ud: Path
    config: Config
    pdf: bool
    referat: bool
    kilder: Kilder
    skabeloner: dict[str, Skabelon]
    notater: dict[Path, Any] = field(default_factory=dict)
    advarsler: list[str] = field(default_factory=list)
    """Found while building the members' set; shown, never blocking."""

    @property
    def trin(self) -> int:
        documents = sum(1 + len(p.bilag) for p in self.moede.punkter)
        return documents + 2 * 2 + (1 if self.pdf else 0)


def plan(
    moedefil: Path, ud: Path, config: Config, *, pdf: bool = False, referat: bool = False
) -> Plan:
    """Reads and checks the whole meeting; raises one error listing every problem."""
    moede = read_moede(moedefil)
    _check_not_open(ud)
    skabeloner = {
        name: Skabelon.standard(name)
        for name in ("dagsorden", "indstilling", "notat", "statusbilag")
    }
    result = Plan(moede, ud, config, pdf, referat, Kilder(config), skabeloner)
    problems: list[str] = []
    for punkt in moede.punkter:
        problems.extend(_read_sources(result, punkt))
    if problems:
        raise BuildError(problems)
    return result


def _read_sources(plan: Plan, punkt: Punkt) -> list[str]:
    """Reads what the punkt's documents will be built from; returns the problems."""
    from dagsorden.blocks import OekonomiTableMarker, StatusTableMarker
    from dagsorden.notat import read_notat

    problems: list[str] = []

    def attempt(read: Callable[[], object]) -> object:
        try:
            return read()
        except DagsordenError as exc:
            problems.extend(_lines(exc))
            return None

    sag = punkt.sag
    for path in sag.oekonomi:
        attempt(lambda path=path: plan.kilder.budget(path))
    for section in sag.afsnit:
        for block in section.blocks:
            if isinstance(block, StatusTableMarker):
                attempt(lambda block=block: plan.kilder.status(block.sti))
            elif isinstance(block, OekonomiTableMarker):
                attempt(lambda block=block: plan.kilder.budget(block.sti))
    for bilag in punkt.bilag:
        if bilag.art is Bilagsart.NOTAT:
            notat = attempt(lambda bilag=bilag: read_notat(bilag.kilde))
            if notat is not None:
                plan.notater[bilag.kilde] = notat
        elif bilag.art is Bilagsart.STATUSBILAG:
            attempt(lambda bilag=bilag: plan.kilder.status(bilag.kilde))
    return problems


def _lines(exc: DagsordenError) -> list[str]:
    problems = getattr(exc, "problems", None)
    return [str(p) for p in problems] if problems else [str(exc)]


def _check_not_open(ud: Path) -> None:
    """A document of the previous build open in Word would be pulled from under it."""
    if ud.is_dir():
        locks = sorted(ud.rglob("~$*"))
        if locks:
            raise OutputError(
                f"{locks[0].parent}: et dokument er åbent i Word eller Excel (låsefilen "
                f"{locks[0].name}). Luk det, og byg igen."
            )


def udfoer(plan: Plan, fremskridt: Fremskridt | None = None) -> dict[str, list[Path]]:
    """Writes both sets into a new folder and swaps it in for UD; returns the files.

    A lock beside UD keeps two builds of the same folder from swapping over each
    other; the second one stops at once with a Danish message.
    """
    from filelock import FileLock, Timeout

    step = fremskridt or (lambda _label: None)
    plan.ud.parent.mkdir(parents=True, exist_ok=True)
    lock = FileLock(plan.ud.parent / f".{plan.ud.name}.lock")
    try:
        lock.acquire(timeout=0)
    except Timeout as exc:
        raise OutputError(
            f"{plan.ud}: en anden 'dagsorden byg' bygger allerede i denne mappe. Vent, til "
            "den er færdig, og prøv igen."
        ) from exc
    try:
        staging = Path(tempfile.mkdtemp(prefix=f".{plan.ud.name}-ny-", dir=plan.ud.parent))
        try:
            files = _write_sets(plan, staging, step)
            _swap_in(staging, plan.ud)
        except BaseException:
            shutil.rmtree(staging, ignore_errors=True)
            raise
    finally:
        lock.release()
    return {
        name: [plan.ud / p.relative_to(staging) for p in paths] for name, paths in files.items()
    }


def _write_sets(plan: Plan, staging: Path, step: Fremskridt) -> dict[str, list[Path]]:
    members, public = staging / MEDLEMMER, staging / OFFENTLIG
    members.mkdir()
    public.mkdir()
    problems: list[str] = []
    parts: dict[str, list[Del]] = {MEDLEMMER: [], OFFENTLIG: []}
    punkt_parts: list[tuple[Punkt, list[Del]]] = []
    for punkt in plan.moede.punkter:
        written: list[Del] = []
        try:
            paper = build_indstilling(
                punkt.sag,
                members,
                plan.skabeloner["indstilling"],
                plan.kilder,
                referat=plan.referat,
            )
            written.append(Del(f"Punkt {punkt.nummer}. {punkt.sag.titel}", paper))
        except DagsordenError as exc:
            problems.extend(_lines(exc))
        step(f"Punkt {punkt.nummer}")
        for bilag in punkt.bilag:
            try:
                path = _write_bilag(plan, punkt, bilag, members)
                written.append(Del(f"Bilag {bilag.nummer}. {bilag.titel}", path, 1))
            except DagsordenError as exc:
                problems.extend(_lines(exc))
            step(f"Punkt {punkt.nummer}, bilag {bilag.nummer}")
        punkt_parts.append((punkt, written))
    if problems:
        raise BuildError(problems)

    for punkt, written in punkt_parts:
        parts[MEDLEMMER].extend(written)
        if not punkt.lukket:
            for part in written:
                shutil.copyfile(part.fil, public / part.fil.name)
                _strip(public / part.fil.name, problems)
            parts[OFFENTLIG].extend(Del(p.titel, public / p.fil.name, p.niveau) for p in written)
    if problems:
        raise BuildError(problems)

    files: dict[str, list[Path]] = {}
    packets: list[tuple[list[Del], Path]] = []
    for name, folder in ((MEDLEMMER, members), (OFFENTLIG, public)):
        agenda = _write_agenda(plan, folder, public=name == OFFENTLIG)
        step("Dagsorden")
        overskrift = "Referat" if plan.referat else "Dagsorden"
        set_parts = [Del(overskrift, agenda), *parts[name]]
        samlet = _compose(set_parts, folder / "samlet.docx")
        step("Samlet dokument")
        files[name] = [agenda, *(p.fil for p in parts[name]), samlet]
        # The public parts are copies of the members' ones: converting the originals
        # lets LibreOffice convert each document once for both sets.
        pdf_parts = [set_parts[0], *(replace(p, fil=members / p.fil.name) for p in parts[name])]
        packets.append((pdf_parts, folder / "samlet.pdf"))
    if plan.pdf:
        # One LibreOffice start for both sets: it costs about two seconds each.
        from dagsorden import pakke

        pdfs = pakke.make_pdfs(packets)
        for name, pdf in zip((MEDLEMMER, OFFENTLIG), pdfs, strict=True):
            files[name].append(pdf)
        step("PDF")
    _check_personal_data(plan, files)
    return files


def _strip(path: Path, problems: list[str]) -> None:
    """Removes authors, comments and revision marks from a public file."""
    from dagsorden.persondata import Ulaeselig, strip_metadata

    try:
        strip_metadata(path)
    except (Ulaeselig, DagsordenError) as exc:
        problems.append(str(exc))


def _check_personal_data(plan: Plan, files: dict[str, list[Path]]) -> None:
    """Refuses to publish a CPR number; only warns about the members' set."""
    from dagsorden.persondata import check_public, tilladelser, warnings_for_members

    problems: list[str] = []
    for path in files[OFFENTLIG][-2:]:
        if path.name.startswith("samlet."):
            _strip(path, problems)
    sagsnumre = [n for notat in plan.notater.values() for n in (notat.sagsnr, notat.dokumentnr)]
    open_sager = [p.sag for p in plan.moede.punkter if not p.lukket]
    # samlet.docx and samlet.pdf hold nothing but the parts, which are scanned.
    public = [p for p in files[OFFENTLIG] if not p.name.startswith("samlet.")]
    problems += check_public(public, tilladelser(open_sager, sagsnumre))
    if problems:
        raise BuildError(problems)
    members = [p for p in files[MEDLEMMER] if not p.name.startswith("samlet.")]
    plan.advarsler = warnings_for_members(members)


def _write_bilag(plan: Plan, punkt: Punkt, bilag: Bilagsfil, folder: Path) -> Path:
    stem = f"{punkt.nummer}-{punkt.sag.navn}-bilag-{bilag.nummer}"
    if bilag.art is Bilagsart.KOPI:
        target = folder / f"{stem}{bilag.kilde.suffix.lower()}"
        shutil.copyfile(bilag.kilde, target)
        return target
    target = folder / f"{stem}.docx"
    if bilag.art is Bilagsart.NOTAT:
        from dagsorden.notat import build_notat

        notat = replace(plan.notater[bilag.kilde], bilagsnr=bilag.nummer, titel=bilag.titel)
        return build_notat(notat, folder, plan.skabeloner["notat"], target)
    from dagsorden.statusbilag import build_statusbilag

    return build_statusbilag(
        plan.kilder.status(bilag.kilde),
        target,
        plan.skabeloner["statusbilag"],
        titel=bilag.titel,
        undertitel=f"Bilag {bilag.nummer} til punkt {punkt.nummer}",
    )


def _write_agenda(plan: Plan, folder: Path, *, public: bool) -> Path:
    skabelon = plan.skabeloner["dagsorden"]
    punkter = []
    for punkt in plan.moede.punkter:
        titel = punkt.sag.titel
        if punkt.lukket:
            titel = LUKKET if public else f"{titel} ({LUKKET.lower()})"
        decisions = punkt.sag.beslutning if plan.referat and not (public and punkt.lukket) else ()
        punkter.append(
            {
                "nummer": punkt.nummer,
                "titel": titel,
                "beslutninger": decisions,
                "ubehandlet": not punkt.sag.beslutning and not (public and punkt.lukket),
            }
        )
    context = {
        "overskrift": "Referat" if plan.referat else "Dagsorden",
        "moede": plan.moede,
        "punkter": punkter,
        "referat": plan.referat,
    }
    return skabelon.write(skabelon.new_document(), context, folder / "dagsorden.docx")


def _compose(parts: list[Del], target: Path) -> Path:
    from dagsorden import pakke

    return pakke.compose_docx(parts, target)


def _swap_in(staging: Path, ud: Path) -> None:
    """Replaces UD by `staging` with renames, so UD is always one whole build."""
    if not ud.exists():
        os.replace(staging, ud)
        return
    old = Path(tempfile.mkdtemp(prefix=f".{ud.name}-gammel-", dir=ud.parent))
    old.rmdir()
    os.replace(ud, old)
    try:
        os.replace(staging, ud)
    except OSError:
        os.replace(old, ud)
        raise
    shutil.rmtree(old, ignore_errors=True)


def byg(
    moedefil: Path,
    ud: Path,
    config: Config,
    *,
    pdf: bool = False,
    referat: bool = False,
    fremskridt: Fremskridt | None = None,
) -> dict[str, list[Path]]:
    """Checks and builds a meeting in one go (see the module docstring)."""
    return udfoer(plan(moedefil, ud, config, pdf=pdf, referat=referat), fremskridt)


__all__ = ["Plan", "byg", "plan", "udfoer"]
