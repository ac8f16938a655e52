"""Which customer field a spreadsheet column holds, and how its cells are read.

Shops keep customers in Excel sheets written in Chinese, Korean or English, so
each importable field has header synonyms in all three. Cell parsers return
(value, None) or (None, reason); the reason is shown to the user next to the
line and column, so it is plain words.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from deskcrm.i18n import _

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
    "phone",
    "phone2",
    "gender",
    "birthday",
    "birth_calendar",
    "birth_leap",
    *TEXT_FIELDS,
    "tags",
    "credit_limit",
    "balance",
)

# Synonyms are compared after `header_key` (NFKC, case-folded, no spaces or
# punctuation), so "E-mail", "e mail" and "ＥＭＡＩＬ" are one header.
SYNONYMS: dict[str, tuple[str, ...]] = {
    "name": ("name", "fullname", "customer", "customername", "contact", "displayname",
             "姓名", "名字", "客户", "客户名", "客户姓名", "顾客", "顧客", "客戶", "客戶姓名",
             "이름", "성명", "고객", "고객명", "고객이름"),
    "family_name": ("familyname", "lastname", "surname", "姓", "姓氏", "성"),
    "given_name": ("givenname", "firstname", "名", "이름(名)"),
    "phone": ("phone", "mobile", "tel", "telephone", "cell", "cellphone", "mobilephone",
              "phonenumber", "电话", "電話", "手机", "手機", "手机号", "手機號碼", "联系电话",
              "聯絡電話", "电话号码", "전화", "전화번호", "휴대폰", "핸드폰", "연락처", "휴대전화"),
    "phone2": ("phone2", "otherphone", "homephone", "workphone", "tel2", "电话2", "電話2",
               "备用电话", "其他电话", "住宅电话", "전화2", "집전화", "회사전화"),
    "gender": ("gender", "sex", "性别", "性別", "성별"),
    "birthday": ("birthday", "birthdate", "dateofbirth", "dob", "bday", "生日", "出生日期",
                 "생일", "생년월일"),
    "birth_calendar": ("birthcalendar", "calendar", "历法", "曆法", "阴阳历", "陰陽曆",
                       "양력음력", "음양력", "양음력"),
    "birth_leap": ("birthleap", "leapmonth", "闰月", "閏月", "윤달"),
    "form_of_address": ("formofaddress", "salutation", "称呼", "稱呼", "호칭"),
    "age_band": ("ageband", "age", "年龄段", "年齡層", "年龄", "年齡", "연령대", "나이"),
    "email": ("email", "mail", "emailaddress", "邮箱", "電郵", "电子邮件", "電子郵件", "이메일"),
    "address": ("address", "addr", "streetaddress", "地址", "住址", "주소"),
    "city": ("city", "town", "城市", "市", "도시", "시"),
    "district": ("district", "area", "区", "區", "地区", "地區", "구", "지역"),
    "locale": ("locale", "language", "语言", "語言", "언어"),
    "clothing_size": ("clothingsize", "size", "尺码", "尺碼", "衣服尺码", "사이즈", "옷사이즈"),
    "shoe_size": ("shoesize", "鞋码", "鞋碼", "신발사이즈"),
    "occupation": ("occupation", "job", "jobtitle", "title", "company", "organization",
                   "职业", "職業", "工作", "公司", "직업", "회사", "직장"),
    "family": ("family", "家庭", "家人", "가족"),
    "personality": ("personality", "性格", "个性", "個性", "성격"),
    "shopping_habits": ("shoppinghabits", "购物习惯", "購物習慣", "쇼핑습관", "구매습관"),
    "style_preferences": ("stylepreferences", "style", "风格", "風格", "喜好风格", "스타일"),
    "hobbies": ("hobbies", "hobby", "interests", "爱好", "愛好", "兴趣", "興趣", "취미"),
    "service_preference": ("servicepreference", "服务偏好", "服務偏好", "서비스선호"),
    "promotion_attitude": ("promotionattitude", "促销态度", "促銷態度", "프로모션반응"),
    "values": ("values", "价值观", "價值觀", "가치관"),
    "best_contact_time": ("bestcontacttime", "contacttime", "联系时间", "聯絡時間",
                          "연락시간", "연락가능시간"),
    "notes": ("notes", "note", "remarks", "remark", "comment", "comments", "memo",
              "备注", "備註", "说明", "메모", "비고"),
    "tags": ("tags", "tag", "categories", "group", "groups", "标签", "標籤", "分组", "分組",
             "태그", "그룹", "분류"),
    "credit_limit": ("creditlimit", "credit", "信用额度", "信用額度", "신용한도"),
    "balance": ("balance", "余额", "餘額", "잔액"),
}

_PUNCT_RE = re.compile(r"[\s_\-./:()（）·・]+")


def header_key(header: str) -> str:
    folded = unicodedata.normalize("NFKC", header).casefold().strip().lstrip("\ufeff")
    return _PUNCT_RE.sub("", folded)


_BY_KEY: dict[str, str] = {
    header_key(s): field for field, words in SYNONYMS.items() for s in (field, *words)
}


def field_for_header(header: str) -> str | None:
    return _BY_KEY.get(header_key(header))


def map_headers(headers: list[str]) -> list[str | None]:
    """One field (or None = ignored) per column; a field is taken by its first column only."""
    taken: set[str] = set()
    mapping: list[str | None] = []
    for header in headers:
        field = field_for_header(header)
        if field in taken:
            # a second "Phone" column is the second phone, not a clash
            field = "phone2" if field == "phone" and "phone2" not in taken else None
        if field:
            taken.add(field)
        mapping.append(field)
    return mapping


def field_label(field: str) -> str:
    return _(field.replace("_", " ").capitalize())


# --- cell parsers ------------------------------------------------------------


@dataclass(frozen=True)
class Birthday:
    year: int | None
    month: int
    day: int


_DATE_PATTERNS = (
    re.compile(r"^(?P<y>\d{4})[-/.](?P<m>\d{1,2})[-/.](?P<d>\d{1,2})$"),
    re.compile(r"^(?P<y>\d{4})(?P<m>\d{2})(?P<d>\d{2})$"),
    re.compile(r"^(?:(?P<y>\d{4})\s*[年년]\s*)?(?P<m>\d{1,2})\s*[月월]\s*(?P<d>\d{1,2})\s*[日일号號]?$"),
    re.compile(r"^-{0,2}(?P<m>\d{1,2})[-/.](?P<d>\d{1,2})$"),
    re.compile(r"^--(?P<m>\d{2})(?P<d>\d{2})$"),
)
_DAYS_IN_MONTH = (31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)
# iOS and some Android phones write 1604 for "no year" (vCard 3 has no year-less date)
NO_YEAR_MARKERS = (1604, 1900)
EARLIEST_YEAR = 1900


def parse_birthday(text: str, max_year: int) -> tuple[Birthday | None, str | None]:
    """YYYY-MM-DD, YYYY/M/D, YYYYMMDD, 1990年3月5日, 3월 5일, --MM-DD, MM-DD; year optional."""
    value = unicodedata.normalize("NFKC", text).strip()
    for pattern in _DATE_PATTERNS:
        match = pattern.match(value)
        if match:
            break
    else:
        return None, _("not a date (use YYYY-MM-DD, or MM-DD without the year)")
    groups = match.groupdict()
    month, day = int(groups["m"]), int(groups["d"])
    year = int(groups["y"]) if groups.get("y") else None
    if year == 1604:
        year = None
    if not 1 <= month <= 12 or not 1 <= day <= _DAYS_IN_MONTH[month - 1]:
        return None, _("no such day: {value}").format(value=value)
    if year is not None:
        if not EARLIEST_YEAR <= year <= max_year:
            return None, _("birth year {year} is out of range").format(year=year)
        if month == 2 and day == 29 and not (year % 4 == 0 and (year % 100 or year % 400 == 0)):
            return None, _("{year} has no 29 February").format(year=year)
    return Birthday(year, month, day), None


_GENDERS = {
    "F": ("f", "female", "woman", "w", "女", "여", "여자", "여성", "女性", "mrs", "ms"),
    "M": ("m", "male", "man", "男", "남", "남자", "남성", "男性", "mr"),
    "X": ("x", "other", "其他", "기타"),
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
    "solar": ("solar", "gregorian", "阳历", "陽曆", "公历", "公曆", "新历", "양력", "s"),
    "KR": ("kr", "korean", "음력", "lunarkr"),
    "CN": ("cn", "lunar", "chinese", "农历", "農曆", "阴历", "陰曆", "旧历", "lunarcn"),
}
_CALENDAR_BY_WORD = {w: c for c, words in _CALENDARS.items() for w in words}


def parse_calendar(text: str, default_lunar: str) -> tuple[str | None, str | None]:
    """'음력' means the Korean lunar calendar, '农历' the Chinese; a bare 'lunar' the shop's."""
    key = header_key(text)
    if not key:
        return "solar", None
    if key in ("lunar", "l"):
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
    value = unicodedata.normalize("NFKC", text).strip()
    if not value:
        return 0, None
    bare = "".join(ch for ch in value if ch not in _CURRENCY_MARKS)
    if not _AMOUNT_RE.match(bare):
        return None, _("not an amount: {value!r}").format(value=text)
    whole, _dot, frac = bare.lstrip("-").partition(".")
    if len(frac) > decimals and frac[decimals:].strip("0"):
        return None, _("too many decimals in {value!r}").format(value=text)
    minor = int(whole) * 10**decimals + int((frac + "0" * decimals)[:decimals] or 0)
    return (-minor if bare.startswith("-") else minor), None


_EMAIL_RE = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


def check_email(text: str) -> str | None:
    return None if _EMAIL_RE.match(text) else _("not an e-mail address: {value!r}").format(value=text)


def split_tags(text: str) -> list[str]:
    parts = re.split(r"[;,，；、|]", unicodedata.normalize("NFC", text))
    seen: dict[str, None] = {}
    for part in parts:
        tag = " ".join(part.split())
        if tag:
            seen.setdefault(tag, None)
    return list(seen)


CURRENCY_DECIMALS = {"KRW": 0, "JPY": 0, "TWD": 0}


def currency_decimals(currency: str) -> int:
    return CURRENCY_DECIMALS.get(currency.upper(), 2)
