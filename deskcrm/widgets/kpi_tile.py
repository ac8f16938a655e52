"""A KPI tile: the figure, its change against the week before, and its nine-week trend."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Label

from deskcrm.widgets.trend import Trend


class KpiTile(Vertical):
    """`up_is_good` colours the change: more revenue is good, more overdue calls are not."""

    DEFAULT_CSS = """
    KpiTile {
        height: 5;
        border: round $primary 60%;
        padding: 0 1;
    }
    KpiTile Label {
        width: 1fr;
        text-wrap: nowrap;
        text-overflow: ellipsis;
    }
    KpiTile .kpi-label {
        color: $text-muted;
    }
    KpiTile .kpi-value {
        text-style: bold;
    }
    KpiTile Horizontal {
        height: 1;
    }
    KpiTile .kpi-change {
        width: auto;
        margin-right: 1;
    }
    KpiTile .kpi-change.-good {
        color: $success;
    }
    KpiTile .kpi-change.-bad {
        color: $error;
    }
    """

    def __init__(self, key: str, label: str, up_is_good: bool = True) -> None:
        super().__init__(id=f"kpi-{key}")
        self.key = key
        self.label = label
        self.up_is_good = up_is_good
        self.value_text = ""
        self.change_text = ""

    def compose(self) -> ComposeResult:
        yield Label(self.label, classes="kpi-label")
        yield Label("…", classes="kpi-value")
        with Horizontal():
            yield Label("", classes="kpi-change")
            yield Trend()

    def show(self, value: str, change: str, series: tuple[float, ...]) -> None:
        """`series` ends with this week; its last two points say which way it went."""
        self.value_text, self.change_text = value, change
        self.query_one(".kpi-value", Label).update(value)
        shown = self.query_one(".kpi-change", Label)
        shown.update(change)
        went = (series[-1] > series[-2]) - (series[-1] < series[-2]) if len(series) > 1 else 0
        better = went if self.up_is_good else -went
        shown.set_class(better > 0, "-good")
        shown.set_class(better < 0, "-bad")
        self.query_one(Trend).show(series, self.label)
