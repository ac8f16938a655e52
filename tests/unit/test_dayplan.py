"""The day plan: capacity per person, own customers first, ranking, carry-over, nothing dropped."""

import datetime as dt

from hypothesis import given
from hypothesis import settings as hyp_settings
from hypothesis import strategies as st

from deskcrm.services import settings, staff
from deskcrm.services.followups import dayplan
from deskcrm.services.followups.config import Closed
from deskcrm.services.followups.dayplan import Call, deal
from deskcrm.store.models import TIERS, Customer, FollowUp
from tests.followup_helpers import customer

TODAY = dt.date(2026, 12, 1)  # a Tuesday


def call(i, kind="neglect", staff_id=None, due=TODAY, tier="regular", top=False):
    return Call(i, i, kind, due, staff_id, tier, top)


def test_rank_complaints_and_after_sale_before_neglect_then_value_then_age():
    calls = [
        call(1, "neglect", due=dt.date(2025, 4, 1)),
        call(2, "neglect", tier="vip"),
        call(3, "post_purchase"),
        call(4, "complaint_promise"),
        call(5, "neglect", top=True),
        call(6, "top_tier_visit"),
        call(7, "neglect", due=dt.date(2026, 6, 1)),
    ]
    ranked = [c.id for c in sorted(calls, key=Call.rank)]
    assert ranked == [4, 3, 6, 5, 2, 1, 7]


def test_own_customers_first_then_unowned_dealt_to_whoever_has_room():
    calls = [call(i, staff_id=1) for i in range(1, 4)] + [call(i) for i in range(10, 16)]
    plan = deal(calls, {1: 4, 2: 4}, TODAY, Closed())
    assert plan.today_ids(1)[:3] == [1, 2, 3]
    assert len(plan.today_ids(1)) == 4 and len(plan.today_ids(2)) == 4
    assert sum(plan.carried(2)) + sum(plan.carried(1)) == 1 and len(plan.planned) == 9


def test_what_does_not_fit_is_carried_to_the_next_working_days_never_dropped():
    calls = [call(i, staff_id=1) for i in range(30)]
    sunday_closed = Closed(weekdays=frozenset({6}))
    plan = deal(calls, {1: 4}, TODAY, sunday_closed)
    assert len(plan.planned) == 30  # every call has a day
    days = sorted({day for _s, day in plan.planned.values()})
    assert days[0] == TODAY and dt.date(2026, 12, 6) not in days  # Sunday skipped
    assert plan.carried(1) == (4 * 4, 30 - 4 - 16)  # Wed-Sat this week, the rest later


def test_calls_done_today_count_against_todays_capacity():
    calls = [call(i, staff_id=1) for i in range(10)]
    plan = deal(calls, {1: 5}, TODAY, Closed(), finished={1: 3})
    assert len(plan.today_ids(1)) == 2


def test_plan_from_the_store_owner_capacity_and_messages_apart(db):
    mina, joon = staff.add_staff("Mina"), staff.add_staff("Joon")
    settings.put("calls.daily_capacity", 3)
    settings.put("calls.capacity_by_staff", {str(joon.id): 1})
    for n in range(5):
        c = customer(f"客{n}", owner=mina.id)
        FollowUp.create(customer=c, kind="neglect", due_on=TODAY - dt.timedelta(days=n), reason="r")
        # a greeting is a message: never in the call plan
        FollowUp.create(customer=c, kind="birthday", due_on=TODAY, reason="r", is_marketing=True)
    loose = customer("Free")
    FollowUp.create(customer=loose, kind="post_purchase", due_on=TODAY, reason="r")
    plan = dayplan.plan_day(TODAY)
    assert len(plan.today_ids(mina.id)) == 3
    assert len(plan.today_ids(joon.id)) == 1  # the unowned after-sale call
    assert len(plan.planned) == 6
    mine = [FollowUp.get_by_id(i).customer.owner_id for i in plan.today_ids(mina.id)]
    assert mine == [mina.id] * 3
    # oldest neglect first
    dues = [FollowUp.get_by_id(i).due_on for i in plan.today_ids(mina.id)]
    assert dues == sorted(dues)


def test_top_share_is_the_top_fifth_by_spend(db):
    for n in range(10):
        c = customer(f"客{n}")
        Customer.update(total_spend=(n + 1) * 1000).where(Customer.id == c.id).execute()
    assert dayplan.top_share_threshold() == 9000


def test_a_person_with_no_room_leaves_her_customers_to_the_others():
    # her own queue used to wait for room she never has: the dealing never ended
    calls = [call(i, staff_id=1) for i in range(1, 6)]
    plan = deal(calls, {1: 0, 2: 2}, TODAY, Closed())
    assert plan.today_ids(1) == [] and plan.today_ids(2) == [1, 2]
    assert len(plan.planned) == 5 and {s for s, _day in plan.planned.values()} == {2}


_KINDS = ("neglect", "post_purchase", "complaint_promise", "top_tier_visit", "manual", "unknown")


@given(st.lists(st.tuples(st.sampled_from(_KINDS), st.booleans(), st.sampled_from((*TIERS, "odd")),
                          st.integers(-400, 10), st.integers(-5, 5), st.integers(1, 2**39)),
                min_size=1, max_size=40, unique_by=lambda t: t[5]))
@hyp_settings(max_examples=200, deadline=None)
def test_the_plan_ranks_exactly_as_call_rank(rows):
    """The dealing's packed integer keys order calls as Call.rank's tuples do, day by day."""
    calls = [Call(i, i, kind, TODAY + dt.timedelta(days=due), None, tier, top,
                  TODAY + dt.timedelta(days=due + shown) if shown else None)
             for kind, top, tier, due, shown, i in rows]
    plan = deal(calls, {1: 3}, TODAY, Closed())
    expected, day, left = [], TODAY, sorted(calls, key=lambda c: (c.available(TODAY), c.rank()))
    while left:  # the reference: each day the three best-ranked of what is available by then
        ready = sorted((c for c in left if c.available(TODAY) <= day), key=Call.rank)[:3]
        expected += [(c.id, day) for c in ready]
        left = [c for c in left if c not in ready]
        day += dt.timedelta(days=1)
    assert [(i, plan.planned[i][1]) for i in plan.order[1]] == expected
