"""Opening the store: SQLite by default, PostgreSQL by URL.

Called at start-up, never at import, so tests and the CLI choose the file.
"""

from __future__ import annotations

import os
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from peewee import Database, OperationalError, SqliteDatabase

from deskcrm.store import cipher, models
from deskcrm.store.dialect import advance_sequences
from deskcrm.store.errors import PassphraseNeeded, StoreError
from deskcrm.store.handle import DeskSqliteDatabase, Store, is_locked
from deskcrm.store.migrations import MIGRATIONS, SCHEMA_VERSION
from deskcrm.store.targets import is_url

APP_MARK = "deskcrm"
# PRAGMA application_id lets `file(1)` and we ourselves tell a deskcrm file apart.
APPLICATION_ID = 0x6445534B  # "dESK"
SQLITE_HEADER = b"SQLite format 3\x00"

# IMMEDIATE: read-then-write from two processes failed 171/600 times with the
# default deferred BEGIN despite busy_timeout, 0/600 with BEGIN IMMEDIATE.
SQLITE_PRAGMAS = {
    "journal_mode": "wal",
    "synchronous": "full",  # a committed change survives a power cut
    "foreign_keys": 1,
    # longer than any chunk a background job holds the lock for (<= 250 ms), and a
    # locked BEGIN is retried beyond it (store.handle.LOCK_RETRY_SECONDS)
    "busy_timeout": 5000,
    # SQLite's default page cache is 2 MB: at 100 000 customers a generation run re-read the
    # same follow_up index pages from the OS thousands of times (7 s of system time in
    # `deskcrm agenda --days 30`); 32 MB a connection holds the hot indexes
    "cache_size": -32768,
}
READ_ONLY_PRAGMAS = {"foreign_keys": 1, "busy_timeout": 5000}




