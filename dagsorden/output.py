"""Writing output files whole or not at all.

A file is first written beside its target under a temporary name and then renamed
over it in one step, so a crash or a Ctrl-C mid-write never leaves a half-written
document. An existing file is never overwritten unless asked, and a file open in
Word or Excel (its "~$" lock file beside it) is reported instead of clobbered.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from pathlib import Path

from dagsorden.errors import OutputError


def lock_files(target: Path) -> list[Path]:
    """Word and Excel's owner files for `target`: "~$" + the name, or + its tail.

    Office shortens long names by dropping their first one or two characters.
    """
    names = {"~$" + target.name, "~$" + target.name[1:], "~$" + target.name[2:]}
    return [target.with_name(n) for n in sorted(names) if target.with_name(n).exists()]


def write_atomically(
    target: Path, write: Callable[[Path], None], *, overwrite: bool = False
) -> Path:
    """Calls `write(temp_path)` and moves the result to `target` in one step.

    Raises OutputError if `target` exists (and `overwrite` is False) or is open in
    Word/Excel. Whatever `write` raises propagates, and no file is left behind.
    """
    if target.exists() and not overwrite:
        raise OutputError(f"{target}: filen findes allerede. Vælg et andet navn, eller slet den.")
    locks = lock_files(target)
    if locks:
        raise OutputError(
            f"{target}: filen er åben i Word eller Excel (låsefilen {locks[0].name} ligger "
            "ved siden af). Luk den, og prøv igen."
        )
    if not target.parent.is_dir():
        raise OutputError(f"{target}: mappen {target.parent} findes ikke.")
    handle, temp_name = tempfile.mkstemp(
        prefix=f".{target.stem}-", suffix=target.suffix, dir=target.parent
    )
    os.close(handle)
    temp = Path(temp_name)
    try:
        write(temp)
        # mkstemp makes the file private; the output should get normal permissions.
        os.chmod(temp, 0o666 & ~_current_umask())
        os.replace(temp, target)
    except BaseException:
        temp.unlink(missing_ok=True)
        raise
    return target


def _current_umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
