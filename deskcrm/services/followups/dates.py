"""Birthdays and important dates: solar or lunar, by each person's own calendar.

Only candidates leave SQLite: solar dates by month/day spans of the window (index
on birth_month, birth_day), lunar dates by the few dozen lunar (month, day, leap)
triples the window's days map to, each converted once per calendar.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from itertools import product

from deskcrm.services.followups.common import Row, Window, reachable, row
from deskcrm.services.followups.reasons import Reason
from deskcrm.services.lunar import CALENDARS, lunar_to_solar, solar_to_lunar
from deskcrm.store.models import Customer, ImportantDate, RelatedPerson

LunarKey = tuple[int, int, bool]


def _days(start: dt.date, end: dt.date) -> Iterable[dt.date]:
    for n in range((end - start).days + 1):
        yield start + dt.timedelta(days=n)


def solar_days(start: dt.date, end: dt.date) -> dict[tuple[int, int], list[dt.date]]:
    """(month, day) → the days it is celebrated in the window; Feb 29 → Feb 28 in common years."""
    found: dict[tuple[int, int], list[dt.date]] = defaultdict(list)
    for d in _days(start, end):
        found[(d.month, d.day)].append(d)
        if d.month == 2 and d.day == 28 and not _is_leap(d.year):
            found[(2, 29)].append(d)
    return found


def _is_leap(year: int) -> bool:
    return year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)


def lunar_days(calendar: str, start: dt.date, end: dt.date) -> dict[LunarKey, list[tuple[dt.date, int]]]:
    """(month, day, leap) → [(solar day, lunar year)] in the window, with the fallbacks applied.

    A leap-month birthday falls in the plain month when the year has no such leap
    month, and day 30 falls on day 29 of a short month: every candidate is checked
    against lunar_to_solar, which owns those rules.
    """
    found: dict[LunarKey, list[tuple[dt.date, int]]] = defaultdict(list)
    for d in _days(start, end):
        lun = solar_to_lunar(d, calendar)
        leaps = {lun.leap, True}
        days = {lun.day, 30} if lun.day == 29 else {lun.day}
        for leap, day in product(leaps, days):
            if lunar_to_solar(lun.year, lun.month, day, leap, calendar) == d:
                found[(lun.month, day, leap)].append((d, lun.year))
    return found


def _month_filter(month_field, months: Iterable[int]):
    return month_field.in_(sorted(set(months)))


def _occasions(model, fields, w: Window, extra_where, columns):
    """Yield (row, day, key_year, calendar) for every solar/lunar occurrence in the window."""
    month_f, day_f, cal_f, leap_f = fields
    solar = solar_days(w.start, w.end)
    base = model.select(*columns).join(Customer) if model is not Customer else model.select(*columns)
    extra_where = extra_where & w.only(Customer.id)
    query = base.where(
        extra_where & (cal_f == "solar") & _month_filter(month_f, (k[0] for k in solar))
    )
    for r in query.namedtuples():
        for d in solar.get((r.m, r.d), ()):
            yield r, d, str(d.year), "solar"
    for cal in CALENDARS:
        lunar = lunar_days(cal, w.start, w.end)
        if not lunar:
            continue
        query = base.where(extra_where & (cal_f == cal) & _month_filter(month_f, (k[0] for k in lunar)))
        for r in query.namedtuples():
            for d, lunar_year in lunar.get((r.m, r.d, bool(r.leap)), ()):
                yield r, d, f"{cal}{lunar_year}", cal


def _age(key_year: str, born: int) -> int:
    """Years completed on this occurrence, in the calendar the birthday is kept in:
    a lunar 12th-month birthday in January is still the old lunar year's."""
    return int(key_year.lstrip("CNKR")) - born


def _day(calendar: str, month: int, day: int, leap: bool) -> dict:
    """The reason's date parameters (reasons.day_label says them)."""
    return {"cal": calendar, "month": month, "day": day, "leap": bool(leap)}


