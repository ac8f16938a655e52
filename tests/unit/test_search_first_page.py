"""One-character search reads each part of its match in name order from an index (m0009): the
pages must be exactly the matches in name order, and tag links must follow renames."""

from __future__ import annotations

import dataclasses
import gzip
import shutil
from pathlib import Path

import pytest

from deskcrm.services.customers import CustomerInput, input_for, save_customer, set_tags
from deskcrm.services.search import normalise_query, search
from deskcrm.store.models import Customer, CustomerTag, Tag
from tests.customer_helpers import NOW, TODAY

NAMES = ["王小明", "吴伟", "Wendy Park", "王芳", "김민수", "Kim Wu", "김지영", "汪洋", "Walter", "魏华",
         "Anna Wong", "金志", "Zoe", "王", "Wu", "温柔", "김", "Olga", "万里", "Nora"]


def _file(name: str, phone: str, tags: tuple[str, ...] = ()) -> int:
    result = save_customer(CustomerInput(name=name, phone=phone, tags=tags), now=NOW, today=TODAY)
    assert result.ok, result.errors
    return result.customer_id


def _paged(q: str, limit: int) -> list[int]:
    seen, after = [], None
    while True:
        page = search(q, limit=limit, after=after)
        seen += [r.id for r in page.rows]
        if page.after is None:
            return seen
        after = page.after


def _expected(raw: str) -> list[int]:
    """Every match of a one-character query (or two, but a Han/Hangul pair) by brute force, in name order."""
    q = normalise_query(raw)
    tagged = {cid for cid, key in CustomerTag.select(CustomerTag.customer, Tag.name_key).join(Tag).tuples()
              if key.startswith(q)}
    rows = Customer.select(Customer.id, Customer.sort_key, Customer.name_key, Customer.initials,
                           Customer.choseong, Customer.phone_tail).tuples()
    found = [(sort_key, cid) for cid, sort_key, name_key, initials, choseong, tail in rows
             if name_key.startswith(q) or initials.startswith(q) or choseong.startswith(q)
             or (q.isdigit() and tail.startswith(q[::-1])) or cid in tagged]
    return [cid for _key, cid in sorted(found)]


@pytest.mark.both_engines
def test_one_character_pages_are_every_match_in_name_order(db):
    for i, name in enumerate(NAMES * 2):  # twice: equal names are ordered by id
        tags = ("wedding",) if i % 3 == 0 else ("vip", "walk-in") if i % 3 == 1 else ()
        _file(name, f"13800{i:06d}" if i % 4 else f"010-5555-{i:03d}0", tags)
    # two characters page a tag's members as one does: `we` is every customer tagged `wedding`
    for q in ("w", "W", "王", "김", "ㄱ", "0", "5", "v", "z", "o", "x", "we", "wa", "vi", "ㄱㅁ", "00", "50"):
        expected = _expected(q)
        for limit in (1, 3, 7, 100):
            assert _paged(q, limit) == expected, (q, limit)
    assert len(_expected("w")) > 20  # the tags' pages and the initials' overlap: a real merge
    assert len(_expected("we")) > 10 and len(_expected("00")) == 2


@pytest.mark.both_engines
def test_a_renamed_customer_moves_in_their_tags_order(db):
    mary, nora, olga = (_file(n, f"1380000000{i}", ("zeta",)) for i, n in enumerate(["Mary", "Nora", "Olga"]))
    assert _paged("z", 1) == [mary, nora, olga]
    assert save_customer(dataclasses.replace(input_for(mary), name="Sally"), now=NOW, today=TODAY,
                         customer_id=mary).ok
    assert _paged("z", 1) == [nora, olga, mary]
    # a tag added to a customer filed long before starts at their place in the name order
    set_tags(nora, [])
    ada = _file("Ada", "13800000009")
    set_tags(nora, ["zeta"])
    set_tags(ada, ["zeta"])
    assert _paged("z", 1) == [ada, nora, olga, mary]


@pytest.mark.sqlite_only
def test_the_upgrade_copies_every_tagged_customers_sort_key(tmp_path):
    from deskcrm.store.db import open_store

    path = tmp_path / "old.sqlite3"
    # `deskcrm seed --customers 12` by the code of schema 3 (see test_shops_migration)
    with gzip.open(Path(__file__).parent.parent / "fixtures" / "schema3_shop.sqlite3.gz") as src, \
            path.open("wb") as out:
        shutil.copyfileobj(src, out)
    store = open_store(path)
    with store.session():
        links = store.db.execute_sql(
            "SELECT ct.sort_key, c.sort_key FROM customer_tag ct JOIN customer c ON c.id = ct.customer_id"
        ).fetchall()
        assert links and all(copied == own != "" for copied, own in links)
    store.close()


@pytest.mark.both_engines
def test_check_finds_a_dropped_copy_trigger_and_repair_mends_the_copies(db):
    from deskcrm.store.db import check_integrity
    from deskcrm.store.dialect import is_sqlite

    mary, nora, olga = (_file(n, f"1380000000{i}", ("zeta",)) for i, n in enumerate(["Mary", "Nora", "Olga"]))
    trigger = "customer_sort_key_to_tags"
    db.execute_sql(f"DROP TRIGGER {trigger}" + ("" if is_sqlite() else " ON customer"))
    assert save_customer(dataclasses.replace(input_for(mary), name="Sally"), now=NOW, today=TODAY,
                         customer_id=mary).ok
    problems = check_integrity(db).problems
    assert any("1 tag links hold an old sort key" in p for p in problems), problems
    assert any(trigger in p for p in problems), problems
    if is_sqlite():
        from deskcrm.store.schema_check import repair

        assert not repair(db).left
    else:
        from deskcrm.store.pg_check import repair

        repair(db)
    assert check_integrity(db).problems == ()
    assert _paged("z", 1) == [nora, olga, mary]
