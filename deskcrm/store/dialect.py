"""Where SQLite and PostgreSQL must be spoken differently, one small function says how.

Everything else is plain Peewee. The raw-SQL paths that remain (the weekly
review's aggregates, the follow-up tidy-up, the re-purchase rhythm) exist for
measured SQLite speed; they are written once with `?` markers and the pieces
below, and `sql()` turns the markers into the engine's own.

SQLite keeps dates as ISO text and answers date arithmetic with date() and
julianday(); PostgreSQL has real DATE/TIMESTAMP types, where date - date is an
integer number of days and integer / integer truncates.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager

from peewee import SQL, Database, Node, NodeList, SqliteDatabase, Value, fn

from deskcrm.store.models import database

EPOCH = dt.date(2000, 1, 1)
_EPOCH_JD = 2451544.5  # julianday('2000-01-01')
ITEM_SEP = "\x1f"  # unit separator: never typed into an item name


def is_sqlite(db: Database | None = None) -> bool:
    return isinstance(db if db is not None else database.obj, SqliteDatabase)


def sql(text: str) -> str:
    """Raw SQL written with `?` markers, in the bound engine's marker style."""
    return text if is_sqlite() else text.replace("?", "%s")


def execute(text: str, params: tuple | list = ()):
    return database.execute_sql(sql(text), tuple(params))


# --- raw SQL fragments -----------------------------------------------------------------


def day_of(column: str) -> str:
    """The calendar day of a timestamp (or of a date, unchanged)."""
    return f"date({column})" if is_sqlite() else f"CAST({column} AS DATE)"


def days_between(later: str, earlier: str, *, timestamps: bool = False) -> str:
    """Days from `earlier` to `later`: fractional for timestamps, whole for dates; a float on both."""
    if is_sqlite():
        return f"(julianday({later}) - julianday({earlier}))"
    if timestamps:
        return f"(EXTRACT(EPOCH FROM (({later}) - ({earlier}))) / 86400.0)"
    return f"CAST(CAST({later} AS DATE) - CAST({earlier} AS DATE) AS DOUBLE PRECISION)"


def week_bucket(column: str) -> str:
    """Whole weeks from the `?` parameter (a Monday) to the column's day; non-negative rows only."""
    if is_sqlite():
        return f"CAST((julianday({column}) - julianday(?)) / 7 AS INTEGER)"
    return f"((CAST({column} AS DATE) - CAST(? AS DATE)) / 7)"


def round_half_up(expr: str) -> str:
    """ROUND as SQLite does it (halves away from zero): PostgreSQL's float round is half-even."""
    return f"ROUND({expr})" if is_sqlite() else f"ROUND(CAST({expr} AS NUMERIC))"


def count_if(condition: str) -> str:
    """How many rows meet the condition (NULL over no rows, as SUM is): booleans are not numbers on PostgreSQL."""
    return f"SUM(CASE WHEN {condition} THEN 1 ELSE 0 END)"


def plus() -> str:
    """SQLite's unary + keeps a column off its index (see the figures where it is used); PostgreSQL plans by statistics."""
    return "+" if is_sqlite() else ""


def day_number_sql(column: str) -> str:
    """Days since 2000-01-01 as a float, for gap statistics."""
    if is_sqlite():
        return f"(julianday({column}) - {_EPOCH_JD})"
    return f"CAST({column} - DATE '{EPOCH.isoformat()}' AS DOUBLE PRECISION)"


def day_from_number(number: float) -> dt.date:
    return EPOCH + dt.timedelta(days=round(float(number)))


def indexed_by(index: str) -> str:
    return f"INDEXED BY {index}" if is_sqlite() else ""


# --- Peewee expressions ----------------------------------------------------------------


def day_expr(node: Node) -> Node:
    return fn.date(node) if is_sqlite() else node.cast("date")


def add_days_expr(day: Node, days: int) -> Node:
    if is_sqlite():
        return fn.date(day, f"{days:+d} days")
    return (day + Value(int(days))).cast("date")


