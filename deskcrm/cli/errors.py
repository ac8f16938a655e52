"""How sub-commands fail (a clear line on stderr, a non-zero exit) and open an existing file."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # peewee (with psycopg2) is a third of a short command's start: not for parsing
    from peewee import Database


class CliError(Exception):
    """Raised by a sub-command; `deskcrm.cli.main` prints it and exits with `code`."""

    def __init__(self, message: str, code: int = 2) -> None:
        super().__init__(message)
        self.code = code


def fail(message: str, code: int = 2) -> int:
    print(f"deskcrm: {message}", file=sys.stderr)
    return code


def open_existing(target: str, allow_foreign: bool = False) -> Database:
    """Open a database that must already exist (reports never create an empty file)."""
    from deskcrm.cli.passphrase import open_target
    from deskcrm.store.db import StoreError, is_url

    if not is_url(target) and not Path(target).exists():
        raise CliError(f"{target} does not exist")
    try:
        return open_target(target, allow_foreign=allow_foreign)
    except StoreError as exc:
        raise CliError(str(exc), 1) from exc
