"""The published site and the live preview in a real browser, checked by axe-core.

Debian's headless Chromium (/usr/bin/chromium), driven by Playwright (no browser of
its own is downloaded), opens the site `byg --html` writes, served over HTTP on
127.0.0.1, and the preview `dagsorden vis` serves; it follows every link from the
front page and runs axe-core (tests/browser/, from the npm registry) on every page
with the WCAG 2.1 A and AA rules: no violation is allowed. It also reads every page
with JavaScript off, checks that the skip link is the first stop of the keyboard
and shows its focus, that nothing but a table's own box scrolls sideways at 320 and
640 CSS pixels wide (a phone; 200 % and 400 % zoom of a 1280 px window), and watches
a page of the preview change when a case is edited.

`scripts/ensure-browser` installs Chromium and axe-core; without them these tests
fail and say so, rather than skip.
"""

from __future__ import annotations

import functools
import http.server
import json
import shutil
import threading
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urldefrag, urljoin, urlsplit

import pytest
from click.testing import CliRunner
from test_vis import Server, copy_project

from dagsorden.cli import main

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[1]
AXE = ROOT / "tests" / "browser" / "node_modules" / "axe-core" / "axe.min.js"
WCAG_21_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
"""The network is closed: without these Chromium waits on connections it can't make."""
CLOSED_TITLE = "Klage over afgørelse om botilbud"
MISSING = (
    "{what} mangler: kør scripts/ensure-browser og prøv igen. / "
    "{what} is missing: run scripts/ensure-browser and try again."
)


@pytest.fixture(scope="session")
def chromium() -> str:
    path = shutil.which("chromium")
    if path is None:
        pytest.fail(MISSING.format(what="Chromium (chromium)"), pytrace=False)
    return path


@pytest.fixture(scope="session")
def axe_source() -> str:
    if not AXE.is_file():
        pytest.fail(MISSING.format(what="axe-core (tests/browser/node_modules)"), pytrace=False)
    return AXE.read_text("utf-8")


@pytest.fixture(scope="session")
def browser(chromium: str) -> Iterator[object]:
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:  # pragma: no cover - a dev dependency
        pytest.fail(MISSING.format(what="Playwright"), pytrace=False)
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=chromium, args=CHROMIUM_FLAGS)
        yield launched
        launched.close()


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Iterator[str]:
    """The bundled meeting built with --html --pdf, its web/ served on 127.0.0.1."""
    project = copy_project(tmp_path_factory.mktemp("projekt"))
    yield from _serve(project, "--pdf")


LONG_WORD = "Ældreboligplejehjemsbevillingsområdeomkostningsfordelingsnøglen"
"""A Danish compound word wider than a phone."""


@pytest.fixture(scope="module")
def long_site(tmp_path_factory) -> Iterator[str]:
    """The bundled meeting with the long word in punkt 2's title (its h1, the front
    page and the neighbours' "Forrige/Næste" links) and a list twelve levels deep."""
    project = copy_project(tmp_path_factory.mktemp("lang"))
    sag = project / "cases" / "forebyggelse" / "sag.md"
    deep = "\n".join("  " * i + f"- niveau {i} med noget tekst der skal brydes" for i in range(12))
    sag.write_text(
        sag.read_text("utf-8")
        .replace("titel: Deltagelse i", f"titel: {LONG_WORD} og deltagelse i", 1)
        .replace("## Videre proces", f"{deep}\n\n## Videre proces", 1),
        "utf-8",
    )
    yield from _serve(project)


def _serve(project: Path, *flags: str) -> Iterator[str]:
    ud = project / "ud"
    result = CliRunner().invoke(
        main, ["byg", str(project / "cases" / "moede.yaml"), "-o", str(ud), "--html", *flags]
    )
    assert result.exit_code == 0, result.output
    handler = functools.partial(Quiet, directory=str(ud / "offentlig" / "web"))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


class Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


