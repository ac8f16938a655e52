import datetime as dt

from deskcrm.services.complaints import defaults
from deskcrm.services.complaints import workflow as complaints
from deskcrm.services.complaints.queries import ComplaintFilter, customer_summary, list_complaints
from deskcrm.store.models import ComplaintCategory, StandardAnswer
from tests.complaint_helpers import NOW, TODAY, make_shop, walk


def test_ensure_defaults_is_idempotent_and_keeps_manager_edits(db):
    defaults.ensure_defaults()
    counts = (ComplaintCategory.select().count(), StandardAnswer.select().count())
    assert counts == (6, 24)
    defaults.save_category("quality", "做工质量", True, "Boss")
    defaults.save_ladder_item("voucher", "代金券", 20000, "Boss")
    defaults.ensure_defaults()
    assert (ComplaintCategory.select().count(), StandardAnswer.select().count()) == counts
    assert ComplaintCategory.get(ComplaintCategory.code == "quality").name == "做工质量"
    assert {i.code: i.value for i in defaults.ladder()}["voucher"] == 20000


def test_categories_names_follow_the_shop_locale_and_qa_falls_back_to_english(db):
    defaults.ensure_defaults()
    assert {c.code: c.name for c in defaults.categories()}["fit"] == "尺码/版型"  # zh_Hans default
    assert defaults.answers("quality", "ko")[0].question.startswith("옷을")
    defaults.save_answer(None, "price", "en", "Can I pay later?", "Ask the manager.", "Boss")
    assert len(defaults.answers("price", "en")) == 2
    assert defaults.answers("price", "xx")[0].locale == "en"


def test_inactive_category_cannot_be_chosen(db):
    staff_id, customer_id = make_shop()
    defaults.save_category("price", "价格", False, "Boss")
    assert "price" not in complaints.step_context(TODAY).categories
    assert "price" in defaults.category_names()


def test_list_open_first_overdue_filter_and_keyset_pages(db):
    staff_id, customer_id = make_shop()
    ids = []
    for n in range(5):
        cid = complaints.open_complaint(customer_id=customer_id, staff_id=staff_id,
                                        now=NOW + dt.timedelta(hours=n))
        ids.append(cid)
    walk(ids[0], staff_id, 6)  # promised 2026-05-15
    walk(ids[1], staff_id, 9)
    complaints.record_followup_call(ids[1], 5, staff_id=staff_id, now=NOW)
    rows = list_complaints(ComplaintFilter(), TODAY)
    assert [r.id for r in rows] == [ids[4], ids[3], ids[2], ids[0], ids[1]]  # closed last
    first = list_complaints(ComplaintFilter(), TODAY, limit=2)
    rest = list_complaints(ComplaintFilter(), TODAY, after=first[-1].cursor, limit=10)
    assert [r.id for r in first + rest] == [r.id for r in rows]
    later = dt.date(2026, 5, 16)
    overdue = list_complaints(ComplaintFilter(overdue_only=True), later)
    assert [(r.id, r.promise_overdue) for r in overdue] == [(ids[0], True)]
    assert list_complaints(ComplaintFilter(overdue_only=True), TODAY) == []
    assert [r.id for r in list_complaints(ComplaintFilter(step=7), TODAY)] == [ids[0]]
    assert [r.id for r in list_complaints(ComplaintFilter(category="quality", open_only=True), TODAY)] == [ids[0]]
    assert list_complaints(ComplaintFilter(staff_id=staff_id + 99), TODAY) == []
    summary = customer_summary(customer_id, exclude_complaint=ids[4])
    assert (summary.tier, summary.complaint_count, summary.purchases[0].item) == ("gold", 4, "羽绒服 A-102")
