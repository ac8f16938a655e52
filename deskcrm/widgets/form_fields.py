"""A labelled Input with its error line beneath, and showing per-field errors on a form."""

from __future__ import annotations

from collections.abc import Iterator, Mapping

from textual.containers import Horizontal
from textual.dom import DOMNode
from textual.widget import Widget
from textual.widgets import Checkbox, Input, Label, Select

from deskcrm.i18n import N_, _

CALENDAR_CHOICES = ((N_("Solar"), "solar"), (N_("Lunar (Korean)"), "KR"), (N_("Lunar (Chinese)"), "CN"))


class FieldRow(Horizontal):
    DEFAULT_CSS = """
    FieldRow { height: 1; margin-top: 1; }
    FieldRow > .field-label { width: 24; color: $text-muted; }
    FieldRow > Input { width: 1fr; }
    """


def field(
    title: str, name: str, value: str = "", placeholder: str = "", restrict: str | None = None
) -> Iterator[Widget]:
    """Label and Input on one line (id f-<name>), its error line beneath (id e-<name>).

    One line per field keeps a long form scrollable at 80x24.
    """
    with FieldRow():
        yield Label(title, classes="field-label")
        yield Input(value=value, placeholder=placeholder, id=f"f-{name}", restrict=restrict, compact=True)
    yield error_line(name)


def error_line(name: str) -> Label:
    line = Label("", id=f"e-{name}", classes="field-error")
    line.display = False
    return line


def show_errors(form: DOMNode, errors: Mapping[str, str]) -> None:
    """Put each message under its field; clear the ones that are fixed. Focus the first wrong one."""
    first = None
    for line in form.query(".field-error").results(Label):
        name = (line.id or "")[2:]
        message = errors.get(name, "")
        line.update(_(message))
        line.display = bool(message)
        widgets = form.query(f"#f-{name}")
        if widgets:
            widgets.first().set_class(bool(message), "-invalid")
            if message and first is None:
                first = widgets.first()
    if first is not None:
        first.focus()


class ErrorsClearAsFixed:
    """Mixed into a form: editing a field takes its error line away at once (the message
    was about what had been typed there; saving checks every field again)."""

    def on_input_changed(self, event: Input.Changed) -> None:
        ident = event.input.id or ""
        if not ident.startswith("f-"):
            return
        for line in self.query(f"#e-{ident[2:]}").results(Label):  # type: ignore[attr-defined]
            if line.display:
                line.update("")
                line.display = False
                event.input.remove_class("-invalid")


def value_of(form: DOMNode, name: str) -> str:
    return form.query_one(f"#f-{name}", Input).value


def calendar_row(prefix: str = "") -> Iterator[Widget]:
    """Calendar choice and leap-month box under a date (ids f-<prefix>calendar, f-<prefix>leap)."""
    with Horizontal(classes="row"):
        yield Select(
            [(_(t), v) for t, v in CALENDAR_CHOICES], value="solar", allow_blank=False,
            id=f"f-{prefix}calendar",
        )
        yield Checkbox(_("Leap month"), id=f"f-{prefix}leap")
