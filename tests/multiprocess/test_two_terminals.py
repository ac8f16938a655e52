"""Two terminals on one file at once: nobody's save fails, nothing is lost.

A clerk files customers and a manager walks complaints through the wizard for
30 s, each in its own process, while a third starts up over 20 000 customers
(the follow-up generation) and then imports 10 000 rows. Every write of every
process either lands or would have been shown; none may meet "database is locked".
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from deskcrm.services import settings
from deskcrm.services.seed import seed_database
from deskcrm.startup import ensure_defaults
from deskcrm.store.db import open_database
from deskcrm.store.models import Complaint, Customer, FollowUp, GenerationRun

ROOT = Path(__file__).resolve().parents[2]
JOBS = Path(__file__).with_name("terminal_jobs.py")
SECONDS = 30


def _spawn(*args: str) -> subprocess.Popen:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.Popen([sys.executable, *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True, env=env, cwd=ROOT)


@pytest.mark.slow
def test_two_terminals_writing_for_thirty_seconds_lose_nothing(tmp_path):
    path = tmp_path / "shop.sqlite3"
    open_database(path)
    ensure_defaults()  # complaint categories for the manager's wizard steps
    seed_database(customers=20_000, seed=3, today=dt.date(2026, 12, 1))
    FollowUp.delete().execute()  # start-up generation will have the whole file to do
    GenerationRun.delete().execute()
    settings.put("followups.generated_through", None)
    rows = tmp_path / "new.csv"
    with rows.open("w", newline="", encoding="utf-8") as fh:
        out = csv.writer(fh)
        out.writerow(["name", "phone"])
        out.writerows([f"导入顾客{i}", f"137{i:08d}"] for i in range(10_000))

    clerk = _spawn(str(JOBS), "clerk", str(path), str(SECONDS))
    manager = _spawn(str(JOBS), "manager", str(path), str(SECONDS))
    startup = subprocess.run([sys.executable, "-m", "deskcrm", "agenda", "--db", str(path),
                              "--date", "2026-12-01", "--days", "30", "--format", "json"],
                             capture_output=True, text=True, cwd=ROOT)
    imported = subprocess.run([sys.executable, "-m", "deskcrm", "import", str(rows), "--db", str(path)],
                              capture_output=True, text=True, cwd=ROOT)
    results = {}
    for name, proc in (("clerk", clerk), ("manager", manager)):
        stdout, stderr = proc.communicate(timeout=SECONDS + 120)
        assert proc.returncode == 0, stderr
        results[name] = json.loads(stdout.strip().splitlines()[-1])

    assert startup.returncode == 0, startup.stderr
    assert json.loads(startup.stdout)["generated"] > 0
    assert imported.returncode == 0, imported.stdout + imported.stderr
    assert "locked" not in imported.stdout + imported.stderr
    for name, result in results.items():
        assert result["errors"] == [], (name, result["errors"][:3])
        assert result["saved"], name
    # nothing lost: every reported save is in the file
    names = set(results["clerk"]["saved"])
    stored = {n for (n,) in Customer.select(Customer.name).where(Customer.name.startswith("柜台顾客")).tuples()}
    assert stored == names
    assert Complaint.select().where(Complaint.id.in_(results["manager"]["saved"])).count() \
        == len(results["manager"]["saved"])
    assert Customer.select().where(Customer.name.startswith("导入顾客")).count() == 10_000
