"""The footer, translating binding descriptions when it draws them.

Bindings are class attributes made at import time; translating them here, by
their msgid, lets the language change while the app runs. Below 100 columns
the keys pack tighter, so a shop terminal's 80 columns show more of them.
"""

from __future__ import annotations

from textual import events
from textual.app import ComposeResult
from textual.widgets import Footer
from textual.widgets._footer import FooterKey

from deskcrm.i18n import _

COMPACT_BELOW = 100


class DeskFooter(Footer):
    def compose(self) -> ComposeResult:
        for widget in super().compose():
            if isinstance(widget, FooterKey) and widget.description:
                widget.description = _(widget.description)
            yield widget

    def on_resize(self, event: events.Resize) -> None:
        self.compact = event.size.width < COMPACT_BELOW
