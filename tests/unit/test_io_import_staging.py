"""SQLite imports stage each chunk in a TEMP table and move it with one INSERT ... SELECT.

What that must keep: the customers stored exactly as a saved Customer is, ids that
follow whatever else was saved between two chunks, the connection's own settings
(WAL auto-checkpoint, temp_store, the garbage collector, the GIL switch interval)
put back however the import ends, and the log copied into the file between chunks,
never inside one.
"""

import gc
import sys

import pytest

from deskcrm.services import derived
from deskcrm.services.io import import_write, pacing
from deskcrm.services.io.importer import apply_import, undo_import
from deskcrm.store.models import Customer, ImportChange, database
from tests.io_helpers import NOW, plan_bytes

pytestmark = pytest.mark.sqlite_only

ROWS = "姓名,电话,生日,标签\n" + "".join(f"客人{i},138{i:08d},1990-0{i % 9 + 1}-1{i % 9},常客\n"
                                       for i in range(1200))


def _pragma(name: str) -> int:
    return int(database.execute_sql(f"PRAGMA {name}").fetchone()[0])


def _stored(customer_id: int) -> dict:
    cursor = database.execute_sql('SELECT * FROM "customer" WHERE id = ?', [customer_id])
    names = [c[0] for c in cursor.description]
    return {n: v for n, v in zip(names, cursor.fetchone(), strict=True) if n != "id"}


def test_a_staged_customer_is_stored_as_a_saved_one_is(db):
    apply_import(plan_bytes("name,phone,birthday,birth_calendar,consent_sms,consent_sms_at\n"
                            "王小明,13800138000,1990-02-30,CN,yes,2024-05-01 10:00\n".encode()), now=NOW)
    imported = Customer.get()
    # the same values through the model: every flag, date and time as peewee binds them
    saved = Customer(**{k: v for k, v in imported.__data__.items() if k != "id"})
    derived.refresh(saved, tags=[])
    saved.save(force_insert=True)
    assert imported.birth_calendar != "solar" and imported.consent_sms is True
    assert _stored(imported.id) == _stored(saved.id)


def test_ids_follow_a_customer_saved_between_two_chunks(db):
    clerk: list[int] = []

    def progress(done: int, _total: int) -> None:
        if not clerk:  # a clerk at another desk files someone between the first chunks
            clerk.append(Customer.create(name="柜台客人", phone="13900000000").id)

    result = apply_import(plan_bytes(ROWS.encode()), now=NOW, progress=progress)
    assert result.created == 1200 and Customer.select().count() == 1201
    created = {c.customer_id for c in ImportChange.select().where(ImportChange.action == "created")}
    assert clerk[0] not in created and len(created) == 1200
    names = {c.name for c in Customer.select().where(Customer.id.in_(list(created)))}
    assert names == {f"客人{i}" for i in range(1200)}
    assert undo_import(result.batch_id, now=NOW).deleted == 1200
    assert [c.name for c in Customer.select()] == ["柜台客人"]


def test_the_log_is_copied_between_chunks_and_the_settings_come_back(db, monkeypatch):
    monkeypatch.setattr(pacing.Checkpoints, "EVERY_ROWS", 100)
    checkpoints: list[str] = []
    real = pacing.Checkpoints.checkpoint

    def checkpoint(self) -> None:
        checkpoints.append("in a transaction" if database.in_transaction() else "between chunks")
        real(self)

    monkeypatch.setattr(pacing.Checkpoints, "checkpoint", checkpoint)
    before = (_pragma("wal_autocheckpoint"), _pragma("temp_store"), gc.isenabled(), sys.getswitchinterval())
    during: list[tuple] = []

    def progress(done: int, _total: int) -> None:
        during.append((_pragma("wal_autocheckpoint"), _pragma("temp_store"), gc.isenabled()))

    apply_import(plan_bytes(ROWS.encode()), now=NOW, progress=progress)
    assert set(during) == {(0, 2, False)}  # no checkpoint inside a commit, the journal in memory
    assert checkpoints and set(checkpoints) == {"between chunks"}
    after = (_pragma("wal_autocheckpoint"), _pragma("temp_store"), gc.isenabled(), sys.getswitchinterval())
    assert after == before
    assert not database.execute_sql(
        "SELECT name FROM sqlite_temp_master WHERE name = ?", [import_write.Staging.TABLE]).fetchall()


def test_a_failed_import_also_puts_every_setting_back(db):
    before = (_pragma("wal_autocheckpoint"), _pragma("temp_store"), gc.isenabled(), sys.getswitchinterval())

    def progress(done: int, _total: int) -> None:
        raise RuntimeError("disk full")

    with pytest.raises(RuntimeError):
        apply_import(plan_bytes(ROWS.encode()), now=NOW, progress=progress)
    assert Customer.select().count() == 0
    after = (_pragma("wal_autocheckpoint"), _pragma("temp_store"), gc.isenabled(), sys.getswitchinterval())
    assert after == before


def test_bulk_python_nests_and_restores():
    interval = sys.getswitchinterval()
    assert gc.isenabled()
    with pacing.bulk_python():
        with pacing.bulk_python():
            assert not gc.isenabled() and sys.getswitchinterval() <= pacing.BULK_SWITCH_SECONDS
        assert not gc.isenabled()  # the outer one still runs
    assert gc.isenabled() and sys.getswitchinterval() == interval
