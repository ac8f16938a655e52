"""A yes/no question, answered with y or n (escape is no)."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Static

from deskcrm.i18n import _
from deskcrm.widgets.footer import DeskFooter


class Confirm(ModalScreen[bool]):
    BINDINGS = [
        Binding("y", "answer(True)", _("Yes"), id="confirm.yes"),
        Binding("n,escape", "answer(False)", _("No"), id="confirm.no"),
    ]

    def __init__(self, question: str) -> None:
        super().__init__()
        self.question = question

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            # the question may quote what someone typed: shown as typed, wrapped to the dialog
            yield Static(self.question, markup=False, classes="question")
            yield Static(_("y = yes, n = no"), markup=False, classes="muted")
            yield DeskFooter()

    def action_answer(self, value: bool) -> None:
        self.dismiss(value)
