"""The week view's list of who is due each day: name and kind, CJK-aligned, scrollable.

Each day is its own Static, so moving the selected day scrolls its section into view.
Names are padded with set_cell_size (cell widths, not characters): 王丽, 김민수 and
Olivia Chan start their kind column on the same terminal column.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

from rich.cells import cell_len, set_cell_size
from rich.text import Text
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import Static

from deskcrm.i18n import _
from deskcrm.services.agenda import DayCounts, WeekEntry
from deskcrm.widgets.agenda_list import kind_label
from deskcrm.widgets.month_grid import WEEKDAYS
from deskcrm.widgets.plain import plain

NAME_CELLS = 14
_GLYPH = {"overdue": "!", "due": "•", "closed": "✓"}
_STYLE = {"overdue": "bold red", "due": "", "closed": "green"}


def entry_line(e: WeekEntry, width: int) -> Text:
    """'  ! 김민수          We miss you' — the kind column starts at the same cell for every script."""
    glyph = "×" if e.status == "skipped" else _GLYPH[e.group]
    style = "dim strike" if e.status == "skipped" else _STYLE[e.group]
    name = set_cell_size(e.customer_name, NAME_CELLS) if cell_len(e.customer_name) != NAME_CELLS else e.customer_name
    line = plain(f"  {glyph} ", style=style)
    line.append(name, style=style)
    line.append(" " + kind_label(e.kind))
    line.truncate(max(width, 1))
    return line


def day_text(day: dt.date, entries: list[WeekEntry], counts: DayCounts | None, width: int,
             selected: bool) -> Text:
    c = counts or DayCounts()
    head = plain(f"{_(WEEKDAYS[day.weekday()])} {day:%m-%d}", style="bold reverse" if selected else "bold")
    for n, mark, style in ((c.overdue, "!", "bold red"), (c.due, "•", "yellow"), (c.done, "✓", "green")):
        if n:
            head.append(f"  {mark}{n}", style=style)
    lines = [head]
    lines += [entry_line(e, width) for e in entries]
    if not c.total:
        lines.append(plain("  " + _("nobody due"), style="dim"))
    elif c.total > len(entries):
        lines.append(plain("  " + _("… {n} more: pick the day").format(n=c.total - len(entries)), style="dim"))
    return Text("\n").join(lines)


class WeekPeople(VerticalScroll):
    DEFAULT_CSS = """
    WeekPeople { height: 1fr; }
    WeekPeople > Static { width: 1fr; }
    """

    def compose(self) -> ComposeResult:
        for n in range(7):
            yield Static("", id=f"week-day-{n}")

    def show(self, people: Mapping[dt.date, list[WeekEntry]], counts: Mapping[dt.date, DayCounts],
             selected: dt.date) -> None:
        width = max(20, self.size.width - 2)
        for n, day in enumerate(sorted(people)[:7]):
            box = self.query_one(f"#week-day-{n}", Static)
            box.update(day_text(day, people[day], counts.get(day), width, day == selected))
            if day == selected:
                self.call_after_refresh(self.scroll_to_widget, box, animate=False, top=True)
