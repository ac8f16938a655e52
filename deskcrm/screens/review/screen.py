"""F5, the manager's weekly review: tiles, trend, staff, customers at risk, complaints.

Reached only through screens.guard (F5 asks for a manager PIN). Every figure comes
from services.review in a thread worker and is drawn from the same tables the
export writes, so the file always matches the screen.
"""

from __future__ import annotations

import contextlib
import datetime as dt
from concurrent.futures import Future
from pathlib import Path
from typing import Any

from rich.cells import cell_len
from rich.markup import escape
from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Grid, Horizontal, Vertical, VerticalScroll
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import DataTable, Label, ProgressBar, Static
from textual.worker import Worker, WorkerState, get_current_worker

from deskcrm.i18n import N_, _
from deskcrm.messages import Fact
from deskcrm.screens.guard import require_manager, signed_in_manager
from deskcrm.screens.review.ahead import take
from deskcrm.services.review import export as review_export
from deskcrm.services.review import figures as review
from deskcrm.services.review.export import Table
from deskcrm.services.review.figures import WeekKpis, WeekReview
from deskcrm.widgets.footer import DeskFooter, pack
from deskcrm.widgets.kpi_tile import KpiTile
from deskcrm.widgets.mode_header import ModeHeader
from deskcrm.widgets.plain import PlainTable
from deskcrm.widgets.table_fit import fit_columns
from deskcrm.workers import store_work

# left/right change the week even while a table or the scroll area has focus
WEEK_KEYS = [
    Binding("left", "screen.previous_week", _("Previous week"), show=False, id="review.previous_arrow"),
    Binding("right", "screen.next_week", _("Next week"), show=False, id="review.next_arrow"),
]
GOOD_WHEN_DOWN = {"followups_overdue", "complaints_opened"}
WIDE = 160  # from this many columns the at-risk list and the complaints sit side by side


class ReviewTable(PlainTable):
    BINDINGS = WEEK_KEYS

    def settle(self) -> None:
        """Measure the rows just written now, not when the table is next idle.

        DataTable sizes itself on its idle message, which comes after the screen has
        laid out the rows' arrival: its new height then asks for a second layout and a
        second full paint of the review (a third of F5's frame at 100k). Measured here,
        in the same turn as the writes, one layout sees the final sizes.
        """
        if self._updated_cells:
            updated, self._updated_cells = self._updated_cells.copy(), set()
            self._update_column_widths(updated)
        if self._require_update_dimensions:
            self._require_update_dimensions = False
            new_rows, self._new_rows = self._new_rows.copy(), set()
            self._update_dimensions(new_rows)


class ReviewBody(VerticalScroll):
    BINDINGS = WEEK_KEYS


def fill(table: DataTable, data: Table, keys: list[str] | None = None) -> None:
    """The table's figures, its columns shrunk by rule to the width there is (table_fit).

    A week change mostly changes numbers: when the columns come out the same, the
    columns stay and only the cells that changed are written (no re-measure, no
    new rows); new rows replace the old ones only when the rows themselves differ.
    """
    room = (table.size.width or table.app.size.width - 2) - 3  # the scrollbar, and a margin
    fitted = fit_columns(data.headers, [tuple(map(str, row)) for row in data.rows], room)
    row_keys = keys if keys else [str(i) for i in range(len(fitted.rows))]
    shape = (tuple(fitted.headers), tuple(fitted.widths), fitted.header_height, fitted.cell_padding)
    shown: tuple[tuple, list[str], list[tuple[str, ...]]] | None = getattr(table, "deskcrm_shown", None)
    rows = [tuple(row) for row in fitted.rows]
    if shown is not None and shown[0] == shape:
        if shown[1] == row_keys:
            for key, before, after in zip(row_keys, shown[2], rows, strict=True):
                for column, (old, new) in enumerate(zip(before, after, strict=True)):
                    if old != new:
                        table.update_cell(key, f"c{column}", new)
        else:
            table.clear()
            for key, row in zip(row_keys, rows, strict=True):
                table.add_row(*row, key=key)
    else:
        table.clear(columns=True)
        table.header_height = fitted.header_height
        table.cell_padding = fitted.cell_padding
        for column, (header, width) in enumerate(zip(fitted.headers, fitted.widths, strict=True)):
            table.add_column(header, width=width, key=f"c{column}")
        for key, row in zip(row_keys, rows, strict=True):
            table.add_row(*row, key=key)
    table.deskcrm_shown = (shape, row_keys, rows)  # type: ignore[attr-defined]
    if isinstance(table, ReviewTable):
        table.settle()


