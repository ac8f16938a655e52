"""A random id stored with the database, so what it exports is told apart from another shop's.

Two shops' calendars in one calendar app would otherwise share UIDs such as
followup-12@deskcrm and overwrite each other's events.
"""

from __future__ import annotations

import uuid

from deskcrm.store.models import Setting

KEY = "store.id"


def store_id() -> str:
    """This database's id, made on first use (two processes racing agree on the first one)."""
    row = Setting.get_or_none(Setting.key == KEY)
    if row is None:
        Setting.insert(key=KEY, value=f'"{uuid.uuid4().hex[:16]}"').on_conflict_ignore().execute()
        row = Setting.get(Setting.key == KEY)
    return row.value.strip('"')
