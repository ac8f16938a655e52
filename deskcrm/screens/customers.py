"""Customer file screen (being built)."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.screen import Screen
from textual.widgets import Footer, Header, Static

from deskcrm.i18n import _


class CustomersScreen(Screen):
    HELP = "Customer file"

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(_("Customer file"), classes="title")
        yield Footer()
