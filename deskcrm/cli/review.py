"""`deskcrm review`: the manager's weekly figures on the command line.

Whoever holds the database file can read it, so no PIN is asked here; the PIN
guards the shared terminal's screens.
"""

from __future__ import annotations

import argparse
import datetime as dt
import re

from deskcrm.cli import shop_scope
from deskcrm.cli.errors import fail

WEEK = re.compile(r"^(\d{4})-?W(\d{2})$")


def register(subparsers: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    p = subparsers.add_parser("review", parents=[common], help="print or write the weekly review")
    p.add_argument("--week", help="ISO week, e.g. 2026-W10 (default: this week)")
    p.add_argument("--format", choices=("md", "html", "csv", "json"), default="md")
    p.add_argument("--out", help="write to this file instead of printing")
    shop_scope.add_options(p, "head office: every shop side by side, and the chain's total")
    p.add_argument("--today", help=argparse.SUPPRESS)  # freezes "today" for tests
    p.set_defaults(func=run)


def parse_week(text: str) -> dt.date:
    """The Monday of an ISO week 'YYYY-Www'."""
    match = WEEK.match(text.strip())
    if not match:
        raise ValueError(f"--week wants YYYY-Www, e.g. 2026-W10, not {text!r}")
    try:
        return dt.date.fromisocalendar(int(match[1]), int(match[2]), 1)
    except ValueError as exc:
        raise ValueError(f"{text}: {exc}") from exc


def _figures(args: argparse.Namespace, target: str, week_start: dt.date, today: dt.date):
    from deskcrm.services import shops
    from deskcrm.services.review import figures as review

    if args.shops:
        shop_scope.chosen(args, target)  # refuses --shop with --shops
        with shops.viewing(shops.ALL):
            return review.week(week_start, today, across_shops=True)
    shop = shop_scope.one_shop(args, target)
    with shops.viewing(shop.id):
        return review.week(week_start, today)


def run(args: argparse.Namespace) -> int:

    from deskcrm.cli import db_target
    from deskcrm.cli.errors import open_existing
    from deskcrm.services import audit
    from deskcrm.services.review import export as review_export
    from deskcrm.services.review import figures as review

    target = db_target(args)
    try:
        today = dt.date.fromisoformat(args.today) if args.today else dt.date.today()
        week_start = parse_week(args.week) if args.week else review.monday(today)
    except ValueError as exc:
        return fail(str(exc))
    db = open_existing(target)
    with db.connection_context():
        figures = _figures(args, target, week_start, today)
    if args.out:
        with db.connection_context():
            path = review_export.export_file(figures, args.out, args.format, by=audit.cli_actor())
        print(f"wrote {path}")
    else:
        print(review_export.render(figures, args.format))
    return 0
