"""Checks that a FixedRowsTable's own drawing (widgets/fixed_rows_table.py) is the DataTable's."""

from textual.coordinate import Coordinate
from textual.widgets import DataTable

from deskcrm.widgets.plain import PlainTable

CURSOR_AND_HOVER = ((False, False), (True, False), (False, True), (True, True))


def chars(lines):
    return [(ch, seg.style) for line in lines for seg in line for ch in seg.text]


def compare_cells(table) -> int:
    """Every cell drawn fast, on an odd and an even row, under and off the cursor and the
    mouse, as the DataTable draws it through Rich; the number of cells compared."""
    compared = 0
    for row in range(table.row_count):
        for column, col in enumerate(table.ordered_columns):
            width = col.get_render_width(table)
            for base in (table.rich_style, table.get_component_rich_style("datatable--even-row")):
                for cursor, hover in CURSOR_AND_HOVER:
                    fast = table.fast_cell(row, column, base, width, cursor, hover)
                    slow = PlainTable._render_cell(table, row, column, base, width, cursor, hover)
                    assert fast is not None, (row, column)
                    assert chars(fast) == chars(slow), (row, column, cursor, hover)
                    table._cell_render_cache.clear()
                    compared += 1
    return compared


def compare_rows(table) -> int:
    """Every row's line drawn fast as the DataTable draws it; the number of lines compared."""
    base = table.rich_style
    compared = 0
    for row in range(table.row_count):
        key = table._row_locations.get_key(row)
        for cursor_row, hover_row in ((0, 0), (row, 0), (0, row), (row, row)):
            cursor, hover = Coordinate(cursor_row, 0), Coordinate(hover_row, 0)
            fixed, fast = table._render_line_in_row(key, 0, base, cursor, hover)
            slow_fixed, slow = DataTable._render_line_in_row(table, key, 0, base, cursor, hover)
            assert fixed == slow_fixed == []
            assert [chars([cell]) for cell in fast] == [chars([cell]) for cell in slow], (row, cursor, hover)
            table._row_render_cache.clear()
            compared += 1
    return compared


def compare_lines(table) -> int:
    """Every data row's whole line (widgets/fixed_rows_table._render_line) as DataTable's
    own `_render_line` gives it, under and off the cursor and the mouse; lines compared."""
    from textual.strip import Strip

    base = table.rich_style
    width = table.size.width
    header = 1 if table.show_header else 0
    compared = 0
    saved = table.cursor_coordinate, table.hover_coordinate
    for row in range(table.row_count):
        for cursor_row, hover_row in ((0, 0), (row, 0), (0, row), (row, row)):
            table.cursor_coordinate, table.hover_coordinate = Coordinate(cursor_row, 0), Coordinate(hover_row, 0)
            table._line_cache.clear()
            fast = table._render_line(row + header, 0, width, base)
            table._line_cache.clear()
            slow = DataTable._render_line(table, row + header, 0, width, base)
            assert isinstance(fast, Strip) and fast.cell_length == slow.cell_length == width
            assert chars([list(fast)]) == chars([list(slow)]), (row, cursor_row, hover_row)
            compared += 1
    table.cursor_coordinate, table.hover_coordinate = saved
    table._line_cache.clear()
    return compared
