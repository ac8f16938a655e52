import sqlite3

import pytest

from deskcrm import __version__
from deskcrm.cli import main
from deskcrm.config import resolve_db
from deskcrm.store.db import open_database


def test_version(capsys):
    with pytest.raises(SystemExit) as exit_info:
        main(["--version"])
    assert exit_info.value.code == 0
    assert __version__ in capsys.readouterr().out


def test_check_passes_on_a_fresh_database(db_path, capsys):
    open_database(db_path).close()
    assert main(["check", "--db", str(db_path)]) == 0
    assert "ok" in capsys.readouterr().out


def test_check_fails_on_missing_and_foreign_files(tmp_path, capsys):
    assert main(["check", "--db", str(tmp_path / "nope.sqlite3")]) != 0
    other = tmp_path / "other.db"
    con = sqlite3.connect(other)
    con.execute("CREATE TABLE t (x)")
    con.commit()
    con.close()
    assert main(["check", "--db", str(other)]) != 0
    assert "not a deskcrm" in capsys.readouterr().err


def test_check_reports_broken_foreign_keys(db_path, capsys):
    db = open_database(db_path)
    db.execute_sql("PRAGMA foreign_keys = 0")
    db.execute_sql("INSERT INTO purchase (customer_id, purchased_on, item, quantity, amount, "
                   "size, colour, style_no, notes, created_at) "
                   "VALUES (999, '2026-01-01', 'coat', 1, 100, '', '', '', '', '2026-01-01')")
    db.close()
    assert main(["check", "--db", str(db_path)]) == 1
    assert "foreign key" in capsys.readouterr().out


def test_db_resolution_order(monkeypatch, tmp_path):
    monkeypatch.delenv("DESKCRM_DB", raising=False)
    assert resolve_db(None).endswith("deskcrm.sqlite3")
    monkeypatch.setenv("DESKCRM_DB", str(tmp_path / "env.sqlite3"))
    assert resolve_db(None) == str(tmp_path / "env.sqlite3")
    assert resolve_db(str(tmp_path / "cli.sqlite3")) == str(tmp_path / "cli.sqlite3")
    assert resolve_db("postgresql://u@h/db") == "postgresql://u@h/db"
