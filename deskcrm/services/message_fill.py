"""A follow-up's message, filled for its customer in words a person would write.

The occasion is named ("결혼기념일", "您的孩子王红"), never pasted as the stored
reason, date code or calendar tag; dates inside a message are spoken the
customer's way ("10 December", "12月10日", "12월 10일"), never ISO. One Filler
serves a page of follow-ups with a handful of queries, whatever the page size.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from deskcrm.services import settings
from deskcrm.services.festivals import FESTIVAL_SETS
from deskcrm.services.followups.config import RuleConfig
from deskcrm.services.templates import Library, customer_data
from deskcrm.store.models import Customer, FollowUp, ImportantDate, Purchase, RelatedPerson

_FESTIVALS = {f.code: f for fs in FESTIVAL_SETS.values() for f in fs}
_MONTHS_EN = ("January", "February", "March", "April", "May", "June", "July", "August",
              "September", "October", "November", "December")
# how a message names the customer's family member: polite, and without guessing a gender
RELATION_WORDS = {
    "child": {"en": "{name}", "zh_Hans": "您的孩子{name}", "zh_Hant": "您的孩子{name}", "ko": "자녀 {name}"},
    "spouse": {"en": "{name}", "zh_Hans": "您的爱人{name}", "zh_Hant": "您的另一半{name}",
               "ko": "배우자 {name} 님"},
}
OTHER_PERSON = {"en": "{name}", "zh_Hans": "{name}", "zh_Hant": "{name}", "ko": "{name} 님"}


def spoken_date(day: dt.date, locale: str) -> str:
    """A day as a greeting says it: no year, no ISO digits."""
    if locale.startswith("zh"):
        return f"{day.month}月{day.day}日"
    if locale.startswith("ko"):
        return f"{day.month}월 {day.day}일"
    return f"{day.day} {_MONTHS_EN[day.month - 1]}"


def person_words(relation: str, name: str, locale: str) -> str:
    words = RELATION_WORDS.get(relation, OTHER_PERSON)
    return words.get(locale, words["en"]).format(name=name)


def template_name(f: FollowUp) -> str:
    """Which wording of the kind a follow-up uses (the send list groups by it)."""
    key = f.dedupe_key or ""
    if key.endswith(":satisfaction"):
        return "satisfaction"
    if f.kind == "date" and key.startswith("date:related:"):
        return "related_birthday"
    return "default"


def _key_id(f: FollowUp, position: int) -> int | None:
    parts = (f.dedupe_key or "").split(":")
    return int(parts[position]) if len(parts) > position and parts[position].isdigit() else None


class Filler:
    """Messages for a batch of follow-up rows (with their customer joined)."""

    def __init__(self, cfg: RuleConfig, rows: Iterable[FollowUp]) -> None:
        rows = list(rows)
        self.cfg = cfg
        self.library = Library(cfg.shop_locale)
        self.shop_name = settings.get("shop.name") or ""  # once per page, not once per message
        purchase_ids = sorted({f.purchase_id for f in rows if f.purchase_id})
        self.items = dict(Purchase.select(Purchase.id, Purchase.item)
                          .where(Purchase.id.in_(purchase_ids)).tuples()) if purchase_ids else {}
        referred = sorted({i for f in rows if f.kind == "referral_thanks" for i in [_key_id(f, 1)] if i})
        self.names = dict(Customer.select(Customer.id, Customer.name)
                          .where(Customer.id.in_(referred)).tuples()) if referred else {}
        related = sorted({i for f in rows if template_name(f) == "related_birthday"
                          for i in [_key_id(f, 2)] if i})
        self.related = {r: (rel, name) for r, rel, name in RelatedPerson.select(
            RelatedPerson.id, RelatedPerson.relation, RelatedPerson.name)
            .where(RelatedPerson.id.in_(related)).tuples()} if related else {}
        dates = sorted({i for f in rows if f.kind == "date" and template_name(f) == "default"
                        for i in [_key_id(f, 1)] if i})
        self.labels = dict(ImportantDate.select(ImportantDate.id, ImportantDate.label)
                           .where(ImportantDate.id.in_(dates)).tuples()) if dates else {}

    def extra(self, f: FollowUp, locale: str) -> dict[str, str]:
        parts = (f.dedupe_key or "").split(":")
        extra = {"occasion": "", "date": spoken_date(f.due_on, locale),
                 "item": self.items.get(f.purchase_id, "")}
        if f.kind == "festival" and len(parts) > 1 and parts[1] in _FESTIVALS:
            extra["festival"] = _FESTIVALS[parts[1]].name(locale)
        if f.kind == "referral_thanks":
            extra["who"] = self.names.get(_key_id(f, 1) or 0, "")
        if f.kind == "date":
            if template_name(f) == "related_birthday":
                relation, name = self.related.get(_key_id(f, 2) or 0, ("", ""))
                extra["who"] = person_words(relation, name, locale)
            else:
                extra["occasion"] = self.labels.get(_key_id(f, 1) or 0, "")
        if f.kind == "vip_event" and len(parts) > 1:
            try:
                day = dt.date.fromisoformat(parts[1])
            except ValueError:
                day = f.due_on
            extra["date"] = spoken_date(day, locale)
            extra["event"] = next((e.name for e in self.cfg.vip_events
                                   if (e.month, e.day) == (day.month, day.day)), "")
        if f.kind == "repurchase":
            extra["item"] = ""
        return extra

    def message(self, f: FollowUp) -> str:
        """The stored message if staff wrote one, else the library's wording filled in."""
        if f.message:
            return f.message
        data = customer_data(f.customer, self.cfg.shop_locale, self.shop_name)
        return self.library.message(f.kind, data, self.extra(f, data["locale"]), template_name(f))
