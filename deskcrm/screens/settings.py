"""Settings (manager): UI language, then every shop setting, typed by its default."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.screen import Screen
from textual.widgets import Header, Input, Label, Select, Static

from deskcrm import i18n
from deskcrm.i18n import _
from deskcrm.screens.guard import signed_in_manager
from deskcrm.services import settings
from deskcrm.widgets.footer import DeskFooter


def setting_label(key: str) -> str:
    """shop.locale → "Shop locale": readable without a table of names to keep in step."""
    words = key.replace(".", " ").replace("_", " ").split()
    return _(" ".join(words).capitalize())


class SettingsScreen(Screen[None]):
    CSS_PATH = "settings.tcss"
    AUTO_FOCUS = "#language"
    HELP = "Settings: the UI language, then the shop's settings. Each value is checked as you save."
    BINDINGS = [
        Binding("ctrl+s", "save", _("Save"), id="settings.save", priority=True),
        Binding("escape", "leave", _("Back"), id="settings.back"),
    ]

    def compose(self) -> ComposeResult:
        yield Header()
        with VerticalScroll(id="settings-form"):
            yield Label(_("Settings"), classes="title")
            with Horizontal(classes="setting-row"):
                yield Label(_("Language"), classes="setting-label")
                options = [(name, code) for code, name in i18n.LANGUAGES.items()]
                yield Select(options, value=i18n.language(), allow_blank=False, id="language")
            self.items = {item.key: item for item in settings.editable()}
            for key, item in self.items.items():
                with Horizontal(classes="setting-row"):
                    yield Label(setting_label(key), classes="setting-label")
                    yield Input(item.as_text(), id=self._input_id(key), classes="setting-input")
                yield Label("", id=self._error_id(key), classes="field-error")
            yield Static(_("ctrl+s saves all; escape goes back without saving."), classes="muted")
        yield DeskFooter()

    @staticmethod
    def _input_id(key: str) -> str:
        return "set-" + key.replace(".", "--")

    @staticmethod
    def _error_id(key: str) -> str:
        return "err-" + key.replace(".", "--")

    def action_leave(self) -> None:
        if isinstance(self.focused, Input):
            self.set_focus(None)
            return
        self.dismiss(None)

    def action_save(self) -> None:
        values, ok = {}, True
        for key, item in self.items.items():
            field = self.query_one(f"#{self._input_id(key)}", Input)
            error = self.query_one(f"#{self._error_id(key)}", Label)
            try:
                values[key] = settings.parse(item, field.value)
            except ValueError as exc:
                ok = False
                error.update(_(str(exc)))
                field.add_class("-invalid")
            else:
                error.update("")
                field.remove_class("-invalid")
        if not ok:
            self.notify(_("Nothing was saved: fix the fields marked in red."), severity="error")
            return
        settings.put_many(values, by=getattr(signed_in_manager(self.app), "name", ""))
        language = self.query_one("#language", Select).value
        self.notify(_("Settings saved"))
        self.dismiss(None)
        if isinstance(language, str) and language != i18n.language():
            self.app.call_later(self.app.change_language, language)

    @on(Input.Submitted)
    def next_field(self) -> None:
        self.focus_next()
