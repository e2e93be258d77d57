"""`dagsorden vis`: the meeting as it will be published, live, while it is written.

A small web server on 127.0.0.1 (never another address) shows the pages `byg --html`
would publish (at /) and the members' view with the closed punkter (at /medlemmer/).
The pages are rendered in memory from a fresh read of the meeting, exactly as `tjek`
reads it (`byg.moede.plan` with a build folder that is never made), so nothing is
written anywhere. A watcher (watchfiles) rebuilds them when the meeting file, a
case, a workbook, a bilag, dagsorden.toml or a template changes, and a small script
on each page reloads it when the build has changed; the pages themselves need no
script. A problem shows on the page in Danish, one line each, as `tjek` prints it
(file and line, or sheet and cell); a CPR number the public set may not show stops
the public pages as it would stop `byg`.
"""

from __future__ import annotations

import contextlib
import http.server
import os
import tempfile
import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from dagsorden.errors import BuildError, CaseError, DagsordenError

VAERT = "127.0.0.1"
MEDLEMMER = "/medlemmer/"
VERSION = "/__version"
SCRIPT = "vis.js"
RELOAD_JS = """\
// dagsorden vis: reloads the page when the preview has been rebuilt.
(function () {
  var version = document.currentScript.getAttribute("data-version");
  function poll() {
    fetch("/__version", { cache: "no-store" })
      .then(function (r) { return r.text(); })
      .then(function (t) {
        if (t !== version) { location.reload(); return; }
        setTimeout(poll, 400);
      })
      .catch(function () { setTimeout(poll, 1500); });
  }
  setTimeout(poll, 400);
})();
"""


def problem_lines(error: DagsordenError) -> list[str]:
    """An error's lines as `dagsorden tjek` prints them."""
    problems = getattr(error, "problems", None)
    if problems:
        return [str(p) for p in problems]
    text = str(error)
    lines = text.splitlines() if isinstance(error, CaseError | BuildError) else [f"Fejl: {text}"]
    return lines or [text]


@dataclass
class Udgave:
    """One build of the preview: every path it serves, and the problems it found."""

    version: int
    sider: dict[str, bytes] = field(default_factory=dict)
    problemer: list[str] = field(default_factory=list)
    """Problems of the whole meeting: every page shows them."""
    offentlige_problemer: list[str] = field(default_factory=list)
    """Problems of the public set only (a CPR number): its pages show them."""
    stier: list[Path] = field(default_factory=list)
    """What the meeting reads: the watcher's folders are made from it."""


def _fejlside(titel: str, linjer: Iterable[str], *, medlemmer: bool, version: int) -> bytes:
    from dagsorden.dokumenter.html import fejlside

    return fejlside(
        titel, list(linjer), forhaandsvisning=_banner(medlemmer=medlemmer, version=version)
    ).encode("utf-8")


def _banner(*, medlemmer: bool, version: int) -> dict[str, Any]:
    return {
        "beskrivelse": (
            "medlemmernes udgave med de lukkede punkter; den offentliggøres ikke."
            if medlemmer
            else "sådan bliver den offentlige udgave, som 'dagsorden byg --html' skriver den."
        ),
        "visninger": [
            {"href": "/", "tekst": "Offentlig udgave", "aktiv": not medlemmer},
            {"href": MEDLEMMER, "tekst": "Medlemmernes udgave", "aktiv": medlemmer},
        ],
        "script": SCRIPT,
        "version": str(version),
    }