def _file_version(path: Path, passphrase: str | None = None) -> int | None:
    """Schema version of an existing file, None for an empty one; refuse foreign files.

    Reads through a read-only SQLite connection so a refused file is left untouched
    (opening it with our pragmas would already switch it to WAL). Never through a
    plain open(): closing any descriptor of a database file drops every POSIX lock
    this process's SQLite connections hold on it, and another process then
    checkpoints the WAL away under them (SQLITE_IOERR_SHORT_READ, seen in tests).
    """
    if not path.exists() or path.stat().st_size == 0:
        return None
    if passphrase is None and not cipher.plain_sqlite(path):
        raise PassphraseNeeded(
            f"{path} is encrypted, or is not a SQLite database: give its passphrase to open "
            "it (if it is not a deskcrm file, deskcrm left it untouched)."
        )
    if passphrase is not None:
        cipher.check_key(path, passphrase)
    try:
        con = cipher.connect_file(path, passphrase, uri_mode="ro")
    except sqlite3.Error as exc:  # pragma: no cover - unreadable file
        raise StoreError(f"{path} cannot be read: {exc}") from exc
    try:
        tables = {r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        if not tables:
            return None
        if "deskcrm_meta" not in tables:
            raise StoreError(
                f"{path} is a SQLite database but not a deskcrm one; deskcrm left it untouched."
            )
        rows = dict(con.execute("SELECT key, value FROM deskcrm_meta"))
    except Exception as exc:
        if not (isinstance(exc, sqlite3.DatabaseError) or cipher.is_cipher_error(exc)):
            raise
        raise StoreError(f"{path} is damaged or not a database: {exc}") from exc
    finally:
        con.close()
    if rows.get("app") != APP_MARK:
        raise StoreError(f"{path} is not a deskcrm database; deskcrm left it untouched.")
    return int(rows.get("schema_version", "0"))


def _refuse_newer(version: int | None, where: str) -> None:
    if version is not None and version > SCHEMA_VERSION:
        raise StoreError(
            f"{where} was written by a newer deskcrm (schema {version}, this version knows "
            f"{SCHEMA_VERSION}); upgrade deskcrm. The file was left untouched."
        )


def _create_private(path: Path) -> None:
    """Create the file readable by its owner only: customer files are private (004 §Ⅹ)."""
    from deskcrm.store.private_files import private_dir

    private_dir(path.parent)  # folders deskcrm makes are 0700, the data folder included
    if not path.exists():
        os.close(os.open(path, os.O_CREAT | os.O_WRONLY, 0o600))


def connect(target: str | os.PathLike[str], read_only: bool = False,
            passphrase: str | None = None) -> Database:
    """A Peewee database for a path or URL, with pragmas; no schema work.

    With a passphrase the file is SQLCipher's (store.cipher), everything else alike.
    """
    if is_url(target):
        from playhouse.db_url import connect as url_connect

        return url_connect(str(target))
    cls, key = DeskSqliteDatabase, {}
    if passphrase is not None:
        cls, key = cipher.database_class(), {"passphrase": passphrase}
    if read_only:
        # mode=ro: SQLite itself refuses every write, so nothing can half-happen
        uri = f"{Path(target).resolve().as_uri()}?mode=ro"
        return cls(uri, uri=True, pragmas=READ_ONLY_PRAGMAS, timeout=5, **key)
    return cls(str(target), pragmas=SQLITE_PRAGMAS, timeout=5, lock_type="IMMEDIATE", **key)


def _unwritable(path: Path) -> str:
    """Why this existing file cannot be written, or "" when it can."""
    if not os.access(path, os.W_OK):
        return f"{path.name} is read-only for this user"
    wal = path.with_name(path.name + "-wal")
    if not os.access(path.parent, os.W_OK) and not wal.exists():
        return f"the folder of {path.name} is read-only for this user"
    return ""


def _current_version(db: Database) -> int | None:
    if "deskcrm_meta" not in db.get_tables():
        if db.get_tables():
            raise StoreError("This database holds other tables and is not a deskcrm database.")
        return None
    row = models.Meta.get_or_none(models.Meta.key == "schema_version")
    app = models.Meta.get_or_none(models.Meta.key == "app")
    if app is None or app.value != APP_MARK:
        raise StoreError("This database is not a deskcrm database.")
    return int(row.value) if row else 0


def _foreign_keys_off(db: Database, version: int) -> bool:
    """Whether a migration still to run needs SQLite's foreign keys off (see m0004)."""
    return isinstance(db, SqliteDatabase) and any(
        getattr(m, "FOREIGN_KEYS_OFF", False) for m in MIGRATIONS if version < m.VERSION
    )


def migrate(db: Database) -> int:
    """Apply missing migrations in one transaction; return the version reached."""
    with Store(db, "").session():
        # PRAGMA foreign_keys is a no-op inside a transaction: set it before, check by hand
        keys_off = _foreign_keys_off(db, _current_version(db) or 0)
        if keys_off:
            db.execute_sql("PRAGMA foreign_keys = OFF")
        try:
            version = _migrate(db, keys_off)
        finally:
            if keys_off:
                db.execute_sql("PRAGMA foreign_keys = ON")
    return version


def _migrate(db: Database, check_keys: bool) -> int:
    with db.atomic():
        version = _current_version(db) or 0
        _refuse_newer(version, "This database")
        for migration in MIGRATIONS:
            if version < migration.VERSION:
                migration.up(db)
                version = migration.VERSION
        if check_keys:
            # what the migrations linked with the keys off; links broken before are check's business
            broken = [r for r in db.execute_sql("PRAGMA foreign_key_check").fetchall() if r[2] == "shop"]
            if broken:
                raise StoreError(f"The upgrade would leave {broken[0][0]} rows in no shop; nothing was changed.")
        for key, value in (("app", APP_MARK), ("schema_version", str(version))):
            # on_conflict(update=) is the upsert both SQLite and PostgreSQL speak
            models.Meta.insert(key=key, value=value).on_conflict(
                conflict_target=[models.Meta.key], update={models.Meta.value: value}
            ).execute()
    return version


def _refuse_foreign(db: Database, path: Path) -> None:
    """A planted trigger runs on our own writes (one rewrote every customer's notes):
    a file carrying triggers or views deskcrm did not make is not opened for work."""
    from deskcrm.store.schema_check import foreign_objects

    foreign = foreign_objects(db)
    if foreign:
        db.close()
        raise StoreError(
            f"{path} holds database code deskcrm did not create ({', '.join(foreign[:3])}); "
            "it was not opened. `deskcrm check --repair` removes it."
        )


def _open_sqlite(path: Path, read_only: bool, allow_foreign: bool,
                 passphrase: str | None = None) -> Store:
    version = _file_version(path, passphrase)
    _refuse_newer(version, str(path))
    reason = "opened for reading only" if read_only else ""
    if version is not None and not reason:
        reason = _unwritable(path)
    if reason:
        if version != SCHEMA_VERSION:
            raise StoreError(
                f"{path} needs an upgrade to this deskcrm's schema, but {reason}; "
                "open it once where it can be written."
            )
        db = connect(path, read_only=True, passphrase=passphrase)
        db.connect()
        if not allow_foreign:
            _refuse_foreign(db, path)
        return Store(db, str(path), read_only=reason, passphrase=passphrase)
    _create_private(path)
    db = connect(path, passphrase=passphrase)
    db.connect()
    try:
        if version != SCHEMA_VERSION:  # a current file is opened without writing a byte
            migrate(db)
            db.execute_sql(f"PRAGMA application_id = {APPLICATION_ID}")
    except OperationalError as exc:
        db.close()
        if is_locked(exc):
            raise StoreError(
                f"{path} is busy: another deskcrm is writing to it and the upgrade could not "
                "start. Try again in a moment."
            ) from exc
        raise StoreError(f"{path} could not be prepared: {exc}") from exc
    except StoreError:
        db.close()
        raise
    if version is not None and not allow_foreign:
        _refuse_foreign(db, path)
    return Store(db, str(path), passphrase=passphrase)


def open_store(
    target: str | os.PathLike[str], *, read_only: bool = False, allow_foreign: bool = False,
    passphrase: str | None = None,
) -> Store:
    """Open (creating or migrating) the store at a path or URL; binds nothing.

    A file this user may not write opens for reading, with the reason in
    `Store.read_only`, as long as its schema is current. A file with foreign
    triggers or views is refused unless `allow_foreign` (for `check --repair`).
    An encrypted file needs its `passphrase` (PassphraseNeeded / WrongPassphrase
    otherwise); a new file created with one is encrypted from the start.
    """
    if not is_url(target):
        return _open_sqlite(Path(target).expanduser(), read_only, allow_foreign, passphrase)
    db = connect(target)
    db.connect(reuse_if_open=True)
    store = Store(db, str(target))
    try:
        with store.session():
            migrate(db)
            # a restore (pg_restore) or any load with explicit ids leaves sequences behind;
            # a few milliseconds per start, and a new customer never collides with customer_pkey
            with db.atomic():
                advance_sequences(db)
    except StoreError:
        db.close()
        raise
    return store


def open_database(
    target: str | os.PathLike[str], *, read_only: bool = False, allow_foreign: bool = False,
    passphrase: str | None = None,
) -> Database:
    """Open the store and bind it for the calling code (a CLI command, a test)."""
    store = open_store(target, read_only=read_only, allow_foreign=allow_foreign,
                       passphrase=passphrase)
    store.bind()
    return store.db


@dataclass(frozen=True)
class IntegrityReport:
    ok: bool
    schema_version: int
    problems: tuple[str, ...]


def check_integrity(db: Database, quick: bool = False) -> IntegrityReport:
    """SQLite integrity and foreign keys, the schema version, and the schema itself.

    The schema is compared object by object with what the migrations build
    (`schema_check`): a missing index or a planted trigger is a problem too. On
    PostgreSQL: the schema, constraints, id sequences and search index (`pg_check`).
    """
    from deskcrm.store import schema_check

    problems: list[str] = []
    if isinstance(db, SqliteDatabase):
        problems.extend(sqlite_problems(db.connection(), quick))
    version = _current_version(db) or 0
    if version != SCHEMA_VERSION:
        problems.append(f"schema version {version}, expected {SCHEMA_VERSION}")
    elif isinstance(db, SqliteDatabase):
        problems.extend(f"schema: {p}" for p in schema_check.compare(db).problems())
    else:
        from deskcrm.store import pg_check

        problems.extend(pg_check.problems(db))
    return IntegrityReport(not problems, version, tuple(problems))


def sqlite_problems(con: sqlite3.Connection, quick: bool = False) -> list[str]:
    """integrity_check (or quick_check) and foreign_key_check, as lines for a person."""
    pragma = "quick_check" if quick else "integrity_check"
    problems = [f"integrity: {r[0]}" for r in con.execute(f"PRAGMA {pragma}").fetchall()
                if r[0] != "ok"]
    for table, rowid, parent, _ in con.execute("PRAGMA foreign_key_check").fetchall():
        problems.append(f"foreign key: {table} row {rowid} points to a missing {parent}")
    return problems
