"""How complete a customer's file is, 0-100.

004 §Ⅶ-2 / §Ⅹ-二: the hard file (name, phone, sizes...) is 20% of a file's worth,
the soft file (who the person is: family, habits, tastes, when to call) 80%, so
staff are measured on knowing their customers, not on typing phone numbers.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

HARD_WEIGHT = 20
SOFT_WEIGHT = 80

HARD_FACTS: tuple[str, ...] = (
    "name",
    "phone",
    "gender",
    "birthday",  # birth month+day, or an age band when the date is not given
    "email",
    "city",
    "address",
    "clothing_size",
    "shoe_size",
)
SOFT_FACTS: tuple[str, ...] = (
    "occupation",
    "family",
    "personality",
    "shopping_habits",
    "style_preferences",
    "hobbies",
    "service_preference",
    "promotion_attitude",
    "values",
    "best_contact_time",
    "important_people",  # related people or important dates on file
)


def _filled(values: Mapping[str, Any], key: str) -> bool:
    if key == "birthday":
        return bool(values.get("birth_month") and values.get("birth_day")) or bool(
            values.get("age_band")
        )
    if key == "important_people":
        return bool(values.get("related_count") or values.get("dates_count"))
    value = values.get(key)
    return bool(value.strip()) if isinstance(value, str) else bool(value)


_COMPUTED = ("birthday", "important_people")


def _plain_filled(values: Mapping[str, Any], keys: tuple[str, ...]) -> int:
    # `_filled` inlined for the plain fields: an import scores every new customer, and
    # a call per field was a fifth of preparing a row
    count = 0
    for key in keys:
        value = values.get(key)
        if value.strip() if isinstance(value, str) else value:
            count += 1
    return count


_PLAIN_HARD = tuple(k for k in HARD_FACTS if k not in _COMPUTED)
_PLAIN_SOFT = tuple(k for k in SOFT_FACTS if k not in _COMPUTED)
_COMPUTED_HARD = tuple(k for k in HARD_FACTS if k in _COMPUTED)
_COMPUTED_SOFT = tuple(k for k in SOFT_FACTS if k in _COMPUTED)


def completeness(values: Mapping[str, Any]) -> int:
    """Score from a mapping of customer fields (+ related_count, dates_count)."""
    hard = _plain_filled(values, _PLAIN_HARD) + sum(_filled(values, k) for k in _COMPUTED_HARD)
    soft = _plain_filled(values, _PLAIN_SOFT) + sum(_filled(values, k) for k in _COMPUTED_SOFT)
    return round(hard / len(HARD_FACTS) * HARD_WEIGHT + soft / len(SOFT_FACTS) * SOFT_WEIGHT)


def missing_facts(values: Mapping[str, Any]) -> list[str]:
    """Soft facts first: what to ask the customer next time, most valuable first."""
    return [k for k in SOFT_FACTS + HARD_FACTS if not _filled(values, k)]
