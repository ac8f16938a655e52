"""F4: the complaints, open ones first; filter, open one to resume, `n` to start one."""

from __future__ import annotations

import datetime as dt

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.screen import Screen
from textual.widgets import Checkbox, DataTable, Select, Static
from textual.worker import get_current_worker

from deskcrm.i18n import N_, _
from deskcrm.services.complaints.defaults import categories, category_names
from deskcrm.services.complaints.queries import (
    ComplaintFilter,
    ComplaintRow,
    list_complaints,
    staff_with_complaints,
)
from deskcrm.services.complaints.steps import STEPS
from deskcrm.widgets.footer import DeskFooter
from deskcrm.widgets.mode_header import ModeHeader
from deskcrm.widgets.plain import PlainTable
from deskcrm.workers import store_work

PAGE = 200


class ComplaintsScreen(Screen):
    HELP = ("Complaints, open ones first. Enter opens one to resume at its step (closed ones "
            "show their whole history); n starts a new one; the selects above filter by step, "
            "root cause, staff and overdue promise.")
    AUTO_FOCUS = "#complaint-table"
    DEFAULT_CSS = """
    ComplaintsScreen #complaint-filters { height: 3; }
    ComplaintsScreen #complaint-filters Select { width: 1fr; }
    ComplaintsScreen #complaint-filters Checkbox { width: auto; }
    ComplaintsScreen #complaint-table { height: 1fr; }
    ComplaintsScreen #complaint-empty { padding: 1 2; color: $text-muted; }
    """
    BINDINGS = [
        Binding("n", "new", _("New complaint"), id="complaints.new"),
        Binding("enter", "open", _("Open"), id="complaints.open", show=False),
        Binding("m", "manage", _("Categories & Q&A"), id="complaints.admin"),
        Binding("escape", "to_table", _("To the list"), id="complaints.to_table", show=False),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.rows: dict[int, ComplaintRow] = {}
        self.last_cursor = None
        self.exhausted = False

    def compose(self) -> ComposeResult:
        yield ModeHeader()
        steps = [(f"{s.number} {_(s.title)}", s.number) for s in STEPS]
        with Horizontal(id="complaint-filters"):
            yield Select(steps, prompt=_("Any step"), id="filter-step")
            yield Select([], prompt=_("Any cause"), id="filter-category")
            yield Select([], prompt=_("Anyone"), id="filter-staff")
            yield Checkbox(_("Overdue"), id="filter-overdue")
        table = PlainTable(id="complaint-table", cursor_type="row", zebra_stripes=True)
        table.add_columns(_("Customer"), _("Opened"), _("Step"), _("Root cause"), _("Promised"),
                          _("Staff"), _("Rating"))
        yield table
        yield Static("", id="complaint-empty")
        yield DeskFooter()

    def on_mount(self) -> None:
        self.load_choices()

    def on_screen_resume(self) -> None:
        self.reload()

    # --- reading --------------------------------------------------------------

    @store_work("complaints-choices", N_("Loading complaint filters"))
    def load_choices(self) -> None:
        cats = [(c.name, c.code) for c in categories(include_inactive=True)]
        people = [(name, sid) for sid, name in staff_with_complaints()]
        self.app.call_from_thread(self._set_choices, cats, people)

    def _set_choices(self, cats: list, people: list) -> None:
        self.query_one("#filter-category", Select).set_options(cats)
        self.query_one("#filter-staff", Select).set_options(people)

    def _filter(self) -> ComplaintFilter:
        step = self.query_one("#filter-step", Select).selection
        return ComplaintFilter(
            step=step, category=self.query_one("#filter-category", Select).selection,
            staff_id=self.query_one("#filter-staff", Select).selection,
            overdue_only=self.query_one("#filter-overdue", Checkbox).value)

    def reload(self) -> None:
        self.rows.clear()
        self.last_cursor, self.exhausted = None, False
        self.query_one("#complaint-table", DataTable).clear()
        self.load_page(self._filter(), None)

    @store_work("complaints-list", N_("Loading complaints"))
    def load_page(self, filt: ComplaintFilter, after) -> None:
        today = self.app.today()
        rows = list_complaints(filt, today, after=after, limit=PAGE)
        names = category_names()
        if not get_current_worker().is_cancelled:
            self.app.call_from_thread(self._add_rows, rows, names)

    def _add_rows(self, rows: list[ComplaintRow], names: dict[str, str]) -> None:
        table = self.query_one("#complaint-table", DataTable)
        for r in rows:
            if r.id in self.rows:
                continue
            self.rows[r.id] = r
            table.add_row(*self._cells(r, names), key=str(r.id))
        self.exhausted = len(rows) < PAGE
        if rows:
            self.last_cursor = rows[-1].cursor
        empty = self.query_one("#complaint-empty", Static)
        empty.display = not self.rows
        empty.update(_("No complaints here. Press n to start one."))

    def _cells(self, r: ComplaintRow, names: dict[str, str]) -> list:
        local = r.opened_at.replace(tzinfo=dt.UTC).astimezone()
        if r.status == "closed":
            step = Text("✓ " + _("closed"), style="dim")
        else:
            step = Text(f"{r.step} {_(STEPS[r.step - 1].title)}" + (f" ·{r.round}" if r.round > 1 else ""))
        promised = Text("")
        if r.promised_on:
            promised = Text(f"{r.promised_on:%m-%d}")
            if r.promise_overdue:
                promised = Text(f"! {r.promised_on:%m-%d}", style="bold reverse")
        ratings = "/".join(str(x) for x in (r.satisfaction, r.followup_satisfaction) if x)
        return [r.customer_name, f"{local:%m-%d %H:%M}", step, names.get(r.category, r.category),
                promised, r.staff_name, ratings]

    @on(DataTable.RowHighlighted, "#complaint-table")
    def _more(self, event: DataTable.RowHighlighted) -> None:
        table = event.data_table
        if not self.exhausted and event.cursor_row >= table.row_count - 5 and self.last_cursor:
            self.exhausted = True  # one page request at a time
            self.load_page(self._filter(), self.last_cursor)

    @on(Select.Changed)
    @on(Checkbox.Changed)
    def _filters_changed(self) -> None:
        self.reload()

    # --- keys -------------------------------------------------------------------

    @on(DataTable.RowSelected, "#complaint-table")
    def _selected(self, event: DataTable.RowSelected) -> None:
        self.open_complaint(int(event.row_key.value or 0))

    def action_open(self) -> None:
        table = self.query_one("#complaint-table", DataTable)
        if table.row_count:
            key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key
            self.open_complaint(int(key.value or 0))

    def open_complaint(self, complaint_id: int) -> None:
        from deskcrm.screens.complaints.wizard import ComplaintWizard

        self.app.push_screen(ComplaintWizard(complaint_id=complaint_id))

    def action_new(self) -> None:
        from deskcrm.screens.complaints.start import ComplaintStart

        def started(complaint_id: int | None) -> None:
            if complaint_id:
                self.open_complaint(complaint_id)

        self.app.push_screen(ComplaintStart(), started)

    def action_manage(self) -> None:
        from deskcrm.screens.complaints.admin import ComplaintAdmin
        from deskcrm.screens.guard import require_manager

        require_manager(self.app, lambda _m: self.app.push_screen(ComplaintAdmin()),
                        N_("Root causes, standard answers and the compensation ladder"))

    def action_to_table(self) -> None:
        self.query_one("#complaint-table", DataTable).focus()
