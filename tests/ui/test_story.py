"""One whole story by keyboard: a walk-in is filed, buys a coat, the fit-check call
falls due a week later on the calendar, and the clerk marks it done."""

import datetime as dt

from deskcrm.app import DeskApp
from deskcrm.screens.calendar.followup_modals import DoneModal
from deskcrm.services import settings, staff
from deskcrm.store.models import Contact, Customer, FollowUp, Purchase
from deskcrm.widgets.agenda_list import AgendaList
from deskcrm.widgets.month_grid import MonthGrid
from tests.customer_helpers import card_text, keys, settle
from tests.desk_helpers import set_desk

TODAY = dt.date(2027, 3, 10)


async def test_walk_in_purchase_callback_due_in_a_week_then_done(db_path, db):
    mina = staff.add_staff("Mina")
    set_desk(mina.id)
    # keep the call list to this story: no festivals, seasons or gatherings
    settings.put("followups.festival_sets", [])
    settings.put("followups.season_days", [])
    settings.put("followups.vip_events", [])
    app = DeskApp(db_path, today=TODAY)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        # walk-in: name and phone only
        await keys(app, pilot, "f2", "n")
        await keys(app, pilot, *"王小明", "tab", *"13800138000", "ctrl+s")
        customer = Customer.get(Customer.name == "王小明")
        # the purchase, logged from the card
        await keys(app, pilot, "p")
        await keys(app, pilot, *"羊毛大衣", "tab", *"2,480.00", "ctrl+s")
        assert Purchase.get().amount == 248000
        await settle(app, pilot)
        callback = FollowUp.get(FollowUp.customer == customer.id, FollowUp.kind == "post_purchase")
        assert callback.status == "open"
        assert TODAY < callback.due_on <= TODAY + dt.timedelta(days=7)

        # a week on, the calendar shows it on its day
        await keys(app, pilot, "f3")
        grid = app.screen.query_one(MonthGrid)
        for _ in range((callback.due_on - TODAY).days):
            await pilot.press("right")
        await settle(app, pilot)
        assert grid.selected == callback.due_on
        agenda = app.screen.query_one(AgendaList)
        assert callback.id in agenda.items
        await pilot.press("tab")
        agenda.move_cursor(row=agenda.get_row_index(str(callback.id)))
        await pilot.pause()
        await keys(app, pilot, "d")
        assert isinstance(app.screen, DoneModal)
        await keys(app, pilot, "tab", *"fits well, no washing questions", "ctrl+s")

        done = FollowUp.get_by_id(callback.id)
        assert (done.status, done.done_by_id) == ("done", mina.id)
        contact = Contact.get(Contact.followup == callback.id)
        assert contact.customer_id == customer.id and "fits well" in contact.note
        # and the customer's card shows the call
        await keys(app, pilot, "f2")
        assert "fits well" in card_text(app)
