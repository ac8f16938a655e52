"""Columns that shrink by rule (widgets/table_fit.py): each step only when the one before
was not enough, CJK measured in cells, Latin words never broken."""

from __future__ import annotations

from rich.cells import cell_len

from deskcrm.widgets.table_fit import fit_columns

STAFF = ("Staff", "Due", "On time", "Late", "Overdue", "New files")
ROWS = [("Emily Chan", "0", "12", "1", "0", "3"), ("王丽", "10", "0", "0", "2", "0")]


def _total(fitted) -> int:
    return sum(fitted.widths) + 2 * fitted.cell_padding * len(fitted.widths)


def test_a_table_that_fits_is_left_alone():
    fitted = fit_columns(STAFF, ROWS, 120)
    assert fitted.headers == STAFF and fitted.header_height == 1 and fitted.cell_padding == 1
    assert fitted.rows == tuple(ROWS)


def test_headers_wrap_at_a_space_and_a_latin_word_stays_whole():
    fitted = fit_columns(STAFF, ROWS, 48)
    assert fitted.header_height == 2 and _total(fitted) <= 48
    assert "On\ntime" in fitted.headers[2] and "New\nfiles" in fitted.headers[5]
    assert "Overdue" in fitted.headers[4]  # one word: never "Ove" / "rdue"


def test_a_cjk_header_splits_between_characters_and_widths_count_cells():
    fitted = fit_columns(("顾客姓名", "最近一次到店日期"), [("欧阳娜娜", "2026-11-30")], 22)
    assert fitted.headers[1].replace(" ", "").split("\n") == ["最近一次", "到店日期"]
    assert fitted.widths[0] >= cell_len("欧阳娜娜") and _total(fitted) <= 22


def test_the_widest_column_gives_way_last_with_an_ellipsis():
    rows = [("王小明", "gold", "no contact 413 days (over 90 days); last purchase 396 days ago")]
    fitted = fit_columns(("Customer", "Tier", "Why"), rows, 50)
    assert fitted.cell_padding == 0 and sum(fitted.widths) <= 50
    assert fitted.rows[0][2].endswith("…") and fitted.rows[0][0] == " 王小明"
    assert all(cell_len(cell) <= width for cell, width in zip(fitted.rows[0], fitted.widths, strict=True))
