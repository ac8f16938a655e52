"""F1 lists the keys that work here (by binding id, translated); keymap.toml moves them."""

from __future__ import annotations

from deskcrm import config
from deskcrm.app import DeskApp
from deskcrm.screens.customers.form import CustomerForm
from deskcrm.screens.help import HelpScreen, help_rows
from tests.customer_helpers import TODAY, desk_fixture, keys, settle  # noqa: F401


async def test_help_lists_the_active_bindings(db_path, desk):
    app = DeskApp(db_path, today=TODAY)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        ids = {ident for _k, _d, ident in help_rows(app.screen)}
        assert {"customers.new", "customers.search", "screen.calendar", "app.help"} <= ids
        await keys(app, pilot, "f1")
        assert isinstance(app.screen, HelpScreen)


async def test_keymap_file_rebinds_by_id(db_path, desk):
    config.config_dir().mkdir(parents=True, exist_ok=True)
    (config.config_dir() / "keymap.toml").write_text('[keymap]\n"customers.new" = "insert"\n')
    app = DeskApp(db_path, today=TODAY)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await keys(app, pilot, "insert")
        assert isinstance(app.screen, CustomerForm)
