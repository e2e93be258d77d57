"""`dagsorden byg --html`: the public meeting as a static site, read back as HTML.

The site is built from the bundled meeting through the CLI and parsed with lxml:
every figure is compared with the Word paper the same build wrote, the closed punkt
must be nothing but "4. Lukket punkt", and the structure must be what a screen
reader needs (one h1, headings in order, captions, th with scope, lang="da").
The browser's view (axe-core, following links) is tests/browser/.
"""

from __future__ import annotations

import itertools
import json
import shutil
from pathlib import Path
from urllib.parse import unquote, urlsplit

import lxml.html
import pytest
from click.testing import CliRunner
from docx import Document

from dagsorden.byg import web
from dagsorden.cli import main
from dagsorden.dokumenter import html

ROOT = Path(__file__).resolve().parents[1]
CLOSED_TITLE = "Klage over afgørelse om botilbud"
SECRET = "forsorgshjemmet Lindevang"
"""Only the closed item's text holds this phrase."""
AFVIS = "Et CPR-nummer må ikke stå i det offentlige materiale."


def run(*args: str):
    return CliRunner().invoke(main, ["byg", *args, "--stille"])


def copy_project(target: Path) -> Path:
    shutil.copytree(ROOT / "cases", target / "cases")
    shutil.copytree(ROOT / "workbooks", target / "workbooks")
    return target


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> Path:
    return copy_project(tmp_path_factory.mktemp("projekt"))


@pytest.fixture(scope="module")
def built(project) -> Path:
    """The bundled meeting built with --html and --pdf: UD."""
    ud = project / "ud"
    result = run(str(project / "cases" / "moede.yaml"), "-o", str(ud), "--html", "--pdf")
    assert result.exit_code == 0, result.output
    return ud


def site(ud: Path) -> Path:
    return ud / "offentlig" / "web"


def page(path: Path):
    return lxml.html.document_fromstring(path.read_text("utf-8"))


def text(element) -> str:
    """The element's text as read aloud: a line break, a term and its definition are
    apart."""

    def walk(node, parts: list[str]) -> None:
        if node.tag in ("br", "dt", "dd"):
            parts.append(" ")
        parts.append(node.text or "")
        for child in node:
            if isinstance(child.tag, str):
                walk(child, parts)
            parts.append(child.tail or "")

    parts: list[str] = []
    walk(element, parts)
    return " ".join("".join(parts).split())


def test_the_site_holds_every_page_and_file(built):
    folder = site(built)
    pages = sorted(p.name for p in folder.glob("*.html"))
    assert pages == [
        "index.html",
        "punkt-1-bilag-1.html",
        "punkt-1.html",
        "punkt-2.html",
        "punkt-3-bilag-1.html",
        "punkt-3-bilag-2.html",
        "punkt-3-bilag-3.html",
        "punkt-3.html",
    ]
    assert (folder / "meeting.json").is_file() and (folder / "style.css").is_file()
    public = sorted(p.name for p in (built / "offentlig").iterdir() if p.is_file())
    assert sorted(p.name for p in (folder / "filer").iterdir()) == public
    assert "samlet.pdf" in public
    # The marker lists the site, so the next build may replace it.
    marker = (built / ".dagsorden-byg").read_text("utf-8")
    assert "offentlig/web/index.html" in marker and "offentlig/web/filer/samlet.pdf" in marker


