"""Follow-up reasons are stored as codes with parameters and read in the viewer's language.

Migration 4 adds the columns to an old file; rows from before keep their text.
"""

import datetime as dt
import re
import sqlite3

import pytest

from deskcrm import i18n
from deskcrm.services import agenda, settings
from deskcrm.services.card import card as customer_card
from deskcrm.services.followups import generate, reasons
from deskcrm.services.followups.reasons import Reason
from deskcrm.store import schema_check
from deskcrm.store.db import open_database
from deskcrm.store.models import FollowUp, ImportantDate, RelatedPerson
from tests.followup_helpers import buy, customer

TODAY = dt.date(2026, 12, 1)
NOW = dt.datetime(2026, 12, 1, 2)


@pytest.fixture
def korean_then_english():
    yield
    i18n.set_language("en")


def _quiet_rules() -> None:
    for key, value in (("followups.season_days", []), ("followups.vip_events", []),
                       ("followups.neglect_days", {})):
        settings.put(key, value)


def test_generated_reasons_are_codes_read_in_each_viewers_language(db, korean_then_english):
    _quiet_rules()
    settings.put("shop.currency", "KRW")
    settings.put("followups.festival_sets", ["KR"])
    kim = customer("김민수", locale="ko", birth_year=1986, birth_month=12, birth_day=5)
    child = RelatedPerson.create(customer=kim, name="김하늘", relation="child", birth_month=12, birth_day=6)
    ImportantDate.create(customer=kim, label="결혼기념일", month=12, day=7, year=2010)
    buy(kim, TODAY, 3_000_000)
    generate(TODAY, TODAY + dt.timedelta(days=10), TODAY, NOW)
    rows = {f.kind: f for f in FollowUp.select().where(FollowUp.customer == kim.id)}
    birthday, after_sale = rows["birthday"], rows["post_purchase"]
    # stored: a code and its parameters, no words
    assert birthday.reason == "" and birthday.reason_code == "birthday"
    assert reasons.load(birthday.reason_params) == {"cal": "solar", "month": 12, "day": 5, "leap": False,
                                                     "age": 40}
    assert reasons.load(after_sale.reason_params)["amount"] == 3_000_000
    assert reasons.of(birthday) == "Birthday 12-05 · turns 40"
    assert reasons.of(after_sale).startswith("Fit check after purchase 2026-12-01 (₩3,000,000)")
    related = FollowUp.get(FollowUp.dedupe_key.startswith(f"date:related:{child.id}:"))
    assert reasons.of(related) == "Birthday of child 김하늘 12-06"
    i18n.set_language("ko")
    assert reasons.of(birthday) != "Birthday 12-05 · turns 40" and "40" in reasons.of(birthday)
    assert "Birthday" not in reasons.of(related) and "김하늘" in reasons.of(related)
    assert "Fit check" not in reasons.of(after_sale) and "₩3,000,000" in reasons.of(after_sale)
    # the same rows read in the calendar and on the card, in her language
    [item] = [i for i in agenda.call_list(TODAY + dt.timedelta(days=7), dt.time(10)) if i.kind == "post_purchase"]
    assert item.reason == reasons.of(after_sale)
    card = customer_card(kim.id, TODAY)
    assert reasons.of(birthday) in {f.reason for f in card.followups}


def test_a_festival_is_named_in_the_viewers_language_not_the_shops(db, korean_then_english):
    _quiet_rules()
    settings.put("shop.locale", "ko")
    settings.put("followups.festival_sets", ["KR"])
    customer("김민수", locale="ko")
    generate(dt.date(2027, 1, 20), dt.date(2027, 2, 10), dt.date(2027, 1, 20), NOW)  # 14 days early
    seollal = FollowUp.get(FollowUp.kind == "festival")
    assert seollal.reason_code == "festival" and reasons.load(seollal.reason_params)["festival"] == "seollal"
    english = reasons.of(seollal)
    i18n.set_language("ko")
    assert "설날" in reasons.of(seollal) and reasons.of(seollal) != english


def test_neglect_reason_is_built_in_sql_with_each_customers_own_date(db):
    settings.put("followups.festival_sets", [])
    settings.put("followups.season_days", [])
    settings.put("followups.vip_events", [])
    settings.put("followups.neglect_days", {"regular": [60, 90]})
    customer("王丽", created_at=dt.datetime(2026, 8, 1, 9))
    generate(TODAY, TODAY + dt.timedelta(days=5), TODAY, NOW)
    f = FollowUp.get(FollowUp.kind == "neglect")
    assert reasons.load(f.reason_params) == {"ideal": 60, "maximum": 90, "since": "2026-08-01", "tier": "regular"}
    assert reasons.of(f) == "No contact since 2026-08-01 (regular: call within 60-90 days)"


