"""Which shop this terminal is at: asked once on a chain's new terminal, changed by a manager.

The answer is remembered per terminal in the config folder, like who is at the desk
(deskcrm.config.remember_shop); `deskcrm run --shop` still overrides it.
"""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Label, OptionList, Static
from textual.widgets.option_list import Option

from deskcrm.i18n import _
from deskcrm.services import shops
from deskcrm.services.shops import ShopInfo
from deskcrm.widgets.plain import plain


def shop_label(shop: ShopInfo) -> str:
    return shop.name if shop.name == shop.code else f"{shop.name}  ({shop.code})"


class ShopPicker(ModalScreen[ShopInfo | None]):
    """Dismisses with the shop picked, or None (escape: the terminal stays where it was)."""

    BINDINGS = [Binding("escape", "dismiss(None)", _("Cancel"), id="shop_picker.cancel")]

    def __init__(self, current: int | None) -> None:
        super().__init__()
        self.current = current

    def compose(self) -> ComposeResult:
        self.shops = [s for s in shops.all_shops() if s.active]
        with Vertical(classes="dialog"):
            yield Label(_("Which shop is this terminal at?"), classes="title")
            yield OptionList(*(Option(plain(shop_label(s)), id=str(s.id)) for s in self.shops), id="shop-list")
            # a Static wraps on a narrow terminal where a Label would be cut off
            yield Static(_("The call list, complaints and review show this shop; "
                           "this terminal remembers it."), classes="muted")

    def on_mount(self) -> None:
        options = self.query_one("#shop-list", OptionList)
        options.focus()
        ids = [s.id for s in self.shops]
        if self.current in ids:
            options.highlighted = ids.index(self.current)

    @on(OptionList.OptionSelected, "#shop-list")
    def picked(self, event: OptionList.OptionSelected) -> None:
        chosen = int(event.option.id or 0)
        self.dismiss(next(s for s in self.shops if s.id == chosen))
