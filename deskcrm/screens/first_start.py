"""First start on a new file: the shop's name, country, currency and first manager — or the demo."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.screen import Screen
from textual.widgets import Input, Label, Select, Static

from deskcrm.i18n import N_, _
from deskcrm.services import first_start
from deskcrm.services.first_start import COUNTRIES, CURRENCIES, ShopSetup
from deskcrm.widgets.footer import DeskFooter
from deskcrm.widgets.mode_header import ModeHeader
from deskcrm.workers import store_work

LABELS = {
    "shop_name": N_("Shop name"), "country": N_("Country"), "currency": N_("Currency"),
    "manager_name": N_("First manager"), "pin": N_("Manager PIN"), "pin_again": N_("PIN again"),
}


class FirstStartScreen(Screen[str]):
    """Dismisses with "setup" (the shop was set up) or "demo" (the demo shop was loaded)."""

    HELP = ("A new file: say who the shop is. The name signs every message; the country sets the "
            "festivals, the lunar calendar and the phone format. ctrl+s saves; ctrl+d loads the "
            "demo shop instead.")
    DEFAULT_CSS = """
    FirstStartScreen #setup-form { padding: 1 2; }
    FirstStartScreen .setup-row { height: auto; }
    FirstStartScreen .setup-label { width: 18; padding-top: 1; }
    FirstStartScreen .setup-field { width: 40; }
    FirstStartScreen .field-error { color: $error; padding-left: 18; height: auto; }
    """
    AUTO_FOCUS = "#setup-shop_name"
    BINDINGS = [
        Binding("ctrl+s", "save", _("Save"), id="first_start.save", priority=True),
        Binding("ctrl+d", "demo", _("Demo shop instead"), id="first_start.demo", priority=True),
    ]

    def compose(self) -> ComposeResult:
        yield ModeHeader()
        with VerticalScroll(id="setup-form"):
            yield Label(_("Welcome. A new file: tell us about the shop."), classes="title")
            for name in first_start.FIELDS:
                with Horizontal(classes="setup-row"):
                    yield Label(_(LABELS[name]), classes="setup-label")
                    yield self._field(name)
                yield Label("", id=f"setup-err-{name}", classes="field-error")
            yield Static(_("ctrl+s starts with this shop; ctrl+d loads the demo shop instead."),
                         classes="muted")
        yield DeskFooter()

    def _field(self, name: str):
        field_id = f"setup-{name}"
        if name == "country":
            options = [(c.label, code) for code, c in COUNTRIES.items()]
            return Select(options, prompt=_("Choose…"), id=field_id, classes="setup-field")
        if name == "currency":
            return Select([(c, c) for c in CURRENCIES], prompt=_("Choose…"), id=field_id,
                          classes="setup-field")
        return Input(id=field_id, classes="setup-field", password=name.startswith("pin"))

    def setup(self) -> ShopSetup:
        values = {}
        for name in first_start.FIELDS:
            widget = self.query_one(f"#setup-{name}")
            value = widget.value
            values[name] = value if isinstance(value, str) else ""
        return ShopSetup(**values)

    def _show(self, name: str, error: str) -> None:
        self.query_one(f"#setup-err-{name}", Label).update(_(error) if error else "")
        self.query_one(f"#setup-{name}").set_class(bool(error), "-invalid")

    @on(Select.Changed, "#setup-country")
    def country_chosen(self, event: Select.Changed) -> None:
        # the country's currency, unless one was chosen already
        currency = self.query_one("#setup-currency", Select)
        if isinstance(event.value, str) and currency.is_blank():
            currency.value = COUNTRIES[event.value].currency
        self._show("country", first_start.field_error("country", self.setup()))

    @on(Input.Blurred)
    def field_left(self, event: Input.Blurred) -> None:
        name = (event.input.id or "").removeprefix("setup-")
        if name in first_start.FIELDS and event.input.value:
            self._show(name, first_start.field_error(name, self.setup()))

    @on(Input.Submitted)
    def next_field(self) -> None:
        self.focus_next()

    def action_save(self) -> None:
        setup = self.setup()
        errors = first_start.validate(setup)
        for name in first_start.FIELDS:
            self._show(name, errors.get(name, ""))
        if errors:
            self.notify(_("Nothing was saved: fix the fields marked in red."), severity="error")
            return
        self.save(setup)

    @store_work("first-start", N_("Setting up the shop"))
    def save(self, setup: ShopSetup) -> None:
        try:
            manager = first_start.apply(setup)
        except first_start.SetupError as exc:
            self.app.call_from_thread(self._refused, exc.errors)
            return
        self.app.call_from_thread(self._done, "setup", manager)

    def _refused(self, errors: dict[str, str]) -> None:
        for name, error in errors.items():
            self._show(name, error)

    def action_demo(self) -> None:
        self.notify(_("Loading the demo shop…"))
        self.demo(self.app.today())

    @store_work("first-start-demo", N_("Loading the demo shop"))
    def demo(self, today) -> None:
        first_start.load_demo(today)
        self.app.call_from_thread(self._done, "demo", None)

    def _done(self, how: str, manager) -> None:
        if manager is not None:
            self.app.desk_chosen(manager)
        self.dismiss(how)
