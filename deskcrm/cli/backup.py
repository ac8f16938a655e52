"""`deskcrm backup PATH`: an online copy, safe while the app is open.

A SQLite file through its backup API; a PostgreSQL database through `pg_dump -Fc`
(services.io.pg_backup), read back before it counts as a backup.
"""

from __future__ import annotations

import argparse
import datetime as dt
from typing import TYPE_CHECKING

from deskcrm.cli.errors import fail
from deskcrm.i18n import _

if TYPE_CHECKING:
    from deskcrm.services.io.backup_target import EarlyBackup


def register(subparsers: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    p = subparsers.add_parser("backup", parents=[common], help="back up the database to a file or folder")
    p.add_argument("path", help="backup file, or a folder to put a dated file in")
    p.add_argument("--verify", action="store_true",
                   help="also run the full integrity and foreign-key check on the copy (slow on a big file)")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from deskcrm.cli import db_target
    from deskcrm.services.io.backup_target import start_early

    target = db_target(args)
    now = dt.datetime.now(dt.UTC).replace(tzinfo=None)
    # the copy is the disk's time: it starts before the store is imported and opened
    early = start_early(target, args.path, now)
    try:
        return _backup(args, target, now, early)
    finally:
        if early is not None:
            early.abandon()  # a no-op once the backup is written


def _backup(args: argparse.Namespace, target: str, now: dt.datetime, early: EarlyBackup | None) -> int:
    from deskcrm.cli.errors import open_existing
    from deskcrm.services import audit
    from deskcrm.services.io.backup import BackupError, backup_database
    from deskcrm.store.db import is_url

    db = open_existing(target)
    try:
        if is_url(target):
            from deskcrm.services.io import pg_backup

            info = pg_backup.backup(target, args.path, now=now)
            audit.file_event("backup", info.path, audit.cli_actor(), customers=info.customers, size=info.size)
        else:
            info = backup_database(db, args.path, now=now, by=audit.cli_actor(), verify=args.verify, early=early)
    except BackupError as exc:
        return fail(str(exc), 1)
    print(_("backup written: {path} ({size} bytes, {customers} customers)").format(
        path=info.path, size=info.size, customers=info.customers))
    return 0
