"""The `deskcrm` command: the app by default, sub-commands for everything else.

Each sub-command is a module here with `register(subparsers, common)`; this file
only wires them up, so the command list reads as the product's feature list.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence

from deskcrm import __version__
from deskcrm.config import resolve_db

SUBCOMMANDS = ("run", "check", "agenda")


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
    for name in SUBCOMMANDS:
        importlib.import_module(f"deskcrm.cli.{name}").register(subparsers, common)
    return parser


def db_target(args: argparse.Namespace) -> str:
    return resolve_db(getattr(args, "db", None))


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command is None:
        args = parser.parse_args(["run", *(argv if argv is not None else sys.argv[1:])])
    try:
        return int(args.func(args) or 0)
    except KeyboardInterrupt:
        return 130
