import datetime as dt
import os
import sqlite3
import stat
import threading

import pytest

from deskcrm.cli import main
from deskcrm.services.io.backup import BackupError, backup_database, inspect, restore_database
from deskcrm.store.db import open_database
from deskcrm.store.handle import current_store
from deskcrm.store.models import Customer, database

# the sqlite3 online backup API; PostgreSQL's backup is pg_dump's
pytestmark = pytest.mark.sqlite_only

NOW = dt.datetime(2025, 6, 1, 9, 30)


def _mode(path):
    return stat.S_IMODE(os.stat(path).st_mode)


def _fill(n):
    Customer.insert_many([{"name": f"客户{i}", "notes": "x" * 200} for i in range(n)]).execute()


def test_backup_while_another_connection_writes_passes_check(db, tmp_path):
    _fill(3000)
    go, first_commit = threading.Event(), threading.Event()
    store = current_store()

    def writer():
        # peewee gives each thread its own connection: a second writer on the same file
        with store.session():
            go.wait(10)
            for i in range(20):
                Customer.create(name=f"writer{i}")
                first_commit.set()

    thread = threading.Thread(target=writer)
    thread.start()
    steps = []

    def progress(done, total):
        if not steps:  # let the other connection commit in the middle of the copy
            go.set()
            first_commit.wait(10)
        steps.append((done, total))

    out = tmp_path / "backup.sqlite3"
    info = backup_database(db, out, now=NOW, progress=progress)
    thread.join()
    assert len(steps) > 1 and first_commit.is_set()
    assert info.customers >= 3001 and _mode(out) == 0o600
    # the backup is one self-contained file, not WAL
    assert sqlite3.connect(out).execute("PRAGMA journal_mode").fetchone()[0] == "delete"
    assert main(["check", "--db", str(out)]) == 0


def test_backup_into_a_folder_names_the_file_by_time(db, tmp_path):
    folder = tmp_path / "backups"
    folder.mkdir()
    info = backup_database(db, folder, now=NOW)
    assert info.path.name == "deskcrm-20250601-093000.sqlite3"


def test_backup_refuses_to_overwrite_the_database(db, db_path):
    with pytest.raises(BackupError):
        backup_database(db, db_path, now=NOW)


def test_restore_refuses_files_that_are_not_sound_deskcrm_databases(db, db_path, tmp_path):
    _fill(3)
    text = tmp_path / "notes.txt"
    text.write_text("hello")
    foreign = tmp_path / "other.sqlite3"
    sqlite3.connect(foreign).execute("CREATE TABLE t (x)").connection.commit()
    newer = tmp_path / "newer.sqlite3"
    backup_database(db, newer, now=NOW)
    con = sqlite3.connect(newer)
    con.execute("UPDATE deskcrm_meta SET value = '99' WHERE key = 'schema_version'")
    con.commit()
    con.close()
    for bad, words in ((text, "not a SQLite"), (foreign, "not a deskcrm"), (newer, "newer"),
                       (tmp_path / "missing.sqlite3", "does not exist")):
        with pytest.raises(BackupError, match=words):
            restore_database(bad, db_path, now=NOW)
    assert Customer.select().count() == 3
    assert not list(tmp_path.glob("*before-restore*"))


def test_restore_keeps_the_current_database_aside_then_replaces_it(db, db_path, tmp_path):
    _fill(2)
    backup = tmp_path / "two.sqlite3"
    backup_database(db, backup, now=NOW)
    _fill(5)
    assert Customer.select().count() == 7
    result = restore_database(backup, db_path, now=NOW)
    assert result.kept_aside.name == "shop.before-restore-20250601-093000.sqlite3"
    assert _mode(result.kept_aside) == 0o600 and _mode(db_path) == 0o600
    assert inspect(result.kept_aside).customers == 7
    # the app's open connection sees the restored data
    assert Customer.select().count() == 2
    db.close()
    reopened = open_database(db_path)
    assert Customer.select().count() == 2
    reopened.close()
    database.initialize(None)
    assert main(["check", "--db", str(db_path)]) == 0
