"""Today's messages as a send list: grouped by wording and language, sent in one pass.

Greetings, season care and broadcasts are not calls (issue 12): a clerk copies
them one by one into the shop's SMS/KakaoTalk/WeChat tool, or exports the batch
as CSV for it, then marks the batch sent. "Mark sent" closes the follow-ups and
writes a contact log row for each, in transactions of at most CHUNK rows, so a
festival day with thousands of greetings never holds the write lock for long.
"""

from __future__ import annotations

import csv
import datetime as dt
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from peewee import Case, fn

from deskcrm.services import shops
from deskcrm.services.agenda import allowed
from deskcrm.services.followups.actions import CONTACT_KIND
from deskcrm.services.followups.config import load_config
from deskcrm.services.followups.kinds import MESSAGE_KINDS
from deskcrm.services.message_fill import Filler
from deskcrm.services.templates import LOCALES, customer_locale
from deskcrm.store.models import Contact, Customer, FollowUp, database

CHUNK = 200  # follow-ups per write transaction when marking sent
PAGE = 500


@dataclass(frozen=True)
class SendGroup:
    """One wording in one language, and how many follow-ups use it today."""

    kind: str
    template: str  # the wording's name: default, related_birthday, satisfaction
    locale: str
    count: int


@dataclass(frozen=True)
class Outgoing:
    followup_id: int
    customer_id: int
    customer_name: str
    phone: str
    channel: str  # chat, sms, email: what the customer agreed to
    locale: str
    kind: str
    message: str


def channel_for(c: Customer) -> str:
    """The channel the customer agreed to, chat before SMS before email."""
    for ok, channel in ((c.consent_chat, "chat"), (c.consent_sms, "sms"), (c.consent_email, "email")):
        if ok:
            return channel
    return "call"


def _pending(today: dt.date):
    # status wrapped: the kind index finds today's messages, not every open follow-up
    return (fn.COALESCE(FollowUp.status, "") == "open") & FollowUp.kind.in_(sorted(MESSAGE_KINDS)) \
        & (FollowUp.due_on <= today) & allowed() & shops.here(FollowUp.shop)


def _template_sql():
    """message_fill.template_name, in SQL, so a festival day's 95 000 greetings group in SQLite."""
    return Case(None, [(FollowUp.dedupe_key.endswith(":satisfaction"), "satisfaction"),
                       ((FollowUp.kind == "date") & FollowUp.dedupe_key.startswith("date:related:"),
                        "related_birthday")], "default")


def _locale_sql(shop_locale: str):
    """templates.customer_locale, in SQL."""
    fallback = customer_locale("", shop_locale)
    return Case(None, [(Customer.locale.in_(list(LOCALES)), Customer.locale)], fallback)


def pending_count(today: dt.date) -> int:
    return FollowUp.select(fn.COUNT(FollowUp.id)).join(Customer).where(_pending(today)).scalar() or 0


def groups(today: dt.date) -> list[SendGroup]:
    """Today's messages (and any not yet expired from the days before), by wording and language."""
    template, locale = _template_sql(), _locale_sql(load_config().shop_locale)
    query = (FollowUp.select(FollowUp.kind, template, locale, fn.COUNT(FollowUp.id))
             .join(Customer).where(_pending(today)).group_by(FollowUp.kind, template, locale)
             .order_by(FollowUp.kind, template, locale))
    return [SendGroup(*row) for row in database.execute(query).fetchall()]


def group_ids(today: dt.date, group: SendGroup) -> list[int]:
    """The follow-ups of one group, by customer name order."""
    template, locale = _template_sql(), _locale_sql(load_config().shop_locale)
    query = (FollowUp.select(FollowUp.id).join(Customer)
             .where(_pending(today) & (FollowUp.kind == group.kind) & (template == group.template)
                    & (locale == group.locale))
             .order_by(Customer.sort_key, FollowUp.id))
    return [i for (i,) in database.execute(query).fetchall()]


def fill(ids: Iterable[int]) -> list[Outgoing]:
    """These follow-ups as messages ready to send, in the order given (pages of PAGE)."""
    ids = list(ids)
    cfg = load_config()
    out: dict[int, Outgoing] = {}
    for start in range(0, len(ids), PAGE):
        rows = list(FollowUp.select(FollowUp, Customer).join(Customer)
                    .where(FollowUp.id.in_(ids[start:start + PAGE])))
        filler = Filler(cfg, rows)
        for f in rows:
            c = f.customer
            out[f.id] = Outgoing(f.id, c.id, c.name, c.phone, channel_for(c),
                                 customer_locale(c.locale, cfg.shop_locale), f.kind, filler.message(f))
    return [out[i] for i in ids if i in out]


def _pages(ids: list[int]) -> Iterator[list[Outgoing]]:
    for start in range(0, len(ids), PAGE):
        yield fill(ids[start:start + PAGE])


CSV_HEADER = ("customer", "phone", "channel", "language", "message", "followup_id")


def export_csv(ids: Iterable[int], path: str | Path) -> int:
    """The batch as UTF-8 CSV (with BOM, so spreadsheet tools read CJK right) for the sending tool."""
    ids = list(ids)
    n = 0
    with open(path, "w", newline="", encoding="utf-8-sig") as out:
        writer = csv.writer(out)
        writer.writerow(CSV_HEADER)
        for page in _pages(ids):
            for m in page:
                writer.writerow((m.customer_name, m.phone, m.channel, m.locale, m.message, m.followup_id))
                n += 1
    return n


def mark_sent(ids: Iterable[int], now: dt.datetime, staff_id: int | None) -> int:
    """Close the messages as sent and log a contact for each; returns how many were sent now.

    Rows already closed (sent from another terminal meanwhile) are left alone, so
    marking a batch twice logs nothing twice.
    """
    ids = list(ids)
    sent = 0
    for start in range(0, len(ids), CHUNK):
        part = ids[start:start + CHUNK]
        with database.atomic():
            rows = list(FollowUp.select(FollowUp.id, FollowUp.customer, FollowUp.kind, FollowUp.reason,
                                        Customer.id, Customer.consent_chat, Customer.consent_sms,
                                        Customer.consent_email)
                        .join(Customer).where(FollowUp.id.in_(part) & (FollowUp.status == "open")))
            if not rows:
                continue
            FollowUp.update(status="done", outcome="sent", done_at=now, done_by=staff_id).where(
                FollowUp.id.in_([f.id for f in rows]) & (FollowUp.status == "open")).execute()
            Contact.insert_many([
                {"customer": f.customer_id, "at": now, "channel": channel_for(f.customer),
                 "kind": CONTACT_KIND.get(f.kind, "other"), "outcome": "sent", "note": f.reason,
                 "staff": staff_id, "followup": f.id}
                for f in rows
            ]).execute()
            Customer.update(last_contact_at=now).where(
                Customer.id.in_(sorted({f.customer_id for f in rows}))
                & (Customer.last_contact_at.is_null() | (Customer.last_contact_at < now))).execute()
            sent += len(rows)
    return sent
