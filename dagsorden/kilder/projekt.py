"""Starting from nothing: a working folder (`dagsorden ny projekt`) and the skeletons
of a meeting file, a case and a notat (`ny moede`, `ny sag`, `ny notat`).

Every skeleton reads and builds as it is written: the required keys have values, the
optional ones stand commented out with an example, and the body holds the standard
sections with a sentence saying what goes there. A project is written whole or not at
all: into a hidden folder beside the target, renamed into place when every file is
there, and never into an existing folder that holds anything.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import shutil
import tempfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from dagsorden.errors import OutputError
from dagsorden.kerne.model import Delmaal, Enhed, Maal, Pejlemaerke, Tekst
from dagsorden.kerne.sager import STANDARD_AFSNIT
from dagsorden.output import check_name_length, folder_mode, output_error, write_atomically

__all__ = [
    "SKABELONNAVNE",
    "Dato",
    "config_tekst",
    "moede_tekst",
    "notat_tekst",
    "sag_tekst",
    "write_projekt",
    "write_sag",
    "write_tekst",
]

SKABELONNAVNE = ("dagsorden", "indstilling", "notat", "oekonomi", "statusbilag")
"""The bundled Word templates a new project gets a copy of."""

EKSEMPELSAG = "boligindsats"
"""The example case's folder in a new project."""


@dataclass(frozen=True)
class Dato:
    """A date as the skeletons write it, with the meeting's time when given."""

    dato: dt.date
    tid: dt.time | None = None

    @classmethod
    def fra_tekst(cls, tekst: str) -> Dato | None:
        """19.11.2025, 19.11.2025 kl. 16:00 or 2025-11-19 16:00; None if no date."""
        from dagsorden.kilder.front_matter import date_parts

        parts = date_parts(" ".join(tekst.split()))
        if parts is None:
            return None
        (year, month, day), time = parts
        try:
            return cls(dt.date(year, month, day), dt.time(*time) if time else None)
        except ValueError:
            return None

    @property
    def moede(self) -> str:
        """19.11.2025 kl. 16:00 (the meeting file's form)."""
        text = self.dato.strftime("%d.%m.%Y")
        return f"{text} kl. {self.tid.strftime('%H:%M')}" if self.tid else text

    @property
    def sag(self) -> str:
        return self.dato.strftime("%d.%m.%Y")

    @property
    def notat(self) -> str:
        return self.dato.strftime("%d-%m-%Y")


_PLAIN = re.compile(r"[A-Za-zÆØÅæøåÄÖÜäöüÉé][\w .,()/&-]*", re.UNICODE)


def _yaml(text: str) -> str:
    """`text` as a YAML value: as it is when that is safe, else in quotes."""
    plain = _PLAIN.fullmatch(text) and not text.endswith(" ") and ": " not in text
    return text if plain else json.dumps(text, ensure_ascii=False)


# --- the texts ----------------------------------------------------------------------


def moede_tekst(udvalg: str, dato: Dato, *, eksempel: str | None = None) -> str:
    """A meeting file. Without `eksempel` (a case folder) its punkter are the
    standing items alone, so it builds before any case exists."""
    if eksempel:
        punkter = f"""\
punkter:
  - titel: Godkendelse af dagsorden
  - sag: {eksempel}
    statusbilag: ../workbooks     # et statusbilag af pejlemærke-arbejdsbøgerne
  - titel: Eventuelt
    tekst: Udvalgets medlemmer kan rejse spørgsmål, der ikke står på dagsordenen.
"""
    else:
        punkter = """\
punkter:
  - titel: Godkendelse af dagsorden
  # Sæt sagerne på her, i dagsordenens rækkefølge: mappens navn, relativt til denne
  # fil. Lav en ny sag med: dagsorden ny sag cases/boligindsats
  # - boligindsats
  - titel: Eventuelt
"""
    kommando = "`dagsorden byg`" if eksempel else "`dagsorden byg FIL`"
    return f"""\
# Mødefilen: ét møde i ét udvalg. {kommando} bygger det.
# Punkterne får numre i den rækkefølge, de står under 'punkter'. dagsorden.toml og
# templates/ findes fra denne fils mappe og opad, ikke fra den mappe, du står i.
udvalg: {_yaml(udvalg)}
moededato: {dato.moede}
moedested: Rådhuset
# medlemmer: [Ane Hansen, Bo Jensen, Carl Nielsen]   # valgfri
{punkter}
# Efter mødet, til `dagsorden byg --referat`: hvem der var fraværende, og hvad der
# blev besluttet (pr. punkt eller sag). Sagerne selv rettes ikke.
# fravaerende: [Bo Jensen]
# beslutninger:
#   - punkt: 1
#     beslutning: Dagsordenen blev godkendt.
"""


