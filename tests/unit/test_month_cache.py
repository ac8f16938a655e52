"""The app's cache of F3's month views: kept, dropped on a fact, computed once at a time."""

from __future__ import annotations

import threading

from deskcrm.month_cache import MonthCache


def test_a_view_is_kept_until_the_cache_is_dropped():
    cache = MonthCache()
    made = []
    assert cache.compute("dec", lambda key: made.append(key) or f"view {key}") == "view dec"
    assert cache.get("dec") == "view dec" and made == ["dec"]
    cache.drop()
    assert cache.get("dec") is None


def test_a_view_begun_before_a_drop_is_not_kept():
    cache = MonthCache()

    def make(key):
        cache.drop()  # a customer changed while the plan was being dealt
        return "stale"

    assert cache.compute("dec", make) == "stale"
    assert cache.get("dec") is None


def test_a_second_ask_for_the_same_month_waits_for_the_first():
    cache = MonthCache()
    started, release = threading.Event(), threading.Event()
    calls = []

    def slow(key):
        calls.append(key)
        started.set()
        release.wait(5)
        return "dealt"

    first = threading.Thread(target=cache.compute, args=("dec", slow))
    first.start()
    started.wait(5)
    got = []
    second = threading.Thread(target=lambda: got.append(cache.compute("dec", slow)))
    second.start()
    release.set()
    first.join(5)
    second.join(5)
    assert got == ["dealt"] and calls == ["dec"]


def test_only_the_last_few_months_are_kept():
    cache = MonthCache()
    for n in range(MonthCache.KEEP + 3):
        cache.compute(n, str)
    assert cache.get(0) is None and cache.get(MonthCache.KEEP + 2) == str(MonthCache.KEEP + 2)


def test_a_terminal_moved_to_another_shop_does_not_get_the_shop_it_left(db):
    """The key names the terminal's shop: the same person, days and clock in shop 2 is a new view."""
    import datetime as dt

    from deskcrm.services.followups.monthview import month_key
    from deskcrm.store.handle import current_store

    day, now = dt.date(2025, 6, 1), dt.datetime(2025, 6, 1, 3, 0)
    store = current_store()
    store.shop_id = 1
    here = month_key(day, 7, day, day, now)
    store.shop_id = 2
    there = month_key(day, 7, day, day, now)
    assert here != there and here[:-1] == there[:-1]
    cache = MonthCache()
    cache.put(here, "shop 1's month", cache.version())
    assert cache.get(there) is None
