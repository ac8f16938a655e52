"""Customers, vCards and purchases out to files, a page of rows at a time.

CSV is UTF-8 with a BOM: without it Excel opens a UTF-8 file in the ANSI code
page and shows CJK names as mojibake. The header row uses the import's English
field names, so an export imports back with no mapping.
"""

from __future__ import annotations

import csv
import os
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from operator import itemgetter
from types import SimpleNamespace
from typing import Any

from peewee import JOIN, BooleanField, CharField, DateField, DateTimeField, TextField

from deskcrm.services.io.fields import CONSENT_FIELDS, TEXT_FIELDS, currency_decimals
from deskcrm.services.io.private import private_output
from deskcrm.services.io.related import RelatedIn, format_related
from deskcrm.services.io.store_id import store_id
from deskcrm.services.io.vcard import VCardOut, write_vcard
from deskcrm.store.models import Customer, CustomerTag, Purchase, RelatedPerson, Staff, Tag

Progress = Callable[[int, int], None]
PAGE = 500

CUSTOMER_COLUMNS: tuple[str, ...] = (
    "id", "name", "phone", "phone2", "gender", "birthday", "birth_calendar", "birth_leap",
    *TEXT_FIELDS, "tags", "credit_limit", "balance", *CONSENT_FIELDS, "related",
    # read-only figures: the import ignores these columns
    "tier", "lifecycle", "total_spend", "purchase_count", "first_purchase_on",
    "last_purchase_on", "created_at",
)
PURCHASE_COLUMNS: tuple[str, ...] = (
    "id", "customer_id", "customer_name", "purchased_on", "item", "style_no", "size",
    "colour", "quantity", "amount", "staff", "notes",
)


_FORMULA_LEAD = re.compile(r"^'*[=+\-@\t\r]")
_PLAIN_NUMBER = re.compile(r"^-?\d+(?:\.\d+)?$")
# the first characters of every cell safe_cell may change: any other cell is left as it is
_RISKY_LEAD = frozenset("'=+-@\t\r")


def safe_cell(value: str) -> str:
    """A spreadsheet runs a cell starting with = + - @ as a formula: prefix those with '.

    Cells already starting with quotes before such a character get one more, so the
    import (which takes exactly one off) gets back what was stored.
    """
    if not value or value[0] not in _RISKY_LEAD:
        return value
    if _PLAIN_NUMBER.match(value):
        return value  # -12.50 is a number to a spreadsheet, not a formula
    return "'" + value if _FORMULA_LEAD.match(value) else value


def money(minor: int, decimals: int) -> str:
    if decimals == 0:
        return str(minor)
    sign = "-" if minor < 0 else ""
    whole, frac = divmod(abs(minor), 10**decimals)
    return f"{sign}{whole}.{frac:0{decimals}d}"


def birthday_text(year: int | None, month: int | None, day: int | None) -> str:
    if not (month and day):
        return ""
    return f"{year:04d}-{month:02d}-{day:02d}" if year else f"--{month:02d}-{day:02d}"


# the customer columns an export reads, in this order (vCard and CSV alike)
READ_COLUMNS: tuple[str, ...] = (
    "id", "name", "phone", "phone2", "gender", "birth_year", "birth_month", "birth_day",
    "birth_calendar", "birth_leap", *TEXT_FIELDS, "credit_limit", "balance", *CONSENT_FIELDS,
    "tier", "lifecycle", "total_spend", "purchase_count", "first_purchase_on", "last_purchase_on",
    "created_at",
)
_RELATED_COLUMNS = ("customer", "name", "relation", "phone", "birth_year", "birth_month", "birth_day",
                    "birth_calendar", "birth_leap", "notes")


@dataclass(frozen=True)
class Page:
    """Up to PAGE customers as the database gives them (READ_COLUMNS), with their tags and people."""

    rows: list[tuple]
    tags: dict[int, list[str]]
    related: dict[int, list[RelatedIn]]


def _raw(query: Any) -> list[tuple]:
    # the driver's own values: peewee's conversion of each value was most of an export's time
    return Customer._meta.database.execute(query).fetchall()


class _Prepared:
    """A query's SQL built once, run again with other values in the places of `marks`.

    Built by peewee for the store's engine (placeholders, quoting); building three
    queries for each of 200 pages was a tenth of an export.
    """

    def __init__(self, query: Any, *marks: int) -> None:
        self.sql, self.params = query.sql()
        self.slots = [self.params.index(mark) for mark in marks]

    def rows(self, *values: Any) -> list[tuple]:
        params = list(self.params)
        for slot, value in zip(self.slots, values, strict=True):
            params[slot] = value
        return Customer._meta.database.execute_sql(self.sql, params).fetchall()


