"""Import batches get a status and a heartbeat, so an import written in chunks can be
told apart from a finished one, and one whose process died can be rolled back.

Uses `playhouse.migrate` operations, not the models, per m0001's rule. A file
created by a newer m0001 (which builds tables from the current models) already has
the columns, so each is added only when missing.
"""

from __future__ import annotations

from peewee import CharField, Database, DateTimeField
from playhouse.migrate import PostgresqlMigrator, SqliteMigrator, migrate

VERSION = 2
TABLE = "import_batch"


def up(db: Database) -> None:
    migrator = PostgresqlMigrator(db) if "postgres" in type(db).__name__.lower() else SqliteMigrator(db)
    have = {c.name for c in db.get_columns(TABLE)}
    operations = []
    if "status" not in have:
        operations.append(migrator.add_column(TABLE, "status", CharField(default="done")))
        operations.append(migrator.add_index(TABLE, ("status",), False))
    if "heartbeat_at" not in have:
        operations.append(migrator.add_column(TABLE, "heartbeat_at", DateTimeField(null=True)))
    if operations:
        migrate(*operations)
