"""Every key a screen offers can be found at 80x24 in every language: the screen's own keys
in the footer (wrapped to two rows, never past the edge), F2-F5 as tabs in the top line,
and, where even that is not enough, F1 says "All keys" and ctrl+p runs the rest by name."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from textual.widgets._footer import FooterKey

from deskcrm import i18n
from deskcrm.app import DeskApp
from deskcrm.services import settings
from deskcrm.widgets.footer import DeskFooter
from deskcrm.widgets.mode_header import ModeHeader
from tests.customer_helpers import TODAY, desk_fixture, file_customer, keys, settle  # noqa: F401
from tests.ui_helpers import sign_in_manager

SCREENS = ("f2", "f3", "f4", "f5")


@contextmanager
def rebuilds() -> Iterator[list[str]]:
    """The screens whose footer is rebuilt (recomposed) inside the block."""
    rebuilt: list[str] = []
    original = DeskFooter.recompose

    async def counted(self):
        rebuilt.append(type(self.screen).__name__)
        return await original(self)

    DeskFooter.recompose = counted
    try:
        yield rebuilt
    finally:
        DeskFooter.recompose = original


def _own_keys(screen) -> set[str]:
    return {b.id for b in screen.BINDINGS if getattr(b, "show", True) and getattr(b, "id", None)}


@pytest.mark.parametrize("language", ["en", "zh_Hans", "ko"])
async def test_every_key_of_the_four_screens_shows_at_80x24(db_path, desk, language):
    file_customer("王小明", "13800138000")
    settings.put("ui.language", language)
    app = DeskApp(db_path, today=TODAY)
    try:
        async with app.run_test(size=(80, 24)) as pilot:
            await settle(app, pilot)
            sign_in_manager(app)
            for key in SCREENS:
                await keys(app, pilot, key)
                screen = app.screen
                footer = screen.query_one(DeskFooter)
                shown = [k for k in footer.query(FooterKey)]
                assert footer.size.height <= 2
                for k in shown:  # inside the screen, on a footer row, not on top of another
                    assert k.region.width and k.region.right <= 80 and k.region.y >= 24 - footer.size.height
                spans = sorted((k.region.y, k.region.x, k.region.right) for k in shown)
                for (y1, _x1, r1), (y2, x2, _r2) in zip(spans, spans[1:], strict=False):
                    assert y1 != y2 or r1 <= x2
                hidden = set(footer.hidden_keys)
                assert not hidden & _own_keys(screen), f"{key} in {language}: {hidden}"
                tabs = str(screen.query_one(ModeHeader).format_title())
                assert all(f"f{n}" in tabs for n in (2, 3, 4, 5))
    finally:
        i18n.set_language("en")


async def test_keys_with_no_room_are_named_on_f1_and_run_from_the_palette(db_path, desk):
    file_customer("王小明", "13800138000")
    app = DeskApp(db_path, today=TODAY)
    async with app.run_test(size=(48, 24)) as pilot:
        await settle(app, pilot)
        await keys(app, pilot, "f3")
        footer = app.screen.query_one(DeskFooter)
        assert footer.hidden_keys  # 48 columns cannot hold the calendar's keys
        labels = {k.key: k.description for k in footer.query(FooterKey)}
        assert labels.get("f1") == "All keys"
        await keys(app, pilot, "ctrl+p", *"Templates")
        await keys(app, pilot, "enter")
        assert type(app.screen).__name__ == "TemplatesScreen"


async def test_switching_screens_rebuilds_no_footer_and_keys_are_born_styled(db_path, desk):
    """A screen's footer is rebuilt only when the keys it shows change: going F2 -> F3 -> F2
    once cost both screens' footers a rebuild (and every key two CSS passes)."""
    file_customer("王小明", "13800138000")
    app = DeskApp(db_path, today=TODAY)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        for key in SCREENS[:2]:
            await pilot.press(key)
            await settle(app, pilot)
        with rebuilds() as rebuilt:
            for key in ("f2", "f3", "f2"):
                await pilot.press(key)
                await settle(app, pilot)
        assert rebuilt == []
        footer = app.screen.query_one(DeskFooter)
        assert footer.compact  # 80 columns
        assert all(key.compact and key.has_class("-compact") for key in footer.query(FooterKey))
        assert list(footer.shown_text())


@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
async def test_a_screen_shown_the_first_time_builds_its_footer_once(db_path, desk, size):
    """The footer is composed with its keys: an empty footer that grew two rows after the
    screen's first frame laid out and painted the whole weekly review again."""
    file_customer("王小明", "13800138000")
    app = DeskApp(db_path, today=TODAY)
    async with app.run_test(size=size) as pilot:
        await settle(app, pilot)
        sign_in_manager(app)
        with rebuilds() as rebuilt:
            # F3's keys change once its grid takes focus, so its footer is rebuilt then
            for key in ("f4", "f5"):
                await pilot.press(key)
                await settle(app, pilot)
                footer = app.screen.query_one(DeskFooter)
                assert list(footer.shown_text()), key
                assert footer.compact == (size[0] < 100)
        assert rebuilt == []
