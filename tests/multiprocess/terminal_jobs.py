"""What one terminal does in the two-terminal test: run as `python terminal_jobs.py JOB DB SECONDS`.

Prints one JSON line: how many writes it made, and every error it met.
"""

from __future__ import annotations

import datetime as dt
import json
import sys
import time


def clerk(seconds: float) -> dict:
    """A clerk filing customers as fast as the form allows."""
    from deskcrm.services.customers import CustomerInput, save_customer

    saved, errors, i = [], [], 0
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        i += 1
        name = f"柜台顾客{i}"
        try:
            result = save_customer(CustomerInput(name=name, phone=f"139{i:08d}"),
                                   now=dt.datetime.now(dt.UTC).replace(tzinfo=None),
                                   today=dt.date(2026, 12, 1))
            if result.ok:
                saved.append(name)
            else:
                errors.append(repr(result.errors))
        except Exception as exc:  # noqa: BLE001 - every failure is what the test counts
            errors.append(f"{type(exc).__name__}: {exc}")
    return {"saved": saved, "errors": errors}


def manager(seconds: float) -> dict:
    """A manager walking complaints through the wizard, step by step."""
    from deskcrm.services.complaints import workflow as complaints
    from deskcrm.store.models import Customer
    from tests.complaint_helpers import valid_data

    done, errors = [], []
    end = time.monotonic() + seconds
    customer_ids = [c for (c,) in Customer.select(Customer.id).limit(200).tuples()]
    now = dt.datetime(2026, 5, 11, 2, 30)
    k = 0
    while time.monotonic() < end:
        cid = customer_ids[k % len(customer_ids)]
        k += 1
        try:
            complaint_id = complaints.open_complaint(customer_id=cid, staff_id=None, now=now)
            for step in range(1, 6):
                complaints.complete_step(complaint_id, step, valid_data(step), staff_id=None,
                                         now=now, today=dt.date(2026, 5, 11))
            done.append(complaint_id)
        except Exception as exc:  # noqa: BLE001
            errors.append(f"{type(exc).__name__}: {exc}")
    return {"saved": done, "errors": errors}


if __name__ == "__main__":
    job, db_file, seconds = sys.argv[1], sys.argv[2], float(sys.argv[3])
    from deskcrm.store.db import open_database

    open_database(db_file)
    print(json.dumps({"clerk": clerk, "manager": manager}[job](seconds)), flush=True)
