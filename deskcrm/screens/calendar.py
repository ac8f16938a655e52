"""Follow-up calendar screen (being built)."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.screen import Screen
from textual.widgets import Footer, Header, Static

from deskcrm.i18n import _


class CalendarScreen(Screen):
    HELP = "Follow-up calendar"

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(_("Follow-up calendar"), classes="title")
        yield Footer()
