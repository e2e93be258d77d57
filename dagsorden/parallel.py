"""Work beside this process, in a forked child, where forking is safe and fast.

A fork copies only the thread that forks: with one thread, the child starts in a
millisecond with everything imported and every file already read, and a child
that writes its results as files needs nothing sent back. With more threads (a
library's pool, a thread waiting for LibreOffice) a lock held by another thread
could stay locked in the child forever, so then nothing is forked.
"""

from __future__ import annotations

import contextlib
import os
import signal
import sys
from collections.abc import Callable


def threads() -> int:
    """This process's threads, as the kernel counts them (also those a library
    started outside Python's threading); 0 if unknown."""
    try:
        return len(os.listdir("/proc/self/task"))
    except OSError:
        return 0


def fork_safe() -> bool:
    """Whether a fork is safe here: Linux, two cores or more, one thread."""
    return sys.platform == "linux" and (os.cpu_count() or 1) >= 2 and threads() == 1


class Sidearbejde:
    """`arbejde()` run once in a forked child, for what it writes, where a fork is
    safe (`fork_safe`); `vent()` tells whether it succeeded. Whatever it raised, or
    where nothing was forked, the caller does the work itself (raising the same
    error with the same message); the child never reports anything itself (it
    leaves with os._exit: no cleanup of the parent's runs twice, no buffered output
    is written twice)."""

    def __init__(self, arbejde: Callable[[], object]) -> None:
        self.pid: int | None = os.fork() if fork_safe() else None
        if self.pid == 0:  # the child
            code = 1
            try:
                arbejde()
                code = 0
            finally:
                os._exit(code)

    def vent(self) -> bool:
        """Waits for the child; True if `arbejde` returned."""
        if self.pid is None:
            return False
        _, status = os.waitpid(self.pid, 0)
        self.pid = None
        return os.waitstatus_to_exitcode(status) == 0

    def stop(self) -> None:
        """Ends the child if it still runs (the build failed meanwhile)."""
        if self.pid is not None:
            with contextlib.suppress(ProcessLookupError):
                os.kill(self.pid, signal.SIGKILL)
            os.waitpid(self.pid, 0)
            self.pid = None

    def __enter__(self) -> Sidearbejde:
        return self

    def __exit__(self, *_: object) -> None:
        self.stop()
