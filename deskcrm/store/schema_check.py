"""Is a file's schema exactly the one this code builds? Missing, foreign and changed objects.

The expected schema is not written down twice: it is what the migrations produce on
a scratch in-memory database, read back from its sqlite_master and compared with
the file's, object by object (tables, indexes, triggers, views, the FTS table).
A killed seed leaves indexes missing (repairable); a planted trigger or view is
foreign (it runs on every write, so start-up and restore refuse it); a table with
other columns is changed (only a backup helps).
"""

from __future__ import annotations

import re
import sqlite3
from dataclasses import dataclass
from functools import cache

from peewee import Database, SqliteDatabase

from deskcrm.store import schema_snapshot, search
from deskcrm.store.errors import is_cipher_error
from deskcrm.store.migrations import MIGRATIONS, SCHEMA_VERSION
from deskcrm.store.migrations import m0009_search_first_page as first_page

# SQLite's own bookkeeping (autoindexes, ANALYZE statistics) is not ours to check
_INTERNAL = "sqlite_%"
# FTS5 writes its shadow tables' DDL itself, and it differs between SQLite versions
_SHADOW_PREFIX = f"{search.FTS_TABLE}_"
# objects that hold no data: dropping or re-creating them loses nothing
_DERIVED = ("index", "trigger", "view")

Connectable = Database | sqlite3.Connection


@dataclass(frozen=True)
class SchemaObject:
    type: str  # table, index, trigger, view
    name: str
    table: str
    sql: str  # whitespace-normalised; "" for an autoindex or a shadow table

    def describe(self) -> str:
        return f"{self.type} {self.name}" + (f" on {self.table}" if self.table != self.name else "")


@dataclass(frozen=True)
class SchemaReport:
    missing: tuple[SchemaObject, ...]  # expected, not in the file
    foreign: tuple[SchemaObject, ...]  # in the file, not expected (or a different definition)
    changed: tuple[SchemaObject, ...]  # tables whose definition differs from the expected one
    search_index: str = ""  # "" when the FTS index matches the customers, else the problem

    @property
    def ok(self) -> bool:
        return not (self.missing or self.foreign or self.changed or self.search_index)

    @property
    def repairable(self) -> bool:
        """Whether `repair` can fix everything: no table is missing or changed."""
        lost = [o for o in self.missing if o.type == "table" and not _shadow(o.type, o.name)]
        return not lost and not self.changed

    def problems(self) -> list[str]:
        return (
            [f"missing {o.describe()}" for o in self.missing]
            + [f"foreign {o.describe()}" for o in self.foreign]
            + [f"changed {o.describe()}" for o in self.changed]
            + ([f"search index: {self.search_index}"] if self.search_index else [])
        )


def _raw(db: Connectable) -> sqlite3.Connection:
    # a DB-API connection may also be SQLCipher's (store.cipher), not a sqlite3.Connection
    return db.connection() if isinstance(db, Database) else db


def _normalise(sql: str | None) -> str:
    return re.sub(r"\s+", " ", sql or "").strip()


def _shadow(kind: str, name: str) -> bool:
    return kind == "table" and name.startswith(_SHADOW_PREFIX)


Columns = list[tuple[str, str, int, str | None, int]]  # name, type, notnull, default, pk
Keys = list[tuple[str, str, str, str, str]]  # column, parent table, parent column, on update, on delete


def _structure(con: sqlite3.Connection, table: str) -> str:
    """A table as its columns and foreign keys, in name order.

    Not its CREATE text: ALTER TABLE ADD COLUMN (m0002, m0004) appends the column
    after the constraints, so an upgraded file's text never equals a fresh file's
    while the tables are the same.
    """
    return repr(_parts(con, table))


def _parts(con: sqlite3.Connection, table: str) -> tuple[Columns, Keys]:
    columns = sorted(
        (name, kind.upper(), notnull, default, pk)
        for _cid, name, kind, notnull, default, pk, _hidden in con.execute(
            f'PRAGMA table_xinfo("{table}")'
        )
    )
    keys = sorted(
        (src, parent, dest or "", on_update, on_delete)
        for _id, _seq, parent, src, dest, on_update, on_delete, _match in con.execute(
            f'PRAGMA foreign_key_list("{table}")'
        )
    )
    return columns, keys


def _objects(con: sqlite3.Connection) -> dict[tuple[str, str], SchemaObject]:
    rows = con.execute(
        "SELECT type, name, tbl_name, sql FROM sqlite_master WHERE name NOT LIKE ?", (_INTERNAL,)
    ).fetchall()
    objects = {}
    for kind, name, table, sql in rows:
        text = "" if _shadow(kind, name) else _normalise(sql)
        if kind == "table" and text.startswith("CREATE TABLE"):
            text = _structure(con, name)
        objects[(kind, name)] = SchemaObject(kind, name, table, text)
    return objects


def expected_schema(version: int = SCHEMA_VERSION) -> dict[tuple[str, str], SchemaObject]:
    """What the migrations up to `version` build, read from a scratch in-memory database
    (the current version's from its snapshot when that is up to date: store.schema_snapshot)."""
    return _expected(version)


@cache
def _expected(version: int) -> dict[tuple[str, str], SchemaObject]:
    if version == SCHEMA_VERSION:
        rows = schema_snapshot.load()
        if rows is not None:
            return {(kind, name): SchemaObject(kind, name, table, sql) for kind, name, table, sql in rows}
    return built_schema(version)


