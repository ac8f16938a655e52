"""Rules driven by what customers did: purchases, referrals, spend, buying rhythm, top tier.

These look back `lookback_days` before the window, so a purchase logged today
still gets its callback although start-up already generated the days ahead.
"""

from __future__ import annotations

import datetime as dt
import math
from collections import defaultdict

from peewee import Value, fn

from deskcrm.services.followups.common import Row, Window, reachable, row, yearly
from deskcrm.services.followups.reasons import Reason
from deskcrm.store.dialect import (
    EPOCH,
    ITEM_SEP,
    day_from_number,
    day_number_expr,
    day_number_sql,
    group_concat_expr,
    indexed_by,
)
from deskcrm.store.models import Customer, FollowUp, Purchase, database


def post_purchase(w: Window) -> list[Row]:
    """A day's purchases of threshold or more → the fit/washing callback within N days."""
    cfg = w.config
    total = fn.SUM(Purchase.amount)
    query = (
        Purchase.select(
            Purchase.customer.alias("cid"), Purchase.purchased_on.alias("day"),
            total.alias("total"), fn.MAX(Purchase.id).alias("pid"),
            group_concat_expr(Purchase.item, Purchase.id).alias("items"),
        )
        .join(Customer)
        .where(Purchase.purchased_on.between(w.event_start, w.end) & reachable(False)
               & w.only(Customer.id))
        .group_by(Purchase.customer, Purchase.purchased_on)
        .having(total >= cfg.post_purchase_threshold)
    )
    rows = []
    for r in query.namedtuples():
        day = r.day if isinstance(r.day, dt.date) else dt.date.fromisoformat(r.day)
        due = cfg.closed.next_open(day + dt.timedelta(days=cfg.post_purchase_days))
        reason = Reason("post_purchase", {
            "on": day.isoformat(), "amount": int(r.total), "currency": cfg.currency,
            "items": ",".join(sorted((r.items or "").split(ITEM_SEP)))[:60]})
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
        # the referred newcomer or the referrer changed: either way the pair is looked at
        .where(Customer.created_at.between(start, end) & (w.only(Customer.id) | w.only(Referrer.id)))
    )
    rows = []
    for r in query.namedtuples():
        day = r.at.date()
        if not r.rdnc:
            reason = Reason("referral_thanks", {"name": r.name})
            rows.append(row(w, r.rid, "referral_thanks", cfg.closed.next_open(day), reason,
                            f"referral_thanks:{r.cid}"))
        if not r.dnc:
            due = cfg.closed.next_open(day + dt.timedelta(days=cfg.referral_welcome_days))
            reason = Reason("referral_welcome", {"name": r.rname})
            rows.append(row(w, r.cid, "referral_welcome", due, reason, f"referral_welcome:{r.cid}",
                            visible_from=day + dt.timedelta(days=1)))
    return rows


def milestones(w: Window) -> list[Row]:
    """Thank once for each cumulative-spend threshold, on the day it was crossed.

    Only purchases since the window's event start are read: the spend before them
    is the customer's stored total minus what they add up to.
    """
    cfg = w.config
    if not cfg.milestones:
        return []
    query = (
        Purchase.select(Purchase.customer_id, Purchase.purchased_on, Purchase.amount,
                        Customer.total_spend)
        .join(Customer)
        .where((Purchase.purchased_on >= w.event_start)
               & (Customer.total_spend >= cfg.milestones[0]) & reachable(False)
               & w.only(Customer.id))
        .order_by(Purchase.customer, Purchase.purchased_on, Purchase.id)
        .tuples()
    )
    by_customer: dict[int, list[tuple[dt.date, int]]] = defaultdict(list)
    totals: dict[int, int] = {}
    for cid, day, amount, total in query:
        by_customer[cid].append((day, amount))
        totals[cid] = total
    rows = []
    for cid, items in by_customer.items():
        running = totals[cid] - sum(amount for _day, amount in items)
        for day, amount in items:
            before, running = running, running + amount
            crossed = [t for t in cfg.milestones if before < t <= running]
            # one thank-you a day, for the highest threshold passed that day
            if crossed and day <= w.end:
                reason = Reason("milestone", {"amount": crossed[-1], "currency": cfg.currency})
                rows.append(row(w, cid, "milestone", cfg.closed.next_open(day), reason,
                                f"milestone:{cid}:{crossed[-1]}"))
    return rows


