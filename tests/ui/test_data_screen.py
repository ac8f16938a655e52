import os
import stat

import pytest
from textual.widgets import DataTable, Static

from deskcrm.app import DeskApp
from deskcrm.screens.data import Confirm, DataScreen
from deskcrm.services import staff
from deskcrm.store.models import Customer, ImportBatch

CSV = "姓名,电话,生日\n王小明,13800138000,1990-03-05\n李娜,12ab,1990-02-30\n김민수,010-1234-5678,--03-05\n"


def _cells(table: DataTable) -> list[list[str]]:
    return [[str(c) for c in table.get_row_at(i)] for i in range(table.row_count)]


async def _settle(app, pilot):
    await app.workers.wait_for_complete()
    await pilot.pause()


@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
async def test_import_shows_the_bad_row_then_imports_the_good_ones(db_path, db, tmp_path, size, monkeypatch):
    monkeypatch.chdir(tmp_path)  # a short relative path to type
    staff.set_desk_staff(staff.add_staff("Mina").id)
    src = tmp_path / "in.csv"
    src.write_text(CSV, encoding="utf-8")
    app = DeskApp(db_path)
    async with app.run_test(size=size) as pilot:
        await pilot.press("f8")
        await _settle(app, pilot)
        assert isinstance(app.screen, DataScreen)
        await pilot.press(*"in.csv", "enter")
        await _settle(app, pilot)
        rows = _cells(app.screen.query_one("#issues", DataTable))
        assert [r[:2] for r in rows] == [["3", "电话"], ["3", "生日"]]
        assert rows[0][2].startswith("bad phone") and rows[1][2].startswith("bad date")
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
    staff.set_desk_staff(staff.add_staff("Mina").id)
    src = tmp_path / "in.csv"
    src.write_text(CSV, encoding="utf-8")
    app = DeskApp(db_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("f8")
        await pilot.press(*"in.csv", "enter")
        await _settle(app, pilot)
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
        await pilot.press("f8")
        await pilot.press("escape")  # out of the path box so letters are keys
        for key in ("c", "v", "p", "k", "b"):
            await pilot.press(key)
            await _settle(app, pilot)
    folder = tmp_path / "deskcrm-exports"
    suffixes = sorted(p.suffix for p in folder.iterdir())
    assert suffixes == [".csv", ".csv", ".ics", ".sqlite3", ".vcf"]
    assert all(stat.S_IMODE(os.stat(p).st_mode) == 0o600 for p in folder.iterdir())
