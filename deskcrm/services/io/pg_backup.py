"""Backup and checked restore of a PostgreSQL store with the server's own tools.

`pg_dump -Fc` (custom format) takes a consistent snapshot while terminals keep
working; `pg_restore` reads it back. deskcrm adds the checks its SQLite backup
makes: the dump is read back (`pg_restore --list`) before it is called a backup,
and it must be a deskcrm database of a schema this version knows; a restore shows
what the dump holds, keeps the current database aside as a dump first, restores in
one transaction, brings the schema up to date and moves the id sequences on.

Where the tools are not installed, the error says the exact command to run.
"""

from __future__ import annotations

import datetime as dt
import glob
import os
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

from deskcrm.services.io.backup import BackupError, BackupInfo
from deskcrm.store.db import APP_MARK
from deskcrm.store.migrations import SCHEMA_VERSION
from deskcrm.store.private_files import private_dir

SUFFIX = ".dump"


def find_tool(name: str) -> Path | None:
    """pg_dump / pg_restore on PATH, else the newest server's (Debian: /usr/lib/postgresql/N/bin)."""
    found = shutil.which(name)
    if found:
        return Path(found)
    folders = sorted(glob.glob("/usr/lib/postgresql/*/bin"),
                     key=lambda p: int(Path(p).parent.name) if Path(p).parent.name.isdigit() else 0, reverse=True)
    return next((Path(f) / name for f in folders if (Path(f) / name).exists()), None)


def _tool(name: str, command: str) -> Path:
    tool = find_tool(name)
    if tool is None:
        raise BackupError(f"{name} is not installed on this computer; run this where it is: {command}")
    return tool


def _run(args: list[str], what: str) -> str:
    result = subprocess.run(args, capture_output=True, text=True)
    if result.returncode != 0:
        raise BackupError(f"{what} failed: {result.stderr.strip()[-500:]}")
    return result.stdout


def dump_name(now: dt.datetime) -> str:
    return f"deskcrm-{now:%Y%m%d-%H%M%S}{SUFFIX}"


@dataclass(frozen=True)
class DumpFacts:
    schema_version: int
    customers: int
    last_change: dt.datetime | None


def _table_rows(tool: Path, path: Path, table: str) -> list[list[str]]:
    """A table's rows in the dump, as COPY text fields (small tables only; the customer table is counted)."""
    out = _run([str(tool), "--data-only", "--table", table, "--file", "-", str(path)], "Reading the dump")
    rows, inside = [], False
    for line in out.splitlines():
        if line.startswith("COPY "):
            inside = True
        elif line == "\\.":
            inside = False
        elif inside:
            rows.append(line.split("\t"))
    return rows


def inspect_dump(path: str | os.PathLike[str]) -> DumpFacts:
    """What a dump holds; refuses one that is unreadable, not deskcrm's, or from a newer deskcrm."""
    path = Path(path).expanduser()
    if not path.is_file():
        raise BackupError(f"{path} does not exist")
    tool = _tool("pg_restore", f"pg_restore --list {path}")
    listing = _run([str(tool), "--list", str(path)], f"Reading {path}")
    if "TABLE DATA public deskcrm_meta" not in listing:
        raise BackupError(f"{path} is not a dump of a deskcrm database")
    meta = {row[0]: row[1] for row in _table_rows(tool, path, "deskcrm_meta") if len(row) == 2}
    if meta.get("app") != APP_MARK:
        raise BackupError(f"{path} is not a dump of a deskcrm database")
    version = int(meta.get("schema_version", "0"))
    if version > SCHEMA_VERSION:
        raise BackupError(f"{path} was written by a newer deskcrm (schema {version}); upgrade deskcrm first")
    customers = len(_table_rows(tool, path, "customer"))
    changes = [row[1] for row in _table_rows(tool, path, "audit_log") if len(row) > 1]
    last = max(changes, default=None)
    return DumpFacts(version, customers, dt.datetime.fromisoformat(last) if last else None)


def backup(url: str, target: str | os.PathLike[str], *, now: dt.datetime) -> BackupInfo:
    """`pg_dump -Fc` of the database into `target` (a file, or a folder for a dated one), read back."""
    path = Path(target).expanduser()
    if path.is_dir():
        path = path / dump_name(now)
    tool = _tool("pg_dump", f"pg_dump --format=custom --no-owner --file={path} '{url}'")
    private_dir(path.parent)
    partial = path.with_name(f".{path.name}.partial")
    try:
        _run([str(tool), "--format=custom", "--no-owner", "--no-privileges", f"--file={partial}", url],
             "pg_dump")
        os.chmod(partial, 0o600)  # it names every customer
        facts = inspect_dump(partial)
        os.replace(partial, path)
    finally:
        partial.unlink(missing_ok=True)
    return BackupInfo(path, path.stat().st_size, facts.schema_version, facts.customers, facts.last_change)


@dataclass(frozen=True)
class Restored:
    restored: BackupInfo
    kept_aside: Path


def restore(url: str, source: str | os.PathLike[str], *, now: dt.datetime) -> Restored:
    """Keep the database as it is aside (a dump beside the one restored), then restore in one transaction.

    Objects the dump holds are dropped and re-created (--clean); the caller opens the
    database afterwards, which migrates an older dump and moves the sequences on.
    """
    path = Path(source).expanduser()
    facts = inspect_dump(path)
    aside = path.with_name(f"deskcrm-before-restore-{now:%Y%m%d-%H%M%S}{SUFFIX}")
    backup(url, aside, now=now)
    tool = _tool("pg_restore", f"pg_restore --clean --if-exists --no-owner --single-transaction -d '{url}' {path}")
    _run([str(tool), "--clean", "--if-exists", "--no-owner", "--no-privileges", "--single-transaction",
          f"--dbname={url}", str(path)], "pg_restore")
    info = BackupInfo(path, path.stat().st_size, facts.schema_version, facts.customers, facts.last_change)
    return Restored(info, aside)
