import datetime as dt
import json

import pytest

from deskcrm.services.complaints import workflow as complaints
from deskcrm.services.complaints.queries import find_customers
from deskcrm.services.complaints.workflow import StepConflict, StepError
from deskcrm.store.db import open_database
from deskcrm.store.models import AuditLog, Complaint, ComplaintStep, Contact, Customer, FollowUp
from tests.complaint_helpers import NOW, TODAY, make_shop, valid_data, walk


@pytest.fixture
def shop(db):
    return make_shop()


def _open(shop) -> int:
    staff_id, customer_id = shop
    return complaints.open_complaint(customer_id=customer_id, staff_id=staff_id, now=NOW)


def test_open_starts_at_step_one_and_logs_a_contact(shop):
    cid = _open(shop)
    row = Complaint.get_by_id(cid)
    assert (row.step, row.status, row.round, row.opened_by_id) == (1, "open", 1, shop[0])
    assert Contact.get(Contact.customer == shop[1]).kind == "complaint"


def test_cannot_skip_a_required_field_and_nothing_is_written(shop):
    staff_id, _ = shop
    cid = _open(shop)
    with pytest.raises(StepError) as err:
        complaints.complete_step(cid, 1, {"description": "  ", "channel": "visit"},
                                 staff_id=staff_id, now=NOW, today=TODAY)
    assert set(err.value.errors) == {"description"}
    walk(cid, staff_id, 2)
    with pytest.raises(StepError) as err:
        complaints.complete_step(cid, 3, {"apology_given": False}, staff_id=staff_id,
                                 now=NOW, today=TODAY)
    assert "apology_given" in err.value.errors
    assert ComplaintStep.select().where(ComplaintStep.step == 3).count() == 0
    assert Complaint.get_by_id(cid).step == 3


@pytest.mark.parametrize(("step", "bad", "field"), [
    (4, {"restatement_confirmed": True, "category": "weather"}, "category"),
    (6, {"solution": "fix", "promised_on": "2026-05-01"}, "promised_on"),
    (6, {"solution": "fix", "promised_on": "15/05/2026"}, "promised_on"),
    (7, {"compensation": "small_gift", "value": "-3"}, "value"),
    (7, {"compensation": "small_gift", "value": "1.234"}, "value"),
    (7, {"compensation": "yacht", "value": "1"}, "compensation"),
    (8, {"satisfaction": "6", "thanks_given": True}, "satisfaction"),
    (8, {"satisfaction": "2", "thanks_given": True, "final_wish": ""}, "final_wish"),
    (8, {"satisfaction": "5", "thanks_given": False}, "thanks_given"),
])
def test_each_step_refuses_bad_values_at_the_field(shop, step, bad, field):
    staff_id, _ = shop
    cid = _open(shop)
    walk(cid, staff_id, step - 1)
    with pytest.raises(StepError) as err:
        complaints.complete_step(cid, step, bad, staff_id=staff_id, now=NOW, today=TODAY)
    assert field in err.value.errors
    assert Complaint.get_by_id(cid).step == step


def test_cannot_complete_a_step_out_of_order_or_twice(shop):
    staff_id, _ = shop
    cid = _open(shop)
    with pytest.raises(StepConflict):
        complaints.complete_step(cid, 2, valid_data(2), staff_id=staff_id, now=NOW, today=TODAY)
    walk(cid, staff_id, 1)
    # a second desk that still shows step 1 cannot complete it again
    with pytest.raises(StepConflict):
        complaints.complete_step(cid, 1, valid_data(1), staff_id=staff_id, now=NOW, today=TODAY)
    assert ComplaintStep.select().where(ComplaintStep.step == 1).count() == 1


