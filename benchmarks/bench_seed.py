"""Seed 100 000 customers into a fresh file and print time, rows per table, size and memory.

    python benchmarks/bench_seed.py [--customers N] [--seed S] [--db PATH]

Without --db the file is a temp file, deleted afterwards. Target: about a minute
or less for 100 000 customers (~1.15 M purchase lines, ~0.5 M contacts).
"""

from __future__ import annotations

import argparse
import datetime as dt
import resource
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from deskcrm.services.seed import seed_database  # noqa: E402
from deskcrm.store.db import check_integrity, open_database  # noqa: E402
from deskcrm.store.models import ALL_MODELS  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--customers", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--db", help="keep the seeded file here (must not hold customers)")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="deskcrm-bench-") as tmp:
        path = Path(args.db) if args.db else Path(tmp) / "bench.sqlite3"
        db = open_database(path)
        marks: list[tuple[int, float]] = []
        wall, cpu = time.perf_counter(), time.process_time()
        seed_database(
            customers=args.customers, seed=args.seed, today=dt.date.today(),
            progress=lambda done, total: marks.append((done, time.perf_counter() - wall)),
        )
        elapsed, cpu_used = time.perf_counter() - wall, time.process_time() - cpu
        t = time.perf_counter()
        ok = check_integrity(db, quick=True).ok
        check_s = time.perf_counter() - t
        counts = {m._meta.table_name: m.select().count() for m in ALL_MODELS}
        db.close()
        size = sum(p.stat().st_size for p in path.parent.glob(path.name + "*"))
        peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

        print(f"customers seeded : {args.customers:,} (seed {args.seed})")
        print(f"elapsed          : {elapsed:.1f} s wall, {cpu_used:.1f} s CPU")
        for frac in (0.25, 0.5, 0.75):
            done, at = next(((d, a) for d, a in marks if d >= frac * args.customers), marks[-1])
            print(f"  {done:>9,} done at {at:.1f} s")
        print(f"rows per second  : {sum(counts.values()) / elapsed:,.0f}")
        print(f"quick_check      : {'ok' if ok else 'FAILED'} ({check_s:.2f} s)")
        print(f"file size        : {size / 2**20:.0f} MiB")
        print(f"peak memory      : {peak_mb:.0f} MiB (max RSS)")
        print("rows per table   :")
        for table, n in sorted(counts.items(), key=lambda kv: -kv[1]):
            if n:
                print(f"  {table:<16} {n:>10,}")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
