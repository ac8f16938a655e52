"""Rules driven by what customers did: purchases, referrals, spend, buying rhythm, top tier.

These look back `lookback_days` before the window, so a purchase logged today
still gets its callback although start-up already generated the days ahead.
"""

from __future__ import annotations

import datetime as dt
import statistics
from collections import defaultdict

from peewee import fn

from deskcrm.i18n import _
from deskcrm.services.followups.common import Row, Window, reachable, row, yearly
from deskcrm.store.models import Customer, Purchase


def _money(minor: int) -> str:
    return f"{minor / 100:,.2f}"


def post_purchase(w: Window) -> list[Row]:
    """A day's purchases of threshold or more → the fit/washing callback within N days."""
    cfg = w.config
    total = fn.SUM(Purchase.amount)
    query = (
        Purchase.select(
            Purchase.customer.alias("cid"), Purchase.purchased_on.alias("day"),
            total.alias("total"), fn.MAX(Purchase.id).alias("pid"),
            fn.GROUP_CONCAT(Purchase.item).alias("items"),
        )
        .join(Customer)
        .where(Purchase.purchased_on.between(w.event_start, w.end) & reachable(False))
        .group_by(Purchase.customer, Purchase.purchased_on)
        .having(total >= cfg.post_purchase_threshold)
    )
    rows = []
    for r in query.namedtuples():
        day = r.day if isinstance(r.day, dt.date) else dt.date.fromisoformat(r.day)
        due = cfg.closed.next_open(day + dt.timedelta(days=cfg.post_purchase_days))
        reason = _("Fit check after purchase {date} ({amount}): {items}").format(
            date=day.isoformat(), amount=_money(r.total), items=(r.items or "")[:60]
        )
        rows.append(row(w, r.cid, "post_purchase", due, reason,
                        f"post_purchase:{r.cid}:{day.isoformat()}", purchase_id=r.pid,
                        visible_from=day + dt.timedelta(days=1)))
    return rows


def referrals(w: Window) -> list[Row]:
    """Thank the referrer on the day; call the referred newcomer within their first week."""
    cfg = w.config
    Referrer = Customer.alias()
    start = dt.datetime.combine(w.event_start, dt.time())
    end = dt.datetime.combine(w.end + dt.timedelta(days=1), dt.time())
    query = (
        Customer.select(
            Customer.id.alias("cid"), Customer.name.alias("name"), Customer.created_at.alias("at"),
            Customer.do_not_contact.alias("dnc"), Referrer.id.alias("rid"),
            Referrer.name.alias("rname"), Referrer.do_not_contact.alias("rdnc"),
        )
        .join(Referrer, on=(Customer.referred_by == Referrer.id))
        .where(Customer.created_at.between(start, end))
    )
    rows = []
    for r in query.namedtuples():
        day = r.at.date()
        if not r.rdnc:
            reason = _("Thank for referring {name}").format(name=r.name)
            rows.append(row(w, r.rid, "referral_thanks", cfg.closed.next_open(day), reason,
                            f"referral_thanks:{r.cid}"))
        if not r.dnc:
            due = cfg.closed.next_open(day + dt.timedelta(days=cfg.referral_welcome_days))
            reason = _("First-week call; referred by {name}").format(name=r.rname)
            rows.append(row(w, r.cid, "referral_welcome", due, reason, f"referral_welcome:{r.cid}",
                            visible_from=day + dt.timedelta(days=1)))
    return rows


def milestones(w: Window) -> list[Row]:
    """Thank once for each cumulative-spend threshold, on the day it was crossed."""
    cfg = w.config
    if not cfg.milestones:
        return []
    candidates = Customer.select(Customer.id).where(
        (Customer.total_spend >= cfg.milestones[0])
        & (Customer.last_purchase_on >= w.event_start)
        & reachable(False)
    )
    purchases = (
        Purchase.select(Purchase.customer_id, Purchase.purchased_on, Purchase.amount)
        .where(Purchase.customer.in_(candidates))
        .order_by(Purchase.customer, Purchase.purchased_on, Purchase.id)
        .tuples()
    )
    by_customer: dict[int, list[tuple[dt.date, int]]] = defaultdict(list)
    for cid, day, amount in purchases:
        by_customer[cid].append((day, amount))
    rows = []
    for cid, items in by_customer.items():
        running = 0
        for day, amount in items:
            before, running = running, running + amount
            crossed = [t for t in cfg.milestones if before < t <= running]
            # one thank-you a day, for the highest threshold passed that day
            if crossed and w.event_start <= day <= w.end:
                reason = _("Spend passed {amount}: thank-you").format(amount=_money(crossed[-1]))
                rows.append(row(w, cid, "milestone", cfg.closed.next_open(day), reason,
                                f"milestone:{cid}:{crossed[-1]}"))
    return rows


def repurchase(w: Window) -> list[Row]:
    """A few days before the customer's own next purchase is due — only for a steady rhythm."""
    cfg = w.config
    lead = cfg.repurchase_lead_days
    n = Customer.purchase_count
    last = fn.julianday(Customer.last_purchase_on)
    span = last - fn.julianday(Customer.first_purchase_on)
    # the interval over distinct days lies between span/(rows-1) and span/2 (≥3 days):
    # select exactly the customers whose predicted reminder can fall in the window
    query = Customer.select(Customer.id).where(
        (n >= cfg.repurchase_min_purchases)
        & (last + span / (n - 1) - lead <= fn.julianday(w.end.isoformat()))
        & (last + span / 2 - lead >= fn.julianday(w.start.isoformat()))
        & reachable(True)
    )
    days = (
        Purchase.select(Purchase.customer_id, Purchase.purchased_on)
        .where(Purchase.customer.in_(query))
        .distinct()
        .order_by(Purchase.customer, Purchase.purchased_on)
        .tuples()
    )
    by_customer: dict[int, list[dt.date]] = defaultdict(list)
    for cid, day in days:
        by_customer[cid].append(day)
    rows = []
    for cid, dates in by_customer.items():
        if len(dates) < cfg.repurchase_min_purchases:
            continue
        gaps = [(b - a).days for a, b in zip(dates, dates[1:], strict=False)]
        mean = statistics.fmean(gaps)
        if mean <= 0 or statistics.pstdev(gaps) / mean > cfg.repurchase_max_cv:
            continue  # no pattern: a reminder would be a guess
        predicted = dates[-1] + dt.timedelta(days=round(mean))
        due = cfg.closed.next_open(predicted - dt.timedelta(days=lead))
        if not w.covers(due):
            continue
        reason = _("Usually buys every {n} days; next around {date}").format(
            n=round(mean), date=predicted.isoformat()
        )
        rows.append(row(w, cid, "repurchase", due, reason, f"repurchase:{cid}:{dates[-1].isoformat()}"))
    return rows


def top_tier_visits(w: Window) -> list[Row]:
    """The manager's yearly visit with flowers, on the anniversary of the first purchase."""
    cfg = w.config
    query = Customer.select(
        Customer.id, Customer.first_purchase_on, Customer.created_at
    ).where((Customer.tier == cfg.top_tier) & reachable(True))
    rows = []
    for c in query:
        since = c.first_purchase_on or c.created_at.date()
        for d in yearly(since.month, since.day, w.start, w.end):
            if d.year <= since.year:
                continue
            reason = _("Yearly manager visit with flowers (customer since {date})").format(
                date=since.isoformat()
            )
            rows.append(row(w, c.id, "top_tier_visit", cfg.closed.next_open(d), reason,
                            f"top_tier_visit:{c.id}:{d.year}"))
    return rows
