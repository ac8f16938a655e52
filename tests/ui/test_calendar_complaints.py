"""F3: a complaint follow-up done from the calendar asks satisfaction again and closes the complaint."""

import datetime as dt

import pytest
from textual.widgets import Input, Label, Select

from deskcrm.app import DeskApp
from deskcrm.screens.calendar.followup_modals import DoneModal
from deskcrm.screens.calendar.screen import CalendarScreen
from deskcrm.services.complaints import workflow as complaints
from deskcrm.store.models import Complaint, Contact, FollowUp
from deskcrm.widgets.agenda_list import AgendaList
from tests.complaint_helpers import NOW, make_shop, walk
from tests.desk_helpers import set_desk
from tests.ui.test_calendar import open_calendar, settle

CALL_DAY = dt.date(2026, 5, 18)  # step 9 scheduled the call for this day


@pytest.fixture
def complaint(db):
    staff_id, customer_id = make_shop()
    set_desk(staff_id)
    cid = complaints.open_complaint(customer_id=customer_id, staff_id=staff_id, now=NOW)
    walk(cid, staff_id, 9)
    return cid


async def open_done(pilot, app, kind: str) -> DoneModal:
    screen = await open_calendar(pilot, app)
    table = screen.query_one(AgendaList)
    row = next(i for i, item in enumerate(table.items.values()) if item.kind == kind)
    table.focus()
    table.move_cursor(row=row)
    await pilot.press("d")
    await settle(pilot, app)
    assert isinstance(app.screen, DoneModal)
    return app.screen


@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
async def test_done_asks_satisfaction_and_closes_the_complaint(db_path, complaint, size):
    app = DeskApp(db_path, today=CALL_DAY)
    async with app.run_test(size=size) as pilot:
        modal = await open_done(pilot, app, "complaint_followup")
        assert "at closing: 4/5" in str(modal.query_one("#rating-label", Label).render())
        assert not modal.query_one("#retry", Input).display
        await pilot.press("ctrl+s")  # no rating: refused at the field
        await pilot.pause()
        error = modal.query_one("#rating-error", Label)
        assert error.display and "1 to 5" in str(error.render())
        assert isinstance(app.screen, DoneModal)
        modal.query_one("#rating", Input).focus()
        await pilot.press("5", "ctrl+s")
        await settle(pilot, app)
        assert isinstance(app.screen, CalendarScreen)
    c = Complaint.get_by_id(complaint)
    assert (c.status, c.satisfaction, c.followup_satisfaction) == ("closed", 4, 5)
    assert FollowUp.get(FollowUp.kind == "complaint_followup").status == "done"


async def test_no_answer_moves_the_call_and_keeps_the_complaint_open(db_path, complaint):
    app = DeskApp(db_path, today=CALL_DAY)
    async with app.run_test(size=(80, 24)) as pilot:
        modal = await open_done(pilot, app, "complaint_followup")
        modal.query_one("#outcome", Select).value = "no_answer"
        await pilot.pause()
        assert modal.query_one("#retry", Input).display and not modal.query_one("#rating", Input).display
        retry = modal.query_one("#retry", Input)
        retry.value = "2026-05-21"
        await pilot.press("ctrl+s")
        await settle(pilot, app)
    assert Complaint.get_by_id(complaint).status == "open"
    call = FollowUp.get(FollowUp.kind == "complaint_followup")
    assert (call.status, call.due_on) == ("open", dt.date(2026, 5, 21))
    assert Contact.get(Contact.followup == call.id).outcome == "no_answer"


async def test_promise_done_is_a_promise_kept(db_path, complaint):
    app = DeskApp(db_path, today=CALL_DAY)
    async with app.run_test(size=(80, 24)) as pilot:
        modal = await open_done(pilot, app, "complaint_promise")
        assert modal.query_one("#outcome", Select).value == "kept"
        await pilot.press("ctrl+s")
        await settle(pilot, app)
    promise = FollowUp.get(FollowUp.kind == "complaint_promise")
    assert (promise.status, promise.outcome) == ("done", "kept")
    assert Complaint.get_by_id(complaint).status == "open"
