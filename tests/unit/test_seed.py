"""The demo-data generator: reproducible, realistic and consistent with the rules it mimics."""

from __future__ import annotations

import datetime as dt
import json
import re
import sqlite3
from collections import Counter

import pytest
from peewee import fn

from deskcrm.services.lunar import lunar_to_solar
from deskcrm.services.seed import SeedSummary, seed_database
from deskcrm.services.seed.people import LEAP_MONTHS
from deskcrm.services.tiers import tier_for_spend
from deskcrm.store.db import check_integrity, open_database
from deskcrm.store.models import (
    LIFECYCLE,
    Complaint,
    ComplaintStep,
    Contact,
    Customer,
    CustomerTag,
    FollowUp,
    ImportantDate,
    Purchase,
    RelatedPerson,
    Staff,
    TierChange,
)
from deskcrm.store.search_keys import search_keys

TODAY = dt.date(2026, 5, 1)
STEP_KEYS = {
    1: {"description", "item", "channel"},
    2: {"emotion", "place"},
    3: {"apology_given", "wording"},
    4: {"restatement_confirmed", "category"},
    5: {"explanation"},
    6: {"solution", "owner_id", "promised_on"},
    7: {"compensation", "value"},
    8: {"satisfaction", "thanks_given", "final_wish"},
    9: {"followup_on", "followup_satisfaction"},
}
HAN = re.compile("[\u4e00-\u9fff]")
HANGUL = re.compile("[\uac00-\ud7a3]")


@pytest.fixture(scope="module")
def seeded(tmp_path_factory):
    path = tmp_path_factory.mktemp("seed") / "shop.sqlite3"
    db = open_database(path)
    calls: list[tuple[int, int]] = []
    summary = seed_database(customers=3000, seed=11, today=TODAY,
                            progress=lambda done, total: calls.append((done, total)))
    db.close()
    return path, summary, calls


@pytest.fixture
def sdb(seeded):
    db = open_database(seeded[0])
    yield db
    db.close()


def _dump(path) -> dict[str, list[tuple]]:
    con = sqlite3.connect(path)
    try:
        tables = [r[0] for r in con.execute(
            "SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'customer_fts%'"
        )]
        return {t: sorted(con.execute(f'SELECT * FROM "{t}"').fetchall(), key=repr) for t in tables}
    finally:
        con.close()


def _seed_file(path, seed: int, customers: int = 150) -> SeedSummary:
    db = open_database(path)
    try:
        return seed_database(customers=customers, seed=seed, today=TODAY)
    finally:
        db.close()


def test_same_seed_gives_identical_rows_and_another_seed_does_not(tmp_path):
    _seed_file(tmp_path / "a.sqlite3", 3)
    _seed_file(tmp_path / "b.sqlite3", 3)
    _seed_file(tmp_path / "c.sqlite3", 4)
    a, b, c = (_dump(tmp_path / f"{n}.sqlite3") for n in "abc")
    assert a == b
    assert a["customer"] != c["customer"] and a["purchase"] != c["purchase"]


def test_summary_counts_are_the_rows_written(seeded, sdb):
    _, summary, calls = seeded
    assert summary.customers == Customer.select().count() == 3000
    assert summary.purchases == Purchase.select().count()
    assert summary.contacts == Contact.select().count()
    assert summary.customer_tags == CustomerTag.select().count()
    assert summary.related_people == RelatedPerson.select().count()
    assert summary.important_dates == ImportantDate.select().count()
    assert summary.complaints == Complaint.select().count()
    assert summary.complaint_steps == ComplaintStep.select().count()
    assert summary.followups == FollowUp.select().count()
    assert summary.tier_changes == TierChange.select().count()
    # about ten purchase lines per customer over two years, and a contact log
    assert 7 <= summary.purchases / summary.customers <= 14
    assert summary.contacts > 3 * summary.customers
    assert calls[0] == (0, 3000) and calls[-1] == (3000, 3000) and len(calls) > 2


def test_staff_has_one_or_two_managers(sdb):
    roles = Counter(s.role for s in Staff.select())
    assert 5 <= sum(roles.values()) <= 8
    assert 1 <= roles["manager"] <= 2


def test_names_mix_scripts_and_locales(sdb):
    locales = Counter(c.locale for c in Customer.select(Customer.locale))
    total = sum(locales.values())
    assert 0.38 < (locales["zh_Hans"] + locales["zh_Hant"]) / total < 0.52
    assert 0.33 < locales["ko"] / total < 0.47
    assert 0.10 < locales["en"] / total < 0.20
    assert locales["zh_Hant"] > 0.1 * total
    names = [c.name for c in Customer.select(Customer.name, Customer.locale)]
    assert sum(bool(HAN.search(n)) for n in names) > 0.38 * total
    assert sum(bool(HANGUL.search(n)) for n in names) > 0.33 * total
    assert any(n.startswith(("陳", "張", "黃", "劉")) for n in names)  # traditional forms
    for surname in ("曾", "单", "仇", "查", "解"):
        assert any(n.startswith(surname) for n in names), surname


