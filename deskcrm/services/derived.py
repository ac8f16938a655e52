"""Keeping a customer's stored search keys and completeness in step with the facts.

Every path that writes a customer's name, phones, facts, tags, related people or
dates (the form, import, merge, a walk-in filed from the complaint wizard) calls
`refresh` before saving, so search and the review never read stale keys.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from peewee import fn

from deskcrm.services.completeness import completeness
from deskcrm.store.models import Customer, CustomerTag, ImportantDate, RelatedPerson, Tag
from deskcrm.store.prepared import Prepared
from deskcrm.store.search_keys import clean_name, search_keys, search_text

_TAGS = Prepared(
    lambda customer_id: Tag.select(Tag.name).join(CustomerTag).where(CustomerTag.customer == customer_id)
    .order_by(Tag.name),
    int,
)
_RELATED = Prepared(
    lambda customer_id: RelatedPerson.select(fn.COUNT(RelatedPerson.id)).where(RelatedPerson.customer == customer_id),
    int,
)
_DATES = Prepared(
    lambda customer_id: ImportantDate.select(fn.COUNT(ImportantDate.id)).where(ImportantDate.customer == customer_id),
    int,
)


def tag_names(customer_id: int) -> list[str]:
    return [t.name for t in _TAGS.rows(customer_id)]


def fact_values(customer: Customer, counts: Mapping[str, int] | None = None) -> dict[str, Any]:
    """The customer's fields plus counts of related people and dates, for scoring.

    `counts`: those counts, when the caller has them (`fact_counts`, or lists it read).
    """
    values = dict(customer.__data__)
    if counts is not None:
        values.update(counts)
    elif customer.id is not None:
        values["related_count"] = _RELATED.scalar(customer.id)
        values["dates_count"] = _DATES.scalar(customer.id)
    return values


def fact_counts(customer_ids: list[int]) -> dict[int, dict[str, int]]:
    """fact_values' counts for many customers in two queries (a chunk of an import or undo:
    two counts per row, under the write lock, were most of a merge's hold)."""
    found = {cid: {"related_count": 0, "dates_count": 0} for cid in customer_ids}
    for model, key in ((RelatedPerson, "related_count"), (ImportantDate, "dates_count")):
        query = (model.select(model.customer, fn.COUNT(model.id)).where(model.customer.in_(customer_ids))
                 .group_by(model.customer).tuples())
        for cid, count in query:
            found[cid][key] = count
    return found


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


def refresh(customer: Customer, tags: list[str] | None = None,
            counts: Mapping[str, int] | None = None) -> Customer:
    """Recompute keys and completeness on the row (not saved: the caller saves it).

    `counts`: the customer's entry of `fact_counts`, when the caller read them in bulk.
    """
    if tags is None:
        tags = tag_names(customer.id) if customer.id is not None else []
    values = fact_values(customer, counts)
    for key, value in keys_and_score(values, tags).items():
        setattr(customer, key, value)
    return customer
