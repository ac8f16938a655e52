"""Items that lost their point expire with a reason; neglect merges; running twice changes nothing."""

import datetime as dt

from deskcrm.services.followups import expiry
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
    assert expiry.reason_text("season_past") == "The season's week is over"


def test_a_childs_birthday_is_greeted_once(db):
    c = customer()
    child = RelatedPerson.create(customer=c, name="王红", relation="child", birth_month=12, birth_day=4)
    date = ImportantDate.create(customer=c, related=child, label="王红生日", month=12, day=4)
    fu(c, "date", dt.date(2026, 12, 4), f"date:related:{child.id}:2026")
    twin = fu(c, "date", dt.date(2026, 12, 4), f"date:{date.id}:2026")
    assert expiry.expire(TODAY, NOW) == {"greeting_duplicate": 1}
    assert FollowUp.get_by_id(twin).outcome == "merged"
