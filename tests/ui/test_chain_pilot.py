"""The chain's pilot (issue 10): two shops on one database, driven by keyboard.

A clerk of shop A sees A's calls (not B's), finds a customer of shop B, logs a sale
for them in A; head office's review shows both shops side by side.
"""

from __future__ import annotations

import datetime as dt

import pytest
from textual.widgets import DataTable

from deskcrm.app import DeskApp
from deskcrm.screens.guard import start_session
from deskcrm.screens.review.screen import ReviewScreen
from deskcrm.services import shops, staff
from deskcrm.services.followups.actions import add_manual
from deskcrm.store.handle import current_store
from deskcrm.store.models import Customer, Purchase
from deskcrm.widgets.agenda_list import AgendaList
from tests.customer_helpers import card_text, file_customer, keys, settle, table_names
from tests.desk_helpers import set_desk

pytestmark = pytest.mark.both_engines

TODAY = dt.date(2025, 6, 1)
NOW = dt.datetime(2025, 6, 1, 3, 0)


def two_shops() -> dict:
    gangnam = shops.create("강남점", "gangnam", NOW, {"shop.locale": "ko"})
    store = current_store()
    store.shop_id = 1
    amy = staff.add_staff("Amy")
    head = staff.add_staff("Head office", role="head_office")
    anna = file_customer("Anna Lee", "020 7946 0000")
    add_manual(anna, TODAY, "fitting went well?", NOW, staff_id=None)
    store.shop_id = gangnam.id
    staff.add_staff("민지")
    park = file_customer("박지영", "010-9999-8888")
    add_manual(park, TODAY, "안부 전화", NOW, staff_id=None)
    store.shop_id = 1
    set_desk(amy.id)
    return {"b": gangnam.id, "amy": amy, "head": head, "anna": anna, "park": park}


async def test_a_clerk_of_shop_a_works_her_shop_and_serves_a_customer_of_shop_b(store_target, db):
    chain = two_shops()
    app = DeskApp(store_target, today=TODAY, shop="1")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        assert "1 ·" in app.sub_title  # a chain's terminal says which shop it stands in

        await keys(app, pilot, "f3")
        calls = {i.customer_id for i in app.screen.query_one(AgendaList).items.values()}
        assert calls == {chain["anna"]}  # shop A's call, not B's

        await keys(app, pilot, "f2", "slash", *"박지영", "enter")
        assert table_names(app) == ["박지영"]  # the file is the chain's
        assert "강남점" in card_text(app)  # whose customer she is
        await keys(app, pilot, "p")
        await keys(app, pilot, *"silk scarf", "tab", *"450", "ctrl+s")
        assert "silk scarf" in card_text(app)

        start_session(app, chain["head"])  # head office signs in at this terminal
        await keys(app, pilot, "f5")
        assert isinstance(app.screen, ReviewScreen)
        table = app.screen.query_one("#shops", DataTable)
        assert table.display
        rows = [[str(c) for c in table.get_row_at(i)] for i in range(table.row_count)]
        assert [r[0] for r in rows] == ["1", "강남점"]
        assert rows[0][1] == "450" and rows[1][1] == "0"  # the sale counts for the shop it was made in
    sale = Purchase.get()
    assert (sale.customer_id, sale.shop_id, sale.staff_id) == (chain["park"], 1, chain["amy"].id)
    assert Customer.get_by_id(chain["park"]).home_shop_id == chain["b"]


async def test_a_single_shop_file_shows_no_shop_and_no_side_by_side(store_target, db):
    boss = staff.add_staff("Boss")  # the first person is a manager
    set_desk(boss.id)
    app = DeskApp(store_target, today=TODAY)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        assert app.sub_title.startswith("Boss · ") and app.sub_title.count("·") == 1
        start_session(app, staff.get_staff(boss.id))
        await keys(app, pilot, "f5")
        assert isinstance(app.screen, ReviewScreen)
        assert not app.screen.query_one("#shops", DataTable).display
