"""Customer file speed at scale: start-up, search keystroke, card, memory.

    python benchmarks/bench_customer_file.py --db shop100k.sqlite3

The database must already hold customers (`deskcrm seed --customers 100000 --db X`).
The app runs headless (run_test) at 120x40; every figure is measured through the
real screen: a keystroke is timed from setting the search box to the list
showing the new page, a card from the highlight to the card being drawn.
Targets: start-up <= 1 s, search p95 <= 50 ms, card <= 50 ms, memory <= 250 MB.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import resource
import statistics
import sys
import time
from pathlib import Path

T0 = time.perf_counter()
os.environ.setdefault("TEXTUAL_DISABLE_KITTY_KEY", "1")
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

QUERIES = [
    "wxm", "lh", "zw", "wangxiao", "zhang", "chenj", "ouyang", "ㄱㅁㅅ", "ㅂㅈ", "ㅇㅅㅇ", "小明",
    "明华", "민수", "지영", "王", "김", "w", "anna", "lee", "grace kim", "138", "0101", "5555",
    "8000", "1234", "13912", "010-23", "z", "ㅎ", "曾", "zengx", "shan", "欧阳", "李小", "박민",
    "秀英", "ㅊㅎ", "yz", "hy", "david", "smith", "park", "0", "12", "9876", "4321", "li", "xu",
    "한", "刘伟",
]  # fmt: skip


def pct(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def ms(x: float) -> str:
    return f"{x * 1000:.1f} ms"


async def run(db: str, cards: int) -> None:
    from deskcrm.app import DeskApp
    from deskcrm.screens import customers as screen_module
    from deskcrm.widgets.customer_table import CustomerTable
    from deskcrm.widgets.profile_card import ProfileCard
    from deskcrm.widgets.search_bar import SearchBar

    events = {"page": asyncio.Event(), "card": asyncio.Event()}
    fill: list[float] = []  # time spent putting a page into the table
    show_page, show_card = screen_module.CustomersScreen._show_page, ProfileCard.show

    def page_shown(self, *args):
        t = time.perf_counter()
        show_page(self, *args)
        fill.append(time.perf_counter() - t)
        events["page"].set()

    def card_shown(self, view):
        show_card(self, view)
        if view is not None:
            events["card"].set()

    screen_module.CustomersScreen._show_page = page_shown
    ProfileCard.show = card_shown

    t_app = time.perf_counter()
    app = DeskApp(db, ask_staff=False)
    async with app.run_test(size=(120, 40)) as pilot:
        table = app.screen.query_one(CustomerTable)
        while table.row_count == 0:
            await asyncio.sleep(0.002)
        await pilot.pause()  # one refresh: the rows are painted
        t_list = time.perf_counter()
        print(f"start-up to first painted list: {ms(t_list - t_app)} (app object to rows on screen); "
              f"{ms(t_list - T0)} including Python imports")
        print(f"rows in the first page: {table.row_count}")

        # The app generates the days' follow-ups in the background shortly after the
        # first paint (seconds on a big file's first start, ~1 s after). Measure the
        # desk once that is done: the steady state a clerk works in all day.
        from deskcrm.app import GENERATION_DELAY

        await asyncio.sleep(GENERATION_DELAY + 0.1)
        t_gen = time.perf_counter()
        await app.workers.wait_for_complete()
        print(f"background follow-up generation after start-up: {ms(time.perf_counter() - t_gen)} "
              f"(waited for before the figures below)")

        bar = app.screen.query_one(SearchBar)
        times, found = [], []
        for q in QUERIES:
            events["page"].clear()
            t = time.perf_counter()
            bar.value = q  # what a keystroke does: Input.Changed -> worker -> list
            await events["page"].wait()
            times.append(time.perf_counter() - t)
            found.append(table.row_count)
            await pilot.pause()
        print(f"search keystroke to updated list over {len(QUERIES)} queries: "
              f"median {ms(statistics.median(times))}, p95 {ms(pct(times, 95))}, max {ms(max(times))}")
        print(f"  of which filling the table: median {ms(statistics.median(fill))}, p95 {ms(pct(fill, 95))}")
        slow = sorted(zip(times, QUERIES, found, strict=True), reverse=True)[:5]
        print("  slowest: " + ", ".join(f"{q!r} {ms(t)} ({n} rows)" for t, q, n in slow))

        bar.value = ""
        await events["page"].wait()
        await pilot.pause()
        screen = app.screen
        ids = [int(k.value) for k in list(table.rows)[:200]]
        rng = random.Random(1)
        card_times = []
        for cid in rng.sample(ids, min(cards, len(ids))):
            events["card"].clear()
            t = time.perf_counter()
            screen.load_card(cid)
            await events["card"].wait()
            card_times.append(time.perf_counter() - t)
        print(f"open a card over {len(card_times)} customers: median {ms(statistics.median(card_times))}, "
              f"p95 {ms(pct(card_times, 95))}")
    peak_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(f"peak memory (max RSS): {peak_kib / 1024:.0f} MB")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", required=True, help="an existing, seeded deskcrm database")
    parser.add_argument("--cards", type=int, default=50)
    args = parser.parse_args()
    if not Path(args.db).exists():
        parser.error(f"{args.db} does not exist; seed it first: deskcrm seed --customers 100000 --db {args.db}")
    asyncio.run(run(args.db, args.cards))


if __name__ == "__main__":
    main()
