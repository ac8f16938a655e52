# Why these libraries: lunar_python (CN) and korean_lunar_calendar (KR, KASI data) are MIT and
# maintained; lunardate is GPL and disagrees with other sources, zhdate is GPL and unmaintained.
"""Lunar <-> solar date conversion for the Chinese (CN) and Korean (KR) lunar calendars.

The two calendars share their rules but reckon the new moon in different time
zones (UTC+8 vs UTC+9), so in some years a month starts a day later in Korea:
Chinese New Year 2027 is 6 Feb, Seollal 2027 is 7 Feb. A customer's lunar
birthday must therefore be converted with the calendar the shop lives by.

Leap months: lunar_python encodes them as negative month numbers
(``Lunar.fromYmd(2020, -4, 1)``); korean_lunar_calendar takes an
``isIntercalation`` flag and rejects a leap month the year does not have.
Here they are always ``month`` (1-12) plus ``leap: bool``.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from datetime import date
from functools import cache, lru_cache
from types import ModuleType
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from korean_lunar_calendar import KoreanLunarCalendar

__all__ = [
    "CALENDARS",
    "LunarDate",
    "lunar_occurrences_between",
    "lunar_to_solar",
    "solar_occurrences_between",
    "solar_to_lunar",
    "validate_lunar",
]

CALENDARS: tuple[str, ...] = ("CN", "KR")

# korean_lunar_calendar only carries KASI data for these ranges and silently
# refuses anything outside them; there we fall back to the CN calendar, which
# agrees with the Korean one on all but a few days per decade.
_KR_SOLAR_MIN = date(1000, 2, 13)
_KR_SOLAR_MAX = date(2050, 12, 31)
_KR_LUNAR_MIN = (1000, 1, 1)
_KR_LUNAR_MAX = (2050, 11, 18)

# KoreanLunarCalendar keeps its result in instance state, so one shared
# instance (its constructor alone costs a conversion) needs a lock: calendars
# may be computed from a Textual worker thread.
_KR_LOCK = threading.Lock()
_kr_instance: KoreanLunarCalendar | None = None

_CN_DAYS = (
    "初一", "初二", "初三", "初四", "初五", "初六", "初七", "初八", "初九", "初十",
    "十一", "十二", "十三", "十四", "十五", "十六", "十七", "十八", "十九", "二十",
    "廿一", "廿二", "廿三", "廿四", "廿五", "廿六", "廿七", "廿八", "廿九", "三十",
)  # fmt: skip
_CN_MONTHS_HANS = tuple("正二三四五六七八九十冬腊")
_CN_MONTHS_HANT = tuple("正二三四五六七八九十冬臘")


@cache
def _cn() -> ModuleType:
    """lunar_python, imported at the first conversion: its tables took 40 ms of every
    start-up (the customer list imports this module through its validation), and the
    first screen converts nothing."""
    import lunar_python

    return lunar_python


def _kr() -> KoreanLunarCalendar:
    global _kr_instance
    if _kr_instance is None:
        from korean_lunar_calendar import KoreanLunarCalendar

        _kr_instance = KoreanLunarCalendar()
    return _kr_instance


def _check_calendar(calendar: str) -> str:
    if calendar not in CALENDARS:
        raise ValueError(f"unknown lunar calendar {calendar!r}; expected one of {CALENDARS}")
    return calendar


@dataclass(frozen=True)
class LunarDate:
    """A date in a lunar calendar; ``calendar`` is the one actually used ("CN" or "KR")."""

    year: int
    month: int
    day: int
    leap: bool
    calendar: str

    def label(self, lang: str) -> str:
        """Compact text for a month-grid cell, so the lunar date fits under the solar day number.

        zh_Hans / zh_Hant: "初五", or the month name on day 1 ("十月", "闰四月");
        ko: "음3.15" ("윤3.15" in a leap month); anything else: "L3/15" ("L*3/15" if leap).
        """
        if lang.startswith("zh"):
            hant = lang in ("zh_Hant", "zh_TW", "zh_HK", "zh_MO") or lang.startswith("zh_Hant")
            if self.day == 1:
                names = _CN_MONTHS_HANT if hant else _CN_MONTHS_HANS
                prefix = ("閏" if hant else "闰") if self.leap else ""
                return f"{prefix}{names[self.month - 1]}月"
            return _CN_DAYS[self.day - 1]
        if lang.startswith("ko"):
            return f"{'윤' if self.leap else '음'}{self.month}.{self.day}"
        return f"L{'*' if self.leap else ''}{self.month}/{self.day}"

    def tiny(self, lang: str) -> str:
        """At most 4 terminal cells, for a one-line month grid at 80 columns.

        zh: "初五", the month on day 1 ("十月"; "闰四" in a leap month);
        ko: "음5" / "음21", the month on day 1 ("10월"; "윤4" in a leap month).
        """
        if lang.startswith("zh"):
            if self.day == 1 and self.leap:
                return self.label(lang)[:2]
            return self.label(lang)
        if self.day == 1:
            return f"윤{self.month}" if self.leap else f"{self.month}월"
        return f"음{self.day}"

    def short(self) -> str:
        """Grid-cell text in the calendar's own convention (Chinese numerals for CN, "음" for KR)."""
        return self.label("ko" if self.calendar == "KR" else "zh_Hans")


def validate_lunar(month: int, day: int, leap: bool = False) -> str | None:
    """Check a recurring lunar date entered in a form; returns a message or None.

    Only the year-independent limits are checked: whether a given year has that
    leap month or a 30th day is handled by falling back in ``lunar_to_solar``.
    """
    if not isinstance(month, int) or isinstance(month, bool) or not 1 <= month <= 12:
        return "Lunar month must be between 1 and 12."
    if not isinstance(day, int) or isinstance(day, bool) or not 1 <= day <= 30:
        return "Lunar day must be between 1 and 30."
    if not isinstance(leap, bool):
        return "Leap flag must be true or false."
    return None


