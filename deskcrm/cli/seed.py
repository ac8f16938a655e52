"""`deskcrm seed`: fill a database with realistic, reproducible demo customers."""

from __future__ import annotations

import argparse
import datetime as dt
import time
from typing import TYPE_CHECKING

from deskcrm.cli.errors import fail

if TYPE_CHECKING:
    from deskcrm.services.seed import SeedSummary



def register(subparsers: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    p = subparsers.add_parser("seed", parents=[common], help="fill a database with demo data")
    p.add_argument("--customers", type=int, required=True, metavar="N", help="how many customers")
    p.add_argument("--seed", type=int, default=7, metavar="S", help="random seed (default 7)")
    p.add_argument(
        "--today", type=dt.date.fromisoformat, default=None, metavar="YYYY-MM-DD",
        help="the day the history ends (default: today)",
    )
    p.add_argument("--force", action="store_true", help="add to a database that has customers")
    p.set_defaults(func=run)


class SeedRefused(Exception):
    """The database already holds customers and --force was not given."""


def ensure_defaults() -> None:
    """The default rows a fresh shop needs: message templates, complaint categories."""
    from deskcrm.services import templates
    from deskcrm.services.complaints import workflow as complaints

    templates.ensure_defaults()
    complaints.ensure_defaults()


def seed_into(
    target: str, customers: int, seed: int, today: dt.date, force: bool = False,
    show_progress: bool = True,
) -> SeedSummary:
    """Open `target`, seed it with a progress bar, close it. Raises StoreError, SeedRefused."""
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeElapsedColumn

    from deskcrm.cli.passphrase import open_target
    from deskcrm.services.seed import seed_database
    from deskcrm.store import schema_check
    from deskcrm.store.models import Customer

    db = open_target(target)
    try:
        if schema_check.is_sqlite(db):
            schema_check.create_missing_indexes(db)  # a killed seed left them dropped
        existing = Customer.select().count()
        if existing and not force:
            raise SeedRefused(
                f"{target} already holds {existing} customers; add --force to seed into it anyway"
            )
        ensure_defaults()
        with Progress(
            "[progress.description]{task.description}", BarColumn(), MofNCompleteColumn(),
            TimeElapsedColumn(), disable=not show_progress,
        ) as bar:
            task = bar.add_task("Seeding customers", total=customers)

            def advance(done: int, total: int) -> None:
                bar.update(task, completed=done, total=total)

            return seed_database(customers=customers, seed=seed, today=today, progress=advance)
    finally:
        db.close()


def print_summary(summary: SeedSummary, elapsed: float) -> None:
    from dataclasses import asdict

    for name, count in asdict(summary).items():
        print(f"{name.replace('_', ' '):>16}: {count:>9,}")
    print(f"{'elapsed':>16}: {elapsed:9.1f} s")


def run(args: argparse.Namespace) -> int:
    from deskcrm.cli import db_target
    from deskcrm.store.db import StoreError

    if args.customers < 0:
        return fail("--customers must be 0 or more")
    target = db_target(args)
    started = time.perf_counter()
    try:
        summary = seed_into(target, args.customers, args.seed, args.today or dt.date.today(),
                            force=args.force)
    except (StoreError, SeedRefused) as exc:
        return fail(str(exc), 1)
    print(f"seeded {target}")
    print_summary(summary, time.perf_counter() - started)
    return 0
