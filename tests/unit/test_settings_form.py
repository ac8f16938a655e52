"""The settings form: money in currency units, ranges and days checked field by field."""

import pytest

from deskcrm.services import settings, settings_form
from deskcrm.services.settings_form import FIELDS

BY_ID = {f.id: f for f in FIELDS}


def test_money_is_typed_in_currency_units():
    amount = BY_ID["followups.post_purchase_threshold"]
    assert settings_form.check(amount, "2,000", "CNY") == 200_000
    assert settings_form.check(amount, "49.90", "CNY") == 4_990
    assert settings_form.check(amount, "200,000", "KRW") == 200_000  # the won has no minor unit
    assert settings_form.text_of(amount, 200_000, "CNY") == "2,000"
    with pytest.raises(ValueError):
        settings_form.check(amount, "lots", "CNY")


def test_ranges_times_and_days():
    assert settings_form.check(BY_ID["followups.neglect_days/vip"], "21～30", "CNY") == [21, 30]
    with pytest.raises(ValueError, match="ideal"):
        settings_form.check(BY_ID["followups.neglect_days/vip"], "30-21", "CNY")
    assert settings_form.check(BY_ID["followups.quiet_hours"], "21:00-8:00", "CNY") == ["21:00", "08:00"]
    assert settings_form.check(BY_ID["followups.season_days"], "6-1, 03-01", "CNY") == ["03-01", "06-01"]
    with pytest.raises(ValueError):
        settings_form.check(BY_ID["followups.season_days"], "02-30", "CNY")
    with pytest.raises(ValueError):
        settings_form.check(BY_ID["calls.daily_capacity"], "0", "CNY")


def test_save_writes_all_or_nothing(db):
    texts, currency = settings_form.load()
    assert currency == "CNY" and texts["tiers.thresholds/gold"] == "10,000"
    bad = {**texts, "tiers.thresholds/gold": "x", "calls.daily_capacity": "30"}
    assert set(settings_form.save(bad)) == {"tiers.thresholds/gold"}
    assert settings.get("calls.daily_capacity") == 25
    assert settings_form.save({**texts, "tiers.thresholds/gold": "12,000", "calls.daily_capacity": "30"}) == {}
    assert settings.get("tiers.thresholds") == {"silver": 300_000, "gold": 1_200_000, "vip": 3_000_000}
    assert settings.get("calls.daily_capacity") == 30


def test_each_persons_own_calls_per_day(db):
    from deskcrm.services import staff
    from deskcrm.services.followups import dayplan

    mina, joon = staff.add_staff("Mina"), staff.add_staff("Joon")
    by_id = {f.id: f for f in settings_form.fields()}
    own = by_id[f"calls.capacity_by_staff/{mina.id}"]
    assert own.title() == "Calls per day: Mina" and f"calls.capacity_by_staff/{joon.id}" in by_id
    assert settings_form.check(own, "", "CNY") is None  # empty: the shop's figure
    assert settings_form.check(own, "0", "CNY") == 0  # a manager who makes no calls
    for typo in ("-1", "501", "ten", "2.5"):
        with pytest.raises(ValueError):
            settings_form.check(own, typo, "CNY")
    texts, _currency = settings_form.load()
    assert texts[own.id] == ""
    assert set(settings_form.save({**texts, own.id: "x"})) == {own.id}  # refused: nothing written
    assert settings.get("calls.capacity_by_staff") == {}
    assert settings_form.save({**texts, own.id: "12", "calls.daily_capacity": "30"}) == {}
    assert settings.get("calls.capacity_by_staff") == {str(mina.id): 12}
    assert dayplan.capacity_of([mina.id, joon.id]) == {mina.id: 12, joon.id: 30}
    texts, _currency = settings_form.load()
    assert texts[own.id] == "12"
    assert settings_form.save({**texts, own.id: ""}) == {}  # emptied: back to the shop's figure
    assert dayplan.capacity_of([mina.id]) == {mina.id: 30}
