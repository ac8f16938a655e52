"""Export then import gives the same customers, field for field, in CSV and in vCard."""

import datetime as dt

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from deskcrm.services import derived
from deskcrm.services.io import csv_export
from deskcrm.services.io.fields import CONSENT_FIELDS, TEXT_FIELDS
from deskcrm.store.models import Customer, CustomerTag, RelatedPerson, Tag
from tests.io_helpers import empty_customers, import_bytes

COMPARED = ("name", "phone", "phone2", "gender", "birth_year", "birth_month", "birth_day",
            "birth_calendar", "birth_leap", *TEXT_FIELDS, *CONSENT_FIELDS, "credit_limit", "balance")
# printable text as shops type it, with the characters CSV and vCard must escape
TEXT = st.text(st.sampled_from(list("王小明김민수Anna ,;:\\\"'=+-@\n") + ["é", "ß"]), max_size=12).map(str.strip)
NAMES = st.text(st.sampled_from(list("王李小明김민수AnaLeo")), min_size=1, max_size=6)
WHEN = st.datetimes(dt.datetime(2020, 1, 1), dt.datetime(2026, 11, 30)).map(lambda d: d.replace(microsecond=0))


@st.composite
def customers(draw):
    lunar = draw(st.sampled_from(["solar", "KR", "CN"]))
    month = draw(st.integers(1, 12))
    day = draw(st.integers(1, 30 if lunar != "solar" else 28))
    consent = {}
    for channel in ("call", "sms", "email", "chat"):
        if draw(st.booleans()):
            consent[f"consent_{channel}"] = True
            consent[f"consent_{channel}_at"] = draw(WHEN)
    values = dict(
        name=draw(NAMES), phone=f"1{draw(st.integers(3000000000, 9999999999))}",
        phone2=draw(st.sampled_from(["", "010-1234-5678", "+82 10 2222 3333"])),
        gender=draw(st.sampled_from(["", "F", "M", "X"])), birth_year=draw(st.none() | st.integers(1940, 2010)),
        birth_month=month, birth_day=day, birth_calendar=lunar,
        birth_leap=lunar != "solar" and draw(st.booleans()),
        email=draw(st.sampled_from(["", "a.b@example.com"])), locale=draw(st.sampled_from(["", "ko", "zh_Hant"])),
        credit_limit=draw(st.integers(0, 10**6)), balance=draw(st.integers(-10**4, 10**6)),
        do_not_contact=draw(st.booleans()), **consent,
        **{k: draw(TEXT) for k in TEXT_FIELDS if k not in ("email", "locale")},
    )
    tags = draw(st.lists(st.sampled_from(["VIP", "老客户", "단골", "=risky"]), unique=True, max_size=3))
    related = draw(st.lists(st.tuples(NAMES, st.sampled_from(["spouse", "child", ""]), TEXT), max_size=2))
    return values, tags, related


def _file(values, tags, related):
    customer = Customer(**values)
    derived.refresh(customer, tags=tags)
    customer.save()
    for tag in tags:
        t, _ = Tag.get_or_create(name=tag)
        CustomerTag.create(customer=customer, tag=t)
    for name, relation, notes in related:
        RelatedPerson.create(customer=customer, name=name, relation=relation, notes=notes,
                             birth_month=3, birth_day=30, birth_calendar="KR", birth_leap=True)


def _snapshot():
    out = []
    for c in Customer.select().order_by(Customer.id):
        tags = sorted(derived.tag_names(c.id))
        people = [(r.name, r.relation, r.notes, r.birth_month, r.birth_day, r.birth_calendar, r.birth_leap)
                  for r in RelatedPerson.select().where(RelatedPerson.customer == c.id).order_by(RelatedPerson.id)]
        out.append(({k: getattr(c, k) for k in COMPARED}, tags, people))
    return out


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(people=st.lists(customers(), min_size=1, max_size=4), kind=st.sampled_from(["csv", "vcard"]))
def test_export_then_import_gives_the_same_customers(db, tmp_path_factory, people, kind):
    # one store for both ways, emptied in between: the round trip runs on each engine
    empty_customers()
    folder = tmp_path_factory.mktemp("rt")
    seen = set()
    for values, tags, related in people:
        person = (values["name"], values["birth_month"], values["birth_day"], values["birth_calendar"])
        if values["phone"] in seen or person in seen:
            continue  # same phone, or same name and birthday: the import's "same customer"
        seen.update((values["phone"], person))
        values["phone2"] = ""
        _file(values, tags, related)
    before = _snapshot()
    out = folder / ("c.csv" if kind == "csv" else "c.vcf")
    (csv_export.export_customers_csv if kind == "csv" else csv_export.export_vcards)(out)
    empty_customers()
    plan, result = import_bytes(out.read_bytes(), out.name)
    assert not plan.errors and not plan.duplicates
    after = _snapshot()
    assert len(after) == len(before)
    for (was, was_tags, was_people), (now, tags, people) in zip(before, after, strict=True):
        assert {k: (v, now[k]) for k, v in was.items() if now[k] != v} == {}
        assert (tags, people) == (was_tags, was_people)
