"""The fast ways to the search keys give exactly what pypinyin and save_customer give.

An import files 100 000 customers in seconds only because names are read per
character from caches instead of by pypinyin per name; these tests hold that the
shortcut never changes a stored key by a byte.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import itertools
import json
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st
from pypinyin import Style, lazy_pinyin
from pypinyin.constants import PHRASES_DICT

from deskcrm.services.customers import CustomerInput, save_customer
from deskcrm.services.seed import names
from deskcrm.store.models import Customer
from deskcrm.store.search_keys import _reads_per_character, _run_pinyin, phone_digits, search_keys
from tests.io_helpers import import_bytes

KEYS = ("name", "name_key", "initials", "pinyin", "choseong", "phone_digits", "phone_tail",
        "sort_key", "search_text", "completeness")
# characters of shop names, polyphonic ones, and some pypinyin reads in phrases (长, 乐, 行)
HAN = "".join(sorted(set("".join(names.HANS_GIVEN_F + names.HANS_GIVEN_M + names.HANT_GIVEN_F
                                 + names.HANT_GIVEN_M + names.HANS_SURNAMES + names.HANT_SURNAMES)
                         + "长乐行重朝曾单仇朴查音银海天中国人民华")))


def _pypinyin(run: str) -> tuple[str, ...]:
    return tuple(s.lower() for s in lazy_pinyin(run, style=Style.NORMAL))


def test_every_seeded_given_name_reads_as_pypinyin_reads_it():
    given_names = names.HANS_GIVEN_F + names.HANS_GIVEN_M + names.HANT_GIVEN_F + names.HANT_GIVEN_M
    for run in given_names:
        assert _run_pinyin(run) == _pypinyin(run), run


def test_phrases_go_to_pypinyin_whole_and_read_as_it_reads_them():
    phrases = [p for p in itertools.islice(PHRASES_DICT, 0, None, 97) if 2 <= len(p) <= 4][:300]
    assert len(phrases) > 100
    assert not any(_reads_per_character(p) for p in phrases)  # a phrase is never cut per character
    for phrase in phrases:
        assert _run_pinyin(phrase) == _pypinyin(phrase), phrase


@settings(max_examples=400, deadline=None)
@given(st.text(st.sampled_from(HAN), min_size=1, max_size=4))
def test_any_run_of_name_characters_reads_as_pypinyin_reads_it(run):
    assert _run_pinyin(run) == _pypinyin(run)


@given(st.text(st.sampled_from("0123456789０１２３ +-()٣"), max_size=16))
def test_phone_digits_of_ascii_and_other_digits(text):
    # the ASCII shortcut and the general reading agree wherever both apply
    assert phone_digits(text) == phone_digits(text.replace("0", "０")).replace("０", "0")


PEOPLE = [
    ("王小明", "13800138000", "", "VIP"), ("曾乐乐", "+86 139 1234 5678", "", ""),
    ("单于长青", "021-5555 1234", "13700001111", "老客户; 会员"), ("김민수", "010-1234-5678", "", "단골"),
    ("남궁민", "+82 10 2222 3333", "02-555-1234", ""), ("Émile Zola", "+33 1 23 45 67 89", "", ""),
    ("ＡＮＮＡ 王", "１３９８７６５４３２１", "", ""), ("陳美玲", "0912-345-678", "", "VIP"),
    ("欧阳娜娜", "00852 6123 4567", "", ""), ("朴智妍", "13500001111", "", ""),
    ("李行长", "13600001111", "", ""), ("Anna Lee", "8613900001111", "", "=risky"),
]


def test_imported_customers_carry_the_keys_save_customer_makes(db):
    lines = "name,phone,phone2,tags,city\n" + "".join(
        f"{n},{p},{p2},{t},上海\n" for n, p, p2, t in PEOPLE)
    plan, result = import_bytes(lines.encode("utf-8"))
    assert not plan.errors and result.created == len(PEOPLE)
    imported = list(Customer.select().order_by(Customer.id))
    now = dt.datetime(2025, 6, 1, 9)
    for customer, (name, phone, phone2, tags) in zip(imported, PEOPLE, strict=True):
        saved = save_customer(
            CustomerInput(name=name, phone=phone, phone2=phone2, city="上海",
                          tags=tuple(t.strip() for t in tags.split(";") if t.strip())),
            now=now, today=now.date())
        assert saved.ok, saved.errors
        typed = Customer.get_by_id(saved.customer_id)
        assert {k: getattr(customer, k) for k in KEYS} == {k: getattr(typed, k) for k in KEYS}


def test_keys_are_those_the_code_made_before_the_shortcuts():
    # made once by the per-name pypinyin code (seeded names in every script and the
    # polyphonic, compound, full-width and mixed-script names search must get right)
    golden = json.loads((Path(__file__).resolve().parents[1] / "fixtures" / "search_keys_golden.json")
                        .read_text(encoding="utf-8"))
    assert len(golden) > 500
    for expected in golden:
        keys = search_keys(expected["name"], ["+86 139 1234 5678", "010-1234-5678"])
        assert {"name": expected["name"], **dataclasses.asdict(keys)} == expected
