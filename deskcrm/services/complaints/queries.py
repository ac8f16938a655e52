"""What the complaint screens and the CLI read: the list (keyset pages), the
customer's summary beside the wizard, and the customer picker's look-up."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from peewee import JOIN, Case, fn

from deskcrm.services import shops
from deskcrm.store.models import Complaint, Customer, FollowUp, Purchase, Staff
from deskcrm.store.search_keys import (
    is_choseong_query,
    looks_like_phone_query,
    name_key,
    phone_digits,
)

PAGE_MAX = 500


@dataclass(frozen=True)
class ComplaintFilter:
    step: int | None = None
    category: str | None = None
    staff_id: int | None = None
    overdue_only: bool = False
    open_only: bool = False


@dataclass(frozen=True)
class ComplaintRow:
    id: int
    customer_id: int
    customer_name: str
    opened_at: dt.datetime
    step: int
    round: int
    category: str
    promised_on: dt.date | None
    promise_overdue: bool
    status: str
    staff_name: str
    satisfaction: int | None
    followup_satisfaction: int | None

    @property
    def cursor(self) -> tuple[int, dt.datetime, int]:
        return (0 if self.status == "open" else 1, self.opened_at, self.id)


def _overdue_ids(today: dt.date):
    """Complaints with an open promise reminder past its day (overdue is derived, not stored)."""
    return FollowUp.select(FollowUp.complaint).where(
        (FollowUp.kind == "complaint_promise") & (FollowUp.status == "open")
        & (FollowUp.due_on < today))


def list_complaints(
    filt: ComplaintFilter,
    today: dt.date,
    after: tuple[int, dt.datetime, int] | None = None,
    limit: int = 200,
) -> list[ComplaintRow]:
    """Open ones first, newest first within each; `after` is the last row's cursor."""
    closed_flag = Case(None, [(Complaint.status == "open", 0)], 1)
    query = (Complaint.select(Complaint, Customer.name.alias("customer_name"),
                              Staff.name.alias("staff_name"), closed_flag.alias("closed_flag"))
             .join(Customer, on=(Complaint.customer == Customer.id))
             .switch(Complaint)
             .join(Staff, JOIN.LEFT_OUTER, on=(Complaint.opened_by == Staff.id)))
    query = shops.scope(query, Complaint.shop)  # the desk works its own shop's complaints
    if filt.step is not None:
        query = query.where((Complaint.step == filt.step) & (Complaint.status == "open"))
    if filt.category:
        query = query.where(Complaint.category == filt.category)
    if filt.staff_id is not None:
        query = query.where(Complaint.opened_by == filt.staff_id)
    if filt.open_only:
        query = query.where(Complaint.status == "open")
    if filt.overdue_only:
        query = query.where(Complaint.id.in_(_overdue_ids(today)))
    if after is not None:
        flag, opened_at, last_id = after
        query = query.where(
            (closed_flag > flag)
            | ((closed_flag == flag) & ((Complaint.opened_at < opened_at)
                                        | ((Complaint.opened_at == opened_at)
                                           & (Complaint.id < last_id)))))
    query = query.order_by(closed_flag, Complaint.opened_at.desc(), Complaint.id.desc())
    rows = list(query.limit(min(limit, PAGE_MAX)).objects())
    overdue = {r.complaint_id for r in _overdue_ids(today).where(
        FollowUp.complaint.in_([c.id for c in rows]))} if rows else set()
    return [
        ComplaintRow(c.id, c.customer_id, c.customer_name, c.opened_at, c.step, c.round,
                     c.category, c.promised_on, c.id in overdue, c.status,
                     c.staff_name or "", c.satisfaction,
                     c.followup_satisfaction)
        for c in rows
    ]


# --- the customer beside the wizard -------------------------------------------------


@dataclass(frozen=True)
class PastComplaint:
    id: int
    opened_on: dt.date
    category: str
    status: str
    satisfaction: int | None


@dataclass(frozen=True)
class RecentPurchase:
    purchased_on: dt.date
    item: str
    amount: int


@dataclass(frozen=True)
class CustomerSummary:
    id: int
    name: str
    phone: str
    tier: str
    lifecycle: str
    total_spend: int
    purchase_count: int
    complaints: tuple[PastComplaint, ...]  # newest first, at most 5
    complaint_count: int
    purchases: tuple[RecentPurchase, ...]  # newest first, at most 3


def customer_summary(customer_id: int, exclude_complaint: int | None = None) -> CustomerSummary:
    c = Customer.get_by_id(customer_id)
    past = Complaint.select().where(Complaint.customer == customer_id)
    if exclude_complaint is not None:
        past = past.where(Complaint.id != exclude_complaint)
    complaints = tuple(
        PastComplaint(p.id, p.opened_at.date(), p.category, p.status, p.satisfaction)
        for p in past.order_by(Complaint.opened_at.desc()).limit(5)
    )
    purchases = tuple(
        RecentPurchase(p.purchased_on, p.item, p.amount)
        for p in Purchase.select().where(Purchase.customer == customer_id)
        .order_by(Purchase.purchased_on.desc(), Purchase.id.desc()).limit(3)
    )
    return CustomerSummary(c.id, c.name, c.phone, c.tier, c.lifecycle, c.total_spend,
                           c.purchase_count, complaints, past.count(), purchases)


# --- the picker ---------------------------------------------------------------------


@dataclass(frozen=True)
class CustomerHit:
    id: int
    name: str
    phone: str
    tier: str


def find_customers(text: str, limit: int = 20) -> list[CustomerHit]:
    """Name, phone tail, pinyin initials or Hangul initials: prefix/LIKE on the stored keys.

    One small function on purpose: the customer file's search service replaces it later.
    """
    text = text.strip()
    if not text:
        return []
    if looks_like_phone_query(text):
        digits = phone_digits(text)
        where = Customer.phone_tail.startswith(digits[::-1]) | Customer.phone_digits.startswith(digits)
    elif is_choseong_query(text):
        # compatibility jamo as keyboards type them; NFKC would turn them into conjoining ones
        where = Customer.choseong.startswith("".join(text.split()))
    else:
        key = name_key(text)
        where = (Customer.name_key.contains(key) | Customer.initials.startswith(key)
                 | Customer.initials.contains(" " + key) | Customer.pinyin.contains(key))
    query = Customer.select(Customer.id, Customer.name, Customer.phone, Customer.tier).where(where)
    return [CustomerHit(c.id, c.name, c.phone, c.tier)
            for c in query.order_by(Customer.sort_key, Customer.id).limit(limit)]


def staff_with_complaints() -> list[tuple[int, str]]:
    """Staff who opened complaints, for the list's filter."""
    query = (Staff.select(Staff.id, Staff.name).join(Complaint, on=(Complaint.opened_by == Staff.id))
             .where(shops.here(Complaint.shop)).group_by(Staff.id).order_by(fn.lower(Staff.name)))
    return [(s.id, s.name) for s in query]
