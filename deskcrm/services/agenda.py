"""The call list and day agendas: who to call, in what order, with what to say.

Order: overdue, then due today, then coming up (birthdays a week ahead, neglect at
its ideal window); within each, whoever can be called right now comes first, by
their contact window. Marketing is never offered in quiet hours. Rows are read in
SQL pages (≤ 500) with the order computed by SQLite, so a festival day with
50 000 greetings pages like any other.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from peewee import JOIN, SQL, Case, Value, fn

from deskcrm.i18n import _
from deskcrm.services import shops
from deskcrm.services.followups import reasons
from deskcrm.services.followups.common import COMPLAINT_KINDS, has_consent
from deskcrm.services.followups.config import RuleConfig, load_config
from deskcrm.services.message_fill import Filler
from deskcrm.store.models import FOLLOWUP_STATUSES, Customer, FollowUp, Purchase

PAGE = 500


@dataclass(frozen=True)
class DayCounts:
    overdue: int = 0
    due: int = 0
    done: int = 0

    @property
    def total(self) -> int:
        return self.overdue + self.due + self.done


@dataclass(frozen=True)
class AgendaItem:
    id: int
    customer_id: int
    customer_name: str
    phone: str
    kind: str
    reason: str
    due_on: dt.date
    original_due_on: dt.date | None
    status: str  # open, done, skipped
    group: str  # overdue, due, upcoming, closed
    is_marketing: bool
    window: str  # "09:00-18:00" or ""
    callable_now: bool
    talking_points: tuple[str, ...]
    message: str
    reconfirm_consent: bool
    note: str
    complaint_id: int | None = None


def is_quiet(t: dt.time, start: dt.time, end: dt.time) -> bool:
    """Quiet hours may run over midnight (21:00-08:00)."""
    return (start <= t or t < end) if start > end else start <= t < end


def in_window(t: dt.time, start: str, end: str) -> bool:
    """A customer's contact window ("HH:MM", "" = open); it may run over midnight."""
    s, e, hm = start or "00:00", end or "24:00", t.strftime("%H:%M")
    return (s <= hm < e) if s <= e else (hm >= s or hm < e)


def month_counts(first: dt.date, last: dt.date, today: dt.date) -> dict[dt.date, DayCounts]:
    """Per day: open and past due (overdue), open (due), done or skipped — one GROUP BY."""
    counts: dict[dt.date, list[int]] = {}
    # one query per status: each is a range scan of the covering (status, due_on) index
    for status in FOLLOWUP_STATUSES:
        query = (
            FollowUp.select(FollowUp.due_on, fn.COUNT(SQL("*")))
            .where((FollowUp.status == status) & FollowUp.due_on.between(first, last)
                   & shops.here(FollowUp.shop))
            .group_by(FollowUp.due_on)
            .tuples()
        )
        for day, n in query:
            c = counts.setdefault(day, [0, 0, 0])
            if status == "open":
                c[0 if day < today else 1] += n
            else:
                c[2] += n
    return {day: DayCounts(*c) for day, c in counts.items()}


@dataclass(frozen=True)
class WeekEntry:
    """One line of the week view: who is due, for what, how it stands."""

    customer_name: str
    kind: str
    status: str  # open, done, skipped
    group: str  # overdue, due, closed


def week_people(first: dt.date, last: dt.date, today: dt.date, per_day: int = 40) -> dict[dt.date, list[WeekEntry]]:
    """Per day, who is due (open first, by name); at most `per_day` rows each — the counts say the rest."""
    out: dict[dt.date, list[WeekEntry]] = {}
    status_rank = Case(None, [(FollowUp.status == "open", 0)], 1)
    day = first
    while day <= last:
        # one (status, due_on)-indexed query per day keeps each a small LIMIT, even on festival days
        query = (
            FollowUp.select(Customer.name, FollowUp.kind, FollowUp.status)
            .join(Customer)
            .where((FollowUp.due_on == day) & allowed() & shops.here(FollowUp.shop))
            .order_by(status_rank, Customer.sort_key, FollowUp.id)
            .limit(min(per_day, PAGE))
            .tuples()
        )
        out[day] = [
            WeekEntry(name, kind, status,
                      "closed" if status != "open" else ("overdue" if day < today else "due"))
            for name, kind, status in query
        ]
        day += dt.timedelta(days=1)
    return out


def allowed():
    """Do-not-contact and withdrawn consent hide what may no longer be sent, before generation tidies it."""
    blocked = (Customer.do_not_contact == True) & FollowUp.kind.not_in(list(COMPLAINT_KINDS))  # noqa: E712
    no_consent = (FollowUp.is_marketing == True) & ~has_consent()  # noqa: E712
    return ~blocked & ~no_consent


