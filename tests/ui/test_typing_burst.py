"""Filing customers as fast as keys can come: nothing lost, nothing in the wrong field."""

from __future__ import annotations

import asyncio

import pytest
from textual import events

from deskcrm.app import DeskApp
from deskcrm.screens.confirm import Confirm
from deskcrm.screens.customers.form import CustomerForm
from deskcrm.store.models import Customer
from tests.customer_helpers import TODAY, desk_fixture, keys, settle, table_names  # noqa: F401

NAMES = [
    "王小明", "諸葛孔明", "김민수", "陈可馨", "이서연", "張偉", "박지훈", "李娜", "최수아", "劉德華",
    "赵丽颖", "정우성", "黃淑芬", "한지민", "周杰伦", "윤아름", "林志玲", "강동원", "吳彥祖", "송혜교",
]  # fmt: skip
FILED = [(name, f"139123456{i:02d}") for i, name in enumerate(NAMES)]
CHARS = {"tab": "\t", "enter": "\r"}


def burst(app: DeskApp, pressed: list[str | events.Event]) -> None:
    """Post every key at once, the way a terminal hands over a fast typist's (or an IME's)
    input: the app gets no pause to catch up between them."""
    for key in pressed:
        if isinstance(key, str):
            key = events.Key(key, key if len(key) == 1 else CHARS.get(key))
        app.post_message(key)


async def until_filed(app: DeskApp, pilot, count: int) -> None:
    for _ in range(100):
        await settle(app, pilot)
        if Customer.select().count() >= count and app.type_ahead.waiting == 0:
            return


def filed() -> list[tuple[str, str]]:
    return sorted((c.name, c.phone_digits) for c in Customer.select())


@pytest.mark.slow
async def test_twenty_customers_typed_in_one_burst(db_path, desk):
    app = DeskApp(db_path, today=TODAY)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        burst(app, [k for name, phone in FILED for k in ("n", *name, "tab", *phone, "ctrl+s")])
        await until_filed(app, pilot, len(FILED))
        assert len(table_names(app)) == len(FILED)  # the list shows everyone, not from the last on
    assert filed() == sorted(FILED)


@pytest.mark.slow
async def test_twenty_customers_names_committed_as_paste(db_path, desk):
    """Some terminals hand a committed IME word over as a bracketed paste."""
    app = DeskApp(db_path, today=TODAY)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        burst(app, [k for name, phone in FILED for k in ("n", events.Paste(name), "tab", *phone, "ctrl+s")])
        await until_filed(app, pilot, len(FILED))
    assert filed() == sorted(FILED)


@pytest.mark.slow
async def test_twenty_customers_through_pilot_press_at_full_speed(db_path, desk):
    """One `pilot.press` for all twenty: no pause between any two keys."""
    app = DeskApp(db_path, today=TODAY)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await pilot.press(*[k for name, phone in FILED for k in ("n", *name, "tab", *phone, "ctrl+s")])
        await until_filed(app, pilot, len(FILED))
    assert filed() == sorted(FILED)


@pytest.mark.slow
async def test_twenty_customers_pasted_names_between_pilot_presses(db_path, desk):
    """The IME's committed word arrives as one paste right after `n`, before the form is
    known to be open; the Tab and phone follow through `pilot.press` with no pause."""
    app = DeskApp(db_path, today=TODAY)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        for name, phone in FILED:
            app.post_message(events.Key("n", "n"))
            app.post_message(events.Paste(name))
            await pilot.press("tab", *phone, "ctrl+s")
        await until_filed(app, pilot, len(FILED))
    assert filed() == sorted(FILED)


async def test_pilot_press_without_pauses(db_path, desk):
    app = DeskApp(db_path, today=TODAY)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        for name, phone in FILED[:5]:
            await pilot.press("n", *name, "tab", *phone, "ctrl+s")
        await until_filed(app, pilot, 5)
    assert filed() == sorted(FILED[:5])


async def test_a_phone_typed_into_the_name_is_questioned(db_path, desk):
    app = DeskApp(db_path, today=TODAY)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await keys(app, pilot, "n", *"諸葛孔明13912345613", "ctrl+s")
        assert isinstance(app.screen, Confirm)
        await keys(app, pilot, "n")  # no: back to the form, nothing saved
        assert isinstance(app.screen, CustomerForm) and Customer.select().count() == 0
        await keys(app, pilot, "ctrl+s", "y")
        assert Customer.get().name == "諸葛孔明13912345613"


async def test_filing_reports_no_failure_once_the_form_has_closed(db_path, desk, monkeypatch):
    """The save's thread lets go of the type-ahead hold after the form is dismissed; a
    dismissed form has no parent, so the thread must not look the app up through it
    (under load this showed "Saving the customer failed: NoActiveAppError" per customer)."""
    app = DeskApp(db_path, today=TODAY)
    failures: list[BaseException] = []
    monkeypatch.setattr(app, "report_failure", lambda _what, error: failures.append(error))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await keys(app, pilot, "n", *"王小明", "tab", *"13800138000", "ctrl+s")
        await settle(app, pilot)
        assert not isinstance(app.screen, CustomerForm)
        assert app.type_ahead.waiting == 0 and app.type_ahead._free.is_set()
    assert failures == []
    assert filed() == [("王小明", "13800138000")]


async def test_keys_wait_for_a_form_however_long_it_takes_to_open(db_path, desk, monkeypatch):
    """A loaded machine can take seconds to mount the form: the keys typed meanwhile wait
    for it and then land in order. The form's mount is held on an event the test sets
    (and the loop is only yielded to, never timed), so nothing depends on how long anything takes."""
    gate = asyncio.Event()
    mount = CustomerForm.on_mount

    async def slow_mount(self) -> None:
        await gate.wait()
        mount(self)

    monkeypatch.setattr(CustomerForm, "on_mount", slow_mount)
    app = DeskApp(db_path, today=TODAY)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        typed = ["n", *"諸葛孔明", "tab", *"13912345613", "ctrl+s"]
        burst(app, typed)
        try:
            # not pilot.pause(): it waits for every widget, the held form too
            for _ in range(500):
                await asyncio.sleep(0)
            assert isinstance(app.screen, CustomerForm) and not app.screen.is_mounted
            assert app.type_ahead.waiting == len(typed) - 1  # all but the `n` that opened it
            assert Customer.select().count() == 0
        finally:
            gate.set()
        await until_filed(app, pilot, 1)
    assert filed() == [("諸葛孔明", "13912345613")]
