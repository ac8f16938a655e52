"""The customer CSV is written from the database's own values (issue 11's export speed):
each cell must still be exactly what str() of the field's Python value gives, as when the
export went through peewee's models, for every kind of column and stored text."""

from __future__ import annotations

import csv
import datetime as dt

import pytest

from deskcrm.services.io.csv_export import (
    CUSTOMER_COLUMNS,
    birthday_text,
    export_customers_csv,
    money,
    safe_cell,
)
from deskcrm.services.io.fields import CONSENT_FIELDS
from deskcrm.services.io.related import RelatedIn, format_related
from deskcrm.store.models import Customer, CustomerTag, RelatedPerson, Tag


def _expected(c: Customer) -> list[str]:
    """The cells as the export wrote them from model instances, field by field."""
    tags = [t.name for t in Tag.select().join(CustomerTag).where(CustomerTag.customer == c).order_by(Tag.name)]
    people = [RelatedIn(name=r.name, relation=r.relation, phone=r.phone, birth_year=r.birth_year,
                        birth_month=r.birth_month, birth_day=r.birth_day, birth_calendar=r.birth_calendar,
                        birth_leap=r.birth_leap, notes=r.notes)
              for r in RelatedPerson.select().where(RelatedPerson.customer == c).order_by(RelatedPerson.id)]
    special = {
        "birthday": birthday_text(c.birth_year, c.birth_month, c.birth_day),
        "birth_leap": "1" if c.birth_leap else "", "tags": "; ".join(tags),
        "credit_limit": money(c.credit_limit, 2), "balance": money(c.balance, 2),
        "total_spend": money(c.total_spend, 2), "related": format_related(people),
    }
    for key in CONSENT_FIELDS:
        value = getattr(c, key)
        special[key] = ("1" if value else "") if isinstance(value, bool) else (value.isoformat() if value else "")
    cells = []
    for column in CUSTOMER_COLUMNS:
        value = special[column] if column in special else getattr(c, column)
        cells.append(safe_cell("" if value is None else str(value)))
    return cells


@pytest.mark.both_engines
def test_every_cell_is_the_fields_python_value_as_text(db, tmp_path):
    plain = Customer.create(name="王小明", phone="13800138000")
    risky = Customer.create(
        name="=SUM(A1)", phone="+82 10-6474-9410", notes="'-already quoted", email="@home",
        birth_month=5, birth_day=12, birth_calendar="lunar", birth_leap=True, balance=-1250,
        credit_limit=100000, total_spend=7, purchase_count=3, consent_sms=True,
        consent_sms_at=dt.datetime(2025, 3, 4, 5, 6, 7, 120000), consent_call=True,
        consent_call_at=dt.datetime(2025, 3, 4, 5, 6, 7), do_not_contact=True,
        first_purchase_on=dt.date(2024, 1, 2), last_purchase_on=dt.date(2025, 2, 3),
        created_at=dt.datetime(2023, 1, 1, 0, 0, 0, 1))
    for name in ("vip", "-minus"):
        CustomerTag.create(customer=risky, tag=Tag.create(name=name))
    RelatedPerson.create(customer=risky, name="小美", relation="child", birth_year=2015, birth_month=2,
                         birth_day=30, birth_calendar="lunar", birth_leap=False, notes="喜欢;画画")
    if db.__class__.__name__ != "PostgresqlDatabase":
        # text other programs (or older versions) left: not the form str() gives back
        db.execute_sql("UPDATE customer SET created_at = '2023-01-01 00:00:00.000000', "
                       "consent_email = 1, consent_email_at = '2025-03-04T05:06:07', "
                       "last_purchase_on = '2025-02-03 00:00:00' WHERE id = ?", (plain.id,))
    out = tmp_path / "c.csv"
    export_customers_csv(out, currency="CNY")
    rows = list(csv.reader(out.read_text(encoding="utf-8-sig").splitlines()))
    assert rows[0] == list(CUSTOMER_COLUMNS)
    assert rows[1:] == [_expected(c) for c in Customer.select().order_by(Customer.id)]
    written = dict(zip(CUSTOMER_COLUMNS, rows[2], strict=True))
    assert (written["name"], written["phone"], written["tags"]) == ("'=SUM(A1)", "'+82 10-6474-9410", "'-minus; vip")


def _fold_by_character(line: str, limit: int = 75) -> str:
    out, current, size = [], [], 0
    for ch in line:
        width = len(ch.encode("utf-8"))
        if size + width > limit:
            out.append("".join(current))
            current, size = [" "], 1
        current.append(ch)
        size += width
    out.append("".join(current))
    return "\r\n".join(out) + "\r\n"


@pytest.mark.parametrize("line", [
    "", "NOTE:" + "a" * 70, "NOTE:" + "a" * 71, "NOTE:" + "x;y," * 80, "NOTE:" + "王" * 23,
    "NOTE:" + "王" * 24, "NOTE:" + ("王a😀é" * 40), "N:" + "😀" * 19, "ADR:;;" + "b" * 300,
])
def test_vcard_lines_fold_as_they_did_character_by_character(line):
    from deskcrm.services.io.vcard import fold

    for limit in (75, 8):
        assert fold(line, limit) == _fold_by_character(line, limit)
