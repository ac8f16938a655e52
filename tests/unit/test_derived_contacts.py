import datetime as dt

import pytest

from deskcrm.services.contacts import log_contact, recent_contacts
from deskcrm.services.derived import refresh
from deskcrm.services.search import search
from deskcrm.store.models import Customer, CustomerTag, Staff, Tag


def test_refresh_fills_keys_and_fts(db):
    c = refresh(Customer(name=" 王小明 ", phone="+86 138 0013 8000", hobbies="羽毛球"))
    c.save()
    row = Customer.get_by_id(c.id)
    assert row.name == "王小明"
    assert row.initials.split()[0] == "wxm"
    assert row.phone_digits == "13800138000"
    assert row.phone_tail.startswith("0008")
    assert row.completeness > 0
    assert [r.id for r in search("wxm").rows] == [c.id]


def test_refresh_includes_tags(db):
    c = Customer.create(name="김민수")
    tag = Tag.create(name="VIP모임", name_key="vip모임")
    CustomerTag.create(customer=c, tag=tag)
    refresh(c).save()
    assert "vip모임" in Customer.get_by_id(c.id).search_text
    assert "ㄱㅁㅅ" in Customer.get_by_id(c.id).search_text


def test_log_contact_moves_last_contact_forward_only(db):
    s = Staff.create(name="Mina")
    c = Customer.create(name="Lee")
    late = dt.datetime(2026, 11, 20, 9)
    early = dt.datetime(2026, 11, 1, 9)
    log_contact(c.id, at=late, channel="visit", staff_id=s.id, note="bought a coat")
    log_contact(c.id, at=early, channel="call")
    assert Customer.get_by_id(c.id).last_contact_at == late
    contacts = recent_contacts(c.id)
    assert [x.at for x in contacts] == [late, early]
    assert contacts[0].staff_name == "Mina"


def test_log_contact_rejects_unknown_channel(db):
    c = Customer.create(name="Lee")
    with pytest.raises(ValueError):
        log_contact(c.id, at=dt.datetime(2026, 1, 1), channel="pigeon")
