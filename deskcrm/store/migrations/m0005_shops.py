"""Shops: a chain's shops in one table, and the rows each shop's desk works belong to one.

An existing file becomes shop 1: every staff member, customer (their home shop),
purchase, contact, follow-up and complaint moves into it through the columns'
DEFAULT 1, which ALTER TABLE fills in without rewriting a row. A fresh file gets
the columns from m0001 (built from the current models) and only its shop 1 here.

The shop table is created from a copy of the model frozen here, per m0001's rule
that later migrations do not build from the models as they will have become.

SQLite refuses ADD COLUMN ... REFERENCES with a non-NULL default while foreign keys
are on, so this migration runs with them off (`FOREIGN_KEYS_OFF`, see store.db.migrate),
and store.db checks every foreign key before it commits.
"""

from __future__ import annotations

import datetime as dt

from peewee import BooleanField, CharField, Database, DateTimeField, Model, SchemaManager

VERSION = 5
FOREIGN_KEYS_OFF = True

# table -> its shop column
SHOP_COLUMNS = {
    "staff": "shop_id",
    "customer": "home_shop_id",
    "purchase": "shop_id",
    "complaint": "shop_id",
    "follow_up": "shop_id",
    "contact": "shop_id",
}
# what each shop's desk lists by: its call list, its open complaints, its sales
INDEXES = {
    "purchase": ("shop_id", "purchased_on"),
    "complaint": ("shop_id", "status"),
    "follow_up": ("shop_id", "status", "due_on"),
}


class Shop(Model):
    name = CharField()
    code = CharField(unique=True)
    active = BooleanField(default=True)
    created_at = DateTimeField()

    class Meta:
        table_name = "shop"
        legacy_table_names = False


def _shop_name(db: Database) -> str:
    """Shop 1 is named as the file's shop already is (settings' shop.name), else "1"."""
    import json

    if "setting" not in db.get_tables():
        return "1"
    row = db.execute_sql(
        f"SELECT value FROM setting WHERE key = {db.param}", ("shop.name",)
    ).fetchone()
    name = json.loads(row[0]) if row else ""
    return name if isinstance(name, str) and name.strip() else "1"


def up(db: Database) -> None:
    SchemaManager(Shop, db).create_all(safe=True)
    if not db.execute_sql("SELECT 1 FROM shop WHERE id = 1").fetchone():
        p = db.param
        db.execute_sql(
            f"INSERT INTO shop (id, name, code, active, created_at) VALUES (1, {p}, '1', {p}, {p})",
            (_shop_name(db), True, str(dt.datetime.now(dt.UTC).replace(tzinfo=None))),
        )
    for table, column in SHOP_COLUMNS.items():
        if column not in {c.name for c in db.get_columns(table)}:
            db.execute_sql(
                f'ALTER TABLE "{table}" ADD COLUMN "{column}" INTEGER NOT NULL DEFAULT 1'
                ' REFERENCES "shop" ("id")'
            )
    for table, columns in INDEXES.items():
        name = f"{table}_{'_'.join(columns)}"
        listed = ", ".join(f'"{c}"' for c in columns)
        db.execute_sql(f'CREATE INDEX IF NOT EXISTS "{name}" ON "{table}" ({listed})')
