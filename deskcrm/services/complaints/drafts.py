"""A draft of the step form a clerk left half-filled.

A step is saved only when completed, but a clerk called away mid-sentence must not
lose what was typed. The form's raw values are kept on the complaint (one draft per
complaint: the form that was on screen) until that step is completed or corrected.
A draft is not a step: it is never validated, never advances the complaint and
writes no ComplaintStep row. Anyone who resumes the complaint gets it back.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from typing import Any

from deskcrm.store.models import Complaint, Staff

__all__ = ["Draft", "clear_draft_for", "parse_draft", "save_draft"]


@dataclass(frozen=True)
class Draft:
    step: int
    round: int
    call: bool  # the follow-up call's form (step 9 once scheduled), not step 9's own
    data: dict[str, Any]
    staff_id: int | None
    staff_name: str
    saved_at: dt.datetime

    def applies_to(self, step: int, round_: int, call: bool) -> bool:
        return (self.step, self.round, self.call) == (step, round_, call)


def _plain(value: Any) -> Any:
    """Form values as JSON can keep them (Select gives ints or strings, Checkbox bools)."""
    if value is None or isinstance(value, bool | int | float | str):
        return value
    return str(value)


def save_draft(complaint_id: int, step: int, data: dict[str, Any], *, call: bool = False,
               staff_id: int | None, now: dt.datetime) -> bool:
    """Keep the unsaved form of `step`; False when the complaint is closed (nothing written)."""
    row = Complaint.get_by_id(complaint_id)
    payload = {"step": step, "round": row.round, "call": call,
               "data": {str(k): _plain(v) for k, v in data.items()},
               "staff_id": staff_id, "saved_at": now.isoformat(timespec="seconds")}
    # a single-row UPDATE: atomic on its own, and a closed complaint keeps no draft
    written = Complaint.update(draft=json.dumps(payload, ensure_ascii=False)).where(
        (Complaint.id == complaint_id) & (Complaint.status == "open")).execute()
    return written == 1


def parse_draft(text: str) -> Draft | None:
    """The stored draft, or None (none kept, or unreadable: a draft is never worth a crash)."""
    if not text:
        return None
    try:
        raw = json.loads(text)
        staff_id = raw.get("staff_id")
        who = Staff.get_or_none(Staff.id == staff_id) if staff_id else None
        return Draft(int(raw["step"]), int(raw["round"]), bool(raw.get("call")),
                     dict(raw["data"]), staff_id, who.name if who else "",
                     dt.datetime.fromisoformat(raw["saved_at"]))
    except (ValueError, KeyError, TypeError, AttributeError):
        return None


def clear_draft_for(complaint: Complaint, step: int) -> dict[str, str]:
    """The column change that drops the draft once `step` is saved for real ({} to keep it)."""
    draft = parse_draft(complaint.draft)
    if complaint.draft and (draft is None or draft.step == step):
        return {"draft": ""}
    return {}
