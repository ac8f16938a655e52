"""The settings a manager changes, as a form: labelled fields, money in currency units.

Each field is checked on its own (`check`), so the screen can say what is wrong
under the field as it is left; `save` checks every field and writes all or
nothing. Amounts are typed as the shop says them ("2,000", "49.90") and stored in
minor units; day ranges as "60-90", hours as "21:00-08:00", season days as
"03-01, 06-01". What the form does not cover stays in the generic list below it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from deskcrm.i18n import N_, _
from deskcrm.services import settings
from deskcrm.services.complaints.steps import format_money, parse_money
from deskcrm.services.first_start import CURRENCIES
from deskcrm.services.templates import LOCALES


@dataclass(frozen=True)
class FormField:
    id: str  # "setting.key" or "setting.key/part" for one entry of a dict setting
    label: str  # catalogue id
    kind: str  # text, choice, int, own_int, money, money_list, day_range, time_range, month_days
    section: str
    choices: tuple[str, ...] = ()
    low: int = 0
    high: int = 3650
    name: str = ""  # the person a per-person field is for, filled into the label

    def title(self) -> str:
        """The label in the viewer's language, with the person's name where it has one."""
        return _(self.label).format(name=self.name) if self.name else _(self.label)

    @property
    def key(self) -> str:
        return self.id.split("/")[0]

    @property
    def part(self) -> str | None:
        return self.id.split("/")[1] if "/" in self.id else None


SHOP, CALLS, GREETINGS, TIER_SECTION = N_("Shop"), N_("Calls"), N_("Greetings"), N_("Tiers and thanks")
FIELDS: tuple[FormField, ...] = (
    FormField("shop.name", N_("Shop name"), "text", SHOP),
    FormField("shop.locale", N_("Shop language"), "choice", SHOP, LOCALES),
    FormField("shop.currency", N_("Currency"), "choice", SHOP, CURRENCIES),
    FormField("calls.daily_capacity", N_("Calls per person per day"), "int", CALLS, low=1, high=500),
    FormField("followups.post_purchase_threshold", N_("After-sale call from (amount)"), "money", CALLS),
    FormField("followups.post_purchase_days", N_("After-sale call within (days)"), "int", CALLS, low=1, high=90),
    FormField("followups.satisfaction_days", N_("Satisfaction call after (days)"), "int", CALLS, low=1, high=365),
    FormField("followups.referral_welcome_days", N_("Welcome call within (days)"), "int", CALLS, low=1, high=90),
    *(FormField(f"followups.neglect_days/{tier}", label, "day_range", CALLS) for tier, label in (
        ("regular", N_("We miss you: regular (days, ideal-latest)")),
        ("silver", N_("We miss you: silver (days, ideal-latest)")),
        ("gold", N_("We miss you: gold (days, ideal-latest)")),
        ("vip", N_("We miss you: VIP (days, ideal-latest)")))),
    FormField("followups.birthday_notice_days", N_("Birthdays shown ahead (days)"), "int", GREETINGS, high=60),
    FormField("followups.season_days", N_("Season care days (MM-DD, …)"), "month_days", GREETINGS),
    FormField("followups.quiet_hours", N_("Quiet hours (no greetings)"), "time_range", GREETINGS),
    FormField("followups.consent_max_age_days", N_("Re-confirm consent after (days)"), "int", GREETINGS,
              low=30, high=3650),
    *(FormField(f"tiers.thresholds/{tier}", label, "money", TIER_SECTION) for tier, label in (
        ("silver", N_("Silver from (total spend)")), ("gold", N_("Gold from (total spend)")),
        ("vip", N_("VIP from (total spend)")))),
    FormField("followups.milestones", N_("Thank-you at total spend of"), "money_list", TIER_SECTION),
)
CAPACITY_BY_STAFF = "calls.capacity_by_staff"
COVERED = frozenset(f.key for f in FIELDS) | {CAPACITY_BY_STAFF}


def fields() -> tuple[FormField, ...]:
    """The form's fields: the fixed ones, and each active person's own calls per day.

    A person's box left empty follows the shop's figure; 0 means she makes no calls
    (a manager who only reviews): her customers' calls go to whoever has room.
    """
    from deskcrm.services.staff import list_staff

    per_person = tuple(
        FormField(f"{CAPACITY_BY_STAFF}/{s.id}", N_("Calls per day: {name}"),
                  "own_int", CALLS, low=0, high=500, name=s.name)
        for s in list_staff()
    )
    first_after = next(i for i, f in enumerate(FIELDS) if f.key == "calls.daily_capacity") + 1
    return FIELDS[:first_after] + per_person + FIELDS[first_after:]


def _money_text(minor: int, currency: str) -> str:
    text = format_money(int(minor), currency)
    return text[:-3] if text.endswith(".00") else text


def text_of(field: FormField, value: Any, currency: str) -> str:
    """A stored value as the field shows it."""
    if field.part is not None:
        value = (value or {}).get(field.part)
    if value is None:
        return ""
    if field.kind == "money":
        return _money_text(value, currency)
    if field.kind == "money_list":
        return ", ".join(_money_text(v, currency) for v in value)
    if field.kind == "day_range":
        return f"{value[0]}-{value[1]}"
    if field.kind == "time_range":
        return f"{value[0]}-{value[1]}"
    if field.kind == "month_days":
        return ", ".join(value)
    return str(value)


def load() -> tuple[dict[str, str], str]:
    """Field id → text as stored now, and the shop's currency (amounts are shown in it)."""
    current = settings.get_many("")
    currency = current.get("shop.currency") or "CNY"
    return {f.id: text_of(f, current.get(f.key), currency) for f in fields()}, currency


