"""Command palette providers: ctrl+p, type a name, phone or initials, jump to that customer;
or type what a key does (merge, broadcast) and run it."""

from __future__ import annotations

import asyncio
from collections.abc import Iterable, Iterator
from functools import partial

from textual.app import SystemCommand
from textual.binding import Binding
from textual.command import DiscoveryHit, Hit, Hits, Provider

from deskcrm.i18n import N_, _
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


class KeyCommands(Provider):
    """Every key of the screen behind the palette, found by what it does: at 80 columns the
    footer may have had no room for some (it then says so on F1)."""

    def _entries(self) -> list[tuple[str, str, object, str]]:
        seen: set[str] = set()
        entries = []
        for key, active in self.screen.active_bindings.items():
            binding = active.binding
            if not binding.description or not active.enabled or binding.action in seen:
                continue
            seen.add(binding.action)
            shown = self.app.get_key_display(Binding(key, binding.action))
            entries.append((_(binding.description), shown, active.node, binding.action))
        return entries

    async def discover(self) -> Hits:
        for name, shown, node, action in self._entries():
            yield DiscoveryHit(plain(name), partial(self.app.run_action, action, node),
                               text=name, help=_("Key: {key}").format(key=shown))

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for name, shown, node, action in self._entries():
            score = matcher.match(name)
            if score > 0:
                yield Hit(score, matcher.highlight(name), partial(self.app.run_action, action, node),
                          text=name, help=_("Key: {key}").format(key=shown))


# Textual's own palette entries, put in the catalogues so they read in her language
TEXTUAL_WORDS = (
    N_("Theme"), N_("Change the current theme"), N_("Quit"), N_("Quit the application as soon as possible"),
    N_("Minimize"), N_("Minimize the widget and restore to normal size"), N_("Maximize"),
    N_("Maximize the focused widget"), N_("Screenshot"), N_("Save an SVG 'screenshot' of the current screen"),
    N_("Search for commands…"),
)  # fmt: skip


def translated(commands: Iterable[SystemCommand], app) -> Iterator[SystemCommand]:
    """Textual's system commands in her language; its "Keys" panel (English, and blind to the
    keymap) gives way to F1, which lists the same keys translated."""
    for command in commands:
        if command.title == "Keys":
            continue
        yield command._replace(title=_(command.title), help=_(command.help))
    yield SystemCommand(_("Help"), _("What this screen is for, and every key that works here"),
                        app.action_screen_help)
