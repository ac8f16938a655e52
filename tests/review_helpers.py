"""Hand-built rows for the review tests: small, so every right answer is known."""

from __future__ import annotations

import datetime as dt

from deskcrm.store.models import Complaint, Customer, FollowUp, Purchase, Staff

WEEK = dt.date(2026, 3, 2)  # a Monday; the week runs to Sunday 8 March
TODAY = dt.date(2026, 3, 11)  # Wednesday of the week after


def at(day: dt.date, hour: int = 10) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour))


def day(offset: int) -> dt.date:
    """A day counted from the review week's Monday."""
    return WEEK + dt.timedelta(days=offset)


def people() -> tuple[Staff, Staff]:
    return Staff.create(name="Amy", role="manager"), Staff.create(name="Bo", role="desk")


def customer(name: str = "Lee", **fields) -> Customer:
    fields.setdefault("created_at", at(day(-60)))
    fields.setdefault("last_contact_at", at(TODAY - dt.timedelta(days=1)))
    return Customer.create(name=name, **fields)


def followup(cust: Customer, due: dt.date, status: str = "open", done: dt.datetime | None = None,
             **fields) -> FollowUp:
    return FollowUp.create(customer=cust, kind=fields.pop("kind", "manual"), due_on=due,
                           status=status, done_at=done, **fields)


def complaint(cust: Customer, opened: dt.datetime, closed: dt.datetime | None = None,
              **fields) -> Complaint:
    return Complaint.create(customer=cust, opened_at=opened, closed_at=closed,
                            status="closed" if closed else "open", **fields)


def buy(cust: Customer, on: dt.date, amount: int) -> Purchase:
    return Purchase.create(customer=cust, purchased_on=on, item="coat", amount=amount)
