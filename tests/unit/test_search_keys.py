"""Unit tests of deskcrm.store.search_keys (pure functions, no database)."""

from __future__ import annotations

import subprocess
import sys
import unicodedata

import pytest

from deskcrm.store.search_keys import (
    MAX_VARIANTS,
    SearchKeys,
    choseong,
    clean_name,
    han_keys,
    is_choseong_query,
    looks_like_phone_query,
    name_key,
    phone_digits,
    search_keys,
    search_text,
    sort_key,
    validate_phone,
)

# --- names -----------------------------------------------------------------


def test_clean_name_strips_and_collapses_whitespace() -> None:
    assert clean_name("  王  小明 \t") == "王 小明"
    assert clean_name("Anna\u3000\u3000Lee") == "Anna Lee"  # ideographic spaces


def test_clean_name_composes_decomposed_hangul() -> None:
    decomposed = unicodedata.normalize("NFD", "김민수")
    assert decomposed != "김민수"  # conjoining jamo
    assert len(decomposed) > 3
    assert clean_name(decomposed) == "김민수"


def test_name_key_folds_fullwidth_and_case() -> None:
    assert name_key("ＡＮＮＡ Lee") == "annalee"
    assert name_key(" 王 小明 ") == "王小明"
    assert name_key("Straße") == "strasse"


# --- pinyin ----------------------------------------------------------------


def test_han_keys_simplified() -> None:
    assert han_keys("王小明") == (["wxm"], ["wangxiaoming"])


@pytest.mark.parametrize(
    ("name", "initials", "full"),
    [
        ("陳大文", "cdw", "chendawen"),
        ("張偉", "zw", "zhangwei"),
        ("陈大文", "cdw", "chendawen"),
    ],
)
def test_han_keys_traditional_and_simplified(name: str, initials: str, full: str) -> None:
    assert han_keys(name) == ([initials], [full])


def test_surname_zeng_has_both_readings_surname_first() -> None:
    initials, full = han_keys("曾小明")
    assert full[0] == "zengxiaoming"
    assert "cengxiaoming" in full
    assert initials == ["zxm", "cxm"]


@pytest.mark.parametrize("name", ["单田芳", "單田芳"])
def test_surname_shan_dan(name: str) -> None:
    initials, full = han_keys(name)
    assert full[0] == "shantianfang"
    assert "dantianfang" in full
    assert {"stf", "dtf"} <= set(initials)


def test_surname_qiu_chou() -> None:
    initials, full = han_keys("仇英")
    assert full[0] == "qiuying"
    assert "chouying" in full
    assert set(initials) >= {"qy", "cy"}


def test_surname_piao_first() -> None:
    initials, full = han_keys("朴槿惠")
    assert full[0] == "piaojinhui"
    assert "pujinhui" in full
    assert initials == ["pjh"]  # piao/pu/po share an initial: stored once


def test_surname_zha_cha() -> None:
    _, full = han_keys("查良镛")
    assert full[:2] == ["zhaliangyong", "chaliangyong"]


@pytest.mark.parametrize("name", ["区家麟", "區家麟"])
def test_surname_ou(name: str) -> None:
    _, full = han_keys(name)
    assert full[0] == "oujialin"
    assert "qujialin" in full


@pytest.mark.parametrize(
    ("name", "surname_reading", "other"),
    [
        ("解缙", "xiejin", "jiejin"),
        ("缪斌", "miaobin", "moubin"),
        ("翟天临", "zhaitianlin", "ditianlin"),
    ],
)
def test_other_polyphonic_surnames(name: str, surname_reading: str, other: str) -> None:
    _, full = han_keys(name)
    assert full[0] == surname_reading
    assert other in full


def test_compound_surname_yuchi() -> None:
    initials, full = han_keys("尉迟恭")
    assert full[0] == "yuchigong"
    assert initials[0] == "ycg"


def test_only_first_character_is_treated_as_surname() -> None:
    # 曾 inside a given name keeps pypinyin's reading and adds no variants.
    assert han_keys("王曾") == (["wc"], ["wangceng"])


