"""The store handle: one open database per app or command, bound where it is used.

Every model's `Meta.database` is the `StoreProxy` below. It does not hold a
database: it asks which store the running code has bound, through a context
variable. An app binds its own store around each worker call (`Store.session`)
and for the code that made it; a thread that bound nothing gets a clear error
instead of silently writing into whichever database was opened last. That last
part is what made a start-up generation thread of one app commit into the next
app's file (issue 9).
"""

from __future__ import annotations

import contextlib
import threading
import time
from collections.abc import Callable, Iterator
from contextvars import ContextVar
from dataclasses import dataclass, field

from peewee import Database, DatabaseProxy, OperationalError, SqliteDatabase

# A write that meets another terminal's lock waits this long in all before it fails;
# the person is told it is still waiting after LOCK_TELL_SECONDS.
LOCK_RETRY_SECONDS = 25.0
LOCK_TELL_SECONDS = 1.0
# The BEGIN is polled this often rather than left to SQLite's busy handler: past its first
# 200 ms that handler sleeps 100 ms between tries, so a clerk's save waiting behind a
# background job that commits chunk after chunk kept missing the gaps between chunks and
# waited seconds (bench_locks: second writer p99 1.2 s behind 167 ms holds).
LOCK_POLL_SECONDS = 0.001
# After a long hold a writer steps aside this long, so a waiting terminal (polling every
# LOCK_POLL_SECONDS) gets the lock before the next chunk of the same job takes it again.
YIELD_AFTER_HOLD_SECONDS = 0.02
YIELD_SECONDS = 0.004


class NoStoreBound(RuntimeError):
    """Code reached the models without a store bound: a programming error, said plainly."""


@dataclass
class Store:
    """An open database and what the person needs to know about it.

    `read_only` holds the reason writes are off ("" when they are on): a file the
    user may not write, or one opened for reading on purpose.
    """

    db: Database
    target: str
    read_only: str = ""
    # an encrypted file's passphrase: its backups are encrypted with it too
    passphrase: str | None = field(default=None, repr=False)
    # the shop this terminal works for (issue 10): what its desk sees and what it writes
    # belongs to it; 1 in a single-shop file, and the shop an existing file moved into
    shop_id: int = 1
    # called (from the waiting thread) once a write has waited past the busy timeout
    on_busy: Callable[[], None] | None = field(default=None, repr=False)

    @property
    def is_sqlite(self) -> bool:
        return isinstance(self.db, SqliteDatabase)

    @contextlib.contextmanager
    def session(self) -> Iterator[Store]:
        """Bind this store for the calling thread/task and hold a connection open."""
        token = _current.set(self)
        try:
            with self.db.connection_context():
                yield self
        finally:
            _current.reset(token)

    def bind(self) -> None:
        """Make this store current for the calling context (a command, a test, an app's task)."""
        _current.set(self)

    def close(self) -> None:
        if not self.db.is_closed():
            self.db.close()


_current: ContextVar[Store | None] = ContextVar("deskcrm_store", default=None)


def current_store() -> Store:
    store = _current.get()
    if store is None:
        raise NoStoreBound(
            "No deskcrm store is bound here: run database work through the app's store "
            "(Store.session) or open one with open_database()."
        )
    return store


def current_shop_id() -> int:
    """The bound store's shop: the default of every row a terminal writes (purchases, contacts...)."""
    store = _current.get()
    return store.shop_id if store is not None else 1


def unbind() -> None:
    _current.set(None)


class StoreProxy(DatabaseProxy):
    """The models' database: whichever store the running code has bound."""

    __slots__ = ()

    @property  # type: ignore[override]
    def obj(self) -> Database | None:
        store = _current.get()
        return store.db if store is not None else None

    @obj.setter
    def obj(self, value: Database | None) -> None:
        # Proxy.initialize(None) runs at construction; a database passed later binds it
        # for the caller, as DatabaseProxy.initialize did for everyone
        if value is None:
            if _current.get() is not None:
                _current.set(None)
        else:
            _current.set(Store(value, str(getattr(value, "database", ""))))

    def __getattr__(self, attr: str):
        return getattr(current_store().db, attr)

    def __setattr__(self, attr: str, value) -> None:
        if attr == "obj":
            type(self).obj.fset(self, value)  # type: ignore[attr-defined]
        else:
            object.__setattr__(self, attr, value)


# --- holding the write lock briefly, and waiting for it politely ----------------------


def is_locked(exc: BaseException) -> bool:
    text = str(exc).lower()
    return "database is locked" in text or "database is busy" in text or "sqlite_busy" in text


@dataclass
class HoldLog:
    """Write-lock holds seen in this process, for `benchmarks/bench_locks.py`."""

    holds: list[tuple[str, float]] = field(default_factory=list)
    enabled: bool = False
    label: str = ""

    def record(self, seconds: float) -> None:
        if self.enabled:
            self.holds.append((self.label, seconds))

    def longest(self) -> float:
        return max((s for _, s in self.holds), default=0.0)


HOLDS = HoldLog()


class FairWrites:
    """A SQLite database that retries a locked BEGIN within a bound and times each hold.

    Transactions begin IMMEDIATE (see store.db), so a transaction waits for the
    write lock at its BEGIN and nowhere else: retrying the BEGIN is a safe,
    transparent retry of the whole transaction. Mixed into the plain and the
    encrypted (store.cipher) database classes.
    """

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._began = threading.local()
        self.on_busy: Callable[[], None] | None = None

    def begin(self, lock_type: str | None = None) -> None:
        if not (lock_type or self._lock_type):
            super().begin(lock_type)  # a deferred BEGIN (read-only store) takes no lock
            self._began.at = time.perf_counter()
            return
        start = time.monotonic()
        told = False
        busy_ms = self._pragma_value("busy_timeout")
        self.execute_sql("PRAGMA busy_timeout = 0")  # fail at once; polled below
        try:
            while True:
                try:
                    super().begin(lock_type)
                    break
                except OperationalError as exc:
                    waited = time.monotonic() - start
                    if not is_locked(exc) or waited >= LOCK_RETRY_SECONDS:
                        raise
                    if not told and waited >= LOCK_TELL_SECONDS and self.on_busy is not None:
                        told = True
                        self.on_busy()
                    time.sleep(LOCK_POLL_SECONDS)
        finally:
            self.execute_sql(f"PRAGMA busy_timeout = {busy_ms}")
        self._began.at = time.perf_counter()

    def _pragma_value(self, name: str) -> int:
        for key, value in self._pragmas:
            if key == name:
                return int(value)
        return 5000

    def _hold_ended(self) -> float:
        began = getattr(self._began, "at", None)
        if began is None:
            return 0.0
        self._began.at = None
        held = time.perf_counter() - began
        HOLDS.record(held)
        return held

    def commit(self) -> None:
        held = 0.0
        try:
            super().commit()
        finally:
            held = self._hold_ended()
        if held >= YIELD_AFTER_HOLD_SECONDS:
            time.sleep(YIELD_SECONDS)

    def rollback(self) -> None:
        try:
            # SQLite rolls back by itself on a full disk or an I/O error; rolling back again
            # would replace the real error ("disk is full") with "no transaction is active"
            if self.is_closed() or self.connection().in_transaction:
                super().rollback()
        finally:
            self._hold_ended()


class DeskSqliteDatabase(FairWrites, SqliteDatabase):
    """The shop's SQLite file (see FairWrites)."""

