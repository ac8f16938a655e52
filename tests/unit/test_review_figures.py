import datetime as dt

from deskcrm.services.review import figures as review
from deskcrm.store.models import ComplaintCategory, Contact, TierChange
from tests.review_helpers import TODAY, WEEK, at, buy, complaint, customer, day, followup, people


def test_empty_file_gives_zeros_not_guesses(db):
    r = review.week(WEEK, TODAY)
    assert r.week_start == WEEK and r.week_end == dt.date(2026, 3, 8)
    assert r.iso_week == "2026-W10"
    assert len(r.trend) == 9 and r.trend[0].week_start == WEEK - dt.timedelta(weeks=8)
    assert r.kpis == review.WeekKpis(WEEK)
    assert r.complaints.median_days_to_close is None and r.complaints.satisfaction is None
    assert r.sales.repeat_share is None and r.sales.top_share is None
    assert r.staff == () and r.at_risk == ()


def test_any_day_means_its_monday(db):
    assert review.week(dt.date(2026, 3, 8), TODAY).week_start == WEEK
    assert review.monday(dt.date(2026, 3, 4)) == WEEK


def test_followups_due_on_time_late_overdue_skipped(db):
    amy, bo = people()
    c = customer(owner=bo)
    followup(c, day(0), "done", at(day(0)), assigned_to=amy, done_by=amy)  # on time
    followup(c, day(1), "done", at(day(3)), assigned_to=amy, done_by=bo)  # late, done by Bo
    followup(c, day(2), "done", None, done_by=amy)  # no time recorded: on time
    followup(c, day(3), "open", assigned_to=amy)  # overdue by today
    followup(c, day(4), "skipped")  # owner Bo answers for it
    followup(c, day(6), "open")  # Sunday, overdue
    followup(c, day(7), "done", at(day(7)))  # next week: not counted
    followup(c, day(-1), "open")  # last week: overdue there
    k = review.week(WEEK, TODAY).kpis
    assert (k.followups_due, k.followups_on_time, k.followups_late) == (6, 2, 1)
    assert (k.followups_overdue, k.followups_skipped, k.followups_pending) == (2, 1, 0)
    assert k.followups_done == 3
    # seen from the Monday of the week itself, Sunday's is still pending
    k2 = review.week(WEEK, WEEK).kpis
    assert (k2.followups_overdue, k2.followups_pending) == (0, 2)


def test_followups_per_staff(db):
    amy, bo = people()
    c = customer(owner=bo)
    followup(c, day(0), "done", at(day(0)), assigned_to=amy, done_by=amy)
    followup(c, day(1), "done", at(day(3)), assigned_to=amy, done_by=bo)
    followup(c, day(3), "open", assigned_to=amy)
    followup(c, day(4), "skipped")
    followup(customer("Nobody's"), day(5), "open")
    rows = {r.name: r for r in review.week(WEEK, TODAY).staff}
    assert (rows["Amy"].due, rows["Amy"].overdue, rows["Amy"].on_time, rows["Amy"].late) == (3, 1, 1, 0)
    assert (rows["Bo"].due, rows["Bo"].skipped, rows["Bo"].on_time, rows["Bo"].late) == (1, 1, 0, 1)
    assert (rows[""].staff_id, rows[""].due, rows[""].overdue) == (None, 1, 1)
    assert list(rows) == ["Amy", "Bo", ""]  # the "nobody" row last


def test_staff_contacts_new_files_and_completeness(db):
    amy, bo = people()
    customer("a", owner=amy, completeness=80, created_by=amy, created_at=at(day(2)))
    customer("b", owner=amy, completeness=40, created_by=amy, created_at=at(day(6), 23))
    customer("c", owner=amy, completeness=60, created_by=bo, created_at=at(day(7), 0))
    c = customer("d", owner=bo, completeness=10)
    Contact.create(customer=c, at=at(day(0), 0), staff=bo)
    Contact.create(customer=c, at=at(day(6), 23), staff=bo)
    Contact.create(customer=c, at=at(day(7), 0), staff=bo)  # next week
    Contact.create(customer=c, at=at(day(3)), staff=amy)
    rows = {r.name: r for r in review.week(WEEK, TODAY).staff}
    assert (rows["Amy"].files, rows["Amy"].avg_completeness, rows["Amy"].rich_files) == (3, 60.0, 2)
    assert (rows["Bo"].files, rows["Bo"].avg_completeness, rows["Bo"].rich_files) == (1, 10.0, 0)
    assert (rows["Amy"].new_files, rows["Bo"].new_files) == (2, 0)
    assert (rows["Amy"].contacts, rows["Bo"].contacts) == (1, 2)


