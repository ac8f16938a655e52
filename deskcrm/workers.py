"""Store work off the UI thread, and the one way its failures reach the person.

`store_work` is how screens and widgets call services: a Textual thread worker
that binds the app's own store for the call (see store/handle.py) and is counted,
so the app can wait for every such call before it lets go of its store. When a
call fails, `Worker.StateChanged` carries it to `DeskApp`, which shows
`describe_failure(...)` as a notification and logs the traceback: nothing fails
silently, and a form that failed to save stays open with what was typed.
"""

from __future__ import annotations

import contextlib
import functools
import logging
import sqlite3
import threading
from collections.abc import Callable
from typing import Any, TypeVar

from peewee import DatabaseError, IntegrityError, OperationalError
from textual import work

from deskcrm.i18n import N_, _
from deskcrm.store.handle import NoStoreBound, is_locked

log = logging.getLogger("deskcrm")

F = TypeVar("F", bound=Callable[..., Any])


class InFlight:
    """How many store calls are running in threads; the app waits for zero on exit."""

    def __init__(self) -> None:
        self._count = 0
        self._idle = threading.Condition()

    def __enter__(self) -> None:
        with self._idle:
            self._count += 1

    def __exit__(self, *exc: object) -> None:
        with self._idle:
            self._count -= 1
            self._idle.notify_all()

    def wait_idle(self, timeout: float) -> bool:
        with self._idle:
            return self._idle.wait_for(lambda: self._count == 0, timeout)


def _bound(app: Any, description: str, call: Callable[[], Any]) -> Any:
    try:
        with app.in_flight, app.store.session():
            return call()
    except Exception as exc:
        # Worker.StateChanged does not bubble, so a screen's worker would fail unseen:
        # the failure is handed to the app here, once, and the worker still ends in ERROR
        exc.deskcrm_reported = True  # type: ignore[attr-defined]
        with contextlib.suppress(RuntimeError):  # the app has already gone
            app.call_from_thread(app.report_failure, description, exc)
        raise


def run_in_store(
    node: Any, call: Callable[[], Any], *, group: str, description: str = N_("Working"),
    exclusive: bool = True,
) -> Any:
    """Run `call` (a service call, or a few) in a thread worker of `node` with the app's store bound."""
    app = node.app
    return node.run_worker(
        functools.partial(_bound, app, description, call), thread=True, group=group,
        exclusive=exclusive, exit_on_error=False, description=description,
    )


def store_work(
    group: str, description: str = N_("Working"), *, exclusive: bool = True
) -> Callable[[F], F]:
    """`@work(thread=True)` with the app's store bound for the call.

    `description` (marked with N_) names what the person asked for, so a failure
    reads "Saving the customer failed: …"; it is translated when shown.
    """

    def decorate(method: F) -> F:
        @functools.wraps(method)
        def run(self, *args: Any, **kwargs: Any) -> Any:
            return _bound(self.app, description, functools.partial(method, self, *args, **kwargs))

        return work(  # type: ignore[return-value]
            thread=True, exclusive=exclusive, group=group, exit_on_error=False,
            description=description,
        )(run)

    return decorate


def describe_failure(error: BaseException, read_only: str = "") -> str:
    """What went wrong, in words for a shop clerk; the technical text stays in the log."""
    text = str(error)
    lowered = text.lower()
    if isinstance(error, OperationalError | sqlite3.OperationalError):
        if is_locked(error):
            return _("The file is busy: another terminal kept it locked too long. "
                     "Nothing was saved; please try again.")
        if "readonly" in lowered or "read-only" in lowered:
            return _("This file is open read-only ({reason}); nothing was saved.").format(
                reason=read_only or _("no permission to write"))
        if "full" in lowered:
            return _("The disk is full; nothing was saved. Free some space and try again.")
        if "disk i/o" in lowered:
            return _("The disk could not be written; nothing was saved.")
    if isinstance(error, IntegrityError):
        return _("The change conflicts with what is stored (someone else may have changed "
                 "it); nothing was saved.")
    if isinstance(error, DatabaseError):
        return _("The database refused the change; nothing was saved: {error}").format(error=text)
    if isinstance(error, NoStoreBound):
        return _("Internal error: no database for this action.")
    return _("Something went wrong: {error}").format(error=text or type(error).__name__)


def log_failure(what: str, error: BaseException) -> None:
    log.error("%s failed", what, exc_info=(type(error), error, error.__traceback__))
