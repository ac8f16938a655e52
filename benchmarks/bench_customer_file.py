"""Customer file speed at scale, to the painted screen: start-up, search keystroke, card, memory.

    nice -n -15 python benchmarks/bench_customer_file.py --db /tmp/copy-of-bench100k.sqlite3

Use a COPY of the seeded file (`deskcrm seed --customers 100000 --db X`): the app's
start-up generation writes follow-ups. The app runs headless at 120x40 and every figure
ends when the frame is written (see benchmarks/painted.py: the compositor's update
turned into terminal bytes, the app quiet afterwards):

- keystroke: the query's last key delivered by the driver, as a terminal sends it
  (the box already holds the rest of the query and shows its list) → the new list painted;
- card: Down in the list → the next customer's card painted;
- start-up: a fresh process (`deskcrm run` through the CLI) → the first list painted, with
  the terminal's desk remembered (every start after the first day); a terminal's very first
  start, with the desk picker over the list, is printed beside it. deskcrm's modules compiled to
  bytecode first, as an installed app has them (`compile_like_an_install`).

Beside each figure, from the same run: the SQL alone (`search(...)`, `card(...)`) and a
bare Textual app (Header, DataTable, Footer) doing the same on screen without a store.
Targets at 100 000 customers (issue 15): keystroke p50 <= 25 ms, p95 <= 50 ms and <= 2x
the SQL alone at p50; card p50 <= 20 ms; start-up <= 1.4x the bare app.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import random
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

os.environ.setdefault("TEXTUAL_DISABLE_KITTY_KEY", "1")
os.environ.setdefault("DESKCRM_FIRST_START", "0")
ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from installed import compile_like_an_install  # noqa: E402

SIZE = (120, 40)
BENCH_PANE = "%bench"
ISSUE_QUERIES = ["0", "z", "w", "김", "wxm", "5678", "小明"]
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
    return f"{x * 1000:7.1f}"


def row(label: str, values: list[float], ref: list[float] | None = None, ref_label: str = "") -> None:
    line = f"  {label:<34} p50 {ms(statistics.median(values))} ms  p95 {ms(pct(values, 95))} ms"
    if ref:
        p50 = statistics.median(ref)
        line += (f"   | {ref_label} p50 {ms(p50)} ms  p95 {ms(pct(ref, 95))} ms"
                 f"   ratio {statistics.median(values) / p50:4.1f}x")
    print(line)


# --- the bare Textual app: the floor every figure is compared with -------------------

def bare_app(pages: dict[str, list[tuple[str, ...]]] | None = None):
    from textual.app import App
    from textual.widgets import DataTable, Footer, Header, Input

    class Bare(App[None]):
        def compose(self):
            yield Header()
            yield Input(id="q")
            yield DataTable(id="t", cursor_type="row", zebra_stripes=True)
            yield Footer()

        def on_mount(self) -> None:
            table = self.query_one(DataTable)
            for key, width in (("name", 14), ("phone", 13), ("tier", 7), ("last", 10), ("spend", 10)):
                table.add_column(key.title(), width=width, key=key)
            self.fill(next(iter(pages.values())) if pages else
                      [(f"Customer {i}", "13800138000", "gold", "2026-11-01", "1,234") for i in range(60)])

        def fill(self, rows) -> None:
            table = self.query_one(DataTable)
            table.clear()
            for i, cells in enumerate(rows):
                table.add_row(*cells, key=str(i))

        def on_input_changed(self, event: Input.Changed) -> None:
            if pages is not None:
                self.fill(pages.get(event.value, []))

    return Bare()


# --- start-up, each run a fresh process ----------------------------------------------

def child_startup(kind: str, db: str) -> None:
    """Runs in the child: start the app headless, print the wall time of the first painted list."""
    from painted import FrameClock
    from textual.app import App

    run = App.run

    def headless_run(self, *args, **kwargs):
        kwargs.update(headless=True, size=SIZE)
        clock = FrameClock(self)

        def check() -> None:
            from textual.widgets import DataTable

            tables = [t for screen in self.screen_stack for t in screen.query(DataTable)]
            if any(t.row_count for t in tables) and not clock.busy():
                print(json.dumps({"painted": wall(clock.frames[-1])}), flush=True)
                self.exit()
            else:
                self.set_timer(0.002, check)

        clock.on_first_frame = lambda: self.set_timer(0.002, check)
        return run(self, *args, **kwargs)

    App.run = headless_run
    if kind == "bare":
        bare_app().run()
    else:
        from deskcrm.cli import main  # as a shop starts it: background jobs after the first paint

        main(["run", "--db", db])


def wall(perf: float) -> float:
    """A perf_counter reading as wall-clock time, comparable across processes."""
    return time.time() - (time.perf_counter() - perf)


def desk_config(db: str, remembered: bool) -> str:
    """A private config folder for the child: with the desk this terminal last had, as every
    start after a shop's first day has it, or empty, as a terminal's very first start (the
    desk picker then opens over the list)."""
    import tempfile

    from deskcrm import config
    from deskcrm.store.db import open_store
    from deskcrm.store.models import Staff

    folder = tempfile.mkdtemp(prefix="bench-config-")
    if remembered:
        store = open_store(db, read_only=True)
        with store.session():
            staff_id = Staff.select(Staff.id).where(Staff.active).order_by(Staff.id).scalar()
        store.close()
        saved = {k: os.environ.get(k) for k in (config.ENV_CONFIG, "TMUX_PANE")}
        os.environ.update({config.ENV_CONFIG: folder, "TMUX_PANE": BENCH_PANE})
        try:
            config.remember_desk(db, staff_id)
        finally:
            for key, value in saved.items():
                if value is None:
                    os.environ.pop(key)
                else:
                    os.environ[key] = value
    return folder


def startup(kind: str, db: str, folder: str | None = None) -> float:
    from deskcrm import config

    env = dict(os.environ)
    if folder:  # the child is one terminal (a pane name), whose desk the folder may remember
        env.update({config.ENV_CONFIG: folder, "TMUX_PANE": BENCH_PANE})
    start = time.time()
    out = subprocess.run(
        [sys.executable, __file__, "--db", db, "--child", kind],
        capture_output=True, text=True, cwd=ROOT, check=True, env=env,
    ).stdout
    painted = next(json.loads(line)["painted"] for line in out.splitlines() if line.startswith("{"))
    return painted - start


# --- keystroke and card in the real app ------------------------------------------------

async def measure_app(db: str, runs: int, cards: int) -> dict[str, list[float]]:
    from painted import FrameClock, press
    from textual.worker import WorkerCancelled

    from deskcrm.app import DeskApp
    from deskcrm.screens.customers import screen as screen_module
    from deskcrm.services.card import card
    from deskcrm.services.search import search
    from deskcrm.widgets.customer_table import CustomerTable
    from deskcrm.widgets.profile_card import ProfileCard
    from deskcrm.widgets.search_bar import SearchBar

    marks = {"page": 0.0, "card": 0.0}
    show_page, show_card = screen_module.CustomersScreen._show_page, ProfileCard.show

    def page_shown(self, *args):
        show_page(self, *args)
        marks["page"] = time.perf_counter()

    def card_shown(self, view, *args):
        show_card(self, view, *args)
        marks["card"] = time.perf_counter()

    screen_module.CustomersScreen._show_page = page_shown
    ProfileCard.show = card_shown
    out: dict[str, list[float]] = {k: [] for k in (
        "issue", "issue_sql", "list", "list_sql", "fill", "card", "card_sql")}

    app = DeskApp(db, ask_staff=False, start_jobs=True)
    async with app.run_test(size=SIZE):
        clock = FrameClock(app)
        screen = app.screen
        table = screen.query_one(CustomerTable)
        bar = screen.query_one(SearchBar)
        bar.cursor_blink = False  # a blinking cursor paints a frame every half second
        while table.row_count == 0:
            await asyncio.sleep(0.01)
        # the steady state a clerk works in all day: the start-up generation done
        await asyncio.sleep(0.5)
        t = time.perf_counter()
        await app.workers.wait_for_complete()
        print(f"(start-up follow-up generation waited for: {time.perf_counter() - t:.1f} s)")

        async def screen_work() -> None:
            # exclusive workers cancel each other by design; waiting must survive that
            for _ in range(3):
                with contextlib.suppress(WorkerCancelled):
                    await app.workers.wait_for_complete([w for w in app.workers if w.node is screen])

        async def settle() -> None:
            await screen_work()
            screen.draw_pending_card()
            await screen_work()
            await clock.painted(0)

        async def keystroke(query: str) -> float:
            bar.focus()
            bar.value = query[:-1]
            bar.cursor_position = len(bar.value)
            await settle()
            marks["page"] = 0.0
            start = time.perf_counter()
            press(app, query[-1])
            while not marks["page"]:
                await asyncio.sleep(0.001)
            painted = await clock.painted(marks["page"])
            out["fill"].append(marks["page"] - start)
            assert bar.value == query, (bar.value, query)
            return painted - start

        if True:  # the app bound its store for this task: the SQL alone runs here
            for _ in range(runs):
                for name, queries in (("issue", ISSUE_QUERIES), ("list", QUERIES)):
                    for q in queries:
                        out[name].append(await keystroke(q))
                        t = time.perf_counter()
                        search(q, limit=screen_module.FIRST_PAGE)
                        out[f"{name}_sql"].append(time.perf_counter() - t)

            bar.value = ""
            await settle()
            table.focus()
            table.move_cursor(row=0)
            await settle()
            ids = []
            for _ in range(runs):
                table.move_cursor(row=0)
                await settle()
                for _ in range(min(cards, table.row_count - 2)):
                    marks["card"] = 0.0
                    start = time.perf_counter()
                    press(app, "down")
                    while not marks["card"]:
                        await asyncio.sleep(0.001)
                    out["card"].append(await clock.painted(marks["card"]) - start)
                    ids.append(screen._card_id)
            today = app.today()
            rng = random.Random(1)
            for cid in rng.sample(ids, min(len(ids), cards * runs)):
                t = time.perf_counter()
                card(cid, today)
                out["card_sql"].append(time.perf_counter() - t)
    return out


async def measure_bare(pages: dict[str, list[tuple[str, ...]]], runs: int) -> list[float]:
    from painted import FrameClock, press
    from textual.widgets import DataTable, Input

    app = bare_app(pages)
    times = []
    async with app.run_test(size=SIZE) as pilot:
        clock = FrameClock(app)
        box, table = app.query_one(Input), app.query_one(DataTable)
        box.cursor_blink = False
        await pilot.pause()
        for _ in range(runs):
            for q in QUERIES:
                box.focus()
                box.value = q[:-1]
                box.cursor_position = len(box.value)
                await clock.painted(0)
                start = time.perf_counter()
                press(app, q[-1])
                while box.value != q:
                    await asyncio.sleep(0.001)
                times.append(await clock.painted(start) - start)
        assert table.columns
    return times


def pages_for(db: str) -> dict[str, list[tuple[str, ...]]]:
    """Each query's first page as the bare app's cells: the same rows, no store."""
    from deskcrm.screens.customers.screen import FIRST_PAGE
    from deskcrm.services.search import search
    from deskcrm.store.db import open_store

    store = open_store(db)
    with store.session():
        return {
            q: [(r.name, r.phone, r.tier, str(r.last_purchase_on or ""), str(r.total_spend))
                for r in search(q, limit=FIRST_PAGE).rows]
            for q in {*QUERIES, *(q[:-1] for q in QUERIES)}
        }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", required=True, help="a COPY of a seeded deskcrm database")
    parser.add_argument("--runs", type=int, default=5, help="passes over the query list and the cards")
    parser.add_argument("--cards", type=int, default=40, help="cards opened per pass")
    parser.add_argument("--startups", type=int, default=5)
    parser.add_argument("--startup-only", action="store_true", help="only the start-up figure")
    parser.add_argument("--child", choices=["bare", "app"], help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child_startup(args.child, args.db)
        return
    if not Path(args.db).exists():
        parser.error(f"{args.db} does not exist; seed it first: deskcrm seed --customers 100000 --db {args.db}")
    print(f"load average at start: {' '.join(f'{x:.1f}' for x in os.getloadavg())}; nice {os.nice(0)}")

    compile_like_an_install()  # see benchmarks/installed.py
    bare_runs, app_runs, first_runs = [], [], []
    daily, first = desk_config(args.db, remembered=True), desk_config(args.db, remembered=False)
    for _ in range(args.startups):
        bare_runs.append(startup("bare", args.db))
        app_runs.append(startup("app", args.db, daily))
        first_runs.append(startup("app", args.db, first))
    first_line = (f"  the terminal's first start (desk picker over the list) median "
                  f"{ms(statistics.median(first_runs))} ms, ratio "
                  f"{statistics.median(first_runs) / statistics.median(bare_runs):4.2f}x")

    if args.startup_only:
        print(f"start-up → first list painted: median {ms(statistics.median(app_runs))} ms, bare app "
              f"{ms(statistics.median(bare_runs))} ms, ratio "
              f"{statistics.median(app_runs) / statistics.median(bare_runs):4.2f}x ({args.startups} processes each)")
        print(first_line)
        return
    out = asyncio.run(measure_app(args.db, args.runs, args.cards))
    bare = asyncio.run(measure_bare(pages_for(args.db), args.runs))

    print(f"\nat 120x40, {args.runs} passes; medians and 95th percentiles, to the painted frame")
    row("keystroke → list, issue's 7 queries", out["issue"], out["issue_sql"], "SQL alone")
    row(f"keystroke → list, {len(QUERIES)} queries", out["list"], out["list_sql"], "SQL alone")
    row("  bare app (DataTable, same rows)", bare)
    row("  keystroke → rows in the table", out["fill"])
    row("open a card (Down) → card", out["card"], out["card_sql"], "card() alone")
    print(f"  start-up → first list painted       median {ms(statistics.median(app_runs))} ms"
          f"   | bare app {ms(statistics.median(bare_runs))} ms"
          f"   ratio {statistics.median(app_runs) / statistics.median(bare_runs):4.2f}x"
          f"   ({args.startups} fresh processes each; the desk remembered, as every day after the first)")
    print(first_line)
    slow = sorted(zip(out["list"], QUERIES * args.runs, strict=True), reverse=True)[:5]
    print("  slowest keystrokes: " + ", ".join(f"{q!r} {t * 1000:.0f} ms" for t, q in slow))
    peak_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(f"  peak memory (max RSS): {peak_kib / 1024:.0f} MB")
    print(f"load average at end: {' '.join(f'{x:.1f}' for x in os.getloadavg())}")


if __name__ == "__main__":
    main()
