"""The message library: list, edit, and preview a template filled in for a chosen customer."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.widgets import DataTable, Input, Label, Static, TextArea
from textual.worker import get_current_worker

from deskcrm.i18n import LANGUAGES, N_, _
from deskcrm.screens.guard import require_manager
from deskcrm.services import agenda, templates
from deskcrm.services.templates import TemplateInfo
from deskcrm.store.models import Customer
from deskcrm.vocabulary import kind_word, word
from deskcrm.widgets.footer import DeskFooter
from deskcrm.widgets.mode_header import ModeHeader
from deskcrm.widgets.plain import PlainTable
from deskcrm.workers import store_work


class TemplatesScreen(Screen):
    HELP = "Message templates: pick one, edit the wording (ctrl+s saves), preview it for a customer."
    CSS_PATH = "templates.tcss"
    AUTO_FOCUS = "#template-list"
    BINDINGS = [
        Binding("escape", "leave", _("Back"), id="templates.back"),
        Binding("ctrl+s", "save", _("Save"), id="templates.save", priority=True),
        Binding("e", "edit", _("Edit"), id="templates.edit"),
        Binding("p", "pick_customer", _("Preview for…"), id="templates.preview"),
    ]

    def __init__(self, shop_locale: str) -> None:
        super().__init__()
        self.shop_locale = shop_locale
        self.rows: dict[int, TemplateInfo] = {}
        self.current: TemplateInfo | None = None
        self.customer: dict | None = None

    def compose(self) -> ComposeResult:
        yield ModeHeader()
        with Horizontal(id="tpl-body"):
            yield PlainTable(cursor_type="row", id="template-list")
            with Vertical(id="tpl-side"):
                yield Label(_("Placeholders: ") + " ".join(f"{{{p}}}" for p in templates.PLACEHOLDERS),
                            classes="muted")
                yield TextArea(id="body", soft_wrap=True)
                yield Label("", id="body-error", classes="field-error")
                yield Input(placeholder=_("customer for the preview: name or phone tail"), id="who")
                yield Static("", id="preview")
        yield DeskFooter()

    def on_mount(self) -> None:
        table = self.query_one("#template-list", DataTable)
        table.add_column(_("Kind"), key="kind")
        table.add_column(_("Name"), key="name")
        table.add_column(_("Lang"), key="locale")
        self.load()

    @store_work("templates", N_("Loading templates"))
    def load(self) -> None:
        rows = templates.list_templates()
        self.app.call_from_thread(self._show, rows)

    def _show(self, rows: list[TemplateInfo]) -> None:
        table = self.query_one("#template-list", DataTable)
        table.clear()
        self.rows = {t.id: t for t in rows}
        for t in rows:
            table.add_row(kind_word(t.kind), word(t.name), LANGUAGES.get(t.locale, t.locale), key=str(t.id))
        if self.current is not None and self.current.id in self.rows:  # stay on the one just saved
            table.move_cursor(row=table.get_row_index(str(self.current.id)))

    @on(DataTable.RowHighlighted, "#template-list")
    def highlighted(self, event: DataTable.RowHighlighted) -> None:
        self.current = self.rows.get(int(event.row_key.value or 0))
        if self.current:
            self.query_one("#body", TextArea).load_text(self.current.body)
            self._preview()

    @on(TextArea.Changed, "#body")
    def edited(self) -> None:
        self._preview()

    def _preview(self) -> None:
        body = self.query_one("#body", TextArea).text
        data = self.customer or templates.customer_data(
            {"name": "王丽", "gender": "F", "locale": self.current.locale if self.current else ""},
            self.shop_locale)
        extra = {"festival": _("Mid-Autumn Festival"), "item": _("wool coat"), "date": "2027-09-15",
                 "event": _("Autumn collection preview"), "who": "Kim", "occasion": _("Wedding anniversary")}
        self.query_one("#preview", Static).update(_("Preview: ") + templates.fill(body, data, extra))

    @on(Input.Submitted, "#who")
    def find(self, event: Input.Submitted) -> None:
        self.lookup(event.value)

    @store_work("templates-who", N_("Finding customers"))
    def lookup(self, text: str) -> None:
        hits = agenda.find_customers(text, limit=1)
        data = templates.customer_data(Customer.get_by_id(hits[0].id), self.shop_locale) if hits else None
        if not get_current_worker().is_cancelled:
            self.app.call_from_thread(self._set_customer, data)

    def _set_customer(self, data: dict | None) -> None:
        self.customer = data
        if data is None:
            self.query_one("#preview", Static).update(_("No such customer"))
        else:
            self._preview()

    def action_edit(self) -> None:
        self.query_one("#body", TextArea).focus()

    def action_pick_customer(self) -> None:
        self.query_one("#who", Input).focus()

    def action_leave(self) -> None:
        if self.focused is not None and not isinstance(self.focused, DataTable):
            self.query_one("#template-list", DataTable).focus()
        else:
            self.dismiss()

    def action_save(self) -> None:
        if self.current is None:
            return
        body = self.query_one("#body", TextArea).text
        if not body.strip():
            self.query_one("#body-error", Label).update(_("The message cannot be empty"))
            return
        self.query_one("#body-error", Label).update("")
        template_id = self.current.id
        # the wording every desk sends is the manager's to change (issue 5)
        require_manager(self.app, lambda _manager: self.save(template_id, body),
                        _("Editing the message library"))

    @store_work("templates-save", N_("Saving the template"))
    def save(self, template_id: int, body: str) -> None:
        templates.save_template(template_id, body, self.app.now())
        rows = templates.list_templates()
        self.app.call_from_thread(self._saved, rows)

    def _saved(self, rows: list[TemplateInfo]) -> None:
        self._show(rows)
        self.notify(_("Template saved"))