def test_steps_record_staff_time_and_mirror_onto_the_complaint(shop):
    staff_id, _ = shop
    cid = _open(shop)
    view = walk(cid, staff_id, 8)
    assert view.step == 9
    rows = list(ComplaintStep.select().where(ComplaintStep.complaint == cid).order_by(ComplaintStep.step))
    assert [r.step for r in rows] == list(range(1, 9))
    assert all(r.staff_id == staff_id and r.completed_at == NOW for r in rows)
    assert json.loads(rows[6].data) == {"compensation": "small_gift", "value": 5000}
    assert json.loads(rows[5].data)["owner_id"] == staff_id
    row = Complaint.get_by_id(cid)
    assert row.description == "拉链坏了,穿了两次" and row.item == "A-102 羽绒服 M 黑"
    assert (row.category, row.compensation, row.compensation_value) == ("quality", "small_gift", 5000)
    assert row.promised_on == dt.date(2026, 5, 15) and row.satisfaction == 4


def test_resume_after_reopening_the_database(db_path, shop):
    staff_id, _ = shop
    cid = _open(shop)
    walk(cid, staff_id, 3)
    open_database(db_path).close()  # another process / a restart
    db = open_database(db_path)
    view = complaints.get_complaint(cid)
    assert view.step == 4 and view.data_for(1)["description"] == "拉链坏了,穿了两次"
    assert (view.customer_id, view.customer_name) == (shop[1], "王小明")
    assert view.is_done(3) and not view.is_done(4)
    # any staff member carries on
    other = complaints.step_context(TODAY).staff_ids[0]
    complaints.complete_step(cid, 4, valid_data(4), staff_id=other, now=NOW, today=TODAY)
    assert complaints.get_complaint(cid).step == 5
    db.close()


def test_promised_date_creates_one_followup_even_when_corrected(shop):
    staff_id, customer_id = shop
    cid = _open(shop)
    walk(cid, staff_id, 6)
    key = f"complaint:{cid}:promise:1"
    fu = FollowUp.get(FollowUp.dedupe_key == key)
    assert (fu.kind, fu.due_on, fu.customer_id, fu.complaint_id, fu.status) == (
        "complaint_promise", dt.date(2026, 5, 15), customer_id, cid, "open")
    complaints.correct_step(cid, 6, {**valid_data(6), "promised_on": "2026-05-20"},
                            staff_id=staff_id, now=NOW, today=TODAY)
    assert FollowUp.select().where(FollowUp.kind == "complaint_promise").count() == 1
    assert FollowUp.get(FollowUp.dedupe_key == key).due_on == dt.date(2026, 5, 20)
    assert Complaint.get_by_id(cid).promised_on == dt.date(2026, 5, 20)


def test_no_promise_no_followup(shop):
    staff_id, _ = shop
    cid = _open(shop)
    walk(cid, staff_id, 5)
    complaints.complete_step(cid, 6, {"solution": "repaired on the spot"}, staff_id=staff_id,
                             now=NOW, today=TODAY)
    assert not FollowUp.select().where(FollowUp.kind == "complaint_promise").exists()
    assert Complaint.get_by_id(cid).promised_on is None


def test_going_back_is_audited_and_keeps_the_original(shop):
    staff_id, _ = shop
    cid = _open(shop)
    walk(cid, staff_id, 5)
    with pytest.raises(StepConflict):  # not yet done: nothing to correct
        complaints.correct_step(cid, 6, valid_data(6), staff_id=staff_id, now=NOW, today=TODAY)
    later = NOW + dt.timedelta(minutes=5)
    view = complaints.correct_step(cid, 4, {"restatement_confirmed": True, "category": "fit"},
                                   staff_id=staff_id, now=later, today=TODAY)
    assert view.step == 6 and view.category == "fit" and view.data_for(4)["category"] == "fit"
    rows = list(ComplaintStep.select().where(ComplaintStep.step == 4).order_by(ComplaintStep.id))
    assert [(r.is_correction, json.loads(r.data)["category"]) for r in rows] == [
        (False, "quality"), (True, "fit")]
    entry = AuditLog.get(AuditLog.action == "step_back")
    detail = json.loads(entry.detail)
    assert (entry.entity, entry.entity_id, entry.staff_name) == ("complaint", cid, "Mina")
    assert detail["before"]["category"] == "quality" and detail["after"]["category"] == "fit"


