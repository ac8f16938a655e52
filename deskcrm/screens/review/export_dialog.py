"""Where to write the weekly review, and in which format.

The format and the file name's extension always agree: choosing a format changes a
known extension, typing a name ending in .html chooses HTML, and a name typed
without an extension gets the format's. (It once wrote Markdown into a `.html`.)
"""

from __future__ import annotations

from pathlib import Path

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label, RadioButton, RadioSet

from deskcrm.i18n import N_, _
from deskcrm.widgets.footer import DeskFooter

FORMATS = (("md", N_("Markdown")), ("html", N_("HTML")), ("csv", N_("CSV tables")))
# extensions people type for each format
SUFFIXES = {".md": "md", ".markdown": "md", ".html": "html", ".htm": "html", ".csv": "csv"}


def default_path(week: str, fmt: str) -> str:
    return str(Path.home() / f"deskcrm-review-{week}.{fmt}")


def format_of(path: str) -> str | None:
    """The format a file name's extension names, if it names one."""
    return SUFFIXES.get(Path(path.strip()).suffix.lower())


def with_format(path: str, fmt: str) -> str:
    """The file name for `fmt`: a format's extension is replaced, none is added, any other
    extension (week.txt) is left as typed."""
    text = path.strip()
    suffix = Path(text).suffix
    if suffix.lower() in SUFFIXES:
        return text[: -len(suffix)] + f".{fmt}"
    return f"{text}.{fmt}" if text and not suffix else text


def export_target(path: str, fmt: str) -> tuple[str, str]:
    """(file, format) to write: the name's extension decides when it names a format."""
    named = format_of(path)
    return (path.strip(), named) if named else (with_format(path, fmt), fmt)


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
        yield DeskFooter()

    @on(RadioSet.Changed, "#format")
    def format_changed(self, event: RadioSet.Changed) -> None:
        new = (event.pressed.id or "fmt-md").removeprefix("fmt-")
        if new == self.fmt:
            return
        self.fmt = new
        path = self.query_one("#path", Input)
        if format_of(path.value) not in (None, new):
            path.value = with_format(path.value, new)

    @on(Input.Changed, "#path")
    def path_changed(self, event: Input.Changed) -> None:
        named = format_of(event.value)
        if named and named != self.fmt:
            self.fmt = named  # set first: the button's Changed then finds nothing to do
            self.query_one(f"#fmt-{named}", RadioButton).value = True

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
        self.dismiss(export_target(text, self.fmt))
