"""A closed complaint's whole story: every step record with who, when, and what it captured.

Values are shown as the clerk chose them (field labels, category and ladder names,
staff names, money), never as the stored JSON keys and codes.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from rich.console import Group, RenderableType
from rich.padding import Padding
from rich.text import Text
from textual.widgets import Static

from deskcrm.i18n import _
from deskcrm.services.complaints.steps import (
    FOLLOWUP_CALL_FIELDS,
    StepField,
    format_money,
    step_def,
)
from deskcrm.services.complaints.workflow import ComplaintView, StepRecord

# what a record may hold besides its step's own fields (the follow-up call's answer)
_EXTRA = {f.key: f for f in FOLLOWUP_CALL_FIELDS} | {
    "outcome": StepField("outcome", "Call", "choice"),
}
_OUTCOMES = {"no_answer": "no answer"}


def local_time(at: dt.datetime) -> str:
    return at.replace(tzinfo=dt.UTC).astimezone().strftime("%Y-%m-%d %H:%M")


class ComplaintHistory(Static):
    DEFAULT_CSS = """
    ComplaintHistory { height: auto; padding: 0 0 1 0; }
    """

    def show(self, view: ComplaintView, names: dict[str, dict[Any, str]], currency: str) -> None:
        """`names` maps a field kind (category, compensation, staff) to {code or id: name}."""
        parts: list[RenderableType] = []
        rounds = max((r.round for r in view.history), default=1)
        for record in view.history:
            self._record(parts, record, rounds > 1, names, currency)
        self.update(Group(*parts))

    def _record(self, parts: list[RenderableType], r: StepRecord, rounds: bool,
                names: dict[str, dict[Any, str]], currency: str) -> None:
        text = Text()
        text.append(f"{r.step}. {_(step_def(r.step).title)}", style="bold")
        text.append(f"  {r.staff_name or '?'} · {local_time(r.completed_at)}", style="dim")
        if rounds:
            text.append(f" · {_('round')} {r.round}", style="dim")
        if r.is_correction:
            text.append(f"  {_('correction')}", style="bold")
        parts.append(text)
        fields = {f.key: f for f in step_def(r.step).fields} | _EXTRA
        for key, value in r.data.items():
            if value in (None, "", False):
                continue
            field = fields.get(key)
            # the label without its typing hint: "Promised by (YYYY-MM-DD)" → "Promised by"
            label = _(field.label).split(" (")[0] if field else key
            line = Text.assemble((f"{label}: ", "dim"), self._value(field, value, names, currency))
            parts.append(Padding(line, (0, 0, 0, 3)))  # a long answer wraps under itself

    @staticmethod
    def _value(field: StepField | None, value: Any, names: dict[str, dict[Any, str]],
               currency: str) -> str:
        kind = field.kind if field else ""
        if value is True:
            return "✓"
        if kind == "money" and isinstance(value, int):
            return format_money(value, currency)
        if kind == "rating":
            return f"{value}/5"
        if kind in names:
            return names[kind].get(value, str(value))
        if kind == "choice":
            return _(_OUTCOMES.get(value, str(value)))
        return str(value)
