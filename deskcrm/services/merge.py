"""Merging two files of the same person, field by field, in one transaction.

The clerk sees every field where the two files differ and picks a side; all
history (purchases, contacts, complaints, follow-ups, related people, dates,
tags, referrals) moves to the survivor, the totals are recomputed from the
moved rows, and the other file is deleted. Either all of that happens or none.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from deskcrm.i18n import _
from deskcrm.services import audit, derived
from deskcrm.services.customers import birthday_text
from deskcrm.services.purchases import lock_customer, recompute_standing, thresholds
from deskcrm.services.validation import format_amount
from deskcrm.store.models import (
    Complaint,
    Contact,
    Customer,
    CustomerTag,
    FollowUp,
    ImportantDate,
    Purchase,
    RelatedPerson,
    Staff,
    database,
)

# What the clerk chooses between; the birthday moves as one unit so a
# year from one file never lands on a month from the other.
MERGE_FIELDS: tuple[str, ...] = (
    "name", "form_of_address", "gender", "birthday", "age_band", "phone", "phone2", "email",
    "address", "city", "district", "locale", "clothing_size", "shoe_size", "occupation", "family",
    "personality", "shopping_habits", "style_preferences", "hobbies", "service_preference",
    "promotion_attitude", "values", "best_contact_time", "contact_window", "notes", "consent",
    "do_not_contact", "source", "referred_by", "owner", "credit_limit", "balance",
)  # fmt: skip

_COLUMNS: dict[str, tuple[str, ...]] = {
    "birthday": ("birth_year", "birth_month", "birth_day", "birth_calendar", "birth_leap"),
    "contact_window": ("contact_window_start", "contact_window_end"),
    "consent": tuple(
        f"consent_{c}{s}" for c in ("call", "sms", "email", "chat") for s in ("", "_at")
    ),
    "referred_by": ("referred_by",),
    "owner": ("owner",),
}


@dataclass(frozen=True)
class FieldDiff:
    field: str
    survivor: str
    other: str


class MergeError(ValueError):
    pass


def _columns(name: str) -> tuple[str, ...]:
    return _COLUMNS.get(name, (name,))


def _text(row: Customer, name: str) -> str:
    if name == "birthday":
        text = birthday_text(row.birth_year, row.birth_month, row.birth_day)
        return f"{text} {row.birth_calendar}" if text and row.birth_calendar != "solar" else text
    if name == "contact_window":
        return "–".join(x for x in (row.contact_window_start, row.contact_window_end) if x)
    if name == "consent":
        return ", ".join(c for c in ("call", "sms", "email", "chat") if getattr(row, f"consent_{c}"))
    if name in ("credit_limit", "balance"):
        return format_amount(getattr(row, name))
    if name == "referred_by":
        ref = Customer.get_or_none(Customer.id == row.referred_by_id) if row.referred_by_id else None
        return ref.name if ref else ""
    if name == "owner":
        staff = Staff.get_or_none(Staff.id == row.owner_id) if row.owner_id else None
        return staff.name if staff else ""
    value = getattr(row, name)
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    return str(value or "")


def differences(survivor_id: int, other_id: int) -> list[FieldDiff]:
    """Fields whose shown values differ, for the field-by-field chooser."""
    a, b = Customer.get_by_id(survivor_id), Customer.get_by_id(other_id)
    out = []
    for name in MERGE_FIELDS:
        ta, tb = _text(a, name), _text(b, name)
        if ta != tb:
            out.append(FieldDiff(name, ta, tb))
    return out


def merge(
    survivor_id: int,
    other_id: int,
    field_choices: dict[str, str],
    *,
    today: dt.date,
    now: dt.datetime,
    staff_id: int | None = None,
) -> None:
    """Fold `other` into `survivor`; choices map field -> "survivor" | "other" (default survivor)."""
    if survivor_id == other_id:
        raise MergeError(_("Cannot merge a file with itself"))
    unknown = set(field_choices) - set(MERGE_FIELDS)
    if unknown or set(field_choices.values()) - {"survivor", "other"}:
        raise MergeError(f"Unknown merge choices: {sorted(unknown) or field_choices}")
    tier_thresholds = thresholds()  # read before the write lock is taken
    with database.atomic():
        for cid in sorted((survivor_id, other_id)):  # one order: two merges cannot deadlock
            lock_customer(cid)
        survivor = Customer.get_by_id(survivor_id)
        other = Customer.get_by_id(other_id)
        _take_fields(survivor, other, field_choices)
        _move_history(survivor_id, other_id)
        staff = Staff.get_or_none(Staff.id == staff_id) if staff_id else None
        audit.record(
            "merge", "customer", survivor_id, staff.name if staff else "",
            survivor_id=survivor_id, other_id=other_id, other_name=other.name,
            took_from_other=sorted(k for k, v in field_choices.items() if v == "other"),
        )
        # one save: the history moves above touch no field of the survivor's row (its
        # referral to the other was dropped by _take_fields), and the keys need its new tags
        survivor.updated_at = now
        derived.refresh(survivor)
        survivor.save()
        other.delete_instance()
        recompute_standing(survivor_id, today, now, tier_thresholds)
        # the survivor's last contact is the later of the two
        if other.last_contact_at and (
            survivor.last_contact_at is None or other.last_contact_at > survivor.last_contact_at
        ):
            Customer.update(last_contact_at=other.last_contact_at).where(
                Customer.id == survivor_id
            ).execute()


def _take_fields(survivor: Customer, other: Customer, choices: dict[str, str]) -> None:
    for name, side in choices.items():
        if side != "other":
            continue
        for column in _columns(name):
            value = getattr(other, f"{column}_id" if column in ("referred_by", "owner") else column)
            setattr(survivor, column, value)
    # never a self-referral: the other file may have been referred by the survivor
    if survivor.referred_by_id in (survivor.id, other.id):
        survivor.referred_by = None
    survivor.created_at = min(survivor.created_at, other.created_at)  # known since the first file


def _rekey(key: str | None, other_id: int, survivor_id: int) -> str | None:
    # Complaint keys name the complaint, which keeps its id; other rules name
    # the customer as one ":"-separated segment.
    if not key or key.startswith("complaint:"):
        return key
    parts = key.split(":")
    return ":".join(str(survivor_id) if p == str(other_id) else p for p in parts)


def _move_history(survivor_id: int, other_id: int) -> None:
    for model in (Purchase, Contact, Complaint, RelatedPerson, ImportantDate):
        model.update(customer=survivor_id).where(model.customer == other_id).execute()
    # Follow-ups generated for both files share a rule but not a dedupe key
    # (the key holds the customer id); rewriting the other's keys to the
    # survivor's id would collide, so those duplicates are dropped.
    theirs = [(fu_id, key, _rekey(key, other_id, survivor_id)) for fu_id, key in FollowUp.select(
        FollowUp.id, FollowUp.dedupe_key).where(FollowUp.customer == other_id).tuples()]
    changed = [new for _, key, new in theirs if new and new != key]
    # one query for every key that would collide, not one per follow-up
    taken = {k for (k,) in FollowUp.select(FollowUp.dedupe_key)
             .where(FollowUp.dedupe_key.in_(changed)).tuples()} if changed else set()
    dropped, moved = [], []
    for fu_id, key, new_key in theirs:
        if new_key and new_key != key and new_key in taken:
            dropped.append(fu_id)
        else:
            moved.append((fu_id, new_key))
            if new_key:
                taken.add(new_key)
    if dropped:
        FollowUp.delete().where(FollowUp.id.in_(dropped)).execute()
    for fu_id, new_key in moved:
        FollowUp.update(customer=survivor_id, dedupe_key=new_key).where(FollowUp.id == fu_id).execute()
    have = {t.tag_id for t in CustomerTag.select().where(CustomerTag.customer == survivor_id)}
    for link in CustomerTag.select().where(CustomerTag.customer == other_id):
        if link.tag_id not in have:
            CustomerTag.create(customer=survivor_id, tag=link.tag_id)
    CustomerTag.delete().where(CustomerTag.customer == other_id).execute()
    # whom the other referred now counts as referred by the survivor, except the survivor itself
    Customer.update(referred_by=survivor_id).where(
        (Customer.referred_by == other_id) & (Customer.id != survivor_id)
    ).execute()
    Customer.update(referred_by=None).where(
        (Customer.id == survivor_id) & (Customer.referred_by == other_id)
    ).execute()
