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
from deskcrm.store.models import AuditLog, Customer, database

# the sqlite3 online backup API; PostgreSQL's backup is pg_dump's
pytestmark = pytest.mark.sqlite_only

NOW = dt.datetime(2025, 6, 1, 9, 30)


def _mode(path):
    return stat.S_IMODE(os.stat(path).st_mode)


def _fill(n):
    Customer.insert_many([{"name": f"客户{i}", "notes": "x" * 200} for i in range(n)]).execute()


def test_backup_while_another_connection_writes_is_the_state_it_began_with(db, tmp_path, monkeypatch):
    from deskcrm.services.io import file_snapshot

    monkeypatch.setattr(file_snapshot, "CHUNK", 64 * 1024)  # several progress reports for a small file
    _fill(3000)
    go, first_commit = threading.Event(), threading.Event()
    store = current_store()

    def writer():
        # peewee gives each thread its own connection: a second writer on the same file
        with store.session():
            go.wait(10)
            for i in range(1200):  # past SQLite's 1000-page auto-checkpoint
                Customer.create(name=f"writer{i}", notes="y" * 3000)
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
    # exactly the file as the copy began: none of the writer's rows, nothing torn
    assert info.customers == 3000 and _mode(out) == 0o600
    # the backup is one self-contained file, not WAL
    assert sqlite3.connect(out).execute("PRAGMA journal_mode").fetchone()[0] == "delete"
    assert not list(tmp_path.glob("backup.sqlite3-*"))
    assert Customer.select().count() == 4200  # the writer's rows are in the live file
    assert main(["check", "--db", str(out)]) == 0


def _after(path):
    con = sqlite3.connect(path)
    try:
        return con.execute("SELECT count(*) FROM customer WHERE notes = 'after'").fetchone()[0]
    finally:
        con.close()


def test_commits_still_in_the_wal_reach_the_backup(db, db_path, tmp_path, monkeypatch):
    """A reader holding an old state keeps the last commit out of the main file: the
    bytes of the main file would miss it, so the backup copies page by page."""
    from deskcrm.services.io import backup as backup_module

    _fill(3000)
    reader = sqlite3.connect(db_path)
    reader.execute("BEGIN")
    reader.execute("SELECT count(*) FROM customer").fetchone()
    # rewrites pages in place: the main file keeps its size, only its bytes are old
    Customer.update(notes="after").where(Customer.id <= 10).execute()
    pages_copied = []
    real = backup_module._backup_api
    monkeypatch.setattr(backup_module, "_backup_api", lambda *a: pages_copied.append(1) or real(*a))
    info = backup_database(db, tmp_path / "b.sqlite3", now=NOW)
    reader.rollback()
    reader.close()
    assert pages_copied and _after(info.path) == 10
    # with nothing held back the file's bytes are copied, and they hold everything
    pages_copied.clear()
    Customer.update(notes="after").where(Customer.id <= 20).execute()
    later = backup_database(db, tmp_path / "c.sqlite3", now=NOW)
    assert not pages_copied and _after(later.path) == 20 and later.customers == 3000
    assert main(["check", "--db", str(info.path)]) == 0


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


# --- hostile and hollow files -------------------------------------------------

EVIL = "CREATE TRIGGER rewrite_notes AFTER INSERT ON purchase BEGIN UPDATE customer SET notes = 'x'; END"


def _backup_with(db, tmp_path, name, *statements):
    out = tmp_path / name
    backup_database(db, out, now=NOW)
    con = sqlite3.connect(out)
    for sql in statements:
        con.execute(sql)
    con.commit()
    con.close()
    return out


def test_restore_refuses_a_file_carrying_its_own_trigger_or_view(db, db_path, tmp_path):
    _fill(3)
    triggers = "SELECT count(*) FROM sqlite_master WHERE type = 'trigger'"
    own = db.execute_sql(triggers).fetchone()[0]  # the schema's own (search keys, tag order)
    for name, sql in (("trigger.sqlite3", EVIL),
                      ("view.sqlite3", "CREATE VIEW v AS SELECT name FROM customer"),
                      ("table.sqlite3", "CREATE TABLE extra (x)")):
        hostile = _backup_with(db, tmp_path, name, sql)
        with pytest.raises(BackupError, match="foreign"):
            restore_database(hostile, db_path, now=NOW)
    assert Customer.select().count() == 3
    assert not list(tmp_path.glob("*before-restore*")) and not list(tmp_path.glob(".*.part"))
    assert own and db.execute_sql(triggers).fetchone()[0] == own


def test_restore_refuses_a_hollow_file(db, db_path, tmp_path):
    _fill(3)
    hollow = tmp_path / "hollow.sqlite3"
    con = sqlite3.connect(hollow)
    con.execute("CREATE TABLE deskcrm_meta (key TEXT PRIMARY KEY, value TEXT)")
    con.executemany("INSERT INTO deskcrm_meta VALUES (?, ?)", [("app", "deskcrm"), ("schema_version", "1")])
    con.execute("CREATE TABLE customer (id INTEGER PRIMARY KEY, name TEXT)")
    con.commit()
    con.close()
    with pytest.raises(BackupError, match="missing table"):
        restore_database(hollow, db_path, now=NOW)
    assert main(["restore", str(hollow), "--db", str(db_path)]) == 1
    assert Customer.select().count() == 3


