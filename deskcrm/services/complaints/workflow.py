"""The nine-step complaint workflow: open, complete, correct, second round, follow-up call.

Every step is written the moment it is completed (one ComplaintStep row with who
and when), so a complaint can be left at any step and resumed by anyone. A write
is one transaction; on SQLite `atomic()` begins IMMEDIATE (see store.db), and the
step advance is a conditional UPDATE (`WHERE step = expected`), so two desks can
never both complete the same step, on PostgreSQL too.

Step definitions and validation: `complaint_steps`; categories, Q&A and the
compensation ladder: `complaint_defaults`. Queries for screens: `complaint_queries`.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from typing import Any

from peewee import JOIN

from deskcrm.services import audit, contacts, settings
from deskcrm.services.complaints import defaults as complaint_defaults
from deskcrm.services.complaints.defaults import ensure_defaults
from deskcrm.services.complaints.drafts import Draft, clear_draft_for, parse_draft, save_draft
from deskcrm.services.complaints.steps import (
    COMPLAINT_FIELDS_MIRRORED,
    StepContext,
    parse_date,
    step_def,
    validate,
    validate_rating,
)
from deskcrm.services.derived import refresh
from deskcrm.services.validation import plain_text
from deskcrm.store.models import (
    CHANNELS,
    COMPLAINT_STEPS,
    Complaint,
    ComplaintStep,
    Customer,
    FollowUp,
    Staff,
    database,
)
from deskcrm.store.search_keys import clean_name, validate_phone

__all__ = [
    "ComplaintView", "StepError", "StepConflict", "StepRecord", "complete_step", "correct_step",
    "default_retry_on", "ensure_defaults", "file_walk_in", "get_complaint", "open_complaint",
    "record_followup_call", "record_unanswered_call", "save_draft", "start_second_round",
    "step_context",
]

UNSATISFIED_KEY = "complaints.unsatisfied_max"  # a rating at or below this is "not satisfied"
RETRY_DAYS = 2  # an unanswered follow-up call is tried again this many days later by default


class StepError(ValueError):
    """Input refused; `errors` maps field keys to English messages. Nothing was written."""

    def __init__(self, errors: dict[str, str]) -> None:
        super().__init__("; ".join(f"{k}: {v}" for k, v in errors.items()))
        self.errors = errors


class StepConflict(RuntimeError):
    """The complaint is not at the step the caller thought (out of order, or another desk)."""


@dataclass(frozen=True)
class StepRecord:
    step: int
    round: int
    data: dict[str, Any]
    staff_id: int | None
    staff_name: str
    completed_at: dt.datetime
    is_correction: bool


@dataclass(frozen=True)
class ComplaintView:
    id: int
    customer_id: int
    customer_name: str
    status: str
    step: int
    round: int
    channel: str
    item: str
    description: str
    category: str
    promised_on: dt.date | None
    compensation: str
    compensation_value: int
    satisfaction: int | None
    followup_satisfaction: int | None
    final_wish: str
    opened_at: dt.datetime
    opened_by: str
    closed_at: dt.datetime | None
    history: tuple[StepRecord, ...]
    unsatisfied_max: int
    draft: Draft | None = None  # the form left half-filled, restored on resume

    @property
    def is_closed(self) -> bool:
        return self.status == "closed"

    def data_for(self, step: int) -> dict[str, Any]:
        """The latest saved values of a step (any round), for prefilling and resuming."""
        for record in reversed(self.history):
            if record.step == step:
                return dict(record.data)
        return {}

    def is_done(self, step: int) -> bool:
        return self.is_closed or step < self.step or (step == 9 and self.awaiting_call)

    @property
    def awaiting_call(self) -> bool:
        """Step 9 scheduled in this round and the call not yet made."""
        return self.status == "open" and any(
            r.step == 9 and r.round == self.round for r in self.history
        )

    @property
    def unsatisfied(self) -> bool:
        return self.satisfaction is not None and self.satisfaction <= self.unsatisfied_max


def step_context(today: dt.date) -> StepContext:
    return StepContext(
        today=today,
        categories=tuple(c.code for c in complaint_defaults.categories()),
        compensations=tuple(i.code for i in complaint_defaults.ladder()),
        staff_ids=tuple(s.id for s in Staff.select(Staff.id).where(Staff.active == True)),  # noqa: E712
        currency=settings.get("shop.currency") or "CNY",
        unsatisfied_max=int(settings.get(UNSATISFIED_KEY) or 2),
    )


def _staff_name(staff_id: int | None) -> str:
    row = Staff.get_or_none(Staff.id == staff_id) if staff_id else None
    return row.name if row else ""


# --- opening --------------------------------------------------------------------


def file_walk_in(name: str, phone: str, *, staff_id: int | None, now: dt.datetime) -> int:
    """File a walk-in who is not yet a customer with name and phone; return the id.

    Kept apart so it can hand over to the customers service once that exists.
    """
    errors = {}
    name = clean_name(plain_text(name or ""))
    if not name:
        errors["name"] = "A name is needed"
    phone_error = validate_phone(phone or "")
    if phone_error:
        errors["phone"] = phone_error
    if errors:
        raise StepError(errors)
    customer = Customer(name=name, phone=plain_text(phone), source="walk-in", created_by=staff_id,
                        created_at=now, updated_at=now)
    refresh(customer, tags=[])
    customer.save()
    return customer.id


def open_complaint(
    *,
    customer_id: int | None = None,
    walk_in_name: str = "",
    walk_in_phone: str = "",
    channel: str = "visit",
    staff_id: int | None,
    now: dt.datetime,
) -> int:
    """Open a complaint at step 1 for a customer, or for a walk-in filed on the spot."""
    if channel not in CHANNELS:
        raise StepError({"channel": "Pick one of the list"})
    with database.atomic():
        if customer_id is None:
            customer_id = file_walk_in(walk_in_name, walk_in_phone, staff_id=staff_id, now=now)
        elif not Customer.select().where(Customer.id == customer_id).exists():
            raise StepError({"customer": "No such customer"})
        row = Complaint.create(customer=customer_id, opened_at=now, opened_by=staff_id,
                               channel=channel, updated_at=now)
        audit.record("create", "complaint", row.id, _staff_name(staff_id), customer_id=customer_id)
        # a complaint is a contact too: it resets the neglect clock
        contacts.log_contact(customer_id, at=now, channel=channel, kind="complaint",
                             note="complaint opened", staff_id=staff_id)
    return row.id


# --- completing and correcting --------------------------------------------------


def _write_step(complaint: Complaint, step: int, clean: dict[str, Any], staff_id: int | None,
                now: dt.datetime, is_correction: bool) -> None:
    ComplaintStep.create(complaint=complaint.id, step=step, round=complaint.round,
                         data=json.dumps(clean, ensure_ascii=False), staff=staff_id,
                         completed_at=now, is_correction=is_correction)
    changes: dict[str, Any] = {"updated_at": now, **clear_draft_for(complaint, step)}
    for key, column in COMPLAINT_FIELDS_MIRRORED.get(step, {}).items():
        value = clean.get(key)
        if column == "promised_on":
            value = dt.date.fromisoformat(value) if value else None
        changes[column] = value if value is not None or column in ("promised_on", "satisfaction") else ""
    Complaint.update(changes).where(Complaint.id == complaint.id).execute()
    for column, value in changes.items():
        setattr(complaint, column, value)
    if step == 6:
        _promise_followup(complaint, clean, staff_id)
    elif step == 9:
        _call_followup(complaint, clean, staff_id)


def _upsert_followup(key: str, complaint: Complaint, kind: str, due_on: dt.date,
                     reason: str, assigned_to: int | None, staff_id: int | None) -> None:
    existing = FollowUp.get_or_none(FollowUp.dedupe_key == key)
    if existing is None:
        FollowUp.create(customer=complaint.customer_id, kind=kind, source_rule=kind, due_on=due_on,
                        reason=reason, assigned_to=assigned_to, created_by=staff_id,
                        dedupe_key=key, complaint=complaint.id)
    else:
        existing.due_on, existing.reason, existing.status = due_on, reason, "open"
        existing.assigned_to = assigned_to
        existing.save()


def _promise_followup(complaint: Complaint, clean: dict[str, Any], staff_id: int | None) -> None:
    key = f"complaint:{complaint.id}:promise:{complaint.round}"
    if not clean.get("promised_on"):
        # a corrected step 6 that no longer promises a date withdraws the reminder
        FollowUp.update(status="skipped", note="promise_withdrawn").where(  # reasons.NOTES
            (FollowUp.dedupe_key == key) & (FollowUp.status == "open")).execute()
        return
    _upsert_followup(key, complaint, "complaint_promise", dt.date.fromisoformat(clean["promised_on"]),
                     clean.get("solution", ""), clean.get("owner_id") or staff_id, staff_id)


def _call_followup(complaint: Complaint, clean: dict[str, Any], staff_id: int | None) -> None:
    _upsert_followup(f"complaint:{complaint.id}:followup", complaint, "complaint_followup",
                     dt.date.fromisoformat(clean["followup_on"]), complaint.description[:200],
                     staff_id, staff_id)


def _open_row(complaint_id: int) -> Complaint:
    complaint = Complaint.get_by_id(complaint_id)
    if complaint.status != "open":
        raise StepConflict("This complaint is closed")
    return complaint


def _checked(step: int, data: dict[str, Any], staff_id: int | None,
             today: dt.date) -> dict[str, Any]:
    step_def(step)
    clean, errors = validate(step, data, step_context(today))
    if errors:
        raise StepError(errors)
    if step == 6 and clean.get("owner_id") is None:
        clean["owner_id"] = staff_id
    if step == 9:
        clean["followup_satisfaction"] = None
    return clean


def complete_step(complaint_id: int, step: int, data: dict[str, Any], *, staff_id: int | None,
                  now: dt.datetime, today: dt.date) -> ComplaintView:
    """Complete the step the complaint is at and move on; refuse bad input or the wrong step."""
    clean = _checked(step, data, staff_id, today)
    with database.atomic():
        complaint = _open_row(complaint_id)
        if step != complaint.step:
            raise StepConflict(f"The complaint is at step {complaint.step}, not step {step}")
        if step == 9 and _scheduled(complaint):
            raise StepConflict("The follow-up call is already scheduled; record the call")
        following = min(step + 1, COMPLAINT_STEPS)
        moved = Complaint.update(step=following).where(
            (Complaint.id == complaint_id) & (Complaint.step == step)
            & (Complaint.status == "open")).execute()
        if moved != 1:  # another desk got there first between our read and write
            raise StepConflict(f"Step {step} was just completed at another desk")
        _write_step(complaint, step, clean, staff_id, now, is_correction=False)
    return get_complaint(complaint_id)


def correct_step(complaint_id: int, step: int, data: dict[str, Any], *, staff_id: int | None,
                 now: dt.datetime, today: dt.date) -> ComplaintView:
    """Correct an earlier step: a new row marked as a correction, and an audit entry."""
    clean = _checked(step, data, staff_id, today)
    with database.atomic():
        complaint = _open_row(complaint_id)
        done = step < complaint.step or (step == 9 and _scheduled(complaint))
        if not done:
            raise StepConflict(f"Step {step} has not been completed yet")
        before = get_complaint(complaint_id).data_for(step)
        audit.record("step_back", "complaint", complaint_id, _staff_name(staff_id),
                     step=step, at_step=complaint.step, round=complaint.round,
                     before=before, after=clean)
        _write_step(complaint, step, clean, staff_id, now, is_correction=True)
    return get_complaint(complaint_id)


def _scheduled(complaint: Complaint) -> bool:
    return ComplaintStep.select().where(
        (ComplaintStep.complaint == complaint.id) & (ComplaintStep.step == 9)
        & (ComplaintStep.round == complaint.round)).exists()


def is_unchanged(view: ComplaintView, step: int, data: dict[str, Any]) -> bool:
    """Whether a done step's form still holds what was saved (moving on then writes nothing)."""
    ctx = step_context(dt.date.min)  # a promise made earlier may lie in the past by now
    clean, errors = validate(step, data, ctx)
    if errors:
        return False
    saved = view.data_for(step)
    if step == 6 and clean.get("owner_id") is None:
        clean["owner_id"] = saved.get("owner_id")
    return all(saved.get(key) == value for key, value in clean.items())


