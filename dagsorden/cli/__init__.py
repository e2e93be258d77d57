"""The click commands: parse arguments, call one job, print."""

from dagsorden.cli.kommandoer import main

__all__ = ["main"]
