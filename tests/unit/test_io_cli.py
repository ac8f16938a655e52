import os
import stat

import icalendar

from deskcrm.cli import main
from deskcrm.store.db import open_database
from deskcrm.store.models import Customer, FollowUp, database

BROKEN = "姓名,电话,生日\n王小明,13800138000,1990-03-05\n李娜,12ab,1990-02-30\n,13900000000,\n"


def _count(db_path):
    db = open_database(db_path)
    try:
        return Customer.select().count()
    finally:
        db.close()
        database.initialize(None)


def test_import_with_bad_rows_reports_each_and_imports_nothing(tmp_path, capsys):
    src = tmp_path / "customers.csv"
    src.write_bytes(BROKEN.encode("gb18030"))
    db_path = tmp_path / "shop.sqlite3"
    assert main(["import", str(src), "--db", str(db_path)]) == 1
    out = capsys.readouterr().out
    assert "GB18030" in out
    assert "line 3, 电话: bad phone" in out and "line 3, 生日: bad date" in out
    assert "line 4, 姓名: missing name" in out
    assert _count(db_path) == 0
    assert main(["import", str(src), "--db", str(db_path), "--dry-run", "--good-only"]) == 1
    assert _count(db_path) == 0
    assert main(["import", str(src), "--db", str(db_path), "--good-only"]) == 0
    assert "import 1: 1 created" in capsys.readouterr().out
    assert _count(db_path) == 1
    assert main(["import", "--undo", "1", "--db", str(db_path)]) == 0
    assert "1 deleted" in capsys.readouterr().out
    assert _count(db_path) == 0
    assert main(["import", "--undo", "1", "--db", str(db_path)]) == 1


def test_export_every_kind_and_files_are_private(tmp_path, capsys):
    db_path = tmp_path / "shop.sqlite3"
    src = tmp_path / "in.csv"
    src.write_text("Name,Phone,Birthday\n王小明,13800138000,--03-05\n", encoding="utf-8")
    assert main(["import", str(src), "--db", str(db_path)]) == 0
    db = open_database(db_path)
    import datetime as dt

    FollowUp.create(customer=Customer.get(), kind="birthday", due_on=dt.date(2025, 3, 5))
    db.close()
    for what, name in (("customers", "c.csv"), ("purchases", "p.csv"), ("vcard", "c.vcf"), ("ical", "f.ics")):
        assert main(["export", what, "--out", str(tmp_path / name), "--db", str(db_path)]) == 0
        assert stat.S_IMODE(os.stat(tmp_path / name).st_mode) == 0o600
    assert "王小明" in (tmp_path / "c.vcf").read_text(encoding="utf-8")
    assert len(icalendar.Calendar.from_ical((tmp_path / "f.ics").read_bytes()).walk("VEVENT")) == 1
    assert main(["export", "person", "--out", str(tmp_path / "me"), "--db", str(db_path)]) == 2
    assert main(["export", "person", "--customer", "1", "--out", str(tmp_path / "me"), "--db", str(db_path)]) == 0
    assert (tmp_path / "me.json").exists() and (tmp_path / "me.txt").exists()


def test_backup_and_restore_commands(tmp_path, capsys):
    db_path = tmp_path / "shop.sqlite3"
    src = tmp_path / "in.csv"
    src.write_text("Name\nAnna\n", encoding="utf-8")
    main(["import", str(src), "--db", str(db_path)])
    assert main(["backup", str(tmp_path / "b.sqlite3"), "--db", str(db_path)]) == 0
    assert "1 customers" in capsys.readouterr().out
    src.write_text("Name\nBo\n", encoding="utf-8")
    main(["import", str(src), "--db", str(db_path)])
    assert _count(db_path) == 2
    (tmp_path / "junk.sqlite3").write_text("not a database")
    assert main(["restore", str(tmp_path / "junk.sqlite3"), "--db", str(db_path)]) == 1
    assert _count(db_path) == 2
    assert main(["restore", str(tmp_path / "b.sqlite3"), "--db", str(db_path)]) == 0
    assert "kept at" in capsys.readouterr().out
    assert _count(db_path) == 1
    assert main(["check", "--db", str(db_path)]) == 0
    assert main(["backup", str(tmp_path / "x.sqlite3"), "--db", str(tmp_path / "missing.sqlite3")]) == 2
