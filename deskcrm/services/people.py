"""Related people and important dates of a customer: list, add, edit, remove.

Both count toward the soft file ("important people"), so every change
refreshes the customer's completeness in the same transaction. Messages for
the form are translated here (`_`), keyed by the form field they belong to.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from deskcrm.i18n import _
from deskcrm.services import audit, derived
from deskcrm.services.customers import birthday_text
from deskcrm.services.lunar import lunar_occurrences_between, solar_occurrences_between
from deskcrm.services.validation import parse_birthday
from deskcrm.store.models import CALENDARS, Customer, ImportantDate, RelatedPerson, database
from deskcrm.store.prepared import Prepared
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
    related_id: int | None = None  # whose date it is: a child's birthday, a parent's memorial day


@dataclass(frozen=True)
class RelatedInfo:
    id: int
    name: str
    relation: str
    phone: str
    birthday: str
    calendar: str
    leap: bool
    next_birthday: dt.date | None
    notes: str


@dataclass(frozen=True)
class DateInfo:
    id: int
    label: str
    date: str
    calendar: str
    leap: bool
    recurring: bool
    next_on: dt.date | None
    notes: str
    related_id: int | None = None
    related_name: str = ""


_RELATED = Prepared(
    lambda customer_id: RelatedPerson.select().where(RelatedPerson.customer == customer_id).order_by(RelatedPerson.id),
    int,
)
_DATES = Prepared(lambda customer_id: ImportantDate.select().where(ImportantDate.customer == customer_id), int)


def list_related(customer_id: int, today: dt.date) -> list[RelatedInfo]:
    return [
        RelatedInfo(
            r.id, r.name, r.relation, r.phone, birthday_text(r.birth_year, r.birth_month, r.birth_day),
            r.birth_calendar, bool(r.birth_leap),
            next_occurrence(r.birth_month, r.birth_day, r.birth_calendar, r.birth_leap, today), r.notes,
        )
        for r in _RELATED.rows(customer_id)
    ]


def list_dates(customer_id: int, today: dt.date, related: list[RelatedInfo] | None = None) -> list[DateInfo]:
    """Soonest first; one-off dates (not recurring) after the recurring ones.

    `related`: the customer's `list_related`, when the caller holds it (names of whose date it is).
    """
    names = {r.id: r.name for r in (_RELATED.rows(customer_id) if related is None else related)}
    dates = [
        DateInfo(
            d.id, d.label, birthday_text(d.year, d.month, d.day), d.calendar, bool(d.leap), bool(d.recurring),
            next_occurrence(d.month, d.day, d.calendar, d.leap, today) if d.recurring else None,
            d.notes, d.related_id, names.get(d.related_id, ""),
        )
        for d in _DATES.rows(customer_id)
    ]
    return sorted(dates, key=lambda d: (d.next_on or dt.date.max, d.id))


def related_input(related_id: int) -> RelatedInput:
    """The editor's starting values for one related person."""
    r = RelatedPerson.get_by_id(related_id)
    return RelatedInput(
        r.name, r.relation, r.phone, birthday_text(r.birth_year, r.birth_month, r.birth_day),
        r.birth_calendar, bool(r.birth_leap), r.notes,
    )


def date_input(date_id: int) -> DateInput:
    d = ImportantDate.get_by_id(date_id)
    return DateInput(
        d.label, birthday_text(d.year, d.month, d.day), d.calendar, bool(d.leap), bool(d.recurring),
        d.notes, d.related_id,
    )


def _refresh(customer_id: int) -> None:
    row = Customer.get_by_id(customer_id)
    derived.refresh(row)
    row.save()


def _related_values(data: RelatedInput, today: dt.date) -> tuple[dict, dict]:
    errors: dict[str, str] = {}
    name = clean_name(data.name)
    if not name:
        errors["name"] = _("Name is required")
    if data.phone.strip() and (message := validate_phone(data.phone)):
        errors["phone"] = _(message)
    if data.calendar not in CALENDARS:
        errors["birthday"] = _("Unknown calendar")
        return {}, errors
    bday, message = parse_birthday(data.birthday, data.calendar, data.leap, today)
    if message:
        errors["birthday"] = message
    values = dict(
        name=name, relation=data.relation.strip(), phone=data.phone.strip(),
        birth_year=bday.year, birth_month=bday.month, birth_day=bday.day,
        birth_calendar=data.calendar, birth_leap=data.leap and bday.month is not None,
        notes=data.notes.strip(),
    )
    return values, errors


def save_related(
    customer_id: int, data: RelatedInput, today: dt.date, related_id: int | None = None,
    staff_name: str = "",
) -> tuple[int | None, dict[str, str]]:
    """Add (related_id None) or change a related person; (id, {}) or (None, errors by field)."""
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


def _remove(model, customer_id: int, row_id: int, staff_name: str, **detail) -> None:
    with database.atomic():
        model.delete().where((model.id == row_id) & (model.customer == customer_id)).execute()
        _refresh(customer_id)
        audit.record("update", "customer", customer_id, staff_name, **detail)


def remove_related(customer_id: int, related_id: int, staff_name: str = "") -> None:
    """Their own dates (birthday of this child...) go with them (ON DELETE CASCADE)."""
    _remove(RelatedPerson, customer_id, related_id, staff_name, removed_related=related_id)


def save_date(
    customer_id: int, data: DateInput, today: dt.date, date_id: int | None = None,
    staff_name: str = "",
) -> tuple[int | None, dict[str, str]]:
    errors: dict[str, str] = {}
    if not data.label.strip():
        errors["label"] = _("A label is required")
    if data.related_id is not None and not RelatedPerson.select().where(
        (RelatedPerson.id == data.related_id) & (RelatedPerson.customer == customer_id)
    ).exists():
        errors["related"] = _("That person is not related to this customer")
    if data.calendar not in CALENDARS:
        errors["date"] = _("Unknown calendar")
        return None, errors
    parsed, message = parse_birthday(data.date, data.calendar, data.leap, today, past_only=False)
    if message or parsed.month is None:
        errors["date"] = message or _("A date is required")
    if errors:
        return None, errors
    values = dict(
        label=data.label.strip(), year=parsed.year, month=parsed.month, day=parsed.day,
        calendar=data.calendar, leap=data.leap, recurring=data.recurring, notes=data.notes.strip(),
        related=data.related_id,
    )
    return _upsert(ImportantDate, customer_id, date_id, values, staff_name, date=values["label"]), {}


def remove_date(customer_id: int, date_id: int, staff_name: str = "") -> None:
    _remove(ImportantDate, customer_id, date_id, staff_name, removed_date=date_id)


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
