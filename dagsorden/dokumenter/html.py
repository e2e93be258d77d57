"""The meeting as web pages: accessible HTML from data already read.

`byg --html` publishes the public set as a static site and `dagsorden vis` shows the
same pages while a secretary works; both call `render_site`. The pages say what the
Word papers say, from the same computations: the placeholders of a case are filled
and its amounts checked by the indstilling's own `Udfylder`, the Økonomi tables come
from `kerne.oekonomi.oekonomi_tabel` (figures already in Danish form, exactly as the
Word table prints them), the status tables and texts from `kerne.status` and the
status appendix's own helpers. This module never opens a source file.

The templates (`templates/web/`) hold every fixed word of the pages; Jinja escapes
every value, so a case's '&' and '<' show as typed. Pages work without JavaScript,
have one h1, headings in order, tables with a caption and `th` with `scope`, colour
always with its word, a skip link and a visible focus (see `style.css`).
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from dagsorden.dokumenter.docx_body import Tabelnummer
from dagsorden.dokumenter.render import TEMPLATES
from dagsorden.kerne import danish
from dagsorden.kerne.blocks import (
    Block,
    BulletList,
    Heading,
    ListItem,
    NumberedList,
    OekonomiTableMarker,
    Paragraph,
    Runs,
    Section,
    StatusTableMarker,
    Table,
)
from dagsorden.kerne.model import Budget, Delmaal, Markering, Pejlemaerke, Raekketype
from dagsorden.kerne.oekonomi import OekonomiTabel, oekonomi_tabel
from dagsorden.kerne.sager import OEKONOMI, Beslutning, Moede, Notat, Punkt
from dagsorden.kerne.scoring import MAKS, Farve, Skala
from dagsorden.kerne.status import Linje, Statusrapport, forklaring, samlet_tekst

WEB_SKABELONER = TEMPLATES / "web"
"""The pages' templates and style sheet."""
STIL = "style.css"
FORSIDE = "index.html"
LUKKET = "Lukket punkt"
SIKRE_SKEMAER = ("http://", "https://", "mailto:")
"""Link targets a page may carry; any other (javascript:, data:) is shown as text."""


@dataclass(frozen=True)
class Fil:
    """A published file the pages link to: where, and what a reader is told of it."""

    href: str
    format: str
    """ "Word", "PDF", "Excel"."""
    stoerrelse: int = 0
    """Bytes; 0 when unknown (the preview, which writes no files)."""

    @property
    def beskrivelse(self) -> str:
        """ "Word, 12 kB"."""
        if not self.stoerrelse:
            return self.format
        kb = max(1, round(self.stoerrelse / 1000))
        return f"{self.format}, {danish.tal(kb)} kB"


@dataclass(frozen=True)
class Webfiler:
    """The files beside the pages: each punkt's paper, each bilag, the whole meeting."""

    papirer: Mapping[int, Fil] = field(default_factory=dict)
    bilag: Mapping[tuple[int, int], Fil] = field(default_factory=dict)
    moedet: Sequence[tuple[str, Fil]] = ()
    """(what it is, the file): "Hele mødet som PDF", samlet.pdf ..."""


@dataclass(frozen=True)
class Side:
    """One page of the site: its file name and its HTML."""

    navn: str
    html: str


def punkt_side(nummer: int) -> str:
    return f"punkt-{nummer}.html"


def bilag_side(nummer: int, bilag: int) -> str:
    return f"punkt-{nummer}-bilag-{bilag}.html"


# --- text of a case as plain data for the templates -----------------------------------


def _runs(runs: Runs) -> list[dict[str, Any]]:
    """Runs as the templates show them; a link only with a safe target."""
    result = []
    for run in runs:
        link = run.link if run.link and run.link.lower().startswith(SIKRE_SKEMAER) else None
        result.append({"tekst": run.tekst, "fed": run.fed, "kursiv": run.kursiv, "link": link})
    return result


