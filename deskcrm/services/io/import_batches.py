"""An import batch's life: written chunk by chunk, finished, undone, or rolled back.

A batch is written in short transactions (SQLite has one writer), so between two
chunks part of it is on disk. Its status says whether that part is a finished
import (`done`) or a batch some process is still writing (`importing`, `undoing`,
`rolling_back`) with a heartbeat each chunk. A batch whose heartbeat is stale was
left by a process that died; `recover_unfinished` rolls it back, so no import is
ever left half there. Undo and rollback are the same walk over the batch's
recorded changes, each change deleted as it is taken back: a walk killed half way
resumes where it stopped.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from dataclasses import dataclass, field

from deskcrm.i18n import N_, _
from deskcrm.services import audit, derived
from deskcrm.services.io.import_write import tags_of
from deskcrm.services.io.pacing import Pacer
from deskcrm.store import dialect
from deskcrm.store.models import (
    Complaint,
    Contact,
    Customer,
    CustomerTag,
    ImportBatch,
    ImportChange,
    Purchase,
    Tag,
    database,
)

Clock = Callable[[], dt.datetime]
Progress = Callable[[int, int], None]

IMPORTING, DONE = "importing", "done"
UNDOING, UNDONE = "undoing", "undone"
ROLLING_BACK, ROLLED_BACK = "rolling_back", "rolled_back"
RUNNING = (IMPORTING, UNDOING, ROLLING_BACK)
# the states screens show, by their words (status.replace("_", " "))
STATUS_WORDS = (N_("importing"), N_("undoing"), N_("rolling back"), N_("rolled back"))
# a live writer beats once a chunk (a fraction of a second); minutes of silence mean it died
STALE_AFTER = dt.timedelta(minutes=2)


class UndoError(Exception):
    """The batch cannot be undone; the message is for the user."""


@dataclass(frozen=True)
class UndoResult:
    batch_id: int
    deleted: int
    restored: int
    kept: tuple[tuple[int, str], ...] = field(default_factory=tuple)  # (customer id, why kept)


@dataclass(frozen=True)
class Recovered:
    """A batch a dead process left unfinished, and what was done about it."""

    batch_id: int
    source: str
    status: str  # rolled_back or undone
    deleted: int
    restored: int


def start(source: str, staff_name: str, now: dt.datetime) -> int:
    with database.atomic():
        batch = ImportBatch.create(source=source, staff_name=staff_name, at=now,
                                   status=IMPORTING, heartbeat_at=now)
    return batch.id


def beat(batch_id: int, now: dt.datetime) -> None:
    """Inside each chunk's transaction: the chunk and the sign of life commit together."""
    ImportBatch.update(heartbeat_at=now).where(ImportBatch.id == batch_id).execute()


def _claim(batch: ImportBatch, status: str, now: dt.datetime) -> bool:
    """Take the batch over, unless another process changed it since we read it."""
    query = ImportBatch.update(status=status, heartbeat_at=now).where(
        (ImportBatch.id == batch.id) & (ImportBatch.status == batch.status)
    )
    if batch.heartbeat_at is None:
        query = query.where(ImportBatch.heartbeat_at.is_null())
    else:
        query = query.where(ImportBatch.heartbeat_at == batch.heartbeat_at)
    return query.execute() == 1


def _active(customer_ids: list[int]) -> set[int]:
    """Which of these customers have bought, complained or been contacted."""
    found: set[int] = set()
    for model in (Purchase, Complaint, Contact):
        query = model.select(model.customer).where(model.customer.in_(customer_ids)).distinct().tuples()
        found.update(cid for (cid,) in query)
    return found


def _restore(changes: list[ImportChange], now: dt.datetime) -> int:
    """Put back what a merge filled in, field by field, unless it was changed again since."""
    ids = [c.customer_id for c in changes]
    customers = {c.id: c for c in Customer.select().where(Customer.id.in_(ids))}
    # read in bulk: per customer, these were three queries under the write lock
    counts = derived.fact_counts(list(customers))
    tags = tags_of(list(customers))
    restored = 0
    for change in changes:
        customer = customers.get(change.customer_id)
        if customer is None:
            continue
        data = json.loads(change.before)
        for key, old in data["before"].items():
            if str(getattr(customer, key)) == str(data["after"][key]):
                setattr(customer, key, old)
        if data["tags_added"]:
            tag_ids = Tag.select(Tag.id).where(Tag.name.in_(data["tags_added"]))
            CustomerTag.delete().where(
                (CustomerTag.customer == customer.id) & CustomerTag.tag.in_(tag_ids)
            ).execute()
        customer.updated_at = now
        # the tags it keeps: those it had, less the ones the import added (deleted above)
        kept = sorted(tags[customer.id] - set(data["tags_added"]))
        derived.refresh(customer, tags=kept, counts=counts[customer.id])
        customer.save(only=customer.dirty_fields)
        restored += 1
    return restored


@dataclass
class _Tally:
    deleted: int = 0
    restored: int = 0
    kept: list[tuple[int, str]] = field(default_factory=list)


