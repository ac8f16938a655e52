"""New customers' column values computed ahead of the chunks that write them.

A new customer's keys and completeness (pinyin, the sort key, the search text) are
pure Python, about half of an import's CPU; the other half is SQLite's own work in
the chunks' transactions. The two are overlapped: while the writer's chunk runs in
SQLite, the next rows are prepared elsewhere.

- `PreparedInChild` (Linux): by a forked child process, with its own interpreter. A
  thread in this process (`PreparedAhead`) shares the GIL with the writer, which
  takes it back after every SQLite call of a transaction while it holds the write
  lock, and its ~80 µs of Python a row compete with the writer's own. The child
  only computes and pickles; it touches no database and no file. The rows travel
  by a pipe, in memory: nothing of a customer lands on disk outside the shop's file
  (an encrypted store stays so).
- `PreparedAhead`: the same by a thread, where fork is not the platform's way
  (Windows, macOS) or is unsafe.

Either way `take(n)` returns the next n rows in order and waits only when the
preparing side is behind; a failure there reaches the writer at the row it failed
on, and `close()` stops the preparing side and waits for it.
"""

from __future__ import annotations

import datetime as dt
import multiprocessing
import os
import signal
import sys
import threading
from collections.abc import Sequence
from typing import Any, Protocol

from deskcrm.services.io import import_write, stage_images
from deskcrm.services.io.records import ValidRow

BLOCK = 250  # rows per prepare call: small, so the first chunk does not wait long
AHEAD = 5000  # rows kept ready at most: 100 000 prepared rows held 180 MB more


class Ahead(Protocol):
    # True: `take` returns (rows, image) blocks of at least `count` rows (stage_images)
    images: bool

    def take(self, count: int) -> list[Any]: ...

    def close(self) -> None: ...


class _Ready:
    """Prepared rows handed from a producer to the writer, at most AHEAD rows waiting.

    An item is a row, or (images) a block of rows as one (rows, image) pair.
    """

    def __init__(self, images: bool = False) -> None:
        self.rows: list[Any] = []
        self.images = images
        self.waiting = 0  # rows in `rows`
        self.failed: BaseException | None = None
        self.stopped = False
        self.finished = False
        self.changed = threading.Condition()

    def _size(self, item: Any) -> int:
        return item[0] if self.images else 1

    def put(self, part: list[Any]) -> bool:
        """Waits for room; False once the writer stopped listening."""
        with self.changed:
            self.changed.wait_for(lambda: self.stopped or self.waiting < AHEAD)
            if self.stopped:
                return False
            self.rows.extend(part)
            self.waiting += sum(self._size(item) for item in part)
            self.changed.notify_all()
            return True

    def end(self, failure: BaseException | None = None) -> None:
        with self.changed:
            if failure is not None:
                self.failed = failure
            self.finished = True
            self.changed.notify_all()

    def take(self, count: int) -> list[Any]:
        """The next items holding `count` rows (fewer only at the end; with images, the
        whole blocks that reach `count`)."""
        with self.changed:
            self.changed.wait_for(lambda: self.waiting >= count or self.finished)
            # rows prepared before a failure are still written; the failure stops the next chunk
            if self.waiting < count and self.failed is not None:
                raise self.failed
            if self.images:
                taken, rows = [], 0
                while self.rows and rows < count:
                    taken.append(self.rows.pop(0))
                    rows += taken[-1][0]
            else:
                taken = self.rows[:count]
                del self.rows[:count]
                rows = len(taken)
            self.waiting -= rows
            self.changed.notify_all()
        return taken

    def stop(self) -> None:
        with self.changed:
            self.stopped = True
            self.changed.notify_all()


class _Taking:
    _ready: _Ready
    images = False

    def take(self, count: int) -> list[Any]:
        """The next `count` prepared rows (fewer only at the end), in the rows' order; with
        images, the (rows, image) blocks that hold at least `count` of them."""
        return self._ready.take(count)


class PreparedAhead(_Taking):
    """`import_write.prepare` run by a thread over all the rows (see the module's doc)."""

    def __init__(self, rows: Sequence[ValidRow], now: dt.datetime, *, sqlite: bool = False) -> None:
        self._rows, self._now, self._sqlite = rows, now, sqlite
        self._ready = _Ready()
        self._thread = threading.Thread(target=self._run, name="import-prepare", daemon=True)
        self._thread.start()

    def _run(self) -> None:
        failure = None
        try:
            for start in range(0, len(self._rows), BLOCK):
                part = import_write.prepare(self._rows[start : start + BLOCK], self._now, sqlite=self._sqlite)
                if not self._ready.put(part):
                    return
        except BaseException as exc:  # handed to the writer, which raises it
            failure = exc
        finally:
            self._ready.end(failure)

    def close(self) -> None:
        """Stop the thread (an import that failed part way) and wait for it."""
        self._ready.stop()
        self._thread.join()


class _ChildFailed(Exception):
    """The child's error could not be pickled: its text instead."""


