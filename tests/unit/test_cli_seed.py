"""`deskcrm seed` and `deskcrm demo` through the real command line entry point."""

from __future__ import annotations

import tempfile

from deskcrm.cli import main
from deskcrm.store.db import open_database
from deskcrm.store.models import Customer, Staff


def _customers(path) -> int:
    db = open_database(path)
    try:
        return Customer.select().count()
    finally:
        db.close()


def test_seed_fills_a_file_and_prints_the_summary(tmp_path, capsys):
    path = tmp_path / "shop.sqlite3"
    code = main(["seed", "--customers", "60", "--seed", "5", "--today", "2026-05-01",
                 "--db", str(path)])
    out = capsys.readouterr().out
    assert code == 0
    assert "customers:" in out and "60" in out and "elapsed" in out
    assert _customers(path) == 60
    assert main(["check", "--db", str(path)]) == 0


def test_seed_refuses_a_file_with_customers_unless_forced(tmp_path, capsys):
    path = tmp_path / "shop.sqlite3"
    assert main(["seed", "--customers", "20", "--db", str(path)]) == 0
    capsys.readouterr()
    assert main(["seed", "--customers", "20", "--db", str(path)]) == 1
    assert "--force" in capsys.readouterr().err
    assert _customers(path) == 20
    assert main(["seed", "--customers", "20", "--db", str(path), "--force"]) == 0
    assert _customers(path) == 40


def test_seed_with_zero_customers_and_a_bad_count(tmp_path, capsys):
    path = tmp_path / "shop.sqlite3"
    assert main(["seed", "--customers", "0", "--db", str(path)]) == 0
    assert _customers(path) == 0
    assert main(["seed", "--customers", "-3", "--db", str(path)]) == 2
    assert "0 or more" in capsys.readouterr().err


def test_demo_seeds_a_temp_file_and_opens_the_app_on_it(tmp_path, monkeypatch, capsys):
    opened = []
    monkeypatch.setattr("deskcrm.cli.run.launch", lambda target: opened.append(target) or 0)
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    assert main(["demo"]) == 0
    out = capsys.readouterr().out
    assert len(opened) == 1 and opened[0].startswith(str(tmp_path))
    assert opened[0] in out
    assert _customers(opened[0]) == 400
    db = open_database(opened[0])
    try:
        assert Staff.select().count() >= 5
    finally:
        db.close()


def test_demo_on_a_given_file_keeps_what_is_there(tmp_path, monkeypatch, capsys):
    opened = []
    monkeypatch.setattr("deskcrm.cli.run.launch", lambda target: opened.append(target) or 0)
    path = tmp_path / "demo.sqlite3"
    assert main(["demo", "--db", str(path)]) == 0
    assert main(["demo", "--db", str(path)]) == 0
    assert opened == [str(path), str(path)]
    assert _customers(path) == 400
    assert "already there" in capsys.readouterr().out
