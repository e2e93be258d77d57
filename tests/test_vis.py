"""`dagsorden vis`: the live preview, over HTTP as a browser asks for it.

The server runs as the user starts it (`dagsorden vis --port 0` in a subprocess, in a
copy of the bundled project); the tests read the address it prints, fetch pages with
urllib, edit a case and see the page change, break it and see the problem with its
file and line (the same lines `dagsorden tjek` prints), and stop it with Ctrl-C.
The browser's view (axe-core, live reload in a real page) is tests/test_web_browser.py.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import lxml.html
import pytest
from click.testing import CliRunner

from dagsorden.byg import vis
from dagsorden.cli import main

ROOT = Path(__file__).resolve().parents[1]
CLOSED_TITLE = "Klage over afgørelse om botilbud"
START_TIMEOUT = 60
CHANGE_TIMEOUT = 30


def copy_project(target: Path) -> Path:
    shutil.copytree(ROOT / "cases", target / "cases")
    shutil.copytree(ROOT / "workbooks", target / "workbooks")
    return target


class Server:
    """`dagsorden vis` in a subprocess; `url` is the address it printed."""

    def __init__(self, moedefil: Path, *args: str) -> None:
        self.process = subprocess.Popen(
            [sys.executable, "-m", "dagsorden", "vis", str(moedefil), "--port", "0", *args],
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            cwd=moedefil.parent.parent,
            env={**os.environ, "PYTHONUNBUFFERED": "1"},
        )
        self.lines: list[str] = []
        deadline = time.monotonic() + START_TIMEOUT
        while time.monotonic() < deadline:
            line = self.process.stdout.readline()  # type: ignore[union-attr]
            if not line:
                break
            self.lines.append(line)
            match = re.search(r"http://127\.0\.0\.1:\d+/", line)
            if match:
                self.url = match.group(0)
                secret = re.search(r"http://127\.0\.0\.1:\d+(/medlemmer-[\w-]+/) ", line)
                assert secret, line
                self.medlemmer = secret.group(1)
                """The members' path with its secret, as printed."""
                self.lines.append(self.process.stdout.readline())  # type: ignore[union-attr]
                return
        self.process.kill()
        raise AssertionError(f"dagsorden vis did not start: {''.join(self.lines)}")

    def get(self, path: str = "", host: str | None = None) -> tuple[int, str]:
        request = urllib.request.Request(self.url + path.lstrip("/"))
        if host:
            request.add_header("Host", host)
        try:
            with urllib.request.urlopen(request, timeout=10) as response:
                return response.status, response.read().decode("utf-8")
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode("utf-8")

    def wait_for(self, path: str, needle: str) -> str:
        """The page once it holds `needle` (the watcher has rebuilt it)."""
        deadline = time.monotonic() + CHANGE_TIMEOUT
        body = ""
        while time.monotonic() < deadline:
            _, body = self.get(path)
            if needle in body:
                return body
            time.sleep(0.2)
        raise AssertionError(f"{path} never showed {needle!r}:\n{body[:2000]}")

    def stop(self) -> tuple[int, str]:
        """Ctrl-C, as the user stops it: the exit code and everything it printed."""
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGINT)
        rest, _ = self.process.communicate(timeout=20)
        return self.process.returncode, "".join(self.lines) + rest


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return copy_project(tmp_path / "projekt")


@pytest.fixture
def server(project: Path) -> Iterator[Server]:
    running = Server(project / "cases" / "moede.yaml")
    try:
        yield running
    finally:
        if running.process.poll() is None:
            running.process.kill()
            running.process.communicate()


def version(body: str) -> int:
    return int(re.search(r'data-version="(\d+)"', body).group(1))  # type: ignore[union-attr]


def h1(body: str) -> str:
    return " ".join(lxml.html.document_fromstring(body).find(".//h1").text_content().split())


def test_it_serves_both_views_on_the_loopback_only(server: Server):
    assert server.url.startswith("http://127.0.0.1:")
    assert "Stop med Ctrl-C." in "".join(server.lines)
    status, index = server.get()
    assert status == 200 and h1(index) == "Dagsorden: Socialudvalget"
    assert "4. Lukket punkt" in index and CLOSED_TITLE not in index
    status, members = server.get(server.medlemmer)
    assert status == 200 and CLOSED_TITLE in members
    status, closed = server.get(server.medlemmer + "punkt-4.html")
    assert status == 200 and h1(closed) == f"4. {CLOSED_TITLE}"
    assert server.get("/punkt-4.html")[0] == 404
    status, missing = server.get("/findes-ikke.html")
    assert status == 404 and "Siden findes ikke" in missing
    # A name of another site pointed at this machine gets nothing (DNS rebinding).
    assert server.get("/", host="evil.example:80")[0] == 403
    # What the pages need and the page needs no script to be read.
    assert server.get("/style.css")[0] == 200
    assert "<script" in index and re.search(r'data-version="\d{19}"', index)
    code, output = server.stop()
    assert code == 0
    assert output.rstrip().endswith("Forhåndsvisningen er stoppet.")