def day_number_expr(node: Node) -> Node:
    """Days since 2000-01-01 as a float (julianday's differences, on both engines)."""
    if is_sqlite():
        return fn.julianday(node) - _EPOCH_JD
    return (node - Value(EPOCH)).cast("double precision")


def latest_day_expr(*days: Node) -> Node:
    """The latest of several days, NULLs ignored (SQLite's max() over '' stand-ins)."""
    if is_sqlite():
        return fn.MAX(*(fn.COALESCE(d, "") for d in days))
    return fn.GREATEST(*days)


def iso_day_expr(day: Node) -> Node:
    """A day as 'YYYY-MM-DD' text, whatever the server's DateStyle."""
    return day if is_sqlite() else fn.to_char(day, "YYYY-MM-DD")


def format_expr(template: str, *args: Node) -> Node:
    """printf-style text; both printf (SQLite) and format (PostgreSQL) read %s and %%."""
    return (fn.printf if is_sqlite() else fn.format)(template, *args)


def group_concat_expr(node: Node, order_by: Node) -> Node:
    """Values joined by ITEM_SEP. SQLite 3.40 has no ORDER BY inside an aggregate, so the
    order is its scan order there: callers that show the list sort the parts."""
    if is_sqlite():
        return fn.GROUP_CONCAT(node, ITEM_SEP)
    return fn.string_agg(NodeList((node, SQL(f", '{ITEM_SEP}' ORDER BY"), order_by)))


def literal(value: object, kind: str | None = None) -> Node:
    """A constant in a SELECT list: ISO text on SQLite (its storage), a typed value on PostgreSQL.

    PostgreSQL resolves an untyped literal in a SELECT list as text, which an
    INSERT ... SELECT into a DATE or TIMESTAMP column refuses.
    """
    if isinstance(value, Node):
        return value
    if is_sqlite():
        if isinstance(value, dt.datetime):
            return Value(value.isoformat(sep=" "))
        if isinstance(value, dt.date):
            return Value(value.isoformat())
        return Value(value)
    if value is None and kind:
        return SQL(f"CAST(NULL AS {kind})")
    return Value(value)


# --- concurrency -----------------------------------------------------------------------


def locked(query):
    """The query's rows locked until the transaction ends (SELECT ... FOR UPDATE).

    SQLite needs no row lock: every transaction begins IMMEDIATE, holding the one
    write lock from its first statement, so a read-check-write inside it is
    already alone. PostgreSQL runs writers side by side (READ COMMITTED): without
    the lock two sales read the same total and the second save loses the first.
    """
    # NO KEY: the ids never change, and a plain FOR UPDATE would also stall every insert
    # whose foreign key points at the row (a contact, a purchase) until the commit
    return query if is_sqlite() else query.for_update("FOR NO KEY UPDATE")


def advance_sequences(db: Database) -> None:
    """Move every id sequence past the largest id in its table (PostgreSQL; SQLite needs nothing).

    Rows written with explicit ids (the seed, a restore) leave the sequence at 1,
    and the next ordinary insert would collide with `customer_pkey`.

    Runs on every open, while other terminals insert: it only ever moves a
    sequence forward, and only when its next value is an id already taken. A
    sequence hands out ids outside transactions, so ids taken by another
    terminal's open transaction are past every committed MAX(id); setting the
    sequence to that MAX would hand them out again (a duplicate key in CI).
    """
    if is_sqlite(db):
        return
    for table, column, sequence in serial_columns(db):
        db.execute_sql(
            f'SELECT setval(%s, t.m) FROM (SELECT MAX("{column}") AS m FROM "{table}") AS t, {sequence} AS s '
            "WHERE t.m >= s.last_value + CASE WHEN s.is_called THEN 1 ELSE 0 END",
            (sequence,),
        )