def _int(text: str, low: int, high: int) -> int:
    try:
        n = int(text.replace(",", "").strip())
    except ValueError:
        raise ValueError(N_("Type a whole number")) from None
    if not low <= n <= high:
        raise ValueError(_("Type a number from {low} to {high}").format(low=low, high=high))
    return n


def _amount(text: str, currency: str) -> int:
    try:
        minor = parse_money(text, currency)
    except ValueError:
        raise ValueError(N_("Type an amount, e.g. 2,000")) from None
    if minor < 0:
        raise ValueError(N_("Type an amount, e.g. 2,000"))
    return minor


def _hhmm(text: str) -> str:
    try:
        return dt.datetime.strptime(text.strip(), "%H:%M").strftime("%H:%M")
    except ValueError:
        raise ValueError(N_("Type two times, e.g. 21:00-08:00")) from None


def check(field: FormField, text: str, currency: str) -> Any:
    """The value typed into one field; ValueError (a catalogue id) says what is wrong."""
    text = text.strip().replace("，", ",").replace("～", "-").replace("~", "-")
    if field.kind == "text":
        return text  # an unnamed shop's messages go unsigned; first start asks for the name
    if field.kind == "choice":
        if text not in field.choices:
            raise ValueError(N_("Choose one of the list"))
        return text
    if field.kind == "int":
        return _int(text, field.low, field.high)
    if field.kind == "own_int":
        return _int(text, field.low, field.high) if text else None
    if field.kind == "money":
        return _amount(text, currency)
    if field.kind == "money_list":
        amounts = [_amount(p, currency) for p in text.split(",") if p.strip()] if text else []
        return sorted(set(amounts))
    if field.kind == "day_range":
        parts = [p for p in text.split("-") if p.strip()]
        if len(parts) != 2:
            raise ValueError(N_("Type two numbers of days, e.g. 60-90"))
        ideal, latest = (_int(p, 1, 3650) for p in parts)
        if ideal > latest:
            raise ValueError(N_("The ideal day comes before the latest"))
        return [ideal, latest]
    if field.kind == "time_range":
        parts = text.split("-")
        if len(parts) != 2:
            raise ValueError(N_("Type two times, e.g. 21:00-08:00"))
        return [_hhmm(parts[0]), _hhmm(parts[1])]
    if field.kind == "month_days":
        days = []
        for part in (p.strip() for p in text.split(",") if p.strip()):
            try:
                month, day = (int(x) for x in part.split("-"))
                dt.date(2000, month, day)
            except ValueError:
                raise ValueError(N_("Type days as MM-DD, e.g. 03-01, 06-01")) from None
            days.append(f"{month:02d}-{day:02d}")
        return sorted(set(days))
    raise AssertionError(field.kind)


def values(texts: dict[str, str]) -> tuple[dict[str, Any], dict[str, str]]:
    """(settings to write, errors by field id) for the whole form."""
    currency = texts.get("shop.currency") or settings.get("shop.currency") or "CNY"
    out: dict[str, Any] = {}
    errors: dict[str, str] = {}
    current = settings.get_many("")
    for f in fields():
        try:
            value = check(f, texts.get(f.id, ""), currency)
        except ValueError as exc:
            errors[f.id] = str(exc)
            continue
        if f.part is None:
            out[f.key] = value
            continue
        entries = out.setdefault(f.key, dict(current.get(f.key) or {}))
        if value is None:
            entries.pop(f.part, None)  # an empty per-person box: the shop's figure again
        else:
            entries[f.part] = value
    return out, errors


def save(texts: dict[str, str]) -> dict[str, str]:
    """Write every field, or nothing when any is wrong; returns the errors by field id."""
    out, errors = values(texts)
    if not errors:
        settings.put_many(out)
    return errors
