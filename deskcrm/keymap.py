"""The person's own keys: `keymap.toml` in the config folder, by binding id (as Posting does).

    [keymap]
    "customers.new" = "insert"
    "screen.review" = "f6,ctrl+r"

Every binding carries an `id` for this; a bad file is reported, never fatal.
"""

from __future__ import annotations

import logging
import tomllib
from pathlib import Path

from deskcrm import config

FILE_NAME = "keymap.toml"
log = logging.getLogger("deskcrm")


def keymap_path() -> Path:
    return config.config_dir() / FILE_NAME


def load_keymap(path: Path | None = None) -> tuple[dict[str, str], str]:
    """(binding id → keys, problem); an absent file is an empty keymap and no problem."""
    path = path or keymap_path()
    if not path.exists():
        return {}, ""
    try:
        table = tomllib.loads(path.read_text(encoding="utf-8")).get("keymap", {})
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as error:
        log.warning("keymap %s not read: %s", path, error)
        return {}, str(error)
    keymap = {str(k): str(v) for k, v in table.items() if isinstance(v, str) and v.strip()}
    return keymap, ""
