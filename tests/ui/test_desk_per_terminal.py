"""Who is at the desk belongs to the terminal; a manager's sign-in ends when they walk away."""

from __future__ import annotations

import time

from deskcrm import app as app_module
from deskcrm.app import DeskApp
from deskcrm.screens.guard import signed_in_manager, start_session
from deskcrm.services import staff
from tests.customer_helpers import TODAY, settle


async def test_two_terminals_keep_their_own_person_at_the_desk(db, db_path, monkeypatch):
    mina, jun = staff.add_staff("Mina"), staff.add_staff("Jun")
    monkeypatch.setenv("TMUX_PANE", "%1")
    first = DeskApp(db_path, today=TODAY)
    async with first.run_test(size=(120, 40)) as pilot:
        await settle(first, pilot)
        first.screen.dismiss(mina)  # the picker opened: nobody at this desk yet
        await settle(first, pilot)
        assert first.staff_id == mina.id
    monkeypatch.setenv("TMUX_PANE", "%2")
    second = DeskApp(db_path, today=TODAY)
    assert second.desk is None  # the other terminal's choice is not this one's
    async with second.run_test(size=(120, 40)) as pilot:
        await settle(second, pilot)
        second.screen.dismiss(jun)
        await settle(second, pilot)
    monkeypatch.setenv("TMUX_PANE", "%1")
    assert DeskApp(db_path, today=TODAY).staff_id == mina.id
    monkeypatch.setenv("TMUX_PANE", "%2")
    assert DeskApp(db_path, today=TODAY).staff_id == jun.id


async def test_a_managers_sign_in_ends_after_idle_minutes(db, db_path):
    boss = staff.add_staff("Boss", role="manager")
    app = DeskApp(db_path, today=TODAY, ask_staff=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        start_session(app, boss)
        await pilot.press("f2")
        assert signed_in_manager(app) is not None  # a key pressed at once keeps it
        app.last_input = time.monotonic() - app_module.MANAGER_IDLE_SECONDS - 1
        await pilot.press("f2")  # the next person at the terminal presses a key
        assert signed_in_manager(app) is None
