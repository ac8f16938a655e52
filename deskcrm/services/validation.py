"""Field checks for what a clerk types: each returns a message, or None when the text is fine.

The form shows the message under the field where it was typed, so every check
works on one field's raw text and says what is wrong in words a clerk reads.
Messages are translated here, with `_` from deskcrm.i18n (no Textual): every
service that returns field errors (customers, people, purchases) does the same,
so a screen shows them as they come.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass

from deskcrm.i18n import _
from deskcrm.services.lunar import validate_lunar

# Deliberately loose: one @, something on each side, a dot in the domain. The
# only real check of an address is a message arriving.
_EMAIL_RE = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s.]+$")
_TIME_RE = re.compile(r"^(\d{1,2})[:：](\d{2})$")
_AMOUNT_RE = re.compile(r"^\d+(\.\d{1,2})?$")
# Currency signs and grouping that people copy from receipts; they carry no value.
_AMOUNT_NOISE = " ,_'¥￥₩$€£元원"
_DATE_SPLIT_RE = re.compile(r"[-/.年月日\s]+")
MAX_AMOUNT = 10**13  # minor units; far above any shop's figure, below SQLite's integer range


def validate_email(text: str) -> str | None:
    text = text.strip()
    if text and not _EMAIL_RE.match(text):
        return _("Email needs the form name@example.com")
    return None


def parse_amount(text: str) -> tuple[int | None, str | None]:
    """'1,280.50' -> (128050, None); empty text is 0. Negative amounts are refused."""
    cleaned = unicodedata.normalize("NFKC", text)
    cleaned = "".join(ch for ch in cleaned if ch not in _AMOUNT_NOISE)
    if not cleaned:
        return 0, None
    if cleaned.startswith("-"):
        return None, _("Amount cannot be negative")
    if not _AMOUNT_RE.match(cleaned):
        return None, _("Amount needs digits, e.g. 1,280.50")
    whole, _dot, frac = cleaned.partition(".")
    value = int(whole) * 100 + int((frac + "00")[:2])
    if value >= MAX_AMOUNT:
        return None, _("Amount is too large")
    return value, None


def format_amount(minor: int) -> str:
    """128050 -> '1,280.50'; whole amounts lose the '.00' so lists stay short."""
    whole, frac = divmod(abs(minor), 100)
    sign = "-" if minor < 0 else ""
    return f"{sign}{whole:,}" + (f".{frac:02d}" if frac else "")


def parse_time(text: str) -> tuple[str, str | None]:
    """'9:30' -> ('09:30', None); empty means any time."""
    text = unicodedata.normalize("NFKC", text).strip()
    if not text:
        return "", None
    m = _TIME_RE.match(text)
    if not m or int(m.group(1)) > 23 or int(m.group(2)) > 59:
        return "", _("Time needs HH:MM, e.g. 18:30")
    return f"{int(m.group(1)):02d}:{m.group(2)}", None


@dataclass(frozen=True)
class Birthday:
    year: int | None
    month: int | None
    day: int | None


def parse_birthday(
    text: str, calendar: str, leap: bool, today: dt.date, past_only: bool = True
) -> tuple[Birthday, str | None]:
    """'1990-02-28', '02-29' or '2/29' (no year: many customers give none).

    `past_only=False` is for other dates of a file (a wedding next spring): the
    year may then lie up to ten years ahead and the day may be in the future.

    Solar with a year must be a real day (Feb 29 only in leap years); without a
    year Feb 29 is allowed and is greeted on Feb 28 in common years. Lunar dates
    are month 1-12 and day 1-30, leap month flagged separately.
    """
    empty = Birthday(None, None, None)
    text = unicodedata.normalize("NFKC", text).strip()
    if not text:
        return empty, None
    parts = [p for p in _DATE_SPLIT_RE.split(text) if p]
    if not all(p.isdigit() for p in parts) or len(parts) not in (2, 3):
        return empty, _("Date needs YYYY-MM-DD or MM-DD")
    nums = [int(p) for p in parts]
    year, month, day = (nums if len(nums) == 3 else [None, *nums])
    last_year = today.year if past_only else today.year + 10
    if year is not None and not 1900 <= year <= last_year:
        return empty, _("Year must be between 1900 and {year}").format(year=last_year)
    if calendar == "solar":
        if leap:
            return empty, _("Only a lunar date can be in a leap month")
        try:
            dt.date(year if year is not None else 2000, month, day)  # 2000 has a Feb 29
        except ValueError:
            if year is not None and (month, day) == (2, 29):
                return empty, _("{year} has no 29 February").format(year=year)
            return empty, _("No such day in the solar calendar")
        if past_only and year is not None and dt.date(year, month, day) > today:
            return empty, _("Birthday is in the future")
        return Birthday(year, month, day), None
    error = validate_lunar(month, day, leap)
    if error:
        return empty, _(error)
    return Birthday(year, month, day), None
