"""Where to write the weekly review, and in which format."""

from __future__ import annotations

from pathlib import Path

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label, RadioButton, RadioSet

from deskcrm.i18n import _

FORMATS = (("md", "Markdown"), ("html", "HTML"), ("csv", "CSV tables"))


def default_path(week: str, fmt: str) -> str:
    return str(Path.home() / f"deskcrm-review-{week}.{fmt}")


class ExportDialog(ModalScreen[tuple[str, str] | None]):
    AUTO_FOCUS = "#path"
    BINDINGS = [
        Binding("escape", "dismiss(None)", _("Cancel"), id="export.cancel"),
        Binding("ctrl+s", "export", _("Export"), id="export.save", priority=True),
    ]

    def __init__(self, week: str) -> None:
        super().__init__()
        self.week = week
        self.fmt = "md"

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(_("Export the week {week}").format(week=self.week), classes="title")
            yield Label(_("Format"))
            with RadioSet(id="format"):
                for i, (code, name) in enumerate(FORMATS):
                    yield RadioButton(_(name), value=i == 0, id=f"fmt-{code}")
            yield Label(_("File"))
            yield Input(default_path(self.week, self.fmt), id="path")
            yield Label("", id="path-error", classes="field-error")
            yield Label(_("Enter or ctrl+s exports; escape cancels."), classes="muted")

    @on(RadioSet.Changed, "#format")
    def format_changed(self, event: RadioSet.Changed) -> None:
        new = (event.pressed.id or "fmt-md").removeprefix("fmt-")
        path = self.query_one("#path", Input)
        # follow the format in the file name unless the manager typed their own
        if path.value.endswith(f".{self.fmt}"):
            path.value = path.value[: -len(self.fmt)] + new
        self.fmt = new

    @on(Input.Submitted, "#path")
    def action_export(self) -> None:
        text = self.query_one("#path", Input).value.strip()
        error = self.query_one("#path-error", Label)
        if not text:
            error.update(_("A file name is needed."))
            return
        if Path(text).expanduser().is_dir():
            error.update(_("That is a folder: add a file name."))
            return
        self.dismiss((text, self.fmt))
