"""Copy the first N bytes of a file into another and fsync it: run as a child process.

`python -I -S copy_bytes.py SOURCE TARGET N CHUNK` (standard library only, so it starts in
milliseconds without the site packages). A separate process because POSIX drops
every lock a process holds on a file the moment that process closes any descriptor
of it: the parent's SQLite connections hold locks on SOURCE, and a plain open/close
there would let another program delete the -wal file under them
(`file_snapshot`). This process holds no lock, so its descriptors are harmless.

Prints the bytes copied so far after every CHUNK bytes, then `ok`; on an OS error prints
`error ERRNO` and exits 1; `short` if SOURCE ends before N bytes.
"""

from __future__ import annotations

import os
import sys


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


def copy(source: str, target: str, size: int, chunk: int) -> str:
    src = os.open(source, os.O_RDONLY | getattr(os, "O_BINARY", 0))
    try:
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
    finally:
        os.close(src)
    return "ok"


def main(argv: list[str]) -> int:
    source, target, size, chunk = argv[1], argv[2], int(argv[3]), int(argv[4])
    try:
        outcome = copy(source, target, size, chunk)
    except OSError as exc:
        print(f"error {exc.errno or 0}", flush=True)
        return 1
    print(outcome, flush=True)
    return 0 if outcome == "ok" else 1


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))
