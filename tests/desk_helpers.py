"""Who is at the desk, for tests: remembered per terminal, as the app reads it."""

from __future__ import annotations

from deskcrm import config
from deskcrm.store.handle import current_store


def set_desk(staff_id: int) -> None:
    """This terminal's person at the desk for the currently open file."""
    config.remember_desk(current_store().target, staff_id)
