"""Building customers through the real services, for the customer-file tests."""

from __future__ import annotations

import datetime as dt

from deskcrm.services.customers import CustomerInput, save_customer

TODAY = dt.date(2025, 6, 1)
NOW = dt.datetime(2025, 6, 1, 3, 0)


def file_customer(name: str, phone: str = "", **fields) -> int:
    result = save_customer(CustomerInput(name=name, phone=phone, **fields), now=NOW, today=TODAY)
    assert result.ok, result.errors
    return result.customer_id
