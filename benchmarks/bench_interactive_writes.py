"""How long a clerk's own saves hold SQLite's write lock at 100 000 customers.

    python benchmarks/bench_interactive_writes.py --db /tmp/copy-of-bench100k.sqlite3 [--n 20]

Works on a COPY of a seeded file (it writes). Each interactive write the screens make —
filing a new customer, changing one (its follow-ups are regenerated afterwards, outside
the save), logging a purchase for a customer with a long history, marking a follow-up
done, opening a complaint, merging two customers, deleting one — is run `--n` times on
customers picked at random (seeded), with every write transaction timed from BEGIN to
COMMIT (store.handle.HOLDS). Prints, per action, the longest hold of a run and the
median and longest of those.

Target (issue 9): no interactive write holds the write lock more than 100 ms.
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import random
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from deskcrm.store.handle import HOLDS  # noqa: E402

TODAY = dt.date(2026, 12, 1)
NOW = dt.datetime(2026, 12, 1, 9, 0)


def _timed(action: Callable[[], object]) -> tuple[float, float]:
    """(longest hold, wall seconds) of one call."""
    HOLDS.holds.clear()
    HOLDS.enabled = True
    start = time.perf_counter()
    try:
        action()
    finally:
        HOLDS.enabled = False
    return HOLDS.longest(), time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", required=True, help="a COPY of a seeded file")
    parser.add_argument("--n", type=int, default=20, help="runs of each action")
    args = parser.parse_args()

    from peewee import fn

    from deskcrm.services import customers, merge, purchases
    from deskcrm.services.complaints import workflow as complaints
    from deskcrm.services.followups import actions, generate_for_customers
    from deskcrm.store.db import open_database
    from deskcrm.store.models import Customer, FollowUp, Purchase

    open_database(args.db)
    rng = random.Random(7)
    ids = [c for (c,) in Customer.select(Customer.id).tuples()]
    print(f"{len(ids):,} customers in {args.db}")
    # the customers with the longest histories: a purchase recomputes tier and standing
    busy = [c for (c,) in Purchase.select(Purchase.customer).group_by(Purchase.customer)
            .order_by(fn.COUNT(Purchase.id).desc()).limit(args.n * 6).tuples()]
    open_followups = [f for f in FollowUp.select(FollowUp.id, FollowUp.kind).where(
        (FollowUp.status == "open") & (FollowUp.kind != "complaint_followup")).limit(args.n * 3).tuples()]
    counter = iter(range(10**6))

    def new_customer() -> None:
        i = next(counter)
        r = customers.save_customer(
            customers.CustomerInput(name=f"王测试{i}", phone=f"139{i:08d}", birthday="1990-12-09"),
            now=NOW, today=TODAY)
        assert r.ok, r.errors

    def change_customer() -> None:
        cid = rng.choice(ids)
        data = customers.input_for(cid)
        r = customers.save_customer(dataclasses.replace(data, notes="改过"),
                                    customer_id=cid, now=NOW, today=TODAY)
        assert r.ok, r.errors

    def regenerate_one() -> None:  # what follows a change, in its own short transactions
        generate_for_customers([rng.choice(ids)], TODAY, NOW)

    def purchase() -> None:
        cid = busy.pop()
        r = purchases.log_purchase(cid, purchases.PurchaseInput(TODAY, "羊毛衫", "1,280.00"),
                                   today=TODAY, now=NOW)
        assert r.purchase_id, r.errors

    def followup_done() -> None:
        followup_id, kind = open_followups.pop()
        actions.mark_done(followup_id, outcome=actions.outcomes_for(kind)[0], note="", now=NOW,
                          staff_id=None, today=TODAY)

    def complaint() -> None:
        complaints.open_complaint(customer_id=rng.choice(ids), staff_id=None, now=NOW)

    def merge_two() -> None:
        a, b = busy.pop(), busy.pop()
        merge.merge(a, b, {}, today=TODAY, now=NOW)

    def delete() -> None:
        customers.delete_customer(busy.pop())

    jobs = {
        "file a new customer": new_customer,
        "change a customer": change_customer,
        "regenerate one customer's follow-ups": regenerate_one,
        "log a purchase (longest histories)": purchase,
        "mark a follow-up done": followup_done,
        "open a complaint": complaint,
        "merge two customers (longest histories)": merge_two,
        "delete a customer (longest history)": delete,
    }
    print()
    print("| action | runs | longest hold p50 ms | longest hold max ms | wall p50 ms |")
    print("| --- | ---: | ---: | ---: | ---: |")
    for name, job in jobs.items():
        job()  # one untimed: the first call of each pays for imports and cold caches
        timings = [_timed(job) for _ in range(args.n)]
        holds = [h * 1000 for h, _ in timings]
        walls = [w * 1000 for _, w in timings]
        print(f"| {name} | {args.n} | {statistics.median(holds):.1f} | {max(holds):.1f} "
              f"| {statistics.median(walls):.1f} |")


if __name__ == "__main__":
    main()
