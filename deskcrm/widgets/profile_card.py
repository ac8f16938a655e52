"""The customer card: who the person is, what they bought, what is open, what to talk about."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING

from rich.cells import cell_len
from rich.console import Console
from rich.segment import Segment
from rich.style import Style as RichStyle
from rich.text import Text
from textual.geometry import Size
from textual.scroll_view import ScrollView
from textual.strip import Strip

from deskcrm.i18n import N_, _
from deskcrm.services.validation import format_amount
from deskcrm.vocabulary import field_word, kind_word, word
from deskcrm.widgets.card_layout import Block, CardLayout, Pairs, Paragraph, PurchaseRow, Purchases
from deskcrm.widgets.fixed_region import FixedRegion
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


def _pairs(rows) -> Pairs:
    return Pairs(tuple((plain(key, style="bold"), plain(value)) for key, value in rows))


def _heading(text: str) -> Paragraph:
    return Paragraph(plain(f"\n{text}", style="bold underline"))


def _when(day: dt.date | None) -> str:
    return day.isoformat() if day else ""


def _lines(parts: list[Block], lines: list[str], empty: str) -> None:
    if lines:
        parts.extend(Paragraph(plain(line.rstrip())) for line in lines)
    else:
        parts.append(Paragraph(plain(empty, style="dim")))


def render_card(c: CustomerCard) -> CardLayout:
    parts: list[Block] = []
    title = plain(c.name, style="bold")
    if c.form_of_address:
        title.append(f"  {c.form_of_address}", style="italic")
    parts.append(Paragraph(title))
    bar = "█" * (c.completeness // 10) + "░" * (10 - c.completeness // 10)
    parts.append(Paragraph(plain(
        f"{_(c.tier).upper()} · {_(c.lifecycle)} · {_('file')} {bar} {c.completeness}%"
    )))
    if c.do_not_contact:
        parts.append(Paragraph(plain(_("DO NOT CONTACT"), style="bold reverse")))
    if c.missing:
        parts.append(Paragraph(plain(_("Ask next: ") + ", ".join(label(m) for m in c.missing), style="italic")))
    if c.talking_points:
        parts.append(_heading(_("Talking points")))
        parts.extend(Paragraph(plain(f"• {p}")) for p in c.talking_points)
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
        parts.append(Purchases(tuple(
            PurchaseRow(_when(p.purchased_on), plain(" ".join(x for x in (p.item, p.colour, p.size) if x)),
                        plain(p.style_no), format_amount(p.amount))
            for p in c.purchases
        )))
    else:
        parts.append(Paragraph(plain(_("No purchases yet"), style="dim")))
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
            parts.append(Paragraph(plain(_("Referred by ") + c.referred_by.name)))
        if c.referrals:
            parts.append(Paragraph(plain(_("Referred ") + ", ".join(r.name for r in c.referrals))))
    parts.append(_heading(_("Open complaints")))
    _lines(parts, [
        f"#{x.id} {x.opened_at:%Y-%m-%d} {_('step')} {x.step}/9 {x.item} {x.description}"
        for x in c.complaints
    ], _("None"))
    parts.append(_heading(_("Follow-ups (60 days)")))
    _lines(parts, [f"{f.due_on.isoformat()} {kind_word(f.kind)} {f.reason}" for f in c.followups], _("None"))
    return CardLayout(parts)


@dataclass(frozen=True)
class Drawing:
    """How the card draws now: read on the UI thread, used by the card's worker."""

    width: int
    height: int
    scrollbar: int  # cells the vertical scrollbar takes when the card is taller than the region
    style: RichStyle
    link_style: RichStyle | None
    console: Console


class CardLines:
    """The card laid out once per width, in the card's worker thread (`prerender`); the UI
    thread then only copies lines."""

    def __init__(self, layout: CardLayout | Text) -> None:
        self.layout = layout if isinstance(layout, CardLayout) else CardLayout.of_text(layout)
        self._strips: dict[tuple[int, RichStyle, RichStyle | None], list[Strip]] = {}

    def lines(self, console: Console, width: int, style: RichStyle, link_style: RichStyle | None) -> list[Strip]:
        """The card's lines at `width` (any thread: nothing here reads the DOM)."""
        key = (width, style, link_style)
        strips = self._strips.get(key)
        if strips is None:
            strips = self._strips[key] = [Strip(_styled(line, style, link_style), _length(line))
                                          for line in self.layout.lines(console, width)]
        return strips

    def prerender(self, drawing: Drawing) -> None:
        """Lay the card out for `drawing`, at the width it will have once shown.

        Most cards are taller than the region, so the narrower width (beside the scrollbar)
        is tried first: if the card is taller than the region even there, that is the width
        it is drawn at, and the full width is never laid out (it was half a card's cost).
        """
        console, style, link = drawing.console, drawing.style, drawing.link_style
        narrow = drawing.width - drawing.scrollbar
        if drawing.scrollbar and narrow > 0 and len(self.lines(console, narrow, style, link)) > drawing.height:
            return
        self.lines(console, drawing.width, style, link)


