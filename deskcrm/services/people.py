"""Related people and important dates of a customer: add, edit, remove.

Both count toward the soft file ("important people"), so every change
refreshes the customer's completeness in the same transaction.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from deskcrm.services import audit, derived
from deskcrm.services.lunar import lunar_occurrences_between, solar_occurrences_between
from deskcrm.services.validation import parse_birthday
from deskcrm.store.models import CALENDARS, Customer, ImportantDate, RelatedPerson, database
from deskcrm.store.search_keys import clean_name, validate_phone


@dataclass(frozen=True)
class RelatedInput:
    name: str
    relation: str = ""
    phone: str = ""
    birthday: str = ""
    calendar: str = "solar"
    leap: bool = False
    notes: str = ""


@dataclass(frozen=True)
class DateInput:
    label: str
    date: str  # YYYY-MM-DD or MM-DD
    calendar: str = "solar"
    leap: bool = False
    recurring: bool = True
    notes: str = ""


def _refresh(customer_id: int) -> None:
    row = Customer.get_by_id(customer_id)
    derived.refresh(row)
    row.save()


def _related_values(data: RelatedInput, today: dt.date) -> tuple[dict, dict]:
    errors: dict[str, str] = {}
    name = clean_name(data.name)
    if not name:
        errors["name"] = "Name is required"
    if data.phone.strip() and (message := validate_phone(data.phone)):
        errors["phone"] = message
    if data.calendar not in CALENDARS:
        errors["birthday"] = "Unknown calendar"
        return {}, errors
    bday, message = parse_birthday(data.birthday, data.calendar, data.leap, today)
    if message:
        errors["birthday"] = message
    values = dict(
        name=name, relation=data.relation.strip(), phone=data.phone.strip(),
        birth_year=bday.year, birth_month=bday.month, birth_day=bday.day,
        birth_calendar=data.calendar, birth_leap=data.leap, notes=data.notes.strip(),
    )
    return values, errors


def save_related(
    customer_id: int, data: RelatedInput, today: dt.date, related_id: int | None = None,
    staff_name: str = "",
) -> tuple[int | None, dict[str, str]]:
    values, errors = _related_values(data, today)
    if errors:
        return None, errors
    row_id = _upsert(RelatedPerson, customer_id, related_id, values, staff_name, related=values["name"])
    return row_id, {}


def _upsert(model, customer_id: int, row_id: int | None, values: dict, staff_name: str, **detail) -> int:
    with database.atomic():
        if row_id is None:
            row_id = model.create(customer=customer_id, **values).id
        else:
            model.update(**values).where(
                (model.id == row_id) & (model.customer == customer_id)
            ).execute()
        _refresh(customer_id)
        audit.record("update", "customer", customer_id, staff_name, **detail)
    return row_id


def remove_related(customer_id: int, related_id: int, staff_name: str = "") -> None:
    with database.atomic():
        RelatedPerson.delete().where(
            (RelatedPerson.id == related_id) & (RelatedPerson.customer == customer_id)
        ).execute()
        _refresh(customer_id)
        audit.record("update", "customer", customer_id, staff_name, removed_related=related_id)


def save_date(
    customer_id: int, data: DateInput, today: dt.date, date_id: int | None = None,
    staff_name: str = "",
) -> tuple[int | None, dict[str, str]]:
    errors: dict[str, str] = {}
    if not data.label.strip():
        errors["label"] = "A label is required"
    if data.calendar not in CALENDARS:
        errors["date"] = "Unknown calendar"
        return None, errors
    parsed, message = parse_birthday(data.date, data.calendar, data.leap, today)
    if message or parsed.month is None:
        errors["date"] = message or "A date is required"
    if errors:
        return None, errors
    values = dict(
        label=data.label.strip(), year=parsed.year, month=parsed.month, day=parsed.day,
        calendar=data.calendar, leap=data.leap, recurring=data.recurring, notes=data.notes.strip(),
    )
    return _upsert(ImportantDate, customer_id, date_id, values, staff_name, date=values["label"]), {}


def remove_date(customer_id: int, date_id: int, staff_name: str = "") -> None:
    with database.atomic():
        ImportantDate.delete().where(
            (ImportantDate.id == date_id) & (ImportantDate.customer == customer_id)
        ).execute()
        _refresh(customer_id)
        audit.record("update", "customer", customer_id, staff_name, removed_date=date_id)


def next_occurrence(
    month: int | None, day: int | None, calendar: str, leap: bool, today: dt.date
) -> dt.date | None:
    """The next solar day (today included) a recurring solar or lunar date falls on."""
    if not month or not day:
        return None
    end = today + dt.timedelta(days=400)  # a lunar year with a leap month is up to 385 days
    try:
        if calendar == "solar":
            days = solar_occurrences_between(month, day, today, end)
        else:
            days = lunar_occurrences_between(month, day, leap, calendar, today, end)
    except ValueError:
        return None
    return days[0] if days else None
