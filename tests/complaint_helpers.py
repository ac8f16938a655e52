"""Valid input for each of the nine steps and Pilot moves, shared by the complaint tests."""

from __future__ import annotations

import datetime as dt

from deskcrm.services.complaints import workflow as complaints
from deskcrm.services.derived import refresh
from deskcrm.store.models import Customer, Purchase, Staff
from tests.desk_helpers import set_desk

TODAY = dt.date(2026, 5, 11)
NOW = dt.datetime(2026, 5, 11, 2, 30)


def valid_data(step: int, staff_id: int | None = None) -> dict:
    return {
        1: {"description": "拉链坏了,穿了两次", "item": "A-102 羽绒服 M 黑", "channel": "visit"},
        2: {"emotion": "upset", "place": "seated"},
        3: {"apology_given": True, "wording": "给您添麻烦了"},
        4: {"restatement_confirmed": True, "category": "quality"},
        5: {"explanation": "拉链批次问题,我们负责维修"},
        6: {"solution": "换新拉链", "owner_id": staff_id, "promised_on": "2026-05-15"},
        7: {"compensation": "small_gift", "value": "50"},
        8: {"satisfaction": "4", "thanks_given": True, "final_wish": ""},
        9: {"followup_on": "2026-05-18"},
    }[step]


def make_shop() -> tuple[int, int]:
    """A staff member and a customer with a purchase; defaults in place. Returns (staff, customer)."""
    complaints.ensure_defaults()
    mina = Staff.create(name="Mina")
    customer = refresh(Customer(name="王小明", phone="13800138000", tier="gold",
                                total_spend=1_200_000, purchase_count=1))
    customer.save()
    Purchase.create(customer=customer, purchased_on=dt.date(2026, 4, 30), item="羽绒服 A-102",
                    amount=129_900, staff=mina)
    return mina.id, customer.id


def walk(complaint_id: int, staff_id: int, upto: int, first: int = 1) -> complaints.ComplaintView:
    view = None
    for step in range(first, upto + 1):
        view = complaints.complete_step(complaint_id, step, valid_data(step, staff_id),
                                        staff_id=staff_id, now=NOW, today=TODAY)
    return view


# --- driving the app ---------------------------------------------------------------


async def settle(app, pilot) -> None:
    """Let the screen's workers finish, then the messages they posted (which may start more)."""
    await app.workers.wait_for_complete()
    await pilot.pause()
    await app.workers.wait_for_complete()
    await pilot.pause()


async def choose(app, pilot, downs: int) -> None:
    """Open the focused Select, move down `downs` options from the blank prompt, pick."""
    await pilot.press("enter", *["down"] * downs, "enter")


async def save(app, pilot, key: str = "ctrl+s") -> None:
    await pilot.press(key)
    await settle(app, pilot)


def text_of(app, selector: str) -> str:
    return str(app.screen.query_one(selector).render())


def drawn(app, selector: str) -> list[str]:
    """A widget's lines as drawn on screen (for rich renderables that str() can't show)."""
    widget = app.screen.query_one(selector)
    return [strip.text for strip in widget.render_lines(widget.outer_size.region)]


async def open_first(app, pilot) -> None:
    """F4, then Enter on the first complaint in the list."""
    await pilot.press("f4")
    await settle(app, pilot)
    await pilot.press("enter")
    await settle(app, pilot)


def desk_shop() -> tuple[int, int]:
    """make_shop() with Mina at the desk, so the app asks nobody."""

    staff_id, customer_id = make_shop()
    set_desk(staff_id)
    return staff_id, customer_id
