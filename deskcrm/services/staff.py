"""Staff: who is at the desk. Every contact, follow-up and complaint step records it."""

from __future__ import annotations

from dataclasses import dataclass

from deskcrm.services import settings
from deskcrm.store.models import Staff, database


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


def desk_staff() -> StaffInfo | None:
    """The staff member remembered at this desk, if still active."""
    staff_id = settings.get("desk.staff_id")
    info = get_staff(staff_id) if staff_id else None
    return info if info and info.active else None


def set_desk_staff(staff_id: int) -> None:
    settings.put("desk.staff_id", staff_id)
