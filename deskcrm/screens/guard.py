"""One gate for manager-only actions: review, exports, settings, template and Q&A
editing, deleting a customer.

    from deskcrm.screens.guard import require_manager
    require_manager(self.app, lambda manager: self.app.push_screen(SettingsScreen()))

`then(manager)` runs at once while a manager is signed in, otherwise after the PIN
sign-in succeeds; on a cancel or a wrong PIN it never runs. A sign-in lasts until
F9 changes who is at the desk, or SESSION_MINUTES pass without a guarded action.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from textual.app import App

from deskcrm.services.staff import StaffInfo

SESSION_MINUTES = 15


@dataclass(frozen=True)
class ManagerSession:
    manager: StaffInfo
    desk_id: int | None  # who was at the desk when the manager signed in
    until: dt.datetime  # naive UTC, as app.now()


def signed_in_manager(app: App[Any]) -> StaffInfo | None:
    session: ManagerSession | None = getattr(app, "manager_session", None)
    if session is None or app.now() >= session.until or session.desk_id != app.staff_id:
        return None
    return session.manager


def start_session(app: App[Any], manager: StaffInfo) -> None:
    """Begin (or extend) a manager's sign-in; the PIN check has happened already."""
    until = app.now() + dt.timedelta(minutes=SESSION_MINUTES)
    app.manager_session = ManagerSession(manager, app.staff_id, until)


def sign_out(app: App[Any]) -> None:
    app.manager_session = None


def require_manager(app: App[Any], then: Callable[[StaffInfo], object], why: str = "") -> None:
    """Run `then(manager)` once a manager is signed in; ask for the PIN if needed."""
    manager = signed_in_manager(app)
    if manager is not None:
        start_session(app, manager)  # each guarded action keeps the sign-in alive
        then(manager)
        return
    from deskcrm.screens.manager_signin import ManagerSignIn

    def signed_in(result: StaffInfo | None) -> None:
        if result is not None:
            start_session(app, result)
            then(result)

    app.push_screen(ManagerSignIn(why), signed_in)