def test_every_page_is_built_for_a_screen_reader(built):
    for path in sorted(site(built).glob("*.html")):
        doc = page(path)
        assert doc.get("lang") == "da", path.name
        assert len(doc.findall(".//h1")) == 1, path.name
        levels = [int(h.tag[1]) for h in doc.iter("h1", "h2", "h3", "h4", "h5", "h6")]
        assert levels[0] == 1, path.name
        for before, after in itertools.pairwise(levels):
            assert after <= before + 1, f"{path.name}: h{before} then h{after}"
        assert doc.find(".//title").text.strip(), path.name
        skip = doc.find(".//body/a")
        assert skip is not None and skip.get("href") == "#indhold" and skip.text
        assert doc.get_element_by_id("indhold").tag == "main"
        assert not doc.findall(".//script"), "the published site needs no script"
        for table in doc.iter("table"):
            caption = table.find("caption")
            assert caption is not None and text(caption), path.name
            for th in table.iter("th"):
                assert th.get("scope") in ("col", "row", "colgroup", "rowgroup"), path.name
                assert text(th), f"{path.name}: an empty th"
        # Each scrolling box a keyboard stop with a name of its own, its title above
        # it (outside the box that scrolls) and said once.
        names = []
        for region in doc.find_class("tabel"):
            assert region.get("role") == "region" and region.get("tabindex") == "0"
            label = doc.get_element_by_id(region.get("aria-labelledby"))
            names.append(text(label))
            if label.tag == "p":
                assert label.get("aria-hidden") == "true" and label.getnext() is region
                assert text(region.find(".//caption")) == text(label)
        assert len(names) == len(set(names)), (path.name, names)
        # A barometer's text is its figure caption, read once: the drawing is hidden.
        for svg in doc.iter("{http://www.w3.org/2000/svg}svg", "svg"):
            assert svg.get("aria-hidden") == "true", path.name
            assert not list(svg.iter("{http://www.w3.org/2000/svg}title", "title"))
            caption = svg.getparent().find("figcaption")
            assert text(caption).startswith(("Barometer ", "Barometre ")), path.name
        assert doc.find(".//h1").get("dir") == "auto", path.name


def test_every_link_leads_to_a_file_of_the_site(built):
    folder = site(built)
    for path in folder.glob("*.html"):
        doc = page(path)
        for element in doc.iter("a", "link"):
            href = element.get("href")
            parts = urlsplit(href)
            if parts.scheme in ("http", "https", "mailto"):
                continue
            if parts.scheme == "data":
                # The favicon, inline: a browser asks the server for nothing (no 404).
                assert element.tag == "link" and element.get("rel") == "icon", href
                assert href.startswith("data:image/svg+xml,"), href
                continue
            if not parts.path:
                assert doc.get_element_by_id(parts.fragment) is not None, (path.name, href)
                continue
            assert (folder / unquote(parts.path)).is_file(), (path.name, href)


def test_the_closed_punkt_is_only_its_number(built):
    folder = site(built)
    index = page(folder / "index.html")
    items = [text(li.find("h3")) for li in index.find_class("punkt")]
    assert items == [
        "1. Status på Socialudvalgets pejlemærker 2014",
        "2. Deltagelse i Socialministeriets forebyggelsesprojekt",
        "3. Evaluering af strategi og handleplan for de fælles borgere i BIF og SOF",
        "4. Lukket punkt",
        "5. Eventuelt",
    ]
    for path in folder.rglob("*"):
        if path.suffix in (".html", ".json", ".css"):
            content = path.read_text("utf-8")
            assert CLOSED_TITLE not in content and SECRET not in content, path.name
            assert "lukket-klagesag" not in content, path.name
        assert "lukket-klagesag" not in path.name
    assert not (folder / "punkt-4.html").exists()


def test_the_oekonomi_table_is_the_word_papers_table(built):
    """Figures, header and caption exactly as the Word paper prints them."""
    word = Document(built / "offentlig" / "2-forebyggelse.docx")
    word_rows = [[c.text for c in row.cells] for row in word.tables[0].rows]
    caption = next(p.text for p in word.paragraphs if p.style.name == "Caption")
    doc = page(site(built) / "punkt-2.html")
    (table,) = doc.find_class("oekonomi")
    assert text(table.find("caption")) == caption
    assert caption == (
        "Tabel 1. Ændring af indtægts- og udgiftsbudget vedr. Forebyggelsesprojektet (2011 p/l)"
    )
    rows = [[text(c) for c in tr if c.tag in ("th", "td")] for tr in table.iter("tr")]
    assert rows == word_rows
    assert rows == [
        ["1.000 kr.", "2011", "2012", "I alt"],
        ["Indtægtsbudget", "-100", "-590", "-690"],
        ["Udgiftsbudget", "100", "590", "690"],
    ]
    header = table.find("thead").findall(".//th")
    assert all(th.get("scope") == "col" for th in header)
    assert [th.get("scope") for th in table.find("tbody").findall(".//th")] == ["row", "row"]
    # The amount in the at-punkt comes from the same workbook.
    at_punkter = [text(li) for li in doc.find_class("at-punkter")[1]]
    assert "0,69 mio. kr." in at_punkter[0] and "fordelt på årene 2011-2012" in at_punkter[0]


