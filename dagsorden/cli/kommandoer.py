"""The `dagsorden` command: parses arguments, calls the library, prints.

No logic lives here. Library modules are imported inside the commands, so
`dagsorden --help` and each command load only what they use (openpyxl and rich
cost a noticeable part of a second). A command does not catch errors: every
problem a user can fix is a DagsordenError, which `hoved.DagsordenGroup` prints in Danish
with exit code 1; usage errors exit 2, Ctrl-C 130 ("Afbrudt.").
"""

from __future__ import annotations

import contextlib
import json
import sys
from collections.abc import Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import click

from dagsorden.cli.clickdk import CONTEXT, DanishGroup
from dagsorden.errors import BuildError, CaseError, DagsordenError, WorkbookError

if TYPE_CHECKING:
    from dagsorden.dokumenter.render import Skabelon
    from dagsorden.kerne.model import Pejlemaerke
    from dagsorden.kilder.config import Projektfiler

UD_MAPPE = click.option(
    "-o",
    "--ud",
    type=click.Path(path_type=Path, file_okay=False),
    metavar="MAPPE",
    default=Path("ud"),
    help=(
        "Mappen dokumenterne skrives i (standard: ud). En fil, dagsorden ikke selv har "
        "skrevet, overskrives aldrig."
    ),
)


