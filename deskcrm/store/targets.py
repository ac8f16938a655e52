"""What a `--db` target names: a file path or a database URL (no imports, so any command can ask first)."""

from __future__ import annotations

import os


def is_url(target: str | os.PathLike[str]) -> bool:
    return "://" in str(target)
