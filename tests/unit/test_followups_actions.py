"""Done / snooze / skip / add by hand, the call list order, quiet hours, consent age, broadcast, history."""

import datetime as dt

import pytest

from deskcrm.services import agenda, settings, templates
from deskcrm.services.followups import (
    FollowUpError,
    add_manual,
    broadcast,
    generate,
    history,
    mark_done,
    next_step,
    skip,
    snooze,
)
from deskcrm.store.models import Contact, Customer, FollowUp
from tests.followup_helpers import buy, customer

D = dt.date
NOW = dt.datetime(2027, 3, 1, 9)
TODAY = D(2027, 3, 10)


@pytest.fixture
def shop(db):
    settings.put("followups.festival_sets", [])
    settings.put("followups.season_days", [])
    settings.put("followups.vip_events", [])
    settings.put("followups.neglect_days", {})
    settings.put("followups.milestones", [])
    templates.ensure_defaults()
    return db


def test_done_logs_contact_and_offers_satisfaction_call(shop):
    c = customer(created_at=dt.datetime(2027, 1, 1))
    buy(c, D(2027, 3, 1), 300_000, item="羊毛大衣")
    generate(D(2027, 3, 1), D(2027, 3, 31), D(2027, 3, 1), NOW)
    f = FollowUp.get(FollowUp.kind == "post_purchase")
    step = next_step(f.id, "reached", D(2027, 3, 8))
    assert step.due_on == D(2027, 3, 31) and "30-day" in step.reason
    at = dt.datetime(2027, 3, 8, 10)
    new_id = mark_done(f.id, outcome="reached", note="fits well", now=at, staff_id=None, next_due=step)
    f = FollowUp.get_by_id(f.id)
    assert (f.status, f.outcome, f.note) == ("done", "reached", "fits well")
    contact = Contact.get(Contact.followup == f.id)
    assert (contact.kind, contact.note, contact.at) == ("callback", "fits well", at)
    assert Customer.get_by_id(c.id).last_contact_at == at
    nxt = FollowUp.get_by_id(new_id)
    assert (nxt.due_on, nxt.dedupe_key) == (D(2027, 3, 31), f"{f.dedupe_key}:satisfaction")
    assert next_step(nxt.id, "reached", D(2027, 3, 31)) is None
    with pytest.raises(FollowUpError):
        mark_done(f.id, outcome="reached", note="", now=at, staff_id=None)


def test_no_answer_offers_a_retry_on_the_next_open_day(shop):
    settings.put("followups.closure_days", ["2027-03-11"])
    c = customer()
    fid = add_manual(c.id, TODAY, "call about alteration", NOW, None)
    assert next_step(fid, "no_answer", TODAY).due_on == D(2027, 3, 12)


def test_snooze_and_skip_need_a_reason(shop):
    c = customer()
    fid = add_manual(c.id, TODAY, "call", NOW, None)
    with pytest.raises(FollowUpError) as err:
        snooze(fid, D(2027, 3, 15), "  ", TODAY, None)
    assert err.value.field == "reason"
    with pytest.raises(FollowUpError):
        skip(fid, "", NOW, None)
    assert FollowUp.get_by_id(fid).due_on == TODAY
    snooze(fid, D(2027, 3, 15), "on holiday", TODAY, None)
    f = FollowUp.get_by_id(fid)
    assert (f.due_on, f.original_due_on, f.snooze_reason) == (D(2027, 3, 15), TODAY, "on holiday")
    skip(fid, "moved abroad", NOW, None)
    assert FollowUp.get_by_id(fid).status == "skipped"
    with pytest.raises(FollowUpError) as err:
        add_manual(c.id, TODAY, "", NOW, None)
    assert err.value.field == "reason"


def test_call_list_order_overdue_due_window_and_quiet_hours(shop):
    evening = customer("Evening", contact_window_start="19:00", contact_window_end="21:00")
    anytime = customer("Anytime")
    late = customer("Late")
    add_manual(evening.id, TODAY, "due, evening only", NOW, None)
    add_manual(anytime.id, TODAY, "due, any time", NOW, None)
    add_manual(late.id, D(2027, 3, 5), "overdue", NOW, None)
    FollowUp.create(customer=anytime, kind="birthday", due_on=D(2027, 3, 14), visible_from=D(2027, 3, 7),
                    reason="Birthday 03-14", is_marketing=True, source_rule="birthday")
    items = agenda.call_list(TODAY, dt.time(10, 0))
    assert [(i.customer_name, i.group) for i in items] == [
        ("Late", "overdue"), ("Anytime", "due"), ("Evening", "due"), ("Anytime", "upcoming")]
    assert [i.callable_now for i in items] == [True, True, False, True]
    at_eight_pm = agenda.call_list(TODAY, dt.time(20, 0))
    assert [i.customer_name for i in at_eight_pm][1:3] == ["Anytime", "Evening"]
    at_ten_pm = agenda.call_list(TODAY, dt.time(22, 0))
    birthday = next(i for i in at_ten_pm if i.kind == "birthday")
    assert not birthday.callable_now  # marketing never in quiet hours (21:00-08:00)
    assert agenda.is_quiet(dt.time(7, 59), dt.time(21), dt.time(8))
    assert not agenda.is_quiet(dt.time(8, 0), dt.time(21), dt.time(8))
    assert agenda.in_window(dt.time(23, 30), "22:00", "02:00")


