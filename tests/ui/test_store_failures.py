"""Nothing fails silently: a save that fails says why and keeps the text; a locked file is waited for."""

from __future__ import annotations

import subprocess
import sys

from deskcrm.app import DeskApp
from deskcrm.screens.customers import form as customer_form
from deskcrm.screens.customers.form import CustomerForm
from deskcrm.store.models import Customer
from tests.customer_helpers import (
    TODAY,
    desk_fixture,  # noqa: F401  (the desk fixture)
    keys,
    settle,
)

HOLD_LOCK = """
import sqlite3, sys, time
con = sqlite3.connect(sys.argv[1], isolation_level=None)
con.execute("BEGIN IMMEDIATE")
print("locked", flush=True)
time.sleep(float(sys.argv[2]))
con.execute("COMMIT")
"""


def _notes(app) -> str:
    return " ".join(str(n.message) + " " + str(n.title) for n in app._notifications)


async def test_a_save_that_raises_says_so_and_keeps_what_was_typed(db_path, desk, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("the disk said no")

    monkeypatch.setattr(customer_form, "save_customer", broken)
    app = DeskApp(db_path, today=TODAY)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        await keys(app, pilot, "n")
        await keys(app, pilot, *"王小明", "tab", *"13800138000", "ctrl+s")
        assert isinstance(app.screen, CustomerForm)  # still open, nothing lost
        assert app.screen.query_one("#f-name").value == "王小明"
        assert app.screen.query_one("#f-phone").value == "13800138000"
        assert "Saving the customer failed" in _notes(app)
        assert "the disk said no" in _notes(app)
        # the app keeps running: the form can be left and F3 still works
        app.screen.dismiss(None)
        await keys(app, pilot, "f3")
        assert app.current_mode == "calendar"
    assert Customer.select().count() == 0


async def test_a_save_waits_for_another_process_holding_the_lock_and_ends_saved(db_path, desk):
    app = DeskApp(db_path, today=TODAY)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        await keys(app, pilot, "n")
        await pilot.press(*"김민수", "tab", *"01055551234")
        holder = subprocess.Popen([sys.executable, "-c", HOLD_LOCK, str(db_path), "8"],
                                  stdout=subprocess.PIPE, text=True)
        try:
            assert holder.stdout.readline().strip() == "locked"
            await keys(app, pilot, "ctrl+s")  # waits in its worker: the screen stays live
        finally:
            holder.wait(30)
        await settle(app, pilot)
        assert not isinstance(app.screen, CustomerForm)
        assert "still trying to save" in _notes(app)
    assert Customer.get(Customer.name == "김민수").phone_digits == "01055551234"
