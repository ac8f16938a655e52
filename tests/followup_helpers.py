"""Building customers for follow-up tests: real rows through services.derived.refresh."""

from __future__ import annotations

import datetime as dt

from deskcrm.services.derived import refresh
from deskcrm.store.models import Customer, Purchase

LONG_AGO = dt.datetime(2020, 1, 1, 9)


def customer(name: str = "王小明", *, consent: bool = True, created_at: dt.datetime = LONG_AGO,
             **fields) -> Customer:
    c = Customer(name=name, phone=fields.pop("phone", "13800138000"), created_at=created_at,
                 consent_sms=consent, consent_sms_at=created_at if consent else None, **fields)
    refresh(c).save()
    return c


def buy(c: Customer, day: dt.date, amount: int, item: str = "羊毛大衣") -> Purchase:
    """A purchase, keeping the denormalised totals as the purchases service does."""
    p = Purchase.create(customer=c, purchased_on=day, item=item, amount=amount,
                        created_at=dt.datetime.combine(day, dt.time(10)))
    c = Customer.get_by_id(c.id)
    c.total_spend += amount
    c.purchase_count += 1
    c.first_purchase_on = min(filter(None, [c.first_purchase_on, day]))
    c.last_purchase_on = max(filter(None, [c.last_purchase_on, day]))
    c.save()
    return p
