"""What F3's month grid and today's list are drawn from (the app caches it: deskcrm/month_cache.py)."""

from __future__ import annotations

import datetime as dt
import sqlite3
import threading
from dataclasses import dataclass

from deskcrm.services import sendlist
from deskcrm.services.followups import dayload, dayplan
from deskcrm.services.followups.config import load_config
from deskcrm.store.dialect import is_sqlite
from deskcrm.store.models import database


@dataclass(frozen=True)
class MonthView:
    plan: dayplan.DayPlan | None  # only today's part of it (DayPlan.todays): what today's list needs
    loads: dict[dt.date, dayload.DayLoad]
    to_send: int
    shop_locale: str = "zh_Hans"  # the settings the grid is drawn with: painting reads none
    lunar_calendar: str = "CN"
    version: int | str | None = None  # store_version() before it was dealt (None: unknown)


MonthKey = tuple[dt.date, int | None, dt.date, dt.date, dt.datetime]  # today, staff, first, last, done since


def local_midnight(day: dt.date) -> dt.datetime:
    """The start of the shop's local day in UTC, as the store keeps times: "done today" begins here."""
    return dt.datetime.combine(day, dt.time()).astimezone(dt.UTC).replace(tzinfo=None)


def done_since(today: dt.date, now: dt.datetime) -> dt.datetime:
    """Where "done today" begins; with a frozen `today` (tests, demos) the clock's day counts too."""
    clock_day = now.replace(tzinfo=dt.UTC).astimezone().date()
    return min(local_midnight(today), local_midnight(clock_day))


def month_key(today: dt.date, staff_id: int | None, first: dt.date, last: dt.date,
              now: dt.datetime) -> MonthKey:
    return (today, staff_id, first, last, done_since(today, now))


def month_view(key: MonthKey) -> MonthView:
    """The plan dealt through the shown days (none when they are all past) and what each day holds."""
    today, staff_id, first, last, since = key
    version = store_version()
    plan = None if last < today else dayplan.plan_day(today, done_since=since, through=last)
    to_send = sendlist.pending_count(today)
    loads = dayload.month_load(first, last, today, staff_id, plan, to_send)
    cfg = load_config()
    # the whole plan (every open call's day, ~80 000 at 100 000 customers) is not kept: the
    # app's month cache held it for as long as it ran (issue 15: peak memory 94 -> 293 MB)
    return MonthView(plan.todays() if plan is not None else None, loads, to_send, cfg.shop_locale,
                     cfg.lunar_calendar, version)


_watch_lock = threading.Lock()
_watchers: dict[str, sqlite3.Connection] = {}


def store_version() -> int | str | None:
    """A value that changes whenever anyone commits to the store (another terminal too).

    F3 paints a cached month at once and used to deal the plan again behind it on every
    open, seconds of CPU fighting the paint; when nobody has written since the view was
    dealt, it is still right. SQLite: `PRAGMA data_version` of a connection of its own that
    never writes, so this app's commits count too; PostgreSQL: the WAL position (any write
    in the cluster moves it: at worst a needless recompute). None where it cannot be told.
    """
    db = database.obj
    try:
        if not is_sqlite(db):
            return str(db.execute_sql("SELECT pg_current_wal_lsn()").fetchone()[0])
        path = str(db.database)
        if path in ("", ":memory:") or path.startswith("file::memory:"):
            return None
        with _watch_lock:
            con = _watchers.get(path)
            if con is None:
                con = sqlite3.connect(f"file:{path}?mode=ro", uri=True, check_same_thread=False)
                _watchers[path] = con
            return con.execute("PRAGMA data_version").fetchone()[0]
    except Exception:  # noqa: BLE001 - an encrypted file, a standby: simply unknown, so recompute
        return None
