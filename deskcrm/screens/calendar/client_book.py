"""Client books (F3 o, or the palette): a staff member's own customers, and moving them in bulk.

A clerk opens her own book; a manager picks any book, marks customers (space) and
moves them — or the whole book — to another staff member (r).
"""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen, Screen
from textual.widgets import DataTable, Input, Label, Select

from deskcrm.i18n import N_, _
from deskcrm.messages import CustomerChanged
from deskcrm.screens.guard import require_manager
from deskcrm.services import client_books, staff
from deskcrm.services.client_books import BookEntry, BookSize
from deskcrm.services.followups.money import money
from deskcrm.widgets.footer import DeskFooter
from deskcrm.widgets.mode_header import ModeHeader
from deskcrm.workers import store_work

NOBODY = -1  # the Select's value for "customers nobody owns"


class ReassignModal(ModalScreen[int | None]):
    """Whose book the customers go to."""

    BINDINGS = [Binding("ctrl+s", "save", _("Move"), id="reassign.save", priority=True),
                Binding("escape", "cancel", _("Cancel"), id="reassign.cancel")]

    def __init__(self, count: int, people: list[tuple[str, int]]) -> None:
        super().__init__()
        self.count, self.people = count, people

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(_("Move {n} customers to:").format(n=self.count))
            yield Select(self.people, prompt=_("Choose…"), id="reassign-to")
            yield Label(_("ctrl+s moves them; escape cancels."), classes="muted")
            yield DeskFooter()

    def action_save(self) -> None:
        value = self.query_one("#reassign-to", Select).value
        if isinstance(value, int):
            self.dismiss(value)

    def action_cancel(self) -> None:
        self.dismiss(None)


class ClientBookScreen(Screen[None]):
    HELP = ("Client books: the customers each staff member looks after. Type in the filter to "
            "narrow by name, initials or phone digits. A manager can choose any book, mark "
            "customers with space and move them (or the whole book) to someone else with r.")
    DEFAULT_CSS = """
    ClientBookScreen #book-bar { height: 3; }
    ClientBookScreen #book-owner { width: 32; }
    ClientBookScreen #book-filter { width: 1fr; }
    ClientBookScreen #book { height: 1fr; }
    ClientBookScreen #book-title { height: 1; color: $text-muted; }
    """
    AUTO_FOCUS = "#book-filter"
    BINDINGS = [
        Binding("space", "mark", _("Mark"), id="book.mark"),
        Binding("r", "reassign", _("Move to…"), id="book.reassign"),
        Binding("escape", "leave", _("Back"), id="book.back"),
    ]

    def __init__(self, staff_id: int | None, currency: str = "CNY") -> None:
        super().__init__()
        self.staff_id = staff_id
        self.currency = currency
        self.entries: list[BookEntry] = []
        self.marked: set[int] = set()

    def compose(self) -> ComposeResult:
        yield ModeHeader()
        with Horizontal(id="book-bar"):
            yield Select([], prompt=_("Whose customers"), id="book-owner", allow_blank=True)
            yield Input(placeholder=_("Filter: name, initials or phone"), id="book-filter")
        yield Label("", id="book-title")
        yield DataTable(id="book", cursor_type="row", zebra_stripes=True)
        yield DeskFooter()

    def on_mount(self) -> None:
        table = self.query_one("#book", DataTable)
        for label, key, width in ((N_("Customer"), "name", 14), (N_("Phone"), "phone", 14),
                                  (N_("Tier"), "tier", 8), (N_("Last contact"), "contact", 11),
                                  (N_("Spend"), "spend", 12)):
            table.add_column(_(label), key=key, width=width)
        self.load_books()

    @store_work("book-sizes", N_("Loading the client books"))
    def load_books(self) -> None:
        books = client_books.sizes()
        self.app.call_from_thread(self._show_books, books)

    def _show_books(self, books: list[BookSize]) -> None:
        self.books = books
        options = [(f"{b.name or _('(nobody)')} ({b.customers})", b.staff_id if b.staff_id is not None else NOBODY)
                   for b in books if b.active or b.customers]
        select = self.query_one("#book-owner", Select)
        with select.prevent(Select.Changed):
            select.set_options(options)
            select.value = self.staff_id if self.staff_id is not None else NOBODY
        self.load_entries(self.staff_id, self.query_one("#book-filter", Input).value)

    @on(Select.Changed, "#book-owner")
    def owner_chosen(self, event: Select.Changed) -> None:
        if isinstance(event.value, int):
            self.staff_id = None if event.value == NOBODY else event.value
            self.marked.clear()
            self.load_entries(self.staff_id, self.query_one("#book-filter", Input).value)

    @on(Input.Changed, "#book-filter")
    def filter_changed(self, event: Input.Changed) -> None:
        self.load_entries(self.staff_id, event.value)

    @store_work("book-entries", N_("Loading the client book"))
    def load_entries(self, staff_id: int | None, text: str) -> None:
        entries = client_books.book(staff_id, text)
        self.app.call_from_thread(self._show_entries, staff_id, entries)

    def _show_entries(self, staff_id: int | None, entries: list[BookEntry]) -> None:
        if staff_id != self.staff_id:
            return
        self.entries = entries
        table = self.query_one("#book", DataTable)
        table.clear()
        for e in entries:
            mark = "✓ " if e.id in self.marked else ""
            table.add_row(mark + e.name, e.phone, _(e.tier), e.last_contact, money(e.total_spend, self.currency),
                          key=str(e.id))
        more = "+" if len(entries) >= client_books.PAGE else ""
        self.query_one("#book-title", Label).update(
            _("{n} customers shown, {m} marked").format(n=f"{len(entries)}{more}", m=len(self.marked)))

    def action_mark(self) -> None:
        table = self.query_one("#book", DataTable)
        if not self.entries or not 0 <= table.cursor_row < len(self.entries):
            return
        entry = self.entries[table.cursor_row]
        self.marked ^= {entry.id}
        table.update_cell(str(entry.id), "name", ("✓ " if entry.id in self.marked else "") + entry.name)
        self.query_one("#book-title", Label).update(
            _("{n} customers shown, {m} marked").format(n=len(self.entries), m=len(self.marked)))
        if table.cursor_row < table.row_count - 1:
            table.move_cursor(row=table.cursor_row + 1)

    def action_reassign(self) -> None:
        book = next((b for b in getattr(self, "books", []) if b.staff_id == self.staff_id), None)
        count = len(self.marked) or (book.customers if book else 0)
        if not count:
            return
        people = [(s.name, s.id) for s in staff.list_staff() if s.id != self.staff_id]
        ids = sorted(self.marked) or None

        def chosen(to: int | None) -> None:
            if to is not None:
                require_manager(self.app, lambda manager: self.move(to, ids, manager.name),
                                _("Moving customers to another book"))

        self.app.push_screen(ReassignModal(count, people), chosen)

    @store_work("book-move", N_("Moving the customers"))
    def move(self, to: int, ids: list[int] | None, by: str) -> None:
        n = client_books.reassign(to, from_staff=self.staff_id, customer_ids=ids, by=by)
        self.app.call_from_thread(self._moved, n)

    def _moved(self, n: int) -> None:
        self.notify(_("{n} customers moved").format(n=n))
        self.marked.clear()
        self.post_message(CustomerChanged(None))
        self.load_books()

    def action_leave(self) -> None:
        if isinstance(self.focused, Input) and self.focused.value:
            self.focused.value = ""
            return
        self.dismiss(None)
