"""A customer's related people (r on F2) and important dates (i on F2): a list to add, edit, remove.

Every write is announced with `CustomerChanged` on the app, so the card behind
the dialog (completeness, talking points, dates) redraws while the list stays open.
"""

from __future__ import annotations

import datetime as dt

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, DataTable, Label
from textual.worker import get_current_worker

from deskcrm.i18n import N_, _
from deskcrm.messages import CustomerChanged
from deskcrm.screens.customers.people_forms import DateForm, RelatedForm
from deskcrm.services import people
from deskcrm.services.card import calendar_label
from deskcrm.store.models import Customer
from deskcrm.widgets.customer_table import fit
from deskcrm.widgets.footer import DeskFooter
from deskcrm.widgets.plain import PlainTable, plain
from deskcrm.workers import store_work


def _when(day: dt.date | None) -> str:
    return day.isoformat() if day else ""


class ConfirmRemove(ModalScreen[bool]):
    """y removes, n or escape keeps."""

    BINDINGS = [
        Binding("y", "answer(True)", _("Yes, remove"), id="remove.yes"),
        Binding("n,escape", "answer(False)", _("No"), id="remove.no"),
    ]
    AUTO_FOCUS = "#remove-no"

    def __init__(self, question: str) -> None:
        super().__init__()
        self.question = question

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(plain(self.question), classes="title")
            with Horizontal(classes="buttons"):
                yield Button(_("Yes, remove (y)"), variant="error", id="remove-yes")
                yield Button(_("No (n)"), id="remove-no")
        yield DeskFooter()

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        self.action_answer(event.button.id == "remove-yes")

    def action_answer(self, yes: bool) -> None:
        self.dismiss(yes)


class _PeopleList(ModalScreen[None]):
    """The rows of one kind for one customer; subclasses say which rows and which form."""

    BINDINGS = [
        Binding("a", "add", _("Add"), id="people.add"),
        Binding("e", "edit", _("Edit"), id="people.edit"),
        Binding("x,delete", "remove", _("Remove"), id="people.remove", key_display="x"),
        Binding("escape", "close", _("Close"), id="people.close"),
    ]
    DEFAULT_CSS = """
    _PeopleList > .dialog { height: auto; }
    _PeopleList DataTable { height: auto; max-height: 14; }
    """
    AUTO_FOCUS = "DataTable"
    TITLE_TEXT = ""
    EMPTY_TEXT = ""
    COLUMNS: tuple[tuple[str, str], ...] = ()

    def __init__(self, customer_id: int) -> None:
        super().__init__()
        self.customer_id = customer_id
        self.rows: list = []

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(_(self.TITLE_TEXT), id="people-title", classes="title")
            yield PlainTable(cursor_type="row", zebra_stripes=True)
            yield Label("", id="people-empty", classes="muted")
        yield DeskFooter()

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        for key, title in self.COLUMNS:
            table.add_column(_(title), key=key)
        self.reload()

    def reload(self, select: int | None = None) -> None:
        self._load(select)

    @store_work("people-load", N_("Loading related people"))
    def _load(self, select: int | None) -> None:
        name = Customer.select(Customer.name).where(Customer.id == self.customer_id).scalar()
        rows = self.fetch(self.app.today())
        if not get_current_worker().is_cancelled:
            self.app.call_from_thread(self._show, name or "", rows, select)

    def _show(self, name: str, rows: list, select: int | None) -> None:
        self.rows = rows
        self.query_one("#people-title", Label).update(plain(f"{_(self.TITLE_TEXT)} · {name}"))
        table = self.query_one(DataTable)
        table.clear()
        for row in rows:
            table.add_row(*self.cells(row), key=str(row.id))
        self.query_one("#people-empty", Label).update(
            "" if rows else _(self.EMPTY_TEXT)
        )
        if select is not None and str(select) in table.rows:
            table.move_cursor(row=table.get_row_index(str(select)))

    @on(DataTable.RowSelected)
    def _enter(self) -> None:  # Enter on a row edits it, as e does
        self.action_edit()

    def _selected(self):
        table = self.query_one(DataTable)
        return self.rows[table.cursor_row] if self.rows else None

    def _saved(self, row_id: int | None) -> None:
        if row_id is not None:
            self.app.post_message(CustomerChanged(self.customer_id))
            self.reload(select=row_id)

    def action_add(self) -> None:
        self.app.push_screen(self.form(None), self._saved)

    def action_edit(self) -> None:
        if (row := self._selected()) is not None:
            self.app.push_screen(self.form(row.id), self._saved)

    def action_remove(self) -> None:
        if (row := self._selected()) is None:
            return

        def answered(yes: bool | None) -> None:
            if yes:
                self._remove(row.id)

        self.app.push_screen(ConfirmRemove(self.remove_question(row)), answered)

    @store_work("people-remove", N_("Removing the entry"))
    def _remove(self, row_id: int) -> None:
        staff_name = self.app.desk.name if self.app.desk else ""
        self.delete(row_id, staff_name)
        self.app.call_from_thread(self.app.post_message, CustomerChanged(self.customer_id))
        self.app.call_from_thread(self.reload)

    def action_close(self) -> None:
        self.dismiss(None)

    # what a subclass fills in
    def fetch(self, today: dt.date) -> list:
        raise NotImplementedError

    def cells(self, row) -> tuple[str, ...]:
        raise NotImplementedError

    def form(self, row_id: int | None) -> ModalScreen:
        raise NotImplementedError

    def remove_question(self, row) -> str:
        raise NotImplementedError

    def delete(self, row_id: int, staff_name: str) -> None:
        raise NotImplementedError