def _liste(items: Sequence[ListItem], nummereret: bool, start: int = 1) -> dict[str, Any]:
    """A (possibly nested) list: an item deeper than the one before it starts a
    sub-list of that item; a jump of several levels nests one (HTML has no empty
    items to nest through)."""
    art = "ol" if nummereret else "ul"
    root: dict[str, Any] = {"art": art, "start": start, "punkter": []}
    stack: list[tuple[int, dict[str, Any]]] = [(items[0].level if items else 0, root)]
    for item in items:
        while len(stack) > 1 and item.level < stack[-1][0]:
            stack.pop()
        level, current = stack[-1]
        if item.level > level and current["punkter"]:
            sub: dict[str, Any] = {"art": art, "start": 1, "punkter": []}
            current["punkter"][-1]["under"] = sub
            stack.append((item.level, sub))
            current = sub
        current["punkter"].append({"runs": _runs(item.runs), "under": None})
    return root


def oekonomi_data(tabel: OekonomiTabel, nummer: int) -> dict[str, Any]:
    """An Økonomi table as the page shows it: "Tabel N. titel (p/l)", the header row,
    each row with its look (bold sums and totals, italic Heraf lines, indent by
    level), figures right-aligned, the rounding note under it."""
    caption = f"{tabel.titel} ({tabel.prisniveau.strip('()')})" if tabel.prisniveau else tabel.titel
    post = _post_kolonne(tabel)
    raekker = []
    for raekke in tabel.raekker:
        celler = list(raekke.celler)
        if raekke.type is Raekketype.OVERSKRIFT:
            celler[tabel.tekstkolonner :] = [""] * (len(celler) - tabel.tekstkolonner)
        niveau = raekke.niveau + (1 if raekke.heraf else 0)
        klasser = [f"niveau-{min(niveau, 6)}"]
        if raekke.type in (Raekketype.OVERSKRIFT, Raekketype.SUM, Raekketype.TOTAL):
            klasser.append("fed")
        if raekke.heraf:
            klasser.append("heraf")
        if raekke.is_total:
            klasser.append("total")
        raekker.append({"celler": celler, "klasse": " ".join(klasser)})
    return {
        "art": "oekonomi",
        "caption": f"Tabel {nummer}. {caption}",
        "hoved": list(tabel.overskrifter),
        "raekker": raekker,
        "tekstkolonner": tabel.tekstkolonner,
        "post": post,
        "note": tabel.note,
    }


def _post_kolonne(tabel: OekonomiTabel) -> int:
    foran = {len(r.tekster_foran) for r in tabel.raekker}
    return foran.pop() if len(foran) == 1 else 0


def statustabel_data(report: Statusrapport, nummer: int) -> dict[str, Any]:
    """The indstilling's status table: pejlemærke, samlet status, the colour as a word."""
    return {
        "art": "status",
        "caption": f"Tabel {nummer}. Status på pejlemærkerne",
        "raekker": [
            {
                "pejlemaerke": f"{linje.pejlemaerke.nummer}. {linje.pejlemaerke.titel}",
                "samlet": samlet_tekst(linje.status, report.skala),
                "farve": linje.farve.value if linje.farve else "",
            }
            for linje in report.linjer
        ],
        "forklaring": forklaring(report)[1:],
    }


def blokke(
    afsnit: Section,
    budgets: Mapping[Path, Budget],
    reports: Mapping[Path, Statusrapport],
    tabeller: Tabelnummer,
) -> list[dict[str, Any]]:
    """A section's blocks as the templates show them. Sub-headings start at h3 (the
    section is an h2) and never skip a level, whatever the Markdown wrote."""
    result: list[dict[str, Any]] = []
    niveau = 2
    for block in afsnit.blocks:
        result.append(_blok(block, afsnit, budgets, reports, tabeller, niveau))
        if isinstance(block, Heading):
            niveau = result[-1]["niveau"]
    # Two tables of a section are told apart by name: each is a place to Tab to.
    tabeller_her = [b for b in result if b["art"] == "tabel"]
    if len(tabeller_her) > 1:
        for nummer, blok in enumerate(tabeller_her, start=1):
            blok["caption"] += f" ({nummer} af {len(tabeller_her)})"
    return result


