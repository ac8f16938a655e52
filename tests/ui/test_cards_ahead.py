"""Cards read ahead of the cursor in F2's list (screens/customers/cards_ahead.py): shown at
once on Down, never older than the file once painted, never read while someone types."""

from __future__ import annotations

import contextlib
import sqlite3

from deskcrm.app import DeskApp
from deskcrm.messages import CustomerChanged
from deskcrm.screens.customers.cards_ahead import AROUND, around
from deskcrm.widgets.customer_table import CustomerTable
from deskcrm.widgets.profile_card import ProfileCard
from tests.customer_helpers import TODAY, card_text, customers_screen, file_customer, settle


def test_the_rows_below_the_cursor_come_first_then_those_above():
    ids = list(range(100, 120))
    below, above = list(range(106, 106 + AROUND)), list(range(104, 104 - AROUND // 2, -1))
    order = around(ids, 5)
    assert sorted(order) == sorted(below + above) and order[:2] == [106, 104]
    assert [x for x in order if x > 105] == below and [x for x in order if x < 105] == above
    assert around(ids, 0) == list(range(101, 101 + AROUND))  # nothing above the first row
    assert around(ids, 19) == list(range(118, 118 - AROUND // 2, -1))  # nothing below the last


@contextlib.asynccontextmanager
async def in_the_list(db_path, count: int = 10):
    for i in range(count):
        file_customer(f"顾客{i:02d}", f"1380013{i:04d}")
    app = DeskApp(db_path, today=TODAY, ask_staff=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        table = app.screen.query_one(CustomerTable)
        table.focus()
        table.move_cursor(row=0)
        await settle(app, pilot)
        yield app, pilot, table


def _ids(table) -> list[int]:
    return [int(key.value) for key in table.rows]


async def test_down_shows_the_card_read_ahead_at_once(db_path, db):
    async with in_the_list(db_path) as (app, _pilot, table):
        screen = customers_screen(app)
        card = screen.query_one(ProfileCard)
        ids = _ids(table)
        assert all(screen._ahead.take(cid, card.drawing(), app.today()) for cid in ids[1 : 1 + AROUND])
        shown = []
        show = card.show
        card.show = lambda view, lines=None: (shown.append(view.id if view else None), show(view, lines))[1]
        screen.load_card(ids[1])  # as the highlighted row does on Down
        assert shown == [ids[1]]  # drawn before this returned: no worker, no store read between
        assert "顾客01" in card_text(app)


async def test_a_card_changed_by_another_terminal_is_drawn_again_once_painted(db_path, db):
    async with in_the_list(db_path) as (app, pilot, table):
        screen = customers_screen(app)
        following = _ids(table)[1]
        assert screen._ahead.take(following, screen.query_one(ProfileCard).drawing(), app.today())
        other = sqlite3.connect(db_path)  # another terminal, which this app hears nothing from
        with other:
            other.execute("UPDATE customer SET notes = ? WHERE id = ?", ("只穿黑色", following))
        other.close()
        await pilot.press("down")
        await settle(app, pilot)
        assert "只穿黑色" in card_text(app)


async def test_a_change_made_here_drops_the_card_read_ahead(db_path, db):
    async with in_the_list(db_path) as (app, _pilot, table):
        screen = customers_screen(app)
        drawing = screen.query_one(ProfileCard).drawing()
        first, following = _ids(table)[1:3]
        screen.post_message(CustomerChanged(first))
        await _pilot.pause()
        assert screen._ahead.take(first, drawing, app.today()) is None
        assert screen._ahead.take(following, drawing, app.today()) is not None
        before = screen._ahead.take(following, drawing, app.today())
        screen.post_message(CustomerChanged(None))  # many at once (an import): every card
        await settle(app, _pilot)
        assert screen._ahead.take(following, drawing, app.today()) is not before  # read again


async def test_nothing_is_read_ahead_while_someone_types(db_path, db):
    for i in range(10):
        file_customer(f"Wang {i}", f"1380013{i:04d}")
    app = DeskApp(db_path, today=TODAY, ask_staff=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        await pilot.press("slash")
        await settle(app, pilot)
        screen = customers_screen(app)
        screen._ahead.forget()
        await pilot.press("w", "a", "n", "g")
        await settle(app, pilot)
        assert "Wang" in card_text(app)  # the first row's card, once typing paused
        assert not screen._ahead._ready  # not even the card shown: it is read again if wanted