def test_old_rows_and_typed_reasons_show_their_text(db):
    c = customer()
    old = FollowUp.create(customer=c, kind="birthday", due_on=TODAY, reason="生日 12-01")
    typed = FollowUp.create(customer=c, kind="manual", due_on=TODAY, reason="alteration ready")
    assert reasons.of(old) == "生日 12-01" and reasons.of(typed) == "alteration ready"
    # an unknown code (a newer deskcrm wrote it) or damaged parameters never break a screen
    assert reasons.render("from_the_future", "{}", "kept text") == "kept text"
    assert reasons.render("birthday", "not json") == "Birthday 00-00"
    retry = Reason("retry", {"code": "season", "params": {"on": "2026-12-01"}, "text": ""})
    assert retry.text() == "Try again: Season change 2026-12-01: care message"


@pytest.mark.sqlite_only  # an old file, as deskcrm with schema 3 wrote it
def test_migration_4_gives_an_old_file_the_same_schema_and_keeps_its_reasons(tmp_path):
    import gzip
    import shutil
    from pathlib import Path

    path = tmp_path / "old.sqlite3"
    fixture = Path(__file__).parent.parent / "fixtures" / "schema3_shop.sqlite3.gz"
    with gzip.open(fixture) as src, path.open("wb") as out:
        shutil.copyfileobj(src, out)
    con = sqlite3.connect(path)
    (cid,) = con.execute("SELECT min(id) FROM customer").fetchone()
    con.execute("INSERT INTO follow_up (customer_id, kind, due_on, reason, message, status, outcome,"
                " note, snooze_reason, source_rule, is_marketing, created_at) VALUES (?, 'birthday',"
                " ?, 'Birthday 12-01', '', 'open', '', '', '', 'birthday', 0, ?)",
                (cid, TODAY.isoformat(), "2026-11-20 09:00:00"))
    con.commit()
    con.close()
    database = open_database(path)
    try:
        assert {c.name for c in database.get_columns("follow_up")} >= {"reason_code", "reason_params"}
        report = schema_check.compare(database)
        assert report.ok, report.problems()
        [old] = FollowUp.select()
        assert old.reason_code is None and reasons.of(old) == "Birthday 12-01"
    finally:
        database.close()


SAMPLES = {
    "birthday": {"cal": "KR", "month": 10, "day": 23, "leap": False, "age": 40},
    "related_birthday": {"relation": "child", "name": "王红", "cal": "solar", "month": 12, "day": 4},
    "post_purchase": {"on": "2026-11-24", "amount": 250_000, "currency": "CNY", "items": "羊毛大衣"},
    "referral_thanks": {"name": "王丽"}, "referral_welcome": {"name": "王丽"},
    "milestone": {"amount": 1_000_000, "currency": "CNY"},
    "repurchase": {"days": 30, "on": "2026-12-20"},
    "top_tier_visit": {"since": "2020-05-01"},
    "neglect": {"since": "2026-08-01", "tier": "gold", "ideal": 30, "maximum": 60},
    "festival": {"festival": "mid_autumn", "on": "2027-09-15"},
    "season": {"on": "2026-12-01"},
    "vip_event": {"event": "Year-end evening", "on": "2026-12-10"},
    "broadcast": {"name": "typhoon", "region": "广州 越秀区"},
    "retry": {"code": "neglect", "params": {"since": "2026-08-01", "tier": "gold", "ideal": 30,
                                            "maximum": 60}},
    "satisfaction_call": {"days": 30},
    "one_month_on": {},
}
ENGLISH_WORDS = re.compile(r"\b(Birthday|Fit check|Thank|First-week|Spend|Usually|Yearly|No contact|"
                           r"Season|Invite|Broadcast|Try again|satisfaction|One month|lunar|turns|call within)\b")


@pytest.mark.parametrize("language", ["zh_Hans", "zh_Hant", "ko"])
def test_every_reason_code_reads_in_each_language_with_no_english_left(language, korean_then_english):
    assert set(SAMPLES) | {"date"} == set(reasons.RULES)  # a new code needs a sample here
    english = {code: reasons.render(code, params) for code, params in SAMPLES.items()}
    i18n.set_language(language)
    for code, params in SAMPLES.items():
        words = reasons.render(code, params)
        assert words and words != english[code], code
        assert not ENGLISH_WORDS.search(words), (code, words)
    for note in reasons.NOTES:
        assert reasons.note_text(note) != note
