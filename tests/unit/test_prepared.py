"""Prepared queries: compiled once per database, the same rows as the peewee query each run."""

import datetime as dt

import pytest

from deskcrm.store.db import open_database
from deskcrm.store.models import Customer, FollowUp, Purchase
from deskcrm.store.prepared import Prepared


def _customers(n: int) -> list[Customer]:
    return [Customer.create(name=f"客户{i}", phone=f"1380013{i:04d}") for i in range(n)]


SINCE = Prepared(
    lambda customer_id, day, limit: Purchase.select()
    .where((Purchase.customer == customer_id) & (Purchase.purchased_on >= day))
    .order_by(Purchase.purchased_on.desc(), Purchase.id.desc())
    .limit(limit),
    int, dt.date, int,
)


def test_each_run_gives_the_rows_the_peewee_query_gives(db):
    people = _customers(3)
    start = dt.date(2026, 11, 1)
    for n, person in enumerate(people):
        for day in range(n * 3 + 2):
            Purchase.create(customer=person, purchased_on=start + dt.timedelta(days=day), item="T恤", amount=100 + day)
    for person in people:
        for day, limit in ((start, 50), (start + dt.timedelta(days=2), 2), (start + dt.timedelta(days=30), 5)):
            expected = list(
                Purchase.select()
                .where((Purchase.customer == person.id) & (Purchase.purchased_on >= day))
                .order_by(Purchase.purchased_on.desc(), Purchase.id.desc())
                .limit(limit)
            )
            got = list(SINCE.rows(person.id, day, limit))
            assert [(p.id, p.purchased_on, p.amount) for p in got] == [
                (p.id, p.purchased_on, p.amount) for p in expected]
            assert all(isinstance(p.purchased_on, dt.date) for p in got)  # values converted as peewee does


def test_first_and_scalar(db):
    a, b = _customers(2)
    FollowUp.create(customer=a, due_on=dt.date(2026, 12, 3), kind="birthday", reason="生日")
    by_id = Prepared(lambda cid: Customer.select().where(Customer.id == cid), int)
    name = Prepared(lambda cid: Customer.select(Customer.name).where(Customer.id == cid), int)
    due = Prepared(lambda cid, until: FollowUp.select(FollowUp.id).where(
        (FollowUp.customer == cid) & (FollowUp.due_on <= until)), int, dt.date)
    assert by_id.first(b.id).name == b.name
    assert by_id.first(10**9) is None
    assert name.scalar(a.id) == a.name
    assert name.scalar(10**9) is None
    assert due.scalar(a.id, dt.date(2026, 12, 2)) is None
    assert due.scalar(a.id, dt.date(2026, 12, 3)) is not None
    assert due.scalar(b.id, dt.date(2026, 12, 31)) is None


def test_each_database_has_its_own_compiled_query(db, tmp_path):
    mine = _customers(1)[0]
    by_phone = Prepared(lambda cid: Customer.select(Customer.phone).where(Customer.id == cid), int)
    assert by_phone.scalar(mine.id) == mine.phone
    other = open_database(str(tmp_path / "other.sqlite3"))  # binds itself for this test
    try:
        Customer.create(name="김민수", phone="01023456789")
        assert by_phone.scalar(1) == "01023456789"
    finally:
        other.close()


def test_an_argument_used_twice_or_of_another_kind_is_refused(db):
    twice = Prepared(lambda cid: Customer.select().where((Customer.id == cid) | (Customer.referred_by == cid)), int)
    with pytest.raises(ValueError, match="2 times"):
        twice.first(1)
    with pytest.raises(TypeError, match="float"):
        Prepared(lambda x: Customer.select().where(Customer.credit_limit > x), float)
    with pytest.raises(TypeError, match="1 arguments expected"):
        Prepared(lambda cid: Customer.select().where(Customer.id == cid), int).first(1, 2)
