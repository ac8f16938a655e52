"""Each person's calls over a few days, as the day plan deals them: what `deskcrm agenda` prints.

The same plan F3 shows (dayplan): her own customers first, ranked, never more than
her capacity a day, what does not fit carried to the next working days. Rows are
read a page of ids at a time (agenda.items_by_id), never by OFFSET.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from deskcrm.services.agenda import AgendaItem, items_by_id
from deskcrm.services.followups.dayplan import NOBODY, DayPlan, plan_day
from deskcrm.store.models import Staff


@dataclass(frozen=True)
class PersonDay:
    day: dt.date
    items: list[AgendaItem]  # in the plan's order


@dataclass(frozen=True)
class PersonSheet:
    staff_id: int  # NOBODY for a shop without staff
    name: str
    capacity: int  # calls a working day
    done_today: int  # calls she already finished today (they count against today)
    days: list[PersonDay]
    this_week: int  # what waits today and is carried to later this week
    later: int  # … and beyond this week


def _by_day(plan: DayPlan, key: int, last: dt.date) -> dict[dt.date, list[int]]:
    """Her calls through `last`, per planned day, in plan order: one pass over her order.

    (A pass per day over the whole order was 3 s of a 30-day agenda at 100 000 customers.)
    """
    out: dict[dt.date, list[int]] = {}
    for i in plan.order.get(key, []):
        day = plan.planned[i][1]
        if day <= last:
            out.setdefault(day, []).append(i)
    return out


def sheets(today: dt.date, days: int, local_time: dt.time, *, staff_ids: list[int] | None = None,
           done_since: dt.datetime | None = None) -> list[PersonSheet]:
    """One sheet per person (those of `staff_ids`, else everyone active), days today .. today+days-1."""
    last = today + dt.timedelta(days=max(days, 1) - 1)
    plan = plan_day(today, done_since=done_since, through=last)
    names = dict(Staff.select(Staff.id, Staff.name).tuples())
    keys = [k for k in plan.capacity if staff_ids is None or k in staff_ids]
    wanted = [i for key in keys for i in plan.order.get(key, []) if plan.planned[i][1] <= last]
    # one read for everyone's rows (pages of ids), then dealt back by person and day
    items = {item.id: item for item in items_by_id(wanted, today, local_time)}
    out = []
    for key in keys:
        person_days = [PersonDay(day, [items[i] for i in ids if i in items])
                       for day, ids in sorted(_by_day(plan, key, last).items())]
        week, later = plan.carried(key)
        out.append(PersonSheet(key, names.get(key, "") if key != NOBODY else "", plan.capacity[key],
                               plan.done_today.get(key, 0), person_days, week, later))
    return out
