"""Where a backup is written, and its copy started before the store is even opened.

Light on purpose (no peewee, no models): `deskcrm backup` calls `start_early`
first thing, so the copy of the bytes, which is the disk's time, runs beside the
0.1 s of importing and opening the store instead of after it.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
from dataclasses import dataclass
from pathlib import Path

from deskcrm.i18n import _
from deskcrm.services.io.file_snapshot import PinnedCopy
from deskcrm.store.private_files import private_dir, private_temp
from deskcrm.store.targets import is_url

# SQLite's companions of a database file: a backup written onto one of them
# corrupts the database or is deleted by SQLite at the next checkpoint
COMPANIONS = ("", "-wal", "-shm", "-journal")


class BackupError(Exception):
    """The backup or restore cannot go ahead; the message is for the user."""


def backup_file_name(now: dt.datetime) -> str:
    return f"deskcrm-{now:%Y%m%d-%H%M%S}.sqlite3"


def refuse_own_files(db_path: str | os.PathLike[str] | None, target: Path, message: str) -> None:
    if not db_path or db_path == ":memory:":
        return
    live = Path(db_path).expanduser().resolve()
    if target.resolve() in {live.with_name(live.name + tail) for tail in COMPANIONS}:
        raise BackupError(message)


def backup_path(db_path: str | os.PathLike[str] | None, target: str | os.PathLike[str],
                now: dt.datetime) -> Path:
    """The file a backup of `db_path` to `target` (a file, or a folder for a dated file) is written to."""
    path = Path(target).expanduser()
    if path.is_dir():
        path = path / backup_file_name(now)
    refuse_own_files(db_path, path, _("A backup cannot overwrite the database itself or its -wal/-shm files."))
    private_dir(path.parent)
    return path


@dataclass
class EarlyBackup:
    """A backup's copy already under way into `tmp`, to become `path` once the store checks it."""

    source: Path
    path: Path
    tmp: Path
    copy: PinnedCopy

    def abandon(self) -> None:
        """The backup did not go ahead (the file was refused on opening): no copy left behind."""
        self.copy.cancel()
        with contextlib.suppress(FileNotFoundError):
            self.tmp.unlink()


def start_early(db_target: str, target: str | os.PathLike[str], now: dt.datetime) -> EarlyBackup | None:
    """Start copying the SQLite file `db_target` for a backup to `target`; None where it cannot.

    A database URL, a missing file, or a target refused later with its own message
    (the file itself, a path that cannot be made) go the ordinary way.
    """
    source = Path(db_target).expanduser()
    if is_url(db_target) or not source.is_file():
        return None
    try:
        path = backup_path(source, target, now)
        fd, tmp = private_temp(path)
    except (BackupError, OSError):
        return None
    os.close(fd)
    return EarlyBackup(source, path, tmp, PinnedCopy(source, tmp))
