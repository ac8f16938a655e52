"""A chain on one database: each shop its own desk, one customer file for all (issue 10)."""

from __future__ import annotations

import datetime as dt

import pytest

from deskcrm.services import agenda, settings, shops
from deskcrm.services.complaints import queries as complaint_queries
from deskcrm.services.complaints.queries import ComplaintFilter
from deskcrm.services.complaints.workflow import open_complaint
from deskcrm.services.customers import CustomerInput, save_customer
from deskcrm.services.followups.actions import add_manual
from deskcrm.services.followups.generate import generate_ahead
from deskcrm.services.purchases import PurchaseInput, log_purchase
from deskcrm.services.review import figures as review
from deskcrm.services.search import search
from deskcrm.services.staff import add_staff, list_staff
from deskcrm.store.handle import current_store
from deskcrm.store.models import Complaint, Contact, Customer, FollowUp, Purchase, Shop, Staff

pytestmark = pytest.mark.both_engines

TODAY, NOW = dt.date(2026, 12, 1), dt.datetime(2026, 12, 1, 10, 30)


def _at(shop_id: int) -> None:
    """This terminal now works for that shop (what `deskcrm run --shop` sets)."""
    current_store().shop_id = shop_id


def _customer(name: str, phone: str, **extra) -> int:
    result = save_customer(CustomerInput(name=name, phone=phone, **extra), now=NOW, today=TODAY)
    assert result.customer_id is not None, result.errors
    return result.customer_id


def _sale(customer_id: int, amount: str = "2500") -> int:
    result = log_purchase(customer_id, PurchaseInput(TODAY, "wool coat", amount), today=TODAY, now=NOW)
    assert result.purchase_id is not None
    return result.purchase_id


@pytest.fixture
def chain(db):
    """Shop 1 (the file as it was) and a second shop, 강남, with its own locale and a clerk each."""
    second = shops.create("강남점", "gangnam", NOW, {"shop.locale": "ko", "shop.currency": "KRW"})
    _at(1)
    a_clerk = add_staff("Amy").id
    _at(second.id)
    b_clerk = add_staff("민지").id
    _at(1)
    return second.id, a_clerk, b_clerk


def test_a_single_shop_file_has_shop_1_and_scopes_nothing(db):
    assert [(s.id, s.code) for s in shops.all_shops()] == [(1, "1")]
    assert not shops.is_chain() and shops.scoped_shop() is None
    cid = _customer("王小明", "13800138000")
    _sale(cid)
    assert Customer.get_by_id(cid).home_shop_id == 1
    assert {p.shop_id for p in Purchase.select()} == {1}
    assert {c.shop_id for c in Contact.select()} <= {1}


def test_rows_belong_to_the_terminal_s_shop(chain):
    second, _a, _b = chain
    _at(second)
    cid = _customer("김민수", "01012345678")
    pid = _sale(cid)
    complaint = open_complaint(customer_id=cid, staff_id=None, now=NOW)
    assert Customer.get_by_id(cid).home_shop_id == second
    assert Purchase.get_by_id(pid).shop_id == second
    assert Complaint.get_by_id(complaint).shop_id == second
    assert {c.shop_id for c in Contact.select().where(Contact.customer == cid)} == {second}
    assert Staff.get(Staff.name == "민지").shop_id == second


def test_each_desk_sees_its_own_calls_and_complaints_but_finds_everyone(chain):
    second, _a, _b = chain
    mine = _customer("Anna Lee", "0207946000")
    add_manual(mine, TODAY, "call about the fitting", staff_id=None, now=NOW)
    open_complaint(customer_id=mine, staff_id=None, now=NOW)
    _at(second)
    theirs = _customer("박지영", "01099998888")
    add_manual(theirs, TODAY, "안부 전화", staff_id=None, now=NOW)
    open_complaint(customer_id=theirs, staff_id=None, now=NOW)

    for shop, customer, other in ((1, mine, theirs), (second, theirs, mine)):
        _at(shop)
        calls = {i.customer_id for i in agenda.call_list(TODAY, NOW.time())}
        assert customer in calls and other not in calls
        listed = {c.customer_id for c in complaint_queries.list_complaints(ComplaintFilter(), TODAY)}
        assert listed == {customer}
        # the file is the chain's: the other shop's customer is found all the same
        assert other in {r.id for r in search("박지영" if other == theirs else "anna").rows}
    assert {s.name for s in list_staff()} == {"민지"}


