"""Building a meeting (`dagsorden byg`): check everything, then write it all at once.

1. Read the meeting file and every case (all problems together).
2. Read every source into one `Kilder`: budget workbooks, pejlemærke folders,
   notater, templates. `plan` ends here: everything is read and checked.
3. Render agenda, papers and bilag into a fresh folder beside UD from what was read
   (no renderer opens a source), collecting the problems of every document rather
   than stopping at the first.
4. Only when all of it worked, swap the new folder in for UD in one rename; a failed
   build leaves the previous UD exactly as it was.

UD is only ever replaced when it is the tool's own build folder, and never when it
holds or lies in anything the meeting reads: see `dagsorden.byg.byggemappe`. `--referat`
writes referat.docx and referat-samlet.* beside the agenda's files, which stay: the
agenda with this meeting's decisions (moede.yaml's `beslutninger`) and who was absent,
each paper with its decision after the case's earlier political history. A punkt
without a decision, or with one dated for another meeting, is a warning; with
`streng` it stops the build before anything is written.

A standing item (Eventuelt, Meddelelser) has its number, title and text in the agenda
(and its decision in the referat), which is its place in the packet: it has no paper.

Two sets are written: `medlemmer/` for the committee and `offentlig/` for the
public, which holds nothing of a closed item but its number and "Lukket punkt".
"""

from __future__ import annotations

import contextlib
import itertools
import os
import shutil
import typing
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING

from dagsorden.byg import byggemappe
from dagsorden.byg.pakke import Del, PdfPakke
from dagsorden.dokumenter.indstilling import build_indstilling
from dagsorden.dokumenter.render import Skabelon, bilagstitel, dagsordenstitel, forfattere
from dagsorden.errors import BuildError, DagsordenError, OutputError
from dagsorden.kerne.blocks import OekonomiTableMarker, StatusTableMarker
from dagsorden.kerne.danish import dato_i_ord
from dagsorden.kerne.sager import Bilagsart, Bilagsfil, Moede, Punkt, Sag
from dagsorden.kerne.scoring import Config
from dagsorden.kilder.moedefil import read_moede
from dagsorden.kilder.samling import Kilder

if TYPE_CHECKING:
    from dagsorden.byg.pakke import Kontor, SheetJob
    from dagsorden.byg.persondata import Offentlig
    from dagsorden.parallel import Sidearbejde

MEDLEMMER = "medlemmer"
OFFENTLIG = "offentlig"
LUKKET = "Lukket punkt"

Fremskridt = Callable[[str], None]


@dataclass
class Plan:
    """A checked meeting, ready to write: `trin` is the number of progress steps."""

    moede: Moede
    ud: Path
    pdf: bool
    referat: bool
    kilder: Kilder
    """Every source the meeting's documents are made from, read by `plan`."""
    skabeloner: dict[str, Skabelon]
    advarsler: list[str] = field(default_factory=list)
    """Found while building the members' set; shown, never blocking."""
    inddata: list[Path] = field(default_factory=list)
    """Every file and folder the meeting reads: UD may hold none of them."""
    inddata_mapper: list[Path] = field(default_factory=list)
    """The folders among them read as a whole: UD may not lie inside one."""
    kontor: Kontor | None = field(default=None, compare=False)
    """A LibreOffice started before the meeting was read, for the public set's
    conversions (`pakke.start_kontor`); the caller ends it. None: `udfoer` starts one."""
    html: bool = False
    """Also the public set as a web site, offentlig/web/ (`byg.web`)."""

    @property
    def trin(self) -> int:
        documents = sum(1 + len(p.bilag) for p in self.moede.punkter if p.sag is not None)
        return documents + 2 * 2 + (1 if self.pdf else 0) + (1 if self.html else 0)


def plan(
    moedefil: Path,
    ud: Path,
    config: Config,
    *,
    pdf: bool = False,
    referat: bool = False,
    streng: bool = False,
    skabelonmappe: Path | None = None,
    html: bool = False,
) -> Plan:
    """Reads and checks the whole meeting; raises one error listing every problem.

    For the referat, a punkt without this meeting's decision is a warning (on
    `advarsler`), or with `streng` a problem like any other. The templates are
    `skabelonmappe`'s (the project's templates/, found from the meeting file's folder
    upwards), else the bundled ones."""
    moede = read_moede(moedefil, config.indstilling)
    advarsler = referat_warnings(moede) if referat else []
    if streng and advarsler:
        raise BuildError(
            [
                *advarsler,
                "Referatet er ikke bygget (--streng): skriv de manglende beslutninger i "
                f"{moede.fil}, og byg igen.",
            ]
        )
    skabeloner = {
        name: Skabelon.standard(name, skabelonmappe).med_egenskaber(forfatter=config.forfatter)
        for name in ("dagsorden", "indstilling", "notat", "statusbilag")
    }
    result = Plan(
        moede, ud, pdf, referat, Kilder(config), skabeloner, advarsler=advarsler, html=html
    )
    result.inddata, result.inddata_mapper = _inputs(result)
    byggemappe.check_build_folder(ud, result.inddata, result.inddata_mapper)
    _check_not_open(ud)
    problems: list[str] = []
    for punkt in moede.punkter:
        problems.extend(_read_sources(result, punkt))
    if problems:
        # A workbook read for two reasons (`oekonomi:` and a table marker) says once
        # what is wrong with it.
        raise BuildError(list(dict.fromkeys(problems)))
    _check_name_lengths(result)
    return result


