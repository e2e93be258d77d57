"""Times the main jobs on the bundled examples, so speed is measured, not guessed.

    uv run python scripts/benchmark.py [--gange N]

Reports the median of N runs (default 5) for: starting the CLI (`dagsorden --help`
in a fresh process), reading and scoring the nine example workbooks, and the
whole `dagsorden status --json` command in a fresh process.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
EKSEMPLER = ROOT / "workbooks" / "eksempler"


def median_seconds(job: Callable[[], object], runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        job()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def in_fresh_process(*args: str) -> Callable[[], object]:
    command = [sys.executable, "-m", "dagsorden.cli", *args]
    return lambda: subprocess.run(command, check=True, capture_output=True, cwd=ROOT)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--gange", type=int, default=5)
    runs = parser.parse_args().gange

    from dagsorden.config import Config
    from dagsorden.status import status_for_folders

    jobs = {
        "dagsorden --help (ny proces)": in_fresh_process("--help"),
        "læs og beregn 9 arbejdsbøger": lambda: status_for_folders([EKSEMPLER], Config()),
        "dagsorden status --json (ny proces)": in_fresh_process("status", str(EKSEMPLER), "--json"),
    }
    for name, job in jobs.items():
        print(f"{name:40} {median_seconds(job, runs) * 1000:7.0f} ms")


if __name__ == "__main__":
    main()
