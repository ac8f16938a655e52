"""Online backup and checked restore of the SQLite store.

A backup of a file in use is a copy of one committed state, never of bytes that
are changing: the live file is in WAL mode and a plain copy taken while the app
writes can miss committed pages that still sit in the -wal file, or catch a
checkpoint half-way. `file_snapshot` copies the bytes while a read transaction
pins a state it has shown to be wholly in the main file (the speed of `cp`); when
it cannot show that, SQLite's online backup API copies page by page. Restore
first copies the chosen file into a private staging file and checks that copy
(what is checked is what is restored, even if the original changes meanwhile),
then writes it into the live file through the backup API, so open connections
and the -wal/-shm files stay consistent. A backup reaches the disk (fsync of the
file and of its folder) before it is reported written.

A fresh backup is checked in proportion: it was written from one consistent
snapshot of the live file, so a full integrity check of the copy re-proves what
the copy already guarantees (and took 26 s of a 27 s backup at
100 000 customers). What can still go wrong is the writing: a short or cut-off
file, a wrong key, a file this version cannot read. `sealed` checks exactly that
(page count against file size, the deskcrm mark, the schema version, the customer
table readable) in well under a second; `verify=True` (`deskcrm backup --verify`)
adds the full integrity and foreign-key check for whoever wants it, and a restore
always runs every check on what it is about to restore.
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import os
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from peewee import Database

from deskcrm.i18n import _
from deskcrm.services import audit
from deskcrm.services.io import file_snapshot
from deskcrm.services.io.backup_target import (  # noqa: F401 - BackupError and the name are this module's API too
    BackupError,
    EarlyBackup,
    backup_file_name,
    backup_path,
    refuse_own_files,
)
from deskcrm.services.io.private import disk_full_message
from deskcrm.store import cipher, schema_check
from deskcrm.store.db import APP_MARK, SQLITE_HEADER, sqlite_problems
from deskcrm.store.errors import WrongPassphrase, is_cipher_error
from deskcrm.store.migrations import SCHEMA_VERSION
from deskcrm.store.private_files import is_disk_full, new_private_file, private_dir, private_temp

Progress = Callable[[int, int], None]
# restore's copies of files not in use: 256-page steps made a 100k-customer copy 17x
# slower than copying the file (issue 15)
PAGES_PER_STEP = 8192
@dataclass(frozen=True)
class BackupInfo:
    path: Path
    size: int
    schema_version: int
    customers: int
    last_change: dt.datetime | None = None  # the newest change the file records


def _reporter(progress: Progress | None) -> Callable[[int, int, int], None]:
    """sqlite3's backup callback (status, remaining, total) as our (done, total)."""

    def step(status: int, remaining: int, total: int) -> None:
        if progress:
            progress(total - remaining, total)

    return step


def _copy(source: sqlite3.Connection, target_path: Path, progress: Progress | None,
          kept: str, passphrase: str | None = None,
          check: Callable[[Path], BackupInfo] | None = None, live: bool = False,
          early: EarlyBackup | None = None) -> BackupInfo | None:
    """Copy into a fresh private temp file, `check` it, then rename it onto `target_path`.

    `live`: `source` is a connection to a file in use (outside any transaction),
    copied as its bytes when `file_snapshot` can pin a consistent state in the main
    file, else through the backup API; `early`'s copy into its temp file is
    waited for first, and only if it could not pin a state are those tried. On
    any failure the temp file goes and whatever was at `target_path` stays; a full disk is said in words, with `kept`
    telling what is still as it was. The copy of an encrypted file is encrypted
    with the same passphrase (SQLCipher's backup copies between equal keys only).
    """
    if early is None:
        fd, tmp = private_temp(target_path)
        os.close(fd)
    else:
        tmp = early.tmp
    try:
        as_bytes = early is not None and early.copy.finish(progress)
        if not as_bytes and live:
            as_bytes = file_snapshot.copy_snapshot(source, tmp, passphrase=passphrase, progress=progress)
        if as_bytes:
            _self_contained(tmp, passphrase)
        else:
            os.truncate(tmp, 0)  # whatever a failed byte copy left
            _backup_api(source, tmp, progress, passphrase, live)
        info = check(tmp) if check else None
        os.replace(tmp, target_path)
        _sync_folder(target_path.parent)
    except BackupError as exc:
        _remove_part(tmp)
        raise BackupError(str(exc).replace(str(tmp), str(target_path))) from None
    except BaseException as exc:
        _remove_part(tmp)
        if is_disk_full(exc):
            raise BackupError(disk_full_message(target_path, kept)) from exc
        raise
    return dataclasses.replace(info, path=target_path) if info else None


def _backup_api(source: sqlite3.Connection, tmp: Path, progress: Progress | None,
                passphrase: str | None, live: bool) -> None:
    target = cipher.connect_file(tmp, passphrase)
    try:
        # a file in use in one step: the step holds one read snapshot throughout, where
        # steps restart from the first page whenever another connection commits
        source.backup(target, pages=-1 if live else PAGES_PER_STEP, progress=_reporter(progress))
        # the copy inherits WAL mode; a backup should be one self-contained file
        target.execute("PRAGMA journal_mode=DELETE")
        target.commit()
    finally:
        target.close()


