"""Measures dagsorden on a large synthetic meeting against the libraries beneath it.

    uv run python bench/run.py            # the full run (about 20 minutes on 2 cores)
    uv run python bench/run.py --quick    # a smoke run (4 minutes): 100 workbooks, 1 repeat

Run by hand; it is no test (pytest collects tests/ only). In a temporary folder it
writes, with bench/generate.py, a meeting of 30 punkter and 30 bilag whose punkt 1
has the status appendix of the nine example workbooks, and 1,000 pejlemærke
workbooks. Then every measurement runs in a fresh Python process of its own, so each
peak RSS (`ru_maxrss`) is that measurement's alone, and one table is printed:

- an indstilling: `build_indstilling` with a loaded Skabelon and a warm Kilder,
  against docxtpl's own `DocxTemplate(path).render(context)` and `save` of the same
  template with a minimal context (what differs is printed under the table);
- `status` over the 1,000 workbooks (`status_for_folders`), against reading the same
  three sheets of the same files with openpyxl read-only and with python-calamine;
- the whole `byg --pdf` of the meeting, against one LibreOffice conversion of the
  `medlemmer/samlet.docx` it wrote;
- start-up, and which commands import matplotlib or start LibreOffice.

Times are medians over `--gentag` repeats (the slow phases fewer). Breakdowns say
where a phase's time goes; their rows may nest ("of which").
"""

from __future__ import annotations

import argparse
import functools
import json
import os
import platform
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
sys.path.insert(0, str(BENCH))

WORKBOOKS = 1000
QUICK_WORKBOOKS = 100


# --- measuring inside a phase process -------------------------------------------------


def timed(job: Callable[[], object], repeats: int) -> list[float]:
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        job()
        times.append(time.perf_counter() - start)
    return times


class Stopwatch:
    """Adds up the time spent in chosen functions, by wrapping them in place."""

    def __init__(self) -> None:
        self.totals: dict[str, float] = {}
        self.calls: dict[str, int] = {}
        self.rss: dict[str, int] = {}
        self.order: list[str] = []
        self.record_rss = True
        """Peak RSS is noted at the end of each call while this holds (the first run)."""

    def add(self, *labels: str) -> None:
        """Rows in this order, before any wrap() adds its own."""
        for label in labels:
            if label not in self.totals:
                self.order.append(label)
                self.totals[label] = 0.0
                self.calls[label] = 0
                self.rss[label] = 0

    def wrap(
        self,
        owner: Any,
        name: str,
        label: str,
        pick: Callable[..., str] | None = None,
        also: tuple[str, ...] = (),
    ) -> None:
        """Times `owner.name` under `label`, or under `pick(*args)` (one of `label`
        and `also`) when given."""
        original = getattr(owner, name, None)
        if original is None:
            return  # the code changed: this row is left out, the rest still runs
        self.add(label, *also)

        @functools.wraps(original)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            chosen = pick(*args) if pick else label
            start = time.perf_counter()
            try:
                return original(*args, **kwargs)
            finally:
                self.totals[chosen] += time.perf_counter() - start
                self.calls[chosen] += 1
                if self.record_rss:
                    self.rss[chosen] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss

        setattr(owner, name, wrapper)

    def rows(self, per: int = 1) -> list[dict[str, Any]]:
        return [
            {
                "navn": label,
                "s": self.totals[label] / per,
                "kald": self.calls[label] / per,
                "rss_kb": self.rss[label],
            }
            for label in self.order
        ]


def docx_stopwatch() -> Stopwatch:
    """Where rendering one document goes: docxtpl, python-docx and dagsorden's parts."""
    from docxtpl import DocxTemplate
    from docxtpl.subdoc import Subdoc

    from dagsorden.dokumenter.docx_body import BodyWriter

    watch = Stopwatch()
    watch.wrap(DocxTemplate, "init_docx", "parse the template (DocxTemplate.init_docx)")
    watch.wrap(Subdoc, "__init__", "new_subdoc: parses python-docx's default.docx")
    watch.wrap(BodyWriter, "add_blocks", "BodyWriter.add_blocks (Markdown blocks to Word)")
    watch.wrap(DocxTemplate, "render", "DocxTemplate.render (Jinja and docxtpl's XML work)")
    watch.wrap(DocxTemplate, "save", "DocxTemplate.save (zip the .docx)")
    return watch


def memory() -> dict[str, int]:
    """Peak RSS in KiB (Linux) of this process and of its largest finished child."""
    return {
        "rss_kb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
        "born_rss_kb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss,
    }


