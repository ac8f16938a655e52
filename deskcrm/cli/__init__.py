"""The `deskcrm` command: the app by default, sub-commands for everything else.

Each sub-command is a module here with `register(subparsers, common)`; this file
only wires them up, so the command list reads as the product's feature list.
"""

from __future__ import annotations

import argparse
import importlib
import pkgutil
import sys
from collections.abc import Sequence
from pathlib import Path

from deskcrm import __version__
from deskcrm.config import resolve_db

# the order `deskcrm --help` lists them in; any other module here with a
# `register` function is a sub-command too, listed after these
SUBCOMMANDS = ("run", "demo", "seed", "check", "agenda", "complaints", "review",
               "import", "export", "backup", "restore")


def _subcommand_modules() -> list[str]:
    here = Path(__file__).parent
    found = {m.name for m in pkgutil.iter_modules([str(here)])}
    ordered = [name for name in SUBCOMMANDS if name in found]
    return ordered + sorted(found - set(ordered) - {"errors"})


def _common() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument(
        "--db",
        default=argparse.SUPPRESS,
        help="database file or URL (default: $DESKCRM_DB, else the user data folder)",
    )
    return common


def build_parser() -> argparse.ArgumentParser:
    common = _common()
    parser = argparse.ArgumentParser(
        prog="deskcrm", description="Keyboard-driven customer file for small shops.",
        parents=[common],
    )
    parser.add_argument("--version", action="version", version=f"deskcrm {__version__}")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in _subcommand_modules():
        module = importlib.import_module(f"deskcrm.cli.{name}")
        if hasattr(module, "register"):
            module.register(subparsers, common)
    return parser


def db_target(args: argparse.Namespace) -> str:
    return resolve_db(getattr(args, "db", None))


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command is None:
        args = parser.parse_args(["run", *(argv if argv is not None else sys.argv[1:])])
    from deskcrm.cli.errors import CliError, fail

    try:
        return int(args.func(args) or 0)
    except CliError as exc:
        return fail(str(exc), exc.code)
    except KeyboardInterrupt:
        return 130
