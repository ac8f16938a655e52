"""Filing a customer: create, update, duplicates, tags, delete.

The form hands over a `CustomerInput` of raw text; `save_customer` checks every
field and either writes nothing and returns the messages per field, or writes
the row, its tags and an audit record in one transaction.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from deskcrm.i18n import _
from deskcrm.services import audit, derived
from deskcrm.services.validation import (
    format_amount,
    parse_amount,
    parse_birthday,
    parse_time,
    plain_text,
    validate_email,
)
from deskcrm.store.dialect import locked
from deskcrm.store.models import (
    CALENDARS,
    GENDERS,
    Customer,
    CustomerTag,
    Staff,
    Tag,
    database,
)
from deskcrm.store.search_keys import clean_name, name_key, phone_digits, validate_phone

CONSENT_CHANNELS = ("call", "sms", "email", "chat")

# Text fields copied as typed (trimmed); the form offers each of them.
PLAIN_TEXT = (
    "form_of_address", "age_band", "address", "city", "district", "locale",
    "clothing_size", "shoe_size", "occupation", "family", "personality",
    "shopping_habits", "style_preferences", "hobbies", "service_preference",
    "promotion_attitude", "values", "best_contact_time", "notes", "source",
)  # fmt: skip


@dataclass(frozen=True)
class CustomerInput:
    """What the form holds: text as typed, flags as ticked."""

    name: str = ""
    phone: str = ""
    phone2: str = ""
    email: str = ""
    gender: str = ""
    birthday: str = ""  # YYYY-MM-DD or MM-DD
    birth_calendar: str = "solar"
    birth_leap: bool = False
    contact_window_start: str = ""
    contact_window_end: str = ""
    credit_limit: str = ""
    balance: str = ""
    consent_call: bool = False
    consent_sms: bool = False
    consent_email: bool = False
    consent_chat: bool = False
    do_not_contact: bool = False
    referred_by_id: int | None = None
    owner_id: int | None = None
    tags: tuple[str, ...] = ()
    form_of_address: str = ""
    age_band: str = ""
    address: str = ""
    city: str = ""
    district: str = ""
    locale: str = ""
    clothing_size: str = ""
    shoe_size: str = ""
    occupation: str = ""
    family: str = ""
    personality: str = ""
    shopping_habits: str = ""
    style_preferences: str = ""
    hobbies: str = ""
    service_preference: str = ""
    promotion_attitude: str = ""
    values: str = ""
    best_contact_time: str = ""
    notes: str = ""
    source: str = "walk-in"


@dataclass(frozen=True)
class SaveResult:
    customer_id: int | None
    errors: dict[str, str] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not self.errors


@dataclass(frozen=True)
class DuplicateCandidate:
    id: int
    name: str
    phone: str
    birthday: str
    reason: str  # "phone" or "name_birthday"


def validate(data: CustomerInput, today: dt.date, customer_id: int | None = None) -> tuple[dict, dict]:
    """Check every field; returns (column values to write, errors by input field)."""
    errors: dict[str, str] = {}
    values: dict = {k: plain_text(getattr(data, k), lines=k == "notes") for k in PLAIN_TEXT}
    values["name"] = clean_name(plain_text(data.name))
    if not values["name"]:
        errors["name"] = _("Name is required")
    for key in ("phone", "phone2"):
        text = getattr(data, key).strip()
        if text and (message := validate_phone(text)):
            errors[key] = _(message)  # the store's English text is the msgid
        values[key] = text
    if message := validate_email(data.email):
        errors["email"] = message
    values["email"] = data.email.strip()
    if data.gender not in GENDERS:
        errors["gender"] = _("Unknown gender")
    values["gender"] = data.gender
    if data.birth_calendar not in CALENDARS:
        errors["birthday"] = _("Unknown calendar")
    else:
        birthday, message = parse_birthday(data.birthday, data.birth_calendar, data.birth_leap, today)
        if message:
            errors["birthday"] = message
        values.update(
            birth_year=birthday.year, birth_month=birthday.month, birth_day=birthday.day,
            birth_calendar=data.birth_calendar,
            birth_leap=data.birth_leap and birthday.month is not None,
        )
    for key in ("contact_window_start", "contact_window_end"):
        values[key], message = parse_time(getattr(data, key))
        if message:
            errors[key] = message
    for key in ("credit_limit", "balance"):
        values[key], message = parse_amount(getattr(data, key))
        if message:
            errors[key] = message
    if data.referred_by_id is not None:
        if customer_id is not None and data.referred_by_id == customer_id:
            errors["referred_by"] = _("A customer cannot refer themselves")
        elif not Customer.select().where(Customer.id == data.referred_by_id).exists():
            errors["referred_by"] = _("That customer no longer exists")
    values["referred_by"] = data.referred_by_id
    if data.owner_id is not None and not Staff.select().where(Staff.id == data.owner_id).exists():
        errors["owner"] = _("That staff member no longer exists")
    values["owner"] = data.owner_id
    for channel in CONSENT_CHANNELS:
        values[f"consent_{channel}"] = getattr(data, f"consent_{channel}")
    values["do_not_contact"] = data.do_not_contact
    return values, errors


def _apply_consent(row: Customer, values: dict, now: dt.datetime) -> None:
    # The date matters: consent is re-confirmed after two years, so it is set
    # only when a box is turned on, and cleared when it is turned off.
    for channel in CONSENT_CHANNELS:
        key = f"consent_{channel}"
        was = bool(getattr(row, key)) if row.id is not None else False
        if values[key] and not was:
            setattr(row, f"{key}_at", now)
        elif not values[key]:
            setattr(row, f"{key}_at", None)


def save_customer(
    data: CustomerInput,
    *,
    now: dt.datetime,
    today: dt.date,
    staff_id: int | None = None,
    customer_id: int | None = None,
) -> SaveResult:
    """Create (customer_id None) or update a customer; nothing is written when a field is wrong."""
    values, errors = validate(data, today, customer_id)
    if errors:
        return SaveResult(None, errors)
    tags = normalise_tags(data.tags)
    with database.atomic():
        if customer_id is None:
            row = Customer(created_by=staff_id, created_at=now)
            before: dict = {}
        else:
            # locked: the whole row is saved, and a sale committed meanwhile must keep its totals
            row = locked(Customer.select().where(Customer.id == customer_id)).get()
            before = {k: getattr(row, k) for k in values if k not in ("referred_by", "owner")}
        _apply_consent(row, values, now)
        for key, value in values.items():
            setattr(row, key, value)
        row.updated_at = now
        if row.id is None:
            row.save()  # an id first, so tags can link to it
        _set_tags(row.id, tags)
        derived.refresh(row, tags)
        row.save()
        changed = sorted(k for k, v in before.items() if getattr(row, k) != v)
        audit.record(
            "create" if customer_id is None else "update", "customer", row.id,
            _staff_name(staff_id), name=row.name, fields=changed,
        )
    return SaveResult(row.id)


def normalise_tags(tags: tuple[str, ...] | list[str]) -> list[str]:
    seen: dict[str, str] = {}
    for tag in tags:
        cleaned = clean_name(tag).strip(",;")
        if cleaned and name_key(cleaned) not in seen:
            seen[name_key(cleaned)] = cleaned
    return list(seen.values())


def _set_tags(customer_id: int, tags: list[str]) -> None:
    """Replace the customer's tags; a tag typed in another case reuses the existing one."""
    ids = []
    for tag in tags:
        key = name_key(tag)
        existing = Tag.get_or_none(Tag.name_key == key)
        ids.append(existing.id if existing else Tag.create(name=tag, name_key=key).id)
    CustomerTag.delete().where(CustomerTag.customer == customer_id).execute()
    for tag_id in ids:
        CustomerTag.create(customer=customer_id, tag=tag_id)


