"""The month grid's days: a person's calls within capacity, messages apart, done on past days."""

import datetime as dt

from rich.cells import cell_len

from deskcrm.services import sendlist, settings, staff
from deskcrm.services.followups import dayload, dayplan
from deskcrm.services.followups.config import Closed
from deskcrm.services.followups.dayload import DayLoad
from deskcrm.services.followups.dayplan import Call, deal
from deskcrm.store.models import FollowUp
from deskcrm.widgets.month_grid import fit_parts, inline_pieces, load_parts, part_text
from tests.followup_helpers import customer

TODAY = dt.date(2026, 12, 1)  # a Tuesday
D = dt.timedelta


def test_a_call_falling_due_later_joins_that_day_in_rank_order():
    carried = [Call(i, i, "neglect", TODAY - D(days=30), 1, "regular", False) for i in range(1, 7)]
    promise = Call(50, 50, "complaint_promise", TODAY + D(days=2), 1, "regular", False)
    shown_early = Call(60, 60, "post_purchase", TODAY + D(days=6), 1, "regular", False,
                       opens_on=TODAY + D(days=1))
    plan = deal(carried + [promise, shown_early], {1: 2}, TODAY, Closed())
    assert plan.planned[50] == (1, TODAY + D(days=2))  # on its day, before older neglect
    assert plan.planned[60] == (1, TODAY + D(days=1))  # from the day it shows
    assert plan.today_ids(1) == [1, 2]
    days = plan.per_day(1)
    assert max(days.values()) == 2 and sum(days.values()) == 8
    # carried = what was waiting today and is planned later; calls simply due later are not
    assert plan.carried(1) == (4, 0)


def _greet(c, due):
    return FollowUp.create(customer=c, kind="birthday", due_on=due, reason="r", is_marketing=True).id


def test_month_load_counts_what_a_person_can_act_on(db):
    mina, joon = staff.add_staff("Mina"), staff.add_staff("Joon")
    settings.put("calls.daily_capacity", 3)
    for n in range(7):  # seven of Mina's calls due today: three today, the rest carried
        c = customer(f"客{n}", owner=mina.id)
        FollowUp.create(customer=c, kind="neglect", due_on=TODAY - D(days=n), reason="r")
    c = customer("Joon's", owner=joon.id)
    FollowUp.create(customer=c, kind="post_purchase", due_on=TODAY + D(days=3), reason="r")
    for n in range(40):  # a festival's worth of messages is not forty calls
        _greet(customer(f"友{n}"), TODAY)
    _greet(c, TODAY + D(days=2))
    done = FollowUp.create(customer=c, kind="neglect", due_on=TODAY - D(days=3), reason="r",
                           status="done", done_by=mina.id, done_at=dt.datetime(2026, 11, 28, 10))
    first, last = TODAY - D(days=7), TODAY + D(days=13)
    plan = dayplan.plan_day(TODAY, through=last)
    pending = sendlist.pending_count(TODAY)
    mine = dayload.month_load(first, last, TODAY, mina.id, plan, pending)
    assert mine[TODAY] == DayLoad(calls=3, messages=40, done=0)
    assert mine[TODAY + D(days=1)].calls == 3 and mine[TODAY + D(days=2)] == DayLoad(1, 1, 0)
    assert mine[done.due_on] == DayLoad(done=1)
    assert all(load.calls <= 3 for load in mine.values())
    assert TODAY + D(days=3) not in mine or mine[TODAY + D(days=3)].calls == 0  # Joon's call
    assert dayload.month_load(first, last, TODAY, joon.id, plan, pending)[TODAY + D(days=3)].calls == 1
    # nobody at the desk: the whole shop's calls
    shop = dayload.month_load(first, last, TODAY, None, plan, pending)
    assert shop[TODAY].calls == 3 and shop[TODAY + D(days=3)].calls == 1
    assert sum(v.calls for v in shop.values()) == 8
    # a month all in the past has no plan: only what was done
    past = dayload.month_load(dt.date(2026, 11, 1), dt.date(2026, 11, 30), TODAY, mina.id, None, pending)
    assert past == {done.due_on: DayLoad(done=1)}


