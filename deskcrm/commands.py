"""Command palette providers: ctrl+p, type a name, phone or initials, jump to that customer."""

from __future__ import annotations

import asyncio
from functools import partial

from textual.command import Hit, Hits, Provider

from deskcrm.i18n import _
from deskcrm.services.search import CustomerRow, search
from deskcrm.widgets.plain import plain

MAX_HITS = 20


def _find(app, query: str) -> tuple[CustomerRow, ...]:
    # a thread of its own: peewee opens (and here closes) one connection per thread
    with app.in_flight, app.store.session():
        return search(query, limit=MAX_HITS).rows


class CustomerCommands(Provider):
    """Every customer the search box would find, as palette entries."""

    async def search(self, query: str) -> Hits:
        if not query.strip():
            return
        rows = await asyncio.to_thread(_find, self.app, query)
        for rank, row in enumerate(rows):
            label = f"{row.name}  {row.phone}".strip()
            yield Hit(
                1.0 - rank / (len(rows) + 1),
                plain(label),
                partial(open_customer, self.app, row.id),
                text=label,
                help=_("Open in the customer file"),
            )


async def open_customer(app, customer_id: int) -> None:
    """Switch to F2 and select the customer there."""
    await app.switch_mode("customers")
    show = getattr(app.screen, "show_customer", None)
    if show is not None:
        show(customer_id)