def test_forms_of_address_follow_locale_and_gender(sdb):
    for c in Customer.select().limit(400):
        if c.locale.startswith("zh"):
            assert c.form_of_address.endswith("先生" if c.gender == "M" else ("女士", "小姐"))
        elif c.locale == "ko":
            assert c.form_of_address == f"{c.name} 님"
        else:
            assert c.form_of_address.split()[0] in ("Mr", "Mrs", "Ms")


def test_phones_look_like_each_region(sdb):
    kr = cn = 0
    for c in Customer.select(Customer.phone, Customer.phone_digits, Customer.city):
        digits = c.phone_digits.split()[0]
        if c.city in ("서울", "부산", "인천", "성남", "대구"):
            assert re.fullmatch(r"010\d{8}", digits), c.phone
            kr += c.phone.startswith("+82")
        elif c.city in ("上海", "北京", "杭州", "广州", "深圳", "南京", "苏州"):
            assert re.fullmatch(r"1[3-9]\d{9}", digits), c.phone
            cn += c.phone.startswith("+86")
    assert kr and cn  # some wrote the country code
    assert Customer.select().where(Customer.email != "").count() > 300


def test_birthdays_solar_lunar_yearless_feb29_and_leap_months(sdb):
    rows = list(Customer.select())
    cal = Counter(c.birth_calendar for c in rows if c.birth_month)
    assert cal["KR"] > 0 and cal["CN"] > 0 and cal["solar"] > cal["KR"]
    assert 0.2 < (cal["KR"] + cal["CN"]) / sum(cal.values()) < 0.4
    assert all(c.birth_calendar != "KR" or c.locale == "ko" for c in rows)
    assert any(c.birth_month and c.birth_year is None for c in rows)
    assert any(c.birth_month is None and c.age_band for c in rows)
    feb29 = [c for c in rows if (c.birth_month, c.birth_day, c.birth_calendar) == (2, 29, "solar")]
    assert feb29 and all(c.birth_year is None or c.birth_year % 4 == 0 for c in feb29)
    leap = [c for c in rows if c.birth_leap]
    assert leap and all(c.birth_calendar in ("KR", "CN") and c.birth_year for c in leap)


@pytest.mark.parametrize(("year", "month"), LEAP_MONTHS)
def test_leap_month_table_matches_the_lunar_calendar(year, month):
    from lunar_python import LunarYear

    assert LunarYear.fromYear(year).getLeapMonth() == month
    assert lunar_to_solar(year, month, 1, True, "CN") != lunar_to_solar(year, month, 1, False, "CN")


def test_totals_on_the_customer_equal_their_purchases(sdb):
    sums = {
        r.customer_id: r
        for r in Purchase.select(
            Purchase.customer, fn.SUM(Purchase.amount).alias("total"),
            fn.COUNT(Purchase.id).alias("n"), fn.MIN(Purchase.purchased_on).alias("first"),
            fn.MAX(Purchase.purchased_on).alias("last"),
        ).group_by(Purchase.customer)
    }
    for c in Customer.select():
        s = sums.get(c.id)
        if s is None:
            assert (c.total_spend, c.purchase_count, c.last_purchase_on) == (0, 0, None)
            assert c.lifecycle == "prospect"
            continue
        assert (c.total_spend, c.purchase_count) == (s.total, s.n)
        assert (c.first_purchase_on, c.last_purchase_on) == (s.first, s.last)
        assert c.tier == tier_for_spend(c.total_spend)
        assert c.lifecycle in LIFECYCLE
        assert c.last_purchase_on < TODAY  # history ends yesterday


def test_history_has_every_tier_and_lifecycle_and_big_purchases(sdb):
    tiers = {c.tier for c in Customer.select(Customer.tier)}
    stages = {c.lifecycle for c in Customer.select(Customer.lifecycle)}
    assert tiers == {"regular", "silver", "gold", "vip"}
    assert stages == set(LIFECYCLE)
    assert Purchase.select().where(Purchase.amount >= 200_000).exists()
    first = Purchase.select().order_by(Purchase.purchased_on).first().purchased_on
    assert first >= TODAY - dt.timedelta(days=730)
    # the last tier change of a customer lands on their present tier
    last = {}
    for t in TierChange.select().order_by(TierChange.at, TierChange.id):
        last[t.customer_id] = t.new_tier
    tiers_now = {c.id: c.tier for c in Customer.select(Customer.id, Customer.tier)}
    assert last and all(tiers_now[cid] == tier for cid, tier in last.items())


def test_contacts_follow_consent_and_set_last_contact(sdb):
    latest = dict(
        Contact.select(Contact.customer, fn.MAX(Contact.at)).group_by(Contact.customer).tuples()
    )
    for c in Customer.select(Customer.id, Customer.last_contact_at, Customer.do_not_contact):
        assert c.last_contact_at == latest.get(c.id)
        assert c.last_contact_at is None or c.last_contact_at.date() < TODAY
    dnc = Customer.select(Customer.id).where(Customer.do_not_contact == True)  # noqa: E712
    assert dnc.count() > 0
    assert not Contact.select().where(
        Contact.customer.in_(dnc) & (Contact.kind.in_(("greeting", "care")))
    ).exists()
    channels = {c.channel for c in Contact.select(Contact.channel)}
    assert {"visit", "call", "chat", "gift"} <= channels