def test_inactive_staff_keep_their_name_only_when_they_have_figures(db):
    amy, bo = people()
    bo.active = False
    bo.save()
    assert [r.name for r in review.week(WEEK, TODAY).staff] == ["Amy"]
    customer(owner=bo)
    rows = review.week(WEEK, TODAY).staff
    assert [(r.name, r.active) for r in rows] == [("Amy", True), ("Bo", False)]


def test_nine_week_trend_buckets(db):
    c = customer(created_at=at(day(-63)))
    buy(c, day(-56), 100)  # first week of the nine
    buy(c, day(-57), 999)  # before it
    buy(c, day(-1), 300)  # last week
    buy(c, day(6), 500)
    followup(c, day(-49), "open")
    complaint(c, at(day(-7)), at(day(1)))
    t = review.trend(WEEK, TODAY)
    assert [w.revenue for w in t] == [100, 0, 0, 0, 0, 0, 0, 300, 500]
    assert [w.followups_overdue for w in t][1] == 1
    assert [w.complaints_opened for w in t][-2:] == [1, 0]
    assert [w.complaints_closed for w in t][-2:] == [0, 1]
    assert sum(w.new_customers for w in t) == 0  # filed on day -63, before the nine weeks
    assert review.week(WEEK, TODAY).previous.revenue == 300
    assert len(review.trend(WEEK, TODAY, weeks=3)) == 3


def test_trend_buyers_are_people_per_week_and_days_fall_in_their_own_week(db):
    a, b = customer("a", created_at=at(day(-63))), customer("b", created_at=at(day(-63)))
    buy(a, day(-8), 10)  # Sunday of the week before
    buy(a, day(-7), 20)  # Monday: this one is the next week's
    buy(a, day(-3), 40)
    buy(b, day(-3), 80)
    buy(b, day(-3), 160)
    buy(a, day(-56), 1)  # first Monday of the nine
    buy(b, day(-57), 2)  # the Sunday before them: not counted
    t = review.trend(WEEK, TODAY)
    assert [(w.revenue, w.purchases, w.buyers) for w in t[-3:]] == [(10, 1, 1), (300, 4, 2), (0, 0, 0)]
    assert (t[0].revenue, t[0].purchases, t[0].buyers) == (1, 1, 1)
    assert sum(w.purchases for w in t) == 6


def test_trend_weeks_already_counted_are_reused_and_the_rest_counted(db, monkeypatch):
    c = customer(created_at=at(day(-20)))
    buy(c, day(-56), 100)
    buy(c, day(-8), 300)
    buy(c, day(-1), 200)
    followup(c, day(-9), "open")
    followup(c, day(-3), "done", at(day(5)))  # late, in the week it was done
    complaint(c, at(day(-7)), at(day(1)))
    this = review.trend(WEEK, TODAY)
    before = WEEK - dt.timedelta(weeks=1)
    fresh = review.trend(before, TODAY)
    spans = []
    count = review._count_weeks
    monkeypatch.setattr(review, "_count_weeks",
                        lambda start, today, weeks: spans.append((start, weeks)) or count(start, today, weeks))
    known = {k.week_start: k for k in this}
    # a week back shares eight weeks with this one: only its first week is counted
    assert review.trend(before, TODAY, known=known) == fresh
    assert spans == [(before - dt.timedelta(weeks=8), 1)]
    assert review.week(before, TODAY, known=known).trend == fresh
    spans.clear()
    assert review.trend(WEEK, TODAY, known=known) == this and spans == []  # all known: no query
    # a gap in what is known is counted as one span, the known weeks between kept
    partial = {k.week_start: k for k in this[2:5]}
    assert review.trend(WEEK, TODAY, known=partial) == this
    assert spans == [(this[0].week_start, 9)]


