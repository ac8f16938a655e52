"""Shop settings: JSON values with defaults, so a fresh file works at once."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from deskcrm.store.models import Setting

DEFAULTS: dict[str, Any] = {
    "shop.name": "deskcrm",
    "shop.locale": "zh_Hans",  # drives festival set, lunar calendar and scripts
    "shop.currency": "CNY",
    "ui.language": "",  # "" = follow the system locale
    "tiers.thresholds": {"silver": 300_000, "gold": 1_000_000, "vip": 3_000_000},
    "desk.staff_id": None,  # who is at the desk, remembered between runs
    "complaints.unsatisfied_max": 2,  # step 8 rating at or below this offers a second round
}


def get(key: str, default: Any = None) -> Any:
    row = Setting.get_or_none(Setting.key == key)
    if row is None:
        return DEFAULTS.get(key, default) if default is None else default
    return json.loads(row.value)


def put(key: str, value: Any) -> None:
    text = json.dumps(value, ensure_ascii=False)
    Setting.insert(key=key, value=text).on_conflict(
        conflict_target=[Setting.key], update={Setting.value: text}
    ).execute()


def put_many(values: dict[str, Any]) -> None:
    """Several settings in one transaction: a form saves all or nothing."""
    with Setting._meta.database.atomic():
        for key, value in values.items():
            put(key, value)


def get_many(prefix: str) -> dict[str, Any]:
    """Every setting under a prefix, defaults filled in."""
    values = {k: v for k, v in DEFAULTS.items() if k.startswith(prefix)}
    for row in Setting.select().where(Setting.key.startswith(prefix)):
        values[row.key] = json.loads(row.value)
    return values


@dataclass(frozen=True)
class SettingItem:
    key: str
    value: Any
    default: Any

    @property
    def kind(self) -> str:
        return type(self.default).__name__  # bool, int, float, str, list, dict

    def as_text(self) -> str:
        if isinstance(self.value, bool):
            return "yes" if self.value else "no"
        if isinstance(self.value, list):
            return ", ".join(str(v) for v in self.value)
        if isinstance(self.value, dict):
            return json.dumps(self.value, ensure_ascii=False)
        return str(self.value)


def editable() -> list[SettingItem]:
    """Settings a manager may change: those with a typed default (None marks internal state)."""
    current = get_many("")
    return [
        SettingItem(key, current.get(key, default), default)
        for key, default in sorted(DEFAULTS.items())
        if default is not None and key not in HIDDEN
    ]


HIDDEN = {"ui.language"}  # chosen in its own selector, with the languages' own names


def parse(item: SettingItem, text: str) -> Any:
    """The value typed for a setting, by the type of its default; ValueError says what is wrong."""
    text = text.strip()
    kind = item.kind
    if kind == "bool":
        if text.lower() in ("yes", "y", "true", "1", "on"):
            return True
        if text.lower() in ("no", "n", "false", "0", "off"):
            return False
        raise ValueError("Type yes or no")
    if kind == "int":
        try:
            return int(text.replace(",", ""))
        except ValueError:
            raise ValueError("Type a whole number") from None
    if kind == "float":
        try:
            return float(text)
        except ValueError:
            raise ValueError("Type a number") from None
    if kind == "list":
        parts = [p.strip() for p in text.replace("，", ",").split(",") if p.strip()]
        sample = item.default[0] if item.default else ""
        if isinstance(sample, int):
            try:
                return [int(p) for p in parts]
            except ValueError:
                raise ValueError("Type whole numbers separated by commas") from None
        return parts
    if kind == "dict":
        try:
            value = json.loads(text)
        except json.JSONDecodeError:
            raise ValueError('Type a JSON object, e.g. {"silver": 300000}') from None
        if not isinstance(value, dict):
            raise ValueError('Type a JSON object, e.g. {"silver": 300000}')
        return value
    return text
