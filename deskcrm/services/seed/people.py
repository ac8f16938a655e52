"""One demo customer's hard and soft facts, drawn from the pools."""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass
from typing import Any

from deskcrm.services.seed import facts, goods, names, places
from deskcrm.services.seed.world import Seller, World

# Lunar years with a leap month, (year, month) — from lunar_python, checked in the tests —
# so a leap-month birthday is one that really happened.
LEAP_MONTHS = (
    (1966, 3), (1968, 7), (1971, 5), (1974, 4), (1976, 8), (1979, 6), (1982, 4), (1984, 10),
    (1987, 6), (1990, 5), (1993, 3), (1995, 8), (1998, 5), (2001, 4), (2004, 2), (2006, 7),
)  # fmt: skip

SOFT_FIELDS = tuple(facts.SOFT)


@dataclass
class Person:
    """A customer being made: the row's fields plus what later steps need to know."""

    fields: dict[str, Any]
    region: str
    surname: str
    age: int
    owner: Seller
    trade: bool
    lavish: bool  # buys the expensive things: the VIPs of the file


def _locale(w: World) -> tuple[str, str]:
    r = w.rng.random()
    if r < 0.45:
        if w.rng.random() < 0.7:
            return "zh_Hans", "CN"
        return "zh_Hant", "TW" if w.rng.random() < 0.6 else "HK"
    if r < 0.85:
        return "ko", "KR"
    return "en", w.rng.choice(("CN", "KR", "HK", "TW", "CN", "KR"))


def _age(w: World) -> int:
    return max(18, min(78, round(w.rng.triangular(18, 75, 38))))


def birthday(w: World, locale: str, age: int) -> dict[str, Any]:
    """Birth fields: solar or lunar (KR for Koreans, CN for Chinese), often without a year."""
    rng = w.rng
    if rng.random() < 0.12:  # not given; staff guessed the age band
        return {"age_band": f"{age // 10 * 10}s"}
    year = w.today.year - age
    lunar_share = {"ko": 0.35, "zh_Hans": 0.3, "zh_Hant": 0.25}.get(locale, 0.0)
    if age > 55:
        lunar_share *= 1.6  # older customers keep the lunar birthday
    out: dict[str, Any] = {"birth_calendar": "solar"}
    if rng.random() < lunar_share:
        out["birth_calendar"] = "KR" if locale == "ko" else "CN"
        if rng.random() < 0.04:
            year, month = rng.choice(LEAP_MONTHS)
            out.update(birth_year=year, birth_month=month, birth_day=rng.randint(1, 29),
                       birth_leap=True)
            return out
        out.update(birth_month=rng.randint(1, 12), birth_day=rng.randint(1, 30 if rng.random() < 0.05 else 29))
    elif rng.random() < 0.01:
        year = year - year % 4  # a Feb 29 birthday needs a leap year
        out.update(birth_month=2, birth_day=29)
    else:
        month = rng.randint(1, 12)
        out.update(birth_month=month, birth_day=rng.randint(1, calendar.monthrange(2023, month)[1]))
    if rng.random() < 0.7:
        out["birth_year"] = year
    else:
        out["age_band"] = f"{age // 10 * 10}s"
    return out


def _phone(w: World, region: str) -> str:
    while True:
        written, digits = places.phone(w.rng, region)
        if digits not in w.phones:
            w.phones.add(digits)
            return written


def _soft(w: World, locale: str, fill: float) -> dict[str, str]:
    out = {}
    for name in SOFT_FIELDS:
        if w.rng.random() < fill:
            pool = facts.SOFT[name][locale]
            value = w.rng.choice(pool)
            if name == "hobbies" and w.rng.random() < 0.3:
                sep = "、" if locale.startswith("zh") else ", "
                value = sep.join(dict.fromkeys((value, w.rng.choice(pool))))
            out[name] = value
    return out


def _consents(w: World, created: dt.date, region: str) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for channel, share in (("call", 0.7), ("sms", 0.55), ("chat", 0.65), ("email", 0.25)):
        if w.rng.random() < share:
            out[f"consent_{channel}"] = True
            out[f"consent_{channel}_at"] = w.stamp(created, region)
    return out


def make_person(w: World, created: dt.date) -> Person:
    rng = w.rng
    locale, region = _locale(w)
    r = rng.random()
    gender = "F" if r < 0.7 else "M" if r < 0.98 else ""
    name, surname = names.person_name(rng, locale, gender)
    age = _age(w)
    owner = w.pick_staff()
    # a diligent owner knows their customers; chance decides how much each one told
    fill = min(0.95, owner.diligence * rng.betavariate(1.3, 1.6) * 1.6)
    f: dict[str, Any] = {
        "name": name, "gender": gender, "locale": locale, "owner": owner.id,
        "phone": _phone(w, region), "created_at": w.stamp(created, region),
    }
    f["form_of_address"] = names.form_of_address(locale, name, surname, gender, age)
    f.update(birthday(w, locale, age))
    if rng.random() < 0.05:
        f["phone2"] = _phone(w, region)
    if rng.random() < (0.7 if locale == "en" else 0.25):
        handle = name.split()[0].lower() if locale == "en" else rng.choice(facts.EMAIL_HANDLES)
        f["email"] = places.email(rng, region, handle)
    f["city"], f["district"] = places.place(rng, region)
    if rng.random() < 0.3 + fill * 0.4:
        f["address"] = places.address(rng, region, f["city"], f["district"])
    if rng.random() < 0.4 + fill * 0.5:
        f["clothing_size"] = rng.choice(goods.CLOTHING_SIZES[locale])
    if rng.random() < 0.2 + fill * 0.5:
        f["shoe_size"] = rng.choice(goods.SHOE_SIZES[locale])
    f.update(_soft(w, locale, fill))
    if rng.random() < 0.2:
        f["contact_window_start"], f["contact_window_end"] = rng.choice(facts.CONTACT_WINDOWS)
    if rng.random() < 0.08:
        f["notes"] = {"zh_Hans": "对羊毛过敏", "zh_Hant": "對羊毛過敏", "ko": "울 알레르기 있음",
                      "en": "allergic to wool"}[locale]
    # consent given when the file was opened; files older than the window carry old consent
    f.update(_consents(w, created, region))
    if rng.random() < 0.015:
        f["do_not_contact"] = True
    trade = locale != "en" and rng.random() < 0.02
    if trade:
        limit = rng.randint(5, 30) * 1_000_000
        f.update(credit_limit=limit, balance=rng.randint(0, limit // 100) * 100)
    return Person(f, region, surname, age, owner, trade, trade or rng.random() < 0.07)
