"""`deskcrm encrypt` / `deskcrm decrypt`: the shop's file encrypted with a passphrase, or plain again.

For a laptop that leaves the shop: an encrypted file (SQLCipher, `deskcrm[secure]`)
shows nothing of a customer in its bytes, nor do its backups. Close deskcrm on every
terminal using the file first.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from deskcrm.cli.errors import fail
from deskcrm.i18n import N_, _

HELP_AFTER = N_(
    "Backups made before stay as they were (plain); the disk may still hold the old plain "
    "file's blocks, which full-disk encryption covers."
)


def register(subparsers: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    p = subparsers.add_parser("encrypt", parents=[common],
                              help="encrypt the shop's file with a passphrase (deskcrm[secure])")
    p.set_defaults(func=encrypt)
    p = subparsers.add_parser("decrypt", parents=[common],
                              help="turn an encrypted shop file back into a plain one")
    p.set_defaults(func=decrypt)


def _file(args: argparse.Namespace) -> Path:
    from deskcrm.cli import db_target
    from deskcrm.cli.errors import CliError
    from deskcrm.store.db import is_url

    target = db_target(args)
    if is_url(target):
        raise CliError(_("encrypt and decrypt work on a SQLite file; a server keeps {url} "
                         "encrypted with its own settings").format(url=target))
    path = Path(target).expanduser()
    if not path.is_file():
        raise CliError(_("{path} does not exist").format(path=path))
    return path


def _audit(action: str, path: Path, passphrase: str | None) -> None:
    from deskcrm.services import audit
    from deskcrm.store.db import open_database

    db = open_database(path, passphrase=passphrase)
    audit.file_event(action, path, audit.cli_actor())
    db.close()


def encrypt(args: argparse.Namespace) -> int:
    from deskcrm.cli.passphrase import new_passphrase
    from deskcrm.store import cipher
    from deskcrm.store.db import open_store
    from deskcrm.store.errors import PassphraseNeeded, StoreError

    path = _file(args)
    try:
        open_store(path).close()  # a plain deskcrm file, brought up to this version's schema
    except PassphraseNeeded:
        return fail(_("{path} is already encrypted (or is not a SQLite file)").format(path=path), 1)
    except StoreError as exc:
        return fail(str(exc), 1)
    try:
        passphrase = new_passphrase(path.name)
        cipher.encrypt_file(path, passphrase)
        _audit("encrypt", path, passphrase)
    except StoreError as exc:
        return fail(str(exc), 1)
    print(_("{path} is encrypted; deskcrm asks for its passphrase when it opens it (or reads "
            "DESKCRM_PASSPHRASE). Without the passphrase nobody can read it — keep it safe.")
          .format(path=path))
    print(_(HELP_AFTER))
    return 0


def decrypt(args: argparse.Namespace) -> int:
    from deskcrm.cli.passphrase import opened
    from deskcrm.store import cipher
    from deskcrm.store.db import open_store
    from deskcrm.store.errors import StoreError

    path = _file(args)
    try:
        if cipher.plain_sqlite(path):
            return fail(_("{path} is not encrypted").format(path=path), 1)
        store = opened(path.name, lambda key: open_store(path, passphrase=key))
        passphrase = store.passphrase
        store.close()
        cipher.decrypt_file(path, passphrase)
        _audit("decrypt", path, None)
    except StoreError as exc:
        return fail(str(exc), 1)
    print(_("{path} is a plain SQLite file again.").format(path=path))
    return 0
