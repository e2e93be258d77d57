"""Measures dagsorden side by side with the libraries beneath it (issue 14).

    uv run python bench/run.py                  # the full run (about 10 minutes on 2 cores)
    uv run python bench/run.py --quick          # a smoke run (a few minutes)
    uv run python bench/run.py --json out.json  # also write every raw figure

Run by hand; it is no test (pytest collects tests/ only). In a temporary folder it
writes, with bench/generate.py, meetings of 10, 30 and 60 punkter (as many bilag as
punkter; punkt 1 has the status appendix of the nine example workbooks) and folders
of 100, 300 and 1,000 pejlemærke workbooks. `--quick` uses 10 and 30 punkter, 100 and
300 workbooks and fewer pairs.

Every measurement runs in a fresh process of its own. A comparison alternates the two
sides, A B A B ..., and reports the median of the pairs' ratios A/B beside each
side's median: on a shared machine the load changes within minutes, but seldom
within one pair. Memory is each process's own peak, `VmHWM` of /proc/self/status
read as it ends (not `ru_maxrss`, which a child started by `subprocess` inherits
from its parent). What is timed:

- indstilling: inside one process, the median time per document of a batch of 30
  cases after one warm-up pass (template loaded, workbooks read, as `byg` does):
  `build_indstilling` against docxtpl's own `DocxTemplate(path).render(context)` and
  `save` of the same template with the context the template needs, as plain data;
- status: inside one process, `status_for_folders` over a folder of workbooks
  against python-calamine reading the same sheets' values of the same files;
- byg --pdf: the whole `dagsorden byg MOEDE -o UD --pdf --stille` process against one
  fresh-profile `soffice --convert-to` of the two samlet.docx that build wrote, with
  the export byg asks for (tagged PDF/UA, `pakke.PDF_FILTER`);
- start-up: the whole `dagsorden --help` process against `python -c "import click"`.

Then the scaling table (time and VmHWM by size, and the LibreOffice runs each build
started), where the time goes (one more run with public entry points wrapped by name:
a renamed or missing function just drops its row), what `--help` imports, and which
commands import matplotlib or start LibreOffice. A phase that fails is printed as
failed with its error's last line; the rest still runs.
"""

from __future__ import annotations

import argparse
import functools
import importlib
import inspect
import itertools
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import traceback
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
TEMPLATE = ROOT / "templates" / "indstilling.docx"
sys.path.insert(0, str(BENCH))

SHEETS = ("Pejlemærke", "Delmål", "Tekster", "Målinger", "Milepæle", "Sammenligning", "Aktiviteter")
"""The sheets status reads (pejlemaerke_workbook.ARK_*, and the four over time where
a workbook has them: issue 15's example workbooks do)."""


def vmhwm_kb() -> int:
    """This process's own peak resident set size in KiB (Linux), 0 when unknown."""
    try:
        for line in Path("/proc/self/status").read_text(encoding="ascii").splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


class TreeWatch:
    """The LibreOffice processes (soffice.bin) under a measured process, seen from
    outside it: a thread of this orchestrating process polls /proc every 50 ms. The
    measured process keeps its one thread, as it has when a user runs it (a build
    forks work beside it only then: a watching thread inside it would measure
    another path). `stop()` gives each soffice.bin's lifetime and VmHWM."""

    def __init__(self, pid: int) -> None:
        self.pid = pid
        self.seen: dict[int, dict[str, float]] = {}
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._poll, daemon=True)
        self._thread.start()

    def _poll(self) -> None:
        while not self._stop.is_set():
            now = time.perf_counter()
            for each in _tree(self.pid):
                if _proc(each, "comm").strip() != "soffice.bin":
                    continue
                run = self.seen.setdefault(each, {"start": now, "end": now, "vmhwm_kb": 0})
                run["end"] = now
                match = re.search(r"^VmHWM:\s+(\d+)", _proc(each, "status"), re.M)
                if match:
                    run["vmhwm_kb"] = max(run["vmhwm_kb"], int(match[1]))
            self._stop.wait(0.05)

    def stop(self) -> list[dict[str, float]]:
        self._stop.set()
        self._thread.join()
        return [
            {"start": r["start"], "s": r["end"] - r["start"], "vmhwm_kb": r["vmhwm_kb"]}
            for r in self.seen.values()
        ]


def libreoffice_wall(runs: list[dict[str, float]]) -> float:
    """The time any LibreOffice ran (overlapping runs counted once)."""
    total, reach = 0.0, float("-inf")
    for run in sorted(runs, key=lambda r: r["start"]):
        start, end = run["start"], run["start"] + run["s"]
        if end > reach:
            total += end - max(start, reach)
            reach = end
    return total


def _proc(pid: int, name: str) -> str:
    try:
        return Path(f"/proc/{pid}/{name}").read_text(encoding="ascii", errors="replace")
    except OSError:
        return ""


def _tree(pid: int) -> list[int]:
    """`pid` and its descendants (/proc/PID/task/TID/children)."""
    found, todo = [], [pid]
    while todo:
        each = todo.pop()
        found.append(each)
        try:
            tasks = os.listdir(f"/proc/{each}/task")
        except OSError:
            continue
        for task in tasks:
            todo += [int(c) for c in _proc(each, f"task/{task}/children").split()]
    return found


def libreoffice_row(runs: list[dict[str, float]], per: int = 1) -> dict[str, Any]:
    """A breakdown row of the LibreOffice runs (they may overlap other rows)."""
    return {
        "navn": "LibreOffice runs (wall, start to exit)",
        "s": libreoffice_wall(runs) / per,
        "kald": len(runs) / per,
        "vmhwm_kb": max((int(r["vmhwm_kb"]) for r in runs), default=0),
        "top": False,
    }


# --- the Stopwatch: where a phase's time goes ----------------------------------------