def byg_udgave(moedefil: Path, version: int, *, referat: bool = False) -> Udgave:
    """Reads the meeting as `tjek` does and renders both views in memory. Never
    raises a DagsordenError: its lines go on the Udgave, for the pages to show."""
    from dagsorden.byg import moede as bygning
    from dagsorden.byg import web
    from dagsorden.dokumenter import html
    from dagsorden.kilder.config import find_projektfiler, load_config

    udgave = Udgave(version, stier=[moedefil])
    ud = Path(tempfile.gettempdir()) / f".dagsorden-vis-{os.getpid()}-findes-ikke"
    try:
        projekt = find_projektfiler(moedefil)
        udgave.stier += [p for p in (projekt.config, projekt.skabeloner) if p is not None]
        plan = bygning.plan(
            moedefil,
            ud,
            load_config(projekt.config),
            referat=referat,
            skabelonmappe=projekt.skabeloner,
        )
        udgave.stier += plan.inddata
        budgets, reports = plan.kilder.budgets, plan.kilder.reports
        offentlig = bygning._public_view(plan.moede)
        public_pages, data = html.render_site(
            offentlig,
            budgets,
            reports,
            referat=referat,
            offentlig=True,
            forhaandsvisning=_banner(medlemmer=False, version=version),
            notater=plan.kilder.notater,
        )
        member_pages, _ = html.render_site(
            plan.moede,
            budgets,
            reports,
            referat=referat,
            offentlig=False,
            forhaandsvisning=_banner(medlemmer=True, version=version),
            notater=plan.kilder.notater,
        )
        meeting = html.moede_json(offentlig, data["punkter"], html.Webfiler(), referat=referat)
        tilladt = {p.nummer: bygning._tilladt(plan, p) for p in plan.moede.punkter if not p.lukket}
        udgave.offentlige_problemer = web.check_site(
            offentlig, public_pages, meeting, tilladt=tilladt, moedefil=str(plan.moede.fil)
        )
    except DagsordenError as error:
        udgave.problemer = problem_lines(error)
        return udgave
    stil = html.stil().encode("utf-8")
    script = RELOAD_JS.encode("utf-8")
    for prefix, pages in (("/", public_pages), (MEDLEMMER, member_pages)):
        for side in pages:
            udgave.sider[prefix + side.navn] = side.html.encode("utf-8")
        udgave.sider[prefix + html.STIL] = stil
        udgave.sider[prefix + SCRIPT] = script
    import json

    udgave.sider["/meeting.json"] = json.dumps(meeting, ensure_ascii=False, indent=2).encode()
    return udgave


def _count(lines: list[str]) -> list[str]:
    n = len(lines)
    return [*lines, f"{n} {'problem' if n == 1 else 'problemer'} fundet."]


class Forhaandsvisning:
    """The preview's state: the latest build, rebuilt on demand, safe across threads."""

    def __init__(self, moedefil: Path, *, referat: bool = False) -> None:
        self.moedefil = moedefil
        self.referat = referat
        self._lock = threading.Lock()
        self._version = 1
        self.klar = threading.Event()
        """Set once the watcher watches: a change from then on is seen."""
        self.kendte: set[Path] = {moedefil}
        """Everything any build read: a failed build reads less, and the files it
        could not reach yet are still watched."""
        self.udgave = byg_udgave(moedefil, 1, referat=referat)
        self.kendte.update(self.udgave.stier)
        self.aftryk = _aftryk(self.kendte)

    def genbyg(self) -> Udgave:
        """A new build; the pages show it from now on."""
        with self._lock:
            self._version += 1
            aftryk = _aftryk(self.kendte)
            self.udgave = byg_udgave(self.moedefil, self._version, referat=self.referat)
            self.kendte.update(self.udgave.stier)
            self.aftryk = aftryk
            return self.udgave

    def aendret(self) -> bool:
        """Whether what the builds read has changed since the latest one (while the
        watcher starts, nothing else would tell)."""
        return _aftryk(self.kendte) != self.aftryk

    def roedder(self) -> list[Path]:
        """The folders to watch."""
        return _rodmapper(self.kendte)

    def svar(self, sti: str) -> tuple[int, str, bytes]:
        """(HTTP status, content type, body) for a GET of `sti`."""
        udgave = self.udgave
        sti = sti.split("?", 1)[0].split("#", 1)[0]
        if sti == VERSION:
            return 200, "text/plain; charset=utf-8", str(udgave.version).encode()
        if sti in ("", "/"):
            sti = "/index.html"
        elif sti == MEDLEMMER:
            sti = MEDLEMMER + "index.html"
        medlemmer = sti.startswith(MEDLEMMER)
        side = sti[len(MEDLEMMER) :] if medlemmer else sti.lstrip("/")
        if side in (SCRIPT, "style.css"):
            from dagsorden.dokumenter.html import stil

            body = RELOAD_JS.encode() if side == SCRIPT else stil().encode()
            kind = "text/javascript" if side == SCRIPT else "text/css"
            return 200, f"{kind}; charset=utf-8", body
        problemer = udgave.problemer or ([] if medlemmer else udgave.offentlige_problemer)
        if problemer and side.endswith(".html"):
            titel = (
                "Mødet kan ikke bygges"
                if udgave.problemer
                else "Den offentlige udgave kan ikke offentliggøres"
            )
            return (
                200,
                "text/html; charset=utf-8",
                _fejlside(titel, _count(problemer), medlemmer=medlemmer, version=udgave.version),
            )
        found = udgave.sider.get(sti)
        if found is None:
            return (
                404,
                "text/html; charset=utf-8",
                _fejlside(
                    "Siden findes ikke",
                    [f"{sti}: der er ingen side med det navn i mødet."],
                    medlemmer=medlemmer,
                    version=udgave.version,
                ),
            )
        kind = "application/json" if sti.endswith(".json") else "text/html; charset=utf-8"
        return 200, kind, found


