"""The customer list draws its cells and rows without Rich's padding: exactly as the DataTable would."""

import asyncio
import contextlib

from deskcrm.app import DeskApp
from deskcrm.widgets.customer_table import CustomerTable
from tests.customer_helpers import TODAY, card_text, file_customer, settle, table_names
from tests.fast_table_helpers import compare_cells, compare_lines, compare_rows


@contextlib.asynccontextmanager
async def focused_list(db_path):
    app = DeskApp(db_path, today=TODAY, ask_staff=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        table = app.screen.query_one(CustomerTable)
        table.focus()
        await settle(app, pilot)
        yield table


async def test_fast_cells_are_the_cells_the_datatable_draws(db_path, db):
    file_customer("王小明", "13800138000")
    file_customer("김민수", "010-1234-5678")
    file_customer("Anna Maria Lopez-Fernandez", "555 0101")  # cut with an ellipsis
    file_customer("陈", "")
    async with focused_list(db_path) as table:
        assert compare_cells(table) == table.row_count * 5 * 8


async def test_fast_rows_are_the_rows_the_datatable_draws(db_path, db):
    for i in range(6):
        file_customer(f"顾客{i}", f"1380013800{i}")
    async with focused_list(db_path) as table:
        assert compare_rows(table) == table.row_count * 4
        assert compare_lines(table) == table.row_count * 4


async def test_typing_and_opening_cards_lay_nothing_out(db_path, db):
    """A keystroke and another customer's card change what is drawn, never where: no
    layout of the screen (Textual's Input asks for one per character; the card's
    height changes per customer)."""
    for name in ("Wang Xiao", "Wang Xiaoming", "Li Wei", "Zhang Wei"):
        file_customer(name, "13800138000")
    app = DeskApp(db_path, today=TODAY, ask_staff=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("slash")  # the footer shows the search box's keys: laid out once
        await settle(app, pilot)
        screen = app.screen
        laid_out = []
        layout = screen._refresh_layout
        screen._refresh_layout = lambda *a, **k: (laid_out.append(a), layout(*a, **k))[1]
        await pilot.press("w", "a", "n", "g")
        await settle(app, pilot)
        table = screen.query_one(CustomerTable)
        assert sorted(table_names(app)) == ["Wang Xiao", "Wang Xiaoming"]
        assert "Wang Xiao" in card_text(app)
        assert laid_out == []
        await pilot.press("down")  # to the list: the footer shows the list's keys
        await settle(app, pilot)
        assert table.has_focus and table.cursor_row == 0
        laid_out.clear()
        await pilot.press("down")
        await settle(app, pilot)
        assert table.cursor_row == 1
        assert f"{table_names(app)[1]}\n" in card_text(app)
        assert laid_out == []


async def test_the_scrollbar_repaints_only_when_it_changes(db_path, db, monkeypatch):
    """Textual repaints a scrollbar whenever the virtual size is set; the list sets it on
    every keystroke, mostly to the same size."""
    from textual.scrollbar import ScrollBar

    for n in range(60):
        file_customer(f"客户{n:02d}", f"1380013{n:04d}")
    async with focused_list(db_path) as table:
        bar = table.vertical_scrollbar
        bare = []
        real = ScrollBar.refresh

        def counted(self, *regions, **kwargs):
            if self is bar and not regions and not kwargs:
                bare.append(1)
            return real(self, *regions, **kwargs)

        monkeypatch.setattr(ScrollBar, "refresh", counted)
        table._scroll_update(table.virtual_size)
        assert bare == []  # nothing changed: not drawn again
        before = bar.window_virtual_size
        table._scroll_update(table.virtual_size._replace(height=table.virtual_size.height + 5))
        assert bar.window_virtual_size == before + 5 and bare == [1]  # a longer list: drawn


async def test_a_cursor_key_repaints_only_the_row_it_left_and_the_row_it_reached(db_path, db):
    """A cursor key repaints the row left and the row reached, and no longer the hover
    row when there is no hover to take away (DataTable redrew it on every key)."""
    for i in range(12):
        file_customer(f"顾客{i:02d}", f"1380013800{i:02d}")
    async with focused_list(db_path) as table:
        table.render_lines(table.region.reset_offset)  # every line drawn once
        drawn: list[int] = []
        draw = table._render_line_in_row
        table._render_line_in_row = lambda key, *a, **k: (drawn.append(table._row_locations.get(key)),
                                                          draw(key, *a, **k))[1]
        refreshed: list[int] = []
        refresh_row = table.refresh_row
        table.refresh_row = lambda row: (refreshed.append(row), refresh_row(row))[1]
        before = table.render_lines(table.region.reset_offset)
        assert drawn == []  # nothing changed: every line from the cache
        table.action_cursor_down()
        after = table.render_lines(table.region.reset_offset)
        assert sorted(drawn) == [0, 1] and refreshed == [0, 1]
        changed = [y for y, (a, b) in enumerate(zip(before, after, strict=True)) if a != b]
        assert len(changed) == 2  # the two rows' lines, below the header


async def test_the_card_keeps_its_styles_until_the_theme_changes(db_path, db):
    from deskcrm.widgets.profile_card import ProfileCard

    file_customer("王小明", "13800138000")
    async with focused_list(db_path) as table:
        app = table.app
        card = app.screen.query_one(ProfileCard)
        kept = card._style()
        assert card._style() is kept  # once per card, not once per line drawn
        app.theme = "textual-light" if app.theme != "textual-light" else "textual-dark"
        await app.workers.wait_for_complete()
        for _ in range(3):
            await asyncio.sleep(0)
        assert card._style() == (card.visual_style.rich_style, card.link_style if card.auto_links else None)
        assert card._style()[0] != kept[0]  # the new theme's colours
