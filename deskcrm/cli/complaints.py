"""`deskcrm complaints`: the complaints with their step, root cause, promise and ratings."""

from __future__ import annotations

import argparse
import csv
import json
import sys

from deskcrm.cli import shop_scope

COLUMNS = ("id", "customer", "opened", "step", "category", "promised", "overdue", "status",
           "satisfaction", "followup_satisfaction")


def register(subparsers: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    p = subparsers.add_parser("complaints", parents=[common], help="list complaints")
    p.add_argument("--open", action="store_true", help="only complaints still open")
    p.add_argument("--format", choices=("text", "csv", "json"), default="text")
    shop_scope.add_options(p, "head office: every shop's complaints, with a shop column")
    p.set_defaults(func=run)


def _shop_rows(args: argparse.Namespace, target: str) -> tuple[list[dict], tuple[str, ...]]:
    """The rows of the shops asked for, and the columns: --shops adds which shop each is."""
    from deskcrm.services import shops

    wanted = shop_scope.chosen(args, target)
    rows: list[dict] = []
    for shop in wanted:
        with shops.viewing(shop.id):
            rows.extend({"shop": shop.code, **r} if args.shops else r for r in _rows(args.open))
    return rows, (("shop", *COLUMNS) if args.shops else COLUMNS)


def _rows(open_only: bool) -> list[dict]:
    import datetime as dt

    from deskcrm.services.complaints.defaults import category_names
    from deskcrm.services.complaints.queries import ComplaintFilter, list_complaints

    names = category_names()
    today = dt.date.today()
    out: list[dict] = []
    after = None
    while True:
        page = list_complaints(ComplaintFilter(open_only=open_only), today, after=after, limit=500)
        out.extend({
            "id": r.id, "customer": r.customer_name, "opened": r.opened_at.date().isoformat(),
            "step": r.step, "category": names.get(r.category, r.category),
            "promised": r.promised_on.isoformat() if r.promised_on else "",
            "overdue": "yes" if r.promise_overdue else "", "status": r.status,
            "satisfaction": r.satisfaction, "followup_satisfaction": r.followup_satisfaction,
        } for r in page)
        if len(page) < 500:
            return out
        after = page[-1].cursor


def _text(rows: list[dict], columns: tuple[str, ...]) -> None:
    from rich.cells import cell_len

    def pad(value: object, width: int) -> str:
        text = "" if value is None else str(value)
        return text + " " * (width - cell_len(text))

    widths = {c: max([cell_len(c)] + [cell_len(str(r[c] if r[c] is not None else "")) for r in rows])
              for c in columns}
    print("  ".join(pad(c, widths[c]) for c in columns).rstrip())
    for r in rows:
        print("  ".join(pad(r[c], widths[c]) for c in columns).rstrip())
    print(f"{len(rows)} complaint(s)")


def run(args: argparse.Namespace) -> int:

    from deskcrm.cli import db_target
    from deskcrm.cli.errors import open_existing

    target = db_target(args)
    db = open_existing(target)
    with db.connection_context():
        rows, columns = _shop_rows(args, target)
    if args.format == "json":
        json.dump(rows, sys.stdout, ensure_ascii=False, indent=1)
        print()
    elif args.format == "csv":
        writer = csv.DictWriter(sys.stdout, fieldnames=columns)
        writer.writeheader()
        writer.writerows(rows)
    else:
        _text(rows, columns)
    return 0
