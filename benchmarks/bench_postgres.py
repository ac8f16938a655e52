"""The same figures on PostgreSQL and SQLite, side by side: search, agenda, review.

    python benchmarks/bench_postgres.py [--customers 100000] [--sqlite PATH] [--pg URL]

Without --pg it starts a throwaway local cluster (tests/pg_cluster.py: initdb/pg_ctl
on PATH or under /usr/lib/postgresql/*/bin). Both stores are seeded with the same
`deskcrm seed` data (seed 7, today 2026-12-01) unless they already hold customers.
Prints, per engine: search p50/p95 of SQL time over bench_customer_file's query list
(five passes, first page of 100), a customer save with a rename (ten, the name put
back after), the first 30-day generation (`deskcrm agenda`'s work), the call list, and
`review.week` (`--search-only` stops after the save). Nothing is asserted.

Wall time on a loaded machine is mostly waiting for a CPU, so search is also given in
CPU time a query: the PostgreSQL server backend's (read from /proc, when the server runs
on this machine) and, for SQLite, this process's — the figure to hold against the
30 ms target when the machine is not quiet.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.bench_customer_file import QUERIES, pct  # noqa: E402

TODAY = dt.date(2026, 12, 1)
NOW = dt.datetime(2026, 12, 1, 10, 30)


def _cpu_clock(store):
    """CPU seconds of the work a query costs, whatever the machine's load: the server
    backend's (PostgreSQL on this machine, from /proc) or this process's (SQLite)."""
    if store.is_sqlite:
        return time.process_time
    pid = store.db.execute_sql("SELECT pg_backend_pid()").fetchone()[0]
    stat = Path(f"/proc/{pid}/stat")
    if not stat.exists():
        return None  # a server elsewhere: its CPU cannot be read from here
    tick = os.sysconf("SC_CLK_TCK")

    def backend() -> float:
        fields = stat.read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / tick  # utime + stime

    return backend


def search_cpu(store, repeats: int) -> dict[str, str]:
    """Search CPU a query (each repeated, for the clock's 10 ms ticks), p50/p95 over the list."""
    from deskcrm.services import search

    clock = _cpu_clock(store)
    if clock is None:
        return {}
    each = []
    for q in QUERIES:
        start = clock()
        for _ in range(repeats):
            search.search(q, limit=100)
        each.append(((clock() - start) / repeats, q))
    costs = [c for c, _ in each]
    slow = ", ".join(f"{q} {c * 1000:.0f} ms" for c, q in sorted(each, reverse=True)[:3])
    # PostgreSQL: the server's SQL alone; SQLite: SQL and the Python around it, in one process
    return {"search CPU a query p50 / p95": f"{pct(costs, 50) * 1000:.1f} / {pct(costs, 95) * 1000:.1f} ms",
            "slowest by CPU": slow}


def save_cost(store, saves: int = 10) -> dict[str, str]:
    """A customer save from the form, renamed each time (the tag links follow the sort key,
    m0009's triggers), back to the first name at the end: wall p50 / max and CPU a save
    (PostgreSQL: this process and the server backend; SQLite: this process)."""
    import dataclasses

    from deskcrm.services.customers import input_for, save_customer
    from deskcrm.store.models import CustomerTag

    customer_id = CustomerTag.select(CustomerTag.customer).order_by(CustomerTag.id).scalar()
    first = input_for(customer_id)
    renamed = dataclasses.replace(first, name=first.name + " B")
    for data in (renamed, first):  # the first save imports pypinyin (a second of CPU): not counted
        assert save_customer(data, now=NOW, today=TODAY, customer_id=customer_id).ok
    server = _cpu_clock(store) if not store.is_sqlite else None
    walls, cpu, server_cpu = [], time.process_time(), server() if server else 0.0
    for i in range(saves + saves % 2):
        t = time.perf_counter()
        assert save_customer(renamed if i % 2 == 0 else first, now=NOW, today=TODAY, customer_id=customer_id).ok
        walls.append(time.perf_counter() - t)
    cpu = (time.process_time() - cpu) / len(walls)
    out = f"{statistics.median(walls) * 1000:.1f} / {max(walls) * 1000:.1f} ms wall, CPU {cpu * 1000:.1f} ms"
    if server:
        out += f" + server {(server() - server_cpu) / len(walls) * 1000:.1f} ms"
    return {"customer save with a rename, p50 / max": out}


def measure(target: str, customers: int, search_only: bool = False, cpu_repeats: int = 10) -> dict[str, str]:
    from deskcrm.services import search
    from deskcrm.services.seed import seed_database
    from deskcrm.store.db import open_store
    from deskcrm.store.models import Customer

    store = open_store(target)
    out: dict[str, str] = {}
    with store.session():
        if Customer.select().count() == 0:
            t = time.perf_counter()
            seed_database(customers=customers, seed=7, today=TODAY)
            out["seed"] = f"{time.perf_counter() - t:.1f} s"
        if not store.is_sqlite:
            store.db.execute_sql("ANALYZE")
        times = []
        for _ in range(5):
            for q in QUERIES:
                t = time.perf_counter()
                search.search(q, limit=100)
                times.append(time.perf_counter() - t)
        out["search p50 / p95"] = f"{pct(times, 50) * 1000:.1f} / {pct(times, 95) * 1000:.1f} ms"
        slow = sorted(((statistics.median(times[i::len(QUERIES)]), q) for i, q in enumerate(QUERIES)),
                      reverse=True)[:3]
        out["slowest queries"] = ", ".join(f"{q} {s * 1000:.0f} ms" for s, q in slow)
        if cpu_repeats:
            out |= search_cpu(store, cpu_repeats)
        out |= save_cost(store)
        if not search_only:
            out |= _agenda_and_review()
    store.close()
    return out


def _agenda_and_review() -> dict[str, str]:
    """The first 30-day generation and its re-run, the call list, the weekly review."""
    from deskcrm.services import agenda
    from deskcrm.services.followups.generate import generate_ahead
    from deskcrm.services.review import figures as review

    out: dict[str, str] = {}
    t = time.perf_counter()
    run = generate_ahead(TODAY, NOW, days=30)
    out["agenda 30 days, first run"] = f"{time.perf_counter() - t:.1f} s ({run.created} created)"
    t = time.perf_counter()
    generate_ahead(TODAY, NOW, days=30)
    out["agenda again (idempotent)"] = f"{time.perf_counter() - t:.1f} s"
    t = time.perf_counter()
    agenda.call_list(TODAY, NOW.time(), days=1)
    out["call list, first page"] = f"{(time.perf_counter() - t) * 1000:.0f} ms"
    t = time.perf_counter()
    review.week(TODAY - dt.timedelta(days=7), TODAY)
    out["review week"] = f"{(time.perf_counter() - t) * 1000:.0f} ms"
    return out


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--customers", type=int, default=100_000)
    parser.add_argument("--sqlite", default="")
    parser.add_argument("--pg", default="")
    parser.add_argument("--search-only", action="store_true",
                        help="only the search figures (stores already seeded and generated)")
    parser.add_argument("--cpu-repeats", type=int, default=10,
                        help="runs of each query for the CPU figure (0: no CPU figure)")
    args = parser.parse_args()
    cluster = None
    pg = args.pg
    if not pg:
        from tests import pg_cluster

        cluster = pg_cluster.start_cluster()
        pg = cluster.new_database()
    sqlite = args.sqlite or str(Path(tempfile.mkdtemp()) / "bench.sqlite3")
    try:
        figures = {}
        for engine, target in (("PostgreSQL", pg), ("SQLite", sqlite)):
            figures[engine] = measure(target, args.customers, args.search_only, args.cpu_repeats)
            # as soon as it is known: a run stopped during the other engine keeps this one
            print(f"{engine}: {figures[engine]}", flush=True)
    finally:
        if cluster is not None:
            cluster.stop()
    print(f"| figure ({args.customers} customers) | PostgreSQL | SQLite |")
    print("| --- | --- | --- |")
    for key in figures["PostgreSQL"] | figures["SQLite"]:
        print(f"| {key} | {figures['PostgreSQL'].get(key, '')} | {figures['SQLite'].get(key, '')} |")


if __name__ == "__main__":
    main()
