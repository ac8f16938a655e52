"""Festivals, purchases, referrals, milestones, top tier, neglect, re-purchase, seasons, VIP events."""

import datetime as dt

from deskcrm.services import settings
from deskcrm.services.contacts import log_contact
from deskcrm.services.followups import generate, generate_ahead, reasons
from deskcrm.store.models import Customer, FollowUp, GenerationRun
from tests.followup_helpers import buy, customer

D = dt.date
NOW = dt.datetime(2027, 1, 1, 9)


def run(start, end, today=None, now=NOW):
    return generate(start, end, today or start, now)


def kinds(c):
    return sorted((f.kind, f.due_on) for f in FollowUp.select().where(FollowUp.customer == c.id))


def quiet_rules():
    """Switch off the shop-wide rules so a test sees only the rule it is about."""
    settings.put("followups.festival_sets", [])
    settings.put("followups.season_days", [])
    settings.put("followups.vip_events", [])
    settings.put("followups.neglect_days", {})
    settings.put("followups.milestones", [])


def test_empty_database(db):
    result = run(D(2027, 1, 1), D(2027, 1, 31))
    assert result.created == 0 and GenerationRun.select().count() == 1


def test_festivals_with_lead_time_korean_vs_chinese_shop(db):
    settings.put("followups.season_days", [])
    settings.put("followups.neglect_days", {})
    c = customer()
    no = customer("No", consent=False)
    settings.put("followups.festival_lead_days", {})
    settings.put("shop.locale", "ko")
    run(D(2027, 2, 1), D(2027, 2, 10))
    settings.put("shop.locale", "zh_Hans")
    run(D(2027, 2, 1), D(2027, 2, 10))
    assert kinds(c) == [("festival", D(2027, 2, 6)), ("festival", D(2027, 2, 7))]
    assert kinds(no) == []
    keys = {f.dedupe_key for f in FollowUp.select()}
    assert keys == {f"festival:seollal:2027:{c.id}", f"festival:spring_festival:2027:{c.id}"}


def test_festival_lead_time_gift_season(db):
    quiet_rules()
    settings.put("followups.festival_sets", ["CN"])
    c = customer()
    run(D(2027, 1, 15), D(2027, 1, 31))  # CNY 2027-02-06, default lead 14 days
    assert kinds(c) == [("festival", D(2027, 1, 23))]


def test_post_purchase_threshold_and_closure(db):
    quiet_rules()
    settings.put("followups.closure_days", ["2027-03-08"])
    under = customer("Under", consent=False)
    at = customer("At", consent=False)
    buy(under, D(2027, 3, 1), 199_999)
    p = buy(at, D(2027, 3, 1), 200_000)
    run(D(2027, 3, 1), D(2027, 3, 31))
    assert kinds(under) == []
    f = FollowUp.get(FollowUp.customer == at.id)
    # due within 7 days (3-08) but the shop is shut that day: the next open day
    assert (f.kind, f.due_on, f.purchase_id, f.is_marketing) == ("post_purchase", D(2027, 3, 9), p.id, False)


def test_post_purchase_logged_today_after_startup_generation(db):
    quiet_rules()
    c = customer()
    generate_ahead(D(2027, 3, 1), NOW)
    buy(c, D(2027, 3, 1), 500_000)
    generate_ahead(D(2027, 3, 1), NOW)
    assert kinds(c) == [("post_purchase", D(2027, 3, 8))]


def test_closure_country_public_holidays(db):
    quiet_rules()
    settings.put("followups.closure_country", "CN")
    c = customer()
    buy(c, D(2027, 9, 24), 300_000)  # +7 = 10-01, National Day week
    run(D(2027, 9, 20), D(2027, 10, 31))
    from deskcrm.services.festivals import closure_days

    due = kinds(c)[0][1]
    assert due > D(2027, 10, 1) and due not in closure_days("CN", 2027)


