"""What staff do with a follow-up: done (with the contact log), snooze, skip, add by hand."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from peewee import Case, fn

from deskcrm.i18n import _
from deskcrm.services import audit
from deskcrm.services.contacts import log_contact
from deskcrm.services.followups import complaint_calls, reasons
from deskcrm.services.followups.common import COMPLAINT_KINDS, MARKETING_KINDS
from deskcrm.services.followups.config import load_config
from deskcrm.services.followups.reasons import Reason
from deskcrm.store.dialect import literal, locked
from deskcrm.store.models import CHANNELS, Customer, FollowUp, database

OUTCOMES = ("reached", "left_message", "no_answer", "declined", "visited", "sent")
# what kind of contact each follow-up is, for the contact log and the review
CONTACT_KIND = {
    "birthday": "greeting", "date": "greeting", "festival": "greeting", "season": "care",
    "post_purchase": "callback", "referral_thanks": "care", "referral_welcome": "callback",
    "milestone": "care", "top_tier_visit": "care", "neglect": "care", "repurchase": "care",
    "vip_event": "care", "broadcast": "care", "complaint_promise": "complaint",
    "complaint_followup": "complaint", "manual": "other",
}


def outcomes_for(kind: str) -> tuple[str, ...]:
    """A complaint call is answered or not; a complaint promise done is a promise kept."""
    if kind == "complaint_followup":
        return complaint_calls.CALL_OUTCOMES
    if kind == "complaint_promise":
        return complaint_calls.PROMISE_OUTCOMES
    return OUTCOMES


class FollowUpError(ValueError):
    """Bad input; `field` names the box the message belongs under."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field


@dataclass(frozen=True)
class NextStep:
    """The natural next call a finished follow-up suggests; the screen offers it, staff decide."""

    kind: str
    due_on: dt.date
    why: Reason
    key_suffix: str = "next"  # appended to the finished one's dedupe key: offered once

    @property
    def reason(self) -> str:
        """In the viewer's language, for the screen that offers it."""
        return self.why.text()


def next_step(followup_id: int, outcome: str, today: dt.date) -> NextStep | None:
    f = FollowUp.get_by_id(followup_id)
    if f.kind in COMPLAINT_KINDS:
        return None  # the complaint service moves or closes its own calls
    cfg = load_config()
    if outcome == "no_answer":
        return NextStep(f.kind, cfg.closed.next_open(today + dt.timedelta(days=1)),
                        Reason("retry", {"code": f.reason_code, "params": reasons.load(f.reason_params), "text": f.reason}),
                        "retry")
    if f.kind == "post_purchase" and not (f.dedupe_key or "").endswith(":satisfaction"):
        base = f.purchase.purchased_on if f.purchase else today
        due = max(base + dt.timedelta(days=cfg.satisfaction_days), today + dt.timedelta(days=1))
        return NextStep("post_purchase", cfg.closed.next_open(due),
                        Reason("satisfaction_call", {"days": cfg.satisfaction_days}), "satisfaction")
    if f.kind == "referral_welcome":
        return NextStep("manual", cfg.closed.next_open(today + dt.timedelta(days=30)),
                        Reason("one_month_on"))
    return None


def _channel(channel: str) -> str:
    if channel not in CHANNELS:
        raise FollowUpError("channel", _("Unknown channel"))
    return channel