@lru_cache(maxsize=65536)
def solar_to_lunar(d: date, calendar: str) -> LunarDate:
    """Lunar date of a solar day; cached because month grids ask for the same days over and over."""
    _check_calendar(calendar)
    if calendar == "KR" and _KR_SOLAR_MIN <= d <= _KR_SOLAR_MAX:
        with _KR_LOCK:
            k = _kr()
            if k.setSolarDate(d.year, d.month, d.day):
                return LunarDate(
                    k.lunarYear, k.lunarMonth, k.lunarDay, bool(k.isIntercalation), "KR"
                )
    # CN, or KR outside KASI's table: the Chinese calendar is the closest substitute.
    lun = _cn().Solar.fromYmd(d.year, d.month, d.day).getLunar()
    m = lun.getMonth()
    return LunarDate(lun.getYear(), abs(m), lun.getDay(), m < 0, "CN")


def _cn_to_solar(year: int, month: int, day: int, leap: bool) -> date:
    cn = _cn()
    if leap and cn.LunarYear.fromYear(year).getLeapMonth() != month:
        leap = False  # this year has no such leap month: the birthday is kept in the plain month
    m = -month if leap else month
    # Day 30 in a 29-day month -> day 29.
    day = min(day, cn.LunarMonth.fromYm(year, m).getDayCount())
    s = cn.Lunar.fromYmd(year, m, day).getSolar()
    return date(s.getYear(), s.getMonth(), s.getDay())


def _kr_to_solar(year: int, month: int, day: int, leap: bool) -> date | None:
    if not _KR_LUNAR_MIN <= (year, month, day) <= _KR_LUNAR_MAX:
        return None
    with _KR_LOCK:
        k = _kr()
        # setLunarDate returns False for a leap month the year lacks and for day 30
        # of a short month; apply the same fallbacks as for CN.
        if leap and not k.setLunarDate(year, month, 1, True):
            leap = False
        if not k.setLunarDate(year, month, day, leap) and (
            day != 30 or not k.setLunarDate(year, month, 29, leap)
        ):
            return None  # outside KASI's table
        return date(k.solarYear, k.solarMonth, k.solarDay)


@lru_cache(maxsize=65536)
def lunar_to_solar(year: int, month: int, day: int, leap: bool, calendar: str) -> date:
    """Solar date of a lunar date, forgiving in the way a recurring birthday needs.

    A leap-month date in a year without that leap month lands in the plain month,
    and day 30 of a 29-day month lands on day 29, so every lunar birthday occurs
    exactly once per lunar year. Raises ValueError for month/day out of range.
    """
    _check_calendar(calendar)
    error = validate_lunar(month, day, leap)
    if error is not None:
        raise ValueError(error)
    if calendar == "KR":
        result = _kr_to_solar(year, month, day, leap)
        if result is not None:
            return result
        # Outside KASI's table (before 1000 or after lunar 2050-11-18): use CN instead.
    try:
        return _cn_to_solar(year, month, day, leap)
    except ValueError:
        raise
    except Exception as exc:  # lunar_python raises bare Exception for bad input
        raise ValueError(f"cannot convert lunar {year}-{month}-{day}: {exc}") from exc


@lru_cache(maxsize=16384)
def _lunar_occurrences(
    month: int, day: int, leap: bool, calendar: str, start: date, end: date
) -> tuple[date, ...]:
    found: set[date] = set()
    # Lunar year Y runs from late Jan/Feb of Y to late Jan/Feb of Y+1, so a solar
    # window touching year S can hold dates of lunar year S-1 (months 11/12 in Jan/Feb).
    for year in range(max(1, start.year - 1), end.year + 1):
        try:
            d = lunar_to_solar(year, month, day, leap, calendar)
        except ValueError:  # beyond Python's date range at the extremes
            continue
        if start <= d <= end:
            found.add(d)
    return tuple(sorted(found))


def lunar_occurrences_between(
    month: int, day: int, leap: bool, calendar: str, start: date, end: date
) -> list[date]:
    """Every solar day in [start, end] on which a recurring lunar date (e.g. a lunar birthday) falls.

    Cached: a calendar view asks this for each customer, but customers share
    only a few hundred distinct lunar dates.
    """
    _check_calendar(calendar)
    error = validate_lunar(month, day, leap)
    if error is not None:
        raise ValueError(error)
    if end < start:
        return []
    return list(_lunar_occurrences(month, day, leap, calendar, start, end))


@lru_cache(maxsize=16384)
def _solar_occurrences(month: int, day: int, start: date, end: date) -> tuple[date, ...]:
    found: list[date] = []
    for year in range(start.year, end.year + 1):
        if month == 2 and day == 29:
            try:
                d = date(year, 2, 29)
            except ValueError:
                # Feb 29 birthdays are celebrated on Feb 28 in common years.
                d = date(year, 2, 28)
        else:
            d = date(year, month, day)
        if start <= d <= end:
            found.append(d)
    return tuple(found)


def solar_occurrences_between(month: int, day: int, start: date, end: date) -> list[date]:
    """Every day in [start, end] on which a recurring solar date falls; Feb 29 maps to Feb 28 in common years."""
    try:
        # 2000 is a leap year, so this accepts exactly the valid month/day pairs.
        date(2000, month, day)
    except (TypeError, ValueError) as exc:
        raise ValueError(f"invalid solar month/day {month}/{day}") from exc
    if end < start:
        return []
    return list(_solar_occurrences(month, day, start, end))