def test_the_paper_and_the_page_say_the_same(built):
    word = Document(built / "offentlig" / "2-forebyggelse.docx")
    paragraphs = [p.text for p in word.paragraphs if p.text.strip()]
    doc = page(site(built) / "punkt-2.html")
    main_text = text(doc.get_element_by_id("indhold"))
    for paragraph in paragraphs:
        if paragraph.startswith(("Mødedato", "Mødested")):
            continue  # a definition list on the page: "Mødedato: 19.11.2014, kl. 16:00"
        assert " ".join(paragraph.split()) in main_text, paragraph
    facts = [text(d) for d in doc.find_class("fakta")[0]]
    # As the paper's header writes it (seed 000); the front page writes it in words.
    assert facts == ["Mødedato 19.11.2014, kl. 16:00", "Mødested Rådhuset, stuen, værelse 8"]
    assert "Mødedato: 19.11.2014, kl. 16:00" in paragraphs


def test_the_status_appendix_page(built):
    doc = page(site(built) / "punkt-1-bilag-1.html")
    assert text(doc.find(".//h1")) == "Bilag 1 til punkt 1: Status på pejlemærkerne"
    overview = doc.find(".//table")
    assert text(overview.find("caption")) == "Tabel 1. Status på pejlemærkerne"
    first = overview.find("tbody")
    head = first.find("tr/th")
    assert head.get("scope") == "rowgroup" and head.get("rowspan") == str(len(first))
    assert text(head) == "1. Flere udsatte københavnere har en bolig"
    status = head.getnext()
    # The samlet status with its colour as a word, not colour alone (seed 002: 1,6).
    assert text(status) == "1,6 gul" and status.get("class") == "farve-gul"
    cells = [text(td) for td in first.find("tr")[2:]]
    assert cells == [
        "A. 1.000 udsatte københavnere får anvist en bolig i 2017",
        "859",
        "828",
        "1.000",
    ]
    pm5 = doc.findall(".//tbody")[4]
    assert text(pm5.find("tr/td")) == "-1,0 rød"
    barometers = doc.findall(".//figure")
    assert len(barometers) == 10
    assert text(barometers[1].find("figcaption")).startswith(
        "Barometer for pejlemærke 1: samlet status 1,6 på en skala fra -5 til 5, gul."
    )


def test_a_notat_bilag_page_says_what_its_word_file_says(built):
    word = Document(built / "offentlig" / "3-bif-sof-bilag-2.docx")
    doc = page(site(built) / "punkt-3-bilag-2.html")
    assert text(doc.find(".//h1")) == "Bilag 2 til punkt 3: Status på målene i BIF-SOF strategien"
    shown = text(doc.get_element_by_id("indhold"))
    for paragraph in word.paragraphs:
        if paragraph.text.strip() and not paragraph.text.startswith("Bilag 2:"):
            assert " ".join(paragraph.text.split()) in shown, paragraph.text
    (table,) = doc.findall(".//table")
    rows = [[text(c) for c in tr] for tr in table.iter("tr")]
    # The notat's own table; the Word file's first tables are its layout (Til, sender).
    assert rows == [[c.text for c in row.cells] for row in word.tables[-1].rows]
    assert text(table.find("caption")) == "Tabel i indledningen"  # the notat's opening text
    facts = [text(d) for d in doc.find_class("fakta")[0]]
    assert facts[:3] == [
        "Til Beskæftigelses- og Integrationsudvalget og Socialudvalget",
        "Dato 06-10-2010",
        "Sagsnr. 2010-113567",
    ]


