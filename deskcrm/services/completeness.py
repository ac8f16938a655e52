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


def completeness(values: Mapping[str, Any]) -> int:
    """Score from a mapping of customer fields (+ related_count, dates_count)."""
    hard = sum(_filled(values, k) for k in HARD_FACTS) / len(HARD_FACTS)
    soft = sum(_filled(values, k) for k in SOFT_FACTS) / len(SOFT_FACTS)
    return round(hard * HARD_WEIGHT + soft * SOFT_WEIGHT)


def missing_facts(values: Mapping[str, Any]) -> list[str]:
    """Soft facts first: what to ask the customer next time, most valuable first."""
    return [k for k in SOFT_FACTS + HARD_FACTS if not _filled(values, k)]
