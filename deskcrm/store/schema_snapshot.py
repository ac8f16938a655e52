"""The current schema as the migrations build it, written down beside the code.

Every start-up refuses a file holding triggers or views this code did not create
(store.schema_check), which needs the schema the migrations build. Building it on a
scratch in-memory database runs every migration: ~0.1 s of a ~1 s start-up at the
counter. `schema_snapshot.json` holds that result with a digest of what produced it
(the store package's sources, SQLite's and Peewee's versions); where they do
not match — a new migration not snapshotted yet, another SQLite — the schema is built
from scratch as before, so a stale snapshot can slow a start-up but never answer wrong.
`python tools/schema_snapshot.py` rewrites it; a test fails while it is stale.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
from pathlib import Path

import peewee

STORE = Path(__file__).parent
SNAPSHOT = STORE / "schema_snapshot.json"

Row = tuple[str, str, str, str]  # type, name, table, normalised sql


def sources_digest() -> str:
    """What the scratch schema is built from: every module of the store package."""
    h = hashlib.sha256()
    for path in sorted(STORE.rglob("*.py")):
        if path.name == Path(__file__).name:
            continue  # this module reads the snapshot; it does not shape the schema
        h.update(path.relative_to(STORE).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    return h.hexdigest()


def engines() -> dict[str, str]:
    """What else shapes the text read back: SQLite writes sqlite_master, Peewee the DDL."""
    return {"sqlite": sqlite3.sqlite_version, "peewee": peewee.__version__}


def load() -> list[Row] | None:
    """The snapshot's objects, or None when it is missing, unreadable or stale."""
    try:
        data = json.loads(SNAPSHOT.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(data, dict) or data.get("sources") != sources_digest() \
            or data.get("engines") != engines():
        return None
    return [tuple(row) for row in data.get("objects", [])]


def written_sources() -> str | None:
    """The sources digest the snapshot was written from (None: no readable snapshot)."""
    try:
        return json.loads(SNAPSHOT.read_text(encoding="utf-8")).get("sources")
    except (OSError, ValueError, AttributeError):
        return None


def write(rows: list[Row]) -> Path:
    data = {"sources": sources_digest(), "engines": engines(), "objects": [list(r) for r in rows]}
    SNAPSHOT.write_text(json.dumps(data, ensure_ascii=False, indent=0) + "\n", encoding="utf-8")
    return SNAPSHOT