def test_nobody_at_the_desk_sees_everyones_calls_in_one_ranked_list(db):
    mina, joon = staff.add_staff("Mina"), staff.add_staff("Joon")
    c1, c2 = customer("甲", owner=mina.id), customer("乙", owner=joon.id)
    neglect = FollowUp.create(customer=c1, kind="neglect", due_on=TODAY, reason="r").id
    promise = FollowUp.create(customer=c2, kind="complaint_promise", due_on=TODAY, reason="r").id
    calls = dayplan.todays_calls(TODAY, dt.time(10), None)
    assert calls.whole_shop and calls.capacity == 50
    assert [i.id for i in calls.items] == [promise, neglect]
    own = dayplan.todays_calls(TODAY, dt.time(10), mina.id)
    assert not own.whole_shop and [i.id for i in own.items] == [neglect]


def test_a_day_cell_closes_up_before_it_cuts_and_keeps_calls_and_messages_apart():
    parts = load_parts(DayLoad(calls=25, messages=96_000, done=4))
    assert [part_text(p) for p in parts] == ["☎25", "✉96k", "✓4"]
    assert "".join(t for t, _c in fit_parts(parts, 20)) == "☎25 ✉96k ✓4"
    assert "".join(t for t, _c in fit_parts(parts, 8)) == "☎25 ✉96k"  # done goes first
    assert "".join(t for t, _c in fit_parts(parts, 7)) == "☎25✉96k"  # then the marks close up
    busy = load_parts(DayLoad(calls=25, messages=1_200))
    assert "".join(t for t, _c in fit_parts(busy, 7)) == "☎25✉1k"  # then the numbers shorten
    assert "".join(t for t, _c in fit_parts(parts, 4)) == "☎25"
    assert fit_parts(load_parts(DayLoad(done=3)), 7) == [("✓3", "done")]
    for load in (DayLoad(25, 96_000, 4), DayLoad(163, 383, 0), DayLoad(0, 123_456, 7)):
        for room in range(0, 12):
            assert sum(cell_len(t) for t, _c in fit_parts(load_parts(load), room)) <= room


def _inline(day, lunar, load, required, room=10):
    """The one-line cell at 80 columns: 11 cells a day, the last kept blank."""
    closed = "음1" if lunar[:1].isdigit() else ""  # a Korean lunar month's first day
    pieces = inline_pieces(day, lunar, load_parts(load), room, lunar_required=required, lunar_closed=closed)
    assert sum(cell_len(t) for t, _c in pieces) <= room
    return "".join(t for t, _c in pieces)


BUSY = [DayLoad(calls, messages, done) for calls in (0, 3, 12, 163, 1_200, 45_000)
        for messages in (0, 5, 381, 4_000, 96_000) for done in (0, 7)]


def test_a_one_line_day_never_drops_the_lunar_day_where_it_is_read():
    for lunar in ("初五", "廿二", "음5", "음21", "10월", "闰四"):
        for load in BUSY:
            text = _inline(30, lunar, load, required=True)
            assert lunar in text or (lunar == "10월" and "음1" in text), (lunar, load, text)
            assert "3010" not in text  # a month's first day never reads as another day
            if load.calls or load.messages:  # and the most pressing count stays too
                assert ("☎" if load.calls else "✉") in text, (lunar, load, text)
    assert _inline(30, "初五", DayLoad(calls=2), True) == "30 初五 ☎2"
    assert _inline(30, "初五", DayLoad(calls=12, messages=3), True) == "30初五☎12"
    assert _inline(30, "음5", DayLoad(calls=12, messages=3), True) == "30음5☎12✉3"
    assert _inline(9, "11월", DayLoad(calls=2), True) == " 9 11월 ☎2"
    assert _inline(9, "11월", DayLoad(calls=2, messages=2), True) == " 9음1☎2 ✉2"  # not " 911월☎2✉2"


def test_a_busy_day_shows_calls_and_messages_where_the_lunar_day_may_go():
    """Nobody at the desk: the whole shop's calls and messages, both still shown."""
    assert _inline(1, "廿二", DayLoad(calls=163, messages=400), False) == " 1☎163✉400"
    assert _inline(30, "廿二", DayLoad(calls=3), False) == "30 廿二 ☎3"
    for load in BUSY:
        text = _inline(1, "廿二", load, required=False)
        assert ("☎" in text) == bool(load.calls) and ("✉" in text) == bool(load.messages), (load, text)
