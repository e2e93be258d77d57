"""`byg --html`: the public meeting as a static web site beside the Word files.

`build_site` writes `UD/offentlig/web/` inside the build's staging folder, after the
public set is written and checked, so the site is swapped in with the rest or not at
all:

- `index.html` (the agenda), `punkt-N.html` per open punkt, `punkt-N-bilag-M.html`
  per status appendix (its tables, and barometers as inline SVG with their text)
  and per notat;
- `filer/`: copies of the public set's files the pages link to (the papers, every
  bilag, the agenda and the packets), so the folder stands alone on any web server;
- `meeting.json`: the meeting, its punkter, bilag and decisions for other systems;
- `style.css`.

It is made from the meeting's public view only (`byg.moede` passes it in: a closed
punkt is "N. Lukket punkt" and nothing else), and the same gate as the Word files
stops it: every page and meeting.json are searched for CPR numbers, each page may
show only the numbers its own case allows (the front page and meeting.json those of
every open punkt, as the agenda may), and a number found stops the build with the
Word files' message, naming the page.
"""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any
from urllib.parse import quote

from dagsorden.dokumenter import html
from dagsorden.errors import BuildError
from dagsorden.kerne.cpr import cpr_cifre, find_cpr
from dagsorden.kerne.model import Budget
from dagsorden.kerne.sager import Moede, Notat
from dagsorden.kerne.status import Statusrapport

WEB = "web"
FILER = "filer"
JSON_NAVN = "meeting.json"
FORMATER = {".docx": "Word", ".pdf": "PDF", ".xlsx": "Excel"}
MOEDETS_FILER = (
    ("samlet.pdf", "Hele mødet som én PDF med bogmærker"),
    ("referat-samlet.pdf", "Hele referatet som én PDF med bogmærker"),
    ("samlet.docx", "Hele mødet som ét Word-dokument"),
    ("referat-samlet.docx", "Hele referatet som ét Word-dokument"),
    ("dagsorden.docx", "Dagsordenen som Word-dokument"),
    ("referat.docx", "Referatet som Word-dokument"),
)
"""The meeting's own files, in the order the front page offers them."""


def webfiler(moede: Moede, files: Sequence[Path], href: str = f"{FILER}/") -> html.Webfiler:
    """What the pages link to among the public set's `files`, by punkt and bilag
    (their names are `<punkt>-<mappe>.docx` and `<punkt>-<mappe>-bilag-<n>.<ext>`)."""
    by_name = {p.name: p for p in files}

    def fil(path: Path) -> html.Fil:
        # A case folder's name may hold a space, '#' or '?': quoted, the link still works.
        return html.Fil(
            href + quote(path.name),
            FORMATER.get(path.suffix.lower(), path.suffix),
            path.stat().st_size,
        )

    papirer: dict[int, html.Fil] = {}
    bilag: dict[tuple[int, int], html.Fil] = {}
    for punkt in moede.punkter:
        if punkt.sag is None or punkt.lukket:
            continue
        stem = f"{punkt.nummer}-{punkt.sag.navn}"
        if f"{stem}.docx" in by_name:
            papirer[punkt.nummer] = fil(by_name[f"{stem}.docx"])
        for b in punkt.bilag:
            prefix = f"{stem}-bilag-{b.nummer}."
            found = [p for name, p in by_name.items() if name.startswith(prefix)]
            if len(found) == 1:
                bilag[(punkt.nummer, b.nummer)] = fil(found[0])
    moedet = [(titel, fil(by_name[name])) for name, titel in MOEDETS_FILER if name in by_name]
    return html.Webfiler(papirer, bilag, moedet)


def build_site(
    moede: Moede,
    folder: Path,
    files: Sequence[Path],
    budgets: Mapping[Path, Budget],
    reports: Mapping[Path, Statusrapport],
    *,
    referat: bool,
    tilladt: Mapping[int, Mapping[str, str]],
    moedefil: str,
    notater: Mapping[Path, Notat] | None = None,
) -> list[Path]:
    """Writes `folder/web/` from the public view `moede` and the public set's
    `files` (in `folder`); returns the files written. `tilladt` gives, per punkt
    number, the CPR numbers its case allows. Raises BuildError listing every CPR
    number found, before the build is swapped in."""
    web = folder / WEB
    (web / FILER).mkdir(parents=True)
    written: list[Path] = []
    for path in files:
        target = web / FILER / path.name
        _link_or_copy(path, target)
        written.append(target)
    links = webfiler(moede, written)
    sider, data = html.render_site(
        moede, budgets, reports, referat=referat, offentlig=True, filer=links, notater=notater
    )
    meeting = html.moede_json(moede, data["punkter"], links, referat=referat)
    text = json.dumps(meeting, ensure_ascii=False, indent=2) + "\n"
    problems = check_site(moede, sider, meeting, tilladt=tilladt, moedefil=moedefil)
    if problems:
        raise BuildError(problems)
    for side in sider:
        (web / side.navn).write_text(side.html, "utf-8")
        written.append(web / side.navn)
    (web / JSON_NAVN).write_text(text, "utf-8")
    (web / html.STIL).write_text(html.stil(), "utf-8")
    return [*written, web / JSON_NAVN, web / html.STIL]