def _plain_text(_ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    """A text that goes into a document: control characters (a vertical tab pasted
    from Word) can't stand in a Word or Excel file, so they are refused here."""
    if value is None:
        return value
    bad = next((c for c in value if ord(c) < 32 and c not in "\t\n\r"), None)
    if bad is not None:
        raise click.BadParameter(
            f"teksten indeholder kontroltegnet U+{ord(bad):04X}, som ikke kan stå i et "
            "dokument. Skriv teksten uden det."
        )
    return value


def skabelon_option(name: str):
    """--skabelon: another Word template than the bundled templates/<name>.docx."""
    return click.option(
        "--skabelon",
        type=click.Path(path_type=Path, dir_okay=False, exists=True),
        metavar="FIL.docx",
        help=f"En anden Word-skabelon end templates/{name}.docx.",
    )


@contextlib.contextmanager
def _end_cleanly_on_sigterm() -> Iterator[None]:
    """`kill` (SIGTERM) ends a build like Ctrl-C does: its half-written folder is
    removed and LibreOffice stopped, instead of Python dying on the spot."""
    import signal

    def stop(_signum: int, _frame: object) -> None:
        raise KeyboardInterrupt

    try:
        previous = signal.signal(signal.SIGTERM, stop)
    except ValueError:  # not the main thread: leave signals alone
        yield
        return
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


SKALA_VALG = click.Choice(["-5..5", "0..10"])
MANGLENDE_VALG = click.Choice(["udelad", "nul"])


def report(error: DagsordenError) -> None:
    """Prints a DagsordenError as the user reads it: a workbook's problems one a line
    with their count, a case's or a build's problems one a line, anything else after
    "Fejl:"."""
    if isinstance(error, WorkbookError):
        for problem in error.problems:
            click.echo(str(problem), err=True)
        count = len(error.problems)
        click.echo(f"{count} {'problem' if count == 1 else 'problemer'} fundet.", err=True)
    elif isinstance(error, CaseError | BuildError):
        click.echo(str(error), err=True)
    else:
        click.echo(f"Fejl: {error}", err=True)


def _projekt(stier: Sequence[Path]) -> Projektfiler:
    """The dagsorden.toml and templates/ of the inputs `stier`, found from the first
    one's folder upwards. Inputs that would find different dagsorden.toml files are
    refused rather than all written with the first one's settings."""
    from dagsorden.kilder.config import find_projektfiler

    fundne = [(sti, find_projektfiler(sti)) for sti in stier]
    foerste_sti, foerste = fundne[0]
    for sti, fundet in fundne[1:]:
        if fundet.config != foerste.config:
            hvilke = " og ".join(str(f.config or "ingen") for f in (foerste, fundet))
            raise DagsordenError(
                f"{foerste_sti} og {sti} har hver sin dagsorden.toml ({hvilke}). Kør "
                "kommandoen for hver for sig."
            )
    return foerste


def _brugt(projekt: Projektfiler, skabeloner: Mapping[str, Skabelon]) -> str:
    """What `byg` says it used: "Bruger indstillingerne i projekt/dagsorden.toml og
    skabelonerne i projekt/templates."."""
    from dagsorden.output import shown

    if projekt.config is not None:
        indstillinger = f"indstillingerne i {shown(projekt.config)}"
    else:
        indstillinger = "standardindstillingerne (ingen dagsorden.toml fundet)"
    mappe = projekt.skabeloner
    egne = {n for n, skabelon in skabeloner.items() if skabelon.path.parent == mappe}
    andre = sorted(set(skabeloner) - egne)
    if mappe is None or not egne:
        brugte = "de medfølgende skabeloner"
    else:
        brugte = f"skabelonerne i {shown(mappe)}"
        if andre:
            brugte += f" (de medfølgende til {', '.join(andre)})"
    return f"Bruger {indstillinger} og {brugte}."


ALLE = DanishGroup(name="dagsorden", context_settings=CONTEXT)
"""Where the commands are registered; `hoved.main`, the `dagsorden` group, loads
them from here when one is used (KOMMANDOER)."""


@ALLE.command(name="byg")
@click.argument("moedefil", required=False, type=click.Path(path_type=Path, exists=True))
@click.option(
    "-o",
    "--ud",
    type=click.Path(path_type=Path, file_okay=False),
    default=Path("ud"),
    metavar="MAPPE",
    help=(
        "Mappen mødet bygges i (standard: ud). Den erstattes, når bygningen lykkes, men "
        "kun hvis den er ny, tom eller bygget af dagsorden før."
    ),
)
@click.option("--pdf", is_flag=True, help="Lav også samlet.pdf med bogmærker (LibreOffice).")
@click.option("--referat", is_flag=True, help="Byg referatet: beslutningerne fyldes ud.")
@click.option(
    "--streng",
    is_flag=True,
    help=(
        "Med --referat: et punkt uden beslutning fra mødet er en fejl, ikke en advarsel "
        "(kode 1, intet skrives)."
    ),
)
@click.option(
    "--tillaeg",
    is_flag=True,
    help=(
        "Byg en tillægsdagsorden til den udsendte dagsorden i UD: nye og ændrede punkter "
        "og en liste over ændringerne, i UD/tillaeg-1/ (næste gang tillaeg-2/). Den "
        "udsendte dagsorden røres ikke."
    ),
)
@click.option(
    "--html",
    is_flag=True,
    help=(
        "Lav også det offentlige sæt som tilgængelig hjemmeside i UD/offentlig/web/ "
        "med meeting.json."
    ),
)
@click.option("--stille", is_flag=True, help="Ingen fremskridtslinje.")
def byg(
    moedefil: Path | None,
    ud: Path,
    pdf: bool,
    referat: bool,
    streng: bool,
    tillaeg: bool,
    html: bool,
    stille: bool,
) -> None:
    """Byg et helt møde: dagsorden, indstillinger, bilag og samlet dokument.

    MOEDEFIL er mødefilen (standard: cases/moede.yaml). Alt tjekkes først; er der
    problemer, listes de alle, og intet skrives. Mappen UD får to sæt:
    medlemmer/ og offentlig/ (uden lukkede punkter). Med --referat skrives
    referat.docx og referat-samlet.* ved siden af dagsordenen, som bliver, med
    beslutningerne fra mødefilens 'beslutninger' og de fraværende. Et punkt
    uden beslutning fra mødet giver en advarsel, med --streng en fejl.

    Med --tillaeg sammenlignes mødet med den udsendte dagsorden i UD, og
    UD/tillaeg-1/ får en tillægsdagsorden med de nye punkter (nummereret videre),
    de ændrede (med deres numre, mærket "ændret"), de udgåede og deres papirer.

    Med --html skrives det offentlige sæt også som hjemmeside i
    UD/offentlig/web/: index.html, en side pr. punkt, statusbilag med tabeller
    og barometre, filerne og meeting.json. Siden tjekkes for CPR-numre som
    Word-filerne. Se den, mens du arbejder, med 'dagsorden vis'.

    dagsorden sletter aldrig filer, det ikke selv har skrevet: UD skal være ny,
    tom eller bygget af dagsorden før (mærkefilen .dagsorden-byg).

    \b
    Eksempler:
      dagsorden byg
      dagsorden byg cases/moede.yaml -o ud --pdf
      dagsorden byg cases/moede.yaml -o ud --tillaeg --pdf
      dagsorden byg --referat --streng
      dagsorden byg --html --pdf
    """
    from functools import partial

    from dagsorden.byg.pakke import libreoffice_i_forvejen

    if streng and not referat:
        raise click.BadParameter("bruges kun sammen med --referat.", param_hint="--streng")
    if tillaeg and html:
        raise click.BadParameter(
            "kan ikke bruges sammen med --tillaeg: byg hjemmesiden med hele mødet.",
            param_hint="--html",
        )
    if tillaeg and referat:
        raise click.BadParameter(
            "kan ikke bruges sammen med --referat: byg tillægget før mødet og referatet efter.",
            param_hint="--tillaeg",
        )
    moedefil = moedefil or Path("cases") / "moede.yaml"
    # UD is replaced whole: a web site from the last build is gone unless --html.
    web_foer = ud / "offentlig" / "web"
    havde_web = (web_foer / "index.html").is_file()
    try:
        with _end_cleanly_on_sigterm(), libreoffice_i_forvejen(pdf) as kontor:
            # Imported once LibreOffice starts: its start goes on beside them.
            from dagsorden.byg import moede as bygning
            from dagsorden.byg import tillaeg as supplement
            from dagsorden.kilder.config import find_projektfiler, load_config

            if tillaeg:
                supplement.check_published(ud)  # before reading the whole meeting
            projekt = find_projektfiler(moedefil)
            plan = bygning.plan(
                moedefil,
                ud,
                load_config(projekt.config),
                pdf=pdf,
                referat=referat,
                streng=streng,
                skabelonmappe=projekt.skabeloner,
                html=html,
            )
            plan.kontor = kontor
            job = supplement.plan(plan) if tillaeg else None
            udfoer = partial(supplement.udfoer, job) if job else partial(bygning.udfoer, plan)
            if stille:
                files = udfoer()
            else:
                with click.progressbar(
                    length=(job or plan).trin, label="Bygger mødet", file=sys.stderr
                ) as bar:
                    files = udfoer(lambda _label: bar.update(1))
    except KeyboardInterrupt:
        click.echo(f"Afbrudt. Intet er skrevet til {ud}.", err=True)
        sys.exit(130)
    for warning in (job or plan).advarsler:
        click.echo(f"Advarsel: {warning}", err=True)
    if havde_web and not (web_foer / "index.html").is_file():
        click.echo(
            f"Advarsel: {web_foer}: web/ fra sidste bygning er ikke bygget igen og er nu "
            "væk (brug --html for at bygge hjemmesiden med).",
            err=True,
        )
    if job:
        click.echo(job.opsummering)
    for name, paths in files.items():
        click.echo(f"Skrev {len(paths)} filer til {ud / name}")
    click.echo(_brugt(projekt, plan.skabeloner))


@ALLE.group(name="ny")
def ny() -> None:
    """Lav en ny projektmappe, mødefil, sag, notat eller arbejdsbog.

    Alt, hvad 'ny' skriver, kan bygges, som det er, og overskriver aldrig noget.

    \b
    Eksempler:
      dagsorden ny projekt socialudvalget
      dagsorden ny moede cases/moede.yaml --udvalg Socialudvalget --dato "19.11.2025 kl. 16:00"
      dagsorden ny sag cases/boligindsats --titel "Flere udsatte har en bolig"
      dagsorden ny notat cases/boligindsats/bilag/notat.md
      dagsorden ny pejlemaerke pejlemaerke-1.xlsx --nummer 1 --titel "Flere har en bolig"
      dagsorden ny budget budget.xlsx --aar 2011
    """


class DatoType(click.ParamType):
    """A date, optionally with the time: 19.11.2025, 19.11.2025 kl. 16:00, 2025-11-19."""

    name = "dato"

    def convert(self, value: object, param: click.Parameter | None, ctx: click.Context | None):
        from dagsorden.kilder.projekt import Dato

        dato = value if isinstance(value, Dato) else Dato.fra_tekst(str(value))
        if dato is None:
            self.fail(
                f"'{value}' er ikke en dato. Skriv fx 19.11.2025 eller '19.11.2025 kl. 16:00'.",
                param,
                ctx,
            )
        return dato


DATO = click.option(
    "--dato",
    type=DatoType(),
    metavar="DATO",
    help="Mødets dato, evt. med klokkeslæt: '19.11.2025 kl. 16:00' (standard: i dag kl. 16:00).",
)
UDVALG = click.option(
    "--udvalg",
    metavar="TEKST",
    callback=_plain_text,
    help="Udvalgets navn (standard: mødefilens, ellers Socialudvalget).",
)
STANDARD_UDVALG = "Socialudvalget"


def _today():
    import datetime as dt

    from dagsorden.kilder.projekt import Dato

    return Dato(dt.date.today(), dt.time(16, 0))


@ny.command(name="projekt")
@click.argument("mappe", type=click.Path(path_type=Path))
@UDVALG
@DATO
def ny_projekt(mappe: Path, udvalg: str | None, dato) -> None:
    """Lav en ny projektmappe MAPPE med et eksempelmøde, der kan bygges.

    \b
    MAPPE får:
      cases/moede.yaml       mødet: udvalg, dato, sted og punkterne
      cases/boligindsats/    en eksempelsag med et notat som bilag
      workbooks/             en pejlemærke-arbejdsbog
      templates/             kopier af Word-skabelonerne, som I kan rette
      dagsorden.toml         indstillingerne, alle med standardværdien

    MAPPE må ikke findes, eller skal være tom; intet skrives, hvis noget går galt.

    \b
    Eksempel:
      dagsorden ny projekt socialudvalget && cd socialudvalget && dagsorden byg
    """
    from dagsorden.dokumenter.render import TEMPLATES
    from dagsorden.kilder.config import _KEYS
    from dagsorden.kilder.projekt import write_projekt
    from dagsorden.kilder.workbook_writer import write_pejlemaerke_workbook

    files = write_projekt(
        mappe,
        TEMPLATES,
        udvalg=udvalg or STANDARD_UDVALG,
        dato=dato or _today(),
        skriv_arbejdsbog=write_pejlemaerke_workbook,
        kendte_afsnit=_KEYS,
    )
    click.echo(f"Skrev projektmappen {mappe} med {len(files)} filer. Byg eksempelmødet med:")
    click.echo(f"  cd {mappe}")
    click.echo("  dagsorden byg")


@ny.command(name="moede")
@click.argument("fil", type=click.Path(path_type=Path, dir_okay=False))
@UDVALG
@DATO
def ny_moede(fil: Path, udvalg: str | None, dato) -> None:
    """Skriv en ny mødefil FIL.yaml med de faste punkter.

    Mødefilen har udvalg, dato, sted og punkterne Godkendelse af dagsorden og
    Eventuelt; sæt sagerne på under 'punkter'. Filen overskrives aldrig.

    \b
    Eksempel:
      dagsorden ny moede cases/moede.yaml --udvalg Socialudvalget --dato "19.11.2025 kl. 16:00"
    """
    from dagsorden.kilder.projekt import moede_tekst, write_tekst

    if fil.suffix.lower() not in MOEDEFIL_ENDELSER:
        raise click.BadParameter("filnavnet skal ende på .yaml", param_hint="FIL")
    _check_new_file(fil)
    write_tekst(fil, moede_tekst(udvalg or STANDARD_UDVALG, dato or _today()))
    click.echo(f"Skrev {fil}. Sæt sagerne på under 'punkter', og byg med: dagsorden byg {fil}")


@ny.command(name="sag")
@click.argument("mappe", type=click.Path(path_type=Path, file_okay=False))
@click.option("--titel", metavar="TEKST", callback=_plain_text, help="Sagens titel.")
@UDVALG
@DATO
@click.option(
    "--indstiller",
    metavar="TEKST",
    default="Socialforvaltningen",
    callback=_plain_text,
    help="Forvaltningen, der indstiller (standard: Socialforvaltningen).",
)
def ny_sag(mappe: Path, titel: str | None, udvalg: str | None, dato, indstiller: str) -> None:
    """Lav en ny sagsmappe MAPPE med en sag.md, der kan bygges.

    sag.md har de nøgler, der skal stå (udvalg, moededato, punkt, titel,
    indstiller, indstilling), de valgfri som kommentarer, og standardafsnittene
    med en linje om, hvad der skal stå. Udvalg og dato tages fra mødefilen ved
    siden af (moede.yaml), hvis der er en. MAPPE må ikke findes, eller skal være
    tom.

    \b
    Eksempel:
      dagsorden ny sag cases/boligindsats --titel "Flere udsatte har en bolig"
    """
    from dagsorden.kilder.projekt import find_moedefakta, sag_tekst, write_sag

    fakta = find_moedefakta(mappe.parent)
    navn = " ".join(mappe.name.replace("-", " ").replace("_", " ").split())
    fil = write_sag(
        mappe,
        sag_tekst(
            udvalg or (fakta.udvalg if fakta else STANDARD_UDVALG),
            dato or (fakta.moededato if fakta else _today()),
            titel or (navn[:1].upper() + navn[1:]) or "Ny sag",
            indstiller,
        ),
    )
    click.echo(f"Skrev {fil}. Skriv sagen, og tjek den med: dagsorden indstilling {mappe}")
    if fakta is not None and fakta.fil.parent.resolve() == mappe.resolve().parent:
        click.echo(f"Sæt den på mødet med linjen '- {mappe.name}' under 'punkter' i {fakta.fil}.")


@ny.command(name="notat")
@click.argument("fil", type=click.Path(path_type=Path, dir_okay=False))
@click.option("--titel", metavar="TEKST", callback=_plain_text, help="Notatets titel.")
@click.option(
    "--til",
    metavar="TEKST",
    callback=_plain_text,
    help="Modtageren (standard: mødefilens udvalg, ellers Socialudvalget).",
)
@click.option("--dato", type=DatoType(), metavar="DATO", help="Notatets dato (standard: i dag).")
def ny_notat(fil: Path, titel: str | None, til: str | None, dato) -> None:
    """Skriv et nyt notat FIL.md, der kan skrives som Word-dokument.

    Notatet har til, dato og titel, de valgfri nøgler (bilagsnr, sagsnr,
    afsender ...) som kommentarer, og et par afsnit. Filen overskrives aldrig.
    Som bilag til en sag: læg det i sagens mappe, og nævn det under 'bilag'.

    \b
    Eksempel:
      dagsorden ny notat cases/boligindsats/bilag/notat.md --titel "Notat om boligindsatsen"
    """
    from dagsorden.kilder.projekt import find_moedefakta, notat_tekst, write_tekst

    if fil.suffix.lower() != ".md":
        raise click.BadParameter("filnavnet skal ende på .md", param_hint="FIL")
    _check_new_file(fil)
    if not fil.parent.exists() and fil.parent.parent.is_dir():
        # A case's bilag/ folder, as `ny sag`'s sag.md suggests: made here, one level.
        fil.parent.mkdir()
    fakta = find_moedefakta(fil.parent)
    navn = " ".join(fil.stem.replace("-", " ").replace("_", " ").split())
    write_tekst(
        fil,
        notat_tekst(
            til or (fakta.udvalg if fakta else STANDARD_UDVALG),
            dato or _today(),
            titel or (navn[:1].upper() + navn[1:]) or "Notat",
            "Socialforvaltningen",
        ),
    )
    click.echo(f"Skrev {fil}. Skriv notatet, og se det med: dagsorden notat {fil}")


def _check_new_file(fil: Path) -> None:
    """`ny` never overwrites (write_atomically refuses); nor does it put a workbook in
    a meeting build folder, which the next `byg` would refuse to replace."""
    from dagsorden.output import check_output_file

    if fil.exists() or fil.is_symlink():
        raise DagsordenError(f"{fil}: filen findes allerede. Vælg et andet navn, eller slet den.")
    check_output_file(fil)


@ny.command(name="pejlemaerke")
@click.argument("fil", type=click.Path(path_type=Path, dir_okay=False))
@click.option(
    "--nummer", type=click.IntRange(min=1), metavar="N", help="Pejlemærkets nummer (1 og op)."
)
@click.option(
    "--titel", default="", metavar="TEKST", callback=_plain_text, help="Pejlemærkets titel."
)
def ny_pejlemaerke(fil: Path, nummer: int | None, titel: str) -> None:
    """Skriv en tom pejlemærke-arbejdsbog til FIL.xlsx.

    Filen overskrives aldrig; findes den, vælg et andet navn.

    \b
    Eksempel:
      dagsorden ny pejlemaerke pejlemaerke-1.xlsx --nummer 1 --titel "Flere har en bolig"
    """
    from dagsorden.kilder.workbook_writer import write_pejlemaerke_workbook

    if fil.suffix.lower() != ".xlsx":
        raise click.BadParameter("filnavnet skal ende på .xlsx", param_hint="FIL")
    _check_new_file(fil)
    write_pejlemaerke_workbook(fil, nummer=nummer, titel=titel)
    click.echo(f"Skrev {fil}. Udfyld de orange celler, og tjek den med: dagsorden tjek {fil}")


class FormValg(click.Choice):
    """The forms of `ny budget --form`: Danish names (år, områder), any case, and their
    spellings without æ, ø, å (aar, omraader) for shells and keyboards without them."""

    def __init__(self) -> None:
        from dagsorden.kilder.budgetformer import FORMER

        super().__init__(FORMER, case_sensitive=False)

    def convert(self, value: object, param: click.Parameter | None, ctx: click.Context | None):
        from dagsorden.kilder.budgetformer import form_navn

        try:
            return form_navn(str(value))
        except ValueError:
            return super().convert(value, param, ctx)


@ny.command(name="budget")
@click.argument("fil", type=click.Path(path_type=Path, dir_okay=False))
@click.option(
    "--aar",
    type=click.IntRange(min=1900, max=2100),
    metavar="ÅR",
    help=(
        "Året i kolonnerne og prisniveauet (standard: i år). Formen år får fire år fra "
        "ÅR; regnskab, prognose og tilskud bruger ÅR i kolonnernes navne."
    ),
)
@click.option(
    "--form",
    type=FormValg(),
    default="år",
    show_default=True,
    help=(
        "Tabellens form: år (en kolonne pr. år), regnskab (regnskab mod budget med "
        "afvigelse og pct.), prognose (korrigeret budget, forbrug, forventet regnskab, "
        "afvigelse, en Heraf-linje og en total), områder (grupper med Netto og I alt, "
        "kolonner Service og Anlæg) eller tilskud (en tilskudsliste med Hovedtotal). "
        "aar og omraader virker også."
    ),
)
def ny_budget(fil: Path, aar: int | None, form: str) -> None:
    """Skriv en tom budget-arbejdsbog til FIL.xlsx.

    Arbejdsbogen har rækker og kolonner til den valgte form: som standard en
    kolonne for hvert af fire år fra --aar (standard: i år). Filen overskrives
    aldrig; findes den, vælg et andet navn.

    \b
    Eksempler:
      dagsorden ny budget budget.xlsx --aar 2011
      dagsorden ny budget prognose.xlsx --form prognose --aar 2025
      dagsorden ny budget tilskud.xlsx --form tilskud
    """
    from dagsorden.kilder.workbook_writer import write_budget_workbook

    if fil.suffix.lower() != ".xlsx":
        raise click.BadParameter("filnavnet skal ende på .xlsx", param_hint="FIL")
    _check_new_file(fil)
    write_budget_workbook(fil, foerste_aar=aar, form=form)
    click.echo(
        f"Skrev {fil}. Udfyld de orange celler, og se tabellen med: dagsorden oekonomi {fil}"
    )


@ALLE.command(name="oekonomi")
@click.argument("fil", type=click.Path(path_type=Path, dir_okay=False, exists=True))
@click.option(
    "-o",
    "--ud",
    type=click.Path(path_type=Path, dir_okay=False),
    metavar="FIL.docx",
    help="Skriv også tabellen som et lille Word-dokument (.docx).",
)
def oekonomi(fil: Path, ud: Path | None) -> None:
    """Tjek en budget-arbejdsbog, og vis dens Økonomi-tabel.

    Tallene tjekkes (også summer, totaler og I alt, du selv har skrevet), og
    tabellen vises, som indstillingen viser den, med et beløb, teksten kan
    nævne. Med -o skrives tabellen også som .docx. Afslutter med kode 1, hvis
    der er problemer.

    \b
    Eksempler:
      dagsorden oekonomi cases/forebyggelse/budget.xlsx
      dagsorden oekonomi cases/forebyggelse/budget.xlsx -o tabel.docx
    """
    from dagsorden.kerne.oekonomi import oekonomi_tabel
    from dagsorden.kerne.pladsholdere import citerbart
    from dagsorden.kilder.budget_workbook import read_budget

    if ud is not None and ud.suffix.lower() != ".docx":
        raise click.BadParameter("filnavnet skal ende på .docx", param_hint="-o")

    budget = read_budget(fil)
    tabel = oekonomi_tabel(budget)
    from dagsorden.cli.terminal import print_oekonomi

    print_oekonomi(tabel, tekst=citerbart(budget))
    if ud is not None:
        from dagsorden.byg.enkelt import write_oekonomi_document
        from dagsorden.kilder.config import load_config

        projekt = _projekt([fil])
        write_oekonomi_document(
            budget, fil, ud, load_config(projekt.config).forfatter, projekt.skabeloner
        )
        click.echo(f"Skrev {ud}")


MOEDEFIL_ENDELSER = (".yaml", ".yml")


@ALLE.command(name="tjek")
@click.argument("stier", nargs=-1, type=click.Path(path_type=Path, exists=True))
def tjek(stier: tuple[Path, ...]) -> None:
    """Tjek et møde eller pejlemærke-arbejdsbøger, og list alle problemer.

    STIER er mødefiler (.yaml), mapper og arbejdsbøger. En mødefil tjekkes, som
    'dagsorden byg' ville læse den: mødefilen, dens sager, notater, budget- og
    pejlemærke-arbejdsbøger, bilag, dagsorden.toml og skabeloner. Intet skrives.
    En mappe tjekkes for pejlemærke-arbejdsbøger og sin moede.yaml. Uden STIER:
    den aktuelle mappes arbejdsbøger og cases/moede.yaml. Afslutter med kode 1,
    hvis der er problemer.

    \b
    Eksempler:
      dagsorden tjek cases/moede.yaml
      dagsorden tjek workbooks/eksempler
      dagsorden tjek
    """
    from dagsorden.kilder.pejlemaerke_workbook import find_workbooks, read_pejlemaerker

    paths = list(stier) or [Path.cwd()]
    moeder: list[Path] = []
    arbejdsbogsstier: list[Path] = []
    for path in paths:
        if path.is_dir():
            arbejdsbogsstier.append(path)
            moeder.extend(p for p in (path / "moede.yaml",) if p.is_file())
        elif path.suffix.lower() in MOEDEFIL_ENDELSER:
            moeder.append(path)
        else:
            arbejdsbogsstier.append(path)
    if not stier and (Path("cases") / "moede.yaml").is_file():
        moeder.append(Path("cases") / "moede.yaml")
    files = find_workbooks(arbejdsbogsstier)
    if not files and not moeder:
        raise DagsordenError(
            "Ingen mødefil (moede.yaml) eller arbejdsbøger (.xlsx) at tjekke. Angiv dem, "
            "fx dagsorden tjek cases/moede.yaml"
        )
    if not moeder:
        # Its problems: DagsordenGroup lists them.
        advarsler = _print_warnings(read_pejlemaerker(arbejdsbogsstier))
        click.echo(f"Ingen problemer i {_arbejdsboeger(len(files))}{_advarsler(advarsler)}.")
        return
    problems: list[str] = []
    fine: list[str] = []
    for moedefil in moeder:
        problems_before = len(problems)
        tjekket = _tjek_moede(moedefil, problems)
        if len(problems) == problems_before:
            fine.append(tjekket)
    if files:
        try:
            advarsler = _print_warnings(read_pejlemaerker(arbejdsbogsstier))
            fine.append(_arbejdsboeger(len(files)) + _advarsler(advarsler))
        except DagsordenError as error:
            problems.extend(_problem_lines(error))
    for line in fine:
        click.echo(f"Ingen problemer i {line}.")
    if problems:
        for line in problems:
            click.echo(line, err=True)
        count = len(problems)
        click.echo(f"{count} {'problem' if count == 1 else 'problemer'} fundet.", err=True)
        sys.exit(1)


def _advarsler(antal: int) -> str:
    if not antal:
        return ""
    return f" ({antal} {'advarsel' if antal == 1 else 'advarsler'})"


def _arbejdsboeger(antal: int) -> str:
    return f"{antal} {'arbejdsbog' if antal == 1 else 'arbejdsbøger'}"


def _problem_lines(error: DagsordenError) -> list[str]:
    problems = getattr(error, "problems", None)
    if problems:
        return [str(p) for p in problems]
    return [str(error) if isinstance(error, CaseError | BuildError) else f"Fejl: {error}"]


def _tjek_moede(moedefil: Path, problems: list[str]) -> str:
    """Reads and checks a meeting as `byg` would (`byg.moede.plan`), writing
    nothing: the build folder it is given is a name in the temporary folder that is
    never made. Its problems go on `problems`; returns what was checked."""
    import os
    import tempfile

    from dagsorden.byg import moede as bygning
    from dagsorden.kilder.config import find_projektfiler, load_config
    from dagsorden.output import shown

    ud = Path(tempfile.gettempdir()) / f".dagsorden-tjek-{os.getpid()}-findes-ikke"
    try:
        projekt = find_projektfiler(moedefil)
        plan = bygning.plan(
            moedefil, ud, load_config(projekt.config), skabelonmappe=projekt.skabeloner
        )
    except DagsordenError as error:
        problems.extend(_problem_lines(error))
        return shown(moedefil)
    click.echo(_brugt(projekt, plan.skabeloner))
    for rapport in plan.kilder.reports.values():
        _print_warnings(linje.pejlemaerke for linje in rapport.linjer)
    punkter = len(plan.moede.punkter)
    sager = sum(1 for punkt in plan.moede.punkter if punkt.sag is not None)
    bilag = sum(len(punkt.bilag) for punkt in plan.moede.punkter)
    return (
        f"mødet {shown(plan.moede.fil)}: {punkter} {'punkt' if punkter == 1 else 'punkter'}, "
        f"{sager} {'sag' if sager == 1 else 'sager'}, {bilag} bilag"
    )


@ALLE.command(name="indstilling")
@click.argument("sagsmapper", nargs=-1, required=True, type=click.Path(path_type=Path, exists=True))
@UD_MAPPE
@skabelon_option("indstilling")
def indstilling(sagsmapper: tuple[Path, ...], ud: Path, skabelon: Path | None) -> None:
    """Skriv indstillingen for hver sagsmappe som Word-dokument.

    SAGSMAPPER er mapper med en sag.md. Dokumentet skrives som
    UD/<punkt>-<mappenavn>.docx; et dokument, der er åbent i Word, røres ikke.

    \b
    Eksempler:
      dagsorden indstilling cases/forebyggelse
      dagsorden indstilling cases/* -o ud/moede-2011-09-21
    """
    from dagsorden.byg.enkelt import build_indstillinger
    from dagsorden.dokumenter.render import Skabelon
    from dagsorden.kilder.config import load_config

    projekt = _projekt(sagsmapper)
    template = Skabelon.load(skabelon) if skabelon else None
    config = load_config(projekt.config)
    paths = build_indstillinger(list(sagsmapper), ud, config, template, projekt.skabeloner)
    for path in paths:
        click.echo(f"Skrev {path}")


@ALLE.command(name="notat")
@click.argument(
    "filer", nargs=-1, required=True, type=click.Path(path_type=Path, exists=True, dir_okay=False)
)
@UD_MAPPE
@skabelon_option("notat")
def notat(filer: tuple[Path, ...], ud: Path, skabelon: Path | None) -> None:
    """Skriv hvert notat (Markdown med front matter) som Word-dokument.

    FILER er Markdown-filer med til, dato, titel og evt. bilagsnr, sagsnr,
    dokumentnr, sagsbehandler og afsender i front matter. Et notat skrives som
    UD/<filnavn>.docx; alle filer tjekkes, før det første dokument skrives.

    \b
    Eksempler:
      dagsorden notat cases/notater/seksby.md
      dagsorden notat bilag/*.md -o ud/moede-2014-11-19
    """
    from dagsorden.byg.enkelt import build_notater
    from dagsorden.dokumenter.render import Skabelon
    from dagsorden.kilder.config import load_config

    projekt = _projekt(filer)
    template = Skabelon.load(skabelon) if skabelon else None
    forfatter = load_config(projekt.config).forfatter
    paths = build_notater(list(filer), ud, template, forfatter, projekt.skabeloner)
    for path in paths:
        click.echo(f"Skrev {path}")


@ALLE.command(name="statusbilag")
@click.argument("mappe", type=click.Path(path_type=Path, exists=True))
@click.option(
    "-o",
    "--ud",
    type=click.Path(path_type=Path, dir_okay=False),
    default=Path("ud") / "statusbilag.docx",
    metavar="FIL.docx",
    help="Hvor bilaget skrives (standard: ud/statusbilag.docx).",
)
@click.option("--skala", type=SKALA_VALG, help="Vis scorer på -5..5 (standard) eller 0..10.")
@click.option(
    "--titel",
    metavar="TEKST",
    callback=_plain_text,
    help="Bilagets titel (standard: Status på pejlemærkerne, år).",
)
@click.option(
    "--manglende-status",
    type=MANGLENDE_VALG,
    help="Regel for delmål uden status i alle arbejdsbøger (overstyrer arbejdsbøgerne).",
)
def statusbilag(
    mappe: Path, ud: Path, skala: str | None, titel: str | None, manglende_status: str | None
) -> None:
    """Skriv statusbilaget for en mappe med pejlemærke-arbejdsbøger (Word).

    Bilaget har en læsevejledning, en oversigtstabel over alle pejlemærker,
    barometre og et afsnit pr. pejlemærke med tabel, årsager, aktiviteter og
    budgetforslag fra arbejdsbøgernes ark Tekster.

    \b
    Eksempler:
      dagsorden statusbilag workbooks/eksempler
      dagsorden statusbilag workbooks/eksempler --skala 0..10 -o ud/status-0-10.docx
    """
    from dagsorden.byg.enkelt import write_statusbilag
    from dagsorden.kilder.config import load_config

    if ud.suffix.lower() != ".docx":
        raise click.BadParameter("filnavnet skal ende på .docx", param_hint="-o")

    projekt = _projekt([mappe])
    config = load_config(projekt.config).with_overrides(
        skala=skala, manglende_status=manglende_status
    )
    write_statusbilag(mappe, ud, config, titel=titel, skabeloner=projekt.skabeloner)
    click.echo(f"Skrev {ud}")


@ALLE.command(name="status")
@click.argument("mapper", nargs=-1, type=click.Path(path_type=Path, exists=True))
@click.option("--json", "as_json", is_flag=True, help="Skriv resultatet som JSON.")
@click.option("--skala", type=SKALA_VALG, help="Vis scorer på -5..5 (standard) eller 0..10.")
@click.option(
    "--manglende-status",
    type=MANGLENDE_VALG,
    help="Regel for delmål uden status i alle arbejdsbøger (overstyrer arbejdsbøgerne).",
)
@click.option(
    "--år",
    "--aar",
    "aar",
    type=click.IntRange(min=1900, max=2100),
    metavar="ÅR",
    help="Beregn status, som den var i ÅR (et år med tal på arket Målinger eller Statusår).",
)
def status(
    mapper: tuple[Path, ...],
    as_json: bool,
    skala: str | None,
    manglende_status: str | None,
    aar: int | None,
) -> None:
    """Beregn og vis status og farve for hvert pejlemærke.

    MAPPER er mapper eller filer med pejlemærke-arbejdsbøger (standard: den
    aktuelle mappe). Farvegrænser og skala læses fra dagsorden.toml. Med --år
    beregnes status for et andet år med tal, fx sidste år.

    \b
    Eksempler:
      dagsorden status workbooks/eksempler
      dagsorden status workbooks/eksempler --skala 0..10
      dagsorden status workbooks/eksempler --år 2013
      dagsorden status workbooks/eksempler --json
    """
    from dagsorden.kerne.status import report_json
    from dagsorden.kilder.config import load_config
    from dagsorden.kilder.samling import status_for_folders

    stier = list(mapper) or [Path.cwd()]
    config = load_config(_projekt(stier).config).with_overrides(
        skala=skala, manglende_status=manglende_status
    )
    report = status_for_folders(stier, config, aar=aar)
    _print_warnings(linje.pejlemaerke for linje in report.linjer)
    if aar is not None and not as_json:
        click.echo(f"Status i {aar}:")
    if as_json:
        click.echo(json.dumps(report_json(report), ensure_ascii=False, indent=2))
        return
    from dagsorden.cli.terminal import print_status

    print_status(report)


@ALLE.command(name="vis")
@click.argument("moedefil", required=False, type=click.Path(path_type=Path))
@click.option(
    "--port",
    type=click.IntRange(0, 65535),
    default=8000,
    metavar="PORT",
    help="Porten på 127.0.0.1 (standard: 8000; 0: en ledig port).",
)
@click.option("--referat", is_flag=True, help="Vis referatet med beslutningerne fra mødefilen.")
def vis(moedefil: Path | None, port: int, referat: bool) -> None:
    """Vis mødet i browseren, som det bliver offentliggjort, mens du arbejder.

    MOEDEFIL er mødefilen eller mappen med den (standard: cases/moede.yaml). En
    lille webserver på din egen maskine (127.0.0.1, ikke netværket) viser den
    offentlige udgave på adressen, den skriver, og medlemmernes udgave med de
    lukkede punkter på en hemmelig adresse, som kun står i terminalen (ny, hver
    gang vis startes). Når du gemmer mødefilen, en sag, en arbejdsbog eller et bilag,
    bygges siden igen, og browseren viser den nye. Problemer står på siden med
    fil og linje, som 'dagsorden tjek' skriver dem. Intet skrives. Stop med
    Ctrl-C.

    \b
    Eksempler:
      dagsorden vis
      dagsorden vis cases/moede.yaml --port 8001
      dagsorden vis --referat
    """
    from dagsorden.byg import vis as forhaandsvisning

    moedefil = moedefil or Path("cases") / "moede.yaml"
    if moedefil.is_dir():
        # A folder, as 'tjek' takes it: the meeting file in it.
        if not (moedefil / "moede.yaml").is_file():
            raise DagsordenError(
                f"{moedefil}: mappen har ingen mødefil (moede.yaml). Angiv mødefilen, "
                "fx dagsorden vis cases/moede.yaml"
            )
        moedefil = moedefil / "moede.yaml"
    if not moedefil.is_file():
        raise DagsordenError(
            f"{moedefil}: mødefilen findes ikke. Angiv den, fx dagsorden vis cases/moede.yaml"
        )
    forhaandsvisning.vis(moedefil, port=port, referat=referat, skriv=click.echo)


def _print_warnings(pejlemaerker: Iterable[Pejlemaerke]) -> int:
    """Prints each workbook's warnings (a column or sheet the reader does not know)
    on stderr, where they never mix with `status --json`'s output; returns how many."""
    count = 0
    for pejlemaerke in pejlemaerker:
        for warning in pejlemaerke.advarsler:
            click.echo(f"Advarsel: {warning}", err=True)
            count += 1
    return count


@ALLE.command(name="opgrader")
@click.argument("stier", nargs=-1, required=True, type=click.Path(path_type=Path, exists=True))
def opgrader(stier: tuple[Path, ...]) -> None:
    """Giv ældre pejlemærke-arbejdsbøger de nye ark (Målinger, Milepæle m.fl.).

    STIER er arbejdsbøger eller mapper med arbejdsbøger. De nye ark er Målinger,
    Milepæle, Sammenligning og Aktiviteter. Intet i arbejdsbogen
    ændres: de nye, tomme ark lægges til, og arket Vejledning får de nye linjer
    nederst. Filen erstattes først, når alle de gamle celler er tjekket uændrede.
    En arbejdsbog, der allerede har arkene, røres ikke. Alle arbejdsbøger tjekkes,
    før nogen skrives: kan én ikke opgraderes (formler, billeder, skrivebeskyttet),
    ændres ingen. En budget-arbejdsbog i mappen springes over.

    \b
    Eksempler:
      dagsorden opgrader workbooks/2025
      dagsorden opgrader workbooks/2025/pejlemaerke-1.xlsx
    """
    from dagsorden.kilder.opgrader import opgrader_stier

    for line in opgrader_stier(list(stier)):
        click.echo(line)


KOMMANDOER = ALLE.commands
"""The commands by name (`hoved.KOMMANDOER` lists the same names without loading them)."""
