"""F3 paints a new day in place: the list, its title and the detail box change what is drawn,
not where, so moving the day lays nothing out — unless the title's height changes."""

import datetime as dt

from textual.widgets import Label

from deskcrm.app import DeskApp
from deskcrm.store.models import FollowUp
from deskcrm.widgets.agenda_list import AgendaList
from tests.followup_helpers import customer
from tests.ui.test_calendar import TODAY, open_calendar, settle
from tests.ui.test_calendar_lists import quiet_shop


def due(days: int, n: int) -> None:
    c = customer(f"客户{days}")
    FollowUp.insert_many([
        {"customer": c.id, "kind": "manual", "due_on": TODAY + dt.timedelta(days=days),
         "reason": f"call {k}", "source_rule": "manual"}
        for k in range(n)
    ]).execute()


def count_layouts(screen) -> list:
    laid_out = []
    layout = screen._refresh_layout
    screen._refresh_layout = lambda *a, **k: (laid_out.append(a), layout(*a, **k))[1]
    return laid_out


async def test_moving_the_day_lays_nothing_out(db_path, db):
    quiet_shop()
    due(1, 3)
    due(2, 5)
    app = DeskApp(db_path, today=TODAY)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_calendar(pilot, app)
        await pilot.press("right")
        await settle(pilot, app)
        laid_out = count_layouts(screen)
        await pilot.press("right")
        await settle(pilot, app)
        agenda = screen.query_one(AgendaList)
        assert agenda.row_count == 5
        assert "5" in str(screen.query_one("#agenda-title", Label).render())
        assert laid_out == []


async def test_a_title_that_needs_another_height_is_laid_out(db_path, db):
    """On a narrow terminal today's title (calls, progress, messages) takes two lines, another day's one."""
    quiet_shop()
    due(1, 2)
    app = DeskApp(db_path, today=TODAY)
    async with app.run_test(size=(40, 24)) as pilot:
        screen = await open_calendar(pilot, app)
        title = screen.query_one("#agenda-title", Label)
        assert title.size.height == 2
        await pilot.press("right")
        await settle(pilot, app)
        assert title.size.height == 1
        assert screen.query_one(AgendaList).row_count == 2
        await pilot.press("left")
        await settle(pilot, app)
        assert title.size.height == 2


async def test_todays_grid_and_list_reach_the_screen_together(db_path, db):
    """F3 on today's month: the worker hands the counts and today's list over in one call, so
    they are painted in one frame (they were two frames apart, the list ~0.25 s later at 100 000)."""
    quiet_shop()
    due(0, 3)
    app = DeskApp(db_path, today=TODAY)
    handed = []
    real = app.call_from_thread

    def recorded(callback, *args, **kwargs):
        handed.append((getattr(callback, "__name__", ""), args))
        return real(callback, *args, **kwargs)

    app.call_from_thread = recorded
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_calendar(pilot, app)
        calendar = {"_show_first", "_show_counts", "_show_today", "_show_items", "_show_week"}
        shown = [(name, args) for name, args in handed if name in calendar]
        assert shown and all(name == "_show_first" for name, _args in shown)
        assert all(args[2] is not None and len(args[2].items) == 3 for _name, args in shown)
        assert screen.query_one(AgendaList).row_count == 3
