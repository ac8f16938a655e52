"""Where the data lives and how the command line names a database."""

from __future__ import annotations

import os
from pathlib import Path

from platformdirs import user_data_path

APP_NAME = "deskcrm"
ENV_DB = "DESKCRM_DB"


def data_dir() -> Path:
    return user_data_path(APP_NAME, appauthor=False)


def default_db_path() -> Path:
    return data_dir() / "deskcrm.sqlite3"


def resolve_db(cli_value: str | None) -> str:
    """`--db` wins, then $DESKCRM_DB, then the user data folder. A URL passes through."""
    value = cli_value or os.environ.get(ENV_DB)
    if value:
        return value if "://" in value else str(Path(value).expanduser())
    return str(default_db_path())
