import json

import pytest

from deskcrm.services.io.csv_import import ImportFileError, detect_encoding, read_csv
from deskcrm.services.io.importer import ImportRefused, apply_import, plan_import, undo_import
from deskcrm.services.io.records import Rules, load_source
from deskcrm.store.models import AuditLog, Customer, ImportBatch, ImportChange, Purchase
from tests.io_helpers import NOW, import_bytes, plan_bytes

CN_ROWS = (
    "姓名,电话,生日,城市,地址,备注\n"
    "王小明,13800138000,1990-03-05,上海市,浦东新区世纪大道100号,喜欢蓝色衬衫\n"
    "张伟,13912345678,1985年7月12日,北京市,朝阳区建国路88号,周末来店\n"
    "陈静,13700001111,--11-20,广州市,天河区体育西路,老客户介绍\n"
)
TW_ROWS = (
    "姓名,電話,生日,城市,備註\n"
    "陳美玲,0912345678,1988-04-01,臺北市,喜歡綠色洋裝\n"
    "林志豪,0922333444,1979-09-09,高雄市,週末來店購買\n"
)
KR_ROWS = (
    "이름,전화번호,생일,주소,메모\n"
    "김민수,010-1234-5678,1990-03-05,서울시 강남구 테헤란로 1,파란 셔츠를 좋아함\n"
    "이영희,010-2222-3333,--12-24,부산시 해운대구,주말에 방문\n"
)


@pytest.mark.parametrize("text, encoding, expected", [
    (CN_ROWS, "gb18030", "gb18030"),
    (TW_ROWS, "big5", "big5hkscs"),
    (KR_ROWS, "euc-kr", "cp949"),
    (KR_ROWS, "cp949", "cp949"),
    (CN_ROWS, "utf-8", "utf-8-sig"),
    (CN_ROWS, "utf-8-sig", "utf-8-sig"),
])
def test_encoding_is_detected(text, encoding, expected):
    data = text.encode(encoding)
    guess = detect_encoding(data)
    assert guess.encoding == expected
    parsed = read_csv(data)
    assert parsed.headers[0] in ("姓名", "이름")
    assert parsed.rows[0][1][0] in ("王小明", "陳美玲", "김민수")


@pytest.mark.parametrize("text, encoding", [(CN_ROWS, "gb18030"), (TW_ROWS, "big5"), (KR_ROWS, "euc-kr")])
def test_legacy_files_import_with_names_intact(db, text, encoding):
    plan, result = import_bytes(text.encode(encoding))
    assert not plan.errors
    names = {line.split(",")[0] for line in text.splitlines()[1:]}
    assert {c.name for c in Customer.select()} == names
    assert result.created == len(names)


def test_bom_is_not_part_of_the_first_header(db):
    plan, _ = import_bytes(("\ufeff" + CN_ROWS).encode("utf-8"))
    assert plan.source.mapping[0] == "name"
    assert Customer.get(Customer.name == "王小明").city == "上海市"


def test_user_can_choose_the_encoding_and_a_wrong_choice_is_reported():
    data = KR_ROWS.encode("euc-kr")
    assert plan_bytes(data, encoding="euc-kr").source.encoding == "cp949"
    with pytest.raises(ImportFileError):
        plan_bytes(data, encoding="utf-8")


BROKEN = (
    "Name,Phone,Birthday,Balance\n"
    "Anna Lee,010-1111-2222,1990-03-05,10.00\n"
    ",010-3333-4444,,\n"  # line 3: missing name
    "Bo Kim,12ab,1990-02-30,\n"  # line 4: bad phone and bad date
    "\"Cho\nPark\",010-5555-6666,,lots\n"  # line 5-6: a quoted line break, bad amount
    "Dae Han,010-7777-8888,--07-01,\n"
)


def test_broken_rows_are_each_reported_with_line_column_and_reason(db):
    plan = plan_bytes(BROKEN.encode())
    got = {(e.line, e.column, e.reason.split(":")[0]) for e in plan.errors}
    assert got == {
        (3, "Name", "missing name"),
        (4, "Phone", "bad phone"),
        (4, "Birthday", "bad date"),
        (5, "Balance", "bad amount"),
    }
    assert plan.bad_lines == (3, 4, 5)
    assert [r.line for r in plan.rows] == [2, 7]


def test_a_file_with_bad_rows_imports_nothing_unless_asked(db):
    plan = plan_bytes(BROKEN.encode())
    with pytest.raises(ImportRefused):
        apply_import(plan, now=NOW)
    assert Customer.select().count() == 0 and ImportBatch.select().count() == 0
    result = apply_import(plan, now=NOW, good_only=True)
    assert (result.created, result.refused) == (2, 3)
    assert sorted(c.name for c in Customer.select()) == ["Anna Lee", "Dae Han"]
    anna = Customer.get(Customer.name == "Anna Lee")
    assert (anna.balance, anna.phone_digits, anna.source) == (1000, "01011112222", "import")
    assert "annalee" in anna.search_text and anna.completeness > 0


