"""`deskcrm agenda`: generate what is due, then print the call list (text, CSV or JSON).

The JSON shape is a contract for cron jobs and tests: keys are only ever added.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import sys

from deskcrm.cli.errors import fail

FIELDS = ("id", "customer_id", "customer", "phone", "kind", "reason", "due_on", "status", "group",
          "callable_now", "window", "message", "is_marketing", "reconfirm_consent")


def register(subparsers: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    p = subparsers.add_parser("agenda", parents=[common], help="print the call list for a day")
    p.add_argument("--date", type=dt.date.fromisoformat, default=None, help="YYYY-MM-DD (default today)")
    p.add_argument("--days", type=int, default=1, help="how many days from --date (default 1)")
    p.add_argument("--format", choices=("text", "csv", "json"), default="text")
    p.add_argument("--at", default=None, help="HH:MM local time that decides who can be called now")
    p.set_defaults(func=run)


def _row(item) -> dict:
    return {
        "id": item.id, "customer_id": item.customer_id, "customer": item.customer_name,
        "phone": item.phone, "kind": item.kind, "reason": item.reason,
        "due_on": item.due_on.isoformat(), "status": item.status, "group": item.group,
        "callable_now": item.callable_now, "window": item.window, "message": item.message,
        "is_marketing": item.is_marketing, "reconfirm_consent": item.reconfirm_consent,
    }


def _pad(text: str, width: int) -> str:
    from rich.cells import cell_len, set_cell_size

    return set_cell_size(text, width) if cell_len(text) > width else text + " " * (width - cell_len(text))


def _print_text(rows: list[dict], day: dt.date, days: int) -> None:
    last = day + dt.timedelta(days=days - 1)
    print(f"Call list {day.isoformat()}" + (f" – {last.isoformat()}" if days > 1 else "") + f": {len(rows)}")
    marks = {"overdue": "!", "due": "•", "upcoming": "›", "closed": "✓"}
    for r in rows:
        print(f"{marks[r['group']]} {r['due_on']}  {_pad(r['customer'], 14)} {_pad(r['phone'], 14)} "
              f"{_pad(r['kind'], 16)} {r['reason']}")
        if r["message"]:
            print(f"    {r['message']}")


def run(args: argparse.Namespace) -> int:

    from deskcrm.cli import db_target
    from deskcrm.cli.errors import open_existing

    target = db_target(args)
    if args.days < 1:
        return fail("--days must be 1 or more")
    try:
        local = dt.time.fromisoformat(args.at) if args.at else dt.datetime.now().time()
    except ValueError:
        return fail("--at must be HH:MM")
    open_existing(target)
    from deskcrm.services import agenda, templates
    from deskcrm.services.followups import generate_ahead, load_config

    day = args.date or dt.date.today()
    now = dt.datetime.now(dt.UTC).replace(tzinfo=None)
    templates.ensure_defaults()
    ahead = max(args.days - 1, load_config().birthday_notice_days)
    result = generate_ahead(day, now, days=ahead)
    rows: list[dict] = []
    while True:
        page = agenda.call_list(day, local, days=args.days, offset=len(rows))
        rows.extend(_row(i) for i in page)
        if len(page) < agenda.PAGE:
            break
    try:
        _write(rows, args, day, result.created)
    except BrokenPipeError:  # `deskcrm agenda | head` is fine
        sys.stdout = open(os.devnull, "w")  # noqa: SIM115 - stays open until exit on purpose
    return 0


def _write(rows: list[dict], args: argparse.Namespace, day: dt.date, generated: int) -> None:
    if args.format == "json":
        json.dump({"date": day.isoformat(), "days": args.days, "generated": generated,
                   "count": len(rows), "items": rows}, sys.stdout, ensure_ascii=False, indent=1)
        print()
    elif args.format == "csv":
        import csv

        writer = csv.DictWriter(sys.stdout, fieldnames=FIELDS)
        writer.writeheader()
        writer.writerows(rows)
    else:
        _print_text(rows, day, args.days)
