"""F3 driven by keyboard: move through days, done, snooze/skip need a reason, add, history, templates."""

import datetime as dt

import pytest
from rich.cells import cell_len
from textual.widgets import Input, Label

from deskcrm.app import DeskApp
from deskcrm.screens.calendar.followup_modals import AddModal, DoneModal, ReasonModal
from deskcrm.screens.calendar.screen import CalendarScreen
from deskcrm.services import settings, staff
from deskcrm.services.contacts import recent_contacts
from deskcrm.services.followups import add_manual
from deskcrm.services.followups.dayload import DayLoad
from deskcrm.store.models import Contact, FollowUp
from deskcrm.widgets.agenda_list import AgendaList
from deskcrm.widgets.month_grid import MonthGrid
from tests.desk_helpers import set_desk
from tests.followup_helpers import buy, customer

TODAY = dt.date(2027, 3, 10)


@pytest.fixture
def shop(db):
    info = staff.add_staff("Mina")
    set_desk(info.id)
    settings.put("followups.festival_sets", [])
    settings.put("followups.season_days", [])
    settings.put("followups.vip_events", [])
    settings.put("followups.neglect_days", {})
    wang = customer("王丽", gender="F", hobbies="瑜伽", created_at=dt.datetime(2027, 1, 1))
    buy(wang, dt.date(2027, 3, 3), 300_000, item="羊毛大衣")  # fit check due 03-10
    kim = customer("김민수", locale="ko", phone="01012345678", created_at=dt.datetime(2027, 1, 1))
    add_manual(kim.id, TODAY, "alteration ready", dt.datetime(2027, 3, 1, 9), None)
    return {"wang": wang, "kim": kim, "staff": info}


async def settle(pilot, app):
    """Workers that open dialogs or write start more workers: wait twice."""
    for _ in range(2):
        await app.workers.wait_for_complete()
        await pilot.pause()


async def open_calendar(pilot, app):
    await pilot.press("f3")
    await settle(pilot, app)
    assert isinstance(app.screen, CalendarScreen)
    return app.screen



@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
async def test_open_and_move_through_days(db_path, shop, size):
    app = DeskApp(db_path, today=TODAY)
    async with app.run_test(size=size) as pilot:
        screen = await open_calendar(pilot, app)
        grid = screen.query_one(MonthGrid)
        assert grid.selected == TODAY
        assert "Today's calls: 2" in str(screen.query_one("#agenda-title", Label).render())
        await pilot.press("left")
        await settle(pilot, app)
        assert grid.selected == dt.date(2027, 3, 9)
        assert "2027-03-09: 0 follow-ups" in str(screen.query_one("#agenda-title", Label).render())
        await pilot.press("down", "right", "pagedown")
        assert grid.selected == dt.date(2027, 4, 17)
        await pilot.press("t")
        await settle(pilot, app)
        assert grid.selected == TODAY
        # today holds Mina's two calls; no messages
        assert grid.counts[TODAY] == DayLoad(calls=2, messages=0, done=0)
        assert "☎2" in grid.render().plain
        # every grid line is equally wide in terminal cells, lunar CJK labels included
        lines = grid.render().plain.split("\n")
        assert len({cell_len(line) for line in lines}) == 1
        assert "初三" in grid.render().plain  # lunar 2027-03-10 = 二月初三
        await pilot.press("w")
        await settle(pilot, app)
        assert grid.week_mode and len(grid.render().plain.split("\n")) <= 6


async def test_mark_done_writes_contact_and_offers_next_step(db_path, shop):
    app = DeskApp(db_path, today=TODAY)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_calendar(pilot, app)
        agenda = screen.query_one(AgendaList)
        await pilot.press("tab")
        item = next(i for i in agenda.items.values() if i.kind == "post_purchase")
        agenda.move_cursor(row=agenda.get_row_index(str(item.id)))
        await pilot.pause()
        assert "王女士" in str(screen.query_one("#detail").render())
        await pilot.press("d")
        await settle(pilot, app)
        assert isinstance(app.screen, DoneModal)
        await pilot.press("tab", *"fits well", "ctrl+s")
        await settle(pilot, app)
        done = FollowUp.get_by_id(item.id)
        assert (done.status, done.outcome, done.note, done.done_by_id) == ("done", "reached", "fits well", shop["staff"].id)
        contact = Contact.get(Contact.followup == item.id)
        assert contact.staff_id == shop["staff"].id
        assert recent_contacts(shop["wang"].id)[0].note == "fits well"
        nxt = FollowUp.get(FollowUp.dedupe_key == f"{done.dedupe_key}:satisfaction")
        assert nxt.due_on == dt.date(2027, 4, 2)
        shown = agenda.items[item.id]
        assert shown.status == "done" and shown.group == "closed"
        assert "fits well" in shown.note


async def test_snooze_needs_a_reason_then_moves_the_date(db_path, shop):
    app = DeskApp(db_path, today=TODAY)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_calendar(pilot, app)
        agenda = screen.query_one(AgendaList)
        await pilot.press("tab")
        item = agenda.current
        await pilot.press("s")
        await pilot.pause()
        assert isinstance(app.screen, ReasonModal)
        await pilot.press("ctrl+s")
        await pilot.pause()
        error = app.screen.query_one("#reason-error", Label)
        assert error.display and "reason is needed" in str(error.render())
        assert FollowUp.get_by_id(item.id).due_on == TODAY
        app.screen.query_one("#reason", Input).focus()
        await pilot.press(*"customer abroad", "ctrl+s")
        await settle(pilot, app)
        f = FollowUp.get_by_id(item.id)
        assert (f.due_on, f.original_due_on, f.snooze_reason) == (
            dt.date(2027, 3, 11), TODAY, "customer abroad")


