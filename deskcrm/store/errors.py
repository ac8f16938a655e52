"""Why a store cannot be opened: messages meant for the person."""

from __future__ import annotations


class StoreError(Exception):
    """The database cannot be used; the message is meant for the user."""


class PassphraseNeeded(StoreError):
    """The file is not plain SQLite: it needs its passphrase (or is no database at all)."""


class WrongPassphrase(StoreError):
    """The passphrase given does not open the file."""


def is_cipher_error(exc: BaseException) -> bool:
    """A DB-API error from SQLCipher's module (store.cipher): its classes are not sqlite3's."""
    return type(exc).__module__.startswith("sqlcipher3")
