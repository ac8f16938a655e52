"""What a generation run reads, summed up: a run over unchanged inputs is skipped.

F3 asks for the days ahead on every open and start-up asks again: at 100 000
customers an idempotent pass still read every customer and probed every dedupe key
(~9 s) to create nothing. Every rule's output depends only on the window, today,
the rule settings and the customers' story (their dates, purchases, contacts,
tier, consent); if none of that moved since the last completed run, the run would
create and close nothing. One aggregate per table stands for "moved": counts,
highest ids, latest change times and sums of the flags the rules test.
The follow-ups are summed up as the run left them (how many, the highest id): rows
deleted or added since by anyone make the next run do its work again; a call
marked done does not (the rules dedupe on keys, whatever the status).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import json
from collections.abc import Mapping
from typing import Any

from peewee import fn

from deskcrm.services import settings
from deskcrm.store.models import (
    Contact,
    Customer,
    FollowUp,
    ImportantDate,
    Purchase,
    RelatedPerson,
    TierChange,
)

KEY = "followups.last_inputs"


def _customers() -> list:
    flags = (Customer.consent_call.cast("integer") + Customer.consent_sms.cast("integer")
             + Customer.consent_email.cast("integer") + Customer.consent_chat.cast("integer"))
    return list(Customer.select(
        fn.COUNT(Customer.id), fn.MAX(Customer.id), fn.MAX(Customer.updated_at),
        fn.MAX(Customer.last_contact_at), fn.MAX(Customer.last_purchase_on),
        fn.SUM(Customer.do_not_contact.cast("integer")), fn.SUM(flags),
        fn.SUM(Customer.total_spend),
    ).tuples().get())


def _stable(value: Any) -> Any:
    """The settings as plain JSON, sets sorted: a frozenset's order changes between processes."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: _stable(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, Mapping):
        return {str(k): _stable(v) for k, v in sorted(value.items(), key=lambda kv: str(kv[0]))}
    if isinstance(value, set | frozenset):
        return sorted(str(_stable(v)) for v in value)
    if isinstance(value, list | tuple):
        return [_stable(v) for v in value]
    return value if isinstance(value, int | float | str | bool) or value is None else str(value)


def _table(model) -> list:
    return list(model.select(fn.COUNT(model.id), fn.MAX(model.id)).tuples().get())


def fingerprint(start: dt.date, end: dt.date, today: dt.date,
                configs: list[tuple[int | None, object]]) -> list:
    """Everything a run over [start, end] on `today` depends on (see `digest`).

    Not which days are new (date_start): after any completed run every day of the
    window has its follow-ups, so a later run over the same window on the same inputs
    has nothing to do whichever days it would have started from.
    """
    return [str(start), str(end), str(today),
             [[shop, _stable(config)] for shop, config in configs], _customers(),
             *(_table(m) for m in (Purchase, Contact, RelatedPerson, ImportantDate, TierChange))]


def digest(facts: list) -> str:
    """The inputs with the follow-ups as they stand now."""
    text = json.dumps([facts, _table(FollowUp)], default=str, sort_keys=True)
    return hashlib.sha256(text.encode()).hexdigest()


def unchanged(facts: list) -> bool:
    return settings.get(KEY) == digest(facts)


def remember(facts: list) -> None:
    """Called in the transaction that records a completed run, after its last chunk."""
    settings.put(KEY, digest(facts))