def test_meeting_json(built):
    data = json.loads((site(built) / "meeting.json").read_text("utf-8"))
    assert data["format"] == "dagsorden-moede" and data["version"] == 1
    assert data["udvalg"] == "Socialudvalget" and data["moededato"] == "2014-11-19T16:00"
    assert data["moededato_tekst"] == "onsdag den 19. november 2014 kl. 16.00"
    assert data["type"] == "dagsorden" and data["fravaerende"] is None
    assert [p["nummer"] for p in data["punkter"]] == [1, 2, 3, 4, 5]
    assert data["punkter"][3] == {"nummer": 4, "titel": "Lukket punkt", "lukket": True}
    forebyggelse = data["punkter"][1]
    assert forebyggelse["side"] == "punkt-2.html"
    assert forebyggelse["dokument"] == "filer/2-forebyggelse.docx"
    assert forebyggelse["indstilling"] == [
        "at Socialudvalget godkender forvaltningens deltagelse i Socialministeriets "
        "forebyggelsesprojekt"
    ]
    assert [a["titel"] for a in forebyggelse["afsnit"]] == [
        "Problemstilling",
        "Løsning",
        "Økonomi",
        "Videre proces",
    ]
    assert forebyggelse["beslutninger"] == [] and forebyggelse["politisk_behandling"] == []
    bilag = data["punkter"][2]["bilag"]
    assert [b["nummer"] for b in bilag] == [1, 2, 3]
    for b in bilag:
        assert (site(built) / b["href"]).is_file()
    assert data["punkter"][4]["staaende"] is True and data["punkter"][4]["tekst"]
    hrefs = {f["titel"]: f["href"] for f in data["filer"]}
    assert hrefs["Hele mødet som én PDF med bogmærker"] == "filer/samlet.pdf"


def test_the_referat_site_has_this_meetings_decisions(project, tmp_path):
    ud = tmp_path / "ud"
    result = run(str(project / "cases" / "moede.yaml"), "-o", str(ud), "--html", "--referat")
    assert result.exit_code == 0, result.output
    folder = site(ud)
    data = json.loads((folder / "meeting.json").read_text("utf-8"))
    assert data["type"] == "referat" and data["fravaerende"] == []
    assert data["punkter"][1]["beslutninger"][0]["tekst"] == "Indstillingen blev godkendt."
    # Seed 003's history: its earlier decisions, dated, as the referat's paper has them.
    historik = data["punkter"][1]["politisk_behandling"]
    assert [(b["udvalg"], b["dato"]) for b in historik] == [
        ("Socialudvalget", "2011-09-21"),
        ("Økonomiudvalget", "2011-11-01"),
    ]
    assert data["punkter"][3] == {"nummer": 4, "titel": "Lukket punkt", "lukket": True}
    index = (folder / "index.html").read_text("utf-8")
    assert "klagesagen til efterretning" not in index
    assert "Fraværende" in index
    doc = page(folder / "punkt-2.html")
    assert "Oversigt over politisk behandling" in text(doc.get_element_by_id("indhold"))
    assert (folder / "filer" / "referat.docx").is_file()


def test_html_with_tillaeg_is_a_usage_error(project, tmp_path):
    result = run(
        str(project / "cases" / "moede.yaml"), "-o", str(tmp_path / "ud"), "--html", "--tillaeg"
    )
    assert result.exit_code == 2
    assert "--html" in result.output


