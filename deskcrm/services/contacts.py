"""The contact log: every visit, call, message and gift, and the neglect clock it resets."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from peewee import JOIN

from deskcrm.store.models import CHANNELS, Contact, Customer, FollowUp, Staff, database
from deskcrm.store.prepared import Prepared


@dataclass(frozen=True)
class ContactInfo:
    id: int
    customer_id: int
    at: dt.datetime  # naive UTC
    channel: str
    kind: str
    outcome: str
    note: str
    staff_name: str
    followup_id: int | None


def log_contact(
    customer_id: int,
    *,
    at: dt.datetime,
    channel: str = "call",
    kind: str = "other",
    outcome: str = "",
    note: str = "",
    staff_id: int | None = None,
    followup_id: int | None = None,
) -> int:
    """Write a contact and move the customer's last-contact time (neglect resets on any contact)."""
    if channel not in CHANNELS:
        raise ValueError(f"Unknown channel: {channel}")
    with database.atomic():
        row = Contact.create(
            customer=customer_id, at=at, channel=channel, kind=kind, outcome=outcome,
            note=note, staff=staff_id, followup=followup_id,
        )
        Customer.update(last_contact_at=at).where(
            (Customer.id == customer_id)
            & ((Customer.last_contact_at.is_null()) | (Customer.last_contact_at < at))
        ).execute()
    return row.id


_RECENT = Prepared(
    lambda customer_id, limit: (
        Contact.select(Contact, Staff.name.alias("staff_name"), FollowUp.reason.alias("fu_reason"),
                       FollowUp.reason_code.alias("fu_code"), FollowUp.reason_params.alias("fu_params"))
        .join(Staff, join_type=JOIN.LEFT_OUTER, on=(Contact.staff == Staff.id))
        .join_from(Contact, FollowUp, JOIN.LEFT_OUTER, on=(Contact.followup == FollowUp.id))
        .where(Contact.customer == customer_id)
        .order_by(Contact.at.desc())
        .limit(limit)
        .objects()
    ),
    int, int,
)


def recent_contacts(customer_id: int, limit: int = 50) -> list[ContactInfo]:
    """Newest first; a contact a follow-up logged without a note shows that follow-up's reason."""
    from deskcrm.services.followups import reasons  # the follow-up services import this module

    return [
        ContactInfo(
            c.id, customer_id, c.at, c.channel, c.kind, c.outcome,
            c.note or reasons.render(c.fu_code, c.fu_params, c.fu_reason or ""),
            c.staff_name or "", c.followup_id,
        )
        for c in _RECENT.rows(customer_id, limit)
    ]