def mark_done(
    followup_id: int, *, outcome: str, note: str, now: dt.datetime, staff_id: int | None,
    channel: str = "call", next_due: NextStep | None = None, rating: Any = None,
    retry_on: dt.date | None = None, today: dt.date | None = None,
) -> int | None:
    """Done = outcome recorded, contact logged (which resets neglect), next step scheduled if asked.

    A complaint_followup goes through the complaint service instead: `rating` is the
    customer's satisfaction now (1-5) and closes the complaint; outcome no_answer
    keeps it open and moves the call to `retry_on`. Returns the id of the next
    follow-up, if one was scheduled.
    """
    _channel(channel)
    with database.atomic():
        # locked: two terminals pressing done on one follow-up log one contact, not two
        f = locked(FollowUp.select().where(FollowUp.id == followup_id)).get()
        if f.status != "open":
            raise FollowUpError("outcome", _("This follow-up is already closed"))
        if outcome not in outcomes_for(f.kind):
            raise FollowUpError("outcome", _("Choose an outcome"))
        if f.kind == "complaint_followup":
            complaint_calls.call_done(f, outcome=outcome, rating=rating, note=note, now=now,
                                      today=today or now.date(), staff_id=staff_id, retry_on=retry_on)
            return None
        f.status, f.outcome, f.note = "done", outcome, note.strip()
        f.done_at, f.done_by = now, staff_id
        f.save()
        # no note typed: the contact log shows the follow-up's reason, in the reader's language
        log_contact(f.customer_id, at=now, channel=channel, kind=CONTACT_KIND.get(f.kind, "other"),
                    outcome=outcome, note=note.strip(), staff_id=staff_id, followup_id=f.id)
        next_id = None
        if next_due is not None:
            key = f"{f.dedupe_key}:{next_due.key_suffix}" if f.dedupe_key else None
            if key is None or not FollowUp.select().where(FollowUp.dedupe_key == key).exists():
                next_id = FollowUp.create(
                    customer=f.customer_id, kind=next_due.kind, due_on=next_due.due_on,
                    **next_due.why.columns(), source_rule=next_due.kind, dedupe_key=key,
                    is_marketing=next_due.kind in MARKETING_KINDS, purchase=f.purchase_id,
                    complaint=f.complaint_id, created_at=now, created_by=staff_id,
                ).id
        audit.record("done", "followup", f.id, _staff_name(staff_id), outcome=outcome)
    return next_id or None


def _staff_name(staff_id: int | None) -> str:
    from deskcrm.services.staff import get_staff

    info = get_staff(staff_id) if staff_id else None
    return info.name if info else ""


def _reason(reason: str) -> str:
    reason = reason.strip()
    if not reason:
        raise FollowUpError("reason", _("A reason is needed"))
    return reason


def snooze(followup_id: int, to: dt.date, reason: str, today: dt.date, staff_id: int | None) -> None:
    reason = _reason(reason)
    if to <= today:
        raise FollowUpError("date", _("Snooze to a day after today"))
    with database.atomic():
        # one UPDATE on the open row, not read-then-save: a snooze never reopens what another
        # terminal just closed, and the first date promised is kept however often it moves
        _still_open(FollowUp.update(
            original_due_on=fn.COALESCE(FollowUp.original_due_on, FollowUp.due_on),
            due_on=to, snooze_reason=reason,
            visible_from=Case(None, [(FollowUp.visible_from > to, literal(to))], FollowUp.visible_from),
        ), followup_id)
        audit.record("snooze", "followup", followup_id, _staff_name(staff_id), to=to, reason=reason)


def skip(followup_id: int, reason: str, now: dt.datetime, staff_id: int | None) -> None:
    reason = _reason(reason)
    with database.atomic():
        # as snooze: two terminals skipping (or one skipping what another marked done) close it once
        _still_open(FollowUp.update(status="skipped", note=reason, done_at=now, done_by=staff_id),
                    followup_id)
        audit.record("skip", "followup", followup_id, _staff_name(staff_id), reason=reason)


def _still_open(update, followup_id: int) -> None:
    """Run the UPDATE on the follow-up if it is still open; say so when it is not."""
    if not update.where((FollowUp.id == followup_id) & (FollowUp.status == "open")).execute():
        raise FollowUpError("reason", _("This follow-up is already closed"))


def add_manual(
    customer_id: int, due: dt.date, reason: str, now: dt.datetime, staff_id: int | None,
    message: str = "",
) -> int:
    reason = _reason(reason)
    if not Customer.select().where(Customer.id == customer_id).exists():
        raise FollowUpError("customer", _("Choose a customer"))
    with database.atomic():
        f = FollowUp.create(customer=customer_id, kind="manual", due_on=due, reason=reason,
                            message=message, source_rule="manual", created_at=now,
                            created_by=staff_id, assigned_to=staff_id)
        audit.record("create", "followup", f.id, _staff_name(staff_id), reason=reason)
    return f.id
