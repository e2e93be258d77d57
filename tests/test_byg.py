"""`dagsorden byg` end to end on the bundled meeting, through CliRunner."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from docx import Document

from dagsorden.cli import main

ROOT = Path(__file__).resolve().parents[1]
SECRET = "forsorgshjemmet Lindevang"
"""A phrase only the closed item's text holds."""
CLOSED_TITLE = "Klage over afgørelse om botilbud"


def run(*args: str):
    return CliRunner().invoke(main, ["byg", *args, "--stille"])


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> Path:
    """A copy of the repository's cases/ and workbooks/, so builds never touch it."""
    root = tmp_path_factory.mktemp("projekt")
    shutil.copytree(ROOT / "cases", root / "cases")
    shutil.copytree(ROOT / "workbooks", root / "workbooks")
    return root


@pytest.fixture(scope="module")
def built(project) -> Path:
    ud = project / "ud"
    result = run(str(project / "cases" / "moede.yaml"), "-o", str(ud), "--pdf")
    assert result.exit_code == 0, result.output
    return ud


def docx_text(path: Path) -> str:
    document = Document(path)
    parts = [p.text for p in document.paragraphs]
    parts += [c.text for t in document.tables for row in t.rows for c in row.cells]
    return "\n".join(parts)


def test_every_file_present(built):
    members = sorted(p.name for p in (built / "medlemmer").iterdir())
    assert members == [
        "1-pejlemaerker-2014-bilag-1.docx",
        "1-pejlemaerker-2014.docx",
        "2-forebyggelse.docx",
        "3-bif-sof-bilag-1.docx",
        "3-bif-sof-bilag-2.docx",
        "3-bif-sof-bilag-3.docx",
        "3-bif-sof.docx",
        "4-lukket-klagesag.docx",
        "dagsorden.docx",
        "samlet.docx",
        "samlet.pdf",
    ]
    public = sorted(p.name for p in (built / "offentlig").iterdir())
    assert public == [name for name in members if not name.startswith("4-")]


def test_agenda_numbers_and_closed_item(built):
    members = [p.text for p in Document(built / "medlemmer" / "dagsorden.docx").paragraphs]
    public = [p.text for p in Document(built / "offentlig" / "dagsorden.docx").paragraphs]
    assert public[:4] == [
        "Dagsorden",
        "Socialudvalget",
        "Mødetidspunkt: onsdag den 19. november 2014 kl. 16.00",
        "Mødested: Rådhuset, stuen, værelse 8",
    ]
    assert public[-6:] == [
        "1. Status på Socialudvalgets pejlemærker 2014",
        "2. Deltagelse i Socialministeriets forebyggelsesprojekt",
        "3. Evaluering af strategi og handleplan for de fælles borgere i BIF og SOF",
        "4. Lukket punkt",
        "5. Eventuelt",
        "Udvalgets medlemmer kan rejse spørgsmål, der ikke står på dagsordenen.",
    ]
    assert members[-3] == f"4. {CLOSED_TITLE} (lukket punkt)"
    assert "Fraværende: Ingen" not in public + members  # only in the referat


def test_punkt_numbers_follow_the_meeting_file(built):
    paper = Document(built / "medlemmer" / "2-forebyggelse.docx")
    assert paper.paragraphs[0].text == "Mødedato: 19.11.2014, kl. 16:00"
    headings = [p.text for p in paper.paragraphs if p.style.name == "Heading 1"]
    assert headings == ["2. Deltagelse i Socialministeriets forebyggelsesprojekt"]


def test_bilag_numbered_per_punkt(built):
    notat = Document(built / "medlemmer" / "3-bif-sof-bilag-2.docx")
    assert "Bilag 2: Status på målene i BIF-SOF strategien" in docx_text(
        built / "medlemmer" / "3-bif-sof-bilag-2.docx"
    )
    assert notat.tables
    statusbilag = [
        p.text
        for p in Document(built / "medlemmer" / "1-pejlemaerker-2014-bilag-1.docx").paragraphs
    ]
    assert statusbilag[:2] == ["Bilag 1 til punkt 1", "Status på pejlemærkerne"]
    paper = docx_text(built / "medlemmer" / "1-pejlemaerker-2014.docx")
    assert "Bilag 1. Status på pejlemærkerne" in paper


