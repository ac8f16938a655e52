"""Referred by: a live pick list in the customer form, never free text, never the customer themself."""

import pytest

from deskcrm.app import DeskApp
from deskcrm.screens.customers.form import CustomerForm
from deskcrm.store.models import Customer
from tests.customer_helpers import (
    SIZES,
    TODAY,
    card_text,
    desk_fixture,  # noqa: F401  (the desk fixture)
    file_customer,
    keys,
    settle,
)


def matches(app) -> list[str]:
    options = app.screen.query_one("#matches-referred_by")
    if not options.parent.has_class("-open"):
        return []
    return [str(options.get_option_at_index(i).prompt).split()[0] for i in range(options.option_count)]


@pytest.mark.parametrize("size", SIZES)
async def test_pick_the_referrer_from_live_matches(db_path, desk, size):
    li = file_customer("李四", "13911112222")
    file_customer("李小龙", "13922223333")
    file_customer("Anna", "555 0101")
    app = DeskApp(db_path, today=TODAY)
    async with app.run_test(size=size) as pilot:
        await settle(app, pilot)
        await keys(app, pilot, "n", *"王小明", "tab", *"13800138000")
        app.screen.query_one("#f-referred_by").focus()
        await keys(app, pilot, *"李")
        assert sorted(matches(app)) == ["李四", "李小龙"]
        await keys(app, pilot, "backspace", *"112222")  # the phone narrows it to one
        assert matches(app) == ["李四"]
        await keys(app, pilot, "down", "enter")
        assert matches(app) == []  # picked: the list closes, the box shows who
        assert app.screen.query_one("#f-referred_by").value.startswith("李四")
        await keys(app, pilot, "ctrl+s")
        assert not isinstance(app.screen, CustomerForm)
        assert "Referred by 李四" in card_text(app)
    assert Customer.get(Customer.name == "王小明").referred_by_id == li


async def test_text_not_picked_is_an_error_at_the_field(db_path, desk):
    file_customer("李四", "13911112222")
    app = DeskApp(db_path, today=TODAY)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await keys(app, pilot, "n", *"王小明")
        app.screen.query_one("#f-referred_by").focus()
        await keys(app, pilot, *"nobody like this", "ctrl+s")
        assert isinstance(app.screen, CustomerForm)
        assert app.screen.query_one("#e-referred_by").display
    assert not Customer.select().where(Customer.name == "王小明").exists()


async def test_a_customer_is_never_offered_as_their_own_referrer(db_path, desk):
    me = file_customer("王小明", "13800138000")
    other = file_customer("王小红", "13800139999")
    app = DeskApp(db_path, today=TODAY)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        table = app.screen.query_one("CustomerTable")
        table.move_cursor(row=table.get_row_index(str(me)))
        await keys(app, pilot, "e")
        app.screen.query_one("#f-referred_by").focus()
        await keys(app, pilot, *"wx")
        assert matches(app) == ["王小红"]
        await keys(app, pilot, "enter", "ctrl+s")  # Enter in the box picks the first match
    assert Customer.get_by_id(me).referred_by_id == other