def repurchase(w: Window) -> list[Row]:
    """A few days before the customer's own next purchase is due — only for a steady rhythm.

    The gap statistics are computed by SQLite (window functions): reading the
    purchase days into Python cost ~10 s at 100 000 customers.
    """
    cfg = w.config
    lead = cfg.repurchase_lead_days
    n = Customer.purchase_count
    last = day_number_expr(Customer.last_purchase_on)
    span = last - day_number_expr(Customer.first_purchase_on)
    end_n, start_n = _day_number(w.end), _day_number(w.start)
    # the interval over distinct days lies between span/(rows-1) and span/2 (≥3 days):
    # select exactly the customers whose predicted reminder can fall in the window
    # (NULLIF: PostgreSQL raises on a zero divisor even in rows another condition drops)
    earliest = last + span / fn.NULLIF(n - 1, 0) - lead
    when = (earliest <= end_n) & (last + span / 2 - lead >= start_n)
    if w.since is not None:
        # incremental: a customer whose possible reminder days [earliest, latest] reach into
        # the new days is checked (again, until the real date is inside the horizon); a
        # rhythm only changes with a new purchase, and those customers get the whole window
        recent = w.since.date() - dt.timedelta(days=2)  # purchases logged since, give or take a day
        when = (earliest <= end_n) & (
            last + span / 2 - lead >= _day_number(w.date_start)
        ) | (Customer.last_purchase_on >= recent)
    # already reminded for this last purchase (a re-run): skipped before any purchase is
    # read — the window-function pass is the costly part (~1.3 s per million purchases)
    reminded = FollowUp.select(FollowUp.id).where(
        FollowUp.dedupe_key == Value("repurchase:").concat(Customer.id).concat(":")
        .concat(Customer.last_purchase_on))
    candidates = Customer.select(Customer.id).where(
        (n >= cfg.repurchase_min_purchases) & when & reachable(True) & ~fn.EXISTS(reminded)
        & w.only(Customer.id)
    )
    cand_sql, params = candidates.sql()
    # INDEXED BY (SQLite): the covering (customer, day) index keeps this a pure index scan
    sql = f"""
        WITH d AS (SELECT customer_id AS cid, {day_number_sql("purchased_on")} AS jd
                   FROM purchase {indexed_by("purchase_customer_id_purchased_on")}
                   WHERE customer_id IN ({cand_sql}) GROUP BY customer_id, purchased_on),
        g AS (SELECT cid, jd, jd - LAG(jd) OVER (PARTITION BY cid ORDER BY jd) AS gap FROM d)
        SELECT cid, COUNT(gap), AVG(gap), AVG(gap * gap), MAX(jd) FROM g GROUP BY cid
    """
    rows = []
    for cid, gaps, mean, mean_sq, last_jd in database.execute_sql(sql, params):
        if gaps + 1 < cfg.repurchase_min_purchases or not mean or mean <= 0:
            continue
        mean, mean_sq = float(mean), float(mean_sq)
        spread = math.sqrt(max(mean_sq - mean * mean, 0.0))
        if spread / mean > cfg.repurchase_max_cv:
            continue  # no pattern: a reminder would be a guess
        last_on = day_from_number(last_jd)
        predicted = last_on + dt.timedelta(days=round(mean))
        due = cfg.closed.next_open(predicted - dt.timedelta(days=lead))
        # beyond the horizon in every kind of run: full and incremental runs must agree, or
        # a re-run creates rows (issue 9); the incremental filter above checks it again later
        if due < w.start or due > w.end:
            continue
        reason = Reason("repurchase", {"days": round(mean), "on": predicted.isoformat()})
        rows.append(row(w, cid, "repurchase", due, reason, f"repurchase:{cid}:{last_on.isoformat()}"))
    return rows


def _day_number(day: dt.date) -> float:
    return float((day - EPOCH).days)


def top_tier_visits(w: Window) -> list[Row]:
    """The manager's yearly visit with flowers, on the anniversary of the first purchase."""
    cfg = w.config
    query = Customer.select(
        Customer.id, Customer.first_purchase_on, Customer.created_at
    ).where((Customer.tier == cfg.top_tier) & reachable(True) & w.only(Customer.id))
    rows = []
    for c in query:
        since = c.first_purchase_on or c.created_at.date()
        for d in yearly(since.month, since.day, w.start, w.end):
            if d.year <= since.year:
                continue
            reason = Reason("top_tier_visit", {"since": since.isoformat()})
            rows.append(row(w, c.id, "top_tier_visit", cfg.closed.next_open(d), reason,
                            f"top_tier_visit:{c.id}:{d.year}"))
    return rows