def start_second_round(complaint_id: int, *, staff_id: int | None, now: dt.datetime) -> ComplaintView:
    """Not satisfied at step 8: resolve again (back to step 6 in a new round)."""
    with database.atomic():
        complaint = Complaint.get_by_id(complaint_id)
        limit = int(settings.get(UNSATISFIED_KEY) or 2)
        if complaint.status != "open" or complaint.step != 9:
            raise StepConflict("A second round starts after step 8")
        if complaint.satisfaction is None or complaint.satisfaction > limit:
            raise StepConflict("The customer was satisfied; no second round is needed")
        moved = Complaint.update(step=6, round=complaint.round + 1, updated_at=now).where(
            (Complaint.id == complaint_id) & (Complaint.round == complaint.round)
            & (Complaint.step == 9)).execute()
        if moved != 1:
            raise StepConflict("Another desk changed this complaint")
        audit.record("second_round", "complaint", complaint_id, _staff_name(staff_id),
                     round=complaint.round + 1, satisfaction=complaint.satisfaction,
                     final_wish=complaint.final_wish)
    return get_complaint(complaint_id)


def record_followup_call(complaint_id: int, satisfaction: Any, note: str = "", *,
                         staff_id: int | None, now: dt.datetime) -> ComplaintView:
    """The step-9 call: ask satisfaction again (both ratings kept) and close the complaint."""
    rating, error = validate_rating(satisfaction)
    if error:
        raise StepError({"followup_satisfaction": error})
    with database.atomic():
        complaint = Complaint.get_by_id(complaint_id)
        if complaint.status != "open" or complaint.step != 9 or not _scheduled(complaint):
            raise StepConflict("Schedule the follow-up call (step 9) first")
        closed = Complaint.update(status="closed", closed_at=now, followup_satisfaction=rating,
                                  draft="", updated_at=now).where(
            (Complaint.id == complaint_id) & (Complaint.status == "open")).execute()
        if closed != 1:
            raise StepConflict("This complaint was just closed at another desk")
        scheduled = get_complaint(complaint_id).data_for(9).get("followup_on")
        data = {"followup_on": scheduled, "followup_satisfaction": rating, "note": note.strip()}
        ComplaintStep.create(complaint=complaint_id, step=9, round=complaint.round,
                             data=json.dumps(data, ensure_ascii=False), staff=staff_id,
                             completed_at=now)
        call = FollowUp.get_or_none(FollowUp.dedupe_key == f"complaint:{complaint_id}:followup")
        # the call checks the promise was kept, so it closes the promise reminders as well
        FollowUp.update(status="done", done_by=staff_id, done_at=now, outcome="reached",
                        note=note.strip()).where(
            (FollowUp.complaint == complaint_id) & (FollowUp.status == "open")).execute()
        contacts.log_contact(complaint.customer_id, at=now, channel="call", kind="complaint",
                             outcome="reached", note=note.strip(), staff_id=staff_id,
                             followup_id=call.id if call else None)
        audit.record("close", "complaint", complaint_id, _staff_name(staff_id),
                     satisfaction=complaint.satisfaction, followup_satisfaction=rating)
    return get_complaint(complaint_id)


