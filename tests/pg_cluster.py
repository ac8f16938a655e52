"""A throwaway PostgreSQL cluster for the tests: one per test process, a fresh database per test.

The server binaries are looked for on PATH, then where Debian's `postgresql`
package puts them (/usr/lib/postgresql/<major>/bin). As root the server runs as
the `postgres` user through `runuser` (it refuses to run as root). Each test gets
the one migrated test database with every table emptied and every sequence
restarted (~20 ms): `CREATE DATABASE ... TEMPLATE` took 0.8 s a test
here, and migrating a fresh schema ~0.3 s. `new_database()` gives a separate one.
"""

from __future__ import annotations

import glob
import itertools
import os
import shutil
import socket
import subprocess
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

# Set by .ci/run: a missing server or driver is then a failure, not a skip.
REQUIRE_ENV = "DESKCRM_REQUIRE_PG"
TEMPLATE = "deskcrm_template"
SHARED = "deskcrm_test"


def server_bin_dir() -> Path | None:
    """The folder holding initdb and pg_ctl, newest major version first; None when absent."""
    initdb, pg_ctl = shutil.which("initdb"), shutil.which("pg_ctl")
    if initdb and pg_ctl:
        return Path(initdb).resolve().parent
    for candidate in sorted(glob.glob("/usr/lib/postgresql/*/bin"),
                            key=lambda p: int(Path(p).parent.name) if Path(p).parent.name.isdigit() else 0,
                            reverse=True):
        if (Path(candidate) / "initdb").exists() and (Path(candidate) / "pg_ctl").exists():
            return Path(candidate)
    return None


def unavailable() -> str:
    """Why PostgreSQL tests cannot run here ("" when they can)."""
    try:
        import psycopg2  # noqa: F401
    except ImportError:
        return "psycopg2 not installed (pip install -e '.[postgres]')"
    if server_bin_dir() is None:
        return "PostgreSQL server binaries (initdb, pg_ctl) not found on PATH or /usr/lib/postgresql/*/bin"
    if os.geteuid() == 0 and shutil.which("runuser") is None:
        return "running as root without runuser"
    return ""


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class Cluster:
    root: Path
    port: int
    bindir: Path
    as_postgres: list[str]
    _names: itertools.count = field(default_factory=lambda: itertools.count(1))

    def url(self, name: str) -> str:
        return f"postgresql://postgres@127.0.0.1:{self.port}/{name}"

    def run(self, tool: str, *args: str) -> subprocess.CompletedProcess:
        return subprocess.run([*self.as_postgres, str(self.bindir / tool), *args],
                              check=True, capture_output=True, text=True)

    def sql(self, statement: str, dbname: str = "postgres") -> None:
        import psycopg2

        con = psycopg2.connect(host="127.0.0.1", port=self.port, user="postgres", dbname=dbname)
        con.autocommit = True
        try:
            with con.cursor() as cur:
                cur.execute(statement)
        finally:
            con.close()

    def new_database(self, template: str | None = TEMPLATE) -> str:
        """A fresh database's URL: a copy of the migrated template, or empty with template=None."""
        name = f"t_{os.getpid()}_{next(self._names)}"
        source = f" TEMPLATE {template}" if template else " TEMPLATE template0"
        self.sql(f"CREATE DATABASE {name}{source}")
        return self.url(name)

    def fresh_shared(self) -> str:
        """The shared test database, emptied: as a just-migrated one, without the cost."""
        import psycopg2

        con = psycopg2.connect(host="127.0.0.1", port=self.port, user="postgres", dbname=SHARED)
        con.autocommit = True
        try:
            with con.cursor() as cur:
                # a connection a test left inside a transaction would block TRUNCATE for ever
                cur.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                            "WHERE datname = %s AND pid <> pg_backend_pid()", (SHARED,))
                # DELETE, not TRUNCATE: a test leaves a few rows, and TRUNCATE's new files
                # cost 0.3 s for twenty tables; replica role skips the foreign-key triggers
                cur.execute("SET session_replication_role = replica")
                cur.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public' "
                            "AND tablename NOT IN ('deskcrm_meta', 'shop')")
                cur.execute("".join(f'DELETE FROM "{t}";' for (t,) in cur.fetchall()))
                cur.execute("SELECT setval(c.oid, 1, false) FROM pg_class c WHERE c.relkind = 'S'")
                # a migrated file's one shop stays, as m0005 made it
                cur.execute("DELETE FROM shop WHERE id <> 1;"
                            "UPDATE shop SET name = '1', code = '1', active = true;"
                            "SELECT setval(pg_get_serial_sequence('shop', 'id'), 1, true)")
        finally:
            con.close()
        return self.url(SHARED)

    def stop(self) -> None:
        subprocess.run([*self.as_postgres, str(self.bindir / "pg_ctl"), "-D", str(self.root / "data"),
                        "-m", "immediate", "stop"], capture_output=True)
        shutil.rmtree(self.root, ignore_errors=True)


def start_cluster() -> Cluster:
    bindir = server_bin_dir()
    assert bindir is not None
    # not under pytest's tmp folder: that is private to root, and the server runs as postgres
    root = Path(tempfile.mkdtemp(prefix="deskcrm-pg-"))
    as_postgres: list[str] = []
    if os.geteuid() == 0:
        as_postgres = ["runuser", "-u", "postgres", "--"]
        shutil.chown(root, "postgres")
    cluster = Cluster(root, _free_port(), bindir, as_postgres)
    data = root / "data"
    # C collation: text compares by code point, as SQLite's BINARY does; a UTF-8 ctype, so
    # pg_trgm counts CJK characters as letters (in plain C it drops them from every trigram)
    cluster.run("initdb", "-D", str(data), "-A", "trust", "-U", "postgres", "-E", "UTF8",
                "--lc-collate=C", f"--lc-ctype={_utf8_ctype()}")
    # durability off: a test cluster is thrown away, and fsync is most of a test's time
    options = (f"-k {root} -p {cluster.port} -c listen_addresses=127.0.0.1 -c fsync=off "
               "-c synchronous_commit=off -c full_page_writes=off -c max_connections=60")
    cluster.run("pg_ctl", "-D", str(data), "-l", str(root / "log"), "-w", "-o", options, "start")
    for _ in range(100):
        try:
            socket.create_connection(("127.0.0.1", cluster.port), timeout=0.2).close()
            break
        except OSError:
            time.sleep(0.1)
    cluster.sql(f"CREATE DATABASE {TEMPLATE} TEMPLATE template0")
    _migrate(cluster.url(TEMPLATE))
    cluster.sql(f"CREATE DATABASE {SHARED} TEMPLATE {TEMPLATE}")
    return cluster


def _utf8_ctype() -> str:
    names = subprocess.run(["locale", "-a"], capture_output=True, text=True).stdout.split()
    for name in ("C.utf8", "C.UTF-8", "en_US.utf8", "en_US.UTF-8"):
        if name in names:
            return name
    return "C"


def _migrate(url: str) -> None:
    from deskcrm.store.db import open_store

    open_store(url).close()
