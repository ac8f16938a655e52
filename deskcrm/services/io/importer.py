"""Importing customers: check every row, show duplicates, write in short chunks, undo later.

An import is an ImportBatch; every customer it created or changed is an
ImportChange holding what the fields were before, so the whole batch can be
undone later the way good CRM importers allow. It is written a chunk at a time
so other terminals can save in between; `import_batches` keeps it all-or-nothing
(a batch that does not finish is rolled back, at once or by `recover_unfinished`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from deskcrm.i18n import _
from deskcrm.services import audit, derived
from deskcrm.services.io import import_batches as batches
from deskcrm.services.io import import_write as write
from deskcrm.services.io.import_ahead import prepared_ahead
from deskcrm.services.io.import_batches import (  # noqa: F401 - the importer's public API
    BatchInfo,
    Recovered,
    UndoError,
    UndoResult,
    recover_unfinished,
)
from deskcrm.services.io.pacing import CREATE_TARGET_SECONDS, Checkpoints, Pacer, bulk_python
from deskcrm.services.io.records import RowError, Rules, SourceFile, ValidRow, check_record
from deskcrm.store import dialect
from deskcrm.store.models import Customer, ImportBatch, database
from deskcrm.store.search_keys import name_key, phone_digits

Progress = Callable[[int, int], None]
Clock = Callable[[], dt.datetime]
CHUNK = 500  # rows per duplicate lookup while planning
FIRST_MERGE_ROWS = 25
FIRST_CREATE_ROWS = 50


@dataclass(frozen=True)
class Duplicate:
    line: int
    name: str
    existing_id: int
    existing_name: str
    reason: str  # "same phone" or "same name and birthday"
    column: str = ""  # the file's column that matched (its phone or name column)
    value: str = ""  # that column's value in the file
    # (field, on file, in the file) for each field the row gives, to choose merge or skip
    compare: tuple[tuple[str, str, str], ...] = ()


@dataclass(frozen=True)
class ImportPlan:
    source: SourceFile
    rows: tuple[ValidRow, ...]
    errors: tuple[RowError, ...]
    duplicates: tuple[Duplicate, ...]
    warnings: tuple[RowError, ...] = ()  # imported, but worth a look (a name taken from the e-mail…)

    @property
    def bad_lines(self) -> tuple[int, ...]:
        return tuple(sorted({e.line for e in self.errors}))


def _birthday_of(values: dict[str, Any]) -> tuple | None:
    if values.get("birth_month"):
        return values["birth_month"], values["birth_day"], values.get("birth_calendar", "solar")
    return None


def _phones(values: dict[str, Any]) -> list[str]:
    return [d for d in (phone_digits(values.get(k, "")) for k in ("phone", "phone2")) if d]


def _same_birthday(row: ValidRow, year: int | None, month: int | None, day: int | None, calendar: str) -> bool:
    """Whether the row's birthday is this one (an existing customer's, as stored)."""
    mine = _birthday_of(row.values)
    if mine is None or month is None:
        return False
    if (month, day, calendar) != mine:
        return False
    theirs = row.values.get("birth_year")
    return not (theirs and year and theirs != year)


def _birthday_text(year: Any, month: Any, day: Any) -> str:
    if not month:
        return ""
    return f"{year:04d}-{month:02d}-{day:02d}" if year else f"--{month:02d}-{day:02d}"


def _compare(row: ValidRow, existing: Customer) -> tuple[tuple[str, str, str], ...]:
    values = dict(row.values)
    pairs = [("name", existing.name, row.name)]
    if values.get("birth_month"):
        pairs.append(("birthday",
                      _birthday_text(existing.birth_year, existing.birth_month, existing.birth_day),
                      _birthday_text(values.get("birth_year"), values["birth_month"], values["birth_day"])))
    pairs += [(k, str(getattr(existing, k) or ""), str(v)) for k, v in values.items()
              if not k.startswith("birth_") and not write.empty(v)]
    if row.tags:
        pairs.append(("tags", ", ".join(derived.tag_names(existing.id)), ", ".join(row.tags)))
    return tuple(pairs)


def _duplicate(row: ValidRow, match: Customer, by_phone: bool) -> Duplicate:
    if by_phone:
        reason, key, value = _("same phone"), "phone", row.values.get("phone", "")
        if phone_digits(value) not in match.phone_digits.split():
            key, value = "phone2", row.values.get("phone2", "")
    else:
        reason, key, value = _("same name and birthday"), "name", row.name
    return Duplicate(row.line, row.name, match.id, match.name, reason,
                     row.columns.get(key, ""), value, _compare(row, match))


def _second_phones() -> dict[str, int]:
    """Phone digits → customer id, for customers with two phones (stored "a b"): an IN
    match on phone_digits misses those. Ids only: a shop has tens of thousands of them."""
    owners: dict[str, int] = {}
    query = (Customer.select(Customer.id, Customer.phone_digits)
             .where(Customer.phone_digits.contains(" ")).order_by(Customer.id).tuples())
    for cid, digits in query.iterator():
        for d in digits.split():
            owners.setdefault(d, cid)
    return owners


def _matching(columns: str, key: str, values: list[str]) -> list[tuple]:
    """Rows of `columns` of the customers whose `key` is one of `values`, in one query.

    Plain SQL: peewee building an IN list node by node was a fifth of planning a
    100 000-row file, and most rows of a new file match nobody.
    """
    if not values:
        return []
    marks = ", ".join([database.param] * len(values))
    table = Customer._meta.table_name
    return list(database.execute_sql(f'SELECT {columns} FROM "{table}" WHERE {key} IN ({marks})', values))


def _find_existing(rows: list[ValidRow], phones: dict[int, list[str]]) -> dict[int, Duplicate]:
    """Existing customers that are the same person: same phone digits, or name_key + birthday.

    A few indexed look-ups per CHUNK rows (each IN on its own index), never one per row;
    whole customers are read only for the rows that matched.
    """
    found: dict[int, Duplicate] = {}
    owners = _second_phones()
    for start in range(0, len(rows), CHUNK):
        chunk = rows[start : start + CHUNK]
        digits = list({d for r in chunk for d in phones[r.line]})
        keys = {r.line: name_key(r.name) for r in chunk}
        by_phone = {d: owners[d] for d in digits if d in owners}
        for cid, stored in _matching("id, phone_digits", "phone_digits", digits):
            by_phone.setdefault(stored, cid)
        by_key: dict[str, list[tuple]] = {}
        for cid, key, *birthday in _matching("id, name_key, birth_year, birth_month, birth_day, birth_calendar",
                                             "name_key", list(set(keys.values()))):
            by_key.setdefault(key, []).append((cid, *birthday))
        matches: dict[int, tuple[int, bool]] = {}  # line → (customer id, by phone?)
        for row in chunk:
            cid = next((by_phone[d] for d in phones[row.line] if d in by_phone), None)
            if cid is not None:
                matches[row.line] = (cid, True)
                continue
            cid = next((c[0] for c in by_key.get(keys[row.line], []) if _same_birthday(row, *c[1:])), None)
            if cid is not None:
                matches[row.line] = (cid, False)
        wanted = list({cid for cid, _by in matches.values()})
        customers = {c.id: c for c in Customer.select().where(Customer.id.in_(wanted))} if wanted else {}
        for row in chunk:
            if row.line in matches and matches[row.line][0] in customers:
                cid, by_phone_match = matches[row.line]
                found[row.line] = _duplicate(row, customers[cid], by_phone=by_phone_match)
    return found


def plan_import(source: SourceFile, rules: Rules) -> ImportPlan:
    """Check every record and look for duplicates; writes nothing."""
    with bulk_python():
        return _plan(source, rules)


def _plan(source: SourceFile, rules: Rules) -> ImportPlan:
    rows: list[ValidRow] = []
    errors: list[RowError] = list(source.problems)
    seen_phone: dict[str, int] = {}
    seen_person: dict[tuple, int] = {}
    phones: dict[int, list[str]] = {}
    for record in source.records:
        row, problems = check_record(record, rules, source.date_order)
        if row is None:
            errors.extend(problems)
            continue
        # the same person twice in one file: keep the first, report the second
        phones[row.line] = mine = _phones(row.values)
        same = next(((seen_phone[d], d) for d in mine if d in seen_phone), None)
        person = (name_key(row.name), _birthday_of(row.values))
        if same is None and person[1] is not None and person in seen_person:
            same = (seen_person[person], None)
        if same is not None:
            earlier, digits = same
            key = "name"
            if digits is not None:
                key = "phone" if phone_digits(row.values.get("phone", "")) == digits else "phone2"
            value = row.name if key == "name" else row.values[key]
            errors.append(RowError(row.line, record.columns.get(key, ""), value,
                                   _("same customer as line {line}").format(line=earlier)))
            continue
        for d in mine:
            seen_phone.setdefault(d, row.line)
        if person[1] is not None:
            seen_person.setdefault(person, row.line)
        rows.append(row)
    duplicates = _find_existing(rows, phones)
    return ImportPlan(source, tuple(rows), tuple(errors),
                      tuple(duplicates[r.line] for r in rows if r.line in duplicates),
                      tuple(w for r in rows for w in r.warnings))


@dataclass(frozen=True)
class ImportResult:
    batch_id: int | None
    created: int
    updated: int
    skipped: int  # duplicates skipped, or merged with nothing to fill
    refused: int  # bad rows not imported


class ImportRefused(Exception):
    """The file has bad rows and the user did not ask for the good ones only."""


class _Run:
    """One apply_import: its batch, pacing, progress and counts."""

    def __init__(self, batch_id: int, total: int, clock: Clock, progress: Progress | None) -> None:
        self.batch_id = batch_id
        self.clock = clock
        self.progress = progress
        self.total = total
        self.done = 0
        # a merge reads, compares and rescores each row under the lock: several times a
        # new row's cost, so it starts from smaller chunks (each pacer then finds its size)
        # the first chunk reads the indexes' pages into the cache: three times a later
        # chunk's CPU (SQL-only experiment), so it starts small and the pacer grows it
        self.pacer = Pacer(rows=FIRST_CREATE_ROWS, target=CREATE_TARGET_SECONDS)
        self.merge_pacer = Pacer(rows=FIRST_MERGE_ROWS)
        self.tags = write.Tags()

    def step(self, count: int) -> None:
        self.done += count
        if self.progress:
            self.progress(self.done, self.total)

    def merge_duplicates(self, pairs: list[tuple[ValidRow, Duplicate]],
                         merge: bool | dict[int, bool]) -> tuple[int, int, list[ValidRow]]:
        """Merge or skip each duplicate; returns (updated, skipped, rows whose customer is gone)."""
        updated = skipped = 0
        gone: list[ValidRow] = []
        for chunk in self.merge_pacer.slices(pairs):
            wanted = [(row, d) for row, d in chunk if _wants(merge, row.line)]
            skipped += len(chunk) - len(wanted)
            gone_before = len(gone)
            # read and write under one write lock: a clerk's edit in between is not overwritten
            with self.merge_pacer.timed(), database.atomic():
                ids = list({d.existing_id for _row, d in chunk})
                customers = {c.id: c for c in Customer.select().where(Customer.id.in_(ids))}
                # deleted since the preview: nothing to merge into, so a new customer
                gone += [row for row, d in wanted if d.existing_id not in customers]
                have = write.tags_of(list(customers))
                counts = derived.fact_counts(list(customers))
                now = self.clock()
                changes = []
                for row, d in wanted:
                    existing = customers.get(d.existing_id)
                    change = existing and write.merge_into(row, existing, have[existing.id], self.tags, now,
                                                           counts[existing.id])
                    if change:
                        changes.append((self.batch_id, existing.id, "updated", write.change_json(change)))
                    elif existing:
                        skipped += 1
                write.record_changes(changes)
                batches.beat(self.batch_id, now)
            updated += len(changes)
            self.step(len(chunk) - (len(gone) - gone_before))  # gone rows count when created
        return updated, skipped, gone

    def create(self, rows: Sequence[ValidRow], now: dt.datetime) -> None:
        # keys are the slow part: computed outside the transactions, by a child process
        # that runs ahead of the writing (import_ahead)
        sqlite = dialect.is_sqlite()
        stage = write.Staging() if sqlite else None
        ahead = prepared_ahead(rows, now, sqlite=sqlite, images=stage is not None and stage.images)
        wal = Checkpoints()
        try:
            done = 0
            while done < len(rows):
                # the pace's size, or the child's whole blocks that reach it (stage_images)
                taken = ahead.take(min(self.pacer.rows, len(rows) - done))
                size = sum(count for count, _image in taken) if ahead.images else len(taken)
                if not size:
                    raise RuntimeError("the rows prepared ahead ended before the import was written")
                chunk = rows[done : done + size]
                done += size
                if stage is not None and ahead.images:
                    stage.fill_images(taken)  # before the lock: see write.Staging
                elif stage is not None:
                    stage.fill(taken)
                with self.pacer.timed(), database.atomic():
                    if stage is not None:
                        ids = stage.move(self.batch_id)
                    else:
                        ids = write.insert(taken)
                        write.record_changes([(self.batch_id, cid, "created", "{}") for cid in ids])
                    self.tags.link([(cid, t) for cid, row in zip(ids, chunk, strict=True) for t in row.tags])
                    write.insert_related([(cid, p) for cid, row in zip(ids, chunk, strict=True)
                                          for p in row.related])
                    batches.beat(self.batch_id, self.clock())
                wal.committed(len(chunk))
                self.step(len(chunk))
        finally:
            ahead.close()
            wal.close()
            if stage is not None:
                stage.close()


def _wants(merge: bool | dict[int, bool], line: int) -> bool:
    return merge.get(line, False) if isinstance(merge, dict) else merge


def apply_import(
    plan: ImportPlan,
    *,
    now: dt.datetime,
    good_only: bool = False,
    merge: bool | dict[int, bool] = False,
    staff_name: str = "",
    progress: Progress | None = None,
    clock: Clock | None = None,
) -> ImportResult:
    """Write the plan's good rows, a short transaction at a time, all or nothing.

    `merge`: True/False for every duplicate, or {line: merge?} per duplicate; a
    skipped duplicate is not imported at all. `clock` gives the heartbeat's time
    per chunk (default: `now` throughout). If anything fails, the chunks already
    written are taken back before the error is raised; if the process dies, the
    next `recover_unfinished` takes them back.
    """
    if plan.errors and not good_only:
        raise ImportRefused(
            _("{count} row(s) have errors; nothing was imported.").format(count=len(plan.bad_lines))
        )
    clock = clock or (lambda: now)
    recover_unfinished(now, clock)
    dupes = {d.line: d for d in plan.duplicates}
    run = _Run(batches.start(plan.source.name, staff_name, now), len(plan.rows), clock, progress)
    try:
        # the chunks need not each wait for the disk: the batch is final only with the
        # commit below, which is durable and makes every chunk before it durable too
        with dialect.commits_flushed_later(), dialect.bulk_page_cache(), bulk_python():
            pairs = [(row, dupes[row.line]) for row in plan.rows if row.line in dupes]
            updated, skipped, gone = run.merge_duplicates(pairs, merge)
            new_rows = [row for row in plan.rows if row.line not in dupes] + gone
            run.create(new_rows, now)
        with database.atomic():
            ImportBatch.update(status=batches.DONE, created=len(new_rows), updated=updated,
                               heartbeat_at=clock()).where(ImportBatch.id == run.batch_id).execute()
            audit.record("import", "import_batch", run.batch_id, staff_name, source=plan.source.name,
                         created=len(new_rows), updated=updated, skipped=skipped,
                         refused_lines=list(plan.bad_lines))
    except BaseException:
        # the user sees all or nothing: take back what the committed chunks wrote
        batches.roll_back(run.batch_id, clock, staff_name)
        raise
    return ImportResult(run.batch_id, len(new_rows), updated, skipped, len(plan.bad_lines))


def recent_batches(limit: int = 20) -> list[BatchInfo]:
    return batches.recent(limit)


def undo_import(batch_id: int, *, now: dt.datetime, staff_name: str = "", clock: Clock | None = None,
                progress: Progress | None = None) -> UndoResult:
    """Delete what the batch created and restore what it changed, a chunk at a time.

    A created customer who has since bought, complained or been contacted is
    kept (deleting would take that history with it); a field changed again
    after the import keeps its newer value. An undo that dies half way is
    finished by `recover_unfinished`.
    """
    recover_unfinished(now, clock)
    return batches.undo(batch_id, now=now, staff_name=staff_name, clock=clock, progress=progress)
