"""Today's messages as a send list: grouped by wording and language, sent in one pass.

Greetings, season care and broadcasts are not calls (issue 12): a clerk copies
them one by one into the shop's SMS/KakaoTalk/WeChat tool, or exports the batch
as CSV for it, then marks the batch sent. "Mark sent" closes the follow-ups and
writes a contact log row for each: a day's batch in one transaction, a festival
day's tens of thousands in short chunks, so the write lock is never held for long.
"""

from __future__ import annotations

import csv
import datetime as dt
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from peewee import Case, Tuple, fn

from deskcrm.services import shops
from deskcrm.services.agenda import allowed
from deskcrm.services.followups.actions import CONTACT_KIND
from deskcrm.services.followups.config import load_config
from deskcrm.services.followups.kinds import MESSAGE_KINDS
from deskcrm.services.message_fill import Filler
from deskcrm.services.templates import LOCALES, customer_locale
from deskcrm.store.models import Contact, Customer, FollowUp, database

# marking sent: a batch this size or smaller is one transaction; a bigger one goes in
# chunks of CHUNK. Each row touches pages of several indexes, so a commit costs with its
# rows: at 100 000 customers on the loaded 2-CPU machine 25 rows held the lock p50 25 ms /
# max 81 ms, 50 rows p50 ~90 ms, 200 rows p50 306 / max 451 ms (benchmarks/bench_sendlist.py)
ONE_TRANSACTION = 50
CHUNK = 25
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


def _in_group(today: dt.date, group: SendGroup):
    template, locale = _template_sql(), _locale_sql(load_config().shop_locale)
    return (_pending(today) & (FollowUp.kind == group.kind) & (template == group.template)
            & (locale == group.locale))


def group_ids(today: dt.date, group: SendGroup) -> list[int]:
    """The follow-ups of one group, by customer name order."""
    query = (FollowUp.select(FollowUp.id).join(Customer).where(_in_group(today, group))
             .order_by(Customer.sort_key, FollowUp.id))
    return [i for (i,) in database.execute(query).fetchall()]


def group_pages(today: dt.date, group: SendGroup, size: int = PAGE) -> Iterator[list[Outgoing]]:
    """One group's messages filled, a page at a time, in customer-name order.

    Keyset paging on (name order, id): each page starts after the last one's key, so a
    festival day's 95 000 greetings page as fast at the end as at the start (OFFSET
    re-reads every row it skips).
    """
    where = _in_group(today, group)
    after: tuple[str, int] | None = None
    while True:
        query = FollowUp.select(FollowUp.id, Customer.sort_key).join(Customer).where(where)
        if after is not None:
            query = query.where(Tuple(Customer.sort_key, FollowUp.id) > Tuple(*after))
        rows = database.execute(query.order_by(Customer.sort_key, FollowUp.id).limit(size)).fetchall()
        if rows:
            yield fill([i for i, _key in rows])
        if len(rows) < size:
            return
        after = (rows[-1][1], rows[-1][0])


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


def mark_sent(ids: Iterable[int], now: dt.datetime, staff_id: int | None,
              progress: Callable[[int, int], None] | None = None) -> int:
    """Close the messages as sent and log a contact for each; returns how many were sent now.

    A batch of up to ONE_TRANSACTION messages (a day's birthdays, the 50 of issue 12) is one
    transaction: all sent and logged, or nothing. A festival day's tens of thousands cannot
    be: one transaction would hold the write lock for seconds and freeze every other
    terminal. Those go in chunks of CHUNK, each whole (a follow-up is closed only with its
    contact row). From the clerk's side it stays all-or-nothing in effect: a batch cut
    short (the app killed, the disk full) leaves the rest open in the send list, and
    marking it again sends exactly those — rows already closed, here or from another
    terminal, are left alone, so nothing is logged twice. `progress(done, total)` is
    told after each chunk, so a screen can say how far a festival day's batch is.
    """
    ids = list(ids)
    size = len(ids) if len(ids) <= ONE_TRANSACTION else CHUNK
    sent = 0
    for start in range(0, len(ids), max(size, 1)):
        part = ids[start:start + size]
        # read outside the write lock: what each contact row needs (channel, kind, reason)
        facts = {f.id: f for f in FollowUp.select(
            FollowUp.id, FollowUp.customer, FollowUp.kind, Customer.id,
            Customer.consent_chat, Customer.consent_sms, Customer.consent_email,
        ).join(Customer).where(FollowUp.id.in_(part) & (FollowUp.status == "open"))}
        if facts:
            sent += _close_sent(facts, now, staff_id)
        if progress is not None:
            progress(min(start + size, len(ids)), len(ids))
    return sent


def _close_sent(facts: dict[int, FollowUp], now: dt.datetime, staff_id: int | None) -> int:
    """One write transaction: close what is still open of `facts`, log those, touch their customers."""
    with database.atomic():
        # re-read under the lock: only what is still open now is closed and logged
        still = [i for (i,) in FollowUp.select(FollowUp.id).where(
            FollowUp.id.in_(list(facts)) & (FollowUp.status == "open")).tuples()]
        if not still:
            return 0
        FollowUp.update(status="done", outcome="sent", done_at=now, done_by=staff_id).where(
            FollowUp.id.in_(still)).execute()
        rows = [facts[i] for i in still]
        Contact.insert_many([
            {"customer": f.customer_id, "at": now, "channel": channel_for(f.customer),
             # no note: the log shows the follow-up's reason in the reader's language
             "kind": CONTACT_KIND.get(f.kind, "other"), "outcome": "sent", "note": "",
             "staff": staff_id, "followup": f.id}
            for f in rows
        ]).execute()
        Customer.update(last_contact_at=now).where(
            Customer.id.in_(sorted({f.customer_id for f in rows}))
            & (Customer.last_contact_at.is_null() | (Customer.last_contact_at < now))).execute()
    return len(still)
