"""F3 at scale and by region: the call list pages past 500 rows; a region broadcast in one step."""

import datetime as dt

from textual.widgets import Select, Static

from deskcrm.app import DeskApp
from deskcrm.screens.calendar.broadcast import BroadcastModal
from deskcrm.screens.manager_signin import ManagerSignIn
from deskcrm.services import settings, staff
from deskcrm.store.models import FollowUp
from deskcrm.widgets.agenda_list import AgendaList
from tests.desk_helpers import set_desk
from tests.followup_helpers import customer
from tests.ui.test_calendar import TODAY, open_calendar, settle
from tests.ui_helpers import sign_in_manager


def quiet_shop():
    info = staff.add_staff("Mina")
    set_desk(info.id)
    for key, value in (("followups.festival_sets", []), ("followups.season_days", []),
                       ("followups.vip_events", []), ("followups.neglect_days", {})):
        settings.put(key, value)


async def test_day_list_loads_the_next_page_at_the_end(db_path, db):
    """Another day's list pages (today's is the day plan, at most the capacity)."""
    quiet_shop()
    c = customer()
    FollowUp.insert_many([
        {"customer": c.id, "kind": "manual", "due_on": TODAY + dt.timedelta(days=1),
         "reason": f"call {n}", "source_rule": "manual"}
        for n in range(520)
    ]).execute()
    app = DeskApp(db_path, today=TODAY)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_calendar(pilot, app)
        agenda = screen.query_one(AgendaList)
        assert agenda.row_count == 0  # nothing due today
        await pilot.press("right")
        await settle(pilot, app)
        assert agenda.row_count == 500
        await pilot.press("tab", "ctrl+end")
        await settle(pilot, app)
        assert agenda.row_count == 520


async def test_region_broadcast_previews_and_creates(db_path, db):
    quiet_shop()
    boss = staff.add_staff("Boss", role="manager")
    staff.set_pin(boss.id, "2468")
    kim = customer("김민수", city="Busan", locale="ko")
    customer("이영희", city="Busan", consent=False)
    customer("王丽", city="上海")
    app = DeskApp(db_path, today=TODAY)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_calendar(pilot, app)
        await pilot.press("b")
        await settle(pilot, app)
        modal = app.screen
        assert isinstance(modal, BroadcastModal)
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert "Choose a region" in str(modal.query_one("#region-error").render())
        modal.query_one("#region", Select).value = "Busan\t"
        modal.query_one("#template", Select).value = "typhoon"
        await settle(pilot, app)
        preview = str(modal.query_one("#preview", Static).render())
        assert "Reaches 1 customers" in preview and "태풍" in preview
        await pilot.press("ctrl+s")
        await settle(pilot, app)
        # the desk clerk is asked for a manager's PIN; the right PIN creates them
        assert isinstance(app.screen, ManagerSignIn)
        assert not FollowUp.select().where(FollowUp.kind == "broadcast").exists()
        await pilot.press(*"2468", "enter")
        await settle(pilot, app)
    f = FollowUp.get(FollowUp.kind == "broadcast")
    assert (f.customer_id, f.due_on) == (kim.id, TODAY) and f.message.startswith("김민수 님")
    assert FollowUp.select().where(FollowUp.kind == "broadcast").count() == 1


async def test_template_library_edit_and_preview_for_a_customer(db_path, db):
    from textual.widgets import DataTable, TextArea

    from deskcrm.services import templates
    from deskcrm.store.models import MessageTemplate

    quiet_shop()
    templates.ensure_defaults()
    customer("王丽", gender="F", phone="13912345678")
    target = MessageTemplate.get(MessageTemplate.kind == "birthday", MessageTemplate.locale == "zh_Hans")
    app = DeskApp(db_path, today=TODAY)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_calendar(pilot, app)
        await pilot.press("l")
        await settle(pilot, app)
        table = app.screen.query_one("#template-list", DataTable)
        table.move_cursor(row=table.get_row_index(str(target.id)))
        await pilot.pause()
        await pilot.press("p", *"5678", "enter")
        await settle(pilot, app)
        assert "王女士，祝您生日快乐" in str(app.screen.query_one("#preview", Static).render())
        await pilot.press("escape", "e")
        app.screen.query_one("#body", TextArea).load_text("{address}，生日快乐！{oops}")
        await pilot.press("ctrl+s")
        await settle(pilot, app)
        # a desk clerk is asked for the manager's PIN; cancelling saves nothing
        assert isinstance(app.screen, ManagerSignIn)
        await pilot.press("escape")
        await settle(pilot, app)
        assert MessageTemplate.get_by_id(target.id).body != "{address}，生日快乐！{oops}"
        sign_in_manager(app)
        await pilot.press("ctrl+s")
        await settle(pilot, app)
        assert "王女士，生日快乐！{oops}" in str(app.screen.query_one("#preview", Static).render())
    assert MessageTemplate.get_by_id(target.id).body == "{address}，生日快乐！{oops}"


async def test_who_can_be_called_now_follows_the_shops_clock(db_path, db):
    """The calls a clerk can make now come first; the clock is the app's, so a test (or
    a snapshot) reads the same at any hour it runs."""
    quiet_shop()
    morning = customer("Morning", contact_window_start="09:00", contact_window_end="11:00")
    evening = customer("Evening", contact_window_start="18:00", contact_window_end="20:00")
    for c in (morning, evening):
        FollowUp.create(customer=c.id, kind="manual", due_on=TODAY, reason="call back",
                        source_rule="manual")
    for clock, first in ((dt.time(10), "Morning"), (dt.time(19), "Evening")):
        app = DeskApp(db_path, today=TODAY, time_of_day=clock)
        async with app.run_test(size=(80, 24)) as pilot:
            screen = await open_calendar(pilot, app)
            items = list(screen.query_one(AgendaList).items.values())
            assert [i.customer_name for i in items][0] == first
            assert [i.callable_now for i in items] == [True, False]
