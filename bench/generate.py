"""The benchmark's synthetic data: a large meeting and a folder of many workbooks.

Everything is written into a folder the caller gives (a temporary one in run.py):

    cases/moede.yaml            P punkter (30 by default), punkt 1 with a status appendix
    cases/NN-<case>/sag.md      adapted from the bundled cases, titles numbered
    cases/NN-<case>/bilag/...   B bilag in all (as many as punkter by default):
                                notater (.md), 2 .pdf and 2 .xlsx copies
    workbooks/eksempler/        the nine example workbooks (scripts/eksempeldata.py)
    workbooks/mange/            N copies of those nine with unique numbers

By hand: `uv run python bench/generate.py DIR --punkter 60 --arbejdsboeger 300`.

The many workbooks are byte copies of the nine with the Nummer cell (and the title)
edited inside the .xlsx archive: writing each with openpyxl costs about 60 ms, a
copy a few.
"""

from __future__ import annotations

import re
import shutil
import sys
import zipfile
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
CASES = ROOT / "cases"
sys.path.insert(0, str(ROOT / "scripts"))

PUNKTER = 30
"""The default meeting's size; run.py also builds 10 and 60."""
CLOSED_EVERY = 10
"""Every tenth punkt (10, 20, 30, ...) is made from the closed example case."""

OPEN_CASES = ("pejlemaerker-2014", "forebyggelse", "bif-sof", "pejlemaerker-2013")
NOTATER = (
    CASES / "bif-sof" / "bilag" / "evaluering.md",
    CASES / "bif-sof" / "bilag" / "status-maal.md",
    CASES / "bif-sof" / "bilag" / "eksempler.md",
    CASES / "notater" / "seksby.md",
)
PDF_BILAG = 2
XLSX_BILAG = 2


def generate_meeting(root: Path, punkter: int = PUNKTER, bilag: int | None = None) -> Path:
    """Writes a synthetic meeting of `punkter` punkter and `bilag` bilag (as many as
    punkter when None) under `root`; returns its meeting file."""
    bilag = punkter if bilag is None else bilag
    fixed = PDF_BILAG + XLSX_BILAG + 1
    if punkter < 2 or bilag < fixed:
        raise ValueError(f"at least 2 punkter and {fixed} bilag, not {punkter} and {bilag}")
    write_example_workbooks(root / "workbooks" / "eksempler")
    cases = root / "cases"
    cases.mkdir(parents=True)
    pdf = root / "bilag.pdf"
    _write_pdf(pdf, pages=2)

    # bilag - 1 bilag spread over punkt 2 onwards; the meeting file adds the last
    # (punkt 1's status appendix of workbooks/eksempler).
    kinds = ["pdf"] * PDF_BILAG + ["xlsx"] * XLSX_BILAG
    kinds += ["notat"] * (bilag - 1 - len(kinds))
    bilag_of: dict[int, list[str]] = {n: [] for n in range(1, punkter + 1)}
    for i, kind in enumerate(kinds):
        bilag_of[2 + i % (punkter - 1)].append(kind)

    entries: list[object] = []
    for nummer in range(1, punkter + 1):
        closed = nummer % CLOSED_EVERY == 0
        source = "lukket-klagesag" if closed else OPEN_CASES[(nummer - 1) % 4]
        folder = cases / f"{nummer:02d}-{source}"
        _write_case(folder, CASES / source, nummer, bilag_of[nummer], pdf)
        if nummer == 1:
            entries.append({"sag": folder.name, "statusbilag": "../workbooks/eksempler"})
        else:
            entries.append(folder.name)
    moedefil = cases / "moede.yaml"
    meeting = {
        "udvalg": "Socialudvalget",
        "moededato": "19.11.2014 kl. 16:00",
        "moedested": "Rådhuset, stuen, værelse 8",
        "punkter": entries,
    }
    moedefil.write_text(_dump(meeting), encoding="utf-8")
    return moedefil


def _dump(data: object) -> str:
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=1000)


def _write_case(folder: Path, source: Path, nummer: int, bilag: list[str], pdf: Path) -> None:
    shutil.copytree(source, folder, ignore=shutil.ignore_patterns("bilag"))
    text = (folder / "sag.md").read_text(encoding="utf-8")
    _, front, body = text.split("---\n", 2)
    data = yaml.safe_load(front)
    data["punkt"] = nummer
    data["titel"] = f"{data['titel']} (syntetisk punkt {nummer})"
    entries = []
    for i, kind in enumerate(bilag, start=1):
        (folder / "bilag").mkdir(exist_ok=True)
        if kind == "notat":
            kilde = NOTATER[(nummer + i) % len(NOTATER)]
            name = f"bilag/{kilde.stem}-{i}.md"
            shutil.copyfile(kilde, folder / name)
            titel = f"Notat {i} til punkt {nummer}"
        elif kind == "pdf":
            name = f"bilag/brev-{i}.pdf"
            shutil.copyfile(pdf, folder / name)
            titel = f"Brev {i} til punkt {nummer}"
        else:
            name = f"bilag/budget-{i}.xlsx"
            _titled_budget(folder / name)
            titel = f"Budgetark {i} til punkt {nummer}"
        entries.append({"titel": titel, "fil": name})
    if entries:
        data["bilag"] = entries
    else:
        data.pop("bilag", None)
    (folder / "sag.md").write_text(f"---\n{_dump(data)}---\n{body}", encoding="utf-8")


