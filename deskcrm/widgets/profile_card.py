"""The customer card: who the person is, what they bought, what is open, what to talk about."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING

from rich.cells import cell_len
from rich.console import Console, Group, RenderableType
from rich.segment import Segment
from rich.style import Style as RichStyle
from rich.table import Table
from rich.text import Text
from textual.containers import VerticalScroll
from textual.strip import Strip
from textual.style import Style
from textual.visual import RichVisual
from textual.widgets import Static

from deskcrm.i18n import N_, _
from deskcrm.services.validation import format_amount
from deskcrm.vocabulary import field_word, kind_word, word
from deskcrm.widgets.plain import plain

if TYPE_CHECKING:  # the service (lunar calendars) is imported by the card's worker, after the first paint
    from deskcrm.services.card import CustomerCard

FIELD_LABELS = {
    "phone": N_("Phone"), "phone2": N_("Phone 2"), "email": N_("Email"), "gender": N_("Gender"),
    "birthday": N_("Birthday"), "age_band": N_("Age"), "address": N_("Address"), "city": N_("City"),
    "district": N_("District"), "clothing_size": N_("Clothing size"), "shoe_size": N_("Shoe size"),
    "locale": N_("Language"), "occupation": N_("Occupation"), "family": N_("Family"),
    "personality": N_("Personality"), "shopping_habits": N_("Shopping habits"),
    "style_preferences": N_("Style"), "hobbies": N_("Hobbies"), "service_preference": N_("Likes to be served"),
    "promotion_attitude": N_("Promotions"), "values": N_("Values"), "best_contact_time": N_("Best time"),
    "important_people": N_("Related people / dates"), "name": N_("Name"),
}  # fmt: skip


def label(field: str) -> str:
    return _(FIELD_LABELS.get(field, field.replace("_", " ").capitalize()))


def _pairs(rows) -> Table:
    grid = Table.grid(padding=(0, 1))
    grid.add_column(style="bold", no_wrap=True)
    grid.add_column(ratio=1)
    for key, value in rows:
        grid.add_row(plain(key), plain(value))
    return grid


def _heading(text: str) -> Text:
    return plain(f"\n{text}", style="bold underline")


def _when(day: dt.date | None) -> str:
    return day.isoformat() if day else ""


def _lines(parts: list, lines: list[str], empty: str) -> None:
    if lines:
        parts.extend(plain(line.rstrip()) for line in lines)
    else:
        parts.append(plain(empty, style="dim"))


def render_card(c: CustomerCard) -> RenderableType:
    parts: list[RenderableType] = []
    title = plain(c.name, style="bold")
    if c.form_of_address:
        title.append(f"  {c.form_of_address}", style="italic")
    parts.append(title)
    bar = "█" * (c.completeness // 10) + "░" * (10 - c.completeness // 10)
    parts.append(plain(
        f"{_(c.tier).upper()} · {_(c.lifecycle)} · {_('file')} {bar} {c.completeness}%"
    ))
    if c.do_not_contact:
        parts.append(plain(_("DO NOT CONTACT"), style="bold reverse"))
    if c.missing:
        parts.append(plain(_("Ask next: ") + ", ".join(label(m) for m in c.missing), style="italic"))
    if c.talking_points:
        parts.append(_heading(_("Talking points")))
        parts.extend(plain(f"• {p}") for p in c.talking_points)
    parts.append(_heading(_("Facts")))
    facts = [(label(k), field_word(k, v)) for k, v in c.hard]
    if c.next_birthday:
        facts.append((_("Next birthday"), c.next_birthday.isoformat()))
    facts += [(label(k), field_word(k, v)) for k, v in c.soft]
    facts += [
        (_("Tags"), ", ".join(c.tags)),
        (_("Consent"), ", ".join(_(x) for x in c.consent) or _("none")),
        (_("Contact window"), c.contact_window),
        (_("Owner"), c.owner),
        (_("Home shop"), c.home_shop),
        (_("Credit / balance"), f"{format_amount(c.credit_limit)} / {format_amount(c.balance)}"
         if c.credit_limit or c.balance else ""),
        (_("Notes"), c.notes),
    ]
    parts.append(_pairs([(k, v) for k, v in facts if v]))
    parts.append(_heading(
        _("Purchases") + f"  {c.purchase_count} · {_('total')} {format_amount(c.total_spend)}"
    ))
    if c.purchases:
        # a narrow card squeezes the item and the style no., never the date or the amount
        amount_width = max(cell_len(format_amount(p.amount)) for p in c.purchases)
        table = Table(box=None, padding=(0, 1), show_header=False)
        table.add_column(no_wrap=True, min_width=10)
        table.add_column(ratio=1, no_wrap=True, overflow="ellipsis")
        table.add_column(no_wrap=True, overflow="ellipsis", max_width=10)
        table.add_column(no_wrap=True, justify="right", min_width=amount_width)
        for p in c.purchases:
            what = " ".join(x for x in (p.item, p.colour, p.size) if x)
            table.add_row(_when(p.purchased_on), plain(what), plain(p.style_no), format_amount(p.amount))
        parts.append(table)
    else:
        parts.append(plain(_("No purchases yet"), style="dim"))
    parts.append(_heading(_("Contact log")))
    _lines(parts, [f"{x.at:%Y-%m-%d} {word(x.channel)} {word(x.outcome)} {word(x.note)}" for x in c.contacts],
           _("No contacts yet"))
    if c.related:
        parts.append(_heading(_("Related people")))
        parts.append(_pairs(
            (r.relation or _("related"), f"{r.name} {r.phone} {_when(r.next_birthday)}".strip())
            for r in c.related
        ))
    if c.dates:
        parts.append(_heading(_("Important dates")))
        parts.append(_pairs(
            (d.label, f"{_when(d.next_on)} ({d.date}{'' if d.calendar == 'solar' else ' ' + d.calendar})")
            for d in c.dates
        ))
    if c.referred_by or c.referrals:
        parts.append(_heading(_("Referrals")))
        if c.referred_by:
            parts.append(plain(_("Referred by ") + c.referred_by.name))
        if c.referrals:
            parts.append(plain(_("Referred ") + ", ".join(r.name for r in c.referrals)))
    parts.append(_heading(_("Open complaints")))
    _lines(parts, [
        f"#{x.id} {x.opened_at:%Y-%m-%d} {_('step')} {x.step}/9 {x.item} {x.description}"
        for x in c.complaints
    ], _("None"))
    parts.append(_heading(_("Follow-ups (60 days)")))
    _lines(parts, [f"{f.due_on.isoformat()} {kind_word(f.kind)} {f.reason}" for f in c.followups], _("None"))
    return Group(*parts)


@dataclass(frozen=True)
class Drawing:
    """How the card body draws now: read on the UI thread, used by the card's worker."""

    body: Static
    width: int
    style: Style
    link_style: RichStyle | None
    console: Console


