"""Where stored text becomes something on screen: always literally, never as markup.

Names, notes, tags and imported values are data. Textual and Rich read a plain `str`
as markup (a customer called `[/]` would crash the list, `[bold]x` would show bold)
and pass escape codes to the terminal; `plain()` makes a `Text` that shows exactly
what was typed, with control characters drawn as visible symbols.
"""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual.widgets import DataTable

# C0 controls (but newline and tab) and DEL → their Unicode "control picture" (␛ for ESC)
_VISIBLE = {code: 0x2400 + code for code in range(0x20) if chr(code) not in "\n\t"} | {0x7F: 0x2421}


def visible(text: str) -> str:
    return text.translate(_VISIBLE)


def plain(value: Any, style: str = "") -> Any:
    """A `str` as literal `Text`; anything already renderable (a `Text`, a table) as it is."""
    if isinstance(value, Text) or not isinstance(value, str):
        return value
    return Text(visible(value), style=style)


class PlainTable(DataTable):
    """A DataTable whose `str` cells and column titles are shown literally."""

    def add_column(self, label: Any, *args: Any, **kwargs: Any):  # type: ignore[override]
        return super().add_column(plain(label), *args, **kwargs)

    def add_row(self, *cells: Any, **kwargs: Any):  # type: ignore[override]
        return super().add_row(*(plain(cell) for cell in cells), **kwargs)

    def update_cell(self, row_key: Any, column_key: Any, value: Any, **kwargs: Any) -> None:  # type: ignore[override]
        super().update_cell(row_key, column_key, plain(value), **kwargs)

    def update_cell_at(self, coordinate: Any, value: Any, **kwargs: Any) -> None:  # type: ignore[override]
        super().update_cell_at(coordinate, plain(value), **kwargs)
