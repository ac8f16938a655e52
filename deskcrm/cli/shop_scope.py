"""`--shop` and `--shops` for the reports (agenda, complaints, review) of a chain.

Without either, a report is for the shop this terminal is set to (remembered per
terminal by the app or `deskcrm run --shop`, deskcrm.config), else shop 1; a
single-shop file has only shop 1, so nothing changes for it.
"""

from __future__ import annotations

import argparse

from deskcrm.cli.errors import CliError


def add_options(p: argparse.ArgumentParser, every: str) -> None:
    p.add_argument("--shop", help="one shop of a chain (code or number; default: this terminal's shop)")
    p.add_argument("--shops", action="store_true", help=every)


def one_shop(args: argparse.Namespace, target: str):
    """The shop --shop names, else this terminal's (a CliError for a shop the file lacks)."""
    from deskcrm import config
    from deskcrm.services import shops

    if args.shop:
        shop = shops.find(args.shop)
        if shop is None:
            raise CliError(f"There is no shop {args.shop!r}; `deskcrm shops` lists them")
        return shop
    return shops.choose(config.remembered_shop(target), None)


def chosen(args: argparse.Namespace, target: str) -> list:
    """The shops a report covers: every open one with --shops (head office), else the one."""
    from deskcrm.services import shops

    if getattr(args, "shops", False):
        if args.shop:
            raise CliError("--shop and --shops: one shop, or every shop, not both")
        return [s for s in shops.all_shops() if s.active]
    return [one_shop(args, target)]
