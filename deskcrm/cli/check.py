"""`deskcrm check`: integrity, foreign keys and schema version; non-zero on a problem."""

from __future__ import annotations

import argparse


def register(subparsers: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    p = subparsers.add_parser("check", parents=[common], help="check the database's integrity")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:

    from deskcrm.cli import db_target
    from deskcrm.cli.errors import open_existing
    from deskcrm.store.db import check_integrity

    target = db_target(args)
    db = open_existing(target)
    report = check_integrity(db)
    print(f"database: {target}")
    print(f"schema version: {report.schema_version}")
    for problem in report.problems:
        print(f"PROBLEM {problem}")
    print("ok" if report.ok else f"{len(report.problems)} problem(s)")
    return 0 if report.ok else 1
