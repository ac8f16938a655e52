import csv
import datetime as dt
import json
import os
import stat

import icalendar

from deskcrm.services import derived
from deskcrm.services.io.csv_export import (
    CUSTOMER_COLUMNS,
    export_customers_csv,
    export_purchases_csv,
)
from deskcrm.services.io.ical import escape_text, export_calendar
from deskcrm.services.io.personal_export import export_person
from deskcrm.store.models import Complaint, ComplaintStep, Contact, Customer, FollowUp, Purchase
from tests.io_helpers import NOW


def _customer(name="王小明", **kw):
    c = Customer(name=name, phone="13800138000", **kw)
    derived.refresh(c, tags=[])
    c.save()
    return c


def _private(path):
    return stat.S_IMODE(os.stat(path).st_mode) == 0o600


def test_calendar_file_parses_with_a_standard_parser(db, tmp_path):
    wang = _customer()
    long_reason = "生日快乐, 记得问候; 带上新款\\目录\n第二行 " + "很长的说明" * 20
    FollowUp.create(customer=wang, kind="birthday", due_on=dt.date(2025, 3, 5), reason=long_reason,
                    message="王先生，生日快乐！")
    FollowUp.create(customer=wang, kind="post_purchase", due_on=dt.date(2025, 3, 9), status="done")
    FollowUp.create(customer=wang, kind="neglect", due_on=dt.date(2025, 4, 1), status="skipped")
    out = tmp_path / "calendar.ics"
    assert export_calendar(out, now=NOW) == 3
    raw = out.read_bytes()
    assert raw.count(b"\r\n") == raw.count(b"\n")  # CRLF everywhere
    assert all(len(line) <= 75 for line in raw.split(b"\r\n"))
    cal = icalendar.Calendar.from_ical(raw)
    events = cal.walk("VEVENT")
    assert len(events) == 3
    first = events[0]
    assert str(first["UID"]).startswith("followup-") and first["DTSTART"].dt == dt.date(2025, 3, 5)
    assert str(first["SUMMARY"]) == "王小明 · birthday"
    assert str(first["DESCRIPTION"]) == long_reason + "\n\n王先生，生日快乐！"
    assert first["DTSTAMP"].dt.replace(tzinfo=None) == NOW
    assert [str(e["STATUS"]) for e in events] == ["CONFIRMED", "CONFIRMED", "CANCELLED"]
    assert _private(out)


def test_calendar_uids_are_stable_between_exports_and_range_filters(db, tmp_path):
    wang = _customer()
    for day in (1, 15, 28):
        FollowUp.create(customer=wang, kind="manual", due_on=dt.date(2025, 2, day))
    export_calendar(tmp_path / "a.ics", now=NOW)
    export_calendar(tmp_path / "b.ics", now=NOW + dt.timedelta(days=1))
    uids = [[str(e["UID"]) for e in icalendar.Calendar.from_ical(p.read_bytes()).walk("VEVENT")]
            for p in (tmp_path / "a.ics", tmp_path / "b.ics")]
    assert uids[0] == uids[1] and len(set(uids[0])) == 3
    assert export_calendar(tmp_path / "c.ics", now=NOW, start=dt.date(2025, 2, 10), end=dt.date(2025, 2, 20)) == 1


