"""The rows' keys prepared ahead of the writer, in a forked child (Linux) or a thread."""

import multiprocessing
import threading

import pytest

from deskcrm.services.io import import_ahead, import_write
from tests.io_helpers import NOW, plan_bytes

ROWS = "姓名,电话,生日\n" + "".join(f"曾{i}明,138{i:08d},1990-0{i % 9 + 1}-1{i % 9}\n" for i in range(1200))
forked = pytest.mark.skipif(not import_ahead.forking(), reason="fork is Linux's")


def _rows(db):
    return plan_bytes(ROWS.encode()).rows


def _everything(ahead, sizes=(1, 300, 7, 500)) -> list:
    taken = []
    for size in sizes:
        taken += ahead.take(size)
    while part := ahead.take(400):
        taken += part
    ahead.close()
    return taken


@forked
def test_the_child_prepares_exactly_what_prepare_does_in_order(db):
    rows = _rows(db)
    ahead = import_ahead.prepared_ahead(rows, NOW, sqlite=True)
    assert isinstance(ahead, import_ahead.PreparedInChild)
    assert _everything(ahead) == import_write.prepare(rows, NOW, sqlite=True)
    assert not multiprocessing.active_children()


def test_the_thread_prepares_exactly_what_prepare_does_in_order(db):
    rows = _rows(db)
    assert _everything(import_ahead.PreparedAhead(rows, NOW)) == import_write.prepare(rows, NOW)


class _Unpicklable(Exception):
    def __reduce__(self):
        raise TypeError("not this one")


@forked
def test_an_error_in_the_child_reaches_the_writer_even_one_that_does_not_pickle(db, monkeypatch):
    real = import_write.prepare

    def failing(rows, now, **options):
        if rows and rows[0].line > 600:
            raise _Unpicklable("bad key")
        return real(rows, now, **options)

    monkeypatch.setattr(import_write, "prepare", failing)
    ahead = import_ahead.PreparedInChild(_rows(db), NOW, sqlite=True)
    assert len(ahead.take(500)) == 500  # what was prepared before the failure comes first
    with pytest.raises(import_ahead._ChildFailed, match="_Unpicklable: bad key"):
        ahead.take(500)
    ahead.close()
    assert not multiprocessing.active_children()


@forked
def test_closing_part_way_stops_the_child_and_the_reader(db):
    ahead = import_ahead.PreparedInChild(_rows(db), NOW)
    assert len(ahead.take(10)) == 10
    ahead.close()
    assert not multiprocessing.active_children()
    assert not any(t.name.startswith("import-prepare") and t.is_alive() for t in threading.enumerate())


@forked
def test_a_child_that_dies_is_an_error_not_a_short_import(db, monkeypatch):
    import os

    real = import_write.prepare

    def dying(rows, now, **options):
        if rows and rows[0].line > 600:
            os._exit(3)  # killed, say, by the OOM killer
        return real(rows, now, **options)

    monkeypatch.setattr(import_write, "prepare", dying)
    ahead = import_ahead.PreparedInChild(_rows(db), NOW)
    with pytest.raises(import_ahead._ChildFailed, match="ended before it was done"):
        while ahead.take(100):
            pass
    ahead.close()
