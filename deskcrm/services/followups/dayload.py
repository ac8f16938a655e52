"""What each day of the month grid holds for the person at the desk: calls, messages, done.

A day cell that counted every follow-up said "•96k" on a festival day at 100 000
customers: nobody can make 96 000 calls. A cell now counts what a person can act on
— her calls that day as the day plan deals them (within her capacity, what is
carried included), the messages to send, apart, and on past days what was done.
Nobody at the desk: the whole shop's calls.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from peewee import SQL, fn

from deskcrm.services.agenda import allowed
from deskcrm.services.followups.dayplan import DayPlan
from deskcrm.services.followups.kinds import MESSAGE_KINDS
from deskcrm.store.models import Customer, FollowUp, database


@dataclass(frozen=True)
class DayLoad:
    calls: int = 0  # calls planned for the person that day (never more than her capacity)
    messages: int = 0  # messages to send: today's and those still worth sending; later, those due
    done: int = 0  # follow-ups due that day that she (or anyone, for nobody) finished

    @property
    def empty(self) -> bool:
        return not (self.calls or self.messages or self.done)


def _day(value) -> dt.date:
    return value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value)[:10])


def messages_by_day(today: dt.date, last: dt.date) -> dict[dt.date, int]:
    """Open messages per due day after today; today's cell gets the send list's count."""
    if last <= today:
        return {}
    is_open = fn.COALESCE(FollowUp.status, "") == "open"  # the kind index, as the send list does
    query = (FollowUp.select(FollowUp.due_on, fn.COUNT(SQL("*"))).join(Customer)
             .where(is_open & FollowUp.kind.in_(sorted(MESSAGE_KINDS))
                    & FollowUp.due_on.between(today + dt.timedelta(days=1), last) & allowed())
             .group_by(FollowUp.due_on))
    return {_day(day): n for day, n in database.execute(query).fetchall()}


def done_by_day(first: dt.date, last: dt.date, staff_ids: list[int] | None) -> dict[dt.date, int]:
    """Follow-ups due in [first, last] that were finished by these people (None: by anyone)."""
    who = FollowUp.done_by.in_(staff_ids) if staff_ids is not None else FollowUp.done_by.is_null(False)
    query = (FollowUp.select(FollowUp.due_on, fn.COUNT(SQL("*")))
             .where((FollowUp.status != "open") & FollowUp.due_on.between(first, last) & who)
             .group_by(FollowUp.due_on))
    return {_day(day): n for day, n in database.execute(query).fetchall()}


def month_load(first: dt.date, last: dt.date, today: dt.date, staff_id: int | None,
               plan: DayPlan | None, pending_today: int) -> dict[dt.date, DayLoad]:
    """Per day of [first, last]: the person's planned calls, the messages to send, what was done.

    `plan` is the day plan dealt through `last` (None when the range is all past);
    `pending_today` the send list's count, which today's cell shows.
    """
    calls = plan.per_day(staff_id) if plan is not None else {}
    messages = messages_by_day(today, last)
    if today >= first and today <= last:
        messages[today] = pending_today
    staff = None if plan is None or plan.whole_shop(staff_id) else plan.keys(staff_id)
    if plan is None and staff_id is not None:
        staff = [staff_id]
    done = done_by_day(first, min(last, today), staff) if first <= today else {}
    days = set(calls) | set(messages) | set(done)
    return {d: DayLoad(calls.get(d, 0), messages.get(d, 0), done.get(d, 0))
            for d in days if first <= d <= last}