def traced_peak(job: Callable[[], object]) -> int:
    """Bytes: the peak of Python allocations while `job` runs (tracemalloc)."""
    import tracemalloc

    tracemalloc.start()
    try:
        job()
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


# --- the phases -------------------------------------------------------------------------


def _meeting_sager(data: Path) -> list[Any]:
    from dagsorden.kilder.moedefil import read_moede

    return [p.sag for p in read_moede(data / "cases" / "moede.yaml").punkter]


def phase_indstilling(data: Path, repeats: int, trace: bool) -> dict[str, Any]:
    """Our indstilling: a Skabelon loaded once, the workbooks read once (warm Kilder)."""
    from dagsorden.dokumenter.indstilling import build_indstilling
    from dagsorden.dokumenter.render import Skabelon
    from dagsorden.kerne.scoring import Config
    from dagsorden.kilder.samling import Kilder

    sager = _meeting_sager(data)
    skabelon = Skabelon.standard("indstilling")
    kilder = Kilder(Config())
    for sag in sager:
        kilder.tables_of(sag)  # reads the budget and status workbooks into Kilder
    ud = Path(tempfile.mkdtemp(dir=data, prefix="indstilling-"))

    def all_papers() -> None:
        for sag in sager:
            build_indstilling(sag, ud, skabelon, kilder.budgets, kilder.reports, referat=False)

    all_papers()  # imports everything
    if trace:
        return {"tracemalloc": traced_peak(all_papers)}
    watch = docx_stopwatch()
    per_document = []
    for _ in range(repeats):
        for sag in sager:
            start = time.perf_counter()
            build_indstilling(sag, ud, skabelon, kilder.budgets, kilder.reports, referat=False)
            per_document.append(time.perf_counter() - start)
    return {
        "tider": per_document,
        "dokumenter": len(sager),
        "fordeling": watch.rows(per=repeats * len(sager)),
        **memory(),
    }


def _plain_paragraphs(blocks: tuple[Any, ...]) -> list[str]:
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


def phase_docxtpl(data: Path, repeats: int, trace: bool) -> dict[str, Any]:
    """docxtpl alone: the same template file and cases, a minimal context."""
    import jinja2
    from docxtpl import DocxTemplate

    from dagsorden.dokumenter.render import FILTERS, Skabelon

    sager = _meeting_sager(data)
    template = Skabelon.standard("indstilling").path
    env = jinja2.Environment()
    env.filters.update(FILTERS)  # the template uses them; docxtpl has none of its own
    ud = Path(tempfile.mkdtemp(dir=data, prefix="docxtpl-"))

    def one(sag: Any) -> None:
        document = DocxTemplate(template)
        afsnit = []
        for section in sag.afsnit:
            subdoc = document.new_subdoc()
            for text in _plain_paragraphs(section.blocks):
                subdoc.add_paragraph(text)
            afsnit.append({"titel": section.titel, "indhold": subdoc, "ingen_oekonomi": False})
        anbefaling = None
        if sag.anbefaling:
            anbefaling = {"til": sag.anbefaling.til, "punkter": list(sag.anbefaling.punkter)}
        context = {
            "sag": sag,
            "indstilling": list(sag.indstilling),
            "anbefaling": anbefaling,
            "afsnit": afsnit,
            "beslutninger": (),
            "referat": False,
        }
        document.render(context, jinja_env=env)
        document.save(ud / f"{sag.punkt}-{sag.navn}.docx")

    def all_papers() -> None:
        for sag in sager:
            one(sag)

    all_papers()
    if trace:
        return {"tracemalloc": traced_peak(all_papers)}
    watch = docx_stopwatch()
    per_document = []
    for _ in range(repeats):
        for sag in sager:
            start = time.perf_counter()
            one(sag)
            per_document.append(time.perf_counter() - start)
    return {
        "tider": per_document,
        "dokumenter": len(sager),
        "fordeling": watch.rows(per=repeats * len(sager)),
        **memory(),
    }


def _many(data: Path) -> list[Path]:
    return sorted((data / "workbooks" / "mange").glob("*.xlsx"))


def _sheet_names() -> tuple[str, str, str]:
    from dagsorden.kilder.pejlemaerke_workbook import ARK_DELMAAL, ARK_PEJLEMAERKE, ARK_TEKSTER

    return ARK_PEJLEMAERKE, ARK_DELMAAL, ARK_TEKSTER


