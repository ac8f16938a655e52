import datetime as dt
import json

from textual.widgets import Input, Select

from deskcrm.app import DeskApp
from deskcrm.screens.complaints.wizard import ComplaintWizard
from deskcrm.services import staff
from deskcrm.services.complaints import workflow as complaints
from deskcrm.store.models import Complaint, ComplaintStep, Contact, FollowUp
from tests.complaint_helpers import (
    NOW,
    TODAY,
    choose,
    desk_shop,
    open_first,
    save,
    settle,
    text_of,
    walk,
)
from tests.desk_helpers import set_desk


async def test_unsaved_input_is_kept_on_escape_and_on_close_and_comes_back_for_anyone(db_path, db):
    mina, customer_id = desk_shop()
    cid = complaints.open_complaint(customer_id=customer_id, staff_id=mina, now=NOW)
    walk(cid, mina, 1)
    app = DeskApp(db_path, today=TODAY)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_first(app, pilot)
        assert app.screen.viewing == 2
        await choose(app, pilot, 1)  # emotion: angry, and not saved
        await pilot.press("escape")
        await settle(app, pilot)
        assert not isinstance(app.screen, ComplaintWizard)
    row = Complaint.get_by_id(cid)
    assert row.step == 2 and not ComplaintStep.select().where(ComplaintStep.step == 2).exists()
    assert json.loads(row.draft)["data"] == {"emotion": "angry", "place": None}
    # another clerk resumes in a new app: the choice is there, and the banner says whose it is
    jun = staff.add_staff("Jun")
    set_desk(jun.id)
    app2 = DeskApp(db_path, today=TODAY)
    async with app2.run_test(size=(120, 40)) as pilot:
        await open_first(app2, pilot)
        wizard = app2.screen
        assert wizard.viewing == 2 and wizard.query_one("#f-emotion", Select).selection == "angry"
        assert "Not saved yet" in text_of(app2, "#step-banner") and "Mina" in text_of(
            app2, "#step-banner")
        await pilot.press("tab")
        await choose(app2, pilot, 1)  # place: seated
        await save(app2, pilot)
        assert wizard.viewing == 3 and "Not saved yet" not in text_of(app2, "#step-banner")
        await pilot.press("tab", *"对不起")  # typed at step 3, then the app is closed
    step2 = ComplaintStep.get(ComplaintStep.step == 2)
    assert (json.loads(step2.data), step2.staff_id) == ({"emotion": "angry", "place": "seated"},
                                                        jun.id)
    draft = json.loads(Complaint.get_by_id(cid).draft)
    assert (draft["step"], draft["staff_id"], draft["data"]) == (
        3, jun.id, {"apology_given": False, "wording": "对不起"})
    assert Complaint.get_by_id(cid).step == 3


async def test_no_answer_on_the_follow_up_call_moves_it_and_keeps_the_complaint_open(db_path, db):
    mina, customer_id = desk_shop()
    cid = complaints.open_complaint(customer_id=customer_id, staff_id=mina, now=NOW)
    walk(cid, mina, 9)  # the call is scheduled for 2026-05-18
    app = DeskApp(db_path, today=TODAY)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_first(app, pilot)
        retry = app.screen.query_one("#f-retry_on", Input)
        assert retry.value == "2026-05-13"  # two days on by default
        await pilot.press("tab", *"rang twice", "tab", "home", "ctrl+k", *"2026-05-01", "ctrl+n")
        await settle(app, pilot)
        assert "past" in text_of(app, "#err-retry_on") and retry.has_class("-invalid")
        assert not Contact.select().where(Contact.outcome == "no_answer").exists()
        await pilot.press("home", "ctrl+k", *"2026-05-20", "ctrl+n")
        await settle(app, pilot)
        wizard = app.screen
        assert isinstance(wizard, ComplaintWizard) and wizard.viewing == 9
        assert "Call on 2026-05-20" in text_of(app, "#step-banner")
        assert wizard.query_one("#f-retry_on", Input).value == "2026-05-13"
    contact = Contact.get(Contact.outcome == "no_answer")
    assert (contact.customer_id, contact.channel, contact.note) == (customer_id, "call", "rang twice")
    call = FollowUp.get(FollowUp.kind == "complaint_followup")
    assert (call.due_on, call.original_due_on, call.status) == (
        dt.date(2026, 5, 20), dt.date(2026, 5, 18), "open")
    row = Complaint.get_by_id(cid)
    assert (row.status, row.step, row.followup_satisfaction) == ("open", 9, None)