class Stopwatch:
    """Adds up the time spent in chosen functions, wrapping them in place by name.

    A spec is "module:function" or "module:Class.method". A module function is
    replaced in every loaded dagsorden module that holds it (`from x import f`
    copies the reference). A spec that no longer resolves is skipped: other work
    renames functions, and a breakdown must not break the bench. Nested calls of one
    row count once; `covered` is the time inside any top-level row, so "other" is
    right even where top-level rows nest in each other.
    """

    def __init__(self) -> None:
        self.rows: list[dict[str, Any]] = []
        self._active_top = 0
        self._covered_since = 0.0
        self.covered = 0.0

    def wrap(self, label: str, spec: str, *, top: bool = True) -> None:
        module_name, _, attr = spec.partition(":")
        try:
            module = importlib.import_module(module_name)
        except Exception:  # a half-done module: the row is left out
            return
        owner: Any = module
        *classes, name = attr.split(".")
        for part in classes:
            owner = getattr(owner, part, None)
            if owner is None:
                return
        original = inspect.getattr_static(owner, name, None)
        if not inspect.isfunction(original):
            return
        row: dict[str, Any] = {"navn": label, "s": 0.0, "kald": 0, "vmhwm_kb": 0, "top": top}
        self.rows.append(row)
        depth = [0]

        @functools.wraps(original)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            if depth[0]:
                return original(*args, **kwargs)
            depth[0] += 1
            start = time.perf_counter()
            if top:
                self._enter(start)
            try:
                return original(*args, **kwargs)
            finally:
                end = time.perf_counter()
                if top:
                    self._leave(end)
                depth[0] -= 1
                row["s"] += end - start
                row["kald"] += 1
                row["vmhwm_kb"] = vmhwm_kb()

        if classes:
            setattr(owner, name, wrapper)
            return
        for loaded in list(sys.modules.values()):
            name_of = getattr(loaded, "__name__", "") or ""
            if name_of.split(".")[0] == "dagsorden" and getattr(loaded, name, None) is original:
                setattr(loaded, name, wrapper)

    def _enter(self, now: float) -> None:
        if self._active_top == 0:
            self._covered_since = now
        self._active_top += 1

    def _leave(self, now: float) -> None:
        self._active_top -= 1
        if self._active_top == 0:
            self.covered += now - self._covered_since

    def result(self, total: float, per: int = 1) -> dict[str, Any]:
        rows = [{**r, "s": r["s"] / per, "kald": r["kald"] / per} for r in self.rows if r["kald"]]
        return {"s": total / per, "daekket_s": self.covered / per, "rader": rows}


# --- the phases, each run in a process of its own --------------------------------------


def _sager(moedefil: Path) -> list[Any]:
    from dagsorden.kilder.moedefil import read_moede

    return [p.sag for p in read_moede(moedefil).punkter]


def _per_document(
    sager: list[Any], one: Callable[[Any], object], rounds: int, watch: Stopwatch | None = None
) -> dict[str, Any]:
    """One warm-up pass (imports, caches), then `rounds` timed passes over the cases."""
    for sag in sager:
        one(sag)
    if watch is not None:
        install_indstilling_watch(watch)
    times = []
    for _ in range(rounds):
        for sag in sager:
            start = time.perf_counter()
            one(sag)
            times.append(time.perf_counter() - start)
    result: dict[str, Any] = {
        "s": statistics.median(times),
        "dokumenter": len(sager),
        "vmhwm_kb": vmhwm_kb(),
    }
    if watch is not None:
        result["fordeling"] = watch.result(sum(times), per=len(times))
    return result


def install_indstilling_watch(watch: Stopwatch) -> None:
    watch.wrap("Skabelon.new_document", "dagsorden.dokumenter.render:Skabelon.new_document")
    watch.wrap("sub-documents (docxtpl Subdoc())", "docxtpl.subdoc:Subdoc.__init__")
    watch.wrap(
        "Skabelon.write (render, save, atomic write)", "dagsorden.dokumenter.render:Skabelon.write"
    )
    watch.wrap("DocxTemplate.render", "docxtpl.template:DocxTemplate.render", top=False)
    watch.wrap("DocxTemplate.save", "docxtpl.template:DocxTemplate.save", top=False)


def phase_indstilling(p: dict[str, Any]) -> dict[str, Any]:
    """dagsorden's indstilling: a Skabelon loaded once, the workbooks read once."""
    from dagsorden.dokumenter.indstilling import build_indstilling
    from dagsorden.dokumenter.render import Skabelon
    from dagsorden.kerne.scoring import Config
    from dagsorden.kilder.samling import Kilder

    sager = _sager(Path(p["moede"]))
    skabelon = Skabelon.standard("indstilling")
    kilder = Kilder(Config())
    for sag in sager:
        kilder.tables_of(sag)
    ud = Path(tempfile.mkdtemp(dir=p["arbejde"], prefix="indstilling-"))

    def one(sag: Any) -> None:
        build_indstilling(sag, ud, skabelon, kilder.budgets, kilder.reports, referat=False)

    watch = Stopwatch() if p.get("fordeling") else None
    return _per_document(sager, one, p["runder"], watch)


def _plain_paragraphs(blocks: Iterable[Any]) -> list[str]:
    """The blocks' text, one string per paragraph, list item or table row."""
    from dagsorden.kerne.blocks import (
        BulletList,
        Heading,
        NumberedList,
        Paragraph,
        Table,
        plain_text,
    )

    texts: list[str] = []
    for block in blocks:
        if isinstance(block, Paragraph | Heading):
            texts.append(plain_text(block.runs))
        elif isinstance(block, BulletList | NumberedList):
            texts.extend(plain_text(item.runs) for item in block.items)
        elif isinstance(block, Table):
            for row in (block.header, *block.rows):
                texts.append(" | ".join(plain_text(cell) for cell in row))
    return texts


