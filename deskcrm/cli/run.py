"""`deskcrm run` (the default): open the app on the shop's database."""

from __future__ import annotations

import argparse

from deskcrm.cli.errors import fail


def register(subparsers: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    p = subparsers.add_parser("run", parents=[common], help="open the app (the default)")
    p.add_argument("--shop", help="the shop (code or number) this terminal works for; remembered")
    p.set_defaults(func=run)


def launch(target: str, shop: str | None = None) -> int:
    from pathlib import Path

    from deskcrm.cli.passphrase import opened
    from deskcrm.services.shops import ShopError
    from deskcrm.store.db import StoreError
    from deskcrm.tui import prepare_terminal

    prepare_terminal()
    from deskcrm.app import DeskApp

    try:
        # asked here, in the plain terminal, before the app takes the screen
        app = opened(Path(target).name, lambda key: DeskApp(target, passphrase=key, shop=shop))
    except (StoreError, ShopError) as exc:
        return fail(str(exc))
    app.run()
    return app.return_code or 0


def run(args: argparse.Namespace) -> int:
    from deskcrm.cli import db_target

    return launch(db_target(args), getattr(args, "shop", None))
