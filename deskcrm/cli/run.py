"""`deskcrm run` (the default): open the app on the shop's database."""

from __future__ import annotations

import argparse

from deskcrm.cli.errors import fail


def register(subparsers: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    p = subparsers.add_parser("run", parents=[common], help="open the app (the default)")
    p.set_defaults(func=run)


def launch(target: str) -> int:
    from pathlib import Path

    from deskcrm.cli.passphrase import opened
    from deskcrm.store.db import StoreError
    from deskcrm.tui import prepare_terminal

    prepare_terminal()
    from deskcrm.app import DeskApp

    try:
        # asked here, in the plain terminal, before the app takes the screen
        app = opened(Path(target).name, lambda key: DeskApp(target, passphrase=key))
    except StoreError as exc:
        return fail(str(exc))
    app.run()
    return app.return_code or 0


def run(args: argparse.Namespace) -> int:
    from deskcrm.cli import db_target

    return launch(db_target(args))
