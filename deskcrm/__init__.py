"""deskcrm: a keyboard-driven customer file for small shops."""

import os

__version__ = "0.1.0"

# Textual paints at most TEXTUAL_FPS frames a second (60 by default), so a change waits
# up to 1/60 s for its frame after the app has done its work. At the counter a frame is
# the answer to a keystroke: with up to 240 frames a second the list is on screen ~5 ms
# sooner at the median (benchmarks/bench_customer_file.py); nothing animates, so no more
# frames are drawn than there are changes. Read when Textual is first imported, which
# every entry point does after importing this package; a shop may set its own.
os.environ.setdefault("TEXTUAL_FPS", "240")
