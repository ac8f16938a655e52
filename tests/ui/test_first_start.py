"""A new file asks once: shop name, country, currency, first manager and PIN — or the demo shop."""

from textual.widgets import Select

from deskcrm.app import DeskApp
from deskcrm.screens.first_start import FirstStartScreen
from deskcrm.services import first_start, settings
from deskcrm.store.models import Customer, Staff
from tests.ui.test_calendar import TODAY, settle


async def test_first_start_sets_up_the_shop_and_its_first_manager(db_path, db):
    app = DeskApp(db_path, today=TODAY, first_start=True)
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, FirstStartScreen)
        await pilot.press(*"Maison Lin")
        # the PIN is checked as the field is left, not only on save
        screen.query_one("#setup-pin").focus()
        await pilot.press(*"12")
        screen.query_one("#setup-manager_name").focus()
        await pilot.pause()
        assert "digits" in str(screen.query_one("#setup-err-pin").render())
        await pilot.press(*"林美")
        screen.query_one("#setup-country", Select).value = "KR"
        await pilot.pause()
        assert screen.query_one("#setup-currency", Select).value == "KRW"
        screen.query_one("#setup-pin").clear()
        screen.query_one("#setup-pin").focus()
        await pilot.press(*"2468")
        screen.query_one("#setup-pin_again").focus()
        await pilot.press(*"2468", "ctrl+s")
        await settle(pilot, app)
        assert not isinstance(app.screen, FirstStartScreen)
        assert app.desk is not None and app.desk.name == "林美" and app.desk.is_manager
    assert settings.get("shop.name") == "Maison Lin"
    assert (settings.get("shop.locale"), settings.get("shop.currency")) == ("ko", "KRW")
    assert settings.get("followups.festival_sets") == ["KR"]
    [boss] = Staff.select()
    assert boss.role == "manager" and boss.pin_hash
    assert not first_start.is_new_file()


async def test_first_start_refuses_empty_fields_and_can_load_the_demo(db_path, db):
    app = DeskApp(db_path, today=TODAY, first_start=True, ask_staff=False)
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.pause()
        screen = app.screen
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert "name" in str(screen.query_one("#setup-err-shop_name").render())
        assert isinstance(app.screen, FirstStartScreen)
        await pilot.press("ctrl+d")
        await settle(pilot, app)
        assert not isinstance(app.screen, FirstStartScreen)
    assert Customer.select().count() == first_start.DEMO_CUSTOMERS


async def test_a_file_in_use_is_not_asked_again(db_path, db):
    Staff.create(name="Mina", role="manager")
    app = DeskApp(db_path, today=TODAY, first_start=True, ask_staff=False)
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.pause()
        assert not isinstance(app.screen, FirstStartScreen)
