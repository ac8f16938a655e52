"""One terminal of the PostgreSQL concurrency test: `python pg_jobs.py URL SECONDS SEED`.

Logs sales for the two customers and presses "done" on the lowest open follow-up,
as fast as it can. Prints one JSON line: what it wrote, what was refused, and any
other error.
"""

from __future__ import annotations

import datetime as dt
import json
import random
import sys
import time


def terminal(seconds: float, seed: int) -> dict:
    from deskcrm.services.followups.actions import FollowUpError, mark_done
    from deskcrm.services.purchases import PurchaseInput, log_purchase
    from deskcrm.store.models import Customer, FollowUp

    rng = random.Random(seed)
    customers = [c for (c,) in Customer.select(Customer.id).order_by(Customer.id).tuples()]
    today, now = dt.date(2026, 12, 1), dt.datetime(2026, 12, 1, 10)
    sold, done, refused, errors = 0, [], 0, []
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        try:
            amount = rng.randint(1, 500)
            result = log_purchase(rng.choice(customers), PurchaseInput(
                purchased_on=today, item="袜子", amount=str(amount)), today=today, now=now)
            if result.errors:
                errors.append(repr(result.errors))
            else:
                sold += 1
            # every terminal goes for the same follow-up: the lowest still open
            fid = FollowUp.select(FollowUp.id).where(FollowUp.status == "open").order_by(
                FollowUp.id).limit(1).scalar()
            if fid is not None:
                try:
                    mark_done(fid, outcome="reached", note="", now=now, staff_id=None)
                    done.append(fid)
                except FollowUpError:
                    refused += 1
        except Exception as exc:  # noqa: BLE001 - every failure is what the test counts
            errors.append(f"{type(exc).__name__}: {exc}")
    return {"sold": sold, "done": done, "refused": refused, "errors": errors[:20]}


if __name__ == "__main__":
    url, seconds, seed = sys.argv[1], float(sys.argv[2]), int(sys.argv[3])
    from deskcrm.store.db import open_database

    open_database(url)
    print(json.dumps(terminal(seconds, seed)), flush=True)
