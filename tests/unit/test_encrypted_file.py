"""An encrypted shop file (SQLCipher): the right passphrase opens it, a wrong one is said
plainly, and no customer is readable in the bytes of the file, its -wal or its backup."""

from __future__ import annotations

import datetime as dt

import pytest

from deskcrm.app import DeskApp
from deskcrm.cli import main
from deskcrm.services.customers import CustomerInput, save_customer
from deskcrm.store import cipher
from deskcrm.store.db import open_database, open_store
from deskcrm.store.errors import PassphraseNeeded, WrongPassphrase
from deskcrm.store.models import AuditLog, Customer
from deskcrm.widgets.customer_table import CustomerTable

pytestmark = pytest.mark.sqlite_only  # SQLCipher is SQLite's; a server encrypts its own way

PASS = "열려라 참깨 芝麻开门"
TODAY = dt.date(2026, 12, 1)
NOW = dt.datetime(2026, 12, 1, 9, 0)
SECRETS = ("王小明", "김민수", "13800138000", "minsu@example.kr")


def _shop(path) -> None:
    open_database(path)
    for name, phone, email in (("王小明", "13800138000", ""), ("김민수", "01012345678", "minsu@example.kr")):
        assert save_customer(CustomerInput(name=name, phone=phone, email=email), now=NOW, today=TODAY).ok
    from deskcrm.store.handle import current_store

    current_store().close()


def _raw_leaks(*paths) -> list[str]:
    leaks = []
    for path in paths:
        if path.exists():
            data = path.read_bytes()
            leaks += [f"{path.name}: {s}" for s in SECRETS if s.encode() in data]
    return leaks


@pytest.fixture
def encrypted(tmp_path, monkeypatch):
    path = tmp_path / "shop.sqlite3"
    _shop(path)
    assert _raw_leaks(path, path.with_name(path.name + "-wal"))  # the plain file shows them
    monkeypatch.setenv("DESKCRM_PASSPHRASE", PASS)
    assert main(["encrypt", "--db", str(path)]) == 0
    return path


def test_encrypt_then_open_with_the_right_passphrase_only(encrypted, capsys):
    assert not cipher.plain_sqlite(encrypted)
    with pytest.raises(PassphraseNeeded, match="passphrase"):
        open_store(encrypted)
    with pytest.raises(WrongPassphrase, match="does not open"):
        open_store(encrypted, passphrase="열려라 참깨")
    assert "hmac" not in capsys.readouterr().err  # SQLCipher's own log stays quiet
    store = open_store(encrypted, passphrase=PASS)
    with store.session():
        assert sorted(c.name for c in Customer.select()) == ["王小明", "김민수"]
        # a write after encrypting lands encrypted in the -wal too
        assert save_customer(CustomerInput(name="王小明 二", phone="13900139000"), now=NOW,
                             today=TODAY).ok
        assert AuditLog.select().where(AuditLog.action == "encrypt").count() == 1
        leaks = _raw_leaks(encrypted, encrypted.with_name(encrypted.name + "-wal"))
    store.close()
    assert leaks == []


def test_a_wrong_passphrase_from_the_environment_is_a_clear_message(encrypted, monkeypatch, capsys):
    monkeypatch.setenv("DESKCRM_PASSPHRASE", "not the passphrase")
    assert main(["check", "--db", str(encrypted)]) != 0
    err = capsys.readouterr().err
    assert "passphrase does not open shop.sqlite3" in err and "damaged" not in err
    monkeypatch.delenv("DESKCRM_PASSPHRASE")
    assert main(["check", "--db", str(encrypted)]) != 0  # no terminal here to ask at
    assert "DESKCRM_PASSPHRASE" in capsys.readouterr().err


def test_check_and_backup_of_an_encrypted_file_stay_encrypted(encrypted, tmp_path, capsys):
    assert main(["check", "--db", str(encrypted)]) == 0
    out = tmp_path / "backups"
    out.mkdir()
    assert main(["backup", "--db", str(encrypted), str(out)]) == 0
    (backup,) = out.iterdir()
    assert not cipher.plain_sqlite(backup) and _raw_leaks(backup) == []
    store = open_store(backup, passphrase=PASS)
    with store.session():
        assert Customer.select().count() == 2
    store.close()
    # and it restores into the encrypted shop file
    capsys.readouterr()
    assert main(["restore", "--db", str(encrypted), "--yes", str(backup)]) == 0
    assert "2 customers" in capsys.readouterr().out
    assert not cipher.plain_sqlite(encrypted) and _raw_leaks(encrypted) == []


def test_an_encrypted_backup_is_not_mixed_into_a_plain_file(encrypted, tmp_path, capsys):
    out = tmp_path / "b.sqlite3"
    assert main(["backup", "--db", str(encrypted), str(out)]) == 0
    plain = tmp_path / "plain.sqlite3"
    _shop(plain)
    assert main(["restore", "--db", str(plain), "--yes", str(out)]) != 0
    assert "deskcrm encrypt" in capsys.readouterr().err
    assert cipher.plain_sqlite(plain)  # untouched


def test_decrypt_gives_the_plain_file_back_whole(encrypted):
    assert main(["decrypt", "--db", str(encrypted)]) == 0
    assert cipher.plain_sqlite(encrypted)
    store = open_store(encrypted)
    with store.session():
        assert sorted(c.name for c in Customer.select()) == ["王小明", "김민수"]
        assert [a.action for a in AuditLog.select().where(AuditLog.action.in_(["encrypt", "decrypt"]))
                .order_by(AuditLog.id)] == ["encrypt", "decrypt"]
    store.close()


def test_encrypting_twice_or_a_short_passphrase_changes_nothing(encrypted, tmp_path, monkeypatch, capsys):
    before = encrypted.read_bytes()
    assert main(["encrypt", "--db", str(encrypted)]) != 0
    assert "already encrypted" in capsys.readouterr().err
    assert encrypted.read_bytes() == before
    plain = tmp_path / "plain.sqlite3"
    _shop(plain)
    monkeypatch.setenv("DESKCRM_PASSPHRASE", "short")
    assert main(["encrypt", "--db", str(plain)]) != 0
    assert "at least 8 characters" in capsys.readouterr().err
    assert cipher.plain_sqlite(plain)


async def test_the_app_opens_an_encrypted_file_with_its_passphrase(encrypted):
    app = DeskApp(encrypted, today=TODAY, ask_staff=False, passphrase=PASS)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert app.screen.query_one(CustomerTable).row_count == 2
