"""The manager's PIN: asked before manager-only screens and actions (see guard.py).

On a fresh file no manager has a PIN yet; the first manager then chooses one here.
"""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label, Select
from textual.worker import get_current_worker

from deskcrm.i18n import N_, _
from deskcrm.services import pins, staff
from deskcrm.services.pins import PinCheck
from deskcrm.services.staff import StaffInfo
from deskcrm.widgets.footer import DeskFooter
from deskcrm.workers import store_work

MESSAGES = {
    "wrong": "Wrong PIN. Nobody is signed in.",
    "not_manager": "Only a manager can open this.",
    "inactive": "This person is no longer active.",
    "no_pin": "This manager has no PIN yet.",
    "unknown": "Pick a manager first.",
}


class ManagerSignIn(ModalScreen[StaffInfo | None]):
    AUTO_FOCUS = "#pin"
    BINDINGS = [Binding("escape", "dismiss(None)", _("Cancel"), id="signin.cancel")]

    def __init__(self, why: str = "") -> None:
        super().__init__()
        self.why = why
        self.managers = staff.managers_for_sign_in()
        # a fresh file: nobody has a PIN, so the first manager sets one now
        self.first_pin = not staff.any_manager_pin()
        if not self.first_pin:
            self.managers = [m for m in self.managers if m.has_pin]

    def compose(self) -> ComposeResult:
        desk = getattr(self.app, "desk", None)
        chosen = next((m.id for m in self.managers if desk and m.id == desk.id), None)
        with Vertical(classes="dialog"):
            yield Label(_("Manager sign-in"), classes="title")
            if self.why:
                yield Label(_(self.why), classes="muted")
            if self.first_pin:
                yield Label(_("No manager has a PIN yet: choose one now (4 to 12 digits)."))
            options = [(m.name, m.id) for m in self.managers]
            yield Select(options, value=chosen or (options[0][1] if options else Select.NULL),
                         allow_blank=not options, id="manager", prompt=_("Manager"))
            yield Input(placeholder=_("PIN"), password=True, id="pin")
            if self.first_pin:
                yield Input(placeholder=_("The same PIN again"), password=True, id="pin2")
            yield Label("", id="pin-error", classes="field-error")
        yield DeskFooter()

    @on(Input.Submitted)
    def submitted(self, event: Input.Submitted) -> None:
        if self.first_pin and event.input.id == "pin":
            self.query_one("#pin2", Input).focus()
            return
        manager_id = self.query_one("#manager", Select).value
        if not isinstance(manager_id, int):
            self._error(_(MESSAGES["unknown"]))
            return
        pin = self.query_one("#pin", Input).value
        if self.first_pin:
            self._set_first_pin(manager_id, pin, self.query_one("#pin2", Input).value)
        else:
            self.check(manager_id, pin, self.app.now())

    def _error(self, text: str) -> None:
        self.query_one("#pin-error", Label).update(text)
        pin = self.query_one("#pin", Input)
        pin.value = ""
        pin.focus()

    def _set_first_pin(self, manager_id: int, pin: str, again: str) -> None:
        if pin != again:
            self._error(_("The two PINs differ."))
            return
        try:
            staff.set_first_manager_pin(manager_id, pin)
        except ValueError as exc:
            self._error(_(str(exc)))
            return
        self.dismiss(staff.get_staff(manager_id))

    @store_work("signin", N_("Checking the PIN"))
    def check(self, manager_id: int, pin: str, now) -> None:
        result = pins.check_pin(manager_id, pin, now, need_manager=True)
        info = staff.get_staff(manager_id) if result.ok else None
        if not get_current_worker().is_cancelled:
            self.app.call_from_thread(self._checked, result, info)

    def _checked(self, result: PinCheck, info: StaffInfo | None) -> None:
        if result.ok and info is not None:
            self.dismiss(info)
            return
        if result.reason == "locked":
            text = _("Too many wrong PINs: try again in {s} seconds.").format(s=result.wait_seconds)
        else:
            text = _(MESSAGES.get(result.reason, MESSAGES["wrong"]))
            if result.wait_seconds:
                text += " " + _("Locked for {s} seconds.").format(s=result.wait_seconds)
        self._error(text)
