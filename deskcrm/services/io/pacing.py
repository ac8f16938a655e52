"""Chunk sizes that keep each write transaction short on whatever machine runs it.

SQLite has one writer: while a chunk's transaction is open, every other terminal's
save waits. A fixed row count is 40 ms on one machine and 400 ms on a busy one,
so the next chunk's size follows how long the last one held the lock.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator, Sequence
from typing import TypeVar

T = TypeVar("T")

# well under the 250 ms a background job may hold the lock: a chunk that took 60 ms on a
# quiet machine took 345 ms at load average 3.5 (bench_locks), so aim low
TARGET_SECONDS = 0.06
MIN_ROWS, MAX_ROWS = 10, 2000


class Pacer:
    """Hands out slices of a sequence; `held(seconds)` after each chunk sizes the next."""

    def __init__(self, rows: int = 200, timer: Callable[[], float] = time.perf_counter) -> None:
        self.rows = rows
        self.timer = timer
        self.longest = 0.0

    def held(self, seconds: float) -> None:
        self.longest = max(self.longest, seconds)
        if seconds <= 0:
            self.rows = min(MAX_ROWS, self.rows * 2)
            return
        # aim at the target, growing by half at most (a fast chunk may be luck) and
        # shrinking to a quarter at once
        scale = max(0.25, min(1.5, TARGET_SECONDS / seconds))
        self.rows = max(MIN_ROWS, min(MAX_ROWS, int(self.rows * scale)))

    def slices(self, items: Sequence[T]) -> Iterator[Sequence[T]]:
        start = 0
        while start < len(items):
            chunk = items[start : start + self.rows]
            start += len(chunk)
            yield chunk

    def timed(self) -> _Hold:
        return _Hold(self)


class _Hold:
    """`with pacer.timed(): ...` around one transaction."""

    def __init__(self, pacer: Pacer) -> None:
        self.pacer = pacer
        self.start = 0.0

    def __enter__(self) -> None:
        self.start = self.pacer.timer()

    def __exit__(self, *exc: object) -> None:
        self.pacer.held(self.pacer.timer() - self.start)
