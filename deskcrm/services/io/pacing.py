"""Chunk sizes that keep each write transaction short on whatever machine runs it.

SQLite has one writer: while a chunk's transaction is open, every other terminal's
save waits. A fixed row count is 40 ms on one machine and 400 ms on a busy one,
so the next chunk's size follows how long the last one held the lock.
"""

from __future__ import annotations

import gc
import sys
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import TypeVar

from deskcrm.store import dialect
from deskcrm.store.models import database

T = TypeVar("T")

# well under the 250 ms a background job may hold the lock: a chunk that took 60 ms on a
# quiet machine took 345 ms at load average 3.5 (bench_locks), so aim low
TARGET_SECONDS = 0.06
# an import's new customers: a chunk is one INSERT ... SELECT run in SQLite alone, with
# little of the GIL waiting that made the holds above vary (import_write.Staging), and
# a 200-row chunk cost a third more a row than a 1 000-row one
CREATE_TARGET_SECONDS = 0.1
MIN_ROWS, MAX_ROWS = 10, 2000


class Pacer:
    """Hands out slices of a sequence; `held(seconds)` after each chunk sizes the next."""

    def __init__(self, rows: int = 200, timer: Callable[[], float] = time.perf_counter,
                 target: float | None = None) -> None:
        self.rows = rows
        self.timer = timer
        self.target = TARGET_SECONDS if target is None else target
        self.longest = 0.0

    def held(self, seconds: float) -> None:
        self.longest = max(self.longest, seconds)
        if seconds <= 0:
            self.rows = min(MAX_ROWS, self.rows * 2)
            return
        # aim at the target, growing by half at most (a fast chunk may be luck) and
        # shrinking to a quarter at once
        scale = max(0.25, min(1.5, self.target / seconds))
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


class Checkpoints:
    """SQLite in WAL mode: the log copied into the file between chunks, not inside a commit.

    SQLite checkpoints by itself in the commit that passes 1 000 logged pages: a copy
    of every page written since, and a flush to disk, timed as part of that chunk's
    hold although the write lock is already given back (a third of a commit's time in
    an import). So the chunks came out smaller than they had to be, and every chunk
    copied the same index pages again. Here the committing connection checkpoints
    every `every_rows` rows, after a commit: pages written by several chunks are
    copied once, and no chunk's hold includes it. Other terminals keep checkpointing
    as before (the setting is this connection's).
    """

    EVERY_ROWS = 5000

    def __init__(self, every_rows: int = EVERY_ROWS) -> None:
        self.every_rows = every_rows
        self.pending = 0
        self._saved: int | None = None
        if dialect.is_sqlite():
            (mode,) = database.execute_sql("PRAGMA journal_mode").fetchone()
            if str(mode).lower() == "wal":
                (self._saved,) = database.execute_sql("PRAGMA wal_autocheckpoint").fetchone()
                database.execute_sql("PRAGMA wal_autocheckpoint = 0")

    def committed(self, rows: int) -> None:
        """After a chunk's commit (outside any transaction)."""
        if self._saved is None:
            return
        self.pending += rows
        if self.pending >= self.every_rows:
            self.checkpoint()

    def checkpoint(self) -> None:
        # PASSIVE: copies what no reader still needs, waits for nobody, blocks no writer
        database.execute_sql("PRAGMA wal_checkpoint(PASSIVE)").fetchall()
        self.pending = 0

    def close(self) -> None:
        if self._saved is None:
            return
        try:
            if self.pending:
                self.checkpoint()
        finally:
            database.execute_sql(f"PRAGMA wal_autocheckpoint = {int(self._saved)}")
            self._saved = None


_bulk_lock = threading.Lock()
_bulk_depth = 0
_bulk_saved: tuple[bool, float] = (True, 0.005)
# while the writer holds the lock it takes the GIL back after every SQLite call; with
# the key thread running, each time could wait Python's whole 5 ms switch interval
BULK_SWITCH_SECONDS = 0.001


@contextmanager
def bulk_python() -> Iterator[None]:
    """Around an import's planning or writing: no cyclic garbage collection, and a
    short GIL switch interval.

    An import makes a few objects per cell and frees almost none until it ends, so
    each collection walks every row made so far for nothing: a ninth of planning
    100 000 rows. Nothing an import makes holds a cycle. Nested and concurrent uses
    (an import in a worker while the screen plans another) share one pause.
    """
    global _bulk_depth, _bulk_saved
    with _bulk_lock:
        if _bulk_depth == 0:
            _bulk_saved = (gc.isenabled(), sys.getswitchinterval())
            gc.disable()
            sys.setswitchinterval(min(_bulk_saved[1], BULK_SWITCH_SECONDS))
        _bulk_depth += 1
    try:
        yield
    finally:
        with _bulk_lock:
            _bulk_depth -= 1
            if _bulk_depth == 0:
                enabled, interval = _bulk_saved
                sys.setswitchinterval(interval)
                if enabled:
                    gc.enable()
