import datetime as dt

from textual.widgets import DataTable, Input

from deskcrm.app import DeskApp
from deskcrm.screens.complaints.admin import ComplaintAdmin
from deskcrm.screens.complaints.wizard import ComplaintWizard
from deskcrm.screens.manager_signin import ManagerSignIn
from deskcrm.services import staff
from deskcrm.services.complaints import defaults as complaint_defaults
from deskcrm.services.complaints import workflow as complaints
from deskcrm.store.models import AuditLog, Complaint, ComplaintCategory, Customer
from tests.complaint_helpers import NOW, TODAY, drawn, make_shop, settle, text_of, walk
from tests.desk_helpers import set_desk
from tests.ui_helpers import sign_in_manager


def _rows(app):
    table = app.screen.query_one("#complaint-table", DataTable)
    return [[str(c) for c in table.get_row_at(i)] for i in range(table.row_count)]


async def test_list_open_first_overdue_marked_filter_and_closed_history(db_path, db):
    staff_id, customer_id = make_shop()
    set_desk(staff_id)
    closed = complaints.open_complaint(customer_id=customer_id, staff_id=staff_id, now=NOW)
    walk(closed, staff_id, 9)
    complaints.record_followup_call(closed, 5, staff_id=staff_id, now=NOW)
    late = complaints.open_complaint(customer_id=customer_id, staff_id=staff_id,
                                     now=NOW + dt.timedelta(hours=1))
    walk(late, staff_id, 6)  # promised 2026-05-15
    app = DeskApp(db_path, today=dt.date(2026, 5, 20))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("f4")
        await settle(app, pilot)
        rows = _rows(app)
        assert rows[0][2].startswith("7 ") and rows[0][4] == "! 05-15"
        assert rows[1][2].endswith("closed") and rows[1][6] == "4/5"
        await pilot.press("tab", "tab", "tab", "tab", "space")  # the Overdue checkbox
        await settle(app, pilot)
        assert len(_rows(app)) == 1
        await pilot.press("space")
        await settle(app, pilot)
        await pilot.press("escape", "down", "enter")
        await settle(app, pilot)
        assert isinstance(app.screen, ComplaintWizard)
        history = "\n".join(drawn(app, "#history"))
        assert "9. Follow up" in history and "Mina" in history
        assert "Root cause: " in history and "category" not in history  # labels, not JSON keys
        assert "History · closed" in text_of(app, "#step-title")
        assert not app.screen.query("#form Input")  # read-only: no fields


async def test_walk_in_from_the_picker_errors_at_field_then_files(db_path, db):
    staff_id, _ = make_shop()
    set_desk(staff_id)
    app = DeskApp(db_path, today=TODAY)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("f4", "n")
        await pilot.pause()
        await pilot.press(*"zzz")
        await settle(app, pilot)
        await pilot.press("enter", *"김민수", "enter", *"12", "ctrl+s")
        await settle(app, pilot)
        assert "digits" in str(app.screen.query_one("#err-phone").render())
        app.screen.query_one("#walk-phone", Input).value = "010-1234-5678"
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert isinstance(app.screen, ComplaintWizard)
    customer = Customer.get(Customer.name == "김민수")
    assert customer.choseong == "ㄱㅁㅅ" and Complaint.get().customer_id == customer.id


async def test_start_complaint_from_anywhere_with_a_customer_id(db_path, db):
    staff_id, customer_id = make_shop()
    set_desk(staff_id)
    app = DeskApp(db_path, today=TODAY)
    async with app.run_test(size=(120, 40)) as pilot:
        app.action_start_complaint(customer_id)
        await settle(app, pilot)
        assert isinstance(app.screen, ComplaintWizard) and app.screen.viewing == 1
        lines = drawn(app, "#summary")
        assert "王小明" in lines[1]  # under the border
        assert any("羽绒服 A-102" in line and line.rstrip("│ ").endswith("1,299.00") for line in lines)
    assert Complaint.get().customer_id == customer_id


async def test_only_a_manager_edits_categories_and_the_ladder(db_path, db):
    staff_id, _ = make_shop()  # Mina is a desk clerk here (make_shop creates rows directly)
    set_desk(staff_id)
    app = DeskApp(db_path, today=TODAY)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("f4", "m")
        await settle(app, pilot)
        assert isinstance(app.screen, ManagerSignIn)  # a clerk is asked for a manager's PIN
        assert not isinstance(app.screen, ComplaintAdmin)
    boss = staff.add_staff("Boss", role="manager")
    set_desk(boss.id)
    app = DeskApp(db_path, today=TODAY)
    async with app.run_test(size=(80, 24)) as pilot:
        sign_in_manager(app)
        await pilot.press("f4", "m")
        await settle(app, pilot)
        assert isinstance(app.screen, ComplaintAdmin)
        await pilot.press("ctrl+n", "ctrl+s")  # nothing typed: both fields say so
        await settle(app, pilot)
        assert text_of(app, "#err-cat-code") == "A code is needed"
        assert text_of(app, "#err-cat-name") == "A name is needed"
        assert app.screen.query_one("#cat-name", Input).has_class("-invalid")
        assert app.screen.focused.id == "cat-code"
        await pilot.press(*"colour", "tab", *"颜色", "ctrl+s")
        await settle(app, pilot)
        assert text_of(app, "#err-cat-code") == "" and text_of(app, "#err-cat-name") == ""
        assert not app.screen.query_one("#cat-name", Input).has_class("-invalid")
        app.screen.query_one("#admin-tabs").active = "tab-ladder"
        await pilot.pause()
        await pilot.press("ctrl+n", *"flowers", "tab", "tab", *"8x", "ctrl+s")  # no name, bad value
        await settle(app, pilot)
        assert text_of(app, "#err-ladder-code") == ""
        assert text_of(app, "#err-ladder-name") == "A name is needed"
        assert "amount" in text_of(app, "#err-ladder-value")
        assert [app.screen.query_one(f"#ladder-{k}", Input).has_class("-invalid")
                for k in ("code", "name", "value")] == [False, True, True]
        assert app.screen.focused.id == "ladder-name"
        assert "flowers" not in {i.code for i in complaint_defaults.ladder()}
        await pilot.press(*"鲜花")
        app.screen.query_one("#ladder-value", Input).value = "80"
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert text_of(app, "#err-ladder-value") == ""
    assert ComplaintCategory.get(ComplaintCategory.code == "colour").name == "颜色"
    assert {i.code: i.value for i in complaint_defaults.ladder()}["flowers"] == 8000
    assert AuditLog.select().where(AuditLog.staff_name == "Boss").count() == 2