def test_complaint_figures(db):
    c = customer()
    ComplaintCategory.create(code="fit", name="Fit and size")
    complaint(c, at(day(-3)), at(day(0)), satisfaction=4, compensation_value=5000, category="fit")
    complaint(c, at(day(0)), at(day(1)), satisfaction=2, category="fit")  # 1 day
    complaint(c, at(day(1)), at(day(6), 10), compensation_value=700, category="quality")  # 5 days
    complaint(c, at(day(2)), step=3, category="fit")
    complaint(c, at(day(3)), step=3)
    complaint(c, at(day(-10)), step=7, category="quality")
    complaint(c, at(day(-20)), at(day(8)), satisfaction=1)  # closed next week
    f = review.week(WEEK, TODAY).complaints
    assert (f.opened, f.closed) == (4, 3)
    assert f.median_days_to_close == 3.0  # 1, 3, 5
    assert (f.satisfaction, f.satisfaction_count) == (3.0, 2)
    assert f.compensation_total == 5700
    assert f.open_by_step == ((3, 2), (7, 1))
    assert f.by_cause == (("fit", "Fit and size", 2), ("", "", 1), ("quality", "quality", 1))
    assert ("quality", "quality", 2) in f.by_cause_trend


def test_median_of_an_even_count_is_the_mean_of_the_middle_two(db):
    c = customer()
    for days in (1, 2, 4, 10):
        complaint(c, at(day(0)) - dt.timedelta(days=days), at(day(0)))
    assert review.week(WEEK, TODAY).complaints.median_days_to_close == 3.0


def test_followup_satisfaction_counts_calls_made_this_week(db):
    c = customer()
    a = complaint(c, at(day(-20)), at(day(-14)), followup_satisfaction=5)
    b = complaint(c, at(day(-20)), at(day(-14)), followup_satisfaction=2)
    z = complaint(c, at(day(-20)), at(day(-14)), followup_satisfaction=1)
    followup(c, day(1), "done", at(day(1)), kind="complaint_followup", complaint=a)
    followup(c, day(2), "done", at(day(3)), kind="complaint_followup", complaint=b)
    followup(c, day(9), "done", at(day(9)), kind="complaint_followup", complaint=z)
    f = review.week(WEEK, TODAY).complaints
    assert (f.followup_satisfaction, f.followup_satisfaction_count) == (3.5, 2)


def test_promises_kept_broken_pending(db):
    c = customer()
    k = complaint(c, at(day(-5)))
    promise = {"kind": "complaint_promise", "complaint": k}
    followup(c, day(1), "done", at(day(1)), **promise)  # kept
    followup(c, day(2), "done", at(day(4)), **promise)  # late: broken
    followup(c, day(3), "open", **promise)  # past date, open: broken
    followup(c, day(4), "skipped", **promise)  # broken
    # snoozed from the 5th to next week and done there: judged on the 5th, broken
    followup(c, day(9), "done", at(day(9)), original_due_on=day(5), **promise)
    followup(c, day(0), "done", at(day(0)))  # not a promise
    f = review.week(WEEK, TODAY).complaints
    assert (f.promises_kept, f.promises_broken, f.promises_pending) == (1, 4, 0)
    g = review.week(WEEK, day(3)).complaints  # seen on Thursday: the open one is still pending
    assert (g.promises_kept, g.promises_broken, g.promises_pending) == (1, 3, 1)


def test_revenue_repeat_share_and_new_customers_by_source(db):
    old = customer("old", created_at=at(day(-100)))
    buy(old, day(-30), 1000)
    buy(old, day(1), 2000)
    buy(old, day(2), 500)
    fresh = customer("fresh", source="referral", created_at=at(day(1)))
    buy(fresh, day(1), 700)
    customer("walk", created_at=at(day(3)))
    customer("walk2", created_at=at(day(6)))
    s = review.week(WEEK, TODAY).sales
    assert (s.revenue, s.purchases, s.buyers, s.repeat_buyers) == (3200, 3, 2, 1)
    assert s.repeat_share == 0.5
    assert s.new_by_source == (("walk-in", 2), ("referral", 1))
    assert review.week(WEEK, TODAY).kpis.new_customers == 3


def test_top_20_percent_share_over_twelve_months(db):
    # ten customers: the top fifth (two) spend 800 of 1000
    spends = [500, 300, 50, 50, 20, 20, 20, 20, 10, 10]
    for i, amount in enumerate(spends):
        buy(customer(f"c{i}"), day(-300 + i), amount)
    buy(customer("long ago"), day(6) - dt.timedelta(days=365), 9999)  # outside the year
    buy(customer("after"), day(7), 9999)  # after the week
    s = review.week(WEEK, TODAY).sales
    assert (s.customers_12m, s.top_customers, s.revenue_12m, s.top_revenue_12m) == (10, 2, 1000, 800)
    assert s.top_share == 0.8