def test_restore_refuses_a_backup_missing_its_indexes(db, db_path, tmp_path):
    damaged = _backup_with(db, tmp_path, "noindex.sqlite3", "DROP INDEX customer_name_key")
    with pytest.raises(BackupError, match="missing index customer_name_key"):
        restore_database(damaged, db_path, now=NOW)


def test_restore_shows_what_the_file_holds_before_replacing(db, db_path, tmp_path, capsys):
    _fill(2)
    backup = tmp_path / "two.sqlite3"
    assert main(["backup", str(backup), "--db", str(db_path)]) == 0
    _fill(5)
    capsys.readouterr()
    assert main(["restore", str(backup), "--db", str(db_path)]) == 0
    out = capsys.readouterr().out
    shown = out.index(f"{backup} holds 2 customers; last change")
    assert shown < out.index("restored")
    assert not list(tmp_path.glob(".*.part"))
    reopened = open_database(db_path)
    last = AuditLog.select().order_by(AuditLog.id.desc()).first()
    reopened.close()
    # written into the restored file (the backup row went into the file kept aside)
    assert (last.action, last.staff_name[:3]) == ("restore", "cli")
    assert '"customers": 2' in last.detail


def test_backup_refuses_the_databases_own_files(db, db_path):
    for tail in ("-wal", "-shm", "-journal"):
        with pytest.raises(BackupError, match="-wal/-shm"):
            backup_database(db, db_path.with_name(db_path.name + tail), now=NOW)
    assert db_path.with_name(db_path.name + "-wal").exists()  # untouched, still SQLite's


def test_a_full_disk_during_backup_says_so_and_leaves_no_part_file(db, tmp_path):
    _fill(3000)
    folder = tmp_path / "backups"
    folder.mkdir()
    earlier = folder / "shop.sqlite3"
    earlier.write_bytes(b"the earlier backup")

    def disk_fills(done, total):
        full = sqlite3.OperationalError("database or disk is full")
        full.sqlite_errorcode = 13  # SQLITE_FULL, as SQLite reports it
        raise full

    with pytest.raises(BackupError, match="disk is full.*database is unchanged"):
        backup_database(db, earlier, now=NOW, progress=disk_fills)
    assert sorted(p.name for p in folder.iterdir()) == ["shop.sqlite3"]
    assert earlier.read_bytes() == b"the earlier backup"
    assert Customer.select().count() == 3000


def test_a_file_that_lost_its_indexes_can_still_be_backed_up(db, tmp_path):
    db.execute_sql("DROP INDEX customer_name_key")
    info = backup_database(db, tmp_path / "b.sqlite3", now=NOW)
    assert info.path.exists()
    with pytest.raises(BackupError, match="missing index"):
        inspect(info.path)


def test_a_cut_off_copy_is_refused_by_the_check_of_a_fresh_backup(db, tmp_path):
    from deskcrm.services.io.backup import sealed

    _fill(300)
    info = backup_database(db, tmp_path / "b.sqlite3", now=NOW)
    assert sealed(info.path).customers == 300
    with info.path.open("r+b") as fh:  # a write cut off one page short
        fh.truncate(info.size - 4096)
    with pytest.raises(BackupError, match="damaged"):
        sealed(info.path)


def test_a_copy_that_fails_its_check_leaves_the_earlier_backup(db, tmp_path, monkeypatch):
    from deskcrm.services.io import backup as backup_module

    folder = tmp_path / "backups"
    folder.mkdir()
    earlier = folder / "shop.sqlite3"
    earlier.write_bytes(b"the earlier backup")

    def cut_off(path, passphrase=None):
        raise BackupError(f"{path} is damaged: 1 page short")

    monkeypatch.setattr(backup_module, "sealed", cut_off)
    with pytest.raises(BackupError, match=f"{earlier} is damaged"):
        backup_database(db, earlier, now=NOW)
    assert sorted(p.name for p in folder.iterdir()) == ["shop.sqlite3"]
    assert earlier.read_bytes() == b"the earlier backup"


def test_verify_adds_the_full_integrity_check(db, tmp_path, monkeypatch, capsys):
    from deskcrm.services.io import backup as backup_module

    _fill(10)
    monkeypatch.setattr(backup_module, "sqlite_problems", lambda con, quick=False: ["integrity: page 7 is never used"])
    # the everyday backup does not read every page again: the copy is whole, so it is kept
    assert backup_database(db, tmp_path / "quick.sqlite3", now=NOW).customers == 10
    with pytest.raises(BackupError, match="page 7 is never used"):
        backup_database(db, tmp_path / "full.sqlite3", now=NOW, verify=True)
    assert not (tmp_path / "full.sqlite3").exists()
    assert main(["backup", "--db", str(db.database), "--verify", str(tmp_path / "cli.sqlite3")]) == 1
    assert "page 7 is never used" in capsys.readouterr().err


