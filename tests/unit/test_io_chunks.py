"""Imports and undos commit in chunks, yet a batch is never left half there."""

import datetime as dt
import multiprocessing
import subprocess
import sys
import textwrap
import threading
from pathlib import Path

import pytest
from peewee import SqliteDatabase

from deskcrm.services.io import import_batches
from deskcrm.services.io.importer import UndoError, apply_import, recover_unfinished, undo_import
from deskcrm.store.db import open_database
from deskcrm.store.models import Customer, ImportBatch, ImportChange, database
from tests.io_helpers import NOW, plan_bytes

ROOT = Path(__file__).resolve().parents[2]
ROWS = "姓名,电话\n" + "".join(f"客人{i},138{i:08d}\n" for i in range(1500))


def test_a_failure_between_chunks_takes_back_what_was_written(db):
    plan = plan_bytes(ROWS.encode())
    seen = []

    def progress(done, total):
        seen.append(done)
        if len(seen) == 2:
            raise RuntimeError("disk full")

    with pytest.raises(RuntimeError):
        apply_import(plan, now=NOW, progress=progress)
    assert seen[0] < 1500  # it did commit in chunks
    assert Customer.select().count() == 0 and ImportChange.select().count() == 0
    assert ImportBatch.get().status == import_batches.ROLLED_BACK
    with pytest.raises(UndoError, match="rolled back"):
        undo_import(ImportBatch.get().id, now=NOW)


@pytest.mark.both_engines
def test_a_killed_import_is_rolled_back_at_the_next_start_but_a_live_one_is_left(store_target, tmp_path):
    db = open_database(store_target)
    db.close()
    (tmp_path / "in.csv").write_text(ROWS, encoding="utf-8")
    script = textwrap.dedent(f"""
        import os, sys
        sys.path.insert(0, {str(ROOT)!r})
        from tests.io_helpers import NOW, plan_bytes
        from deskcrm.store.db import open_database
        from deskcrm.services.io.importer import apply_import
        open_database({store_target!r})
        plan = plan_bytes(open({str(tmp_path / "in.csv")!r}, "rb").read())
        def progress(done, total):
            if done >= 300:
                os._exit(9)  # killed between two chunks: no rollback can run
        apply_import(plan, now=NOW, progress=progress)
    """)
    assert subprocess.run([sys.executable, "-c", script]).returncode == 9
    db = open_database(store_target)
    try:
        written = Customer.select().count()
        assert 0 < written < 1500 and ImportBatch.get().status == import_batches.IMPORTING
        assert recover_unfinished(NOW + dt.timedelta(seconds=30)) == []  # may still be running
        assert Customer.select().count() == written
        (gone,) = recover_unfinished(NOW + dt.timedelta(minutes=5))
        assert (gone.status, gone.deleted) == (import_batches.ROLLED_BACK, written)
        assert Customer.select().count() == 0
    finally:
        db.close()
        database.initialize(None)


def test_undo_commits_in_chunks_and_finishes(db):
    plan = plan_bytes(ROWS.encode())
    result = apply_import(plan, now=NOW)
    steps = []
    undone = undo_import(result.batch_id, now=NOW, progress=lambda d, t: steps.append(d))
    assert undone.deleted == 1500 and len(steps) > 1
    assert ImportBatch.get().status == import_batches.UNDONE


def test_a_version_1_file_gets_the_batch_status_columns(db_path):
    import sqlite3

    db = open_database(db_path)
    db.close()
    con = sqlite3.connect(db_path)
    con.execute("DROP INDEX IF EXISTS importbatch_status")
    con.execute("DROP INDEX IF EXISTS import_batch_status")
    con.execute("ALTER TABLE import_batch DROP COLUMN status")
    con.execute("ALTER TABLE import_batch DROP COLUMN heartbeat_at")
    con.execute("UPDATE deskcrm_meta SET value = '1' WHERE key = 'schema_version'")
    con.commit()
    con.close()
    db = open_database(db_path)
    try:
        assert {"status", "heartbeat_at"} <= {c.name for c in db.get_columns("import_batch")}
    finally:
        db.close()


def _durability(db) -> str:
    if isinstance(db, SqliteDatabase):
        return str(db.execute_sql("PRAGMA synchronous").fetchone()[0])
    return db.execute_sql("SHOW synchronous_commit").fetchone()[0]


def test_chunks_skip_the_wait_for_the_disk_but_the_batch_is_final_only_durably(db):
    if not isinstance(db, SqliteDatabase):
        db.execute_sql("SET synchronous_commit TO ON")  # the test cluster runs with it off
    durable = _durability(db)
    seen = []
    plan = plan_bytes(ROWS.encode())
    result = apply_import(plan, now=NOW, progress=lambda done, total: seen.append(_durability(db)))
    # each chunk committed without waiting; the batch's "done" and everything after wait again
    assert set(seen) == {"1" if isinstance(db, SqliteDatabase) else "off"} and len(seen) > 1
    assert _durability(db) == durable and durable in ("2", "on")
    undo_import(result.batch_id, now=NOW, progress=lambda d, t: seen.append(_durability(db)))
    assert _durability(db) == durable

    def fail(done, total):
        raise RuntimeError("disk full")

    with pytest.raises(RuntimeError):
        apply_import(plan_bytes(ROWS.encode()), now=NOW, progress=fail)
    assert _durability(db) == durable and Customer.select().count() == 0


def test_a_failure_while_keys_are_computed_ahead_takes_back_what_was_written(db, monkeypatch):
    """The keys are computed ahead of the chunks (a forked child on Linux, else a thread):
    its error reaches the import, which stops it and takes back the chunks already committed."""
    from deskcrm.services.io import import_write

    real, calls = import_write.prepare, []

    def failing(rows, now, **options):
        calls.append(len(rows))
        if len(calls) == 3:
            raise ValueError("bad key")
        return real(rows, now, **options)

    monkeypatch.setattr(import_write, "prepare", failing)
    written = []
    with pytest.raises(ValueError, match="bad key"):
        apply_import(plan_bytes(ROWS.encode()), now=NOW, progress=lambda done, _total: written.append(done))
    assert written  # the rows prepared before the failure were committed first
    assert Customer.select().count() == 0 and ImportChange.select().count() == 0
    assert ImportBatch.get().status == import_batches.ROLLED_BACK
    assert not any(t.name.startswith("import-prepare") and t.is_alive() for t in threading.enumerate())
    assert not multiprocessing.active_children()


@pytest.mark.both_engines
def test_duplicates_are_found_by_phone_and_by_name_and_birthday_on_both_engines(db):
    """The plan's look-ups are plain SQL (importer._matching): on PostgreSQL as on SQLite."""
    apply_import(plan_bytes("姓名,电话,生日\n王小明,13800000001,1990-03-05\n李丽,13800000002,1985-07-04\n"
                            .encode()), now=NOW)
    again = plan_bytes("姓名,电话,生日\n王小明,13900000009,1990-03-05\n李丽,13800000002,\n张伟,13700000003,\n"
                       .encode())
    found = {d.name: (d.existing_name, d.reason) for d in again.duplicates}
    assert found == {"王小明": ("王小明", "same name and birthday"), "李丽": ("李丽", "same phone")}