def _blok(
    block: Block,
    afsnit: Section,
    budgets: Mapping[Path, Budget],
    reports: Mapping[Path, Statusrapport],
    tabeller: Tabelnummer,
    niveau: int,
) -> dict[str, Any]:
    if isinstance(block, Paragraph):
        return {"art": "p", "runs": _runs(block.runs)}
    if isinstance(block, Heading):
        return {"art": "h", "niveau": min(block.level, niveau + 1, 6), "runs": _runs(block.runs)}
    if isinstance(block, BulletList):
        return _liste(block.items, False)
    if isinstance(block, NumberedList):
        return _liste(block.items, True, block.start)
    if isinstance(block, Table):
        return {
            "art": "tabel",
            # A Markdown table has no caption of its own: it is named by its place.
            "caption": f"Tabel i afsnittet {afsnit.titel}"
            if afsnit.titel
            else "Tabel i indledningen",
            "hoved": [_runs(c) for c in block.header],
            "raekker": [[_runs(c) for c in row] for row in block.rows],
        }
    if isinstance(block, StatusTableMarker):
        return statustabel_data(reports[block.sti.resolve()], tabeller.naeste())
    if isinstance(block, OekonomiTableMarker):
        return oekonomi_data(oekonomi_tabel(budgets[block.sti.resolve()]), tabeller.naeste())
    raise TypeError(f"Unknown block {block!r}")  # pragma: no cover - the union is closed


def blokke_tekst(afsnit: list[dict[str, Any]]) -> list[str]:
    """A section's text as plain paragraphs, for meeting.json: paragraphs, headings
    and list items one each, a table as its caption."""
    tekster: list[str] = []

    def runs_tekst(runs: list[dict[str, Any]]) -> str:
        return "".join(r["tekst"] for r in runs)

    def liste(data: dict[str, Any]) -> None:
        for entry in data["punkter"]:
            tekster.append(runs_tekst(entry["runs"]))
            if entry["under"]:
                liste(entry["under"])

    for blok in afsnit:
        if blok["art"] in ("p", "h"):
            tekster.append(runs_tekst(blok["runs"]))
        elif blok["art"] in ("ul", "ol"):
            liste(blok)
        else:
            tekster.append(blok["caption"])
    return tekster


# --- a punkt -------------------------------------------------------------------------


def papirets_beslutninger(punkt: Punkt, *, referat: bool) -> tuple[Beslutning, ...]:
    """What the paper's Beslutning shows: in the referat the case's earlier political
    history, then this meeting's decisions (none from this meeting: nothing); on an
    agenda nothing (as `byg.moede` gives the Word paper)."""
    if not referat or not punkt.beslutninger:
        return ()
    return (*punkt.historik, *punkt.beslutninger)


def punkt_data(
    punkt: Punkt,
    budgets: Mapping[Path, Budget],
    reports: Mapping[Path, Statusrapport],
    *,
    referat: bool,
) -> dict[str, Any]:
    """Everything a punkt's page shows, filled and checked as its Word paper is:
    raises CaseError (with the lines in sag.md) where a placeholder or a typed amount
    is wrong."""
    # The indstilling's own helpers, so page and paper can never differ.
    from dagsorden.dokumenter.indstilling import Udfylder, number_tables, with_oekonomi
    from dagsorden.kerne.pladsholdere import Budgetkilde

    sag = punkt.sag
    assert sag is not None
    sagens = [(path.resolve(), budgets[path.resolve()]) for path in sag.oekonomi]
    afsnit = with_oekonomi(sag.afsnit, bool(sag.oekonomi), sag.form)
    numbers = number_tables(afsnit, sag, sagens)
    udfylder = Udfylder(sag, [Budgetkilde(b, numbers.budget_numbers.get(p)) for p, b in sagens])
    resume = udfylder.tekst(sag.resume, sag.linjer.get("resume"), "resuméet")
    indstilling = udfylder.punkter("indstilling", sag.indstilling)
    efter = [
        udfylder.tekst(tekst, sag.linjer.get(f"efter_indstilling.{i}"), "efter_indstilling")
        for i, tekst in enumerate(sag.efter_indstilling, start=1)
    ]
    anbefaling: dict[str, Any] | None = None
    if sag.anbefaling:
        punkter = udfylder.punkter("anbefaling", sag.anbefaling.punkter, len(indstilling))
        anbefaling = {
            "indledning": (
                f"{danish.og(sag.indstiller)} indstiller, at {danish.og(sag.udvalg)} anbefaler "
                f"{danish.og(sag.anbefaling.til)} at godkende,"
            ),
            "punkter": punkter,
            "start": len(indstilling) + 1,
        }
    filled = [None if s is None else udfylder.afsnit(s) for s in afsnit]
    udfylder.raise_problems()
    tabeller = Tabelnummer()
    afsnit_data = []
    for section in filled:
        if section is None:
            afsnit_data.append({"titel": OEKONOMI, "blokke": [], "ingen_oekonomi": True})
            continue
        blocks = section.blocks
        if " ".join(section.titel.split()).casefold() == OEKONOMI.casefold():
            blocks = blocks + numbers.unmarked_budgets
        data = blokke(replace(section, blocks=blocks), budgets, reports, tabeller)
        afsnit_data.append({"titel": section.titel, "blokke": data, "ingen_oekonomi": False})
    at = "at " if sag.form.at_foran else ""
    return {
        "nummer": punkt.nummer,
        "titel": sag.titel,
        "b_sag": sag.b_sag,
        "sagsnr": sag.sagsnr,
        "lukket": sag.lukket,
        "resume": resume,
        "resume_overskrift": sag.form.resume_overskrift,
        "overskrift": sag.form.overskrift,
        "indledning": sag.form.indledning_for(danish.og(sag.indstiller), danish.og(sag.udvalg)),
        "punkttegn": sag.form.punkttegn,
        "indstilling": [f"{at}{p}" for p in indstilling],
        "anbefaling": (
            {**anbefaling, "punkter": [f"at {p}" for p in anbefaling["punkter"]]}
            if anbefaling
            else None
        ),
        "efter_indstilling": efter,
        "afsnit": afsnit_data,
        "underskrift": " / ".join(sag.underskrift),
        "indstiller": list(sag.indstiller),
        "udvalg": list(sag.udvalg),
        "beslutninger": [_beslutning(b) for b in papirets_beslutninger(punkt, referat=referat)],
        "historik": [
            _beslutning(b) for b in (punkt.historik if referat and punkt.beslutninger else ())
        ],
        "referat": referat,
    }