_FIRST, _LAST = -1_000_001, -1_000_002  # marks, never ids


def _queries(customer_ids: list[int] | None) -> tuple[Callable[..., list[tuple]], ...]:
    """(customers after an id, tags of a page, related people of a page), as raw rows."""
    customers = Customer.select(*(getattr(Customer, c) for c in READ_COLUMNS)).order_by(Customer.id)
    tags = (CustomerTag.select(CustomerTag.customer, Tag.name).join(Tag).order_by(Tag.name))
    people = (RelatedPerson.select(*(getattr(RelatedPerson, c) for c in _RELATED_COLUMNS))
              .order_by(RelatedPerson.id))
    if customer_ids is not None:  # a few customers: each page's query built for its ids
        chosen = customers.where(Customer.id.in_(customer_ids))
        return (lambda last: _raw(chosen.where(Customer.id > last).limit(PAGE)),
                lambda ids: _raw(tags.where(CustomerTag.customer.in_(ids))),
                lambda ids: _raw(people.where(RelatedPerson.customer.in_(ids))))
    # the whole file: a page's links by id range, through the index on customer_id
    after = _Prepared(customers.where(Customer.id > _FIRST).limit(PAGE), _FIRST)
    links = _Prepared(tags.where(CustomerTag.customer.between(_FIRST, _LAST)), _FIRST, _LAST)
    related = _Prepared(people.where(RelatedPerson.customer.between(_FIRST, _LAST)), _FIRST, _LAST)
    return (after.rows, lambda ids: links.rows(ids[0], ids[-1]),
            lambda ids: related.rows(ids[0], ids[-1]))


def pages(customer_ids: list[int] | None = None, progress: Progress | None = None) -> Iterator[Page]:
    """Customers in id order, read PAGE at a time: never all rows in memory."""
    total = _count(customer_ids) if progress else 0
    customers_after, tags_of, people_of = _queries(customer_ids)
    last = done = 0
    while True:
        rows = customers_after(last)
        if not rows:
            return
        ids = [r[0] for r in rows]
        tags: dict[int, list[str]] = {}
        for customer, tag in tags_of(ids):
            tags.setdefault(customer, []).append(tag)
        related: dict[int, list[RelatedIn]] = {}
        for customer, name, relation, phone, year, month, day, calendar, leap, notes in people_of(ids):
            related.setdefault(customer, []).append(RelatedIn(
                name=name, relation=relation, phone=phone, birth_year=year, birth_month=month,
                birth_day=day, birth_calendar=calendar, birth_leap=bool(leap), notes=notes))
        yield Page(rows, tags, related)
        last = ids[-1]
        done += len(rows)
        if progress:
            progress(done, total)


def customer_pages(
    customer_ids: list[int] | None = None, progress: Progress | None = None
) -> Iterator[tuple[Any, list[str]]]:
    """Each customer (READ_COLUMNS as Python values, and `related`) with its tags, in id order."""
    converters = [_python_value(name) for name in READ_COLUMNS]
    for page in pages(customer_ids, progress):
        for row in page.rows:
            c = SimpleNamespace(**{name: (convert(v) if convert and v is not None else v)
                                   for name, convert, v in zip(READ_COLUMNS, converters, row, strict=True)})
            c.related = page.related.get(c.id, [])
            yield c, page.tags.get(c.id, [])


def _python_value(name: str) -> Callable[[Any], Any] | None:
    """The field's conversion where the driver's value is not already the Python one."""
    field = Customer._meta.fields[name]
    return field.python_value if isinstance(field, BooleanField | DateField | DateTimeField) else None


def _count(customer_ids: list[int] | None) -> int:
    query = Customer.select()
    return query.where(Customer.id.in_(customer_ids)).count() if customer_ids is not None else query.count()


# the text str() gives a date or datetime: such a cell is written as it is stored
_DATE_TEXT = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_DATETIME_TEXT = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2} [0-9]{2}:[0-9]{2}:[0-9]{2}(?:\.(?!0{6})[0-9]{6})?")
# a cell after the separator that safe_cell may change: a pattern that starts with one
# character is searched for at C speed (an alternation with ^ cost 23 us a row)
_RISKY_CELL = re.compile("\x00['=+\\-@\t\r]")


