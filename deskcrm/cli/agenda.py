"""`deskcrm agenda`: generate what is due, then print each person's calls and the send list.

The calls are F3's: the day plan's, per person, ranked, never more than her
capacity a day, what does not fit carried (and counted) to the next working days.
Messages are not calls: they are printed as the send list, grouped by wording and
language (each message with --messages). Rows are read in pages, never by OFFSET.

The JSON shape is a contract for cron jobs and tests: keys are only ever added.
`items` (and `count`) are the calls of every person over the days asked, each
with the person (`staff_id`, `staff`) and the day it is planned on (`planned_on`).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import sys

from deskcrm.cli import shop_scope
from deskcrm.cli.errors import fail

FIELDS = ("id", "customer_id", "customer", "phone", "kind", "reason", "due_on", "status", "group",
          "callable_now", "window", "message", "is_marketing", "reconfirm_consent",
          "staff_id", "staff", "planned_on")
HELP = """\
Generates the follow-ups due (idempotent), then prints each person's calls for the
days asked - ranked, at most her daily capacity (calls.daily_capacity, or her own
figure in the settings), her own customers first, what does not fit carried to the
next working days - and today's send list (greetings and care messages to send, by
wording and language). Reasons are printed in the language of the environment
(LANG); messages in each customer's language.
"""


def register(subparsers: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    p = subparsers.add_parser("agenda", parents=[common], description=HELP,
                              help="print each person's calls and the messages to send")
    p.add_argument("--date", type=dt.date.fromisoformat, default=None, help="YYYY-MM-DD (default today)")
    p.add_argument("--days", type=int, default=1, help="how many days of calls from --date (default 1)")
    p.add_argument("--staff", default=None,
                   help="only this person's calls (a name or an id); default everyone")
    p.add_argument("--messages", action="store_true",
                   help="print every message of the send list, not only its groups (csv: the send list)")
    p.add_argument("--format", choices=("text", "csv", "json"), default="text")
    p.add_argument("--at", default=None, help="HH:MM local time that decides who can be called now")
    shop_scope.add_options(p, "head office: every shop's calls and send list, shop by shop")
    p.set_defaults(func=run)


def _row(item, staff_id: int, staff: str, day: dt.date) -> dict:
    return {
        "id": item.id, "customer_id": item.customer_id, "customer": item.customer_name,
        "phone": item.phone, "kind": item.kind, "reason": item.reason,
        "due_on": item.due_on.isoformat(), "status": item.status, "group": item.group,
        "callable_now": item.callable_now, "window": item.window, "message": item.message,
        "is_marketing": item.is_marketing, "reconfirm_consent": item.reconfirm_consent,
        "staff_id": staff_id or None, "staff": staff, "planned_on": day.isoformat(),
    }


def _pad(text: str, width: int) -> str:
    from rich.cells import cell_len, set_cell_size

    return set_cell_size(text, width) if cell_len(text) > width else text + " " * (width - cell_len(text))


def _staff_ids(wanted: str | None) -> list[int] | None | str:
    """The ids --staff names; an error text when it names nobody."""
    if wanted is None:
        return None
    from deskcrm.store.models import Staff

    query = Staff.select(Staff.id).where(
        (Staff.id == int(wanted)) if wanted.isdigit() else (Staff.name == wanted.strip()))
    ids = [i for (i,) in query.tuples()]
    return ids or f"--staff: nobody called {wanted!r}"


def run(args: argparse.Namespace) -> int:
    from deskcrm import i18n
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
    i18n.set_language(i18n.language_from_environment())
    from deskcrm.services import sendlist, shops, templates
    from deskcrm.services.followups import daysheet, generate_ahead, load_config

    wanted = shop_scope.chosen(args, target)
    staff_ids = _staff_ids(args.staff)
    if isinstance(staff_ids, str):
        return fail(staff_ids)
    day = args.date or dt.date.today()
    now = dt.datetime.now(dt.UTC).replace(tzinfo=None)
    templates.ensure_defaults()
    ahead = max(args.days - 1, load_config().birthday_notice_days)
    result = generate_ahead(day, now, days=ahead)  # every shop's: each customer's go to the home shop
    parts = []
    for shop in wanted:
        # the shop's own people and closure days: its desk's day plan and send list
        with shops.viewing(shop.id):
            parts.append((shop, daysheet.sheets(day, args.days, local, staff_ids=staff_ids), sendlist.groups(day)))
    try:
        if args.shops:
            _write_shops(parts, args, day, result.created)
        else:
            with shops.viewing(wanted[0].id):  # the send list's messages are read as they print
                _write(parts[0][1], parts[0][2], args, day, result.created)
    except BrokenPipeError:  # `deskcrm agenda | head` is fine
        sys.stdout = open(os.devnull, "w")  # noqa: SIM115 - stays open until exit on purpose
    return 0


def _write_shops(parts, args: argparse.Namespace, day: dt.date, generated: int) -> None:
    """Head office's agenda: each shop's calls and send list, one shop after the other."""
    from deskcrm.services import shops

    if args.format == "json":
        out = []
        for shop, sheets, groups in parts:
            with shops.viewing(shop.id):
                out.append({"shop": shop.code, "name": shop.name, **_json_body(sheets, groups, args, day)})
        json.dump({"date": day.isoformat(), "days": args.days, "generated": generated, "shops": out},
                  sys.stdout, ensure_ascii=False, indent=1)
        print()
        return
    if args.format == "csv":
        import csv

        if args.messages:
            from deskcrm.services.sendlist import CSV_HEADER

            writer = csv.writer(sys.stdout)
            writer.writerow(("shop", *CSV_HEADER))
            for shop, _sheets, groups in parts:
                with shops.viewing(shop.id):
                    for g in groups:
                        writer.writerows((shop.code, m.customer_name, m.phone, m.channel, m.locale, m.message,
                                          m.followup_id) for m in _messages(day, g))
            return
        writer = csv.DictWriter(sys.stdout, fieldnames=("shop", *FIELDS))
        writer.writeheader()
        for shop, sheets, _groups in parts:
            writer.writerows({"shop": shop.code, **row} for row in _items(sheets))
        return
    for n, (shop, sheets, groups) in enumerate(parts):
        if n:
            print()
        print(f"== {shop.name} ({shop.code}) ==")
        with shops.viewing(shop.id):
            _print_text(sheets, groups, args, day)


def _items(sheets) -> list[dict]:
    return [_row(item, s.staff_id, s.name, d.day) for s in sheets for d in s.days for item in d.items]


def _messages(day: dt.date, group):
    from deskcrm.services import sendlist

    for page in sendlist.group_pages(day, group):
        yield from page


def _write(sheets, groups, args: argparse.Namespace, day: dt.date, generated: int) -> None:
    if args.format == "json":
        _write_json(sheets, groups, args, day, generated)
    elif args.format == "csv":
        import csv

        if args.messages:
            from deskcrm.services.sendlist import CSV_HEADER

            writer = csv.writer(sys.stdout)
            writer.writerow(CSV_HEADER)
            for g in groups:
                writer.writerows((m.customer_name, m.phone, m.channel, m.locale, m.message, m.followup_id)
                                 for m in _messages(day, g))
            return
        writer = csv.DictWriter(sys.stdout, fieldnames=FIELDS)
        writer.writeheader()
        writer.writerows(_items(sheets))
    else:
        _print_text(sheets, groups, args, day)


def _write_json(sheets, groups, args: argparse.Namespace, day: dt.date, generated: int) -> None:
    json.dump({"date": day.isoformat(), "days": args.days, "generated": generated,
               **_json_body(sheets, groups, args, day)},
              sys.stdout, ensure_ascii=False, indent=1)
    print()


def _json_body(sheets, groups, args: argparse.Namespace, day: dt.date) -> dict:
    """One shop's calls, people and send list as the JSON contract has them."""
    items = _items(sheets)
    people = [{"staff_id": s.staff_id or None, "staff": s.name, "capacity": s.capacity,
               "done_today": s.done_today, "this_week": s.this_week, "later": s.later,
               "days": [{"date": d.day.isoformat(), "count": len(d.items)} for d in s.days]}
              for s in sheets]
    send = [{"kind": g.kind, "template": g.template, "locale": g.locale, "count": g.count}
            for g in groups]
    if args.messages:
        for entry, g in zip(send, groups, strict=True):
            entry["messages"] = [{"followup_id": m.followup_id, "customer": m.customer_name,
                                  "phone": m.phone, "channel": m.channel, "message": m.message}
                                 for m in _messages(day, g)]
    return {"count": len(items), "items": items, "staff": people,
            "send_list": {"count": sum(g.count for g in groups), "groups": send}}