WRITER = """
import sys
from pathlib import Path
from deskcrm.store.db import open_database
from deskcrm.store.models import Customer
db = open_database(sys.argv[1])
stop, i = Path(sys.argv[2]), 0
while not stop.exists() and i < 20000:
    with db.atomic():  # a pair per transaction: a backup holds both or neither
        Customer.create(name=f"a{i}", notes="z" * 500)
        Customer.create(name=f"b{i}", notes="z" * 500)
    i += 1
    if i == 1:
        print("writing", flush=True)
print(i, flush=True)
"""


def test_backups_taken_while_another_process_writes_hold_whole_transactions(db, db_path, tmp_path):
    import subprocess
    import sys
    from pathlib import Path

    _fill(2000)
    stop = tmp_path / "stop"
    root = Path(__file__).resolve().parents[2]
    child = subprocess.Popen([sys.executable, "-c", WRITER, str(db_path), str(stop)], cwd=root,
                             env={**os.environ, "PYTHONPATH": str(root)},
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        assert child.stdout.readline().strip() == "writing"
        infos = [backup_database(db, tmp_path / f"b{n}.sqlite3", now=NOW) for n in range(4)]
    finally:
        stop.touch()
        out, err = child.communicate(timeout=120)
    assert child.returncode == 0, err
    written = int(out.split()[-1])
    pairs = []
    for info in infos:
        inspect(info.path)  # integrity, foreign keys and the schema of every copy
        con = sqlite3.connect(info.path)
        names = [n for (n,) in con.execute("SELECT name FROM customer WHERE name GLOB '[ab][0-9]*'")]
        con.close()
        a = sorted(int(n[1:]) for n in names if n[0] == "a")
        assert a == sorted(int(n[1:]) for n in names if n[0] == "b") == list(range(len(a)))
        pairs.append(len(a))
    assert pairs == sorted(pairs) and pairs[0] >= 1
    # the writer went on committing while the copies were taken
    assert written > pairs[0]


def test_the_backup_command_copies_while_the_store_is_still_opening(db, db_path, tmp_path, monkeypatch):
    from deskcrm.cli import errors
    from deskcrm.services.io import file_snapshot

    _fill(500)
    events = []
    start, finish, opening = file_snapshot.PinnedCopy.__init__, file_snapshot.PinnedCopy.finish, errors.open_existing
    monkeypatch.setattr(file_snapshot.PinnedCopy, "__init__",
                        lambda self, *a: (events.append("copy starts"), start(self, *a))[1])
    monkeypatch.setattr(file_snapshot.PinnedCopy, "finish",
                        lambda self, *a: (events.append(f"copied {ok}") or ok) if (ok := finish(self, *a)) else ok)
    monkeypatch.setattr(errors, "open_existing", lambda *a, **k: (events.append("store opens"), opening(*a, **k))[1])
    out = tmp_path / "early.sqlite3"
    assert main(["backup", "--db", str(db_path), str(out)]) == 0
    assert events == ["copy starts", "store opens", "copied True"]
    assert inspect(out).customers == 500 and _mode(out) == 0o600
    assert sqlite3.connect(out).execute("PRAGMA journal_mode").fetchone()[0] == "delete"
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".early")) == []


def test_a_file_refused_on_opening_leaves_no_early_copy_behind(db, db_path, tmp_path, capsys):
    con = sqlite3.connect(db_path)
    con.execute("CREATE TRIGGER theirs AFTER INSERT ON customer BEGIN SELECT 1; END")
    con.commit()
    con.close()
    folder = tmp_path / "backups"
    folder.mkdir()
    assert main(["backup", "--db", str(db_path), str(folder)]) != 0
    assert "trigger" in capsys.readouterr().err.lower()
    assert list(folder.iterdir()) == []


def test_an_early_copy_that_cannot_pin_a_state_falls_back_to_a_whole_backup(db, db_path, tmp_path):
    """A reader holding an old state keeps the last commit in the -wal: the early copy
    says it cannot pin, and the backup is taken the careful way with every commit in it."""
    from deskcrm.services.io.backup_target import start_early

    _fill(3)
    reader = sqlite3.connect(db_path)
    reader.execute("BEGIN")
    reader.execute("SELECT count(*) FROM customer").fetchone()  # holds the checkpoint back
    Customer.create(name="after", notes="after")
    try:
        early = start_early(str(db_path), tmp_path / "b.sqlite3", NOW)
        assert early is not None
        info = backup_database(db, tmp_path / "b.sqlite3", now=NOW, early=early)
    finally:
        reader.close()
    assert info.customers == 4 and _after(info.path) == 1
    assert [p.name for p in tmp_path.glob(".b.sqlite3*")] == []