def test_hostile_case_text_shows_as_typed(project, tmp_path):
    root = copy_project(tmp_path / "p")
    # A folder name with characters a link must quote.
    (root / "cases" / "forebyggelse").rename(root / "cases" / "fore#bygg else")
    meeting = root / "cases" / "moede.yaml"
    meeting.write_text(
        meeting.read_text("utf-8").replace("  - forebyggelse", '  - "fore#bygg else"'), "utf-8"
    )
    meeting.write_text(
        meeting.read_text("utf-8").replace("sag: forebyggelse", 'sag: "fore#bygg else"'), "utf-8"
    )
    sag = root / "cases" / "fore#bygg else" / "sag.md"
    hostile = "A & B <script>alert(1)</script> <b>fed</b> &amp; {{ x }}"
    content = sag.read_text("utf-8")
    content = content.replace(
        "titel: Deltagelse i Socialministeriets forebyggelsesprojekt",
        'titel: "Deltagelse i <i>projekt</i> & mere"',
    )
    content = content.replace("## Videre proces", f"{hostile}\n\n## Videre proces")
    sag.write_text(content, "utf-8")
    ud = tmp_path / "ud"
    result = run(str(root / "cases" / "moede.yaml"), "-o", str(ud), "--html")
    assert result.exit_code == 0, result.output
    doc = page(site(ud) / "punkt-2.html")
    assert not doc.findall(".//script") and not doc.findall(".//i") and not doc.findall(".//b")
    assert text(doc.find(".//h1")) == "2. Deltagelse i <i>projekt</i> & mere"
    # As the Word paper has it: Markdown reads the entity &amp; as '&'; nothing else changes.
    shown = hostile.replace("&amp;", "&")
    assert shown in text(doc.get_element_by_id("indhold"))
    assert shown in "\n".join(
        p.text for p in Document(ud / "offentlig" / "2-fore#bygg else.docx").paragraphs
    )
    index = page(site(ud) / "index.html")
    assert "2. Deltagelse i <i>projekt</i> & mere" in text(index.get_element_by_id("indhold"))
    data = json.loads((site(ud) / "meeting.json").read_text("utf-8"))
    assert data["punkter"][1]["titel"] == "Deltagelse i <i>projekt</i> & mere"
    assert data["punkter"][1]["dokument"] == "filer/2-fore%23bygg%20else.docx"
    assert (site(ud) / "filer" / "2-fore#bygg else.docx").is_file()
    (link,) = [a for a in doc.iter("a") if a.get("href", "").endswith(".docx")]
    assert link.get("href") == "filer/2-fore%23bygg%20else.docx"


def test_an_allowed_cpr_number_shows_only_where_its_case_allows_it(project, tmp_path):
    root = copy_project(tmp_path / "p")
    sag = root / "cases" / "forebyggelse" / "sag.md"
    content = sag.read_text("utf-8").replace(
        "oekonomi: budget.xlsx",
        'oekonomi: budget.xlsx\ntillad_cpr:\n  - nummer: "010203-1234"\n'
        "    grund: Fiktivt nummer fra vejledningen",
    )
    sag.write_text(
        content.replace("## Videre proces", "Eksempel: 010203-1234.\n\n## Videre proces")
    )
    ud = tmp_path / "ud"
    result = run(str(root / "cases" / "moede.yaml"), "-o", str(ud), "--html")
    assert result.exit_code == 0, result.output
    assert "010203-1234" in (site(ud) / "punkt-2.html").read_text("utf-8")

    # The same number on another punkt's page may not be shown there.
    from dagsorden.byg import moede as bygning
    from dagsorden.kerne.scoring import Config

    plan = bygning.plan(root / "cases" / "moede.yaml", tmp_path / "ud2", Config())
    view = bygning.public_view(plan.moede)
    sider, data = html.render_site(
        view, plan.kilder.budgets, plan.kilder.reports, referat=False, offentlig=True
    )
    meeting = html.moede_json(view, data["punkter"], html.Webfiler(), referat=False)
    tilladt = {p.nummer: bygning.tilladt_cpr(plan, p) for p in plan.moede.punkter if not p.lukket}
    assert web.check_site(view, sider, meeting, tilladt=tilladt, moedefil="moede.yaml") == []
    leaked = [
        html.Side(s.navn, s.html.replace("</main>", "<p>Se 0102<b>03</b>-1234</p></main>"))
        if s.navn == "punkt-3.html"
        else s
        for s in sider
    ]
    problems = web.check_site(view, leaked, meeting, tilladt=tilladt, moedefil="moede.yaml")
    assert len(problems) == 1
    assert problems[0].startswith(
        f"{root / 'cases' / 'bif-sof' / 'sag.md'} (offentlig/web/punkt-3.html, linje "
    )
    assert f"CPR-nummer 010203-XXXX (skrevet med bindestreg): {AFVIS}" in problems[0]


