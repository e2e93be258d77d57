"""The click commands: parse arguments, call one job, print."""

from dagsorden.cli.hoved import main

__all__ = ["main"]
