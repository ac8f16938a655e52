"""Files in the exact layouts Google, Outlook, phones and shop sheets write import whole."""

from pathlib import Path

import pytest

from deskcrm.services.io.columns import KEEP_NOTE, LABEL, map_headers
from deskcrm.services.io.csv_import import ImportFileError
from deskcrm.services.io.fields import clean_phone, parse_birthday, parse_gender
from deskcrm.services.io.vcard import parse_vcards
from deskcrm.store.models import Customer, RelatedPerson
from tests.io_helpers import import_bytes, plan_bytes

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"


def _import(name):
    plan, result = import_bytes((FIXTURES / name).read_bytes(), name)
    assert not plan.errors, plan.errors
    return plan, {c.name: c for c in Customer.select()}


def test_google_old_layout_keeps_every_phone_email_and_the_address(db):
    _plan, people = _import("google_old.csv")
    wang = people["王小明"]
    assert (wang.phone, wang.phone2) == ("+86 138 0013 8000", "010-6552-1234")
    assert (wang.birth_year, wang.birth_month, wang.birth_day, wang.gender) == (1985, 7, 4, "M")
    assert wang.email == "wang@example.com" and "xm.wang@corp.example" in wang.notes
    assert "Work: 010-6552-9999" in wang.notes and "Home: 021-5888-0000" in wang.notes
    assert wang.address.startswith("上海市浦东新区世纪大道100号") and wang.city == "上海市"
    assert "世纪大道100号" not in wang.notes  # the street is already in the address
    assert wang.occupation == "某某贸易公司 · 经理 · 销售部" and "Nickname: 明明" in wang.notes
    assert people["Anna Lee"].birth_year is None and people["Anna Lee"].birth_month == 12


def test_google_new_layout_labels_relations_and_groups(db):
    _plan, people = _import("google_new.csv")
    kim = people["김민수"]
    assert (kim.phone, kim.phone2, kim.email) == ("010-1234-5678", "02-555-1234", "minsu@example.kr")
    assert kim.occupation == "한빛상사 · 대리"
    assert [(r.name, r.relation) for r in RelatedPerson.select()] == [("이지은", "spouse")]
    assert people["Lucy Ann Baker"].form_of_address == "Mrs."


@pytest.mark.parametrize("name", ["outlook_en.csv", "outlook_zh.csv"])
def test_outlook_layouts_put_the_mobile_first_and_the_title_in_the_form_of_address(db, name):
    _plan, people = _import(name)
    first = people["Anna Lee" if name == "outlook_en.csv" else "王小明"]
    assert first.phone in ("(415) 555-0101", "13800138000")  # the mobile, not the home phone
    assert first.phone2 and first.email and first.birth_month in (3, 7)
    assert first.form_of_address in ("Ms.", "先生") and first.occupation in ("Acme · Buyer", "某某贸易公司 · 经理")
    assert "0/0/00" not in first.notes and "普通" not in first.notes
    second = people["Bo Kim" if name == "outlook_en.csv" else "李娜"]
    assert second.phone_digits in ("13800138000", "13912345678") and second.birth_month is None
    assert RelatedPerson.select().where(RelatedPerson.relation == "spouse").count() == 1


@pytest.mark.parametrize("name, who, calendar", [
    ("shop_gb18030.csv", "王芳", "CN"), ("shop_big5.csv", "陳美玲", "CN"), ("shop_euckr.csv", "김민수", "KR"),
])
def test_shop_sheets_in_legacy_encodings_keep_lunar_birthdays_lunar(db, name, who, calendar):
    _plan, people = _import(name)
    lunar = people[who]
    assert lunar.birth_calendar == calendar and lunar.phone and lunar.notes
    assert all(c.phone for c in people.values())


