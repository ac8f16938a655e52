from textual.widgets import DataTable, Input, Label

from deskcrm.app import DeskApp
from deskcrm.screens.manager_signin import ManagerSignIn
from deskcrm.screens.staff_admin import StaffAdmin
from deskcrm.screens.staff_forms import PinForm, StaffForm
from deskcrm.services import pins, staff
from deskcrm.store.models import AuditLog, Staff
from tests.desk_helpers import set_desk
from tests.review_helpers import TODAY, at

PIN = "2468"


async def settle(app, pilot) -> None:
    await app.workers.wait_for_complete()
    await pilot.pause()
    await app.workers.wait_for_complete()
    await pilot.pause()


async def open_staff(app, pilot) -> StaffAdmin:
    await pilot.press("f5", *PIN, "enter")
    await settle(app, pilot)
    await pilot.press("s")
    await settle(app, pilot)
    assert isinstance(app.screen, StaffAdmin)
    return app.screen


def names(screen: StaffAdmin) -> list[str]:
    table = screen.query_one(DataTable)
    return [str(table.get_row_at(i)[0]) for i in range(table.row_count)]


async def test_manager_adds_staff_resets_a_pin_and_deactivates(db_path, db):
    boss = staff.add_staff("Boss")
    staff.set_pin(boss.id, PIN)
    set_desk(boss.id)
    app = DeskApp(db_path, today=TODAY)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_staff(app, pilot)
        assert names(screen) == ["Boss"]
        await pilot.press("a")
        await pilot.pause()
        assert isinstance(app.screen, StaffForm)
        await pilot.press("enter")  # no name: refused at the field
        await pilot.pause()
        assert "A name is needed" in str(app.screen.query_one("#name-error", Label).render())
        await pilot.press(*"김민수", "enter")
        await settle(app, pilot)
        assert app.screen is screen and sorted(names(screen)) == ["Boss", "김민수"]
        table = screen.query_one(DataTable)
        table.move_cursor(row=names(screen).index("김민수"))
        await pilot.press("p")
        await pilot.pause()
        assert isinstance(app.screen, PinForm)
        await pilot.press(*"12", "enter")
        await pilot.pause()
        assert "4 to 12 digits" in str(app.screen.query_one("#pin-error", Label).render())
        app.screen.query_one("#pin", Input).value = "1357"
        app.screen.query_one("#pin2", Input).value = "1357"
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        await pilot.press("d")
        await settle(app, pilot)
        assert str(table.get_row_at(names(screen).index("김민수"))[2]) == "no"
        table.move_cursor(row=names(screen).index("Boss"))
        await pilot.press("d")  # the last manager cannot be deactivated
        await settle(app, pilot)
        assert "last manager" in str(screen.query_one("#staff-error", Label).render())
    kim = Staff.get(Staff.name == "김민수")
    assert kim.role == "desk" and not kim.active and kim.pin_hash
    assert pins.check_pin(kim.id, "1357", at(TODAY)).reason == "inactive"
    assert Staff.get_by_id(boss.id).active
    assert {a.action for a in AuditLog.select()} >= {"create", "reset_pin", "deactivate"}
    assert AuditLog.get(AuditLog.action == "deactivate").staff_name == "Boss"


async def test_role_change_and_palette_route_is_guarded(db_path, db):
    boss = staff.add_staff("Boss")
    staff.set_pin(boss.id, PIN)
    clerk = staff.create_staff("Clerk", "desk")
    set_desk(clerk.id)
    app = DeskApp(db_path, today=TODAY)
    async with app.run_test(size=(120, 40)) as pilot:
        app.action_staff_admin()  # what the command palette's "Staff" entry runs
        await pilot.pause()
        assert isinstance(app.screen, ManagerSignIn)
        await pilot.press(*PIN, "enter")
        await settle(app, pilot)
        screen = app.screen
        assert isinstance(screen, StaffAdmin)
        screen.query_one(DataTable).move_cursor(row=names(screen).index("Clerk"))
        await pilot.press("r")
        await settle(app, pilot)
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, StaffAdmin)
    assert Staff.get_by_id(clerk.id).role == "manager"
