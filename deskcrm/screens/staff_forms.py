"""Small forms of the staff screen: a new person, a new PIN."""

from __future__ import annotations

from dataclasses import dataclass

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label, Select

from deskcrm.i18n import _
from deskcrm.services import pins
from deskcrm.store.models import MANAGING_ROLES
from deskcrm.widgets.footer import DeskFooter


@dataclass(frozen=True)
class NewStaff:
    name: str
    role: str
    pin: str


FORM_KEYS = [
    Binding("escape", "dismiss(None)", _("Cancel"), id="staff_form.cancel"),
    Binding("ctrl+s", "save", _("Save"), id="staff_form.save", priority=True),
]


def _pin_error(pin: str, again: str, required: bool) -> str:
    if not pin and not required:
        return ""
    try:
        pins.validate_pin(pin)
    except ValueError as exc:
        return _(str(exc))
    return "" if pin == again else _("The two PINs differ.")


class PinForm(ModalScreen[str | None]):
    AUTO_FOCUS = "#pin"
    BINDINGS = FORM_KEYS

    def __init__(self, name: str) -> None:
        super().__init__()
        self.person = name

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(_("New PIN for {name}").format(name=self.person), classes="title")
            yield Input(placeholder=_("PIN (4 to 12 digits)"), password=True, id="pin")
            yield Input(placeholder=_("The same PIN again"), password=True, id="pin2")
            yield Label("", id="pin-error", classes="field-error")
        yield DeskFooter()

    @on(Input.Submitted)
    def action_save(self) -> None:
        pin, again = self.query_one("#pin", Input).value, self.query_one("#pin2", Input).value
        error = _pin_error(pin, again, required=True)
        if error:
            self.query_one("#pin-error", Label).update(error)
            return
        self.dismiss(pin)


class StaffForm(ModalScreen[NewStaff | None]):
    AUTO_FOCUS = "#name"
    BINDINGS = FORM_KEYS

    def __init__(self, chain: bool = False) -> None:
        super().__init__()
        self.chain = chain  # head office is a role of a chain only

    def compose(self) -> ComposeResult:
        roles = [(_("Desk"), "desk"), (_("Manager"), "manager")]
        if self.chain:
            roles.append((_("Head office"), "head_office"))
        with Vertical(classes="dialog"):
            yield Label(_("New staff member"), classes="title")
            yield Input(placeholder=_("Name"), id="name")
            yield Label("", id="name-error", classes="field-error")
            yield Select(roles, value="desk", allow_blank=False, id="role")
            yield Input(placeholder=_("PIN (optional for desk staff)"), password=True, id="pin")
            yield Input(placeholder=_("The same PIN again"), password=True, id="pin2")
            yield Label("", id="pin-error", classes="field-error")
        yield DeskFooter()

    @on(Input.Submitted)
    def action_save(self) -> None:
        name = self.query_one("#name", Input).value.strip()
        role = str(self.query_one("#role", Select).value)
        pin, again = self.query_one("#pin", Input).value, self.query_one("#pin2", Input).value
        name_error = "" if name else _("A name is needed")
        pin_error = _pin_error(pin, again, required=role in MANAGING_ROLES)
        self.query_one("#name-error", Label).update(name_error)
        self.query_one("#pin-error", Label).update(pin_error)
        if not name_error and not pin_error:
            self.dismiss(NewStaff(name, role, pin))