def _self_contained(path: Path, passphrase: str | None) -> None:
    """A byte copy of a WAL file says WAL in its header: make it one file, as a backup should be."""
    con = cipher.connect_file(path, passphrase)
    try:
        con.execute("PRAGMA journal_mode=DELETE").fetchone()
    finally:
        con.close()


def _sync_folder(folder: Path) -> None:
    """The rename reaches the disk too, not only the file's bytes (POSIX; a no-op elsewhere)."""
    if os.name != "posix":
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _remove_part(tmp: Path) -> None:
    for leftover in (tmp, tmp.with_name(tmp.name + "-journal")):
        with contextlib.suppress(FileNotFoundError):
            leftover.unlink()


def _last_change(con: sqlite3.Connection) -> dt.datetime | None:
    row = con.execute(
        "SELECT max(t) FROM (SELECT max(at) AS t FROM audit_log"
        " UNION ALL SELECT max(updated_at) FROM customer)"
    ).fetchone()
    return dt.datetime.fromisoformat(row[0]) if row and row[0] else None


def _sqlite_file(path: Path, passphrase: str | None = None) -> None:
    if not path.is_file():
        raise BackupError(_("{path} does not exist.").format(path=path))
    if passphrase is not None:
        try:
            cipher.check_key(path, passphrase)
        except WrongPassphrase as exc:
            raise BackupError(
                _("The passphrase does not open {path} (or it is not a deskcrm backup).")
                .format(path=path)) from exc
        return
    with path.open("rb") as fh:
        if fh.read(16) != SQLITE_HEADER:
            raise BackupError(
                _("{path} is not a SQLite database (an encrypted backup needs its passphrase).")
                .format(path=path))


def _db_error(exc: BaseException) -> bool:
    return isinstance(exc, sqlite3.DatabaseError | ValueError) or is_cipher_error(exc)


def _examine(path: Path, passphrase: str | None, uri_mode: str,
             problems_of: Callable[[Any, int], list[str]], last_change: bool = True) -> BackupInfo:
    """Open a deskcrm file, refuse it with the first `problems_of(con, version)`, say what it holds.

    `last_change` (what a restore shows) reads every customer row: a fresh backup skips it.
    """
    _sqlite_file(path, passphrase)
    try:
        con = cipher.connect_file(path, passphrase, uri_mode=uri_mode)
    except sqlite3.Error as exc:
        raise BackupError(_("{path} cannot be read: {error}").format(path=path, error=exc)) from exc
    try:
        version = _meta_version(con, path)
        problems = problems_of(con, version)
        if problems:
            raise BackupError(
                _("{path} is damaged: {problem}").format(path=path, problem="; ".join(problems[:3]))
            )
        customers = con.execute("SELECT count(*) FROM customer").fetchone()[0]
        newest = _last_change(con) if last_change else None
    except Exception as exc:
        if not _db_error(exc):
            raise
        raise BackupError(_("{path} is damaged: {problem}").format(path=path, problem=exc)) from exc
    finally:
        con.close()
    return BackupInfo(path, path.stat().st_size, version, customers, newest)


def _meta_version(con: Any, path: Path) -> int:
    """The file's schema version; BackupError unless it carries the deskcrm mark and this code reads it."""
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
    return version


def inspect(path: Path, *, exact_schema: bool = True, passphrase: str | None = None) -> BackupInfo:
    """Is this a sound deskcrm file this version can read, schema and all? BackupError if not.

    The checks of `deskcrm check`: integrity, foreign keys, and a schema exactly
    as this code builds it for the file's version. A hollow file (a deskcrm mark
    and little else) or one carrying its own trigger is refused. A fresh backup
    is checked without the schema: it is a faithful copy, and a shop whose file
    lost its indexes must still be able to back it up before repairing it.
    """
    def problems(con: Any, version: int) -> list[str]:
        found = sqlite_problems(con)
        if exact_schema and not found:
            found = schema_check.compare(con, version).problems()
        return found

    # read-write without create: the FTS check is written as an INSERT
    return _examine(path, passphrase, "rw", problems)


def sealed(path: Path, *, passphrase: str | None = None) -> BackupInfo:
    """Is this freshly written copy whole and readable? BackupError if not.

    The header (or the key), the deskcrm mark and schema version, every page
    SQLite counts present in the file, the customer table readable: what a
    cut-off or mis-keyed write would break. Reads a few pages, not the file.
    """
    def cut_off(con: Any, _version: int) -> list[str]:
        # SQLCipher answers pragmas as text
        pages = int(con.execute("PRAGMA page_count").fetchone()[0])
        expected = pages * int(con.execute("PRAGMA page_size").fetchone()[0])
        size = path.stat().st_size
        return [f"{size} bytes on disk, {expected} expected"] if size != expected else []

    return _examine(path, passphrase, "ro", cut_off, last_change=False)