def _aftryk(stier: Iterable[Path]) -> dict[str, tuple[int, int]]:
    """(modification time, size) of every file under `stier`: what a build read."""
    result: dict[str, tuple[int, int]] = {}
    for sti in stier:
        files = sti.rglob("*") if sti.is_dir() else [sti]
        for fil in files:
            with contextlib.suppress(OSError):
                stat = fil.stat()
                result[str(fil)] = (stat.st_mtime_ns, stat.st_size)
    return result


def _handler(visning: Forhaandsvisning) -> type:
    class Handler(http.server.BaseHTTPRequestHandler):
        server_version = "dagsorden-vis"

        def do_GET(self) -> None:
            self._answer(body=True)

        def do_HEAD(self) -> None:
            self._answer(body=False)

        def _answer(self, *, body: bool) -> None:
            # Only this machine's own names: a page elsewhere that points a name of
            # its own at 127.0.0.1 (DNS rebinding) gets nothing.
            host = (self.headers.get("Host") or "").rsplit(":", 1)[0]
            if host not in (VAERT, "localhost"):
                status, kind, data = 403, "text/plain; charset=utf-8", b"Forbidden"
            elif self.path.split("?")[0] == MEDLEMMER.rstrip("/"):
                # Relative links work from the folder, not from its bare name.
                self.send_response(301)
                self.send_header("Location", MEDLEMMER)
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            else:
                status, kind, data = visning.svar(self.path)
            self.send_response(status)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(data)))
            self.send_header("Cache-Control", "no-store")
            self.send_header("X-Content-Type-Options", "nosniff")
            self.end_headers()
            if body:
                self.wfile.write(data)

        def handle(self) -> None:
            # A browser that reloads or closes mid-answer is no problem of ours.
            with contextlib.suppress(BrokenPipeError, ConnectionResetError):
                super().handle()

        def log_message(self, format: str, *args: Any) -> None:
            pass  # the terminal shows what the secretary needs, not every request

    return Handler


def _rodmapper(stier: Iterable[Path]) -> list[Path]:
    """The fewest folders that hold every path (a folder itself, a file's folder)."""
    mapper = set()
    for sti in stier:
        with contextlib.suppress(OSError):
            sti = sti.resolve()
        mappe = sti if sti.is_dir() else sti.parent
        if mappe.is_dir():
            mapper.add(mappe)
    roots: list[Path] = []
    for mappe in sorted(mapper, key=lambda p: len(p.parts)):
        if not any(mappe.is_relative_to(r) for r in roots):
            roots.append(mappe)
    return roots


