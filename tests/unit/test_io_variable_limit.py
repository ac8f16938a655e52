"""An import, its merge and their undo at the pacer's biggest chunks bind few enough variables.

SQLite refuses a statement with more bound variables than its limit ("too many SQL
variables"): 32 766 in a default build since 3.32, while this machine's SQLite
allows 250 000, so a statement that fits here can fail in a shop. A fast machine
makes the pacer hand out its biggest chunks; every multi-row INSERT and IN (...)
list the import writes must be split below the default limit at that size.
"""

import sqlite3

import pytest

from deskcrm.services.io import pacing
from deskcrm.services.io.importer import apply_import, undo_import
from deskcrm.store.models import Customer, CustomerTag, ImportChange, RelatedPerson, database
from tests.io_helpers import NOW, plan_bytes

DEFAULT_LIMIT = 32766  # SQLITE_MAX_VARIABLE_NUMBER of a default build (3.32 and later)

pytestmark = pytest.mark.sqlite_only


def _file(rows: int, with_notes: bool) -> bytes:
    lines = ["name,phone,tags,related,notes"]
    for i in range(rows):
        notes = f"喜欢蓝色衬衫 {i}" if with_notes else ""
        lines.append(f"客人{i},138{i:08d},\"常客, 会员{i % 7}\",spouse: 配偶{i}; 139{i:08d},{notes}")
    return ("\n".join(lines) + "\n").encode()


@pytest.fixture
def biggest_chunks(db, monkeypatch):
    """Every pacer jumps to MAX_ROWS after its first chunk, as on a fast machine."""
    monkeypatch.setattr(pacing, "MIN_ROWS", pacing.MAX_ROWS)
    database.connection().setlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER, DEFAULT_LIMIT)
    return db


def test_import_merge_and_undo_at_the_biggest_chunks_stay_under_the_limit(biggest_chunks):
    rows = pacing.MAX_ROWS + 300  # a first chunk, one of MAX_ROWS, the rest
    chunks: list[int] = []
    done = [0]

    def progress(now_done: int, _total: int) -> None:
        chunks.append(now_done - done[0])
        done[0] = now_done

    created = apply_import(plan_bytes(_file(rows, with_notes=False)), now=NOW, progress=progress)
    assert created.created == rows and pacing.MAX_ROWS in chunks  # the biggest chunk was written
    assert CustomerTag.select().count() == 2 * rows and RelatedPerson.select().count() == rows

    merging = plan_bytes(_file(rows, with_notes=True))
    assert len(merging.duplicates) == rows
    chunks.clear()
    done[0] = 0
    merged = apply_import(merging, now=NOW, merge=True, progress=progress)
    assert merged.updated == rows and pacing.MAX_ROWS in chunks
    assert Customer.select().where(Customer.notes != "").count() == rows

    assert undo_import(merged.batch_id, now=NOW).restored == rows
    assert Customer.select().where(Customer.notes != "").count() == 0
    assert undo_import(created.batch_id, now=NOW).deleted == rows
    assert Customer.select().count() == 0 and ImportChange.select().count() == 0


def test_the_limit_is_really_imposed(biggest_chunks):
    """Without this the test above could pass on a SQLite that never refuses anything."""
    marks = ", ".join(["?"] * (DEFAULT_LIMIT + 1))
    with pytest.raises(Exception, match="too many SQL variables"):
        database.execute_sql(f"SELECT 1 WHERE 1 IN ({marks})", list(range(DEFAULT_LIMIT + 1)))
