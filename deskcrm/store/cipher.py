"""Encrypted shop files: SQLCipher under the same store, for a laptop that may be lost.

Optional: `pip install 'deskcrm[secure]'` brings `sqlcipher3`. An encrypted file is
SQLCipher's format (every page, the -wal file included, encrypted with a key derived
from the passphrase), so nothing of a customer is readable in its bytes. Without the
passphrase it cannot be told from random bytes: a file plain SQLite cannot read is
therefore "encrypted, or not a database", and the person is asked for the passphrase.
"""

from __future__ import annotations

import functools
import os
import sqlite3
from pathlib import Path
from typing import Any

from peewee import SqliteDatabase

from deskcrm.store.errors import StoreError, WrongPassphrase, is_cipher_error  # noqa: F401
from deskcrm.store.handle import FairWrites
from deskcrm.store.private_files import private_temp

MIN_PASSPHRASE = 8


def available() -> bool:
    try:
        import sqlcipher3  # noqa: F401
    except ImportError:
        return False
    return True


def _module() -> Any:
    try:
        from sqlcipher3 import dbapi2
    except ImportError as exc:
        raise StoreError(
            "encrypted files need deskcrm's secure extra (SQLCipher): "
            "pip install 'deskcrm[secure]'"
        ) from exc
    return dbapi2


def require() -> None:
    """StoreError, saying what to install, unless SQLCipher is there."""
    _module()


def _quoted(passphrase: str) -> str:
    return "'" + passphrase.replace("'", "''") + "'"


def key_connection(con: Any, passphrase: str) -> None:
    """Give a fresh SQLCipher connection its key; quiet, so a wrong key prints nothing."""
    con.execute("PRAGMA cipher_log_level = NONE")
    con.execute(f"PRAGMA key = {_quoted(passphrase)}")


def connect_file(path: str | Path, passphrase: str | None, *, uri_mode: str | None = None,
                 timeout: float = 5.0) -> Any:
    """A DB-API connection to a file: plain sqlite3, or SQLCipher keyed with `passphrase`.

    `uri_mode` ("ro", "rw") opens through a file: URI with that mode.
    """
    target = f"{Path(path).resolve().as_uri()}?mode={uri_mode}" if uri_mode else str(path)
    if passphrase is None:
        return sqlite3.connect(target, uri=uri_mode is not None, timeout=timeout)
    con = _module().connect(target, uri=uri_mode is not None, timeout=timeout)
    try:
        key_connection(con, passphrase)
    except BaseException:
        con.close()
        raise
    return con


def check_key(path: Path, passphrase: str) -> None:
    """Raise WrongPassphrase unless `passphrase` opens the file at `path`."""
    con = connect_file(path, passphrase, uri_mode="ro")
    try:
        con.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except Exception as exc:
        if "not a database" in str(exc):
            raise WrongPassphrase(
                f"the passphrase does not open {path.name} (or the file is not a deskcrm file)"
            ) from exc
        raise
    finally:
        con.close()


def plain_sqlite(path: Path) -> bool:
    """Can plain SQLite read this existing file? (Through SQLite: see store.db._file_version.)"""
    try:
        con = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    except sqlite3.Error:
        return False
    try:
        con.execute("PRAGMA schema_version").fetchone()
        return True
    except sqlite3.DatabaseError:
        return False
    finally:
        con.close()


@functools.cache
def database_class() -> type[SqliteDatabase]:
    """The encrypted store's Peewee database (FairWrites over playhouse's SqlCipherDatabase)."""
    _module()
    from playhouse.sqlcipher_ext import SqlCipherDatabase

    class DeskCipherDatabase(FairWrites, SqlCipherDatabase):
        def _connect(self):
            # playhouse's own _connect keys the connection without silencing SQLCipher,
            # which writes "hmac check failed" lines over the terminal on a wrong key
            params = dict(self.connect_params)
            passphrase = params.pop("passphrase", "")
            con = _module().connect(self.database, isolation_level=None, **params)
            try:
                key_connection(con, passphrase)
                self._add_conn_hooks(con)
            except BaseException:
                con.close()
                raise
            return con

    return DeskCipherDatabase


def _part(path: Path) -> Path:
    fd, part = private_temp(path)  # a fresh random name: nothing planted is written through
    os.close(fd)
    return part


def _convert(path: Path, source_key: str | None, target_key: str) -> Path:
    """Write `path` re-keyed (`target_key` "" for plain) into a private part file beside it.

    sqlcipher_export copies schema and rows into the attached file, keyed as asked; the
    application id is not part of what it copies, so it is carried over by hand.
    """
    con = _module().connect(str(path), timeout=5.0)  # SQLCipher's, which reads plain files too
    if source_key is not None:
        key_connection(con, source_key)
    part = _part(path)
    try:
        con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        con.execute(f"ATTACH DATABASE ? AS target KEY {_quoted(target_key)}", (str(part),))
        con.execute("SELECT sqlcipher_export('target')")
        app_id = int(con.execute("PRAGMA main.application_id").fetchone()[0])
        con.execute(f"PRAGMA target.application_id = {app_id}")
        con.execute("DETACH DATABASE target")
    except BaseException:
        con.close()
        part.unlink(missing_ok=True)
        raise
    con.close()
    return part


def _verify(original: Path, source_key: str | None, part: Path, part_key: str | None) -> None:
    """The new file reads back whole, with the same rows in every table, before it replaces the old."""
    def counts(path: Path, key: str | None) -> dict[str, int]:
        con = connect_file(path, key)
        try:
            tables = [r[0] for r in con.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND sql NOT LIKE 'CREATE VIRTUAL%'")]
            return {t: con.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0] for t in tables}
        finally:
            con.close()

    con = connect_file(part, part_key)
    try:
        check = con.execute("PRAGMA integrity_check").fetchone()[0]
        con.execute("PRAGMA journal_mode = WAL")
    finally:
        con.close()
    if check != "ok" or counts(original, source_key) != counts(part, part_key):
        part.unlink(missing_ok=True)
        raise StoreError(f"the converted copy of {original.name} did not read back whole "
                         f"({check}); {original.name} is unchanged")


def _swap(part: Path, path: Path) -> None:
    os.replace(part, path)
    for tail in ("-wal", "-shm"):  # the old file's, emptied by the checkpoint
        path.with_name(path.name + tail).unlink(missing_ok=True)


def encrypt_file(path: Path, passphrase: str) -> None:
    """Turn the plain deskcrm file at `path` into an encrypted one; unchanged on any failure.

    Every other deskcrm on this file must be closed first: they hold the old file.
    """
    require()
    part = _convert(path, None, passphrase)
    _verify(path, None, part, passphrase)
    _swap(part, path)


def decrypt_file(path: Path, passphrase: str) -> None:
    """Turn the encrypted file at `path` back into plain SQLite; unchanged on any failure."""
    check_key(path, passphrase)
    part = _convert(path, passphrase, "")
    _verify(path, passphrase, part, None)
    _swap(part, path)