def set_tags(customer_id: int, tags: list[str], staff_id: int | None = None) -> None:
    with database.atomic():
        cleaned = normalise_tags(tags)
        _set_tags(customer_id, cleaned)
        row = locked(Customer.select().where(Customer.id == customer_id)).get()
        derived.refresh(row, cleaned)
        row.save()
        audit.record("update", "customer", customer_id, _staff_name(staff_id), tags=cleaned)


def _staff_name(staff_id: int | None) -> str:
    if staff_id is None:
        return ""
    row = Staff.get_or_none(Staff.id == staff_id)
    return row.name if row else ""


def birthday_text(year: int | None, month: int | None, day: int | None) -> str:
    if not month or not day:
        return ""
    return f"{year:04d}-{month:02d}-{day:02d}" if year else f"{month:02d}-{day:02d}"


def input_for(customer_id: int) -> CustomerInput:
    """The form's starting values for editing an existing customer."""
    row = Customer.get_by_id(customer_id)
    text = {k: getattr(row, k) or "" for k in PLAIN_TEXT}
    return CustomerInput(
        name=row.name, phone=row.phone, phone2=row.phone2, email=row.email, gender=row.gender,
        birthday=birthday_text(row.birth_year, row.birth_month, row.birth_day),
        birth_calendar=row.birth_calendar, birth_leap=bool(row.birth_leap),
        contact_window_start=row.contact_window_start, contact_window_end=row.contact_window_end,
        credit_limit=format_amount(row.credit_limit) if row.credit_limit else "",
        balance=format_amount(row.balance) if row.balance else "",
        **{f"consent_{c}": bool(getattr(row, f"consent_{c}")) for c in CONSENT_CHANNELS},
        do_not_contact=bool(row.do_not_contact),
        referred_by_id=row.referred_by_id, owner_id=row.owner_id,
        tags=tuple(derived.tag_names(customer_id)),
        **text,
    )