def test_mixed_latin_and_han_name() -> None:
    initials, full = han_keys("Anna 王")
    assert full == ["annawang"]
    assert initials == ["aw"]
    keys = search_keys("Anna 王", [])
    assert "wang" in keys.pinyin
    assert keys.name_key == "anna王"


def test_han_keys_empty_for_non_han_names() -> None:
    assert han_keys("Anna Lee") == ([], [])
    assert han_keys("김민수") == ([], [])


def test_variant_cap() -> None:
    _, full = han_keys("单田芳")
    assert len(full) == 3
    initials, capped = han_keys("单田芳", max_variants=2)
    assert capped == ["shantianfang", "dantianfang"]
    assert len(initials) <= 2
    assert han_keys("单田芳", max_variants=1)[1] == ["shantianfang"]


@pytest.mark.parametrize(
    "name", ["單單單單單單單單單單", "曾曾曾曾曾曾曾曾曾曾曾曾", "朴解查仇区翟缪"]
)
def test_variants_never_exceed_default_cap(name: str) -> None:
    initials, full = han_keys(name)
    assert 1 <= len(full) <= MAX_VARIANTS
    assert 1 <= len(initials) <= MAX_VARIANTS


def test_pypinyin_is_imported_lazily() -> None:
    code = (
        "import sys, deskcrm.store.search_keys as m;"
        "assert 'pypinyin' not in sys.modules;"
        "m.choseong('김'); m.phone_digits('+82 10');"
        "assert 'pypinyin' not in sys.modules;"
        "m.han_keys('王'); assert 'pypinyin' in sys.modules"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


# --- Hangul ----------------------------------------------------------------


def test_choseong() -> None:
    assert choseong("김민수") == "ㄱㅁㅅ"
    assert choseong("박 지성") == "ㅂㅈㅅ"
    assert choseong("까치") == "ㄲㅊ"
    assert choseong("힣") == "ㅎ"  # last syllable U+D7A3
    assert choseong("Kim 김 王") == "ㄱ"
    assert choseong(unicodedata.normalize("NFD", "김민수")) == "ㄱㅁㅅ"


def test_is_choseong_query() -> None:
    assert is_choseong_query("ㄱㅁㅅ")
    assert is_choseong_query("ㄱㅁ ㅅ")
    assert not is_choseong_query("김ㅁㅅ")
    assert not is_choseong_query("ㅏ")  # vowel
    assert not is_choseong_query("")
    assert not is_choseong_query("kms")


# --- phones ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "digits"),
    [
        ("１３８００１３８０００", "13800138000"),
        ("138-0013-8000", "13800138000"),
        ("+86 138 0013 8000", "13800138000"),
        ("0086 138 0013 8000", "13800138000"),
        ("8613800138000", "13800138000"),
        ("+86 10 1234 5678", "01012345678"),  # Beijing landline gets its 0
        ("+82 10-1234-5678", "01012345678"),
        ("0082 10 1234 5678", "01012345678"),
        ("+82 (0)10 1234 5678", "01012345678"),
        ("+886 912 345 678", "0912345678"),
        ("+852 9123 4567", "91234567"),
        ("010-1234-5678", "01012345678"),
        ("(02) 555-1234", "025551234"),
        ("+1 415 555 0100", "14155550100"),
        ("", ""),
        ("n/a", ""),
    ],
)
def test_phone_digits(raw: str, digits: str) -> None:
    assert phone_digits(raw) == digits


def test_validate_phone_accepts_ordinary_numbers() -> None:
    for ok in [
        "138 0013 8000",
        "+82 10-1234-5678",
        "(02) 555-1234",
        "１３８００１３８０００",
        "91234567",
    ]:
        assert validate_phone(ok) is None, ok


def test_validate_phone_messages() -> None:
    assert validate_phone("12345") == "Phone needs 6–15 digits"
    assert validate_phone("1234567890123456") == "Phone needs 6–15 digits"
    assert validate_phone("138x0013") == "Phone may only hold digits, spaces, + - ( )"
    assert validate_phone("138 0013 8000 ext 5") == "Phone may only hold digits, spaces, + - ( )"
    assert validate_phone("138+0013") == "Phone may have + only at the start"
    assert validate_phone("   ") == "Phone is empty"