class ReviewScreen(Screen):
    HELP = (
        "The manager's weekly review. Tiles show this week against the week before and the "
        "last nine weeks. Enter on a customer at risk opens their file. Figures about a state "
        "(open complaints, files, customers at risk) are as of today."
    )
    CSS_PATH = "review.tcss"
    AUTO_FOCUS = "#risk"
    BINDINGS = [
        Binding("[", "previous_week", _("Prev week"), id="review.previous_week"),
        Binding("]", "next_week", _("Next week"), id="review.next_week"),
        Binding("t", "this_week", _("This week"), id="review.this_week"),
        Binding("x", "export", _("Export"), id="review.export"),
        Binding("s", "staff", _("Staff"), id="review.staff"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.week_start: dt.date | None = None
        self.figures: WeekReview | None = None
        self.counting = False  # a count is under way
        # the figures of each week seen, until something is written: going back a week,
        # or leaving F5 and coming back, shows them at once instead of counting again
        self._weeks: dict[tuple[dt.date, dt.date, bool], WeekReview] = {}
        # each trend week counted, by (Monday, today): a week's review reuses the eight
        # trend weeks it shares with the week next to it
        self._kpis: dict[tuple[dt.date, dt.date], WeekKpis] = {}
        self._stamp: int | None = None
        self._generation = 0  # bumped whenever what is kept is dropped
        self._title = self._returns_title = self._board = ""  # what the labels show now
        self._styled_theme: str | None = None
        self._style_only_itself()

    def _style_only_itself(self) -> None:
        """Textual restyles every widget of the app when a mode's first screen arrives: once
        because it brings a new CSS file, and twice more (a full re-parse each time) when
        the app's theme was ever set, as it is at start-up. A new screen needs none of it
        (its widgets are styled as they mount, with the theme now in force), and review.tcss
        names only the review's widgets. Adding the file here, as Textual would, and marking
        the screen styled for this theme saves the three (0.25 s of the first F5 at load 7).
        """
        sheet = self.app.stylesheet
        for path in self.css_path:
            if not sheet.has_source(str(path), ""):
                sheet.add_source(Path(path).read_text(encoding="utf-8"), read_from=(str(path), ""))
        self._css_update_count = self.app._css_update_count

    def compose(self) -> ComposeResult:
        yield ModeHeader()
        with ReviewBody(id="body"):
            with Horizontal(id="week-bar"):
                yield Label(_("Loading…"), id="week-title", classes="title")
                yield ProgressBar(total=1, show_eta=False, id="export-progress")
            # head office in a chain only: a single shop's review looks as it always did
            yield Label(_("Shops side by side"), id="shops-title", classes="section")
            yield ReviewTable(id="shops", cursor_type="row", zebra_stripes=True)
            with Grid(id="tiles"):
                for key, label, _get, _money in review_export.KPIS:
                    yield KpiTile(key, _(label), up_is_good=key not in GOOD_WHEN_DOWN)
            yield Label(_("Per staff"), classes="section")
            yield ReviewTable(id="staff", cursor_type="row", zebra_stripes=True)
            yield Label(_("Did it work?"), id="returns-title", classes="section")
            yield ReviewTable(id="returns", cursor_type="row", zebra_stripes=True)
            with Horizontal(id="lower"):
                with Vertical(id="risk-box"):
                    yield Label(_("Customers at risk (Enter opens the file)"), classes="section")
                    yield ReviewTable(id="risk", cursor_type="row", zebra_stripes=True)
                with Vertical(id="complaint-box"):
                    yield Label(_("Complaints"), classes="section")
                    yield Static(id="board")
                    yield ReviewTable(id="complaints", cursor_type="row")
                    yield ReviewTable(id="causes", cursor_type="row")
            yield Label(_("Customers and sales"), classes="section")
            yield ReviewTable(id="sales", cursor_type="row")
        yield DeskFooter()

    def on_mount(self) -> None:
        self._styled_theme = self.app.theme  # mounting styled every widget
        for part in ("#export-progress", "#shops-title", "#shops"):
            self.query_one(part).display = False

    def on_screen_resume(self, event: events.ScreenResume) -> None:
        # Textual re-applies the CSS of every widget each time a mode's screen is shown
        # again (a third of F5 at 100k); only a theme changed meanwhile needs that. This
        # handler runs before Screen's own, which reads the flag.
        if self._styled_theme == self.app.theme:
            event.refresh_styles = False
        self._styled_theme = self.app.theme
        self.query_one(ModeHeader).retitle()  # built while another mode was shown (prepare_mode)
        # a sign-in that timed out, or a new person at the desk, closes the review
        if signed_in_manager(self.app) is None:
            self.app.switch_mode("customers")
            return
        if self.week_start is None:
            self.week_start = review.monday(self.app.today())
        # Textual resumes a new mode's screen twice; one count of 100k customers is enough
        if not self.counting:
            self.load()

    def scroll_to_center(self, widget: Widget, animate: bool = True, **kwargs: Any) -> None:
        """Focus centres its table at once, not in a 0.2 s glide after the next frame.

        Textual calls this when a widget is focused. The first F5 focuses the at-risk list,
        below the first screenful: the glide repainted the whole review a dozen times after
        the figures were up (a fifth of the first F5 at 100k), and ended where this starts.
        """
        super().scroll_to_center(widget, animate=False, **{**kwargs, "immediate": True})

    def on_resize(self) -> None:
        self.query_one("#lower").set_class(self.size.width >= WIDE, "-wide")
        if self.figures is not None:
            self.call_after_refresh(self.show, self.figures)  # the columns fit the new width

    # --- loading --------------------------------------------------------------

    def load(self) -> None:
        """Fetch the figures of `week_start`; the title says so until they arrive (~1 s at 100k)."""
        stamp = review.figures_stamp()  # another terminal's sale counts too, not only ours
        if stamp is None or stamp != self._stamp:
            self._forget()
        self._stamp = stamp
        across, today = self._across(), self.app.today()
        cached = self._weeks.get((self.week_start, today, across))
        if cached is not None:
            if cached is not self.figures:  # F5 again on the week on screen: nothing to redraw
                self.show(cached)
            return
        ahead = take(self.app, self.week_start, today, across)
        if ahead is not None and ahead.done() and ahead.exception() is None:
            # counted while the PIN was typed: shown in this turn, so that the screen's first
            # layout already holds the figures (a round trip through a worker cost a layout)
            self._arrived(ahead.result(), across, self._generation)
            return
        year, week, _day = self.week_start.isocalendar()
        self._set_title(_("Counting week {week}…").format(week=f"{year}-W{week:02d}"))
        self.counting = True
        known = {day: kpis for (day, on), kpis in self._kpis.items() if on == today}
        self._fetch(self.week_start, today, across, known, self._generation, ahead)

    @store_work("review", N_("Computing the weekly review"))
    def _fetch(self, week_start: dt.date, today: dt.date, across_shops: bool,
               known: dict[dt.date, WeekKpis], generation: int,
               ahead: Future[WeekReview] | None = None) -> None:
        figures = None
        if ahead is not None:
            with contextlib.suppress(Exception):  # a failed count ahead: count here, and say so if it fails
                figures = ahead.result()
        if figures is None:
            figures = review.week(week_start, today, across_shops=across_shops, known=known)
        if not get_current_worker().is_cancelled:
            self.app.call_from_thread(self._arrived, figures, across_shops, generation)

    def _arrived(self, r: WeekReview, across: bool, generation: int) -> None:
        # figures counted before a write that has since been seen are shown, not kept
        if generation == self._generation:
            self._weeks[r.week_start, r.today, across] = r
            self._kpis.update(((k.week_start, r.today), k) for k in r.trend)
        self.show(r)

    def _forget(self) -> None:
        self._weeks.clear()
        self._kpis.clear()
        self._generation += 1

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.worker.group == "review" and event.state in (WorkerState.ERROR, WorkerState.SUCCESS):
            self.counting = False
        if event.state == WorkerState.ERROR:
            self.notify(_("The review failed: {error}").format(error=event.worker.error),
                        severity="error")

    @on(Fact)
    def _written(self, message: Fact) -> None:
        self._forget()  # a write anywhere in the app: every week is counted afresh

    def _across(self) -> bool:
        """Head office sees every shop's week side by side; a shop's manager her own."""
        manager = signed_in_manager(self.app)
        return manager is not None and manager.is_head_office

    def _set_title(self, text: str) -> None:
        title = self.query_one("#week-title", Label)
        if text != self._title:
            self._title = text
            title.update(text, layout=False)  # one line, 1fr wide: its size never changes

    def show(self, r: WeekReview) -> None:
        """Write the figures into the widgets there are: nothing is mounted or restyled."""
        self.figures = r
        title = review_export.heading(r)
        self._set_title(f"{title} · {_('as of {today}').format(today=r.today.isoformat())}")
        for part in ("#shops-title", "#shops"):
            widget = self.query_one(part)
            if widget.display != bool(r.shops):
                widget.display = bool(r.shops)
        if r.shops:
            fill(self.query_one("#shops", DataTable), review_export.shops_table(r))
        for tile in review_export.tiles(r):
            self.query_one(f"#kpi-{tile.key}", KpiTile).show(tile.value, tile.change, tile.series)
        fill(self.query_one("#staff", DataTable), review_export.staff_table(r))
        returns = review_export.returns_table(r)
        if returns.title != self._returns_title:
            self._returns_title = returns.title
            self.query_one("#returns-title", Label).update(returns.title)
        fill(self.query_one("#returns", DataTable), returns)
        fill(self.query_one("#risk", DataTable), review_export.risk_table(r),
             [str(a.customer_id) for a in r.at_risk])
        board = self._board_text(review_export.board_table(r).rows)
        if board != self._board:
            self._board = board
            self.query_one("#board", Static).update(board)
        by_key = {t.key: t for t in review_export.tables(r)}
        fill(self.query_one("#complaints", DataTable), by_key["complaints"])
        fill(self.query_one("#causes", DataTable), by_key["causes"])
        fill(self.query_one("#sales", DataTable), by_key["sales"])

    def _board_text(self, rows) -> str:
        """The "open by step" line, each step kept whole ("6 Resolve 3", never "6" / "Resolve 3")."""
        items = [_("Open by step:")] + [f"{step} {count}" for step, count in rows]
        room = (self.query_one("#board", Static).size.width or self.app.size.width - 2) - 1
        lines, _fitted = pack([cell_len(i) + 2 for i in items], room, len(items))
        bold = [f"{escape(str(step))} [b]{escape(str(count))}[/b]" for step, count in rows]
        shown = [escape(items[0])] + bold
        return "\n".join("  ".join(shown[i] for i in line) for line in lines)

    # --- actions --------------------------------------------------------------

    def _move(self, weeks: int) -> None:
        if self.week_start is not None:
            self.week_start += dt.timedelta(weeks=weeks)
            self.load()

    def action_previous_week(self) -> None:
        self._move(-1)

    def action_next_week(self) -> None:
        self._move(1)

    def action_this_week(self) -> None:
        self.week_start = review.monday(self.app.today())
        self.load()

    def action_staff(self) -> None:
        from deskcrm.screens.staff_admin import StaffAdmin

        require_manager(self.app, lambda _m: self.app.push_screen(StaffAdmin()), N_("Staff and PINs"))

    @on(DataTable.RowSelected, "#risk")
    async def open_customer(self, event: DataTable.RowSelected) -> None:
        customer_id = int(event.row_key.value or 0)
        await self.app.switch_mode("customers")
        select = getattr(self.app.screen, "select_customer", None)
        if callable(select):
            select(customer_id)

    def action_export(self) -> None:
        if self.figures is None:
            return
        from deskcrm.screens.review.export_dialog import ExportDialog

        figures = self.figures

        def chosen(answer: tuple[str, str] | None) -> None:
            if answer is not None:
                self.export(figures, *answer)

        require_manager(self.app, lambda _m: self.app.push_screen(ExportDialog(figures.iso_week), chosen),
                        N_("Export the review"))

    @store_work("review-export", N_("Exporting the review"))
    def export(self, figures: WeekReview, path: str, fmt: str) -> None:
        bar = self.query_one("#export-progress", ProgressBar)
        self.app.call_from_thread(setattr, bar, "display", True)

        def progress(done: int, total: int) -> None:
            self.app.call_from_thread(bar.update, total=total, progress=done)

        try:
            manager = signed_in_manager(self.app)
            by = manager.name if manager else (self.app.desk.name if self.app.desk else "")
            written: Path | None = review_export.export_file(figures, path, fmt, by=by, progress=progress)
            message, severity = _("Exported to {path}").format(path=written), "information"
        except OSError as exc:
            message, severity = _("Could not write {path}: {error}").format(path=path, error=exc), "error"
        self.app.call_from_thread(setattr, bar, "display", False)
        self.app.call_from_thread(self.notify, message, severity=severity)
