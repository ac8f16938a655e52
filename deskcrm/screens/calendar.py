"""Follow-up calendar screen (being built)."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.screen import Screen
from textual.widgets import Header, Static

from deskcrm.i18n import _
from deskcrm.widgets.footer import DeskFooter


class CalendarScreen(Screen):
    HELP = "Follow-up calendar"

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(_("Follow-up calendar"), classes="title")
        yield DeskFooter()
