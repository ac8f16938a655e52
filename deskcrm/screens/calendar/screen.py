"""F3 — the follow-up calendar: month grid, the selected day's agenda, today's call list."""

from __future__ import annotations

import datetime as dt
import threading
import time

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.widgets import DataTable, Label, Static
from textual.worker import get_current_worker

from deskcrm.i18n import N_, _, language
from deskcrm.messages import CustomerChanged, FollowUpsChanged
from deskcrm.services import agenda
from deskcrm.services.agenda import AgendaItem
from deskcrm.services.followups import dayplan, monthview
from deskcrm.services.followups.changes import store_version
from deskcrm.widgets.agenda_list import AgendaList, kind_label
from deskcrm.widgets.footer import DeskFooter
from deskcrm.widgets.mode_header import ModeHeader
from deskcrm.widgets.month_grid import MonthGrid, visible_range
from deskcrm.widgets.plain import plain
from deskcrm.widgets.week_people import WeekPeople
from deskcrm.workers import store_work

PAINT_WAIT_SECONDS = 2.0  # at most this long for the cached view to be painted before recomputing


def month_title(day: dt.date) -> str:
    lang = language()
    if lang.startswith("zh"):
        return f"{day.year}年{day.month}月"
    if lang == "ko":
        return f"{day.year}년 {day.month}월"
    return day.strftime("%B %Y")


def add_months(day: dt.date, n: int) -> dt.date:
    month = day.month - 1 + n
    year, month = day.year + month // 12, month % 12 + 1
    for d in (day.day, 30, 29, 28):
        try:
            return dt.date(year, month, d)
        except ValueError:
            continue
    raise AssertionError("unreachable")


