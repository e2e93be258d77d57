"""click in Danish: help headings, the help option, and usage errors.

click's own texts are English and come through gettext with no Danish catalogue,
so this module gives the `dagsorden` group Danish headings and translates the
usage errors a user actually meets (unknown option or command, missing or invalid
value). A message it doesn't know is shown as click wrote it, never lost.
"""

from __future__ import annotations

import gettext
import os
import re
import sys
from collections.abc import Sequence
from typing import Any, NoReturn

import click


def _click_without_gettext() -> None:
    """click passes every text through gettext, which looks for a catalogue on disk at
    each call (and imports locale the first time): a tenth of `dagsorden --help` above
    importing click. No catalogue may change click's English either, since the
    TRANSLATIONS below match it to say it in Danish, so click's texts stay as written."""

    def same(message: str) -> str:
        return message

    def same_plural(singular: str, plural: str, count: int) -> str:
        return singular if count == 1 else plural

    for name, module in list(sys.modules.items()):
        if name == "click" or name.startswith("click."):
            if getattr(module, "_", None) is gettext.gettext:
                module._ = same  # type: ignore[attr-defined]
            if getattr(module, "ngettext", None) is gettext.ngettext:
                module.ngettext = same_plural  # type: ignore[attr-defined]


_click_without_gettext()

CONTEXT = {"help_option_names": ["-h", "--help"], "max_content_width": 100}
HEADINGS = {"Options": "Tilvalg", "Commands": "Kommandoer", "Arguments": "Argumenter"}
INTERRUPTED = 130
"""The exit code after Ctrl-C, as a shell gives it: 128 + SIGINT (2)."""

# Applied in order, each anywhere in the message; inner phrases after outer ones.
TRANSLATIONS = [
    (r"No such option: (\S+)", r"Ukendt tilvalg: \1"),
    (r"No such option '(.+?)'\.", r"Ukendt tilvalg '\1'."),
    (r"No such command '(.+?)'\.", r"Ukendt kommando '\1'."),
    (r"Missing argument '(.+?)'\.", r"Argumentet '\1' mangler."),
    (r"Missing option '(.+?)'\.", r"Tilvalget '\1' mangler."),
    (r"Option '(.+?)' requires an argument\.", r"Tilvalget '\1' skal have en værdi."),
    (r"Option '(.+?)' does not take a value\.", r"Tilvalget '\1' tager ingen værdi."),
    (r"Invalid value for (.+?): ", r"Ugyldig værdi for \1: "),
    (r"(?:Path|File|Directory) '(.+?)' does not exist\.", r"Stien '\1' findes ikke."),
    (r"(?:File|Directory) '(.+?)' is a (?:directory|file)\.", r"'\1' er den forkerte slags sti."),
    (r"'(.+?)' is not one of (.+?)\.$", r"'\1' er ikke en af \2."),
    (r"'(.+?)' is not a valid integer(?: range)?\.", r"'\1' er ikke et helt tal."),
    (r"(\S+) is not in the range (.+?)\.", r"\1 er ikke i intervallet \2."),
    (r"Got unexpected extra arguments? \((.+?)\)", r"Uventet ekstra argument: \1"),
    (r"Did you mean (.+?)\?", r"Mente du \1?"),
    (r"\(Possible options: (.+?)\)", r"(Mulige tilvalg: \1)"),
]


def danish_message(message: str) -> str:
    for pattern, replacement in TRANSLATIONS:
        message = re.sub(pattern, replacement, message, flags=re.MULTILINE)
    return message


def show_usage_error(error: click.UsageError) -> None:
    ctx = error.ctx
    if ctx is not None:
        click.echo(ctx.get_usage(), err=True)
        click.echo(f"Se '{ctx.command_path} --help' for hjælp.\n", err=True)
    click.echo(f"Fejl: {danish_message(error.format_message())}", err=True)


