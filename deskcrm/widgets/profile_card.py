"""The customer card: who the person is, what they bought, what is open, what to talk about."""

from __future__ import annotations

import datetime as dt

from rich.cells import cell_len
from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text
from textual.containers import VerticalScroll
from textual.widgets import Static

from deskcrm.i18n import N_, _
from deskcrm.services.card import CustomerCard
from deskcrm.services.validation import format_amount
from deskcrm.vocabulary import field_word, kind_word, word
from deskcrm.widgets.plain import plain

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


class ProfileCard(VerticalScroll):
    """Scrolls when the card is taller than the screen, so it stays usable at 80x24."""

    DEFAULT_CSS = """
    ProfileCard { border-left: solid $primary; padding: 0 1; }
    ProfileCard > #card-body { width: 1fr; }
    """

    def compose(self):
        yield Static(_("No customer selected"), id="card-body")

    def show(self, card: CustomerCard | None) -> None:
        body = self.query_one("#card-body", Static)
        body.update(render_card(card) if card else _("No customer selected"))
        self.scroll_home(animate=False)
