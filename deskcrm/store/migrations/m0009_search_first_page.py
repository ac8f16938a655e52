"""One-character search: the first page in name order straight from an index, on both engines.

A one-character query (w, 0, 김, ㅎ) matches thousands of customers: 12 401 for `w`
at 100 000 (its initials, its names and the `wedding` tag). Gathering every match and
sorting it to show the first 100 took 81 ms of the PostgreSQL server's CPU for `w`.
Each part of the match is now read in name order from its own index and stops after
a page, so a query costs a few pages of index entries however many customers match:

- `customer (substr(<key>, 1, 1), sort_key, id)` for the keys a short query compares
  by prefix (the name, pinyin initials, choseong and the reversed phone);
- `customer_tag.sort_key`, a copy of the tagged customer's sort key kept by triggers
  (a tag's members are not a column of the customer), and the index
  `customer_tag (tag_id, sort_key, customer_id)`: a tag's members in name order.

The copy is not in the `CustomerTag` model: no code writes it, the database does, on
every insert of a tag link and every change of a customer's sort key, whichever code
path makes them (the form, an import, a merge, the seed). On PostgreSQL the insert
trigger reads the sort key FOR SHARE, so a rename committing at the same moment is
waited for and never leaves a link with the old key. Both engines build the same
indexes under the same names, so the schema checks compare them as any other.
"""

from __future__ import annotations

from peewee import Database, SqliteDatabase

VERSION = 9
# the customer columns a one-character query compares by prefix
FIRST_OF = ("name_key", "initials", "choseong", "phone_tail")
TAG_INDEX = "customer_tag_tag_id_sort_key"


def index_name(column: str) -> str:
    return f"customer_{column}_first"


def index_sql(column: str) -> str:
    """Valid on both engines: PostgreSQL's check builds a missing index from SQLite's text."""
    return (f'CREATE INDEX IF NOT EXISTS "{index_name(column)}" '
            f'ON "customer" (substr("{column}", 1, 1), "sort_key", "id")')


_SQLITE_TRIGGERS = (
    """CREATE TRIGGER IF NOT EXISTS customer_tag_sort_key_ai AFTER INSERT ON customer_tag BEGIN
        UPDATE customer_tag SET sort_key = (SELECT sort_key FROM customer WHERE id = new.customer_id)
        WHERE id = new.id;
    END""",
    """CREATE TRIGGER IF NOT EXISTS customer_tag_sort_key_au AFTER UPDATE OF customer_id ON customer_tag
    BEGIN
        UPDATE customer_tag SET sort_key = (SELECT sort_key FROM customer WHERE id = new.customer_id)
        WHERE id = new.id;
    END""",
    # WHEN: a save writes every column, and most saves keep the name
    """CREATE TRIGGER IF NOT EXISTS customer_sort_key_to_tags AFTER UPDATE OF sort_key ON customer
    WHEN new.sort_key IS NOT old.sort_key BEGIN
        UPDATE customer_tag SET sort_key = new.sort_key WHERE customer_id = new.id;
    END""",
)

_PG_TRIGGERS = (
    """CREATE OR REPLACE FUNCTION customer_tag_sort_key() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        SELECT c.sort_key INTO NEW.sort_key FROM customer c WHERE c.id = NEW.customer_id FOR SHARE;
        RETURN NEW;
    END $$""",
    "DROP TRIGGER IF EXISTS customer_tag_sort_key_ai ON customer_tag",
    """CREATE TRIGGER customer_tag_sort_key_ai BEFORE INSERT OR UPDATE OF customer_id ON customer_tag
    FOR EACH ROW EXECUTE FUNCTION customer_tag_sort_key()""",
    # the test in the body, not `UPDATE OF sort_key` / WHEN: either makes the trigger depend
    # on the column, and m0003's ALTER COLUMN (which `deskcrm check --repair` re-runs) refuses
    """CREATE OR REPLACE FUNCTION customer_sort_key_to_tags() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        IF NEW.sort_key IS DISTINCT FROM OLD.sort_key THEN
            UPDATE customer_tag SET sort_key = NEW.sort_key WHERE customer_id = NEW.id;
        END IF;
        RETURN NULL;
    END $$""",
    "DROP TRIGGER IF EXISTS customer_sort_key_to_tags ON customer",
    """CREATE TRIGGER customer_sort_key_to_tags AFTER UPDATE ON customer
    FOR EACH ROW EXECUTE FUNCTION customer_sort_key_to_tags()""",
)


def create_triggers(db: Database) -> None:
    """The triggers that keep customer_tag.sort_key (idempotent: a repair may run it again)."""
    for statement in _SQLITE_TRIGGERS if isinstance(db, SqliteDatabase) else _PG_TRIGGERS:
        db.execute_sql(statement)


def pg_trigger_names() -> tuple[str, ...]:
    """PostgreSQL's triggers: one BEFORE trigger serves both insert and re-pointing there."""
    return ("customer_tag_sort_key_ai", "customer_sort_key_to_tags")


_COPY = "(SELECT c.sort_key FROM customer c WHERE c.id = customer_tag.customer_id)"


# tag links whose copied sort key is not their customer's (a trigger dropped by hand)
STALE_SQL = f"SELECT count(*) FROM customer_tag WHERE sort_key <> {_COPY}"


def _has_copy(db: Database) -> bool:
    return "sort_key" in {c.name for c in db.get_columns("customer_tag")}


def stale_links(db: Database) -> int:
    """0 on a database without the column: the check reports it as missing."""
    return db.execute_sql(STALE_SQL).fetchone()[0] if _has_copy(db) else 0


def resync(db: Database) -> None:
    """The triggers, and every customer's sort key copied to their tag links again (a repair);
    nothing on a customer_tag without the column (a changed table is left for a backup)."""
    if not _has_copy(db):
        return
    create_triggers(db)
    db.execute_sql(f"UPDATE customer_tag SET sort_key = {_COPY} WHERE sort_key <> {_COPY}")


def up(db: Database) -> None:
    sqlite = isinstance(db, SqliteDatabase)
    for column in FIRST_OF:
        db.execute_sql(index_sql(column))
    if "sort_key" not in {c.name for c in db.get_columns("customer_tag")}:
        # "C" on PostgreSQL, as customer.sort_key (m0003): the index orders as the name list does
        collate = "" if sqlite else ' COLLATE "C"'
        db.execute_sql(f"ALTER TABLE customer_tag ADD COLUMN sort_key VARCHAR(255){collate} NOT NULL DEFAULT ''")
    db.execute_sql(f"UPDATE customer_tag SET sort_key = {_COPY}")
    db.execute_sql(f'CREATE INDEX IF NOT EXISTS "{TAG_INDEX}" ON "customer_tag" ("tag_id", "sort_key", "customer_id")')
    create_triggers(db)
