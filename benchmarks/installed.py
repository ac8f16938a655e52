"""The benchmarks' processes start as an installed deskcrm does: from bytecode."""

from __future__ import annotations

import contextlib
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent


def compile_like_an_install() -> int:
    """deskcrm's modules compiled to bytecode, as an installed app has them; returns how
    many were (re)written.

    pip compiles what it installs, and an editable install writes its bytecode on the
    first start. A machine with PYTHONDONTWRITEBYTECODE set (this workplace's) never
    keeps it: every start compiled ~75 of deskcrm's modules from source (75 ms of a
    ~600 ms start), while the bare app's Textual came compiled from its wheel.
    """
    import compileall
    import io

    quiet = io.StringIO()
    with contextlib.redirect_stdout(quiet):
        compileall.compile_dir(str(ROOT / "deskcrm"), quiet=1)
        compileall.compile_file(str(HERE / "painted.py"), quiet=1)
    return quiet.getvalue().count("Compiling")
