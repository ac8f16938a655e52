import datetime as dt

import pytest

from deskcrm.services import audit, pins, staff
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


def _attempts(staff_id):
    rows = AuditLog.select().where((AuditLog.entity == "staff") & (AuditLog.entity_id == staff_id)
                                   & AuditLog.action.startswith("pin_")).order_by(AuditLog.id)
    return [a.action for a in rows]


def _plant_wrong_pins(staff_id, n):
    """n wrong PINs stored just now, as a guessing script would have left them."""
    for _ in range(n):
        audit.record(pins.WRONG, "staff", staff_id, "Boss")


def test_wrong_pins_are_audited_and_lock_on_the_real_clock(db):
    boss = staff.add_staff("Boss")
    staff.set_pin(boss.id, "2468")
    before = dt.datetime.now(dt.UTC).replace(tzinfo=None)
    assert pins.check_pin(boss.id, "1111").reason == "wrong"
    second = pins.check_pin(boss.id, "1111")
    assert (second.reason, second.wait_seconds) == ("wrong", 0)
    third = pins.check_pin(boss.id, "1111")
    assert (third.reason, third.failed) == ("wrong", 3) and 0 < third.wait_seconds <= 5
    # while locked even the right PIN is refused, not looked at and not counted
    locked = pins.check_pin(boss.id, "2468")
    assert (locked.ok, locked.reason, locked.failed) == (False, "locked", 3)
    assert _attempts(boss.id) == [pins.WRONG] * 3 + [pins.LOCKED]
    after = dt.datetime.now(dt.UTC).replace(tzinfo=None)
    rows = AuditLog.select().where(AuditLog.action == pins.WRONG)
    assert all(before <= a.at <= after and a.staff_name == "Boss" for a in rows)


def test_a_callers_clock_cannot_lift_the_lock(db):
    boss = staff.add_staff("Boss")
    staff.set_pin(boss.id, "2468")
    _plant_wrong_pins(boss.id, 10)  # locked for 640 s from now
    far_future = dt.datetime(2099, 1, 1)
    result = pins.check_pin(boss.id, "2468", far_future, need_manager=True)
    assert (result.ok, result.reason) == (False, "locked")
    assert result.wait_seconds == pins.lock_seconds(10)


def test_brute_force_through_the_service_is_limited(db):
    """A script trying every PIN gets the three free tries, then nothing but refusals."""
    boss = staff.add_staff("Boss")
    staff.set_pin(boss.id, "0042")
    results = [pins.check_pin(boss.id, f"{n:04d}", need_manager=True) for n in range(60)]
    assert not any(r.ok for r in results)  # 0042 was among them
    checked = [r for r in results if r.reason == "wrong"]
    # each wrong PIN locks for 5 s or more, so sixty tries in a row leave at most a handful
    # checked (3 free, then one per expired lock); the rest are refused unlooked-at
    assert 3 <= len(checked) < 10
    assert _attempts(boss.id).count(pins.WRONG) == len(checked)
    assert _attempts(boss.id).count(pins.LOCKED) == 60 - len(checked)


def test_an_attempt_that_never_finished_still_counts(db):
    boss = staff.add_staff("Boss")
    staff.set_pin(boss.id, "2468")
    audit.record(pins.ATTEMPT, "staff", boss.id, "Boss")  # a process killed mid-check
    assert pins.lock_state(boss.id, dt.datetime.now(dt.UTC).replace(tzinfo=None))[0] == 1


def test_the_right_pin_ends_the_run_of_wrong_ones(db):
    boss = staff.add_staff("Boss")
    staff.set_pin(boss.id, "2468")
    pins.check_pin(boss.id, "1111")
    pins.check_pin(boss.id, "1111")
    assert pins.check_pin(boss.id, "2468").ok
    assert pins.check_pin(boss.id, "1111").failed == 1
    assert Staff.get_by_id(boss.id).failed_pins == 1
    assert _attempts(boss.id) == [pins.WRONG, pins.WRONG, pins.RIGHT, pins.WRONG]


def test_first_manager_pin_only_in_the_first_start_setup(db):
    boss = staff.add_staff("Boss")
    clerk = staff.create_staff("Clerk", "desk")
    with pytest.raises(staff.PinRefused):
        staff.set_first_manager_pin(clerk.id, "1357")  # a clerk is not a manager
    staff.set_first_manager_pin(boss.id, "2468")
    assert pins.check_pin(boss.id, "2468", need_manager=True).ok
    # the setup is closed once a manager has a PIN
    with pytest.raises(staff.PinRefused):
        staff.set_first_manager_pin(boss.id, "1111")
    staff.set_role(clerk.id, "manager", by="Boss")
    for by_id in (None, clerk.id):  # nobody, or a manager without a PIN
        with pytest.raises(staff.PinRefused):
            staff.set_pin(clerk.id, "1357", by="Clerk", by_id=by_id)
        with pytest.raises(staff.PinRefused):
            staff.create_staff("Mallory", "manager", pin="0000", by_id=by_id)
    staff.set_pin(clerk.id, "1357", by="Boss", by_id=boss.id)
    assert pins.check_pin(clerk.id, "1357", need_manager=True).ok
    staff.create_staff("Desk", "desk", pin="4444")  # a desk PIN opens no manager screen
    assert [a.action for a in AuditLog.select().where(AuditLog.action.in_(("first_pin", "reset_pin"))).order_by(AuditLog.id)] \
        == ["first_pin", "reset_pin"]


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
    staff.set_pin(boss.id, "8642", by="Boss", by_id=boss.id)
    assert pins.check_pin(boss.id, "8642", NOW).ok
    audits = AuditLog.select().where(AuditLog.action == "reset_pin").order_by(AuditLog.id)
    assert [a.staff_name for a in audits] == ["", "Boss"]
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
