"""Four terminals on one PostgreSQL database sell to the same two customers and close the same follow-ups.

Totals must equal the sum of the purchase rows (no lost update) and every
follow-up must be done once, with one contact row (no double "done").
DESKCRM_PG_CONCURRENCY_SECONDS sets how long each terminal runs (30 by default).
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import pytest
from peewee import fn

from deskcrm.store.db import open_database
from deskcrm.store.models import Contact, Customer, FollowUp, Purchase
from tests.multiprocess.terminals import run_terminals

JOBS = Path(__file__).with_name("pg_jobs.py")
SECONDS = float(os.environ.get("DESKCRM_PG_CONCURRENCY_SECONDS", "30"))
TERMINALS = 4


@pytest.mark.slow
def test_four_terminals_lose_no_sale_and_close_each_followup_once(pg_url):
    db = open_database(pg_url)
    from deskcrm.services.customers import CustomerInput, save_customer

    now, today = dt.datetime(2026, 12, 1, 9), dt.date(2026, 12, 1)
    ids = [save_customer(CustomerInput(name=n, phone=p), now=now, today=today).customer_id
           for n, p in (("王小明", "13800138000"), ("김민수", "010-1234-5678"))]
    FollowUp.insert_many([
        {"customer": ids[i % 2], "kind": "manual", "due_on": today, "reason": "call",
         "source_rule": "manual", "created_at": now}
        for i in range(5000)
    ]).execute()
    db.close()

    results = run_terminals(JOBS, pg_url, SECONDS, TERMINALS)

    open_database(pg_url)
    assert [r["errors"] for r in results] == [[]] * TERMINALS
    sold = sum(r["sold"] for r in results)
    assert sold > 0 and Purchase.select().count() == sold
    for cid in ids:
        total, count = Purchase.select(fn.COALESCE(fn.SUM(Purchase.amount), 0), fn.COUNT(Purchase.id)).where(
            Purchase.customer == cid).tuples().get()
        c = Customer.get_by_id(cid)
        assert (c.total_spend, c.purchase_count) == (total, count)
    done = [fid for r in results for fid in r["done"]]
    assert len(done) == len(set(done)) > 0
    assert FollowUp.select().where(FollowUp.status == "done").count() == len(done)
    per_followup = (Contact.select(Contact.followup, fn.COUNT(Contact.id))
                    .where(Contact.followup.is_null(False)).group_by(Contact.followup).tuples())
    counts = dict(per_followup)
    assert sorted(counts) == sorted(done) and set(counts.values()) == {1}
    print(f"\n{TERMINALS} terminals x {SECONDS:.0f} s: {sold} sales, {len(done)} done, "
          f"{sum(r['refused'] for r in results)} refused as already closed")
