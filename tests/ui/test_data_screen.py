import json
import os
import stat
from pathlib import Path

import pytest
from textual.widgets import DataTable, Static

from deskcrm.app import DeskApp
from deskcrm.screens.data.screen import Confirm, DataScreen
from deskcrm.services import staff
from deskcrm.store.models import AuditLog, Customer, ImportBatch
from tests.desk_helpers import set_desk
from tests.ui_helpers import sign_in_manager

CSV = "姓名,电话,生日\n王小明,13800138000,1990-03-05\n李娜,12ab,1990-02-30\n김민수,010-1234-5678,--03-05\n"


def _cells(table: DataTable) -> list[list[str]]:
    return [[str(c) for c in table.get_row_at(i)] for i in range(table.row_count)]


async def _settle(app, pilot):
    await app.workers.wait_for_complete()
    await pilot.pause()


async def _preview(app, pilot, text: str) -> None:
    """Open F8 and preview `text` saved as in.csv in the current folder."""
    Path("in.csv").write_text(text, encoding="utf-8")
    await pilot.press("f8", *"in.csv", "enter")
    await _settle(app, pilot)


@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
async def test_import_shows_the_bad_row_then_imports_the_good_ones(db_path, db, tmp_path, size, monkeypatch):
    monkeypatch.chdir(tmp_path)  # a short relative path to type
    set_desk(staff.add_staff("Mina").id)
    src = tmp_path / "in.csv"
    src.write_text(CSV, encoding="utf-8")
    app = DeskApp(db_path)
    async with app.run_test(size=size) as pilot:
        sign_in_manager(app)
        await pilot.press("f8")
        await _settle(app, pilot)
        assert isinstance(app.screen, DataScreen)
        await pilot.press(*"in.csv", "enter")
        await _settle(app, pilot)
        rows = _cells(app.screen.query_one("#issues", DataTable))
        assert [r[:2] for r in rows] == [["3", "电话"], ["3", "生日"]]
        assert rows[0][3].startswith("bad phone") and rows[1][3].startswith("bad date")
        summary = str(app.screen.query_one("#summary", Static).render())
        assert "2 good, 1 bad" in summary and "姓名→name" in summary
        assert Customer.select().count() == 0  # the preview wrote nothing
        await pilot.press("g")
        await _settle(app, pilot)
        assert "2 created" in str(app.screen.query_one("#summary", Static).render())
        batch = _cells(app.screen.query_one("#batches", DataTable))[0]
        assert (batch[0], batch[2], batch[3]) == ("1", "in.csv", "2")
    assert sorted(c.name for c in Customer.select()) == ["王小明", "김민수"]
    assert ImportBatch.get().staff_name == "Mina"


async def test_import_none_writes_nothing_and_undo_takes_an_import_back(db_path, db, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    set_desk(staff.add_staff("Mina").id)
    app = DeskApp(db_path)
    async with app.run_test(size=(80, 24)) as pilot:
        sign_in_manager(app)
        await _preview(app, pilot, CSV)
        await pilot.press("x")
        await _settle(app, pilot)
        assert Customer.select().count() == 0 and ImportBatch.select().count() == 0
        assert "Nothing was imported" in str(app.screen.query_one("#summary", Static).render())
        await pilot.click("#import-path")
        await pilot.press("enter")
        await _settle(app, pilot)
        await pilot.press("g")
        await _settle(app, pilot)
        assert Customer.select().count() == 2
        await pilot.press("u")
        await pilot.pause()
        assert isinstance(app.screen, Confirm)
        await pilot.press("y")
        await _settle(app, pilot)
        assert Customer.select().count() == 0
        assert _cells(app.screen.query_one("#batches", DataTable))[0][5] != ""


async def test_export_and_backup_keys_write_private_files(db_path, db, tmp_path):
    Customer.create(name="王小明")
    app = DeskApp(db_path, ask_staff=False)
    async with app.run_test(size=(80, 24)) as pilot:
        sign_in_manager(app)
        await pilot.press("f8")
        await pilot.press("escape")  # out of the path box so letters are keys
        for key in ("c", "v", "p", "k", "b"):
            await pilot.press(key)
            await _settle(app, pilot)
    folder = tmp_path / "deskcrm-exports"
    suffixes = sorted(p.suffix for p in folder.iterdir())
    assert suffixes == [".csv", ".csv", ".ics", ".sqlite3", ".vcf"]
    assert all(stat.S_IMODE(os.stat(p).st_mode) == 0o600 for p in folder.iterdir())
    # every file that takes customers' data out says who made it, what and how many
    rows = [json.loads(a.detail) | {"action": a.action, "by": a.staff_name}
            for a in AuditLog.select().where(AuditLog.action.in_(["export", "backup"])).order_by(AuditLog.id)]
    assert [(r["action"], r.get("what")) for r in rows] == [
        ("export", "customers"), ("export", "vcard"), ("export", "purchases"), ("export", "ical"),
        ("backup", None)]
    assert {r["path"] for r in rows} == {str(p) for p in folder.iterdir()}
    assert rows[0]["count"] == 1


async def test_an_unknown_column_is_mapped_to_phone_by_hand_and_imports(db_path, db, tmp_path, monkeypatch):
    from textual.widgets import Select

    from deskcrm.screens.data.import_mapping import ImportMapping

    monkeypatch.chdir(tmp_path)
    app = DeskApp(db_path, ask_staff=False)
    async with app.run_test(size=(80, 24)) as pilot:
        sign_in_manager(app)
        await _preview(app, pilot, "姓名,手机号码X\n王小明,13800138000\n李娜,13900139000\n")
        # the unrecognised column opens the column step by itself
        assert isinstance(app.screen, ImportMapping)
        preview = app.screen.query_one("#mapping-preview", DataTable)
        assert [str(c.label) for c in preview.columns.values()] == ["Name"]
        await pilot.press("tab", "enter")  # the second column's field list
        await pilot.pause()
        await pilot.press(*["down"] * 6, "enter")  # from "keep as a note" down to Phone
        await pilot.pause()
        assert app.screen.query_one("#map-1", Select).value == "phone"
        assert _cells(preview)[0] == ["王小明", "13800138000"]
        await pilot.press("ctrl+s")
        await _settle(app, pilot)
        assert isinstance(app.screen, DataScreen)
        assert "手机号码X→phone" in str(app.screen.query_one("#summary", Static).render())
        await pilot.press("g")
        await _settle(app, pilot)
    assert {c.name: c.phone_digits for c in Customer.select()} == {"王小明": "13800138000", "李娜": "13900139000"}


async def test_the_column_step_refuses_a_mapping_without_a_name(db_path, db, tmp_path, monkeypatch):
    from deskcrm.screens.data.import_mapping import ImportMapping

    monkeypatch.chdir(tmp_path)
    app = DeskApp(db_path, ask_staff=False)
    async with app.run_test(size=(80, 24)) as pilot:
        sign_in_manager(app)
        await _preview(app, pilot, "姓名,备用\n王小明,x\n")
        await pilot.press("enter", "up", "enter")  # the name column → (keep as a note)
        await pilot.pause()
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, ImportMapping)
        assert "holds the name" in str(app.screen.query_one("#mapping-error").render())
        await pilot.press("escape")
        await _settle(app, pilot)
        assert isinstance(app.screen, DataScreen)
    assert Customer.select().count() == 0


