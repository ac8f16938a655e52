"""`deskcrm check`: integrity, foreign keys and schema version; non-zero on a problem."""

from __future__ import annotations

import argparse

from deskcrm.cli.errors import fail


def register(subparsers: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    p = subparsers.add_parser("check", parents=[common], help="check the database's integrity")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from pathlib import Path

    from deskcrm.cli import db_target
    from deskcrm.store.db import StoreError, check_integrity, is_url, open_database

    target = db_target(args)
    if not is_url(target) and not Path(target).exists():
        return fail(f"{target} does not exist")
    try:
        db = open_database(target)
    except StoreError as exc:
        return fail(str(exc), 1)
    report = check_integrity(db)
    print(f"database: {target}")
    print(f"schema version: {report.schema_version}")
    for problem in report.problems:
        print(f"PROBLEM {problem}")
    print("ok" if report.ok else f"{len(report.problems)} problem(s)")
    return 0 if report.ok else 1
