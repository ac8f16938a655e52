"""One way for sub-commands to fail: a clear line on stderr and a non-zero exit."""

from __future__ import annotations

import sys


def fail(message: str, code: int = 2) -> int:
    print(f"deskcrm: {message}", file=sys.stderr)
    return code