async def test_skip_needs_a_reason(db_path, shop):
    app = DeskApp(db_path, today=TODAY)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_calendar(pilot, app)
        await pilot.press("tab")
        item = screen.query_one(AgendaList).current
        await pilot.press("x", "ctrl+s")
        await pilot.pause()
        assert "reason is needed" in str(app.screen.query_one("#reason-error", Label).render())
        await pilot.press("escape")
        await pilot.pause()
        assert FollowUp.get_by_id(item.id).status == "open"


async def test_add_by_hand_history_and_templates(db_path, shop):
    app = DeskApp(db_path, today=TODAY)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_calendar(pilot, app)
        await pilot.press("a")
        await pilot.pause()
        assert isinstance(app.screen, AddModal)
        await pilot.press(*"김민수")
        await settle(pilot, app)
        app.screen.query_one("#reason", Input).focus()
        await pilot.press(*"bring new catalogue", "ctrl+s")
        await settle(pilot, app)
        f = FollowUp.get(FollowUp.reason == "bring new catalogue")
        assert (f.customer_id, f.kind, f.due_on) == (shop["kim"].id, "manual", TODAY)
        await pilot.press("h")
        await settle(pilot, app)
        assert app.screen.query_one("DataTable").row_count >= 1
        await pilot.press("escape", "l")
        await settle(pilot, app)
        assert app.screen.query_one("#template-list").row_count > 40
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, CalendarScreen)


@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
async def test_a_busy_korean_day_shows_her_calls_within_capacity_and_the_messages_apart(db_path, db, size):
    from deskcrm import i18n

    mina = staff.add_staff("Mina")
    set_desk(mina.id)
    for key, value in (("followups.festival_sets", []), ("followups.season_days", []),
                       ("followups.vip_events", []), ("followups.neglect_days", {}),
                       ("shop.locale", "ko"), ("ui.language", "ko")):
        settings.put(key, value)
    for n in range(40):
        c = customer(f"김{n}", locale="ko", owner=mina.id, phone=f"0101234{n:04d}")
        FollowUp.create(customer=c, kind="neglect", due_on=TODAY - dt.timedelta(days=n), reason="r")
    FollowUp.insert_many([{"customer": c.id, "kind": "birthday", "due_on": TODAY, "reason": "r",
                           "is_marketing": True, "dedupe_key": f"birthday:busy:{n}"} for n in range(1200)]).execute()
    app = DeskApp(db_path, today=TODAY)
    try:
        async with app.run_test(size=size) as pilot:
            screen = await open_calendar(pilot, app)
            grid = screen.query_one(MonthGrid)
            assert grid.counts[TODAY] == DayLoad(calls=25, messages=1200, done=0)
            text = grid.render().plain
            today_cell = next(line for line in text.split("\n") if "☎25" in line)
            if size[0] >= 120:
                assert "✉1.2k" in text and "•" not in text, text
                # a lunar label never runs into the next day's number ("9 음2.210")
                assert " 9 음2  10 음3 " in text, text
            else:
                # 80 columns: a cell has 10 cells; in Korean the lunar day never gives way,
                # so after closing up and shortening the messages go from the cell (the
                # agenda's title below still counts them)
                assert "음" in today_cell.split("☎25")[0][-6:], text
            # the fifteen that do not fit are carried to the next working days, in her words
            title = str(screen.query_one("#agenda-title", Label).render())
            assert "25/25" in title and "15" in title
            assert "1200" in title.replace(",", ""), title  # the messages, apart from the calls
            lines = text.split("\n")
            assert len({cell_len(line) for line in lines}) == 1  # Hangul and lunar labels line up
            assert all(grid.counts[d].calls <= 25 for d in grid.counts)
    finally:
        i18n.set_language("en")


async def test_f3_paints_the_dealt_month_and_deals_again_only_after_a_write(db_path, shop, monkeypatch):
    """Opening F3 used to deal the whole plan again behind the painted month, every time."""
    import sqlite3

    from deskcrm.services.followups import monthview

    dealt = []
    real = monthview.month_view
    monkeypatch.setattr(monthview, "month_view", lambda key: dealt.append(key) or real(key))
    app = DeskApp(db_path, today=TODAY)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_calendar(pilot, app)  # the days ahead generated, then the month dealt
        await settle(pilot, app)
        assert "Today's calls: 2" in str(screen.query_one("#agenda-title", Label).render())
        n = len(dealt)
        assert n >= 1
        await pilot.press("f2")
        await settle(pilot, app)
        await open_calendar(pilot, app)
        assert len(dealt) == n  # nobody wrote: the cached month stands
        await pilot.press("f2")
        await settle(pilot, app)
        with sqlite3.connect(db_path) as other:  # another terminal finishes Kim's call
            other.execute("UPDATE follow_up SET status = 'done' WHERE customer_id = ? AND kind = 'manual'",
                          (shop["kim"].id,))
        await open_calendar(pilot, app)
        await settle(pilot, app)
        assert len(dealt) == n + 1
        assert "Today's calls: 1" in str(screen.query_one("#agenda-title", Label).render())
