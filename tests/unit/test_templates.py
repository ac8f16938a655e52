"""The message library: defaults, idempotent seeding, safe filling, address forms, locale fallback."""

from deskcrm.services import templates
from deskcrm.services.template_defaults import DEFAULTS
from deskcrm.store.models import MessageTemplate


def test_ensure_defaults_is_idempotent_and_keeps_edits(db):
    first = templates.ensure_defaults()
    assert first == sum(len(v) for v in DEFAULTS.values())
    t = MessageTemplate.get(MessageTemplate.kind == "birthday", MessageTemplate.locale == "en")
    templates.save_template(t.id, "Happy birthday {address}!", t.updated_at)
    assert templates.ensure_defaults() == 0
    assert templates.get_template(t.id).body == "Happy birthday {address}!"


def test_every_default_kind_has_all_four_languages():
    for key, bodies in DEFAULTS.items():
        assert set(bodies) == set(templates.LOCALES), key


def test_greetings_wish_well_and_never_advertise():
    words = ("sale", "discount", "% off", "优惠", "折", "促销", "優惠", "促銷", "할인", "세일")
    for (kind, _), bodies in DEFAULTS.items():
        if kind in ("festival", "birthday", "date", "season"):
            for body in bodies.values():
                assert not any(w in body for w in words), body


def test_fill_is_safe():
    data = {"address": "王女士", "name": "王丽", "item": None}
    assert templates.fill("{address}，{item}好吗？{unknown}", data) == "王女士，好吗？{unknown}"
    assert templates.fill("{address} {0} {a.b} {", data) == "王女士 {0} {a.b} {"
    assert templates.fill("{festival}", data, {"festival": "中秋节"}) == "中秋节"


def test_form_of_address():
    assert templates.address_for("王丽", "", "F", "zh_Hans") == "王女士"
    assert templates.address_for("欧阳明", "", "M", "zh_Hans") == "欧阳先生"
    assert templates.address_for("王丽", "", "", "zh_Hans") == "王丽"
    assert templates.address_for("김민수", "", "M", "ko") == "김민수 님"
    assert templates.address_for("Mary Lee", "", "F", "en") == "Mary Lee"
    assert templates.address_for("王丽", "丽姐", "F", "zh_Hans") == "丽姐"


def test_choose_by_customer_locale_then_shop_locale(db):
    templates.ensure_defaults()
    lib = templates.Library("zh_Hant")
    assert lib.choose("birthday", "ko").locale == "ko"
    assert lib.choose("birthday", "").locale == "zh_Hant"
    assert lib.choose("neglect", "en").kind == "miss_you"
    assert lib.choose("broadcast", "en", "cold_wave").name == "cold_wave"
    data = templates.customer_data({"name": "김민수", "locale": "ko"}, "zh_Hans")
    assert lib.message("birthday", data).startswith("김민수 님, 생일")
    assert lib.choose("manual", "en") is None
