"""What a clerk sees, pinned: the main screens and the customer form at 80×24 and 120×40
in English, Simplified Chinese and Korean, over one fixed seeded file on a frozen day.

Regenerate after a deliberate change: pytest -n 0 tests/snapshots --snapshot-update
"""

from __future__ import annotations

import contextlib
import datetime as dt
import shutil

import pytest
from textual.widgets import Input, TextArea
from textual.worker import WorkerCancelled

from deskcrm import i18n
from deskcrm.app import DeskApp
from deskcrm.services import settings
from deskcrm.services.seed import seed_database
from deskcrm.store.db import open_store
from tests.customer_helpers import draw_pending_cards
from tests.ui_helpers import sign_in_manager

TODAY = dt.date(2026, 12, 1)
SIZES = {"80x24": (80, 24), "120x40": (120, 40)}
LANGUAGES = ("en", "zh_Hans", "ko")
# what to press from the customer file, and whether the review's PIN gate is passed first
VIEWS = {
    "customers": (),
    "customer_form": ("n",),
    "calendar": ("f3",),
    "complaints": ("f4",),
    "review": ("f5",),
}


@pytest.fixture(scope="module")
def seeded(tmp_path_factory):
    path = tmp_path_factory.mktemp("seeded") / "shop.sqlite3"
    store = open_store(path)
    with store.session():
        seed_database(customers=60, seed=1, today=TODAY)
    store.close()
    return path


async def _settle(pilot) -> None:
    app = pilot.app
    for _ in range(4):
        with contextlib.suppress(WorkerCancelled):
            await app.workers.wait_for_complete()
        await pilot.pause()
    if draw_pending_cards(app):  # the card waits for a typing pause: not by the clock here
        await pilot.pause()
    with contextlib.suppress(WorkerCancelled):
        await app.workers.wait_for_complete()
    await pilot.pause()


def _app(seeded, tmp_path, language: str) -> DeskApp:
    path = tmp_path / "shop.sqlite3"
    shutil.copy(seeded, path)
    app = DeskApp(path, today=TODAY, ask_staff=False)
    with app.store.session():
        settings.put("ui.language", language)
    i18n.set_language(language)
    return app


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("view", VIEWS)
def test_screen(snap_compare, seeded, tmp_path, view, language, size):
    app = _app(seeded, tmp_path, language)

    async def run_before(pilot) -> None:
        await _settle(pilot)
        if view == "review":
            sign_in_manager(pilot.app)
        for key in VIEWS[view]:
            await pilot.press(key)
            await _settle(pilot)
        for widget in pilot.app.screen.query(Input).results():
            widget.cursor_blink = False
        for widget in pilot.app.screen.query(TextArea).results():
            widget.cursor_blink = False
        await pilot.pause()

    try:
        assert snap_compare(app, terminal_size=SIZES[size], run_before=run_before)
    finally:
        i18n.set_language("en")
