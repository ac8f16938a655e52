"""PostgreSQL search: trigram index over the search text, key columns compared by code point.

SQLite has its FTS5 trigram table (m0001) and compares text by code point
already, so there it only records the version. On PostgreSQL:
- `pg_trgm` and a GIN index on `customer.search_text` answer substring queries
  (LIKE '%小明%') from the index instead of scanning every customer;
- the key columns the search walks with prefix ranges ([p, p + U+10FFFF)) and
  sorts by take COLLATE "C", so ranges and the name order are SQLite's exactly,
  whatever locale the server was created with.
"""

from __future__ import annotations

from peewee import Database, SqliteDatabase

VERSION = 3

TRGM_INDEX = "customer_search_text_trgm"
C_COLUMNS = {
    "customer": ("name_key", "initials", "choseong", "phone_digits", "phone_tail", "sort_key"),
    "tag": ("name_key",),
}


def up(db: Database) -> None:
    if isinstance(db, SqliteDatabase):
        return
    db.execute_sql("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    db.execute_sql(
        f"CREATE INDEX IF NOT EXISTS {TRGM_INDEX} ON customer USING gin (search_text gin_trgm_ops)"
    )
    for table, columns in C_COLUMNS.items():
        changes = ", ".join(f'ALTER COLUMN "{c}" TYPE VARCHAR(255) COLLATE "C"' for c in columns)
        db.execute_sql(f'ALTER TABLE "{table}" {changes}')