def _write_pdf(target: Path, pages: int) -> None:
    """Blank A4 pages, tagged (an empty structure tree), titled and in Danish, so the
    public set's accessibility gate lets the bilag through as a real one would pass."""
    import pikepdf

    pdf = pikepdf.new()
    for _ in range(pages):
        pdf.add_blank_page(page_size=(595, 842))
    pdf.Root.MarkInfo = pikepdf.Dictionary(Marked=True)
    pdf.Root.StructTreeRoot = pdf.make_indirect(
        pikepdf.Dictionary(Type=pikepdf.Name.StructTreeRoot, K=pikepdf.Array())
    )
    pdf.Root.Lang = pikepdf.String("da-DK")
    pdf.Root.ViewerPreferences = pikepdf.Dictionary(DisplayDocTitle=True)
    with pdf.open_metadata(set_pikepdf_as_editor=False) as xmp:
        xmp["dc:title"] = "Brev"
    pdf.save(target)


def _titled_budget(target: Path) -> None:
    """The example budget workbook with a title, as the public set's gate asks of a
    workbook bilag."""
    import openpyxl

    workbook = openpyxl.load_workbook(CASES / "forebyggelse" / "budget.xlsx")
    workbook.properties.title = "Budget"
    workbook.save(target)


def write_example_workbooks(folder: Path) -> list[Path]:
    """The nine example workbooks, written by dagsorden from scripts/eksempeldata.py."""
    from eksempeldata import PEJLEMAERKER

    from dagsorden.kilder.workbook_writer import write_pejlemaerke_workbook

    folder.mkdir(parents=True, exist_ok=True)
    return [
        write_pejlemaerke_workbook(folder / f"pejlemaerke-{p.nummer}.xlsx", p) for p in PEJLEMAERKER
    ]


_NUMMER = re.compile(rb'(<c r="B1"[^>]*><v>)\d+(</v>)')
_TITEL = re.compile(rb'(<c r="B2"[^>]*><is><t[^>]*>)(.*?)(</t>)', re.S)
INFO_SHEET = "xl/worksheets/sheet1.xml"
"""The Pejlemærke sheet: the first one dagsorden writes."""


def write_many_workbooks(sources: list[Path], folder: Path, count: int) -> list[Path]:
    """`count` copies of `sources`, numbered 1..count, each with its own Nummer."""
    folder.mkdir(parents=True)
    archives = []
    for source in sources:
        with zipfile.ZipFile(source) as archive:
            archives.append([(info, archive.read(info)) for info in archive.infolist()])
    written = []
    for nummer in range(1, count + 1):
        entries = archives[(nummer - 1) % len(archives)]
        target = folder / f"pejlemaerke-{nummer:04d}.xlsx"
        with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive:
            for info, data in entries:
                if info.filename == INFO_SHEET:
                    data, found = _NUMMER.subn(rb"\g<1>%d\g<2>" % nummer, data)
                    data, titled = _TITEL.subn(rb"\g<1>\g<2> (kopi %d)\g<3>" % nummer, data)
                    if (found, titled) != (1, 1):
                        raise RuntimeError(f"{INFO_SHEET}: Nummer or Titel not found once")
                archive.writestr(info, data)
        written.append(target)
    return written


def check_numbers(paths: list[Path], sample: int = 5) -> None:
    """Reads a few copies back with openpyxl: their Nummer is the one in their name."""
    from openpyxl import load_workbook

    step = max(1, len(paths) // sample)
    for path in paths[::step]:
        workbook = load_workbook(path, read_only=True)
        nummer = workbook.worksheets[0]["B1"].value
        workbook.close()
        if nummer != int(path.stem.rsplit("-", 1)[1]):
            raise RuntimeError(f"{path}: Nummer is {nummer!r}")


def main() -> None:
    import argparse

    parser = argparse.ArgumentParser(description="Writes the benchmark's data into a folder.")
    parser.add_argument("folder", type=Path, help="a new folder")
    parser.add_argument("--punkter", type=int, default=PUNKTER)
    parser.add_argument("--bilag", type=int, help="default: as many as punkter")
    parser.add_argument("--arbejdsboeger", type=int, default=0, help="workbooks/mange's count")
    args = parser.parse_args()
    moedefil = generate_meeting(args.folder, args.punkter, args.bilag)
    if args.arbejdsboeger:
        sources = sorted((args.folder / "workbooks" / "eksempler").glob("*.xlsx"))
        many = write_many_workbooks(
            sources, args.folder / "workbooks" / "mange", args.arbejdsboeger
        )
        check_numbers(many)
    print(moedefil)


if __name__ == "__main__":
    main()
