"""`deskcrm restore PATH`: check the backup, keep the current database aside, then restore."""

from __future__ import annotations

import argparse
import datetime as dt

from deskcrm.cli.errors import fail
from deskcrm.i18n import _


def register(subparsers: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    p = subparsers.add_parser("restore", parents=[common], help="replace the database with a checked backup")
    p.add_argument("path", help="a backup made by `deskcrm backup`")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from deskcrm.cli import db_target
    from deskcrm.services.io.backup import BackupError, restore_database
    from deskcrm.store.db import StoreError, is_url, open_database

    target = db_target(args)
    if is_url(target):
        return fail(_("restore works on a SQLite file, not {url}").format(url=target))
    try:
        result = restore_database(args.path, target, now=dt.datetime.now(dt.UTC).replace(tzinfo=None))
        open_database(target).close()  # bring an older backup up to this version's schema
    except (StoreError, BackupError) as exc:
        return fail(str(exc), 1)
    if result.kept_aside:
        print(_("the database as it was is kept at {path}").format(path=result.kept_aside))
    print(_("restored {path}: {customers} customers").format(
        path=result.restored.path, customers=result.restored.customers))
    return 0
