"""DeskApp: the four screens, global keys, and who is at the desk."""

from __future__ import annotations

import datetime as dt
import importlib
import os
from collections.abc import Callable, Iterable
from functools import partial
from pathlib import Path

from textual import on, work
from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.screen import Screen
from textual.timer import Timer

from deskcrm import i18n
from deskcrm.i18n import _
from deskcrm.messages import CustomerChanged, Fact
from deskcrm.services import settings, staff
from deskcrm.services.staff import StaffInfo
from deskcrm.store.db import open_database

MODES: dict[str, tuple[str, str]] = {
    "customers": ("deskcrm.screens.customers", "CustomersScreen"),
    "calendar": ("deskcrm.screens.calendar", "CalendarScreen"),
    "complaints": ("deskcrm.screens.complaints", "ComplaintsScreen"),
    "review": ("deskcrm.screens.review", "ReviewScreen"),
}
# the first start-up generation over a big file is seconds of Python; let the first
# screen paint and settle before it starts competing for the interpreter
GENERATION_DELAY = 1.5


def _make_screen(module: str, cls: str) -> Screen:
    return getattr(importlib.import_module(module), cls)()


def _customer_commands():
    # imported when the palette opens, not at start-up
    from deskcrm.commands import CustomerCommands

    return CustomerCommands


