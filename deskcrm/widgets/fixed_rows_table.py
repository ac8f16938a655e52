"""A DataTable of one-line rows and fixed column widths, drawn without measuring.

Every cell reaches the table already cut and padded to its column's width, so a new
page is drawn without measuring a cell: `_update_dimensions` only counts rows, and a
row becomes its segments directly instead of going through Rich's padding, wrapping
and a walk up the DOM for each style. At 100 000 customers that drawing was most of
a keystroke's time on the UI thread.

The styles a row is drawn with depend on its index, the cursor and the CSS, not on
what the row says; they are kept across pages (`_styles`), so a new page of 36 rows
costs 36 string joins, not 36 x 5 style computations. CSS or theme changes clear them.
"""

from __future__ import annotations

from rich.cells import cell_len
from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual.geometry import Region, Size
from textual.strip import Strip

from deskcrm.widgets.fixed_region import FixedRegion
from deskcrm.widgets.plain import PlainTable

_STYLES_KEPT = 4096  # (row index, column, cursor, hover, ...) combinations: a few screens' worth


class FixedRowsTable(FixedRegion, PlainTable):
    """Rows change in place (height 1fr): a repaint, never a layout of the screen."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._styles: dict[tuple, Style] = {}
        self._frame: dict[object, object] | None = None  # memo for one render_lines call

    def notify_style_update(self) -> None:
        self._styles.clear()
        super().notify_style_update()

    def _set_hover_cursor(self, active: bool) -> None:
        # DataTable turns the hover cursor off on every cursor key and redraws the hover
        # row even when it was off already: that row (the first, for a mouse that never
        # moved) was drawn again with every Down, and the frame's box reached up to it
        if active != self._show_hover_cursor:
            super()._set_hover_cursor(active)

    def _update_dimensions(self, new_rows) -> None:  # type: ignore[override]
        # fixed widths and one-line rows: the size follows from the counts alone
        header = self.header_height if self.show_header else 0
        width = sum(column.get_render_width(self) for column in self.columns.values())
        with self.in_place():
            self.virtual_size = Size(width, len(self.rows) + header)
        if self.size:
            # what a layout would do for a widget whose own size did not change; a
            # scrollbar that comes or goes asks for its layout itself
            self._scroll_update(self.virtual_size)

    # --- one frame: what every line needs is computed once ------------------------------

    def render_lines(self, crop: Region) -> list[Strip]:
        self._frame = {}
        try:
            return super().render_lines(crop)
        finally:
            self._frame = None

    def _memo(self, key: object, compute):
        frame = self._frame
        if frame is None:
            return compute()
        if key not in frame:
            frame[key] = compute()
        return frame[key]

    @property
    def rich_style(self) -> Style:  # type: ignore[override]
        # a walk up the DOM; DataTable asks for it once per line
        return self._memo("rich_style", lambda: super(FixedRowsTable, self).rich_style)

    def _get_row_style(self, row_index: int, base_style: Style) -> Style:
        parity = -1 if row_index < 0 else ("fixed" if row_index < self.fixed_rows else row_index % 2)
        return self._memo(("row", parity, base_style), lambda: super(FixedRowsTable, self)._get_row_style(
            row_index, base_style))

    def _keep(self, key: tuple, compute) -> Style:
        style = self._styles.get(key)
        if style is None:
            if len(self._styles) >= _STYLES_KEPT:
                self._styles.clear()
            style = self._styles[key] = compute()
        return style

    # --- a data row's line ------------------------------------------------------------------

    def _simple_row(self, row_key, line_no: int) -> int | None:
        """The row's index when its line is drawn here, not by DataTable."""
        simple = (row_key is not self._header_row_key and not self.fixed_columns and line_no == 0
                  and self.cursor_type == "row" and not self._labelled_row_exists)
        return self._row_locations.get(row_key) if simple else None

    def _render_line(self, y: int, x1: int, x2: int, base_style: Style) -> Strip:
        """A data row's line as DataTable would give it, without its crop and joins.

        The cells already fill their columns, and the row's colour is carried to the
        right edge, so the segments are the line: DataTable then cropped it to what it
        already was and measured it again (a fifth of drawing the list per keystroke).
        """
        width = self.size.width
        try:
            row_key, line_no = self._get_offsets(y)
        except LookupError:
            return super()._render_line(y, x1, x2, base_style)
        if x1 != 0 or x2 < width or self._simple_row(row_key, line_no) is None:
            return super()._render_line(y, x1, x2, base_style)
        # DataTable's own key: whatever clears its lines clears these
        key = (y, x1, x2, width, self.cursor_coordinate, self.hover_coordinate, base_style, self.cursor_type,
               self._show_hover_cursor, self._update_count, self._pseudo_class_state)
        strip = self._line_cache.get(key)
        if strip is not None:
            return strip
        _fixed, cells = self._render_line_in_row(row_key, line_no, base_style, self.cursor_coordinate,
                                                 self.hover_coordinate)
        segments = [segment for cell in cells for segment in cell]
        length = sum(column.get_render_width(self) for column in self.ordered_columns)
        if length > width:  # wider than the table's region: DataTable crops it
            return super()._render_line(y, x1, x2, base_style)
        strip = self._line_cache[key] = Strip(segments, width)
        return strip

    def _render_line_in_row(self, row_key, line_no, base_style, cursor_location, hover_location):  # type: ignore[override]
        row_index = self._simple_row(row_key, line_no)
        if row_index is None:
            return super()._render_line_in_row(row_key, line_no, base_style, cursor_location, hover_location)
        cursor = row_index == cursor_location.row
        hover = row_index == hover_location.row
        row_style = self._get_row_style(row_index, base_style)
        cells = []
        table_width = 0
        for column_index, column in enumerate(self.ordered_columns):
            width = column.get_render_width(self)
            table_width += width
            cells.append(self._render_cell(row_index, column_index, row_style, width, cursor=cursor,
                                           hover=hover)[0])
        # the row's colour carried to the right edge, as DataTable does for a row cursor
        extend_style = self._keep(
            ("extend", row_index, row_style, cursor, hover, self.show_cursor, self._show_hover_cursor,
             self._pseudo_class_state),
            lambda: row_style + self._get_styles_to_render_cell(
                False, False, False, hover, cursor, self.show_cursor, self._show_hover_cursor, False, False,
            )[0] + Style.from_meta({"row": row_index, "column": 0, "out_of_bounds": True}),
        )
        cells.append([Segment(" " * max(0, self.size.width - table_width), extend_style)])
        return [], cells

    def _render_cell(self, row_index: int, column_index: int, base_style: Style, width: int,  # type: ignore[override]
                     cursor: bool = False, hover: bool = False):
        lines = None
        if row_index >= 0 and column_index >= 0:
            lines = self.fast_cell(row_index, column_index, base_style, width, cursor, hover)
        return lines if lines is not None else super()._render_cell(
            row_index, column_index, base_style, width, cursor, hover)

    def fast_cell(self, row_index: int, column_index: int, base_style: Style, width: int,
                  cursor: bool, hover: bool) -> list[list[Segment]] | None:
        """The cell's one line of segments, as Rich would draw it; None when Rich must draw it.

        A cell of one style (no spans) that fits its column is drawn as Rich draws it: the
        text in the cell's style over the row's, the padding and the room left in the row's
        alone (a struck-through or underlined text does not strike its padding).
        """
        row_key = self._row_locations.get_key(row_index)
        column_key = self._column_locations.get_key(column_index)
        cell = self._data[row_key][column_key]
        padding = self.cell_padding
        if not isinstance(cell, Text):
            return None
        text = cell.plain
        room = width - 2 * padding - cell_len(text)
        if (cell.spans or cell.justify not in (None, "default", "left") or room < 0
                or "\n" in text or "\t" in text or row_index < self.fixed_rows
                or column_index < self.fixed_columns):
            return None
        show_hover = self._show_hover_cursor

        def styled(own: str | Style | None) -> Style:
            # what Segment.apply_style gives the padding (no style of its own) and the text:
            # the row's and the column's, then the text's own, then the cursor's
            component_style, post_style = self._get_styles_to_render_cell(
                False, False, False, hover, cursor, self.show_cursor, show_hover,
                self.cursor_foreground_priority == "css", self.cursor_background_priority == "css",
            )
            style = base_style + Style.from_meta({"row": row_index, "column": column_index}) + component_style
            if own:
                style += self.app.console.get_style(own, default=Style.null())
            return style + post_style if post_style else style

        key = (row_index, column_index, base_style, cursor, hover, show_hover, self.show_cursor,
               self._pseudo_class_state)
        style = self._keep(key, lambda: styled(None))
        gap = " " * padding
        own = cell.style
        if not own:
            # the text draws in the cell's style, padding and all: one segment
            return [[Segment(f"{gap}{text}{' ' * room}{gap}", style)]]
        return [[Segment(gap, style), Segment(text, self._keep((*key, own), lambda: styled(own))),
                 Segment(" " * room + gap, style)]]