def run_axe(page, axe_source: str) -> list[dict]:
    page.add_script_tag(content=axe_source)
    result = page.evaluate(
        "async (tags) => await axe.run(document, {runOnly: {type: 'tag', values: tags}})",
        WCAG_21_AA,
    )
    return [
        {
            "id": v["id"],
            "help": v["help"],
            "where": [n["target"] for n in v["nodes"]][:5],
            "html": [n["html"][:200] for n in v["nodes"]][:3],
        }
        for v in result["violations"]
    ]


def crawl(page, start: str, axe_source: str, prefix: str) -> tuple[dict[str, list], set[str]]:
    """Every page reachable from `start` under `prefix`: its axe violations; and every
    other file it links to (fetched: it must answer 200)."""
    todo, seen, files = [start], set(), set()
    violations: dict[str, list] = {}
    while todo:
        url = todo.pop(0)
        if url in seen:
            continue
        seen.add(url)
        response = page.goto(url)
        assert response is not None and response.status == 200, url
        violations[url] = run_axe(page, axe_source)
        hrefs = page.eval_on_selector_all("a[href]", "as => as.map(a => a.getAttribute('href'))")
        for href in hrefs:
            target, fragment = urldefrag(urljoin(url, href))
            if fragment and target == url:
                assert page.locator(f"[id='{fragment}']").count() == 1, (url, href)
                continue
            if not target.startswith(prefix):
                continue
            if urlsplit(target).path.endswith((".html", "/")):
                todo.append(target)
            else:
                files.add(target)
    for target in sorted(files):
        response = page.request.get(target)
        assert response.status == 200, target
    return violations, seen


def test_every_page_of_the_site_passes_axe(browser, site: str, axe_source: str):
    page = browser.new_page()
    violations, seen = crawl(page, site + "index.html", axe_source, site)
    assert {urlsplit(u).path for u in seen} == {
        "/index.html",
        "/punkt-1.html",
        "/punkt-1-bilag-1.html",
        "/punkt-2.html",
        "/punkt-3.html",
        "/punkt-3-bilag-1.html",
        "/punkt-3-bilag-2.html",
        "/punkt-3-bilag-3.html",
    }
    assert {u: v for u, v in violations.items() if v} == {}, json.dumps(violations, indent=1)
    data = json.loads(page.request.get(site + "meeting.json").text())
    assert data["punkter"][3] == {"nummer": 4, "titel": "Lukket punkt", "lukket": True}
    page.close()


@pytest.mark.parametrize("width", [320, 390, 640])
def test_pages_reflow_at_phone_width_and_zoom(browser, site: str, width: int):
    """320 CSS px is a 1280 px window at 400 %, 640 px at 200 % (WCAG 1.4.10): only
    a wide table scrolls, inside its own box that the keyboard can reach."""
    page = browser.new_page(viewport={"width": width, "height": 900})
    for name in ("index.html", "punkt-2.html", "punkt-1-bilag-1.html"):
        page.goto(site + name)
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 0, (name, width, overflow)
        h1 = page.locator("h1")
        assert h1.is_visible() and h1.bounding_box()["width"] <= width
    page.close()


@pytest.mark.parametrize("width", [320, 390])
def test_a_long_word_and_a_deep_list_reflow_at_320_px(browser, long_site: str, width: int):
    """The long title breaks in the h1, on the front page and in the neighbours'
    links; the twelve-level list fits; a table's title stands whole above its
    scrolling box (not cut off by it)."""
    page = browser.new_page(viewport={"width": width, "height": 900})
    for name in ("index.html", "punkt-1.html", "punkt-2.html", "punkt-3.html"):
        page.goto(long_site + name)
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 0, (name, width, overflow)
        assert LONG_WORD in page.locator("main").inner_text(), name
    page.goto(long_site + "punkt-2.html")
    assert page.locator("main " + " ".join(["li"] * 12)).count() == 1
    title = page.locator("p.tabeltitel").first
    box = title.bounding_box()
    assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= width
    assert title.inner_text().startswith("Tabel 1. Ændring af indtægts-")
    region = page.locator("div.tabel").first
    assert title.evaluate("(e, r) => !r.contains(e)", region.element_handle())
    page.close()


