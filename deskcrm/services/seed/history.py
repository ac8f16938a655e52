"""Two years of a customer's purchases, tier changes and contact log.

Each buying customer has their own cycle (every ~N days, with noise); some
bought once, some stopped coming a while ago, so the lifecycle stages and the
repurchase and neglect rules all have people to find.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass, field

from deskcrm.services import festivals
from deskcrm.services.seed import goods, texts
from deskcrm.services.seed.people import Person
from deskcrm.services.seed.world import World
from deskcrm.services.tiers import lifecycle_stage, tier_for_spend
from deskcrm.store.models import Contact, Purchase, TierChange

PURCHASE_COLS = (
    "id", "customer", "purchased_on", "item", "style_no", "size", "colour", "quantity",
    "amount", "staff", "notes", "created_at",
)  # fmt: skip
CONTACT_COLS = ("customer", "at", "channel", "kind", "outcome", "note", "staff")
TIER_COLS = ("customer", "at", "old_tier", "new_tier")
CALLBACK_OVER = 200_000  # 004: a purchase over 2000 earns a call within a week
GREETED = {"spring_festival", "seollal", "mid_autumn", "chuseok", "christmas", "mothers_day"}
_FESTIVAL_SET = {"zh_Hans": "CN", "zh_Hant": "TW_HK", "ko": "KR", "en": "WEST"}


@dataclass
class Line:
    id: int
    day: dt.date
    item: str
    amount: int
    staff: int


@dataclass
class History:
    lines: list[Line] = field(default_factory=list)
    total: int = 0
    first: dt.date | None = None
    last: dt.date | None = None
    interval: float | None = None
    last_contact: str | None = None
    tier: str = "regular"  # kept up to date line by line, so crossings are tier changes
    lifecycle: str = "prospect"


def buying_days(w: World, joined: dt.date) -> list[dt.date]:
    """The days this customer came to buy, within the two-year window."""
    rng = w.rng
    pattern = rng.random()
    first = max(joined, w.start)
    if pattern < 0.06:  # prospect: on file, never bought
        return []
    if pattern < 0.26:  # one visit
        return [w.day_between(first, w.last_day)]
    cycle = min(240.0, max(14.0, rng.lognormvariate(math.log(50), 0.55)))
    day = first + dt.timedelta(days=rng.uniform(0, cycle)) if joined < w.start else first
    end = w.last_day
    if rng.random() < 0.22:  # stopped coming: declining or lost by now
        end = w.day_between(day, w.last_day - dt.timedelta(days=int(2 * cycle) + 1))
    days = []
    while day <= end:
        days.append(day)
        day += dt.timedelta(days=max(1, round(cycle * rng.uniform(0.55, 1.45))))
    return days or [first]


def _lines(w: World, cid: int, p: Person, day: dt.date, h: History) -> int:
    """Write one visit's purchase lines; returns what the visit cost."""
    rng, f = w.rng, p.fields
    locale = f["locale"]
    sizes = {"clothes": f.get("clothing_size"), "shoes": f.get("shoe_size"), "other": ""}
    spent = 0
    n = 1 if rng.random() < 0.72 else 2 if rng.random() < 0.8 else 3
    staff = p.owner.id if rng.random() < 0.65 else w.pick_staff().id
    at = w.stamp(day, p.region)
    for _ in range(n):
        item = goods.pick_item(rng, f["gender"], p.lavish)
        qty = 1 if rng.random() < 0.93 else 2
        amount = goods.price(rng, item, p.lavish) * qty
        size = sizes[item.kind]
        if size is None:  # size not on file: whatever they bought this time
            pool = goods.CLOTHING_SIZES if item.kind == "clothes" else goods.SHOE_SIZES
            size = rng.choice(pool[locale])
        style = f"{item.code}{day.year % 100}-{rng.randint(100, 999)}"
        name = item.names[locale]
        pid = w.new_id(Purchase)
        w.rows.add(Purchase, PURCHASE_COLS, (
            pid, cid, day.isoformat(), name, style, size, rng.choice(goods.COLOURS[locale]),
            qty, amount, staff, "", at,
        ))
        h.total += amount
        new = tier_for_spend(h.total)
        if new != h.tier:
            w.rows.add(TierChange, TIER_COLS, (cid, at, h.tier, new))
            h.tier = new
        h.lines.append(Line(pid, day, name, amount, staff))
        spent += amount
    return spent


def _contact(
    w: World, cid: int, p: Person, h: History, day: dt.date, channel: str, kind: str,
    outcome: str, staff: int | None = None,
) -> None:
    if day > w.last_day:
        return
    at = w.stamp(day, p.region, 9, 21)
    notes = texts.CONTACT_NOTES.get(kind, {}).get(p.fields["locale"], ("",))
    note = w.rng.choice(notes)
    w.rows.add(Contact, CONTACT_COLS, (cid, at, channel, kind, outcome, note, staff or p.owner.id))
    if h.last_contact is None or at > h.last_contact:
        h.last_contact = at


def _greeting_days(w: World, locale: str) -> list[dt.date]:
    cache = w.greeting_days
    if locale not in cache:
        found = festivals.festivals_between([_FESTIVAL_SET[locale]], w.start, w.today)
        cache[locale] = [d - dt.timedelta(days=1) for d, fest in found if fest.code in GREETED]
    return cache[locale]


def _call_outcome(w: World) -> str:
    r = w.rng.random()
    return "reached" if r < 0.65 else "no_answer" if r < 0.85 else "left_message" if r < 0.95 else "declined"


def _contacts(w: World, cid: int, p: Person, h: History, joined: dt.date) -> None:
    rng, f = w.rng, p.fields
    by_day: dict[dt.date, int] = {}
    for line in h.lines:
        by_day[line.day] = by_day.get(line.day, 0) + line.amount
    for day, spent in by_day.items():
        if rng.random() < 0.3:
            _contact(w, cid, p, h, day, "visit", "sale", "bought")
        if spent > CALLBACK_OVER and rng.random() < 0.85:
            _contact(w, cid, p, h, day + dt.timedelta(days=rng.randint(1, 7)), "call",
                     "callback", _call_outcome(w))
    if f.get("do_not_contact"):
        return
    messaging = "chat" if f.get("consent_chat") else "sms" if f.get("consent_sms") else None
    if messaging:
        keen = rng.random() < 0.35  # some owners greet every festival, some never do
        for day in _greeting_days(w, f["locale"]):
            if day >= joined and keen and rng.random() < 0.6:
                _contact(w, cid, p, h, day, messaging, "greeting", "sent")
    for _ in range(rng.choice((0, 0, 1, 1, 2, 3))):
        day = w.day_between(max(joined, w.start), w.last_day)
        if f.get("consent_call"):
            _contact(w, cid, p, h, day, "call", "care", _call_outcome(w))
        elif messaging:
            _contact(w, cid, p, h, day, messaging, "care", "sent")
    if h.tier in ("gold", "vip") and rng.random() < 0.6:
        _contact(w, cid, p, h, w.day_between(max(joined, w.start), w.last_day), "gift", "gift",
                 "delivered")


def make_history(w: World, cid: int, p: Person, joined: dt.date) -> History:
    h = History()
    days = buying_days(w, joined)
    for day in days:
        _lines(w, cid, p, day, h)
    if days:
        h.first, h.last = days[0], days[-1]
        if len(days) > 1:
            h.interval = (days[-1] - days[0]).days / (len(days) - 1)
    h.lifecycle = lifecycle_stage(len(h.lines), h.last, w.today, h.interval)
    _contacts(w, cid, p, h, joined)
    return h
