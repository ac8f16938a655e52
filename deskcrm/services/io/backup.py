"""Online backup and checked restore of the SQLite store.

Backups go through SQLite's online backup API, never a file copy: the live file
is in WAL mode and a copy taken while the app writes can miss committed pages
that still sit in the -wal file. Restore also goes through the backup API into
the live file, so open connections and the -wal/-shm files stay consistent.
"""

from __future__ import annotations

import datetime as dt
import os
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from peewee import Database

from deskcrm.i18n import _
from deskcrm.services.io.private import create_private
from deskcrm.store.db import APP_MARK, SQLITE_HEADER
from deskcrm.store.migrations import SCHEMA_VERSION

Progress = Callable[[int, int], None]
PAGES_PER_STEP = 256


class BackupError(Exception):
    """The backup or restore cannot go ahead; the message is for the user."""


@dataclass(frozen=True)
class BackupInfo:
    path: Path
    size: int
    schema_version: int
    customers: int


def backup_file_name(now: dt.datetime) -> str:
    return f"deskcrm-{now:%Y%m%d-%H%M%S}.sqlite3"


def _reporter(progress: Progress | None) -> Callable[[int, int, int], None]:
    """sqlite3's backup callback (status, remaining, total) as our (done, total)."""

    def step(status: int, remaining: int, total: int) -> None:
        if progress:
            progress(total - remaining, total)

    return step


def _copy(source: sqlite3.Connection, target_path: Path, progress: Progress | None) -> None:
    tmp = target_path.with_name(f".{target_path.name}.part")
    tmp.unlink(missing_ok=True)
    create_private(tmp)
    target = sqlite3.connect(tmp)
    try:
        source.backup(target, pages=PAGES_PER_STEP, progress=_reporter(progress))
        # the copy inherits WAL mode; a backup should be one self-contained file
        target.execute("PRAGMA journal_mode=DELETE")
        target.commit()
    finally:
        target.close()
    os.chmod(tmp, 0o600)
    os.replace(tmp, target_path)


def inspect(path: Path) -> BackupInfo:
    """Is this a sound deskcrm file this version can read? Raises BackupError if not."""
    if not path.is_file():
        raise BackupError(_("{path} does not exist.").format(path=path))
    with path.open("rb") as fh:
        if fh.read(16) != SQLITE_HEADER:
            raise BackupError(_("{path} is not a SQLite database.").format(path=path))
    try:
        con = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    except sqlite3.Error as exc:
        raise BackupError(_("{path} cannot be read: {error}").format(path=path, error=exc)) from exc
    try:
        tables = {r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        if "deskcrm_meta" not in tables:
            raise BackupError(_("{path} is not a deskcrm database.").format(path=path))
        meta = dict(con.execute("SELECT key, value FROM deskcrm_meta"))
        if meta.get("app") != APP_MARK:
            raise BackupError(_("{path} is not a deskcrm database.").format(path=path))
        version = int(meta.get("schema_version", "0"))
        if version > SCHEMA_VERSION:
            raise BackupError(
                _("{path} was written by a newer deskcrm (schema {v}); this one knows {known}.")
                .format(path=path, v=version, known=SCHEMA_VERSION)
            )
        check = [r[0] for r in con.execute("PRAGMA integrity_check").fetchall()]
        if check != ["ok"]:
            raise BackupError(
                _("{path} is damaged: {problem}").format(path=path, problem="; ".join(check[:3]))
            )
        customers = con.execute("SELECT count(*) FROM customer").fetchone()[0]
    except sqlite3.DatabaseError as exc:
        raise BackupError(_("{path} is damaged: {problem}").format(path=path, problem=exc)) from exc
    finally:
        con.close()
    return BackupInfo(path, path.stat().st_size, version, customers)


def backup_database(
    db: Database, target: str | os.PathLike[str], *, now: dt.datetime,
    progress: Progress | None = None,
) -> BackupInfo:
    """Copy the open database to `target` (a file, or a folder to put a dated file in).

    Safe while this or another process writes: the backup API restarts the copy
    if another connection changes the source mid-way.
    """
    path = Path(target).expanduser()
    if path.is_dir():
        path = path / backup_file_name(now)
    if db.database and Path(db.database).resolve() == path.resolve():
        raise BackupError(_("A backup cannot overwrite the database itself."))
    path.parent.mkdir(parents=True, exist_ok=True)
    _copy(db.connection(), path, progress)
    return inspect(path)


@dataclass(frozen=True)
class RestoreResult:
    restored: BackupInfo
    kept_aside: Path | None  # the database as it was before, None if there was none


def restore_database(
    source: str | os.PathLike[str], db_path: str | os.PathLike[str], *, now: dt.datetime,
    progress: Progress | None = None,
) -> RestoreResult:
    """Replace the database at `db_path` with the checked backup `source`.

    The current database is first backed up next to itself
    (`<name>.before-restore-<time>.sqlite3`), so a wrong restore can be undone.
    """
    info = inspect(Path(source).expanduser())
    live = Path(db_path).expanduser()
    if live.exists() and live.resolve() == info.path.resolve():
        raise BackupError(_("That file is the database itself."))
    kept: Path | None = None
    if live.exists() and live.stat().st_size > 0:
        kept = live.with_name(f"{live.stem}.before-restore-{now:%Y%m%d-%H%M%S}{live.suffix}")
        current = sqlite3.connect(live, timeout=5)
        try:
            _copy(current, kept, None)
        finally:
            current.close()
    else:
        live.parent.mkdir(parents=True, exist_ok=True)
        create_private(live)
    src = sqlite3.connect(f"{info.path.resolve().as_uri()}?mode=ro", uri=True)
    dst = sqlite3.connect(live, timeout=5)
    try:
        src.backup(dst, pages=PAGES_PER_STEP, progress=_reporter(progress))
        dst.execute("PRAGMA journal_mode=WAL")
    finally:
        src.close()
        dst.close()
    os.chmod(live, 0o600)
    return RestoreResult(info, kept)
