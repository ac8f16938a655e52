"""The passphrase of an encrypted shop file: from DESKCRM_PASSPHRASE, or asked at the terminal.

Asked before the full-screen app starts, in the plain terminal, so a lost laptop's
file opens only for whoever knows it. A plain file never asks.
"""

from __future__ import annotations

import getpass
import os
import sys
from collections.abc import Callable
from typing import TypeVar

from deskcrm.i18n import _
from deskcrm.store.errors import PassphraseNeeded, StoreError, WrongPassphrase

ENV_PASSPHRASE = "DESKCRM_PASSPHRASE"
TRIES = 3

T = TypeVar("T")


def _interactive() -> bool:
    return sys.stdin.isatty() and sys.stderr.isatty()


def ask(prompt: str) -> str:
    return getpass.getpass(prompt, stream=sys.stderr)


def given() -> str | None:
    """The passphrase the environment gives, None when it gives none."""
    return os.environ.get(ENV_PASSPHRASE) or None


def obtain(name: str) -> str:
    """A passphrase for the file called `name`: the environment's, else asked."""
    from deskcrm.store import cipher

    cipher.require()
    env = given()
    if env is not None:
        return env
    if not _interactive():
        raise StoreError(_("{name} is encrypted: set {env} or run deskcrm at a terminal to be "
                           "asked for its passphrase.").format(name=name, env=ENV_PASSPHRASE))
    return ask(_("Passphrase for {name}: ").format(name=name))


def opened(name: str, open_with: Callable[[str | None], T]) -> T:
    """`open_with(None)`, or with the file's passphrase when it turns out to be encrypted.

    At a terminal a wrong passphrase is asked again, up to three times in all.
    """
    try:
        return open_with(None)
    except PassphraseNeeded:
        passphrase = obtain(name)
    for attempt in range(1, TRIES + 1):
        try:
            return open_with(passphrase)
        except WrongPassphrase:
            if given() is not None or not _interactive() or attempt == TRIES:
                raise
            print(_("That passphrase does not open {name}.").format(name=name), file=sys.stderr)
            passphrase = ask(_("Passphrase for {name}: ").format(name=name))
    raise AssertionError("unreachable")  # pragma: no cover


def new_passphrase(name: str) -> str:
    """A passphrase for newly encrypting `name`: the environment's, else asked twice."""
    from deskcrm.store import cipher

    cipher.require()
    passphrase = given()
    if passphrase is None:
        if not _interactive():
            raise StoreError(_("set {env} or run this at a terminal to choose a passphrase")
                             .format(env=ENV_PASSPHRASE))
        passphrase = ask(_("New passphrase for {name}: ").format(name=name))
        if ask(_("The same passphrase again: ")) != passphrase:
            raise StoreError(_("the two passphrases differ; nothing was changed"))
    if len(passphrase) < cipher.MIN_PASSPHRASE:
        raise StoreError(_("a passphrase needs at least {n} characters; nothing was changed")
                         .format(n=cipher.MIN_PASSPHRASE))
    return passphrase


def open_target(target: str, **options: object):
    """`store.db.open_database(target)`, asking for the passphrase of an encrypted file."""
    from pathlib import Path

    from deskcrm.store.db import open_database

    return opened(Path(target).name, lambda key: open_database(target, passphrase=key, **options))