def _inputs(plan: Plan) -> tuple[list[Path], list[Path]]:
    """(every file and folder the meeting reads, the folders among them)."""
    files: list[Path] = [plan.moede.fil]
    folders: list[Path] = []
    for punkt in plan.moede.punkter:
        sag = punkt.sag
        if sag is None:
            continue
        folders.append(sag.mappe)
        files.append(sag.fil)
        files.extend(sag.oekonomi)
        for section in sag.afsnit:
            for block in section.blocks:
                if isinstance(block, StatusTableMarker | OekonomiTableMarker):
                    (folders if block.sti.is_dir() else files).append(block.sti)
        for bilag in punkt.bilag:
            (folders if bilag.kilde.is_dir() else files).append(bilag.kilde)
    files.extend(skabelon.path for skabelon in plan.skabeloner.values())
    if plan.kilder.config.kilde:
        files.append(Path(plan.kilder.config.kilde))
    return [*files, *folders], folders


def _check_name_lengths(plan: Plan) -> None:
    """A case folder's name becomes part of file names; one too long for the file
    system is refused before anything is written, naming the folder."""
    from dagsorden.output import name_max

    limit = name_max(plan.ud.parent)
    problems = []
    for punkt in plan.moede.punkter:
        if punkt.sag is None:
            continue
        stem = f"{punkt.nummer}-{punkt.sag.navn}"
        names = [f"{stem}.docx"]
        for bilag in punkt.bilag:
            suffix = bilag.kilde.suffix.lower() if bilag.art is Bilagsart.KOPI else ".docx"
            names.append(f"{stem}-bilag-{bilag.nummer}{suffix}")
        longest = max(names, key=lambda n: len(os.fsencode(n)))
        if len(os.fsencode(longest)) > limit:
            problems.append(
                f"{plan.ud / MEDLEMMER / longest}: filnavnet er for langt til filsystemet "
                f"({len(os.fsencode(longest))} byte; højst {limit}). Giv sagsmappen "
                f"{punkt.sag.mappe} et kortere navn."
            )
    if problems:
        raise OutputError("\n".join(problems))


