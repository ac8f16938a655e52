"""The call list / day agenda: one row per follow-up, keyed by its id.

Every cell is cut to its column's fixed width before it reaches the table and every row
is one line high, so a new list is drawn without measuring a cell or laying out the
screen (widgets/fixed_rows_table.py): at 100 000 customers F3's list went through Rich
cell by cell.
"""

from __future__ import annotations

import datetime as dt

from textual import events
from textual.message import Message
from textual.widgets.data_table import ColumnKey

from deskcrm.i18n import N_, _
from deskcrm.services.agenda import AgendaItem
from deskcrm.services.followups.kinds import kind_label
from deskcrm.widgets.fixed_rows_table import FixedRowsTable
from deskcrm.widgets.plain import plain
from deskcrm.widgets.table_fit import cut_to

GLYPH = {"overdue": "!", "due": "•", "upcoming": "›", "closed": "✓"}
# (key, label, width) of the columns before the reason; the reason takes the room left
FIXED = (("mark", "", 1), ("due", N_("Due"), 10), ("customer", N_("Customer"), 12), ("kind", N_("Kind"), 11))
REASON_MIN, REASON_MAX = 12, 60


def due_text(day: dt.date, today: dt.date) -> str:
    """Month-day this year; the year too when it is another year (an item from April 2025)."""
    return day.strftime("%m-%d") if day.year == today.year else day.isoformat()


class AgendaList(FixedRowsTable):
    DEFAULT_CSS = """
    AgendaList { height: 1fr; min-height: 3; }
    """

    class MoreWanted(Message):
        """The cursor reached the last row of a full page: load the next one."""

    def __init__(self, page: int = 500, **kwargs) -> None:
        super().__init__(cursor_type="row", zebra_stripes=True, **kwargs)
        self.items: dict[int, AgendaItem] = {}
        self.page = page
        self.has_more = False

    def on_mount(self) -> None:
        # fixed widths: auto widths shrink back to the header after clear()
        for key, label, width in FIXED:
            self.add_column(_(label) if label else "", key=key, width=width)
        self.reason_width = REASON_MAX
        self.add_column(_("Reason"), key="reason", width=self.reason_width)

    def _room_for_reason(self) -> int:
        # room for the scrollbar from the start: it appears after the rows and resizes nothing
        room = self.size.width - self.styles.scrollbar_size_vertical
        padding = 2 * self.cell_padding * (len(FIXED) + 1)
        return max(REASON_MIN, min(REASON_MAX, room - padding - sum(w for _k, _l, w in FIXED)))

    def on_resize(self, _event: events.Resize) -> None:
        """The reason fills the width left and is cut with "…" rather than run off the edge
        (at 80 columns it was cut mid-word, "(vip: c")."""
        width = self._room_for_reason()
        if width != self.reason_width:
            self.reason_width = width
            self.columns[ColumnKey("reason")].width = width
            self.set_items(list(self.items.values()))

    def _style(self, item: AgendaItem) -> str:
        if item.status == "done":
            return "green"
        if item.status == "skipped":
            return "dim strike"
        if item.group == "overdue":
            return "bold red"
        return "" if item.callable_now else "dim"

    def set_items(self, items: list[AgendaItem]) -> None:
        keep = self.cursor_row
        with self.in_place():
            self.clear()
            self.items = {}
            self.append_items(items)
            if items:
                self.move_cursor(row=min(keep, len(items) - 1))

    def append_items(self, items: list[AgendaItem]) -> None:
        self.has_more = False  # not while rows are being added
        today = self.app.today()
        with self.in_place():
            for item in items:
                if item.id in self.items:
                    continue
                self.items[item.id] = item
                style = self._style(item)
                mark = "×" if item.status == "skipped" else GLYPH[item.group]
                self.add_row(
                    plain(mark, style=style), due_text(item.due_on, today),
                    plain(cut_to(item.customer_name, FIXED[2][2]), style=style),
                    cut_to(kind_label(item.kind), FIXED[3][2]), cut_to(item.reason, self.reason_width),
                    key=str(item.id),
                )
        self.has_more = len(items) >= self.page

    def watch_cursor_coordinate(self, old, new) -> None:
        super().watch_cursor_coordinate(old, new)
        if self.has_more and new.row >= self.row_count - 1:
            self.has_more = False  # one request per page
            self.post_message(self.MoreWanted())

    @property
    def current(self) -> AgendaItem | None:
        if not self.items or self.cursor_row < 0 or self.cursor_row >= self.row_count:
            return None
        key = self.coordinate_to_cell_key((self.cursor_row, 0)).row_key.value
        return self.items.get(int(key)) if key else None
