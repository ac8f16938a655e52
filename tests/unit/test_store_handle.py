"""The store handle: bound per context, a locked BEGIN retried, a read-only file opened for reading."""

from __future__ import annotations

import os
import sqlite3
import threading

import pytest
from peewee import OperationalError

from deskcrm.store import models
from deskcrm.store.db import open_database, open_store
from deskcrm.store.handle import NoStoreBound, current_store
from deskcrm.workers import describe_failure


def test_a_thread_that_bound_nothing_is_told_so(db):
    errors: list[BaseException] = []

    def reach() -> None:
        try:
            models.Customer.select().count()
        except BaseException as exc:  # noqa: BLE001 - the test looks at what it was
            errors.append(exc)

    t = threading.Thread(target=reach)
    t.start()
    t.join()
    assert len(errors) == 1 and isinstance(errors[0], NoStoreBound)


def test_two_stores_in_two_threads_stay_apart(tmp_path):
    a = open_store(tmp_path / "a.sqlite3")
    b = open_store(tmp_path / "b.sqlite3")
    barrier = threading.Barrier(2)

    def fill(store, name, n):
        with store.session():
            barrier.wait()
            for i in range(n):
                models.Customer.create(name=f"{name}{i}")

    threads = [threading.Thread(target=fill, args=(a, "a", 30)),
               threading.Thread(target=fill, args=(b, "b", 20))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    with a.session():
        assert models.Customer.select().count() == 30
    with b.session():
        assert models.Customer.select().count() == 20
        assert not models.Customer.select().where(models.Customer.name.startswith("a")).exists()


def test_a_locked_begin_is_retried_until_the_lock_is_gone(db_path):
    db = open_database(db_path)
    db.execute_sql("PRAGMA busy_timeout = 20")  # the first wait ends at once
    other = sqlite3.connect(db_path, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")
    other.execute("INSERT INTO deskcrm_meta (key, value) VALUES ('held', '1')")
    told = []

    def release() -> None:  # the other terminal finishes while we wait for it
        told.append(True)
        other.execute("COMMIT")

    db.on_busy = release
    with db.atomic():
        models.Customer.create(name="after the wait")
    assert told == [True]
    assert models.Meta.get_by_id("held").value == "1"
    assert [c.name for c in models.Customer.select()] == ["after the wait"]
    other.close()


def test_a_lock_that_never_ends_fails_with_a_clear_message(db_path, monkeypatch):
    from deskcrm.store import handle

    monkeypatch.setattr(handle, "LOCK_RETRY_SECONDS", 0.0)
    db = open_database(db_path)
    db.execute_sql("PRAGMA busy_timeout = 20")
    other = sqlite3.connect(db_path, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")
    with pytest.raises(OperationalError) as caught, db.atomic():
        models.Customer.create(name="never")
    other.execute("ROLLBACK")
    other.close()
    assert "try again" in describe_failure(caught.value)
    assert models.Customer.select().count() == 0


def test_a_current_file_opens_without_writing_while_another_terminal_writes(db_path):
    open_database(db_path).close()
    other = sqlite3.connect(db_path, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")  # another terminal holds the write lock
    store = open_store(db_path)  # must not need it
    with store.session():
        assert models.Customer.select().count() == 0
    store.close()
    other.execute("ROLLBACK")
    other.close()


def test_read_only_store_refuses_writes_and_says_why(db_path):
    open_database(db_path).close()
    store = open_store(db_path, read_only=True)
    assert store.read_only
    with store.session():
        assert models.Customer.select().count() == 0
        with pytest.raises(OperationalError) as caught:
            models.Customer.create(name="x")
    assert "read-only" in describe_failure(caught.value, store.read_only)
    store.close()


def test_check_and_the_app_open_a_file_this_user_cannot_write(db_path, monkeypatch, capsys):
    from deskcrm.cli import main
    from deskcrm.store import db as store_db

    open_database(db_path).close()
    before = db_path.stat().st_mtime_ns
    # as a user without write permission sees it (root may write anything, so say so)
    monkeypatch.setattr(store_db.os, "access", lambda path, mode: mode != os.W_OK)
    assert main(["check", "--db", str(db_path)]) == 0
    store = open_store(db_path)
    assert "read-only" in store.read_only
    store.close()
    assert db_path.stat().st_mtime_ns == before


def test_the_current_store_is_the_one_opened_last_in_this_context(tmp_path):
    open_database(tmp_path / "a.sqlite3")
    assert current_store().target.endswith("a.sqlite3")
    open_database(tmp_path / "b.sqlite3")
    assert current_store().target.endswith("b.sqlite3")


def test_a_file_with_a_planted_trigger_is_not_opened_but_check_can_repair_it(db_path):
    from deskcrm.cli import main
    from deskcrm.store.db import StoreError

    db = open_database(db_path)
    db.execute_sql("CREATE TRIGGER rewrite AFTER INSERT ON purchase BEGIN "
                   "UPDATE customer SET notes = 'x'; END")
    db.close()
    with pytest.raises(StoreError, match="did not create"):
        open_store(db_path)
    assert main(["check", "--db", str(db_path)]) == 1
    assert main(["check", "--repair", "--db", str(db_path)]) == 0
    open_store(db_path).close()
