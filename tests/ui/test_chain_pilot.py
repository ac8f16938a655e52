"""The chain's pilot (issue 10): two shops on one database, driven by keyboard.

A clerk of shop A sees A's calls (not B's), finds a customer of shop B, logs a sale
for them in A; head office's review shows both shops side by side.
"""

from __future__ import annotations

import datetime as dt

import pytest
from textual.widgets import DataTable, Select

from deskcrm import config
from deskcrm.app import DeskApp
from deskcrm.screens.guard import start_session
from deskcrm.screens.help import help_rows
from deskcrm.screens.review.screen import ReviewScreen
from deskcrm.screens.settings import SettingsScreen
from deskcrm.screens.shop_picker import ShopPicker
from deskcrm.screens.staff_picker import StaffPicker
from deskcrm.services import settings, shops, staff
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
        assert calls(app) == {chain["anna"]}  # shop A's call, not B's

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


async def test_a_chain_s_new_terminal_asks_its_shop_and_remembers_it(store_target, db):
    chain = two_shops()  # Amy of shop 1 was last at this terminal's desk; no shop set yet
    app = DeskApp(store_target, today=TODAY)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        assert isinstance(app.screen, ShopPicker)
        await keys(app, pilot, "down", "enter")  # 강남점
        await settle(app, pilot)
        assert "강남점" in app.sub_title
        # Amy works in shop 1: the desk asks who is here, among 강남점's people and head office
        assert isinstance(app.screen, StaffPicker) and app.desk is None
        names = [str(o.prompt) for o in app.screen.query_one("#staff-list").options]
        assert names[0].startswith("Head office") and names[1].startswith("민지") and len(names) == 2
        assert "강남점" in str(app.screen.query_one("#staff-shop").render())
        await keys(app, pilot, "down", "enter")
        assert app.desk is not None and app.desk.name == "민지"
        await keys(app, pilot, "f3")
        assert calls(app) == {chain["park"]}  # 강남점's call list
    assert config.remembered_shop(store_target) == chain["b"]

    app = DeskApp(store_target, today=TODAY)  # the next start: no question, the same shop
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        assert not isinstance(app.screen, ShopPicker) and app.desk.name == "민지"
        assert app.sub_title.startswith("민지 · 강남점 · ")
    app = DeskApp(store_target, today=TODAY, shop="1")  # --shop still overrides it
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        assert not isinstance(app.screen, ShopPicker) and app.store.shop_id == 1


def head_office_at(store_target: str, shop: str) -> tuple[dict, DeskApp]:
    """Two shops, and head office at this terminal's desk, set to `shop`."""
    chain = two_shops()
    set_desk(chain["head"].id)
    return chain, DeskApp(store_target, today=TODAY, shop=shop)


def calls(app: DeskApp) -> set[int]:
    """The customers on F3's call list."""
    return {i.customer_id for i in app.screen.query_one(AgendaList).items.values()}


async def test_a_manager_moves_the_terminal_to_another_shop_from_the_desk_picker(store_target, db):
    chain, app = head_office_at(store_target, "gangnam")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        await keys(app, pilot, "f3")
        assert calls(app) == {chain["park"]}
        await keys(app, pilot, "f9")
        assert isinstance(app.screen, StaffPicker)
        await keys(app, pilot, "ctrl+o")
        assert not isinstance(app.screen, ShopPicker)  # a clerk may not: the manager's PIN first
        await keys(app, pilot, "escape")
        start_session(app, chain["head"])
        await keys(app, pilot, "f9", "ctrl+o")
        assert isinstance(app.screen, ShopPicker)
        assert app.screen.query_one("#shop-list").highlighted == 1  # where it stands now
        await keys(app, pilot, "up", "enter")
        await settle(app, pilot)
        assert app.sub_title.startswith("Head office · 1 · ")
        assert app.desk.name == "Head office"  # head office works in every shop
        await keys(app, pilot, "f3")
        assert calls(app) == {chain["anna"]}
    assert config.remembered_shop(store_target) == 1


async def test_the_settings_screen_sets_the_terminal_s_shop(store_target, db):
    chain, app = head_office_at(store_target, "1")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        start_session(app, chain["head"])
        await keys(app, pilot, "f10")
        assert isinstance(app.screen, SettingsScreen)
        app.screen.query_one("#terminal-shop", Select).value = chain["b"]
        await keys(app, pilot, "ctrl+s")
        await settle(app, pilot)
        assert app.store.shop_id == chain["b"] and "강남점" in app.sub_title


async def test_a_single_shop_file_never_asks_for_a_shop(store_target, db):
    staff.add_staff("Boss")
    app = DeskApp(store_target, today=TODAY)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        assert isinstance(app.screen, StaffPicker)  # who is at the desk, as ever; no shop
        assert not app.screen.query("#staff-shop")
        assert "staff_picker.shop" not in {i for _k, _d, i in help_rows(app.screen)}  # F1 lists no such key
        await keys(app, pilot, "ctrl+o")
        assert isinstance(app.screen, StaffPicker)


async def test_the_shop_question_is_asked_in_the_ui_language(store_target, db):
    two_shops()
    settings.put("ui.language", "ko")
    app = DeskApp(store_target, today=TODAY)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        assert isinstance(app.screen, ShopPicker)
        assert str(app.screen.query_one(".title").render()) == "이 단말기는 어느 매장에 있나요?"
