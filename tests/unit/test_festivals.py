"""Festival sets, checked against published festival and public-holiday dates."""

from datetime import date

import pytest

from deskcrm.services.festivals import (
    FESTIVAL_SETS,
    closure_days,
    festival_set_for_locale,
    festivals_between,
    next_open_day,
)


def _codes_on(set_codes: list[str], start: date, end: date) -> list[tuple[date, str]]:
    return [(d, f.code) for d, f in festivals_between(set_codes, start, end)]


def test_lunar_new_year_differs_between_cn_and_kr_in_feb_2027() -> None:
    feb = (date(2027, 2, 1), date(2027, 2, 28))
    cn = _codes_on(["CN"], *feb)
    kr = _codes_on(["KR"], *feb)
    assert (date(2027, 2, 6), "spring_festival") in cn
    assert (date(2027, 2, 20), "lantern") in cn
    assert kr == [(date(2027, 2, 7), "seollal")]


def test_both_sets_together_keep_both_new_years_sorted() -> None:
    both = _codes_on(["CN", "KR"], date(2027, 2, 1), date(2027, 2, 28))
    assert both == [
        (date(2027, 2, 6), "spring_festival"),
        (date(2027, 2, 7), "seollal"),
        (date(2027, 2, 20), "lantern"),
    ]


def test_shared_festival_listed_once() -> None:
    found = _codes_on(["CN", "KR", "WEST", "TW_HK"], date(2026, 12, 1), date(2027, 1, 31))
    assert found == [(date(2026, 12, 25), "christmas"), (date(2027, 1, 1), "new_year")]


def test_festivals_2026_published_dates() -> None:
    year = _codes_on(["CN", "KR"], date(2026, 1, 1), date(2026, 12, 31))
    assert (date(2026, 2, 17), "spring_festival") in year
    assert (date(2026, 2, 17), "seollal") in year
    assert (date(2026, 3, 3), "lantern") in year
    assert (date(2026, 5, 8), "parents_day") in year
    assert (date(2026, 5, 10), "mothers_day") in year  # 2nd Sunday of May 2026
    assert (date(2026, 6, 19), "dragon_boat") in year
    assert (date(2026, 9, 25), "mid_autumn") in year
    assert (date(2026, 9, 25), "chuseok") in year
    assert [d for d, _ in year] == sorted(d for d, _ in year)


def test_seollal_2028_uses_korean_calendar() -> None:
    found = {code: d for d, code in _codes_on(["CN", "KR"], date(2028, 1, 1), date(2028, 2, 29))}
    assert found["spring_festival"] == date(2028, 1, 26)
    assert found["seollal"] == date(2028, 1, 27)


def test_mothers_day_second_sunday_of_may() -> None:
    got = [
        d
        for d, code in _codes_on(["WEST"], date(2025, 1, 1), date(2027, 12, 31))
        if code == "mothers_day"
    ]
    assert got == [date(2025, 5, 11), date(2026, 5, 10), date(2027, 5, 9)]


def test_sets_and_names() -> None:
    assert set(FESTIVAL_SETS) == {"CN", "KR", "TW_HK", "WEST"}
    for festivals in FESTIVAL_SETS.values():
        for f in festivals:
            assert set(f.names) == {"en", "zh_Hans", "zh_Hant", "ko"}
            assert all(f.names.values())
    seollal = next(f for f in FESTIVAL_SETS["KR"] if f.code == "seollal")
    assert seollal.name("ko") == "설날"
    assert seollal.name("xx") == "Seollal"


def test_unknown_set_raises() -> None:
    with pytest.raises(KeyError):
        festivals_between(["XX"], date(2026, 1, 1), date(2026, 12, 31))


@pytest.mark.parametrize(
    ("locale", "expected"),
    [
        ("zh_Hans", "CN"),
        ("zh_Hant", "TW_HK"),
        ("ko", "KR"),
        ("en", "WEST"),
        ("zh-TW", "TW_HK"),
        ("fr", "WEST"),
    ],
)
def test_festival_set_for_locale(locale: str, expected: str) -> None:
    assert festival_set_for_locale(locale) == expected


def test_closure_days_kr_2027_includes_seollal_holidays() -> None:
    days = closure_days("KR", 2027)
    assert {date(2027, 2, 6), date(2027, 2, 7), date(2027, 2, 8)} <= days
    assert date(2027, 3, 1) in days  # Independence Movement Day
    assert date(2027, 2, 10) not in days


def test_closure_days_cn_2026_includes_spring_festival() -> None:
    days = closure_days("CN", 2026)
    assert date(2026, 2, 17) in days
    assert date(2026, 10, 1) in days


def test_closure_days_tw_hk_known() -> None:
    assert date(2026, 10, 10) in closure_days("TW", 2026)  # National Day
    assert date(2026, 7, 1) in closure_days("HK", 2026)  # HKSAR Establishment Day


def test_closure_days_returns_fresh_set() -> None:
    days = closure_days("KR", 2027)
    days.add(date(2027, 6, 1))
    assert date(2027, 6, 1) not in closure_days("KR", 2027)


def test_closure_days_unknown_country() -> None:
    with pytest.raises(ValueError):
        closure_days("ZZ", 2026)


def test_next_open_day_skips_closures() -> None:
    closed = {date(2027, 2, 6), date(2027, 2, 7), date(2027, 2, 8)}
    assert next_open_day(date(2027, 2, 6), closed) == date(2027, 2, 9)
    assert next_open_day(date(2027, 2, 5), closed) == date(2027, 2, 5)
    shop_closed = closure_days("KR", 2027) | {date(2027, 2, 10)}
    assert next_open_day(date(2027, 2, 6), shop_closed) == date(2027, 2, 11)


def test_next_open_day_gives_up_on_endless_closure() -> None:
    class AlwaysClosed:
        def __contains__(self, item: object) -> bool:
            return True

    with pytest.raises(ValueError):
        next_open_day(date(2026, 1, 1), AlwaysClosed())
