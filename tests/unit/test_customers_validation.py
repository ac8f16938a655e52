import datetime as dt

import pytest

from deskcrm.services.customers import CustomerInput, save_customer, validate
from deskcrm.services.validation import format_amount, parse_amount, parse_birthday, parse_time
from deskcrm.store.models import AuditLog, Customer
from tests.customer_helpers import NOW, TODAY


@pytest.mark.parametrize(
    ("text", "minor"),
    [("1,280.50", 128050), ("0", 0), ("", 0), ("¥ 99.9", 9990), ("１２３", 12300), ("3", 300)],
)
def test_amounts_parse_into_minor_units(text, minor):
    assert parse_amount(text) == (minor, None)


@pytest.mark.parametrize("text", ["-5", "1.234", "abc", "1,2x", "1e5"])
def test_bad_amounts_are_refused(text):
    value, error = parse_amount(text)
    assert value is None and error


def test_format_amount_round_trips():
    assert format_amount(128050) == "1,280.50"
    assert format_amount(300000) == "3,000"
    assert parse_amount(format_amount(128050))[0] == 128050


def test_feb_29_needs_a_leap_year_only_when_the_year_is_given():
    assert parse_birthday("2000-02-29", "solar", False, TODAY)[1] is None
    assert "no 29 February" in parse_birthday("1999-02-29", "solar", False, TODAY)[1]
    bday, error = parse_birthday("02-29", "solar", False, TODAY)
    assert error is None and (bday.year, bday.month, bday.day) == (None, 2, 29)
    assert parse_birthday("02-30", "solar", False, TODAY)[1]


def test_lunar_birthdays_allow_day_30_and_leap_months_but_not_day_31():
    bday, error = parse_birthday("04-30", "CN", True, TODAY)
    assert error is None and bday.month == 4
    assert parse_birthday("04-31", "KR", False, TODAY)[1]
    assert parse_birthday("13-01", "KR", False, TODAY)[1]
    assert "leap" in parse_birthday("04-01", "solar", True, TODAY)[1]


def test_birthday_in_the_future_or_garbled_is_refused():
    assert parse_birthday("2030-01-01", "solar", False, TODAY)[1]
    assert parse_birthday("soon", "solar", False, TODAY)[1]
    assert parse_birthday("1990年3月5日", "solar", False, TODAY)[1] is None


def test_contact_window_needs_hh_mm():
    assert parse_time("9:30") == ("09:30", None)
    assert parse_time("")[1] is None
    assert parse_time("25:00")[1] and parse_time("7pm")[1]


def test_every_bad_field_is_reported_at_once_and_nothing_is_saved(db):
    data = CustomerInput(
        name=" ", phone="12a45", email="nobody", birthday="1999-02-29", credit_limit="-1",
        contact_window_start="99:00",
    )
    result = save_customer(data, now=NOW, today=TODAY)
    assert set(result.errors) == {
        "name", "phone", "email", "birthday", "credit_limit", "contact_window_start"
    }
    assert Customer.select().count() == 0 and AuditLog.select().count() == 0


def test_good_input_is_filed_with_keys_consent_date_and_audit(db):
    data = CustomerInput(
        name="王小明", phone="138 0013 8000", email="wxm@example.com", birthday="02-29",
        credit_limit="1,280.50", consent_sms=True, tags=("VIP", "silk", "vip"),
    )
    result = save_customer(data, now=NOW, today=TODAY, staff_id=None)
    row = Customer.get_by_id(result.customer_id)
    assert row.phone_digits == "13800138000" and row.initials == "wxm"
    assert row.credit_limit == 128050 and (row.birth_month, row.birth_day) == (2, 29)
    assert row.consent_sms and row.consent_sms_at == NOW and row.consent_call_at is None
    assert "silk" in row.search_text and row.completeness > 0
    assert AuditLog.get().action == "create"
    later = NOW + dt.timedelta(days=3)
    save_customer(
        data.__class__(**{**data.__dict__, "consent_call": True}), now=later, today=TODAY,
        customer_id=row.id,
    )
    row = Customer.get_by_id(row.id)
    assert row.consent_sms_at == NOW and row.consent_call_at == later  # kept / newly given


def test_self_referral_is_refused(db):
    result = save_customer(CustomerInput(name="A"), now=NOW, today=TODAY)
    _, errors = validate(CustomerInput(name="A", referred_by_id=result.customer_id), TODAY, result.customer_id)
    assert "referred_by" in errors