def default_retry_on(today: dt.date) -> dt.date:
    return today + dt.timedelta(days=RETRY_DAYS)


def record_unanswered_call(complaint_id: int, retry_on: Any, note: str = "", *,
                           staff_id: int | None, now: dt.datetime, today: dt.date) -> ComplaintView:
    """The step-9 call went unanswered: log it, keep the complaint open, call again on `retry_on`.

    The attempt is kept as a step-9 record (outcome no_answer) so the history shows
    every try; the calendar's complaint_followup moves to the new day like a snooze.
    """
    try:
        retry = parse_date(retry_on)
    except (TypeError, ValueError):
        raise StepError({"retry_on": "Use a date like 2026-05-31"}) from None
    if retry < today:
        raise StepError({"retry_on": "The date cannot be in the past"})
    with database.atomic():
        complaint = Complaint.get_by_id(complaint_id)
        if complaint.status != "open" or complaint.step != 9 or not _scheduled(complaint):
            raise StepConflict("Schedule the follow-up call (step 9) first")
        call = FollowUp.get_or_none(FollowUp.dedupe_key == f"complaint:{complaint_id}:followup")
        if call is not None:
            call.original_due_on = call.original_due_on or call.due_on
            call.due_on, call.status, call.outcome = retry, "open", "no_answer"
            call.save()
        data = {"followup_on": retry.isoformat(), "followup_satisfaction": None,
                "outcome": "no_answer", "note": note.strip()}
        ComplaintStep.create(complaint=complaint_id, step=9, round=complaint.round,
                             data=json.dumps(data, ensure_ascii=False), staff=staff_id,
                             completed_at=now)
        Complaint.update(updated_at=now, **clear_draft_for(complaint, 9)).where(
            Complaint.id == complaint_id).execute()
        contacts.log_contact(complaint.customer_id, at=now, channel="call", kind="complaint",
                             outcome="no_answer", note=note.strip(), staff_id=staff_id,
                             followup_id=call.id if call else None)
        audit.record("no_answer", "complaint", complaint_id, _staff_name(staff_id),
                     retry_on=retry.isoformat())
    return get_complaint(complaint_id)


# --- reading one ------------------------------------------------------------------


def get_complaint(complaint_id: int) -> ComplaintView:
    c = (Complaint.select(Complaint, Customer.name.alias("customer_name"))
         .join(Customer).where(Complaint.id == complaint_id).objects().get())
    history = tuple(
        StepRecord(r.step, r.round, json.loads(r.data), r.staff_id, r.staff.name if r.staff else "",
                   r.completed_at, r.is_correction)
        for r in (ComplaintStep.select(ComplaintStep, Staff)
                  .join(Staff, join_type=JOIN.LEFT_OUTER, on=(ComplaintStep.staff == Staff.id))
                  .where(ComplaintStep.complaint == complaint_id)
                  .order_by(ComplaintStep.completed_at, ComplaintStep.id))
    )
    return ComplaintView(
        c.id, c.customer_id, c.customer_name, c.status, c.step, c.round, c.channel, c.item,
        c.description, c.category, c.promised_on, c.compensation, c.compensation_value,
        c.satisfaction, c.followup_satisfaction, c.final_wish, c.opened_at,
        _staff_name(c.opened_by_id), c.closed_at, history,
        int(settings.get(UNSATISFIED_KEY) or 2), parse_draft(c.draft),
    )