def _take_back(changes: list[ImportChange], now: dt.datetime, tally: _Tally) -> None:
    created = [c.customer_id for c in changes if c.action == "created"]
    if created:
        active = _active(created)
        tally.kept.extend((cid, _("has purchases, complaints or contacts since")) for cid in created if cid in active)
        doomed = [cid for cid in created if cid not in active]
        if doomed:
            tally.deleted += Customer.delete().where(Customer.id.in_(doomed)).execute()
    tally.restored += _restore([c for c in changes if c.action == "updated"], now)
    ImportChange.delete().where(ImportChange.id.in_([c.id for c in changes])).execute()


def walk_back(batch_id: int, clock: Clock, pacer: Pacer | None = None,
              progress: Progress | None = None) -> _Tally:
    """Take back every change still recorded for the batch, newest first, chunk by chunk."""
    # a restored merge is rescored under the lock: start small, the pacer grows the chunks
    pacer = pacer or Pacer(rows=50)
    tally = _Tally()
    total = ImportChange.select().where(ImportChange.batch == batch_id).count()
    done = 0
    # every walk ends in _finish_undo's durable commit; a chunk lost to a power cut
    # before it is still recorded, and recovery takes it back again
    with dialect.commits_flushed_later(), dialect.bulk_page_cache():
        while True:
            with pacer.timed(), database.atomic():
                changes = list(ImportChange.select().where(ImportChange.batch == batch_id)
                               .order_by(ImportChange.id.desc()).limit(pacer.rows))
                if not changes:
                    break
                _take_back(changes, clock(), tally)
                beat(batch_id, clock())
            done += len(changes)
            if progress:
                progress(done, total)
    return tally


def _finish_undo(batch_id: int, status: str, tally: _Tally, now: dt.datetime, staff_name: str) -> None:
    with database.atomic():
        batch = ImportBatch.get_by_id(batch_id)
        batch.status = status
        batch.undone_at = now
        batch.save()
        action = "undo_import" if status == UNDONE else "roll_back_import"
        audit.record(action, "import_batch", batch_id, staff_name, source=batch.source,
                     deleted=tally.deleted, restored=tally.restored, kept=[k[0] for k in tally.kept])


def roll_back(batch_id: int, clock: Clock, staff_name: str = "") -> _Tally:
    """An import that failed in this process: take back the chunks it committed."""
    ImportBatch.update(status=ROLLING_BACK, heartbeat_at=clock()).where(ImportBatch.id == batch_id).execute()
    tally = walk_back(batch_id, clock)
    _finish_undo(batch_id, ROLLED_BACK, tally, clock(), staff_name)
    return tally


def recover_unfinished(now: dt.datetime, clock: Clock | None = None) -> list[Recovered]:
    """Roll back imports (and finish undos) whose process died; call at start-up.

    Only batches silent for STALE_AFTER are touched, so an import running in another
    terminal is left alone. Safe to call from several processes at once: each batch
    is claimed by one of them.
    """
    clock = clock or (lambda: now)
    stale = ImportBatch.select().where(
        ImportBatch.status.in_(RUNNING)
        & (ImportBatch.heartbeat_at.is_null() | (ImportBatch.heartbeat_at < now - STALE_AFTER))
    ).order_by(ImportBatch.id)
    recovered = []
    for batch in list(stale):
        # an undo that died is finished; an import that died is rolled back
        working, final = (UNDOING, UNDONE) if batch.status == UNDOING else (ROLLING_BACK, ROLLED_BACK)
        with database.atomic():
            if not _claim(batch, working, now):
                continue
        tally = walk_back(batch.id, clock)
        _finish_undo(batch.id, final, tally, clock(), "recovery")
        recovered.append(Recovered(batch.id, batch.source, final, tally.deleted, tally.restored))
    return recovered


def _claim_for_undo(batch_id: int, now: dt.datetime) -> None:
    with database.atomic():
        batch = ImportBatch.get_or_none(ImportBatch.id == batch_id)
        if batch is None:
            raise UndoError(_("There is no import {id}.").format(id=batch_id))
        if batch.status == UNDONE or (batch.status == DONE and batch.undone_at is not None):
            raise UndoError(_("Import {id} was already undone.").format(id=batch_id))
        if batch.status in (ROLLING_BACK, ROLLED_BACK):
            raise UndoError(_("Import {id} did not finish and was rolled back.").format(id=batch_id))
        if batch.status in (IMPORTING, UNDOING):
            raise UndoError(_("Import {id} is still being written; try again when it has finished.")
                            .format(id=batch_id))
        if not _claim(batch, UNDOING, now):
            raise UndoError(_("Import {id} is being undone elsewhere.").format(id=batch_id))


def undo(batch_id: int, *, now: dt.datetime, staff_name: str = "", clock: Clock | None = None,
         progress: Progress | None = None) -> UndoResult:
    clock = clock or (lambda: now)
    _claim_for_undo(batch_id, now)
    tally = walk_back(batch_id, clock, progress=progress)
    _finish_undo(batch_id, UNDONE, tally, clock(), staff_name)
    return UndoResult(batch_id, tally.deleted, tally.restored, tuple(tally.kept))


@dataclass(frozen=True)
class BatchInfo:
    id: int
    at: dt.datetime
    source: str
    staff_name: str
    created: int
    updated: int
    undone_at: dt.datetime | None
    status: str = DONE


def recent(limit: int = 20) -> list[BatchInfo]:
    query = ImportBatch.select().order_by(ImportBatch.id.desc()).limit(limit)
    return [BatchInfo(b.id, b.at, b.source, b.staff_name, b.created, b.updated, b.undone_at, b.status)
            for b in query]