def test_it_only_listens_on_127_0_0_1(server: Server):
    port = int(server.url.rsplit(":", 1)[1].strip("/"))
    lines = Path("/proc/net/tcp").read_text().splitlines()[1:]
    listening = [
        line.split()[1] for line in lines if line.split()[3] == "0A"
    ]  # 0A: LISTEN; local address as hex ip:port
    ours = [a for a in listening if int(a.split(":")[1], 16) == port]
    assert ours == ["0100007F:" + f"{port:04X}"]


def test_editing_a_case_rebuilds_the_page(server: Server, project: Path):
    sag = project / "cases" / "forebyggelse" / "sag.md"
    _, before = server.get("/punkt-2.html")
    assert h1(before) == "2. Deltagelse i Socialministeriets forebyggelsesprojekt"
    sag.write_text(
        sag.read_text("utf-8").replace(
            "titel: Deltagelse i Socialministeriets forebyggelsesprojekt",
            "titel: Deltagelse i forebyggelsesprojektet & mere",
        ),
        "utf-8",
    )
    after = server.wait_for("/punkt-2.html", "forebyggelsesprojektet &amp; mere")
    assert h1(after) == "2. Deltagelse i forebyggelsesprojektet & mere"
    assert version(after) > version(before)
    assert "Ændret: sag.md. Bygget igen: ingen problemer." in server.stop()[1]


def test_a_changed_workbook_changes_the_table(server: Server, project: Path):
    from openpyxl import load_workbook

    _, before = server.get("/punkt-2.html")
    assert '<td class="tal">590</td>' in before
    budget = project / "cases" / "forebyggelse" / "budget.xlsx"
    workbook = load_workbook(budget)
    changed = 0
    for row in workbook["Økonomi"].iter_rows():
        for cell in row:
            if cell.value in (590, -590):
                cell.value = 600 if cell.value > 0 else -600
                changed += 1
    assert changed == 2
    workbook.save(budget)
    after = server.wait_for("/punkt-2.html", '<td class="tal">600</td>')
    assert '<td class="tal">-600</td>' in after and '<td class="tal">700</td>' in after
    assert "0,70 mio. kr." in after or "0,7 mio. kr." in after


def test_a_broken_case_shows_its_file_and_line(server: Server, project: Path):
    sag = project / "cases" / "bif-sof" / "sag.md"
    text = sag.read_text("utf-8")
    sag.write_text(text.replace("## Løsning", "## Løsningen"), "utf-8")
    body = server.wait_for("/", "Mødet kan ikke bygges")
    tjek = CliRunner().invoke(main, ["tjek", str(project / "cases" / "moede.yaml")])
    expected = [" ".join(line.split()) for line in tjek.stderr.splitlines() if line.strip()]
    doc = lxml.html.document_fromstring(body)
    shown = [" ".join(li.text_content().split()) for li in doc.find_class("fejl")[0].iter("li")]
    assert shown == expected
    assert re.search(r"bif-sof/sag\.md, linje \d+: ", shown[0])
    assert doc.find(".//h1").text_content() == "Mødet kan ikke bygges"
    # The members' pages show it too; fixing the case brings the meeting back.
    assert "Mødet kan ikke bygges" in server.get(server.medlemmer + "punkt-2.html")[1]
    sag.write_text(text, "utf-8")
    server.wait_for("/", "Dagsorden: Socialudvalget")


def test_a_cpr_number_stops_the_public_view_only(server: Server, project: Path):
    sag = project / "cases" / "forebyggelse" / "sag.md"
    sag.write_text(
        sag.read_text("utf-8").replace(
            "## Videre proces", "Borgeren 010203-1234 klager.\n\n## Videre proces"
        ),
        "utf-8",
    )
    body = server.wait_for("/punkt-2.html", "Den offentlige udgave kan ikke offentliggøres")
    assert "010203-XXXX" in body and "010203-1234" not in body
    assert "offentlig/web/punkt-2.html" in body
    _, members = server.get(server.medlemmer + "punkt-2.html")
    assert "Borgeren 010203-1234 klager." in members
    # Not a byte of it anywhere public: meeting.json is refused, not served.
    status, data = server.get("/meeting.json")
    assert status == 503, data
    assert "010203-1234" not in data and "0102031234" not in data
    refusal = json.loads(data)
    assert refusal["fejl"] == "Den offentlige udgave kan ikke offentliggøres"
    assert any("offentlig/web/punkt-2.html" in line for line in refusal["problemer"])
    for path in ("/", "/index.html", "/punkt-1.html", "/punkt-2.html"):
        assert "010203-1234" not in server.get(path)[1], path


