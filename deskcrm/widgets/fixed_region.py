"""Widgets that change inside a region of fixed size: repaint, never a layout of the screen.

Textual lays out the whole screen when a widget asks for `refresh(layout=True)`; at
100 000 customers on a 2-core till one layout of the customer file costs more than
the search itself. A widget that knows its region cannot change size (a list of
height 1fr, a one-line search box of width 1fr) changes its content "in place":
inside `in_place()` a request for layout becomes a repaint.

Its scrollbars repaint only when they change: Textual repaints both bars each time a
widget's virtual size is set, changed or not, and on the customer file that was the
list's 34-line scrollbar (and the list lines under it) drawn again per keystroke.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator
from typing import Any


class FixedRegion:
    """Mixin for a Widget: `with self.in_place():` turns layout requests into repaints."""

    _no_layout = False

    @contextlib.contextmanager
    def in_place(self) -> Iterator[None]:
        outer, self._no_layout = self._no_layout, True
        try:
            yield
        finally:
            self._no_layout = outer

    def refresh(self, *regions, repaint: bool = True, layout: bool = False, recompose: bool = False):  # type: ignore[no-untyped-def]
        return super().refresh(  # type: ignore[misc]
            *regions, repaint=repaint, layout=layout and not self._no_layout, recompose=recompose)

    def _scroll_update(self, virtual_size) -> None:  # type: ignore[no-untyped-def]
        bars = [bar for bar in (self._vertical_scrollbar, self._horizontal_scrollbar) if bar is not None]  # type: ignore[attr-defined]
        before = [_bar_state(bar) for bar in bars]
        for bar in bars:
            bar.refresh = _without_bare_refresh(bar)
        try:
            super()._scroll_update(virtual_size)  # type: ignore[misc]
        finally:
            for bar in bars:
                del bar.refresh
        for bar, state in zip(bars, before, strict=True):
            if _bar_state(bar) != state:
                bar.refresh()


def _bar_state(bar: Any) -> tuple:
    return bar.window_virtual_size, bar.window_size, bar.position, bar.display, bar.size


def _without_bare_refresh(bar: Any) -> Callable[..., Any]:
    """The bar's refresh, minus the unconditional `refresh()` of Textual's `_scroll_update`
    (a change of size or position refreshes through its reactives, with arguments)."""
    real = type(bar).refresh.__get__(bar)

    def refresh(*regions: Any, **kwargs: Any) -> Any:
        return real(*regions, **kwargs) if regions or kwargs else bar

    return refresh
