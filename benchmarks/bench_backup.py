"""`deskcrm backup` against copying the file, and the export commands, at 100 000 customers.

    python benchmarks/bench_backup.py --db /tmp/bench100k.sqlite3            # backup + exports
    python benchmarks/bench_backup.py --db /tmp/bench100k.sqlite3 --runs 5 --no-exports

The file given is only read: it is copied once into a scratch folder (next to it
unless --work) and every command runs on that copy, as a shop would run it (a new
process each time, Python start-up included, from bytecode as an installed app). Prints for each the median wall
seconds of --runs runs and the CPU seconds (user + system) of the median run,
the load average before and after, and the backup's ratio to `cp` (no sync, the
issue's reference) and to `cp` + fsync (a copy as durable as the backup, which is
fsynced before it is reported written).
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from installed import compile_like_an_install

ROOT = Path(__file__).resolve().parents[1]
EXPORTS = (("customers", "csv"), ("vcard", "vcf"), ("purchases", "csv"), ("ical", "ics"))


def _timed(run: Callable[[], None]) -> tuple[float, float]:
    """(wall, CPU of this process and its children) seconds of one call."""
    before, start = os.times(), time.perf_counter()
    run()
    wall, after = time.perf_counter() - start, os.times()
    cpu = sum(getattr(after, f) - getattr(before, f)
              for f in ("user", "system", "children_user", "children_system"))
    return wall, cpu


def _median(runs: list[tuple[float, float]]) -> tuple[float, float]:
    wall = statistics.median(w for w, _ in runs)
    return wall, min(runs, key=lambda r: abs(r[0] - wall))[1]


def _deskcrm(*args: str) -> None:
    done = subprocess.run([sys.executable, "-m", "deskcrm", *args], cwd=ROOT,
                          capture_output=True, text=True)
    if done.returncode != 0:
        raise SystemExit(f"deskcrm {' '.join(args)} failed: {done.stderr.strip()}")


def _copy(src: Path, dst: Path, sync: bool) -> None:
    shutil.copyfile(src, dst)
    if sync:
        fd = os.open(dst, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def _fresh(path: Path) -> Path:
    for tail in ("", "-journal", "-wal", "-shm"):
        Path(f"{path}{tail}").unlink(missing_ok=True)
    return path


def _row(label: str, wall: float, cpu: float, extra: str = "") -> None:
    print(f"{label:34s} {wall:8.2f} s wall {cpu:8.2f} s CPU {extra}", flush=True)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", required=True, type=Path, help="the seeded file (only read)")
    parser.add_argument("--work", type=Path, help="scratch folder (default: next to --db)")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--export-runs", type=int, default=1)
    parser.add_argument("--no-exports", action="store_true")
    args = parser.parse_args()
    compile_like_an_install()  # each command starts as an installed deskcrm does (installed.py)
    work = Path(tempfile.mkdtemp(prefix="bench-backup-", dir=args.work or args.db.parent))
    try:
        live = work / "shop.sqlite3"
        shutil.copyfile(args.db, live)
        out = work / "out.sqlite3"
        _deskcrm("backup", "--db", str(live), str(out))  # not counted: migrates, warms the cache
        size = live.stat().st_size
        print(f"{args.db} ({size / 1e6:.0f} MB), median of {args.runs}, "
              f"load {os.getloadavg()[0]:.2f}", flush=True)
        commands = {
            "cp": lambda: _copy(live, out, False),
            "cp + fsync": lambda: _copy(live, out, True),
            "backup": lambda: _deskcrm("backup", "--db", str(live), str(out)),
        }
        runs: dict[str, list[tuple[float, float]]] = {name: [] for name in commands}
        for _ in range(args.runs):
            # the three side by side in each round, each after a sync: the disk's speed
            # drifts by 2x over minutes here, and another's dirty pages must not be ours to wait for
            for name, command in commands.items():
                _fresh(out)
                os.sync()
                runs[name].append(_timed(command))
        cp, cp_sync, backup = (_median(runs[name]) for name in commands)
        _row("cp", *cp)
        _row("cp + fsync", *cp_sync)
        _row("deskcrm backup", *backup,
             f"= {backup[0] / cp[0]:.1f}x cp, {backup[0] / cp_sync[0]:.1f}x cp + fsync (wall)")
        if not args.no_exports:
            for what, ext in EXPORTS:
                target = work / f"export.{ext}"
                command = ("export", what, "--db", str(live), "--out", str(target))
                runs = [_timed(lambda c=command: _deskcrm(*c)) for _ in range(args.export_runs)]
                _row(f"deskcrm export {what}", *_median(runs))
        print(f"load {os.getloadavg()[0]:.2f} at the end", flush=True)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