def test_closed_item_absent_from_every_public_file(built):
    from pypdf import PdfReader

    for path in (built / "offentlig").iterdir():
        assert "lukket-klagesag" not in path.name
        if path.suffix == ".docx":
            text = docx_text(path)
        else:
            reader = PdfReader(path)
            text = " ".join(page.extract_text() for page in reader.pages)
            text += " ".join(item.title for item in _flat(reader.outline))
        assert SECRET not in text, path
        assert CLOSED_TITLE not in text, path
    assert SECRET in docx_text(built / "medlemmer" / "samlet.docx")


def _flat(outline):
    for item in outline:
        if isinstance(item, list):
            yield from _flat(item)
        else:
            yield item


def test_packet_order_and_bookmarks(built):
    from pypdf import PdfReader

    reader = PdfReader(built / "medlemmer" / "samlet.pdf")
    top = [item for item in reader.outline if not isinstance(item, list)]
    assert [item.title for item in top] == [
        "Dagsorden",
        "Punkt 1. Status på Socialudvalgets pejlemærker 2014",
        "Punkt 2. Deltagelse i Socialministeriets forebyggelsesprojekt",
        "Punkt 3. Evaluering af strategi og handleplan for de fælles borgere i BIF og SOF",
        f"Punkt 4. {CLOSED_TITLE}",
    ]
    pages = [reader.get_destination_page_number(item) for item in top]
    assert pages == sorted(pages) and pages[0] == 0
    nested = [item.title for item in _flat(reader.outline) if item.title.startswith("Bilag")]
    assert nested == [
        "Bilag 1 – Status på pejlemærkerne",
        "Bilag 1 – Evaluering af BIF-SOF strategi og handleplan",
        "Bilag 2 – Status på målene i BIF-SOF strategien",
        "Bilag 3 – Eksempler på det gode samarbejde",
    ]
    second = reader.pages[pages[2]].extract_text()
    assert "Deltagelse i Socialministeriets forebyggelsesprojekt" in second


def test_samlet_docx_holds_agenda_then_punkter(built):
    text = docx_text(built / "offentlig" / "samlet.docx")
    order = [
        text.index("Dagsorden"),
        text.index("1. Status på Socialudvalgets pejlemærker 2014\n"),
        text.index("2. Deltagelse i Socialministeriets forebyggelsesprojekt\n"),
        text.index("Bilag 3: Eksempler på det gode samarbejde"),
    ]
    assert order == sorted(order)


def test_a_second_build_gives_the_same_text(project, built, tmp_path):
    again = tmp_path / "ud"
    result = run(str(project / "cases" / "moede.yaml"), "-o", str(again))
    assert result.exit_code == 0, result.output
    for path in (built / "offentlig").glob("*.docx"):
        # But the contents list's page numbers, which only --pdf counts (`built` has them).
        first = re.sub(r"\t\d+\n", "\t\n", docx_text(path))
        assert first == docx_text(again / "offentlig" / path.name), path.name


def test_validation_failure_writes_nothing_and_keeps_previous_output(project, tmp_path):
    broken = tmp_path / "projekt"
    shutil.copytree(project / "cases", broken / "cases")
    shutil.copytree(project / "workbooks", broken / "workbooks")
    ud = tmp_path / "ud"
    result = run(str(broken / "cases" / "moede.yaml"), "-o", str(ud))
    assert result.exit_code == 0, result.output
    before = {p: p.read_bytes() for p in ud.rglob("*") if p.is_file()}

    sag = broken / "cases" / "forebyggelse" / "sag.md"
    sag.write_text(sag.read_text(encoding="utf-8").replace("titel:", "tittel:", 1), "utf-8")
    (broken / "cases" / "bif-sof" / "bilag" / "eksempler.md").unlink()
    result = run(str(broken / "cases" / "moede.yaml"), "-o", str(ud))
    assert result.exit_code == 1
    assert f"{sag}, linje" in result.output
    assert "Ukendt nøgle 'tittel'" in result.output
    assert "Bilag 3: filen 'bilag/eksempler.md' findes ikke." in result.output
    after = {p: p.read_bytes() for p in ud.rglob("*") if p.is_file()}
    assert after == before
    leftovers = [p.name for p in tmp_path.iterdir() if p.name.startswith(".ud")]
    assert leftovers in ([], [".ud.lock"])  # the build lock may stay; no staging folder