def _styled(line: list[Segment], style: RichStyle, link_style: RichStyle | None) -> list[Segment]:
    """The widget's style under each segment's, as Textual's `Widget.post_render` does."""
    out = []
    for text, own, _control in line:
        combined = style + own if own else style
        if link_style and own is not None and own.link:
            combined = combined + link_style
        out.append(Segment(text, combined))
    return out


def _length(line: list[Segment]) -> int:
    return sum(cell_len(text) for text, _style, _control in line)


class ProfileCard(FixedRegion, ScrollView):
    """Scrolls when the card is taller than the screen, so it stays usable at 80x24.

    The card's region is fixed by the screen (width 1fr beside the list): showing another
    customer changes only the lines drawn in it and the length scrolled, so it repaints
    the card and never lays out the screen (a layout per card was most of opening one).
    """

    DEFAULT_CSS = """
    ProfileCard { border-left: solid $primary; padding: 0 1; overflow-x: hidden; overflow-y: auto; }
    """

    _shown: CustomerCard | None = None
    _styles: tuple[RichStyle, RichStyle | None] | None = None

    def __init__(self, id: str | None = None) -> None:
        super().__init__(id=id)
        self._lines = CardLines(plain(_("No customer selected")))

    @property
    def content(self) -> CardLayout:
        """What the card shows, as a Rich renderable (tests print it)."""
        return self._lines.layout

    def _style(self) -> tuple[RichStyle, RichStyle | None]:
        # asked for every line drawn: the link style alone walks up the DOM for the
        # background (a third of drawing a card); kept until the CSS or theme changes
        if self._styles is None:
            self._styles = (self.visual_style.rich_style, self.link_style if self.auto_links else None)
        return self._styles

    def notify_style_update(self) -> None:
        self._styles = None
        super().notify_style_update()

    def _width(self) -> int:
        return self.scrollable_content_region.width

    def drawing(self) -> Drawing | None:
        """How the card draws now (UI thread), for a worker to lay a card out ahead."""
        content = self.content_region
        if content.width <= 0:
            return None
        style, link_style = self._style()
        scrollbar = self.styles.scrollbar_size_vertical if self.styles.overflow_y == "auto" else 0
        return Drawing(content.width, content.height, scrollbar, style, link_style, self.app.console)

    def prepare(self, card: CustomerCard | None, drawing: Drawing | None) -> CardLines | None:
        """The card's lines, laid out for `drawing` (any thread); None to lay it out on show."""
        if card is None or drawing is None:
            return None
        lines = CardLines(render_card(card))
        lines.prerender(drawing)
        return lines

    def show(self, card: CustomerCard | None, lines: CardLines | None = None) -> None:
        if self.is_mounted and card == self._shown:
            return  # the same customer as drawn: a new page of the list leaves the card alone
        self._shown = card
        if card is None:
            self._lines = CardLines(plain(_("No customer selected")))
        else:
            self._lines = lines or CardLines(render_card(card))
        self.scroll_home(animate=False, immediate=True)
        self._measure()
        self.refresh()

    def _current(self) -> list[Strip]:
        style, link_style = self._style()
        return self._lines.lines(self.app.console, max(1, self._width()), style, link_style)

    def _measure(self) -> None:
        """The length scrolled follows from the lines alone; the region stays as laid out."""
        if not self.size:
            return
        with self.in_place():
            self.virtual_size = Size(self._width(), len(self._current()))
        # a scrollbar that comes or goes asks for its layout itself (and narrows the lines)
        self._scroll_update(self.virtual_size)
        with self.in_place():
            self.virtual_size = Size(self._width(), len(self._current()))

    def _size_updated(self, size: Size, virtual_size: Size, container_size: Size, layout: bool = True) -> bool:
        changed = super()._size_updated(size, virtual_size, container_size, layout=False)
        if changed:
            self._measure()
        return changed

    def render_line(self, y: int) -> Strip:
        lines = self._current()
        index = y + self.scroll_offset.y
        # Textual pads each line to the card's width in the card's own background
        return lines[index] if index < len(lines) else Strip([])
