"""Shared pieces of the import/export tests: build a file, run an import."""

from __future__ import annotations

import datetime as dt

from deskcrm.services.io.importer import ImportPlan, apply_import, plan_import
from deskcrm.services.io.records import Rules, load_source
from deskcrm.store.models import (
    Customer,
    CustomerTag,
    ImportBatch,
    ImportChange,
    RelatedPerson,
    Tag,
)

TODAY = dt.date(2025, 6, 1)
NOW = dt.datetime(2025, 6, 1, 9, 30)


def plan_bytes(data: bytes, name: str = "customers.csv", encoding: str | None = None) -> ImportPlan:
    return plan_import(load_source(data, name, encoding), Rules(TODAY))


def import_bytes(data: bytes, name: str = "customers.csv", **options):
    plan = plan_bytes(data, name)
    return plan, apply_import(plan, now=NOW, **options)


def empty_customers() -> None:
    """Take every customer out of the bound store (and what an import wrote), keeping the
    store: a round trip then exports and imports back on the same engine."""
    for model in (ImportChange, ImportBatch, RelatedPerson, CustomerTag, Tag, Customer):
        model.delete().execute()