class CalendarScreen(Screen):
    HELP = (
        "Follow-up calendar. Arrows move the day, PageUp/PageDown the month, t today, w week view. "
        "The week view lists who is due each day (tab into it to scroll). "
        "Tab to the list; d done, s snooze, x skip (both need a reason), c copy the message, "
        "a add by hand. Also: o my customers, b region broadcast, h generation history, "
        "l message templates."
    )
    # the screen's own CSS as DEFAULT_CSS (scoped to it), not a CSS_PATH: Textual re-parses every
    # widget's CSS of the app when a screen brings a file of its own (~0.1 s at each F3 first open)
    DEFAULT_CSS = """
    #cal-body { height: 1fr; layout: vertical; }
    CalendarScreen.-wide #cal-body { layout: horizontal; }
    #cal-left { height: auto; }
    CalendarScreen.-wide #cal-left { width: 58; height: 1fr; padding-right: 1; }
    #grid { height: auto; }
    CalendarScreen.-wide #grid { height: 1fr; }
    #week { display: none; }
    CalendarScreen.-week #week { display: block; height: 1fr; }
    CalendarScreen.-week #cal-left { height: 1fr; }
    CalendarScreen.-week #grid { height: auto; }
    #cal-title { height: 1; width: 1fr; text-style: bold; color: $accent; }
    #cal-right { height: 1fr; }
    /* at 80 columns the day's calls, progress and messages take two lines rather than lose the end */
    #agenda-title { height: auto; max-height: 2; width: 100%; color: $text-muted; }
    #detail { height: 4; padding: 0 1; background: $boost; }
    CalendarScreen.-wide #detail { height: 12; }
    """
    AUTO_FOCUS = "#grid"
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (110, "-wide")]
    BINDINGS = [
        Binding("pageup", "month(-1)", _("Month"), id="calendar.prev_month"),
        Binding("pagedown", "month(1)", _("Month"), id="calendar.next_month", show=False),
        Binding("t", "today", _("Today"), id="calendar.today"),
        Binding("w", "week", _("Week"), id="calendar.week"),
        Binding("d", "done", _("Done"), id="calendar.done"),
        Binding("s", "snooze", _("Snooze"), id="calendar.snooze"),
        Binding("x", "skip", _("Skip"), id="calendar.skip"),
        Binding("c", "copy", _("Copy"), id="calendar.copy"),
        Binding("a", "add", _("Add"), id="calendar.add"),
        Binding("m", "send_list", _("Messages"), id="calendar.send_list"),
        Binding("o", "client_book", _("My customers"), id="calendar.client_book"),
        Binding("b", "broadcast", _("Broadcast"), id="calendar.broadcast"),
        Binding("h", "history", _("History"), id="calendar.history"),
        Binding("l", "templates", _("Templates"), id="calendar.templates"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.shop_locale = "zh_Hans"
        self.first_paint: float | None = None  # when the grid last got its counts (benchmarks)
        self.list_shown: float | None = None  # … and the day's list its rows
        self._suspended = False
        self.day_ids: tuple[dt.date | None, list[int]] = (None, [])
        # styled with the stylesheet as it is now when mounted: Textual re-parsing and re-applying
        # the whole app's CSS for a new screen (refresh_css on the first switch) would redo the
        # same; a theme changed after this line bumps the app's count, and Textual then does it
        self._css_update_count = self.app._css_update_count

    def compose(self) -> ComposeResult:
        yield ModeHeader()
        with Horizontal(id="cal-body"):
            with Vertical(id="cal-left"):
                yield Label("", id="cal-title")
                yield MonthGrid(self.app.today(), id="grid")
                yield WeekPeople(id="week")
            with Vertical(id="cal-right"):
                yield Label("", id="agenda-title")
                yield AgendaList(id="agenda")
                yield Static("", id="detail")
        yield DeskFooter()

    @property
    def grid(self) -> MonthGrid:
        return self.query_one("#grid", MonthGrid)

    @property
    def agenda_list(self) -> AgendaList:
        return self.query_one("#agenda", AgendaList)

    def on_mount(self) -> None:
        # a view warmed at start-up paints at once; other terminals may have worked since
        self.reload(changed=True)

    def on_resize(self) -> None:
        # a short terminal (80x24) gets a one-line-a-week grid, so the call list has room
        self.grid.compact = self.size.height < 30

    def on_screen_suspend(self) -> None:
        self._suspended = True

    def on_screen_resume(self) -> None:
        if not self._suspended:
            return  # opening (Textual may resume it more than once): on_mount is loading already
        self._suspended = False
        self.grid.today = self.app.today()
        self.reload(changed=True)

    def on_follow_ups_changed(self, _message: FollowUpsChanged) -> None:
        self.reload(changed=True)

    @on(MonthGrid.DayChanged)
    def day_changed(self, _event: MonthGrid.DayChanged) -> None:
        self.reload()

    def reload(self, changed: bool = False) -> None:
        """Show the day; `changed`: what is shown may be out of date, so recompute it behind."""
        self.load(self.grid.selected, self.grid.week_mode, self.app.today(), changed)

    @store_work("calendar-load", N_("Loading the calendar"))
    def load(self, day: dt.date, week: bool, today: dt.date, fresh: bool = False) -> None:
        """What each day holds first (the grid paints), then the day's list.

        A view the app computed before (start-up warms this month's) paints at once; with
        `fresh` or without one the plan is dealt again and painted when it is ready.
        """
        worker = get_current_worker()
        first, last = visible_range(day, week)
        key = monthview.month_key(today, self.app.staff_id, first, last, self.app.now())
        cache = self.app.month_cache
        month = cache.get(key)
        if month is not None:
            self._show_month(day, week, today, month)
            if not fresh or (month.version is not None and store_version() == month.version):
                return  # nobody wrote since it was dealt (this app's own writes drop the cache)
            # dealing the plan again holds the GIL for seconds: let the grid and the list reach
            # the screen first (after_refresh runs once they are painted)
            painted = threading.Event()
            self.app.call_from_thread(self.call_after_refresh, painted.set)
            painted.wait(PAINT_WAIT_SECONDS)
        if worker.is_cancelled:
            return
        month = cache.compute(key, monthview.month_view)
        if not worker.is_cancelled:
            self._show_month(day, week, today, month)

    def _show_month(self, day: dt.date, week: bool, today: dt.date, month: monthview.MonthView) -> None:
        """In the load worker: the grid's counts (with today's list when the month shows today),
        the week's people, then the day's list."""
        local = self.app.local_time()
        worker = get_current_worker()
        first, last = visible_range(day, week)
        calls = None
        if day == today and not week:
            # today's list is dealt from the cached plan in well under 0.1 s: the grid and the
            # list reach the screen together, in one frame instead of two
            calls = self._todays_calls(today, local, month)
            if worker.is_cancelled:
                return
        self.app.call_from_thread(self._show_first, day, month, calls)
        if calls is not None:
            return
        if week:
            counts = agenda.month_counts(first, last, today)
            people = agenda.week_people(first, last, today)
            if worker.is_cancelled:
                return
            self.app.call_from_thread(self._show_week, day, people, counts)
        if day == today:
            calls = self._todays_calls(today, local, month)
            if not worker.is_cancelled:
                self.app.call_from_thread(self._show_today, day, calls, month.to_send)
            return
        ids = agenda.day_ids(day, local)
        items = agenda.day_page(ids, day, today, local)
        if not worker.is_cancelled:
            self.app.call_from_thread(self._show_items, day, items, ids)

    def _todays_calls(self, today: dt.date, local: dt.time, month: monthview.MonthView) -> dayplan.TodaysCalls:
        since = self.done_since(today)
        return dayplan.todays_calls(today, local, self.app.staff_id, done_since=since, plan=month.plan)

    def _show_first(self, day: dt.date, month: monthview.MonthView, calls: dayplan.TodaysCalls | None) -> None:
        self._show_counts(day, month.loads, month.shop_locale, month.lunar_calendar)
        if calls is not None:
            self._show_today(day, calls, month.to_send)

    def _show_counts(self, day: dt.date, counts, shop_locale: str, lunar_calendar: str) -> None:
        if day != self.grid.selected:
            return  # a newer day was chosen while this one loaded
        self.shop_locale = shop_locale
        self.grid.lunar_calendar = lunar_calendar
        self.grid.set_counts(counts)
        self.first_paint = time.perf_counter()
        legend = _("☎ calls  ✉ messages  ✓ done")
        # one line of width 1fr: its text never changes its size, so no layout of the screen
        self.query_one("#cal-title", Label).update(f"{month_title(day)}   {legend}", layout=False)

    def _show_week(self, day: dt.date, people, counts) -> None:
        if day == self.grid.selected and self.grid.week_mode:
            self.query_one("#week", WeekPeople).show(people, counts, day)

    def done_since(self, today: dt.date) -> dt.datetime:
        return monthview.done_since(today, self.app.now())

    def _show_today(self, day: dt.date, calls: dayplan.TodaysCalls, to_send: int) -> None:
        if day != self.grid.selected:
            return
        today_n = sum(1 for i in calls.items if i.status == "open")
        if calls.whole_shop:
            # nobody at the desk: everyone's calls, and how to see one's own
            parts = [_("Everyone's calls: {n} of {cap} (F9: yours)").format(n=today_n, cap=calls.capacity)]
        else:
            parts = [_("Today's calls: {n} of {cap}").format(n=today_n, cap=calls.capacity)]
        parts += dayplan.progress_words(calls.done, calls.this_week, calls.later)
        parts.append(_("Messages to send: {n} (m)").format(n=to_send))
        self._list_title(" · ".join(parts))
        self.agenda_list.page = len(calls.items) + 1  # the whole list is here: no "more" paging
        self.agenda_list.set_items(calls.items)
        self._detail(self.agenda_list.current)
        self.list_shown = time.perf_counter()

    def _show_items(self, day: dt.date, items: list[AgendaItem], ids: list[int]) -> None:
        if day != self.grid.selected:
            return
        self.day_ids = (day, ids)  # the day's order, paged by slicing: "more" never walks an OFFSET
        self.agenda_list.page = agenda.PAGE
        title = _("{day}: {n} follow-ups").format(day=day.isoformat(), n=len(ids))
        self._list_title(title)
        self.agenda_list.set_items(items)
        self._detail(self.agenda_list.current)
        self.list_shown = time.perf_counter()

    def _list_title(self, text: str) -> None:
        """The list's title; the screen is laid out again only when the title's height changes
        (one line, or two at 80 columns: CSS max-height 2), not on every new day or count."""
        title = self.query_one("#agenda-title", Label)
        title.update(text, layout=False)
        width, height = title.content_size
        if not width or max(1, min(2, title.get_content_height(title.size, self.size, width))) != height:
            title.refresh(layout=True)

    @on(AgendaList.MoreWanted)
    def more_wanted(self) -> None:
        day, ids = self.day_ids
        if day == self.grid.selected and len(self.agenda_list.items) < len(ids):
            self.load_more(day, self.app.today(), ids, len(self.agenda_list.items))

    @store_work("calendar-more", N_("Loading more calls"))
    def load_more(self, day: dt.date, today: dt.date, ids: list[int], start: int) -> None:
        local = self.app.local_time()
        items = agenda.day_page(ids, day, today, local, start)
        if not get_current_worker().is_cancelled:
            self.app.call_from_thread(self._more_items, day, items)

    def _more_items(self, day: dt.date, items: list[AgendaItem]) -> None:
        if day == self.grid.selected:
            self.agenda_list.append_items(items)

    @on(DataTable.RowHighlighted, "#agenda")
    def highlighted(self, _event: DataTable.RowHighlighted) -> None:
        self._detail(self.agenda_list.current)

    def _detail(self, item: AgendaItem | None) -> None:
        box = self.query_one("#detail", Static)
        # a box of fixed height and the screen's width: what it says never changes its size
        if item is None:
            box.update(_("Nothing due. Arrows move the day; a adds a follow-up by hand."), layout=False)
            return
        flags = []
        if item.reconfirm_consent:
            flags.append(_("⚑ consent over two years old: re-confirm"))
        if item.note:
            flags.append(_("Note: {x}").format(x=item.note))
        window = item.window or _("any time")
        call = _("can call now") if item.callable_now else _("not now")
        head = f"{item.customer_name}  {item.phone} · {window} ({call}) · {kind_label(item.kind)}"
        # the message comes before the talking points: at 80x24 four lines show, and it is what gets copied
        lines = [head, item.reason, item.message, " · ".join(item.talking_points), " ".join(flags)]
        box.update(plain("\n".join(line for line in lines if line)), layout=False)

    # --- keys ------------------------------------------------------------
    def action_month(self, n: int) -> None:
        self.grid.selected = add_months(self.grid.selected, n)

    def action_today(self) -> None:
        self.grid.selected = self.app.today()

    def action_week(self) -> None:
        self.grid.week_mode = not self.grid.week_mode
        self.set_class(self.grid.week_mode, "-week")
        self.grid.refresh(layout=True)
        self.reload()

    def action_copy(self) -> None:
        item = self.agenda_list.current
        if item and item.message:
            self.app.copy_to_clipboard(item.message)
            self.notify(_("Message copied"))

    def _open_item(self) -> AgendaItem | None:
        item = self.agenda_list.current
        if item is None or item.status != "open":
            self.notify(_("Choose an open follow-up in the list first"), severity="warning")
            return None
        return item

    def action_done(self) -> None:
        from deskcrm.screens.calendar.actions import offer_done

        item = self._open_item()
        if item:
            offer_done(self, item)

    def action_snooze(self) -> None:
        from deskcrm.screens.calendar.actions import ask_snooze

        item = self._open_item()
        if item:
            ask_snooze(self, item)

    def action_skip(self) -> None:
        from deskcrm.screens.calendar.actions import ask_skip

        item = self._open_item()
        if item:
            ask_skip(self, item)

    def action_add(self) -> None:
        from deskcrm.screens.calendar.actions import ask_add

        ask_add(self, max(self.grid.selected, self.app.today()))

    def action_send_list(self) -> None:
        from deskcrm.screens.calendar.send_list import SendListScreen

        self.app.push_screen(SendListScreen(self.app.today()), lambda _result: self.reload(changed=True))

    def action_client_book(self) -> None:
        self.app.action_client_books()

    def action_broadcast(self) -> None:
        from deskcrm.screens.calendar.actions import ask_broadcast

        ask_broadcast(self, max(self.grid.selected, self.app.today()))

    def action_history(self) -> None:
        from deskcrm.screens.calendar.generation_history import HistoryModal

        self.app.push_screen(HistoryModal())

    def action_templates(self) -> None:
        from deskcrm.screens.calendar.templates import TemplatesScreen

        self.app.push_screen(TemplatesScreen(self.shop_locale))

    def written(self, message: str, customer_id: int | None = None) -> None:
        """After a write: tell the user, let other screens know, reload what is shown."""
        self.notify(message)
        if customer_id is not None:
            self.post_message(CustomerChanged(customer_id))
        self.reload(changed=True)
