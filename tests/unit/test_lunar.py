"""Lunar conversion checked against published dates (KASI for KR, the PRC calendar for CN)."""

from datetime import date

import pytest

from deskcrm.services.lunar import (
    LunarDate,
    lunar_occurrences_between,
    lunar_to_solar,
    solar_occurrences_between,
    solar_to_lunar,
    validate_lunar,
)

# --- New Year: the two calendars differ in 2027 and 2028 --------------------------------


def test_chinese_new_year_2027_is_feb_6() -> None:
    assert lunar_to_solar(2027, 1, 1, False, "CN") == date(2027, 2, 6)


def test_seollal_2027_is_feb_7() -> None:
    assert lunar_to_solar(2027, 1, 1, False, "KR") == date(2027, 2, 7)


def test_chinese_new_year_2028_is_jan_26() -> None:
    assert lunar_to_solar(2028, 1, 1, False, "CN") == date(2028, 1, 26)


def test_seollal_2028_is_jan_27() -> None:
    # The new moon is at 23:12 Beijing time on 26 Jan 2028, i.e. 00:12 KST on 27 Jan,
    # so KASI's Seollal (and the Korean public holiday) is the 27th, not the 26th.
    assert lunar_to_solar(2028, 1, 1, False, "KR") == date(2028, 1, 27)


def test_seollal_2026_matches_chinese_new_year() -> None:
    assert lunar_to_solar(2026, 1, 1, False, "KR") == date(2026, 2, 17)
    assert lunar_to_solar(2026, 1, 1, False, "CN") == date(2026, 2, 17)


def test_mid_autumn_and_chuseok_2026() -> None:
    assert lunar_to_solar(2026, 8, 15, False, "CN") == date(2026, 9, 25)
    assert lunar_to_solar(2026, 8, 15, False, "KR") == date(2026, 9, 25)


def test_dragon_boat_2026() -> None:
    assert lunar_to_solar(2026, 5, 5, False, "CN") == date(2026, 6, 19)


# --- solar -> lunar ----------------------------------------------------------------------


def test_solar_to_lunar_new_year_days() -> None:
    assert solar_to_lunar(date(2027, 2, 6), "CN") == LunarDate(2027, 1, 1, False, "CN")
    # Same solar day is still the last day of the old year in Korea.
    assert solar_to_lunar(date(2027, 2, 6), "KR") == LunarDate(2026, 12, 30, False, "KR")
    assert solar_to_lunar(date(2027, 2, 7), "KR") == LunarDate(2027, 1, 1, False, "KR")


def test_solar_to_lunar_leap_month() -> None:
    # Leap 4th month of 2020 began on 23 May 2020.
    assert solar_to_lunar(date(2020, 5, 23), "CN") == LunarDate(2020, 4, 1, True, "CN")
    assert solar_to_lunar(date(2020, 5, 23), "KR") == LunarDate(2020, 4, 1, True, "KR")
    assert solar_to_lunar(date(2020, 5, 22), "CN") == LunarDate(2020, 4, 30, False, "CN")


def test_round_trip_over_a_year() -> None:
    for cal in ("CN", "KR"):
        d = date(2025, 1, 1)
        while d.year == 2025:
            ld = solar_to_lunar(d, cal)
            assert lunar_to_solar(ld.year, ld.month, ld.day, ld.leap, cal) == d
            d = date.fromordinal(d.toordinal() + 1)


def test_kr_outside_kasi_table_falls_back_to_cn() -> None:
    ld = solar_to_lunar(date(2060, 1, 1), "KR")
    assert ld.calendar == "CN"
    assert ld == solar_to_lunar(date(2060, 1, 1), "CN")
    assert lunar_to_solar(2060, 1, 1, False, "KR") == lunar_to_solar(2060, 1, 1, False, "CN")


def test_unknown_calendar_rejected() -> None:
    with pytest.raises(ValueError):
        solar_to_lunar(date(2026, 1, 1), "JP")
    with pytest.raises(ValueError):
        lunar_to_solar(2026, 1, 1, False, "JP")


# --- fallbacks ---------------------------------------------------------------------------


def test_leap_month_exists() -> None:
    assert lunar_to_solar(2020, 4, 1, True, "CN") == date(2020, 5, 23)
    assert lunar_to_solar(2020, 4, 1, False, "CN") == date(2020, 4, 23)
    assert lunar_to_solar(2025, 6, 1, True, "CN") == date(2025, 7, 25)
    assert lunar_to_solar(2025, 6, 1, False, "CN") == date(2025, 6, 25)


@pytest.mark.parametrize("calendar", ["CN", "KR"])
def test_leap_month_missing_falls_back_to_plain_month(calendar: str) -> None:
    # 2021 has no leap 4th month, 2026 no leap 6th month.
    assert lunar_to_solar(2021, 4, 10, True, calendar) == lunar_to_solar(
        2021, 4, 10, False, calendar
    )
    assert lunar_to_solar(2021, 4, 10, True, calendar) == date(2021, 5, 21)
    assert lunar_to_solar(2026, 6, 1, True, calendar) == lunar_to_solar(2026, 6, 1, False, calendar)


def test_day_30_in_29_day_month_falls_back_to_day_29() -> None:
    # CN 12th month of lunar 2026 has 29 days: 12/29 is 5 Feb 2027, the eve of Chinese New Year.
    assert lunar_to_solar(2026, 12, 29, False, "CN") == date(2027, 2, 5)
    assert lunar_to_solar(2026, 12, 30, False, "CN") == date(2027, 2, 5)
    # In Korea the same month has 30 days (Seollal is a day later), so no fallback.
    assert lunar_to_solar(2026, 12, 30, False, "KR") == date(2027, 2, 6)


