"""Call-list items read only the customer columns they show, and show exactly what the whole row would."""

import datetime as dt

from deskcrm.services import agenda, settings, templates
from deskcrm.services.followups import add_manual
from deskcrm.services.followups.config import load_config
from deskcrm.store.models import Customer, FollowUp
from tests.followup_helpers import buy, customer

TODAY = dt.date(2027, 3, 10)
LONG_AGO = dt.datetime(2023, 1, 1)


def _varied_customers() -> list[int]:
    templates.ensure_defaults(dt.datetime(2027, 3, 1))
    settings.put("shop.name", "丽丽时装")
    rich = customer("王丽", gender="F", hobbies="瑜伽", family="女儿上大学", best_contact_time="晚上",
                    contact_window_start="18:00", contact_window_end="21:00", city="上海",
                    form_of_address="王女士", created_at=LONG_AGO)
    Customer.update(consent_sms_at=LONG_AGO, consent_email=True, consent_email_at=LONG_AGO).where(
        Customer.id == rich.id).execute()
    kim = customer("김민수", locale="ko", gender="M", phone="01012345678", city="서울",
                   contact_window_start="22:00", contact_window_end="08:00")
    lee = customer("Amy Lee", locale="en", consent=False, created_at=dt.datetime(2027, 1, 1))
    buy(rich, dt.date(2027, 3, 3), 300_000, item="羊毛大衣")
    for c in (rich, kim, lee):
        add_manual(c.id, TODAY, "alteration ready", dt.datetime(2027, 3, 1, 9), None)
    FollowUp.create(customer=rich, kind="birthday", due_on=TODAY, reason="r", is_marketing=True,
                    reason_code="birthday", reason_params="{}", dedupe_key=f"birthday:{rich.id}:2027")
    FollowUp.create(customer=kim, kind="festival", due_on=TODAY, reason="r", is_marketing=True,
                    dedupe_key=f"festival:seollal:2027:{kim.id}")
    return [i for (i,) in FollowUp.select(FollowUp.id).order_by(FollowUp.id).tuples()]


def test_items_show_what_the_whole_customer_row_shows(db):
    ids = _varied_customers()
    cfg = load_config()
    for at in (dt.time(10), dt.time(19), dt.time(23)):
        lean = agenda.items_by_id(ids, TODAY, at)
        callable_rank, _start = agenda._callable_sql(at, cfg)
        whole = list(FollowUp.select(FollowUp, Customer, callable_rank.alias("busy")).join(Customer)
                     .where(FollowUp.id.in_(ids)).order_by(FollowUp.id))
        assert lean == agenda._items(whole, TODAY, cfg, due_through=TODAY)
        # what a template may use of the customer (a shop's own wording may use any of it)
        rows = sorted(agenda._query(FollowUp.id.in_(ids), [], at, cfg, 500), key=lambda f: f.id)
        assert [templates.customer_data(f.customer) for f in rows] == [
            templates.customer_data(f.customer) for f in whole]
        assert {i.window for i in lean} >= {"18:00-21:00", "22:00-08:00"}
        assert any(i.talking_points for i in lean) and any(i.message for i in lean)
        assert any(i.reconfirm_consent for i in lean)