def test_a_cpr_number_on_a_page_stops_the_build_and_writes_nothing(project, tmp_path, monkeypatch):
    """A template or a renderer that let a number through: the site's own gate stops
    the whole build, naming the page, and the previous UD stays as it was."""
    ud = tmp_path / "ud"
    result = run(str(project / "cases" / "moede.yaml"), "-o", str(ud))
    assert result.exit_code == 0, result.output
    before = sorted(p.relative_to(ud).as_posix() for p in ud.rglob("*"))
    original = html.render_site

    def leaking(*args, **kwargs):
        sider, data = original(*args, **kwargs)
        sider = [
            html.Side(s.navn, s.html.replace("</h1>", " 0102031234</h1>"))
            if s.navn == "punkt-2.html"
            else s
            for s in sider
        ]
        return sider, data

    monkeypatch.setattr(html, "render_site", leaking)
    result = run(str(project / "cases" / "moede.yaml"), "-o", str(ud), "--html")
    assert result.exit_code == 1
    assert "(offentlig/web/punkt-2.html, linje" in result.output
    assert "CPR-nummer 010203-XXXX (uden skilletegn, gyldig dato)" in result.output
    assert AFVIS in result.output and "0102031234" not in result.output
    assert sorted(p.relative_to(ud).as_posix() for p in ud.rglob("*")) == before
    assert not (ud / "offentlig" / "web").exists()


def test_a_cpr_number_in_meeting_json_is_named_by_its_place(project, tmp_path):
    from dagsorden.kerne.sager import Moede

    moede = Moede(
        Path("moede.yaml"), "Socialudvalget", __import__("datetime").date(2014, 11, 19), "", ()
    )
    problems = web.check_site(
        moede,
        [],
        {"punkter": [{"titel": "ok"}, {"titel": "Borger 010203-1234"}]},
        tilladt={},
        moedefil="cases/moede.yaml",
    )
    assert problems == [
        f"cases/moede.yaml (offentlig/web/meeting.json, punkter[1].titel): CPR-nummer "
        f"010203-XXXX (skrevet med bindestreg): {AFVIS} Fjern det, eller tillad netop dette "
        "nummer i sagens sag.md med 'tillad_cpr' og en grund."
    ]


def test_a_nested_list_keeps_its_levels():
    from dagsorden.kerne.blocks import ListItem, Run

    items = [ListItem((Run(t),), level) for t, level in [("a", 0), ("b", 1), ("c", 2), ("d", 0)]]
    data = html._liste(items, False)
    assert [p["runs"][0]["tekst"] for p in data["punkter"]] == ["a", "d"]
    b = data["punkter"][0]["under"]["punkter"][0]
    assert b["runs"][0]["tekst"] == "b"
    assert b["under"]["punkter"][0]["runs"][0]["tekst"] == "c"


def test_an_unsafe_link_is_text():
    from dagsorden.kerne.blocks import Run

    runs = html._runs((Run("x", link="javascript:alert(1)"), Run("y", link="https://kk.dk")))
    assert [r["link"] for r in runs] == [None, "https://kk.dk"]


def test_help_names_the_flag():
    result = CliRunner().invoke(main, ["byg", "--help"])
    assert result.exit_code == 0
    assert "--html" in result.output and "UD/offentlig/web/" in result.output


def test_no_byte_of_a_closed_punkt_reaches_the_site(tmp_path, monkeypatch):
    """The leak test's meeting (tests/test_leak.py: CPR numbers in every place a reader
    can see, in every spelling) built with --html: not one digit run of the closed
    punkt's numbers in any page, meeting.json or file of the site; the open punkt's
    allowed numbers are on its pages, as in its Word paper."""
    from test_leak import CLOSED, OPEN, _blobs, _digits, _project

    def found(folder: Path, numbers: dict[str, str]) -> dict[str, list[str]]:
        """Place -> the files of the site (and their members) its number is in."""
        result: dict[str, list[str]] = {}
        for path in sorted(p for p in folder.rglob("*") if p.is_file()):
            assert not any(n[:6] in path.name for n in numbers.values()), path.name
            for name, blob in _blobs(path.read_bytes(), path.name):
                digits = _digits(blob)
                for sted, number in numbers.items():
                    if any(number in d for d in digits):
                        result.setdefault(sted, []).append(name)
        return result

    moede = _project(tmp_path, allow_open=True)
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(
        main, ["byg", str(moede.relative_to(tmp_path)), "-o", "ud", "--html", "--stille"]
    )
    assert result.exit_code == 0, result.output
    folder = tmp_path / "ud" / "offentlig" / "web"
    assert found(folder, CLOSED) == {}
    on_pages = found(folder, OPEN)
    assert {"titel", "brødtekst", "resume", "indstilling", "underskrift", "notat"} <= set(on_pages)
    assert "punkt-1.html" in on_pages["brødtekst"] and "meeting.json" in on_pages["titel"]


