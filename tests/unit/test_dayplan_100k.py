"""At 100 000 customers: every person's call list fits their capacity, and nothing due is lost."""

import datetime as dt
import time

import pytest

from deskcrm.services import sendlist, templates
from deskcrm.services.followups import dayload, dayplan, generate_ahead
from deskcrm.services.followups.kinds import MESSAGE_KINDS
from deskcrm.services.seed import seed_database
from deskcrm.store.models import FollowUp

TODAY = dt.date(2026, 12, 1)
NOW = dt.datetime(2026, 12, 1, 2)


@pytest.mark.slow
# seeding 100 000 customers on PostgreSQL takes ~12 min; the engines are compared on 400
# customers in test_postgres_compare
@pytest.mark.sqlite_only
def test_100k_each_call_list_within_capacity_and_nothing_due_lost(db):
    templates.ensure_defaults(NOW)
    seed_database(customers=100_000, seed=12, today=TODAY)
    generate_ahead(TODAY, NOW)
    t0 = time.perf_counter()
    plan = dayplan.plan_day(TODAY)
    seconds = time.perf_counter() - t0
    capacity = plan.capacity
    for staff_id, cap in capacity.items():
        assert len(plan.today_ids(staff_id)) <= cap
    # every open call due by today has a planned day (today or carried); nothing else is planned
    due_calls = {i for (i,) in FollowUp.select(FollowUp.id).where(
        (FollowUp.status == "open") & (FollowUp.due_on <= TODAY)
        & FollowUp.kind.not_in(sorted(MESSAGE_KINDS))).tuples()}
    assert due_calls <= set(plan.planned)
    assert all(day >= TODAY for _s, day in plan.planned.values())
    # what was due and closed without anyone doing it expired with a reason
    unexplained = FollowUp.select().where(
        (FollowUp.status == "skipped") & FollowUp.done_by.is_null() & (FollowUp.note == "")).count()
    assert unexplained == 0
    # nothing open and due lies past its point: the send list holds only what may still go out
    assert FollowUp.select().where((FollowUp.status == "open") & (FollowUp.kind == "season")
                                   & (FollowUp.due_on <= TODAY - dt.timedelta(days=7))).count() == 0
    pending = sendlist.pending_count(TODAY)
    assert pending > 0
    # the month grid's days: each person's calls within her capacity, the messages apart
    # (a day cell once said "•96k": every follow-up counted as if it were a call)
    last = TODAY + dt.timedelta(days=30)
    month = dayplan.plan_day(TODAY, through=last)
    assert month.today_ids(next(iter(capacity))) == plan.today_ids(next(iter(capacity)))
    for staff_id, cap in capacity.items():
        days = dayload.month_load(TODAY, last, TODAY, staff_id, month, pending)
        assert all(d.calls <= cap for d in days.values())
        assert days[TODAY].messages == pending
    print(f"\n100k: {len(capacity)} staff, {sum(len(plan.today_ids(s)) for s in capacity)} calls today, "
          f"{len(plan.planned)} planned, {len(due_calls)} due; plan {seconds:.2f}s")
