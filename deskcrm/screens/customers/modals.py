"""Small dialogs of the customer file: log a purchase, log a contact, confirm a delete, duplicates."""

from __future__ import annotations

import datetime as dt

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Label, Select
from textual.worker import get_current_worker

from deskcrm.i18n import N_, _
from deskcrm.services import contacts
from deskcrm.services.customers import DuplicateCandidate, delete_customer
from deskcrm.services.purchases import PurchaseInput, log_purchase
from deskcrm.store.models import CHANNELS, Customer
from deskcrm.vocabulary import word
from deskcrm.widgets.footer import DeskFooter
from deskcrm.widgets.form_fields import ErrorsClearAsFixed, error_line, field, show_errors, value_of
from deskcrm.widgets.plain import plain
from deskcrm.workers import store_work

SAVE = Binding("ctrl+s", "save", _("Save"), id="form.save", priority=True)
CANCEL = Binding("escape", "cancel", _("Cancel"), id="form.cancel")


class _Dialog(ErrorsClearAsFixed, ModalScreen):
    """A dialog that writes in a worker and shows the service's messages at the fields."""

    BINDINGS = [SAVE, CANCEL]

    def __init__(self, customer_id: int) -> None:
        super().__init__()
        self.customer_id = customer_id

    def action_cancel(self) -> None:
        self.dismiss(None)

    def _errors(self, errors: dict[str, str]) -> None:
        show_errors(self, errors)


class PurchaseModal(_Dialog):
    """成交档案: date, item, style, size, colour, quantity, amount, notes."""

    AUTO_FOCUS = "#f-item"

    def compose(self) -> ComposeResult:
        with VerticalScroll(classes="dialog"):
            yield Label(_("Log a purchase"), classes="title")
            yield from field(_("Item"), "item")
            yield from field(_("Amount"), "amount", placeholder="1,280.50")
            yield from field(_("Date"), "purchased_on", self.app.today().isoformat())
            yield from field(_("Quantity"), "quantity", "1")
            yield from field(_("Style no."), "style_no")
            yield from field(_("Size"), "size")
            yield from field(_("Colour"), "colour")
            yield from field(_("Notes"), "notes")
            yield Label(_("ctrl+s saves · escape cancels"), classes="muted")
        yield DeskFooter()

    def action_save(self) -> None:
        try:
            day = dt.date.fromisoformat(value_of(self, "purchased_on").strip())
        except ValueError:
            self._errors({"purchased_on": "Date needs YYYY-MM-DD"})
            return
        data = PurchaseInput(
            day, value_of(self, "item"), value_of(self, "amount"), value_of(self, "style_no"),
            value_of(self, "size"), value_of(self, "colour"), value_of(self, "quantity"),
            value_of(self, "notes"),
        )
        self._save(data)

    @store_work("purchase-save", N_("Saving the sale"))
    def _save(self, data: PurchaseInput) -> None:
        result = log_purchase(
            self.customer_id, data, today=self.app.today(), now=self.app.now(),
            staff_id=self.app.staff_id,
        )
        if result.errors:
            self.app.call_from_thread(self._errors, result.errors)
        else:
            self.app.call_from_thread(self.dismiss, result.purchase_id)


KINDS = (N_("visit"), N_("greeting"), N_("callback"), N_("care"), N_("sale"), N_("complaint"), N_("other"))
OUTCOMES = ("reached", "no_answer", "left_message", "declined", "other")


