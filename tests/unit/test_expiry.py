"""Items that lost their point expire with a reason; neglect merges; running twice changes nothing."""

import datetime as dt

from deskcrm.services.followups import expiry, reasons
from deskcrm.store.models import FollowUp, ImportantDate, RelatedPerson
from tests.followup_helpers import customer

TODAY = dt.date(2026, 12, 1)
NOW = dt.datetime(2026, 12, 1, 2)


def fu(c, kind, due, key=None):
    return FollowUp.create(customer=c, kind=kind, due_on=due, reason="r", dedupe_key=key).id


def test_expiry_reasons_and_idempotence(db):
    c = customer()
    season_old = fu(c, "season", TODAY - dt.timedelta(days=7), "season:2026-11-24:1")
    season_fresh = fu(c, "season", TODAY, "season:2026-12-01:1")
    xmas_past = fu(c, "festival", dt.date(2025, 12, 25), "festival:christmas:2025:1")
    # Spring Festival 2027 (6 Feb) greeted 14 days early: still ahead
    spring = fu(c, "festival", TODAY - dt.timedelta(days=1), "festival:spring_festival:2027:1")
    bday_late = fu(c, "birthday", TODAY - dt.timedelta(days=8), "birthday:1:2026")
    bday_ok = fu(c, "birthday", TODAY - dt.timedelta(days=7), "birthday:1:2026b")
    event_past = fu(c, "vip_event", dt.date(2026, 11, 26), "vip_event:2026-11-30:1")
    old_neglect = fu(c, "neglect", dt.date(2025, 4, 1), "neglect:1:2025-01-01")
    new_neglect = fu(c, "neglect", dt.date(2026, 10, 1), "neglect:1:2026-07-01")
    first = expiry.expire(TODAY, NOW)
    assert first == {"season_past": 1, "festival_past": 1, "greeting_late": 1, "event_past": 1,
                     "neglect_merged": 1}
    assert expiry.expire(TODAY, NOW) == {}
    closed = {f.id: (f.status, f.outcome, f.note) for f in FollowUp.select()}
    assert closed[season_old] == ("skipped", "expired", "season_past")
    assert closed[xmas_past][2] == "festival_past" and closed[event_past][2] == "event_past"
    assert closed[bday_late][2] == "greeting_late"
    assert closed[old_neglect] == ("skipped", "merged", "neglect_merged")
    for still in (season_fresh, spring, bday_ok, new_neglect):
        assert closed[still][0] == "open"
    assert reasons.note_text("season_past") == "The season's week is over"
    assert reasons.note_text("called twice, no answer") == "called twice, no answer"  # typed


def test_a_childs_birthday_is_greeted_once(db):
    c = customer()
    child = RelatedPerson.create(customer=c, name="王红", relation="child", birth_month=12, birth_day=4)
    date = ImportantDate.create(customer=c, related=child, label="王红生日", month=12, day=4)
    fu(c, "date", dt.date(2026, 12, 4), f"date:related:{child.id}:2026")
    twin = fu(c, "date", dt.date(2026, 12, 4), f"date:{date.id}:2026")
    assert expiry.expire(TODAY, NOW) == {"greeting_duplicate": 1}
    assert FollowUp.get_by_id(twin).outcome == "merged"


def test_expiry_runs_on_day_to_day_start_up_and_per_customer_runs(db, monkeypatch):
    from deskcrm.services import settings
    from deskcrm.services.followups import generate, generate_ahead, generate_for_customers

    for key, value in (("followups.festival_sets", []), ("followups.season_days", []),
                       ("followups.vip_events", []), ("followups.neglect_days", {})):
        settings.put(key, value)
    monkeypatch.setattr(expiry, "CHUNK", 2)  # several write transactions per reason
    a, b = customer("甲"), customer("乙")
    generate_ahead(TODAY, NOW)  # the first start-up: everything generated through the horizon
    late = [fu(c, "birthday", TODAY - dt.timedelta(days=8), f"birthday:{c.id}:late{n}")
            for n, c in enumerate((a, a, a, b))]
    tomorrow = TODAY + dt.timedelta(days=1)
    # the next day's start-up only generates the one new day: it expires all the same
    result = generate_ahead(tomorrow, NOW + dt.timedelta(days=1))
    assert result.closed == 4
    assert {FollowUp.get_by_id(i).note for i in late} == {"greeting_late"}
    assert generate_ahead(tomorrow, NOW + dt.timedelta(days=1)).closed == 0  # idempotent
    # a change to one customer expires that customer's items at once, and only theirs
    mine = fu(a, "neglect", dt.date(2026, 6, 1), "neglect:a:old")
    fu(a, "neglect", dt.date(2026, 11, 1), "neglect:a:new")
    other = fu(b, "neglect", dt.date(2026, 6, 1), "neglect:b:old")
    fu(b, "neglect", dt.date(2026, 11, 1), "neglect:b:new")
    assert generate_for_customers([a.id], tomorrow, NOW).closed == 1
    assert FollowUp.get_by_id(mine).outcome == "merged"
    assert FollowUp.get_by_id(other).status == "open"
    # a plain ranged run (the CLI's) expires too
    generate(tomorrow, tomorrow, tomorrow, NOW)
    assert FollowUp.get_by_id(other).outcome == "merged"