def test_the_same_customer_twice_in_one_file_is_a_row_error(db):
    plan = plan_bytes(b"Name,Phone\nAnna,010-1111-2222\nAnna L,+82 10-1111-2222\n")
    assert [(e.line, e.reason) for e in plan.errors] == [(3, "same customer as line 2")]


DUPES = (
    "Name,Phone,Birthday,Email,Tags\n"
    "Anna Lee,010-1111-2222,,anna@example.com,VIP\n"  # same phone as the file on record
    "BO KIM,,1990-03-05,bo@example.com,\n"  # same name (key) and birthday
    "New Person,010-9999-0000,,,\n"
)


def _existing():
    from deskcrm.services import derived

    for name, phone, month, day in (("Anna Lee", "01011112222", None, None), ("Bo Kim", "", 3, 5)):
        c = Customer(name=name, phone=phone, birth_month=month, birth_day=day, notes="kept")
        derived.refresh(c, tags=[])
        c.save()


def test_duplicates_by_phone_or_by_name_and_birthday_are_reported(db):
    _existing()
    plan = plan_bytes(DUPES.encode())
    assert [(d.line, d.existing_name, d.reason) for d in plan.duplicates] == [
        (2, "Anna Lee", "same phone"), (3, "Bo Kim", "same name and birthday")]


def test_skipping_duplicates_imports_only_the_new_ones(db):
    _existing()
    plan = plan_bytes(DUPES.encode())
    result = apply_import(plan, now=NOW, merge=False)
    assert (result.created, result.updated, result.skipped) == (1, 0, 2)
    assert Customer.get(Customer.name == "Anna Lee").email == ""


def test_merging_fills_empty_fields_only_and_records_the_before_values(db):
    _existing()
    plan = plan_bytes(DUPES.encode())
    result = apply_import(plan, now=NOW, merge={2: True, 3: True})
    assert (result.created, result.updated) == (1, 2)
    anna = Customer.get(Customer.name == "Anna Lee")
    assert (anna.email, anna.notes) == ("anna@example.com", "kept")
    assert "vip" in anna.search_text
    change = ImportChange.get(ImportChange.customer_id == anna.id)
    assert json.loads(change.before) == {
        "before": {"email": ""}, "after": {"email": "anna@example.com"}, "tags_added": ["VIP"]}


def test_undo_deletes_created_and_restores_updated_rows(db):
    _existing()
    plan = plan_bytes(DUPES.encode())
    result = apply_import(plan, now=NOW, merge=True, staff_name="Mina")
    # a field the clerk changed after the import keeps the clerk's value
    bo = Customer.get(Customer.name == "Bo Kim")
    bo.email = "bo.new@example.com"
    bo.save()
    undo = undo_import(result.batch_id, now=NOW, staff_name="Mina")
    assert (undo.deleted, undo.restored) == (1, 2)
    assert not Customer.select().where(Customer.name == "New Person").exists()
    anna = Customer.get(Customer.name == "Anna Lee")
    assert anna.email == "" and "vip" not in anna.search_text
    assert Customer.get(Customer.name == "Bo Kim").email == "bo.new@example.com"
    assert ImportBatch.get_by_id(result.batch_id).undone_at == NOW
    assert [a.action for a in AuditLog.select().order_by(AuditLog.id)] == ["import", "undo_import"]
    with pytest.raises(Exception, match="already undone"):
        undo_import(result.batch_id, now=NOW)


def test_undo_keeps_a_created_customer_who_has_bought_since(db):
    _, result = import_bytes(b"Name,Phone\nAnna,010-1111-2222\nBo,010-3333-4444\n")
    anna = Customer.get(Customer.name == "Anna")
    Purchase.create(customer=anna, purchased_on=NOW.date(), item="coat", amount=10000)
    undo = undo_import(result.batch_id, now=NOW)
    assert undo.deleted == 1 and [k[0] for k in undo.kept] == [anna.id]
    assert [c.name for c in Customer.select()] == ["Anna"]


def test_lunar_birthdays_import_with_their_calendar(db):
    import_bytes("이름,생일,음양력,윤달\n김민수,--08-15,음력,\n박지영,04-10,음력,윤\n".encode())
    kim = Customer.get(Customer.name == "김민수")
    assert (kim.birth_month, kim.birth_day, kim.birth_calendar, kim.birth_leap) == (8, 15, "KR", False)
    assert Customer.get(Customer.name == "박지영").birth_leap is True


def test_family_and_given_name_columns_compose_a_name(db):
    import_bytes("姓,名,电话\n王,小明,13800138000\n".encode() + b"Lee,Anna,010-1234-5678\n")
    assert sorted(c.name for c in Customer.select()) == ["Anna Lee", "王小明"]


def test_a_duplicate_deleted_after_the_preview_is_imported_as_new(db):
    _existing()
    plan = plan_bytes(DUPES.encode())
    Customer.delete().where(Customer.name == "Anna Lee").execute()
    seen = []
    result = apply_import(plan, now=NOW, merge=True, progress=lambda done, total: seen.append((done, total)))
    assert (result.created, result.updated) == (2, 1)
    assert Customer.get(Customer.name == "Anna Lee").email == "anna@example.com"
    assert seen[-1] == (3, 3) and all(done <= total for done, total in seen)


