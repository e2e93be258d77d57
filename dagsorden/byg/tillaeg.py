"""The supplementary agenda (`dagsorden byg --tillaeg`): what changed after publishing.

Once the agenda is sent, the meeting file may still change: a case is added, a paper
is corrected, a punkt is withdrawn. `byg --tillaeg MOEDEFIL -o UD` compares the
meeting now with what the build in UD published and writes, beside it, a
supplementary set `UD/tillaeg-<n>/medlemmer/` and `UD/tillaeg-<n>/offentlig/`:

- `tillaegsdagsorden.docx`: "Tillægsdagsorden", the meeting, and the list
  "Ændringer siden den udsendte dagsorden": new punkter (numbered on after the
  highest number ever published), changed punkter with their published numbers
  marked "(ændret)", withdrawn punkter marked "(udgår)", and a changed time or place;
  a standing item's text under it;
- the papers and bilag of the new and changed punkter, named by those numbers;
- `tillaeg-samlet.docx` (and with `--pdf` `tillaeg-samlet.pdf`): all of it as one.

The public set holds nothing of a closed punkt but its number and "Lukket punkt",
and goes through the same CPR and accessibility gates as the agenda's.

What was published is a record in the build folder's marker (`dagsorden.byg.udsendt`):
per punkt its number, key, title and a checksum of its inputs. A new punkt is one
whose key the record lacks; a changed one, one whose checksum differs; a withdrawn
one, one in the record but no longer in the meeting file. Decisions are no change.
The record after the tillæg (with the new numbers and checksums) replaces it, so the
next tillæg compares with the agenda and every tillæg before it; a referat build keeps
both, and a new agenda build over a UD with a tillæg is refused (it would replace
what was sent).

The tillæg is built like any build: in a new folder beside UD holding the published
files as they are (hard links, else copies) and the new tillaeg-<n>/, swapped in for
UD in one rename; the published files are never rewritten. It is refused, with what
to do, when UD holds no published agenda, when it is another meeting's (udvalg or
date), when nothing changed, and when UD was rebuilt while the tillæg was planned.

The numbers a tillæg gives are those of the published papers; a later referat and a
new `byg` number by the meeting file's order, so when the two differ (a new punkt
not last in 'punkter', a withdrawn one before others) each such punkt is a warning.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from dagsorden.byg import byggemappe, udsendt
from dagsorden.byg import moede as bygning
from dagsorden.byg.pakke import Del, PdfPakke
from dagsorden.errors import DagsordenError, OutputError
from dagsorden.kerne.danish import moededato as moededato_tekst
from dagsorden.kerne.sager import Moede, Punkt

AGENDA = "tillaegsdagsorden.docx"
PACKET = "tillaeg-samlet"
OVERSKRIFT = "Tillægsdagsorden"
AENDRINGER = "Ændringer siden den udsendte dagsorden"
AENDRET = "ændret"
UDGAAR = "udgår"

Fremskridt = Callable[[str], None]


# --- what changed ----------------------------------------------------------------------


@dataclass
class Tillaeg:
    """A checked supplementary agenda, ready to write: `plan` is the meeting with only
    the tillæg's punkter, numbered as the tillæg numbers them."""

    plan: bygning.Plan
    nummer: int
    """n of tillaeg-<n>."""
    nye: list[Punkt]
    aendrede: list[Punkt]
    udgaaede: list[dict[str, Any]]
    """The published record's entries of the withdrawn punkter."""
    moedet: list[str]
    """Changes of the meeting itself (time, place), as sentences."""
    forrige: dict[str, Any]
    """The published record this tillæg was planned against."""
    ny_record: dict[str, Any]
    nummerering: list[str] = field(default_factory=list)
    """Warnings: punkter the meeting file numbers otherwise than the tillæg."""

    @property
    def advarsler(self) -> list[str]:
        return [*self.nummerering, *self.plan.advarsler]

    @property
    def trin(self) -> int:
        """The meeting's steps for the tillæg's punkter, and the two packets composed again."""
        return self.plan.trin + 2

    @property
    def mappe(self) -> str:
        return f"tillaeg-{self.nummer}"

    @property
    def opsummering(self) -> str:
        parts = [
            _antal(len(self.nye), "nyt punkt", "nye punkter"),
            _antal(len(self.aendrede), "ændret punkt", "ændrede punkter"),
            _antal(len(self.udgaaede), "udgået punkt", "udgåede punkter"),
        ]
        if self.moedet:
            parts.append("mødet ændret")
        return f"Tillæg {self.nummer}: " + ", ".join(parts) + "."


