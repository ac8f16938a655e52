"""Customer cards read and laid out before the clerk moves the cursor to them.

Opening a card is a store read (~6 ms at 100 000 customers) and a layout of its Rich
table (~10 ms) in a worker, then a frame: ~31 ms from Down to the painted card. A
clerk in the list moves a row at a time, so once a card is on screen the rows around
the cursor are read and laid out in the background, nearest first, and Down shows
its card at once from here.

A card kept here may be older than the file: another terminal may have changed that
customer since. So a card shown from here is read again right after it is painted
and drawn again if it changed (`CustomersScreen._recheck_card`); a change made at
this terminal drops its card at once (`forget`), and a new list drops them all.
"""

from __future__ import annotations

import datetime as dt
import threading
from collections import OrderedDict
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # the card service is imported after the first paint (screen.py)
    from deskcrm.services.card import CustomerCard
    from deskcrm.widgets.profile_card import CardLines, Drawing

# cards: those around the cursor and a few behind. Each kept is ~2 000 objects that every
# full garbage collection walks (deskcrm.heap): 200 kept made them 65-86 ms, from 22
KEEP = 12
AROUND = 3  # rows below the cursor read ahead (and half as many above): more only fought
# the painting of the card shown for the GIL while the clerk held Down


@dataclass(frozen=True)
class ReadyCard:
    view: CustomerCard
    lines: CardLines
    drawing: Drawing
    today: dt.date


class CardsAhead:
    """Ready cards by customer id; filled by a worker, taken on the UI thread."""

    def __init__(self) -> None:
        self._ready: OrderedDict[int, ReadyCard] = OrderedDict()
        self._lock = threading.Lock()

    def take(self, customer_id: int, drawing: Drawing | None, today: dt.date) -> ReadyCard | None:
        """The card, if one is ready for this customer, this width and this day."""
        with self._lock:
            ready = self._ready.get(customer_id)
        if ready is None or ready.drawing != drawing or ready.today != today:
            return None
        return ready

    def put(self, customer_id: int, ready: ReadyCard) -> None:
        with self._lock:
            self._ready[customer_id] = ready
            self._ready.move_to_end(customer_id)
            while len(self._ready) > KEEP:
                self._ready.popitem(last=False)

    def missing(self, ids: list[int], drawing: Drawing, today: dt.date) -> list[int]:
        """Of `ids`, those with no card ready for this drawing and day, in order."""
        return [cid for cid in ids if self.take(cid, drawing, today) is None]

    def forget(self, customer_id: int | None = None) -> None:
        """One customer's card (changed here), or every card (many changed: an import)."""
        with self._lock:
            if customer_id is None:
                self._ready.clear()
            else:
                self._ready.pop(customer_id, None)


def around(ids: list[int], cursor: int) -> list[int]:
    """The rows to read ahead from the cursor's, nearest first: down before up, as a
    clerk mostly moves."""
    below = ids[cursor + 1 : cursor + 1 + AROUND]
    above = ids[max(0, cursor - AROUND // 2) : max(0, cursor)][::-1]
    order: list[int] = []
    for i in range(max(len(below), len(above))):
        order.extend(x[i] for x in (below, above) if i < len(x))
    return order
