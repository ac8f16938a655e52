"""Type-ahead: every key reaches the widget it was typed for, in the order it was typed.

Textual hands a key to the focused widget's queue and goes on to the next key at
once. In a burst (a fast typist, an IME committing 諸葛孔明, a barcode scanner) that
lets a later key overtake an earlier one: ctrl+s (a priority binding, run at once)
saves before the last digit is in the box; a Tab (run when it bubbles back to the
app) moves focus after the phone digits behind it went to the name; keys typed
while a form opens reach a screen with nothing focused and vanish, and keys typed
while a form saves land in the form that is about to close.

So keys pass one at a time: the next is let through only when the last one's trip
(app → focused widget → its ancestors → app bindings) has finished, the screen on
top is mounted and focused, and nothing holds the desk (a form waiting for its save).
Keys that arrive meanwhile wait here. At human speed nothing ever waits.
"""

from __future__ import annotations

import asyncio
from collections import deque
from typing import TYPE_CHECKING

from textual import events
from textual.message_pump import MessagePump
from textual.screen import Screen

if TYPE_CHECKING:
    from textual.app import App

RELEASED = "_deskcrm_released"


async def _unless_closed(waiting: asyncio.Future, pump: MessagePump) -> None:
    """Wait for `waiting`, or until `pump` stops processing messages (a widget removed
    with messages in its queue never handles them): the keyboard never waits on a clock,
    which under load is what let a key overtake the one before it."""
    task = pump._task
    if task is None or task.done():
        if not waiting.done():
            waiting.cancel()
        return
    await asyncio.wait({waiting, task}, return_when=asyncio.FIRST_COMPLETED)
    if not waiting.done():
        waiting.cancel()


async def _drained(pump: MessagePump) -> None:
    """Return once `pump` has handled every message queued before this call.

    A callback queued behind them runs only after them (the queue is first in, first out).
    """
    if not pump.is_running:
        return
    done = asyncio.get_running_loop().create_future()
    if pump.call_later(lambda: done.done() or done.set_result(None)):
        await _unless_closed(done, pump)


def _focus_chain(screen: Screen) -> list[MessagePump]:
    """The focused widget up to its screen: the way a key bubbles."""
    chain: list[MessagePump] = []
    node = screen.focused
    while node is not None and node is not screen:
        chain.append(node)
        node = node.parent
    chain.append(screen)
    return chain


class TypeAhead:
    """The app's keyboard queue; see the module docstring."""

    def __init__(self, app: App) -> None:
        self.app = app
        self._pending: deque[events.Event] = deque()
        self._holds: set[int] = set()
        self._free = asyncio.Event()
        self._free.set()
        self._task: asyncio.Task | None = None

    def hold(self, owner: object) -> None:
        """Keys wait until `owner` releases (a form between ctrl+s and its answer)."""
        self._holds.add(id(owner))
        self._free.clear()

    def release(self, owner: object) -> None:
        self._holds.discard(id(owner))
        if not self._holds:
            self._free.set()

    def keep(self, event: events.Event) -> bool:
        """True when `event` must wait; it is delivered later, in order."""
        if getattr(event, RELEASED, False):
            return False
        if self._task is None and not self._pending and not self._holds and self._screen_ready():
            # the fast path: deliver now, and let the next key wait for this one's trip
            self._task = asyncio.create_task(self._run())
            return False
        self._pending.append(event)
        if self._task is None:
            self._task = asyncio.create_task(self._run())
        return True

    @property
    def waiting(self) -> int:
        return len(self._pending)

    def _screen_ready(self) -> bool:
        screen = self.app.screen
        return screen.is_mounted and (screen.focused is not None or not screen.AUTO_FOCUS)

    async def _settle(self) -> None:
        """Wait until the key just delivered has done all it will do: app → focused
        widget → its ancestors (bubbling) → the app's bindings → whatever they posted."""
        app = self.app
        for _round in range(4):
            screen = app.screen
            if not screen.is_mounted:
                await _unless_closed(asyncio.ensure_future(screen._mounted_event.wait()), screen)
            await _drained(app)
            chain = list(_focus_chain(app.screen))
            for pump in chain:
                await _drained(pump)
            await _drained(app)
            if all(pump.message_queue_size == 0 for pump in (app, *chain)):
                return

    async def _run(self) -> None:
        try:
            while True:
                await self._settle()
                if not self._free.is_set():
                    # a hold ends when its owner's save has finished, however it ended, or
                    # when the owner leaves the screen (see CustomerForm)
                    await self._free.wait()
                    continue
                if not self._pending:
                    return
                event = self._pending.popleft()
                setattr(event, RELEASED, True)
                self.app.post_message(event)
        finally:
            self._task = None
