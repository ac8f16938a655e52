"""`deskcrm restore PATH`: check the backup, show what it holds, keep the current database aside, restore.

The file is copied and checked first (the checks of `deskcrm check`, and a schema
exactly as this version builds it); then what it holds is shown, and at a
terminal the person confirms before anything is replaced (`--yes` skips that).
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path

from deskcrm.cli.errors import fail
from deskcrm.i18n import _


def register(subparsers: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    p = subparsers.add_parser("restore", parents=[common], help="replace the database with a checked backup")
    p.add_argument("path", help="a backup made by `deskcrm backup`")
    p.add_argument("--yes", action="store_true", help="do not ask before replacing the database")
    p.set_defaults(func=run)


def _confirmed(target: str) -> bool:
    if not sys.stdin.isatty():
        return True  # a script: it chose the file; what it holds is printed above
    answer = input(_("Replace the database at {path} with it? [y/N] ").format(path=target))
    return answer.strip().lower() in ("y", "yes")


def run(args: argparse.Namespace) -> int:
    from deskcrm.cli import db_target
    from deskcrm.cli.passphrase import obtain
    from deskcrm.services import audit
    from deskcrm.services.io.backup import BackupError, restore_database, stage
    from deskcrm.store import cipher
    from deskcrm.store.db import StoreError, is_url, open_database

    target = db_target(args)
    if is_url(target):
        return fail(_("restore works on a SQLite file, not {url}").format(url=target))
    now = dt.datetime.now(dt.UTC).replace(tzinfo=None)
    source = Path(args.path).expanduser()
    try:
        # an encrypted backup is restored into the shop's file encrypted the same way
        passphrase = None
        if source.is_file() and source.stat().st_size and not cipher.plain_sqlite(source):
            passphrase = obtain(source.name)
        staged = stage(args.path, target, passphrase=passphrase)
    except (BackupError, StoreError) as exc:
        return fail(str(exc), 1)
    last = f"{staged.last_change:%Y-%m-%d %H:%M} UTC" if staged.last_change else _("none recorded")
    print(_("{path} holds {customers} customers; last change {last} (schema {v})").format(
        path=args.path, customers=staged.customers, last=last, v=staged.schema_version))
    if not args.yes and not _confirmed(target):
        staged.path.unlink(missing_ok=True)
        print(_("nothing was restored"))
        return 1
    try:
        result = restore_database(args.path, target, now=now, staged=staged, passphrase=passphrase)
        db = open_database(target, passphrase=passphrase)  # bring an older backup up to this version's schema
        audit.file_event("restore", args.path, audit.cli_actor(), customers=staged.customers,
                         kept_aside=str(result.kept_aside or ""))
        db.close()
    except (StoreError, BackupError) as exc:
        return fail(str(exc), 1)
    if result.kept_aside:
        print(_("the database as it was is kept at {path}").format(path=result.kept_aside))
    print(_("restored {path}: {customers} customers").format(
        path=result.restored.path, customers=result.restored.customers))
    return 0