def _antal(n: int, one: str, many: str) -> str:
    return f"{n} {one if n == 1 else many}"


def plan(full: bygning.Plan) -> Tillaeg:
    """Compares the checked meeting `full` (from `moede.plan`, not a referat) with the
    agenda published in its UD; raises what to do when there is no tillæg to make."""
    moede, ud = full.moede, full.ud
    published = udsendt.published(ud)
    now = udsendt.meeting(moede)
    if (published.get("udvalg"), published.get("dato")) != (now["udvalg"], now["dato"]):
        then = f"{published.get('udvalg')} {_dansk_dato(published.get('dato'))}"
        raise OutputError(
            f"{ud}: rummer dagsordenen for {then}, men {moede.fil} er mødet i "
            f"{moede.udvalg} {moede.dato:%d.%m.%Y}. Et tillæg hører til samme møde: angiv "
            "med -o den mappe, mødets dagsorden blev bygget i, eller byg det nye møde i "
            "en ny mappe uden --tillaeg."
        )
    entries: list[dict[str, Any]] = [e for e in published.get("punkter", []) if isinstance(e, dict)]
    by_key = {str(e.get("noegle")): e for e in entries}
    last = max((int(e.get("nummer", 0)) for e in entries), default=0)
    nye: list[Punkt] = []
    aendrede: list[Punkt] = []
    updated = {key: dict(entry) for key, entry in by_key.items()}
    numbers: dict[str, int] = {}
    for key, punkt in udsendt.keys(moede):
        entry = by_key.get(key)
        if entry is None or entry.get("udgaaet"):
            last += 1
            nummer = last
            nye.append(_numbered(punkt, nummer))
        else:
            nummer = int(entry["nummer"])
            if udsendt.tjeksum(moede, punkt) != entry.get("tjeksum"):
                aendrede.append(_numbered(punkt, nummer))
        numbers[key] = nummer
        updated[key] = udsendt.entry(moede, punkt, key, nummer)
    udgaaede = [e for key, e in by_key.items() if key not in numbers and not e.get("udgaaet")]
    for entry in udgaaede:
        updated[str(entry.get("noegle"))]["udgaaet"] = True
    moedet = _meeting_changes(published, now)
    if not (nye or aendrede or udgaaede or moedet):
        raise DagsordenError(
            f"{moede.fil}: intet er ændret siden den udsendte dagsorden i {ud} "
            f"({_udgaver(published)}), så der er intet tillæg at bygge. Tilføj eller ret "
            "punkterne i mødefilen og sagerne, og byg så igen med --tillaeg."
        )
    editions = [u for u in published.get("udgaver", []) if isinstance(u, dict)]
    nummer = _next_supplement(ud, editions)
    ny_record = {
        **published,
        **now,
        "udgaver": [*editions, {"navn": f"tillaeg-{nummer}", "tid": udsendt.now()}],
        "punkter": sorted(updated.values(), key=lambda e: int(e.get("nummer", 0))),
    }
    # In the tillæg's papers and packet a changed punkt is "Titel (ændret)".
    marked = [replace(p, titel=f"{p.titel} ({AENDRET})") for p in aendrede]
    punkter = tuple(sorted([*nye, *marked], key=lambda p: p.nummer))
    sub = replace(full, moede=replace(moede, punkter=punkter), advarsler=list(full.advarsler))
    return Tillaeg(
        sub,
        nummer,
        nye,
        aendrede,
        udgaaede,
        moedet,
        published,
        ny_record,
        _numbering_warnings(
            moede,
            numbers,
            {k for k, _ in udsendt.keys(moede) if by_key.get(k, {"udgaaet": True}).get("udgaaet")},
            bool(udgaaede),
        ),
    )


def _numbered(punkt: Punkt, nummer: int) -> Punkt:
    sag = replace(punkt.sag, punkt=nummer) if punkt.sag is not None else None
    return replace(punkt, nummer=nummer, sag=sag)


