"""Staff PINs: salted scrypt hashes from the standard library, and a slow-down on guessing.

A PIN is short, so the hash alone cannot protect it from someone who copies the
file; what it guards is the shared terminal's screens. Guessing at the terminal is
slowed by locking the person out for longer after each wrong try past the first few.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import secrets
from dataclasses import dataclass

from deskcrm.store.models import Staff, database

SCHEME = "scrypt"
# 16 MiB and ~40 ms a check: slow enough to hurt a copied-file brute force, quick at the desk
SCRYPT_N, SCRYPT_R, SCRYPT_P, KEY_LEN = 2**14, 8, 1, 32
PIN_MIN, PIN_MAX = 4, 12
FREE_TRIES = 3  # wrong PINs before the lock starts
FIRST_LOCK_SECONDS = 5
MAX_LOCK_SECONDS = 15 * 60


def validate_pin(pin: str) -> str:
    """The PIN as digits, or ValueError with a message for the field."""
    pin = pin.strip()
    if not pin.isdigit() or not pin.isascii():
        raise ValueError("A PIN is digits only")
    if not PIN_MIN <= len(pin) <= PIN_MAX:
        raise ValueError(f"A PIN has {PIN_MIN} to {PIN_MAX} digits")
    return pin


def _derive(pin: str, salt: bytes, n: int, r: int, p: int) -> bytes:
    return hashlib.scrypt(pin.encode(), salt=salt, n=n, r=r, p=p, dklen=KEY_LEN, maxmem=64 * 2**20)


def hash_pin(pin: str) -> tuple[str, str]:
    """(pin_hash, pin_salt) to store; the hash names its parameters so they can grow later."""
    salt = secrets.token_bytes(16)
    key = _derive(pin, salt, SCRYPT_N, SCRYPT_R, SCRYPT_P)
    return f"{SCHEME}${SCRYPT_N}${SCRYPT_R}${SCRYPT_P}${key.hex()}", salt.hex()


def pin_matches(pin: str, pin_hash: str, pin_salt: str) -> bool:
    try:
        scheme, n, r, p, hexkey = pin_hash.split("$")
        salt = bytes.fromhex(pin_salt)
        expected = bytes.fromhex(hexkey)
    except ValueError:
        return False
    if scheme != SCHEME:
        return False
    return hmac.compare_digest(_derive(pin, salt, int(n), int(r), int(p)), expected)


def lock_seconds(failed: int) -> int:
    """How long the n-th consecutive wrong PIN locks the person out: 0, 0, 5, 10, 20, 40…"""
    if failed < FREE_TRIES:
        return 0
    return min(FIRST_LOCK_SECONDS * 2 ** (failed - FREE_TRIES), MAX_LOCK_SECONDS)


@dataclass(frozen=True)
class PinCheck:
    ok: bool
    # ok, wrong, locked, no_pin, not_manager, inactive, unknown
    reason: str
    wait_seconds: int = 0  # when locked: how long until the next try counts
    failed: int = 0


def check_pin(staff_id: int, pin: str, now: dt.datetime, *, need_manager: bool = False) -> PinCheck:
    """Check a PIN and count a wrong one; while locked the PIN is not even looked at."""
    with database.atomic():
        row = Staff.get_or_none(Staff.id == staff_id)
        if row is None:
            return PinCheck(False, "unknown")
        if not row.active:
            return PinCheck(False, "inactive")
        if need_manager and row.role != "manager":
            return PinCheck(False, "not_manager")
        if not row.pin_hash:
            return PinCheck(False, "no_pin")
        if row.locked_until and row.locked_until > now:
            wait = int((row.locked_until - now).total_seconds() + 0.999)
            return PinCheck(False, "locked", wait, row.failed_pins)
        if pin_matches(pin, row.pin_hash, row.pin_salt):
            if row.failed_pins or row.locked_until:
                Staff.update(failed_pins=0, locked_until=None).where(Staff.id == staff_id).execute()
            return PinCheck(True, "ok")
        failed = row.failed_pins + 1
        wait = lock_seconds(failed)
        until = now + dt.timedelta(seconds=wait) if wait else None
        Staff.update(failed_pins=failed, locked_until=until).where(Staff.id == staff_id).execute()
        return PinCheck(False, "wrong", wait, failed)
