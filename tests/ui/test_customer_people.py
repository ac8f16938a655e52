"""Related people (r) and important dates (i) edited from F2, checked in the database and on the card."""

import pytest

from deskcrm.app import DeskApp
from deskcrm.screens.customers.people import ImportantDatesList, RelatedPeopleList
from deskcrm.screens.customers.people_forms import DateForm, RelatedForm
from deskcrm.services import people
from deskcrm.store.models import AuditLog, Customer, ImportantDate, RelatedPerson
from tests.customer_helpers import (
    SIZES,
    TODAY,
    card_text,
    desk_fixture,  # noqa: F401  (the desk fixture)
    file_customer,
    keys,
    settle,
)


@pytest.mark.parametrize("size", SIZES)
async def test_add_edit_remove_a_related_person(db_path, desk, size):
    cid = file_customer("王小明", "13800138000")
    before = Customer.get_by_id(cid).completeness
    app = DeskApp(db_path, today=TODAY)
    async with app.run_test(size=size) as pilot:
        await settle(app, pilot)
        await keys(app, pilot, "r")
        assert isinstance(app.screen, RelatedPeopleList)
        await keys(app, pilot, "a")
        assert isinstance(app.screen, RelatedForm)
        await keys(app, pilot, *"王美", "tab", *"daughter", "tab", *"13911112222", "tab", *"03-08", "ctrl+s")
        assert isinstance(app.screen, RelatedPeopleList)
        assert app.screen.query_one("DataTable").row_count == 1
        assert "王美" in card_text(app) and "daughter" in card_text(app)
        row = RelatedPerson.get()
        assert (row.customer_id, row.relation, row.birth_month, row.birth_day, row.birth_year) == (
            cid, "daughter", 3, 8, None,
        )
        assert Customer.get_by_id(cid).completeness > before
        # edit: e opens the row, the relation changes
        await keys(app, pilot, "e")
        await keys(app, pilot, "tab", "end", *["backspace"] * 8, *"son", "ctrl+s")
        assert RelatedPerson.get_by_id(row.id).relation == "son"
        assert "son" in card_text(app)
        # remove asks; n keeps, y removes
        await keys(app, pilot, "x", "n")
        assert RelatedPerson.select().count() == 1
        await keys(app, pilot, "x", "y")
        assert RelatedPerson.select().count() == 0
        await keys(app, pilot, "escape")
        assert "王美" not in card_text(app)
    assert Customer.get_by_id(cid).completeness == before
    assert AuditLog.select().where(AuditLog.entity_id == cid).count() >= 4


async def test_related_person_errors_show_at_the_field(db_path, desk):
    file_customer("王小明", "13800138000")
    app = DeskApp(db_path, today=TODAY)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await keys(app, pilot, "r", "a")
        await keys(app, pilot, "tab", "tab", *"12ab", "tab", *"1999-02-29", "ctrl+s")
        assert isinstance(app.screen, RelatedForm)
        for name in ("name", "phone", "birthday"):
            assert app.screen.query_one(f"#e-{name}").display, name
        assert "29 February" in str(app.screen.query_one("#e-birthday").render())
    assert RelatedPerson.select().count() == 0


async def test_lunar_leap_birthday_of_a_related_person(db_path, desk):
    cid = file_customer("김민수", "010-5555-1234")
    app = DeskApp(db_path, today=TODAY)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        await keys(app, pilot, "r", "a")
        await keys(app, pilot, *"김지영", "tab", *"wife", "tab", "tab", *"04-15")
        form = app.screen
        form.query_one("#f-calendar").value = "KR"
        form.query_one("#f-leap").value = True
        await keys(app, pilot, "ctrl+s")
        assert not isinstance(app.screen, RelatedForm)
        assert "lunar KR" in str(app.screen.query_one("DataTable").get_row_at(0)[3])
    row = RelatedPerson.get()
    assert (row.customer_id, row.birth_calendar, row.birth_leap, row.birth_month) == (cid, "KR", True, 4)


@pytest.mark.parametrize("size", SIZES)
async def test_important_date_linked_to_a_related_person(db_path, desk, size):
    cid = file_customer("王小明", "13800138000")
    people.save_related(cid, people.RelatedInput("王美", "daughter"), TODAY)
    app = DeskApp(db_path, today=TODAY)
    async with app.run_test(size=size) as pilot:
        await settle(app, pilot)
        await keys(app, pilot, "i")
        assert isinstance(app.screen, ImportantDatesList)
        await keys(app, pilot, "a")
        assert isinstance(app.screen, DateForm)
        await keys(app, pilot, *"wedding anniversary", "tab", *"10-01")
        app.screen.query_one("#f-calendar").value = "CN"
        app.screen.query_one("#f-related").value = RelatedPerson.get().id
        await keys(app, pilot, "ctrl+s")
        assert isinstance(app.screen, ImportantDatesList)
        assert "wedding anniversary" in card_text(app)
        cells = [str(c) for c in app.screen.query_one("DataTable").get_row_at(0)]
        assert "lunar CN" in cells[1] and "王美" in cells[3]
        # a date without a label, or a day that does not exist, is refused at the field
        await keys(app, pilot, "a", "tab", *"02-30", "ctrl+s")
        assert app.screen.query_one("#e-label").display and app.screen.query_one("#e-date").display
        await keys(app, pilot, "escape")
        await keys(app, pilot, "x", "y")
        await keys(app, pilot, "escape")
        assert "wedding anniversary" not in card_text(app)
    assert ImportantDate.select().count() == 0


async def test_important_date_row_and_next_occurrence(db_path, desk):
    cid = file_customer("王小明", "13800138000")
    app = DeskApp(db_path, today=TODAY)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await keys(app, pilot, "i", "a")
        await keys(app, pilot, *"opening day", "tab", *"2026-03-01", "ctrl+s")
        await keys(app, pilot, "escape")
        assert "2026-03-01" in card_text(app)
    row = ImportantDate.get()
    assert (row.customer_id, row.year, row.month, row.day, row.calendar, row.recurring) == (
        cid, 2026, 3, 1, "solar", True,
    )
