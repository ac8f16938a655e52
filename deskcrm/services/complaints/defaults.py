"""Root-cause categories, the standard Q&A and the compensation ladder.

004 §Ⅱ asks for a complaint system with standard answers (標準的回答 Q&A) so
every clerk answers the same; 003 and 004 §Ⅹ give the compensation idea (a
small gift for the trouble). The manager edits all three; a fresh database
gets these defaults from `ensure_defaults()`, which is idempotent.

Category names and ladder names are stored in the shop's language (they are
the shop's own words, edited by the manager); the Q&A is stored per locale.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from deskcrm.services import audit, settings
from deskcrm.services.complaints.steps import parse_money
from deskcrm.store.models import ComplaintCategory, StandardAnswer, database

LADDER_KEY = "complaints.compensation_ladder"

# code → name in en, zh_Hans, zh_Hant, ko
CATEGORIES: dict[str, tuple[str, str, str, str]] = {
    "quality": ("Quality", "质量", "質量", "품질"),
    "fit": ("Size / fit", "尺码/版型", "尺碼/版型", "사이즈/핏"),
    "service": ("Service", "服务", "服務", "서비스"),
    "price": ("Price", "价格", "價格", "가격"),
    "delivery": ("Delivery", "送货", "送貨", "배송"),
    "other": ("Other", "其他", "其他", "기타"),
}

_LOCALE_INDEX = {"en": 0, "zh_Hans": 1, "zh_Hant": 2, "ko": 3}

# (question, answer) per category, per locale: 004 §Ⅱ (quality: listen, improve or
# take back; price: the price reflects cost, no panic discounts; promise a time)
QA: dict[str, dict[str, tuple[str, str]]] = {
    "quality": {
        "en": ("The garment is faulty after a short time.",
               "We are sorry. Bring it with the receipt: we repair, exchange or refund, and "
               "if the repair takes time we promise you a date."),
        "zh_Hans": ("衣服穿了没多久就出了质量问题。",
                    "非常抱歉。请带上衣服和小票,我们负责维修、换货或退货;需要时间的,会与您约定完成日期。"),
        "zh_Hant": ("衣服穿了沒多久就出了質量問題。",
                    "非常抱歉。請帶上衣服和小票,我們負責維修、換貨或退貨;需要時間的,會與您約定完成日期。"),
        "ko": ("옷을 얼마 입지 않았는데 품질 문제가 생겼어요.",
               "죄송합니다. 영수증과 함께 가져오시면 수선, 교환 또는 환불해 드리고, 시간이 걸리면 "
               "완료 날짜를 약속드립니다."),
    },
    "fit": {
        "en": ("The size does not fit.",
               "We exchange for another size or offer a free alteration; if your size is out "
               "of stock we order it and tell you the day it arrives."),
        "zh_Hans": ("尺码不合适。", "我们可以换码或免费修改;如果没有您的尺码,我们调货并告诉您到货日期。"),
        "zh_Hant": ("尺碼不合適。", "我們可以換碼或免費修改;如果沒有您的尺碼,我們調貨並告訴您到貨日期。"),
        "ko": ("사이즈가 맞지 않아요.",
               "다른 사이즈로 교환하거나 무료 수선을 해 드립니다. 재고가 없으면 주문하고 도착일을 "
               "알려 드립니다."),
    },
    "service": {
        "en": ("Your staff were unfriendly or kept me waiting.",
               "We apologise. The manager will speak with the team, and we thank you for "
               "telling us: it helps us serve you better."),
        "zh_Hans": ("店员态度不好/让我等太久。", "非常抱歉。店长会和团队沟通改进,感谢您告诉我们,让我们能为您提供更好的服务。"),
        "zh_Hant": ("店員態度不好/讓我等太久。", "非常抱歉。店長會和團隊溝通改進,感謝您告訴我們,讓我們能為您提供更好的服務。"),
        "ko": ("직원이 불친절했거나 오래 기다렸어요.",
               "죄송합니다. 점장이 직원들과 개선하겠습니다. 말씀해 주셔서 감사합니다."),
    },
    "price": {
        "en": ("I saw it cheaper elsewhere / it went on sale after I bought it.",
               "Our price reflects the quality and service that come with it. We explain the "
               "promotion rules honestly and, where they apply, give the difference."),
        "zh_Hans": ("别处更便宜/我刚买就打折了。", "我们的价格包含品质和服务。我们会如实说明促销规则,符合条件的给您补差价。"),
        "zh_Hant": ("別處更便宜/我剛買就打折了。", "我們的價格包含品質和服務。我們會如實說明促銷規則,符合條件的給您補差價。"),
        "ko": ("다른 곳이 더 싸요 / 사자마자 세일했어요.",
               "저희 가격에는 품질과 서비스가 포함되어 있습니다. 행사 규정을 정직하게 설명드리고, "
               "해당되면 차액을 돌려드립니다."),
    },
    "delivery": {
        "en": ("My order came late or damaged.",
               "We are sorry. We send a replacement or refund at once and promise you a "
               "delivery date we can keep."),
        "zh_Hans": ("货到晚了/到货有损坏。", "非常抱歉。我们马上补发或退款,并与您约定一个能做到的送达日期。"),
        "zh_Hant": ("貨到晚了/到貨有損壞。", "非常抱歉。我們馬上補發或退款,並與您約定一個能做到的送達日期。"),
        "ko": ("배송이 늦었거나 파손되어 왔어요.",
               "죄송합니다. 바로 다시 보내 드리거나 환불하고, 지킬 수 있는 배송일을 약속드립니다."),
    },
    "other": {
        "en": ("Something else went wrong.",
               "Thank you for telling us. We write it down, find the cause and tell you by "
               "which day we will have an answer."),
        "zh_Hans": ("其他问题。", "感谢您告诉我们。我们记录下来,查明原因,并告诉您哪天给您答复。"),
        "zh_Hant": ("其他問題。", "感謝您告訴我們。我們記錄下來,查明原因,並告訴您哪天給您答覆。"),
        "ko": ("그 밖의 문제가 있어요.",
               "말씀해 주셔서 감사합니다. 기록하고 원인을 찾아 언제까지 답을 드릴지 알려 드리겠습니다."),
    },
}

# code → (names per locale, value in minor units of CNY; KRW shops get ×100 below)
LADDER: dict[str, tuple[tuple[str, str, str, str], int]] = {
    "none": (("No compensation", "不补偿", "不補償", "보상 없음"), 0),
    "small_gift": (("Small gift", "小礼品", "小禮品", "작은 선물"), 5000),
    "voucher": (("Voucher", "代金券", "代金券", "상품권"), 10000),
    "waived_fee": (("Waived fee", "免收费用", "免收費用", "수수료 면제"), 3000),
    "free_alteration": (("Free alteration", "免费修改", "免費修改", "무료 수선"), 2000),
    "exchange": (("Exchange", "换货", "換貨", "교환"), 0),
    "partial_refund": (("Partial refund", "部分退款", "部分退款", "부분 환불"), 0),
    "refund": (("Refund", "退款", "退款", "환불"), 0),
}


@dataclass(frozen=True)
class CategoryInfo:
    id: int
    code: str
    name: str
    active: bool


@dataclass(frozen=True)
class AnswerInfo:
    id: int
    category_code: str
    locale: str
    question: str
    answer: str


@dataclass(frozen=True)
class LadderItem:
    code: str
    name: str
    value: int  # minor units


def _name(names: tuple[str, str, str, str], locale: str) -> str:
    return names[_LOCALE_INDEX.get(locale, 0)]


def shop_locale() -> str:
    return settings.get("shop.locale") or "en"


def default_ladder(locale: str, currency: str) -> list[dict[str, Any]]:
    # the defaults are CNY amounts; a won shop needs larger numbers with no minor units
    factor = 10 if currency.upper() == "KRW" else 1
    return [{"code": code, "name": _name(names, locale), "value": value * factor}
            for code, (names, value) in LADDER.items()]


def ensure_defaults() -> None:
    """Create missing categories, Q&A and the ladder; never touch what the manager changed."""
    have = {c for (c,) in ComplaintCategory.select(ComplaintCategory.code).tuples()}
    if set(CATEGORIES) <= have and settings.get(LADDER_KEY) is not None:
        return  # every start after the first: no write lock taken
    locale = shop_locale()
    with database.atomic():
        for code, names in CATEGORIES.items():
            category = ComplaintCategory.get_or_none(ComplaintCategory.code == code)
            if category is not None:
                continue
            category = ComplaintCategory.create(code=code, name=_name(names, locale))
            StandardAnswer.insert_many([
                {"category": category.id, "locale": loc, "question": q, "answer": a}
                for loc, (q, a) in QA[code].items()
            ]).execute()
        if settings.get(LADDER_KEY) is None:
            settings.put(LADDER_KEY, default_ladder(locale, settings.get("shop.currency") or "CNY"))


# --- reading -----------------------------------------------------------------


def categories(include_inactive: bool = False) -> list[CategoryInfo]:
    query = ComplaintCategory.select().order_by(ComplaintCategory.id)
    if not include_inactive:
        query = query.where(ComplaintCategory.active == True)  # noqa: E712 - peewee expression
    return [CategoryInfo(c.id, c.code, c.name, c.active) for c in query]


def category_names() -> dict[str, str]:
    """Every category code → name, inactive ones too (old complaints still name them)."""
    return {c.code: c.name for c in ComplaintCategory.select()}


def answers(category_code: str, locale: str | None = None) -> list[AnswerInfo]:
    """The standard Q&A of a category in a locale, English when that locale has none."""
    locale = locale or shop_locale()
    query = (StandardAnswer.select(StandardAnswer, ComplaintCategory.code)
             .join(ComplaintCategory)
             .where(ComplaintCategory.code == category_code)
             .order_by(StandardAnswer.id))
    rows = [AnswerInfo(a.id, a.category.code, a.locale, a.question, a.answer) for a in query]
    own = [a for a in rows if a.locale == locale]
    return own or [a for a in rows if a.locale == "en"]


def ladder() -> list[LadderItem]:
    items = settings.get(LADDER_KEY)
    if items is None:
        items = default_ladder(shop_locale(), settings.get("shop.currency") or "CNY")
    return [LadderItem(i["code"], i["name"], int(i["value"])) for i in items]


# --- the manager's edits ---------------------------------------------------------


class FieldErrors(ValueError):
    """Input refused; `errors` maps field keys to English messages. Nothing was written."""

    def __init__(self, errors: dict[str, str]) -> None:
        super().__init__("; ".join(f"{k}: {v}" for k, v in errors.items()))
        self.errors = errors


def _required(errors: dict[str, str], key: str, value: str | None, what: str) -> str:
    value = (value or "").strip()
    if not value:
        errors[key] = f"{what} is needed"
    return value


def _refuse(errors: dict[str, str]) -> None:
    if errors:
        raise FieldErrors(errors)


def save_category(code: str, name: str, active: bool, staff_name: str) -> CategoryInfo:
    """Add a category or rename/(de)activate one; codes stay, old complaints keep them."""
    errors: dict[str, str] = {}
    code = _required(errors, "code", code, "A code").lower().replace(" ", "_")
    name = _required(errors, "name", name, "A name")
    _refuse(errors)
    with database.atomic():
        row = ComplaintCategory.get_or_none(ComplaintCategory.code == code)
        if row is None:
            row = ComplaintCategory.create(code=code, name=name, active=active)
            audit.record("create", "complaint_category", row.id, staff_name, code=code, name=name)
        else:
            audit.record("update", "complaint_category", row.id, staff_name,
                         before={"name": row.name, "active": row.active},
                         after={"name": name, "active": active})
            row.name, row.active = name, active
            row.save()
    return CategoryInfo(row.id, row.code, row.name, row.active)


def save_answer(answer_id: int | None, category_code: str, locale: str, question: str,
                answer: str, staff_name: str) -> int:
    errors: dict[str, str] = {}
    question = _required(errors, "question", question, "A question")
    answer = _required(errors, "answer", answer, "An answer")
    _refuse(errors)
    with database.atomic():
        category = ComplaintCategory.get(ComplaintCategory.code == category_code)
        if answer_id is None:
            row = StandardAnswer.create(category=category, locale=locale, question=question,
                                        answer=answer)
            audit.record("create", "standard_answer", row.id, staff_name, category=category_code)
            return row.id
        row = StandardAnswer.get_by_id(answer_id)
        audit.record("update", "standard_answer", row.id, staff_name,
                     before={"question": row.question, "answer": row.answer})
        row.question, row.answer, row.locale = question, answer, locale
        row.save()
        return row.id


def delete_answer(answer_id: int, staff_name: str) -> None:
    with database.atomic():
        row = StandardAnswer.get_by_id(answer_id)
        audit.record("delete", "standard_answer", answer_id, staff_name,
                     question=row.question, answer=row.answer)
        row.delete_instance()


def save_ladder_item(code: str, name: str, value: int | str, staff_name: str) -> list[LadderItem]:
    """Add or change a ladder step; `value` in minor units, or as typed ("80", "49.90")."""
    errors: dict[str, str] = {}
    code = _required(errors, "code", code, "A code").lower().replace(" ", "_")
    name = _required(errors, "name", name, "A name")
    if isinstance(value, str):
        try:
            value = parse_money(value or "0", settings.get("shop.currency") or "CNY")
        except ValueError as exc:
            errors["value"] = str(exc)
            value = 0
    if value < 0:
        errors["value"] = "The value cannot be negative"
    _refuse(errors)
    with database.atomic():
        items = [dict(code=i.code, name=i.name, value=i.value) for i in ladder()]
        entry = {"code": code, "name": name, "value": value}
        for n, item in enumerate(items):
            if item["code"] == code:
                items[n] = entry
                break
        else:
            items.append(entry)
        settings.put(LADDER_KEY, items)
        audit.record("update", "compensation_ladder", None, staff_name, item=entry)
    return ladder()


def delete_ladder_item(code: str, staff_name: str) -> list[LadderItem]:
    with database.atomic():
        items = [dict(code=i.code, name=i.name, value=i.value) for i in ladder() if i.code != code]
        settings.put(LADDER_KEY, items)
        audit.record("delete", "compensation_ladder", None, staff_name, code=code)
    return ladder()
