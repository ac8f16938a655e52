"""Generation in short chunks, for one customer at once, and the same rows whatever the order of runs."""

from __future__ import annotations

import datetime as dt
import importlib
from types import SimpleNamespace

import pytest
from peewee import fn

from deskcrm.services import settings
from deskcrm.services.followups import generate, generate_ahead, generate_for_customers, reasons
from deskcrm.services.seed import seed_database
from deskcrm.store.models import Customer, FollowUp, GenerationRun, database
from tests.followup_helpers import customer

D = dt.date
generate_module = importlib.import_module("deskcrm.services.followups.generate")
TODAY = D(2026, 12, 1)
NOW = dt.datetime(2026, 12, 1, 9)


def keys() -> set[str]:
    return {k for (k,) in FollowUp.select(FollowUp.dedupe_key).tuples()}


@pytest.fixture
def shop(db):
    seed_database(customers=600, seed=5, today=TODAY)
    FollowUp.delete().execute()
    GenerationRun.delete().execute()
    settings.put("followups.generated_through", None)
    return db


def test_a_birthday_entered_today_for_next_week_is_scheduled_at_once(db):
    settings.put("followups.generated_through", None)
    generate_ahead(TODAY, NOW)  # start-up has generated the month already
    c = customer("新顾客", created_at=NOW)
    c.birth_month, c.birth_day = 12, 8
    c.save()
    result = generate_for_customers([c.id], TODAY, NOW + dt.timedelta(minutes=1))
    assert result.by_rule.get("birthday") == 1
    due = [f.due_on for f in FollowUp.select().where((FollowUp.customer == c.id)
                                                    & (FollowUp.kind == "birthday"))]
    assert due == [D(2026, 12, 8)]


def test_the_next_start_up_catches_a_birthday_changed_outside_the_app(db):
    generate_ahead(TODAY, NOW)
    c = customer("导入的顾客", created_at=NOW)
    c.birth_month, c.birth_day, c.updated_at = 12, 9, NOW + dt.timedelta(minutes=5)
    c.save()
    generate_ahead(TODAY, NOW + dt.timedelta(hours=1))  # an incremental run: no new days
    assert FollowUp.select().where((FollowUp.customer == c.id) & (FollowUp.kind == "birthday")).count() == 1


@pytest.mark.parametrize("order", ["full, incremental", "incremental, full", "full, full",
                                   "incremental, incremental"])
def test_a_re_run_creates_nothing_whatever_the_order(shop, order):
    def full(now):
        return generate(TODAY, TODAY + dt.timedelta(days=30), TODAY, now)

    def incremental(now):
        return generate_ahead(TODAY, now, days=30)

    runs = {"full": full, "incremental": incremental}
    first, second = (runs[name.strip()] for name in order.split(","))
    assert first(NOW).created > 0
    assert second(NOW + dt.timedelta(minutes=5)).created == 0
    assert full(NOW + dt.timedelta(minutes=10)).created == 0
    assert incremental(NOW + dt.timedelta(minutes=15)).created == 0


def test_the_next_day_adds_only_the_new_day_and_a_re_run_nothing(shop):
    generate_ahead(TODAY, NOW, days=30)
    tomorrow = TODAY + dt.timedelta(days=1)
    generate_ahead(tomorrow, NOW + dt.timedelta(days=1), days=30)
    assert generate_ahead(tomorrow, NOW + dt.timedelta(days=1, minutes=5), days=30).created == 0
    assert generate(tomorrow, tomorrow + dt.timedelta(days=30), tomorrow,
                    NOW + dt.timedelta(days=1, minutes=9)).created == 0


def pin_range_size(monkeypatch, size: int) -> None:
    """Ranges of exactly `size` customers: a small test file would otherwise grow them to one."""
    for name in ("CUSTOMERS_PER_COMMIT", "MAX_CUSTOMERS_PER_COMMIT"):
        monkeypatch.setattr(generate_module, name, size)


def test_chunked_run_makes_the_same_rows_as_one_pass(shop, monkeypatch):
    end = TODAY + dt.timedelta(days=30)
    generate(TODAY, end, TODAY, NOW)
    whole = keys()
    FollowUp.delete().execute()
    pin_range_size(monkeypatch, 37)
    monkeypatch.setattr(generate_module, "ROWS_PER_COMMIT", 11)
    generate(TODAY, end, TODAY, NOW)
    assert keys() == whole and len(whole) > 100


