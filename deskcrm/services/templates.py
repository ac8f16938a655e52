"""The message library: default wordings per kind and language, filled in for one customer.

Greetings wish well and never advertise (004 §Ⅹ-2 A): the festival, birthday and
season defaults carry no offer. Placeholders are `{name}` style; a placeholder the
data does not know is left visible, so a typo shows up in the preview instead of
crashing a call list.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from deskcrm.services import settings
from deskcrm.services.template_defaults import DEFAULTS, MARKETING, SUPERSEDED
from deskcrm.store.models import Customer, MessageTemplate, database

PLACEHOLDER = re.compile(r"\{(\w+)\}")
UNSIGNED = re.compile(r"\s*(——|—|-)\s*$")
LOCALES = ("en", "zh_Hans", "zh_Hant", "ko")
# follow-up kind → template kind (and name) in the library
KIND_TEMPLATE = {"neglect": "miss_you", "complaint_promise": "complaint_followup"}
_COMPOUND_SURNAMES = ("欧阳", "歐陽", "司马", "司馬", "上官", "诸葛", "諸葛", "东方", "東方", "皇甫", "南宫", "南宮")
PLACEHOLDERS = ("address", "name", "shop", "city", "festival", "occasion", "date", "item", "event", "who")


@dataclass(frozen=True)
class TemplateInfo:
    id: int
    kind: str
    locale: str
    name: str
    body: str
    is_marketing: bool


def _info(t: MessageTemplate) -> TemplateInfo:
    return TemplateInfo(t.id, t.kind, t.locale, t.name, t.body, t.is_marketing)


def ensure_defaults(now: dt.datetime | None = None) -> int:
    """Insert the default wordings a fresh file needs; never overwrites a shop's own edits."""
    rows = [
        {"kind": kind, "locale": locale, "name": name, "body": body,
         "is_marketing": kind in MARKETING, **({"updated_at": now} if now else {})}
        for (kind, name), bodies in DEFAULTS.items()
        for locale, body in bodies.items()
    ]
    # read first: a file that has them (every start after the first) takes no write lock
    have = {(k, loc, n): body for k, loc, n, body in MessageTemplate.select(
        MessageTemplate.kind, MessageTemplate.locale, MessageTemplate.name, MessageTemplate.body).tuples()}
    stale = [r for r in rows if SUPERSEDED.get((r["kind"], r["name"], r["locale"])) is not None
             and have.get((r["kind"], r["locale"], r["name"])) == SUPERSEDED[(r["kind"], r["name"], r["locale"])]]
    rows = [r for r in rows if (r["kind"], r["locale"], r["name"]) not in have]
    if not rows and not stale:
        return 0
    with database.atomic():
        for r in stale:
            MessageTemplate.update(body=r["body"]).where(
                (MessageTemplate.kind == r["kind"]) & (MessageTemplate.locale == r["locale"])
                & (MessageTemplate.name == r["name"])).execute()
        return MessageTemplate.insert_many(rows).on_conflict_ignore().as_rowcount().execute() if rows else 0


def list_templates(kind: str | None = None) -> list[TemplateInfo]:
    query = MessageTemplate.select().order_by(MessageTemplate.kind, MessageTemplate.name,
                                              MessageTemplate.locale)
    if kind:
        query = query.where(MessageTemplate.kind == kind)
    return [_info(t) for t in query]


def get_template(template_id: int) -> TemplateInfo | None:
    t = MessageTemplate.get_or_none(MessageTemplate.id == template_id)
    return _info(t) if t else None


def save_template(template_id: int, body: str, now: dt.datetime) -> None:
    if not body.strip():
        raise ValueError("The message cannot be empty")
    MessageTemplate.update(body=body, updated_at=now).where(MessageTemplate.id == template_id).execute()


def fill(template: str | TemplateInfo, data: Mapping[str, Any], extra: Mapping[str, Any] | None = None) -> str:
    """Substitute `{placeholder}`s; unknown ones stay visible, empty values become empty."""
    body = template.body if isinstance(template, TemplateInfo) else template
    values = {**data, **(extra or {})}

    def sub(match: re.Match[str]) -> str:
        key = match.group(1)
        if key not in values:
            return match.group(0)
        value = values[key]
        return "" if value is None else str(value)

    return PLACEHOLDER.sub(sub, body)


def _is_hangul(text: str) -> bool:
    return any("\uac00" <= ch <= "\ud7a3" for ch in text)


def _is_han(text: str) -> bool:
    return any("\u4e00" <= ch <= "\u9fff" for ch in text)


def address_for(name: str, form_of_address: str, gender: str, locale: str) -> str:
    """How the message addresses the customer: their own form if filed, else 王女士 / 김민수 님 / the name."""
    if form_of_address.strip():
        return form_of_address.strip()
    name = name.strip()
    if locale.startswith("ko") or _is_hangul(name):
        return f"{name} 님" if name else ""
    if _is_han(name[:1]):
        surname = next((s for s in _COMPOUND_SURNAMES if name.startswith(s)), name[0])
        title = {"F": "女士", "M": "先生"}.get(gender)
        return f"{surname}{title}" if title else name
    return name


def customer_locale(locale: str, shop_locale: str) -> str:
    return locale if locale in LOCALES else (shop_locale if shop_locale in LOCALES else "en")


def customer_data(c: Customer | Mapping[str, Any], shop_locale: str | None = None,
                  shop_name: str | None = None) -> dict[str, Any]:
    """The fields a template may use, from a Customer row or anything card-like with the same keys."""
    get = c.get if isinstance(c, Mapping) else (lambda k, d=None: getattr(c, k, d))
    shop_locale = shop_locale or settings.get("shop.locale") or "en"
    locale = customer_locale(get("locale", "") or "", shop_locale)
    name = get("name", "") or ""
    return {
        "name": name,
        "address": address_for(name, get("form_of_address", "") or "", get("gender", "") or "", locale),
        "shop": (settings.get("shop.name") if shop_name is None else shop_name) or "",
        "locale": locale,
        "city": get("city", "") or "",
    }


class Library:
    """All templates in memory (a few dozen rows), so filling a 500-row call list costs no queries."""

    def __init__(self, shop_locale: str) -> None:
        self.shop_locale = shop_locale
        self._by_key = {(t.kind, t.locale, t.name): t for t in list_templates()}

    def choose(self, kind: str, locale: str, name: str = "default") -> TemplateInfo | None:
        kind = KIND_TEMPLATE.get(kind, kind)
        for loc in (locale, self.shop_locale, "en"):
            for n in (name, "default"):
                t = self._by_key.get((kind, loc, n))
                if t is not None:
                    return t
        return None

    def message(self, kind: str, data: Mapping[str, Any], extra: Mapping[str, Any] | None = None,
                name: str = "default") -> str:
        t = self.choose(kind, data.get("locale", self.shop_locale), name)
        if t is None:
            return ""
        text = fill(t, data, extra)
        # no shop name yet: no dangling "— " where the signature goes
        return text if data.get("shop") else UNSIGNED.sub("", text)