def sag_tekst(udvalg: str, dato: Dato, titel: str, indstiller: str, *, punkt: int = 1) -> str:
    """A case's sag.md: the required keys with values, the others commented out,
    and the standard sections."""
    afsnit = {
        "Problemstilling": (
            "Skriv her, hvad sagen handler om, og hvorfor den kommer på dagsordenen nu."
        ),
        "Løsning": "Skriv her forvaltningens forslag og begrundelsen for det.",
        "Økonomi": (
            "Sagen har ingen økonomiske konsekvenser. Har den det, så læg en "
            "budget-arbejdsbog i mappen (dagsorden ny budget budget.xlsx), og skriv "
            "'oekonomi: budget.xlsx' i front matter."
        ),
        "Videre proces": "Skriv her, hvad der sker, når udvalget har besluttet.",
    }
    body = "\n".join(
        f"## {navn}\n\n{afsnit.get(navn, 'Skriv afsnittet her.')}\n" for navn in STANDARD_AFSNIT
    )
    return f"""\
---
# Sagens fakta. udvalg, moededato, punkt, titel, indstiller og indstilling skal stå.
# I et møde får sagen mødets dato og sit nummer fra moede.yaml; punkt og moededato
# her gælder, når den skrives alene med `dagsorden indstilling`.
udvalg: {_yaml(udvalg)}
moededato: {dato.sag}
punkt: {punkt}
titel: {_yaml(titel)}
# sagsnr: 2025-0000000
resume: >
  Skriv her et kort resumé: hvad udvalget skal tage stilling til, og hvorfor.
indstiller: {_yaml(indstiller)}
indstilling:
  - at {udvalg} godkender forvaltningens forslag
# oekonomi: budget.xlsx        # en budget-arbejdsbog i sagens mappe
# bilag:
#   - titel: Notat om boligindsatsen
#     fil: bilag/notat.md      # .md skrives som Word; .pdf, .docx, .xlsx kopieres
# lukket: true                 # et lukket punkt: kun i medlemmernes sæt
# underskrift: Fornavn Efternavn
---

{body}"""


def notat_tekst(til: str, dato: Dato, titel: str, forvaltning: str) -> str:
    """A notat's .md: til, dato and titel with values, the others commented out."""
    return f"""\
---
# Notatets fakta. til, dato og titel skal stå; resten er valgfrit.
til: {_yaml(til)}
dato: {dato.notat}
titel: {_yaml(titel)}
# bilagsnr: 1
# sagsnr: 2025-0000000
# dokumentnr: 2025-0000000-1
# sagsbehandler: Fornavn Efternavn
# afsender:
#   center: Center for Politik
#   forvaltning: {forvaltning}
#   adresse:
#     - Rådhuset
#     - 1550 København V
#   telefon: 3366 3366
#   email: navn@kk.dk
#   ean: "5798000000000"
---

Skriv her notatets indledning: hvad det handler om, og hvem det er til.

## Baggrund

Skriv her baggrunden. Afsnit begynder med '## ', punktopstillinger med '- '.

## Konklusion

Skriv her, hvad notatet konkluderer.
"""


_CONFIG_KOMMENTARER = {
    "overskrift": 'overskriften over at-punkterne, fx "Indstilling"',
    "at_punkter": '"tal" (1. at ...) eller "punkttegn" (• at ...)',
    "indledning": "indledningen; {indstiller} og {udvalg} fyldes ud",
    "resume_overskrift": 'en overskrift over resuméet, fx "Resumé"; tom: ingen',
    "afsnit": "standardafsnittene i den rækkefølge, de skal stå",
    "valgfri": "de standardafsnit, en sag må udelade",
}


def config_tekst(kendte_afsnit: Iterable[str] = ()) -> str:
    """A dagsorden.toml with every key at its default, each explained.

    `kendte_afsnit` are the sections the reader knows (`config._KEYS`): the paper's
    form ([indstilling]) is written only when it does, with the defaults of
    `kerne.sager.Papirform`."""
    tekst = """\
# dagsorden.toml: projektets indstillinger. Hver nøgle står med sin standardværdi;
# slet en linje, og standarden gælder. En ukendt nøgle er en fejl, så en stavefejl
# aldrig stille giver standarden. dagsorden finder filen fra mødefilens (eller
# sagens, notatets, arbejdsbogens) mappe og opad, ikke fra den mappe, du står i.

[status]
skala = "-5..5"              # eller "0..10", som papirerne 2010-2013
manglende_status = "udelad"  # eller "nul": et delmål uden status tæller som 0

[farver]
metode = "taerskler"         # eller "forventet": den rette linje fra baseline til mål
roed_under = 0.0             # rød under, på skalaen -5..5 (også ved "0..10")
groen_fra = 4.5              # grøn fra; gul imellem

[dokument]
forfatter = ""               # forfatteren i dokumenternes egenskaber, fx
                             # "Socialforvaltningen"; tom: hvert dokuments egen
"""
    if "indstilling" in set(kendte_afsnit):
        tekst += "\n" + _indstilling_tekst()
    return tekst


