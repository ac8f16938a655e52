from deskcrm.app import DeskApp
from deskcrm.screens.manager_signin import ManagerSignIn
from deskcrm.screens.staff_picker import StaffPicker
from deskcrm.services import staff
from deskcrm.store import models
from tests.desk_helpers import set_desk


async def test_first_run_asks_who_is_at_the_desk_and_remembers(db_path):
    app = DeskApp(db_path)
    async with app.run_test(size=(80, 24)) as pilot:
        assert isinstance(app.screen, StaffPicker)
        await pilot.press(*"李娜", "enter")
        await pilot.pause()
        assert app.desk is not None and app.desk.name == "李娜"
        assert "李娜" in app.sub_title
    assert models.Staff.get(models.Staff.name == "李娜").role == "manager"
    app2 = DeskApp(db_path)
    async with app2.run_test(size=(80, 24)):
        assert not isinstance(app2.screen, StaffPicker)
        assert app2.desk.name == "李娜"


async def test_f_keys_switch_screens(db_path, db):
    info = staff.add_staff("Mina")
    set_desk(info.id)
    staff.set_pin(info.id, "2468")
    app = DeskApp(db_path)
    async with app.run_test(size=(120, 40)) as pilot:
        for key, mode in (("f3", "calendar"), ("f4", "complaints"), ("f2", "customers")):
            await pilot.press(key)
            await pilot.pause()
            assert app.current_mode == mode
        # the review is the manager's: F5 asks for the PIN first
        await pilot.press("f5")
        await pilot.pause()
        assert isinstance(app.screen, ManagerSignIn) and app.current_mode == "customers"
        await pilot.press(*"2468", "enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert app.current_mode == "review"
        await pilot.press("f2")
        await pilot.pause()
        assert app.current_mode == "customers"
