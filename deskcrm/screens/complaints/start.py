"""Start a complaint: find the customer (name, phone tail, initials), or file a walk-in.

Dismisses with the new complaint's id, or None when cancelled.
"""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label, OptionList
from textual.widgets.option_list import Option
from textual.worker import get_current_worker

from deskcrm.i18n import N_, _
from deskcrm.services.complaints import workflow as complaints
from deskcrm.services.complaints.queries import CustomerHit, find_customers
from deskcrm.services.complaints.workflow import StepError
from deskcrm.widgets.footer import DeskFooter
from deskcrm.widgets.plain import plain
from deskcrm.workers import store_work


class ComplaintStart(ModalScreen[int | None]):
    DEFAULT_CSS = """
    ComplaintStart OptionList { height: auto; max-height: 8; }
    ComplaintStart .dialog { max-width: 90; }
    ComplaintStart Label { width: 100%; }
    """
    AUTO_FOCUS = "#pick-search"
    BINDINGS = [
        Binding("escape", "dismiss(None)", _("Cancel"), id="complaint_start.cancel"),
        Binding("ctrl+s", "walk_in", _("File walk-in"), id="complaint_start.walk_in",
                priority=True),
    ]

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(_("New complaint: who is complaining?"), classes="title")
            yield Label(_("Find the customer: name, phone tail, pinyin or Hangul initials"),
                        classes="muted")
            yield Input(placeholder=_("e.g. 王小明, 8000, wxm, ㄱㅁㅅ"), id="pick-search")
            yield OptionList(id="pick-hits")
            yield Label("", id="pick-empty", classes="muted")
            yield Label(_("Not a customer yet? File a walk-in with name and phone, then ctrl+s:"),
                        classes="muted")
            yield Input(placeholder=_("Name"), id="walk-name")
            yield Label("", id="err-name", classes="field-error")
            yield Input(placeholder=_("Phone"), id="walk-phone")
            yield Label("", id="err-phone", classes="field-error")
        yield DeskFooter()

    def on_mount(self) -> None:
        self.query_one("#pick-hits", OptionList).display = False

    @on(Input.Changed, "#pick-search")
    def _typed(self, event: Input.Changed) -> None:
        self.search(event.value)

    @store_work("complaint-pick", N_("Finding customers"))
    def search(self, text: str) -> None:
        hits = find_customers(text)
        if not get_current_worker().is_cancelled:
            self.app.call_from_thread(self._show_hits, text, hits)

    def _show_hits(self, text: str, hits: list[CustomerHit]) -> None:
        options = self.query_one("#pick-hits", OptionList)
        options.clear_options()
        options.add_options([Option(plain(f"{h.name}  {h.phone}  {_(h.tier)}"), id=str(h.id)) for h in hits])
        options.display = bool(hits)
        if hits:
            options.highlighted = 0
        empty = _("No customer found; file a walk-in below.") if text.strip() and not hits else ""
        self.query_one("#pick-empty", Label).update(empty)

    @on(Input.Submitted, "#pick-search")
    def _to_hits(self) -> None:
        options = self.query_one("#pick-hits", OptionList)
        if options.option_count:
            options.focus()
        else:
            self.query_one("#walk-name", Input).focus()

    @on(Input.Submitted, "#walk-name")
    def _to_phone(self) -> None:
        self.query_one("#walk-phone", Input).focus()

    @on(Input.Submitted, "#walk-phone")
    def _phone_done(self) -> None:
        self.action_walk_in()

    @on(OptionList.OptionSelected, "#pick-hits")
    def _picked(self, event: OptionList.OptionSelected) -> None:
        self.start(int(event.option.id or 0), "", "")

    def action_walk_in(self) -> None:
        name = self.query_one("#walk-name", Input).value
        phone = self.query_one("#walk-phone", Input).value
        self.start(None, name, phone)

    @store_work("complaint-start", N_("Starting the complaint"))
    def start(self, customer_id: int | None, name: str, phone: str) -> None:
        try:
            complaint_id = complaints.open_complaint(
                customer_id=customer_id, walk_in_name=name, walk_in_phone=phone,
                staff_id=self.app.staff_id, now=self.app.now())
        except StepError as exc:
            self.app.call_from_thread(self._errors, exc.errors)
            return
        self.app.call_from_thread(self.dismiss, complaint_id)

    def _errors(self, errors: dict[str, str]) -> None:
        for key in ("name", "phone"):
            message = errors.get(key, "")
            self.query_one(f"#err-{key}", Label).update(_(message) if message else "")
            self.query_one(f"#walk-{key}", Input).set_class(bool(message), "-invalid")
        first = next((k for k in ("name", "phone") if k in errors), None)
        if first:
            self.query_one(f"#walk-{first}", Input).focus()
