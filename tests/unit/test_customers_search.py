import pytest

from deskcrm.services import search as search_service
from deskcrm.services.search import search
from tests.customer_helpers import file_customer


@pytest.fixture
def shop(db):
    ids = {
        "王小明": file_customer("王小明", "13800138000", tags=("silk",)),
        "李小明": file_customer("李小明", "13911112222"),
        "张伟": file_customer("张伟", "+86 137 0000 5555"),
        "김민수": file_customer("김민수", "010-1234-8000"),
        "박지영": file_customer("박지영", "010-2222-3333"),
        "가나": file_customer("가나", ""),
        "Anna Lee": file_customer("Anna Lee", "555 0101"),
        "曾志伟": file_customer("曾志伟", "13600001111"),
    }
    return ids


def names(query, **kw):
    return [r.name for r in search(query, **kw).rows]


def test_pinyin_initials_find_the_han_name(shop):
    assert names("wxm") == ["王小明"]
    assert names("WXM") == ["王小明"]


def test_full_pinyin_prefix_and_polyphonic_surname(shop):
    assert names("wangxiao") == ["王小明"]
    assert names("zengzhi") == ["曾志伟"]
    assert names("czw") == ["曾志伟"]  # the common reading is indexed too


def test_choseong_finds_the_hangul_name(shop):
    assert names("ㄱㅁㅅ") == ["김민수"]
    assert names("ㄱㅁ") == ["김민수"]
    assert names("ㅂ") == ["박지영"]


def test_phone_tail_and_any_digits(shop):
    assert set(names("8000")) == {"김민수", "王小明"}
    assert names("0138") == ["王小明"]
    assert names("1234-8000") == ["김민수"]
    assert names("55") == ["张伟"]  # two digits: the last digits of a phone


def test_name_substring_any_script(shop):
    assert names("小明") == ["李小明", "王小明"]  # 2 chars: not a prefix, still found
    assert names("민수") == ["김민수"]
    assert names("王") == ["王小明"]
    assert names("anna") == ["Anna Lee"]
    assert names("annal") == ["Anna Lee"]
    assert names("le") == []  # two Latin letters: prefix only, not a substring scan


def test_tag_finds_its_customers(shop):
    assert names("silk") == ["王小明"]
    assert names("si") == ["王小明"]


def test_empty_query_lists_everyone_chinese_by_pinyin_korean_by_ganada(shop):
    # zeng zhi wei < zhang wei: by pinyin, not by code point (张 U+5F20 < 曾 U+66FE)
    assert names("") == ["Anna Lee", "李小明", "王小明", "曾志伟", "张伟", "가나", "김민수", "박지영"]


def test_keyset_paging_walks_every_row_once(shop):
    seen, after = [], None
    while True:
        page = search("", limit=3, after=after)
        seen += [r.name for r in page.rows]
        if page.after is None:
            break
        after = page.after
    assert seen == names("") and len(seen) == len(set(seen)) == 8


def test_page_size_is_capped(shop):
    assert search_service.PAGE_MAX == 500
    assert len(search("", limit=10_000).rows) == 8


def test_like_fallback_without_fts(shop, monkeypatch):
    monkeypatch.setattr(search_service, "_uses_fts", lambda: False)
    assert names("wxm") == ["王小明"]
    assert set(names("8000")) == {"김민수", "王小明"}
