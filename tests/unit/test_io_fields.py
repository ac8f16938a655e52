import pytest

from deskcrm.services.io.columns import KEEP_NOTE, map_headers
from deskcrm.services.io.fields import (
    Birthday,
    parse_amount,
    parse_birthday,
    parse_calendar,
    parse_gender,
    split_tags,
)


def test_headers_in_chinese_korean_and_english_map_to_fields():
    assert map_headers(["姓名", "電話", "生日", "标签"]) == ["name", "phone", "birthday", "tags"]
    assert map_headers(["이름", "전화번호", "생년월일", "메모"]) == ["name", "phone", "birthday", "notes"]
    assert map_headers(["\ufeffName", "E-mail", "Date of birth", "Shoe size"]) == [
        "name", "email", "birthday", "shoe_size"]


def test_every_phone_column_is_a_phone_and_unknown_columns_are_kept_as_notes():
    assert map_headers(["Name", "Phone", "Mobile", "Mobile", "Favourite colour"]) == [
        "name", "phone", "phone", "phone", KEEP_NOTE]


@pytest.mark.parametrize("text, expected", [
    ("1990-03-05", Birthday(1990, 3, 5)),
    ("1990/3/5", Birthday(1990, 3, 5)),
    ("19900305", Birthday(1990, 3, 5)),
    ("1990年3月5日", Birthday(1990, 3, 5)),
    ("1990년 3월 5일", Birthday(1990, 3, 5)),
    ("3月5日", Birthday(None, 3, 5)),
    ("--03-05", Birthday(None, 3, 5)),
    ("--0305", Birthday(None, 3, 5)),
    ("1604-03-05", Birthday(None, 3, 5)),
    ("--02-29", Birthday(None, 2, 29)),
    ("２０００－０２－２９", Birthday(2000, 2, 29)),
])
def test_birthdays_with_and_without_year(text, expected):
    assert parse_birthday(text, 2025) == (expected, None)


@pytest.mark.parametrize("text", ["1990-02-30", "1990-13-01", "1999-02-29", "2031-01-01", "soon", "1850-01-01"])
def test_bad_birthdays_have_a_reason(text):
    value, reason = parse_birthday(text, 2025)
    assert value is None and reason


def test_amounts_in_minor_units():
    assert parse_amount("1,234.50", 2) == (123450, None)
    assert parse_amount("¥12", 2) == (1200, None)
    assert parse_amount("₩12,000", 0) == (12000, None)
    assert parse_amount("-3.1", 2) == (-310, None)
    assert parse_amount("1.005", 2)[0] is None
    assert parse_amount("12,000.5", 0)[0] is None
    assert parse_amount("abc", 2)[0] is None


def test_gender_calendar_and_tags():
    assert parse_gender("女")[0] == "F" and parse_gender("남")[0] == "M" and parse_gender("Female")[0] == "F"
    assert parse_gender("?")[0] is None
    assert parse_calendar("음력", "CN")[0] == "KR"
    assert parse_calendar("农历", "KR")[0] == "CN"
    assert parse_calendar("lunar", "KR")[0] == "KR"
    assert parse_calendar("", "KR")[0] == "solar"
    assert split_tags("VIP; 老客户、VIP,단골") == ["VIP", "老客户", "단골"]
