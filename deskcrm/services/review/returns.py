"""Did it work? Who came back and bought after a follow-up, against who was not contacted.

For the week under review: every customer a finished follow-up reached (a call
answered, a message sent, a visit), first contact of the week per customer and
per kind, and whether they bought in the 14 and 30 days after that day. The
baseline is every other customer, counted from the week's Monday. A window that
has not closed yet by `today` is marked open, so a fresh week is not read as a
failure. Also: late and skipped follow-ups counted in the week they were done or
skipped (not the week they were due), so clearing a backlog shows in its week.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

from peewee import fn

from deskcrm.services import shops
from deskcrm.store.models import Customer, FollowUp, Purchase, database

WINDOWS = (14, 30)
# outcomes that mean the customer was reached; no answer or a refusal is not a contact
CONTACTED = ("reached", "left_message", "visited", "sent", "kept", "contacted")
SYSTEM_CLOSED = ("expired", "merged")  # closed by the rules, not skipped by a person


@dataclass(frozen=True)
class Returned:
    """One group of customers and what they bought afterwards."""

    label: str  # a follow-up kind, a staff id as text, or "" for the group as a whole
    customers: int
    bought_14: int
    revenue_14: int  # minor units
    bought_30: int
    revenue_30: int

    def rate(self, days: int) -> float | None:
        bought = self.bought_14 if days == 14 else self.bought_30
        return bought / self.customers if self.customers else None


@dataclass(frozen=True)
class Returns:
    week_start: dt.date
    contacted: Returned
    not_contacted: Returned
    by_kind: tuple[Returned, ...]
    by_staff: tuple[tuple[int | None, Returned], ...]
    open_windows: tuple[int, ...]  # windows (14, 30) not yet over by today


def as_day(value) -> dt.date:
    """A day read back from SQL, as a date."""
    # PostgreSQL hands back a datetime (a date's subclass) where SQLite gives text
    if isinstance(value, dt.datetime):
        return value.date()
    return value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value)[:10])


def _contacts(ws: dt.date) -> list[tuple[int, str, int | None, dt.date]]:
    """(customer, kind, staff, day) of every follow-up finished this week that reached someone."""
    start, end = dt.datetime.combine(ws, dt.time()), dt.datetime.combine(ws + dt.timedelta(7), dt.time())
    query = (FollowUp.select(FollowUp.customer, FollowUp.kind, FollowUp.done_by, FollowUp.done_at)
             .where((FollowUp.status == "done") & (FollowUp.done_at >= start) & (FollowUp.done_at < end)
                    & FollowUp.outcome.in_(CONTACTED) & shops.here(FollowUp.shop)))
    return [(c, k, s, as_day(at)) for c, k, s, at in database.execute(query).fetchall()]


def _purchases(first: dt.date, last: dt.date) -> dict[int, list[tuple[dt.date, int]]]:
    # what they bought in this shop: head office sees the chain's side by side
    query = Purchase.select(Purchase.customer, Purchase.purchased_on, Purchase.amount).where(
        Purchase.purchased_on.between(first, last) & shops.here(Purchase.shop))
    out: dict[int, list[tuple[dt.date, int]]] = defaultdict(list)
    for cid, day, amount in database.execute(query).fetchall():
        out[cid].append((as_day(day), amount))
    return out


def _group(label: str, firsts: dict[int, dt.date], bought: dict[int, list[tuple[dt.date, int]]]) -> Returned:
    """Customers → the day they were contacted; what each bought in the days after it."""
    figures = {14: [0, 0], 30: [0, 0]}
    for cid, day in firsts.items():
        for days in WINDOWS:
            amounts = [a for d, a in bought.get(cid, ()) if day < d <= day + dt.timedelta(days=days)]
            if amounts:
                figures[days][0] += 1
                figures[days][1] += sum(amounts)
    return Returned(label, len(firsts), figures[14][0], figures[14][1], figures[30][0], figures[30][1])


def _first(rows, key) -> dict[object, dict[int, dt.date]]:
    out: dict[object, dict[int, dt.date]] = defaultdict(dict)
    for cid, kind, staff, day in rows:
        group = out[key(kind, staff)]
        if cid not in group or day < group[cid]:
            group[cid] = day
    return out


def returns(ws: dt.date, today: dt.date) -> Returns:
    rows = _contacts(ws)
    everyone = _first(rows, lambda _k, _s: "")[""] if rows else {}
    # one read of the purchases serves both groups: the contacted's windows run to the
    # week's Sunday + 30 days, the baseline's (from the day before Monday) ends inside that
    before = ws - dt.timedelta(days=1)
    every_purchase = _purchases(ws, ws + dt.timedelta(days=6 + max(WINDOWS)))
    bought = {cid: every_purchase[cid] for cid in everyone if cid in every_purchase}
    contacted = _group("", everyone, bought)
    by_kind = tuple(_group(kind, firsts, bought)
                    for kind, firsts in sorted(_first(rows, lambda k, _s: k).items()))
    by_staff = tuple((staff, _group(str(staff or ""), firsts, bought))
                     for staff, firsts in sorted(_first(rows, lambda _k, s: s).items(),
                                                 key=lambda item: (item[0] is None, item[0] or 0)))
    # the baseline: everyone else, from the Monday (the day before the window opens counts as "contacted")
    baseline_end = before + dt.timedelta(days=max(WINDOWS))
    others_bought = {cid: kept for cid, theirs in every_purchase.items() if cid not in everyone
                     and (kept := [(d, a) for d, a in theirs if d <= baseline_end])}
    total = Customer.select(fn.COUNT(Customer.id)).where(
        (Customer.created_at < dt.datetime.combine(ws, dt.time())) & shops.here(Customer.home_shop)).scalar() or 0
    baseline = _group("", dict.fromkeys(others_bought, before), others_bought)
    not_contacted = Returned("", max(total - len(everyone), 0), baseline.bought_14, baseline.revenue_14,
                             baseline.bought_30, baseline.revenue_30)
    still_open = tuple(d for d in WINDOWS if ws + dt.timedelta(days=6 + d) > today)
    return Returns(ws, contacted, not_contacted, by_kind, by_staff, still_open)


def _closed_rows(start: dt.date, end: dt.date) -> list[tuple[str, dt.date, dt.date, int | None, int | None]]:
    """(status, due, day closed, done by, answerable) of follow-ups done or skipped by a person in [start, end).

    A row closed without a recorded time counts on its due day (nothing says otherwise);
    the person answerable for a skip is its assignee, else the customer's owner.
    """
    lo, hi = dt.datetime.combine(start, dt.time()), dt.datetime.combine(end, dt.time())
    closed_at = fn.COALESCE(FollowUp.done_at, FollowUp.due_on)
    query = (FollowUp.select(FollowUp.status, FollowUp.due_on, closed_at, FollowUp.done_by,
                             fn.COALESCE(FollowUp.assigned_to, Customer.owner))
             .join(Customer)
             .where((closed_at >= lo) & (closed_at < hi)
                    & (((FollowUp.status == "skipped") & FollowUp.outcome.not_in(SYSTEM_CLOSED))
                       | (FollowUp.status == "done")) & shops.here(FollowUp.shop)))
    return [(status, as_day(due), as_day(at), who, answerable)
            for status, due, at, who, answerable in database.execute(query).fetchall()]


def closed_by_week(start: dt.date, weeks: int) -> list[tuple[int, int]]:
    """(late, skipped) per week from `start` (a Monday), by the week they were done or skipped."""
    out = [[0, 0] for _ in range(weeks)]
    for status, due, closed, _who, _answerable in _closed_rows(start, start + dt.timedelta(weeks=weeks)):
        wk = (closed - start).days // 7
        if status == "skipped":
            out[wk][1] += 1
        elif closed > due:
            out[wk][0] += 1
    return [(late, skipped) for late, skipped in out]


def closed_by_staff(ws: dt.date) -> list[tuple[int | None, int, int]]:
    """(staff, late, skipped) for the week starting `ws`: late by who did it, skipped by who answers for it."""
    out: dict[int | None, list[int]] = defaultdict(lambda: [0, 0])
    for status, due, closed, who, answerable in _closed_rows(ws, ws + dt.timedelta(days=7)):
        if status == "skipped":
            out[answerable][1] += 1
        elif closed > due:
            out[who][0] += 1
    return [(who, late, skipped) for who, (late, skipped) in out.items()]
