"""One terminal of the snooze/skip race test: `python pg_close_jobs.py URL SECONDS SEED`.

Goes for the lowest open follow-up, as every terminal does, and marks it done,
skips it or snoozes it, at random, as fast as it can. Prints one JSON line.
"""

from __future__ import annotations

import datetime as dt
import json
import random
import sys
import time


def terminal(seconds: float, seed: int) -> dict:
    from deskcrm.services.followups.actions import FollowUpError, mark_done, skip, snooze
    from deskcrm.store.models import FollowUp

    rng = random.Random(seed)
    today, now = dt.date(2026, 12, 1), dt.datetime(2026, 12, 1, 10)
    done, skipped, snoozed, refused, errors = [], [], 0, 0, []
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        fid = FollowUp.select(FollowUp.id).where(FollowUp.status == "open").order_by(
            FollowUp.id).limit(1).scalar()
        if fid is None:
            break
        action = rng.choice(("done", "skip", "snooze", "snooze"))
        try:
            if action == "done":
                mark_done(fid, outcome="reached", note="", now=now, staff_id=None)
                done.append(fid)
            elif action == "skip":
                skip(fid, "moved away", now, staff_id=None)
                skipped.append(fid)
            else:
                snooze(fid, today + dt.timedelta(days=rng.randint(1, 9)), "busy", today, staff_id=None)
                snoozed += 1
        except FollowUpError:
            refused += 1
        except Exception as exc:  # noqa: BLE001 - every failure is what the test counts
            errors.append(f"{type(exc).__name__}: {exc}")
    return {"done": done, "skipped": skipped, "snoozed": snoozed, "refused": refused, "errors": errors[:20]}


if __name__ == "__main__":
    url, seconds, seed = sys.argv[1], float(sys.argv[2]), int(sys.argv[3])
    from deskcrm.store.db import open_database

    open_database(url)
    print(json.dumps(terminal(seconds, seed)), flush=True)
