"""Who is at the desk: pick a name, or add yourself on a fresh file."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label, OptionList, Static
from textual.widgets.option_list import Option

from deskcrm.i18n import N_, _
from deskcrm.services import staff
from deskcrm.services.staff import StaffInfo
from deskcrm.widgets.footer import DeskFooter
from deskcrm.widgets.plain import plain
from deskcrm.workers import store_work


class StaffPicker(ModalScreen[StaffInfo | None]):
    BINDINGS = [
        Binding("escape", "dismiss(None)", _("Cancel"), id="staff_picker.cancel"),
        Binding("ctrl+o", "other_shop", _("Another shop"), id="staff_picker.shop"),
    ]

    def compose(self) -> ComposeResult:
        people = staff.list_staff()
        with Vertical(classes="dialog"):
            yield Label(_("Who is at the desk?"), classes="title")
            shop = getattr(self.app, "shop_name", "")
            if shop:  # a chain's terminal: whose desk this is, and how to move it
                yield Static(plain(_("This terminal is at {shop}. ctrl+o: another shop (manager).").format(
                    shop=shop)), id="staff-shop", classes="muted")
            options = [Option(plain(f"{p.name}  ({_(p.role)})"), id=str(p.id)) for p in people]
            yield OptionList(*options, id="staff-list")
            yield Label(_("Or type your name to add yourself, then Enter:"), classes="muted")
            yield Input(placeholder=_("Your name"), id="new-staff")
            yield Label("", id="staff-error", classes="field-error")
        yield DeskFooter()

    def on_mount(self) -> None:
        options = self.query_one("#staff-list", OptionList)
        if options.option_count:
            options.focus()
        else:
            options.display = False
            self.query_one("#new-staff", Input).focus()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # a single shop has no other shop to move to: the key is neither listed nor live
        return bool(getattr(self.app, "shop_name", "")) if action == "other_shop" else True

    def action_other_shop(self) -> None:
        self.dismiss(None)
        self.app.action_pick_shop()

    @on(OptionList.OptionSelected, "#staff-list")
    def picked(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(staff.get_staff(int(event.option.id or 0)))

    @on(Input.Submitted, "#new-staff")
    def added(self, event: Input.Submitted) -> None:
        self._add(event.value)

    @store_work("staff-add", N_("Adding you to the staff"))
    def _add(self, name: str) -> None:
        try:
            info = staff.add_staff(name)
        except ValueError as exc:
            self.app.call_from_thread(self.query_one("#staff-error", Label).update, _(str(exc)))
            return
        self.app.call_from_thread(self.dismiss, info)
