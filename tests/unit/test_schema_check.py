"""`deskcrm check` compares the schema with what the code builds; `--repair` restores it."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys

import pytest

from deskcrm.cli import main
from deskcrm.store import schema_check
from deskcrm.store.db import check_integrity, open_database
from deskcrm.store.models import Customer, database

EVIL = "CREATE TRIGGER rewrite_notes AFTER INSERT ON purchase BEGIN UPDATE customer SET notes = 'x'; END"


def _index_count(path) -> int:
    con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return con.execute("SELECT count(*) FROM sqlite_master WHERE type = 'index'"
                           " AND name NOT LIKE 'sqlite_%'").fetchone()[0]
    finally:
        con.close()


@pytest.mark.sqlite_only  # the check reads sqlite_master
def test_a_fresh_file_matches_the_expected_schema(db):
    report = schema_check.compare(db)
    assert report.ok, report.problems()
    assert schema_check.foreign_objects(db) == []
    expected = schema_check.expected_schema()
    assert {o.type for o in expected.values()} >= {"table", "index", "trigger"}
    assert ("table", "customer_fts") in expected


def test_a_planted_trigger_or_view_is_foreign_and_repair_drops_it(db, db_path, capsys):
    db.execute_sql(EVIL)
    db.execute_sql("CREATE VIEW everyone AS SELECT name, phone FROM customer")
    # a trigger of ours with another body is foreign too
    db.execute_sql("DROP TRIGGER customer_fts_ad")
    db.execute_sql("CREATE TRIGGER customer_fts_ad AFTER DELETE ON customer BEGIN SELECT 1; END")
    assert sorted(schema_check.foreign_objects(db)) == [
        "trigger customer_fts_ad on customer", "trigger rewrite_notes on purchase",
        "view everyone"]
    assert not check_integrity(db).ok
    assert main(["check", "--db", str(db_path)]) == 1
    assert "PROBLEM schema: foreign trigger rewrite_notes on purchase" in capsys.readouterr().out
    assert main(["check", "--repair", "--db", str(db_path)]) == 0
    out = capsys.readouterr().out
    assert "dropped trigger rewrite_notes on purchase" in out and "rebuilt trigger customer_fts_ad" in out
    assert schema_check.foreign_objects(db) == [] and schema_check.compare(db).ok


def test_an_extra_table_is_reported_and_left_alone(db, db_path, capsys):
    db.execute_sql("CREATE TABLE notes_of_mine (x)")
    assert "foreign table notes_of_mine" in schema_check.compare(db).problems()
    assert main(["check", "--repair", "--db", str(db_path)]) == 1
    assert "notes_of_mine" in db.get_tables()


def test_a_search_index_out_of_step_is_found_and_rebuilt(db, db_path, capsys):
    c = Customer.create(name="王小明", search_text="王小明 wxm")
    db.execute_sql("DROP TRIGGER customer_fts_au")
    Customer.update(search_text="김민수").where(Customer.id == c.id).execute()
    report = schema_check.compare(db)
    assert report.search_index and report.repairable
    assert main(["check", "--repair", "--db", str(db_path)]) == 0
    hits = db.execute_sql("SELECT rowid FROM customer_fts WHERE customer_fts MATCH '\"김민수\"'")
    assert [r[0] for r in hits] == [c.id]


def test_a_killed_seed_is_found_by_check_and_repaired(tmp_path, capsys):
    """The seed drops the plain indexes for speed; kill it mid-way and they stay dropped."""
    path = tmp_path / "shop.sqlite3"
    open_database(path).close()
    database.initialize(None)
    full = _index_count(path)
    seed = subprocess.Popen(
        [sys.executable, "-m", "deskcrm", "seed", "--customers", "100000", "--db", str(path)],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        env={**os.environ, "COLUMNS": "80"},
    )
    try:
        while _index_count(path) == full and seed.poll() is None:
            pass  # the seed drops the indexes right after opening the file
        assert seed.poll() is None, "the seed finished before it could be killed"
        seed.send_signal(signal.SIGKILL)
    finally:
        seed.wait()
    assert _index_count(path) < full
    assert main(["check", "--db", str(path)]) == 1
    out = capsys.readouterr().out
    assert "PROBLEM schema: missing index customer_name_key on customer" in out
    assert main(["check", "--repair", "--db", str(path)]) == 0
    assert "rebuilt index customer_name_key on customer" in capsys.readouterr().out
    assert _index_count(path) == full
    assert main(["check", "--db", str(path)]) == 0


def test_a_second_seed_restores_what_a_killed_one_dropped(db, db_path):
    dropped = [r[0] for r in db.execute_sql(
        "SELECT name FROM sqlite_master WHERE type = 'index' AND sql NOT LIKE 'CREATE UNIQUE%'"
        " AND tbl_name = 'customer'")]
    for name in dropped:
        db.execute_sql(f'DROP INDEX "{name}"')
    db.close()
    database.initialize(None)
    assert main(["seed", "--customers", "20", "--db", str(db_path)]) == 0
    reopened = open_database(db_path)
    try:
        assert schema_check.compare(reopened).ok
    finally:
        reopened.close()
