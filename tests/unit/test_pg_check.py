"""`deskcrm check` on PostgreSQL looks past the schema version: constraints, sequences, the search index."""

from __future__ import annotations

import pytest

from deskcrm.cli import main
from deskcrm.store.db import check_integrity, open_database

pytestmark = pytest.mark.slow


def _problems(url: str) -> tuple[str, ...]:
    db = open_database(url)
    try:
        return check_integrity(db).problems
    finally:
        db.close()


def _sql(url: str, *statements: str) -> None:
    db = open_database(url)
    try:
        for statement in statements:
            db.execute_sql(statement)
    finally:
        db.close()


def test_a_fresh_database_checks_clean(pg_url, capsys):
    assert _problems(pg_url) == ()
    assert main(["check", "--db", pg_url]) == 0
    assert capsys.readouterr().out.strip().endswith("ok")


@pytest.fixture
def own_url(pg_cluster) -> str:
    """A database of its own: these tests damage the schema, which the shared one would keep."""
    return pg_cluster.new_database()


def test_damage_is_found_and_repair_mends_what_holds_no_data(own_url, capsys):
    from deskcrm.store.migrations.m0003_postgres_search import TRGM_INDEX

    pg_url = own_url
    _sql(pg_url,
         "INSERT INTO staff (id, name, role, pin_hash, pin_salt, failed_pins, active, created_at, shop_id)"
         " VALUES (40, 'Mina', 'desk', '', '', 0, true, now(), 1)",
         'DROP INDEX "follow_up_shop_id_status_due_on"',
         f'DROP INDEX "{TRGM_INDEX}"',
         'ALTER TABLE customer ALTER COLUMN name_key TYPE VARCHAR(255) COLLATE "POSIX"')
    # what open_database itself mends at start-up (the sequences) is damaged after it
    db = open_database(pg_url)
    db.execute_sql("SELECT setval(pg_get_serial_sequence('staff', 'id'), 3)")
    found = check_integrity(db).problems
    db.close()
    assert "index: missing follow_up_shop_id_status_due_on" in found
    assert any(p.startswith("sequence: staff: the next new row would get id 4, but 40") for p in found)
    assert any(TRGM_INDEX in p and p.startswith("search index:") for p in found)
    assert any("customer.name_key is not compared by code point" in p for p in found)
    assert main(["check", "--db", pg_url]) == 1

    capsys.readouterr()
    from deskcrm.cli.check import _repair_postgres

    db = open_database(pg_url)
    db.execute_sql("SELECT setval(pg_get_serial_sequence('staff', 'id'), 3)")
    assert _repair_postgres(db) == 0
    out = capsys.readouterr().out
    db.close()
    assert "built index follow_up_shop_id_status_due_on" in out and "re-created the search index" in out
    assert "moved the id sequences" in out
    assert _problems(pg_url) == ()


def test_a_missing_foreign_key_or_column_is_reported_and_left_for_a_backup(own_url):
    pg_url = own_url
    _sql(pg_url, "ALTER TABLE purchase DROP CONSTRAINT purchase_shop_id_fkey",
         "ALTER TABLE contact DROP COLUMN note")
    found = _problems(pg_url)
    assert "constraint: missing foreign key purchase.shop_id -> shop" in found
    assert "schema: missing column contact.note" in found


def test_a_seeded_database_has_every_index_back_and_takes_new_rows(pg_url):
    import datetime as dt

    from deskcrm.services.customers import CustomerInput, save_customer
    from deskcrm.services.seed import seed_database
    from deskcrm.store.models import Customer

    db = open_database(pg_url)
    try:
        summary = seed_database(customers=40, seed=3, today=dt.date(2026, 12, 1))
        assert check_integrity(db).problems == ()
        new = save_customer(CustomerInput(name="王小明", phone="13800138000"),
                            now=dt.datetime(2026, 12, 1, 9), today=dt.date(2026, 12, 1))
        assert new.customer_id == max(c.id for c in Customer.select()) and summary.customers == 40
    finally:
        db.close()
