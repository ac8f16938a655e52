"""What a clerk sees, pinned: the main screens, the customer form and the complaint wizard
at steps 1, 6 and 9, at 80×24 and 120×40 in English, Simplified Chinese and Korean, over
one fixed seeded file on a frozen day.

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
from deskcrm.services.complaints import defaults as complaint_defaults
from deskcrm.services.complaints import workflow as complaints
from deskcrm.services.seed import seed_database
from deskcrm.store.db import open_store
from deskcrm.store.models import Customer, Staff
from tests.complaint_helpers import valid_data
from tests.customer_helpers import draw_pending_cards
from tests.ui_helpers import sign_in_manager

TODAY = dt.date(2026, 12, 1)
NOW = dt.datetime(2026, 12, 1, 2, 30)
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
WIZARD_STEPS = (1, 6, 9)


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


async def _still(pilot) -> None:
    for widget in pilot.app.screen.query(Input).results():
        widget.cursor_blink = False
    for widget in pilot.app.screen.query(TextArea).results():
        widget.cursor_blink = False
        # TextArea caches its lines under a key that leaves out the cursor once blinking is
        # off, so a line cached in the blink's "off" phase would be reused without the
        # cursor: which phase the timer was in would decide the snapshot. Drop the cache.
        widget.notify_style_update()
    await pilot.pause()


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
        await _still(pilot)

    try:
        assert snap_compare(app, terminal_size=SIZES[size], run_before=run_before)
    finally:
        i18n.set_language("en")


def _complaint_at_step(step: int) -> int:
    """An open complaint of the seeded file's first customer, its steps before `step` done
    with the same words every run (the seeded history closes all of its own)."""
    complaints.ensure_defaults()  # the app writes them on start; the steps need them now
    staff_id = Staff.select(Staff.id).order_by(Staff.id).scalar()
    customer_id = Customer.select(Customer.id).order_by(Customer.id).scalar()
    complaint_id = complaints.open_complaint(customer_id=customer_id, staff_id=staff_id, now=NOW)
    for done in range(1, step):
        data = valid_data(done, staff_id)
        if done == 4:  # the seeded shop's own root causes and compensation ladder
            data = dict(data, category=complaint_defaults.categories()[0].code)
        if done == 6:
            data = dict(data, promised_on="2026-12-05")
        if done == 7:
            data = dict(data, compensation=complaint_defaults.ladder()[0].code)
        complaints.complete_step(complaint_id, done, data, staff_id=staff_id, now=NOW, today=TODAY)
    return complaint_id


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("step", WIZARD_STEPS)
def test_wizard(snap_compare, seeded, tmp_path, step, language, size):
    app = _app(seeded, tmp_path, language)
    with app.store.session():
        complaint_id = _complaint_at_step(step)

    async def run_before(pilot) -> None:
        await _settle(pilot)
        await pilot.press("f4")
        await _settle(pilot)
        pilot.app.screen.open_complaint(complaint_id)
        await _settle(pilot)
        assert pilot.app.screen.data.view.step == step
        await _still(pilot)

    try:
        assert snap_compare(app, terminal_size=SIZES[size], run_before=run_before)
    finally:
        i18n.set_language("en")