def plain_context(sag: Any, document: Any) -> dict[str, Any]:
    """What build_indstilling gives templates/indstilling.docx, as plain data: the
    case's own texts unfilled, each section as plain paragraphs in a sub-document."""
    from dagsorden.kerne import danish
    from dagsorden.kerne.sager import Papirform

    form = getattr(sag, "form", None) or Papirform()
    afsnit = []
    for section in sag.afsnit:
        subdoc = document.new_subdoc()
        for text in _plain_paragraphs(section.blocks):
            subdoc.add_paragraph(text)
        afsnit.append({"titel": section.titel, "indhold": subdoc, "ingen_oekonomi": False})
    anbefaling = None
    if sag.anbefaling:
        anbefaling = {"til": list(sag.anbefaling.til), "punkter": list(sag.anbefaling.punkter)}
    return {
        "sag": {
            "lukket": sag.lukket,
            "moededato": sag.moededato,
            "moedested": sag.moedested,
            "punkt": sag.punkt,
            "b_sag": getattr(sag, "b_sag", False),
            "titel": sag.titel,
            "sagsnr": sag.sagsnr,
            "resume": sag.resume,
            "indstiller": list(sag.indstiller),
            "udvalg": list(sag.udvalg),
            "efter_indstilling": list(getattr(sag, "efter_indstilling", ())),
            "bilag": [{"titel": b.titel} for b in sag.bilag],
            "underskrift": list(sag.underskrift),
        },
        "form": {
            "overskrift": form.overskrift,
            "resume_overskrift": form.resume_overskrift,
            "punkttegn": form.punkttegn,
            "at_foran": form.at_foran,
        },
        "indledning": form.indledning_for(danish.og(sag.indstiller), danish.og(sag.udvalg)),
        "indstilling": list(sag.indstilling),
        "anbefaling": anbefaling,
        "afsnit": afsnit,
        "beslutninger": [],
        "referat": False,
    }


def phase_docxtpl(p: dict[str, Any]) -> dict[str, Any]:
    """docxtpl alone: DocxTemplate(path), render(context), save, for the same cases."""
    import jinja2
    from docxtpl import DocxTemplate

    from dagsorden.kerne import danish

    sager = _sager(Path(p["moede"]))
    env = jinja2.Environment()
    filters = ("moededato", "og", "genitiv", "dato")  # the ones the template uses
    env.filters.update({name: getattr(danish, name) for name in filters})
    ud = Path(tempfile.mkdtemp(dir=p["arbejde"], prefix="docxtpl-"))

    def one(sag: Any) -> None:
        document = DocxTemplate(TEMPLATE)
        document.render(plain_context(sag, document), jinja_env=env)
        document.save(ud / f"{sag.punkt}-{sag.navn}.docx")

    return _per_document(sager, one, p["runder"])


def phase_status(p: dict[str, Any]) -> dict[str, Any]:
    """dagsorden status over a folder: read, validate and score every workbook."""
    from dagsorden.kerne.scoring import Config
    from dagsorden.kilder import samling

    watch = None
    if p.get("fordeling"):
        watch = Stopwatch()
        watch.wrap("cells.open_workbook (file to cells)", "dagsorden.kilder.cells:open_workbook")
        watch.wrap("build_report (score and colour)", "dagsorden.kilder.samling:build_report")
    start = time.perf_counter()
    report = samling.status_for_folders([Path(p["mappe"])], Config())
    elapsed = time.perf_counter() - start
    result: dict[str, Any] = {"s": elapsed, "linjer": len(report.linjer), "vmhwm_kb": vmhwm_kb()}
    if watch is not None:
        result["fordeling"] = watch.result(elapsed)
    return result


def phase_calamine(p: dict[str, Any]) -> dict[str, Any]:
    """python-calamine reading the values of every sheet status reads, of every
    workbook (the optional sheets where a workbook has them)."""
    from python_calamine import CalamineWorkbook

    files = sorted(Path(p["mappe"]).glob("*.xlsx"))
    start = time.perf_counter()
    cells = 0
    for path in files:
        workbook = CalamineWorkbook.from_path(str(path))
        for name in (n for n in SHEETS if n in workbook.sheet_names):
            cells += sum(len(row) for row in workbook.get_sheet_by_name(name).to_python())
        workbook.close()
    elapsed = time.perf_counter() - start
    return {"s": elapsed, "celler": cells, "vmhwm_kb": vmhwm_kb()}


BYG_ROWS = (
    # (label, "module:function", top level: False for rows inside others or any caller's)
    ("plan: read and check everything", "dagsorden.byg.moede:plan", True),
    ("indstillinger", "dagsorden.dokumenter.indstilling:build_indstilling", True),
    ("notater", "dagsorden.dokumenter.notat:build_notat", True),
    ("statusbilag", "dagsorden.dokumenter.statusbilag:build_statusbilag", True),
    ("samlet.docx (pakke.compose_docx)", "dagsorden.byg.pakke:compose_docx", True),
    ("PDFs (pakke.make_pdfs)", "dagsorden.byg.pakke:make_pdfs", True),
    ("CPR check of the public set", "dagsorden.byg.persondata:check_public_set", True),
    ("metadata stripped (strip_metadata)", "dagsorden.byg.persondata:strip_metadata", True),
    ("LibreOffice (pakke._convert)", "dagsorden.byg.pakke:_convert", False),
    ("CPR scans (persondata.scan_file)", "dagsorden.byg.persondata:scan_file", False),
)
"""Where byg --pdf's time goes. Only public entry points that other work keeps;
pakke._convert is the one LibreOffice run, kept while it exists."""


def phase_byg(p: dict[str, Any]) -> dict[str, Any]:
    """byg --pdf in this process with its entry points wrapped: where the time goes."""
    from dagsorden.byg import moede
    from dagsorden.kerne.scoring import Config

    watch = Stopwatch()
    for label, spec, top in BYG_ROWS:
        watch.wrap(label, spec, top=top)
    start = time.perf_counter()
    moede.byg(Path(p["moede"]), Path(p["ud"]), Config(), pdf=True)
    elapsed = time.perf_counter() - start
    # Its LibreOffice runs are added by the orchestrating process, which saw them.
    return {"s": elapsed, "vmhwm_kb": vmhwm_kb(), "fordeling": watch.result(elapsed)}


PHASES: dict[str, Callable[[dict[str, Any]], dict[str, Any]]] = {
    "indstilling": phase_indstilling,
    "docxtpl": phase_docxtpl,
    "status": phase_status,
    "calamine": phase_calamine,
    "byg": phase_byg,
}

