"""Shared fixtures: a real store opened the way the app opens it, on SQLite or PostgreSQL.

Store and service tests (tests/unit) that take `db` without `db_path` run on both
engines: `db[sqlite]` on a file in tmp_path, `db[postgresql]` on a fresh database
of a throwaway cluster (tests/pg_cluster.py). A test that is about SQLite itself
says so with `@pytest.mark.sqlite_only`.
"""

from __future__ import annotations

import os

os.environ.setdefault("TEXTUAL_DISABLE_KITTY_KEY", "1")
# the app's start-up jobs (the days ahead) are switched off; tests run what they need
os.environ["DESKCRM_START_JOBS"] = "0"
# the first-start setup on a new file: its own test turns it on
os.environ["DESKCRM_FIRST_START"] = "0"

import pytest  # noqa: E402

from deskcrm.store.db import open_database  # noqa: E402


@pytest.fixture(autouse=True)
def _private_config(tmp_path, monkeypatch):
    """Who is at each terminal is remembered in the config folder: one per test."""
    monkeypatch.setenv("DESKCRM_CONFIG_DIR", str(tmp_path / "config"))


@pytest.fixture
def db_path(tmp_path):
    return tmp_path / "shop.sqlite3"


ENGINES = ("sqlite", "postgresql")


def pytest_configure(config):
    config.addinivalue_line("markers", "sqlite_only: about SQLite itself; not run on PostgreSQL")
    config.addinivalue_line("markers", "both_engines: run on SQLite and PostgreSQL")


def _runs_on_both(metafunc) -> bool:
    if metafunc.definition.get_closest_marker("sqlite_only"):
        return False
    if metafunc.definition.get_closest_marker("both_engines"):
        return True
    in_unit = f"{os.sep}tests{os.sep}unit{os.sep}" in str(metafunc.definition.path)
    # a test that also takes db_path opens the file itself (CLI, backup): SQLite only
    return in_unit and "db" in metafunc.fixturenames and "db_path" not in metafunc.fixturenames


def pytest_generate_tests(metafunc):
    if "engine" in metafunc.fixturenames and _runs_on_both(metafunc):
        metafunc.parametrize("engine", ENGINES, indirect=True)


@pytest.fixture
def engine(request) -> str:
    return getattr(request, "param", "sqlite")


@pytest.fixture(scope="session")
def pg_cluster():
    """One throwaway PostgreSQL cluster per test process; skipped (with the reason) where impossible."""
    from tests import pg_cluster as pgc

    why = pgc.unavailable()
    if why:
        if os.environ.get(pgc.REQUIRE_ENV):
            pytest.fail(f"PostgreSQL tests required ({pgc.REQUIRE_ENV}) but {why}")
        pytest.skip(why)
    cluster = pgc.start_cluster()
    yield cluster
    cluster.stop()


@pytest.fixture
def pg_url(pg_cluster) -> str:
    """A migrated PostgreSQL database with nothing in it, for this test."""
    return pg_cluster.fresh_shared()


@pytest.fixture
def store_target(engine, tmp_path, request) -> str:
    """Where this test's store lives: a file path or a PostgreSQL URL."""
    if engine == "postgresql":
        return request.getfixturevalue("pg_url")
    return str(tmp_path / "shop.sqlite3")


@pytest.fixture
def db(store_target):
    database = open_database(store_target)
    yield database
    database.close()


@pytest.fixture(autouse=True)
def _superseded_workers_count_as_done(monkeypatch):
    """`app.workers.wait_for_complete()` raises if any awaited worker was cancelled.

    Screens cancel their own older workers on purpose (exclusive=True: a newer
    search or card load supersedes the last), so in tests a cancelled worker is
    finished work, not a failure. Other errors still propagate; and a worker
    started while we waited is waited for too, so "complete" means idle.
    """
    from textual.worker import WorkerCancelled
    from textual.worker_manager import WorkerManager

    async def wait_for_complete(self, workers=None) -> None:
        import asyncio

        for _ in range(20):
            targets = [w for w in (workers or self) if not w.is_finished]
            if not targets:
                return
            results = await asyncio.gather(*(w.wait() for w in targets), return_exceptions=True)
            for result in results:
                if isinstance(result, BaseException) and not isinstance(
                    result, WorkerCancelled | asyncio.CancelledError
                ):
                    raise result
            if workers is not None:
                return

    monkeypatch.setattr(WorkerManager, "wait_for_complete", wait_for_complete)