def built_schema(version: int = SCHEMA_VERSION) -> dict[tuple[str, str], SchemaObject]:
    """The schema as the migrations build it now, never from the snapshot."""
    return _from_scratch(version, _objects)


@cache
def expected_tables() -> dict[str, tuple[Columns, Keys]]:
    """Each ordinary table the current migrations build, as columns and foreign keys (the FTS
    tables aside): what PostgreSQL's check compares its tables with (store.pg_check)."""
    def read(con: sqlite3.Connection) -> dict[str, tuple[Columns, Keys]]:
        names = [n for (n,) in con.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND sql LIKE 'CREATE TABLE%'"
            " AND name NOT LIKE ?", (_INTERNAL,))]
        return {n: _parts(con, n) for n in names if not _shadow("table", n)}
    return _from_scratch(SCHEMA_VERSION, read)


def _from_scratch(version: int, read):
    scratch = SqliteDatabase(":memory:")
    try:
        for migration in MIGRATIONS:
            if version >= migration.VERSION:
                migration.up(scratch)
        return read(scratch.connection())
    finally:
        scratch.close()


def is_sqlite(db: Connectable) -> bool:
    return not isinstance(db, Database) or isinstance(db, SqliteDatabase)


def _search_index_problem(con: sqlite3.Connection, present: dict) -> str:
    if ("table", search.FTS_TABLE) not in present:
        return ""  # reported as missing already
    try:
        # rank 1: also compare the index with the customer rows it was built from
        con.execute(
            f"INSERT INTO {search.FTS_TABLE}({search.FTS_TABLE}, rank) VALUES ('integrity-check', 1)"
        )
    except Exception as exc:
        if not (isinstance(exc, sqlite3.DatabaseError) or is_cipher_error(exc)):
            raise
        if "readonly" in str(exc):
            # FTS5 checks itself through an INSERT: a file opened read-only cannot be asked
            return ""
        return str(exc)
    if "sort_key" in {row[1] for row in con.execute("PRAGMA table_info(customer_tag)")}:
        stale = con.execute(first_page.STALE_SQL).fetchone()[0]
        if stale:
            return f"{stale} tag links hold an old sort key: one-character searches may miss them"
    return ""


def compare(db: Connectable, version: int = SCHEMA_VERSION) -> SchemaReport:
    """The file's schema against the expected one for `version` (SQLite only)."""
    con = _raw(db)
    want, have = expected_schema(version), _objects(con)
    missing = tuple(o for key, o in want.items() if key not in have)
    foreign, changed = [], []
    for key, obj in have.items():
        expected = want.get(key)
        if expected is None or (expected.sql != obj.sql and obj.type in _DERIVED):
            foreign.append(obj)
        elif expected.sql != obj.sql:
            changed.append(obj)
    return SchemaReport(missing, tuple(foreign), tuple(changed), _search_index_problem(con, have))


def foreign_objects(db: Connectable) -> list[str]:
    """Triggers and views this code did not create, e.g. ["trigger rewrite_notes on purchase"].

    They run on the file's own writes (one planted trigger rewrote every customer's
    notes on the next sale), so start-up and restore refuse a file that has any.
    Empty for PostgreSQL, which has no sqlite_master to read.
    """
    if not is_sqlite(db):
        return []
    want, have = expected_schema(SCHEMA_VERSION), _objects(_raw(db))
    return [
        o.describe() for key, o in have.items()
        if o.type in ("trigger", "view") and (key not in want or want[key].sql != o.sql)
    ]


@dataclass(frozen=True)
class RepairResult:
    created: tuple[str, ...]
    dropped: tuple[str, ...]
    search_rebuilt: bool
    left: tuple[str, ...]  # what repair cannot fix (a missing or changed table)


def create_missing_indexes(db: Connectable) -> list[str]:
    """Build every expected index the file lacks, one statement (and commit) at a time.

    A killed `deskcrm seed` leaves the plain indexes dropped; each is built in its
    own transaction, so a repair killed half-way keeps what it built.
    """
    con = _raw(db)
    have = _objects(con)
    made = []
    for key, obj in expected_schema(SCHEMA_VERSION).items():
        if obj.type == "index" and obj.sql and key not in have:
            con.execute(obj.sql)
            con.commit()
            made.append(obj.describe())
    return made


def repair(db: Database) -> RepairResult:
    """Restore what holds no data: missing indexes, triggers and the FTS table; drop foreign
    triggers, views and indexes; rebuild the search index. Tables are never dropped."""
    report = compare(db)
    con = _raw(db)
    dropped = []
    for obj in report.foreign:
        if obj.type in _DERIVED:
            with db.atomic():
                db.execute_sql(f'DROP {obj.type.upper()} IF EXISTS "{obj.name}"')
            dropped.append(obj.describe())
    created = create_missing_indexes(con)
    have = _objects(con)
    with db.atomic():
        if ("table", search.FTS_TABLE) not in have:
            created.append(f"table {search.FTS_TABLE}")
        for key, obj in expected_schema(SCHEMA_VERSION).items():
            if obj.type == "trigger" and key not in have:
                created.append(obj.describe())
        search.create_fts(db)  # IF NOT EXISTS: creates only what is missing
        search.rebuild_fts(db)
        first_page.resync(db)  # its triggers (IF NOT EXISTS too) and the sort keys they copy
    left = compare(db)
    return RepairResult(tuple(created), tuple(dropped), True, tuple(left.problems()))
