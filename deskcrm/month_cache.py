"""The app's cache of F3's month views (services/followups/monthview.py computes them).

At 100 000 customers dealing the day plan through six weeks takes a second or
more (some 80 000 open calls ranked and dealt day by day). The app keeps the last
views it computed per (today, person, shown days, start of "done today") so that
F3 paints at once — on opening (start-up warms this month's in the background),
on coming back to it, on moving the day within the month — and recomputes behind
the painted grid when what it shows may be out of date. A store fact (a customer,
follow-up, complaint or staff change) drops the cache; a view whose computing
began before the drop is not kept. Standard library only: the app imports it at
start-up.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Hashable
from typing import Any


class MonthCache:
    """The views computed last, per key; thread-safe (workers fill it, facts drop it)."""

    KEEP = 8  # a few months either side of the one being looked at

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._views: dict[Hashable, Any] = {}
        self._version = 0
        self._computing: dict[Hashable, threading.Event] = {}

    def get(self, key: Hashable) -> Any | None:
        with self._lock:
            return self._views.get(key)

    def version(self) -> int:
        with self._lock:
            return self._version

    def put(self, key: Hashable, view: Any, version: int) -> bool:
        """Keep `view` unless the cache was dropped after it was started (`version`)."""
        with self._lock:
            if version != self._version:
                return False
            self._views.pop(key, None)
            self._views[key] = view
            while len(self._views) > self.KEEP:
                self._views.pop(next(iter(self._views)))
            return True

    def compute(self, key: Hashable, make: Callable[[Hashable], Any]) -> Any:
        """`make(key)`, kept for the next ask unless the cache was dropped meanwhile.

        One thread computes a key at a time: F3 opened while start-up warms the same
        month waits for that view instead of dealing a second plan beside it.
        """
        with self._lock:
            running = self._computing.get(key)
            if running is None:
                self._computing[key] = threading.Event()
        if running is not None:
            running.wait()
            view = self.get(key)
            if view is not None:
                return view
            return self.compute(key, make)  # dropped meanwhile: what it dealt is out of date
        try:
            version = self.version()
            view = make(key)
            self.put(key, view, version)
            return view
        finally:
            with self._lock:
                self._computing.pop(key).set()

    def drop(self) -> None:
        with self._lock:
            self._views.clear()
            self._version += 1
