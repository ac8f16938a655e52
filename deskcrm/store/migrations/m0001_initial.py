"""The first schema: every table of the product.

Later migrations must use `playhouse.migrate` operations, not the models, since
the models will have moved on by then.
"""

from __future__ import annotations

from peewee import Database, SchemaManager, SqliteDatabase, sort_models

from deskcrm.store import models, search

VERSION = 1


def up(db: Database) -> None:
    # SchemaManager on `db` itself, not db.create_tables (which goes through the
    # models' shared proxy): the schema check builds the expected schema by
    # running the migrations on a scratch database while the app's stays bound.
    for model in sort_models(models.ALL_MODELS):
        SchemaManager(model, db).create_all(safe=True)
    if isinstance(db, SqliteDatabase):
        search.create_fts(db)
