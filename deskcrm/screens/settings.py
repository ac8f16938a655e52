"""Settings (manager): the UI language, the shop's settings as a labelled form, then the rest.

The form (services.settings_form) takes money in the shop's currency units and
checks each field as it is left; settings it does not cover are listed after it,
typed by their default as before.
"""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.screen import Screen
from textual.widgets import Input, Label, Select, Static

from deskcrm import i18n
from deskcrm.i18n import _
from deskcrm.screens.guard import signed_in_manager
from deskcrm.screens.shop_picker import shop_label
from deskcrm.services import settings, settings_form, shops
from deskcrm.services.settings_form import FormField
from deskcrm.widgets.footer import DeskFooter
from deskcrm.widgets.mode_header import ModeHeader


def setting_label(key: str) -> str:
    """shop.locale → "Shop locale": readable without a table of names to keep in step."""
    words = key.replace(".", " ").replace("_", " ").split()
    return _(" ".join(words).capitalize())


def field_id(f: FormField) -> str:
    return "form-" + f.id.replace(".", "--").replace("/", "---")


class SettingsScreen(Screen[None]):
    CSS_PATH = "settings.tcss"
    AUTO_FOCUS = "#language"
    HELP = ("Settings: the UI language, the shop's settings (amounts in the shop's currency), then "
            "the other settings. Each value is checked as you leave it and again as you save.")
    BINDINGS = [
        Binding("ctrl+s", "save", _("Save"), id="settings.save", priority=True),
        Binding("escape", "leave", _("Back"), id="settings.back"),
    ]

    def compose(self) -> ComposeResult:
        yield ModeHeader()
        texts, self.currency = settings_form.load()
        self.fields = {field_id(f): f for f in settings_form.fields()}
        with VerticalScroll(id="settings-form"):
            yield Label(_("Settings"), classes="title")
            with Horizontal(classes="setting-row"):
                yield Label(_("Language"), classes="setting-label")
                options = [(name, code) for code, name in i18n.LANGUAGES.items()]
                yield Select(options, value=i18n.language(), allow_blank=False, id="language")
            if getattr(self.app, "shop_name", ""):
                # a chain: the terminal's shop, whose settings the form below holds
                with Horizontal(classes="setting-row"):
                    yield Label(_("This terminal is at"), classes="setting-label")
                    here = [(shop_label(s), s.id) for s in shops.all_shops() if s.active]
                    yield Select(here, value=self.app.store.shop_id, allow_blank=False, id="terminal-shop")
            section = ""
            for fid, f in self.fields.items():
                if f.section != section:
                    section = f.section
                    yield Label(_(section), classes="section")
                with Horizontal(classes="setting-row"):
                    label = f.title()
                    if f.kind in ("money", "money_list"):
                        label += f" ({self.currency})"
                    yield Label(label, classes="setting-label")
                    yield self._input(fid, f, texts[f.id])
                yield Label("", id=f"err-{fid}", classes="field-error")
            yield Label(_("Other settings"), classes="section")
            self.items = {item.key: item for item in settings.editable() if item.key not in settings_form.COVERED}
            for key, item in self.items.items():
                with Horizontal(classes="setting-row"):
                    yield Label(setting_label(key), classes="setting-label")
                    yield Input(item.as_text(), id=self._input_id(key), classes="setting-input")
                yield Label("", id=self._error_id(key), classes="field-error")
            yield Static(_("ctrl+s saves all; escape goes back without saving."), classes="muted")
        yield DeskFooter()

    @staticmethod
    def _input(fid: str, f: FormField, text: str):
        if f.kind == "choice":
            names = i18n.LANGUAGES if f.key == "shop.locale" else {}
            options = [(names.get(c, c), c) for c in f.choices]
            value = text if text in f.choices else f.choices[0]
            return Select(options, value=value, allow_blank=False, id=fid, classes="setting-input")
        # a person's own figure left empty follows the shop's (services.settings_form.fields)
        hint = _("empty: as for everyone") if f.kind == "own_int" else ""
        return Input(text, id=fid, classes="setting-input", placeholder=hint)

    @staticmethod
    def _input_id(key: str) -> str:
        return "set-" + key.replace(".", "--")

    @staticmethod
    def _error_id(key: str) -> str:
        return "err-" + key.replace(".", "--")

    def _texts(self) -> dict[str, str]:
        out = {}
        for fid, f in self.fields.items():
            value = self.query_one(f"#{fid}").value
            out[f.id] = value if isinstance(value, str) else ""
        return out

    def _mark(self, fid: str, error: str) -> None:
        self.query_one(f"#err-{fid}", Label).update(_(error) if error else "")
        self.query_one(f"#{fid}").set_class(bool(error), "-invalid")

    @on(Input.Blurred)
    def field_left(self, event: Input.Blurred) -> None:
        fid = event.input.id or ""
        f = self.fields.get(fid)
        if f is None:
            return
        currency = self._texts().get("shop.currency") or self.currency
        try:
            settings_form.check(f, event.input.value, currency)
        except ValueError as exc:
            self._mark(fid, str(exc))
        else:
            self._mark(fid, "")

    def action_leave(self) -> None:
        if isinstance(self.focused, Input):
            self.set_focus(None)
            return
        self.dismiss(None)

    def action_save(self) -> None:
        form_values, form_errors = settings_form.values(self._texts())
        for fid, f in self.fields.items():
            self._mark(fid, form_errors.get(f.id, ""))
        values, ok = dict(form_values), not form_errors
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
        shop = self.query("#terminal-shop").first(Select).value if self.query("#terminal-shop") else None
        if isinstance(shop, int) and shop != self.app.store.shop_id:
            info = shops.get(shop)
            if info is not None:
                self.app.call_later(self.app.shop_chosen, info)

    @on(Input.Submitted)
    def next_field(self) -> None:
        self.focus_next()
