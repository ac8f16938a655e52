"""How long each background job holds SQLite's write lock, and what a second terminal feels meanwhile.

    python benchmarks/bench_locks.py --db /tmp/copy-of-bench100k.sqlite3 [--jobs startup,agenda,...]

Works on a COPY of a seeded file (it adds follow-ups, an import and an undo).
For each job — start-up generation (the whole file, as on a fresh start),
`deskcrm agenda --days 30`, an import of 10 000 rows, its undo, and a review export —
it runs the job in this process with every write transaction timed (BEGIN to
COMMIT, store.handle.HOLDS), while a second process writes one customer every 50 ms
and times each write. Prints, per job: its wall time, the longest hold, how many
transactions it made, and the second writer's p50/p99/max latency and failures.

Targets (issue 9): every hold <= 250 ms; the second writer's p99 <= 300 ms; 0 failures.
"""

from __future__ import annotations

import argparse
import contextlib
import csv
import io
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from deskcrm.cli import main as deskcrm  # noqa: E402
from deskcrm.store.handle import HOLDS  # noqa: E402

WRITER = r"""
import datetime as dt, json, sys, time
from deskcrm.store.db import open_database
from deskcrm.services.customers import CustomerInput, save_customer
open_database(sys.argv[1])
stop_file = sys.argv[2]
import os
lat, errors, i = [], [], 0
# one save before timing: the first in a process pays for lazy imports and cold caches
save_customer(CustomerInput(name="second terminal warm-up", phone="13600000000"),
              now=dt.datetime(2026, 12, 1, 9), today=dt.date(2026, 12, 1))
print("ready", flush=True)
while not os.path.exists(stop_file):
    i += 1
    t = time.perf_counter()
    try:
        r = save_customer(CustomerInput(name=f"second terminal {i}", phone=f"136{i:08d}"),
                          now=dt.datetime(2026, 12, 1, 9), today=dt.date(2026, 12, 1))
        if not r.ok:
            errors.append(repr(r.errors))
    except Exception as exc:
        errors.append(f"{type(exc).__name__}: {exc}")
    lat.append(time.perf_counter() - t)
    time.sleep(0.05)
print(json.dumps({"lat": lat, "errors": errors}), flush=True)
"""


def _quiet(*argv: str) -> int:
    with contextlib.redirect_stdout(io.StringIO()):
        return deskcrm(list(argv))


def _percentile(values: list[float], p: float) -> float:
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


def measure(db: str, name: str, job) -> dict:
    stop = Path(tempfile.mkdtemp()) / "stop"
    writer = subprocess.Popen([sys.executable, "-c", WRITER, db, str(stop)], stdout=subprocess.PIPE,
                              text=True, cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert writer.stdout.readline().strip() == "ready"
    HOLDS.holds.clear()
    HOLDS.enabled = True
    start = time.perf_counter()
    job()
    seconds = time.perf_counter() - start
    HOLDS.enabled = False
    stop.touch()
    out, _ = writer.communicate(timeout=120)
    second = json.loads(out.strip().splitlines()[-1])
    lat = second["lat"]
    return {
        "job": name, "seconds": seconds, "longest_hold_ms": HOLDS.longest() * 1000,
        "transactions": len(HOLDS.holds), "writes": len(lat),
        "p50_ms": statistics.median(lat) * 1000 if lat else 0.0,
        "p99_ms": _percentile(lat, 99) * 1000, "max_ms": max(lat, default=0.0) * 1000,
        "failures": len(second["errors"]), "first_failure": (second["errors"] or [""])[0][:80],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", required=True, help="a COPY of a seeded file")
    parser.add_argument("--jobs", default="startup,agenda,import,undo,review")
    parser.add_argument("--rows", type=int, default=10_000, help="rows in the import")
    args = parser.parse_args()
    db = args.db
    from deskcrm.services import settings
    from deskcrm.services.followups import generate_ahead
    from deskcrm.store.db import open_database
    from deskcrm.store.models import Customer, FollowUp, GenerationRun, ImportBatch

    open_database(db)
    print(f"{Customer.select().count():,} customers in {db}")
    folder = Path(tempfile.mkdtemp())
    rows_file = folder / "import.csv"
    with rows_file.open("w", newline="", encoding="utf-8") as fh:
        out = csv.writer(fh)
        out.writerow(["name", "phone"])
        out.writerows([f"导入顾客{i}", f"135{i:08d}"] for i in range(args.rows))

    def startup() -> None:
        import datetime as dt

        FollowUp.delete().execute()  # a fresh start: the whole file to generate
        GenerationRun.delete().execute()
        settings.put("followups.generated_through", None)
        HOLDS.holds.clear()
        generate_ahead(dt.date(2026, 12, 1), dt.datetime(2026, 12, 1, 9))

    def agenda() -> None:
        import datetime as dt

        from deskcrm.services import templates

        templates.ensure_defaults()
        generate_ahead(dt.date(2026, 12, 2), dt.datetime(2026, 12, 2, 9), days=29)

    def undo() -> None:
        batch = ImportBatch.select().order_by(ImportBatch.id.desc()).first()
        _quiet("import", "--undo", str(batch.id), "--db", db)

    jobs = {
        "startup": ("start-up generation (whole file)", startup),
        # what `deskcrm agenda --days 30` writes (its listing only reads: the day plan and
        # the send list, paged by key)
        "agenda": ("agenda --days 30 (generation)", agenda),
        "import": (f"import {args.rows:,} rows", lambda: _quiet("import", str(rows_file), "--db", db)),
        "undo": ("undo that import", undo),
        "review": ("review export (html)", lambda: _quiet("review", "--db", db, "--week", "2026-W48",
                                                         "--format", "html", "--out", str(folder / "r.html"))),
    }
    results = [measure(db, *jobs[j]) for j in args.jobs.split(",")]
    print()
    print("| job | wall s | longest hold ms | write txns | 2nd writer p50 ms | p99 ms | max ms | failures |")
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    for r in results:
        print(f"| {r['job']} | {r['seconds']:.1f} | {r['longest_hold_ms']:.0f} | {r['transactions']} "
              f"| {r['p50_ms']:.0f} | {r['p99_ms']:.0f} | {r['max_ms']:.0f} | {r['failures']} |")
    for r in results:
        if r["failures"]:
            print(f"{r['job']}: first failure: {r['first_failure']}")


if __name__ == "__main__":
    main()
