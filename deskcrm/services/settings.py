"""Shop settings: JSON values with defaults, so a fresh file works at once."""

from __future__ import annotations

import json
from typing import Any

from deskcrm.store.models import Setting

DEFAULTS: dict[str, Any] = {
    "shop.name": "deskcrm",
    "shop.locale": "zh_Hans",  # drives festival set, lunar calendar and scripts
    "shop.currency": "CNY",
    "ui.language": "",  # "" = follow the system locale
    "desk.staff_id": None,  # who is at the desk, remembered between runs
    # follow-up rules (services.followups); money in minor units, spans in days
    "followups.horizon_days": 30,  # start-up generation covers today .. today+N
    "followups.generated_through": None,  # ISO date the start-up generation reached
    "followups.lookback_days": 14,  # late-logged purchases/referrals still get their call
    "followups.birthday_notice_days": 7,
    "followups.festival_sets": None,  # None = the set of shop.locale
    "followups.festival_lead_days": {"spring_festival": 14, "seollal": 14, "chuseok": 14, "mid_autumn": 7},
    "followups.post_purchase_threshold": 200000,
    "followups.post_purchase_days": 7,
    "followups.satisfaction_days": 30,
    "followups.referral_welcome_days": 7,
    "followups.milestones": [500000, 1000000, 3000000, 5000000],
    "followups.top_tier": "vip",
    "followups.neglect_days": {"regular": [60, 90], "silver": [45, 75], "gold": [30, 60], "vip": [21, 30]},
    "followups.repurchase_min_purchases": 3,
    "followups.repurchase_lead_days": 3,
    "followups.repurchase_max_cv": 0.5,  # spread of the intervals / their mean
    "followups.season_days": ["03-01", "06-01", "09-01", "12-01"],
    "followups.vip_events": [
        {"date": "03-20", "name": "Spring collection preview"},
        {"date": "06-20", "name": "Summer tea gathering"},
        {"date": "09-20", "name": "Autumn collection preview"},
        {"date": "12-10", "name": "Year-end thank-you evening"},
    ],
    "followups.vip_event_tiers": ["gold", "vip"],
    "followups.vip_event_invite_days": 14,
    "followups.closure_days": [],  # ISO dates the shop is shut
    "followups.closed_weekdays": [],  # 0=Monday
    "followups.closure_country": "",  # "CN", "KR"...: public holidays count as closed
    "followups.quiet_hours": ["21:00", "08:00"],
    "followups.consent_max_age_days": 730,
}


def get(key: str, default: Any = None) -> Any:
    row = Setting.get_or_none(Setting.key == key)
    if row is None:
        return DEFAULTS.get(key, default) if default is None else default
    return json.loads(row.value)


def put(key: str, value: Any) -> None:
    Setting.insert(key=key, value=json.dumps(value, ensure_ascii=False)).on_conflict_replace().execute()


def get_many(prefix: str) -> dict[str, Any]:
    """Every setting under a prefix, defaults filled in."""
    values = {k: v for k, v in DEFAULTS.items() if k.startswith(prefix)}
    for row in Setting.select().where(Setting.key.startswith(prefix)):
        values[row.key] = json.loads(row.value)
    return values
