import csv
import io
import json

import pytest

from deskcrm.cli import main
from deskcrm.cli.review import parse_week
from deskcrm.services.review import export as review_export
from deskcrm.services.review import figures as review
from deskcrm.services.review.risk import RiskReason
from tests.review_helpers import TODAY, WEEK, at, buy, complaint, customer, day, people


def shop():
    amy, bo = people()
    c = customer("王<小>明", owner=amy, completeness=70, tier="vip", total_spend=123456,
                 last_contact_at=at(day(-60)))
    buy(c, day(-7), 100_00)
    buy(c, day(1), 1234_56)
    complaint(c, at(day(0)), at(day(2)), satisfaction=5, compensation_value=50_00)
    return c


def test_helpers_format():
    assert review_export.money(123456) == "1,234.56"
    assert review_export.money_whole(123456) == "1,235"
    assert review_export.pct(None) == "—" and review_export.pct(0.8) == "80%"
    assert review_export.change(12, 10) == "+20%"
    assert review_export.change(0, 0) == "±0"
    assert review_export.change(3, 0) == "new"
    assert review_export.reason_text(RiskReason("neglected", 40, 30)) == "no contact 40d (over 30d)"
    assert review_export.reason_text(RiskReason("declining", 50, 20)) == "last buy 50d ago, usually every 20d"


def test_tiles_show_this_week_against_the_one_before(db):
    shop()
    tiles = {t.key: t for t in review_export.tiles(review.week(WEEK, TODAY))}
    assert (tiles["revenue"].value, tiles["revenue"].change) == ("1,235", "+1135%")
    assert tiles["revenue"].series[-2:] == (10000.0, 123456.0) and len(tiles["revenue"].series) == 9
    assert (tiles["complaints_closed"].value, tiles["complaints_closed"].change) == ("1", "new")


def test_markdown_holds_every_table(db):
    shop()
    r = review.week(WEEK, TODAY)
    text = review_export.render(r, "md")
    assert text.startswith("# Weekly review 2026-W10: 2026-03-02 to 2026-03-08")
    for t in review_export.tables(r):
        assert f"## {t.title}" in text
        for row in t.rows:
            assert "| " + " | ".join(c.replace("|", "\\|") for c in row) + " |" in text
    assert "| Compensation cost | 50.00 |" in text
    assert "no contact 69d (over 30d)" in text


def test_csv_reads_back_and_html_escapes(db, tmp_path):
    shop()
    r = review.week(WEEK, TODAY)
    path = review_export.write(r, tmp_path / "out" / "week.csv", "csv")
    rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8-sig"))))
    assert rows[0] == ["Weekly review 2026-W10: 2026-03-02 to 2026-03-08"]
    staff_at = rows.index(["Per staff"])
    assert rows[staff_at + 2][:2] == ["Amy", "0"] and rows[staff_at + 2][-3:] == ["1", "70.0", "1"]
    page = review_export.render(r, "html")
    assert "王&lt;小&gt;明" in page and "王<小>明" not in page


def test_json_and_progress(db):
    shop()
    r = review.week(WEEK, TODAY)
    data = json.loads(review_export.render(r, "json"))
    assert data["week"] == "2026-W10" and data["sales"]["revenue"] == 123456
    assert data["at_risk"][0]["reasons"][0]["kind"] == "neglected"
    seen = []
    review_export.render(r, "md", progress=lambda done, total: seen.append((done, total)))
    assert seen[-1] == (11, 11) and len(seen) == 11  # one per table, "Did it work?" included
    with pytest.raises(ValueError):
        review_export.render(r, "pdf")


def test_parse_week():
    assert parse_week("2026-W10") == WEEK
    assert parse_week("2020-W53").isoformat() == "2020-12-28"
    for bad in ("2026-10", "2026-W54", "W10"):
        with pytest.raises(ValueError):
            parse_week(bad)


def test_cli_prints_and_writes_the_same_figures(db, db_path, tmp_path, capsys):
    shop()
    args = ["review", "--db", str(db_path), "--week", "2026-W10", "--today", TODAY.isoformat()]
    assert main(args) == 0
    printed = capsys.readouterr().out
    assert main([*args, "--out", str(tmp_path / "w.md")]) == 0
    assert capsys.readouterr().out.startswith("wrote ")
    assert (tmp_path / "w.md").read_text(encoding="utf-8").strip() == printed.strip()
    assert "| Revenue | 1,235 | 100 | +1135% |" in printed
    assert main([*args, "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out)["complaints"]["closed"] == 1
    assert main(["review", "--db", str(db_path), "--week", "nope"]) == 2
    assert main(["review", "--db", str(tmp_path / "missing.sqlite3")]) == 2
