"""The bad-input corpus harness (issue 9, section 5).

Each `Bad` case writes its inputs into a fresh working folder, runs one `dagsorden`
command there as a user would, and asserts what a user must see and must not lose:

- the exit code (1 for a problem in the input, 2 for a usage error);
- the Danish message, and its position (file, sheet and cell, or line), in the output;
- no traceback, and no staging or temporary path in the message;
- nothing written and nothing changed: every file in the working folder has the same
  bytes before and after (unless the case names outputs it may leave, `may_write`).

Cases live in `tests/test_bad_*.py` as a list `CASES`; `test_bad_corpus_size.py`
counts them all.
"""

from __future__ import annotations

import hashlib
import os
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from click.testing import CliRunner, Result

from dagsorden.cli import main

STAGING_NAMES = re.compile(r"\.[\w-]+-ny-|/tmp/tmp|\.staging|tmp[a-z0-9_]{8}")


@dataclass(frozen=True)
class Bad:
    """One bad input and what the user must see for it."""

    id: str
    setup: Callable[[Path], None]
    """Writes the inputs into the working folder (the command's current directory)."""
    argv: tuple[str, ...]
    message: str
    """A part of the Danish message that must be printed."""
    where: tuple[str, ...] = ()
    """Position texts that must be printed too: the file name, "celle D3", "linje 4"."""
    exit_code: int = 1
    may_write: tuple[str, ...] = ()
    """Glob patterns (relative to the working folder) of files the run may create."""
    monkeypatch: Callable[[object], None] | None = None
    """Gets pytest's monkeypatch fixture, for faults (a full disk, a busy folder)."""
    tags: tuple[str, ...] = field(default_factory=tuple)


def snapshot(folder: Path) -> dict[str, tuple[str, int]]:
    """Relative path -> (sha256 of the bytes, or "<dir>"/"<other>", mode)."""
    result: dict[str, tuple[str, int]] = {}
    for path in sorted(folder.rglob("*")):
        rel = path.relative_to(folder).as_posix()
        if path.is_symlink():
            result[rel] = ("<link>" + os.readlink(path), 0)
        elif path.is_dir():
            result[rel] = ("<dir>", path.stat().st_mode)
        elif path.is_file():
            result[rel] = (hashlib.sha256(path.read_bytes()).hexdigest(), path.stat().st_mode)
        else:
            result[rel] = ("<other>", 0)
    return result


def run_bad(case: Bad, tmp_path: Path, monkeypatch) -> Result:
    """Runs the case and asserts everything a user is promised; returns the result."""
    work = tmp_path / "arbejde"
    work.mkdir()
    case.setup(work)
    before = snapshot(work)
    monkeypatch.chdir(work)
    if case.monkeypatch is not None:
        case.monkeypatch(monkeypatch)
    result = CliRunner().invoke(main, list(case.argv), prog_name="dagsorden")
    output = result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), (
        f"{case.id}: traceback\n{output}\n{result.exc_info}"
    )
    assert "Traceback" not in output, output
    assert result.exit_code == case.exit_code, f"{case.id}: exit {result.exit_code}\n{output}"
    flat = " ".join(output.split())
    assert " ".join(case.message.split()) in flat, f"{case.id}: message missing in\n{output}"
    for where in case.where:
        assert where in output, f"{case.id}: position {where!r} missing in\n{output}"
    assert not STAGING_NAMES.search(output), f"{case.id}: a temporary path in\n{output}"
    after = snapshot(work)
    changed = {
        rel
        for rel in before.keys() | after.keys()
        if before.get(rel) != after.get(rel)
        and not any(Path(rel).match(pattern) for pattern in case.may_write)
    }
    assert not changed, f"{case.id}: files written, changed or lost: {sorted(changed)}"
    return result


def all_cases() -> list[Bad]:
    """Every case of every tests/test_bad_*.py module."""
    import importlib

    cases: list[Bad] = []
    for module_file in sorted(Path(__file__).parent.glob("test_bad_*.py")):
        if module_file.stem == "test_bad_corpus_size":
            continue
        module = importlib.import_module(module_file.stem)
        cases.extend(getattr(module, "CASES", []))
    return cases
