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
_EMAIL_RE = re.compile(r"^[^@\s\x00-\x1f\x7f]+@[^@\s\x00-\x1f\x7f]+\.[^@\s.\x00-\x1f\x7f]+$")
# [0-9], never \d: \d and str.isdigit() also accept Ethiopic ፩ or superscript ²,
# which int() then refuses. Other scripts' decimal digits are folded first.
_TIME_RE = re.compile(r"^([0-9]{1,2})[:：]([0-9]{2})$")
# at most 13 whole digits: MAX_AMOUNT is checked after, and int() never sees 5 000 digits
_AMOUNT_RE = re.compile(r"^([0-9]{1,13})(?:\.([0-9]+))?$")
_QUANTITY_MAX = 99_999
# Currency signs and grouping that people copy from receipts; they carry no value.
_AMOUNT_NOISE = " ,_'¥￥₩$€£元원"
_DATE_SPLIT_RE = re.compile(r"[-/.年月日\s]+")
MAX_AMOUNT = 10**13  # minor units; far above any shop's figure, below SQLite's integer range


def fold_digits(text: str) -> str:
    """NFKC, then every script's decimal digits (٣, ３, ߃) as ASCII; other text unchanged.

    Parsers then accept only [0-9], so a character that merely looks like a digit
    (፩, ²) is a field error, not an exception from int().
    """
    text = unicodedata.normalize("NFKC", text)
    return "".join(str(unicodedata.decimal(ch)) if ch.isdecimal() else ch for ch in text)


def plain_text(text: str, *, lines: bool = False) -> str:
    """Text fit to store and show: no control characters (NUL, ESC) or lone surrogates.

    A NUL ends an FTS5 query mid-string and an ESC drives the terminal; a lone
    surrogate cannot even be encoded for SQLite. Notes keep their line breaks and tabs.
    """
    keep = "\n\t" if lines else ""
    return "".join(
        ch for ch in text
        if ch in keep or unicodedata.category(ch) not in ("Cc", "Cs")
    ).strip()


def validate_email(text: str) -> str | None:
    text = text.strip()
    if text and not _EMAIL_RE.match(text):
        return _("Email needs the form name@example.com")
    return None


def parse_amount(text: str, decimals: int = 2) -> tuple[int | None, str | None]:
    """'1,280.50' -> (128050, None); empty text is 0. Negative amounts are refused.

    `decimals` is the currency's minor digits (0 for KRW: '5000' -> 5000). No
    exponent, NaN or Infinity: what a clerk types is plain digits.
    """
    cleaned = "".join(ch for ch in fold_digits(text) if ch not in _AMOUNT_NOISE)
    if not cleaned:
        return 0, None
    if cleaned.startswith("-"):
        return None, _("Amount cannot be negative")
    match = _AMOUNT_RE.match(cleaned)
    if not match:
        if re.fullmatch(r"[0-9]+(\.[0-9]*)?", cleaned):
            return None, _("Amount is too large")
        return None, _("Amount needs digits, e.g. 1,280.50")
    whole, frac = match[1], (match[2] or "").rstrip("0")
    if len(frac) > decimals:
        return None, _("Too many decimal places")
    value = int(whole) * 10**decimals + int((frac + "0" * decimals)[:decimals] or 0)
    if value >= MAX_AMOUNT:
        return None, _("Amount is too large")
    return value, None


def parse_quantity(text: str) -> tuple[int, str | None]:
    """'2' -> (2, None); empty means 1. A whole number from 1 to 99 999."""
    cleaned = fold_digits(text).strip() or "1"
    if not re.fullmatch(r"[0-9]{1,5}", cleaned) or not 1 <= int(cleaned) <= _QUANTITY_MAX:
        return 0, _("Quantity must be a whole number of at least 1")
    return int(cleaned), None


def format_amount(minor: int) -> str:
    """128050 -> '1,280.50'; whole amounts lose the '.00' so lists stay short."""
    whole, frac = divmod(abs(minor), 100)
    sign = "-" if minor < 0 else ""
    return f"{sign}{whole:,}" + (f".{frac:02d}" if frac else "")


def parse_time(text: str) -> tuple[str, str | None]:
    """'9:30' -> ('09:30', None); empty means any time."""
    text = fold_digits(text).strip()
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
    text = fold_digits(text).strip()
    if not text:
        return empty, None
    parts = [p for p in _DATE_SPLIT_RE.split(text) if p]
    # a 4-digit year, 2-digit month and day: anything longer is not a date, and
    # would overflow dt.date's C integers ('99999999999-1')
    widths = (4, 2, 2) if len(parts) == 3 else (2, 2)
    if len(parts) not in (2, 3) or not all(
        re.fullmatch(f"[0-9]{{1,{w}}}", p) for p, w in zip(parts, widths, strict=False)
    ):
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
