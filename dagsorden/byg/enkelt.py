"""The one-document commands as whole jobs: read everything, check, then write.

`dagsorden indstilling`, `notat`, `statusbilag` and `oekonomi -o` each call one job
here. A job reads all its sources first (`kilder`), refuses an output that would
replace an input or a file the tool did not write (`dagsorden.output`), and only then
has the renderers (`dokumenter`) write, recording what it wrote so a later run may
replace it. Several documents are written all or none: a mistake in the last case
leaves no half set of papers behind.
"""

from __future__ import annotations

from pathlib import Path

from dagsorden.dokumenter.indstilling import build_indstilling
from dagsorden.dokumenter.indstilling import output_path as indstilling_path
from dagsorden.dokumenter.notat import build_notat
from dagsorden.dokumenter.notat import output_path as notat_path
from dagsorden.dokumenter.oekonomi_tabel import build_oekonomi_document
from dagsorden.dokumenter.render import TEMPLATES, Skabelon
from dagsorden.dokumenter.statusbilag import build_statusbilag
from dagsorden.errors import OutputError
from dagsorden.kerne.blocks import OekonomiTableMarker, StatusTableMarker
from dagsorden.kerne.model import Budget
from dagsorden.kerne.sager import Notat, Sag
from dagsorden.kerne.scoring import Config
from dagsorden.kilder.notat import read_notat
from dagsorden.kilder.pejlemaerke_workbook import find_workbooks
from dagsorden.kilder.sag import read_sag
from dagsorden.kilder.samling import Kilder, status_for_folders
from dagsorden.output import (
    check_output_file,
    check_output_files,
    output_folder,
    record_written,
    same_name_key,
)

__all__ = [
    "build_indstillinger",
    "build_notater",
    "template_inputs",
    "write_oekonomi_document",
    "write_statusbilag",
]


def template_inputs(name: str, given: Skabelon | None, mappe: Path | None = None) -> list[Path]:
    """The template files a job may read: an output may replace none of them (the
    project's own <mappe>/<name>.docx and the bundled one, or the one given)."""
    if given is not None:
        return [given.path]
    own = [mappe / f"{name}.docx"] if mappe is not None else []
    return [*own, TEMPLATES / f"{name}.docx"]


# --- indstillinger ------------------------------------------------------------------


def build_indstillinger(
    sagsmapper: list[Path],
    ud: Path,
    config: Config,
    skabelon: Skabelon | None = None,
    skabeloner: Path | None = None,
) -> list[Path]:
    """Writes the indstilling of every case folder; the template is read once.

    Every case and every workbook it cites is read and checked before the first
    document is written. No output may replace an input, a file the tool did not
    write, or another case's output (two folders both called "sag" with the same
    punkt). Without `skabelon`, the template is the project's templates folder
    `skabeloner`'s, else the bundled one.
    """
    skabelon = (skabelon or Skabelon.standard("indstilling", skabeloner)).med_egenskaber(
        forfatter=config.forfatter
    )
    sager = [read_sag(mappe, config.indstilling) for mappe in sagsmapper]
    kilder = Kilder(config)
    for sag in sager:
        kilder.tables_of(sag)
    targets = _distinct_indstillinger(sager, ud)
    check_output_files(targets, [*_inputs(sager), skabelon.path])
    with output_folder(ud):
        written = []
        for sag in sager:
            written.append(build_indstilling(sag, ud, skabelon, kilder.budgets, kilder.reports))
            record_written(written[-1:])
    return written


def _distinct_indstillinger(sager: list[Sag], ud: Path) -> list[Path]:
    """The output of each case; two different cases may not share one, also not
    one that only a shared folder would see as the same (`same_name_key`)."""
    seen: dict[str, tuple[Path, Sag]] = {}
    for sag in sager:
        target = indstilling_path(sag, ud)
        _, first = seen.setdefault(same_name_key(target), (target, sag))
        if first.mappe.resolve() != sag.mappe.resolve():
            raise OutputError(
                f"{first.mappe} og {sag.mappe} ville begge blive skrevet til {target}. "
                "Giv den ene sagsmappe et andet navn, eller skriv dem hver for sig med -o."
            )
    return [target for target, _ in seen.values()]


