"""A step's fields as widgets: built from `complaint_steps.StepField`s, read back as a dict.

Each field is followed by its own error line (class `field-error`), so a refused
value is explained where it was typed.
"""

from __future__ import annotations

from typing import Any

from textual.containers import Vertical
from textual.widget import Widget
from textual.widgets import Checkbox, Input, Label, Select, TextArea

from deskcrm.i18n import _
from deskcrm.services.complaints.steps import StepField, format_money
from deskcrm.vocabulary import word

Options = list[tuple[str, Any]]


class StepForm(Vertical):
    DEFAULT_CSS = """
    StepForm { height: auto; }
    StepForm TextArea { height: 5; }
    StepForm .field-label { padding: 0 1; color: $text-muted; }
    StepForm .field-error { height: auto; }
    """

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.fields: tuple[StepField, ...] = ()
        # kept by key, not queried: the wizard reads the values while it is being unmounted
        self.inputs: dict[str, Widget] = {}

    async def build(self, fields: tuple[StepField, ...], values: dict[str, Any],
                    options: dict[str, Options], currency: str, read_only: bool = False) -> None:
        self.fields = fields
        self.inputs = {}
        await self.remove_children()
        widgets: list[Widget] = []
        for field in fields:
            required = " *" if field.required else ""
            if field.kind != "bool":
                hint = f" ({_(field.hint)})" if field.hint else ""
                widgets.append(Label(f"{_(field.label)}{required}{hint}", classes="field-label"))
            widget = self._widget(field, values.get(field.key), options, currency)
            widget.disabled = read_only
            self.inputs[field.key] = widget
            widgets.append(widget)
            widgets.append(Label("", id=f"err-{field.key}", classes="field-error"))
        await self.mount_all(widgets)

    def _widget(self, field: StepField, value: Any, options: dict[str, Options], currency: str) -> Widget:
        wid = f"f-{field.key}"
        if field.kind == "bool":
            return Checkbox(_(field.label) + (" *" if field.required else ""), bool(value), id=wid)
        if field.kind == "textarea":
            return TextArea(str(value or ""), id=wid, soft_wrap=True, show_line_numbers=False)
        if field.kind in ("choice", "category", "compensation", "staff", "rating"):
            choices = options.get(field.kind) or [(word(c), c) for c in field.choices]
            known = {v for _label, v in choices}
            return Select(choices, value=value if value in known else Select.NULL, id=wid,
                          prompt=_("Choose…"))
        if field.kind == "money" and isinstance(value, int):
            value = format_money(value, currency).replace(",", "")
        placeholder = "YYYY-MM-DD" if field.kind == "date" else ""
        # validate_on empty: -invalid is set by show_errors, and Input's own validator-less
        # check would clear it as soon as the cursor moved on
        return Input(str(value or ""), id=wid, placeholder=placeholder, validate_on=())

    def values(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for field in self.fields:
            widget = self.inputs[field.key]
            if isinstance(widget, TextArea):
                out[field.key] = widget.text
            elif isinstance(widget, Select):
                out[field.key] = widget.selection
            else:
                out[field.key] = widget.value
        return out

    def set_value(self, key: str, value: str) -> None:
        for widget in self.query(f"#f-{key}").results(Input):
            widget.value = value

    def show_errors(self, errors: dict[str, str]) -> None:
        first = None
        for field in self.fields:
            message = errors.get(field.key, "")
            self.query_one(f"#err-{field.key}", Label).update(_(message) if message else "")
            widget = self.query_one(f"#f-{field.key}")
            widget.set_class(bool(message), "-invalid")
            if message and first is None:
                first = widget
        if first is not None:
            first.focus()
            first.scroll_visible()