def test_soft_facts_vary_and_consent_can_be_old(sdb):
    scores = [c.completeness for c in Customer.select(Customer.completeness)]
    assert min(scores) < 30 and max(scores) > 80
    two_years_ago = dt.datetime.combine(TODAY - dt.timedelta(days=730), dt.time())
    assert Customer.select().where(Customer.consent_sms_at < two_years_ago).exists()
    assert Customer.select().where(Customer.contact_window_start != "").exists()
    assert Customer.select().where(Customer.credit_limit > 0, Customer.balance >= 0).exists()


def test_completeness_counts_related_people_and_dates(sdb):
    from deskcrm.services.derived import refresh

    for c in Customer.select().where(Customer.id.in_(RelatedPerson.select(RelatedPerson.customer))).limit(50):
        stored = c.completeness
        assert refresh(c).completeness == stored


def test_referrals_point_back_to_earlier_customers(sdb):
    referred = list(Customer.select().where(Customer.referred_by.is_null(False)))
    assert 0.06 < len(referred) / 3000 < 0.14
    assert all(c.referred_by_id < c.id and c.source == "referral" for c in referred)


def test_every_customer_is_findable_by_their_keys(sdb):
    for c in Customer.select():
        keys = search_keys(c.name, [c.phone, c.phone2])
        assert (c.initials, c.choseong, c.name_key) == (keys.initials, keys.choseong, keys.name_key)
        if HAN.search(c.name):
            assert c.initials and c.initials.split()[0] in c.search_text
        if HANGUL.search(c.name):
            assert c.choseong and c.choseong in c.search_text
    # the FTS index was rebuilt after the bulk load: initials of 3+ letters find their owner
    db = Customer._meta.database
    checked = 0
    for c in Customer.select().where(fn.LENGTH(Customer.initials) == 3).limit(100):
        ids = [r[0] for r in db.execute_sql(
            "SELECT rowid FROM customer_fts WHERE customer_fts MATCH ?", (f'"{c.initials}"',))]
        assert c.id in ids
        checked += 1
    assert checked == 100
    (fts_rows,) = db.execute_sql("SELECT COUNT(*) FROM customer_fts").fetchone()
    assert fts_rows == 3000


def test_polyphonic_surnames_get_every_reading(sdb):
    c = Customer.select().where(Customer.name.startswith("曾")).first()
    initials = c.initials.split()
    assert {i[0] for i in initials} == {"z", "c"}


def test_complaints_are_left_at_every_step_with_their_records(sdb):
    complaints = list(Complaint.select())
    assert 0.01 < len(complaints) / 3000 < 0.03
    assert {c.category for c in complaints if c.step > 4} <= {
        "quality", "fit", "service", "price", "delivery", "other"}
    assert {c.status for c in complaints} == {"open", "closed"}
    assert len({c.step for c in complaints if c.status == "open"}) >= 6
    for c in complaints:
        steps = list(ComplaintStep.select().where(ComplaintStep.complaint == c.id))
        done = {s.step for s in steps}
        if c.status == "closed":
            assert done == set(range(1, 10)) and c.closed_at and c.satisfaction
        else:
            assert done == set(range(1, c.step)) and c.closed_at is None
        for s in steps:
            assert set(json.loads(s.data)) == STEP_KEYS[s.step]
            assert s.completed_at < dt.datetime.combine(TODAY, dt.time())
        if c.step > 6 or c.status == "closed":
            promise = FollowUp.get(FollowUp.dedupe_key == f"complaint:{c.id}:promise:1")
            assert promise.kind == "complaint_promise" and promise.complaint_id == c.id
    assert any(c.round == 2 for c in complaints)


def test_a_seeded_file_passes_the_integrity_check(sdb):
    assert check_integrity(sdb).ok


def test_an_empty_seed_makes_staff_only(tmp_path):
    summary = _seed_file(tmp_path / "empty.sqlite3", 1, customers=0)
    assert summary.customers == summary.purchases == 0
    assert 5 <= summary.staff <= 8


def test_seeding_twice_adds_without_clashing(tmp_path):
    path = tmp_path / "twice.sqlite3"
    _seed_file(path, 1, customers=40)
    second = _seed_file(path, 2, customers=40)
    db = open_database(path)
    try:
        assert Customer.select().count() == 80
        assert Staff.select().count() == second.staff  # the file's staff are reused
        assert check_integrity(db).ok
    finally:
        db.close()


def test_children_carry_the_fathers_family_name(sdb):
    checked = 0
    for c in Customer.select().where(Customer.locale == "ko", Customer.gender == "F"):
        people = {r.relation: r.name for r in RelatedPerson.select().where(RelatedPerson.customer == c.id)}
        if "spouse" in people and "child" in people:
            assert people["child"][0] == people["spouse"][0]
            checked += 1
    assert checked > 5
