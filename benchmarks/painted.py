"""When a frame is on the screen: the benchmarks' clock for "painted".

Textual writes a frame in `App._display`, after the screen's compositor has laid out
and rendered what changed (`Screen._compositor_refresh`). Headless, `_display` skips
turning that update into terminal bytes; `FrameClock` does that work too (as a real
terminal would need) and notes the time each frame was finished. A change is painted
at the last frame written before the app has nothing left to do: no layout, repaint or
callback pending on the screen, every message queue of the screen's widgets empty and
no DataTable with dimensions still to measure.

The clock runs on the app's own event loop, so it must cost the app next to nothing:
`busy()` looks at the app's and the screen's flags first and walks the screen's
widgets (a list kept until a widget is mounted or removed) only when those are
quiet, and `painted()` looks once per millisecond. The figure is always the time
the last frame was written, never the time the clock looked.
"""

from __future__ import annotations

import asyncio
import time
from typing import Any

# isort: off
import deskcrm  # noqa: F401 - first, as in the app: it sets Textual's frame rate (deskcrm/__init__.py)
from textual._compositor import CompositorUpdate
# isort: on


class FrameClock:
    def __init__(self, app: Any) -> None:
        self.app = app
        self.frames: list[float] = []
        self.on_first_frame: Any = None
        display = app._display

        def timed_display(screen: Any, renderable: Any) -> None:
            display(screen, renderable)
            if renderable is None or app._batch_count:
                return
            if app.is_headless and isinstance(renderable, CompositorUpdate):
                renderable.render_segments(app.console)  # the bytes a terminal would get
            self.frames.append(time.perf_counter())
            if self.on_first_frame is not None:
                first, self.on_first_frame = self.on_first_frame, None
                first()

        app._display = timed_display
        # the widget list is walked again only after a widget was mounted or removed
        self._changes = 0
        self._nodes: tuple[Any, int, list[Any]] | None = None
        register, unregister = app._register_child, app._unregister

        def registered(*args: Any, **kwargs: Any) -> Any:
            self._changes += 1
            return register(*args, **kwargs)

        def unregistered(*args: Any, **kwargs: Any) -> Any:
            self._changes += 1
            return unregister(*args, **kwargs)

        app._register_child, app._unregister = registered, unregistered

    def _screen_nodes(self, screen: Any) -> list[Any]:
        if self._nodes is None or self._nodes[0] is not screen or self._nodes[1] != self._changes:
            self._nodes = (screen, self._changes, list(screen.walk_children(with_self=True)))
        return self._nodes[2]

    def busy(self) -> bool:
        app = self.app
        screen = app.screen
        if app._batch_count or not app._message_queue.empty():
            return True
        if (screen._layout_required or screen._scroll_required or screen._repaint_required
                or screen._dirty_widgets or screen._callbacks):
            return True
        for node in self._screen_nodes(screen):
            if not node._message_queue.empty():
                return True
            if getattr(node, "_require_update_dimensions", False) or getattr(node, "_updated_cells", None):
                return True
        return False

    async def painted(self, since: float, timeout: float = 10.0) -> float:
        """The time of the last frame after `since`, once the app is quiet."""
        deadline = time.perf_counter() + timeout
        quiet = 0
        while time.perf_counter() < deadline:
            await asyncio.sleep(0.001)
            if self.frames and self.frames[-1] >= since and not self.busy():
                quiet += 1
                if quiet >= 3:
                    return self.frames[-1]
            else:
                quiet = 0
        raise TimeoutError("nothing was painted")


def press(app: Any, key: str) -> None:
    """A key as the terminal driver delivers it (Pilot.press also waits and forces a frame)."""
    from textual import events

    char = key if len(key) == 1 else None
    event = events.Key(key if char is None or char.isalnum() else _key_name(char), char)
    event.set_sender(app)
    app._driver.send_message(event)


def _key_name(char: str) -> str:
    from textual.keys import _character_to_key

    return _character_to_key(char)