class DeskApp(App[None]):
    """The shop terminal app. `today` freezes the date for tests and snapshots."""

    TITLE = "deskcrm"
    CSS_PATH = "deskcrm.tcss"
    ENABLE_COMMAND_PALETTE = True
    COMMANDS = App.COMMANDS | {_customer_commands}
    BINDINGS = [
        Binding("f2", "switch_mode('customers')", _("Customers"), id="screen.customers", priority=True),
        Binding("f3", "switch_mode('calendar')", _("Calendar"), id="screen.calendar", priority=True),
        Binding("f4", "switch_mode('complaints')", _("Complaints"), id="screen.complaints", priority=True),
        Binding("f5", "review", _("Review"), id="screen.review", priority=True),
        Binding("f1", "screen_help", _("Help"), id="app.help", priority=True),
        Binding("f9", "pick_staff", _("Who's at desk"), id="app.staff", priority=True),
        Binding("f8", "open_data", _("Data"), id="app.data", priority=True),
        Binding("f10", "settings", _("Settings"), id="app.settings", priority=True),
    ]

    def __init__(
        self,
        db_path: str | os.PathLike[str],
        today: dt.date | None = None,
        ask_staff: bool = True,
    ) -> None:
        # open first: a refused file must fail before the terminal is taken over
        self.db = open_database(db_path)
        self.db_path = str(db_path)
        self._today = today
        self._ask_staff = ask_staff
        self._generation_timer: Timer | None = None
        self.desk: StaffInfo | None = staff.desk_staff()
        self.manager_session = None  # see screens.guard: who signed in with a manager PIN
        i18n.set_language(settings.get("ui.language") or i18n.language_from_environment())
        super().__init__()

    def mode_screens(self) -> dict[str, Callable[[], Screen]]:
        """Each mode's screen, made (and its module imported) the first time it is shown:
        the calendar, complaints and review cost nothing until F3-F5 is pressed."""
        return {name: partial(_make_screen, module, cls) for name, (module, cls) in MODES.items()}

    def today(self) -> dt.date:
        return self._today or dt.date.today()

    def now(self) -> dt.datetime:
        """UTC now, naive, as the store keeps it."""
        return dt.datetime.now(dt.UTC).replace(tzinfo=None)

    @property
    def staff_id(self) -> int | None:
        return self.desk.id if self.desk else None

    def on_mount(self) -> None:
        from deskcrm.services import complaints, templates

        complaints.ensure_defaults()  # categories, standard Q&A, compensation ladder
        templates.ensure_defaults()  # the message library in four languages
        for name, screen in self.mode_screens().items():
            self.add_mode(name, screen)
        self.switch_mode("customers")
        self._update_sub_title()
        if self.desk is None and self._ask_staff:
            self.action_pick_staff()
        self._generation_timer = self.set_timer(GENERATION_DELAY, self.generate_followups)

    def switch_mode(self, mode: str):  # type: ignore[override]
        if mode == "calendar" and self._generation_timer is not None:
            # the calendar needs today's follow-ups: don't wait for the start-up timer
            self._generation_timer.stop()
            self.generate_followups()
        return super().switch_mode(mode)

    @work(thread=True, exclusive=True, group="followups-ahead", exit_on_error=False)
    def generate_followups(self) -> None:
        """Default templates and the days ahead, off the UI thread: the first screen never waits."""
        from deskcrm.messages import FollowUpsChanged
        from deskcrm.services.followups import generate_ahead
        from deskcrm.store.models import database

        self._generation_timer = None
        with database.connection_context():
            result = generate_ahead(self.today(), self.now())
        if result.created or result.closed:
            self.call_from_thread(self.post_message, FollowUpsChanged())

    def _update_sub_title(self) -> None:
        who = self.desk.name if self.desk else _("nobody at the desk")
        self.sub_title = f"{who} · {Path(self.db_path).name}"

    def action_pick_staff(self) -> None:
        from deskcrm.screens.staff_picker import StaffPicker

        def chosen(info: StaffInfo | None) -> None:
            if info is not None:
                if self.desk is None or info.id != self.desk.id:
                    self.manager_session = None  # a new person at the desk signs in afresh
                self.desk = info
                staff.set_desk_staff(info.id)
                self._update_sub_title()

        self.push_screen(StaffPicker(), chosen)

    def action_settings(self) -> None:
        from deskcrm.screens.guard import require_manager
        from deskcrm.screens.settings import SettingsScreen

        require_manager(self, lambda _manager: self.push_screen(SettingsScreen()), "Settings")

    async def change_language(self, code: str) -> None:
        """Switch the UI language now: remember it, then rebuild every screen in it."""
        settings.put("ui.language", i18n.set_language(code))
        current = self.current_mode
        # park on a bare screen (no Header to update) while the real ones are rebuilt
        self.add_mode("_relabel", Screen)
        await self.switch_mode("_relabel")
        for name, screen in self.mode_screens().items():
            await self.remove_mode(name)
            self.add_mode(name, screen)
        await self.switch_mode(current)
        await self.remove_mode("_relabel")
        self._update_sub_title()

    def action_open_data(self) -> None:
        from deskcrm.screens.data import DataScreen
        from deskcrm.screens.guard import require_manager

        if not isinstance(self.screen, DataScreen):
            # customer files leave the shop only by a manager's hand (004 §Ⅹ: data stays private)
            require_manager(self, lambda _manager: self.push_screen(DataScreen()), "Import and export")

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        yield from super().get_system_commands(screen)
        yield SystemCommand(_("Weekly review"), _("Manager's figures for the week"), self.action_review)
        yield SystemCommand(_("Staff"), _("Add staff, roles, PINs (manager)"), self.action_staff_admin)
        yield SystemCommand(
            _("Import, export, backup"),
            _("Import customers, export files, back up the database, undo an import"),
            self.action_open_data,
        )
        yield SystemCommand(_("Settings"), _("Shop settings and the UI language"), self.action_settings)

    @on(Fact)
    def forward_fact(self, message: Fact) -> None:
        """Hand every screen its own copy of a store fact; see deskcrm/messages.py."""
        if message.forwarded:
            return
        for stack in self._screen_stacks.values():
            for screen in stack:
                screen.post_message(message.copy())
        if isinstance(message, CustomerChanged):
            # a purchase, referral or consent change may call for a follow-up now, not tomorrow
            self.generate_followups()

    def action_start_complaint(self, customer_id: int) -> None:
        """Start a complaint for a customer from anywhere (the customer card calls this)."""
        from deskcrm.screens.complaint_wizard import ComplaintWizard

        self.push_screen(ComplaintWizard(customer_id=customer_id))

    def action_review(self) -> None:
        from deskcrm.screens.guard import require_manager

        require_manager(self, lambda _manager: self.switch_mode("review"), "The weekly review")

    def action_staff_admin(self) -> None:
        from deskcrm.screens.guard import require_manager
        from deskcrm.screens.staff_admin import StaffAdmin

        require_manager(self, lambda _manager: self.push_screen(StaffAdmin()), "Staff and PINs")

    def action_screen_help(self) -> None:
        from deskcrm.screens.help import HelpScreen

        self.push_screen(HelpScreen(self.screen))
