"""The footer: every key the screen offers, in her language, wrapped to fit the width.

Bindings are class attributes made at import time; translating them here, by
their msgid, lets the language change while the app runs.

A shop terminal is 80 columns: the customer file alone has ten keys of its own.
Textual's footer is one line that scrolls sideways, so the keys past the edge were
simply invisible ("k Complaint" was the last). This one packs the keys into as
many rows as they need (at most MAX_ROWS): the screen's own keys first, then F1,
then the F-keys. F2-F5 are left out where the screen's ModeHeader shows them as
tabs. If even that is not enough, the palette key gives way, then F8-F10, then the
screen's last keys, and F1 says it lists them all ("All keys"); ctrl+p runs any
of them by name (commands.KeyCommands).

Every dialog yields one at screen level too, so the two bottom rows always list the
keys that work now (the dialog's own, F1-F5, F8-F10, ctrl+p), in the same place as on
the main screens, and never the keys of the screen behind the dialog.

Textual's footer rebuilds all its keys whenever the bindings *might* have
changed (every focus move); opening the weekly review did that ten times. This
one rebuilds only when the keys it would show, or the width, differ from those
it shows, and once per refresh at most.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, replace

from rich.cells import cell_len
from textual import events
from textual.app import ComposeResult
from textual.binding import ActiveBinding
from textual.containers import HorizontalGroup
from textual.screen import Screen
from textual.widgets import Footer
from textual.widgets._footer import FooterKey

from deskcrm.i18n import N_, _

COMPACT_BELOW = 100
MAX_ROWS = 2
HELP_ID = "app.help"
# shown on F1 when some keys did not fit: they are all in its list
ALL_KEYS = N_("All keys")


@dataclass(frozen=True)
class Key:
    """One footer entry: what FooterKey needs, and how many cells it takes."""

    key: str
    display: str
    description: str
    action: str
    enabled: bool
    tooltip: str
    ident: str

    def relabelled(self, description: str) -> Key:
        return replace(self, description=description)

    def width(self, compact: bool) -> int:
        # FooterKey's CSS: compact "k desc" plus a margin of 1; otherwise " k desc "
        gap = 2 if compact else 3
        return cell_len(self.display) + cell_len(self.description) + gap


def pack(widths: list[int], room: int, rows: int, reserve: int = 0) -> tuple[list[list[int]], bool]:
    """Indexes of `widths` laid out left to right in rows of `room` cells, the last row
    keeping `reserve` cells free (for the palette key); at most `rows` rows, and whether
    every one of them fitted."""
    laid: list[list[int]] = [[]]
    used = [0]
    for index, width in enumerate(widths):
        if used[-1] + width > room and laid[-1]:
            laid.append([])
            used.append(0)
        laid[-1].append(index)
        used[-1] += width
    if reserve and used[-1] + reserve > room and laid[-1]:
        # the palette key does not fit after the last key: that key starts a new row
        moved = laid[-1].pop()
        used[-1] -= widths[moved]
        laid.append([moved])
        used.append(widths[moved])
    fitted = len(laid) <= rows and all(u <= room for u in used) and used[-1] + reserve <= room
    return laid[:rows], fitted


_ORDER = ("local", "help", "screen", "app")


def _kind(ident: str) -> str:
    if ident == HELP_ID:
        return "help"
    if ident.startswith("screen."):
        return "screen"
    return "app" if ident.startswith("app.") else "local"


def _victim(keys: list[Key]) -> Key | None:
    """The key that gives way first: the last of the least needed kind (never F1)."""
    for kind in ("app", "screen", "local"):
        of_kind = [k for k in keys if _kind(k.ident) == kind]
        if of_kind:
            return of_kind[-1]
    return None


class FooterRow(HorizontalGroup):
    DEFAULT_CSS = """
    FooterRow { height: 1; width: 1fr; }
    """


class DeskFooter(Footer):
    DEFAULT_CSS = """
    DeskFooter { layout: vertical; height: auto; max-height: 3; }
    """

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._shown: tuple | None = None
        self._pending = False
        self.hidden_keys: tuple[str, ...] = ()  # binding ids that did not fit (tests read it)

    def _keys(self) -> list[Key]:
        """The keys to show, one per action: the screen's own first, F1, then the F-keys
        (F2-F5 only where no ModeHeader shows them already)."""
        from deskcrm.widgets.mode_header import ModeHeader

        screen = self.screen
        app = screen.app
        tabs_shown = bool(screen.query(ModeHeader))
        seen: set[str] = set()
        keys: list[Key] = []
        for (_node, binding, enabled, tooltip) in self._key_bindings(screen):
            if not binding.show or binding.action in seen or binding.key == app.COMMAND_PALETTE_BINDING:
                continue
            seen.add(binding.action)
            ident = binding.id or binding.action
            if tabs_shown and ident.startswith("screen."):
                continue
            keys.append(Key(binding.key, app.get_key_display(binding), _(binding.description),
                            binding.action, enabled, tooltip, ident))
        return sorted(keys, key=lambda k: _ORDER.index(_kind(k.ident)))

    @staticmethod
    def _key_bindings(screen: Screen) -> list[ActiveBinding]:
        """The screen's active bindings; in a dialog, the app's keys too: Textual leaves
        them out of a modal screen's bindings, yet F1-F10 (priority) work there."""
        active = list(screen.active_bindings.values())
        if screen.is_modal:
            app = screen.app
            taken = {binding.key for _node, binding, _enabled, _tooltip in active}
            for key, binding in app._bindings:
                if binding.priority and key not in taken:
                    state = app._check_action_state(binding.action, app)
                    if state is not False:
                        active.append(ActiveBinding(app, binding, bool(state), binding.tooltip))
        return active

    def _palette(self) -> Key | None:
        if not (self.show_command_palette and self.app.ENABLE_COMMAND_PALETTE):
            return None
        found = [b for b in self._key_bindings(self.screen) if b.binding.key == self.app.COMMAND_PALETTE_BINDING]
        if not found:
            return None
        _node, binding, enabled, tooltip = found[0]
        return Key(binding.key, self.app.get_key_display(binding), _(binding.description), binding.action,
                   enabled, binding.tooltip or binding.description, "app.command_palette")

    def _width(self) -> int:
        if self.size.width:
            return self.size.width
        parent = self.parent
        return getattr(parent, "size", self.app.size).width or self.app.size.width

    def _signature(self) -> tuple:
        return tuple(
            (binding.key, binding.action, binding.description, enabled, tooltip)
            for (_node, binding, enabled, tooltip) in self._key_bindings(self.screen)
            if binding.show
        ) + (self.compact, self.show_command_palette, self._width())

    def layout_keys(self) -> tuple[list[list[Key]], Key | None]:
        """The rows of keys this footer shows at its width, and the palette key (last row).

        What does not fit gives way in this order: the palette key (F1 names ctrl+p), F8-F10,
        F2-F5, then the screen's own keys from the last; F1 never, and it then says that
        it lists them all."""
        keys = self._keys()
        palette = self._palette()
        room = self._width()
        compact = self.compact

        def laid(candidates: list[Key], reserve: int = 0) -> tuple[list[list[int]], bool]:
            return pack([k.width(compact) for k in candidates], room, MAX_ROWS, reserve)

        if palette is not None and not laid(keys, palette.width(compact) + 1)[1]:
            palette = None
        kept = list(keys)
        while not laid(kept, palette.width(compact) + 1 if palette else 0)[1]:
            victim = _victim(kept)
            if victim is None:
                break
            kept.remove(victim)
            kept = [k if k.ident != HELP_ID else k.relabelled(_(ALL_KEYS)) for k in kept]
        shown = {k.ident for k in kept}
        self.hidden_keys = tuple(k.ident for k in keys if k.ident not in shown)
        rows, _fitted = laid(kept, palette.width(compact) + 1 if palette else 0)
        return [[kept[i] for i in row] for row in rows], palette

    def _footer_key(self, key: Key, classes: str = "") -> FooterKey:
        widget = FooterKey(key.key, key.display, key.description, key.action,
                           disabled=not key.enabled, tooltip=key.tooltip, classes=classes)
        # born in the footer's style: FooterKey starts compact and its watcher restyles it
        # on mount, then again when the binding sets the footer's value (two CSS passes per
        # key, 20-30 keys a footer, every time a footer is rebuilt)
        widget.set_reactive(FooterKey.compact, self.compact)
        widget.set_class(self.compact, "-compact", update=False)
        return widget.data_bind(compact=Footer.compact)

    def compose(self) -> ComposeResult:
        # Composed with its keys at once, not empty until the screen first reports its
        # bindings (Textual's way): an empty footer that then grows two rows changes the
        # height of everything above it, and the whole screen is laid out and painted
        # again (on the weekly review, a third of F5's frame). If the keys differ once
        # focus has settled, bindings_changed recomposes as before.
        self.compact = self.app.size.width < COMPACT_BELOW
        self._shown = self._signature()
        rows, palette = self.layout_keys()
        for number, row in enumerate(rows, 1):
            with FooterRow():
                yield from (self._footer_key(key) for key in row)
                if palette and number == len(rows):
                    yield self._footer_key(palette, "-command-palette")

    def shown_text(self) -> Iterator[str]:
        """Each row as plain text, for tests: what a person reads there."""
        for row in self.query(FooterRow):
            yield " ".join(f"{k.key_display} {k.description}".strip() for k in row.query(FooterKey))

    def bindings_changed(self, screen: Screen) -> None:
        self._bindings_ready = True
        if not screen.app.app_focus or not self.is_attached or screen is not self.screen:
            return
        self._schedule()

    def _schedule(self) -> None:
        if not self._pending:
            self._pending = True
            self.call_after_refresh(self._recompose_if_changed)

    async def _recompose_if_changed(self) -> None:
        self._pending = False
        if self.is_attached and self._signature() != self._shown:
            await self.recompose()

    def on_resize(self, event: events.Resize) -> None:
        self.compact = self.app.size.width < COMPACT_BELOW
        if self._bindings_ready:
            self._schedule()
