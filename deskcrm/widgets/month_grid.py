"""A month (or week) of days: solar day, lunar day, and what the day holds for the person.

Each day shows her calls (☎, as the day plan deals them: never more than her
capacity), the messages to send (✉) apart, and on past days what was done (✓).
Rendered by hand rather than with a Rich table so every cell is exactly the same
number of terminal cells wide (measured with cell_len): 初五 and 음3.15 line up
with 15 and L3/15; where a cell is short the counts close up before anything is cut.
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Mapping

from rich.cells import cell_len, set_cell_size
from rich.style import Style
from rich.text import Text
from textual.binding import Binding
from textual.message import Message
from textual.reactive import reactive
from textual.widget import Widget

from deskcrm.i18n import N_, _, language
from deskcrm.services.followups.dayload import DayLoad
from deskcrm.services.lunar import solar_to_lunar

# where the lunar day is part of how a day is named: it never gives way in a grid cell
LUNAR_LANGUAGES = ("zh_Hans", "zh_Hant", "ko")
WEEKDAYS = (N_("Mon"), N_("Tue"), N_("Wed"), N_("Thu"), N_("Fri"), N_("Sat"), N_("Sun"))


def weeks_of(day: dt.date) -> list[list[dt.date]]:
    """The Monday-first weeks covering the month of `day`."""
    cal = calendar.Calendar(firstweekday=0)
    return [list(w) for w in _chunks(list(cal.itermonthdates(day.year, day.month)), 7)]


def week_of(day: dt.date) -> list[dt.date]:
    monday = day - dt.timedelta(days=day.weekday())
    return [monday + dt.timedelta(days=n) for n in range(7)]


def _chunks(items: list, n: int) -> list[list]:
    return [items[i : i + n] for i in range(0, len(items), n)]


def visible_range(day: dt.date, week_mode: bool) -> tuple[dt.date, dt.date]:
    days = week_of(day) if week_mode else [d for w in weeks_of(day) for d in w]
    return days[0], days[-1]


def _short(n: int) -> str:
    return f"{n / 1000:.0f}k" if n >= 10_000 else (f"{n / 1000:.1f}k" if n >= 1000 else str(n))


def _fit(text: str, width: int) -> str:
    return set_cell_size(text, width) if cell_len(text) != width else text


# (field of DayLoad, mark, component class, word for the spelled-out week view)
MARKS = (("calls", "☎", "calls", N_("calls")), ("messages", "✉", "messages", N_("messages")),
         ("done", "✓", "done", N_("done")))


def _tight(n: int) -> str:
    """A count in at most three cells: 1.2k becomes 1k, where a cell has no room to spare."""
    return str(n) if n < 1000 else f"{min(n // 1000, 99)}k"


Part = tuple[str, int, str, str]  # mark, count, component class, word


def load_parts(load: DayLoad | None) -> list[Part]:
    """What the day holds, most pressing first: calls, messages, done."""
    if load is None:
        return []
    return [(mark, getattr(load, name), cls, word) for name, mark, cls, word in MARKS if getattr(load, name)]


def part_text(part: Part) -> str:
    return f"{part[0]}{_short(part[1])}"


def _joined(items: list[Part], sep: str, number) -> list[tuple[str, str]]:
    return [((sep if n else "") + f"{mark}{number(count)}", cls)
            for n, (mark, count, cls, _word) in enumerate(items)]


def count_options(parts: list[Part]) -> list[list[tuple[str, str]]]:
    """The ways to show the counts, most complete first, as (text, class) pieces.

    Spaced; without done (the least pressing); the marks closed up ("☎25✉381", the
    marks still tell them apart); the numbers shortened ("✉1k"); then only the first.
    """
    if not parts:
        return [[]]
    pressing = [p for p in parts if p[2] != "done"] or parts
    return [_joined(items, sep, number) for items, sep, number in (
        (parts, " ", _short), (pressing, " ", _short), (pressing, "", _short), (pressing, "", _tight),
        (pressing[:1], "", _short), (pressing[:1], "", _tight))]


def _cells(pieces: list[tuple[str, str]]) -> int:
    return sum(cell_len(t) for t, _c in pieces)


def fit_parts(parts: list[Part], room: int) -> list[tuple[str, str]]:
    """The most complete of `count_options` that fits in `room` cells ([] if none does)."""
    return next((option for option in count_options(parts) if _cells(option) <= room), [])


def inline_pieces(day: int, lunar: str, parts: list[Part], room: int,
                  lunar_required: bool, lunar_closed: str = "") -> list[tuple[str, str]]:
    """A one-line day cell in `room` cells as (text, class) pieces: the day, the lunar day,
    the counts.

    Where Chinese or Korean is read the lunar day always stays (shops there plan by
    it); elsewhere it shows only where it costs no count. Then as many counts as fit,
    spaces closing up before a count goes: at 80 columns a cell has 10 cells, so
    "30 初五 ☎12" becomes "30初五☎12✉3", and a shop-wide busy day reads "1 ☎163✉400".
    A lunar label that begins with digits (Korean "11월", a lunar month's first day)
    closed up would read as another day ("911월"): there `lunar_closed` ("음1") is used.
    """
    options = count_options(parts)

    def laid(gap: str, lun: str, counts: list[tuple[str, str]]) -> list[tuple[str, str]]:
        out = [(f"{day:>2}", "day")]
        if lun:
            if not gap and lun[:1].isdigit():
                lun = lunar_closed or lun
                gap = "" if lunar_closed else " "
            out.append((gap + lun, "lunar"))
        if counts:
            (first, cls), rest = counts[0], counts[1:]
            out += [(gap + first, cls), *rest]
        return out

    if lunar and not lunar_required:
        tries = [laid(" ", lunar, options[0])] + [laid(g, "", c) for c in options for g in (" ", "")]
    else:
        tries = [laid(g, lunar, c) for c in options for g in (" ", "")]
    for pieces in tries:
        if _cells(pieces) <= room:
            return pieces
    return laid("", lunar if lunar_required else "", [])


class MonthGrid(Widget, can_focus=True):
    """Arrow keys move the selected day; the screen owns month/week/today keys."""

    COMPONENT_CLASSES = {
        "month-grid--header", "month-grid--selected", "month-grid--today", "month-grid--other",
        "month-grid--calls", "month-grid--messages", "month-grid--done", "month-grid--lunar",
    }
    DEFAULT_CSS = """
    MonthGrid { height: 1fr; min-height: 2; }
    MonthGrid > .month-grid--header { color: $text-muted; text-style: bold; }
    MonthGrid > .month-grid--selected { background: $primary; color: $text; }
    MonthGrid > .month-grid--today { text-style: bold underline; color: $accent; }
    MonthGrid > .month-grid--other { color: $text-muted; }
    MonthGrid > .month-grid--calls { color: $warning; text-style: bold; }
    MonthGrid > .month-grid--messages { color: $accent; }
    MonthGrid > .month-grid--done { color: $success; }
    MonthGrid > .month-grid--lunar { color: $text-muted; }
    """
    BINDINGS = [
        Binding("left", "move(-1)", _("Day"), id="calendar.prev_day"),
        Binding("right", "move(1)", _("Day"), id="calendar.next_day", show=False),
        Binding("up", "move(-7)", _("Week"), id="calendar.prev_week", show=False),
        Binding("down", "move(7)", _("Week"), id="calendar.next_week", show=False),
    ]

    selected: reactive[dt.date] = reactive(dt.date.today)
    week_mode: reactive[bool] = reactive(False)
    # one line a week, counts inline: the screen sets it on short terminals (80x24)
    compact: reactive[bool] = reactive(False, layout=True)

    class DayChanged(Message):
        def __init__(self, day: dt.date) -> None:
            super().__init__()
            self.day = day

    def __init__(self, today: dt.date, lunar_calendar: str = "CN", **kwargs) -> None:
        super().__init__(**kwargs)
        self.today = today
        self.lunar_calendar = lunar_calendar
        self.counts: Mapping[dt.date, DayLoad] = {}
        self.set_reactive(MonthGrid.selected, today)

    def set_counts(self, counts: Mapping[dt.date, DayLoad]) -> None:
        self.counts = counts
        self.refresh()

    def watch_selected(self, old: dt.date, new: dt.date) -> None:
        if old != new:
            self.post_message(self.DayChanged(new))

    def action_move(self, days: int) -> None:
        self.selected = self.selected + dt.timedelta(days=days)

    def _lunar_language(self) -> str:
        return language() if language() in LUNAR_LANGUAGES else (
            "ko" if self.lunar_calendar == "KR" else "zh_Hans")

    def _lunar(self, day: dt.date) -> str:
        return solar_to_lunar(day, self.lunar_calendar).label(self._lunar_language())

    def _styled(self, pieces: list[tuple[str, str]], style: Style | None = None) -> Text:
        line = Text()
        for text, cls in pieces:
            line.append(text, (style or Style()) + self.get_component_rich_style(f"month-grid--{cls}"))
        return line

    def _count_line(self, load: DayLoad | None, width: int) -> Text:
        """The second line of a cell; the last column stays blank so cells never run together."""
        line = self._styled(fit_parts(load_parts(load), width - 1))
        line.truncate(width, pad=True)
        return line

    def _inline(self, day: dt.date, width: int, style: Style) -> Text:
        """One-line cell (80x24): see `inline_pieces`. The last column stays blank so a
        count never runs into the next day's number."""
        info = solar_to_lunar(day, self.lunar_calendar)
        lunar = info.tiny(self._lunar_language())
        pieces = inline_pieces(day.day, lunar, load_parts(self.counts.get(day)), width - 1,
                               lunar_required=language() in LUNAR_LANGUAGES,
                               lunar_closed=f"음{info.day}" if lunar[:1].isdigit() else "")
        line = Text()
        for text, cls in pieces:
            line.append(text, style if cls == "day" else style + self.get_component_rich_style(f"month-grid--{cls}"))
        line.truncate(width - 1, pad=True)
        line.append(" ", style=style)
        return line

    def _spelled(self, text: str, word: str, width: int) -> str:
        """The week view has room to name what is counted; the month view keeps to the mark."""
        spelled = f"{text} {_(word)}"
        return spelled if self.week_mode and cell_len(spelled) <= width else text

    def _cell(self, day: dt.date, width: int, height: int, in_month: bool) -> list[Text]:
        style = Style()
        if not in_month:
            style += self.get_component_rich_style("month-grid--other")
        if day == self.today:
            style += self.get_component_rich_style("month-grid--today")
        if height == 1:
            lines = [self._inline(day, width, style)]
        else:
            head = f"{day.day:>2} {self._lunar(day)}"
            if cell_len(head) > width - 1:  # "10 음2.3" cut to "10 음2." would name the wrong day
                head = f"{day.day:>2} {solar_to_lunar(day, self.lunar_calendar).tiny(self._lunar_language())}"
            # the last column stays blank so a lunar label never runs into the next day's number
            head = _fit(head, width - 1) + " "
            lines = [Text(head, style=style), self._count_line(self.counts.get(day), width)]
        if height > 3:  # room for one line per count, spelled out
            lines = [lines[0]] + [
                Text(_fit(self._spelled(part_text(part), part[3], width - 1), width),
                     self.get_component_rich_style(f"month-grid--{part[2]}"))
                for part in load_parts(self.counts.get(day))
            ]
        lines += [Text(" " * width)] * (height - len(lines))
        if day == self.selected:
            sel = self.get_component_rich_style("month-grid--selected")
            for t in lines:
                t.stylize(sel)
        return lines[:height]

    def get_content_height(self, container, viewport, width: int) -> int:
        """One line a week on a short terminal, else two; CSS may give it more."""
        per_week = 1 if self.compact else 2
        return 1 + (per_week if self.week_mode else per_week * len(weeks_of(self.selected)))

    def render(self) -> Text:
        width = max(7, (self.size.width - 1) // 7)
        weeks = [week_of(self.selected)] if self.week_mode else weeks_of(self.selected)
        rows_left = max(1, self.size.height - 1)
        height = max(1 if self.compact else 2, min(4, rows_left // len(weeks)))
        out = Text()
        header = self.get_component_rich_style("month-grid--header")
        for name in WEEKDAYS:
            out.append(_fit(" " + _(name), width), header)
        for week in weeks:
            cells = [self._cell(d, width, height, d.month == self.selected.month or self.week_mode)
                     for d in week]
            for i in range(height):
                out.append("\n")
                for cell in cells:
                    out.append_text(cell[i])
        return out