def test_bilag_outside_the_case_folder_is_refused(project, tmp_path):
    broken = tmp_path / "projekt"
    shutil.copytree(project / "cases", broken / "cases")
    shutil.copytree(project / "workbooks", broken / "workbooks")
    sag = broken / "cases" / "bif-sof" / "sag.md"
    sag.write_text(
        sag.read_text(encoding="utf-8").replace("bilag/evaluering.md", "../moede.yaml"), "utf-8"
    )
    result = run(str(broken / "cases" / "moede.yaml"), "-o", str(tmp_path / "ud"))
    assert result.exit_code == 1
    assert "Bilag 1: '../moede.yaml' ligger uden for sagsmappen" in result.output
    assert not (tmp_path / "ud").exists()


def test_referat_fills_this_meetings_decisions(project, tmp_path):
    result = run(str(project / "cases" / "moede.yaml"), "-o", str(tmp_path / "ud"), "--referat")
    assert result.exit_code == 0, result.output
    assert "Advarsel" not in result.output  # the bundled meeting decides every punkt
    agenda = [p.text for p in Document(tmp_path / "ud" / "medlemmer" / "referat.docx").paragraphs]
    assert agenda[0] == "Referat"
    assert "Fraværende: Ingen" in agenda
    assert agenda.count("Socialudvalgets beslutning: Indstillingen blev godkendt.") == 2
    # forebyggelse's decisions of 2011 (its front matter) are history, not this meeting's.
    assert "Socialudvalgets beslutning: Indstillingen blev godkendt og anbefalet." not in agenda
    assert "Punktet er endnu ikke behandlet." not in agenda
    assert agenda[-3:] == [
        "5. Eventuelt",
        "Udvalgets medlemmer kan rejse spørgsmål, der ikke står på dagsordenen.",
        "Socialudvalgets beslutning: Intet.",
    ]
    paper = [
        p.text for p in Document(tmp_path / "ud" / "medlemmer" / "2-forebyggelse.docx").paragraphs
    ]
    assert paper[paper.index("Beslutning") + 1 :] == [
        "Oversigt over politisk behandling",
        "Socialudvalgets beslutning i mødet 21. september 2011",
        "Indstillingen blev godkendt og anbefalet.",
        "Økonomiudvalgets beslutning i mødet 1. november 2011",
        "Indstillingen blev godkendt uden afstemning.",
        "Socialudvalgets beslutning i mødet 19. november 2014",
        "Indstillingen blev godkendt.",
    ]
    public = [p.text for p in Document(tmp_path / "ud" / "offentlig" / "referat.docx").paragraphs]
    assert public[public.index("4. Lukket punkt") + 1] == "5. Eventuelt"
    assert not (tmp_path / "ud" / "offentlig" / "dagsorden.docx").exists()  # never built here


def test_the_agenda_before_the_meeting_has_no_decisions(built):
    paper = [p.text for p in Document(built / "medlemmer" / "2-forebyggelse.docx").paragraphs]
    # No empty Beslutning heading in an agenda (issue 13): the paper ends signed.
    assert "Beslutning" not in paper
    assert not any("beslutning i mødet" in line for line in paper)
    assert paper[-1] == "Anette Laigaard / Claus Juhl"


def test_default_meeting_file_in_the_working_folder(project, tmp_path, monkeypatch):
    monkeypatch.chdir(project)
    result = run("-o", str(tmp_path / "ud"))
    assert result.exit_code == 0, result.output
    assert (tmp_path / "ud" / "offentlig" / "samlet.docx").exists()


def _copy_project(project: Path, tmp_path: Path) -> Path:
    root = tmp_path / "projekt"
    shutil.copytree(project / "cases", root / "cases")
    shutil.copytree(project / "workbooks", root / "workbooks")
    return root


def _add_to_body(sag: Path, text: str) -> None:
    content = sag.read_text(encoding="utf-8")
    sag.write_text(content.replace("## Videre proces", f"{text}\n\n## Videre proces"), "utf-8")


def test_a_cpr_number_in_the_public_set_stops_the_build(project, tmp_path):
    root = _copy_project(project, tmp_path)
    _add_to_body(root / "cases" / "forebyggelse" / "sag.md", "Borgeren 010203-1234 klager.")
    ud = tmp_path / "ud"
    result = run(str(root / "cases" / "moede.yaml"), "-o", str(ud))
    assert result.exit_code == 1
    assert "2-forebyggelse.docx" in result.output
    assert "010203-XXXX" in result.output and "010203-1234" not in result.output
    assert not ud.exists()