def _meeting_changes(published: dict[str, Any], now: dict[str, Any]) -> list[str]:
    changes = []
    if published.get("tid", "") != now["tid"]:
        before = f" (før kl. {published.get('tid')})" if published.get("tid") else ""
        changes.append(f"Mødet begynder nu kl. {now['tid'] or '(intet klokkeslæt)'}{before}.")
    if published.get("moedested", "") != now["moedested"]:
        before = f" (før: {published.get('moedested')})" if published.get("moedested") else ""
        changes.append(f"Mødestedet er nu {now['moedested'] or '(intet angivet)'}{before}.")
    return changes


def _dansk_dato(iso: object) -> str:
    try:
        return f"{dt.date.fromisoformat(str(iso)):%d.%m.%Y}"
    except ValueError:
        return str(iso)


def _tid(iso: object) -> str:
    try:
        return f"{dt.datetime.fromisoformat(str(iso)):%d.%m.%Y kl. %H:%M}"
    except ValueError:
        return str(iso)


def _udgaver(published: dict[str, Any]) -> str:
    editions = [u for u in published.get("udgaver", []) if isinstance(u, dict)]
    names = {"dagsorden": "dagsordenen"}
    shown = [
        f"{names.get(str(u.get('navn')), str(u.get('navn')).replace('tillaeg-', 'tillæg '))} "
        f"bygget {_tid(u.get('tid'))}"
        for u in editions
    ]
    return ", ".join(shown) or "uden dato"


def _sent(published: dict[str, Any]) -> str:
    """ " (bygget 12.11.2014)": when the published agenda was built, if known."""
    for edition in published.get("udgaver", []):
        if isinstance(edition, dict) and edition.get("navn") == "dagsorden":
            try:
                when = dt.datetime.fromisoformat(str(edition.get("tid")))
            except ValueError:
                return ""
            return f" (bygget {when:%d.%m.%Y})"
    return ""


def _next_supplement(ud: Path, editions: Iterable[dict[str, Any]]) -> int:
    """One more than every tillæg in the record or in UD's list of files."""
    taken = [0]
    for name in [str(u.get("navn", "")) for u in editions] + (byggemappe.read_marker(ud) or []):
        first = name.split("/")[0]
        if byggemappe.SUPPLEMENT.fullmatch(first):
            taken.append(int(first.removeprefix("tillaeg-")))
    return max(taken) + 1


def _numbering_warnings(
    moede: Moede, numbers: dict[str, int], nye: set[str], udgaaet: bool
) -> list[str]:
    """One warning naming each punkt whose number in the agenda and the tillæg differs
    from its place in the meeting file, which the referat and a new `byg` number by."""
    moved = [key for key, punkt in udsendt.keys(moede) if numbers[key] != punkt.nummer]
    if not moved:
        return []
    punkter = dict(udsendt.keys(moede))
    shown = "; ".join(
        f"'{punkter[key].titel}' (linje {punkter[key].linje}): {numbers[key]} i tillægget, "
        f"{punkter[key].nummer} i referatet"
        for key in moved
    )
    why = []
    if nye & set(moved):
        why.append("Sæt nye punkter sidst under 'punkter', så numrene er de samme.")
    if udgaaet:
        why.append("Efter et udgået punkt rykker de følgende punkter op i referatet.")
    lead = (
        f"{moede.fil}: tillægget bruger den udsendte dagsordens numre, men referatet og en "
        "ny 'dagsorden byg' nummererer efter pladsen i mødefilen"
    )
    return [" ".join([f"{lead}: {shown}.", *why])]


# --- writing -------------------------------------------------------------------------------


