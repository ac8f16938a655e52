import datetime as dt

import pytest

from deskcrm.services import pins, staff
from deskcrm.store.models import AuditLog, Staff

NOW = dt.datetime(2026, 3, 2, 9, 0, 0)


def test_hash_is_salted_and_never_the_pin():
    h1, s1 = pins.hash_pin("2468")
    h2, s2 = pins.hash_pin("2468")
    assert "2468" not in h1 and s1 != s2 and h1 != h2
    assert h1.startswith("scrypt$")
    assert pins.pin_matches("2468", h1, s1)
    assert not pins.pin_matches("2469", h1, s1)
    assert not pins.pin_matches("2468", h1, s2)  # the salt is part of it
    assert not pins.pin_matches("2468", "garbage", s1)


@pytest.mark.parametrize("bad", ["", "12", "12a4", "１２３４", "1234567890123"])
def test_validate_pin_refuses(bad):
    with pytest.raises(ValueError):
        pins.validate_pin(bad)


def test_validate_pin_accepts_digits():
    assert pins.validate_pin(" 1234 ") == "1234"


def test_lock_grows_after_free_tries():
    assert [pins.lock_seconds(n) for n in range(1, 8)] == [0, 0, 5, 10, 20, 40, 80]
    assert pins.lock_seconds(40) == pins.MAX_LOCK_SECONDS


def test_wrong_pin_counts_and_locks_with_growing_waits(db):
    boss = staff.add_staff("Boss")
    staff.set_pin(boss.id, "2468")
    assert pins.check_pin(boss.id, "1111", NOW).reason == "wrong"
    second = pins.check_pin(boss.id, "1111", NOW)
    assert (second.reason, second.wait_seconds) == ("wrong", 0)
    third = pins.check_pin(boss.id, "1111", NOW)
    assert (third.reason, third.wait_seconds, third.failed) == ("wrong", 5, 3)
    assert Staff.get_by_id(boss.id).locked_until == NOW + dt.timedelta(seconds=5)
    # while locked even the right PIN is refused and not counted
    locked = pins.check_pin(boss.id, "2468", NOW + dt.timedelta(seconds=2))
    assert (locked.ok, locked.reason, locked.wait_seconds) == (False, "locked", 3)
    assert Staff.get_by_id(boss.id).failed_pins == 3
    later = NOW + dt.timedelta(seconds=6)
    fourth = pins.check_pin(boss.id, "0000", later)
    assert (fourth.reason, fourth.wait_seconds) == ("wrong", 10)
    ok = pins.check_pin(boss.id, "2468", later + dt.timedelta(seconds=11))
    assert ok.ok and ok.reason == "ok"
    row = Staff.get_by_id(boss.id)
    assert (row.failed_pins, row.locked_until) == (0, None)


def test_desk_clerk_is_not_a_manager_even_with_the_right_pin(db):
    staff.add_staff("Boss")
    clerk = staff.create_staff("Clerk", "desk", pin="1357")
    assert pins.check_pin(clerk.id, "1357", NOW).ok
    refused = pins.check_pin(clerk.id, "1357", NOW, need_manager=True)
    assert (refused.ok, refused.reason) == (False, "not_manager")


def test_no_pin_inactive_and_unknown(db):
    boss = staff.add_staff("Boss")
    assert pins.check_pin(boss.id, "1234", NOW).reason == "no_pin"
    assert pins.check_pin(999, "1234", NOW).reason == "unknown"
    other = staff.create_staff("Other", "manager", pin="4321")
    staff.set_active(other.id, False, by="Boss")
    assert pins.check_pin(other.id, "4321", NOW).reason == "inactive"


def test_reset_pin_lifts_the_lock_and_is_audited(db):
    boss = staff.add_staff("Boss")
    staff.set_pin(boss.id, "2468")
    for _ in range(4):
        pins.check_pin(boss.id, "0000", NOW)
    staff.set_pin(boss.id, "8642", by="Owner")
    assert pins.check_pin(boss.id, "8642", NOW).ok
    audits = AuditLog.select().where(AuditLog.action == "reset_pin").order_by(AuditLog.id)
    assert [a.staff_name for a in audits] == ["", "Owner"]
    with pytest.raises(ValueError):
        staff.set_pin(boss.id, "12")


def test_last_manager_stays(db):
    boss = staff.add_staff("Boss")
    clerk = staff.create_staff("Clerk", "desk")
    with pytest.raises(ValueError):
        staff.set_active(boss.id, False)
    with pytest.raises(ValueError):
        staff.set_role(boss.id, "desk")
    staff.set_role(clerk.id, "manager", by="Boss")
    staff.set_role(boss.id, "desk", by="Clerk")
    assert staff.get_staff(boss.id).role == "desk"
    staff.set_active(boss.id, False)
    # deactivated people keep their row (and name) for history, but leave the lists
    assert staff.get_staff(boss.id).name == "Boss"
    assert [s.name for s in staff.list_staff()] == ["Clerk"]
    assert {s.name for s in staff.list_staff(include_inactive=True)} == {"Boss", "Clerk"}


def test_managers_for_sign_in_and_any_pin(db):
    staff.add_staff("Zed")  # first: manager without PIN
    assert not staff.any_manager_pin()
    b = staff.create_staff("Amy", "manager", pin="2468")
    staff.create_staff("Desk", "desk", pin="1111")
    assert staff.any_manager_pin()
    assert [m.name for m in staff.managers_for_sign_in()] == ["Amy", "Zed"]
    assert staff.managers_for_sign_in()[0].id == b.id
    with pytest.raises(ValueError):
        staff.create_staff(" ", "desk")
    with pytest.raises(ValueError):
        staff.create_staff("X", "owner")