def test_calendar_pages_past_gaps_and_filters_each_row(db, tmp_path):
    """Pages are windows of ids: deleted rows leave gaps, and every filter still holds."""
    from deskcrm.services.io import ical

    wang, li = _customer(), _customer("李丽")
    made = []
    for n in range(ical.PAGE * 2 + 40):
        made.append(FollowUp.create(customer=wang if n % 3 else li, kind="manual",
                                    due_on=dt.date(2025, 1, 1) + dt.timedelta(days=n % 90),
                                    status=("open", "done", "cancelled")[n % 3]))
    gone = [f.id for f in made[ical.PAGE - 20: ical.PAGE + 300]]
    FollowUp.delete().where(FollowUp.id.in_(gone)).execute()
    kept = [f for f in made if f.id not in set(gone)]

    def exported(**kw):
        out = tmp_path / "cal.ics"
        count = export_calendar(out, now=NOW, **kw)
        uids = [str(e["UID"]) for e in icalendar.Calendar.from_ical(out.read_bytes()).walk("VEVENT")]
        assert count == len(uids)
        return [int(u.split("-")[1].split("@")[0]) for u in uids]

    assert exported() == [f.id for f in kept if f.status != "cancelled"]
    start, end = dt.date(2025, 2, 1), dt.date(2025, 2, 20)
    assert exported(statuses=("done",), start=start, end=end, customer_ids=[wang.id]) == [
        f.id for f in kept if f.status == "done" and start <= f.due_on <= end and f.customer_id == wang.id]


def test_escape_text():
    assert escape_text("a,b;c\\d\ne") == "a\\,b\\;c\\\\d\\ne"


def test_customer_csv_has_bom_english_headers_and_is_private(db, tmp_path):
    _customer(birth_month=3, birth_day=5, credit_limit=123450)
    out = tmp_path / "customers.csv"
    seen = []
    assert export_customers_csv(out, progress=lambda done, total: seen.append((done, total))) == 1
    raw = out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(raw.decode("utf-8-sig").splitlines()))
    assert list(rows[0]) == list(CUSTOMER_COLUMNS)
    assert (rows[0]["name"], rows[0]["birthday"], rows[0]["credit_limit"]) == ("王小明", "'--03-05", "1234.50")
    assert seen == [(1, 1)] and _private(out)


def test_customer_export_pages_through_many_rows(db, tmp_path):
    from deskcrm.services.io import csv_export

    Customer.insert_many([{"name": f"c{i}"} for i in range(1203)]).execute()
    seen = []
    csv_export.export_customers_csv(tmp_path / "all.csv", progress=lambda d, t: seen.append(d))
    assert seen == [500, 1000, 1203]
    assert len((tmp_path / "all.csv").read_text(encoding="utf-8-sig").splitlines()) == 1204


def test_purchases_csv(db, tmp_path):
    wang = _customer()
    Purchase.create(customer=wang, purchased_on=dt.date(2025, 1, 2), item="羊毛大衣", amount=129900)
    out = tmp_path / "purchases.csv"
    assert export_purchases_csv(out) == 1
    (row,) = csv.DictReader(out.read_text(encoding="utf-8-sig").splitlines())
    assert (row["customer_name"], row["item"], row["amount"]) == ("王小明", "羊毛大衣", "1299.00")
    assert _private(out)


def test_one_customers_complete_data_as_json_and_text(db, tmp_path):
    wang = _customer(hobbies="钓鱼")
    other = _customer(name="李娜")
    Purchase.create(customer=wang, purchased_on=dt.date(2025, 1, 2), item="羊毛大衣", amount=129900)
    Purchase.create(customer=other, purchased_on=dt.date(2025, 1, 3), item="别人的外套", amount=1)
    Contact.create(customer=wang, at=NOW, note="回访")
    complaint = Complaint.create(customer=wang, description="扣子掉了")
    ComplaintStep.create(complaint=complaint, step=1, data=json.dumps({"description": "扣子掉了"}))
    json_path, text_path = export_person(wang.id, tmp_path / "wang", now=NOW)
    data = json.loads(json_path.read_text(encoding="utf-8"))
    assert data["customer"]["name"] == "王小明" and data["customer"]["hobbies"] == "钓鱼"
    assert "search_text" not in data["customer"]
    assert [p["item"] for p in data["purchases"]] == ["羊毛大衣"]
    assert data["complaints"][0]["steps"][0]["data"] == {"description": "扣子掉了"}
    text = text_path.read_text(encoding="utf-8")
    assert "王小明" in text and "羊毛大衣" in text and "回访" in text and "别人的外套" not in text
    assert _private(json_path) and _private(text_path)
