"""F3 at scale: from the key to the month grid painted with its counts, and today's list.

    python benchmarks/bench_calendar.py --db /tmp/bench100k.sqlite3 [--today YYYY-MM-DD] [--runs 5]

Works on a copy (see bench_followups.copy_db); the given file is never written. The
copy gets its follow-ups first (the start-up generation for --today), then a headless
app at 120x40 is timed with benchmarks/painted.py's FrameClock, which stops the clock
at the frame written after the grid got its counts (the bytes a terminal would get):

- F3 right after start: the start-up run (a no-op over unchanged inputs) and the
  warm-up of this month's view may still be going;
- F3 after start-up settled: this month's view was warmed in the background;
- F3 with nothing cached: the view dropped first, so the plan is dealt on the spot
  (what F3 cost before the cache; still what a store change costs until it is dealt);
- F3 again, back from F2.
Each with CPU seconds of the process; the references printed beside them are the
services alone (plan dealt through six weeks, the month counts query).
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import os
import resource
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))
os.environ.setdefault("TEXTUAL_DISABLE_KITTY_KEY", "1")

from bench_followups import copy_db  # noqa: E402
from painted import FrameClock, press  # noqa: E402


async def _f3(app, clock: FrameClock, pilot) -> tuple[float, float, float]:
    """(key → grid painted, key → today's list painted, CPU seconds) for one F3 press."""
    from deskcrm.screens.calendar.screen import CalendarScreen

    c0, t0 = time.process_time(), time.perf_counter()
    press(app, "f3")
    while not isinstance(app.screen, CalendarScreen) or (app.screen.first_paint or 0) < t0:
        await asyncio.sleep(0.001)
    screen = app.screen
    grid = await clock.painted(screen.first_paint, timeout=60)
    while (screen.list_shown or 0) < t0 and time.perf_counter() - t0 < 60:
        await asyncio.sleep(0.001)
    # the frame after the list got its rows; an unchanged list (back from F2) may need none
    listed = await clock.painted(grid, timeout=60)
    cpu = time.process_time() - c0
    await app.workers.wait_for_complete()
    await pilot.pause()
    return grid - t0, listed - t0, cpu


async def run(db: Path, today: dt.date, runs: int) -> dict[str, list[tuple[float, float, float]]]:
    from deskcrm.app import DeskApp

    out: dict[str, list[tuple[float, float, float]]] = {}
    for n in range(runs):
        app = DeskApp(db, today=today, ask_staff=False, start_jobs=True)
        clock = FrameClock(app)
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.pause()
            out.setdefault("F3 right after start", []).append(await _f3(app, clock, pilot))
            press(app, "f2")
            await pilot.pause()
            await app.workers.wait_for_complete()
            out.setdefault("F3 again, back from F2", []).append(await _f3(app, clock, pilot))
            press(app, "f2")
            await pilot.pause()
            app.month_cache.drop()
            out.setdefault("F3 with nothing cached", []).append(await _f3(app, clock, pilot))
        app = DeskApp(db, today=today, ask_staff=False, start_jobs=True)
        clock = FrameClock(app)
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.pause()
            for _ in range(1200):  # the start-up run, then the month's warm-up it asks for
                await app.workers.wait_for_complete()
                if app.month_cache.version() == 0 and app.month_cache._views:
                    break
                await asyncio.sleep(0.05)
            await pilot.pause()
            out.setdefault("F3 after start-up settled", []).append(await _f3(app, clock, pilot))
        print(f"  run {n + 1}/{runs} done", flush=True)
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", required=True, type=Path)
    parser.add_argument("--today", type=dt.date.fromisoformat, default=dt.date.today())
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    print(f"load average {os.getloadavg()[0]:.1f} at start")
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "bench.sqlite3"
        copy_db(args.db, db)
        from deskcrm.services.followups import generate_ahead
        from deskcrm.services.followups.monthview import month_key, month_view
        from deskcrm.store.db import open_database
        from deskcrm.store.models import Customer, database
        from deskcrm.widgets.month_grid import visible_range

        open_database(db)
        now = dt.datetime.now(dt.UTC).replace(tzinfo=None)
        c0, t0 = time.process_time(), time.perf_counter()
        made = generate_ahead(args.today, now)
        print(f"customers {Customer.select().count():,}; start-up generation {time.perf_counter() - t0:.1f} s "
              f"(cpu {time.process_time() - c0:.1f} s, {made.created:,} follow-ups)")
        first, last = visible_range(args.today, False)
        key = month_key(args.today, None, first, last, now)
        c0, t0 = time.perf_counter(), time.process_time()
        month_view(key)
        print(f"{'reference: month view (plan to 6 weeks) alone':<46} {time.perf_counter() - c0:7.3f} s"
              f"  (cpu {time.process_time() - t0:.3f} s)")
        database.close()
        results = asyncio.run(run(db, args.today, args.runs))
    print(f"{'':<46} {'grid p50':>9} {'max':>7} {'list p50':>9} {'cpu p50':>8}")
    for label, rows in results.items():
        grids, lists, cpus = zip(*rows, strict=True)
        print(f"{label:<46} {statistics.median(grids):8.3f}s {max(grids):6.3f}s "
              f"{statistics.median(lists):8.3f}s {statistics.median(cpus):7.3f}s")
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak memory (max RSS, generation and reference included) {peak:.0f} MB")
    print(f"load average {os.getloadavg()[0]:.1f} at end")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
