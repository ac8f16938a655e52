import datetime as dt

import pytest

from deskcrm.services import contacts, people, settings
from deskcrm.services import merge as merge_service
from deskcrm.services.card import card
from deskcrm.services.customers import delete_customer, find_duplicates
from deskcrm.services.purchases import PurchaseInput, log_purchase
from deskcrm.services.search import search
from deskcrm.store import models
from deskcrm.store.models import AuditLog, Customer, FollowUp, Purchase, TierChange
from tests.customer_helpers import NOW, TODAY, file_customer


def buy(customer_id, amount, day=TODAY, item="silk blouse"):
    result = log_purchase(
        customer_id, PurchaseInput(day, item, amount, size="M", colour="red"), today=TODAY, now=NOW
    )
    assert result.purchase_id, result.errors
    return result


def test_duplicates_by_phone_in_any_format_or_by_name_and_birthday(db):
    wang = file_customer("王小明", "13800138000", birthday="1990-05-01")
    kim = file_customer("김민수", "010-1234-8000", phone2="02 555 0101")
    assert [d.id for d in find_duplicates("X", ["+86 138 0013 8000"], "", TODAY)] == [wang]
    assert [d.id for d in find_duplicates("Y", ["025550101"], "", TODAY)] == [kim]
    found = find_duplicates("王小明", [""], "05-01", TODAY)
    assert [(d.id, d.reason) for d in found] == [(wang, "name_birthday")]
    assert find_duplicates("王小明", [""], "1991-05-01", TODAY) == []  # another year: another person
    assert find_duplicates("王小明", ["13800138000"], "", TODAY, exclude_id=wang) == []
    assert find_duplicates("王小明", ["0138000"], "", TODAY) == []  # a part of a number is not the number


def test_purchase_updates_totals_tier_and_lifecycle_in_one_go(db):
    cid = file_customer("王小明", "13800138000")
    buy(cid, "1,000", day=TODAY - dt.timedelta(days=30))
    row = Customer.get_by_id(cid)
    assert (row.total_spend, row.purchase_count, row.tier, row.lifecycle) == (100000, 1, "regular", "new")
    result = buy(cid, "2,500.50")
    row = Customer.get_by_id(cid)
    assert row.total_spend == 350050 and row.purchase_count == 2
    assert row.first_purchase_on == TODAY - dt.timedelta(days=30) and row.last_purchase_on == TODAY
    assert (result.old_tier, result.new_tier, row.tier) == ("regular", "silver", "silver")
    assert row.lifecycle == "active"
    assert [(t.old_tier, t.new_tier) for t in TierChange.select()] == [("regular", "silver")]


def test_tier_thresholds_come_from_settings(db):
    settings.put("tiers.thresholds", {"silver": 100, "gold": 200, "vip": 50_000})
    cid = file_customer("A")
    buy(cid, "3")
    assert Customer.get_by_id(cid).tier == "gold"


def test_bad_purchase_writes_nothing(db):
    cid = file_customer("A")
    result = log_purchase(cid, PurchaseInput(TODAY, "", "-3", quantity="0"), today=TODAY, now=NOW)
    assert set(result.errors) == {"item", "amount", "quantity"}
    assert Purchase.select().count() == 0


def _full_file(name, phone, referred_by=None):
    cid = file_customer(name, phone, tags=("silk", name), referred_by_id=referred_by)
    buy(cid, "100")
    contacts.log_contact(cid, at=NOW, channel="call", note="hi")
    people.save_related(cid, people.RelatedInput("Mei", "daughter", birthday="03-08"), TODAY)
    people.save_date(cid, people.DateInput("wedding", "10-01", calendar="KR"), TODAY)
    FollowUp.create(customer=cid, kind="birthday", due_on=TODAY, dedupe_key=f"birthday:{cid}:2025")
    models.Complaint.create(customer=cid, description="loose button")
    return cid


def test_card_shows_everything_about_the_customer(db):
    ref = file_customer("推荐人", "13700000000")
    cid = _full_file("王小明", "13800138000", referred_by=ref)
    view = card(cid, TODAY)
    assert view.purchase_count == 1 and view.purchases[0].colour == "red"
    assert view.contacts[0].note == "hi" and view.related[0].next_birthday == dt.date(2026, 3, 8)
    assert view.dates[0].next_on and view.dates[0].calendar == "KR"
    assert view.referred_by.name == "推荐人" and card(ref, TODAY).referrals[0].name == "王小明"
    assert view.complaints[0].description == "loose button" and view.followups[0].kind == "birthday"
    assert set(view.tags) == {"silk", "王小明"} and "occupation" in view.missing
    assert any("daughter" in p for p in view.talking_points)
    assert any("last bought" in p for p in view.talking_points)


