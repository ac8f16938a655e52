"""The manager's complaint settings: root causes, standard Q&A, compensation ladder.

Guard: reached only through `screens.guard.require_manager` (a manager's PIN).
"""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import (
    Checkbox,
    DataTable,
    Input,
    Label,
    Select,
    TabbedContent,
    TabPane,
    TextArea,
)

from deskcrm.i18n import LANGUAGES, N_, _
from deskcrm.services import settings
from deskcrm.services.complaints import defaults
from deskcrm.services.complaints.defaults import FieldErrors
from deskcrm.services.complaints.steps import format_money
from deskcrm.widgets.footer import DeskFooter
from deskcrm.widgets.mode_header import ModeHeader
from deskcrm.widgets.plain import PlainTable
from deskcrm.workers import store_work

# each tab's form: the service's field key → the widget it was typed in
FORMS = {
    "cat": {"code": "#cat-code", "name": "#cat-name"},
    "qa": {"question": "#qa-question", "answer": "#qa-answer"},
    "ladder": {"code": "#ladder-code", "name": "#ladder-name", "value": "#ladder-value"},
}


def _field(widget: Widget) -> Vertical:
    """An input with its own error line under it."""
    if isinstance(widget, Input):
        # the -invalid mark is ours: Input's own (validator-less) check would clear it on blur
        widget.validate_on = set()
    return Vertical(widget, Label("", id=f"err-{widget.id}", classes="field-error"),
                    classes="admin-field")