def test_an_allowed_cpr_number_is_published_with_its_reason(project, tmp_path):
    root = _copy_project(project, tmp_path)
    sag = root / "cases" / "forebyggelse" / "sag.md"
    _add_to_body(sag, "Eksempel: 010203-1234.")
    sag.write_text(
        sag.read_text(encoding="utf-8").replace(
            "oekonomi: budget.xlsx",
            'oekonomi: budget.xlsx\ntillad_cpr:\n  - nummer: "010203-1234"\n'
            "    grund: Fiktivt nummer fra vejledningen",
        ),
        "utf-8",
    )
    result = run(str(root / "cases" / "moede.yaml"), "-o", str(tmp_path / "ud"))
    assert result.exit_code == 0, result.output


def test_a_closed_item_with_a_cpr_number_only_warns(project, tmp_path):
    root = _copy_project(project, tmp_path)
    _add_to_body(root / "cases" / "lukket-klagesag" / "sag.md", "Borgeren har CPR 010203-1234.")
    result = CliRunner().invoke(
        main, ["byg", str(root / "cases" / "moede.yaml"), "-o", str(tmp_path / "ud"), "--stille"]
    )
    assert result.exit_code == 0, result.output
    assert "Advarsel: " in result.output and "4-lukket-klagesag.docx" in result.output


def test_public_files_carry_no_author(built):
    public = Document(built / "offentlig" / "2-forebyggelse.docx").core_properties
    members = Document(built / "medlemmer" / "2-forebyggelse.docx").core_properties
    assert members.author
    assert public.author == "" and public.last_modified_by == ""


def test_two_builds_of_one_folder_at_once(project, tmp_path):
    """Another process holds the build lock, as a running build does."""
    import subprocess
    import sys
    import time

    ready = tmp_path / "klar"
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sys, time, pathlib; from filelock import FileLock\n"
            "with FileLock(sys.argv[1]):\n"
            "    pathlib.Path(sys.argv[2]).touch(); time.sleep(30)",
            str(tmp_path / ".ud.lock"),
            str(ready),
        ]
    )
    try:
        deadline = time.monotonic() + 20
        while not ready.exists() and time.monotonic() < deadline:
            time.sleep(0.05)
        ud = tmp_path / "ud"
        result = run(str(project / "cases" / "moede.yaml"), "-o", str(ud))
    finally:
        holder.kill()
        holder.wait()
    assert result.exit_code == 1
    assert "en anden 'dagsorden byg' bygger allerede i denne mappe" in result.output
    assert not ud.exists()


def test_nothing_is_written_outside_the_output_folder(project, tmp_path):
    root = _copy_project(project, tmp_path)
    sag = root / "cases" / "bif-sof" / "sag.md"
    text = sag.read_text(encoding="utf-8")
    text = text.replace(
        "titel: Evaluering af strategi og handleplan for de fælles borgere i BIF og SOF",
        "titel: '../../../udenfor/../x/ Evaluering \\\\ C:\\\\Windows'",
    )
    text = text.replace(
        "  - titel: Evaluering af BIF-SOF strategi og handleplan",
        "  - titel: ../../../../tmp/ondt",
    )
    sag.write_text(text, encoding="utf-8")
    before = {p for p in tmp_path.rglob("*")}
    ud = tmp_path / "ud"
    result = run(str(root / "cases" / "moede.yaml"), "-o", str(ud))
    assert result.exit_code == 0, result.output
    created = {p for p in tmp_path.rglob("*")} - before
    outside = [p for p in created if ud not in p.parents and p != ud and p.name != ".ud.lock"]
    assert outside == []


def test_a_broken_workbook_read_twice_is_one_problem(tmp_path, monkeypatch):
    """forebyggelse's budget is read for `oekonomi:` and for its table marker: broken,
    it is named once, not once per reading."""
    shutil.copytree(ROOT / "cases", tmp_path / "cases")
    shutil.copytree(ROOT / "workbooks", tmp_path / "workbooks")
    (tmp_path / "cases" / "forebyggelse" / "budget.xlsx").write_bytes(b"ikke en arbejdsbog")
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["tjek", "cases/moede.yaml"])
    assert result.exit_code == 1
    lines = [line for line in result.output.splitlines() if "budget.xlsx" in line]
    assert lines == [
        "cases/forebyggelse/budget.xlsx: Filen kan ikke læses som en .xlsx-arbejdsbog "
        "(den er måske beskadiget)."
    ]
