"""The customer list: one page of rows at a time, keyed by customer id, CJK-aligned.

Every cell is cut and padded to its column's fixed width before it reaches the
table (`fit`, `pad`), and every row is one line high: the table draws a new page
without measuring or laying out anything (widgets/fixed_rows_table.py).
"""

from __future__ import annotations

from rich.cells import cell_len

from deskcrm.i18n import N_, _
from deskcrm.services.search import CustomerRow
from deskcrm.services.validation import format_amount
from deskcrm.widgets.fixed_rows_table import FixedRowsTable

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


class CustomerTable(FixedRowsTable):
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
        with self.in_place():
            self.clear()
            self._rows.clear()
            self.append_rows(rows)

    def append_rows(self, rows) -> None:
        with self.in_place():
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
