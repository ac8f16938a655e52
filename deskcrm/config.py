"""Where the data lives and how the command line names a database."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

from platformdirs import user_config_path, user_data_path, user_log_path

APP_NAME = "deskcrm"
ENV_DB = "DESKCRM_DB"
ENV_CONFIG = "DESKCRM_CONFIG_DIR"  # tests and portable installs point this elsewhere


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


def config_dir() -> Path:
    value = os.environ.get(ENV_CONFIG)
    return Path(value) if value else user_config_path(APP_NAME, appauthor=False)


def log_dir() -> Path:
    value = os.environ.get(ENV_CONFIG)
    return Path(value) / "log" if value else user_log_path(APP_NAME, appauthor=False)


def setup_logging() -> Path | None:
    """Failures go to a private log file in the user log folder (once per process)."""
    import logging

    log = logging.getLogger(APP_NAME)
    if any(getattr(h, "deskcrm", False) for h in log.handlers):
        return None
    path = log_dir() / "deskcrm.log"
    try:
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        os.close(os.open(path, os.O_CREAT | os.O_WRONLY | os.O_APPEND, 0o600))
        handler = logging.FileHandler(path, encoding="utf-8")
    except OSError:
        return None  # a log that cannot be written must not stop the shop
    handler.deskcrm = True  # type: ignore[attr-defined]
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(message)s"))
    log.addHandler(handler)
    log.setLevel(logging.INFO)
    return path


# --- who is at this desk: per terminal, not per file -----------------------------------
# Two terminals on one file each have their own person at the desk; the file itself
# no longer says who is at "the" desk (issue 9).


def terminal_key() -> str:
    """This terminal: the tmux pane, else the tty, else just this process."""
    if os.environ.get("TMUX_PANE"):
        return f"tmux{os.environ['TMUX_PANE']}"
    for stream in (sys.stdin, sys.stdout):
        try:
            return os.ttyname(stream.fileno())
        except (OSError, ValueError, AttributeError):
            continue
    return f"pid{os.getpid()}"


def _desk_file() -> Path:
    return config_dir() / "desks.json"


def _desk_key(db_target: str) -> str:
    target = db_target if "://" in db_target else str(Path(db_target).expanduser().resolve())
    return f"{target}|{terminal_key()}"


def _read_desks() -> dict[str, int]:
    try:
        data = json.loads(_desk_file().read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def remembered_desk(db_target: str) -> int | None:
    """The staff id last chosen at this terminal for this database."""
    value = _read_desks().get(_desk_key(db_target))
    return value if isinstance(value, int) else None


def remember_desk(db_target: str, staff_id: int | None) -> None:
    """Remember who is at this terminal; a failure to write only loses the reminder."""
    _remember(_desk_key(db_target), staff_id)


# --- which shop this terminal works for: a chain's terminals each stand in one shop -------


def remembered_shop(db_target: str) -> int | None:
    """The shop this terminal was set to for this database (None: never set, i.e. shop 1)."""
    value = _read_desks().get(_desk_key(db_target) + "|shop")
    return value if isinstance(value, int) else None


def remember_shop(db_target: str, shop_id: int) -> None:
    _remember(_desk_key(db_target) + "|shop", shop_id)


def _remember(key: str, value: int | None) -> None:
    desks = _read_desks()
    desks[key] = value
    path = _desk_file()
    try:
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        tmp = path.with_name(f".{path.name}.{os.getpid()}")
        tmp.write_text(json.dumps(desks, ensure_ascii=False), encoding="utf-8")
        os.replace(tmp, path)
    except OSError:
        pass