def test_looks_like_phone_query() -> None:
    assert looks_like_phone_query("138")
    assert looks_like_phone_query("+86 138-0013")
    assert looks_like_phone_query("１３８")
    assert not looks_like_phone_query("13")
    assert not looks_like_phone_query("王138")
    assert not looks_like_phone_query("(02) 555")
    assert not looks_like_phone_query("")


# --- sorting ---------------------------------------------------------------


def test_sort_chinese_names_by_pinyin() -> None:
    names = ["张三", "王小明", "李四", "安娜"]
    assert sorted(names, key=sort_key) == ["安娜", "李四", "王小明", "张三"]
    # Code-point order would differ, so the key is doing the work.
    assert sorted(names) != ["安娜", "李四", "王小明", "张三"]


def test_sort_traditional_and_simplified_together() -> None:
    assert sorted(["張偉", "陳大文", "陈小红"], key=sort_key) == ["陳大文", "陈小红", "張偉"]


def test_sort_syllable_by_syllable() -> None:
    # li si < lin, as in a dictionary, though "lisi" > "lin" letter by letter.
    assert sorted(["林", "李四"], key=sort_key) == ["李四", "林"]


def test_sort_surname_by_its_surname_reading() -> None:
    # As zeng, 曾 comes after 陈 (chen); read as ceng it would come before.
    assert sorted(["张", "曾", "陈"], key=sort_key) == ["陈", "曾", "张"]


def test_sort_korean_names_ganada() -> None:
    assert sorted(["박", "김", "이", "최"], key=sort_key) == ["김", "박", "이", "최"]
    assert sorted(["최민수", "김영희", "박지성", "이순신"], key=sort_key) == [
        "김영희",
        "박지성",
        "이순신",
        "최민수",
    ]


def test_sort_mixed_scripts_latin_and_pinyin_interleave_then_hangul() -> None:
    names = ["김민수", "Zoe", "王小明", "anna", "Bob", "李四", "Émile", "さくら"]
    assert sorted(names, key=sort_key) == [
        "anna",
        "Bob",
        "Émile",
        "李四",
        "王小明",
        "Zoe",
        "김민수",
        "さくら",
    ]


def test_sort_key_is_deterministic_on_ties() -> None:
    assert sort_key("Anna") != sort_key("ANNA")
    assert sorted(["ANNA", "Anna"], key=sort_key) == sorted(["Anna", "ANNA"], key=sort_key)


# --- SearchKeys / search_text -------------------------------------------------


def test_search_keys_chinese_customer() -> None:
    keys = search_keys(" 曾  小明 ", ["+86 138 0013 8000", "13800138000", "010-1234-5678"])
    assert keys == SearchKeys(
        name_key="曾小明",
        initials="zxm cxm",
        pinyin="zengxiaoming cengxiaoming",
        choseong="",
        phone_digits="13800138000 01012345678",
        sort_key=sort_key("曾 小明"),
    )


def test_search_keys_korean_customer() -> None:
    keys = search_keys("김민수", ["+82 10-1234-5678"])
    assert keys.choseong == "ㄱㅁㅅ"
    assert keys.initials == ""
    assert keys.pinyin == ""
    assert keys.phone_digits == "01012345678"


def test_search_keys_is_frozen() -> None:
    keys = search_keys("王小明", [])
    with pytest.raises(AttributeError):
        keys.name_key = "x"  # type: ignore[misc]


def test_search_text_joins_all_keys_and_tags() -> None:
    keys = search_keys("王小明", ["138 0013 8000"])
    text = search_text(keys, ["VIP", "老客户 "])
    assert text == "王小明 wxm wangxiaoming 13800138000 vip 老客户"
    assert "  " not in text


def test_search_text_korean() -> None:
    text = search_text(search_keys("김민수", ["010-1234-5678"]))
    assert text == "김민수 ㄱㅁㅅ 01012345678"
