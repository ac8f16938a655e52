"""The same store and services on PostgreSQL, on a throwaway local cluster.

Runs where the PostgreSQL server binaries and psycopg2 are installed (CI's
machine has the binaries; psycopg2 comes with the `postgres` extra); skipped
elsewhere with the reason shown.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import socket
import subprocess
import tempfile
import time
from pathlib import Path

import pytest

from deskcrm.store import models
from deskcrm.store.db import check_integrity, open_database

pytest.importorskip("psycopg2", reason="psycopg2 not installed (pip install -e '.[postgres]')")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def pg_url():
    if not (shutil.which("initdb") and shutil.which("pg_ctl")):
        pytest.skip("PostgreSQL server binaries not on PATH")
    # not under pytest's tmp folder: that is private to root, and the server runs as postgres
    root = Path(tempfile.mkdtemp(prefix="deskcrm-pg-"))
    data = root / "data"
    port = _free_port()
    as_postgres: list[str] = []
    if os.geteuid() == 0:  # the server refuses to run as root
        if shutil.which("runuser") is None:
            pytest.skip("running as root without runuser")
        as_postgres = ["runuser", "-u", "postgres", "--"]
        shutil.chown(root, "postgres")
    run = lambda *cmd: subprocess.run([*as_postgres, *cmd], check=True, capture_output=True)  # noqa: E731
    run("initdb", "-D", str(data), "-A", "trust", "-U", "postgres")
    run("pg_ctl", "-D", str(data), "-l", str(root / "log"), "-w", "-o",
        f"-k {root} -p {port} -c listen_addresses=127.0.0.1", "start")
    try:
        for _ in range(50):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                break
            except OSError:
                time.sleep(0.1)
        run("createdb", "-h", "127.0.0.1", "-p", str(port), "-U", "postgres", "deskcrm")
        yield f"postgresql://postgres@127.0.0.1:{port}/deskcrm"
    finally:
        models.database.close()
        subprocess.run([*as_postgres, "pg_ctl", "-D", str(data), "-m", "fast", "stop"],
                       capture_output=True)
        shutil.rmtree(root, ignore_errors=True)


def test_store_services_and_search_on_postgres(pg_url):
    from deskcrm.services import search, settings
    from deskcrm.services.customers import CustomerInput, save_customer
    from deskcrm.services.purchases import PurchaseInput, log_purchase

    db = open_database(pg_url)
    now, today = dt.datetime(2026, 11, 23, 9), dt.date(2026, 11, 23)
    saved = save_customer(CustomerInput(name="王小明", phone="13800138000"), now=now, today=today)
    assert saved.customer_id
    save_customer(CustomerInput(name="김민수", phone="010-1234-5678"), now=now, today=today)
    result = log_purchase(saved.customer_id, PurchaseInput(purchased_on=today, item="大衣", amount="2,480.00"),
                          today=today, now=now)
    assert not result.errors
    settings.put("shop.locale", "ko")
    settings.put("shop.locale", "zh_Hant")
    assert settings.get("shop.locale") == "zh_Hant"
    assert [r.name for r in search.search("wxm").rows] == ["王小明"]
    assert [r.name for r in search.search("5678").rows] == ["김민수"]
    assert [r.name for r in search.search("小明").rows] == ["王小明"]
    assert models.Customer.get_by_id(saved.customer_id).total_spend == 248000
    assert check_integrity(db).ok
    db.close()
    reopened = open_database(pg_url)
    assert models.Customer.select().count() == 2
    reopened.close()
