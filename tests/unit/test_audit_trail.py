"""Exports, backups, restores, review exports and settings changes leave an audit row: who, what."""

from __future__ import annotations

import json

from deskcrm.cli import main
from deskcrm.services import audit, settings
from deskcrm.store.db import open_database
from deskcrm.store.models import AuditLog, Customer, database


def _rows(db_path, action):
    db = open_database(db_path)
    try:
        return [(a.staff_name, json.loads(a.detail)) for a in
                AuditLog.select().where(AuditLog.action == action).order_by(AuditLog.id)]
    finally:
        db.close()
        database.initialize(None)


def _shop(db_path):
    db = open_database(db_path)
    Customer.create(name="王小明")
    db.close()


def test_cli_exports_and_review_are_audited(tmp_path, capsys):
    db_path = tmp_path / "shop.sqlite3"
    _shop(db_path)
    out = tmp_path / "customers.csv"
    assert main(["export", "customers", "--out", str(out), "--db", str(db_path)]) == 0
    assert main(["review", "--out", str(tmp_path / "week.md"), "--db", str(db_path),
                 "--today", "2026-12-01"]) == 0
    [(who, detail)] = _rows(db_path, "export")
    assert who.startswith("cli") and detail["what"] == "customers" and detail["count"] == 1
    assert detail["path"] == str(out)
    [(who, detail)] = _rows(db_path, "review_export")
    assert detail["week"] == "2026-W49" and detail["format"] == "md"


def test_settings_changes_say_who_and_what(db):
    settings.put_many({"shop.currency": "KRW", "shop.name": settings.get("shop.name")}, by="Boss")
    settings.put_many({"shop.currency": "KRW"}, by="Boss")  # nothing changed: no row
    [row] = AuditLog.select().where(AuditLog.action == "settings")
    assert row.staff_name == "Boss"
    assert json.loads(row.detail)["changed"] == {"shop.currency": ["CNY", "KRW"]}


def test_cli_actor_names_the_account():
    assert audit.cli_actor().startswith("cli")
