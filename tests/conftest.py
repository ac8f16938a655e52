"""Shared fixtures: a real SQLite file in tmp_path, opened the way the app opens it."""

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


@pytest.fixture
def db(db_path):
    database = open_database(db_path)
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
