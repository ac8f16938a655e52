"""Files and folders readable by their owner only: the OS-level pieces, no rules.

Here in the store because the store creates the data folder and the database
file; `deskcrm.services.io.private` builds the writers of exports on these.
"""

from __future__ import annotations

import errno
import os
import secrets
from pathlib import Path

PRIVATE_MODE = 0o600
PRIVATE_DIR_MODE = 0o700
# O_EXCL: never reuse what is there; O_NOFOLLOW: never write through a planted
# symlink (a `.NAME.part` link once made an export overwrite and chmod another file)
_NEW_FILE = os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW | os.O_CLOEXEC


def private_dir(path: str | os.PathLike[str]) -> Path:
    """The folder, created 0700 with any missing parents; an existing one is left as it is."""
    folder = Path(path).expanduser()
    missing = []
    for parent in (folder, *folder.parents):
        if parent.exists():
            break
        missing.append(parent)
    for new in reversed(missing):
        try:
            new.mkdir(PRIVATE_DIR_MODE)
        except FileExistsError:
            continue  # made meanwhile by someone else: theirs, not ours to narrow
        os.chmod(new, PRIVATE_DIR_MODE)  # mkdir's mode is narrowed by the umask only
    return folder


def new_private_file(path: str | os.PathLike[str]) -> int:
    """A new, empty 0600 file at exactly `path` (FileExistsError if anything is there)."""
    fd = os.open(path, _NEW_FILE, PRIVATE_MODE)
    os.fchmod(fd, PRIVATE_MODE)
    return fd


def private_temp(target: str | os.PathLike[str]) -> tuple[int, Path]:
    """(fd, path) of a new 0600 temp file next to `target`, to be renamed onto it when complete.

    A fresh random name each time: a file or symlink someone left at a guessable
    name is neither written through nor removed.
    """
    target = Path(target)
    private_dir(target.parent)
    for _ in range(100):
        tmp = target.with_name(f".{target.name}.{secrets.token_hex(4)}.part")
        try:
            return new_private_file(tmp), tmp
        except FileExistsError:
            continue
    raise FileExistsError(errno.EEXIST, "no free temporary name", str(target))  # pragma: no cover


def is_disk_full(exc: BaseException) -> bool:
    """ENOSPC from the OS, or SQLite's SQLITE_FULL ("database or disk is full")."""
    if isinstance(exc, OSError):
        return exc.errno in (errno.ENOSPC, errno.EDQUOT)
    return getattr(exc, "sqlite_errorcode", None) == 13  # SQLITE_FULL
