"""Neglect alerts, and tidying follow-ups that the customer's own story has overtaken."""

from __future__ import annotations

import datetime as dt

from peewee import fn

from deskcrm.i18n import _
from deskcrm.services.followups.common import (
    COMPLAINT_KINDS,
    Row,
    Window,
    has_consent,
    reachable,
    row,
)
from deskcrm.store.models import Customer, FollowUp


def _base_day(c) -> dt.date:
    """The last time the shop saw or spoke to them: any contact, any purchase, or filing."""
    days = [c.created_at.date()]
    if c.last_contact_at:
        days.append(c.last_contact_at.date())
    if c.last_purchase_on:
        days.append(c.last_purchase_on)
    return max(days)


def neglect(w: Window) -> list[Row]:
    """Due soon at the tier's ideal window (visible_from), overdue past its maximum (due_on)."""
    rows = []
    for tier, (ideal, maximum) in w.config.neglect_days.items():
        cutoff = w.end - dt.timedelta(days=ideal)
        cutoff_at = dt.datetime.combine(cutoff + dt.timedelta(days=1), dt.time())
        # last_contact_at and last_purchase_on are indexed; everyone seen since the cutoff drops out in SQL
        query = Customer.select(
            Customer.id, Customer.created_at, Customer.last_contact_at, Customer.last_purchase_on
        ).where(
            (Customer.tier == tier)
            & (Customer.created_at < cutoff_at)
            & (Customer.last_contact_at.is_null() | (Customer.last_contact_at < cutoff_at))
            & (Customer.last_purchase_on.is_null() | (Customer.last_purchase_on <= cutoff))
            & reachable(True)
        )
        for c in query.objects():
            base = _base_day(c)
            reason = _("No contact since {date} ({tier}: call within {ideal}-{maximum} days)").format(
                date=base.isoformat(), tier=tier, ideal=ideal, maximum=maximum
            )
            due = base + dt.timedelta(days=maximum)
            rows.append(row(w, c.id, "neglect", due, reason, f"neglect:{c.id}:{base.isoformat()}",
                            visible_from=base + dt.timedelta(days=ideal)))
    return rows


def tidy(w: Window) -> int:
    """Close what no longer applies; returns how many follow-ups were closed.

    Any logged contact resets neglect (not only a completed follow-up); a purchase
    made after a re-purchase reminder answers it; do-not-contact and withdrawn
    consent retire what may no longer be sent. Complaint follow-ups always stay.
    """
    closed = 0
    is_open = FollowUp.status == "open"
    contacted = Customer.select(Customer.id).where(
        (Customer.id == FollowUp.customer)
        & ((Customer.last_contact_at > FollowUp.created_at)
           | (Customer.last_purchase_on > fn.date(FollowUp.created_at)))
    )
    closed += FollowUp.update(status="done", outcome="contacted", done_at=w.now,
                              note=_("Contact logged since; neglect reset")).where(
        is_open & (FollowUp.kind == "neglect") & fn.EXISTS(contacted)
    ).execute()
    bought = Customer.select(Customer.id).where(
        (Customer.id == FollowUp.customer) & (Customer.last_purchase_on > fn.date(FollowUp.created_at))
    )
    closed += FollowUp.update(status="done", outcome="bought", done_at=w.now,
                              note=_("Bought again")).where(
        is_open & (FollowUp.kind == "repurchase") & fn.EXISTS(bought)
    ).execute()
    blocked = Customer.select(Customer.id).where(Customer.do_not_contact == True)  # noqa: E712
    closed += FollowUp.update(status="skipped", note=_("Do not contact")).where(
        is_open & FollowUp.kind.not_in(list(COMPLAINT_KINDS)) & FollowUp.customer.in_(blocked)
    ).execute()
    no_consent = Customer.select(Customer.id).where(~has_consent())
    closed += FollowUp.update(status="skipped", note=_("No consent for greetings or offers")).where(
        is_open & (FollowUp.is_marketing == True) & FollowUp.customer.in_(no_consent)  # noqa: E712
    ).execute()
    return closed