def phase_status(data: Path, repeats: int, trace: bool) -> dict[str, Any]:
    """dagsorden status over the many workbooks: read, validate and score them all."""
    from dagsorden.kerne.scoring import Config
    from dagsorden.kilder import cells, pejlemaerke_workbook, samling

    folder = data / "workbooks" / "mange"
    count = len(_many(data))

    def run() -> int:
        return len(samling.status_for_folders([folder], Config()).linjer)

    if trace:
        return {"tracemalloc": traced_peak(run)}
    watch = Stopwatch()
    watch.wrap(pejlemaerke_workbook, "open_workbook", "cells.open_workbook (file to cell grid)")
    watch.wrap(cells, "check_office_file", "  of which zipcheck (unzips every member)")
    watch.wrap(cells, "load_workbook", "  of which openpyxl load_workbook")
    watch.wrap(cells, "_has_formulas", "  of which formula scan (unzips the sheets again)")
    watch.wrap(cells, "_grid", "  of which _grid (openpyxl iter_rows, Cell objects)")
    watch.wrap(pejlemaerke_workbook, "_read_info", "validate sheet Pejlemærke")
    watch.wrap(pejlemaerke_workbook, "_read_delmaal", "validate sheet Delmål")
    watch.wrap(pejlemaerke_workbook, "_read_tekster", "validate sheet Tekster")
    watch.wrap(samling, "build_report", "score and colour (build_report)")
    times = timed(run, repeats)
    return {"tider": times, "filer": count, "fordeling": watch.rows(per=repeats), **memory()}


def phase_openpyxl(data: Path, repeats: int, trace: bool, values_only: bool) -> dict[str, Any]:
    from openpyxl import load_workbook

    files, names = _many(data), _sheet_names()

    def run() -> int:
        count = 0
        for path in files:
            workbook = load_workbook(path, read_only=True, data_only=True)
            for name in names:
                for row in workbook[name].iter_rows(values_only=values_only):
                    if values_only:
                        count += len(row)
                    else:  # what dagsorden needs of a cell: its value and number format
                        count += sum(1 for c in row if (c.value, c.number_format))
            workbook.close()
        return count

    if trace:
        return {"tracemalloc": traced_peak(run)}
    cells = run()
    return {"tider": timed(run, repeats), "filer": len(files), "celler": cells, **memory()}


def phase_calamine(data: Path, repeats: int, trace: bool) -> dict[str, Any]:
    from python_calamine import CalamineWorkbook

    files, names = _many(data), _sheet_names()

    def run() -> int:
        count = 0
        for path in files:
            workbook = CalamineWorkbook.from_path(str(path))
            for name in names:
                count += sum(len(row) for row in workbook.get_sheet_by_name(name).to_python())
            workbook.close()
        return count

    if trace:
        return {"tracemalloc": traced_peak(run)}
    cells = run()
    return {"tider": timed(run, repeats), "filer": len(files), "celler": cells, **memory()}


def _is_samlet(path: Any, *_: Any) -> bool:
    return Path(path).name.startswith("samlet.")


