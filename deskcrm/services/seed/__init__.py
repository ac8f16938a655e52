"""Realistic, reproducible demo data: `seed_database(customers=N, seed=S, today=D)`.

The same seed and day give the same rows (one `random.Random(seed)`, every
timestamp derived from `today`, never the clock). Rows are numbered here and
written per chunk of customers in one transaction each, through prepared
statements (see `bulk`), so 100 000 customers with two years of history take
about a minute.
"""

from __future__ import annotations

import datetime as dt
import random
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass

from peewee import DateField, DateTimeField

from deskcrm.services import settings
from deskcrm.services.completeness import completeness
from deskcrm.services.derived import refresh
from deskcrm.services.seed import facts, names
from deskcrm.services.seed.bulk import bulk_mode, db_value, next_id
from deskcrm.services.seed.family import make_family
from deskcrm.services.seed.grievances import make_complaint
from deskcrm.services.seed.history import make_history
from deskcrm.services.seed.people import make_person
from deskcrm.services.seed.world import Seller, World
from deskcrm.store.models import (
    Complaint,
    ComplaintStep,
    Contact,
    Customer,
    CustomerTag,
    FollowUp,
    ImportantDate,
    Purchase,
    RelatedPerson,
    Setting,
    Shop,
    Staff,
    Tag,
    TierChange,
    database,
)
from deskcrm.store.search_keys import name_key

__all__ = ["SeedSummary", "seed_database"]

DEMO_SHOP_NAME = "林家衣舍"
# customers per transaction and per progress step: the write lock is held only while a
# chunk's rows are inserted (issue 9: background work holds it <= 250 ms)
CHUNK = 500
COMPLAINT_SHARE = 0.02
REFERRAL_SHARE = 0.10
# parents before children, so foreign keys hold row by row
WRITE_ORDER = (
    Customer, RelatedPerson, ImportantDate, CustomerTag, Purchase, TierChange, Contact,
    Complaint, ComplaintStep, FollowUp,
)  # fmt: skip
CUSTOMER_COLS = tuple(f.name for f in Customer._meta.sorted_fields)
# only these need converting to stored text; the rest are stored as they are
_CUSTOMER_DATES = frozenset(
    f.name for f in Customer._meta.sorted_fields if isinstance(f, DateField | DateTimeField)
)


@dataclass(frozen=True)
class SeedSummary:
    staff: int
    customers: int
    purchases: int
    contacts: int
    tags: int
    customer_tags: int
    related_people: int
    important_dates: int
    complaints: int
    complaint_steps: int
    followups: int
    tier_changes: int


def _staff(rng: random.Random, today: dt.date) -> list[Seller]:
    existing = list(Staff.select().where(Staff.active == True).order_by(Staff.id))  # noqa: E712
    if existing:
        return [Seller(s.id, s.name, s.role, rng.uniform(0.35, 0.95)) for s in existing]
    count = rng.randint(5, 8)
    managers = rng.randint(1, 2)
    hired = dt.datetime.combine(today - dt.timedelta(days=1100), dt.time(2, 0))
    # the demo shop opened when its first staff were hired (not when the file was made)
    Shop.update(created_at=hired).where(Shop.id == 1).execute()
    out = []
    for i, (name, _) in enumerate(names.STAFF[:count]):
        role = "manager" if i < managers else "desk"
        row = Staff.create(name=name, role=role, created_at=hired)
        out.append(Seller(row.id, name, role, rng.uniform(0.35, 0.95)))
    return out


def _tags() -> dict[str, int]:
    ids = {}
    for name in (*facts.TAGS, *facts.TRADE_TAGS.values()):
        tag, _ = Tag.get_or_create(name=name, defaults={"name_key": name_key(name)})
        ids[name] = tag.id
    return ids


