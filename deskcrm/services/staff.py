"""Staff: who is at the desk. Every contact, follow-up and complaint step records it."""

from __future__ import annotations

from dataclasses import dataclass

from deskcrm.services import audit, pins
from deskcrm.store.models import ROLES, Staff, database


@dataclass(frozen=True)
class StaffInfo:
    id: int
    name: str
    role: str
    active: bool
    has_pin: bool

    @property
    def is_manager(self) -> bool:
        return self.role == "manager"


def _info(row: Staff) -> StaffInfo:
    return StaffInfo(row.id, row.name, row.role, row.active, bool(row.pin_hash))


def list_staff(include_inactive: bool = False) -> list[StaffInfo]:
    query = Staff.select().order_by(Staff.name)
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


# --- managing staff (the staff screen; a manager is signed in) ---------------


def _row(staff_id: int) -> Staff:
    row = Staff.get_or_none(Staff.id == staff_id)
    if row is None:
        raise ValueError("No such staff member")
    return row


def _other_active_managers(staff_id: int) -> int:
    return (
        Staff.select()
        .where((Staff.role == "manager") & (Staff.active == True) & (Staff.id != staff_id))  # noqa: E712
        .count()
    )


def create_staff(name: str, role: str, pin: str = "", by: str = "") -> StaffInfo:
    """Add a person from the staff screen, with a role and (optionally) a PIN."""
    name = name.strip()
    if not name:
        raise ValueError("A name is needed")
    if role not in ROLES:
        raise ValueError(f"Unknown role: {role}")
    pin_hash, pin_salt = pins.hash_pin(pins.validate_pin(pin)) if pin.strip() else ("", "")
    with database.atomic():
        row = Staff.create(name=name, role=role, pin_hash=pin_hash, pin_salt=pin_salt)
        audit.record("create", "staff", row.id, by, name=name, role=role)
    return _info(row)


def set_pin(staff_id: int, pin: str, by: str = "") -> None:
    """Set or reset a PIN; it also lifts any lock from wrong guesses."""
    pin_hash, pin_salt = pins.hash_pin(pins.validate_pin(pin))
    with database.atomic():
        row = _row(staff_id)
        Staff.update(pin_hash=pin_hash, pin_salt=pin_salt, failed_pins=0, locked_until=None).where(
            Staff.id == staff_id
        ).execute()
        audit.record("reset_pin", "staff", staff_id, by, name=row.name)


def set_active(staff_id: int, active: bool, by: str = "") -> None:
    """Deactivate (or bring back) a person. The row stays, so history keeps their name."""
    with database.atomic():
        row = _row(staff_id)
        if not active and row.role == "manager" and not _other_active_managers(staff_id):
            raise ValueError("The last manager cannot be deactivated")
        Staff.update(active=active).where(Staff.id == staff_id).execute()
        audit.record("activate" if active else "deactivate", "staff", staff_id, by, name=row.name)


def set_role(staff_id: int, role: str, by: str = "") -> None:
    if role not in ROLES:
        raise ValueError(f"Unknown role: {role}")
    with database.atomic():
        row = _row(staff_id)
        if row.role == "manager" and role != "manager" and not _other_active_managers(staff_id):
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
        .where((Staff.role == "manager") & (Staff.active == True) & (Staff.pin_hash != ""))  # noqa: E712
        .exists()
    )
