"""The `dagsorden` command: parses arguments, calls the library, prints.

No logic lives here. Library modules are imported inside the commands, so
`dagsorden --help` and each command load only what they use (openpyxl and rich
cost a noticeable part of a second). A command does not catch errors: every
problem a user can fix is a DagsordenError, which `DagsordenGroup` prints in Danish
with exit code 1; usage errors exit 2, Ctrl-C 130 ("Afbrudt.").
"""

from __future__ import annotations

import contextlib
import json
import sys
from collections.abc import Iterator
from pathlib import Path

import click

from dagsorden.cli.clickdk import CONTEXT, DanishGroup
from dagsorden.errors import BuildError, CaseError, DagsordenError, WorkbookError

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


def _report(error: DagsordenError) -> None:
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


class DagsordenGroup(DanishGroup):
    """The `dagsorden` group: the one place where a DagsordenError, from any command,
    becomes its Danish message and exit code 1. Usage errors (2) and Ctrl-C (130)
    are DanishGroup's."""

    def invoke(self, ctx: click.Context) -> object:
        try:
            return super().invoke(ctx)
        except DagsordenError as error:
            _report(error)
            sys.exit(1)


@click.group(cls=DagsordenGroup, context_settings=CONTEXT)
@click.version_option(
    package_name="dagsorden", message="dagsorden %(version)s", help="Vis versionen og afslut."
)
def main() -> None:
    """dagsorden: udvalgspapirer fra Excel til Word uden copy-paste.

    Analytikere udfylder én arbejdsbog pr. pejlemærke; dagsorden tjekker dem,
    beregner status og farver og skriver papirerne. Budgetmedarbejdere udfylder
    en budget-arbejdsbog; dagsorden tjekker, at tallene går op, og skriver
    Økonomi-tabellen.

    \b
    Eksempler:
      dagsorden ny pejlemaerke pejlemaerke-1.xlsx --nummer 1
      dagsorden tjek workbooks/eksempler
      dagsorden status workbooks/eksempler
      dagsorden ny budget budget.xlsx --aar 2011
      dagsorden oekonomi cases/forebyggelse/budget.xlsx
      dagsorden indstilling cases/forebyggelse -o ud
      dagsorden notat cases/notater/seksby.md
      dagsorden statusbilag workbooks/eksempler
      dagsorden byg cases/moede.yaml --pdf
    """


@main.command(name="byg")
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
@click.option("--stille", is_flag=True, help="Ingen fremskridtslinje.")
def byg(
    moedefil: Path | None, ud: Path, pdf: bool, referat: bool, streng: bool, stille: bool
) -> None:
    """Byg et helt møde: dagsorden, indstillinger, bilag og samlet dokument.

    MOEDEFIL er mødefilen (standard: cases/moede.yaml). Alt tjekkes først; er der
    problemer, listes de alle, og intet skrives. Mappen UD får to sæt:
    medlemmer/ og offentlig/ (uden lukkede punkter). Med --referat skrives
    referat.docx og referat-samlet.* ved siden af dagsordenen, som bliver, med
    beslutningerne fra mødefilens 'beslutninger' og de fraværende. Et punkt
    uden beslutning fra mødet giver en advarsel, med --streng en fejl.

    dagsorden sletter aldrig filer, det ikke selv har skrevet: UD skal være ny,
    tom eller bygget af dagsorden før (mærkefilen .dagsorden-byg).

    \b
    Eksempler:
      dagsorden byg
      dagsorden byg cases/moede.yaml -o ud --pdf
      dagsorden byg --referat --streng
    """
    from dagsorden.byg import moede as bygning
    from dagsorden.kilder.config import load_config

    if streng and not referat:
        raise click.BadParameter("bruges kun sammen med --referat.", param_hint="--streng")
    moedefil = moedefil or Path("cases") / "moede.yaml"
    try:
        with _end_cleanly_on_sigterm():
            plan = bygning.plan(
                moedefil, ud, load_config(), pdf=pdf, referat=referat, streng=streng
            )
            if stille:
                files = bygning.udfoer(plan)
            else:
                with click.progressbar(
                    length=plan.trin, label="Bygger mødet", file=sys.stderr
                ) as bar:
                    files = bygning.udfoer(plan, lambda _label: bar.update(1))
    except KeyboardInterrupt:
        click.echo(f"Afbrudt. Intet er skrevet til {ud}.", err=True)
        sys.exit(130)
    for warning in plan.advarsler:
        click.echo(f"Advarsel: {warning}", err=True)
    for name, paths in files.items():
        click.echo(f"Skrev {len(paths)} filer til {ud / name}")


@main.group(name="ny")
def ny() -> None:
    """Lav en ny, tom standard-arbejdsbog.

    \b
    Eksempel:
      dagsorden ny pejlemaerke pejlemaerke-1.xlsx --nummer 1 --titel "Flere har en bolig"
    """


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
        from dagsorden.kilder.workbook_writer import FORMER

        super().__init__(FORMER, case_sensitive=False)

    def convert(self, value: object, param: click.Parameter | None, ctx: click.Context | None):
        from dagsorden.kilder.workbook_writer import form_navn

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


