"""`deskcrm check` on PostgreSQL: the schema, its constraints, the id sequences and the search index.

The expected schema is the one SQLite's check uses (the migrations run on a scratch
in-memory database, `schema_check.expected_schema`): the same tables, columns,
indexes and foreign keys are what the migrations build on PostgreSQL, under the
same names. On top: every constraint validated and every index valid (a failed
CREATE INDEX CONCURRENTLY or a NOT VALID constraint leaves one behind), every id
sequence past the largest id (a load with explicit ids leaves it behind, and the
next new customer fails on customer_pkey), and the pg_trgm search index with its
"C"-collated key columns (m0003).

`repair` fixes what holds no data: it builds missing indexes, rebuilds invalid ones,
moves sequences on and re-creates the search index. A missing table, column or
foreign key is left for a backup.
"""

from __future__ import annotations

from dataclasses import dataclass

from peewee import Database

from deskcrm.store.dialect import advance_sequences, serial_columns
from deskcrm.store.migrations import m0003_postgres_search as pg_search
from deskcrm.store.migrations import m0006_pg_short_search as pg_short
from deskcrm.store.migrations import m0009_search_first_page as first_page
from deskcrm.store.schema_check import expected_schema, expected_tables


@dataclass(frozen=True)
class Expected:
    tables: dict[str, dict[str, bool]]  # table -> column -> NOT NULL
    indexes: dict[str, str]  # index name -> its CREATE statement (valid on both engines)
    foreign_keys: set[tuple[str, str, str]]  # (table, column, parent table)


def _expected() -> Expected:
    tables = expected_tables()
    return Expected(
        {t: {c[0]: bool(c[2]) for c in columns} for t, (columns, _keys) in tables.items()},
        {o.name: o.sql for o in expected_schema().values() if o.type == "index" and o.sql},
        {(t, k[0], k[1]) for t, (_columns, keys) in tables.items() for k in keys},
    )


def _rows(db: Database, sql: str, params: tuple = ()) -> list[tuple]:
    return list(db.execute_sql(sql, params).fetchall())


def problems(db: Database) -> list[str]:
    """Everything found wrong, one line each, for a person; [] when all is well."""
    want = _expected()
    found: list[str] = []
    have_tables = set(db.get_tables())
    for table, columns in want.tables.items():
        if table not in have_tables:
            found.append(f"schema: missing table {table}")
            continue
        have = {c.name: not c.null for c in db.get_columns(table)}
        for column, not_null in columns.items():
            if column not in have:
                found.append(f"schema: missing column {table}.{column}")
            elif have[column] != not_null:
                found.append(f"schema: column {table}.{column} is {'' if have[column] else 'not '}NOT NULL")
    found += _constraint_problems(db, want, have_tables)
    found += _index_problems(db, want)
    found += [f"sequence: {s}" for s in sequence_problems(db)]
    found += [f"search index: {s}" for s in search_problems(db)]
    return found


def _constraint_problems(db: Database, want: Expected, have_tables: set[str]) -> list[str]:
    rows = _rows(db, (
        "SELECT c.contype, t.relname, a.attname, p.relname, c.convalidated, c.conname"
        " FROM pg_constraint c JOIN pg_class t ON t.oid = c.conrelid"
        " JOIN pg_namespace n ON n.oid = t.relnamespace AND n.nspname = current_schema()"
        " LEFT JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = c.conkey[1]"
        " LEFT JOIN pg_class p ON p.oid = c.confrelid"
        " WHERE c.contype IN ('f', 'p')"
    ))
    keys = {(table, column, parent) for kind, table, column, parent, _v, _n in rows if kind == "f"}
    primary = {table for kind, table, *_rest in rows if kind == "p"}
    found = [f"constraint: missing foreign key {t}.{c} -> {p}"
             for t, c, p in sorted(want.foreign_keys - keys) if t in have_tables]
    found += [f"constraint: {t} has no primary key" for t in sorted(set(want.tables) & have_tables - primary)]
    found += [f"constraint: {name} on {table} is not validated (ALTER TABLE ... VALIDATE CONSTRAINT)"
              for _k, table, _c, _p, valid, name in rows if not valid]
    return found