def test_top_fifth_ranks_what_each_customer_spent_in_all(db):
    # six purchases by one customer outweigh one big one; ranked on the sums, not the rows
    many, one = customer("many"), customer("one")
    for i in range(6):
        buy(many, day(-200 + 30 * i), 100)
    buy(one, day(-5), 500)
    for i in range(3):
        buy(customer(f"small{i}"), day(-10), 10)
    s = review.week(WEEK, TODAY).sales
    assert (s.customers_12m, s.top_customers, s.revenue_12m, s.top_revenue_12m) == (5, 1, 1130, 600)


def test_top_fifth_rounds_up(db):
    for i, amount in enumerate([60, 30, 10]):
        buy(customer(f"c{i}"), day(0), amount)
    s = review.week(WEEK, TODAY).sales
    assert (s.top_customers, s.top_share) == (1, 0.6)


def test_tier_changes_in_the_week(db):
    c = customer()
    TierChange.create(customer=c, at=at(day(0)), old_tier="regular", new_tier="silver")
    TierChange.create(customer=c, at=at(day(2)), old_tier="regular", new_tier="silver")
    TierChange.create(customer=c, at=at(day(3)), old_tier="vip", new_tier="gold")
    TierChange.create(customer=c, at=at(day(7)), old_tier="silver", new_tier="gold")
    s = review.week(WEEK, TODAY).sales
    assert s.tier_changes == (("regular", "silver", 2), ("vip", "gold", 1))
    assert (s.tier_ups, s.tier_downs) == (2, 1)


def test_late_and_skipped_count_in_the_week_they_were_done_or_skipped(db):
    amy, bo = people()
    c = customer(owner=bo)
    # due long before the week, cleared during it: the week shows the work
    followup(c, day(-40), "done", at(day(1)), done_by=amy)
    followup(c, day(-30), "skipped", at(day(2)), done_by=amy, note="moved away")
    # closed by the rules (expired), not skipped by a person: not counted
    followup(c, day(-20), "skipped", at(day(2)), outcome="expired", note="season_past")
    k = review.week(WEEK, TODAY).kpis
    assert (k.followups_late, k.followups_skipped) == (1, 1)
    before = review.week(day(-35), TODAY).kpis
    assert (before.followups_late, before.followups_skipped) == (0, 0)
    rows = {r.name: r for r in review.week(WEEK, TODAY).staff}
    assert rows["Amy"].late == 1 and rows["Bo"].skipped == 1


def test_did_it_work_returns_within_14_and_30_days_per_kind_and_staff(db):
    from deskcrm.services.review import returns as review_returns

    amy, bo = people()
    called = customer("Called")
    messaged = customer("Messaged")
    silent = customer("Silent")
    customer("Quiet")
    followup(called, day(1), "done", at(day(1)), kind="neglect", outcome="reached", done_by=amy)
    followup(messaged, day(2), "done", at(day(2)), kind="birthday", outcome="sent", done_by=bo)
    followup(silent, day(3), "done", at(day(3)), kind="neglect", outcome="no_answer", done_by=amy)
    buy(called, day(5), 50_000)  # 4 days after the call
    buy(messaged, day(2 + 20), 30_000)  # 20 days after: within 30, not 14
    buy(silent, day(4), 10_000)  # not reached: counts with the not contacted
    r = review_returns.returns(WEEK, dt.date(2026, 5, 1))
    assert (r.contacted.customers, r.contacted.bought_14, r.contacted.revenue_14) == (2, 1, 50_000)
    assert (r.contacted.bought_30, r.contacted.revenue_30) == (2, 80_000)
    kinds = {g.label: g for g in r.by_kind}
    assert (kinds["neglect"].customers, kinds["neglect"].bought_14) == (1, 1)
    assert (kinds["birthday"].bought_14, kinds["birthday"].bought_30) == (0, 1)
    staff = dict(r.by_staff)
    assert staff[amy.id].revenue_30 == 50_000 and staff[bo.id].revenue_30 == 30_000
    assert (r.not_contacted.customers, r.not_contacted.bought_14, r.not_contacted.revenue_14) == (2, 1, 10_000)
    assert r.open_windows == ()
    assert review_returns.returns(WEEK, TODAY).open_windows == (14, 30)
    assert review.week(WEEK, TODAY).returns.contacted.customers == 2