def _beslutning(beslutning: Beslutning) -> dict[str, Any]:
    overskrift = f"{danish.genitiv(beslutning.udvalg)} beslutning"
    if beslutning.dato:
        overskrift += f" i mødet {danish.dato(beslutning.dato)}"
    return {
        "overskrift": overskrift,
        "udvalg": beslutning.udvalg,
        "dato": beslutning.dato.isoformat() if beslutning.dato else None,
        "tekst": beslutning.tekst,
    }


# --- the status appendix -------------------------------------------------------------


def _all_delmaal(p: Pejlemaerke) -> list[Delmaal]:
    return [x for d in p.delmaal for x in (d, *d.underpunkter)]


def statusbilag_data(report: Statusrapport, titel: str) -> dict[str, Any]:
    """The status appendix (seed 002) as the page shows it: the Læsevejledning, the
    overview table, each pejlemærke's table, barometer and texts, and the notes, from
    the same helpers as the Word appendix."""
    from dagsorden.dokumenter import barometer
    from dagsorden.dokumenter.statusbilag import (
        INGEN_DELMAAL,
        MARKERING_FORKLARING,
        MARKERING_ORD,
        _budgetforslag,
        column_headers,
        farvesaetning,
        figur,
        laesevejledning,
        maal_tekst,
    )

    skala = report.skala
    regel = report.config.farveregel
    baseline, status, maal = column_headers([linje.pejlemaerke for linje in report.linjer])
    note_numbers: dict[tuple[int, str], int] = {}
    own_notes: dict[int, list[int]] = {}
    counter = 0
    noter: dict[int, list[dict[str, Any]]] = {}
    for linje in report.linjer:
        p = linje.pejlemaerke
        by_text: dict[str, list[str]] = {}
        for d in _all_delmaal(p):
            if d.note:
                by_text.setdefault(d.note, []).append(d.id)
        noter[p.nummer] = []
        for tekst, ids in by_text.items():
            counter += 1
            for id_ in ids:
                note_numbers[(p.nummer, id_)] = counter
            noter[p.nummer].append({"nummer": counter, "tekst": f"{danish.og(ids)}: {tekst}"})
        for tekst in p.tekster_i("Fodnote"):
            counter += 1
            own_notes.setdefault(p.nummer, []).append(counter)
            noter[p.nummer].append({"nummer": counter, "tekst": tekst})

    def status_celle(linje: Linje) -> dict[str, Any]:
        return {
            "tekst": samlet_tekst(linje.status, skala),
            "farve": linje.farve.value if linje.farve else "",
            "noter": [str(n) for n in own_notes.get(linje.pejlemaerke.nummer, [])],
        }

    def delmaal_raekker(linje: Linje) -> list[dict[str, Any]]:
        p = linje.pejlemaerke
        raekker: list[dict[str, Any]] = []
        if not p.delmaal:
            return [{"ingen": INGEN_DELMAAL}]
        for d in p.delmaal:
            rows = d.underpunkter or (d,)
            for i, sub in enumerate(rows):
                row: dict[str, Any] = {"ingen": "", "span": 0, "rowspan": 1, "under": None}
                mark = d.markering if sub is d else (sub.markering or d.markering)
                if sub is d:
                    row["delmaal"] = _celle(d, note_numbers, p.nummer, MARKERING_ORD)
                    row["span"] = 2
                else:
                    row["delmaal"] = (
                        _celle(d, note_numbers, p.nummer, MARKERING_ORD) if i == 0 else None
                    )
                    row["rowspan"] = len(rows)
                    row["under"] = _celle(sub, note_numbers, p.nummer, MARKERING_ORD)
                row["tal"] = [
                    figur(sub.baseline, sub.enhed),
                    figur(sub.status, sub.enhed),
                    maal_tekst(sub.maal, sub.enhed),
                ]
                row["markering"] = mark.name.lower() if mark is not Markering.INGEN else ""
                raekker.append(row)
        return raekker

    def alt(linje: Linje) -> str:
        return barometer.alt_tekst(
            linje.pejlemaerke.nummer, samlet_tekst(linje.status, skala), skala, linje.farve
        )

    markeringer = sorted(
        {
            d.markering
            for linje in report.linjer
            for d in _all_delmaal(linje.pejlemaerke)
            if d.markering is not Markering.INGEN
        },
        key=lambda m: m.value,
    )
    pejlemaerker = []
    for nummer, linje in enumerate(report.linjer, start=2):
        p = linje.pejlemaerke
        pejlemaerker.append(
            {
                "nummer": p.nummer,
                "titel": p.titel,
                "caption": f"Tabel {nummer}. Delmål for pejlemærke {p.nummer}",
                "status": status_celle(linje),
                "raekker": delmaal_raekker(linje),
                "barometer": barometer_svg(
                    [(linje.status.samlet if linje.status.maalt else None, linje)],
                    skala,
                    regel,
                    alt(linje),
                    f"barometer-{p.nummer}",
                ),
                "aarsager": p.tekster_i("Årsager"),
                "aktiviteter": p.tekster_i("Aktivitet"),
                "risici": p.tekster_i("Risiko"),
                "budgetforslag": [_budgetforslag(t) for t in p.tekster_i("Budgetforslag")],
                "opmaerksomhed": p.tekster_i("Opmærksomhed"),
                "noter": noter[p.nummer],
            }
        )
    oversigt_alt = barometer.oversigt_alt_tekst(
        [
            (linje.pejlemaerke.nummer, samlet_tekst(linje.status, skala), linje.farve)
            for linje in report.linjer
        ],
        skala,
    )
    return {
        "titel": titel,
        "laesevejledning": laesevejledning(report),
        "farvesaetning": farvesaetning(report),
        "kolonner": [baseline, status, maal],
        "skalanote": "5 = Baseline, 10 = Mål" if skala is Skala.NUL_10 else "0 = Baseline, 5 = Mål",
        "oversigt": [
            {
                "nummer": linje.pejlemaerke.nummer,
                "titel": f"{linje.pejlemaerke.nummer}. {linje.pejlemaerke.titel}",
                "status": status_celle(linje),
                "raekker": delmaal_raekker(linje),
            }
            for linje in report.linjer
        ],
        "markeringer": [
            {"klasse": m.name.lower(), "tekst": MARKERING_FORKLARING[m]} for m in markeringer
        ],
        "oversigt_barometer": barometer_svg(
            [
                (linje.status.samlet if linje.status.maalt else None, linje)
                for linje in report.linjer
            ],
            skala,
            regel,
            oversigt_alt,
            "barometer-oversigt",
        ),
        "pejlemaerker": pejlemaerker,
    }


