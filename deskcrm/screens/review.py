"""Weekly review screen (being built)."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.screen import Screen
from textual.widgets import Header, Static

from deskcrm.i18n import _
from deskcrm.widgets.footer import DeskFooter


class ReviewScreen(Screen):
    HELP = "Weekly review"

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(_("Weekly review"), classes="title")
        yield DeskFooter()
