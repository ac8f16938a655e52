"""Shared fixtures: a real SQLite file in tmp_path, opened the way the app opens it."""

from __future__ import annotations

import os

os.environ.setdefault("TEXTUAL_DISABLE_KITTY_KEY", "1")

import pytest  # noqa: E402

from deskcrm.store.db import open_database  # noqa: E402


@pytest.fixture
def db_path(tmp_path):
    return tmp_path / "shop.sqlite3"


@pytest.fixture
def db(db_path):
    database = open_database(db_path)
    yield database
    database.close()
