"""The full-text index behind customer search (SQLite only).

An external-content FTS5 table over `customer.search_text`, kept in step by
triggers so no code path can forget it. The trigram tokenizer matches any
3+ character substring in any script; the default unicode61 tokenizer would
treat a whole CJK name as one token and never find 小明 in 王小明.
"""

from __future__ import annotations

from peewee import Database, SqliteDatabase

FTS_TABLE = "customer_fts"

_DDL = (
    f"""CREATE VIRTUAL TABLE IF NOT EXISTS {FTS_TABLE} USING fts5(
        search_text, content='customer', content_rowid='id', tokenize='trigram')""",
    f"""CREATE TRIGGER IF NOT EXISTS customer_fts_ai AFTER INSERT ON customer BEGIN
        INSERT INTO {FTS_TABLE}(rowid, search_text) VALUES (new.id, new.search_text);
    END""",
    f"""CREATE TRIGGER IF NOT EXISTS customer_fts_ad AFTER DELETE ON customer BEGIN
        INSERT INTO {FTS_TABLE}({FTS_TABLE}, rowid, search_text)
        VALUES ('delete', old.id, old.search_text);
    END""",
    f"""CREATE TRIGGER IF NOT EXISTS customer_fts_au AFTER UPDATE OF search_text ON customer
    BEGIN
        INSERT INTO {FTS_TABLE}({FTS_TABLE}, rowid, search_text)
        VALUES ('delete', old.id, old.search_text);
        INSERT INTO {FTS_TABLE}(rowid, search_text) VALUES (new.id, new.search_text);
    END""",
)


def has_fts(db: Database) -> bool:
    """Whether this database has the trigram index (PostgreSQL does not)."""
    return isinstance(db, SqliteDatabase) and FTS_TABLE in db.get_tables()


def create_fts(db: Database) -> None:
    for statement in _DDL:
        db.execute_sql(statement)


def rebuild_fts(db: Database) -> None:
    """Re-read every customer's search_text, e.g. after a bulk load with triggers off."""
    db.execute_sql(f"INSERT INTO {FTS_TABLE}({FTS_TABLE}) VALUES ('rebuild')")
