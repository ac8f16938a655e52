"""DeskApp: the four screens, global keys, and who is at the desk."""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import importlib
import os
import threading
import time
from collections.abc import Callable, Iterable
from functools import partial
from pathlib import Path

from peewee import DatabaseError
from textual import events, on
from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import Input, TextArea
from textual.worker import Worker, WorkerState

from deskcrm import config, heap, i18n
from deskcrm.followup_jobs import FollowUpJobs
from deskcrm.heap import CounterHeap
from deskcrm.i18n import N_, _
from deskcrm.messages import CustomerChanged, Fact
from deskcrm.month_cache import MonthCache
from deskcrm.services import settings, shops, staff
from deskcrm.services.staff import StaffInfo
from deskcrm.store.db import open_store
from deskcrm.store.handle import LOCK_RETRY_SECONDS
from deskcrm.typeahead import TypeAhead
from deskcrm.workers import InFlight, describe_failure, log_failure, run_in_store

MODES: dict[str, tuple[str, str]] = {
    "customers": ("deskcrm.screens.customers.screen", "CustomersScreen"),
    "calendar": ("deskcrm.screens.calendar.screen", "CalendarScreen"),
    "complaints": ("deskcrm.screens.complaints.listing", "ComplaintsScreen"),
    "review": ("deskcrm.screens.review.screen", "ReviewScreen"),
}
# background start-up work (defaults, unfinished imports, the days ahead); tests switch it
# off with DESKCRM_START_JOBS=0 and run what they need explicitly
ENV_START_JOBS = "DESKCRM_START_JOBS"
# the first-start setup on a new file; tests switch it off with DESKCRM_FIRST_START=0
ENV_FIRST_START = "DESKCRM_FIRST_START"
# on exit, how long the app waits for store calls still running in threads
EXIT_WAIT_SECONDS = 10.0
# a manager's sign-in ends after this long without a key press
MANAGER_IDLE_SECONDS = 5 * 60
# keys that change what is in a text box (besides printable ones)
EDITING_KEYS = frozenset({"backspace", "delete", "ctrl+u", "ctrl+k", "ctrl+w"})


def _make_screen(module: str, cls: str) -> Screen:
    return getattr(importlib.import_module(module), cls)()


def _customer_commands():
    # imported when the palette opens, not at start-up
    from deskcrm.commands import CustomerCommands

    return CustomerCommands


def _key_commands():
    from deskcrm.commands import KeyCommands

    return KeyCommands


FROZEN_TIME_OF_DAY = dt.time(12, 0)