def test_a_run_stopped_between_chunks_records_nothing_and_the_next_completes_it(shop, monkeypatch):
    end = TODAY + dt.timedelta(days=30)
    generate(TODAY, end, TODAY, NOW)
    whole = keys()
    FollowUp.delete().execute()
    GenerationRun.delete().execute()
    pin_range_size(monkeypatch, 50)
    asked = []

    def stop_after_a_few() -> bool:
        asked.append(1)
        return len(asked) > 22

    stopped = generate(TODAY, end, TODAY, NOW, stop=stop_after_a_few)
    assert stopped.run_id is None and GenerationRun.select().count() == 0
    assert 0 < len(keys()) < len(whole)
    generate(TODAY, end, TODAY, NOW + dt.timedelta(minutes=1))
    assert keys() == whole


def test_one_customer_run_touches_only_that_customer(shop):
    generate(TODAY, TODAY + dt.timedelta(days=30), TODAY, NOW)
    before = keys()
    busiest = (FollowUp.select(FollowUp.customer).group_by(FollowUp.customer)
               .order_by(fn.COUNT(FollowUp.id).desc()).first())
    c = Customer.get_by_id(busiest.customer_id)
    removed = FollowUp.delete().where(FollowUp.customer == c.id).execute()
    result = generate_for_customers([c.id], TODAY, NOW + dt.timedelta(minutes=1))
    assert keys() == before
    assert result.created == removed
    assert GenerationRun.select().count() == 1  # a per-customer pass is not a run of the file


def test_lunar_twelfth_month_birthday_in_january_counts_lunar_years(db):
    settings.put("followups.festival_sets", [])
    settings.put("followups.season_days", [])
    settings.put("followups.neglect_days", {})
    # lunar 1990-12-20 (CN) falls on 2027-01-27: lunar year 2026 is not over, so 36 years
    c = customer("陈阿姨", birth_year=1990, birth_month=12, birth_day=20, birth_calendar="CN")
    generate(D(2027, 1, 20), D(2027, 2, 5), D(2027, 1, 20), dt.datetime(2027, 1, 20, 9))
    reason = reasons.of(FollowUp.get((FollowUp.customer == c.id) & (FollowUp.kind == "birthday")))
    assert "36" in reason and "37" not in reason


def test_a_run_over_unchanged_inputs_is_skipped_and_any_change_runs_it_again(shop, monkeypatch):
    end = TODAY + dt.timedelta(days=30)
    first = generate(TODAY, end, TODAY, NOW)
    assert first.created > 100
    ran = []
    real = generate_module._run_rules
    monkeypatch.setattr(generate_module, "_run_rules", lambda *a: ran.append(1) or real(*a))
    again = generate(TODAY, end, TODAY, NOW + dt.timedelta(minutes=5))
    assert again.created == 0 and not ran and again.run_id == first.run_id
    # a different day, a customer changed, a follow-up deleted: each is worked again
    generate(TODAY + dt.timedelta(days=1), end, TODAY + dt.timedelta(days=1), NOW + dt.timedelta(days=1))
    assert len(ran) == 1
    c = Customer.select().order_by(Customer.id).first()
    Customer.update(do_not_contact=True, updated_at=NOW + dt.timedelta(days=1, hours=1)).where(
        Customer.id == c.id).execute()
    generate(TODAY + dt.timedelta(days=1), end, TODAY + dt.timedelta(days=1), NOW + dt.timedelta(days=1, hours=2))
    assert len(ran) == 2
    assert not FollowUp.select().where((FollowUp.customer == c.id) & (FollowUp.status == "open")
                                       & FollowUp.is_marketing).exists()
    FollowUp.delete().where(FollowUp.kind == "festival").execute()
    redo = generate(TODAY + dt.timedelta(days=1), end, TODAY + dt.timedelta(days=1),
                    NOW + dt.timedelta(days=1, hours=3))
    assert len(ran) == 3 and redo.by_rule.get("festival", 0) > 0


@pytest.mark.both_engines
def test_a_start_up_run_after_no_write_skips_even_the_fingerprint(db, monkeypatch):
    """F3 asks for the days ahead on every switch to it; nobody wrote since: nothing is read."""
    from deskcrm.services.followups import inputs

    today, now = dt.date(2027, 3, 10), dt.datetime(2027, 3, 10, 9)
    c = customer("王丽", birth_month=3, birth_day=20)
    generate_ahead(today, now)
    generate_ahead(today, now)  # unchanged inputs: remembered with the store's version
    read = []
    real = inputs.fingerprint
    monkeypatch.setattr(inputs, "fingerprint", lambda *a: read.append(1) or real(*a))
    assert generate_ahead(today, now).created == 0 and read == []
    assert generate_module.store_version() is not None
    Customer.update(birth_day=25).where(Customer.id == c.id).execute()  # a write
    generate_ahead(today, now)
    assert read == [1]


# --- each write transaction sized by how long the last held the lock; checkpoints between them


