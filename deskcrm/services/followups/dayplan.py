"""A day that fits a person: each clerk's calls for today, within her capacity, ranked.

Her own customers come first (004 Ⅲ 专人专岗: one owner per customer), then the
unowned ones, dealt out to whoever has room. Within each, promised complaint
dates and post-purchase calls come before neglect; then the customers who carry
the revenue (the top 20% by spend, 000/004 80/20) and the higher tiers; then the
oldest item. What does not fit is carried to the next working days — planned,
counted and shown, never dropped. The plan is computed, not stored: tomorrow's
plan starts from what is still open tomorrow, so a carried call is simply older.

Planned `through` a later day, the same dealing also says what each person's days
ahead hold — what is carried plus what falls due — which is what the month grid
shows (dayload.py); today's list is the same either way.
"""

from __future__ import annotations

import bisect
import datetime as dt
import functools
import heapq
from dataclasses import dataclass, field

from peewee import fn

from deskcrm.i18n import _
from deskcrm.services import settings, shops
from deskcrm.services.agenda import AgendaItem, allowed, items_by_id
from deskcrm.services.followups.config import Closed, load_config
from deskcrm.services.followups.kinds import CALL_KINDS, MESSAGE_KINDS, urgency
from deskcrm.store.models import TIERS, Customer, FollowUp, Staff, database

NOBODY = 0  # the plan's key for a shop without active staff: the desk itself
_TIER_RANK = {t: i for i, t in enumerate(TIERS)}


@dataclass(frozen=True)
class Call:
    """One open call as the plan sees it: who it belongs to and how it ranks."""

    id: int
    customer_id: int
    kind: str
    due_on: dt.date
    staff_id: int | None  # assigned_to, else the customer's owner
    tier: str
    top_share: bool  # the customer is in the top 20% by spend
    opens_on: dt.date | None = None  # shown from (visible_from) when before due_on

    def rank(self) -> tuple:
        return (urgency(self.kind), not self.top_share, -_TIER_RANK.get(self.tier, 0), self.due_on,
                self.id)

    def available(self, today: dt.date) -> dt.date:
        """The first day it can be called: today for anything due or showing by then."""
        return max(today, min(self.due_on, self.opens_on or self.due_on))


@dataclass(frozen=True)
class DayPlan:
    today: dt.date
    capacity: dict[int, int]  # per staff id (NOBODY when the shop has no staff)
    planned: dict[int, tuple[int, dt.date]]  # follow-up id → (staff id, planned working day)
    order: dict[int, list[int]] = field(default_factory=dict)  # per staff: ids in plan order
    done_today: dict[int, int] = field(default_factory=dict)
    waiting: frozenset[int] = frozenset()  # due or showing by today: what is planned later is carried
    ranks: dict[int, int] = field(default_factory=dict)  # today's calls: their rank, across people
    carried_by: dict[int, tuple[int, int]] | None = None  # todays(): carried() per key, counted once

    def todays(self) -> DayPlan:
        """Only what today's list needs: today's calls and what was carried, counted once."""
        order = {k: self.today_ids(k) for k in self.capacity}
        planned = {i: self.planned[i] for ids in order.values() for i in ids}
        return DayPlan(self.today, self.capacity, planned, order, self.done_today, frozenset(),
                       self.ranks, {k: self.carried(k) for k in self.capacity})

    def today_ids(self, staff_id: int | None) -> list[int]:
        """Today's calls for one person, in rank order (her own customers first)."""
        key = self.key(staff_id)
        return [i for i in self.order.get(key, []) if self.planned[i][1] == self.today]

    def key(self, staff_id: int | None) -> int:
        return staff_id if staff_id in self.capacity else NOBODY

    def whole_shop(self, staff_id: int | None) -> bool:
        """Nobody (or someone without a plan) at the desk: the desk sees everyone's day."""
        return self.key(staff_id) not in self.capacity

    def keys(self, staff_id: int | None) -> list[int]:
        return list(self.capacity) if self.whole_shop(staff_id) else [self.key(staff_id)]

    def per_day(self, staff_id: int | None) -> dict[dt.date, int]:
        """Calls planned on each working day for this person (the whole shop for nobody)."""
        out: dict[dt.date, int] = {}
        for key in self.keys(staff_id):
            for i in self.order.get(key, []):
                day = self.planned[i][1]
                out[day] = out.get(day, 0) + 1
        return out

    def carried(self, staff_id: int | None) -> tuple[int, int]:
        """(later this week, after this week): what was carried for this person."""
        if self.carried_by is not None:
            counts = [self.carried_by[k] for k in self.keys(staff_id)]
            return sum(w for w, _later in counts), sum(later for _w, later in counts)
        sunday = self.today + dt.timedelta(days=6 - self.today.weekday())
        week = later = 0
        for i in (i for key in self.keys(staff_id) for i in self.order.get(key, [])):
            day = self.planned[i][1]
            if day == self.today or i not in self.waiting:
                continue  # today's, or simply due later: not carried
            if day <= sunday:
                week += 1
            else:
                later += 1
        return week, later


