"""What F3's month grid and today's list are drawn from (the app caches it: deskcrm/month_cache.py)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from deskcrm.services import sendlist
from deskcrm.services.followups import dayload, dayplan
from deskcrm.services.followups.changes import store_version
from deskcrm.services.followups.config import load_config
from deskcrm.services.lunar import solar_to_lunar
from deskcrm.store.handle import current_shop_id


@dataclass(frozen=True)
class MonthView:
    plan: dayplan.DayPlan | None  # only today's part of it (DayPlan.todays): what today's list needs
    loads: dict[dt.date, dayload.DayLoad]
    to_send: int
    shop_locale: str = "zh_Hans"  # the settings the grid is drawn with: painting reads none
    lunar_calendar: str = "CN"
    version: tuple | None = None  # store_version() before it was dealt (None: unknown)


# today, staff, first, last, done since, shop: a terminal moved to another shop of the chain
# must not paint the shop it left from the app's cache
MonthKey = tuple[dt.date, int | None, dt.date, dt.date, dt.datetime, int | None]


def local_midnight(day: dt.date) -> dt.datetime:
    """The start of the shop's local day in UTC, as the store keeps times: "done today" begins here."""
    return dt.datetime.combine(day, dt.time()).astimezone(dt.UTC).replace(tzinfo=None)


def done_since(today: dt.date, now: dt.datetime) -> dt.datetime:
    """Where "done today" begins; with a frozen `today` (tests, demos) the clock's day counts too."""
    clock_day = now.replace(tzinfo=dt.UTC).astimezone().date()
    return min(local_midnight(today), local_midnight(clock_day))


def month_key(today: dt.date, staff_id: int | None, first: dt.date, last: dt.date,
              now: dt.datetime) -> MonthKey:
    return (today, staff_id, first, last, done_since(today, now), current_shop_id())


def month_view(key: MonthKey) -> MonthView:
    """The plan dealt through the shown days (none when they are all past) and what each day holds."""
    today, staff_id, first, last, since, _shop = key
    version = store_version()
    plan = None if last < today else dayplan.plan_day(today, done_since=since, through=last)
    to_send = sendlist.pending_count(today)
    loads = dayload.month_load(first, last, today, staff_id, plan, to_send)
    cfg = load_config()
    day = first
    while day <= last:
        # the grid's lunar days, computed here (in the background) and kept by solar_to_lunar's
        # cache: the main thread drawing F3 for the first time spent ~0.2 s on them
        solar_to_lunar(day, cfg.lunar_calendar)
        day += dt.timedelta(days=1)
    # the whole plan (every open call's day, ~80 000 at 100 000 customers) is not kept: the
    # app's month cache held it for as long as it ran (issue 15: peak memory 94 -> 293 MB)
    return MonthView(plan.todays() if plan is not None else None, loads, to_send, cfg.shop_locale,
                     cfg.lunar_calendar, version)