def _read_sources(plan: Plan, punkt: Punkt) -> list[str]:
    """Reads what the punkt's documents will be built from; returns the problems."""
    problems: list[str] = []

    def attempt(read: Callable[[Path], object], path: Path) -> None:
        """`read(path)` (it caches what it read); its problems go on the list."""
        try:
            read(path)
        except DagsordenError as exc:
            problems.extend(_lines(exc))

    sag = punkt.sag
    if sag is None:
        return problems
    for path in sag.oekonomi:
        attempt(plan.kilder.budget, path)
    for section in sag.afsnit:
        for block in section.blocks:
            if isinstance(block, StatusTableMarker):
                attempt(plan.kilder.status, block.sti)
            elif isinstance(block, OekonomiTableMarker):
                attempt(plan.kilder.budget, block.sti)
    for bilag in punkt.bilag:
        if bilag.art is Bilagsart.NOTAT:
            attempt(plan.kilder.notat, bilag.kilde)
        elif bilag.art is Bilagsart.STATUSBILAG:
            attempt(plan.kilder.status, bilag.kilde)
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
    other; the second one stops at once with a Danish message. Under the lock, what
    a killed build left is cleaned up first, and UD is checked again just before
    the swap (a file someone put there meanwhile is not deleted).
    """
    from filelock import FileLock, Timeout

    from dagsorden.output import output_error

    step = fremskridt or (lambda _label: None)
    try:
        plan.ud.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise output_error(plan.ud, exc) from exc
    lock = FileLock(plan.ud.parent / f".{plan.ud.name}.lock")
    try:
        lock.acquire(timeout=0)
    except Timeout as exc:
        raise OutputError(
            f"{plan.ud}: en anden 'dagsorden byg' bygger allerede i denne mappe. Vent, til "
            "den er færdig, og prøv igen."
        ) from exc
    except OSError as exc:
        raise output_error(plan.ud, exc) from exc
    try:
        byggemappe.clean_stale(plan.ud)
        _check_ud(plan.ud)
        staging = byggemappe.make_staging(plan.ud)
        try:
            files = _write_sets(plan, staging, step)
            if plan.referat:
                files = _as_referat(files)
            if plan.html:
                # The site from the public view and the public set just checked, under
                # the same CPR gate; swapped in with the rest, or not at all.
                from dagsorden.byg import web

                files[OFFENTLIG] += web.build_site(
                    public_view(plan.moede),
                    staging / OFFENTLIG,
                    files[OFFENTLIG],
                    plan.kilder.budgets,
                    plan.kilder.reports,
                    referat=plan.referat,
                    tilladt={
                        p.nummer: tilladt_cpr(plan, p) for p in plan.moede.punkter if not p.lukket
                    },
                    moedefil=str(plan.moede.fil),
                    notater=plan.kilder.notater,
                )
                step("Web")
            byggemappe.carry_over(plan.ud, staging, referat=plan.referat)
            from dagsorden.byg import udsendt  # the record `byg --tillaeg` compares with

            record = udsendt.record(plan.moede, plan.ud, referat=plan.referat)
            byggemappe.write_marker(staging, byggemappe.listed_files(staging), record)
            _check_ud(plan.ud)
            byggemappe.swap_in(staging, plan.ud)
        except BaseException as exc:
            shutil.rmtree(staging, ignore_errors=True)
            translated = _user_error(exc, staging, plan.ud)
            if translated is exc:
                raise
            raise translated from exc
    finally:
        lock.release()
    return {
        name: [plan.ud / p.relative_to(staging) for p in paths] for name, paths in files.items()
    }


def _check_ud(ud: Path) -> None:
    _check_not_open(ud)
    if ud.is_dir() and not ud.is_symlink():
        byggemappe.check_replaceable(ud)


def _as_referat(files: dict[str, list[Path]]) -> dict[str, list[Path]]:
    """Gives the minutes' agenda and packets their own names (referat.docx,
    referat-samlet.*), so they never replace the published agenda."""
    renamed: dict[str, list[Path]] = {}
    for name, paths in files.items():
        renamed[name] = []
        for path in paths:
            new_name = byggemappe.REFERAT_NAMES.get(path.name)
            if new_name is not None:
                os.replace(path, path.with_name(new_name))
                path = path.with_name(new_name)
            renamed[name].append(path)
    return renamed


def _user_error(exc: BaseException, staging: Path, ud: Path) -> BaseException:
    """The error as the user should see it: about UD, never the staging folder; an
    OSError (a full disk, no right to write) as a Danish OutputError."""
    from dagsorden.output import output_error

    if isinstance(exc, OSError):
        filename = Path(exc.filename) if exc.filename else None
        if filename is not None and not filename.resolve().is_relative_to(staging.resolve()):
            return OutputError(f"{filename}: filen kan ikke læses ({exc.strerror or exc}).")
        target = ud
        if filename is not None:
            target = ud / filename.resolve().relative_to(staging.resolve())
        return output_error(target, exc)
    return byggemappe.rename_in_messages(exc, staging, ud)


def _write_sets(plan: Plan, staging: Path, step: Fremskridt) -> dict[str, list[Path]]:
    """Writes the members' set, then the public one from cleaned copies of its open
    punkter's files; refuses (before any PDF is written) a public file with a CPR
    number it may not show, or one not accessible (no title, language, alt text,
    table header rows, PDF tags). Each PDF packet is its samlet.docx converted whole
    by LibreOffice (the public one from the public copies), with its .xlsx bilag;
    then the agendas' contents lists get the page numbers samlet.pdf has.

    The work is spread over the cores: a LibreOffice for each set is started while
    the papers are rendered (`pakke.Kontor`: its conversion then skips the start),
    the two samlet.docx are composed side by side (a forked process, where one can
    be), and each is converted as soon as it is written, the public one first, so it
    is finished and checked while the members' one converts. The public set's files
    (then the members') are searched while LibreOffice converts; a problem found then
    is reported as before composing (before any other), LibreOffice ended. Whatever
    still runs when the build fails is ended, its folders removed."""
    with contextlib.ExitStack() as jobs:
        return _write_sets_with(plan, staging, step, jobs)


def _write_sets_with(
    plan: Plan, staging: Path, step: Fremskridt, jobs: contextlib.ExitStack
) -> dict[str, list[Path]]:
    from dagsorden.byg import pakke
    from dagsorden.byg.persondata import Offentlig, check_names

    members, public = staging / MEDLEMMER, staging / OFFENTLIG
    members.mkdir()
    public.mkdir()
    problems: list[str] = []
    for punkt in plan.moede.punkter:
        if punkt.sag is not None and not punkt.lukket:
            bilagsfiler = [b.kilde for b in punkt.bilag]
            problems += check_names(punkt.sag, bilagsfiler, tilladt_cpr(plan, punkt))
    if problems:
        raise BuildError(problems)
    kontor: Kontor | None = None
    """The LibreOffice kept running through the build (`pakke.Kontor`): it counts the
    sheets' pages, then converts the public samlet.docx and the members' after it."""
    sheets = None
    if plan.pdf:
        import tempfile

        # One LibreOffice, up by the time the papers are rendered. A second one for
        # the members' set would convert beside it, but starting it costs a core
        # for a second just when rendering and composing need both.
        kontorfolder = Path(jobs.enter_context(tempfile.TemporaryDirectory(dir=staging)))
        kontor = plan.kontor or jobs.enter_context(pakke.Kontor(None, kontorfolder))
        # The .xlsx bilag's pages decide those samlet.docx keeps for them: counted
        # by that LibreOffice from their own files as soon as it is up.
        sheets = jobs.enter_context(
            pakke.start_sheet_pages(
                (
                    b.kilde
                    for p in plan.moede.punkter
                    if p.sag is not None
                    for b in p.bilag
                    if b.art is Bilagsart.KOPI
                ),
                arbejdsmappe=staging,
                kontor=kontor,
            )
        )
    parts: dict[str, list[Del]] = {MEDLEMMER: [], OFFENTLIG: []}
    punkt_parts: list[tuple[Punkt, list[Del]]] = []
    kilder: dict[Path, str] = {}
    """Each written file -> the user's file it is made from, for messages."""
    moedefil = str(plan.moede.fil)
    overskrift = "Referat" if plan.referat else "Dagsorden"
    # The packets' agendas: their contents lists' page numbers are PAGEREF fields to
    # the parts' bookmarks, which only samlet.docx has.
    # (In the set's folder, under a name a message about it makes sense with; removed
    # once it is in samlet.docx.)
    packet_agendas = {
        name: _write_agenda(
            plan, folder / "samlet-dagsorden.docx", public=name == OFFENTLIG, felter=True
        )
        for name, folder in ((OFFENTLIG, public), (MEDLEMMER, members))
    }
    cleaning: list[str] = []
    """Public files that could not be cleaned: named once the papers are all written."""
    _strip(Offentlig(packet_agendas[OFFENTLIG], f"{OFFENTLIG}/samlet.docx", moedefil), cleaning)
    # The public samlet.docx is composed by a second process while the papers are
    # written, a part as soon as its public copy is made (if one can be forked here).
    pdf_bilag = any(b.kilde.suffix.lower() == ".pdf" for p in plan.moede.punkter for b in p.bilag)
    if plan.pdf or pdf_bilag:
        import pikepdf  # noqa: F401 - imported once, before the fork: both processes need it

    public_packet = jobs.enter_context(
        _ComposedBeside(Del(overskrift, packet_agendas[OFFENTLIG]), public / "samlet.docx")
    )
    alle: dict[str, str] = {}
    """What the agenda and the packets may show: every open punkt's numbers."""
    offentlige: list[Offentlig] = []
    for punkt in plan.moede.punkter:
        if punkt.sag is None:
            continue  # a standing item: the agenda holds all of it
        written: list[Del] = []
        try:
            paper = build_indstilling(
                _papers_sag(punkt.sag, punkt, referat=plan.referat),
                members,
                plan.skabeloner["indstilling"],
                plan.kilder.budgets,
                plan.kilder.reports,
                referat=plan.referat,
            )
            hoved = _running_header(plan.moede, punkt)
            written.append(
                Del(f"Punkt {punkt.nummer}. {punkt.titel}", paper, 0, _anker(punkt), hoved)
            )
            kilder[paper] = str(punkt.sag.fil)
        except DagsordenError as exc:
            problems.extend(_lines(exc))
        step(f"Punkt {punkt.nummer}")
        for bilag in punkt.bilag:
            try:
                path = _write_bilag(plan, punkt, bilag, members)
                written.append(
                    Del(
                        f"Bilag {bilag.nummer} – {bilag.titel}",
                        path,
                        1,
                        _anker(punkt, bilag),
                        _running_header(plan.moede, punkt),
                    )
                )
                kilder[path] = str(bilag.kilde)
            except DagsordenError as exc:
                problems.extend(_lines(exc))
            step(f"Punkt {punkt.nummer}, bilag {bilag.nummer}")
        punkt_parts.append((punkt, written))
        if punkt.lukket or problems:
            continue
        # Its public copies, cleaned, and on to the public packet.
        tilladt = tilladt_cpr(plan, punkt)
        alle |= tilladt
        for part in written:
            copy = public / part.fil.name
            shutil.copyfile(part.fil, copy)
            item = Offentlig(copy, f"{OFFENTLIG}/{copy.name}", kilder[part.fil], tilladt)
            _strip(item, cleaning)
            offentlige.append(item)
            parts[OFFENTLIG].append(replace(part, fil=copy))
            public_packet.send(parts[OFFENTLIG][-1])
    public_packet.done()
    if problems:
        raise BuildError(problems)
    if cleaning:
        raise BuildError(cleaning)

    medlemmer: list[Offentlig] = []
    for _punkt, written in punkt_parts:
        parts[MEDLEMMER].extend(written)
        medlemmer += [Offentlig(p.fil, f"{MEDLEMMER}/{p.fil.name}", kilder[p.fil]) for p in written]

    agendas = {
        name: _write_agenda(plan, folder / "dagsorden.docx", public=name == OFFENTLIG)
        for name, folder in ((MEDLEMMER, members), (OFFENTLIG, public))
    }
    agenda = Offentlig(agendas[OFFENTLIG], f"{OFFENTLIG}/dagsorden.docx", moedefil, alle)
    _strip(agenda, problems)
    # The public set's files' CPR numbers and accessibility problems, and the members'
    # files' CPR warnings but the agenda's (final, unlike its page numbers): searched
    # a file at a time while LibreOffice works, or at once when something else failed.
    kontrol = _Kontrol([agenda, *offentlige], medlemmer[:])
    public_problems = kontrol.public

    if problems:
        raise BuildError(problems + public_problems())
    medlemmer.insert(0, Offentlig(agendas[MEDLEMMER], f"{MEDLEMMER}/dagsorden.docx", moedefil))

    files: dict[str, list[Path]] = {MEDLEMMER: [], OFFENTLIG: []}
    packets: dict[str, PdfPakke] = {}
    pdf_jobs: dict[str, pakke.PdfJob] = {}
    try:
        # The public set first: its samlet.pdf is then finished and checked while
        # LibreOffice converts the members' one.
        order = ((OFFENTLIG, public), (MEDLEMMER, members))
        # The public packets are made of the public set's own, cleaned files only.
        set_parts = {
            name: [Del(overskrift, packet_agendas[name]), *parts[name]] for name, _ in order
        }
        for _name in order:
            step("Dagsorden")
        # Composed with the sheets' pages as far as LibreOffice has counted them, one
        # for a sheet not yet counted (most are one page): composing doesn't wait for
        # the count, and a packet is given its sheets' own counts after.
        sider: dict[Path, int] = {}
        """Pages of each .xlsx bilag (resolved), as samlet.docx keeps them."""
        omdannede: dict[str, dict[Path, Path]] = {MEDLEMMER: {}, OFFENTLIG: {}}
        """Each set's .xlsx bilag (resolved) -> its PDF as the count made it."""
        counted = sheets is None or not sheets.running()
        if sheets is not None and counted:
            sider, omdannede = _counted_sheets(sheets, parts[MEDLEMMER], kilder, public)
        composed_with = {OFFENTLIG: {}, MEDLEMMER: dict(sider)}
        """The sheets' pages each samlet.docx kept: the public one was begun before."""
        # The members' samlet.docx is composed by a second process meanwhile, if one
        # can be forked here; what the second processes could not do, this one does
        # after (and raises what they raised).
        beside: dict[str, _ComposedBeside | Sidearbejde] = {
            OFFENTLIG: public_packet,
            MEDLEMMER: jobs.enter_context(
                _compose_beside(
                    set_parts[MEDLEMMER], members / "samlet.docx", composed_with[MEDLEMMER]
                )
            ),
        }
        for name, folder in order:
            target = folder / "samlet.docx"
            if not beside[name].vent():
                _compose(set_parts[name], target, composed_with[name])
            if sheets is not None and not counted:
                sider, omdannede = _counted_sheets(sheets, parts[MEDLEMMER], kilder, public)
                counted = True
            pakke.keep_sheet_pages(target, set_parts[name], composed_with[name], sider)
            step("Samlet dokument")
            files[name] = [agendas[name], *(p.fil for p in parts[name]), target]
            packets[name] = PdfPakke(set_parts[name], folder / "samlet.pdf", target)
            if plan.pdf and not problems:
                # Converted at once: the public one first, finished and checked here
                # while the same LibreOffice converts the members' after it.
                # Inside the staging folder: a killed build leaves no copies elsewhere.
                pdf_jobs[name] = jobs.enter_context(
                    pakke.start_pdfs(
                        [packets[name]],
                        arbejdsmappe=staging,
                        sider=sider,
                        kontor=kontor,
                        omdannede=omdannede[name],
                        bagved=pdf_jobs.get(OFFENTLIG),
                    )
                )
    except DagsordenError as exc:
        # A public file that may not be published is named first, as ever.
        if public_problems():
            raise BuildError(public_problems()) from exc
        raise
    if problems:
        raise BuildError(public_problems() or problems)
    if not plan.pdf and public_problems():
        raise BuildError(public_problems())
    if plan.pdf:
        # Meanwhile the public set's files are searched; one that may not be published
        # stops the build before any PDF is written (LibreOffice ended, its folder
        # removed). Then the members' files but the agenda (whose page numbers are
        # still to come), as they are final.
        if public_problems():
            raise BuildError(public_problems())
        kontrol.members()  # meanwhile too: the members' files are final
        for name in (OFFENTLIG, MEDLEMMER):
            packet = packets[name]
            (pdf,) = pdf_jobs[name].finish()
            files[name].append(pdf)
            # The contents list's page numbers as samlet.pdf has them, in the agenda
            # and (the fields' last result, for Word) in samlet.docx.
            starts = pakke.part_pages(pdf, packet.dele)
            numbers = [starts.get(anker, "") for anker in _contents_anchors(plan, name)]
            for document in (agendas[name], packet.samlet):
                if document is not None:
                    pakke.write_page_numbers(document, [str(n) for n in numbers])
            packet.dele[0].fil.unlink()  # the packet's own agenda, in samlet.docx now
            if name == OFFENTLIG:
                _check_public_packets(_samlede(files, moedefil, alle))
        step("PDF")
    else:
        for packet in packets.values():
            packet.dele[0].fil.unlink()
        _check_public_packets(_samlede(files, moedefil, alle))
    _members_final_warnings(plan, medlemmer, kontrol.members())
    return files


def _samlede(files: dict[str, list[Path]], moedefil: str, alle: dict[str, str]) -> list[Offentlig]:
    """The public set's packets (samlet.docx, samlet.pdf), as files to check."""
    from dagsorden.byg.persondata import Offentlig

    return [
        Offentlig(p, f"{OFFENTLIG}/{p.name}", moedefil, alle)
        for p in files[OFFENTLIG]
        if p.name.startswith("samlet.")
    ]


class _Kontrol:
    """The public set's checks and the members' CPR warnings, run a file at a time
    (`naeste`) while LibreOffice works, the rest when asked for; every file checked
    once, the lines in the order checking all at once gives (the public set's CPR
    numbers, then its accessibility problems)."""

    def __init__(self, public: list[Offentlig], members: list[Offentlig]) -> None:
        self.todo_public = list(public)
        self.todo_members = list(members)
        self.cpr: list[str] = []
        self.tilgaengelighed: list[str] = []
        self.warnings: list[str] = []

    def naeste(self) -> bool:
        """Checks one more file; False when all are. A public file that may not be
        published stops the build at once, with all the public set's problems."""
        from dagsorden.byg import tilgaengelighed
        from dagsorden.byg.persondata import check_public_set

        if self.todo_public:
            item = self.todo_public.pop(0)
            self.cpr += check_public_set([item])
            self.tilgaengelighed += tilgaengelighed.check_public_set([item])
            if self.cpr or self.tilgaengelighed:
                raise BuildError(self.public())
            return True
        if self.todo_members:
            self.warnings += _members_warnings([self.todo_members.pop(0)])
            return True
        return False

    def public(self) -> list[str]:
        """Every problem of the public set (empty: it may be published)."""
        from dagsorden.byg import tilgaengelighed
        from dagsorden.byg.persondata import check_public_set

        if self.todo_public:
            rest, self.todo_public = self.todo_public, []
            self.cpr += check_public_set(rest)
            self.tilgaengelighed += tilgaengelighed.check_public_set(rest)
        return self.cpr + self.tilgaengelighed

    def members(self) -> list[str]:
        """The CPR warnings of the members' files."""
        if self.todo_members:
            rest, self.todo_members = self.todo_members, []
            self.warnings += _members_warnings(rest)
        return self.warnings


def tilladt_cpr(plan: Plan, punkt: Punkt) -> dict[str, str]:
    """The CPR numbers the public files of `punkt` may show: its case's `tillad_cpr`
    and sagsnr, and its notater's sagsnr and dokumentnr; no other case's."""
    from dagsorden.byg.persondata import tilladelser

    notater = plan.kilder.notater
    sagsnumre = [
        nummer
        for bilag in punkt.bilag
        if bilag.kilde in notater
        for nummer in (notater[bilag.kilde].sagsnr, notater[bilag.kilde].dokumentnr)
    ]
    return tilladelser([punkt.sag] if punkt.sag is not None else [], sagsnumre)


def _strip(item: Offentlig, problems: list[str]) -> None:
    """Removes authors, comments, tracked changes and other authoring metadata from
    a public file."""
    from dagsorden.byg.persondata import strip_metadata

    try:
        strip_metadata(item.fil)
    except DagsordenError as exc:  # Ulaeselig, or an OutputError writing the copy
        problems.append(
            f"{item.sted()}: Filen kan ikke renses for forfatteroplysninger ({exc}), så den "
            "kan ikke offentliggøres."
        )


def _check_personal_data(
    plan: Plan,
    samlede: list[Offentlig],
    medlemmer: list[Offentlig],
    advarsler: list[str] | None = None,
) -> None:
    """`_check_public_packets`, then `_members_final_warnings` (the supplement's
    packets, which are checked once they are all written)."""
    _check_public_packets(samlede)
    _members_final_warnings(plan, medlemmer, advarsler)


def _check_public_packets(samlede: list[Offentlig]) -> None:
    """Cleans and checks the public packets (made of checked parts, but checked
    again: nothing else may slip in, and samlet.pdf must keep its tags)."""
    from dagsorden.byg import tilgaengelighed
    from dagsorden.byg.persondata import check_public_set

    problems: list[str] = []
    for item in samlede:
        _strip(item, problems)
    problems += check_public_set(samlede)
    problems += tilgaengelighed.check_public_set(samlede)
    if problems:
        raise BuildError(problems)


def _members_final_warnings(
    plan: Plan, medlemmer: list[Offentlig], advarsler: list[str] | None = None
) -> None:
    """Warns about CPR numbers in the members' set and its PDF bilag without tags.
    `advarsler`: the CPR warnings of `medlemmer` but the first (the agenda, whose
    page numbers came last), found already."""
    from dagsorden.byg import tilgaengelighed

    if advarsler is None:
        advarsler = _members_warnings(medlemmer[1:])
    plan.advarsler += _members_warnings(medlemmer[:1]) + advarsler
    plan.advarsler += tilgaengelighed.warnings_for_members(medlemmer)


def _members_warnings(medlemmer: list[Offentlig]) -> list[str]:
    from dagsorden.byg.persondata import warnings_for_members

    return warnings_for_members(medlemmer)


def _papers_sag(sag: Sag, punkt: Punkt, *, referat: bool) -> Sag:
    """The case as its paper shows it. In the referat its Beslutning holds the case's
    earlier political history, then this meeting's decisions; with none from this
    meeting, nothing (the paper says the punkt is not yet decided), so a decision of
    another meeting never stands as this meeting's."""
    if not referat:
        return sag
    beslutning = (*punkt.historik, *punkt.beslutninger) if punkt.beslutninger else ()
    return replace(sag, beslutning=beslutning)


def _write_bilag(plan: Plan, punkt: Punkt, bilag: Bilagsfil, folder: Path) -> Path:
    assert punkt.sag is not None  # a standing item has no bilag
    stem = f"{punkt.nummer}-{punkt.sag.navn}-bilag-{bilag.nummer}"
    titel, forfatter = bilagstitel(bilag.nummer, punkt.nummer, bilag.titel), punkt.sag.indstiller
    egenskaber = {"titel": titel, "reserveforfatter": forfattere(forfatter)}
    if bilag.art is Bilagsart.KOPI:
        target = folder / f"{stem}{bilag.kilde.suffix.lower()}"
        shutil.copyfile(bilag.kilde, target)
        return target
    target = folder / f"{stem}.docx"
    if bilag.art is Bilagsart.NOTAT:
        from dagsorden.dokumenter.notat import build_notat

        notat = replace(plan.kilder.notater[bilag.kilde], bilagsnr=bilag.nummer, titel=bilag.titel)
        return build_notat(
            notat, folder, plan.skabeloner["notat"].med_egenskaber(**egenskaber), target
        )
    from dagsorden.dokumenter.statusbilag import build_statusbilag

    return build_statusbilag(
        plan.kilder.reports[bilag.kilde.resolve()],
        target,
        plan.skabeloner["statusbilag"].med_egenskaber(**egenskaber),
        titel=bilag.titel,
        undertitel=f"Bilag {bilag.nummer} til punkt {punkt.nummer}",
    )


def public_view(moede: Moede) -> Moede:
    """The meeting as the public may see it: a closed punkt holds only its number and
    "Lukket punkt" (no title, text, bilag or path of it), and the meeting file only
    its name. The public agenda's template gets nothing else, so no template,
    however written, can show more of a closed punkt."""

    def lukket(punkt: Punkt) -> Punkt:
        sag = Sag(
            fil=Path("sag.md"),
            navn="",
            udvalg=(moede.udvalg,),
            moededato=moede.moededato,
            punkt=punkt.nummer,
            titel=LUKKET,
            indstiller=(),
            indstilling=(),
            afsnit=(),
            moedested=moede.moedested,
            lukket=True,
        )
        # No decision, history or text of it: the public sees none of them.
        return Punkt(punkt.nummer, sag, (), linje=punkt.linje)

    punkter = tuple(lukket(p) if p.lukket else p for p in moede.punkter)
    return replace(moede, fil=Path(moede.fil.name), punkter=punkter)


def _anker(punkt: Punkt, bilag: Bilagsfil | None = None) -> str:
    """The bookmark at a punkt's paper (or one of its bilag) in samlet.docx."""
    return f"Punkt{punkt.nummer}" + (f"Bilag{bilag.nummer}" if bilag else "")


def _agenda_anker(punkt: Punkt) -> str:
    """The bookmark at a punkt's entry in the agenda itself."""
    return f"Dagsorden{punkt.nummer}"


def _running_header(moede: Moede, punkt: Punkt) -> str:
    """ "Socialudvalget · onsdag den 19. november 2014 kl. 16.00 · Punkt 3"."""
    return f"{moede.udvalg} · {dato_i_ord(moede.moededato)} · Punkt {punkt.nummer}"


def _contents(moede: Moede, *, public: bool) -> list[dict[str, object]]:
    """The agenda's contents list: each punkt, and under it each of its bilag, with
    the bookmark its page number refers to: the paper's, or for a standing item
    (and a closed item in the public set) its entry in the agenda."""
    lines: list[dict[str, object]] = []
    for punkt in moede.punkter:
        paper = punkt.sag is not None and not (public and punkt.lukket)
        titel = punkt.titel
        if punkt.lukket and not public:
            titel = f"{titel} ({LUKKET.lower()})"
        anker = _anker(punkt) if paper else _agenda_anker(punkt)
        lines.append({"tekst": f"{punkt.nummer}. {titel}", "anker": anker, "niveau": 0})
        for bilag in punkt.bilag if paper else ():
            lines.append(
                {
                    "tekst": f"Bilag {bilag.nummer} – {bilag.titel}",
                    "anker": _anker(punkt, bilag),
                    "niveau": 1,
                }
            )
    return lines


def _contents_anchors(plan: Plan, name: str) -> list[str]:
    public = name == OFFENTLIG
    moede = public_view(plan.moede) if public else plan.moede
    return [str(line["anker"]) for line in _contents(moede, public=public)]


def _write_agenda(plan: Plan, target: Path, *, public: bool, felter: bool = False) -> Path:
    """The agenda: a front page (udvalg, date in words, place, members, in the
    referat who was absent), its contents list, then every punkt. With `felter` the
    contents list's page numbers are PAGEREF fields (for samlet.docx); else they are
    text, written once samlet.pdf is made (`pakke.write_page_numbers`)."""
    skabelon = plan.skabeloner["dagsorden"]
    moede = public_view(plan.moede) if public else plan.moede
    punkter = []
    for punkt in moede.punkter:
        titel = punkt.titel
        if punkt.lukket and not public:
            titel = f"{titel} ({LUKKET.lower()})"
        decisions = punkt.beslutninger if plan.referat else ()
        punkter.append(
            {
                "nummer": punkt.nummer,
                "titel": titel,
                "tekst": punkt.tekst,
                "beslutninger": decisions,
                "ubehandlet": not punkt.beslutninger and not (public and punkt.lukket),
                "anker": _agenda_anker(punkt),
                "bogmaerke": 1000 + punkt.nummer,
            }
        )
    indhold = [{**line, "side": ""} for line in _contents(moede, public=public)]
    context = {
        "overskrift": "Referat" if plan.referat else "Dagsorden",
        "moede": moede,
        "punkter": punkter,
        "referat": plan.referat,
        "fravaerende": moede.fravaerende if plan.referat else None,
        "dato_i_ord": dato_i_ord(moede.moededato),
        "indhold": indhold,
        "felter": felter,
    }
    titel = dagsordenstitel(moede.udvalg, moede.moededato, referat=plan.referat)
    forfatter = forfattere(*(p.sag.indstiller for p in plan.moede.punkter if p.sag is not None))
    document = skabelon.new_document()
    return skabelon.write(document, context, target, titel=titel, forfatter=forfatter)


def _compose(parts: list[Del], target: Path, sider: dict[Path, int]) -> Path:
    from dagsorden.byg import pakke

    return pakke.compose_docx(parts, target, sider=sider)


def _compose_beside(parts: list[Del], target: Path, sider: dict[Path, int]) -> Sidearbejde:
    """`_compose` started in a forked process, when one can be (see
    `dagsorden.parallel`); its `vent()` tells whether it wrote `target`. Leaving the
    context ends it if it still runs."""
    from dagsorden.parallel import Sidearbejde

    return Sidearbejde(lambda: _compose(parts, target, sider))


class _ComposedBeside:
    """A samlet.docx composed by a forked process while its parts are still being
    written (`pakke.compose_parts`): `send` each part as it is written, `done` after
    the last; `vent()` tells whether it wrote the packet (else the caller composes
    it, as `_compose_beside`). Where nothing can be forked, sending does nothing."""

    def __init__(self, first: Del, target: Path) -> None:
        from dagsorden.parallel import Sidearbejde

        read, write = os.pipe()

        def compose() -> None:
            import json

            from dagsorden.byg import pakke

            os.close(write)
            with os.fdopen(read, encoding="utf-8") as lines:
                rest = (Del(**json.loads(line)) for line in lines)
                pakke.compose_parts(itertools.chain([first], rest), target)

        self.side = Sidearbejde(compose)
        os.close(read)
        self.feed: typing.TextIO | None = None
        if self.side.pid is None:
            os.close(write)
        else:
            self.feed = os.fdopen(write, "w", encoding="utf-8")

    def send(self, del_: Del) -> None:
        import json

        if self.feed is None:
            return
        part = {"titel": del_.titel, "fil": str(del_.fil), "niveau": del_.niveau}
        part |= {"anker": del_.anker, "hoved": del_.hoved}
        try:
            self.feed.write(json.dumps(part) + "\n")
            self.feed.flush()
        except OSError:  # it ended (failed): the caller composes
            self.done()

    def done(self) -> None:
        if self.feed is not None:
            with contextlib.suppress(OSError):
                self.feed.close()
            self.feed = None

    def vent(self) -> bool:
        self.done()
        return self.side.vent()

    def __enter__(self) -> _ComposedBeside:
        return self

    def __exit__(self, *_: object) -> None:
        self.done()
        self.side.stop()


def _counted_sheets(
    sheets: SheetJob, parts: list[Del], kilder: dict[Path, str], public: Path
) -> tuple[dict[Path, int], dict[str, dict[Path, Path]]]:
    """The .xlsx bilag's pages as LibreOffice counted them ({resolved file of either
    set: pages}; waits for the count), and each set's bilag the count's PDFs stand
    for: the members' copies of the user's files, and those public copies the
    cleaning left printing alike (`persondata.prints_alike`); another public copy
    is converted with its set's samlet.docx."""
    from dagsorden.byg import pakke
    from dagsorden.byg.persondata import prints_alike

    counted = sheets.result()  # {a bilag's own file: its pages}
    sider: dict[Path, int] = {}
    omdannede: dict[str, dict[Path, Path]] = {MEDLEMMER: {}, OFFENTLIG: {}}
    for part in parts:
        kilde = Path(kilder[part.fil]).resolve()
        if part.kind != pakke.XLSX or kilde not in counted:
            continue
        sider[part.fil.resolve()] = counted[kilde]
        omdannede[MEDLEMMER][part.fil.resolve()] = sheets.pdfs[kilde]
        copy = public / part.fil.name
        if copy.is_file():
            sider[copy.resolve()] = counted[kilde]
            if prints_alike(part.fil, copy):
                omdannede[OFFENTLIG][copy.resolve()] = sheets.pdfs[kilde]
    return sider, omdannede


def referat_warnings(moede: Moede) -> list[str]:
    """What the referat lacks: each punkt without a decision from this meeting, and
    each decision moede.yaml dates for another meeting, named by file, line and
    punkt."""
    warnings: list[str] = []
    skriv = (
        "Skriv beslutningen under 'beslutninger' i mødefilen ('- punkt: {n}' og 'beslutning: ...')."
    )
    for punkt in moede.punkter:
        navn = f"Punkt {punkt.nummer} ({punkt.titel})"
        for beslutning in punkt.andet_moede:
            warnings.append(
                f"{beslutning.kilde}: {navn}: beslutningen er dateret "
                f"{_dato(beslutning.dato)}, men mødet er {_dato(moede.dato)}. Den står som "
                "tidligere politisk behandling, ikke som mødets beslutning. Ret datoen, "
                "eller slet 'dato'."
            )
        if punkt.beslutninger or punkt.andet_moede:
            continue
        message = f"{moede.fil}, linje {punkt.linje}: {navn} har ingen beslutning fra mødet."
        if punkt.historik:
            andre = ", ".join(f"{b.udvalg} {_dato(b.dato)}" for b in punkt.historik)
            message += (
                f" Sagen har kun beslutninger fra andre møder ({andre}); de står som "
                "politisk behandling, ikke som mødets beslutning."
            )
        warnings.append(f"{message} {skriv.format(n=punkt.nummer)}")
    return warnings


def _dato(dato: object) -> str:
    return f"{dato:%d.%m.%Y}" if dato is not None else "uden dato"


def byg(
    moedefil: Path,
    ud: Path,
    config: Config,
    *,
    pdf: bool = False,
    referat: bool = False,
    streng: bool = False,
    fremskridt: Fremskridt | None = None,
) -> dict[str, list[Path]]:
    """Checks and builds a meeting in one go (see the module docstring)."""
    return udfoer(plan(moedefil, ud, config, pdf=pdf, referat=referat, streng=streng), fremskridt)


__all__ = ["Plan", "byg", "plan", "referat_warnings", "udfoer"]