BYG_CLI = r"""
import atexit, sys
result, *argv = sys.argv[1:]
def note():
    peak = [line.split()[1] for line in open("/proc/self/status") if line.startswith("VmHWM:")]
    with open(result, "w") as handle:
        handle.write('{"vmhwm_kb": %s}' % (peak[0] if peak else 0))
atexit.register(note)
sys.argv = ["dagsorden", *argv]
from dagsorden.cli import run
run()
"""
"""`dagsorden ARGS` as the console script runs it, noting its VmHWM as it exits (and
importing nothing else: this module, imported there, cost the build 80 ms)."""


# --- the orchestrating process ------------------------------------------------------------


class Failed(Exception):
    """A measured process failed; the message is its error's last line."""


def _last_line(text: str) -> str:
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    return lines[-1][:300] if lines else ""


def run_process(
    command: list[str],
    cwd: Path,
    timeout: float = 1800,
    libreoffice: list[dict[str, float]] | None = None,
) -> float:
    """Runs `command`; returns its wall time in seconds, or raises Failed. Given
    `libreoffice`, the LibreOffice runs under it go there (`TreeWatch`)."""
    start = time.perf_counter()
    try:
        process = subprocess.Popen(
            command, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
        )
    except OSError as exc:
        raise Failed(f"{command[0]}: {exc}") from exc
    watch = TreeWatch(process.pid) if libreoffice is not None else None
    try:
        stdout, stderr = process.communicate(timeout=timeout)
    except subprocess.TimeoutExpired as exc:
        process.kill()
        process.communicate()
        raise Failed(f"timed out after {timeout:.0f} s: {' '.join(command[:3])} ...") from exc
    finally:
        elapsed = time.perf_counter() - start
        if watch is not None and libreoffice is not None:
            libreoffice.extend(watch.stop())
    if process.returncode != 0:
        why = _last_line(stderr) or _last_line(stdout)
        raise Failed(why or f"exit {process.returncode}")
    return elapsed


@dataclass
class Bench:
    data: Path
    counter: itertools.count[int] = field(default_factory=itertools.count)

    def new(self, prefix: str) -> Path:
        return self.data / "arbejde" / f"{prefix}-{next(self.counter)}"

    def phase(self, name: str, **params: Any) -> dict[str, Any]:
        """One phase in a fresh Python process; what it measured, with its wall time."""
        result_file = self.new(f"resultat-{name}").with_suffix(".json")
        result_file.parent.mkdir(parents=True, exist_ok=True)
        params.setdefault("arbejde", str(self.data / "arbejde"))
        command = [sys.executable, str(Path(__file__).resolve()), "--fase", name]
        command += ["--parametre", json.dumps(params), "--resultat", str(result_file)]
        # LibreOffice is watched only where it runs: the watching thread polls /proc,
        # which would take CPU from `status` on both cores.
        runs: list[dict[str, float]] | None = [] if name == "byg" else None
        wall = run_process(command, self.data, libreoffice=runs)
        result: dict[str, Any] = json.loads(result_file.read_text(encoding="utf-8"))
        result["proces_s"] = wall
        if runs and "fordeling" in result:
            result["fordeling"]["rader"].append(libreoffice_row(runs))
        return result

    def byg_cli(self, moedefil: Path) -> dict[str, Any]:
        """The whole `dagsorden byg --pdf` process: wall time, its VmHWM, its output."""
        ud = self.new("byg")
        note = ud.with_suffix(".json")
        note.parent.mkdir(parents=True, exist_ok=True)
        command = [sys.executable, "-c", BYG_CLI, str(note), "byg", str(moedefil)]
        command += ["-o", str(ud), "--pdf", "--stille"]
        runs: list[dict[str, float]] = []
        wall = run_process(command, moedefil.parent, libreoffice=runs)
        found = json.loads(note.read_text(encoding="utf-8"))
        return {
            "s": wall,
            "vmhwm_kb": found["vmhwm_kb"],
            "ud": str(ud),
            "libreoffice_s": libreoffice_wall(runs),
            "libreoffice_kb": max((r["vmhwm_kb"] for r in runs), default=0),
        }

    def soffice(self, sources: list[Path]) -> dict[str, Any]:
        """One `soffice --convert-to` of `sources` with a fresh profile, to the PDF
        dagsorden publishes (the tagged PDF/UA export, `pakke.PDF_FILTER`): the same
        job LibreOffice does inside `byg --pdf`, so the ratio is what dagsorden adds."""
        from dagsorden.byg.pakke import PDF_FILTER

        program = shutil.which("soffice")
        if program is None:
            raise Failed("soffice (LibreOffice) is missing: run scripts/ensure-libreoffice")
        work = self.new("soffice")
        command = [
            program,
            f"-env:UserInstallation={(work / 'profil').as_uri()}",
            "--headless",
            "--norestore",
            "--convert-to",
            PDF_FILTER,
            "--outdir",
            str(work / "ud"),
            *map(str, sources),
        ]
        wall = run_process(command, self.data)
        missing = [s.name for s in sources if not (work / "ud" / f"{s.stem}.pdf").is_file()]
        if missing:
            raise Failed(f"LibreOffice wrote no PDF of {', '.join(missing)}")
        return {"s": wall}

    def command(self, command: list[str]) -> dict[str, Any]:
        return {"s": run_process(command, self.data, timeout=120)}


def _why(exc: Exception) -> str:
    return str(exc) if isinstance(exc, Failed) else f"{type(exc).__name__}: {exc}"


def paired(
    label: str,
    a: Callable[[], dict[str, Any]],
    b: Callable[[], dict[str, Any]],
    pairs: int,
) -> dict[str, Any]:
    """A B A B ...: each side's runs and the pairs' ratios A/B; a failure ends the
    comparison with what was measured so far and the error's last line."""
    found: dict[str, Any] = {"a": [], "b": [], "forhold": [], "fejl": None}
    print(f"  {label}, {pairs} pairs: ", end="", file=sys.stderr, flush=True)
    for _ in range(pairs):
        side = "ours"
        try:
            first = a()
            side = "baseline"
            second = b()
        except Exception as exc:  # any failure: say so and go on with the next phase
            found["fejl"] = f"{side}: {_why(exc)}"
            break
        found["a"].append(first)
        found["b"].append(second)
        found["forhold"].append(first["s"] / second["s"])
        print(".", end="", file=sys.stderr, flush=True)
    print(f" FAILED ({found['fejl']})" if found["fejl"] else "", file=sys.stderr, flush=True)
    return found