class DeskApp(App[None]):
    """The shop terminal app. `today` freezes the date for tests and snapshots, and with it
    the shop's clock (at `time_of_day`, or midday): who can be called now must not depend
    on the hour a test runs."""

    TITLE = "deskcrm"
    CSS_PATH = "deskcrm.tcss"
    ENABLE_COMMAND_PALETTE = True
    COMMANDS = App.COMMANDS | {_customer_commands, _key_commands}
    BINDINGS = [
        Binding("f2", "go('customers')", _("Customers"), id="screen.customers", priority=True),
        Binding("f3", "go('calendar')", _("Calendar"), id="screen.calendar", priority=True),
        Binding("f4", "go('complaints')", _("Complaints"), id="screen.complaints", priority=True),
        Binding("f5", "review", _("Review"), id="screen.review", priority=True),
        Binding("f1", "screen_help", _("Help"), id="app.help", priority=True),
        Binding("f9", "pick_staff", _("Who's at desk"), id="app.staff", priority=True),
        Binding("f8", "open_data", _("Data"), id="app.data", priority=True),
        Binding("f10", "settings", _(N_("Settings")), id="app.settings", priority=True),
    ]

    def __init__(
        self,
        db_path: str | os.PathLike[str],
        today: dt.date | None = None,
        ask_staff: bool = True,
        start_jobs: bool | None = None,
        first_start: bool | None = None,
        passphrase: str | None = None,
        shop: str | None = None,
        time_of_day: dt.time | None = None,
    ) -> None:
        # open first: a refused file must fail before the terminal is taken over
        self.store = open_store(db_path, passphrase=passphrase)
        # the code that made the app (and the app's own task, which copies its context)
        # sees this store; worker threads bind it per call (deskcrm.workers)
        self.store.bind()
        self.db = self.store.db
        self.db_path = str(db_path)
        self._today = today
        self._time_of_day = time_of_day or (FROZEN_TIME_OF_DAY if today else None)
        self._ask_staff = ask_staff
        self._start_jobs = (os.environ.get(ENV_START_JOBS, "1") != "0") if start_jobs is None else start_jobs
        self._first_start = (os.environ.get(ENV_FIRST_START, "1") != "0") if first_start is None else first_start
        config.setup_logging()
        self.in_flight = InFlight()
        self.type_ahead = TypeAhead(self)
        self.followup_jobs = FollowUpJobs(self)
        self.month_cache = MonthCache()  # F3's last views: it paints from them at once
        self.last_input = time.monotonic()
        # collections in the clerk's pauses, not in a keystroke: taken over after start-up
        self.heap = CounterHeap(lambda: self.last_input)
        with self.store.session():
            # the terminal's shop first: every store call after this is made for it
            remembered = config.remembered_shop(self.db_path)
            here = shops.choose(remembered, shop)
            self.store.shop_id = here.id
            chain = shops.is_chain()
            self.shop_name = here.name if chain else ""  # a single shop is not named
            # a chain's new terminal asks where it stands before anyone works at it
            self._ask_shop = chain and not shop and remembered is None
            self.desk: StaffInfo | None = self._desk_here(config.remembered_desk(self.db_path))
            language = settings.get("ui.language")
        if shop:
            config.remember_shop(self.db_path, here.id)
        self.manager_session = None  # see screens.guard: who signed in with a manager PIN
        self._prepared: dict[str, Screen] = {}  # see prepare_mode
        i18n.set_language(language or i18n.language_from_environment())
        super().__init__()
        if hasattr(self.db, "on_busy"):
            self.db.on_busy = self._busy

    def mode_screens(self) -> dict[str, Callable[[], Screen]]:
        """Each mode's screen, made (and its module imported) the first time it is shown:
        the calendar, complaints and review cost nothing until F3-F5 is pressed."""
        return {name: partial(self._mode_screen, name) for name in MODES}

    def _mode_screen(self, mode: str) -> Screen:
        screen = self._prepared.pop(mode, None)
        if screen is None:
            return _make_screen(*MODES[mode])
        screen.AUTO_FOCUS = type(screen).AUTO_FOCUS  # focused as it is shown, with its layout
        return screen

    def prepare_mode(self, mode: str) -> None:
        """Build `mode`'s screen now, off screen, for a switch that is about to come (F5's
        review while the manager types the PIN): composing and styling it (~0.1 s at
        100k) then happens before Enter instead of after it. It shows nothing until
        switch_mode shows it, and stays for the next switch if this one never comes.
        """
        if mode in self._screen_stacks or mode in self._prepared:
            return
        screen = _make_screen(*MODES[mode])
        # Textual would focus (and scroll to) the widget at once, with no layout to scroll in
        screen.AUTO_FOCUS = ""
        self._prepared[mode] = screen
        self._register(self, screen)  # what switch_mode does for a new mode: compose, mount

    def today(self) -> dt.date:
        return self._today or dt.date.today()

    def local_time(self) -> dt.time:
        """The shop's wall clock: contact windows and quiet hours are shop-local."""
        return self._time_of_day or dt.datetime.now().time()

    def now(self) -> dt.datetime:
        """UTC now, naive, as the store keeps it."""
        return dt.datetime.now(dt.UTC).replace(tzinfo=None)

    @property
    def staff_id(self) -> int | None:
        return self.desk.id if self.desk else None

    def on_mount(self) -> None:
        if not self.store.read_only and not self._start_jobs:
            # without background jobs (tests) the defaults are there before the first screen;
            # otherwise they are checked after the first paint (_start_background), which
            # needs none of them
            from deskcrm.startup import ensure_defaults

            with self.store.session():
                ensure_defaults()
        from deskcrm.keymap import keymap_path, load_keymap

        keymap, problem = load_keymap()
        self.set_keymap(keymap)
        if problem:
            self.notify(_("Your keymap {file} was not read: {problem}").format(
                file=keymap_path(), problem=problem), severity="warning", markup=False, timeout=15)
        for name, screen in self.mode_screens().items():
            self.add_mode(name, screen)
        self.switch_mode("customers")
        self._update_sub_title()
        if self.store.read_only:
            self.notify(_("Changes are off: {reason}.").format(reason=self.store.read_only),
                        title=_("Read-only"), severity="warning", timeout=30)
        if self._first_start and not self.store.read_only and self._is_new_file():
            self._ask_first_start()
        elif self._ask_shop and self._ask_staff:
            self._pick_shop()  # then who is at the desk, among that shop's people
        elif self.desk is None and self._ask_staff:
            self.action_pick_staff()
        if self._start_jobs:
            # after the first paint: the first screen never waits for the days ahead
            self.call_after_refresh(self._start_background)

    def _start_background(self) -> None:
        if self.store.read_only:
            self.settle_heap()  # nothing of start-up's work runs on a read-only file
            return
        run_in_store(self, self._start_up, group="startup", exclusive=False,
                     description=N_("Rolling back an unfinished import"))

    def _start_up(self) -> None:
        """After the first paint, in a worker: the defaults, an unfinished import, then the days ahead."""
        from deskcrm.startup import ensure_defaults

        ensure_defaults()  # one quick check-and-insert each; a current file writes nothing here
        self._recover_imports()
        with contextlib.suppress(RuntimeError):  # the app has already gone
            self.call_from_thread(self.followup_jobs.ahead)

    def _recover_imports(self) -> None:
        """An import or undo whose terminal died half way is taken back (or finished) now."""
        from deskcrm.services.io.import_batches import recover_unfinished

        recovered = recover_unfinished(self.now(), clock=self.now)
        if recovered:
            self.call_from_thread(self.post_message, CustomerChanged(None))

    def switch_mode(self, mode: str):  # type: ignore[override]
        if mode == "calendar":
            # the calendar needs today's follow-ups: a no-op pass when they are there
            self.followup_jobs.ahead()
        return super().switch_mode(mode)

    def warm_calendar(self) -> None:
        """After the days ahead are generated: this month's view, so F3 paints from it at once."""
        if not self.followup_jobs.stopping:
            run_in_store(self, self._warm_calendar, group="calendar-warm", exclusive=True,
                         description=N_("Loading the calendar"))

    def _warm_calendar(self) -> None:
        from deskcrm.services.followups.monthview import month_key, month_view
        from deskcrm.widgets.month_grid import visible_range

        today = self.today()
        first, last = visible_range(today, False)
        key = month_key(today, self.staff_id, first, last, self.now())
        if self.month_cache.get(key) is None:
            self.month_cache.compute(key, month_view)
        # the last of start-up's work: what is alive now lives as long as the app
        with contextlib.suppress(RuntimeError):  # the app has already gone
            self.call_from_thread(self.settle_heap)

    def settle_heap(self) -> None:
        """Start-up's work is over: collections from now on in the clerk's pauses (deskcrm.heap)."""
        if self.heap.settle():
            self.set_interval(heap.TICK_SECONDS, self.heap.tick, name="heap")

    def generate_followups(self) -> None:
        """The days ahead, in the app's owned background job."""
        self.followup_jobs.ahead()

    async def on_event(self, event: events.Event) -> None:
        if isinstance(event, events.Key | events.MouseDown):
            if time.monotonic() - self.last_input > MANAGER_IDLE_SECONDS:
                self.manager_session = None  # the manager walked away: the next person asks again
            self.last_input = time.monotonic()
        if isinstance(event, events.Key) and (event.is_printable or event.key in EDITING_KEYS) \
                and isinstance(self.focused, Input | TextArea):
            self.screen.deskcrm_typed = True  # leaving this dialog by F2-F5 asks first
        if isinstance(event, events.Key | events.Paste) and not event.is_forwarded \
                and self.type_ahead.keep(event):
            return  # delivered in turn, once the keys before it have landed
        await super().on_event(event)

    def report_failure(self, description: str, error: BaseException) -> None:
        """The one place a failure reaches the person: said plainly, logged in full."""
        what = _(description or "Working")
        log_failure(what, error)
        self.notify(describe_failure(error, self.store.read_only),
                    title=_("{what} failed").format(what=what), severity="error", timeout=12)

    def _handle_exception(self, error: Exception) -> None:
        # the safety net under the UI thread's own store calls: a locked, read-only or
        # full file is told to the person and the app goes on; anything else still ends it
        if isinstance(error, DatabaseError) and self.is_running:
            self.report_failure(N_("Saving"), error)
            return
        super()._handle_exception(error)

    @on(Worker.StateChanged)
    def _worker_failed(self, event: Worker.StateChanged) -> None:
        # the app's own workers that are not store calls (store calls report themselves)
        error = event.worker.error
        if event.state is WorkerState.ERROR and error is not None \
                and not getattr(error, "deskcrm_reported", False):
            self.report_failure(event.worker.description, error)

    def _busy(self) -> None:
        """A write is waiting for another terminal's lock (called from the waiting thread)."""
        message = _("Another terminal is writing; still trying to save…")
        # shown for as long as the write may go on waiting
        note = partial(self.notify, message, severity="warning", timeout=LOCK_RETRY_SECONDS)
        if threading.get_ident() == self._thread_id:
            note()
        else:
            self.call_from_thread(note)

    async def on_unmount(self) -> None:
        # owned background work: told to stop between chunks, and waited for, so nothing
        # this app started writes after it let go of its store; waited for off the event
        # loop, since a finishing worker may still hand a result to it
        self.followup_jobs.stop()
        self.heap.release()
        await asyncio.to_thread(self.in_flight.wait_idle, EXIT_WAIT_SECONDS)
        self.store.close()

    def _update_sub_title(self) -> None:
        who = self.desk.name if self.desk else _("nobody at the desk")
        where = Path(self.db_path).name
        if self.store.read_only:
            where = _("{file} (read-only)").format(file=where)
        self.sub_title = f"{who} · {self.shop_name} · {where}" if self.shop_name else f"{who} · {where}"

    def _is_new_file(self) -> bool:
        from deskcrm.services import first_start

        with self.store.session():
            return first_start.is_new_file()

    def _ask_first_start(self) -> None:
        from deskcrm.screens.first_start import FirstStartScreen

        def finished(how: str | None) -> None:
            self.post_message(CustomerChanged(None))  # every screen shows the shop as it is now
            if how == "demo" and self._ask_staff:
                self.action_pick_staff()

        self.push_screen(FirstStartScreen(), finished)

    def desk_chosen(self, info: StaffInfo) -> None:
        """This person is at the desk now (remembered per terminal, not in the file)."""
        if self.desk is None or info.id != self.desk.id:
            self.manager_session = None  # a new person at the desk signs in afresh
        self.desk = info
        config.remember_desk(self.db_path, info.id)
        self._update_sub_title()

    @staticmethod
    def _desk_here(staff_id: int | None) -> StaffInfo | None:
        """Who this terminal remembered at the desk, if they still work in its shop."""
        info = staff.active_staff(staff_id)
        return info if info is not None and staff.works_here(info.id) else None

    def _pick_shop(self) -> None:
        from deskcrm.screens.shop_picker import ShopPicker

        def chosen(info: shops.ShopInfo | None) -> None:
            if info is not None:
                self.call_later(self.shop_chosen, info)
            elif self.desk is None and self._ask_staff:
                self.action_pick_staff()  # not set: it stays where it was, and asks next time

        self.push_screen(ShopPicker(self.store.shop_id), chosen)

    def action_pick_shop(self) -> None:
        """A manager or head office moves this terminal to another shop of the chain."""
        from deskcrm.screens.guard import require_manager

        require_manager(self, lambda _manager: self._pick_shop(), N_("Which shop this terminal is at"))

    async def shop_chosen(self, info: shops.ShopInfo) -> None:
        """This terminal is at that shop now (remembered per terminal): every screen shows it."""
        config.remember_shop(self.db_path, info.id)
        self._ask_shop = False
        moved = info.id != self.store.shop_id
        self.store.shop_id = info.id
        self.shop_name = info.name
        with self.store.session():
            desk = self._desk_here(self.staff_id)
        if desk is None:
            self.desk = None
            self.manager_session = None  # a manager of another shop signs in afresh here
        if moved:
            await self._rebuild_screens()  # the call list, complaints and review of this shop
        self._update_sub_title()
        self.notify(_("This terminal is at {shop} now.").format(shop=info.name))
        if self.desk is None and self._ask_staff:
            self.action_pick_staff()

    def action_pick_staff(self) -> None:
        from deskcrm.screens.staff_picker import StaffPicker

        def chosen(info: StaffInfo | None) -> None:
            if info is not None:
                self.desk_chosen(info)

        self.push_screen(StaffPicker(), chosen)

    def action_settings(self) -> None:
        from deskcrm.screens.guard import require_manager
        from deskcrm.screens.settings import SettingsScreen

        require_manager(self, lambda _manager: self.push_screen(SettingsScreen()), N_("Settings"))

    async def change_language(self, code: str) -> None:
        """Switch the UI language now: remember it, then rebuild every screen in it."""
        with self.store.session():
            settings.put("ui.language", i18n.set_language(code))
        await self._rebuild_screens()
        self._update_sub_title()

    async def _rebuild_screens(self) -> None:
        """Every mode's screen made afresh (a new language, another shop), the current one shown."""
        current = self.current_mode
        # park on a bare screen (no Header to update) while the real ones are rebuilt
        self.add_mode("_relabel", Screen)
        await self.switch_mode("_relabel")
        for prepared in self._prepared.values():  # built in the old language or shop
            await prepared.remove()
        self._prepared.clear()
        for name, screen in self.mode_screens().items():
            await self.remove_mode(name)
            self.add_mode(name, screen)
        await self.switch_mode(current)
        await self.remove_mode("_relabel")

    def action_open_data(self) -> None:
        from deskcrm.screens.data.screen import DataScreen
        from deskcrm.screens.guard import require_manager

        if not isinstance(self.screen, DataScreen):
            # customer files leave the shop only by a manager's hand (004 §Ⅹ: data stays private)
            require_manager(self, lambda _manager: self.push_screen(DataScreen()), N_("Import and export"))

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        from deskcrm.commands import translated

        yield from translated(super().get_system_commands(screen), self)
        yield SystemCommand(_("Weekly review"), _("Manager's figures for the week"), self.action_review)
        yield SystemCommand(_("Staff"), _("Add staff, roles, PINs (manager)"), self.action_staff_admin)
        yield SystemCommand(
            _("Import, export, backup"),
            _("Import customers, export files, back up the database, undo an import"),
            self.action_open_data,
        )
        yield SystemCommand(_(N_("Settings")), _("Shop settings and the UI language"), self.action_settings)
        yield SystemCommand(_("Client books"), _("Each staff member's own customers; move them in bulk"),
                            self.action_client_books)
        if self.shop_name:
            yield SystemCommand(_("Which shop this terminal is at"),
                                _("Move this terminal to another shop of the chain (manager)"),
                                self.action_pick_shop)

    @on(Fact)
    def forward_fact(self, message: Fact) -> None:
        """Hand every screen its own copy of a store fact; see deskcrm/messages.py."""
        if message.forwarded:
            return
        self.month_cache.drop()  # before the screens hear of it: their reload recomputes
        for stack in self._screen_stacks.values():
            for screen in stack:
                screen.post_message(message.copy())
        if isinstance(message, CustomerChanged):
            # a birthday, purchase, referral or consent change calls for its follow-ups now,
            # over the whole horizon, not only for days not generated yet
            if message.customer_id is not None:
                self.followup_jobs.customers({message.customer_id})
            else:
                self.followup_jobs.ahead()

    def action_start_complaint(self, customer_id: int) -> None:
        """Start a complaint for a customer from anywhere (the customer card calls this)."""
        from deskcrm.screens.complaints.wizard import ComplaintWizard

        self.push_screen(ComplaintWizard(customer_id=customer_id))

    def action_review(self) -> None:
        from deskcrm.screens.guard import require_manager, signed_in_manager

        def gate(go: Callable[[], None]) -> None:
            if signed_in_manager(self) is None and self.current_mode != "review":
                from deskcrm.screens.review.ahead import count_ahead

                count_ahead(self)  # the figures are counted while the PIN is typed
                self.prepare_mode("review")  # and the screen built; both shown only after it
            require_manager(self, lambda _manager: go(), N_("The weekly review"))

        self.action_go("review", gate)

    def action_go(self, mode: str, gate: Callable[[Callable[[], None]], None] | None = None) -> None:
        """F2-F5 from anywhere: close the dialogs on top (asking first if something typed
        in them would be lost), then show the screen."""
        from deskcrm.screens.confirm import Confirm

        def go() -> None:
            while len(self.screen_stack) > 1:
                self.pop_screen()
            self.switch_mode(mode)

        def leave() -> None:
            (gate or (lambda then: then()))(go)

        if any(getattr(screen, "deskcrm_typed", False) for screen in self.screen_stack[1:]):
            question = _("Leave without saving what you typed?")
            self.push_screen(Confirm(question), lambda yes: leave() if yes else None)
        else:
            leave()

    def action_client_books(self) -> None:
        from deskcrm.screens.calendar.client_book import ClientBookScreen

        with self.store.session():
            currency = settings.get("shop.currency") or "CNY"
        self.push_screen(ClientBookScreen(self.staff_id, currency))

    def action_staff_admin(self) -> None:
        from deskcrm.screens.guard import require_manager
        from deskcrm.screens.staff_admin import StaffAdmin

        require_manager(self, lambda _manager: self.push_screen(StaffAdmin()), N_("Staff and PINs"))

    def action_command_palette(self) -> None:
        from textual.command import CommandPalette

        if self.use_command_palette and not CommandPalette.is_open(self):
            self.push_screen(CommandPalette(id="--command-palette", placeholder=_("Search for commands…")))

    def action_screen_help(self) -> None:
        from deskcrm.screens.help import HelpScreen

        self.push_screen(HelpScreen(self.screen))
