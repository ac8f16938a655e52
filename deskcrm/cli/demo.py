"""`deskcrm demo`: the app on a fresh database of 400 made-up customers."""

from __future__ import annotations

import argparse
import datetime as dt
import tempfile
from pathlib import Path

from deskcrm.cli.errors import fail


def register(subparsers: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    p = subparsers.add_parser(
        "demo", parents=[common], help="open the app on a fresh demo database (a temp file)"
    )
    p.set_defaults(func=run)


def prepare(target: str | None) -> tuple[str, bool]:
    """Seed the demo file (a new temp file unless `target`); (path, whether it was seeded).

    A --db file that already holds customers is opened as it is, so running the
    demo twice on the same file keeps what was typed into it.
    """
    from deskcrm.cli.seed import SeedRefused, seed_into
    from deskcrm.services.first_start import DEMO_CUSTOMERS, DEMO_SEED

    if target is None:
        folder = Path(tempfile.mkdtemp(prefix="deskcrm-demo-"))
        target = str(folder / "demo.sqlite3")
    try:
        seed_into(target, DEMO_CUSTOMERS, DEMO_SEED, dt.date.today(), show_progress=False)
    except SeedRefused:
        return target, False
    return target, True


def run(args: argparse.Namespace) -> int:
    from deskcrm.cli.run import launch
    from deskcrm.services.first_start import DEMO_CUSTOMERS
    from deskcrm.store.db import StoreError

    try:
        target, seeded = prepare(getattr(args, "db", None))
    except StoreError as exc:
        return fail(str(exc), 1)
    what = f"{DEMO_CUSTOMERS} demo customers" if seeded else "the demo data already there"
    print(f"demo database: {target} ({what})")
    code = launch(target)
    print(f"demo database kept at {target}")
    return code
