"""Customers with fewer index entries to write: what an import of new customers waits on.

Every new customer writes an entry in each of the customer table's indexes, and an
import's chunk commits every index page it touched: with random keys that is about one
page per row and index, so the indexes, not the rows, are most of an import's write
(benchmarks/README.md, branch imp5). Two kinds of entry were written for nothing:

- `customer_owner_id` is the first column of `customer_owner_id_completeness`, which
  serves every lookup by owner (and the staff's `SET NULL` on delete) as well.
- m0009's one-character indexes `(substr(<key>, 1, 1), sort_key, id)` held an entry for
  every customer, also those whose key is empty: a Chinese or Latin name has no
  choseong, a Korean name no pinyin initials, a customer without a phone no reversed
  phone. Those entries sort by name among the empty keys (random places, a page each)
  and no query reads them: a one-character query never matches an empty key. Each is
  now a partial index of the customers with the key, under the same name, and the
  search says `<key> <> ''` as the index does, so both engines use it
  (`services/search._first_pages`).
"""

from __future__ import annotations

from peewee import Database

VERSION = 10
DROPPED = ("customer_owner_id",)
# the one-character keys that are empty for many customers (the name never is)
PARTIAL_FIRST = ("initials", "choseong", "phone_tail")


def first_condition(column: str) -> str:
    """The partial index's condition, as the search must write it too."""
    return f"\"{column}\" <> ''"


def up(db: Database) -> None:
    for name in DROPPED:
        db.execute_sql(f'DROP INDEX IF EXISTS "{name}"')
    for column in PARTIAL_FIRST:
        name = f"customer_{column}_first"
        db.execute_sql(f'DROP INDEX IF EXISTS "{name}"')
        db.execute_sql(f'CREATE INDEX "{name}" ON "customer" (substr("{column}", 1, 1), "sort_key", "id")'
                       f" WHERE {first_condition(column)}")
