"""Festivals a shop greets its customers on, and the days it is closed.

Festival sets follow the shop's locale rather than the customers' nationality,
because it is the shop that sends the greetings. Lunar festivals are converted
with the calendar of the set's country: Spring Festival with the Chinese
calendar, Seollal/Chuseok with the Korean one (they differ in some years,
e.g. 6 vs 7 Feb 2027).
"""

from __future__ import annotations

from collections.abc import Container, Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import lru_cache

from deskcrm.services.lunar import lunar_occurrences_between, solar_occurrences_between

__all__ = [
    "FESTIVAL_SETS",
    "Festival",
    "LunarRule",
    "NthWeekdayRule",
    "SolarRule",
    "closure_days",
    "festival_set_for_locale",
    "festivals_between",
    "next_open_day",
]


@dataclass(frozen=True)
class SolarRule:
    """Same Gregorian month/day every year."""

    month: int
    day: int

    def occurrences(self, start: date, end: date) -> list[date]:
        return solar_occurrences_between(self.month, self.day, start, end)


@dataclass(frozen=True)
class LunarRule:
    """Same lunar month/day every year, in the given lunar calendar ("CN" or "KR")."""

    month: int
    day: int
    calendar: str

    def occurrences(self, start: date, end: date) -> list[date]:
        return lunar_occurrences_between(self.month, self.day, False, self.calendar, start, end)


@dataclass(frozen=True)
class NthWeekdayRule:
    """The n-th given weekday (Monday=0) of a month, e.g. Mother's Day = 2nd Sunday of May."""

    month: int
    weekday: int
    n: int

    def occurrences(self, start: date, end: date) -> list[date]:
        found = []
        for year in range(start.year, end.year + 1):
            first = date(year, self.month, 1)
            d = first + timedelta(days=(self.weekday - first.weekday()) % 7 + 7 * (self.n - 1))
            if start <= d <= end:
                found.append(d)
        return found


Rule = SolarRule | LunarRule | NthWeekdayRule


@dataclass(frozen=True)
class Festival:
    """A greetable festival; ``names`` is keyed by UI language ("en", "zh_Hans", "zh_Hant", "ko")."""

    code: str
    names: dict[str, str] = field(hash=False)
    rule: Rule

    def name(self, lang: str) -> str:
        """Name in the UI language, falling back to English so a missing translation never shows blank."""
        return self.names.get(lang) or self.names["en"]

    def occurrences(self, start: date, end: date) -> list[date]:
        return self.rule.occurrences(start, end)


def _names(en: str, zh_hans: str, zh_hant: str, ko: str) -> dict[str, str]:
    return {"en": en, "zh_Hans": zh_hans, "zh_Hant": zh_hant, "ko": ko}


NEW_YEAR = Festival("new_year", _names("New Year's Day", "元旦", "元旦", "신정"), SolarRule(1, 1))
SPRING_FESTIVAL = Festival(
    "spring_festival", _names("Chinese New Year", "春节", "春節", "춘절"), LunarRule(1, 1, "CN")
)
LANTERN = Festival(
    "lantern", _names("Lantern Festival", "元宵节", "元宵節", "정월 대보름"), LunarRule(1, 15, "CN")
)
DRAGON_BOAT = Festival(
    "dragon_boat", _names("Dragon Boat Festival", "端午节", "端午節", "단오"), LunarRule(5, 5, "CN")
)
QIXI = Festival("qixi", _names("Qixi Festival", "七夕", "七夕", "칠석"), LunarRule(7, 7, "CN"))
MID_AUTUMN = Festival(
    "mid_autumn",
    _names("Mid-Autumn Festival", "中秋节", "中秋節", "중추절"),
    LunarRule(8, 15, "CN"),
)
MOTHERS_DAY = Festival(
    "mothers_day", _names("Mother's Day", "母亲节", "母親節", "어머니날"), NthWeekdayRule(5, 6, 2)
)
CHRISTMAS = Festival(
    "christmas", _names("Christmas", "圣诞节", "聖誕節", "크리스마스"), SolarRule(12, 25)
)
SEOLLAL = Festival(
    "seollal", _names("Seollal", "韩国春节", "韓國春節", "설날"), LunarRule(1, 1, "KR")
)
PARENTS_DAY = Festival(
    "parents_day", _names("Parents' Day", "父母节", "父母節", "어버이날"), SolarRule(5, 8)
)
CHUSEOK = Festival("chuseok", _names("Chuseok", "秋夕", "秋夕", "추석"), LunarRule(8, 15, "KR"))

