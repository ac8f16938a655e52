"""`deskcrm agenda`: generates, then prints each person's capped calls and the send list."""

import datetime as dt
import json

from deskcrm.cli import main
from deskcrm.services import settings, staff
from deskcrm.services.followups import add_manual
from deskcrm.store.models import FollowUp
from tests.followup_helpers import buy, customer

ITEM_KEYS = {"id", "customer_id", "customer", "phone", "kind", "reason", "due_on", "status", "group",
             "callable_now", "window", "message", "is_marketing", "reconfirm_consent"}


def _quiet_rules() -> None:
    settings.put("followups.festival_sets", [])
    settings.put("followups.neglect_days", {})
    settings.put("followups.season_days", [])
    settings.put("followups.vip_events", [])


def test_agenda_json_csv_and_text(db, db_path, capsys):
    _quiet_rules()
    wang = customer("王丽", gender="F", birth_month=3, birth_day=12, created_at=dt.datetime(2027, 1, 1))
    buy(wang, dt.date(2027, 3, 3), 250_000, item="羊毛大衣")
    kim = customer("김민수", locale="ko", contact_window_start="18:00", contact_window_end="20:00",
                   created_at=dt.datetime(2027, 1, 1))
    add_manual(kim.id, dt.date(2027, 3, 9), "alteration ready", dt.datetime(2027, 3, 1), None)
    args = ["agenda", "--db", str(db_path), "--date", "2027-03-10", "--at", "10:00"]
    assert main([*args, "--format", "json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert (out["date"], out["days"], out["count"]) == ("2027-03-10", 1, 2)
    assert out["generated"] == 2  # fit check + birthday (visible a week ahead)
    second, first = out["items"]
    # the plan's rank: after-sale and by-hand calls are equally urgent; 王丽 carries the revenue
    assert (first["customer"], first["group"], first["kind"]) == ("김민수", "overdue", "manual")
    assert (second["kind"], second["due_on"], second["group"]) == ("post_purchase", "2027-03-10", "due")
    assert "王女士" in second["message"] and "羊毛大衣" in second["message"]
    assert set(first) >= ITEM_KEYS | {"staff_id", "staff", "planned_on"}
    assert first["planned_on"] == "2027-03-10"
    # the birthday is a message, due on the 12th: not a call, and not yet to send
    assert out["send_list"] == {"count": 0, "groups": []}
    assert main([*args, "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out)["generated"] == 0
    assert main([*args, "--format", "csv", "--days", "3"]) == 0
    lines = capsys.readouterr().out.strip().splitlines()
    assert lines[0].startswith("id,customer_id,customer,phone,kind") and len(lines) == 3
    assert main([*args, "--date", "2027-03-12", "--messages", "--format", "csv"]) == 0
    lines = capsys.readouterr().out.strip().splitlines()
    assert lines[0] == "customer,phone,channel,language,message,followup_id" and "王丽" in lines[1]
    assert main([*args]) == 0
    text = capsys.readouterr().out
    assert text.startswith("Calls 2027-03-10") and "김민수" in text and "Messages to send: 0" in text


def test_each_persons_list_is_capped_ranked_and_carried(db, db_path, capsys):
    _quiet_rules()
    mina = staff.add_staff("Mina")
    staff.add_staff("Joon")  # has room, but never gets Mina's own customers
    settings.put("calls.daily_capacity", 3)
    today = dt.date(2027, 3, 10)  # a Wednesday
    for n in range(8):
        c = customer(f"客{n}", owner=mina.id)
        FollowUp.create(customer=c, kind="neglect", due_on=today - dt.timedelta(days=n), reason="r")
    promise = FollowUp.create(customer=customer("投诉", owner=mina.id), kind="complaint_promise",
                              due_on=today, reason="refund").id
    for n in range(30):  # thirty greetings are the send list, not thirty calls
        FollowUp.create(customer=customer(f"友{n}", locale="ko"), kind="birthday", due_on=today,
                        reason="r", is_marketing=True, dedupe_key=f"birthday:x{n}:2027")
    args = ["agenda", "--db", str(db_path), "--date", today.isoformat(), "--at", "10:00", "--format", "json"]
    assert main([*args, "--days", "3"]) == 0
    out = json.loads(capsys.readouterr().out)
    people = {p["staff"]: p for p in out["staff"]}
    assert [d["count"] for d in people["Mina"]["days"]] == [3, 3, 3]
    assert (people["Mina"]["this_week"], people["Mina"]["later"]) == (6, 0)  # Thu, Fri
    mine = [i for i in out["items"] if i["staff"] == "Mina"]
    assert mine[0]["id"] == promise  # a promised date first
    assert all(i["kind"] != "birthday" for i in out["items"])
    assert out["send_list"]["count"] == 30
    assert out["send_list"]["groups"] == [{"kind": "birthday", "template": "default", "locale": "ko",
                                           "count": 30}]
    assert main([*args, "--staff", "Joon"]) == 0
    assert json.loads(capsys.readouterr().out)["items"] == []
    assert main([*args, "--staff", "Nobody"]) != 0
    capsys.readouterr()
    assert main([*args, "--messages"]) == 0
    [group] = json.loads(capsys.readouterr().out)["send_list"]["groups"]
    assert len(group["messages"]) == 30 and all("님" in m["message"] for m in group["messages"])


def test_the_send_list_pages_by_key_never_by_offset(db, monkeypatch):
    from deskcrm.services import sendlist

    today = dt.date(2027, 3, 10)
    ids = [FollowUp.create(customer=customer(f"客{n:02d}"), kind="birthday", due_on=today, reason="r",
                           is_marketing=True).id for n in range(23)]
    [group] = sendlist.groups(today)
    pages = list(sendlist.group_pages(today, group, size=5))
    assert [len(p) for p in pages] == [5, 5, 5, 5, 3]
    seen = [m.followup_id for p in pages for m in p]
    assert seen == sendlist.group_ids(today, group) and sorted(seen) == sorted(ids)


def test_agenda_refuses_a_missing_file(tmp_path, capsys):
    assert main(["agenda", "--db", str(tmp_path / "none.sqlite3")]) != 0
