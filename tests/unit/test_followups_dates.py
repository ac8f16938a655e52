"""Birthdays and important dates: solar, lunar (CN vs KR), leap months, Feb 29, year boundary."""

import datetime as dt

from deskcrm.services.followups import generate, reasons
from deskcrm.store.models import FollowUp, ImportantDate, RelatedPerson
from tests.followup_helpers import customer

D = dt.date
NOW = dt.datetime(2027, 1, 1, 9)


def run(start, end, today=None):
    return generate(start, end, today or start, NOW)


def due_of(c, kind="birthday"):
    return sorted(f.due_on for f in FollowUp.select().where((FollowUp.customer == c.id) & (FollowUp.kind == kind)))


def test_solar_birthday_due_on_the_day_visible_a_week_ahead(db):
    c = customer(birth_month=3, birth_day=14, birth_year=1987)
    run(D(2027, 3, 1), D(2027, 3, 31))
    f = FollowUp.get((FollowUp.customer == c.id) & (FollowUp.kind == "birthday"))
    assert (f.kind, f.due_on, f.visible_from) == ("birthday", D(2027, 3, 14), D(2027, 3, 7))
    assert f.dedupe_key == f"birthday:{c.id}:2027" and f.is_marketing
    assert "turns 40" in reasons.of(f)


def test_yearless_birthday(db):
    c = customer(birth_month=3, birth_day=14)
    run(D(2027, 3, 1), D(2027, 3, 31))
    assert due_of(c) == [D(2027, 3, 14)]
    assert "turns" not in reasons.of(FollowUp.get(FollowUp.kind == "birthday"))


def test_feb_29_in_common_and_leap_years(db):
    c = customer(birth_month=2, birth_day=29)
    run(D(2027, 2, 1), D(2027, 3, 5))
    run(D(2028, 2, 1), D(2028, 3, 5))
    assert due_of(c) == [D(2027, 2, 28), D(2028, 2, 29)]


def test_year_boundary_window(db):
    dec = customer("Dec", birth_month=12, birth_day=28)
    jan = customer("Jan", birth_month=1, birth_day=3)
    other = customer("Jun", birth_month=6, birth_day=3)
    result = run(D(2027, 12, 20), D(2028, 1, 10))
    assert due_of(dec) == [D(2027, 12, 28)] and due_of(jan) == [D(2028, 1, 3)]
    assert due_of(other) == []
    assert result.by_rule["birthday"] == 2


def test_lunar_new_year_birthday_korean_vs_chinese_calendar(db):
    kr = customer("김민수", birth_month=1, birth_day=1, birth_calendar="KR", locale="ko")
    cn = customer("王小明", birth_month=1, birth_day=1, birth_calendar="CN")
    run(D(2027, 1, 25), D(2027, 2, 20))
    run(D(2028, 1, 15), D(2028, 2, 5))
    # published: Seollal 2027-02-07 / CNY 2027-02-06; Seollal 2028-01-27 / CNY 2028-01-26
    assert due_of(kr) == [D(2027, 2, 7), D(2028, 1, 27)]
    assert due_of(cn) == [D(2027, 2, 6), D(2028, 1, 26)]


def test_leap_month_birthday_falls_back_to_plain_month(db):
    # 2023 has a leap 2nd month (闰二月初一 = 2023-03-22); 2024 has none (二月初一 = 2024-03-10)
    leap = customer("Leap", birth_month=2, birth_day=10, birth_leap=True, birth_calendar="CN")
    plain = customer("Plain", birth_month=2, birth_day=10, birth_calendar="CN")
    run(D(2023, 2, 20), D(2023, 4, 20))
    run(D(2024, 3, 1), D(2024, 3, 31))
    assert due_of(leap) == [D(2023, 3, 31), D(2024, 3, 19)]
    assert due_of(plain) == [D(2023, 3, 1), D(2024, 3, 19)]


def test_lunar_day_30_in_short_month_falls_on_29(db):
    from deskcrm.services.lunar import lunar_to_solar

    c = customer(birth_month=1, birth_day=30, birth_calendar="CN")
    # 2027's first month: pick whichever length it has; the birthday occurs exactly once
    run(D(2027, 2, 1), D(2027, 3, 15))
    assert due_of(c) == [lunar_to_solar(2027, 1, 30, False, "CN")]


def test_related_person_and_important_dates(db):
    c = customer(birth_month=None, birth_day=None)
    rp = RelatedPerson.create(customer=c, name="王小红", relation="daughter", birth_month=5, birth_day=2)
    ImportantDate.create(customer=c, label="Wedding anniversary", year=2010, month=5, day=20)
    ImportantDate.create(customer=c, label="Opening", year=2026, month=5, day=21, recurring=False)
    run(D(2027, 5, 1), D(2027, 5, 31))
    rows = sorted((f.due_on, reasons.of(f)) for f in FollowUp.select().where(FollowUp.kind == "date"))
    assert [d for d, _ in rows] == [D(2027, 5, 2), D(2027, 5, 20)]
    assert "daughter 王小红" in rows[0][1] and "17 years" in rows[1][1]
    assert FollowUp.get(FollowUp.due_on == D(2027, 5, 2)).dedupe_key == f"date:related:{rp.id}:2027"


def test_greetings_need_consent_and_do_not_contact_blocks(db):
    no = customer("No consent", consent=False, birth_month=3, birth_day=14)
    dnc = customer("Blocked", do_not_contact=True, birth_month=3, birth_day=14)
    yes = customer("Yes", birth_month=3, birth_day=14)
    run(D(2027, 3, 1), D(2027, 3, 31))
    assert due_of(no) == [] and due_of(dnc) == [] and due_of(yes) == [D(2027, 3, 14)]


def test_greeting_on_a_closure_day_moves_earlier(db):
    from deskcrm.services import settings

    settings.put("followups.closure_days", ["2027-03-14"])
    c = customer(birth_month=3, birth_day=14)
    run(D(2027, 3, 1), D(2027, 3, 31))
    assert due_of(c) == [D(2027, 3, 13)]
