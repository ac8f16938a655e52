import datetime as dt

from deskcrm.services import settings
from deskcrm.services.review import figures as review
from deskcrm.services.review.risk import RiskReason, at_risk, neglect_windows
from tests.review_helpers import TODAY, WEEK, at, buy, customer


def ago(days: int) -> dt.datetime:
    return at(TODAY - dt.timedelta(days=days))


def test_neglected_past_their_window_vip_sooner(db):
    customer("ok", last_contact_at=ago(90), total_spend=10)  # exactly 90 days: not yet
    customer("old", last_contact_at=ago(91), total_spend=20)
    customer("vip", tier="vip", last_contact_at=ago(31), total_spend=30)
    customer("vip ok", tier="vip", last_contact_at=ago(30), total_spend=40)
    customer("never", last_contact_at=None, created_at=ago(200), total_spend=5)
    customer("new", last_contact_at=None, created_at=ago(10), total_spend=50)
    customer("asked not to", last_contact_at=ago(300), do_not_contact=True, total_spend=60)
    found = at_risk(TODAY, 90, 30)
    assert [(r.name, r.reasons) for r in found] == [
        ("vip", (RiskReason("neglected", 31, 30),)),
        ("old", (RiskReason("neglected", 91, 90),)),
        ("never", (RiskReason("neglected", 200, 90),)),
    ]


def test_declining_when_the_gap_is_over_twice_the_usual_interval(db):
    # every 30 days, last bought 61 days ago: declining; 60 days: not yet
    a = customer("slowing", purchase_count=3, first_purchase_on=TODAY - dt.timedelta(days=121),
                 last_purchase_on=TODAY - dt.timedelta(days=61), total_spend=300)
    customer("steady", purchase_count=3, first_purchase_on=TODAY - dt.timedelta(days=120),
             last_purchase_on=TODAY - dt.timedelta(days=60), total_spend=400)
    customer("once", purchase_count=1, first_purchase_on=TODAY - dt.timedelta(days=300),
             last_purchase_on=TODAY - dt.timedelta(days=300), total_spend=500)
    customer("same day twice", purchase_count=2, first_purchase_on=TODAY - dt.timedelta(days=50),
             last_purchase_on=TODAY - dt.timedelta(days=50), total_spend=600)
    found = at_risk(TODAY, 90, 30)
    assert [(r.customer_id, r.reasons) for r in found] == [
        (a.id, (RiskReason("declining", 61, 30),)),
    ]


def test_first_purchase_falls_back_to_the_purchases(db):
    c = customer("no first", purchase_count=2, last_purchase_on=TODAY - dt.timedelta(days=50))
    buy(c, TODAY - dt.timedelta(days=70), 10)
    buy(c, TODAY - dt.timedelta(days=50), 10)
    assert at_risk(TODAY, 90, 30)[0].reasons == (RiskReason("declining", 50, 20),)


def test_both_reasons_top_n_by_spend(db):
    both = customer("both", last_contact_at=ago(100), purchase_count=2, total_spend=900,
                    first_purchase_on=TODAY - dt.timedelta(days=140),
                    last_purchase_on=TODAY - dt.timedelta(days=100))
    for i in range(5):
        customer(f"n{i}", last_contact_at=ago(100), total_spend=i)
    found = at_risk(TODAY, 90, 30, limit=3)
    assert [r.name for r in found] == ["both", "n4", "n3"]
    assert [r.kind for r in found[0].reasons] == ["neglected", "declining"]
    assert found[0].customer_id == both.id and found[0].total_spend == 900


def test_windows_come_from_settings(db):
    assert neglect_windows(settings.get) == (90, 30)
    settings.put("neglect.days", 60)
    settings.put("neglect.vip_days", 14)
    assert neglect_windows(settings.get) == (60, 14)
    customer("sixty-one", last_contact_at=ago(61))
    r = review.week(WEEK, TODAY)
    assert (r.neglect_days, r.neglect_vip_days) == (60, 14)
    assert [a.name for a in r.at_risk] == ["sixty-one"]