def _celle(
    d: Delmaal, notes: dict[tuple[int, str], int], nummer: int, ord_: Mapping[Markering, str]
) -> dict[str, Any]:
    return {
        "tekst": f"{d.id}. {d.tekst}",
        "note": str(notes[(nummer, d.id)]) if (nummer, d.id) in notes else "",
        "markering": ord_.get(d.markering, ""),
    }


# --- a notat bilag -------------------------------------------------------------------


def notat_data(notat: Notat, titel: str) -> dict[str, Any]:
    """A notat (seed 001) as its page shows it: the facts the paper sets apart, its
    sender, then its sections (the opening text has no heading)."""
    tabeller = Tabelnummer()
    afsender = notat.afsender
    return {
        "titel": titel,
        "fakta": [
            (navn, vaerdi)
            for navn, vaerdi in (
                ("Til", danish.og(notat.til)),
                ("Dato", danish.notatdato(notat.dato)),
                ("Sagsnr.", notat.sagsnr),
                ("Dokumentnr.", notat.dokumentnr),
                ("Sagsbehandler", notat.sagsbehandler),
            )
            if vaerdi
        ],
        "afsender": (
            {
                "linjer": [
                    x for x in (afsender.center, afsender.forvaltning, *afsender.adresse) if x
                ],
                "kontakt": [
                    (navn, vaerdi)
                    for navn, vaerdi in (
                        ("Telefon", afsender.telefon),
                        ("E-mail", afsender.email),
                        ("EAN-nummer", afsender.ean),
                    )
                    if vaerdi
                ],
            }
            if afsender
            else None
        ),
        "afsnit": [
            {"titel": afsnit.titel, "blokke": blokke(afsnit, {}, {}, tabeller)}
            for afsnit in notat.afsnit
        ],
    }