def test_a_port_in_use_is_a_danish_error(server: Server, project: Path):
    port = server.url.rsplit(":", 1)[1].strip("/")
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "dagsorden",
            "vis",
            str(project / "cases" / "moede.yaml"),
            "--port",
            port,
        ],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 1
    assert f"Fejl: Forhåndsvisningen kan ikke bruge port {port} på 127.0.0.1" in result.stderr
    assert "--port 0" in result.stderr and "Traceback" not in result.stderr


def test_a_missing_meeting_file(tmp_path: Path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["vis"])
    assert result.exit_code == 1
    assert "cases/moede.yaml: mødefilen findes ikke." in result.output


def test_the_build_in_memory_matches_the_published_site(project: Path, tmp_path: Path):
    """The preview's public pages are the pages `byg --html` writes, but for the banner
    and the file links (the preview writes no files)."""
    udgave = vis.byg_udgave(project / "cases" / "moede.yaml", 7)
    assert udgave.problemer == [] and udgave.offentlige_problemer == []
    ud = tmp_path / "ud"
    result = CliRunner().invoke(
        main, ["byg", str(project / "cases" / "moede.yaml"), "-o", str(ud), "--html", "--stille"]
    )
    assert result.exit_code == 0, result.output
    for name in ("index.html", "punkt-2.html", "punkt-1-bilag-1.html"):
        preview = lxml.html.document_fromstring(udgave.sider["/" + name])
        built = lxml.html.document_fromstring((ud / "offentlig" / "web" / name).read_bytes())
        for doc in (preview, built):
            for element in doc.xpath("//*[@class='forhaand'] | //script | //*[@class='hent']"):
                element.drop_tree()
            for element in doc.xpath("//a[starts-with(@href, 'filer/')]"):
                element.drop_tree()
        assert h1_of(preview) == h1_of(built)
        assert [t.text_content() for t in preview.iter("table")] == [
            t.text_content() for t in built.iter("table")
        ]


def h1_of(doc) -> str:
    return doc.find(".//h1").text_content()


def test_the_referat_preview_shows_the_decisions(project: Path):
    udgave = vis.byg_udgave(project / "cases" / "moede.yaml", 1, referat=True)
    assert udgave.problemer == []
    index = udgave.sider["/index.html"].decode()
    assert h1(index) == "Referat: Socialudvalget" and "Beslutning:" in index
    assert "Udvalget tog redegørelsen i klagesagen til efterretning." not in index
    members = udgave.sider["/medlemmer/index.html"].decode()
    assert "Udvalget tog redegørelsen i klagesagen til efterretning." in members


def test_the_members_view_has_a_secret_address(server: Server):
    """Any local user or process can reach 127.0.0.1: the closed punkter are only at
    the address printed to whoever started `vis`; the public pages never hold it."""
    assert re.fullmatch(r"/medlemmer-[\w-]{20,}/", server.medlemmer)
    for path in (
        "/medlemmer/",
        "/medlemmer/punkt-4.html",
        "/medlemmer/index.html",
        "/medlemmer-/punkt-4.html",
        "/medlemmer-x/punkt-4.html",
        "/medlemmer",
    ):
        status, body = server.get(path)
        assert status == 404, path
        assert CLOSED_TITLE not in body, path
    secret = server.medlemmer.strip("/")
    for path in ("/", "/punkt-1.html", "/punkt-4.html", "/findes-ikke.html", "/meeting.json"):
        assert secret not in server.get(path)[1], path
    # The bare name leads to its folder; a second run has another secret.
    status, body = server.get(server.medlemmer.rstrip("/"))
    assert status == 200 and CLOSED_TITLE in body
    output = server.stop()[1]
    assert "adressen er kun til dig" in output


def test_a_restarted_preview_has_a_new_version(project: Path):
    """A tab left open from the last run polls /__version: the new run's must differ."""
    first = Server(project / "cases" / "moede.yaml")
    try:
        _, before = first.get("/__version")
        medlemmer = first.medlemmer
    finally:
        first.stop()
    second = Server(project / "cases" / "moede.yaml")
    try:
        _, after = second.get("/__version")
        assert int(after) > int(before)
        assert second.medlemmer != medlemmer
    finally:
        second.stop()


