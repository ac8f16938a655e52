"""Related people (spouse, children, a trade customer's buyers) and important dates."""

from __future__ import annotations

import calendar

from deskcrm.services.seed import names, texts
from deskcrm.services.seed.people import LEAP_MONTHS, Person
from deskcrm.services.seed.places import phone
from deskcrm.services.seed.world import World
from deskcrm.store.models import ImportantDate, RelatedPerson

RELATED_COLS = (
    "id", "customer", "name", "relation", "phone", "birth_year", "birth_month", "birth_day",
    "birth_calendar", "birth_leap", "notes",
)  # fmt: skip
DATE_COLS = (
    "customer", "related", "label", "year", "month", "day", "calendar", "leap", "recurring",
    "notes",
)  # fmt: skip
_TRADE_ROLES = ("buyer", "decision maker")


def _solar_day(w: World) -> tuple[int, int]:
    month = w.rng.randint(1, 12)
    return month, w.rng.randint(1, calendar.monthrange(2023, month)[1])


def _lunar_calendar(locale: str) -> str:
    return "KR" if locale == "ko" else "CN"


def _related(w: World, cid: int, relation: str, name: str, tel: str = "",
             birth: tuple[int | None, int, int] | None = None, notes: str = "") -> int:
    rid = w.new_id(RelatedPerson)
    year, month, day = birth if birth else (None, None, None)
    w.rows.add(RelatedPerson, RELATED_COLS, (
        rid, cid, name, relation, tel, year, month, day, "solar", False, notes,
    ))
    return rid


def _date(w: World, cid: int, related: int | None, label: str, year: int | None, month: int,
          day: int, cal: str = "solar", leap: bool = False) -> None:
    w.rows.add(ImportantDate, DATE_COLS, (cid, related, label, year, month, day, cal, leap, True, ""))


def make_family(w: World, cid: int, p: Person) -> tuple[int, int]:
    """Write related people and dates; returns (related count, dates count) for completeness."""
    rng, locale = w.rng, p.fields["locale"]
    n_related = n_dates = 0
    married = p.age > 26 and rng.random() < 0.3
    family_name = p.surname
    if married:
        gender = "M" if p.fields["gender"] == "F" else "F"
        spouse, spouse_surname = names.person_name(rng, locale, gender)
        if gender == "M":  # children carry the father's family name
            family_name = spouse_surname
        _related(w, cid, "spouse", spouse, phone(rng, p.region)[0] if rng.random() < 0.3 else "")
        n_related += 1
        if rng.random() < 0.5:
            cal = _lunar_calendar(locale) if locale != "en" and rng.random() < 0.2 else "solar"
            year = w.today.year - rng.randint(1, max(1, p.age - 24))
            label = texts.DATE_LABELS["wedding"][locale]
            _date(w, cid, None, label, year if rng.random() < 0.6 else None, *_solar_day(w), cal)
            n_dates += 1
    if married and p.age < 60 and rng.random() < 0.6:
        for _ in range(rng.choice((1, 1, 2))):
            child, surname = names.person_name(rng, locale, rng.choice("FM"))
            if locale != "en":
                child = family_name + child[len(surname) :]
            year = w.today.year - rng.randint(1, max(1, p.age - 25))
            month, day = _solar_day(w)
            rid = _related(w, cid, "child", child, birth=(year, month, day))
            n_related += 1
            if rng.random() < 0.5:
                label = texts.DATE_LABELS["child"][locale].format(name=child)
                _date(w, cid, rid, label, year, month, day)
                n_dates += 1
    if locale != "en" and rng.random() < 0.05:  # a parent's birthday, kept by the lunar calendar
        cal = _lunar_calendar(locale)
        if rng.random() < 0.1:
            _, month = rng.choice(LEAP_MONTHS)
            _date(w, cid, None, texts.DATE_LABELS["mother"][locale], None, month,
                  rng.randint(1, 29), cal, True)
        else:
            _date(w, cid, None, texts.DATE_LABELS["mother"][locale], None, rng.randint(1, 12),
                  rng.randint(1, 29), cal)
        n_dates += 1
    if p.trade:
        for role in _TRADE_ROLES:
            person, _ = names.person_name(rng, locale, rng.choice("FM"))
            _related(w, cid, role, person, phone(rng, p.region)[0])
            n_related += 1
        _date(w, cid, None, texts.DATE_LABELS["shop"][locale], w.today.year - rng.randint(2, 20),
              *_solar_day(w))
        n_dates += 1
    return n_related, n_dates
