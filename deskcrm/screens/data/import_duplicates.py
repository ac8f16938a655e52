"""Choosing, row by row, whether a customer already on file is merged or skipped.

Merging fills only the fields empty on file; the comparison under the list
shows what is on file and what the file brings for the highlighted row.
"""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import DataTable, Label

from deskcrm.i18n import _
from deskcrm.services.io.fields import field_label
from deskcrm.services.io.importer import Duplicate
from deskcrm.widgets.footer import DeskFooter
from deskcrm.widgets.plain import PlainTable

SHOWN = 500  # rows listed; a and s still choose for every duplicate


def action_label(merge: bool) -> str:
    return _("merge") if merge else _("skip")


class ImportDuplicates(ModalScreen[dict[int, bool] | None]):
    DEFAULT_CSS = """
    ImportDuplicates { align: center middle; }
    ImportDuplicates > Vertical { width: 100%; height: 100%; padding: 0 1; background: $surface; }
    ImportDuplicates #dupes-title { color: $text-muted; }
    ImportDuplicates #dupes { height: 1fr; min-height: 5; }
    ImportDuplicates #compare { height: 1fr; min-height: 5; max-height: 12; }
    """
    AUTO_FOCUS = "#dupes"
    BINDINGS = [
        Binding("space", "toggle", _("Merge/skip"), id="dupes.toggle"),
        Binding("a", "all(True)", _("All merge"), id="dupes.all_merge"),
        Binding("s", "all(False)", _("All skip"), id="dupes.all_skip"),
        Binding("ctrl+s", "done", _("Done"), id="dupes.done", priority=True),
        Binding("escape", "cancel", _("Cancel"), id="dupes.cancel"),
    ]

    def __init__(self, duplicates: tuple[Duplicate, ...], choices: dict[int, bool]) -> None:
        super().__init__()
        self.duplicates = duplicates
        self.choices = {d.line: choices.get(d.line, False) for d in duplicates}

    def compose(self) -> ComposeResult:
        with Vertical():
            title = _("{count} already on file: merge fills their empty fields, skip leaves them"
                      ).format(count=len(self.duplicates))
            if len(self.duplicates) > SHOWN:
                title += " " + _("(first {shown} listed)").format(shown=SHOWN)
            yield Label(title, id="dupes-title")
            yield PlainTable(id="dupes", cursor_type="row", zebra_stripes=True)
            yield PlainTable(id="compare", cursor_type="none")
            yield DeskFooter()

    def on_mount(self) -> None:
        table = self.query_one("#dupes", DataTable)
        self.action_column = table.add_column(_("Action"))
        table.add_columns(_("Line"), _("In the file"), _("On file"), _("Why"))
        for d in self.duplicates[:SHOWN]:
            table.add_row(action_label(self.choices[d.line]), str(d.line), f"{d.name} {d.value}".strip(),
                          f"#{d.existing_id} {d.existing_name}", d.reason, key=str(d.line))
        self.query_one("#compare", DataTable).add_columns(_("Field"), _("On file"), _("In the file (+ = merge fills it)"))
        if self.duplicates:
            self.show_compare(self.duplicates[0])

    def show_compare(self, duplicate: Duplicate) -> None:
        table = self.query_one("#compare", DataTable)
        table.clear()
        for key, on_file, incoming in duplicate.compare:
            # merge fills only what is empty on file
            mark = "+ " if not on_file and incoming else "  "
            table.add_row(field_label(key), on_file, mark + incoming)

    @on(DataTable.RowHighlighted, "#dupes")
    def highlighted(self, event: DataTable.RowHighlighted) -> None:
        line = int(str(event.row_key.value))
        self.show_compare(next(d for d in self.duplicates if d.line == line))

    def _show(self, line: int) -> None:
        table = self.query_one("#dupes", DataTable)
        if str(line) in table.rows:
            table.update_cell(str(line), self.action_column, action_label(self.choices[line]))

    def action_toggle(self) -> None:
        table = self.query_one("#dupes", DataTable)
        if not table.row_count:
            return
        line = int(str(table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value))
        self.choices[line] = not self.choices[line]
        self._show(line)
        if table.cursor_row < table.row_count - 1:
            table.move_cursor(row=table.cursor_row + 1)

    def action_all(self, merge: bool) -> None:
        for line in self.choices:
            self.choices[line] = merge
            self._show(line)

    def action_done(self) -> None:
        self.dismiss(dict(self.choices))

    def action_cancel(self) -> None:
        self.dismiss(None)
