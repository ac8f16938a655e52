"""The customer card's lines at a width, laid out by hand instead of by Rich tables.

A card is a column of short paragraphs, label/value pairs and one table of purchases.
Rich lays out a `Table` by measuring every cell, rendering each row's cells as
renderables and padding them, twice for a grid inside a group: that was 5-10 ms of
every card opened at the counter (issue 15), for lines whose columns follow from a few
string widths. Here each block knows its columns from `cell_len` and wraps only the
values that do not fit, so a card is laid out in well under a millisecond.

A `CardLayout` is also a Rich renderable (tests and `console.print` see the same lines
the card draws).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from rich.cells import cell_len
from rich.console import Console, ConsoleOptions, RenderResult
from rich.segment import Segment
from rich.text import Text

Line = list[Segment]
DATE_WIDTH = 10  # an ISO date: never squeezed
STYLE_NO_MAX = 10
MIN_ITEM = 6  # the purchase's item keeps this much before the style no. gives way


def _segments(console: Console, text: Text) -> Line:
    return [s for s in text.render(console, end="") if s.text]


def _fit(console: Console, text: Text, width: int) -> list[Line]:
    """`text` (one line, no newline) wrapped to `width`; one line when it fits."""
    if cell_len(text.plain) <= width:
        return [_segments(console, text)]
    return [_segments(console, line) for line in text.wrap(console, max(1, width), overflow="fold")]


def _cell(console: Console, text: Text, width: int) -> Line:
    """`text` on one line of exactly `width` cells: padded, or cut and ended with an ellipsis."""
    cells = cell_len(text.plain)
    if cells > width:
        cut = text.copy()
        cut.truncate(max(0, width - 1), overflow="crop")
        cut.rstrip()
        cut.append("…")
        text, cells = cut, cell_len(cut.plain)
    return [*_segments(console, text), *_pad(width - cells)]


def _pad(cells: int) -> Line:
    return [Segment(" " * cells)] if cells > 0 else []


@dataclass(frozen=True)
class Paragraph:
    """Text wrapped to the card's width; each newline in it starts a line (a blank one too)."""

    text: Text

    def lines(self, console: Console, width: int) -> list[Line]:
        out: list[Line] = []
        for line in self.text.split("\n", allow_blank=True) if "\n" in self.text.plain else [self.text]:
            out.extend(_fit(console, line, width) if line.plain else [[]])
        return out


@dataclass(frozen=True)
class Pairs:
    """Labels in bold on the left, each value beside its label, wrapped under itself."""

    rows: tuple[tuple[Text, Text], ...]

    def lines(self, console: Console, width: int) -> list[Line]:
        if not self.rows:
            return []
        # a long label never takes more than half the card: the value is what is read
        key_width = min(max(cell_len(k.plain) for k, _v in self.rows), max(1, width // 2))
        value_width = max(1, width - key_width - 1)
        out: list[Line] = []
        for key, value in self.rows:
            lead = _cell(console, key, key_width)
            first, *rest = _fit(console, value, value_width) if value.plain else [[]]
            out.append([*lead, Segment(" "), *first])
            out.extend([*_pad(key_width + 1), *line] for line in rest)
        return out


@dataclass(frozen=True)
class PurchaseRow:
    day: str
    what: Text
    style_no: Text
    amount: str


@dataclass(frozen=True)
class Purchases:
    """Date, item, style no. and amount: a narrow card squeezes the item and then the style
    no., never the date or the amount."""

    rows: tuple[PurchaseRow, ...]

    def lines(self, console: Console, width: int) -> list[Line]:
        if not self.rows:
            return []
        amount_width = max(cell_len(r.amount) for r in self.rows)
        style_width = min(STYLE_NO_MAX, max(cell_len(r.style_no.plain) for r in self.rows))
        fixed = DATE_WIDTH + 1 + amount_width
        item_width = width - fixed - 1 - (style_width + 1 if style_width else 0)
        if item_width < MIN_ITEM and style_width:
            style_width = max(0, style_width - (MIN_ITEM - item_width))
            item_width = width - fixed - 1 - (style_width + 1 if style_width else 0)
        out: list[Line] = []
        for r in self.rows:
            line: Line = [Segment(r.day), *_pad(DATE_WIDTH - cell_len(r.day)), Segment(" ")]
            if item_width > 0:
                line += [*_cell(console, r.what, item_width), Segment(" ")]
            if style_width:
                line += [*_cell(console, r.style_no, style_width), Segment(" ")]
            line += [*_pad(amount_width - cell_len(r.amount)), Segment(r.amount)]
            out.append(_crop(line, width) if item_width <= 0 else line)
        return out


def _crop(line: Line, width: int) -> Line:
    return Segment.adjust_line_length(line, width, pad=False)


Block = Paragraph | Pairs | Purchases


class CardLayout:
    """A card as blocks, one under another."""

    def __init__(self, blocks: Iterable[Block]) -> None:
        self.blocks: Sequence[Block] = tuple(blocks)

    @classmethod
    def of_text(cls, text: Text) -> CardLayout:
        return cls([Paragraph(text)])

    def lines(self, console: Console, width: int) -> list[Line]:
        width = max(1, width)
        out: list[Line] = []
        for block in self.blocks:
            out.extend(block.lines(console, width))
        return out

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        new_line = Segment.line()
        for line in self.lines(console, options.max_width):
            yield from line
            yield new_line
