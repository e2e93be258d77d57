"""The `dagsorden` group itself, light enough that `--help` costs little more than
importing click.

The commands live in `kommandoer`, which imports pathlib, json and the commands'
options and types: a few milliseconds that `dagsorden --help`, typed most often
by a newcomer, need not pay. So this group knows its commands by name and first
help line only (KOMMANDOER) and imports `kommandoer` when one is run or asked
for its own help. tests/test_cli.py checks that KOMMANDOER says what the
commands say and that the help reads the same either way.
"""

from __future__ import annotations

import sys
from typing import Any

import click

from dagsorden.cli.clickdk import CONTEXT, DanishGroup

KOMMANDOER: dict[str, str] = {
    "byg": "Byg et helt møde: dagsorden, indstillinger, bilag og samlet dokument.",
    "indstilling": "Skriv indstillingen for hver sagsmappe som Word-dokument.",
    "notat": "Skriv hvert notat (Markdown med front matter) som Word-dokument.",
    "ny": "Lav en ny projektmappe, mødefil, sag, notat eller arbejdsbog.",
    "oekonomi": "Tjek en budget-arbejdsbog, og vis dens Økonomi-tabel.",
    "opgrader": "Giv ældre pejlemærke-arbejdsbøger de nye ark (Målinger, Milepæle m.fl.).",
    "status": "Beregn og vis status og farve for hvert pejlemærke.",
    "statusbilag": "Skriv statusbilaget for en mappe med pejlemærke-arbejdsbøger (Word).",
    "tjek": "Tjek et møde eller pejlemærke-arbejdsbøger, og list alle problemer.",
    "vis": "Vis mødet i browseren, som det bliver offentliggjort, mens du arbejder.",
}
"""Each command's name and the first paragraph of its help, as `--help` lists them."""


class DagsordenGroup(DanishGroup):
    """The `dagsorden` group: loads a command when it is used, and is the one place
    where a DagsordenError, from any command, becomes its Danish message and exit
    code 1. Usage errors (2) and Ctrl-C (130) are DanishGroup's."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(KOMMANDOER)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name not in KOMMANDOER:
            return None
        from dagsorden.cli.kommandoer import KOMMANDOER as indlaeste

        return indlaeste.get(cmd_name)

    def resolve_command(
        self, ctx: click.Context, args: list[str]
    ) -> tuple[str | None, click.Command | None, list[str]]:
        """click's, with its "Did you mean" drawn from KOMMANDOER (click draws it from
        the loaded commands, and none are loaded yet)."""
        try:
            return super().resolve_command(ctx, args)
        except click.exceptions.NoSuchCommand as error:
            raise click.exceptions.NoSuchCommand(
                error.command_name, possibilities=KOMMANDOER, ctx=ctx
            ) from None

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        """click's list of commands, from KOMMANDOER instead of the commands."""
        stand_ins = [click.Command(name, help=text) for name, text in KOMMANDOER.items()]
        limit = formatter.width - 6 - max(len(name) for name in KOMMANDOER)
        rows = [(c.name or "", c.get_short_help_str(limit)) for c in stand_ins]
        with formatter.section("Commands"):
            formatter.write_dl(sorted(rows))

    def invoke(self, ctx: click.Context) -> Any:
        from dagsorden.errors import DagsordenError

        try:
            return super().invoke(ctx)
        except DagsordenError as error:
            from dagsorden.cli.kommandoer import report

            report(error)
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

    Udvalgssekretæren begynder med en projektmappe (ny projekt) og bygger
    mødet (byg); tjek tjekker det hele uden at skrive noget.

    \b
    Eksempler:
      dagsorden ny projekt socialudvalget
      dagsorden ny moede cases/moede.yaml --dato "19.11.2025 kl. 16:00"
      dagsorden ny sag cases/boligindsats
      dagsorden ny notat cases/boligindsats/bilag/notat.md
      dagsorden tjek cases/moede.yaml
      dagsorden ny pejlemaerke pejlemaerke-1.xlsx --nummer 1
      dagsorden tjek workbooks/eksempler
      dagsorden status workbooks/eksempler
      dagsorden opgrader workbooks/eksempler
      dagsorden ny budget budget.xlsx --aar 2011
      dagsorden oekonomi cases/forebyggelse/budget.xlsx
      dagsorden indstilling cases/forebyggelse -o ud
      dagsorden notat cases/notater/seksby.md
      dagsorden statusbilag workbooks/eksempler
      dagsorden byg cases/moede.yaml --pdf
      dagsorden vis cases/moede.yaml
    """