class ComplaintAdmin(Screen):
    HELP = ("Root causes, the standard answer for each (per language) and the compensation "
            "ladder with values. Pick a row to edit it, ctrl+n for a new one, ctrl+s saves, "
            "ctrl+d deletes an answer or a ladder step.")
    AUTO_FOCUS = "#cat-table"
    DEFAULT_CSS = """
    ComplaintAdmin DataTable { height: 1fr; min-height: 4; }
    ComplaintAdmin .admin-form { height: auto; }
    ComplaintAdmin .admin-field { width: 1fr; height: auto; }
    ComplaintAdmin .admin-form Checkbox { width: auto; }
    ComplaintAdmin TextArea.-invalid { border: tall $error; }
    ComplaintAdmin #qa-answer { height: 4; }
    ComplaintAdmin #qa-pick Select { width: 1fr; }
    ComplaintAdmin #qa-pick { height: 3; }
    """
    BINDINGS = [
        Binding("ctrl+s", "save", _("Save"), id="complaint_admin.save", priority=True),
        Binding("ctrl+n", "new", _("New"), id="complaint_admin.new", priority=True),
        Binding("ctrl+d", "delete", _("Delete"), id="complaint_admin.delete", priority=True),
        Binding("escape", "leave", _("Back"), id="complaint_admin.leave"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.answer_id: int | None = None
        self.currency = "CNY"

    def compose(self) -> ComposeResult:
        yield ModeHeader()
        with TabbedContent(id="admin-tabs"):
            with TabPane(_("Root causes"), id="tab-cat"):
                yield PlainTable(id="cat-table", cursor_type="row")
                with Horizontal(classes="admin-form"):
                    yield _field(Input(placeholder=_("code"), id="cat-code"))
                    yield _field(Input(placeholder=_("name"), id="cat-name"))
                    yield Checkbox(_("in use"), True, id="cat-active")
            with TabPane(_("Standard Q&A"), id="tab-qa"):
                with Horizontal(id="qa-pick"):
                    yield Select([], id="qa-category", prompt=_("Root cause"))
                    yield Select([(v, k) for k, v in LANGUAGES.items()], id="qa-locale",
                                 allow_blank=False)
                yield PlainTable(id="qa-table", cursor_type="row")
                with Vertical(classes="admin-form"):
                    yield _field(Input(placeholder=_("question"), id="qa-question"))
                    yield _field(TextArea(id="qa-answer", soft_wrap=True))
            with TabPane(_("Compensation ladder"), id="tab-ladder"):
                yield PlainTable(id="ladder-table", cursor_type="row")
                with Horizontal(classes="admin-form"):
                    yield _field(Input(placeholder=_("code"), id="ladder-code"))
                    yield _field(Input(placeholder=_("name"), id="ladder-name"))
                    yield _field(Input(placeholder=_("value"), id="ladder-value"))
        yield DeskFooter()

    def on_mount(self) -> None:
        self.query_one("#cat-table", DataTable).add_columns(_("Code"), _("Name"), _("In use"))
        self.query_one("#qa-table", DataTable).add_columns(_("Question"), _("Answer"))
        self.query_one("#ladder-table", DataTable).add_columns(_("Code"), _("Name"), _("Value"))
        self.load()

    # --- reading --------------------------------------------------------------

    @store_work("complaint-admin", N_("Loading complaint settings"))
    def load(self) -> None:
        cats = defaults.categories(include_inactive=True)
        ladder = defaults.ladder()
        self.currency = settings.get("shop.currency") or "CNY"
        locale = defaults.shop_locale()
        self.app.call_from_thread(self._fill, cats, ladder, locale)

    def _fill(self, cats, ladder, locale) -> None:
        table = self.query_one("#cat-table", DataTable)
        table.clear()
        for c in cats:
            table.add_row(c.code, c.name, "✓" if c.active else "–", key=c.code)
        picker = self.query_one("#qa-category", Select)
        current = picker.selection
        picker.set_options([(c.name, c.code) for c in cats])
        picker.value = current if current in {c.code for c in cats} else cats[0].code
        locale_select = self.query_one("#qa-locale", Select)
        if locale_select.selection is None or not self.answer_id:
            locale_select.value = locale if locale in LANGUAGES else "en"
        ladder_table = self.query_one("#ladder-table", DataTable)
        ladder_table.clear()
        for item in ladder:
            ladder_table.add_row(item.code, item.name, format_money(item.value, self.currency),
                                 key=item.code)
        self.load_answers()

    @on(Select.Changed, "#qa-category, #qa-locale")
    def load_answers(self) -> None:
        code = self.query_one("#qa-category", Select).selection
        locale = self.query_one("#qa-locale", Select).selection
        if code and locale:
            self._answers(code, locale)

    @store_work("complaint-admin-qa", N_("Loading standard answers"))
    def _answers(self, code: str, locale: str) -> None:
        rows = [a for a in defaults.answers(code, locale) if a.locale == locale]
        self.app.call_from_thread(self._fill_answers, rows)

    def _fill_answers(self, rows) -> None:
        table = self.query_one("#qa-table", DataTable)
        table.clear()
        self.answers = {str(a.id): a for a in rows}
        for a in rows:
            table.add_row(a.question[:40], a.answer[:60], key=str(a.id))

    # --- picking a row fills the form -----------------------------------------------

    @on(DataTable.RowHighlighted, "#cat-table")
    def _cat_row(self, event: DataTable.RowHighlighted) -> None:
        # cells are Text (stored words shown literally): the form wants their plain strings
        code, name, active = (str(cell) for cell in event.data_table.get_row(event.row_key))
        self.query_one("#cat-code", Input).value = code
        self.query_one("#cat-name", Input).value = name
        self.query_one("#cat-active", Checkbox).value = active == "✓"

    @on(DataTable.RowHighlighted, "#qa-table")
    def _qa_row(self, event: DataTable.RowHighlighted) -> None:
        answer = self.answers.get(str(event.row_key.value))
        if answer:
            self.answer_id = answer.id
            self.query_one("#qa-question", Input).value = answer.question
            self.query_one("#qa-answer", TextArea).text = answer.answer

    @on(DataTable.RowHighlighted, "#ladder-table")
    def _ladder_row(self, event: DataTable.RowHighlighted) -> None:
        code, name, value = (str(cell) for cell in event.data_table.get_row(event.row_key))
        self.query_one("#ladder-code", Input).value = code
        self.query_one("#ladder-name", Input).value = name
        self.query_one("#ladder-value", Input).value = value.replace(",", "")

    # --- keys -------------------------------------------------------------------

    def _tab(self) -> str:
        return self.query_one("#admin-tabs", TabbedContent).active

    def action_new(self) -> None:
        prefix = {"tab-cat": "cat", "tab-qa": "qa", "tab-ladder": "ladder"}[self._tab()]
        for widget in self.query(Input).results(Input):
            if (widget.id or "").startswith(f"{prefix}-"):
                widget.value = ""
        if prefix == "qa":
            self.answer_id = None
            self.query_one("#qa-answer", TextArea).text = ""
            self.query_one("#qa-question", Input).focus()
        else:
            self.query_one(f"#{prefix}-code", Input).focus()

    def action_save(self) -> None:
        tab = self._tab()
        value = lambda wid: self.query_one(wid, Input).value  # noqa: E731
        if tab == "tab-cat":
            self.write("category", value("#cat-code"), value("#cat-name"),
                       self.query_one("#cat-active", Checkbox).value)
        elif tab == "tab-qa":
            self.write("answer", self.answer_id, self.query_one("#qa-category", Select).selection,
                       self.query_one("#qa-locale", Select).selection, value("#qa-question"),
                       self.query_one("#qa-answer", TextArea).text)
        else:
            self.write("ladder", value("#ladder-code"), value("#ladder-name"),
                       value("#ladder-value"))

    def action_delete(self) -> None:
        tab = self._tab()
        if tab == "tab-qa" and self.answer_id:
            self.write("delete_answer", self.answer_id)
            self.answer_id = None
        elif tab == "tab-ladder" and self.query_one("#ladder-code", Input).value:
            self.write("delete_ladder", self.query_one("#ladder-code", Input).value)

    def action_leave(self) -> None:
        self.app.pop_screen()

    @store_work("complaint-admin-write", N_("Saving complaint settings"))
    def write(self, what: str, *args) -> None:
        who = self.app.desk.name if self.app.desk else ""
        calls = {"category": defaults.save_category, "answer": defaults.save_answer,
                 "ladder": defaults.save_ladder_item, "delete_answer": defaults.delete_answer,
                 "delete_ladder": defaults.delete_ladder_item}
        form = {"category": "cat", "answer": "qa", "ladder": "ladder"}.get(what)
        try:
            calls[what](*args, staff_name=who)
        except FieldErrors as exc:
            self.app.call_from_thread(self._show_errors, form, exc.errors)
            return
        if form:
            self.app.call_from_thread(self._show_errors, form, {})
        self.app.call_from_thread(self.notify, _("Saved"))
        self.load()

    def _show_errors(self, form: str, errors: dict[str, str]) -> None:
        """Each message under its own field; the first wrong field gets the cursor."""
        first = None
        for key, selector in FORMS[form].items():
            message = errors.get(key, "")
            widget = self.query_one(selector)
            self.query_one(f"#err-{widget.id}", Label).update(_(message) if message else "")
            widget.set_class(bool(message), "-invalid")
            if message and first is None:
                first = widget
        if first is not None:
            first.focus()
