"""The shops of a chain, and the one helper that scopes a query to a shop.

A terminal works for one shop (`Store.shop_id`, remembered per terminal like the
person at the desk): what it writes belongs to that shop (the models' default), and
its call list, complaints and review show that shop only. Finding a customer is
not scoped: the file is the chain's, and a customer may buy in any shop.

Services never filter by shop themselves: they pass their query (or a raw SQL
column) through `scope` / `scope_sql`, which read the shop being looked at — the
terminal's, or another one head office asked for with `viewing(shop_id)`. In a
single-shop file both are no-ops, so its queries and their plans stay as they were.
"""

from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import Iterator
from contextvars import ContextVar
from dataclasses import dataclass

from peewee import SQL, Field

from deskcrm.store.handle import current_shop_id
from deskcrm.store.models import Shop, database
from deskcrm.store.prepared import Prepared

ALL = 0  # viewing(ALL): every shop together, unscoped

_viewing: ContextVar[int | None] = ContextVar("deskcrm_viewing_shop", default=None)


class ShopError(ValueError):
    """A shop that cannot be made or found; the message is for the person."""


@dataclass(frozen=True)
class ShopInfo:
    id: int
    name: str
    code: str
    active: bool


def viewed() -> int:
    """The shop the running code looks at: one head office asked for, else the terminal's."""
    shop = _viewing.get()
    return current_shop_id() if shop is None else shop


@contextlib.contextmanager
def viewing(shop_id: int) -> Iterator[None]:
    """Look at another shop (or ALL) for the code inside: the head-office review, generation per shop."""
    token = _viewing.set(shop_id)
    try:
        yield
    finally:
        _viewing.reset(token)


_OTHER_SHOP = Prepared(lambda: Shop.select(Shop.id).where(Shop.id != 1).limit(1))


def is_chain() -> bool:
    """More than one shop in the file: only then does anything get scoped."""
    return _OTHER_SHOP.scalar() is not None


def scoped_shop() -> int | None:
    """The shop id queries must keep to, or None when nothing is to be filtered."""
    shop = viewed()
    if shop == ALL or not is_chain():
        return None
    return shop


def scope(query, field: Field, shop_id: int | None = None):
    """The query kept to the viewed shop's rows of `field` (a shop column); unchanged when unscoped."""
    shop = scoped_shop() if shop_id is None else shop_id
    return query if shop is None else query.where(field == shop)


def here(field: Field):
    """The viewed shop's rows as a condition to AND into a where clause (always true when unscoped)."""
    shop = scoped_shop()
    return SQL("1 = 1") if shop is None else field == shop


def scope_sql(column: str) -> str:
    """The same as ` AND column = N` for raw SQL ("" when unscoped); N is an int, safe to inline."""
    shop = scoped_shop()
    return "" if shop is None else f" AND {column} = {int(shop)}"


def elsewhere(shop_id: int) -> str:
    """The name of a customer's home shop when it is another shop of the chain; "" when it is this one."""
    if shop_id == viewed() or not is_chain():
        return ""
    shop = get(shop_id)
    return shop.name if shop else ""


def _info(row: Shop) -> ShopInfo:
    return ShopInfo(row.id, row.name, row.code, bool(row.active))


def all_shops() -> list[ShopInfo]:
    return [_info(r) for r in Shop.select().order_by(Shop.id)]


def get(shop_id: int) -> ShopInfo | None:
    row = Shop.get_or_none(Shop.id == shop_id)
    return _info(row) if row else None


def find(code: str) -> ShopInfo | None:
    """A shop by its code, or by its number typed as text."""
    text = code.strip()
    row = Shop.get_or_none(Shop.code == text)
    if row is None and text.isdigit():
        row = Shop.get_or_none(Shop.id == int(text))
    return _info(row) if row else None


def choose(remembered: int | None, asked: str | None) -> ShopInfo:
    """The shop a terminal works for: the one asked for (`--shop`), else the one it was set to, else 1."""
    if asked:
        shop = find(asked)
        if shop is None:
            codes = ", ".join(s.code for s in all_shops())
            raise ShopError(f"There is no shop {asked!r} in this file (shops: {codes})")
        return shop
    shop = get(remembered) if remembered is not None else None
    if shop is None or not shop.active:
        shop = get(1)
    assert shop is not None, "m0004 makes shop 1"
    return shop


def create(name: str, code: str, now: dt.datetime, settings: dict | None = None) -> ShopInfo:
    """A new shop of the chain, with its own settings (name, locale, currency...) in one transaction."""
    from deskcrm.services import settings as shop_settings

    name, code = name.strip(), code.strip()
    if not name or not code:
        raise ShopError("A shop needs a name and a code")
    with database.atomic():
        if Shop.get_or_none(Shop.code == code) is not None:
            raise ShopError(f"There is already a shop with the code {code}")
        row = Shop.create(name=name, code=code, created_at=now)
        with viewing(row.id):
            shop_settings.put("shop.name", name)
            for key, value in (settings or {}).items():
                shop_settings.put(key, value)
    return _info(row)
