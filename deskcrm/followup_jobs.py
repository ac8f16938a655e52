"""The app's own follow-up generation: one owned thread, requests coalesced, stopped on exit.

Start-up asks for the days ahead once the first screen is painted; every
customer change asks for that customer's follow-ups over the whole horizon. A
request made while a run is going is queued and folded into the next run, so a
storm of changes costs one pass, and at most one generation thread ever runs.
On exit the app calls `stop()`: the run stops between two chunks (each a short
transaction) and the next start completes it — nothing is left half-written.
"""

from __future__ import annotations

import threading
from typing import TYPE_CHECKING

from deskcrm.i18n import N_
from deskcrm.messages import FollowUpsChanged
from deskcrm.workers import run_in_store

if TYPE_CHECKING:
    from deskcrm.app import DeskApp


class FollowUpJobs:
    def __init__(self, app: DeskApp) -> None:
        self.app = app
        self._lock = threading.Lock()
        self._ahead = False
        self._customers: set[int] = set()
        self._running = False
        self._stopping = threading.Event()

    def ahead(self) -> None:
        """Generate the days ahead (start-up, opening the calendar)."""
        with self._lock:
            self._ahead = True
        self._kick()

    def customers(self, ids: set[int]) -> None:
        """Regenerate these customers' follow-ups over the whole horizon."""
        with self._lock:
            self._customers |= ids
        self._kick()

    def stop(self) -> None:
        self._stopping.set()

    @property
    def stopping(self) -> bool:
        return self._stopping.is_set()

    def _kick(self) -> None:
        if self._stopping.is_set() or self.app.store.read_only:
            return
        with self._lock:
            if self._running:
                return  # the running pass picks the request up when it finishes its current one
            self._running = True
        run_in_store(self.app, self._drain, group="followups", exclusive=False,
                     description=N_("Scheduling follow-ups"))

    def _take(self) -> tuple[bool, set[int]]:
        with self._lock:
            ahead, ids = self._ahead, self._customers
            self._ahead, self._customers = False, set()
            if not ahead and not ids:
                self._running = False
            return ahead, ids

    def _drain(self) -> None:
        from deskcrm.services.followups import generate_ahead, generate_for_customers

        warm = False
        try:
            while not self._stopping.is_set():
                ahead, ids = self._take()
                if not ahead and not ids:
                    if warm:  # the days ahead are there: F3's month can be dealt now, not on F3
                        self.app.call_from_thread(self.app.warm_calendar)
                    return
                warm = warm or ahead
                changed = 0
                if ahead:
                    result = generate_ahead(self.app.today(), self.app.now(), stop=self._stopping.is_set)
                    changed += result.created + result.closed
                if ids and not self._stopping.is_set():
                    result = generate_for_customers(ids, self.app.today(), self.app.now())
                    changed += result.created + result.closed
                if changed and not self._stopping.is_set():
                    self.app.call_from_thread(self.app.post_message, FollowUpsChanged())
        finally:
            with self._lock:
                self._running = False