def test_delete_leaves_nothing_of_the_person(db):
    cid = _full_file("王小明", "13800138000")
    referred = file_customer("李四", "13900000000", referred_by_id=cid)
    name = delete_customer(cid)
    assert name == "王小明"
    for model in (models.Purchase, models.Contact, models.FollowUp, models.Complaint,
                  models.RelatedPerson, models.ImportantDate, models.CustomerTag):
        assert model.select().where(model.customer == cid).count() == 0, model
    assert Customer.get_by_id(referred).referred_by is None
    assert search("13800138000").rows == () and search("wxm").rows == ()
    audit = AuditLog.select().where(AuditLog.action == "delete").get()
    assert audit.entity_id == cid and "王小明" in audit.detail and "13800138000" not in audit.detail


def test_merge_moves_everything_to_the_survivor(db):
    a = _full_file("王小明", "13800138000")
    b = _full_file("王晓明", "13800138001", referred_by=a)  # b was referred by a
    c = file_customer("朋友", "13700000000", referred_by_id=b)
    FollowUp.create(customer=b, kind="birthday", due_on=TODAY, dedupe_key=f"birthday:{b}:2026")
    diffs = {d.field: d for d in merge_service.differences(a, b)}
    assert diffs["phone"].other == "13800138001" and "referred_by" in diffs
    merge_service.merge(a, b, {"phone": "other", "referred_by": "other"}, today=TODAY, now=NOW)
    row = Customer.get_by_id(a)
    assert row.phone == "13800138001" and row.name == "王小明"
    assert row.referred_by is None  # would have referred itself
    assert Customer.get_by_id(c).referred_by_id == a
    assert Purchase.select().where(Purchase.customer == a).count() == 2
    assert row.total_spend == 20000 and row.purchase_count == 2
    assert models.Contact.select().where(models.Contact.customer == a).count() == 2
    assert models.Complaint.select().where(models.Complaint.customer == a).count() == 2
    assert models.RelatedPerson.select().where(models.RelatedPerson.customer == a).count() == 2
    keys = sorted(f.dedupe_key for f in FollowUp.select().where(FollowUp.customer == a))
    assert keys == [f"birthday:{a}:2025", f"birthday:{a}:2026"]  # the clashing 2025 one dropped
    tags = {t.tag.name for t in models.CustomerTag.select().where(models.CustomerTag.customer == a)}
    assert tags == {"silk", "王小明", "王晓明"}
    assert not Customer.select().where(Customer.id == b).exists()
    assert [r.id for r in search("13800138001").rows] == [a]
    audit = AuditLog.select().where(AuditLog.action == "merge").get()
    assert str(a) in audit.detail and str(b) in audit.detail


def test_merge_is_all_or_nothing(db, monkeypatch):
    a = _full_file("王小明", "13800138000")
    b = _full_file("王晓明", "13800138001")
    before = {m.__name__: sorted(map(tuple, m.select().tuples())) for m in models.ALL_MODELS}

    def boom(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(merge_service, "recompute_standing", boom)  # after rows moved and b deleted
    with pytest.raises(RuntimeError):
        merge_service.merge(a, b, {"phone": "other"}, today=TODAY, now=NOW)
    after = {m.__name__: sorted(map(tuple, m.select().tuples())) for m in models.ALL_MODELS}
    assert after == before


def test_merge_refuses_itself_and_unknown_fields(db):
    a = file_customer("A")
    b = file_customer("B")
    with pytest.raises(merge_service.MergeError):
        merge_service.merge(a, a, {}, today=TODAY, now=NOW)
    with pytest.raises(merge_service.MergeError):
        merge_service.merge(a, b, {"id": "other"}, today=TODAY, now=NOW)


def test_important_date_may_lie_ahead_and_belongs_to_a_related_person_of_the_same_customer(db):
    from deskcrm.store.models import ImportantDate

    cid = file_customer("王小明", "13800138000")
    other = file_customer("李四", "13911112222")
    mei, _ = people.save_related(cid, people.RelatedInput("Mei", "daughter", birthday="2010-03-08"), TODAY)
    stranger, _ = people.save_related(other, people.RelatedInput("Bo", "son"), TODAY)
    day_id, errors = people.save_date(cid, people.DateInput("graduation", "2026-07-01", related_id=mei), TODAY)
    assert errors == {} and ImportantDate.get_by_id(day_id).related_id == mei
    _, errors = people.save_date(cid, people.DateInput("x", "01-01", related_id=stranger), TODAY)
    assert "related" in errors
    _, errors = people.save_date(cid, people.DateInput("far", "2099-01-01"), TODAY)
    assert "date" in errors
    _, errors = people.save_related(cid, people.RelatedInput("Too young", birthday="2025-12-01"), TODAY)
    assert "future" in errors["birthday"]
    listed = people.list_dates(cid, TODAY)
    assert [(d.label, d.related_name) for d in listed] == [("graduation", "Mei")]
    people.remove_related(cid, mei)  # her dates go with her
    assert people.list_dates(cid, TODAY) == [] and people.list_related(cid, TODAY) == []