def _time_text(name: str, iso: bool = False, model: Any = Customer) -> Callable[[Any], str]:
    """A date or datetime column's cell: str() (or isoformat) of the Python value."""
    field = model._meta.fields[name]
    pattern = _DATETIME_TEXT if isinstance(field, DateTimeField) else _DATE_TEXT
    seen: dict[Any, str] = {}  # purchase days repeat: each is worked out once

    def text(v: Any) -> str:
        if v is None:
            return ""
        cell = seen.get(v)
        if cell is not None:
            return cell
        if isinstance(v, str) and pattern.fullmatch(v):
            cell = v[:10] + "T" + v[11:] if iso and len(v) > 10 else v
        else:
            value = field.python_value(v)
            if iso and hasattr(value, "isoformat"):
                cell = value.isoformat()
            else:
                cell = "" if value is None else str(value)
        if len(seen) < 4096:
            seen[v] = cell
        return cell

    return text


# the CSV columns worked out from the row, in the order _worked gives them; every other
# CSV column is a text column taken as stored
_WORKED = ("id", "birthday", "birth_leap", "tags", "credit_limit", "balance", *CONSENT_FIELDS,
           "related", "total_spend", "purchase_count", "first_purchase_on", "last_purchase_on",
           "created_at")
_AT = {name: i for i, name in enumerate(READ_COLUMNS)}


def _plain_text(column: str) -> bool:
    field = Customer._meta.fields.get(column)
    return isinstance(field, CharField | TextField) and not field.null


def _row_writer(decimals: int) -> Callable[[tuple, list[str], list[RelatedIn]], tuple[str, ...]]:
    """One function from a row (with tags and people) to its CSV cells, CUSTOMER_COLUMNS' order.

    The text columns are taken as they are, the rest worked out in one call, and one
    itemgetter puts them in order: a Python call per cell was half the export.
    """
    # the id first: never a formula, so every cell _RISKY_CELL must see follows a separator
    assert CUSTOMER_COLUMNS[0] == "id" and all(c in _WORKED or _plain_text(c) for c in CUSTOMER_COLUMNS)
    order = itemgetter(*(len(READ_COLUMNS) + _WORKED.index(c) if c in _WORKED else _AT[c]
                         for c in CUSTOMER_COLUMNS))
    cid, year, month, day, leap = (_AT[c] for c in ("id", "birth_year", "birth_month", "birth_day",
                                                    "birth_leap"))
    credit, balance, spend, count = (_AT[c] for c in ("credit_limit", "balance", "total_spend",
                                                      "purchase_count"))
    consent = slice(_AT[CONSENT_FIELDS[0]], _AT[CONSENT_FIELDS[-1]] + 1)
    # four (flag, time) pairs, then do_not_contact: written out below, a call per cell saved
    assert READ_COLUMNS[consent] == CONSENT_FIELDS and len(CONSENT_FIELDS) == 9
    call_at, sms_at, email_at, chat_at = (_time_text(c, iso=True) for c in CONSENT_FIELDS[1:8:2])
    first, last, created = (_AT[c] for c in ("first_purchase_on", "last_purchase_on", "created_at"))
    first_text, last_text, created_text = (
        _time_text(c) for c in ("first_purchase_on", "last_purchase_on", "created_at"))
    zero = money(0, decimals)

    def cells(r: tuple, tags: list[str], people: list[RelatedIn]) -> tuple[str, ...]:
        call, call_time, sms, sms_time, email, email_time, chat, chat_time, no_contact = r[consent]
        worked = (
            str(r[cid]), birthday_text(r[year], r[month], r[day]), "1" if r[leap] else "",
            "; ".join(tags), money(r[credit], decimals) if r[credit] else zero,
            money(r[balance], decimals) if r[balance] else zero,
            "1" if call else "", call_at(call_time), "1" if sms else "", sms_at(sms_time),
            "1" if email else "", email_at(email_time), "1" if chat else "", chat_at(chat_time),
            "1" if no_contact else "",
            format_related(people) if people else "",
            money(r[spend], decimals) if r[spend] else zero, str(r[count]),
            first_text(r[first]), last_text(r[last]), created_text(r[created]),
        )
        row = order(r + worked)
        if _RISKY_CELL.search("\x00".join(row)):
            return tuple([c if not c or c[0] not in _RISKY_LEAD else safe_cell(c) for c in row])
        return row

    return cells


