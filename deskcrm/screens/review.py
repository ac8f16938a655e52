"""Weekly review screen (being built)."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.screen import Screen
from textual.widgets import Footer, Header, Static

from deskcrm.i18n import _


class ReviewScreen(Screen):
    HELP = "Weekly review"

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(_("Weekly review"), classes="title")
        yield Footer()
