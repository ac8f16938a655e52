"""The search box above a list: type to search, escape / Enter / Down go back to the list."""

from __future__ import annotations

from textual.binding import Binding
from textual.message import Message
from textual.widgets import Input

from deskcrm.i18n import _
from deskcrm.widgets.fixed_region import FixedRegion


class SearchBar(FixedRegion, Input):
    """An Input that hands focus back to its list instead of keeping the keys."""

    BINDINGS = [
        Binding("escape", "leave", _("Leave search"), id="search.leave"),
        Binding("down", "leave", _("To list"), id="search.down", show=False),
    ]

    DEFAULT_CSS = """
    SearchBar { width: 1fr; }
    """

    class Left(Message):
        """The clerk is done typing; the list should take focus."""

    def __init__(self, placeholder: str = "", id: str | None = None) -> None:
        super().__init__(placeholder=placeholder or _("Search: name, phone, wxm, ㄱㅁㅅ, tag"), id=id)

    def _watch_value(self, value: str) -> None:
        # Input widens its virtual size by one cell per character typed, with layout=True:
        # a layout of the whole screen per keystroke. The box is one line of width 1fr;
        # only its sideways scrolling reads the virtual size, and it reads it when needed.
        if self.styles.auto_dimensions:
            super()._watch_value(value)
            return
        with self.in_place():
            super()._watch_value(value)

    def action_leave(self) -> None:
        self.post_message(self.Left())

    async def action_submit(self) -> None:
        await super().action_submit()
        self.post_message(self.Left())
