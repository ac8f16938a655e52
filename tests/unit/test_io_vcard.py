import quopri

from deskcrm.services import derived
from deskcrm.services.io.csv_export import export_customers_csv, export_vcards
from deskcrm.services.io.vcard import VCardOut, fold, parse_vcards, split_name, write_vcard
from deskcrm.store.models import Customer, CustomerTag, Tag
from tests.io_helpers import empty_customers, import_bytes, plan_bytes

ANDROID = (
    "BEGIN:VCARD\r\n"
    "VERSION:2.1\r\n"
    "N;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:=E7=8E=8B;=E5=B0=8F=E6=98=8E;;;\r\n"
    "FN;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:=E5=B0=8F=E6=98=8E =E7=8E=8B\r\n"
    "TEL;CELL:138-0013-8000\r\n"
    "TEL;HOME:021 5555 1234\r\n"
    "TEL;WORK:021 5555 9999\r\n"
    "NOTE;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:=E5=96=9C=E6=AC=A2=E8=93=9D=E8=\r\n"
    "=89=B2=E8=A1=AC=E8=A1=AB\r\n"
    "END:VCARD\r\n"
)
IOS = (
    "BEGIN:VCARD\r\n"
    "VERSION:3.0\r\n"
    "PRODID:-//Apple Inc.//iPhone OS 17.0//EN\r\n"
    "N:김;민수;;;\r\n"
    "FN:김민수\r\n"
    "ORG:한빛상사;영업부\r\n"
    "TITLE:과장\r\n"
    "item1.TEL;type=pref:+82 10-1234-5678\r\n"
    "EMAIL;type=INTERNET;type=HOME:minsu@example.com\r\n"
    "EMAIL;type=INTERNET;type=WORK:minsu@hanbit.example\r\n"
    "BDAY;X-APPLE-OMIT-YEAR=1604:1604-03-05\r\n"
    "CATEGORIES:단골,VIP\r\n"
    "ADR;TYPE=HOME:;;테헤란로 1;서울;강남구;06236;대한민국\r\n"
    "NOTE:first line\\nsecond\\, with comma\r\n"
    "END:VCARD\r\n"
)
GOOGLE = (
    "BEGIN:VCARD\nVERSION:3.0\nFN:Anna Lee\nN:Lee;Anna;;;\nBDAY:--0704\n"
    "TEL;TYPE=CELL:+86 139 1234 5678\nNOTE:a very long note that goes on and on so that the "
    "\n line is folded by the phone at seventy-five octets\nEND:VCARD\n"
    "BEGIN:VCARD\nVERSION:4.0\nFN:Bo\nBDAY:19851231T000000Z\nEND:VCARD\n"
)


def test_android_quoted_printable_cjk_with_soft_breaks_and_several_phones():
    (card,) = parse_vcards(ANDROID)[0]
    assert card.name == "王小明"  # N's family+given wins over FN's western order
    assert (card.family, card.given) == ("王", "小明")
    assert card.phones == ("138-0013-8000", "021 5555 1234", "021 5555 9999")
    assert card.note == "喜欢蓝色衬衫"


def test_ios_year_less_1604_birthday_org_title_categories_and_escapes():
    (card,) = parse_vcards(IOS)[0]
    assert card.name == "김민수" and card.birthday == "1604-03-05"
    assert card.occupation == "과장 · 한빛상사 영업부"
    assert card.categories == ("단골", "VIP")
    assert (card.street, card.city, card.region) == ("테헤란로 1", "서울", "강남구")
    assert card.note == "first line\nsecond, with comma"
    assert card.emails == ("minsu@example.com", "minsu@hanbit.example")


def test_google_folded_lines_and_year_less_and_timestamped_birthdays():
    anna, bo = parse_vcards(GOOGLE)[0]
    assert anna.name == "Anna Lee" and anna.birthday == "--0704"
    assert anna.note.endswith("goes on and on so that the line is folded by the phone at seventy-five octets")
    assert bo.birthday == "19851231"


def test_vcards_import_through_the_same_checks(db):
    plan, result = import_bytes((ANDROID + IOS + GOOGLE).encode(), name="contacts.vcf")
    assert not plan.errors and result.created == 4
    wang = Customer.get(Customer.name == "王小明")
    assert (wang.phone, wang.phone2) == ("138-0013-8000", "021 5555 1234")
    assert "021 5555 9999" in wang.notes  # a third phone is kept in the notes
    kim = Customer.get(Customer.name == "김민수")
    assert (kim.birth_year, kim.birth_month, kim.birth_day) == (None, 3, 5)
    assert kim.email == "minsu@example.com" and "minsu@hanbit.example" in kim.notes
    assert (kim.city, kim.district, kim.occupation) == ("서울", "강남구", "과장 · 한빛상사 영업부")
    assert Customer.get(Customer.name == "Anna Lee").birth_month == 7
    assert Customer.get(Customer.name == "Bo").birth_year == 1985


