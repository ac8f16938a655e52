"""Editing one related person or one important date: ctrl+s saves, escape cancels.

The form writes through services/people.py in a worker; the service's messages
land under the field where the value was typed, and nothing is written then.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Checkbox, Label, Select
from textual.worker import get_current_worker

from deskcrm.i18n import N_, _
from deskcrm.screens.customers.modals import CANCEL, SAVE
from deskcrm.services import people
from deskcrm.services.people import DateInput, RelatedInput
from deskcrm.widgets.footer import DeskFooter
from deskcrm.widgets.form_fields import (
    ErrorsClearAsFixed,
    calendar_row,
    error_line,
    field,
    show_errors,
    value_of,
)
from deskcrm.workers import store_work


class _EditForm(ErrorsClearAsFixed, ModalScreen[int | None]):
    """Loads the row being edited (if any), saves in a worker, dismisses with the row id."""

    BINDINGS = [SAVE, CANCEL]
    DEFAULT_CSS = """
    _EditForm .row { height: auto; }
    _EditForm Select { width: 1fr; }
    _EditForm Checkbox { width: auto; }
    """

    def __init__(self, customer_id: int, row_id: int | None = None) -> None:
        super().__init__()
        self.customer_id = customer_id
        self.row_id = row_id

    def action_cancel(self) -> None:
        self.dismiss(None)

    def _set(self, name: str, value) -> None:
        self.query_one(f"#f-{name}").value = value

    def _staff_name(self) -> str:
        return self.app.desk.name if self.app.desk else ""

    def _done(self, row_id: int | None, errors: dict[str, str]) -> None:
        if errors:
            show_errors(self, errors)
        else:
            self.dismiss(row_id)


class RelatedForm(_EditForm):
    """A spouse, child or parent: name, relation, phone, birthday (solar or lunar), notes."""

    AUTO_FOCUS = "#f-name"

    def compose(self) -> ComposeResult:
        title = _("Add a related person") if self.row_id is None else _("Edit related person")
        with VerticalScroll(classes="dialog"):
            yield Label(title, classes="title")
            yield from field(_("Name"), "name")
            yield from field(_("Relation"), "relation", placeholder=_("wife, son, mother, buyer"))
            yield from field(_("Phone"), "phone")
            yield from field(_("Birthday"), "birthday", placeholder=_("YYYY-MM-DD, or MM-DD without the year"))
            yield from calendar_row("")
            yield from field(_("Notes"), "notes")
            yield Label(_("ctrl+s saves · escape cancels"), classes="muted")
        yield DeskFooter()

    def on_mount(self) -> None:
        if self.row_id is not None:
            self._load()

    @store_work("related-load", N_("Loading the related person"))
    def _load(self) -> None:
        data = people.related_input(self.row_id)
        if not get_current_worker().is_cancelled:
            self.app.call_from_thread(self._fill, data)

    def _fill(self, data: RelatedInput) -> None:
        for name in ("name", "relation", "phone", "birthday", "notes"):
            self._set(name, getattr(data, name))
        self._set("calendar", data.calendar)
        self._set("leap", data.leap)

    def action_save(self) -> None:
        data = RelatedInput(
            name=value_of(self, "name"), relation=value_of(self, "relation"),
            phone=value_of(self, "phone"), birthday=value_of(self, "birthday"),
            calendar=self.query_one("#f-calendar", Select).value,
            leap=self.query_one("#f-leap", Checkbox).value, notes=value_of(self, "notes"),
        )
        self._save(data)

    @store_work("related-save", N_("Saving the related person"))
    def _save(self, data: RelatedInput) -> None:
        row_id, errors = people.save_related(
            self.customer_id, data, self.app.today(), self.row_id, self._staff_name()
        )
        self.app.call_from_thread(self._done, row_id, errors)


class DateForm(_EditForm):
    """An anniversary or memorial day: label, date (year optional), calendar, yearly or once, whose."""

    AUTO_FOCUS = "#f-label"

    def compose(self) -> ComposeResult:
        title = _("Add an important date") if self.row_id is None else _("Edit important date")
        with VerticalScroll(classes="dialog"):
            yield Label(title, classes="title")
            yield from field(_("What"), "label", placeholder=_("wedding anniversary, son's birthday"))
            yield from field(_("Date"), "date", placeholder=_("YYYY-MM-DD, or MM-DD without the year"))
            yield from calendar_row("")
            yield Checkbox(_("Every year"), value=True, id="f-recurring")
            yield Label(_("Whose date (a related person)"), classes="field-label")
            yield Select([], id="f-related", prompt=_("the customer's own"))
            yield error_line("related")
            yield from field(_("Notes"), "notes")
            yield Label(_("ctrl+s saves · escape cancels"), classes="muted")
        yield DeskFooter()

    def on_mount(self) -> None:
        self._load()

    @store_work("date-load", N_("Loading the date"))
    def _load(self) -> None:
        related = people.list_related(self.customer_id, self.app.today())
        data = people.date_input(self.row_id) if self.row_id is not None else None
        if not get_current_worker().is_cancelled:
            self.app.call_from_thread(self._fill, related, data)

    def _fill(self, related: list[people.RelatedInfo], data: DateInput | None) -> None:
        options = [(f"{r.name} ({r.relation})" if r.relation else r.name, r.id) for r in related]
        self.query_one("#f-related", Select).set_options(options)
        if data is None:
            return
        for name in ("label", "date", "notes", "calendar", "leap", "recurring"):
            self._set(name, getattr(data, name))
        if data.related_id is not None:
            self._set("related", data.related_id)

    def action_save(self) -> None:
        related = self.query_one("#f-related", Select).value
        data = DateInput(
            label=value_of(self, "label"), date=value_of(self, "date"),
            calendar=self.query_one("#f-calendar", Select).value,
            leap=self.query_one("#f-leap", Checkbox).value,
            recurring=self.query_one("#f-recurring", Checkbox).value,
            notes=value_of(self, "notes"),
            related_id=related if isinstance(related, int) else None,
        )
        self._save(data)

    @store_work("date-save", N_("Saving the date"))
    def _save(self, data: DateInput) -> None:
        row_id, errors = people.save_date(
            self.customer_id, data, self.app.today(), self.row_id, self._staff_name()
        )
        self.app.call_from_thread(self._done, row_id, errors)
