"""A nine-week trend line: a Sparkline that says what its ends are."""

from __future__ import annotations

from collections.abc import Sequence

from textual.widgets import Sparkline


class Trend(Sparkline):
    """Oldest week on the left; each bar is the week's figure (max of a bucket when squeezed)."""

    DEFAULT_CSS = """
    Trend {
        height: 1;
        width: 1fr;
    }
    Trend > .sparkline--max-color {
        color: $accent;
    }
    Trend > .sparkline--min-color {
        color: $primary 50%;
    }
    """

    def __init__(self, series: Sequence[float] = (), *, id: str | None = None) -> None:
        super().__init__(list(series), summary_function=max, id=id)

    def show(self, series: Sequence[float], label: str = "") -> None:
        if list(series) == self.data:
            return  # the same nine weeks: nothing to redraw
        self.data = list(series)
        # the tooltip names the weeks' figures, oldest first, for whoever hovers
        self.tooltip = label + (": " if label else "") + " · ".join(f"{v:g}" for v in series)