def _index_problems(db: Database, want: Expected) -> list[str]:
    have = {name for (name,) in _rows(db, "SELECT indexname FROM pg_indexes WHERE schemaname = current_schema()")}
    found = [f"index: missing {name}" for name in sorted(set(want.indexes) - have)]
    found += [f"index: {name} is invalid" for name in invalid_indexes(db)]
    return found


def invalid_indexes(db: Database) -> list[str]:
    return [name for (name,) in _rows(db, (
        "SELECT c.relname FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid"
        " JOIN pg_namespace n ON n.oid = c.relnamespace AND n.nspname = current_schema()"
        " WHERE NOT i.indisvalid ORDER BY 1"
    ))]


def sequence_problems(db: Database) -> list[str]:
    """Id sequences whose next value is an id already taken."""
    found = []
    for table, column, sequence in serial_columns(db):
        largest = _rows(db, f'SELECT MAX("{column}") FROM "{table}"')[0][0]
        last, called = _rows(db, f"SELECT last_value, is_called FROM {sequence}")[0]
        next_id = last + 1 if called else last
        if largest is not None and next_id <= largest:
            found.append(f"{table}: the next new row would get id {next_id}, but {largest} is taken")
    return found


def search_problems(db: Database) -> list[str]:
    found = []
    if not _rows(db, "SELECT 1 FROM pg_extension WHERE extname = 'pg_trgm'"):
        found.append("the pg_trgm extension is not installed")
    index = _rows(db, "SELECT indexdef FROM pg_indexes WHERE schemaname = current_schema() AND indexname = %s",
                  (pg_search.TRGM_INDEX,))
    if not index:
        found.append(f"{pg_search.TRGM_INDEX} is missing: substring search reads every customer")
    elif "gin_trgm_ops" not in index[0][0]:
        found.append(f"{pg_search.TRGM_INDEX} is not a trigram index")
    have = {n for (n,) in _rows(db, "SELECT indexname FROM pg_indexes WHERE schemaname = current_schema()")}
    found += [f"{pg_short.index_name(p)} is missing: two-character names are searched by a scan"
              for p in pg_short.FROM if pg_short.index_name(p) not in have]
    triggers = {n for (n,) in _rows(db, "SELECT tgname FROM pg_trigger WHERE NOT tgisinternal")}
    found += [f"trigger {name} is missing: tag searches of one character may miss renamed customers"
              for name in first_page.pg_trigger_names() if name not in triggers]
    stale = first_page.stale_links(db)
    if stale:
        found.append(f"{stale} tag links hold an old sort key: one-character searches may miss them")
    for table, columns in pg_search.C_COLUMNS.items():
        collations = dict(_rows(db, (
            "SELECT column_name, collation_name FROM information_schema.columns"
            " WHERE table_schema = current_schema() AND table_name = %s"), (table,)))
        found += [f"{table}.{c} is not compared by code point (COLLATE \"C\")"
                  for c in columns if c in collations and collations[c] != "C"]
    return found


def create_missing_indexes(db: Database) -> list[str]:
    """Build every expected index the database lacks, each in its own transaction (a killed seed's)."""
    built = []
    have = {name for (name,) in _rows(db, "SELECT indexname FROM pg_indexes WHERE schemaname = current_schema()")}
    for name, sql in sorted(_expected().indexes.items()):
        if name not in have:
            with db.atomic():
                db.execute_sql(sql)
            built.append(name)
    return built


def repair(db: Database) -> list[str]:
    """Build what holds no data; returns what was done, one line each."""
    done = [f"built index {name}" for name in create_missing_indexes(db)]
    for name in invalid_indexes(db):
        db.execute_sql(f'REINDEX INDEX "{name}"')
        done.append(f"rebuilt index {name}")
    if sequence_problems(db):
        with db.atomic():
            advance_sequences(db)
        done.append("moved the id sequences past the largest ids")
    if search_problems(db):
        with db.atomic():
            pg_search.up(db)
            pg_short.up(db)
            first_page.resync(db)
        done.append("re-created the search index")
    return done
