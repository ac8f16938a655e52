"""The customer beside the complaint wizard: tier, past complaints, last purchases."""

from __future__ import annotations

from rich.cells import set_cell_size
from rich.text import Text
from textual.widgets import Static

from deskcrm.i18n import _
from deskcrm.services.complaint_queries import CustomerSummary
from deskcrm.services.complaint_steps import format_money


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
        text = Text()
        text.append(summary.name, style="bold")
        text.append(f"  {summary.phone}\n" if summary.phone else "\n")
        text.append(f"{_('Tier')}: {_(summary.tier)} · {_(summary.lifecycle)}\n")
        text.append(f"{_('Spent')}: {format_money(summary.total_spend, currency)} "
                    f"({summary.purchase_count})\n")
        text.append(f"{_('Past complaints')}: {summary.complaint_count}\n", style="bold")
        for past in summary.complaints[:3]:
            rating = f" {past.satisfaction}/5" if past.satisfaction else ""
            status = _("open") if past.status == "open" else _("closed")
            category = category_names.get(past.category, past.category) or "—"
            text.append(f" {past.opened_on:%y-%m-%d} {category} {status}{rating}\n")
        text.append(f"{_('Last purchases')}:\n", style="bold")
        if not summary.purchases:
            text.append(f" {_('none yet')}\n", style="dim")
        for bought in summary.purchases:
            item = set_cell_size(bought.item, 10).rstrip() if len(bought.item) > 5 else bought.item
            text.append(f" {bought.purchased_on:%m-%d} {item} "
                        f"{format_money(bought.amount, currency)}\n")
        text.rstrip()
        self.update(text)
