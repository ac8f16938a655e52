"""Files holding customer data are created readable by their owner only (0600).

Written to a temporary name next to the target and renamed at the end, so a
failed or cancelled export never leaves half a file under the real name.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from pathlib import Path
from typing import IO

PRIVATE_MODE = 0o600


def create_private(path: Path) -> None:
    """An empty file with mode 0600 (or an existing one narrowed to it)."""
    os.close(os.open(path, os.O_CREAT | os.O_WRONLY, PRIVATE_MODE))
    os.chmod(path, PRIVATE_MODE)


@contextlib.contextmanager
def private_output(path: str | os.PathLike[str], newline: str | None = "",
                   encoding: str = "utf-8") -> Iterator[IO[str]]:
    """Open a text file for writing with mode 0600; it appears under `path` only when complete."""
    target = Path(path)
    tmp = target.with_name(f".{target.name}.part")
    fd = os.open(tmp, os.O_CREAT | os.O_WRONLY | os.O_TRUNC, PRIVATE_MODE)
    os.chmod(tmp, PRIVATE_MODE)  # an old .part may have had another mode
    try:
        with os.fdopen(fd, "w", encoding=encoding, newline=newline) as fh:
            yield fh
        os.replace(tmp, target)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            tmp.unlink()
        raise
