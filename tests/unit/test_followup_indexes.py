"""m0008: follow-ups keep fewer index entries, and every lookup still finds its index."""

import datetime as dt

import pytest

from deskcrm.services import staff
from deskcrm.store.migrations import m0008_followup_lean_indexes as m8
from deskcrm.store.models import FollowUp, Staff, database
from tests.followup_helpers import customer


@pytest.mark.both_engines
def test_follow_up_indexes_are_lean_and_the_foreign_keys_still_act(db):
    indexes = {i.name: i.sql for i in database.get_indexes("follow_up")}
    assert not set(m8.DROPPED) & set(indexes)
    for column in m8.PARTIAL:
        assert "WHERE" in indexes[f"follow_up_{column}"].upper()
    assert "follow_up_customer_id_status_due_on" in indexes and "follow_up_status_due_on" in indexes
    mina = staff.add_staff("Mina")
    c = customer("王丽")
    f = FollowUp.create(customer=c, kind="manual", due_on=dt.date(2027, 3, 10), reason="r",
                        assigned_to=mina.id, done_by=mina.id, done_at=dt.datetime(2027, 3, 10, 9),
                        status="done")
    Staff.delete_by_id(mina.id)  # ON DELETE SET NULL, through the partial indexes
    f = FollowUp.get_by_id(f.id)
    assert (f.assigned_to_id, f.done_by_id) == (None, None)
    c.delete_instance()  # the cascade finds the rows by the wider customer index
    assert FollowUp.select().count() == 0


@pytest.mark.sqlite_only
def test_sqlite_plans_lookups_by_the_partial_and_wider_indexes(db):
    def plan(sql: str) -> str:
        return " ".join(r[-1] for r in database.execute_sql("EXPLAIN QUERY PLAN " + sql).fetchall())

    assert "follow_up_done_by_id" in plan("SELECT id FROM follow_up WHERE done_by_id IN (1, 2)")
    assert "follow_up_done_at" in plan("SELECT id FROM follow_up WHERE done_at >= '2027-03-10'")
    assert "follow_up_assigned_to_id" in plan("SELECT id FROM follow_up WHERE assigned_to_id = 3")
    assert "follow_up_customer_id_status_due_on" in plan("SELECT id FROM follow_up WHERE customer_id = 3")
    assert "follow_up_status_due_on" in plan("SELECT id FROM follow_up WHERE status = 'open'")
