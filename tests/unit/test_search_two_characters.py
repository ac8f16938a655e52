"""Two Han or Hangul characters find a given name wherever a surname puts it, on both engines
(PostgreSQL from the m0006 expression indexes, SQLite by its name scan)."""

from __future__ import annotations

import datetime as dt

import pytest

from deskcrm.services.customers import CustomerInput, save_customer
from deskcrm.services.search import search

pytestmark = pytest.mark.both_engines

NOW, TODAY = dt.datetime(2026, 12, 1, 9), dt.date(2026, 12, 1)
NAMES = ["小明", "王小明", "欧阳小明", "李小明华", "王明", "민수", "김민수", "남궁 민수", "최현우", "박지영"]


def _found(q: str) -> set[str]:
    return {r.name for r in search(q).rows}


def test_a_given_name_is_found_after_any_surname_and_initials_never_scan_names(db):
    for i, name in enumerate(NAMES):
        assert save_customer(CustomerInput(name=name, phone=f"1380013{i:04d}"), now=NOW, today=TODAY).ok
    assert _found("小明") == {"小明", "王小明", "欧阳小明", "李小明华"}
    assert _found("민수") == {"민수", "김민수", "남궁 민수"}
    assert _found("ㅊㅎ") == {"최현우"}  # keyboard initials
    assert _found("明华") == {"李小明华"}
    assert _found("지영") == {"박지영"}