def phase_byg(data: Path, repeats: int, trace: bool, pdf: bool) -> dict[str, Any]:
    """The whole build, as `dagsorden byg [--pdf]` runs it (progress bar aside)."""
    from docxcompose.composer import Composer

    from dagsorden.byg import moede as byg
    from dagsorden.byg import pakke, persondata
    from dagsorden.dokumenter import barometer, notat, statusbilag
    from dagsorden.kerne.scoring import Config

    moedefil = data / "cases" / "moede.yaml"
    converted: list[int] = []
    watch = Stopwatch()
    watch.wrap(byg, "plan", "plan: read and check meeting, cases, workbooks, templates")
    watch.wrap(byg, "build_indstilling", "indstillinger (build_indstilling)")
    watch.wrap(notat, "build_notat", "notater (build_notat)")
    watch.wrap(statusbilag, "build_statusbilag", "statusbilag (build_statusbilag)")
    watch.wrap(barometer, "barometer_png", "  of which barometers")
    watch.wrap(barometer, "oversigt_png", "  of which overview barometer (+ matplotlib import)")
    strip_parts = "strip metadata from the public parts"
    strip_samlet = "  of which stripping public samlet.* (parts stripped)"
    scan_parts = "  of which scanning the parts"
    scan_samlet = "  of which scanning samlet.* (the parts again)"
    scan_rest = "    of all scanning: catch-all of every XML part"
    watch.add(strip_parts)
    watch.wrap(byg, "_write_agenda", "agendas")
    watch.wrap(pakke, "compose_docx", "samlet.docx (compose_docx)")
    watch.wrap(pakke, "_open_documents", "  of which opening every part at once")
    watch.wrap(Composer, "add_styles", "  of which docxcompose add_styles")
    watch.wrap(pakke, "make_pdfs", "samlet.pdf (make_pdfs)")
    watch.wrap(pakke, "_convert", "  of which LibreOffice (one run)")
    watch.wrap(pakke, "_read_pdfs", "  of which pypdf reading the parts' PDFs")
    watch.wrap(byg, "_check_personal_data", "CPR check (scan public set, warn members' set)")
    watch.add(strip_samlet)
    watch.wrap(
        byg,
        "_strip",
        strip_parts,
        pick=lambda path, *_: strip_samlet if _is_samlet(path) else strip_parts,
    )
    watch.wrap(
        persondata,
        "scan_file",
        scan_parts,
        pick=lambda path, *_: scan_samlet if _is_samlet(path) else scan_parts,
        also=(scan_samlet,),
    )
    watch.wrap(persondata, "_scan_rest", scan_rest)
    original_convert = getattr(pakke, "_convert", None)
    if original_convert is not None:
        convert_timed = pakke._convert

        def counting_convert(program: str, files: Any, *args: Any, **kwargs: Any) -> Any:
            converted.append(len(files))
            return convert_timed(program, files, *args, **kwargs)

        pakke._convert = counting_convert

    def build(ud: Path) -> None:
        byg.byg(moedefil, ud, Config(), pdf=pdf)

    if trace:
        return {"tracemalloc": traced_peak(lambda: build(data / "ud-traced"))}
    times = []
    for i in range(repeats):
        start = time.perf_counter()
        build(data / f"ud-{'pdf' if pdf else 'docx'}-{i}")
        times.append(time.perf_counter() - start)
        watch.record_rss = False
    result: dict[str, Any] = {
        "tider": times,
        "fordeling": watch.rows(per=repeats),
        "libreoffice_filer": converted[: len(converted) // repeats],
        **memory(),
    }
    ud = data / f"ud-{'pdf' if pdf else 'docx'}-0"
    if pdf:
        from pypdf import PdfReader

        result["sider"] = {
            name: len(PdfReader(ud / name / "samlet.pdf").pages)
            for name in ("medlemmer", "offentlig")
        }
    result["filer"] = {
        name: len(list((ud / name).iterdir())) for name in ("medlemmer", "offentlig")
    }
    return result


def _soffice(source: Path | list[Path], profile: Path, outdir: Path) -> None:
    sources = source if isinstance(source, list) else [source]
    program = shutil.which("soffice")
    if program is None:
        raise SystemExit("soffice (LibreOffice) is missing: run scripts/ensure-libreoffice")
    command = [
        program,
        f"-env:UserInstallation={profile.resolve().as_uri()}",
        "--headless",
        "--norestore",
        "--convert-to",
        "pdf",
        "--outdir",
        str(outdir),
        *(str(s) for s in sources),
    ]
    subprocess.run(command, check=True, capture_output=True, timeout=1800)
    for each in sources:
        if not (outdir / f"{each.stem}.pdf").is_file():
            raise RuntimeError(f"LibreOffice wrote no PDF of {each}")


def phase_soffice(data: Path, repeats: int, trace: bool, which: str) -> dict[str, Any]:
    """One LibreOffice run converting one file, as a user would type it."""
    folder = data / "ud-pdf-0" / "medlemmer"
    work = Path(tempfile.mkdtemp(dir=data, prefix=f"soffice-{which}-"))
    if which == "dele":
        return _soffice_parts(folder, work, repeats)
    source = folder / ("samlet.docx" if which != "lille" else "dagsorden.docx")
    times = []
    warm_profile = work / "profil-varm"
    if which == "varm":
        _soffice(source, warm_profile, work / "forberedt")
    for i in range(repeats):
        profile = warm_profile if which == "varm" else work / f"profil-{i}"
        start = time.perf_counter()
        _soffice(source, profile, work / f"ud-{i}")
        times.append(time.perf_counter() - start)
    from pypdf import PdfReader

    pages = len(PdfReader(work / "ud-0" / f"{source.stem}.pdf").pages)
    return {"tider": times, "sider": pages, **memory()}


def _soffice_parts(folder: Path, work: Path, repeats: int) -> dict[str, Any]:
    """The members' parts (not samlet.*) converted in one run, as byg converts them."""
    parts = sorted(
        p
        for p in folder.iterdir()
        if p.suffix in (".docx", ".xlsx") and not p.name.startswith("samlet.")
    )
    times = []
    for i in range(repeats):
        start = time.perf_counter()
        _soffice(parts, work / f"profil-{i}", work / f"ud-{i}")
        times.append(time.perf_counter() - start)
    return {"tider": times, "filer": len(parts), **memory()}


def phase_start(data: Path, repeats: int, trace: bool) -> dict[str, Any]:
    """Fresh processes: start-up and a small status, as scripts/benchmark.py measured."""
    from dagsorden.kerne.scoring import Config
    from dagsorden.kilder.samling import status_for_folders

    eksempler = data / "workbooks" / "eksempler"

    def fresh(*args: str) -> Callable[[], object]:
        command = [sys.executable, "-m", "dagsorden", *args]
        return lambda: subprocess.run(command, check=True, capture_output=True, cwd=data)

    help_times = timed(fresh("--help"), repeats)
    status_times = timed(fresh("status", str(eksempler), "--json"), repeats)
    in_process = timed(lambda: status_for_folders([eksempler], Config()), repeats)
    return {
        "help": help_times,
        "status_json": status_times,
        "ni_i_proces": in_process,
        **memory(),
    }


PHASES: dict[str, Callable[..., dict[str, Any]]] = {
    "indstilling": phase_indstilling,
    "docxtpl": phase_docxtpl,
    "status": phase_status,
    "openpyxl": functools.partial(phase_openpyxl, values_only=True),
    "openpyxl-celler": functools.partial(phase_openpyxl, values_only=False),
    "calamine": phase_calamine,
    "byg-pdf": functools.partial(phase_byg, pdf=True),
    "byg-docx": functools.partial(phase_byg, pdf=False),
    "soffice": functools.partial(phase_soffice, which="samlet"),
    "soffice-varm": functools.partial(phase_soffice, which="varm"),
    "soffice-lille": functools.partial(phase_soffice, which="lille"),
    "soffice-dele": functools.partial(phase_soffice, which="dele"),
    "start": phase_start,
}


# --- the orchestrating process ----------------------------------------------------------


def run_phase(name: str, data: Path, repeats: int, *, trace: bool = False) -> dict[str, Any]:
    """Runs one phase in a fresh Python process; returns what it measured."""
    result_file = data / f"resultat-{name}{'-trace' if trace else ''}.json"
    command = [sys.executable, str(Path(__file__).resolve()), "--fase", name]
    command += ["--data", str(data), "--gentag", str(repeats), "--resultat", str(result_file)]
    if trace:
        command.append("--tracemalloc")
    print(f"  {name}{' (tracemalloc)' if trace else ''} ...", file=sys.stderr, flush=True)
    subprocess.run(command, check=True, cwd=data)
    return json.loads(result_file.read_text(encoding="utf-8"))


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
        # (arguments, (matplotlib expected, LibreOffice expected))
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
        found = json.loads(out.read_text(encoding="utf-8"))
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


def import_time(data: Path, *args: str) -> dict[str, Any]:
    """`python -X importtime` of `args`: the import total, the heaviest packages."""
    done = subprocess.run(
        [sys.executable, "-X", "importtime", *args],
        capture_output=True,
        text=True,
        check=True,
        cwd=data,
    )
    line = re.compile(r"import time:\s+(\d+) \|\s+(\d+) \| (\s*)(\S+)")
    total = 0
    packages: dict[str, int] = {}
    modules = []
    for match in line.finditer(done.stderr):
        cumulative, indent, module = int(match[2]), len(match[3]), match[4]
        modules.append(module)
        if indent == 0:
            total += cumulative
        root = module.split(".")[0]
        if root != "dagsorden" and "." not in module and cumulative > packages.get(root, 0):
            packages[root] = cumulative
    heavy = sorted(packages.items(), key=lambda item: -item[1])[:6]
    roots = {m.split(".")[0] for m in modules}
    return {
        "us": total,
        "tungeste": [{"modul": m, "us": us} for m, us in heavy],
        "matplotlib": "matplotlib" in roots,
        "numpy": "numpy" in roots,
        "numpy_us": packages.get("numpy", 0),
        "moduler": len(modules),
    }


# --- printing ----------------------------------------------------------------------------


def _ms(seconds: float) -> str:
    return f"{seconds * 1000:,.0f} ms" if seconds < 10 else f"{seconds:,.1f} s"


def _mb(kb: int | None) -> str:
    return "" if not kb else f"{kb / 1024:,.0f} MB"


def _row(
    name: str,
    times: list[float],
    per: int = 1,
    unit: str = "",
    rss: int | None = None,
    traced: int | None = None,
) -> list[str]:
    median = statistics.median(times)
    per_item = f"{median / per * 1000:,.1f} ms/{unit}" if unit else ""
    return [
        name,
        _ms(median),
        per_item,
        f"{_ms(min(times))} – {_ms(max(times))}",
        str(len(times)),
        _mb(rss),
        _mb(traced // 1024) if traced else "",
    ]


def _table(header: list[str], rows: list[list[str]]) -> str:
    widths = [max(len(r[i]) for r in [header, *rows]) for i in range(len(header))]
    lines = []
    for n, r in enumerate([header, *rows]):
        rest = [c.rjust(w) for c, w in zip(r[1:], widths[1:], strict=True)]
        cells = [r[0].ljust(widths[0]), *rest]
        lines.append("  ".join(cells).rstrip())
        if n == 0:
            lines.append("  ".join("-" * w for w in widths))
    return "\n".join(lines)


def _breakdown(
    title: str, rows: list[dict[str, Any]], total: float, *, show_rss: bool = False
) -> str:
    """Rows that start with spaces nest in the row above; the rest add up to `total`.
    With `show_rss`, each row shows the process's peak RSS as its last call ended."""
    lines = [f"{title}: {_ms(total)}"]
    shown = [r for r in rows if r["kald"]]
    top = sum(r["s"] for r in shown if not r["navn"].startswith(" "))
    shown.append({"navn": "other (not wrapped above)", "s": total - top, "kald": 0})
    for r in shown:
        share = r["s"] / total * 100 if total else 0
        calls = f"{r['kald']:g} calls" if r["kald"] else ""
        rss = f"RSS {_mb(r['rss_kb'])}" if r.get("rss_kb") and show_rss else ""
        lines.append(
            f"  {r['navn']:<56} {_ms(r['s']):>9} {share:5.1f} %  {calls:>11}  {rss}".rstrip()
        )
    return "\n".join(lines)


def _imports(label: str, found: dict[str, Any]) -> str:
    heavy = ", ".join(f"{h['modul']} {h['us'] / 1000:.0f}" for h in found["tungeste"])
    numpy = f"YES ({found['numpy_us'] / 1000:.0f} ms)" if found["numpy"] else "no"
    return (
        f"{label}: {found['us'] / 1000:.0f} ms of imports, {found['moduler']} modules; "
        f"heaviest packages (ms): {heavy}; matplotlib "
        f"{'YES' if found['matplotlib'] else 'no'}, numpy {numpy}"
    )


def report(results: dict[str, Any], setup: dict[str, Any]) -> str:
    r = results
    n_docs = r["indstilling"]["dokumenter"]
    n_files = r["status"]["filer"]
    pdf = r["byg-pdf"]
    rows = [
        _row(
            f"indstilling: dagsorden build_indstilling ({n_docs} cases)",
            r["indstilling"]["tider"],
            1,
            "doc",
            r["indstilling"]["rss_kb"],
            r["indstilling-trace"]["tracemalloc"],
        ),
        _row(
            "indstilling: docxtpl render + save, minimal context",
            r["docxtpl"]["tider"],
            1,
            "doc",
            r["docxtpl"]["rss_kb"],
            r["docxtpl-trace"]["tracemalloc"],
        ),
        _row(
            f"status: dagsorden status_for_folders, {n_files:,} workbooks",
            r["status"]["tider"],
            n_files,
            "wb",
            r["status"]["rss_kb"],
            r["status-trace"]["tracemalloc"],
        ),
        _row(
            "status: openpyxl read-only, values only, 3 sheets",
            r["openpyxl"]["tider"],
            n_files,
            "wb",
            r["openpyxl"]["rss_kb"],
            r["openpyxl-trace"]["tracemalloc"],
        ),
        _row(
            "status: openpyxl read-only, cells + number formats",
            r["openpyxl-celler"]["tider"],
            n_files,
            "wb",
            r["openpyxl-celler"]["rss_kb"],
        ),
        _row(
            "status: python-calamine to_python, 3 sheets",
            r["calamine"]["tider"],
            n_files,
            "wb",
            r["calamine"]["rss_kb"],
            r["calamine-trace"]["tracemalloc"],
        ),
        _row("byg --pdf: byg(pdf=True), whole meeting", pdf["tider"], rss=pdf["rss_kb"]),
        ["  its LibreOffice run (peak RSS)", "", "", "", "", _mb(pdf["born_rss_kb"]), ""],
        _row(
            "byg: byg(pdf=False), the same without PDF",
            r["byg-docx"]["tider"],
            rss=r["byg-docx"]["rss_kb"],
        ),
        _row(
            "soffice: members' samlet.docx to PDF, fresh profile",
            r["soffice"]["tider"],
            rss=r["soffice"]["born_rss_kb"],
        ),
        _row(
            "soffice: the same, profile reused (warm)",
            r["soffice-varm"]["tider"],
            rss=r["soffice-varm"]["born_rss_kb"],
        ),
        _row(
            f"soffice: members' {r['soffice-dele']['filer']} parts in one run",
            r["soffice-dele"]["tider"],
            rss=r["soffice-dele"]["born_rss_kb"],
        ),
        _row(
            "soffice: dagsorden.docx (1 page): start-up",
            r["soffice-lille"]["tider"],
            rss=r["soffice-lille"]["born_rss_kb"],
        ),
        _row("start: dagsorden --help, fresh process", r["start"]["help"]),
        _row(
            "start: dagsorden status --json (9 workbooks), fresh",
            r["start"]["status_json"],
            rss=r["start"]["born_rss_kb"],
        ),
        _row("start: status_for_folders, 9 workbooks, in process", r["start"]["ni_i_proces"]),
    ]
    header = ["measurement", "median", "per item", "min – max", "n", "peak RSS", "tracemalloc"]
    converted = " + ".join(str(n) for n in pdf["libreoffice_filer"]) or "no"
    out = [
        f"Machine: {os.cpu_count()} cores, {platform.system()} {platform.release()}, "
        f"Python {platform.python_version()}, {setup['libreoffice']}; load average "
        f"{setup['last_foer']:.2f} before, {setup['last_efter']:.2f} after the run",
        f"Data: {setup['punkter']} punkter, {setup['bilag']} bilag, 9 + {setup['arbejdsboeger']:,} "
        f"workbooks, generated in {setup['generering_s']:.1f} s",
        "",
        _table(header, rows),
        "",
        "Peak RSS: ru_maxrss of the measurement's own process (LibreOffice rows: of its",
        "largest child); tracemalloc: peak Python allocations in one more run of its own",
        "(not lxml's or calamine's C allocations).",
        f"byg --pdf wrote {pdf['filer']['medlemmer']} files for the members "
        f"({pdf['sider']['medlemmer']} PDF pages) and {pdf['filer']['offentlig']} for the "
        f"public ({pdf['sider']['offentlig']} pages); LibreOffice converted {converted} "
        f"files in {len(pdf['libreoffice_filer'])} run(s). The members' samlet.docx alone "
        f"is {r['soffice']['sider']} pages.",
        "",
        "What differs, indstilling: both fill templates/indstilling.docx for the same 30",
        "parsed cases. docxtpl: DocxTemplate(path) reads the template from disk, the context",
        "is the Sag with its at-punkter unfilled and each section's text as plain paragraphs",
        "(one per paragraph, list item or table row); a plain jinja2.Environment with",
        "dagsorden's filters, no autoescape, a plain save. dagsorden: the template from",
        "memory, placeholders filled and typed amounts checked, Markdown formatting, real",
        "lists and tables, status and Økonomi tables with numbered captions, a sandboxed",
        "strict autoescaping environment, an atomic write. Workbooks are read once, before",
        "the timing (a warm Kilder), as byg does.",
        "What differs, status: the baselines only read the three sheets' values; dagsorden",
        "also checks the zip (zipcheck), scans for formulas, keeps a Cell per cell with its",
        "number format, validates every row and scores. calamine gives no number formats.",
        "",
        _breakdown(
            "Where an indstilling's time goes (dagsorden, mean per document)",
            r["indstilling"]["fordeling"],
            statistics.mean(r["indstilling"]["tider"]),
        ),
        _breakdown(
            "Where docxtpl's time goes (mean per document)",
            r["docxtpl"]["fordeling"],
            statistics.mean(r["docxtpl"]["tider"]),
        ),
        _breakdown(
            f"Where status's time goes (mean per run over {n_files:,} workbooks)",
            r["status"]["fordeling"],
            statistics.mean(r["status"]["tider"]),
        ),
        _breakdown(
            "Where byg --pdf's time goes (mean per build; RSS: peak when the step ended, build 1)",
            pdf["fordeling"],
            statistics.mean(pdf["tider"]),
            show_rss=True,
        ),
        "",
        _imports("import dagsorden.cli.kommandoer", r["importtime"]),
        _imports("dagsorden status --json", r["importtime-status"]),
        "",
        "Commands, each in a fresh process: does it import matplotlib / start LibreOffice?",
    ]
    for p in r["kommandoer"]:
        ok = (p["matplotlib"], p["libreoffice"]) == tuple(p["forventet"])
        out.append(
            f"  {'ok ' if ok else 'BAD'} {p['kommando'][:72]:<72} "
            f"matplotlib {'yes' if p['matplotlib'] else 'no ':3}  "
            f"LibreOffice {'yes' if p['libreoffice'] else 'no ':3}  exit {p['kode']}"
        )
    out.append(
        "  (expected: only statusbilag and byg draw barometers; only byg --pdf starts"
        " LibreOffice, here a fake soffice that fails, hence its exit 1)"
    )
    return "\n".join(out)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--quick", action="store_true", help="a smoke run: fewer of everything")
    parser.add_argument("--arbejdsboeger", type=int, help="workbooks for status (default 1000)")
    parser.add_argument("--gentag", type=int, help="repeats of the cheap phases (default 5)")
    parser.add_argument("--behold", action="store_true", help="keep the temporary folder")
    parser.add_argument("--json", type=Path, help="also write every raw figure to this file")
    parser.add_argument("--fase", choices=sorted(PHASES), help=argparse.SUPPRESS)
    parser.add_argument("--data", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--resultat", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--tracemalloc", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()

    if args.fase:  # inside a phase process
        result = PHASES[args.fase](args.data, args.gentag, args.tracemalloc)
        args.resultat.write_text(json.dumps(result), encoding="utf-8")
        return

    count = args.arbejdsboeger or (QUICK_WORKBOOKS if args.quick else WORKBOOKS)
    cheap = args.gentag or (1 if args.quick else 5)
    slow = 1 if args.quick else 3  # status over all workbooks, byg, LibreOffice
    data = Path(tempfile.mkdtemp(prefix="dagsorden-bench-"))
    try:
        print(f"Data in {data}", file=sys.stderr)
        import generate

        load_before = os.getloadavg()[0]
        start = time.perf_counter()
        moedefil = generate.generate_meeting(data)
        sources = sorted((data / "workbooks" / "eksempler").glob("*.xlsx"))
        many = generate.write_many_workbooks(sources, data / "workbooks" / "mange", count)
        generate.check_numbers(many)
        version = subprocess.run(
            ["soffice", "--version"], capture_output=True, text=True, check=False
        ).stdout.strip()
        setup = {
            "last_foer": load_before,
            "punkter": generate.PUNKTER,
            "bilag": generate.BILAG,
            "arbejdsboeger": count,
            "generering_s": time.perf_counter() - start,
            "libreoffice": " ".join(version.split()[:2]) or "LibreOffice ?",
            "moedefil": str(moedefil),
        }
        results: dict[str, Any] = {}
        plan = [
            ("indstilling", cheap, True),
            ("docxtpl", cheap, True),
            ("status", slow, True),
            ("openpyxl", slow, True),
            ("openpyxl-celler", slow, False),
            ("calamine", slow, True),
            ("byg-docx", slow, False),
            ("byg-pdf", slow, False),
            ("soffice", slow, False),
            ("soffice-varm", slow, False),
            ("soffice-lille", slow, False),
            ("soffice-dele", slow, False),
            ("start", cheap, False),
        ]
        for name, repeats, trace in plan:
            results[name] = run_phase(name, data, repeats)
            if trace:
                results[f"{name}-trace"] = run_phase(name, data, 1, trace=True)
        results["importtime"] = import_time(data, "-c", "import dagsorden.cli.kommandoer")
        eksempler = str(data / "workbooks" / "eksempler")
        status_args = ("-m", "dagsorden", "status", eksempler, "--json")
        results["importtime-status"] = import_time(data, *status_args)
        print("  commands ...", file=sys.stderr, flush=True)
        results["kommandoer"] = probe_commands(data)
        setup["last_efter"] = os.getloadavg()[0]
        if args.json:
            args.json.write_text(json.dumps({"setup": setup, **results}, indent=1), "utf-8")
        print(report(results, setup))
    finally:
        if args.behold:
            print(f"Kept {data}", file=sys.stderr)
        else:
            shutil.rmtree(data, ignore_errors=True)


if __name__ == "__main__":
    main()
