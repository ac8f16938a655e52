"""Merging two files of one person: find the other file, then choose each differing field."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import DataTable, Input, Label, OptionList
from textual.widgets.option_list import Option
from textual.worker import get_current_worker

from deskcrm.i18n import N_, _
from deskcrm.services import merge as merge_service
from deskcrm.services.merge import FieldDiff
from deskcrm.services.search import search
from deskcrm.store.models import Customer
from deskcrm.widgets.customer_table import fit
from deskcrm.widgets.footer import DeskFooter
from deskcrm.widgets.plain import PlainTable, plain
from deskcrm.widgets.profile_card import label
from deskcrm.widgets.search_bar import SearchBar
from deskcrm.workers import store_work


class MergePick(ModalScreen[tuple[int, int] | None]):
    """Step 1: search for the other file of the same person."""

    BINDINGS = [Binding("escape", "dismiss(None)", _("Cancel"), id="merge.cancel")]
    AUTO_FOCUS = "#merge-search"
    # the list scrolls inside the dialog, so the hint under it stays on an 80x24 screen
    DEFAULT_CSS = """
    MergePick #merge-results { height: auto; max-height: 40vh; }
    """

    def __init__(self, survivor_id: int) -> None:
        super().__init__()
        self.survivor_id = survivor_id

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(_("Merge: find the other file of this person"), classes="title")
            yield Label("", id="merge-survivor")
            yield SearchBar(id="merge-search")
            yield OptionList(id="merge-results")
            yield Label(_("Enter picks · escape cancels"), classes="muted")
        yield DeskFooter()

    def on_mount(self) -> None:
        self._find("")

    @on(Input.Changed, "#merge-search")
    def _typed(self, event: Input.Changed) -> None:
        self._find(event.value)

    @on(SearchBar.Left)
    def _to_results(self) -> None:
        self.query_one(OptionList).focus()

    @store_work("merge-find", N_("Finding customers"))
    def _find(self, query: str) -> None:
        rows = [r for r in search(query, limit=30).rows if r.id != self.survivor_id]
        survivor = Customer.get_or_none(Customer.id == self.survivor_id)
        if not get_current_worker().is_cancelled:
            self.app.call_from_thread(self._show, rows, survivor)

    def _show(self, rows, survivor) -> None:
        if survivor is not None:
            self.query_one("#merge-survivor", Label).update(
                plain(_("Keeping: {name} {phone}").format(name=survivor.name, phone=survivor.phone))
            )
        options = self.query_one(OptionList)
        options.clear_options()
        options.add_options(Option(plain(f"{fit(r.name, 14)} {r.phone}"), id=str(r.id)) for r in rows)
        if rows:
            options.highlighted = 0  # Enter from the search box picks the best match

    @on(OptionList.OptionSelected, "#merge-results")
    def _picked(self, event: OptionList.OptionSelected) -> None:
        other = int(event.option.id or 0)
        self.app.push_screen(MergeChooser(self.survivor_id, other), self._chosen)

    def _chosen(self, pair: tuple[int, int] | None) -> None:
        # not `self.dismiss` as the callback: it runs on this screen, and an
        # awaited dismiss from the screen's own handler raises ScreenError
        if pair is not None:
            self.dismiss(pair)


class ChoiceTable(PlainTable):
    """Rows of choices: ← and → pick a side instead of scrolling (the table has the focus,
    so its own left/right bindings would otherwise win over the screen's)."""

    def action_cursor_left(self) -> None:
        self.screen.action_pick("survivor")

    def action_cursor_right(self) -> None:
        self.screen.action_pick("other")


class MergeChooser(ModalScreen[tuple[int, int] | None]):
    """Step 2: every field where the files differ; left keeps this file's value, right takes the other."""

    BINDINGS = [
        Binding("left", "pick('survivor')", _("Keep this"), id="merge.left"),
        Binding("right", "pick('other')", _("Take other"), id="merge.right"),
        Binding("ctrl+s", "merge", _("Merge"), id="merge.save", priority=True),
        Binding("escape", "dismiss(None)", _("Cancel"), id="merge.back"),
    ]
    AUTO_FOCUS = "#merge-fields"
    DEFAULT_CSS = """
    MergeChooser #merge-fields { height: auto; max-height: 45vh; }
    """

    def __init__(self, survivor_id: int, other_id: int) -> None:
        super().__init__()
        self.survivor_id, self.other_id = survivor_id, other_id
        self.choices: dict[str, str] = {}
        self.diffs: list[FieldDiff] = []

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(_("Merge: choose each value (← this file, → other file)"), classes="title")
            yield ChoiceTable(id="merge-fields", cursor_type="row")
            yield Label(_("ctrl+s merges: history moves here, the other file is deleted"), classes="muted")
            yield Label("", id="e-merge", classes="field-error")
        yield DeskFooter()

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        table.add_column(_("Field"), key="field")
        table.add_column(_("This file"), key="survivor")
        table.add_column(_("Other file"), key="other")
        self._load()

    @store_work("merge-diff", N_("Comparing the two files"))
    def _load(self) -> None:
        diffs = merge_service.differences(self.survivor_id, self.other_id)
        self.app.call_from_thread(self._show, diffs)

    def _show(self, diffs: list[FieldDiff]) -> None:
        self.diffs = diffs
        table = self.query_one(DataTable)
        for d in diffs:
            # an empty value on this side is usually the one to fill from the other
            self.choices[d.field] = "other" if not d.survivor and d.other else "survivor"
            table.add_row(label(d.field), *self._cells(d), key=d.field)

    def _value_width(self) -> int:
        """Each side's share of the dialog: 24 cells where there is room, less at 80 columns."""
        inner = self.query_one(DataTable).size.width or self.app.size.width - 10
        # the field names' column, the two marks and each column's padding
        return max(10, min(24, (inner - 14 - 4 - 6) // 2))

    def _cells(self, d: FieldDiff) -> tuple[str, str]:
        mark = {side: "● " if self.choices[d.field] == side else "○ " for side in ("survivor", "other")}
        width = self._value_width()
        return mark["survivor"] + fit(d.survivor, width), mark["other"] + fit(d.other, width)

    def action_pick(self, side: str) -> None:
        table = self.query_one(DataTable)
        if not self.diffs:
            return
        d = self.diffs[table.cursor_row]
        self.choices[d.field] = side
        left, right = self._cells(d)
        table.update_cell(d.field, "survivor", left)
        table.update_cell(d.field, "other", right)

    def action_merge(self) -> None:
        self._merge(dict(self.choices))

    @store_work("merge-save", N_("Merging the customers"))
    def _merge(self, choices: dict[str, str]) -> None:
        try:
            merge_service.merge(
                self.survivor_id, self.other_id, choices, today=self.app.today(),
                now=self.app.now(), staff_id=self.app.staff_id,
            )
        except merge_service.MergeError as exc:
            self.app.call_from_thread(self.query_one("#e-merge", Label).update, str(exc))
            return
        self.app.call_from_thread(self.dismiss, (self.survivor_id, self.other_id))