@contextmanager
def commits_flushed_later() -> Iterator[None]:
    """Commits inside do not wait for the disk; the first ordinary commit after waits for them all.

    For chunked work that a status row written afterwards makes final (an import
    batch, its undo): a power cut may lose the last commits inside, never break the
    file, and whatever survives belongs to a batch still marked unfinished, which
    recovery takes back. Both engines write their log in order, so one durable
    commit later makes every earlier one durable. Measured on this workplace's disk:
    a commit's fsync took ~60 ms, and 100 000 imported rows made ~900 of them, all
    spent holding the write lock.

    SQLite: synchronous=NORMAL, only in WAL mode (in a rollback journal it could
    corrupt the file). PostgreSQL: synchronous_commit=off for this session.
    """
    db = database.obj
    if is_sqlite(db):
        (mode,) = db.execute_sql("PRAGMA journal_mode").fetchone()
        (level,) = db.execute_sql("PRAGMA synchronous").fetchone()
        relaxed = str(mode).lower() == "wal" and int(level) > 1
        if relaxed:
            db.execute_sql("PRAGMA synchronous = NORMAL")
        try:
            yield
        finally:
            if relaxed:
                db.execute_sql(f"PRAGMA synchronous = {int(level)}")
        return
    (level,) = db.execute_sql("SHOW synchronous_commit").fetchone()
    db.execute_sql("SET synchronous_commit TO OFF")
    try:
        yield
    finally:
        db.execute_sql("SELECT set_config('synchronous_commit', %s, false)", (level,))


@contextmanager
def bulk_page_cache(mebibytes: int = 64) -> Iterator[None]:
    """A bigger SQLite page cache on this connection while a chunked bulk write runs.

    The default 2 MB holds little of a 100 000-customer file's indexes, so chunk
    after chunk read the same index pages again from the OS (1 000-row import
    chunks: 172 -> 152 µs CPU a row). A cache grows only as pages are read, and is
    given back when the write is over. PostgreSQL: nothing to do.
    """
    db = database.obj
    if not is_sqlite(db):
        yield
        return
    (size,) = db.execute_sql("PRAGMA cache_size").fetchone()
    db.execute_sql(f"PRAGMA cache_size = {-1024 * int(mebibytes)}")
    try:
        yield
    finally:
        db.execute_sql(f"PRAGMA cache_size = {int(size)}")


def serial_columns(db: Database) -> list[tuple[str, str, str]]:
    """(table, column, sequence) of every id column a sequence numbers (PostgreSQL)."""
    return list(db.execute_sql(
        "SELECT c.relname, a.attname, pg_get_serial_sequence(quote_ident(c.relname), a.attname)"
        " FROM pg_class c JOIN pg_attribute a ON a.attrelid = c.oid"
        " JOIN pg_namespace n ON n.oid = c.relnamespace"
        # a dropped column keeps its attribute row, and pg_get_serial_sequence fails on its name
        " WHERE c.relkind = 'r' AND n.nspname = current_schema() AND a.attnum > 0 AND NOT a.attisdropped"
        " AND pg_get_serial_sequence(quote_ident(c.relname), a.attname) IS NOT NULL ORDER BY 1"
    ).fetchall())


def data_version() -> int | None:
    """A number that changes whenever another connection has committed since this one last asked.

    SQLite's `PRAGMA data_version`, per connection (so per thread here): what lets a
    screen keep figures it counted until anyone — another terminal included — writes.
    None on PostgreSQL, which has no cheap equivalent: callers then recount.
    """
    db = database.obj
    if not is_sqlite(db):
        return None
    return int(db.execute_sql("PRAGMA data_version").fetchone()[0])


def refresh_statistics(db: Database, tables: tuple[str, ...]) -> None:
    """ANALYZE after a bulk load (PostgreSQL; SQLite plans without statistics unless asked).

    The planner keeps what it last sampled; autovacuum catches up only later, and a
    query planned in between for a table it thinks empty can take minutes.
    """
    if is_sqlite(db):
        return
    for table in tables:
        db.execute_sql(f'ANALYZE "{table}"')
