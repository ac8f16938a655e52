"""Messages read as written by a person, in all four languages: the occasion's own name,
no reason strings, date codes or calendar tags, no ISO dates, the shop's own signature."""

import datetime as dt
import re

import pytest

from deskcrm.services import sendlist, settings, templates
from deskcrm.services.followups import generate
from deskcrm.services.followups.config import load_config
from deskcrm.services.message_fill import spoken_date
from deskcrm.store.models import FollowUp, ImportantDate, RelatedPerson
from tests.followup_helpers import customer

SHOP = "林家衣舍"
RAW = re.compile(r"\d{4}-\d{2}-\d{2}|\b\d{2}-\d{2}\b|lunar|\((KR|CN)\)|\{|\}|Birthday of|turns \d")
WEDDING = {"en": "wedding anniversary", "zh_Hans": "结婚纪念日", "zh_Hant": "結婚紀念日", "ko": "결혼기념일"}
CHILD = {"en": "Amy", "zh_Hans": "您的孩子王红", "zh_Hant": "您的孩子王紅", "ko": "자녀 김하은"}
FESTIVAL = {"en": ("christmas", "Christmas"), "zh_Hans": ("spring_festival", "春节"),
            "zh_Hant": ("spring_festival", "春節"), "ko": ("seollal", "설날")}
SIGNED = {"en": f"— {SHOP}", "zh_Hans": f"——{SHOP}", "zh_Hant": f"——{SHOP}", "ko": f"- {SHOP}"}


@pytest.fixture
def shop(db):
    templates.ensure_defaults()
    settings.put("shop.name", SHOP)


def greetings(locale: str) -> dict[str, str]:
    child = CHILD[locale].split()[-1].removeprefix("您的孩子")
    c = customer("Lee" if locale == "en" else "王丽", locale=locale, gender="F")
    kid = RelatedPerson.create(customer=c, name=child, relation="child", birth_month=12, birth_day=4)
    wedding = ImportantDate.create(customer=c, label=WEDDING[locale], month=12, day=4, year=2010,
                                   calendar="KR" if locale == "ko" else "solar")
    code, _name = FESTIVAL[locale]
    rows = {
        "birthday": ("birthday", f"birthday:{c.id}:2026", "Birthday lunar 10/23 (KR) · turns 40"),
        "wedding": ("date", f"date:{wedding.id}:KR2026", "결혼기념일 lunar 10/23 (KR) · 16 years"),
        "child": ("date", f"date:related:{kid.id}:2026", f"Birthday of child {child} 12-04"),
        "festival": ("festival", f"festival:{code}:2027:{c.id}", "圣诞节 on 2026-12-25"),
        "season": ("season", f"season:2026-12-01:{c.id}", "Season change 2026-12-01: care message"),
        "vip_event": ("vip_event", f"vip_event:2026-12-10:{c.id}", "Invite to X on 2026-12-10"),
    }
    ids = {name: FollowUp.create(customer=c, kind=kind, due_on=dt.date(2026, 12, 1), reason=reason,
                                 dedupe_key=key, is_marketing=True).id
           for name, (kind, key, reason) in rows.items()}
    by_id = {m.followup_id: m.message for m in sendlist.fill(ids.values())}
    return {name: by_id[i] for name, i in ids.items()}


@pytest.mark.parametrize("locale", ["en", "zh_Hans", "zh_Hant", "ko"])
def test_greetings_name_the_occasion_and_carry_no_raw_codes(shop, locale):
    messages = greetings(locale)
    for name, text in messages.items():
        assert text, name
        assert not RAW.search(text), (name, text)
        assert text.endswith(SIGNED[locale]), (name, text)
        assert "deskcrm" not in text
    assert WEDDING[locale] in messages["wedding"]
    assert CHILD[locale] in messages["child"]
    assert FESTIVAL[locale][1] in messages["festival"]
    assert spoken_date(dt.date(2026, 12, 10), locale) in messages["vip_event"]


def test_spoken_dates():
    day = dt.date(2026, 12, 10)
    assert [spoken_date(day, loc) for loc in ("en", "zh_Hans", "ko")] == ["10 December", "12月10日", "12월 10일"]


def test_no_shop_name_leaves_no_dangling_signature(db):
    templates.ensure_defaults()
    c = customer("王丽", locale="zh_Hans", gender="F")
    f = FollowUp.create(customer=c, kind="birthday", due_on=dt.date(2026, 12, 1), reason="r")
    [m] = sendlist.fill([f.id])
    assert m.message.endswith("平安喜乐。")


def test_festivals_only_for_the_customers_own_locale_and_in_their_language(shop):
    en, zh, ko = (customer("Lee", locale="en"), customer("王丽", locale="zh_Hans"),
                  customer("김민수", locale="ko"))
    settings.put("followups.season_days", [])
    settings.put("followups.vip_events", [])
    settings.put("followups.neglect_days", {})
    generate(dt.date(2026, 12, 20), dt.date(2027, 2, 10), dt.date(2026, 12, 20),
             dt.datetime(2026, 12, 20, 2), config=load_config())
    got = {}
    for f in FollowUp.select().where(FollowUp.kind == "festival"):
        got.setdefault(f.customer_id, set()).add(f.dedupe_key.split(":")[1])
    assert "christmas" in got[en.id] and "spring_festival" not in got[en.id]
    assert "spring_festival" in got[zh.id] and "seollal" not in got[zh.id]
    assert "seollal" in got[ko.id] and "spring_festival" not in got[ko.id]
    [ko_msg] = sendlist.fill([f.id for f in FollowUp.select().where(
        (FollowUp.customer == ko.id) & FollowUp.dedupe_key.startswith("festival:seollal"))])
    assert "설날" in ko_msg.message and "春节" not in ko_msg.message


def test_a_child_with_a_birthday_and_a_date_is_greeted_once(shop):
    c = customer("王丽", locale="zh_Hans")
    kid = RelatedPerson.create(customer=c, name="王红", relation="child", birth_month=12, birth_day=4)
    ImportantDate.create(customer=c, related=kid, label="王红生日", month=12, day=4)
    generate(dt.date(2026, 12, 1), dt.date(2026, 12, 10), dt.date(2026, 12, 1),
             dt.datetime(2026, 12, 1, 2), config=load_config())
    keys = [f.dedupe_key for f in FollowUp.select().where(FollowUp.kind == "date")]
    assert keys == [f"date:related:{kid.id}:2026"]
