"""A KPI tile: the figure, its change against the week before, and its nine-week trend."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.markup import escape
from textual.widgets import Static

from deskcrm.widgets.trend import Trend


class KpiTile(Vertical):
    """`up_is_good` colours the change: more revenue is good, more overdue calls are not.

    Three widgets a tile (text, trend, frame): the review shows eight of them, and
    every widget adds to the time F5 takes to open.
    """

    DEFAULT_CSS = """
    KpiTile {
        height: 5;
        border: round $primary 60%;
        padding: 0 0 0 1;
    }
    KpiTile > Static {
        height: 2;
        text-wrap: nowrap;
        text-overflow: ellipsis;
    }
    """

    def __init__(self, key: str, label: str, up_is_good: bool = True) -> None:
        super().__init__(id=f"kpi-{key}")
        self.key = key
        self.label = label
        self.up_is_good = up_is_good
        self.value_text = ""
        self.change_text = ""
        self._shown = ""

    def compose(self) -> ComposeResult:
        yield Static(f"[$text-muted]{escape(self.label)}[/]\n…")
        yield Trend()

    def show(self, value: str, change: str, series: tuple[float, ...]) -> None:
        """`series` ends with this week; its last two points say which way it went."""
        self.value_text, self.change_text = value, change
        went = (series[-1] > series[-2]) - (series[-1] < series[-2]) if len(series) > 1 else 0
        better = went if self.up_is_good else -went
        colour = "$success" if better > 0 else "$error" if better < 0 else "$text-muted"
        text = f"[$text-muted]{escape(self.label)}[/]\n[b]{escape(value)}[/] [{colour}]{escape(change)}[/]"
        if text != self._shown:  # a tile whose figure stayed the same is not redrawn
            self._shown = text
            self.query_one(Static).update(text, layout=False)  # a tile keeps its size
        self.query_one(Trend).show(series, self.label)