def test_referral_thanks_and_first_week_call(db):
    quiet_rules()
    referrer = customer("Referrer", consent=False)
    new = customer("New", referred_by=referrer, created_at=dt.datetime(2027, 3, 3, 10))
    run(D(2027, 3, 1), D(2027, 3, 31))
    assert kinds(referrer) == [("referral_thanks", D(2027, 3, 3))]
    assert kinds(new) == [("referral_welcome", D(2027, 3, 10))]


def test_milestones_once_each(db):
    quiet_rules()
    settings.put("followups.milestones", [500_000, 1_000_000])
    c = customer()
    buy(c, D(2027, 3, 2), 300_000)
    buy(c, D(2027, 3, 5), 300_000)
    run(D(2027, 3, 1), D(2027, 3, 31))
    run(D(2027, 3, 1), D(2027, 3, 31))
    assert [k for k in kinds(c) if k[0] == "milestone"] == [("milestone", D(2027, 3, 5))]
    buy(c, D(2027, 4, 2), 500_000)
    run(D(2027, 4, 1), D(2027, 4, 30))
    assert [k for k in kinds(c) if k[0] == "milestone"] == [
        ("milestone", D(2027, 3, 5)), ("milestone", D(2027, 4, 2))]


def test_top_tier_visit_yearly(db):
    quiet_rules()
    vip = customer("VIP", tier="vip")
    customer("Gold", tier="gold")
    Customer.update(first_purchase_on=D(2024, 5, 10)).where(Customer.id == vip.id).execute()
    run(D(2027, 5, 1), D(2027, 5, 31))
    run(D(2028, 5, 1), D(2028, 5, 31))
    rows = list(FollowUp.select().where(FollowUp.kind == "top_tier_visit"))
    assert sorted(f.due_on for f in rows) == [D(2027, 5, 10), D(2028, 5, 10)]
    assert {f.customer_id for f in rows} == {vip.id}


def test_neglect_ideal_and_maximum_per_tier_and_any_contact_resets(db):
    settings.put("followups.festival_sets", [])
    settings.put("followups.season_days", [])
    settings.put("followups.vip_events", [])
    regular = customer("Regular", created_at=dt.datetime(2026, 9, 1, 9))
    vip = customer("VIP", tier="vip", created_at=dt.datetime(2026, 12, 1, 9))
    fresh = customer("Fresh", created_at=dt.datetime(2026, 12, 20, 9))
    run(D(2027, 1, 1), D(2027, 1, 31))
    r = FollowUp.get(FollowUp.customer == regular.id)
    v = FollowUp.get(FollowUp.customer == vip.id)
    assert (r.visible_from, r.due_on) == (D(2026, 10, 31), D(2026, 11, 30))  # 60 / 90 days
    assert (v.visible_from, v.due_on) == (D(2026, 12, 22), D(2026, 12, 31))  # 21 / 30 days
    assert kinds(fresh) == []
    # a contact logged by hand (not through a follow-up) resets the clock
    log_contact(regular.id, at=dt.datetime(2027, 1, 5, 10), channel="visit")
    result = run(D(2027, 1, 6), D(2027, 1, 31), now=dt.datetime(2027, 1, 6, 9))
    assert FollowUp.get_by_id(r.id).status == "done" and result.closed == 1
    assert [k for k in kinds(regular)] == [("neglect", D(2026, 11, 30))]
    assert FollowUp.get_by_id(v.id).status == "open"


