"""From the F2 card: merge two files, log a contact, start a complaint — checked on screen and in the database."""

import datetime as dt

import pytest
from textual.widgets._footer import FooterKey

from deskcrm.app import DeskApp
from deskcrm.screens.complaints.wizard import ComplaintWizard
from deskcrm.screens.customers.merge import MergeChooser, MergePick
from deskcrm.screens.customers.modals import ContactModal
from deskcrm.services import contacts
from deskcrm.services.purchases import PurchaseInput, log_purchase
from deskcrm.store.models import AuditLog, Complaint, Contact, Customer, Purchase
from deskcrm.widgets.customer_table import CustomerTable
from tests.customer_helpers import (
    NOW,
    SIZES,
    TODAY,
    card_text,
    customers_screen,
    desk_fixture,  # noqa: F401  (the desk fixture)
    file_customer,
    keys,
    settle,
    table_names,
)


def select(app, customer_id: int) -> None:
    table = customers_screen(app).query_one(CustomerTable)
    table.focus()
    table.move_cursor(row=table.get_row_index(str(customer_id)))


@pytest.mark.parametrize("size", SIZES)
async def test_merge_two_files_field_by_field(db_path, desk, size):
    survivor = file_customer("王小明", "13800138000", hobbies="golf")
    other = file_customer("Wang Xiaoming", "13911112222", email="wxm@example.com", hobbies="tea")
    bystander = file_customer("李四", "13700001111")
    log_purchase(other, PurchaseInput(TODAY, "silk coat", "1,200"), today=TODAY, now=NOW)
    contacts.log_contact(other, at=NOW, channel="call", kind="care", outcome="reached", note="hi", staff_id=None)
    app = DeskApp(db_path, today=TODAY)
    async with app.run_test(size=size) as pilot:
        await settle(app, pilot)
        select(app, survivor)
        await settle(app, pilot)
        await keys(app, pilot, "m")
        assert isinstance(app.screen, MergePick)
        await keys(app, pilot, *"xiaoming", "enter")
        options = app.screen.query_one("OptionList")
        assert options.option_count == 1  # the survivor itself is never offered
        await keys(app, pilot, "enter")
        chooser = app.screen
        assert isinstance(chooser, MergeChooser)
        fields = [d.field for d in chooser.diffs]
        assert {"name", "phone", "email", "hobbies"} <= set(fields)
        assert chooser.choices["email"] == "other"  # empty here: filled from the other file
        # take the other's phone (→), keep this file's hobbies (default ←)
        await keys(app, pilot, *["down"] * fields.index("phone"), "right")
        await keys(app, pilot, *["down"] * (fields.index("hobbies") - fields.index("phone")), "right", "left")
        await keys(app, pilot, "ctrl+s")
        assert not isinstance(app.screen, (MergePick, MergeChooser))
        assert sorted(table_names(app)) == sorted(["王小明", "李四"])
        assert "silk coat" in card_text(app) and "1,200" in card_text(app)
    row = Customer.get_by_id(survivor)
    assert (row.name, row.phone, row.email, row.hobbies) == ("王小明", "13911112222", "wxm@example.com", "golf")
    assert not Customer.select().where(Customer.id == other).exists()
    assert Customer.select().where(Customer.id == bystander).exists()
    assert [p.customer_id for p in Purchase.select()] == [survivor]
    assert [c.customer_id for c in Contact.select()] == [survivor]
    assert (row.purchase_count, row.total_spend, row.last_contact_at) == (1, 120000, NOW)
    audit = AuditLog.get(AuditLog.action == "merge")
    assert (audit.entity_id, audit.staff_name) == (survivor, "Mina")
    assert f'"other_id": {other}' in audit.detail


@pytest.mark.parametrize("size", SIZES)
async def test_log_contact_from_the_card(db_path, desk, size):
    cid = file_customer("王小明", "13800138000")
    app = DeskApp(db_path, today=TODAY)
    async with app.run_test(size=size) as pilot:
        await settle(app, pilot)
        assert "No contacts yet" in card_text(app)
        await keys(app, pilot, "c")
        assert isinstance(app.screen, ContactModal)
        app.screen.query_one("#f-kind").value = "callback"
        app.screen.query_one("#f-note").focus()
        await keys(app, pilot, *"asked about the coat", "ctrl+s")
        assert not isinstance(app.screen, ContactModal)
        text = card_text(app)
        assert "asked about the coat" in text and "No contacts yet" not in text
    contact = Contact.get()
    assert (contact.customer_id, contact.channel, contact.kind, contact.outcome, contact.staff_id) == (
        cid, "call", "callback", "reached", desk.id,
    )
    last = Customer.get_by_id(cid).last_contact_at
    assert last is not None and last == contact.at and dt.datetime.now() - last < dt.timedelta(days=1)


@pytest.mark.parametrize("size", SIZES)
async def test_k_starts_a_complaint_for_the_selected_customer(db_path, desk, size):
    file_customer("李四", "13911112222")
    cid = file_customer("王小明", "13800138000")
    app = DeskApp(db_path, today=TODAY)
    async with app.run_test(size=size) as pilot:
        await settle(app, pilot)
        select(app, cid)
        await settle(app, pilot)
        shown = {k.key: str(k.description) for k in app.screen.query(FooterKey)}
        assert shown.get("k") == "Complaint"
        await keys(app, pilot, "k")
        assert isinstance(app.screen, ComplaintWizard) and app.screen.customer_id == cid
    complaint = Complaint.get()
    assert complaint.customer_id == cid and complaint.status == "open"
