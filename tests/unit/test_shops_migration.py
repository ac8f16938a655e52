"""m0005 moves a file written before shops (schema 3) into shop 1, and the file checks clean after."""

from __future__ import annotations

import gzip
import shutil
import sqlite3
from pathlib import Path

import pytest

from deskcrm.store.db import SCHEMA_VERSION, check_integrity, open_store
from deskcrm.store.migrations.m0005_shops import SHOP_COLUMNS

pytestmark = pytest.mark.sqlite_only

# `deskcrm seed --customers 12 --today 2026-11-20` by the code of schema 3 (main at 2a3f2a7)
OLD_FILE = Path(__file__).parent.parent / "fixtures" / "schema3_shop.sqlite3.gz"


@pytest.fixture
def old_file(tmp_path) -> Path:
    path = tmp_path / "old.sqlite3"
    with gzip.open(OLD_FILE) as src, path.open("wb") as out:
        shutil.copyfileobj(src, out)
    return path


def _counts(path: Path) -> dict[str, int]:
    con = sqlite3.connect(path)
    try:
        return {t: con.execute(f'SELECT COUNT(*) FROM "{t}"').fetchone()[0] for t in SHOP_COLUMNS}
    finally:
        con.close()


def test_a_schema_3_file_moves_into_shop_1_and_checks_clean(old_file):
    before = _counts(old_file)
    assert sqlite3.connect(old_file).execute(
        "SELECT value FROM deskcrm_meta WHERE key = 'schema_version'").fetchone() == ("3",)
    store = open_store(old_file)
    with store.session():
        report = check_integrity(store.db)
        assert report.ok, report.problems
        assert report.schema_version == SCHEMA_VERSION
        assert store.db.execute_sql("PRAGMA foreign_keys").fetchone() == (1,)
        shops = store.db.execute_sql("SELECT id, name, code FROM shop").fetchall()
        # shop 1 takes the name the file's messages were signed with
        assert len(shops) == 1 and shops[0][0] == 1 and shops[0][1] not in ("", "1")
        for table, column in SHOP_COLUMNS.items():
            rows = store.db.execute_sql(f'SELECT "{column}", COUNT(*) FROM "{table}" GROUP BY 1').fetchall()
            assert rows == ([(1, before[table])] if before[table] else []), table
    store.close()
    assert _counts(old_file) == before


def test_a_fresh_file_and_an_upgraded_one_have_the_same_schema(old_file, tmp_path):
    from deskcrm.store.schema_check import compare

    for path in (old_file, tmp_path / "new.sqlite3"):
        store = open_store(path)
        with store.session():
            assert compare(store.db).ok, compare(store.db).problems()
        store.close()