def _callable_sql(local_time: dt.time, cfg: RuleConfig):
    s = fn.COALESCE(fn.NULLIF(Customer.contact_window_start, ""), "00:00")
    e = fn.COALESCE(fn.NULLIF(Customer.contact_window_end, ""), "24:00")
    hm = Value(local_time.strftime("%H:%M"))
    inside = ((s <= e) & (s <= hm) & (hm < e)) | ((s > e) & ((hm >= s) | (hm < e)))
    if is_quiet(local_time, cfg.quiet_start, cfg.quiet_end):
        inside = inside & (FollowUp.is_marketing == False)  # noqa: E712
    return Case(None, [(inside, 0)], 1), s


# what an item shows of the customer (_items, _reconfirm, templates.customer_data): a call
# list page built every one of the customer's ~66 columns into the model, over half of the
# CPU of `deskcrm agenda --days 30`'s 5 000 items at 100 000 customers
ITEM_CUSTOMER_FIELDS = (
    Customer.id, Customer.name, Customer.phone, Customer.hobbies, Customer.family,
    Customer.best_contact_time, Customer.contact_window_start, Customer.contact_window_end,
    Customer.locale, Customer.form_of_address, Customer.gender, Customer.city,
    Customer.consent_call, Customer.consent_call_at, Customer.consent_sms, Customer.consent_sms_at,
    Customer.consent_email, Customer.consent_email_at, Customer.consent_chat, Customer.consent_chat_at,
)


def _query(where, order_first, local_time: dt.time, cfg: RuleConfig, limit: int):
    callable_rank, window_start = _callable_sql(local_time, cfg)
    return (
        FollowUp.select(FollowUp, *ITEM_CUSTOMER_FIELDS, callable_rank.alias("busy"))
        .join(Customer)
        .where(where & allowed() & shops.here(FollowUp.shop))
        .order_by(*order_first, callable_rank, window_start, FollowUp.due_on, Customer.sort_key,
                  FollowUp.id)
        .limit(min(limit, PAGE))
    )


def _ordered_ids(where, order_first, local_time: dt.time, cfg: RuleConfig) -> list[int]:
    callable_rank, window_start = _callable_sql(local_time, cfg)
    query = (
        FollowUp.select(FollowUp.id)
        .join(Customer)
        .where(where & allowed() & shops.here(FollowUp.shop))
        .order_by(*order_first, callable_rank, window_start, FollowUp.due_on, Customer.sort_key,
                  FollowUp.id)
        .tuples()
    )
    return [fid for (fid,) in query]


def call_list(
    today: dt.date, local_time: dt.time, *, limit: int = PAGE, days: int = 1,
) -> list[AgendaItem]:
    """Today's calls (or today .. today+days-1): overdue first, then due, then coming up, then finished."""
    cfg = load_config()
    last = today + dt.timedelta(days=max(days, 1) - 1)
    is_open = FollowUp.status == "open"
    upcoming = FollowUp.visible_from.is_null(False) & (FollowUp.visible_from <= today) & (
        FollowUp.due_on > last
    )
    # what was finished today stays at the bottom, so the desk sees its own progress
    finished = ~is_open & FollowUp.due_on.between(today, last)
    where = (is_open & ((FollowUp.due_on <= last) | upcoming)) | finished
    group = Case(None, [(~is_open, 3), (FollowUp.due_on < today, 0), (FollowUp.due_on <= last, 1)], 2)
    rows = list(_query(where, [group], local_time, cfg, limit))
    return _items(rows, today, cfg, due_through=last)


def items_by_id(
    ids: list[int], today: dt.date, local_time: dt.time, *, due_through: dt.date | None = None,
) -> list[AgendaItem]:
    """These follow-ups as call-list items, in the order given (the day plan's rank)."""
    cfg = load_config()
    items: dict[int, AgendaItem] = {}
    for start in range(0, len(ids), PAGE):
        part = ids[start:start + PAGE]
        rows = list(_query(FollowUp.id.in_(part), [], local_time, cfg, PAGE))
        items.update((i.id, i) for i in _items(rows, today, cfg, due_through=due_through or today))
    return [items[i] for i in ids if i in items]


def day_ids(day: dt.date, local_time: dt.time) -> list[int]:
    """Every follow-up due on one day, in the agenda's order (open ones first), as ids.

    A festival day holds tens of thousands; its agenda pages by slicing this list
    (`day_page`), so the last page costs what the first does, never an OFFSET walk.
    """
    status_rank = Case(None, [(FollowUp.status == "open", 0)], 1)
    return _ordered_ids(FollowUp.due_on == day, [status_rank], local_time, load_config())


