"""Helpers for Pilot tests that are about something other than the PIN gate."""

from __future__ import annotations

from deskcrm.screens.guard import start_session
from deskcrm.services import staff


def sign_in_manager(app) -> None:
    """Act as if the desk's manager had typed their PIN (the gate has its own tests)."""
    managers = [s for s in staff.list_staff() if s.is_manager]
    start_session(app, managers[0] if managers else staff.add_staff("Manager", role="manager"))
