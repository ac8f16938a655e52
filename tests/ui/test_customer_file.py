import pytest

from deskcrm.app import DeskApp
from deskcrm.screens.customers.form import CustomerForm
from deskcrm.screens.customers.modals import ConfirmDelete, DuplicateWarning
from deskcrm.screens.manager_signin import ManagerSignIn
from deskcrm.services import staff
from deskcrm.store.models import AuditLog, Customer, Purchase
from deskcrm.widgets.customer_table import CustomerTable
from tests.customer_helpers import (
    SIZES,
    TODAY,
    card_text,
    desk_fixture,  # noqa: F401  (the desk fixture)
    file_customer,
    keys,
    settle,
    table_names,
)
from tests.desk_helpers import set_desk
from tests.ui_helpers import sign_in_manager


@pytest.mark.parametrize("size", SIZES)
async def test_new_customer_by_keyboard_with_name_and_phone(db_path, desk, size):
    app = DeskApp(db_path, today=TODAY)
    async with app.run_test(size=size) as pilot:
        await settle(app, pilot)
        await keys(app, pilot, "n")
        assert isinstance(app.screen, CustomerForm)
        await keys(app, pilot, *"王小明", "tab", *"13800138000", "ctrl+s")
        assert not isinstance(app.screen, CustomerForm)
        assert table_names(app) == ["王小明"]
        assert "王小明" in card_text(app)
    row = Customer.get(Customer.name == "王小明")
    assert row.phone_digits == "13800138000" and row.initials == "wxm" and row.created_by_id == desk.id
    assert AuditLog.get().staff_name == "Mina"


@pytest.mark.parametrize("size", SIZES)
async def test_find_by_initials_and_phone_tail(db_path, desk, size):
    file_customer("王小明", "13800138000")
    file_customer("李四", "13911112222")
    file_customer("김민수", "010-5555-1234")
    app = DeskApp(db_path, today=TODAY)
    async with app.run_test(size=size) as pilot:
        await settle(app, pilot)
        assert len(table_names(app)) == 3
        await keys(app, pilot, "slash", *"wxm")
        assert table_names(app) == ["王小明"]
        assert "13800138000" in card_text(app)
        await keys(app, pilot, *["backspace"] * 3, *"8000")
        assert table_names(app) == ["王小明"]
        await keys(app, pilot, *["backspace"] * 4, *"ㄱㅁㅅ", "enter")
        assert table_names(app) == ["김민수"]
        assert app.focused is app.screen.query_one(CustomerTable)  # Enter went back to the list


@pytest.mark.parametrize("size", SIZES)
async def test_log_purchase_from_the_card(db_path, desk, size):
    cid = file_customer("王小明", "13800138000")
    app = DeskApp(db_path, today=TODAY)
    async with app.run_test(size=size) as pilot:
        await settle(app, pilot)
        await keys(app, pilot, "p")
        await keys(app, pilot, *"silk coat", "tab", *"3,200.50", "ctrl+s")
        assert "3,200.50" in card_text(app) and "silk coat" in card_text(app)
        assert "SILVER" in card_text(app)
    purchase = Purchase.get()
    assert (purchase.customer_id, purchase.amount, purchase.staff_id) == (cid, 320050, desk.id)
    row = Customer.get_by_id(cid)
    assert (row.total_spend, row.purchase_count, row.tier) == (320050, 1, "silver")


async def test_bad_purchase_amount_is_shown_at_the_field(db_path, desk):
    file_customer("王小明", "13800138000")
    app = DeskApp(db_path, today=TODAY)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await keys(app, pilot, "p")
        await keys(app, pilot, *"coat", "tab", *"-5", "ctrl+s")
        error = app.screen.query_one("#e-amount")
        assert error.display and "negative" in str(error.render())
        assert app.screen.query_one("#f-amount").has_class("-invalid")
        await keys(app, pilot, "backspace", "backspace", *"5")
        assert not error.display
    assert Purchase.select().count() == 0


