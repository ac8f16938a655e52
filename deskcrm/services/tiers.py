"""VIP tier from cumulative spend, and the lifecycle stage (001 §6)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

# minor units (yuan/won x100); a shop changes these in settings ("tiers.thresholds")
DEFAULT_THRESHOLDS: dict[str, int] = {"silver": 300_000, "gold": 1_000_000, "vip": 3_000_000}
TIER_ORDER = ("regular", "silver", "gold", "vip")


def tier_for_spend(total_spend: int, thresholds: Mapping[str, int] | None = None) -> str:
    limits = thresholds or DEFAULT_THRESHOLDS
    tier = "regular"
    for name in TIER_ORDER[1:]:
        if name in limits and total_spend >= limits[name]:
            tier = name
    return tier


def lifecycle_stage(
    purchase_count: int,
    last_purchase_on: dt.date | None,
    today: dt.date,
    interval_days: float | None = None,
    loyal_after: int = 5,
    lost_after_days: int = 365,
) -> str:
    """prospect → new → active → loyal, or declining → lost when they stop coming.

    A customer is declining when the gap since the last purchase is more than twice
    their own buying interval (or half a year when they have no pattern yet).
    """
    if purchase_count == 0 or last_purchase_on is None:
        return "prospect"
    gap = (today - last_purchase_on).days
    if gap > lost_after_days:
        return "lost"
    expected = 2 * interval_days if interval_days else 180
    if purchase_count >= 2 and gap > expected:
        return "declining"
    if purchase_count == 1:
        return "new"
    return "loyal" if purchase_count >= loyal_after else "active"
