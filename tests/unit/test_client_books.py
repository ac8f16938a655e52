"""Client books: a clerk's own customers as a list and a filter; a manager moves a book in bulk."""

import datetime as dt

import pytest

from deskcrm.services import client_books, staff
from deskcrm.store.models import AuditLog, Customer, FollowUp
from tests.followup_helpers import customer


def test_book_lists_and_filters_own_customers(db):
    mina, joon = staff.add_staff("Mina"), staff.add_staff("Joon")
    customer("王丽", owner=mina.id, phone="13800001234")
    customer("王小明", owner=mina.id, phone="13900005678")
    customer("김민수", owner=joon.id)
    customer("Nobody")
    assert {e.name for e in client_books.book(mina.id)} == {"王丽", "王小明"}
    assert [e.name for e in client_books.book(mina.id, "5678")] == ["王小明"]
    assert [e.name for e in client_books.book(mina.id, "wxm")] == ["王小明"]
    assert [e.name for e in client_books.book(None)] == ["Nobody"]
    sizes = {(b.staff_id, b.customers) for b in client_books.sizes()}
    assert {(mina.id, 2), (joon.id, 1), (None, 1)} <= sizes


def test_a_leaving_clerks_whole_book_moves_with_her_open_follow_ups(db, monkeypatch):
    monkeypatch.setattr(client_books, "CHUNK", 3)
    staff.add_staff("Boss")  # the first person is the shop's manager
    mina, joon = staff.add_staff("Mina"), staff.add_staff("Joon")
    ids = [customer(f"客{n}", owner=mina.id).id for n in range(7)]
    call = FollowUp.create(customer=ids[0], kind="manual", due_on=dt.date(2026, 12, 2), reason="r",
                           assigned_to=mina.id)
    assert client_books.reassign(joon.id, from_staff=mina.id, by="Boss") == 7
    assert Customer.select().where(Customer.owner == joon.id).count() == 7
    assert FollowUp.get_by_id(call.id).assigned_to_id == joon.id
    assert AuditLog.select().where(AuditLog.action == "reassign").count() == 3  # one per chunk
    assert client_books.reassign(mina.id, customer_ids=ids[:2]) == 2
    assert Customer.select().where(Customer.owner == mina.id).count() == 2
    staff.set_active(mina.id, False)
    with pytest.raises(ValueError):
        client_books.reassign(mina.id, customer_ids=ids[:1])
