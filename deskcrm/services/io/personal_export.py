"""Everything the shop holds about one customer, for their right to see it.

Two files: JSON (complete, for another system) and plain text (for the person
to read). Internal search keys are left out: they are derived, not data about
the person.
"""

from __future__ import annotations

import datetime as dt
import json
import os
from pathlib import Path
from typing import Any

from peewee import Model

from deskcrm.i18n import _
from deskcrm.services.derived import tag_names
from deskcrm.services.io.private import private_output
from deskcrm.store.models import (
    Complaint,
    ComplaintStep,
    Contact,
    Customer,
    FollowUp,
    ImportantDate,
    Purchase,
    RelatedPerson,
    TierChange,
)

DERIVED = frozenset(
    ("name_key", "initials", "pinyin", "choseong", "phone_digits", "phone_tail", "sort_key",
     "search_text")
)


class NoSuchCustomer(Exception):
    pass


def _plain(row: Model, drop: frozenset[str] = frozenset()) -> dict[str, Any]:
    out = {}
    for key, value in row.__data__.items():
        if key in drop:
            continue
        out[key] = value.isoformat() if isinstance(value, dt.date | dt.datetime) else value
    return out


def personal_data(customer_id: int) -> dict[str, Any]:
    customer = Customer.get_or_none(Customer.id == customer_id)
    if customer is None:
        raise NoSuchCustomer(_("There is no customer {id}.").format(id=customer_id))

    def rows(model: type[Model], order: Any) -> list[dict[str, Any]]:
        return [_plain(r) for r in model.select().where(model.customer == customer_id).order_by(order)]

    complaints = []
    for c in Complaint.select().where(Complaint.customer == customer_id).order_by(Complaint.id):
        item = _plain(c)
        item["steps"] = [
            {**_plain(s), "data": json.loads(s.data)}
            for s in ComplaintStep.select().where(ComplaintStep.complaint == c.id).order_by(ComplaintStep.id)
        ]
        complaints.append(item)
    return {
        "customer": _plain(customer, DERIVED),
        "tags": tag_names(customer_id),
        "related_people": rows(RelatedPerson, RelatedPerson.id),
        "important_dates": rows(ImportantDate, ImportantDate.id),
        "purchases": rows(Purchase, Purchase.purchased_on),
        "contacts": rows(Contact, Contact.at),
        "follow_ups": rows(FollowUp, FollowUp.due_on),
        "complaints": complaints,
        "tier_changes": rows(TierChange, TierChange.at),
    }


def _text(data: dict[str, Any], now: dt.datetime) -> str:
    customer = data["customer"]
    lines = [
        _("Personal data held about {name}").format(name=customer["name"]),
        _("Exported {when} (UTC)").format(when=now.strftime("%Y-%m-%d %H:%M")),
        "",
    ]
    for key, value in customer.items():
        if value not in (None, "", False):
            lines.append(f"  {_(key.replace('_', ' '))}: {value}")
    if data["tags"]:
        lines.append(f"  {_('tags')}: {', '.join(data['tags'])}")
    for section in ("related_people", "important_dates", "purchases", "contacts", "follow_ups",
                    "complaints", "tier_changes"):
        items = data[section]
        lines += ["", f"{_(section.replace('_', ' ').capitalize())} ({len(items)})"]
        for item in items:
            shown = {k: v for k, v in item.items() if k not in ("customer", "steps") and v not in (None, "", False)}
            lines.append("  - " + "; ".join(f"{k}: {v}" for k, v in shown.items()))
            for step in item.get("steps", []):
                lines.append(f"      {_('step')} {step['step']}: {json.dumps(step['data'], ensure_ascii=False)}")
    return "\n".join(lines) + "\n"


def export_person(customer_id: int, out: str | os.PathLike[str], *, now: dt.datetime) -> tuple[Path, Path]:
    """Write `<out>.json` and `<out>.txt`; return both paths."""
    base = Path(out).expanduser()
    if base.suffix.lower() in (".json", ".txt"):
        base = base.with_suffix("")
    data = personal_data(customer_id)
    json_path, text_path = base.with_name(base.name + ".json"), base.with_name(base.name + ".txt")
    with private_output(json_path, newline=None) as fh:
        json.dump({"exported_at": now.isoformat(), **data}, fh, ensure_ascii=False, indent=2)
    with private_output(text_path, newline=None) as fh:
        fh.write(_text(data, now))
    return json_path, text_path
