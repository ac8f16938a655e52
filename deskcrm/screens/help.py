"""F1: what this screen is for, and every key that works here now, in the person's language.

The keys come from the screen's active bindings (the focused widget's, the screen's
and the app's, after the person's keymap), so the help never lists a key that does
nothing here, nor misses one the keymap moved.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen, Screen
from textual.widgets import Label, Static

from deskcrm.i18n import _
from deskcrm.widgets.footer import DeskFooter
from deskcrm.widgets.plain import PlainTable


def help_rows(screen: Screen) -> list[tuple[str, str, str]]:
    """(keys as shown, what it does, binding id) for every described key active on `screen`."""
    rows: dict[str, tuple[str, str, str]] = {}
    for key, active in screen.active_bindings.items():
        binding = active.binding
        if not binding.description:
            continue
        ident = binding.id or binding.action
        shown = screen.app.get_key_display(Binding(key, binding.action))
        if ident in rows:  # one row per binding, all its keys
            keys, does, _id = rows[ident]
            rows[ident] = (f"{keys} / {shown}", does, ident)
        else:
            rows[ident] = (shown, _(binding.description), ident)
    return list(rows.values())


class HelpScreen(ModalScreen[None]):
    BINDINGS = [
        Binding("escape", "dismiss", _("Close"), id="help.close"),
        Binding("f1", "dismiss", _("Close"), id="help.close_f1", show=False),
    ]

    def __init__(self, for_screen: Screen) -> None:
        super().__init__()
        self.for_screen = for_screen

    def compose(self) -> ComposeResult:
        guide = getattr(self.for_screen, "HELP", "") or ""
        with VerticalScroll(classes="dialog"):
            yield Label(_("Help"), classes="title")
            if guide:
                yield Static(_(guide), markup=False)
            yield PlainTable(id="help-keys", cursor_type="none", show_cursor=False)
            yield Static(f"ctrl+p: {_('command palette')}", markup=False, classes="muted")
        yield DeskFooter()

    def on_mount(self) -> None:
        table = self.query_one(PlainTable)
        table.add_column(_("Key"), key="key")
        table.add_column(_("Does"), key="does")
        table.add_column(_("Id (keymap)"), key="id")
        for keys, does, ident in help_rows(self.for_screen):
            table.add_row(keys, does, ident)
