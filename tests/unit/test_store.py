import sqlite3

import pytest

from deskcrm.store import models
from deskcrm.store.db import SCHEMA_VERSION, StoreError, check_integrity, open_database


def test_new_file_is_created_private_and_versioned(db_path):
    db = open_database(db_path)
    assert models.Meta.get(models.Meta.key == "app").value == "deskcrm"
    assert int(models.Meta.get(models.Meta.key == "schema_version").value) == SCHEMA_VERSION
    assert db_path.stat().st_mode & 0o077 == 0
    assert db.execute_sql("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert db.execute_sql("PRAGMA foreign_keys").fetchone()[0] == 1
    db.close()


def test_reopening_keeps_data(db_path):
    db = open_database(db_path)
    models.Staff.create(name="Mina")
    db.close()
    open_database(db_path)
    assert models.Staff.select().count() == 1


def test_newer_file_is_refused_untouched(db_path):
    db = open_database(db_path)
    models.Meta.update(value=str(SCHEMA_VERSION + 1)).where(
        models.Meta.key == "schema_version"
    ).execute()
    db.close()
    before = db_path.read_bytes()
    with pytest.raises(StoreError, match="newer deskcrm"):
        open_database(db_path)
    assert db_path.read_bytes() == before


def test_foreign_sqlite_file_is_refused_untouched(tmp_path):
    path = tmp_path / "other.db"
    con = sqlite3.connect(path)
    con.execute("CREATE TABLE orders (id INTEGER PRIMARY KEY)")
    con.commit()
    con.close()
    before = path.read_bytes()
    with pytest.raises(StoreError, match="not a deskcrm"):
        open_database(path)
    assert path.read_bytes() == before
    assert not (tmp_path / "other.db-wal").exists()


def test_text_file_is_refused(tmp_path):
    path = tmp_path / "notes.txt"
    path.write_text("hello")
    with pytest.raises(StoreError, match="not a SQLite database"):
        open_database(path)
    assert path.read_text() == "hello"


def test_integrity_check_passes_on_fresh_file(db):
    report = check_integrity(db)
    assert report.ok, report.problems


@pytest.mark.sqlite_only
def test_fts_follows_customer_rows(db):
    c = models.Customer.create(name="王小明", search_text="王小明 wxm wangxiaoming 13800138000")
    hits = db.execute_sql("SELECT rowid FROM customer_fts WHERE customer_fts MATCH ?", ('"小明 w"',))
    assert [r[0] for r in hits] == [c.id]
    c.search_text = "김민수 ㄱㅁㅅ"
    c.save()
    hits = db.execute_sql("SELECT rowid FROM customer_fts WHERE customer_fts MATCH ?", ('"wxm"',))
    assert list(hits) == []
    c.delete_instance()
    assert db.execute_sql("SELECT count(*) FROM customer_fts WHERE customer_fts MATCH '\"민수 \"'").fetchone()[0] == 0
