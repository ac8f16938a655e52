"""Amounts in follow-up reasons, in the shop's own currency: ¥2,000 · ₩200,000 · NT$1,500 · HK$880.50."""

from __future__ import annotations

from deskcrm.services.complaints.steps import format_money

SYMBOLS = {"CNY": "¥", "KRW": "₩", "TWD": "NT$", "HKD": "HK$", "MOP": "MOP$", "JPY": "¥",
           "SGD": "S$", "USD": "$", "EUR": "€", "GBP": "£"}


def money(minor: int, currency: str) -> str:
    """Integer minor units → what a clerk reads aloud; whole amounts drop their '.00'.

    Minor units follow the complaint service (format_money): KRW, JPY and TWD have none.
    """
    code = (currency or "CNY").upper()
    text = format_money(minor, code)
    if text.endswith(".00"):
        text = text[:-3]
    symbol = SYMBOLS.get(code)
    return f"{symbol}{text}" if symbol else f"{text} {code}"