URL_CPR = [
    "010203%2D1234",
    "010203\u20111234",
    "010203\u00a01234",
    "0102\u200b03-1234",
    "\uff10\uff11\uff10\uff12\uff10\uff13-1234",
    "%301%302%303-1234",
]
"""A CPR number in a link's address as a tired or hostile writer may put it: the
Markdown reader percent-encodes every one of them in the href."""


@pytest.mark.parametrize("address", URL_CPR)
def test_a_cpr_number_in_a_link_address_stops_the_build(project, tmp_path, address):
    root = copy_project(tmp_path / "p")
    sag = root / "cases" / "forebyggelse" / "sag.md"
    content = sag.read_text("utf-8")
    assert "Udvalget får den færdige" in content
    sag.write_text(
        content.replace(
            "Udvalget får den færdige",
            f"Se [her](https://example.org/b?c={address}). Udvalget får den færdige",
            1,
        ),
        "utf-8",
    )
    for flags in ((), ("--html",)):
        ud = tmp_path / f"ud{len(flags)}"
        result = run(str(root / "cases" / "moede.yaml"), "-o", str(ud), *flags)
        assert result.exit_code == 1, result.output
        # The Word paper's hyperlink (its .rels Target) is caught first, naming the case.
        assert (
            f"{sag} (offentlig/2-forebyggelse.docx, delen 'word/_rels/document.xml.rels'): "
            "CPR-nummer 010203-XXXX" in result.output
        )
        assert AFVIS in result.output
        assert not (ud / "offentlig").exists()


@pytest.mark.parametrize("address", URL_CPR)
def test_the_sites_own_gate_decodes_a_link_address(address):
    """The web gate on its own (a page the Word check never saw): the href as the
    Markdown reader writes it is percent-decoded before the search."""
    from dagsorden.kerne.sager import Moede

    href = html_href(address)
    moede = Moede(
        Path("moede.yaml"), "Socialudvalget", __import__("datetime").date(2014, 11, 19), "", ()
    )
    side = html.Side(
        "index.html",
        f'<!doctype html>\n<html lang="da"><body><main>\n<p><a href="{href}">her</a></p>\n'
        "</main></body></html>\n",
    )
    problems = web.check_site(moede, [side], {}, tilladt={}, moedefil="cases/moede.yaml")
    assert len(problems) == 1, (href, problems)
    assert problems[0].startswith("cases/moede.yaml (offentlig/web/index.html, linje 3): ")
    assert "CPR-nummer 010203-XXXX" in problems[0]


def html_href(address: str) -> str:
    """The href the Markdown reader makes of a link to `address` (percent-encoded)."""
    from markdown_it.common.normalize_url import normalizeLink

    return normalizeLink(f"https://example.org/b?c={address}")