def export_customers_csv(
    out: str | os.PathLike[str],
    *,
    currency: str = "CNY",
    customer_ids: list[int] | None = None,
    progress: Progress | None = None,
) -> int:
    cells = _row_writer(currency_decimals(currency))
    done = 0
    with private_output(out, encoding="utf-8-sig") as fh:
        writer = csv.writer(fh)
        writer.writerow(CUSTOMER_COLUMNS)
        for page in pages(customer_ids, progress):
            writer.writerows([cells(r, page.tags.get(r[0], []), page.related.get(r[0], []))
                              for r in page.rows])
            done += len(page.rows)
    return done


# what a vCard has no property for travels as X-DESKCRM-<FIELD>, which other programs ignore
VCARD_EXTRA_FIELDS = tuple(f for f in (*TEXT_FIELDS, *CONSENT_FIELDS)
                           if f not in ("email", "address", "city", "district", "occupation", "notes"))


def vcard_of(c: Any, tags: list[str], store: str = "", decimals: int = 2) -> VCardOut:
    extra = []
    for key in VCARD_EXTRA_FIELDS:
        value = getattr(c, key)
        if isinstance(value, bool):
            value = "1" if value else ""
        elif hasattr(value, "isoformat"):
            value = value.isoformat()
        if value:
            extra.append((key, str(value)))
    for key in ("credit_limit", "balance"):
        if getattr(c, key):
            extra.append((key, money(getattr(c, key), decimals)))
    return VCardOut(
        name=c.name, phones=tuple(p for p in (c.phone, c.phone2) if p), email=c.email,
        address=c.address, city=c.city, district=c.district, birth_year=c.birth_year,
        birth_month=c.birth_month, birth_day=c.birth_day, birth_calendar=c.birth_calendar,
        birth_leap=c.birth_leap, gender=c.gender, occupation=c.occupation, notes=c.notes,
        tags=tuple(tags), uid=f"deskcrm-{store}-customer-{c.id}" if store else f"deskcrm-customer-{c.id}",
        extra=tuple(extra), related=format_related(getattr(c, "related", [])),
    )


def export_vcards(
    out: str | os.PathLike[str],
    *,
    version: str = "3.0",
    currency: str = "CNY",
    customer_ids: list[int] | None = None,
    progress: Progress | None = None,
) -> int:
    done = 0
    store, decimals = store_id(), currency_decimals(currency)
    with private_output(out) as fh:  # vCard lines end in CRLF already
        for c, tags in customer_pages(customer_ids, progress):
            fh.write(write_vcard(vcard_of(c, tags, store, decimals), version))
            done += 1
    return done


def export_purchases_csv(
    out: str | os.PathLike[str],
    *,
    currency: str = "CNY",
    customer_ids: list[int] | None = None,
    progress: Progress | None = None,
) -> int:
    decimals = currency_decimals(currency)
    base = Purchase.select()
    if customer_ids is not None:
        base = base.where(Purchase.customer.in_(customer_ids))
    total, done, last = base.count(), 0, 0
    # plain tuples of the driver's values: with the joined models peewee left customer_id and
    # staff empty, and its conversions were most of the time
    query = (
        Purchase.select(
            Purchase.id, Purchase.customer, Customer.name, Purchase.purchased_on, Purchase.item,
            Purchase.style_no, Purchase.size, Purchase.colour, Purchase.quantity, Purchase.amount,
            Staff.name, Purchase.notes)
        .join(Customer).switch(Purchase).join(Staff, JOIN.LEFT_OUTER)
        .order_by(Purchase.id).limit(PAGE)
    )
    if customer_ids is not None:
        query = query.where(Purchase.customer.in_(customer_ids))
    after = _Prepared(query.where(Purchase.id > _FIRST), _FIRST)
    day_text = _time_text("purchased_on", iso=True, model=Purchase)
    with private_output(out, encoding="utf-8-sig") as fh:
        writer = csv.writer(fh)
        writer.writerow(PURCHASE_COLUMNS)
        while True:
            page = after.rows(last)
            if not page:
                break
            rows = []
            for (pid, cid, cname, day, item, style, size, colour, qty, amount, staff, notes) in page:
                row = (str(pid), str(cid), str(cname), day_text(day), str(item), str(style), str(size),
                       str(colour), str(qty), money(amount, decimals), str(staff or ""), str(notes))
                # the id first, never a formula: every other cell follows a separator
                if _RISKY_CELL.search("\x00".join(row)):
                    row = tuple([safe_cell(c) for c in row])
                rows.append(row)
            writer.writerows(rows)
            done += len(page)
            last = page[-1][0]
            if progress:
                progress(done, total)
    return done
