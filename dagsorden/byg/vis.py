"""`dagsorden vis`: the meeting as it will be published, live, while it is written.

A small web server on 127.0.0.1 (never another address) shows the pages `byg --html`
would publish (at /) and the members' view with the closed punkter at a path with a
random secret in it (/medlemmer-<hemmelighed>/), printed only to the user who started
`vis`: every local user and process can reach 127.0.0.1, and the closed punkter are
not theirs to read.
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
import secrets
import tempfile
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from dagsorden.errors import BuildError, CaseError, DagsordenError

VAERT = "127.0.0.1"
MEDLEMMER = "/medlemmer/"
"""The members' view's path in a build made without a server (tests, `byg_udgave`)."""
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
        # A workbook read twice (the front matter's 'oekonomi' and the text's table)
        # is one problem to the reader: each line once, in order.
        return list(dict.fromkeys(str(p) for p in problems))
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


def _fejlside(titel: str, linjer: Iterable[str], *, medlemmer: str | None, version: int) -> bytes:
    from dagsorden.dokumenter.html import fejlside

    return fejlside(
        titel, list(linjer), forhaandsvisning=_banner(medlemmer=medlemmer, version=version)
    ).encode("utf-8")


def _banner(*, medlemmer: str | None, version: int) -> dict[str, Any]:
    """The preview's banner. `medlemmer` is the members' path on a members' page,
    None on a public page: a public page never holds the members' secret address."""
    visninger = [{"href": "/", "tekst": "Offentlig udgave", "aktiv": medlemmer is None}]
    if medlemmer is not None:
        visninger.append({"href": medlemmer, "tekst": "Medlemmernes udgave", "aktiv": True})
    return {
        "beskrivelse": (
            "medlemmernes udgave med de lukkede punkter; den offentliggøres ikke."
            if medlemmer is not None
            else "sådan bliver den offentlige udgave, som 'dagsorden byg --html' skriver den. "
            "Medlemmernes udgave har sin egen adresse; den står i terminalen, hvor "
            "'dagsorden vis' blev startet."
        ),
        "visninger": visninger,
        "script": SCRIPT,
        "version": str(version),
    }


def byg_udgave(
    moedefil: Path, version: int, *, referat: bool = False, medlemmer: str = MEDLEMMER
) -> Udgave:
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
        offentlig = bygning.public_view(plan.moede)
        public_pages, data = html.render_site(
            offentlig,
            budgets,
            reports,
            referat=referat,
            offentlig=True,
            forhaandsvisning=_banner(medlemmer=None, version=version),
            notater=plan.kilder.notater,
        )
        member_pages, _ = html.render_site(
            plan.moede,
            budgets,
            reports,
            referat=referat,
            offentlig=False,
            forhaandsvisning=_banner(medlemmer=medlemmer, version=version),
            notater=plan.kilder.notater,
        )
        meeting = html.moede_json(offentlig, data["punkter"], html.Webfiler(), referat=referat)
        tilladt = {
            p.nummer: bygning.tilladt_cpr(plan, p) for p in plan.moede.punkter if not p.lukket
        }
        udgave.offentlige_problemer = _kopibilag(plan.moede, tilladt) + web.check_site(
            offentlig, public_pages, meeting, tilladt=tilladt, moedefil=str(plan.moede.fil)
        )
    except DagsordenError as error:
        udgave.problemer = problem_lines(error)
        return udgave
    stil = html.stil().encode("utf-8")
    script = RELOAD_JS.encode("utf-8")
    for prefix, pages in (("/", public_pages), (medlemmer, member_pages)):
        for side in pages:
            udgave.sider[prefix + side.navn] = side.html.encode("utf-8")
        udgave.sider[prefix + html.STIL] = stil
        udgave.sider[prefix + SCRIPT] = script
    import json

    udgave.sider["/meeting.json"] = json.dumps(meeting, ensure_ascii=False, indent=2).encode()
    return udgave