class DanishHelpFormatter(click.HelpFormatter):
    """click's help layout with Danish headings."""

    def __init__(
        self, indent_increment: int = 2, width: int | None = None, max_width: int | None = None
    ) -> None:
        # click sizes help by shutil.get_terminal_size, and importing shutil (with its
        # zlib, bz2 and lzma) is a tenth of what `dagsorden --help` costs above click.
        if width is None and click.formatting.FORCED_WIDTH is None:
            width = max(min(_terminal_columns(), max_width or 80) - 2, 50)
        super().__init__(indent_increment, width, max_width)

    def write_usage(self, prog: str, args: str = "", prefix: str | None = None) -> None:
        super().write_usage(prog, args, prefix="Brug: ")

    def write_heading(self, heading: str) -> None:
        super().write_heading(HEADINGS.get(heading, heading))


class DanishContext(click.Context):
    formatter_class = DanishHelpFormatter


def _danish_help_option(option: click.Option | None) -> click.Option | None:
    if option is not None:
        option.help = "Vis denne hjælp og afslut."
    return option


class DanishCommand(click.Command):
    context_class = DanishContext

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("options_metavar", "[TILVALG]")
        super().__init__(*args, **kwargs)

    def get_help_option(self, ctx: click.Context) -> click.Option | None:
        return _danish_help_option(super().get_help_option(ctx))


class DanishGroup(click.Group):
    """A group whose commands, subgroups, help and usage errors are Danish."""

    context_class = DanishContext
    command_class = DanishCommand

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("options_metavar", "[TILVALG]")
        kwargs.setdefault("subcommand_metavar", "KOMMANDO [ARGUMENTER]...")
        super().__init__(*args, **kwargs)

    def get_help_option(self, ctx: click.Context) -> click.Option | None:
        return _danish_help_option(super().get_help_option(ctx))

    def command(self, *args: Any, **kwargs: Any) -> Any:
        kwargs.setdefault("context_settings", CONTEXT)
        return super().command(*args, **kwargs)

    def group(self, *args: Any, **kwargs: Any) -> Any:
        kwargs.setdefault("cls", DanishGroup)
        kwargs.setdefault("context_settings", CONTEXT)
        return super().group(*args, **kwargs)

    def main(
        self,
        args: Sequence[str] | None = None,
        prog_name: str | None = None,
        complete_var: str | None = None,
        standalone_mode: bool = True,
        **extra: Any,
    ) -> Any:
        """Runs the command; in standalone mode, prints click's errors in Danish.

        Exit codes: 0 done, 1 an error the command reports, 2 a usage error, 130
        interrupted by Ctrl-C.
        """
        if not standalone_mode:
            return super().main(args, prog_name, complete_var, standalone_mode=False, **extra)
        try:
            result = super().main(args, prog_name, complete_var, standalone_mode=False, **extra)
        except click.exceptions.NoArgsIsHelpError as error:
            error.show()
            _exit(error.exit_code)
        except click.UsageError as error:
            show_usage_error(error)
            _exit(error.exit_code)
        except click.ClickException as error:
            click.echo(f"Fejl: {danish_message(error.format_message())}", err=True)
            _exit(error.exit_code)
        except KeyboardInterrupt:
            click.echo("Afbrudt.", err=True)
            _exit(INTERRUPTED)
        except click.Abort as error:
            # click turns Ctrl-C (and Ctrl-D at a prompt) into Abort.
            click.echo("Afbrudt.", err=True)
            _exit(INTERRUPTED if isinstance(error.__cause__, KeyboardInterrupt) else 1)
        _exit(result if isinstance(result, int) else 0)


def _terminal_columns() -> int:
    """The terminal's width as shutil.get_terminal_size gives it: $COLUMNS if set,
    else the width of the terminal on stdout, else 80."""
    try:
        columns = int(os.environ.get("COLUMNS", "0"))
    except ValueError:
        columns = 0
    if columns > 0:
        return columns
    try:
        return os.get_terminal_size(sys.__stdout__.fileno()).columns or 80  # type: ignore[union-attr]
    except (AttributeError, ValueError, OSError):
        return 80


def _exit(code: int) -> NoReturn:
    sys.exit(code)
