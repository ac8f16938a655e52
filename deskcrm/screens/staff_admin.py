"""Staff for managers: add people, deactivate them (history keeps their name), reset a
PIN, change a role. Opened through screens.guard, so a manager is signed in.
"""

from __future__ import annotations

from collections.abc import Callable

from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import DataTable, Label

from deskcrm.i18n import N_, _
from deskcrm.messages import StaffChanged
from deskcrm.screens.guard import signed_in_manager
from deskcrm.screens.staff_forms import NewStaff, PinForm, StaffForm
from deskcrm.services import staff
from deskcrm.services.staff import StaffInfo
from deskcrm.widgets.footer import DeskFooter
from deskcrm.widgets.mode_header import ModeHeader
from deskcrm.widgets.plain import PlainTable
from deskcrm.workers import store_work


class StaffAdmin(Screen):
    HELP = (
        "Staff and roles. A manager's PIN opens the weekly review, exports, settings and "
        "deleting; desk staff cannot. Deactivated people keep their name in the history."
    )
    AUTO_FOCUS = "#staff-table"
    BINDINGS = [
        Binding("a", "add", _("Add"), id="staff.add"),
        Binding("p", "pin", _("Reset PIN"), id="staff.pin"),
        Binding("r", "role", _("Role"), id="staff.role"),
        Binding("d", "active", _("(De)activate"), id="staff.active"),
        Binding("escape", "close", _("Back"), id="staff.close"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.people: dict[int, StaffInfo] = {}

    def compose(self) -> ComposeResult:
        yield ModeHeader()
        yield Label(_("Staff"), classes="title")
        yield PlainTable(id="staff-table", cursor_type="row", zebra_stripes=True)
        yield Label("", id="staff-error", classes="field-error")
        yield DeskFooter()

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        table.add_columns(_("Name"), _("Role"), _("Active"), _("PIN"))
        self.reload()

    @store_work("staff-admin", N_("Loading staff"))
    def reload(self) -> None:
        people = staff.list_staff(include_inactive=True)
        self.app.call_from_thread(self._show, people)

    def _show(self, people: list[StaffInfo]) -> None:
        table = self.query_one(DataTable)
        row = table.cursor_row
        self.people = {p.id: p for p in people}
        table.clear()
        for p in people:
            table.add_row(p.name, _(p.role), _("yes") if p.active else _("no"),
                          _("set") if p.has_pin else "—", key=str(p.id))
        if people:
            table.move_cursor(row=min(row, len(people) - 1))

    def _selected(self) -> StaffInfo | None:
        table = self.query_one(DataTable)
        if not table.row_count:
            return None
        key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
        return self.people.get(int(key or 0))

    def _by(self) -> str:
        manager = signed_in_manager(self.app)
        return manager.name if manager else ""

    def _by_id(self) -> int | None:
        manager = signed_in_manager(self.app)
        return manager.id if manager else None

    @store_work("staff-admin-write", N_("Saving staff"))
    def change(self, do: Callable[[], object]) -> None:
        error = ""
        try:
            do()
        except ValueError as exc:
            error = _(str(exc))
        self.app.call_from_thread(self.query_one("#staff-error", Label).update, error)
        self.app.call_from_thread(self.app.post_message, StaffChanged())
        self.reload()

    def action_add(self) -> None:
        def added(new: NewStaff | None) -> None:
            if new is not None:
                self.change(lambda: staff.create_staff(new.name, new.role, new.pin, by=self._by(),
                                                       by_id=self._by_id()))

        self.app.push_screen(StaffForm(chain=bool(getattr(self.app, "shop_name", ""))), added)

    def action_pin(self) -> None:
        person = self._selected()
        if person is None:
            return

        def chosen(pin: str | None) -> None:
            if pin is not None:
                self.change(lambda: staff.set_pin(person.id, pin, by=self._by(), by_id=self._by_id()))

        self.app.push_screen(PinForm(person.name), chosen)

    def action_role(self) -> None:
        person = self._selected()
        if person is not None:
            role = "desk" if person.is_manager else "manager"
            self.change(lambda: staff.set_role(person.id, role, by=self._by()))

    def action_active(self) -> None:
        person = self._selected()
        if person is not None:
            self.change(lambda: staff.set_active(person.id, not person.active, by=self._by()))

    def action_close(self) -> None:
        self.dismiss()