def test_call_list_talking_points_message_and_consent_reconfirmation(shop):
    c = customer("王丽", gender="F", hobbies="瑜伽", family="两个孩子", birth_month=3, birth_day=12,
                 created_at=dt.datetime(2024, 1, 1))
    buy(c, D(2027, 2, 1), 10_000, item="丝巾")
    generate(D(2027, 3, 1), D(2027, 3, 31), D(2027, 3, 1), NOW)
    [item] = agenda.call_list(TODAY, dt.time(10))
    assert item.group == "upcoming" and item.kind == "birthday"
    assert "Hobbies: 瑜伽" in item.talking_points and any("丝巾" in p for p in item.talking_points)
    assert item.message.startswith("王女士，祝您生日快乐")
    assert item.reconfirm_consent  # consent given 2024-01-01, over two years ago


def test_consent_withdrawn_or_do_not_contact_hides_and_retires(shop):
    c = customer(birth_month=3, birth_day=12)
    generate(D(2027, 3, 1), D(2027, 3, 31), D(2027, 3, 1), NOW)
    Customer.update(consent_sms=False).where(Customer.id == c.id).execute()
    assert agenda.call_list(TODAY, dt.time(10)) == []
    generate(D(2027, 3, 10), D(2027, 3, 31), TODAY, NOW)
    assert FollowUp.get().status == "skipped"


def test_month_counts_tell_overdue_due_done_apart(shop):
    c = customer()
    a = add_manual(c.id, D(2027, 3, 5), "a", NOW, None)
    add_manual(c.id, D(2027, 3, 5), "b", NOW, None)
    add_manual(c.id, D(2027, 3, 20), "c", NOW, None)
    mark_done(a, outcome="reached", note="", now=NOW, staff_id=None)
    counts = agenda.month_counts(D(2027, 3, 1), D(2027, 3, 31), TODAY)
    assert counts[D(2027, 3, 5)] == agenda.DayCounts(overdue=1, due=0, done=1)
    assert counts[D(2027, 3, 20)] == agenda.DayCounts(overdue=0, due=1, done=0)


def test_region_broadcast_preview_and_create(shop):
    a = customer("Kim", city="Busan", district="Haeundae", locale="ko")
    customer("Lee", city="Busan", district="Suyeong", consent=False)
    customer("Wang", city="Shanghai")
    regions = broadcast.regions()
    assert [(r.label, r.customers) for r in regions] == [
        ("Busan", 1), ("Busan Haeundae", 1), ("Shanghai", 1)]
    t = next(t for t in templates.list_templates("broadcast") if t.name == "typhoon" and t.locale == "ko")
    pv = broadcast.preview("Busan", "", t.id, "zh_Hans")
    assert pv.reach == 1 and "Busan에 태풍" in pv.sample[0] and pv.names == ("Kim",)
    assert broadcast.create("Busan", "", t.id, TODAY, NOW, None, "zh_Hans") == 1
    assert broadcast.create("Busan", "", t.id, TODAY, NOW, None, "zh_Hans") == 0
    f = FollowUp.get(FollowUp.customer == a.id)
    assert f.kind == "broadcast" and f.message.startswith("Kim 님")


def test_history_shows_what_became_of_each_run(shop):
    c = customer(birth_month=3, birth_day=12)
    d = customer("B", birth_month=3, birth_day=13)
    generate(D(2027, 3, 1), D(2027, 3, 31), D(2027, 3, 1), NOW)
    f1 = FollowUp.get(FollowUp.customer == c.id)
    mark_done(f1.id, outcome="sent", note="", now=NOW, staff_id=None)
    skip(FollowUp.get(FollowUp.customer == d.id).id, "abroad", NOW, None)
    later = generate(D(2027, 3, 1), D(2027, 3, 31), D(2027, 3, 1), dt.datetime(2027, 3, 2, 9))
    runs = history.runs()
    assert later.created == 0 and runs[0].created == 0
    assert (runs[1].created, runs[1].done, runs[1].skipped, runs[1].open) == (2, 1, 1, 0)
    assert runs[1].by_rule == {"birthday": 2}


def test_a_busy_days_agenda_pages_to_its_end_in_order_without_offset(shop, monkeypatch):
    monkeypatch.setattr(agenda, "PAGE", 7)  # pages of 7 over 23 follow-ups: 4 pages, the last short
    people = [customer(f"Person {n:02d}", contact_window_start="19:00" if n % 3 == 0 else "")
              for n in range(20)]
    for n, person in enumerate(people):
        add_manual(person.id, TODAY, f"call {n}", NOW, None)
    for person in people[:3]:  # finished ones come after every open one
        fu = add_manual(person.id, TODAY, "second call", NOW, None)
        mark_done(fu, outcome="reached", note="", now=NOW, staff_id=None, today=TODAY)
    FollowUp.create(customer=people[0], kind="manual", due_on=TODAY + dt.timedelta(days=1), reason="not today")
    ids = agenda.day_ids(TODAY, dt.time(10))
    assert len(ids) == len(set(ids)) == 23
    pages = [agenda.day_page(ids, TODAY, TODAY, dt.time(10), start) for start in range(0, 23, 7)]
    assert [len(p) for p in pages] == [7, 7, 7, 2]
    walked = [i for page in pages for i in page]
    assert [i.id for i in walked] == ids
    statuses = [i.status for i in walked]
    assert statuses == sorted(statuses, key=lambda s: s != "open")  # open first, finished last
    evening = [i.callable_now for i in walked if i.status == "open"]
    assert evening == sorted(evening, reverse=True)  # who can be called now comes first
    assert agenda.day_items(TODAY, TODAY, dt.time(10)) == pages[0]
