"""`deskcrm backup` / `restore` on PostgreSQL: pg_dump -Fc and pg_restore, with deskcrm's checks."""

from __future__ import annotations

import datetime as dt
import stat

import pytest

from deskcrm.cli import main
from deskcrm.services.customers import CustomerInput, save_customer
from deskcrm.store.db import open_database
from deskcrm.store.models import Customer

pytestmark = pytest.mark.slow

NOW, TODAY = dt.datetime(2026, 12, 1, 9), dt.date(2026, 12, 1)


def _file(url: str, *names: str) -> None:
    db = open_database(url)
    for i, name in enumerate(names):
        save_customer(CustomerInput(name=name, phone=f"1380013800{i}"), now=NOW, today=TODAY)
    db.close()


def _names(url: str) -> list[str]:
    db = open_database(url)
    try:
        return sorted(c.name for c in Customer.select())
    finally:
        db.close()


def test_backup_then_restore_brings_the_database_back_and_keeps_the_current_aside(pg_url, tmp_path, capsys):
    _file(pg_url, "王小明", "김민수")
    assert main(["backup", "--db", pg_url, str(tmp_path)]) == 0
    out = capsys.readouterr().out
    dump = next(tmp_path.glob("deskcrm-*.dump"))
    assert "2 customers" in out and stat.S_IMODE(dump.stat().st_mode) == 0o600

    _file(pg_url, "Anna Lee")
    assert main(["restore", "--db", pg_url, str(dump), "--yes"]) == 0
    out = capsys.readouterr().out
    assert "holds 2 customers" in out and "kept at" in out and "PROBLEM" not in out
    assert _names(pg_url) == ["王小明", "김민수"]
    aside = next(tmp_path.glob("deskcrm-before-restore-*.dump"))
    assert aside.stat().st_size > 0
    # the ids go on after the restored ones: a new customer files as usual
    _file(pg_url, "Lucy Baker")
    assert _names(pg_url) == ["Lucy Baker", "王小明", "김민수"]
    assert main(["check", "--db", pg_url]) == 0


def test_a_file_that_is_not_a_deskcrm_dump_is_refused_and_nothing_changes(pg_url, tmp_path, capsys):
    _file(pg_url, "王小明")
    junk = tmp_path / "notes.dump"
    junk.write_text("not a dump")
    assert main(["restore", "--db", pg_url, str(junk), "--yes"]) == 1
    assert "failed" in capsys.readouterr().err
    assert _names(pg_url) == ["王小明"]


def test_without_pg_dump_the_error_says_the_command_to_run(pg_url, tmp_path, capsys, monkeypatch):
    from deskcrm.services.io import pg_backup

    monkeypatch.setattr(pg_backup, "find_tool", lambda name: None)
    assert main(["backup", "--db", pg_url, str(tmp_path / "x.dump")]) == 1
    err = capsys.readouterr().err
    assert "pg_dump is not installed" in err and f"pg_dump --format=custom --no-owner --file={tmp_path / 'x.dump'}" in err
