import json

from textual.widgets import Label, Select

from deskcrm.app import DeskApp
from deskcrm.screens.complaints.wizard import ComplaintWizard
from deskcrm.services.complaints import workflow as complaints
from deskcrm.store.models import AuditLog, Complaint, ComplaintStep, FollowUp
from deskcrm.widgets.step_indicator import StepIndicator
from tests.complaint_helpers import (
    NOW,
    TODAY,
    choose,
    desk_shop,
    drawn,
    open_first,
    save,
    settle,
    text_of,
    valid_data,
    walk,
)


async def start_for_wang(app, pilot, through_step_three=False):
    await pilot.press("f4")
    await settle(app, pilot)
    await pilot.press("n")
    await pilot.pause()
    await pilot.press(*"wxm")
    await settle(app, pilot)
    await pilot.press("enter", "enter")  # to the hits, pick the first
    await settle(app, pilot)
    assert isinstance(app.screen, ComplaintWizard)
    if through_step_three:
        await steps_one_to_three(app, pilot)


async def steps_one_to_three(app, pilot):
    await pilot.press(*"拉链坏了", "tab", *"A-102", "tab")  # channel stays "visit"
    await save(app, pilot)
    await choose(app, pilot, 2)  # emotion: upset
    await pilot.press("tab")
    await choose(app, pilot, 1)  # place: seated
    await save(app, pilot)
    await pilot.press("space", "tab", *"sorry")
    await save(app, pilot)


async def test_walk_one_complaint_through_all_nine_steps_by_keyboard(db_path, db):
    staff_id, customer_id = desk_shop()
    app = DeskApp(db_path, today=TODAY)
    async with app.run_test(size=(120, 40)) as pilot:
        await start_for_wang(app, pilot, through_step_three=True)
        assert app.screen.query_one(StepIndicator).current == 4
        await pilot.press("space", "tab")
        await choose(app, pilot, 1)  # root cause: the first, quality
        assert "Standard answer" in text_of(app, "#qa")
        await save(app, pilot)
        assert "Q:" in text_of(app, "#qa")  # step 5 keeps the standard answer in view
        await pilot.press(*"batch")
        await save(app, pilot)
        await pilot.press(*"fix", "tab", "tab", *"2026-05-15")  # owner stays the desk
        await save(app, pilot)
        await choose(app, pilot, 2)  # compensation: small gift, value filled in from the ladder
        await save(app, pilot)
        await choose(app, pilot, 4)  # satisfaction 4
        await pilot.press("tab", "space")
        await save(app, pilot, "ctrl+right")
        await pilot.press(*"2026-05-18")
        await save(app, pilot)
        assert "Call on 2026-05-18" in text_of(app, "#step-banner")
        await choose(app, pilot, 5)  # the call: satisfaction 5
        await pilot.press("tab", *"ok")
        await save(app, pilot)
        assert "9. Follow up" in "\n".join(drawn(app, "#history"))
    rows = list(ComplaintStep.select().order_by(ComplaintStep.id))
    assert [r.step for r in rows] == [1, 2, 3, 4, 5, 6, 7, 8, 9, 9]
    assert all(r.staff_id == staff_id and not r.is_correction for r in rows)
    data = [json.loads(r.data) for r in rows]
    assert data[0] == {"description": "拉链坏了", "item": "A-102", "channel": "visit"}
    assert data[1] == {"emotion": "upset", "place": "seated"}
    assert data[2] == {"apology_given": True, "wording": "sorry"}
    assert data[3] == {"restatement_confirmed": True, "category": "quality"}
    assert data[4] == {"explanation": "batch"}
    assert data[5] == {"solution": "fix", "owner_id": staff_id, "promised_on": "2026-05-15"}
    assert data[6] == {"compensation": "small_gift", "value": 5000}
    assert data[7] == {"satisfaction": 4, "thanks_given": True, "final_wish": ""}
    assert data[8] == {"followup_on": "2026-05-18", "followup_satisfaction": None}
    assert data[9] == {"followup_on": "2026-05-18", "followup_satisfaction": 5, "note": "ok"}
    c = Complaint.get()
    assert (c.customer_id, c.status, c.step, c.category, c.compensation_value) == (
        customer_id, "closed", 9, "quality", 5000)
    assert (c.satisfaction, c.followup_satisfaction, str(c.promised_on)) == (4, 5, "2026-05-15")
    assert c.closed_at is not None
    assert sorted(f.kind for f in FollowUp.select()) == ["complaint_followup", "complaint_promise"]


