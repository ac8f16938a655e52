"""`deskcrm check [--repair]`: integrity, foreign keys, schema version and the schema itself.

Non-zero on a problem. `--repair` restores what holds no data (indexes, the
search index and its triggers) and drops foreign triggers, views and indexes;
a missing or changed table is left for a backup to fix. On PostgreSQL it checks the
constraints, the id sequences and the trigram search index too, and repair builds
missing or invalid indexes, moves sequences on and re-creates the search index.
"""

from __future__ import annotations

import argparse


def register(subparsers: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    p = subparsers.add_parser("check", parents=[common], help="check the database's integrity")
    p.add_argument("--repair", action="store_true",
                   help="rebuild missing indexes and the search index, drop foreign triggers and views")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:

    from deskcrm.cli import db_target
    from deskcrm.cli.errors import open_existing
    from deskcrm.store.db import check_integrity

    target = db_target(args)
    # check must open what start-up refuses, to report it and to repair it
    db = open_existing(target, allow_foreign=True)
    report = check_integrity(db)
    print(f"database: {target}")
    print(f"schema version: {report.schema_version}")
    for problem in report.problems:
        print(f"PROBLEM {problem}")
    if args.repair:
        return _repair(db)
    print("ok" if report.ok else f"{len(report.problems)} problem(s)")
    if not report.ok:
        print("deskcrm check --repair rebuilds indexes and the search index")
    return 0 if report.ok else 1


def _repair(db) -> int:
    from deskcrm.services import audit
    from deskcrm.store import schema_check
    from deskcrm.store.db import check_integrity

    if not schema_check.is_sqlite(db):
        return _repair_postgres(db)
    result = schema_check.repair(db)
    for what in result.created:
        print(f"rebuilt {what}")
    for what in result.dropped:
        print(f"dropped {what}")
    print("search index rebuilt")
    audit.file_event("repair", db.database, audit.cli_actor(), created=list(result.created),
                       dropped=list(result.dropped))
    after = check_integrity(db)
    for problem in after.problems:
        print(f"STILL {problem}")
    print("ok" if after.ok else f"{len(after.problems)} problem(s) left: restore a backup")
    return 0 if after.ok else 1


def _repair_postgres(db) -> int:
    from deskcrm.services import audit
    from deskcrm.store import pg_check
    from deskcrm.store.db import check_integrity

    done = pg_check.repair(db)
    for what in done:
        print(what)
    audit.file_event("repair", "postgresql", audit.cli_actor(), done=done)
    after = check_integrity(db)
    for problem in after.problems:
        print(f"STILL {problem}")
    print("ok" if after.ok else f"{len(after.problems)} problem(s) left: restore a backup")
    return 0 if after.ok else 1
