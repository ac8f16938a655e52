"""Staff: who is at the desk. Every contact, follow-up and complaint step records it."""

from __future__ import annotations

from dataclasses import dataclass

from deskcrm.i18n import N_
from deskcrm.services import audit, pins, shops
from deskcrm.store.models import MANAGING_ROLES, ROLES, Staff, database


@dataclass(frozen=True)
class StaffInfo:
    id: int
    name: str
    role: str
    active: bool
    has_pin: bool

    @property
    def is_manager(self) -> bool:
        """Head office may do what a shop's manager does, in every shop."""
        return self.role in MANAGING_ROLES

    @property
    def is_head_office(self) -> bool:
        return self.role == "head_office"


def _info(row: Staff) -> StaffInfo:
    return StaffInfo(row.id, row.name, row.role, row.active, bool(row.pin_hash))


def list_staff(include_inactive: bool = False) -> list[StaffInfo]:
    # a terminal lists its own shop's people, and head office, who work in every shop
    query = Staff.select().where(shops.here(Staff.shop) | (Staff.role == "head_office")).order_by(Staff.name)
    if not include_inactive:
        query = query.where(Staff.active == True)  # noqa: E712 - peewee expression
    return [_info(s) for s in query]


def get_staff(staff_id: int) -> StaffInfo | None:
    row = Staff.get_or_none(Staff.id == staff_id)
    return _info(row) if row else None


def add_staff(name: str, role: str = "desk") -> StaffInfo:
    name = name.strip()
    if not name:
        raise ValueError("A name is needed")
    with database.atomic():
        # the first person in a new shop file is its owner, hence a manager
        if not Staff.select().exists():
            role = "manager"
        row = Staff.create(name=name, role=role)
    return _info(row)


def active_staff(staff_id: int | None) -> StaffInfo | None:
    """The staff member with this id if they are still active (who a terminal remembered)."""
    info = get_staff(staff_id) if staff_id else None
    return info if info and info.active else None


def works_here(staff_id: int) -> bool:
    """Whether this person works in the terminal's shop (head office works in every shop)."""
    return Staff.select().where((Staff.id == staff_id)
                                & (shops.here(Staff.shop) | (Staff.role == "head_office"))).exists()


# --- managing staff (the staff screen; a manager is signed in) ---------------


def _row(staff_id: int) -> Staff:
    row = Staff.get_or_none(Staff.id == staff_id)
    if row is None:
        raise ValueError("No such staff member")
    return row


def _other_active_managers(staff_id: int) -> int:
    return (
        Staff.select()
        .where(Staff.role.in_(MANAGING_ROLES) & (Staff.active == True) & (Staff.id != staff_id))  # noqa: E712
        .count()
    )


def create_staff(
    name: str, role: str, pin: str = "", by: str = "", *, by_id: int | None = None
) -> StaffInfo:
    """Add a person from the staff screen, with a role and (optionally) a PIN.

    A new manager with a PIN is a new way in: once the shop has a manager PIN,
    only a manager (`by_id`) may add one.
    """
    name = name.strip()
    if not name:
        raise ValueError("A name is needed")
    if role not in ROLES:
        raise ValueError(f"Unknown role: {role}")
    pin_hash, pin_salt = pins.hash_pin(pins.validate_pin(pin)) if pin.strip() else ("", "")
    with database.atomic():
        if pin_hash and role in MANAGING_ROLES:
            _require_manager(by_id)
        row = Staff.create(name=name, role=role, pin_hash=pin_hash, pin_salt=pin_salt)
        audit.record("create", "staff", row.id, by, name=name, role=role)
    return _info(row)


class PinRefused(ValueError):
    """Setting this PIN needs a manager (or the shop's first-start setup)."""


def _require_manager(by_id: int | None) -> None:
    """Refuse unless `by_id` is an active manager with a PIN, or no manager has a PIN yet."""
    if not any_manager_pin():
        return  # the first-start setup: the shop has no manager PIN to ask for
    by = Staff.get_or_none(Staff.id == by_id) if by_id is not None else None
    if by is None or not by.active or by.role not in MANAGING_ROLES or not by.pin_hash:
        raise PinRefused(N_("Only a signed-in manager can set a manager's PIN"))


def _write_pin(row: Staff, hashed: tuple[str, str], action: str, by: str) -> None:
    """Store a new PIN's hash; lifts any lock, and the audit row ends the run of wrong PINs."""
    pin_hash, pin_salt = hashed
    Staff.update(pin_hash=pin_hash, pin_salt=pin_salt, failed_pins=0, locked_until=None).where(
        Staff.id == row.id
    ).execute()
    audit.record(action, "staff", row.id, by, name=row.name)


def set_pin(staff_id: int, pin: str, by: str = "", *, by_id: int | None = None) -> None:
    """Set or reset a PIN; it also lifts any lock from wrong guesses.

    A manager's PIN is set by a manager (`by_id`, signed in), except in the
    first-start setup when no manager has a PIN yet.
    """
    hashed = pins.hash_pin(pins.validate_pin(pin))  # ~40 ms: outside the write lock
    with database.atomic():
        row = _row(staff_id)
        if row.role in MANAGING_ROLES:
            _require_manager(by_id)
        _write_pin(row, hashed, "reset_pin", by)


def set_first_manager_pin(staff_id: int, pin: str) -> StaffInfo:
    """The first-start setup: the first manager chooses a PIN while no manager has one.

    Checked and written in one IMMEDIATE transaction, so two desks racing through
    the setup cannot both set one, and it is closed for good once a PIN exists.
    """
    hashed = pins.hash_pin(pins.validate_pin(pin))  # ~40 ms: outside the write lock
    with database.atomic():
        row = _row(staff_id)
        if any_manager_pin():
            raise PinRefused(N_("A manager already has a PIN: ask them to set yours"))
        if row.role not in MANAGING_ROLES or not row.active:
            raise PinRefused(N_("Only a manager can open this."))
        _write_pin(row, hashed, "first_pin", row.name)
    return _info(Staff.get_by_id(staff_id))


def set_active(staff_id: int, active: bool, by: str = "") -> None:
    """Deactivate (or bring back) a person. The row stays, so history keeps their name."""
    with database.atomic():
        row = _row(staff_id)
        if not active and row.role in MANAGING_ROLES and not _other_active_managers(staff_id):
            raise ValueError("The last manager cannot be deactivated")
        Staff.update(active=active).where(Staff.id == staff_id).execute()
        audit.record("activate" if active else "deactivate", "staff", staff_id, by, name=row.name)


def set_role(staff_id: int, role: str, by: str = "") -> None:
    if role not in ROLES:
        raise ValueError(f"Unknown role: {role}")
    with database.atomic():
        row = _row(staff_id)
        if row.role in MANAGING_ROLES and role not in MANAGING_ROLES and not _other_active_managers(staff_id):
            raise ValueError("The shop needs at least one manager")
        Staff.update(role=role).where(Staff.id == staff_id).execute()
        audit.record("role", "staff", staff_id, by, name=row.name, old=row.role, new=role)


def managers_for_sign_in() -> list[StaffInfo]:
    """Active managers, those with a PIN first; the sign-in lists them."""
    return sorted(
        (s for s in list_staff() if s.is_manager), key=lambda s: (not s.has_pin, s.name)
    )


def any_manager_pin() -> bool:
    """False on a fresh file: the first manager then sets a PIN at their first sign-in."""
    return (
        Staff.select()
        .where(Staff.role.in_(MANAGING_ROLES) & (Staff.active == True) & (Staff.pin_hash != ""))  # noqa: E712
        .exists()
    )
