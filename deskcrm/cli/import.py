"""`deskcrm import FILE`: customers from CSV or vCard; `--undo BATCH` takes an import back.

Every row is checked first. A file with bad rows imports nothing (exit 1)
unless --good-only is given; the report names each bad row's line, column and reason.
"""

from __future__ import annotations

import argparse
import datetime as dt
from pathlib import Path

from deskcrm.cli.errors import fail
from deskcrm.i18n import _


def register(subparsers: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    p = subparsers.add_parser("import", parents=[common], help="import customers from CSV or vCard")
    p.add_argument("file", nargs="?", help="a .csv or .vcf file")
    p.add_argument("--encoding", help="utf-8, gb18030, big5 or euc-kr (default: detect)")
    p.add_argument("--good-only", action="store_true", help="import the good rows of a file with bad ones")
    p.add_argument("--dry-run", action="store_true", help="check and report, write nothing")
    p.add_argument("--merge", action="store_true",
                   help="fill empty fields of existing customers found as duplicates (default: skip them)")
    p.add_argument("--undo", type=int, metavar="BATCH_ID", help="undo an earlier import")
    p.add_argument("--list", action="store_true", help="list recent imports")
    p.set_defaults(func=run)


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


def _staff_name() -> str:
    # who is at the desk belongs to each terminal of the app, not to the file: a command
    # line import is credited to the command line, never to whoever picked last
    return "cli"


def print_plan(plan) -> None:
    from deskcrm.services.io.csv_import import ENCODINGS

    source = plan.source
    print(_("file: {name} ({kind}, {encoding})").format(
        name=source.name, kind=source.kind, encoding=ENCODINGS.get(source.encoding, source.encoding)))
    for header, field in zip(source.headers, source.mapping, strict=False):
        print(f"  {header} → {field or _('(ignored)')}")
    print(_("{good} good row(s), {bad} bad row(s), {dupes} duplicate(s)").format(
        good=len(plan.rows), bad=len(plan.bad_lines), dupes=len(plan.duplicates)))
    for w in plan.warnings:
        print(_("line {line}, {column}: {reason}").format(line=w.line, column=w.column, reason=w.reason))
    for e in plan.errors:
        print(_("line {line}, {column}: {reason}").format(line=e.line, column=e.column, reason=e.reason)
              + (f"  [{e.value}]" if e.value else ""))
    for d in plan.duplicates:
        print(_("line {line}: {name} is already on file as #{id} {existing} ({reason})").format(
            line=d.line, name=d.name, id=d.existing_id, existing=d.existing_name, reason=d.reason))


def _undo(batch_id: int) -> int:
    from deskcrm.services.io.importer import UndoError, undo_import

    try:
        result = undo_import(batch_id, now=_now(), staff_name=_staff_name(), clock=_now)
    except UndoError as exc:
        return fail(str(exc), 1)
    print(_("import {id} undone: {deleted} deleted, {restored} restored").format(
        id=batch_id, deleted=result.deleted, restored=result.restored))
    for customer_id, why in result.kept:
        print(_("kept customer #{id}: {why}").format(id=customer_id, why=why))
    return 0


def _list() -> int:
    from deskcrm.services.io.importer import recent_batches

    for b in recent_batches(50):
        state = _("undone") if b.undone_at else ("" if b.status == "done" else _(b.status.replace("_", " ")))
        print(f"{b.id:>5}  {b.at:%Y-%m-%d %H:%M}  {b.source}  +{b.created} ~{b.updated}  {state}")
    return 0


def run(args: argparse.Namespace) -> int:
    from deskcrm.cli import db_target
    from deskcrm.cli.passphrase import open_target
    from deskcrm.services import settings
    from deskcrm.services.io.csv_import import ImportFileError
    from deskcrm.services.io.fields import currency_decimals
    from deskcrm.services.io.importer import apply_import, plan_import
    from deskcrm.services.io.records import Rules, load_source
    from deskcrm.store.db import StoreError

    if args.undo is None and not args.list and not args.file:
        return fail(_("give a FILE to import, --undo BATCH_ID or --list"))
    try:
        open_target(db_target(args))
    except StoreError as exc:
        return fail(str(exc), 1)
    from deskcrm.services.io.importer import recover_unfinished

    for gone in recover_unfinished(_now()):
        print(_("import {id} ({source}) had not finished and was rolled back").format(
            id=gone.batch_id, source=gone.source))
    if args.undo is not None:
        return _undo(args.undo)
    if args.list:
        return _list()
    path = Path(args.file).expanduser()
    if not path.is_file():
        return fail(_("{path} does not exist").format(path=path))
    now = _now()
    shop_lunar = "KR" if settings.get("shop.locale") == "ko" else "CN"
    rules = Rules(now.date(), shop_lunar, currency_decimals(settings.get("shop.currency")))
    try:
        plan = plan_import(load_source(path.read_bytes(), path.name, args.encoding), rules)
    except ImportFileError as exc:
        return fail(str(exc), 1)
    print_plan(plan)
    if args.dry_run:
        print(_("dry run: nothing was written"))
        return 1 if plan.errors else 0
    if plan.errors and not args.good_only:
        print(_("nothing was imported: fix the rows above, or use --good-only to import the good ones"))
        return 1
    result = apply_import(plan, now=now, good_only=True, merge=args.merge, staff_name=_staff_name(),
                          clock=_now)
    print(_("import {id}: {created} created, {updated} updated, {skipped} skipped, {refused} bad row(s) left out")
          .format(id=result.batch_id, created=result.created, updated=result.updated,
                  skipped=result.skipped, refused=result.refused))
    print(_("undo with: deskcrm import --undo {id}").format(id=result.batch_id))
    return 0
