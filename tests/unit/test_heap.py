"""The app's garbage-collection policy (deskcrm.heap): frozen after start-up, collected in pauses."""

from __future__ import annotations

import gc

import pytest

from deskcrm import heap
from deskcrm.heap import CounterHeap, should_collect
from deskcrm.services.io.pacing import bulk_python


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def policy():
    clock = Clock()
    last = {"input": clock.now}
    counter = CounterHeap(lambda: last["input"], clock)
    yield counter, clock, last
    counter.release()
    gc.enable()


def _middle_collection() -> None:
    gc.collect(1)  # counts one towards the oldest generation, as the automatic one does


def test_a_full_collection_waits_for_a_pause_and_for_something_to_collect():
    assert not should_collect(0, 60.0)  # nothing reached the oldest generation since the last
    assert not should_collect(3, heap.IDLE_SECONDS / 2)  # someone is typing
    assert should_collect(1, heap.IDLE_SECONDS)


def test_settle_freezes_once_and_release_gives_the_objects_back(policy):
    counter, _clock, _last = policy
    before = gc.get_freeze_count()
    assert counter.settle() is True
    frozen = gc.get_freeze_count()
    assert frozen > before
    assert counter.settle() is False  # only the start-up heap: later objects may die in cycles
    assert gc.get_freeze_count() == frozen
    counter.release()
    assert gc.get_freeze_count() == 0
    counter.release()  # closing twice is harmless


def test_a_tick_collects_in_a_pause_and_not_while_someone_types(policy):
    counter, clock, last = policy
    assert counter.tick() is False  # not settled: Python's own collector alone
    counter.settle()
    _middle_collection()
    clock.now = last["input"] + heap.IDLE_SECONDS / 4
    assert counter.tick() is False and counter.collections == 0
    clock.now = last["input"] + heap.IDLE_SECONDS
    assert counter.tick() is True and counter.collections == 1
    assert gc.get_count()[2] == 0  # the full collection's counter starts again from the pause
    assert counter.tick() is False  # nothing new since


def test_no_idle_collection_walks_an_import_while_it_runs(policy):
    counter, clock, last = policy
    counter.settle()
    clock.now = last["input"] + 10 * heap.IDLE_SECONDS
    with bulk_python():
        _middle_collection()
        assert counter.tick() is False
    assert counter.tick() is True


async def test_the_app_settles_its_heap_after_start_up_and_gives_it_back_on_exit(db_path):
    from deskcrm.app import DeskApp
    from deskcrm.store.db import open_database

    open_database(db_path)
    app = DeskApp(db_path, ask_staff=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert not app.heap.active  # start-up jobs off (tests): nothing settled it
        app.settle_heap()
        assert app.heap.active and gc.get_freeze_count() > 0
        assert any(t.name == "heap" for t in app._timers)
    assert not app.heap.active and gc.get_freeze_count() == 0
