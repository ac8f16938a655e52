"""Which customer field a spreadsheet column holds, and how its cells are read.

Shops keep customers in Excel sheets written in Chinese, Korean or English, so
each importable field has header synonyms in all three. Cell parsers return
(value, None) or (None, reason); the reason is shown to the user next to the
line and column, so it is plain words.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
import unicodedata
from dataclasses import dataclass

from deskcrm.i18n import N_, _
from deskcrm.services.io.columns import header_key

# Field order is also the column order of a customer CSV export, so an export
# imports back without any mapping.
TEXT_FIELDS: tuple[str, ...] = (
    "form_of_address", "age_band", "email", "address", "city", "district", "locale",
    "clothing_size", "shoe_size", "occupation", "family", "personality", "shopping_habits",
    "style_preferences", "hobbies", "service_preference", "promotion_attitude", "values",
    "best_contact_time", "notes",
)
IMPORT_FIELDS: tuple[str, ...] = (
    "name",
    "family_name",
    "given_name",
    "middle_name",
    "phone",
    "phone2",
    "gender",
    "birthday",
    "lunar_birthday",
    "birth_calendar",
    "birth_leap",
    *TEXT_FIELDS,
    "address_part",
    "tags",
    "credit_limit",
    "balance",
    "consent_call", "consent_call_at", "consent_sms", "consent_sms_at", "consent_email",
    "consent_email_at", "consent_chat", "consent_chat_at", "do_not_contact",
    "related",
    "spouse",
    "children",
)

CONSENT_FIELDS: tuple[str, ...] = (
    "consent_call", "consent_call_at", "consent_sms", "consent_sms_at", "consent_email",
    "consent_email_at", "consent_chat", "consent_chat_at", "do_not_contact",
)
# Targets a column can be mapped to besides the fields: parts of other fields.
PART_FIELDS: tuple[str, ...] = (
    "middle_name", "lunar_birthday", "address_part", "related", "spouse", "children",
)


_LABELS = {
    "middle_name": N_("Middle name"), "lunar_birthday": N_("Lunar birthday"),
    "address_part": N_("Address (more)"), "related": N_("Related people"), "spouse": N_("Spouse"),
    "children": N_("Children"), "consent_call": N_("Consent to calls"),
    "consent_call_at": N_("Consent to calls given"), "consent_sms": N_("Consent to SMS"),
    "consent_sms_at": N_("Consent to SMS given"), "consent_email": N_("Consent to e-mail"),
    "consent_email_at": N_("Consent to e-mail given"), "consent_chat": N_("Consent to chat"),
    "consent_chat_at": N_("Consent to chat given"), "do_not_contact": N_("Do not contact"),
}


def field_label(field: str) -> str:
    return _(_LABELS.get(field) or field.replace("_", " ").capitalize())


# --- cell parsers ------------------------------------------------------------


@dataclass(frozen=True)
class Birthday:
    year: int | None
    month: int
    day: int


MONTH_FIRST, DAY_FIRST = "MDY", "DMY"
# the year is found by its four digits (or by its place in YYMMDD and YY-MM-DD)
_YMD = re.compile(r"^(?P<y>\d{4})[-/.](?P<m>\d{1,2})[-/.](?P<d>\d{1,2})$")
_YMD_COMPACT = re.compile(r"^(?P<y>\d{4})(?P<m>\d{2})(?P<d>\d{2})$")
_YYMMDD = re.compile(r"^(?P<y>\d{2})(?P<m>\d{2})(?P<d>\d{2})$")  # Korean ID-card style: 901225
_YY_MM_DD = re.compile(r"^(?P<y>\d{2})-(?P<m>\d{1,2})-(?P<d>\d{1,2})$")  # 85-07-04
_CJK = re.compile(r"^(?:(?P<y>\d{2,4})\s*[年년]\s*)?(?P<m>\d{1,2})\s*[月월]\s*(?P<d>\d{1,2})\s*[日일号號]?$")
_NO_YEAR = (re.compile(r"^-{0,2}(?P<m>\d{1,2})[-/.](?P<d>\d{1,2})$"), re.compile(r"^--(?P<m>\d{2})(?P<d>\d{2})$"))
# 3/5/1985 (US) or 5/3/1985 (most of the world), 3/5/85
_SLASHED = re.compile(r"^(?P<a>\d{1,2})[/.](?P<b>\d{1,2})[/.](?P<y>\d{2}|\d{4})$")
_SERIAL = re.compile(r"^\d{5}$")  # Excel's day number, when a date column was saved as General
_EXCEL_EPOCH = dt.date(1899, 12, 30)
_DAYS_IN_MONTH = (31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)
# iOS and some Android phones write 1604 for "no year" (vCard 3 has no year-less date)
NO_YEAR_MARKERS = (1604, 1900)
EARLIEST_YEAR = 1900


def _strip_time(value: str) -> str:
    # "1985-07-04 00:00:00", "19850704T000000Z": the time part carries nothing
    for sep in (" ", "T"):
        head, found, tail = value.partition(sep)
        if found and head and re.match(r"^[\d:.Z+-]*$", tail):
            return head
    return value


@functools.lru_cache(maxsize=4096)
def is_placeholder_date(text: str) -> bool:
    """Outlook's '0/0/00', '00/0/0' and friends: an empty date, written as zeros."""
    digits = re.sub(r"[^0-9]", "", text)
    return bool(digits) and set(digits) == {"0"}