@pytest.mark.parametrize("size", SIZES)
async def test_edit_changes_the_row_in_place(db_path, desk, size):
    cid = file_customer("王小明", "13800138000")
    app = DeskApp(db_path, today=TODAY)
    async with app.run_test(size=size) as pilot:
        await settle(app, pilot)
        await keys(app, pilot, "e")
        await keys(app, pilot, *["backspace"] * 3, *"王晓明", "ctrl+s")
        assert table_names(app) == ["王晓明"]
        assert "王晓明" in card_text(app)
    row = Customer.get_by_id(cid)
    assert row.name == "王晓明" and row.phone == "13800138000"


@pytest.mark.parametrize("size", SIZES)
async def test_delete_asks_and_removes(db_path, desk, size):
    keep = file_customer("李四", "13911112222")
    gone = file_customer("王小明", "13800138000")
    app = DeskApp(db_path, today=TODAY)
    async with app.run_test(size=size) as pilot:
        sign_in_manager(app)
        await settle(app, pilot)
        await keys(app, pilot, "down", "d")
        await pilot.press("n")  # no: nothing happens
        await settle(app, pilot)
        assert Customer.select().count() == 2
        await keys(app, pilot, "d")
        await keys(app, pilot, "y")
        assert table_names(app) == ["李四"]
    assert [c.id for c in Customer.select()] == [keep]
    assert AuditLog.get(AuditLog.action == "delete").entity_id == gone


async def test_a_desk_clerk_cannot_delete_without_a_manager_pin(db_path, desk):
    staff.set_pin(desk.id, "2468")  # Mina is the shop's manager
    clerk = staff.add_staff("Bo")
    set_desk(clerk.id)
    file_customer("王小明", "13800138000")
    app = DeskApp(db_path, today=TODAY)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await keys(app, pilot, "d")
        assert isinstance(app.screen, ManagerSignIn)
        await keys(app, pilot, *"1111", "enter")
        await keys(app, pilot, "escape")
        assert not isinstance(app.screen, ConfirmDelete)
    assert Customer.select().count() == 1


@pytest.mark.parametrize("size", SIZES)
async def test_bad_phone_is_shown_at_the_field_and_nothing_saved(db_path, desk, size):
    app = DeskApp(db_path, today=TODAY)
    async with app.run_test(size=size) as pilot:
        await settle(app, pilot)
        await keys(app, pilot, "n")
        await keys(app, pilot, *"王小明", "tab", *"12ab", "ctrl+s")
        assert isinstance(app.screen, CustomerForm)
        error = app.screen.query_one("#e-phone")
        assert error.display and "digits" in str(error.render())
        assert app.screen.query_one("#f-phone").has_class("-invalid")
        assert not app.screen.query_one("#e-name").display
        # fixing the field takes the message away at once, before the next save
        await keys(app, pilot, *["backspace"] * 4, *"13800138000")
        assert not error.display and not app.screen.query_one("#f-phone").has_class("-invalid")
    assert Customer.select().count() == 0


async def test_duplicate_warning_offers_the_existing_file(db_path, desk):
    existing = file_customer("王小明", "13800138000")
    file_customer("Anna", "555 0101")
    app = DeskApp(db_path, today=TODAY)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        await keys(app, pilot, "n")
        await keys(app, pilot, *"小明", "tab", *"+86 138 0013 8000", "ctrl+s")
        assert isinstance(app.screen, DuplicateWarning)
        await pilot.press("b")  # back to the form, nothing saved
        await settle(app, pilot)
        assert isinstance(app.screen, CustomerForm) and Customer.select().count() == 2
        await keys(app, pilot, "ctrl+s")
        await keys(app, pilot, "o")
        assert not isinstance(app.screen, (CustomerForm, DuplicateWarning))
        table = app.screen.query_one(CustomerTable)
        assert table.selected_id() == existing
    assert Customer.select().count() == 2


async def test_duplicate_saved_anyway(db_path, desk):
    file_customer("王小明", "13800138000")
    app = DeskApp(db_path, today=TODAY)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await keys(app, pilot, "n")
        await keys(app, pilot, *"王小明", "tab", *"13800138000", "ctrl+s")
        await keys(app, pilot, "s")
    assert Customer.select().count() == 2
