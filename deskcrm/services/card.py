"""Everything the customer card shows, read in one go and handed over as plain data."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from deskcrm.i18n import _
from deskcrm.services import derived, shops
from deskcrm.services.completeness import missing_facts
from deskcrm.services.contacts import ContactInfo, recent_contacts
from deskcrm.services.customers import CONSENT_CHANNELS, birthday_text
from deskcrm.services.followups import reasons
from deskcrm.services.people import DateInfo, RelatedInfo, list_dates, list_related, next_occurrence
from deskcrm.services.purchases import PurchaseInfo, recent_purchases
from deskcrm.store.models import (
    Complaint,
    Customer,
    FollowUp,
    Staff,
)
from deskcrm.store.prepared import Prepared

FOLLOWUP_DAYS = 60
SOFT_FIELDS = (
    "occupation", "family", "personality", "shopping_habits", "style_preferences", "hobbies",
    "service_preference", "promotion_attitude", "values", "best_contact_time",
)  # fmt: skip
HARD_FIELDS = (
    "phone", "phone2", "email", "gender", "birthday", "age_band", "address", "city",
    "district", "clothing_size", "shoe_size", "locale",
)  # fmt: skip


@dataclass(frozen=True)
class PersonRef:
    id: int
    name: str


@dataclass(frozen=True)
class ComplaintRef:
    id: int
    opened_at: dt.datetime
    step: int
    item: str
    description: str


@dataclass(frozen=True)
class FollowUpRef:
    id: int
    due_on: dt.date
    kind: str
    reason: str


@dataclass(frozen=True)
class CustomerCard:
    id: int
    name: str
    form_of_address: str
    tier: str
    lifecycle: str
    completeness: int
    missing: tuple[str, ...]  # most valuable missing facts first (soft before hard)
    hard: tuple[tuple[str, str], ...]  # (field, text) of filled hard facts
    soft: tuple[tuple[str, str], ...]
    notes: str
    tags: tuple[str, ...]
    consent: tuple[str, ...]  # channels with consent
    do_not_contact: bool
    contact_window: str
    credit_limit: int
    balance: int
    owner: str
    next_birthday: dt.date | None
    talking_points: tuple[str, ...]
    total_spend: int
    purchase_count: int
    last_purchase_on: dt.date | None
    purchases: tuple[PurchaseInfo, ...]
    contacts: tuple[ContactInfo, ...]
    related: tuple[RelatedInfo, ...]
    dates: tuple[DateInfo, ...]
    referred_by: PersonRef | None
    referrals: tuple[PersonRef, ...]
    complaints: tuple[ComplaintRef, ...]
    followups: tuple[FollowUpRef, ...]
    home_shop: str = ""  # the shop that keeps the file, when it is another shop of the chain


def _birthday(row: Customer) -> str:
    text = birthday_text(row.birth_year, row.birth_month, row.birth_day)
    if text and row.birth_calendar != "solar":
        text += f" ({calendar_label(row.birth_calendar, row.birth_leap)})"
    return text


def calendar_label(calendar: str, leap: bool) -> str:
    """'lunar KR', 'leap lunar CN'; empty for solar, the calendar most dates are in."""
    if calendar == "solar":
        return ""
    return (_("leap lunar {calendar}") if leap else _("lunar {calendar}")).format(calendar=calendar)


def _talking_points(row: Customer, related: list[RelatedInfo], last: PurchaseInfo | None) -> list[str]:
    points = []
    if row.hobbies:
        points.append(_("hobbies: {text}").format(text=row.hobbies))
    if row.family:
        points.append(_("family: {text}").format(text=row.family))
    for person in related[:3]:
        points.append(f"{person.relation or _('related')}: {person.name}")
    if last is not None:
        bits = " ".join(b for b in (last.item, last.colour, last.size) if b)
        points.append(_("last bought {what} on {day}").format(what=bits, day=last.purchased_on.isoformat()))
    if row.style_preferences:
        points.append(_("style: {text}").format(text=row.style_preferences))
    return points


# a card is a dozen small reads, opened at every step through the list: each compiled once
_CUSTOMER = Prepared(lambda customer_id: Customer.select().where(Customer.id == customer_id).limit(1), int)
_NAME = Prepared(lambda customer_id: Customer.select(Customer.id, Customer.name).where(Customer.id == customer_id), int)
_REFERRALS = Prepared(
    lambda customer_id: Customer.select(Customer.id, Customer.name).where(Customer.referred_by == customer_id)
    .order_by(Customer.sort_key).limit(50),
    int,
)
_COMPLAINTS = Prepared(
    lambda customer_id: Complaint.select()
    .where((Complaint.customer == customer_id) & (Complaint.status == "open"))
    .order_by(Complaint.opened_at.desc()),
    int,
)
_FOLLOWUPS = Prepared(
    lambda customer_id, until: FollowUp.select()
    .where((FollowUp.customer == customer_id) & (FollowUp.status == "open") & (FollowUp.due_on <= until))
    .order_by(FollowUp.due_on)
    .limit(20),
    int, dt.date,
)
_STAFF_NAME = Prepared(lambda staff_id: Staff.select(Staff.name).where(Staff.id == staff_id), int)


def card(customer_id: int, today: dt.date) -> CustomerCard | None:
    row = _CUSTOMER.first(customer_id)
    if row is None:
        return None
    related = list_related(customer_id, today)
    dates = list_dates(customer_id, today, related)
    values = derived.fact_values(row, {"related_count": len(related), "dates_count": len(dates)})
    values["birthday"] = _birthday(row)
    hard = tuple((k, str(values[k])) for k in HARD_FIELDS if values.get(k))
    soft = tuple((k, str(values[k])) for k in SOFT_FIELDS if values.get(k))
    purchases = recent_purchases(customer_id, 20)
    referrer = _NAME.first(row.referred_by_id) if row.referred_by_id else None
    followups = _FOLLOWUPS.rows(customer_id, today + dt.timedelta(days=FOLLOWUP_DAYS))
    owner = _STAFF_NAME.scalar(row.owner_id) if row.owner_id else None
    window = ""
    if row.contact_window_start or row.contact_window_end:
        window = f"{row.contact_window_start or '00:00'}–{row.contact_window_end or '24:00'}"
    return CustomerCard(
        id=row.id, name=row.name, form_of_address=row.form_of_address, tier=row.tier,
        lifecycle=row.lifecycle, completeness=row.completeness,
        missing=tuple(missing_facts(values)[:4]), hard=hard, soft=soft, notes=row.notes,
        tags=tuple(derived.tag_names(customer_id)),
        consent=tuple(c for c in CONSENT_CHANNELS if getattr(row, f"consent_{c}")),
        do_not_contact=bool(row.do_not_contact), contact_window=window,
        credit_limit=row.credit_limit, balance=row.balance, owner=owner or "",
        next_birthday=next_occurrence(
            row.birth_month, row.birth_day, row.birth_calendar, row.birth_leap, today
        ),
        talking_points=tuple(_talking_points(row, related, purchases[0] if purchases else None)),
        total_spend=row.total_spend, purchase_count=row.purchase_count,
        last_purchase_on=row.last_purchase_on, purchases=tuple(purchases),
        contacts=tuple(recent_contacts(customer_id, 20)), related=tuple(related), dates=tuple(dates),
        referred_by=PersonRef(referrer.id, referrer.name) if referrer else None,
        referrals=tuple(PersonRef(r.id, r.name) for r in _REFERRALS.rows(customer_id)),
        complaints=tuple(
            ComplaintRef(c.id, c.opened_at, c.step, c.item, c.description) for c in _COMPLAINTS.rows(customer_id)
        ),
        followups=tuple(FollowUpRef(f.id, f.due_on, f.kind, reasons.of(f)) for f in followups),
        home_shop=shops.elsewhere(row.home_shop_id),
    )

