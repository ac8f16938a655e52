"""F1 on every screen reads in her language: no English left in zh_Hans or ko."""

from __future__ import annotations

import re

import pytest

from deskcrm import i18n
from deskcrm.app import DeskApp
from deskcrm.screens.help import HelpScreen, help_rows
from deskcrm.services import settings
from tests.customer_helpers import TODAY, desk_fixture, keys, settle  # noqa: F401
from tests.ui_helpers import sign_in_manager

# words that are the same in every language: key names, formats, the product
ALLOWED = {"ctrl", "tab", "escape", "enter", "shift", "pgup", "pgdn", "home", "end", "left",
           "right", "up", "down", "pageup", "pagedown", "csv", "vcard", "pin", "yyyy", "mm", "dd",
           "deskcrm", "wxm", "id", "f"}
WORD = re.compile(r"[A-Za-z]{2,}")


def english_in(text: str) -> set[str]:
    return {w for w in WORD.findall(text) if w.lower() not in ALLOWED}


@pytest.mark.parametrize("language", ["zh_Hans", "ko"])
async def test_every_screens_help_has_no_english(db_path, desk, language):
    with_store = DeskApp(db_path, today=TODAY)
    with with_store.store.session():
        settings.put("ui.language", language)
    app = DeskApp(db_path, today=TODAY)
    try:
        async with app.run_test(size=(120, 40)) as pilot:
            await settle(app, pilot)
            sign_in_manager(app)
            for key in ("f2", "f3", "f4", "f5"):
                await keys(app, pilot, key)
                screen = app.screen
                guide = i18n._(getattr(screen, "HELP", "") or "")
                words = english_in(guide)
                for _keys, does, _ident in help_rows(screen):
                    words |= english_in(does)
                assert not words, f"{key} help in {language}: {sorted(words)}"
                await keys(app, pilot, "f1")
                assert isinstance(app.screen, HelpScreen)
                await keys(app, pilot, "escape")
    finally:
        i18n.set_language("en")
