import csv
import io
import json

from rich.cells import cell_len

from deskcrm.cli import main
from deskcrm.services.complaints import workflow as complaints
from tests.complaint_helpers import NOW, make_shop, walk


def _fill(db):
    staff_id, customer_id = make_shop()
    done = complaints.open_complaint(customer_id=customer_id, staff_id=staff_id, now=NOW)
    walk(done, staff_id, 9)
    complaints.record_followup_call(done, 3, staff_id=staff_id, now=NOW)
    still = complaints.open_complaint(walk_in_name="김민수", walk_in_phone="01012345678",
                                      staff_id=staff_id, now=NOW)
    walk(still, staff_id, 4)
    return done, still


def test_complaints_cli_formats(db, db_path, capsys):
    done, still = _fill(db)
    assert main(["complaints", "--db", str(db_path), "--format", "json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert [(r["id"], r["status"], r["step"]) for r in rows] == [(still, "open", 5), (done, "closed", 9)]
    assert rows[1]["category"] == "质量" and rows[1]["satisfaction"] == 4
    assert rows[1]["followup_satisfaction"] == 3 and rows[1]["promised"] == "2026-05-15"
    assert main(["complaints", "--db", str(db_path), "--open", "--format", "csv"]) == 0
    table = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert [r["customer"] for r in table] == ["김민수"]
    assert main(["complaints", "--db", str(db_path)]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].startswith("id") and lines[-1] == "2 complaint(s)"
    # CJK names are padded by display width, so the next column starts at one place
    starts = {cell_len(line[: line.index("2026-")]) for line in lines[1:3]}
    assert len(starts) == 1


def test_complaints_cli_missing_file(tmp_path, capsys):
    assert main(["complaints", "--db", str(tmp_path / "none.sqlite3")]) == 2
    assert "does not exist" in capsys.readouterr().err