def repeated(label: str, run: Callable[[], dict[str, Any]], times: int) -> dict[str, Any]:
    """`times` runs of one side alone (a breakdown)."""
    found: dict[str, Any] = {"a": [], "fejl": None}
    print(f"  {label}: ", end="", file=sys.stderr, flush=True)
    for _ in range(times):
        try:
            found["a"].append(run())
        except Exception as exc:  # any failure: say so and go on with the next phase
            found["fejl"] = _why(exc)
            break
        print(".", end="", file=sys.stderr, flush=True)
    print(f" FAILED ({found['fejl']})" if found["fejl"] else "", file=sys.stderr, flush=True)
    return found


def samlet_docx(build: dict[str, Any], into: Path) -> list[Path]:
    """Copies of the two samlet.docx a build wrote, named apart for one soffice run."""
    into.mkdir(parents=True, exist_ok=True)
    copies = []
    for name in ("medlemmer", "offentlig"):
        source = Path(build["ud"]) / name / "samlet.docx"
        if not source.is_file():
            raise Failed(f"byg --pdf wrote no {name}/samlet.docx")
        copies.append(Path(shutil.copyfile(source, into / f"{name}-samlet.docx")))
    return copies


def compare_byg(bench: Bench, moedefil: Path, pairs: int) -> dict[str, Any]:
    sources: list[Path] = []

    def ours() -> dict[str, Any]:
        build = bench.byg_cli(moedefil)
        if not sources:
            sources.extend(samlet_docx(build, bench.new("samlet")))
        shutil.rmtree(build["ud"], ignore_errors=True)
        return build

    label = f"byg --pdf, {moedefil.parent.parent.name}"
    return paired(label, ours, lambda: bench.soffice(sources), pairs)


PROBE = r"""
import json, subprocess, sys
started = []
_init = subprocess.Popen.__init__
def _spy(self, args, *rest, **kwargs):
    started.append(args if isinstance(args, str) else " ".join(map(str, args)))
    _init(self, args, *rest, **kwargs)
subprocess.Popen.__init__ = _spy
result_file, *argv = sys.argv[1:]
sys.argv = ["dagsorden", *argv]
from dagsorden.cli import main
code = 0
try:
    main()
except SystemExit as exc:
    code = exc.code
with open(result_file, "w") as handle:
    json.dump({"kode": code, "matplotlib": "matplotlib" in sys.modules,
               "pakke": "dagsorden.byg.pakke" in sys.modules, "startet": started}, handle)
"""


