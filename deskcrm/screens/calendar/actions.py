"""The calendar's write paths: open a dialog, then do the write in a thread worker.

Kept apart from calendar.py so the screen module stays about showing things.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from deskcrm.i18n import N_, _
from deskcrm.messages import ComplaintsChanged
from deskcrm.screens.calendar.broadcast import BroadcastInput, BroadcastModal
from deskcrm.screens.calendar.followup_modals import (
    AddModal,
    DoneInput,
    DoneModal,
    ReasonInput,
    ReasonModal,
)
from deskcrm.screens.guard import require_manager
from deskcrm.services import followups
from deskcrm.services.agenda import AgendaItem
from deskcrm.services.followups import broadcast, complaint_calls
from deskcrm.workers import run_in_store

if TYPE_CHECKING:
    import datetime as dt

    from deskcrm.screens.calendar.screen import CalendarScreen


def _in_thread(screen: CalendarScreen, write: Callable[[], str], customer_id: int | None = None) -> None:
    """Run `write` (returns the message to show) in a worker; a refused input is shown, nothing written."""

    def work() -> None:
        try:
            message = write()
        except followups.FollowUpError as exc:
            screen.app.call_from_thread(screen.notify, str(exc), severity="error")
            return
        screen.app.call_from_thread(screen.written, message, customer_id)

    run_in_store(screen, work, group="calendar-write", description=N_("Saving the follow-up"))


def offer_done(screen: CalendarScreen, item: AgendaItem) -> None:
    today = screen.app.today()

    def steps() -> None:
        offered = {o: followups.next_step(item.id, o, today) for o in followups.outcomes_for(item.kind)}
        first = complaint_calls.first_rating(item.complaint_id) if item.kind == "complaint_followup" else None
        modal = DoneModal(item, offered, first, complaint_calls.default_retry_on(today))
        screen.app.call_from_thread(screen.app.push_screen, modal, chosen)

    def chosen(result: DoneInput | None) -> None:
        if result is None:
            return

        def write() -> str:
            followups.mark_done(item.id, outcome=result.outcome, note=result.note,
                                now=screen.app.now(), staff_id=screen.app.staff_id,
                                next_due=result.next_step, rating=result.rating,
                                retry_on=result.retry_on, today=today)
            if result.next_step:
                return _("Done. Next: {reason} on {date}").format(
                    reason=result.next_step.reason, date=result.next_step.due_on)
            if item.kind == "complaint_followup":
                screen.app.call_from_thread(screen.post_message, ComplaintsChanged(item.complaint_id))
                if result.outcome == "no_answer":
                    return _("No answer: complaint stays open, call again on {date}").format(
                        date=result.retry_on)
                return _("Complaint closed: satisfaction {n}/5").format(n=result.rating)
            return _("Done, contact logged")

        _in_thread(screen, write, item.customer_id)

    run_in_store(screen, steps, group="calendar-steps", description=N_("Loading the next steps"))


def ask_snooze(screen: CalendarScreen, item: AgendaItem) -> None:
    today = screen.app.today()

    def chosen(result: ReasonInput | None) -> None:
        if result is None or result.day is None:
            return

        def write() -> str:
            followups.snooze(item.id, result.day, result.reason, today, screen.app.staff_id)
            return _("Snoozed to {date}").format(date=result.day)

        _in_thread(screen, write)

    screen.app.push_screen(ReasonModal(_("Snooze"), item, today, ask_date=True), chosen)


def ask_skip(screen: CalendarScreen, item: AgendaItem) -> None:
    def chosen(result: ReasonInput | None) -> None:
        if result is None:
            return

        def write() -> str:
            followups.skip(item.id, result.reason, screen.app.now(), screen.app.staff_id)
            return _("Skipped")

        _in_thread(screen, write)

    screen.app.push_screen(ReasonModal(_("Skip"), item, screen.app.today(), ask_date=False), chosen)


def ask_add(screen: CalendarScreen, day: dt.date) -> None:
    def chosen(result: ReasonInput | None) -> None:
        if result is None or result.customer_id is None or result.day is None:
            return

        def write() -> str:
            followups.add_manual(result.customer_id, result.day, result.reason, screen.app.now(),
                                 screen.app.staff_id)
            return _("Follow-up added for {date}").format(date=result.day)

        _in_thread(screen, write, result.customer_id)

    screen.app.push_screen(AddModal(day), chosen)


def ask_broadcast(screen: CalendarScreen, day: dt.date) -> None:
    def chosen(result: BroadcastInput | None) -> None:
        if result is None:
            return

        def write() -> str:
            n = broadcast.create(result.city, result.district, result.template_id, day,
                                 screen.app.now(), screen.app.staff_id, screen.shop_locale)
            return _("{n} follow-ups created for {date}").format(n=n, date=day)

        # a broadcast reaches a whole region at once: a manager decides (issue 5)
        require_manager(screen.app, lambda _manager: _in_thread(screen, write),
                        _("Creating a region broadcast"))

    screen.app.push_screen(BroadcastModal(screen.shop_locale), chosen)
