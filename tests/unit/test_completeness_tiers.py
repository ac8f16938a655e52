import datetime as dt

from deskcrm.services.completeness import completeness, missing_facts
from deskcrm.services.tiers import lifecycle_stage, tier_for_spend


def test_empty_file_scores_zero_and_name_phone_little():
    assert completeness({}) == 0
    assert completeness({"name": "王小明", "phone": "138"}) == round(2 / 9 * 20)


def test_soft_facts_weigh_four_times_hard():
    hard_only = {k: "x" for k in ("name", "phone", "gender", "email", "city", "address",
                                  "clothing_size", "shoe_size")} | {"age_band": "30s"}
    assert completeness(hard_only) == 20
    soft_only = {k: "x" for k in ("occupation", "family", "personality", "shopping_habits",
                                  "style_preferences", "hobbies", "service_preference",
                                  "promotion_attitude", "values", "best_contact_time")}
    assert completeness(soft_only | {"related_count": 1}) == 80
    assert completeness(hard_only | soft_only | {"dates_count": 2}) == 100


def test_blank_text_does_not_count_and_missing_lists_soft_first():
    assert completeness({"hobbies": "   "}) == 0
    assert missing_facts({"name": "a"})[0] == "occupation"


def test_tiers_by_spend():
    assert tier_for_spend(0) == "regular"
    assert tier_for_spend(300_000) == "silver"
    assert tier_for_spend(2_999_999) == "gold"
    assert tier_for_spend(3_000_000) == "vip"
    assert tier_for_spend(50, {"silver": 10, "gold": 40, "vip": 100}) == "gold"


def test_lifecycle():
    today = dt.date(2026, 11, 23)
    assert lifecycle_stage(0, None, today) == "prospect"
    assert lifecycle_stage(1, today, today) == "new"
    assert lifecycle_stage(3, today - dt.timedelta(days=20), today, 30) == "active"
    assert lifecycle_stage(3, today - dt.timedelta(days=61), today, 30) == "declining"
    assert lifecycle_stage(8, today, today, 30) == "loyal"
    assert lifecycle_stage(8, today - dt.timedelta(days=400), today, 30) == "lost"