def _quiet_child() -> None:
    """The forked child is a copy of an app: it must not answer the app's signals (a
    Textual app's resize wakes its event loop through a descriptor the child shares) nor
    a Ctrl+C meant for the import, which the writer handles by stopping the child."""
    try:
        signal.set_wakeup_fd(-1)
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        for name in ("SIGWINCH", "SIGTSTP", "SIGCONT"):
            if hasattr(signal, name):
                signal.signal(getattr(signal, name), signal.SIG_DFL)
    except ValueError:  # not the child's main thread: nothing was set up to answer them
        pass


def _child(rows: Sequence[ValidRow], start: int, now: dt.datetime, sqlite: bool, images: bool,
           send: Any) -> None:
    """In the forked child: prepare rows[start:] block by block into the pipe.

    A full pipe blocks the send: that is the child waiting for the writer. It ends with
    os._exit: a normal exit would flush the app's copied output buffers a second time
    (on a terminal, bytes the app had not yet written out would appear twice).
    """
    try:
        _quiet_child()
        _prepare_into(rows, start, now, sqlite, images, send)
    finally:
        os._exit(0)


def _image_builder() -> stage_images.ImageBuilder:
    return stage_images.ImageBuilder(import_write.Staging.column_list(), len(import_write.INSERT_FIELDS))


def _prepare_into(rows: Sequence[ValidRow], start: int, now: dt.datetime, sqlite: bool, images: bool,
                  send: Any) -> None:
    builder = _image_builder() if images else None
    try:
        for first in range(start, len(rows), BLOCK):
            prepared = import_write.prepare(rows[first : first + BLOCK], now, sqlite=sqlite)
            if builder is None:
                send.send(("rows", prepared))
            else:
                send.send(("rows", [builder.build(prepared)]))
        send.send(("done", None))
    except (BrokenPipeError, EOFError):
        return  # the writer stopped listening: nothing left to do
    except BaseException as exc:  # handed to the writer, which raises it
        try:
            send.send(("failed", exc))
        except Exception:  # noqa: BLE001 - an error that does not pickle still reaches the writer
            send.send(("failed", _ChildFailed(f"{type(exc).__name__}: {exc}")))


class PreparedInChild(_Taking):
    """`import_write.prepare` run by a forked child process (see the module's doc).

    The child is forked with the rows already in memory, so they are not sent;
    its prepared rows come back by a pipe, which a thread here reads as they come
    (unpickling is all it does, in C: no contest for the GIL to speak of). The first
    block is prepared here, while the child starts, so the first chunk does not wait
    for it; that also imports pypinyin before the fork.
    """

    def __init__(self, rows: Sequence[ValidRow], now: dt.datetime, *, sqlite: bool = False,
                 images: bool = False) -> None:
        self.images = images
        self._ready = _Ready(images)
        first: list[Any] = import_write.prepare(rows[:BLOCK], now, sqlite=sqlite)
        if images:
            builder = _image_builder()
            first = [builder.build(first)]
            builder.close()
        context = multiprocessing.get_context("fork")
        self._receive, send = context.Pipe(duplex=False)
        self._process = context.Process(target=_child, args=(rows, BLOCK, now, sqlite, images, send),
                                        name="import-prepare", daemon=True)
        self._process.start()
        send.close()  # the child's end: once the child is gone, a read here ends
        self._ready.put(first)
        self._reader = threading.Thread(target=self._read, name="import-prepare-read", daemon=True)
        self._reader.start()

    def _read(self) -> None:
        failure: BaseException | None = None
        try:
            while True:
                kind, payload = self._receive.recv()
                if kind == "rows":
                    if not self._ready.put(payload):
                        return
                    continue
                if kind == "failed":
                    failure = payload
                return
        except (EOFError, OSError):
            if not self._ready.stopped:
                failure = _ChildFailed("the process preparing the rows ended before it was done")
        except BaseException as exc:  # an unpickling error, say: the writer raises it
            failure = exc
        finally:
            self._ready.end(failure)

    def close(self) -> None:
        """Stop the child (an import that failed part way, or done) and wait for it."""
        self._ready.stop()
        if self._process.is_alive():
            self._process.kill()
        self._process.join()
        self._reader.join()
        self._receive.close()
        self._process.close()


def forking() -> bool:
    """Whether a forked child may prepare the rows: Linux only (fork is not Windows'
    way, and macOS's system libraries are not safe to use in a forked child)."""
    return sys.platform.startswith("linux") and "fork" in multiprocessing.get_all_start_methods()


def prepared_ahead(rows: Sequence[ValidRow], now: dt.datetime, *, sqlite: bool = False,
                   images: bool = False) -> Ahead:
    """The rows' prepared values, computed ahead of the writer (see the module's doc).
    `images`: as stage_images blocks where a child prepares them (`Ahead.images` says)."""
    if len(rows) > BLOCK and forking():
        return PreparedInChild(rows, now, sqlite=sqlite, images=images)
    return PreparedAhead(rows, now, sqlite=sqlite)
