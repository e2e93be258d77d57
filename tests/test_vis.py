"""`dagsorden vis`: the live preview, over HTTP as a browser asks for it.

The server runs as the user starts it (`dagsorden vis --port 0` in a subprocess, in a
copy of the bundled project); the tests read the address it prints, fetch pages with
urllib, edit a case and see the page change, break it and see the problem with its
file and line (the same lines `dagsorden tjek` prints), and stop it with Ctrl-C.
The browser's view (axe-core, live reload in a real page) is tests/test_web_browser.py.
"""

from __future__ import annotations

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


def h1(body: str) -> str:
    return " ".join(lxml.html.document_fromstring(body).find(".//h1").text_content().split())


def test_it_serves_both_views_on_the_loopback_only(server: Server):
    assert server.url.startswith("http://127.0.0.1:")
    assert "Stop med Ctrl-C." in "".join(server.lines)
    status, index = server.get()
    assert status == 200 and h1(index) == "Dagsorden: Socialudvalget"
    assert "4. Lukket punkt" in index and CLOSED_TITLE not in index
    status, members = server.get("/medlemmer/")
    assert status == 200 and CLOSED_TITLE in members
    status, closed = server.get("/medlemmer/punkt-4.html")
    assert status == 200 and h1(closed) == f"4. {CLOSED_TITLE}"
    assert server.get("/punkt-4.html")[0] == 404
    status, missing = server.get("/findes-ikke.html")
    assert status == 404 and "Siden findes ikke" in missing
    # A name of another site pointed at this machine gets nothing (DNS rebinding).
    assert server.get("/", host="evil.example:80")[0] == 403
    # What the pages need and the page needs no script to be read.
    assert server.get("/style.css")[0] == 200
    assert "<script" in index and 'data-version="1"' in index
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
    assert 'data-version="1"' not in after
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
    assert "Mødet kan ikke bygges" in server.get("/medlemmer/punkt-2.html")[1]
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
    _, members = server.get("/medlemmer/punkt-2.html")
    assert "Borgeren 010203-1234 klager." in members


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