def test_vcards_from_ios_android_outlook_and_vcard4(db):
    for name in ("ios.vcf", "android21.vcf", "outlook.vcf", "vcard4.vcf"):
        plan, _result = import_bytes((FIXTURES / name).read_bytes(), name)
        assert not plan.errors, (name, plan.errors)
    people = {c.name: c for c in Customer.select()}
    assert people["王小明"].phone == "+86 138 0013 8000" and people["王小明"].birth_year is None
    mei = people["陈美玲"]
    assert mei.notes == "喜歡綠色洋裝，週末來店 C:\\shop\\notes"  # no '=' left, backslashes kept
    assert people["only.email@example.com"].email == "only.email@example.com"
    assert people["Anna Lee"].phone == "(415) 555-0101"  # CELL first though listed second
    jean = people["Jean Tremblay"]
    assert (jean.phone, jean.phone2) == ("+1-418-262-6501", "+1-418-656-9254")  # the cell first
    assert "Extension 102 for +1-418-656-9254" in jean.notes
    relations = {(r.name, r.relation) for r in RelatedPerson.select()}
    assert {("李丽", "spouse"), ("Marie Tremblay", "spouse")} <= relations


def test_a_card_with_only_an_email_is_filed_with_a_warning(db):
    plan = plan_bytes(b"BEGIN:VCARD\r\nVERSION:3.0\r\nEMAIL:a@b.example\r\nEND:VCARD\r\n", "x.vcf")
    assert [w.reason for w in plan.warnings] == ["no name: filed under a@b.example"]


def test_unterminated_cards_and_files_without_cards_are_reported(db):
    plan = plan_bytes(b"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Anna\r\n", "x.vcf")
    assert [e.line for e in plan.errors] == [1] and not plan.rows
    with pytest.raises(ImportFileError):
        plan_bytes(b"hello\r\n", "x.vcf")


def test_quoted_parameters_nested_cards_and_shift_jis(db):
    cards, _ = parse_vcards('BEGIN:VCARD\nVERSION:4.0\nFN:A\nADR;LABEL="a: b";TYPE=home:;;1 St;X;;;\n'
                            "AGENT:BEGIN:VCARD\nFN:Inner\nEND:VCARD\nTEL:123456\nEND:VCARD\n")
    assert [c.name for c in cards] == ["A", "Inner"] and cards[0].street == "1 St"
    assert cards[0].phones == ("123456",)
    sjis = "名前,電話\n山田花子,090-1234-5678\nさとう,080-1111-2222\n".encode("shift_jis")
    assert plan_bytes(sjis).rows[0].name == "山田花子"


@pytest.mark.parametrize("text, order, expected", [
    ("3/5/1985", "MDY", (1985, 3, 5)), ("3/5/1985", "DMY", (1985, 5, 3)), ("85-07-04", "MDY", (1985, 7, 4)),
    ("901225", "MDY", (1990, 12, 25)), ("1985-07-04 00:00:00", "MDY", (1985, 7, 4)),
])
def test_dates_as_people_write_them(text, order, expected):
    bday, problem = parse_birthday(text, 2026, order=order)
    assert problem is None and (bday.year, bday.month, bday.day) == expected


def test_lunar_days_are_checked_by_the_lunar_calendar():
    assert parse_birthday("1987-02-29", 2026, lunar=True)[1] is None
    assert parse_birthday("1990-02-30", 2026, lunar=True)[1] is None
    assert parse_birthday("1987-02-29", 2026)[1] == "1987 has no 29 February"


def test_excel_phones_and_export_genders():
    assert clean_phone("'13800138000")[0].number == "13800138000"
    assert clean_phone("1.3800138000E+10")[0].number == "13800138000"
    assert clean_phone("13800138000.0")[0].number == "13800138000"
    assert clean_phone("1.38001E+10")[0] is None  # the digits are gone: refused, not stored wrong
    assert [parse_gender(g)[0] for g in ("未指定", "O", "U", "Unspecified")] == ["", "X", "", ""]


def test_a_lossy_excel_phone_is_a_row_error_naming_the_fix(db):
    plan = plan_bytes("姓名,手机号码\n王小明,1.38001E+10\n".encode())
    assert "format the column as Text" in plan.errors[0].reason


def test_google_type_columns_are_labels_and_unknown_columns_notes():
    mapping = map_headers(["Phone 1 - Type", "Phone 1 - Value", "Website 1 - Value", "Photo"])
    assert mapping == [LABEL, "phone", KEEP_NOTE, None]