def test_an_unreadable_folder_keeps_the_preview_alive(tmp_path: Path):
    """A folder the watcher can't read (here a link to /, reaching /proc): a Danish
    line names it, no traceback, and an edit still rebuilds the page."""
    project = copy_project(tmp_path / "projekt")
    (project / "cases" / "rod").symlink_to("/")
    running = Server(project / "cases" / "moede.yaml")
    try:
        sag = project / "cases" / "forebyggelse" / "sag.md"
        sag.write_text(
            sag.read_text("utf-8").replace(
                "titel: Deltagelse i Socialministeriets", "titel: ÆNDRET Deltagelse i"
            ),
            "utf-8",
        )
        running.wait_for("/punkt-2.html", "ÆNDRET Deltagelse i")
    finally:
        code, output = running.stop()
    assert "Traceback" not in output
    assert f"Advarsel: Mappen {(project / 'cases').resolve()} kan ikke overvåges: " in output
    assert "adgang nægtet" in output
    assert code == 0 and output.rstrip().endswith("Forhåndsvisningen er stoppet.")


def test_a_folder_and_one_problem_as_the_user_reads_them(project: Path):
    """`vis cases` takes the folder as `tjek` does; one problem is "1 problem"."""
    sag = project / "cases" / "bif-sof" / "sag.md"
    sag.write_text(sag.read_text("utf-8").replace("## Løsning", "## Løsningen"), "utf-8")
    running = Server(project / "cases")
    try:
        assert "Mødet har 1 problem; siden viser dem.\n" in running.lines
        body = running.get("/")[1]
        assert "1 problem fundet." in body and "1 problemer" not in body
    finally:
        running.stop()
    result = CliRunner().invoke(main, ["vis", str(project / "workbooks")])
    assert result.exit_code == 1
    assert f"{project / 'workbooks'}: mappen har ingen mødefil (moede.yaml)." in result.output
    assert "forkerte slags sti" not in result.output


def test_a_busy_port_is_said_before_the_meeting_is_read(project: Path, monkeypatch):
    import socket

    read: list[Path] = []
    monkeypatch.setattr(vis.Forhaandsvisning, "__init__", lambda self, m, **_: read.append(m))
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        with pytest.raises(vis.DagsordenError, match=f"kan ikke bruge port {port} på 127.0.0.1"):
            vis.vis(project / "cases" / "moede.yaml", port=port, skriv=print)
    assert read == []


def test_a_corrupt_workbook_is_one_problem(project: Path):
    """The budget is read for the front matter's 'oekonomi' and for the table in the
    text: the preview says it once."""
    (project / "cases" / "forebyggelse" / "budget.xlsx").write_bytes(b"PK\x03\x04 ikke en zip")
    udgave = vis.byg_udgave(project / "cases" / "moede.yaml", 1)
    budget = [line for line in udgave.problemer if "budget.xlsx" in line]
    assert len(budget) == 1, udgave.problemer
    assert "Filen kan ikke læses som en .xlsx-arbejdsbog" in budget[0]


def test_a_word_bilag_is_checked_as_byg_checks_it(project: Path, tmp_path: Path):
    """A bilag published as it is (a .docx of the user's) with a CPR number in it:
    `byg` refuses it, and the preview says the same line on the public pages."""
    from docx import Document

    brev = project / "cases" / "forebyggelse" / "bilag" / "brev.docx"
    brev.parent.mkdir(exist_ok=True)
    document = Document()
    document.core_properties.title = "Brev"
    document.add_paragraph("Brev fra borgeren 010203-1234 om projektet.")
    document.save(brev)
    sag = project / "cases" / "forebyggelse" / "sag.md"
    sag.write_text(
        sag.read_text("utf-8").replace(
            "oekonomi: budget.xlsx",
            "oekonomi: budget.xlsx\nbilag:\n  - titel: Brev\n    fil: bilag/brev.docx",
            1,
        ),
        "utf-8",
    )
    result = CliRunner().invoke(
        main, ["byg", str(project / "cases" / "moede.yaml"), "-o", str(tmp_path / "ud")]
    )
    assert result.exit_code == 1
    refused = [line for line in result.output.splitlines() if "010203-XXXX" in line]
    assert refused and all(str(brev) in line for line in refused), result.output
    udgave = vis.byg_udgave(project / "cases" / "moede.yaml", 1)
    assert udgave.problemer == []
    assert [p for p in udgave.offentlige_problemer if "010203-XXXX" in p] == refused
