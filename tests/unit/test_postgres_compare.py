"""The same seed on SQLite and PostgreSQL gives the same agenda, review figures and search results."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

from deskcrm.store.db import open_store

TODAY, NOW = dt.date(2026, 12, 1), dt.datetime(2026, 12, 1, 10, 30)
QUERIES = ["wxm", "lh", "zhang", "ㄱㅁㅅ", "小明", "민수", "王", "김", "w", "anna", "138", "0101",
           "5555", "z", "曾", "李小", "ㅊㅎ", "0", "12", "9876", "li", "刘伟", "grace kim", "100%_x"]


def _everything() -> dict:
    from deskcrm.services import agenda, search
    from deskcrm.services.followups.generate import generate_ahead
    from deskcrm.services.review import figures as review
    from deskcrm.store.models import FollowUp

    run = generate_ahead(TODAY, NOW, days=30)
    rows = list(FollowUp.select(FollowUp.customer, FollowUp.kind, FollowUp.due_on, FollowUp.visible_from,
                                FollowUp.reason, FollowUp.dedupe_key, FollowUp.status)
                .order_by(FollowUp.dedupe_key).tuples())
    # follow-up ids are not compared: INSERT ... SELECT numbers rows in each engine's scan order
    calls = [dataclasses.astuple(i)[1:] for i in agenda.call_list(TODAY, NOW.time(), days=30)]
    week = review.week(TODAY - dt.timedelta(days=7), TODAY)
    found = {q: [r.id for r in search.search(q, limit=50).rows] for q in QUERIES}
    return {"created": run.created, "by_rule": run.by_rule, "followups": rows, "calls": calls,
            "review": dataclasses.asdict(week), "search": found}


@pytest.mark.slow
def test_same_seed_same_answers_on_both_engines(tmp_path, pg_url):
    from deskcrm.services.seed import seed_database

    results = []
    for target in (str(tmp_path / "shop.sqlite3"), pg_url):
        store = open_store(target)
        with store.session():
            seed_database(customers=400, seed=5, today=TODAY)
            results.append(_everything())
        store.close()
    sqlite, postgres = results
    assert sqlite["created"] > 0 and any(sqlite["search"].values())
    for key in sqlite:
        assert sqlite[key] == postgres[key], key
