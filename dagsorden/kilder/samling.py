"""Everything a job reads, gathered in one place before anything is written.

A job (`byg`) reads its sources here, checks them, and only then hands what was read
to the renderers (`dokumenter`), which never open a file themselves. `Kilder` reads
each workbook and notat once however often it is cited; `status_for_folders` reads
a folder of pejlemærke workbooks into a status report.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from dagsorden.errors import CaseError, DagsordenError, Problem, WorkbookError
from dagsorden.kerne.blocks import OekonomiTableMarker, StatusTableMarker
from dagsorden.kerne.model import Budget
from dagsorden.kerne.sager import Notat, Sag
from dagsorden.kerne.scoring import Config
from dagsorden.kerne.status import Statusrapport, build_report

__all__ = ["Kilder", "status_for_folders"]


def status_for_folders(paths: list[Path], config: Config, aar: int | None = None) -> Statusrapport:
    """Reads, validates and scores every workbook in `paths`: as of each one's
    Statusår, or as of `aar` (`status --år`)."""
    from dagsorden.kilder.pejlemaerke_workbook import read_pejlemaerker

    pejlemaerker = read_pejlemaerker(paths)
    if not pejlemaerker:
        raise DagsordenError(
            "Ingen pejlemærke-arbejdsbøger (.xlsx) fundet i "
            + ", ".join(str(p) for p in paths)
            + ". Lav en med: dagsorden ny pejlemaerke FIL.xlsx"
        )
    return build_report(pejlemaerker, config, aar)


@dataclass
class Kilder:
    """The sources read during one run, each read once however often it is cited.

    `budgets` and `reports` are keyed by resolved path: what a renderer gets.
    """

    config: Config
    budgets: dict[Path, Budget] = field(default_factory=dict)
    reports: dict[Path, Statusrapport] = field(default_factory=dict)
    notater: dict[Path, Notat] = field(default_factory=dict)

    def budget(self, path: Path) -> Budget:
        from dagsorden.kilder.budget_workbook import read_budget

        key = path.resolve()
        if key not in self.budgets:
            self.budgets[key] = read_budget(path)
        return self.budgets[key]

    def status(self, path: Path) -> Statusrapport:
        key = path.resolve()
        if key not in self.reports:
            self.reports[key] = status_for_folders([path], self.config)
        return self.reports[key]

    def notat(self, path: Path) -> Notat:
        from dagsorden.kilder.notat import read_notat

        if path not in self.notater:
            self.notater[path] = read_notat(path)
        return self.notater[path]

    def tables_of(self, sag: Sag) -> None:
        """Reads every budget and status table a case's paper shows.

        The front matter's budgets first, all their problems together; then each
        table marker in the body in order, a problem that is not the workbook's own
        told at the marker's line in sag.md.
        """
        problems: list[Problem] = []
        for path in sag.oekonomi:
            try:
                self.budget(path)
            except WorkbookError as exc:
                problems.extend(exc.problems)
        if problems:
            raise WorkbookError(problems)
        for section in sag.afsnit:
            for block in section.blocks:
                if not isinstance(block, StatusTableMarker | OekonomiTableMarker):
                    continue
                try:
                    if isinstance(block, StatusTableMarker):
                        self.status(block.sti)
                    else:
                        self.budget(block.sti)
                except WorkbookError:
                    raise
                except DagsordenError as exc:
                    raise CaseError.at(sag.fil, block.linje, str(exc)) from exc
