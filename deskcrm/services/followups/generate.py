"""Run every rule over a window, idempotently, in one transaction, and record the run."""

from __future__ import annotations

import datetime as dt
import json
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from peewee import SqliteDatabase, fn

from deskcrm.services import settings
from deskcrm.services.followups import care, commerce, dates, seasonal
from deskcrm.services.followups.common import Row, Window
from deskcrm.services.followups.config import RuleConfig, load_config
from deskcrm.store.models import FollowUp, GenerationRun, database

CHUNK = 500  # rows per INSERT: well under SQLite's bound-variable limit (12 columns each)

ROW_RULES: dict[str, Callable[[Window], list[Row]]] = {
    "birthday": dates.birthdays,
    "date": lambda w: dates.important_dates(w) + dates.related_birthdays(w),
    "post_purchase": commerce.post_purchase,
    "referral": commerce.referrals,
    "milestone": commerce.milestones,
    "repurchase": commerce.repurchase,
    "top_tier_visit": commerce.top_tier_visits,
}
BULK_RULES: dict[str, Callable[[Window], int]] = {
    "festival": seasonal.festivals,
    "season": seasonal.seasons,
    "vip_event": seasonal.vip_events,
    "neglect": care.neglect,
}
# date-driven rules only need the days not generated before; event rules always re-scan
# (neglect is keyed on the day its ideal window opens, so it is a date rule too; a full run
# without date_start still re-checks everyone)
DATE_RULES = frozenset({"birthday", "date", "festival", "season", "vip_event", "top_tier_visit",
                        "neglect"})


@dataclass(frozen=True)
class GenerationResult:
    run_id: int | None
    start: dt.date
    end: dt.date
    created: int
    by_rule: dict[str, int] = field(default_factory=dict)
    closed: int = 0  # follow-ups the customer's story overtook (contact logged, bought again...)
    seconds: dict[str, float] = field(default_factory=dict)  # per rule, for the benchmark


def _plain(value):
    """Dates as peewee writes them (str), without leaning on sqlite3's deprecated adapters."""
    return str(value) if isinstance(value, dt.date) else value


def _insert(rows: list[Row]) -> int:
    """INSERT OR IGNORE the rows; on SQLite through executemany, which loops in C.

    Peewee's insert_many builds SQL text per chunk in Python: at 100 000 customers
    that alone took most of a 30-day run (measured: ~35 s vs a few seconds).
    """
    if not rows:
        return 0
    if isinstance(database.obj, SqliteDatabase):
        columns = list(rows[0])
        fields = [FollowUp._meta.fields[c] for c in columns]
        extra = [f for f in ("message", "outcome", "note", "snooze_reason") if f not in columns]
        names = ", ".join(f'"{f.column_name}"' for f in fields) + "".join(f', "{c}"' for c in extra)
        marks = ", ".join("?" * (len(fields) + len(extra)))
        sql = f'INSERT OR IGNORE INTO "{FollowUp._meta.table_name}" ({names}) VALUES ({marks})'
        blanks = ("",) * len(extra)
        values = ((*(_plain(f.db_value(r[c])) for f, c in zip(fields, columns, strict=True)), *blanks)
                  for r in rows)
        return database.cursor().executemany(sql, values).rowcount
    created = 0
    for i in range(0, len(rows), CHUNK):
        created += (
            FollowUp.insert_many(rows[i : i + CHUNK]).on_conflict_ignore().as_rowcount().execute()
        )
    return created


def generate(
    start: dt.date,
    end: dt.date,
    today: dt.date,
    now: dt.datetime,
    *,
    date_start: dt.date | None = None,
    config: RuleConfig | None = None,
) -> GenerationResult:
    """Create the follow-ups every rule asks for in [start, end]; running it again creates nothing new.

    `date_start` lets start-up skip the days whose birthdays and festivals were
    generated before, while purchases and neglect are re-checked every time.
    """
    config = config or load_config()
    since = None
    if date_start is not None:
        since = GenerationRun.select(fn.MAX(GenerationRun.run_at)).scalar()
    window = Window(start, end, today, now, config, since, date_start if since else None)
    date_window = Window(max(start, date_start or start), end, today, now, config)
    by_rule: dict[str, int] = {}
    seconds: dict[str, float] = {}
    with database.atomic():
        t0 = time.perf_counter()
        closed = care.tidy(window)
        seconds["tidy"] = time.perf_counter() - t0
        rules = [*((n, r, True) for n, r in ROW_RULES.items()), *((n, r, False) for n, r in BULK_RULES.items())]
        for name, rule, rows in rules:
            w = date_window if name in DATE_RULES else window
            t0 = time.perf_counter()
            if w.start > w.end:
                by_rule[name] = 0
            else:
                by_rule[name] = _insert(rule(w)) if rows else rule(w)
            seconds[name] = time.perf_counter() - t0
        created = sum(by_rule.values())
        run = GenerationRun.create(
            run_at=now, start_on=start, end_on=end, created=created,
            by_rule=json.dumps({k: v for k, v in by_rule.items() if v}),
        )
    return GenerationResult(run.id, start, end, created, by_rule, closed, seconds)


def generate_ahead(today: dt.date, now: dt.datetime, days: int | None = None) -> GenerationResult:
    """Start-up generation: today .. today+horizon, birthdays/festivals only for the new days."""
    config = load_config()
    end = today + dt.timedelta(days=days if days is not None else config.horizon_days)
    through = settings.get("followups.generated_through")
    date_start = None
    if through:
        done = dt.date.fromisoformat(through)
        if done >= today:
            date_start = done + dt.timedelta(days=1)
    result = generate(today, end, today, now, date_start=date_start, config=config)
    if not through or dt.date.fromisoformat(through) < end:
        settings.put("followups.generated_through", end.isoformat())
    return result
