"""Columns that shrink by rule, so a table of figures fits a shop terminal's 80 columns.

In order, only as far as needed:
1. headers wrap onto two lines at a space ("On time" over two; a CJK header without spaces
   is split in half between characters; one Latin word never);
2. columns sit one space apart instead of two;
3. the widest column gives up cells, its values cut with "…" (a reason, a name).
Widths are measured with cell_len, so 王小明 and 김민수 take two cells a character.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from rich.cells import cell_len, set_cell_size

MIN_CUT = 8  # a column cut in step 3 keeps at least this many cells


@dataclass(frozen=True)
class Fitted:
    headers: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    widths: tuple[int, ...]
    header_height: int
    cell_padding: int


def _halves(header: str) -> str:
    """A header on two lines, split where the lines come out most even."""
    if "\n" in header or cell_len(header) <= 4:
        return header
    words = header.split(" ")
    if len(words) > 1:
        cuts = [(" ".join(words[:i]), " ".join(words[i:])) for i in range(1, len(words))]
    elif cell_len(header) > len(header):  # CJK, no spaces: between two characters
        cuts = [(header[:i], header[i:]) for i in range(1, len(header))]
    else:  # one Latin word is never broken
        return header
    top, bottom = min(cuts, key=lambda c: max(cell_len(c[0]), cell_len(c[1])))
    return f"{top}\n{bottom}"


def _width(text: str) -> int:
    return max((cell_len(line) for line in text.split("\n")), default=0)


def _total(headers: Sequence[str], rows: Sequence[Sequence[str]], gap: int) -> tuple[int, list[int]]:
    widths = [max([_width(h)] + [cell_len(r[i]) for r in rows]) for i, h in enumerate(headers)]
    return sum(widths) + gap * len(widths), widths


def cut_to(text: str, width: int) -> str:
    """`text` in at most `width` cells, a cut one ending in "…" so nobody reads it as whole."""
    return text if cell_len(text) <= width else set_cell_size(text, width - 1).rstrip() + "…"


def fit_columns(headers: Sequence[str], rows: Sequence[Sequence[str]], room: int) -> Fitted:
    """The headers and rows to show in `room` cells (a DataTable's cell_padding of 1 puts two
    spaces between columns; padding 0 with a leading space, one)."""
    rows = [tuple(r) for r in rows]
    total, widths = _total(headers, rows, 2)
    if total <= room:
        return Fitted(tuple(headers), tuple(rows), tuple(widths), 1, 1)
    wrapped = tuple(_halves(h) for h in headers)
    total, widths = _total(wrapped, rows, 2)
    if total <= room:
        return Fitted(wrapped, tuple(rows), tuple(widths), 2, 1)
    # one space apart: padding 0, each cell led by a space
    total, widths = _total(wrapped, rows, 1)
    if total > room:
        widest = max(range(len(widths)), key=widths.__getitem__)
        keep = max(MIN_CUT, widths[widest] - (total - room))
        rows = [tuple(cut_to(c, keep) if i == widest else c for i, c in enumerate(r)) for r in rows]
        wrapped = tuple(h if i != widest else "\n".join(cut_to(line, keep) for line in h.split("\n"))
                        for i, h in enumerate(wrapped))
    lead = tuple("\n".join(" " + line for line in h.split("\n")) for h in wrapped)
    led = [tuple(" " + c for c in r) for r in rows]
    _total_, widths = _total(lead, led, 0)
    return Fitted(lead, tuple(led), tuple(widths), 2, 0)
