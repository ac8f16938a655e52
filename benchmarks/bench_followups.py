"""Follow-up generation and the F3 calendar at scale.

    python benchmarks/bench_followups.py --db /tmp/bench100k.sqlite3 [--today YYYY-MM-DD] [--days 30]

Works on a copy (SQLite online backup into a temp folder); the given file is never written.
Prints: first generation of N days (by rule), the idempotent re-run, the next
start-up's incremental run, the call-list/month queries, and the time from F3 to
the first painted month grid in a headless app.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import os
import sqlite3
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("TEXTUAL_DISABLE_KITTY_KEY", "1")


def _literal(value) -> str:
    if isinstance(value, bool):
        return str(int(value))
    if isinstance(value, (int, float)):
        return str(value)
    return "'" + str(value).replace("'", "''") + "'"


def copy_db(src: Path, dst: Path) -> list[str]:
    """Online backup, then bring an older file up to today's models.

    The 100k file predates FollowUp.visible_from and Complaint.draft (and may miss
    later fields): each missing column is added with its model default, missing
    tables and indexes are created, so the benchmark runs the code as it is now.
    """
    from peewee import SqliteDatabase

    from deskcrm.store.models import ALL_MODELS

    with sqlite3.connect(f"{src.resolve().as_uri()}?mode=ro", uri=True) as s, sqlite3.connect(dst) as d:
        s.backup(d)
    database = SqliteDatabase(str(dst))
    added: list[str] = []
    with database.bind_ctx(ALL_MODELS):
        for model in ALL_MODELS:
            table = model._meta.table_name
            if not database.table_exists(table):
                model.create_table()
                added.append(table)
                continue
            have = {c.name for c in database.get_columns(table)}
            for f in model._meta.sorted_fields:
                if f.column_name in have:
                    continue
                ddl = f'"{f.column_name}" {f.field_type}'
                default = f.default() if callable(f.default) else f.default
                if default is not None:
                    ddl += f" NOT NULL DEFAULT {_literal(f.db_value(default))}"
                database.execute_sql(f'ALTER TABLE "{table}" ADD COLUMN {ddl}')
                added.append(f"{table}.{f.column_name}")
            model._schema.create_indexes(safe=True)
    database.close()
    return added


def timed(label: str, fn):
    t0, c0 = time.perf_counter(), time.process_time()
    result = fn()
    wall, cpu = time.perf_counter() - t0, time.process_time() - c0
    print(f"{label:<44} {wall:8.3f} s  (cpu {cpu:.3f} s)")
    slow = getattr(result, "seconds", {})
    if slow:
        print("  slowest: " + ", ".join(f"{k} {v:.2f}s" for k, v in sorted(slow.items(), key=lambda kv: -kv[1])[:5]))
    return result


async def first_paint(db: Path, today: dt.date, settle_first: bool) -> tuple[float, float]:
    from deskcrm.app import DeskApp
    from deskcrm.screens.calendar.screen import CalendarScreen

    app = DeskApp(db, today=today, ask_staff=False)
    t0 = time.perf_counter()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        start_screen = time.perf_counter() - t0
        if settle_first:  # let the start-up generation finish first
            await app.workers.wait_for_complete()
        t1 = time.perf_counter()
        await pilot.press("f3")
        screen = app.screen
        assert isinstance(screen, CalendarScreen)
        while screen.first_paint is None:
            await asyncio.sleep(0.005)
        grid = screen.first_paint - t1
        await app.workers.wait_for_complete()
    return start_screen, grid


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", required=True, type=Path)
    parser.add_argument("--today", type=dt.date.fromisoformat, default=dt.date.today())
    parser.add_argument("--days", type=int, default=30)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "bench.sqlite3"
        added = timed("copy (online backup)", lambda: copy_db(args.db, db))
        if added:
            print("  brought up to date: " + ", ".join(added))
        from deskcrm.services import agenda, templates
        from deskcrm.services.followups import generate, generate_ahead
        from deskcrm.store.db import open_database
        from deskcrm.store.models import Customer, FollowUp

        open_database(db)
        templates.ensure_defaults()
        print(f"customers {Customer.select().count():,}, follow-ups before {FollowUp.select().count():,}")
        today, end = args.today, args.today + dt.timedelta(days=args.days - 1)
        # the real clock: purchases carry the time they were logged, which incremental runs compare
        now = dt.datetime.now(dt.UTC).replace(tzinfo=None)
        first = timed(f"generate {args.days} days, first run", lambda: generate(today, end, today, now))
        print(f"  created {first.created:,} closed {first.closed:,}: "
              + ", ".join(f"{k} {v:,}" for k, v in first.by_rule.items() if v))
        again = timed(f"generate {args.days} days, re-run (idempotent)",
                      lambda: generate(today, end, today, now + dt.timedelta(minutes=5)))
        print(f"  created {again.created:,}")
        from deskcrm.services import settings

        settings.put("followups.generated_through", end.isoformat())
        nxt = today + dt.timedelta(days=1)
        inc = timed("next day's start-up (incremental)",
                    lambda: generate_ahead(nxt, now + dt.timedelta(days=1), days=args.days - 1))
        print(f"  created {inc.created:,}: " + ", ".join(f"{k} {v:,}" for k, v in inc.by_rule.items() if v))
        local = dt.time(10)
        items = timed("call list, first page (500)", lambda: agenda.call_list(today, local))
        print(f"  {len(items)} rows")
        timed("month counts (6 weeks)", lambda: agenda.month_counts(today - dt.timedelta(days=7),
                                                                   today + dt.timedelta(days=35), today))
        timed("busiest day's agenda, first page", lambda: agenda.day_items(
            max(agenda.month_counts(today, end, today).items(), key=lambda kv: kv[1].total)[0], today, local))
        from deskcrm.store.models import database

        database.close()
        start_screen, busy = asyncio.run(first_paint(db, today + dt.timedelta(days=2), False))
        _, idle = asyncio.run(first_paint(db, today + dt.timedelta(days=2), True))
        print(f"{'app start to first screen (headless)':<44} {start_screen:8.3f} s")
        print(f"{'F3 to painted grid, start-up run going':<44} {busy:8.3f} s")
        print(f"{'F3 to painted grid, start-up run done':<44} {idle:8.3f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