def _indstilling_tekst() -> str:
    """[indstilling] with the defaults of the paper's form (the seeds')."""
    from dagsorden.kerne import sager

    form = sager.Papirform()  # type: ignore[attr-defined, unused-ignore]
    linjer = [
        "# Papirernes form; en sag kan ændre den med indstilling_form: i sin sag.md.",
        "[indstilling]",
    ]
    for noegle in sager.PAPIRFORM_NOEGLER:  # type: ignore[attr-defined, unused-ignore]
        vaerdi = getattr(form, noegle)
        vaerdi = getattr(vaerdi, "value", vaerdi)
        if isinstance(vaerdi, tuple):
            toml = "[" + ", ".join(json.dumps(v, ensure_ascii=False) for v in vaerdi) + "]"
        else:
            toml = json.dumps(vaerdi, ensure_ascii=False)
        kommentar = _CONFIG_KOMMENTARER.get(noegle)
        linjer += [f"# {kommentar}"] if kommentar else []
        linjer.append(f"{noegle} = {toml}")
    return "\n".join(linjer) + "\n"


EKSEMPEL_PEJLEMAERKE = Pejlemaerke(
    nummer=1,
    titel="Flere udsatte københavnere har en bolig",
    omraade="Udsatte voksne københavnere",
    baselineaar=2013,
    statusaar=2014,
    maalaar=2017,
    ansvarlig="Socialforvaltningen",
    delmaal=(
        Delmaal("A", "1.000 udsatte københavnere får anvist en bolig i 2017", 859, 828, Maal(1000)),
        Delmaal("B", "Der sker 80 færre udsættelser i 2017", 538, 474, Maal(458)),
        Delmaal(
            "C",
            "Flere københavnere, der får anvist en bolig, fastholder deres bolig",
            95.9,
            97.1,
            Maal(97.5),
            enhed=Enhed.PCT,
        ),
    ),
    tekster=(
        Tekst("Årsager", "Færre boliger er blevet ledige til anvisning end ventet."),
        Tekst("Aktivitet", "Bostøtte følger borgeren det første år i den nye bolig."),
    ),
)
"""The example workbook's pejlemærke: seed 002's figures for pejlemærke 1 (three of
its delmål), with short texts of the example's own."""


def _eksempelsag(udvalg: str, dato: Dato) -> str:
    return f"""\
---
# Eksempelsagen: en sag med statustabel fra arbejdsbøgerne i ../../workbooks og et
# notat som bilag. Tallene er fra Socialudvalgets pejlemærke 1 (status 2014). Ret den,
# eller lav din egen med: dagsorden ny sag cases/NAVN
udvalg: {_yaml(udvalg)}
moededato: {dato.sag}
punkt: 2
titel: Status på pejlemærket om boliger til udsatte københavnere
resume: >
  Status på pejlemærket om boliger til udsatte københavnere. Flere fastholder deres
  bolig, men færre har fået anvist en bolig end ved baseline.
indstiller: Socialforvaltningen
indstilling:
  - at {udvalg} tager status på pejlemærket til efterretning
bilag:
  - titel: Notat om boligindsatsen
    fil: bilag/notat.md
---

## Problemstilling

Udvalget har sat et pejlemærke om, at flere udsatte københavnere har en bolig. Dette er
status for 2014, målt mod baseline fra 2013.

## Løsning

Tabellen viser pejlemærkets samlede status. Bilaget uddyber indsatsen.

[[statustabel: ../../workbooks]]

## Økonomi

Sagen har ingen økonomiske konsekvenser.

## Videre proces

Næste status forelægges udvalget, når tallene for 2015 foreligger.
"""