def udfoer(tillaeg: Tillaeg, fremskridt: Fremskridt | None = None) -> dict[str, list[Path]]:
    """Writes tillaeg-<n>/ beside the published files and swaps the whole in for UD;
    returns the files written, by "tillaeg-<n>/<set>"."""
    from filelock import FileLock, Timeout

    from dagsorden.output import output_error

    step = fremskridt or (lambda _label: None)
    ud = tillaeg.plan.ud
    lock = FileLock(ud.parent / f".{ud.name}.lock")
    try:
        lock.acquire(timeout=0)
    except Timeout as exc:
        raise OutputError(
            f"{ud}: en anden 'dagsorden byg' bygger allerede i denne mappe. Vent, til den "
            "er færdig, og prøv igen."
        ) from exc
    except OSError as exc:
        raise output_error(ud, exc) from exc
    try:
        byggemappe.clean_stale(ud)
        bygning._check_ud(ud)
        if byggemappe.read_record(ud) != tillaeg.forrige:
            raise OutputError(
                f"{ud}: mappen er bygget igen, mens tillægget blev forberedt. Byg tillægget "
                "igen med --tillaeg."
            )
        staging = byggemappe.make_staging(ud)
        try:
            _keep_published(ud, staging)
            files = _write(tillaeg, staging, step)
            byggemappe.write_marker(
                staging, byggemappe.listed_files(staging), udsendt=tillaeg.ny_record
            )
            bygning._check_ud(ud)
            byggemappe.swap_in(staging, ud)
        except BaseException as exc:
            shutil.rmtree(staging, ignore_errors=True)
            translated = bygning._user_error(exc, staging, ud)
            if translated is exc:
                raise
            raise translated from exc
    finally:
        lock.release()
    return {name: [ud / p.relative_to(staging) for p in paths] for name, paths in files.items()}


def _keep_published(ud: Path, staging: Path) -> None:
    """Every file the build in UD wrote, into `staging` as it is (a hard link, else
    a copy): the published agenda, an earlier tillæg, a referat."""
    for rel in byggemappe.read_marker(ud) or []:
        parts = rel.split("/")
        if not rel or rel.startswith("/") or any(p in ("", ".", "..") for p in parts):
            continue  # a list someone edited: never read from outside UD
        source, target = ud / rel, staging / rel
        if source.is_symlink() or not source.is_file():
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        try:
            os.link(source, target)
        except OSError:
            shutil.copy2(source, target)


def _write(tillaeg: Tillaeg, staging: Path, step: Fremskridt) -> dict[str, list[Path]]:
    """Writes both sets of tillaeg-<n>/ into `staging`: the tillæg's papers and bilag
    by `moede._write_sets`, then the tillægsdagsorden and the packets."""
    from dagsorden.byg import pakke
    from dagsorden.byg.persondata import Offentlig

    plan = tillaeg.plan
    folder = staging / tillaeg.mappe
    folder.mkdir()
    written = bygning._write_sets(replace(plan, pdf=False), folder, step)
    moedefil = str(plan.moede.fil)
    files: dict[str, list[Path]] = {}
    packets: list[PdfPakke] = []
    public_files: list[Offentlig] = []
    members_files: list[Offentlig] = []
    alle: dict[str, str] = {}
    for punkt in plan.moede.punkter:
        if not punkt.lukket:
            alle |= bygning.tilladt_cpr(plan, punkt)
    for name in (bygning.MEDLEMMER, bygning.OFFENTLIG):
        public = name == bygning.OFFENTLIG
        agenda, *papers, samlet = written[name]
        agenda_path = folder / name / AGENDA
        _write_agenda(tillaeg, agenda, agenda_path, public=public)
        agenda.unlink()
        samlet.unlink()
        parts = [Del(OVERSKRIFT, agenda_path), *_parts(plan, papers, public=public)]
        step("Samlet dokument")
        packet = pakke.compose_docx(parts, folder / name / f"{PACKET}.docx")
        files[f"{tillaeg.mappe}/{name}"] = [agenda_path, *papers, packet]
        packets.append(PdfPakke(parts, folder / name / f"{PACKET}.pdf", packet))
        rel = f"{tillaeg.mappe}/{name}/"
        own = [agenda_path, packet]
        if public:
            public_files += [Offentlig(p, rel + p.name, moedefil, alle) for p in own]
        else:
            members_files += [Offentlig(p, rel + p.name, moedefil) for p in own]
    if plan.pdf:
        pdfs = pakke.make_pdfs(packets, arbejdsmappe=staging)
        for name, pdf in zip((bygning.MEDLEMMER, bygning.OFFENTLIG), pdfs, strict=True):
            files[f"{tillaeg.mappe}/{name}"].append(pdf)
            if name == bygning.OFFENTLIG:
                public_files.append(
                    Offentlig(pdf, f"{tillaeg.mappe}/{name}/{pdf.name}", moedefil, alle)
                )
        step("PDF")
    # The public tillægsdagsorden and packets are cleaned and checked like the agenda's.
    bygning._check_personal_data(plan, public_files, members_files)
    return files