def test_the_skip_link_is_the_first_stop_and_shows_its_focus(browser, site: str):
    page = browser.new_page()
    page.goto(site + "punkt-2.html")
    page.keyboard.press("Tab")
    focused = page.evaluate(
        "() => { const e = document.activeElement; const s = getComputedStyle(e);"
        " const r = e.getBoundingClientRect();"
        " return {text: e.textContent, href: e.getAttribute('href'), outline: s.outlineStyle,"
        " width: s.outlineWidth, top: r.top, bottom: r.bottom}; }"
    )
    assert focused["text"] == "Spring til indholdet" and focused["href"] == "#indhold"
    assert focused["outline"] == "solid" and focused["width"] == "3px"
    assert focused["top"] >= 0 and focused["bottom"] > focused["top"]
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "indhold"
    page.close()


def test_every_page_reads_without_javascript(browser, site: str):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    for name in ("index.html", "punkt-1.html", "punkt-2.html", "punkt-1-bilag-1.html"):
        page.goto(site + name)
        assert page.locator("h1").inner_text().strip()
        assert page.locator("main").inner_text().count("\n") > 5
    page.goto(site + "punkt-2.html")
    table = page.locator("table.oekonomi")
    assert table.locator("caption").inner_text().startswith("Tabel 1. Ændring af indtægts-")
    assert table.locator("tbody tr").nth(0).inner_text().split() == [
        "Indtægtsbudget",
        "-100",
        "-590",
        "-690",
    ]
    context.close()


def test_the_preview_passes_axe_and_follows_an_edit(browser, axe_source: str, tmp_path: Path):
    project = copy_project(tmp_path / "projekt")
    server = Server(project / "cases" / "moede.yaml")
    try:
        page = browser.new_page()
        public, seen = crawl(page, server.url, axe_source, server.url)
        assert {u: v for u, v in public.items() if v} == {}, json.dumps(public, indent=1)
        # The public pages never lead to the members' view: its address is a secret.
        assert not any("medlemmer" in url for url in seen), seen
        medlemmer = server.url[:-1] + server.medlemmer
        members, seen_members = crawl(page, medlemmer, axe_source, medlemmer)
        assert medlemmer + "punkt-4.html" in seen_members
        assert {u: v for u, v in members.items() if v} == {}, json.dumps(members, indent=1)

        # The secretary edits a case; the open page changes by itself.
        page.goto(server.url + "punkt-2.html")
        assert page.locator("h1").inner_text() == (
            "2. Deltagelse i Socialministeriets forebyggelsesprojekt"
        )
        sag = project / "cases" / "forebyggelse" / "sag.md"
        text = sag.read_text("utf-8")
        sag.write_text(
            text.replace(
                "titel: Deltagelse i Socialministeriets forebyggelsesprojekt",
                "titel: Deltagelse i forebyggelsesprojektet <nu> & mere",
            ),
            "utf-8",
        )
        page.locator("h1", has_text="forebyggelsesprojektet <nu> & mere").wait_for(timeout=30_000)
        assert (
            page.locator("h1").inner_text() == "2. Deltagelse i forebyggelsesprojektet <nu> & mere"
        )

        # A mistake shows on the page, with the file and line, and passes axe too.
        sag.write_text(text.replace("## Løsning", "## Løsningen"), "utf-8")
        page.locator("h1", has_text="Mødet kan ikke bygges").wait_for(timeout=30_000)
        problem = page.locator(".fejl li").first.inner_text()
        assert "forebyggelse/sag.md, linje " in problem and "Løsning" in problem
        assert run_axe(page, axe_source) == []
        page.close()
    finally:
        code, output = server.stop()
    assert code == 0, output
    assert "Forhåndsvisningen er stoppet." in output


def test_axe_finds_what_it_must(browser, axe_source: str):
    """The harness itself: a page without a language, an image without alt text and
    grey on white is found out, so the zero above means something."""
    page = browser.new_page()
    page.set_content(
        "<html><head><title>x</title></head><body><main><h1>x</h1><img src='a.png'>"
        "<p style='color:#bbb'>svag tekst</p></main></body></html>"
    )
    found = {v["id"] for v in run_axe(page, axe_source)}
    assert {"html-has-lang", "image-alt", "color-contrast"} <= found
    page.close()
