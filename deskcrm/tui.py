"""Terminal set-up that must happen before Textual is imported."""

from __future__ import annotations

import os


def prepare_terminal() -> None:
    # With the kitty keyboard protocol some terminals deliver committed IME text
    # (王小明, 김민수) as escape codes that Textual 8.2 garbles; the legacy protocol
    # delivers it as plain characters, and deskcrm needs no key it would lose.
    os.environ.setdefault("TEXTUAL_DISABLE_KITTY_KEY", "1")
