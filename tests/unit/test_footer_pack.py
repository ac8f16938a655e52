"""The footer's packing (widgets/footer.py): keys in order, rows never over the width."""

from __future__ import annotations

from deskcrm.widgets.footer import pack


def test_keys_fill_rows_in_order():
    rows, fitted = pack([10, 10, 10, 10], 25, 2)
    assert rows == [[0, 1], [2, 3]] and fitted


def test_the_palette_key_keeps_its_room_on_the_last_row():
    rows, fitted = pack([10, 10], 25, 2, reserve=8)
    assert rows == [[0], [1]] and fitted  # 10 + 10 + 8 > 25: the second key moves down


def test_too_many_keys_say_so_and_rows_are_capped():
    rows, fitted = pack([10] * 7, 25, 2)
    assert not fitted and len(rows) == 2 and rows[0] == [0, 1]
