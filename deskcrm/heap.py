"""Python's full garbage collections kept out of the clerk's keystrokes.

Measured on the 100 000-customer file (benchmarks/bench_customer_file.py, a pass of
~450 keystrokes and cards): 42 full (generation 2) collections, 74 ms at the median
and up to 97 ms each, landing on a random keystroke or card every few dozen: those
were the slow ones at the counter (p95 126 ms against a p50 of 34 ms). A full
collection walks every container object the app holds: Textual's widgets, styles
and caches, the modules, the first pages.

So once start-up's work is over (`CounterHeap.settle`):

- what is alive then is frozen (`gc.freeze()`): it lives as long as the app, and no
  collection walks it again. The same full collections took 18-24 ms at the median;
- in the clerk's pauses the app collects everything itself: a tick every
  TICK_SECONDS collects if the last key is IDLE_SECONDS old and a middle-generation
  collection has run since the last full one. The automatic collector stays as it
  was, so whoever types without pausing is collected as before, and memory is
  bounded as before; a person's typing pauses now and then, and the full
  collection's counter starts again from each pause.

An import's bulk work (services.io.pacing.bulk_python) turns collection off for
itself, and no idle collection runs while it is off. What the freeze cannot give back is cyclic garbage among the frozen objects,
so it is done once; `release()` (the app's exit) unfreezes: a test process runs
many apps one after another.
"""

from __future__ import annotations

import gc
import time
from collections.abc import Callable

TICK_SECONDS = 0.25
IDLE_SECONDS = 1.0


def should_collect(pending: int, idle_for: float) -> bool:
    """Whether to collect everything now: `pending` middle-generation collections since
    the last full one, the last key `idle_for` seconds ago."""
    return pending > 0 and idle_for >= IDLE_SECONDS


class CounterHeap:
    """The app's collection policy (see the module's doc); one per app."""

    def __init__(self, last_input: Callable[[], float], clock: Callable[[], float] = time.monotonic) -> None:
        self.last_input = last_input
        self.clock = clock
        self.active = False
        self.collections = 0

    def settle(self) -> bool:
        """After start-up's work: freeze what is alive and start collecting in pauses.
        True the first time; later calls do nothing."""
        if self.active:
            return False
        gc.freeze()
        self.active = True
        return True

    def tick(self) -> bool:
        """On the app's interval: a full collection if it is a pause. True if it collected."""
        # an import's bulk work turns collection off for itself (pacing.bulk_python): a
        # collection now would walk its rows
        if not self.active or not gc.isenabled():
            return False
        if not should_collect(gc.get_count()[2], self.clock() - self.last_input()):
            return False
        gc.collect()
        self.collections += 1
        return True

    def release(self) -> None:
        """The app is closing: its frozen objects are Python's to collect again."""
        if self.active:
            self.active = False
            gc.unfreeze()
