"""A covering index for what each customer spent over a span of days: (customer, day, amount).

The weekly review's 80/20 line sums a year of purchases per customer. From the
(purchased_on, customer, amount) index those rows come in day order and must be sorted
by customer before they can be summed (626 000 rows at 100 000 customers: 0.74 s of CPU
on SQLite; on PostgreSQL a hash that spills past a 4 MB work_mem). This index hands them
over already in customer order, amount included, so the sums need neither the table nor
a sort (0.26 s). Both engines; building it at 100 000 customers (1.15 M purchases) takes
about 1 s of CPU.
"""

from __future__ import annotations

from peewee import Database

VERSION = 7
INDEX = "purchase_customer_id_purchased_on_amount"


def up(db: Database) -> None:
    db.execute_sql(f'CREATE INDEX IF NOT EXISTS "{INDEX}" ON "purchase" ("customer_id", "purchased_on", "amount")')
