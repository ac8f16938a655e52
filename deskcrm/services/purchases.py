"""Logging a sale (成交档案) and keeping the customer's totals, tier and lifecycle in step."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from peewee import JOIN, fn

from deskcrm.i18n import _
from deskcrm.services import audit, settings
from deskcrm.services.tiers import lifecycle_stage, tier_for_spend
from deskcrm.services.validation import parse_amount, parse_quantity, plain_text
from deskcrm.store.dialect import locked
from deskcrm.store.models import Customer, Purchase, Staff, TierChange, database
from deskcrm.store.prepared import Prepared


@dataclass(frozen=True)
class PurchaseInput:
    """The purchase form as typed; amount is text such as '1,280.50'."""

    purchased_on: dt.date
    item: str
    amount: str
    style_no: str = ""
    size: str = ""
    colour: str = ""
    quantity: str = "1"
    notes: str = ""


@dataclass(frozen=True)
class PurchaseInfo:
    id: int
    purchased_on: dt.date
    item: str
    style_no: str
    size: str
    colour: str
    quantity: int
    amount: int
    staff_name: str
    notes: str


@dataclass(frozen=True)
class PurchaseResult:
    purchase_id: int | None
    errors: dict[str, str]
    old_tier: str = ""
    new_tier: str = ""


def validate_purchase(data: PurchaseInput, today: dt.date) -> tuple[int, int, dict[str, str]]:
    errors: dict[str, str] = {}
    if not plain_text(data.item):
        errors["item"] = _("Item is required")
    amount, message = parse_amount(data.amount)
    if message:
        errors["amount"] = message
    quantity, message = parse_quantity(data.quantity)
    if message:
        errors["quantity"] = message
    if data.purchased_on > today:
        errors["purchased_on"] = _("Purchase date is in the future")
    return amount or 0, quantity, errors


def thresholds() -> dict[str, int] | None:
    value = settings.get("tiers.thresholds")
    return dict(value) if value else None


def recompute_standing(customer_id: int, today: dt.date, now: dt.datetime,
                       tier_thresholds: dict[str, int] | None | bool = False) -> tuple[str, str]:
    """Totals, tier and lifecycle from the purchase rows; writes a TierChange when the tier moves.

    Recomputed from the rows rather than incremented, so a merge or a
    correction can call it too and never drift. Callers hold the customer's row
    lock (`lock_customer`), so a concurrent sale's rows are counted, not lost.
    Pass `tier_thresholds` (read with `thresholds()` before the transaction) to keep
    the settings read out of the write lock.
    """
    total, count, first, last = (
        Purchase.select(
            fn.COALESCE(fn.SUM(Purchase.amount), 0), fn.COUNT(Purchase.id),
            fn.MIN(Purchase.purchased_on), fn.MAX(Purchase.purchased_on),
        )
        .where(Purchase.customer == customer_id)
        .tuples()
        .get()
    )
    first, last = _as_date(first), _as_date(last)
    old_tier = Customer.select(Customer.tier).where(Customer.id == customer_id).scalar()
    new_tier = tier_for_spend(total, thresholds() if tier_thresholds is False else tier_thresholds)
    interval = (last - first).days / (count - 1) if count > 1 and first and last else None
    # only the figures: an edit of the file committed meanwhile keeps its fields
    Customer.update(
        total_spend=total, purchase_count=count, first_purchase_on=first, last_purchase_on=last,
        tier=new_tier, lifecycle=lifecycle_stage(count, last, today, interval),
    ).where(Customer.id == customer_id).execute()
    if new_tier != old_tier:
        TierChange.create(customer=customer_id, at=now, old_tier=old_tier, new_tier=new_tier)
    return old_tier, new_tier


def lock_customer(customer_id: int) -> None:
    """Hold the customer's row until the transaction ends: totals are read, then written."""
    locked(Customer.select(Customer.id).where(Customer.id == customer_id)).execute()


def _as_date(value) -> dt.date | None:
    # SQLite hands aggregate results back as text
    if value is None or isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value)[:10])


def log_purchase(
    customer_id: int,
    data: PurchaseInput,
    *,
    today: dt.date,
    now: dt.datetime,
    staff_id: int | None = None,
) -> PurchaseResult:
    amount, quantity, errors = validate_purchase(data, today)
    if errors:
        return PurchaseResult(None, errors)
    with database.atomic():
        lock_customer(customer_id)
        row = Purchase.create(
            customer=customer_id, purchased_on=data.purchased_on, item=plain_text(data.item),
            style_no=plain_text(data.style_no), size=plain_text(data.size),
            colour=plain_text(data.colour), quantity=quantity, amount=amount, staff=staff_id,
            notes=plain_text(data.notes, lines=True), created_at=now,
        )
        old, new = recompute_standing(customer_id, today, now)
        staff = Staff.get_or_none(Staff.id == staff_id) if staff_id else None
        audit.record(
            "purchase", "customer", customer_id, staff.name if staff else "",
            purchase=row.id, amount=amount,
        )
    return PurchaseResult(row.id, {}, old, new)


_RECENT = Prepared(
    lambda customer_id, limit: (
        Purchase.select(Purchase, Staff.name.alias("staff_name"))
        .join(Staff, JOIN.LEFT_OUTER, on=(Purchase.staff == Staff.id))
        .where(Purchase.customer == customer_id)
        .order_by(Purchase.purchased_on.desc(), Purchase.id.desc())
        .limit(limit)
        .objects()
    ),
    int, int,
)


def recent_purchases(customer_id: int, limit: int = 20) -> list[PurchaseInfo]:
    return [
        PurchaseInfo(
            p.id, p.purchased_on, p.item, p.style_no, p.size, p.colour, p.quantity, p.amount,
            p.staff_name or "", p.notes,
        )
        for p in _RECENT.rows(customer_id, limit)
    ]