def _kopibilag(moede: Any, tilladt: dict[int, dict[str, str]]) -> list[str]:
    """The public set's checks of the bilag published as they are (a .docx, .pdf or
    .xlsx of the user's), as `byg` makes them: a copy with its authoring metadata
    stripped, searched for CPR numbers and checked for what a screen reader needs.
    The copy is in a temporary folder, removed at once: the preview writes nothing
    the user sees."""
    import shutil

    from dagsorden.byg import tilgaengelighed
    from dagsorden.byg.persondata import Offentlig, check_public_set, strip_metadata
    from dagsorden.kerne.sager import Bilagsart

    problems: list[str] = []
    with tempfile.TemporaryDirectory(prefix=".dagsorden-vis-") as temp:
        for punkt in moede.punkter:
            if punkt.sag is None or punkt.lukket:
                continue
            for bilag in punkt.bilag:
                if bilag.art is not Bilagsart.KOPI or not bilag.kilde.is_file():
                    continue
                navn = f"{punkt.nummer}-{punkt.sag.navn}-bilag-{bilag.nummer}{bilag.kilde.suffix}"
                kopi = Path(temp) / navn
                item = Offentlig(kopi, f"offentlig/{navn}", str(bilag.kilde), tilladt[punkt.nummer])
                try:
                    shutil.copyfile(bilag.kilde, kopi)
                    strip_metadata(kopi)
                except (OSError, DagsordenError) as exc:
                    problems.append(
                        f"{item.sted()}: Filen kan ikke renses for forfatteroplysninger "
                        f"({exc}), så den kan ikke offentliggøres."
                    )
                    continue
                problems += check_public_set([item]) + tilgaengelighed.check_public_set([item])
    return problems


def _count(lines: list[str]) -> list[str]:
    return [*lines, f"{_antal(len(lines))} fundet."]


