"""The nine steps in one line: done ✓, current ▶, to do ·; names shown when there is room."""

from __future__ import annotations

from rich.cells import cell_len
from rich.text import Text
from textual.widgets import Static

from deskcrm.i18n import _


class StepIndicator(Static):
    DEFAULT_CSS = """
    StepIndicator {
        height: 1;
        padding: 0 1;
        background: $boost;
    }
    """

    def __init__(self, titles: list[str], **kwargs) -> None:
        super().__init__(**kwargs)
        self.titles = titles  # English step names; translated when drawn
        self.current = 1
        self.done: frozenset[int] = frozenset()
        self.viewing = 1

    def show(self, current: int, done: set[int] | frozenset[int], viewing: int) -> None:
        self.current, self.done, self.viewing = current, frozenset(done), viewing
        self.refresh()

    def _cells(self, with_names: bool) -> Text:
        text = Text()
        for number, title in enumerate(self.titles, start=1):
            if number in self.done:
                mark, style = "✓", "green"
            elif number == self.current:
                mark, style = "▶", "bold reverse"
            else:
                mark, style = "·", "dim"
            label = f"{mark}{number}"
            if with_names or number == self.viewing:
                label += f" {_(title)}"
            if number == self.viewing:
                style += " underline"
            text.append(label, style=style)
            text.append("  " if with_names else " ")
        return text

    def render(self) -> Text:
        wide = self._cells(with_names=True)
        room = self.size.width - 2
        return wide if cell_len(wide.plain) <= room or room <= 0 else self._cells(with_names=False)
