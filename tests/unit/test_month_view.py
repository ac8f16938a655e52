"""F3's month view: it keeps only today's part of the plan, and knows whether the store changed."""

import datetime as dt
import sqlite3

import pytest

from deskcrm.services import settings, staff
from deskcrm.services.followups import add_manual, dayplan, monthview
from deskcrm.services.followups.changes import store_version
from deskcrm.store.models import FollowUp
from tests.followup_helpers import customer

TODAY = dt.date(2027, 3, 10)  # a Wednesday


def _calls(owner: int, n: int) -> None:
    for i in range(n):
        c = customer(f"客{i}", owner=owner, created_at=dt.datetime(2027, 1, 1))
        add_manual(c.id, TODAY - dt.timedelta(days=i % 3), f"call {i}", dt.datetime(2027, 3, 1, 9), None)


@pytest.mark.both_engines
def test_the_cached_view_keeps_only_todays_calls_and_lists_today_as_the_whole_plan(db):
    mina, joon = staff.add_staff("Mina"), staff.add_staff("Joon")
    settings.put("calls.daily_capacity", 2)
    _calls(mina.id, 9)
    _calls(joon.id, 3)
    since = dt.datetime.combine(TODAY, dt.time())
    last = TODAY + dt.timedelta(days=24)
    view = monthview.month_view((TODAY, None, TODAY - dt.timedelta(days=9), last, since, 1))
    whole = dayplan.plan_day(TODAY, done_since=since, through=last)
    assert len(whole.planned) == 12 and len(view.plan.planned) == 4  # two each today
    for who in (None, mina.id, joon.id):
        kept = dayplan.todays_calls(TODAY, dt.time(10), who, done_since=since, plan=view.plan)
        fresh = dayplan.todays_calls(TODAY, dt.time(10), who, done_since=since, plan=whole)
        assert [i.id for i in kept.items] == [i.id for i in fresh.items]
        assert (kept.this_week, kept.later, kept.capacity) == (fresh.this_week, fresh.later, fresh.capacity)
    # Mina's seven left over: Thu, Fri, Sat, Sun two a day (no closed days set), then one more
    assert dayplan.todays_calls(TODAY, dt.time(10), mina.id, done_since=since, plan=view.plan).this_week == 7


@pytest.mark.both_engines
def test_the_store_version_moves_with_every_commit(db):
    c = customer("王丽")
    before = store_version()
    assert before is not None
    FollowUp.create(customer=c, kind="manual", due_on=TODAY, reason="r")
    assert store_version() != before


@pytest.mark.sqlite_only
def test_the_store_version_sees_another_terminal_and_stays_put_without_writes(db, db_path):
    customer("王丽")
    before = store_version()
    assert store_version() == before  # nothing written: F3 need not deal again
    with sqlite3.connect(db_path) as other:  # another terminal on the same file
        other.execute("UPDATE customer SET hobbies = 'tea'")
    assert store_version() != before


@pytest.mark.sqlite_only
def test_the_watching_connections_are_few_however_many_files(db, tmp_path):
    from deskcrm.services.followups import changes
    from deskcrm.store.db import open_database

    for n in range(changes.KEEP_WATCHERS + 3):
        other = open_database(tmp_path / f"shop{n}.sqlite3")
        assert store_version() is not None
        other.close()
    assert len(changes._watchers) == changes.KEEP_WATCHERS
