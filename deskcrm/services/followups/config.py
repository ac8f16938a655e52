"""The rule settings a manager can change, read once per generation run."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field

from deskcrm.services import settings
from deskcrm.services.festivals import closure_days, festival_set_for_locale


@dataclass(frozen=True)
class VipEvent:
    month: int
    day: int
    name: str


def _month_day(text: str) -> tuple[int, int]:
    month, day = (int(part) for part in text.split("-")[-2:])
    dt.date(2000, month, day)  # rejects a typo such as 02-30 at load time
    return month, day


def _hhmm(text: str) -> dt.time:
    hour, minute = (int(part) for part in text.split(":"))
    return dt.time(hour, minute)


@dataclass(frozen=True)
class Closed:
    """Days the shop is shut: its own list, weekly rest days and, optionally, public holidays."""

    days: frozenset[dt.date] = frozenset()
    weekdays: frozenset[int] = frozenset()
    country: str = ""

    def __contains__(self, day: object) -> bool:
        if not isinstance(day, dt.date):
            return False
        if day in self.days or day.weekday() in self.weekdays:
            return True
        return bool(self.country) and day in closure_days(self.country, day.year)

    def next_open(self, day: dt.date) -> dt.date:
        """Callbacks move forward: a call a day late beats no call."""
        for _ in range(366):
            if day not in self:
                return day
            day += dt.timedelta(days=1)
        return day

    def previous_open(self, day: dt.date) -> dt.date:
        """Greetings move back: a birthday wish a day early is kind, a day late is forgotten."""
        for _ in range(366):
            if day not in self:
                return day
            day -= dt.timedelta(days=1)
        return day


@dataclass(frozen=True)
class RuleConfig:
    shop_locale: str = "zh_Hans"
    currency: str = "CNY"  # amounts in reasons: ¥, ₩ (no minor units), NT$, HK$
    birthday_notice_days: int = 7
    festival_sets: tuple[str, ...] = ("CN",)
    festival_lead_days: Mapping[str, int] = field(default_factory=dict)
    post_purchase_threshold: int = 200_000
    post_purchase_days: int = 7
    satisfaction_days: int = 30
    referral_welcome_days: int = 7
    milestones: tuple[int, ...] = ()
    top_tier: str = "vip"
    neglect_days: Mapping[str, tuple[int, int]] = field(default_factory=dict)
    repurchase_min_purchases: int = 3
    repurchase_lead_days: int = 3
    repurchase_max_cv: float = 0.5
    season_days: tuple[tuple[int, int], ...] = ()
    vip_events: tuple[VipEvent, ...] = ()
    vip_event_tiers: tuple[str, ...] = ("gold", "vip")
    vip_event_invite_days: int = 14
    closed: Closed = Closed()
    quiet_start: dt.time = dt.time(21, 0)
    quiet_end: dt.time = dt.time(8, 0)
    consent_max_age_days: int = 730
    lookback_days: int = 14
    horizon_days: int = 30

    @property
    def lunar_calendar(self) -> str:
        """The shop's own lunar calendar, for grid labels and customers who did not say."""
        return "KR" if self.shop_locale.startswith("ko") else "CN"


def load_config() -> RuleConfig:
    s = settings.get_many("followups.")
    locale = settings.get("shop.locale") or "zh_Hans"
    sets = s["followups.festival_sets"]
    if sets is None:  # unset: the shop locale's set; [] means no festival greetings at all
        sets = [festival_set_for_locale(locale)]
    quiet = s["followups.quiet_hours"]
    return RuleConfig(
        shop_locale=locale,
        currency=settings.get("shop.currency") or "CNY",
        birthday_notice_days=int(s["followups.birthday_notice_days"]),
        festival_sets=tuple(sets),
        festival_lead_days=dict(s["followups.festival_lead_days"] or {}),
        post_purchase_threshold=int(s["followups.post_purchase_threshold"]),
        post_purchase_days=int(s["followups.post_purchase_days"]),
        satisfaction_days=int(s["followups.satisfaction_days"]),
        referral_welcome_days=int(s["followups.referral_welcome_days"]),
        milestones=tuple(sorted(int(m) for m in s["followups.milestones"])),
        top_tier=s["followups.top_tier"],
        neglect_days={k: (int(v[0]), int(v[1])) for k, v in s["followups.neglect_days"].items()},
        repurchase_min_purchases=int(s["followups.repurchase_min_purchases"]),
        repurchase_lead_days=int(s["followups.repurchase_lead_days"]),
        repurchase_max_cv=float(s["followups.repurchase_max_cv"]),
        season_days=tuple(_month_day(d) for d in s["followups.season_days"]),
        vip_events=tuple(
            VipEvent(*_month_day(e["date"]), e.get("name", "")) for e in s["followups.vip_events"]
        ),
        vip_event_tiers=tuple(s["followups.vip_event_tiers"]),
        vip_event_invite_days=int(s["followups.vip_event_invite_days"]),
        closed=Closed(
            frozenset(dt.date.fromisoformat(d) for d in s["followups.closure_days"]),
            frozenset(int(w) for w in s["followups.closed_weekdays"]),
            s["followups.closure_country"] or "",
        ),
        quiet_start=_hhmm(quiet[0]),
        quiet_end=_hhmm(quiet[1]),
        consent_max_age_days=int(s["followups.consent_max_age_days"]),
        lookback_days=int(s["followups.lookback_days"]),
        horizon_days=int(s["followups.horizon_days"]),
    )