async def test_leave_at_step_four_and_resume_in_a_new_app(db_path, db):
    staff_id, customer_id = desk_shop()
    cid = complaints.open_complaint(customer_id=customer_id, staff_id=staff_id, now=NOW)
    walk(cid, staff_id, 3)  # steps 1-3 by keyboard are the walk test's; here: leave and resume
    app = DeskApp(db_path, today=TODAY)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_first(app, pilot)
        assert isinstance(app.screen, ComplaintWizard) and app.screen.viewing == 4
        await pilot.press("escape")
        await settle(app, pilot)
        assert app.current_mode == "complaints" and not isinstance(app.screen, ComplaintWizard)
        assert "4 Analyse" in str(app.screen.query_one("#complaint-table").get_row_at(0)[2])
    assert Complaint.get().step == 4 and Complaint.get().draft == ""  # nothing typed, no draft
    app2 = DeskApp(db_path, today=TODAY)
    async with app2.run_test(size=(80, 24)) as pilot:
        await open_first(app2, pilot)
        wizard = app2.screen
        assert isinstance(wizard, ComplaintWizard) and wizard.viewing == 4
        assert wizard.query_one(StepIndicator).done == {1, 2, 3}
        assert "拉链坏了" in text_of(app2, "#recap") and "A-102" in text_of(app2, "#recap")
        await pilot.press("ctrl+left")
        await settle(app2, pilot)
        assert wizard.viewing == 3
        assert wizard.query_one("#f-wording").value == valid_data(3)["wording"]
        assert "Done by Mina" in text_of(app2, "#step-banner")
        await pilot.press("ctrl+s")  # unchanged: moves on, writes nothing
        await settle(app2, pilot)
        assert wizard.viewing == 4
    assert ComplaintStep.select().count() == 3 and not AuditLog.select().where(
        AuditLog.action == "step_back").exists()


async def test_empty_required_field_shows_error_at_field_and_does_not_advance(db_path, db):
    desk_shop()
    app = DeskApp(db_path, today=TODAY)
    async with app.run_test(size=(80, 24)) as pilot:
        await start_for_wang(app, pilot)
        await save(app, pilot)
        error = app.screen.query_one("#err-description", Label)
        assert str(error.render()) == "Required"
        assert app.screen.query_one("#f-description").has_class("-invalid")
        assert app.screen.focused.id == "f-description"
        assert app.screen.viewing == 1
    assert Complaint.get().step == 1 and ComplaintStep.select().count() == 0


async def test_correcting_a_step_and_second_round_by_keyboard(db_path, db):
    staff_id, customer_id = desk_shop()
    complaint_id = complaints.open_complaint(customer_id=customer_id, staff_id=staff_id, now=NOW)
    walk(complaint_id, staff_id, 3)
    app = DeskApp(db_path, today=TODAY)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_first(app, pilot)
        await pilot.press("ctrl+left", "ctrl+left")  # back to step 2 to correct it
        await settle(app, pilot)
        assert app.screen.viewing == 2
        await pilot.press("tab")
        await choose(app, pilot, 1)  # the list opens at "seated": one down is "counter"
        await save(app, pilot)
        assert app.screen.viewing == 3
    rows = list(ComplaintStep.select().where(ComplaintStep.step == 2).order_by(ComplaintStep.id))
    assert [(r.is_correction, json.loads(r.data)["place"]) for r in rows] == [
        (False, "seated"), (True, "counter")]
    assert AuditLog.get(AuditLog.action == "step_back").entity_id == complaint_id
    # unsatisfied at step 8 → ctrl+r sends it back to step 6 in round 2
    walk(complaint_id, staff_id, 7, first=4)
    complaints.complete_step(complaint_id, 8, {**valid_data(8), "satisfaction": 1,
                                               "final_wish": "refund"},
                             staff_id=staff_id, now=NOW, today=TODAY)
    app2 = DeskApp(db_path, today=TODAY)
    async with app2.run_test(size=(80, 24)) as pilot:
        await open_first(app2, pilot)
        assert "Final wish: refund" in text_of(app2, "#step-banner")
        await pilot.press("ctrl+r")
        await settle(app2, pilot)
        assert app2.screen.viewing == 6
        assert app2.screen.query_one("#f-owner_id", Select).selection == staff_id
    c = Complaint.get_by_id(complaint_id)
    assert (c.step, c.round) == (6, 2)
