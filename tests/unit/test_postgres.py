"""The same store and services on PostgreSQL, on a throwaway local cluster.

The cluster is the shared `pg_cluster` fixture (tests/pg_cluster.py): skipped,
with the reason shown, where the server binaries or psycopg2 are missing, and a
failure instead under .ci/run.
"""

from __future__ import annotations

import datetime as dt

from deskcrm.store import models
from deskcrm.store.db import check_integrity, open_database


def test_store_services_and_search_on_postgres(pg_url):
    from deskcrm.services import search, settings
    from deskcrm.services.customers import CustomerInput, save_customer
    from deskcrm.services.purchases import PurchaseInput, log_purchase

    db = open_database(pg_url)
    now, today = dt.datetime(2026, 11, 23, 9), dt.date(2026, 11, 23)
    saved = save_customer(CustomerInput(name="王小明", phone="13800138000"), now=now, today=today)
    assert saved.customer_id
    save_customer(CustomerInput(name="김민수", phone="010-1234-5678"), now=now, today=today)
    result = log_purchase(saved.customer_id, PurchaseInput(purchased_on=today, item="大衣", amount="2,480.00"),
                          today=today, now=now)
    assert not result.errors
    settings.put("shop.locale", "ko")
    settings.put("shop.locale", "zh_Hant")
    assert settings.get("shop.locale") == "zh_Hant"
    assert [r.name for r in search.search("wxm").rows] == ["王小明"]
    assert [r.name for r in search.search("5678").rows] == ["김민수"]
    assert [r.name for r in search.search("小明").rows] == ["王小明"]
    assert models.Customer.get_by_id(saved.customer_id).total_spend == 248000
    assert check_integrity(db).ok
    db.close()
    reopened = open_database(pg_url)
    assert models.Customer.select().count() == 2
    reopened.close()


def test_new_rows_after_a_seed_get_fresh_ids(pg_url):
    from deskcrm.services.customers import CustomerInput, save_customer
    from deskcrm.services.seed import seed_database

    open_database(pg_url)
    seed_database(customers=30, seed=1, today=dt.date(2026, 12, 1))
    top = models.Customer.select(models.Customer.id).order_by(models.Customer.id.desc()).scalar()
    saved = save_customer(CustomerInput(name="新顾客", phone="13900000001"),
                          now=dt.datetime(2026, 12, 1, 9), today=dt.date(2026, 12, 1))
    assert saved.customer_id == top + 1


def test_sequences_follow_rows_written_with_explicit_ids(pg_url):
    db = open_database(pg_url)
    models.Customer.insert(id=500, name="旧顾客").execute()
    db.close()
    open_database(pg_url)  # a restore, or any load with explicit ids, is caught up on opening
    assert models.Customer.create(name="新顾客").id == 501


def test_opening_never_hands_out_an_id_another_terminal_holds(pg_url):
    import psycopg2

    open_database(pg_url).close()
    other = psycopg2.connect(pg_url)  # a terminal mid-save: its id is taken, its row not yet committed
    with other.cursor() as cur:
        cur.execute("SELECT nextval(pg_get_serial_sequence('customer', 'id'))")
        (held,) = cur.fetchone()
    db = open_database(pg_url)  # a fourth terminal starts and catches the sequences up
    other.commit()
    other.close()
    assert models.Customer.create(name="新顾客").id == held + 1
    db.close()