def test_a_bad_birthday_in_a_vcard_is_reported_at_its_line(db):
    plan = plan_bytes(b"BEGIN:VCARD\nVERSION:3.0\nFN:X\nEND:VCARD\n"
                      b"BEGIN:VCARD\nVERSION:3.0\nFN:Y\nBDAY:1990-13-40\nEND:VCARD\n", name="c.vcf")
    assert [(e.line, e.column) for e in plan.errors] == [(5, "BDAY")]


def test_writer_escapes_and_folds_at_75_octets_without_splitting_characters():
    card = VCardOut(name="欧阳娜娜", phones=("13800138000",), notes="说明; with, commas\n" + "很长的备注" * 20)
    text = write_vcard(card)
    for line in text.split("\r\n"):
        assert len(line.encode()) <= 75
    assert "N:欧阳;娜娜;;;" in text
    assert "NOTE:说明\\; with\\, commas\\n" in text.replace("\r\n ", "")
    (back,) = parse_vcards(text)[0]
    assert back.note == card.notes and back.name == "欧阳娜娜"


def test_fold_keeps_short_lines_and_split_name():
    assert fold("FN:Anna") == "FN:Anna\r\n"
    assert split_name("Anna Lee") == ("Lee", "Anna")
    assert split_name("김민수") == ("김", "민수") and split_name("남궁민") == ("남궁", "민")


def _add(name, phone="", phone2="", year=None, month=None, day=None, calendar="solar", leap=False, tags=()):
    c = Customer(name=name, phone=phone, phone2=phone2, birth_year=year, birth_month=month,
                 birth_day=day, birth_calendar=calendar, birth_leap=leap, email="", notes="",
                 city="", address="")
    derived.refresh(c, tags=list(tags))
    c.save()
    for t in tags:
        tag, _ = Tag.get_or_create(name=t)
        CustomerTag.create(customer=c, tag=tag)


PEOPLE = [
    dict(name="王小明", phone="13800138000", year=1990, month=3, day=5, tags=("VIP",)),
    dict(name="김민수", phone="010-1234-5678", phone2="02-555-1234", month=12, day=24),
    dict(name="陳美玲", phone="0912345678", month=8, day=15, calendar="CN"),
    dict(name="이영희", phone="010-2222-3333", month=4, day=10, calendar="KR", leap=True),
    dict(name="Anna Lee", phone="+86 139 1234 5678", year=2000, month=2, day=29),
    dict(name="欧阳娜娜", phone="13700001111"),
]
FACTS = ("name", "phone", "phone2", "birth_year", "birth_month", "birth_day", "birth_calendar", "birth_leap")


def _snapshot():
    rows = Customer.select().order_by(Customer.name)
    return [tuple(getattr(c, f) for f in FACTS) + (tuple(derived.tag_names(c.id)),) for c in rows]


def _round_trip(tmp_path, export, suffix):
    # one store both ways, emptied in between, so the round trip runs on each engine
    for person in PEOPLE:
        _add(**person)
    out = tmp_path / f"customers.{suffix}"
    assert export(out) == len(PEOPLE)
    before = _snapshot()
    empty_customers()
    plan, result = import_bytes(out.read_bytes(), name=out.name)
    assert not plan.errors and result.created == len(PEOPLE)
    return before, _snapshot()


def test_vcard_round_trip_keeps_names_phones_birthdays_and_lunar_ones(db, tmp_path):
    before, after = _round_trip(tmp_path, export_vcards, "vcf")
    assert after == before


def test_vcard_4_round_trip(db, tmp_path):
    before, after = _round_trip(tmp_path, lambda out: export_vcards(out, version="4.0"), "vcf")
    assert after == before


def test_csv_round_trip(db, tmp_path):
    before, after = _round_trip(tmp_path, export_customers_csv, "csv")
    assert after == before


def test_quopri_sanity():
    # the fixture above is real QP: decoding it by hand gives the same name
    assert quopri.decodestring(b"=E7=8E=8B").decode() == "王"
