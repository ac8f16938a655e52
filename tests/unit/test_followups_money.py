"""Money in follow-up reasons carries the shop's currency."""

import datetime as dt

import pytest

from deskcrm.services import settings
from deskcrm.services.followups import generate, reasons
from deskcrm.services.followups.money import money
from deskcrm.store.models import FollowUp
from tests.followup_helpers import buy, customer


@pytest.mark.parametrize(("minor", "currency", "text"), [
    (200_000, "CNY", "¥2,000"),
    (88_050, "HKD", "HK$880.50"),
    (200_000, "KRW", "₩200,000"),  # no minor units
    (1_500, "TWD", "NT$1,500"),
    (199, "cny", "¥1.99"),
    (12_345, "CHF", "123.45 CHF"),  # unknown symbol: the code after the amount
    (0, "", "¥0"),
])
def test_money(minor, currency, text):
    assert money(minor, currency) == text


@pytest.mark.parametrize(("currency", "amount", "shown"), [("CNY", 300_000, "¥3,000"),
                                                          ("KRW", 3_000_000, "₩3,000,000")])
def test_post_purchase_reason_uses_the_shop_currency(db, currency, amount, shown):
    settings.put("shop.currency", currency)
    settings.put("followups.post_purchase_threshold", 200_000)
    c = customer(created_at=dt.datetime(2027, 1, 1))
    buy(c, dt.date(2027, 3, 1), amount)
    generate(dt.date(2027, 3, 1), dt.date(2027, 3, 31), dt.date(2027, 3, 1), dt.datetime(2027, 3, 1, 9))
    reason = reasons.of(FollowUp.get(FollowUp.kind == "post_purchase"))
    assert f"({shown})" in reason and ".00" not in reason