class Forhaandsvisning:
    """The preview's state: the latest build, rebuilt on demand, safe across threads."""

    def __init__(self, moedefil: Path, *, referat: bool = False) -> None:
        self.moedefil = moedefil
        self.referat = referat
        self.medlemmer = f"/medlemmer-{secrets.token_urlsafe(18)}/"
        """The members' path: its secret is known only to whoever reads the terminal."""
        self._lock = threading.Lock()
        # Unique per server run: a tab left open from the previous run sees a new
        # version and reloads (a counter from 1 would match the old tab's number).
        self._version = time.time_ns()
        self.klar = threading.Event()
        """Set once the watcher watches: a change from then on is seen."""
        self.kendte: set[Path] = {moedefil}
        """Everything any build read: a failed build reads less, and the files it
        could not reach yet are still watched."""
        self.udgave = byg_udgave(moedefil, self._version, referat=referat, medlemmer=self.medlemmer)
        self.kendte.update(self.udgave.stier)
        self.aftryk = _aftryk(self.kendte)

    def genbyg(self) -> Udgave:
        """A new build; the pages show it from now on."""
        with self._lock:
            self._version += 1
            aftryk = _aftryk(self.kendte)
            self.udgave = byg_udgave(
                self.moedefil, self._version, referat=self.referat, medlemmer=self.medlemmer
            )
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
        elif sti == self.medlemmer:
            sti = self.medlemmer + "index.html"
        medlemmer = sti.startswith(self.medlemmer)
        banner = self.medlemmer if medlemmer else None
        side = sti[len(self.medlemmer) :] if medlemmer else sti.lstrip("/")
        if side in (SCRIPT, "style.css"):
            from dagsorden.dokumenter.html import stil

            body = RELOAD_JS.encode() if side == SCRIPT else stil().encode()
            kind = "text/javascript" if side == SCRIPT else "text/css"
            return 200, f"{kind}; charset=utf-8", body
        problemer = udgave.problemer or ([] if medlemmer else udgave.offentlige_problemer)
        if problemer and (side.endswith((".html", ".json")) or sti in udgave.sider):
            titel = (
                "Mødet kan ikke bygges"
                if udgave.problemer
                else "Den offentlige udgave kan ikke offentliggøres"
            )
            if not side.endswith(".html"):
                # meeting.json (or any file that isn't a page): never its content,
                # a CPR number the pages may not show is in it too.
                import json

                fejl = {"fejl": titel, "problemer": problemer}
                body = json.dumps(fejl, ensure_ascii=False, indent=2).encode("utf-8")
                return 503, "application/json; charset=utf-8", body
            return (
                200,
                "text/html; charset=utf-8",
                _fejlside(titel, _count(problemer), medlemmer=banner, version=udgave.version),
            )
        found = udgave.sider.get(sti)
        if found is None:
            return (
                404,
                "text/html; charset=utf-8",
                _fejlside(
                    "Siden findes ikke",
                    [f"{sti}: der er ingen side med det navn i mødet."],
                    medlemmer=banner,
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


def _handler(holder: list[Forhaandsvisning]) -> type:
    """The request handler; `holder` gets the preview once the meeting is read (the
    port is bound before, and nothing is served until `serve_forever`)."""

    class Handler(http.server.BaseHTTPRequestHandler):
        server_version = "dagsorden-vis"

        def do_GET(self) -> None:
            self._answer(body=True)

        def do_HEAD(self) -> None:
            self._answer(body=False)

        def _answer(self, *, body: bool) -> None:
            visning = holder[0]
            # Only this machine's own names: a page elsewhere that points a name of
            # its own at 127.0.0.1 (DNS rebinding) gets nothing.
            host = (self.headers.get("Host") or "").rsplit(":", 1)[0]
            if host not in (VAERT, "localhost"):
                status, kind, data = 403, "text/plain; charset=utf-8", b"Forbidden"
            elif self.path.split("?")[0] == visning.medlemmer.rstrip("/"):
                # Relative links work from the folder, not from its bare name.
                self.send_response(301)
                self.send_header("Location", visning.medlemmer)
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
    try:
        _overvaag(visning, stop, skriv)
    except OSError as exc:
        # A folder the user may not read (a link to / reaches /proc): say which, and
        # keep the preview alive by looking at the files the meeting reads instead.
        skriv(f"Advarsel: {_uovervaagelig(exc, visning.roedder())}")
        skriv("Forhåndsvisningen ser i stedet efter ændringer i mødets filer hvert sekund.")
        _spoerg(visning, stop, skriv)


def _uovervaagelig(exc: OSError, roots: list[Path]) -> str:
    """Danish: which folder can't be watched, and why."""
    import re

    match = re.search(r'about \["(.*?)"', str(exc))
    sti = match.group(1) if match else (exc.filename or "")
    hvorfor = "adgang nægtet" if isinstance(exc, PermissionError) else (exc.strerror or str(exc))
    rod = next((r for r in roots if sti and Path(sti).is_relative_to(r)), None)
    if rod is None:
        mapper = ", ".join(str(r) for r in roots)
        return f"Mapperne {mapper} kan ikke overvåges ({sti or exc}: {hvorfor})."
    return f"Mappen {rod} kan ikke overvåges: {sti}: {hvorfor}."


def _spoerg(visning: Forhaandsvisning, stop: threading.Event, skriv: Callable[[str], None]) -> None:
    """The watcher's stand-in: compares the meeting's files every second."""
    if not visning.klar.is_set():
        if visning.aendret():
            rapport(visning.genbyg(), [], skriv)
        visning.klar.set()
    while not stop.wait(1.0):
        if visning.aendret():
            rapport(visning.genbyg(), [], skriv)


def _overvaag(
    visning: Forhaandsvisning, stop: threading.Event, skriv: Callable[[str], None]
) -> None:
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
        status = _antal(len(udgave.problemer))
    elif udgave.offentlige_problemer:
        status = f"{_antal(len(udgave.offentlige_problemer))} i den offentlige udgave"
    else:
        status = "ingen problemer"
    skriv(f"Ændret: {', '.join(navne) or 'filer'}. Bygget igen: {status}.")


def vis(
    moedefil: Path, *, port: int = 8000, referat: bool = False, skriv: Callable[[str], None]
) -> None:
    """Serves the preview until Ctrl-C (or SIGTERM); prints its address first. The
    port is taken before the meeting is read: a busy port is said at once."""
    import signal

    holder: list[Forhaandsvisning] = []
    try:
        server = http.server.ThreadingHTTPServer((VAERT, port), _handler(holder))
    except OSError as exc:
        raise DagsordenError(
            f"Forhåndsvisningen kan ikke bruge port {port} på {VAERT} ({exc.strerror or exc}). "
            "Vælg en anden med --port, fx --port 8001 (--port 0: en ledig port)."
        ) from exc
    try:
        visning = Forhaandsvisning(moedefil, referat=referat)
    except BaseException:
        server.server_close()
        raise
    holder.append(visning)
    server.daemon_threads = True
    stop = threading.Event()
    watcher = threading.Thread(target=overvaag, args=(visning, stop, skriv), daemon=True)
    watcher.start()
    visning.klar.wait(timeout=10)
    adresse = f"http://{VAERT}:{server.server_address[1]}/"
    udgave = visning.udgave
    if udgave.problemer:
        skriv(f"Mødet har {_antal(len(udgave.problemer))}; siden viser dem.")
    elif udgave.offentlige_problemer:
        skriv(
            f"Den offentlige udgave har {_antal(len(udgave.offentlige_problemer))}; "
            "siden viser dem."
        )
    skriv(
        f"Forhåndsvisning af {moedefil} på {adresse} "
        f"(medlemmernes udgave med de lukkede punkter: {adresse[:-1]}{visning.medlemmer} "
        "– adressen er kun til dig; del den ikke)"
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


def _antal(n: int) -> str:
    """ "1 problem", "2 problemer"."""
    return f"{n} {'problem' if n == 1 else 'problemer'}"


__all__ = ["Forhaandsvisning", "Udgave", "byg_udgave", "problem_lines", "vis"]
