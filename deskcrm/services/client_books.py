"""Client books: each staff member's own customers (004 Ⅲ 专人专岗, one owner per customer).

A clerk sees her book as a list and narrows it by name or phone; a manager moves
customers between books in bulk — when a clerk leaves, her whole book goes to
another, with her open follow-ups, so nobody is left without an owner. Moves
are written in chunks of CHUNK customers per transaction and audited.
"""

from __future__ import annotations

from dataclasses import dataclass

from peewee import fn

from deskcrm.services import audit
from deskcrm.store.models import Customer, FollowUp, Staff, database
from deskcrm.store.search_keys import name_key

CHUNK = 500  # customers per write transaction
PAGE = 500


@dataclass(frozen=True)
class BookEntry:
    id: int
    name: str
    phone: str
    tier: str
    last_contact: str  # ISO date or ""
    total_spend: int
    sort_key: str


@dataclass(frozen=True)
class BookSize:
    staff_id: int | None  # None: customers nobody owns
    name: str
    active: bool
    customers: int


def sizes() -> list[BookSize]:
    """Every book and how many customers it holds, the unowned last."""
    counts = dict(Customer.select(Customer.owner, fn.COUNT(Customer.id)).group_by(Customer.owner).tuples())
    books = [BookSize(s.id, s.name, s.active, counts.get(s.id, 0))
             for s in Staff.select().order_by(Staff.name)]
    return [*books, BookSize(None, "", True, counts.get(None, 0))]


def book(staff_id: int | None, text: str = "", *, after: str = "", limit: int = PAGE) -> list[BookEntry]:
    """One staff member's customers by name (keyset pages after `after`), narrowed by name or phone."""
    owner = Customer.owner.is_null() if staff_id is None else Customer.owner == staff_id
    cond = owner & (Customer.sort_key > after)
    text = text.strip()
    if text:
        digits = "".join(ch for ch in text if ch.isdigit())
        match = Customer.name_key.contains(name_key(text)) | Customer.initials.startswith(text.lower())
        if digits and len(digits) == len(text):
            match = match | Customer.phone_tail.startswith(digits[::-1])
        cond &= match
    query = (Customer.select(Customer.id, Customer.name, Customer.phone, Customer.tier,
                             Customer.last_contact_at, Customer.total_spend, Customer.sort_key)
             .where(cond).order_by(Customer.sort_key, Customer.id).limit(min(limit, PAGE)).tuples())
    return [BookEntry(i, name, phone, tier, at.date().isoformat() if at else "", spend, key)
            for i, name, phone, tier, at, spend, key in query]


def reassign(to_staff: int | None, *, from_staff: int | None = None, customer_ids: list[int] | None = None,
             by: str = "") -> int:
    """Move customers to `to_staff`'s book: the given ids, or the whole book of `from_staff`.

    Open follow-ups assigned to the previous owner move with the customer. Returns how many moved.
    """
    if to_staff is not None and not Staff.select().where((Staff.id == to_staff) & (Staff.active == True)).exists():  # noqa: E712
        raise ValueError("Choose an active staff member to take the customers")
    if customer_ids is None:
        owner = Customer.owner.is_null() if from_staff is None else Customer.owner == from_staff
        customer_ids = [i for (i,) in Customer.select(Customer.id).where(owner).order_by(Customer.id).tuples()]
    moved = 0
    for start in range(0, len(customer_ids), CHUNK):
        part = customer_ids[start:start + CHUNK]
        with database.atomic():
            previous = {cid: owner for cid, owner in Customer.select(Customer.id, Customer.owner)
                        .where(Customer.id.in_(part)).tuples()}
            moved += Customer.update(owner=to_staff).where(Customer.id.in_(part)).execute()
            for old in {o for o in previous.values() if o is not None and o != to_staff}:
                mine = [cid for cid, o in previous.items() if o == old]
                FollowUp.update(assigned_to=to_staff).where(
                    FollowUp.customer.in_(mine) & (FollowUp.assigned_to == old)
                    & (FollowUp.status == "open")).execute()
            audit.record("reassign", "customer", None, by, to=to_staff, count=len(part),
                         first=part[0], last=part[-1])
    return moved
