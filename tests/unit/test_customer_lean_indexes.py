"""Migration 10: the customer indexes an import writes for nothing are gone (both engines),
and one-character search still reads its pages from the partial indexes."""

import pytest

from deskcrm.services import search
from deskcrm.services.customers import CustomerInput, save_customer
from deskcrm.store import dialect
from deskcrm.store.migrations import m0010_customer_lean_indexes as lean
from deskcrm.store.models import database
from tests.customer_helpers import NOW, TODAY


def _indexes() -> dict[str, str]:
    if dialect.is_sqlite():
        rows = database.execute_sql("SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'customer'")
    else:
        rows = database.execute_sql("SELECT indexname, indexdef FROM pg_indexes WHERE tablename = 'customer'")
    return {name: sql or "" for name, sql in rows}


@pytest.mark.both_engines
def test_the_owner_index_is_gone_and_the_first_character_ones_skip_empty_keys(db):
    indexes = _indexes()
    assert "customer_owner_id" not in indexes and "customer_owner_id_completeness" in indexes
    for column in lean.PARTIAL_FIRST:
        assert "WHERE" in indexes[f"customer_{column}_first"].upper(), column
    assert "WHERE" not in indexes["customer_name_key_first"].upper()


def _plan(sql: str, params) -> str:
    if dialect.is_sqlite():
        return " ".join(str(r) for r in database.execute_sql(f"EXPLAIN QUERY PLAN SELECT * FROM {sql}", params))
    with database.atomic():  # three rows: only a planner told to avoid scans shows what it could use
        database.execute_sql("SET LOCAL enable_seqscan = off")
        return " ".join(r[0] for r in database.execute_sql(f"EXPLAIN SELECT * FROM {sql} AS q", params))


@pytest.mark.both_engines
def test_one_character_queries_read_the_partial_indexes(db):
    for name, phone in (("김민수", "010-5555-1234"), ("王小明", "13800138000"), ("Olga", "")):
        assert save_customer(CustomerInput(name=name, phone=phone), now=NOW, today=TODAY).ok
    for q, column in (("ㄱ", "choseong"), ("w", "initials"), ("4", "phone_tail")):
        sql, params = database.get_sql_context().sql(search._first_pages(q, None, 10)).query()
        plan = _plan(sql, params)
        assert f"customer_{column}_first" in plan, (q, plan)
    assert [r.name for r in search.search("ㄱ").rows] == ["김민수"]
    assert [r.name for r in search.search("w").rows] == ["王小明"]
    assert {r.name for r in search.search("4").rows} == {"김민수"}
