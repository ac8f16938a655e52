"""Shop settings: JSON values with defaults, so a fresh file works at once."""

from __future__ import annotations

import json
from typing import Any

from deskcrm.store.models import Setting

DEFAULTS: dict[str, Any] = {
    "shop.name": "deskcrm",
    "shop.locale": "zh_Hans",  # drives festival set, lunar calendar and scripts
    "shop.currency": "CNY",
    "ui.language": "",  # "" = follow the system locale
    "desk.staff_id": None,  # who is at the desk, remembered between runs
    "complaints.unsatisfied_max": 2,  # step 8 rating at or below this offers a second round
}


def get(key: str, default: Any = None) -> Any:
    row = Setting.get_or_none(Setting.key == key)
    if row is None:
        return DEFAULTS.get(key, default) if default is None else default
    return json.loads(row.value)


def put(key: str, value: Any) -> None:
    Setting.insert(key=key, value=json.dumps(value, ensure_ascii=False)).on_conflict_replace().execute()


def get_many(prefix: str) -> dict[str, Any]:
    """Every setting under a prefix, defaults filled in."""
    values = {k: v for k, v in DEFAULTS.items() if k.startswith(prefix)}
    for row in Setting.select().where(Setting.key.startswith(prefix)):
        values[row.key] = json.loads(row.value)
    return values
