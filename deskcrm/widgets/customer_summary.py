"""The customer beside the complaint wizard: tier, past complaints, last purchases."""

from __future__ import annotations

from rich.console import Group
from rich.table import Table
from rich.text import Text
from textual.widgets import Static

from deskcrm.i18n import _
from deskcrm.services.complaints.queries import CustomerSummary
from deskcrm.services.complaints.steps import format_money
from deskcrm.widgets.plain import plain


class CustomerSummaryPanel(Static):
    DEFAULT_CSS = """
    CustomerSummaryPanel {
        height: auto;
        padding: 0 1;
        border: round $primary;
        border-title-color: $accent;
    }
    """

    def show(self, summary: CustomerSummary, category_names: dict[str, str], currency: str) -> None:
        self.border_title = _("Customer")
        head = Text()
        head.append(summary.name, style="bold")
        head.append(f"  {summary.phone}\n" if summary.phone else "\n")
        head.append(f"{_('Tier')}: {_(summary.tier)} · {_(summary.lifecycle)}\n")
        head.append(f"{_('Spent')}: {format_money(summary.total_spend, currency)} "
                    f"({summary.purchase_count})\n")
        head.append(f"{_('Past complaints')}: {summary.complaint_count}", style="bold")
        past = _grid()
        for c in summary.complaints[:3]:
            status = _("open") if c.status == "open" else _("closed")
            past.add_row(f"{c.opened_on:%y-%m-%d}", plain(category_names.get(c.category, c.category) or "—"),
                         f"{status} {c.satisfaction}/5" if c.satisfaction else status)
        bought = _grid()
        for p in summary.purchases:
            bought.add_row(f"{p.purchased_on:%m-%d}", plain(p.item), format_money(p.amount, currency))
        parts: list = [head]
        if summary.complaints:
            parts.append(past)
        parts.append(plain(f"{_('Last purchases')}:", style="bold"))
        parts.append(bought if summary.purchases else plain(f" {_('none yet')}", style="dim"))
        self.update(Group(*parts))


def _grid() -> Table:
    """Date, a text that gives way (cut with …, never wrapped), a right-aligned figure."""
    grid = Table.grid(padding=(0, 1), expand=True)
    grid.add_column(no_wrap=True)
    grid.add_column(ratio=1, no_wrap=True, overflow="ellipsis")
    grid.add_column(no_wrap=True, justify="right")
    return grid