def test_second_round_when_unsatisfied(shop):
    staff_id, _ = shop
    cid = _open(shop)
    walk(cid, staff_id, 7)
    with pytest.raises(StepConflict):
        complaints.start_second_round(cid, staff_id=staff_id, now=NOW)
    view = complaints.complete_step(
        cid, 8, {"satisfaction": "2", "thanks_given": True, "final_wish": "想要全额退款"},
        staff_id=staff_id, now=NOW, today=TODAY)
    assert view.unsatisfied and view.step == 9 and view.final_wish == "想要全额退款"
    view = complaints.start_second_round(cid, staff_id=staff_id, now=NOW)
    assert (view.step, view.round) == (6, 2)
    assert view.data_for(6)["solution"] == "换新拉链"  # round 1's values prefill round 2
    complaints.complete_step(cid, 6, {"solution": "全额退款", "promised_on": "2026-05-12"},
                             staff_id=staff_id, now=NOW, today=TODAY)
    assert FollowUp.get(FollowUp.dedupe_key == f"complaint:{cid}:promise:2").due_on == dt.date(2026, 5, 12)
    walk(cid, staff_id, 8, first=7)
    view = complaints.get_complaint(cid)
    assert view.satisfaction == 4 and not view.unsatisfied
    assert [r.round for r in view.history if r.step == 8] == [1, 2]
    with pytest.raises(StepConflict):  # satisfied now: no third round
        complaints.start_second_round(cid, staff_id=staff_id, now=NOW)


def test_followup_call_records_second_rating_and_closes(shop):
    staff_id, customer_id = shop
    cid = _open(shop)
    walk(cid, staff_id, 8)
    with pytest.raises(StepConflict):  # step 9 not scheduled yet
        complaints.record_followup_call(cid, 5, staff_id=staff_id, now=NOW)
    view = walk(cid, staff_id, 9, first=9)
    assert view.step == 9 and view.awaiting_call and view.status == "open"
    fu = FollowUp.get(FollowUp.dedupe_key == f"complaint:{cid}:followup")
    assert (fu.kind, fu.due_on, fu.status) == ("complaint_followup", dt.date(2026, 5, 18), "open")
    with pytest.raises(StepConflict):
        complaints.complete_step(cid, 9, valid_data(9), staff_id=staff_id, now=NOW, today=TODAY)
    with pytest.raises(StepError):
        complaints.record_followup_call(cid, "9", staff_id=staff_id, now=NOW)
    call_at = dt.datetime(2026, 5, 18, 3)
    view = complaints.record_followup_call(cid, "5", "all good now", staff_id=staff_id, now=call_at)
    assert view.is_closed and view.closed_at == call_at
    assert (view.satisfaction, view.followup_satisfaction) == (4, 5)
    assert FollowUp.select().where((FollowUp.complaint == cid) & (FollowUp.status == "open")).count() == 0
    assert FollowUp.get_by_id(fu.id).done_by_id == staff_id
    last = view.history[-1]
    assert (last.step, last.data["followup_satisfaction"], last.data["followup_on"]) == (9, 5, "2026-05-18")
    assert Customer.get_by_id(customer_id).last_contact_at == call_at
    with pytest.raises(StepConflict):
        complaints.correct_step(cid, 1, valid_data(1), staff_id=staff_id, now=NOW, today=TODAY)


def test_walk_in_is_filed_as_a_searchable_customer(shop):
    staff_id, _ = shop
    with pytest.raises(StepError) as err:
        complaints.open_complaint(walk_in_name="", walk_in_phone="12", staff_id=staff_id, now=NOW)
    assert set(err.value.errors) == {"name", "phone"}
    assert Customer.select().count() == 1
    cid = complaints.open_complaint(walk_in_name="김민수", walk_in_phone="010-1234-5678",
                                    staff_id=staff_id, now=NOW)
    customer = Customer.get_by_id(Complaint.get_by_id(cid).customer_id)
    assert (customer.source, customer.created_by_id, customer.phone_digits) == (
        "walk-in", staff_id, "01012345678")
    assert [h.id for h in find_customers("ㄱㅁㅅ")] == [customer.id]
    assert [h.id for h in find_customers("5678")] == [customer.id]
    assert customer.id in [h.id for h in find_customers("민수")]
    assert [h.name for h in find_customers("wxm")] == ["王小明"]
