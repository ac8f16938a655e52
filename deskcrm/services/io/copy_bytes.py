"""Copy the first N bytes of a SQLite file into another and fsync it: run as a child process.

`python -I -S copy_bytes.py SOURCE TARGET N CHUNK` (standard library only, so it starts in
milliseconds without the site packages). A separate process because POSIX drops
every lock a process holds on a file the moment that process closes any descriptor
of it: the parent's SQLite connections hold locks on SOURCE, and a plain open/close
there would let another program delete the -wal file under them
(`file_snapshot`). This process holds no lock, so its descriptors are harmless.

`python -I -S copy_bytes.py --pin SOURCE TARGET CHUNK` pins the snapshot itself
(`pinned`, with two connections of its own) and copies it, so `deskcrm backup` can
start the copy before it has imported the store. It opens SOURCE before its
connections and closes it after them: it never closes a descriptor of the file
while SQLite holds a lock through another. Prints `size BYTES PAGE_SIZE` first, or `unpinned`
(no snapshot could be shown to be in the main file, or the file is not plain SQLite).

Prints the bytes copied so far after every CHUNK bytes, then `ok`; on an OS error prints
`error ERRNO` and exits 1; `short` if SOURCE ends before N bytes.
"""

from __future__ import annotations

import os
import sqlite3
import sys
import time
from pathlib import Path
from typing import Any

TRIES = 3


def checkpointed(checkpointer: Any) -> bool:
    """Has a passive checkpoint copied every frame of the -wal file into the main file?"""
    try:
        busy, log, done = (int(v) for v in checkpointer.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchone())
    except sqlite3.OperationalError:
        return False  # the caller's connection is inside a transaction, or read-only
    return busy == 0 and log >= 0 and log == done


def pinned(snapshot: Any, checkpointer: Any) -> int | None:
    """Begin a read transaction whose state is wholly in the main file; its byte size, or None.

    `snapshot` and `checkpointer` are two connections to the file outside any
    transaction (`file_snapshot` explains why a checkpoint after BEGIN proves it).
    """
    for attempt in range(TRIES):
        if attempt:
            time.sleep(0.02 * attempt)  # let a writer or an older reader finish
        checkpointed(checkpointer)  # copies back what it can before we pin
        snapshot.execute("BEGIN")
        snapshot.execute("SELECT count(*) FROM sqlite_master").fetchone()  # the read starts here
        pages = int(snapshot.execute("PRAGMA page_count").fetchone()[0])
        wal = str(snapshot.execute("PRAGMA journal_mode").fetchone()[0]).lower() == "wal"
        if not wal or checkpointed(checkpointer):
            return pages * int(snapshot.execute("PRAGMA page_size").fetchone()[0])
        snapshot.execute("ROLLBACK")
    return None


def _copy_range(src: int, dst: int, offset: int, count: int) -> int:
    """Bytes copied in the kernel where it can, else read and written here."""
    if hasattr(os, "copy_file_range"):
        try:
            return os.copy_file_range(src, dst, count, offset, offset)
        except OSError as exc:
            if exc.errno not in (18, 22, 38, 95):  # EXDEV, EINVAL, ENOSYS, EOPNOTSUPP
                raise
    data = os.pread(src, count, offset)
    os.pwrite(dst, data, offset)
    return len(data)


def _copy_from(src: int, target: str, size: int, chunk: int) -> str:
    dst = os.open(target, os.O_WRONLY | getattr(os, "O_BINARY", 0))
    try:
        done = 0
        while done < size:
            step = _copy_range(src, dst, done, min(chunk, size - done))
            if step == 0:
                return "short"
            if hasattr(os, "posix_fadvise"):
                # starts this chunk's write-back now, beside the copy of the next,
                # so the fsync below finds little left to wait for
                os.posix_fadvise(dst, done, step, os.POSIX_FADV_DONTNEED)
            done += step
            print(done, flush=True)
        os.fsync(dst)
    finally:
        os.close(dst)
    return "ok"


def _open_source(source: str) -> int:
    return os.open(source, os.O_RDONLY | getattr(os, "O_BINARY", 0))


def copy(source: str, target: str, size: int, chunk: int) -> str:
    src = _open_source(source)
    try:
        return _copy_from(src, target, size, chunk)
    finally:
        os.close(src)


def _connect(uri: str) -> sqlite3.Connection:
    return sqlite3.connect(uri, uri=True, timeout=5.0, isolation_level=None)


def copy_pinned(source: str, target: str, chunk: int) -> str:
    src = _open_source(source)  # first in, last out: see the module's docstring
    try:
        uri = f"{Path(source).resolve().as_uri()}?mode=rw"  # never creates the file
        snapshot = _connect(uri)
        checkpointer = None
        try:
            checkpointer = _connect(uri)
            try:
                size = pinned(snapshot, checkpointer)
            except sqlite3.DatabaseError:  # an encrypted file: the parent copies it with its key
                size = None
            if size is None:
                return "unpinned"
            page_size = int(snapshot.execute("PRAGMA page_size").fetchone()[0])
            print(f"size {size} {page_size}", flush=True)
            return _copy_from(src, target, size, chunk)
        finally:
            if checkpointer is not None:
                checkpointer.close()
            snapshot.close()
    finally:
        os.close(src)


def main(argv: list[str]) -> int:
    try:
        if argv[1] == "--pin":
            outcome = copy_pinned(argv[2], argv[3], int(argv[4]))
        else:
            outcome = copy(argv[1], argv[2], int(argv[3]), int(argv[4]))
    except OSError as exc:
        print(f"error {exc.errno or 0}", flush=True)
        return 1
    except sqlite3.Error:
        outcome = "unpinned"
    print(outcome, flush=True)
    return 0 if outcome == "ok" else 1


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))
