"""The footer, translating binding descriptions when it draws them.

Bindings are class attributes made at import time; translating them here, by
their msgid, lets the language change while the app runs.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.widgets import Footer
from textual.widgets._footer import FooterKey

from deskcrm.i18n import _


class DeskFooter(Footer):
    def compose(self) -> ComposeResult:
        for widget in super().compose():
            if isinstance(widget, FooterKey) and widget.description:
                widget.description = _(widget.description)
            yield widget
