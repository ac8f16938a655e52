"""F3 layout: a roomy call list at 80x24, every key in the footer, the week view's names."""

import datetime as dt

import pytest
from rich.cells import cell_len
from textual.widgets import Static
from textual.widgets._footer import FooterKey

from deskcrm.app import DeskApp
from deskcrm.services.followups import add_manual
from deskcrm.widgets.agenda_list import AgendaList
from deskcrm.widgets.month_grid import MonthGrid, weeks_of
from deskcrm.widgets.week_people import WeekPeople
from tests.followup_helpers import customer
from tests.ui.test_calendar import TODAY, open_calendar, settle, shop  # noqa: F401 - fixture

EVERYDAY = {"done", "snooze", "skip", "add", "copy"}


@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
async def test_call_list_has_room_and_everyday_keys_show(db_path, shop, size):  # noqa: F811
    app = DeskApp(db_path, today=TODAY)
    async with app.run_test(size=size) as pilot:
        screen = await open_calendar(pilot, app)
        grid = screen.query_one(MonthGrid)
        table = screen.query_one(AgendaList)
        if size == (80, 24):
            # one line a week, so at least 7 call rows show (it was 2 before)
            assert grid.compact and grid.size.height == 1 + len(weeks_of(TODAY))
            assert table.size.height - 1 >= 7
        else:
            assert not grid.compact and table.size.height - 1 >= 20
        lines = grid.render().plain.split("\n")
        assert len({cell_len(line) for line in lines}) == 1
        keys = {k.action for k in screen.query(FooterKey)
                if k.display and k.region.width and k.region.right <= size[0]}
        assert keys >= EVERYDAY
        # the footer wraps: the rarer keys show too, even at 80 columns
        assert {"broadcast", "history", "templates", "client_book"} <= keys


@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
async def test_week_view_names_who_is_due_with_aligned_kinds(db_path, shop, size):  # noqa: F811
    for name in ("Olivia Chan", "欧阳娜娜", "박지민"):
        add_manual(customer(name, phone="13900000000").id, TODAY + dt.timedelta(days=1),
                   "call", dt.datetime(2027, 3, 1, 9), None)
    app = DeskApp(db_path, today=TODAY)
    async with app.run_test(size=size) as pilot:
        screen = await open_calendar(pilot, app)
        await pilot.press("w")
        await settle(pilot, app)
        week = screen.query_one(WeekPeople)
        assert week.display and week.size.height >= 6
        text = "\n".join(str(box.render()) for box in week.query(Static))
        assert "김민수" in text and "王丽" in text
        thursday = str(week.query_one("#week-day-3", Static).render()).split("\n")
        assert thursday[0].startswith("Thu 03-11") and "•3" in thursday[0]
        names = [line for line in thursday[1:] if "By hand" in line]
        assert len(names) == 3
        assert len({cell_len(line[: line.index("By hand")]) for line in names}) == 1
        await pilot.press("w")
        await settle(pilot, app)
        assert not week.display
