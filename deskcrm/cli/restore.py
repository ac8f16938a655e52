"""`deskcrm restore PATH`: check the backup, show what it holds, keep the current database aside, restore.

The file is copied and checked first (the checks of `deskcrm check`, and a schema
exactly as this version builds it); then what it holds is shown, and at a
terminal the person confirms before anything is replaced (`--yes` skips that).
On PostgreSQL the backup is a `pg_dump -Fc` file, read with pg_restore; the
database as it was is dumped aside first, and `deskcrm check` runs after.
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


def _shown_and_confirmed(args: argparse.Namespace, target: str, customers: int,
                         last_change: dt.datetime | None, version: int) -> bool:
    """What the backup holds, then the person's yes (or --yes, or a script)."""
    last = f"{last_change:%Y-%m-%d %H:%M} UTC" if last_change else _("none recorded")
    print(_("{path} holds {customers} customers; last change {last} (schema {v})").format(
        path=args.path, customers=customers, last=last, v=version))
    if not args.yes and not _confirmed(target):
        print(_("nothing was restored"))
        return False
    return True


def run(args: argparse.Namespace) -> int:
    from deskcrm.cli import db_target
    from deskcrm.cli.passphrase import obtain
    from deskcrm.services import audit
    from deskcrm.services.io.backup import BackupError, restore_database, stage
    from deskcrm.store import cipher
    from deskcrm.store.db import StoreError, is_url, open_database

    target = db_target(args)
    now = dt.datetime.now(dt.UTC).replace(tzinfo=None)
    if is_url(target):
        return _restore_postgres(args, target, now)
    source = Path(args.path).expanduser()
    try:
        # an encrypted backup is restored into the shop's file encrypted the same way
        passphrase = None
        if source.is_file() and source.stat().st_size and not cipher.plain_sqlite(source):
            passphrase = obtain(source.name)
        staged = stage(args.path, target, passphrase=passphrase)
    except (BackupError, StoreError) as exc:
        return fail(str(exc), 1)
    if not _shown_and_confirmed(args, target, staged.customers, staged.last_change, staged.schema_version):
        staged.path.unlink(missing_ok=True)
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


def _restore_postgres(args: argparse.Namespace, target: str, now: dt.datetime) -> int:
    """The same steps with pg_restore: check the dump, show it, confirm, keep the current aside, restore."""
    from deskcrm.services import audit
    from deskcrm.services.io import pg_backup
    from deskcrm.services.io.backup import BackupError
    from deskcrm.store.db import StoreError, check_integrity, open_database

    try:
        facts = pg_backup.inspect_dump(args.path)
    except BackupError as exc:
        return fail(str(exc), 1)
    if not _shown_and_confirmed(args, target, facts.customers, facts.last_change, facts.schema_version):
        return 1
    try:
        result = pg_backup.restore(target, args.path, now=now)
        db = open_database(target)  # an older dump is brought up to this schema; sequences move on
        report = check_integrity(db)
        audit.file_event("restore", args.path, audit.cli_actor(), customers=facts.customers,
                         kept_aside=str(result.kept_aside))
        db.close()
    except (StoreError, BackupError) as exc:
        return fail(str(exc), 1)
    print(_("the database as it was is kept at {path}").format(path=result.kept_aside))
    for problem in report.problems:
        print(f"PROBLEM {problem}")
    print(_("restored {path}: {customers} customers").format(path=args.path, customers=facts.customers))
    return 0 if report.ok else 1
