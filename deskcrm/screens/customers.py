"""Customer file screen (being built)."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.screen import Screen
from textual.widgets import Header, Static

from deskcrm.i18n import _
from deskcrm.widgets.footer import DeskFooter


class CustomersScreen(Screen):
    HELP = "Customer file"

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(_("Customer file"), classes="title")
        yield DeskFooter()
