"""The app's background jobs are its own: started after the first paint, stopped and waited for on exit."""

from __future__ import annotations

import datetime as dt
import sqlite3

from deskcrm.app import DeskApp
from deskcrm.services import settings
from deskcrm.services.seed import seed_database
from deskcrm.store.models import FollowUp, GenerationRun
from tests.customer_helpers import settle

TODAY = dt.date(2026, 12, 1)


def _shop(db_path) -> None:
    from deskcrm.store.db import open_database

    open_database(db_path)
    seed_database(customers=400, seed=9, today=TODAY)
    FollowUp.delete().execute()
    settings.put("followups.generated_through", None)


async def test_an_app_closed_while_generating_leaves_nothing_open_for_the_next(db_path):
    _shop(db_path)
    first = DeskApp(db_path, today=TODAY, ask_staff=False, start_jobs=True)
    async with first.run_test(size=(80, 24)) as pilot:
        await pilot.pause()  # the first paint: the start-up job begins, and we leave at once
    # the app waited for its job to stop: nothing holds the write lock now
    probe = sqlite3.connect(db_path, timeout=0, isolation_level=None)
    probe.execute("BEGIN IMMEDIATE")
    probe.execute("ROLLBACK")
    probe.close()
    second = DeskApp(db_path, today=TODAY, ask_staff=False, start_jobs=True)
    async with second.run_test(size=(80, 24)) as pilot:
        await settle(second, pilot)
        await second.workers.wait_for_complete()
    assert GenerationRun.select().count() >= 1
    made = FollowUp.select().count()
    assert made > 0
    third = DeskApp(db_path, today=TODAY, ask_staff=False, start_jobs=True)
    async with third.run_test(size=(80, 24)) as pilot:
        await settle(third, pilot)
        await third.workers.wait_for_complete()
    assert FollowUp.select().count() == made  # a re-run creates nothing


async def test_a_changed_birthday_is_scheduled_while_the_app_runs(db_path):
    from deskcrm.messages import CustomerChanged
    from deskcrm.store.models import Customer

    _shop(db_path)
    app = DeskApp(db_path, today=TODAY, ask_staff=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        c = Customer.select().where(Customer.do_not_contact == False).order_by(Customer.id).first()  # noqa: E712
        c.birth_month, c.birth_day, c.birth_calendar, c.consent_sms = 12, 10, "solar", True
        c.save()
        app.post_message(CustomerChanged(c.id))
        await settle(app, pilot)
        await app.workers.wait_for_complete()
    due = [f.due_on for f in FollowUp.select().where((FollowUp.customer == c.id)
                                                    & (FollowUp.kind == "birthday"))]
    assert due == [dt.date(2026, 12, 10)]