class RelatedPeopleList(_PeopleList):
    TITLE_TEXT = N_("Related people")
    EMPTY_TEXT = N_("Nobody yet: a adds a spouse, child or parent")
    COLUMNS = (
        ("name", N_("Name")), ("relation", N_("Relation")), ("phone", N_("Phone")),
        ("birthday", N_("Birthday")), ("next", N_("Next")),
    )  # fmt: skip

    def fetch(self, today: dt.date) -> list[people.RelatedInfo]:
        return people.list_related(self.customer_id, today)

    def cells(self, r: people.RelatedInfo) -> tuple[str, ...]:
        birthday = " ".join(x for x in (r.birthday, calendar_label(r.calendar, r.leap)) if x)
        return fit(r.name, 16), fit(r.relation, 10), r.phone, birthday, _when(r.next_birthday)

    def form(self, row_id: int | None) -> ModalScreen:
        return RelatedForm(self.customer_id, row_id)

    def remove_question(self, r: people.RelatedInfo) -> str:
        return _("Remove {name} and their dates?").format(name=r.name)

    def delete(self, row_id: int, staff_name: str) -> None:
        people.remove_related(self.customer_id, row_id, staff_name)


class ImportantDatesList(_PeopleList):
    TITLE_TEXT = N_("Important dates")
    EMPTY_TEXT = N_("No dates yet: a adds an anniversary or a birthday in the family")
    COLUMNS = (
        ("label", N_("What")), ("date", N_("Date")), ("next", N_("Next")), ("whose", N_("Whose")),
    )  # fmt: skip

    def fetch(self, today: dt.date) -> list[people.DateInfo]:
        return people.list_dates(self.customer_id, today)

    def cells(self, d: people.DateInfo) -> tuple[str, ...]:
        date = " ".join(x for x in (d.date, calendar_label(d.calendar, d.leap)) if x)
        next_on = _when(d.next_on) if d.recurring else _("once")
        return fit(d.label, 20), date, next_on, fit(d.related_name, 12)

    def form(self, row_id: int | None) -> ModalScreen:
        return DateForm(self.customer_id, row_id)

    def remove_question(self, d: people.DateInfo) -> str:
        return _("Remove the date {label}?").format(label=d.label)

    def delete(self, row_id: int, staff_name: str) -> None:
        people.remove_date(self.customer_id, row_id, staff_name)
