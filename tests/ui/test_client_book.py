"""A clerk's own customers from F3 (o); a manager moves a leaving clerk's book in bulk."""

from deskcrm.app import DeskApp
from deskcrm.screens.calendar.client_book import ClientBookScreen, ReassignModal
from deskcrm.services import staff
from deskcrm.store.models import Customer
from tests.desk_helpers import set_desk
from tests.followup_helpers import customer
from tests.ui.test_calendar import TODAY, open_calendar, settle
from tests.ui_helpers import sign_in_manager


async def test_my_customers_filter_and_a_manager_moves_the_book(db_path, db):
    staff.add_staff("Boss", role="manager")
    mina, joon = staff.add_staff("Mina"), staff.add_staff("Joon")
    set_desk(mina.id)
    customer("王丽", owner=mina.id, phone="13800001234")
    customer("王小明", owner=mina.id, phone="13900005678")
    customer("김민수", owner=joon.id)
    app = DeskApp(db_path, today=TODAY)
    async with app.run_test(size=(100, 30)) as pilot:
        await open_calendar(pilot, app)
        await pilot.press("o")
        await settle(pilot, app)
        screen = app.screen
        assert isinstance(screen, ClientBookScreen)
        assert {e.name for e in screen.entries} == {"王丽", "王小明"}
        await pilot.press(*"5678")
        await settle(pilot, app)
        assert [e.name for e in screen.entries] == ["王小明"]
        await pilot.press("escape")  # clears the filter first
        await settle(pilot, app)
        assert len(screen.entries) == 2
        await pilot.press("tab", "r")
        await settle(pilot, app)
        modal = app.screen
        assert isinstance(modal, ReassignModal) and modal.count == 2
        modal.query_one("#reassign-to").value = joon.id
        sign_in_manager(app)
        await pilot.press("ctrl+s")
        await settle(pilot, app)
        assert screen.entries == []
    assert Customer.select().where(Customer.owner == joon.id).count() == 3
