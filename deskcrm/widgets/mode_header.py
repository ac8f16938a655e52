"""The top line: the four screens as tabs (F2-F5, the one shown marked), then who is at
the desk and which file is open.

F2-F5 work from everywhere and are the same on every screen, so they live here
rather than in each footer: at 80 columns the footer then has room for the keys
of the screen itself. The keys shown follow the person's keymap.
"""

from __future__ import annotations

from textual.binding import Binding
from textual.content import Content
from textual.widgets import Header
from textual.widgets._header import HeaderTitle

from deskcrm.i18n import N_, _

# (binding id, mode, label): the app's F2-F5
TABS = (
    ("screen.customers", "customers", N_("Customers")),
    ("screen.calendar", "calendar", N_("Calendar")),
    ("screen.complaints", "complaints", N_("Complaints")),
    ("screen.review", "review", N_("Review")),
)


class ModeHeader(Header):
    DEFAULT_CSS = """
    ModeHeader HeaderIcon, ModeHeader HeaderClockSpace { display: none; }
    ModeHeader HeaderTitle { content-align: left middle; padding: 0 1; }
    """

    def _key_of(self, ident: str, default: str) -> str:
        for key, active in self.screen.active_bindings.items():
            if active.binding.id == ident:
                return self.app.get_key_display(Binding(key, active.binding.action))
        return default

    def format_title(self) -> Content:
        current = getattr(self.app, "current_mode", None)
        # a screen of its own (settings, a wizard) marks no tab: it is not one of the four
        on_mode_screen = self.screen is (self.app.screen_stack[0] if self.app.screen_stack else None)
        parts: list[Content] = []
        for number, (ident, mode, label) in enumerate(TABS, 2):
            text = f" {self._key_of(ident, f'f{number}')} {_(label)} "
            marked = mode == current and on_mode_screen
            parts.append(Content.styled(text, "reverse bold") if marked else Content(text))
        where = self.screen_sub_title
        if where:
            parts.append(Content.styled(" │ ", "dim"))
            parts.append(Content(where))
        return Content("").join(parts)

    def retitle(self) -> None:
        """Mark the tab of the mode shown now. A screen built before it was shown (F5's
        review, made while the sign-in is up) was titled for the mode shown then, and
        Textual titles again only when a title changes. One line, full width: no layout."""
        self.query_one(HeaderTitle).update(self.format_title(), layout=False)