# --- barometers as inline SVG --------------------------------------------------------

_SVG_FARVER = {Farve.ROED: "#f4a3a3", Farve.GUL: "#ffe08a", Farve.GROEN: "#8fd19e"}
"""Light fills, so the black words in each zone keep a contrast above 7:1."""


def barometer_svg(
    punkter: Sequence[tuple[float | None, Linje]],
    skala: Skala,
    regel: Any,
    alt_tekst: str,
    ident: str,
) -> dict[str, Any]:
    """One scale per line (a pejlemærke's, or the overview's one per pejlemærke):
    red, yellow and green zones with their words, a marker at the score with the score
    written beside it, "-" and no marker where nothing is measured. The picture is
    role="img" with `alt_tekst` as its title: a screen reader reads the sentence,
    not the shapes."""
    from dagsorden.dokumenter import barometer

    bredde, venstre, hoejre = 640.0, 150.0 if len(punkter) > 1 else 20.0, 40.0
    linjehoejde = 34.0
    top = 8.0
    lo, hi = skala.vis(-MAKS), skala.vis(MAKS)

    def x(value: float) -> float:
        return venstre + (value - lo) / (hi - lo) * (bredde - venstre - hoejre)

    linjer = []
    for i, (score, linje) in enumerate(punkter):
        y = top + i * linjehoejde
        zones = [
            {
                "x": round(x(z.fra), 1),
                "bredde": round(max(x(z.til) - x(z.fra), 3.0), 1),
                # Nothing measured: a grey scale without zone words, as in the paper.
                "fyld": _SVG_FARVER[z.farve] if score is not None else "#e6e6e6",
                "ord": z.farve.value,
                "ord_x": round((x(z.fra) + x(z.til)) / 2, 1),
                "plads": score is not None and x(z.til) - x(z.fra) > 40,
            }
            for z in barometer.zoner(skala, regel, linje.forventet)
        ]
        maerke = None
        if score is not None:
            maerke = round(x(skala.vis(score)), 1)
        elif linje.status.kun_baseline:
            maerke = round(x(skala.vis(0.0)), 1)
        linjer.append(
            {
                "y": y,
                "navn": f"{linje.pejlemaerke.nummer}." if len(punkter) > 1 else "",
                "zoner": zones,
                "maerke": maerke,
                "hul": score is None,
                "tekst": samlet_tekst(linje.status, skala),
            }
        )
    hoejde = top + len(punkter) * linjehoejde + 28
    akse_y = top + len(punkter) * linjehoejde + 4
    ticks = [
        {"x": round(x(skala.vis(float(v))), 1), "tekst": danish.tal(skala.vis(float(v)))}
        for v in range(-5, 6)
    ]
    return {
        "id": ident,
        "bredde": bredde,
        "hoejde": hoejde,
        "alt": alt_tekst,
        "linjer": linjer,
        "ticks": ticks,
        "akse_y": akse_y,
        "venstre": venstre,
        "hoejre": bredde - hoejre,
        "forklaring": barometer.forklaring_tekst(skala),
    }