def _tag_names(w: World, locale: str, trade: bool, tier: str, old_hand: bool) -> list[str]:
    rng = w.rng
    pool = [t for t, locales in facts.TAGS.items() if locale in locales]
    chosen = set(rng.sample(pool, k=min(len(pool), rng.choice((0, 0, 1, 1, 2)))))
    if trade:
        chosen.add(facts.TRADE_TAGS[locale])
    if old_hand and locale == "zh_Hans" and rng.random() < 0.5:
        chosen.add("老客户")
    if tier in ("gold", "vip") and locale == "ko" and rng.random() < 0.6:
        chosen.add("VIP모임")
    return sorted(chosen)


def _customer(w: World) -> tuple[int, bool]:
    rng = w.rng
    cid = w.new_id(Customer)
    old_hand = rng.random() < 0.5  # on file from before the two-year window
    if old_hand:
        joined = w.start - dt.timedelta(days=rng.randint(1, 1500))
    else:
        joined = w.day_between(w.start, w.last_day)
    p = make_person(w, joined)
    h = make_history(w, cid, p, joined)
    f = p.fields
    if cid > w.first_customer_id and rng.random() < REFERRAL_SHARE:
        f["referred_by"] = rng.randint(w.first_customer_id, cid - 1)
        f["source"] = "referral"
    else:
        f["source"] = rng.choices(("walk-in", "online", "event", "import"), (60, 15, 10, 5))[0]
    related, dates = make_family(w, cid, p)
    tags = _tag_names(w, f["locale"], p.trade, h.tier, old_hand)
    for tag in tags:
        w.rows.add(CustomerTag, ("customer", "tag"), (cid, w.tag_ids[tag]))
    complained = bool(h.lines) and rng.random() < COMPLAINT_SHARE
    if complained:
        make_complaint(w, cid, p, h)
    f.update(
        total_spend=h.total, purchase_count=len(h.lines), first_purchase_on=h.first,
        last_purchase_on=h.last, last_contact_at=h.last_contact, tier=h.tier,
        lifecycle=h.lifecycle, created_by=p.owner.id,
        updated_at=max(f["created_at"], h.last_contact or ""),
    )
    customer = Customer(**f)
    refresh(customer, tags)
    # refresh counts related people and dates by query; these are not written yet
    customer.completeness = completeness(
        {**customer.__data__, "related_count": related, "dates_count": dates}
    )
    data = customer.__data__
    data["id"] = cid
    for name in _CUSTOMER_DATES:
        data[name] = db_value(data.get(name))
    w.rows.add(Customer, CUSTOMER_COLS, [data.get(c) for c in CUSTOMER_COLS])
    return cid, complained


def seed_database(
    *,
    customers: int,
    seed: int,
    today: dt.date,
    progress: Callable[[int, int], None] | None = None,
) -> SeedSummary:
    """Fill the open database with `customers` demo customers and their history."""
    if customers < 0:
        raise ValueError("customers must be 0 or more")
    rng = random.Random(seed)
    counts: Counter[type] = Counter()
    with bulk_mode([m._meta.table_name for m in WRITE_ORDER]):
        with database.atomic():
            if Setting.get_or_none(Setting.key == "shop.name") is None:
                # the demo shop signs its messages with a name, as a real one would
                settings.put("shop.name", DEMO_SHOP_NAME)
            staff = _staff(rng, today)
            tag_ids = _tags()
        w = World(rng, today, staff, tag_ids)
        w.first_customer_id = next_id(Customer)
        done = 0
        if progress:
            progress(0, customers)
        while done < customers:
            n = min(CHUNK, customers - done)
            for _ in range(n):  # rows are made in memory, outside the write lock
                _customer(w)
            for model in WRITE_ORDER:
                counts[model] += w.rows.count(model)
            with database.atomic():
                w.rows.flush(WRITE_ORDER)
            done += n
            if progress:
                progress(done, customers)
    return SeedSummary(
        staff=len(staff), customers=counts[Customer], purchases=counts[Purchase],
        contacts=counts[Contact], tags=len(tag_ids), customer_tags=counts[CustomerTag],
        related_people=counts[RelatedPerson], important_dates=counts[ImportantDate],
        complaints=counts[Complaint], complaint_steps=counts[ComplaintStep],
        followups=counts[FollowUp], tier_changes=counts[TierChange],
    )
