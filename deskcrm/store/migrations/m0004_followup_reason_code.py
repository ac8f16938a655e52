"""Follow-up reasons as a code and its parameters, shown in the viewer's language.

`follow_up` gets `reason_code` and `reason_params` (JSON text), both nullable: rows
made before keep their `reason` text and show it as before. Uses `playhouse.migrate`
operations, not the models, per m0001's rule; a file whose m0001 already built the
columns (a new file) is left as it is. SQLite writes an added column just before the
table's constraints, so an old file ends with the same CREATE TABLE text as a new one
and the schema check sees no difference.
"""

from __future__ import annotations

from peewee import CharField, Database, TextField
from playhouse.migrate import PostgresqlMigrator, SqliteMigrator, migrate

VERSION = 4
TABLE = "follow_up"


def up(db: Database) -> None:
    migrator = PostgresqlMigrator(db) if "postgres" in type(db).__name__.lower() else SqliteMigrator(db)
    have = {c.name for c in db.get_columns(TABLE)}
    operations = [migrator.add_column(TABLE, name, column)
                  for name, column in (("reason_code", CharField(null=True)),
                                       ("reason_params", TextField(null=True)))
                  if name not in have]
    if operations:
        migrate(*operations)