def date_order_of(values: list[str]) -> str | None:
    """MDY or DMY if some slashed date in the column decides it (a part over 12), else None."""
    for value in values:
        match = _SLASHED.match(unicodedata.normalize("NFKC", value).strip())
        if match:
            if int(match["a"]) > 12 >= int(match["b"]):
                return DAY_FIRST
            if int(match["b"]) > 12 >= int(match["a"]):
                return MONTH_FIRST
    return None


def has_ambiguous_dates(values: list[str]) -> bool:
    """Does any date in the column read differently day-first and month-first?"""
    for value in values:
        match = _SLASHED.match(unicodedata.normalize("NFKC", value).strip())
        if match and int(match["a"]) <= 12 and int(match["b"]) <= 12 and match["a"] != match["b"]:
            return True
    return False


def _full_year(two: int, max_year: int) -> int:
    # 2-digit years: the latest century that does not put the birth in the future
    year = (max_year // 100) * 100 + two
    return year if year <= max_year else year - 100


def _read_date(value: str, order: str, max_year: int) -> tuple[int | None, int, int] | None:
    for pattern in (_YMD, _YMD_COMPACT, _CJK):
        match = pattern.match(value)
        if match:
            y = match["y"]
            year = None if not y else int(y) if len(y) == 4 else _full_year(int(y), max_year)
            return year, int(match["m"]), int(match["d"])
    for pattern in (_YYMMDD, _YY_MM_DD):
        match = pattern.match(value)
        if match:
            return _full_year(int(match["y"]), max_year), int(match["m"]), int(match["d"])
    match = _SLASHED.match(value)
    if match:
        y = match["y"]
        year = int(y) if len(y) == 4 else _full_year(int(y), max_year)
        a, b = int(match["a"]), int(match["b"])
        month, day = (b, a) if order == DAY_FIRST else (a, b)
        return year, month, day
    for pattern in _NO_YEAR:
        match = pattern.match(value)
        if match:
            return None, int(match["m"]), int(match["d"])
    if _SERIAL.match(value):
        day = _EXCEL_EPOCH + dt.timedelta(days=int(value))
        return day.year, day.month, day.day
    return None


# a file's birthdays repeat (a shop's --MM-DD, the same generation's years): the
# good ones are kept by their text; a refusal is worded anew, in the language of the moment
_GOOD_BIRTHDAYS: dict[tuple[str, int, str, bool], Birthday] = {}
_GOOD_BIRTHDAYS_MAX = 65536


def parse_birthday(text: str, max_year: int, *, order: str = MONTH_FIRST,
                   lunar: bool = False) -> tuple[Birthday | None, str | None]:
    """See `_parse_birthday`; the same answer, a parsed date once per distinct text."""
    key = (text, max_year, order, lunar)
    found = _GOOD_BIRTHDAYS.get(key)
    if found is not None:
        return found, None
    bday, problem = _parse_birthday(text, max_year, order=order, lunar=lunar)
    if bday is not None and problem is None:
        if len(_GOOD_BIRTHDAYS) >= _GOOD_BIRTHDAYS_MAX:
            _GOOD_BIRTHDAYS.clear()
        _GOOD_BIRTHDAYS[key] = bday
    return bday, problem


def _parse_birthday(text: str, max_year: int, *, order: str = MONTH_FIRST,
                    lunar: bool = False) -> tuple[Birthday | None, str | None]:
    """A birthday as people write it; year optional; `lunar` checks it by the lunar calendar.

    YYYY-MM-DD, YYYY/M/D, YYYYMMDD, 1990年3月5日, 3월 5일, --MM-DD, MM-DD, M/D/YYYY or
    D/M/YYYY (by `order`), 2-digit years, YYMMDD, Excel day numbers. A lunar month has
    up to 30 days and no 29 February rule.
    """
    value = _strip_time(unicodedata.normalize("NFKC", text).strip())
    read = _read_date(value, order, max_year)
    if read is None:
        return None, _("not a date (use YYYY-MM-DD, or MM-DD without the year)")
    year, month, day = read
    if year in NO_YEAR_MARKERS[:1]:
        year = None
    if lunar:
        if not 1 <= month <= 12 or not 1 <= day <= 30:
            return None, _("no such lunar day: {value}").format(value=value)
    elif not 1 <= month <= 12 or not 1 <= day <= _DAYS_IN_MONTH[month - 1]:
        return None, _("no such day: {value}").format(value=value)
    if year is not None:
        if not EARLIEST_YEAR <= year <= max_year:
            return None, _("birth year {year} is out of range").format(year=year)
        leap_year = year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)
        if not lunar and month == 2 and day == 29 and not leap_year:
            return None, _("{year} has no 29 February").format(year=year)
    return Birthday(year, month, day), None