def _greeting(w: Window, cid: int, kind: str, d: dt.date, reason: Reason, key: str) -> Row:
    """Due on the day (or the open day before it), shown `birthday_notice_days` ahead."""
    due = w.config.closed.previous_open(d)
    notice = dt.timedelta(days=w.config.birthday_notice_days)
    return row(w, cid, kind, due, reason, key, visible_from=due - notice)


def birthdays(w: Window) -> list[Row]:
    cols = (
        Customer.id.alias("cid"), Customer.birth_month.alias("m"), Customer.birth_day.alias("d"),
        Customer.birth_leap.alias("leap"), Customer.birth_calendar.alias("cal"),
        Customer.birth_year.alias("year"),
    )
    fields = (Customer.birth_month, Customer.birth_day, Customer.birth_calendar, Customer.birth_leap)
    where = Customer.birth_day.is_null(False) & reachable(True)
    rows = []
    for r, d, key_year, cal in _occasions(Customer, fields, w, where, cols):
        params = _day(cal, r.m, r.d, r.leap)
        if r.year:
            params["age"] = _age(key_year, r.year)
        reason = Reason("birthday", params)
        rows.append(_greeting(w, r.cid, "birthday", d, reason, f"birthday:{r.cid}:{key_year}"))
    return rows


def related_birthdays(w: Window) -> list[Row]:
    cols = (
        RelatedPerson.id.alias("rid"), RelatedPerson.customer.alias("cid"),
        RelatedPerson.name.alias("name"), RelatedPerson.relation.alias("relation"),
        RelatedPerson.birth_month.alias("m"), RelatedPerson.birth_day.alias("d"),
        RelatedPerson.birth_leap.alias("leap"),
    )
    fields = (RelatedPerson.birth_month, RelatedPerson.birth_day, RelatedPerson.birth_calendar,
              RelatedPerson.birth_leap)
    where = RelatedPerson.birth_day.is_null(False) & reachable(True)
    rows = []
    for r, d, key_year, cal in _occasions(RelatedPerson, fields, w, where, cols):
        reason = Reason("related_birthday",
                        {"relation": r.relation, "name": r.name, **_day(cal, r.m, r.d, r.leap)})
        rows.append(_greeting(w, r.cid, "date", d, reason, f"date:related:{r.rid}:{key_year}"))
    return rows


def important_dates(w: Window) -> list[Row]:
    cols = (
        ImportantDate.id.alias("iid"), ImportantDate.customer.alias("cid"),
        ImportantDate.label.alias("label"), ImportantDate.month.alias("m"),
        ImportantDate.day.alias("d"), ImportantDate.leap.alias("leap"),
        ImportantDate.year.alias("year"), ImportantDate.recurring.alias("recurring"),
    )
    fields = (ImportantDate.month, ImportantDate.day, ImportantDate.calendar, ImportantDate.leap)
    rows = []
    # a family member's date whose person has a birthday of their own is greeted by
    # related_birthdays: one greeting per person per occasion
    greeted = RelatedPerson.select(RelatedPerson.id).where(RelatedPerson.birth_day.is_null(False))
    once = ImportantDate.related.is_null() | ImportantDate.related.not_in(greeted)
    for r, d, key_year, cal in _occasions(ImportantDate, fields, w, reachable(True) & once, cols):
        # a one-off date (recurring=False) happens only in its own year
        if not r.recurring and r.year and key_year.lstrip("CNKR") != str(r.year):
            continue
        params = {"label": r.label, **_day(cal, r.m, r.d, r.leap)}
        if r.recurring and r.year and cal == "solar" and d.year > r.year:
            params["years"] = d.year - r.year
        rows.append(_greeting(w, r.cid, "date", d, Reason("date", params), f"date:{r.iid}:{key_year}"))
    return rows


__all__ = ["birthdays", "important_dates", "lunar_days", "related_birthdays", "solar_days"]
