"""The customer list: one page of rows at a time, keyed by customer id, CJK-aligned.

Every cell is cut and padded to its column's fixed width before it reaches the
table, and every row is one line high, so a new page is drawn without measuring a
cell: `_update_dimensions` only counts rows, and a cell that already fits its column
becomes its few segments directly (`fast_cell`) instead of going through Rich's
padding and wrapping, which was most of a keystroke's time at 100 000 customers.
"""

from __future__ import annotations

import contextlib

from rich.cells import cell_len
from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual.geometry import Size

from deskcrm.i18n import N_, _
from deskcrm.services.search import CustomerRow
from deskcrm.services.validation import format_amount
from deskcrm.widgets.plain import PlainTable

# (key, title, width in terminal cells, shown when compact)
COLUMNS = (
    ("name", N_("Name"), 14, True),
    ("phone", N_("Phone"), 13, True),
    ("tier", N_("Tier"), 7, False),
    ("last", N_("Last visit"), 10, False),
    ("spend", N_("Spend"), 10, False),
)


def fit(text: str, width: int) -> str:
    """Cut and pad to exactly `width` cells: a Han or Hangul character takes two."""
    out, used = [], 0
    for ch in text:
        w = cell_len(ch)
        if used + w > width - (1 if cell_len(text) > width else 0):
            break
        out.append(ch)
        used += w
    if cell_len(text) > width:
        out.append("…")
        used += 1
    return "".join(out) + " " * (width - used)


def pad(text: str, width: int, right: bool = False) -> str:
    """Pad to `width` cells (never cut: a longer word is left to the table to crop)."""
    gap = " " * max(0, width - cell_len(text))
    return gap + text if right else text + gap


def _last_visit(row: CustomerRow) -> str:
    days = [d for d in (row.last_purchase_on, row.last_contact_at and row.last_contact_at.date()) if d]
    return max(days).isoformat() if days else ""


class CustomerTable(PlainTable):
    """Rows are `CustomerRow`s; `compact` keeps name and phone only for narrow terminals."""

    DEFAULT_CSS = """
    CustomerTable { height: 1fr; }
    """

    def __init__(self, id: str | None = None) -> None:
        super().__init__(id=id, cursor_type="row", zebra_stripes=True)
        self.compact = False
        self._rows: dict[int, CustomerRow] = {}

    def on_mount(self) -> None:
        self._add_columns()

    def _columns(self):
        return [c for c in COLUMNS if c[3] or not self.compact]

    def _add_columns(self) -> None:
        for key, title, width, _compact in self._columns():
            self.add_column(_(title), width=width, key=key)

    def set_compact(self, compact: bool) -> None:
        if compact == self.compact:
            return
        self.compact = compact
        rows = list(self._rows.values())
        cursor = self.cursor_row
        self.clear(columns=True)
        self._rows.clear()
        self._add_columns()
        self.append_rows(rows)
        if rows:
            self.move_cursor(row=min(cursor, len(rows) - 1))

    def _cells(self, row: CustomerRow) -> list:
        values = {
            "name": fit(row.name, 14),
            "phone": fit(row.phone, 13),
            "tier": pad(_(row.tier), 7),
            "last": pad(_last_visit(row), 10),
            "spend": pad(format_amount(row.total_spend), 10, right=True),
        }
        return [values[c[0]] for c in self._columns()]

    def show_rows(self, rows: tuple[CustomerRow, ...] | list[CustomerRow]) -> None:
        with self._in_place():
            self.clear()
            self._rows.clear()
            self.append_rows(rows)

    def append_rows(self, rows) -> None:
        with self._in_place():
            for row in rows:
                if row.id in self._rows:
                    continue
                self._rows[row.id] = row
                self.add_row(*self._cells(row), key=str(row.id))

    def update_customer(self, row: CustomerRow) -> None:
        if row.id not in self._rows:
            return
        self._rows[row.id] = row
        for (key, *_rest), value in zip(self._columns(), self._cells(row), strict=True):
            self.update_cell(str(row.id), key, value)

    def remove_customer(self, customer_id: int) -> None:
        if self._rows.pop(customer_id, None) is not None:
            self.remove_row(str(customer_id))

    def selected_id(self) -> int | None:
        if not self.row_count:
            return None
        key = self.coordinate_to_cell_key(self.cursor_coordinate).row_key
        return int(key.value) if key.value else None

    def has(self, customer_id: int) -> bool:
        return customer_id in self._rows


    # --- drawing without measuring (see the module's docstring) ----------------------

    _no_layout = False

    @contextlib.contextmanager
    def _in_place(self):
        """Rows change inside the table's fixed region (height 1fr): repaint, no screen layout."""
        outer, self._no_layout = self._no_layout, True
        try:
            yield
        finally:
            self._no_layout = outer

    def refresh(self, *regions, repaint: bool = True, layout: bool = False, recompose: bool = False):  # type: ignore[override]
        return super().refresh(*regions, repaint=repaint, layout=layout and not self._no_layout,
                               recompose=recompose)

    def _update_dimensions(self, new_rows) -> None:  # type: ignore[override]
        # fixed widths and one-line rows: the size follows from the counts alone
        header = self.header_height if self.show_header else 0
        width = sum(column.get_render_width(self) for column in self.columns.values())
        with self._in_place():
            self.virtual_size = Size(width, len(self.rows) + header)
        if self.size:
            # what a layout would do for a widget whose own size did not change; a
            # scrollbar that comes or goes asks for its layout itself
            self._scroll_update(self.virtual_size)

    def _render_cell(self, row_index: int, column_index: int, base_style: Style, width: int,  # type: ignore[override]
                     cursor: bool = False, hover: bool = False):
        lines = None
        if row_index >= 0 and column_index >= 0:
            lines = self.fast_cell(row_index, column_index, base_style, width, cursor, hover)
        return lines if lines is not None else super()._render_cell(
            row_index, column_index, base_style, width, cursor, hover)

    def fast_cell(self, row_index: int, column_index: int, base_style: Style, width: int,
                  cursor: bool, hover: bool) -> list[list[Segment]] | None:
        """The cell's one line of segments, as Rich would draw it; None when it does not fit exactly."""
        row_key = self._row_locations.get_key(row_index)
        column_key = self._column_locations.get_key(column_index)
        cache_key = (row_key, column_key, base_style, cursor, hover, self._show_hover_cursor,
                     self._update_count, self._pseudo_class_state)
        cached = self._cell_render_cache.get(cache_key)
        if cached is not None:
            return cached
        cell = self._data[row_key][column_key]
        padding = self.cell_padding
        if (not isinstance(cell, Text) or cell.spans or cell.justify not in (None, "default", "left")
                or cell_len(cell.plain) != width - 2 * padding or "\n" in cell.plain
                or row_index < self.fixed_rows or column_index < self.fixed_columns):
            return None
        component_style, post_style = self._get_styles_to_render_cell(
            False, False, False, hover, cursor, self.show_cursor, self._show_hover_cursor,
            self.cursor_foreground_priority == "css", self.cursor_background_priority == "css",
        )
        style = base_style + Style.from_meta({"row": row_index, "column": column_index}) + component_style
        gap = Segment(" " * padding, Style.null())
        text_style = self.app.console.get_style(cell.style, default=Style.null())
        segments = [gap, Segment(cell.plain, text_style), gap] if padding else [Segment(cell.plain, text_style)]
        line = list(Segment.apply_style(segments, style, post_style or None))
        self._cell_render_cache[cache_key] = lines = [line]
        return lines