@main.command(name="oekonomi")
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
    from dagsorden.kilder.budget_workbook import read_budget

    if ud is not None and ud.suffix.lower() != ".docx":
        raise click.BadParameter("filnavnet skal ende på .docx", param_hint="-o")

    budget = read_budget(fil)
    tabel = oekonomi_tabel(budget)
    from dagsorden.cli.terminal import print_oekonomi

    print_oekonomi(tabel, tekst=_tekstbeloeb(budget))
    if ud is not None:
        from dagsorden.byg.enkelt import write_oekonomi_document
        from dagsorden.kilder.config import load_config

        write_oekonomi_document(budget, fil, ud, load_config().forfatter)
        click.echo(f"Skrev {ud}")


def _tekstbeloeb(budget) -> str:
    """What the prose can cite, for the officer to compare with the text.

    With an I alt column (years): "0,69 mio. kr. fordelt på årene 2011-2012". Without
    one, adding the columns would add budget, forecast and afvigelse together, so it
    shows the placeholder for one cell of the total (or first) row and its value.
    """
    from dagsorden.errors import DagsordenError
    from dagsorden.kerne.model import Kolonneart, Raekketype
    from dagsorden.kerne.oekonomi import regn_ud, tekstbeloeb
    from dagsorden.kerne.pladsholdere import Budgetkilde, fill

    if budget.vis_i_alt_kolonne or len(budget.kolonner) == 1:
        return tekstbeloeb(budget)
    udregning = regn_ud(budget)
    raekke = udregning.total() or next(
        (r for r in udregning.raekker if r.linje.type is Raekketype.LINJE), None
    )
    kolonner = [
        k.navn for k in budget.kolonner if k.art is Kolonneart.BELOEB and k.beregning is None
    ]
    if raekke is None or not kolonner:
        return ""
    # The total's last amount column (Regnskab, Forventet regnskab), or a line's first.
    kolonne = kolonner[-1] if raekke.linje.type is Raekketype.TOTAL else kolonner[0]
    placeholder = "{beløb:" + f"{raekke.linje.post}|{kolonne}" + "}"
    try:
        return f"{placeholder} giver {fill(placeholder, [Budgetkilde(budget)])}"
    except DagsordenError:
        return ""


@main.command(name="tjek")
@click.argument("stier", nargs=-1, type=click.Path(path_type=Path, exists=True))
def tjek(stier: tuple[Path, ...]) -> None:
    """Tjek pejlemærke-arbejdsbøger og list alle problemer.

    STIER er filer eller mapper (standard: den aktuelle mappe). Afslutter med
    kode 1, hvis der er problemer.

    \b
    Eksempel:
      dagsorden tjek workbooks/eksempler
    """
    from dagsorden.kilder.pejlemaerke_workbook import find_workbooks, read_pejlemaerker

    paths = list(stier) or [Path.cwd()]
    files = find_workbooks(paths)
    if not files:
        raise DagsordenError("Ingen arbejdsbøger (.xlsx) at tjekke.")
    read_pejlemaerker(paths)
    click.echo(
        f"Ingen problemer i {len(files)} {'arbejdsbog' if len(files) == 1 else 'arbejdsbøger'}."
    )


@main.command(name="indstilling")
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

    template = Skabelon.load(skabelon) if skabelon else None
    paths = build_indstillinger(list(sagsmapper), ud, load_config(), template)
    for path in paths:
        click.echo(f"Skrev {path}")


@main.command(name="notat")
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

    template = Skabelon.load(skabelon) if skabelon else None
    paths = build_notater(list(filer), ud, template, load_config().forfatter)
    for path in paths:
        click.echo(f"Skrev {path}")


@main.command(name="statusbilag")
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

    config = load_config().with_overrides(skala=skala, manglende_status=manglende_status)
    write_statusbilag(mappe, ud, config, titel=titel)
    click.echo(f"Skrev {ud}")


@main.command(name="status")
@click.argument("mapper", nargs=-1, type=click.Path(path_type=Path, exists=True))
@click.option("--json", "as_json", is_flag=True, help="Skriv resultatet som JSON.")
@click.option("--skala", type=SKALA_VALG, help="Vis scorer på -5..5 (standard) eller 0..10.")
@click.option(
    "--manglende-status",
    type=MANGLENDE_VALG,
    help="Regel for delmål uden status i alle arbejdsbøger (overstyrer arbejdsbøgerne).",
)
def status(
    mapper: tuple[Path, ...], as_json: bool, skala: str | None, manglende_status: str | None
) -> None:
    """Beregn og vis status og farve for hvert pejlemærke.

    MAPPER er mapper eller filer med pejlemærke-arbejdsbøger (standard: den
    aktuelle mappe). Farvegrænser og skala læses fra dagsorden.toml.

    \b
    Eksempler:
      dagsorden status workbooks/eksempler
      dagsorden status workbooks/eksempler --skala 0..10
      dagsorden status workbooks/eksempler --json
    """
    from dagsorden.kerne.status import report_json
    from dagsorden.kilder.config import load_config
    from dagsorden.kilder.samling import status_for_folders

    config = load_config().with_overrides(skala=skala, manglende_status=manglende_status)
    report = status_for_folders(list(mapper) or [Path.cwd()], config)
    if as_json:
        click.echo(json.dumps(report_json(report), ensure_ascii=False, indent=2))
        return
    from dagsorden.cli.terminal import print_status

    print_status(report)