def _link_or_copy(source: Path, target: Path) -> None:
    """A hard link where the file system allows it (a packet can be large), else a
    copy. Both files are final: nothing writes to either after this."""
    try:
        os.link(source, target)
    except OSError:
        shutil.copyfile(source, target)


def check_site(
    moede: Moede,
    sider: Sequence[html.Side],
    meeting: Mapping[str, Any],
    *,
    tilladt: Mapping[int, Mapping[str, str]],
    moedefil: str,
) -> list[str]:
    """A Danish problem line, as the Word files get, for every CPR number a page or
    meeting.json may not show. A page is searched line by line as written (links and
    attributes too) and as a reader sees its text (each paragraph, cell and heading
    whole, however it is marked up)."""
    from dagsorden.byg.persondata import _AFVIS, Offentlig

    alle: dict[str, str] = {}
    for numbers in tilladt.values():
        alle |= numbers
    kilder: dict[str, tuple[str, Mapping[str, str]]] = {html.FORSIDE: (moedefil, alle)}
    for punkt in moede.punkter:
        if punkt.sag is None or punkt.lukket:
            continue
        allowed = tilladt.get(punkt.nummer, {})
        kilder[html.punkt_side(punkt.nummer)] = (str(punkt.sag.fil), allowed)
        for bilag in punkt.bilag:
            kilder[html.bilag_side(punkt.nummer, bilag.nummer)] = (str(bilag.kilde), allowed)
    problems: list[str] = []

    def check(navn: str, kilde: str, allowed: Mapping[str, str], texts: Iterator[tuple[str, str]]):
        item = Offentlig(Path(navn), f"offentlig/{WEB}/{navn}", kilde, allowed)
        ok = {c for c in (cpr_cifre(n) for n in allowed) if c is not None}
        seen: set[str] = set()
        for sted, text in texts:
            for cpr in find_cpr(text):
                if cpr.cifre in ok or cpr.cifre in seen:
                    continue
                seen.add(cpr.cifre)
                problems.append(
                    f"{item.sted(sted)}: CPR-nummer {cpr.maskeret} ({cpr.regel}): {_AFVIS}"
                )

    for side in sider:
        kilde, allowed = kilder.get(side.navn, (moedefil, alle))
        check(side.navn, kilde, allowed, _page_texts(side.html))
    check(JSON_NAVN, moedefil, alle, _json_texts(meeting, ""))
    return problems


_TEKSTBLOKKE = frozenset(
    ("title", "p", "li", "td", "th", "caption", "dt", "dd", "figcaption", "a", "strong", "em")
) | {f"h{n}" for n in range(1, 7)}


def _page_texts(page: str) -> Iterator[tuple[str, str]]:
    """(place, text) of a page: each line as written, then each element's text as a
    reader sees it (markup inside it joined, entities decoded)."""
    import lxml.html

    for number, line in enumerate(page.splitlines(), start=1):
        yield f"linje {number}", line
    root = lxml.html.document_fromstring(page)
    for element in root.iter():
        if isinstance(element.tag, str) and element.tag in _TEKSTBLOKKE:
            yield f"linje {element.sourceline}", "".join(str(t) for t in element.itertext())


def _json_texts(value: object, path: str) -> Iterator[tuple[str, str]]:
    """(place, text) of every text and number in meeting.json: "punkter[2].titel"."""
    if isinstance(value, Mapping):
        for key, item in value.items():
            yield from _json_texts(item, f"{path}.{key}" if path else str(key))
    elif isinstance(value, list):
        for i, item in enumerate(value):
            yield from _json_texts(item, f"{path}[{i}]")
    elif isinstance(value, str | int) and not isinstance(value, bool):
        yield path, str(value)


__all__ = ["FILER", "JSON_NAVN", "WEB", "build_site", "check_site", "webfiler"]
