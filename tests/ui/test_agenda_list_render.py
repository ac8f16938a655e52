"""F3's call list draws its rows without Rich (widgets/fixed_rows_table.py): exactly as the
DataTable would, styled rows (overdue, done, skipped, not callable now) and CJK names included,
and a new list is drawn without laying out the screen."""

import datetime as dt

from textual.app import App, ComposeResult

from deskcrm.services.agenda import AgendaItem
from deskcrm.widgets.agenda_list import AgendaList
from tests.fast_table_helpers import compare_cells, compare_rows

TODAY = dt.date(2026, 3, 2)


def item(n: int, name: str, status: str = "open", group: str = "due", callable_now: bool = True,
         reason: str = "Birthday: 40", kind: str = "birthday") -> AgendaItem:
    return AgendaItem(
        id=n, customer_id=n, customer_name=name, phone="13800138000", kind=kind, reason=reason,
        due_on=TODAY - dt.timedelta(days=3 if group == "overdue" else 0), original_due_on=None,
        status=status, group=group, is_marketing=False, window="", callable_now=callable_now,
        talking_points=(), message="", reconfirm_consent=False, note="",
    )


ITEMS = [
    item(1, "王小明", group="overdue"),                                   # bold red
    item(2, "김민수", status="done", group="closed"),                      # green
    item(3, "Olivia [b]Chan[/b]", status="skipped", group="closed"),     # dim strike, markup kept literal
    item(4, "Anna Maria Lopez-Fernandez", callable_now=False,            # dim; the name cut with "…"
         reason="Repurchase: the 2 kg rice bag bought six weeks ago, usually every five"),
    item(5, "陈", kind="repurchase", reason="回购：大米 5 公斤"),
]


class ListApp(App):
    def __init__(self) -> None:
        super().__init__()
        self.wanted = 0

    def compose(self) -> ComposeResult:
        yield AgendaList(id="agenda")

    def on_agenda_list_more_wanted(self, _message: AgendaList.MoreWanted) -> None:
        self.wanted += 1

    def today(self) -> dt.date:
        return TODAY


async def test_every_cell_is_drawn_fast_and_as_the_datatable_draws_it():
    app = ListApp()
    async with app.run_test(size=(100, 20)) as pilot:
        table = app.query_one(AgendaList)
        table.set_items(ITEMS)
        table.focus()
        await pilot.pause()
        # styled cells (overdue, done, skipped, not callable now) and short ones are fast too
        assert compare_cells(table) == len(ITEMS) * 5 * 8
        assert compare_rows(table) == len(ITEMS) * 4


async def test_a_new_list_lays_nothing_out_and_keeps_the_cursor_and_paging():
    app = ListApp()
    async with app.run_test(size=(100, 20)) as pilot:
        table = app.query_one(AgendaList)
        table.page = 3
        table.set_items(ITEMS[:3])
        table.focus()
        await pilot.pause()
        laid_out = []
        layout = app.screen._refresh_layout
        app.screen._refresh_layout = lambda *a, **k: (laid_out.append(a), layout(*a, **k))[1]
        await pilot.press("down", "down")
        await pilot.pause()
        assert table.cursor_row == 2 and table.current.id == 3
        assert app.wanted == 1  # the last row of a full page asks for the next
        table.append_items(ITEMS[3:])
        await pilot.pause()
        assert table.row_count == 5 and not table.has_more  # a short page: no more to ask for
        table.set_items(list(reversed(ITEMS)))
        await pilot.pause()
        assert table.cursor_row == 2 and table.current.id == 3
        assert laid_out == []
