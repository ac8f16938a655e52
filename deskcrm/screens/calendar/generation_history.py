"""History of follow-up generation: what each run created and what became of it."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import DataTable, Label

from deskcrm.i18n import N_, _
from deskcrm.services.followups import history
from deskcrm.widgets.footer import DeskFooter
from deskcrm.widgets.plain import PlainTable
from deskcrm.workers import store_work


class HistoryModal(ModalScreen[None]):
    AUTO_FOCUS = "DataTable"
    BINDINGS = [Binding("escape", "dismiss", _("Close"), id="history.close")]
    DEFAULT_CSS = """
    HistoryModal .dialog { max-width: 110; }
    HistoryModal DataTable { height: auto; max-height: 20; }
    """

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(_("Generation runs"), classes="title")
            yield PlainTable(cursor_type="row", id="runs")
            yield Label(_("escape close"), classes="muted")
        yield DeskFooter()

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        for key, label in (("at", _("Run at (UTC)")), ("range", _("Days")), ("created", _("Created")),
                           ("open", _("Open")), ("done", _("Done")), ("skipped", _("Skipped")),
                           ("rules", _("By rule"))):
            table.add_column(label, key=key)
        self.load()

    @store_work("history", N_("Loading the generation history"))
    def load(self) -> None:
        runs = history.runs()
        self.app.call_from_thread(self._show, runs)

    def _show(self, runs: list[history.RunInfo]) -> None:
        table = self.query_one(DataTable)
        for r in runs:
            rules = ", ".join(f"{k} {v}" for k, v in sorted(r.by_rule.items()))
            table.add_row(r.run_at.strftime("%Y-%m-%d %H:%M"), f"{r.start:%m-%d}–{r.end:%m-%d}",
                          r.created, r.open, r.done, r.skipped, rules or "—", key=str(r.id))
        if not runs:
            self.query_one(Label).update(_("No generation runs yet"))
