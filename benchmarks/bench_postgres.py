"""The same figures on PostgreSQL and SQLite, side by side: search, agenda, review.

    python benchmarks/bench_postgres.py [--customers 100000] [--sqlite PATH] [--pg URL]

Without --pg it starts a throwaway local cluster (tests/pg_cluster.py: initdb/pg_ctl
on PATH or under /usr/lib/postgresql/*/bin). Both stores are seeded with the same
`deskcrm seed` data (seed 7, today 2026-12-01) unless they already hold customers.
Prints, per engine: search p50/p95 of SQL time over bench_customer_file's query list
(five passes, first page of 100), the first 30-day generation (`deskcrm agenda`'s
work), the call list, and `review.week`. Nothing is asserted.
"""

from __future__ import annotations

import argparse
import datetime as dt
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.bench_customer_file import QUERIES, pct  # noqa: E402

TODAY = dt.date(2026, 12, 1)
NOW = dt.datetime(2026, 12, 1, 10, 30)


def measure(target: str, customers: int) -> dict[str, str]:
    from deskcrm.services import agenda, search
    from deskcrm.services.followups.generate import generate_ahead
    from deskcrm.services.review import figures as review
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
    store.close()
    return out


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--customers", type=int, default=100_000)
    parser.add_argument("--sqlite", default="")
    parser.add_argument("--pg", default="")
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
            figures[engine] = measure(target, args.customers)
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
