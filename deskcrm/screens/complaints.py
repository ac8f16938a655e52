"""Complaints screen (being built)."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.screen import Screen
from textual.widgets import Header, Static

from deskcrm.i18n import _
from deskcrm.widgets.footer import DeskFooter


class ComplaintsScreen(Screen):
    HELP = "Complaints"

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(_("Complaints"), classes="title")
        yield DeskFooter()
