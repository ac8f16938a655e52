"""The plan's shortcuts (a parsed birthday kept by its text, plain phone cells, records
sharing one column map) give exactly the answers of the long way."""

import string

from hypothesis import given
from hypothesis import strategies as st

from deskcrm import i18n
from deskcrm.services.io import fields
from deskcrm.services.io.records import load_source


def test_a_kept_birthday_is_the_same_and_a_refusal_speaks_the_language_of_the_moment():
    first, _problem = fields.parse_birthday("1990-02-30", 2025, lunar=True)
    again, _problem = fields.parse_birthday("1990-02-30", 2025, lunar=True)
    assert first == again == fields.Birthday(1990, 2, 30)
    # the same text as a solar date is another question, and refused
    assert fields.parse_birthday("1990-02-30", 2025) == (None, "no such day: 1990-02-30")
    try:
        i18n.set_language("zh_Hans")
        _none, chinese = fields.parse_birthday("1990-02-30", 2025)
    finally:
        i18n.set_language("en")
    assert chinese and chinese != "no such day: 1990-02-30"
    assert fields.parse_birthday("1990-02-30", 2025) == (None, "no such day: 1990-02-30")


@given(st.text(string.digits, min_size=1, max_size=20), st.sampled_from(["", " ", "\t", "  "]))
def test_a_plain_digit_cell_is_the_phone_it_holds(digits, space):
    assert fields.clean_phone(f"{space}{digits}{space}") == (fields.Phone(digits), None)


@given(st.sampled_from(["'13800138000", '="13800138000"', "13800138000.0", "tel:+8613800138000;ext=12",
                        "１３８００１３８０００", "138 0013 8000 ext 5"]))
def test_other_phone_cells_still_take_the_long_way(text):
    phone, problem = fields.clean_phone(text)
    assert problem is None and phone is not None
    assert phone.number.lstrip("+").replace(" ", "").isdigit() and phone.number != text


def test_records_share_a_column_map_only_while_they_agree():
    data = "Name,Phone 1 - Value,Phone 2 - Value\n王小明,,13900000001\n李四,13800000002,\n".encode()
    first, second = load_source(data, "google.csv").records
    assert first.values["phone"] == "13900000001" and first.columns["phone"] == "Phone 2 - Value"
    assert second.values["phone"] == "13800000002" and second.columns["phone"] == "Phone 1 - Value"
