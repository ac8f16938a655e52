"""Shop settings: JSON values with defaults, so a fresh file works at once."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from deskcrm.services import audit
from deskcrm.store.models import Setting, Shop

DEFAULTS: dict[str, Any] = {
    "shop.name": "",  # asked at first start; every message is signed with it
    "shop.locale": "zh_Hans",  # drives festival set, lunar calendar and scripts
    "shop.currency": "CNY",
    "shop.country": "",  # chosen at first start: CN, TW, HK, KR, US, GB
    "shop.phone_prefix": "",  # the country code local phone numbers are read with
    "ui.language": "",
    # calls one person can make in a working day (issue 12); per person by staff id
    "calls.daily_capacity": 25,
    "calls.capacity_by_staff": {},  # "" = follow the system locale
    "tiers.thresholds": {"silver": 300_000, "gold": 1_000_000, "vip": 3_000_000},
    "complaints.unsatisfied_max": 2,  # step 8 rating at or below this offers a second round
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


# Settings each shop of a chain has its own of; everything else is chain-wide. Shop 1
# (every single-shop file) keeps them under the plain key, so nothing moved for it;
# shop N keeps its own under "key@N", falling back to the default, not to shop 1's.
SHOP_KEYS = frozenset({
    "shop.name", "shop.locale", "shop.currency", "shop.country", "shop.phone_prefix",
    "followups.festival_sets", "followups.festival_lead_days", "followups.closure_days",
    "followups.closed_weekdays", "followups.closure_country", "followups.quiet_hours",
    "calls.daily_capacity",
})
SHOP_MARK = "@"


def stored_key(key: str) -> str:
    """The Setting row a key is kept in for the shop being looked at."""
    from deskcrm.services.shops import ALL, viewed

    shop = viewed()
    if key in SHOP_KEYS and shop not in (1, ALL):
        return f"{key}{SHOP_MARK}{shop}"
    return key


def get(key: str, default: Any = None) -> Any:
    row = Setting.get_or_none(Setting.key == stored_key(key))
    if row is None:
        return DEFAULTS.get(key, default) if default is None else default
    return json.loads(row.value)


def put(key: str, value: Any) -> None:
    text = json.dumps(value, ensure_ascii=False)
    Setting.insert(key=stored_key(key), value=text).on_conflict(
        conflict_target=[Setting.key], update={Setting.value: text}
    ).execute()
    if key == "shop.name" and isinstance(value, str) and value.strip():
        from deskcrm.services.shops import viewed

        # the name head office sees the shop by is the one its messages are signed with
        Shop.update(name=value.strip()).where(Shop.id == viewed()).execute()


def put_many(values: dict[str, Any], by: str = "") -> None:
    """Several settings in one transaction: a form saves all or nothing.

    What changed (old and new value) goes to the audit log with who changed it.
    """
    with Setting._meta.database.atomic():
        changed = {k: [get(k), v] for k, v in values.items() if get(k) != v}
        for key, value in values.items():
            put(key, value)
        if changed:
            audit.record("settings", "setting", None, by, changed=changed)


def get_many(prefix: str) -> dict[str, Any]:
    """Every setting under a prefix, defaults filled in."""
    values = {k: v for k, v in DEFAULTS.items() if k.startswith(prefix)}
    for row in Setting.select().where(Setting.key.startswith(prefix)):
        key = row.key.partition(SHOP_MARK)[0]
        if stored_key(key) == row.key:
            values[key] = json.loads(row.value)
    return values


@dataclass(frozen=True)
class SettingItem:
    key: str
    value: Any
    default: Any

    @property
    def kind(self) -> str:
        if self.key in OPTIONAL_LISTS:
            return "list"
        return type(self.default).__name__  # bool, int, float, str, list, dict

    def as_text(self) -> str:
        if self.value is None:
            return ""
        if isinstance(self.value, list) and any(isinstance(v, dict | list) for v in self.value):
            return json.dumps(self.value, ensure_ascii=False)
        if isinstance(self.value, bool):
            return "yes" if self.value else "no"
        if isinstance(self.value, list):
            return ", ".join(str(v) for v in self.value)
        if isinstance(self.value, dict):
            return json.dumps(self.value, ensure_ascii=False)
        return str(self.value)


def editable() -> list[SettingItem]:
    """Settings a manager may change: those with a typed default (None marks internal state)."""
    current = get_many("")
    return [
        SettingItem(key, current.get(key, default), default)
        for key, default in sorted(DEFAULTS.items())
        if (default is not None or key in OPTIONAL_LISTS) and key not in HIDDEN
    ]


HIDDEN = {"ui.language", "calls.capacity_by_staff"}
# lists whose "unset" (None, typed as an empty box) means "follow the shop locale"
OPTIONAL_LISTS = {"followups.festival_sets"}  # chosen in its own selector, with the languages' own names


def parse(item: SettingItem, text: str) -> Any:
    """The value typed for a setting, by the type of its default; ValueError says what is wrong."""
    text = text.strip()
    kind = item.kind
    if kind == "bool":
        if text.lower() in ("yes", "y", "true", "1", "on"):
            return True
        if text.lower() in ("no", "n", "false", "0", "off"):
            return False
        raise ValueError("Type yes or no")
    if kind == "int":
        try:
            return int(text.replace(",", ""))
        except ValueError:
            raise ValueError("Type a whole number") from None
    if kind == "float":
        try:
            return float(text)
        except ValueError:
            raise ValueError("Type a number") from None
    if kind == "list":
        if not text and item.key in OPTIONAL_LISTS:
            return None
        if text.startswith("["):
            try:
                value = json.loads(text)
            except json.JSONDecodeError:
                raise ValueError("Type a JSON list, or values separated by commas") from None
            if not isinstance(value, list):
                raise ValueError("Type a JSON list, or values separated by commas")
            return value
        parts = [p.strip() for p in text.replace("，", ",").split(",") if p.strip()]
        sample = item.default[0] if item.default else None
        if isinstance(sample, dict | list):
            raise ValueError("Type a JSON list, as shown")
        numeric = all(p.lstrip("-").isdigit() for p in parts)
        if isinstance(sample, int) or (sample is None and parts and numeric):
            if not numeric:
                raise ValueError("Type whole numbers separated by commas")
            return [int(p) for p in parts]
        return parts
    if kind == "dict":
        try:
            value = json.loads(text)
        except json.JSONDecodeError:
            raise ValueError('Type a JSON object, e.g. {"silver": 300000}') from None
        if not isinstance(value, dict):
            raise ValueError('Type a JSON object, e.g. {"silver": 300000}')
        return value
    return text