def day_page(ids: list[int], day: dt.date, today: dt.date, local_time: dt.time,
             start: int = 0) -> list[AgendaItem]:
    """One page of a day's agenda from its `day_ids`."""
    return items_by_id(ids[start:start + PAGE], today, local_time, due_through=max(day, today))


def day_items(day: dt.date, today: dt.date, local_time: dt.time) -> list[AgendaItem]:
    """The first page of everything due on one day, open ones first."""
    return day_page(day_ids(day, local_time), day, today, local_time)


def _last_purchases(customer_ids: list[int]) -> dict[int, str]:
    if not customer_ids:
        return {}
    query = (
        Purchase.select(Purchase.customer_id, Purchase.item, Purchase.purchased_on)
        .join(Customer)
        .where(Purchase.customer.in_(customer_ids) & (Purchase.purchased_on == Customer.last_purchase_on))
        # several items that day: the one logged last, on every engine (ids ascend, the last wins)
        .order_by(Purchase.customer, Purchase.id)
        .tuples()
    )
    return {cid: f"{item} ({day.isoformat()})" for cid, item, day in query}


def _reconfirm(c: Customer, today: dt.date, max_age: int) -> bool:
    given = [at for ok, at in ((c.consent_call, c.consent_call_at), (c.consent_sms, c.consent_sms_at),
                               (c.consent_email, c.consent_email_at), (c.consent_chat, c.consent_chat_at))
             if ok and at]
    return bool(given) and (today - max(given).date()).days > max_age


def _items(rows: list[FollowUp], today: dt.date, cfg: RuleConfig, due_through: dt.date) -> list[AgendaItem]:
    """Rows to items; open ones due after `due_through` are "coming up" (shown ahead of time)."""
    last = _last_purchases(sorted({f.customer_id for f in rows}))
    filler = Filler(cfg, rows)
    out = []
    for f in rows:
        c = f.customer
        message = filler.message(f)
        points = tuple(p for p in (
            c.hobbies and _("Hobbies: {x}").format(x=c.hobbies),
            c.family and _("Family: {x}").format(x=c.family),
            last.get(c.id) and _("Last purchase: {x}").format(x=last[c.id]),
            c.best_contact_time and _("Best time: {x}").format(x=c.best_contact_time),
        ) if p)
        if f.status != "open":
            group = "closed"
        else:
            group = "overdue" if f.due_on < today else ("due" if f.due_on <= due_through else "upcoming")
        window = "" if not (c.contact_window_start or c.contact_window_end) else (
            f"{c.contact_window_start or '00:00'}-{c.contact_window_end or '24:00'}")
        out.append(AgendaItem(
            f.id, c.id, c.name, c.phone, f.kind, reasons.of(f), f.due_on, f.original_due_on, f.status,
            group, f.is_marketing, window, f.status == "open" and f.busy == 0, points, message,
            f.is_marketing and _reconfirm(c, today, cfg.consent_max_age_days),
            reasons.note_text(f.note) or f.snooze_reason, f.complaint_id,
        ))
    return out


def customer_followups(customer_id: int, limit: int = 50) -> list[tuple[dt.date, str, str, str]]:
    """(due, kind, status, reason) of one customer's follow-ups, newest first — for the card."""
    query = (
        FollowUp.select(FollowUp.due_on, FollowUp.kind, FollowUp.status, FollowUp.reason,
                        FollowUp.reason_code, FollowUp.reason_params)
        .join(Customer, JOIN.INNER)
        .where(FollowUp.customer == customer_id)
        .order_by(FollowUp.due_on.desc())
        .limit(limit)
        .tuples()
    )
    return [(due, kind, status, reasons.render(code, params, text))
            for due, kind, status, text, code, params in query]


@dataclass(frozen=True)
class CustomerHit:
    id: int
    name: str
    phone: str
    city: str


def find_customers(text: str, limit: int = 10) -> list[CustomerHit]:
    """A small picker search for adding a follow-up by hand: name, initials or phone tail."""
    from deskcrm.store.search_keys import name_key

    text = text.strip()
    if not text:
        return []
    key = name_key(text)
    cond = Customer.name_key.startswith(key) | Customer.initials.startswith(key.lower())
    cond = cond | Customer.choseong.startswith(text) | Customer.name.contains(text)
    digits = "".join(ch for ch in text if ch.isdigit())
    if digits and len(digits) == len(text):
        cond = cond | Customer.phone_tail.startswith(digits[::-1])
    query = (
        Customer.select(Customer.id, Customer.name, Customer.phone, Customer.city)
        .where(cond).order_by(Customer.sort_key).limit(limit).tuples()
    )
    return [CustomerHit(*r) for r in query]
