"""Files holding customer data are created readable by their owner only (0600).

Written to a fresh temporary file next to the target (O_EXCL|O_NOFOLLOW, 0600)
and renamed at the end, so a failed or cancelled export never leaves half a
file under the real name, nor a `.part` file behind.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from pathlib import Path
from typing import IO

from deskcrm.i18n import _
from deskcrm.store.private_files import (
    PRIVATE_MODE,
    is_disk_full,
    private_dir,
    private_temp,
)

__all__ = ["PRIVATE_MODE", "DiskFull", "private_dir", "private_output", "disk_full_message"]


class DiskFull(OSError):
    """The disk filled up while writing; the message says what was kept."""


def disk_full_message(target: str | os.PathLike[str], kept: str) -> str:
    return _("The disk is full: {target} was not written. {kept}").format(target=target, kept=kept)


@contextlib.contextmanager
def private_output(path: str | os.PathLike[str], newline: str | None = "",
                   encoding: str = "utf-8") -> Iterator[IO[str]]:
    """Open a text file for writing with mode 0600; it appears under `path` only when complete."""
    target = Path(path).expanduser()
    fd, tmp = private_temp(target)
    # utf-8-sig's encoder is Python code run on every write, utf-8's is C: the same bytes,
    # a third of a 100 000-customer CSV export's time apart
    bom = encoding.lower().replace("_", "-") == "utf-8-sig"
    try:
        with os.fdopen(fd, "w", encoding="utf-8" if bom else encoding, newline=newline) as fh:
            if bom:
                fh.write("\ufeff")
            yield fh
        os.replace(tmp, target)
    except BaseException as exc:
        with contextlib.suppress(FileNotFoundError):
            tmp.unlink()
        if is_disk_full(exc):
            kept = _("Nothing else was changed; an earlier file of that name is kept as it was.")
            raise DiskFull(disk_full_message(target, kept)) from exc
        raise