def probe_commands(data: Path) -> list[dict[str, Any]]:
    """Which commands import matplotlib or start LibreOffice (a fake `soffice` on PATH
    notes any start; subprocess.Popen is watched too)."""
    work = Path(tempfile.mkdtemp(dir=data, prefix="probe-"))
    fakebin = work / "bin"
    fakebin.mkdir()
    marker = work / "soffice-startet"
    fake = fakebin / "soffice"
    fake.write_text(f'#!/bin/sh\necho "$@" >> "{marker}"\nexit 1\n', encoding="utf-8")
    fake.chmod(0o755)
    env = {**os.environ, "PATH": f"{fakebin}{os.pathsep}{os.environ.get('PATH', '')}"}
    eksempler = str(data / "workbooks" / "eksempler")
    cases = data / "cases"
    moede = str(ROOT / "cases" / "moede.yaml")
    sager = [str(cases / "01-pejlemaerker-2014"), str(cases / "02-forebyggelse")]
    no, chart, both = (False, False), (True, False), (True, True)
    commands: list[tuple[list[str], tuple[bool, bool]]] = [
        # (arguments, (may import matplotlib, starts LibreOffice))
        (["--help"], no),
        (["status", eksempler, "--json"], no),
        (["status", eksempler], no),
        (["tjek", eksempler], no),
        (["oekonomi", str(ROOT / "cases" / "forebyggelse" / "budget.xlsx")], no),
        (["indstilling", *sager, "-o", str(work / "indstilling")], no),
        (["notat", str(ROOT / "cases" / "notater" / "seksby.md"), "-o", str(work / "n")], no),
        (["ny", "pejlemaerke", str(work / "ny.xlsx")], no),
        (["statusbilag", eksempler, "-o", str(work / "statusbilag.docx")], chart),
        (["byg", moede, "-o", str(work / "b"), "--stille"], chart),
        (["byg", moede, "-o", str(work / "p"), "--pdf", "--stille"], both),
    ]
    results = []
    for i, (args, expected) in enumerate(commands):
        marker.unlink(missing_ok=True)
        out = work / f"probe-{i}.json"
        subprocess.run(
            [sys.executable, "-c", PROBE, str(out), *args],
            cwd=work,
            env=env,
            capture_output=True,
            timeout=600,
        )
        try:
            found = json.loads(out.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            found = {"kode": "no result", "matplotlib": False, "startet": []}
        started = marker.exists() or any("soffice" in s for s in found["startet"])
        results.append(
            {
                "kommando": "dagsorden " + " ".join(_short(a, data) for a in args),
                "kode": found["kode"],
                "matplotlib": found["matplotlib"],
                "libreoffice": started,
                "forventet": expected,
            }
        )
    return results


def _short(arg: str, data: Path) -> str:
    for folder, name in ((data, "DATA"), (ROOT, ".")):
        if arg.startswith(str(folder)):
            return name + arg[len(str(folder)) :]
    return arg


def import_time(data: Path, command: list[str]) -> dict[str, Any]:
    """`python -X importtime` of `command`: the import total, the heaviest packages."""
    done = subprocess.run(
        [sys.executable, "-X", "importtime", *command],
        capture_output=True,
        text=True,
        check=False,
        cwd=data,
    )
    line = re.compile(r"import time:\s+(\d+) \|\s+(\d+) \| (\s*)(\S+)")
    total = 0
    packages: dict[str, int] = {}
    for match in line.finditer(done.stderr):
        cumulative, indent, module = int(match[2]), len(match[3]), match[4]
        if indent == 0:
            total += cumulative
        if "." not in module and cumulative > packages.get(module, 0):
            packages[module] = cumulative
    heavy = sorted(packages.items(), key=lambda item: -item[1])[:5]
    return {"us": total, "tungeste": heavy}


# --- printing ----------------------------------------------------------------------------


def _t(seconds: float) -> str:
    if seconds < 1:
        return f"{seconds * 1000:,.1f} ms" if seconds < 0.1 else f"{seconds * 1000:,.0f} ms"
    return f"{seconds:,.2f} s" if seconds < 10 else f"{seconds:,.1f} s"


def _mib(kb: float) -> str:
    return f"{kb / 1024:,.0f} MiB" if kb else "?"


def _x(ratio: float) -> str:
    return f"{ratio:.2f}×" if ratio < 10 else f"{ratio:.0f}×"


def _table(header: list[str], rows: list[list[str]], right_from: int = 1) -> str:
    widths = [max(len(r[i]) for r in [header, *rows]) for i in range(len(header))]
    lines = []
    for n, r in enumerate([header, *rows]):
        cells = [
            c.rjust(w) if i >= right_from else c.ljust(w)
            for i, (c, w) in enumerate(zip(r, widths, strict=True))
        ]
        lines.append("  ".join(cells).rstrip())
        if n == 0:
            lines.append("  ".join("-" * w for w in widths))
    return "\n".join(lines)


def _median(runs: list[dict[str, Any]], key: str = "s") -> float:
    return statistics.median(r[key] for r in runs)


def _peak(runs: list[dict[str, Any]]) -> int:
    return max((r.get("vmhwm_kb", 0) for r in runs), default=0)


def goal_row(name: str, found: dict[str, Any] | None, goal: float, unit: str = "") -> list[str]:
    """A comparison's row: each side's median, the median ratio, its range, the goal."""
    if found is None:
        return [name, "", "", "not run", "", "", f"≤ {goal:g}×", ""]
    if not found["forhold"]:
        return [name, "", "", "FAILED", "", "", f"≤ {goal:g}×", "?"]
    ratio = statistics.median(found["forhold"])
    spread = f"{_x(min(found['forhold']))}–{_x(max(found['forhold']))}"
    pairs = f"{len(found['forhold'])}" + (" (then failed)" if found["fejl"] else "")
    return [
        name,
        _t(_median(found["a"])) + unit,
        _t(_median(found["b"])) + unit,
        _x(ratio),
        spread,
        pairs,
        f"≤ {goal:g}×",
        "yes" if ratio <= goal else "no",
    ]


def report(r: dict[str, Any]) -> str:
    setup = r["setup"]
    out = [
        f"Machine: {os.cpu_count()} cores, {platform.system()} {platform.release()}, "
        f"Python {platform.python_version()}, {setup['libreoffice']}; load average "
        f"{setup['last_foer']:.2f} before, {setup['last_efter']:.2f} after; "
        f"the run took {setup['varighed_s'] / 60:.1f} min"
        + (" (--quick)" if setup["quick"] else ""),
        f"Data: meetings of {' / '.join(map(str, setup['punkter']))} punkter (as many bilag), "
        f"{' / '.join(f'{n:,}' for n in setup['arbejdsboeger'])} workbooks; "
        f"generated in {setup['generering_s']:.1f} s",
        "",
    ]
    failures: list[str] = []

    def failed(what: str, found: dict[str, Any] | None) -> None:
        if found and found.get("fejl"):
            failures.append(f"  {what}: FAILED: {found['fejl']}")

    # the goal table
    n_mid = setup["byg_punkter"]
    n_wb = max(setup["arbejdsboeger"])
    indst, status = r.get("indstilling"), r["status"].get(str(n_wb))
    byg_mid, help_ = r["byg"].get(str(n_mid)), r.get("hjaelp")
    rows = [
        goal_row(
            f"one indstilling, warm, batch of {setup['sager']} (per document)",
            indst,
            0.25,
        ),
        goal_row(f"status, {n_wb:,} workbooks", status, 2),
        goal_row(f"byg --pdf, {n_mid} punkter + {n_mid} bilag", byg_mid, 1.5),
        goal_row("dagsorden --help (whole process)", help_, 1.1),
    ]
    sizes = setup["punkter"]
    peaks = {n: _peak(r["byg"][str(n)]["a"]) for n in sizes if r["byg"][str(n)]["a"]}
    if any(p > 250 * 1024 for p in peaks.values()):
        met = "no"
    else:  # unknown while a size failed
        met = "yes" if len(peaks) == len(sizes) else "?"
    growth = ""
    if sizes[0] in peaks and sizes[-1] in peaks:
        growth = f"{_x(peaks[sizes[-1]] / peaks[sizes[0]])} {sizes[-1]} vs {sizes[0]}"
    rows.insert(
        3,
        [
            f"peak memory byg --pdf, {' / '.join(map(str, sizes))} punkter",
            " / ".join(_mib(peaks[n]) if n in peaks else "?" for n in sizes),
            "",
            growth,
            "",
            "",
            "flat, ≤ 250 MiB",
            met,
        ],
    )
    header = ["what (ours vs baseline)", "ours", "baseline", "ratio", "range", "pairs", "goal"]
    out += [
        "Goals: medians of paired, alternated runs, each in a fresh process",
        _table([*header, "met"], rows),
        "",
        "Baselines: indstilling: docxtpl's DocxTemplate(path).render(context) + save of",
        "templates/indstilling.docx, the context as plain data (texts unfilled, sections as",
        "plain paragraphs); status: python-calamine reading the values of the sheets status reads;",
        "byg --pdf: one fresh-profile soffice run converting both samlet.docx it wrote,",
        "with byg's export (tagged PDF/UA);",
        "--help: python -c 'import click'. Ratio: median of the pairs' ratios ours/baseline.",
        "indstilling and status are timed inside their process (after imports and set-up);",
        "byg --pdf and --help are whole processes. Memory: max VmHWM of the byg processes",
        "(LibreOffice, a process of its own, not included; see the scaling table). Worker",
        "processes a command starts (status on 2 cores) are in its time, not its VmHWM.",
    ]
    for what, found in (
        ("indstilling", indst),
        ("status", status),
        ("byg --pdf", byg_mid),
        ("--help", help_),
    ):
        failed(what, found)

    # scaling
    scale_rows = []
    sizes_of = [("byg", n, f"byg --pdf, {n} punkter", "punkt") for n in setup["punkter"]]
    sizes_of += [("status", n, f"status, {n:,} workbooks", "wb") for n in setup["arbejdsboeger"]]
    for kind, n, what, unit in sizes_of:
        found = r[kind][str(n)]
        failed(what, found)
        if not found["a"]:
            scale_rows.append([what, "FAILED", *[""] * 6])
            continue
        lo = ""
        if kind == "byg" and "libreoffice_s" in found["a"][0]:
            lo_s = _median(found["a"], "libreoffice_s")
            lo_kb = max(run["libreoffice_kb"] for run in found["a"])
            lo = f"{_t(lo_s)}, {_mib(lo_kb)}"
        scale_rows.append(
            [
                what,
                _t(_median(found["a"])),
                f"{_t(_median(found['a']) / n)}/{unit}",
                _mib(_peak(found["a"])),
                lo,
                _t(_median(found["b"])) if found["b"] else "",
                _x(statistics.median(found["forhold"])) if found["forhold"] else "",
                str(len(found["a"])),
            ]
        )
    header = ["what", "time", "per item", "VmHWM", "its LibreOffice", "baseline", "ratio", "runs"]
    out += [
        "",
        "Scaling: median time, per item, max VmHWM; its LibreOffice: the time any",
        "LibreOffice (soffice.bin) ran under byg, watched from outside it (median), and",
        "the largest VmHWM of one; baseline and ratio as above (soffice, calamine)",
        _table(header, scale_rows),
    ]

    # where the time goes
    out.append("")
    for key, title in (
        ("fordeling-indstilling", "Where an indstilling's time goes (mean per document)"),
        ("fordeling-status", f"Where status's time goes ({n_wb:,} workbooks, one run)"),
        (
            "fordeling-byg",
            f"Where byg --pdf's time goes ({setup['fordeling_punkter']} punkter, in process)",
        ),
    ):
        found = r.get(key)
        if found is None:
            continue
        if found.get("fejl") or not found["a"]:
            failures.append(f"  {title}: FAILED: {found.get('fejl')}")
            continue
        out.append(breakdown(title, found["a"][0]["fordeling"], found["a"][0]["vmhwm_kb"]))
    imports = r.get("importtid")
    if imports:
        heavy = ", ".join(f"{m} {us / 1000:.0f}" for m, us in imports["tungeste"])
        out.append(
            f"dagsorden --help imports {imports['us'] / 1000:.0f} ms in all; heaviest (ms): {heavy}"
        )
    probes = r.get("kommandoer")
    if isinstance(probes, dict):
        failures.append(f"  commands probe: FAILED: {probes['fejl']}")
    elif probes:
        out += [
            "",
            "Commands, each in a fresh process: does it import matplotlib / start LibreOffice?",
        ]
        for probe in probes:
            may_draw, converts = probe["forventet"]
            ok = (may_draw or not probe["matplotlib"]) and probe["libreoffice"] == converts
            out.append(
                f"  {'ok ' if ok else 'BAD'} {probe['kommando'][:64]:<64} "
                f"matplotlib {'yes' if probe['matplotlib'] else 'no ':3}  "
                f"LibreOffice {'yes' if probe['libreoffice'] else 'no ':3}  exit {probe['kode']}"
            )
        out.append(
            "  (ok: only statusbilag and byg, which draw barometers, may import matplotlib; only"
            " byg --pdf starts LibreOffice, here a fake soffice that fails, hence its exit 1)"
        )
    if failures:
        out += ["", "Failed (the error's last line):", *failures]
    return "\n".join(out)


def breakdown(title: str, found: dict[str, Any], peak_kb: int) -> str:
    """The top-level rows and "other" (the time outside all of them), then the rows
    that run inside those (any caller's). VmHWM: the process's peak as the row's last
    call ended, so where memory grows shows."""
    total = found["s"]
    top = [r for r in found["rader"] if r["top"]]
    inside = [r for r in found["rader"] if not r["top"]]
    other = {"navn": "other", "s": total - found["daekket_s"], "kald": 0}

    def line(row: dict[str, Any], indent: str) -> str:
        share = row["s"] / total * 100 if total else 0
        calls = f"{row['kald']:g} calls" if row["kald"] else ""
        peak = f"VmHWM {_mib(row['vmhwm_kb'])}" if row.get("vmhwm_kb") else ""
        name = f"{indent}{row['navn']}"
        return f"  {name:<44} {_t(row['s']):>9} {share:5.1f} %  {calls:>10}  {peak}".rstrip()

    lines = [f"{title}: {_t(total)}, process VmHWM {_mib(peak_kb)}"]
    lines += [line(row, "") for row in (*top, other)]
    if inside:
        lines.append("  overlapping the rows above (any caller):")
        lines += [line(row, "  ") for row in inside]
    return "\n".join(lines)


# --- the plan ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Plan:
    punkter: tuple[int, ...]
    arbejdsboeger: tuple[int, ...]
    indstilling_par: int
    runder: int
    status_par: dict[int, int]
    byg_par: dict[int, int]
    hjaelp_par: int
    fordeling_punkter: int


FULL = Plan(
    punkter=(10, 30, 60),
    arbejdsboeger=(100, 300, 1000),
    indstilling_par=9,
    runder=2,
    status_par={100: 5, 300: 5, 1000: 7},
    byg_par={10: 5, 30: 7, 60: 5},
    hjaelp_par=30,
    fordeling_punkter=30,
)
QUICK = Plan(
    punkter=(10, 30),
    arbejdsboeger=(100, 300),
    indstilling_par=3,
    runder=1,
    status_par={100: 3, 300: 3},
    byg_par={10: 2, 30: 3},
    hjaelp_par=20,
    fordeling_punkter=10,
)


def generate(data: Path, plan: Plan) -> dict[int, Path]:
    import generate as gen

    meetings = {n: gen.generate_meeting(data / f"moede-{n}", punkter=n) for n in plan.punkter}
    sources = sorted((data / f"moede-{plan.punkter[0]}" / "workbooks" / "eksempler").glob("*.xlsx"))
    for n in plan.arbejdsboeger:
        many = gen.write_many_workbooks(sources, data / f"arbejdsboeger-{n}", n)
        gen.check_numbers(many)
    return meetings


def measure(data: Path, plan: Plan, quick: bool) -> dict[str, Any]:
    started = time.perf_counter()
    load_before = os.getloadavg()[0]
    print(f"Data in {data}; generating ...", file=sys.stderr, flush=True)
    try:
        meetings = generate(data, plan)
    except Exception as exc:  # dagsorden writes the example workbooks: it may be broken
        traceback.print_exc()
        raise SystemExit(f"Generating the data FAILED: {type(exc).__name__}: {exc}") from exc
    mid = 30 if 30 in meetings else max(meetings)
    version = (
        subprocess.run(
            ["soffice", "--version"], capture_output=True, text=True, check=False
        ).stdout.strip()
        if shutil.which("soffice")
        else ""
    )
    setup: dict[str, Any] = {
        "quick": quick,
        "last_foer": load_before,
        "punkter": list(plan.punkter),
        "arbejdsboeger": list(plan.arbejdsboeger),
        "byg_punkter": mid,
        "fordeling_punkter": plan.fordeling_punkter,
        "sager": mid,
        "generering_s": time.perf_counter() - started,
        "libreoffice": " ".join(version.split()[:2]) or "LibreOffice ?",
    }
    bench = Bench(data)
    r: dict[str, Any] = {"setup": setup, "status": {}, "byg": {}}
    batch = {"moede": str(meetings[mid]), "runder": plan.runder}

    r["indstilling"] = paired(
        "indstilling",
        lambda: bench.phase("indstilling", **batch),
        lambda: bench.phase("docxtpl", **batch),
        plan.indstilling_par,
    )
    r["fordeling-indstilling"] = repeated(
        "indstilling breakdown", lambda: bench.phase("indstilling", **batch, fordeling=True), 1
    )
    for n in plan.arbejdsboeger:
        folder = str(data / f"arbejdsboeger-{n}")
        r["status"][str(n)] = paired(
            f"status, {n} workbooks",
            functools.partial(bench.phase, "status", mappe=folder),
            functools.partial(bench.phase, "calamine", mappe=folder),
            plan.status_par[n],
        )
    biggest = str(data / f"arbejdsboeger-{max(plan.arbejdsboeger)}")
    r["fordeling-status"] = repeated(
        "status breakdown", lambda: bench.phase("status", mappe=biggest, fordeling=True), 1
    )
    script = Path(sys.executable).parent / "dagsorden"
    dagsorden = [str(script)] if script.is_file() else [sys.executable, "-m", "dagsorden"]
    r["hjaelp"] = paired(
        "--help",
        lambda: bench.command([*dagsorden, "--help"]),
        lambda: bench.command([sys.executable, "-c", "import click"]),
        plan.hjaelp_par,
    )
    r["importtid"] = import_time(data, ["-m", "dagsorden", "--help"])
    print("  which commands import matplotlib / start LibreOffice", file=sys.stderr, flush=True)
    try:
        r["kommandoer"] = probe_commands(data / f"moede-{plan.punkter[0]}")
    except Exception as exc:  # any failure: say so and go on
        r["kommandoer"] = {"fejl": _why(exc)}
    for n in plan.punkter:
        r["byg"][str(n)] = compare_byg(bench, meetings[n], plan.byg_par[n])
    moede = meetings[plan.fordeling_punkter]
    r["fordeling-byg"] = repeated(
        "byg --pdf breakdown",
        lambda: bench.phase("byg", moede=str(moede), ud=str(bench.new("byg-fordeling"))),
        1,
    )
    setup["last_efter"] = os.getloadavg()[0]
    setup["varighed_s"] = time.perf_counter() - started
    return r


def compile_bytecode() -> None:
    """Compiles dagsorden and the installed libraries once, as an installation does: with
    PYTHONDONTWRITEBYTECODE set (some sandboxes and containers set it) every fresh
    process would compile every module it imports again, and start-up would be timed
    as compilation."""
    import sysconfig

    folders = [str(ROOT / "dagsorden"), sysconfig.get_paths()["purelib"]]
    subprocess.run(
        [sys.executable, "-m", "compileall", "-q", "-j", "0", *folders],
        check=False,
        capture_output=True,
    )


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--quick", action="store_true", help="a smoke run of a few minutes")
    parser.add_argument("--json", type=Path, help="also write every raw figure to this file")
    parser.add_argument("--behold", action="store_true", help="keep the temporary folder")
    parser.add_argument("--fase", choices=sorted(PHASES), help=argparse.SUPPRESS)
    parser.add_argument("--parametre", help=argparse.SUPPRESS)
    parser.add_argument("--resultat", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()

    if args.fase:  # inside a phase process
        try:
            result = PHASES[args.fase](json.loads(args.parametre))
        except BaseException:
            traceback.print_exc()
            sys.exit(1)
        args.resultat.write_text(json.dumps(result), encoding="utf-8")
        return

    compile_bytecode()
    data = Path(tempfile.mkdtemp(prefix="dagsorden-bench-"))
    try:
        results = measure(data, QUICK if args.quick else FULL, args.quick)
        if args.json:
            args.json.write_text(json.dumps(results, indent=1), encoding="utf-8")
        print(report(results))
    finally:
        if args.behold:
            print(f"Kept {data}", file=sys.stderr)
        else:
            shutil.rmtree(data, ignore_errors=True)


if __name__ == "__main__":
    main()