class CardVisual(RichVisual):
    """The card drawn once: a Rich table laid out twice (to measure, then to paint) per
    card was most of a card's time. `prerender` does it in the card's worker thread;
    the UI thread then only counts and copies lines."""

    def __init__(self, widget: Static, renderable: RenderableType) -> None:
        super().__init__(widget, renderable)
        self._strips: dict[tuple[int, Style], list[Strip]] = {}

    def __rich_console__(self, console, options):  # what tests print: the card itself
        yield self._renderable

    def prerender(self, drawing: Drawing) -> None:
        """Lay the card out for `drawing` (captured on the UI thread); safe in a worker thread."""
        from textual.widget import _Styled

        # what Widget.post_render does for a renderable that is not text
        renderable = _Styled(self._renderable, drawing.style.rich_style, drawing.link_style)
        self._strips[drawing.width, drawing.style] = self._lines(drawing.console, renderable, drawing.width)

    @staticmethod
    def _lines(console, renderable: RenderableType, width: int) -> list[Strip]:
        options = console.options.update(highlight=False, width=width, height=None)
        segments = console.render(renderable, options.update_width(width))
        return [Strip(line) for line in Segment.split_and_crop_lines(
            segments, width, include_new_lines=False, pad=False)]

    def _draw(self, width: int, style: Style) -> list[Strip]:
        widget = self._widget
        return self._lines(widget.app.console, widget.post_render(self._renderable, style.rich_style), width)

    def _cached(self, width: int, style: Style) -> list[Strip]:
        strips = self._strips.get((width, style))
        if strips is None:
            strips = self._strips[width, style] = self._draw(width, style)
        return strips

    def get_height(self, rules, width: int) -> int:  # type: ignore[override]
        return len(self._cached(width, self._widget.visual_style))

    def render_strips(self, width: int, height: int | None, style: Style, options) -> list[Strip]:  # type: ignore[override]
        return self._cached(width, style)[:height]


class ProfileCard(VerticalScroll):
    """Scrolls when the card is taller than the screen, so it stays usable at 80x24."""

    DEFAULT_CSS = """
    ProfileCard { border-left: solid $primary; padding: 0 1; }
    ProfileCard > #card-body { width: 1fr; }
    """

    _shown: CustomerCard | None = None

    def compose(self):
        yield Static(_("No customer selected"), id="card-body")

    def drawing(self) -> Drawing | None:
        """How the body draws now (UI thread), for a worker to lay a card out ahead."""
        body = self.query_one("#card-body", Static)
        if body.size.width <= 0:
            return None
        return Drawing(body, body.size.width, body.visual_style,
                       body.link_style if body.auto_links else None, self.app.console)

    def prepare(self, card: CustomerCard | None, drawing: Drawing | None) -> CardVisual | None:
        """The card's visual, laid out for `drawing` (any thread); None to draw it on show."""
        if card is None or drawing is None:
            return None
        visual = CardVisual(drawing.body, render_card(card))
        visual.prerender(drawing)
        return visual

    def show(self, card: CustomerCard | None, visual: CardVisual | None = None) -> None:
        if self.is_mounted and card == self._shown:
            return  # the same customer as drawn: a new page of the list leaves the card alone
        self._shown = card
        body = self.query_one("#card-body", Static)
        if card is None:
            body.update(_("No customer selected"))
        else:
            previous = body.content
            visual = visual or CardVisual(body, render_card(card))
            # the same number of lines in the same region: repaint only, no screen layout
            same = isinstance(previous, CardVisual) and visual.get_height(None, body.size.width) \
                == previous.get_height(None, body.size.width)
            body.update(visual, layout=not same)
        self.scroll_home(animate=False)
