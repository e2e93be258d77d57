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
import re
import shutil
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any
from urllib.parse import quote, unquote

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
    attributes too, percent-decoded) and as a reader sees its text (each paragraph,
    cell and heading whole, however it is marked up).

    A text is judged by the punkt it comes from: a link to another punkt's page
    ("Næste: 3. ..." on punkt 2, a title on the front page) carries that punkt's
    title, so it may show that punkt's allowed numbers, and a number in it is that
    punkt's case file's problem; so is a punkt's part of meeting.json."""
    from dagsorden.byg.persondata import AFVIS, Offentlig

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

    def check(navn: str, texts: Iterator[tuple[str, str, tuple[str, Mapping[str, str]]]]):
        seen: set[tuple[str, str]] = set()
        for sted, text, (kilde, allowed) in texts:
            item = Offentlig(Path(navn), f"offentlig/{WEB}/{navn}", kilde, allowed)
            ok = {c for c in (cpr_cifre(n) for n in allowed) if c is not None}
            for cpr in find_cpr(_med_afkodet(text)):
                if cpr.cifre in ok or (kilde, cpr.cifre) in seen:
                    continue
                seen.add((kilde, cpr.cifre))
                problems.append(
                    f"{item.sted(sted)}: CPR-nummer {cpr.maskeret} ({cpr.regel}): {AFVIS}"
                )

    for side in sider:
        owner = kilder.get(side.navn, (moedefil, alle))
        check(side.navn, _page_texts(side.html, owner, kilder))
    punkt_owner = {
        int(n): kilder[side]
        for side in kilder
        for n in [_punkt_nummer(side)]
        if n is not None and "-bilag-" not in side
    }
    check(JSON_NAVN, _json_owned(meeting, (moedefil, alle), punkt_owner))
    return problems


_PUNKT_LINK = re.compile(r'<a href="(punkt-\d+(?:-bilag-\d+)?\.html)"[^>]*>.*?</a>', re.DOTALL)
"""A link to a punkt's or bilag's page, as the templates write it on one line."""


def _punkt_nummer(side: str) -> int | None:
    match = re.fullmatch(r"punkt-(\d+)(?:-bilag-\d+)?\.html", side)
    return int(match.group(1)) if match else None


def _med_afkodet(text: str) -> str:
    """`text` and, when it holds a percent sign, the same text percent-decoded: a
    link's address is percent-encoded by the Markdown reader (a no-break hyphen or a
    full-width digit becomes %E2%80%91 or %EF%BC%90), and `%2D` hides a hyphen."""
    if "%" not in text:
        return text
    return f"{text}\n{unquote(text)}"


_TEKSTBLOKKE = frozenset(
    ("title", "p", "li", "td", "th", "caption", "dt", "dd", "figcaption", "a", "strong", "em")
) | {f"h{n}" for n in range(1, 7)}

_Ejer = tuple[str, Mapping[str, str]]


def _page_texts(
    page: str, owner: _Ejer, kilder: Mapping[str, _Ejer]
) -> Iterator[tuple[str, str, _Ejer]]:
    """(place, text, whose) of a page: each line as written, then each element's text
    as a reader sees it (markup inside it joined, entities decoded). A link to
    another punkt's page is its punkt's text, apart from what holds it."""
    import lxml.html

    def linked(href: str | None) -> _Ejer | None:
        if href is None or href not in kilder or kilder[href] == owner:
            return None
        return kilder[href]

    for number, line in enumerate(page.splitlines(), start=1):
        rest = line
        for match in _PUNKT_LINK.finditer(line):
            whose = linked(match.group(1))
            if whose is not None:
                yield f"linje {number}", match.group(0), whose
                rest = rest.replace(match.group(0), "\n", 1)
        yield f"linje {number}", rest, owner
    root = lxml.html.document_fromstring(page)
    for element in root.iter():
        if not isinstance(element.tag, str) or element.tag not in _TEKSTBLOKKE:
            continue
        whose = linked(element.get("href")) if element.tag == "a" else None
        if whose is not None:
            yield f"linje {element.sourceline}", "".join(str(t) for t in element.itertext()), whose
            continue
        # Inside a block: its text, with another punkt's link cut out.
        yield f"linje {element.sourceline}", _tekst_uden(element, linked), owner


def _tekst_uden(element: Any, linked: Any) -> str:
    """The element's text as read, each link to another punkt's page a line break."""
    parts: list[str] = [element.text or ""]
    for child in element:
        if isinstance(child.tag, str):
            if child.tag == "a" and linked(child.get("href")) is not None:
                parts.append("\n")
            else:
                parts.append(_tekst_uden(child, linked))
        parts.append(child.tail or "")
    return "".join(parts)


def _json_owned(
    meeting: Mapping[str, Any], owner: _Ejer, punkter: Mapping[int, _Ejer]
) -> Iterator[tuple[str, str, _Ejer]]:
    """meeting.json's texts: a punkt's entry is its case's text."""
    for key, value in meeting.items():
        if key == "punkter" and isinstance(value, list):
            for i, entry in enumerate(value):
                nummer = entry.get("nummer") if isinstance(entry, Mapping) else None
                whose = punkter.get(nummer, owner) if isinstance(nummer, int) else owner
                for sted, text in _json_texts(entry, f"punkter[{i}]"):
                    yield sted, text, whose
        else:
            for sted, text in _json_texts(value, key):
                yield sted, text, owner


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
