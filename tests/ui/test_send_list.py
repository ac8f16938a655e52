"""F3 → m: today's messages apart from the calls; a batch of 50 birthday wishes marked sent in one pass."""


from deskcrm.app import DeskApp
from deskcrm.screens.calendar.send_list import SendListScreen
from deskcrm.screens.data.screen import Confirm
from deskcrm.services import settings, staff
from deskcrm.store.handle import HOLDS
from deskcrm.store.models import Contact, FollowUp
from deskcrm.widgets.agenda_list import AgendaList
from tests.desk_helpers import set_desk
from tests.followup_helpers import customer
from tests.ui.test_calendar import TODAY, open_calendar, settle


async def test_fifty_birthday_messages_marked_sent_log_a_contact_each(db_path, db):
    clerk = staff.add_staff("Mina")
    set_desk(clerk.id)
    for key, value in (("followups.festival_sets", []), ("followups.season_days", []),
                       ("followups.vip_events", []), ("followups.neglect_days", {})):
        settings.put(key, value)
    settings.put("shop.name", "衣尚")
    ids = []
    for n in range(50):
        c = customer(f"王{n}", gender="F", locale="zh_Hans")
        ids.append(FollowUp.create(customer=c, kind="birthday", due_on=TODAY, reason="Birthday",
                                   dedupe_key=f"birthday:{c.id}:2027", is_marketing=True).id)
    call = FollowUp.create(customer=c, kind="post_purchase", due_on=TODAY, reason="fit check")
    app = DeskApp(db_path, today=TODAY)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_calendar(pilot, app)
        # the call list holds the call only; the greetings wait in the send list
        assert list(screen.query_one(AgendaList).items) == [call.id]
        assert "Messages to send: 50" in str(screen.query_one("#agenda-title").render())
        await pilot.press("m")
        await settle(pilot, app)
        send = app.screen
        assert isinstance(send, SendListScreen)
        assert [g.count for g in send.groups] == [50]
        assert send.messages[0].message.endswith("——衣尚")
        await pilot.press("a")
        await settle(pilot, app)
        assert isinstance(app.screen, Confirm)
        HOLDS.holds.clear()
        HOLDS.enabled = True
        try:
            await pilot.press("y")
            await settle(pilot, app)
        finally:
            HOLDS.enabled = False
        assert send.groups == []
    # all fifty closed and logged in one write transaction (every BEGIN..COMMIT is timed)
    assert len(HOLDS.holds) == 1
    logged = {c.followup_id for c in Contact.select().where(Contact.outcome == "sent")}
    assert logged == set(ids)
    assert FollowUp.select().where(FollowUp.id.in_(ids) & (FollowUp.status == "done")).count() == 50
    assert FollowUp.get_by_id(call.id).status == "open"
