"""The nine steps of complaint recovery: what each says, captures and requires.

The steps and their guidance follow seed 004 §Ⅹ 第五步 (顧客不滿意怎麼辦, the
nine steps), with 003's six-step service recovery folded in (apologise and
admit, listen, a fair solution, added-value compensation, keep the promise,
follow up). Guidance and the short script exist in the four shop languages;
the wizard shows them in the shop's language (setting "shop.locale"), because
the script is what the clerk says to the customer.

`validate()` is the one place a step's input is checked: the wizard, the seed
and the workflow all go through it, so a step can never be saved half-filled.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from deskcrm.i18n import _
from deskcrm.services.validation import parse_amount, plain_text
from deskcrm.store.models import CHANNELS

LOCALES = ("en", "zh_Hans", "zh_Hant", "ko")

EMOTIONS = ("angry", "upset", "disappointed", "worried", "calm")
PLACES = ("seated", "counter", "fitting_room", "phone", "online", "other")

# currencies without minor units: the stored integer is the whole amount
_NO_MINOR_UNITS = {"KRW", "JPY", "TWD"}


@dataclass(frozen=True)
class StepField:
    key: str  # the JSON key in ComplaintStep.data (COMMON.md)
    label: str  # English; screens wrap it in _()
    kind: str  # text, textarea, bool, choice, date, rating, money, staff, category, compensation
    required: bool = False
    choices: tuple[str, ...] = ()
    hint: str = ""


@dataclass(frozen=True)
class StepDef:
    number: int
    code: str
    title: str  # English; screens wrap it in _()
    source: str  # the step's name in seed 004
    guidance: dict[str, str]
    script: dict[str, str]
    fields: tuple[StepField, ...]

    def guidance_for(self, locale: str) -> str:
        return self.guidance.get(locale) or self.guidance["en"]

    def script_for(self, locale: str) -> str:
        return self.script.get(locale) or self.script["en"]


def _step(number, code, title, source, guidance, script, *fields) -> StepDef:
    return StepDef(number, code, title, source, dict(zip(LOCALES, guidance, strict=True)),
                   dict(zip(LOCALES, script, strict=True)), tuple(fields))


STEPS: tuple[StepDef, ...] = (
    _step(1, "listen", "Listen", "傾聽移情", (
        "Listen with empathy. Focus on the points of the complaint and let the customer say "
        "everything, without interrupting or defending.",
        "倾听移情:关注顾客投诉的要点,让顾客把话全部说完,不打断、不辩解。",
        "傾聽移情:關注顧客投訴的要點,讓顧客把話全部說完,不打斷、不辯解。",
        "경청과 공감: 불만의 요점에 집중하고, 고객이 하고 싶은 말을 끝까지 다 하도록 "
        "끊거나 변명하지 마세요.",
    ), (
        "Please tell me everything that happened; I am listening.",
        "请您把经过都告诉我,我在认真听。",
        "請您把經過都告訴我,我在認真聽。",
        "어떤 일이 있으셨는지 다 말씀해 주세요. 잘 듣고 있겠습니다.",
    ),
        StepField("description", "The complaint in the customer's words", "textarea", True),
        StepField("item", "Item (style no., size, colour)", "text"),
        StepField("channel", "Channel", "choice", True, CHANNELS),
    ),
    _step(2, "calm", "Calm", "交談", (
        "Talk and calm. Find the customer a seat, be a sincere listener to what happened, "
        "stand on the customer's side and steady their feelings.",
        "交谈平气:为顾客找个座位,做一位真诚的听众,站在顾客的角度交谈,稳住顾客情绪。",
        "交談平氣:為顧客找個座位,做一位真誠的聽眾,站在顧客的角度交談,穩住顧客情緒。",
        "대화로 진정시키기: 고객께 자리를 권하고, 진심으로 들어 주는 사람이 되어 "
        "고객의 입장에서 이야기하며 마음을 가라앉혀 드리세요.",
    ), (
        "Please have a seat. I understand how you feel; let us sort this out together.",
        "您先请坐,您的心情我完全理解,我们一起来解决。",
        "您先請坐,您的心情我完全理解,我們一起來解決。",
        "우선 앉으세요. 어떤 마음이신지 충분히 이해합니다. 함께 해결해 드리겠습니다.",
    ),
        StepField("emotion", "Customer's emotion", "choice", True, EMOTIONS),
        StepField("place", "Where you talked", "choice", True, PLACES),
    ),
    _step(3, "apologise", "Apologise", "真誠道歉", (
        "Apologise sincerely, whoever is at fault: for the trouble the customer has had. "
        "An apology from the heart keeps the customer better than a mechanical standard one.",
        "真诚道歉:无论对错都要道歉。发自内心地为给顾客带来的不便道歉,比机械化的标准道歉更能留住顾客。",
        "真誠道歉:無論對錯都要道歉。發自內心地為給顧客帶來的不便道歉,比機械化的標準道歉更能留住顧客。",
        "진심 어린 사과: 누구의 잘못이든 사과하세요. 불편을 드린 데 대해 마음에서 우러난 "
        "사과가 형식적인 사과보다 고객을 지킵니다.",
    ), (
        "I am truly sorry for the trouble this has caused you.",
        "给您添麻烦了,真的非常抱歉。",
        "給您添麻煩了,真的非常抱歉。",
        "불편을 드려 정말 죄송합니다.",
    ),
        StepField("apology_given", "Apology given", "bool", True),
        StepField("wording", "Wording used", "text"),
    ),
    _step(4, "analyse", "Analyse", "分析明確", (
        "Analyse and make it clear: find where the trouble started, restate the customer's "
        "problem and have them confirm it. Choose the root cause.",
        "分析明确:弄清事情的起因,复述顾客关心的问题,请顾客确认,并选出根本原因。",
        "分析明確:弄清事情的起因,復述顧客關心的問題,請顧客確認,並選出根本原因。",
        "원인 분석: 일이 어디서 시작됐는지 찾고, 고객의 문제를 다시 말해 확인받은 뒤 "
        "근본 원인을 고르세요.",
    ), (
        "So if I understand you correctly, the problem is … Is that right?",
        "我确认一下,您遇到的问题是……,对吗?",
        "我確認一下,您遇到的問題是……,對嗎?",
        "말씀하신 내용을 정리하면 …라는 문제이신 거지요?",
    ),
        StepField("restatement_confirmed", "Customer confirmed the restatement", "bool", True),
        StepField("category", "Root cause", "category", True),
    ),
    _step(5, "explain", "Explain", "解釋", (
        "Explain: show a sincere wish to solve the complaint. Use the standard answer for "
        "this root cause so every clerk says the same.",
        "解释:表明解决投诉的真诚愿望。使用此类问题的标准答复,保证口径一致。",
        "解釋:表明解決投訴的真誠願望。使用此類問題的標準答覆,保證口徑一致。",
        "설명: 불만을 해결하려는 진심을 보여 주세요. 이 원인의 표준 답변을 써서 "
        "모두가 같은 말을 하도록 합니다.",
    ), (
        "Here is what happened and what we will do to put it right.",
        "情况是这样的,我们一定会负责解决。",
        "情況是這樣的,我們一定會負責解決。",
        "사정은 이렇습니다. 저희가 책임지고 해결해 드리겠습니다.",
    ),
        StepField("explanation", "Explanation given", "textarea", True),
    ),
    _step(6, "resolve", "Resolve", "處理", (
        "Resolve: offer a fair solution to the problem, with deeds the customer asked for, "
        "not a few empty words. If it takes time, promise a date and keep it.",
        "处理:针对问题提出一种公平的化解方案,以顾客要求的行动而非几句空话。需要时间的,承诺日期并守约。",
        "處理:針對問題提出一種公平的化解方案,以顧客要求的行動而非幾句空話。需要時間的,承諾日期並守約。",
        "해결: 말뿐이 아닌 행동으로 공정한 해결책을 내놓으세요. 시간이 걸리면 날짜를 "
        "약속하고 반드시 지키세요.",
    ), (
        "Here is what we will do for you, and by when.",
        "我们会这样为您处理,并在约定的日期前完成。",
        "我們會這樣為您處理,並在約定的日期前完成。",
        "이렇게 처리해 드리고, 약속한 날짜까지 마치겠습니다.",
    ),
        StepField("solution", "Solution agreed", "textarea", True),
        StepField("owner_id", "Who carries it out", "staff"),
        StepField("promised_on", "Promised by (YYYY-MM-DD)", "date", hint="blank if done now"),
    ),
    _step(7, "compensate", "Compensate", "補償", (
        "Compensate: for the trouble or harm, give the customer something of added value, "
        "for example a gift. Pick from the manager's ladder; the value counts in the review.",
        "补偿:针对带来的不便或造成的伤害,给予顾客一些具有附加值的补偿,比如送礼物。",
        "補償:針對帶來的不便或造成的傷害,給予顧客一些具有附加值的補償,比如送禮物。",
        "보상: 불편이나 피해에 대해 선물처럼 부가 가치가 있는 보상을 드리세요. "
        "점장이 정한 단계에서 고르면 금액이 주간 검토에 집계됩니다.",
    ), (
        "To make up for the trouble, please accept this from us.",
        "为表歉意,这是我们的一点心意,请您收下。",
        "為表歉意,這是我們的一點心意,請您收下。",
        "불편을 드린 데 대한 작은 성의이니 받아 주세요.",
    ),
        StepField("compensation", "Compensation", "compensation", True),
        StepField("value", "Its value", "money", True),
    ),
    _step(8, "close", "Close", "結", (
        "Close: ask whether the customer is satisfied with the solution. If not, ask for "
        "their final wish. Do not forget to thank them: their opinion helps us serve better.",
        "结束:询问顾客对解决办法是否满意;不满意就请顾客说出最终意见。不要忘记感谢顾客的宝贵意见。",
        "結束:詢問顧客對解決辦法是否滿意;不滿意就請顧客說出最終意見。不要忘記感謝顧客的寶貴意見。",
        "마무리: 해결 방법에 만족하시는지 여쭙고, 아니라면 마지막 바라는 점을 들으세요. "
        "소중한 의견에 감사 인사를 잊지 마세요.",
    ), (
        "Are you satisfied with this? Thank you for telling us; it helps us serve you better.",
        "这样处理您满意吗?感谢您的宝贵意见,让我们能为您提供更好的服务。",
        "這樣處理您滿意嗎?感謝您的寶貴意見,讓我們能為您提供更好的服務。",
        "이렇게 처리해 드리면 만족하시겠어요? 소중한 의견 주셔서 감사합니다.",
    ),
        StepField("satisfaction", "Satisfaction (1-5)", "rating", True),
        StepField("thanks_given", "Thanked the customer", "bool", True),
        StepField("final_wish", "Customer's final wish (if not satisfied)", "textarea"),
    ),
    _step(9, "follow_up", "Follow up", "反饋", (
        "Follow up: call to make sure the promise was kept; it leaves a deeper impression. "
        "If the first solution did not satisfy, the follow-up gives the shop a second chance.",
        "反馈:采取跟进行动,确认承诺已落实,让顾客印象更深;若第一次未能让顾客满意,跟进给专卖店第二次机会。",
        "反饋:採取跟進行動,確認承諾已落實,讓顧客印象更深;若第一次未能讓顧客滿意,跟進給專賣店第二次機會。",
        "사후 확인: 약속이 지켜졌는지 전화로 확인하세요. 처음 해결이 만족스럽지 않았다면 "
        "다시 한 번 기회를 얻는 자리입니다.",
    ), (
        "We are calling to check that everything is now fine with your purchase.",
        "您好,我们回访一下,之前的问题现在都解决好了吗?",
        "您好,我們回訪一下,之前的問題現在都解決好了嗎?",
        "안녕하세요, 지난번 문제가 잘 해결되었는지 확인차 연락드렸습니다.",
    ),
        StepField("followup_on", "Follow-up call on (YYYY-MM-DD)", "date", True),
    ),
)

FOLLOWUP_CALL_FIELDS = (
    StepField("followup_satisfaction", "Satisfaction on the call (1-5)", "rating", True),
    StepField("note", "Call note", "text"),
    # only read when the clerk records that nobody answered (ctrl+n in the wizard)
    StepField("retry_on", "No answer: call again on (YYYY-MM-DD)", "date"),
)


def step_def(number: int) -> StepDef:
    if not 1 <= number <= len(STEPS):
        raise ValueError(f"No step {number}")
    return STEPS[number - 1]


@dataclass(frozen=True)
class StepContext:
    """What validation needs to know about the shop, read once by the caller."""

    today: dt.date
    categories: tuple[str, ...]  # active category codes
    compensations: tuple[str, ...]  # ladder codes
    staff_ids: tuple[int, ...]
    currency: str = "CNY"
    unsatisfied_max: int = 2


def minor_units(currency: str) -> int:
    return 1 if currency.upper() in _NO_MINOR_UNITS else 100


def parse_money(text: str, currency: str) -> int:
    """'50' or '49.90' typed by a clerk → integer minor units; ValueError when not money.

    The form's own amount parser, so NaN, Infinity and 1e30 are refused as they are
    in a sale, instead of crashing here or failing the write later.
    """
    value, message = parse_amount(text, decimals=0 if minor_units(currency) == 1 else 2)
    if message == _("Amount needs digits, e.g. 1,280.50") or value is None and not message:
        message = "Enter an amount such as 50 or 49.90"  # the wizard's own example
    if message or value is None:
        raise ValueError(message)
    return value


def format_money(value: int, currency: str) -> str:
    unit = minor_units(currency)
    return f"{value:,}" if unit == 1 else f"{value / unit:,.2f}"


def parse_date(value: Any) -> dt.date:
    if isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value).strip())


def _rating(value: Any) -> int:
    number = int(str(value).strip())
    if not 1 <= number <= 5:
        raise ValueError
    return number


def validate(number: int, data: dict[str, Any], ctx: StepContext) -> tuple[dict[str, Any], dict[str, str]]:
    """Clean a step's input: (values to store, {field key: English error}).

    Nothing is stored when errors is not empty; the messages go under the fields.
    """
    clean: dict[str, Any] = {}
    errors: dict[str, str] = {}
    for field in step_def(number).fields:
        raw = data.get(field.key)
        empty = raw is None or (isinstance(raw, str) and not raw.strip())
        if field.kind == "bool":
            clean[field.key] = bool(raw)
            if field.required and not raw:
                errors[field.key] = "Tick this before moving on"
            continue
        if empty:
            clean[field.key] = None if field.kind in ("date", "rating", "staff") else ""
            if field.required:
                errors[field.key] = "Required"
            continue
        error = _check(field, raw, clean, ctx)
        if error:
            errors[field.key] = error
    _cross_checks(number, clean, errors, ctx)
    return clean, errors


def _check(field: StepField, raw: Any, clean: dict[str, Any], ctx: StepContext) -> str:
    key, kind = field.key, field.kind
    if kind in ("text", "textarea"):
        clean[key] = plain_text(str(raw), lines=kind == "textarea")
    elif kind == "choice":
        if raw not in field.choices:
            return "Pick one of the list"
        clean[key] = raw
    elif kind == "category":
        if raw not in ctx.categories:
            return "Pick a root cause from the list"
        clean[key] = raw
    elif kind == "compensation":
        if raw not in ctx.compensations:
            return "Pick from the compensation ladder"
        clean[key] = raw
    elif kind == "staff":
        try:
            staff_id = int(raw)
        except (TypeError, ValueError):
            return "Pick a staff member"
        if staff_id not in ctx.staff_ids:
            return "Pick a staff member"
        clean[key] = staff_id
    elif kind == "date":
        try:
            day = parse_date(raw)
        except ValueError:
            return "Use a date like 2026-05-31"
        if day < ctx.today:
            return "The date cannot be in the past"
        clean[key] = day.isoformat()
    elif kind == "rating":
        try:
            clean[key] = _rating(raw)
        except (TypeError, ValueError):
            return "Give a number from 1 to 5"
    elif kind == "money":
        if isinstance(raw, int) and not isinstance(raw, bool):
            if raw < 0:
                return "The value cannot be negative"
            clean[key] = raw
        else:
            try:
                clean[key] = parse_money(str(raw), ctx.currency)
            except ValueError as exc:
                return str(exc)
    return ""


def _cross_checks(number: int, clean: dict[str, Any], errors: dict[str, str], ctx: StepContext) -> None:
    if number == 8:
        rating = clean.get("satisfaction")
        if rating is not None and rating <= ctx.unsatisfied_max and not clean.get("final_wish"):
            errors["final_wish"] = "Not satisfied: ask for and write down the final wish"


def validate_rating(raw: Any) -> tuple[int | None, str]:
    """The follow-up call's rating: (value, English error)."""
    if raw is None or not str(raw).strip():
        return None, "Required"
    try:
        return _rating(raw), ""
    except (TypeError, ValueError):
        return None, "Give a number from 1 to 5"


# step → {data key: Complaint column}: the values lists and the review read off the row
COMPLAINT_FIELDS_MIRRORED: dict[int, dict[str, str]] = {
    1: {"description": "description", "item": "item", "channel": "channel"},
    4: {"category": "category"},
    6: {"promised_on": "promised_on"},
    7: {"compensation": "compensation", "value": "compensation_value"},
    8: {"satisfaction": "satisfaction", "final_wish": "final_wish"},
}
