"""Complaint follow-ups closed from the calendar close the loop the complaint way."""

import datetime as dt

import pytest

from deskcrm.services.complaints import workflow as complaints
from deskcrm.services.followups import FollowUpError, mark_done, next_step, outcomes_for
from deskcrm.store.models import Complaint, ComplaintStep, Contact, FollowUp
from tests.complaint_helpers import NOW, make_shop, walk

CALL_AT = dt.datetime(2026, 5, 18, 3)


@pytest.fixture
def at_step9(db):
    staff_id, customer_id = make_shop()
    cid = complaints.open_complaint(customer_id=customer_id, staff_id=staff_id, now=NOW)
    walk(cid, staff_id, 9)
    call = FollowUp.get(FollowUp.dedupe_key == f"complaint:{cid}:followup")
    promise = FollowUp.get(FollowUp.kind == "complaint_promise")
    return {"staff": staff_id, "complaint": cid, "call": call.id, "promise": promise.id}


def test_outcomes_depend_on_the_kind():
    assert outcomes_for("complaint_followup") == ("reached", "no_answer")
    assert outcomes_for("complaint_promise") == ("kept",)
    assert "left_message" in outcomes_for("birthday")


def test_call_done_asks_again_and_closes_the_complaint_with_both_ratings(at_step9):
    mark_done(at_step9["call"], outcome="reached", note="all good now", now=CALL_AT,
              staff_id=at_step9["staff"], rating=5, today=CALL_AT.date())
    c = Complaint.get_by_id(at_step9["complaint"])
    assert (c.status, c.satisfaction, c.followup_satisfaction) == ("closed", 4, 5)
    call = FollowUp.get_by_id(at_step9["call"])
    assert (call.status, call.note) == ("done", "all good now")
    # the call checks the promise too, so the promise reminder is closed as well
    assert FollowUp.get_by_id(at_step9["promise"]).status == "done"
    record = ComplaintStep.select().where(ComplaintStep.step == 9).order_by(ComplaintStep.id.desc()).get()
    assert '"followup_satisfaction": 5' in record.data
    assert Contact.select().where(Contact.followup == at_step9["call"]).count() == 1


@pytest.mark.parametrize("rating", [None, "", "0", "6", "soon"])
def test_call_done_without_a_rating_is_refused_and_writes_nothing(at_step9, rating):
    contacts = Contact.select().count()
    with pytest.raises(FollowUpError) as err:
        mark_done(at_step9["call"], outcome="reached", note="", now=CALL_AT,
                  staff_id=at_step9["staff"], rating=rating, today=CALL_AT.date())
    assert err.value.field == "rating"
    assert Complaint.get_by_id(at_step9["complaint"]).status == "open"
    assert FollowUp.get_by_id(at_step9["call"]).status == "open"
    assert Contact.select().count() == contacts


def test_unanswered_call_keeps_the_complaint_open_and_moves_the_call(at_step9):
    mark_done(at_step9["call"], outcome="no_answer", note="rang twice", now=CALL_AT,
              staff_id=at_step9["staff"], retry_on=dt.date(2026, 5, 20), today=CALL_AT.date())
    assert Complaint.get_by_id(at_step9["complaint"]).status == "open"
    call = FollowUp.get_by_id(at_step9["call"])
    assert (call.status, call.due_on, call.original_due_on) == ("open", dt.date(2026, 5, 20),
                                                               dt.date(2026, 5, 18))
    assert Contact.get(Contact.followup == call.id).outcome == "no_answer"
    # no generic "try again" follow-up on top: the complaint service moved the call itself
    assert next_step(call.id, "no_answer", CALL_AT.date()) is None


def test_unanswered_call_cannot_be_moved_into_the_past(at_step9):
    with pytest.raises(FollowUpError) as err:
        mark_done(at_step9["call"], outcome="no_answer", note="", now=CALL_AT,
                  staff_id=at_step9["staff"], retry_on=dt.date(2026, 5, 1), today=CALL_AT.date())
    assert err.value.field == "retry"
    assert FollowUp.get_by_id(at_step9["call"]).due_on == dt.date(2026, 5, 18)


def test_promise_done_means_kept(at_step9):
    mark_done(at_step9["promise"], outcome="kept", note="zip replaced", now=NOW,
              staff_id=at_step9["staff"])
    f = FollowUp.get_by_id(at_step9["promise"])
    assert (f.status, f.outcome) == ("done", "kept")
    assert Complaint.get_by_id(at_step9["complaint"]).status == "open"
    with pytest.raises(FollowUpError):
        mark_done(at_step9["call"], outcome="left_message", note="", now=CALL_AT, staff_id=None)


def test_promise_cannot_be_done_with_a_call_outcome(at_step9):
    with pytest.raises(FollowUpError):
        mark_done(at_step9["promise"], outcome="reached", note="", now=NOW, staff_id=None)
    assert FollowUp.get_by_id(at_step9["promise"]).status == "open"
