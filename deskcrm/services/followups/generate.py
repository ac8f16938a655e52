"""Run every rule over a window, idempotently, in short transactions, and record the run.

SQLite has one writer: a 6 s generation in one transaction made every other
terminal's save fail (issue 9). Reads happen outside any transaction (WAL
readers never wait); writes go in chunks that each hold the write lock briefly —
rows in batches, the INSERT ... SELECT rules and the tidy-up per range of
customer ids. Every row carries a unique dedupe key, so a run killed between
chunks is completed by the next one and nothing is written twice.
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import json
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field

from peewee import (
    DateField,
    DateTimeField,
    Field,
    ForeignKeyField,
    IntegrityError,
    SqliteDatabase,
    fn,
)

from deskcrm.services import settings, shops
from deskcrm.services.followups import care, commerce, dates, expiry, inputs, seasonal
from deskcrm.services.followups.changes import store_version
from deskcrm.services.followups.common import Row, Scope, Window
from deskcrm.services.followups.config import RuleConfig, load_config
from deskcrm.store.dialect import commits_flushed_later, is_sqlite, refresh_statistics
from deskcrm.store.models import Customer, FollowUp, GenerationRun, database

CHUNK = 500  # rows per INSERT: well under SQLite's bound-variable limit (12 columns each)
# Write transactions are sized by how long the last one held the lock: aim at
# TARGET_HOLD_SECONDS, well under the 250 ms bound (benchmarks/bench_locks.py prints the
# longest hold). A commit writes every index page the transaction dirtied, and a range's
# rows land on the same pages of the date indexes whatever its size: at 100 000 customers
# a first run's neglect cost 30 s in 500-customer ranges and 10 s in 2 000-customer ones.
TARGET_HOLD_SECONDS = 0.1
ROWS_PER_COMMIT = 500  # the first transaction's size; the pace decides the next ones
CUSTOMERS_PER_COMMIT = 500
# never below the fixed size this pacing replaced: on a loaded machine every hold is
# long, and smaller chunks would only write each commit's index pages more often
MIN_PER_COMMIT = 500
MAX_ROWS_PER_COMMIT = 8_000
MAX_CUSTOMERS_PER_COMMIT = 32_000
# a range that found next to nothing (a row per this many customers at most) may grow
# fourfold at once; one that inserts, twofold: its next range may be denser
SPARSE_CUSTOMERS_PER_ROW = 20
RESTAT_AFTER = 10000  # rows a run creates before PostgreSQL's planner statistics are renewed
# of a run's writes between its WAL checkpoints (SQLite). Not longer: any other terminal's
# commit past 1 000 WAL pages checkpoints what is there inside its own save (measured with
# 0.5 s: the second writer's saves in bench_locks up to 1.2 s, p99 546 ms at load 4.3)
CHECKPOINT_EVERY_SECONDS = 0.0

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


def _converter(f: Field) -> Callable | None:
    """How a column's Python value is written; None where sqlite3 takes it as it is.

    Text, numbers and booleans need nothing: peewee's db_value per cell of ~60 000 rows
    was over a second of a first run's CPU. Dates and times are written as peewee writes
    them (text), keys as the id.
    """
    if isinstance(f, (DateField, DateTimeField, ForeignKeyField)):
        return lambda value: _plain(f.db_value(value))
    return None


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
        convert = [(c, _converter(f)) for f, c in zip(fields, columns, strict=True)]
        values = ((*(r[c] if to is None else to(r[c]) for c, to in convert), *blanks) for r in rows)
        return database.cursor().executemany(sql, values).rowcount
    created = 0
    for i in range(0, len(rows), CHUNK):
        created += (
            FollowUp.insert_many(rows[i : i + CHUNK]).on_conflict_ignore().as_rowcount().execute()
        )
    return created


Stop = Callable[[], bool]
# per store: the last (store version, window) whose fingerprint matched, and its run
_UNCHANGED: dict[str, tuple] = {}
_UNCHANGED_RUN: dict[str, int | None] = {}


def _never() -> bool:
    return False


@dataclass
class _Pace:
    """How much the next write transaction takes on, from how long the last one held the lock."""

    size: int
    most: int

    def after(self, seconds: float, sparse: bool) -> None:
        ratio = TARGET_HOLD_SECONDS / max(seconds, 1e-4)
        ratio = min(ratio, 4.0 if sparse else 2.0, self.most / self.size)
        self.size = min(self.most, max(MIN_PER_COMMIT, int(self.size * max(ratio, 0.5))))


class _Checkpoints(threading.local):
    """SQLite: the WAL copied back into the file between chunks, not inside their commits.

    By default the connection that commits past 1 000 WAL pages copies them back into
    the file (and waits for the disk) before its COMMIT returns. A chunk of neglect
    alerts dirties ~1 500 pages of the date indexes, so every commit of a first run did
    a checkpoint while its caller counted the lock as held, and the pace would keep its
    chunks small. During a run the generation's connection checkpoints itself (PASSIVE,
    after each chunk, CHECKPOINT_EVERY_SECONDS) between its transactions; no write
    transaction of the run includes one.
    """

    active = False
    last = 0.0

    @contextlib.contextmanager
    def managed(self) -> Iterator[None]:
        db = database.obj
        if self.active or not is_sqlite(db):
            yield
            return
        (every,) = db.execute_sql("PRAGMA wal_autocheckpoint").fetchone()
        db.execute_sql("PRAGMA wal_autocheckpoint = 0")
        self.active, self.last = True, time.perf_counter()
        try:
            yield
        finally:
            self.active = False
            db.execute_sql(f"PRAGMA wal_autocheckpoint = {int(every)}")
            self.now()

    def between_chunks(self) -> None:
        if self.active and time.perf_counter() - self.last >= CHECKPOINT_EVERY_SECONDS:
            self.now()

    def now(self) -> None:
        # PASSIVE: copies what no reader still needs and never waits for anyone
        database.execute_sql("PRAGMA wal_checkpoint(PASSIVE)")
        self.last = time.perf_counter()


_CHECKPOINTS = _Checkpoints()


def _insert_committed(rows: list[Row]) -> int:
    """Insert rows in short transactions; rows whose customer was deleted meanwhile are dropped."""
    created, i = 0, 0
    pace = _Pace(min(ROWS_PER_COMMIT, MAX_ROWS_PER_COMMIT), MAX_ROWS_PER_COMMIT)
    while i < len(rows):
        part = rows[i : i + pace.size]
        i += len(part)
        t0 = time.perf_counter()
        try:
            with database.atomic():
                created += _insert(part)
        except IntegrityError:
            # computed outside the transaction: a customer deleted since has no rows to get
            alive = {c for (c,) in Customer.select(Customer.id).where(
                Customer.id.in_(list({r["customer"] for r in part}))).tuples()}
            with database.atomic():
                created += _insert([r for r in part if r["customer"] in alive])
        pace.after(time.perf_counter() - t0, sparse=False)
        _CHECKPOINTS.between_chunks()
    return created


def _per_range(w: Window, job: Callable[[Window], int], stop: Stop) -> int:
    """Run `job` over customer-id ranges, each range in its own short transaction.

    The first range is CUSTOMERS_PER_COMMIT customers; each next one is sized by how
    long the last held the lock (_Pace). An incremental run finds a few customers in
    each range, and 800 statements of ~1 ms work each cost more in SQL building and
    commits than the work: its ranges grow to MAX_CUSTOMERS_PER_COMMIT.
    """
    if w.scope is not None:
        with database.atomic():
            return job(w)
    lo, hi = Customer.select(fn.MIN(Customer.id), fn.MAX(Customer.id)).tuples().get()
    done, start = 0, lo
    pace = _Pace(min(CUSTOMERS_PER_COMMIT, MAX_CUSTOMERS_PER_COMMIT), MAX_CUSTOMERS_PER_COMMIT)
    while lo is not None and start <= hi:
        if stop():
            break
        end = min(start + pace.size - 1, hi)
        t0 = time.perf_counter()
        with database.atomic():
            made = job(dataclasses.replace(w, scope=Scope(start, end)))
        done += made
        pace.after(time.perf_counter() - t0, sparse=made * SPARSE_CUSTOMERS_PER_ROW <= end - start + 1)
        _CHECKPOINTS.between_chunks()
        start = end + 1
    return done


def _run_rules(window: Window, date_window: Window, stop: Stop,
               by_rule: dict[str, int], seconds: dict[str, float]) -> int:
    t0 = time.perf_counter()
    closed = _per_range(window, care.tidy, stop)
    seconds["tidy"] = seconds.get("tidy", 0.0) + time.perf_counter() - t0
    for name, rule in ROW_RULES.items():
        w = date_window if name in DATE_RULES else window
        if stop():
            break
        t0 = time.perf_counter()
        rows = rule(w) if w.start <= w.end else []
        if w.shop is not None:
            for r in rows:
                r["shop"] = w.shop
        made = _insert_committed(rows)
        by_rule[name] = by_rule.get(name, 0) + made
        seconds[name] = seconds.get(name, 0.0) + time.perf_counter() - t0
    for name, rule in BULK_RULES.items():
        w = date_window if name in DATE_RULES else window
        if stop():
            break
        t0 = time.perf_counter()
        made = _per_range(w, rule, stop) if w.start <= w.end else 0
        by_rule[name] = by_rule.get(name, 0) + made
        seconds[name] = seconds.get(name, 0.0) + time.perf_counter() - t0
    return closed


def _expire(today: dt.date, now: dt.datetime, seconds: dict[str, float],
            customers: Iterable[int] | None = None) -> int:
    t0 = time.perf_counter()
    closed = sum(expiry.expire(today, now, customers).values())
    seconds["expiry"] = seconds.get("expiry", 0.0) + time.perf_counter() - t0
    return closed


# follow-ups can always be made again, and the GenerationRun row written last makes a
# run final: a thousand commits need not each wait for the disk (bench_locks: the fsyncs
# were a third of a start-up generation's time and of its longest holds)
@commits_flushed_later()
def generate(
    start: dt.date,
    end: dt.date,
    today: dt.date,
    now: dt.datetime,
    *,
    date_start: dt.date | None = None,
    config: RuleConfig | None = None,
    customers: Iterable[int] | None = None,
    stop: Stop | None = None,
) -> GenerationResult:
    """Create the follow-ups every rule asks for in [start, end]; running it again creates nothing new.

    `date_start` lets start-up skip the days whose birthdays and festivals were
    generated before, while purchases and neglect are re-checked every time; customers
    changed since the previous run get the whole window. `customers` runs every rule
    for just those customers over the whole window — what a change to one customer
    needs, in milliseconds. `stop` is asked between chunks: a stopped run records
    nothing and the next run completes it.

    In a chain every shop's customers get their follow-ups by that shop's settings
    (festivals of its country, its closure days and quiet hours), on its call list.
    """
    stop = stop or _never
    pass_ = _Pass(start, end, today, now, stop)
    if customers is not None:
        ids = tuple(sorted(set(customers)))
        for shop, config_ in _shops(config):
            pass_.for_customers(ids, config_, shop)
        if ids and not stop():
            # day-to-day changes expire too: a new neglect alert merges the older one at once,
            # not at the next start-up
            pass_.closed += _expire(today, now, pass_.seconds, ids)
        return GenerationResult(None, start, end, sum(pass_.by_rule.values()), pass_.by_rule,
                                pass_.closed, pass_.seconds)
    # nobody wrote since a run over these days found its inputs unchanged: still unchanged
    # (F3 asks on every switch to it; the fingerprint reads every table, ~0.4 s CPU at 100k)
    version = store_version()
    asked = (version, start, end, today, date_start, config)
    if version is not None and _UNCHANGED.get(version[0]) == asked:
        return GenerationResult(_UNCHANGED_RUN.get(version[0]), start, end, 0, {}, 0, {"unchanged": 0.0})
    configs = list(_shops(config))
    facts = inputs.fingerprint(start, end, today, configs)
    if inputs.unchanged(facts):
        # the last completed run read exactly this: it would create and close nothing
        last = GenerationRun.select(fn.MAX(GenerationRun.id)).scalar()
        if version is not None:
            _UNCHANGED[version[0]], _UNCHANGED_RUN[version[0]] = asked, last
        return GenerationResult(last, start, end, 0, {}, 0, {"unchanged": 0.0})
    since = None
    if date_start is not None:
        since = GenerationRun.select(fn.MAX(GenerationRun.run_at)).scalar()
    with _CHECKPOINTS.managed():
        for shop, config_ in configs:
            with shops.viewing(shop) if shop is not None else contextlib.nullcontext():
                pass_.full(config_, shop, since, date_start)
        if sum(pass_.by_rule.values()) >= RESTAT_AFTER:
            # PostgreSQL plans by statistics taken before these rows existed: at 100 000
            # customers the expiry's neglect query ran over 6 minutes on a first run (a
            # nested loop planned for a near-empty follow_up table) until it was cancelled
            refresh_statistics(database.obj, ("follow_up",))
        if not stop():
            # what lost its point (a season week over, a festival past) closes with a reason,
            # on every start-up run — full or only the new days — since the days move on
            pass_.closed += _expire(today, now, pass_.seconds)
    by_rule, closed, seconds = pass_.by_rule, pass_.closed, pass_.seconds
    created = sum(by_rule.values())
    if stop():
        return GenerationResult(None, start, end, created, by_rule, closed, seconds)
    with database.atomic():
        run = GenerationRun.create(
            run_at=now, start_on=start, end_on=end, created=created,
            by_rule=json.dumps({k: v for k, v in by_rule.items() if v}),
        )
        inputs.remember(facts)
    return GenerationResult(run.id, start, end, created, by_rule, closed, seconds)


def _shops(config: RuleConfig | None) -> Iterator[tuple[int | None, RuleConfig]]:
    """(shop, its rule settings) to generate for: one unscoped pass in a single-shop file."""
    if not shops.is_chain():
        yield None, config or load_config()
        return
    for shop in shops.all_shops():
        if shop.active:
            with shops.viewing(shop.id):
                yield shop.id, config or load_config()


@dataclass
class _Pass:
    """What one generation run adds up over its passes (one per shop in a chain)."""

    start: dt.date
    end: dt.date
    today: dt.date
    now: dt.datetime
    stop: Stop
    by_rule: dict[str, int] = field(default_factory=dict)
    seconds: dict[str, float] = field(default_factory=dict)
    closed: int = 0

    def _run(self, window: Window, date_window: Window) -> None:
        self.closed += _run_rules(window, date_window, self.stop, self.by_rule, self.seconds)

    def for_customers(self, ids: tuple[int, ...], config: RuleConfig, shop: int | None) -> None:
        w = Window(self.start, self.end, self.today, self.now, config, scope=Scope(ids=ids), shop=shop)
        if ids:
            self._run(w, w)

    def full(self, config: RuleConfig, shop: int | None, since: dt.datetime | None,
             date_start: dt.date | None) -> None:
        start, end, today, now = self.start, self.end, self.today, self.now
        window = Window(start, end, today, now, config, since, date_start if since else None, shop=shop)
        date_window = Window(max(start, date_start or start), end, today, now, config, shop=shop)
        self._run(window, date_window)
        if since is not None and date_window.start > start and not self.stop():
            # the days generated before were generated for the customers as they were then:
            # whoever changed since (a birthday entered, an import) gets the whole window
            changed = [c for (c,) in Customer.select(Customer.id)
                       .where(Customer.updated_at >= since).tuples()]
            for i in range(0, len(changed), CUSTOMERS_PER_COMMIT):
                if self.stop():
                    break
                w = Window(start, end, today, now, config,
                           scope=Scope(ids=tuple(changed[i : i + CUSTOMERS_PER_COMMIT])), shop=shop)
                self._run(w, w)


def generate_for_customers(
    customer_ids: Iterable[int], today: dt.date, now: dt.datetime
) -> GenerationResult:
    """Every rule for these customers over the whole horizon: called after each change to them."""
    config = load_config()
    end = today + dt.timedelta(days=config.horizon_days)
    return generate(today, end, today, now, config=config, customers=customer_ids)


def generate_ahead(
    today: dt.date, now: dt.datetime, days: int | None = None, *, stop: Stop | None = None
) -> GenerationResult:
    """Start-up generation: today .. today+horizon, birthdays/festivals only for the new days."""
    config = load_config()
    end = today + dt.timedelta(days=days if days is not None else config.horizon_days)
    through = settings.get("followups.generated_through")
    date_start = None
    if through:
        done = dt.date.fromisoformat(through)
        if done >= today:
            date_start = done + dt.timedelta(days=1)
    result = generate(today, end, today, now, date_start=date_start, config=config, stop=stop)
    if result.run_id is not None and (not through or dt.date.fromisoformat(through) < end):
        settings.put("followups.generated_through", end.isoformat())
    return result
