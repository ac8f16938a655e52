"""The import's column step: which customer field each column of the file fills.

The header synonyms guess most columns; a column they do not know (say
"手机号码X") is ignored until the user picks its field here. The preview shows
the first rows as they would be read with the mapping on screen.
"""

from __future__ import annotations

from rich.cells import cell_len
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import DataTable, Label, Select

from deskcrm.i18n import _
from deskcrm.services.io.columns import KEEP_NOTE, LABEL
from deskcrm.services.io.fields import IMPORT_FIELDS, field_label
from deskcrm.services.io.records import SourceFile
from deskcrm.widgets.footer import DeskFooter
from deskcrm.widgets.plain import PlainTable, plain

IGNORE = "-"
PREVIEW_WIDTH = 24  # widest preview column, in cells
Mapping = tuple[str | None, ...]


def mapping_problem(mapping: Mapping) -> str | None:
    """Why the mapping cannot be used, or None.

    Several columns may fill one field (a second phone goes to phone 2 or the notes,
    a second value of any other field to the notes), so repeats are allowed.
    """
    chosen = [f for f in mapping if f]
    if not {"name", "family_name", "given_name"} & set(chosen):
        return _("Choose the column that holds the name.")
    return None


class ImportMapping(ModalScreen[Mapping | None]):
    DEFAULT_CSS = """
    ImportMapping { align: center middle; }
    ImportMapping > Vertical { width: 100%; height: 100%; padding: 0 1; background: $surface; }
    ImportMapping #map-title { color: $text-muted; }
    ImportMapping #map-columns { height: 1fr; min-height: 4; }
    ImportMapping .map-row { height: 3; }
    ImportMapping .map-header { width: 1fr; max-width: 28; padding: 1 1 0 0; }
    ImportMapping .map-row Select { width: 26; }
    ImportMapping .map-sample { width: 1fr; padding: 1 0 0 1; color: $text-muted; }
    ImportMapping #mapping-error { height: auto; }
    ImportMapping #mapping-preview { height: 8; }
    """
    AUTO_FOCUS = "#map-0"
    BINDINGS = [
        Binding("ctrl+s", "apply", _("Use mapping"), id="mapping.apply", priority=True),
        Binding("escape", "cancel", _("Cancel"), id="mapping.cancel"),
    ]

    def __init__(self, source: SourceFile) -> None:
        super().__init__()
        self.source = source
        self.mapping: list[str | None] = list(source.mapping)

    def compose(self) -> ComposeResult:
        options = ([(_("(ignore)"), IGNORE), (_("(keep as a note)"), KEEP_NOTE),
                    (_("(type of the value beside it)"), LABEL)]
                   + [(field_label(f), f) for f in IMPORT_FIELDS])
        first = self.source.sample[0] if self.source.sample else ()
        with Vertical():
            yield Label(_("Columns of {name}: choose the field each one fills").format(name=self.source.name),
                        id="map-title")
            with VerticalScroll(id="map-columns"):
                for index, header in enumerate(self.source.headers):
                    with Horizontal(classes="map-row"):
                        yield Label(Text(header) if header else _("(no header)"), classes="map-header")
                        yield Select(options, value=self.mapping[index] or IGNORE, allow_blank=False,
                                     id=f"map-{index}")
                        yield Label(plain(first[index] if index < len(first) else ""), classes="map-sample")
            yield Label("", id="mapping-error", classes="field-error")
            yield PlainTable(id="mapping-preview", zebra_stripes=True, cursor_type="none")
            yield DeskFooter()

    def on_mount(self) -> None:
        self.show_preview()

    @on(Select.Changed)
    def changed(self, event: Select.Changed) -> None:
        index = int(str(event.select.id).removeprefix("map-"))
        self.mapping[index] = None if event.value == IGNORE else str(event.value)
        self.query_one("#mapping-error", Label).update(mapping_problem(tuple(self.mapping)) or "")
        self.show_preview()

    def show_preview(self) -> None:
        """The first rows as the mapping reads them; DataTable sizes columns by cell width."""
        table = self.query_one("#mapping-preview", DataTable)
        table.clear(columns=True)
        used = [(i, f) for i, f in enumerate(self.mapping) if f and f not in (KEEP_NOTE, LABEL)]
        if not used:
            return
        rows = [[cells[i] if i < len(cells) else "" for i, _f in used] for cells in self.source.sample]
        for n, (_i, key) in enumerate(used):
            label = field_label(key)
            if sum(1 for _j, other in used if other == key) > 1:
                label = f"{label} ({self.source.headers[_i]})"
            # widths in terminal cells, so 王小明 takes 6 and the columns line up
            width = max([cell_len(label)] + [cell_len(row[n]) for row in rows])
            table.add_column(label, width=min(width, PREVIEW_WIDTH))
        for row in rows:
            table.add_row(*(Text(cell) for cell in row))

    def action_apply(self) -> None:
        problem = mapping_problem(tuple(self.mapping))
        if problem:
            self.query_one("#mapping-error", Label).update(problem)
            return
        self.dismiss(tuple(self.mapping))

    def action_cancel(self) -> None:
        self.dismiss(None)