def _inputs(sager: list[Sag]) -> list[Path]:
    """The files and folders the cases read (the outputs may replace none of them)."""
    paths: list[Path] = []
    for sag in sager:
        paths += [sag.mappe, sag.fil, *sag.oekonomi]
        paths += [sag.mappe / bilag.fil for bilag in sag.bilag if bilag.fil]
        for section in sag.afsnit:
            paths += [
                block.sti
                for block in section.blocks
                if isinstance(block, StatusTableMarker | OekonomiTableMarker)
            ]
    return paths


# --- notater ------------------------------------------------------------------------


def build_notater(
    paths: list[Path],
    ud: Path,
    skabelon: Skabelon | None = None,
    forfatter: str = "",
    skabeloner: Path | None = None,
) -> list[Path]:
    """Writes every notat to `<ud>/<filstamme>.docx`; the template is read once.

    Every notat is read and checked before the first document is written, so a
    mistake in the last file doesn't leave half the bilag behind.
    """
    notater = [read_notat(path) for path in paths]
    targets = {notat_path(notat, ud) for notat in notater}
    check_output_files(sorted(targets), [*paths, *template_inputs("notat", skabelon, skabeloner)])
    _check_distinct_notater(notater, ud)
    skabelon = (skabelon or Skabelon.standard("notat", skabeloner)).med_egenskaber(
        forfatter=forfatter
    )
    with output_folder(ud):
        written = [build_notat(notat, ud, skabelon) for notat in notater]
        record_written(written)
    return written


def _check_distinct_notater(notater: list[Notat], ud: Path) -> None:
    """Two notater with the same file name (from different folders) would overwrite
    each other in UD."""
    seen: dict[str, Path] = {}
    for notat in notater:
        target = notat_path(notat, ud)
        first = seen.setdefault(same_name_key(target), notat.fil)
        if first.resolve() != notat.fil.resolve():
            raise OutputError(
                f"{first} og {notat.fil} ville begge blive skrevet til {target}. "
                "Giv den ene fil et andet navn."
            )


# --- statusbilag and the Økonomi table ----------------------------------------------


def write_statusbilag(
    mappe: Path,
    ud: Path,
    config: Config,
    *,
    titel: str | None = None,
    skabeloner: Path | None = None,
) -> Path:
    """Writes the status appendix of a folder of pejlemærke workbooks to `ud`."""
    report = status_for_folders([mappe], config)
    inputs = [mappe, *find_workbooks([mappe]), *template_inputs("statusbilag", None, skabeloner)]
    check_output_file(ud, inputs)
    skabelon = _skabelon("statusbilag", config.forfatter, skabeloner)
    with output_folder(ud.parent):
        build_statusbilag(report, ud, skabelon, titel=titel)
        record_written([ud])
    return ud


def write_oekonomi_document(
    budget: Budget, kilde: Path, ud: Path, forfatter: str = "", skabeloner: Path | None = None
) -> Path:
    """Writes a budget's Økonomi table alone to `ud` (.docx); `kilde` is its workbook."""
    check_output_file(ud, [kilde, *template_inputs("oekonomi", None, skabeloner)])
    build_oekonomi_document(budget, ud, _skabelon("oekonomi", forfatter, skabeloner))
    record_written([ud])
    return ud


def _skabelon(name: str, forfatter: str, mappe: Path | None = None) -> Skabelon:
    """The standard template `name` (the project's own in `mappe`, else the bundled
    one), its documents by `forfatter` ([dokument] forfatter)."""
    return Skabelon.standard(name, mappe).med_egenskaber(forfatter=forfatter)