def test_bulk_import_links_tags_and_records_every_created_row(db):
    rows = "".join(f"Person {i},010-2000-{i:04d},{'VIP' if i % 2 else 'VIP;新客'}\n" for i in range(1200))
    plan = plan_bytes(("Name,Phone,Tags\n" + rows).encode())
    result = apply_import(plan, now=NOW)
    assert result.created == 1200
    people = {c.name: c for c in Customer.select()}
    assert people["Person 7"].phone_digits == "01020000007" and "vip" in people["Person 7"].search_text
    assert "新客" in people["Person 8"].search_text
    assert ImportChange.select().where(ImportChange.action == "created").count() == 1200
    from deskcrm.services import derived

    assert derived.tag_names(people["Person 8"].id) == ["VIP", "新客"]
    assert derived.tag_names(people["Person 7"].id) == ["VIP"]
    # the keys are the ones a one-by-one save computes
    one = people["Person 9"]
    again = derived.refresh(Customer(name=one.name, phone=one.phone), tags=["VIP"])
    assert (one.name_key, one.pinyin, one.sort_key, one.search_text, one.completeness) == (
        again.name_key, again.pinyin, again.sort_key, again.search_text, again.completeness)
    undo = undo_import(result.batch_id, now=NOW)
    assert undo.deleted == 1200 and Customer.select().count() == 0


def test_a_duplicate_names_the_column_that_matched_and_compares_values(db):
    _existing()
    plan = plan_bytes(DUPES.encode())
    anna, bo = plan.duplicates
    assert (anna.column, anna.value) == ("Phone", "010-1111-2222")
    assert (bo.column, bo.value) == ("Name", "BO KIM")
    assert ("email", "", "anna@example.com") in anna.compare and ("tags", "", "VIP") in anna.compare
    assert ("birthday", "--03-05", "1990-03-05") in bo.compare
    twice = plan_bytes(b"Name,Phone\nAnna,010-1111-2222\nAnna L,+82 10-1111-2222\n")
    assert [(e.column, e.value) for e in twice.errors] == [("Phone", "+82 10-1111-2222")]


def test_the_first_rows_are_kept_raw_so_another_mapping_can_be_previewed(db):
    plan = plan_bytes("姓名,手机号码X\n王小明,13800138000\n".encode())
    assert plan.source.mapping == ("name", "keep_note")
    assert plan.source.sample == (("王小明", "13800138000"),)
    remapped = plan_import(load_source("姓名,手机号码X\n王小明,13800138000\n".encode(), "x.csv",
                                       mapping=("name", "phone")), Rules(NOW.date()))
    assert remapped.rows[0].values["phone"] == "13800138000"


def test_a_customer_on_file_is_found_by_either_of_two_phones(db):
    from deskcrm.services import derived

    for name, phone, phone2 in (("Cho Min", "010-1111-0000", "02-555-1234"), ("Dana Wu", "13800138000", "")):
        c = Customer(name=name, phone=phone, phone2=phone2)
        derived.refresh(c, tags=[])
        c.save()
    plan = plan_bytes(b"name,phone,phone2\n"
                       b"Min Cho,+82 2 555 1234,\n"  # the second phone of a customer with two
                       b"D. Wu,010-7777-8888,+86 138 0013 8000\n"  # the file's second phone
                       b"Someone New,010-2323-4545,\n")
    assert [(d.line, d.existing_name, d.reason, d.column) for d in plan.duplicates] == [
        (2, "Cho Min", "same phone", "phone"), (3, "Dana Wu", "same phone", "phone2")]
    assert [r.name for r in plan.rows if r.line not in {d.line for d in plan.duplicates}] == ["Someone New"]


def test_merge_and_its_undo_score_related_people_and_keep_other_tags(db):
    from deskcrm.services import derived
    from deskcrm.store.models import CustomerTag, ImportantDate, RelatedPerson, Tag

    _existing()
    anna = Customer.get(Customer.name == "Anna Lee")
    RelatedPerson.create(customer=anna, name="Tom Lee", relation="spouse")
    ImportantDate.create(customer=anna, label="wedding", month=6, day=1)
    CustomerTag.create(customer=anna, tag=Tag.create(name="老客户", name_key="老客户"))
    derived.refresh(anna)
    anna.save()
    on_file = {k: getattr(anna, k) for k in ("search_text", "completeness")}
    result = apply_import(plan_bytes(DUPES.encode()), now=NOW, merge=True)
    merged = Customer.get_by_id(anna.id)
    # the scores read in bulk for the chunk are the ones a single save computes
    assert (merged.search_text, merged.completeness) == (
        derived.refresh(Customer.get_by_id(anna.id)).search_text, derived.refresh(merged).completeness)
    assert "vip" in merged.search_text and "老客户" in merged.search_text
    undo_import(result.batch_id, now=NOW)
    back = Customer.get_by_id(anna.id)
    assert {k: getattr(back, k) for k in on_file} == on_file
