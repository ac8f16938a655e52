"""The review export: the file's extension and the format written always agree."""

from __future__ import annotations

import pytest
from textual.widgets import Input, RadioSet

from deskcrm.app import DeskApp
from deskcrm.screens.review.export_dialog import ExportDialog, export_target, format_of, with_format
from tests.review_helpers import TODAY
from tests.ui.test_review_screen import PIN, settle, shop, sign_in


@pytest.mark.parametrize(("typed", "chosen", "written"), [
    ("week.md", "md", ("week.md", "md")),
    ("week.html", "md", ("week.html", "html")),  # the name decides: no Markdown in a .html
    ("week.HTM", "csv", ("week.HTM", "html")),
    ("week", "csv", ("week.csv", "csv")),
    ("~/周报", "html", ("~/周报.html", "html")),
    ("week.txt", "md", ("week.txt", "md")),  # a name of her own is kept as typed
    ("  week.csv ", "md", ("week.csv", "csv")),
])  # fmt: skip
def test_export_target(typed, chosen, written):
    assert export_target(typed, chosen) == written
    path, fmt = written
    assert format_of(path) in (None, fmt)


def test_with_format_replaces_only_a_format_extension():
    assert with_format("/tmp/review.2026-W11.md", "html") == "/tmp/review.2026-W11.html"
    assert with_format("/tmp/review.markdown", "csv") == "/tmp/review.csv"
    assert with_format("/tmp/notes.txt", "csv") == "/tmp/notes.txt"


async def _open_export(app, pilot) -> Input:
    await sign_in(app, pilot, PIN)
    await pilot.press("x")
    await settle(app, pilot)
    assert isinstance(app.screen, ExportDialog)
    return app.screen.query_one("#path", Input)


def _chosen(app) -> str:
    pressed = app.screen.query_one("#format", RadioSet).pressed_button
    return (pressed.id or "").removeprefix("fmt-")


async def test_typed_extension_chooses_the_format_and_the_file_holds_it(db_path, db, tmp_path):
    shop()
    app = DeskApp(db_path, today=TODAY)
    async with app.run_test(size=(80, 24)) as pilot:
        path = await _open_export(app, pilot)
        assert _chosen(app) == "md"
        # the chosen format shows at 80x24, with the file name under it
        for widget in (app.screen.query_one("#format", RadioSet), path):
            assert widget.region.height and widget.region.bottom <= 24
        target = tmp_path / "week.html"
        await pilot.press("ctrl+u", *str(target))
        await settle(app, pilot)
        assert _chosen(app) == "html"  # the name chose HTML
        await pilot.press("enter")
        await settle(app, pilot)
        assert not isinstance(app.screen, ExportDialog)
    text = target.read_text(encoding="utf-8")
    assert text.lstrip().lower().startswith(("<!doctype html", "<html")) and "| " not in text


async def test_choosing_a_format_renames_and_a_bare_name_gets_its_extension(db_path, db, tmp_path):
    shop()
    app = DeskApp(db_path, today=TODAY)
    async with app.run_test(size=(80, 24)) as pilot:
        path = await _open_export(app, pilot)
        await pilot.press("shift+tab", "down", "space")  # HTML
        await settle(app, pilot)
        assert path.value.endswith(".html") and _chosen(app) == "html"
        await pilot.press("down", "space")  # CSV
        await settle(app, pilot)
        assert path.value.endswith(".csv") and _chosen(app) == "csv"
        path.value = str(tmp_path / "week")
        await pilot.press("ctrl+s")
        await settle(app, pilot)
    assert (tmp_path / "week.csv").read_text(encoding="utf-8-sig").startswith("Weekly review")
