"""Customers at risk of leaving, each with the reason they are on the list.

003: 68% of customers who leave do so because they feel nobody cares, so the first
signal is neglect (no contact past the customer's window); the second is a buying
rhythm that has stopped (004 §Ⅸ: re-purchase cycles). Both read the denormalised
totals on the customer row and walk the total_spend index, so the biggest spenders
come first and the query stops after the top N.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from deskcrm.services.shops import scope_sql
from deskcrm.store.dialect import day_of, days_between, execute, round_half_up

# the same names the calendar's neglect rule reads; these are the defaults when unset
NEGLECT_DAYS_KEY, NEGLECT_VIP_DAYS_KEY = "neglect.days", "neglect.vip_days"
NEGLECT_DAYS, NEGLECT_VIP_DAYS = 90, 30


@dataclass(frozen=True)
class RiskReason:
    kind: str  # "neglected" or "declining"
    days: int  # days since the last contact / the last purchase
    window: int  # the neglect window, or the customer's usual days between purchases


@dataclass(frozen=True)
class AtRisk:
    customer_id: int
    name: str
    tier: str
    total_spend: int
    reasons: tuple[RiskReason, ...]


def neglect_windows(get: Callable[[str], Any]) -> tuple[int, int]:
    """(days, vip_days) from settings, falling back to 90 and 30."""
    days, vip = get(NEGLECT_DAYS_KEY), get(NEGLECT_VIP_DAYS_KEY)
    return (int(days) if days else NEGLECT_DAYS, int(vip) if vip else NEGLECT_VIP_DAYS)


def _neglected(today: dt.date, days: int, vip_days: int, limit: int) -> list[tuple]:
    # never contacted: the clock starts when they were filed. Customers who asked not to
    # be contacted are not neglected by anyone.
    return list(execute(
        f"SELECT id, name, tier, total_spend, CAST({days_between('?', day_of('lc'))} AS INTEGER),"
        "  CASE WHEN tier = 'vip' THEN ? ELSE ? END"
        " FROM (SELECT c.*, COALESCE(last_contact_at, created_at) AS lc FROM customer c"
        f"  WHERE do_not_contact = FALSE{scope_sql('c.home_shop_id')}) n"
        " WHERE (tier = 'vip' AND lc < ?) OR (tier != 'vip' AND lc < ?)"
        " ORDER BY total_spend DESC, id LIMIT ?",
        (today.isoformat(), vip_days, days, (today - dt.timedelta(days=vip_days)).isoformat(),
         (today - dt.timedelta(days=days)).isoformat(), limit),
    ).fetchall())


def _declining(today: dt.date, limit: int) -> list[tuple]:
    # usual interval = (last - first) / (purchases - 1); declining when the gap since the
    # last purchase is more than twice that. first_purchase_on falls back to the purchases.
    first = ("COALESCE(first_purchase_on,"
             " (SELECT MIN(p.purchased_on) FROM purchase p WHERE p.customer_id = customer.id))")
    return list(execute(
        f"SELECT id, name, tier, total_spend, gap, CAST({round_half_up('interval')} AS INTEGER) FROM ("
        " SELECT id, name, tier, total_spend,"
        f"  {days_between('?', 'last_purchase_on')} AS gap,"
        f"  {days_between('last_purchase_on', first)} / (purchase_count - 1) AS interval"
        f" FROM customer WHERE purchase_count >= 2 AND last_purchase_on IS NOT NULL{scope_sql('home_shop_id')}) d"
        " WHERE interval > 0 AND gap > 2 * interval ORDER BY total_spend DESC, id LIMIT ?",
        (today.isoformat(), limit),
    ).fetchall())


def at_risk(today: dt.date, days: int, vip_days: int, limit: int = 30) -> tuple[AtRisk, ...]:
    """The top `limit` customers by spend who are neglected, declining, or both."""
    found: dict[int, AtRisk] = {}
    for kind, rows in (
        ("neglected", _neglected(today, days, vip_days, limit)),
        ("declining", _declining(today, limit)),
    ):
        for cid, name, tier, spend, since, window in rows:
            reason = RiskReason(kind, int(since), int(window))
            had = found.get(cid)
            found[cid] = AtRisk(cid, name, tier, int(spend), (had.reasons if had else ()) + (reason,))
    ranked = sorted(found.values(), key=lambda r: (-r.total_spend, r.customer_id))
    return tuple(ranked[:limit])
