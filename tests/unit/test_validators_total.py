"""Every field parser answers any string with a value or a field error, never an exception.

The explicit cases are the crashes found by fuzzing (issue 14); the property tests
feed arbitrary text, then text built from the characters that broke things.
"""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from deskcrm.services import customers, purchases, search
from deskcrm.services.complaints import steps as complaint_steps
from deskcrm.services.complaints.steps import StepContext
from deskcrm.services.validation import (
    fold_digits,
    parse_amount,
    parse_birthday,
    parse_quantity,
    parse_time,
    plain_text,
    validate_email,
)
from deskcrm.store.models import Customer, Purchase
from deskcrm.store.search_keys import validate_phone

TODAY = dt.date(2026, 12, 1)
NOW = dt.datetime(2026, 12, 1, 9, 0)
CALENDARS = ("solar", "KR", "CN")
# what broke the parsers: other scripts' digits, look-alike digits, exponents,
# huge numbers, NUL and other controls, separators
NASTY = st.sampled_from(
    list("0123456789-/.:：年月日 ,¥₩$+eE\x00\x1b\n٣３፩²߃𝟗")
    + ["NaN", "Infinity", "inf", "sNaN", "1e30", "99999999999", "9" * 5000]
)
hostile = st.text() | st.lists(NASTY, max_size=12).map("".join)
fuzz = settings(max_examples=300, deadline=None)
store_fuzz = settings(max_examples=60, deadline=None,
                      suppress_health_check=[HealthCheck.function_scoped_fixture])


@pytest.mark.parametrize("text", ["1990-፩-05", "99999999999-1", "1-99999999999",
                                  "1990-99999999999-1", "0-0", "1990-00-00", "1990-1-1-1"])
@pytest.mark.parametrize("calendar", CALENDARS)
def test_birthday_cases_from_the_issue_are_field_errors(text, calendar):
    birthday, error = parse_birthday(text, calendar, False, TODAY)
    assert error and birthday.month is None


def test_other_scripts_digits_are_digits():
    # Arabic-Indic and full-width digits are what some keyboards type: they count
    assert parse_birthday("١٩٩٠-٠٢-٢٨", "solar", False, TODAY)[0].year == 1990
    assert parse_amount("１,２８０.５")[0] == 128050
    assert parse_quantity("٣") == (3, None)
    assert parse_time("٠٩:٣٠") == ("09:30", None)
    assert fold_digits("a٣b") == "a3b"


@fuzz
@given(hostile, st.sampled_from(CALENDARS), st.booleans(), st.booleans())
def test_parse_birthday_is_total(text, calendar, leap, past_only):
    birthday, error = parse_birthday(text, calendar, leap, TODAY, past_only)
    if error is None and birthday.month is not None:
        assert 1 <= birthday.month <= 12 and 1 <= birthday.day <= 31


@pytest.mark.parametrize("text", ["NaN", "Infinity", "-Infinity", "1e30", "1E+2", "sNaN",
                                  "9" * 5000, "1.505", "²", "፩", "\x00"])
def test_amount_cases_from_the_issue_are_field_errors(text):
    value, error = parse_amount(text)
    assert error and value is None or value == 200  # NFKC reads ² as 2, as a keyboard would


@fuzz
@given(hostile, st.sampled_from([0, 2]))
def test_parse_amount_is_total(text, decimals):
    value, error = parse_amount(text, decimals)
    assert (value is None) == (error is not None)
    if value is not None:
        assert 0 <= value < 10**13


@fuzz
@given(hostile)
def test_parse_quantity_and_time_are_total(text):
    quantity, error = parse_quantity(text)
    assert error or 1 <= quantity <= 99_999
    hhmm, error = parse_time(text)
    assert error or hhmm == "" or (len(hhmm) == 5 and hhmm.isascii())


