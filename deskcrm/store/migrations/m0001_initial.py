"""The first schema: every table of the product.

Later migrations must use `playhouse.migrate` operations, not the models, since
the models will have moved on by then.
"""

from __future__ import annotations

from peewee import Database, SqliteDatabase

from deskcrm.store import models, search

VERSION = 1


def up(db: Database) -> None:
    db.create_tables(models.ALL_MODELS)
    if isinstance(db, SqliteDatabase):
        search.create_fts(db)
