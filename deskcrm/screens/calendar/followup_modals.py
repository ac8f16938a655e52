"""Dialogs for one follow-up: done (outcome + note + next step), snooze, skip, add by hand."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Checkbox, Input, Label, OptionList, Select
from textual.widgets.option_list import Option
from textual.worker import get_current_worker

from deskcrm.i18n import N_, _
from deskcrm.services import agenda
from deskcrm.services.agenda import AgendaItem
from deskcrm.services.complaints.steps import validate_rating
from deskcrm.services.followups import NextStep, outcomes_for
from deskcrm.widgets.footer import DeskFooter
from deskcrm.widgets.plain import plain
from deskcrm.workers import store_work

OUTCOME_LABELS = {
    "reached": N_("Reached"), "left_message": N_("Left a message"), "no_answer": N_("No answer"),
    "declined": N_("Declined"), "visited": N_("Visited"), "sent": N_("Message sent"),
    "kept": N_("Promise kept"),
}


@dataclass(frozen=True)
class DoneInput:
    outcome: str
    note: str
    next_step: NextStep | None
    rating: int | None = None  # a complaint follow-up call: satisfaction now, 1-5
    retry_on: dt.date | None = None  # a complaint call nobody answered: when to ring again


@dataclass(frozen=True)
class ReasonInput:
    reason: str
    day: dt.date | None = None
    customer_id: int | None = None


def parse_day(text: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(text.strip())
    except ValueError:
        return None


class _Dialog(ModalScreen):
    # one-line inputs: a whole dialog must fit a 80x24 shop terminal
    DEFAULT_CSS = """
    _Dialog .dialog { overflow-y: auto; }
    _Dialog Input { height: 1; border: none; padding: 0 1; background: $boost; }
    _Dialog Input:focus { border: none; background: $primary 25%; }
    _Dialog OptionList { height: auto; max-height: 5; }
    _Dialog Label { margin-top: 0; }
    """
    BINDINGS = [
        Binding("ctrl+s", "save", _("Save"), id="dialog.save", priority=True),
        Binding("escape", "cancel", _("Cancel"), id="dialog.cancel"),
    ]

    def error(self, field: str, message: str) -> None:
        label = self.query_one(f"#{field}-error", Label)
        label.update(message)
        label.display = bool(message)

    def clear_errors(self) -> None:
        for label in self.query(".field-error"):
            label.update("")
            label.display = False

    def field(self, name: str, label: str, value: str = "", placeholder: str = "") -> ComposeResult:
        yield Label(label, id=f"{name}-label")
        yield Input(value=value, placeholder=placeholder, id=name)
        yield Label("", id=f"{name}-error", classes="field-error")

    def on_mount(self) -> None:
        self.clear_errors()

    def action_cancel(self) -> None:
        self.dismiss(None)


class DoneModal(_Dialog):
    """Outcome and note; the natural next step is offered, ticked, and can be unticked.

    A complaint follow-up call asks the customer's satisfaction again (the complaint
    closes with both ratings) or, unanswered, when to call again.
    """

    AUTO_FOCUS = "#outcome"

    def __init__(self, item: AgendaItem, steps: dict[str, NextStep | None],
                 first_rating: int | None = None, retry_on: dt.date | None = None) -> None:
        super().__init__()
        self.item, self.steps = item, steps
        self.first_rating, self.retry_on = first_rating, retry_on
        self.outcomes = outcomes_for(item.kind)
        self.is_call = item.kind == "complaint_followup"

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(_("Done: {name} — {reason}").format(name=self.item.customer_name,
                                                           reason=self.item.reason), classes="title")
            yield Label(_("Outcome"))
            options = [(_(OUTCOME_LABELS[o]), o) for o in self.outcomes]
            yield Select(options, value=self.outcomes[0], allow_blank=False, id="outcome")
            yield Label("", id="outcome-error", classes="field-error")
            if self.is_call:
                before = (_("at closing: {n}/5").format(n=self.first_rating)
                          if self.first_rating is not None else _("not given at closing"))
                yield from self.field("rating", _("Satisfaction now, 1-5 ({before})").format(before=before),
                                      placeholder="1-5")
                retry = self.retry_on.isoformat() if self.retry_on else ""
                yield from self.field("retry", _("Call again on (YYYY-MM-DD)"), retry)
            yield from self.field("note", _("Note"), placeholder=_("what was said"))
            yield Checkbox("", value=True, id="next")
            yield Label(_("ctrl+s save · escape cancel"), classes="muted")
        yield DeskFooter()

    def on_mount(self) -> None:
        super().on_mount()
        self._show_next(self.outcomes[0])

    def _show_next(self, outcome: str) -> None:
        step = self.steps.get(outcome)
        box = self.query_one("#next", Checkbox)
        box.display = step is not None
        if step is not None:
            box.label = _("Schedule: {reason} on {date}").format(reason=step.reason, date=step.due_on)
        if self.is_call:
            answered = outcome != "no_answer"
            for name, show in (("rating", answered), ("retry", not answered)):
                for widget in self.query(f"#{name}, #{name}-label"):
                    widget.display = show

    @on(Select.Changed, "#outcome")
    def outcome_changed(self, event: Select.Changed) -> None:
        self.clear_errors()
        self._show_next(str(event.value))

    def action_save(self) -> None:
        self.clear_errors()
        outcome = str(self.query_one("#outcome", Select).value)
        step = self.steps.get(outcome) if self.query_one("#next", Checkbox).value else None
        note = self.query_one("#note", Input).value
        rating = retry = None
        if self.is_call and outcome == "no_answer":
            retry = parse_day(self.query_one("#retry", Input).value)
            if retry is None:
                self.error("retry", _("Enter a date as YYYY-MM-DD"))
                return
        elif self.is_call:
            rating, error = validate_rating(self.query_one("#rating", Input).value)
            if error:
                self.error("rating", _("Give a number from 1 to 5"))
                self.query_one("#rating", Input).focus()
                return
        self.dismiss(DoneInput(outcome, note, step, rating, retry))


class ReasonModal(_Dialog):
    """Snooze (with a date) or skip: both need a reason, shown at the field when missing."""

    AUTO_FOCUS = "Input"

    def __init__(self, title: str, item: AgendaItem, today: dt.date, ask_date: bool) -> None:
        super().__init__()
        self.title_text, self.item, self.today, self.ask_date = title, item, today, ask_date

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(plain(f"{self.title_text}: {self.item.customer_name} — {self.item.reason}"), classes="title")
            if self.ask_date:
                tomorrow = (self.today + dt.timedelta(days=1)).isoformat()
                yield from self.field("date", _("New date (YYYY-MM-DD)"), tomorrow)
            yield from self.field("reason", _("Reason"), placeholder=_("why (required)"))
            yield Label(_("ctrl+s save · escape cancel"), classes="muted")
        yield DeskFooter()

    def action_save(self) -> None:
        self.clear_errors()
        day = None
        if self.ask_date:
            day = parse_day(self.query_one("#date", Input).value)
            if day is None:
                self.error("date", _("Enter a date as YYYY-MM-DD"))
                return
            if day <= self.today:
                self.error("date", _("Snooze to a day after today"))
                return
        reason = self.query_one("#reason", Input).value.strip()
        if not reason:
            self.error("reason", _("A reason is needed"))
            self.query_one("#reason", Input).focus()
            return
        self.dismiss(ReasonInput(reason, day))


class AddModal(_Dialog):
    """A follow-up by hand: find the customer, pick a day, say why."""

    AUTO_FOCUS = "#who"

    def __init__(self, day: dt.date) -> None:
        super().__init__()
        self.day = day
        self.customer_id: int | None = None

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(_("Add a follow-up"), classes="title")
            yield from self.field("who", _("Customer (name, initials or phone tail)"))
            yield OptionList(id="hits")
            yield from self.field("date", _("Date (YYYY-MM-DD)"), self.day.isoformat())
            yield from self.field("reason", _("Reason"), placeholder=_("what the call is about"))
            yield Label(_("ctrl+s save · escape cancel"), classes="muted")
        yield DeskFooter()

    @on(Input.Changed, "#who")
    def who_changed(self, event: Input.Changed) -> None:
        self.customer_id = None
        self.search(event.value)

    @store_work("add-search", N_("Finding customers"))
    def search(self, text: str) -> None:
        hits = agenda.find_customers(text)
        if not get_current_worker().is_cancelled:
            self.app.call_from_thread(self._show_hits, hits)

    def _show_hits(self, hits: list[agenda.CustomerHit]) -> None:
        box = self.query_one("#hits", OptionList)
        box.clear_options()
        box.add_options([Option(plain(f"{h.name}  {h.phone}  {h.city}"), id=str(h.id)) for h in hits])
        if len(hits) == 1:
            self.customer_id = hits[0].id

    @on(OptionList.OptionHighlighted, "#hits")
    @on(OptionList.OptionSelected, "#hits")
    def picked(self, event: OptionList.OptionHighlighted) -> None:
        self.customer_id = int(event.option.id or 0) or None

    def action_save(self) -> None:
        self.clear_errors()
        ok = True
        if self.customer_id is None:
            self.error("who", _("Choose a customer"))
            ok = False
        day = parse_day(self.query_one("#date", Input).value)
        if day is None:
            self.error("date", _("Enter a date as YYYY-MM-DD"))
            ok = False
        reason = self.query_one("#reason", Input).value.strip()
        if not reason:
            self.error("reason", _("A reason is needed"))
            ok = False
        if ok:
            self.dismiss(ReasonInput(reason, day, self.customer_id))
