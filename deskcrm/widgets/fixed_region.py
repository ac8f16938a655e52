"""Widgets that change inside a region of fixed size: repaint, never a layout of the screen.

Textual lays out the whole screen when a widget asks for `refresh(layout=True)`; at
100 000 customers on a 2-core till one layout of the customer file costs more than
the search itself. A widget that knows its region cannot change size (a list of
height 1fr, a one-line search box of width 1fr) changes its content "in place":
inside `in_place()` a request for layout becomes a repaint.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator


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
