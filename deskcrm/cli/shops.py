"""`deskcrm shops`: the shops of a chain on one database — list them, add one.

A chain's terminal asks which shop it is at when the app first starts there (or is set
with `deskcrm run --shop CODE`), remembered per terminal; a single-shop file has shop 1
and needs none of this.
"""

from __future__ import annotations

import argparse
import datetime as dt


def register(subparsers: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    p = subparsers.add_parser("shops", parents=[common], help="list the chain's shops, or add one")
    p.add_argument("--add", metavar="NAME", help="add a shop with this name")
    p.add_argument("--code", help="the new shop's short code (terminals are set to it)")
    p.add_argument("--locale", help="its language: en, zh_Hans, zh_Hant, ko")
    p.add_argument("--country", help="its country for festivals and holidays: CN, TW, HK, KR, US, GB")
    p.add_argument("--currency", help="its currency, e.g. KRW")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from deskcrm.cli import db_target
    from deskcrm.cli.errors import CliError, open_existing
    from deskcrm.services import shops

    db = open_existing(db_target(args))
    with db.connection_context():
        if args.add:
            own = {key: value for key, value in (
                ("shop.locale", args.locale), ("shop.country", args.country),
                ("followups.closure_country", args.country), ("shop.currency", args.currency),
            ) if value}
            try:
                shop = shops.create(args.add, args.code or args.add, dt.datetime.now(dt.UTC).replace(tzinfo=None),
                                    own)
            except shops.ShopError as exc:
                raise CliError(str(exc)) from exc
            print(f"added shop {shop.id} {shop.name} (code {shop.code})")
            return 0
        for shop in shops.all_shops():
            print(f"{shop.id:>4}  {shop.code:<12} {shop.name}{'' if shop.active else '  (closed)'}")
    return 0
