"""Complaint follow-ups closed from the calendar: the loop closes the complaint way.

A step-9 call done from F3 asks the customer's satisfaction again and closes the
complaint with both ratings kept (complaints.record_followup_call); an unanswered
call keeps it open and moves the call (record_unanswered_call). A promise marked
done is a promise kept, judged by the review against the date first promised.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from deskcrm.i18n import _
from deskcrm.services.complaints import workflow as complaints
from deskcrm.store.models import FollowUp

CALL_OUTCOMES = ("reached", "no_answer")
PROMISE_OUTCOMES = ("kept",)
# the complaint service's field keys → the calendar dialog's boxes
_FIELDS = {"followup_satisfaction": "rating", "retry_on": "retry"}


def call_done(
    f: FollowUp, *, outcome: str, rating: Any, note: str, now: dt.datetime, today: dt.date,
    staff_id: int | None, retry_on: Any = None,
) -> None:
    """Close (or, unanswered, move) a complaint_followup through the complaint service."""
    from deskcrm.services.followups.actions import FollowUpError

    if f.complaint_id is None:
        raise FollowUpError("outcome", _("This follow-up belongs to no complaint"))
    try:
        if outcome == "no_answer":
            complaints.record_unanswered_call(
                f.complaint_id, retry_on if retry_on is not None else complaints.default_retry_on(today),
                note, staff_id=staff_id, now=now, today=today)
        else:
            complaints.record_followup_call(f.complaint_id, rating, note, staff_id=staff_id, now=now)
    except complaints.StepError as exc:
        key, message = next(iter(exc.errors.items()))
        raise FollowUpError(_FIELDS.get(key, "outcome"), _(message)) from None
    except complaints.StepConflict as exc:
        raise FollowUpError("outcome", _(str(exc))) from None


def first_rating(complaint_id: int | None) -> int | None:
    """The satisfaction given when the complaint was settled (step 8), to show beside the new one."""
    if complaint_id is None:
        return None
    view = complaints.get_complaint(complaint_id)
    return view.satisfaction


def default_retry_on(today: dt.date) -> dt.date:
    return complaints.default_retry_on(today)