def test_repurchase_needs_a_regular_pattern(db):
    quiet_rules()
    steady = customer("Steady")
    for d in (D(2027, 1, 1), D(2027, 1, 31), D(2027, 3, 2), D(2027, 4, 1)):
        buy(steady, d, 10_000)
    erratic = customer("Erratic")
    for d in (D(2027, 1, 1), D(2027, 1, 5), D(2027, 3, 20), D(2027, 4, 1)):
        buy(erratic, d, 10_000)
    two = customer("Two")
    for d in (D(2027, 3, 2), D(2027, 4, 1)):
        buy(two, d, 10_000)
    no_consent = customer("No", consent=False)
    for d in (D(2027, 1, 1), D(2027, 1, 31), D(2027, 3, 2), D(2027, 4, 1)):
        buy(no_consent, d, 10_000)
    run(D(2027, 4, 20), D(2027, 5, 20), now=dt.datetime(2027, 4, 20, 9))
    assert kinds(steady) == [("repurchase", D(2027, 4, 28))]  # every 30 days, 3 days ahead
    assert kinds(erratic) == [] and kinds(two) == [] and kinds(no_consent) == []
    buy(steady, D(2027, 4, 25), 10_000)
    run(D(2027, 4, 26), D(2027, 4, 26), now=dt.datetime(2027, 4, 26, 9))
    assert FollowUp.get(FollowUp.kind == "repurchase").status == "done"


def test_season_change_and_vip_gatherings(db):
    settings.put("followups.festival_sets", [])
    settings.put("followups.neglect_days", {})
    gold = customer("Gold", tier="gold")
    regular = customer("Regular")
    run(D(2027, 2, 20), D(2027, 3, 10))
    assert kinds(gold) == [("season", D(2027, 3, 1)), ("vip_event", D(2027, 3, 6))]
    assert kinds(regular) == [("season", D(2027, 3, 1))]
    assert "Spring collection preview" in reasons.of(FollowUp.get(FollowUp.kind == "vip_event"))


def test_generation_twice_creates_nothing_new(db):
    a = customer("A", birth_month=1, birth_day=20, created_at=dt.datetime(2026, 1, 1))
    buy(a, D(2027, 1, 3), 300_000)
    first = run(D(2027, 1, 1), D(2027, 1, 31))
    second = run(D(2027, 1, 10), D(2027, 2, 10))
    overlap = run(D(2027, 1, 1), D(2027, 1, 31))
    assert first.created >= 3
    assert overlap.created == 0
    assert FollowUp.select().count() == first.created + second.created
    assert GenerationRun.select().count() == 3


def test_generate_ahead_is_incremental(db):
    quiet_rules()
    c = customer(birth_month=2, birth_day=1)
    r1 = generate_ahead(D(2027, 1, 1), NOW)
    assert settings.get("followups.generated_through") == "2027-01-31"
    assert kinds(c) == []
    r2 = generate_ahead(D(2027, 1, 2), NOW)
    assert settings.get("followups.generated_through") == "2027-02-01"
    assert kinds(c) == [("birthday", D(2027, 2, 1))]
    assert (r1.created, r2.created) == (0, 1)


def test_incremental_start_up_still_sees_a_new_rhythm_and_new_neglect(db):
    quiet_rules()
    settings.put("followups.neglect_days", {"regular": [60, 90]})
    steady = customer("Steady", created_at=dt.datetime(2026, 1, 1))
    for d in (D(2027, 1, 1), D(2027, 1, 21), D(2027, 2, 10)):
        buy(steady, d, 10_000)
    Customer.update(last_contact_at=dt.datetime(2027, 2, 10, 10)).execute()
    generate_ahead(D(2027, 2, 15), dt.datetime(2027, 2, 15, 9))
    assert kinds(steady) == [("repurchase", D(2027, 2, 27))]
    # bought again on 02-20 (logged that day): the next reminder falls inside days already generated
    buy(steady, D(2027, 2, 20), 10_000)
    generate_ahead(D(2027, 2, 21), dt.datetime(2027, 2, 21, 9))
    keys = [f.dedupe_key for f in FollowUp.select().where(FollowUp.kind == "repurchase")]
    assert keys == [f"repurchase:{steady.id}:2027-02-10", f"repurchase:{steady.id}:2027-02-20"]
    # and the neglect clock (last seen 02-20, ideal 60 days) opens on 04-21: day 59 of the horizon
    generate_ahead(D(2027, 3, 23), dt.datetime(2027, 3, 23, 9))
    assert ("neglect", D(2027, 5, 21)) in kinds(steady)