class ContactModal(_Dialog):
    """A visit, call, message or gift, with its outcome: it resets the neglect clock."""

    AUTO_FOCUS = "#f-channel"

    def compose(self) -> ComposeResult:
        with VerticalScroll(classes="dialog"):
            yield Label(_("Log a contact"), classes="title")
            yield Label(_("Channel"), classes="field-label")
            yield Select([(word(c), c) for c in CHANNELS], value="call", allow_blank=False, id="f-channel")
            yield Label(_("Kind"), classes="field-label")
            yield Select([(_(k), k) for k in KINDS], value="other", allow_blank=False, id="f-kind")
            yield Label(_("Outcome"), classes="field-label")
            yield Select([(word(o), o) for o in OUTCOMES], value="reached", allow_blank=False, id="f-outcome")
            yield from field(_("Note"), "note")
            yield error_line("channel")
            yield Label(_("ctrl+s saves · escape cancels"), classes="muted")
        yield DeskFooter()

    def action_save(self) -> None:
        values = {k: self.query_one(f"#f-{k}", Select).value for k in ("channel", "kind", "outcome")}
        self._save(values, value_of(self, "note"))

    @store_work("contact-save", N_("Saving the contact"))
    def _save(self, values: dict, note: str) -> None:
        try:
            contact_id = contacts.log_contact(
                self.customer_id, at=self.app.now(), note=note.strip(),
                staff_id=self.app.staff_id, **values,
            )
        except ValueError as exc:
            self.app.call_from_thread(self._errors, {"channel": str(exc)})
            return
        self.app.call_from_thread(self.dismiss, contact_id)


class ConfirmDelete(_Dialog, inherit_bindings=False):
    """Deleting removes the person's whole file: say so, and ask."""

    BINDINGS = [
        Binding("y", "confirm", _("Yes, delete"), id="delete.yes"),
        Binding("n,escape", "cancel", _("No"), id="delete.no"),
    ]
    AUTO_FOCUS = "#delete-no"

    def compose(self) -> ComposeResult:
        with VerticalScroll(classes="dialog"):
            yield Label(_("Delete this customer?"), classes="title")
            yield Label("", id="delete-who")
            yield Label(_(
                "Purchases, contacts, follow-ups, complaints, related people, dates and tags "
                "are deleted too. This cannot be undone."
            ))
            with Horizontal(classes="buttons"):
                yield Button(_("Yes, delete (y)"), variant="error", id="delete-yes")
                yield Button(_("No (n)"), id="delete-no")
        yield DeskFooter()

    def on_mount(self) -> None:
        self._who()

    @store_work("delete-who", N_("Loading the customer"), exclusive=False)
    def _who(self) -> None:
        row = Customer.get_or_none(Customer.id == self.customer_id)
        if row is not None and not get_current_worker().is_cancelled:
            self.app.call_from_thread(
                self.query_one("#delete-who", Label).update, f"{row.name}  {row.phone}"
            )

    @on(Button.Pressed, "#delete-yes")
    def action_confirm(self) -> None:
        self._delete()

    @on(Button.Pressed, "#delete-no")
    def _no(self) -> None:
        self.dismiss(None)

    @store_work("delete", N_("Deleting the customer"))
    def _delete(self) -> None:
        delete_customer(self.customer_id, self.app.staff_id)
        self.app.call_from_thread(self.dismiss, self.customer_id)


class DuplicateWarning(ModalScreen[tuple[str, int | None]]):
    """Same phone, or same name and birthday: open the existing file, save anyway, or go back."""

    BINDINGS = [
        Binding("o", "choose('open')", _("Open existing"), id="duplicate.open"),
        Binding("s", "choose('save')", _("Save anyway"), id="duplicate.save"),
        Binding("b,escape", "choose('back')", _("Back"), id="duplicate.back"),
    ]
    AUTO_FOCUS = "#dup-open"

    def __init__(self, candidates: list[DuplicateCandidate]) -> None:
        super().__init__()
        self.candidates = candidates

    def compose(self) -> ComposeResult:
        reasons = {"phone": _("same phone"), "name_birthday": _("same name and birthday")}
        with VerticalScroll(classes="dialog"):
            yield Label(_("This customer may already be on file"), classes="title")
            for c in self.candidates:
                yield Label(plain(f"• {c.name}  {c.phone}  {c.birthday}  ({reasons[c.reason]})"))
            with Horizontal(classes="buttons"):
                yield Button(_("Open existing (o)"), variant="primary", id="dup-open")
                yield Button(_("Save anyway (s)"), id="dup-save")
                yield Button(_("Back (b)"), id="dup-back")
        yield DeskFooter()

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        self.action_choose((event.button.id or "dup-back")[4:])

    def action_choose(self, choice: str) -> None:
        self.dismiss((choice, self.candidates[0].id if choice == "open" else None))