def test_a_customer_of_another_shop_buys_here_and_the_sale_is_this_shop_s(chain):
    second, _a, _b = chain
    _at(second)
    theirs = _customer("박지영", "01099998888")
    _at(1)
    pid = _sale(theirs, "3000")
    row = Customer.get_by_id(theirs)
    assert Purchase.get_by_id(pid).shop_id == 1 and row.home_shop_id == second
    assert row.total_spend == 300000 and row.purchase_count == 1
    ours = review.week(TODAY, TODAY)
    _at(second)
    theirs_week = review.week(TODAY, TODAY)
    assert ours.kpis.revenue == 300000 and theirs_week.kpis.revenue == 0
    assert theirs_week.kpis.new_customers == 1 and ours.kpis.new_customers == 0


def test_head_office_sees_every_shop_side_by_side(chain):
    second, _a, _b = chain
    _sale(_customer("Anna Lee", "0207946000"), "1000")
    _at(second)
    _sale(_customer("박지영", "01099998888"), "5000")
    with shops.viewing(shops.ALL):
        week = review.week(TODAY, TODAY, across_shops=True)
    by_shop = {s.name: s for s in week.shops}
    assert set(by_shop) == {"1", "강남점"}
    assert by_shop["1"].kpis.revenue == 100000 and by_shop["강남점"].kpis.revenue == 500000
    assert by_shop["강남점"].customers == 1
    assert week.kpis.revenue == 600000  # all shops together
    assert review.week(TODAY, TODAY).shops == ()  # a shop's own review has no side-by-side


def test_settings_are_per_shop_where_a_shop_differs_and_chain_wide_otherwise(chain):
    second, _a, _b = chain
    settings.put("shop.locale", "zh_Hant")
    settings.put("tiers.thresholds", {"silver": 1, "gold": 2, "vip": 3})
    _at(second)
    assert settings.get("shop.locale") == "ko" and settings.get("shop.currency") == "KRW"
    assert settings.get("followups.quiet_hours") == settings.DEFAULTS["followups.quiet_hours"]
    assert settings.get("tiers.thresholds") == {"silver": 1, "gold": 2, "vip": 3}
    settings.put("followups.quiet_hours", ["22:00", "09:00"])
    assert settings.get_many("followups.quiet")["followups.quiet_hours"] == ["22:00", "09:00"]
    _at(1)
    assert settings.get("shop.locale") == "zh_Hant"
    assert settings.get_many("followups.quiet")["followups.quiet_hours"] == ["21:00", "08:00"]
    assert Shop.get_by_id(second).name == "강남점"


def test_generation_puts_each_customer_s_follow_ups_on_the_home_shop_s_list(chain):
    second, _a, _b = chain
    birthday = (TODAY + dt.timedelta(days=3)).strftime("%m-%d")
    a = _customer("Anna Lee", "0207946000", birthday=birthday, consent_call=True)
    _at(second)
    b = _customer("박지영", "01099998888", birthday=birthday, consent_call=True)
    generate_ahead(TODAY, NOW, days=30)
    shop_of = {f.customer_id: f.shop_id for f in FollowUp.select().where(FollowUp.kind == "birthday")}
    assert shop_of == {a: 1, b: second}
    # twice creates nothing new, shop by shop
    assert generate_ahead(TODAY, NOW, days=30).created == 0


def test_a_shop_code_is_unique_and_a_terminal_falls_back_to_shop_1(chain):
    second, _a, _b = chain
    with pytest.raises(shops.ShopError):
        shops.create("Another", "gangnam", NOW)
    assert shops.choose(None, None).id == 1
    assert shops.choose(second, None).id == second
    assert shops.choose(1, "gangnam").id == second
    with pytest.raises(shops.ShopError, match="no shop"):
        shops.choose(None, "nowhere")
