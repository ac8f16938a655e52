import datetime as dt

import pytest

from deskcrm.services.complaints import workflow as complaints
from deskcrm.services.complaints.workflow import StepConflict, StepError
from deskcrm.store.db import open_database
from deskcrm.store.models import AuditLog, Complaint, ComplaintStep, Contact, FollowUp, Staff
from tests.complaint_helpers import NOW, TODAY, make_shop, valid_data, walk


@pytest.fixture
def opened(db) -> tuple[int, int, int]:
    """(staff, customer, complaint): a complaint just opened at step 1."""
    staff_id, customer_id = make_shop()
    return staff_id, customer_id, complaints.open_complaint(customer_id=customer_id,
                                                            staff_id=staff_id, now=NOW)


# --- drafts --------------------------------------------------------------------


def test_draft_is_kept_without_completing_the_step_and_survives_a_restart(db_path, opened):
    staff_id, _, cid = opened
    walk(cid, staff_id, 1)
    assert complaints.save_draft(cid, 2, {"emotion": "angry", "place": None},
                                 staff_id=staff_id, now=NOW)
    open_database(db_path).close()  # a restart
    db = open_database(db_path)
    view = complaints.get_complaint(cid)
    assert view.step == 2 and not view.is_done(2)
    assert ComplaintStep.select().where(ComplaintStep.step == 2).count() == 0
    draft = view.draft
    assert draft is not None and draft.applies_to(2, 1, False) and not draft.applies_to(2, 1, True)
    assert draft.data == {"emotion": "angry", "place": None}
    assert (draft.staff_name, draft.saved_at) == ("Mina", NOW)
    # another clerk carries on: the draft is theirs too, and completing the step drops it
    other = Staff.create(name="Jun").id
    complaints.complete_step(cid, 2, {**draft.data, "place": "counter"}, staff_id=other,
                             now=NOW, today=TODAY)
    assert complaints.get_complaint(cid).draft is None and Complaint.get_by_id(cid).draft == ""
    db.close()


def test_draft_of_another_step_survives_completing_this_one(opened):
    staff_id, _, cid = opened
    walk(cid, staff_id, 3)
    complaints.save_draft(cid, 1, {"description": "half a correction"}, staff_id=staff_id, now=NOW)
    complaints.complete_step(cid, 4, valid_data(4), staff_id=staff_id, now=NOW, today=TODAY)
    assert complaints.get_complaint(cid).draft.data == {"description": "half a correction"}
    complaints.correct_step(cid, 1, valid_data(1), staff_id=staff_id, now=NOW, today=TODAY)
    assert complaints.get_complaint(cid).draft is None


def test_closed_complaint_keeps_no_draft_and_a_broken_one_reads_as_none(opened):
    staff_id, _, cid = opened
    walk(cid, staff_id, 9)
    complaints.save_draft(cid, 9, {"followup_satisfaction": 4}, call=True, staff_id=staff_id,
                          now=NOW)
    complaints.record_followup_call(cid, 5, staff_id=staff_id, now=NOW)
    assert Complaint.get_by_id(cid).draft == ""
    assert not complaints.save_draft(cid, 9, {"note": "late"}, staff_id=staff_id, now=NOW)
    assert Complaint.get_by_id(cid).draft == ""
    Complaint.update(draft="{not json").where(Complaint.id == cid).execute()
    assert complaints.get_complaint(cid).draft is None


# --- the follow-up call nobody answered ----------------------------------------------


def test_unanswered_call_logs_contact_moves_the_followup_and_stays_open(opened):
    staff_id, customer_id, cid = opened
    walk(cid, staff_id, 9)
    assert complaints.default_retry_on(TODAY) == dt.date(2026, 5, 13)
    call_at = dt.datetime(2026, 5, 18, 3)
    view = complaints.record_unanswered_call(cid, "2026-05-20", " rang twice ", staff_id=staff_id,
                                             now=call_at, today=dt.date(2026, 5, 18))
    assert (view.status, view.step, view.awaiting_call, view.followup_satisfaction) == (
        "open", 9, True, None)
    assert view.data_for(9) == {"followup_on": "2026-05-20", "followup_satisfaction": None,
                                "outcome": "no_answer", "note": "rang twice"}
    fu = FollowUp.get(FollowUp.dedupe_key == f"complaint:{cid}:followup")
    assert (fu.due_on, fu.original_due_on, fu.status) == (
        dt.date(2026, 5, 20), dt.date(2026, 5, 18), "open")
    contact = Contact.select().where(Contact.outcome == "no_answer").get()
    assert (contact.customer_id, contact.channel, contact.followup_id, contact.at) == (
        customer_id, "call", fu.id, call_at)
    assert AuditLog.get(AuditLog.action == "no_answer").entity_id == cid
    # a second miss keeps the first original date; then the call gets through and closes
    complaints.record_unanswered_call(cid, dt.date(2026, 5, 22), staff_id=staff_id, now=call_at,
                                      today=dt.date(2026, 5, 20))
    fu = FollowUp.get_by_id(fu.id)
    assert (fu.due_on, fu.original_due_on) == (dt.date(2026, 5, 22), dt.date(2026, 5, 18))
    view = complaints.record_followup_call(cid, 4, staff_id=staff_id, now=call_at)
    assert view.is_closed and view.history[-1].data["followup_on"] == "2026-05-22"
    assert FollowUp.get_by_id(fu.id).status == "done"


@pytest.mark.parametrize(("retry", "message"), [
    ("2026-05-10", "The date cannot be in the past"),
    ("next week", "Use a date like 2026-05-31"),
    ("", "Use a date like 2026-05-31"),
    (None, "Use a date like 2026-05-31"),
])
def test_unanswered_call_refuses_a_bad_date_and_writes_nothing(opened, retry, message):
    staff_id, _, cid = opened
    walk(cid, staff_id, 9)
    before = (ComplaintStep.select().count(), Contact.select().count())
    with pytest.raises(StepError) as err:
        complaints.record_unanswered_call(cid, retry, staff_id=staff_id, now=NOW, today=TODAY)
    assert err.value.errors == {"retry_on": message}
    assert (ComplaintStep.select().count(), Contact.select().count()) == before
    assert FollowUp.get(FollowUp.kind == "complaint_followup").due_on == dt.date(2026, 5, 18)


def test_unanswered_call_needs_a_scheduled_call(opened):
    staff_id, _, cid = opened
    walk(cid, staff_id, 8)
    with pytest.raises(StepConflict):
        complaints.record_unanswered_call(cid, "2026-05-20", staff_id=staff_id, now=NOW,
                                          today=TODAY)
    assert not Contact.select().where(Contact.outcome == "no_answer").exists()
    last = ComplaintStep.select().order_by(ComplaintStep.id.desc()).get()
    assert last.step == 8 and Complaint.get_by_id(cid).step == 9
