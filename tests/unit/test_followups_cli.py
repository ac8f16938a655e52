"""`deskcrm agenda`: generates, then prints the call list; the JSON is a stable contract."""

import datetime as dt
import json

from deskcrm.cli import main
from deskcrm.services import settings
from deskcrm.services.followups import add_manual
from tests.followup_helpers import buy, customer


def test_agenda_json_csv_and_text(db, db_path, capsys):
    settings.put("followups.festival_sets", [])
    settings.put("followups.neglect_days", {})
    wang = customer("王丽", gender="F", birth_month=3, birth_day=12, created_at=dt.datetime(2027, 1, 1))
    buy(wang, dt.date(2027, 3, 3), 250_000, item="羊毛大衣")
    kim = customer("김민수", locale="ko", contact_window_start="18:00", contact_window_end="20:00",
                   created_at=dt.datetime(2027, 1, 1))
    add_manual(kim.id, dt.date(2027, 3, 9), "alteration ready", dt.datetime(2027, 3, 1), None)
    args = ["agenda", "--db", str(db_path), "--date", "2027-03-10", "--at", "10:00"]
    assert main([*args, "--format", "json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert (out["date"], out["days"], out["count"]) == ("2027-03-10", 1, 3)
    assert out["generated"] == 2  # fit check + birthday (visible a week ahead)
    first, second, third = out["items"]
    assert (first["customer"], first["group"], first["kind"], first["callable_now"]) == (
        "김민수", "overdue", "manual", False)
    assert (second["kind"], second["due_on"], second["group"]) == ("post_purchase", "2027-03-10", "due")
    assert "王女士" in second["message"] and "羊毛大衣" in second["message"]
    assert (third["kind"], third["group"]) == ("birthday", "upcoming")
    assert set(first) == {"id", "customer_id", "customer", "phone", "kind", "reason", "due_on",
                          "status", "group", "callable_now", "window", "message", "is_marketing",
                          "reconfirm_consent"}
    assert main([*args, "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out)["generated"] == 0
    assert main([*args, "--format", "csv", "--days", "3"]) == 0
    lines = capsys.readouterr().out.strip().splitlines()
    assert lines[0].startswith("id,customer_id,customer,phone,kind") and len(lines) == 4
    assert main([*args]) == 0
    text = capsys.readouterr().out
    assert text.startswith("Call list 2027-03-10: 3") and "김민수" in text


def test_agenda_refuses_a_missing_file(tmp_path, capsys):
    assert main(["agenda", "--db", str(tmp_path / "none.sqlite3")]) != 0
