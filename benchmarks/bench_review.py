"""How long the weekly review takes on a big shop file.

    python benchmarks/bench_review.py --db /tmp/copy-of-bench100k.sqlite3 [--today 2026-04-30]

Works on a COPY (it adds a manager PIN and any index the models define that the file
lacks). Prints the time of `review.week(...)` (cold and warm, and each part) and of
opening F5 headless: pressing F5, typing the PIN, until the figures are on screen.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))
os.environ.setdefault("TEXTUAL_DISABLE_KITTY_KEY", "1")

from deskcrm import config  # noqa: E402
from deskcrm.services import staff  # noqa: E402
from deskcrm.services.review import figures as review  # noqa: E402
from deskcrm.services.review.risk import at_risk  # noqa: E402
from deskcrm.store import models  # noqa: E402
from deskcrm.store.db import open_database  # noqa: E402

PIN = "97531"


def timed(fn, repeat: int = 3) -> tuple[float, float, float]:
    """(first run, median of the next `repeat`, median CPU of those) in seconds.

    CPU (this process's, `time.process_time`) is the figure to compare on a loaded machine.
    """
    start = time.perf_counter()
    fn()
    first = time.perf_counter() - start
    rest, cpu = [], []
    for _ in range(repeat):
        start, cpu_start = time.perf_counter(), time.process_time()
        fn()
        rest.append(time.perf_counter() - start)
        cpu.append(time.process_time() - cpu_start)
    return first, statistics.median(rest), statistics.median(cpu)


def scale() -> str:
    db = models.database
    counts = {t: db.execute_sql(f"SELECT COUNT(*) FROM {t}").fetchone()[0]
              for t in ("customer", "purchase", "follow_up", "complaint", "contact", "tier_change")}
    return ", ".join(f"{n:,} {t}" for t, n in counts.items())


async def open_f5(db_path: str, today: dt.date, profile: str | None = None,
                  pace: float = 0.0, terminal: bool = False) -> tuple[tuple[float, float], ...]:
    """(wall, CPU) of F5 + PIN, previous week, next week again, F5 again signed in, each to
    the painted frame; CPU is the whole process's (the UI thread and the count's).

    `pace`: seconds a person takes to type the PIN after F5; then the first figure runs
    from Enter, not from F5 (with 0, every key is sent at once and it runs from F5).

    `terminal`: F5, the PIN and Enter go into the driver at once, as a terminal's input
    thread hands them over. Pilot.press waits after each key until the whole process is
    idle (Textual's wait_for_idle, up to 1 s): while F5's count runs in its thread, the
    PIN's first digit waits for the count to end, and each key after it costs three of
    those 20 ms waits, so the default figure is the count, then the keys, then the rest."""
    from painted import FrameClock
    from textual import events

    from deskcrm.app import DeskApp
    from deskcrm.screens.review.screen import ReviewScreen

    app = DeskApp(db_path, today=today)
    async with app.run_test(size=(120, 40)) as pilot:
        clock = FrameClock(app)
        await pilot.pause()
        # a manager opens the review after the start-up work has run: each job starts the
        # next (defaults, the days ahead, then F3's month), so wait until none is left
        await asyncio.sleep(0.5)
        quiet = 0
        while quiet < 3:
            busy = any(w.is_running or w.state.name == "PENDING" for w in app.workers)
            await app.workers.wait_for_complete()
            await asyncio.sleep(0.2)
            quiet = 0 if busy else quiet + 1

        async def measure(keys: tuple[str, ...], ready, at_once: bool = False) -> tuple[float, float]:
            start, cpu_start = time.perf_counter(), time.process_time()
            if at_once:
                for key in keys:
                    app._driver.send_message(events.Key(key, key if len(key) == 1 else None))
            else:
                await pilot.press(*keys)
            while not ready():
                await asyncio.sleep(0.005)
            end = await clock.painted(start)
            return end - start, time.process_time() - cpu_start

        if pace:
            await pilot.press("f5")
            await asyncio.sleep(pace)
            await pilot.press(*PIN)
        profiler = None
        if profile:  # the UI thread only: where the frame's time goes besides the count
            from pyinstrument import Profiler

            profiler = Profiler(interval=0.002, async_mode="disabled")
            profiler.start()
        first = await measure(("enter",) if pace else ("f5", *PIN, "enter"),
                              lambda: isinstance(app.screen, ReviewScreen) and app.screen.figures is not None,
                              at_once=terminal)
        if profiler is not None:
            profiler.stop()
            Path(profile).write_text(profiler.output_text(unicode=True, show_all=False), encoding="utf-8")
            profiler.last_session.save(profile + ".pyisession")  # pyinstrument --load-prev / --load
        screen = app.screen
        week_change = await measure(("[",), lambda: screen.figures.week_start != review.monday(today))
        back = await measure(("]",), lambda: screen.figures.week_start == review.monday(today))
        await pilot.press("f2")
        await pilot.pause()
        # signed in already: the screen exists, the week was seen
        again = await measure(("f5",), lambda: app.screen is screen)
        return first, week_change, back, again


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--db", required=True)
    parser.add_argument("--today", help="default: the last purchase day in the file")
    parser.add_argument("--screen-only", action="store_true", help="skip timing review.week's parts")
    parser.add_argument("--pin-pace", type=float, default=0.0, metavar="SECONDS",
                        help="type the PIN this long after F5 and time the first figure from Enter")
    parser.add_argument("--terminal", action="store_true",
                        help="send the keys into the driver at once, without Pilot's wait for an idle process")
    parser.add_argument("--profile", metavar="TXT",
                        help="write pyinstrument's profile of the UI thread during F5 + PIN here")
    args = parser.parse_args()
    db = open_database(args.db)
    with db.atomic():
        for model in models.ALL_MODELS:  # a file seeded before an index was added gets it here
            model.create_table(safe=True)
    today = dt.date.fromisoformat(args.today) if args.today else dt.date.fromisoformat(
        db.execute_sql("SELECT MAX(purchased_on) FROM purchase").fetchone()[0])
    ws = review.monday(today)
    print(f"file: {args.db}\nscale: {scale()}\nweek of {ws}, today {today}")
    figures = review.week(ws, today)
    parts = {
        "week (all figures)": lambda: review.week(ws, today),
        "  trend, 9 weeks": lambda: review.trend(ws, today),
        "  per staff": lambda: review._staff_rows(ws, today),
        "  complaints": lambda: review._complaints(ws, today),
        "  sales + 80/20": lambda: review._sales(ws, figures.kpis),
        "  at risk": lambda: at_risk(today, figures.neglect_days, figures.neglect_vip_days),
    }
    for name, fn in ({} if args.screen_only else parts).items():
        first, warm, cpu = timed(fn)
        print(f"{name:<22} first {first * 1000:7.0f} ms   warm {warm * 1000:7.0f} ms   CPU {cpu * 1000:6.0f} ms")
    # a bench manager whose PIN we know, set as a manager with a PIN would (the file is a copy)
    setter = models.Staff.get_or_none((models.Staff.role == "manager") & models.Staff.pin_hash.is_null(False))
    manager = next((s for s in staff.list_staff() if s.name == "Bench"), None) or staff.create_staff("Bench", "manager")
    if not manager.has_pin:  # a second run on the same copy: Bench has its PIN already
        staff.set_pin(manager.id, PIN, by_id=setter.id if setter else None)
    config.remember_desk(args.db, manager.id)  # who is at the desk: the manager
    db.close()
    first, week_change, back, again = asyncio.run(open_f5(args.db, today, args.profile, args.pin_pace,
                                                          args.terminal))

    def ms(figure: tuple[float, float]) -> str:
        return f"{figure[0] * 1000:.0f} ms (CPU {figure[1] * 1000:.0f})"

    if args.pin_pace:
        print(f"F5, the PIN typed over {args.pin_pace:g} s, Enter until figures painted: {ms(first)}")
    elif args.terminal:
        print(f"F5 + PIN handed over at once, as a terminal does, until figures painted: {ms(first)}")
    else:
        print(f"F5 + PIN until figures painted (builds the screen): {ms(first)}")
    print(f"previous week: {ms(week_change)}; back to this week (seen): {ms(back)}; "
          f"F5 again, signed in: {ms(again)}")
    print(f"load average: {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs")


if __name__ == "__main__":
    main()
