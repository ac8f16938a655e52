"""The send list: grouped by wording and language, exported as CSV, marked sent in chunks."""

import csv
import datetime as dt

import pytest

from deskcrm.services import sendlist, settings, staff, templates
from deskcrm.store.models import Contact, Customer, FollowUp
from tests.followup_helpers import customer

TODAY = dt.date(2026, 12, 1)
NOW = dt.datetime(2026, 12, 1, 3)


def greet(c, kind="birthday", due=TODAY, key=None):
    return FollowUp.create(customer=c, kind=kind, due_on=due, reason="Birthday 12-01",
                           is_marketing=True, dedupe_key=key).id


def test_groups_by_kind_wording_and_language_calls_apart(db):
    templates.ensure_defaults()
    settings.put("shop.name", "衣尚")
    wang, kim = customer("王丽", locale="zh_Hans", gender="F"), customer("김민수", locale="ko")
    greet(wang), greet(kim), greet(wang, "season")
    FollowUp.create(customer=wang, kind="neglect", due_on=TODAY, reason="r")  # a call
    greet(kim, due=TODAY + dt.timedelta(days=3))  # not yet
    found = {(g.kind, g.template, g.locale): g.count for g in sendlist.groups(TODAY)}
    assert found == {("birthday", "default", "ko"): 1, ("birthday", "default", "zh_Hans"): 1,
                     ("season", "default", "zh_Hans"): 1}
    assert sendlist.pending_count(TODAY) == 3
    [ko] = [g for g in sendlist.groups(TODAY) if g.locale == "ko"]
    [m] = sendlist.fill(sendlist.group_ids(TODAY, ko))
    assert m.message.startswith("김민수 님") and m.message.endswith("衣尚") and m.channel == "sms"


def _count_transactions(monkeypatch) -> list[int]:
    """How many rows each write transaction of mark_sent closed."""
    closed: list[int] = []
    real = sendlist._close_sent

    def counted(facts, now, staff_id):
        n = real(facts, now, staff_id)
        closed.append(n)
        return n

    monkeypatch.setattr(sendlist, "_close_sent", counted)
    return closed


def test_export_csv_and_mark_sent_writes_the_contact_log_in_chunks(db, tmp_path, monkeypatch):
    templates.ensure_defaults()
    monkeypatch.setattr(sendlist, "ONE_TRANSACTION", 10)
    monkeypatch.setattr(sendlist, "CHUNK", 7)
    closed = _count_transactions(monkeypatch)
    clerk = staff.add_staff("Mina")
    ids = [greet(customer(f"客{n}")) for n in range(20)]
    path = tmp_path / "batch.csv"
    assert sendlist.export_csv(ids, path) == 20
    with open(path, encoding="utf-8-sig") as f:
        rows = list(csv.DictReader(f))
    assert len(rows) == 20 and rows[0]["channel"] == "sms" and "祝您生日快乐" in rows[0]["message"]
    told: list[tuple[int, int]] = []
    assert sendlist.mark_sent(ids, NOW, clerk.id, lambda done, total: told.append((done, total))) == 20
    assert closed == [7, 7, 6]  # a batch over ONE_TRANSACTION goes in chunks
    assert told == [(7, 20), (14, 20), (20, 20)]  # how far it is, after each chunk
    assert sendlist.mark_sent(ids, NOW, clerk.id) == 0  # twice logs nothing twice
    assert closed == [7, 7, 6]
    assert Contact.select().where(Contact.outcome == "sent").count() == 20
    assert FollowUp.select().where((FollowUp.status == "done") & (FollowUp.done_by == clerk.id)).count() == 20
    assert Customer.select().where(Customer.last_contact_at == NOW).count() == 20


def test_a_small_batch_is_one_transaction_and_skips_what_another_terminal_sent(db, monkeypatch):
    templates.ensure_defaults()
    closed = _count_transactions(monkeypatch)
    ids = [greet(customer(f"客{n}")) for n in range(50)]
    # sent from another terminal between the read and the write: not closed or logged twice
    FollowUp.update(status="done", outcome="sent").where(FollowUp.id == ids[3]).execute()
    assert sendlist.mark_sent(ids, NOW, None) == 49
    assert closed == [49]
    assert Contact.select().where(Contact.followup == ids[3]).count() == 0


def test_a_chunk_that_fails_leaves_its_messages_open_and_unlogged(db, monkeypatch):
    templates.ensure_defaults()
    monkeypatch.setattr(sendlist, "ONE_TRANSACTION", 4)
    monkeypatch.setattr(sendlist, "CHUNK", 4)
    ids = [greet(customer(f"客{n}")) for n in range(10)]
    real, calls = sendlist.channel_for, []

    def breaks_in_the_second_chunk(c):
        calls.append(c.id)
        if len(calls) == 5:
            raise OSError("disk full")
        return real(c)

    monkeypatch.setattr(sendlist, "channel_for", breaks_in_the_second_chunk)
    with pytest.raises(OSError):
        sendlist.mark_sent(ids, NOW, None)
    # the first chunk is sent and logged whole; the second left no half-done row
    done = {f.id for f in FollowUp.select().where(FollowUp.status == "done")}
    assert done == set(ids[:4])
    assert {c.followup_id for c in Contact.select()} == set(ids[:4])
    monkeypatch.setattr(sendlist, "channel_for", real)
    assert sendlist.mark_sent(ids, NOW, None) == 6  # marking again sends exactly the rest
