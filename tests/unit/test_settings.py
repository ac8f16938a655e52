import pytest

from deskcrm.services import settings


def test_defaults_then_stored_values(db):
    assert settings.get("shop.locale") == "zh_Hans"
    settings.put("shop.locale", "ko")
    assert settings.get("shop.locale") == "ko"
    assert settings.get("no.such.key", 5) == 5


def test_editable_hides_internal_state(db):
    keys = {item.key for item in settings.editable()}
    assert "shop.name" in keys
    assert "desk.staff_id" not in keys and "ui.language" not in keys


@pytest.mark.parametrize(
    ("default", "text", "expected"),
    [(True, "no", False), (5, "1,200", 1200), ([1, 2], "3, 4，5", [3, 4, 5]),
     (["a"], "x, y", ["x", "y"]), ({"a": 1}, '{"b": 2}', {"b": 2}), ("s", " t ", "t")],
)
def test_parse_by_type_of_default(default, text, expected):
    assert settings.parse(settings.SettingItem("k", default, default), text) == expected


@pytest.mark.parametrize(("default", "text"), [(True, "maybe"), (5, "five"), ([1], "a,b"), ({}, "[1]")])
def test_parse_rejects_wrong_type(default, text):
    with pytest.raises(ValueError):
        settings.parse(settings.SettingItem("k", default, default), text)


def test_lists_of_records_and_untyped_lists(db):
    events = settings.SettingItem("e", [{"date": "03-20"}], [{"date": "03-20"}])
    assert events.as_text() == '[{"date": "03-20"}]'
    assert settings.parse(events, '[{"date": "04-01", "name": "x"}]') == [{"date": "04-01", "name": "x"}]
    with pytest.raises(ValueError):
        settings.parse(events, "04-01")
    weekdays = settings.SettingItem("w", [], [])
    assert settings.parse(weekdays, "5, 6") == [5, 6]
    assert settings.parse(weekdays, "2026-12-25") == ["2026-12-25"]


def test_festival_sets_empty_means_follow_the_shop(db):
    item = next(i for i in settings.editable() if i.key == "followups.festival_sets")
    assert item.as_text() == ""
    assert settings.parse(item, "") is None
    assert settings.parse(item, "KR, WEST") == ["KR", "WEST"]