def _eksempelnotat(udvalg: str, dato: Dato) -> str:
    return f"""\
---
# Eksempelsagens bilag. Et nyt notat: dagsorden ny notat FIL.md
til: {_yaml(udvalg)}
dato: {dato.notat}
titel: Notat om boligindsatsen
sagsbehandler: Socialforvaltningen
---

Notatet uddyber status på pejlemærket om boliger til udsatte københavnere.

## Indsatsen

- Socialforvaltningen anviser boliger til udsatte københavnere sammen med boligselskaberne.
- Bostøtte følger borgeren det første år i den nye bolig.

## Status

Færre har fået anvist en bolig end ved baseline, fordi færre boliger er blevet ledige.
Flere af dem, der har fået en bolig, bor der stadig.
"""


# --- writing ------------------------------------------------------------------------


def write_tekst(target: Path, tekst: str) -> Path:
    """Writes one skeleton file whole; never over an existing file."""
    return write_atomically(target, lambda temp: temp.write_text(tekst, encoding="utf-8"))


def write_sag(mappe: Path, tekst: str) -> Path:
    """Makes the case folder `mappe` with its sag.md; the folder must be new or
    empty. A failure leaves no folder behind."""
    _check_target(mappe, "sagsmappen")
    made = not mappe.exists()
    try:
        mappe.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise output_error(mappe, exc) from exc
    try:
        return write_tekst(mappe / "sag.md", tekst)
    except BaseException:
        if made:
            shutil.rmtree(mappe, ignore_errors=True)
        raise


def write_projekt(
    mappe: Path,
    skabeloner: Path,
    *,
    udvalg: str,
    dato: Dato,
    skriv_arbejdsbog: Callable[[Path, Pejlemaerke], object],
    kendte_afsnit: Iterable[str] = (),
) -> list[Path]:
    """Writes a new working folder `mappe`, whole or not at all; returns its files.

    `skabeloner` is the bundled templates folder (copied into templates/);
    `skriv_arbejdsbog` writes the example pejlemærke workbook (the standard writer).
    """
    _check_target(mappe, "projektmappen")
    if mappe.is_dir() and mappe.resolve() == Path.cwd().resolve():
        raise OutputError(
            f"{mappe}: projektmappen kan ikke være den mappe, du står i. Skriv et nyt navn, "
            "fx dagsorden ny projekt socialudvalget"
        )
    given, mappe = mappe, Path(os.path.abspath(mappe))
    parent = mappe.parent
    missing = [p for p in (parent, *parent.parents) if not p.exists() and not p.is_symlink()]
    try:
        parent.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=f".{mappe.name}-ny-", dir=parent))
        os.chmod(staging, folder_mode())
    except OSError as exc:
        _remove_empty(missing)
        raise output_error(mappe, exc) from exc
    try:
        files = _fill(staging, skabeloner, udvalg, dato, skriv_arbejdsbog, kendte_afsnit)
        _check_target(mappe, "projektmappen")  # again: someone may have put a file there
        if mappe.is_dir():
            os.rmdir(mappe)
        os.rename(staging, mappe)
    except OSError as exc:
        shutil.rmtree(staging, ignore_errors=True)
        _remove_empty(missing)
        raise output_error(mappe, exc) from exc
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        _remove_empty(missing)
        raise
    return [given / f.relative_to(staging) for f in files]


def _fill(
    root: Path,
    skabeloner: Path,
    udvalg: str,
    dato: Dato,
    skriv_arbejdsbog: Callable[[Path, Pejlemaerke], object],
    kendte_afsnit: Iterable[str],
) -> list[Path]:
    files: list[Path] = []

    def text(relative: str, content: str) -> None:
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        files.append(write_tekst(path, content))

    text("dagsorden.toml", config_tekst(kendte_afsnit))
    text("README.md", _laesmig(udvalg))
    text("cases/moede.yaml", moede_tekst(udvalg, dato, eksempel=EKSEMPELSAG))
    text(f"cases/{EKSEMPELSAG}/sag.md", _eksempelsag(udvalg, dato))
    text(f"cases/{EKSEMPELSAG}/bilag/notat.md", _eksempelnotat(udvalg, dato))
    (root / "workbooks").mkdir()
    workbook = root / "workbooks" / "pejlemaerke-1.xlsx"
    skriv_arbejdsbog(workbook, EKSEMPEL_PEJLEMAERKE)
    files.append(workbook)
    (root / "templates").mkdir()
    for navn in SKABELONNAVNE:
        target = root / "templates" / f"{navn}.docx"
        shutil.copyfile(skabeloner / f"{navn}.docx", target)
        os.chmod(target, folder_mode() & 0o666)
        files.append(target)
    text("templates/README.md", _skabelon_laesmig())
    return files


