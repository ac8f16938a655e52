"""What each generation run created, and what became of it since."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass

from peewee import fn

from deskcrm.store.models import FollowUp, GenerationRun


@dataclass(frozen=True)
class RunInfo:
    id: int
    run_at: dt.datetime
    start: dt.date
    end: dt.date
    created: int
    by_rule: dict[str, int]
    open: int
    done: int
    skipped: int


def runs(limit: int = 50) -> list[RunInfo]:
    """Newest first. A run's follow-ups carry its run_at as created_at, which ties them together."""
    rows = list(GenerationRun.select().order_by(GenerationRun.run_at.desc()).limit(limit))
    stamps = [r.run_at for r in rows if r.created]
    fates: dict[tuple[dt.datetime, str], int] = {}
    if stamps:
        query = (
            FollowUp.select(FollowUp.created_at, FollowUp.status, fn.COUNT(FollowUp.id))
            .where(FollowUp.created_at.in_(stamps) & FollowUp.source_rule.not_in(["manual", "broadcast"]))
            .group_by(FollowUp.created_at, FollowUp.status)
            .tuples()
        )
        fates = {(at, status): n for at, status, n in query}
    return [
        RunInfo(r.id, r.run_at, r.start_on, r.end_on, r.created, json.loads(r.by_rule or "{}"),
                fates.get((r.run_at, "open"), 0), fates.get((r.run_at, "done"), 0),
                fates.get((r.run_at, "skipped"), 0))
        for r in rows
    ]
