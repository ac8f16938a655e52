"""`deskcrm export customers|purchases|vcard|ical|person --out FILE`: files readable by you only."""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
from pathlib import Path

from deskcrm.cli.errors import fail
from deskcrm.i18n import _

WHAT = ("customers", "purchases", "vcard", "ical", "person")


def register(subparsers: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    p = subparsers.add_parser("export", parents=[common], help="export customers, purchases, vCards, the calendar or one person's data")
    p.add_argument("what", choices=WHAT)
    p.add_argument("--out", required=True, help="file to write (mode 0600)")
    p.add_argument("--customer", type=int, action="append", metavar="ID",
                   help="only this customer (repeatable); required for 'person'")
    p.add_argument("--vcard-version", choices=("3.0", "4.0"), default="3.0")
    p.add_argument("--from", dest="start", type=dt.date.fromisoformat, help="calendar: first day (YYYY-MM-DD)")
    p.add_argument("--to", dest="end", type=dt.date.fromisoformat, help="calendar: last day (YYYY-MM-DD)")
    p.set_defaults(func=run)


def _progress(done: int, total: int) -> None:
    if sys.stderr.isatty():
        print(f"\r{done}/{total}", end="", file=sys.stderr, flush=True)


def _out_problem(out: str) -> str | None:
    path = Path(out).expanduser()
    if path.is_dir():
        return _("{out} is a folder; give a file name to write").format(out=out)
    # a missing folder is made (0700, private); the nearest one that exists must take it
    folder = next((p for p in path.parents if p.exists()), Path("/"))
    if not folder.is_dir():
        return _("{folder} is a file, not a folder").format(folder=folder)
    if not os.access(folder, os.W_OK):
        return _("cannot write in {folder}").format(folder=folder)
    return None


def run(args: argparse.Namespace) -> int:
    from deskcrm.services.io.private import DiskFull

    try:
        return _export(args)
    except DiskFull as exc:
        return fail(str(exc), 1)


def _export(args: argparse.Namespace) -> int:
    from deskcrm.cli import db_target
    from deskcrm.cli.errors import open_existing
    from deskcrm.services import audit
    from deskcrm.services.io import exports, personal_export

    problem = _out_problem(args.out)
    if problem:
        return fail(problem)
    open_existing(db_target(args))  # a mistyped --db must not export "0 written" from a new file
    now = dt.datetime.now(dt.UTC).replace(tzinfo=None)
    ids = args.customer
    if args.what == "person":
        if not ids or len(ids) != 1:
            return fail(_("export person needs exactly one --customer ID"))
        try:
            paths = personal_export.export_person(ids[0], args.out, now=now)
        except personal_export.NoSuchCustomer as exc:
            return fail(str(exc), 1)
        for path in paths:
            audit.file_event("export", path, audit.cli_actor(), what="person", customer=ids[0])
            print(path)
        return 0
    count = exports.export(args.what, args.out, now=now, by=audit.cli_actor(), customer_ids=ids,
                           progress=_progress, vcard_version=args.vcard_version,
                           start=args.start, end=args.end)
    if sys.stderr.isatty():
        print(file=sys.stderr)
    print(_("{count} written to {out}").format(count=count, out=args.out))
    return 0
