"""How long "mark all sent" holds the write lock per chunk, and how fast a big batch goes.

    python benchmarks/bench_sendlist.py --db /tmp/copy-of-bench100k.sqlite3 [--count 5000] [--chunks 50,100,200]

Works on a COPY of a seeded file (it closes follow-ups and writes contact rows). Makes
sure the day's follow-ups exist (a start-up generation for --today), then for each
chunk size marks `--count` of the day's pending messages sent the way the send list
does (sendlist.mark_sent), every write transaction timed from BEGIN to COMMIT
(store.handle.HOLDS). Prints, per chunk size: messages, transactions, hold p50 / p95 /
max in ms, and the wall time. Target (issue 12): each hold <= 100-150 ms.
"""

from __future__ import annotations

import argparse
import datetime as dt
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from deskcrm.store.handle import HOLDS  # noqa: E402


def _percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))] if ordered else 0.0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", required=True, help="a COPY of a seeded file")
    parser.add_argument("--today", type=dt.date.fromisoformat, default=dt.date(2026, 12, 1))
    parser.add_argument("--count", type=int, default=5000, help="messages marked sent per chunk size")
    parser.add_argument("--chunks", default="50,100,200")
    args = parser.parse_args()
    from deskcrm.services import sendlist, templates
    from deskcrm.services.followups import generate_ahead
    from deskcrm.store.db import open_database
    from deskcrm.store.models import Customer

    open_database(args.db)
    now = dt.datetime.combine(args.today, dt.time(9))
    templates.ensure_defaults(now)
    t0 = time.perf_counter()
    generate_ahead(args.today, now)
    print(f"{Customer.select().count():,} customers; generation {time.perf_counter() - t0:.1f} s; "
          f"{sendlist.pending_count(args.today):,} messages pending on {args.today}")
    ids = [i for g in sendlist.groups(args.today) for i in sendlist.group_ids(args.today, g)]
    print("| chunk | messages | write txns | hold p50 ms | p95 ms | max ms | wall s |")
    print("| ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    for n, chunk in enumerate(int(c) for c in args.chunks.split(",")):
        batch = ids[n * args.count:(n + 1) * args.count]
        if len(batch) < args.count:
            print(f"not enough pending messages left for chunk {chunk}")
            break
        sendlist.CHUNK = chunk
        HOLDS.holds.clear()
        HOLDS.enabled = True
        t0 = time.perf_counter()
        sent = sendlist.mark_sent(batch, now, None)
        wall = time.perf_counter() - t0
        HOLDS.enabled = False
        holds = [s * 1000 for _label, s in HOLDS.holds]
        print(f"| {chunk} | {sent:,} | {len(holds)} | {statistics.median(holds):.0f} "
              f"| {_percentile(holds, 95):.0f} | {max(holds):.0f} | {wall:.1f} |")


if __name__ == "__main__":
    main()