def test_a_titles_allowed_number_may_stand_in_the_links_to_its_punkt(project, tmp_path):
    """Punkt 2's case allows the number in its title: its neighbours' "Forrige/Næste"
    links and the front page carry the title, and may show it; a number nobody allows
    is blamed on the case whose text it is, on every page and in meeting.json."""
    root = copy_project(tmp_path / "p")
    sag = root / "cases" / "forebyggelse" / "sag.md"
    content = sag.read_text("utf-8")
    sag.write_text(
        content.replace(
            "titel: Deltagelse i", "titel: Klage fra 010203-1234 om deltagelse i"
        ).replace(
            "oekonomi: budget.xlsx",
            'oekonomi: budget.xlsx\ntillad_cpr:\n  - nummer: "010203-1234"\n'
            "    grund: Borgeren har selv bedt om at stå med navn og nummer",
        ),
        "utf-8",
    )
    ud = tmp_path / "ud"
    result = run(str(root / "cases" / "moede.yaml"), "-o", str(ud), "--html")
    assert result.exit_code == 0, result.output
    for name, rel in (("punkt-1.html", "next"), ("punkt-3.html", "prev")):
        link = page(site(ud) / name).find(f".//a[@rel='{rel}']")
        assert link.get("href") == "punkt-2.html"
        assert "Klage fra 010203-1234 om deltagelse i" in link.text_content(), name

    # The same pages judged as if the case allowed nothing: every finding names
    # forebyggelse/sag.md, never a neighbour's case or the meeting file.
    from dagsorden.byg import moede as bygning
    from dagsorden.kerne.scoring import Config

    plan = bygning.plan(root / "cases" / "moede.yaml", tmp_path / "ud2", Config())
    view = bygning.public_view(plan.moede)
    sider, data = html.render_site(
        view, plan.kilder.budgets, plan.kilder.reports, referat=False, offentlig=True
    )
    meeting = html.moede_json(view, data["punkter"], html.Webfiler(), referat=False)
    tilladt = {p.nummer: bygning.tilladt_cpr(plan, p) for p in plan.moede.punkter if not p.lukket}
    assert web.check_site(view, sider, meeting, tilladt=tilladt, moedefil="moede.yaml") == []
    tilladt[2] = {}
    problems = web.check_site(view, sider, meeting, tilladt=tilladt, moedefil="moede.yaml")
    places = {p.split(": CPR-nummer")[0].rsplit(", linje", 1)[0] for p in problems}
    assert places == {
        f"{sag} (offentlig/web/index.html",
        f"{sag} (offentlig/web/punkt-1.html",
        f"{sag} (offentlig/web/punkt-2.html",
        f"{sag} (offentlig/web/punkt-3.html",
        f"{sag} (offentlig/web/meeting.json, punkter[1].titel)",
    }, problems


def test_page_titles_say_each_thing_once(built):
    titles = {p.name: page(p).find(".//title").text for p in site(built).glob("*.html")}
    assert titles["index.html"] == "Dagsorden – Socialudvalget 19.11.2014"
    assert titles["punkt-2.html"] == (
        "Punkt 2: Deltagelse i Socialministeriets forebyggelsesprojekt – Socialudvalget, "
        "dagsorden 19.11.2014"
    )
    for name, title in titles.items():
        assert title.lower().count("dagsorden") == 1, (name, title)


def test_a_build_without_html_says_the_site_is_gone(project, tmp_path):
    """UD is replaced whole: the last build's web/ goes, and the user is told."""
    ud = tmp_path / "ud"
    moede = str(project / "cases" / "moede.yaml")
    assert run(moede, "-o", str(ud), "--html").exit_code == 0
    result = run(moede, "-o", str(ud))
    assert result.exit_code == 0, result.output
    assert not site(ud).exists()
    assert (
        f"Advarsel: {site(ud)}: web/ fra sidste bygning er ikke bygget igen og er nu væk "
        "(brug --html for at bygge hjemmesiden med)." in result.output
    )
    again = run(moede, "-o", str(ud))
    assert again.exit_code == 0 and "Advarsel" not in again.output


def test_two_tables_in_a_section_have_names_of_their_own(project, tmp_path):
    """Each table box is a keyboard stop: a screen reader names it by its caption, so
    two Markdown tables of one section must not share one. No empty header cell."""
    root = copy_project(tmp_path / "p")
    sag = root / "cases" / "forebyggelse" / "sag.md"
    tables = "| | 2011 |\n|---|---|\n| a | 1 |\n\n| Post | 2012 |\n|---|---|\n| b | 2 |\n\n"
    sag.write_text(
        sag.read_text("utf-8").replace("## Videre proces", tables + "## Videre proces", 1),
        "utf-8",
    )
    ud = tmp_path / "ud"
    result = run(str(root / "cases" / "moede.yaml"), "-o", str(ud), "--html")
    assert result.exit_code == 0, result.output
    doc = page(site(ud) / "punkt-2.html")
    names = [text(doc.get_element_by_id(r.get("aria-labelledby"))) for r in doc.find_class("tabel")]
    assert "Tabel i afsnittet Økonomi (1 af 2)" in names
    assert "Tabel i afsnittet Økonomi (2 af 2)" in names
    assert len(names) == len(set(names)), names
    assert all(text(th) for th in doc.iter("th"))
