"""F1: the keys of the screen you are on, and what each does."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen, Screen
from textual.widgets import Label, Markdown

from deskcrm.i18n import _


class HelpScreen(ModalScreen[None]):
    BINDINGS = [
        Binding("escape", "dismiss", _("Close"), id="help.close"),
        Binding("f1", "dismiss", _("Close"), id="help.close_f1", show=False),
    ]

    def __init__(self, for_screen: Screen) -> None:
        super().__init__()
        self.for_screen = for_screen

    def _keys(self) -> str:
        rows = []
        seen = set()
        for node in (self.for_screen, self.app):
            for binding in node.BINDINGS:
                if not isinstance(binding, Binding) or binding.key in seen:
                    continue
                seen.add(binding.key)
                rows.append(f"| `{binding.key}` | {binding.description} |")
        return "\n".join([f"| {_('Key')} | {_('Does')} |", "| --- | --- |", *rows])

    def compose(self) -> ComposeResult:
        guide = getattr(self.for_screen, "HELP", "") or ""
        with VerticalScroll(classes="dialog"):
            yield Label(_("Help"), classes="title")
            yield Markdown(f"{_(guide)}\n\n{self._keys()}\n\nctrl+p: {_('command palette')}")
