"""Follow-ups with fewer index entries to write: what a 30-day first run spends its time on.

`follow_up` had fifteen indexes, so each of the ~300 000 rows a first generation makes
at 100 000 customers wrote fifteen index entries (and each chunk's commit the pages
they dirtied). Two were the first column of a wider index that serves the same
lookups: `status` (of `status, due_on`) and `customer_id` (of `customer_id, status,
due_on`, which the customer's cascading delete uses as well). Six are on columns that
a generated row leaves empty (who it is assigned to, who finished it and when, the
purchase, the complaint, who added it by hand): each becomes a partial index of the
rows that have one, under the same name. Every lookup by these columns (`= ?`,
`IN (...)`, `>= ?`, the foreign keys' `SET NULL`) implies NOT NULL, so both engines
still use them. Measured on the 100 000-customer file: a first 30-day generation
29.6 -> 25.9 s CPU (benchmarks/README.md, branch f3).
"""

from __future__ import annotations

from peewee import Database

VERSION = 8
TABLE = "follow_up"
DROPPED = ("follow_up_status", "follow_up_customer_id")
PARTIAL = ("assigned_to_id", "done_by_id", "done_at", "purchase_id", "complaint_id", "created_by_id")


def up(db: Database) -> None:
    for name in DROPPED:
        db.execute_sql(f'DROP INDEX IF EXISTS "{name}"')
    for column in PARTIAL:
        name = f"{TABLE}_{column}"
        db.execute_sql(f'DROP INDEX IF EXISTS "{name}"')
        db.execute_sql(f'CREATE INDEX "{name}" ON "{TABLE}" ("{column}") WHERE "{column}" IS NOT NULL')
