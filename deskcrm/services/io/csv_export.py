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
from types import SimpleNamespace
from typing import Any

from peewee import JOIN

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


def safe_cell(value: str) -> str:
    """A spreadsheet runs a cell starting with = + - @ as a formula: prefix those with '.

    Cells already starting with quotes before such a character get one more, so the
    import (which takes exactly one off) gets back what was stored.
    """
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


def customer_pages(
    customer_ids: list[int] | None = None, progress: Progress | None = None
) -> Iterator[tuple[Any, list[str]]]:
    """Customers in id order with their tags, read PAGE at a time: never all rows in memory."""
    total = _count(customer_ids) if progress else 0
    last = done = 0
    while True:
        query = Customer.select().where(Customer.id > last)
        if customer_ids is not None:
            query = query.where(Customer.id.in_(customer_ids))
        # plain rows: building Model instances was 70% of an export's time
        page = [SimpleNamespace(**row) for row in query.order_by(Customer.id).limit(PAGE).dicts()]
        if not page:
            return
        tags: dict[int, list[str]] = {}
        links = (
            CustomerTag.select(CustomerTag.customer, Tag.name).join(Tag)
            .where(CustomerTag.customer.in_([c.id for c in page])).order_by(Tag.name)
        )
        for link in links:
            tags.setdefault(link.customer_id, []).append(link.tag.name)
        related: dict[int, list[RelatedIn]] = {}
        people = RelatedPerson.select().where(RelatedPerson.customer.in_([c.id for c in page]))
        for r in people.order_by(RelatedPerson.id).dicts():
            related.setdefault(r["customer"], []).append(RelatedIn(
                name=r["name"], relation=r["relation"], phone=r["phone"], birth_year=r["birth_year"],
                birth_month=r["birth_month"], birth_day=r["birth_day"],
                birth_calendar=r["birth_calendar"], birth_leap=r["birth_leap"], notes=r["notes"]))
        for c in page:
            c.related = related.get(c.id, [])
            yield c, tags.get(c.id, [])
        last = page[-1].id
        done += len(page)
        if progress:
            progress(done, total)


def _count(customer_ids: list[int] | None) -> int:
    query = Customer.select()
    return query.where(Customer.id.in_(customer_ids)).count() if customer_ids is not None else query.count()


def _customer_row(c: Any, tags: list[str], decimals: int) -> list[str]:
    values = {
        "birthday": birthday_text(c.birth_year, c.birth_month, c.birth_day),
        "birth_leap": "1" if c.birth_leap else "",
        "tags": "; ".join(tags),
        "credit_limit": money(c.credit_limit, decimals),
        "balance": money(c.balance, decimals),
        "total_spend": money(c.total_spend, decimals),
        "related": format_related(c.related),
    }
    for key in CONSENT_FIELDS:
        value = getattr(c, key)
        values[key] = ("1" if value else "") if isinstance(value, bool) else (value.isoformat() if value else "")
    row = []
    for column in CUSTOMER_COLUMNS:
        value = values[column] if column in values else getattr(c, column)
        row.append(safe_cell("" if value is None else str(value)))
    return row


def export_customers_csv(
    out: str | os.PathLike[str],
    *,
    currency: str = "CNY",
    customer_ids: list[int] | None = None,
    progress: Progress | None = None,
) -> int:
    decimals = currency_decimals(currency)
    done = 0
    with private_output(out, encoding="utf-8-sig") as fh:
        writer = csv.writer(fh)
        writer.writerow(CUSTOMER_COLUMNS)
        for c, tags in customer_pages(customer_ids, progress):
            writer.writerow(_customer_row(c, tags, decimals))
            done += 1
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
    with private_output(out, encoding="utf-8-sig") as fh:
        writer = csv.writer(fh)
        writer.writerow(PURCHASE_COLUMNS)
        while True:
            query = (
                Purchase.select(Purchase, Customer.name, Staff.name)
                .join(Customer).switch(Purchase).join(Staff, JOIN.LEFT_OUTER)
                .where(Purchase.id > last).order_by(Purchase.id).limit(PAGE)
            )
            if customer_ids is not None:
                query = query.where(Purchase.customer.in_(customer_ids))
            # plain tuples: with the joined models peewee left customer_id and staff empty
            page = list(query.select(
                Purchase.id, Purchase.customer, Customer.name, Purchase.purchased_on, Purchase.item,
                Purchase.style_no, Purchase.size, Purchase.colour, Purchase.quantity, Purchase.amount,
                Staff.name, Purchase.notes).tuples())
            if not page:
                break
            for (pid, cid, cname, day, item, style, size, colour, qty, amount, staff, notes) in page:
                writer.writerow([safe_cell(str(v)) for v in (
                    pid, cid, cname, day.isoformat() if hasattr(day, "isoformat") else day, item, style,
                    size, colour, qty, money(amount, decimals), staff or "", notes)])
            done += len(page)
            last = page[-1][0]
            if progress:
                progress(done, total)
    return done
