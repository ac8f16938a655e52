"""F8 data screen: import with a preview of the mapping and every bad row, export, backup, undo.

All file and database work runs in thread workers with a progress bar, so a
100k-row export never freezes the screen.
"""

from __future__ import annotations

from pathlib import Path

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.screen import Screen
from textual.widgets import DataTable, Input, Label, ProgressBar, Select, Static
from textual.worker import Worker, WorkerState, get_current_worker

from deskcrm.i18n import N_, _
from deskcrm.messages import CustomerChanged
from deskcrm.screens.confirm import Confirm
from deskcrm.services.io.csv_import import ENCODINGS
from deskcrm.widgets.footer import DeskFooter
from deskcrm.widgets.mode_header import ModeHeader
from deskcrm.widgets.plain import PlainTable
from deskcrm.workers import store_work

AUTO = "auto"


class DataScreen(Screen):
    HELP = (
        "Import customers from a CSV or vCard file: type its path and press Enter. Every row is "
        "checked first; bad rows are listed with line, column and reason. Press e to choose which "
        "field each column fills (a column the app does not recognise is ignored until you do), "
        "m to choose for each customer already on file whether to merge or skip, g to import the "
        "good rows, x to import none. Exports and backups go to the folder below, readable by you only."
    )
    CSS_PATH = "data.tcss"
    AUTO_FOCUS = "#import-path"
    BINDINGS = [
        Binding("g", "import_good", _("Import good"), id="data.import"),
        Binding("x", "import_none", _("None"), id="data.discard"),
        Binding("e", "edit_mapping", _("Columns"), id="data.mapping"),
        Binding("m", "choose_duplicates", _("Duplicates"), id="data.merge"),
        Binding("o", "date_order", _("Date order"), id="data.date_order"),
        Binding("c", "export('customers')", _("CSV"), id="data.export_csv"),
        Binding("v", "export('vcard')", _("vCard"), id="data.export_vcard"),
        Binding("p", "export('purchases')", _("Purchases"), id="data.export_purchases"),
        Binding("k", "export('ical')", _("Calendar"), id="data.export_ical"),
        Binding("b", "backup", _("Backup"), id="data.backup"),
        Binding("u", "undo", _("Undo"), id="data.undo"),
        Binding("escape", "leave", _("Back"), id="data.back"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.plan = None
        self.merge: dict[int, bool] = {}  # line → merge? for duplicates; absent = skip
        self.mapping = None  # the user's column mapping for the file on screen
        self.planned: tuple[Path, str | None] | None = None
        self.date_order: str | None = None  # the user's day/month choice for the file on screen

    def compose(self) -> ComposeResult:
        yield ModeHeader()
        with Horizontal(id="file-row"):
            yield Input(placeholder=_("File to import (.csv, .vcf)"), id="import-path")
            options = [(_("Detect encoding"), AUTO)] + [(label, code) for code, label in ENCODINGS.items()]
            yield Select(options, value=AUTO, allow_blank=False, id="encoding")
        yield Label("", id="import-error", classes="field-error")
        yield Static(_("Type a file's path and press Enter to preview it."), id="summary")
        yield PlainTable(id="issues", cursor_type="row", zebra_stripes=True)
        yield ProgressBar(id="progress", show_eta=False)
        with Horizontal(id="folder-row"):
            yield Label(_("Exports and backups to:"))
            # next to the database by default: the folder the shop already backs up
            yield Input(str(Path(self.app.db_path).expanduser().parent / "deskcrm-exports"), id="folder")
        yield PlainTable(id="batches", cursor_type="row")
        yield DeskFooter()

    def on_mount(self) -> None:
        self.query_one("#progress", ProgressBar).display = False
        self.query_one("#import-error", Label).display = False
        self.query_one("#issues", DataTable).add_columns(_("Line"), _("Column"), _("Value"), _("Problem"))
        self.query_one("#batches", DataTable).add_columns(
            _("Import"), _("When"), _("File"), _("Created"), _("Updated"), _("Undone"))
        self.load_batches()

    def action_leave(self) -> None:
        if isinstance(self.focused, Input):
            self.query_one("#issues").focus()
        else:
            self.app.pop_screen()

    # --- import ----------------------------------------------------------------

    def _error(self, message: str) -> None:
        label = self.query_one("#import-error", Label)
        label.update(message)
        label.display = bool(message)  # no blank line when all is well: 24 rows are few

    @on(Input.Submitted, "#import-path")
    def preview(self) -> None:
        path = Path(self.query_one("#import-path", Input).value.strip()).expanduser()
        if not path.is_file():
            self._error(_("No such file: {path}").format(path=path))
            return
        self._error("")
        encoding = self.query_one("#encoding", Select).value
        chosen = (path, None if encoding == AUTO else str(encoding))
        if chosen != self.planned:
            # another file or encoding: its headers may differ, so guess again
            self.mapping, self.merge, self.date_order = None, {}, None
        self.planned = chosen
        self.plan_file(*chosen, self.mapping, self.date_order)

    @on(Select.Changed, "#encoding")
    def encoding_changed(self) -> None:
        if self.query_one("#import-path", Input).value.strip():
            self.preview()

    @store_work("data", N_("Reading the file"))
    def plan_file(self, path: Path, encoding: str | None, mapping=None, date_order: str | None = None) -> None:
        from deskcrm.services import settings
        from deskcrm.services.io.csv_import import ImportFileError
        from deskcrm.services.io.fields import currency_decimals
        from deskcrm.services.io.importer import plan_import
        from deskcrm.services.io.records import Rules, load_source

        lunar = "KR" if settings.get("shop.locale") == "ko" else "CN"
        rules = Rules(self.app.today(), lunar, currency_decimals(settings.get("shop.currency")))
        try:
            plan = plan_import(load_source(path.read_bytes(), path.name, encoding, mapping, date_order), rules)
        except ImportFileError as exc:
            self.app.call_from_thread(self._error, str(exc))
            return
        if not get_current_worker().is_cancelled:
            self.app.call_from_thread(self.show_plan, plan)

    def show_plan(self, plan) -> None:
        from deskcrm.services.io.columns import KEEP_NOTE, LABEL
        from deskcrm.services.io.fields import DAY_FIRST

        first = self.plan is None or self.plan.source.name != plan.source.name
        self.plan = plan
        source = plan.source
        pairs = list(zip(source.headers, source.mapping, strict=False))
        mapped = " · ".join(f"{h}→{f}" for h, f in pairs if f and f not in (KEEP_NOTE, LABEL))
        noted = [h for h, f in pairs if f == KEEP_NOTE]
        ignored = [h for h, f in pairs if not f]
        merging = sum(1 for d in plan.duplicates if self.merge.get(d.line))
        lines = [
            _("{name}: {encoding}").format(name=source.name, encoding=ENCODINGS.get(source.encoding, source.encoding)),
            _("{good} good, {bad} bad, {dupes} already on file ({merge} merge, {skip} skip)").format(
                good=len(plan.rows), bad=len(plan.bad_lines), dupes=len(plan.duplicates),
                merge=merging, skip=len(plan.duplicates) - merging),
        ]
        if mapped:
            lines.append(mapped)
        if noted:
            lines.append(_("kept as notes: {columns}").format(columns=", ".join(noted)))
        if ignored:
            lines.append(_("ignored: {columns}").format(columns=", ".join(ignored)))
        if not source.date_order_known or self.date_order:
            order = _("day/month/year") if source.date_order == DAY_FIRST else _("month/day/year")
            lines.append(_("dates such as 3/5/1985 read as {order} (o to switch)").format(order=order))
        # file names, headers and cells are data: shown as text, never read as markup
        self.query_one("#summary", Static).update(Text("\n".join(lines)))
        table = self.query_one("#issues", DataTable)
        table.clear()
        rows = [(e.line, e.column, e.value, e.reason) for e in plan.errors[:500]]
        rows += [(w.line, w.column, w.value, _("warning: {reason}").format(reason=w.reason))
                 for w in plan.warnings[:500]]
        rows += [(d.line, d.column, d.value, _("{action}: on file as #{id} {name} ({reason})").format(
            id=d.existing_id, name=d.existing_name, reason=d.reason,
            action=_("merge") if self.merge.get(d.line) else _("skip"))) for d in plan.duplicates[:500]]
        for line, *cells in sorted(rows, key=lambda r: r[0]):
            table.add_row(str(line), *(Text(str(c)) for c in cells))
        table.focus()
        if first and noted and source.kind == "csv":
            # a column nobody recognised: show where it goes before anything is written
            self.action_edit_mapping()

    def action_date_order(self) -> None:
        from deskcrm.services.io.fields import DAY_FIRST, MONTH_FIRST

        if self.plan is None or self.planned is None:
            self.notify(_("Preview a file first."), severity="warning")
            return
        self.date_order = MONTH_FIRST if self.plan.source.date_order == DAY_FIRST else DAY_FIRST
        self.plan_file(*self.planned, self.mapping, self.date_order)

    def action_edit_mapping(self) -> None:
        from deskcrm.screens.data.import_mapping import ImportMapping

        if self.plan is None or self.plan.source.kind != "csv":
            self.notify(_("Preview a CSV file first."), severity="warning")
            return

        def chosen(mapping) -> None:
            if mapping is not None and self.planned is not None:
                self.mapping = mapping
                self.plan_file(*self.planned, mapping, self.date_order)

        self.app.push_screen(ImportMapping(self.plan.source), chosen)

    def action_choose_duplicates(self) -> None:
        from deskcrm.screens.data.import_duplicates import ImportDuplicates

        if self.plan is None or not self.plan.duplicates:
            self.notify(_("No customer in this file is already on file."), severity="warning")
            return

        def chosen(choices: dict[int, bool] | None) -> None:
            if choices is not None and self.plan is not None:
                self.merge = choices
                self.show_plan(self.plan)

        self.app.push_screen(ImportDuplicates(self.plan.duplicates, self.merge), chosen)

    def action_import_none(self) -> None:
        self.plan = None
        self.query_one("#issues", DataTable).clear()
        self.query_one("#summary", Static).update(_("Nothing was imported."))

    def action_import_good(self) -> None:
        if self.plan is None:
            self.notify(_("Preview a file first."), severity="warning")
            return
        plan, self.plan = self.plan, None
        self.run_import(plan, dict(self.merge))

    def _show_progress(self, done: int, total: int) -> None:
        bar = self.query_one("#progress", ProgressBar)
        bar.display = True
        bar.update(total=total, progress=done)

    def _progress(self, done: int, total: int) -> None:
        self.app.call_from_thread(self._show_progress, done, total)

    @store_work("data", N_("Importing"))
    def run_import(self, plan, merge: dict[int, bool]) -> None:
        from deskcrm.services.io.importer import apply_import

        desk = self.app.desk
        result = apply_import(plan, now=self.app.now(), good_only=True, merge=merge,
                              staff_name=desk.name if desk else "", progress=self._progress,
                              clock=self.app.now)
        message = _("Import {id}: {created} created, {updated} updated, {skipped} skipped, {bad} bad rows left out").format(
            id=result.batch_id, created=result.created, updated=result.updated,
            skipped=result.skipped, bad=result.refused)
        self.app.call_from_thread(self.finished, message)

    def finished(self, message: str) -> None:
        self.query_one("#summary", Static).update(message)
        self.query_one("#issues", DataTable).clear()
        self.notify(message)
        self.post_message(CustomerChanged(None))
        self.load_batches()

    # --- batches and undo -----------------------------------------------------

    @store_work("batches", N_("Loading the import history"))
    def load_batches(self) -> None:
        from deskcrm.services.io.importer import recent_batches

        batches = recent_batches(20)
        if not get_current_worker().is_cancelled:
            self.app.call_from_thread(self.show_batches, batches)

    def show_batches(self, batches) -> None:
        table = self.query_one("#batches", DataTable)
        table.clear()
        for b in batches:
            undone = f"{b.undone_at:%m-%d %H:%M}" if b.undone_at else ""
            if b.status not in ("done", "undone"):
                undone = _(b.status.replace("_", " "))
            table.add_row(str(b.id), f"{b.at:%Y-%m-%d %H:%M}", Text(b.source), str(b.created),
                          str(b.updated), undone, key=str(b.id))

    def action_undo(self) -> None:
        table = self.query_one("#batches", DataTable)
        if not table.row_count:
            self.notify(_("No import to undo."), severity="warning")
            return
        batch_id = int(table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value)

        def answered(yes: bool | None) -> None:
            if yes:
                self.run_undo(batch_id)

        self.app.push_screen(Confirm(_("Undo import {id}? Customers it created are deleted, "
                                       "changed ones restored.").format(id=batch_id)), answered)

    @store_work("data", N_("Undoing the import"))
    def run_undo(self, batch_id: int) -> None:
        from deskcrm.services.io.importer import UndoError, undo_import

        desk = self.app.desk
        try:
            result = undo_import(batch_id, now=self.app.now(), staff_name=desk.name if desk else "",
                                 clock=self.app.now, progress=self._progress)
        except UndoError as exc:
            self.app.call_from_thread(self.notify, str(exc), severity="error")
            return
        message = _("Import {id} undone: {deleted} deleted, {restored} restored, {kept} kept").format(
            id=batch_id, deleted=result.deleted, restored=result.restored, kept=len(result.kept))
        self.app.call_from_thread(self.finished, message)

    # --- export and backup ------------------------------------------------------

    def _folder(self) -> Path:
        folder = Path(self.query_one("#folder", Input).value.strip() or ".").expanduser()
        folder.mkdir(parents=True, exist_ok=True)
        return folder

    def action_export(self, what: str) -> None:
        self.run_export(what, self._folder())

    @store_work("data", N_("Exporting"))
    def run_export(self, what: str, folder: Path) -> None:
        from deskcrm.services.io import exports

        now = self.app.now()
        out = folder / f"{what}-{now:%Y%m%d-%H%M%S}.{exports.SUFFIX[what]}"
        count = exports.export(what, out, now=now, by=self.app.desk.name if self.app.desk else "",
                               progress=self._progress)
        self.app.call_from_thread(self.notify, _("{count} written to {out}").format(count=count, out=out))

    def action_backup(self) -> None:
        self.run_backup(self._folder())

    @store_work("data", N_("Backing up"))
    def run_backup(self, folder: Path) -> None:
        from deskcrm.services.io.backup import backup_database

        info = backup_database(self.app.db, folder, now=self.app.now(), progress=self._progress,
                               by=self.app.desk.name if self.app.desk else "")
        self.app.call_from_thread(self.notify, _("Backup written: {path}").format(path=info.path))

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.state == WorkerState.ERROR:
            self.notify(str(event.worker.error), title=_("Failed"), severity="error", timeout=10)
