"""PostgreSQL: two Han or Hangul characters (小明, 민수) found from an index, not a scan.

A given name is not a prefix of the name, and pg_trgm extracts no trigram from two
characters, so `name_key LIKE '%小明%'` read every customer (60-80 ms at 20 000 on a
loaded machine). Expression indexes on the name from its 2nd, 3rd and 4th character
turn it into three prefix ranges: after a one- or two-character surname (王小明,
欧阳小明) or a two-syllable one and a space (남궁 민수). The key column is
COLLATE "C" (m0003), so the ranges compare by code point as SQLite does.

SQLite keeps its INSTR scan (its FTS trigram table has the same two-character gap,
and a scan there costs a few milliseconds); only the version is recorded.
"""

from __future__ import annotations

from peewee import Database, SqliteDatabase

VERSION = 6
# the character positions a two-character query is looked for at
FROM = (2, 3, 4)


def index_name(position: int) -> str:
    return f"customer_name_key_from{position}"


def up(db: Database) -> None:
    if isinstance(db, SqliteDatabase):
        return
    for position in FROM:
        db.execute_sql(
            f'CREATE INDEX IF NOT EXISTS "{index_name(position)}" ON customer (substr(name_key, {position}))'
        )