def _print_text(sheets, groups, args: argparse.Namespace, day: dt.date) -> None:
    from deskcrm import i18n
    from deskcrm.i18n import _
    from deskcrm.services.followups.dayplan import progress_words
    from deskcrm.services.followups.kinds import kind_label

    last = day + dt.timedelta(days=args.days - 1)
    span = day.isoformat() + (f" – {last.isoformat()}" if args.days > 1 else "")
    print(_("Calls {span}").format(span=span))
    marks = {"overdue": "!", "due": "•", "upcoming": "›", "closed": "✓"}
    for s in sheets:
        head = [s.name or _("the desk"), _("{cap} calls a day").format(cap=s.capacity),
                *progress_words(s.done_today, s.this_week, s.later)]
        print()
        print(" · ".join(head))
        for d in s.days:
            if args.days > 1:
                print(f"  {d.day.isoformat()}: {len(d.items)}")
            for item in d.items:
                print(f"  {marks[item.group]} {item.due_on.isoformat()}  {_pad(item.customer_name, 14)} "
                      f"{_pad(item.phone, 14)} {_pad(kind_label(item.kind), 16)} {item.reason}")
    print()
    print(_("Messages to send: {n}").format(n=f"{sum(g.count for g in groups):,}"))
    for g in groups:
        print(f"  {_pad(kind_label(g.kind), 16)} {_pad(i18n.LANGUAGES.get(g.locale, g.locale), 10)} {g.count:>7,}")
        if args.messages:
            for m in _messages(day, g):
                print(f"    {_pad(m.customer_name, 14)} {_pad(m.phone, 14)} {m.channel:<5} {m.message}")