def backup_database(
    db: Database, target: str | os.PathLike[str], *, now: dt.datetime,
    progress: Progress | None = None, by: str = "", verify: bool = False,
    early: EarlyBackup | None = None,
) -> BackupInfo:
    """Copy the open database to `target` (a file, or a folder to put a dated file in).

    Safe while this or another process writes: the backup API restarts the copy
    if another connection changes the source mid-way. The copy is checked to be
    whole (`sealed`); `verify` adds the full integrity and foreign-key check.
    Audited with `by`. `early`: the copy `start_early` began before `db` was opened
    (the same file and target).
    """
    path = early.path if early else backup_path(db.database, target, now)
    passphrase = getattr(db, "connect_params", {}).get("passphrase")  # an encrypted file's
    def check(copy: Path) -> BackupInfo:
        if verify:
            return inspect(copy, exact_schema=False, passphrase=passphrase)
        return sealed(copy, passphrase=passphrase)

    info = _copy(db.connection(), path, progress, _("The database is unchanged."), passphrase, check,
                 live=True, early=early)
    assert info is not None  # a check was given
    audit.file_event("backup", path, by, customers=info.customers, size=info.size)
    return info


def stage(source: str | os.PathLike[str], db_path: str | os.PathLike[str],
          progress: Progress | None = None, passphrase: str | None = None) -> BackupInfo:
    """Copy `source` next to the database as a private staging file and check the copy.

    What the caller shows (customers, last change) and then restores is this
    copy, so the file cannot change between the check and the restore. The
    staging file is removed again if it fails the check.
    """
    src_path = Path(source).expanduser()
    live = Path(db_path).expanduser()
    refuse_own_files(live, src_path, _("That file is the database itself."))
    _sqlite_file(src_path, passphrase)
    _same_encryption(src_path, live, passphrase)
    staged = live.with_name(f".{live.name}.restore.part")
    with contextlib.suppress(FileNotFoundError):
        staged.unlink()  # an earlier, interrupted restore's; ours by name and folder
    src = cipher.connect_file(src_path, passphrase, uri_mode="ro")
    try:
        _copy(src, staged, progress, _("The database is unchanged."), passphrase)
    except Exception as exc:
        if not _db_error(exc):
            raise
        raise BackupError(_("{path} is damaged: {problem}").format(path=src_path, problem=exc)) from exc
    finally:
        src.close()
    try:
        return inspect(staged, passphrase=passphrase)
    except BackupError as exc:
        staged.unlink()
        raise BackupError(str(exc).replace(str(staged), str(src_path))) from None


@dataclass(frozen=True)
class RestoreResult:
    restored: BackupInfo
    kept_aside: Path | None  # the database as it was before, None if there was none


def _same_encryption(backup: Path, live: Path, passphrase: str | None) -> None:
    """SQLCipher copies pages between files of the same key only: no mixing plain and encrypted."""
    if not live.exists() or live.stat().st_size == 0:
        return
    live_plain = cipher.plain_sqlite(live)
    if passphrase is not None and live_plain:
        raise BackupError(_("{path} is encrypted and the shop's file is not: run `deskcrm encrypt` "
                            "on the shop's file first, then restore.").format(path=backup))
    if passphrase is None and not live_plain:
        raise BackupError(_("The shop's file is encrypted and {path} is not: run `deskcrm decrypt` "
                            "on the shop's file first, then restore.").format(path=backup))
    if passphrase is not None:
        try:
            cipher.check_key(live, passphrase)
        except WrongPassphrase as exc:
            raise BackupError(_("{path} and the shop's file have different passphrases: restore "
                                "needs them to be the same.").format(path=backup)) from exc


def restore_database(
    source: str | os.PathLike[str], db_path: str | os.PathLike[str], *, now: dt.datetime,
    progress: Progress | None = None, staged: BackupInfo | None = None,
    passphrase: str | None = None,
) -> RestoreResult:
    """Replace the database at `db_path` with the checked backup `source`.

    Pass `staged` (from `stage`) when the person has already seen what the file
    holds. The current database is first backed up next to itself
    (`<name>.before-restore-<time>.sqlite3`), so a wrong restore can be undone.
    """
    info = staged or stage(source, db_path, progress, passphrase)
    live = Path(db_path).expanduser()
    try:
        kept: Path | None = None
        if live.exists() and live.stat().st_size > 0:
            kept = live.with_name(f"{live.stem}.before-restore-{now:%Y%m%d-%H%M%S}{live.suffix}")
            current = cipher.connect_file(live, passphrase)
            try:
                _copy(current, kept, None, _("The database is unchanged; nothing was restored."),
                      passphrase, live=True)
            finally:
                current.close()
        elif not live.exists():
            private_dir(live.parent)
            os.close(new_private_file(live))
        src = cipher.connect_file(info.path, passphrase, uri_mode="ro")
        dst = cipher.connect_file(live, passphrase)
        try:
            src.backup(dst, pages=PAGES_PER_STEP, progress=_reporter(progress))
            dst.execute("PRAGMA journal_mode=WAL")
        finally:
            src.close()
            dst.close()
        os.chmod(live, 0o600)
    finally:
        info.path.unlink(missing_ok=True)
    return RestoreResult(BackupInfo(Path(source).expanduser(), info.size, info.schema_version,
                                    info.customers, info.last_change), kept)
