"""The search box above a list: type to search, escape / Enter / Down go back to the list."""

from __future__ import annotations

from textual.binding import Binding
from textual.message import Message
from textual.widgets import Input

from deskcrm.i18n import _


class SearchBar(Input):
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

    def action_leave(self) -> None:
        self.post_message(self.Left())

    async def action_submit(self) -> None:
        await super().action_submit()
        self.post_message(self.Left())
