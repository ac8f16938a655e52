"""CustomerChanged reaches every mode screen, not only the customer file (see deskcrm/messages.py)."""

from pathlib import Path

from textual.screen import Screen

import deskcrm.app
from deskcrm.app import DeskApp
from deskcrm.messages import CustomerChanged
from deskcrm.store.models import Contact
from tests.customer_helpers import TODAY, desk_fixture, file_customer, keys, settle  # noqa: F401


class RecordingScreen(Screen):
    def __init__(self) -> None:
        super().__init__()
        self.seen: list[int | None] = []

    def on_customer_changed(self, message: CustomerChanged) -> None:
        assert message.forwarded
        self.seen.append(message.customer_id)


class RecordingApp(DeskApp):
    """The real app with the calendar mode replaced by a screen that records what it hears."""

    CSS_PATH = Path(deskcrm.app.__file__).parent / DeskApp.CSS_PATH  # relative paths follow the subclass

    def mode_screens(self) -> dict:
        return super().mode_screens() | {"calendar": RecordingScreen}


async def test_a_contact_logged_on_f2_is_heard_on_the_calendar_screen(db_path, desk):
    cid = file_customer("王小明", "13800138000")
    app = RecordingApp(db_path, today=TODAY)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await keys(app, pilot, "f3", "f2")  # the calendar screen exists once it was shown
        await keys(app, pilot, "c", "ctrl+s")
        calendar = app._screen_stacks["calendar"][0]
        assert isinstance(calendar, RecordingScreen)
        assert calendar.seen == [cid]  # once: the copy does not bubble back to be forwarded again
        app.screen.post_message(CustomerChanged(None))  # posted on a screen, it bubbles to the app
        await settle(app, pilot)
        assert calendar.seen == [cid, None]
    assert Contact.select().count() == 1
