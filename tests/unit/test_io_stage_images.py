"""The key child's blocks as in-memory database images (services/io/stage_images.py):
the same rows, in the same order, as the rows it used to send; and the same customers."""

from __future__ import annotations

import sqlite3

import pytest

from deskcrm.services.io import import_ahead, import_write, stage_images
from deskcrm.services.io.importer import apply_import
from deskcrm.store.models import Customer, CustomerTag, ImportChange, Tag
from tests.io_helpers import NOW, plan_bytes

ROWS = "姓名,电话,生日,标签\n" + "".join(
    f"曾{i}明,138{i:08d},1990-0{i % 9 + 1}-1{i % 9},{'常客' if i % 3 else ''}\n" for i in range(1300))
forked = pytest.mark.skipif(not import_ahead.forking(), reason="fork is Linux's")


def _opened(image: bytes) -> list[tuple]:
    con = sqlite3.connect(":memory:")
    con.deserialize(image)
    rows = con.execute(f'SELECT * FROM "{stage_images.TABLE}" ORDER BY n').fetchall()
    con.close()
    return rows


def test_an_image_holds_the_block_numbered_from_one_each_time(db):
    rows = plan_bytes(ROWS.encode()).rows
    builder = stage_images.ImageBuilder(import_write.Staging.column_list(), len(import_write.INSERT_FIELDS))
    for block in (rows[:40], rows[40:47]):
        prepared = import_write.prepare(block, NOW, sqlite=True)
        count, image = builder.build(prepared)
        stored = _opened(image)
        assert count == len(block)
        assert [r[0] for r in stored] == list(range(1, len(block) + 1))
        assert [list(r[1:]) for r in stored] == prepared
    builder.close()


@forked
def test_the_child_sends_whole_blocks_that_reach_each_chunk(db):
    rows = plan_bytes(ROWS.encode()).rows
    ahead = import_ahead.prepared_ahead(rows, NOW, sqlite=True, images=True)
    assert ahead.images
    taken = []
    for size in (1, 300, 520):
        blocks = ahead.take(size)
        assert sum(count for count, _image in blocks) >= size
        taken += blocks
    while part := ahead.take(400):
        taken += part
    ahead.close()
    stored = [list(r[1:]) for _count, image in taken for r in _opened(image)]
    assert stored == import_write.prepare(rows, NOW, sqlite=True)


def _imported(monkeypatch, images: bool) -> list[tuple]:
    if not images:
        monkeypatch.setattr(stage_images, "supported", lambda _connection: False)
    plan = plan_bytes(ROWS.encode())
    result = apply_import(plan, now=NOW)
    assert result.created == 1300
    created = ImportChange.select().where(ImportChange.action == "created").count()
    assert created == 1300
    fields = [f for f in Customer._meta.sorted_fields if f.name != "id"]
    return list(Customer.select(*fields).order_by(Customer.id).tuples())


@pytest.mark.sqlite_only
def test_an_import_through_images_writes_what_the_rows_wrote(db, monkeypatch, tmp_path):
    through_images = _imported(monkeypatch, images=True)
    tagged = _tagged()
    assert len(tagged) == 866  # two rows in three are 常客
    CustomerTag.delete().execute()
    ImportChange.delete().execute()
    Customer.delete().execute()
    with monkeypatch.context() as m:
        through_rows = _imported(m, images=False)
    assert through_images == through_rows
    assert _tagged() == tagged


def _tagged() -> list[tuple]:
    return list(CustomerTag.select(Customer.name, Tag.name).join(Customer).switch(CustomerTag).join(Tag)
                .order_by(Customer.name).tuples())