def _parts(plan: bygning.Plan, papers: list[Path], *, public: bool) -> list[Del]:
    """The packet's parts after the tillægsdagsorden, titled as `moede._write_sets`
    titles them: each punkt's paper, then its bilag."""
    titles: list[tuple[str, int]] = []
    for punkt in plan.moede.punkter:
        if punkt.sag is None or (public and punkt.lukket):
            continue
        titles.append((f"Punkt {punkt.nummer}. {punkt.titel}", 0))
        titles += [(f"Bilag {b.nummer}. {b.titel}", 1) for b in punkt.bilag]
    if len(titles) != len(papers):  # the sets' own order changed: a bug, not the user's
        raise RuntimeError(f"supplement: {len(titles)} titles for {len(papers)} files")
    return [Del(titel, path, niveau) for (titel, niveau), path in zip(titles, papers, strict=True)]


def _write_agenda(tillaeg: Tillaeg, rendered: Path, target: Path, *, public: bool) -> None:
    """The tillægsdagsorden: the set's agenda as the template rendered it (its styles,
    page, headers and footers), its body replaced by the list of changes."""
    from docx import Document

    from dagsorden.dokumenter.render import set_properties
    from dagsorden.output import write_atomically

    document = Document(str(rendered))
    body = document.element.body
    for child in list(body):
        if not child.tag.endswith("}sectPr"):
            body.remove(child)
    styles = {s.name for s in document.styles}

    def add(text: str, style: str = "", *, bold: bool = False) -> None:
        paragraph = document.add_paragraph(style=style if style in styles else None)
        paragraph.add_run(text).bold = bold or None

    moede = tillaeg.plan.moede
    add(OVERSKRIFT, "Heading 1")
    add(moede.udvalg, bold=True)
    add(f"Mødedato: {moededato_tekst(moede.moededato)}")
    if moede.moedested:
        add(f"Mødested: {moede.moedested}")
    sendt = _sent(tillaeg.forrige)
    add(
        f"Tillæg {tillaeg.nummer} til den udsendte dagsorden{sendt}. Punkterne herunder er "
        "nye, ændret eller udgået siden; de øvrige punkter er uændrede."
    )
    add(AENDRINGER, "Heading 2")

    def line(nummer: object, navn: str, lukket: bool, mark: str = "") -> None:
        if lukket and public:
            navn = bygning.LUKKET  # the public sees a closed punkt's number only
        elif lukket:
            navn = f"{navn} ({bygning.LUKKET.lower()})"
        add(f"{nummer}. {navn}" + (f" ({mark})" if mark else ""), "At-punkt")

    for overskrift, items, mark in (
        ("Nye punkter", tillaeg.nye, ""),
        ("Ændrede punkter", tillaeg.aendrede, AENDRET),
    ):
        if items:
            add(overskrift, "Heading 3")
        for punkt in items:
            line(punkt.nummer, punkt.titel, punkt.lukket, mark)
            for afsnit in punkt.tekst:  # a standing item's text (it is never closed)
                add(afsnit)
    if tillaeg.udgaaede:
        add("Udgåede punkter", "Heading 3")
        for entry in tillaeg.udgaaede:
            line(entry.get("nummer"), str(entry.get("titel")), bool(entry.get("lukket")), UDGAAR)
    if tillaeg.moedet:
        add("Mødet", "Heading 3")
        for sentence in tillaeg.moedet:
            add(sentence)
    titel_egenskab = f"{moede.udvalg} – tillægsdagsorden {tillaeg.nummer} {moede.dato:%d.%m.%Y}"
    set_properties(document, titel=titel_egenskab, forfatter=document.core_properties.author)
    write_atomically(target, lambda temp: document.save(str(temp)), overwrite=True)


check_published = udsendt.check_published

__all__ = ["Tillaeg", "check_published", "plan", "udfoer"]