def _check_target(mappe: Path, hvad: str) -> None:
    """A new folder may be made where nothing is, or in an empty folder; never over a
    file, a link, or a folder that holds anything."""
    if mappe.is_symlink():
        raise OutputError(
            f"{mappe}: er et symbolsk link. Vælg et nyt navn til {hvad}, der ikke findes."
        )
    if mappe.exists() and not mappe.is_dir():
        raise OutputError(f"{mappe}: findes allerede som en fil. Vælg et andet navn til {hvad}.")
    if mappe.is_dir():
        try:
            indhold = next(iter(mappe.iterdir()), None)
        except OSError as exc:
            raise output_error(mappe, exc) from exc
        if indhold is not None:
            raise OutputError(
                f"{mappe}: mappen findes allerede og er ikke tom (den har fx "
                f"{indhold.name}). dagsorden skriver aldrig ind i en mappe med filer; vælg "
                f"et nyt navn til {hvad}, eller en tom mappe."
            )
    check_name_length(mappe)


def _remove_empty(folders: list[Path]) -> None:
    for folder in folders:  # innermost first
        try:
            folder.rmdir()
        except OSError:
            return


def _laesmig(udvalg: str) -> str:
    return f"""\
# Projektmappe for {udvalg}

Lavet med `dagsorden ny projekt`. Byg eksempelmødet, og se papirerne i `ud/`:

```sh
dagsorden tjek cases/moede.yaml   # tjek alt, skriv intet
dagsorden byg                     # byg cases/moede.yaml til ud/
```

- `cases/moede.yaml`: mødet (udvalg, dato, sted, punkterne i rækkefølge).
- `cases/{EKSEMPELSAG}/`: eksempelsagen med et notat som bilag. En ny sag:
  `dagsorden ny sag cases/NAVN`; et nyt notat: `dagsorden ny notat FIL.md`.
- `workbooks/`: pejlemærke-arbejdsbøgerne (`dagsorden ny pejlemaerke`).
- `templates/`: kopier af Word-skabelonerne. Ret dem i Word; slet en, og den
  medfølgende bruges.
- `dagsorden.toml`: indstillingerne, alle med deres standardværdi.

dagsorden finder `dagsorden.toml` og `templates/` fra mødefilens mappe og opad, så
`dagsorden byg` virker ens, uanset hvilken mappe du står i.
"""


def _skabelon_laesmig() -> str:
    return """\
# Word-skabelonerne

Kopier af dagsordens skabeloner: `dagsorden.docx` (dagsorden og referat),
`indstilling.docx` (sagernes indstillinger), `notat.docx`, `statusbilag.docx` og
`oekonomi.docx` (Økonomi-tabellen alene). Giv dem kommunens skrifttyper, margener,
sidefod og logo i Word. Felterne i `{{ ... }}` og `{% ... %}` fyldes ud og skal stå;
typografiernes navne (Overskrift 1-4, At-punkt, Resumé ...) skal også stå.

En skabelon, der ikke ligger her, tages fra dagsorden selv. `dagsorden byg` skriver,
hvilken mappe skabelonerne kom fra.
"""


# --- what a new case or notat takes from the meeting beside it -----------------------


@dataclass(frozen=True)
class Moedefakta:
    """The udvalg and date of the nearest meeting file, for a new case's defaults."""

    fil: Path
    udvalg: str
    moededato: Dato


def find_moedefakta(start: Path) -> Moedefakta | None:
    """The udvalg and date in the nearest moede.yaml (or cases/moede.yaml) from
    `start` upwards, stopping after the home folder; None when there is none or it
    can't be read (a new skeleton then takes the defaults: this never fails)."""
    import yaml

    folder = Path(os.path.abspath(start))
    try:
        home: Path | None = Path.home().resolve()
    except (RuntimeError, KeyError, OSError):
        home = None
    for candidate in (folder, *folder.parents):
        for fil in (candidate / "moede.yaml", candidate / "cases" / "moede.yaml"):
            if not fil.is_file():
                continue
            try:
                data = yaml.safe_load(fil.read_text(encoding="utf-8-sig"))
            except (OSError, UnicodeDecodeError, yaml.YAMLError):
                return None
            if not isinstance(data, dict):
                return None
            udvalg, dato = data.get("udvalg"), data.get("moededato")
            if isinstance(dato, dt.date):
                dato = dato.strftime("%d.%m.%Y")
            if not isinstance(udvalg, str) or not isinstance(dato, str):
                return None
            moededato = Dato.fra_tekst(dato)
            if not udvalg.strip() or moededato is None:
                return None
            return Moedefakta(fil, " ".join(udvalg.split()), moededato)
        if candidate == home:
            break
    return None
