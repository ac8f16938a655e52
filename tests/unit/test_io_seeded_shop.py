"""A seeded shop's own export (CSV and vCard) imports back whole: no refused row, every field equal.

The seeded data is what a real shop's file looks like after years of use: lunar
birthdays with leap months, year-less and 29 February ones, polyphonic surnames,
Korean/Taiwanese/mainland phones, tags, consent with dates and related people.
It is exported from SQLite and imported into a fresh store on each engine.
"""

from __future__ import annotations

import datetime as dt

import pytest

from deskcrm.services import derived
from deskcrm.services.io import csv_export
from deskcrm.services.io.fields import CONSENT_FIELDS, TEXT_FIELDS
from deskcrm.services.seed import seed_database
from deskcrm.store.db import open_database
from deskcrm.store.models import Customer, ImportBatch, RelatedPerson
from tests.io_helpers import import_bytes

FIELDS = ("name", "phone", "phone2", "gender", "birth_year", "birth_month", "birth_day",
          "birth_calendar", "birth_leap", *TEXT_FIELDS, *CONSENT_FIELDS, "credit_limit", "balance",
          # search keys are stored: an imported customer must be found as the original was
          "name_key", "initials", "pinyin", "choseong", "phone_digits", "phone_tail", "sort_key")
CUSTOMERS = 400


def _shop() -> list[tuple]:
    """Every customer's fields, tags and related people, in file order (ids differ between stores)."""
    out = []
    for c in Customer.select().order_by(Customer.id):
        people = [(r.name, r.relation, r.phone, r.birth_year, r.birth_month, r.birth_day,
                   r.birth_calendar, r.birth_leap, r.notes)
                  for r in RelatedPerson.select().where(RelatedPerson.customer == c.id).order_by(RelatedPerson.id)]
        out.append(({k: getattr(c, k) for k in FIELDS}, derived.tag_names(c.id), people))
    return out


@pytest.fixture(scope="module")
def exported(tmp_path_factory):
    """A seeded shop exported both ways, and what it held."""
    folder = tmp_path_factory.mktemp("seeded")
    source = open_database(folder / "shop.sqlite3")
    try:
        seed_database(customers=CUSTOMERS, seed=5, today=dt.date(2026, 5, 1))
        csv_export.export_customers_csv(folder / "customers.csv")
        csv_export.export_vcards(folder / "customers.vcf")
        shop = _shop()
    finally:
        source.close()
    return folder, shop


def _differences(before: list[tuple], after: list[tuple]) -> list:
    """(position, what differs) for each customer that did not come back the same."""
    found = []
    for i, ((was, was_tags, was_people), (now, tags, people)) in enumerate(zip(before, after, strict=True)):
        fields = {k: (v, now[k]) for k, v in was.items() if now[k] != v}
        if fields or tags != was_tags or people != was_people:
            found.append((i, was["name"], fields, (was_tags, tags), (was_people, people)))
    return found


@pytest.mark.parametrize("name", ["customers.csv", "customers.vcf"])
def test_a_seeded_shops_export_imports_back_with_nothing_refused_and_every_field_equal(db, exported, name):
    folder, before = exported
    assert sum(1 for _values, tags, people in before if tags and people) > 10  # the file has what we compare
    plan, result = import_bytes((folder / name).read_bytes(), name)
    assert [(e.line, e.column, e.value, e.reason) for e in plan.errors] == []
    assert plan.duplicates == () and result.refused == 0
    assert result.created == CUSTOMERS and ImportBatch.get().status == "done"
    after = _shop()
    assert len(after) == len(before)
    assert _differences(before, after) == []