DUPES_CSV = "姓名,电话,邮箱\n王小明,13800138000,wang@example.com\n李娜,13900139000,li@example.com\n新客人,13700137000,\n"


@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
async def test_each_duplicate_is_merged_or_skipped_as_chosen(db_path, db, tmp_path, monkeypatch, size):
    from deskcrm.screens.data.import_duplicates import ImportDuplicates
    from deskcrm.services import derived

    monkeypatch.chdir(tmp_path)
    for name, phone in (("王小明", "13800138000"), ("李娜", "13900139000")):
        derived.refresh(c := Customer(name=name, phone=phone), tags=[])
        c.save()
    app = DeskApp(db_path, ask_staff=False)
    async with app.run_test(size=size) as pilot:
        sign_in_manager(app)
        await _preview(app, pilot, DUPES_CSV)
        issues = _cells(app.screen.query_one("#issues", DataTable))
        # the matching column and value, not the customer's name, under Column and Value
        assert [r[:3] for r in issues] == [["2", "电话", "13800138000"], ["3", "电话", "13900139000"]]
        assert issues[0][3].startswith("skip: on file as #1 王小明")
        await pilot.press("m")
        await pilot.pause()
        assert isinstance(app.screen, ImportDuplicates)
        compare = _cells(app.screen.query_one("#compare", DataTable))
        assert ["Email", "", "+ wang@example.com"] in compare
        await pilot.press("space")  # line 2: merge; the cursor moves to line 3, left as skip
        await pilot.pause()
        assert [r[0] for r in _cells(app.screen.query_one("#dupes", DataTable))] == ["merge", "skip"]
        await pilot.press("a", "s", "up", "space", "ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, DataScreen)
        assert "1 merge, 1 skip" in str(app.screen.query_one("#summary", Static).render())
        await pilot.press("g")
        await _settle(app, pilot)
        assert "1 created, 1 updated, 1 skipped" in str(app.screen.query_one("#summary", Static).render())
    emails = {c.name: c.email for c in Customer.select()}
    assert emails == {"王小明": "wang@example.com", "李娜": "", "新客人": ""}


async def test_a_file_big_enough_for_the_forked_key_child_imports_from_the_app(db_path, db, tmp_path, monkeypatch):
    """Over import_ahead.BLOCK rows the keys are prepared by a process forked from the app's
    worker thread (Linux): every row is filed, searchable, and no child is left behind."""
    import multiprocessing

    from deskcrm.services import search
    from deskcrm.services.io import import_ahead

    monkeypatch.chdir(tmp_path)
    set_desk(staff.add_staff("Mina").id)
    rows = import_ahead.BLOCK * 3 + 7
    text = "姓名,电话\n" + "".join(f"曾{i}明,138{i:08d}\n" for i in range(rows))
    app = DeskApp(db_path)
    async with app.run_test(size=(80, 24)) as pilot:
        sign_in_manager(app)
        await _preview(app, pilot, text)
        await pilot.press("g")
        await _settle(app, pilot)
        assert f"{rows} created" in str(app.screen.query_one("#summary", Static).render())
    assert Customer.select().count() == rows
    assert not multiprocessing.active_children()
    assert [r.name for r in search.search(f"138{rows - 1:08d}").rows] == [f"曾{rows - 1}明"]
    assert Customer.get(Customer.name == "曾7明").initials.split() == ["z7m", "c7m"]