def find_duplicates(
    name: str, phones: list[str], birthday: str, today: dt.date, exclude_id: int | None = None
) -> list[DuplicateCandidate]:
    """Files that look like the same person: same phone number, or same name and birthday."""
    found: dict[int, DuplicateCandidate] = {}
    digits = [d for d in (phone_digits(p) for p in phones if p.strip()) if d]
    for d in digits:
        # phone_digits holds every number of a customer, space-separated
        query = Customer.select().where(
            (Customer.phone_tail.startswith(d[::-1]))
            | (Customer.phone_digits.contains(d))
        )
        for row in query.limit(20):
            if d in row.phone_digits.split(" ") and row.id != exclude_id:
                found.setdefault(row.id, _candidate(row, "phone"))
    bday, error = parse_birthday(birthday, "solar", False, today)
    if error:  # a lunar birthday text parses the same way for this purpose
        bday, error = parse_birthday(birthday, "CN", False, today)
    if name.strip() and bday.month and not error:
        query = Customer.select().where(
            (Customer.name_key == name_key(clean_name(name)))
            & (Customer.birth_month == bday.month)
            & (Customer.birth_day == bday.day)
        )
        for row in query.limit(20):
            if row.id != exclude_id and (not bday.year or not row.birth_year or row.birth_year == bday.year):
                found.setdefault(row.id, _candidate(row, "name_birthday"))
    return list(found.values())


def _candidate(row: Customer, reason: str) -> DuplicateCandidate:
    return DuplicateCandidate(
        row.id, row.name, row.phone, birthday_text(row.birth_year, row.birth_month, row.birth_day),
        reason,
    )


def delete_customer(customer_id: int, staff_id: int | None = None) -> str:
    """Remove the person and everything about them; returns the name for the message.

    Purchases, contacts, follow-ups, complaints, related people, dates and tag
    links go by ON DELETE CASCADE (foreign_keys is on); customers they referred
    keep their file with the link cleared; the FTS row goes by trigger. The
    audit row keeps only name and id, so the deleted data is really gone.
    """
    with database.atomic():
        row = Customer.get_by_id(customer_id)
        name = row.name
        Customer.update(referred_by=None).where(Customer.referred_by == customer_id).execute()
        row.delete_instance()
        audit.record("delete", "customer", customer_id, _staff_name(staff_id), name=name)
    return name


def customer_exists(customer_id: int) -> bool:
    return Customer.select().where(Customer.id == customer_id).exists()