def test_day_30_fallback_kr() -> None:
    # Lunar 2026 month 2 has 29 days in both calendars (2/29 = 16 Apr 2026, 3/1 = 17 Apr).
    assert lunar_to_solar(2026, 3, 1, False, "KR") == date(2026, 4, 17)
    assert lunar_to_solar(2026, 2, 30, False, "KR") == date(2026, 4, 16)
    assert lunar_to_solar(2026, 2, 30, False, "CN") == date(2026, 4, 16)


@pytest.mark.parametrize(("month", "day"), [(13, 1), (0, 1), (1, 31), (1, 0)])
def test_impossible_lunar_dates_raise(month: int, day: int) -> None:
    with pytest.raises(ValueError):
        lunar_to_solar(2026, month, day, False, "CN")
    with pytest.raises(ValueError):
        lunar_to_solar(2026, month, day, False, "KR")


# --- recurring occurrences ---------------------------------------------------------------


@pytest.mark.parametrize("calendar", ["CN", "KR"])
def test_12th_month_date_found_across_year_boundary(calendar: str) -> None:
    # Lunar 12/10 of lunar year 2026 is 17 Jan 2027; the window starts in solar 2026.
    found = lunar_occurrences_between(12, 10, False, calendar, date(2026, 12, 1), date(2027, 2, 28))
    assert found == [date(2027, 1, 17)]


def test_lunar_new_year_occurrences_over_several_years() -> None:
    found = lunar_occurrences_between(1, 1, False, "CN", date(2026, 1, 1), date(2028, 12, 31))
    assert found == [date(2026, 2, 17), date(2027, 2, 6), date(2028, 1, 26)]


def test_early_lunar_year_start_in_january_is_found() -> None:
    # Lunar 2028 starts 26 Jan 2028; a January-only window must still see 1/1.
    assert lunar_occurrences_between(1, 1, False, "CN", date(2028, 1, 1), date(2028, 1, 31)) == [
        date(2028, 1, 26)
    ]


def test_leap_birthday_occurrences_fall_back() -> None:
    # Born in leap 4th month 2020: in 2020 on the leap month, in 2021 on the plain 4th month.
    found = lunar_occurrences_between(4, 1, True, "CN", date(2020, 1, 1), date(2021, 12, 31))
    assert found == [date(2020, 5, 23), date(2021, 5, 12)]


def test_occurrences_empty_when_outside_range() -> None:
    assert lunar_occurrences_between(8, 15, False, "CN", date(2026, 1, 1), date(2026, 3, 1)) == []
    assert lunar_occurrences_between(8, 15, False, "CN", date(2026, 12, 1), date(2026, 1, 1)) == []


def test_occurrences_reject_invalid_month() -> None:
    with pytest.raises(ValueError):
        lunar_occurrences_between(13, 1, False, "CN", date(2026, 1, 1), date(2026, 12, 31))


def test_occurrences_result_is_not_shared_cache_state() -> None:
    first = lunar_occurrences_between(8, 15, False, "KR", date(2026, 1, 1), date(2026, 12, 31))
    first.append(date(1999, 1, 1))
    assert lunar_occurrences_between(8, 15, False, "KR", date(2026, 1, 1), date(2026, 12, 31)) == [
        date(2026, 9, 25)
    ]


def test_solar_feb_29_in_common_year_is_feb_28() -> None:
    assert solar_occurrences_between(2, 29, date(2027, 1, 1), date(2027, 12, 31)) == [
        date(2027, 2, 28)
    ]
    assert solar_occurrences_between(2, 29, date(2028, 1, 1), date(2028, 12, 31)) == [
        date(2028, 2, 29)
    ]


def test_solar_occurrences_across_years() -> None:
    found = solar_occurrences_between(12, 31, date(2026, 12, 1), date(2028, 1, 15))
    assert found == [date(2026, 12, 31), date(2027, 12, 31)]
    with pytest.raises(ValueError):
        solar_occurrences_between(2, 30, date(2026, 1, 1), date(2026, 12, 31))


# --- validation and labels ---------------------------------------------------------------


def test_validate_lunar() -> None:
    assert validate_lunar(1, 1, False) is None
    assert validate_lunar(12, 30, True) is None
    assert validate_lunar(13, 1, False) is not None
    assert validate_lunar(0, 1, False) is not None
    assert validate_lunar(1, 31, False) is not None
    assert validate_lunar(1, 0, False) is not None
    assert "month" in (validate_lunar(13, 1, False) or "").lower()
    assert "day" in (validate_lunar(1, 31, False) or "").lower()


def test_labels_are_compact() -> None:
    assert LunarDate(2026, 1, 5, False, "CN").short() == "初五"
    assert LunarDate(2026, 10, 1, False, "CN").short() == "十月"
    assert LunarDate(2020, 4, 1, True, "CN").short() == "闰四月"
    assert LunarDate(2026, 12, 1, False, "CN").label("zh_Hant") == "臘月"
    assert LunarDate(2026, 3, 15, False, "KR").short() == "음3.15"
    assert LunarDate(2020, 4, 2, True, "KR").short() == "윤4.2"
    assert LunarDate(2026, 3, 15, False, "CN").label("en") == "L3/15"
    assert LunarDate(2026, 1, 20, False, "CN").short() == "二十"
    assert LunarDate(2026, 1, 30, False, "CN").short() == "三十"
