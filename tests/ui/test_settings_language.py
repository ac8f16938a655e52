from textual.widgets import Input, Select

from deskcrm import i18n
from deskcrm.app import DeskApp
from deskcrm.screens.manager_signin import ManagerSignIn
from deskcrm.screens.settings import SettingsScreen
from deskcrm.services import settings, staff
from deskcrm.widgets.footer import DeskFooter
from deskcrm.widgets.mode_header import ModeHeader
from tests.desk_helpers import set_desk


def _manager_at_desk() -> None:
    info = staff.add_staff("Mina")  # the first staff member of a shop is its manager
    staff.set_pin(info.id, "2468")
    set_desk(info.id)


async def _open_settings(app, pilot) -> None:
    await pilot.press("f10")
    await pilot.pause()
    assert isinstance(app.screen, ManagerSignIn)
    await pilot.press(*"2468", "enter")
    await app.workers.wait_for_complete()
    await pilot.pause()
    assert isinstance(app.screen, SettingsScreen)


def _footer_text(app) -> str:
    from textual.widgets._footer import FooterKey

    return " ".join(k.description for k in app.screen.query(FooterKey))


async def test_switching_language_relabels_the_app_and_is_remembered(db_path, db):
    _manager_at_desk()
    app = DeskApp(db_path)
    try:
        async with app.run_test(size=(120, 40)) as pilot:
            assert app.screen.query(DeskFooter)
            await _open_settings(app, pilot)
            app.screen.query_one("#language", Select).value = "ko"
            await pilot.press("ctrl+s")
            await pilot.pause()
            await pilot.pause()
            assert i18n.language() == "ko"
            assert "도움말" in _footer_text(app)  # F1 in Korean
            assert "고객" in str(app.screen.query_one(ModeHeader).format_title())  # and the F2 tab
        assert settings.get("ui.language") == "ko"
    finally:
        i18n.set_language("en")


async def test_bad_setting_is_refused_at_the_field(db_path, db):
    _manager_at_desk()
    app = DeskApp(db_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await _open_settings(app, pilot)
        field = app.screen.query_one("#form-tiers--thresholds---silver", Input)
        field.value = "lots"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert field.has_class("-invalid")
        assert "amount" in str(app.screen.query_one("#err-form-tiers--thresholds---silver").render())
    assert settings.get("tiers.thresholds") == settings.DEFAULTS["tiers.thresholds"]


async def test_settings_form_money_in_currency_units_checked_as_the_field_is_left(db_path, db):
    _manager_at_desk()
    app = DeskApp(db_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await _open_settings(app, pilot)
        screen = app.screen
        amount = screen.query_one("#form-followups--post_purchase_threshold", Input)
        assert amount.value == "2,000"  # ¥2,000, stored as 200000 fen
        days = screen.query_one("#form-followups--neglect_days---vip", Input)
        assert days.value == "21-30"
        days.focus()
        days.value = "40-30"
        amount.focus()  # leaving the field checks it
        await pilot.pause()
        assert "ideal" in str(screen.query_one("#err-form-followups--neglect_days---vip").render())
        days.value = "14-30"
        amount.value = "3,000"
        screen.query_one("#form-calls--daily_capacity", Input).value = "30"
        await pilot.press("ctrl+s")
        await pilot.pause()
    assert settings.get("followups.post_purchase_threshold") == 300_000
    assert settings.get("followups.neglect_days")["vip"] == [14, 30]
    assert settings.get("followups.neglect_days")["regular"] == [60, 90]
    assert settings.get("calls.daily_capacity") == 30


async def test_a_desk_clerk_cannot_open_settings(db_path, db):
    _manager_at_desk()
    clerk = staff.add_staff("Bo")
    set_desk(clerk.id)
    app = DeskApp(db_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("f10")
        await pilot.pause()
        assert isinstance(app.screen, ManagerSignIn)
        await pilot.press(*"0000", "enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert not isinstance(app.screen, SettingsScreen)


async def test_a_persons_own_calls_per_day_is_checked_at_the_field_and_saved(db_path, db):
    _manager_at_desk()
    joon = staff.add_staff("Joon")
    app = DeskApp(db_path)
    try:
        async with app.run_test(size=(80, 24)) as pilot:
            i18n.set_language("ko")
            await _open_settings(app, pilot)
            screen = app.screen
            own = screen.query_one(f"#form-calls--capacity_by_staff---{joon.id}", Input)
            label = own.parent.query_one(".setting-label")
            assert "Joon" in str(label.render()) and "Calls" not in str(label.render())
            own.focus()
            own.value = "하루 열"
            screen.query_one("#form-calls--daily_capacity", Input).focus()  # leaving checks it
            await pilot.pause()
            error = str(screen.query_one(f"#err-form-calls--capacity_by_staff---{joon.id}").render())
            assert error and "Type" not in error  # said in her language
            own.value = "12"
            await pilot.press("ctrl+s")
            await pilot.pause()
    finally:
        i18n.set_language("en")
    assert settings.get("calls.capacity_by_staff") == {str(joon.id): 12}
