"""Today's messages (from F3, key m): grouped by wording and language, sent in one pass.

Copy one by one into the shop's SMS/KakaoTalk/WeChat tool, or export the group
as CSV for it; then mark the group sent, which logs a contact for each.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.widgets import DataTable, Label, Static

from deskcrm import i18n
from deskcrm.i18n import N_, _
from deskcrm.messages import FollowUpsChanged
from deskcrm.screens.data.screen import Confirm
from deskcrm.services import sendlist
from deskcrm.services.sendlist import Outgoing, SendGroup
from deskcrm.widgets.agenda_list import kind_label
from deskcrm.widgets.footer import DeskFooter
from deskcrm.widgets.mode_header import ModeHeader
from deskcrm.workers import store_work

SHOWN = 500  # messages listed per group; export and mark-sent cover the whole group
PROGRESS_EVERY = 1000  # messages between two progress lines while marking sent
CHANNEL_LABELS = {"chat": N_("Chat"), "sms": N_("SMS"), "email": N_("Email"), "call": N_("Call")}


class SendListScreen(Screen[None]):
    HELP = (
        "Messages to send today, grouped by wording and language. c copies the highlighted "
        "message and moves to the next; e exports the group as CSV for the shop's SMS or chat "
        "tool; a marks the whole group sent and logs a contact for each customer."
    )
    DEFAULT_CSS = """
    SendListScreen #send-body { height: 1fr; }
    SendListScreen #send-groups { width: 40; height: 1fr; }
    SendListScreen #send-right { height: 1fr; }
    SendListScreen #send-messages { height: 1fr; }
    SendListScreen #send-preview { height: 5; padding: 0 1; background: $boost; }
    SendListScreen #send-title { height: 1; color: $text-muted; }
    """
    AUTO_FOCUS = "#send-groups"
    BINDINGS = [
        Binding("c", "copy", _("Copy"), id="sendlist.copy"),
        Binding("e", "export", _("Export CSV"), id="sendlist.export"),
        Binding("a", "mark_sent", _("Mark all sent"), id="sendlist.mark_sent"),
        Binding("escape", "leave", _("Back"), id="sendlist.back"),
    ]

    def __init__(self, today: dt.date) -> None:
        super().__init__()
        self.today = today
        self.groups: list[SendGroup] = []
        self.messages: list[Outgoing] = []

    def compose(self) -> ComposeResult:
        yield ModeHeader()
        yield Label("", id="send-title")
        with Horizontal(id="send-body"):
            yield DataTable(id="send-groups", cursor_type="row", zebra_stripes=True)
            with Vertical(id="send-right"):
                yield DataTable(id="send-messages", cursor_type="row", zebra_stripes=True)
                yield Static("", id="send-preview")
        yield DeskFooter()

    def on_mount(self) -> None:
        groups = self.query_one("#send-groups", DataTable)
        groups.add_column(_("Kind"), key="kind", width=14)
        groups.add_column(_("Language"), key="locale", width=9)
        groups.add_column(_("Count"), key="count", width=6)
        messages = self.query_one("#send-messages", DataTable)
        messages.add_column(_("Customer"), key="customer", width=12)
        messages.add_column(_("Channel"), key="channel", width=6)
        messages.add_column(_("Message"), key="message", width=70)
        self.load_groups(self.today)

    @property
    def group(self) -> SendGroup | None:
        table = self.query_one("#send-groups", DataTable)
        if not self.groups or not 0 <= table.cursor_row < len(self.groups):
            return None
        return self.groups[table.cursor_row]

    @property
    def message(self) -> Outgoing | None:
        table = self.query_one("#send-messages", DataTable)
        if not self.messages or not 0 <= table.cursor_row < len(self.messages):
            return None
        return self.messages[table.cursor_row]

    @store_work("sendlist-groups", N_("Loading the messages to send"))
    def load_groups(self, today: dt.date) -> None:
        groups = sendlist.groups(today)
        self.app.call_from_thread(self._show_groups, groups)

    def _show_groups(self, groups: list[SendGroup]) -> None:
        self.groups = groups
        table = self.query_one("#send-groups", DataTable)
        table.clear()
        for g in groups:
            table.add_row(kind_label(g.kind), i18n.LANGUAGES.get(g.locale, g.locale), str(g.count))
        total = sum(g.count for g in groups)
        self.query_one("#send-title", Label).update(
            _("Messages to send: {n} in {g} groups").format(n=total, g=len(groups)))
        if groups:
            self.load_messages(groups[min(table.cursor_row, len(groups) - 1)])
        else:
            self._show_messages(None, [])

    @on(DataTable.RowHighlighted, "#send-groups")
    def group_highlighted(self, _event: DataTable.RowHighlighted) -> None:
        if self.group is not None:
            self.load_messages(self.group)

    @store_work("sendlist-messages", N_("Loading the messages to send"))
    def load_messages(self, group: SendGroup) -> None:
        messages = sendlist.fill(sendlist.group_ids(self.today, group)[:SHOWN])
        self.app.call_from_thread(self._show_messages, group, messages)

    def _show_messages(self, group: SendGroup | None, messages: list[Outgoing]) -> None:
        if group is not None and group != self.group:
            return
        self.messages = messages
        table = self.query_one("#send-messages", DataTable)
        table.clear()
        for m in messages:
            table.add_row(m.customer_name, _(CHANNEL_LABELS.get(m.channel, m.channel)), m.message)
        self._preview()

    @on(DataTable.RowHighlighted, "#send-messages")
    def message_highlighted(self, _event: DataTable.RowHighlighted) -> None:
        self._preview()

    def _preview(self) -> None:
        m = self.message
        box = self.query_one("#send-preview", Static)
        if m is None:
            box.update(_("Nothing to send today."))
            return
        box.update(f"{m.customer_name}  {m.phone} · {_(CHANNEL_LABELS.get(m.channel, m.channel))}\n{m.message}")

    def action_copy(self) -> None:
        m = self.message
        if m is None:
            return
        self.app.copy_to_clipboard(m.message)
        self.notify(_("Message copied"))
        table = self.query_one("#send-messages", DataTable)
        if table.cursor_row < table.row_count - 1:
            table.move_cursor(row=table.cursor_row + 1)

    def action_export(self) -> None:
        group = self.group
        if group is not None:
            self.export(group)

    @store_work("sendlist-export", N_("Exporting the messages"))
    def export(self, group: SendGroup) -> None:
        # next to the database, like the other exports: the folder the shop already backs up
        folder = Path(self.app.db_path).expanduser().parent / "deskcrm-exports"
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / f"messages-{self.today.isoformat()}-{group.kind}-{group.template}-{group.locale}.csv"
        n = sendlist.export_csv(sendlist.group_ids(self.today, group), path)
        self.app.call_from_thread(self.notify, _("{n} messages exported to {path}").format(n=n, path=path))

    def action_mark_sent(self) -> None:
        group = self.group
        if group is None:
            return

        def answered(yes: bool | None) -> None:
            if yes:
                self.mark_sent(group)

        question = _("Mark all {n} messages of this group sent? A contact is logged for each.").format(
            n=group.count)
        self.app.push_screen(Confirm(question), answered)

    @store_work("sendlist-mark", N_("Marking the messages sent"))
    def mark_sent(self, group: SendGroup) -> None:
        shown = [0]

        def progress(done: int, total: int) -> None:
            # a festival day's batch goes in short chunks for a while: say how far it is
            if done - shown[0] >= PROGRESS_EVERY or done == total:
                shown[0] = done
                self.app.call_from_thread(self._progress, done, total)

        n = sendlist.mark_sent(sendlist.group_ids(self.today, group), self.app.now(), self.app.staff_id,
                               progress)
        self.app.call_from_thread(self._sent, n)

    def _progress(self, done: int, total: int) -> None:
        self.query_one("#send-title", Label).update(
            _("Marking sent: {done} of {total}…").format(done=f"{done:,}", total=f"{total:,}"))

    def _sent(self, n: int) -> None:
        self.notify(_("{n} messages marked sent, contacts logged").format(n=n))
        self.post_message(FollowUpsChanged())
        self.load_groups(self.today)

    def action_leave(self) -> None:
        self.dismiss(None)