def test_quantity_cases():
    # '²' crashed int(); NFKC reads it as 2, as it reads full-width digits
    assert parse_quantity("²") == (2, None)
    assert parse_quantity("፩")[1] and parse_quantity("0")[1] and parse_quantity("9" * 5000)[1]
    assert parse_quantity("") == (1, None) and parse_quantity(" 12 ") == (12, None)


@fuzz
@given(hostile)
def test_text_checks_are_total(text):
    validate_email(text)
    validate_phone(text)
    cleaned = plain_text(text, lines=True)
    assert "\x00" not in cleaned and "\x1b" not in cleaned
    search.normalise_query(text)


CTX = StepContext(TODAY, ("quality",), ("small_gift",), (1,), "CNY")


@pytest.mark.parametrize("value", ["NaN", "Infinity", "1e30", "-5", "sNaN", "9" * 5000, "1.005"])
def test_step_7_values_from_the_issue_are_field_errors(value):
    clean, errors = complaint_steps.validate(7, {"compensation": "small_gift", "value": value}, CTX)
    assert "value" in errors


def test_step_7_money_in_a_currency_without_minor_units():
    krw = StepContext(TODAY, (), ("small_gift",), (), "KRW")
    clean, errors = complaint_steps.validate(7, {"compensation": "small_gift", "value": "5,000"}, krw)
    assert errors == {} and clean["value"] == 5000
    assert "value" in complaint_steps.validate(7, {"compensation": "small_gift", "value": "50.5"}, krw)[1]


@fuzz
@given(st.integers(1, 9), st.dictionaries(st.sampled_from(
    ["description", "item", "channel", "emotion", "place", "wording", "category", "explanation",
     "solution", "owner_id", "promised_on", "compensation", "value", "satisfaction",
     "final_wish", "followup_on", "apology_given"]), hostile))
def test_every_step_validates_any_text(step, data):
    clean, errors = complaint_steps.validate(step, data, CTX)
    for value in clean.values():
        assert not isinstance(value, str) or "\x00" not in value


# --- the same through the services, against a real file --------------------


@store_fuzz
@given(name=hostile, phone=hostile, email=hostile, birthday=hostile, calendar=st.sampled_from(CALENDARS),
       window=hostile, amount=hostile, notes=hostile)
def test_saving_a_customer_never_raises(db, name, phone, email, birthday, calendar, window,
                                        amount, notes):
    data = customers.CustomerInput(
        name=name, phone=phone, email=email, birthday=birthday, birth_calendar=calendar,
        contact_window_start=window, credit_limit=amount, notes=notes, address=notes,
    )
    result = customers.save_customer(data, now=NOW, today=TODAY)
    if result.customer_id is not None:
        row = Customer.get_by_id(result.customer_id)
        assert "\x00" not in row.name + row.notes + row.address
        # whatever was stored can be searched for again
        search.search(row.name)


@store_fuzz
@given(item=hostile, amount=hostile, quantity=hostile, notes=hostile)
def test_logging_a_sale_never_raises(db, item, amount, quantity, notes):
    customer = Customer.get_or_none(Customer.name == "Anna") or customers.save_customer(
        customers.CustomerInput(name="Anna"), now=NOW, today=TODAY)
    customer_id = customer.id if isinstance(customer, Customer) else customer.customer_id
    data = purchases.PurchaseInput(TODAY, item, amount, quantity=quantity, notes=notes)
    result = purchases.log_purchase(customer_id, data, today=TODAY, now=NOW)
    if result.purchase_id is not None:
        row = Purchase.get_by_id(result.purchase_id)
        assert 1 <= row.quantity <= 99_999 and 0 <= row.amount < 10**13


@store_fuzz
@given(query=hostile)
def test_search_answers_any_text(db, query):
    search.search(query)


def test_search_with_nul_finds_the_name_around_it(db):
    customers.save_customer(customers.CustomerInput(name="Annabel Lee"), now=NOW, today=TODAY)
    assert [r.name for r in search.search("anna\x00bel").rows] == ["Annabel Lee"]
