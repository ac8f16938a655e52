"""The nine-step complaint wizard: a clerk facing an upset customer only follows the screen.

Open with `ComplaintWizard(complaint_id=…)` to resume, or `ComplaintWizard(customer_id=…)`
to start a new complaint for a customer (the customer card does this via
`app.action_start_complaint(customer_id)`). Every completed step is saved at once;
what is typed but not yet saved is kept as a draft when the clerk leaves (escape)
or the app closes, and comes back for whoever resumes the complaint.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from typing import Any

from rich.markup import escape
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import Screen
from textual.widgets import Select, Static
from textual.worker import get_current_worker

from deskcrm.i18n import N_, _
from deskcrm.messages import ComplaintsChanged, FollowUpsChanged
from deskcrm.services import settings, staff
from deskcrm.services.complaints import defaults
from deskcrm.services.complaints import workflow as complaints
from deskcrm.services.complaints.queries import CustomerSummary, customer_summary
from deskcrm.services.complaints.steps import FOLLOWUP_CALL_FIELDS, STEPS, format_money, step_def
from deskcrm.services.complaints.workflow import ComplaintView, StepConflict, StepError
from deskcrm.widgets.complaint_history import ComplaintHistory, local_time
from deskcrm.widgets.customer_summary import CustomerSummaryPanel
from deskcrm.widgets.footer import DeskFooter
from deskcrm.widgets.mode_header import ModeHeader
from deskcrm.widgets.plain import plain
from deskcrm.widgets.step_form import StepForm
from deskcrm.widgets.step_indicator import StepIndicator
from deskcrm.workers import run_in_store, store_work


@dataclass(frozen=True)
class WizardData:
    view: ComplaintView
    summary: CustomerSummary
    options: dict[str, list[tuple[str, Any]]]
    ladder_values: dict[str, int]
    category_names: dict[str, str]
    answers: dict[str, list[defaults.AnswerInfo]]
    locale: str
    currency: str


class ComplaintWizard(Screen):
    CSS_PATH = "complaint_wizard.tcss"
    HELP = ("The nine steps of complaint recovery. Fill in the step, ctrl+s saves it and "
            "moves on; ctrl+left goes back to correct an earlier step (audited); escape "
            "leaves: completed steps are saved, what is typed in the open step is kept as a "
            "draft, and anyone can resume from F4. On the follow-up call, ctrl+n records "
            "that nobody answered and moves the call to the date given.")
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (100, "-wide")]
    AUTO_FOCUS = "StepForm Input, StepForm TextArea, StepForm Select, StepForm Checkbox"
    BINDINGS = [
        Binding("ctrl+s", "forward", _("Save & next"), id="complaint.save", priority=True),
        Binding("ctrl+right", "forward", _("Next"), id="complaint.next", priority=True,
                show=False),
        Binding("ctrl+left", "back", _("Back"), id="complaint.back", priority=True),
        Binding("ctrl+r", "second_round", _("Second round"), id="complaint.second_round",
                priority=True),
        Binding("ctrl+n", "no_answer", _("No answer"), id="complaint.no_answer", priority=True),
        Binding("escape", "leave", _("Leave"), id="complaint.leave"),
    ]

    def __init__(self, complaint_id: int | None = None, customer_id: int | None = None) -> None:
        super().__init__()
        self.complaint_id = complaint_id
        self.customer_id = customer_id
        self.data: WizardData | None = None
        self.viewing = 1
        self.form = StepForm(id="form")
        # (step, is the call form) on screen and its values as built: leaving writes a draft
        # only when they changed
        self.form_key: tuple[int, bool] | None = None
        self.form_start: dict[str, Any] | None = None
        self.draft_done = False

    def compose(self) -> ComposeResult:
        yield ModeHeader()
        yield StepIndicator([s.title for s in STEPS], id="steps")
        with Horizontal(id="wizard-body"):
            with VerticalScroll(id="step-pane"):
                yield Static("", id="step-title", classes="title")
                yield Static("", id="step-banner")
                yield Static("", id="recap")
                yield Static("", id="guidance")
                yield Static("", id="script")
                yield self.form
                yield Static("", id="qa")
                yield ComplaintHistory(id="history")
            with Vertical(id="side"):
                yield CustomerSummaryPanel(_("Loading…"), id="summary")
        yield DeskFooter()

    def on_mount(self) -> None:
        self.load()

    # --- reading --------------------------------------------------------------

    @store_work("complaint-wizard", N_("Loading the complaint"))
    def load(self, viewing: int | None = None) -> None:
        if self.complaint_id is None:
            self.complaint_id = complaints.open_complaint(
                customer_id=self.customer_id, staff_id=self.app.staff_id, now=self.app.now())
            self.app.call_from_thread(self.app.post_message, ComplaintsChanged(self.complaint_id))
        data = self._read(complaints.get_complaint(self.complaint_id))
        if not get_current_worker().is_cancelled:
            self.app.call_from_thread(self._show, data, viewing)

    def _read(self, view: ComplaintView) -> WizardData:
        ladder = defaults.ladder()
        currency = settings.get("shop.currency") or "CNY"
        cats = defaults.categories()
        locale = defaults.shop_locale()
        ratings = [(f"{n} {label}".strip(), n) for n, label in
                   ((1, _("very unhappy")), (2, ""), (3, ""), (4, ""), (5, _("very happy")))]
        options = {
            "category": [(c.name, c.code) for c in cats],
            "compensation": [(f"{i.name} ({format_money(i.value, currency)})", i.code) for i in ladder],
            "staff": [(s.name, s.id) for s in staff.list_staff()],
            "rating": ratings,
        }
        return WizardData(
            view, customer_summary(view.customer_id, exclude_complaint=view.id), options,
            {i.code: i.value for i in ladder}, defaults.category_names(),
            {c.code: defaults.answers(c.code, locale) for c in cats}, locale, currency)

    # --- showing --------------------------------------------------------------

    def _show(self, data: WizardData, viewing: int | None = None) -> None:
        self.data = data
        view = data.view
        self.viewing = viewing or view.step
        self.query_one("#summary", CustomerSummaryPanel).show(
            data.summary, data.category_names, data.currency)
        self.sub_title = f"{view.customer_name} · #{view.id}"
        self.run_worker(self._render_step(), exclusive=True, group="complaint-render")
        self.refresh_bindings()

    async def _render_step(self) -> None:
        data = self.data
        assert data is not None
        view, number = data.view, self.viewing
        done = {n for n in range(1, 10) if view.is_done(n)}
        self.query_one("#steps", StepIndicator).show(view.step, done, number)
        step = step_def(number)
        round_note = f" · {_('round')} {view.round}" if view.round > 1 and number >= 6 else ""
        self.query_one("#step-title", Static).update(
            f"{number}. {_(step.title)}  {step.source}{round_note}")
        self.query_one("#guidance", Static).update(escape(step.guidance_for(data.locale)))
        self.query_one("#script", Static).update(f"“{escape(step.script_for(data.locale))}”")
        banner = self._banner(view, number)
        self.query_one("#step-banner", Static).update(plain(banner))
        self.query_one("#step-banner", Static).display = bool(banner)
        recap = self._recap(view, number)
        self.query_one("#recap", Static).update(plain(recap))
        self.query_one("#recap", Static).display = bool(recap)
        form = self.form
        history = self.query_one("#history", ComplaintHistory)
        for part in (form, self.query_one("#guidance"), self.query_one("#script")):
            part.display = not view.is_closed
        history.display = view.is_closed
        if view.is_closed:
            names = {kind: {value: label for label, value in data.options[kind]}
                     for kind in ("category", "compensation", "staff")}
            history.show(view, names, data.currency)
            self._show_qa(None)
            self.query_one("#step-title", Static).update(
                f"{_('History')} · {_('closed')}{round_note}")
            self.query_one("#step-pane").focus()  # nothing to fill in: the keys scroll the story
            return
        call = number == 9 and view.awaiting_call
        self.form_key = self.form_start = None
        await form.build(FOLLOWUP_CALL_FIELDS if call else step.fields,
                         self._values(view, number, call), data.options, data.currency)
        self.form_key, self.form_start = (number, call), form.values()
        self._show_qa(self._category(view))
        focusable = form.query("Input, TextArea, Select, Checkbox")
        if focusable:
            # scrolled only once laid out: done at once it hid the step's title and recap
            first = focusable.first()
            first.focus(scroll_visible=False)
            self.query_one("#step-pane").scroll_home(animate=False)
            self.call_after_refresh(first.scroll_visible, animate=False)

    def _values(self, view: ComplaintView, number: int, call: bool) -> dict[str, Any]:
        if call:
            values = {"retry_on": complaints.default_retry_on(self.app.today()).isoformat()}
        else:
            values = view.data_for(number)
            if number == 1:
                values.setdefault("channel", view.channel)
            if number == 6:
                values.setdefault("owner_id", self.app.staff_id)
        if view.draft and view.draft.applies_to(number, view.round, call):
            values.update(view.draft.data)
        return values

    def _banner(self, view: ComplaintView, number: int) -> str:
        lines = []
        if view.is_closed:
            lines.append(_("Closed on {day}. Satisfaction {first}/5, on the follow-up call {second}/5.")
                         .format(day=local_time(view.closed_at)[:10] if view.closed_at else "",
                                 first=view.satisfaction or "–", second=view.followup_satisfaction or "–"))
        elif number == 9 and view.awaiting_call:
            when = view.data_for(9).get("followup_on", "")
            lines.append(_("Call on {day}: ask how satisfied they are now, ctrl+s closes the "
                           "complaint. No answer: ctrl+n moves the call to the date below.")
                         .format(day=when))
        elif number < view.step:
            record = next(r for r in reversed(view.history) if r.step == number)
            lines.append(_("Done by {who} at {when}. Change it and press ctrl+s to correct "
                           "(recorded); unchanged, ctrl+s just moves on.")
                         .format(who=record.staff_name or "?", when=local_time(record.completed_at)))
        if not view.is_closed and view.step == 9 and view.unsatisfied and number == 9:
            lines.append(_("Not satisfied ({n}/5). Final wish: {wish}. ctrl+r starts a second "
                           "resolution round (back to step 6).")
                         .format(n=view.satisfaction, wish=view.final_wish))
        draft = view.draft
        if not view.is_closed and draft and draft.applies_to(
                number, view.round, number == 9 and view.awaiting_call):
            lines.append(_("Not saved yet: what {who} typed at {when} is filled in again.")
                         .format(who=draft.staff_name or "?", when=local_time(draft.saved_at)))
        return escape("\n".join(lines))

    def _recap(self, view: ComplaintView, number: int) -> str:
        """What earlier steps captured, so the clerk can restate it without going back."""
        if number == 1 or view.is_closed:
            return ""
        parts = [f"{_('Complaint')}: {view.description}"]
        if view.item:
            parts.append(f"{_('Item')}: {view.item}")
        if number > 4 and view.category and self.data:
            parts.append(f"{_('Root cause')}: {self.data.category_names.get(view.category, view.category)}")
        solution = view.data_for(6).get("solution")
        if number > 6 and solution:
            promise = f" ({_('by')} {view.promised_on})" if view.promised_on else ""
            parts.append(f"{_('Solution')}: {solution}{promise}")
        return escape(" · ".join(parts))

    def _category(self, view: ComplaintView) -> str | None:
        if self.viewing not in (4, 5):
            return None
        if self.viewing == 4:
            for select in self.query("#f-category").results(Select):
                return select.selection or view.category or None
        return view.category or None

    def _show_qa(self, category: str | None) -> None:
        qa = self.query_one("#qa", Static)
        answers = self.data.answers.get(category or "", []) if self.data else []
        qa.display = bool(answers)
        if answers:
            name = self.data.category_names.get(category or "", category)
            body = "\n".join(f"Q: {escape(a.question)}\nA: {escape(a.answer)}" for a in answers)
            qa.update(f"[b]{escape(_('Standard answer'))} · {escape(name or '')}[/b]\n{body}")

    @on(Select.Changed, "#f-category")
    def _category_changed(self) -> None:
        if self.data:
            self._show_qa(self._category(self.data.view))

    @on(Select.Changed, "#f-compensation")
    def _compensation_changed(self, event: Select.Changed) -> None:
        if self.data and isinstance(event.value, str):
            value = self.data.ladder_values.get(event.value, 0)
            self.form.set_value(
                "value", format_money(value, self.data.currency).replace(",", ""))

    # --- keys -------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        view = self.data.view if self.data else None
        if action == "second_round":
            return bool(view and not view.is_closed and view.step == 9 and view.unsatisfied)
        if action == "no_answer":
            return bool(view and view.awaiting_call and self.viewing == 9)
        if action in ("forward", "back"):
            return None if view is None else not view.is_closed
        return True

    def action_forward(self) -> None:
        if self.data is None or self.data.view.is_closed:
            return
        self.submit(self.viewing, self.form.values())

    def action_back(self) -> None:
        if self.data is not None and self.viewing > 1:
            self._show(self.data, self.viewing - 1)

    def action_second_round(self) -> None:
        self.second_round()

    def action_no_answer(self) -> None:
        if self.data is not None and self.data.view.awaiting_call:
            self.no_answer(self.form.values())

    def action_leave(self) -> None:
        draft = self._unsaved()
        self.draft_done = True
        if draft is not None:
            # the app's worker, not the screen's: the screen is gone before it runs
            run_in_store(self.app, partial(_write_draft, **draft), group="complaint-draft",
                         description=N_("Saving the draft"), exclusive=False)
        self.app.pop_screen()

    def on_unmount(self) -> None:
        draft = None if self.draft_done else self._unsaved()
        if draft is not None:
            # the app is closing: no worker runs any more, so this one-row write is made here
            with self.app.store.session():
                _write_draft(**draft)

    def _unsaved(self) -> dict[str, Any] | None:
        """The open form's values when they differ from what it was built with."""
        view = self.data.view if self.data else None
        if view is None or view.is_closed or self.form_key is None:
            return None
        values = self.form.values()
        if values == self.form_start:
            return None
        number, call = self.form_key
        return {"complaint_id": view.id, "step": number, "data": values, "call": call,
                "staff_id": self.app.staff_id, "now": self.app.now()}

    # --- writing ----------------------------------------------------------------

    @store_work("complaint-write", N_("Saving the complaint step"))
    def submit(self, number: int, values: dict[str, Any]) -> None:
        view = self.data.view if self.data else None
        if view is None:
            return
        who, now, today = self.app.staff_id, self.app.now(), self.app.today()

        def write() -> ComplaintView:
            if number == 9 and view.awaiting_call:
                return complaints.record_followup_call(
                    view.id, values.get("followup_satisfaction"), values.get("note") or "",
                    staff_id=who, now=now)
            if number == view.step:
                return complaints.complete_step(view.id, number, values, staff_id=who,
                                                now=now, today=today)
            if complaints.is_unchanged(view, number, values):
                return view
            return complaints.correct_step(view.id, number, values, staff_id=who,
                                           now=now, today=today)

        new = self._write(write, lambda new: new.step if number >= new.step else number + 1)
        if new is None:
            return
        if number in (6, 9):
            self.app.call_from_thread(self.app.post_message, FollowUpsChanged())
        if new.is_closed:
            self.app.call_from_thread(self.notify, _("Complaint closed. Thank you."))

    @store_work("complaint-write", N_("Saving the complaint step"))
    def no_answer(self, values: dict[str, Any]) -> None:
        view = self.data.view if self.data else None
        if view is None:
            return
        new = self._write(lambda: complaints.record_unanswered_call(
            view.id, values.get("retry_on"), values.get("note") or "", staff_id=self.app.staff_id,
            now=self.app.now(), today=self.app.today()), lambda new: 9)
        if new is not None:
            self.app.call_from_thread(self.app.post_message, FollowUpsChanged())
            self.app.call_from_thread(
                self.notify, _("No answer: call again on {day}.").format(
                    day=new.data_for(9).get("followup_on", "")))

    def _write(self, write: Callable[[], ComplaintView],
               following: Callable[[ComplaintView], int]) -> ComplaintView | None:
        """Run a write in this worker thread; show refusals at the fields, then the result."""
        try:
            new = write()
            data = self._read(new)
        except StepError as exc:
            self.app.call_from_thread(self.form.show_errors, exc.errors)
            return None
        except StepConflict as exc:
            self.app.call_from_thread(self.notify, _(str(exc)), severity="error")
            self.app.call_from_thread(self.load)
            return None
        self.app.call_from_thread(self._show, data, following(new))
        self.app.call_from_thread(self.app.post_message, ComplaintsChanged(new.id))
        return new

    @store_work("complaint-write", N_("Saving the complaint step"))
    def second_round(self) -> None:
        view = self.data.view if self.data else None
        if view is not None:
            self._write(lambda: complaints.start_second_round(
                view.id, staff_id=self.app.staff_id, now=self.app.now()), lambda new: 6)


def _write_draft(complaint_id: int, step: int, data: dict[str, Any], call: bool,
                 staff_id: int | None, now: dt.datetime) -> None:
    complaints.save_draft(complaint_id, step, data, call=call, staff_id=staff_id, now=now)