def fake_clock(monkeypatch) -> list[float]:
    """The generation's clock, moved by the test: a transaction takes what the test says."""
    clock = [0.0]
    monkeypatch.setattr(generate_module, "time", SimpleNamespace(perf_counter=lambda: clock[0]))
    monkeypatch.setattr(generate_module, "MIN_PER_COMMIT", 5)
    return clock


def test_a_long_hold_halves_the_next_transaction_and_a_short_one_grows_it():
    target = generate_module.TARGET_HOLD_SECONDS
    pace = generate_module._Pace(1000, 32_000)
    pace.after(target * 4, sparse=False)
    assert pace.size == 500  # never more than halved at once: one slow commit is not a trend
    pace.after(target, sparse=False)
    assert pace.size == 500
    pace.after(target / 10, sparse=False)
    assert pace.size == 1000  # a range that inserts grows twofold at most: the next may be denser
    pace.after(target / 10, sparse=True)
    assert pace.size == 4000
    pace.after(target / 1000, sparse=True)
    assert pace.size == 16_000
    pace.after(target / 1000, sparse=True)
    assert pace.size == 32_000  # capped
    for _ in range(20):
        pace.after(10.0, sparse=False)
    assert pace.size == generate_module.MIN_PER_COMMIT


def ranges_taken(monkeypatch, hold: float, made) -> list[int]:
    """The customers of each range `_per_range` takes when every transaction holds `hold` s."""
    clock = fake_clock(monkeypatch)
    monkeypatch.setattr(generate_module, "CUSTOMERS_PER_COMMIT", 10)
    sizes: list[int] = []

    def job(w) -> int:
        size = w.scope.hi - w.scope.lo + 1
        sizes.append(size)
        clock[0] += hold
        return made(size)

    window = generate_module.Window(TODAY, TODAY, TODAY, NOW, generate_module.load_config())
    generate_module._per_range(window, job, lambda: False)
    return sizes


def test_ranges_grow_while_their_transactions_are_quick(shop, monkeypatch):
    sizes = ranges_taken(monkeypatch, hold=0.01, made=lambda size: size)
    assert sizes[:6] == [10, 20, 40, 80, 160, 290]  # 600 customers: the last takes the rest


def test_ranges_that_find_nothing_grow_fourfold(shop, monkeypatch):
    assert ranges_taken(monkeypatch, hold=0.001, made=lambda size: 0) == [10, 40, 160, 390]


def test_ranges_shrink_after_long_holds(shop, monkeypatch):
    sizes = ranges_taken(monkeypatch, hold=1.0, made=lambda size: size)
    assert sizes[:3] == [10, 5, 5] and set(sizes[1:-1]) == {5}


def test_rows_go_in_transactions_sized_by_their_holds(db, monkeypatch):
    clock = fake_clock(monkeypatch)
    monkeypatch.setattr(generate_module, "ROWS_PER_COMMIT", 10)
    parts: list[int] = []

    def insert(rows) -> int:
        parts.append(len(rows))
        clock[0] += 0.01
        return len(rows)

    monkeypatch.setattr(generate_module, "_insert", insert)
    assert generate_module._insert_committed([{"customer": 1}] * 100) == 100
    assert parts == [10, 20, 40, 30]


@pytest.mark.sqlite_only
def test_the_wal_is_checkpointed_between_chunks_never_inside_one(shop, monkeypatch):
    monkeypatch.setattr(generate_module, "CHECKPOINT_EVERY_SECONDS", 0.0)
    for name in ("CUSTOMERS_PER_COMMIT", "MAX_CUSTOMERS_PER_COMMIT"):
        monkeypatch.setattr(generate_module, name, 50)
    db = database.obj
    (before,) = db.execute_sql("PRAGMA wal_autocheckpoint").fetchone()
    seen: list[tuple[str, bool]] = []
    execute = db.execute_sql

    def spy(sql, params=None, *args, **kwargs):
        if "wal_" in sql:
            seen.append((sql, db.in_transaction()))
        return execute(sql, params, *args, **kwargs)

    monkeypatch.setattr(db, "execute_sql", spy)
    result = generate(TODAY, TODAY + dt.timedelta(days=30), TODAY, NOW)
    assert result.run_id is not None and result.created > 100
    checkpoints = [inside for sql, inside in seen if "wal_checkpoint" in sql]
    # 600 customers in ranges of 50, for each rule over ranges: a checkpoint after every range
    assert len(checkpoints) > 12 and not any(checkpoints)
    assert ("PRAGMA wal_autocheckpoint = 0", False) in seen  # no commit of the run checkpoints
    assert db.execute_sql("PRAGMA wal_autocheckpoint").fetchone()[0] == before