# Kept to the days a shop actually sends greetings on; order is the display order for same-day ties.
FESTIVAL_SETS: dict[str, tuple[Festival, ...]] = {
    "CN": (
        NEW_YEAR,
        SPRING_FESTIVAL,
        LANTERN,
        MOTHERS_DAY,
        DRAGON_BOAT,
        QIXI,
        MID_AUTUMN,
        CHRISTMAS,
    ),
    "KR": (NEW_YEAR, SEOLLAL, PARENTS_DAY, CHUSEOK, CHRISTMAS),
    "TW_HK": (NEW_YEAR, SPRING_FESTIVAL, LANTERN, MOTHERS_DAY, DRAGON_BOAT, MID_AUTUMN, CHRISTMAS),
    # Mother's Day as in the US; the UK's Mothering Sunday is lunar-Easter based and not covered.
    "WEST": (NEW_YEAR, MOTHERS_DAY, CHRISTMAS),
}


def festivals_between(
    set_codes: Iterable[str], start: date, end: date
) -> list[tuple[date, Festival]]:
    """Festivals of the given sets in [start, end], by date; a festival shared by two sets is listed once.

    Raises KeyError for an unknown set code, so a typo in settings is noticed.
    """
    seen: set[tuple[date, str]] = set()
    ordered: list[tuple[date, int, Festival]] = []
    rank = 0
    for set_code in set_codes:
        for festival in FESTIVAL_SETS[set_code]:
            rank += 1
            for d in festival.occurrences(start, end):
                if (d, festival.code) not in seen:
                    seen.add((d, festival.code))
                    ordered.append((d, rank, festival))
    ordered.sort(key=lambda item: (item[0], item[1]))
    return [(d, festival) for d, _, festival in ordered]


def festival_set_for_locale(locale: str) -> str:
    """Default festival set for a UI locale; unknown locales get the Western set."""
    loc = locale.replace("-", "_")
    if loc in ("zh_Hant", "zh_TW", "zh_HK", "zh_MO") or loc.startswith("zh_Hant"):
        return "TW_HK"
    if loc.startswith("zh"):
        return "CN"
    if loc.startswith("ko"):
        return "KR"
    return "WEST"


@lru_cache(maxsize=64)
def _closure_days(country: str, year: int) -> frozenset[date]:
    # imported here: the package loads every country's calendar (~0.45 s), and the card's
    # worker imports this module while the first list paints at start-up
    import holidays

    try:
        calendar = holidays.country_holidays(country, years=year)
    except NotImplementedError as exc:
        raise ValueError(f"no public-holiday data for country {country!r}") from exc
    return frozenset(calendar.keys())


def closure_days(country: str, year: int) -> set[date]:
    """Public holidays of a country ("CN", "KR", "TW", "HK", ...) in a year, when a shop is likely closed.

    Returns a fresh set so the caller can add the shop's own closure dates.
    """
    return set(_closure_days(country.upper(), year))


def next_open_day(d: date, closed: Container[date]) -> date:
    """First day on or after ``d`` that is not closed, e.g. to move a greeting off a holiday.

    Raises ValueError if no open day is found within a year, which means the
    closure list is wrong rather than that the shop is shut for a year.
    """
    for _ in range(366):
        if d not in closed:
            return d
        d += timedelta(days=1)
    raise ValueError("no open day within a year; check the closure dates")