def parse_moment(text: str) -> tuple[dt.datetime | None, str | None]:
    """An ISO date or date-time (a consent's date); '' is no date."""
    value = unicodedata.normalize("NFKC", text).strip()
    if not value:
        return None, None
    try:
        return dt.datetime.fromisoformat(value.replace("Z", "")).replace(tzinfo=None), None
    except ValueError:
        return None, _("not a date and time: {value!r}").format(value=text)


_GENDERS = {
    "F": ("f", "female", "woman", "w", "女", "여", "여자", "여성", "女性", "mrs", "ms", "miss"),
    "M": ("m", "male", "man", "男", "남", "남자", "남성", "男性", "mr"),
    "X": ("x", "o", "other", "nonbinary", "其他", "其它", "기타"),
    # an export's way of saying "not given"
    "": ("u", "unknown", "unspecified", "notspecified", "none", "未指定", "未知", "不详", "不詳", "保密",
         "미지정", "알수없음", "선택안함"),
}
_GENDER_BY_WORD = {w: g for g, words in _GENDERS.items() for w in words}


def parse_gender(text: str) -> tuple[str | None, str | None]:
    key = header_key(text)
    if not key:
        return "", None
    if key in _GENDER_BY_WORD:
        return _GENDER_BY_WORD[key], None
    return None, _("unknown gender {value!r} (use F, M or X)").format(value=text)


_CALENDARS = {
    "solar": ("solar", "gregorian", "阳历", "陽曆", "公历", "公曆", "新历", "新曆", "국양력", "양력", "s",
              "否", "no", "n", "0", "false", "아니오"),
    "KR": ("kr", "korean", "음력", "lunarkr"),
    "CN": ("cn", "chinese", "农历", "農曆", "阴历", "陰曆", "旧历", "舊曆", "lunarcn"),
}
_CALENDAR_BY_WORD = {w: c for c, words in _CALENDARS.items() for w in words}
# in a "农历" or "lunar?" column: yes means lunar by the shop's calendar
_LUNAR_YES = ("lunar", "l", "是", "y", "yes", "1", "true", "√", "✓", "○", "예", "o")


def parse_calendar(text: str, default_lunar: str) -> tuple[str | None, str | None]:
    """'음력' means the Korean lunar calendar, '农历' the Chinese; a bare 'lunar' or 'yes' the shop's."""
    key = header_key(text)
    if not key:
        return "solar", None
    if key in _LUNAR_YES:
        return default_lunar, None
    if key in _CALENDAR_BY_WORD:
        return _CALENDAR_BY_WORD[key], None
    return None, _("unknown calendar {value!r} (use solar, KR or CN)").format(value=text)


_TRUE = ("1", "y", "yes", "true", "是", "闰", "閏", "예", "윤", "윤달")
_FALSE = ("", "0", "n", "no", "false", "否", "아니오", "평달")


def parse_flag(text: str) -> tuple[bool | None, str | None]:
    key = header_key(text)
    if key in _TRUE:
        return True, None
    if key in _FALSE:
        return False, None
    return None, _("not yes or no: {value!r}").format(value=text)


_AMOUNT_RE = re.compile(r"^-?\d+(?:\.\d+)?$")
_CURRENCY_MARKS = "¥￥₩$元원圓円,，\u00a0 "


def parse_amount(text: str, decimals: int) -> tuple[int | None, str | None]:
    """'1,234.50' → 123450 minor units (decimals=2); '₩12,000' → 12000 (decimals=0)."""
    minor, problem = _amount(text, decimals)
    if problem == "amount":
        return None, _("not an amount: {value!r}").format(value=text)
    if problem == "decimals":
        return None, _("too many decimals in {value!r}").format(value=text)
    return minor, None