def _relevant(change: Any, path: str) -> bool:
    """A change worth a rebuild: not an editor's or Office's lock and backup files."""
    from watchfiles import DefaultFilter

    name = os.path.basename(path)
    if name.startswith(("~$", ".~lock.", ".#")) or name.endswith(("~", ".swp", ".tmp")):
        return False
    return bool(DefaultFilter()(change, path))


def overvaag(
    visning: Forhaandsvisning, stop: threading.Event, skriv: Callable[[str], None]
) -> None:
    """Rebuilds the preview on every change of what the meeting reads, until `stop`.
    The folders watched follow the latest build (a new case folder is watched once
    the meeting file names it)."""
    from watchfiles import watch

    while not stop.is_set():
        roots = visning.roedder()
        started = False
        for changes in watch(
            *roots,
            watch_filter=_relevant,
            stop_event=stop,
            debounce=300,
            step=50,
            rust_timeout=300,
            yield_on_timeout=True,
            raise_interrupt=False,
        ):
            if not changes:
                if not started:
                    # Watching now: what changed while it started is built first.
                    started = True
                    if visning.aendret():
                        rapport(visning.genbyg(), [], skriv)
                    visning.klar.set()
                if visning.roedder() != roots:
                    break
                continue
            rapport(visning.genbyg(), sorted({os.path.basename(p) for _, p in changes}), skriv)
            if visning.roedder() != roots:
                break


def rapport(udgave: Udgave, navne: list[str], skriv: Callable[[str], None]) -> None:
    """One line in the terminal per rebuild: what changed and how it went."""
    if udgave.problemer:
        status = (
            f"{len(udgave.problemer)} {'problem' if len(udgave.problemer) == 1 else 'problemer'}"
        )
    elif udgave.offentlige_problemer:
        status = f"{len(udgave.offentlige_problemer)} problemer i den offentlige udgave"
    else:
        status = "ingen problemer"
    skriv(f"Ændret: {', '.join(navne) or 'filer'}. Bygget igen: {status}.")


def vis(
    moedefil: Path, *, port: int = 8000, referat: bool = False, skriv: Callable[[str], None]
) -> None:
    """Serves the preview until Ctrl-C (or SIGTERM); prints its address first."""
    import signal

    visning = Forhaandsvisning(moedefil, referat=referat)
    try:
        server = http.server.ThreadingHTTPServer((VAERT, port), _handler(visning))
    except OSError as exc:
        raise DagsordenError(
            f"Forhåndsvisningen kan ikke bruge port {port} på {VAERT} ({exc.strerror or exc}). "
            "Vælg en anden med --port, fx --port 8001 (--port 0: en ledig port)."
        ) from exc
    server.daemon_threads = True
    stop = threading.Event()
    watcher = threading.Thread(target=overvaag, args=(visning, stop, skriv), daemon=True)
    watcher.start()
    visning.klar.wait(timeout=10)
    adresse = f"http://{VAERT}:{server.server_address[1]}/"
    udgave = visning.udgave
    if udgave.problemer:
        skriv(f"Mødet har {len(udgave.problemer)} problemer; siden viser dem.")
    skriv(
        f"Forhåndsvisning af {moedefil} på {adresse} "
        f"(medlemmernes udgave: {adresse[:-1]}{MEDLEMMER})"
    )
    skriv("Siden bygges igen, når du gemmer. Stop med Ctrl-C.")

    def on_term(_signum: int, _frame: object) -> None:
        raise KeyboardInterrupt

    previous = signal.signal(signal.SIGTERM, on_term)
    try:
        server.serve_forever(poll_interval=0.2)
    except KeyboardInterrupt:
        pass
    finally:
        signal.signal(signal.SIGTERM, previous)
        stop.set()
        server.server_close()
        watcher.join(timeout=5)
    skriv("Forhåndsvisningen er stoppet.")


__all__ = ["Forhaandsvisning", "Udgave", "byg_udgave", "problem_lines", "vis"]
