"""Four terminals on PostgreSQL mark done, skip and snooze the same follow-ups at once.

Each follow-up is closed once, by one terminal, as that terminal said: a skip
never overwrites a done (nor leaves its contact row behind), a snooze never
reopens a closed follow-up, and the first promised date survives every snooze.
DESKCRM_PG_CONCURRENCY_SECONDS sets how long each terminal runs (10 by default here).
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import pytest
from peewee import fn

from deskcrm.store.db import open_database
from deskcrm.store.models import Contact, FollowUp
from tests.multiprocess.terminals import run_terminals

JOBS = Path(__file__).with_name("pg_close_jobs.py")
SECONDS = float(os.environ.get("DESKCRM_PG_CONCURRENCY_SECONDS", "10"))
TERMINALS = 4
TODAY = dt.date(2026, 12, 1)


@pytest.mark.slow
def test_four_terminals_close_each_followup_once_and_snooze_reopens_nothing(pg_url):
    db = open_database(pg_url)
    from deskcrm.services.customers import CustomerInput, save_customer

    now = dt.datetime(2026, 12, 1, 9)
    cid = save_customer(CustomerInput(name="王小明", phone="13800138000"), now=now, today=TODAY).customer_id
    FollowUp.insert_many([
        {"customer": cid, "kind": "manual", "due_on": TODAY, "reason": "call", "source_rule": "manual",
         "created_at": now}
        for _ in range(3000)
    ]).execute()
    db.close()

    results = run_terminals(JOBS, pg_url, SECONDS, TERMINALS)

    open_database(pg_url)
    assert [r["errors"] for r in results] == [[]] * TERMINALS
    done = [f for r in results for f in r["done"]]
    skipped = [f for r in results for f in r["skipped"]]
    closed = done + skipped
    assert done and skipped and sum(r["snoozed"] for r in results) > 0
    assert len(closed) == len(set(closed))  # nobody closed what another terminal had closed
    status = dict(FollowUp.select(FollowUp.id, FollowUp.status).tuples())
    assert {status[f] for f in done} == {"done"} and {status[f] for f in skipped} == {"skipped"}
    assert sum(1 for s in status.values() if s != "open") == len(closed)  # a snooze reopened nothing
    contacts = dict(Contact.select(Contact.followup, fn.COUNT(Contact.id))
                    .where(Contact.followup.is_null(False)).group_by(Contact.followup).tuples())
    assert sorted(contacts) == sorted(done) and set(contacts.values()) == {1}
    first = {d for (d,) in FollowUp.select(FollowUp.original_due_on)
             .where(FollowUp.original_due_on.is_null(False)).tuples()}
    assert first == {TODAY}  # the date first promised, however often it was moved
    print(f"\n{TERMINALS} terminals x {SECONDS:.0f} s: {len(done)} done, {len(skipped)} skipped, "
          f"{sum(r['snoozed'] for r in results)} snoozed, {sum(r['refused'] for r in results)} refused")