@functools.lru_cache(maxsize=4096)
def _amount(text: str, decimals: int) -> tuple[int | None, str]:
    # cached: a shop file's amount columns hold few distinct values ("0.00" in most rows);
    # the message is worded outside, in the language of the moment
    value = unicodedata.normalize("NFKC", text).strip()
    if not value:
        return 0, ""
    bare = "".join(ch for ch in value if ch not in _CURRENCY_MARKS)
    if not _AMOUNT_RE.match(bare):
        return None, "amount"
    whole, _dot, frac = bare.lstrip("-").partition(".")
    if len(frac) > decimals and frac[decimals:].strip("0"):
        return None, "decimals"
    minor = int(whole) * 10**decimals + int((frac + "0" * decimals)[:decimals] or 0)
    return (-minor if bare.startswith("-") else minor), ""


_SCIENTIFIC = re.compile(r"^(?P<lead>\d)(?:\.(?P<frac>\d+))?E\+?(?P<exp>\d+)$", re.IGNORECASE)
_EXTENSION = re.compile(r"\s*(?:[;,]\s*ext=|\s(?:ext\.?|x|內線|内线|분機|내선)\s*)(?P<ext>\d+)\s*$", re.IGNORECASE)


@dataclass(frozen=True)
class Phone:
    number: str
    extension: str = ""


def clean_phone(text: str) -> tuple[Phone | None, str | None]:
    """A phone as spreadsheets and phones save it, back to the digits the person gave.

    Excel writes '13800138000 (a text cell), ="13800138000", 13800138000.0, or
    1.38001E+10 (a number too wide for the column: the last digits are gone, so that
    one is refused rather than stored wrong). vCard 4 writes tel:+1-418-656-9254;ext=102.
    """
    plain = text.strip()
    if plain.isascii() and plain.isdigit():
        return Phone(plain), None  # the usual cell: nothing below would change it
    value = unicodedata.normalize("NFKC", text).strip()
    if value.startswith('="') and value.endswith('"'):
        value = value[2:-1]
    value = value.lstrip("'").strip()
    if value.lower().startswith("tel:"):
        value = value[4:]
    extension = ""
    match = _EXTENSION.search(value)
    if match:
        extension, value = match["ext"], value[: match.start()].strip()
    value = value.split(";", 1)[0]  # tel: URI parameters (;phone-context=…)
    if re.fullmatch(r"\d+\.0+", value):
        value = value.split(".")[0]
    match = _SCIENTIFIC.match(value)
    if match:
        digits = match["lead"] + (match["frac"] or "")
        if len(digits) != int(match["exp"]) + 1:
            return None, _("Excel rounded this phone to {value} and lost its last digits; format the "
                           "column as Text in Excel and save the file again").format(value=value)
        value = digits
    return Phone(value, extension), None


_LANGUAGE_NAMES = {
    "en": ("en", "english", "英语", "英語", "영어"),
    "zh_Hans": ("zh", "zhhans", "zhcn", "chinese", "简体中文", "中文", "汉语", "普通话", "중국어"),
    "zh_Hant": ("zhhant", "zhtw", "zhhk", "traditionalchinese", "繁體中文", "繁体中文", "粵語", "粤语"),
    "ko": ("ko", "kr", "korean", "한국어", "韩语", "韓語"),
}
_LANGUAGE_BY_WORD = {w: code for code, words in _LANGUAGE_NAMES.items() for w in words}


def parse_locale(text: str) -> str | None:
    """A UI language code from a code or a language's name; None when we have no such language."""
    return _LANGUAGE_BY_WORD.get(header_key(text))


_EMAIL_RE = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


def check_email(text: str) -> str | None:
    return None if _EMAIL_RE.match(text) else _("not an e-mail address: {value!r}").format(value=text)


# Google's system group, on every contact: not a tag anyone chose
_SYSTEM_GROUPS = frozenset(("mycontacts", "starred contacts"))


def split_tags(text: str) -> list[str]:
    """'VIP; 老客户', Google's '* myContacts ::: Friends', Outlook's 'VIP,Family'."""
    parts = re.split(r":::|[;,，；、|]", unicodedata.normalize("NFC", text))
    seen: dict[str, None] = {}
    for part in parts:
        tag = " ".join(part.split()).removeprefix("* ").strip()
        if tag and tag.casefold() not in _SYSTEM_GROUPS:
            seen.setdefault(tag, None)
    return list(seen)


CURRENCY_DECIMALS = {"KRW": 0, "JPY": 0, "TWD": 0}


def currency_decimals(currency: str) -> int:
    return CURRENCY_DECIMALS.get(currency.upper(), 2)
