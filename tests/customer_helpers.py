"""Building customers through the real services, and driving F2, for the customer-file tests."""

from __future__ import annotations

import contextlib
import datetime as dt
import io

import pytest
from rich.console import Console
from textual.worker import WorkerCancelled

from deskcrm.screens.customers.screen import CustomersScreen
from deskcrm.services import staff
from deskcrm.services.customers import CustomerInput, save_customer
from deskcrm.widgets.customer_table import CustomerTable
from deskcrm.widgets.profile_card import ProfileCard
from tests.desk_helpers import set_desk

TODAY = dt.date(2025, 6, 1)
NOW = dt.datetime(2025, 6, 1, 3, 0)
SIZES = [(80, 24), (120, 40)]


def file_customer(name: str, phone: str = "", **fields) -> int:
    result = save_customer(CustomerInput(name=name, phone=phone, **fields), now=NOW, today=TODAY)
    assert result.ok, result.errors
    return result.customer_id


@pytest.fixture(name="desk")
def desk_fixture(db):
    """Mina at the desk; import it into a test module to use the `desk` fixture."""
    info = staff.add_staff("Mina")
    set_desk(info.id)
    return info


async def settle(app, pilot):
    # exclusive workers cancel each other by design; waiting must survive that
    for _ in range(3):
        with contextlib.suppress(WorkerCancelled):
            await app.workers.wait_for_complete()
        await pilot.pause()
    # a new page draws its card after a typing pause: draw it now, not by the clock
    if draw_pending_cards(app):
        await pilot.pause()
    with contextlib.suppress(WorkerCancelled):
        await app.workers.wait_for_complete()
    await pilot.pause()


def draw_pending_cards(app) -> bool:
    screens = [s for s in app.screen_stack if isinstance(s, CustomersScreen) and s.is_mounted]
    return any([s.draw_pending_card() for s in screens])


async def keys(app, pilot, *pressed):
    await pilot.press(*pressed)
    await settle(app, pilot)


def table_names(app):
    table = app.screen.query_one(CustomerTable)
    return [str(table.get_row_at(i)[0]).strip() for i in range(table.row_count)]


def customers_screen(app):
    """F2 itself, also while a dialog sits on top of it."""
    return app.screen_stack[0]


def card_text(app):
    card = customers_screen(app).query_one(ProfileCard)
    console = Console(width=card.scrollable_content_region.width or 60, record=True, file=io.StringIO())
    console.print(card.content)
    return console.export_text()
