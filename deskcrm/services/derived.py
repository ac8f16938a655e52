"""Keeping a customer's stored search keys and completeness in step with the facts.

Every path that writes a customer's name, phones, facts, tags, related people or
dates (the form, import, merge, a walk-in filed from the complaint wizard) calls
`refresh` before saving, so search and the review never read stale keys.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from deskcrm.services.completeness import completeness
from deskcrm.store.models import Customer, CustomerTag, ImportantDate, RelatedPerson, Tag
from deskcrm.store.search_keys import clean_name, search_keys, search_text


def tag_names(customer_id: int) -> list[str]:
    query = (
        Tag.select(Tag.name)
        .join(CustomerTag)
        .where(CustomerTag.customer == customer_id)
        .order_by(Tag.name)
    )
    return [t.name for t in query]


def fact_values(customer: Customer) -> dict[str, Any]:
    """The customer's fields plus counts of related people and dates, for scoring."""
    values = dict(customer.__data__)
    if customer.id is not None:
        values["related_count"] = (
            RelatedPerson.select().where(RelatedPerson.customer == customer.id).count()
        )
        values["dates_count"] = (
            ImportantDate.select().where(ImportantDate.customer == customer.id).count()
        )
    return values


def keys_and_score(values: Mapping[str, Any], tags: list[str]) -> dict[str, Any]:
    """The stored keys and completeness of a customer with these field values and tags.

    Pure: `refresh` sets them on a row, and an import computes them for a chunk of
    new customers before its write transaction opens, from the same function, so an
    imported customer is found exactly as a typed one is.
    """
    name = clean_name(values["name"])
    keys = search_keys(name, [values.get("phone") or "", values.get("phone2") or ""])
    # reversed digits make "last four" a prefix range the index can answer
    first_phone = keys.phone_digits.split(" ")[0] if keys.phone_digits else ""
    out: dict[str, Any] = {
        "name": name, "name_key": keys.name_key, "initials": keys.initials, "pinyin": keys.pinyin,
        "choseong": keys.choseong, "phone_digits": keys.phone_digits, "phone_tail": first_phone[::-1],
        "sort_key": keys.sort_key, "search_text": search_text(keys, tags),
    }
    out["completeness"] = completeness({**values, **out})
    return out


def refresh(customer: Customer, tags: list[str] | None = None) -> Customer:
    """Recompute keys and completeness on the row (not saved: the caller saves it)."""
    if tags is None:
        tags = tag_names(customer.id) if customer.id is not None else []
    for key, value in keys_and_score(fact_values(customer), tags).items():
        setattr(customer, key, value)
    return customer
