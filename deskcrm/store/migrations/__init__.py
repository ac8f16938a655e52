"""Ordered schema migrations.

Each module has `VERSION` (1, 2, ...) and `up(db)`. The database records the
version it is at in the `deskcrm_meta` table; `deskcrm.store.db` applies what is
missing in one transaction, and refuses a file newer than this code.
"""

from __future__ import annotations

from types import ModuleType

from deskcrm.store.migrations import (
    m0001_initial,
    m0002_import_batch_status,
    m0003_postgres_search,
    m0004_followup_reason_code,
    m0005_shops,
    m0006_pg_short_search,
    m0007_purchase_customer_spend,
    m0008_followup_lean_indexes,
    m0009_search_first_page,
    m0010_customer_lean_indexes,
)

MIGRATIONS: tuple[ModuleType, ...] = (
    m0001_initial, m0002_import_batch_status, m0003_postgres_search, m0004_followup_reason_code,
    m0005_shops, m0006_pg_short_search, m0007_purchase_customer_spend,
    m0008_followup_lean_indexes, m0009_search_first_page, m0010_customer_lean_indexes,
)
SCHEMA_VERSION: int = MIGRATIONS[-1].VERSION