# --- the pages -----------------------------------------------------------------------


@functools.cache
def _environment() -> Any:
    import jinja2

    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(WEB_SKABELONER)),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    # The paper's own "19.11.2014, kl. 16:00" (seed 000's header): page and paper agree.
    env.filters["moededato"] = danish.moededato
    env.filters["og"] = danish.og
    return env


def stil() -> str:
    """The site's style sheet."""
    return (WEB_SKABELONER / STIL).read_text("utf-8")


def _moede_data(moede: Moede, *, referat: bool) -> dict[str, Any]:
    return {
        "udvalg": moede.udvalg,
        "dato_i_ord": danish.dato_i_ord(moede.moededato),
        "dato": f"{moede.dato:%d.%m.%Y}",
        "moededato": danish.moededato(moede.moededato),
        "moedested": moede.moedested,
        "medlemmer": danish.og(moede.medlemmer) if moede.medlemmer else "",
        "fravaerende": (
            (danish.og(moede.fravaerende) if moede.fravaerende else "Ingen")
            if referat and moede.fravaerende is not None
            else ""
        ),
        "overskrift": "Referat" if referat else "Dagsorden",
        "hele": "Hele referatet" if referat else "Hele dagsordenen",
    }


def render_site(
    moede: Moede,
    budgets: Mapping[Path, Budget],
    reports: Mapping[Path, Statusrapport],
    *,
    referat: bool,
    offentlig: bool,
    filer: Webfiler | None = None,
    forhaandsvisning: Mapping[str, Any] | None = None,
    notater: Mapping[Path, Notat] | None = None,
) -> tuple[list[Side], dict[str, Any]]:
    """The site of `moede` (for the public: its public view) and the data of each
    punkt (for meeting.json). A closed punkt of the public set is only "N. Lukket
    punkt" on the front page; for the members it has a page marked closed.
    `forhaandsvisning` puts the preview's banner (and its reload script) on every
    page. A status appendix and a notat (`notater`, by the bilag's file) get a page of
    their own; other bilag are their files. Raises CaseError where a case's
    placeholders or amounts are wrong."""
    filer = filer or Webfiler()
    notater = notater or {}
    env = _environment()
    faelles = {
        "moede": _moede_data(moede, referat=referat),
        "referat": referat,
        "offentlig": offentlig,
        "forhaandsvisning": forhaandsvisning,
        "stil": STIL,
    }
    punkter: list[dict[str, Any]] = []
    for punkt in moede.punkter:
        entry: dict[str, Any] = {
            "nummer": punkt.nummer,
            "titel": punkt.titel,
            "lukket": punkt.lukket,
            "staaende": punkt.staaende,
            "tekst": list(punkt.tekst),
            "side": None,
            "bilag": [],
            "beslutninger": [_beslutning(b) for b in punkt.beslutninger] if referat else [],
            "data": None,
        }
        if punkt.lukket and offentlig:
            entry["titel"] = LUKKET
            entry["beslutninger"] = []
        elif punkt.sag is not None:
            entry["side"] = punkt_side(punkt.nummer)
            entry["papir"] = filer.papirer.get(punkt.nummer)
            entry["data"] = punkt_data(punkt, budgets, reports, referat=referat)
            for bilag in punkt.bilag:
                rapport = notat = None
                if bilag.art.value == "statusbilag":
                    rapport = reports.get(bilag.kilde.resolve())
                elif bilag.art.value == "notat":
                    notat = notater.get(bilag.kilde)
                has_page = rapport is not None or notat is not None
                entry["bilag"].append(
                    {
                        "nummer": bilag.nummer,
                        "titel": bilag.titel,
                        "side": bilag_side(punkt.nummer, bilag.nummer) if has_page else None,
                        "fil": filer.bilag.get((punkt.nummer, bilag.nummer)),
                        "rapport": rapport,
                        "notat": notat,
                    }
                )
        punkter.append(entry)

    sider = [
        Side(
            FORSIDE,
            env.get_template("forside.html").render(
                **faelles, punkter=punkter, moedet=list(filer.moedet)
            ),
        )
    ]
    aabne = [p for p in punkter if p["side"]]
    for i, entry in enumerate(aabne):
        forrige = aabne[i - 1] if i else None
        naeste = aabne[i + 1] if i + 1 < len(aabne) else None
        sider.append(
            Side(
                entry["side"],
                env.get_template("punkt.html").render(
                    **faelles, punkt=entry, data=entry["data"], forrige=forrige, naeste=naeste
                ),
            )
        )
        for bilag in entry["bilag"]:
            if bilag["side"] is None:
                continue
            titel = f"Bilag {bilag['nummer']} til punkt {entry['nummer']}: {bilag['titel']}"
            if bilag["rapport"] is not None:
                template, data = "statusbilag.html", statusbilag_data(bilag["rapport"], titel)
            else:
                template, data = "notat.html", notat_data(bilag["notat"], titel)
            sider.append(
                Side(
                    bilag["side"],
                    env.get_template(template).render(
                        **faelles, punkt=entry, bilag=bilag, data=data
                    ),
                )
            )
    return sider, {"punkter": punkter}


