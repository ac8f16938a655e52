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

from deskcrm.services import audit
from deskcrm.store.models import MANAGING_ROLES, AuditLog, Staff, database

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


# Audit actions of a sign-in. An attempt is written as "pin_attempt" before the PIN
# is hashed and becomes "pin_ok" or "pin_wrong" after: a guess that never finishes
# (two processes guessing at once, a killed script) still counts against the lock.
ATTEMPT, RIGHT, WRONG, LOCKED = "pin_attempt", "pin_ok", "pin_wrong", "pin_locked"
# what ends a run of wrong PINs: the right one, or a manager setting a new PIN
STREAK_ENDS = (RIGHT, "reset_pin", "first_pin")


def _clock() -> dt.datetime:
    """The process's own clock, naive UTC like every stored time.

    The one service that reads the clock itself: a lock the caller could date
    would be no lock (a script passing future times found a 4-digit PIN in 22 s).
    """
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


def lock_state(staff_id: int, now: dt.datetime) -> tuple[int, int]:
    """(wrong PINs in a row, seconds still locked), from the attempts in the audit log."""
    attempts = AuditLog.select(AuditLog.id, AuditLog.action, AuditLog.at).where(
        (AuditLog.entity == "staff") & (AuditLog.entity_id == staff_id)
        & AuditLog.action.in_((ATTEMPT, WRONG, *STREAK_ENDS))
    )
    last_end = attempts.where(AuditLog.action.in_(STREAK_ENDS)).order_by(AuditLog.id.desc()).first()
    wrong = attempts.where(AuditLog.action.in_((ATTEMPT, WRONG)))
    if last_end is not None:
        wrong = wrong.where(AuditLog.id > last_end.id)
    failed = wrong.count()
    if not failed:
        return 0, 0
    latest = wrong.order_by(AuditLog.id.desc()).first().at
    lock = lock_seconds(failed)
    remaining = (latest + dt.timedelta(seconds=lock) - now).total_seconds()
    # never longer than the lock itself, should the clock have been set back
    return failed, max(0, min(lock, int(remaining + 0.999)))


def check_pin(
    staff_id: int, pin: str, now: dt.datetime | None = None, *, need_manager: bool = False
) -> PinCheck:
    """Check a PIN and record the attempt; while locked the PIN is not even looked at.

    `now` is ignored (kept so older callers still work): locks are counted on the
    process's clock from the attempt times stored in the audit log.
    """
    del now
    with database.atomic():
        row = Staff.get_or_none(Staff.id == staff_id)
        if row is None:
            return PinCheck(False, "unknown")
        if not row.active:
            return PinCheck(False, "inactive")
        if need_manager and row.role not in MANAGING_ROLES:
            return PinCheck(False, "not_manager")
        if not row.pin_hash:
            return PinCheck(False, "no_pin")
        failed, wait = lock_state(staff_id, _clock())
        if wait:
            audit.record(LOCKED, "staff", staff_id, row.name, wait_seconds=wait)
            return PinCheck(False, "locked", wait, failed)
        attempt = audit.record(ATTEMPT, "staff", staff_id, row.name, need_manager=need_manager)
    # the hash (~40 ms) runs outside the write lock; the attempt already counts
    right = pin_matches(pin, row.pin_hash, row.pin_salt)
    with database.atomic():
        AuditLog.update(action=RIGHT if right else WRONG).where(AuditLog.id == attempt).execute()
        if right:
            Staff.update(failed_pins=0, locked_until=None).where(Staff.id == staff_id).execute()
            return PinCheck(True, "ok")
        failed, wait = lock_state(staff_id, _clock())
        until = _clock() + dt.timedelta(seconds=wait) if wait else None
        # kept on the row for the staff screen; the lock itself is read from the attempts
        Staff.update(failed_pins=failed, locked_until=until).where(Staff.id == staff_id).execute()
    return PinCheck(False, "wrong", wait, failed)
