"""F2-F5 from inside every dialog: the screen changes, and typed text is not lost unasked."""

from __future__ import annotations

import pytest

from deskcrm.app import DeskApp
from deskcrm.screens.confirm import Confirm
from tests.customer_helpers import TODAY, desk_fixture, file_customer, keys, settle  # noqa: F401
from tests.ui_helpers import sign_in_manager

# (screen key, keys that open a dialog there)
DIALOGS = [
    ("f2", "n"), ("f2", "e"), ("f2", "p"), ("f2", "c"), ("f2", "r"), ("f2", "i"), ("f2", "m"),
    ("f2", "k"), ("f2", "d"), ("f2", "f1"), ("f2", "f9"), ("f2", "f10"), ("f2", "f8"),
    ("f3", "a"), ("f3", "f1"), ("f4", "f1"), ("f5", "f1"),
]  # fmt: skip
MODES = {"f2": "customers", "f3": "calendar", "f4": "complaints", "f5": "review"}


@pytest.mark.parametrize(("where", "opens"), DIALOGS)
async def test_f_keys_leave_any_dialog(db_path, desk, where, opens):
    file_customer("王小明", "13800138000")
    app = DeskApp(db_path, today=TODAY)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        sign_in_manager(app)
        for target in ("f3", "f4", "f5", "f2"):
            await keys(app, pilot, where, opens)
            assert len(app.screen_stack) > 1, f"{opens} opened nothing on {where}"
            await keys(app, pilot, target)
            assert app.current_mode == MODES[target] and len(app.screen_stack) == 1


async def test_leaving_a_typed_form_asks_first(db_path, desk):
    app = DeskApp(db_path, today=TODAY)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await keys(app, pilot, "n", *"王小明", "f3")
        assert isinstance(app.screen, Confirm)
        await keys(app, pilot, "n")  # stay: what was typed is still there
        assert app.screen.query_one("#f-name").value == "王小明"
        await keys(app, pilot, "escape")
        assert isinstance(app.screen, Confirm)
        await keys(app, pilot, "n", "f3", "y")
        assert app.current_mode == "calendar" and len(app.screen_stack) == 1