def capacity_of(staff_ids: list[int]) -> dict[int, int]:
    """Calls per working day per person: the shop's default, or the person's own figure."""
    default = int(settings.get("calls.daily_capacity"))
    own = settings.get("calls.capacity_by_staff") or {}
    return {s: max(0, int(own.get(str(s), default))) for s in staff_ids} or {NOBODY: default}


def top_share_threshold() -> int | None:
    """The spend from which a customer is in the top 20% of those who bought (None: nobody bought)."""
    buyers = Customer.select().where(Customer.total_spend > 0).count()
    if not buyers:
        return None
    return (Customer.select(Customer.total_spend).where(Customer.total_spend > 0)
            .order_by(Customer.total_spend.desc()).offset(max(buyers // 5 - 1, 0)).limit(1).scalar())


def _open_query(today: dt.date, through: dt.date | None):
    owner = fn.COALESCE(FollowUp.assigned_to, Customer.owner)
    last = max(today, through or today)
    due = (FollowUp.due_on <= last) | (FollowUp.visible_from.is_null(False) & (FollowUp.visible_from <= last))
    return (
        FollowUp.select(FollowUp.id, FollowUp.customer, FollowUp.kind, FollowUp.due_on, owner,
                        Customer.tier, Customer.total_spend, FollowUp.visible_from)
        .join(Customer)
        # status wrapped so SQLite walks the kind index (the call kinds: ~80 000 rows at 100k
        # customers) rather than every open follow-up by status (~300 000): 0.9 s → 0.2 s
        .where((fn.COALESCE(FollowUp.status, "") == "open") & FollowUp.kind.in_(sorted(CALL_KINDS))
               & due & allowed() & shops.here(FollowUp.shop))
    )


def open_calls(today: dt.date, through: dt.date | None = None) -> list[Call]:
    """Every open call that is due (or showing ahead of its due day) by today, or by `through`.

    Read through the cursor, not as model rows: at 100 000 customers some 46 000 calls
    are open, and peewee's per-column conversion alone took two seconds of a three-second plan.
    """
    threshold = top_share_threshold()
    return [
        Call(i, cid, kind, _day(due_on), staff, tier, threshold is not None and spend >= threshold,
             _day(shown) if shown else None)
        for i, cid, kind, due_on, staff, tier, spend, shown
        in database.execute(_open_query(today, through)).fetchall()
    ]


# A call's rank as one integer, so the plan's sort and heaps compare machine words, not
# 5-tuples: (urgency, not top 20%, tier from the top, due day, id), each in its own bits.
# Dealing 80 000 calls with tuple ranks and Call objects took ~2 s of a 3.4 s plan.
_ID_BITS = 40
_DAY_BITS = 24
_ID_MASK = (1 << _ID_BITS) - 1
_TIER_FROM_TOP = {t: len(TIERS) - 1 - i for i, t in enumerate(TIERS)}


def _key(kind: str, top_share: bool, tier: str, due: int, call_id: int) -> int:
    head = (urgency(kind) * 2 + (not top_share)) * len(TIERS) + _TIER_FROM_TOP.get(tier, len(TIERS) - 1)
    return (((head << _DAY_BITS) | due) << _ID_BITS) | call_id


Arrival = tuple[int, int, "int | None"]  # (first day it can be called, as an ordinal; rank key; staff)


def _arrival(call: Call, today: dt.date) -> Arrival:
    key = _key(call.kind, call.top_share, call.tier, call.due_on.toordinal(), call.id)
    return call.available(today).toordinal(), key, call.staff_id


def _arrivals(today: dt.date, through: dt.date | None) -> list[Arrival]:
    """open_calls as the dealing needs them, straight from the cursor's rows."""
    threshold = top_share_threshold()
    t = today.toordinal()
    out: list[Arrival] = []
    for i, _cid, kind, due_on, staff, tier, spend, shown in database.execute(
            _open_query(today, through)).fetchall():
        due = _ordinal(due_on)
        opens = min(due, _ordinal(shown)) if shown else due
        out.append((max(t, opens), _key(kind, threshold is not None and spend >= threshold, tier, due, i),
                    staff))
    return out


def _day(value) -> dt.date:
    return value if isinstance(value, dt.date) else _parsed(str(value)[:10])


@functools.lru_cache(maxsize=4096)
def _parsed(text: str) -> dt.date:
    """80 000 calls fall on a few hundred days: each day's text is parsed once."""
    return dt.date.fromisoformat(text)


def _ordinal(value) -> int:
    return value.toordinal() if isinstance(value, dt.date) else _parsed(str(value)[:10]).toordinal()


def done_today(since: dt.datetime) -> dict[int, int]:
    """Calls each person already finished today: they count against today's capacity."""
    query = (
        FollowUp.select(FollowUp.done_by, fn.COUNT(FollowUp.id))
        .where((FollowUp.status != "open") & (FollowUp.done_at >= since) & FollowUp.done_by.is_null(False)
               & FollowUp.kind.not_in(sorted(MESSAGE_KINDS)) & shops.here(FollowUp.shop))
        .group_by(FollowUp.done_by)
        .tuples()
    )
    return dict(query)


def plan_day(today: dt.date, *, done_since: dt.datetime | None = None,
             through: dt.date | None = None) -> DayPlan:
    """Plan today and the working days after it until every open call has a day.

    With `through`, calls falling due up to that day are dealt in on their day too.
    """
    # the shop's own people make the calls; head office looks on
    staff = [s for (s,) in Staff.select(Staff.id)
             .where((Staff.active == True) & shops.here(Staff.shop) & (Staff.role != "head_office"))  # noqa: E712
             .order_by(Staff.id).tuples()]
    capacity = capacity_of(staff)
    finished = done_today(done_since or dt.datetime.combine(today, dt.time()))
    return _deal(_arrivals(today, through), capacity, today, load_config().closed, finished)


def deal(calls: list[Call], capacity: dict[int, int], today: dt.date, closed: Closed,
         finished: dict[int, int] | None = None) -> DayPlan:
    """Fill each working day: own queues first, then the unowned pool to whoever has room.

    Each call joins its queue on the day it becomes available and queues are kept in rank
    order, so a complaint promise due on Thursday goes before Monday's carried neglect. A
    call whose owner is not in `capacity` (no owner, or an owner who left) or has no room
    at all (capacity 0) is in the pool. Capacity 0 for everyone would never finish: such
    calls stay unplanned rather than looping forever.
    """
    return _deal([_arrival(c, today) for c in calls], capacity, today, closed, finished)


def _deal(arriving: list[Arrival], capacity: dict[int, int], today: dt.date, closed: Closed,
          finished: dict[int, int] | None) -> DayPlan:
    finished = finished or {}
    arriving.sort()
    t = today.toordinal()
    waiting = frozenset(key & _ID_MASK for day, key, _s in arriving if day == t)
    queues: dict[int, list[int]] = {s: [] for s, c in capacity.items() if c > 0}
    pool: list[int] = []
    planned: dict[int, tuple[int, dt.date]] = {}
    order: dict[int, list[int]] = {s: [] for s in capacity}
    if sum(capacity.values()) == 0:
        return DayPlan(today, capacity, planned, order, finished, waiting)
    ranks = {key & _ID_MASK: key for day, key, _s in arriving if day == t}
    day, first, n = today, True, 0
    while n < len(arriving) or pool or any(queues.values()):
        m = bisect.bisect_left(arriving, (day.toordinal() + 1,), n)
        if m > n:
            _join(arriving[n:m], queues, pool)
            n = m
        free = {s: max(0, c - (finished.get(s, 0) if first else 0)) for s, c in capacity.items()}
        for s, queue in queues.items():
            take = min(free[s], len(queue))
            mine = order[s]
            for _n in range(take):
                i = heapq.heappop(queue) & _ID_MASK
                planned[i] = (s, day)
                mine.append(i)
            free[s] -= take
        # the pool round-robin over those with room, so unowned calls spread evenly
        while pool and any(free.values()):
            for s in capacity:
                if pool and free[s] > 0:
                    i = heapq.heappop(pool) & _ID_MASK
                    planned[i] = (s, day)
                    order[s].append(i)
                    free[s] -= 1
        day, first = closed.next_open(day + dt.timedelta(days=1)), False
    return DayPlan(today, capacity, planned, order, finished, waiting,
                   {i: r for i, r in ranks.items() if planned.get(i, (0, None))[1] == today})


def _join(batch: list[Arrival], queues: dict[int, list[int]], pool: list[int]) -> None:
    """Calls that became available today join their queues; a big batch is heapified at once."""
    added: dict[int, list[int]] = {}
    for _day, key, staff in batch:
        added.setdefault(staff if staff in queues else -1, []).append(key)
    for staff, keys in added.items():
        queue = queues[staff] if staff != -1 else pool
        if len(keys) * 8 > len(queue):
            queue.extend(keys)
            heapq.heapify(queue)
        else:
            for key in keys:
                heapq.heappush(queue, key)


def progress_words(done: int, this_week: int, later: int) -> list[str]:
    """'3 done', '14 more this week', '96 later': what F3's title and the CLI say of a day."""
    words = [(done, _("{n} done")), (this_week, _("{n} more this week")), (later, _("{n} later"))]
    return [text.format(n=n) for n, text in words if n]


@dataclass(frozen=True)
class TodaysCalls:
    """One person's call list for today and what the plan carried past it."""

    items: list[AgendaItem]  # open calls first (who can be called now first), then finished ones
    capacity: int
    done: int
    this_week: int  # carried to later working days of this week
    later: int  # carried beyond this week
    whole_shop: bool = False  # nobody at the desk: everyone's calls


def todays_calls(today: dt.date, local_time: dt.time, staff_id: int | None, *,
                 done_since: dt.datetime | None = None, plan: DayPlan | None = None) -> TodaysCalls:
    """One person's calls today; with nobody at the desk, everyone's (the whole shop's day)."""
    since = done_since or dt.datetime.combine(today, dt.time())
    plan = plan or plan_day(today, done_since=since)
    keys = plan.keys(staff_id)
    ids = [i for key in keys for i in plan.today_ids(key)]
    if len(keys) > 1:
        ids.sort(key=plan.ranks.__getitem__)  # everyone's list: one order, by rank
    planned = items_by_id(ids, today, local_time)
    # the plan's rank holds within "can call now" and "not now": a busy customer waits
    planned.sort(key=lambda item: not item.callable_now)
    finished_ids = [i for (i,) in FollowUp.select(FollowUp.id).where(
        (FollowUp.status != "open") & (FollowUp.done_at >= since) & FollowUp.done_by.in_(keys)
        & FollowUp.kind.not_in(sorted(MESSAGE_KINDS))).order_by(FollowUp.done_at).tuples()]
    week, later = plan.carried(staff_id)
    return TodaysCalls(planned + items_by_id(finished_ids, today, local_time),
                       sum(plan.capacity.get(k, 0) for k in keys),
                       sum(plan.done_today.get(k, 0) for k in keys), week, later,
                       plan.whole_shop(staff_id))
