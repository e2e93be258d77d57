"""`python -m dagsorden`: the same as the `dagsorden` command."""

from dagsorden.cli import run

run()
