"""A consistent copy of a live SQLite file at the speed of copying its bytes.

SQLite's backup API reads and writes the file one 4 KB page at a time (two system
calls a page: 3 s for a 551 MB shop file, against 0.3 s for `cp`). A plain copy of
the bytes is as good a backup, but only of a moment when the main file holds the
whole of one committed state and nothing writes into it while it is read:

- a read transaction on our own connection pins a snapshot: while it is open no
  checkpoint copies any later commit into the main file (they wait in the -wal
  file, which we do not copy);
- a checkpoint run *after* that transaction began, on another connection, that
  reports every frame of the -wal file copied back (`log == checkpointed`) proves
  the main file holds all of our snapshot: the checkpoint cannot pass our mark.
  A file in rollback-journal mode needs no checkpoint: our shared lock keeps
  every writer out of the main file until we are done.

When that cannot be shown (an older reader holds the checkpoint back, another
checkpoint is running, the app wrote in between) after a few tries, `copy_snapshot`
says so and the caller uses the backup API, which is always right. The bytes are
copied by a child process (`copy_bytes`): see there why not by this one.
"""

from __future__ import annotations

import contextlib
import errno
import os
import sqlite3
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from deskcrm.services.io import copy_bytes

Progress = Callable[[int, int], None]
COPY_SCRIPT = Path(__file__).with_name("copy_bytes.py")
CHUNK = 16 << 20  # bytes between two progress reports
_DISK_FULL = (errno.ENOSPC, errno.EDQUOT)


def live_path(con: Any) -> Path | None:
    """The main file of an open connection, None for an in-memory or temporary one."""
    for _seq, name, file in con.execute("PRAGMA database_list"):
        if name == "main":
            return Path(file) if file else None
    return None  # pragma: no cover - every connection has a main database


def copy_snapshot(checkpointer: Any, target: Path, *, passphrase: str | None = None,
                  progress: Progress | None = None) -> bool:
    """Write a consistent copy of `checkpointer`'s file into the existing `target`, fsynced.

    `checkpointer` is a connection to the live file outside any transaction (the
    caller's own). False, with `target` untouched or partly written, when no
    snapshot could be shown to be in the main file or the bytes could not be
    copied; an OSError only for a full disk, which the backup API would meet too.
    The copy still says WAL in its header; the caller turns that into a
    self-contained file.
    """
    source = live_path(checkpointer)
    if source is None:
        return False
    from deskcrm.store import cipher  # here: PinnedCopy starts before the store is imported

    snapshot = cipher.connect_file(source, passphrase, uri_mode="rw")
    try:
        size = copy_bytes.pinned(snapshot, checkpointer)
        if size is None:
            return False
        page_size = int(snapshot.execute("PRAGMA page_size").fetchone()[0])
        return _copy_bytes(source, target, size, page_size, progress)
    finally:
        with contextlib.suppress(sqlite3.Error):
            snapshot.execute("ROLLBACK")
        snapshot.close()


def _child(*args: str) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-I", "-S", str(COPY_SCRIPT), *args],
        stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True,
    )


def _follow(child: subprocess.Popen, target: Path, page_size: int, size: int | None,
            progress: Progress | None) -> bool:
    """Wait for a copying child, passing its reports on as pages; True when it copied it all."""
    last = ""
    try:
        assert child.stdout is not None
        for line in child.stdout:
            last = line.strip()
            if last.startswith("size "):
                size, page_size = (int(v) for v in last.split()[1:])
            elif last.isdigit() and progress and size:
                progress(int(last) // page_size, size // page_size)
    finally:
        if child.poll() is None and last != "ok":
            child.kill()
        child.wait()
    if last.startswith("error "):
        code = int(last.split()[1])
        if code in _DISK_FULL:
            raise OSError(code, os.strerror(code), str(target))
    return child.returncode == 0 and last == "ok"


def _copy_bytes(source: Path, target: Path, size: int, page_size: int,
                progress: Progress | None) -> bool:
    child = _child(str(source), str(target), str(size), str(CHUNK))
    return _follow(child, target, page_size, size, progress)


class PinnedCopy:
    """A copy of a plain (unencrypted) file that pins its own snapshot, started at once.

    `deskcrm backup` starts it before importing the store and opening the file, so
    those 0.1 s overlap the copy, which is the disk's time. `finish` waits for it:
    False when the child could not pin a snapshot (the caller copies another way).
    """

    def __init__(self, source: Path, target: Path) -> None:
        self.target = target
        self._child = _child("--pin", str(source), str(target), str(CHUNK))

    def finish(self, progress: Progress | None = None) -> bool:
        return _follow(self._child, self.target, 1, None, progress)

    def cancel(self) -> None:
        if self._child.poll() is None:
            self._child.kill()
        self._child.wait()
        if self._child.stdout is not None:
            self._child.stdout.close()
