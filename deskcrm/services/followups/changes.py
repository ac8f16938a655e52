"""Whether anyone wrote to the store since a moment: what lets F3 and start-up skip work.

F3 paints a cached month at once and used to deal the plan again behind it on every
open, and every switch to F3 ran the generation's input fingerprint (aggregates over
every table, ~0.4 s CPU at 100 000 customers): seconds of CPU fighting the paint.
When nobody has written since, both answers still stand.
"""

from __future__ import annotations

import sqlite3
import threading

from deskcrm.store.dialect import is_sqlite
from deskcrm.store.models import database

KEEP_WATCHERS = 4
_watch_lock = threading.Lock()
_watchers: dict[str, sqlite3.Connection] = {}


def store_version() -> tuple[str, int | str] | None:
    """(the store, a value that changes whenever anyone commits to it, another terminal too).

    SQLite: `PRAGMA data_version` of a connection of its own that never writes, so this
    app's own commits count too; PostgreSQL: where the next WAL record goes (any write in the
    cluster moves it: at worst a needless recompute). None where it cannot be told (an encrypted
    file, an in-memory one, a standby): then nothing is skipped.
    """
    db = database.obj
    try:
        if not is_sqlite(db):
            return str(db.database), str(db.execute_sql("SELECT pg_current_wal_insert_lsn()").fetchone()[0])
        path = str(db.database)
        if path in ("", ":memory:") or path.startswith("file::memory:"):
            return None
        with _watch_lock:
            con = _watchers.pop(path, None)
            if con is None:
                con = sqlite3.connect(f"file:{path}?mode=ro", uri=True, check_same_thread=False)
            _watchers[path] = con  # the newest last
            while len(_watchers) > KEEP_WATCHERS:  # a test run opens thousands of files
                _watchers.pop(next(iter(_watchers))).close()
            return path, con.execute("PRAGMA data_version").fetchone()[0]
    except Exception:  # noqa: BLE001 - unknown, so recompute: never a wrong answer
        return None