def fejlside(titel: str, linjer: Sequence[str], *, forhaandsvisning: Mapping[str, Any]) -> str:
    """The preview's page for a meeting that can't be built: each problem on its own
    line, as `dagsorden tjek` prints it."""
    return (
        _environment()
        .get_template("fejl.html")
        .render(titel=titel, linjer=list(linjer), forhaandsvisning=forhaandsvisning, stil=STIL)
    )


def moede_json(
    moede: Moede, punkter: Sequence[Mapping[str, Any]], filer: Webfiler, *, referat: bool
) -> dict[str, Any]:
    """meeting.json: the meeting, its punkter, bilag and decisions as plain data for
    other systems (see README, "meeting.json"). Built from the same data as the pages,
    so it holds nothing the pages don't."""
    when = moede.moededato
    data: dict[str, Any] = {
        "format": "dagsorden-moede",
        "version": 1,
        "type": "referat" if referat else "dagsorden",
        "udvalg": moede.udvalg,
        "moededato": when.isoformat(timespec="minutes")
        if isinstance(when, dt.datetime)
        else when.isoformat(),
        "moededato_tekst": danish.dato_i_ord(when),
        "moedested": moede.moedested,
        "medlemmer": list(moede.medlemmer),
        "fravaerende": list(moede.fravaerende)
        if referat and moede.fravaerende is not None
        else None,
        "filer": [{"titel": titel, "href": fil.href} for titel, fil in filer.moedet],
        "punkter": [],
    }
    for entry in punkter:
        punkt: dict[str, Any] = {"nummer": entry["nummer"], "titel": entry["titel"]}
        if entry["titel"] == LUKKET and entry["side"] is None and entry["lukket"]:
            punkt["lukket"] = True
            data["punkter"].append(punkt)
            continue
        punkt["lukket"] = entry["lukket"]
        punkt["staaende"] = entry["staaende"]
        if entry["staaende"]:
            punkt["tekst"] = entry["tekst"]
        side = entry["data"]
        if side is not None:
            punkt |= {
                "side": entry["side"],
                "dokument": entry["papir"].href if entry.get("papir") else None,
                "b_sag": side["b_sag"],
                "sagsnr": side["sagsnr"] or None,
                "indstiller": side["indstiller"],
                "til": side["udvalg"],
                "resume": side["resume"] or None,
                "indstilling": side["indstilling"],
                "anbefaling": side["anbefaling"]["punkter"] if side["anbefaling"] else [],
                "afsnit": [
                    {"titel": a["titel"], "tekst": blokke_tekst(a["blokke"])}
                    if not a["ingen_oekonomi"]
                    else {
                        "titel": a["titel"],
                        "tekst": ["Indstillingen har ingen økonomiske konsekvenser."],
                    }
                    for a in side["afsnit"]
                ],
                "bilag": [
                    {
                        "nummer": b["nummer"],
                        "titel": b["titel"],
                        "side": b["side"],
                        "href": b["fil"].href if b["fil"] else None,
                    }
                    for b in entry["bilag"]
                ],
                "politisk_behandling": side["historik"],
            }
        punkt["beslutninger"] = entry["beslutninger"]
        data["punkter"].append(punkt)
    return data


__all__ = [
    "FORSIDE",
    "STIL",
    "Fil",
    "Side",
    "Webfiler",
    "barometer_svg",
    "bilag_side",
    "fejlside",
    "moede_json",
    "notat_data",
    "oekonomi_data",
    "punkt_data",
    "punkt_side",
    "render_site",
    "statusbilag_data",
    "stil",
]
