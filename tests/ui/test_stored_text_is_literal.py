"""Text a person or an import stored is data: `[/]`, `[bold]x` and escape codes show as typed."""

from __future__ import annotations

from deskcrm.app import DeskApp
from deskcrm.services import people
from deskcrm.services.complaints import workflow as complaints
from deskcrm.services.followups.actions import add_manual
from tests.complaint_helpers import valid_data
from tests.customer_helpers import (  # noqa: F401
    NOW,
    TODAY,
    card_text,
    desk_fixture,
    file_customer,
    keys,
    settle,
    table_names,
)
from tests.ui_helpers import sign_in_manager

EVIL = "[/] [bold]x \x1b[31mred"


def _everything_evil(staff_id: int) -> int:
    cid = file_customer(
        f"{EVIL} 王", "13800138000", notes=EVIL, tags=(EVIL,), family=EVIL, hobbies=EVIL,
        occupation=EVIL, form_of_address=EVIL, city=EVIL, district=EVIL, address=EVIL,
    )
    _id, errors = people.save_related(cid, people.RelatedInput(name=EVIL, relation=EVIL, notes=EVIL), TODAY)
    assert not errors
    add_manual(cid, TODAY, EVIL, NOW, staff_id, message=EVIL)
    complaint = complaints.open_complaint(customer_id=cid, staff_id=staff_id, now=NOW)
    data = dict(valid_data(1), description=EVIL, item=EVIL)
    complaints.complete_step(complaint, 1, data, staff_id=staff_id, now=NOW, today=TODAY)
    return cid


async def test_markup_in_every_field_shows_literally_on_every_screen(db_path, desk):
    _everything_evil(desk.id)
    app = DeskApp(db_path, today=TODAY)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        sign_in_manager(app)
        shown = card_text(app)
        assert "[/] [bold]x ␛[31mred" in shown  # literally, the escape code drawn, not obeyed
        assert table_names(app)[0].startswith("[/] [bold]x")
        for screen_keys in (["e"], ["r"], ["i"], ["p"], ["c"], ["k"]):
            await keys(app, pilot, *screen_keys)
            await keys(app, pilot, "escape", "escape")
        for key in ("f3", "f4", "f5", "f2", "f9", "f10", "f8", "f1"):
            await keys(app, pilot, key)
            await keys(app, pilot, "enter", "down", "enter")
            await keys(app, pilot, "escape", "escape", "f2")
        await keys(app, pilot, "ctrl+p", *"[/]")
        await keys(app, pilot, "escape")
    assert app.return_code in (None, 0)
