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


def copy_db(src: Path, dst: Path) -> None:
    with sqlite3.connect(f"{src.resolve().as_uri()}?mode=ro", uri=True) as s, sqlite3.connect(dst) as d:
        s.backup(d)
    con = sqlite3.connect(dst)
    cols = {r[1] for r in con.execute("PRAGMA table_info(follow_up)")}
    if "visible_from" not in cols:  # a file made before FollowUp.visible_from existed
        con.execute("ALTER TABLE follow_up ADD COLUMN visible_from DATE")
        con.execute("CREATE INDEX IF NOT EXISTS followup_visible_from ON follow_up (visible_from)")
        con.commit()
    con.close()


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
    from deskcrm.screens.calendar import CalendarScreen

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
        timed("copy (online backup)", lambda: copy_db(args.db, db))
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
        print(f"  created {inc.created:,}")
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
